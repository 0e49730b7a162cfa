#!/usr/bin/env bash
# Show kubec at work: build it, start a real local control plane (built and cached on first
# use), and walk through the Kubernetes "Services" tutorials with kubec, printing each command
# and its output. The cluster is stopped at the end.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
scripts/install-deps.sh
tests/cluster/build.sh >/dev/null
cmake -S . -B build-demo -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build-demo -j2 >/dev/null
bin=$(mktemp -d)
ln -s "$top/build-demo/kubec" "$bin/kubec"
export KUBEC_CLUSTER_DIR=$(mktemp -d)
cleanup() { tests/cluster/cluster.sh down >/dev/null 2>&1 || true; rm -rf "$bin"; }
trap cleanup EXIT
eval "$(tests/cluster/cluster.sh up)"
export PATH="$bin:$PATH"
work=$(mktemp -d)
cp tests/compat/fixtures/run-my-nginx.yaml tests/compat/fixtures/default.conf "$work/"
cd "$work"

bold=$(tput bold 2>/dev/null || true) norm=$(tput sgr0 2>/dev/null || true)
step() {
	printf '\n%s$ %s%s\n' "$bold" "$*" "$norm"
	"$@" || printf '(exit %d)\n' "$?"
}
# Commands kubec does not have yet run with the oracle kubectl, and say so.
have() { kubec "$1" --help >/dev/null 2>&1; }
do_() {
	if have "$1"; then step kubec "$@"; else step "$KUBECTL" "$@"; fi
}

echo "${bold}== Connecting applications with services${norm}"
do_ apply -f ./run-my-nginx.yaml
"$KUBECTL" wait --for=condition=Available deployment/my-nginx --timeout=60s >/dev/null
step kubec get pods -l run=my-nginx -o wide
step kubec get pods -l run=my-nginx -o custom-columns=POD_IP:.status.podIPs
do_ expose deployment/my-nginx
step kubec get svc my-nginx
do_ describe svc my-nginx
sleep 2
step kubec get endpointslices -l kubernetes.io/service-name=my-nginx
do_ scale deployment my-nginx --replicas=0
do_ scale deployment my-nginx --replicas=2
"$KUBECTL" wait --for=condition=Available deployment/my-nginx --timeout=60s >/dev/null
step kubec get pods -l run=my-nginx -o wide
step kubec get services kube-dns --namespace=kube-system
openssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout nginx.key -out nginx.crt \
	-subj "/CN=my-nginx/O=my-nginx" 2>/dev/null
do_ create secret tls nginxsecret --key nginx.key --cert nginx.crt
step kubec get secrets
do_ create configmap nginxconfigmap --from-file=default.conf
step kubec get configmaps
step kubec get svc my-nginx -o yaml

echo
echo "${bold}== Using source IP${norm}"
do_ create deployment source-ip-app --image=registry.k8s.io/echoserver:1.4
step kubec get nodes
do_ expose deployment source-ip-app --name=clusterip --port=80 --target-port=8080
step kubec get svc clusterip
do_ expose deployment source-ip-app --name=nodeport --port=80 --target-port=8080 --type=NodePort
step kubec get -o jsonpath="{.spec.ports[0].nodePort}" services nodeport
echo
step kubec get nodes -o jsonpath='{ $.items[*].status.addresses[?(@.type=="InternalIP")].address }'
echo
do_ patch svc nodeport -p '{"spec":{"externalTrafficPolicy":"Local"}}'
do_ expose deployment source-ip-app --name=loadbalancer --port=80 --target-port=8080 --type=LoadBalancer
step kubec get svc loadbalancer
do_ patch svc loadbalancer -p '{"spec":{"externalTrafficPolicy":"Local"}}'
step kubec get pod -o wide -l app=source-ip-app
do_ delete svc -l app=source-ip-app
do_ delete deployment source-ip-app

echo
echo "${bold}== Explore termination behavior for pods and their endpoints${norm}"
step kubec get endpointslice
step kubec config get-contexts
step kubec api-versions
echo
echo "Done. (The demo cluster is being stopped.)"
