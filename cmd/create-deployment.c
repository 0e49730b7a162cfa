/* kubec create deployment NAME --image=IMAGE... [--replicas] [--port] [-- COMMAND...] */
#include <kube/mutate.h>

#include "mutate-cli.h"
#include "../lib/banned.h"

struct dep_args {
	struct kc_gen_common g;
	struct kc_strv image;
	int64_t port, replicas;
	/* filled by the run: the words after -- */
	char **command;
	size_t ncommand;
};

static const struct dep_args dep_defaults = {.g = {KC_GEN_DEFAULTS}, .port = -1, .replicas = 1};

#define A struct dep_args
static const struct kc_opt dep_opts[] = {
	KC_GEN_OPT_AMTK(A),
	KC_GEN_OPT_DRY_RUN(A),
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-create'"),
	{KC_OPT_STR_ARRAY, 0, "image", offsetof(A, image), "strings", "The image of a container; give it several times for a pod with several containers.", "[]", NULL, 0, KC_OPT_COMMA | KC_OPT_REQUIRED, NULL},
	KC_GEN_OPT_OUTPUT(A),
	KC_OPT_I(0, "port", A, port, "int32", "The port the (first) container exposes.", "-1"),
	KC_OPT_I('r', "replicas", A, replicas, "int32", "How many replicas to run. 1 unless given.", "1"),
	KC_GEN_OPT_SAVE_CONFIG(A),
	KC_GEN_OPT_SHOW_MANAGED_FIELDS(A),
	KC_GEN_OPT_TEMPLATE(A),
	KC_GEN_OPT_VALIDATE(A),
	KC_OPT_END_(),
};
#undef A

static int dep_gen(kube_obj **out, const struct kc_gen_ctx *g, void *vargs, kube_err *err)
{
	const struct dep_args *a = vargs;
	kube_gen_deployment_opts o = {a->image.v, a->image.n, a->replicas, a->port,
				      (const char *const *)a->command, a->ncommand};

	return kube_gen_deployment(out, g->name, g->namespace, &o, err);
}

static int dep_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct dep_args *a = vargs;
	int nname = ctx->dash_index >= 0 ? ctx->dash_index : argc;

	if (!kc_flag_changed(ctx, "image"))
		return kc_error(ctx, "required flag(s) \"image\" not set");
	if (nname == 1 && argc > 1) {
		a->command = argv + 1;
		a->ncommand = (size_t)(argc - 1);
	}
	return kc_create_generated(ctx, &a->g, argc, argv, NULL, dep_gen, a,
				   "failed to create deployment: ");
}

static const char *const dep_aliases[] = {"deploy", NULL};

const struct kc_cmd cmd_create_deployment = {
	.name = "deployment",
	.aliases = dep_aliases,
	.summary = "Create a deployment running the given images",
	.description = "Create a deployment with the given name whose pods run the given images.",
	.examples = "  # A deployment of one pod running busybox\n"
		    "  kubectl create deployment tools --image=busybox\n\n"
		    "  # Run a command instead of the image's default\n"
		    "  kubectl create deployment clock --image=busybox -- date\n\n"
		    "  # Three replicas of nginx\n"
		    "  kubectl create deployment web --image=nginx --replicas=3\n\n"
		    "  # Declare the port the container listens on\n"
		    "  kubectl create deployment cache --image=memcached --port=11211\n\n"
		    "  # Pods with two containers\n"
		    "  kubectl create deployment pair --image=nginx --image=busybox:latest",
	.usage = "NAME --image=image -- [COMMAND] [args...] [options]",
	.opts = dep_opts,
	.args_size = sizeof(struct dep_args),
	.args_defaults = &dep_defaults,
	.max_args = -1,
	.flags = KC_CMD_NEEDS_CLIENT | KC_CMD_RAW_ARGS,
	.run = dep_run,
};
