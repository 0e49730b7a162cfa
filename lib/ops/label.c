/* kubectl label and kubectl annotate: KEY=VALUE and KEY- pairs, --overwrite checks, --list, a
 * JSON merge patch of metadata.labels / metadata.annotations. See include/kube/mutate.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kube/mutate.h>

#include "mutate-internal.h"
#include "banned.h"

#define OOM(err) kube_err_set(err, KUBE_ENOMEM, "out of memory")

/* cmdutil.GetResourcesAndPairs: is the word a pair (KEY=VALUE or KEY-)? */
static bool is_pair(const char *s)
{
	size_t n = strlen(s);

	return (strchr(s, '=') && s[0] != '=') || (n > 0 && s[n - 1] == '-' && strcmp(s, "-"));
}

/* validation.IsValidLabelValue; messages joined with ';' */
static bool label_value_ok(const char *v, kube_buf *msg)
{
	size_t n = strlen(v), i;
	bool ok = true, re = true;

	if (n > 63) {
		kube_buf_puts(msg, "must be no more than 63 characters");
		ok = false;
	}
	if (n) {
		for (i = 0; i < n; i++) {
			char c = v[i];
			bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				     (c >= '0' && c <= '9');

			if (!alnum && ((i == 0 || i == n - 1) || (c != '-' && c != '_' && c != '.')))
				re = false;
		}
	}
	if (!re) {
		if (!ok)
			kube_buf_putc(msg, ';');
		kube_buf_puts(msg, "a valid label must be an empty string or consist of alphanumeric "
				   "characters, '-', '_' or '.', and must start and end with an "
				   "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
				   "regex used for validation is "
				   "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
		ok = false;
	}
	return ok;
}

struct pairs {
	kube_obj *set;     /* key -> value (sorted) */
	char **remove;
	size_t nremove;
};

static void pairs_release(struct pairs *p)
{
	size_t i;

	kube_obj_free(p->set);
	for (i = 0; i < p->nremove; i++)
		free(p->remove[i]);
	free(p->remove);
	memset(p, 0, sizeof(*p));
}

static int push_remove(struct pairs *p, const char *s, size_t n, kube_err *err)
{
	char **nv = realloc(p->remove, (p->nremove + 1) * sizeof(*nv));
	char *k;

	if (!nv)
		return OOM(err);
	p->remove = nv;
	if (!(k = malloc(n + 1)))
		return OOM(err);
	memcpy(k, s, n);
	k[n] = '\0';
	p->remove[p->nremove++] = k;
	return 0;
}

/* label's parseLabels */
static int parse_label_pairs(struct pairs *p, char *const *args, size_t n, kube_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		const char *s = args[i], *eq = strchr(s, '=');

		if (eq) {
			kube_buf msg = KUBE_BUF_INIT;
			char *key;

			if (strchr(eq + 1, '='))
				return kube_err_set(err, KUBE_EINVAL, "invalid label spec: %s", s);
			if (!label_value_ok(eq + 1, &msg)) {
				kube_buf q = KUBE_BUF_INIT;

				kube_go_quote(&q, s);
				kube_err_set(err, KUBE_EINVAL, "invalid label value: %s: %s", q.ptr,
					     msg.ptr);
				kube_buf_release(&q);
				kube_buf_release(&msg);
				return KUBE_EINVAL;
			}
			kube_buf_release(&msg);
			if (!(key = malloc((size_t)(eq - s) + 1)))
				return OOM(err);
			memcpy(key, s, (size_t)(eq - s));
			key[eq - s] = '\0';
			rc = mut_set_sorted(p->set, key, kube_obj_new_string(eq + 1));
			free(key);
			if (rc < 0)
				return OOM(err);
		} else if (strlen(s) && s[strlen(s) - 1] == '-') {
			if ((rc = push_remove(p, s, strlen(s) - 1, err)) < 0)
				return rc;
		} else {
			return kube_err_set(err, KUBE_EINVAL, "unknown label spec: %s", s);
		}
	}
	for (i = 0; i < p->nremove; i++)
		if (kube_obj_get(p->set, p->remove[i]))
			return kube_err_set(err, KUBE_EINVAL,
					    "can not both modify and remove a label in the same "
					    "command");
	return 0;
}

