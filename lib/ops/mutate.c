/* Shared machinery of the imperative commands: --dry-run, the printer of mutating commands,
 * create/patch/put/delete requests, and the resource builder's visit. See include/kube/mutate.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <kube/codec.h>
#include <kube/mutate.h>
#include <kube/printer.h>

#include "mutate-internal.h"
#include "obj-internal.h"
#include "banned.h"

static const char *str_or_empty(const char *s)
{
	return s ? s : "";
}

char *mut_strdup(const char *s)
{
	size_t n;
	char *p;

	if (!s)
		return NULL;
	n = strlen(s);
	if ((p = malloc(n + 1)))
		memcpy(p, s, n + 1);
	return p;
}

void mut_err_prefix(kube_err *err, const char *prefix)
{
	kube_buf m = KUBE_BUF_INIT;

	if (!err || err->code == KUBE_ENOMEM)
		return;
	kube_buf_printf(&m, "%s%s", prefix, err->message ? err->message : "");
	if (!m.failed) {
		free(err->message);
		err->message = kube_buf_detach(&m, NULL);
	}
	kube_buf_release(&m);
}

void mut_err_source(kube_err *err, const char *verb, const char *source)
{
	kube_buf b = KUBE_BUF_INIT;

	if (!source || !err)
		return;
	kube_buf_printf(&b, "error when %s \"%s\": ", verb, source);
	if (!b.failed)
		mut_err_prefix(err, b.ptr);
	kube_buf_release(&b);
}

/* ======================================================================================
 * printer
 * ====================================================================================== */

enum pfmt {
	PF_OPERATION, /* kind/name operation */
	PF_NAME,
	PF_JSON,
	PF_YAML,
	PF_KYAML,
	PF_JSONPATH,
	PF_TEMPLATE,
};

struct kube_mutate_printer {
	enum pfmt fmt;
	bool show_managed_fields;
	kube_dry_run dry_run;
	kube_jsonpath *jp;
	kube_template *tmpl;
	size_t count;
};

static const char allowed_formats[] =
	"go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,"
	"template,templatefile,yaml";

static int read_whole(const char *path, kube_buf *out, kube_err *err)
{
	FILE *f = fopen(path, "rb");
	char tmp[8192];
	size_t n;

	if (!f)
		return kube_err_set(err, KUBE_EIO, "open %s: no such file or directory", path);
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		kube_buf_put(out, tmp, n);
	fclose(f);
	return kube_buf_check(out, err);
}

int kube_mutate_printer_new(kube_mutate_printer **out, const kube_mutate_print_opts *o,
			    kube_err *err)
{
	static const struct {
		const char *name;
		enum pfmt fmt;
		bool file, as_json;
	} tmpl_formats[] = {
		{"jsonpath", PF_JSONPATH, false, false},
		{"jsonpath-file", PF_JSONPATH, true, false},
		{"jsonpath-as-json", PF_JSONPATH, false, true},
		{"go-template", PF_TEMPLATE, false, false},
		{"go-template-file", PF_TEMPLATE, true, false},
		{"template", PF_TEMPLATE, false, false},
		{"templatefile", PF_TEMPLATE, true, false},
	};
	kube_mutate_printer *p;
	kube_buf text = KUBE_BUF_INIT;
	const char *fmt = o->output ? o->output : "";
	const char *eq, *arg;
	size_t i, len;
	int rc = 0;

	*out = NULL;
	if (!(p = calloc(1, sizeof(*p))))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	p->show_managed_fields = o->show_managed_fields;
	p->dry_run = o->dry_run;
	/* --template alone means -o go-template */
	if (!*fmt && o->template_ && *o->template_)
		fmt = "go-template";
	if (!*fmt) {
		p->fmt = PF_OPERATION;
		goto done;
	}
	if (!strcmp(fmt, "name")) {
		p->fmt = PF_NAME;
		goto done;
	}
	if (!strcmp(fmt, "json")) {
		p->fmt = PF_JSON;
		goto done;
	}
	if (!strcmp(fmt, "yaml")) {
		p->fmt = PF_YAML;
		goto done;
	}
	if (!strcmp(fmt, "kyaml")) {
		p->fmt = PF_KYAML;
		goto done;
	}
	eq = strchr(fmt, '=');
	len = eq ? (size_t)(eq - fmt) : strlen(fmt);
	for (i = 0; i < sizeof(tmpl_formats) / sizeof(tmpl_formats[0]); i++) {
		if (strlen(tmpl_formats[i].name) != len || strncmp(tmpl_formats[i].name, fmt, len))
			continue;
		p->fmt = tmpl_formats[i].fmt;
		arg = eq ? eq + 1 : o->template_;
		if (!arg || !*arg) {
			rc = kube_err_set(err, KUBE_EINVAL,
					  "template format specified but no template given");
			goto fail;
		}
		if (tmpl_formats[i].file) {
			if ((rc = read_whole(arg, &text, err)) < 0) {
				kube_buf b = KUBE_BUF_INIT;

				kube_buf_printf(&b, "error reading --template %s, ", arg);
				mut_err_prefix(err, b.ptr);
				kube_buf_release(&b);
				goto fail;
			}
			arg = text.ptr;
		}
		if (p->fmt == PF_JSONPATH) {
			if ((rc = kube_jsonpath_parse(&p->jp, "out", arg, err)) < 0) {
				kube_buf b = KUBE_BUF_INIT;

				kube_buf_printf(&b, "error parsing jsonpath %s, ", arg);
				mut_err_prefix(err, b.ptr);
				kube_buf_release(&b);
				goto fail;
			}
			kube_jsonpath_set_allow_missing_keys(p->jp, o->allow_missing_template_keys);
			kube_jsonpath_set_json_output(p->jp, tmpl_formats[i].as_json);
		} else {
			if ((rc = kube_template_parse(&p->tmpl, "output", arg, err)) < 0) {
				kube_buf b = KUBE_BUF_INIT;

				kube_buf_printf(&b, "error parsing template %s, ", arg);
				mut_err_prefix(err, b.ptr);
				kube_buf_release(&b);
				goto fail;
			}
			kube_template_set_missing_key_error(p->tmpl, !o->allow_missing_template_keys);
		}
		goto done;
	}
	rc = kube_err_set(err, KUBE_EINVAL,
			  "unable to match a printer suitable for the output format \"%s\", allowed "
			  "formats are: %s",
			  fmt, allowed_formats);
	goto fail;
done:
	kube_buf_release(&text);
	*out = p;
	return 0;
fail:
	kube_buf_release(&text);
	kube_mutate_printer_free(p);
	return rc;
}

