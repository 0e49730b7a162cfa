/* kubec apply -f: arguments -> kube_apply_run() -> printed results. */
#include <stdlib.h>
#include <string.h>

#include <kube/apply.h>
#include <kube/manifest.h>

#include "kc.h"
#include "../lib/banned.h"

struct apply_args {
	bool all, allow_missing_template_keys, force, force_conflicts, openapi_patch, overwrite;
	bool prune, record, recursive, server_side, show_managed_fields, wait;
	int64_t grace_period;
	const char *cascade, *dry_run, *field_manager, *kustomize, *output, *selector;
	const char *subresource, *template_, *timeout, *validate;
	struct kc_strv filename, prune_allowlist;
};

static const struct apply_args apply_defaults = {
	.allow_missing_template_keys = true,
	.openapi_patch = true,
	.overwrite = true,
	.grace_period = -1,
	.cascade = "background",
	.dry_run = "none",
	.field_manager = "kubectl-client-side-apply",
	.timeout = "0s",
	.validate = "strict",
};

#define A struct apply_args
static const struct kc_opt apply_opts[] = {
	KC_OPT_B(0, "all", A, all, "With --prune: consider every object of the allowed types in the namespace, not only those matching a selector.", "false"),
	KC_OPT_B(0, "allow-missing-template-keys", A, allow_missing_template_keys, "If true, a missing field or map key in a template or JSONPath expression is not an error. Only used by the golang and jsonpath output formats.", "true"),
	KC_OPT_S(0, "cascade", A, cascade, "string", "How dependents of deleted objects (--prune, --force) are handled: \"background\", \"foreground\" or \"orphan\".", "'background'", 0),
	{KC_OPT_STR, 0, "dry-run", offsetof(A, dry_run), "string", "\"none\", \"server\" or \"client\". With client nothing is sent and the objects that would be applied are printed; with server the requests are sent but nothing is persisted.", "'none'", NULL, 0, KC_OPT_NOOPTDEF, "unchanged"},
	KC_OPT_S(0, "field-manager", A, field_manager, "string", "Field manager name recorded for the changes.", "'kubectl-client-side-apply'", 0),
	KC_OPT_A('f', "filename", A, filename, "strings", "Files, directories or URLs holding the configuration to apply.", KC_COMP_MANIFEST, KC_OPT_COMMA),
	KC_OPT_B(0, "force", A, force, "If true, an object whose patch is refused as a conflict or as invalid is deleted and created again; deleting some objects immediately can lose data or leave things inconsistent.", "false"),
	KC_OPT_B(0, "force-conflicts", A, force_conflicts, "If true, server-side apply takes over fields owned by other managers instead of failing.", "false"),
	KC_OPT_I(0, "grace-period", A, grace_period, "int", "Seconds a deleted object is given to terminate (--prune, --force); negative means the object's own default, 1 means right away, 0 only together with --force.", "-1"),
	KC_OPT_S('k', "kustomize", A, kustomize, "string", "A kustomization directory to build and apply (not with -f or -R).", "''", KC_COMP_FILE),
	KC_OPT_B(0, "openapi-patch", A, openapi_patch, "If true, compute patches with the server's OpenAPI when it describes the type; otherwise use the built-in rules.", "true"),
	KC_OPT_S('o', "output", A, output, "string", "Output format. One of: (json, yaml, kyaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).", "''", KC_COMP_OUTPUT),
	KC_OPT_B(0, "overwrite", A, overwrite, "If true, values from the configuration win over changes made to the live object since the last apply.", "true"),
	KC_OPT_B(0, "prune", A, prune, "If true, delete objects that were applied earlier (apply or create --save-config) but are not in the configuration any more. Needs -l or --all.", "false"),
	KC_OPT_A(0, "prune-allowlist", A, prune_allowlist, "stringArray", "Resource types (<group/version/kind>) that --prune may delete, instead of the default list.", 0, 0),
	{KC_OPT_BOOL, 0, "record", offsetof(A, record), NULL, "Record the command line in an annotation of the objects (deprecated).", "false", NULL, 0, KC_OPT_HIDDEN | KC_OPT_DEPRECATED, NULL},
	KC_OPT_B('R', "recursive", A, recursive, "Also read the directories below those named with -f, --filename.", "false"),
	KC_OPT_S('l', "selector", A, selector, "string", "Label selector ('=', '==', '!=', 'in', 'notin'; e.g. -l key1=value1,key2=value2,key3 in (value3)): only objects matching every requirement are applied.", "''", 0),
	KC_OPT_B(0, "server-side", A, server_side, "If true, the server merges the configuration (server-side apply).", "false"),
	KC_OPT_B(0, "show-managed-fields", A, show_managed_fields, "If true, keep metadata.managedFields in JSON and YAML output.", "false"),
	KC_OPT_S(0, "subresource", A, subresource, "string", "Apply to this subresource of the objects (server-side apply only).", "''", 0),
	KC_OPT_S(0, "template", A, template_, "string", "Go template, or the file holding one, for -o go-template and -o go-template-file [http://golang.org/pkg/text/template/#pkg-overview].", "''", KC_COMP_FILE),
	KC_OPT_S(0, "timeout", A, timeout, "duration", "How long to wait for a deletion (--force, --prune) before giving up; 0 derives a limit from the object.", "0s", 0),
	{KC_OPT_STR, 0, "validate", offsetof(A, validate), "string", "strict (or true), warn or ignore (or false). strict lets the server reject unknown or duplicate fields (checking on the client when the server cannot), warn only reports them, ignore drops them silently.", "'strict'", NULL, 0, KC_OPT_NOOPTDEF, "strict"},
	KC_OPT_B(0, "wait", A, wait, "If true, wait until deleted objects are really gone (their finalizers have run).", "false"),
	KC_OPT_END_(),
};
#undef A

