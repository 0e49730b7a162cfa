/* Visiting manifest objects the way kubectl's resource builder does for create -f and apply -f:
 * schema validation (fieldValidation support from OpenAPI v3, client-side checks for v1 List),
 * decoding checks, GVK to resource mapping, List flattening, the label selector filter and the
 * namespace decorators. Errors land where kubectl's visitors put them: file-level problems in
 * the "eager" aggregate, namespace problems with the per-object errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "obj-internal.h"
#include "ops/apply-visit.h"
#include "banned.h"

#define STOP_VALIDATE                                                                              \
	"if you choose to ignore these errors, turn validation off with --validate=false"

static char *xstrdup(const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	char *p = malloc(n);

	if (p)
		memcpy(p, s ? s : "", n);
	return p;
}

void info_free(struct info *in)
{
	if (!in)
		return;
	kube_obj_free(in->obj);
	free(in->group);
	free(in->version);
	free(in->kind);
	free(in->resource);
	free(in->ns);
	free(in->name);
	free(in);
}

static int oom(kube_err *err)
{
	return kube_err_set(err, KUBE_ENOMEM, "out of memory");
}

/* Push a plain error with a formatted message into an aggregate. */
static int push_msg(kube_errval *agg, kube_code code, const char *msg)
{
	kube_err e = KUBE_ERR_INIT;

	kube_err_set(&e, code, "%s", msg);
	return kube_errval_push(agg, &e);
}

/* ---- JSON type names as encoding/json reports them ---- */

static const char *json_type(const kube_obj *v)
{
	switch (kube_obj_type_of(v)) {
	case KUBE_OBJ_STRING:
		return "string";
	case KUBE_OBJ_NUMBER:
		return "number";
	case KUBE_OBJ_BOOL:
		return "bool";
	case KUBE_OBJ_ARRAY:
		return "array";
	case KUBE_OBJ_OBJECT:
		return "object";
	default:
		return "null";
	}
}

/* The raw text kubectl has for a document (sigs.k8s.io/yaml output: sorted keys; JSON input
 * keeps its order). */
static void raw_text(kube_buf *b, const kube_obj *doc, bool json)
{
	kube_json_write(b, doc, json ? 0 : KUBE_JSON_SORT_KEYS);
}

/* ---- schema.ParseGroupVersion ---- */

static int parse_gv(const char *s, char **group, char **version)
{
	const char *slash = strchr(s, '/');

	*group = *version = NULL;
	if (!*s || !strcmp(s, "/")) {
		*group = xstrdup("");
		*version = xstrdup("");
		return *group && *version ? 0 : KUBE_ENOMEM;
	}
	if (!slash) {
		*group = xstrdup("");
		*version = xstrdup(s);
		return *group && *version ? 0 : KUBE_ENOMEM;
	}
	if (strchr(slash + 1, '/'))
		return KUBE_EINVAL;
	if (!(*group = malloc((size_t)(slash - s) + 1)))
		return KUBE_ENOMEM;
	memcpy(*group, s, (size_t)(slash - s));
	(*group)[slash - s] = '\0';
	if (!(*version = xstrdup(slash + 1)))
		return KUBE_ENOMEM;
	return 0;
}

/* ---- validation ---- */

/* validation.getObjectKind: the GVK, or the list of problems as one message */
static int object_kind(const kube_obj *obj, char **group, char **version, char **kind,
		       kube_buf *problems, size_t *nproblems)
{
	const kube_obj *av = kube_obj_get(obj, "apiVersion"), *k = kube_obj_get(obj, "kind");
	int rc;

	*group = *version = *kind = NULL;
	*nproblems = 0;
#define PROBLEM(msg)                                                                               \
	do {                                                                                       \
		if ((*nproblems)++)                                                                \
			kube_buf_puts(problems, ", ");                                             \
		kube_buf_puts(problems, msg);                                                      \
	} while (0)
	if (kube_obj_type_of(obj) != KUBE_OBJ_OBJECT) {
		PROBLEM("invalid object to validate");
		return 0;
	}
	if (!av || kube_obj_type_of(av) == KUBE_OBJ_NULL) {
		PROBLEM("apiVersion not set");
	} else if (!kube_obj_str(av)) {
		PROBLEM("apiVersion isn't string type");
	} else if ((rc = parse_gv(kube_obj_str(av), group, version)) < 0) {
		if (rc == KUBE_ENOMEM)
			return rc;
		if ((*nproblems)++)
			kube_buf_puts(problems, ", ");
		kube_buf_printf(problems, "unexpected GroupVersion string: %s", kube_obj_str(av));
	}
	if (!k || kube_obj_type_of(k) == KUBE_OBJ_NULL)
		PROBLEM("kind not set");
	else if (!kube_obj_str(k))
		PROBLEM("kind isn't string type");
	else if (!(*kind = xstrdup(kube_obj_str(k))))
		return KUBE_ENOMEM;
#undef PROBLEM
	return 0;
}

