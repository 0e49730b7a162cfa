/* kubec run NAME --image=IMAGE [--env] [--port] [--labels] [--restart] [--command] -- [ARGS...]
 * This file creates the pod (and --expose's service); attaching to it (-i, -t, --attach, --rm)
 * is done elsewhere (see run_attach below). */
#include <kube/mutate.h>

#include "mutate-cli.h"
#include "stream-conn.h"
#include "../lib/banned.h"

struct run_args {
	struct kc_gen_common g;
	bool attach, command, expose, force, leave_stdin_open, privileged, quiet, recursive, rm;
	bool stdin_, tty, wait;
	int64_t grace_period;
	const char *cascade, *detach_keys, *image, *image_pull_policy, *kustomize, *labels;
	const char *override_type, *overrides, *pod_running_timeout, *port, *restart, *timeout;
	struct kc_strv annotations, env;
};

static const struct run_args run_defaults = {
	.g = {.allow_missing_template_keys = true, .dry_run = "none",
	      .field_manager = "kubectl-run"},
	.cascade = "background",
	.detach_keys = "ctrl-p,ctrl-q",
	.grace_period = -1,
	.override_type = "merge",
	.pod_running_timeout = "1m0s",
	.restart = "Always",
	.timeout = "0s",
};

#define A struct run_args
static const struct kc_opt run_opts[] = {
	KC_GEN_OPT_AMTK(A),
	KC_OPT_A(0, "annotations", A, annotations, "stringArray", "An annotation of the pod, key=value; may be repeated.", 0, 0),
	KC_OPT_B(0, "attach", A, attach, "If true, wait until the pod runs, then attach to it as 'kubectl attach' does. The default with -i/--stdin. With --restart=Never the exit code of the container becomes the command's.", "false"),
	{KC_OPT_STR, 0, "cascade", offsetof(A, cascade), "string", "\"background\", \"orphan\" or \"foreground\": what happens to the objects the deleted pod owns. background unless given.", "'background'", NULL, 0, KC_OPT_NOOPTDEF, "background"},
	KC_OPT_B(0, "command", A, command, "If true, the words after -- are the container's command instead of its arguments.", "false"),
	KC_OPT_S(0, "detach-keys", A, detach_keys, "string", "The key sequence that detaches from the container.", "'ctrl-p,ctrl-q'", 0),
	KC_GEN_OPT_DRY_RUN(A),
	KC_OPT_A(0, "env", A, env, "stringArray", "An environment variable of the container, NAME=value; may be repeated.", 0, 0),
	KC_OPT_B(0, "expose", A, expose, "If true, also create a ClusterIP service for the pod (needs --port).", "false"),
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-run'"),
	KC_OPT_B(0, "force", A, force, "If true, delete the pod at once, without graceful deletion (with --rm).", "false"),
	KC_OPT_I(0, "grace-period", A, grace_period, "int", "Seconds the pod gets to terminate when deleted (with --rm); negative values are ignored.", "-1"),
	{KC_OPT_STR, 0, "image", offsetof(A, image), "string", "The image the container runs.", "''", NULL, 0, KC_OPT_REQUIRED, NULL},
	KC_OPT_S(0, "image-pull-policy", A, image_pull_policy, "string", "The container's image pull policy; left to the server's default when empty.", "''", 0),
	KC_OPT_S('k', "kustomize", A, kustomize, "string", "A kustomization directory (not with -f or -R).", "''", KC_COMP_FILE),
	KC_OPT_S('l', "labels", A, labels, "string", "The pod's labels, k=v,k2=v2, instead of run=NAME.", "''", 0),
	KC_OPT_B(0, "leave-stdin-open", A, leave_stdin_open, "If true, keep the container's stdin open after the first attach ends.", "false"),
	KC_GEN_OPT_OUTPUT(A),
	KC_OPT_S(0, "override-type", A, override_type, "string", "How --overrides is merged into the generated pod: json, merge or strategic.", "'merge'", 0),
	KC_OPT_S(0, "overrides", A, overrides, "string", "Inline JSON merged into the generated pod; it must carry a valid apiVersion.", "''", 0),
	KC_OPT_S(0, "pod-running-timeout", A, pod_running_timeout, "duration", "How long to wait for the pod to run before attaching (e.g. 5s, 2m; above zero).", "1m0s", 0),
	KC_OPT_S(0, "port", A, port, "string", "The port the container exposes.", "''", 0),
	KC_OPT_B(0, "privileged", A, privileged, "If true, run the container privileged.", "false"),
	KC_OPT_B('q', "quiet", A, quiet, "If true, print no prompts.", "false"),
	KC_OPT_B('R', "recursive", A, recursive, "Also read the directories below those named with -f, --filename.", "false"),
	KC_OPT_S(0, "restart", A, restart, "string", "The pod's restart policy: Always, OnFailure or Never.", "'Always'", 0),
	KC_OPT_B(0, "rm", A, rm, "If true, delete the pod when it exits (only when attached, with --attach or -i/--stdin).", "false"),
	KC_GEN_OPT_SAVE_CONFIG(A),
	KC_GEN_OPT_SHOW_MANAGED_FIELDS(A),
	KC_OPT_B('i', "stdin", A, stdin_, "If true, keep the container's stdin open, attached or not.", "false"),
	KC_GEN_OPT_TEMPLATE(A),
	KC_OPT_S(0, "timeout", A, timeout, "duration", "How long to wait for the pod to be deleted (with --rm); 0 picks a timeout from the pod.", "0s", 0),
	KC_OPT_B('t', "tty", A, tty, "If true, give the container a TTY.", "false"),
	KC_OPT_B(0, "wait", A, wait, "If true, wait for the pod to be gone after deleting it (with --rm).", "false"),
	KC_OPT_END_(),
};
#undef A

