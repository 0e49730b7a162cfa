/* kubectl's preferences file (kuberc): reading and validation. Applying it to a command line
 * needs the command tree and is the program's part (cmd/kuberc.c in kubec). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kube/codec.h>
#include <kube/kuberc.h>
#include <kube/obj.h>

#include "config-internal.h"
#include "banned.h"

static void options_free(kube_kuberc_option *o, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(o[i].name);
		free(o[i].value);
	}
	free(o);
}

static void strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void kube_kuberc_free(kube_kuberc *k)
{
	size_t i;

	if (!k)
		return;
	for (i = 0; i < k->naliases; i++) {
		kube_kuberc_alias *a = &k->aliases[i];

		free(a->name);
		free(a->command);
		strv_free(a->prepend_args, a->nprepend_args);
		strv_free(a->append_args, a->nappend_args);
		options_free(a->options, a->noptions);
	}
	free(k->aliases);
	for (i = 0; i < k->ndefaults; i++) {
		free(k->defaults[i].command);
		options_free(k->defaults[i].options, k->defaults[i].noptions);
	}
	free(k->defaults);
	free(k);
}

/* ---- decoding a Preference: strict (unknown fields listed) and lenient (type errors fail) */

struct dec {
	kube_buf unknown; /* `unknown field "a.b", unknown field "c"` */
	bool bad;         /* a type error: the document is no usable Preference */
	bool oom;
};

static void unknown(struct dec *d, const char *path, const char *key)
{
	kube_buf_printf(&d->unknown, "%sunknown field \"%s%s%s\"", d->unknown.len ? ", " : "",
			path, *path ? "." : "", key);
}

static char *empty(struct dec *d)
{
	char *s = strdup("");

	if (!s)
		d->oom = true;
	return s;
}

/* a string field; absent or null is NULL */
static char *str_field(struct dec *d, const kube_obj *v)
{
	char *s;

	if (!v || kube_obj_type_of(v) == KUBE_OBJ_NULL)
		return NULL;
	if (kube_obj_type_of(v) != KUBE_OBJ_STRING) {
		d->bad = true;
		return NULL;
	}
	if (!(s = strdup(kube_obj_str(v))))
		d->oom = true;
	return s;
}

/* A list field: NULL (and *n 0) when absent or null; a type error marks the document bad.
 * Else a zeroed array of len + 1 elements of size bytes (*n is set by the caller). */
static void *list_field(struct dec *d, const kube_obj *v, size_t size, size_t *n)
{
	void *out;

	*n = 0;
	if (!v || kube_obj_type_of(v) == KUBE_OBJ_NULL)
		return NULL;
	if (kube_obj_type_of(v) != KUBE_OBJ_ARRAY) {
		d->bad = true;
		return NULL;
	}
	if (!(out = calloc(kube_obj_len(v) + 1, size)))
		d->oom = true;
	return out;
}

static char **strv_field(struct dec *d, const kube_obj *v, size_t *n)
{
	char **out = list_field(d, v, sizeof(*out), n);
	size_t i;

	for (i = 0; out && i < kube_obj_len(v); i++) {
		out[i] = str_field(d, kube_obj_at(v, i));
		if (!out[i] && !d->bad && !d->oom)
			out[i] = empty(d);
		(*n)++;
	}
	return out;
}

static kube_kuberc_option *options_field(struct dec *d, const kube_obj *v, const char *path,
					 size_t *n)
{
	kube_kuberc_option *out = list_field(d, v, sizeof(*out), n);
	kube_buf p = KUBE_BUF_INIT;
	size_t i;

	for (i = 0; out && i < kube_obj_len(v); i++) {
		const kube_obj *o = kube_obj_at(v, i), *m;

		if (kube_obj_type_of(o) != KUBE_OBJ_OBJECT) {
			d->bad = true;
			break;
		}
		kube_buf_truncate(&p, 0);
		kube_buf_printf(&p, "%s[%zu]", path, i);
		kube_obj_foreach(m, o) {
			const char *k = kube_obj_key(m);

			if (strcmp(k, "name") && strcmp(k, "default"))
				unknown(d, p.ptr ? p.ptr : "", k);
		}
		out[i].name = str_field(d, kube_obj_get(o, "name"));
		out[i].value = str_field(d, kube_obj_get(o, "default"));
		if (!out[i].name)
			out[i].name = empty(d);
		if (!out[i].value)
			out[i].value = empty(d);
		(*n)++;
	}
	kube_buf_release(&p);
	return out;
}