/* annotate's cmdutil.ParsePairs(..., "annotation", true) */
static int parse_annotation_pairs(struct pairs *p, char *const *args, size_t n, kube_err *err)
{
	kube_buf bad = KUBE_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		const char *s = args[i], *eq = strchr(s, '=');
		size_t len = strlen(s);

		if (eq && s[0] != '=') {
			char *key = malloc((size_t)(eq - s) + 1);

			if (!key) {
				rc = OOM(err);
				break;
			}
			memcpy(key, s, (size_t)(eq - s));
			key[eq - s] = '\0';
			if (mut_set_sorted(p->set, key, kube_obj_new_string(eq + 1)) < 0)
				rc = OOM(err);
			free(key);
		} else if (len && s[len - 1] == '-' && strcmp(s, "-")) {
			rc = push_remove(p, s, len - 1, err);
		} else {
			kube_buf_printf(&bad, "%s%s", bad.len ? ", " : "", s);
		}
	}
	if (rc == 0 && bad.len)
		rc = kube_err_set(err, KUBE_EINVAL, "invalid annotation format: %s", bad.ptr);
	kube_buf_release(&bad);
	return rc;
}

/* Split args, parse the pairs and run kubectl's Complete/Validate checks in its order. */
static int check(const kube_label_opts *o, char *const *args, size_t n, size_t *nres,
		 struct pairs *p, kube_err *err)
{
	const char *what = o->annotate ? "annotation" : "label";
	bool local = o->sel.local, files = o->have_files;
	size_t i, k = 0;
	int rc;

	*nres = 0;
	memset(p, 0, sizeof(*p));
	if (!(p->set = kube_obj_new_object()))
		return OOM(err);
	if (o->annotate && o->list && o->output_set)
		return kube_err_set(err, KUBE_EINVAL, "--list and --output may not be specified "
						      "together");
	/* GetResourcesAndPairs */
	for (i = 0; i < n; i++) {
		bool pair = is_pair(args[i]);

		if (pair && !k)
			k = i + 1;
		if (!pair && k)
			return kube_err_set(err, KUBE_EINVAL,
					    "all resources must be specified before %s changes: %s",
					    what, args[i]);
	}
	*nres = k ? k - 1 : n;
	rc = o->annotate ? parse_annotation_pairs(p, args + *nres, n - *nres, err)
			 : parse_label_pairs(p, args + *nres, n - *nres, err);
	if (rc < 0)
		return rc;
	if (!o->annotate && o->list && o->output_set)
		return kube_err_set(err, KUBE_EINVAL, "--list and --output may not be specified "
						      "together");
	/* Validate() */
	if (o->sel.all && o->sel.selector && *o->sel.selector)
		return kube_err_set(err, KUBE_EINVAL, "cannot set --all and --selector at the same "
						      "time");
	if (o->sel.all && o->sel.field_selector && *o->sel.field_selector)
		return kube_err_set(err, KUBE_EINVAL, "cannot set --all and --field-selector at the "
						      "same time");
	if (local) {
		const char *f = o->annotate ? "rsrc" : "pod";

		if (o->dry_run == KUBE_DRY_RUN_SERVER)
			return kube_err_set(err, KUBE_EINVAL,
					    "cannot specify --local and --dry-run=server - did you "
					    "mean --dry-run=client?");
		if (*nres > 0)
			return kube_err_set(err, KUBE_EINVAL,
					    "can only use local files by -f %s.yaml or --filename=%s.json "
					    "when --local=true is set",
					    f, f);
		if (!files)
			return kube_err_set(err, KUBE_EINVAL,
					    "one or more files must be specified as -f %s.yaml or "
					    "--filename=%s.json",
					    f, f);
	} else if (*nres < 1 && !files) {
		return kube_err_set(err, KUBE_EINVAL,
				    "one or more resources must be specified as <resource> <name> or "
				    "<resource>/<name>");
	}
	if (!kube_obj_len(p->set) && !p->nremove && !o->list)
		return kube_err_set(err, KUBE_EINVAL, "at least one %s update is required", what);
	if (o->annotate) {
		kube_buf both = KUBE_BUF_INIT;

		for (i = 0; i < p->nremove; i++)
			if (kube_obj_get(p->set, p->remove[i]))
				kube_buf_printf(&both, "%s%s", both.len ? ", " : "", p->remove[i]);
		if (both.len) {
			kube_err_set(err, KUBE_EINVAL,
				     "can not both modify and remove the following annotation(s) in "
				     "the same command: %s",
				     both.ptr);
			kube_buf_release(&both);
			return KUBE_EINVAL;
		}
		kube_buf_release(&both);
	}
	return 0;
}

