/* What `kubectl config view|get-contexts|get-clusters|get-users|current-context` print, and the
 * v1 Config object (Go struct order) that the view and the written files are made from. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kube/codec.h>
#include <kube/config.h>

#include "config-internal.h"

#include "banned.h"

/* ---- building the v1 object ---- */

struct ob {
	bool oom;
};

static kube_obj *put(struct ob *b, kube_obj *parent, const char *key, kube_obj *v)
{
	if (!v) {
		b->oom = true;
		return NULL;
	}
	if (b->oom) {
		kube_obj_free(v);
		return NULL;
	}
	if ((key ? kube_obj_set_take(parent, key, v) : kube_obj_append_take(parent, v)) < 0) {
		b->oom = true;
		return NULL;
	}
	return v;
}

static void put_str(struct ob *b, kube_obj *parent, const char *key, const char *s)
{
	put(b, parent, key, kube_obj_new_string(S(s)));
}

/* omitempty string */
static void put_str_oe(struct ob *b, kube_obj *parent, const char *key, const char *s)
{
	if (*S(s))
		put_str(b, parent, key, s);
}

static void put_bool_oe(struct ob *b, kube_obj *parent, const char *key, bool v)
{
	if (v)
		put(b, parent, key, kube_obj_new_bool(true));
}

/* []byte, omitempty: base64, or the view's DATA+OMITTED */
static void put_bytes_oe(struct ob *b, kube_obj *parent, const char *key,
			 const struct kcfg_bytes *v, bool redact)
{
	kube_buf t = KUBE_BUF_INIT;

	if (!v->n)
		return;
	if (redact) {
		put_str(b, parent, key, "DATA+OMITTED");
		return;
	}
	kcfg_b64_encode(&t, v->p, v->n);
	if (t.failed)
		b->oom = true;
	else
		put_str(b, parent, key, t.ptr);
	kube_buf_wipe(&t);
}

static void put_strv(struct ob *b, kube_obj *parent, const char *key, const struct kcfg_strv *v)
{
	kube_obj *a;
	size_t i;

	if (!v->set && !v->n) {
		put(b, parent, key, kube_obj_new_null());
		return;
	}
	if (!(a = put(b, parent, key, kube_obj_new_array())))
		return;
	for (i = 0; i < v->n; i++)
		put_str(b, a, NULL, v->v[i]);
}

/* extensions, omitempty */
static void put_exts(struct ob *b, kube_obj *parent, const struct kcfg_exts *e)
{
	kube_obj *a, *n, *v = NULL;
	size_t i;

	if (!e->n)
		return;
	if (!(a = put(b, parent, "extensions", kube_obj_new_array())))
		return;
	for (i = 0; i < e->n; i++) {
		if (!(n = put(b, a, NULL, kube_obj_new_object())))
			return;
		put_str(b, n, "name", e->v[i].name);
		if (e->v[i].value) {
			if (kube_obj_dup(&v, e->v[i].value, NULL) < 0) {
				b->oom = true;
				return;
			}
			put(b, n, "extension", v);
		} else {
			put(b, n, "extension", kube_obj_new_null());
		}
	}
}

static void put_cluster(struct ob *b, kube_obj *a, const struct kcfg_cluster *c, bool redact)
{
	kube_obj *n, *o;

	if (!(n = put(b, a, NULL, kube_obj_new_object())))
		return;
	put_str(b, n, "name", c->name);
	if (!(o = put(b, n, "cluster", kube_obj_new_object())))
		return;
	put_str(b, o, "server", c->server);
	put_str_oe(b, o, "tls-server-name", c->tls_server_name);
	put_bool_oe(b, o, "insecure-skip-tls-verify", c->insecure);
	put_str_oe(b, o, "certificate-authority", c->ca);
	put_bytes_oe(b, o, "certificate-authority-data", &c->ca_data, redact);
	put_str_oe(b, o, "proxy-url", c->proxy_url);
	put_bool_oe(b, o, "disable-compression", c->disable_compression);
	put_exts(b, o, &c->ext);
}

