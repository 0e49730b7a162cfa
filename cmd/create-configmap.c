/* kubec create configmap NAME [--from-file] [--from-literal] [--from-env-file] */
#include <kube/mutate.h>

#include "mutate-cli.h"
#include "../lib/banned.h"

struct cm_args {
	struct kc_gen_common g;
	bool append_hash;
	struct kc_strv from_env_file, from_file, from_literal;
};

static const struct cm_args cm_defaults = {.g = {KC_GEN_DEFAULTS}};

#define A struct cm_args
static const struct kc_opt cm_opts[] = {
	KC_GEN_OPT_AMTK(A),
	KC_OPT_B(0, "append-hash", A, append_hash, "Add a hash of the config map's content to its name.", "false"),
	KC_GEN_OPT_DRY_RUN(A),
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-create'"),
	KC_OPT_A(0, "from-env-file", A, from_env_file, "strings", "A file of KEY=VALUE lines (the format of env files) to read keys and values from; may be repeated.", KC_COMP_FILE, KC_OPT_COMMA),
	KC_OPT_A(0, "from-file", A, from_file, "strings", "A file or directory to read: the key is the file name unless given as key=path; a directory adds each regular file it holds. May be repeated.", KC_COMP_FILE, KC_OPT_COMMA),
	KC_OPT_A(0, "from-literal", A, from_literal, "stringArray", "A key and a value to add, written key=value (e.g. mykey=somevalue); may be repeated.", 0, 0),
	KC_GEN_OPT_OUTPUT(A),
	KC_GEN_OPT_SAVE_CONFIG(A),
	KC_GEN_OPT_SHOW_MANAGED_FIELDS(A),
	KC_GEN_OPT_TEMPLATE(A),
	KC_GEN_OPT_VALIDATE(A),
	KC_OPT_END_(),
};
#undef A

static int cm_gen(kube_obj **out, const struct kc_gen_ctx *g, void *vargs, kube_err *err)
{
	const struct cm_args *a = vargs;
	kube_gen_source_opts src = {a->from_file.v, a->from_file.n, a->from_literal.v,
				    a->from_literal.n, a->from_env_file.v, a->from_env_file.n};

	return kube_gen_configmap(out, g->name, g->namespace, &src, a->append_hash, err);
}

static int cm_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct cm_args *a = vargs;

	return kc_create_generated(ctx, &a->g, argc, argv, NULL, cm_gen, a,
				   "failed to create configmap: ");
}

static const char *const cm_aliases[] = {"cm", NULL};

const struct kc_cmd cmd_create_configmap = {
	.name = "configmap",
	.aliases = cm_aliases,
	.summary = "Create a config map from files, directories or literal values",
	.description =
		"Create a config map holding keys and values taken from files, directories or "
		"literal values.\n\n"
		" A file gives one key, named after the file unless a key is given with "
		"--from-file=key=path, whose value is the file's content.\n\n"
		" A directory gives one key per regular file directly inside it; subdirectories, "
		"symlinks, devices and pipes are skipped.",
	.examples = "  # A config map with one key per file of the directory conf.d\n"
		    "  kubectl create configmap web-conf --from-file=conf.d\n\n"
		    "  # Choose the keys of the files yourself\n"
		    "  kubectl create configmap web-conf --from-file=main=conf.d/main.conf "
		    "--from-file=extra=conf.d/extra.conf\n\n"
		    "  # Keys and values given on the command line\n"
		    "  kubectl create configmap web-conf --from-literal=mode=fast --from-literal=level=2\n\n"
		    "  # Keys and values from an env file\n"
		    "  kubectl create configmap web-conf --from-env-file=settings.env",
	.usage = "NAME [--from-file=[key=]source] [--from-literal=key1=value1] "
		 "[--dry-run=server|client|none] [options]",
	.opts = cm_opts,
	.args_size = sizeof(struct cm_args),
	.args_defaults = &cm_defaults,
	.min_args = 0,
	.max_args = -1,
	.flags = KC_CMD_NEEDS_CLIENT,
	.run = cm_run,
};
