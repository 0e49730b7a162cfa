/* Unit tests for the YAML codec: kubectl-identical `-o yaml` output and `apply -f` input.
 *
 * Expected texts were produced by kubectl's own libraries (sigs.k8s.io/yaml over
 * go.yaml.in/yaml/v2 v2.4.4, k8s.io/apimachinery 0.37 util/yaml) on the same inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <kube/codec.h>

/* ---- helpers ---- */

static char *read_fixture(const char *name, size_t *len)
{
	const char *dir = getenv("KC_FIXTURES");
	char path[4096];
	FILE *f;
	char *p;
	long n;

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/yaml/%s", dir, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return p;
}

static kube_obj *json(const char *s)
{
	kube_obj *o = NULL;
	kube_err err = KUBE_ERR_INIT;

	assert_int_equal(kube_obj_parse_json(&o, s, strlen(s), &err), 0);
	return o;
}

/* YAML of a JSON text. */
static void check_yaml(const char *in, unsigned flags, const char *want)
{
	kube_obj *o = json(in);
	kube_buf b = KUBE_BUF_INIT;

	kube_yaml_write(&b, o, flags);
	assert_int_equal(kube_buf_check(&b, NULL), 0);
	assert_string_equal(b.ptr, want);
	kube_buf_release(&b);
	kube_obj_free(o);
}

/* A one-member object {"k": <value>} written as YAML, without the "k: " prefix and newline. */
static void check_value(const char *value_json, const char *want)
{
	kube_buf in = KUBE_BUF_INIT, w = KUBE_BUF_INIT;
	kube_obj *o;

	kube_buf_printf(&in, "{\"k\":%s}", value_json);
	o = json(in.ptr);
	kube_yaml_write(&w, o, 0);
	assert_true(w.len > 4 && !memcmp(w.ptr, "k: ", 3) && w.ptr[w.len - 1] == '\n');
	w.ptr[w.len - 1] = '\0';
	assert_string_equal(w.ptr + 3, want);
	kube_buf_release(&w);
	kube_buf_release(&in);
	kube_obj_free(o);
}

/* JSON (sorted, compact) of a YAML text, or "ERR: message". */
static char *to_json(const char *y, size_t len, unsigned flags)
{
	kube_obj *o = (kube_obj *)1;
	kube_err err = KUBE_ERR_INIT;
	kube_buf b = KUBE_BUF_INIT;
	int rc = kube_yaml_parse(&o, y, len, flags, &err);

	if (rc < 0) {
		assert_int_equal(rc, err.code);
		assert_null(o);
		assert_non_null(err.message);
		kube_buf_printf(&b, "ERR: %s", err.message);
	} else {
		assert_int_equal(err.code, KUBE_OK);
		assert_null(err.message);
		if (o)
			kube_json_write(&b, o, KUBE_JSON_SORT_KEYS);
		else
			kube_buf_puts(&b, "(none)");
	}
	kube_obj_free(o);
	kube_err_clear(&err);
	return kube_buf_detach(&b, NULL);
}

static void check_parse_flags(const char *y, unsigned flags, const char *want)
{
	char *got = to_json(y, strlen(y), flags);

	assert_string_equal(got, want);
	free(got);
}

static void check_parse(const char *y, const char *want)
{
	check_parse_flags(y, 0, want);
}

struct docs {
	kube_buf out; /* one compact sorted JSON line per document */
	size_t n;
	int stop_at; /* return -1 at this index (when >= 0) */
};

static int collect(kube_obj *doc, size_t index, void *payload)
{
	struct docs *d = payload;

	assert_int_equal(index, d->n);
	d->n++;
	kube_json_write(&d->out, doc, KUBE_JSON_SORT_KEYS);
	kube_buf_putc(&d->out, '\n');
	kube_obj_free(doc);
	return d->stop_at >= 0 && (size_t)d->stop_at == index ? KUBE_ERROR : 0;
}

/* Documents of a stream, then "ERR: message" if it failed. */
static char *stream(const char *s, size_t len, bool manifest)
{
	struct docs d = {KUBE_BUF_INIT, 0, -1};
	kube_err err = KUBE_ERR_INIT;
	int rc = manifest ? kube_decode_manifest(s, len, 0, collect, &d, &err)
			  : kube_yaml_parse_all(s, len, 0, collect, &d, &err);

	if (rc < 0) {
		assert_int_equal(rc, err.code);
		kube_buf_printf(&d.out, "ERR: %s", err.message);
	} else {
		assert_int_equal(err.code, KUBE_OK);
	}
	kube_err_clear(&err);
	return kube_buf_detach(&d.out, NULL);
}

static void check_stream(const char *s, bool manifest, const char *want)
{
	char *got = stream(s, strlen(s), manifest);

	assert_string_equal(got, want);
	free(got);
}

/* ---- writing ---- */

static void test_write_service_golden(void **state)
{
	size_t jl, yl;
	char *j = read_fixture("service.json", &jl), *y = read_fixture("service.yaml", &yl);
	kube_obj *o = NULL;
	kube_buf b = KUBE_BUF_INIT;

	(void)state;
	assert_int_equal(kube_obj_parse_json(&o, j, jl, NULL), 0);
	kube_yaml_write(&b, o, 0);
	assert_string_equal(b.ptr, y);
	/* the literal lines kubectl prints */
	assert_non_null(strstr(b.ptr, "\n  creationTimestamp: \"2026-11-26T15:51:49Z\"\n"));
	assert_non_null(strstr(b.ptr, "\n  clusterIPs:\n  - 10.0.162.149\n"));
	assert_non_null(strstr(b.ptr, "\n  ports:\n  - port: 80\n    protocol: TCP\n"));
	assert_non_null(strstr(b.ptr, "\nstatus:\n  loadBalancer: {}\n"));
	kube_buf_release(&b);
	kube_obj_free(o);
	free(j);
	free(y);
}

