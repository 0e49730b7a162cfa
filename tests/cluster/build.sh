#!/usr/bin/env bash
# Build (once) the pinned control-plane binaries from the Go module proxy and cache them
# outside the repo, keyed by version. Prints the cache directory on stdout.
#   KUBEC_K8S_VERSION (v1.37.2), KUBEC_ETCD_VERSION (v3.6.16), KUBEC_KWOK_VERSION (v0.8.0)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
K8S=${KUBEC_K8S_VERSION:-v1.37.2}
ETCD=${KUBEC_ETCD_VERSION:-v3.6.16}
KWOK=${KUBEC_KWOK_VERSION:-v0.8.0}
out=${KUBEC_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubec/cluster/$K8S}
mkdir -p "$out"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
log() { printf 'build.sh: %s\n' "$*" >&2; }
# One build at a time per cache directory (two clusters may start at once).
if command -v flock > /dev/null; then
	exec 9> "$out/.build.lock"
	flock 9
fi

# version_of BIN ARGS...: the binary's version output (empty when it is missing or fails).
# Captured first and matched afterwards: `BIN --version | grep -q` can fail under pipefail
# when grep exits early and BIN dies of SIGPIPE.
version_of() {
	[ -x "$1" ] || return 0
	"$@" 2> /dev/null || true
}

k8s_ok() {
	local b v
	for b in kube-apiserver kube-controller-manager kube-scheduler; do
		v=$(version_of "$out/$b" --version)
		[ "$v" = "Kubernetes $K8S" ] || return 1
	done
	v=$(version_of "$out/kubectl" version --client)
	case $v in *"Client Version: $K8S"*) return 0 ;; esac
	return 1
}
if ! k8s_ok; then
	log "building Kubernetes $K8S into $out (tens of minutes on a cold cache)"
	minor=${K8S#v1.}; minor=${minor%%.*}
	now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	ldf="-s -w"
	for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
		ldf="$ldf -X $p.gitVersion=$K8S -X $p.gitMajor=1 -X $p.gitMinor=$minor"
		ldf="$ldf -X $p.gitTreeState=clean -X $p.buildDate=$now"
	done
	(cd "$here/go/k8s" && GOBIN="$out" go install -trimpath -p 2 -ldflags "$ldf" tool)
	k8s_ok || { log "built Kubernetes binaries do not report $K8S"; exit 1; }
fi

v=$(version_of "$out/etcd" --version)
if [ "${v%%$'\n'*}" != "etcd Version: ${ETCD#v}" ]; then
	log "building etcd $ETCD"
	(cd "$here/go/etcd" && go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3)
fi

v=$(version_of "$out/kwok" --version)
case $v in "kwok version $KWOK "*) kwok_ok=1 ;; *) kwok_ok= ;; esac
if [ -z "$kwok_ok" ]; then
	log "building kwok $KWOK"
	GOBIN="$out" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK"
fi
if [ ! -s "$out/kwok-stages.yaml" ]; then
	dir=$(go mod download -json "sigs.k8s.io/kwok@$KWOK" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
	st="$dir/kustomize/stage"
	{
		for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
			pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
			echo '---'; cat "$st/$f"
		done
	} > "$out/kwok-stages.yaml.tmp"
	mv "$out/kwok-stages.yaml.tmp" "$out/kwok-stages.yaml"
fi
echo "$out"
