/* kubec api-resources, api-versions, cluster-info, options */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kc.h"
#include "../lib/banned.h"

void kc_print_global_opts(FILE *f);

struct apires_args {
	const char *api_group, *output, *sort_by, *categories;
	bool cached, namespaced, no_headers;
	struct kc_strv verbs;
};
static const struct apires_args apires_defaults = {.namespaced = true};
#define A struct apires_args
static const struct kc_opt apires_opts[] = {
	KC_OPT_S(0, "api-group", A, api_group, "string", "Limit to resources in the specified API group.", "''", 0),
	KC_OPT_B(0, "cached", A, cached, "Use the cached list of resources if available.", "false"),
	KC_OPT_S(0, "categories", A, categories, "strings", "Limit to resources that belong to the specified categories.", "[]", 0),
	KC_OPT_B(0, "namespaced", A, namespaced, "If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.", "true"),
	KC_OPT_B(0, "no-headers", A, no_headers, "When using the default or custom-column output format, don't print headers (default print headers).", "false"),
	KC_OPT_S('o', "output", A, output, "string", "Output format. One of: (wide, name).", "''", KC_COMP_CHOICES),
	KC_OPT_S(0, "sort-by", A, sort_by, "string", "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.", "''", 0),
	KC_OPT_A(0, "verbs", A, verbs, "strings", "Limit to resources that support the specified verbs.", 0, KC_OPT_COMMA),
	KC_OPT_END_(),
};
#undef A

static bool has_all_verbs(const kube_resource *r, const struct kc_strv *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (!kube_resource_has_verb(r, v->v[i]))
			return false;
	return true;
}

static const char *sort_key;

static int cmp_res(const void *x, const void *y)
{
	const kube_resource *a = *(const kube_resource *const *)x, *b = *(const kube_resource *const *)y;
	int r;

	if (sort_key && !strcmp(sort_key, "name"))
		r = strcmp(a->resource, b->resource);
	else if (sort_key && !strcmp(sort_key, "kind"))
		r = strcmp(a->kind, b->kind);
	else
		r = strcmp(a->group, b->group);
	if (r)
		return r;
	r = strcmp(a->resource, b->resource);
	if (r)
		return r;
	return a < b ? -1 : a > b;
}

static void join(kube_buf *b, const char *const *l, const char *sep)
{
	size_t i;

	for (i = 0; l && l[i]; i++)
		kube_buf_printf(b, "%s%s", i ? sep : "", l[i]);
}

static int apires_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	struct apires_args *a = va;
	kube_err err = KUBE_ERR_INIT;
	kube_buf lines = KUBE_BUF_INIT, out = KUBE_BUF_INIT;
	const kube_resource **v = NULL;
	kube_tabwriter *tw = NULL;
	kube_tabwriter_opts to = KUBE_TABWRITER_GET_OPTS;
	size_t i, n = 0, total;
	bool ns_changed = false;
	int rc = 0;
	const char *o = a->output ? a->output : "";

	(void)argv;
	if (argc)
		return kc_usage_error(ctx, "unexpected arguments: [%s]", argv[0]);
	if (*o && strcmp(o, "wide") && strcmp(o, "name"))
		return kc_error(ctx, "--output %s is not available", o);
	if (a->sort_by && *a->sort_by && strcmp(a->sort_by, "name") && strcmp(a->sort_by, "kind"))
		return kc_error(ctx, "--sort-by accepts only name or kind");
	/* --namespaced filters only when given (the default true must not filter) */
	ns_changed = kc_flag_changed(ctx, "namespaced");
	if (kc_discovery(ctx, &err) < 0)
		goto fail;
	if (!a->cached && !kube_discovery_fresh(ctx->disc) && kube_discovery_refresh(ctx->disc, &err) < 0)
		goto fail;
	total = kube_discovery_count(ctx->disc);
	if (!(v = calloc(total ? total : 1, sizeof(*v)))) {
		rc = kc_error(ctx, "out of memory");
		goto out;
	}
	for (i = 0; i < total; i++) {
		const kube_resource *r = kube_discovery_at(ctx->disc, i);

		if (!r->preferred || !r->verbs[0])
			continue;
		if (a->api_group && strcmp(a->api_group, r->group))
			continue;
		if (ns_changed && a->namespaced != r->namespaced)
			continue;
		if (!has_all_verbs(r, &a->verbs))
			continue;
		if (a->categories && *a->categories) {
			const char *const *c;
			bool found = false;

			for (c = r->categories; *c; c++)
				if (!strcmp(*c, a->categories))
					found = true;
			if (!found)
				continue;
		}
		v[n++] = r;
	}
	sort_key = a->sort_by;
	qsort(v, n, sizeof(*v), cmp_res);
	if (!a->no_headers && strcmp(o, "name")) {
		kube_buf_puts(&lines, "NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND");
		if (!strcmp(o, "wide"))
			kube_buf_puts(&lines, "\tVERBS\tCATEGORIES");
		kube_buf_putc(&lines, '\n');
	}
	for (i = 0; i < n; i++) {
		const kube_resource *r = v[i];

		if (!strcmp(o, "name")) {
			kube_buf_printf(&out, "%s%s%s\n", r->resource, *r->group ? "." : "", r->group);
			continue;
		}
		kube_buf_printf(&lines, "%s\t", r->resource);
		join(&lines, r->short_names, ",");
		if (*r->group)
			kube_buf_printf(&lines, "\t%s/%s", r->group, r->version);
		else
			kube_buf_printf(&lines, "\t%s", r->version);
		kube_buf_printf(&lines, "\t%s\t%s", r->namespaced ? "true" : "false", r->kind);
		if (!strcmp(o, "wide")) {
			kube_buf_puts(&lines, "\t");
			join(&lines, r->verbs, ",");
			kube_buf_puts(&lines, "\t");
			join(&lines, r->categories, ",");
		}
		kube_buf_putc(&lines, '\n');
	}
	if (lines.len && kube_tabwriter_new(&tw, &to, &err) == 0) {
		kube_tabwriter_write(tw, lines.ptr, lines.len);
		kube_tabwriter_flush(tw, &out, &err);
	}
	if (kube_buf_check(&out, &err) < 0)
		goto fail;
	rc = kc_write(ctx, &out);
	goto out;
