set(KC_SOURCES cmd/main.c cmd/opt.c cmd/report.c cmd/client.c cmd/commands.c
  cmd/api.c cmd/config.c cmd/get.c cmd/version.c)
