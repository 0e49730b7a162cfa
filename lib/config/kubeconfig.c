/* kubeconfig: loading, merging and resolving, as client-go's clientcmd does it.
 *
 * Reimplemented from the documented and observed behaviour of clientcmd (loader.go,
 * client_config.go, validation.go, merged_client_builder.go) and kubectl's config flags. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <kube/codec.h>
#include <kube/config.h>

#include "config-internal.h"
#include "obj-internal.h"

#include "../base64.h"
#include "banned.h"

/* ============================================================================================
 * Memory
 */

char *kcfg_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *kcfg_strdup(const char *s)
{
	if (!s || !*s)
		return NULL;
	return kcfg_strndup(s, strlen(s));
}

int kcfg_set_str(char **dst, const char *s)
{
	char *n = NULL;

	if (s && *s && !(n = kcfg_strdup(s)))
		return KUBE_ENOMEM;
	free(*dst);
	*dst = n;
	return 0;
}

void kcfg_wipe_str(char *s)
{
	if (!s)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

void kcfg_bytes_free(struct kcfg_bytes *b, bool wipe)
{
	if (b->p && wipe)
		explicit_bzero(b->p, b->n);
	free(b->p);
	b->p = NULL;
	b->n = 0;
}

static int bytes_dup(struct kcfg_bytes *dst, const struct kcfg_bytes *src)
{
	dst->p = NULL;
	dst->n = 0;
	if (!src->n)
		return 0;
	if (!(dst->p = malloc(src->n)))
		return KUBE_ENOMEM;
	memcpy(dst->p, src->p, src->n);
	dst->n = src->n;
	return 0;
}

static bool bytes_equal(const struct kcfg_bytes *a, const struct kcfg_bytes *b)
{
	return a->n == b->n && (!a->n || !memcmp(a->p, b->p, a->n));
}

void kcfg_strv_free(struct kcfg_strv *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = 0;
	v->set = false;
}

static int strv_push(struct kcfg_strv *v, const char *s)
{
	char **nv = realloc(v->v, (v->n + 1) * sizeof(*nv));
	char *d;

	if (!nv)
		return KUBE_ENOMEM;
	v->v = nv;
	if (!(d = kcfg_strndup(S(s), strlen(S(s)))))
		return KUBE_ENOMEM;
	v->v[v->n++] = d;
	v->set = true;
	return 0;
}

int kcfg_strv_dup(struct kcfg_strv *dst, const struct kcfg_strv *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	for (i = 0; i < src->n; i++)
		if (strv_push(dst, src->v[i]) < 0) {
			kcfg_strv_free(dst);
			return KUBE_ENOMEM;
		}
	dst->set = src->set;
	return 0;
}

static bool strv_equal(const struct kcfg_strv *a, const struct kcfg_strv *b)
{
	size_t i;

	if (a->n != b->n || (a->n == 0 && a->set != b->set))
		return false;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]))
			return false;
	return true;
}

static void kv_free(struct kcfg_kv *kv, size_t n, bool wipe)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(kv[i].key);
		if (wipe)
			kcfg_wipe_str(kv[i].value);
		else
			free(kv[i].value);
	}
	free(kv);
}

static int kv_dup(struct kcfg_kv **dst, const struct kcfg_kv *src, size_t n)
{
	size_t i;

	*dst = NULL;
	if (!n)
		return 0;
	if (!(*dst = calloc(n, sizeof(**dst))))
		return KUBE_ENOMEM;
	for (i = 0; i < n; i++) {
		(*dst)[i].key = kcfg_strndup(S(src[i].key), strlen(S(src[i].key)));
		(*dst)[i].value = kcfg_strndup(S(src[i].value), strlen(S(src[i].value)));
		if (!(*dst)[i].key || !(*dst)[i].value) {
			kv_free(*dst, n, true);
			*dst = NULL;
			return KUBE_ENOMEM;
		}
	}
	return 0;
}

static bool kv_equal(const struct kcfg_kv *a, size_t na, const struct kcfg_kv *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(S(a[i].key), S(b[i].key)) || strcmp(S(a[i].value), S(b[i].value)))
			return false;
	return true;
}

void kcfg_exts_free(struct kcfg_exts *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].name);
		kube_obj_free(e->v[i].value);
	}
	free(e->v);
	e->v = NULL;
	e->n = 0;
}

int kcfg_exts_dup(struct kcfg_exts *dst, const struct kcfg_exts *src)
{
	size_t i;

	dst->v = NULL;
	dst->n = 0;
	if (!src->n)
		return 0;
	if (!(dst->v = calloc(src->n, sizeof(*dst->v))))
		return KUBE_ENOMEM;
	dst->n = src->n;
	for (i = 0; i < src->n; i++) {
		dst->v[i].name = kcfg_strndup(S(src->v[i].name), strlen(S(src->v[i].name)));
		if (src->v[i].value && kube_obj_dup(&dst->v[i].value, src->v[i].value, NULL) < 0)
			goto fail;
		if (!dst->v[i].name)
			goto fail;
	}
	return 0;
fail:
	kcfg_exts_free(dst);
	return KUBE_ENOMEM;
}

bool kcfg_exts_equal(const struct kcfg_exts *a, const struct kcfg_exts *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		if (strcmp(S(a->v[i].name), S(b->v[i].name)))
			return false;
		if (!a->v[i].value != !b->v[i].value)
			return false;
		if (a->v[i].value && !kube_obj_equal(a->v[i].value, b->v[i].value))
			return false;
	}
	return true;
}

/* Keep extension lists sorted by name (they are maps in clientcmd). */
static int ext_cmp(const void *x, const void *y)
{
	return strcmp(S(((const struct kcfg_ext *)x)->name), S(((const struct kcfg_ext *)y)->name));
}

static void exts_sort(struct kcfg_exts *e)
{
	if (e->n > 1)
		qsort(e->v, e->n, sizeof(*e->v), ext_cmp);
}

static const struct kcfg_ext *exts_find(const struct kcfg_exts *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (!strcmp(S(e->v[i].name), S(name)))
			return &e->v[i];
	return NULL;
}

static void exec_free(struct kcfg_exec *x)
{
	size_t i;

	if (!x)
		return;
	free(x->command);
	kcfg_strv_free(&x->args);
	for (i = 0; i < x->nenv; i++) {
		free(x->env[i].key);
		kcfg_wipe_str(x->env[i].value);
	}
	free(x->env);
	free(x->api_version);
	free(x->install_hint);
	free(x->interactive_mode);
	free(x);
}

static struct kcfg_exec *exec_dup(const struct kcfg_exec *x)
{
	struct kcfg_exec *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->command = kcfg_strdup(x->command);
	d->api_version = kcfg_strdup(x->api_version);
	d->install_hint = kcfg_strdup(x->install_hint);
	d->interactive_mode = kcfg_strdup(x->interactive_mode);
	d->provide_cluster_info = x->provide_cluster_info;
	d->env_set = x->env_set;
	if ((x->command && *x->command && !d->command) ||
	    (x->api_version && *x->api_version && !d->api_version) ||
	    (x->install_hint && *x->install_hint && !d->install_hint) ||
	    (x->interactive_mode && *x->interactive_mode && !d->interactive_mode) ||
	    kcfg_strv_dup(&d->args, &x->args) < 0 || kv_dup(&d->env, x->env, x->nenv) < 0) {
		exec_free(d);
		return NULL;
	}
	d->nenv = x->nenv;
	return d;
}

static bool exec_equal(const struct kcfg_exec *a, const struct kcfg_exec *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(S(a->command), S(b->command)) && strv_equal(&a->args, &b->args) &&
	       kv_equal(a->env, a->nenv, b->env, b->nenv) && a->env_set == b->env_set &&
	       !strcmp(S(a->api_version), S(b->api_version)) &&
	       !strcmp(S(a->install_hint), S(b->install_hint)) &&
	       a->provide_cluster_info == b->provide_cluster_info &&
	       !strcmp(S(a->interactive_mode), S(b->interactive_mode));
}

static void authp_free(struct kcfg_authp *a)
{
	if (!a)
		return;
	free(a->name);
	kv_free(a->config, a->nconfig, true);
	free(a);
}

static struct kcfg_authp *authp_dup(const struct kcfg_authp *a)
{
	struct kcfg_authp *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->name = kcfg_strdup(a->name);
	d->config_set = a->config_set;
	if ((a->name && *a->name && !d->name) || kv_dup(&d->config, a->config, a->nconfig) < 0) {
		authp_free(d);
		return NULL;
	}
	d->nconfig = a->nconfig;
	return d;
}

static bool authp_equal(const struct kcfg_authp *a, const struct kcfg_authp *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(S(a->name), S(b->name)) && a->config_set == b->config_set &&
	       kv_equal(a->config, a->nconfig, b->config, b->nconfig);
}

void kcfg_cluster_free(struct kcfg_cluster *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->origin);
	free(c->server);
	free(c->tls_server_name);
	free(c->ca);
	kcfg_bytes_free(&c->ca_data, false);
	free(c->proxy_url);
	kcfg_exts_free(&c->ext);
	free(c);
}

/* Duplicate a possibly-NULL string field; false on OOM. */
static bool dupf(char **dst, const char *src)
{
	*dst = kcfg_strdup(src);
	return !(src && *src && !*dst);
}

struct kcfg_cluster *kcfg_cluster_dup(const struct kcfg_cluster *c)
{
	struct kcfg_cluster *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->insecure = c->insecure;
	d->disable_compression = c->disable_compression;
	if (!dupf(&d->name, c->name) || !dupf(&d->origin, c->origin) ||
	    !dupf(&d->server, c->server) || !dupf(&d->tls_server_name, c->tls_server_name) ||
	    !dupf(&d->ca, c->ca) || !dupf(&d->proxy_url, c->proxy_url) ||
	    bytes_dup(&d->ca_data, &c->ca_data) < 0 || kcfg_exts_dup(&d->ext, &c->ext) < 0) {
		kcfg_cluster_free(d);
		return NULL;
	}
	return d;
}

#define STREQ(a, b) (!strcmp(S(a), S(b)))

bool kcfg_cluster_equal(const struct kcfg_cluster *a, const struct kcfg_cluster *b)
{
	return STREQ(a->name, b->name) && STREQ(a->origin, b->origin) &&
	       STREQ(a->server, b->server) && STREQ(a->tls_server_name, b->tls_server_name) &&
	       a->insecure == b->insecure && STREQ(a->ca, b->ca) &&
	       bytes_equal(&a->ca_data, &b->ca_data) && STREQ(a->proxy_url, b->proxy_url) &&
	       a->disable_compression == b->disable_compression &&
	       kcfg_exts_equal(&a->ext, &b->ext);
}

static void extra_free(struct kcfg_extra *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(e[i].key);
		kcfg_strv_free(&e[i].vals);
	}
	free(e);
}

void kcfg_user_free(struct kcfg_user *u)
{
	if (!u)
		return;
	free(u->name);
	free(u->origin);
	free(u->cert);
	kcfg_bytes_free(&u->cert_data, false);
	free(u->key);
	kcfg_bytes_free(&u->key_data, true);
	kcfg_wipe_str(u->token);
	free(u->token_file);
	free(u->as);
	free(u->as_uid);
	kcfg_strv_free(&u->as_groups);
	extra_free(u->extra, u->nextra);
	free(u->username);
	kcfg_wipe_str(u->password);
	authp_free(u->authp);
	exec_free(u->exec);
	kcfg_exts_free(&u->ext);
	free(u);
}

struct kcfg_user *kcfg_user_dup(const struct kcfg_user *u)
{
	struct kcfg_user *d = calloc(1, sizeof(*d));
	size_t i;

	if (!d)
		return NULL;
	if (!dupf(&d->name, u->name) || !dupf(&d->origin, u->origin) ||
	    !dupf(&d->cert, u->cert) || !dupf(&d->key, u->key) || !dupf(&d->token, u->token) ||
	    !dupf(&d->token_file, u->token_file) || !dupf(&d->as, u->as) ||
	    !dupf(&d->as_uid, u->as_uid) || !dupf(&d->username, u->username) ||
	    !dupf(&d->password, u->password) || bytes_dup(&d->cert_data, &u->cert_data) < 0 ||
	    bytes_dup(&d->key_data, &u->key_data) < 0 ||
	    kcfg_strv_dup(&d->as_groups, &u->as_groups) < 0 || kcfg_exts_dup(&d->ext, &u->ext) < 0)
		goto fail;
	if (u->nextra) {
		if (!(d->extra = calloc(u->nextra, sizeof(*d->extra))))
			goto fail;
		d->nextra = u->nextra;
		for (i = 0; i < u->nextra; i++)
			if (!dupf(&d->extra[i].key, u->extra[i].key) ||
			    kcfg_strv_dup(&d->extra[i].vals, &u->extra[i].vals) < 0)
				goto fail;
	}
	if (u->authp && !(d->authp = authp_dup(u->authp)))
		goto fail;
	if (u->exec && !(d->exec = exec_dup(u->exec)))
		goto fail;
	return d;
fail:
	kcfg_user_free(d);
	return NULL;
}

bool kcfg_user_equal(const struct kcfg_user *a, const struct kcfg_user *b)
{
	size_t i;

	if (!(STREQ(a->name, b->name) && STREQ(a->origin, b->origin) && STREQ(a->cert, b->cert) &&
	      bytes_equal(&a->cert_data, &b->cert_data) && STREQ(a->key, b->key) &&
	      bytes_equal(&a->key_data, &b->key_data) && STREQ(a->token, b->token) &&
	      STREQ(a->token_file, b->token_file) && STREQ(a->as, b->as) &&
	      STREQ(a->as_uid, b->as_uid) && strv_equal(&a->as_groups, &b->as_groups) &&
	      STREQ(a->username, b->username) && STREQ(a->password, b->password) &&
	      authp_equal(a->authp, b->authp) && exec_equal(a->exec, b->exec) &&
	      kcfg_exts_equal(&a->ext, &b->ext) && a->nextra == b->nextra))
		return false;
	for (i = 0; i < a->nextra; i++)
		if (!STREQ(a->extra[i].key, b->extra[i].key) ||
		    !strv_equal(&a->extra[i].vals, &b->extra[i].vals))
			return false;
	return true;
}

void kcfg_context_free(struct kcfg_context *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->origin);
	free(c->cluster);
	free(c->user);
	free(c->ns);
	kcfg_exts_free(&c->ext);
	free(c);
}

struct kcfg_context *kcfg_context_dup(const struct kcfg_context *c)
{
	struct kcfg_context *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	if (!dupf(&d->name, c->name) || !dupf(&d->origin, c->origin) ||
	    !dupf(&d->cluster, c->cluster) || !dupf(&d->user, c->user) || !dupf(&d->ns, c->ns) ||
	    kcfg_exts_dup(&d->ext, &c->ext) < 0) {
		kcfg_context_free(d);
		return NULL;
	}
	return d;
}

bool kcfg_context_equal(const struct kcfg_context *a, const struct kcfg_context *b)
{
	return STREQ(a->name, b->name) && STREQ(a->origin, b->origin) &&
	       STREQ(a->cluster, b->cluster) && STREQ(a->user, b->user) && STREQ(a->ns, b->ns) &&
	       kcfg_exts_equal(&a->ext, &b->ext);
}

struct kube_config *kcfg_new(void)
{
	return calloc(1, sizeof(struct kube_config));
}

void kcfg_rules_free(struct kcfg_rules *r)
{
	size_t i;

	free(r->explicit_path);
	for (i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	free(r->files);
	free(r->global_file);
	memset(r, 0, sizeof(*r));
}

int kcfg_rules_dup(struct kcfg_rules *dst, const struct kcfg_rules *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	dst->from_env = src->from_env;
	if (!dupf(&dst->explicit_path, src->explicit_path) ||
	    !dupf(&dst->global_file, src->global_file))
		goto fail;
	if (src->nfiles && !(dst->files = calloc(src->nfiles, sizeof(char *))))
		goto fail;
	for (i = 0; i < src->nfiles; i++) {
		dst->nfiles++;
		if (!(dst->files[i] = kcfg_strndup(S(src->files[i]), strlen(S(src->files[i])))))
			goto fail;
	}
	return 0;
fail:
	kcfg_rules_free(dst);
	return KUBE_ENOMEM;
}

void kube_config_free(kube_config *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nclusters; i++)
		kcfg_cluster_free(c->clusters[i]);
	free(c->clusters);
	for (i = 0; i < c->nusers; i++)
		kcfg_user_free(c->users[i]);
	free(c->users);
	for (i = 0; i < c->ncontexts; i++)
		kcfg_context_free(c->contexts[i]);
	free(c->contexts);
	free(c->current_context);
	kcfg_exts_free(&c->pref_ext);
	kcfg_exts_free(&c->ext);
	free(c->kind);
	free(c->api_version);
	kcfg_rules_free(&c->rules);
	for (i = 0; i < c->nloaded; i++)
		free(c->loaded[i]);
	free(c->loaded);
	free(c);
}

