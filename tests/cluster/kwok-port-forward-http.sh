#!/bin/sh
# kwok's ClusterPortForward command for ports 80 and 8080 of every fake pod (see cluster.sh):
# speaks just enough HTTP/1.1 on stdin/stdout to answer one request, so that
# `kubectl port-forward pod/X 8080:80` followed by a request to 127.0.0.1:8080 gets a reply.
# Nothing leaves the host: kwok runs this script itself for each forwarded connection.
# Other ports get `cat`, an echo.
set -u
cr=$(printf '\r')
IFS= read -r _request_line || exit 0
while IFS= read -r line; do
	[ "$line" = "$cr" ] || [ -z "$line" ] && break
done
body='kubec fake pod: hello from kwok port-forward'
printf 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s\n' \
	$((${#body} + 1)) "$body"