void kube_mutate_printer_free(kube_mutate_printer *p)
{
	if (!p)
		return;
	kube_jsonpath_free(p->jp);
	kube_template_free(p->tmpl);
	free(p);
}

bool kube_mutate_printer_full(const kube_mutate_printer *p)
{
	return p && p->fmt != PF_OPERATION && p->fmt != PF_NAME;
}

bool kube_mutate_printer_name_only(const kube_mutate_printer *p)
{
	return p && p->fmt == PF_NAME;
}

/* Group of an apiVersion ("apps/v1" -> "apps", "v1" -> ""). */
static void put_group(kube_buf *b, const char *api_version)
{
	const char *slash = api_version ? strchr(api_version, '/') : NULL;

	if (slash)
		kube_buf_put(b, api_version, (size_t)(slash - api_version));
}

static int print_name(kube_mutate_printer *p, const kube_obj *obj, const char *operation,
		      unsigned flags, kube_buf *out, kube_err *err)
{
	const char *kind = kube_obj_path_str(obj, "kind", NULL);
	const char *name = kube_obj_path_str(obj, "metadata", "name", NULL);
	const char *k;
	kube_buf group = KUBE_BUF_INIT;

	if (!kind || !*kind)
		return kube_err_set(err, KUBE_EINVAL, "missing kind for resource with name %s",
				    name ? name : "");
	put_group(&group, kube_obj_path_str(obj, "apiVersion", NULL));
	for (k = kind; *k; k++)
		kube_buf_putc(out, (char)((*k >= 'A' && *k <= 'Z') ? *k + 32 : *k));
	if (group.len)
		kube_buf_printf(out, ".%s", group.ptr);
	kube_buf_printf(out, "/%s", name ? name : "");
	kube_buf_release(&group);
	if (p->fmt == PF_OPERATION && operation && *operation) {
		kube_buf_printf(out, " %s", operation);
		if (!(flags & KUBE_MUTATE_NO_SUFFIX)) {
			if (p->dry_run == KUBE_DRY_RUN_CLIENT)
				kube_buf_puts(out, " (dry run)");
			else if (p->dry_run == KUBE_DRY_RUN_SERVER)
				kube_buf_puts(out, " (server dry run)");
		}
	}
	kube_buf_putc(out, '\n');
	return kube_buf_check(out, err);
}

/* The template printer's debugging text shows the object's JSON after "raw data was:"; kubectl
 * encodes typed objects in struct order, so that line is rewritten for them. */
static void typed_raw_data(kube_buf *out, size_t start, const kube_obj *doc)
{
	static const char head[] = "\traw data was:\n\t\t", tail[] = "\n\tobject given";
	kube_buf fixed = KUBE_BUF_INIT;
	const char *h, *t;

	if (out->failed || !(h = strstr(out->ptr + start, head)))
		return;
	h += strlen(head);
	if (!(t = strstr(h, tail)))
		return;
	kube_buf_put(&fixed, out->ptr, (size_t)(h - out->ptr));
	kube_json_write(&fixed, doc, KUBE_JSON_HTML_ESCAPE);
	kube_buf_puts(&fixed, t);
	if (!fixed.failed) {
		kube_buf_truncate(out, 0);
		kube_buf_put(out, fixed.ptr, fixed.len);
	}
	kube_buf_release(&fixed);
}

