/* kube-names: print the names of the objects of one resource type, the way
 * `kubectl get TYPE -o name` does, using libkube's public API only.
 *
 *     kube-names [-n NAMESPACE] TYPE
 *
 * It loads the kubeconfig as kubectl does ($KUBECONFIG, else ~/.kube/config), resolves the
 * current context, builds a REST client, maps TYPE through discovery (short names, kinds and
 * groups work: "svc", "deploy", "deployments.apps") and lists page by page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kube/kube.h>

struct page_ctx {
	const kube_resource *res;
	size_t count;
};

static int on_page(kube_obj *page, void *payload, kube_err *err)
{
	struct page_ctx *pc = payload;
	const kube_obj *item;
	kube_buf prefix = KUBE_BUF_INIT;

	(void)err;
	kube_resource_kind_prefix(&prefix, pc->res);
	kube_obj_foreach(item, kube_obj_get(page, "items")) {
		printf("%s/%s\n", prefix.ptr ? prefix.ptr : "",
		       kube_obj_path_str(item, "metadata", "name", NULL));
		pc->count++;
	}
	kube_buf_release(&prefix);
	kube_obj_free(page); /* pages are ours */
	return 0;
}

int main(int argc, char **argv)
{
	kube_err err = KUBE_ERR_INIT;
	kube_config *config = NULL;
	kube_config_overrides ov;
	kube_rest_config *rc = NULL;
	kube_client_opts co;
	const char **groups = NULL;
	kube_client *client = NULL;
	kube_discovery *disc = NULL;
	kube_list_opts lo;
	struct page_ctx pc = {NULL, 0};
	const char *type = NULL;
	int i, status = 1;

	memset(&ov, 0, sizeof(ov));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			ov.namespace_ = argv[++i];
		else
			type = argv[i];
	}
	if (!type) {
		fprintf(stderr, "usage: %s [-n NAMESPACE] TYPE\n", argv[0]);
		return 2;
	}
	if (kube_config_load(&config, NULL, &err) < 0 ||
	    kube_config_resolve(&rc, config, &ov, &err) < 0 ||
	    kube_client_opts_from_config(&co, &groups, rc, &err) < 0)
		goto out;
	co.user_agent = "kube-names/0.1";
	if (kube_client_new(&client, &co, &err) < 0 ||
	    kube_discovery_load(&disc, client, NULL, &err) < 0 ||
	    kube_discovery_map(&pc.res, disc, type, &err) < 0)
		goto out;
	memset(&lo, 0, sizeof(lo));
	lo.namespace = pc.res->namespaced ? rc->namespace_ : NULL;
	lo.chunk_size = 500;
	if (kube_list(client, pc.res, &lo, on_page, &pc, &err) < 0)
		goto out;
	status = 0;
out:
	if (status)
		fprintf(stderr, "error: %s\n", err.message ? err.message : kube_code_str(err.code));
	kube_err_clear(&err);
	kube_discovery_free(disc);
	kube_client_free(client);
	free(groups);
	kube_rest_config_free(rc);
	kube_config_free(config);
	return status;
}
