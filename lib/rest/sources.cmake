list(APPEND KUBE_SOURCES lib/rest/curl-dl.c lib/rest/lean.c lib/rest/lean-tls.c lib/rest/client.c lib/rest/discovery.c)
