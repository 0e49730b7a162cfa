/* kubectl get as a library operation; see include/kube/get.h. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <kube/codec.h>
#include <kube/time.h>
#include <kube/get.h>
#include <kube/manifest.h>
#include <kube/obj.h>
#include <kube/printer.h>

#include "describe-internal.h"
#include "banned.h"

#define TABLE_ACCEPT                                                                               \
	"application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta." \
	"k8s.io,application/json"

enum fmt {
	FMT_HUMAN,
	FMT_WIDE,
	FMT_JSON,
	FMT_YAML,
	FMT_KYAML,
	FMT_NAME,
	FMT_JSONPATH,
	FMT_JSONPATH_AS_JSON,
	FMT_CUSTOM,
	FMT_TEMPLATE,
};

static const char allowed[] =
	"custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,"
	"jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,wide,yaml";

struct fmt_spec {
	enum fmt fmt;
	const char *arg;   /* template text or file name */
	bool from_file;
};

static int parse_output(struct fmt_spec *f, const char *o, const char *tmpl, kube_err *err)
{
	static const struct {
		const char *name;
		enum fmt fmt;
		bool file;
	} table[] = {
		{"jsonpath", FMT_JSONPATH, false},         {"jsonpath-file", FMT_JSONPATH, true},
		{"jsonpath-as-json", FMT_JSONPATH_AS_JSON, false},
		{"custom-columns", FMT_CUSTOM, false},     {"custom-columns-file", FMT_CUSTOM, true},
		{"go-template", FMT_TEMPLATE, false},      {"go-template-file", FMT_TEMPLATE, true},
		{"template", FMT_TEMPLATE, false},         {"templatefile", FMT_TEMPLATE, true},
	};
	const char *eq;
	size_t i, len;

	memset(f, 0, sizeof(*f));
	if ((!o || !*o) && tmpl && *tmpl)
		o = "go-template"; /* --template alone implies -o go-template */
	if (!o || !*o) {
		f->fmt = FMT_HUMAN;
		return 0;
	}
	if (!strcmp(o, "wide")) {
		f->fmt = FMT_WIDE;
		return 0;
	}
	if (!strcmp(o, "json")) {
		f->fmt = FMT_JSON;
		return 0;
	}
	if (!strcmp(o, "yaml")) {
		f->fmt = FMT_YAML;
		return 0;
	}
	if (!strcmp(o, "name")) {
		f->fmt = FMT_NAME;
		return 0;
	}
	if (!strcmp(o, "kyaml")) {
		f->fmt = FMT_KYAML;
		return 0;
	}
	eq = strchr(o, '=');
	len = eq ? (size_t)(eq - o) : strlen(o);
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (strlen(table[i].name) != len || strncmp(table[i].name, o, len))
			continue;
		f->fmt = table[i].fmt;
		f->from_file = table[i].file;
		f->arg = eq ? eq + 1 : tmpl;
		if (!f->arg || !*f->arg) {
			if (f->fmt == FMT_CUSTOM)
				return kube_err_set(err, KUBE_EINVAL,
						    "custom-columns format specified but no custom columns "
						    "given");
			return kube_err_set(err, KUBE_EINVAL, "template format specified but no "
							      "template given");
		}
		return 0;
	}
	return kube_err_set(err, KUBE_EINVAL,
			    "unable to match a printer suitable for the output format \"%s\", allowed "
			    "formats are: %s",
			    o, allowed);
}

int kube_get_check_output(const char *output, const char *tmpl, kube_err *err)
{
	struct fmt_spec f;

	return parse_output(&f, output, tmpl, err);
}

/* ---- run state ---- */

struct get_run {
	kube_client *c;
	kube_discovery *d;
	const kube_get_opts *o;
	const kube_get_sink *sink;
	kube_get_result *res;
	struct fmt_spec fmt;
	kube_buf out;          /* pending stdout text */
	int write_rc;
	/* human tables */
	const kube_resource *last_res;
	kube_tabwriter *tw;
	kube_obj *last_columns;
	bool printed_headers;
	bool separator_ready;
	bool with_kind, with_namespace;
	size_t written_since_header;
	/* collected objects for json/yaml/jsonpath/template */
	kube_obj *items;
	size_t nitems;
	/* printers */
	kube_jsonpath *jp;
	kube_customcols *cc;
	kube_template *tmpl;
	bool cc_header_done;
	size_t nseen;          /* objects given to add_object() */
	/* watch */
	bool watching;            /* print objects one by one (watch mode) */
	const char *event_type;   /* EVENT column / wrapper for --output-watch-events */
	char *last_rv;            /* resourceVersion to watch from */
	size_t printed_objects;   /* for the YAML "---" separator between objects */
	kube_buf stream;          /* partial watch line */
	const kube_resource *watch_res;
	/* -o json|yaml of a list, printed item by item as pages arrive */
	bool stream_list;
	size_t streamed;
	/* errors reported after the output */
	kube_err *errs;
	size_t nerrs;
	/* --sort-by */
	kube_jsonpath *sort_jp;
	char *sort_expr;       /* relaxed form, "{.a.b}", for messages */
};

static int emit(struct get_run *g, const char *p, size_t n)
{
	if (!n)
		return 0;
	if (g->separator_ready) {
		g->separator_ready = false;
		if (g->sink->write("\n", 1, g->sink->payload) < 0)
			return g->write_rc = -1;
	}
	g->res->wrote = true;
	g->written_since_header += n;
	if (g->sink->write(p, n, g->sink->payload) < 0)
		return g->write_rc = -1;
	return 0;
}

static int flush_buf(struct get_run *g, kube_buf *b, kube_err *err)
{
	int rc;

	if ((rc = kube_buf_check(b, err)) < 0)
		return rc;
	if (emit(g, b->ptr, b->len) < 0)
		return kube_err_set(err, KUBE_EIO, "write error");
	kube_buf_truncate(b, 0);
	return 0;
}

static int flush_tw(struct get_run *g, kube_err *err)
{
	kube_buf b = KUBE_BUF_INIT;
	int rc;

	if (!g->tw)
		return 0;
	if ((rc = kube_tabwriter_flush(g->tw, &b, err)) == 0)
		rc = flush_buf(g, &b, err);
	kube_buf_release(&b);
	return rc;
}

static void put_upper(kube_buf *b, const char *s)
{
	for (; *s; s++)
		kube_buf_putc(b, (char)((*s >= 'a' && *s <= 'z') ? *s - 32 : *s));
}

