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

k8s_ok() {
	local b
	for b in kube-apiserver kube-controller-manager kube-scheduler; do
		[ -x "$out/$b" ] && "$out/$b" --version 2>/dev/null | grep -qx "Kubernetes $K8S" || return 1
	done
	[ -x "$out/kubectl" ] && "$out/kubectl" version --client 2>/dev/null | grep -q "Client Version: $K8S"
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

if ! { [ -x "$out/etcd" ] && "$out/etcd" --version 2>/dev/null | grep -q "etcd Version: ${ETCD#v}"; }; then
	log "building etcd $ETCD"
	(cd "$here/go/etcd" && go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3)
fi

if ! { [ -x "$out/kwok" ] && "$out/kwok" --version 2>/dev/null | grep -q "${KWOK#v}"; }; then
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
