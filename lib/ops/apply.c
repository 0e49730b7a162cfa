/* kubectl create -f and apply -f (client-side, --server-side, --prune) as library operations.
 * See include/kube/apply.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kube/builder.h>

#include "obj-internal.h"
#include "ops/apply-visit.h"
#include "banned.h"

#define LAST_APPLIED "kubectl.kubernetes.io/last-applied-configuration"
#define MAX_PATCH_RETRY 5

struct run {
	struct visit vs;
	kube_client *c;
	const kube_apply_opts *o;
	const kube_apply_sink *sink;
	const char *field_manager;
	const char *validation; /* fieldValidation query value */
	const char *program;
	struct info **infos; /* apply: the objects, in order */
	size_t ninfos;
	char **uids, **nss; /* visited, for prune */
	size_t nuids, nnss;
	size_t count;	    /* create: objects created */
	kube_err write_err; /* the sink failed */
};

static char *xstrdup(const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	char *p = malloc(n);

	if (p)
		memcpy(p, s ? s : "", n);
	return p;
}

static int oom(kube_err *err)
{
	return kube_err_set(err, KUBE_ENOMEM, "out of memory");
}

static bool is_status(const kube_err *e)
{
	return e->code == KUBE_EAPI || e->code == KUBE_ENOTFOUND || e->code == KUBE_EEXISTS ||
	       e->code == KUBE_ECONFLICT;
}

/* cmdutil.AddSourceToErr: "error when <verb> "<source>": <message>" */
static void add_source(kube_err *e, const char *verb, const char *source)
{
	kube_buf m = KUBE_BUF_INIT;

	if (!source || !*source || e->code == KUBE_ENOMEM)
		return;
	kube_buf_printf(&m, "error when %s ", verb);
	kube_go_quote(&m, source);
	kube_buf_printf(&m, ": %s", e->message ? e->message : "");
	if (m.failed) {
		kube_buf_release(&m);
		return;
	}
	free(e->message);
	e->message = kube_buf_detach(&m, NULL);
	if (!is_status(e))
		e->code = KUBE_ERROR;
}

static void warn(struct run *r, const char *line)
{
	if (r->sink && r->sink->warning)
		r->sink->warning(line, r->sink->payload);
}

static int emit(struct run *r, const kube_obj *obj, const char *op, kube_err *err)
{
	if (!r->sink || !r->sink->object)
		return 0;
	if (r->sink->object(obj, op, r->sink->payload) < 0) {
		if (r->write_err.code == 0)
			kube_err_set(&r->write_err, KUBE_EIO, "write error on standard output");
		return kube_err_set(err, KUBE_EIO, "write error on standard output");
	}
	return 0;
}

static int push_err(struct run *r, kube_errval *agg, kube_err *e, kube_err *err)
{
	(void)r;
	if (e->code == KUBE_ENOMEM) {
		kube_err_move(err, e);
		return KUBE_ENOMEM;
	}
	if (kube_errval_push(agg, e) < 0)
		return oom(err);
	return 0;
}

/* ---- requests ---- */

static void res_path(kube_buf *b, const struct info *in, bool with_name, const char *sub)
{
	if (*in->group)
		kube_buf_printf(b, "/apis/%s", in->group);
	else
		kube_buf_puts(b, "/api");
	if (*in->version)
		kube_buf_printf(b, "/%s", in->version);
	if (in->namespaced && in->ns && *in->ns) {
		kube_buf_puts(b, "/namespaces/");
		kube_buf_put_pathseg(b, in->ns);
	}
	kube_buf_putc(b, '/');
	kube_buf_puts(b, in->resource);
	if (with_name) {
		kube_buf_putc(b, '/');
		kube_buf_put_pathseg(b, in->name ? in->name : "");
	}
	if (sub && *sub)
		kube_buf_printf(b, "/%s", sub);
}

struct reqopts {
	const char *method, *content_type, *sub;
	const kube_buf *body;
	bool with_name;
	bool manager, validation, dry_run;
	const char *manager_override;
	const char *force; /* "true"/"false" or NULL */
};

static int request(struct run *r, const struct info *in, const struct reqopts *ro, kube_obj **out,
		   kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT;
	kube_response resp = KUBE_RESPONSE_INIT;
	kube_param ps[4];
	size_t np = 0;
	int rc;

	if (out)
		*out = NULL;
	if (ro->with_name && (!in->name || !*in->name))
		return kube_err_set(err, KUBE_EINVAL, "resource name may not be empty");
	res_path(&path, in, ro->with_name, ro->sub);
	if ((rc = kube_buf_check(&path, err)) < 0)
		goto out;
	if (ro->manager)
		ps[np++] = (kube_param){"fieldManager", ro->manager_override ? ro->manager_override
									     : r->field_manager};
	if (ro->validation)
		ps[np++] = (kube_param){"fieldValidation", r->validation};
	if (ro->dry_run && r->o->dry_run == KUBE_DRY_RUN_SERVER)
		ps[np++] = (kube_param){"dryRun", "All"};
	if (ro->force)
		ps[np++] = (kube_param){"force", ro->force};
	{
		kube_request req = {.method = ro->method,
				    .path = path.ptr,
				    .params = ps,
				    .nparams = np,
				    .content_type = ro->content_type,
				    .body = ro->body ? ro->body->ptr : NULL,
				    .body_len = ro->body ? ro->body->len : 0,
				    .group = in->group,
				    .resource = in->resource,
				    .name = ro->with_name ? in->name : NULL};

		if ((rc = kube_client_do(r->c, &req, &resp, err)) < 0)
			goto out;
	}
	if (out)
		rc = kube_obj_parse_json(out, resp.body.ptr, resp.body.len, err);
out:
	kube_response_release(&resp);
	kube_buf_release(&path);
	return rc;
}

static int get_obj(struct run *r, const struct info *in, kube_obj **out, kube_err *err)
{
	const struct reqopts ro = {.method = "GET", .with_name = true};

	return request(r, in, &ro, out, err);
}

/* resource.Helper.Create: POST without metadata.resourceVersion */
static int create_obj(struct run *r, const struct info *in, kube_obj *obj, kube_obj **out,
		      kube_err *err)
{
	kube_buf body = KUBE_BUF_INIT;
	struct reqopts ro = {.method = "POST",
			     .content_type = "application/json",
			     .body = &body,
			     .manager = true,
			     .validation = true,
			     .dry_run = true};
	int rc;

	kube_obj_remove(kube_obj_get_mut(obj, "metadata"), "resourceVersion");
	kube_json_write(&body, obj, 0);
	if ((rc = kube_buf_check(&body, err)) == 0)
		rc = request(r, in, &ro, out, err);
	kube_buf_release(&body);
	return rc;
}

/* ---- visited objects (prune) ---- */

static int add_str(char ***v, size_t *n, const char *s)
{
	char **nv;
	size_t i;

	if (!s || !*s)
		return 0;
	for (i = 0; i < *n; i++)
		if (!strcmp((*v)[i], s))
			return 0;
	if (!(nv = realloc(*v, (*n + 1) * sizeof(*nv))))
		return KUBE_ENOMEM;
	*v = nv;
	if (!(nv[*n] = xstrdup(s)))
		return KUBE_ENOMEM;
	(*n)++;
	return 0;
}