fail:
	fflush(ctx->out);
	rc = kc_report(ctx, &err);
out:
	kube_tabwriter_free(tw);
	free(v);
	kube_buf_release(&lines);
	kube_buf_release(&out);
	kube_err_clear(&err);
	return rc;
}

const struct kc_cmd cmd_api_resources = {
	.name = "api-resources",
	.summary = "Print the supported API resources on the server",
	.description = "Print the supported API resources on the server.",
	.examples = "  # Print the supported API resources\n  kubectl api-resources\n\n"
		    "  # Print the supported API resources with more information\n  kubectl api-resources -o wide",
	.usage = "[flags] [options]",
	.opts = apires_opts,
	.args_size = sizeof(struct apires_args),
	.args_defaults = &apires_defaults,
	.flags = KC_CMD_NEEDS_CLIENT,
	.run = apires_run,
	.group = "Other Commands:",
};

static int apiver_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	kube_err err = KUBE_ERR_INIT;
	kube_buf out = KUBE_BUF_INIT;
	const char *const *gvs;
	size_t n, i;
	int rc;

	(void)va, (void)argv;
	if (argc)
		return kc_usage_error(ctx, "unexpected arguments: [%s]", argv[0]);
	if (kc_discovery(ctx, &err) < 0 ||
	    (!kube_discovery_fresh(ctx->disc) && kube_discovery_refresh(ctx->disc, &err) < 0)) {
		rc = kc_report(ctx, &err);
		kube_err_clear(&err);
		return rc;
	}
	n = kube_discovery_group_versions(ctx->disc, &gvs);
	for (i = 0; i < n; i++)
		kube_buf_printf(&out, "%s\n", gvs[i]);
	rc = kc_write(ctx, &out);
	kube_buf_release(&out);
	return rc;
}

const struct kc_cmd cmd_api_versions = {
	.name = "api-versions",
	.summary = "Print the supported API versions on the server, in the form of \"group/version\"",
	.description = "Print the supported API versions on the server, in the form of \"group/version\".",
	.examples = "  # Print the supported API versions\n  kubectl api-versions",
	.usage = "[flags] [options]",
	.flags = KC_CMD_NEEDS_CLIENT,
	.run = apiver_run,
	.group = "Other Commands:",
};

struct cinfo_state {
	struct kc_ctx *ctx;
	bool tty;
	bool head_done; /* the control plane's line */
};

/* kubectl prints the control plane's line once the service list has arrived */
static void cinfo_head(struct cinfo_state *st)
{
	struct kc_ctx *ctx = st->ctx;

	if (st->head_done)
		return;
	st->head_done = true;
	if (st->tty)
		fprintf(ctx->out, "\033[0;32mKubernetes control plane\033[0m is running at "
				  "\033[0;33m%s\033[0m\n",
			kube_client_server(ctx->client));
	else
		fprintf(ctx->out, "Kubernetes control plane is running at %s\n",
			kube_client_server(ctx->client));
}

/* One line per kube-system service labelled kubernetes.io/cluster-service=true, kubectl's way:
 * the load balancer's ingress, else the apiserver proxy URL of its first port. */
