kc_unit_test(test_websocket)
kc_unit_test(test_stream)