static void put_exec(struct ob *b, kube_obj *u, const struct kcfg_exec *x)
{
	kube_obj *o, *env, *e;
	size_t i;

	if (!(o = put(b, u, "exec", kube_obj_new_object())))
		return;
	put_str(b, o, "command", x->command);
	put_strv(b, o, "args", &x->args);
	if (!x->env_set && !x->nenv) {
		put(b, o, "env", kube_obj_new_null());
	} else if ((env = put(b, o, "env", kube_obj_new_array()))) {
		for (i = 0; i < x->nenv; i++) {
			if (!(e = put(b, env, NULL, kube_obj_new_object())))
				break;
			put_str(b, e, "name", x->env[i].key);
			put_str(b, e, "value", x->env[i].value);
		}
	}
	put_str_oe(b, o, "apiVersion", x->api_version);
	put_str_oe(b, o, "installHint", x->install_hint);
	put(b, o, "provideClusterInfo", kube_obj_new_bool(x->provide_cluster_info));
	put_str_oe(b, o, "interactiveMode", x->interactive_mode);
}

static void put_user(struct ob *b, kube_obj *a, const struct kcfg_user *u, bool redact)
{
	kube_obj *n, *o, *m, *cfg;
	size_t i;

	if (!(n = put(b, a, NULL, kube_obj_new_object())))
		return;
	put_str(b, n, "name", u->name);
	if (!(o = put(b, n, "user", kube_obj_new_object())))
		return;
	put_str_oe(b, o, "client-certificate", u->cert);
	put_bytes_oe(b, o, "client-certificate-data", &u->cert_data, redact);
	put_str_oe(b, o, "client-key", u->key);
	put_bytes_oe(b, o, "client-key-data", &u->key_data, redact);
	put_str_oe(b, o, "token", redact && *S(u->token) ? "REDACTED" : u->token);
	put_str_oe(b, o, "tokenFile", u->token_file);
	put_str_oe(b, o, "as", u->as);
	put_str_oe(b, o, "as-uid", u->as_uid);
	if (u->as_groups.n)
		put_strv(b, o, "as-groups", &u->as_groups);
	if (u->nextra && (m = put(b, o, "as-user-extra", kube_obj_new_object()))) {
		/* json.Marshal sorts map keys */
		size_t *idx = calloc(u->nextra, sizeof(*idx)), j, k;

		if (!idx) {
			b->oom = true;
			return;
		}
		for (i = 0; i < u->nextra; i++) {
			for (j = i; j > 0; j--) {
				if (strcmp(S(u->extra[idx[j - 1]].key), S(u->extra[i].key)) <= 0)
					break;
				idx[j] = idx[j - 1];
			}
			idx[j] = i;
		}
		for (k = 0; k < u->nextra; k++)
			put_strv(b, m, S(u->extra[idx[k]].key), &u->extra[idx[k]].vals);
		free(idx);
	}
	put_str_oe(b, o, "username", u->username);
	put_str_oe(b, o, "password", redact && *S(u->password) ? "REDACTED" : u->password);
	if (u->authp && (m = put(b, o, "auth-provider", kube_obj_new_object()))) {
		put_str(b, m, "name", u->authp->name);
		if (!u->authp->config_set && !u->authp->nconfig) {
			put(b, m, "config", kube_obj_new_null());
		} else if ((cfg = put(b, m, "config", kube_obj_new_object()))) {
			for (i = 0; i < u->authp->nconfig; i++)
				put_str(b, cfg, S(u->authp->config[i].key),
					u->authp->config[i].value);
		}
	}
	if (u->exec)
		put_exec(b, o, u->exec);
	put_exts(b, o, &u->ext);
}

static void put_context(struct ob *b, kube_obj *a, const struct kcfg_context *c)
{
	kube_obj *n, *o;

	if (!(n = put(b, a, NULL, kube_obj_new_object())))
		return;
	put_str(b, n, "name", c->name);
	if (!(o = put(b, n, "context", kube_obj_new_object())))
		return;
	put_str(b, o, "cluster", c->cluster);
	put_str(b, o, "user", c->user);
	put_str_oe(b, o, "namespace", c->ns);
	put_exts(b, o, &c->ext);
}