int kube_mutate_printer_print(kube_mutate_printer *p, const kube_obj *obj, const char *operation,
			      unsigned flags, kube_buf *out, kube_err *err)
{
	kube_obj *copy = NULL;
	const kube_obj *doc = obj;
	int rc = 0;

	if (p->fmt == PF_OPERATION || p->fmt == PF_NAME) {
		const kube_obj *items = kube_obj_get(obj, "items");
		const char *kind = kube_obj_path_str(obj, "kind", NULL);
		size_t klen = kind ? strlen(kind) : 0;

		/* a List prints its items */
		if (klen >= 4 && !strcmp(kind + klen - 4, "List") &&
		    kube_obj_type_of(items) == KUBE_OBJ_ARRAY) {
			const kube_obj *it;

			kube_obj_foreach(it, items)
				if ((rc = print_name(p, it, operation, flags, out, err)) < 0)
					return rc;
			return 0;
		}
		return print_name(p, obj, operation, flags, out, err);
	}
	if (!p->show_managed_fields && kube_obj_path(obj, "metadata", "managedFields", NULL)) {
		if ((rc = kube_obj_dup(&copy, obj, err)) < 0)
			return rc;
		kube_obj_remove(kube_obj_get_mut(copy, "metadata"), "managedFields");
		doc = copy;
	}
	if (flags & KUBE_MUTATE_NEW_PRINTER)
		p->count = 0;
	switch (p->fmt) {
	case PF_JSON:
		kube_json_write(out, doc,
				KUBE_JSON_INDENT | KUBE_JSON_HTML_ESCAPE |
					((flags & KUBE_MUTATE_TYPED) ? 0 : KUBE_JSON_SORT_KEYS));
		kube_buf_putc(out, '\n');
		rc = kube_buf_check(out, err);
		break;
	case PF_YAML:
		if (p->count > 0)
			kube_buf_puts(out, "---\n");
		kube_yaml_write(out, doc, 0);
		rc = kube_buf_check(out, err);
		break;
	case PF_KYAML:
		if (flags & KUBE_MUTATE_TYPED)
			mut_kyaml_write(out, doc);
		else
			kube_kyaml_write(out, doc);
		rc = kube_buf_check(out, err);
		break;
	case PF_JSONPATH:
		rc = kube_jsonpath_print(p->jp, doc, out, err);
		break;
	case PF_TEMPLATE: {
		size_t start = out->len;

		rc = kube_template_print(p->tmpl, doc, out, err);
		if (rc < 0 && rc != KUBE_ENOMEM && (flags & KUBE_MUTATE_TYPED))
			typed_raw_data(out, start, doc);
		break;
	}
	default:
		break;
	}
	p->count++;
	kube_obj_free(copy);
	return rc;
}

int mut_write(const kube_mutate_out *out, const char *s, size_t n, kube_err *err)
{
	if (n && out->write(s, n, out->payload) < 0)
		return kube_err_set(err, KUBE_EIO, "write error on standard output");
	return 0;
}

void mut_warn(const kube_mutate_out *out, const char *line)
{
	if (out->warn)
		out->warn(line, out->payload);
}

int mut_print(const kube_mutate_out *out, const kube_obj *obj, const char *operation,
	      unsigned flags, kube_err *err)
{
	kube_buf b = KUBE_BUF_INIT;
	int rc;

	if (!out->printer) {
		const kube_err *pe = out->printer_err;

		return kube_err_set(err, pe && pe->code ? pe->code : KUBE_EINVAL, "%s",
				    pe && pe->message ? pe->message : "no printer");
	}
	rc = kube_mutate_printer_print(out->printer, obj, operation, flags, &b, err);
	if (rc == 0)
		rc = mut_write(out, b.ptr, b.len, err);
	else if (b.len && !b.failed)
		mut_write(out, b.ptr, b.len, NULL); /* partial template output, as Go writes it */
	kube_buf_release(&b);
	return rc;
}

int mut_set_sorted(kube_obj *map, const char *key, kube_obj *v)
{
	kube_obj *rest = kube_obj_new_object();
	int rc = 0;

	if (!rest) {
		kube_obj_free(v);
		return KUBE_ENOMEM;
	}
	kube_obj_remove(map, key);
	/* move the members after key to rest, append key, move them back */
	for (;;) {
		const kube_obj *m;
		char *k;

		for (m = kube_obj_first(map); m && strcmp(kube_obj_key(m), key) < 0; m = kube_obj_next(m))
			;
		if (!m)
			break;
		if (!(k = mut_strdup(kube_obj_key(m)))) {
			rc = KUBE_ENOMEM;
			break;
		}
		rc = kube_obj_set_take(rest, k, kube_obj_detach(map, k));
		free(k);
		if (rc < 0)
			break;
	}
	if (rc == 0)
		rc = kube_obj_set_take(map, key, v);
	else
		kube_obj_free(v);
	while (kube_obj_first(rest)) {
		char *k = mut_strdup(kube_obj_key(kube_obj_first(rest)));

		if (!k) {
			rc = KUBE_ENOMEM;
			break;
		}
		if (kube_obj_set_take(map, k, kube_obj_detach(rest, k)) < 0)
			rc = KUBE_ENOMEM;
		free(k);
	}
	kube_obj_free(rest);
	return rc;
}

/* ======================================================================================
 * objects
 * ====================================================================================== */

void mut_json_compact(kube_buf *out, const kube_obj *obj)
{
	kube_json_write(out, obj, KUBE_JSON_SORT_KEYS | KUBE_JSON_HTML_ESCAPE);
}

void mut_kind_group(kube_buf *b, const kube_resource *r)
{
	kube_resource_kind_prefix(b, r);
}

