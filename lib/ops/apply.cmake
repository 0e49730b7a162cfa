# kubectl create -f / apply -f: manifests, OpenAPI v3 patch metadata, strategic merge patches.
list(APPEND KUBE_SOURCES lib/ops/manifest.c lib/ops/strategicpatch.c)