static void test_write_styles_golden(void **state)
{
	size_t jl, yl;
	char *j = read_fixture("styles.json", &jl), *y = read_fixture("styles.yaml", &yl);
	kube_obj *o = NULL;
	kube_buf b = KUBE_BUF_INIT;

	(void)state;
	assert_int_equal(kube_obj_parse_json(&o, j, jl, NULL), 0);
	kube_yaml_write(&b, o, 0);
	assert_string_equal(b.ptr, y);
	kube_buf_release(&b);
	kube_obj_free(o);
	free(j);
	free(y);
}

static void test_write_nesting(void **state)
{
	(void)state;
	check_yaml("{\"spec\":{\"containers\":[{\"name\":\"web\",\"ports\":[{\"containerPort\":8"
	           "0}],"
		   "\"args\":[\"a\",[\"b\",[]]]}],\"empty\":{},\"none\":[],\"deep\":{\"a\":{\"b\":"
		   "{\"c\":[{\"d\":{}}]}}}}}",
		   0,
		   "spec:\n"
		   "  containers:\n"
		   "  - args:\n"
		   "    - a\n"
		   "    - - b\n"
		   "      - []\n"
		   "    name: web\n"
		   "    ports:\n"
		   "    - containerPort: 80\n"
		   "  deep:\n"
		   "    a:\n"
		   "      b:\n"
		   "        c:\n"
		   "        - d: {}\n"
		   "  empty: {}\n"
		   "  none: []\n");
	check_yaml("{}", 0, "{}\n");
	check_yaml("[]", 0, "[]\n");
	check_yaml("[{\"a\":1},[1,2],{}]", 0, "- a: 1\n- - 1\n  - 2\n- {}\n");
}

static void test_write_scalar_styles(void **state)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		/* resolve to another type: double-quoted */
		{"\"y\"", "\"y\""},
		{"\"Y\"", "\"Y\""},
		{"\"yes\"", "\"yes\""},
		{"\"No\"", "\"No\""},
		{"\"on\"", "\"on\""},
		{"\"On\"", "\"On\""},
		{"\"OFF\"", "\"OFF\""},
		{"\"true\"", "\"true\""},
		{"\"False\"", "\"False\""},
		{"\"null\"", "\"null\""},
		{"\"NULL\"", "\"NULL\""},
		{"\"~\"", "\"~\""},
		{"\"\"", "\"\""},
		{"\"1\"", "\"1\""},
		{"\"+1\"", "\"+1\""},
		{"\"-1\"", "\"-1\""},
		{"\"0x1F\"", "\"0x1F\""},
		{"\"0o17\"", "\"0o17\""},
		{"\"0b101\"", "\"0b101\""},
		{"\"1_000\"", "\"1_000\""},
		{"\"0755\"", "\"0755\""},
		{"\"0999\"", "\"0999\""},
		{"\"08\"", "\"08\""},
		{"\"1.5\"", "\"1.5\""},
		{"\"1e3\"", "\"1e3\""},
		{"\"-1.5e-3\"", "\"-1.5e-3\""},
		{"\".5\"", "\".5\""},
		{"\"1.\"", "\"1.\""},
		{"\".inf\"", "\".inf\""},
		{"\"-.Inf\"", "\"-.Inf\""},
		{"\".NaN\"", "\".NaN\""},
		{"\"2024-01-01\"", "\"2024-01-01\""},
		{"\"2026-11-26T15:51:49Z\"", "\"2026-11-26T15:51:49Z\""},
		{"\"2024-01-01 10:00:00\"", "\"2024-01-01 10:00:00\""},
		{"\"1:20\"", "\"1:20\""},
		{"\"1:20:30\"", "\"1:20:30\""},
		{"\"1__0\"", "\"1__0\""},
		/* strings after all: plain */
		{"\"2024-13-01\"", "2024-13-01"},
		{"\"2024-02-30\"", "2024-02-30"},
		{"\"<<\"", "<<"},
		{"\"1e999\"", "1e999"},
		{"\"0x\"", "0x"},
		{"\"0b2\"", "0b2"},
		{"\"_1\"", "_1"},
		{"\"yes please\"", "yes please"},
		{"\"a#b\"", "a#b"},
		{"\"-x\"", "-x"},
		{"\":x\"", ":x"},
		{"\"x,y\"", "x,y"},
		{"\"x:y\"", "x:y"},
		{"\"h\\u00e9llo\"", "h\xc3\xa9llo"},
		{"\"a\\u00a0b\"", "a\xc2\xa0" "b"},
		{"\"10.0.162.149\"", "10.0.162.149"},
		{"\"http://example.com:8080/x\"", "http://example.com:8080/x"},
		{"\"500m\"", "500m"},
		/* not plain for syntactic reasons: libyaml single-quotes */
		{"\"a: b\"", "'a: b'"},
		{"\"*x\"", "'*x'"},
		{"\"#x\"", "'#x'"},
		{"\"a #b\"", "'a #b'"},
		{"\"x \"", "'x '"},
		{"\" x\"", "' x'"},
		{"\"- x\"", "'- x'"},
		{"\"? x\"", "'? x'"},
		{"\"-\"", "'-'"},
		{"\":\"", "':'"},
		{"\"'\"", "''''"},
		{"\"\\\"\"", "'\"'"},
		{"\"@x\"", "'@x'"},
		{"\"`x\"", "'`x'"},
		{"\"%x\"", "'%x'"},
		{"\"!x\"", "'!x'"},
		{"\"&x\"", "'&x'"},
		{"\"|\"", "'|'"},
		{"\">\"", "'>'"},
		{"\"---\"", "'---'"},
		{"\"...\"", "'...'"},
		{"\"[x\"", "'[x'"},
		{"\"{x\"", "'{x'"},
		/* special characters: double-quoted with escapes */
		{"\"a\\tb\"", "\"a\\tb\""},
		{"\"a\\r\\nb\"", "\"a\\r\\nb\""},
		{"\"\\u0001\"", "\"\\x01\""},
		{"\"\\ud83d\\ude00 smile\"", "\"\\U0001F600 smile\""},
		/* invalid UTF-8 becomes U+FFFD first, as Go's json.Marshal does */
		{"\"a\xff\"", "a\xef\xbf\xbd"},
		/* other types */
		{"true", "true"},
		{"false", "false"},
		{"null", "null"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		check_value(t[i].in, t[i].want);
}