static void free3(char **a, char **b, char **c)
{
	free(*a);
	free(*b);
	free(*c);
	*a = *b = *c = NULL;
}

/* ---- client-side schema validation (kubectl's OpenAPI v2 validator, for v1 List items) ---- */

struct vctx {
	const kube_obj *schemas;
	kube_buf *msgs;
	size_t n;
};

static void verr(struct vctx *v, const char *data_path, const char *fmt, const char *a,
		 const char *b, const char *c)
{
	if (v->n++)
		kube_buf_puts(v->msgs, ", ");
	kube_buf_printf(v->msgs, "ValidationError(%s): ", data_path);
	kube_buf_printf(v->msgs, fmt, a, b ? b : "", c ? c : "");
}

static const kube_obj *vresolve(const struct vctx *v, const kube_obj *s, const char **name)
{
	const kube_obj *all = kube_obj_get(s, "allOf");
	const char *ref;

	if (kube_obj_len(all))
		s = kube_obj_at(all, 0);
	ref = kube_obj_path_str(s, "$ref", NULL);
	if (ref) {
		const char *n = strncmp(ref, "#/components/schemas/", 21) ? ref : ref + 21;

		*name = n;
		return kube_obj_get(v->schemas, n);
	}
	return s;
}

static const char *actual_kind(const kube_obj *o)
{
	switch (kube_obj_type_of(o)) {
	case KUBE_OBJ_OBJECT:
		return "map";
	case KUBE_OBJ_ARRAY:
		return "array";
	case KUBE_OBJ_STRING:
		return "string";
	case KUBE_OBJ_BOOL:
		return "boolean";
	case KUBE_OBJ_NUMBER: {
		const char *t = kube_obj_number_text(o);

		return t && !strpbrk(t, ".eE") ? "integer" : "number";
	}
	default:
		return "null";
	}
}

static int cmp_members(const void *a, const void *b)
{
	return strcmp(kube_obj_key(*(const kube_obj *const *)a),
		      kube_obj_key(*(const kube_obj *const *)b));
}

