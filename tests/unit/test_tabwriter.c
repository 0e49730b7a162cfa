/* Unit tests for kube_tabwriter: Go text/tabwriter and liggitt/tabwriter (RememberWidths). The
 * expected strings were produced by the Go packages kubectl 1.37 vendors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <kube/printer.h>

static const kube_tabwriter_opts get_opts = KUBE_TABWRITER_GET_OPTS;
static const kube_tabwriter_opts plain_opts = {6, 4, 3, ' ', 0};
static const kube_tabwriter_opts describe_opts = KUBE_TABWRITER_DESCRIBE_OPTS;

/* Write in (split into chunks at every '\1'; "\1FLUSH\1" flushes in between) and compare. */
static void check_tw(const kube_tabwriter_opts *o, const char *in, const char *want)
{
	kube_tabwriter *tw = NULL;
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	const char *p = in, *q;

	assert_int_equal(kube_tabwriter_new(&tw, o, &err), 0);
	for (;;) {
		q = strchr(p, '\1');
		if (q && q - p == 5 && !strncmp(p, "FLUSH", 5))
			assert_int_equal(kube_tabwriter_flush(tw, &out, &err), 0);
		else
			kube_tabwriter_write(tw, p, q ? (size_t)(q - p) : strlen(p));
		if (!q)
			break;
		p = q + 1;
	}
	assert_int_equal(kube_tabwriter_flush(tw, &out, &err), 0);
	assert_string_equal(out.ptr, want);
	assert_int_equal(err.code, KUBE_OK);
	kube_buf_release(&out);
	kube_tabwriter_free(tw);
}

/* Same input fed one byte at a time must give the same output. */
static void check_bytewise(const kube_tabwriter_opts *o, const char *in, const char *want)
{
	kube_tabwriter *tw = NULL;
	kube_buf out = KUBE_BUF_INIT;
	size_t i;

	assert_int_equal(kube_tabwriter_new(&tw, o, NULL), 0);
	for (i = 0; in[i]; i++)
		kube_tabwriter_write(tw, in + i, 1);
	assert_int_equal(kube_tabwriter_flush(tw, &out, NULL), 0);
	assert_string_equal(out.ptr, want);
	kube_buf_release(&out);
	kube_tabwriter_free(tw);
}

/* 4.1: kubectl get svc -L run,component; the my-nginx line ends in the RUN cell's padding. */
static void test_get_label_columns_trailing_spaces(void **state)
{
	const char *in = "NAME\tTYPE\tCLUSTER-IP\tEXTERNAL-IP\tPORT(S)\tAGE\tRUN\tCOMPONENT\n"
			 "kubernetes\tClusterIP\t10.96.0.1\t<none>\t443/TCP\t40d\t\tapiserver\n"
			 "my-nginx\tClusterIP\t10.0.162.149\t<none>\t80/TCP\t5m8s\tmy-nginx\t\n";
	const char *want =
		"NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE    RUN        "
		"COMPONENT\n"
		"kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP   40d               "
		"apiserver\n"
		"my-nginx     ClusterIP   10.0.162.149   <none>        80/TCP    5m8s   "
		"my-nginx   \n";

	(void)state;
	check_tw(&get_opts, in, want);
	check_bytewise(&get_opts, in, want);
}

/* 4.1: minwidth 6 even for one-character cells (custom-columns R:.spec.replicas). */
static void test_minwidth(void **state)
{
	(void)state;
	check_tw(&get_opts, "R\tN\n3\tmulti\n", "R     N\n3     multi\n");
}

/* 4.1: widths are runes, not bytes: ÄÖ + 4 spaces = 6. */
static void test_runes(void **state)
{
	(void)state;
	check_tw(&get_opts, "\xc3\x84\xc3\x96\tx\nab\ty\n", "\xc3\x84\xc3\x96    x\nab    y\n");
	/* split inside a UTF-8 sequence */
	check_bytewise(&get_opts, "\xc3\x84\xc3\x96\tx\nab\ty\n",
		       "\xc3\x84\xc3\x96    x\nab    y\n");
	/* invalid bytes count one each: "\xe4\xb8" is 2 runes wide */
	check_tw(&get_opts, "x\xe4\xb8\ty\nabcdefg\tz\n", "x\xe4\xb8       y\nabcdefg   z\n");
}

/* Go's package documentation example: b and c are distinct columns because the "a" line (one
 * tab-terminated cell) ends the block of column 1. */
