/* kubectl delete: named objects (no GET first), label and field selectors, --all, -f; kubectl's
 * DeleteOptions bodies; `kind "name" deleted from NS namespace` lines; and the wait for the
 * objects to be gone (finalizers, graceful deletion) with a watch. See include/kube/mutate.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kube/mutate.h>

#include "mutate-internal.h"
#include "banned.h"

#define OOM(err) kube_err_set(err, KUBE_ENOMEM, "out of memory")

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int kube_delete_prepare(kube_delete_opts *o, kube_buf *warning, kube_err *err)
{
	const char *c = o->cascade && *o->cascade ? o->cascade : "background";

	if (strcmp(c, "background") && strcmp(c, "foreground") && strcmp(c, "orphan") &&
	    strcmp(c, "true") && strcmp(c, "false"))
		return kube_err_set(err, KUBE_EINVAL,
				    "invalid cascade value (%s). Must be \"background\", "
				    "\"foreground\", or \"orphan\"",
				    c);
	if (warning && (!strcmp(c, "true") || !strcmp(c, "false")))
		kube_buf_printf(warning,
				"warning: --cascade=%s is deprecated (boolean value) and can be "
				"replaced with --cascade=%s.\n",
				c, !strcmp(c, "true") ? "background" : "orphan");
	if ((o->sel.all || (o->sel.selector && *o->sel.selector) ||
	     (o->sel.field_selector && *o->sel.field_selector)) &&
	    !o->ignore_not_found_set)
		o->ignore_not_found = true;
	if (o->now) {
		if (o->grace_period != -1)
			return kube_err_set(err, KUBE_EINVAL,
					    "--now and --grace-period cannot be specified together");
		o->grace_period = 1;
	}
	if (o->grace_period == 0 && !o->force)
		o->grace_period = 1;
	if (o->force && o->grace_period < 0)
		o->grace_period = 0;
	if (o->grace_period == 0 && o->force) {
		if (warning)
			kube_buf_puts(warning,
				      "Warning: Immediate deletion does not wait for confirmation that "
				      "the running resource has been terminated. The resource may "
				      "continue to run on the cluster indefinitely.\n");
	} else if (o->grace_period > 0 && o->force) {
		return kube_err_set(err, KUBE_EINVAL,
				    "--force and --grace-period greater than 0 cannot be specified "
				    "together");
	}
	return 0;
}

static const char *propagation(const char *cascade)
{
	if (!cascade || !*cascade || !strcmp(cascade, "background") || !strcmp(cascade, "true"))
		return "Background";
	if (!strcmp(cascade, "foreground"))
		return "Foreground";
	return "Orphan";
}

struct deleted {
	const kube_resource *res;
	char *ns, *name, *uid;
};

struct delete_run {
	kube_client *c;
	const kube_delete_opts *o;
	const kube_mutate_out *out;
	struct mut_visit *v;
	bool warned_cluster;
	struct deleted *done;
	size_t ndone;
	/* interactive: the objects are listed first */
	struct mut_item *items;
	size_t nitems;
};

static int print_deleted(struct delete_run *d, const struct mut_item *it, kube_err *err)
{
	kube_buf b = KUBE_BUF_INIT;
	int rc;

	kube_resource_kind_prefix(&b, it->res);
	if (d->o->output_name) {
		kube_buf_printf(&b, "/%s\n", it->name);
	} else {
		kube_buf_printf(&b, " \"%s\" %s", it->name,
				d->o->grace_period == 0 ? "force deleted" : "deleted");
		if (it->res->namespaced && it->ns)
			kube_buf_printf(&b, " from %s namespace", it->ns);
		if (d->o->dry_run == KUBE_DRY_RUN_CLIENT)
			kube_buf_puts(&b, " (dry run)");
		else if (d->o->dry_run == KUBE_DRY_RUN_SERVER)
			kube_buf_puts(&b, " (server dry run)");
		kube_buf_putc(&b, '\n');
	}
	if ((rc = kube_buf_check(&b, err)) == 0)
		rc = mut_write(d->out, b.ptr, b.len, err);
	kube_buf_release(&b);
	return rc;
}

