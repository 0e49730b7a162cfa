/* Manifest reading for -f (files, directories, globs, stdin) and kubectl's aggregated errors.
 * See include/kube/manifest.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <kube/codec.h>
#include <kube/manifest.h>

#include "banned.h"

#define DEFAULT_MAX ((size_t)256 << 20)

/* ======================================================================================
 * kube_errval
 * ====================================================================================== */

bool kube_errval_empty(const kube_errval *e)
{
	return !e || (e->agg ? e->n == 0 : e->err.code == 0);
}

static int grow(kube_errval *e)
{
	kube_errval *nv = realloc(e->v, (e->n + 1) * sizeof(*nv));

	if (!nv)
		return KUBE_ENOMEM;
	e->v = nv;
	memset(&e->v[e->n], 0, sizeof(e->v[e->n]));
	return 0;
}

/* Turn e into an aggregate, its single error (if any) becoming the first element. */
static int make_agg(kube_errval *e)
{
	if (e->agg)
		return 0;
	if (e->err.code != 0) {
		if (grow(e) < 0)
			return KUBE_ENOMEM;
		kube_err_move(&e->v[0].err, &e->err);
		e->n = 1;
	}
	e->agg = true;
	return 0;
}

int kube_errval_push(kube_errval *e, kube_err *err)
{
	if (!err || err->code == 0)
		return 0;
	if (make_agg(e) < 0 || grow(e) < 0) {
		kube_err_clear(err);
		return KUBE_ENOMEM;
	}
	kube_err_move(&e->v[e->n].err, err);
	e->n++;
	return 0;
}

int kube_errval_push_val(kube_errval *e, kube_errval *child)
{
	if (kube_errval_empty(child)) {
		kube_errval_release(child);
		return 0;
	}
	if (make_agg(e) < 0 || grow(e) < 0) {
		kube_errval_release(child);
		return KUBE_ENOMEM;
	}
	e->v[e->n++] = *child;
	memset(child, 0, sizeof(*child));
	return 0;
}

void kube_errval_collapse(kube_errval *e)
{
	kube_errval one;

	if (!e->agg)
		return;
	if (e->n == 0) {
		kube_errval_release(e);
		return;
	}
	if (e->n != 1)
		return;
	one = e->v[0];
	free(e->v);
	kube_err_clear(&e->err);
	*e = one;
}

const kube_err *kube_errval_first(const kube_errval *e)
{
	size_t i;

	if (!e)
		return NULL;
	if (!e->agg)
		return e->err.code ? &e->err : NULL;
	for (i = 0; i < e->n; i++) {
		const kube_err *f = kube_errval_first(&e->v[i]);

		if (f)
			return f;
	}
	return NULL;
}

struct seen {
	const char **v;
	size_t n;
};

static void message_leaves(kube_buf *out, const kube_errval *e, struct seen *s)
{
	const char *msg;
	size_t i;

	if (e->agg) {
		for (i = 0; i < e->n; i++)
			message_leaves(out, &e->v[i], s);
		return;
	}
	if (e->err.code == 0)
		return;
	msg = e->err.message ? e->err.message : "";
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], msg))
			return;
	{
		const char **nv = realloc(s->v, (s->n + 1) * sizeof(*nv));

		if (!nv) {
			out->failed = true;
			return;
		}
		s->v = nv;
	}
	if (s->n)
		kube_buf_puts(out, ", ");
	s->v[s->n++] = msg;
	kube_buf_puts(out, msg);
}

void kube_errval_message(kube_buf *out, const kube_errval *e)
{
	struct seen s = {NULL, 0};
	kube_buf t = KUBE_BUF_INIT;

	if (!e->agg) {
		if (e->err.code)
			kube_buf_puts(out, e->err.message ? e->err.message : "");
		return;
	}
	message_leaves(&t, e, &s);
	if (t.failed)
		out->failed = true;
	if (s.n > 1)
		kube_buf_printf(out, "[%s]", t.ptr);
	else
		kube_buf_puts(out, t.ptr);
	kube_buf_release(&t);
	free(s.v);
}

