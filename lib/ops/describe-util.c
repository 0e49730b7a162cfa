/* Shared machinery of the describers: the prefix writer, Go zero-value accessors, times,
 * Go's sort, label selectors, labels and annotations, server reads and the events table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kube/codec.h>
#include <kube/time.h>

#include "describe-internal.h"

#include "banned.h"

/* ---- writer ---- */

static void kd_emit(struct kd *d, const char *s, size_t n)
{
	kube_buf esc = KUBE_BUF_INIT;
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '\x1b' && s[i] != '\r')
			continue;
		kube_buf_put(&esc, s + start, i - start);
		kube_buf_puts(&esc, s[i] == '\x1b' ? "^[" : "\\r");
		start = i + 1;
	}
	if (!esc.len && start == 0) {
		kube_tabwriter_write(d->tw, s, n);
		return;
	}
	kube_buf_put(&esc, s + start, n - start);
	if (esc.failed)
		d->oom = true;
	else
		kube_tabwriter_write(d->tw, esc.ptr, esc.len);
	kube_buf_release(&esc);
}

static void kd_prefix(struct kd *d, int level)
{
	int i;

	kube_buf_truncate(&d->tmp, 0);
	for (i = 0; i < level; i++)
		kube_buf_puts(&d->tmp, "  ");
}

void kd_w(struct kd *d, int level, const char *fmt, ...)
{
	va_list ap;

	kd_prefix(d, level);
	va_start(ap, fmt);
	kube_buf_vprintf(&d->tmp, fmt, ap);
	va_end(ap);
	if (d->tmp.failed) {
		d->oom = true;
		return;
	}
	kd_emit(d, d->tmp.ptr, d->tmp.len);
}

void kd_puts(struct kd *d, int level, const char *s)
{
	kd_prefix(d, level);
	kube_buf_puts(&d->tmp, s);
	if (d->tmp.failed) {
		d->oom = true;
		return;
	}
	kd_emit(d, d->tmp.ptr, d->tmp.len);
}

void kd_flush(struct kd *d)
{
	if (kube_tabwriter_flush(d->tw, &d->out, NULL) < 0)
		d->oom = true;
}

/* ---- accessors ---- */

const char *kd_str(const kube_obj *o, const char *key)
{
	return kd_or(kube_obj_str(kube_obj_get(o, key)), "");
}

int64_t kd_int(const kube_obj *v)
{
	int64_t i = 0;

	if (kube_obj_int64(v, &i) == 0)
		return i;
	if (kube_obj_type_of(v) == KUBE_OBJ_NUMBER)
		return (int64_t)kube_obj_double(v);
	return 0;
}

void kd_scalar(kube_buf *b, const kube_obj *v)
{
	switch (kube_obj_type_of(v)) {
	case KUBE_OBJ_STRING:
		kube_buf_puts(b, kube_obj_str(v));
		break;
	case KUBE_OBJ_NUMBER:
	case KUBE_OBJ_BOOL:
	case KUBE_OBJ_ARRAY:
	case KUBE_OBJ_OBJECT:
		kube_go_format_value(b, v);
		break;
	default:
		break;
	}
}

void kd_intstr(kube_buf *b, const kube_obj *v)
{
	if (kube_obj_type_of(v) == KUBE_OBJ_NUMBER)
		kube_buf_printf(b, "%lld", (long long)kd_int(v));
	else if (kube_obj_str(v))
		kube_buf_puts(b, kube_obj_str(v));
	else
		kube_buf_puts(b, "0");
}

void kd_strlist_v(kube_buf *b, const kube_obj *arr)
{
	const kube_obj *e;
	bool first = true;

	kube_buf_putc(b, '[');
	kube_obj_foreach(e, arr) {
		if (!first)
			kube_buf_putc(b, ' ');
		first = false;
		kd_scalar(b, e);
	}
	kube_buf_putc(b, ']');
}

void kd_join(kube_buf *b, const kube_obj *arr, const char *sep)
{
	const kube_obj *e;
	bool first = true;

	kube_obj_foreach(e, arr) {
		if (!first)
			kube_buf_puts(b, sep);
		first = false;
		kd_scalar(b, e);
	}
}