static int delete_item(struct mut_item *it, void *payload, kube_err *err)
{
	struct delete_run *d = payload;
	const kube_delete_opts *o = d->o;
	kube_buf body = KUBE_BUF_INIT;
	kube_obj *resp = NULL;
	int rc;

	if (!d->warned_cluster && o->sel.enforce_namespace && !o->sel.all_namespaces &&
	    !it->res->namespaced) {
		mut_warn(d->out, "Warning: deleting cluster-scoped resources, not scoped to the "
				 "provided namespace\n");
		d->warned_cluster = true;
	}
	if (o->dry_run == KUBE_DRY_RUN_CLIENT) {
		if ((rc = print_deleted(d, it, err)) < 0)
			d->v->stop = true;
		return rc;
	}
	/* DeleteOptions in kubectl's field order; the server reads dryRun from the body */
	kube_buf_putc(&body, '{');
	if (o->grace_period >= 0)
		kube_buf_printf(&body, "\"gracePeriodSeconds\":%lld,", (long long)o->grace_period);
	kube_buf_printf(&body, "\"propagationPolicy\":\"%s\"", propagation(o->cascade));
	if (o->dry_run == KUBE_DRY_RUN_SERVER)
		kube_buf_puts(&body, ",\"dryRun\":[\"All\"]");
	kube_buf_putc(&body, '}');
	if ((rc = kube_buf_check(&body, err)) < 0)
		goto out;
	if ((rc = mut_delete(&resp, d->c, it->res, it->ns, it->name, body.ptr, err)) < 0) {
		mut_err_source(err, "deleting", it->source);
		goto out;
	}
	if ((rc = print_deleted(d, it, err)) < 0) {
		d->v->stop = true;
		goto out;
	}
	{
		struct deleted *nd = realloc(d->done, (d->ndone + 1) * sizeof(*nd));
		const char *uid = kube_obj_path_str(resp, "details", "uid", NULL);

		if (!nd) {
			rc = OOM(err);
			d->v->stop = true;
			goto out;
		}
		d->done = nd;
		if (!uid || !kube_obj_path(resp, "details", NULL))
			uid = kube_obj_path_str(resp, "metadata", "uid", NULL);
		nd[d->ndone].res = it->res;
		nd[d->ndone].ns = mut_strdup(it->ns);
		nd[d->ndone].name = mut_strdup(it->name);
		nd[d->ndone].uid = mut_strdup(uid);
		d->ndone++;
	}
out:
	kube_buf_release(&body);
	kube_obj_free(resp);
	return rc;
}

/* ---- waiting for deletion (kubectl wait --for=delete) ---- */

struct watch_state {
	const char *uid;
	kube_buf line;
	bool gone;
};

static int watch_line(struct watch_state *w, const char *s, size_t n)
{
	kube_obj *ev = NULL;
	const char *type, *uid;

	if (kube_obj_parse_json(&ev, s, n, NULL) < 0)
		return 0;
	type = kube_obj_path_str(ev, "type", NULL);
	uid = kube_obj_path_str(ev, "object", "metadata", "uid", NULL);
	if (type && !strcmp(type, "DELETED"))
		w->gone = true;
	else if (w->uid && uid && strcmp(uid, w->uid))
		w->gone = true;
	kube_obj_free(ev);
	return 0;
}

static int watch_data(const char *data, size_t len, void *payload, kube_err *err)
{
	struct watch_state *w = payload;
	size_t i;

	for (i = 0; i < len; i++) {
		if (data[i] != '\n') {
			kube_buf_putc(&w->line, data[i]);
			continue;
		}
		watch_line(w, w->line.ptr, w->line.len);
		kube_buf_truncate(&w->line, 0);
		if (w->gone)
			return kube_err_set(err, KUBE_ECANCELED, "deleted");
	}
	if (w->line.failed)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	return 0;
}

