# Streaming subresources: exec, attach, logs, port-forward (issue 8). The raw upgraded
# connection lives with the REST layer (lib/rest/upgrade.c) but is listed here with its users.
list(APPEND KUBE_SOURCES lib/rest/upgrade.c lib/ops/websocket.c lib/ops/stream-ws.c
  lib/ops/stream-term.c lib/ops/stream.c lib/ops/stream-pod.c
  lib/ops/stream-exec.c lib/ops/logs.c lib/ops/stream-spdy.c lib/ops/portforward.c
  lib/ops/stream-run.c)
