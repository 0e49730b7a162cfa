#!/bin/sh
# A client-go exec credential plugin for the `exec` context of tests/cluster/cluster.sh.
# Prints a client.authentication.k8s.io/v1 ExecCredential whose token is read from the file
# named by $KUBEC_EXEC_TOKEN_FILE (the apiserver's --token-auth-file knows it as user
# kubec-exec). Set KUBEC_EXEC_EXPIRY_SECONDS to add an expirationTimestamp that far ahead.
set -eu
file=${KUBEC_EXEC_TOKEN_FILE:?KUBEC_EXEC_TOKEN_FILE is not set}
token=$(cat "$file")
case $token in
'' | *[!0-9a-f]*)
	echo "exec-credential.sh: $file does not hold a hex token" >&2
	exit 1
	;;
esac
expiry=
if [ -n "${KUBEC_EXEC_EXPIRY_SECONDS:-}" ]; then
	expiry=$(date -u -d "@$(($(date +%s) + KUBEC_EXEC_EXPIRY_SECONDS))" +%Y-%m-%dT%H:%M:%SZ)
	expiry=", \"expirationTimestamp\": \"$expiry\""
fi
printf '{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential", '
printf '"status": {"token": "%s"%s}}\n' "$token" "$expiry"
