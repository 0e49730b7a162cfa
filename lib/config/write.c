/* Write-back for `kubectl config ...`: clientcmd.ModifyConfig (each changed stanza goes back to
 * the file it came from, new ones to the default file), the lock files, WriteToFile via a
 * temporary file and rename, and one function per subcommand. */
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

#include "banned.h"

static int oom(kube_err *err)
{
	return kube_err_set(err, KUBE_ENOMEM, "out of memory");
}

static char *goq(const char *s)
{
	kube_buf b = KUBE_BUF_INIT;

	kube_go_quote(&b, S(s));
	return kube_buf_detach(&b, NULL);
}

/* ---- files ---- */

/* os.MkdirAll(dir, 0755) */
static int mkdir_all(const char *dir, kube_err *err)
{
	struct stat st;
	char *parent;
	int rc;

	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		return kcfg_path_error(err, KUBE_EIO, "mkdir", dir, ENOTDIR);
	}
	if (!(parent = kcfg_path_dir(dir)))
		return oom(err);
	if (strcmp(parent, dir) && strcmp(parent, ".") && (rc = mkdir_all(parent, err)) < 0) {
		free(parent);
		return rc;
	}
	free(parent);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return kcfg_path_error(err, KUBE_EIO, "mkdir", dir, errno);
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Replace path's content atomically. A new file gets mode 0600; an existing one keeps its mode
 * (as os.WriteFile would). Symlinks are followed. Errors name the real file, Go style. */
static int replace_file(const char *path, const char *data, size_t len, kube_err *err)
{
	char target[PATH_MAX], *dir = NULL, *tmp = NULL;
	kube_buf t = KUBE_BUF_INIT;
	struct stat st;
	mode_t mode = 0600;
	int fd = -1, e, rc = 0;
	ssize_t n;

	/* write through a symlink like os.WriteFile does */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && realpath(path, target))
		path = target;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return kcfg_path_error(err, KUBE_EIO, "open", path, EISDIR);
		mode = st.st_mode & 07777;
		/* the file must be writable by us, as an in-place write would require */
		if (access(path, W_OK) < 0)
			return kcfg_path_error(err, KUBE_EIO, "open", path, errno);
	}
	if (!(dir = kcfg_path_dir(path)))
		return oom(err);
	kube_buf_printf(&t, "%s/.%s.tmp-XXXXXX", dir, strrchr(path, '/') ? strrchr(path, '/') + 1
									  : path);
	if (t.failed) {
		rc = oom(err);
		goto out;
	}
	tmp = kube_buf_detach(&t, NULL);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		rc = kcfg_path_error(err, KUBE_EIO, "open", path, errno);
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (fchmod(fd, mode) < 0 || (e = -write_all(fd, data, len)) != 0 || fsync(fd) < 0) {
		e = errno ? errno : EIO;
		rc = kcfg_path_error(err, KUBE_EIO, "write", path, e);
		goto out;
	}
	n = close(fd);
	fd = -1;
	if (n < 0 || rename(tmp, path) < 0) {
		rc = kcfg_path_error(err, KUBE_EIO, "open", path, errno);
		goto out;
	}
	free(tmp);
	tmp = NULL;
out:
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(dir);
	return rc;
}

int kcfg_write_file(const struct kube_config *c, const char *path, kube_err *err)
{
	kube_obj *o = NULL;
	kube_buf b = KUBE_BUF_INIT;
	char *dir = NULL;
	int rc;

	if ((rc = kcfg_to_obj(&o, c, 0, err)) < 0)
		return rc;
	kube_yaml_write(&b, o, 0);
	kube_obj_free(o);
	if ((rc = kube_buf_check(&b, err)) < 0)
		goto out;
	if (!(dir = kcfg_path_dir(path))) {
		rc = oom(err);
		goto out;
	}
	if ((rc = mkdir_all(dir, err)) < 0)
		goto out;
	rc = replace_file(path, b.ptr, b.len, err);
out:
	free(dir);
	kube_buf_wipe(&b);
	return rc;
}

/* getConfigFromFile: a missing file is an empty config. */
static int config_from_file(struct kube_config **out, const char *path, kube_err *err)
{
	bool missing;
	int rc;

	if ((rc = kcfg_load_file(out, path, true, &missing, false, err)) < 0)
		return rc;
	if (missing && !(*out = kcfg_new()))
		return oom(err);
	return 0;
}

/* ---- lock files (clientcmd's lockFile: <file>.lock created with O_EXCL) ---- */

struct locks {
	char **v;
	size_t n;
};

