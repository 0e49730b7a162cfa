/* Lazy set-up shared by commands: kubeconfig, REST client, discovery, namespace. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kc.h"
#include "../lib/banned.h"


static void on_log(const char *at, const char *line, void *payload)
{
	(void)payload;
	fflush(stdout);
	kc_klog_info(at, line);
}

static void on_warning(const char *text, void *payload)
{
	struct kc_ctx *ctx = payload;

	fflush(ctx->out);
	kc_warning(ctx, text);
}

/* --as-user-extra key=value words grouped by key (words without '=' are ignored, as
 * kubectl ignores them); the arrays live as long as the context. */
static void user_extras(struct kc_ctx *ctx, kube_config_overrides *ov)
{
	const struct kc_strv *v = &ctx->g.as_user_extra;
	kube_impersonate_extra *x;
	size_t i, j, n = 0;

	if (!v->n || !(x = kc_own(ctx, calloc(v->n, sizeof(*x)))))
		return;
	for (i = 0; i < v->n; i++) {
		const char *eq = strchr(v->v[i], '=');
		char *key, **vals;

		if (!eq || !(key = kc_own(ctx, strndup(v->v[i], (size_t)(eq - v->v[i])))))
			continue;
		for (j = 0; j < n && strcmp(x[j].key, key); j++)
			;
		if (j == n) {
			if (!(x[n].values = kc_own(ctx, calloc(v->n, sizeof(char *)))))
				continue;
			x[n++].key = key;
		}
		vals = x[j].values;
		vals[x[j].nvalues++] = (char *)(uintptr_t)(eq + 1);
	}
	ov->as_user_extra = x;
	ov->nas_user_extra = n;
}

static void fill_overrides(struct kc_ctx *ctx, kube_config_overrides *ov)
{
	memset(ov, 0, sizeof(*ov));
	ov->context = ctx->g.context;
	ov->cluster = ctx->g.cluster;
	ov->user = ctx->g.user;
	ov->namespace_ = ctx->g.namespace;
	ov->server = ctx->g.server;
	ov->token = ctx->g.token;
	ov->certificate_authority = ctx->g.certificate_authority;
	ov->client_certificate = ctx->g.client_certificate;
	ov->client_key = ctx->g.client_key;
	ov->insecure_skip_tls_verify = ctx->g.insecure_skip_tls_verify;
	ov->tls_server_name = ctx->g.tls_server_name;
	ov->request_timeout = ctx->g.request_timeout;
	ov->username = ctx->g.username;
	ov->password = ctx->g.password;
	ov->as = ctx->g.as;
	ov->as_groups = ctx->g.as_group.v;
	ov->nas_groups = ctx->g.as_group.n;
	ov->as_uid = ctx->g.as_uid;
	ov->disable_compression = ctx->g.disable_compression;
	ov->proxy_url = ctx->g.proxy_url;
	user_extras(ctx, ov);
}

/* -v=6: the files the kubeconfig came from, as clientcmd's loader logs them */
static void log_config_files(struct kc_ctx *ctx)
{
	const char *const *files;
	size_t i, n = kube_config_files(ctx->config, &files);
	kube_buf line = KUBE_BUF_INIT;

	for (i = 0; i < n; i++) {
		kube_buf_truncate(&line, 0);
		kube_buf_printf(&line, "Config loaded from file:  %s", files[i]);
		if (!line.failed)
			kc_klog_info("loader.go:408", line.ptr);
	}
	kube_buf_release(&line);
}

int kc_config(struct kc_ctx *ctx, kube_err *err)
{
	kube_config_load_opts lo = {.explicit_path = ctx->g.kubeconfig};

	int r;

	if (ctx->config)
		return 0;
	if ((r = kube_config_load(&ctx->config, &lo, err)) == 0 && ctx->g.v >= 6)
		log_config_files(ctx);
	return r;
}

const char *kc_namespace(struct kc_ctx *ctx)
{
	return ctx->ns ? ctx->ns : "default";
}

#if defined(__x86_64__)
#define KC_GOARCH "amd64"
#elif defined(__aarch64__)
#define KC_GOARCH "arm64"
#elif defined(__i386__)
#define KC_GOARCH "386"
#elif defined(__arm__)
#define KC_GOARCH "arm"
#else
#define KC_GOARCH "unknown"
#endif

/* client-go's DefaultKubernetesUserAgent: basename(argv[0])/version (os/arch) kubernetes/commit
 * ("$Format" when the build stamped no commit, as the oracle kubectl built here).
 * The server names the field manager of a request without fieldManager after its first word,
 * so kubec installed as kubectl owns fields as "kubectl" does. */
const char *kc_user_agent(struct kc_ctx *ctx)
{
	static char ua[256];

	snprintf(ua, sizeof(ua), "%s/v%d.%d.%d (linux/" KC_GOARCH ") kubernetes/$Format",
		 ctx->argv0 ? ctx->argv0 : "kubec", KC_KUBECTL_MAJOR, KC_KUBECTL_MINOR,
		 KC_KUBECTL_PATCH);
	return ua;
}