/* ---- time ---- */

bool kd_time(const char *s, int64_t *sec, int32_t *nsec)
{
	const char *p;
	int32_t ns = 0;
	int digits = 0;

	*sec = 0;
	*nsec = 0;
	if (!s || !*s || kube_time_parse(s, sec) < 0)
		return false;
	p = strchr(s, '.');
	if (p && (size_t)(p - s) == 19) {
		for (p++; *p >= '0' && *p <= '9'; p++, digits++)
			if (digits < 9)
				ns = ns * 10 + (*p - '0');
		for (; digits < 9; digits++)
			ns *= 10;
	}
	*nsec = ns;
	return true;
}

/* Go's zero time.Time, 0001-01-01T00:00:00Z, in unix seconds. */
#define KD_ZERO_TIME ((int64_t)-62135596800LL)

void kd_rfc1123(kube_buf *b, const char *ts)
{
	int64_t sec;
	int32_t nsec;

	if (!kd_time(ts, &sec, &nsec))
		sec = KD_ZERO_TIME;
	kube_time_rfc1123z(b, sec);
}

void kd_since(struct kd *d, kube_buf *b, const char *ts)
{
	int64_t sec, diff;
	int32_t nsec;
	__int128 ns;

	if (!kd_time(ts, &sec, &nsec) || sec == KD_ZERO_TIME) {
		kube_buf_puts(b, "<unknown>");
		return;
	}
	ns = ((__int128)d->now_sec - sec) * 1000000000 + (d->now_nsec - nsec);
	diff = (int64_t)(ns / 1000000000);
	kube_human_duration(b, diff);
}

static bool less_member_key(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(kube_obj_key(*(const kube_obj *const *)a),
		      kube_obj_key(*(const kube_obj *const *)b)) < 0;
}

const kube_obj **kd_sorted_members(const kube_obj *o, size_t *n)
{
	const kube_obj **v, *m;
	size_t i = 0;

	*n = 0;
	if (kube_obj_type_of(o) != KUBE_OBJ_OBJECT || !kube_obj_len(o))
		return NULL;
	if (!(v = malloc(kube_obj_len(o) * sizeof(*v))))
		return NULL;
	kube_obj_foreach(m, o)
		v[i++] = m;
	kgo_sort(v, i, sizeof(*v), less_member_key, NULL);
	*n = i;
	return v;
}

/* ---- selectors ---- */

struct req {
	const char *key;
	const char *op; /* "=", "in", "notin", "exists", "!" */
	const char **vals;
	size_t nvals;
};

static bool less_req(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(((const struct req *)a)->key, ((const struct req *)b)->key) < 0;
}

static bool less_cstr(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(*(const char *const *)a, *(const char *const *)b) < 0;
}

