# Shell completion support: resource type lists and the object name cache.
list(APPEND KUBE_SOURCES lib/ops/complete.c)
