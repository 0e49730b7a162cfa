/* The output of mutating commands (kubectl's PrintFlags with an operation): `kind/name created`,
 * -o name, json, yaml, go-template and jsonpath. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kube/apply.h>
#include <kube/codec.h>
#include <kube/printer.h>

#include "obj-internal.h"
#include "ops/apply-internal.h"
#include "banned.h"

enum pfmt { P_NAME, P_SHORT, P_JSON, P_YAML, P_KYAML, P_TEMPLATE, P_JSONPATH, P_JSONPATH_JSON };

struct kube_op_printer {
	enum pfmt fmt;
	kube_dry_run dry_run;
	bool show_managed_fields;
	size_t count;
	kube_template *tmpl;
	kube_jsonpath *jp;
};

static const char allowed[] = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
			      "jsonpath-file,kyaml,name,template,templatefile,yaml";

static int read_file(const char *path, kube_buf *out, kube_err *err)
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

static void prefix_err(kube_err *err, const char *what, const char *arg)
{
	kube_buf m = KUBE_BUF_INIT;

	if (!err || err->code == KUBE_ENOMEM)
		return;
	kube_buf_printf(&m, "%s%s, %s", what, arg, err->message ? err->message : "");
	if (!m.failed) {
		free(err->message);
		err->message = kube_buf_detach(&m, NULL);
	}
	kube_buf_release(&m);
}

int kube_op_printer_new(kube_op_printer **out, const kube_op_printer_opts *o, kube_err *err)
{
	static const struct {
		const char *name;
		enum pfmt fmt;
		bool file;
	} table[] = {
		{"go-template", P_TEMPLATE, false},
		{"go-template-file", P_TEMPLATE, true},
		{"template", P_TEMPLATE, false},
		{"templatefile", P_TEMPLATE, true},
		{"jsonpath", P_JSONPATH, false},
		{"jsonpath-file", P_JSONPATH, true},
		{"jsonpath-as-json", P_JSONPATH_JSON, false},
	};
	kube_op_printer *p = calloc(1, sizeof(*p));
	const char *output = o && o->output ? o->output : "";
	const char *tmpl = o && o->template_ ? o->template_ : "";
	kube_buf text = KUBE_BUF_INIT;
	const char *eq, *arg = NULL;
	size_t i, len;
	bool file = false;
	int rc = 0;

	*out = NULL;
	if (!p)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	if (o) {
		p->dry_run = o->dry_run;
		p->show_managed_fields = o->show_managed_fields;
	}
	if (!*output && *tmpl)
		output = "go-template";
	if (!*output) {
		p->fmt = P_NAME;
		goto done;
	}
	if (!strcmp(output, "name")) {
		p->fmt = P_SHORT;
		goto done;
	}
	if (!strcmp(output, "json")) {
		p->fmt = P_JSON;
		goto done;
	}
	if (!strcmp(output, "yaml")) {
		p->fmt = P_YAML;
		goto done;
	}
	if (!strcmp(output, "kyaml")) {
		p->fmt = P_KYAML;
		goto done;
	}
	eq = strchr(output, '=');
	len = eq ? (size_t)(eq - output) : strlen(output);
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (strlen(table[i].name) != len || strncmp(table[i].name, output, len))
			continue;
		p->fmt = table[i].fmt;
		file = table[i].file;
		arg = eq ? eq + 1 : tmpl;
		break;
	}
	if (!arg) {
		rc = kube_err_set(
			err, KUBE_EINVAL,
			"unable to match a printer suitable for the output format \"%s\", "
			"allowed formats are: %s",
			output, allowed);
		goto done;
	}
	if (!*arg) {
		rc = kube_err_set(err, KUBE_EINVAL,
				  "template format specified but no template given");
		goto done;
	}
	if (file) {
		if ((rc = read_file(arg, &text, err)) < 0)
			goto done;
		arg = text.ptr;
	}
	if (p->fmt == P_TEMPLATE) {
		if ((rc = kube_template_parse(&p->tmpl, "output", arg, err)) < 0) {
			prefix_err(err, "error parsing template ", arg);
			goto done;
		}
		kube_template_set_missing_key_error(p->tmpl, o && !o->allow_missing_template_keys);
	} else {
		if ((rc = kube_jsonpath_parse(&p->jp, "output", arg, err)) < 0) {
			prefix_err(err, "error parsing jsonpath ", arg);
			goto done;
		}
		kube_jsonpath_set_allow_missing_keys(p->jp, !o || o->allow_missing_template_keys);
		kube_jsonpath_set_json_output(p->jp, p->fmt == P_JSONPATH_JSON);
	}
done:
	kube_buf_release(&text);
	if (rc < 0) {
		kube_op_printer_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

bool kube_op_printer_full(const kube_op_printer *p)
{
	return p && p->fmt != P_NAME && p->fmt != P_SHORT;
}

static int cmp_keys(const void *a, const void *b)
{
	return strcmp((*(cJSON *const *)a)->string, (*(cJSON *const *)b)->string);
}

/* Reorder every object's members by key (what encoding/json does with maps). */
static int sort_keys(cJSON *j)
{
	cJSON **v, *c;
	size_t n = 0, i;

	for (c = j ? j->child : NULL; c; c = c->next) {
		n++;
		if ((cJSON_IsObject(c) || cJSON_IsArray(c)) && sort_keys(c) < 0)
			return -1;
	}
	if (!cJSON_IsObject(j) || n < 2)
		return 0;
	if (!(v = calloc(n, sizeof(*v))))
		return -1;
	for (i = 0, c = j->child; c; c = c->next)
		v[i++] = c;
	qsort(v, n, sizeof(*v), cmp_keys);
	for (i = 0; i < n; i++) {
		v[i]->prev = i ? v[i - 1] : v[n - 1];
		v[i]->next = i + 1 < n ? v[i + 1] : NULL;
	}
	j->child = v[0];
	free(v);
	return 0;
}

