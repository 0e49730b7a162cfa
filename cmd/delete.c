/* kubec delete ([-f FILENAME] | TYPE [(NAME | -l label | --all)]) */
#include <stdlib.h>
#include <strings.h>

#include <kube/mutate.h>

#include "mutate-cli.h"
#include "../lib/banned.h"

struct delete_args {
	bool all, all_namespaces, force, ignore_not_found, interactive, now, recursive, wait;
	int64_t grace_period;
	const char *cascade, *dry_run, *field_selector, *kustomize, *output, *raw, *selector;
	const char *timeout;
	struct kc_strv filename;
};

static const struct delete_args delete_defaults = {
	.cascade = "background",
	.dry_run = "none",
	.grace_period = -1,
	.timeout = "0s",
	.wait = true,
};

#define A struct delete_args
static const struct kc_opt delete_opts[] = {
	KC_OPT_B(0, "all", A, all, "Delete every object of the given types in the namespace.", "false"),
	KC_OPT_B('A', "all-namespaces", A, all_namespaces, "Look for the objects in every namespace; the current one is ignored, even when given with --namespace.", "false"),
	{KC_OPT_STR, 0, "cascade", offsetof(A, cascade), "string", "\"background\", \"orphan\" or \"foreground\": what happens to the objects the deleted ones own (the pods of a replication controller, say). background unless given.", "'background'", NULL, 0, KC_OPT_NOOPTDEF, "background"},
	{KC_OPT_STR, 0, "dry-run", offsetof(A, dry_run), "string", "\"none\", \"server\" or \"client\". With client nothing is sent and the objects that would be deleted are listed; with server the requests are sent but nothing is deleted.", "'none'", NULL, 0, KC_OPT_NOOPTDEF, "unchanged"},
	KC_OPT_S(0, "field-selector", A, field_selector, "string", "Field selector ('=', '==', '!='; e.g. --field-selector key1=value1,key2=value2); servers support only a few fields per type.", "''", 0),
	KC_OPT_A('f', "filename", A, filename, "strings", "Files, directories or URLs naming the objects to delete.", KC_COMP_MANIFEST, KC_OPT_COMMA),
	KC_OPT_B(0, "force", A, force, "If true, remove the objects from the API at once, without graceful deletion. Immediate deletion of some objects can leave things running or lose data; it asks for confirmation.", "false"),
	KC_OPT_I(0, "grace-period", A, grace_period, "int", "Seconds the objects get to terminate gracefully; negative values are ignored, 1 means at once, and 0 needs --force.", "-1"),
	KC_OPT_B(0, "ignore-not-found", A, ignore_not_found, "Count objects that do not exist as deleted. The default with --all.", "false"),
	KC_OPT_B('i', "interactive", A, interactive, "If true, list the objects and delete them only after confirmation.", "false"),
	KC_OPT_S('k', "kustomize", A, kustomize, "string", "A kustomization directory to read the objects from (not with -f or -R).", "''", KC_COMP_FILE),
	KC_OPT_B(0, "now", A, now, "If true, tell the objects to shut down at once (as --grace-period=1).", "false"),
	KC_OPT_S('o', "output", A, output, "string", "Output mode: \"-o name\" prints resource/name only.", "''", KC_COMP_OUTPUT),
	KC_OPT_S(0, "raw", A, raw, "string", "Send a DELETE to this URI path of the server, with the connection settings of the kubeconfig.", "''", 0),
	KC_OPT_B('R', "recursive", A, recursive, "Also read the directories below those named with -f, --filename.", "false"),
	KC_OPT_S('l', "selector", A, selector, "string", "Label selector ('=', '==', '!=', 'in', 'notin'; e.g. -l key1=value1,key2=value2,key3 in (value3)): delete the objects matching every requirement.", "''", 0),
	KC_OPT_S(0, "timeout", A, timeout, "duration", "How long to wait for the objects to be gone; 0 picks a timeout from the objects.", "0s", 0),
	KC_OPT_B(0, "wait", A, wait, "If true, return only when the objects are gone, finalizers included.", "true"),
	KC_OPT_END_(),
};
#undef A

static bool delete_confirm(void *payload)
{
	char line[256];
	size_t n;

	(void)payload;
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	return !strcasecmp(line, "y") || !strcasecmp(line, "yes");
}

