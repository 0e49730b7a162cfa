/* kubectl scale: a JSON merge patch of the scale subresource, or with preconditions a GET and PUT
 * of the Scale, retried on conflicts; optionally wait until the new size is reached. See
 * include/kube/mutate.h. */
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

static void sleep_ms(int64_t ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0)
		;
}

/* One ScaleSimple attempt. */
static int scale_once(kube_client *c, const kube_resource *r, const char *ns, const char *name,
		      const kube_scale_opts *o, kube_err *err)
{
	kube_mutate_write_opts wo = {NULL, NULL, o->dry_run == KUBE_DRY_RUN_SERVER};
	kube_obj *sc = NULL, *res = NULL;
	char body[64];
	int rc;

	if (o->current_replicas == -1 && !(o->resource_version && *o->resource_version)) {
		snprintf(body, sizeof(body), "{\"spec\":{\"replicas\":%lld}}",
			 (long long)o->replicas);
		rc = kube_mutate_patch(NULL, c, r, ns, name, "scale", "application/merge-patch+json",
				       body, strlen(body), &wo, err);
		return rc;
	}
	if ((rc = mut_get(&sc, c, r, ns, name, "scale", err)) < 0)
		return rc;
	{
		int64_t have = 0;
		const char *rv = kube_obj_path_str(sc, "metadata", "resourceVersion", NULL);

		kube_obj_int64(kube_obj_path(sc, "spec", "replicas", NULL), &have);
		if (o->current_replicas != -1 && have != o->current_replicas) {
			rc = kube_err_set(err, KUBE_EINVAL, "Expected replicas to be %lld, was %lld",
					  (long long)o->current_replicas, (long long)have);
			goto out;
		}
		if (o->resource_version && *o->resource_version &&
		    strcmp(rv ? rv : "", o->resource_version)) {
			rc = kube_err_set(err, KUBE_EINVAL,
					  "Expected resource version to be %s, was %s",
					  o->resource_version, rv ? rv : "");
			goto out;
		}
	}
	if (!kube_obj_get_mut(sc, "spec") &&
	    kube_obj_set_take(sc, "spec", kube_obj_new_object()) < 0) {
		rc = OOM(err);
		goto out;
	}
	if (kube_obj_set_take(kube_obj_get_mut(sc, "spec"), "replicas",
			      kube_obj_new_int(o->replicas)) < 0) {
		rc = OOM(err);
		goto out;
	}
	rc = mut_put(&res, c, r, ns, name, "scale", sc, &wo, err);
out:
	kube_obj_free(sc);
	kube_obj_free(res);
	return rc;
}

/* ScaleCondition polled every second for up to five minutes: conflicts are retried. */
static int scale_with_retries(kube_client *c, const kube_resource *r, const char *ns,
			      const char *name, const kube_scale_opts *o, kube_err *err)
{
	int64_t deadline = now_ms() + 5 * 60 * 1000;
	int rc;

	for (;;) {
		kube_err e = KUBE_ERR_INIT;

		rc = scale_once(c, r, ns, name, o, &e);
		if (rc != KUBE_ECONFLICT) {
			kube_err_move(err, &e);
			return rc;
		}
		kube_err_clear(&e);
		if (now_ms() + 1000 > deadline)
			return kube_err_set(err, KUBE_ERROR, "timed out waiting for the condition");
		sleep_ms(1000);
	}
}

/* WaitForScaleHasDesiredReplicas */
static int wait_replicas(kube_client *c, const kube_resource *r, const char *ns, const char *name,
			 const kube_scale_opts *o, kube_err *err)
{
	int64_t deadline = now_ms() + o->timeout_ms;
	int rc;

	for (;;) {
		kube_obj *sc = NULL;
		int64_t spec = 0, status = 0;

		if ((rc = mut_get(&sc, c, r, ns, name, "scale", err)) < 0)
			return rc;
		kube_obj_int64(kube_obj_path(sc, "spec", "replicas", NULL), &spec);
		kube_obj_int64(kube_obj_path(sc, "status", "replicas", NULL), &status);
		kube_obj_free(sc);
		if (spec != o->replicas || (spec == status && status == o->replicas))
			return 0;
		if (now_ms() + 1000 > deadline)
			return kube_err_set(err, KUBE_ERROR, "timed out waiting for \"%s\" to be synced",
					    name);
		sleep_ms(1000);
	}
}

struct scale_info {
	const kube_resource *res;
	char *ns, *name;
	kube_obj *obj;
};

struct scale_collect {
	struct scale_info *v;
	size_t n;
};

static int collect(struct mut_item *it, void *payload, kube_err *err)
{
	struct scale_collect *s = payload;
	struct scale_info *nv = realloc(s->v, (s->n + 1) * sizeof(*nv));

	if (!nv)
		return OOM(err);
	s->v = nv;
	nv[s->n].res = it->res;
	nv[s->n].ns = it->ns;
	nv[s->n].name = it->name;
	nv[s->n].obj = it->obj;
	it->ns = NULL;
	it->name = NULL;
	it->obj = NULL;
	s->n++;
	return 0;
}

int kube_scale_run(kube_client *c, kube_discovery *d, const kube_scale_opts *o, char *const *args,
		   size_t n, const kube_mutate_out *out, kube_errval *errs, kube_err *err)
{
	struct mut_visit v = {.c = c, .d = d, .sel = &o->sel, .fetch = true, .errs = errs};
	struct scale_collect s = {NULL, 0};
	size_t i;
	int rc;

	if (o->replicas < 0)
		return kube_err_set(err, KUBE_EINVAL,
				    "The --replicas=COUNT flag is required, and COUNT must be greater "
				    "than or equal to 0");
	if (o->current_replicas < -1)
		return kube_err_set(err, KUBE_EINVAL,
				    "The --current-replicas must specify an integer of -1 or greater");
	/* the builder's Infos(): every object first, errors kept for the end */
	if ((rc = mut_visit_run(&v, args, n, collect, &s, err)) < 0)
		goto out;
	if (o->resource_version && *o->resource_version && s.n > 1) {
		rc = kube_err_set(err, KUBE_EINVAL, "cannot use --resource-version with multiple "
						    "resources");
		goto out;
	}
	if (s.n == 0) {
		if (kube_errval_empty(errs))
			rc = kube_err_set(err, KUBE_EINVAL, "no objects passed to scale");
		goto out;
	}
	for (i = 0; i < s.n; i++) {
		struct scale_info *it = &s.v[i];

		if (o->dry_run != KUBE_DRY_RUN_CLIENT) {
			if ((rc = scale_with_retries(c, it->res, it->ns, it->name, o, err)) < 0)
				goto out;
			if (o->timeout_ms > 0 && o->dry_run == KUBE_DRY_RUN_NONE &&
			    (rc = wait_replicas(c, it->res, it->ns, it->name, o, err)) < 0)
				goto out;
		}
		/* kubectl prints the object as it was fetched, before scaling */
		if ((rc = mut_print(out, it->obj, "scaled", 0, err)) < 0)
			goto out;
	}
	rc = 0;
out:
	for (i = 0; i < s.n; i++) {
		free(s.v[i].ns);
		free(s.v[i].name);
		kube_obj_free(s.v[i].obj);
	}
	free(s.v);
	return rc;
}
