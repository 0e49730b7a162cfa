/* kubec create service clusterip|externalname|nodeport|loadbalancer NAME --tcp=port[:targetPort]... */
#include <string.h>

#include <kube/mutate.h>

#include "mutate-cli.h"
#include "../lib/banned.h"

struct svc_args {
	struct kc_gen_common g;
	const char *clusterip, *external_name;
	int64_t node_port;
	struct kc_strv tcp;
	const char *type; /* set by each subcommand's run */
};

static const struct svc_args svc_defaults = {.g = {KC_GEN_DEFAULTS}};

#define TCP_OPT(T)                                                                                 \
	KC_OPT_A(0, "tcp", T, tcp, "strings",                                                      \
		 "A port of the service, as port or port:targetPort; may be repeated.", 0,           \
		 KC_OPT_COMMA)

#define A struct svc_args
static const struct kc_opt clusterip_opts[] = {
	KC_GEN_OPT_AMTK(A),
	KC_OPT_S(0, "clusterip", A, clusterip, "string", "The cluster IP to ask for; 'None' makes a headless service.", "''", 0),
	KC_GEN_OPT_DRY_RUN(A),
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-create'"),
	KC_GEN_OPTS_OUTPUT(A),
	TCP_OPT(A),
	KC_GEN_OPTS_END(A),
};

static const struct kc_opt externalname_opts[] = {
	KC_GEN_OPT_AMTK(A),
	KC_GEN_OPT_DRY_RUN(A),
	{KC_OPT_STR, 0, "external-name", offsetof(A, external_name), "string", "The DNS name the service points to.", "''", NULL, 0, KC_OPT_REQUIRED, NULL},
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-create'"),
	KC_GEN_OPTS_OUTPUT(A),
	TCP_OPT(A),
	KC_GEN_OPTS_END(A),
};

static const struct kc_opt nodeport_opts[] = {
	KC_GEN_OPT_AMTK(A),
	KC_GEN_OPT_DRY_RUN(A),
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-create'"),
	KC_OPT_I(0, "node-port", A, node_port, "int", "The port to open on every node (0 lets the cluster choose).", "0"),
	KC_GEN_OPTS_OUTPUT(A),
	TCP_OPT(A),
	KC_GEN_OPTS_END(A),
};

static const struct kc_opt loadbalancer_opts[] = {
	KC_GEN_OPT_AMTK(A),
	KC_GEN_OPT_DRY_RUN(A),
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-create'"),
	KC_GEN_OPTS_OUTPUT(A),
	TCP_OPT(A),
	KC_GEN_OPTS_END(A),
};
#undef A

static int svc_check(struct kc_ctx *ctx, void *vargs)
{
	struct svc_args *a = vargs;
	bool none = a->clusterip && !strcmp(a->clusterip, "None");

	if (none && strcmp(a->type, "ClusterIP"))
		return kc_error(ctx, "ClusterIP=None can only be used with ClusterIP service type");
	if (!none && !a->tcp.n && strcmp(a->type, "ExternalName"))
		return kc_error(ctx, "at least one tcp port specifier must be provided");
	return 0;
}

static int svc_gen(kube_obj **out, const struct kc_gen_ctx *g, void *vargs, kube_err *err)
{
	const struct svc_args *a = vargs;
	kube_gen_service_opts o = {a->type, a->tcp.v, a->tcp.n, a->clusterip, a->node_port,
				   a->external_name};

	return kube_gen_service(out, g->name, g->namespace, &o, err);
}

static int svc_run(struct kc_ctx *ctx, struct svc_args *a, int argc, char **argv,
		   const char *type, const char *prefix)
{
	a->type = type;
	return kc_create_generated(ctx, &a->g, argc, argv, svc_check, svc_gen, a, prefix);
}

static int clusterip_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	return svc_run(ctx, vargs, argc, argv, "ClusterIP", "failed to create ClusterIP service: ");
}

static int externalname_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	if (!kc_flag_changed(ctx, "external-name"))
		return kc_error(ctx, "required flag(s) \"external-name\" not set");
	return svc_run(ctx, vargs, argc, argv, "ExternalName",
		       "failed to create ExternalName service: ");
}

static int nodeport_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	return svc_run(ctx, vargs, argc, argv, "NodePort", "failed to create NodePort service: ");
}

static int loadbalancer_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	return svc_run(ctx, vargs, argc, argv, "LoadBalancer",
		       "failed to create LoadBalancer service: ");
}

static const struct kc_cmd cmd_create_service_clusterip = {
	.name = "clusterip",
	.summary = "Create a ClusterIP service",
	.description = "Create a service of type ClusterIP, reachable inside the cluster, that "
		       "selects the pods labelled app=NAME.",
	.examples = "  # A service on port 5678 forwarding to port 8080 of the pods\n"
		    "  kubectl create service clusterip api --tcp=5678:8080\n\n"
		    "  # A headless service\n"
		    "  kubectl create service clusterip peers --clusterip=\"None\"",
	.usage = "NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [options]",
	.opts = clusterip_opts,
	KC_GEN_CMD_FIELDS(struct svc_args, svc_defaults),
	.run = clusterip_run,
};

static const struct kc_cmd cmd_create_service_externalname = {
	.name = "externalname",
	.summary = "Create an ExternalName service",
	.description = "Create a service of type ExternalName: a DNS CNAME to a name outside "
		       "the cluster.",
	.examples = "  # A service named db answering for db.example.com\n"
		    "  kubectl create service externalname db --external-name db.example.com",
	.usage = "NAME --external-name external.name [--dry-run=server|client|none] [options]",
	.opts = externalname_opts,
	KC_GEN_CMD_FIELDS(struct svc_args, svc_defaults),
	.run = externalname_run,
};

static const struct kc_cmd cmd_create_service_nodeport = {
	.name = "nodeport",
	.summary = "Create a NodePort service",
	.description = "Create a service of type NodePort, reachable on a port of every node, "
		       "that selects the pods labelled app=NAME.",
	.examples = "  # A service on port 5678 forwarding to port 8080, open on every node\n"
		    "  kubectl create service nodeport api --tcp=5678:8080",
	.usage = "NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
	.opts = nodeport_opts,
	KC_GEN_CMD_FIELDS(struct svc_args, svc_defaults),
	.run = nodeport_run,
};

static const struct kc_cmd cmd_create_service_loadbalancer = {
	.name = "loadbalancer",
	.summary = "Create a LoadBalancer service",
	.description = "Create a service of type LoadBalancer, exposed through the cloud's load "
		       "balancer, that selects the pods labelled app=NAME.",
	.examples = "  # A load-balanced service on port 5678 forwarding to port 8080\n"
		    "  kubectl create service loadbalancer api --tcp=5678:8080",
	.usage = "NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
	.opts = loadbalancer_opts,
	KC_GEN_CMD_FIELDS(struct svc_args, svc_defaults),
	.run = loadbalancer_run,
};

static const struct kc_cmd *const service_sub[] = {
	&cmd_create_service_clusterip,
	&cmd_create_service_externalname,
	&cmd_create_service_loadbalancer,
	&cmd_create_service_nodeport,
	NULL,
};

static const char *const service_aliases[] = {"svc", NULL};

const struct kc_cmd cmd_create_service = {
	.name = "service",
	.aliases = service_aliases,
	.summary = "Create a service of one of the types below",
	.description = "Create a service; the subcommand names its type.",
	.usage = "[flags] [options]",
	.sub = service_sub,
	.flags = KC_CMD_GROUP_ONLY,
};
