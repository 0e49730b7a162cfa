#!/usr/bin/env bash
# kubec vs the oracle kubectl, side by side in one hyperfine run per command, on the local real
# cluster. Prints ratios (kubectl time / kubec time, kubectl RSS / kubec RSS), not absolutes.
#   bench/run.sh [KUBEC]        (KUBECONFIG and KUBECTL from tests/cluster/cluster.sh)
# With no cluster environment, it starts one and stops it at the end.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kubec=${1:-$top/build/kubec}
command -v hyperfine >/dev/null || "$top/scripts/install-deps.sh"
started=
if [ -z "${KUBECONFIG:-}" ] || [ -z "${KUBECTL:-}" ]; then
	export KUBEC_CLUSTER_DIR=$(mktemp -d)
	eval "$("$top/tests/cluster/cluster.sh" up)"
	started=1
fi
cleanup() { [ -n "$started" ] && "$top/tests/cluster/cluster.sh" down >/dev/null 2>&1 || true; rm -rf "$tmp"; }
tmp=$(mktemp -d)
trap cleanup EXIT
# kubec runs under the name kubectl, like an installed drop-in
ln -s "$kubec" "$tmp/kubectl"
K=$tmp/kubectl

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
	read -r a b < <(python3 - "$tmp/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(r[0]["median"] * 1000, r[1]["median"] * 1000)
PY
)
	# shellcheck disable=SC2086
	ra=$(rss "$KUBECTL" $c); rb=$(rss "$K" $c)
	awk -v c="$c" -v a="$a" -v b="$b" -v ra="$ra" -v rb="$rb" \
		'BEGIN { printf "%-28s %12.2f %12.2f %10.1f %12.1f\n", c, a, b, a / b, ra / rb }'
done
