list(APPEND KUBE_SOURCES
  lib/printer/gofmt.c
  lib/printer/tabwriter.c
  lib/printer/jsonpath.c
  lib/printer/customcols.c
  lib/printer/template.c)
