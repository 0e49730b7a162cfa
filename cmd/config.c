/* kubec config ... : thin wrappers over kube_config_cmd_*(). */
#include <string.h>

#include "kc.h"
#include "../lib/banned.h"

static kube_config_load_opts load_opts(struct kc_ctx *ctx)
{
	kube_config_load_opts lo = {.explicit_path = ctx->g.kubeconfig, .edit = true};

	return lo;
}

/* Print out, then the error if rc < 0. */
static int finish(struct kc_ctx *ctx, kube_buf *out, int rc, kube_err *err)
{
	int ret = 0;

	if (out->len && kc_write(ctx, out))
		ret = 1;
	if (rc < 0) {
		fflush(ctx->out);
		ret = kc_report(ctx, err);
	}
	kube_buf_release(out);
	kube_err_clear(err);
	return ret;
}

/* ---- current-context ---- */
static int cc_run(struct kc_ctx *ctx, void *a, int argc, char **argv)
{
	kube_config_load_opts lo = load_opts(ctx);
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)a, (void)argv;
	if (argc)
		return kc_usage_error(ctx, "unexpected args: [%s]", argv[0]);
	return finish(ctx, &out, kube_config_cmd_current_context(&out, &lo, &err), &err);
}

static const struct kc_cmd cmd_config_current_context = {
	.name = "current-context",
	.summary = "Display the current-context",
	.description = "Display the current-context.",
	.examples = "  # Display the current-context\n  kubectl config current-context",
	.usage = "[options]",
	.run = cc_run,
};

/* ---- use-context ---- */
static int use_run(struct kc_ctx *ctx, void *a, int argc, char **argv)
{
	kube_config_load_opts lo = load_opts(ctx);
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)a;
	if (argc != 1)
		return kc_usage_error(ctx, "Unexpected args: %s", argc ? argv[1] : "[]");
	return finish(ctx, &out, kube_config_cmd_use_context(&out, &lo, argv[0], &err), &err);
}

static const char *const use_aliases[] = {"use", NULL};
static const struct kc_cmd cmd_config_use_context = {
	.name = "use-context",
	.aliases = use_aliases,
	.summary = "Set the current-context in a kubeconfig file",
	.description = "Set the current-context in a kubeconfig file.",
	.examples = "  # Use the context for the minikube cluster\n  kubectl config use-context minikube",
	.usage = "CONTEXT_NAME [options]",
	.run = use_run,
};

/* ---- set-context ---- */
struct setctx_args {
	bool current;
	const char *cluster, *user, *namespace_;
};
static const struct kc_opt setctx_opts[] = {
	KC_OPT_S(0, "cluster", struct setctx_args, cluster, "string", "cluster for the context entry in kubeconfig", "''", KC_COMP_CLUSTER),
	KC_OPT_B(0, "current", struct setctx_args, current, "Modify the current context", "false"),
	KC_OPT_S(0, "namespace", struct setctx_args, namespace_, "string", "namespace for the context entry in kubeconfig", "''", KC_COMP_NAMESPACE),
	KC_OPT_S(0, "user", struct setctx_args, user, "string", "user for the context entry in kubeconfig", "''", KC_COMP_USER),
	KC_OPT_END_(),
};
static int setctx_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	struct setctx_args *a = va;
	kube_config_load_opts lo = load_opts(ctx);
	kube_config_set_context_opts o = {.name = argc ? argv[0] : NULL, .current = a->current,
					  .cluster = a->cluster, .user = a->user,
					  .namespace_ = a->namespace_};
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	if (argc > 1 || (argc == 0 && !a->current))
		return kc_usage_error(ctx, "Unexpected args: [%s]", argc ? argv[1] : "");
	return finish(ctx, &out, kube_config_cmd_set_context(&out, &lo, &o, &err), &err);
}
static const struct kc_cmd cmd_config_set_context = {
	.name = "set-context",
	.summary = "Set a context entry in kubeconfig",
	.description = "Set a context entry in kubeconfig.\n\n Specifying a name that already exists will merge new fields on top of existing values for those fields.",
	.examples = "  # Set the user field on the gce context entry without touching other values\n  kubectl config set-context gce --user=cluster-admin",
	.usage = "[NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace] [options]",
	.opts = setctx_opts,
	.args_size = sizeof(struct setctx_args),
	.run = setctx_run,
};