/* kubectl apply -o json prints its corev1.List in Go struct order (kind, apiVersion, metadata,
 * items); the items are maps. */
static int list_json(const kube_obj *obj, kube_buf *out, kube_err *err)
{
	cJSON *l = cJSON_CreateObject(),
	      *items = cJSON_Duplicate(CJ(kube_obj_get(obj, "items")), 1);

	if (!l || !items || sort_keys(items) < 0 ||
	    !cJSON_AddItemToObject(l, "kind", cJSON_CreateString("List")) ||
	    !cJSON_AddItemToObject(l, "apiVersion", cJSON_CreateString("v1")) ||
	    !cJSON_AddItemToObject(l, "metadata", cJSON_CreateObject())) {
		cJSON_Delete(l);
		cJSON_Delete(items);
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	cJSON_AddItemToObject(l, "items", items);
	kube_json_write(out, CK(l), KUBE_JSON_INDENT | KUBE_JSON_HTML_ESCAPE);
	kube_buf_putc(out, '\n');
	cJSON_Delete(l);
	return kube_buf_check(out, err);
}

static bool is_v1_list(const kube_obj *obj)
{
	const char *k = kube_obj_path_str(obj, "kind", NULL);
	const char *a = kube_obj_path_str(obj, "apiVersion", NULL);

	return k && a && !strcmp(k, "List") && !strcmp(a, "v1") &&
	       kube_obj_type_of(kube_obj_get(obj, "items")) == KUBE_OBJ_ARRAY;
}

static bool is_list(const kube_obj *obj)
{
	return kube_obj_type_of(kube_obj_get(obj, "items")) == KUBE_OBJ_ARRAY;
}

static int name_line(kube_op_printer *p, const kube_obj *obj, const char *operation, kube_buf *out,
		     kube_err *err)
{
	const char *kind = kube_obj_path_str(obj, "kind", NULL);
	const char *api = kube_obj_path_str(obj, "apiVersion", NULL);
	const char *name = kube_obj_path_str(obj, "metadata", "name", NULL);
	const char *slash = api ? strchr(api, '/') : NULL;
	const char *c;

	if (!name || !*name)
		name = "<unknown>";
	if (!kind || !*kind)
		return kube_err_set(err, KUBE_EINVAL, "missing kind for resource with name %s",
				    name);
	for (c = kind; *c; c++)
		kube_buf_putc(out, (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c));
	if (slash)
		kube_buf_printf(out, ".%.*s", (int)(slash - api), api);
	kube_buf_printf(out, "/%s", name);
	if (p->fmt == P_NAME && operation && *operation) {
		kube_buf_printf(out, " %s", operation);
		if (p->dry_run == KUBE_DRY_RUN_CLIENT)
			kube_buf_puts(out, " (dry run)");
		else if (p->dry_run == KUBE_DRY_RUN_SERVER)
			kube_buf_puts(out, " (server dry run)");
	}
	kube_buf_putc(out, '\n');
	return kube_buf_check(out, err);
}

int kube_op_printer_print(kube_op_printer *p, const kube_obj *obj, const char *operation,
			  kube_buf *out, kube_err *err)
{
	kube_obj *copy = NULL;
	const kube_obj *it;
	int rc = 0;

	switch (p->fmt) {
	case P_NAME:
	case P_SHORT:
		if (is_list(obj)) {
			kube_obj_foreach (it, kube_obj_get(obj, "items")) {
				if ((rc = name_line(p, it, operation, out, err)) < 0)
					return rc;
			}
			return 0;
		}
		return name_line(p, obj, operation, out, err);
	case P_JSON:
	case P_YAML:
	case P_KYAML:
		if (!p->show_managed_fields &&
		    kube_obj_path(obj, "metadata", "managedFields", NULL)) {
			if ((rc = apply_dup(&copy, obj, err)) < 0)
				return rc;
			kube_obj_remove(kube_obj_get_mut(copy, "metadata"), "managedFields");
			obj = copy;
		}
		if (!p->show_managed_fields && is_list(obj)) {
			kube_obj *items;
			size_t i;

			if (!copy && (rc = apply_dup(&copy, obj, err)) < 0)
				return rc;
			items = kube_obj_get_mut(copy, "items");
			for (i = 0; i < kube_obj_len(items); i++)
				kube_obj_remove(kube_obj_get_mut((kube_obj *)kube_obj_at(items, i),
								 "metadata"),
						"managedFields");
			obj = copy;
		}
		if (p->fmt == P_JSON && is_v1_list(obj)) {
			rc = list_json(obj, out, err);
			kube_obj_free(copy);
			return rc;
		} else if (p->fmt == P_JSON) {
			kube_json_write(out, obj,
					KUBE_JSON_INDENT | KUBE_JSON_SORT_KEYS |
						KUBE_JSON_HTML_ESCAPE);
			kube_buf_putc(out, '\n');
		} else if (p->fmt == P_KYAML) {
			kube_kyaml_write(out, obj);
		} else {
			if (p->count)
				kube_buf_puts(out, "---\n");
			kube_yaml_write(out, obj, 0);
		}
		p->count++;
		kube_obj_free(copy);
		return kube_buf_check(out, err);
	case P_TEMPLATE:
		return kube_template_print(p->tmpl, obj, out, err);
	case P_JSONPATH:
	case P_JSONPATH_JSON:
		return kube_jsonpath_print(p->jp, obj, out, err);
	}
	return 0;
}

void kube_op_printer_free(kube_op_printer *p)
{
	if (!p)
		return;
	kube_template_free(p->tmpl);
	kube_jsonpath_free(p->jp);
	free(p);
}
