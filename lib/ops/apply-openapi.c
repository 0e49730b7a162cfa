/* The server's OpenAPI v3 for create/apply: the /openapi/v3 index, group-version documents kept
 * in memory and on disk (the index names each document with a content hash, so a cached copy
 * never goes stale), patch operations, kind schemas, and kubectl's fieldValidation check. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops/apply-internal.h"
#include "banned.h"

#define MAX_CACHED ((off_t)256 << 20)

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

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

int openapi_init(struct openapi *oa, kube_client *c, const char *cache_root, kube_err *err)
{
	kube_buf b = KUBE_BUF_INIT;
	const char *s;

	memset(oa, 0, sizeof(*oa));
	oa->c = c;
	if (cache_root && !*cache_root)
		return 0;
	if (cache_root) {
		kube_buf_puts(&b, cache_root);
	} else {
		const char *env = getenv("KUBECACHEDIR"), *home = getenv("HOME");

		if (env && *env)
			kube_buf_puts(&b, env);
		else if (home && *home)
			kube_buf_printf(&b, "%s/.kube/cache", home);
		else
			return 0;
	}
	kube_buf_puts(&b, "/openapi/");
	s = kube_client_server(c);
	if (!strncmp(s, "https://", 8))
		s += 8;
	else if (!strncmp(s, "http://", 7))
		s += 7;
	for (; *s; s++) {
		char ch = *s;

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '/' || ch == '.'))
			ch = '_';
		kube_buf_putc(&b, ch);
	}
	if (!(oa->cache_dir = kube_buf_detach(&b, NULL)))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	return 0;
}

void openapi_release(struct openapi *oa)
{
	size_t i;

	for (i = 0; i < oa->ndocs; i++) {
		free(oa->docs[i].key);
		kube_obj_free(oa->docs[i].doc);
	}
	free(oa->docs);
	free(oa->cache_dir);
	kube_obj_free(oa->index);
	kube_obj_free(oa->crds);
	kube_err_clear(&oa->index_err);
	memset(oa, 0, sizeof(*oa));
}

static int get_json(kube_client *c, const char *path, const kube_param *ps, size_t np,
		    kube_obj **out, kube_err *err)
{
	kube_response resp = KUBE_RESPONSE_INIT;
	kube_request req = {.path = path,
			    .params = ps,
			    .nparams = np,
			    .accept = "application/json",
			    .timeout_param = "32s"};
	int rc;

	*out = NULL;
	if ((rc = kube_client_do(c, &req, &resp, err)) == 0)
		rc = kube_obj_parse_json(out, resp.body.ptr, resp.body.len, err);
	kube_response_release(&resp);
	return rc;
}

static int load_index(struct openapi *oa, kube_err *err)
{
	int rc;

	if (oa->index)
		return 0;
	if (oa->index_tried) {
		if (err) {
			kube_err_clear(err);
			kube_err_set(err, oa->index_err.code, "%s",
				     oa->index_err.message ? oa->index_err.message : "");
		}
		return oa->index_err.code;
	}
	oa->index_tried = true;
	if ((rc = get_json(oa->c, "/openapi/v3", NULL, 0, &oa->index, &oa->index_err)) < 0) {
		if (err) {
			kube_err_clear(err);
			kube_err_set(err, rc, "%s",
				     oa->index_err.message ? oa->index_err.message : "");
			err->http_status = oa->index_err.http_status;
		}
		return rc;
	}
	return 0;
}

static char *cache_file(const struct openapi *oa, const char *key, const char *hash)
{
	kube_buf b = KUBE_BUF_INIT;
	const char *p;

	if (!oa->cache_dir || !hash || !*hash)
		return NULL;
	kube_buf_printf(&b, "%s/", oa->cache_dir);
	for (p = key; *p; p++)
		kube_buf_putc(&b, *p == '/' ? '_' : *p);
	kube_buf_putc(&b, '-');
	for (p = hash; *p; p++)
		if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= 'a' && *p <= 'z'))
			kube_buf_putc(&b, *p);
	kube_buf_puts(&b, ".json");
	return kube_buf_detach(&b, NULL);
}

static kube_obj *cache_read(const char *file)
{
	struct stat st;
	kube_obj *doc = NULL;
	char *data = NULL;
	int fd;

	if (!file || (fd = open(file, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || st.st_size <= 0 || st.st_size > MAX_CACHED)
		goto out;
	if (!(data = malloc((size_t)st.st_size)))
		goto out;
	if (read(fd, data, (size_t)st.st_size) != (ssize_t)st.st_size)
		goto out;
	if (kube_obj_parse_json(&doc, data, (size_t)st.st_size, NULL) < 0)
		doc = NULL;
out:
	free(data);
	close(fd);
	return doc;
}

static void cache_write(const struct openapi *oa, const char *file, const kube_obj *doc)
{
	kube_buf b = KUBE_BUF_INIT, tmp = KUBE_BUF_INIT;
	char *dir = NULL;
	int fd;

	if (!file)
		return;
	kube_json_write(&b, doc, 0);
	kube_buf_printf(&tmp, "%s.%ld.tmp", file, (long)getpid());
	if (b.failed || tmp.failed || !(dir = xstrdup(oa->cache_dir)) || mkdir_p(dir, 0750) < 0)
		goto out;
	if ((fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0660)) < 0)
		goto out;
	if (write(fd, b.ptr, b.len) != (ssize_t)b.len) {
		close(fd);
		unlink(tmp.ptr);
		goto out;
	}
	close(fd);
	if (rename(tmp.ptr, file) < 0)
		unlink(tmp.ptr);
out:
	free(dir);
	kube_buf_release(&b);
	kube_buf_release(&tmp);
}

int openapi_gv(struct openapi *oa, const char *group, const char *version, const kube_obj **doc,
	       kube_err *err)
{
	kube_buf key = KUBE_BUF_INIT, path = KUBE_BUF_INIT;
	const char *url, *q;
	char *hash = NULL, *file = NULL;
	kube_param ps[1];
	size_t i, np = 0;
	kube_obj *d = NULL;
	struct openapi_doc *nd;
	int rc;

	*doc = NULL;
	if (group && *group)
		kube_buf_printf(&key, "apis/%s/%s", group, version);
	else
		kube_buf_printf(&key, "api/%s", version);
	if ((rc = kube_buf_check(&key, err)) < 0)
		goto out;
	for (i = 0; i < oa->ndocs; i++) {
		if (!strcmp(oa->docs[i].key, key.ptr)) {
			*doc = oa->docs[i].doc;
			rc = 0;
			goto out;
		}
	}
	if ((rc = load_index(oa, err)) < 0)
		goto out;
	url = kube_obj_path_str(oa->index, "paths", key.ptr, "serverRelativeURL", NULL);
	if (!url) {
		rc = kube_err_set(err, KUBE_ENOTFOUND, "GroupVersion %s not found in OpenAPI V3",
				  key.ptr);
		goto out;
	}
	q = strchr(url, '?');
	kube_buf_put(&path, url, q ? (size_t)(q - url) : strlen(url));
	if (q && !strncmp(q + 1, "hash=", 5)) {
		const char *h = q + 6, *amp = strchr(h, '&');

		if (!(hash = malloc((amp ? (size_t)(amp - h) : strlen(h)) + 1))) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			goto out;
		}
		memcpy(hash, h, amp ? (size_t)(amp - h) : strlen(h));
		hash[amp ? (size_t)(amp - h) : strlen(h)] = '\0';
		ps[np++] = (kube_param){"hash", hash};
	}
	if ((rc = kube_buf_check(&path, err)) < 0)
		goto out;
	file = cache_file(oa, key.ptr, hash);
	if (!(d = cache_read(file))) {
		if ((rc = get_json(oa->c, path.ptr, ps, np, &d, err)) < 0)
			goto out;
		cache_write(oa, file, d);
	}
	if (!(nd = realloc(oa->docs, (oa->ndocs + 1) * sizeof(*nd)))) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	oa->docs = nd;
	if (!(nd[oa->ndocs].key = kube_buf_detach(&key, NULL))) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	nd[oa->ndocs].doc = d;
	*doc = d;
	d = NULL;
	oa->ndocs++;
	rc = 0;
out:
	kube_obj_free(d);
	free(hash);
	free(file);
	kube_buf_release(&key);
	kube_buf_release(&path);
	return rc;
}

static bool gvk_is(const kube_obj *g, const char *group, const char *version, const char *kind)
{
	const char *gg = kube_obj_path_str(g, "group", NULL);
	const char *gv = kube_obj_path_str(g, "version", NULL);
	const char *gk = kube_obj_path_str(g, "kind", NULL);

	return gg && gv && gk && !strcmp(gg, group ? group : "") && !strcmp(gv, version) &&
	       !strcmp(gk, kind);
}

const kube_obj *openapi_patch_op(const kube_obj *doc, const char *group, const char *version,
				 const char *kind)
{
	const kube_obj *p, *op;

	kube_obj_foreach (p, kube_obj_get(doc, "paths")) {
		op = kube_obj_get(p, "patch");
		if (op && gvk_is(kube_obj_get(op, "x-kubernetes-group-version-kind"), group,
				 version, kind))
			return op;
	}
	return NULL;
}

bool openapi_op_has_param(const kube_obj *op, const char *name)
{
	const kube_obj *p;

	kube_obj_foreach (p, kube_obj_get(op, "parameters")) {
		const char *n = kube_obj_path_str(p, "name", NULL);

		if (n && !strcmp(n, name))
			return true;
	}
	return false;
}

bool openapi_op_accepts(const kube_obj *op, const char *ct)
{
	return kube_obj_path(op, "requestBody", "content", ct, NULL) != NULL;
}

const kube_obj *openapi_kind_schema(const kube_obj *doc, const char *group, const char *version,
				    const char *kind, const kube_obj **schemas)
{
	const kube_obj *s, *g;

	*schemas = kube_obj_path(doc, "components", "schemas", NULL);
	kube_obj_foreach (s, *schemas) {
		kube_obj_foreach (g, kube_obj_get(s, "x-kubernetes-group-version-kind")) {
			if (gvk_is(g, group, version, kind))
				return s;
		}
	}
	return NULL;
}

static int has_crd(struct openapi *oa, const char *group, const char *kind, bool *found,
		   kube_err *err)
{
	const kube_obj *it;
	int rc;

	*found = false;
	if (!oa->crds_tried) {
		oa->crds_tried = true;
		rc = get_json(oa->c, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
			      NULL, 0, &oa->crds, err);
		if (rc < 0)
			return rc;
	}
	kube_obj_foreach (it, kube_obj_get(oa->crds, "items")) {
		const char *g = kube_obj_path_str(it, "spec", "group", NULL);
		const char *k = kube_obj_path_str(it, "spec", "names", "kind", NULL);

		if (g && k && !strcmp(g, group) && !strcmp(k, kind)) {
			*found = true;
			break;
		}
	}
	return 0;
}

int openapi_supports_field_validation(struct openapi *oa, const char *group, const char *version,
				      const char *kind, kube_err *err)
{
	const kube_obj *doc, *op;
	kube_err e = KUBE_ERR_INIT;
	bool crd = false;
	int rc;

	if ((!group || !*group) && !strcmp(version, "v1") && !strcmp(kind, "List"))
		return 1;
	rc = openapi_gv(oa, group, version, &doc, &e);
	if (rc == 0) {
		kube_err_clear(&e);
		if (!kube_obj_get(doc, "paths"))
			return kube_err_set(err, KUBE_EDECODE, "Invalid OpenAPI V3 document");
		op = openapi_patch_op(doc, group, version, kind);
		return op && openapi_op_has_param(op, "fieldValidation") ? 0 : 1;
	}
	if (rc != KUBE_ENOTFOUND) {
		if (err)
			kube_err_move(err, &e);
		kube_err_clear(&e);
		return rc;
	}
	kube_err_clear(&e);
	if (has_crd(oa, group ? group : "", kind, &crd, &e) < 0 || !crd) {
		kube_err_clear(&e);
		return 1;
	}
	if ((rc = openapi_gv(oa, "", "v1", &doc, err)) < 0)
		return rc;
	op = openapi_patch_op(doc, "", "v1", "Namespace");
	return op && openapi_op_has_param(op, "fieldValidation") ? 0 : 1;
}
