#!/usr/bin/env bash
# `kubec help [command]` is cobra's help command: the help of the command named (the deepest
# one found; unknown words below the root are ignored), or "Unknown help topic" and the
# root's command list for an unknown first word.
set -euo pipefail
k=$1
fail=0
check() { if ! diff -u <(eval "$2") <(eval "$3"); then echo "FAIL: $1"; fail=1; fi; }
check "help get = get --help" "'$k' get --help" "'$k' help get"
check "help config view = config view --help" "'$k' config view --help" "'$k' help config view"
check "help config nope = config --help" "'$k' config --help" "'$k' help config nope"
check "help = --help" "'$k' --help" "'$k' help"
check "help nope" "printf 'Unknown help topic [\`nope\` \`x\`]\n\n\n'; '$k' --help | sed -n '/^Basic Commands/,\$p'" "'$k' help nope x"
exit $fail
