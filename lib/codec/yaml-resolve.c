/* go-yaml v2 scalar resolution, Go number formatting and go-yaml's key order.
 *
 * kubectl reads and writes YAML with go.yaml.in/yaml/v2 through sigs.k8s.io/yaml, so a plain
 * scalar means what v2's resolver says (YAML 1.1: yes/no/on/off are booleans, 0755 is octal,
 * 2024-01-01 is a timestamp), numbers travel through Go's int64/float64 and encoding/json, and
 * map keys are written in v2's "natural" order. This file reimplements those rules; it does no
 * I/O and keeps no state. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yaml-internal.h"
#include "banned.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

static const struct {
	const char *name;
	enum kube_yaml_tag tag;
} tag_names[] = {
	{"str", KUBE_YAML_TAG_STR},	    {"bool", KUBE_YAML_TAG_BOOL},
	{"int", KUBE_YAML_TAG_INT},	    {"float", KUBE_YAML_TAG_FLOAT},
	{"null", KUBE_YAML_TAG_NULL},	    {"timestamp", KUBE_YAML_TAG_TIMESTAMP},
	{"binary", KUBE_YAML_TAG_BINARY}, {"merge", KUBE_YAML_TAG_MERGE},
};

enum kube_yaml_tag kube_yaml__tag_kind(const char *tag)
{
	size_t i, n = sizeof(TAG_PREFIX) - 1;

	if (!tag || !*tag)
		return KUBE_YAML_TAG_NONE;
	if (strncmp(tag, TAG_PREFIX, n) != 0)
		return KUBE_YAML_TAG_OTHER;
	for (i = 0; i < sizeof(tag_names) / sizeof(tag_names[0]); i++)
		if (!strcmp(tag + n, tag_names[i].name))
			return tag_names[i].tag;
	return KUBE_YAML_TAG_OTHER;
}

const char *kube_yaml__tag_short(enum kube_yaml_tag t)
{
	switch (t) {
	case KUBE_YAML_TAG_STR: return "!!str";
	case KUBE_YAML_TAG_BOOL: return "!!bool";
	case KUBE_YAML_TAG_INT: return "!!int";
	case KUBE_YAML_TAG_FLOAT: return "!!float";
	case KUBE_YAML_TAG_NULL: return "!!null";
	case KUBE_YAML_TAG_TIMESTAMP: return "!!timestamp";
	case KUBE_YAML_TAG_BINARY: return "!!binary";
	case KUBE_YAML_TAG_MERGE: return "!!merge";
	default: return "";
	}
}

/* ---- Go strconv.ParseInt / ParseUint with base 0 ---- */

static int digit_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* ParseUint(s, base, 64) without underscores (the caller removed them); base 0 = Go prefixes. */
static bool go_parse_uint(const char *s, size_t n, int base, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0)
		return false;
	if (base == 0) {
		base = 10;
		if (s[0] == '0') {
			char c = n >= 3 ? (char)(s[1] | 0x20) : 0;

			if (c == 'b' || c == 'o' || c == 'x') {
				base = c == 'b' ? 2 : c == 'o' ? 8 : 16;
				s += 2;
				n -= 2;
			} else {
				base = 8;
				s++;
				n--;
			}
		}
	}
	for (i = 0; i < n; i++) {
		int d = digit_val(s[i]);

		if (d >= base)
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return true;
}

static bool go_parse_int(const char *s, size_t n, int base, int64_t *out)
{
	bool neg = false;
	uint64_t u;

	if (n && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		s++;
		n--;
	}
	if (!go_parse_uint(s, n, base, &u))
		return false;
	if (!neg && u > (uint64_t)INT64_MAX)
		return false;
	if (neg && u > (uint64_t)INT64_MAX + 1)
		return false;
	*out = neg ? (int64_t)(0 - u) : (int64_t)u;
	return true;
}