struct kube_config *kcfg_dup(const struct kube_config *c)
{
	struct kube_config *d = kcfg_new();
	size_t i;

	if (!d)
		return NULL;
	d->colors = c->colors;
	d->edit = c->edit;
	if (!dupf(&d->current_context, c->current_context) || !dupf(&d->kind, c->kind) ||
	    !dupf(&d->api_version, c->api_version) ||
	    kcfg_exts_dup(&d->pref_ext, &c->pref_ext) < 0 || kcfg_exts_dup(&d->ext, &c->ext) < 0)
		goto fail;
	for (i = 0; i < c->nclusters; i++) {
		struct kcfg_cluster *x = kcfg_cluster_dup(c->clusters[i]);

		if (!x || kcfg_put_cluster(d, x) < 0)
			goto fail;
	}
	for (i = 0; i < c->nusers; i++) {
		struct kcfg_user *x = kcfg_user_dup(c->users[i]);

		if (!x || kcfg_put_user(d, x) < 0)
			goto fail;
	}
	for (i = 0; i < c->ncontexts; i++) {
		struct kcfg_context *x = kcfg_context_dup(c->contexts[i]);

		if (!x || kcfg_put_context(d, x) < 0)
			goto fail;
	}
	return d;
fail:
	kube_config_free(d);
	return NULL;
}

/* ---- lookup ---- */

struct kcfg_cluster *kcfg_find_cluster(const struct kube_config *c, const char *name)
{
	size_t i;

	for (i = 0; c && i < c->nclusters; i++)
		if (STREQ(c->clusters[i]->name, name))
			return c->clusters[i];
	return NULL;
}

struct kcfg_user *kcfg_find_user(const struct kube_config *c, const char *name)
{
	size_t i;

	for (i = 0; c && i < c->nusers; i++)
		if (STREQ(c->users[i]->name, name))
			return c->users[i];
	return NULL;
}

struct kcfg_context *kcfg_find_context(const struct kube_config *c, const char *name)
{
	size_t i;

	for (i = 0; c && i < c->ncontexts; i++)
		if (STREQ(c->contexts[i]->name, name))
			return c->contexts[i];
	return NULL;
}

/* Generic add-or-replace on an array of pointers whose first member is the name. */
#define PUT_ENTRY(arr, n, x, freefn)                                                               \
	do {                                                                                       \
		size_t i_;                                                                         \
		void *na_;                                                                         \
		for (i_ = 0; i_ < (n); i_++)                                                       \
			if (STREQ((arr)[i_]->name, (x)->name)) {                                   \
				freefn((arr)[i_]);                                                 \
				(arr)[i_] = (x);                                                   \
				return 0;                                                          \
			}                                                                          \
		na_ = realloc((arr), ((n) + 1) * sizeof(*(arr)));                                  \
		if (!na_) {                                                                        \
			freefn(x);                                                                 \
			return KUBE_ENOMEM;                                                        \
		}                                                                                  \
		(arr) = na_;                                                                       \
		(arr)[(n)++] = (x);                                                                \
		return 0;                                                                          \
	} while (0)

int kcfg_put_cluster(struct kube_config *c, struct kcfg_cluster *x)
{
	PUT_ENTRY(c->clusters, c->nclusters, x, kcfg_cluster_free);
}

int kcfg_put_user(struct kube_config *c, struct kcfg_user *x)
{
	PUT_ENTRY(c->users, c->nusers, x, kcfg_user_free);
}

int kcfg_put_context(struct kube_config *c, struct kcfg_context *x)
{
	PUT_ENTRY(c->contexts, c->ncontexts, x, kcfg_context_free);
}

#define DEL_ENTRY(arr, n, name, freefn)                                                            \
	do {                                                                                       \
		size_t i_;                                                                         \
		for (i_ = 0; i_ < (n); i_++)                                                       \
			if (STREQ((arr)[i_]->name, (name))) {                                      \
				freefn((arr)[i_]);                                                 \
				memmove(&(arr)[i_], &(arr)[i_ + 1],                                \
					((n) - i_ - 1) * sizeof(*(arr)));                          \
				(n)--;                                                             \
				return;                                                            \
			}                                                                          \
	} while (0)

void kcfg_del_cluster(struct kube_config *c, const char *name)
{
	DEL_ENTRY(c->clusters, c->nclusters, name, kcfg_cluster_free);
}

void kcfg_del_user(struct kube_config *c, const char *name)
{
	DEL_ENTRY(c->users, c->nusers, name, kcfg_user_free);
}

void kcfg_del_context(struct kube_config *c, const char *name)
{
	DEL_ENTRY(c->contexts, c->ncontexts, name, kcfg_context_free);
}

static const char *entry_name(const struct kube_config *c, kube_config_section sec, size_t i)
{
	switch (sec) {
	case KUBE_CONFIG_CLUSTERS: return S(c->clusters[i]->name);
	case KUBE_CONFIG_USERS: return S(c->users[i]->name);
	case KUBE_CONFIG_CONTEXTS: return S(c->contexts[i]->name);
	}
	return "";
}

static size_t entry_count(const struct kube_config *c, kube_config_section sec)
{
	if (!c)
		return 0;
	switch (sec) {
	case KUBE_CONFIG_CLUSTERS: return c->nclusters;
	case KUBE_CONFIG_USERS: return c->nusers;
	case KUBE_CONFIG_CONTEXTS: return c->ncontexts;
	}
	return 0;
}

size_t *kcfg_sorted(const struct kube_config *c, kube_config_section sec, size_t *n)
{
	size_t cnt = entry_count(c, sec), i, j, *idx;

	*n = 0;
	if (!cnt)
		return NULL;
	if (!(idx = malloc(cnt * sizeof(*idx))))
		return NULL;
	/* insertion sort: kubeconfigs are small, and it is stable */
	for (i = 0; i < cnt; i++) {
		for (j = i; j > 0; j--) {
			if (strcmp(entry_name(c, sec, idx[j - 1]), entry_name(c, sec, i)) <= 0)
				break;
			idx[j] = idx[j - 1];
		}
		idx[j] = i;
	}
	*n = cnt;
	return idx;
}

/* ============================================================================================
 * Go compatibility helpers
 */

const char *kcfg_errno_text(int e)
{
	static const struct {
		int e;
		const char *s;
	} tab[] = {
		{EPERM, "operation not permitted"},
		{ENOENT, "no such file or directory"},
		{EINTR, "interrupted system call"},
		{EIO, "input/output error"},
		{ENXIO, "no such device or address"},
		{E2BIG, "argument list too long"},
		{ENOEXEC, "exec format error"},
		{EBADF, "bad file descriptor"},
		{EAGAIN, "resource temporarily unavailable"},
		{ENOMEM, "cannot allocate memory"},
		{EACCES, "permission denied"},
		{EFAULT, "bad address"},
		{EBUSY, "device or resource busy"},
		{EEXIST, "file exists"},
		{EXDEV, "invalid cross-device link"},
		{ENODEV, "no such device"},
		{ENOTDIR, "not a directory"},
		{EISDIR, "is a directory"},
		{EINVAL, "invalid argument"},
		{ENFILE, "too many open files in system"},
		{EMFILE, "too many open files"},
		{ETXTBSY, "text file busy"},
		{EFBIG, "file too large"},
		{ENOSPC, "no space left on device"},
		{EROFS, "read-only file system"},
		{EMLINK, "too many links"},
		{ENAMETOOLONG, "file name too long"},
		{ELOOP, "too many levels of symbolic links"},
		{EDQUOT, "disk quota exceeded"},
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].e == e)
			return tab[i].s;
	return "unknown error";
}

int kcfg_path_error(kube_err *err, kube_code code, const char *op, const char *path, int e)
{
	return kube_err_set(err, code, "%s %s: %s", op, S(path), kcfg_errno_text(e));
}

int kcfg_read_file(const char *path, char **data, size_t *len, const char **op)
{
	kube_buf b = KUBE_BUF_INIT;
	char chunk[8192];
	ssize_t n;
	int fd, e;

	*data = NULL;
	*len = 0;
	*op = "open";
	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return -errno;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			*op = "read";
			close(fd);
			kube_buf_wipe(&b);
			return -e;
		}
		if (n == 0)
			break;
		kube_buf_put(&b, chunk, (size_t)n);
	}
	explicit_bzero(chunk, sizeof(chunk));
	close(fd);
	if (b.failed) {
		kube_buf_wipe(&b);
		return -ENOMEM;
	}
	if (!b.len) {
		*data = kcfg_strndup("", 0);
		return *data ? 0 : -ENOMEM;
	}
	*data = kube_buf_detach(&b, len);
	return *data ? 0 : -ENOMEM;
}

/* ---- path/filepath ---- */

char *kcfg_path_clean(const char *path)
{
	size_t n = strlen(S(path)), r = 0, w = 0, dotdot = 0;
	bool rooted;
	char *out;

	if (!n)
		return kcfg_strndup(".", 1);
	if (!(out = malloc(n + 2)))
		return NULL;
	rooted = path[0] == '/';
	if (rooted) {
		out[w++] = '/';
		r = dotdot = 1;
	}
	while (r < n) {
		if (path[r] == '/') {
			r++;
		} else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) {
			r++;
		} else if (path[r] == '.' && path[r + 1] == '.' &&
			   (r + 2 == n || path[r + 2] == '/')) {
			r += 2;
			if (w > dotdot) {
				w--;
				while (w > dotdot && out[w] != '/')
					w--;
			} else if (!rooted) {
				if (w > 0)
					out[w++] = '/';
				out[w++] = '.';
				out[w++] = '.';
				dotdot = w;
			}
		} else {
			if ((rooted && w != 1) || (!rooted && w != 0))
				out[w++] = '/';
			for (; r < n && path[r] != '/'; r++)
				out[w++] = path[r];
		}
	}
	if (w == 0)
		out[w++] = '.';
	out[w] = '\0';
	return out;
}

char *kcfg_path_join(const char *a, const char *b)
{
	kube_buf t = KUBE_BUF_INIT;
	char *r;

	if (!*S(a) && !*S(b))
		return kcfg_strndup("", 0);
	if (*S(a)) {
		kube_buf_puts(&t, a);
		if (*S(b))
			kube_buf_putc(&t, '/');
	}
	kube_buf_puts(&t, S(b));
	if (t.failed) {
		kube_buf_release(&t);
		return NULL;
	}
	r = kcfg_path_clean(t.ptr);
	kube_buf_release(&t);
	return r;
}

char *kcfg_path_dir(const char *p)
{
	const char *s = S(p), *slash = strrchr(s, '/');
	char *head, *r;

	if (!slash)
		return kcfg_strndup(".", 1);
	if (!(head = kcfg_strndup(s, (size_t)(slash - s) + 1)))
		return NULL;
	r = kcfg_path_clean(head);
	free(head);
	return r;
}

char *kcfg_path_abs(const char *p)
{
	char cwd[PATH_MAX];

	if (kcfg_path_is_abs(p))
		return kcfg_path_clean(p);
	if (!getcwd(cwd, sizeof(cwd)))
		return kcfg_path_clean(p);
	return kcfg_path_join(cwd, p);
}

char *kcfg_path_rel(const char *basepath, const char *targpath, bool *bad)
{
	char *base = kcfg_path_clean(basepath), *targ = kcfg_path_clean(targpath), *res = NULL;
	size_t bl, tl, b0 = 0, bi = 0, t0 = 0, ti = 0, seps = 0, i;
	kube_buf out = KUBE_BUF_INIT;

	*bad = false;
	if (!base || !targ)
		goto out;
	if (!strcmp(targ, base)) {
		res = kcfg_strndup(".", 1);
		goto out;
	}
	if (!strcmp(base, "."))
		base[0] = '\0';
	if ((base[0] == '/') != (targ[0] == '/')) {
		*bad = true;
		goto out;
	}
	bl = strlen(base);
	tl = strlen(targ);
	for (;;) {
		while (bi < bl && base[bi] != '/')
			bi++;
		while (ti < tl && targ[ti] != '/')
			ti++;
		if (ti - t0 != bi - b0 || memcmp(targ + t0, base + b0, ti - t0))
			break;
		if (bi < bl)
			bi++;
		if (ti < tl)
			ti++;
		b0 = bi;
		t0 = ti;
		if (bi >= bl && ti >= tl)
			break;
	}
	if (bi - b0 == 2 && !memcmp(base + b0, "..", 2)) {
		*bad = true;
		goto out;
	}
	if (b0 != bl) {
		for (i = b0; i < bl; i++)
			if (base[i] == '/')
				seps++;
		kube_buf_puts(&out, "..");
		for (i = 0; i < seps; i++)
			kube_buf_puts(&out, "/..");
		if (t0 != tl) {
			kube_buf_putc(&out, '/');
			kube_buf_puts(&out, targ + t0);
		}
		res = kube_buf_detach(&out, NULL);
		goto out;
	}
	res = kcfg_strndup(targ + t0, tl - t0);
out:
	kube_buf_release(&out);
	free(base);
	free(targ);
	return res;
}

/* ---- base64.StdEncoding ---- */

int kcfg_b64_decode(const char *s, size_t n, struct kcfg_bytes *out, size_t *bad_at)
{
	const unsigned char *src = (const unsigned char *)s;
	unsigned char *dst = malloc(n / 4 * 3 + 3), dbuf[4];
	size_t si = 0, dn = 0;
	int j, dlen, v;

	out->p = NULL;
	out->n = 0;
	if (!dst) {
		*bad_at = 0;
		return -2;
	}
	while (si < n) {
		unsigned val;

		dlen = 4;
		memset(dbuf, 0, sizeof(dbuf));
		for (j = 0; j < 4; j++) {
			unsigned char in;

			if (si == n) {
				if (j == 0)
					goto done;
				*bad_at = si - (size_t)j;
				goto bad;
			}
			in = src[si++];
			if ((v = kube__b64_val((unsigned char)in)) >= 0) {
				dbuf[j] = (unsigned char)v;
				continue;
			}
			if (in == '\n' || in == '\r') {
				j--;
				continue;
			}
			if (in != '=') {
				*bad_at = si - 1;
				goto bad;
			}
			/* padding */
			switch (j) {
			case 0:
			case 1:
				*bad_at = si - 1;
				goto bad;
			case 2:
				while (si < n && (src[si] == '\n' || src[si] == '\r'))
					si++;
				if (si == n) {
					*bad_at = n;
					goto bad;
				}
				if (src[si] != '=') {
					*bad_at = si - 1;
					goto bad;
				}
				si++;
			}
			while (si < n && (src[si] == '\n' || src[si] == '\r'))
				si++;
			if (si < n) {
				*bad_at = si;
				goto bad;
			}
			dlen = j;
			break;
		}
		val = (unsigned)dbuf[0] << 18 | (unsigned)dbuf[1] << 12 | (unsigned)dbuf[2] << 6 |
		      dbuf[3];
		if (dlen >= 2)
			dst[dn++] = (unsigned char)(val >> 16);
		if (dlen >= 3)
			dst[dn++] = (unsigned char)(val >> 8);
		if (dlen >= 4)
			dst[dn++] = (unsigned char)val;
	}
done:
	if (!dn) {
		free(dst);
		return 0;
	}
	out->p = dst;
	out->n = dn;
	return 0;
bad:
	explicit_bzero(dst, n / 4 * 3 + 3);
	free(dst);
	return -1;
}

void kcfg_b64_encode(kube_buf *out, const unsigned char *p, size_t n)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;
	char q[4];

	for (i = 0; i + 3 <= n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];

		q[0] = tab[v >> 18 & 63];
		q[1] = tab[v >> 12 & 63];
		q[2] = tab[v >> 6 & 63];
		q[3] = tab[v & 63];
		kube_buf_put(out, q, 4);
	}
	if (n - i == 1) {
		unsigned v = (unsigned)p[i] << 16;

		q[0] = tab[v >> 18 & 63];
		q[1] = tab[v >> 12 & 63];
		q[2] = q[3] = '=';
		kube_buf_put(out, q, 4);
	} else if (n - i == 2) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;

		q[0] = tab[v >> 18 & 63];
		q[1] = tab[v >> 12 & 63];
		q[2] = tab[v >> 6 & 63];
		q[3] = '=';
		kube_buf_put(out, q, 4);
	}
}

