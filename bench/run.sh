#!/usr/bin/env bash
# kubec vs the oracle kubectl, side by side in one hyperfine run per command, on the local real
# cluster. Prints ratios (kubectl time / kubec time, kubectl RSS / kubec RSS), not absolutes.
#   bench/run.sh [KUBEC]        (KUBECONFIG and KUBECTL from tests/cluster/cluster.sh)
# With no cluster environment, it starts one and stops it at the end.
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

cases=(
	"version --client"
	"config current-context"
	"get --raw /version"
	"get svc kubernetes"
	"get pods -A"
	"get nodes -o json"
)
# warm both discovery caches first
"$KUBECTL" get pods -A >/dev/null 2>&1 || true
"$K" get pods -A >/dev/null 2>&1 || true

rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
printf '%-28s %12s %12s %10s %12s\n' command "kubectl ms" "kubec ms" "speed x" "RSS ratio"
for c in "${cases[@]}"; do
	# shellcheck disable=SC2086
	hyperfine -N -w 3 -m 20 --export-json "$tmp/h.json" "$KUBECTL $c" "$K $c" >/dev/null 2>&1
	{ read -r a; read -r b; } < <(bench_medians "$tmp/h.json")
	# shellcheck disable=SC2086
	ra=$(rss "$KUBECTL" $c); rb=$(rss "$K" $c)
	awk -v c="$c" -v a="$a" -v b="$b" -v ra="$ra" -v rb="$rb" \
		'BEGIN { printf "%-28s %12.2f %12.2f %10.1f %12.1f\n", c, a, b, a / b, ra / rb }'
done