static void validate_value(struct vctx *v, const kube_obj *val, const kube_obj *schema,
			   const char *schema_path, const char *data_path, int depth)
{
	const char *type, *name = NULL;
	const kube_obj *props;
	kube_buf sp = KUBE_BUF_INIT;

	if (depth > 64 || !schema || kube_obj_type_of(val) == KUBE_OBJ_NULL)
		return;
	schema = vresolve(v, schema, &name);
	if (!schema)
		return;
	if (name)
		schema_path = name;
	if (kube_obj_bool(kube_obj_get(schema, "x-kubernetes-int-or-string")) ||
	    kube_obj_bool(kube_obj_get(schema, "x-kubernetes-preserve-unknown-fields")))
		return;
	type = kube_obj_path_str(schema, "type", NULL);
	props = kube_obj_get(schema, "properties");
	if (kube_obj_len(props)) {
		const kube_obj **m;
		const kube_obj *e;
		size_t n = kube_obj_len(val), i = 0;

		if (kube_obj_type_of(val) != KUBE_OBJ_OBJECT) {
			verr(v, data_path, "invalid type for %s: got \"%s\", expected \"%s\"",
			     schema_path, actual_kind(val), "map");
			return;
		}
		if (!(m = calloc(n ? n : 1, sizeof(*m)))) {
			v->msgs->failed = true;
			return;
		}
		kube_obj_foreach (e, val)
			m[i++] = e;
		qsort(m, n, sizeof(*m), cmp_members);
		for (i = 0; i < n; i++) {
			const char *key = kube_obj_key(m[i]);
			const kube_obj *ps = kube_obj_get(props, key);
			kube_buf dp = KUBE_BUF_INIT;

			if (kube_obj_type_of(m[i]) == KUBE_OBJ_NULL)
				continue;
			if (!ps) {
				verr(v, data_path, "unknown field \"%s\" in %s", key, schema_path,
				     NULL);
				continue;
			}
			kube_buf_printf(&dp, "%s.%s", data_path, key);
			kube_buf_truncate(&sp, 0);
			kube_buf_printf(&sp, "%s.%s", schema_path, key);
			validate_value(v, m[i], ps, sp.ptr, dp.ptr, depth + 1);
			kube_buf_release(&dp);
		}
		free(m);
		kube_obj_foreach (e, kube_obj_get(schema, "required")) {
			const char *req = kube_obj_str(e);
			const kube_obj *have = req ? kube_obj_get(val, req) : NULL;

			if (req && (!have || kube_obj_type_of(have) == KUBE_OBJ_NULL))
				verr(v, data_path, "missing required field \"%s\" in %s", req,
				     schema_path, NULL);
		}
		kube_buf_release(&sp);
		return;
	}
	if (type && !strcmp(type, "array")) {
		const kube_obj *e, *items = kube_obj_get(schema, "items");
		size_t i = 0;

		if (kube_obj_type_of(val) != KUBE_OBJ_ARRAY) {
			verr(v, data_path, "invalid type for %s: got \"%s\", expected \"%s\"",
			     schema_path, actual_kind(val), "array");
			return;
		}
		kube_obj_foreach (e, val) {
			kube_buf dp = KUBE_BUF_INIT;

			kube_buf_printf(&dp, "%s[%zu]", data_path, i++);
			validate_value(v, e, items, schema_path, dp.ptr, depth + 1);
			kube_buf_release(&dp);
		}
		return;
	}
	if (type && !strcmp(type, "object")) {
		const kube_obj *e, *ap = kube_obj_get(schema, "additionalProperties");

		if (kube_obj_type_of(val) != KUBE_OBJ_OBJECT) {
			verr(v, data_path, "invalid type for %s: got \"%s\", expected \"%s\"",
			     schema_path, actual_kind(val), "map");
			return;
		}
		if (kube_obj_type_of(ap) != KUBE_OBJ_OBJECT)
			return;
		kube_obj_foreach (e, val) {
			kube_buf dp = KUBE_BUF_INIT;

			kube_buf_printf(&dp, "%s.%s", data_path, kube_obj_key(e));
			validate_value(v, e, ap, schema_path, dp.ptr, depth + 1);
			kube_buf_release(&dp);
		}
		return;
	}
	if (type &&
	    (!strcmp(type, "boolean") || !strcmp(type, "integer") || !strcmp(type, "number"))) {
		const char *act = actual_kind(val);
		bool ok = !strcmp(type, "boolean")
				  ? !strcmp(act, "boolean")
				  : (!strcmp(act, "integer") || !strcmp(act, "number"));

		if (!ok)
			verr(v, data_path, "invalid type for %s: got \"%s\", expected \"%s\"",
			     schema_path, act, type);
	}
}

/* kubectl's SchemaValidation.validateList: the items of a v1 List */
static int validate_list(struct visit *vs, const kube_obj *obj, kube_buf *msgs, size_t *n)
{
	const kube_obj *items = kube_obj_get(obj, "items"), *it;
	struct vctx v = {NULL, msgs, 0};

	if (kube_obj_type_of(items) != KUBE_OBJ_ARRAY) {
		kube_buf_puts(msgs, "invalid object to validate");
		*n = 1;
		return 0;
	}
	kube_obj_foreach (it, items) {
		char *g, *ver, *k;
		kube_buf probs = KUBE_BUF_INIT;
		size_t np;
		int rc;

		if ((rc = object_kind(it, &g, &ver, &k, &probs, &np)) < 0) {
			kube_buf_release(&probs);
			return rc;
		}
		if (np) {
			if (v.n)
				kube_buf_puts(msgs, ", ");
			kube_buf_puts(msgs, probs.ptr);
			v.n += np;
		} else {
			const kube_obj *doc = NULL, *schemas = NULL, *schema = NULL;
			kube_err e = KUBE_ERR_INIT;

			if (openapi_gv(&vs->oa, g, ver, &doc, &e) == 0)
				schema = openapi_kind_schema(doc, g, ver, k, &schemas);
			kube_err_clear(&e);
			if (schema) {
				const char *name = NULL;
				const kube_obj *s;

				v.schemas = schemas;
				/* the schema path starts at the definition name */
				kube_obj_foreach (s, schemas) {
					if (s == schema)
						name = kube_obj_key(s);
				}
				validate_value(&v, it, schema, name ? name : k, k, 0);
			}
		}
		kube_buf_release(&probs);
		free3(&g, &ver, &k);
	}
	*n = v.n;
	return 0;
}

/* The validation step of kubectl's stream visitor. 0 = valid, 1 = invalid (*errs got the
 * error and the file stops), < 0 fatal. */
