# Imperative commands: expose, scale, patch, delete, label/annotate, edit, run, create <kind>.
list(APPEND KUBE_SOURCES lib/ops/mutate.c lib/ops/mutate-kyaml.c lib/ops/generate.c
  lib/ops/generate-tls.c lib/ops/expose.c lib/ops/scale.c lib/ops/patch.c lib/ops/delete.c
  lib/ops/label.c lib/ops/run.c lib/ops/edit.c)
