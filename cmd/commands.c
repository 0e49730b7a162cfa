/* The command tree: the root and its children, in `kubectl --help` order. */
#include "kc.h"
#include "../lib/banned.h"

extern const struct kc_cmd cmd_api_resources, cmd_api_versions, cmd_cluster_info, cmd_config,
	cmd_get, cmd_help, cmd_options, cmd_version;
extern const struct kc_cmd cmd_describe, cmd_create, cmd_apply, cmd_expose, cmd_scale, cmd_patch,
	cmd_delete, cmd_edit, cmd_run, cmd_label, cmd_annotate, cmd_exec, cmd_logs, cmd_attach,
	cmd_port_forward, cmd_completion, cmd_shell;

static const struct kc_cmd *const root_sub[] = {
#ifdef KC_HAVE_CREATE
	&cmd_create,
#endif
#ifdef KC_HAVE_EXPOSE
	&cmd_expose,
#endif
#ifdef KC_HAVE_RUN
	&cmd_run,
#endif
	&cmd_get,
#ifdef KC_HAVE_EDIT
	&cmd_edit,
#endif
#ifdef KC_HAVE_DELETE
	&cmd_delete,
#endif
#ifdef KC_HAVE_SCALE
	&cmd_scale,
#endif
	&cmd_cluster_info,
#ifdef KC_HAVE_DESCRIBE
	&cmd_describe,
#endif
#ifdef KC_HAVE_LOGS
	&cmd_logs,
#endif
#ifdef KC_HAVE_ATTACH
	&cmd_attach,
#endif
#ifdef KC_HAVE_EXEC
	&cmd_exec,
#endif
#ifdef KC_HAVE_PORT_FORWARD
	&cmd_port_forward,
#endif
#ifdef KC_HAVE_APPLY
	&cmd_apply,
#endif
#ifdef KC_HAVE_PATCH
	&cmd_patch,
#endif
#ifdef KC_HAVE_LABEL
	&cmd_label,
#endif
#ifdef KC_HAVE_ANNOTATE
	&cmd_annotate,
#endif
#ifdef KC_HAVE_COMPLETION
	&cmd_completion,
#endif
	&cmd_api_resources,
	&cmd_api_versions,
	&cmd_config,
	&cmd_options,
	&cmd_help,
#ifdef KC_HAVE_SHELL
	&cmd_shell,
#endif
	&cmd_version,
	NULL,
};

const struct kc_cmd cmd_root = {
	.name = "kubectl",
	.summary = "kubec controls the Kubernetes cluster manager",
	.description = "kubec controls the Kubernetes cluster manager; it is a kubectl-compatible "
		       "client.\n\n Find more information at: "
		       "https://kubernetes.io/docs/reference/kubectl/",
	.sub = root_sub,
	.flags = KC_CMD_GROUP_ONLY,
};