int mut_set_gvk(kube_obj *obj, const kube_resource *r, kube_err *err)
{
	kube_buf av = KUBE_BUF_INIT;
	kube_obj *copy = NULL;
	int rc = 0;

	if (kube_obj_get(obj, "apiVersion") && kube_obj_get(obj, "kind"))
		return 0;
	if (*r->group)
		kube_buf_printf(&av, "%s/%s", r->group, r->version);
	else
		kube_buf_puts(&av, r->version);
	if ((rc = kube_buf_check(&av, err)) < 0)
		goto out;
	/* apiVersion and kind go first, as in objects the server sends */
	if (!(copy = kube_obj_new_object()) || kube_obj_set_str(copy, "apiVersion", av.ptr) < 0 ||
	    kube_obj_set_str(copy, "kind", r->kind) < 0) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	while (kube_obj_first(obj)) {
		const char *key = kube_obj_key(kube_obj_first(obj));
		char *k = mut_strdup(key);
		kube_obj *v;

		if (!k) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			goto out;
		}
		v = kube_obj_detach(obj, k);
		if (strcmp(k, "apiVersion") && strcmp(k, "kind"))
			rc = kube_obj_set_take(copy, k, v);
		else
			kube_obj_free(v);
		free(k);
		if (rc < 0) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			goto out;
		}
	}
	while (kube_obj_first(copy)) {
		char *k = mut_strdup(kube_obj_key(kube_obj_first(copy)));

		if (!k || kube_obj_set_take(obj, k, kube_obj_detach(copy, k)) < 0) {
			free(k);
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			goto out;
		}
		free(k);
	}
out:
	kube_obj_free(copy);
	kube_buf_release(&av);
	return rc;
}

int mut_map_object(const kube_resource **out, kube_discovery *d, const kube_obj *obj,
		   kube_err *err)
{
	const char *av = kube_obj_path_str(obj, "apiVersion", NULL);
	const char *kind = kube_obj_path_str(obj, "kind", NULL);
	const char *slash, *version;
	const kube_resource *r, *pref = NULL;
	size_t glen, i, n = kube_discovery_count(d);

	*out = NULL;
	if (!av)
		av = "";
	if (!kind)
		kind = "";
	slash = strchr(av, '/');
	glen = slash ? (size_t)(slash - av) : 0;
	version = slash ? slash + 1 : av;
	for (i = 0; i < n; i++) {
		r = kube_discovery_at(d, i);
		if (strcmp(r->kind, kind) || strlen(r->group) != glen || strncmp(r->group, av, glen))
			continue;
		if (strchr(r->resource, '/'))
			continue;
		if (!strcmp(r->version, version)) {
			*out = r;
			return 0;
		}
		if (!pref || r->preferred)
			pref = r;
	}
	(void)pref;
	return kube_err_set(err, KUBE_ENOMATCH, "no matches for kind \"%s\" in version \"%s\"", kind,
			    av);
}

int mut_parse_labels(kube_obj **out, const char *spec, kube_err *err)
{
	kube_obj *o = kube_obj_new_object();
	const char *p = spec, *comma, *eq;
	int rc = 0;

	*out = NULL;
	if (!o)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	while (p) {
		char *key = NULL, *val = NULL;
		size_t len;

		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		eq = memchr(p, '=', len);
		/* exactly one '=' (generate.ParseLabels) */
		if (!eq || memchr(eq + 1, '=', len - (size_t)(eq - p) - 1)) {
			rc = kube_err_set(err, KUBE_EINVAL, "unexpected label spec: %.*s", (int)len, p);
			goto fail;
		}
		if (eq == p) {
			rc = kube_err_set(err, KUBE_EINVAL, "unexpected empty label key");
			goto fail;
		}
		key = malloc((size_t)(eq - p) + 1);
		val = malloc(len - (size_t)(eq - p));
		if (!key || !val) {
			free(key);
			free(val);
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			goto fail;
		}
		memcpy(key, p, (size_t)(eq - p));
		key[eq - p] = '\0';
		memcpy(val, eq + 1, len - (size_t)(eq - p) - 1);
		val[len - (size_t)(eq - p) - 1] = '\0';
		rc = mut_set_sorted(o, key, kube_obj_new_string(val));
		free(key);
		free(val);
		if (rc < 0) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			goto fail;
		}
		p = comma ? comma + 1 : NULL;
	}
	*out = o;
	return 0;
fail:
	kube_obj_free(o);
	return rc;
}

/* ======================================================================================
 * requests
 * ====================================================================================== */

static size_t write_params(kube_param *ps, const kube_mutate_write_opts *o)
{
	size_t n = 0;

	if (!o)
		return 0;
	if (o->dry_run)
		ps[n++] = (kube_param){"dryRun", "All"};
	if (o->field_manager && *o->field_manager)
		ps[n++] = (kube_param){"fieldManager", o->field_manager};
	if (o->field_validation && *o->field_validation)
		ps[n++] = (kube_param){"fieldValidation", o->field_validation};
	return n;
}

static int do_write(kube_obj **out, kube_client *c, const kube_resource *r, const char *method,
		    const char *path, const char *name, const char *content_type, const char *body,
		    size_t len, const kube_mutate_write_opts *o, kube_err *err)
{
	kube_param ps[4];
	kube_request req = {.method = method, .path = path, .params = ps,
			    .content_type = content_type, .body = body, .body_len = len,
			    .group = r->group, .resource = r->resource, .name = name};
	kube_response resp = KUBE_RESPONSE_INIT;
	int rc;

	if (out)
		*out = NULL;
	req.nparams = write_params(ps, o);
	if ((rc = kube_client_do(c, &req, &resp, err)) < 0)
		goto done;
	if (out)
		rc = kube_obj_parse_json(out, resp.body.ptr, resp.body.len, err);
done:
	kube_response_release(&resp);
	return rc;
}

