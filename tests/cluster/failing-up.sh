#!/usr/bin/env bash
# A component that cannot start makes `cluster.sh up` fail loudly (non-zero, with the tail of
# that component's log), never hang, and leave no process behind; `down` afterwards cleans up.
# The cached binaries are used through a copy of the cache in which kube-apiserver reports
# the right version but dies at start.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
real=$("$here/build.sh")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/cache"
for f in "$real"/*; do ln -s "$f" "$tmp/cache/${f##*/}"; done
rm "$tmp/cache/kube-apiserver"
cat > "$tmp/cache/kube-apiserver" <<'SH'
#!/bin/sh
[ "$1" = --version ] && { echo "Kubernetes v1.37.2"; exit 0; }
echo "E1127 00:00:00.000000 1 server.go:1] kubec test: injected start failure" >&2
exit 1
SH
chmod +x "$tmp/cache/kube-apiserver"
state=$tmp/state
rc=0
start=$SECONDS
KUBEC_CLUSTER_CACHE=$tmp/cache KUBEC_CLUSTER_DIR=$state KUBEC_CLUSTER_TIMEOUT=30 \
	timeout 120 "$here/cluster.sh" up > "$tmp/out" 2> "$tmp/err" || rc=$?
fail=0
if [ $rc = 0 ] || [ $rc = 124 ]; then
	echo "FAIL: up exited $rc (want a failure, not success or a hang)"; fail=1
fi
if ! grep -q "injected start failure" "$tmp/err"; then
	echo "FAIL: up did not show the failing component's log"; cat "$tmp/err"; fail=1
fi
if pgrep -f "$state" > /dev/null; then
	echo "FAIL: processes left behind:"; pgrep -af "$state"; fail=1
fi
KUBEC_CLUSTER_CACHE=$tmp/cache KUBEC_CLUSTER_DIR=$state "$here/cluster.sh" down > /dev/null 2>&1 || true
if [ -e "$state" ] || pgrep -f "$state" > /dev/null; then
	echo "FAIL: down left the state directory or processes"; fail=1
fi
[ $fail = 0 ] && echo "ok: up failed in $((SECONDS - start)) s with exit $rc and the component's log; nothing left running"
exit $fail
