/* kubec logs */
#include <stdlib.h>
#include <string.h>

#include <kube/mutate.h>
#include <kube/stream.h>

#include "kc.h"
#include "stream-conn.h"
#include "../lib/banned.h"

struct logs_args {
	bool all_containers, all_pods, follow, ignore_errors, insecure_backend, prefix, previous;
	bool timestamps;
	const char *container, *pod_running_timeout, *selector, *since, *since_time;
	int64_t limit_bytes, max_log_requests, tail;
};

static const struct logs_args logs_defaults = {
	.pod_running_timeout = "20s",
	.since = "0s",
	.max_log_requests = 5,
	.tail = -1,
};

#define A struct logs_args
static const struct kc_opt logs_opts[] = {
	KC_OPT_B(0, "all-containers", A, all_containers, "Get all containers' logs in the pod(s).", "false"),
	KC_OPT_B(0, "all-pods", A, all_pods, "Get logs from all pod(s). Sets prefix to true.", "false"),
	KC_OPT_S('c', "container", A, container, "string", "Print the logs of this container", "''", 0),
	KC_OPT_B('f', "follow", A, follow, "Specify if the logs should be streamed.", "false"),
	KC_OPT_B(0, "ignore-errors", A, ignore_errors, "If watching / following pod logs, allow for any errors that occur to be non-fatal", "false"),
	KC_OPT_B(0, "insecure-skip-tls-verify-backend", A, insecure_backend, "Skip verifying the identity of the kubelet that logs are requested from.  In theory, an attacker could provide invalid log content back. You might want to use this if your kubelet serving certificates have expired.", "false"),
	KC_OPT_I(0, "limit-bytes", A, limit_bytes, "int", "Maximum bytes of logs to return. Defaults to no limit.", "0"),
	KC_OPT_I(0, "max-log-requests", A, max_log_requests, "int", "Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.", "5"),
	KC_OPT_S(0, "pod-running-timeout", A, pod_running_timeout, "duration", "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running", "20s", 0),
	KC_OPT_B(0, "prefix", A, prefix, "Prefix each log line with the log source (pod name and container name)", "false"),
	KC_OPT_B('p', "previous", A, previous, "If true, print the logs for the previous instance of the container in a pod if it exists.", "false"),
	KC_OPT_S('l', "selector", A, selector, "string", "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.", "''", 0),
	KC_OPT_S(0, "since", A, since, "duration", "Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.", "0s", 0),
	KC_OPT_S(0, "since-time", A, since_time, "string", "Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used.", "''", 0),
	KC_OPT_I(0, "tail", A, tail, "int", "Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.", "-1"),
	KC_OPT_B(0, "timestamps", A, timestamps, "Include timestamps on each line in the log output", "false"),
	KC_OPT_END_(),
};
#undef A

#define LOGS_USAGE                                                                                 \
	"expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a "     \
	"required argument for the logs command"