int kcfg_to_obj(kube_obj **out, const struct kube_config *c, unsigned flags, kube_err *err)
{
	bool redact = flags & KCFG_OBJ_REDACT;
	struct ob b = {false};
	kube_obj *root, *p, *a;
	size_t *idx = NULL, n, i;

	*out = NULL;
	if (!(root = kube_obj_new_object()))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	put_str(&b, root, "kind", "Config");
	put_str(&b, root, "apiVersion", "v1");
	/* preferences is omitted when it is the zero value (omitzero, kubectl 1.37) */
	if ((c->colors || c->pref_ext.n) &&
	    (p = put(&b, root, "preferences", kube_obj_new_object()))) {
		put_bool_oe(&b, p, "colors", c->colors);
		put_exts(&b, p, &c->pref_ext);
	}
	idx = kcfg_sorted(c, KUBE_CONFIG_CLUSTERS, &n);
	if (!n) {
		put(&b, root, "clusters", kube_obj_new_null());
	} else if ((a = put(&b, root, "clusters", kube_obj_new_array()))) {
		for (i = 0; i < n && idx; i++)
			put_cluster(&b, a, c->clusters[idx[i]], redact);
	}
	if (n && !idx)
		b.oom = true;
	free(idx);
	idx = kcfg_sorted(c, KUBE_CONFIG_USERS, &n);
	if (!n) {
		put(&b, root, "users", kube_obj_new_null());
	} else if ((a = put(&b, root, "users", kube_obj_new_array()))) {
		for (i = 0; i < n && idx; i++)
			put_user(&b, a, c->users[idx[i]], redact);
	}
	if (n && !idx)
		b.oom = true;
	free(idx);
	idx = kcfg_sorted(c, KUBE_CONFIG_CONTEXTS, &n);
	if (!n) {
		put(&b, root, "contexts", kube_obj_new_null());
	} else if ((a = put(&b, root, "contexts", kube_obj_new_array()))) {
		for (i = 0; i < n && idx; i++)
			put_context(&b, a, c->contexts[idx[i]]);
	}
	if (n && !idx)
		b.oom = true;
	free(idx);
	put_str(&b, root, "current-context", c->current_context);
	put_exts(&b, root, &c->ext);
	if (b.oom) {
		kube_obj_free(root);
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	*out = root;
	return 0;
}

/* ---- config view ---- */

/* MinifyConfig */
static int minify(struct kube_config *c, const char *context, kube_err *err)
{
	const struct kcfg_context *cur;
	size_t i;

	if (context && *context && kcfg_set_str(&c->current_context, context) < 0)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	if (!*S(c->current_context))
		return kube_err_set(err, KUBE_ECONFIG,
				    "current-context must exist in order to minify");
	if (!(cur = kcfg_find_context(c, c->current_context)))
		return kube_err_set(err, KUBE_ECONFIG, "cannot locate context %s",
				    c->current_context);
	if (*S(cur->cluster) && !kcfg_find_cluster(c, cur->cluster))
		return kube_err_set(err, KUBE_ECONFIG, "cannot locate cluster %s", cur->cluster);
	if (*S(cur->user) && !kcfg_find_user(c, cur->user))
		return kube_err_set(err, KUBE_ECONFIG, "cannot locate user %s", cur->user);
	for (i = c->ncontexts; i-- > 0;)
		if (c->contexts[i] != cur)
			kcfg_del_context(c, c->contexts[i]->name);
	for (i = c->nclusters; i-- > 0;)
		if (!*S(cur->cluster) || strcmp(S(c->clusters[i]->name), cur->cluster))
			kcfg_del_cluster(c, c->clusters[i]->name);
	for (i = c->nusers; i-- > 0;)
		if (!*S(cur->user) || strcmp(S(c->users[i]->name), cur->user))
			kcfg_del_user(c, c->users[i]->name);
	return 0;
}

/* FlattenContent: read a referenced file into the *-data field. */
static int flatten_one(char **path, struct kcfg_bytes *data, const char *origin, bool secret,
		       kube_err *err)
{
	char *dir = NULL, *base = NULL, *full = NULL, *content = NULL;
	const char *op;
	size_t len;
	int rc = 0, r;

	if (!*S(*path))
		return 0;
	if (data->n)
		return kube_err_set(err, KUBE_ECONFIG,
				    "cannot have values for both path and contents");
	/* path.Dir of LocationOfOrigin made absolute against the working directory */
	if (!(dir = kcfg_path_dir(S(origin))) || !(base = kcfg_path_abs(dir))) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	if (kcfg_path_is_abs(*path))
		full = kcfg_strndup(*path, strlen(*path));
	else
		full = kcfg_path_join(base, *path);
	if (!full) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = kcfg_read_file(full, &content, &len, &op)) < 0) {
		rc = r == -ENOMEM ? kube_err_set(err, KUBE_ENOMEM, "out of memory")
				  : kcfg_path_error(err, KUBE_ECONFIG, op, full, -r);
		goto out;
	}
	kcfg_bytes_free(data, secret);
	data->p = (unsigned char *)content;
	data->n = len;
	content = NULL;
	free(*path);
	*path = NULL;
