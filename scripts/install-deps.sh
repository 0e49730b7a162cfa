#!/bin/sh
# Install the Debian packages kubec needs to build and test, if missing. Idempotent.
set -eu
pkgs="build-essential cmake pkg-config libcurl4-openssl-dev libssl-dev libyaml-dev libcjson-dev
zlib1g-dev libreadline-dev libedit-dev libcmocka-dev openssl python3 hyperfine bash-completion zsh tmux groff-base man-db
time"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing" >&2
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
