#!/usr/bin/env bash
# ctest entry for compat tests: load the shared cluster's environment, then run.py.
#   ctest-run.sh ENV_FILE KUBEC seed|CASES...
set -euo pipefail
env_file=$1 kubec=$2
shift 2
# shellcheck disable=SC1090
. "$env_file"
here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = seed ]; then
	exec "$here/seed.sh"
fi
exec python3 "$here/run.py" --kubec "$kubec" "$@"
