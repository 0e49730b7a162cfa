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
cleanup() { "$top/tests/cluster/cluster.sh" down >/dev/null 2>&1 || true; rm -rf "$bin" "${work:-}"; }
trap cleanup EXIT
eval "$(tests/cluster/cluster.sh up)"
export PATH="$bin:$PATH"
work=$(mktemp -d)
f=tests/compat/fixtures
cp $f/run-my-nginx.yaml $f/default.conf "$work/"
cp $f/apply-nginxsecrets.yaml "$work/nginxsecrets.yaml"
cp $f/apply-nginx-secure-app.yaml "$work/nginx-secure-app.yaml"
cp $f/apply-curlpod.yaml "$work/curlpod.yaml"
cp $f/mutate-editor-loadbalancer.sh "$work/editor.sh"
cd "$work"

bold=$(tput bold 2>/dev/null || true) norm=$(tput sgr0 2>/dev/null || true)
# the command line as one would type it: words with shell characters in single quotes
show() {
	local a out=
	for a; do
		if [[ $a =~ ^[A-Za-z0-9_./=:,@%+-]+$ ]]; then out+=" $a"; else out+=" '${a//\'/\'\\\'\'}'"; fi
	done
	printf '\n%s$%s%s\n' "$bold" "$out" "$norm"
}
step() {
	show "$@"
	"$@" || printf '(exit %d)\n' "$?"
}
# a step whose output goes through a shell pipeline, as the tutorial writes it
pipe() {
	printf '\n%s$ %s%s\n' "$bold" "$*" "$norm"
	bash -c "$*" || printf '(exit %d)\n' "$?"
}
wait_available() { "$KUBECTL" wait --for=condition=Available "deployment/$1" --timeout=60s >/dev/null; }
first_pod() { kubec get pods -l "$1" -o jsonpath='{.items[0].metadata.name}'; }

echo "${bold}== Connecting applications with services${norm}"
step kubec apply -f ./run-my-nginx.yaml
wait_available my-nginx
step kubec get pods -l run=my-nginx -o wide
step kubec get pods -l run=my-nginx -o custom-columns=POD_IP:.status.podIPs
step kubec expose deployment/my-nginx
step kubec get svc my-nginx
step kubec describe svc my-nginx
sleep 2
step kubec get endpointslices -l kubernetes.io/service-name=my-nginx
pipe "kubec exec $(first_pod run=my-nginx) -- printenv | grep SERVICE"
step kubec scale deployment my-nginx --replicas=0
step kubec scale deployment my-nginx --replicas=2
wait_available my-nginx
step kubec get pods -l run=my-nginx -o wide
pipe "kubec exec $(first_pod run=my-nginx) -- printenv | grep SERVICE"
step kubec get services kube-dns --namespace=kube-system
openssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout nginx.key -out nginx.crt \
	-subj "/CN=my-nginx/O=my-nginx" 2>/dev/null
step kubec create secret tls nginxsecret --key nginx.key --cert nginx.crt
step kubec get secrets
step kubec create configmap nginxconfigmap --from-file=default.conf
step kubec get configmaps
step kubec delete secret nginxsecret
step kubec apply -f nginxsecrets.yaml
step kubec get secrets
step kubec delete deployments,svc my-nginx
step kubec create -f ./nginx-secure-app.yaml
step kubec get pods -l run=my-nginx -o custom-columns=POD_IP:.status.podIPs
step kubec apply -f ./curlpod.yaml
step kubec get pods -l app=curlpod
pipe "kubec get svc my-nginx -o yaml | grep nodePort -C 5"
pipe "kubec get nodes -o yaml | grep InternalIP -C 1"
printf '\n%s$ KUBE_EDITOR=./editor.sh kubec edit svc my-nginx%s   (the editor changes type: NodePort to LoadBalancer)\n' "$bold" "$norm"
KUBE_EDITOR=./editor.sh kubec edit svc my-nginx || true
step kubec get svc my-nginx
step kubec describe service my-nginx

echo
echo "${bold}== Using source IP${norm}"
step kubec create deployment source-ip-app --image=registry.k8s.io/echoserver:1.4
step kubec get nodes
step kubec expose deployment source-ip-app --name=clusterip --port=80 --target-port=8080
step kubec get svc clusterip
step kubec run busybox --image=busybox:1.28 --restart=Never -- sleep 3600
step kubec get pod busybox -o wide
step kubec delete pod busybox --now
step kubec expose deployment source-ip-app --name=nodeport --port=80 --target-port=8080 --type=NodePort
step kubec get -o jsonpath="{.spec.ports[0].nodePort}" services nodeport
echo
step kubec get nodes -o jsonpath='{ $.items[*].status.addresses[?(@.type=="InternalIP")].address }'
echo
step kubec patch svc nodeport -p '{"spec":{"externalTrafficPolicy":"Local"}}'
step kubec expose deployment source-ip-app --name=loadbalancer --port=80 --target-port=8080 --type=LoadBalancer
step kubec get svc loadbalancer
step kubec patch svc loadbalancer -p '{"spec":{"externalTrafficPolicy":"Local"}}'
pipe "kubec get svc loadbalancer -o yaml | grep -i healthCheckNodePort"
step kubec get pod -o wide -l app=source-ip-app
step kubec delete svc -l app=source-ip-app
step kubec delete deployment source-ip-app

echo
echo "${bold}== Explore termination behavior for pods and their endpoints${norm}"
cat > termination.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 1
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 120
      containers:
      - name: nginx
        image: nginx:latest
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: nginx-service
spec:
  selector:
    app: nginx
  ports:
    - protocol: TCP
      port: 80
      targetPort: 80
YAML
step kubec apply -f termination.yaml
wait_available nginx-deployment
sleep 2
step kubec get endpointslice
pipe "kubec get endpointslices -o json -l kubernetes.io/service-name=nginx-service | head -40"
step kubec delete pod "$(first_pod app=nginx)" --wait=false
step kubec get pods
step kubec get endpointslice -o name
step kubec config get-contexts
step kubec api-versions
echo
echo "Done. (The demo cluster is being stopped.)"
