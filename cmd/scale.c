/* kubec scale [--resource-version] [--current-replicas] --replicas=COUNT (-f FILENAME | TYPE NAME) */
#include <kube/mutate.h>

#include "mutate-cli.h"
#include "../lib/banned.h"

struct scale_args {
	struct kc_gen_common g;
	bool all, recursive;
	int64_t current_replicas, replicas;
	const char *kustomize, *resource_version, *selector, *timeout;
	struct kc_strv filename;
};

static const struct scale_args scale_defaults = {
	.g = {.allow_missing_template_keys = true, .dry_run = "none"},
	.current_replicas = -1,
	.timeout = "0s",
};

#define A struct scale_args
static const struct kc_opt scale_opts[] = {
	KC_OPT_B(0, "all", A, all, "Scale every object of the given types in the namespace.", "false"),
	KC_GEN_OPT_AMTK(A),
	KC_OPT_I(0, "current-replicas", A, current_replicas, "int", "Only scale when the current size is this number; -1 (the default) scales whatever the size.", "-1"),
	KC_GEN_OPT_DRY_RUN(A),
	KC_OPT_A('f', "filename", A, filename, "strings", "Files, directories or URLs naming the objects to scale.", KC_COMP_MANIFEST, KC_OPT_COMMA),
	KC_OPT_S('k', "kustomize", A, kustomize, "string", "A kustomization directory to read the objects from (not with -f or -R).", "''", KC_COMP_FILE),
	KC_GEN_OPT_OUTPUT(A),
	KC_OPT_B('R', "recursive", A, recursive, "Also read the directories below those named with -f, --filename.", "false"),
	{KC_OPT_INT, 0, "replicas", offsetof(A, replicas), "int", "The number of replicas to scale to (required).", "0", NULL, 0, KC_OPT_REQUIRED, NULL},
	KC_OPT_S(0, "resource-version", A, resource_version, "string", "Only scale when the object's resourceVersion is this one.", "''", 0),
	KC_OPT_S('l', "selector", A, selector, "string", "Label selector ('=', '==', '!=', 'in', 'notin'; e.g. -l key1=value1,key2=value2,key3 in (value3)): scale the objects matching every requirement.", "''", 0),
	KC_GEN_OPT_SHOW_MANAGED_FIELDS(A),
	KC_GEN_OPT_TEMPLATE(A),
	KC_OPT_S(0, "timeout", A, timeout, "duration", "How long to wait for the new size to be reached (e.g. 30s, 2m); 0 does not wait.", "0s", 0),
	KC_OPT_END_(),
};
#undef A

static int scale_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct scale_args *a = vargs;
	kube_mutate_print_opts po = KC_GEN_PRINT_OPTS(a->g);
	kube_mutate_out out = {NULL, NULL, kc_mut_write, kc_mut_warn, ctx};
	kube_manifest m = KUBE_MANIFEST_INIT;
	kube_errval errs = KUBE_ERRVAL_INIT;
	kube_err err = KUBE_ERR_INIT;
	kube_scale_opts o = {.replicas = a->replicas, .current_replicas = a->current_replicas,
			     .resource_version = a->resource_version};
	int rc;

	if (!kc_flag_changed(ctx, "replicas"))
		return kc_error(ctx, "required flag(s) \"replicas\" not set");
	if (kc_mut_duration(ctx, "timeout", a->timeout, &o.timeout_ms))
		return 1;
	if ((rc = kc_mut_dry_run(a->g.dry_run, &o.dry_run, &err)) < 0)
		goto done;
	po.dry_run = o.dry_run;
	if ((rc = kube_mutate_printer_new(&out.printer, &po, &err)) < 0)
		goto done;
	o.sel.selector = a->selector;
	o.sel.all = a->all;
	if ((rc = kc_mut_select(ctx, a->kustomize, &a->filename, a->recursive, &o.sel, &m, &errs,
				&err)) != 0)
		goto done;
	rc = kube_scale_run(ctx->client, ctx->disc, &o, argv, (size_t)argc, &out, &errs, &err);
done:
	return kc_mut_done(ctx, rc, out.printer, &m, &errs, &err);
}

const struct kc_cmd cmd_scale = {
	.name = "scale",
	.summary = "Change the number of replicas of a deployment, replica set, replication "
		   "controller or stateful set",
	.description =
		"Change the number of replicas of a deployment, replica set, replication "
		"controller or stateful set.\n\n"
		" Preconditions can be attached: with --current-replicas or --resource-version the "
		"object is only scaled while it still has that size or that version, checked "
		"atomically with the change.",
	.examples = "  # Three replicas for replica set web\n"
		    "  kubectl scale --replicas=3 rs/web\n\n"
		    "  # Scale the object named in a file\n"
		    "  kubectl scale --replicas=3 -f web.yaml\n\n"
		    "  # Go from two replicas to three, and only from two\n"
		    "  kubectl scale --current-replicas=2 --replicas=3 deployment/db\n\n"
		    "  # Scale several replication controllers at once\n"
		    "  kubectl scale --replicas=5 rc/a rc/b rc/c\n\n"
		    "  # Three replicas for stateful set cache\n"
		    "  kubectl scale --replicas=3 statefulset/cache",
	.usage = "[--resource-version=version] [--current-replicas=count] --replicas=COUNT "
		 "(-f FILENAME | TYPE NAME) [options]",
	.opts = scale_opts,
	.args_size = sizeof(struct scale_args),
	.args_defaults = &scale_defaults,
	.max_args = -1,
	.flags = KC_CMD_NEEDS_CLIENT,
	.run = scale_run,
	.group = "Deploy Commands:",
};
