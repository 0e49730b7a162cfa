#!/usr/bin/env bash
# port-forward on the shared cluster (kwok's ClusterPortForward: ports 80 and 8080 answer one
# HTTP request, every other port runs `cat`, all on this host; tests/cluster/README.md):
#
#   * kubectl's lines: "Forwarding from 127.0.0.1:P -> R", "Handling connection for P";
#   * 10 MiB each way through `cat` on two connections at once, checksums equal, nothing mixed;
#   * the HTTP helper on port 80 through a Service's named targetPort;
#   * SIGINT stops forwarding with exit 0;
#   * logs -f of two pods side by side (the parallel reader) sees a line appended to the log.
# Listens on 127.0.0.1 only (--address); nothing is sent to pod or Service IPs.
#
#   portforward.sh KUBEC
set -euo pipefail
kubec=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1091
. "$here/../cluster/env.sh"
ns=kc-stream-pf-$$
work=$(mktemp -d)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2> /dev/null || true
	done
	kubectl delete ns "$ns" --wait=false > /dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
fail=0

kubectl create ns "$ns" > /dev/null
kc_wait_for 30 "serviceaccount/default in $ns" kubectl -n "$ns" get serviceaccount default
kubectl apply -f - > /dev/null <<EOF
apiVersion: v1
kind: Pod
metadata: {name: target, namespace: $ns, labels: {app: pf}}
spec:
  containers:
  - name: main
    image: busybox
    ports:
    - {name: http, containerPort: 80}
---
apiVersion: v1
kind: Pod
metadata: {name: second, namespace: $ns, labels: {app: pf}}
spec:
  containers:
  - name: main
    image: busybox
    ports:
    - {name: http, containerPort: 80}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: $ns}
spec:
  selector: {app: pf}
  ports:
  - {name: web, port: 8088, targetPort: http}
EOF
kubectl -n "$ns" wait --for=condition=Ready pod/target pod/second --timeout=60s > /dev/null

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait until FILE holds LINE
wait_line() {
	local i
	for i in $(seq 1 100); do
		grep -qxF -- "$2" "$1" && return 0
		sleep 0.1
	done
	echo "FAIL: '$2' not in $1:" >&2
	sed 's/^/  | /' "$1" >&2
	fail=1
	return 1
}

# ---- two concurrent 10 MiB echoes through cat ----
p=$(free_port)
"$kubec" port-forward -n "$ns" target --address 127.0.0.1 "$p:9000" > "$work/pf.out" 2> "$work/pf.err" &
pf=$!
pids+=("$pf")
wait_line "$work/pf.out" "Forwarding from 127.0.0.1:$p -> 9000" || true
python3 - "$p" <<'PY' || fail=1
import hashlib, os, socket, sys, threading
port, size = int(sys.argv[1]), 10 << 20
res = {}

def run(i):
    # each connection sends its own random data and must get exactly that back
    data = os.urandom(size)
    s = socket.create_connection(("127.0.0.1", port))
    got = bytearray()

    def reader():
        while True:
            d = s.recv(1 << 16)
            if not d:
                break
            got.extend(d)

    t = threading.Thread(target=reader)
    t.start()
    view = memoryview(data)
    for off in range(0, size, 1 << 16):
        s.sendall(view[off:off + (1 << 16)])
    s.shutdown(socket.SHUT_WR)
    t.join(120)
    s.close()
    res[i] = (hashlib.sha256(data).hexdigest(), hashlib.sha256(bytes(got)).hexdigest(), len(got))

ts = [threading.Thread(target=run, args=(i,)) for i in range(2)]
[t.start() for t in ts]
[t.join(180) for t in ts]
bad = 0
for i in range(2):
    sent, got, n = res.get(i, ("-", "?", 0))
    print("connection %d: %d bytes back, %s" % (i, n, "intact" if sent == got else "DIFFERENT"))
    bad |= sent != got
sys.exit(1 if bad else 0)
PY
if [ "$fail" != 0 ]; then
	echo "port-forward's output:" >&2
	cat "$work/pf.out" "$work/pf.err" >&2
fi
n=$(grep -cxF "Handling connection for $p" "$work/pf.out" || true)
if [ "$n" != 2 ]; then
	echo "FAIL: $n 'Handling connection for $p' lines, want 2" >&2
	fail=1
fi
kill -INT "$pf"
rc=0
wait "$pf" || rc=$?
if [ "$rc" != 0 ] || [ -s "$work/pf.err" ]; then
	echo "FAIL: port-forward after SIGINT: exit $rc, stderr:" >&2
	cat "$work/pf.err" >&2
	fail=1
fi

# ---- a Service's named port to the HTTP helper, a random local port ----
"$kubec" port-forward -n "$ns" svc/web --address 127.0.0.1 :web > "$work/svc.out" 2> "$work/svc.err" &
pf=$!
pids+=("$pf")
for _ in $(seq 1 100); do
	grep -q '^Forwarding from 127.0.0.1:[0-9]* -> 80$' "$work/svc.out" && break
	sleep 0.1
done
lp=$(sed -n 's/^Forwarding from 127.0.0.1:\([0-9]*\) -> 80$/\1/p' "$work/svc.out")
if [ -z "$lp" ]; then
	echo "FAIL: no Forwarding line for svc/web:" >&2
	cat "$work/svc.out" "$work/svc.err" >&2
	fail=1
else
	body=$(curl -s --max-time 10 "http://127.0.0.1:$lp/")
	if [ "$body" != "kubec fake pod: hello from kwok port-forward" ]; then
		echo "FAIL: HTTP through svc/web gave '$body'" >&2
		fail=1
	fi
fi
kill -INT "$pf" 2> /dev/null || true
wait "$pf" || true

# ---- logs -f of two pods, side by side ----
"$kubec" logs -n "$ns" -l app=pf -f --prefix --tail=0 > "$work/logs.out" 2> "$work/logs.err" &
lg=$!
pids+=("$lg")
sleep 2
line="kubec stream test $$ $(date +%s%N)"
printf '%s stdout F %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" "$line" >> "$KUBEC_CLUSTER_POD_LOG"
for _ in $(seq 1 50); do
	[ "$(grep -cF -- "$line" "$work/logs.out" || true)" = 2 ] && break
	sleep 0.2
done
kill "$lg" 2> /dev/null || true
wait "$lg" 2> /dev/null || true
for pod in target second; do
	if ! grep -qxF -- "[pod/$pod/main] $line" "$work/logs.out"; then
		echo "FAIL: logs -f -l did not show the new line of $pod:" >&2
		cat "$work/logs.out" "$work/logs.err" >&2
		fail=1
	fi
done

[ "$fail" = 0 ] && echo "stream port-forward: ok"
exit "$fail"
