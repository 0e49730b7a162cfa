/* Completion support: resource type lists and the object name cache; see include/kube/complete.h */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <kube/builder.h>
#include <kube/complete.h>
#include <kube/obj.h>

#include "banned.h"

#define NAMES_HEADER "# kubec names 1\n"
#define NAMES_MAX_FILE (256u << 20)
#define METADATA_ACCEPT                                                                            \
	"application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"

bool kube_complete_has_prefix(const char *s, const char *prefix)
{
	return !prefix || !strncmp(s, prefix, strlen(prefix));
}

/* Append s (adopted on success); keeps room for the final NULL. */
static int list_take(kube_complete_list *l, char *s)
{
	char **nv;

	if (l->n + 2 > l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;

		if (!(nv = realloc(l->v, cap * sizeof(*nv))))
			return -1;
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
	return 0;
}

int kube_complete_list_add(kube_complete_list *l, const char *s, kube_err *err)
{
	size_t len = strlen(s);
	char *copy;

	if (!(copy = malloc(len + 1)))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	memcpy(copy, s, len + 1);
	if (list_take(l, copy) < 0) {
		free(copy);
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	return 0;
}

void kube_complete_list_release(kube_complete_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
	l->cap = 0;
	l->from_cache = false;
	l->stale = false;
}

/* ---- resource types ---- */

static int type_cmp(const void *x, const void *y)
{
	const kube_resource *a = *(const kube_resource *const *)x;
	const kube_resource *b = *(const kube_resource *const *)y;
	int r = strcmp(a->group, b->group);

	return r ? r : strcmp(a->resource, b->resource);
}

int kube_complete_types(kube_complete_list *out, const kube_discovery *d, const char *verb,
			kube_err *err)
{
	size_t i, n = 0, total = kube_discovery_count(d);
	const kube_resource **v;
	kube_buf b = KUBE_BUF_INIT;
	int rc = 0;

	if (!(v = calloc(total ? total : 1, sizeof(*v))))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	for (i = 0; i < total; i++) {
		const kube_resource *r = kube_discovery_at(d, i);

		if (!r->preferred || !r->verbs || !r->verbs[0])
			continue;
		if (verb && !kube_resource_has_verb(r, verb))
			continue;
		v[n++] = r;
	}
	qsort(v, n, sizeof(*v), type_cmp);
	for (i = 0; i < n && rc == 0; i++) {
		kube_buf_truncate(&b, 0);
		kube_buf_puts(&b, v[i]->resource);
		if (*v[i]->group)
			kube_buf_printf(&b, ".%s", v[i]->group);
		if ((rc = kube_buf_check(&b, err)) == 0)
			rc = kube_complete_list_add(out, b.ptr, err);
	}
	kube_buf_release(&b);
	free(v);
	return rc;
}

/* ---- the name cache ---- */

static void put_sanitised(kube_buf *b, const char *s, size_t max)
{
	size_t n = 0;

	for (; *s && n < max; s++, n++) {
		char ch = *s;

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '-' || ch == '_' || (ch == '.' && n > 0)))
			ch = '_';
		kube_buf_putc(b, ch);
	}
	if (n == 0)
		kube_buf_putc(b, '_');
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

int kube_complete_cache_path(kube_buf *out, const kube_client *c, const kube_resource *r,
			     const char *ns, const kube_complete_opts *opts, kube_err *err)
{
	const char *dir = opts ? opts->cache_dir : NULL;
	const char *context = opts && opts->context ? opts->context : "";
	uint64_t h;

	if (dir && !*dir)
		return kube_err_set(err, KUBE_EINVAL, "the name cache is disabled");
	if (!dir) {
		const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

		if (xdg && *xdg == '/')
			kube_buf_printf(out, "%s/kubec/names", xdg);
		else if (home && *home)
			kube_buf_printf(out, "%s/.cache/kubec/names", home);
		else
			return kube_err_set(err, KUBE_EINVAL, "no cache directory");
	} else {
		kube_buf_puts(out, dir);
	}
	h = fnv1a(0xcbf29ce484222325ULL, context);
	h = fnv1a(h ^ '\n', kube_client_server(c));
	kube_buf_putc(out, '/');
	put_sanitised(out, context, 64);
	kube_buf_printf(out, "-%016llx/", (unsigned long long)h);
	if (r->namespaced)
		put_sanitised(out, ns && *ns ? ns : "default", 253);
	else
		kube_buf_puts(out, "_cluster");
	kube_buf_putc(out, '/');
	put_sanitised(out, r->resource, 253);
	if (*r->group) {
		kube_buf_putc(out, '.');
		put_sanitised(out, r->group, 253);
	}
	return kube_buf_check(out, err);
}

static int64_t now_ms(const kube_complete_opts *opts)
{
	struct timespec ts;

	if (opts && opts->now_ms)
		return opts->now_ms;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read a cache file into out. Returns 1 when read (and *age_ms set), 0 when absent/unusable,
 * < 0 on OOM. */
static int cache_read(kube_complete_list *out, const char *path, int64_t now, int64_t *age_ms,
		      kube_err *err)
{
	struct stat st;
	char *data = NULL, *p, *end, *nl;
	size_t hl = sizeof(NAMES_HEADER) - 1;
	ssize_t got;
	size_t have = 0;
	int fd, rc = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size < hl ||
	    (uint64_t)st.st_size > NAMES_MAX_FILE)
		goto out;
	if (!(data = malloc((size_t)st.st_size + 1))) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	while (have < (size_t)st.st_size) {
		got = read(fd, data + have, (size_t)st.st_size - have);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			goto out;
		have += (size_t)got;
	}
	data[have] = '\0';
	if (memcmp(data, NAMES_HEADER, hl) != 0)
		goto out;
	end = data + have;
	for (p = data + hl; p < end; p = nl + 1) {
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			break; /* a torn last line is ignored */
		*nl = '\0';
		if (*p && (rc = kube_complete_list_add(out, p, err)) < 0)
			goto out;
	}
	*age_ms = now - ((int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000);
	rc = 1;
out:
	free(data);
	close(fd);
	return rc;
}

static int mkdir_parents(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

/* Best effort: a cache that cannot be written only costs speed. */
static void cache_write(const char *path, const kube_complete_list *names)
{
	kube_buf body = KUBE_BUF_INIT, tmp = KUBE_BUF_INIT;
	size_t i, off = 0;
	ssize_t w;
	int fd = -1;

	kube_buf_init(&body, NAMES_MAX_FILE);
	kube_buf_puts(&body, NAMES_HEADER);
	for (i = 0; i < names->n; i++) {
		kube_buf_puts(&body, names->v[i]);
		kube_buf_putc(&body, '\n');
	}
	kube_buf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid());
	if (body.failed || tmp.failed || mkdir_parents(tmp.ptr) < 0)
		goto out;
	if ((fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		goto out;
	while (off < body.len) {
		w = write(fd, body.ptr + off, body.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (close(fd) < 0 || off != body.len || rename(tmp.ptr, path) < 0)
		unlink(tmp.ptr);
out:
	kube_buf_release(&body);
	kube_buf_release(&tmp);
}

static int names_page(kube_obj *page, void *payload, kube_err *err)
{
	kube_complete_list *l = payload;
	const kube_obj *item;
	int rc = 0;

	kube_obj_foreach(item, kube_obj_get(page, "items"))
	{
		const char *name = kube_obj_path_str(item, "metadata", "name", NULL);

		if (name && (rc = kube_complete_list_add(l, name, err)) < 0)
			break;
	}
	kube_obj_free(page);
	return rc;
}

/* Move the strings of src to the end of dst; src is released. */
static int list_move(kube_complete_list *dst, kube_complete_list *src, kube_err *err)
{
	size_t i;
	int rc = 0;

	if (!dst->n) {
		free(dst->v);
		dst->v = src->v;
		dst->n = src->n;
		dst->cap = src->cap;
		src->v = NULL;
		src->n = src->cap = 0;
	}
	for (i = 0; i < src->n; i++) {
		if (rc == 0 && list_take(dst, src->v[i]) == 0)
			src->v[i] = NULL;
		else
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	kube_complete_list_release(src);
	return rc;
}

int kube_complete_names(kube_complete_list *out, kube_client *c, const kube_resource *r,
			const char *ns, const kube_complete_opts *opts, kube_err *err)
{
	kube_complete_list cached = KUBE_COMPLETE_LIST_INIT, fetched = KUBE_COMPLETE_LIST_INIT;
	kube_list_opts lo = {.accept = METADATA_ACCEPT, .chunk_size = 500};
	kube_err lerr = KUBE_ERR_INIT;
	kube_buf path = KUBE_BUF_INIT;
	int64_t ttl = opts && opts->ttl_ms ? opts->ttl_ms : KUBE_COMPLETE_TTL_MS, age = 0;
	int rc, have = 0;
	bool caching;

	if (!ns || !*ns)
		ns = "default";
	caching = kube_complete_cache_path(&path, c, r, ns, opts, NULL) == 0;
	if (caching) {
		if ((have = cache_read(&cached, path.ptr, now_ms(opts), &age, err)) < 0) {
			rc = have;
			goto out;
		}
		if (have && ttl > 0 && age >= 0 && age < ttl) {
			out->from_cache = true;
			rc = list_move(out, &cached, err);
			goto out;
		}
	}
	lo.namespace = r->namespaced ? ns : NULL;
	if ((rc = kube_list(c, r, &lo, names_page, &fetched, &lerr)) < 0) {
		if (have && rc == KUBE_ETRANSPORT) {
			/* the server did not answer: the stale names are better than none */
			out->from_cache = true;
			out->stale = true;
			rc = list_move(out, &cached, err);
			goto out;
		}
		kube_err_move(err, &lerr);
		goto out;
	}
	if (caching)
		cache_write(path.ptr, &fetched);
	rc = list_move(out, &fetched, err);
out:
	kube_err_clear(&lerr);
	kube_complete_list_release(&cached);
	kube_complete_list_release(&fetched);
	kube_buf_release(&path);
	return rc;
}

int kube_complete_invalidate(const kube_client *c, const kube_resource *r, const char *ns,
			     const kube_complete_opts *opts, kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT;
	int rc;

	if ((rc = kube_complete_cache_path(&path, c, r, ns && *ns ? ns : "default", opts, err)) ==
	    0)
		unlink(path.ptr);
	else if (rc == KUBE_EINVAL)
		rc = 0;
	kube_buf_release(&path);
	return rc;
}
