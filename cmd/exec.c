/* kubec exec */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kube/manifest.h>
#include <kube/stream.h>

#include "kc.h"
#include "stream-conn.h"
#include "../lib/banned.h"

struct exec_args {
	struct kc_stream_flags s;
	struct kc_strv filename;
};

static const struct exec_args exec_defaults = {.s = {.pod_running_timeout = "1m0s"}};

#define A struct exec_args
static const struct kc_opt exec_opts[] = {
	KC_STREAM_OPT_CONTAINER(A),
	KC_OPT_A('f', "filename", A, filename, "strings", "to use to exec into the resource", KC_COMP_MANIFEST, KC_OPT_COMMA),
	KC_STREAM_OPTS_TIMEOUT_TO_TTY(A),
	KC_OPT_END_(),
};
#undef A

/* -f: the one object of the manifests, as the builder hands it over (not fetched). *ns becomes
 * its namespace, checked against an explicit -n as the builder does. */
static int from_file(struct kc_ctx *ctx, struct exec_args *a, kube_obj **obj, const char **ns,
		     kube_err *err)
{
	kube_manifest m = KUBE_MANIFEST_INIT;
	kube_manifest_opts mo = {0};
	kube_obj *found = NULL;
	size_t i, j, n = 0;
	const char *ons;
	int rc;

	*obj = NULL;
	if ((rc = kube_manifest_load(&m, a->filename.v, a->filename.n, &mo, NULL, err)) < 0)
		goto out;
	for (i = 0; i < m.nfiles; i++) {
		if (m.files[i].err.code) {
			rc = kube_err_set(err, KUBE_ERROR, "%s", m.files[i].err.message);
			goto out;
		}
		for (j = 0; j < m.files[i].ndocs; j++, n++) {
			if (!found) {
				found = m.files[i].docs[j];
				m.files[i].docs[j] = NULL;
			}
		}
	}
	if (n != 1 || !found) {
		rc = kube_err_set(err, KUBE_ERROR, n ? "cannot exec into multiple objects at a time"
						     : "no objects passed to exec");
		goto out;
	}
	ons = kube_obj_path_str(found, "metadata", "namespace", NULL);
	if (ons && *ons) {
		if (ctx->ns_explicit && strcmp(ons, *ns)) {
			rc = kube_err_set(err, KUBE_ERROR,
					  "the namespace from the provided object \"%s\" does not "
					  "match the namespace \"%s\". You must pass "
					  "'--namespace=%s' to perform this operation.",
					  ons, *ns, ons);
			goto out;
		}
		if (!(*ns = kc_own(ctx, strdup(ons)))) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			goto out;
		}
	} else if (kube_obj_get_mut(found, "metadata") &&
		   kube_obj_set_str(kube_obj_get_mut(found, "metadata"), "namespace", *ns) < 0) {
		/* the builder sets the command's namespace on the object */
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	*obj = found;
	found = NULL;
	rc = 0;
out:
	kube_obj_free(found);
	kube_manifest_release(&m);
	return rc;
}

static int exec_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct exec_args *a = vargs;
	struct kc_stream_conn sc;
	kube_exec_cmd_opts o;
	kube_err err = KUBE_ERR_INIT;
	const char *target = NULL, *ns;
	kube_obj *file_obj = NULL;
	int dash = ctx->dash_index, rc;
	int64_t timeout_ms = 0;

	memset(&sc, 0, sizeof(sc));
	memset(&o, 0, sizeof(o));
	if (argc > 0 && dash != 0)
		target = argv[0];
	if (dash > -1) {
		o.command = (const char *const *)argv + dash;
		o.ncommand = (size_t)(argc - dash);
	} else if (argc > 1 || (argc > 0 && a->filename.n)) {
		return kc_usage_error(ctx, "exec [POD] [COMMAND] is not supported anymore. "
					   "Use exec [POD] -- [COMMAND] instead");
	}
	if ((rc = kc_config(ctx, &err)) < 0)
		goto fail;
	if ((rc = kc_stream_pod_timeout(ctx, a->s.pod_running_timeout, &timeout_ms)))
		return rc;
	if (!target && !a->filename.n)
		return kc_error(ctx, "pod, type/name or --filename must be specified");
	if (!o.ncommand)
		return kc_error(ctx, "you must specify at least one command for the container");
	if ((rc = kc_stream_conn(ctx, &sc, &err)) < 0)
		goto fail;
	ns = kc_namespace(ctx);
	if (a->filename.n) {
		if (target) {
			rc = kc_error(ctx, "resource/name arguments cannot be provided when a "
					   "path is specified");
			goto out;
		}
		if ((rc = from_file(ctx, a, &file_obj, &ns, &err)) < 0)
			goto fail;
		if (kube_obj_path_str(file_obj, "kind", NULL) &&
		    !strcmp(kube_obj_path_str(file_obj, "kind", NULL), "Pod"))
			o.pod = file_obj;
		else
			o.target_object = file_obj;
	} else if (strchr(target, '/') && (rc = kc_discovery(ctx, &err)) < 0) {
		goto fail;
	}
	o.namespace = ns;
	o.target = target;
	rc = kc_stream_exec(ctx, &sc, &a->s, timeout_ms, &o, &err);
	goto out;
fail:
	rc = kc_report(ctx, &err);
out:
	kube_obj_free(file_obj);
	kc_stream_conn_release(&sc);
	kube_err_clear(&err);
	return rc;
}

const struct kc_cmd cmd_exec = {
	.name = "exec",
	.summary = "Execute a command in a container",
	.usage = "(POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]",
	.description = "Run a command inside a container of a pod.",
	.examples = "  # Print the date from the first container of pod mypod\n"
		    "  kubectl exec mypod -- date\n"
		    "\n"
		    "  # Print the date from container ruby-container of pod mypod\n"
		    "  kubectl exec mypod -c ruby-container -- date\n"
		    "\n"
		    "  # Open an interactive shell: stdin goes to the container, its terminal is\n"
		    "  # this one (raw mode until the shell exits)\n"
		    "  kubectl exec mypod -c ruby-container -i -t -- bash -il\n"
		    "\n"
		    "  # Words after -- belong to the command, even when they look like flags\n"
		    "  kubectl exec mypod -i -t -- ls -t /usr\n"
		    "\n"
		    "  # Run date in the first pod of deployment mydeployment\n"
		    "  kubectl exec deploy/mydeployment -- date\n"
		    "\n"
		    "  # Run date in the first pod behind service myservice\n"
		    "  kubectl exec svc/myservice -- date",
	.opts = exec_opts,
	.args_size = sizeof(struct exec_args),
	.args_defaults = &exec_defaults,
	.min_args = 0,
	.max_args = -1,
	.flags = KC_CMD_RAW_ARGS,
	.run = exec_run,
	.group = "Troubleshooting and Debugging Commands:",
};