static void test_fewer_cells_end_block(void **state)
{
	const char *in = "aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n";
	const char *want = "aaaa   bbb   d\naa     b     dd\na      \naa     cccc   eee\n";

	(void)state;
	check_tw(&plain_opts, in, want);
	check_tw(&get_opts, in, want);
}

/* A line without a tab ends every block; Go's plain writer starts afresh after it, kubectl's
 * (RememberWidths) keeps the widths seen so far. */
static void test_single_cell_line_and_remember_widths(void **state)
{
	const char *in = "aaaaaaaaaaaa\tb\nsingle\nc\td\n";

	(void)state;
	check_tw(&plain_opts, in, "aaaaaaaaaaaa   b\nsingle\nc     d\n");
	check_tw(&get_opts, in, "aaaaaaaaaaaa   b\nsingle\nc              d\n");
	/* remembered across an explicit flush, too (watch output) */
	check_tw(&get_opts, "A\tB\nlong-long-long\tx\1FLUSH\1s\tt\n",
		 "A                B\nlong-long-long   xs                t\n");
	check_tw(&plain_opts, "A\tB\nlong-long-long\tx\1FLUSH\1s\tt\n",
		 "A                B\nlong-long-long   xs     t\n");
}

static void test_reset_widths(void **state)
{
	kube_tabwriter *tw = NULL;
	kube_buf out = KUBE_BUF_INIT;

	(void)state;
	assert_int_equal(kube_tabwriter_new(&tw, &get_opts, NULL), 0);
	kube_tabwriter_puts(tw, "very-long-name\tx\n");
	assert_int_equal(kube_tabwriter_flush(tw, &out, NULL), 0);
	kube_tabwriter_reset_widths(tw);
	kube_tabwriter_puts(tw, "a\tb\n");
	assert_int_equal(kube_tabwriter_flush(tw, &out, NULL), 0);
	assert_string_equal(out.ptr, "very-long-name   x\na     b\n");
	kube_buf_release(&out);
	kube_tabwriter_free(tw);
}

/* Cells terminated by a tab are padded even at the end of a line. */
static void test_trailing_tab_padded(void **state)
{
	(void)state;
	check_tw(&get_opts, "a\tb\t\nlonger-cell\tx\t\n",
		 "a             b     \nlonger-cell   x     \n");
}

static void test_unterminated_last_line(void **state)
{
	(void)state;
	check_tw(&get_opts, "a\tb\nno newline\tat end", "a            b\nno newline   at end");
	check_tw(&get_opts, "", "");
	check_tw(&get_opts, "\n\n", "\n\n");
}

/* kubectl describe: minwidth 0, tabwidth 8, padding 2, no RememberWidths. */
static void test_describe_settings(void **state)
{
	(void)state;
	check_tw(&describe_opts,
		 "Name:\tmy-nginx\nNamespace:\tdefault\nLabels:\trun=my-nginx\n\tapp=x\n"
		 "Selector:\trun=my-nginx\n",
		 "Name:       my-nginx\nNamespace:  default\nLabels:     run=my-nginx\n"
		 "            app=x\nSelector:   run=my-nginx\n");
}

/* 0xff brackets escaped text: tabs inside are not cell breaks; an unclosed escape swallows
 * the rest. */
static void test_escape(void **state)
{
	static const kube_tabwriter_opts strip = {6, 4, 3, ' ', KUBE_TW_STRIP_ESCAPE};

	(void)state;
	check_tw(&get_opts, "x\xff" "a\tb\xff\tc\nd\te\n", "x\xff" "a\tb\xff   c\nd      e\n");
	check_tw(&get_opts, "\xff\xfe\tx\nab\xe4\xb8\ty\n", "\xff\xfe\tx\nab\xe4\xb8\ty\n");
	check_tw(&strip, "x\xff" "a\tb\xff\tc\nd\te\n", "xa\tb   c\nd      e\n");
}

/* '\v' is a soft tab; '\f' ends the line and every block. */
static void test_soft_tab_and_formfeed(void **state)
{
	static const kube_tabwriter_opts discard = {0, 4, 1, ' ', KUBE_TW_DISCARD_EMPTY};

	(void)state;
	check_tw(&get_opts, "a\vb\tc\naaaaaaaaa\vbb\tc\n",
		 "a           b     c\naaaaaaaaa   bb    c\n");
	check_tw(&get_opts, "a\tb\fccccccccccc\td\n", "a     b\nccccccccccc   d\n");
	check_tw(&discard, "a\v\vb\nc\v\vd\n", "a b\nc d\n");
	check_tw(&discard, "a\t\tb\nc\t\td\n", "a  b\nc  d\n");
}