out:
	free(dir);
	free(base);
	free(full);
	free(content);
	return rc;
}

static int flatten(struct kube_config *c, kube_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < c->nusers; i++) {
		struct kcfg_user *u = c->users[i];

		if ((rc = flatten_one(&u->cert, &u->cert_data, u->origin, false, err)) < 0 ||
		    (rc = flatten_one(&u->key, &u->key_data, u->origin, true, err)) < 0)
			return rc;
	}
	for (i = 0; i < c->nclusters; i++) {
		struct kcfg_cluster *x = c->clusters[i];

		if ((rc = flatten_one(&x->ca, &x->ca_data, x->origin, false, err)) < 0)
			return rc;
	}
	return 0;
}

int kube_config_view_obj(kube_obj **out, const kube_config_load_opts *lo,
			 const kube_config_view_opts *vo, kube_err *err)
{
	static const kube_config_view_opts defaults;
	struct kube_config *c = NULL;
	int rc;

	*out = NULL;
	if (!vo)
		vo = &defaults;
	if (vo->merge_given && !vo->merge && !(lo && lo->explicit_path && *lo->explicit_path))
		return kube_err_set(err, KUBE_ECONFIG,
				    "if merge==false a precise file must be specified");
	if ((rc = kcfg_load_edit(&c, lo, err)) < 0)
		return rc;
	if (vo->minify && (rc = minify(c, vo->context, err)) < 0)
		goto out;
	if (vo->flatten && (rc = flatten(c, err)) < 0)
		goto out;
	rc = kcfg_to_obj(out, c, vo->flatten || vo->raw ? 0 : KCFG_OBJ_REDACT, err);
out:
	kube_config_free(c);
	return rc;
}

int kube_config_cmd_view(kube_buf *out, const kube_config_load_opts *lo,
			 const kube_config_view_opts *vo, kube_err *err)
{
	kube_obj *o = NULL;
	int rc;

	if ((rc = kube_config_view_obj(&o, lo, vo, err)) < 0)
		return rc;
	if (vo && vo->json) {
		kube_json_write(out, o, KUBE_JSON_INDENT | KUBE_JSON_HTML_ESCAPE);
		kube_buf_putc(out, '\n');
	} else {
		kube_yaml_write(out, o, 0);
	}
	kube_obj_free(o);
	return kube_buf_check(out, err);
}

/* ---- get-contexts, get-clusters, get-users, current-context ---- */

