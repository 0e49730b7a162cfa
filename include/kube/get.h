/* kubectl get, as a library operation: resolve arguments, fetch page by page, and render in any
 * of kubectl's output formats into a caller-supplied sink. The caller prints. */
#ifndef KUBE_GET_H
#define KUBE_GET_H

#include <kube/common.h>
#include <kube/builder.h>
#include <kube/client.h>
#include <kube/discovery.h>
#include <kube/err.h>

KUBE_BEGIN_DECLS

typedef struct kube_get_opts {
	const char *namespace;       /* effective namespace (ignored with all_namespaces) */
	bool all_namespaces;
	bool ignore_not_found, no_headers, show_kind, show_labels, show_managed_fields;
	bool allow_missing_template_keys, server_print;
	int64_t chunk_size;
	const char *output;          /* -o value, NULL/"" = human table */
	const char *template_;       /* --template */
	const char *selector, *field_selector, *sort_by;
	const char *const *label_columns;
	size_t nlabel_columns;
	bool watch, watch_only, output_watch_events;
	const char *argv0;           /* for messages that name the program */
	bool namespace_explicit;     /* -n was given: objects from files must match it */
	const char *const *filenames; /* -f */
	size_t nfilenames;
	bool recursive;              /* -R */
} kube_get_opts;

typedef struct kube_get_sink {
	/* stdout data; return < 0 on a write error */
	int (*write)(const char *p, size_t n, void *payload);
	/* a per-object error (NotFound of one name, ...), reported after the output as kubectl
	 * does; aggregated is true when there are several (kubectl then prints plain messages
	 * without the "error: " prefix) */
	void (*error)(const kube_err *err, bool aggregated, void *payload);
	void *payload;
} kube_get_sink;

typedef struct kube_get_result {
	bool wrote;          /* anything was printed */
	bool all_namespaced; /* every resource visited was namespaced and -A was not given */
	bool human;          /* the printer is a human-readable one (table, wide): only those
			      * say "No resources found" for an empty result */
	size_t errors;       /* errors passed to sink->error */
} kube_get_result;

/* Validate an output format (-o) before any request; 0 or KUBE_EINVAL with kubectl's message. */
KUBE_EXTERN int kube_get_check_output(const char *output, const char *template_, kube_err *err);

/* Run get for args[0..n). Fatal errors return < 0 with err set; per-object errors go to the sink
 * (and are counted in result). */
KUBE_EXTERN int kube_get_run(kube_client *c, kube_discovery *d, const kube_get_opts *opts,
			     char *const *args, size_t n, const kube_get_sink *sink,
			     kube_get_result *result, kube_err *err);

KUBE_END_DECLS
#endif
