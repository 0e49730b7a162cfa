/* Unit tests for kubectl's time formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <kube/time.h>

static void dur(int64_t s, const char *want)
{
	kube_buf b = KUBE_BUF_INIT;

	kube_human_duration(&b, s);
	assert_string_equal(b.ptr, want);
	kube_buf_release(&b);
}

static void test_human_duration(void **state)
{
	(void)state;
	dur(-5, "<invalid>");
	dur(-1, "0s");
	dur(0, "0s");
	dur(119, "119s");
	dur(120, "2m");
	dur(303, "5m3s");
	dur(599, "9m59s");
	dur(600, "10m");
	dur(179 * 60 + 59, "179m");
	dur(3 * 3600, "3h");
	dur(3 * 3600 + 60, "3h1m");
	dur(8 * 3600, "8h");
	dur(47 * 3600 + 3599, "47h");
	dur(48 * 3600, "2d");
	dur(49 * 3600, "2d1h");
	dur(8 * 86400, "8d");
	dur(729 * 86400, "729d");
	dur(730 * 86400, "2y");
	dur(731 * 86400, "2y1d");
	dur(8 * 365 * 86400, "8y");
}

static void test_parse_and_format(void **state)
{
	int64_t t;
	kube_buf b = KUBE_BUF_INIT;

	(void)state;
	assert_int_equal(kube_time_parse("2026-11-26T15:54:27Z", &t), 0);
	kube_time_rfc1123z(&b, t);
	assert_string_equal(b.ptr, "Thu, 26 Nov 2026 15:54:27 +0000");
	assert_int_equal(kube_time_parse("2026-11-26T16:54:27.123+01:00", &t), 0);
	kube_buf_truncate(&b, 0);
	kube_time_rfc1123z(&b, t);
	assert_string_equal(b.ptr, "Thu, 26 Nov 2026 15:54:27 +0000");
	assert_int_equal(kube_time_parse("1970-01-01T00:00:00Z", &t), 0);
	assert_true(t == 0);
	assert_int_equal(kube_time_parse("yesterday", &t), KUBE_EINVAL);
	assert_int_equal(kube_time_parse(NULL, &t), KUBE_EINVAL);
	kube_buf_truncate(&b, 0);
	kube_human_age(&b, NULL);
	assert_string_equal(b.ptr, "<unknown>");
	kube_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_human_duration),
		cmocka_unit_test(test_parse_and_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
