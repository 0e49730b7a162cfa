/* -o kyaml for the objects kubectl builds itself: the KYAML dialect of sigs.k8s.io/yaml/kyaml
 * (flow-style maps and lists, every string value double-quoted, keys quoted only when YAML could
 * read them as something else, multi-line strings folded with `\` continuations) with the
 * members in their JSON order. kubectl renders the object's JSON, and for typed objects that is
 * Go struct order; kube_kyaml_write() (lib/codec) sorts keys, as needed for unstructured ones. */
#include <stdio.h>
#include <string.h>

#include <kube/obj.h>

#include "mutate-internal.h"
#include "banned.h"

static void indent(kube_buf *out, int level)
{
	int i;

	for (i = 0; i < level; i++)
		kube_buf_puts(out, "  ");
}

/* Decode one UTF-8 rune; invalid bytes give U+FFFD with width 1 (json.Marshal's replacement). */
static unsigned decode_rune(const unsigned char *s, size_t n, size_t *width)
{
	unsigned c = s[0], cp;
	size_t len, k;

	*width = 1;
	if (c < 0x80)
		return c;
	if ((c & 0xe0) == 0xc0)
		len = 2, cp = c & 0x1f;
	else if ((c & 0xf0) == 0xe0)
		len = 3, cp = c & 0x0f;
	else if ((c & 0xf8) == 0xf0)
		len = 4, cp = c & 0x07;
	else
		return 0xfffd;
	if (len > n)
		return 0xfffd;
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0xfffd;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0xfffd;
	*width = len;
	return cp;
}

static void put_rune(kube_buf *out, unsigned r)
{
	if (r < 0x80) {
		kube_buf_putc(out, (char)r);
	} else if (r < 0x800) {
		kube_buf_putc(out, (char)(0xc0 | (r >> 6)));
		kube_buf_putc(out, (char)(0x80 | (r & 0x3f)));
	} else if (r < 0x10000) {
		kube_buf_putc(out, (char)(0xe0 | (r >> 12)));
		kube_buf_putc(out, (char)(0x80 | ((r >> 6) & 0x3f)));
		kube_buf_putc(out, (char)(0x80 | (r & 0x3f)));
	} else {
		kube_buf_putc(out, (char)(0xf0 | (r >> 18)));
		kube_buf_putc(out, (char)(0x80 | ((r >> 12) & 0x3f)));
		kube_buf_putc(out, (char)(0x80 | ((r >> 6) & 0x3f)));
		kube_buf_putc(out, (char)(0x80 | (r & 0x3f)));
	}
}

/* unicode.IsSpace */
static bool is_space(unsigned r)
{
	switch (r) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xa0:
	case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
		return true;
	default:
		return r >= 0x2000 && r <= 0x200a;
	}
}

/* unicode.IsPrint, for the characters Kubernetes objects contain (no Unicode tables: controls,
 * separators other than ' ' and format characters are the non-printable ones). */
static bool is_print(unsigned r)
{
	if (r < 0x80)
		return r >= 0x20 && r < 0x7f;
	if (r <= 0xa0 || r == 0xad)
		return false;
	if (is_space(r))
		return false;
	if ((r >= 0x200b && r <= 0x200f) || (r >= 0x202a && r <= 0x202e) ||
	    (r >= 0x2060 && r <= 0x206f) || r == 0xfeff || (r >= 0xfff9 && r <= 0xfffb) ||
	    (r >= 0xd800 && r <= 0xdfff) || r == 0x61c || r == 0x180e)
		return false;
	return true;
}

static bool all_digits(const char *s, size_t n, unsigned base)
{
	size_t i;

	if (!n)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];
		unsigned v;

		if (c >= '0' && c <= '9')
			v = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = (unsigned)(c - 'A' + 10);
		else
			return false;
		if (v >= base)
			return false;
	}
	return true;
}