/* ---- set-cluster ---- */
struct setcl_args {
	const char *server, *tls_server_name, *ca, *proxy_url;
	bool insecure, embed;
};
static const struct kc_opt setcl_opts[] = {
	KC_OPT_S(0, "certificate-authority", struct setcl_args, ca, "string", "Path to certificate-authority file for the cluster entry in kubeconfig", "''", KC_COMP_FILE),
	KC_OPT_B(0, "embed-certs", struct setcl_args, embed, "embed-certs for the cluster entry in kubeconfig", "false"),
	KC_OPT_B(0, "insecure-skip-tls-verify", struct setcl_args, insecure, "insecure-skip-tls-verify for the cluster entry in kubeconfig", "false"),
	KC_OPT_S(0, "proxy-url", struct setcl_args, proxy_url, "string", "proxy-url for the cluster entry in kubeconfig", "''", 0),
	KC_OPT_S(0, "server", struct setcl_args, server, "string", "server for the cluster entry in kubeconfig", "''", 0),
	KC_OPT_S(0, "tls-server-name", struct setcl_args, tls_server_name, "string", "tls-server-name for the cluster entry in kubeconfig", "''", 0),
	KC_OPT_END_(),
};
static int setcl_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	struct setcl_args *a = va;
	kube_config_load_opts lo = load_opts(ctx);
	kube_config_set_cluster_opts o = {.server = a->server, .tls_server_name = a->tls_server_name,
					  .insecure_skip_tls_verify = a->insecure,
					  .certificate_authority = a->ca, .embed_certs = a->embed,
					  .proxy_url = a->proxy_url};
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	if (argc != 1)
		return kc_usage_error(ctx, "Unexpected args: [%s]", argc ? argv[1] : "");
	o.name = argv[0];
	return finish(ctx, &out, kube_config_cmd_set_cluster(&out, &lo, &o, &err), &err);
}
static const struct kc_cmd cmd_config_set_cluster = {
	.name = "set-cluster",
	.summary = "Set a cluster entry in kubeconfig",
	.description = "Set a cluster entry in kubeconfig.\n\n Specifying a name that already exists will merge new fields on top of existing values for those fields.",
	.examples = "  # Set only the server field on the e2e cluster entry without touching other values\n  kubectl config set-cluster e2e --server=https://1.2.3.4",
	.usage = "NAME [--server=server] [--certificate-authority=path/to/certificate/authority] [--insecure-skip-tls-verify=true] [--tls-server-name=example.com] [options]",
	.opts = setcl_opts,
	.args_size = sizeof(struct setcl_args),
	.run = setcl_run,
};

