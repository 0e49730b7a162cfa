# create -f / apply -f: strategic merge patches, manifests, printers.
kc_unit_test(test_strategicpatch)
kc_unit_test(test_manifest)
kc_unit_test(test_apply)
