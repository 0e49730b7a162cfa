/* libkube errors: return codes plus a kube_err that mirrors metav1.Status.
 *
 * Contract: a function that returns < 0 fills *err (when err is not NULL) and err->code equals
 * the return value. A function that returns 0 leaves *err untouched. Only the CLI renders
 * errors; the library never prints. */
#ifndef KUBE_ERR_H
#define KUBE_ERR_H

#include <kube/common.h>

KUBE_BEGIN_DECLS

typedef enum {
	KUBE_OK = 0,
	KUBE_ERROR = -1,      /* anything else */
	KUBE_ENOMEM = -2,     /* out of memory */
	KUBE_EINVAL = -3,     /* caller passed something invalid */
	KUBE_ECONFIG = -4,    /* kubeconfig/credentials unusable before any request */
	KUBE_ETRANSPORT = -5, /* no HTTP response: DNS, connect, TLS, timeout */
	KUBE_EDECODE = -6,    /* body not the JSON/YAML/kind expected, or too large */
	KUBE_EAPI = -7,       /* server returned an error Status; see reason */
	KUBE_ENOTFOUND = -8,  /* API reasons split out because callers branch on them */
	KUBE_EEXISTS = -9,
	KUBE_ECONFLICT = -10,
	KUBE_EIO = -11,       /* local file I/O */
	KUBE_ENOMATCH = -12,  /* resource type unknown to discovery */
	KUBE_ECANCELED = -13, /* interrupted by the caller (signal, cancel flag) */
} kube_code;

/* Refinement of KUBE_ETRANSPORT, used by renderers that follow kubectl's wording. */
typedef enum {
	KUBE_TRANSPORT_OTHER = 0,
	KUBE_TRANSPORT_REFUSED = 1, /* "connection refused" */
	KUBE_TRANSPORT_TIMEOUT = 2,
	KUBE_TRANSPORT_TLS = 3,
	KUBE_TRANSPORT_CREDENTIALS = 4, /* getting credentials failed (exec plugin) */
} kube_transport_kind;

typedef struct kube_err_cause {
	char *reason, *message, *field;
} kube_err_cause;

typedef struct kube_err {
	kube_code code;            /* equals the failing function's return value */
	int http_status;           /* Status.code; 0 without a response */
	char *reason;              /* Status.reason ("NotFound"), NULL when absent */
	char *message;             /* Status.message, or transport/config text */
	char *kind, *name, *group; /* Status.details */
	kube_err_cause *causes;    /* Status.details.causes, for Invalid */
	size_t ncauses;
	kube_transport_kind transport; /* for KUBE_ETRANSPORT */
	char *host;                    /* host:port for transport errors */
	bool has_status;               /* the body was a decodable metav1.Status */
} kube_err;

#define KUBE_ERR_INIT {KUBE_OK, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, false}

/* Fill err (if not NULL) with code and a formatted message; returns code. */
KUBE_EXTERN int kube_err_set(kube_err *err, kube_code code, const char *fmt, ...) KUBE_PRINTF(3, 4);
/* Release what err holds and reset it to KUBE_ERR_INIT. NULL is a no-op. */
KUBE_EXTERN void kube_err_clear(kube_err *err);
/* Move src into dst (dst cleared first); src is reset. */
KUBE_EXTERN void kube_err_move(kube_err *dst, kube_err *src);
/* What a failed request was about, for client-go's synthesized messages. */
typedef struct kube_err_req {
	const char *method;       /* "GET", "POST", ... */
	const char *group;        /* API group of the resource, "" for core */
	const char *resource;     /* "services"; NULL when the request was not for a resource */
	const char *name;         /* object name or NULL */
	const char *content_type; /* response Content-Type or NULL */
} kube_err_req;

/* Fill err from an HTTP error response: a metav1.Status body when there is one, else the
 * message client-go synthesizes from the status code. Returns the code chosen (< 0). */
KUBE_EXTERN int kube_err_from_http(kube_err *err, int http_status, const char *body, size_t len,
				   const kube_err_req *req);
/* Fill err from a decoded metav1.Status object (a kube_obj). Returns the code chosen (< 0). */
struct kube_obj;
KUBE_EXTERN int kube_err_from_status(kube_err *err, const struct kube_obj *status);
/* Append s quoted as Go's %q does. */
struct kube_buf;
KUBE_EXTERN void kube_go_quote(struct kube_buf *out, const char *s);
/* A short English name of a code ("not found"). */
KUBE_EXTERN const char *kube_code_str(kube_code code);

KUBE_END_DECLS
#endif