/* ---- set-credentials ---- */
struct setcred_args {
	const char *cert, *key, *token, *username, *password, *auth_provider, *exec_command,
		*exec_api_version;
	struct kc_strv auth_provider_arg, exec_arg, exec_env;
	bool embed;
};
static const struct kc_opt setcred_opts[] = {
	KC_OPT_S(0, "auth-provider", struct setcred_args, auth_provider, "string", "Auth provider for the user entry in kubeconfig", "''", 0),
	KC_OPT_A(0, "auth-provider-arg", struct setcred_args, auth_provider_arg, "strings", "'key=value' arguments for the auth provider", 0, KC_OPT_COMMA),
	KC_OPT_S(0, "client-certificate", struct setcred_args, cert, "string", "Path to client-certificate file for the user entry in kubeconfig", "''", KC_COMP_FILE),
	KC_OPT_S(0, "client-key", struct setcred_args, key, "string", "Path to client-key file for the user entry in kubeconfig", "''", KC_COMP_FILE),
	KC_OPT_B(0, "embed-certs", struct setcred_args, embed, "Embed client cert/key for the user entry in kubeconfig", "false"),
	KC_OPT_S(0, "exec-api-version", struct setcred_args, exec_api_version, "string", "API version of the exec credential plugin for the user entry in kubeconfig", "''", 0),
	KC_OPT_A(0, "exec-arg", struct setcred_args, exec_arg, "stringArray", "New arguments for the exec credential plugin command for the user entry in kubeconfig", 0, 0),
	KC_OPT_S(0, "exec-command", struct setcred_args, exec_command, "string", "Command for the exec credential plugin for the user entry in kubeconfig", "''", 0),
	KC_OPT_A(0, "exec-env", struct setcred_args, exec_env, "stringArray", "'key=value' environment values for the exec credential plugin", 0, 0),
	KC_OPT_S(0, "password", struct setcred_args, password, "string", "password for the user entry in kubeconfig", "''", 0),
	KC_OPT_S(0, "token", struct setcred_args, token, "string", "token for the user entry in kubeconfig", "''", 0),
	KC_OPT_S(0, "username", struct setcred_args, username, "string", "username for the user entry in kubeconfig", "''", 0),
	KC_OPT_END_(),
};
static int setcred_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	struct setcred_args *a = va;
	kube_config_load_opts lo = load_opts(ctx);
	kube_config_set_credentials_opts o = {
		.client_certificate = a->cert, .client_key = a->key, .embed_certs = a->embed,
		.token = a->token, .username = a->username, .password = a->password,
		.auth_provider = a->auth_provider, .auth_provider_args = a->auth_provider_arg.v,
		.nauth_provider_args = a->auth_provider_arg.n, .exec_command = a->exec_command,
		.exec_api_version = a->exec_api_version, .exec_args = a->exec_arg.v,
		.nexec_args = a->exec_arg.n, .exec_args_given = a->exec_arg.n > 0,
		.exec_env = a->exec_env.v, .nexec_env = a->exec_env.n};
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	if (argc != 1)
		return kc_usage_error(ctx, "Unexpected args: [%s]", argc ? argv[1] : "");
	o.name = argv[0];
	return finish(ctx, &out, kube_config_cmd_set_credentials(&out, &lo, &o, &err), &err);
}
static const struct kc_cmd cmd_config_set_credentials = {
	.name = "set-credentials",
	.summary = "Set a user entry in kubeconfig",
	.description = "Set a user entry in kubeconfig.\n\n Specifying a name that already exists will merge new fields on top of existing values.",
	.examples = "  # Set only the \"client-key\" field on the \"cluster-admin\"\n  # entry, without touching other values\n  kubectl config set-credentials cluster-admin --client-key=~/.kube/admin.key",
	.usage = "NAME [--client-certificate=path/to/certfile] [--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] [--password=basic_password] [--auth-provider=provider_name] [--auth-provider-arg=key=value] [--exec-command=exec_command] [--exec-api-version=exec_api_version] [--exec-arg=arg] [--exec-env=key=value] [options]",
	.opts = setcred_opts,
	.args_size = sizeof(struct setcred_args),
	.run = setcred_run,
};

