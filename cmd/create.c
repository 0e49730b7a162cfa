/* kubec create: `create -f` (kube_create_run()) and the parent of the create subcommands. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kube/apply.h>
#include <kube/manifest.h>

#include "kc.h"
#include "../lib/banned.h"

/* ---- create subcommands ----
 * `create secret|configmap|deployment|namespace|service ...` live in cmd/create-*.c; add each
 * descriptor here (keep the NULL at the end). */
extern const struct kc_cmd cmd_create_configmap, cmd_create_deployment, cmd_create_namespace,
	cmd_create_secret, cmd_create_service;

static const struct kc_cmd *const create_sub[] = {
	&cmd_create_configmap,
	&cmd_create_deployment,
	&cmd_create_namespace,
	&cmd_create_secret,
	&cmd_create_service,
	NULL,
};

struct create_args {
	bool allow_missing_template_keys, edit, record, recursive, save_config, show_managed_fields;
	bool windows_line_endings;
	const char *dry_run, *field_manager, *kustomize, *output, *raw, *selector, *template_;
	const char *validate;
	struct kc_strv filename;
};

static const struct create_args create_defaults = {
	.allow_missing_template_keys = true,
	.dry_run = "none",
	.field_manager = "kubectl-create",
	.validate = "strict",
};

#define A struct create_args
static const struct kc_opt create_opts[] = {
	KC_OPT_B(0, "allow-missing-template-keys", A, allow_missing_template_keys, "If true, a missing field or map key in a template or JSONPath expression is not an error. Only used by the golang and jsonpath output formats.", "true"),
	{KC_OPT_STR, 0, "dry-run", offsetof(A, dry_run), "string", "\"none\", \"server\" or \"client\". With client nothing is sent and the objects that would be created are printed; with server the requests are sent but nothing is persisted.", "'none'", NULL, 0, KC_OPT_NOOPTDEF, "unchanged"},
	KC_OPT_B(0, "edit", A, edit, "Open the objects in an editor before creating them.", "false"),
	KC_OPT_S(0, "field-manager", A, field_manager, "string", "Field manager name recorded for the changes.", "'kubectl-create'", 0),
	KC_OPT_A('f', "filename", A, filename, "strings", "Files, directories or URLs with the objects to create.", KC_COMP_MANIFEST, KC_OPT_COMMA),
	KC_OPT_S('k', "kustomize", A, kustomize, "string", "A kustomization directory to build and create (not with -f or -R).", "''", KC_COMP_FILE),
	KC_OPT_S('o', "output", A, output, "string", "Output format. One of: (json, yaml, kyaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).", "''", KC_COMP_OUTPUT),
	KC_OPT_S(0, "raw", A, raw, "string", "Send the file as is in a POST to this URI path of the server, with the connection settings of the kubeconfig.", "''", 0),
	{KC_OPT_BOOL, 0, "record", offsetof(A, record), NULL, "Record the command line in an annotation of the objects (deprecated).", "false", NULL, 0, KC_OPT_HIDDEN | KC_OPT_DEPRECATED, NULL},
	KC_OPT_B('R', "recursive", A, recursive, "Also read the directories below those named with -f, --filename.", "false"),
	KC_OPT_B(0, "save-config", A, save_config, "If true, record the configuration in the last-applied-configuration annotation of each object, so that 'apply' can manage it later; otherwise annotations are left as they are.", "false"),
	KC_OPT_S('l', "selector", A, selector, "string", "Label selector ('=', '==', '!=', 'in', 'notin'; e.g. -l key1=value1,key2=value2,key3 in (value3)): only objects matching every requirement are created.", "''", 0),
	KC_OPT_B(0, "show-managed-fields", A, show_managed_fields, "If true, keep metadata.managedFields in JSON and YAML output.", "false"),
	KC_OPT_S(0, "template", A, template_, "string", "Go template, or the file holding one, for -o go-template and -o go-template-file [http://golang.org/pkg/text/template/#pkg-overview].", "''", KC_COMP_FILE),
	{KC_OPT_STR, 0, "validate", offsetof(A, validate), "string", "strict (or true), warn or ignore (or false). strict lets the server reject unknown or duplicate fields (checking on the client when the server cannot), warn only reports them, ignore drops them silently.", "'strict'", NULL, 0, KC_OPT_NOOPTDEF, "strict"},
	KC_OPT_B(0, "windows-line-endings", A, windows_line_endings, "With --edit: use Windows line endings (the platform's own by default).", "false"),
	KC_OPT_END_(),
};
#undef A

