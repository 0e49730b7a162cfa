# shellcheck shell=bash
# Shared set-up of the bench/ scripts. Source it with the kubec binary as $1 (default
# build/kubec). It sets:
#   top  the repository          tmp  a scratch directory, removed at exit
#   K    kubec, run under the name kubectl (like an installed drop-in)
# uses the cluster named by KUBECONFIG and KUBECTL (tests/cluster/cluster.sh's exports), or
# starts one and stops it at exit. A script adds its own clean-up to bench_cleanup_hooks.
# bench_medians FILE prints the median of each hyperfine result in FILE, in ms, one per line.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kubec=${1:-$top/build/kubec}
command -v hyperfine >/dev/null || "$top/scripts/install-deps.sh"
bench_started=
bench_cleanup_hooks=()
tmp=$(mktemp -d)
bench_cleanup() {
	local h
	for h in "${bench_cleanup_hooks[@]}"; do "$h" || true; done
	if [ -n "$bench_started" ]; then
		"$top/tests/cluster/cluster.sh" down >/dev/null 2>&1 || true
	fi
	rm -rf "$tmp"
}
trap bench_cleanup EXIT
if [ -z "${KUBECONFIG:-}" ] || [ -z "${KUBECTL:-}" ]; then
	KUBEC_CLUSTER_DIR=$(mktemp -d)
	export KUBEC_CLUSTER_DIR
	eval "$("$top/tests/cluster/cluster.sh" up)"
	bench_started=1
fi
mkdir "$tmp/bin"
ln -s "$(cd "$(dirname "$kubec")" && pwd)/$(basename "$kubec")" "$tmp/bin/kubectl"
K=$tmp/bin/kubectl

bench_medians() {
	python3 - "$1" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%.2f" % (r["median"] * 1000))
PY
}