/* ---- messages ---- */

int kcfg_err_list(kube_err *err, kube_code code, bool invalid, char **msgs, size_t n)
{
	kube_buf b = KUBE_BUF_INIT;
	size_t i;

	if (!err)
		return code;
	if (n == 1) {
		kube_buf_puts(&b, msgs[0]);
	} else {
		for (i = 0; i < n; i++) {
			if (invalid)
				kube_buf_puts(&b, "\n* ");
			else if (i)
				kube_buf_putc(&b, '\n');
			kube_buf_puts(&b, msgs[i]);
		}
	}
	if (b.failed) {
		kube_buf_release(&b);
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	kube_err_set(err, code, "%s", b.ptr);
	kube_buf_release(&b);
	if (invalid)
		err->reason = kcfg_strndup(KUBE_CONFIG_REASON_INVALID,
					   strlen(KUBE_CONFIG_REASON_INVALID));
	else if (n > 1)
		err->reason = kcfg_strndup(KUBE_CONFIG_REASON_AGGREGATE,
					   strlen(KUBE_CONFIG_REASON_AGGREGATE));
	if (n > 1 || invalid) {
		err->causes = calloc(n, sizeof(*err->causes));
		if (err->causes) {
			err->ncauses = n;
			for (i = 0; i < n; i++)
				err->causes[i].message = kcfg_strndup(msgs[i], strlen(msgs[i]));
		}
	}
	return code;
}

/* A growable list of owned messages. */
struct msglist {
	char **v;
	size_t n;
	bool oom;
};

static void KUBE_PRINTF(2, 3) msg_add(struct msglist *l, const char *fmt, ...)
{
	kube_buf b = KUBE_BUF_INIT;
	va_list ap;
	char **nv;
	char *s;

	va_start(ap, fmt);
	kube_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s = kube_buf_detach(&b, NULL);
	nv = s ? realloc(l->v, (l->n + 1) * sizeof(*nv)) : NULL;
	if (!nv) {
		free(s);
		l->oom = true;
		return;
	}
	l->v = nv;
	l->v[l->n++] = s;
}

static void msg_free(struct msglist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Go's %q of s into a NUL-terminated static-ish buffer owned by the caller. */
static char *goq(const char *s)
{
	kube_buf b = KUBE_BUF_INIT;

	kube_go_quote(&b, S(s));
	return kube_buf_detach(&b, NULL);
}

/* ============================================================================================
 * Decoding a YAML/JSON document into the config, with encoding/json's error texts
 */

const char *kcfg_json_kind(const kube_obj *o)
{
	switch (kube_obj_type_of(o)) {
	case KUBE_OBJ_STRING: return "string";
	case KUBE_OBJ_NUMBER: return "number";
	case KUBE_OBJ_BOOL: return "bool";
	case KUBE_OBJ_ARRAY: return "array";
	case KUBE_OBJ_OBJECT: return "object";
	default: return "null";
	}
}

static const char findkind_type[] =
	"struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; "
	"Kind string \"json:\\\"kind,omitempty\\\"\" }";

int kcfg_interpret(const kube_obj *doc, const char **api_version, const char **kind,
		   kube_buf *msg)
{
	const kube_obj *m;

	*api_version = *kind = NULL;
	switch (kube_obj_type_of(doc)) {
	case KUBE_OBJ_NULL:
	case KUBE_OBJ_INVALID:
		return 0;
	case KUBE_OBJ_OBJECT:
		break;
	default:
		kube_buf_printf(msg, "couldn't get version/kind; json parse error: json: cannot "
				     "unmarshal %s into Go value of type %s",
				kcfg_json_kind(doc), findkind_type);
		return -1;
	}
	kube_obj_foreach(m, doc) {
		const char *k = kube_obj_key(m);
		bool isv = !strcmp(k, "apiVersion");

		if (!isv && strcmp(k, "kind"))
			continue;
		if (kube_obj_type_of(m) == KUBE_OBJ_NULL)
			continue;
		if (kube_obj_type_of(m) != KUBE_OBJ_STRING) {
			kube_buf_printf(msg, "couldn't get version/kind; json parse error: json: "
					     "cannot unmarshal %s into Go struct field .%s of type "
					     "string",
					kcfg_json_kind(m), k);
			return -1;
		}
		if (isv)
			*api_version = kube_obj_str(m);
		else
			*kind = kube_obj_str(m);
	}
	return 0;
}

static int key_cmp(const void *x, const void *y)
{
	const cJSON *a = *(const cJSON *const *)x, *b = *(const cJSON *const *)y;

	return strcmp(a->string ? a->string : "", b->string ? b->string : "");
}

static int sort_members(cJSON *o)
{
	cJSON *j, **kids;
	size_t n = 0, i;

	for (j = o->child; j; j = j->next) {
		n++;
		if ((cJSON_IsObject(j) || cJSON_IsArray(j)) && sort_members(j) < 0)
			return -1;
	}
	if (!cJSON_IsObject(o) || n < 2)
		return 0;
	if (!(kids = malloc(n * sizeof(*kids))))
		return -1;
	for (j = o->child, i = 0; j; j = j->next)
		kids[i++] = j;
	qsort(kids, n, sizeof(*kids), key_cmp);
	for (i = 0; i < n; i++) {
		kids[i]->prev = i ? kids[i - 1] : kids[n - 1];
		kids[i]->next = i + 1 < n ? kids[i + 1] : NULL;
	}
	o->child = kids[0];
	free(kids);
	return 0;
}

kube_obj *kcfg_obj_sorted_dup(const kube_obj *o)
{
	kube_obj *d = NULL;

	if (kube_obj_dup(&d, o, NULL) < 0)
		return NULL;
	if (sort_members(J(d)) < 0) {
		kube_obj_free(d);
		return NULL;
	}
	return d;
}

/* The decoder keeps the JSON field path for UnmarshalTypeError messages. */
struct dec {
	kube_buf msg; /* first error, encoding/json style */
	bool failed;
	bool oom;
	const char *stack[24];
	int depth;
};

static void dec_push(struct dec *d, const char *f)
{
	if (d->depth < (int)(sizeof(d->stack) / sizeof(d->stack[0])))
		d->stack[d->depth] = f;
	d->depth++;
}

static void dec_pop(struct dec *d)
{
	d->depth--;
}

static void dec_type_error(struct dec *d, const kube_obj *v, const char *strct,
			   const char *gotype)
{
	int i;

	if (d->failed)
		return;
	d->failed = true;
	kube_buf_printf(&d->msg, "json: cannot unmarshal %s into Go struct field %s.",
			kcfg_json_kind(v), strct);
	for (i = 0; i < d->depth && i < 24; i++)
		kube_buf_printf(&d->msg, "%s%s", i ? "." : "", d->stack[i]);
	kube_buf_printf(&d->msg, " of type %s", gotype);
}

static bool is_null(const kube_obj *v)
{
	return kube_obj_type_of(v) == KUBE_OBJ_NULL;
}

/* string field; *dst replaced (Go overwrites with later duplicates) */
static void dec_str(struct dec *d, const kube_obj *v, const char *strct, const char *gotype,
		    char **dst)
{
	if (d->failed || is_null(v))
		return;
	if (kube_obj_type_of(v) != KUBE_OBJ_STRING) {
		dec_type_error(d, v, strct, gotype ? gotype : "string");
		return;
	}
	if (kcfg_set_str(dst, kube_obj_str(v)) < 0)
		d->oom = d->failed = true;
}

static void dec_secret(struct dec *d, const kube_obj *v, const char *strct, char **dst)
{
	const char *str;
	char *n;

	if (d->failed || is_null(v))
		return;
	if (kube_obj_type_of(v) != KUBE_OBJ_STRING) {
		dec_type_error(d, v, strct, "string");
		return;
	}
	str = kube_obj_str(v);
	n = kcfg_strdup(str);
	if (*str && !n) {
		d->oom = d->failed = true;
		return;
	}
	kcfg_wipe_str(*dst);
	*dst = n;
}

static void dec_bool(struct dec *d, const kube_obj *v, const char *strct, bool *dst)
{
	if (d->failed || is_null(v))
		return;
	if (kube_obj_type_of(v) != KUBE_OBJ_BOOL) {
		dec_type_error(d, v, strct, "bool");
		return;
	}
	*dst = kube_obj_bool(v);
}

static void dec_bytes(struct dec *d, const kube_obj *v, const char *strct, struct kcfg_bytes *dst)
{
	const char *s;
	size_t bad_at;
	struct kcfg_bytes nb;
	int rc;

	if (d->failed)
		return;
	if (is_null(v)) {
		kcfg_bytes_free(dst, true);
		return;
	}
	if (kube_obj_type_of(v) != KUBE_OBJ_STRING) {
		dec_type_error(d, v, strct, "[]uint8");
		return;
	}
	s = kube_obj_str(v);
	rc = kcfg_b64_decode(s, strlen(s), &nb, &bad_at);
	if (rc == -2) {
		d->oom = d->failed = true;
		return;
	}
	if (rc < 0) {
		d->failed = true;
		kube_buf_printf(&d->msg, "illegal base64 data at input byte %zu", bad_at);
		return;
	}
	kcfg_bytes_free(dst, true);
	*dst = nb;
}

static void dec_strv(struct dec *d, const kube_obj *v, const char *strct, struct kcfg_strv *dst)
{
	const kube_obj *e;

	if (d->failed)
		return;
	if (is_null(v)) {
		kcfg_strv_free(dst);
		return;
	}
	if (kube_obj_type_of(v) != KUBE_OBJ_ARRAY) {
		dec_type_error(d, v, strct, "[]string");
		return;
	}
	kcfg_strv_free(dst);
	dst->set = true;
	kube_obj_foreach(e, v) {
		if (is_null(e)) {
			if (strv_push(dst, "") < 0)
				d->oom = d->failed = true;
			continue;
		}
		if (kube_obj_type_of(e) != KUBE_OBJ_STRING) {
			dec_type_error(d, e, strct, "string");
			return;
		}
		if (strv_push(dst, kube_obj_str(e)) < 0) {
			d->oom = d->failed = true;
			return;
		}
	}
}

/* A list of named entries decoded first; converted into the maps afterwards. */
struct named {
	char *name;
	void *val;
	bool null_val; /* extension: null */
};

struct namedlist {
	struct named *v;
	size_t n;
};

static int named_add(struct namedlist *l, void *val)
{
	struct named *nv = realloc(l->v, (l->n + 1) * sizeof(*nv));

	if (!nv)
		return KUBE_ENOMEM;
	l->v = nv;
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	l->v[l->n++].val = val;
	return 0;
}

static void dec_exts(struct dec *d, const kube_obj *v, const char *strct, struct namedlist *out)
{
	const kube_obj *e, *m;

	if (d->failed || is_null(v))
		return;
	if (kube_obj_type_of(v) != KUBE_OBJ_ARRAY) {
		dec_type_error(d, v, strct, "[]v1.NamedExtension");
		return;
	}
	kube_obj_foreach(e, v) {
		struct named *n;

		if (is_null(e)) {
			if (named_add(out, NULL) < 0)
				d->oom = d->failed = true;
			else
				out->v[out->n - 1].null_val = true;
			continue;
		}
		if (kube_obj_type_of(e) != KUBE_OBJ_OBJECT) {
			dec_type_error(d, e, strct, "v1.NamedExtension");
			return;
		}
		if (named_add(out, NULL) < 0) {
			d->oom = d->failed = true;
			return;
		}
		n = &out->v[out->n - 1];
		n->null_val = true;
		kube_obj_foreach(m, e) {
			const char *k = kube_obj_key(m);

			dec_push(d, k);
			if (!strcmp(k, "name")) {
				dec_str(d, m, "NamedExtension", NULL, &n->name);
			} else if (!strcmp(k, "extension")) {
				kube_obj_free(n->val);
				n->val = NULL;
				n->null_val = true;
				if (!is_null(m)) {
					if (!(n->val = kcfg_obj_sorted_dup(m)))
						d->oom = d->failed = true;
					n->null_val = false;
				}
			}
			dec_pop(d);
			if (d->failed)
				return;
		}
	}
}

static void namedlist_free_exts(struct namedlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		kube_obj_free(l->v[i].val);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Go's %v of a []byte: [1 2 3] */
static void gov_bytes(kube_buf *b, const unsigned char *p, size_t n)
{
	size_t i;

	kube_buf_putc(b, '[');
	for (i = 0; i < n; i++)
		kube_buf_printf(b, "%s%u", i ? " " : "", p[i]);
	kube_buf_putc(b, ']');
}

/* Go's %v of a []NamedExtension: [{name {[raw json bytes] <nil>}} ...] */
static void gov_exts(kube_buf *b, const struct namedlist *l)
{
	kube_buf raw = KUBE_BUF_INIT;
	size_t i;

	kube_buf_putc(b, '[');
	for (i = 0; i < l->n; i++) {
		kube_buf_release(&raw);
		if (l->v[i].val)
			kube_json_write(&raw, l->v[i].val, KUBE_JSON_HTML_ESCAPE);
		if (raw.failed)
			b->failed = true;
		kube_buf_printf(b, "%s{%s {", i ? " " : "", S(l->v[i].name));
		gov_bytes(b, (const unsigned char *)raw.ptr, raw.len);
		kube_buf_puts(b, " <nil>}}");
	}
	kube_buf_putc(b, ']');
	kube_buf_release(&raw);
}

static void dup_error(kube_buf *msg, const char *conv, const char *name)
{
	kube_buf_printf(msg, "error converting %s: duplicate name ", conv);
	kube_go_quote(msg, S(name));
	kube_buf_puts(msg, " in list: ");
}

/* Convert a decoded extension list into the sorted map; duplicates are an error unless the
 * earlier value was null (clientcmd's conversion checks for a nil map entry). */
/* The first duplicate that clientcmd's conversion rejects: a name whose map slot already holds
 * a non-nil value (the slot holds the value of the last entry with that name). -1 if none. */
static ssize_t exts_dup_at(const struct namedlist *l)
{
	size_t i, j;

	for (i = 1; i < l->n; i++)
		for (j = i; j-- > 0;)
			if (STREQ(l->v[j].name, l->v[i].name)) {
				if (l->v[j].val)
					return (ssize_t)i;
				break;
			}
	return -1;
}

static int conv_exts(struct namedlist *l, struct kcfg_exts *out, kube_buf *msg)
{
	ssize_t dup = exts_dup_at(l);
	size_t i, j;

	if (dup >= 0) {
		dup_error(msg, "*[]NamedExtension into *map[string]runtime.Object",
			  l->v[dup].name);
		gov_exts(msg, l);
		return -1;
	}
	for (i = 0; i < l->n; i++) {
		struct kcfg_ext *nv;

		for (j = 0; j < out->n; j++)
			if (STREQ(out->v[j].name, l->v[i].name))
				break;
		if (j < out->n) {
			out->v[j].value = l->v[i].val;
			l->v[i].val = NULL;
			continue;
		}
		if (!(nv = realloc(out->v, (out->n + 1) * sizeof(*nv))))
			return KUBE_ENOMEM;
		out->v = nv;
		out->v[out->n].name = l->v[i].name;
		out->v[out->n].value = l->v[i].val;
		if (!out->v[out->n].name && !(out->v[out->n].name = kcfg_strndup("", 0)))
			return KUBE_ENOMEM;
		l->v[i].name = NULL;
		l->v[i].val = NULL;
		out->n++;
	}
	exts_sort(out);
	return 0;
}

struct cluster_tmp {
	struct kcfg_cluster *c;
	struct namedlist ext;
};

static void dec_cluster(struct dec *d, const kube_obj *v, struct cluster_tmp *t)
{
	const kube_obj *m;
	struct kcfg_cluster *c = t->c;

	if (d->failed || is_null(v))
		return;
	if (kube_obj_type_of(v) != KUBE_OBJ_OBJECT) {
		dec_type_error(d, v, "NamedCluster", "v1.Cluster");
		return;
	}
	kube_obj_foreach(m, v) {
		const char *k = kube_obj_key(m);

		dec_push(d, k);
		if (!strcmp(k, "server"))
			dec_str(d, m, "Cluster", NULL, &c->server);
		else if (!strcmp(k, "tls-server-name"))
			dec_str(d, m, "Cluster", NULL, &c->tls_server_name);
		else if (!strcmp(k, "insecure-skip-tls-verify"))
			dec_bool(d, m, "Cluster", &c->insecure);
		else if (!strcmp(k, "certificate-authority"))
			dec_str(d, m, "Cluster", NULL, &c->ca);
		else if (!strcmp(k, "certificate-authority-data"))
			dec_bytes(d, m, "Cluster", &c->ca_data);
		else if (!strcmp(k, "proxy-url"))
			dec_str(d, m, "Cluster", NULL, &c->proxy_url);
		else if (!strcmp(k, "disable-compression"))
			dec_bool(d, m, "Cluster", &c->disable_compression);
		else if (!strcmp(k, "extensions"))
			dec_exts(d, m, "Cluster", &t->ext);
		dec_pop(d);
		if (d->failed)
			return;
	}
}

struct user_tmp {
	struct kcfg_user *u;
	struct namedlist ext;
};

static void dec_kvmap(struct dec *d, const kube_obj *v, const char *strct, struct kcfg_kv **kv,
		      size_t *n, bool *set)
{
	const kube_obj *m;

	if (d->failed)
		return;
	if (is_null(v)) {
		kv_free(*kv, *n, true);
		*kv = NULL;
		*n = 0;
		*set = false;
		return;
	}
	if (kube_obj_type_of(v) != KUBE_OBJ_OBJECT) {
		dec_type_error(d, v, strct, "map[string]string");
		return;
	}
	*set = true;
	kube_obj_foreach(m, v) {
		size_t i;
		struct kcfg_kv *nv;
		const char *val = "";

		if (!is_null(m) && kube_obj_type_of(m) != KUBE_OBJ_STRING) {
			dec_type_error(d, m, strct, "string");
			return;
		}
		if (!is_null(m))
			val = kube_obj_str(m);
		for (i = 0; i < *n; i++)
			if (STREQ((*kv)[i].key, kube_obj_key(m)))
				break;
		if (i == *n) {
			if (!(nv = realloc(*kv, (*n + 1) * sizeof(*nv)))) {
				d->oom = d->failed = true;
				return;
			}
			*kv = nv;
			nv[i].key = kcfg_strndup(kube_obj_key(m), strlen(kube_obj_key(m)));
			nv[i].value = NULL;
			(*n)++;
			if (!nv[i].key) {
				d->oom = d->failed = true;
				return;
			}
		}
		kcfg_wipe_str((*kv)[i].value);
		if (!((*kv)[i].value = kcfg_strndup(val, strlen(val)))) {
			d->oom = d->failed = true;
			return;
		}
	}
}

static int kv_cmp(const void *x, const void *y)
{
	return strcmp(S(((const struct kcfg_kv *)x)->key), S(((const struct kcfg_kv *)y)->key));
}

static void dec_exec(struct dec *d, const kube_obj *v, struct kcfg_user *u)
{
	const kube_obj *m, *e, *f;
	struct kcfg_exec *x;

	if (d->failed)
		return;
	if (is_null(v)) {
		exec_free(u->exec);
		u->exec = NULL;
		return;
	}
	if (kube_obj_type_of(v) != KUBE_OBJ_OBJECT) {
		dec_type_error(d, v, "AuthInfo", "v1.ExecConfig");
		return;
	}
	if (!u->exec && !(u->exec = calloc(1, sizeof(*u->exec)))) {
		d->oom = d->failed = true;
		return;
	}
	x = u->exec;
	kube_obj_foreach(m, v) {
		const char *k = kube_obj_key(m);

		dec_push(d, k);
		if (!strcmp(k, "command")) {
			dec_str(d, m, "ExecConfig", NULL, &x->command);
		} else if (!strcmp(k, "args")) {
			dec_strv(d, m, "ExecConfig", &x->args);
		} else if (!strcmp(k, "apiVersion")) {
			dec_str(d, m, "ExecConfig", NULL, &x->api_version);
		} else if (!strcmp(k, "installHint")) {
			dec_str(d, m, "ExecConfig", NULL, &x->install_hint);
		} else if (!strcmp(k, "provideClusterInfo")) {
			dec_bool(d, m, "ExecConfig", &x->provide_cluster_info);
		} else if (!strcmp(k, "interactiveMode")) {
			dec_str(d, m, "ExecConfig", "v1.ExecInteractiveMode", &x->interactive_mode);
		} else if (!strcmp(k, "env")) {
			size_t i;

			for (i = 0; i < x->nenv; i++) {
				free(x->env[i].key);
				kcfg_wipe_str(x->env[i].value);
			}
			free(x->env);
			x->env = NULL;
			x->nenv = 0;
			x->env_set = false;
			if (is_null(m)) {
				dec_pop(d);
				continue;
			}
			if (kube_obj_type_of(m) != KUBE_OBJ_ARRAY) {
				dec_type_error(d, m, "ExecConfig", "[]v1.ExecEnvVar");
				dec_pop(d);
				return;
			}
			x->env_set = true;
			kube_obj_foreach(e, m) {
				struct kcfg_kv *nv = realloc(x->env, (x->nenv + 1) * sizeof(*nv));

				if (!nv) {
					d->oom = d->failed = true;
					break;
				}
				x->env = nv;
				memset(&nv[x->nenv], 0, sizeof(*nv));
				x->nenv++;
				if (is_null(e))
					continue;
				if (kube_obj_type_of(e) != KUBE_OBJ_OBJECT) {
					dec_type_error(d, e, "ExecConfig", "v1.ExecEnvVar");
					break;
				}
				kube_obj_foreach(f, e) {
					const char *fk = kube_obj_key(f);

					dec_push(d, fk);
					if (!strcmp(fk, "name"))
						dec_str(d, f, "ExecEnvVar", NULL,
							&x->env[x->nenv - 1].key);
					else if (!strcmp(fk, "value"))
						dec_str(d, f, "ExecEnvVar", NULL,
							&x->env[x->nenv - 1].value);
					dec_pop(d);
				}
				if (d->failed)
					break;
			}
		}
		dec_pop(d);
		if (d->failed)
			return;
	}
}

static void dec_user(struct dec *d, const kube_obj *v, struct user_tmp *t)
{
	const kube_obj *m, *e, *f;
	struct kcfg_user *u = t->u;

	if (d->failed || is_null(v))
		return;
	if (kube_obj_type_of(v) != KUBE_OBJ_OBJECT) {
		dec_type_error(d, v, "NamedAuthInfo", "v1.AuthInfo");
		return;
	}
	kube_obj_foreach(m, v) {
		const char *k = kube_obj_key(m);

		dec_push(d, k);
		if (!strcmp(k, "client-certificate")) {
			dec_str(d, m, "AuthInfo", NULL, &u->cert);
		} else if (!strcmp(k, "client-certificate-data")) {
			dec_bytes(d, m, "AuthInfo", &u->cert_data);
		} else if (!strcmp(k, "client-key")) {
			dec_str(d, m, "AuthInfo", NULL, &u->key);
		} else if (!strcmp(k, "client-key-data")) {
			dec_bytes(d, m, "AuthInfo", &u->key_data);
		} else if (!strcmp(k, "token")) {
			dec_secret(d, m, "AuthInfo", &u->token);
		} else if (!strcmp(k, "tokenFile")) {
			dec_str(d, m, "AuthInfo", NULL, &u->token_file);
		} else if (!strcmp(k, "as")) {
			dec_str(d, m, "AuthInfo", NULL, &u->as);
		} else if (!strcmp(k, "as-uid")) {
			dec_str(d, m, "AuthInfo", NULL, &u->as_uid);
		} else if (!strcmp(k, "as-groups")) {
			dec_strv(d, m, "AuthInfo", &u->as_groups);
		} else if (!strcmp(k, "as-user-extra")) {
			extra_free(u->extra, u->nextra);
			u->extra = NULL;
			u->nextra = 0;
			if (!is_null(m) && kube_obj_type_of(m) != KUBE_OBJ_OBJECT) {
				dec_type_error(d, m, "AuthInfo", "map[string][]string");
			} else if (!is_null(m)) {
				kube_obj_foreach(e, m) {
					struct kcfg_extra *nv =
						realloc(u->extra, (u->nextra + 1) * sizeof(*nv));

					if (!nv) {
						d->oom = d->failed = true;
						break;
					}
					u->extra = nv;
					memset(&nv[u->nextra], 0, sizeof(*nv));
					nv[u->nextra].key = kcfg_strdup(kube_obj_key(e));
					u->nextra++;
					if (*kube_obj_key(e) && !nv[u->nextra - 1].key) {
						d->oom = d->failed = true;
						break;
					}
					if (!is_null(e) && kube_obj_type_of(e) != KUBE_OBJ_ARRAY) {
						dec_type_error(d, e, "AuthInfo", "[]string");
						break;
					}
					kube_obj_foreach(f, e) {
						if (kube_obj_type_of(f) != KUBE_OBJ_STRING &&
						    !is_null(f)) {
							dec_type_error(d, f, "AuthInfo", "string");
							break;
						}
						if (strv_push(&nv[u->nextra - 1].vals,
							      S(kube_obj_str(f))) < 0)
							d->oom = d->failed = true;
					}
					if (d->failed)
						break;
				}
			}
		} else if (!strcmp(k, "username")) {
			dec_str(d, m, "AuthInfo", NULL, &u->username);
		} else if (!strcmp(k, "password")) {
			dec_secret(d, m, "AuthInfo", &u->password);
		} else if (!strcmp(k, "auth-provider")) {
			if (is_null(m)) {
				authp_free(u->authp);
				u->authp = NULL;
			} else if (kube_obj_type_of(m) != KUBE_OBJ_OBJECT) {
				dec_type_error(d, m, "AuthInfo", "v1.AuthProviderConfig");
			} else {
				if (!u->authp && !(u->authp = calloc(1, sizeof(*u->authp)))) {
					d->oom = d->failed = true;
				} else {
					kube_obj_foreach(e, m) {
						const char *ek = kube_obj_key(e);

						dec_push(d, ek);
						if (!strcmp(ek, "name"))
							dec_str(d, e, "AuthProviderConfig", NULL,
								&u->authp->name);
						else if (!strcmp(ek, "config"))
							dec_kvmap(d, e, "AuthProviderConfig",
								  &u->authp->config,
								  &u->authp->nconfig,
								  &u->authp->config_set);
						dec_pop(d);
						if (d->failed)
							break;
					}
					if (u->authp->nconfig > 1)
						qsort(u->authp->config, u->authp->nconfig,
						      sizeof(*u->authp->config), kv_cmp);
				}
			}
		} else if (!strcmp(k, "exec")) {
			dec_exec(d, m, u);
		} else if (!strcmp(k, "extensions")) {
			dec_exts(d, m, "AuthInfo", &t->ext);
		}
		dec_pop(d);
		if (d->failed)
			return;
	}
}

struct context_tmp {
	struct kcfg_context *c;
	struct namedlist ext;
};

static void dec_context(struct dec *d, const kube_obj *v, struct context_tmp *t)
{
	const kube_obj *m;

	if (d->failed || is_null(v))
		return;
	if (kube_obj_type_of(v) != KUBE_OBJ_OBJECT) {
		dec_type_error(d, v, "NamedContext", "v1.Context");
		return;
	}
	kube_obj_foreach(m, v) {
		const char *k = kube_obj_key(m);

		dec_push(d, k);
		if (!strcmp(k, "cluster"))
			dec_str(d, m, "Context", NULL, &t->c->cluster);
		else if (!strcmp(k, "user"))
			dec_str(d, m, "Context", NULL, &t->c->user);
		else if (!strcmp(k, "namespace"))
			dec_str(d, m, "Context", NULL, &t->c->ns);
		else if (!strcmp(k, "extensions"))
			dec_exts(d, m, "Context", &t->ext);
		dec_pop(d);
		if (d->failed)
			return;
	}
}

/* Everything decoded from one document before the conversion into maps. */
struct doc_tmp {
	struct cluster_tmp *clusters;
	size_t nclusters;
	struct user_tmp *users;
	size_t nusers;
	struct context_tmp *contexts;
	size_t ncontexts;
	struct namedlist pref_ext, ext;
};

static void doc_tmp_free(struct doc_tmp *t)
{
	size_t i;

	for (i = 0; i < t->nclusters; i++) {
		kcfg_cluster_free(t->clusters[i].c);
		namedlist_free_exts(&t->clusters[i].ext);
	}
	free(t->clusters);
	for (i = 0; i < t->nusers; i++) {
		kcfg_user_free(t->users[i].u);
		namedlist_free_exts(&t->users[i].ext);
	}
	free(t->users);
	for (i = 0; i < t->ncontexts; i++) {
		kcfg_context_free(t->contexts[i].c);
		namedlist_free_exts(&t->contexts[i].ext);
	}
	free(t->contexts);
	namedlist_free_exts(&t->pref_ext);
	namedlist_free_exts(&t->ext);
}

/* Decode a named list ("clusters", ...). */
#define DEC_LIST(d, v, named, member, arr, n, TMP, ALLOC, DECFN, inner)                     \
	do {                                                                                       \
		const kube_obj *e_, *f_;                                                           \
		if (is_null(v))                                                                    \
			break;                                                                     \
		if (kube_obj_type_of(v) != KUBE_OBJ_ARRAY) {                                       \
			dec_type_error(d, v, "Config", "[]v1." named);                             \
			break;                                                                     \
		}                                                                                  \
		kube_obj_foreach(e_, v) {                                                          \
			TMP *nv_ = realloc(arr, (n + 1) * sizeof(*nv_));                           \
			if (!nv_) {                                                                \
				d->oom = d->failed = true;                                         \
				break;                                                             \
			}                                                                          \
			arr = nv_;                                                                 \
			memset(&arr[n], 0, sizeof(arr[n]));                                        \
			if (!(ALLOC)) {                                                            \
				d->oom = d->failed = true;                                         \
				break;                                                             \
			}                                                                          \
			n++;                                                                       \
			if (is_null(e_))                                                           \
				continue;                                                          \
			if (kube_obj_type_of(e_) != KUBE_OBJ_OBJECT) {                             \
				dec_type_error(d, e_, "Config", "v1." named);                      \
				break;                                                             \
			}                                                                          \
			kube_obj_foreach(f_, e_) {                                                 \
				const char *k_ = kube_obj_key(f_);                                 \
				dec_push(d, k_);                                                   \
				if (!strcmp(k_, "name"))                                           \
					dec_str(d, f_, named, NULL, &arr[n - 1].member->name);     \
				else if (!strcmp(k_, inner))                                       \
					DECFN(d, f_, &arr[n - 1]);                                 \
				dec_pop(d);                                                        \
				if (d->failed)                                                     \
					break;                                                     \
			}                                                                          \
			if (d->failed)                                                             \
				break;                                                             \
		}                                                                                  \
	} while (0)

static void dec_doc(struct dec *d, const kube_obj *doc, struct kube_config *cfg,
		    struct doc_tmp *t)
{
	const kube_obj *m, *p;

	if (kube_obj_type_of(doc) != KUBE_OBJ_OBJECT)
		return;
	kube_obj_foreach(m, doc) {
		const char *k = kube_obj_key(m);

		dec_push(d, k);
		if (!strcmp(k, "preferences")) {
			if (!is_null(m) && kube_obj_type_of(m) != KUBE_OBJ_OBJECT) {
				dec_type_error(d, m, "Config", "v1.Preferences");
			} else if (!is_null(m)) {
				kube_obj_foreach(p, m) {
					const char *pk = kube_obj_key(p);

					dec_push(d, pk);
					if (!strcmp(pk, "colors"))
						dec_bool(d, p, "Preferences", &cfg->colors);
					else if (!strcmp(pk, "extensions"))
						dec_exts(d, p, "Preferences", &t->pref_ext);
					dec_pop(d);
					if (d->failed)
						break;
				}
			}
		} else if (!strcmp(k, "clusters")) {
			DEC_LIST(d, m, "NamedCluster", c, t->clusters, t->nclusters,
				 struct cluster_tmp,
				 (t->clusters[t->nclusters].c =
					  calloc(1, sizeof(struct kcfg_cluster))),
				 dec_cluster, "cluster");
		} else if (!strcmp(k, "users")) {
			DEC_LIST(d, m, "NamedAuthInfo", u, t->users, t->nusers,
				 struct user_tmp,
				 (t->users[t->nusers].u = calloc(1, sizeof(struct kcfg_user))),
				 dec_user, "user");
		} else if (!strcmp(k, "contexts")) {
			DEC_LIST(d, m, "NamedContext", c, t->contexts, t->ncontexts,
				 struct context_tmp,
				 (t->contexts[t->ncontexts].c =
					  calloc(1, sizeof(struct kcfg_context))),
				 dec_context, "context");
		} else if (!strcmp(k, "current-context")) {
			dec_str(d, m, "Config", NULL, &cfg->current_context);
		} else if (!strcmp(k, "extensions")) {
			dec_exts(d, m, "Config", &t->ext);
		}
		dec_pop(d);
		if (d->failed)
			return;
	}
}

static void gov_cluster(kube_buf *b, const struct cluster_tmp *x)
{
	const struct kcfg_cluster *c = x->c;

	kube_buf_printf(b, "{%s {%s %s %s %s ", S(c->name), S(c->server), S(c->tls_server_name),
			c->insecure ? "true" : "false", S(c->ca));
	gov_bytes(b, c->ca_data.p, c->ca_data.n);
	kube_buf_printf(b, " %s %s ", S(c->proxy_url), c->disable_compression ? "true" : "false");
	gov_exts(b, &x->ext);
	kube_buf_puts(b, "}}");
}

static void gov_context(kube_buf *b, const struct context_tmp *x)
{
	const struct kcfg_context *c = x->c;

	kube_buf_printf(b, "{%s {%s %s %s ", S(c->name), S(c->cluster), S(c->user), S(c->ns));
	gov_exts(b, &x->ext);
	kube_buf_puts(b, "}}");
}

/* Find the conversion errors before anything is moved, so that the lists can be printed as Go
 * prints them (the users' list is not printed: it would show tokens and passwords). */
static int prescan_doc(const struct doc_tmp *t, kube_buf *msg)
{
	ssize_t d;
	size_t i, j;

	if ((d = exts_dup_at(&t->pref_ext)) >= 0)
		goto ext_dup_pref;
	for (i = 0; i < t->nclusters; i++) {
		if ((d = exts_dup_at(&t->clusters[i].ext)) >= 0) {
			dup_error(msg, "*[]NamedExtension into *map[string]runtime.Object",
				  t->clusters[i].ext.v[d].name);
			gov_exts(msg, &t->clusters[i].ext);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (STREQ(t->clusters[j].c->name, t->clusters[i].c->name)) {
				dup_error(msg, "*[]NamedCluster into *map[string]*api.Cluster",
					  t->clusters[i].c->name);
				kube_buf_putc(msg, '[');
				for (j = 0; j < t->nclusters; j++) {
					if (j)
						kube_buf_putc(msg, ' ');
					gov_cluster(msg, &t->clusters[j]);
				}
				kube_buf_putc(msg, ']');
				return -1;
			}
	}
	for (i = 0; i < t->nusers; i++) {
		if ((d = exts_dup_at(&t->users[i].ext)) >= 0) {
			dup_error(msg, "*[]NamedExtension into *map[string]runtime.Object",
				  t->users[i].ext.v[d].name);
			gov_exts(msg, &t->users[i].ext);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (STREQ(t->users[j].u->name, t->users[i].u->name)) {
				dup_error(msg, "*[]NamedAuthInfo into *map[string]*api.AuthInfo",
					  t->users[i].u->name);
				kube_buf_puts(msg, "[...]");
				return -1;
			}
	}
	for (i = 0; i < t->ncontexts; i++) {
		if ((d = exts_dup_at(&t->contexts[i].ext)) >= 0) {
			dup_error(msg, "*[]NamedExtension into *map[string]runtime.Object",
				  t->contexts[i].ext.v[d].name);
			gov_exts(msg, &t->contexts[i].ext);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (STREQ(t->contexts[j].c->name, t->contexts[i].c->name)) {
				dup_error(msg, "*[]NamedContext into *map[string]*api.Context",
					  t->contexts[i].c->name);
				kube_buf_putc(msg, '[');
				for (j = 0; j < t->ncontexts; j++) {
					if (j)
						kube_buf_putc(msg, ' ');
					gov_context(msg, &t->contexts[j]);
				}
				kube_buf_putc(msg, ']');
				return -1;
			}
	}
	if ((d = exts_dup_at(&t->ext)) >= 0) {
		dup_error(msg, "*[]NamedExtension into *map[string]runtime.Object",
			  t->ext.v[d].name);
		gov_exts(msg, &t->ext);
		return -1;
	}
	return 0;
ext_dup_pref:
	dup_error(msg, "*[]NamedExtension into *map[string]runtime.Object",
		  t->pref_ext.v[d].name);
	gov_exts(msg, &t->pref_ext);
	return -1;
}

/* v1 -> internal conversion: lists become maps (duplicates are errors), plus defaulting. */
static int conv_doc(struct doc_tmp *t, struct kube_config *cfg, const char *origin, kube_buf *msg)
{
	size_t i;
	int rc;

	if (prescan_doc(t, msg) < 0)
		return -1;
	if ((rc = conv_exts(&t->pref_ext, &cfg->pref_ext, msg)) != 0)
		return rc;
	for (i = 0; i < t->nclusters; i++) {
		struct kcfg_cluster *c = t->clusters[i].c;

		if ((rc = conv_exts(&t->clusters[i].ext, &c->ext, msg)) != 0)
			return rc;
		if ((origin && *origin && !(c->origin = kcfg_strdup(origin))) ||
		    (!c->name && !(c->name = kcfg_strndup("", 0))))
			return KUBE_ENOMEM;
		t->clusters[i].c = NULL;
		if (kcfg_put_cluster(cfg, c) < 0)
			return KUBE_ENOMEM;
	}
	for (i = 0; i < t->nusers; i++) {
		struct kcfg_user *u = t->users[i].u;

		if ((rc = conv_exts(&t->users[i].ext, &u->ext, msg)) != 0)
			return rc;
		/* SetDefaults_ExecConfig: interactiveMode defaults for the beta versions */
		if (u->exec && !*S(u->exec->interactive_mode) &&
		    (!strcmp(S(u->exec->api_version), "client.authentication.k8s.io/v1beta1") ||
		     !strcmp(S(u->exec->api_version), "client.authentication.k8s.io/v1alpha1")) &&
		    kcfg_set_str(&u->exec->interactive_mode, "IfAvailable") < 0)
			return KUBE_ENOMEM;
		if ((origin && *origin && !(u->origin = kcfg_strdup(origin))) ||
		    (!u->name && !(u->name = kcfg_strndup("", 0))))
			return KUBE_ENOMEM;
		t->users[i].u = NULL;
		if (kcfg_put_user(cfg, u) < 0)
			return KUBE_ENOMEM;
	}
	for (i = 0; i < t->ncontexts; i++) {
		struct kcfg_context *c = t->contexts[i].c;

		if ((rc = conv_exts(&t->contexts[i].ext, &c->ext, msg)) != 0)
			return rc;
		if ((origin && *origin && !(c->origin = kcfg_strdup(origin))) ||
		    (!c->name && !(c->name = kcfg_strndup("", 0))))
			return KUBE_ENOMEM;
		t->contexts[i].c = NULL;
		if (kcfg_put_context(cfg, c) < 0)
			return KUBE_ENOMEM;
	}
	return conv_exts(&t->ext, &cfg->ext, msg);
}

/* The codec's YAML error text, normalised to go-yaml's "yaml: ..." form. */
static void yaml_error_text(kube_buf *msg, const kube_err *yerr)
{
	const char *m = S(yerr->message);

	kube_buf_puts(msg, m);
}

static int decode(struct kube_config **out, const char *data, size_t len, const char *origin,
		  kube_buf *msg)
{
	kube_obj *doc = NULL;
	kube_err yerr = KUBE_ERR_INIT;
	struct kube_config *cfg = NULL;
	struct doc_tmp t;
	struct dec d;
	const char *apiv, *kind;
	int rc = 0;

	memset(&t, 0, sizeof(t));
	memset(&d, 0, sizeof(d));
	kube_buf_init(&d.msg, 0);
	*out = NULL;
	if (!(cfg = kcfg_new()))
		return KUBE_ENOMEM;
	if (len == 0)
		goto ok;
	if ((rc = kube_yaml_parse(&doc, data, len, 0, &yerr)) < 0) {
		if (rc == KUBE_ENOMEM)
			goto out;
		yaml_error_text(msg, &yerr);
		rc = -1;
		goto out;
	}
	if (kcfg_interpret(doc, &apiv, &kind, msg) < 0) {
		rc = -1;
		goto out;
	}
	if ((kind && *kind && strcmp(kind, "Config")) || (apiv && *apiv && strcmp(apiv, "v1"))) {
		kube_buf_puts(msg, "no kind ");
		kube_go_quote(msg, kind && *kind ? kind : "Config");
		kube_buf_puts(msg, " is registered for version ");
		kube_go_quote(msg, apiv && *apiv ? apiv : "v1");
		kube_buf_puts(msg, " in scheme \"pkg/runtime/scheme.go:111\"");
		rc = -1;
		goto out;
	}
	dec_doc(&d, doc, cfg, &t);
	if (d.oom) {
		rc = KUBE_ENOMEM;
		goto out;
	}
	if (d.failed) {
		kube_buf_puts(msg, d.msg.ptr);
		rc = -1;
		goto out;
	}
	if ((rc = conv_doc(&t, cfg, origin, msg)) != 0)
		goto out;
ok:
	*out = cfg;
	cfg = NULL;
out:
	kube_buf_release(&d.msg);
	doc_tmp_free(&t);
	kube_obj_free(doc);
	kube_err_clear(&yerr);
	kube_config_free(cfg);
	return rc;
}

int kube_config_parse(kube_config **out, const char *data, size_t len, const char *origin,
		      kube_err *err)
{
	kube_buf msg = KUBE_BUF_INIT;
	int rc;

	*out = NULL;
	rc = decode(out, data, len, origin, &msg);
	if (rc == KUBE_ENOMEM || msg.failed)
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
	else if (rc < 0)
		rc = kube_err_set(err, KUBE_ECONFIG, "%s", msg.ptr);
	kube_buf_release(&msg);
	if (rc < 0) {
		kube_config_free(*out);
		*out = NULL;
	}
	return rc;
}

/* ============================================================================================
 * Loading rules, files, merging
 */

int kcfg_rules_init(struct kcfg_rules *r, const kube_config_load_opts *lo, kube_err *err)
{
	const char *env = lo && lo->env ? lo->env : getenv("KUBECONFIG");
	const char *home = lo && lo->home ? lo->home : getenv("HOME");
	const char *p, *q;
	char *h = NULL;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (lo && lo->explicit_path && *lo->explicit_path &&
	    !(r->explicit_path = kcfg_strdup(lo->explicit_path)))
		goto oom;
	if (!(h = kcfg_path_join(S(home), ".kube")) ||
	    !(r->global_file = kcfg_path_join(h, "config")))
		goto oom;
	free(h);
	h = NULL;
	if (env && *env) {
		r->from_env = true;
		for (p = env;; p = q + 1) {
			char *item, **nv;

			q = strchr(p, ':');
			if (!q)
				q = p + strlen(p);
			if (!(item = kcfg_strndup(p, (size_t)(q - p))))
				goto oom;
			for (i = 0; i < r->nfiles; i++)
				if (!strcmp(r->files[i], item))
					break;
			if (i < r->nfiles) {
				free(item);
			} else {
				if (!(nv = realloc(r->files, (r->nfiles + 1) * sizeof(*nv)))) {
					free(item);
					goto oom;
				}
				r->files = nv;
				r->files[r->nfiles++] = item;
			}
			if (!*q)
				break;
		}
	} else {
		if (!(r->files = malloc(sizeof(char *))) ||
		    !(r->files[0] = kcfg_strndup(r->global_file, strlen(r->global_file))))
			goto oom;
		r->nfiles = 1;
	}
	return 0;
oom:
	free(h);
	kcfg_rules_free(r);
	return kube_err_set(err, KUBE_ENOMEM, "out of memory");
}

const char *kcfg_default_filename(const struct kcfg_rules *r)
{
	struct stat st;
	size_t i;

	if (r->explicit_path)
		return r->explicit_path;
	if (r->from_env && r->nfiles) {
		if (r->nfiles == 1)
			return r->files[0];
		for (i = 0; i < r->nfiles; i++)
			if (*r->files[i] && stat(r->files[i], &st) == 0)
				return r->files[i];
		return r->files[r->nfiles - 1];
	}
	return S(r->global_file);
}

int kcfg_load_file(struct kube_config **out, const char *path, bool missing_ok, bool *missing,
		   bool prefix, kube_err *err)
{
	kube_buf msg = KUBE_BUF_INIT;
	const char *op = "open";
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (missing)
		*missing = false;
	rc = kcfg_read_file(path, &data, &len, &op);
	if (rc == -ENOENT && missing_ok) {
		if (missing)
			*missing = true;
		return 0;
	}
	if (rc == -ENOMEM)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	if (rc < 0) {
		if (prefix)
			return kube_err_set(err, KUBE_ECONFIG,
					    "error loading config file \"%s\": %s %s: %s", path, op,
					    path, kcfg_errno_text(-rc));
		return kcfg_path_error(err, KUBE_ECONFIG, op, path, -rc);
	}
	rc = decode(out, data, len, path, &msg);
	explicit_bzero(data, len);
	free(data);
	if (rc == KUBE_ENOMEM || msg.failed)
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
	else if (rc < 0 && prefix)
		rc = kube_err_set(err, KUBE_ECONFIG, "error loading config file \"%s\": %s", path,
				  msg.ptr);
	else if (rc < 0)
		rc = kube_err_set(err, KUBE_ECONFIG, "%s", msg.ptr);
	kube_buf_release(&msg);
	if (rc < 0) {
		kube_config_free(*out);
		*out = NULL;
	}
	return rc;
}

static int merge_exts(struct kcfg_exts *dst, struct kcfg_exts *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		struct kcfg_ext *nv;

		if (exts_find(dst, src->v[i].name))
			continue;
		if (!(nv = realloc(dst->v, (dst->n + 1) * sizeof(*nv))))
			return KUBE_ENOMEM;
		dst->v = nv;
		dst->v[dst->n++] = src->v[i];
		src->v[i].name = NULL;
		src->v[i].value = NULL;
	}
	exts_sort(dst);
	return 0;
}

/* Merge src into dst: the first file that defines a name wins completely, the first non-empty
 * current-context wins. Entries are moved out of src. */
static int merge_into(struct kube_config *dst, struct kube_config *src)
{
	size_t i;

	for (i = 0; i < src->nclusters; i++) {
		if (kcfg_find_cluster(dst, src->clusters[i]->name))
			continue;
		if (kcfg_put_cluster(dst, src->clusters[i]) < 0) {
			src->clusters[i] = NULL;
			return KUBE_ENOMEM;
		}
		src->clusters[i] = NULL;
	}
	for (i = 0; i < src->nusers; i++) {
		if (kcfg_find_user(dst, src->users[i]->name))
			continue;
		if (kcfg_put_user(dst, src->users[i]) < 0) {
			src->users[i] = NULL;
			return KUBE_ENOMEM;
		}
		src->users[i] = NULL;
	}
	for (i = 0; i < src->ncontexts; i++) {
		if (kcfg_find_context(dst, src->contexts[i]->name))
			continue;
		if (kcfg_put_context(dst, src->contexts[i]) < 0) {
			src->contexts[i] = NULL;
			return KUBE_ENOMEM;
		}
		src->contexts[i] = NULL;
	}
	if (!*S(dst->current_context) && *S(src->current_context)) {
		free(dst->current_context);
		dst->current_context = src->current_context;
		src->current_context = NULL;
	}
	dst->colors = dst->colors || src->colors;
	if (merge_exts(&dst->pref_ext, &src->pref_ext) < 0 || merge_exts(&dst->ext, &src->ext) < 0)
		return KUBE_ENOMEM;
	return 0;
}

/* Free a config whose arrays may hold NULL entries (after merge_into moved them out). */
static void free_partial(struct kube_config *c)
{
	size_t i, w;

	if (!c)
		return;
	for (i = w = 0; i < c->nclusters; i++)
		if (c->clusters[i])
			c->clusters[w++] = c->clusters[i];
	c->nclusters = w;
	for (i = w = 0; i < c->nusers; i++)
		if (c->users[i])
			c->users[w++] = c->users[i];
	c->nusers = w;
	for (i = w = 0; i < c->ncontexts; i++)
		if (c->contexts[i])
			c->contexts[w++] = c->contexts[i];
	c->ncontexts = w;
	kube_config_free(c);
}

static int resolve_one(char **ref, const char *base)
{
	char *j;

	if (!*S(*ref) || kcfg_path_is_abs(*ref))
		return 0;
	if (!(j = kcfg_path_join(base, *ref)))
		return KUBE_ENOMEM;
	free(*ref);
	*ref = j;
	return 0;
}

/* ResolveLocalPaths: relative file references become absolute against the directory of the
 * file that defined the stanza. */
static int resolve_local_paths(struct kube_config *c)
{
	size_t i;
	char *dir, *base;
	int rc = 0;

	for (i = 0; i < c->nclusters && !rc; i++) {
		struct kcfg_cluster *x = c->clusters[i];

		if (!*S(x->origin))
			continue;
		dir = kcfg_path_dir(x->origin);
		base = dir ? kcfg_path_abs(dir) : NULL;
		free(dir);
		if (!base)
			return KUBE_ENOMEM;
		rc = resolve_one(&x->ca, base);
		free(base);
	}
	for (i = 0; i < c->nusers && !rc; i++) {
		struct kcfg_user *x = c->users[i];

		if (!*S(x->origin))
			continue;
		dir = kcfg_path_dir(x->origin);
		base = dir ? kcfg_path_abs(dir) : NULL;
		free(dir);
		if (!base)
			return KUBE_ENOMEM;
		rc = resolve_one(&x->cert, base);
		if (!rc)
			rc = resolve_one(&x->key, base);
		if (!rc)
			rc = resolve_one(&x->token_file, base);
		if (!rc && x->exec && strchr(S(x->exec->command), '/'))
			rc = resolve_one(&x->exec->command, base);
		free(base);
	}
	return rc;
}

/* Remember a file the config was read from; 0 or KUBE_ENOMEM. */
static int record_loaded(struct kube_config *c, const char *path)
{
	char **v = realloc(c->loaded, (c->nloaded + 1) * sizeof(*v));

	if (!v)
		return KUBE_ENOMEM;
	c->loaded = v;
	if (!(v[c->nloaded] = strdup(path)))
		return KUBE_ENOMEM;
	c->nloaded++;
	return 0;
}

size_t kube_config_files(const kube_config *c, const char *const **out)
{
	*out = c ? (const char *const *)c->loaded : NULL;
	return c ? c->nloaded : 0;
}

int kcfg_load_rules(struct kube_config **out, const struct kcfg_rules *rules, bool edit,
		    kube_err *err)
{
	struct kube_config *merged = NULL, *one = NULL;
	struct msglist errs = {0};
	kube_err ferr = KUBE_ERR_INIT;
	struct stat st;
	char *const *files;
	size_t nfiles, i;
	bool missing;
	int rc;

	*out = NULL;
	if (!(merged = kcfg_new()))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	files = rules->files;
	nfiles = rules->nfiles;
	if (rules->explicit_path) {
		if (stat(rules->explicit_path, &st) < 0 && errno == ENOENT) {
			if (edit)
				goto done;
			rc = kcfg_path_error(err, KUBE_ECONFIG, "stat", rules->explicit_path,
					     ENOENT);
			goto out;
		}
		files = &rules->explicit_path;
		nfiles = 1;
	}
	for (i = 0; i < nfiles; i++) {
		if (!*files[i])
			continue;
		rc = kcfg_load_file(&one, files[i], true, &missing, true, &ferr);
		if (rc == KUBE_ENOMEM) {
			kube_err_move(err, &ferr);
			goto out;
		}
		if (rc < 0) {
			msg_add(&errs, "%s", ferr.message);
			kube_err_clear(&ferr);
			continue;
		}
		if (missing)
			continue;
		rc = record_loaded(merged, files[i]);
		if (rc == 0)
			rc = merge_into(merged, one);
		free_partial(one);
		one = NULL;
		if (rc < 0) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			goto out;
		}
	}
	if (errs.oom) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	if (errs.n) {
		rc = kcfg_err_list(err, KUBE_ECONFIG, false, errs.v, errs.n);
		goto out;
	}
	if (!edit && (rc = resolve_local_paths(merged)) < 0) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
done:
	if (kcfg_rules_dup(&merged->rules, rules) < 0) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	merged->edit = edit;
	*out = merged;
	merged = NULL;
	rc = 0;
out:
	msg_free(&errs);
	kube_err_clear(&ferr);
	kube_config_free(merged);
	return rc;
}

static int load(struct kube_config **out, const kube_config_load_opts *lo, bool edit,
		kube_err *err)
{
	struct kcfg_rules rules;
	int rc;

	*out = NULL;
	if ((rc = kcfg_rules_init(&rules, lo, err)) < 0)
		return rc;
	rc = kcfg_load_rules(out, &rules, edit, err);
	kcfg_rules_free(&rules);
	return rc;
}

int kube_config_load(kube_config **out, const kube_config_load_opts *opts, kube_err *err)
{
	return load(out, opts, opts && opts->edit, err);
}

int kcfg_load_edit(struct kube_config **out, const kube_config_load_opts *lo, kube_err *err)
{
	return load(out, lo, true, err);
}

const char *kube_config_current_context(const kube_config *c)
{
	return c ? S(c->current_context) : "";
}

size_t kube_config_count(const kube_config *c, kube_config_section sec)
{
	return entry_count(c, sec);
}

const char *kube_config_name(const kube_config *c, kube_config_section sec, size_t i)
{
	size_t n, j, k, rank;
	const char *name;

	n = entry_count(c, sec);
	if (i >= n)
		return NULL;
	/* the i-th smallest name, without allocating */
	for (j = 0; j < n; j++) {
		name = entry_name(c, sec, j);
		for (rank = 0, k = 0; k < n; k++)
			if (strcmp(entry_name(c, sec, k), name) < 0)
				rank++;
		if (rank == i)
			return name;
	}
	return NULL;
}

const char *kube_config_origin(const kube_config *c, kube_config_section sec, const char *name)
{
	const struct kcfg_cluster *cl;
	const struct kcfg_user *u;
	const struct kcfg_context *cx;

	switch (sec) {
	case KUBE_CONFIG_CLUSTERS:
		cl = kcfg_find_cluster(c, name);
		return cl && cl->origin ? cl->origin : NULL;
	case KUBE_CONFIG_USERS:
		u = kcfg_find_user(c, name);
		return u && u->origin ? u->origin : NULL;
	case KUBE_CONFIG_CONTEXTS:
		cx = kcfg_find_context(c, name);
		return cx && cx->origin ? cx->origin : NULL;
	}
	return NULL;
}

/* ============================================================================================
 * --request-timeout
 */

/* Go's time.ParseDuration; 0 or -1. */
static int go_parse_duration(const char *orig, int64_t *out)
{
	static const struct {
		const char *u;
		uint64_t v;
	} units[] = {
		{"ns", 1ULL},
		{"us", 1000ULL},
		{"\xc2\xb5s", 1000ULL},
		{"\xce\xbcs", 1000ULL},
		{"ms", 1000000ULL},
		{"s", 1000000000ULL},
		{"m", 60000000000ULL},
		{"h", 3600000000000ULL},
	};
	const char *s = orig;
	const uint64_t lim = 1ULL << 63;
	uint64_t d = 0;
	bool neg = false;

	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	if (!strcmp(s, "0")) {
		*out = 0;
		return 0;
	}
	if (!*s)
		return -1;
	while (*s) {
		uint64_t v = 0, f = 0, unit = 0;
		double scale = 1;
		bool pre, post = false, overflow = false;
		const char *st;
		size_t i, k;

		if (!(*s == '.' || (*s >= '0' && *s <= '9')))
			return -1;
		st = s;
		while (*s >= '0' && *s <= '9') {
			if (v > lim / 10)
				return -1;
			v = v * 10 + (uint64_t)(*s - '0');
			if (v > lim)
				return -1;
			s++;
		}
		pre = s != st;
		if (*s == '.') {
			s++;
			st = s;
			while (*s >= '0' && *s <= '9') {
				if (!overflow) {
					if (f > (lim - 1) / 10) {
						overflow = true;
					} else {
						uint64_t y = f * 10 + (uint64_t)(*s - '0');

						if (y > lim) {
							overflow = true;
						} else {
							f = y;
							scale *= 10;
						}
					}
				}
				s++;
			}
			post = s != st;
		}
		if (!pre && !post)
			return -1;
		for (i = 0; s[i] && s[i] != '.' && !(s[i] >= '0' && s[i] <= '9'); i++)
			;
		if (i == 0)
			return -1;
		for (k = 0; k < sizeof(units) / sizeof(units[0]); k++)
			if (strlen(units[k].u) == i && !strncmp(units[k].u, s, i))
				unit = units[k].v;
		if (!unit)
			return -1;
		s += i;
		if (v > lim / unit)
			return -1;
		v *= unit;
		if (f > 0) {
			v += (uint64_t)((double)f * ((double)unit / scale));
			if (v > lim)
				return -1;
		}
		d += v;
		if (d > lim)
			return -1;
	}
	if (neg) {
		*out = d == lim ? INT64_MIN : -(int64_t)d;
		return 0;
	}
	if (d > lim - 1)
		return -1;
	*out = (int64_t)d;
	return 0;
}

int kube_config_parse_timeout(int64_t *ns_out, const char *s, kube_err *err)
{
	const char *p = S(s);
	int64_t v = 0;
	bool digits = *p != '\0';
	size_t i;

	*ns_out = 0;
	/* strconv.ParseInt(s, 10, 64) with an optional sign; only i >= 0 is taken as seconds */
	for (i = (*p == '+' || *p == '-') ? 1 : 0; p[i]; i++)
		if (p[i] < '0' || p[i] > '9')
			digits = false;
	if ((*p == '+' || *p == '-') && !p[1])
		digits = false;
	if (digits) {
		errno = 0;
		v = strtoll(p, NULL, 10);
		if (errno == 0 && v >= 0 && v <= INT64_MAX / 1000000000) {
			*ns_out = v * 1000000000;
			return 0;
		}
		if (errno == 0 && v >= 0) {
			/* more seconds than a duration holds (Go wraps); keep it defined */
			*ns_out = INT64_MAX;
			return 0;
		}
	}
	if (go_parse_duration(p, &v) == 0) {
		*ns_out = v;
		return 0;
	}
	return kube_err_set(err, KUBE_ECONFIG,
			    "Invalid timeout value. Timeout must be a single integer in seconds, "
			    "or an integer followed by a corresponding time unit "
			    "(e.g. 1s | 2m | 3h)");
}

/* ============================================================================================
 * Resolving (DirectClientConfig / DeferredLoadingClientConfig)
 */

#define IN_CLUSTER_DIR "/var/run/secrets/kubernetes.io/serviceaccount"
#define EXEC_EXTENSION "client.authentication.k8s.io/exec"

static const kube_config_overrides no_overrides;
static const struct kube_config empty_config;

/* a flag value that was given */
static const char *given(const char *s)
{
	return s && *s ? s : NULL;
}

/* The merged context, cluster and user (borrowed pointers into the config or overrides). */
struct mctx {
	const char *cluster, *user, *ns;
};

struct mcluster {
	const char *server, *tls_server_name, *ca, *proxy_url;
	const struct kcfg_bytes *ca_data;
	bool insecure, disable_compression;
	const struct kcfg_exts *ext;
};

struct muser {
	const char *cert, *key, *token, *token_file, *as, *as_uid, *username, *password;
	const struct kcfg_bytes *cert_data, *key_data;
	const char *const *groups;
	size_t ngroups;
	const struct kcfg_extra *extra;
	size_t nextra;
	const kube_impersonate_extra *ov_extra; /* --as-user-extra, over extra */
	size_t nov_extra;
	const struct kcfg_authp *authp;
	const struct kcfg_exec *exec;
};

static const struct kcfg_bytes no_bytes;
static const struct kcfg_exts no_exts;

static const char *context_name(const kube_config *c, const kube_config_overrides *ov,
				bool *required)
{
	*required = given(ov->context) != NULL;
	return *required ? ov->context : S(c->current_context);
}

/* getContext(): *missing when --context names a context that does not exist (then *out is the
 * zero context, without overrides, like clientcmd). */
static void get_context(const kube_config *c, const kube_config_overrides *ov, struct mctx *out,
			bool *missing)
{
	bool required;
	const char *name = context_name(c, ov, &required);
	const struct kcfg_context *x = kcfg_find_context(c, name);

	memset(out, 0, sizeof(*out));
	*missing = false;
	if (x) {
		out->cluster = x->cluster;
		out->user = x->user;
		out->ns = x->ns;
	} else if (required) {
		*missing = true;
		return;
	}
	if (given(ov->cluster))
		out->cluster = ov->cluster;
	if (given(ov->user))
		out->user = ov->user;
	if (given(ov->namespace_))
		out->ns = ov->namespace_;
}

static const char *user_name(const kube_config *c, const kube_config_overrides *ov, bool *required)
{
	struct mctx m;
	bool missing;

	if ((*required = given(ov->user) != NULL))
		return ov->user;
	get_context(c, ov, &m, &missing);
	return S(m.user);
}

static const char *cluster_name(const kube_config *c, const kube_config_overrides *ov,
				bool *required)
{
	struct mctx m;
	bool missing;

	if ((*required = given(ov->cluster) != NULL))
		return ov->cluster;
	get_context(c, ov, &m, &missing);
	return S(m.cluster);
}

static void get_user(const kube_config *c, const kube_config_overrides *ov, struct muser *out,
		     bool *missing)
{
	bool required;
	const char *name = user_name(c, ov, &required);
	const struct kcfg_user *x = kcfg_find_user(c, name);

	memset(out, 0, sizeof(*out));
	out->cert_data = out->key_data = &no_bytes;
	*missing = false;
	if (x) {
		out->cert = x->cert;
		out->key = x->key;
		out->token = x->token;
		out->token_file = x->token_file;
		out->as = x->as;
		out->as_uid = x->as_uid;
		out->username = x->username;
		out->password = x->password;
		out->cert_data = &x->cert_data;
		out->key_data = &x->key_data;
		out->groups = (const char *const *)x->as_groups.v;
		out->ngroups = x->as_groups.n;
		out->extra = x->extra;
		out->nextra = x->nextra;
		out->authp = x->authp;
		out->exec = x->exec;
	} else if (required) {
		*missing = true;
		return;
	}
	if (given(ov->client_certificate))
		out->cert = ov->client_certificate;
	if (given(ov->client_key))
		out->key = ov->client_key;
	if (given(ov->token))
		out->token = ov->token;
	if (given(ov->as))
		out->as = ov->as;
	if (given(ov->as_uid))
		out->as_uid = ov->as_uid;
	out->ov_extra = ov->as_user_extra;
	out->nov_extra = ov->as_user_extra ? ov->nas_user_extra : 0;
	if (ov->nas_groups) {
		out->groups = ov->as_groups;
		out->ngroups = ov->nas_groups;
	}
	if (given(ov->username))
		out->username = ov->username;
	if (given(ov->password))
		out->password = ov->password;
	/* a key or certificate from the command line replaces the kubeconfig's *-data */
	if (given(ov->client_key))
		out->key_data = &no_bytes;
	if (given(ov->client_certificate))
		out->cert_data = &no_bytes;
}

static const char *default_server(void)
{
	const char *m = getenv("KUBERNETES_MASTER");

	return m && *m ? m : "http://localhost:8080";
}

static void get_cluster(const kube_config *c, const kube_config_overrides *ov,
			struct mcluster *out, bool *missing)
{
	bool required;
	const char *name = cluster_name(c, ov, &required);
	const struct kcfg_cluster *x = kcfg_find_cluster(c, name);

	memset(out, 0, sizeof(*out));
	out->ca_data = &no_bytes;
	out->ext = &no_exts;
	*missing = false;
	if (!x && required) {
		*missing = true;
		return;
	}
	out->server = default_server();
	if (x) {
		if (*S(x->server))
			out->server = x->server;
		out->tls_server_name = x->tls_server_name;
		out->ca = x->ca;
		out->ca_data = &x->ca_data;
		out->proxy_url = x->proxy_url;
		out->insecure = x->insecure;
		out->disable_compression = x->disable_compression;
		out->ext = &x->ext;
	}
	if (given(ov->server))
		out->server = ov->server;
	if (given(ov->tls_server_name))
		out->tls_server_name = ov->tls_server_name;
	if (given(ov->proxy_url))
		out->proxy_url = ov->proxy_url;
	if (given(ov->certificate_authority))
		out->ca = ov->certificate_authority;
	if (ov->insecure_skip_tls_verify)
		out->insecure = true;
	if (ov->disable_compression)
		out->disable_compression = true;
	/* --insecure-skip-tls-verify or --certificate-authority replace the CA settings */
	if (ov->insecure_skip_tls_verify || given(ov->certificate_authority)) {
		out->insecure = ov->insecure_skip_tls_verify;
		out->ca = ov->certificate_authority;
		out->ca_data = &no_bytes;
	}
	/* --server or --tls-server-name: the kubeconfig's tls-server-name no longer applies */
	if (given(ov->tls_server_name) || given(ov->server))
		out->tls_server_name = ov->tls_server_name;
}

/* url.Parse as far as parseProxyURL needs it: 0, or -1 when Go would fail to parse. */
static int go_url_check(const char *s, char *scheme, size_t scheme_size)
{
	const char *p, *colon = NULL;
	size_t i;

	scheme[0] = '\0';
	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return -1;
	for (p = s; *p; p++) {
		if (*p == '%' && !(isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])))
			return -1;
	}
	/* getScheme */
	for (p = s; *p; p++) {
		char ch = *p;

		if (isalpha((unsigned char)ch))
			continue;
		if ((isdigit((unsigned char)ch) || ch == '+' || ch == '-' || ch == '.') && p != s)
			continue;
		if (ch == ':') {
			if (p == s)
				return -1; /* missing protocol scheme */
			colon = p;
		}
		break;
	}
	if (colon) {
		for (i = 0; s + i < colon && i + 1 < scheme_size; i++)
			scheme[i] = (char)tolower((unsigned char)s[i]);
		scheme[i] = '\0';
		return 0;
	}
	/* no scheme: a colon in the first path segment is an error */
	for (p = s; *p && *p != '/' && *p != '?' && *p != '#'; p++)
		if (*p == ':')
			return -1;
	return 0;
}

static void check_proxy(struct msglist *errs, const char *proxy, const char *cluster)
{
	char scheme[32];
	char *qp, *qc;

	if (go_url_check(proxy, scheme, sizeof(scheme)) < 0) {
		qp = goq(proxy);
		qc = goq(cluster);
		msg_add(errs, "invalid 'proxy-url' %s for cluster %s: could not parse: %s", S(qp),
			S(qc), proxy);
		free(qp);
		free(qc);
		return;
	}
	if (strcmp(scheme, "http") && strcmp(scheme, "https") && strcmp(scheme, "socks5")) {
		char *qs = goq(scheme);

		qp = goq(proxy);
		qc = goq(cluster);
		msg_add(errs,
			"invalid 'proxy-url' %s for cluster %s: unsupported scheme %s, must be "
			"http, https, or socks5",
			S(qp), S(qc), S(qs));
		free(qs);
		free(qp);
		free(qc);
	}
}

static void check_open(struct msglist *errs, const char *what, const char *path,
		       const char *owner)
{
	int fd;

	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd >= 0) {
		close(fd);
		return;
	}
	msg_add(errs, "unable to read %s %s for %s due to open %s: %s", what, path, owner, path,
		kcfg_errno_text(errno));
}

static void validate_cluster(struct msglist *errs, const char *name, const struct mcluster *mc)
{
	char *q;

	if (!*S(mc->server)) {
		if (!*S(name)) {
			msg_add(errs, "default cluster has no server defined");
		} else {
			q = goq(name);
			msg_add(errs, "no server found for cluster %s", S(q));
			free(q);
		}
	}
	if (*S(mc->proxy_url))
		check_proxy(errs, mc->proxy_url, S(name));
	if (*S(mc->ca) && mc->ca_data->n)
		msg_add(errs,
			"certificate-authority-data and certificate-authority are both specified "
			"for %s. certificate-authority-data will override.",
			S(name));
	if (*S(mc->ca))
		check_open(errs, "certificate-authority", mc->ca, S(name));
}

static void validate_user(struct msglist *errs, const char *name, const struct muser *mu)
{
	const char *methods[2];
	size_t nm = 0, i;

	if (*S(mu->token))
		methods[nm++] = "token";
	if (*S(mu->username) || *S(mu->password))
		methods[nm++] = "basicAuth";
	if (*S(mu->cert) || mu->cert_data->n) {
		if (*S(mu->cert) && mu->cert_data->n)
			msg_add(errs,
				"client-cert-data and client-cert are both specified for %s. "
				"client-cert-data will override.",
				S(name));
		if (*S(mu->key) && mu->key_data->n)
			msg_add(errs,
				"client-key-data and client-key are both specified for %s; "
				"client-key-data will override",
				S(name));
		if (!*S(mu->key) && !mu->key_data->n)
			msg_add(errs,
				"client-key-data or client-key must be specified for %s to use the "
				"clientCert authentication method.",
				S(name));
		if (*S(mu->cert))
			check_open(errs, "client-cert", mu->cert, S(name));
		if (*S(mu->key))
			check_open(errs, "client-key", mu->key, S(name));
	}
	if (mu->exec) {
		const struct kcfg_exec *x = mu->exec;
		const char *mode = S(x->interactive_mode);

		if (mu->authp)
			msg_add(errs,
				"authProvider cannot be provided in combination with an exec "
				"plugin for %s",
				S(name));
		if (!*S(x->command))
			msg_add(errs,
				"command must be specified for %s to use exec authentication "
				"plugin",
				S(name));
		if (!*S(x->api_version))
			msg_add(errs,
				"apiVersion must be specified for %s to use exec authentication "
				"plugin",
				S(name));
		for (i = 0; i < x->nenv; i++)
			if (!*S(x->env[i].key))
				msg_add(errs,
					"env variable name must be specified for %s to use exec "
					"authentication plugin",
					S(name));
		if (!*mode) {
			msg_add(errs,
				"interactiveMode must be specified for %s to use exec "
				"authentication plugin",
				S(name));
		} else if (strcmp(mode, "Never") && strcmp(mode, "IfAvailable") &&
			   strcmp(mode, "Always")) {
			char *q = goq(mode);

			msg_add(errs, "invalid interactiveMode for %s: %s", S(name), S(q));
			free(q);
		}
	}
	if (nm > 1)
		msg_add(errs,
			"more than one authentication method found for %s; found [%s %s], only one "
			"is allowed",
			S(name), methods[0], methods[1]);
	if ((*S(mu->as_uid) || mu->ngroups || mu->nextra || mu->nov_extra) && !*S(mu->as))
		msg_add(errs,
			"requesting uid, groups or user-extra for %s without impersonating a user",
			S(name));
}

/* DirectClientConfig.ConfirmUsable */
static void confirm_usable(const kube_config *c, const kube_config_overrides *ov,
			   struct msglist *errs)
{
	const char *cname = given(ov->context) ? ov->context : S(c->current_context);
	struct mcluster mc;
	struct muser mu;
	bool required, missing;
	const char *name;

	if (*cname && !kcfg_find_context(c, cname))
		msg_add(errs, "context was not found for specified context: %s", cname);
	name = user_name(c, ov, &required);
	get_user(c, ov, &mu, &missing);
	validate_user(errs, name, &mu);
	name = cluster_name(c, ov, &required);
	get_cluster(c, ov, &mc, &missing);
	if (missing) {
		/* the zero Cluster{} clientcmd validates for a missing --cluster */
		memset(&mc, 0, sizeof(mc));
		mc.ca_data = &no_bytes;
		mc.ext = &no_exts;
	}
	validate_cluster(errs, name, &mc);
}

/* clientcmd's errConfigurationInvalid as kubectl prints it: kubectl unwraps an aggregate of one
 * error first, so a single error keeps the "Error in configuration: " prefix only when it is the
 * context-not-found error (matched by type and by text); several always have it. */
static int invalid_error(kube_err *err, struct msglist *errs)
{
	bool invalid;

	if (errs->oom)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	invalid = errs->n > 1 ||
		  strstr(errs->v[0], "context was not found for specified context") != NULL;
	return kcfg_err_list(err, KUBE_ECONFIG, invalid, errs->v, errs->n);
}

static const char *icc_dir(const kube_config_overrides *ov)
{
	return given(ov->in_cluster_dir) ? ov->in_cluster_dir : IN_CLUSTER_DIR;
}

/* inClusterClientConfig.Possible() */
static bool icc_possible(const kube_config_overrides *ov)
{
	const char *h = getenv("KUBERNETES_SERVICE_HOST"), *p = getenv("KUBERNETES_SERVICE_PORT");
	struct stat st;
	char *tok;
	bool ok;

	if (!h || !*h || !p || !*p)
		return false;
	if (!(tok = kcfg_path_join(icc_dir(ov), "token")))
		return false;
	ok = stat(tok, &st) == 0 && !S_ISDIR(st.st_mode);
	free(tok);
	return ok;
}

static void trim_space(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (s[i] && isspace((unsigned char)s[i]))
		i++;
	if (i)
		memmove(s, s + i, n - i + 1);
}

int kube_config_namespace(const char **out, kube_ns_source *source, kube_buf *tmp,
			  const kube_config *c, const kube_config_overrides *ov, kube_err *err)
{
	struct msglist errs = {0};
	struct mctx m;
	bool missing, required;
	const char *ns, *cname, *pod;
	const struct kcfg_context *raw;
	char *path = NULL, *data = NULL;
	const char *op;
	size_t len;
	int rc = 0;

	if (!ov)
		ov = &no_overrides;
	if (!c)
		c = &empty_config;
	*out = "default";
	*source = KUBE_NS_DEFAULT;
	if (given(ov->namespace_)) {
		*out = ov->namespace_;
		*source = KUBE_NS_EXPLICIT;
		return 0;
	}
	confirm_usable(c, ov, &errs);
	if (errs.n || errs.oom) {
		rc = invalid_error(err, &errs);
		goto out;
	}
	get_context(c, ov, &m, &missing);
	if (missing) {
		char *q = goq(ov->context);

		rc = kube_err_set(err, KUBE_ECONFIG, "context %s does not exist", S(q));
		free(q);
		goto out;
	}
	ns = *S(m.ns) ? m.ns : "default";
	*out = ns;
	*source = *S(m.ns) ? KUBE_NS_CONTEXT : KUBE_NS_DEFAULT;
	if (!icc_possible(ov) || strcmp(ns, "default"))
		goto out;
	cname = context_name(c, ov, &required);
	raw = kcfg_find_context(c, cname);
	if (raw && *S(raw->ns))
		goto out;
	/* the in-cluster namespace */
	pod = getenv("POD_NAMESPACE");
	if (pod && *pod) {
		*out = pod;
		*source = KUBE_NS_IN_CLUSTER;
		goto out;
	}
	if (!(path = kcfg_path_join(icc_dir(ov), "namespace"))) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	if (kcfg_read_file(path, &data, &len, &op) == 0) {
		trim_space(data);
		if (*data) {
			kube_buf_release(tmp);
			kube_buf_puts(tmp, data);
			if ((rc = kube_buf_check(tmp, err)) < 0)
				goto out;
			*out = tmp->ptr;
			*source = KUBE_NS_IN_CLUSTER;
			goto out;
		}
	}
	*out = "default";
	*source = KUBE_NS_DEFAULT;
out:
	free(path);
	free(data);
	msg_free(&errs);
	return rc;
}

/* ---- the rest config ---- */

void kube_rest_config_free(kube_rest_config *rc)
{
	size_t i;
	kube_exec_config *x;

	if (!rc)
		return;
	free(rc->server);
	free(rc->ca_pem);
	free(rc->ca_file);
	free(rc->cert_pem);
	if (rc->key_pem)
		explicit_bzero(rc->key_pem, rc->key_pem_len);
	free(rc->key_pem);
	kcfg_wipe_str(rc->token);
	free(rc->token_file);
	free(rc->username);
	kcfg_wipe_str(rc->password);
	free(rc->impersonate_user);
	free(rc->impersonate_uid);
	for (i = 0; i < rc->nimpersonate_groups; i++)
		free(rc->impersonate_groups[i]);
	free(rc->impersonate_groups);
	for (i = 0; i < rc->nimpersonate_extra; i++) {
		size_t j;

		free(rc->impersonate_extra[i].key);
		for (j = 0; j < rc->impersonate_extra[i].nvalues; j++)
			free(rc->impersonate_extra[i].values[j]);
		free(rc->impersonate_extra[i].values);
	}
	free(rc->impersonate_extra);
	free(rc->tls_server_name);
	free(rc->proxy_url);
	free(rc->namespace_);
	if ((x = rc->exec)) {
		free(x->api_version);
		free(x->command);
		for (i = 0; i < x->nargs; i++)
			free(x->args[i]);
		free(x->args);
		for (i = 0; i < x->nenv; i++) {
			free(x->env[i].name);
			kcfg_wipe_str(x->env[i].value);
		}
		free(x->env);
		free(x->install_hint);
		free(x->interactive_mode);
		free(x->user_name);
		free(x->cluster_server);
		free(x->cluster_tls_server_name);
		free(x->cluster_ca_pem);
		free(x->cluster_proxy_url);
		kube_obj_free(x->cluster_config);
		free(x);
	}
	free(rc->auth_provider);
	kube_obj_free(rc->auth_provider_config);
	free(rc->context_name);
	free(rc->cluster_name);
	free(rc->user_name);
	free(rc);
}

/* strdup that reports OOM through a flag (NULL/"" stay NULL) */
static char *sdup(const char *s, bool *oom)
{
	char *d = kcfg_strdup(s);

	if (s && *s && !d)
		*oom = true;
	return d;
}

/* Read a file for the rest config: Go's os.ReadFile error texts. */
static int read_for_rest(const char *path, char **data, size_t *len, kube_err *err)
{
	const char *op;
	int rc = kcfg_read_file(path, data, len, &op);

	if (rc == -ENOMEM)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	if (rc < 0)
		return kcfg_path_error(err, KUBE_ECONFIG, op, path, -rc);
	return 0;
}

static int bytes_to_pem(const struct kcfg_bytes *b, char **out, size_t *len)
{
	*out = kcfg_strndup((const char *)b->p, b->n);
	*len = b->n;
	return *out ? 0 : KUBE_ENOMEM;
}

/* Go's JoinHostPort */
static void join_host_port(kube_buf *b, const char *host, const char *port)
{
	if (strchr(host, ':'))
		kube_buf_printf(b, "[%s]:%s", host, port);
	else
		kube_buf_printf(b, "%s:%s", host, port);
}

/* True when the server URL parses with a scheme and a host (else client-go prefixes
 * "http://"); *https tells the scheme. */
static bool url_has_scheme_host(const char *s, bool *https)
{
	const char *p = strstr(s, "://");
	char scheme[16];
	size_t i;

	*https = false;
	if (!p || p == s || (size_t)(p - s) >= sizeof(scheme))
		return false;
	for (i = 0; s + i < p; i++) {
		char ch = s[i];

		if (!(isalpha((unsigned char)ch) ||
		      (i && (isdigit((unsigned char)ch) || ch == '+' || ch == '-' || ch == '.'))))
			return false;
		scheme[i] = (char)tolower((unsigned char)ch);
	}
	scheme[i] = '\0';
	if (!p[3] || p[3] == '/' || p[3] == '?' || p[3] == '#')
		return false;
	*https = !strcmp(scheme, "https");
	return true;
}

/* The server as the REST layer uses it: scheme added, a query dropped when there is a path. */
static char *normalize_server(const char *server, bool *tls)
{
	kube_buf b = KUBE_BUF_INIT;
	const char *path, *q;

	if (!url_has_scheme_host(server, tls)) {
		*tls = false;
		kube_buf_puts(&b, "http://");
		kube_buf_puts(&b, server);
		return kube_buf_detach(&b, NULL);
	}
	path = strchr(strstr(server, "://") + 3, '/');
	q = path ? strchr(path, '?') : NULL;
	if (path && q && q - path > 1)
		return kcfg_strndup(server, (size_t)(q - server));
	return kcfg_strndup(server, strlen(server));
}

/* cleanANSIEscapeCodes: control characters other than \t..\r become "U+001B" */
static char *clean_ansi(const char *s, bool *oom)
{
	kube_buf b = KUBE_BUF_INIT;
	const unsigned char *p;

	if (!s || !*s)
		return NULL;
	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 && !(*p >= 0x09 && *p <= 0x0d)) || *p == 0x7f) {
			kube_buf_printf(&b, "U+%04X", *p);
		} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			kube_buf_printf(&b, "U+%04X", p[1]);
			p++;
		} else {
			kube_buf_putc(&b, (char)*p);
		}
	}
	if (b.failed) {
		*oom = true;
		kube_buf_release(&b);
		return NULL;
	}
	return kube_buf_detach(&b, NULL);
}