int kube_label_check(const kube_label_opts *o, char *const *args, size_t n, size_t *nres,
		     kube_err *err)
{
	struct pairs p;
	int rc = check(o, args, n, nres, &p, err);

	pairs_release(&p);
	return rc;
}

struct label_run {
	kube_client *c;
	const kube_label_opts *o;
	const kube_mutate_out *out;
	struct mut_visit *v;
	struct pairs p;
	bool one;
};

enum change { CH_NONE = 0, CH_SET = 1, CH_REMOVE = 2 };

/* Apply the pairs to obj's map (labels or annotations). Fills patch (the map part of the merge
 * patch) and returns the kinds of change made, or < 0. */
static int update_map(struct label_run *l, kube_obj *obj, kube_obj *patch, kube_err *err)
{
	const char *field = l->o->annotate ? "annotations" : "labels";
	kube_obj *meta = kube_obj_get_mut(obj, "metadata"), *map;
	const kube_obj *m;
	unsigned change = CH_NONE;
	size_t i;
	bool had;

	if (!meta) {
		if (kube_obj_set_take(obj, "metadata", kube_obj_new_object()) < 0)
			return OOM(err);
		meta = kube_obj_get_mut(obj, "metadata");
	}
	map = kube_obj_get_mut(meta, field);
	had = map != NULL;
	/* --overwrite=false: keys that would get another value are an error */
	if (!l->o->overwrite) {
		kube_buf msg = KUBE_BUF_INIT;
		size_t nconf = 0;

		kube_obj_foreach(m, l->p.set) {
			const char *have = kube_obj_path_str(map, kube_obj_key(m), NULL);

			if (!kube_obj_get(map, kube_obj_key(m)))
				continue;
			if (have && !strcmp(have, kube_obj_str(m)))
				continue;
			if (l->o->annotate)
				kube_buf_printf(&msg, "%s'%s' already has a value (%s)",
						nconf ? "; " : "", kube_obj_key(m), have ? have : "");
			else
				kube_buf_printf(&msg, "%s'%s' already has a value (%s), and --overwrite "
						      "is false",
						nconf ? ", " : "", kube_obj_key(m), have ? have : "");
			nconf++;
		}
		if (nconf) {
			if (l->o->annotate)
				kube_err_set(err, KUBE_EINVAL,
					     "--overwrite is false but found the following declared "
					     "annotation(s): %s",
					     msg.ptr);
			else if (nconf > 1)
				kube_err_set(err, KUBE_EINVAL, "[%s]", msg.ptr);
			else
				kube_err_set(err, KUBE_EINVAL, "%s", msg.ptr);
			kube_buf_release(&msg);
			return KUBE_EINVAL;
		}
		kube_buf_release(&msg);
	}
	if (!map) {
		if (kube_obj_set_take(meta, field, kube_obj_new_object()) < 0)
			return OOM(err);
		map = kube_obj_get_mut(meta, field);
	}
	kube_obj_foreach(m, l->p.set) {
		const char *have = kube_obj_path_str(map, kube_obj_key(m), NULL);

		if (have && !strcmp(have, kube_obj_str(m)) && kube_obj_get(map, kube_obj_key(m)))
			continue;
		change |= CH_SET;
		if (mut_set_sorted(map, kube_obj_key(m), kube_obj_new_string(kube_obj_str(m))) < 0 ||
		    mut_set_sorted(patch, kube_obj_key(m), kube_obj_new_string(kube_obj_str(m))) < 0)
			return OOM(err);
	}
	for (i = 0; i < l->p.nremove; i++) {
		if (!kube_obj_get(map, l->p.remove[i]))
			continue;
		change |= CH_REMOVE;
		kube_obj_remove(map, l->p.remove[i]);
		if (mut_set_sorted(patch, l->p.remove[i], kube_obj_new_null()) < 0)
			return OOM(err);
	}
	/* an object without the map gets an empty one only when something changed */
	if (!had && !kube_obj_len(map))
		kube_obj_remove(meta, field);
	return (int)change;
}

