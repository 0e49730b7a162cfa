#!/usr/bin/env bash
# State read by the describe compat cases (tests/compat/cases/describe): the kc-describe and
# kc-describe-quota namespaces, a CRD with instances, hand-made events with repeat counts and
# series, and a LoadBalancer ingress on the tutorial's `loadbalancer` service. Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
K=${KUBECTL:?KUBECTL must point at the oracle kubectl}

$K apply -f "$here/fixtures/describe-base.yaml" >/dev/null
$K wait --for=condition=Established --timeout=60s crd/describewidgets.describe.kubec.example >/dev/null
# A CRD's resource is served a moment after it is Established.
deadline=$((SECONDS + 30))
until $K get describewidgets -n kc-describe >/dev/null 2>&1; do
	[ $SECONDS -lt $deadline ] || { echo "describe.sh: describewidgets not served" >&2; exit 1; }
	sleep 1
done
$K apply -f "$here/fixtures/describe-objects.yaml" 2>&1 >/dev/null | { grep -v "^Warning: spec.externalIPs" >&2 || true; }
$K apply -f "$here/fixtures/describe-more.yaml" >/dev/null
$K patch ingress web -n kc-describe --subresource=status --type=merge \
	-p '{"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.80"},{"hostname":"web-lb.example.invalid"},{"ip":"192.0.2.80"}]}}}' >/dev/null
$K patch describewidget gizmo -n kc-describe --subresource=status --type=merge \
	-p '{"status":{"phase":"Ready","observedGeneration":1,"conditions":[{"type":"Ready","status":"True","reason":"AllGood"}]}}' >/dev/null

# The source-IP tutorial's LoadBalancer gets an ingress, as a cloud controller would give it.
$K patch svc loadbalancer --subresource=status --type=merge \
	-p '{"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.50","ipMode":"VIP"},{"hostname":"lb.example.invalid"}]}}}' >/dev/null

# Events about rich-pod: a repeated warning (count 3), a single normal event and two
# events.k8s.io-style events (one with a series) that set only reportingController. Their times
# lie days in the past, so their ages ("10d (x3 over 20d)") stay the same for hours and the cases
# compare them without normalisation.
uid=$($K get pod rich-pod -n kc-describe -o jsonpath='{.metadata.uid}')
day=86400
ts() { date -u -d "@$(($(date +%s) - $1))" +%Y-%m-%dT%H:%M:%SZ; }
mts() { date -u -d "@$(($(date +%s) - $1))" +%Y-%m-%dT%H:%M:%S.123456Z; }
$K apply -f - >/dev/null <<-YAML
apiVersion: v1
kind: Event
metadata:
  name: rich-pod.backoff
  namespace: kc-describe
involvedObject:
  apiVersion: v1
  kind: Pod
  name: rich-pod
  namespace: kc-describe
  uid: $uid
  fieldPath: spec.containers{web}
type: Warning
reason: BackOff
message: "  Back-off restarting failed container web  "
source:
  component: kubelet
  host: kwok-node-1
count: 3
firstTimestamp: "$(ts $((20 * day)))"
lastTimestamp: "$(ts $((10 * day)))"
---
apiVersion: v1
kind: Event
metadata:
  name: rich-pod.pulled
  namespace: kc-describe
involvedObject:
  apiVersion: v1
  kind: Pod
  name: rich-pod
  namespace: kc-describe
  uid: $uid
type: Normal
reason: Pulled
message: Container image "example.invalid/web:3" already present on machine
source:
  component: kubelet
count: 1
firstTimestamp: "$(ts $((15 * day)))"
lastTimestamp: "$(ts $((15 * day)))"
---
apiVersion: v1
kind: Event
metadata:
  name: rich-pod.probe
  namespace: kc-describe
involvedObject:
  apiVersion: v1
  kind: Pod
  name: rich-pod
  namespace: kc-describe
  uid: $uid
type: Warning
reason: Unhealthy
message: Readiness probe failed
reportingComponent: kc-prober
reportingInstance: kc-prober-1
action: Probe
eventTime: "$(mts $((25 * day)))"
series:
  count: 4
  lastObservedTime: "$(mts $((12 * day)))"
---
apiVersion: v1
kind: Event
metadata:
  name: rich-pod.recent
  namespace: kc-describe
involvedObject:
  apiVersion: v1
  kind: Pod
  name: rich-pod
  namespace: kc-describe
  uid: $uid
type: Normal
reason: Checked
message: Checked by the prober
reportingComponent: kc-prober
reportingInstance: kc-prober-1
action: Check
eventTime: "$(mts $((11 * day)))"
YAML

# 16 events about many-events; lastTimestamp takes only three values, so most events tie.
uid=$($K get pod many-events -n kc-describe -o jsonpath='{.metadata.uid}')
for i in $(seq -w 1 16); do
	age=$(( (10#$i % 3) + 10 ))
	cat <<-YAML
	---
	apiVersion: v1
	kind: Event
	metadata:
	  name: many-events.e$i
	  namespace: kc-describe
	involvedObject:
	  apiVersion: v1
	  kind: Pod
	  name: many-events
	  namespace: kc-describe
	  uid: $uid
	type: Normal
	reason: Step$i
	message: step $i of 16
	source:
	  component: kc-stepper
	count: 1
	firstTimestamp: "$(ts $((age * day)))"
	lastTimestamp: "$(ts $((age * day)))"
	YAML
done | $K apply -f - >/dev/null
