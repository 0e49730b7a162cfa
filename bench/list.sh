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
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
count=${KC_BENCH_OBJECTS:-10000}
ns=kc-bench-list-$$
drop_namespace() { "$KUBECTL" delete namespace "$ns" --wait=false >/dev/null 2>&1; }
bench_cleanup_hooks+=(drop_namespace)

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
	{ read -r a; read -r b; } < <(bench_medians "$tmp/h.json")
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