static void unlock_all(struct locks *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		unlink(l->v[i]);
		free(l->v[i]);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int lock_all(struct locks *l, const struct kcfg_rules *r, kube_err *err)
{
	char **names = NULL, *dir, *lock, **nv;
	size_t n = 0, i;
	int fd, rc = 0;

	if (r->explicit_path) {
		if (!(names = malloc(sizeof(*names))))
			return oom(err);
		names[n++] = r->explicit_path;
	} else if (r->nfiles) {
		if (!(names = malloc(r->nfiles * sizeof(*names))))
			return oom(err);
		for (i = 0; i < r->nfiles; i++)
			if (*r->files[i])
				names[n++] = r->files[i];
	}
	qsort(names, n, sizeof(*names), str_cmp);
	for (i = 0; i < n && !rc; i++) {
		kube_buf b = KUBE_BUF_INIT;

		if (!(dir = kcfg_path_dir(names[i]))) {
			rc = oom(err);
			break;
		}
		rc = mkdir_all(dir, err);
		free(dir);
		if (rc < 0)
			break;
		kube_buf_printf(&b, "%s.lock", names[i]);
		if (!(lock = kube_buf_detach(&b, NULL))) {
			rc = oom(err);
			break;
		}
		fd = open(lock, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0);
		if (fd < 0) {
			rc = kcfg_path_error(err, KUBE_EIO, "open", lock, errno);
			free(lock);
			break;
		}
		close(fd);
		if (!(nv = realloc(l->v, (l->n + 1) * sizeof(*nv)))) {
			unlink(lock);
			free(lock);
			rc = oom(err);
			break;
		}
		l->v = nv;
		l->v[l->n++] = lock;
	}
	free(names);
	if (rc < 0)
		unlock_all(l);
	return rc;
}

/* ---- relative paths ---- */

/* RelativizePathWithNoBacksteps on one reference, after resolving it against base. */
static int relativize_one(char **ref, const char *base, kube_err *err)
{
	char *abs = NULL, *rel;
	bool bad;

	if (!*S(*ref))
		return 0;
	if (!kcfg_path_is_abs(*ref)) {
		if (!(abs = kcfg_path_join(base, *ref)))
			return oom(err);
		free(*ref);
		*ref = abs;
	}
	if (!(rel = kcfg_path_rel(base, *ref, &bad))) {
		if (bad)
			return kube_err_set(err, KUBE_ECONFIG, "Rel: can't make %s relative to %s",
					    *ref, base);
		return oom(err);
	}
	if (!strncmp(rel, "../", 3)) {
		free(rel);
		return 0; /* absolute paths that need backsteps stay as they are */
	}
	free(*ref);
	*ref = rel;
	return 0;
}

static char *origin_base(const char *origin)
{
	char *dir = kcfg_path_dir(origin), *base;

	if (!dir)
		return NULL;
	base = kcfg_path_abs(dir);
	free(dir);
	return base;
}

static int relativize_cluster(struct kcfg_cluster *c, kube_err *err)
{
	char *base;
	int rc;

	if (!*S(c->origin))
		return kube_err_set(err, KUBE_ECONFIG, "no location of origin for %s",
				    S(c->server));
	if (!(base = origin_base(c->origin)))
		return oom(err);
	rc = relativize_one(&c->ca, base, err);
	free(base);
	return rc;
}

static int relativize_user(struct kcfg_user *u, kube_err *err)
{
	char *base;
	int rc;

	if (!*S(u->origin))
		return kube_err_set(err, KUBE_ECONFIG, "no location of origin for %s", S(u->name));
	if (!(base = origin_base(u->origin)))
		return oom(err);
	if ((rc = relativize_one(&u->cert, base, err)) == 0 &&
	    (rc = relativize_one(&u->key, base, err)) == 0 &&
	    (rc = relativize_one(&u->token_file, base, err)) == 0 && u->exec &&
	    strchr(S(u->exec->command), '/'))
		rc = relativize_one(&u->exec->command, base, err);
	free(base);
	return rc;
}

/* ---- ModifyConfig ---- */

static bool prefs_equal(const struct kube_config *a, const struct kube_config *b)
{
	return a->colors == b->colors && kcfg_exts_equal(&a->pref_ext, &b->pref_ext);
}

static int set_prefs(struct kube_config *dst, const struct kube_config *src)
{
	struct kcfg_exts e;

	if (kcfg_exts_dup(&e, &src->pref_ext) < 0)
		return KUBE_ENOMEM;
	kcfg_exts_free(&dst->pref_ext);
	dst->pref_ext = e;
	dst->colors = src->colors;
	return 0;
}

static int write_current_context(const struct kcfg_rules *r, const char *ctx, kube_err *err)
{
	struct kube_config *start = NULL, *f = NULL;
	struct stat st;
	size_t i;
	int rc;

	if ((rc = kcfg_load_rules(&start, r, true, err)) < 0)
		return rc;
	if (!strcmp(S(start->current_context), S(ctx)))
		goto out;
	if (r->explicit_path || *S(ctx)) {
		const char *file = r->explicit_path ? r->explicit_path : kcfg_default_filename(r);

		if ((rc = config_from_file(&f, file, err)) < 0)
			goto out;
		if (kcfg_set_str(&f->current_context, ctx) < 0) {
			rc = oom(err);
			goto out;
		}
		rc = kcfg_write_file(f, file, err);
		goto out;
	}
	/* clearing: the first file in the chain that sets it */
	for (i = 0; i < r->nfiles; i++) {
		if (!*r->files[i] || stat(r->files[i], &st) < 0)
			continue;
		if ((rc = config_from_file(&f, r->files[i], err)) < 0)
			goto out;
		if (*S(f->current_context)) {
			free(f->current_context);
			f->current_context = NULL;
			rc = kcfg_write_file(f, r->files[i], err);
			goto out;
		}
		kube_config_free(f);
		f = NULL;
	}
	rc = kube_err_set(err, KUBE_ECONFIG, "no config found to write context");
out:
	kube_config_free(f);
	kube_config_free(start);
	return rc;
}

static int write_preferences(const struct kcfg_rules *r, const struct kube_config *next,
			     kube_err *err)
{
	struct kube_config *start = NULL, *f = NULL;
	size_t i;
	int rc;

	if ((rc = kcfg_load_rules(&start, r, true, err)) < 0)
		return rc;
	if (prefs_equal(start, next) && !next->prefs_touched)
		goto out;
	if (r->explicit_path) {
		if ((rc = config_from_file(&f, r->explicit_path, err)) < 0)
			goto out;
		if (set_prefs(f, next) < 0) {
			rc = oom(err);
			goto out;
		}
		rc = kcfg_write_file(f, r->explicit_path, err);
		goto out;
	}
	for (i = 0; i < r->nfiles; i++) {
		if ((rc = config_from_file(&f, r->files[i], err)) < 0)
			goto out;
		if (!prefs_equal(f, next) || next->prefs_touched) {
			if (set_prefs(f, next) < 0) {
				rc = oom(err);
				goto out;
			}
			rc = kcfg_write_file(f, r->files[i], err);
			goto out;
		}
		kube_config_free(f);
		f = NULL;
	}
	rc = kube_err_set(err, KUBE_ECONFIG, "no config found to write preferences");
out:
	kube_config_free(f);
	kube_config_free(start);
	return rc;
}

/* Files read for contexts, written once at the end (clientcmd's seenConfigs). */
struct seen {
	char *file;
	struct kube_config *cfg;
};

int kcfg_modify(const struct kube_config *next, bool relativize, kube_err *err)
{
	const struct kcfg_rules *r = &next->rules;
	struct kube_config *start = NULL, *f = NULL;
	struct seen *seen = NULL;
	struct locks locks = {NULL, 0};
	size_t nseen = 0, i, j, n, *idx = NULL;
	const char *dest;
	int rc;

	if ((rc = lock_all(&locks, r, err)) < 0)
		return rc;
	if ((rc = kcfg_load_rules(&start, r, true, err)) < 0)
		goto out;
	if (strcmp(S(start->current_context), S(next->current_context)) &&
	    (rc = write_current_context(r, next->current_context, err)) < 0)
		goto out;
	if ((!prefs_equal(start, next) || next->prefs_touched) &&
	    (rc = write_preferences(r, next, err)) < 0)
		goto out;

	/* clusters that are new or changed */
	idx = kcfg_sorted(next, KUBE_CONFIG_CLUSTERS, &n);
	for (i = 0; i < n; i++) {
		const struct kcfg_cluster *c = next->clusters[idx[i]], *old;
		struct kcfg_cluster *t;

		old = kcfg_find_cluster(start, c->name);
		if (old && kcfg_cluster_equal(old, c) && !c->touched)
			continue;
		dest = *S(c->origin) ? c->origin : kcfg_default_filename(r);
		if ((rc = config_from_file(&f, dest, err)) < 0)
			goto out;
		if (!(t = kcfg_cluster_dup(c)) || kcfg_set_str(&t->origin, dest) < 0 ||
		    kcfg_put_cluster(f, t) < 0) {
			if (t && !kcfg_find_cluster(f, t->name))
				kcfg_cluster_free(t);
			rc = oom(err);
			goto out;
		}
		if (relativize && (rc = relativize_cluster(t, err)) < 0)
			goto out;
		if ((rc = kcfg_write_file(f, dest, err)) < 0)
			goto out;
		kube_config_free(f);
		f = NULL;
	}
	free(idx);

	/* contexts, batched per file */
	idx = kcfg_sorted(next, KUBE_CONFIG_CONTEXTS, &n);
	for (i = 0; i < n; i++) {
		const struct kcfg_context *c = next->contexts[idx[i]], *old;
		struct kcfg_context *t;
		struct seen *ns;

		old = kcfg_find_context(start, c->name);
		if (old && kcfg_context_equal(old, c) && !c->touched)
			continue;
		dest = *S(c->origin) ? c->origin : kcfg_default_filename(r);
		for (j = 0; j < nseen; j++)
			if (!strcmp(seen[j].file, dest))
				break;
		if (j == nseen) {
			if (!(ns = realloc(seen, (nseen + 1) * sizeof(*ns)))) {
				rc = oom(err);
				goto out;
			}
			seen = ns;
			seen[nseen].cfg = NULL;
			if (!(seen[nseen].file = kcfg_strndup(dest, strlen(dest)))) {
				rc = oom(err);
				goto out;
			}
			nseen++;
			if ((rc = config_from_file(&seen[j].cfg, dest, err)) < 0)
				goto out;
		}
		if (!(t = kcfg_context_dup(c)) || kcfg_put_context(seen[j].cfg, t) < 0) {
			rc = oom(err);
			goto out;
		}
	}
	free(idx);
	idx = NULL;
	for (j = 0; j < nseen; j++)
		if ((rc = kcfg_write_file(seen[j].cfg, seen[j].file, err)) < 0)
			goto out;

	/* users that are new or changed */
	idx = kcfg_sorted(next, KUBE_CONFIG_USERS, &n);
	for (i = 0; i < n; i++) {
		const struct kcfg_user *u = next->users[idx[i]], *old;
		struct kcfg_user *t;

		old = kcfg_find_user(start, u->name);
		if (old && kcfg_user_equal(old, u) && !u->touched)
			continue;
		dest = *S(u->origin) ? u->origin : kcfg_default_filename(r);
		if ((rc = config_from_file(&f, dest, err)) < 0)
			goto out;
		if (!(t = kcfg_user_dup(u)) || kcfg_set_str(&t->origin, dest) < 0 ||
		    kcfg_put_user(f, t) < 0) {
			if (t && !kcfg_find_user(f, t->name))
				kcfg_user_free(t);
			rc = oom(err);
			goto out;
		}
		if (relativize && (rc = relativize_user(t, err)) < 0)
			goto out;
		if ((rc = kcfg_write_file(f, dest, err)) < 0)
			goto out;
		kube_config_free(f);
		f = NULL;
	}
	free(idx);
	idx = NULL;

	/* deletions */
	for (i = 0; i < start->nclusters; i++) {
		const struct kcfg_cluster *c = start->clusters[i];

		if (kcfg_find_cluster(next, c->name))
			continue;
		dest = *S(c->origin) ? c->origin : kcfg_default_filename(r);
		if ((rc = config_from_file(&f, dest, err)) < 0)
			goto out;
		kcfg_del_cluster(f, c->name);
		if ((rc = kcfg_write_file(f, dest, err)) < 0)
			goto out;
		kube_config_free(f);
		f = NULL;
	}
	for (i = 0; i < start->ncontexts; i++) {
		const struct kcfg_context *c = start->contexts[i];

		if (kcfg_find_context(next, c->name))
			continue;
		dest = *S(c->origin) ? c->origin : kcfg_default_filename(r);
		if ((rc = config_from_file(&f, dest, err)) < 0)
			goto out;
		kcfg_del_context(f, c->name);
		if ((rc = kcfg_write_file(f, dest, err)) < 0)
			goto out;
		kube_config_free(f);
		f = NULL;
	}
	for (i = 0; i < start->nusers; i++) {
		const struct kcfg_user *u = start->users[i];

		if (kcfg_find_user(next, u->name))
			continue;
		dest = *S(u->origin) ? u->origin : kcfg_default_filename(r);
		if ((rc = config_from_file(&f, dest, err)) < 0)
			goto out;
		kcfg_del_user(f, u->name);
		if ((rc = kcfg_write_file(f, dest, err)) < 0)
			goto out;
		kube_config_free(f);
		f = NULL;
	}
	rc = 0;
out:
	free(idx);
	for (j = 0; j < nseen; j++) {
		free(seen[j].file);
		kube_config_free(seen[j].cfg);
	}
	free(seen);
	kube_config_free(f);
	kube_config_free(start);
	unlock_all(&locks);
	return rc;
}

/* ============================================================================================
 * The subcommands
 */

/* The file kubectl names in delete/rename messages. */
static const char *config_file(const struct kube_config *c)
{
	return c->rules.explicit_path ? c->rules.explicit_path : kcfg_default_filename(&c->rules);
}

int kube_config_cmd_use_context(kube_buf *out, const kube_config_load_opts *lo, const char *name,
				kube_err *err)
{
	struct kube_config *c = NULL;
	char *q = NULL;
	int rc;

	if ((rc = kcfg_load_edit(&c, lo, err)) < 0)
		return rc;
	if (!*S(name)) {
		rc = kube_err_set(err, KUBE_ECONFIG, "empty context names are not allowed");
		goto out;
	}
	if (!(q = goq(name))) {
		rc = oom(err);
		goto out;
	}
	if (!kcfg_find_context(c, name)) {
		rc = kube_err_set(err, KUBE_ECONFIG, "no context exists with the name: %s", q);
		goto out;
	}
	if (kcfg_set_str(&c->current_context, name) < 0) {
		rc = oom(err);
		goto out;
	}
	if ((rc = kcfg_modify(c, true, err)) < 0)
		goto out;
	kube_buf_printf(out, "Switched to context %s.\n", q);
	rc = kube_buf_check(out, err);
out:
	free(q);
	kube_config_free(c);
	return rc;
}

int kube_config_cmd_set_context(kube_buf *out, const kube_config_load_opts *lo,
				const kube_config_set_context_opts *o, kube_err *err)
{
	struct kube_config *c = NULL;
	struct kcfg_context *x, *existing;
	const char *name;
	char *q = NULL;
	bool exists;
	int rc;

	if (!*S(o->name) && !o->current)
		return kube_err_set(err, KUBE_EINVAL,
				    "you must specify a non-empty context name or --current");
	if (*S(o->name) && o->current)
		return kube_err_set(err, KUBE_EINVAL,
				    "you cannot specify both a context name and --current");
	if ((rc = kcfg_load_edit(&c, lo, err)) < 0)
		return rc;
	name = o->name;
	if (o->current) {
		if (!*S(c->current_context)) {
			rc = kube_err_set(err, KUBE_ECONFIG, "no current context is set");
			goto out;
		}
		name = c->current_context;
	}
	existing = kcfg_find_context(c, name);
	exists = existing != NULL;
	x = existing ? kcfg_context_dup(existing) : calloc(1, sizeof(*x));
	if (!x || (!exists && !(x->name = kcfg_strndup(name, strlen(name))))) {
		kcfg_context_free(x);
		rc = oom(err);
		goto out;
	}
	if ((o->cluster && kcfg_set_str(&x->cluster, o->cluster) < 0) ||
	    (o->user && kcfg_set_str(&x->user, o->user) < 0) ||
	    (o->namespace_ && kcfg_set_str(&x->ns, o->namespace_) < 0) ||
	    !(q = goq(name))) {
		kcfg_context_free(x);
		rc = oom(err);
		goto out;
	}
	if (kcfg_put_context(c, x) < 0) {
		rc = oom(err);
		goto out;
	}
	if ((rc = kcfg_modify(c, true, err)) < 0)
		goto out;
	kube_buf_printf(out, "Context %s %s.\n", q, exists ? "modified" : "created");
	rc = kube_buf_check(out, err);
out:
	free(q);
	kube_config_free(c);
	return rc;
}

static int stat_flag(const char *flag, const char *path, kube_err *err)
{
	struct stat st;

	if (stat(path, &st) == 0)
		return 0;
	return kube_err_set(err, KUBE_ECONFIG, "could not stat %s file %s: stat %s: %s", flag, path,
			    path, kcfg_errno_text(errno));
}

/* os.ReadFile with the error ignored, as kubectl's --embed-certs does */
static void read_ignoring_errors(const char *path, struct kcfg_bytes *dst, bool secret)
{
	char *data = NULL;
	const char *op;
	size_t len = 0;

	kcfg_bytes_free(dst, secret);
	if (kcfg_read_file(path, &data, &len, &op) < 0)
		return;
	if (!len) {
		free(data);
		return;
	}
	dst->p = (unsigned char *)data;
	dst->n = len;
}

int kube_config_cmd_set_cluster(kube_buf *out, const kube_config_load_opts *lo,
				const kube_config_set_cluster_opts *o, kube_err *err)
{
	struct kube_config *c = NULL;
	struct kcfg_cluster *x, *existing;
	char *q = NULL, *abs = NULL;
	int rc;

	if (o->insecure_skip_tls_verify && o->certificate_authority)
		return kube_err_set(err, KUBE_EINVAL,
				    "you cannot specify a certificate authority and insecure mode "
				    "at the same time");
	if (o->embed_certs) {
		if (!o->certificate_authority)
			return kube_err_set(err, KUBE_EINVAL,
					    "you must specify a --certificate-authority to embed");
		if ((rc = stat_flag("certificate-authority", o->certificate_authority, err)) < 0)
			return rc;
	}
	if ((rc = kcfg_load_edit(&c, lo, err)) < 0)
		return rc;
	existing = kcfg_find_cluster(c, o->name);
	x = existing ? kcfg_cluster_dup(existing) : calloc(1, sizeof(*x));
	if (!x || (!existing && !(x->name = kcfg_strndup(S(o->name), strlen(S(o->name))))))
		goto nomem;
	if (o->server) {
		if (kcfg_set_str(&x->server, o->server) < 0)
			goto nomem;
		free(x->tls_server_name);
		x->tls_server_name = NULL;
	}
	if (o->tls_server_name && kcfg_set_str(&x->tls_server_name, o->tls_server_name) < 0)
		goto nomem;
	if (o->insecure_skip_tls_verify) {
		x->insecure = true;
		free(x->ca);
		x->ca = NULL;
		kcfg_bytes_free(&x->ca_data, false);
	}
	if (o->certificate_authority) {
		if (o->embed_certs) {
			read_ignoring_errors(o->certificate_authority, &x->ca_data, false);
			x->insecure = false;
			free(x->ca);
			x->ca = NULL;
		} else {
			if (!(abs = kcfg_path_abs(o->certificate_authority)) ||
			    kcfg_set_str(&x->ca, abs) < 0)
				goto nomem;
			x->insecure = false;
			kcfg_bytes_free(&x->ca_data, false);
		}
	}
	if (o->proxy_url && kcfg_set_str(&x->proxy_url, o->proxy_url) < 0)
		goto nomem;
	if (!(q = goq(o->name)))
		goto nomem;
	if (kcfg_put_cluster(c, x) < 0) {
		x = NULL;
		goto nomem;
	}
	x = NULL;
	if ((rc = kcfg_modify(c, true, err)) < 0)
		goto out;
	kube_buf_printf(out, "Cluster %s set.\n", q);
	rc = kube_buf_check(out, err);
	goto out;
nomem:
	kcfg_cluster_free(x);
	rc = oom(err);
out:
	free(abs);
	free(q);
	kube_config_free(c);
	return rc;
}

/* cmdutil.ParsePairs(..., supportRemove=true) */
static int parse_pairs(const char *const *args, size_t n, const char *type, struct kcfg_kv **add,
		       size_t *nadd, char ***rm, size_t *nrm, kube_err *err)
{
	kube_buf bad = KUBE_BUF_INIT;
	size_t i, j;
	bool any_bad = false;

	*add = NULL;
	*rm = NULL;
	*nadd = *nrm = 0;
	for (i = 0; i < n; i++) {
		const char *a = S(args[i]), *eq = strchr(a, '=');
		size_t len = strlen(a);

		if (eq && a[0] != '=') {
			struct kcfg_kv *nv;
			char *k = kcfg_strndup(a, (size_t)(eq - a));
			char *v = kcfg_strndup(eq + 1, strlen(eq + 1));

			if (!k || !v) {
				free(k);
				kcfg_wipe_str(v);
				goto nomem;
			}
			for (j = 0; j < *nadd; j++)
				if (!strcmp((*add)[j].key, k))
					break;
			if (j < *nadd) {
				free(k);
				kcfg_wipe_str((*add)[j].value);
				(*add)[j].value = v;
				continue;
			}
			if (!(nv = realloc(*add, (*nadd + 1) * sizeof(*nv)))) {
				free(k);
				kcfg_wipe_str(v);
				goto nomem;
			}
			*add = nv;
			nv[*nadd].key = k;
			nv[(*nadd)++].value = v;
		} else if (len > 1 && a[len - 1] == '-') {
			char **nv = realloc(*rm, (*nrm + 1) * sizeof(*nv));

			if (!nv)
				goto nomem;
			*rm = nv;
			if (!(nv[*nrm] = kcfg_strndup(a, len - 1)))
				goto nomem;
			(*nrm)++;
		} else {
			if (any_bad)
				kube_buf_puts(&bad, ", ");
			kube_buf_puts(&bad, a);
			any_bad = true;
		}
	}
	if (bad.failed)
		goto nomem;
	if (any_bad) {
		kube_err_set(err, KUBE_EINVAL, "invalid %s format: %s", type, bad.ptr);
		kube_buf_release(&bad);
		goto fail;
	}
	kube_buf_release(&bad);
	return 0;
nomem:
	kube_buf_release(&bad);
	oom(err);
fail:
	for (i = 0; i < *nadd; i++) {
		free((*add)[i].key);
		kcfg_wipe_str((*add)[i].value);
	}
	free(*add);
	for (i = 0; i < *nrm; i++)
		free((*rm)[i]);
	free(*rm);
	*add = NULL;
	*rm = NULL;
	*nadd = *nrm = 0;
	return err ? err->code : KUBE_EINVAL;
}

static void pairs_free(struct kcfg_kv *add, size_t nadd, char **rm, size_t nrm)
{
	size_t i;

	for (i = 0; i < nadd; i++) {
		free(add[i].key);
		kcfg_wipe_str(add[i].value);
	}
	free(add);
	for (i = 0; i < nrm; i++)
		free(rm[i]);
	free(rm);
}

static int kv_set(struct kcfg_kv **kv, size_t *n, const char *key, const char *value)
{
	struct kcfg_kv *nv;
	char *v;
	size_t i;

	if (!(v = kcfg_strndup(S(value), strlen(S(value)))))
		return KUBE_ENOMEM;
	for (i = 0; i < *n; i++)
		if (!strcmp(S((*kv)[i].key), key)) {
			kcfg_wipe_str((*kv)[i].value);
			(*kv)[i].value = v;
			return 0;
		}
	if (!(nv = realloc(*kv, (*n + 1) * sizeof(*nv)))) {
		free(v);
		return KUBE_ENOMEM;
	}
	*kv = nv;
	if (!(nv[*n].key = kcfg_strndup(key, strlen(key)))) {
		free(v);
		return KUBE_ENOMEM;
	}
	nv[(*n)++].value = v;
	return 0;
}

static void kv_remove(struct kcfg_kv *kv, size_t *n, const char *key)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp(S(kv[i].key), key)) {
			free(kv[i].key);
			kcfg_wipe_str(kv[i].value);
			memmove(&kv[i], &kv[i + 1], (*n - i - 1) * sizeof(*kv));
			(*n)--;
			i--;
		}
}