/* ---- delete-context, delete-cluster, delete-user, rename-context ---- */
static int delctx_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	kube_config_load_opts lo = load_opts(ctx);
	kube_buf out = KUBE_BUF_INIT, warn = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	int rc;

	(void)va;
	if (argc != 1)
		return kc_usage_error(ctx, "Unexpected args: [%s]", argc ? argv[1] : "");
	rc = kube_config_cmd_delete_context(&out, &warn, &lo, argv[0], &err);
	if (warn.len)
		fputs(warn.ptr, stderr);
	kube_buf_release(&warn);
	return finish(ctx, &out, rc, &err);
}
static const struct kc_cmd cmd_config_delete_context = {
	.name = "delete-context",
	.summary = "Delete the specified context from the kubeconfig",
	.description = "Delete the specified context from the kubeconfig.",
	.examples = "  # Delete the context for the minikube cluster\n  kubectl config delete-context minikube",
	.usage = "CONTEXT_NAME [options]",
	.run = delctx_run,
};
static int delcl_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	kube_config_load_opts lo = load_opts(ctx);
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)va;
	if (argc != 1)
		return kc_usage_error(ctx, "Unexpected args: [%s]", argc ? argv[1] : "");
	return finish(ctx, &out, kube_config_cmd_delete_cluster(&out, &lo, argv[0], &err), &err);
}
static const struct kc_cmd cmd_config_delete_cluster = {
	.name = "delete-cluster",
	.summary = "Delete the specified cluster from the kubeconfig",
	.description = "Delete the specified cluster from the kubeconfig.",
	.examples = "  # Delete the minikube cluster\n  kubectl config delete-cluster minikube",
	.usage = "NAME [options]",
	.run = delcl_run,
};
static int deluser_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	kube_config_load_opts lo = load_opts(ctx);
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)va;
	if (argc != 1)
		return kc_usage_error(ctx, "Unexpected args: [%s]", argc ? argv[1] : "");
	return finish(ctx, &out, kube_config_cmd_delete_user(&out, &lo, argv[0], &err), &err);
}
static const struct kc_cmd cmd_config_delete_user = {
	.name = "delete-user",
	.summary = "Delete the specified user from the kubeconfig",
	.description = "Delete the specified user from the kubeconfig.",
	.examples = "  # Delete the minikube user\n  kubectl config delete-user minikube",
	.usage = "NAME [options]",
	.run = deluser_run,
};
static int rename_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	kube_config_load_opts lo = load_opts(ctx);
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)va;
	if (argc != 2)
		return kc_usage_error(ctx, "Unexpected args: %d", argc);
	return finish(ctx, &out, kube_config_cmd_rename_context(&out, &lo, argv[0], argv[1], &err),
		      &err);
}
static const struct kc_cmd cmd_config_rename_context = {
	.name = "rename-context",
	.summary = "Rename a context from the kubeconfig file",
	.description = "Renames a context from the kubeconfig file.",
	.examples = "  # Rename the context 'old-name' to 'new-name' in your kubeconfig file\n  kubectl config rename-context old-name new-name",
	.usage = "CONTEXT_NAME NEW_NAME [options]",
	.run = rename_run,
};

/* ---- set, unset ---- */
struct set_args {
	bool raw_bytes;
};
static const struct kc_opt set_opts[] = {
	KC_OPT_B(0, "set-raw-bytes", struct set_args, raw_bytes, "When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding.", "false"),
	KC_OPT_END_(),
};
static int set_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	struct set_args *a = va;
	kube_config_load_opts lo = load_opts(ctx);
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	if (argc != 2)
		return kc_usage_error(ctx, "Unexpected args: %d", argc);
	return finish(ctx, &out, kube_config_cmd_set(&out, &lo, argv[0], argv[1], a->raw_bytes, &err),
		      &err);
}
static const struct kc_cmd cmd_config_set = {
	.name = "set",
	.summary = "Set an individual value in a kubeconfig file",
	.description = "Set an individual value in a kubeconfig file.\n\n PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key.  Map keys may not contain dots.",
	.examples = "  # Set the server field on the my-cluster cluster to https://1.2.3.4\n  kubectl config set clusters.my-cluster.server https://1.2.3.4",
	.usage = "PROPERTY_NAME PROPERTY_VALUE [options]",
	.opts = set_opts,
	.args_size = sizeof(struct set_args),
	.run = set_run,
};
static int unset_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	kube_config_load_opts lo = load_opts(ctx);
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)va;
	if (argc != 1)
		return kc_usage_error(ctx, "Unexpected args: %d", argc);
	return finish(ctx, &out, kube_config_cmd_unset(&out, &lo, argv[0], &err), &err);
}
static const struct kc_cmd cmd_config_unset = {
	.name = "unset",
	.summary = "Unset an individual value in a kubeconfig file",
	.description = "Unset an individual value in a kubeconfig file.\n\n PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key.  Map keys may not contain dots.",
	.examples = "  # Unset the current-context\n  kubectl config unset current-context",
	.usage = "PROPERTY_NAME [options]",
	.run = unset_run,
};

