/* kubectl's generic describer (every type without a describer of its own, CRDs included):
 * name, namespace, labels, annotations, then every field of the object with "smart" labels
 * ("apiVersion" -> "API Version"), then the events. */
#include <stdlib.h>
#include <string.h>

#include "describe-internal.h"

#include "banned.h"

/* unicode classes of camelcase.Split for the ASCII letters and '-' smartLabelFor lets in;
 * other bytes (non-ASCII letters) count as "other". */
static int char_class(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return 1;
	if (c >= 'A' && c <= 'Z')
		return 2;
	if (c >= '0' && c <= '9')
		return 3;
	return 4;
}

/* UTF-8 sequence length at p (1 for invalid bytes). */
static size_t seq_len(const unsigned char *p)
{
	if (*p < 0x80)
		return 1;
	if ((*p & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80)
		return 2;
	if ((*p & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80)
		return 3;
	if ((*p & 0xf8) == 0xf0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
	    (p[3] & 0xc0) == 0x80)
		return 4;
	return 1;
}

/* A letter or '-'? Non-ASCII sequences are taken as letters. */
static bool label_char(const unsigned char *p)
{
	if (*p >= 0x80)
		return true;
	return (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-';
}

struct part {
	size_t start, len; /* bytes of field */
};

static bool all_upper(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			return false;
	return true;
}

static bool is_acronym(const char *s, size_t n)
{
	static const char *const acr[] = {"API", "URL", "UID", "GUID"};
	size_t i, j;

	for (i = 0; i < 4; i++) {
		if (strlen(acr[i]) != n)
			continue;
		for (j = 0; j < n; j++)
			if ((s[j] >= 'a' && s[j] <= 'z' ? s[j] - 32 : s[j]) != acr[i][j])
				break;
		if (j == n)
			return true;
	}
	return false;
}

void kd_smart_label(kube_buf *b, const char *field)
{
	const unsigned char *p = (const unsigned char *)field;
	struct part *parts, *merged;
	size_t n = 0, nm = 0, i, len = strlen(field), off;
	int last = 0;

	for (off = 0; off < len; off += seq_len(p + off))
		if (!label_char(p + off)) {
			kube_buf_puts(b, field);
			return;
		}
	if (!len)
		return;
	parts = calloc(len, sizeof(*parts));
	merged = calloc(len, sizeof(*merged));
	if (!parts || !merged) {
		free(parts);
		free(merged);
		b->failed = true;
		return;
	}
	/* camelcase.Split: runs of the same class */
	for (off = 0; off < len;) {
		size_t sl = seq_len(p + off);
		int cls = sl > 1 ? 4 : char_class(p[off]);

		if (n && cls == last)
			parts[n - 1].len += sl;
		else
			parts[n++] = (struct part){off, sl};
		last = cls;
		off += sl;
	}
	/* "PDFL" "oader" -> "PDF" "Loader" */
	for (i = 0; i + 1 < n; i++) {
		unsigned char a = p[parts[i].start], c = p[parts[i + 1].start];

		if (parts[i].len && a >= 'A' && a <= 'Z' && c >= 'a' && c <= 'z') {
			parts[i].len--;
			parts[i + 1].start--;
			parts[i + 1].len++;
		}
	}
	/* drop the parts emptied above, as camelcase.Split does */
	for (i = 0, off = 0; i < n; i++)
		if (parts[i].len)
			parts[off++] = parts[i];
	n = off;
	/* merge an all-caps part of 2+ bytes with a following capitalised part */
	for (i = 0; i < n; i++) {
		if (i + 1 < n && parts[i].len >= 2 &&
		    all_upper(field + parts[i].start, parts[i].len) &&
		    p[parts[i + 1].start] >= 'A' && p[parts[i + 1].start] <= 'Z') {
			merged[nm++] =
			    (struct part){parts[i].start, parts[i].len + parts[i + 1].len};
			i++;
			continue;
		}
		merged[nm++] = parts[i];
	}
	for (i = 0; i < nm; i++) {
		const char *s = field + merged[i].start;
		size_t k, l = merged[i].len;
		bool lower = true;

		if (i)
			kube_buf_putc(b, ' ');
		for (k = 0; k < l; k++)
			if (s[k] >= 'A' && s[k] <= 'Z')
				lower = false;
		if (is_acronym(s, l)) {
			for (k = 0; k < l; k++)
				kube_buf_putc(
				    b, (char)(s[k] >= 'a' && s[k] <= 'z' ? s[k] - 32 : s[k]));
		} else if (lower && s[0] >= 'a' && s[0] <= 'z') {
			kube_buf_putc(b, (char)(s[0] - 32));
			kube_buf_put(b, s + 1, l - 1);
		} else {
			kube_buf_put(b, s, l);
		}
	}
	free(parts);
	free(merged);
}

static const char *const generic_skip[] = {".metadata.managedFields", ".metadata.name",
					   ".metadata.namespace", ".metadata.labels",
					   ".metadata.annotations"};

static bool skipped(const char *expr)
{
	size_t i;

	for (i = 0; i < sizeof(generic_skip) / sizeof(generic_skip[0]); i++)
		if (!strcmp(expr, generic_skip[i]))
			return true;
	return false;
}

static void content(struct kd *d, int level, const kube_obj *obj, const char *prefix)
{
	size_t n, i;
	const kube_obj **v = kd_sorted_members(obj, &n);
	kube_buf expr = KUBE_BUF_INIT, label = KUBE_BUF_INIT, val = KUBE_BUF_INIT;

	for (i = 0; i < n; i++) {
		const kube_obj *m = v[i], *c;
		const char *key = kube_obj_key(m);

		kube_buf_truncate(&expr, 0);
		kube_buf_printf(&expr, "%s.%s", prefix, key);
		if (skipped(expr.ptr))
			continue;
		kube_buf_truncate(&label, 0);
		kd_smart_label(&label, key);
		switch (kube_obj_type_of(m)) {
		case KUBE_OBJ_OBJECT:
			kd_w(d, level, "%s:\n", label.ptr);
			content(d, level + 1, m, expr.ptr);
			break;
		case KUBE_OBJ_ARRAY:
			kd_w(d, level, "%s:\n", label.ptr);
			kube_obj_foreach(c, m) {
				if (kube_obj_type_of(c) == KUBE_OBJ_OBJECT) {
					content(d, level + 1, c, expr.ptr);
					continue;
				}
				kube_buf_truncate(&val, 0);
				kube_go_format_value(&val, c);
				kd_w(d, level + 1, "%s\n", val.ptr);
			}
			break;
		default:
			kube_buf_truncate(&val, 0);
			if (kube_obj_type_of(m) == KUBE_OBJ_STRING)
				kube_buf_puts(&val, kube_obj_str(m));
			else
				kube_go_format_value(&val, m);
			kd_w(d, level, "%s:\t%s\n", label.ptr, val.ptr);
			break;
		}
	}
	if (expr.failed || label.failed || val.failed)
		d->oom = true;
	kube_buf_release(&expr);
	kube_buf_release(&label);
	kube_buf_release(&val);
	free(v);
}

int kd_describe_generic(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events = kd_object_events(d, o, kube_obj_str(kube_obj_get(o, "kind")));

	kd_w(d, L0, "Name:\t%s\n", KS(o, "metadata", "name"));
	kd_w(d, L0, "Namespace:\t%s\n", KS(o, "metadata", "namespace"));
	kd_labels(d, "", "Labels", KP(o, "metadata", "labels"));
	kd_annotations(d, "Annotations", KP(o, "metadata", "annotations"));
	content(d, L0, o, "");
	kd_events(d, events);
	kube_obj_free(events);
	if (d->oom)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	return 0;
}
