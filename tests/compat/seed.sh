#!/usr/bin/env bash
# Bring the cluster into the state the compat cases read: the Services tutorial's objects in
# `default` (made with the oracle kubectl) and the kc-zoo namespace. Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
K=${KUBECTL:?KUBECTL must point at the oracle kubectl}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

$K apply -f "$here/fixtures/run-my-nginx.yaml" >/dev/null
$K get svc my-nginx >/dev/null 2>&1 || $K expose deployment/my-nginx >/dev/null
if ! $K get deploy source-ip-app >/dev/null 2>&1; then
	$K create deployment source-ip-app --image=registry.k8s.io/echoserver:1.4 >/dev/null
	$K expose deployment source-ip-app --name=clusterip --port=80 --target-port=8080 >/dev/null
	$K expose deployment source-ip-app --name=nodeport --port=80 --target-port=8080 --type=NodePort >/dev/null
	$K patch svc nodeport -p '{"spec":{"externalTrafficPolicy":"Local"}}' >/dev/null
	$K expose deployment source-ip-app --name=loadbalancer --port=80 --target-port=8080 --type=LoadBalancer >/dev/null
	$K patch svc loadbalancer -p '{"spec":{"externalTrafficPolicy":"Local"}}' >/dev/null
fi
if ! $K get secret nginxsecret >/dev/null 2>&1; then
	openssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout "$work/nginx.key" \
		-out "$work/nginx.crt" -subj "/CN=my-nginx/O=my-nginx" 2>/dev/null
	$K create secret tls nginxsecret --key "$work/nginx.key" --cert "$work/nginx.crt" >/dev/null
fi
if ! $K get configmap nginxconfigmap >/dev/null 2>&1; then
	(cd "$here/fixtures" && $K create configmap nginxconfigmap --from-file=default.conf >/dev/null)
fi
$K apply -f "$here/fixtures/zoo.yaml" >/dev/null
# feature-specific state (describe, apply, ...): each script is idempotent
for f in "$here"/seed.d/*.sh; do
	[ -e "$f" ] && bash "$f"
done

# Wait until the pods run and the EndpointSlices list them, so that both programs see the same
# state. Every wait has a timeout.
deadline=$((SECONDS + 90))
until [ "$($K get pods -A --no-headers 2>/dev/null | grep -vc ' Running ')" = 0 ] &&
	[ "$($K get endpointslices -l kubernetes.io/service-name=my-nginx -o jsonpath='{.items[*].endpoints[*].addresses[0]}' | wc -w)" = 2 ]; do
	[ $SECONDS -lt $deadline ] || { echo "seed.sh: pods or endpoints not ready in 90s" >&2; $K get pods -A >&2; exit 1; }
	sleep 1
done
