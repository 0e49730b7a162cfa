list(APPEND KUBE_SOURCES lib/config/kubeconfig.c lib/config/view.c lib/config/write.c
  lib/config/exec.c lib/config/client-opts.c lib/config/kuberc.c
  lib/config/impersonate.c)
