/* Private to lib/ops/apply*.c: the OpenAPI v3 client with its disk cache, object mapping and
 * label selectors. */
#ifndef KUBE_APPLY_INTERNAL_H
#define KUBE_APPLY_INTERNAL_H

#include <kube/apply.h>
#include <kube/client.h>
#include <kube/discovery.h>
#include <kube/obj.h>

/* ---- OpenAPI v3 (/openapi/v3 index, then one document per group-version) ---- */

struct openapi_doc {
	char *key;      /* "api/v1", "apis/apps/v1" */
	kube_obj *doc;
};

struct openapi {
	kube_client *c;
	char *cache_dir;    /* <cache root>/openapi/<server host>, or NULL (no disk cache) */
	kube_obj *index;    /* the /openapi/v3 answer */
	bool index_tried;
	kube_err index_err; /* why the index could not be loaded */
	struct openapi_doc *docs;
	size_t ndocs;
	kube_obj *crds;     /* CustomResourceDefinitionList, fetched on demand */
	bool crds_tried;
};

/* cache_root NULL: $KUBECACHEDIR or ~/.kube/cache; "" disables the disk cache. */
int openapi_init(struct openapi *oa, kube_client *c, const char *cache_root, kube_err *err);
void openapi_release(struct openapi *oa);

/* The document of group/version (group "" = core). Returns 0 with *doc borrowed from oa,
 * KUBE_ENOTFOUND when the index has no such group-version, or another error (index or document
 * could not be fetched). */
int openapi_gv(struct openapi *oa, const char *group, const char *version, const kube_obj **doc,
	       kube_err *err);

/* The PATCH operation of doc whose x-kubernetes-group-version-kind is gvk, or NULL. */
const kube_obj *openapi_patch_op(const kube_obj *doc, const char *group, const char *version,
				 const char *kind);
/* Whether op lists the query parameter name. */
bool openapi_op_has_param(const kube_obj *op, const char *name);
/* Whether op accepts content type ct in its request body. */
bool openapi_op_accepts(const kube_obj *op, const char *ct);
/* The components.schemas entry describing gvk (x-kubernetes-group-version-kind list), or NULL;
 * *schemas gets components.schemas. */
const kube_obj *openapi_kind_schema(const kube_obj *doc, const char *group, const char *version,
				    const char *kind, const kube_obj **schemas);

/* kubectl's HasSupport(gvk) for the fieldValidation parameter (queryParamVerifierV3): 0 when
 * supported, 1 when not (ParamUnsupportedError), < 0 on errors. */
int openapi_supports_field_validation(struct openapi *oa, const char *group, const char *version,
				      const char *kind, kube_err *err);

/* ---- label selectors (k8s.io/apimachinery/pkg/labels) ---- */

struct selector;
int selector_parse(struct selector **out, const char *s, kube_err *err);
bool selector_matches(const struct selector *sel, const kube_obj *labels);
void selector_free(struct selector *sel);

/* ---- shared helpers ---- */

/* Deep copy (cJSON_Duplicate keeps the number text). *out owned by the caller; 0 or
 * KUBE_ENOMEM. */
int apply_dup(kube_obj **out, const kube_obj *o, kube_err *err);

/* Rewrite every number that is not an int64 literal the way Go prints the float64 it becomes
 * (1.0 -> 1, 1e3 -> 1000, 1.5e-07 -> 1.5e-7): kubectl decodes manifests into int64/float64. */
void apply_go_numbers(kube_obj *o);

/* Go's encoding of an unstructured object for the last-applied annotation: compact, sorted
 * keys, HTML escaping, trailing newline. */
void apply_encode(kube_buf *out, const kube_obj *obj);

#endif
