#!/usr/bin/env bash
# The zsh completion script in a real interactive zsh (compinit, the script loaded with
# source <(kubec completion zsh)), typed into through tmux: TAB inserts or lists candidates
# that come from the shared test cluster.
#   zsh.sh KUBEC
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../cluster/env.sh" || exit 1
. "$here/lib.sh"
cmp_setup "$1"
command -v zsh >/dev/null || { echo "zsh is not installed" >&2; exit 1; }
command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 1; }

T=(tmux -L "kc-zsh-$$" -f /dev/null)
zdot=$cmp_tmp/zdot
mkdir -p "$zdot"
cat >"$zdot/.zshrc" <<EOF2
autoload -U compinit && compinit -u -d "$cmp_tmp/zcompdump"
source <(kubec completion zsh)
zstyle ':completion:*' list-separator '--'
PROMPT='%% '
EOF2
trap '"${T[@]}" kill-server 2>/dev/null; cmp_teardown' EXIT
"${T[@]}" new-session -d -s z -x 200 -y 50 \
	"env ZDOTDIR=$zdot HOME=$cmp_tmp PATH=$PATH KUBECONFIG=$KUBECONFIG \
XDG_CACHE_HOME=$XDG_CACHE_HOME zsh -i"

screen() { "${T[@]}" capture-pane -p -t z; }
# wait_for TEXT: until the screen shows TEXT (5 s)
wait_for() {
	local i
	for ((i = 0; i < 50; i++)); do
		[[ $(screen) == *"$1"* ]] && return 0
		sleep 0.1
	done
	return 1
}
# typed KEYS... then TAB; prints the screen once it settled (capture-pane drops trailing blanks)
tab() {
	"${T[@]}" send-keys -t z C-u C-l
	sleep 0.2
	"${T[@]}" send-keys -t z "$@" Tab
	sleep 1
	screen
}

wait_for "%" || { echo "FAIL: zsh did not start" >&2; screen >&2; exit 1; }

out=$(tab "kubec get svc kube")
cmp_check "unique name inserted" "% kubec get svc kubernetes" "$out"
out=$(tab "kubec conf")
cmp_check "command inserted" "% kubec config" "$out"
out=$(tab "kubec config ")
cmp_check "subcommands listed" "use-context" "$out"
cmp_check "with descriptions" "-- Set the current-context" "$out"
out=$(tab "kubec -n $cmp_ns get configmaps alpha-")
cmp_check "names listed" "alpha-one" "$out"
cmp_check "names listed (2)" "alpha-two" "$out"
cmp_lacks "names filtered" "beta" "$out"
out=$(tab "kubec get --outp")
cmp_check "flag inserted" "% kubec get --output" "$out"
out=$(tab "kubec get --output=jsonpath-a")
cmp_check "--flag=value" "% kubec get --output=jsonpath-as-json" "$out"
out=$(tab "kubec get statefulsets.a")
cmp_check "resource types" "% kubec get statefulsets.apps" "$out"
out=$(tab "kubec config use-context rea")
cmp_check "contexts" "% kubec config use-context readonly" "$out"

exit $cmp_fail
