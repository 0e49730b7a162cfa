/* kubec get */
#include <stdlib.h>
#include <string.h>

#include "kc.h"
#include "../lib/banned.h"

struct get_args {
	bool all_namespaces, ignore_not_found, no_headers, show_kind, show_labels;
	bool show_managed_fields, watch, watch_only, output_watch_events, recursive;
	bool server_print, allow_missing_template_keys;
	int64_t chunk_size;
	const char *output, *selector, *field_selector, *raw, *sort_by, *subresource, *template_;
	struct kc_strv filename, label_columns;
};

static const struct get_args get_defaults = {
	.chunk_size = 500,
	.server_print = true,
	.allow_missing_template_keys = true,
};

#define A struct get_args
static const struct kc_opt get_opts[] = {
	KC_OPT_B('A', "all-namespaces", A, all_namespaces, "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.", "false"),
	KC_OPT_B(0, "allow-missing-template-keys", A, allow_missing_template_keys, "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.", "true"),
	KC_OPT_I(0, "chunk-size", A, chunk_size, "int", "Return large lists in chunks rather than all at once. Pass 0 to disable.", "500"),
	KC_OPT_S(0, "field-selector", A, field_selector, "string", "Selector (field query) to filter on, supports '=', '==', and '!='. The server only supports a limited number of field queries per type.", "''", 0),
	KC_OPT_A('f', "filename", A, filename, "strings", "Filename, directory, or URL to files identifying the resource to get from a server.", KC_COMP_MANIFEST, KC_OPT_COMMA),
	KC_OPT_B(0, "ignore-not-found", A, ignore_not_found, "If set to true, suppress NotFound error for specific objects that do not exist. Using this flag with commands that query for collections of resources has no effect when no resources are found.", "false"),
	KC_OPT_A('L', "label-columns", A, label_columns, "strings", "Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...", 0, KC_OPT_COMMA),
	KC_OPT_B(0, "no-headers", A, no_headers, "When using the default or custom-column output format, don't print headers (default print headers).", "false"),
	KC_OPT_S('o', "output", A, output, "string", "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide).", "''", KC_COMP_OUTPUT),
	KC_OPT_B(0, "output-watch-events", A, output_watch_events, "Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.", "false"),
	KC_OPT_S(0, "raw", A, raw, "string", "Raw URI to request from the server.  Uses the transport specified by the kubeconfig file.", "''", 0),
	KC_OPT_B('R', "recursive", A, recursive, "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.", "false"),
	KC_OPT_S('l', "selector", A, selector, "string", "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.", "''", 0),
	KC_OPT_B(0, "server-print", A, server_print, "If true, have the server return the appropriate table output. Supports extension APIs and CRDs.", "true"),
	KC_OPT_B(0, "show-kind", A, show_kind, "If present, list the resource type for the requested object(s).", "false"),
	KC_OPT_B(0, "show-labels", A, show_labels, "When printing, show all labels as the last column (default hide labels column)", "false"),
	KC_OPT_B(0, "show-managed-fields", A, show_managed_fields, "If true, keep the managedFields when printing objects in JSON or YAML format.", "false"),
	KC_OPT_S(0, "sort-by", A, sort_by, "string", "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string.", "''", 0),
	KC_OPT_S(0, "subresource", A, subresource, "string", "If specified, gets the subresource of the requested object.", "''", 0),
	KC_OPT_S(0, "template", A, template_, "string", "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].", "''", KC_COMP_FILE),
	KC_OPT_B('w', "watch", A, watch, "After listing/getting the requested object, watch for changes.", "false"),
	KC_OPT_B(0, "watch-only", A, watch_only, "Watch for changes to the requested object(s), without listing/getting first.", "false"),
	KC_OPT_END_(),
};
#undef A

static int get_write(const char *p, size_t n, void *payload)
{
	struct kc_ctx *ctx = payload;

	return fwrite(p, 1, n, ctx->out) == n ? 0 : -1;
}

/* While watching, each event reaches a pipe or a terminal at once, as kubectl's unbuffered
 * writes do (`get -w | grep` must not wait for 4 KiB of events). */
static int get_write_flush(const char *p, size_t n, void *payload)
{
	struct kc_ctx *ctx = payload;

	if (fwrite(p, 1, n, ctx->out) != n)
		return -1;
	return fflush(ctx->out) ? -1 : 0;
}

static void get_error(const kube_err *err, bool aggregated, void *payload)
{
	struct kc_ctx *ctx = payload;

	fflush(ctx->out);
	if (aggregated && (err->code == KUBE_EINVAL || err->code == KUBE_ENOMATCH ||
			   err->code == KUBE_EIO || err->code == KUBE_EDECODE)) {
		fprintf(stderr, "%s\n", err->message ? err->message : "");
		return;
	}
	kc_report(ctx, err);
}

