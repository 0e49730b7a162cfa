kc_unit_test(test_buf)
kc_unit_test(test_obj)
kc_unit_test(test_err)
kc_unit_test(test_kyaml)
