# shellcheck shell=bash
# Shared by the completion tests: a private namespace with a few configmaps, an isolated name
# cache, and kubec on PATH under its own name.
#   . lib.sh KUBEC   (after tests/cluster/env.sh)

cmp_fail=0
cmp_check() { # cmp_check WHAT EXPECTED-SUBSTRING ACTUAL
	if [[ $3 == *"$2"* ]]; then
		printf 'ok   %s\n' "$1"
	else
		printf 'FAIL %s: expected %q in:\n%s\n' "$1" "$2" "$3" >&2
		cmp_fail=1
	fi
}
cmp_lacks() { # cmp_lacks WHAT UNEXPECTED-SUBSTRING ACTUAL
	if [[ $3 != *"$2"* ]]; then
		printf 'ok   %s\n' "$1"
	else
		printf 'FAIL %s: did not expect %q in:\n%s\n' "$1" "$2" "$3" >&2
		cmp_fail=1
	fi
}

cmp_setup() { # cmp_setup KUBEC
	cmp_tmp=$(mktemp -d)
	mkdir -p "$cmp_tmp/bin"
	ln -s "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" "$cmp_tmp/bin/kubec"
	export PATH="$cmp_tmp/bin:$PATH" XDG_CACHE_HOME="$cmp_tmp/cache" HOME="$cmp_tmp"
	cmp_ns="kc-complete-$$-$RANDOM"
	"$KUBECTL" create namespace "$cmp_ns" >/dev/null
	"$KUBECTL" -n "$cmp_ns" create configmap alpha-one --from-literal=a=1 >/dev/null
	"$KUBECTL" -n "$cmp_ns" create configmap alpha-two --from-literal=a=2 >/dev/null
	"$KUBECTL" -n "$cmp_ns" create configmap beta --from-literal=b=1 >/dev/null
	trap cmp_teardown EXIT
}

cmp_teardown() {
	"$KUBECTL" delete namespace "$cmp_ns" --wait=false >/dev/null 2>&1 || true
	rm -rf "$cmp_tmp"
}
