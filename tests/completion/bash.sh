#!/usr/bin/env bash
# The bash completion script in real bash with bash-completion loaded, driven like readline
# drives it: COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT and COMP_TYPE set, __start_kubec
# called, COMPREPLY read. Candidates come from the shared test cluster.
#   bash.sh KUBEC
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../cluster/env.sh" || exit 1
. "$here/lib.sh"
cmp_setup "$1"

bc=/usr/share/bash-completion/bash_completion
[[ -r $bc ]] || { echo "bash-completion is not installed ($bc)" >&2; exit 1; }
# shellcheck disable=SC1090
. "$bc"
# shellcheck disable=SC1090
source <(kubec completion bash)
complete -p kubec | grep -q -- '-F __start_kubec' || { echo "FAIL: not registered" >&2; exit 1; }

# comp TYPE LINE: complete at the end of LINE. COMP_WORDS is split as readline splits it: at
# blanks, and around the COMP_WORDBREAKS characters '=' and ':', which become words of their own.
comp() {
	local w piece
	COMP_TYPE=$1
	COMP_LINE=$2
	COMP_POINT=${#COMP_LINE}
	COMP_WORDS=()
	for w in $COMP_LINE; do
		while [[ -n $w ]]; do
			if [[ $w == [=:]* ]]; then
				COMP_WORDS+=("${w:0:1}")
				w=${w:1}
			else
				piece=${w%%[=:]*}
				COMP_WORDS+=("$piece")
				w=${w#"$piece"}
			fi
		done
	done
	[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	__start_kubec kubec "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	printf '%s\n' "${COMPREPLY[@]}"
}
TAB=9 LIST=63

out=$(comp $TAB "kubec g")
cmp_check "command name" "get" "$out"
out=$(comp $TAB "kubec con")
cmp_check "unique command" "config" "$out"
out=$(comp $LIST "kubec config ")
cmp_check "subcommands listed with descriptions" "use-context" "$out"
cmp_check "descriptions shown when listing" "(Set the current-context" "$out"
out=$(comp $TAB "kubec config ")
cmp_lacks "no descriptions when inserting" "(" "$out"
out=$(comp $TAB "kubec get s")
cmp_check "resource types" "services" "$out"
cmp_check "resource types with group" "statefulsets.apps" "$out"
out=$(comp $TAB "kubec get --ou")
cmp_check "flag names" "--output" "$out"
out=$(comp $TAB "kubec get -o ")
cmp_check "-o formats" "jsonpath" "$out"
out=$(comp $TAB "kubec get --output=j")
cmp_check "--output=VALUE" "jsonpath-as-json" "$out"
cmp_lacks "--output=VALUE keeps the value only" "--output" "$out"
out=$(comp $TAB "kubec -n $cmp_ns get configmaps ")
cmp_check "names from the cluster" "alpha-one" "$out"
cmp_check "names from the cluster (2)" "beta" "$out"
out=$(comp $TAB "kubec -n $cmp_ns get configmaps al")
cmp_lacks "names filtered by prefix" "beta" "$out"
out=$(comp $TAB "kubec --namespace $cmp_ns get cm/al")
cmp_check "TYPE/NAME" "cm/alpha-two" "$out"
out=$(comp $TAB "kubec get -n ${cmp_ns%??}")
cmp_check "namespaces" "$cmp_ns" "$out"
out=$(comp $TAB "kubec --context ")
cmp_check "contexts" "readonly" "$out"
out=$(comp $TAB "kubec config use-context t")
cmp_check "config use-context" "token" "$out"
out=$(comp $TAB "kubec get --kubeconfig $here/lib")
cmp_check "path flags leave it to file completion (-o default)" "" "$out"
cmp_check "registered with -o default" "-o default" "$(complete -p kubec)"
mkdir "$cmp_tmp/files"
touch "$cmp_tmp/files/app.yaml" "$cmp_tmp/files/notes.txt"
out=$(cd "$cmp_tmp/files" && comp $TAB "kubec get svc -f ")
cmp_check "-f offers manifests" "app.yaml" "$out"
cmp_lacks "-f offers manifests only" "notes.txt" "$out"
out=$(comp $TAB "kubec completion ")
cmp_check "completion shells" "zsh" "$out"

# a second name for the same binary: the script completes it (kubec installed as kubectl)
ln -s "$(readlink "$cmp_tmp/bin/kubec")" "$cmp_tmp/bin/kubectl"
out=$(kubectl completion bash)
cmp_check "script follows argv[0]" "complete -o default -F __start_kubectl kubectl" "$out"

exit $cmp_fail
