/* Unit tests for resource mapping, categories, paths and argument resolution, on discovery data
 * recorded from the real v1.37 apiserver (tests/fixtures/discovery), loaded through the disk
 * cache so that no request is made. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <kube/builder.h>
#include <kube/client.h>
#include <kube/discovery.h>

static char cache[256];
static kube_client *client;
static kube_discovery *disc;

static int setup(void **state)
{
	char src[512], dst[512], cmd[1200];
	kube_client_opts co = {.server = "https://127.0.0.1:1"}; /* never contacted */
	kube_discovery_opts dopts;

	(void)state;
	snprintf(cache, sizeof(cache), "/tmp/kubec-test-disc-%d", (int)getpid());
	snprintf(src, sizeof(src), "%s/discovery/kubec-discovery.json", getenv("KC_FIXTURES"));
	snprintf(dst, sizeof(dst), "%s/discovery/127.0.0.1_1", cache);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s && cp %s %s/", dst, src, dst);
	if (system(cmd) != 0)
		return -1;
	if (kube_client_new(&client, &co, NULL) < 0)
		return -1;
	memset(&dopts, 0, sizeof(dopts));
	dopts.cache_dir = cache;
	return kube_discovery_load(&disc, client, &dopts, NULL);
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	kube_discovery_free(disc);
	kube_client_free(client);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", cache);
	return system(cmd) == 0 ? 0 : -1;
}

static void expect_map(const char *arg, const char *group, const char *version, const char *res)
{
	const kube_resource *r = NULL;
	kube_err err = KUBE_ERR_INIT;

	assert_int_equal(kube_discovery_map(&r, disc, arg, &err), 0);
	assert_string_equal(r->group, group);
	assert_string_equal(r->version, version);
	assert_string_equal(r->resource, res);
}

static void test_mapping(void **state)
{
	(void)state;
	assert_false(kube_discovery_fresh(disc));
	expect_map("service", "", "v1", "services");
	expect_map("Service", "", "v1", "services");
	expect_map("SERVICES", "", "v1", "services");
	expect_map("svc", "", "v1", "services");
	expect_map("services.v1.", "", "v1", "services");
	expect_map("po", "", "v1", "pods");
	expect_map("deploy", "apps", "v1", "deployments");
	expect_map("deployments.apps", "apps", "v1", "deployments");
	expect_map("deployments.v1.apps", "apps", "v1", "deployments");
	expect_map("deploy.apps", "apps", "v1", "deployments");
	expect_map("Deployment", "apps", "v1", "deployments");
	expect_map("endpointslice", "discovery.k8s.io", "v1", "endpointslices");
	expect_map("endpointslices.discovery.k8s.io", "discovery.k8s.io", "v1", "endpointslices");
	/* core wins over events.k8s.io, the preferred version over others */
	expect_map("events", "", "v1", "events");
	expect_map("ev", "", "v1", "events");
	expect_map("hpa", "autoscaling", "v2", "horizontalpodautoscalers");
	expect_map("horizontalpodautoscalers.v1.autoscaling", "autoscaling", "v1",
		   "horizontalpodautoscalers");
}

static void test_categories_and_paths(void **state)
{
	const kube_resource **v = NULL, *r = NULL;
	kube_buf b = KUBE_BUF_INIT;
	size_t n, i;
	bool pods = false, deploys = false;

	(void)state;
	n = kube_discovery_category(&v, disc, "all");
	assert_true(n >= 5);
	for (i = 0; i < n; i++) {
		pods |= !strcmp(v[i]->resource, "pods");
		deploys |= !strcmp(v[i]->resource, "deployments");
		assert_true(v[i]->preferred);
	}
	assert_true(pods && deploys);
	free(v);
	assert_int_equal(kube_discovery_category(&v, disc, "nope"), 0);
	assert_int_equal(kube_discovery_map(&r, disc, "deploy", NULL), 0);
	kube_resource_path(&b, r, "team a", "web");
	assert_string_equal(b.ptr, "/apis/apps/v1/namespaces/team%20a/deployments/web");
	kube_buf_truncate(&b, 0);
	kube_resource_kind_prefix(&b, r);
	assert_string_equal(b.ptr, "deployment.apps");
	assert_int_equal(kube_discovery_map(&r, disc, "nodes", NULL), 0);
	kube_buf_truncate(&b, 0);
	kube_resource_path(&b, r, "ignored", NULL);
	assert_string_equal(b.ptr, "/api/v1/nodes");
	assert_true(kube_resource_has_verb(r, "list"));
	kube_buf_release(&b);
}

static void test_targets(void **state)
{
	kube_targets t = KUBE_TARGETS_INIT;
	kube_builder_opts bo = {.allow_empty_names = true};
	kube_err err = KUBE_ERR_INIT;
	char *a1[] = {"deployments,svc", "my-nginx"};
	char *a2[] = {"svc/a", "deploy/b"};
	char *a3[] = {"svc", "svc/a"};
	char *a4[] = {"svc/a/b"};
	char *a5[] = {"svc"};

	(void)state;
	assert_int_equal(kube_targets_resolve(&t, disc, a1, 2, &bo, &err), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.v[0].res->resource, "deployments");
	assert_string_equal(t.v[1].res->resource, "services");
	assert_string_equal(t.v[1].name, "my-nginx");
	assert_true(t.multiple_types);
	assert_false(t.single_item_implied);
	kube_targets_release(&t);

	assert_int_equal(kube_targets_resolve(&t, disc, a2, 2, &bo, &err), 0);
	assert_int_equal(t.n, 2);
	assert_true(t.multiple_types);
	kube_targets_release(&t);

	assert_int_equal(kube_targets_resolve(&t, disc, a3, 2, &bo, &err), KUBE_EINVAL);
	assert_non_null(strstr(err.message, "there is no need to specify a resource type"));
	assert_int_equal(kube_targets_resolve(&t, disc, a4, 1, &bo, &err), KUBE_EINVAL);
	assert_string_equal(err.message,
			    "arguments in resource/name form may not have more than one slash");
	bo.has_selector = true;
	assert_int_equal(kube_targets_resolve(&t, disc, a1, 2, &bo, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "name cannot be provided when a selector is specified");
	assert_int_equal(kube_targets_resolve(&t, disc, a5, 1, &bo, &err), 0);
	assert_int_equal(t.n, 1);
	assert_null(t.v[0].name);
	kube_targets_release(&t);
	kube_err_clear(&err);
}

static void test_query_and_duration(void **state)
{
	kube_buf b = KUBE_BUF_INIT;
	kube_param ps[] = {{"limit", "500"}, {"labelSelector", "run in (a,b),!x"}, {"continue", "t"}};

	(void)state;
	kube_query_encode(&b, ps, 3);
	assert_string_equal(b.ptr, "continue=t&labelSelector=run+in+%28a%2Cb%29%2C%21x&limit=500");
	kube_buf_truncate(&b, 0);
	kube_duration_format(&b, 5000);
	assert_string_equal(b.ptr, "5s");
	kube_buf_truncate(&b, 0);
	kube_duration_format(&b, 60000);
	assert_string_equal(b.ptr, "1m0s");
	kube_buf_truncate(&b, 0);
	kube_duration_format(&b, 3723500);
	assert_string_equal(b.ptr, "1h2m3.5s");
	kube_buf_truncate(&b, 0);
	kube_duration_format(&b, 250);
	assert_string_equal(b.ptr, "250ms");
	kube_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mapping),
		cmocka_unit_test(test_categories_and_paths),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_query_and_duration),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