static int get_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct get_args *a = vargs;
	kube_get_opts o;
	kube_get_sink sink = {get_write, get_error, ctx};
	kube_get_result res;
	kube_err err = KUBE_ERR_INIT;
	int rc;

	if (a->raw && *a->raw) {
		if (argc > 0 || a->filename.n)
			return kc_error(ctx, "arguments may not be passed when --raw is specified");
		return kc_raw(ctx, "GET", a->raw);
	}
	if (argc == 0 && !a->filename.n) {
		fprintf(stderr, "You must specify the type of resource to get. Use \"%s api-resources\" "
				"for a complete list of supported resources.\n\n",
			ctx->argv0);
		return kc_usage_error(ctx, "Required resource not specified.\nUse \"%s explain "
					   "<resource>\" for a detailed description of that resource "
					   "(e.g. %s explain pods).",
				      ctx->argv0, ctx->argv0);
	}
	if (kube_get_check_output(a->output, a->template_, &err) < 0)
		goto fail;
	memset(&o, 0, sizeof(o));
	o.all_namespaces = a->all_namespaces;
	o.ignore_not_found = a->ignore_not_found;
	o.no_headers = a->no_headers;
	o.show_kind = a->show_kind;
	o.show_labels = a->show_labels;
	o.show_managed_fields = a->show_managed_fields;
	o.allow_missing_template_keys = a->allow_missing_template_keys;
	o.server_print = a->server_print;
	o.chunk_size = a->chunk_size;
	o.output = a->output;
	o.template_ = a->template_;
	o.selector = a->selector;
	o.field_selector = a->field_selector;
	o.sort_by = a->sort_by;
	o.label_columns = a->label_columns.v;
	o.nlabel_columns = a->label_columns.n;
	if (a->watch || a->watch_only)
		sink.write = get_write_flush;
	o.watch = a->watch;
	o.watch_only = a->watch_only;
	o.output_watch_events = a->output_watch_events;
	o.argv0 = ctx->argv0;
	o.filenames = a->filename.v;
	o.nfilenames = a->filename.n;
	o.recursive = a->recursive;
	if (kc_discovery(ctx, &err) < 0)
		goto fail;
	o.namespace = kc_namespace(ctx);
	o.namespace_explicit = ctx->ns_explicit;
	if (kube_get_run(ctx->client, ctx->disc, &o, argv, (size_t)argc, &sink, &res, &err) < 0)
		goto fail;
	/* only the human-readable printers (table, wide) say so; the others print an empty
	 * list their way */
	if (res.human && !res.wrote && !a->ignore_not_found && !res.errors && !a->watch &&
	    !a->watch_only) {
		fflush(ctx->out);
		if (res.all_namespaced)
			fprintf(stderr, "No resources found in %s namespace.\n", o.namespace);
		else
			fputs("No resources found\n", stderr);
	}
	return res.errors ? 1 : 0;
fail:
	fflush(ctx->out);
	rc = kc_report(ctx, &err);
	kube_err_clear(&err);
	return rc;
}

const struct kc_cmd cmd_get = {
	.name = "get",
	.summary = "Display one or many resources",
	.description =
		"Display one or many resources.\n\n"
		" Prints a table of the most important information about the specified resources. "
		"You can filter the list using a label selector and the --selector flag. If the "
		"desired resource type is namespaced you will only see results in the current "
		"namespace if you don't specify any namespace.\n\n"
		" By specifying the output as 'template' and providing a Go template as the value of "
		"the --template flag, you can filter the attributes of the fetched resources.\n\n"
		"Use \"kubectl api-resources\" for a complete list of supported resources.",
	.examples = "  # List all pods in ps output format\n"
		    "  kubectl get pods\n\n"
		    "  # List all pods in ps output format with more information (such as node name)\n"
		    "  kubectl get pods -o wide\n\n"
		    "  # List a single service with the given name in JSON output format\n"
		    "  kubectl get -o json svc my-nginx\n\n"
		    "  # List the node port of a service\n"
		    "  kubectl get -o jsonpath=\"{.spec.ports[0].nodePort}\" services nodeport\n\n"
		    "  # List pod IPs as custom columns\n"
		    "  kubectl get pods -l run=my-nginx -o custom-columns=POD_IP:.status.podIPs",
	.usage = "[(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|"
		 "jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] "
		 "(TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) "
		 "[flags] [options]",
	.opts = get_opts,
	.args_size = sizeof(struct get_args),
	.args_defaults = &get_defaults,
	.flags = KC_CMD_NEEDS_CLIENT,
	.run = get_run,
	.group = "Basic Commands (Intermediate):",
};