static int logs_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct logs_args *a = vargs;
	struct kc_stream_conn sc;
	kube_logs_opts o;
	kube_err err = KUBE_ERR_INIT;
	kube_buf since_time = KUBE_BUF_INIT, verr = KUBE_BUF_INIT;
	char *raw_error = NULL;
	int64_t since_ms = 0, timeout_ms = 0;
	bool has_selector = a->selector && *a->selector;
	int rc;

	memset(&sc, 0, sizeof(sc));
	memset(&o, 0, sizeof(o));
	/* pflag parses --since as a duration */
	if (kube_mutate_parse_duration(a->since, &since_ms, &err) < 0) {
		fprintf(stderr, "error: invalid argument \"%s\" for \"--since\" flag: %s\nSee '%s "
				"--help' for usage.\n",
			a->since, err.message ? err.message : "", ctx->path);
		kube_err_clear(&err);
		return 1;
	}
	if (argc == 0 && !has_selector)
		return kc_usage_error(ctx, LOGS_USAGE);
	if (argc == 1 && has_selector)
		return kc_usage_error(ctx, "only a selector (-l) or a POD name is allowed");
	if (argc > 2)
		return kc_usage_error(ctx, LOGS_USAGE);
	if ((rc = kc_config(ctx, &err)) < 0)
		goto fail;
	if (kube_mutate_parse_duration(a->pod_running_timeout, &timeout_ms, &err) < 0) {
		fprintf(stderr, "error: invalid argument \"%s\" for \"--pod-running-timeout\" "
				"flag: %s\nSee '%s --help' for usage.\n",
			a->pod_running_timeout, err.message ? err.message : "", ctx->path);
		kube_err_clear(&err);
		return 1;
	}
	if (timeout_ms <= 0)
		return kc_error(ctx, "--pod-running-timeout must be higher than zero");
	if (a->since_time && *a->since_time &&
	    (rc = kube_logs_since_time(&since_time, a->since_time, &err)) < 0)
		goto fail;
	o.container = argc == 2 ? argv[1] : a->container;
	o.since_seconds = since_ms >= 0 ? (since_ms + 500) / 1000 : -((-since_ms + 500) / 1000);
	o.tail = a->tail;
	if (has_selector && a->tail == -1 && !kc_flag_changed(ctx, "tail"))
		o.tail = 10;
	/* kubectl's Validate, reported once the object is found */
	if (since_time.len && o.since_seconds)
		kube_buf_puts(&verr, "at most one of `sinceTime` or `sinceSeconds` may be "
				     "specified");
	else if (a->all_containers && o.container && *o.container)
		kube_buf_printf(&verr, "--all-containers=true should not be specified with "
				       "container name %s",
				o.container);
	else if (kc_flag_changed(ctx, "container") && argc == 2)
		kube_buf_puts(&verr, "only one of -c or an inline [CONTAINER] arg is allowed");
	else if (a->limit_bytes < 0)
		kube_buf_puts(&verr, "--limit-bytes must be greater than 0");
	else if (o.since_seconds < 0)
		kube_buf_puts(&verr, "--since must be greater than 0");
	else if (o.tail < -1)
		kube_buf_puts(&verr, "--tail must be greater than or equal to -1");
	if ((rc = kc_stream_conn(ctx, &sc, &err)) < 0)
		goto fail;
	if (argc && strchr(argv[0], '/') && (rc = kc_discovery(ctx, &err)) < 0)
		goto fail;
	o.namespace = kc_namespace(ctx);
	o.target = argc ? argv[0] : NULL;
	o.selector = a->selector;
	o.all_containers = a->all_containers;
	o.all_pods = a->all_pods;
	o.follow = a->follow;
	o.previous = a->previous;
	o.timestamps = a->timestamps;
	o.prefix = a->prefix || a->all_pods;
	o.ignore_errors = a->ignore_errors;
	o.insecure_skip_tls_verify_backend = a->insecure_backend;
	o.since_time = since_time.len ? since_time.ptr : NULL;
	o.limit_bytes = a->limit_bytes;
	o.max_log_requests = a->max_log_requests;
	o.pod_timeout_ms = timeout_ms;
	o.validation_error = verr.len ? verr.ptr : NULL;
	o.out_fd = 1;
	o.notice = kc_stream_notice;
	o.notice_payload = ctx;
	o.cancel = &ctx->cancel;
	fflush(ctx->out);
	if ((rc = kube_logs_run(ctx->client, ctx->disc, &sc.opts, &o, &raw_error, &err)) < 0) {
		/* a followed stream that broke: kubectl prints the bare error first */
		if (raw_error)
			fprintf(stderr, "%s\n", raw_error);
		goto fail;
	}
	rc = 0;
	goto out;
fail:
	rc = kc_report(ctx, &err);
out:
	free(raw_error);
	kube_buf_release(&since_time);
	kube_buf_release(&verr);
	kc_stream_conn_release(&sc);
	kube_err_clear(&err);
	return rc;
}

const struct kc_cmd cmd_logs = {
	.name = "logs",
	.summary = "Print the logs for a container in a pod",
	.usage = "[-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]",
	.description = "Print what a container of a pod (or of the pod chosen for a resource) "
		       "wrote. The container may be left out when the pod has only one.",
	.examples = "  # The log of pod nginx (one container)\n"
		    "  kubectl logs nginx\n"
		    "\n"
		    "  # The same, each line prefixed with pod and container\n"
		    "  kubectl logs nginx --prefix\n"
		    "\n"
		    "  # At most 500 bytes of it\n"
		    "  kubectl logs nginx --limit-bytes=500\n"
		    "\n"
		    "  # Every container of pod nginx\n"
		    "  kubectl logs nginx --all-containers=true\n"
		    "\n"
		    "  # Every pod of deployment nginx\n"
		    "  kubectl logs deployment/nginx --all-pods=true\n"
		    "\n"
		    "  # The last 10 lines of each pod labelled app=nginx\n"
		    "  kubectl logs -l app=nginx\n"
		    "\n"
		    "  # The log of the previous (crashed) run of container ruby in pod web-1\n"
		    "  kubectl logs -p -c ruby web-1\n"
		    "\n"
		    "  # Follow the log of container ruby in pod web-1\n"
		    "  kubectl logs -f -c ruby web-1\n"
		    "\n"
		    "  # The last 20 lines, and only what the last hour brought\n"
		    "  kubectl logs --tail=20 --since=1h nginx\n"
		    "\n"
		    "  # Lines written after a point in time, with their timestamps\n"
		    "  kubectl logs nginx --since-time=2024-08-30T06:00:00Z --timestamps=true\n"
		    "\n"
		    "  # The first container of job hello\n"
		    "  kubectl logs job/hello",
	.opts = logs_opts,
	.args_size = sizeof(struct logs_args),
	.args_defaults = &logs_defaults,
	.min_args = 0,
	.max_args = -1,
	.run = logs_run,
	.group = "Troubleshooting and Debugging Commands:",
};
