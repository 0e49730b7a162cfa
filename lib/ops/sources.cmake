list(APPEND KUBE_SOURCES lib/ops/builder.c lib/ops/get.c)