static const char *label_message(unsigned change)
{
	switch (change) {
	case CH_SET: return "labeled";
	case CH_REMOVE: return "unlabeled";
	case CH_SET | CH_REMOVE: return "modified";
	default: return "not labeled";
	}
}

static int list_map(struct label_run *l, const struct mut_item *it, const kube_obj *obj,
		    kube_err *err)
{
	const kube_obj *map = kube_obj_path(obj, "metadata",
					    l->o->annotate ? "annotations" : "labels", NULL);
	const kube_obj *m;
	kube_buf b = KUBE_BUF_INIT;
	int rc;

	if (!l->one)
		kube_buf_printf(&b, "Listing %s for %s.%s/%s:\n",
				l->o->annotate ? "annotations" : "labels", it->res->kind,
				it->res->group, it->name);
	kube_obj_foreach(m, map)
		kube_buf_printf(&b, "%s%s=%s\n", l->one ? "" : " ", kube_obj_key(m),
				kube_obj_str(m) ? kube_obj_str(m) : "");
	if ((rc = kube_buf_check(&b, err)) == 0)
		rc = mut_write(l->out, b.ptr, b.len, err);
	kube_buf_release(&b);
	if (rc < 0)
		l->v->stop = true;
	return rc;
}

static int label_item(struct mut_item *it, void *payload, kube_err *err)
{
	struct label_run *l = payload;
	const kube_label_opts *o = l->o;
	kube_obj *patch = NULL, *mapdiff = NULL, *res = NULL;
	const kube_obj *print;
	const char *op;
	bool local = o->dry_run == KUBE_DRY_RUN_CLIENT || o->sel.local || o->list;
	int change, rc = 0;
	size_t i;

	if (o->resource_version && *o->resource_version)
		kube_obj_remove(kube_obj_get_mut(it->obj, "metadata"), "resourceVersion");
	if (!local && !o->annotate) {
		kube_buf b = KUBE_BUF_INIT;
		const kube_obj *labels = kube_obj_path(it->obj, "metadata", "labels", NULL);

		for (i = 0; i < l->p.nremove; i++)
			if (!kube_obj_get(labels, l->p.remove[i]))
				kube_buf_printf(&b, "label \"%s\" not found.\n", l->p.remove[i]);
		rc = kube_buf_check(&b, err);
		if (rc == 0)
			rc = mut_write(l->out, b.ptr, b.len, err);
		kube_buf_release(&b);
		if (rc < 0) {
			l->v->stop = true;
			return rc;
		}
	}
	if (!(patch = kube_obj_new_object()) || !(mapdiff = kube_obj_new_object())) {
		rc = OOM(err);
		goto out;
	}
	if ((change = update_map(l, it->obj, mapdiff, err)) < 0) {
		rc = change;
		goto out;
	}
	if (o->resource_version && *o->resource_version &&
	    kube_obj_set_str(kube_obj_get_mut(it->obj, "metadata"), "resourceVersion",
			     o->resource_version) < 0) {
		rc = OOM(err);
		goto out;
	}
	op = o->annotate ? "annotated" : label_message((unsigned)change);
	print = it->obj;
	if (!local && (o->annotate || change || (o->resource_version && *o->resource_version))) {
		kube_mutate_write_opts wo = {o->field_manager ? o->field_manager
							      : (o->annotate ? "kubectl-annotate"
									     : "kubectl-label"),
					     NULL, o->dry_run == KUBE_DRY_RUN_SERVER};
		kube_obj *meta = NULL;
		kube_buf body = KUBE_BUF_INIT;

		if (kube_obj_len(mapdiff) || (o->resource_version && *o->resource_version)) {
			meta = kube_obj_new_object();
			if (kube_obj_set_take(patch, "metadata", meta) < 0) {
				rc = OOM(err);
				goto out;
			}
		}
		if (kube_obj_len(mapdiff)) {
			/* a map the object did not have is sent whole */
			rc = kube_obj_set_take(meta, o->annotate ? "annotations" : "labels", mapdiff);
			mapdiff = NULL;
			if (rc < 0) {
				rc = OOM(err);
				goto out;
			}
		}
		if (o->resource_version && *o->resource_version &&
		    kube_obj_set_str(meta, "resourceVersion", o->resource_version) < 0) {
			rc = OOM(err);
			goto out;
		}
		mut_json_compact(&body, patch);
		if ((rc = kube_buf_check(&body, err)) == 0)
			rc = kube_mutate_patch(&res, l->c, it->res, it->ns, it->name, NULL,
					       "application/merge-patch+json", body.ptr, body.len,
					       &wo, err);
		kube_buf_release(&body);
		if (rc < 0)
			goto out;
		/* annotate prints the server's answer, label its own copy */
		if (o->annotate)
			print = res;
	}
	if (o->list) {
		rc = list_map(l, it, print, err);
		goto out;
	}
	if ((rc = mut_print(l->out, print, op, o->annotate ? 0 : KUBE_MUTATE_NEW_PRINTER, err)) < 0 &&
	    l->out->printer)
		l->v->stop = true;
out:
	kube_obj_free(patch);
	kube_obj_free(mapdiff);
	kube_obj_free(res);
	return rc;
}