/* ---- floats ---- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool yaml_style_float(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	if (i < n && s[i] == '.') {
		i++;
		for (d = i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return false;
	} else {
		for (d = i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return false;
		if (i < n && s[i] == '.')
			for (i++; i < n && is_digit(s[i]); i++)
				;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		for (d = i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return false;
	}
	return i == n;
}

/* strtod on a bounded decimal text; fails on overflow like Go's ParseFloat (underflow is fine). */
static bool parse_decimal(const char *s, size_t n, double *out)
{
	char tmp[128], *heap = NULL, *p = tmp, *end;
	double d;

	if (n >= sizeof(tmp)) {
		if (!(heap = malloc(n + 1)))
			return false;
		p = heap;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	d = strtod(p, &end);
	free(heap);
	if (end != p + n || isinf(d))
		return false;
	*out = d;
	return true;
}

/* Go's ParseFloat for a text starting with '.': digits with Go's underscore rule, exponent. */
static bool go_parse_dot_float(const char *s, size_t n, double *out)
{
	char tmp[128] = "", *heap = NULL, *p = tmp;
	char saw = '^';
	size_t i, m = 0;
	bool ok;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (is_digit(c)) {
			saw = '0';
		} else if (c == '_') {
			if (saw != '0')
				return false;
			saw = '_';
		} else {
			if (saw == '_')
				return false;
			saw = '!';
		}
	}
	if (saw == '_')
		return false;
	if (n >= sizeof(tmp)) {
		if (!(heap = malloc(n + 1)))
			return false;
		p = heap;
	}
	for (i = 0; i < n; i++)
		if (s[i] != '_')
			p[m++] = s[i];
	ok = yaml_style_float(p, m) && parse_decimal(p, m, out);
	free(heap);
	return ok;
}

/* ---- timestamps: Go time.Parse with go-yaml v2's four layouts ---- */

static bool getnum(const char *s, size_t n, size_t *pos, int *v)
{
	size_t i = *pos;

	if (i >= n || !is_digit(s[i]))
		return false;
	if (i + 1 < n && is_digit(s[i + 1])) {
		*v = (s[i] - '0') * 10 + (s[i + 1] - '0');
		*pos = i + 2;
	} else {
		*v = s[i] - '0';
		*pos = i + 1;
	}
	return true;
}

static int days_in(int month, int year)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return days[month - 1];
}

/* layout: 'T' or 't' (RFC 3339 with zone), ' ' (no zone), 0 (date only). */
static bool ts_layout(const char *s, size_t n, char layout)
{
	size_t i = 5;
	int year, month, day, hour, min, sec;

	year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	if (!getnum(s, n, &i, &month) || month < 1 || month > 12)
		return false;
	if (i >= n || s[i++] != '-')
		return false;
	if (!getnum(s, n, &i, &day))
		return false;
	if (layout == 0)
		goto done;
	if (layout == ' ') {
		if (i >= n || s[i] != ' ')
			return false;
		while (i < n && s[i] == ' ')
			i++;
	} else if (i >= n || s[i++] != layout) {
		return false;
	}
	if (!getnum(s, n, &i, &hour) || hour >= 24)
		return false;
	if (i >= n || s[i++] != ':')
		return false;
	if (!getnum(s, n, &i, &min) || min >= 60)
		return false;
	if (i >= n || s[i++] != ':')
		return false;
	if (!getnum(s, n, &i, &sec) || sec >= 60)
		return false;
	if (i + 1 < n && (s[i] == '.' || s[i] == ',') && is_digit(s[i + 1]))
		for (i++; i < n && is_digit(s[i]); i++)
			;
	if (layout != ' ') {
		if (i < n && s[i] == 'Z') {
			i++;
		} else {
			int hh, mm;
			size_t j;

			if (n - i < 6 || s[i + 3] != ':' || (s[i] != '+' && s[i] != '-'))
				return false;
			j = i + 1;
			if (!is_digit(s[j]) || !is_digit(s[j + 1]) || !is_digit(s[j + 3]) ||
			    !is_digit(s[j + 4]))
				return false;
			hh = (s[j] - '0') * 10 + (s[j + 1] - '0');
			mm = (s[j + 3] - '0') * 10 + (s[j + 4] - '0');
			if (hh > 24 || mm > 60)
				return false;
			i += 6;
		}
	}
done:
	if (i != n)
		return false;
	return day >= 1 && day <= days_in(month, year);
}

