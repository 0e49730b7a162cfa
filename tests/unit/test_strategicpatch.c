/* Unit tests for the three-way strategic merge patch, its server-side application and the
 * three-way JSON merge patch. Expected patches are the request bodies kubectl 1.37 sent for the
 * same original/modified/current documents (captured with -v=8), minus the last-applied
 * annotation; the schema below carries the same merge keys and strategies as the API server's
 * OpenAPI v3 documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <kube/apply.h>

#define REF(n) "{\"allOf\":[{\"$ref\":\"#/components/schemas/" n "\"}]}"
#define MERGE(key)                                                                                 \
	"\"x-kubernetes-patch-merge-key\":\"" key "\",\"x-kubernetes-patch-strategy\":\"merge\""

static const char schemas_json[] =
	"{"
	"\"io.k8s.api.apps.v1.Deployment\":{\"type\":\"object\",\"properties\":{"
	"\"apiVersion\":{\"type\":\"string\"},\"kind\":{\"type\":\"string\"},"
	"\"metadata\":" REF("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta") ","
	"\"spec\":" REF("io.k8s.api.apps.v1.DeploymentSpec") "},"
	"\"x-kubernetes-group-version-kind\":[{\"group\":\"apps\",\"kind\":\"Deployment\","
	"\"version\":\"v1\"}]},"
	"\"io.k8s.api.apps.v1.DeploymentSpec\":{\"type\":\"object\",\"properties\":{"
	"\"replicas\":{\"type\":\"integer\"},"
	"\"selector\":" REF("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector") ","
	"\"strategy\":{\"allOf\":[{\"$ref\":\"#/components/schemas/"
	"io.k8s.api.apps.v1.DeploymentStrategy\"}],\"x-kubernetes-patch-strategy\":\"retainKeys\"},"
	"\"template\":" REF("io.k8s.api.core.v1.PodTemplateSpec") "}},"
	"\"io.k8s.api.apps.v1.DeploymentStrategy\":{\"type\":\"object\",\"properties\":{"
	"\"type\":{\"type\":\"string\"},"
	"\"rollingUpdate\":" REF("io.k8s.api.apps.v1.RollingUpdateDeployment") "}},"
	"\"io.k8s.api.apps.v1.RollingUpdateDeployment\":{\"type\":\"object\",\"properties\":{"
	"\"maxSurge\":{},\"maxUnavailable\":{}}},"
	"\"io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector\":{\"type\":\"object\","
	"\"properties\":{"
	"\"matchLabels\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}}},"
	"\"io.k8s.api.core.v1.PodTemplateSpec\":{\"type\":\"object\",\"properties\":{"
	"\"metadata\":" REF("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta") ","
	"\"spec\":" REF("io.k8s.api.core.v1.PodSpec") "}},"
	"\"io.k8s.api.core.v1.PodSpec\":{\"type\":\"object\",\"properties\":{"
	"\"containers\":{\"type\":\"array\",\"items\":" REF("io.k8s.api.core.v1.Container") ","
	MERGE("name") "},"
	"\"volumes\":{\"type\":\"array\",\"items\":" REF("io.k8s.api.core.v1.Volume") ","
	"\"x-kubernetes-patch-merge-key\":\"name\","
	"\"x-kubernetes-patch-strategy\":\"merge,retainKeys\"},"
	"\"dnsPolicy\":{\"type\":\"string\"}}},"
	"\"io.k8s.api.core.v1.Container\":{\"type\":\"object\",\"required\":[\"name\"],"
	"\"properties\":{\"name\":{\"type\":\"string\"},\"image\":{\"type\":\"string\"},"
	"\"imagePullPolicy\":{\"type\":\"string\"},"
	"\"args\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
	"\"ports\":{\"type\":\"array\",\"items\":" REF("io.k8s.api.core.v1.ContainerPort") ","
	MERGE("containerPort") "},"
	"\"env\":{\"type\":\"array\",\"items\":" REF("io.k8s.api.core.v1.EnvVar") ","
	MERGE("name") "}}},"
	"\"io.k8s.api.core.v1.ContainerPort\":{\"type\":\"object\",\"properties\":{"
	"\"containerPort\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},"
	"\"protocol\":{\"type\":\"string\"}}},"
	"\"io.k8s.api.core.v1.EnvVar\":{\"type\":\"object\",\"properties\":{"
	"\"name\":{\"type\":\"string\"},\"value\":{\"type\":\"string\"}}},"
	"\"io.k8s.api.core.v1.Volume\":{\"type\":\"object\",\"properties\":{"
	"\"name\":{\"type\":\"string\"},\"emptyDir\":{\"type\":\"object\"},"
	"\"configMap\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}}},"
	"\"io.k8s.api.core.v1.ConfigMap\":{\"type\":\"object\",\"properties\":{"
	"\"apiVersion\":{\"type\":\"string\"},\"kind\":{\"type\":\"string\"},"
	"\"metadata\":" REF("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta") ","
	"\"data\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}}},"
	"\"io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta\":{\"type\":\"object\",\"properties\":{"
	"\"name\":{\"type\":\"string\"},\"namespace\":{\"type\":\"string\"},"
	"\"labels\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}},"
	"\"annotations\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}},"
	"\"finalizers\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
	"\"x-kubernetes-patch-strategy\":\"merge\"}}}"
	"}";

static kube_obj *schemas;

static int setup(void **state)
{
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_obj_parse_json(&schemas, schemas_json, strlen(schemas_json), &err),
			 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kube_obj_free(schemas);
	return 0;
}

static kube_obj *parse(const char *s)
{
	kube_obj *o = NULL;
	kube_err err = KUBE_ERR_INIT;

	assert_int_equal(kube_obj_parse_json(&o, s, strlen(s), &err), 0);
	return o;
}

static kube_patch_schema kind_schema(const char *name)
{
	kube_patch_schema s = {schemas, kube_obj_get(schemas, name)};

	assert_non_null(s.schema);
	return s;
}

static void check_text(const kube_obj *o, const char *want)
{
	kube_buf b = KUBE_BUF_INIT;

	kube_json_write(&b, o, KUBE_JSON_SORT_KEYS | KUBE_JSON_HTML_ESCAPE);
	assert_string_equal(b.ptr, want);
	kube_buf_release(&b);
}

static void three_way(const char *kind, const char *o, const char *m, const char *c,
		      const char *want)
{
	kube_obj *orig = parse(o), *mod = parse(m), *cur = parse(c), *patch = NULL;
	kube_patch_schema s = kind_schema(kind);
	kube_err err = KUBE_ERR_INIT;

	assert_int_equal(kube_strategic_three_way(&patch, orig, mod, cur, &s, true, &err), 0);
	assert_int_equal(err.code, KUBE_OK);
	check_text(patch, want);
	kube_obj_free(patch);
	kube_obj_free(orig);
	kube_obj_free(mod);
	kube_obj_free(cur);
}

/* containers a,b -> b,c: a deleted, b changed, c added, ports replaced inside c, labels */
static void test_containers_by_name(void **state)
{
	(void)state;
	three_way(
		"io.k8s.api.apps.v1.Deployment",
		"{\"metadata\":{\"labels\":{\"app\":\"web\"},\"name\":\"web\"},\"spec\":{"
		"\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"nginx\","
		"\"ports\":[{\"containerPort\":80},{\"containerPort\":443}],"
		"\"env\":[{\"name\":\"X\",\"value\":\"1\"}]},"
		"{\"name\":\"b\",\"image\":\"busybox\",\"args\":[\"sleep\",\"3600\"]}]}}}}",
		"{\"metadata\":{\"labels\":{\"app\":\"web\",\"tier\":\"x\"},\"name\":\"web\"},"
		"\"spec\":{\"template\":{\"spec\":{\"containers\":["
		"{\"name\":\"b\",\"image\":\"busybox:1.36\",\"args\":[\"sleep\",\"3600\"]},"
		"{\"name\":\"c\",\"image\":\"nginx\",\"ports\":[{\"containerPort\":8080,"
		"\"name\":\"http\"}]}]}}}}",
		"{\"metadata\":{\"labels\":{\"app\":\"web\"},\"name\":\"web\"},\"spec\":{"
		"\"template\":{\"spec\":{\"dnsPolicy\":\"ClusterFirst\",\"containers\":["
		"{\"name\":\"a\",\"image\":\"nginx\",\"imagePullPolicy\":\"Always\","
		"\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"},"
		"{\"containerPort\":443,\"protocol\":\"TCP\"}],"
		"\"env\":[{\"name\":\"X\",\"value\":\"1\"}]},"
		"{\"name\":\"b\",\"image\":\"busybox\",\"imagePullPolicy\":\"Always\","
		"\"args\":[\"sleep\",\"3600\"]}]}}}}",
		"{\"metadata\":{\"labels\":{\"tier\":\"x\"}},\"spec\":{\"template\":{\"spec\":{"
		"\"$setElementOrder/containers\":[{\"name\":\"b\"},{\"name\":\"c\"}],"
		"\"containers\":[{\"image\":\"busybox:1.36\",\"name\":\"b\"},{\"image\":\"nginx\","
		"\"name\":\"c\",\"ports\":[{\"containerPort\":8080,\"name\":\"http\"}]},"
		"{\"$patch\":\"delete\",\"name\":\"a\"}]}}}}");
}

