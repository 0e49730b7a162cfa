kc_unit_test(test_tabwriter)
kc_unit_test(test_jsonpath)
kc_unit_test(test_customcols)
kc_unit_test(test_template)
