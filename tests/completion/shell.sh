#!/usr/bin/env bash
# kubec shell, typed into through tmux (send-keys, capture-pane) on the shared test cluster:
#   - the seed tutorial's get commands typed at the prompt print what `kubec CMD` prints;
#   - the prompt shows the context and namespace, `namespace` and `use-context` switch them;
#   - TAB completes; `!cmd` runs a shell command; `cmd | pipeline` pipes;
#   - Ctrl-C stops a running watch and the shell lives on; Ctrl-D leaves; history is saved;
#   - a command repeated in the shell is at least 3x faster than as separate processes.
# Needs the objects of tests/compat/seed.sh (ctest fixture compat_seed).
#   shell.sh KUBEC
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../cluster/env.sh" || exit 1
. "$here/lib.sh"
cmp_setup "$1"
command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 1; }

T=(tmux -L "kc-shell-$$" -f /dev/null)
out=$cmp_tmp/out
mkdir -p "$out"
trap '"${T[@]}" kill-server 2>/dev/null; cmp_teardown' EXIT
"${T[@]}" new-session -d -s s -x 220 -y 50 \
	"env HOME=$cmp_tmp PATH=$PATH KUBECONFIG=$KUBECONFIG XDG_CACHE_HOME=$XDG_CACHE_HOME \
KUBEC_HISTFILE=$cmp_tmp/history kubec shell; echo SHELL-EXITED; sleep 30"

screen() { "${T[@]}" capture-pane -p -t s; }
wait_for() { # wait_for TEXT [SECONDS]
	local i
	for ((i = 0; i < ${2:-10} * 10; i++)); do
		[[ $(screen) == *"$1"* ]] && return 0
		sleep 0.1
	done
	printf 'timed out waiting for %q; screen:\n%s\n' "$1" "$(screen)" >&2
	return 1
}
n=0
# type LINE: type a line and wait for the next prompt (a marker file written by !touch)
type_line() {
	n=$((n + 1))
	"${T[@]}" send-keys -t s -l -- "$1"
	"${T[@]}" send-keys -t s Enter
	"${T[@]}" send-keys -t s -l "!touch $out/done.$n"
	"${T[@]}" send-keys -t s Enter
	local i
	for ((i = 0; i < 300; i++)); do
		[ -e "$out/done.$n" ] && return 0
		sleep 0.05
	done
	echo "FAIL: no prompt after: $1" >&2
	cmp_fail=1
	return 1
}

wait_for "kubec admin:default>" || exit 1
cmp_check "prompt shows context and namespace" "kubec admin:default>" "$(screen)"

# the tutorial's commands: same output at the prompt as one by one
# (node heartbeats and resource versions move on between the two runs; ages too)
norm() {
	sed -E -e 's/\b[0-9]+(s|m|h|d)([0-9]+(s|m|h))?\b/AGE/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' \
		-e 's/("?resourceVersion"?: ?)"[0-9]+"/\1RV/g' "$1"
}
i=0
while IFS= read -r line; do
	i=$((i + 1))
	type_line "$line | cat > $out/shell.$i"
	eval "kubec $line" >"$out/direct.$i" 2>/dev/null
	if diff <(norm "$out/shell.$i") <(norm "$out/direct.$i") >"$out/diff.$i"; then
		echo "ok   same output: $line"
	else
		echo "FAIL same output: $line" >&2
		cat "$out/diff.$i" >&2
		cmp_fail=1
	fi
done < <(sed -n '/^--- cmd/,/^--- /p' "$here/../compat/cases/get/seed-tutorial.case" |
	grep -v -e '^---' -e '^#' -e '^$')
[ "$i" -ge 10 ] || { echo "FAIL: only $i tutorial commands" >&2; cmp_fail=1; }

# namespace and context switching
type_line "namespace $cmp_ns"
cmp_check "namespace switch in the prompt" "kubec admin:$cmp_ns>" "$(screen)"
type_line "get configmaps -o name | sort > $out/cms"
cmp_check "commands use the shell's namespace" "configmap/alpha-one" "$(cat "$out/cms")"
type_line "use-context token"
cmp_check "use-context in the prompt" "kubec token:default>" "$(screen)"
type_line "config current-context | cat > $out/cc"
cmp_check "the kubeconfig is not changed" "admin" "$(cat "$out/cc")"
type_line "--context readonly get ns | cat > $out/ro 2>&1"
type_line "get ns kube-system -o name | cat > $out/after"
cmp_check "a line with --context leaves the shell's client alone" "namespace/kube-system" \
	"$(cat "$out/after")"
type_line "use-context admin"
type_line "namespace $cmp_ns"

# completion at the prompt
"${T[@]}" send-keys -t s -l "get configmaps alpha-o"
"${T[@]}" send-keys -t s Tab
wait_for "get configmaps alpha-one" 5
cmp_check "TAB completes names" "get configmaps alpha-one" "$(screen)"
"${T[@]}" send-keys -t s C-u

# Ctrl-C stops a watch, the shell goes on
"${T[@]}" send-keys -t s -l "get configmaps -w"
"${T[@]}" send-keys -t s Enter
wait_for "alpha-two" 10
"${T[@]}" send-keys -t s C-c
type_line "get configmaps beta -o name | cat > $out/alive"
cmp_check "Ctrl-C stops the request, not the shell" "configmap/beta" \
	"$(cat "$out/alive" 2>/dev/null)"
# Ctrl-C at the prompt drops the line
"${T[@]}" send-keys -t s -l "get nothing-to-see"
"${T[@]}" send-keys -t s C-c
type_line "!echo still-here > $out/still"
cmp_check "Ctrl-C at the prompt" "still-here" "$(cat "$out/still" 2>/dev/null)"

# Ctrl-D leaves, history is kept
"${T[@]}" send-keys -t s C-d
wait_for "SHELL-EXITED" 5
cmp_check "Ctrl-D leaves" "SHELL-EXITED" "$(screen)"
cmp_check "history saved" "namespace $cmp_ns" "$(cat "$cmp_tmp/history" 2>/dev/null)"

# speed: the same command 20 times, in the shell (one connection) and as 20 processes
cmd="-n $cmp_ns get configmaps"
t0=$(date +%s%N)
for _ in $(seq 20); do echo "$cmd"; done | kubec shell >"$out/speed.shell" 2>&1
t1=$(date +%s%N)
for _ in $(seq 20); do eval "kubec $cmd"; done >"$out/speed.direct" 2>&1
t2=$(date +%s%N)
if ! diff <(norm "$out/speed.shell") <(norm "$out/speed.direct") >/dev/null; then
	echo "FAIL: outputs differ" >&2
	cmp_fail=1
fi
shell_ms=$(((t1 - t0) / 1000000)) direct_ms=$(((t2 - t1) / 1000000))
echo "20 commands: shell ${shell_ms} ms, separate processes ${direct_ms} ms"
if ((direct_ms >= 3 * shell_ms)); then
	echo "ok   the shell is at least 3x faster"
else
	echo "FAIL the shell is not 3x faster" >&2
	cmp_fail=1
fi
exit $cmp_fail
