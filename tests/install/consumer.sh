#!/usr/bin/env bash
# libkube as an installed library: `cmake --install` into a fresh prefix, then the example
# program examples/kube-names.c built outside the project twice, with pkg-config and with
# CMake's find_package(Kube), and run against the shared cluster: its output must equal
# `kubectl get TYPE -o name`. Also checks that kubec, its man pages and completion files
# are installed.
#   consumer.sh BUILD_DIR [EXTRA_CFLAGS]   (EXTRA_CFLAGS: the sanitizer flags of a sanitized build)
set -euo pipefail
build=$1
cflags=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck disable=SC1091
. "$here/../cluster/env.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
fail=0
for f in bin/kubec include/kube/kube.h share/man/man1/kubec.1 share/man/man1/kubec-get.1 \
	share/bash-completion/completions/kubec; do
	[ -e "$prefix/$f" ] || { echo "FAIL: $f not installed"; fail=1; }
done
pcdir=$(dirname "$(find "$prefix" -name libkube.pc | head -1)")
libdir=$(dirname "$(find "$prefix" -name 'libkube.so' | head -1)")
# shellcheck disable=SC2046,SC2086
cc $cflags -o "$tmp/kn-pc" "$top/examples/kube-names.c" \
	$(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs libkube)
cmake -S "$top/examples" -B "$tmp/ex" -DCMAKE_PREFIX_PATH="$prefix" \
	-DCMAKE_C_FLAGS="$cflags" >/dev/null
cmake --build "$tmp/ex" >/dev/null
for spec in "kube-system svc" "- nodes" "kube-system deploy" "- namespaces"; do
	ns=${spec% *} type=${spec#* }
	if [ "$ns" = - ]; then args=("$type"); else args=(-n "$ns" "$type"); fi
	want=$(kubectl get "${args[@]}" -o name)
	for prog in "$tmp/kn-pc" "$tmp/ex/kube-names"; do
		got=$(LD_LIBRARY_PATH=$libdir "$prog" "${args[@]}" 2>&1) || true
		if [ "$got" != "$want" ]; then
			echo "FAIL: ${prog##*/} ${args[*]}"
			diff <(echo "$want") <(echo "$got") || true
			fail=1
		fi
	done
done
[ $fail = 0 ] && echo "ok: installed libkube builds and runs with pkg-config and find_package"
exit $fail
