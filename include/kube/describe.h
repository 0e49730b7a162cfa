/* kubectl describe as a library operation: the describers of kubectl 1.37 (services, endpoint
 * slices, endpoints, pods, deployments, replica sets, secrets, config maps, service accounts,
 * nodes, namespaces, resource quotas, limit ranges and a few more) plus its generic describer
 * for every other type, CRDs included, and the command's object selection (TYPE, TYPE NAME,
 * name prefixes, -l, -A, -f).
 *
 * Describers see an object the way the server returned it (a kube_obj) and may ask the server
 * for related objects (events, EndpointSlices, ReplicaSets, pods, leases, quotas) through a
 * kube_describe_io, so they run against a real client or against canned data in tests.
 *
 * Ownership: every pointer parameter is borrowed; kube_obj ** results belong to the caller. */
#ifndef KUBE_DESCRIBE_H
#define KUBE_DESCRIBE_H

#include <kube/buf.h>
#include <kube/client.h>
#include <kube/common.h>
#include <kube/discovery.h>
#include <kube/err.h>
#include <kube/obj.h>

KUBE_BEGIN_DECLS

/* How describers read from the server: one GET of path (escaped, no '?') with query
 * parameters; on success *out is the decoded JSON body (the caller frees it). Errors fill err
 * as kube_client_do() does (API errors keep the Status reason, e.g. NotFound, Forbidden). */
typedef struct kube_describe_io {
	int (*get)(void *payload, const char *path, const kube_param *params, size_t nparams,
		   kube_obj **out, kube_err *err);
	void *payload;
} kube_describe_io;

/* An io that sends the requests with c (borrowed; it must outlive every use of io). */
KUBE_EXTERN void kube_describe_client_io(kube_describe_io *io, kube_client *c);

typedef struct kube_describe_settings {
	bool show_events;   /* fetch and print the Events table */
	int64_t chunk_size; /* limit= of the lists the describers make; 0 = no limit */
	int64_t now;	    /* "now" for ages, unix seconds; 0 with now_nsec 0 = the clock */
	int32_t now_nsec;
} kube_describe_settings;

/* Describe obj, an object of resource r as the server returned it, and append kubectl's text
 * to out (it ends with a newline). The describer is chosen by r's group and kind (kubectl's
 * table), else the generic one. io is used for related objects; a failing related request is
 * shown or skipped as kubectl does, except where kubectl fails the whole description (config
 * maps when the events cannot be listed, nodes when the pods cannot be listed for another
 * reason than Forbidden, namespaces when quotas or limit ranges fail with another error than
 * NotFound). Returns 0, KUBE_ENOMEM or the error of that request; err may be NULL. */
KUBE_EXTERN int kube_describe_object(kube_buf *out, const kube_describe_io *io,
				     const kube_resource *r, const kube_obj *obj,
				     const kube_describe_settings *s, kube_err *err);

typedef struct kube_describe_opts {
	const char *namespace;	      /* effective namespace */
	bool namespace_explicit;      /* -n/--namespace given (objects from -f must match it) */
	bool all_namespaces;	      /* -A */
	const char *selector;	      /* -l */
	bool show_events;	      /* --show-events value (default true) */
	bool show_events_set;	      /* --show-events given on the command line */
	int64_t chunk_size;	      /* --chunk-size (kubectl's default is 500) */
	const char *const *filenames; /* -f values; "-" is stdin */
	size_t nfilenames;
	bool recursive; /* -R */
	int64_t now;	/* as in kube_describe_settings */
} kube_describe_opts;

typedef struct kube_describe_sink {
	/* description text for stdout; return < 0 on a write error */
	int (*write)(const char *p, size_t n, void *payload);
	void *payload;
} kube_describe_sink;

typedef struct kube_describe_result {
	kube_err *errors; /* errors kubectl reports after the output, in its order (owned) */
	size_t nerrors;
	/* kubectl holds these errors in a list even when there is one (they come from -f), so it
	 * prints each on a line of its own without the "error: " prefix */
	bool errors_listed;
	bool none_found; /* nothing was found and nothing failed ("No resources found ...") */
	bool wrote;	 /* some description was written */
} kube_describe_result;

/* Free the errors held by res and reset it. NULL is a no-op. */
KUBE_EXTERN void kube_describe_result_release(kube_describe_result *res);

/* Run `kubectl describe` for args[0..n) (TYPE [NAME...], TYPE/NAME..., or nothing with -f):
 * resolve the arguments, fetch the objects (names, lists, -l, -A, -f), fall back to name
 * prefix matching when TYPE NAME is not found, describe each object and write the texts to
 * sink separated as kubectl separates them. Errors about single objects are collected in res
 * (the caller prints them after the output); errors that stop everything before any output
 * (unknown type, a name with -A, an unreadable file) are returned (< 0, err filled). res must
 * be zeroed or released; c, d, opts and args are borrowed. */
KUBE_EXTERN int kube_describe_run(kube_client *c, kube_discovery *d, const kube_describe_opts *o,
				  char *const *args, size_t n, const kube_describe_sink *sink,
				  kube_describe_result *res, kube_err *err);

KUBE_END_DECLS
#endif