static void test_write_keys(void **state)
{
	(void)state;
	check_yaml("{\"y\":1,\"on\":2,\"null\":3,\"1\":4,\"\":5,\"a: b\":6,\" x\":7,\"n\":8,\"pl"
	           "ain\":9,"
		   "\"2024-01-01\":10}",
		   0,
		   "\"\": 5\n"
		   "' x': 7\n"
		   "\"1\": 4\n"
		   "\"2024-01-01\": 10\n"
		   "'a: b': 6\n"
		   "\"n\": 8\n"
		   "\"null\": 3\n"
		   "\"on\": 2\n"
		   "plain: 9\n"
		   "\"y\": 1\n");
	/* over 128 characters or several lines: a complex `? ` key */
	check_yaml("{\"a\\nb\":1}", 0, "? |-\n  a\n  b\n: 1\n");
}

static void test_write_key_order(void **state)
{
	(void)state;
	/* go-yaml's order: digit runs compare as numbers, other runes sort before letters */
	check_yaml("{\"b\":1,\"a10\":2,\"a9\":3,\"aB\":4,\"a_b\":5,\"Z\":6,\"10\":7,\"9\":8,\"a."
	           "b\":9}", 0,
		   "\"9\": 8\n\"10\": 7\nZ: 6\na.b: 9\na_b: 5\na9: 3\na10: 2\naB: 4\nb: 1\n");
	check_yaml("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}", 0,
		   "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n");
	check_yaml("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\",\"a\":1}}",
		   KUBE_YAML_KEEP_ORDER, "kind: Pod\napiVersion: v1\nmetadata:\n  name: x\n  a: "
		                         "1\n");
}

static void test_write_block_literals(void **state)
{
	(void)state;
	check_value("\"a\\nb\\n\"", "|\n  a\n  b");
	check_value("\"a\\nb\"", "|-\n  a\n  b");
	check_value("\"a\\nb\\n\\n\"", "|+\n  a\n  b\n");
	check_value("\"  lead\\nx\\n\"", "|2\n    lead\n  x");
	/* a space before a line break rules a block out */
	check_value("\"a \\nb\"", "\"a \\nb\"");
	check_value("\"a\\tb\\nc\"", "\"a\\tb\\nc\"");
	/* no `...` after a keep-chomping block at the end of the document */
	check_yaml("{\"z\":\"x\\n\\n\"}", 0, "z: |+\n  x\n\n");
	/* in a list */
	check_yaml("[\"line1\\nline2\\n\"]", 0, "- |\n  line1\n  line2\n");
}

#define X40 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

static void test_write_folding(void **state)
{
	kube_buf in = KUBE_BUF_INIT;
	int i;

	(void)state;
	kube_buf_puts(&in, "{\"long\":\"");
	for (i = 0; i < 30; i++)
		kube_buf_printf(&in, "%sword%d", i ? " " : "", i);
	kube_buf_puts(&in, "\"}");
	check_yaml(in.ptr, 0,
		   "long: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 "
		   "word11 word12\n"
		   "  word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 "
		   "word23 word24\n"
		   "  word25 word26 word27 word28 word29\n");
	kube_buf_release(&in);
	/* a single long word is never broken */
	check_value("\"http://example.com/" X40 X40 "\"", "http://example.com/" X40 X40);
	/* quoted strings fold too */
	check_value("\"#aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn "
		    "oooo pppp qqqq\"",
		    "'#aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn "
		    "oooo pppp\n"
		    "  qqqq'");
}

static void test_write_numbers(void **state)
{
	(void)state;
	check_value("9007199254740993", "9007199254740993");
	check_value("-9223372036854775808", "-9223372036854775808");
	check_value("0", "0");
	check_value("-0", "0");
	/* through Go's float64, as kubectl prints them */
	check_value("1.0", "1");
	check_value("1e3", "1000");
	check_value("1.5", "1.5");
	check_value("0.1", "0.1");
	check_value("1234567.5", "1.2345675e+06");
	check_value("0.000001", "1e-06");
	check_value("1e-7", "1e-07");
	check_value("1e21", "1e+21");
	check_value("1e20", "1e+20");
	check_value("18446744073709551615", "1.8446744073709552e+19");
	check_value("9223372036854775808", "9223372036854776000");
	check_value("3.141592653589793", "3.141592653589793");
	check_yaml("{\"a\":1.0,\"b\":1e3,\"c\":18446744073709551615}", KUBE_YAML_EXACT_NUMBERS,
		   "a: 1.0\nb: 1e3\nc: 18446744073709551615\n");
}

