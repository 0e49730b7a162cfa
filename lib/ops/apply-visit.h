/* Private to lib/ops/apply*.c: visiting manifest objects like kubectl's resource builder
 * (Unstructured().Schema(...).ContinueOnError().NamespaceParam().DefaultNamespace()
 * .FilenameParam().LabelSelectorParam().Flatten()). */
#ifndef KUBE_APPLY_VISIT_H
#define KUBE_APPLY_VISIT_H

#include "ops/apply-internal.h"

/* resource.Info: one object with its mapping */
struct info {
	kube_obj *obj;        /* owned */
	const char *source;   /* borrowed from the manifest */
	char *group, *version, *kind; /* from apiVersion/kind */
	char *resource;       /* plural, when mapped */
	bool namespaced, mapped;
	char *ns, *name;      /* info.Namespace / info.Name */
};

void info_free(struct info *in);

struct visit;
/* Receives each object that passed mapping, the selector and the namespace decorators (in is
 * owned by the callee). Errors of the object go to vs->coe; return < 0 only for fatal ones. */
typedef int (*visit_fn)(struct visit *vs, struct info *in, kube_err *err);

struct visit {
	kube_client *c;
	kube_discovery *d;
	kube_validation validation;
	const char *ns;
	bool enforce_namespace;
	bool refreshed;          /* discovery was refreshed after a mapping miss */
	struct openapi oa;
	struct selector *sel;
	kube_errval eager;       /* EagerVisitorList errors (files, validation, mapping) */
	kube_errval coe;         /* ContinueOnErrorVisitor errors (namespaces, operations) */
	visit_fn fn;
	void *payload;
};

/* Fails with KUBE_EINVAL for an invalid selector ("the provided selector ... is not valid"). */
int visit_init(struct visit *vs, kube_client *c, kube_discovery *d, const kube_apply_opts *o,
	       kube_err *err);
void visit_release(struct visit *vs);
int visit_manifest(struct visit *vs, const kube_manifest *m, kube_err *err);
/* The error kubectl's visit returns (moved out of vs): coe errors and the eager aggregate. */
int visit_result(struct visit *vs, kube_errval *out);

#endif