static bool is_timestamp(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && is_digit(s[i]); i++)
		;
	if (i != 4 || i == n || s[i] != '-')
		return false;
	return ts_layout(s, n, 'T') || ts_layout(s, n, 't') || ts_layout(s, n, ' ') ||
	       ts_layout(s, n, 0);
}

/* ---- resolve ---- */

static const struct {
	const char *s;
	enum kube_yaml_kind kind;
	int val; /* bool value, or float: 1 = +inf, -1 = -inf, 0 = nan */
} resolve_map[] = {
	{"y", KUBE_YAML_BOOL, 1},	 {"Y", KUBE_YAML_BOOL, 1},
	{"yes", KUBE_YAML_BOOL, 1},	 {"Yes", KUBE_YAML_BOOL, 1},
	{"YES", KUBE_YAML_BOOL, 1},	 {"true", KUBE_YAML_BOOL, 1},
	{"True", KUBE_YAML_BOOL, 1},	 {"TRUE", KUBE_YAML_BOOL, 1},
	{"on", KUBE_YAML_BOOL, 1},	 {"On", KUBE_YAML_BOOL, 1},
	{"ON", KUBE_YAML_BOOL, 1},	 {"n", KUBE_YAML_BOOL, 0},
	{"N", KUBE_YAML_BOOL, 0},	 {"no", KUBE_YAML_BOOL, 0},
	{"No", KUBE_YAML_BOOL, 0},	 {"NO", KUBE_YAML_BOOL, 0},
	{"false", KUBE_YAML_BOOL, 0},	 {"False", KUBE_YAML_BOOL, 0},
	{"FALSE", KUBE_YAML_BOOL, 0},	 {"off", KUBE_YAML_BOOL, 0},
	{"Off", KUBE_YAML_BOOL, 0},	 {"OFF", KUBE_YAML_BOOL, 0},
	{"", KUBE_YAML_NULL, 0},	 {"~", KUBE_YAML_NULL, 0},
	{"null", KUBE_YAML_NULL, 0},	 {"Null", KUBE_YAML_NULL, 0},
	{"NULL", KUBE_YAML_NULL, 0},	 {".nan", KUBE_YAML_FLOAT, 0},
	{".NaN", KUBE_YAML_FLOAT, 0},	 {".NAN", KUBE_YAML_FLOAT, 0},
	{".inf", KUBE_YAML_FLOAT, 1},	 {".Inf", KUBE_YAML_FLOAT, 1},
	{".INF", KUBE_YAML_FLOAT, 1},	 {"+.inf", KUBE_YAML_FLOAT, 1},
	{"+.Inf", KUBE_YAML_FLOAT, 1},	 {"+.INF", KUBE_YAML_FLOAT, 1},
	{"-.inf", KUBE_YAML_FLOAT, -1}, {"-.Inf", KUBE_YAML_FLOAT, -1},
	{"-.INF", KUBE_YAML_FLOAT, -1},
};

/* The first byte's class: sign, digit, "in the map", dot, or nothing worth resolving. */
static char hint_of(unsigned char c)
{
	if (c == '+' || c == '-')
		return 'S';
	if (c >= '0' && c <= '9')
		return 'D';
	if (c && strchr("yYnNtTfFoO~", c))
		return 'M';
	if (c == '.')
		return '.';
	return 0;
}

static void set_int(struct kube_yaml_scalar *out, int64_t v)
{
	out->kind = KUBE_YAML_INT;
	out->i = v;
}