static void test_write_roots(void **state)
{
	kube_buf b = KUBE_BUF_INIT;
	kube_obj *o = kube_obj_new_string("foo");

	(void)state;
	kube_yaml_write(&b, NULL, 0);
	assert_string_equal(b.ptr, "null\n");
	kube_buf_truncate(&b, 0);
	kube_yaml_write(&b, o, 0);
	assert_string_equal(b.ptr, "foo\n");
	kube_obj_free(o);
	/* appends, and a second document has no `---` of its own */
	kube_yaml_write(&b, NULL, 0);
	assert_string_equal(b.ptr, "foo\nnull\n");
	kube_buf_release(&b);
	check_yaml("\"yes\"", 0, "\"yes\"\n");
	check_yaml("\"a\\nb\\n\\n\"", 0, "|+\n  a\n  b\n\n");
	check_yaml("42", 0, "42\n");
}

static void test_write_go_quirks(void **state)
{
	(void)state;
	/* U+0085 reaches go-yaml raw inside a JSON string and is folded like a line break */
	check_value("\"x\\u0085y\"", "x y");
	check_value("\"x \\u0085 \\u0085y\"", "|-\n  x\n  y");
	/* a single-quoted string ending in U+2028: no indent before the closing quote (but one
	 * after a break inside) */
	check_yaml("{\"a\":\"\\u2028\",\"b\":\"x\\u2028y\",\"c\":\"x\\u2029\"}", 0,
		   "a: '\xe2\x80\xa8'\nb: 'x\xe2\x80\xa8  y'\nc: 'x\xe2\x80\xa9'\n");
	/* a leading BOM makes go-yaml escape every character */
	check_value("\"\\ufeffab c\"", "\"\\uFEFF\\x61\\x62\\x20\\x63\"");
	check_value("\"\\ufeff\"", "\"\\uFEFF\"");
	check_yaml("{\"\\ufeffk\":\"v w x y z v w x y z v w x y z v w x y z v w x y z v w x y z "
	           "v w x y z\"}", 0,
		   "\"\\uFEFF\\x6B\": v w x y z v w x y z v w x y z v w x y z v w x y z v w x y "
		   "z v w x y\n"
		   "  z\n");
}

static void test_write_buffer_failure(void **state)
{
	kube_buf b = KUBE_BUF_INIT;
	kube_obj *o = json("{\"a\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	                   "bbbbbbbbbbbbbbbbb\"}");
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	kube_buf_init(&b, 16);
	kube_yaml_write(&b, o, 0);
	assert_true(b.failed);
	assert_int_equal(kube_buf_check(&b, &err), KUBE_EDECODE);
	kube_err_clear(&err);
	kube_buf_release(&b);
	kube_obj_free(o);
}

/* ---- reading ---- */

static void test_parse_scalars(void **state)
{
	(void)state;
	check_parse("a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: N\ng: ~\nh:\ni: Null\nj: 'yes'\nk:"
	            " \"null\"\n"
		    "l: true\nm: FALSE\n",
		    "{\"a\":true,\"b\":false,\"c\":true,\"d\":false,\"e\":true,\"f\":false,\"g\""
		    ":null,"
		    "\"h\":null,\"i\":null,\"j\":\"yes\",\"k\":\"null\",\"l\":true,\"m\":false}");
	check_parse("a: 0x1F\nb: 1_000\nc: 0755\nd: 0o17\ne: +1\nf: 0b101\ng: 9007199254740993\n"
		    "h: 18446744073709551615\ni: 1.5\nj: 1e3\nk: .5\nl: 1.0\nm: 2024-01-01\nx: 1"
		    ":20\n"
		    "o: 0999\np: -0\nq: 1e-7\nr: 1e21\ns: 12345678901234567890\n"
		    "t: -9223372036854775809\nu: 0b-1\nv: 1e400\nw: 2026-11-26T15:51:49Z\n",
		    "{\"a\":31,\"b\":1000,\"c\":493,\"d\":15,\"e\":1,\"f\":5,\"g\":9007199254740"
		    "993,"
		    "\"h\":18446744073709551615,\"i\":1.5,\"j\":1000,\"k\":0.5,\"l\":1,"
		    "\"m\":\"2024-01-01\",\"o\":999,\"p\":0,\"q\":1e-7,\"r\":1e+21,"
		    "\"s\":12345678901234567890,\"t\":-9223372036854776000,\"u\":-1,\"v\":\"1e40"
		    "0\","
		    "\"w\":\"2026-11-26T15:51:49Z\",\"x\":\"1:20\"}");
	check_parse("a: \"\\u00e9\\x41\\N\\_\\t\"\nb: 'it''s'\nc: plain text # comment\n",
		    "{\"a\":\"\xc3\xa9" "A\xc2\x85\xc2\xa0\\t\",\"b\":\"it's\",\"c\":\"plain tex"
		    "t\"}");
	check_parse("a: |\n  x\n  y\nb: >-\n  one\n  two\n\n  three\nc: |+\n  k\n\nd: x\n",
		    "{\"a\":\"x\\ny\\n\",\"b\":\"one two\\nthree\",\"c\":\"k\\n\\n\",\"d\":\"x\"}");
	/* JSON is YAML */
	check_parse("{\"a\": 1, \"b\": [true, null, 1.5e3]}", "{\"a\":1,\"b\":[true,null,1500]}");
	/* the exact integer survives a YAML round trip as a kube_obj number */
	{
		kube_obj *o = NULL;
		int64_t v;

		assert_int_equal(kube_yaml_parse(&o, "v: 9007199254740993", 19, 0, NULL), 0);
		assert_int_equal(kube_obj_int64(kube_obj_get(o, "v"), &v), 0);
		assert_true(v == 9007199254740993LL);
		assert_string_equal(kube_obj_number_text(kube_obj_get(o, "v")), "9007199254740993");
		kube_obj_free(o);
	}
}

