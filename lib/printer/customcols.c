/* kubectl get -o custom-columns: a header per column and one JSONPath per column, cells
 * printed with Go's %v and fed through kubectl's tabwriter. */
#include <stdlib.h>
#include <string.h>

#include "printer-internal.h"
#include "banned.h"

struct column {
	char *header;
	kube_jsonpath *jp; /* NULL when the expression did not parse */
	kube_err perr;     /* its parse error, reported when a row is printed (as kubectl) */
};

struct kube_customcols {
	struct column *cols;
	size_t n;
};

static int oom(kube_err *err)
{
	return kube_err_set(err, KUBE_ENOMEM, "out of memory");
}

void kube_customcols_free(kube_customcols *cc)
{
	size_t i;

	if (!cc)
		return;
	for (i = 0; i < cc->n; i++) {
		free(cc->cols[i].header);
		kube_jsonpath_free(cc->cols[i].jp);
		kube_err_clear(&cc->cols[i].perr);
	}
	free(cc->cols);
	free(cc);
}

static kube_customcols *cc_new(size_t n)
{
	kube_customcols *cc = calloc(1, sizeof(*cc));
	size_t i;

	if (!cc || !(cc->cols = calloc(n ? n : 1, sizeof(*cc->cols)))) {
		free(cc);
		return NULL;
	}
	for (i = 0; i < n; i++)
		cc->cols[i].perr = (kube_err)KUBE_ERR_INIT;
	cc->n = n;
	return cc;
}

/* Set column i from a header and an expression (both [p, p+n) ranges). */
static int set_column(kube_customcols *cc, size_t i, const char *h, size_t hn, const char *e,
		      size_t en, kube_err *err)
{
	struct column *c = &cc->cols[i];
	kube_buf expr = KUBE_BUF_INIT, spec = KUBE_BUF_INIT;
	int rc;

	if (!(c->header = malloc(hn + 1)))
		return oom(err);
	memcpy(c->header, h, hn);
	c->header[hn] = '\0';
	kube_buf_put(&expr, e, en);
	if ((rc = kube_buf_check(&expr, err)) < 0 || (rc = kube_jsonpath_relaxed(&spec, expr.ptr,
										 err)) < 0)
		goto out;
	rc = kube_jsonpath_parse(&c->jp, "column", spec.ptr, &c->perr);
	if (rc == KUBE_ENOMEM) {
		kube_err_clear(&c->perr);
		rc = oom(err);
		goto out;
	}
	if (rc == 0)
		kube_jsonpath_set_allow_missing_keys(c->jp, true);
	rc = 0;
out:
	kube_buf_release(&expr);
	kube_buf_release(&spec);
	return rc;
}

int kube_customcols_parse(kube_customcols **out, const char *spec, kube_err *err)
{
	kube_customcols *cc;
	const char *p, *comma, *colon;
	size_t n = 1, i = 0, len;
	int rc;

	*out = NULL;
	if (!*spec)
		return kube_err_set(err, KUBE_EINVAL,
				    "custom-columns format specified but no custom columns given");
	for (p = spec; (p = strchr(p, ',')); p++)
		n++;
	if (!(cc = cc_new(n)))
		return oom(err);
	for (p = spec; i < n; i++, p = comma + 1) {
		comma = strchr(p, ',');
		if (!comma)
			comma = p + strlen(p);
		len = (size_t)(comma - p);
		colon = memchr(p, ':', len);
		if (!colon) {
			rc = kube_err_set(err, KUBE_EINVAL,
					  "unexpected custom-columns spec: %.*s, expected "
					  "<header>:<json-path-expr>",
					  (int)len, p);
			goto fail;
		}
		if ((rc = set_column(cc, i, p, (size_t)(colon - p), colon + 1,
				     (size_t)(comma - colon - 1), err)) < 0)
			goto fail;
	}
	*out = cc;
	return 0;
fail:
	kube_customcols_free(cc);
	return rc;
}

