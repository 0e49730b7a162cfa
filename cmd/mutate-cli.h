/* Shared by the imperative commands (expose, scale, patch, delete, run, label, annotate, edit and
 * the `create <kind>` subcommands): the flags they have in common, the output sink, --dry-run,
 * -f loading and the final error report; and the common run of `create <kind> NAME`. */
#ifndef KC_MUTATE_CLI_H
#define KC_MUTATE_CLI_H

#include <string.h>

#include <kube/apply.h>
#include <kube/manifest.h>
#include <kube/mutate.h>

#include "kc.h"

struct kc_gen_common {
	bool allow_missing_template_keys, save_config, show_managed_fields;
	const char *dry_run, *field_manager, *output, *template_, *validate;
};

#define KC_GEN_DEFAULTS                                                                            \
	.allow_missing_template_keys = true, .dry_run = "none", .field_manager = "kubectl-create", \
	.validate = "strict"

/* Option rows (keep each table sorted by long name). T is the args struct, whose member `g` is a
 * struct kc_gen_common. */
#define KC_GEN_OPT_AMTK(T)                                                                         \
	KC_OPT_B(0, "allow-missing-template-keys", T, g.allow_missing_template_keys,               \
		 "If true, a missing field or map key in a template or JSONPath expression is not "  \
		 "an error. Only used by the golang and jsonpath output formats.",                   \
		 "true")
#define KC_GEN_OPT_DRY_RUN(T)                                                                      \
	{KC_OPT_STR, 0, "dry-run", offsetof(T, g.dry_run), "string",                               \
	 "\"none\", \"server\" or \"client\". With client nothing is sent and the object that "    \
	 "would be created is printed; with server the request is sent but nothing is persisted.", \
	 "'none'", NULL, 0, KC_OPT_NOOPTDEF, "unchanged"}
#define KC_GEN_OPT_FIELD_MANAGER(T, def)                                                           \
	KC_OPT_S(0, "field-manager", T, g.field_manager, "string",                                 \
		 "Field manager name recorded for the changes.", def, 0)
#define KC_GEN_OPT_OUTPUT(T)                                                                       \
	KC_OPT_S('o', "output", T, g.output, "string",                                             \
		 "Output format. One of: (json, yaml, kyaml, name, go-template, go-template-file, "   \
		 "template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).",              \
		 "''", KC_COMP_OUTPUT)
#define KC_GEN_OPT_SAVE_CONFIG(T)                                                                  \
	KC_OPT_B(0, "save-config", T, g.save_config,                                               \
		 "If true, record the object's configuration in its last-applied-configuration "     \
		 "annotation so that 'apply' can manage it later; otherwise annotations are left "  \
		 "as they are.",                                                                     \
		 "false")
#define KC_GEN_OPT_SHOW_MANAGED_FIELDS(T)                                                          \
	KC_OPT_B(0, "show-managed-fields", T, g.show_managed_fields,                               \
		 "If true, keep metadata.managedFields in JSON and YAML output.", "false")
#define KC_GEN_OPT_TEMPLATE(T)                                                                     \
	KC_OPT_S(0, "template", T, g.template_, "string",                                          \
		 "Go template, or the file holding one, for -o go-template and -o "                  \
		 "go-template-file [http://golang.org/pkg/text/template/#pkg-overview].",            \
		 "''", KC_COMP_FILE)
#define KC_GEN_OPT_VALIDATE(T)                                                                     \
	{KC_OPT_STR, 0, "validate", offsetof(T, g.validate), "string",                             \
	 "strict (or true), warn or ignore (or false). strict lets the server reject unknown or "  \
	 "duplicate fields, warn only reports them, ignore drops them silently.",                  \
	 "'strict'", NULL, 0, KC_OPT_NOOPTDEF, "strict"}

/* Runs of rows that most `create <kind>` tables share, in sorted order: -o to
 * --show-managed-fields, then --template, --validate and the end of the table. */
#define KC_GEN_OPTS_OUTPUT(T)                                                                      \
	KC_GEN_OPT_OUTPUT(T), KC_GEN_OPT_SAVE_CONFIG(T), KC_GEN_OPT_SHOW_MANAGED_FIELDS(T)
#define KC_GEN_OPTS_END(T) KC_GEN_OPT_TEMPLATE(T), KC_GEN_OPT_VALIDATE(T), KC_OPT_END_()