/* finalizers (a merge list of strings): a parallel deletion list and the new order */
static void test_primitive_list(void **state)
{
	(void)state;
	three_way("io.k8s.api.core.v1.ConfigMap",
		  "{\"data\":{\"k\":\"1\"},\"metadata\":{\"finalizers\":[\"kubec.example/a\","
		  "\"kubec.example/b\"],\"name\":\"g2\"}}",
		  "{\"data\":{\"k\":\"1\"},\"metadata\":{\"finalizers\":[\"kubec.example/b\","
		  "\"kubec.example/c\"],\"name\":\"g2\"}}",
		  "{\"data\":{\"k\":\"1\"},\"metadata\":{\"finalizers\":[\"kubec.example/a\","
		  "\"kubec.example/b\"],\"name\":\"g2\",\"uid\":\"u\"}}",
		  "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"kubec.example/a\"],"
		  "\"$setElementOrder/finalizers\":[\"kubec.example/b\",\"kubec.example/c\"],"
		  "\"finalizers\":[\"kubec.example/c\"]}}");
	three_way("io.k8s.api.core.v1.ConfigMap",
		  "{\"metadata\":{\"finalizers\":[\"kubec.example/b\",\"kubec.example/c\"],"
		  "\"name\":\"g2\"}}",
		  "{\"metadata\":{\"name\":\"g2\"}}",
		  "{\"metadata\":{\"finalizers\":[\"kubec.example/b\",\"kubec.example/c\"],"
		  "\"name\":\"g2\"}}",
		  "{\"metadata\":{\"finalizers\":null}}");
}