/* unicode.IsSpace at p; returns the byte length of the space, or 0. */
static size_t space_len(const char *p, size_t n)
{
	uint32_t r;
	size_t w;

	if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		return 1;
	if ((unsigned char)*p < 0x80)
		return 0;
	w = kgo_utf8_decode((const unsigned char *)p, n, &r);
	if (r == 0x85 || r == 0xa0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200a) ||
	    r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f || r == 0x3000)
		return w;
	return 0;
}

struct words {
	const char **w;
	size_t *len;
	size_t n;
};

/* bufio.ScanWords over one line; false on OOM. */
static bool split_words(const char *p, size_t n, struct words *out)
{
	size_t i = 0, s, k;

	out->n = 0;
	/* at most n/2+1 words */
	if (!(out->w = malloc((n / 2 + 1) * sizeof(*out->w))) ||
	    !(out->len = malloc((n / 2 + 1) * sizeof(*out->len))))
		return false;
	while (i < n) {
		if ((k = space_len(p + i, n - i))) {
			i += k;
			continue;
		}
		for (s = i; i < n && !space_len(p + i, n - i); i++)
			;
		out->w[out->n] = p + s;
		out->len[out->n++] = i - s;
	}
	return true;
}

/* bufio.ScanLines: the next line of text (without "\n" or "\r\n"); false at the end. */
static bool next_line(const char **p, const char *end, const char **line, size_t *len)
{
	const char *nl;

	if (*p >= end)
		return false;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	*line = *p;
	*len = (size_t)((nl ? nl : end) - *p);
	*p = nl ? nl + 1 : end;
	if (*len && (*line)[*len - 1] == '\r')
		(*len)--;
	return true;
}

int kube_customcols_parse_file(kube_customcols **out, const char *text, size_t len, kube_err *err)
{
	static const char fmt_help[] = "Expected format is one line of space separated headers, "
				       "one line of space separated column specs.";
	struct words hw = {0}, sw = {0}, *h = &hw, *s = &sw;
	kube_customcols *cc = NULL;
	const char *p = text, *line;
	size_t n, i;
	int rc;

	*out = NULL;
	if (!next_line(&p, text + len, &line, &n)) {
		rc = kube_err_set(err, KUBE_EINVAL, "invalid template, missing header line. %s",
				  fmt_help);
		goto out;
	}
	if (!split_words(line, n, h)) {
		rc = oom(err);
		goto out;
	}
	if (!next_line(&p, text + len, &line, &n)) {
		rc = kube_err_set(err, KUBE_EINVAL, "invalid template, missing spec line. %s",
				  fmt_help);
		goto out;
	}
	if (!split_words(line, n, s)) {
		rc = oom(err);
		goto out;
	}
	if (h->n != s->n) {
		rc = kube_err_set(err, KUBE_EINVAL,
				  "number of headers (%zu) and field specifications (%zu) "
				  "don't match",
				  h->n, s->n);
		goto out;
	}
	if (!(cc = cc_new(h->n))) {
		rc = oom(err);
		goto out;
	}
	for (i = 0; i < h->n; i++)
		if ((rc = set_column(cc, i, h->w[i], h->len[i], s->w[i], s->len[i], err)) < 0)
			goto out;
	*out = cc;
	cc = NULL;
	rc = 0;
out:
	kube_customcols_free(cc);
	free(hw.w);
	free(hw.len);
	free(sw.w);
	free(sw.len);
	return rc;
}

size_t kube_customcols_count(const kube_customcols *cc)
{
	return cc ? cc->n : 0;
}

const char *kube_customcols_header(const kube_customcols *cc, size_t i)
{
	return cc && i < cc->n ? cc->cols[i].header : NULL;
}

