/* kubectl patch: YAML or JSON patches of three kinds sent to the server (or applied locally with
 * --local and --dry-run=client), `patched` / `patched (no change)`. Also RFC 6902 JSON patches
 * and the --overrides merge of generated objects. See include/kube/mutate.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kube/apply.h>
#include <kube/codec.h>
#include <kube/mutate.h>

#include "mutate-internal.h"
#include "obj-internal.h"
#include "ops/apply-internal.h"
#include "banned.h"

#define OOM(err) kube_err_set(err, KUBE_ENOMEM, "out of memory")

int kube_patch_type_parse(kube_patch_type *out, const char *s, kube_err *err)
{
	char low[32];
	size_t i;

	for (i = 0; s && s[i] && i < sizeof(low) - 1; i++)
		low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
	low[i] = '\0';
	if (s && !s[i]) {
		if (!strcmp(low, "strategic")) {
			*out = KUBE_PATCH_STRATEGIC;
			return 0;
		}
		if (!strcmp(low, "merge")) {
			*out = KUBE_PATCH_MERGE;
			return 0;
		}
		if (!strcmp(low, "json")) {
			*out = KUBE_PATCH_JSON;
			return 0;
		}
	}
	{
		kube_buf q = KUBE_BUF_INIT;

		kube_go_quote(&q, s ? s : "");
		kube_err_set(err, KUBE_EINVAL, "--type must be one of [json merge strategic], not %s",
			     q.ptr);
		kube_buf_release(&q);
	}
	return KUBE_EINVAL;
}

int kube_patch_to_json(kube_buf *out, const char *text, kube_err *err)
{
	const char *p = text;
	kube_obj *doc = NULL;
	int rc;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')
		p++;
	/* yaml.ToJSON: input that looks like JSON is sent as it is */
	if (*p == '{') {
		kube_buf_puts(out, text);
		return kube_buf_check(out, err);
	}
	if ((rc = kube_yaml_parse(&doc, text, strlen(text), 0, err)) < 0)
		return rc;
	if (doc)
		kube_json_write(out, doc, KUBE_JSON_SORT_KEYS | KUBE_JSON_HTML_ESCAPE);
	else
		kube_buf_puts(out, "null");
	kube_obj_free(doc);
	return kube_buf_check(out, err);
}

/* ======================================================================================
 * RFC 6902 JSON patch (the messages of evanphx/json-patch v4)
 * ====================================================================================== */

/* Split a JSON pointer into its unescaped tokens; *ntok tokens in a malloc'ed array of strings
 * stored after it. Returns NULL on OOM or a pointer not starting with '/' (then *bad). */
static char **pointer_split(const char *path, size_t *ntok, bool *bad)
{
	size_t n = 0, len = strlen(path), i;
	char **v, *buf, *q;
	const char *p;

	*bad = false;
	*ntok = 0;
	if (!*path) {
		v = calloc(1, sizeof(*v));
		return v;
	}
	if (*path != '/') {
		*bad = true;
		return NULL;
	}
	for (p = path; *p; p++)
		n += *p == '/';
	if (!(v = malloc(n * sizeof(*v) + len + 1)))
		return NULL;
	buf = (char *)(v + n);
	q = buf;
	for (i = 0, p = path + 1;; p++) {
		if (i == 0 || p[-1] == '/')
			v[i++] = q;
		if (!*p || *p == '/') {
			*q++ = '\0';
			if (!*p)
				break;
			continue;
		}
		if (*p == '~' && p[1] == '1') {
			*q++ = '/';
			p++;
		} else if (*p == '~' && p[1] == '0') {
			*q++ = '~';
			p++;
		} else {
			*q++ = *p;
		}
	}
	*ntok = n;
	return v;
}

static bool array_index(const char *tok, size_t len, size_t *idx, bool allow_end)
{
	size_t v = 0;
	const char *p;

	if (allow_end && !strcmp(tok, "-")) {
		*idx = len;
		return true;
	}
	if (!*tok)
		return false;
	for (p = tok; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (size_t)(*p - '0');
		if (v > 1u << 30)
			return false;
	}
	*idx = v;
	return true;
}