static int object_path(kube_buf *path, const kube_resource *r, const char *ns, const char *name,
		       const char *sub, kube_err *err)
{
	kube_resource_path(path, r, ns ? ns : "default", name);
	if (sub && *sub) {
		kube_buf_putc(path, '/');
		kube_buf_put_pathseg(path, sub);
	}
	return kube_buf_check(path, err);
}

int kube_mutate_create(kube_obj **out, kube_client *c, const kube_resource *r, const char *ns,
		       const kube_obj *obj, const kube_mutate_write_opts *o, kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT, body = KUBE_BUF_INIT;
	int rc;

	if (out)
		*out = NULL;
	kube_json_write(&body, obj, 0);
	if ((rc = object_path(&path, r, ns, NULL, NULL, err)) < 0 ||
	    (rc = kube_buf_check(&body, err)) < 0)
		goto done;
	rc = do_write(out, c, r, "POST", path.ptr, NULL, "application/json", body.ptr, body.len, o,
		      err);
done:
	kube_buf_release(&path);
	kube_buf_wipe(&body); /* it may carry a Secret's key */
	return rc;
}

int kube_mutate_patch(kube_obj **out, kube_client *c, const kube_resource *r, const char *ns,
		      const char *name, const char *subresource, const char *content_type,
		      const char *body, size_t len, const kube_mutate_write_opts *o, kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = object_path(&path, r, ns, name, subresource, err)) == 0)
		rc = do_write(out, c, r, "PATCH", path.ptr, name, content_type, body, len, o, err);
	kube_buf_release(&path);
	return rc;
}

int mut_put(kube_obj **out, kube_client *c, const kube_resource *r, const char *ns,
	    const char *name, const char *subresource, const kube_obj *obj,
	    const kube_mutate_write_opts *o, kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT, body = KUBE_BUF_INIT;
	int rc;

	if (out)
		*out = NULL;
	kube_json_write(&body, obj, 0);
	if ((rc = object_path(&path, r, ns, name, subresource, err)) < 0 ||
	    (rc = kube_buf_check(&body, err)) < 0)
		goto done;
	rc = do_write(out, c, r, "PUT", path.ptr, name, "application/json", body.ptr, body.len, o,
		      err);
done:
	kube_buf_release(&path);
	kube_buf_release(&body);
	return rc;
}

int mut_delete(kube_obj **out, kube_client *c, const kube_resource *r, const char *ns,
	       const char *name, const char *body, kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = object_path(&path, r, ns, name, NULL, err)) == 0)
		rc = do_write(out, c, r, "DELETE", path.ptr, name, "application/json", body,
			      strlen(body), NULL, err);
	kube_buf_release(&path);
	return rc;
}

int mut_get(kube_obj **out, kube_client *c, const kube_resource *r, const char *ns,
	    const char *name, const char *subresource, kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT;
	kube_response resp = KUBE_RESPONSE_INIT;
	kube_request req = {.group = r->group, .resource = r->resource, .name = name};
	int rc;

	*out = NULL;
	if ((rc = object_path(&path, r, ns, name, subresource, err)) < 0)
		goto done;
	req.path = path.ptr;
	if ((rc = kube_client_do(c, &req, &resp, err)) < 0)
		goto done;
	rc = kube_obj_parse_json(out, resp.body.ptr, resp.body.len, err);
done:
	kube_response_release(&resp);
	kube_buf_release(&path);
	return rc;
}

/* The builder's GET of an object: after a NotFound in a namespace, the namespace itself is
 * looked up, and when it is missing that is the error (as kubectl 1.37 reports it). */
static int visit_get(kube_obj **out, struct mut_visit *v, const kube_resource *r,
		     const char *ns, const char *name, kube_err *err)
{
	static const kube_resource nsres = {"", "v1", "namespaces", "namespace", "Namespace", false,
					    true, NULL, NULL, NULL, NULL};
	kube_obj *nsobj = NULL;
	kube_err e = KUBE_ERR_INIT;
	int rc;

	rc = mut_get(out, v->c, r, ns, name, v->subresource, err);
	if (rc != KUBE_ENOTFOUND || !r->namespaced || !ns)
		return rc;
	if (mut_get(&nsobj, v->c, &nsres, NULL, ns, NULL, &e) == KUBE_ENOTFOUND) {
		kube_err_move(err, &e);
		return KUBE_ENOTFOUND;
	}
	kube_obj_free(nsobj);
	kube_err_clear(&e);
	return rc;
}

/* ======================================================================================
 * the builder's visit
 * ====================================================================================== */

struct visit_list {
	struct mut_visit *v;
	const kube_resource *r;
	mut_item_fn fn;
	void *payload;
	kube_err *err;
	int fatal;
};

static void item_release(struct mut_item *it)
{
	free(it->ns);
	free(it->name);
	kube_obj_free(it->obj);
	memset(it, 0, sizeof(*it));
}