/* ---- get-contexts, get-clusters, get-users ---- */
struct getctx_args {
	bool no_headers;
	const char *output;
};
static const struct kc_opt getctx_opts[] = {
	KC_OPT_B(0, "no-headers", struct getctx_args, no_headers, "When using the default or custom-column output format, don't print headers (default print headers).", "false"),
	KC_OPT_S('o', "output", struct getctx_args, output, "string", "Output format. One of: (name).", "''", KC_COMP_CHOICES),
	KC_OPT_END_(),
};
static int getctx_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	struct getctx_args *a = va;
	kube_config_load_opts lo = load_opts(ctx);
	kube_buf lines = KUBE_BUF_INIT, out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	kube_tabwriter *tw = NULL;
	kube_tabwriter_opts to = KUBE_TABWRITER_GET_OPTS;
	unsigned flags = 0;
	int rc;

	if (a->output && *a->output && strcmp(a->output, "name"))
		return kc_error(ctx, "output must be one of '' or 'name': %s", a->output);
	if (a->output && !strcmp(a->output, "name"))
		flags |= KUBE_CONFIG_NAME_ONLY;
	if (a->no_headers)
		flags |= KUBE_CONFIG_NO_HEADERS;
	rc = kube_config_cmd_get_contexts(&lines, &lo, (const char *const *)argv, (size_t)argc,
					  flags, &err);
	if (flags & KUBE_CONFIG_NAME_ONLY) {
		kube_buf_release(&out);
		out = lines;
		return finish(ctx, &out, rc, &err);
	}
	if (kube_tabwriter_new(&tw, &to, NULL) == 0) {
		kube_tabwriter_write(tw, lines.ptr, lines.len);
		kube_tabwriter_flush(tw, &out, NULL);
		kube_tabwriter_free(tw);
	}
	kube_buf_release(&lines);
	return finish(ctx, &out, rc, &err);
}
static const struct kc_cmd cmd_config_get_contexts = {
	.name = "get-contexts",
	.summary = "Describe one or many contexts",
	.description = "Display one or many contexts from the kubeconfig file.",
	.examples = "  # List all the contexts in your kubeconfig file\n  kubectl config get-contexts\n\n  # Describe one context in your kubeconfig file\n  kubectl config get-contexts my-context",
	.usage = "[(-o|--output=)name)] [options]",
	.opts = getctx_opts,
	.args_size = sizeof(struct getctx_args),
	.run = getctx_run,
};
static int getcl_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	kube_config_load_opts lo = load_opts(ctx);
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)va, (void)argc, (void)argv;
	return finish(ctx, &out, kube_config_cmd_get_clusters(&out, &lo, &err), &err);
}
static const struct kc_cmd cmd_config_get_clusters = {
	.name = "get-clusters",
	.summary = "Display clusters defined in the kubeconfig",
	.description = "Display clusters defined in the kubeconfig.",
	.examples = "  # List the clusters that kubectl knows about\n  kubectl config get-clusters",
	.usage = "[options]",
	.run = getcl_run,
};
static int getusers_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	kube_config_load_opts lo = load_opts(ctx);
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)va, (void)argc, (void)argv;
	return finish(ctx, &out, kube_config_cmd_get_users(&out, &lo, &err), &err);
}
static const struct kc_cmd cmd_config_get_users = {
	.name = "get-users",
	.summary = "Display users defined in the kubeconfig",
	.description = "Display users defined in the kubeconfig.",
	.examples = "  # List the users that kubectl knows about\n  kubectl config get-users",
	.usage = "[options]",
	.run = getusers_run,
};

