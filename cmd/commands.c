/* The command tree: the root and its sorted children. */
#include "kc.h"
#include "../lib/banned.h"

extern const struct kc_cmd cmd_api_resources, cmd_api_versions, cmd_cluster_info, cmd_config,
	cmd_get, cmd_options, cmd_version;

static const struct kc_cmd *const root_sub[] = {
	&cmd_get,
	&cmd_cluster_info,
	&cmd_api_resources,
	&cmd_api_versions,
	&cmd_config,
	&cmd_options,
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
