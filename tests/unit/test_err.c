/* Unit tests for kube_err: Status decoding and client-go's synthesized messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <kube/err.h>

static void test_status_body(void **state)
{
	const char *body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
			   "\"message\":\"services \\\"nope\\\" not found\",\"reason\":\"NotFound\","
			   "\"details\":{\"name\":\"nope\",\"kind\":\"services\"},\"code\":404}";
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_err_from_http(&err, 404, body, strlen(body), NULL), KUBE_ENOTFOUND);
	assert_int_equal(err.code, KUBE_ENOTFOUND);
	assert_string_equal(err.reason, "NotFound");
	assert_string_equal(err.message, "services \"nope\" not found");
	assert_int_equal(err.http_status, 404);
	kube_err_clear(&err);
}

static void test_invalid_causes(void **state)
{
	const char *body = "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Invalid\",\"code\":422,"
			   "\"message\":\"x\",\"details\":{\"kind\":\"Service\",\"name\":\"s\",\"causes\":["
			   "{\"reason\":\"FieldValueInvalid\",\"message\":\"bad\",\"field\":\"spec.a\"},"
			   "{\"reason\":\"FieldValueRequired\",\"message\":\"req\",\"field\":\"spec.b\"}]}}";
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_err_from_http(&err, 422, body, strlen(body), NULL), KUBE_EAPI);
	assert_int_equal(err.ncauses, 2);
	assert_string_equal(err.causes[1].field, "spec.b");
	assert_string_equal(err.kind, "Service");
	kube_err_clear(&err);
}

static void test_synthesized(void **state)
{
	kube_err err = KUBE_ERR_INIT;
	kube_err_req req = {.method = "GET", .resource = "services", .name = "err-500-empty",
			    .content_type = "text/plain"};

	(void)state;
	assert_int_equal(kube_err_from_http(&err, 500, "not json at all\n", 16, &req), KUBE_EAPI);
	assert_string_equal(err.reason, "InternalError");
	assert_string_equal(err.message, "an error on the server (\"not json at all\") has prevented "
					 "the request from succeeding (get services err-500-empty)");
	req.name = "err-404-empty";
	assert_int_equal(kube_err_from_http(&err, 404, "", 0, &req), KUBE_ENOTFOUND);
	assert_string_equal(err.message, "the server could not find the requested resource (get "
					 "services err-404-empty)");
	req.name = "err-403-empty";
	assert_int_equal(kube_err_from_http(&err, 403, "not json at all", 15, &req), KUBE_EAPI);
	assert_string_equal(err.message, "not json at all (get services err-403-empty)");
	assert_int_equal(kube_err_from_http(&err, 418, "x", 1, NULL), KUBE_EAPI);
	assert_null(err.reason);
	assert_string_equal(err.message,
			    "the server responded with the status code 418 but did not return more information");
	req.method = "POST";
	assert_int_equal(kube_err_from_http(&err, 409, "", 0, &req), KUBE_EEXISTS);
	kube_err_clear(&err);
}

static void test_set_and_clear(void **state)
{
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_err_set(&err, KUBE_EINVAL, "bad %s", "thing"), KUBE_EINVAL);
	assert_string_equal(err.message, "bad thing");
	assert_int_equal(kube_err_set(NULL, KUBE_EIO, "x"), KUBE_EIO);
	kube_err_clear(&err);
	assert_null(err.message);
	kube_err_clear(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_body),
		cmocka_unit_test(test_invalid_causes),
		cmocka_unit_test(test_synthesized),
		cmocka_unit_test(test_set_and_clear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