static int build_exec(kube_rest_config *rc, const struct kcfg_exec *x, const char *uname,
		      const struct mcluster *mc, const kube_config_overrides *ov, kube_err *err)
{
	kube_exec_config *e;
	const struct kcfg_ext *ext;
	bool oom = false;
	size_t i;
	char *q;

	if (strcmp(S(x->api_version), "client.authentication.k8s.io/v1") &&
	    strcmp(S(x->api_version), "client.authentication.k8s.io/v1beta1")) {
		q = goq(S(x->api_version));
		kube_err_set(err, KUBE_ECONFIG, "exec plugin: invalid apiVersion %s", S(q));
		free(q);
		return KUBE_ECONFIG;
	}
	if (!(e = rc->exec = calloc(1, sizeof(*e))))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	e->api_version = sdup(x->api_version, &oom);
	e->command = sdup(x->command, &oom);
	e->install_hint = clean_ansi(x->install_hint, &oom);
	e->interactive_mode = sdup(x->interactive_mode, &oom);
	e->provide_cluster_info = x->provide_cluster_info;
	e->stdin_unavailable = ov->stdin_unavailable;
	e->user_name = sdup(uname, &oom);
	if (x->args.n && !(e->args = calloc(x->args.n, sizeof(char *))))
		oom = true;
	for (i = 0; !oom && i < x->args.n; i++) {
		if (!(e->args[i] = kcfg_strndup(x->args.v[i], strlen(x->args.v[i]))))
			oom = true;
		else
			e->nargs++;
	}
	if (!oom && x->nenv && !(e->env = calloc(x->nenv, sizeof(*e->env))))
		oom = true;
	for (i = 0; !oom && i < x->nenv; i++) {
		e->env[i].name = kcfg_strndup(S(x->env[i].key), strlen(S(x->env[i].key)));
		e->env[i].value = kcfg_strndup(S(x->env[i].value), strlen(S(x->env[i].value)));
		e->nenv++;
		if (!e->env[i].name || !e->env[i].value)
			oom = true;
	}
	/* cluster information for KUBERNETES_EXEC_INFO (rest.ConfigToExecCluster) */
	e->cluster_server = sdup(rc->server, &oom);
	e->cluster_tls_server_name = sdup(rc->tls_server_name, &oom);
	e->cluster_insecure = rc->insecure;
	e->cluster_proxy_url = sdup(rc->proxy_url, &oom);
	e->cluster_disable_compression = rc->disable_compression;
	if (!oom && rc->ca_pem) {
		if (!(e->cluster_ca_pem = kcfg_strndup(rc->ca_pem, rc->ca_pem_len)))
			oom = true;
		e->cluster_ca_pem_len = rc->ca_pem_len;
	}
	if (!oom && (ext = exts_find(mc->ext, EXEC_EXTENSION)) && ext->value &&
	    kube_obj_dup(&e->cluster_config, ext->value, NULL) < 0)
		oom = true;
	if (oom)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	return 0;
}

