/* Resolving kubectl-style resource arguments ("svc", "svc/a deploy/b", "deploy,svc web",
 * "all") into targets, and fetching them (single GETs, paged LISTs). */
#ifndef KUBE_BUILDER_H
#define KUBE_BUILDER_H

#include <kube/common.h>
#include <kube/client.h>
#include <kube/discovery.h>
#include <kube/obj.h>

KUBE_BEGIN_DECLS

typedef struct kube_target {
	const kube_resource *res; /* borrowed from the discovery data */
	const char *name;         /* borrowed from the arguments; NULL = every object (a list) */
	const char *namespace;    /* from a manifest; NULL = the command's namespace */
} kube_target;

typedef struct kube_targets {
	kube_target *v;
	size_t n;
	bool single_item_implied; /* exactly one TYPE NAME or TYPE/NAME was given */
	bool multiple_types;      /* more than one resource type was named */
} kube_targets;

#define KUBE_TARGETS_INIT {NULL, 0, false, false}

typedef struct kube_builder_opts {
	bool has_selector;         /* -l, --field-selector or --all: names are not allowed */
	bool allow_empty_names;    /* a bare TYPE means "list" (get); else names are required */
} kube_builder_opts;

/* Parse args[0..n) with kubectl's rules. Errors (KUBE_EINVAL) carry kubectl's messages; an
 * unknown type is KUBE_ENOMATCH. arg strings must outlive out. Release with
 * kube_targets_release(). */
KUBE_EXTERN int kube_targets_resolve(kube_targets *out, kube_discovery *d, char *const *args,
				     size_t n, const kube_builder_opts *opts, kube_err *err);
KUBE_EXTERN void kube_targets_release(kube_targets *t);

typedef struct kube_list_opts {
	const char *namespace;      /* NULL = all namespaces */
	const char *label_selector;
	const char *field_selector;
	int64_t chunk_size;         /* 0 = no limit parameter */
	const char *accept;         /* default application/json */
	const char *include_object; /* includeObject= for Table requests, or NULL */
	const char *resource_version;
} kube_list_opts;

/* Called once per page (a List, or a Table when a Table was asked for). Takes ownership of
 * page. Return < 0 to stop (with err set). */
typedef int (*kube_page_fn)(kube_obj *page, void *payload, kube_err *err);

/* LIST a resource page by page (following metadata.continue). */
KUBE_EXTERN int kube_list(kube_client *c, const kube_resource *r, const kube_list_opts *opts,
			  kube_page_fn fn, void *payload, kube_err *err);
/* kubectl's wording for a failed LIST (BadRequest or NotFound Status): "Unable to find
 * \"G/V, Resource=R\" that match label selector ..., field selector ...: MSG" or "Unable to
 * list ...: MSG". kube_list() applies it; other list code can too. */
KUBE_EXTERN void kube_list_error_enhance(kube_err *e, const kube_resource *r,
					 const char *label_sel, const char *field_sel);
/* GET one object. *out is owned by the caller. */
KUBE_EXTERN int kube_get(kube_obj **out, kube_client *c, const kube_resource *r, const char *ns,
			 const char *name, const char *accept, kube_err *err);

KUBE_END_DECLS
#endif