int kc_client(struct kc_ctx *ctx, kube_err *err)
{
	kube_config_overrides ov;
	kube_client_opts co;
	kube_rest_config *rc;
	int r;

	if (ctx->client)
		return 0;
	if ((r = kc_config(ctx, err)) < 0)
		return r;
	fill_overrides(ctx, &ov);
	if ((r = kube_config_resolve(&ctx->rc, ctx->config, &ov, err)) < 0)
		return r;
	rc = ctx->rc;
	ctx->ns = rc->namespace_;
	ctx->ns_explicit = rc->namespace_source == KUBE_NS_EXPLICIT;
	if ((r = kube_client_opts_from_config(&co, &ctx->groups, rc, err)) < 0)
		return r;
	co.user_agent = kc_user_agent(ctx);
	co.command = ctx->path;
	co.warning_fn = on_warning;
	co.warning_payload = ctx;
	co.cancel = &ctx->cancel;
	co.verbosity = (int)ctx->g.v;
	co.log_fn = on_log;
	ctx->copts = co;
	r = kube_client_new(&ctx->client, &co, err);
	return r;
}

/* kubectl's discovery client is asked for the group list several times while a command sets
 * up; each failure is logged through klog, and the last one is the command's error. */
int kc_discovery(struct kc_ctx *ctx, kube_err *err)
{
	kube_discovery_opts dopts = {.cache_dir = ctx->g.cache_dir, .warning_fn = on_warning,
				     .warning_payload = ctx};
	kube_buf text = KUBE_BUF_INIT;
	int r = 0, attempt;

	if (ctx->disc)
		return 0;
	if ((r = kc_client(ctx, err)) < 0)
		return r;
	for (attempt = 0; attempt < 5; attempt++) {
		if ((r = kube_discovery_load(&ctx->disc, ctx->client, &dopts, err)) == 0) {
			/* an earlier attempt's error was logged; it is not the command's */
			if (attempt && err)
				kube_err_clear(err);
			break;
		}
		if (r == KUBE_ENOMEM || r == KUBE_ECANCELED || !err ||
		    (r == KUBE_ETRANSPORT && err->transport == KUBE_TRANSPORT_CREDENTIALS))
			break;
		kube_buf_truncate(&text, 0);
		if (r == KUBE_ETRANSPORT)
			kube_buf_printf(&text, "Get \"%s/api?timeout=32s\": ",
					kube_client_server(ctx->client));
		kube_buf_puts(&text, err->message ? err->message : "");
		fflush(ctx->out);
		kc_klog_error("memcache.go:381", "Couldn't get current server API group list",
			      text.ptr);
	}
	kube_buf_release(&text);
	return r;
}

void kc_ctx_release(struct kc_ctx *ctx)
{
	kube_discovery_free(ctx->disc);
	kube_client_free(ctx->client);
	kube_rest_config_free(ctx->rc);
	free(ctx->groups);
	kube_config_free(ctx->config);
	memset(&ctx->copts, 0, sizeof(ctx->copts));
	ctx->rc = NULL;
	ctx->groups = NULL;
	ctx->disc = NULL;
	ctx->client = NULL;
	ctx->config = NULL;
}

static int raw_data(const char *data, size_t len, void *payload, kube_err *err)
{
	struct kc_ctx *ctx = payload;

	if (fwrite(data, 1, len, ctx->out) != len)
		return kube_err_set(err, KUBE_EIO, "write error on standard output");
	return 0;
}

/* %XX and '+' decoding of a query component (url.ParseQuery), in place. */
static void query_unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (*s == '+') {
			*w++ = ' ';
		} else if (*s == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
			char hex[3] = {s[1], s[2], 0};

			*w++ = (char)strtol(hex, NULL, 16);
			s += 2;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

int kc_raw(struct kc_ctx *ctx, const char *method, const char *uri)
{
	kube_err err = KUBE_ERR_INIT;
	kube_response resp = KUBE_RESPONSE_INIT;
	kube_buf path = KUBE_BUF_INIT;
	kube_param *ps = NULL;
	size_t np = 0;
	const char *q = strchr(uri, '?');
	char *qcopy = NULL;
	int rc;

	kube_buf_put(&path, uri, q ? (size_t)(q - uri) : strlen(uri));
	if (q && q[1]) {
		/* keep the caller's query as given: split into parameters (already escaped) */
		char *p, *amp;
		size_t n = 1;

		qcopy = strdup(q + 1);
		for (p = qcopy; p && *p; p++)
			n += *p == '&';
		ps = calloc(n, sizeof(*ps));
		if (!qcopy || !ps) {
			rc = kc_error(ctx, "out of memory");
			goto out;
		}
		for (p = qcopy; p; p = amp) {
			char *eq;

			amp = strchr(p, '&');
			if (amp)
				*amp++ = '\0';
			eq = strchr(p, '=');
			if (eq)
				*eq++ = '\0';
			query_unescape(p);
			if (eq)
				query_unescape(eq);
			ps[np].key = p;
			ps[np].value = eq ? eq : "";
			np++;
		}
	}
	{
		/* the body goes to stdout as it arrives, as kubectl streams it */
		kube_request req = {.method = method, .path = path.ptr, .params = ps, .nparams = np,
				    .accept = "application/json, */*", .data_fn = raw_data,
				    .data_payload = ctx};

		if ((rc = kc_client(ctx, &err)) < 0 ||
		    (rc = kube_client_do(ctx->client, &req, &resp, &err)) < 0) {
			fflush(ctx->out);
			rc = kc_report(ctx, &err);
			goto out;
		}
	}
	rc = 0;
out:
	free(qcopy);
	free(ps);
	kube_err_clear(&err);
	kube_response_release(&resp);
	kube_buf_release(&path);
	return rc;
}