static int build_auth_provider(kube_rest_config *rc, const struct kcfg_authp *a, kube_err *err)
{
	const char *name = S(a->name);
	size_t i;

	if (!strcmp(name, "gcp"))
		return kube_err_set(err, KUBE_ECONFIG,
				    "The gcp auth plugin has been removed.\nPlease use the "
				    "\"gke-gcloud-auth-plugin\" kubectl/client-go credential "
				    "plugin instead.\nSee https://cloud.google.com/blog/products/"
				    "containers-kubernetes/kubectl-auth-changes-in-gke for further "
				    "details");
	if (!strcmp(name, "azure"))
		return kube_err_set(err, KUBE_ECONFIG,
				    "The azure auth plugin has been removed.\nPlease use the "
				    "https://github.com/Azure/kubelogin kubectl/client-go "
				    "credential plugin instead.\nSee https://kubernetes.io/docs/"
				    "reference/access-authn-authz/authentication/"
				    "#client-go-credential-plugins for further details");
	if (strcmp(name, "oidc")) {
		char *q = goq(name);

		kube_err_set(err, KUBE_ECONFIG, "no Auth Provider found for name %s", S(q));
		free(q);
		return KUBE_ECONFIG;
	}
	if (!(rc->auth_provider = kcfg_strdup(name)) || !(rc->auth_provider_config =
								  kube_obj_new_object()))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	for (i = 0; i < a->nconfig; i++)
		if (kube_obj_set_str(rc->auth_provider_config, S(a->config[i].key),
				     S(a->config[i].value)) < 0)
			return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	return 0;
}