static int validate_doc(struct visit *vs, const kube_obj *doc, const char *source,
			kube_errval *errs, kube_err *err)
{
	char *g = NULL, *ver = NULL, *k = NULL;
	kube_buf probs = KUBE_BUF_INIT, msg = KUBE_BUF_INIT;
	size_t np = 0;
	kube_err e = KUBE_ERR_INIT;
	int rc, sup;

	if (vs->validation == KUBE_VALIDATE_IGNORE)
		return 0;
	if ((rc = object_kind(doc, &g, &ver, &k, &probs, &np)) < 0) {
		rc = oom(err);
		goto out;
	}
	if (np == 0) {
		sup = openapi_supports_field_validation(&vs->oa, g, ver, k, &e);
		if (sup < 0) {
			if (sup == KUBE_ENOMEM) {
				rc = oom(err);
				goto out;
			}
			kube_buf_puts(&probs, e.message ? e.message : "unknown error");
			np = 1;
		} else if (sup == 1 && vs->validation == KUBE_VALIDATE_STRICT &&
			   !strcmp(k, "List") && !*g && !strcmp(ver, "v1")) {
			if ((rc = validate_list(vs, doc, &probs, &np)) < 0) {
				rc = oom(err);
				goto out;
			}
		}
	}
	rc = 0;
	if (np) {
		kube_buf_puts(&msg, "error validating ");
		kube_go_quote(&msg, source);
		kube_buf_printf(&msg, ": error validating data: %s%s%s; %s", np > 1 ? "[" : "",
				probs.ptr, np > 1 ? "]" : "", STOP_VALIDATE);
		if (msg.failed || push_msg(errs, KUBE_EINVAL, msg.ptr) < 0)
			rc = oom(err);
		else
			rc = 1;
	}
out:
	kube_err_clear(&e);
	kube_buf_release(&probs);
	kube_buf_release(&msg);
	free3(&g, &ver, &k);
	return rc;
}

/* ---- decoding (unstructured + metadataOnlyObject checks) ---- */

static int decode_error(kube_errval *errs, const char *source, const char *fmt, const char *a,
			const char *b)
{
	kube_buf m = KUBE_BUF_INIT;
	int rc;

	kube_buf_puts(&m, "unable to decode ");
	kube_go_quote(&m, source);
	kube_buf_puts(&m, ": ");
	kube_buf_printf(&m, fmt, a, b ? b : "");
	rc = m.failed ? KUBE_ENOMEM : push_msg(errs, KUBE_EINVAL, m.ptr);
	kube_buf_release(&m);
	return rc;
}