static void resolve_number(const char *s, size_t len, enum kube_yaml_tag tag,
			   struct kube_yaml_scalar *out)
{
	char tmp[128], *heap = NULL, *p = tmp;
	size_t i, n = 0;
	int64_t iv;
	uint64_t uv;
	double d;

	if ((tag == KUBE_YAML_TAG_NONE || tag == KUBE_YAML_TAG_TIMESTAMP) && is_timestamp(s, len)) {
		out->kind = KUBE_YAML_TIMESTAMP;
		return;
	}
	if (len >= sizeof(tmp)) {
		if (!(heap = malloc(len + 1)))
			return; /* stays a string */
		p = heap;
	}
	for (i = 0; i < len; i++)
		if (s[i] != '_')
			p[n++] = s[i];
	if (go_parse_int(p, n, 0, &iv)) {
		set_int(out, iv);
	} else if (go_parse_uint(p, n, 0, &uv)) {
		out->kind = KUBE_YAML_UINT;
		out->u = uv;
	} else if (yaml_style_float(p, n) && parse_decimal(p, n, &d)) {
		out->kind = KUBE_YAML_FLOAT;
		out->f = d;
	} else if (n >= 2 && p[0] == '0' && p[1] == 'b') {
		if (go_parse_int(p + 2, n - 2, 2, &iv)) {
			set_int(out, iv);
		} else if (go_parse_uint(p + 2, n - 2, 2, &uv)) {
			out->kind = KUBE_YAML_UINT;
			out->u = uv;
		}
	} else if (n >= 3 && p[0] == '-' && p[1] == '0' && p[2] == 'b') {
		/* ParseInt("-" + rest, 2): rest must be bare binary digits */
		if (n > 3 && p[3] != '+' && p[3] != '-' && go_parse_uint(p + 3, n - 3, 2, &uv) &&
		    uv <= (uint64_t)INT64_MAX + 1)
			set_int(out, (int64_t)(0 - uv));
	}
	free(heap);
}

void kube_yaml__resolve(const char *s, size_t len, enum kube_yaml_tag tag,
			struct kube_yaml_scalar *out)
{
	char hint = len ? hint_of((unsigned char)s[0]) : 'N';
	size_t i;
	double d;

	memset(out, 0, sizeof(*out));
	out->kind = KUBE_YAML_STR;
	if (!hint || tag == KUBE_YAML_TAG_STR || tag == KUBE_YAML_TAG_BINARY)
		return;
	for (i = 0; i < sizeof(resolve_map) / sizeof(resolve_map[0]); i++) {
		if (strlen(resolve_map[i].s) == len && !memcmp(resolve_map[i].s, s, len)) {
			out->kind = resolve_map[i].kind;
			if (out->kind == KUBE_YAML_BOOL)
				out->b = resolve_map[i].val;
			else if (out->kind == KUBE_YAML_FLOAT)
				out->f = resolve_map[i].val ? resolve_map[i].val * INFINITY : NAN;
			return;
		}
	}
	switch (hint) {
	case '.':
		if (go_parse_dot_float(s, len, &d)) {
			out->kind = KUBE_YAML_FLOAT;
			out->f = d;
		}
		break;
	case 'D':
	case 'S':
		resolve_number(s, len, tag, out);
		break;
	}
}

/* go-yaml v2's base-60 float test, ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ (only
 * quoted on output; never resolved on input). */
static bool is_base60(const char *s, size_t n)
{
	size_t i = 0;
	bool groups = false;

	if (!n || !(s[0] == '+' || s[0] == '-' || is_digit(s[0])) || !memchr(s, ':', n))
		return false;
	if (s[i] == '+' || s[i] == '-')
		i++;
	if (i >= n || !is_digit(s[i]))
		return false;
	while (i < n && (is_digit(s[i]) || s[i] == '_'))
		i++;
	while (i < n && s[i] == ':') {
		/* [0-5]?[0-9] */
		i++;
		if (i + 1 < n && s[i] >= '0' && s[i] <= '5' && is_digit(s[i + 1]))
			i += 2;
		else if (i < n && is_digit(s[i]))
			i++;
		else
			return false;
		groups = true;
	}
	if (!groups)
		return false;
	if (i < n && s[i] == '.')
		for (i++; i < n && (is_digit(s[i]) || s[i] == '_'); i++)
			;
	return i == n;
}