static int cinfo_page(kube_obj *page, void *payload, kube_err *err)
{
	struct cinfo_state *st = payload;
	const kube_obj *svc;
	kube_buf link = KUBE_BUF_INIT;

	(void)err;
	cinfo_head(st);
	kube_obj_foreach(svc, kube_obj_get(page, "items"))
	{
		const kube_obj *ing = kube_obj_at(kube_obj_path(svc, "status", "loadBalancer",
								"ingress", NULL), 0);
		const kube_obj *ports = kube_obj_path(svc, "spec", "ports", NULL), *p;
		const char *name = kube_obj_path_str(svc, "metadata", "name", NULL);
		const char *ns = kube_obj_path_str(svc, "metadata", "namespace", NULL);
		const char *label = kube_obj_path_str(svc, "metadata", "labels",
						      "kubernetes.io/name", NULL);

		kube_buf_truncate(&link, 0);
		if (ing) {
			const char *ip = kube_obj_path_str(ing, "ip", NULL);

			if (!ip || !*ip)
				ip = kube_obj_path_str(ing, "hostname", NULL);
			kube_obj_foreach(p, ports)
			{
				int64_t port = 0;

				kube_obj_int64(kube_obj_get(p, "port"), &port);
				kube_buf_printf(&link, "http://%s:%lld ", ip ? ip : "", (long long)port);
			}
		} else {
			const kube_obj *p0 = kube_obj_at(ports, 0);

			kube_buf_printf(&link, "%s/api/v1/namespaces/%s/services/",
					kube_client_server(st->ctx->client), ns ? ns : "");
			if (p0) {
				const char *pn = kube_obj_path_str(p0, "name", NULL);
				int64_t port = 0;

				kube_obj_int64(kube_obj_get(p0, "port"), &port);
				if ((pn && !strcmp(pn, "https")) || port == 443)
					kube_buf_puts(&link, "https:");
				kube_buf_puts(&link, name ? name : "");
				if (pn && *pn)
					kube_buf_printf(&link, ":%s", pn);
				else if ((pn && !strcmp(pn, "https")) || port == 443)
					kube_buf_putc(&link, ':');
			} else {
				kube_buf_puts(&link, name ? name : "");
			}
			kube_buf_puts(&link, "/proxy");
		}
		if (!label || !*label)
			label = name;
		if (st->tty)
			fprintf(st->ctx->out, "\033[0;32m%s\033[0m is running at \033[0;33m%s\033[0m\n",
				label ? label : "", link.ptr);
		else
			fprintf(st->ctx->out, "%s is running at %s\n", label ? label : "", link.ptr);
	}
	kube_buf_release(&link);
	kube_obj_free(page);
	return 0;
}

static int cinfo_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	kube_err err = KUBE_ERR_INIT;
	struct cinfo_state st = {ctx, isatty(1), false};
	const kube_resource *svc;
	int rc;

	(void)va, (void)argv;
	if (argc)
		return kc_usage_error(ctx, "unexpected arguments: [%s]", argv[0]);
	if (kc_discovery(ctx, &err) < 0 || kube_discovery_map(&svc, ctx->disc, "services", &err) < 0) {
		rc = kc_report(ctx, &err);
		goto out;
	}
	{
		kube_list_opts lo = {.namespace = ctx->ns_explicit ? kc_namespace(ctx) : "kube-system",
				     .label_selector = "kubernetes.io/cluster-service=true"};

		rc = kube_list(ctx->client, svc, &lo, cinfo_page, &st, &err);
		if (rc == 0)
			cinfo_head(&st);
	}
	/* printed whether the list worked or not; the error follows */
	fprintf(ctx->out, "\nTo further debug and diagnose cluster problems, use '%s cluster-info "
			  "dump'.\n",
		ctx->argv0);
	fflush(ctx->out);
	if (rc < 0)
		rc = kc_report(ctx, &err);
out:
	kube_err_clear(&err);
	return rc;
}

const struct kc_cmd cmd_cluster_info = {
	.name = "cluster-info",
	.summary = "Display cluster information",
	.description = "Display addresses of the control plane and services with label "
		       "kubernetes.io/cluster-service=true.",
	.examples = "  # Print the address of the control plane and cluster services\n  kubectl cluster-info",
	.usage = "[flags] [options]",
	.flags = KC_CMD_NEEDS_CLIENT,
	.run = cinfo_run,
	.group = "Cluster Management Commands:",
};

static int options_run(struct kc_ctx *ctx, void *va, int argc, char **argv)
{
	(void)va, (void)argc, (void)argv;
	kc_print_global_opts(ctx->out);
	return 0;
}

const struct kc_cmd cmd_options = {
	.name = "options",
	.summary = "Print the list of flags inherited by all commands",
	.description = "Print the list of flags inherited by all commands.",
	.examples = "  # Print flags inherited by all commands\n  kubectl options",
	.usage = "[flags] [options]",
	.run = options_run,
	.group = "Other Commands:",
	.flags = KC_CMD_HIDDEN,
};
