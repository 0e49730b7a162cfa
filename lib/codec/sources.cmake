list(APPEND KUBE_SOURCES lib/codec/yaml.c lib/codec/yaml-resolve.c lib/codec/kyaml.c)