static int timeout_error(const struct deleted *it, kube_err *err)
{
	return kube_err_set(err, KUBE_ERROR, "timed out waiting for the condition on %s%s%s/%s",
			    it->res->resource, *it->res->group ? "." : "", it->res->group,
			    it->name);
}

static int wait_gone(kube_client *c, const struct deleted *it, int64_t deadline, kube_err *err)
{
	for (;;) {
		kube_obj *obj = NULL;
		kube_err e = KUBE_ERR_INIT;
		const char *uid, *rv;
		kube_buf path = KUBE_BUF_INIT, fsel = KUBE_BUF_INIT, tos = KUBE_BUF_INIT;
		int64_t left = deadline - now_ms();
		int rc;

		if (left <= 0)
			return timeout_error(it, err);
		rc = mut_get(&obj, c, it->res, it->ns, it->name, NULL, &e);
		if (rc == KUBE_ENOTFOUND) {
			kube_err_clear(&e);
			return 0;
		}
		if (rc < 0) {
			kube_err_move(err, &e);
			return rc;
		}
		uid = kube_obj_path_str(obj, "metadata", "uid", NULL);
		if (it->uid && uid && strcmp(uid, it->uid)) {
			kube_obj_free(obj);
			return 0;
		}
		rv = kube_obj_path_str(obj, "metadata", "resourceVersion", NULL);
		kube_resource_path(&path, it->res, it->ns, NULL);
		kube_buf_printf(&fsel, "metadata.name=%s", it->name);
		kube_buf_printf(&tos, "%lld", (long long)(left + 999) / 1000);
		{
			struct watch_state w = {it->uid, KUBE_BUF_INIT, false};
			kube_param ps[4] = {{"fieldSelector", fsel.ptr},
					    {"resourceVersion", rv ? rv : "0"},
					    {"timeoutSeconds", tos.ptr},
					    {"watch", "true"}};
			kube_request req = {.path = path.ptr, .params = ps, .nparams = 4,
					    .data_fn = watch_data, .data_payload = &w,
					    .timeout_ms = left, .no_timeout_param = true,
					    .group = it->res->group, .resource = it->res->resource};
			kube_response resp = KUBE_RESPONSE_INIT;

			rc = kube_client_do(c, &req, &resp, &e);
			kube_response_release(&resp);
			kube_buf_release(&w.line);
			kube_buf_release(&path);
			kube_buf_release(&fsel);
			kube_buf_release(&tos);
			kube_obj_free(obj);
			if (w.gone) {
				kube_err_clear(&e);
				return 0;
			}
			if (rc < 0 && e.code != KUBE_ETRANSPORT && e.code != KUBE_ERROR &&
			    e.code != KUBE_ECANCELED) {
				kube_err_move(err, &e);
				return rc;
			}
			kube_err_clear(&e);
		}
		/* the watch ended (server timeout or a dropped stream): look again */
	}
}

static int list_item(struct mut_item *it, void *payload, kube_err *err)
{
	struct delete_run *d = payload;
	struct mut_item *nv = realloc(d->items, (d->nitems + 1) * sizeof(*nv));

	if (!nv)
		return OOM(err);
	d->items = nv;
	nv[d->nitems] = *it;
	memset(it, 0, sizeof(*it));
	d->nitems++;
	return 0;
}

