#!/usr/bin/env bash
# Listing 10,000 objects, kubec vs the oracle kubectl, side by side in one hyperfine run per
# output format: `get cm -n NS` as a table, -o name, -o json and -o yaml. ConfigMaps are the
# cheapest objects to create; each carries ~200 bytes of data. Prints the speed ratio (kubectl
# median / kubec median) and both peak RSS values. Goals (issue 4): every format at least 5x
# faster, kubec's peak RSS under 32 MiB in all four. Exit status 1 when a goal is missed.
#   bench/list.sh [KUBEC]      (KUBECONFIG and KUBECTL from tests/cluster/cluster.sh)
#   KC_BENCH_OBJECTS=N         another count (default 10000)
# With no cluster environment, it starts one and stops it at the end. The namespace is deleted
# at the end.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kubec=${1:-$top/build/kubec}
count=${KC_BENCH_OBJECTS:-10000}
command -v hyperfine >/dev/null || "$top/scripts/install-deps.sh"
started=
if [ -z "${KUBECONFIG:-}" ] || [ -z "${KUBECTL:-}" ]; then
	KUBEC_CLUSTER_DIR=$(mktemp -d)
	export KUBEC_CLUSTER_DIR
	eval "$("$top/tests/cluster/cluster.sh" up)"
	started=1
fi
tmp=$(mktemp -d)
ns=kc-bench-list-$$
cleanup() {
	"$KUBECTL" delete namespace "$ns" --wait=false >/dev/null 2>&1 || true
	[ -n "$started" ] && "$top/tests/cluster/cluster.sh" down >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
mkdir "$tmp/bin"
ln -s "$(cd "$(dirname "$kubec")" && pwd)/$(basename "$kubec")" "$tmp/bin/kubectl"
K=$tmp/bin/kubectl

"$KUBECTL" create namespace "$ns" >/dev/null
# four creators at a time, each with a List of count/4 ConfigMaps
step=$(((count + 3) / 4))
for ((from = 0; from < count; from += step)); do
	to=$((from + step > count ? count : from + step))
	python3 - "$from" "$to" >"$tmp/cm-$from.json" <<'PY'
import json, sys
a, b = int(sys.argv[1]), int(sys.argv[2])
items = [{"apiVersion": "v1", "kind": "ConfigMap",
          "metadata": {"name": "bench-%05d" % i, "labels": {"app": "kc-bench"}},
          "data": {"key": "v" * 200, "n": str(i)}} for i in range(a, b)]
print(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}))
PY
	"$KUBECTL" -n "$ns" create -f "$tmp/cm-$from.json" >/dev/null &
done
wait
"$KUBECTL" get cm -n "$ns" >/dev/null 2>&1 || true
"$K" get cm -n "$ns" >/dev/null 2>&1 || true

rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
status=0
printf '%-10s %12s %12s %9s %14s %12s\n' output "kubectl ms" "kubec ms" "speed x" "kubectl RSS" "kubec RSS"
for o in table name json yaml; do
	args="get cm -n $ns"
	[ "$o" != table ] && args="$args -o $o"
	# shellcheck disable=SC2086
	hyperfine -N -w 1 -r 5 --export-json "$tmp/h.json" "$KUBECTL $args" "$K $args" >/dev/null 2>&1
	read -r a b < <(python3 - "$tmp/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(r[0]["median"] * 1000, r[1]["median"] * 1000)
PY
)
	# shellcheck disable=SC2086
	ra=$(rss "$KUBECTL" $args); rb=$(rss "$K" $args)
	awk -v o="$o" -v a="$a" -v b="$b" -v ra="$ra" -v rb="$rb" \
		'BEGIN { printf "%-10s %12.1f %12.1f %9.1f %11.1f MiB %9.1f MiB\n", o, a, b, a / b, ra / 1024, rb / 1024 }'
	if ! awk -v a="$a" -v b="$b" -v rb="$rb" 'BEGIN { exit !(a / b >= 5 && rb < 32 * 1024) }'; then
		echo "goal missed: $o"
		status=1
	fi
done
exit $status