/* retainKeys on the Deployment strategy and on volumes, and a pure reorder of containers */
static void test_retain_keys_and_order(void **state)
{
	(void)state;
	three_way(
		"io.k8s.api.apps.v1.Deployment",
		"{\"spec\":{\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":"
		"{\"maxSurge\":1}},\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\","
		"\"image\":\"img-a\"},{\"name\":\"b\",\"image\":\"img-b\"}],\"volumes\":["
		"{\"name\":\"v\",\"emptyDir\":{}}]}}}}",
		"{\"spec\":{\"strategy\":{\"type\":\"Recreate\"},\"template\":{\"spec\":{"
		"\"containers\":[{\"name\":\"b\",\"image\":\"img-b\"},{\"name\":\"a\","
		"\"image\":\"img-a2\"}],\"volumes\":[{\"name\":\"v\",\"configMap\":"
		"{\"name\":\"cm\"}}]}}}}",
		"{\"spec\":{\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":"
		"{\"maxSurge\":1,\"maxUnavailable\":\"25%\"}},\"template\":{\"spec\":{"
		"\"containers\":[{\"name\":\"a\",\"image\":\"img-a\",\"imagePullPolicy\":"
		"\"Always\"},{\"name\":\"b\",\"image\":\"img-b\",\"imagePullPolicy\":\"Always\"}],"
		"\"volumes\":[{\"name\":\"v\",\"emptyDir\":{}}]}}}}",
		"{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"rollingUpdate\":null,"
		"\"type\":\"Recreate\"},\"template\":{\"spec\":{\"$setElementOrder/containers\":"
		"[{\"name\":\"b\"},{\"name\":\"a\"}],\"$setElementOrder/volumes\":"
		"[{\"name\":\"v\"}],\"containers\":[{\"image\":\"img-a2\",\"name\":\"a\"}],"
		"\"volumes\":[{\"$retainKeys\":[\"configMap\",\"name\"],\"configMap\":"
		"{\"name\":\"cm\"},\"emptyDir\":null,\"name\":\"v\"}]}}}}");
}