static void test_parse_tags(void **state)
{
	(void)state;
	check_parse("a: !!str 123\nb: !!int \"12\"\nc: !!float 1\nd: !!bool yes\ne: !!null\n"
		    "f: !!binary aGVsbG8=\ng: !custom x\nh: ! 12\ni: !!timestamp 2024-01-01\n"
		    "j: !!float 0x10\nk: !<tag:yaml.org,2002:int> '7'\n",
		    "{\"a\":\"123\",\"b\":12,\"c\":1,\"d\":true,\"e\":null,\"f\":\"hello\",\"g\""
		    ":\"x\","
		    "\"h\":\"12\",\"i\":\"2024-01-01\",\"j\":16,\"k\":7}");
	check_parse("a: !!int abc\n", "ERR: yaml: cannot decode !!str `abc` as a !!int");
	check_parse("a: !!bool 1\n", "ERR: yaml: cannot decode !!int `1` as a !!bool");
	check_parse("a: !!null x\n", "ERR: yaml: cannot decode !!str `x` as a !!null");
	check_parse("a: !!int 1.5\n", "ERR: yaml: cannot decode !!float `1.5` as a !!int");
	check_parse("a: !!timestamp 123\n", "ERR: yaml: cannot decode !!int `123` as a !!timesta"
	            "mp");
	check_parse("a: !!binary '***'\n", "ERR: yaml: !!binary value contains invalid base64 da"
	            "ta");
	/* bytes that are not UTF-8 become U+FFFD, as json.Marshal makes them */
	check_parse("a: !!binary /w==\n", "{\"a\":\"\xef\xbf\xbd\"}");
}

static void test_parse_anchors_and_merge(void **state)
{
	(void)state;
	check_parse("base: &b {x: 1, w: 2}\nuse: *b\nlist: [&i 7, *i]\n",
		    "{\"base\":{\"w\":2,\"x\":1},\"list\":[7,7],\"use\":{\"w\":2,\"x\":1}}");
	/* explicit keys after the merge win; merged maps override keys before it */
	check_parse("a: &a\n  b: 1\nc:\n  <<: *a\n  b: 2\n",
		    "{\"a\":{\"b\":1},\"c\":{\"b\":2}}");
	check_parse("b:\n  x: 0\n  <<: {x: 1}\n", "{\"b\":{\"x\":1}}");
	/* in a list of maps the earlier one wins (and y is a boolean key here) */
	check_parse("a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nc:\n  <<: [*a, *b]\n  w: 0\n",
		    "{\"a\":{\"true\":2,\"x\":1},\"b\":{\"true\":3,\"z\":4},"
		    "\"c\":{\"true\":2,\"w\":0,\"x\":1,\"z\":4}}");
	check_parse("&a a: b\n*a : c\n", "{\"a\":\"c\"}");
	check_parse("a: *nope\n", "ERR: yaml: unknown anchor 'nope' referenced");
	check_parse("a: &x [*x]\n", "ERR: yaml: anchor 'x' value contains itself");
	check_parse("<<: 1\n", "ERR: yaml: map merge requires map or sequence of maps as the val"
	            "ue");
	check_parse("<<: [1]\n", "ERR: yaml: map merge requires map or sequence of maps as the v"
	            "alue");
	/* a quoted "<<" is an ordinary key */
	check_parse("\"<<\": {a: 1}\n", "{\"<<\":{\"a\":1}}");
}

static void test_parse_billion_laughs(void **state)
{
	kube_buf y = KUBE_BUF_INIT;
	char *got;
	int i, k;

	(void)state;
	kube_buf_puts(&y, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 9; i++) {
		kube_buf_printf(&y, "a%d: &a%d [", i, i);
		for (k = 0; k < 10; k++)
			kube_buf_printf(&y, "%s*a%d", k ? ", " : "", i - 1);
		kube_buf_puts(&y, "]\n");
	}
	got = to_json(y.ptr, y.len, 0);
	assert_string_equal(got, "ERR: yaml: document contains excessive aliasing");
	free(got);
	kube_buf_release(&y);
}

static void test_parse_keys(void **state)
{
	(void)state;
	check_parse("1: a\n1.5: b\n0.1: c\nyes: d\n.inf: e\n2024-01-01: f\n-1: g\n0x10: h\n1e3: i\n"
		    "3.141592653589793: j\n'q': k\n",
		    "{\"-1\":\"g\",\".inf\":\"e\",\"0.1\":\"c\",\"1\":\"a\",\"1.5\":\"b\",\"100"
		    "0\":\"i\","
		    "\"16\":\"h\",\"2024-01-01\":\"f\",\"3.1415927\":\"j\",\"q\":\"k\",\"true\""
		    ":\"d\"}");
	check_parse("~: x\n",
		    "ERR: unsupported map key of type: %!s(<nil>), key: <nil>, value: \"x\"");
	check_parse("18446744073709551615: [1, a]\n",
		    "ERR: unsupported map key of type: uint64, key: 0xffffffffffffffff, value: "
		    "[]interface {}{1, \"a\"}");
	check_parse("? [1, 2]\n: x\n", "ERR: yaml: invalid map key: []interface {}{1, 2}");
	check_parse("? {a: 1}\n: x\n",
		    "ERR: yaml: invalid map key: map[interface {}]interface {}{\"a\":1}");
	/* a bad key that is overwritten is no error */
	check_parse("a: {~: 1}\na: 2\n", "{\"a\":2}");
	/* NaN and infinities only fail once they reach JSON */
	check_parse("a: .inf\n", "ERR: json: unsupported value: +Inf");
	check_parse("a: [-.inf]\n", "ERR: json: unsupported value: -Inf");
	check_parse("a: .nan\n", "ERR: json: unsupported value: NaN");
	check_parse("a: .nan\na: 1\n", "{\"a\":1}");
}