static bool is_status(const kube_err *e)
{
	return e->code == KUBE_EAPI || e->code == KUBE_ENOTFOUND || e->code == KUBE_EEXISTS ||
	       e->code == KUBE_ECONFLICT;
}

/* messageForError: StandardErrorMessage, else Error() */
static void line_for(kube_buf *out, const kube_errval *e)
{
	const kube_err *x = &e->err;
	const char *msg;

	if (e->agg) {
		kube_errval_message(out, e);
		kube_buf_putc(out, '\n');
		return;
	}
	msg = x->message ? x->message : "";
	if (is_status(x)) {
		if (x->reason && !strcmp(x->reason, "Unauthorized"))
			kube_buf_printf(out, "error: You must be logged in to the server (%s)",
					msg);
		else if (x->reason && *x->reason)
			kube_buf_printf(out, "Error from server (%s): %s", x->reason, msg);
		else
			kube_buf_printf(out, "Error from server: %s", msg);
	} else if (x->code == KUBE_ETRANSPORT && x->transport == KUBE_TRANSPORT_REFUSED) {
		kube_buf_printf(out,
				"The connection to the server %s was refused - did you specify the "
				"right host or port?",
				x->host ? x->host : "");
	} else if (x->code == KUBE_ETRANSPORT) {
		kube_buf_printf(out, "Unable to connect to the server: %s", msg);
	} else {
		kube_buf_puts(out, msg);
	}
	kube_buf_putc(out, '\n');
}

/* checkErr's Invalid branch: "The <kind> "<name>" is invalid" (or "The request is invalid")
 * and the deduplicated "field: message" causes, one on the line or one per "* " line. */
static void invalid_text(kube_buf *out, const kube_err *x)
{
	char **seen;
	size_t i, j, n = 0;

	if ((x->kind && *x->kind) || (x->name && *x->name)) {
		kube_buf_printf(out, "The %s ", x->kind ? x->kind : "");
		kube_go_quote(out, x->name ? x->name : "");
		kube_buf_puts(out, " is invalid");
	} else {
		kube_buf_puts(out, "The request is invalid");
	}
	if (!x->ncauses) {
		kube_buf_putc(out, '\n');
		return;
	}
	if (!(seen = calloc(x->ncauses, sizeof(*seen)))) {
		out->failed = true;
		return;
	}
	for (i = 0; i < x->ncauses; i++) {
		kube_buf line = KUBE_BUF_INIT;
		bool dup = false;
		char *s;

		kube_buf_printf(&line, "%s: %s", x->causes[i].field ? x->causes[i].field : "",
				x->causes[i].message ? x->causes[i].message : "");
		if (!(s = kube_buf_detach(&line, NULL))) {
			out->failed = true;
			break;
		}
		for (j = 0; j < n && !dup; j++)
			dup = !strcmp(seen[j], s);
		if (dup)
			free(s);
		else
			seen[n++] = s;
	}
	if (n == 1) {
		kube_buf_printf(out, ": %s\n", seen[0]);
	} else {
		kube_buf_puts(out, ": \n");
		for (j = 0; j < n; j++)
			kube_buf_printf(out, "* %s\n", seen[j]);
	}
	for (j = 0; j < n; j++)
		free(seen[j]);
	free(seen);
}

const kube_err *kube_errval_format(const kube_errval *e, kube_buf *out)
{
	size_t i;

	if (kube_errval_empty(e))
		return NULL;
	if (e->agg && e->n == 1)
		e = &e->v[0];
	if (!e->agg && e->err.reason && !strcmp(e->err.reason, "Invalid") && e->err.has_status &&
	    is_status(&e->err)) {
		invalid_text(out, &e->err);
		return NULL;
	}
	if (!e->agg)
		return &e->err;
	for (i = 0; i < e->n; i++)
		line_for(out, &e->v[i]);
	return NULL;
}