/* A table cell as kubectl prints it: text cut at the first \n, \r or \f with "...". */
static void put_cell(kube_buf *b, const kube_obj *cell)
{
	const char *s;

	switch (kube_obj_type_of(cell)) {
	case KUBE_OBJ_STRING:
		s = kube_obj_str(cell);
		{
			size_t n = strcspn(s, "\n\r\f");
			size_t i;

			for (i = 0; i < n; i++)
				kube_buf_putc(b, s[i]);
			if (s[n])
				kube_buf_puts(b, "...");
		}
		break;
	case KUBE_OBJ_NUMBER:
		kube_buf_puts(b, kube_obj_number_text(cell));
		break;
	case KUBE_OBJ_BOOL:
		kube_buf_puts(b, kube_obj_bool(cell) ? "true" : "false");
		break;
	case KUBE_OBJ_OBJECT:
	case KUBE_OBJ_ARRAY:
		kube_go_format_value(b, cell);
		break;
	default:
		break;
	}
}

static int cmp_member_keys(const void *x, const void *y)
{
	return strcmp(kube_obj_key(*(const kube_obj *const *)x), kube_obj_key(*(const kube_obj *const *)y));
}

static void put_labels(kube_buf *b, const kube_obj *labels)
{
	size_t n = kube_obj_len(labels), i = 0;
	const kube_obj **v, *m;

	if (!n) {
		kube_buf_puts(b, "<none>");
		return;
	}
	if (!(v = malloc(n * sizeof(*v)))) {
		b->failed = true;
		return;
	}
	kube_obj_foreach(m, labels) v[i++] = m;
	qsort(v, n, sizeof(*v), cmp_member_keys);
	for (i = 0; i < n; i++)
		kube_buf_printf(b, "%s%s=%s", i ? "," : "", kube_obj_key(v[i]),
				kube_obj_str(v[i]) ? kube_obj_str(v[i]) : "");
	free(v);
}


/* ---- --sort-by ---- */

struct sort_item {
	const kube_obj *key; /* borrowed from results, or NULL when the field is missing */
	kube_jsonpath_results *res;
	size_t index;
	void *item;
};

/* kubectl's isLess on two JSONPath results of unstructured objects: numbers numerically,
 * strings as quantities when both parse as one, else bytewise (kubectl 1.37 sorts "cm-07"
 * before "cm-1": no natural order). Other kinds make kubectl exit with "unsortable type";
 * here they compare equal. */
static bool key_less(const kube_obj *a, const kube_obj *b)
{
	kube_obj_type ta = kube_obj_type_of(a), tb = kube_obj_type_of(b);

	if (ta == KUBE_OBJ_NUMBER && tb == KUBE_OBJ_NUMBER)
		return kube_obj_double(a) < kube_obj_double(b);
	if (ta == KUBE_OBJ_STRING && tb == KUBE_OBJ_STRING) {
		const char *sa = kube_obj_str(a), *sb = kube_obj_str(b);
		kq qa, qb;

		if (kq_parse(&qa, sa) && kq_parse(&qb, sb))
			return kq_cmp(&qa, &qb) < 0;
		return strcmp(sa, sb) < 0;
	}
	return false;
}

/* RuntimeSort.Less / TableSorter.Less: an object without the field is less than any */
static bool less_sort_item(const void *x, const void *y, void *ctx)
{
	const struct sort_item *a = x, *b = y;

	(void)ctx;
	if (!a->key)
		return true;
	if (!b->key)
		return false;
	return key_less(a->key, b->key);
}

/* Fill v[i].key from the jsonpath evaluated on each object and sort v. When no object has
 * the field, kubectl fails with "couldn't find any field ..." (KUBE_ENOMATCH here). */
static int sort_items(struct get_run *g, struct sort_item *v, size_t n, kube_err *err)
{
	size_t i;
	bool found = false;
	int rc;

	for (i = 0; i < n; i++) {
		const kube_obj *obj = v[i].item;

		v[i].index = i;
		v[i].res = NULL;
		v[i].key = NULL;
		if ((rc = kube_jsonpath_find_results(&v[i].res, g->sort_jp, obj, err)) < 0)
			return rc;
		if (kube_jsonpath_results_groups(v[i].res) &&
		    kube_jsonpath_results_len(v[i].res, 0))
			v[i].key = kube_jsonpath_results_at(v[i].res, 0, 0);
		if (v[i].key)
			found = true;
	}
	if (n && !found)
		return kube_err_set(err, KUBE_ENOMATCH,
				    "couldn't find any field with path \"%s\" in the list of objects",
				    g->sort_expr);
	/* sort.Sort, as kubectl's sorters: not stable, ties end where Go's pdqsort leaves them */
	kgo_sort(v, n, sizeof(*v), less_sort_item, NULL);
	return 0;
}

static void sort_release(struct sort_item *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		kube_jsonpath_results_free(v[i].res);
	free(v);
}

/* Rows of a table in print order: sorted by --sort-by (on row.object) when given. */
static int table_rows(struct get_run *g, const kube_obj *rows, struct sort_item **out, size_t *n,
		      kube_err *err)
{
	const kube_obj *row;
	size_t i = 0;
	int rc = 0;

	*n = kube_obj_len(rows);
	if (!(*out = calloc(*n ? *n : 1, sizeof(**out))))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	kube_obj_foreach(row, rows)
	{
		(*out)[i].item = (void *)(uintptr_t)kube_obj_get(row, "object");
		(*out)[i].key = row; /* stash the row while sorting keys are computed */
		i++;
	}
	if (g->sort_jp) {
		const kube_obj **rowsv = malloc(*n * sizeof(*rowsv) + 1);

		if (!rowsv)
			return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		for (i = 0; i < *n; i++)
			rowsv[i] = (*out)[i].key;
		rc = sort_items(g, *out, *n, err);
		/* after sorting, index tells the original row */
		for (i = 0; rc == 0 && i < *n; i++)
			(*out)[i].item = (void *)(uintptr_t)rowsv[(*out)[i].index];
		free(rowsv);
	} else {
		for (i = 0; i < *n; i++)
			(*out)[i].item = (void *)(uintptr_t)(*out)[i].key;
	}
	return rc;
}

static bool show_column(const struct get_run *g, const kube_obj *col)
{
	int64_t prio = 0;

	kube_obj_int64(kube_obj_get(col, "priority"), &prio);
	return prio == 0 || g->fmt.fmt == FMT_WIDE;
}

