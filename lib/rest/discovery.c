/* Discovery: aggregated (apidiscovery.k8s.io/v2) with the legacy fallback, cached on disk in a
 * compact form, and kubectl's resource-argument mapping. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <kube/discovery.h>
#include <kube/obj.h>

#include "banned.h"

#define AGG_ACCEPT                                                                                 \
	"application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/"    \
	"json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"
#define CACHE_VERSION 1

struct kube_discovery {
	kube_client *c;
	kube_discovery_opts opts;
	char *cache_dir, *cache_file;
	kube_obj *doc;         /* {"v":1,"resources":[...]} */
	kube_resource *res;
	size_t nres;
	const char **ptrs;     /* storage for the NULL-terminated arrays */
	const char **gvs;      /* preferred group/versions, sorted */
	char *gv_store;
	size_t ngvs;
	bool fresh;
	/* data replaced by a refresh: kept until the end, since callers may hold
	 * kube_resource pointers into it (e.g. targets resolved before a later miss) */
	struct old_data {
		kube_obj *doc;
		kube_resource *res;
		const char **ptrs, **gvs;
		char *gv_store;
	} *old;
	size_t nold;
	kube_warning_fn warning_fn;
	void *warning_payload;
};

/* ---- building the compact document ---- */

static int add_resource(kube_obj *list, const char *group, const char *version, bool preferred,
			const char *resource, const char *kind, const char *singular,
			bool namespaced, const kube_obj *shorts, const kube_obj *cats,
			const kube_obj *verbs, kube_obj *subs_take)
{
	kube_obj *r = kube_obj_new_object(), *tmp;
	int rc = 0;

	if (!r) {
		kube_obj_free(subs_take);
		return KUBE_ENOMEM;
	}
	rc |= kube_obj_set_str(r, "group", group);
	rc |= kube_obj_set_str(r, "version", version);
	rc |= kube_obj_set_take(r, "preferred", kube_obj_new_bool(preferred));
	rc |= kube_obj_set_str(r, "resource", resource);
	rc |= kube_obj_set_str(r, "kind", kind ? kind : "");
	rc |= kube_obj_set_str(r, "singular", singular ? singular : "");
	rc |= kube_obj_set_take(r, "namespaced", kube_obj_new_bool(namespaced));
#define COPY(name, src)                                                                            \
	tmp = NULL;                                                                                \
	if (kube_obj_type_of(src) == KUBE_OBJ_ARRAY)                                               \
		rc |= kube_obj_dup(&tmp, src, NULL);                                               \
	rc |= kube_obj_set_take(r, name, tmp ? tmp : kube_obj_new_array())
	COPY("shortNames", shorts);
	COPY("categories", cats);
	COPY("verbs", verbs);
#undef COPY
	rc |= kube_obj_set_take(r, "subresources", subs_take ? subs_take : kube_obj_new_array());
	rc |= kube_obj_append_take(list, r);
	return rc ? KUBE_ENOMEM : 0;
}