/* 0 = decodable, 1 = an error was pushed, < 0 OOM */
static int check_decode(const kube_obj *doc, const char *source, bool json, kube_errval *errs)
{
	static const char *const strs[] = {"generateName",    "name",	  "namespace",
					   "resourceVersion", "selfLink", "uid"};
	const kube_obj *meta, *v, *e;
	const char *gv;
	size_t i;
	int rc;

	if (kube_obj_type_of(doc) != KUBE_OBJ_OBJECT) {
		rc = decode_error(errs, source,
				  "json: cannot unmarshal %s into Go value of type "
				  "unstructured.detector%s",
				  json_type(doc), NULL);
		return rc < 0 ? rc : 1;
	}
	gv = kube_obj_path_str(doc, "apiVersion", NULL);
	if (gv) {
		char *g = NULL, *ver = NULL;

		rc = parse_gv(gv, &g, &ver);
		free(g);
		free(ver);
		if (rc == KUBE_ENOMEM)
			return rc;
		if (rc < 0)
			gv = NULL;
	}
	v = kube_obj_get(doc, "kind");
	if (!kube_obj_str(v) || !*kube_obj_str(v) ||
	    (kube_obj_get(doc, "apiVersion") && kube_obj_str(kube_obj_get(doc, "apiVersion")) &&
	     !gv)) {
		kube_buf raw = KUBE_BUF_INIT;

		raw_text(&raw, doc, json);
		rc = raw.failed ? KUBE_ENOMEM
				: decode_error(errs, source, "Object 'Kind' is missing in '%s'%s",
					       raw.ptr, NULL);
		kube_buf_release(&raw);
		return rc < 0 ? rc : 1;
	}
	v = kube_obj_get(doc, "apiVersion");
	if (v && kube_obj_type_of(v) != KUBE_OBJ_NULL && !kube_obj_str(v)) {
		rc = decode_error(errs, source,
				  "json: cannot unmarshal %s into Go struct field "
				  "metadataOnlyObject.TypeMeta.apiVersion of type string%s",
				  json_type(v), NULL);
		return rc < 0 ? rc : 1;
	}
	if (kube_obj_type_of(kube_obj_get(doc, "items")) == KUBE_OBJ_ARRAY) {
		kube_obj_foreach (e, kube_obj_get(doc, "items")) {
			if (kube_obj_type_of(e) != KUBE_OBJ_OBJECT) {
				rc = decode_error(errs, source,
						  "json: cannot unmarshal %s into Go value of type "
						  "map[string]interface {}%s",
						  json_type(e), NULL);
				return rc < 0 ? rc : 1;
			}
		}
	}
	meta = kube_obj_get(doc, "metadata");
	if (!meta || kube_obj_type_of(meta) == KUBE_OBJ_NULL)
		return 0;
	if (kube_obj_type_of(meta) != KUBE_OBJ_OBJECT) {
		rc = decode_error(errs, source,
				  "json: cannot unmarshal %s into Go struct field "
				  "metadataOnlyObject.metadata of type v1.ObjectMeta%s",
				  json_type(meta), NULL);
		return rc < 0 ? rc : 1;
	}
	/* fields in the order the decoder meets them (sorted for YAML input) */
	{
		const kube_obj **m;
		size_t n = kube_obj_len(meta), k = 0;

		if (!(m = calloc(n ? n : 1, sizeof(*m))))
			return KUBE_ENOMEM;
		kube_obj_foreach (e, meta)
			m[k++] = e;
		if (!json)
			qsort(m, n, sizeof(*m), cmp_members);
		rc = 0;
		for (k = 0; k < n && rc == 0; k++) {
			const char *key = kube_obj_key(m[k]);
			kube_obj_type t = kube_obj_type_of(m[k]);

			if (t == KUBE_OBJ_NULL)
				continue;
			for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
				if (!strcmp(key, strs[i]) && t != KUBE_OBJ_STRING) {
					kube_buf f = KUBE_BUF_INIT;

					kube_buf_printf(
						&f,
						"json: cannot unmarshal %s into Go struct field "
						"ObjectMeta.metadata.%s of type string",
						json_type(m[k]), key);
					rc = f.failed ? KUBE_ENOMEM
						      : decode_error(errs, source, "%s%s", f.ptr,
								     NULL);
					kube_buf_release(&f);
					if (rc == 0)
						rc = 1;
				}
			}
			if (rc == 0 && (!strcmp(key, "labels") || !strcmp(key, "annotations"))) {
				kube_buf f = KUBE_BUF_INIT;

				if (t != KUBE_OBJ_OBJECT) {
					kube_buf_printf(
						&f,
						"json: cannot unmarshal %s into Go struct field "
						"ObjectMeta.metadata.%s of type map[string]string",
						json_type(m[k]), key);
				} else {
					kube_obj_foreach (v, m[k]) {
						if (kube_obj_type_of(v) != KUBE_OBJ_STRING &&
						    kube_obj_type_of(v) != KUBE_OBJ_NULL) {
							kube_buf_printf(
								&f,
								"json: cannot unmarshal %s into Go "
								"struct "
								"field ObjectMeta.metadata.%s of "
								"type string",
								json_type(v), key);
							break;
						}
					}
				}
				if (f.len || f.failed) {
					rc = f.failed ? KUBE_ENOMEM
						      : decode_error(errs, source, "%s%s", f.ptr,
								     NULL);
					if (rc == 0)
						rc = 1;
				}
				kube_buf_release(&f);
			}
		}
		free(m);
	}
	return rc;
}

/* ---- mapping (the discovery RESTMapper) ---- */

static bool kind_matches(const kube_resource *r, const char *kind, bool *list)
{
	size_t n = strlen(r->kind);

	*list = false;
	if (!strcmp(r->kind, kind))
		return true;
	if (strlen(kind) == n) {
		size_t i;

		for (i = 0; i < n; i++) {
			char c = r->kind[i];

			if ((char)(c >= 'A' && c <= 'Z' ? c + 32 : c) != kind[i])
				break;
		}
		if (i == n)
			return true;
	}
	if (!strncmp(kind, r->kind, n) && !strcmp(kind + n, "List")) {
		*list = true;
		return true;
	}
	return false;
}

