/* kubec patch (-f FILENAME | TYPE NAME) [-p PATCH | --patch-file FILE] [--type] [--subresource] */
#include <stdlib.h>

#include <kube/mutate.h>

#include "mutate-cli.h"
#include "../lib/banned.h"

struct patch_args {
	struct kc_gen_common g;
	bool local, recursive;
	const char *kustomize, *patch, *patch_file, *subresource, *type;
	struct kc_strv filename;
};

static const struct patch_args patch_defaults = {
	.g = {.allow_missing_template_keys = true, .dry_run = "none",
	      .field_manager = "kubectl-patch"},
	.type = "strategic",
};

#define A struct patch_args
static const struct kc_opt patch_opts[] = {
	KC_GEN_OPT_AMTK(A),
	KC_GEN_OPT_DRY_RUN(A),
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-patch'"),
	KC_OPT_A('f', "filename", A, filename, "strings", "Files, directories or URLs naming the objects to patch.", KC_COMP_MANIFEST, KC_OPT_COMMA),
	KC_OPT_S('k', "kustomize", A, kustomize, "string", "A kustomization directory to read the objects from (not with -f or -R).", "''", KC_COMP_FILE),
	KC_OPT_B(0, "local", A, local, "If true, patch the objects of the files locally and print them; nothing is sent to the server.", "false"),
	KC_GEN_OPT_OUTPUT(A),
	KC_OPT_S('p', "patch", A, patch, "string", "The patch, in JSON or YAML.", "''", 0),
	KC_OPT_S(0, "patch-file", A, patch_file, "string", "A file holding the patch.", "''", KC_COMP_FILE),
	KC_OPT_B('R', "recursive", A, recursive, "Also read the directories below those named with -f, --filename.", "false"),
	KC_GEN_OPT_SHOW_MANAGED_FIELDS(A),
	KC_OPT_S(0, "subresource", A, subresource, "string", "Patch this subresource (status, scale, ...) of the objects.", "''", 0),
	KC_GEN_OPT_TEMPLATE(A),
	KC_OPT_S(0, "type", A, type, "string", "The kind of patch: one of [json merge strategic]", "'strategic'", 0),
	KC_OPT_END_(),
};
#undef A

static int patch_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct patch_args *a = vargs;
	kube_mutate_print_opts po = KC_GEN_PRINT_OPTS(a->g);
	kube_mutate_out out = {NULL, NULL, kc_mut_write, kc_mut_warn, ctx};
	kube_manifest m = KUBE_MANIFEST_INIT;
	kube_errval errs = KUBE_ERRVAL_INIT;
	kube_err err = KUBE_ERR_INIT, perr = KUBE_ERR_INIT;
	kube_patch_opts o = {.subresource = a->subresource, .field_manager = a->g.field_manager,
			     .local = a->local};
	kube_buf text = KUBE_BUF_INIT;
	int rc;

	if ((rc = kc_mut_dry_run(a->g.dry_run, &o.dry_run, &err)) < 0)
		goto done;
	po.dry_run = o.dry_run;
	/* kubectl builds the printer when it prints, after the request */
	if (kube_mutate_printer_new(&out.printer, &po, &perr) < 0)
		out.printer_err = &perr;
	if (a->patch && *a->patch && a->patch_file && *a->patch_file) {
		rc = kube_err_set(&err, KUBE_EINVAL, "cannot specify --patch and --patch-file "
						    "together");
		goto done;
	}
	if ((!a->patch || !*a->patch) && (!a->patch_file || !*a->patch_file)) {
		rc = kube_err_set(&err, KUBE_EINVAL, "must specify --patch or --patch-file containing "
						    "the contents of the patch");
		goto done;
	}
	if (a->local && argc) {
		rc = kube_err_set(&err, KUBE_EINVAL, "cannot specify --local and server resources");
		goto done;
	}
	if (a->local && o.dry_run == KUBE_DRY_RUN_SERVER) {
		rc = kube_err_set(&err, KUBE_EINVAL, "cannot specify --local and --dry-run=server - "
						    "did you mean --dry-run=client?");
		goto done;
	}
	if ((rc = kube_patch_type_parse(&o.type, a->type, &err)) < 0)
		goto done;
	o.sel.local = a->local;
	if ((rc = kc_mut_select(ctx, a->kustomize, &a->filename, a->recursive, &o.sel, &m, &errs,
				&err)) != 0)
		goto done;
	if (a->patch_file && *a->patch_file) {
		FILE *f = fopen(a->patch_file, "rb");
		char tmp[8192];
		size_t n;

		if (!f) {
			rc = kube_err_set(&err, KUBE_EIO, "unable to read patch file: open %s: no such "
							  "file or directory",
					  a->patch_file);
			goto done;
		}
		while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
			kube_buf_put(&text, tmp, n);
		fclose(f);
		if ((rc = kube_buf_check(&text, &err)) < 0)
			goto done;
		o.patch = text.ptr;
	} else {
		o.patch = a->patch;
	}
	rc = kube_patch_run(ctx->client, ctx->disc, &o, argv, (size_t)argc, &out, &errs, &err);
done:
	rc = kc_mut_done(ctx, rc, out.printer, &m, &errs, &err);
	kube_err_clear(&perr);
	kube_buf_release(&text);
	return rc;
}

const struct kc_cmd cmd_patch = {
	.name = "patch",
	.summary = "Change fields of a resource with a strategic merge, JSON merge or JSON patch",
	.description =
		"Change fields of objects with a patch: a strategic merge patch (the default), a "
		"JSON merge patch or a JSON patch.\n\n"
		" The patch may be written in JSON or in YAML.\n\n"
		" Custom resources cannot take strategic merge patches.",
	.examples = "  # Mark a node unschedulable with a strategic merge patch in JSON\n"
		    "  kubectl patch node worker-2 -p '{\"spec\":{\"unschedulable\":true}}'\n\n"
		    "  # The same patch written in YAML\n"
		    "  kubectl patch node worker-2 -p $'spec:\\n unschedulable: true'\n\n"
		    "  # Patch the node named in a file\n"
		    "  kubectl patch -f node.json -p '{\"spec\":{\"unschedulable\":true}}'\n\n"
		    "  # Change a container's image (containers merge by name)\n"
		    "  kubectl patch pod api-0 -p '{\"spec\":{\"containers\":[{\"name\":\"api\","
		    "\"image\":\"api:2.0\"}]}}'\n\n"
		    "  # The same with a JSON patch addressing the list by position\n"
		    "  kubectl patch pod api-0 --type='json' -p='[{\"op\": \"replace\", \"path\": "
		    "\"/spec/containers/0/image\", \"value\":\"api:2.0\"}]'\n\n"
		    "  # Change a deployment's size through its scale subresource\n"
		    "  kubectl patch deployment web --subresource='scale' --type='merge' -p "
		    "'{\"spec\":{\"replicas\":2}}'",
	.usage = "(-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]",
	.opts = patch_opts,
	.args_size = sizeof(struct patch_args),
	.args_defaults = &patch_defaults,
	.max_args = -1,
	.flags = KC_CMD_NEEDS_CLIENT,
	.run = patch_run,
	.group = "Advanced Commands:",
};
