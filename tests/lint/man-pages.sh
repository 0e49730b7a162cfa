#!/usr/bin/env bash
# The man pages kubec writes (__gen-man): one per visible command, each accepted by groff with
# every warning on (groff -ww -z) and by man -l without warnings.
#   man-pages.sh KUBEC
set -u
kubec=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
"$kubec" __gen-man "$tmp" || { echo "FAIL: __gen-man exited $?" >&2; exit 1; }
name=$(basename "$kubec")
for f in "$name.1" "$name-get.1" "$name-config-use-context.1" "$name-completion.1"; do
	[ -s "$tmp/$f" ] || { echo "FAIL: $f was not written" >&2; fail=1; }
done
n=0
for f in "$tmp"/*.1; do
	n=$((n + 1))
	out=$(groff -ww -z -man "$f" 2>&1)
	[ -z "$out" ] || { echo "FAIL: groff -ww on $(basename "$f"):" >&2; echo "$out" >&2; fail=1; }
	out=$(MANWIDTH=80 man --warnings -l "$f" 2>&1 >/dev/null)
	[ -z "$out" ] || { echo "FAIL: man -l $(basename "$f"):" >&2; echo "$out" >&2; fail=1; }
	grep -q '^\.SH NAME' "$f" && grep -q '^\.SH SYNOPSIS' "$f" ||
		{ echo "FAIL: $(basename "$f") lacks NAME or SYNOPSIS" >&2; fail=1; }
done
# every visible subcommand of the root has its page, with the summary --help shows
for c in $("$kubec" __completeNoDesc '' 2>/dev/null | grep -v '^:'); do
	[ -s "$tmp/$name-$c.1" ] || { echo "FAIL: no page for $c" >&2; fail=1; }
done
grep -q 'kubec\\-get \\- Display one or many resources' "$tmp/$name-get.1" ||
	{ echo "FAIL: kubec-get.1 NAME line" >&2; fail=1; }
MANWIDTH=80 man -l "$tmp/$name-get.1" 2>/dev/null | grep -q 'EXAMPLES' ||
	{ echo "FAIL: kubec-get.1 renders without EXAMPLES" >&2; fail=1; }
echo "$n pages checked"
exit $fail