static const kube_resource *find_mapping(kube_discovery *d, const char *group, const char *version,
					 const char *kind)
{
	size_t i, n = kube_discovery_count(d);
	const kube_resource *any = NULL;

	for (i = 0; i < n; i++) {
		const kube_resource *r = kube_discovery_at(d, i);
		bool list;

		if (strcmp(r->group, group) || !r->kind || !kind_matches(r, kind, &list))
			continue;
		if (*version) {
			if (!strcmp(r->version, version))
				return r;
			continue;
		}
		if (r->preferred)
			return r;
		if (!any)
			any = r;
	}
	return any;
}

/* 0 and *info filled; 1 when a mapping error was pushed; < 0 fatal */
static int map_info(struct visit *vs, struct info *in, const char *source, bool list_item,
		    kube_errval *errs, kube_err *err)
{
	const kube_resource *r;
	kube_buf m = KUBE_BUF_INIT;
	int rc;

	if (!*in->group && !strcmp(in->version, "v1") && !strcmp(in->kind, "List"))
		return 0;
	r = find_mapping(vs->d, in->group, in->version, in->kind);
	if (!r && !vs->refreshed) {
		kube_err e = KUBE_ERR_INIT;

		vs->refreshed = true;
		if (kube_discovery_refresh(vs->d, &e) == KUBE_ENOMEM) {
			kube_err_clear(&e);
			return oom(err);
		}
		kube_err_clear(&e);
		r = find_mapping(vs->d, in->group, in->version, in->kind);
	}
	if (r) {
		if (!(in->resource = xstrdup(r->resource)))
			return oom(err);
		in->namespaced = r->namespaced;
		in->mapped = true;
		return 0;
	}
	if (list_item)
		kube_buf_puts(&m, "unable to recognize ");
	else {
		kube_buf_printf(&m, "resource mapping not found for name: ");
		kube_go_quote(&m, in->name ? in->name : "");
		kube_buf_puts(&m, " namespace: ");
		kube_go_quote(&m, in->ns ? in->ns : "");
		kube_buf_puts(&m, " from ");
		kube_go_quote(&m, source);
		kube_buf_puts(&m, ": ");
	}
	if (*in->version)
		kube_buf_printf(&m, "no matches for kind \"%s\" in version \"%s%s%s\"", in->kind,
				in->group, *in->group ? "/" : "", in->version);
	else
		kube_buf_printf(&m, "no matches for kind \"%s\" in group \"%s\"", in->kind,
				in->group);
	if (!list_item)
		kube_buf_puts(&m, "\nensure CRDs are installed first");
	rc = m.failed ? oom(err) : push_msg(errs, KUBE_ENOMATCH, m.ptr);
	kube_buf_release(&m);
	if (rc < 0)
		return oom(err);
	return 1;
}

static int new_info(struct info **out, kube_obj *obj_take, const char *source, kube_err *err)
{
	struct info *in = calloc(1, sizeof(*in));
	const char *gv = kube_obj_path_str(obj_take, "apiVersion", NULL);

	*out = NULL;
	if (!in) {
		kube_obj_free(obj_take);
		return oom(err);
	}
	in->obj = obj_take;
	in->source = source;
	if (parse_gv(gv ? gv : "", &in->group, &in->version) < 0 ||
	    !(in->kind = xstrdup(kube_obj_path_str(obj_take, "kind", NULL)))) {
		info_free(in);
		return oom(err);
	}
	if (kube_obj_path_str(obj_take, "metadata", "name", NULL) &&
	    !(in->name = xstrdup(kube_obj_path_str(obj_take, "metadata", "name", NULL)))) {
		info_free(in);
		return oom(err);
	}
	if (kube_obj_path_str(obj_take, "metadata", "namespace", NULL) &&
	    *kube_obj_path_str(obj_take, "metadata", "namespace", NULL) &&
	    !(in->ns = xstrdup(kube_obj_path_str(obj_take, "metadata", "namespace", NULL)))) {
		info_free(in);
		return oom(err);
	}
	*out = in;
	return 0;
}

/* ---- the per-object decorators and the visitor function ---- */

static int set_obj_namespace(struct info *in, const char *ns, kube_err *err)
{
	kube_obj *meta = kube_obj_get_mut(in->obj, "metadata");

	free(in->ns);
	in->ns = NULL;
	if (!ns || !*ns) {
		kube_obj_remove(meta, "namespace");
		return 0;
	}
	if (!(in->ns = xstrdup(ns)))
		return oom(err);
	if (!meta) {
		if (kube_obj_set_take(in->obj, "metadata", kube_obj_new_object()) < 0)
			return oom(err);
		meta = kube_obj_get_mut(in->obj, "metadata");
	}
	if (kube_obj_set_str(meta, "namespace", ns) < 0)
		return oom(err);
	return 0;
}