bool kube_yaml__plain_is_string(const char *s, size_t len)
{
	struct kube_yaml_scalar r;

	kube_yaml__resolve(s, len, KUBE_YAML_TAG_NONE, &r);
	return r.kind == KUBE_YAML_STR && !is_base60(s, len);
}

/* ---- Go float formatting ---- */

/* Shortest digits that read back as v at the given precision: v = 0.DIGITS * 10^dp. */
static int shortest_digits(double v, int bits, char *digits, int *dp)
{
	char tmp[40];
	int prec, nd = 0, exp;
	const char *p;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, v);
		if (bits == 32 ? strtof(tmp, NULL) == (float)v : strtod(tmp, NULL) == v)
			break;
	}
	for (p = tmp; *p && *p != 'e'; p++)
		if (is_digit(*p))
			digits[nd++] = *p;
	exp = *p == 'e' ? (int)strtol(p + 1, NULL, 10) : 0;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	*dp = exp + 1;
	return nd;
}

static void put_fmt_e(kube_buf *b, bool neg, const char *d, int nd, int dp)
{
	int exp = dp - 1;

	if (neg)
		kube_buf_putc(b, '-');
	kube_buf_putc(b, d[0]);
	if (nd > 1) {
		kube_buf_putc(b, '.');
		kube_buf_put(b, d + 1, (size_t)nd - 1);
	}
	kube_buf_printf(b, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
}

static void put_fmt_f(kube_buf *b, bool neg, const char *d, int nd, int dp)
{
	int i;

	if (neg)
		kube_buf_putc(b, '-');
	if (dp > 0) {
		for (i = 0; i < dp; i++)
			kube_buf_putc(b, i < nd ? d[i] : '0');
	} else {
		kube_buf_putc(b, '0');
	}
	if (nd > dp) {
		kube_buf_putc(b, '.');
		for (i = dp; i < nd; i++)
			kube_buf_putc(b, i < 0 ? '0' : d[i]);
	}
}

void kube_yaml__put_go_float_g(kube_buf *b, double f, int bits)
{
	char d[24];
	int nd, dp;

	if (isnan(f)) {
		kube_buf_puts(b, ".nan");
		return;
	}
	if (bits == 32)
		f = (double)(float)f;
	if (isinf(f)) {
		kube_buf_puts(b, f > 0 ? ".inf" : "-.inf");
		return;
	}
	if (f == 0) {
		kube_buf_puts(b, signbit(f) ? "-0" : "0");
		return;
	}
	nd = shortest_digits(fabs(f), bits, d, &dp);
	if (dp - 1 < -4 || dp - 1 >= 6)
		put_fmt_e(b, f < 0, d, nd, dp);
	else
		put_fmt_f(b, f < 0, d, nd, dp);
}

void kube_yaml__put_go_json_float(kube_buf *b, double f)
{
	char d[24];
	int nd, dp;
	double a = fabs(f);

	if (f == 0) {
		kube_buf_puts(b, signbit(f) ? "-0" : "0");
		return;
	}
	nd = shortest_digits(a, 64, d, &dp);
	if (a < 1e-6 || a >= 1e21) {
		int exp = dp - 1;

		/* Go cleans e-09 up to e-9 */
		if (exp < 0 && exp > -10) {
			if (f < 0)
				kube_buf_putc(b, '-');
			kube_buf_putc(b, d[0]);
			if (nd > 1) {
				kube_buf_putc(b, '.');
				kube_buf_put(b, d + 1, (size_t)nd - 1);
			}
			kube_buf_printf(b, "e-%d", -exp);
		} else {
			put_fmt_e(b, f < 0, d, nd, dp);
		}
	} else {
		put_fmt_f(b, f < 0, d, nd, dp);
	}
}

static bool is_int_text(const char *t)
{
	if (*t == '-')
		t++;
	if (!*t)
		return false;
	for (; *t; t++)
		if (!is_digit(*t))
			return false;
	return true;
}

void kube_yaml__put_go_number(kube_buf *b, const char *text)
{
	kube_buf tmp = KUBE_BUF_INIT;
	char *end;
	long long ll;
	double d;

	if (is_int_text(text)) {
		errno = 0;
		ll = strtoll(text, &end, 10);
		if (!errno && !*end) {
			kube_buf_printf(b, "%lld", ll);
			return;
		}
	}
	errno = 0;
	d = strtod(text, &end);
	if (end == text || *end || !isfinite(d)) {
		kube_buf_puts(b, text); /* not a number Go would have decoded; keep it */
		return;
	}
	/* json.Marshal(float64), then go-yaml resolves that text again */
	kube_yaml__put_go_json_float(&tmp, d);
	if (!tmp.failed && is_int_text(tmp.ptr)) {
		int64_t iv;
		uint64_t uv;
		size_t n = tmp.len;

		if (go_parse_int(tmp.ptr, n, 10, &iv)) {
			kube_buf_printf(b, "%lld", (long long)iv);
			goto out;
		}
		if (tmp.ptr[0] != '-' && go_parse_uint(tmp.ptr, n, 10, &uv)) {
			kube_buf_printf(b, "%llu", (unsigned long long)uv);
			goto out;
		}
	}
	kube_yaml__put_go_float_g(b, d, 64);
out:
	kube_buf_release(&tmp);
}

/* ---- UTF-8 ---- */

/* Decode one rune as Go does: invalid input gives U+FFFD and consumes one byte. */
static size_t utf8_rune(const unsigned char *p, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t need, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0) {
		need = 2;
		c = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		need = 3;
		c = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		need = 4;
		c = p[0] & 0x07;
	} else {
		goto bad;
	}
	if (n < need)
		goto bad;
	for (i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((need == 2 && c < 0x80) || (need == 3 && c < 0x800) || (need == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
		goto bad;
	*cp = c;
	return need;
bad:
	*cp = 0xfffd;
	return 1;
}

bool kube_yaml__utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	uint32_t cp;

	while (p < end) {
		size_t k;

		if (*p < 0x80) {
			p++;
			continue;
		}
		k = utf8_rune(p, (size_t)(end - p), &cp);
		if (cp == 0xfffd && k == 1)
			return false;
		p += k;
	}
	return true;
}

void kube_yaml__put_utf8_fixed(kube_buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	uint32_t cp;

	while (p < end) {
		size_t k = utf8_rune(p, (size_t)(end - p), &cp);

		if (cp == 0xfffd && k == 1)
			kube_buf_put(b, "\xef\xbf\xbd", 3);
		else
			kube_buf_put(b, p, k);
		p += k;
	}
}

/* ---- key order ---- */

/* unicode.IsLetter, exact for ASCII and Latin-1, approximate above (common alphabetic blocks). */
static bool rune_is_letter(uint32_t c)
{
	static const uint32_t ranges[][2] = {
		{0x00aa, 0x00aa}, {0x00b5, 0x00b5}, {0x00ba, 0x00ba}, {0x00c0, 0x00d6},
		{0x00d8, 0x00f6}, {0x00f8, 0x02c1}, {0x02c6, 0x02d1}, {0x02e0, 0x02e4},
		{0x0370, 0x0374}, {0x0376, 0x037d}, {0x0386, 0x0386}, {0x0388, 0x03f5},
		{0x03f7, 0x0481}, {0x048a, 0x052f}, {0x0531, 0x0556}, {0x0561, 0x0587},
		{0x05d0, 0x05ea}, {0x0620, 0x064a}, {0x0671, 0x06d3}, {0x0904, 0x0939},
		{0x0e01, 0x0e30}, {0x10a0, 0x10ff}, {0x1e00, 0x1fbc}, {0x2c00, 0x2ce4},
		{0x3041, 0x3096}, {0x30a1, 0x30fa}, {0x3400, 0x4dbf}, {0x4e00, 0x9fff},
		{0xa000, 0xa48c}, {0xac00, 0xd7a3}, {0xf900, 0xfaff}, {0xff21, 0xff3a},
		{0xff41, 0xff5a}, {0xff66, 0xffdc}, {0x20000, 0x2fa1f},
	};
	size_t i;

	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (c >= ranges[i][0] && c <= ranges[i][1])
			return true;
	return false;
}

static bool rune_is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* go-yaml v2 keyList.Less on two rune strings. */
static bool key_less(const uint32_t *ar, size_t alen, const uint32_t *br, size_t blen)
{
	size_t i;

	for (i = 0; i < alen && i < blen; i++) {
		bool al, bl;
		size_t ai, bi;
		uint64_t an = 0, bn = 0; /* Go's int64 arithmetic, wrapping */

		if (ar[i] == br[i])
			continue;
		al = rune_is_letter(ar[i]);
		bl = rune_is_letter(br[i]);
		if (al && bl)
			return ar[i] < br[i];
		if (al || bl)
			return bl;
		if (ar[i] == '0' || br[i] == '0') {
			size_t j;

			for (j = i; j-- > 0 && rune_is_digit(ar[j]);) {
				if (ar[j] != '0') {
					an = 1;
					bn = 1;
					break;
				}
			}
		}
		for (ai = i; ai < alen && rune_is_digit(ar[ai]); ai++)
			an = an * 10 + (ar[ai] - '0');
		for (bi = i; bi < blen && rune_is_digit(br[bi]); bi++)
			bn = bn * 10 + (br[bi] - '0');
		if (an != bn)
			return (int64_t)an < (int64_t)bn;
		if (ai != bi)
			return ai < bi;
		return ar[i] < br[i];
	}
	return alen < blen;
}

static int key_cmp(const void *pa, const void *pb)
{
	const struct kube_yaml_key *a = pa, *b = pb;

	if (key_less(a->r, a->n, b->r, b->n))
		return -1;
	if (key_less(b->r, b->n, a->r, a->n))
		return 1;
	return strcmp(a->s, b->s);
}

static int key_cmp_bytes(const void *pa, const void *pb)
{
	const struct kube_yaml_key *a = pa, *b = pb;

	return strcmp(a->s, b->s);
}

bool kube_yaml__sort_keys(struct kube_yaml_key *keys, size_t n)
{
	size_t i, total = 0, used = 0;
	uint32_t *pool;
	bool letters_only = true;

	for (i = 0; i < n; i++) {
		const unsigned char *p;

		for (p = (const unsigned char *)keys[i].s; *p; p++) {
			if (!(((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
				letters_only = false;
			total++;
		}
	}
	/* ASCII letters compare as bytes do, and a prefix sorts first: plain strcmp */
	if (letters_only) {
		qsort(keys, n, sizeof(*keys), key_cmp_bytes);
		return true;
	}
	if (!(pool = malloc((total + 1) * sizeof(*pool))))
		return false;
	for (i = 0; i < n; i++) {
		const unsigned char *p = (const unsigned char *)keys[i].s;
		size_t left = strlen(keys[i].s);

		keys[i].r = pool + used;
		keys[i].n = 0;
		while (left) {
			size_t k = utf8_rune(p, left, &pool[used++]);

			keys[i].n++;
			p += k;
			left -= k;
		}
	}
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (i = 0; i < n; i++)
		keys[i].r = NULL;
	free(pool);
	return true;
}