/* strconv.ParseInt(s, 0, 64) succeeds (overflow counts as failure) */
static bool go_parse_int(const char *s)
{
	size_t n;
	unsigned base = 10;
	unsigned long long v = 0, lim;
	size_t i;

	if (*s == '+' || *s == '-')
		s++;
	n = strlen(s);
	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2, n -= 2;
	else if (n >= 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O'))
		base = 8, s += 2, n -= 2;
	else if (n >= 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
		base = 2, s += 2, n -= 2;
	else if (n >= 2 && s[0] == '0')
		base = 8, s += 1, n -= 1;
	if (!all_digits(s, n, base))
		return false;
	lim = 9223372036854775808ULL;
	for (i = 0; i < n; i++) {
		unsigned d = (s[i] >= '0' && s[i] <= '9') ? (unsigned)(s[i] - '0')
				   : (unsigned)((s[i] | 0x20) - 'a' + 10);

		if (v > (lim - d) / base)
			return false;
		v = v * base + d;
	}
	return true;
}

static bool ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if ((*a | 0x20) != (*b | 0x20))
			return false;
	return !*a && !*b;
}

/* strconv.ParseFloat(s, 64) succeeds (decimal and hex floats, inf, infinity, nan) */
static bool go_parse_float(const char *s)
{
	const char *p = s;
	bool digits = false, hex = false;

	if (*p == '+' || *p == '-')
		p++;
	if (ieq(p, "inf") || ieq(p, "infinity") || (ieq(p, "nan") && p == s))
		return true;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		hex = true, p += 2;
	for (; (hex ? all_digits(p, 1, 16) : (*p >= '0' && *p <= '9')); p++)
		digits = true;
	if (*p == '.')
		for (p++; (hex ? all_digits(p, 1, 16) : (*p >= '0' && *p <= '9')); p++)
			digits = true;
	if (!digits)
		return false;
	if (hex) {
		if (*p != 'p' && *p != 'P')
			return false;
	}
	if ((!hex && (*p == 'e' || *p == 'E')) || (hex && (*p == 'p' || *p == 'P'))) {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/* ^[+-]?[1-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$ */
static bool sexagesimal(const char *s)
{
	const char *p = s;
	int groups = 0;

	if (*p == '+' || *p == '-')
		p++;
	if (!(*p >= '1' && *p <= '9'))
		return false;
	for (p++; (*p >= '0' && *p <= '9') || *p == '_'; p++)
		;
	while (*p == ':') {
		p++;
		if (*p >= '0' && *p <= '5' && p[1] >= '0' && p[1] <= '9')
			p += 2;
		else if (*p >= '0' && *p <= '9')
			p++;
		else
			return false;
		groups++;
	}
	if (!groups)
		return false;
	if (*p == '.')
		for (p++; (*p >= '0' && *p <= '9') || *p == '_'; p++)
			;
	return *p == '\0';
}

static int num(const char **p, int min, int max)
{
	int v = 0, n = 0;

	while (**p >= '0' && **p <= '9' && n < max) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n >= min ? v : -1;
}

/* The timestamp formats go-yaml accepts: 2006-1-2, 2006-1-2 15:4:5.999999999 and
 * 2006-1-2T15:4:5.999999999Z07:00 (t or T). */
static bool timestamp(const char *s)
{
	const char *p = s;
	int y, m, d;

	if ((y = num(&p, 4, 4)) < 0 || *p != '-')
		return false;
	p++;
	if ((m = num(&p, 1, 2)) < 1 || m > 12 || *p != '-')
		return false;
	p++;
	if ((d = num(&p, 1, 2)) < 1 || d > 31)
		return false;
	if (!*p)
		return true;
	{
		char sep = *p;
		int h, mi, se;

		if (sep != 'T' && sep != 't' && sep != ' ')
			return false;
		p++;
		if ((h = num(&p, 1, 2)) < 0 || h > 23 || *p++ != ':' || (mi = num(&p, 1, 2)) < 0 ||
		    mi > 59 || *p++ != ':' || (se = num(&p, 1, 2)) < 0 || se > 59)
			return false;
		if (*p == '.') {
			p++;
			if (num(&p, 1, 9) < 0)
				return false;
		}
		if (sep == ' ')
			return *p == '\0';
		if (*p == 'Z')
			return p[1] == '\0';
		if (*p != '+' && *p != '-')
			return false;
		p++;
		if (num(&p, 2, 2) < 0 || *p++ != ':' || num(&p, 2, 2) < 0)
			return false;
		return *p == '\0';
	}
}

static bool guesses_wrong(const char *s)
{
	static const char *const words[] = {"null", "~", "true", "y", "yes", "on", "false", "n",
					    "no", "off", ".inf", "-.inf", "+.inf", ".nan", NULL};
	static const char *const bools[] = {"1", "t", "T", "TRUE", "true", "True", "0", "f", "F",
					    "FALSE", "false", "False", NULL};
	char plain[256];
	size_t i, j;

	for (i = 0; bools[i]; i++)
		if (!strcmp(s, bools[i]))
			return true;
	if (strlen(s) <= 5)
		for (i = 0; words[i]; i++)
			if (ieq(s, words[i]))
				return true;
	for (i = j = 0; s[i] && j < sizeof(plain) - 1; i++)
		if (s[i] != '_')
			plain[j++] = s[i];
	plain[j] = '\0';
	if (!s[i] && (go_parse_int(plain) || go_parse_float(plain)))
		return true;
	return sexagesimal(s) || timestamp(s);
}

static bool needs_quotes(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, w;

	if (!n || guesses_wrong(s))
		return true;
	while (i < n) {
		unsigned r = decode_rune(p + i, n - i, &w);
		bool interior = i > 0 && i + w < n;

		if ((r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') ||
		    r == '_' || (r >= 0x80 && r != 0xfffd && is_print(r)) ||
		    (interior && (r == '-' || r == '.' || r == '/'))) {
			i += w;
			continue;
		}
		return true;
	}
	return false;
}

static void put_escaped(kube_buf *b, unsigned r, int level, bool compact)
{
	bool after_nl = b->len && b->ptr[b->len - 1] == '\n';

	if (after_nl) {
		indent(b, level);
		kube_buf_putc(b, is_space(r) && r != '\n' ? '\\' : ' ');
	}
	if (r == '"' || r == '\\') {
		kube_buf_putc(b, '\\');
		kube_buf_putc(b, (char)r);
		return;
	}
	if (is_print(r) || r == '\t') {
		put_rune(b, r);
		return;
	}
	switch (r) {
	case '\a': kube_buf_puts(b, "\\a"); return;
	case '\b': kube_buf_puts(b, "\\b"); return;
	case '\f': kube_buf_puts(b, "\\f"); return;
	case '\n': kube_buf_puts(b, compact ? "\\n" : "\\n\\\n"); return;
	case '\r': kube_buf_puts(b, "\\r"); return;
	case '\v': kube_buf_puts(b, "\\v"); return;
	case 0: kube_buf_puts(b, "\\0"); return;
	case 0x1b: kube_buf_puts(b, "\\e"); return;
	case 0x85: kube_buf_puts(b, "\\N"); return;
	case 0xa0: kube_buf_puts(b, "\\_"); return;
	case 0x2028: kube_buf_puts(b, "\\L"); return;
	case 0x2029: kube_buf_puts(b, "\\P"); return;
	default:
		if (r < ' ' || r == 0x7f)
			kube_buf_printf(b, "\\x%02x", r);
		else if (r < 0x10000)
			kube_buf_printf(b, "\\u%04x", r);
		else
			kube_buf_printf(b, "\\U%08x", r);
	}
}

static void put_string(kube_buf *out, const char *s, int level, bool key)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, w;
	bool multi = strchr(s, '\n') != NULL;
	bool compact = key;

	if (key && !multi && !needs_quotes(s)) {
		kube_buf_puts(out, s);
		return;
	}
	kube_buf_putc(out, '"');
	if (multi && !compact)
		kube_buf_puts(out, "\\\n");
	for (i = 0; i < n; i += w)
		put_escaped(out, decode_rune(p + i, n - i, &w), level, compact);
	if (multi && !compact) {
		if (!(out->len && out->ptr[out->len - 1] == '\n'))
			kube_buf_puts(out, "\\\n");
		indent(out, level);
	}
	kube_buf_putc(out, '"');
}

static void render(kube_buf *out, const kube_obj *o, int level)
{
	const kube_obj *c;

	switch (kube_obj_type_of(o)) {
	case KUBE_OBJ_OBJECT:
		if (!kube_obj_len(o)) {
			kube_buf_puts(out, "{}");
			return;
		}
		kube_buf_puts(out, "{\n");
		kube_obj_foreach(c, o) {
			indent(out, level + 1);
			put_string(out, kube_obj_key(c), level + 1, true);
			kube_buf_puts(out, ": ");
			render(out, c, level + 1);
			kube_buf_puts(out, ",\n");
		}
		indent(out, level);
		kube_buf_putc(out, '}');
		return;
	case KUBE_OBJ_ARRAY: {
		bool cuddle = true;

		if (!kube_obj_len(o)) {
			kube_buf_puts(out, "[]");
			return;
		}
		kube_obj_foreach(c, o) {
			kube_obj_type t = kube_obj_type_of(c);

			if (t != KUBE_OBJ_OBJECT && t != KUBE_OBJ_ARRAY)
				cuddle = false;
		}
		if (cuddle) {
			bool first = true;

			kube_buf_putc(out, '[');
			kube_obj_foreach(c, o) {
				if (!first)
					kube_buf_puts(out, ", ");
				first = false;
				render(out, c, level);
			}
			kube_buf_putc(out, ']');
			return;
		}
		kube_buf_puts(out, "[\n");
		kube_obj_foreach(c, o) {
			indent(out, level + 1);
			render(out, c, level + 1);
			kube_buf_puts(out, ",\n");
		}
		indent(out, level);
		kube_buf_putc(out, ']');
		return;
	}
	case KUBE_OBJ_STRING:
		put_string(out, kube_obj_str(o), level + 1, false);
		return;
	case KUBE_OBJ_NUMBER:
		kube_buf_puts(out, kube_obj_number_text(o));
		return;
	case KUBE_OBJ_BOOL:
		kube_buf_puts(out, kube_obj_bool(o) ? "true" : "false");
		return;
	default:
		kube_buf_puts(out, "null");
		return;
	}
}

void mut_kyaml_write(kube_buf *out, const kube_obj *obj)
{
	kube_buf_puts(out, "---\n");
	render(out, obj, 0);
	kube_buf_putc(out, '\n');
}