static int human_table(struct get_run *g, const kube_resource *r, const kube_obj *table,
		       kube_err *err)
{
	const kube_obj *cols = kube_obj_get(table, "columnDefinitions"), *rows, *col;
	kube_buf line = KUBE_BUF_INIT;
	bool no_headers = g->o->no_headers;
	struct sort_item *order = NULL;
	size_t norder = 0, oi;
	int rc = 0;
	size_t i;

	if (g->last_res != r) {
		if ((rc = flush_tw(g, err)) < 0)
			return rc;
		if (g->last_res && !g->o->no_headers && g->written_since_header > 0)
			g->separator_ready = true;
		g->last_res = r;
		g->printed_headers = false;
		if (g->tw)
			kube_tabwriter_reset_widths(g->tw);
		kube_obj_free(g->last_columns);
		g->last_columns = NULL;
		g->with_namespace = g->o->all_namespaces && r->namespaced;
	}
	if (!g->tw) {
		kube_tabwriter_opts to = KUBE_TABWRITER_GET_OPTS;

		if ((rc = kube_tabwriter_new(&g->tw, &to, err)) < 0)
			return rc;
	}
	if (g->printed_headers &&
	    (kube_obj_len(cols) == 0 || kube_obj_equal(cols, g->last_columns)))
		no_headers = true;
	if (kube_obj_len(cols) == 0) {
		cols = g->last_columns;
	} else if (!kube_obj_equal(cols, g->last_columns)) {
		kube_obj_free(g->last_columns);
		if ((rc = kube_obj_dup(&g->last_columns, cols, err)) < 0)
			return rc;
		cols = g->last_columns;
		g->printed_headers = false;
	}
	rows = kube_obj_get(table, "rows");
	if (kube_obj_len(rows) > 0)
		g->printed_headers = true;
	if (!kube_obj_len(rows))
		return 0;
	if (!no_headers) {
		bool first = true;

		if (g->event_type) {
			kube_buf_puts(&line, "EVENT\t");
		}
		if (g->with_namespace) {
			kube_buf_puts(&line, "NAMESPACE");
			first = false;
		}
		kube_obj_foreach(col, cols)
		{
			if (!show_column(g, col))
				continue;
			if (!first)
				kube_buf_putc(&line, '\t');
			first = false;
			put_upper(&line, kube_obj_path_str(col, "name", NULL) ? kube_obj_path_str(col, "name", NULL) : "");
		}
		for (i = 0; i < g->o->nlabel_columns; i++) {
			const char *k = g->o->label_columns[i], *sl = strrchr(k, '/');

			kube_buf_putc(&line, '\t');
			put_upper(&line, sl ? sl + 1 : k);
		}
		if (g->o->show_labels)
			kube_buf_puts(&line, "\tLABELS");
		kube_buf_putc(&line, '\n');
	}
	if ((rc = table_rows(g, rows, &order, &norder, err)) < 0) {
		sort_release(order, norder);
		kube_buf_release(&line);
		if (rc != KUBE_ENOMATCH)
			return rc;
		/* kubectl prints nothing for a table whose objects all lack the field */
		kube_err_clear(err);
		return 0;
	}
	for (oi = 0; oi < norder; oi++) {
		const kube_obj *row = order[oi].item;
		const kube_obj *cells = kube_obj_get(row, "cells"), *cell;
		const kube_obj *meta = kube_obj_path(row, "object", "metadata", NULL);
		bool first = true;

		if (g->event_type)
			kube_buf_printf(&line, "%-8s\t", g->event_type);

		if (g->with_namespace) {
			const char *ns = kube_obj_path_str(meta, "namespace", NULL);

			kube_buf_puts(&line, ns ? ns : "");
			first = false;
		}
		for (col = kube_obj_first(cols), cell = kube_obj_first(cells); col;
		     col = kube_obj_next(col), cell = kube_obj_next(cell)) {
			const char *cname = kube_obj_path_str(col, "name", NULL);

			if (!show_column(g, col))
				continue;
			if (!first)
				kube_buf_putc(&line, '\t');
			first = false;
			if (g->with_kind && cname && !strcmp(cname, "Name")) {
				kube_resource_kind_prefix(&line, r);
				kube_buf_putc(&line, '/');
			}
			put_cell(&line, cell);
		}
		for (i = 0; i < g->o->nlabel_columns; i++) {
			const char *v = kube_obj_path_str(meta, "labels", g->o->label_columns[i], NULL);

			kube_buf_putc(&line, '\t');
			kube_buf_puts(&line, v ? v : "");
		}
		if (g->o->show_labels) {
			kube_buf_putc(&line, '\t');
			put_labels(&line, kube_obj_get(meta, "labels"));
		}
		kube_buf_putc(&line, '\n');
	}
	sort_release(order, norder);
	if ((rc = kube_buf_check(&line, err)) == 0)
		kube_tabwriter_write(g->tw, line.ptr, line.len);
	kube_buf_release(&line);
	return rc;
}

/* Without a server Table (--server-print=false): NAME and AGE computed here. */
static int human_plain(struct get_run *g, const kube_resource *r, const kube_obj *obj,
		       kube_err *err)
{
	kube_obj *table = kube_obj_new_object(), *cols = kube_obj_new_array(),
		 *rows = kube_obj_new_array(), *c;
	const kube_obj *it, *items = kube_obj_get(obj, "items");
	int rc;

	c = kube_obj_new_object();
	kube_obj_set_str(c, "name", "Name");
	kube_obj_set_take(c, "priority", kube_obj_new_int(0));
	kube_obj_append_take(cols, c);
	c = kube_obj_new_object();
	kube_obj_set_str(c, "name", "Age");
	kube_obj_set_take(c, "priority", kube_obj_new_int(0));
	kube_obj_append_take(cols, c);
	for (it = items ? kube_obj_first(items) : obj; it; it = items ? kube_obj_next(it) : NULL) {
		kube_obj *row = kube_obj_new_object(), *cells = kube_obj_new_array(), *o = NULL;
		kube_buf age = KUBE_BUF_INIT;
		const char *name = kube_obj_path_str(it, "metadata", "name", NULL);

		kube_human_age(&age, kube_obj_path_str(it, "metadata", "creationTimestamp", NULL));
		kube_obj_append_take(cells, kube_obj_new_string(name ? name : ""));
		kube_obj_append_take(cells, kube_obj_new_string(age.ptr));
		kube_buf_release(&age);
		kube_obj_set_take(row, "cells", cells);
		o = kube_obj_new_object();
		if (kube_obj_get(it, "metadata")) {
			kube_obj *m = NULL;

			kube_obj_dup(&m, kube_obj_get(it, "metadata"), NULL);
			kube_obj_set_take(o, "metadata", m ? m : kube_obj_new_object());
		}
		kube_obj_set_take(row, "object", o);
		kube_obj_append_take(rows, row);
	}
	kube_obj_set_take(table, "columnDefinitions", cols);
	kube_obj_set_take(table, "rows", rows);
	rc = human_table(g, r, table, err);
	kube_obj_free(table);
	return rc;
}