/* Filter, decorate and hand in (owned) to the visit function. */
static int deliver(struct visit *vs, struct info *in, kube_err *err)
{
	int rc;

	if (vs->sel &&
	    !selector_matches(vs->sel, kube_obj_path(in->obj, "metadata", "labels", NULL))) {
		info_free(in);
		return 0;
	}
	if (in->namespaced) {
		if (!in->ns) {
			if ((rc = set_obj_namespace(in, vs->ns, err)) < 0)
				goto fail;
		} else if (vs->enforce_namespace && strcmp(in->ns, vs->ns)) {
			kube_buf m = KUBE_BUF_INIT;

			kube_buf_puts(&m, "the namespace from the provided object ");
			kube_go_quote(&m, in->ns);
			kube_buf_puts(&m, " does not match the namespace ");
			kube_go_quote(&m, vs->ns);
			kube_buf_printf(
				&m, ". You must pass '--namespace=%s' to perform this operation.",
				in->ns);
			rc = m.failed ? oom(err) : push_msg(&vs->coe, KUBE_EINVAL, m.ptr);
			kube_buf_release(&m);
			info_free(in);
			return rc < 0 ? oom(err) : 0;
		}
	} else if (in->mapped && (rc = set_obj_namespace(in, NULL, err)) < 0) {
		goto fail;
	}
	return vs->fn(vs, in, err);
fail:
	info_free(in);
	return rc;
}

/* FlattenListVisitor for one list object: its items become infos. The items of a decoded list
 * are plain objects, so a list nested in it cannot be extracted and fails the whole list. */
static int flatten(struct visit *vs, const kube_obj *list, const char *source, kube_err *err)
{
	kube_errval item_errs = KUBE_ERRVAL_INIT;
	const char *lgv = kube_obj_path_str(list, "apiVersion", NULL);
	const char *lkind = kube_obj_path_str(list, "kind", NULL);
	const kube_obj *it;
	int rc = 0;

	kube_obj_foreach (it, kube_obj_get(list, "items")) {
		if (kube_obj_type_of(kube_obj_get(it, "items")) == KUBE_OBJ_ARRAY) {
			kube_err e = KUBE_ERR_INIT;

			kube_err_set(&e, KUBE_EINVAL,
				     "*unstructured.Unstructured is not a list: no "
				     "Items field in this object");
			return kube_errval_push(&vs->eager, &e) < 0 ? oom(err) : 0;
		}
	}
	kube_obj_foreach (it, kube_obj_get(list, "items")) {
		kube_obj *copy = NULL;
		struct info *in;
		const char *k, *a;

		if (apply_dup(&copy, it, err) < 0) {
			rc = oom(err);
			goto out;
		}
		/* decodeToList: items without apiVersion and kind take the list's */
		if (!kube_obj_get(copy, "kind") && !kube_obj_get(copy, "apiVersion") && lkind) {
			size_t l = strlen(lkind);
			char *ik = xstrdup(lkind);

			if (ik && l > 4 && !strcmp(ik + l - 4, "List"))
				ik[l - 4] = '\0';
			if (!ik || kube_obj_set_str(copy, "kind", ik) < 0 ||
			    kube_obj_set_str(copy, "apiVersion", lgv ? lgv : "") < 0) {
				free(ik);
				kube_obj_free(copy);
				rc = oom(err);
				goto out;
			}
			free(ik);
		}
		k = kube_obj_path_str(copy, "kind", NULL);
		a = kube_obj_path_str(copy, "apiVersion", NULL);
		if (!k || !*k || !a || !*a) {
			rc = push_msg(
				&item_errs, KUBE_EINVAL,
				!k || !*k ? "unable to get type info from the object "
					    "\"*unstructured.Unstructured\": Object 'Kind' is "
					    "missing in 'object has no kind field '"
					  : "unable to get type info from the object "
					    "\"*unstructured.Unstructured\": Object 'apiVersion' "
					    "is missing in 'object has no apiVersion field'");
			kube_obj_free(copy);
			if (rc < 0) {
				rc = oom(err);
				goto out;
			}
			continue;
		}
		if ((rc = new_info(&in, copy, source, err)) < 0)
			goto out;
		if ((rc = map_info(vs, in, source, true, &item_errs, err)) != 0) {
			info_free(in);
			if (rc < 0)
				goto out;
			rc = 0;
			continue;
		}
		if ((rc = deliver(vs, in, err)) < 0)
			goto out;
	}
	if (!kube_errval_empty(&item_errs) && kube_errval_push_val(&vs->eager, &item_errs) < 0)
		rc = oom(err);
out:
	kube_errval_release(&item_errs);
	return rc;
}