int kube_config_cmd_get_contexts(kube_buf *out, const kube_config_load_opts *lo,
				 const char *const *names, size_t nnames, unsigned flags,
				 kube_err *err)
{
	struct kube_config *c = NULL;
	bool name_only = flags & KUBE_CONFIG_NAME_ONLY;
	const char **print = NULL;
	char **errs = NULL;
	size_t nprint = 0, nerrs = 0, i, j, *idx = NULL, n;
	int rc;

	if ((rc = kcfg_load_edit(&c, lo, err)) < 0)
		return rc;
	if (!(print = calloc(nnames + c->ncontexts + 1, sizeof(*print))) ||
	    !(errs = calloc(nnames + 1, sizeof(*errs)))) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	if (!nnames) {
		idx = kcfg_sorted(c, KUBE_CONFIG_CONTEXTS, &n);
		if (n && !idx) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			goto out;
		}
		for (i = 0; i < n; i++)
			print[nprint++] = S(c->contexts[idx[i]]->name);
	} else {
		for (i = 0; i < nnames; i++) {
			kube_buf m = KUBE_BUF_INIT;

			if (kcfg_find_context(c, names[i])) {
				print[nprint++] = names[i];
				continue;
			}
			kube_buf_printf(&m, "context %s not found", S(names[i]));
			if (!(errs[nerrs] = kube_buf_detach(&m, NULL))) {
				rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
				goto out;
			}
			nerrs++;
		}
		/* sort.Strings */
		for (i = 1; i < nprint; i++)
			for (j = i; j > 0 && strcmp(print[j - 1], print[j]) > 0; j--) {
				const char *t = print[j];

				print[j] = print[j - 1];
				print[j - 1] = t;
			}
	}
	if (!(flags & KUBE_CONFIG_NO_HEADERS) && !name_only)
		kube_buf_puts(out, "CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n");
	for (i = 0; i < nprint; i++) {
		const struct kcfg_context *x = kcfg_find_context(c, print[i]);

		if (name_only) {
			kube_buf_printf(out, "%s\n", print[i]);
			continue;
		}
		kube_buf_printf(out, "%s\t%s\t%s\t%s\t%s\n",
				!strcmp(S(c->current_context), print[i]) ? "*" : " ", print[i],
				S(x->cluster), S(x->user), S(x->ns));
	}
	if ((rc = kube_buf_check(out, err)) < 0)
		goto out;
	if (nerrs)
		rc = kcfg_err_list(err, KUBE_ECONFIG, false, errs, nerrs);
out:
	for (i = 0; errs && i < nerrs; i++)
		free(errs[i]);
	free(errs);
	free(print);
	free(idx);
	kube_config_free(c);
	return rc;
}

static int list_names(kube_buf *out, const kube_config_load_opts *lo, kube_config_section sec,
		      kube_err *err)
{
	struct kube_config *c = NULL;
	size_t *idx, n, i;
	int rc;

	if ((rc = kcfg_load_edit(&c, lo, err)) < 0)
		return rc;
	idx = kcfg_sorted(c, sec, &n);
	if (n && !idx) {
		kube_config_free(c);
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	kube_buf_puts(out, "NAME\n");
	for (i = 0; i < n; i++)
		kube_buf_printf(out, "%s\n",
				sec == KUBE_CONFIG_CLUSTERS ? S(c->clusters[idx[i]]->name)
							    : S(c->users[idx[i]]->name));
	free(idx);
	kube_config_free(c);
	return kube_buf_check(out, err);
}

int kube_config_cmd_get_clusters(kube_buf *out, const kube_config_load_opts *lo, kube_err *err)
{
	return list_names(out, lo, KUBE_CONFIG_CLUSTERS, err);
}

int kube_config_cmd_get_users(kube_buf *out, const kube_config_load_opts *lo, kube_err *err)
{
	return list_names(out, lo, KUBE_CONFIG_USERS, err);
}

int kube_config_cmd_current_context(kube_buf *out, const kube_config_load_opts *lo,
				    kube_err *err)
{
	struct kube_config *c = NULL;
	int rc;

	if ((rc = kcfg_load_edit(&c, lo, err)) < 0)
		return rc;
	if (!*S(c->current_context))
		rc = kube_err_set(err, KUBE_ECONFIG, "current-context is not set");
	else
		kube_buf_printf(out, "%s\n", c->current_context);
	kube_config_free(c);
	return rc < 0 ? rc : kube_buf_check(out, err);
}