static void test_unchanged_and_no_schema(void **state)
{
	const char *doc = "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"template\":{\"spec\":"
			  "{\"containers\":[{\"name\":\"a\",\"image\":\"i\"}]}}}}";
	kube_obj *o = parse(doc), *m = parse(doc), *c = parse(doc), *patch = NULL, *m2;
	kube_patch_schema none = {NULL, NULL};
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_strategic_three_way(&patch, o, m, c, &none, true, &err), 0);
	check_text(patch, "{}");
	kube_obj_free(patch);
	/* without patch metadata a changed list is replaced whole */
	m2 = parse("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"template\":{\"spec\":"
		   "{\"containers\":[{\"name\":\"b\",\"image\":\"i\"}]}}}}");
	assert_int_equal(kube_strategic_three_way(&patch, o, m2, c, &none, true, &err), 0);
	check_text(patch, "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"i\","
			  "\"name\":\"b\"}]}}}}");
	kube_obj_free(patch);
	kube_obj_free(m2);
	kube_obj_free(o);
	kube_obj_free(m);
	kube_obj_free(c);
}

static void test_overwrite_false_conflict(void **state)
{
	kube_obj *o = parse("{\"data\":{\"a\":\"1\"}}"), *m = parse("{\"data\":{\"a\":\"3\"}}");
	kube_obj *c = parse("{\"data\":{\"a\":\"2\"}}"), *patch = NULL;
	kube_patch_schema s = kind_schema("io.k8s.api.core.v1.ConfigMap");
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_strategic_three_way(&patch, o, m, c, &s, false, &err),
			 KUBE_ECONFLICT);
	assert_int_equal(err.code, KUBE_ECONFLICT);
	assert_null(patch);
	assert_non_null(
		strstr(err.message, "conflicts with changes made from original to current"));
	kube_err_clear(&err);
	/* the same change made by both sides is no conflict */
	kube_obj_free(c);
	c = parse("{\"data\":{\"a\":\"3\"}}");
	assert_int_equal(kube_strategic_three_way(&patch, o, m, c, &s, false, &err), 0);
	check_text(patch, "{}");
	kube_obj_free(patch);
	kube_obj_free(o);
	kube_obj_free(m);
	kube_obj_free(c);
}

/* The API server's side: the retainKeys/setElementOrder patch above applied to the live object */
static void test_apply_patch(void **state)
{
	kube_obj *cur = parse(
		"{\"spec\":{\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":"
		"{\"maxSurge\":1,\"maxUnavailable\":\"25%\"}},\"template\":{\"spec\":{"
		"\"containers\":[{\"name\":\"a\",\"image\":\"img-a\",\"imagePullPolicy\":"
		"\"Always\"},{\"name\":\"b\",\"image\":\"img-b\",\"imagePullPolicy\":\"Always\"},"
		"{\"name\":\"gone\",\"image\":\"g\"}],"
		"\"volumes\":[{\"name\":\"v\",\"emptyDir\":{}}]}}},\"metadata\":{\"finalizers\":"
		"[\"x\",\"y\"]}}");
	kube_obj *patch = parse(
		"{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"x\"],"
		"\"$setElementOrder/finalizers\":[\"z\",\"y\"],\"finalizers\":[\"z\"]},"
		"\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"rollingUpdate\":null,"
		"\"type\":\"Recreate\"},\"template\":{\"spec\":{\"$setElementOrder/containers\":"
		"[{\"name\":\"b\"},{\"name\":\"a\"}],\"$setElementOrder/volumes\":"
		"[{\"name\":\"v\"}],\"containers\":[{\"image\":\"img-a2\",\"name\":\"a\"},"
		"{\"$patch\":\"delete\",\"name\":\"gone\"}],"
		"\"volumes\":[{\"$retainKeys\":[\"configMap\",\"name\"],\"configMap\":"
		"{\"name\":\"cm\"},\"emptyDir\":null,\"name\":\"v\"}]}}}}");
	kube_patch_schema s = kind_schema("io.k8s.api.apps.v1.Deployment");
	kube_obj *res = NULL;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_strategic_apply(&res, cur, patch, &s, &err), 0);
	check_text(res, "{\"metadata\":{\"finalizers\":[\"z\",\"y\"]},\"spec\":{\"strategy\":"
			"{\"type\":\"Recreate\"},\"template\":{\"spec\":{\"containers\":["
			"{\"image\":\"img-b\",\"imagePullPolicy\":\"Always\",\"name\":\"b\"},"
			"{\"image\":\"img-a2\",\"imagePullPolicy\":\"Always\",\"name\":\"a\"}],"
			"\"volumes\":[{\"configMap\":{\"name\":\"cm\"},\"name\":\"v\"}]}}}}");
	kube_obj_free(res);
	kube_obj_free(cur);
	kube_obj_free(patch);
}

