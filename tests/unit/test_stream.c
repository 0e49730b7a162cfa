/* Unit tests for the pure parts of the streaming commands: container defaulting, workload
 * selectors, --since-time, port-forward's port arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <kube/stream.h>

static kube_obj *parse(const char *s)
{
	kube_obj *o = NULL;

	assert_int_equal(kube_obj_parse_json(&o, s, strlen(s), NULL), 0);
	return o;
}

static void test_container_default(void **state)
{
	kube_obj *pod = parse("{\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\"},\"spec\":{"
			      "\"initContainers\":[{\"name\":\"setup\"}],"
			      "\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}],"
			      "\"ephemeralContainers\":[{\"name\":\"dbg\"}]}}");
	kube_obj *annotated =
	    parse("{\"metadata\":{\"name\":\"q\",\"annotations\":{"
		  "\"kubectl.kubernetes.io/default-container\":\"b\"}},"
		  "\"spec\":{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]}}");
	kube_obj *bad = parse("{\"metadata\":{\"name\":\"r\",\"annotations\":{"
			      "\"kubectl.kubernetes.io/default-container\":\"zz\"}},"
			      "\"spec\":{\"containers\":[{\"name\":\"a\"}]}}");
	kube_obj *empty = parse("{\"metadata\":{\"name\":\"e\",\"namespace\":\"ns\"},\"spec\":{}}");
	kube_buf names = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	const char *name = NULL;
	bool defaulted = false;

	(void)state;
	kube_pod_container_names(&names, pod);
	assert_string_equal(names.ptr, "a, b, dbg (ephem), setup (init)");
	assert_int_equal(kube_pod_container(&name, &defaulted, pod, NULL, &err), 0);
	assert_string_equal(name, "a");
	assert_true(defaulted);
	assert_int_equal(kube_pod_container(&name, &defaulted, pod, "setup", &err), 0);
	assert_string_equal(name, "setup");
	assert_false(defaulted);
	assert_int_equal(kube_pod_container(&name, &defaulted, annotated, NULL, &err), 0);
	assert_string_equal(name, "b");
	assert_false(defaulted);
	assert_int_equal(kube_pod_container(&name, &defaulted, pod, "nope", &err), KUBE_ERROR);
	assert_string_equal(err.message, "container nope is not valid for pod p out of: a, b, dbg "
					 "(ephem), setup (init)");
	kube_err_clear(&err);
	assert_int_equal(kube_pod_container(&name, &defaulted, bad, NULL, &err), KUBE_ERROR);
	assert_string_equal(err.message, "container zz is not valid for pod r out of: a");
	kube_err_clear(&err);
	assert_int_equal(kube_pod_container(&name, &defaulted, empty, NULL, &err), KUBE_ERROR);
	assert_string_equal(err.message, "pod ns/e does not have any containers");
	kube_err_clear(&err);
	kube_buf_release(&names);
	kube_obj_free(pod);
	kube_obj_free(annotated);
	kube_obj_free(bad);
	kube_obj_free(empty);
}

static void selector_is(const char *json, int want_rc, const char *want)
{
	kube_obj *o = parse(json);
	kube_buf b = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	assert_int_equal(kube_pod_selector(&b, o, &err), want_rc);
	assert_string_equal(want_rc ? err.message : b.ptr, want);
	kube_err_clear(&err);
	kube_buf_release(&b);
	kube_obj_free(o);
}

static void test_selectors(void **state)
{
	(void)state;
	selector_is("{\"kind\":\"Deployment\",\"spec\":{\"selector\":{\"matchLabels\":{\"tier\":"
		    "\"fe\",\"app\":\"web\"},\"matchExpressions\":[{\"key\":\"env\",\"operator\":"
		    "\"NotIn\",\"values\":[\"qa\",\"dev\"]},{\"key\":\"canary\",\"operator\":"
		    "\"DoesNotExist\"},{\"key\":\"beta\",\"operator\":\"Exists\"}]}}}",
		    0, "app=web,beta,!canary,env notin (dev,qa),tier=fe");
	selector_is("{\"kind\":\"Service\",\"spec\":{\"selector\":{\"run\":\"x\",\"app\":\"a\"}}}",
		    0, "app=a,run=x");
	selector_is("{\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"},\"spec\":{}}", KUBE_ERROR,
		    "invalid service 's': Service is defined without a selector");
	selector_is("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\"}", KUBE_ERROR,
		    "selector for *v1.ConfigMap not implemented");
	selector_is("{\"kind\":\"CronJob\",\"apiVersion\":\"batch/v1\"}", KUBE_ERROR,
		    "selector for *v1.CronJob not implemented");
}

static void since(const char *in, int want_rc, const char *want)
{
	kube_buf b = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	assert_int_equal(kube_logs_since_time(&b, in, &err), want_rc);
	assert_string_equal(want_rc ? err.message : b.ptr, want);
	kube_err_clear(&err);
	kube_buf_release(&b);
}

static void test_since_time(void **state)
{
	(void)state;
	since("2020-01-01T00:00:00Z", 0, "2020-01-01T00:00:00Z");
	since("2020-01-01T00:00:00.123456789Z", 0, "2020-01-01T00:00:00Z");
	since("2020-01-01T01:30:00+02:00", 0, "2019-12-31T23:30:00Z");
	since("bad", KUBE_EINVAL,
	      "parsing time \"bad\" as \"2006-01-02T15:04:05Z07:00\": cannot "
	      "parse \"bad\" as \"2006\"");
	since("2020-01-01", KUBE_EINVAL,
	      "parsing time \"2020-01-01\" as "
	      "\"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\"");
	since("2020-13-01T00:00:00Z", KUBE_EINVAL,
	      "parsing time \"2020-13-01T00:00:00Z\": month out of range");
	since("2021-02-29T00:00:00Z", KUBE_EINVAL,
	      "parsing time \"2021-02-29T00:00:00Z\": day out of range");
	since("2020-01-01T00:00:00Zx", KUBE_EINVAL,
	      "parsing time \"2020-01-01T00:00:00Zx\": extra text: \"x\"");
}

static void ports_are(const char *obj, const char *pod, const char *const *in, size_t n,
		      int want_rc, const char *const *want)
{
	kube_obj *o = obj ? parse(obj) : NULL, *p = parse(pod);
	kube_err err = KUBE_ERR_INIT;
	char **out = NULL;
	size_t i;

	assert_int_equal(kube_portforward_ports(&out, o, p, in, n, &err), want_rc);
	if (want_rc) {
		assert_string_equal(err.message, want[0]);
		assert_null(out);
	} else {
		for (i = 0; i < n; i++)
			assert_string_equal(out[i], want[i]);
	}
	kube_err_clear(&err);
	free(out);
	kube_obj_free(o);
	kube_obj_free(p);
}

static void test_portforward_ports(void **state)
{
	static const char pod[] =
	    "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{"
	    "\"ports\":[{\"name\":\"http\",\"containerPort\":80,\"protocol\":\"TCP\"},"
	    "{\"name\":\"dns\",\"containerPort\":53,\"protocol\":\"UDP\"}]}]}}";
	static const char svc[] =
	    "{\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"},\"spec\":{\"ports\":["
	    "{\"name\":\"web\",\"port\":8080,\"targetPort\":\"http\"},"
	    "{\"name\":\"plain\",\"port\":9001,\"targetPort\":9000},"
	    "{\"name\":\"same\",\"port\":7000}]}}";
	const char *a[] = {"http", "8080:http", "9000", ":80"};
	const char *a_want[] = {"80", "8080:80", "9000", ":80"};
	const char *b[] = {"8080", "web", "1234:9001", "7000"};
	const char *b_want[] = {"8080:80", "8080:80", "1234:9000", "7000"};
	const char *c[] = {"nope"};
	const char *c_want[] = {"Pod 'p' does not have a named port 'nope'"};
	const char *d[] = {"53"};
	const char *d_want[] = {"UDP protocol is not supported for 53"};
	const char *e[] = {"81"};
	const char *e_want[] = {"Service s does not have a service port 81"};
	const char *f[] = {"1:2:3"};
	const char *f_want[] = {"1"};

	(void)state;
	ports_are(NULL, pod, a, 4, 0, a_want);
	ports_are(svc, pod, b, 4, 0, b_want);
	ports_are(NULL, pod, c, 1, KUBE_ERROR, c_want);
	ports_are(NULL, pod, d, 1, KUBE_ERROR, d_want);
	ports_are(svc, pod, e, 1, KUBE_ERROR, e_want);
	ports_are(NULL, pod, f, 1, 0, f_want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_container_default),
	    cmocka_unit_test(test_selectors),
	    cmocka_unit_test(test_since_time),
	    cmocka_unit_test(test_portforward_ports),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