void kube_customcols_print_header(const kube_customcols *cc, kube_tabwriter *tw)
{
	size_t i;

	for (i = 0; i < cc->n; i++) {
		if (i)
			kube_tabwriter_write(tw, "\t", 1);
		kube_tabwriter_puts(tw, cc->cols[i].header);
	}
	kube_tabwriter_write(tw, "\n", 1);
}

/* printers.EscapeTerminal */
static void put_escaped(kube_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\x1b')
			kube_buf_puts(b, "^[");
		else if (s[i] == '\r')
			kube_buf_puts(b, "\\r");
		else
			kube_buf_putc(b, s[i]);
	}
}

static int print_one(const kube_customcols *cc, const cJSON *obj, kube_buf *line, kube_err *err)
{
	kube_buf cell = KUBE_BUF_INIT;
	size_t i, g, k;
	int rc = 0;

	for (i = 0; i < cc->n && rc == 0; i++) {
		kube_jsonpath_results *r = NULL;
		bool first = true;

		kjp_reset(cc->cols[i].jp);
		if ((rc = kube_jsonpath_find_results(&r, cc->cols[i].jp, CK(obj), err)) < 0)
			break;
		if (i)
			kube_buf_putc(line, '\t');
		if (!kube_jsonpath_results_groups(r) || !kube_jsonpath_results_len(r, 0)) {
			kube_buf_puts(line, "<none>");
			first = false;
		}
		for (g = 0; g < kube_jsonpath_results_groups(r); g++) {
			for (k = 0; k < kube_jsonpath_results_len(r, g); k++) {
				kube_buf_truncate(&cell, 0);
				kube_go_format_value(&cell, kube_jsonpath_results_at(r, g, k));
				if (!first)
					kube_buf_putc(line, ',');
				put_escaped(line, cell.ptr, cell.len);
				first = false;
			}
		}
		kube_jsonpath_results_free(r);
	}
	if (rc == 0 && cell.failed)
		rc = oom(err);
	kube_buf_release(&cell);
	kube_buf_putc(line, '\n');
	return rc;
}

int kube_customcols_print_row(const kube_customcols *cc, const kube_obj *obj, kube_tabwriter *tw,
			      kube_err *err)
{
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(CJ(obj), "items"), *it;
	kube_buf line = KUBE_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < cc->n; i++) {
		if (!cc->cols[i].jp) {
			const kube_err *pe = &cc->cols[i].perr;

			return kube_err_set(err, pe->code ? pe->code : KUBE_EINVAL, "%s",
					    pe->message ? pe->message : "invalid column");
		}
	}
	if (cJSON_IsObject(CJ(obj)) && cJSON_IsArray(items)) {
		for (it = items->child; it && rc == 0; it = it->next) {
			kube_buf_truncate(&line, 0);
			if ((rc = print_one(cc, it, &line, err)) == 0)
				kube_tabwriter_write(tw, line.ptr, line.len);
		}
	} else {
		if ((rc = print_one(cc, CJ(obj), &line, err)) == 0)
			kube_tabwriter_write(tw, line.ptr, line.len);
	}
	if (rc == 0 && line.failed)
		rc = oom(err);
	kube_buf_release(&line);
	return rc;
}

int kube_customcols_print(const kube_customcols *cc, const kube_obj *obj, bool no_headers,
			  kube_buf *out, kube_err *err)
{
	static const kube_tabwriter_opts opts = KUBE_TABWRITER_GET_OPTS;
	kube_tabwriter *tw = NULL;
	int rc, frc;

	if ((rc = kube_tabwriter_new(&tw, &opts, err)) < 0)
		return rc;
	if (!no_headers)
		kube_customcols_print_header(cc, tw);
	rc = kube_customcols_print_row(cc, obj, tw, err);
	/* like kubectl's deferred Flush, what was written before an error is still printed */
	frc = kube_tabwriter_flush(tw, out, rc < 0 ? NULL : err);
	kube_tabwriter_free(tw);
	return rc < 0 ? rc : frc;
}