void kube_errval_release(kube_errval *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->n; i++)
		kube_errval_release(&e->v[i]);
	free(e->v);
	kube_err_clear(&e->err);
	memset(e, 0, sizeof(*e));
}

/* ======================================================================================
 * Manifests
 * ====================================================================================== */

static const char *const extensions[] = {".json", ".yaml", ".yml"};

static int add_file(kube_manifest *m, const char *source, kube_manifest_file **out)
{
	kube_manifest_file *nf = realloc(m->files, (m->nfiles + 1) * sizeof(*nf));

	*out = NULL;
	if (!nf)
		return KUBE_ENOMEM;
	m->files = nf;
	memset(&nf[m->nfiles], 0, sizeof(nf[m->nfiles]));
	if (!(nf[m->nfiles].source = strdup(source)))
		return KUBE_ENOMEM;
	*out = &nf[m->nfiles++];
	return 0;
}

struct dctx {
	kube_manifest_file *f;
	bool oom;
};

static int on_doc(kube_obj *doc_take, size_t index, void *payload)
{
	struct dctx *d = payload;
	kube_obj **nv;

	(void)index;
	if (!(nv = realloc(d->f->docs, (d->f->ndocs + 1) * sizeof(*nv)))) {
		kube_obj_free(doc_take);
		d->oom = true;
		return KUBE_ENOMEM;
	}
	d->f->docs = nv;
	nv[d->f->ndocs++] = doc_take;
	return 0;
}

