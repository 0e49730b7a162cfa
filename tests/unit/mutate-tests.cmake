# Imperative commands: printers, patches, label/delete checks, and the generated objects.
kc_unit_test(test_mutate)
kc_unit_test(test_generate)