/* The descriptor fields of a `create <kind> NAME` subcommand whose args struct T has the
 * defaults DEFAULTS. */
#define KC_GEN_CMD_FIELDS(T, DEFAULTS)                                                             \
	.args_size = sizeof(T), .args_defaults = &(DEFAULTS), .max_args = -1,                     \
	.flags = KC_CMD_NEEDS_CLIENT

/* ---- helpers of every mutating command (static inline: each command file uses a few) ---- */

static inline int kc_mut_write(const char *p, size_t n, void *payload)
{
	struct kc_ctx *ctx = payload;

	return fwrite(p, 1, n, ctx->out) == n ? 0 : -1;
}

static inline void kc_mut_warn(const char *line, void *payload)
{
	struct kc_ctx *ctx = payload;

	fflush(ctx->out);
	fputs(line, stderr);
}

/* --dry-run VALUE; prints kubectl's deprecation klog line. */
static inline int kc_mut_dry_run(const char *value, kube_dry_run *out, kube_err *err)
{
	const char *warning, *where;
	kube_buf b = KUBE_BUF_INIT;
	int rc = kube_dry_run_parse(out, value, &warning, &where, err);

	if (rc == 0 && warning) {
		kube_klog_line(&b, 'W', where, warning);
		if (!b.failed)
			fputs(b.ptr, stderr);
	}
	kube_buf_release(&b);
	return rc;
}

/* The printer options of the common flags g (a struct kc_gen_common); dry_run is set apart. */
#define KC_GEN_PRINT_OPTS(g)                                                                       \
	{                                                                                          \
		.output = (g).output, .template_ = (g).template_,                                  \
		.allow_missing_template_keys = (g).allow_missing_template_keys,                    \
		.show_managed_fields = (g).show_managed_fields,                                    \
	}

/* A duration flag (--timeout) with pflag's parse error. Returns 0, or 1 (the exit code) with the
 * message printed. */
static inline int kc_mut_duration(struct kc_ctx *ctx, const char *flag, const char *value,
				  int64_t *ms)
{
	kube_err err = KUBE_ERR_INIT;

	if (kube_mutate_parse_duration(value, ms, &err) == 0)
		return 0;
	fprintf(stderr, "error: invalid argument \"%s\" for \"--%s\" flag: %s\nSee '%s --help' for "
			"usage.\n",
		value, flag, err.message, ctx->path);
	kube_err_clear(&err);
	return 1;
}

/* The objects' selection, after the command's own checks: -k (not supported), discovery, the
 * namespace, and the -f files read into m (sel->files). Returns < 0 with err set, 1 when reading
 * the files failed with the problems in *errs (nothing is run; kc_mut_finish() reports them), or
 * 0. */
static inline int kc_mut_select(struct kc_ctx *ctx, const char *kustomize,
				const struct kc_strv *files, bool recursive, kube_mutate_select *sel,
				kube_manifest *m, kube_errval *errs, kube_err *err)
{
	kube_manifest_opts mo = {.recursive = recursive};
	int rc;

	if (kustomize && *kustomize)
		return kube_err_set(err, KUBE_EINVAL, "kustomization directories (-k) are not "
						      "supported");
	if ((rc = kc_discovery(ctx, err)) < 0)
		return rc;
	sel->namespace = kc_namespace(ctx);
	sel->enforce_namespace = ctx->ns_explicit;
	if (files->n && (rc = kube_manifest_load(m, files->v, files->n, &mo, errs, err)) < 0)
		return kube_errval_empty(errs) ? rc : 1;
	sel->files = m;
	return 0;
}

/* kc_report(), and a workaround for it (cmd/report.c): kubectl 1.37 prints an Invalid Status
 * with empty details as "The request is invalid: <message>". */
static inline int kc_mut_report(struct kc_ctx *ctx, const kube_err *err)
{
	if (err->reason && !strcmp(err->reason, "Invalid") && err->has_status &&
	    !(err->kind && *err->kind) && !(err->name && *err->name) && !err->ncauses &&
	    err->message && *err->message) {
		fprintf(stderr, "The request is invalid: %s\n", err->message);
		return 1;
	}
	return kc_report(ctx, err);
}

/* The end of a run: a fatal error (rc < 0, err) or the collected per-object errors (rc >= 0).
 * Returns the exit code. */
