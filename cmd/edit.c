/* kubec edit (RESOURCE/NAME | -f FILENAME) */
#include <stdlib.h>
#include <string.h>

#include <kube/apply.h>
#include <kube/mutate.h>

#include "mutate-cli.h"
#include "../lib/banned.h"

struct edit_args {
	struct kc_gen_common g;
	bool output_patch, recursive, windows_line_endings;
	const char *kustomize, *subresource;
	struct kc_strv filename;
};

static const struct edit_args edit_defaults = {
	.g = {.allow_missing_template_keys = true, .field_manager = "kubectl-edit",
	      .validate = "strict"},
};

#define A struct edit_args
static const struct kc_opt edit_opts[] = {
	KC_GEN_OPT_AMTK(A),
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-edit'"),
	KC_OPT_A('f', "filename", A, filename, "strings", "Files, directories or URLs naming the objects to edit.", KC_COMP_MANIFEST, KC_OPT_COMMA),
	KC_OPT_S('k', "kustomize", A, kustomize, "string", "A kustomization directory to read the objects from (not with -f or -R).", "''", KC_COMP_FILE),
	KC_GEN_OPT_OUTPUT(A),
	KC_OPT_B(0, "output-patch", A, output_patch, "If true, print the patch of each edited object.", "false"),
	KC_OPT_B('R', "recursive", A, recursive, "Also read the directories below those named with -f, --filename.", "false"),
	KC_GEN_OPT_SAVE_CONFIG(A),
	KC_GEN_OPT_SHOW_MANAGED_FIELDS(A),
	KC_OPT_S(0, "subresource", A, subresource, "string", "Edit this subresource (status, scale, ...) of the objects.", "''", 0),
	KC_GEN_OPT_TEMPLATE(A),
	KC_GEN_OPT_VALIDATE(A),
	KC_OPT_B(0, "windows-line-endings", A, windows_line_endings, "Write the file with Windows line endings (the platform's own by default).", "false"),
	KC_OPT_END_(),
};
#undef A

static int edit_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct edit_args *a = vargs;
	kube_mutate_print_opts po = KC_GEN_PRINT_OPTS(a->g);
	kube_mutate_out out = {NULL, NULL, kc_mut_write, kc_mut_warn, ctx};
	kube_manifest m = KUBE_MANIFEST_INIT;
	kube_errval errs = KUBE_ERRVAL_INIT;
	kube_err err = KUBE_ERR_INIT;
	kube_validation val;
	const char *editor = getenv("KUBE_EDITOR");
	kube_edit_opts o = {.output = a->g.output, .output_patch = a->output_patch,
			    .windows_line_endings = a->windows_line_endings,
			    .subresource = a->subresource, .field_manager = a->g.field_manager,
			    .program = ctx->argv0, .cache_dir = ctx->g.cache_dir,
			    .save_config = a->g.save_config,
			    .show_managed_fields = a->g.show_managed_fields};
	int rc;

	if (!editor || !*editor)
		editor = getenv("EDITOR");
	o.editor = editor && *editor ? editor : "vi";
	if (a->g.output && *a->g.output && strcmp(a->g.output, "json") &&
	    strcmp(a->g.output, "yaml") && strcmp(a->g.output, "kyaml")) {
		rc = kube_err_set(&err, KUBE_EINVAL,
				  "unable to match a printer suitable for the output format \"%s\", "
				  "allowed formats are: json,kyaml,yaml",
				  a->g.output);
		goto done;
	}
	if ((rc = kube_mutate_printer_new(&out.printer, &po, &err)) < 0)
		goto done;
	if ((rc = kube_validation_parse(&val, a->g.validate, &err)) < 0)
		goto done;
	o.validate = kube_mutate_validation_directive(val);
	if ((rc = kc_mut_select(ctx, a->kustomize, &a->filename, a->recursive, &o.sel, &m, &errs,
				&err)) != 0)
		goto done;
	rc = kube_edit_run(ctx->client, ctx->disc, &o, argv, (size_t)argc, &out, &errs, &err);
done:
	return kc_mut_done(ctx, rc, out.printer, &m, &errs, &err);
}

const struct kc_cmd cmd_edit = {
	.name = "edit",
	.summary = "Edit a resource on the server",
	.description =
		"Edit objects on the server with your editor.\n\n"
		" The editor comes from the KUBE_EDITOR or EDITOR environment variable, 'vi' when "
		"neither is set; it may include arguments (KUBE_EDITOR=\"code --wait\"). Objects are "
		"shown as YAML unless -o json is given; several objects are edited together as a "
		"List.\n\n"
		" The saved changes are sent as a patch. If saving fails because the object changed "
		"in the meantime, or because of invalid fields, the file is reopened with the "
		"errors at the top. A file that cannot be applied is kept, and its path printed, "
		"so that no edit is lost.",
	.examples = "  # Edit the service named web\n"
		    "  kubectl edit svc/web\n\n"
		    "  # With another editor\n"
		    "  KUBE_EDITOR=\"nano\" kubectl edit svc/web\n\n"
		    "  # Edit deployment api as JSON\n"
		    "  kubectl edit deployment/api -o json\n\n"
		    "  # Edit and also print the patch that was sent\n"
		    "  kubectl edit deployment/api --output-patch\n\n"
		    "  # Edit the status of deployment api\n"
		    "  kubectl edit deployment api --subresource='status'",
	.usage = "(RESOURCE/NAME | -f FILENAME) [options]",
	.opts = edit_opts,
	.args_size = sizeof(struct edit_args),
	.args_defaults = &edit_defaults,
	.max_args = -1,
	.flags = KC_CMD_NEEDS_CLIENT,
	.run = edit_run,
	.group = "Basic Commands (Intermediate):",
};
