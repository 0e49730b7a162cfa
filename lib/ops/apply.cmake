# kubectl create -f / apply -f: manifests, OpenAPI v3 patch metadata, strategic merge patches.
list(APPEND KUBE_SOURCES lib/ops/manifest.c lib/ops/strategicpatch.c lib/ops/apply.c
  lib/ops/apply-visit.c lib/ops/apply-openapi.c lib/ops/apply-util.c lib/ops/apply-print.c)
