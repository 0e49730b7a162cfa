/* kubec describe */
#include <string.h>

#include <kube/describe.h>

#include "kc.h"
#include "../lib/banned.h"

struct describe_args {
	bool all_namespaces, recursive, show_events;
	int64_t chunk_size;
	const char *selector, *kustomize;
	struct kc_strv filename;
};

static const struct describe_args describe_defaults = {
	.chunk_size = 500,
	.show_events = true,
};

#define A struct describe_args
static const struct kc_opt describe_opts[] = {
	KC_OPT_B('A', "all-namespaces", A, all_namespaces, "Look for the objects in every namespace; the current namespace, even one given with --namespace, is not used.", "false"),
	KC_OPT_I(0, "chunk-size", A, chunk_size, "int", "Fetch long lists this many objects at a time instead of in one response; 0 fetches them whole.", "500"),
	KC_OPT_A('f', "filename", A, filename, "strings", "File or directory of manifests naming the objects to describe ('-' reads stdin)", KC_COMP_MANIFEST, KC_OPT_COMMA),
	KC_OPT_S('k', "kustomize", A, kustomize, "string", "Kustomization directory naming the objects to describe (not with -f or -R).", "''", KC_COMP_FILE),
	KC_OPT_B('R', "recursive", A, recursive, "Also read the subdirectories of the directories given with -f, --filename.", "false"),
	KC_OPT_S('l', "selector", A, selector, "string", "Label selector the objects must match, with '=', '==', '!=', 'in' and 'notin' (for example -l app=web,tier in (fe,be)); every term must hold.", "''", 0),
	KC_OPT_B(0, "show-events", A, show_events, "Show the events about each object. Unless given, events are shown when exactly one object is described by name.", "true"),
	KC_OPT_END_(),
};
#undef A

static int describe_write(const char *p, size_t n, void *payload)
{
	struct kc_ctx *ctx = payload;

	return fwrite(p, 1, n, ctx->out) == n ? 0 : -1;
}

static bool api_error(const kube_err *e)
{
	return e->code == KUBE_EAPI || e->code == KUBE_ENOTFOUND || e->code == KUBE_EEXISTS ||
	       e->code == KUBE_ECONFLICT || e->code == KUBE_ETRANSPORT;
}

/* kubectl prints one error as CheckErr does and several one per line (MultipleErrors), where
 * errors that are not API errors lose their "error: " prefix. */
static int describe_report(struct kc_ctx *ctx, const kube_describe_result *res)
{
	size_t i;

	fflush(ctx->out);
	if (res->nerrors == 1 && !res->errors_listed)
		return kc_report(ctx, &res->errors[0]);
	for (i = 0; i < res->nerrors; i++) {
		if (api_error(&res->errors[i]))
			kc_report(ctx, &res->errors[i]);
		else
			fprintf(stderr, "%s\n",
				res->errors[i].message ? res->errors[i].message : "");
	}
	return 1;
}

static int describe_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct describe_args *a = vargs;
	kube_describe_opts o;
	kube_describe_sink sink = {describe_write, ctx};
	kube_describe_result res = {0};
	kube_err err = KUBE_ERR_INIT;
	int rc;

	if (argc == 0 && !a->filename.n && !(a->kustomize && *a->kustomize))
		return kc_error(ctx, "You must specify the type of resource to describe. Use \"%s "
				     "api-resources\" for a complete list of supported resources.",
				ctx->argv0);
	if (a->kustomize && *a->kustomize)
		return kc_error(ctx, "kustomize directories (-k) are not supported by kubec");
	if (kc_discovery(ctx, &err) < 0)
		goto fail;
	memset(&o, 0, sizeof(o));
	o.namespace = kc_namespace(ctx);
	o.namespace_explicit = ctx->ns_explicit && !a->all_namespaces;
	o.all_namespaces = a->all_namespaces;
	o.selector = a->selector;
	o.show_events = a->show_events;
	o.show_events_set = kc_flag_changed(ctx, "show-events");
	o.chunk_size = a->chunk_size;
	o.filenames = a->filename.v;
	o.nfilenames = a->filename.n;
	o.recursive = a->recursive;
	if (kube_describe_run(ctx->client, ctx->disc, &o, argv, (size_t)argc, &sink, &res,
			      &err) < 0)
		goto fail;
	if (res.nerrors) {
		rc = describe_report(ctx, &res);
		kube_describe_result_release(&res);
		return rc;
	}
	if (res.none_found) {
		fflush(ctx->out);
		if (a->all_namespaces)
			fputs("No resources found\n", stderr);
		else
			fprintf(stderr, "No resources found in %s namespace.\n", o.namespace);
	}
	kube_describe_result_release(&res);
	return 0;
fail:
	kube_describe_result_release(&res);
	fflush(ctx->out);
	rc = kc_report(ctx, &err);
	kube_err_clear(&err);
	return rc;
}

const struct kc_cmd cmd_describe = {
	.name = "describe",
	.summary = "Show details of a specific resource or group of resources",
	.description =
		"Show the details of one or more resources.\n\n"
		" The description covers the object itself and what is related to it, such as its "
		"events, the objects that control it or that it controls. Objects are chosen by "
		"name, by type (every object of the type), by label selector, or by a name "
		"prefix:\n"
		"\n"
		"        $ kubectl describe TYPE NAME_PREFIX\n"
		"        \n"
		" looks for an object called NAME_PREFIX first and, when there is none, describes "
		"every object of TYPE whose name starts with NAME_PREFIX.\n\n"
		"Use \"kubectl api-resources\" for a complete list of supported resources.",
	.examples = "  # Describe a node\n"
		    "  kubectl describe nodes kwok-node-0\n\n"
		    "  # Describe a pod\n"
		    "  kubectl describe pods/nginx\n\n"
		    "  # Describe the pod named in \"pod.json\"\n"
		    "  kubectl describe -f pod.json\n\n"
		    "  # Describe every pod of the namespace\n"
		    "  kubectl describe pods\n\n"
		    "  # Describe the pods labelled name=myLabel\n"
		    "  kubectl describe pods -l name=myLabel\n\n"
		    "  # Describe the pods whose names start with 'frontend'\n"
		    "  kubectl describe pods frontend",
	.usage = "(-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]",
	.opts = describe_opts,
	.args_size = sizeof(struct describe_args),
	.args_defaults = &describe_defaults,
	.flags = KC_CMD_NEEDS_CLIENT,
	.run = describe_run,
	.group = "Troubleshooting and Debugging Commands:",
};