static void put_utf8(kube_buf *b, unsigned cp)
{
	if (cp < 0x80) {
		kube_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		kube_buf_putc(b, (char)(0xc0 | (cp >> 6)));
		kube_buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		kube_buf_putc(b, (char)(0xe0 | (cp >> 12)));
		kube_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		kube_buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		kube_buf_putc(b, (char)(0xf0 | (cp >> 18)));
		kube_buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
		kube_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		kube_buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/* kubectl reads files through unicode.BOMOverride(UTF8 decoder): a BOM selects UTF-16 and is
 * dropped, invalid UTF-8 becomes U+FFFD. */
static void normalize_text(kube_buf *out, const unsigned char *s, size_t n)
{
	size_t i = 0;

	if (n >= 2 && ((s[0] == 0xfe && s[1] == 0xff) || (s[0] == 0xff && s[1] == 0xfe))) {
		bool be = s[0] == 0xfe;

		for (i = 2; i + 1 < n; i += 2) {
			unsigned u = be ? (unsigned)(s[i] << 8 | s[i + 1])
					: (unsigned)(s[i + 1] << 8 | s[i]);

			if (u >= 0xd800 && u <= 0xdbff && i + 3 < n) {
				unsigned l = be ? (unsigned)(s[i + 2] << 8 | s[i + 3])
						: (unsigned)(s[i + 3] << 8 | s[i + 2]);

				if (l >= 0xdc00 && l <= 0xdfff) {
					put_utf8(out,
						 0x10000 + ((u - 0xd800) << 10) + (l - 0xdc00));
					i += 2;
					continue;
				}
			}
			put_utf8(out, (u >= 0xd800 && u <= 0xdfff) ? 0xfffd : u);
		}
		if (i < n)
			put_utf8(out, 0xfffd);
		return;
	}
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		i = 3;
	while (i < n) {
		size_t l = utf8_len(s + i, n - i);

		if (l == 0) {
			put_utf8(out, 0xfffd);
			i++;
			continue;
		}
		kube_buf_put(out, s + i, l);
		i += l;
	}
}

int kube_manifest_add_data(kube_manifest *m, const char *source, const char *data, size_t len,
			   kube_err *err)
{
	kube_manifest_file *f;
	kube_buf text = KUBE_BUF_INIT;
	struct dctx d;
	kube_err e = KUBE_ERR_INIT;
	size_t i;
	int rc;

	if (add_file(m, source, &f) < 0)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	normalize_text(&text, (const unsigned char *)data, len);
	if ((rc = kube_buf_check(&text, err)) < 0)
		goto out;
	for (i = 0; i < text.len && strchr(" \t\r\n", text.ptr[i]); i++)
		;
	f->json = i < text.len && text.ptr[i] == '{';
	d.f = f;
	d.oom = false;
	rc = kube_decode_manifest(text.ptr, text.len, 0, on_doc, &d, &e);
	if (d.oom) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	if (rc == KUBE_ENOMEM) {
		kube_err_move(err, &e);
		goto out;
	}
	if (rc < 0) {
		const char *msg = e.message ? e.message : "";

		kube_err_set(&f->err, KUBE_EDECODE, "error parsing %s: %s%s", source,
			     !strncmp(msg, "yaml: ", 6) ? "error converting YAML to JSON: " : "",
			     msg);
	}
	rc = 0;
out:
	kube_err_clear(&e);
	kube_buf_release(&text);
	return rc;
}

static int read_fd(int fd, kube_buf *out, size_t max)
{
	char tmp[65536];

	for (;;) {
		ssize_t r = read(fd, tmp, sizeof(tmp));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			return 0;
		if (out->len + (size_t)r > max)
			return -EFBIG;
		kube_buf_put(out, tmp, (size_t)r);
		if (out->failed)
			return -ENOMEM;
	}
}

/* One file (or STDIN): read and decode; failures are recorded in the file. */
static int load_file(kube_manifest *m, const char *path, bool is_stdin, const kube_manifest_opts *o,
		     kube_err *err)
{
	kube_buf data = KUBE_BUF_INIT;
	size_t max = o && o->max_bytes ? o->max_bytes : DEFAULT_MAX;
	const char *source = is_stdin ? "STDIN" : path;
	int fd = is_stdin ? (o ? o->stdin_fd : 0) : open(path, O_RDONLY | O_CLOEXEC);
	int r, rc;

	if (fd < 0) {
		kube_manifest_file *f;
		int e = errno;

		if (add_file(m, source, &f) < 0)
			return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		kube_err_set(&f->err, KUBE_EIO, "open %s: %s", path, strerror(e));
		return 0;
	}
	r = read_fd(fd, &data, max);
	if (!is_stdin)
		close(fd);
	if (r == -ENOMEM) {
		kube_buf_release(&data);
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	if (r < 0) {
		kube_manifest_file *f;

		kube_buf_release(&data);
		if (add_file(m, source, &f) < 0)
			return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		if (r == -EFBIG)
			kube_err_set(&f->err, KUBE_EIO,
				     "error parsing %s: input larger than %zu bytes", source, max);
		else
			kube_err_set(&f->err, KUBE_EIO, "error parsing %s: read %s: %s", source,
				     is_stdin ? "/dev/stdin" : path, strerror(-r));
		return 0;
	}
	rc = kube_manifest_add_data(m, source, data.ptr, data.len, err);
	kube_buf_release(&data);
	return rc;
}

static bool has_ext(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	if (!dot || strchr(dot, '/'))
		return false;
	for (i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++)
		if (!strcmp(dot, extensions[i]))
			return true;
	return false;
}

struct plist {
	char **v;
	bool *in; /* v[i] is standard input */
	size_t n;
};

static int plist_add2(struct plist *l, const char *s, bool is_stdin)
{
	char **nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
	bool *ni;

	if (!nv)
		return KUBE_ENOMEM;
	l->v = nv;
	if (!(ni = realloc(l->in, (l->n + 1) * sizeof(*ni))))
		return KUBE_ENOMEM;
	l->in = ni;
	if (!(nv[l->n] = strdup(s)))
		return KUBE_ENOMEM;
	ni[l->n] = is_stdin;
	l->n++;
	return 0;
}

static int plist_add(struct plist *l, const char *s)
{
	return plist_add2(l, s, false);
}

static void plist_free(struct plist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->in);
	memset(l, 0, sizeof(*l));
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join_path(const char *dir, const char *name)
{
	kube_buf b = KUBE_BUF_INIT;

	kube_buf_puts(&b, dir);
	if (b.len && b.ptr[b.len - 1] != '/')
		kube_buf_putc(&b, '/');
	kube_buf_puts(&b, name);
	return kube_buf_detach(&b, NULL);
}

/* filepath.Walk in lexical order; files under the root need a manifest extension. */
static int walk(const char *dir, bool recursive, struct plist *files, kube_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct plist names = {NULL, NULL, 0};
	size_t i;
	int rc = 0;

	if (!d)
		return kube_err_set(err, KUBE_EIO, "open %s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (plist_add(&names, de->d_name) < 0) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			break;
		}
	}
	closedir(d);
	if (rc == 0 && names.n)
		qsort(names.v, names.n, sizeof(*names.v), cmp_names);
	for (i = 0; rc == 0 && i < names.n; i++) {
		char *p = join_path(dir, names.v[i]);
		struct stat st;

		if (!p) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			break;
		}
		if (lstat(p, &st) < 0) {
			rc = kube_err_set(err, KUBE_EIO, "lstat %s: %s", p, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			if (recursive)
				rc = walk(p, recursive, files, err);
		} else if (has_ext(p) && plist_add(files, p) < 0) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		}
		free(p);
	}
	plist_free(&names);
	return rc;
}

static bool has_meta(const char *s)
{
	return strpbrk(s, "*?[\\") != NULL;
}

static void fmt_list(kube_buf *b, const char *const *v, size_t n)
{
	size_t i;

	kube_buf_putc(b, '[');
	for (i = 0; i < n; i++) {
		if (i)
			kube_buf_putc(b, ' ');
		kube_buf_puts(b, v[i]);
	}
	kube_buf_putc(b, ']');
}

/* Record one path problem (msg, or an allocation failure of it). */
static int path_error(kube_errval *errs, kube_err *first, kube_buf *msg)
{
	kube_err e = KUBE_ERR_INIT;
	int rc = 0;

	if (msg->failed) {
		kube_buf_release(msg);
		return KUBE_ENOMEM;
	}
	kube_err_set(&e, KUBE_EINVAL, "%s", msg->ptr);
	if (first->code == 0)
		kube_err_set(first, KUBE_EINVAL, "%s", msg->ptr);
	if (errs)
		rc = kube_errval_push(errs, &e);
	kube_err_clear(&e);
	kube_buf_release(msg);
	return rc;
}

/* expandIfFilePattern + Builder.Path for one -f argument */
static int expand(const char *s, bool recursive, struct plist *files, size_t *nvisitors,
		  kube_errval *errs, kube_err *first, kube_err *err)
{
	struct plist matches = {NULL, NULL, 0};
	kube_buf msg = KUBE_BUF_INIT;
	kube_err e = KUBE_ERR_INIT;
	struct stat st;
	size_t j;
	int rc = 0;

	if (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8)) {
		kube_buf_printf(&msg, "unable to read URL \"%s\": URLs are not supported", s);
		return path_error(errs, first, &msg);
	}
	if (stat(s, &st) < 0 && errno == ENOENT) {
		glob_t g;
		int gr;

		if (!has_meta(s)) {
			kube_buf_printf(&msg, "the path \"%s\" does not exist", s);
			return path_error(errs, first, &msg);
		}
		memset(&g, 0, sizeof(g));
		gr = glob(s, 0, NULL, &g);
		if (gr == GLOB_NOMATCH || (gr == 0 && g.gl_pathc == 0)) {
			globfree(&g);
			kube_buf_printf(&msg, "the path \"%s\" does not exist", s);
			return path_error(errs, first, &msg);
		}
		if (gr != 0) {
			globfree(&g);
			kube_buf_printf(&msg,
					"pattern \"%s\" is not valid: syntax error in pattern", s);
			return path_error(errs, first, &msg);
		}
		for (j = 0; j < g.gl_pathc && rc == 0; j++)
			if (plist_add(&matches, g.gl_pathv[j]) < 0)
				rc = KUBE_ENOMEM;
		globfree(&g);
	} else if (plist_add(&matches, s) < 0) {
		rc = KUBE_ENOMEM;
	}
	for (j = 0; j < matches.n && rc == 0; j++) {
		const char *p = matches.v[j];
		size_t before = files->n;

		if (stat(p, &st) < 0) {
			if (errno == ENOENT)
				kube_buf_printf(&msg, "the path \"%s\" does not exist", p);
			else
				kube_buf_printf(&msg,
						"the path \"%s\" cannot be accessed: stat %s: %s",
						p, p, strerror(errno));
			rc = path_error(errs, first, &msg);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (walk(p, recursive, files, &e) < 0) {
				if (e.code == KUBE_ENOMEM) {
					rc = KUBE_ENOMEM;
					break;
				}
				kube_buf_printf(&msg, "error reading \"%s\": %s", p,
						e.message ? e.message : "");
				rc = path_error(errs, first, &msg);
				kube_err_clear(&e);
			}
		} else if (plist_add(files, p) < 0) {
			rc = KUBE_ENOMEM;
			break;
		}
		*nvisitors += files->n - before;
	}
	if (rc == 0 && *nvisitors == 0 && first->code == 0) {
		kube_buf_puts(&msg, "error reading ");
		fmt_list(&msg, (const char *const *)matches.v, matches.n);
		kube_buf_puts(&msg, ": recognized file extensions are ");
		fmt_list(&msg, extensions, sizeof(extensions) / sizeof(extensions[0]));
		rc = path_error(errs, first, &msg);
	}
	if (rc == KUBE_ENOMEM)
		kube_err_set(err, KUBE_ENOMEM, "out of memory");
	kube_err_clear(&e);
	kube_buf_release(&msg);
	plist_free(&matches);
	return rc;
}