int kube_label_run(kube_client *c, kube_discovery *d, const kube_label_opts *o,
		   char *const *args, size_t n, const kube_mutate_out *out, kube_errval *errs,
		   kube_err *err)
{
	struct mut_visit v = {.c = c, .d = d, .sel = &o->sel, .fetch = true, .fetch_files = true,
			      .errs = errs};
	struct label_run l = {.c = c, .o = o, .out = out, .v = &v};
	size_t nres, i, ndocs = 0;
	int rc;

	if ((rc = check(o, args, n, &nres, &l.p, err)) < 0)
		goto out;
	/* IntoSingleItemImplied, known before the visit */
	if (o->sel.files && o->sel.files->nfiles) {
		for (i = 0; i < o->sel.files->nfiles; i++)
			ndocs += o->sel.files->files[i].ndocs;
		l.one = o->sel.files->nfiles == 1 && ndocs == 1;
	} else {
		kube_targets t = KUBE_TARGETS_INIT;

		if ((rc = mut_resolve(&t, &v, args, nres, err)) < 0)
			goto out;
		l.one = t.single_item_implied;
		kube_targets_release(&t);
	}
	if (!l.one && o->resource_version && *o->resource_version) {
		rc = kube_err_set(err, KUBE_EINVAL,
				  "--resource-version may only be used with a single resource");
		goto out;
	}
	rc = mut_visit_run(&v, args, nres, label_item, &l, err);
out:
	pairs_release(&l.p);
	return rc;
}
