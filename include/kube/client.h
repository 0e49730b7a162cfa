/* kube_client: HTTP(S) access to one API server, kubectl's wire conventions.
 *
 * One client holds one keep-alive connection and the credentials. Requests go through a small
 * HTTP/1.1 engine on OpenSSL (libssl and libcrypto are loaded on the first https request, so
 * programs that build a client but never talk to the server do not pay for them); libcurl,
 * loaded the same way, takes over when a proxy applies or KUBEC_TRANSPORT=curl is set (HTTP/2
 * and gzip then as libcurl offers them). A client is not thread-safe. */
#ifndef KUBE_CLIENT_H
#define KUBE_CLIENT_H

#include <kube/common.h>
#include <kube/buf.h>
#include <kube/err.h>

KUBE_BEGIN_DECLS

typedef struct kube_client kube_client;
struct kube_impersonate_extra;

/* Credentials handed out by a credential provider (exec plugins). Owned by the provider's
 * caller after the call; the client wipes them before free. */
typedef struct kube_credential {
	char *token;
	char *cert_pem, *key_pem;
	int64_t expiry; /* unix seconds, 0 = none */
} kube_credential;

/* Called before the first request, when the credential expired, and after a 401 with
 * force = true. Returns 0 and fills *out, or < 0 with err filled. */
typedef int (*kube_credential_fn)(kube_credential *out, bool force, void *payload, kube_err *err);
/* Receives the request log lines client-go writes through klog (`at` is its source location,
 * "round_trippers.go:632"); the program adds the klog header. Bodies are never logged and the
 * Authorization header is masked. */
typedef void (*kube_log_fn)(const char *at, const char *line, void *payload);
/* Called once per response Warning header text (`Warning: 299 - "text"` gives "text"). */
typedef void (*kube_warning_fn)(const char *text, void *payload);

typedef struct kube_client_opts {
	const char *server;          /* https://host:port[/prefix]; required */
	const char *ca_pem;          /* trust root; NULL = system roots (unless insecure) */
	size_t ca_pem_len;
	const char *cert_pem, *key_pem; /* client certificate and key */
	size_t cert_pem_len, key_pem_len;
	const char *token;           /* bearer token (https only, as kubectl) */
	const char *username, *password;
	const char *impersonate_user, *impersonate_uid;
	const char *const *impersonate_groups; /* NULL-terminated */
	const struct kube_impersonate_extra *impersonate_extra; /* user extras (kube/config.h) */
	size_t nimpersonate_extra;
	const char *tls_server_name;
	const char *proxy_url;
	bool insecure;
	bool disable_compression;
	int64_t timeout_ms;          /* 0 = none; also sent as the timeout= query parameter */
	const char *user_agent;      /* default "kubec/<version>" */
	const char *command;         /* Kubectl-Command header ("kubectl get") or NULL */
	kube_credential_fn credential_fn;
	void *credential_payload;
	kube_warning_fn warning_fn;
	void *warning_payload;
	size_t max_body;             /* cap for buffered responses; 0 = 256 MiB */
	const volatile int *cancel;  /* when it becomes non-zero, transfers stop (KUBE_ECANCELED) */
	int verbosity;               /* -v: 6 logs each response, 7 each request with its headers */
	kube_log_fn log_fn;
	void *log_payload;
} kube_client_opts;

/* Fill *opts from a configuration resolved by kube_config_resolve() (include kube/config.h):
 * server, TLS material, token or basic auth, an exec plugin as credential_fn, impersonation,
 * proxy, timeout. Strings are borrowed from rc, which must outlive the call to
 * kube_client_new() (the exec plugin's configuration must outlive the client). With
 * impersonation groups, *groups is a malloc'ed NULL-terminated array the caller frees after
 * kube_client_new(); else NULL. user_agent, command, warning_fn, max_body and cancel are left
 * zero for the caller to set. */
struct kube_rest_config;
KUBE_EXTERN int kube_client_opts_from_config(kube_client_opts *opts, const char ***groups,
					     const struct kube_rest_config *rc, kube_err *err);

/* Append the header line (no line end) that impersonates one user-extra value, as client-go
 * writes it: `Impersonate-Extra-<key>: value`, the key percent-escaped where it is no token
 * and canonicalized as net/http does. */
KUBE_EXTERN void kube_impersonate_extra_header(kube_buf *out, const char *key, const char *value);

/* All strings in opts are copied. Fails only on OOM or a missing server (KUBE_EINVAL). */
KUBE_EXTERN int kube_client_new(kube_client **out, const kube_client_opts *opts, kube_err *err);
KUBE_EXTERN void kube_client_free(kube_client *c);
/* The server URL without a trailing slash (borrowed). */
KUBE_EXTERN const char *kube_client_server(const kube_client *c);
/* "host:port" of the server (borrowed), as kubectl prints it in connection errors. */
KUBE_EXTERN const char *kube_client_host(const kube_client *c);

typedef struct kube_param {
	const char *key, *value;
} kube_param;

/* Called with each chunk of a streamed body; return < 0 (with err set) to stop. */
typedef int (*kube_data_fn)(const char *data, size_t len, void *payload, kube_err *err);

typedef struct kube_request {
	const char *method;       /* default "GET" */
	const char *path;         /* already escaped; may not contain '?' */
	const kube_param *params; /* query parameters, encoded with sorted keys like Go */
	size_t nparams;
	const char *accept;       /* default "application/json" */
	const char *content_type; /* for a body */
	const char *body;
	size_t body_len;
	kube_data_fn data_fn;     /* streaming: body goes here instead of the response buffer */
	void *data_payload;
	int64_t timeout_ms;       /* overrides the client timeout when > 0; -1 = none (watch) */
	bool no_timeout_param;    /* do not add timeout= */
	const char *timeout_param; /* explicit timeout= value ("32s" for discovery) */
	/* what the request is about, for client-go style error messages */
	const char *group, *resource, *name;
	bool keep_error_body;     /* on HTTP errors return 0 and leave the body in resp */
} kube_request;

typedef struct kube_response {
	int status;
	char *content_type; /* owned; may be NULL */
	kube_buf body;
} kube_response;

#define KUBE_RESPONSE_INIT {0, NULL, KUBE_BUF_INIT}

/* Perform a request. HTTP status >= 400 becomes an error filled from the Status body (unless
 * keep_error_body). 429 and 5xx answers with Retry-After are retried like client-go does, and a
 * 401 re-runs the credential provider once. resp must be initialised with KUBE_RESPONSE_INIT
 * and is reset first; release it with kube_response_release(). */
KUBE_EXTERN int kube_client_do(kube_client *c, const kube_request *req, kube_response *resp,
			       kube_err *err);
KUBE_EXTERN void kube_response_release(kube_response *resp);

/* Build the encoded query string ("a=b&c=d", keys sorted, Go url.Values.Encode escaping). */
KUBE_EXTERN void kube_query_encode(kube_buf *out, const kube_param *params, size_t n);
/* Go's time.Duration.String() of a millisecond count: 5000 -> "5s", 60000 -> "1m0s". */
KUBE_EXTERN void kube_duration_format(kube_buf *out, int64_t ms);

KUBE_END_DECLS
#endif
