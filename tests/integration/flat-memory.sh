#!/usr/bin/env bash
# `kubec get` reads lists page by page and prints them as they arrive: peak memory must not grow
# with the length of the list. 2000 ConfigMaps (~0.5 MB of JSON each 100 objects) against 200,
# with 100-object pages: the peak RSS of -o json, -o yaml, -o name and the table must stay
# within 25% (a program that held the whole list would need several times more). The output
# must also equal the oracle's.
set -euo pipefail
kubec=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1091
. "$here/../cluster/env.sh"
# In the sanitizer build, AddressSanitizer's quarantine holds freed memory back (256 MB by
# default), which would make any program's peak grow with the work done: measure without it.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
ns=kc-flat-$$
work=$(mktemp -d)
trap 'kubectl delete ns "$ns" --wait=false >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
kubectl create ns "$ns" >/dev/null
python3 - "$ns" > "$work/big.json" <<'PY'
import json, sys
ns = sys.argv[1]
items = [{"apiVersion": "v1", "kind": "ConfigMap",
          "metadata": {"name": "cm-%05d" % i, "namespace": ns,
                       "labels": {"app": "big", "small": "yes" if i < 200 else "no"}},
          "data": {"k": "v" * 4000, "n": str(i)}} for i in range(2000)]
print(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}))
PY
kubectl create -f "$work/big.json" >/dev/null
fail=0
for o in "-o json" "-o yaml" "-o name" ""; do
	# shellcheck disable=SC2086
	small=$(/usr/bin/time -f %M "$kubec" get cm -n "$ns" -l small=yes --chunk-size=100 $o 2>&1 >/dev/null | tail -1)
	# shellcheck disable=SC2086
	big=$(/usr/bin/time -f %M "$kubec" get cm -n "$ns" --chunk-size=100 $o 2>&1 >/dev/null | tail -1)
	echo "get cm ${o:-(table)}: 200 objects ${small} KB, 2000 objects ${big} KB"
	if [ "$big" -gt $((small * 125 / 100 + 2048)) ]; then
		echo "FAIL: peak memory grows with the list (${o:-table})"
		fail=1
	fi
done
# shellcheck disable=SC2086
for o in "-o json" "-o yaml"; do
	if ! cmp -s <(kubectl get cm -n "$ns" $o) <("$kubec" get cm -n "$ns" $o); then
		echo "FAIL: $o output differs from kubectl's"
		fail=1
	fi
done
exit $fail
