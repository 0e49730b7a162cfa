#!/usr/bin/env bash
# State for tests/compat/cases/stream (exec, attach, logs, port-forward): namespace kc-stream.
# Idempotent; run by tests/compat/seed.sh with $KUBECTL set. The pods are kwok pods: exec runs
# harmless commands on the host, logs/attach read the cluster's shared pod log, port-forward
# reaches kwok's local helpers (tests/cluster/README.md).
set -euo pipefail
: "${KUBECTL:?}"
ns=kc-stream
$KUBECTL get namespace $ns > /dev/null 2>&1 || $KUBECTL create namespace $ns > /dev/null
# a bare Pod needs the namespace's default ServiceAccount first
for _ in $(seq 1 100); do
	$KUBECTL -n $ns get serviceaccount default > /dev/null 2>&1 && break
	sleep 0.2
done
$KUBECTL apply -f - > /dev/null <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: solo
  namespace: kc-stream
  labels: {app: solo}
spec:
  containers:
  - name: main
    image: busybox
---
apiVersion: v1
kind: Pod
metadata:
  name: duo
  namespace: kc-stream
  labels: {app: duo}
  annotations:
    kubectl.kubernetes.io/default-container: second
spec:
  containers:
  - name: first
    image: busybox
  - name: second
    image: busybox
---
apiVersion: v1
kind: Pod
metadata:
  name: trio
  namespace: kc-stream
  labels: {app: trio}
spec:
  initContainers:
  - name: setup
    image: busybox
  containers:
  - name: one
    image: busybox
  - name: two
    image: busybox
---
apiVersion: v1
kind: Pod
metadata:
  name: ports
  namespace: kc-stream
  labels: {app: ports}
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - {name: http, containerPort: 80, protocol: TCP}
    - {name: echo, containerPort: 9000, protocol: TCP}
    - {name: dns, containerPort: 53, protocol: UDP}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: kc-stream
spec:
  selector: {app: ports}
  ports:
  - {name: http, port: 8080, targetPort: http}
  - {name: echo, port: 9001, targetPort: 9000}
  - {name: dns, port: 53, protocol: UDP, targetPort: 53}
---
apiVersion: v1
kind: Service
metadata:
  name: noselector
  namespace: kc-stream
spec:
  ports:
  - {port: 80}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: pair
  namespace: kc-stream
spec:
  replicas: 2
  selector:
    matchLabels: {app: pair}
    matchExpressions:
    - {key: tier, operator: In, values: [back, front]}
  template:
    metadata:
      labels: {app: pair, tier: back}
    spec:
      containers:
      - name: app
        image: busybox
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: kc-stream
data: {a: "1"}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: viewer
  namespace: kc-stream
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: viewer
  namespace: kc-stream
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
- kind: ServiceAccount
  name: viewer
  namespace: kc-stream
YAML
$KUBECTL -n $ns wait --for=condition=Ready pod/solo pod/duo pod/trio pod/ports --timeout=60s > /dev/null
$KUBECTL -n $ns rollout status deployment/pair --timeout=60s > /dev/null
