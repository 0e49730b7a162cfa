/* Shared by the streaming commands (exec, attach, port-forward, logs, and run -i): the
 * kube_client_opts of the command's connection, for kube_upgrade_open(); kubectl's klog error
 * lines are kc_klog_error() and kc_klog_error_kv() (kc.h). */
#ifndef KC_STREAM_CONN_H
#define KC_STREAM_CONN_H

#include <kube/kube.h>
#include <kube/stream.h>

#include "kc.h"

struct kc_stream_conn {
	kube_client_opts opts; /* what kc_client() built its client from (owned by the ctx) */
};

/* Load the client and fill sc->opts with the options it was built from (the resolved
 * configuration is not resolved twice: an exec plugin runs once). Release with
 * kc_stream_conn_release(). */
int kc_stream_conn(struct kc_ctx *ctx, struct kc_stream_conn *sc, kube_err *err);
void kc_stream_conn_release(struct kc_stream_conn *sc);

/* kube_stream_notice_fn for commands (payload: the kc_ctx): stderr lines, and stdout lines
 * flushed at once. */
void kc_stream_notice(const char *line, bool to_stdout, void *payload);
/* --pod-running-timeout as cmdutil.GetPodRunningTimeoutFlag: pflag's parse error, or a usage
 * error when not positive. Returns 0 or the exit code (the message is printed). */
int kc_stream_pod_timeout(struct kc_ctx *ctx, const char *value, int64_t *ms);
/* The exit code of a finished exec/attach session, with kubectl's messages. */
int kc_stream_finish(struct kc_ctx *ctx, int rc, kube_exec_result *res, kube_err *err);

/* The flags exec and attach share; member `s` of their args structs. */
struct kc_stream_flags {
	const char *container, *pod_running_timeout;
	bool quiet, stdin_, tty;
};

/* Their option rows (T is the args struct), kept apart so that each table stays sorted. */
#define KC_STREAM_OPT_CONTAINER(T)                                                                 \
	KC_OPT_S('c', "container", T, s.container, "string",                                      \
		 "Container name. If omitted, use the kubectl.kubernetes.io/default-container "      \
		 "annotation for selecting the container to be attached or the first container in "  \
		 "the pod will be chosen",                                                           \
		 "''", 0)
#define KC_STREAM_OPTS_TIMEOUT_TO_TTY(T)                                                           \
	KC_OPT_S(0, "pod-running-timeout", T, s.pod_running_timeout, "duration",                  \
		 "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least " \
		 "one pod is running",                                                               \
		 "1m0s", 0),                                                                         \
	KC_OPT_B('q', "quiet", T, s.quiet, "Only print output from the remote session", "false"), \
	KC_OPT_B('i', "stdin", T, s.stdin_, "Pass stdin to the container", "false"),               \
	KC_OPT_B('t', "tty", T, s.tty, "Stdin is a TTY", "false")

/* Fill a kube_*_opts o with the standard streams, kubectl's notices (kc_stream_notice) and the
 * context's cancel flag. */
#define KC_STREAM_STDIO(o, ctx)                                                                    \
	((o)->in_fd = 0, (o)->out_fd = 1, (o)->err_fd = 2, (o)->notice = kc_stream_notice,        \
	 (o)->notice_payload = (ctx), (o)->cancel = &(ctx)->cancel)
/* Run an exec or attach session (kube_exec_run()) over the connection sc, with the flags f,
 * the pod timeout timeout_ms (--pod-running-timeout, parsed) and o's streams set by
 * KC_STREAM_STDIO; returns the exit code, kubectl's messages printed (kc_stream_finish()). */
int kc_stream_exec(struct kc_ctx *ctx, const struct kc_stream_conn *sc,
		   const struct kc_stream_flags *f, int64_t timeout_ms, kube_exec_cmd_opts *o,
		   kube_err *err);

/* `kubectl run` with -i/-t/--attach once the pod is created: kube_run_attach() with the run
 * flags, kubectl's messages printed; returns the exit code. */
struct kc_run_attach_args {
	const char *name;		 /* the pod (in kc_namespace(ctx)) */
	const char *restart;		 /* --restart */
	const char *pod_running_timeout; /* --pod-running-timeout */
	bool stdin_, tty, quiet, leave_stdin_open, rm;
};
int kc_run_attach(struct kc_ctx *ctx, const struct kc_run_attach_args *a);

#endif
