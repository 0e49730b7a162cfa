kc_unit_test(test_complete)