static void fill_type(kube_obj *o, const kube_resource *r)
{
	kube_buf gv = KUBE_BUF_INIT;

	if (*r->group)
		kube_buf_printf(&gv, "%s/%s", r->group, r->version);
	else
		kube_buf_puts(&gv, r->version);
	if (!kube_obj_get(o, "apiVersion"))
		kube_obj_set_str(o, "apiVersion", gv.ptr);
	if (!kube_obj_get(o, "kind"))
		kube_obj_set_str(o, "kind", r->kind);
	kube_buf_release(&gv);
}

static void strip_managed(struct get_run *g, kube_obj *o)
{
	if (!g->o->show_managed_fields && g->fmt.fmt != FMT_JSONPATH &&
	    g->fmt.fmt != FMT_JSONPATH_AS_JSON)
		kube_obj_remove(kube_obj_get_mut(o, "metadata"), "managedFields");
}

static int flush_buf(struct get_run *g, kube_buf *b, kube_err *err);

static kube_obj *prefix_obj(const kube_resource *r)
{
	kube_buf b = KUBE_BUF_INIT;
	kube_obj *o;

	kube_resource_kind_prefix(&b, r);
	o = b.failed ? NULL : kube_obj_new_string(b.ptr);
	kube_buf_release(&b);
	return o;
}

/* Watch mode: one object printed on its own (kubectl prints watched objects one by one). */
static int print_single(struct get_run *g, const kube_obj *o, kube_err *err)
{
	kube_buf b = KUBE_BUF_INIT;
	kube_obj *wrap = NULL;
	const kube_obj *doc = o;
	int rc = 0;

	if (g->event_type && g->fmt.fmt != FMT_JSON) {
		kube_obj *copy = NULL;

		if ((rc = kube_obj_dup(&copy, o, err)) < 0)
			return rc;
		wrap = kube_obj_new_object();
		kube_obj_set_take(wrap, "object", copy);
		kube_obj_set_str(wrap, "type", g->event_type);
		doc = wrap;
	}
	switch (g->fmt.fmt) {
	case FMT_JSON:
		if (g->event_type) {
			/* metav1.WatchEvent: type first, then the object, one compact line */
			kube_buf_printf(&b, "{\"type\":\"%s\",\"object\":", g->event_type);
			kube_json_write(&b, doc, KUBE_JSON_SORT_KEYS | KUBE_JSON_HTML_ESCAPE);
			kube_buf_putc(&b, '}');
		} else
			kube_json_write(&b, doc,
					KUBE_JSON_INDENT | KUBE_JSON_SORT_KEYS | KUBE_JSON_HTML_ESCAPE);
		kube_buf_putc(&b, '\n');
		break;
	case FMT_YAML:
		if (g->printed_objects)
			kube_buf_puts(&b, "---\n");
		kube_yaml_write(&b, doc, 0);
		break;
	case FMT_KYAML:
		kube_kyaml_write(&b, doc);
		break;
	case FMT_JSONPATH:
	case FMT_JSONPATH_AS_JSON:
		rc = kube_jsonpath_print(g->jp, doc, &b, err);
		break;
	case FMT_TEMPLATE:
		rc = kube_template_print(g->tmpl, doc, &b, err);
		break;
	default:
		break;
	}
	g->printed_objects++;
	if (rc == 0)
		rc = flush_buf(g, &b, err);
	kube_buf_release(&b);
	kube_obj_free(wrap);
	return rc;
}

/* -o json|yaml of a list: the List wrapper is written around items as they come, so memory
 * stays flat however long the list. The output is byte for byte what printing the whole List
 * would give. */
static int stream_item(struct get_run *g, const kube_obj *o, kube_err *err)
{
	kube_buf b = KUBE_BUF_INIT;
	int rc;

	if (g->fmt.fmt == FMT_JSON) {
		kube_buf_puts(&b, g->streamed ? ",\n        "
					      : "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        ");
		kube_json_write_at(&b, o, KUBE_JSON_INDENT | KUBE_JSON_SORT_KEYS | KUBE_JSON_HTML_ESCAPE,
				   2);
	} else {
		if (!g->streamed)
			kube_buf_puts(&b, "apiVersion: v1\nitems:\n");
		kube_yaml_write(&b, o, KUBE_YAML_LIST_ITEM);
	}
	g->streamed++;
	rc = flush_buf(g, &b, err);
	kube_buf_release(&b);
	return rc;
}

static int stream_end(struct get_run *g, kube_err *err)
{
	kube_buf b = KUBE_BUF_INIT;
	int rc;

	if (g->fmt.fmt == FMT_JSON) {
		if (g->streamed)
			kube_buf_puts(&b, "\n    ],\n");
		else
			kube_buf_puts(&b, "{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n");
		kube_buf_puts(&b, "    \"kind\": \"List\",\n    \"metadata\": {\n        "
				  "\"resourceVersion\": \"\"\n    }\n}\n");
	} else {
		if (!g->streamed)
			kube_buf_puts(&b, "apiVersion: v1\nitems: []\n");
		kube_buf_puts(&b, "kind: List\nmetadata:\n  resourceVersion: \"\"\n");
	}
	rc = flush_buf(g, &b, err);
	kube_buf_release(&b);
	return rc;
}

