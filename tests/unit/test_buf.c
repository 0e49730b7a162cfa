/* Unit tests for kube_buf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <kube/buf.h>

static void test_init_is_empty_string(void **state)
{
	kube_buf b = KUBE_BUF_INIT;

	(void)state;
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, "");
	kube_buf_release(&b);
	assert_string_equal(b.ptr, "");
}

static void test_append_printf_detach(void **state)
{
	kube_buf b = KUBE_BUF_INIT;
	char *p;
	size_t n;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		kube_buf_printf(&b, "%d,", i);
	kube_buf_puts(&b, "end");
	assert_int_equal(kube_buf_check(&b, NULL), 0);
	assert_true(b.len > 3000);
	p = kube_buf_detach(&b, &n);
	assert_int_equal(strlen(p), n);
	assert_memory_equal(p + n - 3, "end", 3);
	free(p);
	assert_string_equal(b.ptr, "");
}

static void test_cap_is_sticky(void **state)
{
	kube_buf b;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	kube_buf_init(&b, 8);
	kube_buf_puts(&b, "12345");
	kube_buf_puts(&b, "6789");
	kube_buf_puts(&b, "x");
	assert_true(b.failed);
	assert_string_equal(b.ptr, "12345");
	assert_int_equal(kube_buf_check(&b, &err), KUBE_EDECODE);
	assert_int_equal(err.code, KUBE_EDECODE);
	assert_null(kube_buf_detach(&b, NULL));
	kube_err_clear(&err);
}

static void test_escaping(void **state)
{
	kube_buf b = KUBE_BUF_INIT;

	(void)state;
	kube_buf_put_query(&b, "run in (my-nginx,x),pod-template-hash!=zz,!foo");
	assert_string_equal(b.ptr, "run+in+%28my-nginx%2Cx%29%2Cpod-template-hash%21%3Dzz%2C%21foo");
	kube_buf_truncate(&b, 0);
	kube_buf_put_pathseg(&b, "a b/c");
	assert_string_equal(b.ptr, "a%20b%2Fc");
	kube_buf_wipe(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_is_empty_string),
		cmocka_unit_test(test_append_printf_detach),
		cmocka_unit_test(test_cap_is_sticky),
		cmocka_unit_test(test_escaping),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