static void test_flags(void **state)
{
	static const kube_tabwriter_opts right = {0, 4, 1, ' ', KUBE_TW_ALIGN_RIGHT};
	static const kube_tabwriter_opts debug = {0, 4, 1, ' ', KUBE_TW_DEBUG};
	static const kube_tabwriter_opts tabs = {0, 8, 1, '\t', 0};
	static const kube_tabwriter_opts indent = {0, 4, 1, '.', KUBE_TW_TAB_INDENT};
	static const kube_tabwriter_opts html = {0, 4, 1, ' ', KUBE_TW_FILTER_HTML};
	static const kube_tabwriter_opts dots = {4, 4, 1, '.', 0};

	(void)state;
	check_tw(&right, "a\tbbb\tc\naaa\tb\tc\n", "   a bbbc\n aaa   bc\n");
	check_tw(&debug, "a\tbbb\tc\naaa\tb\tc\f", "a   |bbb |c\naaa |b   |c\n---\n");
	check_tw(&tabs, "a\tb\naaaaaaaaaaa\tb\n", "a\t\tb\naaaaaaaaaaa\tb\n");
	check_tw(&indent, "\t\tx\tz\n\ty\t\n", "\t\tx.z\n\ty.\n");
	check_tw(&html, "<b>x</b>\ty\n&amp;\tz\n", "<b>x</b> y\n&amp; z\n");
	check_tw(&dots, "a\tb\n", "a...b\n");
}

static void test_bad_options(void **state)
{
	static const kube_tabwriter_opts bad = {-1, 0, 0, 0, 0};
	kube_tabwriter *tw = (kube_tabwriter *)1;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_tabwriter_new(&tw, &bad, &err), KUBE_EINVAL);
	assert_null(tw);
	assert_int_equal(err.code, KUBE_EINVAL);
	kube_err_clear(&err);
	/* NULL options are Go's zero configuration */
	assert_int_equal(kube_tabwriter_new(&tw, NULL, NULL), 0);
	kube_tabwriter_puts(tw, "a\tbb\tc\naaa\tb\tc\n");
	{
		kube_buf out = KUBE_BUF_INIT;

		assert_int_equal(kube_tabwriter_flush(tw, &out, NULL), 0);
		assert_string_equal(out.ptr, "a  bbc\naaab c\n");
		kube_buf_release(&out);
	}
	kube_tabwriter_free(tw);
	kube_tabwriter_free(NULL);
}

/* 10,000 rows through one writer stay linear. */
static void test_many_rows(void **state)
{
	kube_tabwriter *tw = NULL;
	kube_buf out = KUBE_BUF_INIT;
	char line[64];
	int i;

	(void)state;
	assert_int_equal(kube_tabwriter_new(&tw, &get_opts, NULL), 0);
	kube_tabwriter_puts(tw, "NAME\tREADY\tSTATUS\n");
	for (i = 0; i < 10000; i++) {
		snprintf(line, sizeof(line), "pod-%d\t1/1\tRunning\n", i);
		kube_tabwriter_puts(tw, line);
	}
	assert_int_equal(kube_tabwriter_flush(tw, &out, NULL), 0);
	assert_memory_equal(out.ptr, "NAME       READY   STATUS\npod-0      1/1     Running\n", 52);
	assert_non_null(strstr(out.ptr, "\npod-9999   1/1     Running\n"));
	assert_int_equal(out.len, 26 + 10000 * 27);
	kube_buf_release(&out);
	kube_tabwriter_free(tw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_label_columns_trailing_spaces),
		cmocka_unit_test(test_minwidth),
		cmocka_unit_test(test_runes),
		cmocka_unit_test(test_fewer_cells_end_block),
		cmocka_unit_test(test_single_cell_line_and_remember_widths),
		cmocka_unit_test(test_reset_widths),
		cmocka_unit_test(test_trailing_tab_padded),
		cmocka_unit_test(test_unterminated_last_line),
		cmocka_unit_test(test_describe_settings),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_soft_tab_and_formfeed),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_many_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
