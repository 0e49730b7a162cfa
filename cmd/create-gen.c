/* The common run of the `create <kind>` subcommands; see create-gen.h. */
#include <stdlib.h>
#include <string.h>

#include <kube/apply.h>
#include <kube/mutate.h>

#include "mutate-cli.h"
#include "../lib/banned.h"

int kc_create_generated(struct kc_ctx *ctx, const struct kc_gen_common *g, int argc, char **argv,
			kc_gen_check_fn check, kc_gen_fn gen, void *args, const char *err_prefix)
{
	kube_mutate_print_opts po = KC_GEN_PRINT_OPTS(*g);
	kube_mutate_submit_opts so = {.field_manager = g->field_manager,
				      .save_config = g->save_config};
	struct kc_gen_ctx gc = {NULL, NULL, KUBE_DRY_RUN_NONE};
	kube_mutate_printer *p = NULL;
	kube_obj *obj = NULL, *res = NULL;
	kube_err err = KUBE_ERR_INIT;
	kube_buf b = KUBE_BUF_INIT;
	kube_validation val;
	const char *warning, *where;
	int rc;

	/* cobra's ArgsLenAtDash: words after -- are not names */
	if (ctx->dash_index >= 0)
		argc = ctx->dash_index;
	if (argc != 1)
		return kc_usage_error(ctx, "exactly one NAME is required, got %d", argc);
	gc.name = argv[0];
	if (kube_dry_run_parse(&gc.dry_run, g->dry_run, &warning, &where, &err) < 0)
		goto fail;
	if (warning) {
		kube_klog_line(&b, 'W', where, warning);
		fputs(b.ptr, stderr);
		kube_buf_truncate(&b, 0);
	}
	po.dry_run = gc.dry_run;
	if (kube_mutate_printer_new(&p, &po, &err) < 0 ||
	    kube_validation_parse(&val, g->validate, &err) < 0)
		goto fail;
	if (check && (rc = check(ctx, args)) != 0)
		goto out;
	if (kc_client(ctx, &err) < 0)
		goto fail;
	gc.namespace = ctx->ns_explicit ? kc_namespace(ctx) : NULL;
	if (gen(&obj, &gc, args, &err) < 0)
		goto fail;
	so.namespace = kc_namespace(ctx);
	so.dry_run = gc.dry_run;
	so.field_validation = kube_mutate_validation_directive(val);
	if (kube_mutate_submit(&res, ctx->client, obj, &so, &err) < 0) {
		if (err_prefix && err.code != KUBE_ENOMEM && gc.dry_run != KUBE_DRY_RUN_CLIENT) {
			rc = kc_error(ctx, "%s%s", err_prefix, err.message ? err.message : "");
			goto out;
		}
		goto fail;
	}
	if (kube_mutate_printer_print(p, res, "created", KUBE_MUTATE_TYPED, &b, &err) < 0) {
		kc_write(ctx, &b);
		goto fail;
	}
	rc = kc_write(ctx, &b) ? kc_error(ctx, "write error on standard output") : 0;
	goto out;
fail:
	fflush(ctx->out);
	rc = kc_report(ctx, &err);
out:
	kube_mutate_printer_free(p);
	kube_mutate_free_secret(obj);
	kube_mutate_free_secret(res);
	kube_err_clear(&err);
	kube_buf_wipe(&b);
	return rc;
}
