#!/usr/bin/env bash
# A real Kubernetes v1.37 control plane on loopback for kubec's tests and demo.
#
#   cluster.sh up   [--env-file FILE] [--replace]
#                                       start everything, print `export ...` lines last;
#                                       --replace first stops a cluster left in the state dir
#   cluster.sh down [--env-file FILE]   stop what `up` started (by PID), remove the state dir
#   cluster.sh env                      print the `export ...` lines of a running cluster again
#   cluster.sh status                   list the components and whether they run
#
# The state directory is $KUBEC_CLUSTER_DIR (up: default a new `mktemp -d`). Progress goes to
# stderr; stdout carries only the export lines, so `eval "$(tests/cluster/cluster.sh up)"` works.
# See tests/cluster/README.md for the contexts, ports and timings.
#
# Knobs (environment):
#   KUBEC_CLUSTER_DIR       state directory (created if missing; must be empty or ours)
#   KUBEC_CLUSTER_TIMEOUT   seconds allowed for each wait (default 120)
#   KUBEC_CLUSTER_ADVERTISE apiserver --advertise-address (default: detected, see README)
#   KUBEC_CLUSTER_{ETCD,APISERVER,CONTROLLER_MANAGER,SCHEDULER,KWOK}_ARGS
#                           extra arguments for one component (split on blanks)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
K8S_VERSION=${KUBEC_K8S_VERSION:-v1.37.2}
TIMEOUT=${KUBEC_CLUSTER_TIMEOUT:-120}
POD_CIDR=10.244.0.0/16          # fictitious: kwok hands these out, nothing listens there
SERVICE_CIDR=10.96.0.0/16       # fictitious: ClusterIPs are bookkeeping only
RO_NAMESPACE=kubec-readonly
NODES="kwok-node-0 kwok-node-1"
MARKER=.kubec-cluster