struct apply_sink {
	struct kc_ctx *ctx;
	const struct apply_args *a;
	kube_dry_run dry_run;
	kube_err err;
};

static void apply_warning(const char *line, void *payload)
{
	struct apply_sink *s = payload;

	fflush(s->ctx->out);
	fputs(line, stderr);
}

/* kubectl apply builds a new printer for every result */
static int apply_object(const kube_obj *obj, const char *operation, void *payload)
{
	struct apply_sink *s = payload;
	kube_op_printer_opts po = {.output = s->a->output, .template_ = s->a->template_,
				   .allow_missing_template_keys = s->a->allow_missing_template_keys,
				   .show_managed_fields = s->a->show_managed_fields,
				   .dry_run = s->dry_run};
	kube_op_printer *p = NULL;
	kube_buf b = KUBE_BUF_INIT;
	int rc;

	if ((rc = kube_op_printer_new(&p, &po, &s->err)) == 0)
		rc = kube_op_printer_print(p, obj, operation, &b, &s->err);
	if (b.len && kc_write(s->ctx, &b))
		rc = -1;
	kube_op_printer_free(p);
	kube_buf_release(&b);
	return rc < 0 ? -1 : 0;
}

static int apply_report(struct kc_ctx *ctx, const kube_errval *errs)
{
	kube_buf b = KUBE_BUF_INIT;
	const kube_err *one = kube_errval_format(errs, &b);

	fflush(ctx->out);
	if (one)
		kc_report(ctx, one);
	else
		fputs(b.ptr, stderr);
	kube_buf_release(&b);
	return 1;
}

static void apply_klog(const char *warning, const char *where)
{
	kube_buf b = KUBE_BUF_INIT;

	if (!warning)
		return;
	kube_klog_line(&b, 'W', where, warning);
	fputs(b.ptr, stderr);
	kube_buf_release(&b);
}