static void decode_alias(struct dec *d, const kube_obj *o, size_t i, kube_kuberc_alias *a)
{
	static const char *const known[] = {"name", "command", "prependArgs", "appendArgs",
					    "options", NULL};
	const kube_obj *m;
	kube_buf p = KUBE_BUF_INIT;
	size_t k;

	if (kube_obj_type_of(o) != KUBE_OBJ_OBJECT) {
		d->bad = true;
		return;
	}
	kube_buf_printf(&p, "aliases[%zu]", i);
	kube_obj_foreach(m, o) {
		for (k = 0; known[k] && strcmp(known[k], kube_obj_key(m)); k++)
			;
		if (!known[k])
			unknown(d, p.ptr ? p.ptr : "", kube_obj_key(m));
	}
	a->name = str_field(d, kube_obj_get(o, "name"));
	a->command = str_field(d, kube_obj_get(o, "command"));
	a->prepend_args = strv_field(d, kube_obj_get(o, "prependArgs"), &a->nprepend_args);
	a->append_args = strv_field(d, kube_obj_get(o, "appendArgs"), &a->nappend_args);
	kube_buf_puts(&p, ".options");
	a->options = options_field(d, kube_obj_get(o, "options"), p.ptr ? p.ptr : "",
				   &a->noptions);
	if (!a->name)
		a->name = empty(d);
	if (!a->command)
		a->command = empty(d);
	kube_buf_release(&p);
}

static void decode_default(struct dec *d, const kube_obj *o, size_t i, kube_kuberc_default *def)
{
	const kube_obj *m;
	kube_buf p = KUBE_BUF_INIT;

	if (kube_obj_type_of(o) != KUBE_OBJ_OBJECT) {
		d->bad = true;
		return;
	}
	kube_buf_printf(&p, "defaults[%zu]", i);
	kube_obj_foreach(m, o)
		if (strcmp(kube_obj_key(m), "command") && strcmp(kube_obj_key(m), "options"))
			unknown(d, p.ptr ? p.ptr : "", kube_obj_key(m));
	def->command = str_field(d, kube_obj_get(o, "command"));
	kube_buf_puts(&p, ".options");
	def->options = options_field(d, kube_obj_get(o, "options"), p.ptr ? p.ptr : "",
				     &def->noptions);
	if (!def->command)
		def->command = empty(d);
	kube_buf_release(&p);
}

/* Whether doc is a Preference of a version kubectl knows. */
static bool is_preference(const kube_obj *doc)
{
	const char *av = kube_obj_str(kube_obj_get(doc, "apiVersion"));
	const char *kind = kube_obj_str(kube_obj_get(doc, "kind"));

	return av && kind && !strcmp(kind, "Preference") &&
	       (!strcmp(av, "kubectl.config.k8s.io/v1alpha1") ||
		!strcmp(av, "kubectl.config.k8s.io/v1beta1"));
}

static kube_kuberc *decode(const kube_obj *doc, struct dec *d)
{
	static const char *const known[] = {"apiVersion", "kind", "aliases", "defaults",
					    "credentialPluginPolicy", "credentialPluginAllowlist",
					    NULL};
	kube_kuberc *k = calloc(1, sizeof(*k));
	const kube_obj *v, *m;
	size_t i;

	if (!k) {
		d->oom = true;
		return NULL;
	}
	kube_obj_foreach(m, doc) {
		for (i = 0; known[i] && strcmp(known[i], kube_obj_key(m)); i++)
			;
		if (!known[i])
			unknown(d, "", kube_obj_key(m));
	}
	if ((v = kube_obj_get(doc, "aliases")) && kube_obj_type_of(v) != KUBE_OBJ_NULL) {
		if (kube_obj_type_of(v) != KUBE_OBJ_ARRAY)
			d->bad = true;
		else if (kube_obj_len(v) &&
			 !(k->aliases = calloc(kube_obj_len(v), sizeof(*k->aliases))))
			d->oom = true;
		for (i = 0; k->aliases && i < kube_obj_len(v); i++, k->naliases++)
			decode_alias(d, kube_obj_at(v, i), i, &k->aliases[i]);
	}
	if ((v = kube_obj_get(doc, "defaults")) && kube_obj_type_of(v) != KUBE_OBJ_NULL) {
		if (kube_obj_type_of(v) != KUBE_OBJ_ARRAY)
			d->bad = true;
		else if (kube_obj_len(v) &&
			 !(k->defaults = calloc(kube_obj_len(v), sizeof(*k->defaults))))
			d->oom = true;
		for (i = 0; k->defaults && i < kube_obj_len(v); i++, k->ndefaults++)
			decode_default(d, kube_obj_at(v, i), i, &k->defaults[i]);
	}
	if (d->bad || d->oom) {
		kube_kuberc_free(k);
		return NULL;
	}
	return k;
}