static void test_parse_duplicates(void **state)
{
	kube_buf y = KUBE_BUF_INIT;
	kube_obj *o = NULL;
	int i;

	(void)state;
	check_parse("a: 1\nb: 2\na: 3\n", "{\"a\":3,\"b\":2}");
	check_parse("{a: 1, a: 2}\n", "{\"a\":2}");
	check_parse_flags("a: 1\nb: 2\na: 3\n", KUBE_YAML_STRICT,
			  "ERR: yaml: unmarshal errors:\n  line 3: key \"a\" already set in map");
	check_parse_flags("a: 1\n1: x\n1: y\ntrue: 1\nyes: 2\n", KUBE_YAML_STRICT,
			  "ERR: yaml: unmarshal errors:\n  line 3: key 1 already set in map\n"
			  "  line 5: key true already set in map");
	check_parse_flags("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n", KUBE_YAML_STRICT,
			  "ERR: yaml: unmarshal errors:\n  line 2: key \"a\" already set in map\n"
			  "  line 5: key \"c\" already set in map");
	/* many keys: the index keeps both checks linear */
	for (i = 0; i < 5000; i++)
		kube_buf_printf(&y, "k%d: %d\n", i, i);
	kube_buf_puts(&y, "k17: last\n");
	assert_int_equal(kube_yaml_parse(&o, y.ptr, y.len, 0, NULL), 0);
	assert_int_equal(kube_obj_len(o), 5000);
	assert_string_equal(kube_obj_path_str(o, "k17", NULL), "last");
	assert_string_equal(kube_obj_key(kube_obj_at(o, 17)), "k17");
	kube_obj_free(o);
	assert_int_equal(kube_yaml_parse(&o, y.ptr, y.len, KUBE_YAML_STRICT, NULL), KUBE_EDECODE);
	assert_null(o);
	kube_buf_release(&y);
}

static void test_parse_errors(void **state)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{"a: b: c\n", "yaml: mapping values are not allowed in this context"},
		{"apiVersion: v1\nkind: Pod\nmetadata: name: x\n",
		 "yaml: line 3: mapping values are not allowed in this context"},
		{"a: [\n", "yaml: line 1: did not find expected node content"},
		{"a: }\n", "yaml: did not find expected node content"},
		{"a: 'unterminated\n", "yaml: line 2: found unexpected end of stream"},
		{"a:\n\tb: 1\n", "yaml: line 2: found character that cannot start any token"},
		{"a: 1\n b: 2\n", "yaml: line 2: mapping values are not allowed in this context"},
		{"- a\nb: 1\n", "yaml: line 1: did not find expected '-' indicator"},
		{"a: 1\n- b\n", "yaml: line 1: did not find expected key"},
		{"- [a, b\n- c\n", "yaml: line 2: did not find expected ',' or ']'"},
		{"a: |\n  x\n y\n", "yaml: line 2: did not find expected key"},
		{"@foo\n", "yaml: found character that cannot start any token"},
		{"%FOO\n---\na: 1\n", "yaml: found unknown directive name"},
		{"a: x\x01y\n", "yaml: control characters are not allowed"},
		{"a: \xff\n", "yaml: invalid leading UTF-8 octet"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *got = to_json(t[i].in, strlen(t[i].in), 0);

		assert_true(!strncmp(got, "ERR: ", 5));
		assert_string_equal(got + 5, t[i].want);
		free(got);
		/* err may be NULL */
		{
			kube_obj *o = (kube_obj *)1;

			assert_int_equal(kube_yaml_parse(&o, t[i].in, strlen(t[i].in), 0, NULL),
					 KUBE_EDECODE);
			assert_null(o);
		}
	}
}

static void test_parse_documents(void **state)
{
	(void)state;
	check_parse("", "(none)");
	check_parse("# only a comment\n", "(none)");
	check_parse("\n\n   \n", "(none)");
	check_parse("---\n", "null");
	check_parse("~\n", "null");
	check_parse("foo\n", "\"foo\"");
	check_parse("%YAML 1.1\n---\na: 1\n", "{\"a\":1}");
	/* only the first document is read, as go-yaml does */
	check_parse("a: 1\n---\nb: [\n", "{\"a\":1}");
	check_parse("a: 1\n...\nb: 2\n", "{\"a\":1}");
}

static void test_parse_deep_nesting(void **state)
{
	kube_buf y = KUBE_BUF_INIT;
	char *got;
	kube_obj *o = NULL;
	int i;

	(void)state;
	for (i = 0; i < 5000; i++)
		kube_buf_putc(&y, '[');
	for (i = 0; i < 5000; i++)
		kube_buf_putc(&y, ']');
	assert_int_equal(kube_yaml_parse(&o, y.ptr, y.len, 0, NULL), 0);
	assert_int_equal(kube_obj_type_of(o), KUBE_OBJ_ARRAY);
	kube_obj_free(o);
	kube_buf_truncate(&y, 0);
	for (i = 0; i < 10001; i++)
		kube_buf_putc(&y, '[');
	got = to_json(y.ptr, y.len, 0);
	assert_string_equal(got, "ERR: yaml: line 1: exceeded max depth of 10000");
	free(got);
	kube_buf_release(&y);
}

