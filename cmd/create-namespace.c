/* kubec create namespace NAME */
#include <kube/mutate.h>

#include "mutate-cli.h"
#include "../lib/banned.h"

struct ns_args {
	struct kc_gen_common g;
};

static const struct ns_args ns_defaults = {.g = {KC_GEN_DEFAULTS}};

#define A struct ns_args
static const struct kc_opt ns_opts[] = {
	KC_GEN_OPT_AMTK(A),
	KC_GEN_OPT_DRY_RUN(A),
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-create'"),
	KC_GEN_OPT_OUTPUT(A),
	KC_GEN_OPT_SAVE_CONFIG(A),
	KC_GEN_OPT_SHOW_MANAGED_FIELDS(A),
	KC_GEN_OPT_TEMPLATE(A),
	KC_GEN_OPT_VALIDATE(A),
	KC_OPT_END_(),
};
#undef A

static int ns_gen(kube_obj **out, const struct kc_gen_ctx *g, void *vargs, kube_err *err)
{
	(void)vargs;
	return kube_gen_namespace(out, g->name, err);
}

static int ns_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct ns_args *a = vargs;

	return kc_create_generated(ctx, &a->g, argc, argv, NULL, ns_gen, a, NULL);
}

static const char *const ns_aliases[] = {"ns", NULL};

const struct kc_cmd cmd_create_namespace = {
	.name = "namespace",
	.aliases = ns_aliases,
	.summary = "Create a namespace",
	.description = "Create a namespace with the given name.",
	.examples = "  # A namespace for the staging environment\n"
		    "  kubectl create namespace staging",
	.usage = "NAME [--dry-run=server|client|none] [options]",
	.opts = ns_opts,
	.args_size = sizeof(struct ns_args),
	.args_defaults = &ns_defaults,
	.max_args = -1,
	.flags = KC_CMD_NEEDS_CLIENT,
	.run = ns_run,
};