static int apply_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct apply_args *a = vargs;
	struct apply_sink sink = {ctx, a, KUBE_DRY_RUN_NONE, KUBE_ERR_INIT};
	kube_apply_sink ks = {apply_object, apply_warning, &sink};
	kube_apply_opts o;
	kube_manifest m = KUBE_MANIFEST_INIT;
	kube_manifest_opts mo = {.recursive = a->recursive};
	kube_errval errs = KUBE_ERRVAL_INIT;
	kube_err err = KUBE_ERR_INIT;
	const char *warning, *where;
	int rc = 1, i;

	if (kc_flag_changed(ctx, "record"))
		fputs("Flag --record has been deprecated, --record will be removed in the future\n",
		      stderr);
	if (argc > 0) {
		kube_buf b = KUBE_BUF_INIT;

		for (i = 0; i < argc; i++)
			kube_buf_printf(&b, "%s%s", i ? " " : "", argv[i]);
		rc = kc_usage_error(ctx, "Unexpected args: [%s]", b.ptr);
		kube_buf_release(&b);
		return rc;
	}
	memset(&o, 0, sizeof(o));
	if (kube_dry_run_parse(&o.dry_run, a->dry_run, &warning, &where, &err) < 0)
		goto fail;
	apply_klog(warning, where);
	sink.dry_run = o.dry_run;
	o.cascade = a->cascade;
	if (kube_apply_check(&o, NULL, &err) < 0)
		goto fail;
	if (a->kustomize && *a->kustomize) {
		if (a->filename.n)
			return kc_error(ctx, "only one of -f or -k can be specified");
		if (a->recursive)
			return kc_error(ctx, "the -k flag can't be used with -f or -R");
		return kc_error(ctx, "kustomization directories (-k) are not supported");
	}
	if (!a->filename.n)
		return kc_error(ctx, "must specify one of -f and -k");
	if (kube_validation_parse(&o.validation, a->validate, &err) < 0)
		goto fail;
	o.selector = a->selector;
	o.field_manager = kc_flag_changed(ctx, "field-manager") ? a->field_manager : NULL;
	o.program = ctx->argv0;
	o.server_side = a->server_side;
	o.force_conflicts = a->force_conflicts;
	o.subresource = a->subresource;
	o.no_overwrite = !a->overwrite;
	o.no_openapi_patch = !a->openapi_patch;
	o.force = a->force;
	o.grace_period = a->grace_period;
	o.grace_period_set = a->grace_period >= 0;
	o.prune = a->prune;
	o.prune_all = a->all;
	o.prune_allowlist = a->prune_allowlist.v;
	o.nprune_allowlist = a->prune_allowlist.n;
	o.print_full = (a->output && *a->output && strcmp(a->output, "name")) ||
		       (!(a->output && *a->output) && a->template_ && *a->template_);
	/* the allowlist needs the server's types; the other checks do not */
	if (o.prune && o.nprune_allowlist && kc_discovery(ctx, &err) < 0)
		goto fail;
	if (kube_apply_check(&o, ctx->disc, &err) < 0 || kc_discovery(ctx, &err) < 0)
		goto fail;
	o.namespace = kc_namespace(ctx);
	o.enforce_namespace = ctx->ns_explicit;
	o.cache_dir = ctx->g.cache_dir;
	if (kube_manifest_load(&m, a->filename.v, a->filename.n, &mo, &errs, &err) < 0) {
		if (err.code == KUBE_ENOMEM)
			goto fail;
		kube_errval_collapse(&errs);
		rc = apply_report(ctx, &errs);
		goto out;
	}
	kube_err_clear(&err);
	if (kube_apply_run(ctx->client, ctx->disc, &o, &m, &ks, &errs, &err) < 0) {
		if (kube_errval_empty(&errs))
			goto fail;
		rc = apply_report(ctx, &errs);
		goto out;
	}
	rc = 0;
	goto out;
fail:
	fflush(ctx->out);
	rc = kc_report(ctx, &err);
out:
	kube_errval_release(&errs);
	kube_manifest_release(&m);
	kube_err_clear(&err);
	kube_err_clear(&sink.err);
	return rc;
}

const struct kc_cmd cmd_apply = {
	.name = "apply",
	.summary = "Apply a configuration to a resource by file name or stdin",
	.description =
		"Make the cluster match the configuration in files or on standard input: objects "
		"that do not exist are created, existing ones are patched. The last applied "
		"configuration is kept in an annotation so that later applies can tell which "
		"fields to remove; create objects with 'apply' or 'create --save-config' to use "
		"'apply' on them later.\n\n"
		" JSON and YAML are accepted.\n\n"
		" --prune is an alpha feature and still incomplete (https://issues.k8s.io/34274).",
	.examples = "  # Apply the configuration of a pod in pod.json\n"
		    "  kubectl apply -f ./pod.json\n\n"
		    "  # Apply a configuration read from standard input\n"
		    "  cat pod.json | kubectl apply -f -\n\n"
		    "  # Apply every manifest in a directory and the directories below it\n"
		    "  kubectl apply -R -f ./manifests/\n\n"
		    "  # Apply manifest.yaml, then delete the objects labelled app=nginx that it does "
		    "not contain\n"
		    "  kubectl apply --prune -f manifest.yaml -l app=nginx\n\n"
		    "  # Let the server merge the configuration, taking over conflicting fields\n"
		    "  kubectl apply --server-side --force-conflicts -f manifest.yaml",
	.usage = "(-f FILENAME | -k DIRECTORY) [options]",
	.opts = apply_opts,
	.args_size = sizeof(struct apply_args),
	.args_defaults = &apply_defaults,
	.flags = KC_CMD_NEEDS_CLIENT,
	.run = apply_run,
	.group = "Advanced Commands:",
};