/* Attaching to the created pod (-i/-t/--attach, --rm), issue 8: kubectl prints nothing for the
 * pod it creates; cmd/stream-conn.c's kc_run_attach() waits, attaches, deletes. */
static int run_attach(struct kc_ctx *ctx, const struct run_args *a, const kube_run_opts *o,
		      kube_err *err)
{
	struct kc_run_attach_args ra = {
		.name = o->name, .restart = a->restart,
		.pod_running_timeout = a->pod_running_timeout, .stdin_ = a->stdin_, .tty = a->tty,
		.quiet = a->quiet, .leave_stdin_open = a->leave_stdin_open, .rm = a->rm,
	};
	int rc;

	if ((rc = kube_run_create(NULL, ctx->client, ctx->disc, o, NULL, err)) < 0)
		return rc;
	return kc_run_attach(ctx, &ra);
}

static int run_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct run_args *a = vargs;
	kube_mutate_print_opts po = KC_GEN_PRINT_OPTS(a->g);
	kube_mutate_out out = {NULL, NULL, kc_mut_write, kc_mut_warn, ctx};
	kube_errval errs = KUBE_ERRVAL_INIT;
	kube_err err = KUBE_ERR_INIT;
	int nname = ctx->dash_index >= 0 ? ctx->dash_index : argc;
	kube_run_opts o = {
		.pod = {.image = a->image, .image_pull_policy = a->image_pull_policy,
			.labels = a->labels, .annotations = a->annotations.v,
			.nannotations = a->annotations.n, .env = a->env.v, .nenv = a->env.n,
			.port = a->port, .restart = a->restart, .command = a->command,
			.stdin_ = a->stdin_, .tty = a->tty, .privileged = a->privileged,
			.leave_stdin_open = a->leave_stdin_open},
		.expose = a->expose, .overrides = a->overrides, .override_type = a->override_type,
		.field_manager = a->g.field_manager, .save_config = a->g.save_config,
		.rm = a->rm,
	};
	int rc;

	if (!kc_flag_changed(ctx, "image"))
		return kc_error(ctx, "required flag(s) \"image\" not set");
	if (nname == 0)
		return kc_error(ctx, "NAME is required for run");
	o.name = argv[0];
	/* the words after NAME (and after --) are the container's arguments */
	o.pod.args = (const char *const *)argv + 1;
	o.pod.nargs = (size_t)(argc - 1);
	/* -i implies --attach unless --attach was given */
	o.attach = kc_flag_changed(ctx, "attach") ? a->attach : (a->attach || a->stdin_);
	if ((rc = kc_mut_dry_run(a->g.dry_run, &o.dry_run, &err)) < 0)
		goto done;
	po.dry_run = o.dry_run;
	if ((rc = kube_mutate_printer_new(&out.printer, &po, &err)) < 0)
		goto done;
	if ((rc = kc_discovery(ctx, &err)) < 0)
		goto done;
	o.namespace = kc_namespace(ctx);
	o.enforce_namespace = ctx->ns_explicit;
	if (o.attach && o.dry_run == KUBE_DRY_RUN_NONE) {
		if ((rc = run_attach(ctx, a, &o, &err)) < 0)
			goto done;
		goto out;
	}
	rc = kube_run_create(NULL, ctx->client, ctx->disc, &o, &out, &err);
done:
	rc = kc_mut_finish(ctx, rc, &err, &errs);
out:
	kube_mutate_printer_free(out.printer);
	kube_errval_release(&errs);
	kube_err_clear(&err);
	return rc;
}

const struct kc_cmd cmd_run = {
	.name = "run",
	.summary = "Run an image in a new pod",
	.description = "Create a pod running the given image.",
	.examples = "  # A pod running nginx\n"
		    "  kubectl run web --image=nginx\n\n"
		    "  # Declare the port the container listens on\n"
		    "  kubectl run cache --image=memcached --port=11211\n\n"
		    "  # Set environment variables of the container\n"
		    "  kubectl run api --image=api:1 --env=\"MODE=prod\" --env=\"LOG=debug\"\n\n"
		    "  # Labels of your choice\n"
		    "  kubectl run api --image=api:1 --labels=\"app=api,tier=back\"\n\n"
		    "  # Print the pod instead of creating it\n"
		    "  kubectl run web --image=nginx --dry-run=client -o yaml\n\n"
		    "  # Change fields of the generated pod with inline JSON\n"
		    "  kubectl run web --image=nginx --overrides='{ \"apiVersion\": \"v1\", \"spec\": "
		    "{ ... } }'\n\n"
		    "  # Arguments for the image's command\n"
		    "  kubectl run web --image=nginx -- -g 'daemon off;'\n\n"
		    "  # Another command, with its arguments\n"
		    "  kubectl run clock --image=busybox --command -- date -u",
	.usage = "NAME --image=image [--env=\"key=value\"] [--port=port] "
		 "[--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] "
		 "[args...] [options]",
	.opts = run_opts,
	.args_size = sizeof(struct run_args),
	.args_defaults = &run_defaults,
	.max_args = -1,
	.flags = KC_CMD_NEEDS_CLIENT | KC_CMD_RAW_ARGS,
	.run = run_run,
	.group = "Basic Commands (Beginner):",
};
