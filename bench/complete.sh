#!/usr/bin/env bash
# Completion of pod names, kubec vs the oracle kubectl, with 100 and with 10,000 pods in a
# namespace of its own: `PROG __complete -n NS get pods ''` is what a TAB after
# "PROG -n NS get pods " runs. Both run under the name kubectl. kubec is measured on a warm
# name cache (its normal state while typing: the cache lives 10 s; here
# KUBEC_COMPLETE_TTL=3600 so that hyperfine's runs all see the same state) and, for reference,
# cold (KUBEC_COMPLETE_TTL=0: a metadata-only LIST on every TAB). Goal: warm kubec at least 20x faster than kubectl, under 10 ms median.
#   bench/complete.sh [KUBEC]      (KUBECONFIG and KUBECTL from tests/cluster/cluster.sh)
# With no cluster environment, it starts one and stops it at the end. The pods carry a
# scheduling gate: they are never scheduled, so they cost the cluster nothing but storage.
# The namespace is deleted at the end. Exit status 1 when a goal is missed.
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
counts=${KC_BENCH_COUNTS:-100 10000}
ns=kc-bench-complete-$$
drop_namespace() { "$KUBECTL" delete namespace "$ns" --wait=false >/dev/null 2>&1; }
bench_cleanup_hooks+=(drop_namespace)
export XDG_CACHE_HOME=$tmp/cache

"$KUBECTL" create namespace "$ns" >/dev/null
for _ in $(seq 100); do
	"$KUBECTL" -n "$ns" get serviceaccount default >/dev/null 2>&1 && break
	sleep 0.2
done

# pods(FROM, TO): a List of gated pods bench-FROM .. bench-TO-1
pods() {
	python3 - "$1" "$2" <<'PY'
import json, sys
a, b = int(sys.argv[1]), int(sys.argv[2])
items = [{"apiVersion": "v1", "kind": "Pod",
          "metadata": {"name": "bench-%05d" % i, "labels": {"app": "kc-bench"}},
          "spec": {"schedulingGates": [{"name": "kubec.bench/never"}],
                   "containers": [{"name": "c", "image": "registry.invalid/none:0"}]}}
         for i in range(a, b)]
print(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}))
PY
}
# grow the namespace to N pods, four creators at a time
have=0
grow() {
	local want=$1 step from to
	step=$(((want - have + 3) / 4))
	for ((from = have; from < want; from += step)); do
		to=$((from + step > want ? want : from + step))
		pods "$from" "$to" >"$tmp/pods-$from.json"
		"$KUBECTL" -n "$ns" create -f "$tmp/pods-$from.json" >/dev/null &
	done
	wait
	have=$want
}

status=0
printf '%-8s %14s %14s %14s %10s\n' pods "kubectl ms" "kubec warm ms" "kubec cold ms" "speed x"
for n in $counts; do
	grow "$n"
	got=$("$KUBECTL" -n "$ns" get pods --no-headers 2>/dev/null | wc -l)
	[ "$got" -eq "$n" ] || { echo "expected $n pods, found $got" >&2; exit 1; }
	cmd="__complete -n $ns get pods ''"
	# both answers must be the same list before timing anything
	diff <(eval "$KUBECTL $cmd" 2>/dev/null) <(eval "$K $cmd" 2>/dev/null) >/dev/null ||
		{ echo "kubec and kubectl disagree on the $n names" >&2; exit 1; }
	KUBEC_COMPLETE_TTL=3600 hyperfine -N -w 3 -m 20 --export-json "$tmp/warm.json" \
		"$KUBECTL $cmd" "$K $cmd" >/dev/null 2>&1
	KUBEC_COMPLETE_TTL=0 hyperfine -N -w 1 -m 10 --export-json "$tmp/cold.json" \
		"$K $cmd" >/dev/null 2>&1
	{ read -r a; read -r b; } < <(bench_medians "$tmp/warm.json")
	c=$(bench_medians "$tmp/cold.json")
	awk -v n="$n" -v a="$a" -v b="$b" -v c="$c" \
		'BEGIN { printf "%-8s %14.2f %14.2f %14.2f %10.1f\n", n, a, b, c, a / b }'
	if ! awk -v a="$a" -v b="$b" 'BEGIN { exit !(a / b >= 20 && b < 10) }'; then
		echo "goal missed for $n pods: want >= 20x and < 10 ms" >&2
		status=1
	fi
done
exit $status