/* The container holding the last token of path, and that token. */
static cJSON *find_parent(cJSON *doc, char **toks, size_t n)
{
	cJSON *cur = doc;
	size_t i, idx;

	for (i = 0; cur && i + 1 < n; i++) {
		if (cJSON_IsObject(cur))
			cur = cJSON_GetObjectItemCaseSensitive(cur, toks[i]);
		else if (cJSON_IsArray(cur) && array_index(toks[i], (size_t)cJSON_GetArraySize(cur), &idx,
							   false))
			cur = cJSON_GetArrayItem(cur, (int)idx);
		else
			return NULL;
	}
	return cur;
}

static cJSON *get_at(cJSON *doc, char **toks, size_t n)
{
	cJSON *parent;
	size_t idx;

	if (n == 0)
		return doc;
	parent = find_parent(doc, toks, n);
	if (cJSON_IsObject(parent))
		return cJSON_GetObjectItemCaseSensitive(parent, toks[n - 1]);
	if (cJSON_IsArray(parent) &&
	    array_index(toks[n - 1], (size_t)cJSON_GetArraySize(parent), &idx, false))
		return cJSON_GetArrayItem(parent, (int)idx);
	return NULL;
}

/* Remove and return the value at path (NULL when missing). */
static cJSON *take_at(cJSON *doc, char **toks, size_t n)
{
	cJSON *parent;
	size_t idx;

	if (n == 0)
		return NULL;
	parent = find_parent(doc, toks, n);
	if (cJSON_IsObject(parent))
		return cJSON_DetachItemFromObjectCaseSensitive(parent, toks[n - 1]);
	if (cJSON_IsArray(parent) &&
	    array_index(toks[n - 1], (size_t)cJSON_GetArraySize(parent), &idx, false) &&
	    idx < (size_t)cJSON_GetArraySize(parent))
		return cJSON_DetachItemFromArray(parent, (int)idx);
	return NULL;
}

static int patch_error(kube_err *err, const char *fmt, const char *a, const char *b)
{
	return kube_err_set(err, KUBE_EINVAL, fmt, a, b);
}

/* Insert v before element idx (cJSON_InsertItemInArray of cJSON 1.7.15 fails on valid
 * arrays). The first element's prev points to the last one, as cJSON keeps it. */
static void array_insert(cJSON *arr, size_t idx, cJSON *v)
{
	cJSON *after = cJSON_GetArrayItem(arr, (int)idx);

	if (!after) {
		cJSON_AddItemToArray(arr, v);
		return;
	}
	v->next = after;
	v->prev = after->prev;
	after->prev = v;
	if (after == arr->child)
		arr->child = v;
	else
		v->prev->next = v;
}

static int con_add(cJSON *con, const char *key, cJSON *v, kube_err *err, const char *path,
		   const char *what)
{
	size_t idx, len;

	if (cJSON_IsObject(con)) {
		if (cJSON_GetObjectItemCaseSensitive(con, key))
			cJSON_ReplaceItemInObjectCaseSensitive(con, key, v);
		else
			cJSON_AddItemToObject(con, key, v);
		return 0;
	}
	len = (size_t)cJSON_GetArraySize(con);
	if (!strcmp(key, "-")) {
		cJSON_AddItemToArray(con, v);
		return 0;
	}
	if (!array_index(key, len, &idx, false) || idx > len) {
		char n[32];

		cJSON_Delete(v);
		snprintf(n, sizeof(n), "%s", key);
		kube_err_set(err, KUBE_EINVAL,
			     "error in %s for path: '%s': Unable to access invalid index: %s: invalid "
			     "index referenced",
			     what, path, n);
		return KUBE_EINVAL;
	}
	array_insert(con, idx, v);
	return 0;
}