start_s=$(date +%s)
log() { printf 'cluster.sh [%3ss]: %s\n' "$(($(date +%s) - start_s))" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ------------------------------------------------------------------------------------------
# state directory and process bookkeeping

D=
bin=
env_file=
replace=

state_init() {
	local d
	if [ -n "${KUBEC_CLUSTER_DIR:-}" ]; then
		mkdir -p "$KUBEC_CLUSTER_DIR"
		d=$(cd "$KUBEC_CLUSTER_DIR" && pwd)
		if [ -e "$d/pids" ] && [ -n "$replace" ] && [ -e "$d/$MARKER" ]; then
			log "stopping the cluster already in $d (--replace)"
			D=$d
			stop_all || die "could not stop the old cluster in $d"
			D=
		fi
		if [ -e "$d/pids" ]; then
			die "$d already holds a cluster (run: KUBEC_CLUSTER_DIR=$d $0 down)"
		fi
		if [ -e "$d/$MARKER" ]; then
			# left over from a failed `up` (its processes were stopped): start afresh
			rm -rf "$d"
			mkdir -p "$d"
		elif [ -n "$(ls -A "$d")" ]; then
			die "$d is not empty and was not made by cluster.sh; refusing to use it"
		fi
	else
		d=$(mktemp -d "${TMPDIR:-/tmp}/kubec-cluster.XXXXXX")
	fi
	D=$d
	: > "$D/$MARKER"
	mkdir -p "$D/pki" "$D/logs" "$D/kwok"
}

state_from_env() {
	[ -n "${KUBEC_CLUSTER_DIR:-}" ] || die "KUBEC_CLUSTER_DIR is not set (it is printed by up)"
	D=$KUBEC_CLUSTER_DIR
	if [ -d "$D" ]; then D=$(cd "$D" && pwd); fi
}

# A process is ours when it is alive and its command line mentions the state directory:
# guards against a recycled PID.
is_ours() {
	local pid=$1
	[ -r "/proc/$pid/cmdline" ] || return 1
	tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$D/"
}

# start NAME CMD...: run CMD detached (own session, no terminal, output to logs/NAME.log)
# and record its PID in $D/pids.
start() {
	local name=$1; shift
	: > "$D/logs/$name.log"
	setsid "$@" < /dev/null >> "$D/logs/$name.log" 2>&1 &
	local pid=$!
	echo "$name $pid" >> "$D/pids"
	eval "pid_${name//-/_}=$pid"
}

pid_of() {
	local v="pid_${1//-/_}"
	printf '%s' "${!v:-}"
}

# stop_pids PID...: TERM the processes that are still ours, wait up to 20 s, then KILL.
stop_pids() {
	local pid alive i
	for pid in "$@"; do
		if is_ours "$pid"; then kill -TERM "$pid" 2> /dev/null || true; fi
	done
	for ((i = 0; i < 250; i++)); do
		alive=
		for pid in "$@"; do
			is_ours "$pid" && alive="$alive $pid"
		done
		[ -z "$alive" ] && return 0
		[ $i = 200 ] && {
			log "process(es)$alive did not stop after 20 s; sending KILL"
			# shellcheck disable=SC2086 # a list of PIDs
			kill -KILL $alive 2> /dev/null || true
		}
		sleep 0.1
	done
	log "process(es)$alive survived KILL"
	return 1
}

# stop_all: stop every recorded process, clients first, then kube-apiserver, then etcd
# (the apiserver stops slowly once etcd is gone).
stop_all() {
	[ -e "$D/pids" ] || return 0
	local name pid rc=0
	local -a first=() api=() store=()
	while read -r name pid; do
		case $name in
		kube-apiserver) api+=("$pid") ;;
		etcd) store+=("$pid") ;;
		*) first+=("$pid") ;;
		esac
	done < "$D/pids"
	[ ${#first[@]} = 0 ] || stop_pids "${first[@]}" || rc=1
	[ ${#api[@]} = 0 ] || stop_pids "${api[@]}" || rc=1
	[ ${#store[@]} = 0 ] || stop_pids "${store[@]}" || rc=1
	[ $rc = 0 ] && rm -f "$D/pids"
	return $rc
}

show_log() {
	local name=$1
	log "last lines of $D/logs/$name.log:"
	tail -n 25 "$D/logs/$name.log" | sed 's/^/    /' >&2 || true
}

# On any failure during `up`: stop what was started, keep the logs, say where they are.
up_failed() {
	local rc=$?
	trap - EXIT
	if [ $rc -ne 0 ] && [ -n "$D" ]; then
		stop_all || true
		log "up FAILED (exit $rc); every process was stopped; logs kept in $D/logs"
		log "clean up with: KUBEC_CLUSTER_DIR=$D $0 down"
	fi
	exit $rc
}

# ------------------------------------------------------------------------------------------
# waiting

# wait_for NAME WHAT CMD...: poll CMD every 0.25 s until it succeeds. Fails with the log of
# NAME when that process dies, or after $TIMEOUT seconds.
wait_for() {
	local name=$1 what=$2; shift 2
	local pid deadline
	pid=$(pid_of "$name")
	deadline=$(($(date +%s) + TIMEOUT))
	until "$@" > /dev/null 2>&1; do
		if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
			show_log "$name"
			die "$name exited while waiting for $what"
		fi
		if [ "$(date +%s)" -ge "$deadline" ]; then
			[ -n "$pid" ] && show_log "$name"
			die "timed out after ${TIMEOUT}s waiting for $what"
		fi
		sleep 0.25
	done
}

# https_ok URL [curl args]: the endpoint answers 200 "ok".
https_ok() {
	local url=$1; shift
	[ "$(curl -s --noproxy '*' --max-time 3 "$@" "$url")" = ok ]
}

# bind_failed NAME: did the process NAME die because its port was taken meanwhile?
bind_failed() {
	local pid
	pid=$(pid_of "$1")
	! kill -0 "$pid" 2>/dev/null &&
		grep -qiE 'address already in use|bind: ' "$D/logs/$1.log"
}

# wait_started NAME WHAT CMD...: like wait_for, but returns 2 (instead of failing) when the
# process died of a port conflict, so the caller can retry with other ports.
wait_started() {
	local name=$1 what=$2; shift 2
	local pid deadline
	pid=$(pid_of "$name")
	deadline=$(($(date +%s) + TIMEOUT))
	until "$@" > /dev/null 2>&1; do
		if ! kill -0 "$pid" 2>/dev/null; then
			if bind_failed "$name"; then
				log "$name lost its port to another process; retrying with new ports"
				sed -i "/^$name $pid\$/d" "$D/pids"
				return 2
			fi
			show_log "$name"
			die "$name exited while waiting for $what"
		fi
		if [ "$(date +%s)" -ge "$deadline" ]; then
			show_log "$name"
			die "timed out after ${TIMEOUT}s waiting for $what"
		fi
		sleep 0.25
	done
}

# free_ports N: N distinct TCP ports that are free on 127.0.0.1 right now, taken below the
# kernel's ephemeral range so outgoing connections do not grab them before we bind.
free_ports() {
	python3 - "$1" <<-'EOF'
	import random, socket, sys
	n, got, tried = int(sys.argv[1]), [], 0
	while len(got) < n:
	    tried += 1
	    if tried > 2000:
	        sys.exit("no free ports")
	    p = random.randint(20000, 32000)
	    if p in got:
	        continue
	    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
	    try:
	        s.bind(("127.0.0.1", p))
	    except OSError:
	        continue
	    finally:
	        s.close()
	    got.append(p)
	print(" ".join(map(str, got)))
	EOF
}

# ------------------------------------------------------------------------------------------
# PKI (openssl): one CA signs every certificate

pki() {
	local p=$D/pki
	(
		cd "$p"
		umask 077
		key() { openssl genrsa -traditional -out "$1.key" 2048 2> /dev/null; }
		# sign NAME SUBJECT [EXT]
		sign() {
			openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2> /dev/null
			printf '%s\n' "${3:-}" > "$1.ext"
			openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
				-days 30 -sha256 -extfile "$1.ext" -out "$1.crt" 2> /dev/null
			rm -f "$1.csr" "$1.ext"
		}
		key ca
		openssl req -x509 -new -key ca.key -subj "/CN=kubec-test-ca" -days 30 -sha256 \
			-addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
			-out ca.crt 2> /dev/null
		local client="keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
		local server="keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth"
		key apiserver
		sign apiserver "/CN=kube-apiserver" "$server
subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1,IP:$ADVERTISE"
		key kwok-serving
		sign kwok-serving "/CN=kwok" "$server
subjectAltName=IP:127.0.0.1,DNS:localhost"
		key admin;          sign admin "/O=system:masters/CN=kubec-admin" "$client"
		key readonly;       sign readonly "/O=kubec:readonly/CN=kubec-readonly" "$client"
		key controller-manager
		sign controller-manager "/CN=system:kube-controller-manager" "$client"
		key scheduler;      sign scheduler "/CN=system:kube-scheduler" "$client"
		key kwok;           sign kwok "/O=system:masters/CN=kwok-controller" "$client"
		key apiserver-kubelet-client
		sign apiserver-kubelet-client "/O=kubelet-api-admin/CN=kube-apiserver-kubelet-client" "$client"
		key sa
		openssl rsa -in sa.key -pubout -out sa.pub 2> /dev/null
		rm -f ca.srl
	)
	# Static bearer tokens: token,user,uid,"group,..."
	TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
	EXEC_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
	(
		umask 077
		printf '%s,kubec-token,kubec-token,"system:masters"\n' "$TOKEN" > "$p/tokens.csv"
		printf '%s,kubec-exec,kubec-exec,"system:masters"\n' "$EXEC_TOKEN" >> "$p/tokens.csv"
		printf '%s\n' "$EXEC_TOKEN" > "$p/exec.token"
	)
}

# ------------------------------------------------------------------------------------------
# kubeconfigs

b64() { base64 -w0 < "$1"; }

# component_kubeconfig FILE CERTNAME: a one-user kubeconfig for a control-plane component
component_kubeconfig() {
	cat > "$1" <<-EOF
	apiVersion: v1
	kind: Config
	clusters:
	- name: kubec
	  cluster:
	    server: $SERVER
	    certificate-authority-data: $(b64 "$D/pki/ca.crt")
	users:
	- name: $2
	  user:
	    client-certificate-data: $(b64 "$D/pki/$2.crt")
	    client-key-data: $(b64 "$D/pki/$2.key")
	contexts:
	- name: $2
	  context:
	    cluster: kubec
	    user: $2
	current-context: $2
	EOF
	chmod 600 "$1"
}

# The kubeconfig handed to tests: four users, four contexts, admin is current.
user_kubeconfig() {
	cat > "$D/kubeconfig" <<-EOF
	apiVersion: v1
	kind: Config
	clusters:
	- name: kubec
	  cluster:
	    server: $SERVER
	    certificate-authority-data: $(b64 "$D/pki/ca.crt")
	users:
	- name: kubec-admin
	  user:
	    client-certificate-data: $(b64 "$D/pki/admin.crt")
	    client-key-data: $(b64 "$D/pki/admin.key")
	- name: kubec-token
	  user:
	    token: $TOKEN
	- name: kubec-exec
	  user:
	    exec:
	      apiVersion: client.authentication.k8s.io/v1
	      command: $here/exec-credential.sh
	      env:
	      - name: KUBEC_EXEC_TOKEN_FILE
	        value: $D/pki/exec.token
	      interactiveMode: Never
	      provideClusterInfo: false
	- name: kubec-readonly
	  user:
	    client-certificate-data: $(b64 "$D/pki/readonly.crt")
	    client-key-data: $(b64 "$D/pki/readonly.key")
	contexts:
	- name: admin
	  context:
	    cluster: kubec
	    user: kubec-admin
	- name: token
	  context:
	    cluster: kubec
	    user: kubec-token
	- name: exec
	  context:
	    cluster: kubec
	    user: kubec-exec
	- name: readonly
	  context:
	    cluster: kubec
	    user: kubec-readonly
	    namespace: $RO_NAMESPACE
	current-context: admin
	EOF
	chmod 600 "$D/kubeconfig"
}

# ------------------------------------------------------------------------------------------
# the apiserver's advertise address

# The apiserver needs an address to publish in the `kubernetes` Endpoints. Without
# --advertise-address it takes the interface of the default route and refuses to start when
# there is none; loopback addresses are rejected by Endpoints validation. Nothing ever
# connects to this address: it is bookkeeping, like the pod and service IPs.
advertise_address() {
	local a=${KUBEC_CLUSTER_ADVERTISE:-}
	if [ -z "$a" ] && command -v ip > /dev/null; then
		a=$(ip -4 -o addr show scope global 2> /dev/null | awk '{ sub("/.*", "", $4); print $4; exit }')
	fi
	if [ -z "$a" ] && command -v hostname > /dev/null; then
		a=$(hostname -I 2> /dev/null | tr ' ' '\n' | grep -E '^[0-9]+\.' | grep -v '^127\.' | head -n1 || true)
	fi
	# No global IPv4 address at all (e.g. a network namespace with only lo): use an address
	# from TEST-NET-3 (RFC 5737, documentation only, never routed).
	printf '%s\n' "${a:-203.0.113.1}"
}

# ------------------------------------------------------------------------------------------
# components

start_etcd() {
	local ports
	ports=$(free_ports 2)
	ETCD_PORT=${ports% *}
	local peer=${ports#* }
	# shellcheck disable=SC2086
	start etcd "$bin/etcd" --name kubec --data-dir "$D/etcd" \
		--listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
		--advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
		--listen-peer-urls "http://127.0.0.1:$peer" \
		--initial-advertise-peer-urls "http://127.0.0.1:$peer" \
		--initial-cluster "kubec=http://127.0.0.1:$peer" \
		--log-level warn --unsafe-no-fsync ${KUBEC_CLUSTER_ETCD_ARGS:-}
	wait_started etcd "etcd /health" etcd_healthy
}

etcd_healthy() {
	curl -s --noproxy '*' --max-time 2 "http://127.0.0.1:$ETCD_PORT/health" | grep -q '"health":"true"'
}

start_apiserver() {
	API_PORT=$(free_ports 1)
	SERVER=https://127.0.0.1:$API_PORT
	local p=$D/pki
	# shellcheck disable=SC2086
	start kube-apiserver "$bin/kube-apiserver" \
		--etcd-servers="http://127.0.0.1:$ETCD_PORT" \
		--bind-address=127.0.0.1 --secure-port="$API_PORT" --advertise-address="$ADVERTISE" \
		--tls-cert-file="$p/apiserver.crt" --tls-private-key-file="$p/apiserver.key" \
		--client-ca-file="$p/ca.crt" --token-auth-file="$p/tokens.csv" \
		--service-account-issuer=https://kubernetes.default.svc.cluster.local \
		--service-account-key-file="$p/sa.pub" --service-account-signing-key-file="$p/sa.key" \
		--authorization-mode=Node,RBAC --allow-privileged=true \
		--service-cluster-ip-range="$SERVICE_CIDR" \
		--kubelet-certificate-authority="$p/ca.crt" \
		--kubelet-client-certificate="$p/apiserver-kubelet-client.crt" \
		--kubelet-client-key="$p/apiserver-kubelet-client.key" \
		--kubelet-preferred-address-types=Hostname \
		--cert-dir="$D/kube-apiserver" --profiling=false \
		${KUBEC_CLUSTER_APISERVER_ARGS:-}
	wait_started kube-apiserver "kube-apiserver /readyz" \
		https_ok "$SERVER/readyz" --cacert "$p/ca.crt" --cert "$p/admin.crt" --key "$p/admin.key"
}

start_controller_manager() {
	KCM_PORT=$(free_ports 1)
	local p=$D/pki kc=$D/controller-manager.kubeconfig
	# shellcheck disable=SC2086
	start kube-controller-manager "$bin/kube-controller-manager" \
		--kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
		--leader-elect=false --bind-address=127.0.0.1 --secure-port="$KCM_PORT" \
		--cert-dir="$D/kube-controller-manager" \
		--service-account-private-key-file="$p/sa.key" --root-ca-file="$p/ca.crt" \
		--use-service-account-credentials=true \
		--cluster-signing-cert-file="$p/ca.crt" --cluster-signing-key-file="$p/ca.key" \
		--service-cluster-ip-range="$SERVICE_CIDR" --profiling=false \
		${KUBEC_CLUSTER_CONTROLLER_MANAGER_ARGS:-}
}

start_scheduler() {
	SCHED_PORT=$(free_ports 1)
	local kc=$D/scheduler.kubeconfig
	# shellcheck disable=SC2086
	start kube-scheduler "$bin/kube-scheduler" \
		--kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
		--leader-elect=false --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" \
		--cert-dir="$D/kube-scheduler" --profiling=false \
		${KUBEC_CLUSTER_SCHEDULER_ARGS:-}
}

# Commands that `kubectl exec` may find on PATH inside a kwok "container". They run on the
# host (as nobody when cluster.sh runs as root), in an empty, read-only work directory.
EXEC_TOOLS="sh printenv echo cat env true false sleep ls pwd id date head tail wc tr sort
uname hostname grep sed seq"

kwok_config() {
	local k=$D/kwok tool path
	mkdir -p "$k/bin" "$k/work"
	for tool in $EXEC_TOOLS; do
		path=$(type -P "$tool" 2> /dev/null || true)
		case $path in /*) ln -sf "$path" "$k/bin/$tool" ;; esac
	done
	# Container logs in the CRI log format kwok reads (`kubectl logs`, `attach`); tests may
	# append lines (KUBEC_CLUSTER_POD_LOG) to exercise --follow.
	local now i
	now=$(date -u +%Y-%m-%dT%H:%M:%S)
	{
		for i in 1 2 3; do
			printf '%s.%09dZ stdout F kubec fake container: log line %d\n' "$now" "$i" "$i"
		done
		printf '%s.%09dZ stderr F kubec fake container: a line on stderr\n' "$now" 4
		printf '%s.%09dZ stdout F kubec fake container: ready\n' "$now" 5
	} > "$k/pod.log"

	local sc=""
	if [ "$(id -u)" = 0 ] && getent passwd 65534 > /dev/null &&
		chmod 711 "$D" "$k" && chmod 755 "$k/bin" "$k/work" &&
		setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$k/work" 2> /dev/null; then
		sc="
      securityContext:
        runAsUser: 65534
        runAsGroup: 65534"
	fi
	cat > "$k/kwok.yaml" <<-EOF
	apiVersion: kwok.x-k8s.io/v1alpha1
	kind: ClusterExec
	metadata:
	  name: kubec-exec
	spec:
	  execs:
	  - local:
	      workDir: $k/work
	      envs:
	      - name: KUBERNETES_SERVICE_HOST
	        value: "10.96.0.1"
	      - name: KUBERNETES_SERVICE_PORT
	        value: "443"
	      - name: KUBEC_FAKE_CONTAINER
	        value: "kwok"$sc
	---
	apiVersion: kwok.x-k8s.io/v1alpha1
	kind: ClusterLogs
	metadata:
	  name: kubec-logs
	spec:
	  logs:
	  - logsFile: $k/pod.log
	---
	apiVersion: kwok.x-k8s.io/v1alpha1
	kind: ClusterAttach
	metadata:
	  name: kubec-attach
	spec:
	  attaches:
	  - logsFile: $k/pod.log
	---
	apiVersion: kwok.x-k8s.io/v1alpha1
	kind: ClusterPortForward
	metadata:
	  name: kubec-port-forward
	spec:
	  forwards:
	  - ports: [80, 8080]
	    command: ["$here/kwok-port-forward-http.sh"]
	  - command: ["cat"]
	EOF
	cat "$bin/kwok-stages.yaml" >> "$k/kwok.yaml"
}

start_kwok() {
	KWOK_PORT=$(free_ports 1)
	local k=$D/kwok p=$D/pki
	# A clean environment: `kubectl exec POD -- printenv` shows only this plus the
	# ClusterExec envs, never the caller's environment.
	# shellcheck disable=SC2086
	start kwok env -i PATH="$k/bin" HOME="$k/work" LANG=C "$bin/kwok" \
		--kubeconfig="$D/kwok.kubeconfig" --config="$k/kwok.yaml" \
		--manage-all-nodes=true --cidr="$POD_CIDR" --node-ip=127.0.0.1 \
		--node-port="$KWOK_PORT" --server-address="127.0.0.1:$KWOK_PORT" \
		--tls-cert-file="$p/kwok-serving.crt" --tls-private-key-file="$p/kwok-serving.key" \
		--node-lease-duration-seconds=40 \
		${KUBEC_CLUSTER_KWOK_ARGS:-}
}

# Fake nodes: kwok plays their kubelet. InternalIP on 127.0.0.0/8 (nothing listens there);
# the Hostname address is 127.0.0.1, the only address the apiserver dials
# (--kubelet-preferred-address-types=Hostname) to reach kwok's kubelet port for
# logs/exec/attach/port-forward.
nodes_yaml() {
	local i=0 n
	for n in $NODES; do
		cat <<-EOF
		---
		apiVersion: v1
		kind: Node
		metadata:
		  name: $n
		  labels:
		    type: kwok
		    kubernetes.io/hostname: $n
		    kubernetes.io/os: linux
		    kubernetes.io/arch: amd64
		  annotations:
		    kwok.x-k8s.io/node: fake
		    node.alpha.kubernetes.io/ttl: "0"
		spec:
		  podCIDR: 10.244.$i.0/24
		  podCIDRs:
		  - 10.244.$i.0/24
		status:
		  addresses:
		  - type: InternalIP
		    address: 127.0.0.$((i + 2))
		  - type: Hostname
		    address: 127.0.0.1
		  allocatable:
		    cpu: "4"
		    memory: 8Gi
		    pods: "110"
		    ephemeral-storage: 100Gi
		  capacity:
		    cpu: "4"
		    memory: 8Gi
		    pods: "110"
		    ephemeral-storage: 100Gi
		  nodeInfo:
		    architecture: amd64
		    operatingSystem: linux
		    osImage: kubec test node (kwok)
		    kubeletVersion: $K8S_VERSION
		    containerRuntimeVersion: kwok://v0.8.0
		    kernelVersion: kwok
		EOF
		i=$((i + 1))
	done
}

rbac_yaml() {
	cat <<-EOF
	apiVersion: v1
	kind: Namespace
	metadata:
	  name: $RO_NAMESPACE
	---
	apiVersion: rbac.authorization.k8s.io/v1
	kind: Role
	metadata:
	  name: kubec-read
	  namespace: $RO_NAMESPACE
	rules:
	- apiGroups: ["*"]
	  resources: ["*"]
	  verbs: ["get", "list", "watch"]
	---
	apiVersion: rbac.authorization.k8s.io/v1
	kind: RoleBinding
	metadata:
	  name: kubec-readonly
	  namespace: $RO_NAMESPACE
	roleRef:
	  apiGroup: rbac.authorization.k8s.io
	  kind: Role
	  name: kubec-read
	subjects:
	- apiGroup: rbac.authorization.k8s.io
	  kind: User
	  name: kubec-readonly
	EOF
}

# What a kubeadm cluster has in kube-system and the Services tutorial looks at: the kube-dns
# Service (ClusterIP 10.96.0.10) in front of two CoreDNS pods. kwok "runs" them; nothing
# resolves names (never send traffic to these addresses).
dns_yaml() {
	cat <<-EOF
	apiVersion: apps/v1
	kind: Deployment
	metadata:
	  name: coredns
	  namespace: kube-system
	  labels:
	    k8s-app: kube-dns
	spec:
	  replicas: 2
	  selector:
	    matchLabels:
	      k8s-app: kube-dns
	  template:
	    metadata:
	      labels:
	        k8s-app: kube-dns
	    spec:
	      priorityClassName: system-cluster-critical
	      containers:
	      - name: coredns
	        image: registry.k8s.io/coredns/coredns:v1.12.1
	        args: ["-conf", "/etc/coredns/Corefile"]
	        ports:
	        - {name: dns, containerPort: 53, protocol: UDP}
	        - {name: dns-tcp, containerPort: 53, protocol: TCP}
	        - {name: metrics, containerPort: 9153, protocol: TCP}
	---
	apiVersion: v1
	kind: Service
	metadata:
	  name: kube-dns
	  namespace: kube-system
	  labels:
	    k8s-app: kube-dns
	    kubernetes.io/cluster-service: "true"
	    kubernetes.io/name: CoreDNS
	spec:
	  selector:
	    k8s-app: kube-dns
	  clusterIP: 10.96.0.10
	  ports:
	  - {name: dns, port: 53, protocol: UDP}
	  - {name: dns-tcp, port: 53, protocol: TCP}
	  - {name: metrics, port: 9153, protocol: TCP}
	EOF
}

kc() { "$bin/kubectl" --kubeconfig="$D/kubeconfig" --context=admin --request-timeout=10s "$@"; }

nodes_ready() {
	local n
	for n in $NODES; do
		[ "$(kc get node "$n" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" = True ] ||
			return 1
	done
}

dns_ready() {
	[ "$(kc -n kube-system get deployment coredns -o 'jsonpath={.status.availableReplicas}')" = 2 ]
}

# ------------------------------------------------------------------------------------------
# exports

write_env() {
	cat > "$D/cluster.env" <<-EOF
	export KUBEC_CLUSTER_DIR=$D
	export KUBEC_CLUSTER_BIN=$bin
	export KUBEC_CLUSTER_SERVER=$SERVER
	export KUBEC_CLUSTER_RO_NAMESPACE=$RO_NAMESPACE
	export KUBEC_CLUSTER_POD_LOG=$D/kwok/pod.log
	export KUBECONFIG=$D/kubeconfig
	export KUBECTL=$bin/kubectl
	EOF
}

print_env() {
	if [ -n "$env_file" ]; then
		cp "$D/cluster.env" "$env_file.tmp.$$"
		mv "$env_file.tmp.$$" "$env_file"
	fi
	cat "$D/cluster.env"
}

# ------------------------------------------------------------------------------------------

retry_ports() {
	local fn=$1 rc
	for _ in 1 2 3; do
		rc=0
		"$fn" || rc=$?
		[ $rc = 2 ] || return $rc
	done
	die "$fn: no free port after 3 attempts"
}

cmd_up() {
	command -v openssl > /dev/null || die "openssl is required"
	command -v curl > /dev/null || die "curl is required"
	command -v python3 > /dev/null || die "python3 is required"
	state_init
	trap up_failed EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM HUP
	log "state directory $D"
	bin=$("$here/build.sh") || die "build.sh failed"
	ADVERTISE=$(advertise_address)
	pki
	log "PKI ready (advertise address $ADVERTISE, never dialled)"

	retry_ports start_etcd
	log "etcd ready on 127.0.0.1:$ETCD_PORT"
	retry_ports start_apiserver
	log "kube-apiserver ready on $SERVER"

	component_kubeconfig "$D/controller-manager.kubeconfig" controller-manager
	component_kubeconfig "$D/scheduler.kubeconfig" scheduler
	component_kubeconfig "$D/kwok.kubeconfig" kwok
	user_kubeconfig
	kwok_config
	local rc
	for _ in 1 2 3; do
		start_controller_manager
		start_scheduler
		start_kwok
		rc=0
		wait_started kube-controller-manager "kube-controller-manager /healthz" \
			https_ok "https://127.0.0.1:$KCM_PORT/healthz" -k || rc=$?
		[ $rc = 0 ] && { wait_started kube-scheduler "kube-scheduler /healthz" \
			https_ok "https://127.0.0.1:$SCHED_PORT/healthz" -k || rc=$?; }
		[ $rc = 0 ] && { wait_started kwok "kwok /healthz" \
			https_ok "https://127.0.0.1:$KWOK_PORT/healthz" --cacert "$D/pki/ca.crt" || rc=$?; }
		[ $rc = 2 ] || break
		stop_others
	done
	[ $rc = 0 ] || die "could not find free ports for the controllers"
	log "controller-manager :$KCM_PORT, scheduler :$SCHED_PORT, kwok :$KWOK_PORT healthy"

	rbac_yaml | kc apply -f - > /dev/null
	nodes_yaml | kc create -f - > /dev/null
	wait_for kwok "nodes $NODES Ready" nodes_ready
	log "nodes Ready: $NODES"
	wait_for kube-controller-manager "ServiceAccount default/default" \
		kc -n default get serviceaccount default
	wait_for kube-controller-manager "ServiceAccount $RO_NAMESPACE/default" \
		kc -n "$RO_NAMESPACE" get serviceaccount default
	wait_for kube-controller-manager "ServiceAccount kube-system/default" \
		kc -n kube-system get serviceaccount default
	dns_yaml | kc apply -f - > /dev/null
	wait_for kube-scheduler "CoreDNS pods Running" dns_ready

	write_env
	trap - EXIT
	log "cluster up in $(($(date +%s) - start_s))s; stop it with: KUBEC_CLUSTER_DIR=$D $0 down"
	print_env
}

# After a port conflict among the three late components: stop the survivors before retrying.
stop_others() {
	local name pid
	for name in kube-controller-manager kube-scheduler kwok; do
		pid=$(pid_of "$name")
		if [ -n "$pid" ] && is_ours "$pid"; then
			kill -TERM "$pid" 2> /dev/null || true
			while is_ours "$pid"; do sleep 0.1; done
		fi
		[ -n "$pid" ] && sed -i "/^$name $pid\$/d" "$D/pids"
	done
}

cmd_down() {
	state_from_env
	if [ ! -d "$D" ]; then
		log "nothing to do: $D does not exist"
	elif [ ! -e "$D/$MARKER" ]; then
		die "$D was not made by cluster.sh; refusing to touch it"
	else
		stop_all || die "some processes would not stop; $D kept"
		rm -rf "$D"
		log "stopped; removed $D"
	fi
	[ -z "$env_file" ] || rm -f "$env_file"
}

cmd_env() {
	state_from_env
	[ -e "$D/cluster.env" ] || die "no running cluster in $D"
	print_env
}

cmd_status() {
	state_from_env
	[ -e "$D/pids" ] || { echo "no cluster processes recorded in $D"; return 1; }
	local name pid rc=0
	while read -r name pid; do
		if is_ours "$pid"; then
			echo "$name $pid running"
		else
			echo "$name $pid stopped"
			rc=1
		fi
	done < "$D/pids"
	return $rc
}

usage() {
	sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

cmd=${1:-}
[ $# -gt 0 ] && shift
while [ $# -gt 0 ]; do
	case $1 in
	--env-file) env_file=${2:?--env-file needs a path}; shift 2 ;;
	--env-file=*) env_file=${1#*=}; shift ;;
	--replace) replace=1; shift ;;
	*) usage ;;
	esac
done
case $cmd in
up) cmd_up ;;
down) cmd_down ;;
env) cmd_env ;;
status) cmd_status ;;
*) usage ;;
esac
