/* kubectl run NAME --image: create the generated pod (and with --expose a service), print them.
 * Attaching to the pod is not part of this file. See include/kube/mutate.h. */
#include <stdlib.h>
#include <string.h>

#include <kube/mutate.h>

#include "mutate-internal.h"
#include "banned.h"

/* createGeneratedObject: overrides, the client dry run's namespace, save-config, POST. */
static int create_generated(kube_obj **out, kube_client *c, kube_obj **obj,
			    const kube_run_opts *o, kube_err *err)
{
	kube_mutate_submit_opts so = {.namespace = o->namespace, .dry_run = o->dry_run,
				      .field_manager = o->field_manager ? o->field_manager
									: "kubectl-run",
				      .save_config = o->save_config &&
						     o->dry_run != KUBE_DRY_RUN_CLIENT};
	int rc;

	if (o->overrides && *o->overrides &&
	    (rc = mut_apply_overrides(obj, o->overrides, o->override_type, err)) < 0)
		return rc;
	return kube_mutate_submit(out, c, *obj, &so, err);
}

int kube_run_create(kube_obj **out, kube_client *c, kube_discovery *d, const kube_run_opts *o,
		    const kube_mutate_out *mo, kube_err *err)
{
	const char *ns_meta = o->dry_run == KUBE_DRY_RUN_CLIENT && o->enforce_namespace
				      ? o->namespace
				      : NULL;
	kube_obj *pod = NULL, *svc = NULL, *created = NULL, *screated = NULL;
	int rc;

	(void)d;
	if (out)
		*out = NULL;
	if ((rc = kube_gen_pod(&pod, o->name, ns_meta, &o->pod, err)) < 0)
		goto done;
	if (o->expose && (!o->pod.port || !*o->pod.port)) {
		rc = kube_err_set(err, KUBE_EINVAL, "--port must be set when exposing a service");
		goto done;
	}
	if (o->attach && o->dry_run != KUBE_DRY_RUN_NONE) {
		rc = kube_err_set(err, KUBE_EINVAL,
				  "--dry-run=[server|client] can't be used with attached containers "
				  "options (--attach, --stdin, or --tty)");
		goto done;
	}
	if (o->rm && !o->attach) {
		rc = kube_err_set(err, KUBE_EINVAL, "--rm should only be used for attached containers");
		goto done;
	}
	if ((rc = create_generated(&created, c, &pod, o, err)) < 0)
		goto done;
	if (o->expose) {
		kube_buf sel = KUBE_BUF_INIT;

		if (o->pod.labels && *o->pod.labels)
			kube_buf_puts(&sel, o->pod.labels);
		else
			kube_buf_printf(&sel, "run=%s", o->name);
		if ((rc = kube_buf_check(&sel, err)) == 0)
			rc = mut_service_for_run(&svc, o->name, sel.ptr, o->pod.port, o->pod.labels,
						 ns_meta, err);
		kube_buf_release(&sel);
		if (rc < 0)
			goto done;
		{
			kube_run_opts so = *o;

			so.overrides = NULL;
			if ((rc = create_generated(&screated, c, &svc, &so, err)) < 0)
				goto done;
		}
	}
	if (mo && (rc = mut_print(mo, created, "created", KUBE_MUTATE_TYPED, err)) < 0)
		goto done;
	if (mo && screated && (rc = mut_print(mo, screated, "created", KUBE_MUTATE_TYPED, err)) < 0)
		goto done;
	if (out) {
		*out = created;
		created = NULL;
	}
done:
	kube_obj_free(pod);
	kube_obj_free(svc);
	kube_obj_free(created);
	kube_obj_free(screated);
	return rc;
}
