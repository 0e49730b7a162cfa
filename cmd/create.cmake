# The `create <kind>` subcommands (registered in cmd/create.c's create_sub[]).
list(APPEND KC_SOURCES cmd/create-gen.c cmd/create-configmap.c cmd/create-deployment.c
  cmd/create-namespace.c cmd/create-secret.c cmd/create-service.c)