static inline int kc_mut_finish(struct kc_ctx *ctx, int rc, kube_err *err, kube_errval *errs)
{
	fflush(ctx->out);
	if (rc < 0) {
		if (err->reason && !strcmp(err->reason, KUBE_MUTATE_EXIT))
			return 1;
		if (err->reason && !strcmp(err->reason, KUBE_MUTATE_USAGE))
			return kc_usage_error(ctx, "%s", err->message ? err->message : "");
		return kc_mut_report(ctx, err);
	}
	if (!kube_errval_empty(errs)) {
		kube_buf b = KUBE_BUF_INIT;
		const kube_err *one;

		kube_errval_collapse(errs);
		if (!errs->agg) {
			kube_buf_release(&b);
			return kc_mut_report(ctx, &errs->err);
		}
		one = kube_errval_format(errs, &b);
		if (one)
			kc_mut_report(ctx, one);
		else
			fputs(b.ptr, stderr);
		kube_buf_release(&b);
		return 1;
	}
	return 0;
}

/* kc_mut_finish(), then the release of what a run holds: the printer p (may be NULL), m, errs
 * and err. Returns the exit code. */
static inline int kc_mut_done(struct kc_ctx *ctx, int rc, kube_mutate_printer *p, kube_manifest *m,
			      kube_errval *errs, kube_err *err)
{
	rc = kc_mut_finish(ctx, rc, err, errs);
	kube_mutate_printer_free(p);
	kube_manifest_release(m);
	kube_errval_release(errs);
	kube_err_clear(err);
	return rc;
}

/* ---- label and annotate ---- */

struct kc_label_args {
	struct kc_gen_common g;
	bool all, all_namespaces, list, local, overwrite, recursive;
	const char *field_selector, *kustomize, *resource_version, *selector;
	struct kc_strv filename;
};

/* The defaults, option rows and descriptor fields of label and annotate. WHAT names what changes
 * ("labels"), MANAGER is the default --field-manager, RECURSIVE (true or false) -R's default. */
#define KC_LABEL_DEFAULTS(MANAGER, RECURSIVE)                                                      \
	{                                                                                          \
		.g = {.allow_missing_template_keys = true, .dry_run = "none",                      \
		      .field_manager = MANAGER},                                                   \
		.recursive = RECURSIVE,                                                            \
	}
