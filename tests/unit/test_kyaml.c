/* Unit tests for the KYAML writer (kubectl -o kyaml). Expected texts were produced by
 * kubectl 1.37.2 on the same objects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <kube/codec.h>
#include <kube/obj.h>

static void check(const char *json, const char *want)
{
	kube_obj *o = NULL;
	kube_buf b = KUBE_BUF_INIT;

	assert_int_equal(kube_obj_parse_json(&o, json, strlen(json), NULL), 0);
	kube_kyaml_write(&b, o);
	assert_int_equal(kube_buf_check(&b, NULL), 0);
	assert_string_equal(b.ptr, want);
	kube_buf_release(&b);
	kube_obj_free(o);
}

static void test_scalars_and_keys(void **state)
{
	(void)state;
	check("{\"y\":\"n\",\"on\":\"off\",\"b\":true,\"n\":null,\"i\":9007199254740993,\"kind-of\":\"x\","
	      "\"a.b/c\":\"\",\"-x\":\"1\",\"html\":\"<b>&</b>\",\"tab\":\"a\\tb\"}",
	      "---\n{\n  \"-x\": \"1\",\n  a.b/c: \"\",\n  b: true,\n  html: \"<b>&</b>\",\n"
	      "  i: 9007199254740993,\n  kind-of: \"x\",\n  \"n\": null,\n  \"on\": \"off\",\n"
	      "  tab: \"a\tb\",\n  \"y\": \"n\",\n}\n");
}

static void test_lists(void **state)
{
	(void)state;
	check("{\"e\":[],\"m\":{},\"s\":[\"a\",\"b\"],\"p\":[{\"port\":80},{\"port\":81}]}",
	      "---\n{\n  e: [],\n  m: {},\n  p: [{\n    port: 80,\n  }, {\n    port: 81,\n  }],\n"
	      "  s: [\n    \"a\",\n    \"b\",\n  ],\n}\n");
}

static void test_multiline(void **state)
{
	(void)state;
	check("{\"d\":{\"multi\":\"line one\\nline two\\n\",\"nonl\":\"first\\nsecond\"}}",
	      "---\n{\n  d: {\n    multi: \"\\\n       line one\\n\\\n       line two\\n\\\n      \",\n"
	      "    nonl: \"\\\n       first\\n\\\n       second\\\n      \",\n  },\n}\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars_and_keys),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_multiline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