static char *lower_dup(const char *s)
{
	size_t n = strlen(s), i;
	char *p = malloc(n + 1);

	if (!p)
		return NULL;
	for (i = 0; i <= n; i++)
		p[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
	return p;
}

static int add_aggregated(kube_obj *list, const kube_obj *agg)
{
	const kube_obj *g, *v, *r, *s;

	kube_obj_foreach(g, kube_obj_get(agg, "items"))
	{
		const char *group = kube_obj_path_str(g, "metadata", "name", NULL);
		bool first = true;

		if (!group)
			group = "";
		kube_obj_foreach(v, kube_obj_get(g, "versions"))
		{
			const char *ver = kube_obj_path_str(v, "version", NULL);

			if (!ver)
				continue;
			kube_obj_foreach(r, kube_obj_get(v, "resources"))
			{
				const char *name = kube_obj_path_str(r, "resource", NULL);
				const char *kind = kube_obj_path_str(r, "responseKind", "kind", NULL);
				const char *sing = kube_obj_path_str(r, "singularResource", NULL);
				const char *scope = kube_obj_path_str(r, "scope", NULL);
				kube_obj *subs = kube_obj_new_array();
				char *lk = NULL;
				int rc;

				if (!name || !subs) {
					kube_obj_free(subs);
					continue;
				}
				kube_obj_foreach(s, kube_obj_get(r, "subresources"))
				{
					const char *sn = kube_obj_path_str(s, "subresource", NULL);

					if (sn)
						kube_obj_append_take(subs, kube_obj_new_string(sn));
				}
				if ((!sing || !*sing) && kind)
					sing = lk = lower_dup(kind);
				rc = add_resource(list, group, ver, first, name, kind, sing,
						  scope && !strcmp(scope, "Namespaced"),
						  kube_obj_get(r, "shortNames"),
						  kube_obj_get(r, "categories"), kube_obj_get(r, "verbs"),
						  subs);
				free(lk);
				if (rc < 0)
					return rc;
			}
			first = false;
		}
	}
	return 0;
}

static int add_legacy_list(kube_obj *list, const kube_obj *rl, const char *group, const char *ver)
{
	const kube_obj *r, *s;

	kube_obj_foreach(r, kube_obj_get(rl, "resources"))
	{
		const char *name = kube_obj_path_str(r, "name", NULL);
		const char *kind = kube_obj_path_str(r, "kind", NULL);
		const char *sing = kube_obj_path_str(r, "singularName", NULL);
		kube_obj *subs;
		char *lk = NULL;
		size_t nl;
		int rc;

		if (!name || strchr(name, '/'))
			continue;
		if (!(subs = kube_obj_new_array()))
			return KUBE_ENOMEM;
		nl = strlen(name);
		kube_obj_foreach(s, kube_obj_get(rl, "resources"))
		{
			const char *sn = kube_obj_path_str(s, "name", NULL);

			if (sn && !strncmp(sn, name, nl) && sn[nl] == '/')
				kube_obj_append_take(subs, kube_obj_new_string(sn + nl + 1));
		}
		if ((!sing || !*sing) && kind)
			sing = lk = lower_dup(kind);
		rc = add_resource(list, group, ver, true, name, kind, sing,
				  kube_obj_bool(kube_obj_get(r, "namespaced")),
				  kube_obj_get(r, "shortNames"), kube_obj_get(r, "categories"),
				  kube_obj_get(r, "verbs"), subs);
		free(lk);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int get_json(kube_client *c, const char *path, const char *accept, kube_obj **out,
		    char **ctype, kube_err *err)
{
	kube_response resp = KUBE_RESPONSE_INIT;
	kube_request req = {.path = path, .accept = accept, .timeout_param = "32s",
			    .keep_error_body = true};
	int rc;

	*out = NULL;
	if (ctype)
		*ctype = NULL;
	if ((rc = kube_client_do(c, &req, &resp, err)) < 0)
		goto out;
	if (resp.status >= 400) {
		/* client-go's discovery client does not decode a Status here: the message is the
		 * one it makes up from the HTTP code (and a text body) */
		kube_err_req info = {.method = "GET", .content_type = resp.content_type};
		bool text = !resp.content_type || !strncasecmp(resp.content_type, "text/", 5);

		rc = kube_err_from_http(err, resp.status, text ? resp.body.ptr : "",
					text ? resp.body.len : 0, &info);
		goto out;
	}
	if ((rc = kube_obj_parse_json(out, resp.body.ptr, resp.body.len, err)) < 0)
		goto out;
	if (ctype) {
		*ctype = resp.content_type;
		resp.content_type = NULL;
	}
out:
	kube_response_release(&resp);
	return rc;
}

static bool is_aggregated(const char *ct)
{
	return ct && strstr(ct, "as=APIGroupDiscoveryList");
}

static int fetch(kube_client *c, kube_obj **out, kube_err *err)
{
	kube_obj *doc = kube_obj_new_object(), *list = kube_obj_new_array(), *api = NULL,
		 *apis = NULL, *rl = NULL;
	char *ct = NULL;
	kube_buf path = KUBE_BUF_INIT;
	int rc;

	*out = NULL;
	if (!doc || !list) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = get_json(c, "/api", AGG_ACCEPT, &api, &ct, err)) < 0)
		goto out;
	if (is_aggregated(ct)) {
		free(ct);
		ct = NULL;
		if ((rc = add_aggregated(list, api)) < 0)
			goto oom;
		if ((rc = get_json(c, "/apis", AGG_ACCEPT, &apis, &ct, err)) < 0)
			goto out;
		if (!is_aggregated(ct)) {
			rc = kube_err_set(err, KUBE_EDECODE, "unexpected discovery response from /apis");
			goto out;
		}
		if ((rc = add_aggregated(list, apis)) < 0)
			goto oom;
	} else {
		const kube_obj *v, *g;

		kube_obj_foreach(v, kube_obj_get(api, "versions"))
		{
			const char *ver = kube_obj_str(v);

			if (!ver)
				continue;
			kube_buf_truncate(&path, 0);
			kube_buf_printf(&path, "/api/%s", ver);
			if ((rc = get_json(c, path.ptr, "application/json, */*", &rl, NULL, err)) < 0)
				goto out;
			if ((rc = add_legacy_list(list, rl, "", ver)) < 0)
				goto oom;
			kube_obj_free(rl);
			rl = NULL;
			break; /* only the first (preferred) core version */
		}
		if ((rc = get_json(c, "/apis", "application/json, */*", &apis, NULL, err)) < 0)
			goto out;
		kube_obj_foreach(g, kube_obj_get(apis, "groups"))
		{
			const char *name = kube_obj_path_str(g, "name", NULL);
			const char *gv = kube_obj_path_str(g, "preferredVersion", "groupVersion", NULL);
			const char *ver = kube_obj_path_str(g, "preferredVersion", "version", NULL);

			if (!name || !gv || !ver)
				continue;
			kube_buf_truncate(&path, 0);
			kube_buf_printf(&path, "/apis/%s", gv);
			if ((rc = get_json(c, path.ptr, "application/json, */*", &rl, NULL, err)) < 0) {
				if (rc == KUBE_ENOTFOUND || rc == KUBE_EAPI) {
					/* a broken aggregated API must not break discovery */
					kube_err_clear(err);
					continue;
				}
				goto out;
			}
			if ((rc = add_legacy_list(list, rl, name, ver)) < 0)
				goto oom;
			kube_obj_free(rl);
			rl = NULL;
		}
	}
	if (kube_obj_set_take(doc, "v", kube_obj_new_int(CACHE_VERSION)) < 0 ||
	    kube_obj_set_take(doc, "resources", list) < 0) {
		list = NULL;
		goto oom;
	}
	list = NULL;
	*out = doc;
	doc = NULL;
	rc = 0;
	goto out;
oom:
	rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
out:
	kube_obj_free(doc);
	kube_obj_free(list);
	kube_obj_free(api);
	kube_obj_free(apis);
	kube_obj_free(rl);
	free(ct);
	kube_buf_release(&path);
	return rc;
}

/* ---- cache ---- */

static int mkdir_p(char *path, mode_t mode)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, mode) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(path, mode) < 0 && errno != EEXIST ? -1 : 0;
}