static int visit_doc(struct visit *vs, const kube_obj *doc, const char *source, bool json,
		     bool *stop, kube_err *err)
{
	struct info *in = NULL;
	kube_obj *copy = NULL;
	int rc;

	*stop = false;
	if ((rc = validate_doc(vs, doc, source, &vs->eager, err)) != 0) {
		*stop = rc > 0;
		return rc < 0 ? rc : 0;
	}
	if ((rc = check_decode(doc, source, json, &vs->eager)) != 0)
		return rc < 0 ? oom(err) : 0;
	if (apply_dup(&copy, doc, err) < 0)
		return oom(err);
	apply_go_numbers(copy);
	if ((rc = new_info(&in, copy, source, err)) < 0)
		return rc;
	if ((rc = map_info(vs, in, source, false, &vs->eager, err)) != 0) {
		info_free(in);
		return rc < 0 ? rc : 0;
	}
	if (kube_obj_type_of(kube_obj_get(in->obj, "items")) == KUBE_OBJ_ARRAY) {
		rc = flatten(vs, in->obj, source, err);
		info_free(in);
		return rc;
	}
	return deliver(vs, in, err);
}

int visit_manifest(struct visit *vs, const kube_manifest *m, kube_err *err)
{
	size_t i, j;
	int rc;

	for (i = 0; i < m->nfiles; i++) {
		const kube_manifest_file *f = &m->files[i];
		bool stop = false;

		for (j = 0; j < f->ndocs && !stop; j++)
			if ((rc = visit_doc(vs, f->docs[j], f->source, f->json, &stop, err)) < 0)
				return rc;
		if (!stop && f->err.code) {
			kube_err e = KUBE_ERR_INIT;

			kube_err_set(&e, f->err.code, "%s", f->err.message ? f->err.message : "");
			if (kube_errval_push(&vs->eager, &e) < 0)
				return oom(err);
		}
	}
	return 0;
}

/* CoE's result: its errors plus the eager aggregate as one element, collapsed */
int visit_result(struct visit *vs, kube_errval *out)
{
	kube_errval res = KUBE_ERRVAL_INIT;
	size_t i;

	for (i = 0; i < vs->coe.n; i++) {
		if (kube_errval_push_val(&res, &vs->coe.v[i]) < 0) {
			kube_errval_release(&res);
			return KUBE_ENOMEM;
		}
	}
	if (!vs->coe.agg && vs->coe.err.code && kube_errval_push(&res, &vs->coe.err) < 0) {
		kube_errval_release(&res);
		return KUBE_ENOMEM;
	}
	if (!kube_errval_empty(&vs->eager)) {
		kube_errval eager = vs->eager;

		/* NewAggregate(errs) of the eager visitor list stays an aggregate */
		eager.agg = true;
		memset(&vs->eager, 0, sizeof(vs->eager));
		if (kube_errval_push_val(&res, &eager) < 0) {
			kube_errval_release(&res);
			return KUBE_ENOMEM;
		}
	}
	kube_errval_collapse(&res);
	*out = res;
	return 0;
}

int visit_init(struct visit *vs, kube_client *c, kube_discovery *d, const kube_apply_opts *o,
	       kube_err *err)
{
	int rc;

	memset(vs, 0, sizeof(*vs));
	vs->c = c;
	vs->d = d;
	vs->validation = o->validation;
	vs->ns = o->namespace && *o->namespace ? o->namespace : "default";
	vs->enforce_namespace = o->enforce_namespace;
	if ((rc = openapi_init(&vs->oa, c, o->cache_dir, err)) < 0)
		return rc;
	if (o->selector && *o->selector) {
		const char *s = o->selector;
		kube_err e = KUBE_ERR_INIT;

		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (*s && selector_parse(&vs->sel, o->selector, &e) < 0) {
			if (e.code == KUBE_ENOMEM) {
				kube_err_move(err, &e);
				return KUBE_ENOMEM;
			}
			kube_err_clear(err);
			kube_err_set(err, KUBE_EINVAL,
				     "the provided selector \"%s\" is not valid: %s", o->selector,
				     e.message ? e.message : "");
			kube_err_clear(&e);
			return KUBE_EINVAL;
		}
	}
	return 0;
}

void visit_release(struct visit *vs)
{
	openapi_release(&vs->oa);
	selector_free(vs->sel);
	kube_errval_release(&vs->eager);
	kube_errval_release(&vs->coe);
}