static int kv_cmp(const void *x, const void *y)
{
	return strcmp(S(((const struct kcfg_kv *)x)->key), S(((const struct kcfg_kv *)y)->key));
}

static int modify_user(struct kcfg_user *u, const kube_config_set_credentials_opts *o,
		       const struct kcfg_kv *apadd, size_t napadd, char **aprm, size_t naprm,
		       const struct kcfg_kv *envadd, size_t nenvadd, char **envrm, size_t nenvrm)
{
	bool set_token = false, set_basic = false;
	char *abs;
	size_t i;

	if (o->client_certificate) {
		if (o->embed_certs) {
			read_ignoring_errors(o->client_certificate, &u->cert_data, false);
			free(u->cert);
			u->cert = NULL;
		} else {
			if (!(abs = kcfg_path_abs(o->client_certificate)))
				return KUBE_ENOMEM;
			free(u->cert);
			u->cert = *abs ? abs : NULL;
			if (!u->cert)
				free(abs);
			if (u->cert)
				kcfg_bytes_free(&u->cert_data, false);
		}
	}
	if (o->client_key) {
		if (o->embed_certs) {
			read_ignoring_errors(o->client_key, &u->key_data, true);
			free(u->key);
			u->key = NULL;
		} else {
			if (!(abs = kcfg_path_abs(o->client_key)))
				return KUBE_ENOMEM;
			free(u->key);
			u->key = *abs ? abs : NULL;
			if (!u->key)
				free(abs);
			if (u->key)
				kcfg_bytes_free(&u->key_data, true);
		}
	}
	if (o->token) {
		kcfg_wipe_str(u->token);
		u->token = NULL;
		if (*o->token && !(u->token = kcfg_strdup(o->token)))
			return KUBE_ENOMEM;
		set_token = *o->token != '\0';
	}
	if (o->username) {
		if (kcfg_set_str(&u->username, o->username) < 0)
			return KUBE_ENOMEM;
		set_basic = set_basic || *o->username;
	}
	if (o->password) {
		kcfg_wipe_str(u->password);
		u->password = NULL;
		if (*o->password && !(u->password = kcfg_strdup(o->password)))
			return KUBE_ENOMEM;
		set_basic = set_basic || *o->password;
	}
	if (o->auth_provider && (!u->authp || strcmp(S(u->authp->name), o->auth_provider))) {
		struct kcfg_authp *a = calloc(1, sizeof(*a));

		if (!a)
			return KUBE_ENOMEM;
		if (*o->auth_provider && !(a->name = kcfg_strdup(o->auth_provider))) {
			free(a);
			return KUBE_ENOMEM;
		}
		if (u->authp) {
			free(u->authp->name);
			for (i = 0; i < u->authp->nconfig; i++) {
				free(u->authp->config[i].key);
				kcfg_wipe_str(u->authp->config[i].value);
			}
			free(u->authp->config);
			free(u->authp);
		}
		u->authp = a;
	}
	if (u->authp) {
		u->authp->config_set = true;
		for (i = 0; i < naprm; i++)
			kv_remove(u->authp->config, &u->authp->nconfig, aprm[i]);
		for (i = 0; i < napadd; i++)
			if (kv_set(&u->authp->config, &u->authp->nconfig, apadd[i].key,
				   apadd[i].value) < 0)
				return KUBE_ENOMEM;
		if (u->authp->nconfig > 1)
			qsort(u->authp->config, u->authp->nconfig, sizeof(*u->authp->config),
			      kv_cmp);
	}
	if (o->exec_command) {
		if (!u->exec) {
			if (!(u->exec = calloc(1, sizeof(*u->exec))))
				return KUBE_ENOMEM;
		} else {
			kcfg_strv_free(&u->exec->args);
		}
		if (kcfg_set_str(&u->exec->command, o->exec_command) < 0)
			return KUBE_ENOMEM;
	}
	if (u->exec) {
		struct kcfg_exec *x = u->exec;

		if (o->exec_api_version && kcfg_set_str(&x->api_version, o->exec_api_version) < 0)
			return KUBE_ENOMEM;
		if (o->exec_args_given && o->nexec_args) {
			kcfg_strv_free(&x->args);
			x->args.set = true;
			for (i = 0; i < o->nexec_args; i++) {
				char **nv = realloc(x->args.v, (x->args.n + 1) * sizeof(*nv));

				if (!nv)
					return KUBE_ENOMEM;
				x->args.v = nv;
				if (!(nv[x->args.n] = kcfg_strndup(S(o->exec_args[i]),
								   strlen(S(o->exec_args[i])))))
					return KUBE_ENOMEM;
				x->args.n++;
			}
		}
		if (nenvrm) {
			for (i = 0; i < nenvrm; i++)
				kv_remove(x->env, &x->nenv, envrm[i]);
			x->env_set = true;
		}
		if (nenvadd) {
			for (i = 0; i < nenvadd; i++)
				if (kv_set(&x->env, &x->nenv, envadd[i].key, envadd[i].value) < 0)
					return KUBE_ENOMEM;
			x->env_set = true;
		}
	}
	if (set_token || set_basic) {
		if (!set_token) {
			kcfg_wipe_str(u->token);
			u->token = NULL;
		}
		if (!set_basic) {
			free(u->username);
			u->username = NULL;
			kcfg_wipe_str(u->password);
			u->password = NULL;
		}
	}
	return 0;
}

