# shellcheck shell=bash
# Source this from an integration test script to talk to the shared test cluster:
#
#   . tests/cluster/env.sh [ENV_FILE]
#
# The file read is $KC_CLUSTER_ENV when set (kc_integration_test() in tests/integration.cmake
# sets it), else ENV_FILE, else ./cluster.env. (Note that `. env.sh` without arguments inside a
# script passes the script's own arguments: rely on KC_CLUSTER_ENV there.) It is the file that
# `cluster.sh up --env-file` wrote; after sourcing, these are exported:
#   KUBECONFIG                 kubeconfig with contexts admin (current), token, exec, readonly
#   KUBECTL                    the oracle kubectl v1.37.2 (also first on PATH as `kubectl`)
#   KUBEC_CLUSTER_DIR          the cluster's state directory (logs/ holds each component's log)
#   KUBEC_CLUSTER_BIN          the directory of the cached control-plane binaries
#   KUBEC_CLUSTER_SERVER       https://127.0.0.1:PORT, the apiserver
#   KUBEC_CLUSTER_RO_NAMESPACE the one namespace the readonly context may read
#   KUBEC_CLUSTER_POD_LOG      the CRI-format file every fake container's log comes from
# and two helpers are defined: kc_wait_for and kc_fail. The caller's shell options are left
# alone. Returns non-zero (and says why) when the file is missing or the cluster is gone.

kc_fail() {
	printf '%s: FAIL: %s\n' "${0##*/}" "$*" >&2
	return 1
}

# kc_wait_for SECONDS WHAT CMD...: run CMD every half second until it succeeds; fail after
# SECONDS. Never send traffic to pod or Service IPs from CMD: they are fictitious.
kc_wait_for() {
	local secs=$1 what=$2 end
	shift 2
	end=$((SECONDS + secs))
	until "$@" > /dev/null 2>&1; do
		if [ "$SECONDS" -ge "$end" ]; then
			kc_fail "timed out after ${secs}s waiting for $what"
			return 1
		fi
		sleep 0.5
	done
}

kc_env_load() {
	local f=${KC_CLUSTER_ENV:-${1:-cluster.env}}
	if [ ! -r "$f" ]; then
		kc_fail "cluster environment $f not found (is the ctest fixture 'cluster' required?)"
		return 1
	fi
	# shellcheck disable=SC1090
	. "$f"
	if [ ! -r "${KUBECONFIG:-}" ] || [ ! -x "${KUBECTL:-}" ]; then
		kc_fail "$f does not name a kubeconfig and a kubectl; the cluster is gone"
		return 1
	fi
	case ":$PATH:" in
	*":$KUBEC_CLUSTER_BIN:"*) ;;
	*) export PATH="$KUBEC_CLUSTER_BIN:$PATH" ;;
	esac
}

kc_env_load "$@"
