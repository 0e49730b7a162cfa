#!/usr/bin/env bash
# The completion scripts parse in their shells, name the program they were printed by
# (basename of argv[0]), and __complete answers from the command tree without a cluster.
#   completion-scripts.sh KUBEC
set -u
kubec=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check WHAT COMMAND...
	local what=$1
	shift
	if "$@"; then echo "ok   $what"; else echo "FAIL $what" >&2; fail=1; fi
}
ln -s "$(cd "$(dirname "$kubec")" && pwd)/$(basename "$kubec")" "$tmp/kubectl"
export KUBECONFIG=$tmp/none XDG_CACHE_HOME=$tmp/cache
"$kubec" completion bash >"$tmp/bash" && check "bash syntax" bash -n "$tmp/bash"
"$kubec" completion zsh >"$tmp/zsh" && check "zsh syntax" zsh -n "$tmp/zsh"
if command -v fish >/dev/null; then
	"$kubec" completion fish >"$tmp/fish" && check "fish syntax" fish -n "$tmp/fish"
fi
check "bash registers kubec" grep -q '^complete -o default -F __start_kubec kubec$' "$tmp/bash"
"$tmp/kubectl" completion bash >"$tmp/bash2"
check "named by argv[0]" grep -q '^complete -o default -F __start_kubectl kubectl$' "$tmp/bash2"
check "zsh compdef" grep -q '^#compdef kubec$' "$tmp/zsh"
check "unknown shell" sh -c "! '$kubec' completion tcsh 2>/dev/null"
out=$("$kubec" __complete con 2>"$tmp/err")
check "__complete answers" test "$out" = "$(printf 'config\tModify kubeconfig files\n:4')"
check "__complete directive on stderr" \
	grep -q 'Completion ended with directive: ShellCompDirectiveNoFileComp' "$tmp/err"
out=$("$kubec" __completeNoDesc get -o js 2>/dev/null)
check "-o values" test "$out" = "$(printf 'json\njsonpath\njsonpath-as-json\njsonpath-file\n:4')"
out=$("$kubec" __complete get --request-timeout '' 2>/dev/null)
check "no server: no names, default directive" test "$out" = ":0"
check "no words is an error" sh -c "! '$kubec' __complete 2>/dev/null"
exit $fail