int kube_config_cmd_set_credentials(kube_buf *out, const kube_config_load_opts *lo,
				    const kube_config_set_credentials_opts *o, kube_err *err)
{
	struct kube_config *c = NULL;
	struct kcfg_user *x = NULL, *existing;
	struct kcfg_kv *apadd = NULL, *envadd = NULL;
	char **aprm = NULL, **envrm = NULL, *q = NULL;
	size_t napadd = 0, naprm = 0, nenvadd = 0, nenvrm = 0;
	int rc;

	/* complete(): the key=value lists */
	if (o->nauth_provider_args &&
	    (rc = parse_pairs(o->auth_provider_args, o->nauth_provider_args, "auth-provider-arg",
			      &apadd, &napadd, &aprm, &naprm, err)) < 0)
		return rc;
	if (o->nexec_env && (rc = parse_pairs(o->exec_env, o->nexec_env, "exec-env", &envadd,
					      &nenvadd, &envrm, &nenvrm, err)) < 0)
		goto out;
	/* validate() */
	if (!*S(o->name)) {
		rc = kube_err_set(err, KUBE_EINVAL, "you must specify a non-empty user name");
		goto out;
	}
	if (*S(o->token) && (*S(o->username) || *S(o->password))) {
		rc = kube_err_set(err, KUBE_EINVAL,
				  "you cannot specify more than one authentication method at the "
				  "same time: --token, --username/--password");
		goto out;
	}
	if (o->embed_certs) {
		if (!*S(o->client_certificate) && !*S(o->client_key)) {
			rc = kube_err_set(err, KUBE_EINVAL,
					  "you must specify a --client-certificate or --client-key "
					  "to embed");
			goto out;
		}
		if (*S(o->client_certificate) &&
		    (rc = stat_flag("client-certificate", o->client_certificate, err)) < 0)
			goto out;
		if (*S(o->client_key) && (rc = stat_flag("client-key", o->client_key, err)) < 0)
			goto out;
	}
	if ((rc = kcfg_load_edit(&c, lo, err)) < 0)
		goto out;
	existing = kcfg_find_user(c, o->name);
	x = existing ? kcfg_user_dup(existing) : calloc(1, sizeof(*x));
	if (!x || (!existing && !(x->name = kcfg_strdup(o->name))) ||
	    modify_user(x, o, apadd, napadd, aprm, naprm, envadd, nenvadd, envrm, nenvrm) < 0 ||
	    !(q = goq(o->name))) {
		kcfg_user_free(x);
		rc = oom(err);
		goto out;
	}
	if (kcfg_put_user(c, x) < 0) {
		rc = oom(err);
		goto out;
	}
	if ((rc = kcfg_modify(c, true, err)) < 0)
		goto out;
	kube_buf_printf(out, "User %s set.\n", q);
	rc = kube_buf_check(out, err);
out:
	pairs_free(apadd, napadd, aprm, naprm);
	pairs_free(envadd, nenvadd, envrm, nenvrm);
	free(q);
	kube_config_free(c);
	return rc;
}