/* One object for the non-human formats. Takes o. */
static int add_object(struct get_run *g, const kube_resource *r, kube_obj *o, kube_err *err)
{
	kube_buf b = KUBE_BUF_INIT;
	int rc = 0;

	g->nseen++;
	fill_type(o, r);
	if (!(g->watching && g->event_type))
		strip_managed(g, o);
	if (g->watching && g->fmt.fmt != FMT_NAME && g->fmt.fmt != FMT_CUSTOM) {
		rc = print_single(g, o, err);
		kube_obj_free(o);
		return rc;
	}
	if ((g->fmt.fmt == FMT_NAME || g->fmt.fmt == FMT_CUSTOM) && g->sort_jp && !g->watching) {
		/* sorted names and rows are printed at the end */
		kube_obj_set_take(o, "__kubec_prefix", prefix_obj(r));
		kube_obj_append_take(g->items, o);
		g->nitems++;
		return 0;
	}
	switch (g->fmt.fmt) {
	case FMT_NAME:
		kube_resource_kind_prefix(&b, r);
		kube_buf_printf(&b, "/%s\n", kube_obj_path_str(o, "metadata", "name", NULL)
						     ? kube_obj_path_str(o, "metadata", "name", NULL)
						     : "");
		rc = flush_buf(g, &b, err);
		kube_obj_free(o);
		break;
	case FMT_CUSTOM:
		if (!g->cc_header_done && !g->o->no_headers)
			kube_customcols_print_header(g->cc, g->tw);
		g->cc_header_done = true;
		rc = kube_customcols_print_row(g->cc, o, g->tw, err);
		kube_obj_free(o);
		break;
	default:
		if (g->stream_list) {
			rc = stream_item(g, o, err);
			kube_obj_free(o);
			break;
		}
		if (kube_obj_append_take(g->items, o) < 0)
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		g->nitems++;
	}
	kube_buf_release(&b);
	return rc;
}

struct page_ctx {
	struct get_run *g;
	const kube_resource *r;
};

static int on_page(kube_obj *page, void *payload, kube_err *err)
{
	struct page_ctx *pc = payload;
	struct get_run *g = pc->g;
	kube_obj *items, *it;
	int rc = 0;

	if (g->o->watch || g->o->watch_only) {
		const char *rv = kube_obj_path_str(page, "metadata", "resourceVersion", NULL);

		if (rv && *rv) {
			free(g->last_rv);
			g->last_rv = strdup(rv);
		}
	}
	if (g->fmt.fmt == FMT_HUMAN || g->fmt.fmt == FMT_WIDE) {
		const char *kind = kube_obj_path_str(page, "kind", NULL);

		if (kind && !strcmp(kind, "Table"))
			rc = human_table(g, pc->r, page, err);
		else
			rc = human_plain(g, pc->r, page, err);
		kube_obj_free(page);
		return rc;
	}
	items = kube_obj_get_mut(page, "items");
	while (rc == 0 && (it = kube_obj_detach_at(items, 0)) != NULL)
		rc = add_object(g, pc->r, it, err);
	kube_obj_free(page);
	return rc;
}

static bool human(const struct get_run *g)
{
	return g->fmt.fmt == FMT_HUMAN || g->fmt.fmt == FMT_WIDE;
}

