/* kubec annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N */
#include <kube/mutate.h>

#include "mutate-cli.h"
#include "../lib/banned.h"

static const struct kc_label_args annotate_defaults = KC_LABEL_DEFAULTS("kubectl-annotate", true);
static const struct kc_opt annotate_opts[] = {KC_LABEL_OPTS("annotations", "kubectl-annotate", true)};

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
	KC_LABEL_CMD_FIELDS,
	.opts = annotate_opts,
	.args_defaults = &annotate_defaults,
	.run = annotate_run,
};