#define KC_LABEL_OPTS(WHAT, MANAGER, RECURSIVE)                                                    \
	KC_OPT_B(0, "all", struct kc_label_args, all,                                              \
		 "Use every object of the given types in the namespace.", "false"),                 \
	KC_OPT_B('A', "all-namespaces", struct kc_label_args, all_namespaces,                      \
		 "Look for the objects in every namespace; the current one is ignored, even when "  \
		 "given with --namespace.",                                                          \
		 "false"),                                                                           \
	KC_GEN_OPT_AMTK(struct kc_label_args), KC_GEN_OPT_DRY_RUN(struct kc_label_args),           \
	KC_GEN_OPT_FIELD_MANAGER(struct kc_label_args, "'" MANAGER "'"),                           \
	KC_OPT_S(0, "field-selector", struct kc_label_args, field_selector, "string",              \
		 "Field selector ('=', '==', '!='; e.g. --field-selector key1=value1,key2=value2); " \
		 "servers support only a few fields per type.",                                     \
		 "''", 0),                                                                           \
	KC_OPT_A('f', "filename", struct kc_label_args, filename, "strings",                       \
		 "Files, directories or URLs naming the objects whose " WHAT " change.",             \
		 KC_COMP_MANIFEST, KC_OPT_COMMA),                                                    \
	KC_OPT_S('k', "kustomize", struct kc_label_args, kustomize, "string",                      \
		 "A kustomization directory to read the objects from (not with -f or -R).", "''",   \
		 KC_COMP_FILE),                                                                      \
	KC_OPT_B(0, "list", struct kc_label_args, list, "If true, print the " WHAT " of the objects.", \
		 "false"),                                                                           \
	KC_OPT_B(0, "local", struct kc_label_args, local,                                          \
		 "If true, change the objects of the files locally and print them; nothing is sent " \
		 "to the server.",                                                                   \
		 "false"),                                                                           \
	KC_GEN_OPT_OUTPUT(struct kc_label_args),                                                   \
	KC_OPT_B(0, "overwrite", struct kc_label_args, overwrite,                                  \
		 "If true, existing " WHAT " may get new values; otherwise changing one is an "     \
		 "error.",                                                                           \
		 "false"),                                                                           \
	KC_OPT_B('R', "recursive", struct kc_label_args, recursive,                                \
		 "Also read the directories below those named with -f, --filename.", #RECURSIVE),   \
	KC_OPT_S(0, "resource-version", struct kc_label_args, resource_version, "string",          \
		 "Only change the object when its resourceVersion is this one (for a single "       \
		 "object).",                                                                         \
		 "''", 0),                                                                           \
	KC_OPT_S('l', "selector", struct kc_label_args, selector, "string",                        \
		 "Label selector ('=', '==', '!=', 'in', 'notin'; e.g. -l "                          \
		 "key1=value1,key2=value2,key3 in (value3)): change the objects matching every "    \
		 "requirement.",                                                                     \
		 "''", 0),                                                                           \
	KC_GEN_OPT_SHOW_MANAGED_FIELDS(struct kc_label_args),                                      \
	KC_GEN_OPT_TEMPLATE(struct kc_label_args), KC_OPT_END_()
#define KC_LABEL_CMD_FIELDS                                                                        \
	.usage = "[--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N "           \
		 "[--resource-version=version] [options]",                                          \
	.args_size = sizeof(struct kc_label_args), .max_args = -1, .flags = KC_CMD_NEEDS_CLIENT,   \
	.group = "Settings Commands:"

static inline int kc_label_run(struct kc_ctx *ctx, struct kc_label_args *a, int argc, char **argv,
			       bool annotate)
{
	kube_mutate_print_opts po = KC_GEN_PRINT_OPTS(a->g);
	kube_mutate_out out = {NULL, NULL, kc_mut_write, kc_mut_warn, ctx};
	kube_manifest m = KUBE_MANIFEST_INIT;
	kube_errval errs = KUBE_ERRVAL_INIT;
	kube_err err = KUBE_ERR_INIT, perr = KUBE_ERR_INIT;
	kube_label_opts o = {
		.annotate = annotate, .overwrite = a->overwrite, .list = a->list,
		.resource_version = a->resource_version, .field_manager = a->g.field_manager,
		.output_set = a->g.output && *a->g.output, .have_files = a->filename.n > 0,
	};
	size_t nres;
	int rc;

	if ((rc = kc_mut_dry_run(a->g.dry_run, &o.dry_run, &err)) < 0)
		goto done;
	po.dry_run = o.dry_run;
	if (annotate) {
		if ((rc = kube_mutate_printer_new(&out.printer, &po, &err)) < 0)
			goto done;
	} else if (kube_mutate_printer_new(&out.printer, &po, &perr) < 0) {
		/* label builds its printer when it prints, after the request */
		out.printer_err = &perr;
	}
	o.sel.all_namespaces = a->all_namespaces;
	o.sel.selector = a->selector;
	o.sel.field_selector = a->field_selector;
	o.sel.all = a->all;
	o.sel.local = a->local;
	if ((rc = kube_label_check(&o, argv, (size_t)argc, &nres, &err)) < 0)
		goto done;
	if ((rc = kc_mut_select(ctx, a->kustomize, &a->filename, a->recursive, &o.sel, &m, &errs,
				&err)) != 0)
		goto done;
	rc = kube_label_run(ctx->client, ctx->disc, &o, argv, (size_t)argc, &out, &errs, &err);
done:
	rc = kc_mut_done(ctx, rc, out.printer, &m, &errs, &err);
	kube_err_clear(&perr);
	return rc;
}

/* What a subcommand's generator needs from the common part. */
struct kc_gen_ctx {
	const char *name;      /* the NAME argument */
	const char *namespace; /* metadata.namespace for the object: set when -n was given */
	kube_dry_run dry_run;
};

/* Build the object (called once the common checks passed). Returns 0 or < 0 with err set. */
typedef int (*kc_gen_fn)(kube_obj **out, const struct kc_gen_ctx *g, void *args, kube_err *err);
/* After the common checks, before generating (kubectl's Validate()); may be NULL. */
typedef int (*kc_gen_check_fn)(struct kc_ctx *ctx, void *args);

/* The whole run of a `create <kind> NAME` subcommand. err_prefix is what kubectl puts before
 * a failed create request's message ("failed to create configmap: "); NULL reports the server's
 * error as it is. */
int kc_create_generated(struct kc_ctx *ctx, const struct kc_gen_common *g, int argc, char **argv,
			kc_gen_check_fn check, kc_gen_fn gen, void *args, const char *err_prefix);

#endif