int kube_json_patch_apply(kube_obj **out, const kube_obj *doc, const kube_obj *ops, kube_err *err)
{
	cJSON *d = NULL;
	const kube_obj *op;
	int rc = 0;

	*out = NULL;
	if (kube_obj_type_of(ops) != KUBE_OBJ_ARRAY)
		return kube_err_set(err, KUBE_EINVAL,
				    "json: cannot unmarshal object into Go value of type "
				    "jsonpatch.Patch");
	if (!(d = cJSON_Duplicate(CJ(doc), 1)))
		return OOM(err);
	kube_obj_foreach(op, ops) {
		const char *kind = kube_obj_path_str(op, "op", NULL);
		const char *path = kube_obj_path_str(op, "path", NULL);
		const char *from = kube_obj_path_str(op, "from", NULL);
		const kube_obj *value = kube_obj_get(op, "value");
		char **toks = NULL, **ftoks = NULL;
		size_t n = 0, fn = 0, idx = 0;
		bool bad = false;
		cJSON *con, *v = NULL;
		const char *key;

		if (!kind)
			kind = "unknown";
		if (strcmp(kind, "add") && strcmp(kind, "remove") && strcmp(kind, "replace") &&
		    strcmp(kind, "move") && strcmp(kind, "copy") && strcmp(kind, "test")) {
			rc = kube_err_set(err, KUBE_EINVAL, "Unexpected kind: %s", kind);
			break;
		}
		if (!path) {
			rc = kube_err_set(err, KUBE_EINVAL,
					  "%s operation failed to decode path: operation missing path "
					  "field: missing value",
					  kind);
			break;
		}
		if (!(toks = pointer_split(path, &n, &bad)) && !bad) {
			rc = OOM(err);
			break;
		}
		con = (toks && n) ? find_parent(d, toks, n) : NULL;
		if (con && !cJSON_IsObject(con) && !cJSON_IsArray(con))
			con = NULL;
		key = n ? toks[n - 1] : "";
		if (!strcmp(kind, "replace") && toks && n == 0) {
			if (!(v = cJSON_Duplicate(CJ(value), 1))) {
				rc = OOM(err);
			} else {
				cJSON_Delete(d);
				d = v;
			}
		} else if (!strcmp(kind, "add") || !strcmp(kind, "replace")) {
			bool repl = !strcmp(kind, "replace");

			if (!con) {
				rc = patch_error(err, repl ? "%s operation does not apply: doc is "
							     "missing path: %s: missing value"
							   : "%s operation does not apply: doc is "
							     "missing path: \"%s\": missing value",
						 kind, path);
			} else if (repl && cJSON_IsArray(con) &&
				   !(array_index(key, (size_t)cJSON_GetArraySize(con), &idx, false) &&
				     idx < (size_t)cJSON_GetArraySize(con))) {
				rc = patch_error(err, "%s operation does not apply: doc is missing key: "
						      "%s: missing value",
						 kind, path);
			} else if (!(v = value ? cJSON_Duplicate(CJ(value), 1) : cJSON_CreateNull())) {
				rc = OOM(err);
			} else if (repl && cJSON_IsArray(con)) {
				cJSON_ReplaceItemInArray(con, (int)idx, v);
			} else {
				rc = con_add(con, key, v, err, path, kind);
			}
		} else if (!strcmp(kind, "remove")) {
			if (!con) {
				rc = patch_error(err, "%s operation does not apply: doc is missing path: "
						      "\"%s\": missing value",
						 kind, path);
			} else if (!(v = take_at(d, toks, n))) {
				if (cJSON_IsObject(con))
					rc = patch_error(err, "error in remove for path: '%s': Unable "
							      "to remove nonexistent key: %s: missing "
							      "value",
							 path, key);
				else
					rc = patch_error(err, "error in remove for path: '%s': Unable "
							      "to access invalid index: %s: invalid "
							      "index referenced",
							 path, key);
			}
			cJSON_Delete(v);
		} else if (!strcmp(kind, "move") || !strcmp(kind, "copy")) {
			cJSON *fcon;

			if (!from || !(ftoks = pointer_split(from, &fn, &bad)) || !fn ||
			    !(fcon = find_parent(d, ftoks, fn)) ||
			    (!cJSON_IsObject(fcon) && !cJSON_IsArray(fcon))) {
				rc = patch_error(err, "%s operation does not apply: doc is missing from "
						      "path: %s: missing value",
						 kind, from ? from : "");
			} else {
				v = !strcmp(kind, "move") ? take_at(d, ftoks, fn)
							  : cJSON_Duplicate(get_at(d, ftoks, fn), 1);
				if (!v)
					v = cJSON_CreateNull();
				con = n ? find_parent(d, toks, n) : NULL;
				if (!con || (!cJSON_IsObject(con) && !cJSON_IsArray(con))) {
					cJSON_Delete(v);
					rc = patch_error(err, "%s operation does not apply: doc is missing "
							      "destination path: %s: missing value",
							 kind, path);
				} else {
					rc = con_add(con, key, v, err, path, kind);
				}
			}
		} else { /* test */
			cJSON *cur = toks ? get_at(d, toks, n) : NULL;

			if (n && !con) {
				rc = patch_error(err, "%s operation does not apply: is missing path: "
						      "%s: missing value",
						 kind, path);
			} else if (!(cur ? (value && cJSON_Compare(cur, CJ(value), 1))
					 : (!value || kube_obj_type_of(value) == KUBE_OBJ_NULL))) {
				rc = kube_err_set(err, KUBE_EINVAL,
						  "testing value %s failed: test failed", path);
			}
		}
		free(toks);
		free(ftoks);
		if (rc < 0)
			break;
	}
	if (rc < 0) {
		cJSON_Delete(d);
		return rc;
	}
	*out = K(d);
	return 0;
}

