/* kubec expose (-f FILENAME | TYPE NAME) [--port] [--target-port] [--name] [--type] ... */
#include <kube/mutate.h>

#include "mutate-cli.h"
#include "../lib/banned.h"

struct expose_args {
	struct kc_gen_common g;
	const char *cluster_ip, *external_ip, *kustomize, *labels, *load_balancer_ip, *name;
	const char *override_type, *overrides, *port, *protocol, *selector, *session_affinity;
	const char *target_port, *type;
	bool recursive;
	struct kc_strv filename;
};

static const struct expose_args expose_defaults = {
	.g = {.allow_missing_template_keys = true, .dry_run = "none",
	      .field_manager = "kubectl-expose"},
	.override_type = "merge",
};

#define A struct expose_args
static const struct kc_opt expose_opts[] = {
	KC_GEN_OPT_AMTK(A),
	KC_OPT_S(0, "cluster-ip", A, cluster_ip, "string", "The cluster IP the service asks for; empty lets the cluster choose one, 'None' makes a headless service.", "''", 0),
	KC_GEN_OPT_DRY_RUN(A),
	KC_OPT_S(0, "external-ip", A, external_ip, "string", "An extra external IP (not managed by Kubernetes) on which the service is reachable, when routed to a node.", "''", 0),
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-expose'"),
	KC_OPT_A('f', "filename", A, filename, "strings", "Files, directories or URLs naming the objects to expose.", KC_COMP_MANIFEST, KC_OPT_COMMA),
	KC_OPT_S('k', "kustomize", A, kustomize, "string", "A kustomization directory to read the objects from (not with -f or -R).", "''", KC_COMP_FILE),
	KC_OPT_S('l', "labels", A, labels, "string", "Labels of the new service (k=v,k2=v2); the exposed object's labels unless given.", "''", 0),
	KC_OPT_S(0, "load-balancer-ip", A, load_balancer_ip, "string", "The IP a LoadBalancer service asks for; empty lets the cloud provider pick one.", "''", 0),
	KC_OPT_S(0, "name", A, name, "string", "The name of the new service (the exposed object's name unless given).", "''", 0),
	KC_GEN_OPT_OUTPUT(A),
	KC_OPT_S(0, "override-type", A, override_type, "string", "How --overrides is merged into the generated service: json, merge or strategic.", "'merge'", 0),
	KC_OPT_S(0, "overrides", A, overrides, "string", "Inline JSON merged into the generated service; it must carry a valid apiVersion.", "''", 0),
	KC_OPT_S(0, "port", A, port, "string", "The port the service listens on; the exposed object's ports unless given.", "''", 0),
	KC_OPT_S(0, "protocol", A, protocol, "string", "The protocol of the service's ports (TCP unless given or taken from the object).", "''", 0),
	KC_OPT_B('R', "recursive", A, recursive, "Also read the directories below those named with -f, --filename.", "false"),
	KC_GEN_OPT_SAVE_CONFIG(A),
	KC_OPT_S(0, "selector", A, selector, "string", "The service's pod selector (k=v,k2=v2, equality only); taken from the exposed object unless given.", "''", 0),
	KC_OPT_S(0, "session-affinity", A, session_affinity, "string", "Session affinity of the service: 'None' or 'ClientIP'.", "''", 0),
	KC_GEN_OPT_SHOW_MANAGED_FIELDS(A),
	KC_OPT_S(0, "target-port", A, target_port, "string", "The container port (number or name) traffic goes to; the service port unless given.", "''", 0),
	KC_GEN_OPT_TEMPLATE(A),
	KC_OPT_S(0, "type", A, type, "string", "The service type: ClusterIP (the default), NodePort, LoadBalancer or ExternalName.", "''", 0),
	KC_OPT_END_(),
};
#undef A

static int expose_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct expose_args *a = vargs;
	kube_mutate_print_opts po = KC_GEN_PRINT_OPTS(a->g);
	kube_mutate_out out = {NULL, NULL, kc_mut_write, kc_mut_warn, ctx};
	kube_manifest m = KUBE_MANIFEST_INIT;
	kube_errval errs = KUBE_ERRVAL_INIT;
	kube_err err = KUBE_ERR_INIT;
	kube_expose_opts o = {
		.name = a->name, .port = a->port, .protocol = a->protocol,
		.target_port = a->target_port, .type = a->type, .external_ip = a->external_ip,
		.load_balancer_ip = a->load_balancer_ip, .selector = a->selector,
		.labels = a->labels, .session_affinity = a->session_affinity,
		.cluster_ip = a->cluster_ip, .overrides = a->overrides,
		.override_type = a->override_type, .field_manager = a->g.field_manager,
		.save_config = a->g.save_config,
	};
	int rc;

	if ((rc = kc_mut_dry_run(a->g.dry_run, &o.dry_run, &err)) < 0)
		goto done;
	po.dry_run = o.dry_run;
	if ((rc = kube_mutate_printer_new(&out.printer, &po, &err)) < 0)
		goto done;
	if ((rc = kc_mut_select(ctx, a->kustomize, &a->filename, a->recursive, &o.sel, &m, &errs,
				&err)) != 0)
		goto done;
	rc = kube_expose_run(ctx->client, ctx->disc, &o, argv, (size_t)argc, &out, &errs, &err);
done:
	return kc_mut_done(ctx, rc, out.printer, &m, &errs, &err);
}

const struct kc_cmd cmd_expose = {
	.name = "expose",
	.summary = "Make a deployment, replica set, replication controller, service or pod "
		   "reachable through a new service",
	.description =
		"Create a service for an existing object.\n\n"
		" The object (a deployment, service, replica set, replication controller or pod) "
		"is looked up by name and its pod selector becomes the new service's selector. "
		"Deployments and replica sets whose selector uses matchExpressions cannot be "
		"exposed. Without --port every port of the object is exposed; without --labels the "
		"object's labels are copied.\n\n"
		" Exposable types (case insensitive):\n\n"
		" pod (po), service (svc), replicationcontroller (rc), deployment (deploy), "
		"replicaset (rs)",
	.examples = "  # A service on port 80 for the pods of deployment web, forwarding to port 8080\n"
		    "  kubectl expose deployment web --port=80 --target-port=8080\n\n"
		    "  # Expose the objects named in a file\n"
		    "  kubectl expose -f web-rc.yaml --port=80 --target-port=8080\n\n"
		    "  # A service named api for the pod api-0 on port 444\n"
		    "  kubectl expose pod api-0 --port=444 --name=api\n\n"
		    "  # A second service in front of an existing one, on another port\n"
		    "  kubectl expose service web --port=443 --target-port=8443 --name=web-tls\n\n"
		    "  # A UDP service\n"
		    "  kubectl expose rc dns --port=53 --protocol=UDP --name=dns-udp\n\n"
		    "  # A NodePort service for a replica set\n"
		    "  kubectl expose rs web --port=80 --type=NodePort",
	.usage = "(-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] "
		 "[--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] "
		 "[--type=type] [options]",
	.opts = expose_opts,
	.args_size = sizeof(struct expose_args),
	.args_defaults = &expose_defaults,
	.max_args = -1,
	.flags = KC_CMD_NEEDS_CLIENT,
	.run = expose_run,
	.group = "Basic Commands (Beginner):",
};