int kube_manifest_load(kube_manifest *out, const char *const *paths, size_t n,
		       const kube_manifest_opts *opts, kube_errval *errs, kube_err *err)
{
	struct plist files = {NULL, NULL, 0};
	kube_err first = KUBE_ERR_INIT;
	size_t i, nvisitors = 0;
	bool recursive = opts && opts->recursive, stdin_used = false;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		if (!strcmp(paths[i], "-")) {
			if (stdin_used) {
				kube_buf msg = KUBE_BUF_INIT;

				kube_buf_puts(&msg, "standard input cannot be used for multiple "
						    "arguments");
				rc = path_error(errs, &first, &msg);
			}
			stdin_used = true;
			if (rc == 0 && plist_add2(&files, "STDIN", true) < 0)
				rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			nvisitors++;
			continue;
		}
		rc = expand(paths[i], recursive, &files, &nvisitors, errs, &first, err);
	}
	if (rc < 0)
		goto out;
	if (first.code != 0) {
		rc = first.code;
		if (err)
			kube_err_move(err, &first);
		goto out;
	}
	for (i = 0; i < files.n; i++)
		if ((rc = load_file(out, files.v[i], files.in[i], opts, err)) < 0)
			goto out;
	rc = 0;
out:
	kube_err_clear(&first);
	plist_free(&files);
	return rc;
}

void kube_manifest_release(kube_manifest *m)
{
	size_t i, j;

	if (!m)
		return;
	for (i = 0; i < m->nfiles; i++) {
		kube_manifest_file *f = &m->files[i];

		for (j = 0; j < f->ndocs; j++)
			kube_obj_free(f->docs[j]);
		free(f->docs);
		free(f->source);
		kube_err_clear(&f->err);
	}
	free(m->files);
	m->files = NULL;
	m->nfiles = 0;
}
