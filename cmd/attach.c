/* kubec attach */
#include <stdlib.h>
#include <string.h>

#include <kube/stream.h>

#include "kc.h"
#include "stream-conn.h"
#include "../lib/banned.h"

struct attach_args {
	struct kc_stream_flags s;
	const char *detach_keys;
};

static const struct attach_args attach_defaults = {
	.s = {.pod_running_timeout = "1m0s"},
	.detach_keys = "ctrl-p,ctrl-q",
};

#define A struct attach_args
static const struct kc_opt attach_opts[] = {
	KC_STREAM_OPT_CONTAINER(A),
	KC_OPT_S(0, "detach-keys", A, detach_keys, "string", "Override the key sequence for detaching a container", "'ctrl-p,ctrl-q'", 0),
	KC_STREAM_OPTS_TIMEOUT_TO_TTY(A),
	KC_OPT_END_(),
};
#undef A

static int attach_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct attach_args *a = vargs;
	struct kc_stream_conn sc;
	kube_exec_cmd_opts o;
	kube_err err = KUBE_ERR_INIT;
	char name[300];
	int64_t timeout_ms = 0;
	int rc, i;

	memset(&sc, 0, sizeof(sc));
	memset(&o, 0, sizeof(o));
	if ((rc = kc_config(ctx, &err)) < 0)
		goto fail;
	if ((rc = kc_stream_pod_timeout(ctx, a->s.pod_running_timeout, &timeout_ms)))
		return rc;
	if (argc == 0)
		return kc_error(ctx, "at least 1 argument is required for attach");
	if (argc > 2) {
		kube_buf l = KUBE_BUF_INIT;

		for (i = 0; i < argc; i++)
			kube_buf_printf(&l, "%s%s", i ? " " : "", argv[i]);
		rc = kc_error(ctx, "expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) "
				   "saw %d: [%s]",
			      argc, l.ptr);
		kube_buf_release(&l);
		return rc;
	}
	if ((rc = kc_stream_conn(ctx, &sc, &err)) < 0)
		goto fail;
	if ((argc == 2 || strchr(argv[0], '/')) && (rc = kc_discovery(ctx, &err)) < 0)
		goto fail;
	snprintf(name, sizeof(name), "%s", ctx->path);
	o.namespace = kc_namespace(ctx);
	o.target = argc == 2 ? argv[1] : argv[0];
	o.target_type = argc == 2 ? argv[0] : NULL;
	o.attach = true;
	o.command_name = name;
	rc = kc_stream_exec(ctx, &sc, &a->s, timeout_ms, &o, &err);
	goto out;
fail:
	rc = kc_report(ctx, &err);
out:
	kc_stream_conn_release(&sc);
	kube_err_clear(&err);
	return rc;
}

const struct kc_cmd cmd_attach = {
	.name = "attach",
	.summary = "Attach to a running container",
	.usage = "(POD | TYPE/NAME) -c CONTAINER [options]",
	.description = "Connect to the main process of a container that is already running, and "
		       "see its output (and, with -i, feed its input).",
	.examples = "  # Follow the output of pod mypod (its default container, else the first)\n"
		    "  kubectl attach mypod\n"
		    "\n"
		    "  # Follow the output of container ruby-container of pod mypod\n"
		    "  kubectl attach mypod -c ruby-container\n"
		    "\n"
		    "  # Talk to the shell in ruby-container with this terminal (raw mode)\n"
		    "  kubectl attach mypod -c ruby-container -i -t\n"
		    "\n"
		    "  # Follow the output of the first pod of replica set nginx\n"
		    "  kubectl attach rs/nginx",
	.opts = attach_opts,
	.args_size = sizeof(struct attach_args),
	.args_defaults = &attach_defaults,
	.min_args = 0,
	.max_args = -1,
	.run = attach_run,
	.group = "Troubleshooting and Debugging Commands:",
};
