#!/usr/bin/env bash
# get -w sees ADDED/MODIFIED/DELETED events as kubectl prints them. The oracle watches one
# namespace and kubec a twin one while the same changes are made in both; the outputs must be
# equal once the namespace names are. Formats: table with --output-watch-events, -o name,
# and -o jsonpath.
set -euo pipefail
kubec=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1091
. "$here/../cluster/env.sh"
a=kc-wa-$$ b=kc-wb-$$
work=$(mktemp -d)
trap 'kubectl delete ns "$a" "$b" --wait=false >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
kubectl create ns "$a" >/dev/null
kubectl create ns "$b" >/dev/null
ln -s "$kubec" "$work/kubectl"
fail=0
mutate() {
	local ns=$1
	kubectl -n "$ns" create configmap w1 --from-literal=k=v >/dev/null
	kubectl -n "$ns" patch configmap w1 -p '{"data":{"k":"v2"}}' >/dev/null
	kubectl -n "$ns" delete configmap w1 --wait=false >/dev/null
}
for fmt in "--output-watch-events" "-o name" "-o jsonpath={.metadata.name}{\"\\n\"}"; do
	kubectl -n "$a" create configmap seed --from-literal=x=y >/dev/null 2>&1 || true
	kubectl -n "$b" create configmap seed --from-literal=x=y >/dev/null 2>&1 || true
	# shellcheck disable=SC2086
	kubectl get cm -n "$a" -w --request-timeout=4s $fmt > "$work/a.out" 2>&1 &
	pa=$!
	# shellcheck disable=SC2086
	"$work/kubectl" get cm -n "$b" -w --request-timeout=4s $fmt > "$work/b.out" 2>&1 &
	pb=$!
	sleep 1.5
	mutate "$a" & mutate "$b" & wait %3 %4 2>/dev/null || true
	wait $pa || true
	wait $pb || true
	sed -e "s/$a/NS/g" -e 's/ [0-9smhd]*$/ AGE/' "$work/a.out" > "$work/a.n"
	sed -e "s/$b/NS/g" -e 's/ [0-9smhd]*$/ AGE/' "$work/b.out" > "$work/b.n"
	if ! diff -u "$work/a.n" "$work/b.n"; then
		echo "FAIL: get -w $fmt differs"
		fail=1
	elif ! grep -q w1 "$work/a.n"; then
		echo "FAIL: no event seen for $fmt"; cat "$work/a.out"
		fail=1
	else
		echo "ok get -w $fmt ($(wc -l < "$work/a.n") lines)"
	fi
done
# Each event reaches a pipe at once: the first line must arrive long before the watch ends
# (6 s), not when the process exits and its stdio buffer is flushed.
kubectl -n "$b" create configmap live --from-literal=x=y >/dev/null 2>&1 || true
t0=$(date +%s%N)
line=$(timeout 20 "$work/kubectl" get cm live -n "$b" -w -o name --request-timeout=6s |
	{ IFS= read -r l; echo "$l $(date +%s%N)"; cat >/dev/null; })
read -r name t1 <<<"$line"
ms=$(((t1 - t0) / 1000000))
if [ "$name" != configmap/live ] || [ "$ms" -gt 3000 ]; then
	echo "FAIL: get -w into a pipe: first line \"$name\" after $ms ms"
	fail=1
else
	echo "ok get -w into a pipe: first line after $ms ms"
fi
exit $fail