static void test_parse_garbage(void **state)
{
	static const char *const bad[] = {
		"[", "{", "]", "}", "'", "\"", "&", "*", ">-\n\t", "a: &", "a: *", "a: !<",
		"%YAML 2.0\n---\n", "%FOO", "a:\n  - b\n c", "\"\\q\"", "\"\\u12\"", "a: [1, 2",
		"{a: 1", "a: {b: [c, {d: e]}}", "\xef\xbb", "a: b\n\x7f", "- a\n - b: c: d",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		kube_obj *o = (kube_obj *)1;
		kube_err err = KUBE_ERR_INIT;
		int rc = kube_yaml_parse(&o, bad[i], strlen(bad[i]), 0, &err);

		assert_int_equal(rc, KUBE_EDECODE);
		assert_int_equal(err.code, KUBE_EDECODE);
		assert_null(o);
		assert_non_null(err.message);
		assert_true(!strncmp(err.message, "yaml: ", 6));
		kube_err_clear(&err);
	}
	/* every prefix of a valid manifest parses or fails cleanly */
	{
		size_t len, n;
		char *m = read_fixture("manifest.yaml", &len);

		for (n = 0; n <= len; n += 7) {
			char *got = stream(m, n, false);

			free(got);
		}
		free(m);
	}
}

static void test_parse_all(void **state)
{
	size_t len;
	char *m, *want, *got;

	(void)state;
	m = read_fixture("manifest.yaml", &len);
	want = read_fixture("manifest.json", &len);
	got = stream(m, strlen(m), false);
	assert_string_equal(got, want);
	free(got);
	/* the same through the manifest decoder */
	got = stream(m, strlen(m), true);
	assert_string_equal(got, want);
	free(got);
	free(m);
	free(want);

	check_stream("a: 1\n---\n# comment\n---\n\n---\n~\n---\nb: 2\n--- # end\n", false,
		     "{\"a\":1}\n{\"b\":2}\n");
	check_stream("", false, "");
	check_stream("---\n", false, "");
	check_stream("foo\n---\n- 1\n", false, "\"foo\"\n[1]\n");
	/* line numbers count from the part's first line; a leading separator belongs to it */
	check_stream("a: 1\n---\nb: 2\nc: d: e\n", false,
		     "{\"a\":1}\nERR: yaml: line 2: mapping values are not allowed in this conte"
		     "xt");
	check_stream("---\nfoo: [\n", false, "ERR: yaml: line 2: did not find expected node cont"
	             "ent");
	check_stream("a: 1\n---x\n", false, "ERR: invalid Yaml document separator: x");
	check_stream("a: 1\n--- a: 2\n", false, "ERR: invalid Yaml document separator: a: 2");
	check_stream("a: 1\n----\n", false, "ERR: invalid Yaml document separator: -");
	check_stream("a: 1\r\n---\r\nb: 2\r\n", false, "{\"a\":1}\n{\"b\":2}\n");
	/* anchors do not cross documents */
	check_stream("a: &x 1\n---\nb: *x\n", false,
		     "{\"a\":1}\nERR: yaml: unknown anchor 'x' referenced");
	/* "---" inside a block scalar is indented, so not a separator */
	check_stream("a: |\n  ---\n  x\n", false, "{\"a\":\"---\\nx\\n\"}\n");
}

static void test_parse_all_callback_stop(void **state)
{
	struct docs d = {KUBE_BUF_INIT, 0, 1};
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_yaml_parse_all("a: 1\n---\nb: 2\n---\nc: "
	                                     "3\n", 24, 0, collect, &d, &err),
			 KUBE_ERROR);
	assert_int_equal(err.code, KUBE_ERROR);
	assert_non_null(err.message);
	assert_int_equal(d.n, 2);
	kube_err_clear(&err);
	kube_buf_release(&d.out);
	assert_int_equal(kube_yaml_parse_all("a", 1, 0, NULL, NULL, &err), KUBE_EINVAL);
	kube_err_clear(&err);
}

static void test_decode_manifest(void **state)
{
	(void)state;
	/* JSON keeps its exact number text */
	check_stream("{\"a\": 1.0, \"b\": 9007199254740993}", true,
		     "{\"a\":1.0,\"b\":9007199254740993}\n");
	/* concatenated JSON objects, nulls skipped */
	check_stream("{\"a\":1}{\"b\":2}\nnull\n  {\"c\":[3]}", true,
		     "{\"a\":1}\n{\"b\":2}\n{\"c\":[3]}\n");
	/* a JSON object, then YAML */
	check_stream("{\"a\": 1}\n---\nb: 2\n", true, "{\"a\":1}\n{\"b\":2}\n");
	/* YAML flow style that is not JSON falls back to YAML */
	check_stream("{a: 1, b: yes}\n", true, "{\"a\":1,\"b\":true}\n");
	/* ... even when that is not what the JSON meant */
	check_stream("{\"a\": 1, \"b\": }", true, "{\"a\":1,\"b\":null}\n");
	check_stream("{\"a\": tru }", true, "{\"a\":\"tru\"}\n");
	/* when YAML fails too, the JSON error is reported, in kubectl's words */
	check_stream("{\"a\": 1, \"b\": ]", true,
		     "ERR: json: offset 15: invalid character ']' looking for beginning of value");
	check_stream("{\"a\": 1,, \"b\": 2}", true,
		     "ERR: json: offset 9: invalid character ',' looking for beginning of object"
		     " key "
		     "string");
	check_stream("{\"a\": 1}\n{\"b\" 2}", true,
		     "{\"a\":1}\nERR: json: offset 15: invalid character '2' after object key");
	check_stream("{\"a\": tru, \"b\": ]", true,
		     "ERR: json: offset 10: invalid character ',' in literal true (expecting 'e')");
	check_stream("{\"a\": [1, 2", true, "ERR: unexpected EOF");
	/* after two JSON values it stays JSON, with json.Decoder's own message */
	check_stream("{\"a\":1}{\"b\":2}---\n", true,
		     "{\"a\":1}\n{\"b\":2}\nERR: invalid character '-' in numeric literal");
	/* anything not starting with `{` is YAML, even a JSON array */
	check_stream("[1.0, {\"a\": 2}]", true, "[1,{\"a\":2}]\n");
	check_stream("  # comment\nkind: Pod\n", true, "{\"kind\":\"Pod\"}\n");
}