struct create_sink {
	struct kc_ctx *ctx;
	kube_op_printer *p;
	kube_err err;
};

static void create_warning(const char *line, void *payload)
{
	struct create_sink *s = payload;

	fflush(s->ctx->out);
	fputs(line, stderr);
}

static int create_object(const kube_obj *obj, const char *operation, void *payload)
{
	struct create_sink *s = payload;
	kube_buf b = KUBE_BUF_INIT;
	int rc = kube_op_printer_print(s->p, obj, operation, &b, &s->err);

	if (b.len && kc_write(s->ctx, &b))
		rc = -1;
	kube_buf_release(&b);
	return rc < 0 ? -1 : 0;
}

/* --raw: POST the file (or standard input) to the URI and print the answer */
static int create_raw(struct kc_ctx *ctx, const char *uri, const char *file)
{
	kube_err err = KUBE_ERR_INIT;
	kube_response resp = KUBE_RESPONSE_INIT;
	kube_buf body = KUBE_BUF_INIT, path = KUBE_BUF_INIT;
	const char *q = strchr(uri, '?');
	char tmp[65536];
	int fd = strcmp(file, "-") ? open(file, O_RDONLY | O_CLOEXEC) : 0, rc;
	ssize_t n;

	if (fd < 0)
		return kc_error(ctx, "open %s: no such file or directory", file);
	while ((n = read(fd, tmp, sizeof(tmp))) > 0)
		kube_buf_put(&body, tmp, (size_t)n);
	if (fd > 0)
		close(fd);
	kube_buf_put(&path, uri, q ? (size_t)(q - uri) : strlen(uri));
	{
		kube_request req = {.method = "POST", .path = path.ptr,
				    .content_type = "application/json", .body = body.ptr,
				    .body_len = body.len};

		if ((rc = kube_buf_check(&body, &err)) < 0 || (rc = kc_client(ctx, &err)) < 0 ||
		    (rc = kube_client_do(ctx->client, &req, &resp, &err)) < 0) {
			rc = kc_report(ctx, &err);
			goto out;
		}
	}
	rc = kc_write(ctx, &resp.body);
out:
	kube_err_clear(&err);
	kube_response_release(&resp);
	kube_buf_release(&body);
	kube_buf_release(&path);
	return rc;
}