/* Run the callback and file its error. Returns < 0 only when the visit must stop. */
static int call(struct mut_visit *v, struct mut_item *it, mut_item_fn fn, void *payload,
		kube_err *err)
{
	kube_err e = KUBE_ERR_INIT;
	int rc;

	v->found++;
	rc = fn(it, payload, &e);
	if (rc == 0)
		return 0;
	if (v->stop || rc == KUBE_ENOMEM) {
		kube_err_move(err, &e);
		return rc;
	}
	if (v->ignore_not_found && rc == KUBE_ENOTFOUND) {
		kube_err_clear(&e);
		return 0;
	}
	if (kube_errval_push(v->errs, &e) < 0)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	return 0;
}

/* File a builder error (a failed GET or LIST); inside a List they are collected apart. */
static int file_error(struct mut_visit *v, kube_err *e, kube_err *err)
{
	kube_errval *to = v->builder_errs ? v->builder_errs : v->errs;

	if (e->code == KUBE_ENOMEM) {
		kube_err_move(err, e);
		return KUBE_ENOMEM;
	}
	if (v->ignore_not_found && e->code == KUBE_ENOTFOUND) {
		kube_err_clear(e);
		return 0;
	}
	if (kube_errval_push(to, e) < 0)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	return 0;
}

static int list_page(kube_obj *page, void *payload, kube_err *err)
{
	struct visit_list *l = payload;
	kube_obj *items = kube_obj_get_mut(page, "items");
	int rc = 0;

	(void)err;
	while (kube_obj_len(items) > 0) {
		struct mut_item it;

		memset(&it, 0, sizeof(it));
		it.res = l->r;
		it.obj = kube_obj_detach_at(items, 0);
		if ((rc = mut_set_gvk(it.obj, l->r, l->err)) < 0) {
			item_release(&it);
			l->fatal = rc;
			break;
		}
		it.name = mut_strdup(kube_obj_path_str(it.obj, "metadata", "name", NULL));
		if (l->r->namespaced)
			it.ns = mut_strdup(kube_obj_path_str(it.obj, "metadata", "namespace", NULL));
		rc = call(l->v, &it, l->fn, l->payload, l->err);
		item_release(&it);
		if (rc < 0) {
			l->fatal = rc;
			break;
		}
	}
	kube_obj_free(page);
	if (l->fatal)
		return kube_err_set(err, KUBE_ERROR, "stopped");
	return 0;
}

int mut_resolve(kube_targets *t, struct mut_visit *v, char *const *args, size_t n, kube_err *err)
{
	const kube_mutate_select *s = v->sel;
	/* delete's --all is a label selector matching everything (SelectAllParam); elsewhere
	 * --all only lets a bare type select every object */
	kube_builder_opts bo = {
		.has_selector = (s->selector && *s->selector) ||
				(s->field_selector && *s->field_selector) ||
				(s->all && v->all_is_selector),
		.allow_empty_names = s->all || v->allow_empty,
	};

	return kube_targets_resolve(t, v->d, args, n, &bo, err);
}

static int visit_files(struct mut_visit *v, mut_item_fn fn, void *payload, kube_err *err);

int mut_visit_run(struct mut_visit *v, char *const *args, size_t n, mut_item_fn fn,
		  void *payload, kube_err *err)
{
	const kube_mutate_select *s = v->sel;
	const char *ns = s->namespace ? s->namespace : "default";
	kube_targets t = KUBE_TARGETS_INIT;
	size_t i;
	int rc = 0;

	v->found = 0;
	if (s->files && s->files->nfiles) {
		if (n > 0)
			return kube_err_set(err, KUBE_EINVAL,
					    "when paths, URLs, or stdin is provided as input, you may "
					    "not specify resource arguments as well");
		return visit_files(v, fn, payload, err);
	}
	if ((rc = mut_resolve(&t, v, args, n, err)) < 0)
		return rc;
	v->single_item_implied = t.single_item_implied;
	for (i = 0; i < t.n && rc == 0; i++) {
		const kube_resource *r = t.v[i].res;
		kube_err e = KUBE_ERR_INIT;

		if (t.v[i].name) {
			struct mut_item it;

			memset(&it, 0, sizeof(it));
			it.res = r;
			if (!(it.name = mut_strdup(t.v[i].name)) ||
			    (r->namespaced && !(it.ns = mut_strdup(ns)))) {
				item_release(&it);
				rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
				break;
			}
			if (v->fetch) {
				if (visit_get(&it.obj, v, r, it.ns, it.name, &e) < 0) {
					item_release(&it);
					rc = file_error(v, &e, err);
					continue;
				}
			}
			rc = call(v, &it, fn, payload, err);
			item_release(&it);
			continue;
		}
		{
			struct visit_list l = {v, r, fn, payload, err, 0};
			kube_list_opts lo = {
				.namespace = r->namespaced && !s->all_namespaces ? ns : NULL,
				.label_selector = s->selector && *s->selector ? s->selector : NULL,
				.field_selector =
					s->field_selector && *s->field_selector ? s->field_selector
										: NULL,
			};

			if (kube_list(v->c, r, &lo, list_page, &l, &e) < 0) {
				if (l.fatal) {
					kube_err_clear(&e);
					rc = l.fatal;
					break;
				}
				rc = file_error(v, &e, err);
			}
		}
	}
	kube_targets_release(&t);
	return rc;
}

/* Objects from -f: map each document (flattening Lists), check the namespace, fetch unless
 * local. */
