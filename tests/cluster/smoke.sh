#!/usr/bin/env bash
# ctest `cluster.smoke`: checks the acceptance list of the test cluster with the oracle kubectl.
#   smoke.sh [ENV_FILE]     (or KC_CLUSTER_ENV=ENV_FILE smoke.sh)
# Works in its own namespace (kubec-smoke) so it can run beside other tests on the shared
# cluster; it only ever connects to 127.0.0.1 (the apiserver, and kubectl port-forward's
# local port).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=env.sh
. "$here/env.sh" "${1:-}"

NS=kubec-smoke
work=$(mktemp -d)
pf_pid=
cleanup() {
	[ -z "$pf_pid" ] || kill "$pf_pid" 2> /dev/null || true
	"$KUBECTL" delete namespace "$NS" --ignore-not-found --wait=false > /dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

failures=0
ok() { printf 'ok   - %s\n' "$*"; }
bad() {
	printf 'FAIL - %s\n' "$*"
	failures=$((failures + 1))
}
# check WHAT CMD...: one assertion
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
k() { "$KUBECTL" --request-timeout=20s "$@"; }
indent() { sed 's/^/     /'; }

# ---- nodes and version
nodes_ready() {
	local out
	out=$(k get nodes -o 'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}')
	printf '%s\n' "$out" | indent
	[ "$(echo "$out" | grep -c '=True$')" = 2 ] && [ "$(echo "$out" | grep -c .)" = 2 ]
}
check "two nodes, both Ready" nodes_ready

server_version() {
	local v
	v=$(k version -o json)
	echo "$v" | python3 -c '
import json, sys
v = json.load(sys.stdin)
print("     client", v["clientVersion"]["gitVersion"], "server", v["serverVersion"]["gitVersion"])
sys.exit(0 if v["serverVersion"]["gitVersion"] == "v1.37.2" and
         v["clientVersion"]["gitVersion"] == "v1.37.2" else 1)'
}
check "kubectl version: client and server v1.37.2" server_version

# ---- the Services tutorial's Deployment, in a namespace of our own
k delete namespace "$NS" --ignore-not-found --wait=true --timeout=60s > /dev/null
k create namespace "$NS" > /dev/null
# The seed's Deployment (the Services tutorial's run-my-nginx.yaml: 2 replicas, run=my-nginx)
k -n "$NS" apply -f "$here/../compat/fixtures/run-my-nginx.yaml" > /dev/null

running_with_ips() {
	local out
	out=$(k -n "$NS" get pods -l run=my-nginx \
		-o 'jsonpath={range .items[*]}{.metadata.name} {.status.phase} {.status.podIP}{"\n"}{end}')
	[ "$(echo "$out" | awk '$2 == "Running" && $3 ~ /^[0-9]+\./' | wc -l)" = 2 ] &&
		[ "$(echo "$out" | grep -c .)" = 2 ]
}
if kc_wait_for 60 "2 Running my-nginx pods" running_with_ips; then
	k -n "$NS" get pods -l run=my-nginx -o wide | indent
	ok "my-nginx: 2 pods Running with pod IPs"
else
	k -n "$NS" get pods -o wide || true
	bad "my-nginx: 2 pods Running with pod IPs"
fi

k -n "$NS" expose deployment/my-nginx > /dev/null
ready_endpoints() {
	k -n "$NS" get endpointslices -l kubernetes.io/service-name=my-nginx -o json |
		python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
n = sum(1 for s in items for e in s.get("endpoints") or []
        if (e.get("conditions") or {}).get("ready"))
sys.exit(0 if n == 2 else 1)'
}
if kc_wait_for 30 "an EndpointSlice with 2 ready endpoints" ready_endpoints; then
	k -n "$NS" get endpointslices -l kubernetes.io/service-name=my-nginx | indent
	ok "expose: EndpointSlice with 2 ready endpoints within 30 s"
else
	k -n "$NS" get endpointslices -o yaml || true
	bad "expose: EndpointSlice with 2 ready endpoints within 30 s"
fi

# ---- exec, logs, port-forward through kwok
pod=$(k -n "$NS" get pods -l run=my-nginx -o 'jsonpath={.items[0].metadata.name}')
exec_printenv() {
	local out
	out=$(timeout 30 "$KUBECTL" -n "$NS" exec "$pod" -- printenv) || return 1
	printf '%s\n' "$out" | indent
	echo "$out" | grep -q '^KUBERNETES_SERVICE_HOST='
}
check "exec $pod -- printenv" exec_printenv
exec_echo() { [ "$(timeout 30 "$KUBECTL" -n "$NS" exec "$pod" -- echo hello world)" = "hello world" ]; }
check "exec $pod -- echo hello world" exec_echo
# kwok v0.8.0 does not pass the exit code on: kubectl reports an internal error that names the
# status and exits 1 (a real kubelet makes kubectl exit 3).
exec_exit3() {
	local rc=0
	timeout 30 "$KUBECTL" -n "$NS" exec "$pod" -- sh -c 'exit 3' 2> "$work/exit3.err" || rc=$?
	indent < "$work/exit3.err"
	[ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q 'exit status 3' "$work/exit3.err"
}
check "exec $pod -- sh -c 'exit 3' fails" exec_exit3
logs() {
	local out
	out=$(k -n "$NS" logs "$pod") || return 1
	echo "$out" | head -n 3 | indent
	echo "$out" | grep -q 'log line 1'
}
check "logs $pod" logs

port_forward() {
	local port i
	timeout 30 "$KUBECTL" -n "$NS" port-forward --address 127.0.0.1 "pod/$pod" :80 \
		> "$work/pf.out" 2>&1 &
	pf_pid=$!
	for ((i = 0; i < 100; i++)); do
		port=$(sed -n 's/^Forwarding from 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$work/pf.out")
		[ -n "$port" ] && break
		sleep 0.1
	done
	[ -n "$port" ] || { cat "$work/pf.out"; return 1; }
	local body
	body=$(curl -s --noproxy '*' --max-time 10 "http://127.0.0.1:$port/") || return 1
	kill "$pf_pid" 2> /dev/null || true
	wait "$pf_pid" 2> /dev/null || true
	pf_pid=
	echo "     $body"
	[ "$body" = "kubec fake pod: hello from kwok port-forward" ]
}
check "port-forward pod/$pod :80 answers on 127.0.0.1" port_forward

# ---- the four users
whoami_is() {
	local ctx=$1 want=$2 got
	got=$(k --context "$ctx" auth whoami -o 'jsonpath={.status.userInfo.username}') || return 1
	echo "     context $ctx: $got"
	[ "$got" = "$want" ]
}
check "context admin authenticates as kubec-admin" whoami_is admin kubec-admin
check "context token authenticates as kubec-token" whoami_is token kubec-token
check "context exec authenticates as kubec-exec" whoami_is exec kubec-exec
check "context readonly authenticates as kubec-readonly" whoami_is readonly kubec-readonly
check "readonly may list pods in $KUBEC_CLUSTER_RO_NAMESPACE" \
	k --context readonly -n "$KUBEC_CLUSTER_RO_NAMESPACE" get pods -o name
forbidden() {
	local rc=0
	k --context readonly -n "$KUBEC_CLUSTER_RO_NAMESPACE" create configmap smoke \
		--from-literal=a=b > /dev/null 2> "$work/forbidden.err" || rc=$?
	indent < "$work/forbidden.err"
	[ $rc -ne 0 ] && grep -q 'is forbidden: User "kubec-readonly" cannot create' "$work/forbidden.err"
}
check "readonly gets Forbidden on a write" forbidden
write_ok() {
	k --context token -n "$NS" create configmap smoke-token --from-literal=a=b > /dev/null &&
		k --context exec -n "$NS" delete configmap smoke-token > /dev/null
}
check "token and exec users may write" write_ok

if [ $failures -ne 0 ]; then
	echo "$failures check(s) failed; component logs: $KUBEC_CLUSTER_DIR/logs"
	exit 1
fi
echo "all checks passed"
