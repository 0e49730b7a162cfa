#!/usr/bin/env bash
# Run every test: unit (cmocka), integration and compat (against the real control plane, built
# and cached outside the repo on first use), faults. Twice: a normal -Werror build and an
# AddressSanitizer + UndefinedBehaviorSanitizer build.
#   scripts/test.sh            everything
#   KC_TEST_LABEL=unit scripts/test.sh   one label only (unit, integration, compat, faults)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=${KC_JOBS:-2}
scripts/install-deps.sh
tests/cluster/build.sh >/dev/null

run_suite() {
	local dir=$1
	shift
	cmake -S . -B "$dir" -DKC_WERROR=ON "$@" >/dev/null
	cmake --build "$dir" -j"$jobs" >/dev/null
	local args=(--test-dir "$dir" --output-on-failure -j"$jobs")
	[ -n "${KC_TEST_LABEL:-}" ] && args+=(-L "$KC_TEST_LABEL")
	ctest "${args[@]}"
}

echo "== normal build (build/)"
run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== sanitizer build (build-asan/)"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	run_suite build-asan -DKC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
echo "== libedit build (build-libedit/): kubec shell without GNU readline"
cmake -S . -B build-libedit -DKC_WERROR=ON -DKC_SHELL_LIBEDIT=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build build-libedit -j"$jobs" --target kubec >/dev/null
if ldd build-libedit/kubec | grep -q libreadline || ! ldd build-libedit/kubec | grep -q libedit; then
	echo "FAIL: the libedit build does not link libedit alone" >&2
	exit 1
fi
got=$(printf 'version --client\n' | KUBECONFIG=/nonexistent build-libedit/kubec shell 2>&1)
if [ "$got" != "Client Version: $(build-libedit/kubec version --client | sed 's/^Client Version: //')" ]; then
	echo "FAIL: kubec shell (libedit): $got" >&2
	exit 1
fi
echo "libedit build: ok"
echo "== all tests passed"