bool kd_label_selector(kube_buf *b, const kube_obj *sel)
{
	const kube_obj *ml = kube_obj_get(sel, "matchLabels"),
		       *me = kube_obj_get(sel, "matchExpressions");
	const kube_obj *m, *e, *v;
	struct req *r = NULL;
	size_t n = 0, cap = kube_obj_len(ml) + kube_obj_len(me), i, j;
	bool ok = true;

	if (!sel || !cap)
		return true;
	if (!(r = calloc(cap, sizeof(*r)))) {
		b->failed = true;
		return true;
	}
	kube_obj_foreach(m, ml) {
		r[n].key = kube_obj_key(m);
		r[n].op = "=";
		r[n].vals = malloc(sizeof(char *));
		if (r[n].vals) {
			r[n].vals[0] = kd_or(kube_obj_str(m), "");
			r[n].nvals = 1;
		}
		n++;
	}
	kube_obj_foreach(e, me) {
		const char *op = kd_str(e, "operator");
		const kube_obj *vals = kube_obj_get(e, "values");

		r[n].key = kd_str(e, "key");
		if (!strcmp(op, "In"))
			r[n].op = "in";
		else if (!strcmp(op, "NotIn"))
			r[n].op = "notin";
		else if (!strcmp(op, "Exists"))
			r[n].op = "exists";
		else if (!strcmp(op, "DoesNotExist"))
			r[n].op = "!";
		else
			ok = false;
		if (kube_obj_len(vals) &&
		    (r[n].vals = malloc(kube_obj_len(vals) * sizeof(char *)))) {
			kube_obj_foreach(v, vals)
				r[n].vals[r[n].nvals++] = kd_or(kube_obj_str(v), "");
			kgo_sort(r[n].vals, r[n].nvals, sizeof(char *), less_cstr, NULL);
		}
		if ((!strcmp(r[n].op, "in") || !strcmp(r[n].op, "notin")) && !r[n].nvals)
			ok = false;
		n++;
	}
	if (ok) {
		kgo_sort(r, n, sizeof(*r), less_req, NULL);
		for (i = 0; i < n; i++) {
			bool set = !strcmp(r[i].op, "in") || !strcmp(r[i].op, "notin");

			if (i)
				kube_buf_putc(b, ',');
			if (!strcmp(r[i].op, "!"))
				kube_buf_putc(b, '!');
			kube_buf_puts(b, r[i].key);
			if (!strcmp(r[i].op, "exists") || !strcmp(r[i].op, "!"))
				continue;
			if (set)
				kube_buf_printf(b, " %s (", r[i].op);
			else
				kube_buf_puts(b, r[i].op);
			for (j = 0; j < r[i].nvals; j++) {
				if (j)
					kube_buf_putc(b, ',');
				kube_buf_puts(b, r[i].vals[j]);
			}
			if (set)
				kube_buf_putc(b, ')');
		}
	}
	for (i = 0; i < n; i++)
		free(r[i].vals);
	free(r);
	return ok;
}

void kd_format_label_selector(kube_buf *b, const kube_obj *sel)
{
	kube_buf t = KUBE_BUF_INIT;

	if (!kd_label_selector(&t, sel))
		kube_buf_puts(b, "<error>");
	else if (!t.len)
		kube_buf_puts(b, "<none>");
	else
		kube_buf_put(b, t.ptr, t.len);
	if (t.failed)
		b->failed = true;
	kube_buf_release(&t);
}

void kd_format_labels(kube_buf *b, const kube_obj *map)
{
	size_t n, i;
	const kube_obj **v = kd_sorted_members(map, &n);

	if (!n) {
		kube_buf_puts(b, "<none>");
		return;
	}
	for (i = 0; i < n; i++)
		kube_buf_printf(b, "%s%s=%s", i ? "," : "", kube_obj_key(v[i]),
				kd_or(kube_obj_str(v[i]), ""));
	free(v);
}

/* ---- labels and annotations ---- */

void kd_labels(struct kd *d, const char *indent, const char *title, const kube_obj *labels)
{
	size_t n, i;
	const kube_obj **v;

	kd_w(d, L0, "%s%s:\t", indent, title);
	v = kd_sorted_members(labels, &n);
	if (!n) {
		kd_puts(d, L0, "<none>\n");
		return;
	}
	for (i = 0; i < n; i++) {
		if (i) {
			kd_puts(d, L0, indent);
			kd_puts(d, L0, "\t");
		}
		kd_w(d, L0, "%s=%s\n", kube_obj_key(v[i]), kd_or(kube_obj_str(v[i]), ""));
	}
	free(v);
}

#define LAST_APPLIED "kubectl.kubernetes.io/last-applied-configuration"
#define MAX_ANNOTATION_LEN 140

void kd_annotations(struct kd *d, const char *title, const kube_obj *ann)
{
	size_t n, i, shown = 0;
	const kube_obj **v;

	kd_w(d, L0, "%s:\t", title);
	v = kd_sorted_members(ann, &n);
	for (i = 0; i < n; i++)
		if (strcmp(kube_obj_key(v[i]), LAST_APPLIED))
			shown++;
	if (!shown) {
		kd_puts(d, L0, "<none>\n");
		free(v);
		return;
	}
	shown = 0;
	for (i = 0; i < n; i++) {
		const char *key = kube_obj_key(v[i]), *val = kd_or(kube_obj_str(v[i]), "");
		size_t vl = strlen(val);

		if (!strcmp(key, LAST_APPLIED))
			continue;
		if (shown++)
			kd_puts(d, L0, "\t");
		if (vl && val[vl - 1] == '\n')
			vl--;
		if (vl + strlen(key) + 2 > MAX_ANNOTATION_LEN || memchr(val, '\n', vl)) {
			const char *p = val, *end = val + vl;

			kd_w(d, L0, "%s:\n", key);
			for (;;) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

				if (len > MAX_ANNOTATION_LEN - 2)
					kd_w(d, L0, "\t  %.*s...\n", MAX_ANNOTATION_LEN - 2, p);
				else
					kd_w(d, L0, "\t  %.*s\n", (int)len, p);
				if (!nl)
					break;
				p = nl + 1;
			}
		} else {
			kd_w(d, L0, "%s: %.*s\n", key, (int)vl, val);
		}
	}
	free(v);
}