static bool has_str(char **v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

static void free_strs(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int mark_visited(struct run *r, const kube_obj *obj, kube_err *err)
{
	if (add_str(&r->uids, &r->nuids, kube_obj_path_str(obj, "metadata", "uid", NULL)) < 0)
		return oom(err);
	return 0;
}

/* ---- info texts ---- */

/* Info.String() */
static void info_string(kube_buf *b, const struct info *in)
{
	kube_buf_printf(b,
			"Resource: \"%s/%s, Resource=%s\", GroupVersionKind: \"%s/%s, Kind=%s\"\n",
			in->group, in->version, in->resource, in->group, in->version, in->kind);
	kube_buf_puts(b, "Name: ");
	kube_go_quote(b, in->name ? in->name : "");
	kube_buf_puts(b, ", Namespace: ");
	kube_go_quote(b, in->ns ? in->ns : "");
}

static void warn_if_deleting(struct run *r, const kube_obj *obj)
{
	kube_buf b = KUBE_BUF_INIT;

	if (!kube_obj_path(obj, "metadata", "deletionTimestamp", NULL) ||
	    kube_obj_type_of(kube_obj_path(obj, "metadata", "deletionTimestamp", NULL)) ==
		    KUBE_OBJ_NULL)
		return;
	kube_buf_printf(&b,
			"Warning: Detected changes to resource %s which is currently being "
			"deleted.\n",
			kube_obj_path_str(obj, "metadata", "name", NULL)
				? kube_obj_path_str(obj, "metadata", "name", NULL)
				: "");
	if (!b.failed)
		warn(r, b.ptr);
	kube_buf_release(&b);
}

/* Replace in->obj (adopting obj). */
static void refresh(struct info *in, kube_obj *obj)
{
	kube_obj_free(in->obj);
	in->obj = obj;
}

/* ======================================================================================
 * create -f
 * ====================================================================================== */

static int set_last_applied(kube_obj *obj, kube_err *err)
{
	kube_buf v = KUBE_BUF_INIT;
	kube_obj *meta, *ann;
	int rc;

	kube_apply_last_applied(&v, obj);
	if ((rc = kube_buf_check(&v, err)) < 0)
		goto out;
	if (!(meta = kube_obj_get_mut(obj, "metadata"))) {
		if (kube_obj_set_take(obj, "metadata", kube_obj_new_object()) < 0) {
			rc = oom(err);
			goto out;
		}
		meta = kube_obj_get_mut(obj, "metadata");
	}
	if (kube_obj_type_of(kube_obj_get(meta, "annotations")) != KUBE_OBJ_OBJECT &&
	    kube_obj_set_take(meta, "annotations", kube_obj_new_object()) < 0) {
		rc = oom(err);
		goto out;
	}
	ann = kube_obj_get_mut(meta, "annotations");
	if (kube_obj_set_str(ann, LAST_APPLIED, v.ptr) < 0)
		rc = oom(err);
out:
	kube_buf_release(&v);
	return rc;
}

static int create_one(struct visit *vs, struct info *in, kube_err *err)
{
	struct run *r = vs->payload;
	kube_err e = KUBE_ERR_INIT;
	kube_obj *res = NULL;
	int rc = 0;

	if (r->o->save_config && (rc = set_last_applied(in->obj, &e)) < 0) {
		add_source(&e, "creating", in->source);
		rc = push_err(r, &vs->coe, &e, err);
		goto out;
	}
	if (r->o->dry_run != KUBE_DRY_RUN_CLIENT) {
		if (create_obj(r, in, in->obj, &res, &e) < 0) {
			add_source(&e, "creating", in->source);
			rc = push_err(r, &vs->coe, &e, err);
			goto out;
		}
		refresh(in, res);
	}
	r->count++;
	if (emit(r, in->obj, "created", &e) < 0)
		rc = push_err(r, &vs->coe, &e, err);
out:
	kube_err_clear(&e);
	info_free(in);
	return rc;
}

int kube_create_run(kube_client *c, kube_discovery *d, const kube_apply_opts *o,
		    const kube_manifest *m, const kube_apply_sink *sink, kube_errval *errs,
		    kube_err *err)
{
	static const char *const vals[] = {"Strict", "Warn", "Ignore"};
	struct run r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.c = c;
	r.o = o;
	r.sink = sink;
	r.field_manager = o->field_manager ? o->field_manager : "kubectl-create";
	r.validation = vals[o->validation];
	if ((rc = visit_init(&r.vs, c, d, o, err)) < 0)
		goto out;
	r.vs.fn = create_one;
	r.vs.payload = &r;
	if ((rc = visit_manifest(&r.vs, m, err)) < 0)
		goto out;
	if ((rc = visit_result(&r.vs, errs)) < 0) {
		rc = oom(err);
		goto out;
	}
	if (kube_errval_empty(errs) && r.count == 0) {
		kube_err e = KUBE_ERR_INIT;

		kube_err_set(&e, KUBE_EINVAL, "no objects passed to create");
		if (kube_errval_push(errs, &e) < 0) {
			rc = oom(err);
			goto out;
		}
		kube_errval_collapse(errs);
	}
	rc = 0;
	if (!kube_errval_empty(errs)) {
		const kube_err *f = kube_errval_first(errs);

		rc = f && f->code ? f->code : KUBE_ERROR;
		kube_err_set(err, rc, "%s", f && f->message ? f->message : "");
	}
out:
	visit_release(&r.vs);
	kube_err_clear(&r.write_err);
	return rc;
}

/* ======================================================================================
 * apply -f
 * ====================================================================================== */

static int collect(struct visit *vs, struct info *in, kube_err *err)
{
	struct run *r = vs->payload;
	struct info **nv = realloc(r->infos, (r->ninfos + 1) * sizeof(*nv));

	if (!nv) {
		info_free(in);
		return oom(err);
	}
	r->infos = nv;
	nv[r->ninfos++] = in;
	return 0;
}

/* GetModifiedConfiguration(obj, annotate): the object as applied, with (annotate) the new
 * last-applied annotation; obj itself is left with the annotation's previous value (kubectl
 * restores it, as "" when there was none). */
static int modified_config(kube_obj *obj, bool annotate, kube_obj **out, kube_err *err)
{
	kube_obj *copy = NULL;
	int rc;

	*out = NULL;
	if ((rc = apply_dup(&copy, obj, err)) < 0)
		return rc;
	if (annotate) {
		if ((rc = set_last_applied(copy, err)) < 0) {
			kube_obj_free(copy);
			return rc;
		}
	} else {
		kube_obj *meta = kube_obj_get_mut(copy, "metadata");
		kube_obj *ann = kube_obj_get_mut(meta, "annotations");

		if (meta && kube_obj_type_of(ann) != KUBE_OBJ_OBJECT)
			kube_obj_set_take(meta, "annotations", kube_obj_new_object());
		kube_obj_remove(kube_obj_get_mut(meta, "annotations"), LAST_APPLIED);
	}
	*out = copy;
	return 0;
}

/* pruneNullsFromMap */
static void prune_nulls(cJSON *j)
{
	cJSON *c, *next;

	if (!j)
		return;
	for (c = j->child; c; c = next) {
		next = c->next;
		if (cJSON_IsObject(j) && cJSON_IsNull(c)) {
			cJSON_Delete(cJSON_DetachItemViaPointer(j, c));
			continue;
		}
		if (cJSON_IsObject(c) || cJSON_IsArray(c))
			prune_nulls(c);
	}
}

/* The patch kubectl computes for in->obj against current: SMP when the OpenAPI v3 PATCH
 * operation of the kind accepts it, else a JSON merge patch. */
static int compute_patch(struct run *r, const struct info *in, const kube_obj *modified,
			 const kube_obj *current, kube_obj **patch, bool *smp,
			 kube_patch_schema *schema, kube_err *err)
{
	const char *orig_text =
		kube_obj_path_str(current, "metadata", "annotations", LAST_APPLIED, NULL);
	kube_obj *original = NULL;
	const kube_obj *doc = NULL, *op;
	kube_err e = KUBE_ERR_INIT;
	int rc;

	*patch = NULL;
	*smp = false;
	memset(schema, 0, sizeof(*schema));
	if (orig_text && *orig_text &&
	    kube_obj_parse_json(&original, orig_text, strlen(orig_text), NULL) < 0)
		original = NULL;
	if (openapi_gv(&r->vs.oa, in->group, in->version, &doc, &e) == 0 &&
	    (op = openapi_patch_op(doc, in->group, in->version, in->kind)) &&
	    openapi_op_accepts(op, "application/strategic-merge-patch+json")) {
		schema->schema = openapi_kind_schema(doc, in->group, in->version, in->kind,
						     &schema->schemas);
		*smp = true;
	}
	kube_err_clear(&e);
	if (*smp)
		rc = kube_strategic_three_way(patch, original, modified, current, schema,
					      !r->o->no_overwrite, err);
	else
		rc = kube_merge_three_way(patch, original, modified, current, err);
	kube_obj_free(original);
	return rc;
}

static int delete_obj(struct run *r, const struct info *in, kube_err *err)
{
	kube_buf body = KUBE_BUF_INIT;
	struct reqopts ro = {.method = "DELETE",
			     .content_type = "application/json",
			     .body = &body,
			     .with_name = true,
			     .dry_run = true};
	const char *c = r->o->cascade ? r->o->cascade : "background";
	const char *policy = !strcmp(c, "orphan") || !strcmp(c, "false") ? "Orphan"
			     : !strcmp(c, "foreground")			 ? "Foreground"
									 : "Background";
	int rc;

	kube_buf_puts(&body, "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\"");
	if (r->o->grace_period_set && r->o->grace_period >= 0)
		kube_buf_printf(&body, ",\"gracePeriodSeconds\":%lld",
				(long long)r->o->grace_period);
	if (r->o->dry_run == KUBE_DRY_RUN_SERVER)
		kube_buf_puts(&body, ",\"dryRun\":[\"All\"]");
	kube_buf_printf(&body, ",\"propagationPolicy\":\"%s\"}", policy);
	if ((rc = kube_buf_check(&body, err)) == 0)
		rc = request(r, in, &ro, NULL, err);
	kube_buf_release(&body);
	return rc;
}

/* Patcher.deleteAndCreate for --force */
static int delete_and_create(struct run *r, struct info *in, const kube_obj *modified,
			     kube_obj *current, kube_obj **out, kube_err *err)
{
	kube_obj *m = NULL, *got = NULL;
	kube_err e2 = KUBE_ERR_INIT;
	int rc, i;

	*out = NULL;
	if ((rc = delete_obj(r, in, err)) < 0)
		return rc;
	for (i = 0; i < 600; i++) {
		rc = get_obj(r, in, &got, &e2);
		kube_obj_free(got);
		got = NULL;
		if (rc == KUBE_ENOTFOUND) {
			kube_err_clear(&e2);
			break;
		}
		if (rc < 0) {
			kube_err_move(err, &e2);
			return rc;
		}
		sleep(1);
	}
	if ((rc = apply_dup(&m, modified, err)) < 0)
		return rc;
	rc = create_obj(r, in, m, out, err);
	kube_obj_free(m);
	if (rc < 0) {
		kube_obj *restored = NULL;

		if (create_obj(r, in, current, &restored, &e2) < 0) {
			kube_buf t = KUBE_BUF_INIT;

			kube_buf_printf(
				&t,
				"An error occurred force-replacing the existing object with "
				"the newly provided one:\n\n%s.\n\nAdditionally, an error "
				"occurred attempting to restore the original object:\n\n%s",
				err && err->message ? err->message : "",
				e2.message ? e2.message : "");
			kube_err_clear(err);
			kube_err_set(err, KUBE_ERROR, "%s", t.ptr);
			kube_buf_release(&t);
			kube_err_clear(&e2);
			return KUBE_ERROR;
		}
		kube_obj_free(restored);
	}
	return rc;
}

/* Patcher.Patch: compute, send (or apply locally for --dry-run=client), retry on conflicts. */
static int patch_obj(struct run *r, struct info *in, const kube_obj *modified, kube_obj *current,
		     kube_buf *patch_text, kube_obj **out, kube_err *err)
{
	kube_obj *cur = current, *patch = NULL, *fresh = NULL;
	kube_patch_schema schema;
	bool smp;
	int rc, i;

	*out = NULL;
	for (i = 0;; i++) {
		kube_buf_truncate(patch_text, 0);
		kube_obj_free(patch);
		patch = NULL;
		if ((rc = compute_patch(r, in, modified, cur, &patch, &smp, &schema, err)) < 0)
			goto out;
		kube_json_write(patch_text, patch, KUBE_JSON_SORT_KEYS | KUBE_JSON_HTML_ESCAPE);
		if ((rc = kube_buf_check(patch_text, err)) < 0)
			goto out;
		if (!kube_obj_len(patch)) {
			rc = apply_dup(out, cur, err);
			goto out;
		}
		if (r->o->dry_run == KUBE_DRY_RUN_CLIENT) {
			rc = smp ? kube_strategic_apply(out, cur, patch, &schema, err)
				 : kube_merge_apply(out, cur, patch, err);
			goto out;
		}
		{
			struct reqopts ro = {.method = "PATCH",
					     .content_type =
						     smp ? "application/strategic-merge-patch+json"
							 : "application/merge-patch+json",
					     .body = patch_text,
					     .with_name = true,
					     .manager = true,
					     .validation = true,
					     .dry_run = true};

			rc = request(r, in, &ro, out, err);
		}
		if (rc != KUBE_ECONFLICT || i >= MAX_PATCH_RETRY)
			break;
		if (i >= 1)
			sleep(1);
		kube_err_clear(err);
		kube_obj_free(fresh);
		fresh = NULL;
		if ((rc = get_obj(r, in, &fresh, err)) < 0)
			goto out;
		cur = fresh;
	}
	if (rc < 0) {
		if ((rc == KUBE_ECONFLICT ||
		     (err && err->reason && !strcmp(err->reason, "Invalid"))) &&
		    r->o->force) {
			kube_err_clear(err);
			/* kubectl then reports the new object as the "patch" */
			kube_buf_truncate(patch_text, 0);
			apply_encode(patch_text, modified);
			rc = delete_and_create(r, in, modified, cur, out, err);
		} else {
			add_source(err, "patching", in->source);
		}
	}
out:
	kube_obj_free(patch);
	kube_obj_free(fresh);
	return rc;
}

/* ---- server-side apply ---- */

/* fieldpath.Set membership of metadata.annotations[last-applied] in a FieldsV1 trie */
static bool owns_last_applied(const kube_obj *entry)
{
	const kube_obj *f = kube_obj_path(entry, "fieldsV1", "f:metadata", "f:annotations",
					  "f:" LAST_APPLIED, NULL);

	return f && kube_obj_type_of(f) == KUBE_OBJ_OBJECT &&
	       (kube_obj_len(f) == 0 || kube_obj_get(f, "."));
}

static bool entry_is(const kube_obj *e, const char *manager, const char *op)
{
	const char *m = kube_obj_path_str(e, "manager", NULL);
	const char *o = kube_obj_path_str(e, "operation", NULL);
	const char *s = kube_obj_path_str(e, "subresource", NULL);

	return (!manager || (m && !strcmp(m, manager))) && o && !strcmp(o, op) && (!s || !*s);
}

static int save_last_applied(struct run *r, struct info *in, kube_err *err)
{
	const char *value =
		kube_obj_path_str(in->obj, "metadata", "annotations", LAST_APPLIED, NULL);
	const kube_obj *e;
	kube_obj *body = NULL, *meta = NULL, *ann = NULL, *res = NULL;
	kube_buf text = KUBE_BUF_INIT, gv = KUBE_BUF_INIT;
	struct reqopts ro = {.method = "PATCH",
			     .content_type = "application/apply-patch+yaml",
			     .body = &text,
			     .with_name = true,
			     .manager = true,
			     .manager_override = "kubectl-last-applied",
			     .validation = true,
			     .dry_run = true};
	int rc = 0;

	if (strcmp(r->field_manager, "kubectl") || !value)
		return 0;
	kube_obj_foreach (e, kube_obj_path(in->obj, "metadata", "managedFields", NULL)) {
		if (entry_is(e, NULL, "Apply") && owns_last_applied(e))
			return 0;
	}
	if (*in->group)
		kube_buf_printf(&gv, "%s/%s", in->group, in->version);
	else
		kube_buf_puts(&gv, in->version);
	if (!(body = kube_obj_new_object()) || !(meta = kube_obj_new_object()) ||
	    !(ann = kube_obj_new_object()) || gv.failed) {
		rc = oom(err);
		goto out;
	}
	if (kube_obj_set_str(body, "apiVersion", gv.ptr) < 0 ||
	    kube_obj_set_str(body, "kind", in->kind) < 0 ||
	    kube_obj_set_str(ann, LAST_APPLIED, value) < 0) {
		rc = oom(err);
		goto out;
	}
	rc = kube_obj_set_take(meta, "annotations", ann);
	ann = NULL;
	if (rc == 0 && in->name)
		rc = kube_obj_set_str(meta, "name", in->name);
	if (rc == 0 && in->ns && *in->ns)
		rc = kube_obj_set_str(meta, "namespace", in->ns);
	if (rc == 0)
		rc = kube_obj_set_take(body, "metadata", meta);
	meta = NULL;
	if (rc < 0) {
		rc = oom(err);
		goto out;
	}
	apply_encode(&text, body);
	if ((rc = kube_buf_check(&text, err)) < 0)
		goto out;
	if ((rc = request(r, in, &ro, &res, err)) < 0)
		goto out;
	refresh(in, res);
out:
	kube_obj_free(body);
	kube_obj_free(meta);
	kube_obj_free(ann);
	kube_buf_release(&text);
	kube_buf_release(&gv);
	return rc;
}

/* fieldpath.Set union of two FieldsV1 tries */
static int union_fields(cJSON *dst, const cJSON *src)
{
	const cJSON *c;

	for (c = src ? src->child : NULL; c; c = c->next) {
		cJSON *have = cJSON_GetObjectItemCaseSensitive(dst, c->string);

		if (!have) {
			cJSON *d = cJSON_Duplicate(c, 1);

			if (!d || !cJSON_AddItemToObject(dst, c->string, d)) {
				cJSON_Delete(d);
				return KUBE_ENOMEM;
			}
			continue;
		}
		if (cJSON_IsObject(have) && cJSON_IsObject(c) && union_fields(have, c) < 0)
			return KUBE_ENOMEM;
	}
	return 0;
}

/* fieldpath serialization order: "." first, then the path elements in order */
static int cmp_fields(const void *a, const void *b)
{
	const char *x = (*(cJSON *const *)a)->string, *y = (*(cJSON *const *)b)->string;

	if (!strcmp(x, "."))
		return -1;
	if (!strcmp(y, "."))
		return 1;
	return strcmp(x, y);
}

static void sort_fields(cJSON *o)
{
	cJSON **v, *c;
	size_t n = 0, i;

	for (c = o->child; c; c = c->next) {
		n++;
		if (cJSON_IsObject(c))
			sort_fields(c);
	}
	if (n < 2 || !(v = calloc(n, sizeof(*v))))
		return;
	for (i = 0, c = o->child; c; c = c->next)
		v[i++] = c;
	qsort(v, n, sizeof(*v), cmp_fields);
	for (i = 0; i < n; i++) {
		v[i]->prev = i ? v[i - 1] : v[n - 1];
		v[i]->next = i + 1 < n ? v[i + 1] : NULL;
	}
	o->child = v[0];
	free(v);
}

/* csaupgrade.UpgradeManagedFieldsPatch: NULL *out when there is nothing to do */
static int upgrade_patch(const kube_obj *obj, const char *ssa_manager, kube_obj **out)
{
	const cJSON *mf = CJ(kube_obj_path(obj, "metadata", "managedFields", NULL)), *e;
	cJSON *list = NULL, *patch = NULL, *op = NULL;
	char **names = NULL;
	size_t nnames = 0, i;
	int rc = 0;

	*out = NULL;
	if (!cJSON_IsArray(mf))
		return 0;
	for (e = mf->child; e; e = e->next)
		if (entry_is(CK(e), NULL, "Update") && owns_last_applied(CK(e)) &&
		    add_str(&names, &nnames, kube_obj_path_str(CK(e), "manager", NULL)) < 0) {
			rc = KUBE_ENOMEM;
			goto out;
		}
	if (!nnames)
		goto out;
	if (!(list = cJSON_Duplicate(mf, 1))) {
		rc = KUBE_ENOMEM;
		goto out;
	}
	for (i = 0; i < nnames; i++) {
		cJSON *target = NULL, *csa = NULL, *c, *next;

		for (c = list->child; c && !target; c = c->next)
			if (entry_is(CK(c), ssa_manager, "Apply"))
				target = c;
		if (!target) {
			for (c = list->child; c && !target; c = c->next)
				if (entry_is(CK(c), names[i], "Update"))
					target = c;
			if (!target)
				continue;
			cJSON_ReplaceItemInObjectCaseSensitive(target, "operation",
							       cJSON_CreateString("Apply"));
			cJSON_ReplaceItemInObjectCaseSensitive(target, "manager",
							       cJSON_CreateString(ssa_manager));
		}
		for (c = list->child; c && !csa; c = c->next) {
			const char *av = kube_obj_path_str(CK(c), "apiVersion", NULL);
			const char *tv = kube_obj_path_str(CK(target), "apiVersion", NULL);

			if (entry_is(CK(c), names[i], "Update") && av && tv && !strcmp(av, tv))
				csa = c;
		}
		if (csa) {
			cJSON *tf = cJSON_GetObjectItemCaseSensitive(target, "fieldsV1");

			if (!tf) {
				tf = cJSON_CreateObject();
				if (!tf || !cJSON_AddItemToObject(target, "fieldsV1", tf)) {
					cJSON_Delete(tf);
					rc = KUBE_ENOMEM;
					goto out;
				}
			}
			if (union_fields(tf, cJSON_GetObjectItemCaseSensitive(csa, "fieldsV1")) <
			    0) {
				rc = KUBE_ENOMEM;
				goto out;
			}
			sort_fields(tf);
		}
		for (c = list->child; c; c = next) {
			next = c->next;
			if (entry_is(CK(c), names[i], "Update"))
				cJSON_Delete(cJSON_DetachItemViaPointer(list, c));
		}
	}
	if (cJSON_Compare(list, mf, 1))
		goto out;
	if (!(patch = cJSON_CreateArray()) || !(op = cJSON_CreateObject())) {
		rc = KUBE_ENOMEM;
		goto out;
	}
	cJSON_AddItemToObject(op, "op", cJSON_CreateString("replace"));
	cJSON_AddItemToObject(op, "path", cJSON_CreateString("/metadata/managedFields"));
	cJSON_AddItemToObject(op, "value", list);
	list = NULL;
	cJSON_AddItemToArray(patch, op);
	if (!(op = cJSON_CreateObject())) {
		rc = KUBE_ENOMEM;
		goto out;
	}
	cJSON_AddItemToObject(op, "op", cJSON_CreateString("replace"));
	cJSON_AddItemToObject(op, "path", cJSON_CreateString("/metadata/resourceVersion"));
	{
		const char *rv = kube_obj_path_str(obj, "metadata", "resourceVersion", NULL);

		cJSON_AddItemToObject(op, "value", cJSON_CreateString(rv ? rv : ""));
	}
	cJSON_AddItemToArray(patch, op);
	op = NULL;
	*out = K(patch);
	patch = NULL;
out:
	cJSON_Delete(list);
	cJSON_Delete(patch);
	cJSON_Delete(op);
	free_strs(names, nnames);
	return rc;
}

static int migrate_to_ssa(struct run *r, struct info *in, bool *migrated, kube_err *err)
{
	int i, rc = 0;

	*migrated = false;
	for (i = 0; i < MAX_PATCH_RETRY; i++) {
		kube_obj *patch = NULL, *res = NULL;
		kube_buf text = KUBE_BUF_INIT;
		struct reqopts ro = {.method = "PATCH",
				     .content_type = "application/json-patch+json",
				     .body = &text,
				     .with_name = true,
				     .manager = true,
				     .validation = true,
				     .dry_run = true};

		if ((rc = upgrade_patch(in->obj, r->field_manager, &patch)) < 0)
			return oom(err);
		if (!patch)
			return 0;
		kube_json_write(&text, patch, 0);
		kube_obj_free(patch);
		if ((rc = kube_buf_check(&text, err)) < 0)
			return rc;
		rc = request(r, in, &ro, &res, err);
		kube_buf_release(&text);
		if (rc == 0) {
			refresh(in, res);
			*migrated = true;
			return 0;
		}
		if (rc != KUBE_ECONFLICT)
			return rc;
		kube_err_clear(err);
		if ((rc = get_obj(r, in, &res, err)) < 0)
			return rc;
		refresh(in, res);
	}
	return rc;
}

static int apply_server_side(struct run *r, struct info *in, kube_errval *errs, kube_err *err)
{
	kube_buf data = KUBE_BUF_INIT, line = KUBE_BUF_INIT;
	kube_err e = KUBE_ERR_INIT;
	kube_obj *res = NULL;
	struct reqopts ro = {.method = "PATCH",
			     .content_type = "application/apply-patch+yaml",
			     .body = &data,
			     .with_name = true,
			     .manager = true,
			     .validation = true,
			     .dry_run = true,
			     .force = r->o->force_conflicts ? "true" : "false",
			     .sub = r->o->subresource};
	bool migrated = false;
	int rc = 0;

	apply_encode(&data, in->obj);
	if ((rc = kube_buf_check(&data, err)) < 0)
		goto out;
	if (request(r, in, &ro, &res, &e) < 0) {
		kube_buf m = KUBE_BUF_INIT;

		if (e.http_status == 415) {
			kube_buf_printf(&m, "Server-side apply not available on the server: (%s)",
					e.message ? e.message : "");
			kube_err_clear(&e);
			kube_err_set(&e, KUBE_ERROR, "%s", m.ptr);
		} else if (e.code == KUBE_ECONFLICT) {
			kube_buf_printf(
				&m,
				"%s\nPlease review the fields above--they currently have other "
				"managers. Here\nare the ways you can resolve this warning:\n* If "
				"you "
				"intend to manage all of these fields, please re-run the apply\n  "
				"command with the `--force-conflicts` flag.\n* If you do not "
				"intend to "
				"manage all of the fields, please edit your\n  manifest to remove "
				"references to the fields that should keep their\n  current "
				"managers.\n"
				"* You may co-own fields by updating your manifest to match the "
				"existing\n  value; in this case, you'll become the manager if the "
				"other "
				"manager(s)\n  stop managing the field (remove it from their "
				"configuration).\nSee "
				"https://kubernetes.io/docs/reference/using-api/server-side-apply/"
				"#conflicts",
				e.message ? e.message : "");
			kube_err_clear(&e);
			kube_err_set(&e, KUBE_ERROR, "%s", m.ptr);
		}
		kube_buf_release(&m);
		rc = push_err(r, errs, &e, err);
		goto out;
	}
	refresh(in, res);
	if (save_last_applied(r, in, &e) < 0) {
		kube_buf_printf(&line,
				"Warning: failed to migrate kubectl.kubernetes.io/"
				"last-applied-configuration for Server-Side Apply. This is "
				"non-fatal and will be retried next time you apply. Error: %s\n",
				e.message ? e.message : "");
		warn(r, line.ptr);
	} else if (migrate_to_ssa(r, in, &migrated, &e) < 0) {
		kube_buf_printf(&line,
				"Warning: server rejected managed fields migration to Server-Side "
				"Apply. This is non-fatal and will be retried next time you apply. "
				"Error: %s\n",
				e.message ? e.message : "");
		warn(r, line.ptr);
	} else if (migrated) {
		res = NULL;
		if (request(r, in, &ro, &res, &e) < 0) {
			kube_buf_printf(
				&line,
				"Warning: failed to re-apply configuration after performing "
				"Server-Side Apply migration. This is non-fatal and will be "
				"retried next time you apply. Error: %s\n",
				e.message ? e.message : "");
			warn(r, line.ptr);
		} else {
			refresh(in, res);
		}
	}
	kube_err_clear(&e);
	warn_if_deleting(r, in->obj);
	if ((rc = mark_visited(r, in->obj, err)) < 0)
		goto out;
	if (!r->o->print_full && emit(r, in->obj, "serverside-applied", &e) < 0)
		rc = push_err(r, errs, &e, err);
out:
	kube_err_clear(&e);
	kube_buf_release(&data);
	kube_buf_release(&line);
	return rc;
}

static int apply_one(struct run *r, struct info *in, kube_errval *errs, kube_err *err)
{
	kube_err e = KUBE_ERR_INIT;
	kube_obj *modified = NULL, *current = NULL, *res = NULL;
	kube_buf patch_text = KUBE_BUF_INIT, t = KUBE_BUF_INIT;
	int rc = 0;

	if (in->namespaced && add_str(&r->nss, &r->nnss, in->ns) < 0)
		return oom(err);
	if (!in->name || !*in->name) {
		const char *gn = kube_obj_path_str(in->obj, "metadata", "generateName", NULL);

		if (gn && *gn) {
			kube_err_set(&e, KUBE_EINVAL,
				     "from %s: cannot use generate name with apply", gn);
			return push_err(r, errs, &e, err);
		}
	}
	if (r->o->server_side)
		return apply_server_side(r, in, errs, err);
	if ((rc = modified_config(in->obj, true, &modified, err)) < 0)
		goto out;
	if (get_obj(r, in, &current, &e) < 0) {
		if (e.code == KUBE_ENOTFOUND && in->ns && *in->ns && strcmp(in->ns, "default")) {
			/* Info.Get: a missing namespace is the error that counts */
			kube_err e2 = KUBE_ERR_INIT;
			struct info nsi = {.group = (char *)"",
					   .version = (char *)"v1",
					   .kind = (char *)"Namespace",
					   .resource = (char *)"namespaces",
					   .name = in->ns};
			kube_obj *nso = NULL;

			if (get_obj(r, &nsi, &nso, &e2) == KUBE_ENOTFOUND)
				kube_err_move(&e, &e2);
			kube_err_clear(&e2);
			kube_obj_free(nso);
		}
		if (e.code != KUBE_ENOTFOUND) {
			if (e.code == KUBE_ENOMEM) {
				rc = push_err(r, errs, &e, err);
				goto out;
			}
			kube_buf_puts(&t, "retrieving current configuration of:\n");
			info_string(&t, in);
			kube_buf_puts(&t, "\nfrom server for:");
			add_source(&e, t.ptr, in->source);
			rc = push_err(r, errs, &e, err);
			goto out;
		}
		kube_err_clear(&e);
		/* create */
		if ((rc = set_last_applied(in->obj, err)) < 0)
			goto out;
		prune_nulls(J(in->obj));
		if (r->o->dry_run != KUBE_DRY_RUN_CLIENT) {
			if (create_obj(r, in, in->obj, &res, &e) < 0) {
				add_source(&e, "creating", in->source);
				rc = push_err(r, errs, &e, err);
				goto out;
			}
			refresh(in, res);
		}
		if ((rc = mark_visited(r, in->obj, err)) < 0)
			goto out;
		if (!r->o->print_full && emit(r, in->obj, "created", &e) < 0)
			rc = push_err(r, errs, &e, err);
		goto out;
	}
	if ((rc = mark_visited(r, current, err)) < 0)
		goto out;
	if (r->o->dry_run != KUBE_DRY_RUN_CLIENT &&
	    !kube_obj_path(current, "metadata", "annotations", LAST_APPLIED, NULL)) {
		kube_buf w = KUBE_BUF_INIT;
		const char *p = r->program;

		kube_buf_printf(
			&w,
			"Warning: resource %s/%s is missing the %s annotation which is "
			"required by %s apply. %s apply should only be used on resources "
			"created declaratively by either %s create --save-config or %s apply. "
			"The missing annotation will be patched automatically.\n",
			in->resource, in->name, LAST_APPLIED, p, p, p, p);
		if (!w.failed)
			warn(r, w.ptr);
		kube_buf_release(&w);
	}
	if (patch_obj(r, in, modified, current, &patch_text, &res, &e) < 0) {
		if (e.code == KUBE_ENOMEM) {
			rc = push_err(r, errs, &e, err);
			goto out;
		}
		kube_buf_printf(&t, "applying patch:\n%s\nto:\n", patch_text.ptr);
		info_string(&t, in);
		kube_buf_puts(&t, "\nfor:");
		add_source(&e, t.ptr, in->source);
		rc = push_err(r, errs, &e, err);
		goto out;
	}
	refresh(in, res);
	warn_if_deleting(r, in->obj);
	if (!r->o->print_full)
		rc = emit(r, in->obj, !strcmp(patch_text.ptr, "{}") ? "unchanged" : "configured",
			  &e);
	if (rc < 0)
		rc = push_err(r, errs, &e, err);
out:
	kube_err_clear(&e);
	kube_obj_free(modified);
	kube_obj_free(current);
	kube_buf_release(&patch_text);
	kube_buf_release(&t);
	return rc;
}

/* ---- prune ---- */

struct prune_res {
	char *group, *version, *kind, *resource;
	bool namespaced;
};

static void prune_res_free(struct prune_res *p, size_t n)
{
	size_t i;

	for (i = 0; p && i < n; i++) {
		free(p[i].group);
		free(p[i].version);
		free(p[i].kind);
		free(p[i].resource);
	}
	free(p);
}

static const kube_resource *map_gvk(kube_discovery *d, const char *group, const char *version,
				    const char *kind)
{
	size_t i, n = kube_discovery_count(d);

	for (i = 0; i < n; i++) {
		const kube_resource *r = kube_discovery_at(d, i);

		if (!strcmp(r->group, group) && !strcmp(r->version, version) && r->kind &&
		    !strcmp(r->kind, kind))
			return r;
	}
	return NULL;
}

static int parse_allowlist(const kube_apply_opts *o, kube_discovery *d, struct prune_res **out,
			   size_t *nout, kube_err *err)
{
	static const struct {
		const char *g, *v, *k;
		bool ns;
	} defaults[] = {
		{"", "v1", "ConfigMap", true},
		{"", "v1", "Endpoints", true},
		{"", "v1", "PersistentVolumeClaim", true},
		{"", "v1", "Pod", true},
		{"", "v1", "ReplicationController", true},
		{"", "v1", "Secret", true},
		{"", "v1", "Service", true},
		{"batch", "v1", "Job", true},
		{"batch", "v1", "CronJob", true},
		{"networking.k8s.io", "v1", "Ingress", true},
		{"apps", "v1", "DaemonSet", true},
		{"apps", "v1", "Deployment", true},
		{"apps", "v1", "ReplicaSet", true},
		{"apps", "v1", "StatefulSet", true},
		{"", "v1", "Namespace", false},
		{"", "v1", "PersistentVolume", false},
	};
	struct prune_res *v = NULL;
	size_t n = 0, i,
	       total = o->nprune_allowlist ? o->nprune_allowlist
					   : sizeof(defaults) / sizeof(defaults[0]);
	bool refreshed = false;
	int rc = 0;

	*out = NULL;
	*nout = 0;
	if (!(v = calloc(total ? total : 1, sizeof(*v))))
		return oom(err);
	for (i = 0; i < total; i++) {
		char g[256], ver[256], k[256];
		const kube_resource *r;

		if (o->nprune_allowlist) {
			const char *s = o->prune_allowlist[i], *a = strchr(s, '/'), *b;

			b = a ? strchr(a + 1, '/') : NULL;
			if (!a || !b || strchr(b + 1, '/') || (size_t)(a - s) >= sizeof(g) ||
			    (size_t)(b - a - 1) >= sizeof(ver) || strlen(b + 1) >= sizeof(k)) {
				rc = kube_err_set(
					err, KUBE_EINVAL,
					"invalid GroupVersionKind format: %s, please follow "
					"<group/version/kind>",
					s);
				goto out;
			}
			snprintf(g, sizeof(g), "%.*s", (int)(a - s), s);
			snprintf(ver, sizeof(ver), "%.*s", (int)(b - a - 1), a + 1);
			snprintf(k, sizeof(k), "%s", b + 1);
			if (!strcmp(g, "core"))
				g[0] = '\0';
		} else {
			snprintf(g, sizeof(g), "%s", defaults[i].g);
			snprintf(ver, sizeof(ver), "%s", defaults[i].v);
			snprintf(k, sizeof(k), "%s", defaults[i].k);
		}
		r = map_gvk(d, g, ver, k);
		if (!r && !refreshed) {
			kube_err e = KUBE_ERR_INIT;

			refreshed = true;
			kube_discovery_refresh(d, &e);
			kube_err_clear(&e);
			r = map_gvk(d, g, ver, k);
		}
		if (!r) {
			if (o->nprune_allowlist)
				rc = kube_err_set(
					err, KUBE_ENOMATCH,
					"no matches for kind \"%s\" in version \"%s%s%s\"", k, g,
					*g ? "/" : "", ver);
			else
				rc = kube_err_set(
					err, KUBE_ENOMATCH,
					"invalid resource %s/%s, Kind=%s, Namespaced=%s: no "
					"matches for kind \"%s\" in version \"%s%s%s\"",
					g, ver, k, defaults[i].ns ? "true" : "false", k, g,
					*g ? "/" : "", ver);
			goto out;
		}
		v[n].group = xstrdup(g);
		v[n].version = xstrdup(ver);
		v[n].kind = xstrdup(k);
		v[n].resource = xstrdup(r->resource);
		v[n].namespaced = o->nprune_allowlist ? r->namespaced : defaults[i].ns;
		n++;
		if (!v[n - 1].group || !v[n - 1].version || !v[n - 1].kind || !v[n - 1].resource) {
			rc = oom(err);
			goto out;
		}
	}
	*out = v;
	*nout = n;
	v = NULL;
out:
	prune_res_free(v, n);
	return rc;
}

struct prune_ctx {
	struct run *r;
	const struct prune_res *pr;
	const char *ns;
};

static int prune_page(kube_obj *page, void *payload, kube_err *err)
{
	struct prune_ctx *pc = payload;
	struct run *r = pc->r;
	const char *lkind = kube_obj_path_str(page, "kind", NULL);
	const char *lapi = kube_obj_path_str(page, "apiVersion", NULL);
	kube_obj *items = kube_obj_get_mut(page, "items");
	size_t i;
	int rc = 0;

	for (i = 0; i < kube_obj_len(items) && rc == 0; i++) {
		kube_obj *it = (kube_obj *)kube_obj_at(items, i);
		const char *uid = kube_obj_path_str(it, "metadata", "uid", NULL);
		const char *name = kube_obj_path_str(it, "metadata", "name", NULL);
		struct info in = {.group = pc->pr->group,
				  .version = pc->pr->version,
				  .kind = pc->pr->kind,
				  .resource = pc->pr->resource,
				  .namespaced = pc->pr->namespaced,
				  .ns = (char *)pc->ns,
				  .name = (char *)name};

		if (!kube_obj_path(it, "metadata", "annotations", LAST_APPLIED, NULL))
			continue;
		if (has_str(r->uids, r->nuids, uid))
			continue;
		if (!kube_obj_get(it, "kind") && !kube_obj_get(it, "apiVersion") && lkind) {
			char k[256];
			size_t l = strlen(lkind);

			snprintf(k, sizeof(k), "%.*s",
				 (int)(l > 4 && !strcmp(lkind + l - 4, "List") ? l - 4 : l), lkind);
			if (kube_obj_set_str(it, "kind", k) < 0 ||
			    kube_obj_set_str(it, "apiVersion", lapi ? lapi : "") < 0) {
				rc = oom(err);
				break;
			}
		}
		if (r->o->dry_run != KUBE_DRY_RUN_CLIENT && (rc = delete_obj(r, &in, err)) < 0)
			break;
		rc = emit(r, it, "pruned", err);
	}
	kube_obj_free(page);
	return rc;
}

static int prune_one(struct run *r, const struct prune_res *pr, const char *ns, kube_err *err)
{
	kube_resource res = {.group = pr->group,
			     .version = pr->version,
			     .resource = pr->resource,
			     .kind = pr->kind,
			     .namespaced = pr->namespaced};
	kube_list_opts lo = {.namespace = ns, .label_selector = r->o->selector};
	struct prune_ctx pc = {r, pr, ns};
	int rc;

	if (!pr->namespaced)
		lo.namespace = NULL;
	if ((rc = kube_list(r->c, &res, &lo, prune_page, &pc, err)) < 0 && rc != KUBE_EIO) {
		kube_buf m = KUBE_BUF_INIT;

		kube_buf_printf(&m, "error pruning %s object %s/%s, Kind=%s: %s",
				pr->namespaced ? "namespaced" : "nonNamespaced", pr->group,
				pr->version, pr->kind, err && err->message ? err->message : "");
		if (!m.failed && err) {
			free(err->message);
			err->message = kube_buf_detach(&m, NULL);
			err->code = KUBE_ERROR;
			rc = KUBE_ERROR;
		}
		kube_buf_release(&m);
	}
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int prune_all(struct run *r, kube_err *err)
{
	struct prune_res *pr = NULL;
	size_t n = 0, i, j;
	int rc;

	if ((rc = parse_allowlist(r->o, r->vs.d, &pr, &n, err)) < 0)
		return rc;
	if (!r->o->nprune_allowlist && r->vs.ns && *r->vs.ns) {
		kube_buf line = KUBE_BUF_INIT;

		kube_klog_line(
			&line, 'W', "prune.go:71",
			"Deprecated: kubectl apply will no longer prune non-namespaced "
			"resources by default when used with the --namespace flag in a future "
			"release. To preserve the current behaviour, list the resources you "
			"want to target explicitly in the --prune-allowlist flag.");
		if (!line.failed)
			warn(r, line.ptr);
		kube_buf_release(&line);
	}
	if (r->nnss > 1)
		qsort(r->nss, r->nnss, sizeof(*r->nss), cmp_str);
	for (i = 0; i < r->nnss && rc == 0; i++)
		for (j = 0; j < n && rc == 0; j++)
			if (pr[j].namespaced)
				rc = prune_one(r, &pr[j], r->nss[i], err);
	for (j = 0; j < n && rc == 0; j++)
		if (!pr[j].namespaced)
			rc = prune_one(r, &pr[j], NULL, err);
	prune_res_free(pr, n);
	return rc;
}

int kube_apply_check(const kube_apply_opts *o, kube_discovery *d, kube_err *err)
{
	const char *c = o->cascade;

	if (c && strcmp(c, "background") && strcmp(c, "foreground") && strcmp(c, "orphan") &&
	    strcmp(c, "true") && strcmp(c, "false") && strcmp(c, "1") && strcmp(c, "0") &&
	    strcmp(c, "t") && strcmp(c, "f") && strcmp(c, "T") && strcmp(c, "F") &&
	    strcmp(c, "TRUE") && strcmp(c, "FALSE") && strcmp(c, "True") && strcmp(c, "False"))
		return kube_err_set(err, KUBE_EINVAL,
				    "invalid cascade value (%s). Must be \"background\", "
				    "\"foreground\", or \"orphan\"",
				    c);
	if (o->prune && d) {
		struct prune_res *pr = NULL;
		size_t n = 0;
		int rc;

		if (o->nprune_allowlist) {
			if ((rc = parse_allowlist(o, d, &pr, &n, err)) < 0)
				return rc;
			prune_res_free(pr, n);
		}
	}
	if (o->force_conflicts && !o->server_side)
		return kube_err_set(err, KUBE_EINVAL,
				    "--force-conflicts only works with --server-side");
	if (o->dry_run == KUBE_DRY_RUN_CLIENT && o->server_side)
		return kube_err_set(
			err, KUBE_EINVAL,
			"--dry-run=client doesn't work with --server-side (did you mean "
			"--dry-run=server instead?)");
	if (o->server_side && o->force)
		return kube_err_set(err, KUBE_EINVAL, "--force cannot be used with --server-side");
	if (o->dry_run == KUBE_DRY_RUN_SERVER && o->force)
		return kube_err_set(err, KUBE_EINVAL,
				    "--dry-run=server cannot be used with --force");
	if (o->prune_all && o->selector && *o->selector)
		return kube_err_set(err, KUBE_EINVAL,
				    "cannot set --all and --selector at the same time");
	if (o->prune) {
		if (o->force)
			return kube_err_set(err, KUBE_EINVAL,
					    "--force cannot be used with --prune");
		if (!o->prune_all && (!o->selector || !*o->selector))
			return kube_err_set(err, KUBE_EINVAL,
					    "all resources selected for prune without explicitly "
					    "passing --all. To prune all resources, pass the --all "
					    "flag. If you did not mean to prune all resources, "
					    "specify a label selector");
		if (o->server_side)
			return kube_err_set(err, KUBE_EINVAL,
					    "--prune is in alpha and doesn't currently work on "
					    "objects created by server-side apply");
	}
	if (o->subresource && *o->subresource && !o->server_side)
		return kube_err_set(err, KUBE_EINVAL,
				    "--subresource can only be specified for --server-side");
	return 0;
}

int kube_apply_run(kube_client *c, kube_discovery *d, const kube_apply_opts *o,
		   const kube_manifest *m, const kube_apply_sink *sink, kube_errval *errs,
		   kube_err *err)
{
	static const char *const vals[] = {"Strict", "Warn", "Ignore"};
	kube_errval got = KUBE_ERRVAL_INIT;
	struct run r;
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	r.c = c;
	r.o = o;
	r.sink = sink;
	r.program = o->program ? o->program : "kubectl";
	r.field_manager = o->field_manager ? o->field_manager
			  : o->server_side ? "kubectl"
					   : "kubectl-client-side-apply";
	r.validation = vals[o->validation];
	if ((rc = visit_init(&r.vs, c, d, o, err)) < 0)
		goto out;
	r.vs.fn = collect;
	r.vs.payload = &r;
	if (o->enforce_namespace && add_str(&r.nss, &r.nnss, r.vs.ns) < 0) {
		rc = oom(err);
		goto out;
	}
	if ((rc = visit_manifest(&r.vs, m, err)) < 0)
		goto out;
	if ((rc = visit_result(&r.vs, &got)) < 0) {
		rc = oom(err);
		goto out;
	}
	if (kube_errval_push_val(errs, &got) < 0) {
		rc = oom(err);
		goto out;
	}
	if (r.ninfos == 0 && kube_errval_empty(errs)) {
		kube_err e = KUBE_ERR_INIT;

		kube_err_set(&e, KUBE_EINVAL, "no objects passed to apply");
		if (kube_errval_push(errs, &e) < 0) {
			rc = oom(err);
			goto out;
		}
	}
	for (i = 0; i < r.ninfos; i++) {
		if ((rc = apply_one(&r, r.infos[i], errs, err)) < 0)
			goto out;
		if (r.write_err.code)
			break;
	}
	kube_errval_collapse(errs);
	if (kube_errval_empty(errs) && !r.write_err.code) {
		kube_err e = KUBE_ERR_INIT;

		if (o->print_full && r.ninfos) {
			const kube_obj *obj = r.infos[0]->obj;
			kube_obj *list = NULL, *items = NULL;

			if (r.ninfos > 1) {
				if (!(list = kube_obj_new_object()) ||
				    !(items = kube_obj_new_array())) {
					kube_obj_free(list);
					rc = oom(err);
					goto out;
				}
				for (i = 0; i < r.ninfos; i++) {
					kube_obj *cp = NULL;

					if (apply_dup(&cp, r.infos[i]->obj, err) < 0 ||
					    kube_obj_append_take(items, cp) < 0) {
						kube_obj_free(items);
						kube_obj_free(list);
						rc = oom(err);
						goto out;
					}
				}
				if (kube_obj_set_str(list, "apiVersion", "v1") < 0 ||
				    kube_obj_set_take(list, "items", items) < 0 ||
				    kube_obj_set_str(list, "kind", "List") < 0 ||
				    kube_obj_set_take(list, "metadata", kube_obj_new_object()) <
					    0) {
					kube_obj_free(list);
					rc = oom(err);
					goto out;
				}
				obj = list;
			}
			rc = emit(&r, obj, "", &e);
			kube_obj_free(list);
			if (rc < 0) {
				kube_errval_push(errs, &e);
				goto done;
			}
		}
		if (o->prune && prune_all(&r, &e) < 0) {
			if (e.code == KUBE_ENOMEM) {
				kube_err_move(err, &e);
				rc = KUBE_ENOMEM;
				goto out;
			}
			kube_errval_push(errs, &e);
		}
		kube_err_clear(&e);
	}
done:
	rc = 0;
	if (!kube_errval_empty(errs)) {
		const kube_err *f = kube_errval_first(errs);

		rc = f && f->code ? f->code : KUBE_ERROR;
		kube_err_set(err, rc, "%s", f && f->message ? f->message : "");
	}
out:
	kube_errval_release(&got);
	for (i = 0; i < r.ninfos; i++)
		info_free(r.infos[i]);
	free(r.infos);
	free_strs(r.uids, r.nuids);
	free_strs(r.nss, r.nnss);
	visit_release(&r.vs);
	kube_err_clear(&r.write_err);
	return rc;
}