/* parse -> write -> parse gives the same tree; write(parse(yaml)) is kubectl's rendering */
static void test_round_trips(void **state)
{
	static const char *const docs[] = {
		"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {app: "
		"web}\n"
		"spec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: "
		"web\n"
		"        image: nginx\n        args: [\"--port\", \"8080\"]\n        env:\n"
		"        - {name: A, value: \"yes\"}\n        - {name: B, value: \"0755\"}\n"
		"        - {name: C, value: \"line1\\nline2\\n\"}\n",
		"a: &x {b: [1, 2.5, true, ~, '', 'a: b', \"\\t\"]}\nc: *x\nd: 9007199254740993\n",
		"- - - deep\n- {}\n- []\n- 'héllo'\n- \"\\U0001F600\"\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		kube_obj *a = NULL, *b = NULL;
		kube_buf y1 = KUBE_BUF_INIT, y2 = KUBE_BUF_INIT;

		assert_int_equal(kube_yaml_parse(&a, docs[i], strlen(docs[i]), 0, NULL), 0);
		kube_yaml_write(&y1, a, 0);
		assert_int_equal(kube_yaml_parse(&b, y1.ptr, y1.len, 0, NULL), 0);
		assert_true(kube_obj_equal(a, b));
		kube_yaml_write(&y2, b, 0);
		assert_string_equal(y1.ptr, y2.ptr);
		kube_buf_release(&y1);
		kube_buf_release(&y2);
		kube_obj_free(a);
		kube_obj_free(b);
	}
	/* and the rendering of the first one is what kubectl prints */
	{
		kube_obj *a = NULL;
		kube_buf y = KUBE_BUF_INIT;

		assert_int_equal(kube_yaml_parse(&a, docs[0], strlen(docs[0]), 0, NULL), 0);
		kube_yaml_write(&y, a, 0);
		assert_string_equal(y.ptr, "apiVersion: apps/v1\n"
					   "kind: Deployment\n"
					   "metadata:\n"
					   "  labels:\n"
					   "    app: web\n"
					   "  name: web\n"
					   "spec:\n"
					   "  replicas: 3\n"
					   "  template:\n"
					   "    spec:\n"
					   "      containers:\n"
					   "      - args:\n"
					   "        - --port\n"
					   "        - \"8080\"\n"
					   "        env:\n"
					   "        - name: A\n"
					   "          value: \"yes\"\n"
					   "        - name: B\n"
					   "          value: \"0755\"\n"
					   "        - name: C\n"
					   "          value: |\n"
					   "            line1\n"
					   "            line2\n"
					   "        image: nginx\n"
					   "        name: web\n");
		kube_buf_release(&y);
		kube_obj_free(a);
	}
}

/* A large list goes through in linear time (a quadratic step would take minutes here). */
static void test_big_list(void **state)
{
	kube_buf j = KUBE_BUF_INIT, y = KUBE_BUF_INIT;
	kube_obj *o = NULL, *back = NULL;
	int i;

	(void)state;
	kube_buf_puts(&j, "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[");
	for (i = 0; i < 20000; i++)
		kube_buf_printf(&j,
				"%s{\"kind\":\"Pod\",\"metadata\":{\"name\":\"pod-%d\",\"labels\":"
				"{\"app\":\"web\",\"n\":\"%d\"}},\"spec\":{\"containers\":[{\"na"
				"me\":"
				"\"c\",\"image\":\"nginx:1.27\",\"ports\":[{\"containerPort\":80"
				"}]}]}}",
				i ? "," : "", i, i);
	kube_buf_puts(&j, "]}");
	assert_int_equal(kube_obj_parse_json(&o, j.ptr, j.len, NULL), 0);
	kube_yaml_write(&y, o, 0);
	assert_int_equal(kube_buf_check(&y, NULL), 0);
	assert_int_equal(kube_yaml_parse(&back, y.ptr, y.len, 0, NULL), 0);
	assert_true(kube_obj_equal(o, back));
	assert_int_equal(kube_obj_len(kube_obj_get(back, "items")), 20000);
	kube_obj_free(o);
	kube_obj_free(back);
	kube_buf_release(&j);
	kube_buf_release(&y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_service_golden),
		cmocka_unit_test(test_write_styles_golden),
		cmocka_unit_test(test_write_nesting),
		cmocka_unit_test(test_write_scalar_styles),
		cmocka_unit_test(test_write_keys),
		cmocka_unit_test(test_write_key_order),
		cmocka_unit_test(test_write_block_literals),
		cmocka_unit_test(test_write_folding),
		cmocka_unit_test(test_write_numbers),
		cmocka_unit_test(test_write_roots),
		cmocka_unit_test(test_write_go_quirks),
		cmocka_unit_test(test_write_buffer_failure),
		cmocka_unit_test(test_parse_scalars),
		cmocka_unit_test(test_parse_tags),
		cmocka_unit_test(test_parse_anchors_and_merge),
		cmocka_unit_test(test_parse_billion_laughs),
		cmocka_unit_test(test_parse_keys),
		cmocka_unit_test(test_parse_duplicates),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_documents),
		cmocka_unit_test(test_parse_deep_nesting),
		cmocka_unit_test(test_parse_garbage),
		cmocka_unit_test(test_parse_all),
		cmocka_unit_test(test_parse_all_callback_stop),
		cmocka_unit_test(test_decode_manifest),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_big_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
