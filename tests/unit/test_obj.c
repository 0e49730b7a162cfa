/* Unit tests for kube_obj: JSON parse and Go-compatible printing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <kube/obj.h>

static kube_obj *parse(const char *s)
{
	kube_obj *o = NULL;
	kube_err err = KUBE_ERR_INIT;

	assert_int_equal(kube_obj_parse_json(&o, s, strlen(s), &err), 0);
	assert_int_equal(err.code, KUBE_OK);
	return o;
}

static void roundtrip(const char *in, unsigned flags, const char *want)
{
	kube_obj *o = parse(in);
	kube_buf b = KUBE_BUF_INIT;

	kube_json_write(&b, o, flags);
	assert_string_equal(b.ptr, want);
	kube_buf_release(&b);
	kube_obj_free(o);
}

static void test_big_integers_exact(void **state)
{
	int64_t v;
	kube_obj *o = parse("{\"n\":9007199254740993,\"m\":-9223372036854775808}");

	(void)state;
	assert_int_equal(kube_obj_int64(kube_obj_get(o, "n"), &v), 0);
	assert_true(v == 9007199254740993LL);
	assert_int_equal(kube_obj_int64(kube_obj_get(o, "m"), &v), 0);
	assert_true(v == INT64_MIN);
	kube_obj_free(o);
	roundtrip("{\"n\":9007199254740993}", 0, "{\"n\":9007199254740993}");
}

static void test_sorted_indent(void **state)
{
	(void)state;
	roundtrip("{\"b\":[1,{}],\"a\":{\"y\":[],\"x\":null}}", KUBE_JSON_INDENT | KUBE_JSON_SORT_KEYS,
		  "{\n    \"a\": {\n        \"x\": null,\n        \"y\": []\n    },\n    \"b\": [\n"
		  "        1,\n        {}\n    ]\n}");
}

static void test_go_escaping(void **state)
{
	(void)state;
	roundtrip("[\"<b>&</b>\",\"\\u2028\",\"\\u0001\\b\\f\\t\",\"h\\u00e9\"]",
		  KUBE_JSON_HTML_ESCAPE,
		  "[\"\\u003cb\\u003e\\u0026\\u003c/b\\u003e\",\"\\u2028\",\"\\u0001\\b\\f\\t\",\"h\xc3\xa9\"]");
	roundtrip("\"\\ud83d\\ude00\"", 0, "\"\xf0\x9f\x98\x80\"");
}

static void test_parse_errors(void **state)
{
	const char *bad[] = {"", "{", "[1,]", "{\"a\" 1}", "tru", "01x", "\"abc", "{} x", "-",
			     "\"\\q\""};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		kube_obj *o = (kube_obj *)1;
		kube_err err = KUBE_ERR_INIT;

		assert_int_equal(kube_obj_parse_json(&o, bad[i], strlen(bad[i]), &err), KUBE_EDECODE);
		assert_null(o);
		assert_int_equal(err.code, KUBE_EDECODE);
		assert_non_null(err.message);
		kube_err_clear(&err);
	}
}

static void test_build_and_access(void **state)
{
	kube_obj *o = kube_obj_new_object(), *d = NULL;
	kube_buf b = KUBE_BUF_INIT;

	(void)state;
	assert_int_equal(kube_obj_set_str(o, "kind", "Pod"), 0);
	assert_int_equal(kube_obj_set_take(o, "n", kube_obj_new_int(3)), 0);
	assert_int_equal(kube_obj_set_take(o, "kind", kube_obj_new_string("Service")), 0);
	assert_string_equal(kube_obj_path_str(o, "kind", NULL), "Service");
	assert_int_equal(kube_obj_len(o), 2);
	assert_int_equal(kube_obj_dup(&d, o, NULL), 0);
	assert_true(kube_obj_equal(o, d));
	kube_obj_remove(d, "n");
	assert_false(kube_obj_equal(o, d));
	kube_json_write(&b, o, 0);
	assert_string_equal(b.ptr, "{\"kind\":\"Service\",\"n\":3}");
	kube_buf_release(&b);
	kube_obj_free(o);
	kube_obj_free(d);
	kube_obj_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_big_integers_exact), cmocka_unit_test(test_sorted_indent),
		cmocka_unit_test(test_go_escaping),        cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_build_and_access),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