static int visit_doc(struct mut_visit *v, const kube_obj *doc, const char *source,
		     mut_item_fn fn, void *payload, kube_err *err)
{
	const kube_mutate_select *s = v->sel;
	const char *ns = s->namespace ? s->namespace : "default";
	const char *kind = kube_obj_path_str(doc, "kind", NULL);
	size_t klen = kind ? strlen(kind) : 0;
	struct mut_item it;
	kube_err e = KUBE_ERR_INIT;
	const char *dns;
	int rc = 0;

	if (klen >= 4 && !strcmp(kind + klen - 4, "List") &&
	    kube_obj_type_of(kube_obj_get(doc, "items")) == KUBE_OBJ_ARRAY) {
		/* the builder's errors about a List's items (failed GETs) reach kubectl as one
		 * nested aggregate */
		kube_errval sub = KUBE_ERRVAL_INIT, *parent = v->builder_errs;
		const kube_obj *item;

		v->builder_errs = &sub;
		kube_obj_foreach(item, kube_obj_get(doc, "items"))
			if ((rc = visit_doc(v, item, source, fn, payload, err)) < 0)
				break;
		v->builder_errs = parent;
		if (rc == 0 && !kube_errval_empty(&sub) &&
		    kube_errval_push_val(parent ? parent : v->errs, &sub) < 0)
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		kube_errval_release(&sub);
		return rc;
	}
	memset(&it, 0, sizeof(it));
	it.source = source;
	if (mut_map_object(&it.res, v->d, doc, &e) < 0) {
		kube_buf m = KUBE_BUF_INIT;

		kube_buf_printf(&m, "resource mapping not found for name: \"%s\" namespace: \"%s\" "
				    "from \"%s\": %s\nensure CRDs are installed first",
				str_or_empty(kube_obj_path_str(doc, "metadata", "name", NULL)),
				str_or_empty(kube_obj_path_str(doc, "metadata", "namespace", NULL)),
				source, e.message ? e.message : "");
		kube_err_set(&e, KUBE_ENOMATCH, "%s", m.ptr);
		kube_buf_release(&m);
		return file_error(v, &e, err);
	}
	it.name = mut_strdup(kube_obj_path_str(doc, "metadata", "name", NULL));
	if (!it.name) {
		kube_err_set(&e, KUBE_EINVAL, "error validating \"%s\": resource name may not be empty",
			     source);
		return file_error(v, &e, err);
	}
	if (it.res->namespaced) {
		dns = kube_obj_path_str(doc, "metadata", "namespace", NULL);
		if (dns && *dns && s->enforce_namespace && strcmp(dns, ns)) {
			kube_err_set(&e, KUBE_EINVAL,
				     "the namespace from the provided object \"%s\" does not match "
				     "the namespace \"%s\". You must pass '--namespace=%s' to "
				     "perform this operation.",
				     dns, ns, dns);
			item_release(&it);
			return file_error(v, &e, err);
		}
		it.ns = mut_strdup(dns && *dns ? dns : ns);
	}
	if (v->fetch_files && !s->local) {
		if (visit_get(&it.obj, v, it.res, it.ns, it.name, &e) < 0) {
			item_release(&it);
			return file_error(v, &e, err);
		}
	} else if ((rc = kube_obj_dup(&it.obj, doc, err)) < 0) {
		item_release(&it);
		return rc;
	}
	rc = call(v, &it, fn, payload, err);
	item_release(&it);
	return rc;
}

static int visit_files(struct mut_visit *v, mut_item_fn fn, void *payload, kube_err *err)
{
	const kube_manifest *m = v->sel->files;
	size_t i, j, ndocs = 0;
	int rc;

	for (i = 0; i < m->nfiles; i++) {
		const kube_manifest_file *f = &m->files[i];

		for (j = 0; j < f->ndocs; j++) {
			ndocs++;
			if ((rc = visit_doc(v, f->docs[j], f->source, fn, payload, err)) < 0)
				return rc;
		}
		if (f->err.code) {
			kube_err e = KUBE_ERR_INIT;

			kube_err_set(&e, f->err.code, "%s", f->err.message ? f->err.message : "");
			if ((rc = file_error(v, &e, err)) < 0)
				return rc;
		}
	}
	v->single_item_implied = ndocs == 1;
	return 0;
}

/* ======================================================================================
 * objects kubectl builds itself
 * ====================================================================================== */

static const char *const no_names[] = {NULL};

static const kube_resource builtin[] = {
	{"", "v1", "configmaps", "configmap", "ConfigMap", true, true, no_names, no_names, no_names,
	 no_names},
	{"", "v1", "secrets", "secret", "Secret", true, true, no_names, no_names, no_names,
	 no_names},
	{"", "v1", "namespaces", "namespace", "Namespace", false, true, no_names, no_names,
	 no_names, no_names},
	{"", "v1", "services", "service", "Service", true, true, no_names, no_names, no_names,
	 no_names},
	{"", "v1", "pods", "pod", "Pod", true, true, no_names, no_names, no_names, no_names},
	{"apps", "v1", "deployments", "deployment", "Deployment", true, true, no_names, no_names,
	 no_names, no_names},
};

