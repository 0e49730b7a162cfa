/* kubectl create -f and apply -f as library operations, and the patch algorithms they use.
 *
 * - Three-way patches: kubectl's strategic merge patch (k8s.io/apimachinery util/strategicpatch,
 *   with patch metadata taken from an OpenAPI v3 schema) and the three-way JSON merge patch it
 *   sends for custom resources (util/jsonmergepatch), plus applying either kind of patch locally
 *   (what `apply --dry-run=client` shows).
 * - kube_create_run() and kube_apply_run(): visit the objects of a kube_manifest the way kubectl's
 *   resource builder does (validation, mapping, namespaces, label selector), create or apply each,
 *   report every result through a sink and collect errors into a kube_errval as kubectl
 *   aggregates them.
 * - kube_op_printer: the output of mutating commands (`kind/name created`, `-o yaml`, ...).
 *
 * Ownership: `kube_obj **out` results belong to the caller (kube_obj_free()); every other pointer
 * parameter is borrowed for the duration of the call. err may be NULL everywhere. */
#ifndef KUBE_APPLY_H
#define KUBE_APPLY_H

#include <kube/common.h>
#include <kube/buf.h>
#include <kube/client.h>
#include <kube/discovery.h>
#include <kube/err.h>
#include <kube/manifest.h>
#include <kube/obj.h>

KUBE_BEGIN_DECLS

/* ---- patches ---- */

/* Where strategic-merge patch metadata (x-kubernetes-patch-merge-key and
 * x-kubernetes-patch-strategy) comes from: `schemas` is the components.schemas object of an
 * OpenAPI v3 group-version document and `schema` the schema of the object's kind inside it. Both
 * borrowed. A NULL schema means "no metadata": maps merge, lists are replaced. */
typedef struct kube_patch_schema {
	const kube_obj *schemas;
	const kube_obj *schema;
} kube_patch_schema;

/* The patch kubectl's client-side apply sends (strategicpatch.CreateThreeWayMergePatch):
 * deletions from original (the last applied configuration) to modified (the new configuration)
 * plus changes and additions from current (the live object) to modified, with $patch: delete,
 * $setElementOrder, $deleteFromPrimitiveList and $retainKeys directives. An unchanged object gives
 * an empty object. With overwrite false, fields changed from original to current that the patch
 * would change differently are a conflict (KUBE_ECONFLICT). Any of the three may be NULL (an
 * empty object). Returns 0, KUBE_EINVAL (malformed input, messages as strategicpatch's),
 * KUBE_ECONFLICT or KUBE_ENOMEM. */
KUBE_EXTERN int kube_strategic_three_way(kube_obj **out, const kube_obj *original,
					 const kube_obj *modified, const kube_obj *current,
					 const kube_patch_schema *schema, bool overwrite,
					 kube_err *err);

/* Apply a strategic merge patch to doc the way the API server does (StrategicMergeMapPatch).
 * Returns 0, KUBE_EINVAL or KUBE_ENOMEM. */
KUBE_EXTERN int kube_strategic_apply(kube_obj **out, const kube_obj *doc, const kube_obj *patch,
				     const kube_patch_schema *schema, kube_err *err);

/* The JSON merge patch kubectl sends for kinds without strategic-merge support
 * (jsonmergepatch.CreateThreeWayJSONMergePatch): deletions from original to modified plus
 * additions and changes from current to modified. apiVersion, kind and metadata.name must not
 * change (KUBE_EINVAL, "At least one of apiVersion, kind and name was changed"). */
KUBE_EXTERN int kube_merge_three_way(kube_obj **out, const kube_obj *original,
				     const kube_obj *modified, const kube_obj *current,
				     kube_err *err);

/* RFC 7386 JSON merge patch of doc (a copy is returned). */
KUBE_EXTERN int kube_merge_apply(kube_obj **out, const kube_obj *doc, const kube_obj *patch,
				 kube_err *err);

/* The kubectl.kubernetes.io/last-applied-configuration value for obj: obj without that
 * annotation (metadata.annotations present, possibly `{}`) as compact JSON with sorted keys and
 * Go's HTML escaping, plus a newline. Appended to out. */
KUBE_EXTERN void kube_apply_last_applied(kube_buf *out, const kube_obj *obj);

/* ---- options ---- */

typedef enum {
	KUBE_DRY_RUN_NONE = 0,
	KUBE_DRY_RUN_CLIENT,
	KUBE_DRY_RUN_SERVER,
} kube_dry_run;

typedef enum {
	KUBE_VALIDATE_STRICT = 0,
	KUBE_VALIDATE_WARN,
	KUBE_VALIDATE_IGNORE,
} kube_validation;

/* --validate=VALUE: strict, warn, ignore, or a Go boolean (true = strict, false = ignore).
 * Returns 0 or KUBE_EINVAL with kubectl's message. */
KUBE_EXTERN int kube_validation_parse(kube_validation *out, const char *s, kube_err *err);

/* --dry-run=VALUE: none, client, server, "unchanged" (a bare --dry-run) or a Go boolean. When
 * kubectl would log a deprecation warning, *warning is set to its text (static storage) and
 * *warning_line to the klog source position kubectl prints ("helpers.go:714"); else both NULL.
 * Returns 0 or KUBE_EINVAL ("Invalid dry-run value (x). Must be ..."). */
KUBE_EXTERN int kube_dry_run_parse(kube_dry_run *out, const char *s, const char **warning,
				   const char **warning_line, kube_err *err);