static void test_bad_input(void **state)
{
	kube_obj *o = parse("{}"), *m = parse("{\"spec\":{\"template\":{\"spec\":{\"containers\":"
					      "[{\"image\":\"x\"}]}}}}");
	kube_obj *c =
		parse("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}}}");
	kube_obj *patch = NULL;
	kube_patch_schema s = kind_schema("io.k8s.api.apps.v1.Deployment");
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	/* a container without its merge key */
	assert_int_equal(kube_strategic_three_way(&patch, o, m, c, &s, true, &err), KUBE_EINVAL);
	assert_int_equal(err.code, KUBE_EINVAL);
	assert_non_null(strstr(err.message, "does not contain declared merge key: name"));
	assert_null(patch);
	kube_err_clear(&err);
	kube_obj_free(o);
	kube_obj_free(m);
	kube_obj_free(c);
}

static void test_json_merge_three_way(void **state)
{
	kube_obj *o = parse("{\"kind\":\"W\",\"a\":1,\"l\":[1,2],\"m\":{\"x\":1,\"y\":2}}");
	kube_obj *m = parse("{\"kind\":\"W\",\"a\":1,\"l\":[2],\"m\":{\"x\":1},\"n\":3}");
	kube_obj *c = parse("{\"kind\":\"W\",\"a\":1.0,\"l\":[1,2],\"m\":{\"x\":1,\"y\":2,\"z\":3},"
			    "\"c\":9}");
	kube_obj *patch = NULL, *res = NULL, *m2;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_merge_three_way(&patch, o, m, c, &err), 0);
	check_text(patch, "{\"l\":[2],\"m\":{\"y\":null},\"n\":3}");
	assert_int_equal(kube_merge_apply(&res, c, patch, &err), 0);
	check_text(res, "{\"a\":1.0,\"c\":9,\"kind\":\"W\",\"l\":[2],\"m\":{\"x\":1,\"z\":3},"
			"\"n\":3}");
	kube_obj_free(res);
	kube_obj_free(patch);
	/* kind may not change */
	m2 = parse("{\"kind\":\"V\",\"a\":1}");
	assert_int_equal(kube_merge_three_way(&patch, o, m2, c, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "At least one of apiVersion, kind and name was changed");
	kube_err_clear(&err);
	kube_obj_free(m2);
	kube_obj_free(o);
	kube_obj_free(m);
	kube_obj_free(c);
}

/* The last-applied annotation value: no annotation inside, `annotations: {}`, sorted keys,
 * HTML escaping, a newline at the end */
static void test_last_applied(void **state)
{
	kube_obj *o = parse("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":"
			    "\"x\",\"annotations\":{\"kubectl.kubernetes.io/"
			    "last-applied-configuration\":\"old\"}},\"data\":{\"h\":\"<a&b>\"}}");
	kube_obj *p = parse("{\"metadata\":{\"name\":\"y\"},\"kind\":\"K\"}");
	kube_buf b = KUBE_BUF_INIT;

	(void)state;
	kube_apply_last_applied(&b, o);
	assert_string_equal(b.ptr,
			    "{\"apiVersion\":\"v1\",\"data\":{\"h\":\"\\u003ca\\u0026b\\u003e\"},"
			    "\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{},"
			    "\"name\":\"x\"}}\n");
	kube_buf_truncate(&b, 0);
	kube_apply_last_applied(&b, p);
	assert_string_equal(b.ptr,
			    "{\"kind\":\"K\",\"metadata\":{\"annotations\":{},\"name\":\"y\"}}\n");
	kube_buf_release(&b);
	kube_obj_free(o);
	kube_obj_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_containers_by_name),
		cmocka_unit_test(test_primitive_list),
		cmocka_unit_test(test_retain_keys_and_order),
		cmocka_unit_test(test_unchanged_and_no_schema),
		cmocka_unit_test(test_overwrite_false_conflict),
		cmocka_unit_test(test_apply_patch),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_json_merge_three_way),
		cmocka_unit_test(test_last_applied),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