int kube_config_cmd_delete_context(kube_buf *out, kube_buf *warn,
				   const kube_config_load_opts *lo, const char *name, kube_err *err)
{
	struct kube_config *c = NULL;
	kube_buf file = KUBE_BUF_INIT;
	bool was_current;
	int rc;

	if ((rc = kcfg_load_edit(&c, lo, err)) < 0)
		return rc;
	kube_buf_puts(&file, config_file(c));
	if ((rc = kube_buf_check(&file, err)) < 0)
		goto out;
	if (!kcfg_find_context(c, name)) {
		rc = kube_err_set(err, KUBE_ECONFIG, "cannot delete context %s, not in %s", S(name),
				  file.ptr);
		goto out;
	}
	was_current = !strcmp(S(c->current_context), S(name));
	kcfg_del_context(c, name);
	if ((rc = kcfg_modify(c, true, err)) < 0)
		goto out;
	if (was_current && warn)
		kube_buf_puts(warn, "warning: this removed your active context, use \"kubectl "
				    "config use-context\" to select a different one\n");
	kube_buf_printf(out, "deleted context %s from %s\n", S(name), file.ptr);
	rc = kube_buf_check(out, err);
out:
	kube_buf_release(&file);
	kube_config_free(c);
	return rc;
}

int kube_config_cmd_delete_cluster(kube_buf *out, const kube_config_load_opts *lo,
				   const char *name, kube_err *err)
{
	struct kube_config *c = NULL;
	kube_buf file = KUBE_BUF_INIT;
	int rc;

	if ((rc = kcfg_load_edit(&c, lo, err)) < 0)
		return rc;
	kube_buf_puts(&file, config_file(c));
	if ((rc = kube_buf_check(&file, err)) < 0)
		goto out;
	if (!kcfg_find_cluster(c, name)) {
		rc = kube_err_set(err, KUBE_ECONFIG, "cannot delete cluster %s, not in %s", S(name),
				  file.ptr);
		goto out;
	}
	kcfg_del_cluster(c, name);
	if ((rc = kcfg_modify(c, true, err)) < 0)
		goto out;
	kube_buf_printf(out, "deleted cluster %s from %s\n", S(name), file.ptr);
	rc = kube_buf_check(out, err);
out:
	kube_buf_release(&file);
	kube_config_free(c);
	return rc;
}

int kube_config_cmd_delete_user(kube_buf *out, const kube_config_load_opts *lo, const char *name,
				kube_err *err)
{
	struct kube_config *c = NULL;
	kube_buf file = KUBE_BUF_INIT;
	int rc;

	if ((rc = kcfg_load_edit(&c, lo, err)) < 0)
		return rc;
	kube_buf_puts(&file, config_file(c));
	if ((rc = kube_buf_check(&file, err)) < 0)
		goto out;
	if (!kcfg_find_user(c, name)) {
		rc = kube_err_set(err, KUBE_ECONFIG, "cannot delete user %s, not in %s", S(name),
				  file.ptr);
		goto out;
	}
	kcfg_del_user(c, name);
	if ((rc = kcfg_modify(c, true, err)) < 0)
		goto out;
	kube_buf_printf(out, "deleted user %s from %s\n", S(name), file.ptr);
	rc = kube_buf_check(out, err);
out:
	kube_buf_release(&file);
	kube_config_free(c);
	return rc;
}