int kube_delete_run(kube_client *c, kube_discovery *d, const kube_delete_opts *o,
		    char *const *args, size_t n, const kube_mutate_out *out, kube_errval *errs,
		    kube_err *err)
{
	struct mut_visit v = {.c = c, .d = d, .sel = &o->sel, .fetch = false, .errs = errs,
			      .ignore_not_found = o->ignore_not_found, .all_is_selector = true};
	struct delete_run dr = {.c = c, .o = o, .out = out, .v = &v};
	size_t i;
	int rc;

	if (o->sel.all && ((o->sel.selector && *o->sel.selector) ||
			   (o->sel.field_selector && *o->sel.field_selector)))
		return kube_err_set(err, KUBE_EINVAL,
				    "setting 'all' parameter but found a non empty selector. ");
	if (n == 0 && !(o->sel.files && o->sel.files->nfiles))
		return kube_err_set(err, KUBE_EINVAL,
				    "You must provide one or more resources by argument or filename.\n"
				    "Example resource specifications include:\n"
				    "   '-f rsrc.yaml'\n"
				    "   '--filename=rsrc.json'\n"
				    "   '<resource> <name>'\n"
				    "   '<resource>'");
	if (o->interactive) {
		kube_buf b = KUBE_BUF_INIT;

		if ((rc = mut_visit_run(&v, args, n, list_item, &dr, err)) < 0)
			goto out;
		if (!kube_errval_empty(errs) && !dr.nitems)
			goto out;
		if (!dr.nitems) {
			rc = mut_write(out, "No resources found\n", 19, err);
			goto out;
		}
		kube_buf_printf(&b, "You are about to delete the following %zu resource(s):\n",
				dr.nitems);
		for (i = 0; i < dr.nitems; i++) {
			kube_resource_kind_prefix(&b, dr.items[i].res);
			kube_buf_printf(&b, "/%s\n", dr.items[i].name);
		}
		kube_buf_puts(&b, "Do you want to continue? (y/N): ");
		rc = kube_buf_check(&b, err);
		if (rc == 0)
			rc = mut_write(out, b.ptr, b.len, err);
		kube_buf_release(&b);
		if (rc < 0)
			goto out;
		if (!o->confirm || !o->confirm(o->confirm_payload)) {
			rc = mut_write(out, "deletion is cancelled\n", 22, err);
			goto out;
		}
		for (i = 0; i < dr.nitems; i++) {
			kube_err e = KUBE_ERR_INIT;

			if (delete_item(&dr.items[i], &dr, &e) < 0) {
				if (v.stop) {
					kube_err_move(err, &e);
					rc = err ? err->code : KUBE_ERROR;
					goto out;
				}
				if (o->ignore_not_found && e.code == KUBE_ENOTFOUND)
					kube_err_clear(&e);
				else if (kube_errval_push(errs, &e) < 0) {
					rc = OOM(err);
					goto out;
				}
			}
		}
		v.found = dr.nitems;
	} else if ((rc = mut_visit_run(&v, args, n, delete_item, &dr, err)) < 0) {
		goto out;
	}
	if (!kube_errval_empty(errs)) {
		rc = 0;
		goto out;
	}
	if (v.found == 0) {
		rc = mut_write(out, "No resources found\n", 19, err);
		goto out;
	}
	rc = 0;
	if (o->wait && o->dry_run == KUBE_DRY_RUN_NONE) {
		/* 0 means a week, as kubectl's effectiveTimeout */
		int64_t deadline = now_ms() + (o->timeout_ms > 0 ? o->timeout_ms
							      : (int64_t)168 * 3600 * 1000);

		for (i = 0; i < dr.ndone; i++) {
			kube_err e = KUBE_ERR_INIT;

			if ((rc = wait_gone(c, &dr.done[i], deadline, &e)) < 0) {
				/* forbidden or unsupported waits do not fail the delete */
				if (e.http_status == 403 || e.http_status == 405) {
					kube_err_clear(&e);
					rc = 0;
					continue;
				}
				kube_err_move(err, &e);
				goto out;
			}
		}
	}
out:
	for (i = 0; i < dr.ndone; i++) {
		free(dr.done[i].ns);
		free(dr.done[i].name);
		free(dr.done[i].uid);
	}
	free(dr.done);
	for (i = 0; i < dr.nitems; i++) {
		free(dr.items[i].ns);
		free(dr.items[i].name);
		kube_obj_free(dr.items[i].obj);
	}
	free(dr.items);
	return rc;
}