struct walk {
	size_t attempted;
	kube_kuberc *found;
	kube_buf strict; /* the unknown fields of the one used */
	bool oom;
};

static int on_doc(kube_obj *doc, size_t index, void *payload)
{
	struct walk *w = payload;
	struct dec d = {KUBE_BUF_INIT, false, false};

	(void)index;
	w->attempted++;
	if (!w->found && kube_obj_type_of(doc) == KUBE_OBJ_OBJECT && is_preference(doc)) {
		w->found = decode(doc, &d);
		if (d.oom)
			w->oom = true;
		if (w->found && d.unknown.len)
			kube_buf_put(&w->strict, d.unknown.ptr, d.unknown.len);
	}
	kube_buf_release(&d.unknown);
	kube_obj_free(doc);
	return w->found || w->oom ? KUBE_ECANCELED : 0;
}

int kube_kuberc_load(kube_kuberc **out, const char *path, kube_buf *warning, kube_err *err)
{
	const char *off = getenv("KUBERC"), *home = getenv("HOME"), *op;
	bool explicitly = path && *path;
	struct walk w = {0, NULL, KUBE_BUF_INIT, false};
	kube_buf def = KUBE_BUF_INIT;
	char *data = NULL;
	size_t len = 0;
	int rc = 0, e;

	*out = NULL;
	if (off && !strcmp(off, "off")) {
		if (explicitly)
			return kube_err_set(err, KUBE_EINVAL, "disabling kuberc via KUBERC=off and "
						    "passing kuberc flag are mutually exclusive");
		return 0;
	}
	if (!explicitly) {
		kube_buf_printf(&def, "%s/.kube/kuberc", home ? home : "");
		if (def.failed)
			return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		path = def.ptr;
	}
	if ((e = kcfg_read_file(path, &data, &len, &op)) < 0) {
		if (e == -ENOMEM) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		} else if (explicitly) {
			rc = kube_err_set(err, KUBE_ECONFIG, "kuberc: %s %s: %s", op, path,
					  kcfg_errno_text(-e));
		} else if (e != -ENOENT && warning) {
			kube_buf_printf(warning, "kuberc: no preferences loaded from %s: %s %s: %s",
					path, op, path, kcfg_errno_text(-e));
		}
		goto out;
	}
	/* documents that fail to parse are skipped as kubectl skips them */
	kube_yaml_parse_all(data, len, 0, on_doc, &w, NULL);
	if (w.oom) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	if (w.found) {
		if (w.strict.len && warning)
			kube_buf_printf(warning, "kuberc: ignoring strict decoding error in %s: "
						 "strict decoding error: %.*s",
					path, (int)w.strict.len, w.strict.ptr);
		*out = w.found;
		w.found = NULL;
	} else if (w.attempted) {
		if (explicitly)
			rc = kube_err_set(err, KUBE_ECONFIG, "kuberc: no valid preferences found in "
							     "%s, use --v=5 to see details",
					  path);
		else if (warning)
			kube_buf_printf(warning, "kuberc: no preferences loaded from %s: no valid "
						 "preferences found in %s, use --v=5 to see details",
					path, path);
	}
out:
	kube_kuberc_free(w.found);
	kube_buf_release(&w.strict);
	kube_buf_release(&def);
	free(data);
	return rc;
}

static bool alpha_only(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			return false;
	return true;
}

static int check_flags(const kube_kuberc_option *o, size_t n, kube_err *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (o[i].name[0] == '-')
			return kube_err_set(err, KUBE_EINVAL,
					    "flag name %s should be in long form without dashes",
					    o[i].name);
	return 0;
}

int kube_kuberc_validate(const kube_kuberc *k, kube_err *err)
{
	size_t i, j;
	int rc;

	for (i = 0; i < k->naliases; i++) {
		if (!alpha_only(k->aliases[i].name))
			return kube_err_set(err, KUBE_EINVAL, "invalid alias name, can only include "
							      "alphabetical characters");
		if ((rc = check_flags(k->aliases[i].options, k->aliases[i].noptions, err)) < 0)
			return rc;
		for (j = 0; j < i; j++)
			if (!strcmp(k->aliases[j].name, k->aliases[i].name))
				return kube_err_set(err, KUBE_EINVAL, "duplicate alias name %s",
						    k->aliases[i].name);
	}
	for (i = 0; i < k->ndefaults; i++)
		if ((rc = check_flags(k->defaults[i].options, k->defaults[i].noptions, err)) < 0)
			return rc;
	return 0;
}
