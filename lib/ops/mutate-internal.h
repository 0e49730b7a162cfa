/* Private helpers shared by the imperative commands (lib/ops/mutate*.c, expose.c, scale.c, ...). */
#ifndef KUBE_MUTATE_INTERNAL_H
#define KUBE_MUTATE_INTERNAL_H

#include <kube/mutate.h>

/* One object the builder visits. */
struct mut_item {
	const kube_resource *res; /* borrowed from discovery */
	char *ns;                 /* NULL for cluster-scoped objects */
	char *name;
	kube_obj *obj;            /* the object (fetched, listed or from a file); NULL when not
				   * fetched */
	const char *source;       /* file the object came from, or NULL */
};

/* Called once per object. Return 0, or < 0 with err filled: the error is collected and the
 * visit goes on, unless the callback set v->stop (write errors, OOM). */
typedef int (*mut_item_fn)(struct mut_item *it, void *payload, kube_err *err);

struct mut_visit {
	kube_client *c;
	kube_discovery *d;
	const kube_mutate_select *sel;
	bool fetch;            /* GET named objects; lists always fetch */
	bool fetch_files;      /* GET the objects named in files (the builder's Latest()) */
	const char *subresource; /* GET this subresource of named objects */
	bool ignore_not_found; /* drop NotFound errors */
	bool all_is_selector;  /* --all conflicts with names (delete) */
	bool allow_empty;      /* a bare TYPE selects every object (edit) */
	bool require_object;   /* (unused by lists) */
	kube_errval *errs;
	kube_errval *builder_errs; /* (internal) where failed GETs go; NULL = errs */
	/* results */
	bool single_item_implied;
	size_t found;          /* objects handed to the callback */
	bool stop;             /* set by a callback to end the visit with its error */
};

/* Resolve the arguments (TYPE NAME..., TYPE/NAME..., TYPE with -l/--all) plus sel->files and
 * visit every object. Argument errors are returned (not collected). Per-object errors go into
 * v->errs. Returns 0 or a fatal error. */
int mut_visit_run(struct mut_visit *v, char *const *args, size_t n, mut_item_fn fn,
		  void *payload, kube_err *err);
/* Resolve args into targets only (for checks before the visit); same errors. */
int mut_resolve(kube_targets *t, struct mut_visit *v, char *const *args, size_t n, kube_err *err);

/* Print an object through out->printer and write it. */
int mut_print(const kube_mutate_out *out, const kube_obj *obj, const char *operation,
	      unsigned flags, kube_err *err);
/* Write text to standard output. */
int mut_write(const kube_mutate_out *out, const char *s, size_t n, kube_err *err);
void mut_warn(const kube_mutate_out *out, const char *line);

/* "deployment.apps" for a resource (lower-case kind, ".group" when not core). */
void mut_kind_group(kube_buf *b, const kube_resource *r);
/* Map apiVersion/kind of obj to a resource (the preferred version when the exact one is not
 * served). KUBE_ENOMATCH with kubectl's message. */
int mut_map_object(const kube_resource **out, kube_discovery *d, const kube_obj *obj,
		   kube_err *err);
/* Set apiVersion and kind on obj from r when they are missing (list items). */
int mut_set_gvk(kube_obj *obj, const kube_resource *r, kube_err *err);

/* Go's labels.Parse-free "k=v,k2=v2" parser of kubectl's generators (ParseLabels): pairs in
 * order, each key once. On failure KUBE_EINVAL "invalid label spec: x". *out is an object. */
int mut_parse_labels(kube_obj **out, const char *spec, kube_err *err);

#define LAST_APPLIED "kubectl.kubernetes.io/last-applied-configuration"

/* Insert or replace key in an object whose keys are sorted, keeping them sorted (Go marshals
 * maps that way). Adopts v. Returns 0 or KUBE_ENOMEM. */
int mut_set_sorted(kube_obj *map, const char *key, kube_obj *v);

/* Duplicate a string; NULL on OOM (or when s is NULL). */
char *mut_strdup(const char *s);
/* Set err from an error with a new message prefix: "prefix<message>". */
void mut_err_prefix(kube_err *err, const char *prefix);

/* GET an object or subresource (kube_get with a subresource). */
int mut_get(kube_obj **out, kube_client *c, const kube_resource *r, const char *ns,
	    const char *name, const char *subresource, kube_err *err);
/* PUT obj to an object or subresource. */
int mut_put(kube_obj **out, kube_client *c, const kube_resource *r, const char *ns,
	    const char *name, const char *subresource, const kube_obj *obj,
	    const kube_mutate_write_opts *o, kube_err *err);
/* DELETE with a JSON DeleteOptions body (which carries dryRun too). */
int mut_delete(kube_obj **out, kube_client *c, const kube_resource *r, const char *ns,
	       const char *name, const char *body, kube_err *err);
/* cmdutil.AddSourceToErr: `error when <verb> "<source>": <message>` for errors about objects
 * from files (no-op when source is NULL). */
void mut_err_source(kube_err *err, const char *verb, const char *source);

/* kubectl's merge of --overrides into a generated object: type "merge" (default), "strategic"
 * or "json". The result keeps the object's member order. */
int mut_apply_overrides(kube_obj **obj, const char *overrides, const char *type, kube_err *err);

/* kubectl's -o kyaml rendering of one document (sigs.k8s.io/yaml/kyaml), with its leading
 * `---` line. */
void mut_kyaml_write(kube_buf *out, const kube_obj *obj);

/* The service `kubectl run --expose` generates: selector and labels "k=v,...", port, no target
 * port (= port). namespace, when not NULL, is set in metadata (client dry run with -n). */
int mut_service_for_run(kube_obj **out, const char *name, const char *selector, const char *port,
			const char *labels, const char *namespace, kube_err *err);

/* go's json.Marshal of obj (sorted keys, HTML escaping), for byte comparisons. */
void mut_json_compact(kube_buf *out, const kube_obj *obj);

#endif