/* ======================================================================================
 * --overrides of generated objects
 * ====================================================================================== */

int mut_apply_overrides(kube_obj **obj, const char *overrides, const char *type, kube_err *err)
{
	kube_obj *patch = NULL, *res = NULL;
	int rc;

	if (!type || !*type)
		type = "merge";
	if ((rc = kube_obj_parse_json(&patch, overrides, strlen(overrides), err)) < 0) {
		/* json-patch's MergePatch says only this; the other types give encoding/json's
		 * message */
		if (!strcmp(type, "merge") && rc != KUBE_ENOMEM)
			return kube_err_set(err, KUBE_EINVAL, "Invalid JSON Patch");
		return rc;
	}
	if (!strcmp(type, "json"))
		rc = kube_json_patch_apply(&res, *obj, patch, err);
	else if (!strcmp(type, "strategic"))
		rc = kube_strategic_apply(&res, *obj, patch, NULL, err);
	else if (!strcmp(type, "merge"))
		rc = kube_merge_apply(&res, *obj, patch, err);
	else
		rc = kube_err_set(err, KUBE_EINVAL, "unknown --override-type %s", type);
	kube_obj_free(patch);
	if (rc < 0)
		return rc;
	kube_obj_free(*obj);
	*obj = res;
	return 0;
}

/* ======================================================================================
 * kubectl patch
 * ====================================================================================== */

static const char *content_type(kube_patch_type t)
{
	switch (t) {
	case KUBE_PATCH_MERGE: return "application/merge-patch+json";
	case KUBE_PATCH_JSON: return "application/json-patch+json";
	default: return "application/strategic-merge-patch+json";
	}
}

/* Built-in groups, whose kinds kubectl's scheme knows (strategic merge works locally). */
static bool builtin_group(const char *g)
{
	size_t n = strlen(g);

	return !*g || !strchr(g, '.') || (n > 7 && !strcmp(g + n - 7, ".k8s.io"));
}

struct patch_run {
	kube_client *c;
	const kube_patch_opts *o;
	const kube_mutate_out *out;
	struct mut_visit *v;
	kube_buf body;      /* the JSON patch */
	kube_obj *parsed;   /* body parsed (local patches) */
	struct openapi oa;
	bool oa_ready;
	size_t count;
};

static int local_patch(struct patch_run *p, struct mut_item *it, kube_obj **res, kube_err *err)
{
	int rc;

	if (!p->parsed && (rc = kube_obj_parse_json(&p->parsed, p->body.ptr, p->body.len, err)) < 0)
		return rc;
	switch (p->o->type) {
	case KUBE_PATCH_JSON:
		rc = kube_json_patch_apply(res, it->obj, p->parsed, err);
		if (rc < 0 && err && err->message && strstr(err->message, "doc is missing key")) {
			const char *k = strstr(err->message, "key:") + 5;
			kube_buf m = KUBE_BUF_INIT;

			kube_buf_printf(&m, "Object to be patched is missing field (%s)", k);
			kube_err_set(err, KUBE_EINVAL, "%s", m.ptr);
			kube_buf_release(&m);
		}
		return rc;
	case KUBE_PATCH_MERGE:
		return kube_merge_apply(res, it->obj, p->parsed, err);
	default: {
		const kube_resource *r = it->res;
		kube_patch_schema ps = {NULL, NULL};
		const kube_obj *doc = NULL;

		if (!builtin_group(r->group))
			return kube_err_set(err, KUBE_EINVAL,
					    "strategic merge patch is not supported for %s%s%s, "
					    "Kind=%s locally, try --type merge",
					    r->group, *r->group ? "/" : "", r->version, r->kind);
		if (!p->oa_ready) {
			if ((rc = openapi_init(&p->oa, p->c, NULL, err)) < 0)
				return rc;
			p->oa_ready = true;
		}
		if (openapi_gv(&p->oa, r->group, r->version, &doc, NULL) == 0)
			ps.schema = openapi_kind_schema(doc, r->group, r->version, r->kind,
							&ps.schemas);
		return kube_strategic_apply(res, it->obj, p->parsed, &ps, err);
	}
	}
}

