/* Resource arguments to targets, and fetching them. */
#include <stdlib.h>
#include <string.h>

#include <kube/builder.h>

#include "banned.h"

void kube_targets_release(kube_targets *t)
{
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

static int push(kube_targets *t, size_t *cap, const kube_resource *r, const char *name)
{
	/* a (type, name) given twice is visited twice, as kubectl does */
	if (t->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		kube_target *nv = realloc(t->v, nc * sizeof(*nv));

		if (!nv)
			return KUBE_ENOMEM;
		t->v = nv;
		*cap = nc;
	}
	t->v[t->n].res = r;
	t->v[t->n].name = name;
	t->v[t->n].namespace = NULL;
	t->n++;
	return 0;
}

/* Map one type word, expanding categories ("all"). */
static int map_type(kube_targets *t, size_t *cap, kube_discovery *d, const char *word,
		    const char *const *names, size_t nnames, kube_err *err)
{
	const kube_resource *r, **cat = NULL;
	size_t ncat, i, j;
	int rc;

	if ((rc = kube_discovery_map(&r, d, word, err)) == 0) {
		if (!nnames)
			return push(t, cap, r, NULL) < 0 ? kube_err_set(err, KUBE_ENOMEM, "out of memory") : 0;
		for (j = 0; j < nnames; j++)
			if (push(t, cap, r, names[j]) < 0)
				return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		return 0;
	}
	if (rc != KUBE_ENOMATCH)
		return rc;
	ncat = kube_discovery_category(&cat, d, word);
	if (!ncat)
		return rc;
	kube_err_clear(err);
	for (i = 0; i < ncat; i++) {
		if (!nnames) {
			if (push(t, cap, cat[i], NULL) < 0)
				goto oom;
			continue;
		}
		for (j = 0; j < nnames; j++)
			if (push(t, cap, cat[i], names[j]) < 0)
				goto oom;
	}
	free(cat);
	return 0;
oom:
	free(cat);
	return kube_err_set(err, KUBE_ENOMEM, "out of memory");
}

int kube_targets_resolve(kube_targets *out, kube_discovery *d, char *const *args, size_t n,
			 const kube_builder_opts *opts, kube_err *err)
{
	static const kube_builder_opts defaults;
	size_t cap = 0, i, types_seen = 0;
	bool slash = false;
	int rc = 0;
	const kube_resource *first = NULL;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &defaults;
	for (i = 0; i < n; i++)
		if (strchr(args[i], '/'))
			slash = true;
	if (slash) {
		for (i = 0; i < n; i++) {
			char *s = strchr(args[i], '/'), *type;
			const kube_resource *r;

			if (!s)
				return kube_err_set(err, KUBE_EINVAL,
						    "there is no need to specify a resource type as a separate "
						    "argument when passing arguments in resource/name form (e.g. "
						    "'%s get resource/<resource_name>' instead of '%s get resource "
						    "resource/<resource_name>'",
						    "kubectl", "kubectl");
			if (strchr(s + 1, '/'))
				return kube_err_set(err, KUBE_EINVAL, "arguments in resource/name form may "
								      "not have more than one slash");
			if (s == args[i] || !s[1])
				return kube_err_set(err, KUBE_EINVAL,
						    "arguments in resource/name form must have a single "
						    "resource and name");
			if (!(type = malloc((size_t)(s - args[i]) + 1)))
				return kube_err_set(err, KUBE_ENOMEM, "out of memory");
			memcpy(type, args[i], (size_t)(s - args[i]));
			type[s - args[i]] = '\0';
			rc = kube_discovery_map(&r, d, type, err);
			free(type);
			if (rc < 0)
				goto fail;
			if (push(out, &cap, r, s + 1) < 0) {
				rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
				goto fail;
			}
			if (first && first != r)
				out->multiple_types = true;
			first = r;
		}
		out->single_item_implied = n == 1;
		return 0;
	}
	if (n == 0)
		return kube_err_set(err, KUBE_EINVAL, "resource(s) were provided, but no name was specified");
	if (n > 1 && opts->has_selector)
		return kube_err_set(err, KUBE_EINVAL, "name cannot be provided when a selector is specified");
	if (n == 1 && !opts->allow_empty_names && !opts->has_selector)
		return kube_err_set(err, KUBE_EINVAL, "resource(s) were provided, but no name was specified");
	{
		char *types = NULL, *p, *word;
		size_t len = strlen(args[0]);

		if (!(types = malloc(len + 1)))
			return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		memcpy(types, args[0], len + 1);
		for (word = types;; word = p + 1) {
			size_t before = out->n;

			p = strchr(word, ',');
			if (p)
				*p = '\0';
			if (*word) {
				types_seen++;
				rc = map_type(out, &cap, d, word, (const char *const *)args + 1, n - 1,
					      err);
				if (rc < 0) {
					free(types);
					goto fail;
				}
				if (out->n - before > (n > 1 ? n - 1 : 1))
					out->multiple_types = true; /* a category */
			}
			if (!p)
				break;
		}
		free(types);
	}
	if (types_seen > 1)
		out->multiple_types = true;
	out->single_item_implied = types_seen == 1 && n == 2 && !out->multiple_types;
	return 0;
fail:
	kube_targets_release(out);
	return rc;
}

int kube_get(kube_obj **out, kube_client *c, const kube_resource *r, const char *ns,
	     const char *name, const char *accept, kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT;
	kube_response resp = KUBE_RESPONSE_INIT;
	kube_request req = {.accept = accept, .group = r->group, .resource = r->resource,
			    .name = name};
	int rc;

	*out = NULL;
	kube_resource_path(&path, r, ns, name);
	if ((rc = kube_buf_check(&path, err)) < 0)
		goto out;
	req.path = path.ptr;
	if ((rc = kube_client_do(c, &req, &resp, err)) < 0)
		goto out;
	rc = kube_obj_parse_json(out, resp.body.ptr, resp.body.len, err);
out:
	kube_response_release(&resp);
	kube_buf_release(&path);
	return rc;
}

int kube_list(kube_client *c, const kube_resource *r, const kube_list_opts *o, kube_page_fn fn,
	      void *payload, kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT, limit = KUBE_BUF_INIT;
	kube_response resp = KUBE_RESPONSE_INIT;
	char *cont = NULL;
	int rc;

	kube_resource_path(&path, r, o->namespace, NULL);
	if (o->chunk_size > 0)
		kube_buf_printf(&limit, "%lld", (long long)o->chunk_size);
	if ((rc = kube_buf_check(&path, err)) < 0 || (rc = kube_buf_check(&limit, err)) < 0)
		goto out;
	for (;;) {
		kube_param ps[6];
		size_t np = 0;
		kube_request req = {.path = path.ptr, .accept = o->accept, .params = ps,
				    .group = r->group, .resource = r->resource};
		kube_obj *page = NULL;
		const char *next;

		if (cont)
			ps[np++] = (kube_param){"continue", cont};
		if (o->include_object)
			ps[np++] = (kube_param){"includeObject", o->include_object};
		if (o->label_selector)
			ps[np++] = (kube_param){"labelSelector", o->label_selector};
		if (o->field_selector)
			ps[np++] = (kube_param){"fieldSelector", o->field_selector};
		if (limit.len)
			ps[np++] = (kube_param){"limit", limit.ptr};
		if (o->resource_version)
			ps[np++] = (kube_param){"resourceVersion", o->resource_version};
		req.nparams = np;
		if ((rc = kube_client_do(c, &req, &resp, err)) < 0) {
			kube_list_error_enhance(err, r, o->label_selector, o->field_selector);
			goto out;
		}
		if ((rc = kube_obj_parse_json(&page, resp.body.ptr, resp.body.len, err)) < 0)
			goto out;
		kube_response_release(&resp);
		next = kube_obj_path_str(page, "metadata", "continue", NULL);
		free(cont);
		cont = NULL;
		if (next && *next) {
			size_t l = strlen(next);

			if (!(cont = malloc(l + 1))) {
				kube_obj_free(page);
				rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
				goto out;
			}
			memcpy(cont, next, l + 1);
		}
		if ((rc = fn(page, payload, err)) < 0)
			goto out;
		if (!cont)
			break;
	}
	rc = 0;
out:
	free(cont);
	kube_response_release(&resp);
	kube_buf_release(&path);
	kube_buf_release(&limit);
	return rc;
}

void kube_list_error_enhance(kube_err *e, const kube_resource *r, const char *label_sel,
			     const char *field_sel)
{
	kube_buf m = KUBE_BUF_INIT;

	if (!e || !e->reason || !e->has_status ||
	    (strcmp(e->reason, "BadRequest") && strcmp(e->reason, "NotFound")))
		return;
	if ((label_sel && *label_sel) || (field_sel && *field_sel))
		kube_buf_printf(&m,
				"Unable to find \"%s/%s, Resource=%s\" that match label selector "
				"\"%s\", field selector \"%s\": %s",
				r->group, r->version, r->resource, label_sel ? label_sel : "",
				field_sel ? field_sel : "", e->message ? e->message : "");
	else
		kube_buf_printf(&m, "Unable to list \"%s/%s, Resource=%s\": %s", r->group,
				r->version, r->resource, e->message ? e->message : "");
	if (!m.failed) {
		free(e->message);
		e->message = kube_buf_detach(&m, NULL);
	}
	kube_buf_release(&m);
}