const kube_obj *kd_controller_ref(const kube_obj *obj)
{
	const kube_obj *r;

	kube_obj_foreach(r, KP(obj, "metadata", "ownerReferences"))
		if (KB(r, "controller"))
			return r;
	return NULL;
}

/* ---- server reads ---- */

int kd_get(struct kd *d, const char *path, kube_obj **out, kube_err *err)
{
	*out = NULL;
	return d->io->get(d->io->payload, path, NULL, 0, out, err);
}

int kd_list(struct kd *d, const char *path, const char *label_sel, const char *field_sel,
	    bool chunked, kube_obj **items, kube_err *err)
{
	kube_buf limit = KUBE_BUF_INIT;
	char *cont = NULL;
	int rc = 0;

	*items = kube_obj_new_array();
	if (!*items)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	if (chunked && d->s->chunk_size > 0)
		kube_buf_printf(&limit, "%lld", (long long)d->s->chunk_size);
	for (;;) {
		kube_param ps[4];
		size_t np = 0;
		kube_obj *page = NULL, *it;
		const char *next;

		if (cont)
			ps[np++] = (kube_param){"continue", cont};
		if (field_sel)
			ps[np++] = (kube_param){"fieldSelector", field_sel};
		if (label_sel)
			ps[np++] = (kube_param){"labelSelector", label_sel};
		if (limit.len)
			ps[np++] = (kube_param){"limit", limit.ptr};
		if ((rc = d->io->get(d->io->payload, path, ps, np, &page, err)) < 0)
			break;
		while ((it = kube_obj_detach_at(kube_obj_get_mut(page, "items"), 0)))
			if (kube_obj_append_take(*items, it) < 0) {
				rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
				break;
			}
		next = kube_obj_path_str(page, "metadata", "continue", NULL);
		free(cont);
		cont = next && *next ? strdup(next) : NULL;
		kube_obj_free(page);
		if (rc < 0 || !cont)
			break;
	}
	free(cont);
	kube_buf_release(&limit);
	return rc;
}

/* fields.EscapeValue */
static void put_field_value(kube_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ',' || *s == '=')
			kube_buf_putc(b, '\\');
		kube_buf_putc(b, *s);
	}
}

kube_obj *kd_search_events(struct kd *d, const char *ns, const char *name, const char *kind,
			   const char *uid, int *rc, kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT, fs = KUBE_BUF_INIT;
	kube_obj *items = NULL;

	if (ns && *ns) {
		kube_buf_puts(&path, "/api/v1/namespaces/");
		kube_buf_put_pathseg(&path, ns);
		kube_buf_puts(&path, "/events");
	} else {
		kube_buf_puts(&path, "/api/v1/events");
	}
	kube_buf_puts(&fs, "involvedObject.name=");
	put_field_value(&fs, name ? name : "");
	kube_buf_puts(&fs, ",involvedObject.namespace=");
	put_field_value(&fs, ns ? ns : "");
	if (kind && *kind) {
		kube_buf_puts(&fs, ",involvedObject.kind=");
		put_field_value(&fs, kind);
	}
	if (uid && *uid) {
		kube_buf_puts(&fs, ",involvedObject.uid=");
		put_field_value(&fs, uid);
	}
	if ((*rc = kube_buf_check(&path, err)) == 0 && (*rc = kube_buf_check(&fs, err)) == 0)
		*rc = kd_list(d, path.ptr, NULL, fs.ptr, true, &items, err);
	if (!items)
		items = kube_obj_new_array();
	if (!items)
		d->oom = true;
	kube_buf_release(&path);
	kube_buf_release(&fs);
	return items;
}