static int delete_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct delete_args *a = vargs;
	kube_mutate_out out = {NULL, NULL, kc_mut_write, kc_mut_warn, ctx};
	kube_manifest m = KUBE_MANIFEST_INIT;
	kube_errval errs = KUBE_ERRVAL_INIT;
	kube_err err = KUBE_ERR_INIT;
	kube_buf warning = KUBE_BUF_INIT;
	kube_delete_opts o = {
		.cascade = a->cascade, .grace_period = a->grace_period, .now = a->now,
		.force = a->force, .ignore_not_found = a->ignore_not_found,
		.ignore_not_found_set = kc_flag_changed(ctx, "ignore-not-found"),
		.wait = a->wait, .output_name = a->output && !strcmp(a->output, "name"),
		.interactive = a->interactive, .confirm = delete_confirm,
	};
	int rc;

	if (kc_mut_duration(ctx, "timeout", a->timeout, &o.timeout_ms))
		return 1;
	if ((rc = kc_client(ctx, &err)) < 0)
		goto done;
	o.sel.namespace = kc_namespace(ctx);
	o.sel.enforce_namespace = ctx->ns_explicit;
	o.sel.all_namespaces = a->all_namespaces;
	o.sel.selector = a->selector;
	o.sel.field_selector = a->field_selector;
	o.sel.all = a->all;
	if ((rc = kube_delete_prepare(&o, &warning, &err)) < 0)
		goto done;
	if ((rc = kc_mut_dry_run(a->dry_run, &o.dry_run, &err)) < 0)
		goto done;
	if (a->raw && *a->raw) {
		if (a->filename.n > 1)
			rc = kube_err_set(&err, KUBE_EINVAL, "--raw can only use a single local file or "
							    "stdin");
		else if (a->recursive)
			rc = kube_err_set(&err, KUBE_EINVAL, "--raw and --recursive are mutually "
							    "exclusive");
		else if (a->output && *a->output)
			rc = kube_err_set(&err, KUBE_EINVAL, "--raw and --output are mutually exclusive");
		if (rc < 0)
			goto done;
		kube_buf_release(&warning);
		return kc_raw(ctx, "DELETE", a->raw);
	}
	if (a->output && *a->output && strcmp(a->output, "name")) {
		rc = kube_err_set(&err, KUBE_EINVAL,
				  "unexpected -o output mode: %s. We only support '-o name'", a->output);
		goto done;
	}
	if (warning.len) {
		fputs(warning.ptr, stderr);
		kube_buf_truncate(&warning, 0);
	}
	if ((rc = kc_mut_select(ctx, a->kustomize, &a->filename, a->recursive, &o.sel, &m, &errs,
				&err)) != 0)
		goto done;
	rc = kube_delete_run(ctx->client, ctx->disc, &o, argv, (size_t)argc, &out, &errs, &err);
done:
	if (warning.len && rc >= 0)
		fputs(warning.ptr, stderr);
	rc = kc_mut_done(ctx, rc, NULL, &m, &errs, &err);
	kube_buf_release(&warning);
	return rc;
}

const struct kc_cmd cmd_delete = {
	.name = "delete",
	.summary = "Delete resources named by files, standard input, type and name, or type and "
		   "label selector",
	.description =
		"Delete objects named in files or on standard input, by type and name, or by type "
		"and label selector. Use one of these ways at a time.\n\n"
		" Objects such as pods shut down gracefully: they get a grace period before they "
		"are stopped, which --grace-period changes and --now sets to one second. The "
		"deletion of such objects can take a while, longer still when their node is "
		"unreachable. --force removes them from the API at once.\n\n"
		" Force-deleting pods does not wait for their processes to stop: they may keep "
		"running until their node notices, and a new pod with the same name can run at the "
		"same time, which can corrupt shared data. Only force-delete pods that are known "
		"to be stopped, or that can run twice.\n\n"
		" Deletion does not check resource versions: an update made at the same time is "
		"lost with the object.\n\n"
		" The discovery cache may keep a deleted CustomResourceDefinition for up to six "
		"hours; `kubectl api-resources` refreshes it.",
	.examples = "  # Delete the pod described in pod.json\n"
		    "  kubectl delete -f ./pod.json\n\n"
		    "  # Delete the objects of every JSON file of the directory\n"
		    "  kubectl delete -f '*.json'\n\n"
		    "  # Delete the objects described on standard input\n"
		    "  cat pod.json | kubectl delete -f -\n\n"
		    "  # Delete the pods and services named api and web\n"
		    "  kubectl delete pod,service api web\n\n"
		    "  # Delete the pods and services labelled tier=cache\n"
		    "  kubectl delete pods,services -l tier=cache\n\n"
		    "  # Delete a pod with the shortest grace period\n"
		    "  kubectl delete pod api-0 --now\n\n"
		    "  # Force-delete a pod whose node is gone\n"
		    "  kubectl delete pod api-0 --force\n\n"
		    "  # Delete every pod of the namespace\n"
		    "  kubectl delete pods --all\n\n"
		    "  # Delete every pod, after confirmation\n"
		    "  kubectl delete pods --all --interactive",
	.usage = "([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]",
	.opts = delete_opts,
	.args_size = sizeof(struct delete_args),
	.args_defaults = &delete_defaults,
	.max_args = -1,
	.flags = KC_CMD_NEEDS_CLIENT,
	.run = delete_run,
	.group = "Basic Commands (Intermediate):",
};
