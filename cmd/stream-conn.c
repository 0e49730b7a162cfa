/* The connection options of the streaming commands; see stream-conn.h. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <kube/mutate.h>

#include "stream-conn.h"
#include "../lib/banned.h"

int kc_stream_conn(struct kc_ctx *ctx, struct kc_stream_conn *sc, kube_err *err)
{
	int r;

	memset(sc, 0, sizeof(*sc));
	if ((r = kc_client(ctx, err)) < 0)
		return r;
	sc->opts = ctx->copts;
	return 0;
}

void kc_stream_conn_release(struct kc_stream_conn *sc)
{
	memset(sc, 0, sizeof(*sc));
}

/* Prints kubectl's notices: stderr lines, and stdout lines flushed at once. */
void kc_stream_notice(const char *line, bool to_stdout, void *payload)
{
	struct kc_ctx *ctx = payload;

	if (to_stdout) {
		fprintf(ctx->out, "%s\n", line);
		fflush(ctx->out);
	} else {
		fflush(ctx->out);
		fprintf(stderr, "%s\n", line);
	}
}

/* --pod-running-timeout as cmdutil.GetPodRunningTimeoutFlag: pflag's parse error, or a usage
 * error when not positive. Returns 0 or the exit code. */
int kc_stream_pod_timeout(struct kc_ctx *ctx, const char *value, int64_t *ms)
{
	kube_err err = KUBE_ERR_INIT;

	if (kube_mutate_parse_duration(value, ms, &err) < 0) {
		fprintf(stderr,
			"error: invalid argument \"%s\" for \"--pod-running-timeout\" flag: "
			"%s\nSee '%s --help' for usage.\n",
			value, err.message ? err.message : "", ctx->path);
		kube_err_clear(&err);
		return 1;
	}
	if (*ms <= 0)
		return kc_usage_error(ctx, "--pod-running-timeout must be higher than zero");
	return 0;
}

/* The exit of a finished session, with kubectl's messages. */
int kc_stream_finish(struct kc_ctx *ctx, int rc, kube_exec_result *res, kube_err *err)
{
	fflush(ctx->out);
	if (rc == 0) {
		if (res->exit_code) {
			fprintf(stderr, "command terminated with exit code %d\n", res->exit_code);
			return res->exit_code;
		}
		return 0;
	}
	if (res->signal)
		return 1; /* kubectl's interrupt handler: terminal restored, exit 1, no message */
	if (res->broken_pipe) {
		/* Go dies of SIGPIPE when standard output is a closed pipe */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		return 1;
	}
	if (res->exit_code) {
		/* a CodeExitError (run's "pod ns/x terminated (Error)"): the text as is */
		const char *m = err->message ? err->message : "";
		size_t n = strlen(m);

		fputs(m, stderr);
		if (!n || m[n - 1] != '\n')
			fputc('\n', stderr);
		return res->exit_code;
	}
	if (res->stream_error) {
		/* client-go logs each failed copy before the error stream's verdict */
		if (res->stream_errors & KUBE_EXEC_STREAM_STDOUT)
			kc_klog_error("v2.go:151", "Copying stdout failed", res->stream_error);
		if (res->stream_errors & KUBE_EXEC_STREAM_STDERR)
			kc_klog_error("v2.go:168", "Copying stderr failed", res->stream_error);
		if (res->stream_errors & KUBE_EXEC_STREAM_STDIN)
			kc_klog_error("v2.go:130", "Waiting for server to close stdin failed",
				       res->stream_error);
	}
	return kc_report(ctx, err);
}

int kc_stream_exec(struct kc_ctx *ctx, const struct kc_stream_conn *sc,
		   const struct kc_stream_flags *f, int64_t timeout_ms, kube_exec_cmd_opts *o,
		   kube_err *err)
{
	kube_exec_result res;
	int rc;

	memset(&res, 0, sizeof(res));
	o->container = f->container;
	o->stdin_ = f->stdin_;
	o->tty = f->tty;
	o->quiet = f->quiet;
	o->pod_timeout_ms = timeout_ms;
	KC_STREAM_STDIO(o, ctx);
	fflush(ctx->out);
	rc = kube_exec_run(&res, ctx->client, ctx->disc, &sc->opts, o, err);
	rc = kc_stream_finish(ctx, rc, &res, err);
	kube_exec_result_release(&res);
	return rc;
}

int kc_run_attach(struct kc_ctx *ctx, const struct kc_run_attach_args *a)
{
	struct kc_stream_conn sc;
	kube_run_attach_opts o;
	kube_exec_result res;
	kube_err err = KUBE_ERR_INIT;
	const char *restart = a->restart && *a->restart ? a->restart : "Always";
	char command_name[300];
	int64_t timeout_ms = 0;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&res, 0, sizeof(res));
	if ((rc = kc_stream_pod_timeout(ctx, a->pod_running_timeout, &timeout_ms)))
		return rc;
	if ((rc = kc_stream_conn(ctx, &sc, &err)) < 0) {
		rc = kc_report(ctx, &err);
		kube_err_clear(&err);
		return rc;
	}
	o.namespace = kc_namespace(ctx);
	o.pod = a->name;
	o.stdin_ = a->stdin_;
	o.tty = a->tty;
	o.quiet = a->quiet;
	o.wait_exit =
	    !a->leave_stdin_open && (!strcmp(restart, "Never") || !strcmp(restart, "OnFailure"));
	o.on_failure = !strcmp(restart, "OnFailure");
	o.remove = a->rm;
	o.timeout_ms = timeout_ms;
	snprintf(command_name, sizeof(command_name), "%s attach", ctx->argv0);
	o.command_name = command_name;
	KC_STREAM_STDIO(&o, ctx);
	fflush(ctx->out);
	rc = kube_run_attach(&res, ctx->client, &sc.opts, &o, &err);
	rc = kc_stream_finish(ctx, rc, &res, &err);
	kube_exec_result_release(&res);
	kc_stream_conn_release(&sc);
	kube_err_clear(&err);
	return rc;
}
