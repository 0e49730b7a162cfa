list(APPEND KUBE_SOURCES
  lib/printer/gofmt.c
  lib/printer/tabwriter.c
  lib/printer/jsonpath.c)