/* rest.InClusterConfig() plus the three overrides it honours. */
static int in_cluster_config(kube_rest_config *rc, const kube_config_overrides *ov,
			     kube_err *err)
{
	const char *host = getenv("KUBERNETES_SERVICE_HOST");
	const char *port = getenv("KUBERNETES_SERVICE_PORT");
	kube_buf b = KUBE_BUF_INIT;
	char *tok = NULL, *ca = NULL, *data = NULL;
	size_t len;
	const char *op;
	int rc2 = 0;

	free(rc->server);
	kube_buf_puts(&b, "https://");
	join_host_port(&b, S(host), S(port));
	rc->server = kube_buf_detach(&b, NULL);
	if (given(ov->server)) {
		free(rc->server);
		rc->server = kcfg_strdup(ov->server);
	}
	if (!rc->server)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	url_has_scheme_host(rc->server, &rc->tls);
	if (!(tok = kcfg_path_join(icc_dir(ov), "token")) ||
	    !(ca = kcfg_path_join(icc_dir(ov), "ca.crt"))) {
		rc2 = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc2 = read_for_rest(tok, &data, &len, err)) < 0)
		goto out;
	if (given(ov->token)) {
		kcfg_wipe_str(data);
		data = kcfg_strdup(ov->token);
		free(tok);
		tok = NULL;
	} else {
		trim_space(data);
	}
	kcfg_wipe_str(rc->token);
	rc->token = data && *data ? data : NULL;
	if (!rc->token)
		free(data);
	data = NULL;
	free(rc->token_file);
	rc->token_file = tok;
	tok = NULL;
	free(rc->ca_pem);
	free(rc->ca_file);
	rc->ca_pem = NULL;
	rc->ca_file = NULL;
	if (given(ov->certificate_authority)) {
		if ((rc2 = read_for_rest(ov->certificate_authority, &rc->ca_pem, &rc->ca_pem_len,
					 err)) < 0)
			goto out;
		rc->ca_file = kcfg_strdup(ov->certificate_authority);
	} else if (kcfg_read_file(ca, &data, &len, &op) == 0 &&
		   strstr(data, "-----BEGIN CERTIFICATE-----")) {
		rc->ca_pem = data;
		rc->ca_pem_len = len;
		data = NULL;
		rc->ca_file = ca;
		ca = NULL;
	}
	rc->in_cluster = true;
	rc->can_identify_user = rc->token != NULL;
