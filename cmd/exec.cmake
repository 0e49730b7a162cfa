# Shared by the streaming commands (exec, attach, logs, port-forward; run -i can use it too).
list(APPEND KC_SOURCES cmd/stream-conn.c)
