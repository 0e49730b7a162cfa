#!/usr/bin/env bash
# Interactive sessions driven through tmux (send-keys, capture-pane) against the scripted
# server tests/stream/wsserver.py, whose pty-* pods run a real shell in a pseudo-terminal:
#
#   exec -it:            the remote prompt appears, typed input reaches the shell, the window
#                        size and a resize of the tmux window reach the remote side (stty
#                        size), Ctrl-D ends the session (exit 0), a remote exit code is passed
#                        on ("command terminated with exit code 5", exit 5)
#   run -it --rm:        the same, then kubectl's "Session ended" hint and the pod deletion
#   SIGTERM while raw:   exit 1
# and after each one the terminal is exactly as before (`stty -g`, `stty -a` apart from the
# window size line).
#
#   interactive.sh PROGRAM      (kubec, or the oracle kubectl to check the expectations)
set -euo pipefail

prog=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
sock=
n=0
srv=
fail=0

cleanup() {
	[ -z "$sock" ] || tmux -L "$sock" kill-server 2> /dev/null || true
	if [ -n "$srv" ]; then
		kill "$srv" 2> /dev/null || true
		wait "$srv" 2> /dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

# kubec runs through a symlink named kubectl, so messages that name the program match
mkdir "$tmp/bin"
ln -s "$prog" "$tmp/bin/kubectl"

python3 "$here/wsserver.py" --log "$tmp/server.log" > "$tmp/url" &
srv=$!
for _ in $(seq 1 50); do
	[ -s "$tmp/url" ] && break
	sleep 0.1
done
url=$(awk '{print $2}' "$tmp/url")
cat > "$tmp/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: $url
users:
- name: u
  user: {}
contexts:
- name: fake
  context: {cluster: fake, user: u, namespace: default}
current-context: fake
EOF

t() { tmux -L "$sock" "$@"; }
screen() { t capture-pane -p -J -t kc -S -100; }

# wait_for TEXT [SECONDS]: until the pane shows TEXT
wait_for() {
	local i
	for i in $(seq 1 $((${2:-10} * 10))); do
		if screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.1
	done
	echo "FAIL: '$1' did not appear; the screen:" >&2
	screen | sed -e '/^$/d' -e 's/^/  | /' >&2
	fail=1
	return 1
}

# start a fresh shell in a 100x30 window, with a tmux server of its own
session() {
	[ -z "$sock" ] || t kill-server 2> /dev/null || true
	n=$((n + 1))
	sock="kubec-stream-$$-$n"
	t -f /dev/null new-session -d -s kc -x 100 -y 30 \
		"env -i PATH=$tmp/bin:/usr/bin:/bin HOME=$tmp TERM=xterm KUBECONFIG=$tmp/kubeconfig bash --norc --noprofile"
	t set-option -g window-size manual
	t send-keys -t kc "PS1='loc''al\$ '; stty -g > $tmp/before.g; stty -a | tail -n +2 > $tmp/before.a; clear" Enter
	wait_for 'local$'
}

# after: the terminal is as it was (raw mode left, every setting restored)
terminal_restored() {
	t send-keys -t kc "stty -g > $tmp/after.g; stty -a | tail -n +2 > $tmp/after.a; echo SAV''ED" Enter
	wait_for SAVED || return 0
	if ! cmp -s "$tmp/before.g" "$tmp/after.g" || ! cmp -s "$tmp/before.a" "$tmp/after.a"; then
		echo "FAIL ($1): terminal settings changed:" >&2
		diff "$tmp/before.a" "$tmp/after.a" >&2 || true
		fail=1
	fi
}

# ---- exec -it: prompt, input, size, resize, Ctrl-D ----
session
t send-keys -t kc "kubectl exec -it pty-shell -- sh; echo EXIT=\$?" Enter
wait_for 'remote$' || true
t send-keys -t kc 'echo typed-$((6*7))' Enter
wait_for 'typed-42' || true
t send-keys -t kc 'stty size' Enter
wait_for '30 100' || true
t resize-window -t kc -x 120 -y 40
t send-keys -t kc 'stty size' Enter
wait_for '40 120' || true
t send-keys -t kc C-d
wait_for 'EXIT=0' || true
terminal_restored "exec -it"
grep -q "resize 120x40" "$tmp/server.log" || { echo "FAIL: no resize message" >&2; fail=1; }

# ---- exec -it: the remote exit code ----
session
t send-keys -t kc "kubectl exec -it pty-shell -- sh; echo EXIT=\$?" Enter
wait_for 'remote$' || true
t send-keys -t kc 'exit 5' Enter
wait_for 'command terminated with exit code 5' || true
wait_for 'EXIT=5' || true
terminal_restored "exec -it exit 5"

# ---- a signal while the terminal is raw: restored, exit 1 ----
session
t send-keys -t kc "kubectl exec -it pty-shell -- sh; echo EXIT=\$?" Enter
wait_for 'remote$' || true
pane=$(t display-message -p -t kc '#{pane_pid}')
child=$(pgrep -P "$pane" | head -n1 || true)
if [ -n "$child" ]; then
	kill -TERM "$child"
	wait_for 'EXIT=1' || true
else
	echo "FAIL: no client process under the pane" >&2
	fail=1
fi
terminal_restored "SIGTERM"

# ---- run -it --rm: attach to the new pod, then delete it ----
session
t send-keys -t kc "kubectl run rt -it --rm --restart=Never --image=busybox -- sh; echo EXIT=\$?" Enter
wait_for "If you don't see a command prompt, try pressing enter." || true
t send-keys -t kc Enter
wait_for 'remote$' || true
t send-keys -t kc 'echo typed-$((6*7))' Enter
wait_for 'typed-42' || true
t resize-window -t kc -x 110 -y 35
t send-keys -t kc 'stty size' Enter
wait_for '35 110' || true
t send-keys -t kc C-d
wait_for "Session ended, resume using 'kubectl attach rt -c rt -n default -i -t' command" || true
wait_for 'pod "rt" deleted from default namespace' || true
wait_for 'EXIT=0' || true
terminal_restored "run -it --rm"

if [ "$fail" = 0 ]; then
	echo "stream interactive: ok"
fi
exit "$fail"