static int cache_paths(struct kube_discovery *d)
{
	kube_buf b = KUBE_BUF_INIT;
	const char *dir = d->opts.cache_dir, *s;

	if (dir && !*dir)
		return 0;
	if (!dir) {
		const char *env = getenv("KUBECACHEDIR"), *home = getenv("HOME");

		if (env && *env)
			kube_buf_puts(&b, env);
		else if (home && *home)
			kube_buf_printf(&b, "%s/.kube/cache", home);
		else
			return 0;
	} else {
		kube_buf_puts(&b, dir);
	}
	kube_buf_puts(&b, "/discovery/");
	s = kube_client_server(d->c);
	if (!strncmp(s, "https://", 8))
		s += 8;
	else if (!strncmp(s, "http://", 7))
		s += 7;
	for (; *s; s++) {
		char ch = *s;

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '_' || ch == '/' || ch == '.'))
			ch = '_';
		kube_buf_putc(&b, ch);
	}
	if (b.failed) {
		kube_buf_release(&b);
		return KUBE_ENOMEM;
	}
	d->cache_dir = kube_buf_detach(&b, NULL);
	kube_buf_printf(&b, "%s/kubec-discovery.json", d->cache_dir);
	d->cache_file = kube_buf_detach(&b, NULL);
	return d->cache_file ? 0 : KUBE_ENOMEM;
}