/* ---- view ---- */
struct view_args {
	bool raw, minify, flatten, merge, allow_missing;
	const char *output, *template_;
};
static const struct view_args view_defaults = {.merge = true, .allow_missing = true};
static const struct kc_opt view_opts[] = {
	KC_OPT_B(0, "allow-missing-template-keys", struct view_args, allow_missing, "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.", "true"),
	KC_OPT_B(0, "flatten", struct view_args, flatten, "Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)", "false"),
	KC_OPT_B(0, "merge", struct view_args, merge, "Merge the full hierarchy of kubeconfig files", "true"),
	KC_OPT_B(0, "minify", struct view_args, minify, "Remove all information not used by current-context from the output", "false"),
	KC_OPT_S('o', "output", struct view_args, output, "string", "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).", "'yaml'", KC_COMP_OUTPUT),
	KC_OPT_B(0, "raw", struct view_args, raw, "Display raw byte data and sensitive data", "false"),
	KC_OPT_S(0, "template", struct view_args, template_, "string", "Template string or path to template file to use when -o=go-template, -o=go-template-file.", "''", KC_COMP_FILE),
	KC_OPT_END_(),
};
static int view_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	struct view_args *a = va;
	kube_config_load_opts lo = load_opts(ctx);
	kube_config_view_opts vo = {.raw = a->raw, .minify = a->minify, .flatten = a->flatten,
				    .merge = a->merge, .context = ctx->g.context};
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	const char *o = a->output ? a->output : "yaml";
	int rc;

	(void)argv;
	if (argc)
		return kc_usage_error(ctx, "unexpected arguments: %s", argv[0]);
	if (!strcmp(o, "yaml") || !strcmp(o, "json") || !*o) {
		vo.json = !strcmp(o, "json");
		rc = kube_config_cmd_view(&out, &lo, &vo, &err);
	} else if (!strncmp(o, "jsonpath", 8) || !strncmp(o, "go-template", 11) ||
		   !strncmp(o, "template", 8)) {
		kube_obj *obj = NULL;
		kube_jsonpath *jp = NULL;
		kube_template *t = NULL;
		const char *expr = strchr(o, '=') ? strchr(o, '=') + 1 : a->template_;

		if ((rc = kube_config_view_obj(&obj, &lo, &vo, &err)) == 0) {
			if (!strncmp(o, "jsonpath", 8)) {
				if ((rc = kube_jsonpath_parse(&jp, "output", expr ? expr : "", &err)) == 0) {
					kube_jsonpath_set_allow_missing_keys(jp, a->allow_missing);
					rc = kube_jsonpath_print(jp, obj, &out, &err);
				}
			} else if ((rc = kube_template_parse(&t, "output", expr ? expr : "", &err)) ==
				   0) {
				kube_template_set_missing_key_error(t, !a->allow_missing);
				rc = kube_template_print(t, obj, &out, &err);
			}
		}
		kube_jsonpath_free(jp);
		kube_template_free(t);
		kube_obj_free(obj);
	} else {
		return kc_error(ctx, "unable to match a printer suitable for the output format \"%s\", "
				     "allowed formats are: "
				     "go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
				     "jsonpath-file,name,template,templatefile,yaml",
				o);
	}
	return finish(ctx, &out, rc, &err);
}
static const struct kc_cmd cmd_config_view = {
	.name = "view",
	.summary = "Display merged kubeconfig settings or a specified kubeconfig file",
	.description = "Display merged kubeconfig settings or a specified kubeconfig file.\n\n You can use --output jsonpath={...} to extract specific values using a jsonpath expression.",
	.examples = "  # Show merged kubeconfig settings\n  kubectl config view\n\n  # Get the password for the e2e user\n  kubectl config view -o jsonpath='{.users[?(@.name == \"e2e\")].user.password}'",
	.usage = "[flags] [options]",
	.opts = view_opts,
	.args_size = sizeof(struct view_args),
	.args_defaults = &view_defaults,
	.run = view_run,
};

static const struct kc_cmd *const config_sub[] = {
	&cmd_config_current_context, &cmd_config_delete_cluster, &cmd_config_delete_context,
	&cmd_config_delete_user,     &cmd_config_get_clusters,   &cmd_config_get_contexts,
	&cmd_config_get_users,       &cmd_config_rename_context, &cmd_config_set,
	&cmd_config_set_cluster,     &cmd_config_set_context,    &cmd_config_set_credentials,
	&cmd_config_unset,           &cmd_config_use_context,    &cmd_config_view,
	NULL,
};

extern const struct kc_cmd cmd_config;
/* `config` alone prints help; `config bogus` is kubectl's usage error. */
static int config_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	(void)va;
	if (argc > 0) {
		fprintf(stderr, "error: unknown command \"%s\"\nSee '%s -h' for help and examples\n",
			argv[0], ctx->path);
		return 1;
	}
	kc_help(ctx, &cmd_config, ctx->out);
	return 0;
}

const struct kc_cmd cmd_config = {
	.name = "config",
	.summary = "Modify kubeconfig files",
	.description = "Inspect and change kubeconfig files through subcommands.\n\n Files are "
		       "chosen as kubectl chooses them: --kubeconfig alone when given; else every file "
		       "listed in $KUBECONFIG, merged, where a changed entry is written back to the "
		       "file that holds it and a new entry to the first existing file (or the last "
		       "listed when none exists); else ${HOME}/.kube/config.",
	.usage = "SUBCOMMAND [options]",
	.sub = config_sub,
	.run = config_run,
	.group = "Other Commands:",
};