static int patch_item(struct mut_item *it, void *payload, kube_err *err)
{
	struct patch_run *p = payload;
	const kube_patch_opts *o = p->o;
	kube_obj *res = NULL;
	bool changed;
	int rc;

	p->count++;
	if (o->local || o->dry_run == KUBE_DRY_RUN_CLIENT) {
		if ((rc = local_patch(p, it, &res, err)) < 0)
			return rc;
	} else {
		kube_mutate_write_opts wo = {o->field_manager ? o->field_manager : "kubectl-patch",
					     NULL, o->dry_run == KUBE_DRY_RUN_SERVER};

		rc = kube_mutate_patch(&res, p->c, it->res, it->ns, it->name, o->subresource,
				       content_type(o->type), p->body.ptr, p->body.len, &wo, err);
		if (rc < 0) {
			if (err && err->http_status == 415) {
				kube_buf m = KUBE_BUF_INIT;

				kube_buf_printf(&m, "%s is not supported by %s%s%s, Kind=%s: ",
						content_type(o->type), it->res->group,
						*it->res->group ? "/" : "", it->res->version,
						it->res->kind);
				mut_err_prefix(err, m.ptr);
				kube_buf_release(&m);
			}
			return rc;
		}
	}
	changed = !kube_obj_equal(it->obj, res);
	rc = mut_print(p->out, res, changed ? "patched" : "patched (no change)",
		       KUBE_MUTATE_NO_SUFFIX | KUBE_MUTATE_NEW_PRINTER, err);
	if (rc < 0 && p->out->printer)
		p->v->stop = true;
	kube_obj_free(res);
	return rc;
}

int kube_patch_run(kube_client *c, kube_discovery *d, const kube_patch_opts *o, char *const *args,
		   size_t n, const kube_mutate_out *out, kube_errval *errs, kube_err *err)
{
	struct mut_visit v = {.c = c, .d = d, .sel = &o->sel, .fetch = true, .errs = errs};
	struct patch_run p = {.c = c, .o = o, .out = out, .v = &v, .body = KUBE_BUF_INIT};
	int rc;

	if ((rc = kube_patch_to_json(&p.body, o->patch ? o->patch : "", err)) < 0) {
		kube_buf q = KUBE_BUF_INIT;

		if (rc != KUBE_ENOMEM) {
			kube_go_quote(&q, o->patch ? o->patch : "");
			kube_buf_printf(&q, ": ");
			mut_err_prefix(err, "unable to parse ");
			/* "unable to parse "<patch>": <message>" */
			{
				kube_buf m = KUBE_BUF_INIT;
				const char *msg = err->message + strlen("unable to parse ");

				kube_buf_puts(&m, "unable to parse ");
				kube_buf_put(&m, q.ptr, q.len);
				kube_buf_puts(&m, msg);
				kube_err_set(err, KUBE_EINVAL, "%s", m.ptr);
				kube_buf_release(&m);
			}
		}
		kube_buf_release(&q);
		goto out;
	}
	v.fetch_files = o->subresource && *o->subresource;
	v.subresource = o->subresource;
	if ((rc = mut_visit_run(&v, args, n, patch_item, &p, err)) < 0)
		goto out;
	if (p.count == 0 && kube_errval_empty(errs))
		rc = kube_err_set(err, KUBE_EINVAL, "no objects passed to patch");
out:
	if (p.oa_ready)
		openapi_release(&p.oa);
	kube_obj_free(p.parsed);
	kube_buf_release(&p.body);
	return rc;
}