int kube_config_cmd_rename_context(kube_buf *out, const kube_config_load_opts *lo,
				   const char *old_name, const char *new_name, kube_err *err)
{
	struct kube_config *c = NULL;
	struct kcfg_context *x;
	char *qo = NULL, *qn = NULL;
	const char *file;
	int rc;

	if (!*S(new_name))
		return kube_err_set(err, KUBE_EINVAL,
				    "You must specify a new non-empty context name");
	if ((rc = kcfg_load_edit(&c, lo, err)) < 0)
		return rc;
	file = config_file(c);
	if (!(qo = goq(old_name)) || !(qn = goq(new_name))) {
		rc = oom(err);
		goto out;
	}
	if (!kcfg_find_context(c, old_name)) {
		rc = kube_err_set(err, KUBE_ECONFIG, "cannot rename the context %s, it's not in %s",
				  qo, file);
		goto out;
	}
	if (kcfg_find_context(c, new_name)) {
		rc = kube_err_set(err, KUBE_ECONFIG,
				  "cannot rename the context %s, the context %s already exists in "
				  "%s",
				  qo, qn, file);
		goto out;
	}
	if (!(x = kcfg_context_dup(kcfg_find_context(c, old_name))) ||
	    kcfg_set_str(&x->name, new_name) < 0) {
		kcfg_context_free(x);
		rc = oom(err);
		goto out;
	}
	if (kcfg_put_context(c, x) < 0) {
		rc = oom(err);
		goto out;
	}
	kcfg_del_context(c, old_name);
	if (!strcmp(S(c->current_context), S(old_name)) &&
	    kcfg_set_str(&c->current_context, new_name) < 0) {
		rc = oom(err);
		goto out;
	}
	if ((rc = kcfg_modify(c, true, err)) < 0)
		goto out;
	kube_buf_printf(out, "Context %s renamed to %s.\n", qo, qn);
	rc = kube_buf_check(out, err);
out:
	free(qo);
	free(qn);
	kube_config_free(c);
	return rc;
}

/* ============================================================================================
 * `config set` / `config unset`: navigation over clientcmd's internal api.Config by json tags
 */

enum nk {
	NK_CONFIG,
	NK_PREFS,
	NK_CLUSTERS,
	NK_USERS,
	NK_CONTEXTS,
	NK_CLUSTER,
	NK_USER,
	NK_CONTEXT,
	NK_STRING,
	NK_BOOL,
	NK_BYTES,
	NK_STRSLICE,
	NK_EXTRA,
	NK_EXTS,
	NK_AUTHP,
	NK_EXEC,
};

static const char *const nk_goname[] = {
	[NK_CONFIG] = "api.Config",
	[NK_PREFS] = "api.Preferences",
	[NK_CLUSTERS] = "map[string]*api.Cluster",
	[NK_USERS] = "map[string]*api.AuthInfo",
	[NK_CONTEXTS] = "map[string]*api.Context",
	[NK_CLUSTER] = "api.Cluster",
	[NK_USER] = "api.AuthInfo",
	[NK_CONTEXT] = "api.Context",
	[NK_STRING] = "string",
	[NK_BOOL] = "bool",
	[NK_BYTES] = "[]uint8",
	[NK_STRSLICE] = "[]string",
	[NK_EXTRA] = "map[string][]string",
	[NK_EXTS] = "map[string]runtime.Object",
	[NK_AUTHP] = "*api.AuthProviderConfig",
	[NK_EXEC] = "*api.ExecConfig",
};

struct field {
	const char *tag;
	enum nk kind;
	int id; /* which member */
};

enum {
	F_KIND, F_APIVERSION, F_PREFS, F_CLUSTERS, F_USERS, F_CONTEXTS, F_CURRENT, F_EXTS,
	F_COLORS,
	F_SERVER, F_TLSNAME, F_INSECURE, F_CA, F_CADATA, F_PROXY, F_NOCOMPRESS,
	F_CERT, F_CERTDATA, F_KEY, F_KEYDATA, F_TOKEN, F_TOKENFILE, F_AS, F_ASUID, F_ASGROUPS,
	F_ASEXTRA, F_USERNAME, F_PASSWORD, F_AUTHP, F_EXEC,
	F_CTXCLUSTER, F_CTXUSER, F_NAMESPACE,
};

static const struct field config_fields[] = {
	{"kind", NK_STRING, F_KIND},	    {"apiVersion", NK_STRING, F_APIVERSION},
	{"preferences", NK_PREFS, F_PREFS}, {"clusters", NK_CLUSTERS, F_CLUSTERS},
	{"users", NK_USERS, F_USERS},	    {"contexts", NK_CONTEXTS, F_CONTEXTS},
	{"current-context", NK_STRING, F_CURRENT}, {"extensions", NK_EXTS, F_EXTS},
	{NULL, 0, 0},
};
static const struct field prefs_fields[] = {
	{"colors", NK_BOOL, F_COLORS},
	{"extensions", NK_EXTS, F_EXTS},
	{NULL, 0, 0},
};
static const struct field cluster_fields[] = {
	{"server", NK_STRING, F_SERVER},
	{"tls-server-name", NK_STRING, F_TLSNAME},
	{"insecure-skip-tls-verify", NK_BOOL, F_INSECURE},
	{"certificate-authority", NK_STRING, F_CA},
	{"certificate-authority-data", NK_BYTES, F_CADATA},
	{"proxy-url", NK_STRING, F_PROXY},
	{"disable-compression", NK_BOOL, F_NOCOMPRESS},
	{"extensions", NK_EXTS, F_EXTS},
	{NULL, 0, 0},
};
static const struct field user_fields[] = {
	{"client-certificate", NK_STRING, F_CERT},
	{"client-certificate-data", NK_BYTES, F_CERTDATA},
	{"client-key", NK_STRING, F_KEY},
	{"client-key-data", NK_BYTES, F_KEYDATA},
	{"token", NK_STRING, F_TOKEN},
	{"tokenFile", NK_STRING, F_TOKENFILE},
	{"act-as", NK_STRING, F_AS},
	{"act-as-uid", NK_STRING, F_ASUID},
	{"act-as-groups", NK_STRSLICE, F_ASGROUPS},
	{"act-as-user-extra", NK_EXTRA, F_ASEXTRA},
	{"username", NK_STRING, F_USERNAME},
	{"password", NK_STRING, F_PASSWORD},
	{"auth-provider", NK_AUTHP, F_AUTHP},
	{"exec", NK_EXEC, F_EXEC},
	{"extensions", NK_EXTS, F_EXTS},
	{NULL, 0, 0},
};
static const struct field context_fields[] = {
	{"cluster", NK_STRING, F_CTXCLUSTER},
	{"user", NK_STRING, F_CTXUSER},
	{"namespace", NK_STRING, F_NAMESPACE},
	{"extensions", NK_EXTS, F_EXTS},
	{NULL, 0, 0},
};

static const struct field *fields_of(enum nk k)
{
	switch (k) {
	case NK_CONFIG: return config_fields;
	case NK_PREFS: return prefs_fields;
	case NK_CLUSTER: return cluster_fields;
	case NK_USER: return user_fields;
	case NK_CONTEXT: return context_fields;
	default: return NULL;
	}
}

static bool has_tag(enum nk k, const char *tag)
{
	const struct field *f = fields_of(k);

	for (; f && f->tag; f++)
		if (!strcmp(f->tag, tag))
			return true;
	return false;
}

struct step {
	char *value;
	enum nk kind;
};

struct steps {
	struct step *v;
	size_t n;
};

static void steps_free(struct steps *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].value);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static int steps_add(struct steps *s, const char *v, size_t len, enum nk k)
{
	struct step *nv = realloc(s->v, (s->n + 1) * sizeof(*nv));

	if (!nv)
		return KUBE_ENOMEM;
	s->v = nv;
	if (!(nv[s->n].value = kcfg_strndup(v, len)))
		return KUBE_ENOMEM;
	nv[s->n++].kind = k;
	return 0;
}

/* Go's %v of the steps slice: [{clusters map[string]*api.Cluster} {c1 api.Cluster}] */
static void steps_print(kube_buf *b, const struct steps *s)
{
	size_t i;

	kube_buf_putc(b, '[');
	for (i = 0; i < s->n; i++)
		kube_buf_printf(b, "%s{%s %s}", i ? " " : "", s->v[i].value,
				nk_goname[s->v[i].kind]);
	kube_buf_putc(b, ']');
}