static kube_obj *cache_read(struct kube_discovery *d)
{
	struct stat st;
	kube_obj *doc = NULL;
	char *data = NULL;
	int fd;
	int64_t v = 0;
	int64_t ttl = d->opts.ttl_seconds ? d->opts.ttl_seconds : 6 * 3600;

	if (!d->cache_file || d->opts.refresh)
		return NULL;
	if ((fd = open(d->cache_file, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || st.st_size <= 0 || st.st_size > (64 << 20) ||
	    time(NULL) - st.st_mtime > ttl)
		goto out;
	if (!(data = malloc((size_t)st.st_size)))
		goto out;
	if (read(fd, data, (size_t)st.st_size) != (ssize_t)st.st_size)
		goto out;
	if (kube_obj_parse_json(&doc, data, (size_t)st.st_size, NULL) < 0)
		goto out;
	if (kube_obj_int64(kube_obj_get(doc, "v"), &v) < 0 || v != CACHE_VERSION) {
		kube_obj_free(doc);
		doc = NULL;
	}
out:
	free(data);
	close(fd);
	return doc;
}

static void cache_write(struct kube_discovery *d)
{
	kube_buf b = KUBE_BUF_INIT, tmp = KUBE_BUF_INIT;
	int fd;

	if (!d->cache_file)
		return;
	kube_json_write(&b, d->doc, 0);
	kube_buf_printf(&tmp, "%s.%ld.tmp", d->cache_file, (long)getpid());
	if (b.failed || tmp.failed || mkdir_p(d->cache_dir, 0750) < 0)
		goto out;
	if ((fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0660)) < 0)
		goto out;
	if (write(fd, b.ptr, b.len) != (ssize_t)b.len) {
		close(fd);
		unlink(tmp.ptr);
		goto out;
	}
	close(fd);
	if (rename(tmp.ptr, d->cache_file) < 0)
		unlink(tmp.ptr);
out:
	kube_buf_release(&b);
	kube_buf_release(&tmp);
}

/* ---- index ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void index_release(struct kube_discovery *d)
{
	free(d->res);
	free(d->ptrs);
	free(d->gvs);
	free(d->gv_store);
	d->res = NULL;
	d->ptrs = NULL;
	d->gvs = NULL;
	d->gv_store = NULL;
	d->nres = d->ngvs = 0;
}

static int build_index(struct kube_discovery *d)
{
	const kube_obj *list = kube_obj_get(d->doc, "resources"), *r, *e;
	size_t n = kube_obj_len(list), nptr = 0, i = 0, p = 0, gl = 0, k;
	static const char *const arrays[] = {"shortNames", "categories", "verbs", "subresources"};

	index_release(d);
	kube_obj_foreach(r, list)
	{
		for (k = 0; k < 4; k++)
			nptr += kube_obj_len(kube_obj_get(r, arrays[k])) + 1;
		gl += strlen(kube_obj_path_str(r, "group", NULL) ? kube_obj_path_str(r, "group", NULL) : "") +
		      strlen(kube_obj_path_str(r, "version", NULL) ? kube_obj_path_str(r, "version", NULL) : "") + 2;
	}
	d->res = calloc(n ? n : 1, sizeof(*d->res));
	d->ptrs = calloc(nptr ? nptr : 1, sizeof(*d->ptrs));
	d->gvs = calloc(n ? n : 1, sizeof(*d->gvs));
	d->gv_store = malloc(gl ? gl : 1);
	if (!d->res || !d->ptrs || !d->gvs || !d->gv_store)
		return KUBE_ENOMEM;
	gl = 0;
	kube_obj_foreach(r, list)
	{
		kube_resource *x = &d->res[i];
		const char **arr[4];

		x->group = kube_obj_path_str(r, "group", NULL);
		x->version = kube_obj_path_str(r, "version", NULL);
		x->resource = kube_obj_path_str(r, "resource", NULL);
		x->singular = kube_obj_path_str(r, "singular", NULL);
		x->kind = kube_obj_path_str(r, "kind", NULL);
		if (!x->group || !x->version || !x->resource || !x->singular || !x->kind)
			continue;
		x->namespaced = kube_obj_bool(kube_obj_get(r, "namespaced"));
		x->preferred = kube_obj_bool(kube_obj_get(r, "preferred"));
		for (k = 0; k < 4; k++) {
			arr[k] = &d->ptrs[p];
			kube_obj_foreach(e, kube_obj_get(r, arrays[k]))
				if (kube_obj_str(e))
					d->ptrs[p++] = kube_obj_str(e);
			d->ptrs[p++] = NULL;
		}
		x->short_names = arr[0];
		x->categories = arr[1];
		x->verbs = arr[2];
		x->subresources = arr[3];
		{
			size_t j;
			char *gv = d->gv_store + gl;

			if (*x->group)
				gl += (size_t)snprintf(gv, strlen(x->group) + strlen(x->version) + 2, "%s/%s",
						       x->group, x->version) + 1;
			else
				gl += (size_t)snprintf(gv, strlen(x->version) + 1, "%s", x->version) + 1;
			for (j = 0; j < d->ngvs; j++)
				if (!strcmp(d->gvs[j], gv))
					break;
			if (j == d->ngvs)
				d->gvs[d->ngvs++] = gv;
			else
				gl -= strlen(gv) + 1;
		}
		i++;
	}
	d->nres = i;
	qsort(d->gvs, d->ngvs, sizeof(*d->gvs), cmp_str);
	return 0;
}

void kube_discovery_free(kube_discovery *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nold; i++) {
		kube_obj_free(d->old[i].doc);
		free(d->old[i].res);
		free(d->old[i].ptrs);
		free(d->old[i].gvs);
		free(d->old[i].gv_store);
	}
	free(d->old);
	index_release(d);
	kube_obj_free(d->doc);
	free(d->cache_dir);
	free(d->cache_file);
	free(d);
}

int kube_discovery_refresh(kube_discovery *d, kube_err *err)
{
	kube_obj *doc;
	int rc;

	if ((rc = fetch(d->c, &doc, err)) < 0)
		return rc;
	if (d->doc) {
		struct old_data *o = realloc(d->old, (d->nold + 1) * sizeof(*o));

		if (!o) {
			kube_obj_free(doc);
			return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		}
		d->old = o;
		o[d->nold].doc = d->doc;
		o[d->nold].res = d->res;
		o[d->nold].ptrs = d->ptrs;
		o[d->nold].gvs = d->gvs;
		o[d->nold].gv_store = d->gv_store;
		d->nold++;
		d->res = NULL;
		d->ptrs = d->gvs = NULL;
		d->gv_store = NULL;
		d->nres = d->ngvs = 0;
	}
	d->doc = doc;
	d->fresh = true;
	if (build_index(d) < 0)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	cache_write(d);
	return 0;
}

int kube_discovery_load(kube_discovery **out, kube_client *c, const kube_discovery_opts *opts,
			kube_err *err)
{
	struct kube_discovery *d;
	int rc;

	*out = NULL;
	if (!(d = calloc(1, sizeof(*d))))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	d->c = c;
	if (opts)
		d->opts = *opts;
	d->opts.cache_dir = NULL; /* not kept */
	d->warning_fn = opts ? opts->warning_fn : NULL;
	d->warning_payload = opts ? opts->warning_payload : NULL;
	if (opts && opts->cache_dir) {
		kube_discovery_opts tmp = d->opts;

		tmp.cache_dir = opts->cache_dir;
		d->opts = tmp;
	}
	if (cache_paths(d) < 0) {
		kube_discovery_free(d);
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	d->opts.cache_dir = NULL;
	if ((d->doc = cache_read(d)) != NULL) {
		if (build_index(d) < 0) {
			kube_discovery_free(d);
			return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		}
	} else if ((rc = kube_discovery_refresh(d, err)) < 0) {
		kube_discovery_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

bool kube_discovery_fresh(const kube_discovery *d)
{
	return d->fresh;
}

size_t kube_discovery_count(const kube_discovery *d)
{
	return d->nres;
}

const kube_resource *kube_discovery_at(const kube_discovery *d, size_t i)
{
	return i < d->nres ? &d->res[i] : NULL;
}

size_t kube_discovery_group_versions(const kube_discovery *d, const char *const **out)
{
	*out = d->gvs;
	return d->ngvs;
}

static bool in_list(const char *const *l, const char *s)
{
	for (; l && *l; l++)
		if (!strcmp(*l, s))
			return true;
	return false;
}

bool kube_resource_has_verb(const kube_resource *r, const char *verb)
{
	return in_list(r->verbs, verb);
}

static bool name_matches(const kube_resource *r, const char *name)
{
	return !strcmp(r->resource, name) || !strcmp(r->singular, name) ||
	       !strcasecmp(r->kind, name) || in_list(r->short_names, name);
}

/* group == NULL: any group; version == NULL: preferred version. */
static const kube_resource *find(const kube_discovery *d, const char *name, const char *group,
				 const char *version)
{
	size_t i;
	const kube_resource *best = NULL;

	/* plural/singular/kind matches first, then short names, as the shortcut expander does */
	for (i = 0; i < d->nres; i++) {
		const kube_resource *r = &d->res[i];

		if (group && strcmp(r->group, group))
			continue;
		if (version ? strcmp(r->version, version) != 0 : !r->preferred)
			continue;
		if (!strcmp(r->resource, name) || !strcmp(r->singular, name) ||
		    !strcasecmp(r->kind, name)) {
			if (!*r->group)
				return r;
			if (!best)
				best = r;
		}
	}
	if (best)
		return best;
	for (i = 0; i < d->nres; i++) {
		const kube_resource *r = &d->res[i];

		if (group && strcmp(r->group, group))
			continue;
		if (version ? strcmp(r->version, version) != 0 : !r->preferred)
			continue;
		if (name_matches(r, name))
			return r;
	}
	return NULL;
}

static const kube_resource *map_once(const kube_discovery *d, const char *arg)
{
	const kube_resource *r;
	const char *dot = strchr(arg, '.');
	char *name, *rest, *dot2;

	if (!dot)
		return find(d, arg, NULL, NULL);
	if (!(name = lower_dup(arg)))
		return NULL;
	name[dot - arg] = '\0';
	rest = name + (dot - arg) + 1;
	r = NULL;
	dot2 = strchr(rest, '.');
	if (dot2) {
		*dot2 = '\0';
		r = find(d, name, dot2 + 1, rest);
		*dot2 = '.';
	} else if (!*rest) {
		r = NULL;
	}
	if (!r && !dot2 && rest[0] == '\0')
		r = NULL;
	if (!r) {
		/* "services.v1." is version v1 of the core group */
		size_t rl = strlen(rest);

		if (rl && rest[rl - 1] == '.') {
			rest[rl - 1] = '\0';
			r = find(d, name, "", rest);
		} else {
			r = find(d, name, rest, NULL);
		}
	}
	free(name);
	return r;
}

int kube_discovery_map(const kube_resource **out, kube_discovery *d, const char *arg,
		       kube_err *err)
{
	char *l = lower_dup(arg);
	int rc;

	*out = NULL;
	if (!l)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	if (*l)
		*out = map_once(d, l);
	if (!*out && *l && !d->fresh) {
		/* a miss invalidates the cache, as kubectl does */
		if ((rc = kube_discovery_refresh(d, err)) < 0) {
			free(l);
			return rc;
		}
		*out = map_once(d, l);
	}
	if (*out && d->warning_fn && !strchr(l, '.') && strcmp((*out)->resource, l) &&
	    strcmp((*out)->singular, l) && strcasecmp((*out)->kind, l)) {
		/* matched through a short name: kubectl warns about lower-priority resources
		 * (later in discovery order) that have the same short name */
		size_t i;

		for (i = 0; i < d->nres; i++) {
			const kube_resource *o = &d->res[i];
			kube_buf w = KUBE_BUF_INIT;

			if (o == *out || !o->preferred || !in_list(o->short_names, l) ||
			    !strcmp(o->group, (*out)->group))
				continue;
			kube_buf_printf(&w, "short name \"%s\" could also match lower priority resource "
					    "%s%s%s", l, o->resource, *o->group ? "." : "", o->group);
			if (!w.failed)
				d->warning_fn(w.ptr, d->warning_payload);
			kube_buf_release(&w);
		}
	}
	free(l);
	if (!*out)
		return kube_err_set(err, KUBE_ENOMATCH, "the server doesn't have a resource type \"%s\"",
				    arg);
	return 0;
}

size_t kube_discovery_category(const kube_resource ***out, const kube_discovery *d,
			       const char *category)
{
	size_t i, n = 0;

	*out = NULL;
	for (i = 0; i < d->nres; i++)
		if (d->res[i].preferred && in_list(d->res[i].categories, category))
			n++;
	if (!n || !(*out = calloc(n, sizeof(**out))))
		return 0;
	n = 0;
	for (i = 0; i < d->nres; i++)
		if (d->res[i].preferred && in_list(d->res[i].categories, category))
			(*out)[n++] = &d->res[i];
	return n;
}

void kube_resource_kind_prefix(kube_buf *out, const kube_resource *r)
{
	const char *k;

	for (k = r->kind; *k; k++)
		kube_buf_putc(out, (char)((*k >= 'A' && *k <= 'Z') ? *k + 32 : *k));
	if (*r->group)
		kube_buf_printf(out, ".%s", r->group);
}

void kube_resource_path(kube_buf *out, const kube_resource *r, const char *ns, const char *name)
{
	if (*r->group)
		kube_buf_printf(out, "/apis/%s/%s", r->group, r->version);
	else
		kube_buf_printf(out, "/api/%s", r->version);
	if (r->namespaced && ns) {
		kube_buf_puts(out, "/namespaces/");
		kube_buf_put_pathseg(out, ns);
	}
	kube_buf_putc(out, '/');
	kube_buf_puts(out, r->resource);
	if (name) {
		kube_buf_putc(out, '/');
		kube_buf_put_pathseg(out, name);
	}
}
