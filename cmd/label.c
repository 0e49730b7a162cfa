/* kubec label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N */
#include <kube/mutate.h>

#include "mutate-cli.h"
#include "../lib/banned.h"

static const struct kc_label_args label_defaults = KC_LABEL_DEFAULTS("kubectl-label", false);
static const struct kc_opt label_opts[] = {KC_LABEL_OPTS("labels", "kubectl-label", false)};

static int label_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	return kc_label_run(ctx, vargs, argc, argv, false);
}

const struct kc_cmd cmd_label = {
	.name = "label",
	.summary = "Change the labels of resources",
	.description =
		"Add, change or remove the labels of objects.\n\n"
		" * A label key and value must begin with a letter or number and may hold letters, "
		"numbers, hyphens, dots and underscores; each is at most 63 characters.\n"
		" * A key may carry a DNS subdomain prefix, as in example.com/my-app.\n"
		" * An existing label keeps its value unless --overwrite is given.\n"
		" * With --resource-version the change only happens while the object still has "
		"that version.",
	.examples = "  # Add the label tier=cache to pod redis-0\n"
		    "  kubectl label pods redis-0 tier=cache\n\n"
		    "  # Change it, replacing the old value\n"
		    "  kubectl label --overwrite pods redis-0 tier=db\n\n"
		    "  # Label every pod of the namespace\n"
		    "  kubectl label pods --all team=blue\n\n"
		    "  # Label the pod described in a file\n"
		    "  kubectl label -f pod.json tier=cache\n\n"
		    "  # Only while the pod is at resource version 7\n"
		    "  kubectl label pods redis-0 tier=cache --resource-version=7\n\n"
		    "  # Remove the label tier (no --overwrite needed)\n"
		    "  kubectl label pods redis-0 tier-",
	KC_LABEL_CMD_FIELDS,
	.opts = label_opts,
	.args_defaults = &label_defaults,
	.run = label_run,
};