/* newNavigationSteps */
static int parse_steps(struct steps *s, const char *path, kube_err *err)
{
	const char *parts[128], *p = path, *dot;
	size_t lens[128], np = 0, i = 0, k;
	enum nk cur = NK_CONFIG, vk;
	const struct field *f;

	memset(s, 0, sizeof(*s));
	for (;;) {
		if (np == 128)
			return kube_err_set(err, KUBE_EINVAL, "property name too long");
		dot = strchr(p, '.');
		parts[np] = p;
		lens[np++] = dot ? (size_t)(dot - p) : strlen(p);
		if (!dot)
			break;
		p = dot + 1;
	}
	while (i < np) {
		switch (cur) {
		case NK_CLUSTERS:
		case NK_USERS:
		case NK_CONTEXTS:
			vk = cur == NK_CLUSTERS ? NK_CLUSTER
			     : cur == NK_USERS  ? NK_USER
						: NK_CONTEXT;
			/* the name may contain dots: it ends before the first known field tag */
			for (k = i + 1; k < np; k++) {
				char tag[128];

				if (lens[k] >= sizeof(tag))
					continue;
				memcpy(tag, parts[k], lens[k]);
				tag[lens[k]] = '\0';
				if (has_tag(vk, tag))
					break;
			}
			if (steps_add(s, parts[i], (size_t)(parts[k - 1] + lens[k - 1] - parts[i]),
				      vk) < 0)
				goto nomem;
			i = k;
			cur = vk;
			break;
		case NK_CONFIG:
		case NK_PREFS:
		case NK_CLUSTER:
		case NK_USER:
		case NK_CONTEXT:
			for (f = fields_of(cur); f->tag; f++)
				if (strlen(f->tag) == lens[i] &&
				    !strncmp(f->tag, parts[i], lens[i]))
					break;
			if (!f->tag) {
				kube_buf b = KUBE_BUF_INIT;

				kube_buf_printf(&b, "unable to parse %s after ", path);
				steps_print(&b, s);
				kube_buf_printf(&b, " at %s", nk_goname[cur]);
				if (b.failed) {
					kube_buf_release(&b);
					goto nomem;
				}
				kube_err_set(err, KUBE_ECONFIG, "%s", b.ptr);
				kube_buf_release(&b);
				steps_free(s);
				return KUBE_ECONFIG;
			}
			if (steps_add(s, parts[i], lens[i], f->kind) < 0)
				goto nomem;
			i++;
			cur = f->kind;
			break;
		case NK_EXTRA:
			steps_free(s);
			return kube_err_set(err, KUBE_ECONFIG, "string is not of type struct");
		default:
			steps_free(s);
			return kube_err_set(err, KUBE_ECONFIG,
					    "unable to parse one or more field values of %s", path);
		}
	}
	return 0;
nomem:
	steps_free(s);
	return oom(err);
}

