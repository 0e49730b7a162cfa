/* kubec version */
#include <string.h>

#include "kc.h"
#include "../lib/banned.h"

struct version_args {
	bool client;
	const char *output;
};

static const struct kc_opt version_opts[] = {
	KC_OPT_B(0, "client", struct version_args, client,
		 "If true, shows client version only (no server required).", "false"),
	KC_OPT_S('o', "output", struct version_args, output, "string",
		 "One of 'yaml' or 'json'.", "''", KC_COMP_CHOICES),
	KC_OPT_END_(),
};

static kube_obj *client_info(void)
{
	kube_obj *o = kube_obj_new_object();

	kube_obj_set_str(o, "major", KC_COMPAT_MAJOR);
	kube_obj_set_str(o, "minor", KC_COMPAT_MINOR);
	kube_obj_set_str(o, "gitVersion", KC_CLIENT_GIT_VERSION);
	kube_obj_set_str(o, "gitCommit", "");
	kube_obj_set_str(o, "gitTreeState", "clean");
	kube_obj_set_str(o, "buildDate", KC_BUILD_DATE);
	kube_obj_set_str(o, "goVersion", "");
	kube_obj_set_str(o, "compiler", "gcc");
	kube_obj_set_str(o, "platform", KC_PLATFORM);
	return o;
}

static int version_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct version_args *a = vargs;
	kube_err err = KUBE_ERR_INIT;
	kube_response resp = KUBE_RESPONSE_INIT;
	kube_obj *doc = NULL, *server = NULL;
	kube_buf out = KUBE_BUF_INIT;
	int rc = 0, srv_rc = 0;

	(void)argv;
	if (argc > 0)
		return kc_usage_error(ctx, "unexpected arguments: [%s]", argv[0]);
	if (a->output && *a->output && strcmp(a->output, "yaml") && strcmp(a->output, "json"))
		return kc_error(ctx, "--output must be 'yaml' or 'json'");
	if (!a->client) {
		kube_request req = {.path = "/version"};

		if ((srv_rc = kc_client(ctx, &err)) == 0 &&
		    (srv_rc = kube_client_do(ctx->client, &req, &resp, &err)) == 0)
			srv_rc = kube_obj_parse_json(&server, resp.body.ptr, resp.body.len, &err);
	}
	doc = kube_obj_new_object();
	kube_obj_set_take(doc, "clientVersion", client_info());
	if (server)
		kube_obj_set_take(doc, "serverVersion", server);
	if (a->output && !strcmp(a->output, "json")) {
		kube_json_write(&out, doc, KUBE_JSON_INDENT | KUBE_JSON_HTML_ESCAPE);
		kube_buf_putc(&out, '\n');
	} else if (a->output && !strcmp(a->output, "yaml")) {
		kube_yaml_write(&out, doc, KUBE_YAML_KEEP_ORDER);
	} else {
		kube_buf_printf(&out, "Client Version: %s\n", KC_CLIENT_GIT_VERSION);
		if (server)
			kube_buf_printf(&out, "Server Version: %s\n",
					kube_obj_path_str(server, "gitVersion", NULL)
						? kube_obj_path_str(server, "gitVersion", NULL)
						: "");
	}
	if (kube_buf_check(&out, &err) < 0)
		rc = kc_report(ctx, &err);
	else
		rc = kc_write(ctx, &out);
	if (srv_rc < 0 && !rc) {
		fflush(ctx->out);
		rc = kc_report(ctx, &err);
	}
	kube_obj_free(doc);
	kube_response_release(&resp);
	kube_buf_release(&out);
	kube_err_clear(&err);
	return rc;
}

const struct kc_cmd cmd_version = {
	.name = "version",
	.summary = "Print the client and server version information",
	.description = "Print the client and server version information for the current context.",
	.examples = "  # Print the client and server versions for the current context\n"
		    "  kubectl version",
	.usage = "[flags] [options]",
	.opts = version_opts,
	.args_size = sizeof(struct version_args),
	.run = version_run,
	.group = "Other Commands:",
};