const kube_resource *kube_mutate_builtin(const char *kind)
{
	size_t i;

	for (i = 0; kind && i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (!strcmp(builtin[i].kind, kind))
			return &builtin[i];
	return NULL;
}

static void wipe_strings(cJSON *j)
{
	cJSON *c;

	if (!j)
		return;
	if (cJSON_IsString(j) && j->valuestring)
		memset(j->valuestring, 0, strlen(j->valuestring));
	for (c = j->child; c; c = c->next)
		wipe_strings(c);
}

void kube_mutate_free_secret(kube_obj *o)
{
	wipe_strings(J(o));
	kube_obj_free(o);
}

const char *kube_mutate_validation_directive(kube_validation v)
{
	switch (v) {
	case KUBE_VALIDATE_WARN: return "Warn";
	case KUBE_VALIDATE_IGNORE: return "Ignore";
	default: return "Strict";
	}
}

int kube_mutate_save_config(kube_obj *obj, kube_err *err)
{
	kube_obj *meta = kube_obj_get_mut(obj, "metadata"), *ann;
	kube_buf enc = KUBE_BUF_INIT;
	int rc;

	if (!meta)
		return 0;
	ann = kube_obj_get_mut(meta, "annotations");
	kube_obj_remove(ann, LAST_APPLIED);
	if (ann && !kube_obj_len(ann))
		kube_obj_remove(meta, "annotations");
	kube_json_write(&enc, obj, KUBE_JSON_HTML_ESCAPE);
	kube_buf_putc(&enc, '\n');
	if ((rc = kube_buf_check(&enc, err)) < 0)
		goto out;
	if (!(ann = kube_obj_get_mut(meta, "annotations"))) {
		if (kube_obj_set_take(meta, "annotations", kube_obj_new_object()) < 0) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			goto out;
		}
		ann = kube_obj_get_mut(meta, "annotations");
	}
	if (mut_set_sorted(ann, LAST_APPLIED, kube_obj_new_string(enc.ptr)) < 0)
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
out:
	kube_buf_release(&enc);
	return rc;
}

int kube_mutate_submit(kube_obj **out, kube_client *c, kube_obj *obj,
		       const kube_mutate_submit_opts *o, kube_err *err)
{
	const kube_resource *r = kube_mutate_builtin(kube_obj_path_str(obj, "kind", NULL));
	kube_mutate_write_opts wo = {o->field_manager, o->field_validation,
				     o->dry_run == KUBE_DRY_RUN_SERVER};
	int rc;

	*out = NULL;
	if (!r)
		return kube_err_set(err, KUBE_EINVAL, "no resource for kind %s",
				    str_or_empty(kube_obj_path_str(obj, "kind", NULL)));
	if (o->save_config && (rc = kube_mutate_save_config(obj, err)) < 0)
		return rc;
	if (o->dry_run == KUBE_DRY_RUN_CLIENT)
		return kube_obj_dup(out, obj, err);
	return kube_mutate_create(out, c, r, o->namespace, obj, &wo, err);
}

/* ======================================================================================
 * durations
 * ====================================================================================== */

static int duration_error(kube_err *err, const char *what, const char *unit, const char *s)
{
	kube_buf q = KUBE_BUF_INIT, u = KUBE_BUF_INIT;

	kube_go_quote(&q, s);
	if (unit) {
		kube_go_quote(&u, unit);
		kube_err_set(err, KUBE_EINVAL, "time: unknown unit %s in duration %s", u.ptr, q.ptr);
	} else {
		kube_err_set(err, KUBE_EINVAL, "time: %s %s", what, q.ptr);
	}
	kube_buf_release(&q);
	kube_buf_release(&u);
	return KUBE_EINVAL;
}

int kube_mutate_parse_duration(const char *s, int64_t *ms, kube_err *err)
{
	static const struct {
		const char *name;
		double ns;
	} units[] = {{"ns", 1}, {"us", 1e3}, {"\xc2\xb5s", 1e3}, {"\xce\xbcs", 1e3},
		     {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};
	const char *p = s;
	double total = 0;
	bool neg = false;

	*ms = 0;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!strcmp(p, "0"))
		return 0;
	if (!*p)
		return duration_error(err, "invalid duration", NULL, s);
	while (*p) {
		double v = 0, frac = 0, scale = 1;
		bool digits = false;
		const char *u;
		size_t i, ulen;

		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (*p++ - '0');
			digits = true;
		}
		if (*p == '.') {
			p++;
			while (*p >= '0' && *p <= '9') {
				frac = frac * 10 + (*p++ - '0');
				scale *= 10;
				digits = true;
			}
		}
		if (!digits)
			return duration_error(err, "invalid duration", NULL, s);
		u = p;
		while (*p && *p != '.' && !(*p >= '0' && *p <= '9'))
			p++;
		ulen = (size_t)(p - u);
		if (!ulen)
			return duration_error(err, "missing unit in duration", NULL, s);
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (strlen(units[i].name) == ulen && !strncmp(units[i].name, u, ulen))
				break;
		if (i == sizeof(units) / sizeof(units[0])) {
			char unit[64];

			snprintf(unit, sizeof(unit), "%.*s", (int)ulen, u);
			return duration_error(err, NULL, unit, s);
		}
		total += (v + frac / scale) * units[i].ns;
	}
	if (total > 9.2e18)
		return duration_error(err, "invalid duration", NULL, s);
	*ms = (int64_t)(total / 1e6) * (neg ? -1 : 1);
	return 0;
}