kube_obj *kd_object_events(struct kd *d, const kube_obj *obj, const char *kind)
{
	kube_err e = KUBE_ERR_INIT;
	kube_obj *ev;
	int rc;

	if (!d->s->show_events)
		return NULL;
	ev = kd_search_events(d, KS(obj, "metadata", "namespace"), KS(obj, "metadata", "name"),
			      kind, KS(obj, "metadata", "uid"), &rc, &e);
	kube_err_clear(&e);
	return ev;
}

struct ev_sort {
	const kube_obj *ev;
	int64_t sec;
	int32_t nsec;
};

static bool less_event(const void *a, const void *b, void *ctx)
{
	const struct ev_sort *x = a, *y = b;

	(void)ctx;
	return x->sec < y->sec || (x->sec == y->sec && x->nsec < y->nsec);
}

static void trim_space(const char *s, const char **start, size_t *len)
{
	size_t n = strlen(s);

	while (n && (*s == ' ' || (*s >= '\t' && *s <= '\r'))) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || (s[n - 1] >= '\t' && s[n - 1] <= '\r')))
		n--;
	*start = s;
	*len = n;
}

void kd_events(struct kd *d, kube_obj *events)
{
	struct ev_sort *v;
	const kube_obj *e;
	size_t n = 0, i;
	kube_buf interval = KUBE_BUF_INIT, first = KUBE_BUF_INIT;

	if (!events)
		return;
	if (!kube_obj_len(events)) {
		kd_puts(d, L0, "Events:\t<none>\n");
		return;
	}
	kd_flush(d);
	if (!(v = calloc(kube_obj_len(events), sizeof(*v)))) {
		d->oom = true;
		return;
	}
	kube_obj_foreach(e, events) {
		v[n].ev = e;
		if (!kd_time(KS(e, "lastTimestamp"), &v[n].sec, &v[n].nsec))
			v[n].sec = KD_ZERO_TIME;
		n++;
	}
	kgo_sort(v, n, sizeof(*v), less_event, NULL);
	kd_puts(d, L0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
	kd_puts(d, L1, "----\t------\t----\t----\t-------\n");
	for (i = 0; i < n; i++) {
		const kube_obj *ev = v[i].ev, *series = kube_obj_get(ev, "series");
		const char *source = KS(ev, "source", "component"), *msg, *fp;
		size_t mlen;

		kube_buf_truncate(&interval, 0);
		kube_buf_truncate(&first, 0);
		if (*KS(ev, "eventTime"))
			kd_since(d, &first, KS(ev, "eventTime"));
		else
			kd_since(d, &first, KS(ev, "firstTimestamp"));
		if (kube_obj_type_of(series) == KUBE_OBJ_OBJECT) {
			kd_since(d, &interval, KS(series, "lastObservedTime"));
			kube_buf_printf(&interval, " (x%lld over %s)",
					(long long)KI(series, "count"), first.ptr);
		} else if (KI(ev, "count") > 1) {
			kd_since(d, &interval, KS(ev, "lastTimestamp"));
			kube_buf_printf(&interval, " (x%lld over %s)", (long long)KI(ev, "count"),
					first.ptr);
		} else {
			kube_buf_puts(&interval, first.ptr);
		}
		if (!*source)
			source = KS(ev, "reportingComponent");
		trim_space(KS(ev, "message"), &msg, &mlen);
		fp = KS(ev, "involvedObject", "fieldPath");
		if (*fp)
			kd_w(d, L1, "%s\t%s\t%s\t%s\t%s: %.*s\n", KS(ev, "type"), KS(ev, "reason"),
			     interval.ptr, source, fp, (int)mlen, msg);
		else
			kd_w(d, L1, "%s\t%s\t%s\t%s\t%.*s\n", KS(ev, "type"), KS(ev, "reason"),
			     interval.ptr, source, (int)mlen, msg);
	}
	if (interval.failed || first.failed)
		d->oom = true;
	kube_buf_release(&interval);
	kube_buf_release(&first);
	free(v);
}