/* Keep a per-object error (moved out of e) to report after the output. */
static int defer_error(struct get_run *g, kube_err *e, kube_err *err)
{
	kube_err *n = realloc(g->errs, (g->nerrs + 1) * sizeof(*n));

	if (!n) {
		kube_err_clear(e);
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	g->errs = n;
	memset(&g->errs[g->nerrs], 0, sizeof(kube_err));
	kube_err_move(&g->errs[g->nerrs++], e);
	g->res->errors++;
	return 0;
}

static int visit(struct get_run *g, const kube_target *t, kube_err *err)
{
	const char *ns = t->namespace ? t->namespace
		       : g->o->all_namespaces && !t->name ? NULL : g->o->namespace;
	const char *accept = human(g) && g->o->server_print ? TABLE_ACCEPT : "application/json";
	kube_err e = KUBE_ERR_INIT;
	int rc;

	g->res->all_namespaced = g->res->all_namespaced && t->res->namespaced;
	if (t->name) {
		kube_obj *o = NULL;

		rc = kube_get(&o, g->c, t->res, ns, t->name, accept, &e);
		if (rc == 0) {
			struct page_ctx pc = {g, t->res};

			if (human(g))
				return on_page(o, &pc, err);
			return add_object(g, t->res, o, err);
		}
	} else {
		struct page_ctx pc = {g, t->res};
		kube_list_opts lo = {.namespace = ns,
				     .label_selector = g->o->selector,
				     .field_selector = g->o->field_selector,
				     .chunk_size = g->sort_jp ? 0 : g->o->chunk_size,
				     .accept = accept,
				     .include_object = g->sort_jp && human(g) && g->o->server_print
							       ? "Object" : NULL};

		rc = kube_list(g->c, t->res, &lo, on_page, &pc, &e);
		if (rc == 0)
			return 0;
	}
	if (rc == KUBE_EIO || rc == KUBE_ENOMEM || g->write_rc < 0) {
		kube_err_move(err, &e);
		return rc;
	}
	if (!(rc == KUBE_ENOTFOUND && g->o->ignore_not_found && t->name))
		return defer_error(g, &e, err);
	kube_err_clear(&e);
	return 0;
}


/* ---- watch ---- */

/* --watch-only: learn the collection's resourceVersion from one small page, print nothing. */
static int rv_only_page(kube_obj *page, void *payload, kube_err *err)
{
	struct get_run *g = payload;
	const char *rv = kube_obj_path_str(page, "metadata", "resourceVersion", NULL);

	if (rv && *rv) {
		free(g->last_rv);
		g->last_rv = strdup(rv);
	}
	kube_obj_free(page);
	return kube_err_set(err, KUBE_ECANCELED, "enough");
}

struct watch_ctx {
	struct get_run *g;
	const kube_resource *r;
	bool skip_added;      /* a named watch from rv 0 repeats the object first: skip it */
	kube_err ev_err;      /* an ERROR event */
	bool got_error;
};

static int watch_event(struct watch_ctx *w, const char *line, size_t len, kube_err *err)
{
	struct get_run *g = w->g;
	kube_obj *ev = NULL, *obj;
	const char *type, *rv;
	int rc;

	if ((rc = kube_obj_parse_json(&ev, line, len, err)) < 0)
		return rc;
	type = kube_obj_path_str(ev, "type", NULL);
	obj = kube_obj_detach(ev, "object");
	if (!type || !obj) {
		kube_obj_free(ev);
		kube_obj_free(obj);
		return 0;
	}
	if (!strcmp(type, "ERROR")) {
		kube_err_from_status(&w->ev_err, obj);
		w->got_error = true;
		kube_obj_free(ev);
		kube_obj_free(obj);
		return kube_err_set(err, KUBE_ECANCELED, "watch error");
	}
	rv = kube_obj_path_str(obj, "metadata", "resourceVersion", NULL);
	if (!rv)
		rv = kube_obj_path_str(kube_obj_at(kube_obj_get(obj, "rows"), 0), "object", "metadata",
				       "resourceVersion", NULL);
	if (rv && *rv) {
		free(g->last_rv);
		g->last_rv = strdup(rv);
	}
	if (w->skip_added && !strcmp(type, "ADDED")) {
		w->skip_added = false;
		kube_obj_free(ev);
		kube_obj_free(obj);
		return 0;
	}
	w->skip_added = false;
	if (!strcmp(type, "BOOKMARK")) {
		kube_obj_free(ev);
		kube_obj_free(obj);
		return 0;
	}
	g->event_type = g->o->output_watch_events ? type : NULL;
	if (human(g)) {
		const char *kind = kube_obj_path_str(obj, "kind", NULL);

		if (kind && !strcmp(kind, "Table"))
			rc = human_table(g, w->r, obj, err);
		else
			rc = human_plain(g, w->r, obj, err);
		kube_obj_free(obj);
		if (rc == 0)
			rc = flush_tw(g, err);
	} else {
		rc = add_object(g, w->r, obj, err);
	}
	kube_obj_free(ev);
	return rc;
}

static int watch_data(const char *data, size_t len, void *payload, kube_err *err)
{
	struct watch_ctx *w = payload;
	kube_buf *s = &w->g->stream;
	size_t start = 0, i;
	int rc;

	kube_buf_put(s, data, len);
	if ((rc = kube_buf_check(s, err)) < 0)
		return rc;
	for (i = 0; i < s->len; i++) {
		if (s->ptr[i] != '\n')
			continue;
		if (i > start && (rc = watch_event(w, s->ptr + start, i - start, err)) < 0)
			return rc;
		start = i + 1;
	}
	if (start) {
		memmove(s->ptr, s->ptr + start, s->len - start);
		kube_buf_truncate(s, s->len - start);
	}
	return 0;
}

/* Watch one target from g->last_rv, reconnecting (from the last resourceVersion seen) when
 * the stream breaks; a clean end of the stream, or the client's --request-timeout, ends it. */
static int watch(struct get_run *g, const kube_target *t, kube_err *err)
{
	struct watch_ctx w = {g, t->res, false, KUBE_ERR_INIT, false};
	const char *ns = g->o->all_namespaces && !t->name ? NULL : g->o->namespace;
	kube_buf path = KUBE_BUF_INIT, fsel = KUBE_BUF_INIT;
	int rc = 0, retries = 0;

	kube_resource_path(&path, t->res, ns, NULL);
	if (t->name) {
		kube_buf_printf(&fsel, "metadata.name=%s", t->name);
		if (g->o->field_selector && *g->o->field_selector)
			kube_buf_printf(&fsel, ",%s", g->o->field_selector);
	} else if (g->o->field_selector) {
		kube_buf_puts(&fsel, g->o->field_selector);
	}
	if (t->name) {
		/* kubectl watches one object from resourceVersion 0 and drops the first ADDED */
		free(g->last_rv);
		g->last_rv = strdup("0");
		w.skip_added = !g->o->watch_only;
	}
	for (;;) {
		kube_param ps[4];
		size_t np = 0;
		kube_response resp = KUBE_RESPONSE_INIT;
		kube_request req = {.path = path.ptr, .params = ps,
				    .accept = human(g) && g->o->server_print ?
						      TABLE_ACCEPT : "application/json",
				    .data_fn = watch_data, .data_payload = &w,
				    .group = t->res->group, .resource = t->res->resource};

		if (fsel.len)
			ps[np++] = (kube_param){"fieldSelector", fsel.ptr};
		if (g->o->selector && *g->o->selector)
			ps[np++] = (kube_param){"labelSelector", g->o->selector};
		ps[np++] = (kube_param){"resourceVersion", g->last_rv ? g->last_rv : "0"};
		ps[np++] = (kube_param){"watch", "true"};
		req.nparams = np;
		kube_buf_truncate(&g->stream, 0);
		rc = kube_client_do(g->c, &req, &resp, err);
		kube_response_release(&resp);
		if (w.got_error) {
			g->sink->error(&w.ev_err, false, g->sink->payload);
			g->res->errors++;
			kube_err_clear(&w.ev_err);
			kube_err_clear(err);
			rc = 0;
			break;
		}
		if (rc == 0)
			break; /* the server ended the watch */
		if (err && ((rc == KUBE_ETRANSPORT && err->transport == KUBE_TRANSPORT_TIMEOUT) ||
			    (err->message && strstr(err->message, "Client.Timeout")))) {
			/* --request-timeout ends a watch quietly, as with kubectl */
			kube_err_clear(err);
			rc = 0;
			break;
		}
		/* KUBE_ERROR: the stream broke after the response head; ETRANSPORT: no answer */
		if ((rc != KUBE_ETRANSPORT && rc != KUBE_ERROR) || ++retries > 5)
			break;
		kube_err_clear(err);
		sleep(1); /* the stream dropped: resume from the last resourceVersion */
	}
	kube_buf_release(&path);
	kube_buf_release(&fsel);
	kube_err_clear(&w.ev_err);
	return rc;
}


/* ---- -f FILE ---- */

/* The objects named in manifests become targets (type, name, namespace). Mapping failures and
 * namespace mismatches are per-object errors, as kubectl reports them. */
static int targets_from_files(struct get_run *g, kube_targets *t, kube_manifest *man,
			      kube_err *err)
{
	kube_manifest_opts mo = {.recursive = g->o->recursive};
	const kube_resource *first = NULL;
	size_t fi, di, cap = 0;
	kube_buf arg = KUBE_BUF_INIT;
	int rc;

	if ((rc = kube_manifest_load(man, g->o->filenames, g->o->nfilenames, &mo, NULL, err)) < 0)
		return rc;
	for (fi = 0; fi < man->nfiles; fi++) {
		kube_manifest_file *f = &man->files[fi];

		for (di = 0; di < f->ndocs; di++) {
			const kube_obj *doc = f->docs[di];
			const char *av = kube_obj_path_str(doc, "apiVersion", NULL);
			const char *kind = kube_obj_path_str(doc, "kind", NULL);
			const char *name = kube_obj_path_str(doc, "metadata", "name", NULL);
			const char *ns = kube_obj_path_str(doc, "metadata", "namespace", NULL);
			const kube_resource *r;
			const char *slash;
			kube_err e = KUBE_ERR_INIT;

			if (!av || !kind || !name)
				continue;
			kube_buf_truncate(&arg, 0);
			slash = strchr(av, '/');
			if (slash)
				kube_buf_printf(&arg, "%s.%s.%.*s", kind, slash + 1, (int)(slash - av), av);
			else
				kube_buf_printf(&arg, "%s.%s.", kind, av);
			if ((rc = kube_discovery_map(&r, g->d, arg.ptr, &e)) < 0) {
				if (rc == KUBE_ENOMATCH) {
					kube_err_set(&e, KUBE_ENOMATCH,
						     "resource mapping not found for name: \"%s\" namespace: "
						     "\"%s\" from \"%s\": no matches for kind \"%s\" in version "
						     "\"%s\"\nensure CRDs are installed first",
						     name, ns ? ns : "", f->source, kind, av);
				}
				if ((rc = defer_error(g, &e, err)) < 0)
					goto out;
				continue;
			}
			if (r->namespaced && ns && g->o->namespace_explicit &&
			    strcmp(ns, g->o->namespace)) {
				kube_err_set(&e, KUBE_EINVAL,
					     "the namespace from the provided object \"%s\" does not match "
					     "the namespace \"%s\". You must pass '--namespace=%s' to "
					     "perform this operation.",
					     ns, g->o->namespace, ns);
				if ((rc = defer_error(g, &e, err)) < 0)
					goto out;
				continue;
			}
			if (t->n == cap) {
				size_t nc = cap ? cap * 2 : 8;
				kube_target *nv = realloc(t->v, nc * sizeof(*nv));

				if (!nv) {
					rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
					goto out;
				}
				t->v = nv;
				cap = nc;
			}
			t->v[t->n].res = r;
			t->v[t->n].name = name;
			t->v[t->n].namespace = r->namespaced ? (ns ? ns : g->o->namespace) : NULL;
			t->n++;
			if (first && first != r)
				t->multiple_types = true;
			first = r;
		}
		if (f->err.code) {
			kube_err e = KUBE_ERR_INIT;

			kube_err_move(&e, &f->err);
			if ((rc = defer_error(g, &e, err)) < 0)
				goto out;
		}
	}
	t->single_item_implied = t->n == 1 && g->nerrs == 0;
	rc = 0;
out:
	kube_buf_release(&arg);
	return rc;
}

static int finish_collected(struct get_run *g, bool single, kube_err *err)
{
	kube_obj *doc = NULL, *meta;
	kube_buf b = KUBE_BUF_INIT;
	int rc = 0;

	if (human(g))
		return 0;
	/* printGeneric: nothing at all when no object came and NotFound is ignored, or when
	 * the one object named failed (only its error is printed) */
	if ((g->o->ignore_not_found || (single && g->nerrs)) && !g->nseen)
		return 0;
	if (g->fmt.fmt == FMT_CUSTOM && !g->nseen) {
		/* an empty list still gets its header (unless a single named object failed) */
		if (!(single && g->nerrs) && !g->cc_header_done && !g->o->no_headers)
			kube_customcols_print_header(g->cc, g->tw);
		g->cc_header_done = true;
		return 0;
	}
	if ((g->fmt.fmt == FMT_NAME || g->fmt.fmt == FMT_CUSTOM) && !g->sort_jp)
		return 0;
	if (g->stream_list)
		return stream_end(g, err);
	if (g->sort_jp && g->nitems > 0) {
		struct sort_item *v = calloc(g->nitems, sizeof(*v));
		kube_obj *sorted = kube_obj_new_array(), *it;
		size_t i = 0, n = g->nitems;

		if (!v || !sorted) {
			free(v);
			kube_obj_free(sorted);
			return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		}
		while ((it = kube_obj_detach_at(g->items, 0)) != NULL && i < n)
			v[i++].item = it;
		if ((rc = sort_items(g, v, i, err)) == 0) {
			size_t k;

			for (k = 0; k < i; k++) {
				kube_obj_append_take(sorted, v[k].item);
				v[k].item = NULL;
			}
		}
		for (n = 0; n < i; n++)
			kube_obj_free(v[n].item);
		sort_release(v, i);
		kube_obj_free(g->items);
		g->items = sorted;
		if (rc < 0)
			return rc;
	}
	if (g->fmt.fmt == FMT_CUSTOM) {
		const kube_obj *it;

		kube_obj_foreach(it, g->items) {
			if (!g->cc_header_done && !g->o->no_headers)
				kube_customcols_print_header(g->cc, g->tw);
			g->cc_header_done = true;
			if ((rc = kube_customcols_print_row(g->cc, it, g->tw, err)) < 0)
				return rc;
		}
		return 0;
	}
	if (g->fmt.fmt == FMT_NAME) {
		const kube_obj *it;

		kube_obj_foreach(it, g->items)
			kube_buf_printf(&b, "%s/%s\n", kube_obj_path_str(it, "__kubec_prefix", NULL),
					kube_obj_path_str(it, "metadata", "name", NULL)
						? kube_obj_path_str(it, "metadata", "name", NULL)
						: "");
		rc = flush_buf(g, &b, err);
		kube_buf_release(&b);
		return rc;
	}
	if (single && g->nitems == 1) {
		doc = kube_obj_detach_at(g->items, 0);
	} else {
		doc = kube_obj_new_object();
		meta = kube_obj_new_object();
		if (!doc || !meta) {
			kube_obj_free(doc);
			kube_obj_free(meta);
			return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		}
		kube_obj_set_str(doc, "apiVersion", "v1");
		kube_obj_set_take(doc, "items", g->items);
		g->items = NULL;
		kube_obj_set_str(doc, "kind", "List");
		kube_obj_set_str(meta, "resourceVersion", "");
		kube_obj_set_take(doc, "metadata", meta);
	}
	switch (g->fmt.fmt) {
	case FMT_JSON:
		kube_json_write(&b, doc, KUBE_JSON_INDENT | KUBE_JSON_SORT_KEYS | KUBE_JSON_HTML_ESCAPE);
		kube_buf_putc(&b, '\n');
		break;
	case FMT_YAML:
		kube_yaml_write(&b, doc, 0);
		break;
	case FMT_KYAML:
		kube_kyaml_write(&b, doc);
		break;
	case FMT_JSONPATH:
	case FMT_JSONPATH_AS_JSON:
		rc = kube_jsonpath_print(g->jp, doc, &b, err);
		break;
	case FMT_TEMPLATE:
		rc = kube_template_print(g->tmpl, doc, &b, err);
		if (rc < 0 && b.len) {
			/* kubectl prints the debugging text before failing */
			flush_buf(g, &b, NULL);
		}
		break;
	default:
		break;
	}
	if (rc == 0)
		rc = flush_buf(g, &b, err);
	kube_buf_release(&b);
	kube_obj_free(doc);
	return rc;
}

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

/* "<what><arg>, <message>" as kubectl words printer set-up failures. */
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

static int setup_printers(struct get_run *g, kube_err *err)
{
	kube_buf text = KUBE_BUF_INIT;
	const char *arg = g->fmt.arg;
	int rc = 0;

	if (g->o->sort_by && *g->o->sort_by) {
		kube_buf expr = KUBE_BUF_INIT;

		if ((rc = kube_jsonpath_relaxed(&expr, g->o->sort_by, err)) == 0 &&
		    (rc = kube_jsonpath_parse(&g->sort_jp, "sort", expr.ptr, err)) == 0)
			kube_jsonpath_set_allow_missing_keys(g->sort_jp, true);
		g->sort_expr = kube_buf_detach(&expr, NULL);
		if (rc < 0)
			return rc;
	}

	if (g->fmt.from_file) {
		if ((rc = read_file(arg, &text, err)) < 0)
			goto out;
		arg = text.ptr;
	}
	switch (g->fmt.fmt) {
	case FMT_JSONPATH:
	case FMT_JSONPATH_AS_JSON:
		if ((rc = kube_jsonpath_parse(&g->jp, "output", arg, err)) < 0) {
			prefix_err(err, "error parsing jsonpath ", arg);
			break;
		}
		kube_jsonpath_set_allow_missing_keys(g->jp, g->o->allow_missing_template_keys);
		kube_jsonpath_set_json_output(g->jp, g->fmt.fmt == FMT_JSONPATH_AS_JSON);
		break;
	case FMT_CUSTOM: {
		kube_tabwriter_opts to = KUBE_TABWRITER_GET_OPTS;

		if (g->fmt.from_file)
			rc = kube_customcols_parse_file(&g->cc, text.ptr, text.len, err);
		else
			rc = kube_customcols_parse(&g->cc, arg, err);
		if (rc == 0)
			rc = kube_tabwriter_new(&g->tw, &to, err);
		break;
	}
	case FMT_TEMPLATE:
		if ((rc = kube_template_parse(&g->tmpl, "output", arg, err)) < 0) {
			prefix_err(err, "error parsing template ", arg);
			break;
		}
		kube_template_set_missing_key_error(g->tmpl, !g->o->allow_missing_template_keys);
		break;
	default:
		break;
	}
out:
	kube_buf_release(&text);
	return rc;
}

int kube_get_run(kube_client *c, kube_discovery *d, const kube_get_opts *o, char *const *args,
		 size_t n, const kube_get_sink *sink, kube_get_result *res, kube_err *err)
{
	struct get_run g;
	kube_targets t = KUBE_TARGETS_INIT;
	kube_manifest man = KUBE_MANIFEST_INIT;
	kube_builder_opts bo = {.has_selector = (o->selector && *o->selector) ||
						(o->field_selector && *o->field_selector),
				.allow_empty_names = true};
	size_t i;
	int rc;

	memset(res, 0, sizeof(*res));
	res->all_namespaced = !o->all_namespaces;
	memset(&g, 0, sizeof(g));
	g.c = c;
	g.d = d;
	g.o = o;
	g.sink = sink;
	g.res = res;
	if ((rc = parse_output(&g.fmt, o->output, o->template_, err)) < 0)
		return rc;
	res->human = human(&g);
	if ((rc = setup_printers(&g, err)) < 0)
		goto out;
	if (!(g.items = kube_obj_new_array())) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	if (o->nfilenames) {
		if ((rc = targets_from_files(&g, &t, &man, err)) < 0)
			goto out;
		if (n) {
			rc = kube_err_set(err, KUBE_EINVAL, "when paths, URLs, or stdin is provided as "
							     "input, you may not specify resource "
							     "arguments as well");
			goto out;
		}
	} else if ((rc = kube_targets_resolve(&t, d, args, n, &bo, err)) < 0) {
		goto out;
	}
	g.with_kind = o->show_kind || t.multiple_types;
	if (o->watch || o->watch_only) {
		if (t.multiple_types) {
			rc = kube_err_set(err, KUBE_EINVAL, "you may only specify a single resource type");
			goto out;
		}
		g.watching = true;
		g.event_type = o->output_watch_events ? "ADDED" : NULL;
		for (i = 0; !o->watch_only && i < t.n; i++)
			if ((rc = visit(&g, &t.v[i], err)) < 0)
				goto out;
		if ((rc = flush_tw(&g, err)) < 0)
			goto out;
		if (o->watch_only) {
			/* start from "now": the current resourceVersion of the collection */
			kube_list_opts lo = {.namespace = o->all_namespaces ? NULL : o->namespace,
					     .chunk_size = 1, .label_selector = o->selector,
					     .field_selector = o->field_selector};

			if (t.n && !t.v[0].name) {
				rc = kube_list(c, t.v[0].res, &lo, rv_only_page, &g, err);
				if (rc == KUBE_ECANCELED) {
					kube_err_clear(err);
					rc = 0;
				}
				if (rc < 0)
					goto out;
			}
		}
		if (t.n)
			rc = watch(&g, &t.v[0], err);
		goto out;
	}
	g.stream_list = (g.fmt.fmt == FMT_JSON || g.fmt.fmt == FMT_YAML) && !g.sort_jp &&
			!t.single_item_implied;
	for (i = 0; i < t.n; i++)
		if ((rc = visit(&g, &t.v[i], err)) < 0)
			goto out;
	if ((rc = flush_tw(&g, err)) < 0)
		goto out;
	rc = finish_collected(&g, t.single_item_implied, err);
	if (rc == 0)
		rc = flush_tw(&g, err); /* rows printed by finish_collected() */
	for (i = 0; rc == 0 && i < g.nerrs; i++)
		sink->error(&g.errs[i], g.nerrs > 1, sink->payload);
out:
	for (i = 0; i < g.nerrs; i++)
		kube_err_clear(&g.errs[i]);
	free(g.errs);
	kube_manifest_release(&man);
	kube_targets_release(&t);
	kube_tabwriter_free(g.tw);
	kube_jsonpath_free(g.jp);
	kube_customcols_free(g.cc);
	kube_template_free(g.tmpl);
	kube_obj_free(g.items);
	kube_obj_free(g.last_columns);
	kube_buf_release(&g.out);
	kube_buf_release(&g.stream);
	free(g.last_rv);
	kube_jsonpath_free(g.sort_jp);
	free(g.sort_expr);
	return rc;
}
