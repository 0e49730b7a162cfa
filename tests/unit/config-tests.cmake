kc_unit_test(test_config)
kc_unit_test(test_config_write)
kc_unit_test(test_config_exec)
kc_unit_test(test_kuberc)