out:
	free(tok);
	free(ca);
	free(data);
	return rc2;
}

/* NoOverrides: the kubeconfig alone yields no cluster (clientcmd's empty-config case). */
static bool kubeconfig_has_no_cluster(const kube_config *c)
{
	const struct kcfg_context *x = NULL;
	const struct kcfg_cluster *cl;

	if (*S(c->current_context) && !(x = kcfg_find_context(c, c->current_context)))
		return false;
	cl = kcfg_find_cluster(c, x ? S(x->cluster) : "");
	return !cl || (!*S(cl->server) && !*S(cl->tls_server_name) && !cl->insecure &&
		       !*S(cl->ca) && !cl->ca_data.n && !*S(cl->proxy_url) &&
		       !cl->disable_compression && !cl->ext.n);
}

int kube_config_resolve(kube_rest_config **out, const kube_config *c,
			const kube_config_overrides *ov, kube_err *err)
{
	kube_rest_config *rc = NULL;
	struct msglist errs = {0};
	kube_buf nstmp = KUBE_BUF_INIT;
	struct mcluster mc;
	struct muser mu;
	struct mctx m;
	const char *ns, *uname, *cname, *ctxname;
	kube_ns_source nssrc;
	bool missing, required, oom = false;
	size_t i;
	int r;

	*out = NULL;
	if (!ov)
		ov = &no_overrides;
	if (!c)
		c = &empty_config;
	if (!(rc = calloc(1, sizeof(*rc))))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	/* Namespace() first, as kubectl commands do */
	if ((r = kube_config_namespace(&ns, &nssrc, &nstmp, c, ov, err)) < 0)
		goto out;
	rc->namespace_ = sdup(ns, &oom);
	rc->namespace_source = nssrc;

	/* ClientConfig(): unknown names given by flags first */
	uname = user_name(c, ov, &required);
	get_user(c, ov, &mu, &missing);
	if (missing) {
		char *q = goq(uname);

		r = kube_err_set(err, KUBE_ECONFIG, "auth info %s does not exist", S(q));
		free(q);
		goto out;
	}
	ctxname = context_name(c, ov, &required);
	get_context(c, ov, &m, &missing);
	if (missing) {
		char *q = goq(ctxname);

		r = kube_err_set(err, KUBE_ECONFIG, "context %s does not exist", S(q));
		free(q);
		goto out;
	}
	cname = cluster_name(c, ov, &required);
	get_cluster(c, ov, &mc, &missing);
	if (missing) {
		char *q = goq(cname);

		r = kube_err_set(err, KUBE_ECONFIG, "cluster %s does not exist", S(q));
		free(q);
		goto out;
	}
	confirm_usable(c, ov, &errs);
	if (errs.n || errs.oom) {
		r = invalid_error(err, &errs);
		goto out;
	}
	rc->context_name = kcfg_strndup(ctxname, strlen(ctxname));
	rc->cluster_name = kcfg_strndup(cname, strlen(cname));
	rc->user_name = kcfg_strndup(uname, strlen(uname));
	if (!rc->context_name || !rc->cluster_name || !rc->user_name)
		oom = true;

	rc->proxy_url = sdup(mc.proxy_url, &oom);
	rc->disable_compression = mc.disable_compression;
	if (given(ov->request_timeout)) {
		if ((r = kube_config_parse_timeout(&rc->timeout_ns, ov->request_timeout, err)) < 0)
			goto out;
		rc->timeout_ms = rc->timeout_ns > 0 ? (rc->timeout_ns + 999999) / 1000000 : 0;
	}
	if (!(rc->server = normalize_server(S(mc.server), &rc->tls)))
		oom = true;
	if (*S(mu.as)) {
		rc->impersonate_user = sdup(mu.as, &oom);
		rc->impersonate_uid = sdup(mu.as_uid, &oom);
		if (mu.ngroups && !(rc->impersonate_groups = calloc(mu.ngroups, sizeof(char *))))
			oom = true;
		for (i = 0; !oom && i < mu.ngroups; i++) {
			if (!(rc->impersonate_groups[i] =
				      kcfg_strndup(S(mu.groups[i]), strlen(S(mu.groups[i])))))
				oom = true;
			else
				rc->nimpersonate_groups++;
		}
		if (!oom && (mu.nextra || mu.nov_extra) &&
		    !(rc->impersonate_extra = calloc(mu.nextra + mu.nov_extra,
						     sizeof(*rc->impersonate_extra))))
			oom = true;
		/* the flags' keys first, then the kubeconfig's other keys */
		for (i = 0; !oom && i < mu.nov_extra; i++) {
			kube_impersonate_extra *x = &rc->impersonate_extra[rc->nimpersonate_extra++];
			const kube_impersonate_extra *o = &mu.ov_extra[i];
			size_t j;

			if (!(x->key = kcfg_strndup(S(o->key), strlen(S(o->key)))) ||
			    (o->nvalues && !(x->values = calloc(o->nvalues, sizeof(char *)))))
				oom = true;
			for (j = 0; !oom && j < o->nvalues; j++) {
				if (!(x->values[j] = kcfg_strndup(o->values[j], strlen(o->values[j]))))
					oom = true;
				else
					x->nvalues++;
			}
		}
		for (i = 0; !oom && i < mu.nextra; i++) {
			kube_impersonate_extra *x;
			size_t j;

			for (j = 0; j < mu.nov_extra; j++)
				if (!strcmp(S(mu.ov_extra[j].key), S(mu.extra[i].key)))
					break;
			if (j < mu.nov_extra)
				continue;
			x = &rc->impersonate_extra[rc->nimpersonate_extra++];
			x->key = kcfg_strndup(S(mu.extra[i].key), strlen(S(mu.extra[i].key)));
			if (!x->key)
				oom = true;
			if (!oom && mu.extra[i].vals.n &&
			    !(x->values = calloc(mu.extra[i].vals.n, sizeof(char *))))
				oom = true;
			for (j = 0; !oom && j < mu.extra[i].vals.n; j++) {
				if (!(x->values[j] = kcfg_strndup(mu.extra[i].vals.v[j],
								  strlen(mu.extra[i].vals.v[j]))))
					oom = true;
				else
					x->nvalues++;
			}
		}
	}
	if (oom)
		goto oom;

	/* credentials and TLS settings only for https servers */
	if (rc->tls) {
		bool has_cert = *S(mu.cert) || mu.cert_data->n;
		bool has_basic = *S(mu.username) || *S(mu.password);

		if (*S(mu.token)) {
			rc->token = sdup(mu.token, &oom);
			rc->token_file = sdup(mu.token_file, &oom);
		} else if (*S(mu.token_file)) {
			char *data = NULL;
			size_t len;

			if ((r = read_for_rest(mu.token_file, &data, &len, err)) < 0)
				goto out;
			trim_space(data);
			rc->token = *data ? data : NULL;
			if (!rc->token)
				free(data);
			rc->token_file = sdup(mu.token_file, &oom);
		}
		if (has_cert) {
			if (mu.cert_data->n)
				r = bytes_to_pem(mu.cert_data, &rc->cert_pem, &rc->cert_pem_len);
			else
				r = read_for_rest(mu.cert, &rc->cert_pem, &rc->cert_pem_len, err);
			if (r == KUBE_ENOMEM)
				goto oom;
			if (r < 0)
				goto out;
			if (mu.key_data->n)
				r = bytes_to_pem(mu.key_data, &rc->key_pem, &rc->key_pem_len);
			else if (*S(mu.key))
				r = read_for_rest(mu.key, &rc->key_pem, &rc->key_pem_len, err);
			if (r == KUBE_ENOMEM)
				goto oom;
			if (r < 0)
				goto out;
		}
		if (has_basic) {
			rc->username = sdup(mu.username, &oom);
			rc->password = sdup(mu.password, &oom);
		}
		if (oom)
			goto oom;
		/* server identification */
		rc->tls_server_name = sdup(mc.tls_server_name, &oom);
		rc->insecure = mc.insecure;
		if (mc.ca_data->n) {
			if (bytes_to_pem(mc.ca_data, &rc->ca_pem, &rc->ca_pem_len) < 0)
				goto oom;
		} else if (*S(mc.ca)) {
			if ((r = read_for_rest(mc.ca, &rc->ca_pem, &rc->ca_pem_len, err)) < 0)
				goto out;
			rc->ca_file = sdup(mc.ca, &oom);
		}
		if (oom)
			goto oom;
		if (mu.authp && (r = build_auth_provider(rc, mu.authp, err)) < 0)
			goto out;
		if (mu.exec && !rc->token && !rc->token_file && !has_basic && !has_cert &&
		    (r = build_exec(rc, mu.exec, uname, &mc, ov, err)) < 0)
			goto out;
		rc->can_identify_user = *S(mu.username) || has_cert || rc->token || mu.authp ||
					mu.exec;
	}

	/* in-cluster configuration when the kubeconfig yields no cluster and no -s was given */
	if (!given(ov->server) && icc_possible(ov) && kubeconfig_has_no_cluster(c)) {
		kube_rest_config *icc = calloc(1, sizeof(*icc));

		if (!icc)
			goto oom;
		icc->namespace_ = rc->namespace_;
		icc->namespace_source = rc->namespace_source;
		rc->namespace_ = NULL;
		icc->context_name = rc->context_name;
		icc->cluster_name = rc->cluster_name;
		icc->user_name = rc->user_name;
		rc->context_name = rc->cluster_name = rc->user_name = NULL;
		kube_rest_config_free(rc);
		rc = icc;
		if ((r = in_cluster_config(rc, ov, err)) < 0)
			goto out;
	}
	*out = rc;
	rc = NULL;
	r = 0;
	goto out;
oom:
	r = kube_err_set(err, KUBE_ENOMEM, "out of memory");
out:
	msg_free(&errs);
	kube_buf_release(&nstmp);
	kube_rest_config_free(rc);
	return r;
}
