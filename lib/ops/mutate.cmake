# Imperative commands: expose, scale, patch, delete, label/annotate, edit, run, create <kind>.
list(APPEND KUBE_SOURCES lib/ops/mutate.c lib/ops/mutate-kyaml.c lib/ops/generate.c
  lib/ops/generate-tls.c)