static int create_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct create_args *a = vargs;
	struct create_sink sink = {ctx, NULL, KUBE_ERR_INIT};
	kube_apply_sink ks = {create_object, create_warning, &sink};
	kube_op_printer_opts po = {.output = a->output, .template_ = a->template_,
				   .allow_missing_template_keys = a->allow_missing_template_keys,
				   .show_managed_fields = a->show_managed_fields};
	kube_apply_opts o;
	kube_manifest m = KUBE_MANIFEST_INIT;
	kube_manifest_opts mo = {.recursive = a->recursive};
	kube_errval errs = KUBE_ERRVAL_INIT;
	kube_err err = KUBE_ERR_INIT;
	const char *warning, *where;
	kube_buf b = KUBE_BUF_INIT;
	int rc = 1, i;

	if (kc_flag_changed(ctx, "record"))
		fputs("Flag --record has been deprecated, --record will be removed in the future\n",
		      stderr);
	if (argc > 0) {
		for (i = 0; i < argc; i++)
			kube_buf_printf(&b, "%s%s", i ? " " : "", argv[i]);
		rc = kc_usage_error(ctx, "Unexpected args: [%s]", b.ptr);
		goto out;
	}
	memset(&o, 0, sizeof(o));
	if (kube_dry_run_parse(&o.dry_run, a->dry_run, &warning, &where, &err) < 0)
		goto fail;
	if (warning) {
		kube_klog_line(&b, 'W', where, warning);
		fputs(b.ptr, stderr);
	}
	po.dry_run = o.dry_run;
	if (kube_op_printer_new(&sink.p, &po, &err) < 0 ||
	    kube_validation_parse(&o.validation, a->validate, &err) < 0)
		goto fail;
	if (a->kustomize && *a->kustomize && a->filename.n) {
		rc = kc_error(ctx, "only one of -f or -k can be specified");
		goto out;
	}
	if (!a->filename.n && !(a->kustomize && *a->kustomize)) {
		rc = kc_error(ctx, "must specify one of -f and -k");
		goto out;
	}
	if (a->raw && *a->raw) {
		if (a->edit)
			rc = kc_error(ctx, "--raw and --edit are mutually exclusive");
		else if (a->filename.n != 1)
			rc = kc_error(ctx, "--raw can only use a single local file or stdin");
		else if (!strncmp(a->filename.v[0], "http://", 7) ||
			 !strncmp(a->filename.v[0], "https://", 8))
			rc = kc_error(ctx, "--raw cannot read from a url");
		else if (a->recursive)
			rc = kc_error(ctx, "--raw and --recursive are mutually exclusive");
		else if (a->selector && *a->selector)
			rc = kc_error(ctx, "--raw and --selector (-l) are mutually exclusive");
		else if (a->output && *a->output)
			rc = kc_error(ctx, "--raw and --output are mutually exclusive");
		else if (a->raw[0] != '/')
			rc = kc_error(ctx, "--raw must be a valid URL path: parse \"%s\": "
						 "invalid URI for request",
					    a->raw);
		else
			rc = create_raw(ctx, a->raw, a->filename.v[0]);
		goto out;
	}
	if (a->kustomize && *a->kustomize) {
		rc = kc_error(ctx, "kustomization directories (-k) are not supported");
		goto out;
	}
	if (a->edit) {
		rc = kc_error(ctx, "--edit is not supported");
		goto out;
	}
	o.selector = a->selector;
	o.field_manager = a->field_manager;
	o.save_config = a->save_config;
	o.program = ctx->argv0;
	if (kc_discovery(ctx, &err) < 0)
		goto fail;
	o.namespace = kc_namespace(ctx);
	o.enforce_namespace = ctx->ns_explicit;
	o.cache_dir = ctx->g.cache_dir;
	if (kube_manifest_load(&m, a->filename.v, a->filename.n, &mo, &errs, &err) < 0) {
		if (err.code == KUBE_ENOMEM)
			goto fail;
		kube_errval_collapse(&errs);
		goto report;
	}
	kube_err_clear(&err);
	if (kube_create_run(ctx->client, ctx->disc, &o, &m, &ks, &errs, &err) < 0) {
		if (kube_errval_empty(&errs))
			goto fail;
		goto report;
	}
	rc = 0;
	goto out;
report:
	{
		const kube_err *one;

		kube_buf_truncate(&b, 0);
		one = kube_errval_format(&errs, &b);
		fflush(ctx->out);
		if (one)
			kc_report(ctx, one);
		else
			fputs(b.ptr, stderr);
		rc = 1;
	}
	goto out;
fail:
	fflush(ctx->out);
	rc = kc_report(ctx, &err);
out:
	kube_op_printer_free(sink.p);
	kube_errval_release(&errs);
	kube_manifest_release(&m);
	kube_err_clear(&err);
	kube_err_clear(&sink.err);
	kube_buf_release(&b);
	return rc;
}

const struct kc_cmd cmd_create = {
	.name = "create",
	.summary = "Create a resource from a file or from stdin",
	.description = "Create the objects described in files or on standard input.\n\n"
		       " JSON and YAML are accepted.",
	.examples = "  # Create the pod described in pod.json\n"
		    "  kubectl create -f ./pod.json\n\n"
		    "  # Create the objects read from standard input\n"
		    "  cat pod.json | kubectl create -f -\n\n"
		    "  # Create the objects and record their configuration for later applies\n"
		    "  kubectl create --save-config -f ./manifests/",
	.usage = "-f FILENAME [options]",
	.opts = create_opts,
	.args_size = sizeof(struct create_args),
	.args_defaults = &create_defaults,
	.flags = KC_CMD_NEEDS_CLIENT,
	.sub = create_sub,
	.run = create_run,
	.group = "Basic Commands (Beginner):",
};
