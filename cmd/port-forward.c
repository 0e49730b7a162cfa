/* kubec port-forward */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <kube/stream.h>

#include "kc.h"
#include "stream-conn.h"
#include "../lib/banned.h"

struct pf_args {
	struct kc_strv address;
	const char *pod_running_timeout;
};

static const struct pf_args pf_defaults = {.pod_running_timeout = "1m0s"};

#define A struct pf_args
static const struct kc_opt pf_opts[] = {
	{KC_OPT_STR_ARRAY, 0, "address", offsetof(A, address), "strings", "Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kubectl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.", "[localhost]", NULL, 0, KC_OPT_COMMA, NULL},
	KC_OPT_S(0, "pod-running-timeout", A, pod_running_timeout, "duration", "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running", "1m0s", 0),
	KC_OPT_END_(),
};
#undef A

static volatile int *pf_cancel;

static void on_interrupt(int sig)
{
	(void)sig;
	if (pf_cancel)
		*pf_cancel = 1;
}

/* client-go's PortForwarder logs a failed connection with the logger's error line; the line
 * numbers are those of client-go's portforward.go in kubectl 1.37. */
static void pf_log(const char *msg, const char *text, unsigned local, unsigned remote,
		   void *payload)
{
	static const struct {
		const char *msg, *at;
	} at[] = {
		{"An error occurred forwarding", "portforward.go:549"},
		{"Error reading from error stream", "portforward.go:546"},
		{"Error copying from remote stream to local connection", "portforward.go:516"},
		{"Error copying from local connection to remote stream", "portforward.go:525"},
		{"Error creating error stream", "portforward.go:470"},
		{"Error creating forwarding stream", "portforward.go:490"},
	};
	char kv[64];
	const char *where = "portforward.go:549";
	size_t i;

	(void)payload;
	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++)
		if (!strcmp(at[i].msg, msg))
			where = at[i].at;
	snprintf(kv, sizeof(kv), " localPort=%u remotePort=%u", local, remote);
	kc_klog_error_kv(where, msg, text, kv);
}

static int pf_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	static const char *const localhost[] = {"localhost", NULL};
	struct pf_args *a = vargs;
	struct kc_stream_conn sc;
	kube_portforward_opts o;
	kube_err err = KUBE_ERR_INIT;
	kube_obj *pod = NULL, *object = NULL;
	char **ports = NULL;
	struct sigaction sa, old;
	int64_t timeout_ms = 0;
	const char *phase;
	int rc;

	memset(&sc, 0, sizeof(sc));
	memset(&o, 0, sizeof(o));
	if (argc < 2)
		return kc_usage_error(ctx, "TYPE/NAME and list of ports are required for "
					   "port-forward");
	if ((rc = kc_config(ctx, &err)) < 0)
		goto fail;
	if ((rc = kc_stream_pod_timeout(ctx, a->pod_running_timeout, &timeout_ms)))
		return rc;
	if ((rc = kc_stream_conn(ctx, &sc, &err)) < 0)
		goto fail;
	if (strchr(argv[0], '/') && (rc = kc_discovery(ctx, &err)) < 0)
		goto fail;
	{
		kube_pod_query q = {kc_namespace(ctx), argv[0], NULL, timeout_ms, false, NULL};

		if ((rc = kube_pod_find(&pod, &object, NULL, ctx->client, ctx->disc, &q, &err)) < 0)
			goto fail;
	}
	if ((rc = kube_portforward_ports(&ports, object, pod, (const char *const *)argv + 1,
					 (size_t)argc - 1, &err)) < 0)
		goto fail;
	phase = kube_pod_phase(pod);
	if (strcmp(phase, "Running")) {
		rc = kc_error(ctx, "unable to forward port because pod is not running. Current "
				   "status=%s",
			      phase);
		goto out;
	}
	o.namespace = kc_namespace(ctx);
	o.pod = kube_obj_path_str(pod, "metadata", "name", NULL);
	o.addresses = a->address.n ? a->address.v : localhost;
	o.naddresses = a->address.n ? a->address.n : 1;
	o.ports = (const char *const *)ports;
	o.nports = (size_t)argc - 1;
	o.notice = kc_stream_notice;
	o.log = pf_log;
	o.payload = ctx;
	o.cancel = &ctx->cancel;
	/* kubectl stops forwarding on an interrupt and exits 0 */
	pf_cancel = &ctx->cancel;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	fflush(ctx->out);
	rc = kube_portforward(&sc.opts, &o, &err);
	sigaction(SIGINT, &old, NULL);
	pf_cancel = NULL;
	if (rc < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	fflush(ctx->out);
	rc = kc_report(ctx, &err);
out:
	free(ports);
	kube_obj_free(pod);
	kube_obj_free(object);
	kc_stream_conn_release(&sc);
	kube_err_clear(&err);
	return rc;
}

const struct kc_cmd cmd_port_forward = {
	.name = "port-forward",
	.summary = "Forward one or more local ports to a pod",
	.usage = "TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]",
	.description = "Listen on local ports and pass every connection to a port of a pod.\n\n"
		       " A TYPE/NAME such as deployment/web picks one of its pods (pod is the "
		       "type when there is none).\n\n"
		       " With several matching pods one is chosen; forwarding stops when that pod "
		       "goes away, and the command has to be run again.",
	.examples = "  # Local ports 5000 and 6000 to the same ports of pod mypod\n"
		    "  kubectl port-forward pod/mypod 5000 6000\n"
		    "\n"
		    "  # The same for a pod of deployment mydeployment\n"
		    "  kubectl port-forward deployment/mydeployment 5000 6000\n"
		    "\n"
		    "  # Local port 8443 to the target port behind the https port of a service\n"
		    "  kubectl port-forward service/myservice 8443:https\n"
		    "\n"
		    "  # Local port 8888 to port 5000 of the pod\n"
		    "  kubectl port-forward pod/mypod 8888:5000\n"
		    "\n"
		    "  # Listen on every address\n"
		    "  kubectl port-forward --address 0.0.0.0 pod/mypod 8888:5000\n"
		    "\n"
		    "  # Listen on localhost and one more address\n"
		    "  kubectl port-forward --address localhost,10.19.21.23 pod/mypod 8888:5000\n"
		    "\n"
		    "  # A free local port chosen for you, to port 5000 of the pod\n"
		    "  kubectl port-forward pod/mypod :5000",
	.opts = pf_opts,
	.args_size = sizeof(struct pf_args),
	.args_defaults = &pf_defaults,
	.min_args = 0,
	.max_args = -1,
	.run = pf_run,
	.group = "Troubleshooting and Debugging Commands:",
};
