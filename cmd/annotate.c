/* kubec annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N */
#include <kube/mutate.h>

#include "mutate-cli.h"
#include "../lib/banned.h"

static const struct kc_label_args annotate_defaults = {
	.g = {.allow_missing_template_keys = true, .dry_run = "none", .field_manager = "kubectl-annotate"},
	.recursive = true,
};

#define A struct kc_label_args
static const struct kc_opt annotate_opts[] = {
	KC_OPT_B(0, "all", A, all, "Use every object of the given types in the namespace.", "false"),
	KC_OPT_B('A', "all-namespaces", A, all_namespaces, "Look for the objects in every namespace; the current one is ignored, even when given with --namespace.", "false"),
	KC_GEN_OPT_AMTK(A),
	KC_GEN_OPT_DRY_RUN(A),
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-annotate'"),
	KC_OPT_S(0, "field-selector", A, field_selector, "string", "Field selector ('=', '==', '!='; e.g. --field-selector key1=value1,key2=value2); servers support only a few fields per type.", "''", 0),
	KC_OPT_A('f', "filename", A, filename, "strings", "Files, directories or URLs naming the objects whose annotations change.", KC_COMP_MANIFEST, KC_OPT_COMMA),
	KC_OPT_S('k', "kustomize", A, kustomize, "string", "A kustomization directory to read the objects from (not with -f or -R).", "''", KC_COMP_FILE),
	KC_OPT_B(0, "list", A, list, "If true, print the annotations of the objects.", "false"),
	KC_OPT_B(0, "local", A, local, "If true, change the objects of the files locally and print them; nothing is sent to the server.", "false"),
	KC_GEN_OPT_OUTPUT(A),
	KC_OPT_B(0, "overwrite", A, overwrite, "If true, existing annotations may get new values; otherwise changing one is an error.", "false"),
	KC_OPT_B('R', "recursive", A, recursive, "Also read the directories below those named with -f, --filename.", "true"),
	KC_OPT_S(0, "resource-version", A, resource_version, "string", "Only change the object when its resourceVersion is this one (for a single object).", "''", 0),
	KC_OPT_S('l', "selector", A, selector, "string", "Label selector ('=', '==', '!=', 'in', 'notin'; e.g. -l key1=value1,key2=value2,key3 in (value3)): change the objects matching every requirement.", "''", 0),
	KC_GEN_OPT_SHOW_MANAGED_FIELDS(A),
	KC_GEN_OPT_TEMPLATE(A),
	KC_OPT_END_(),
};
#undef A

static int annotate_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	return kc_label_run(ctx, vargs, argc, argv, true);
}

const struct kc_cmd cmd_annotate = {
	.name = "annotate",
	.summary = "Change the annotations of resources",
	.description =
		"Add, change or remove the annotations of objects.\n\n"
		" Annotations are key/value pairs that may hold more data than labels, including "
		"arbitrary strings such as structured JSON. Tools and system extensions store "
		"their own data in them.\n\n"
		" An existing annotation keeps its value unless --overwrite is given. With "
		"--resource-version the change only happens while the object still has that "
		"version.\n\n"
		" Use \"kubectl api-resources\" for the list of resource types.",
	.examples = "  # Annotate pod redis-0 with owner=team-a\n"
		    "  kubectl annotate pods redis-0 owner='team-a'\n\n"
		    "  # Annotate the pod described in a file\n"
		    "  kubectl annotate -f pod.json owner='team-a'\n\n"
		    "  # Replace an existing value\n"
		    "  kubectl annotate --overwrite pods redis-0 owner='team-b'\n\n"
		    "  # Annotate every pod of the namespace\n"
		    "  kubectl annotate pods --all owner='team-a'\n\n"
		    "  # Only while the pod is at resource version 7\n"
		    "  kubectl annotate pods redis-0 owner='team-a' --resource-version=7\n\n"
		    "  # Remove the annotation owner\n"
		    "  kubectl annotate pods redis-0 owner-",
	.usage = "[--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N "
		 "[--resource-version=version] [options]",
	.opts = annotate_opts,
	.args_size = sizeof(struct kc_label_args),
	.args_defaults = &annotate_defaults,
	.max_args = -1,
	.flags = KC_CMD_NEEDS_CLIENT,
	.run = annotate_run,
	.group = "Settings Commands:",
};