/* Append a klog line as kubectl writes it to stderr: "W1126 17:05:25.480318   30299
 * helpers.go:714] text\n" (severity letter, local time, pid, source position). */
KUBE_EXTERN void kube_klog_line(kube_buf *out, char severity, const char *where,
				const char *text);

typedef struct kube_apply_opts {
	const char *namespace;        /* effective namespace; NULL = "default" */
	bool enforce_namespace;       /* given with -n: objects of other namespaces are an error */
	const char *selector;         /* -l: only objects whose labels match */
	kube_dry_run dry_run;
	kube_validation validation;
	const char *field_manager;    /* NULL = kubectl's default for the command and mode */
	const char *cache_dir;        /* OpenAPI cache root; NULL: $KUBECACHEDIR, ~/.kube/cache */
	const char *program;          /* argv[0] basename, for kubectl's warning texts */
	bool print_full;              /* apply: the output format prints whole objects (-o json,
				       * yaml, templates): report nothing per object, but once,
				       * after every object succeeded, the objects (a v1 List when
				       * more than one) with operation "" (kubectl apply -o) */
	/* create */
	bool save_config;             /* --save-config */
	/* apply */
	bool server_side;             /* --server-side */
	bool force_conflicts;         /* --force-conflicts */
	const char *subresource;      /* --subresource (server-side only) */
	bool no_overwrite;            /* --overwrite=false */
	bool no_openapi_patch;        /* --openapi-patch=false */
	bool force;                   /* --force: delete and re-create on Conflict/Invalid */
	const char *cascade;          /* --cascade; NULL = background */
	int64_t grace_period;         /* --grace-period when grace_period_set */
	bool grace_period_set;
	int64_t timeout_ms;           /* --timeout for --force; 0 = derived */
	bool prune, prune_all;        /* --prune, --all */
	const char *const *prune_allowlist; /* --prune-allowlist values */
	size_t nprune_allowlist;
} kube_apply_opts;

/* Results and kubectl's own warnings. */
typedef struct kube_apply_sink {
	/* An object was handled: operation is "created", "configured", "unchanged",
	 * "serverside-applied" or "pruned"; obj is the object as kubectl would print it
	 * (borrowed, valid during the call). Return < 0 to stop (a write error). */
	int (*object)(const kube_obj *obj, const char *operation, void *payload);
	/* A line kubectl writes to stderr ("Warning: resource ... is missing ...", klog lines),
	 * with its trailing newline. */
	void (*warning)(const char *line, void *payload);
	void *payload;
} kube_apply_sink;

/* Check the options before any object is read (kubectl's flag validation): the messages of
 * kubectl apply's Validate(), --cascade values, and the --prune-allowlist entries
 * (`invalid GroupVersionKind format: x, please follow <group/version/kind>`, mapping errors).
 * d may be NULL when no allowlist is given. Returns 0 or KUBE_EINVAL/KUBE_ENOMATCH. */
KUBE_EXTERN int kube_apply_check(const kube_apply_opts *opts, kube_discovery *d, kube_err *err);

/* kubectl create -f: validate, map and POST every object of m (fieldManager kubectl-create).
 * Objects go to sink->object as they are created. Errors are collected into *errs exactly as
 * kubectl aggregates them (render with kube_errval_format()); the result is 0 when *errs stayed
 * empty, else the code of its first error (err gets that error). *errs must be initialised
 * (KUBE_ERRVAL_INIT); release it with kube_errval_release(). c and d are borrowed. */
KUBE_EXTERN int kube_create_run(kube_client *c, kube_discovery *d, const kube_apply_opts *opts,
				const kube_manifest *m, const kube_apply_sink *sink,
				kube_errval *errs, kube_err *err);

/* kubectl apply -f: client-side apply (last-applied annotation, three-way strategic merge
 * patch with metadata from the server's OpenAPI v3, JSON merge patch for custom resources),
 * --server-side apply, and --prune. Same conventions as kube_create_run(). */
KUBE_EXTERN int kube_apply_run(kube_client *c, kube_discovery *d, const kube_apply_opts *opts,
			       const kube_manifest *m, const kube_apply_sink *sink,
			       kube_errval *errs, kube_err *err);

/* ---- output of mutating commands ---- */

typedef struct kube_op_printer kube_op_printer;

typedef struct kube_op_printer_opts {
	const char *output;            /* -o: "", name, json, yaml, go-template..., jsonpath... */
	const char *template_;         /* --template */
	bool allow_missing_template_keys;
	bool show_managed_fields;
	kube_dry_run dry_run;          /* adds " (dry run)" / " (server dry run)" */
} kube_op_printer_opts;

/* Returns 0 or KUBE_EINVAL with kubectl's message for an unknown format or a bad template. */
KUBE_EXTERN int kube_op_printer_new(kube_op_printer **out, const kube_op_printer_opts *opts,
				    kube_err *err);
/* Whether the printer prints whole objects (every format but "" and name). */
KUBE_EXTERN bool kube_op_printer_full(const kube_op_printer *p);
/* Append obj in the chosen format; operation completes `kind/name OPERATION` lines. YAML
 * documents after the first are preceded by `---`. */
KUBE_EXTERN int kube_op_printer_print(kube_op_printer *p, const kube_obj *obj,
				      const char *operation, kube_buf *out, kube_err *err);
KUBE_EXTERN void kube_op_printer_free(kube_op_printer *p);

KUBE_END_DECLS
#endif
