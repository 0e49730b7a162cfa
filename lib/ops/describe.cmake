# kubectl describe: describers and the command's object selection.
list(APPEND KUBE_SOURCES lib/ops/describe.c lib/ops/describe-util.c lib/ops/describe-quantity.c
  lib/ops/describe-core.c lib/ops/describe-pod.c lib/ops/describe-apps.c
  lib/ops/describe-generic.c lib/ops/describe-extra.c)