/* strconv.ParseBool through kubectl's toBool ("" is false); -1 on bad input */
static int parse_bool(const char *v, bool *out)
{
	static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False"};
	size_t i;

	*out = false;
	if (!*S(v))
		return 0;
	for (i = 0; i < 6; i++) {
		if (!strcmp(v, t[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(v, f[i]))
			return 0;
	}
	return -1;
}

struct setctx {
	const char *value;
	bool unset, raw;
	kube_err *err;
};

/* Leaf values. */
static int set_string(char **dst, const struct setctx *sc, bool secret)
{
	char *n = NULL;

	if (!sc->unset && *S(sc->value) && !(n = kcfg_strdup(sc->value)))
		return oom(sc->err);
	if (secret)
		kcfg_wipe_str(*dst);
	else
		free(*dst);
	*dst = n;
	return 0;
}

static int set_bytes(struct kcfg_bytes *dst, const struct setctx *sc, bool secret)
{
	struct kcfg_bytes nb = {NULL, 0};
	size_t bad;
	int r;

	if (!sc->unset) {
		if (sc->raw) {
			size_t n = strlen(S(sc->value));

			if (n) {
				if (!(nb.p = malloc(n)))
					return oom(sc->err);
				memcpy(nb.p, sc->value, n);
				nb.n = n;
			}
		} else if ((r = kcfg_b64_decode(S(sc->value), strlen(S(sc->value)), &nb, &bad)) <
			   0) {
			if (r == -2)
				return oom(sc->err);
			return kube_err_set(sc->err, KUBE_ECONFIG,
					    "error decoding input value: illegal base64 data at "
					    "input byte %zu",
					    bad);
		}
	}
	kcfg_bytes_free(dst, secret);
	*dst = nb;
	return 0;
}

static int set_bool(bool *dst, const struct setctx *sc)
{
	bool v;

	if (sc->unset) {
		*dst = false;
		return 0;
	}
	if (parse_bool(sc->value, &v) < 0) {
		char *q = goq(sc->value);

		kube_err_set(sc->err, KUBE_ECONFIG, "strconv.ParseBool: parsing %s: invalid syntax",
			     S(q));
		free(q);
		return KUBE_ECONFIG;
	}
	*dst = v;
	return 0;
}

/* "can't set a map to a value: map[...]" (Go prints the pointers; we print the names) */
static int map_value_error(const struct kube_config *c, enum nk k, kube_err *err)
{
	kube_config_section sec = k == NK_CLUSTERS ? KUBE_CONFIG_CLUSTERS
				  : k == NK_USERS  ? KUBE_CONFIG_USERS
						   : KUBE_CONFIG_CONTEXTS;
	kube_buf b = KUBE_BUF_INIT;
	size_t i, n = kube_config_count(c, sec);

	kube_buf_puts(&b, "can't set a map to a value: map[");
	for (i = 0; i < n; i++)
		kube_buf_printf(&b, "%s%s:%p", i ? " " : "", kube_config_name(c, sec, i),
				(const void *)c);
	kube_buf_putc(&b, ']');
	if (b.failed) {
		kube_buf_release(&b);
		return oom(err);
	}
	kube_err_set(err, KUBE_ECONFIG, "%s", b.ptr);
	kube_buf_release(&b);
	return KUBE_ECONFIG;
}

static int leaf_error(enum nk k, const struct setctx *sc)
{
	if (k == NK_STRSLICE)
		return kube_err_set(sc->err, KUBE_ECONFIG, "unrecognized slice type. string");
	if (k == NK_EXTS && !sc->unset)
		return kube_err_set(sc->err, KUBE_ECONFIG, "can't set a map to a value: map[]");
	return kube_err_set(sc->err, KUBE_ECONFIG, "unrecognized type: %s", nk_goname[k]);
}

static int apply_field(struct kube_config *c, void *obj, enum nk owner, const struct step *st,
		       bool last, const struct setctx *sc, int id);

/* modifyConfig over the parsed steps */
static int apply_steps(struct kube_config *c, const struct steps *s, const struct setctx *sc)
{
	const struct field *f;
	void *obj = c;
	enum nk owner = NK_CONFIG;
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct step *st = &s->v[i];
		bool last = i + 1 == s->n;

		switch (owner) {
		case NK_CLUSTERS:
		case NK_USERS:
		case NK_CONTEXTS: {
			void *e = owner == NK_CLUSTERS ? (void *)kcfg_find_cluster(c, st->value)
				  : owner == NK_USERS  ? (void *)kcfg_find_user(c, st->value)
						       : (void *)kcfg_find_context(c, st->value);

			if (last && !sc->unset)
				return map_value_error(c, owner, sc->err);
			if (last && sc->unset) {
				if (owner == NK_CLUSTERS)
					kcfg_del_cluster(c, st->value);
				else if (owner == NK_USERS)
					kcfg_del_user(c, st->value);
				else
					kcfg_del_context(c, st->value);
				return 0;
			}
			if (!e) {
				int r;

				if (sc->unset)
					return kube_err_set(sc->err, KUBE_ECONFIG,
							    "current map key `%s` is invalid",
							    st->value);
				if (owner == NK_CLUSTERS) {
					struct kcfg_cluster *x = calloc(1, sizeof(*x));

					if (!x || !(x->name = kcfg_strndup(st->value,
									   strlen(st->value)))) {
						kcfg_cluster_free(x);
						return oom(sc->err);
					}
					r = kcfg_put_cluster(c, x);
					e = x;
				} else if (owner == NK_USERS) {
					struct kcfg_user *x = calloc(1, sizeof(*x));

					if (!x || !(x->name = kcfg_strndup(st->value,
									   strlen(st->value)))) {
						kcfg_user_free(x);
						return oom(sc->err);
					}
					r = kcfg_put_user(c, x);
					e = x;
				} else {
					struct kcfg_context *x = calloc(1, sizeof(*x));

					if (!x || !(x->name = kcfg_strndup(st->value,
									   strlen(st->value)))) {
						kcfg_context_free(x);
						return oom(sc->err);
					}
					r = kcfg_put_context(c, x);
					e = x;
				}
				if (r < 0)
					return oom(sc->err);
			}
			obj = e;
			owner = st->kind;
			break;
		}
		case NK_CONFIG:
		case NK_PREFS:
		case NK_CLUSTER:
		case NK_USER:
		case NK_CONTEXT:
			for (f = fields_of(owner); f->tag; f++)
				if (!strcmp(f->tag, st->value))
					break;
			if (st->kind == NK_CLUSTERS || st->kind == NK_USERS ||
			    st->kind == NK_CONTEXTS) {
				if (last && sc->unset) {
					size_t k;

					for (k = c->nclusters; st->kind == NK_CLUSTERS && k-- > 0;)
						kcfg_del_cluster(c, c->clusters[k]->name);
					for (k = c->nusers; st->kind == NK_USERS && k-- > 0;)
						kcfg_del_user(c, c->users[k]->name);
					for (k = c->ncontexts; st->kind == NK_CONTEXTS && k-- > 0;)
						kcfg_del_context(c, c->contexts[k]->name);
					return 0;
				}
				if (last)
					return map_value_error(c, st->kind, sc->err);
				owner = st->kind;
				break;
			}
			if (st->kind == NK_PREFS) {
				if (last && sc->unset) {
					c->colors = false;
					kcfg_exts_free(&c->pref_ext);
					return 0;
				}
				if (last)
					return kube_err_set(
						sc->err, KUBE_ECONFIG,
						"unable to locate path "
						"config.navigationStep{stepValue:\"\", "
						"stepType:reflect.Type(nil)} under {%s map[]}",
						c->colors ? "true" : "false");
				owner = NK_PREFS;
				break;
			}
			return apply_field(c, obj, owner, st, last, sc, f->id);
		default:
			return leaf_error(owner, sc);
		}
	}
	return 0;
}

static int apply_field(struct kube_config *c, void *obj, enum nk owner, const struct step *st,
		       bool last, const struct setctx *sc, int id)
{
	struct kcfg_cluster *cl = owner == NK_CLUSTER ? obj : NULL;
	struct kcfg_user *u = owner == NK_USER ? obj : NULL;
	struct kcfg_context *cx = owner == NK_CONTEXT ? obj : NULL;
	struct kcfg_exts *ext = NULL;

	if (!last)
		return leaf_error(st->kind, sc);
	switch (st->kind) {
	case NK_STRING:
		switch (id) {
		case F_KIND: return set_string(&c->kind, sc, false);
		case F_APIVERSION: return set_string(&c->api_version, sc, false);
		case F_CURRENT: return set_string(&c->current_context, sc, false);
		case F_SERVER: return set_string(&cl->server, sc, false);
		case F_TLSNAME: return set_string(&cl->tls_server_name, sc, false);
		case F_CA: return set_string(&cl->ca, sc, false);
		case F_PROXY: return set_string(&cl->proxy_url, sc, false);
		case F_CERT: return set_string(&u->cert, sc, false);
		case F_KEY: return set_string(&u->key, sc, false);
		case F_TOKEN: return set_string(&u->token, sc, true);
		case F_TOKENFILE: return set_string(&u->token_file, sc, false);
		case F_AS: return set_string(&u->as, sc, false);
		case F_ASUID: return set_string(&u->as_uid, sc, false);
		case F_USERNAME: return set_string(&u->username, sc, false);
		case F_PASSWORD: return set_string(&u->password, sc, true);
		case F_CTXCLUSTER: return set_string(&cx->cluster, sc, false);
		case F_CTXUSER: return set_string(&cx->user, sc, false);
		case F_NAMESPACE: return set_string(&cx->ns, sc, false);
		}
		break;
	case NK_BOOL:
		switch (id) {
		case F_COLORS: return set_bool(&c->colors, sc);
		case F_INSECURE: return set_bool(&cl->insecure, sc);
		case F_NOCOMPRESS: return set_bool(&cl->disable_compression, sc);
		}
		break;
	case NK_BYTES:
		switch (id) {
		case F_CADATA: return set_bytes(&cl->ca_data, sc, false);
		case F_CERTDATA: return set_bytes(&u->cert_data, sc, false);
		case F_KEYDATA: return set_bytes(&u->key_data, sc, true);
		}
		break;
	case NK_EXTS:
		ext = owner == NK_CONFIG ? &c->ext : owner == NK_PREFS ? &c->pref_ext
			: cl ? &cl->ext : u ? &u->ext : &cx->ext;
		if (sc->unset) {
			/* a nil map becomes an empty one, which clientcmd sees as a change */
			if (!ext->n) {
				if (owner == NK_PREFS)
					c->prefs_touched = true;
				else if (cl)
					cl->touched = true;
				else if (u)
					u->touched = true;
				else if (cx)
					cx->touched = true;
			}
			kcfg_exts_free(ext);
			return 0;
		}
		return leaf_error(NK_EXTS, sc);
	case NK_STRSLICE:
		if (sc->unset) {
			kcfg_strv_free(&u->as_groups);
			return 0;
		}
		return leaf_error(NK_STRSLICE, sc);
	case NK_EXTRA:
		if (sc->unset) {
			size_t i;

			if (!u->nextra)
				u->touched = true;

			for (i = 0; i < u->nextra; i++) {
				free(u->extra[i].key);
				kcfg_strv_free(&u->extra[i].vals);
			}
			free(u->extra);
			u->extra = NULL;
			u->nextra = 0;
			return 0;
		}
		return kube_err_set(sc->err, KUBE_ECONFIG, "can't set a map to a value: map[]");
	case NK_AUTHP:
		if (sc->unset) {
			/* free the provider through a throwaway user */
			struct kcfg_user *t = calloc(1, sizeof(*t));

			if (!t)
				return oom(sc->err);
			t->authp = u->authp;
			u->authp = NULL;
			kcfg_user_free(t);
			return 0;
		}
		return leaf_error(NK_AUTHP, sc);
	case NK_EXEC:
		if (sc->unset) {
			struct kcfg_user *t = calloc(1, sizeof(*t));

			if (!t)
				return oom(sc->err);
			t->exec = u->exec;
			u->exec = NULL;
			kcfg_user_free(t);
			return 0;
		}
		return leaf_error(NK_EXEC, sc);
	default:
		break;
	}
	return leaf_error(st->kind, sc);
}

static int set_or_unset(kube_buf *out, const kube_config_load_opts *lo, const char *prop,
			const char *value, bool unset, bool raw, kube_err *err)
{
	struct kube_config *c = NULL;
	struct steps s = {NULL, 0};
	struct setctx sc = {value, unset, raw, err};
	char *q = NULL;
	int rc;

	if (!unset && !*S(value))
		return kube_err_set(err, KUBE_EINVAL, "you cannot use set to unset a property");
	if (!*S(prop))
		return kube_err_set(err, KUBE_EINVAL, "you must specify a property");
	if ((rc = kcfg_load_edit(&c, lo, err)) < 0)
		return rc;
	if ((rc = parse_steps(&s, prop, err)) < 0)
		goto out;
	if ((rc = apply_steps(c, &s, &sc)) < 0)
		goto out;
	if ((rc = kcfg_modify(c, false, err)) < 0)
		goto out;
	if (!(q = goq(prop))) {
		rc = oom(err);
		goto out;
	}
	kube_buf_printf(out, "Property %s %s.\n", q, unset ? "unset" : "set");
	rc = kube_buf_check(out, err);
out:
	free(q);
	steps_free(&s);
	kube_config_free(c);
	return rc;
}

int kube_config_cmd_set(kube_buf *out, const kube_config_load_opts *lo, const char *property,
			const char *value, bool raw_bytes, kube_err *err)
{
	return set_or_unset(out, lo, property, value, false, raw_bytes, err);
}

int kube_config_cmd_unset(kube_buf *out, const kube_config_load_opts *lo, const char *property,
			  kube_err *err)
{
	return set_or_unset(out, lo, property, "", true, true, err);
}
