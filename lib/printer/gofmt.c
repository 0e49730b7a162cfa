/* Go's fmt, strconv and reflect rules for the values kubectl's printers get from JSON:
 * %v (`map[a:b]`), %#v, Sprintf/Sprint/Sprintln, strconv.Quote and float formatting. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printer-internal.h"
#include "banned.h"

/* ---- values ---- */

bool kgo_number(const char *text, int64_t *i, double *f)
{
	const char *p = text;
	char *end;
	long long v;

	if (*p == '+' || *p == '-')
		p++;
	if (*p >= '0' && *p <= '9') {
		while (*p >= '0' && *p <= '9')
			p++;
		if (!*p) {
			errno = 0;
			v = strtoll(text, &end, 10);
			if (!errno && !*end) {
				*i = v;
				return true;
			}
		}
	}
	*f = strtod(text, NULL);
	return false;
}

void kgo_from_json_rt(gv *v, const cJSON *j, bool iface, bool rt)
{
	memset(v, 0, sizeof(*v));
	v->iface = iface;
	v->rt = rt;
	if (!j)
		return;
	switch (j->type & 0xff) {
	case cJSON_NULL:
		v->kind = GV_NIL;
		v->iface = true;
		break;
	case cJSON_True:
	case cJSON_False:
		v->kind = GV_BOOL;
		v->b = (j->type & 0xff) == cJSON_True;
		break;
	case cJSON_Number:
		if (j->valuestring && kgo_number(j->valuestring, &v->i, &v->f)) {
			v->kind = GV_INT64;
		} else {
			v->kind = GV_FLOAT;
			if (!j->valuestring)
				v->f = j->valuedouble;
			if (rt && v->f == floor(v->f) && fabs(v->f) < 1e21 &&
			    v->f >= -9223372036854775808.0 && v->f < 9223372036854775808.0) {
				v->kind = GV_INT64;
				v->i = (int64_t)v->f;
			}
		}
		break;
	case cJSON_String:
		v->kind = GV_STRING;
		v->s = j->valuestring ? j->valuestring : "";
		v->n = strlen(v->s);
		break;
	case cJSON_Array:
		v->kind = GV_SLICE;
		v->first = j->child;
		v->n = (size_t)-1;
		break;
	case cJSON_Object:
		v->kind = GV_MAP;
		break;
	}
	v->j = j;
}

size_t kgo_slice_len(const gv *v)
{
	const cJSON *c;
	size_t n = 0;

	if (v->n != (size_t)-1)
		return v->n;
	for (c = v->first; c; c = c->next)
		n++;
	return n;
}

const char *kgo_type_name(const gv *v, bool static_type)
{
	if (static_type && v->iface)
		return "interface {}";
	switch (v->kind) {
	case GV_INVALID: return "<nil>";
	case GV_NIL: return "interface {}";
	case GV_BOOL: return "bool";
	case GV_INT: return "int";
	case GV_INT64: return "int64";
	case GV_UINT8: return "uint8";
	case GV_FLOAT: return "float64";
	case GV_STRING: return "string";
	case GV_MAP: return "map[string]interface {}";
	case GV_SLICE: return "[]interface {}";
	}
	return "?";
}

static int cmp_member(const void *a, const void *b)
{
	return strcmp((*(const cJSON *const *)a)->string, (*(const cJSON *const *)b)->string);
}

size_t kgo_sorted_members(const cJSON *obj, const cJSON ***out)
{
	const cJSON *c;
	size_t n = 0, i = 0;

	*out = NULL;
	for (c = obj->child; c; c = c->next)
		n++;
	if (!n)
		return 0;
	if (!(*out = malloc(n * sizeof(**out))))
		return (size_t)-1;
	for (c = obj->child; c; c = c->next)
		(*out)[i++] = c;
	qsort(*out, n, sizeof(**out), cmp_member);
	return n;
}

/* ---- UTF-8 ---- */

size_t kgo_utf8_decode(const unsigned char *p, size_t n, uint32_t *r)
{
	unsigned lo = 0x80, hi = 0xbf;
	size_t need, i;
	uint32_t c;

	*r = 0xfffd;
	if (!n)
		return 0;
	if (p[0] < 0x80) {
		*r = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		need = 2, c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 3, c = p[0] & 0x0f;
		if (p[0] == 0xe0)
			lo = 0xa0;
		else if (p[0] == 0xed)
			hi = 0x9f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 4, c = p[0] & 0x07;
		if (p[0] == 0xf0)
			lo = 0x90;
		else if (p[0] == 0xf4)
			hi = 0x8f;
	} else {
		return 1;
	}
	if (n < need || p[1] < lo || p[1] > hi)
		return 1;
	for (i = 1; i < need; i++) {
		if (i > 1 && (p[i] < 0x80 || p[i] > 0xbf))
			return 1;
		c = (c << 6) | (p[i] & 0x3f);
	}
	*r = c;
	return need;
}

size_t kgo_rune_count(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t count = 0, w;
	uint32_t r;

	while (n) {
		if (*p < 0x80) {
			p++, n--;
		} else {
			w = kgo_utf8_decode(p, n, &r);
			p += w, n -= w;
		}
		count++;
	}
	return count;
}

/* unicode.IsPrint without the tables: control, format, separator, private-use and
 * noncharacter code points are not printable; every other rune is. */
bool kgo_is_print(uint32_t r)
{
	static const uint32_t ranges[][2] = {
		{0x7f, 0xa0},       {0xad, 0xad},       {0x600, 0x605},     {0x61c, 0x61c},
		{0x6dd, 0x6dd},     {0x70f, 0x70f},     {0x890, 0x891},     {0x8e2, 0x8e2},
		{0x1680, 0x1680},   {0x180e, 0x180e},   {0x2000, 0x200f},   {0x2028, 0x202f},
		{0x205f, 0x2064},   {0x2066, 0x206f},   {0x3000, 0x3000},   {0xd800, 0xf8ff},
		{0xfdd0, 0xfdef},   {0xfeff, 0xfeff},   {0xfff9, 0xfffb},   {0xfffe, 0xffff},
		{0x110bd, 0x110bd}, {0x110cd, 0x110cd}, {0x13430, 0x1343f}, {0x1bca0, 0x1bca3},
		{0x1d173, 0x1d17a}, {0xe0001, 0xe0001}, {0xe0020, 0xe007f}, {0xf0000, 0x10ffff},
	};
	size_t i;

	if (r < 0x20)
		return false;
	if (r < 0x7f)
		return true;
	if ((r & 0xfffe) == 0xfffe)
		return false;
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (r >= ranges[i][0] && r <= ranges[i][1])
			return false;
	return true;
}

void kgo_put_rune(kube_buf *b, uint32_t r)
{
	char u[4];

	if (r > 0x10ffff || (r >= 0xd800 && r < 0xe000))
		r = 0xfffd;
	if (r < 0x80) {
		kube_buf_putc(b, (char)r);
	} else if (r < 0x800) {
		u[0] = (char)(0xc0 | (r >> 6));
		u[1] = (char)(0x80 | (r & 0x3f));
		kube_buf_put(b, u, 2);
	} else if (r < 0x10000) {
		u[0] = (char)(0xe0 | (r >> 12));
		u[1] = (char)(0x80 | ((r >> 6) & 0x3f));
		u[2] = (char)(0x80 | (r & 0x3f));
		kube_buf_put(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (r >> 18));
		u[1] = (char)(0x80 | ((r >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((r >> 6) & 0x3f));
		u[3] = (char)(0x80 | (r & 0x3f));
		kube_buf_put(b, u, 4);
	}
}

/* ---- strconv.Quote ---- */

static void escape_rune(kube_buf *b, uint32_t r, bool ascii, char quote)
{
	if (r == (uint32_t)quote || r == '\\') {
		kube_buf_putc(b, '\\');
		kube_buf_putc(b, (char)r);
		return;
	}
	if (ascii ? (r < 0x80 && kgo_is_print(r)) : kgo_is_print(r)) {
		kgo_put_rune(b, r);
		return;
	}
	switch (r) {
	case '\a': kube_buf_puts(b, "\\a"); return;
	case '\b': kube_buf_puts(b, "\\b"); return;
	case '\f': kube_buf_puts(b, "\\f"); return;
	case '\n': kube_buf_puts(b, "\\n"); return;
	case '\r': kube_buf_puts(b, "\\r"); return;
	case '\t': kube_buf_puts(b, "\\t"); return;
	case '\v': kube_buf_puts(b, "\\v"); return;
	}
	if (r < ' ' || r == 0x7f)
		kube_buf_printf(b, "\\x%02x", r);
	else if (r > 0x10ffff || (r >= 0xd800 && r < 0xe000))
		kube_buf_puts(b, "\\ufffd");
	else if (r < 0x10000)
		kube_buf_printf(b, "\\u%04x", r);
	else
		kube_buf_printf(b, "\\U%08x", r);
}

void kgo_quote(kube_buf *b, const char *s, size_t n, bool ascii, char quote)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w;
	uint32_t r;

	kube_buf_putc(b, quote);
	while (n) {
		w = kgo_utf8_decode(p, n, &r);
		if (w == 1 && r == 0xfffd)
			kube_buf_printf(b, "\\x%02x", *p);
		else
			escape_rune(b, r, ascii, quote);
		p += w, n -= w;
	}
	kube_buf_putc(b, quote);
}

/* ---- floats (strconv.FormatFloat) ---- */

/* Shortest digits that read back as f: digits in d (NUL-terminated), value 0.d * 10^dp. */
static void shortest(double f, char *d, int *dp)
{
	char tmp[40];
	int p, k = 0;
	char *e, *q;

	for (p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*e", p - 1, f);
		if (strtod(tmp, NULL) == f)
			break;
	}
	e = strchr(tmp, 'e');
	for (q = tmp; q < e; q++)
		if (*q >= '0' && *q <= '9')
			d[k++] = *q;
	while (k > 1 && d[k - 1] == '0')
		k--;
	d[k] = '\0';
	*dp = (int)strtol(e + 1, NULL, 10) + 1;
	if (f == 0)
		*dp = 1;
}

/* Append |f| (the caller writes the sign) in format verb (e E f F g G) with precision prec;
 * prec < 0 is the shortest form, where %g switches to an exponent when exp < -4 || exp >= 6. */
static void fmt_float_abs(kube_buf *b, double f, char verb, int prec)
{
	char d[32], tmp[512];
	int dp, nd, i, exp;
	bool e_form;

	f = fabs(f);
	if (isinf(f) || isnan(f)) {
		kube_buf_puts(b, isinf(f) ? "Inf" : "NaN");
		return;
	}
	if (prec >= 0) {
		char spec[8] = {'%', '.', '*', verb == 'F' ? 'f' : verb, '\0'};

		snprintf(tmp, sizeof(tmp), spec, prec > 400 ? 400 : prec, f);
		kube_buf_puts(b, tmp);
		return;
	}
	shortest(f, d, &dp);
	nd = (int)strlen(d);
	exp = dp - 1;
	e_form = verb == 'e' || verb == 'E';
	if (verb == 'g' || verb == 'G')
		e_form = f != 0 && (exp < -4 || exp >= 6);
	if (e_form) {
		kube_buf_putc(b, d[0]);
		if (nd > 1) {
			kube_buf_putc(b, '.');
			kube_buf_puts(b, d + 1);
		}
		kube_buf_printf(b, "%c%c%02d", verb == 'E' || verb == 'G' ? 'E' : 'e',
				exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
	} else if (dp <= 0) {
		kube_buf_puts(b, "0.");
		for (i = 0; i < -dp; i++)
			kube_buf_putc(b, '0');
		kube_buf_puts(b, d);
	} else if (dp >= nd) {
		kube_buf_puts(b, d);
		for (i = nd; i < dp; i++)
			kube_buf_putc(b, '0');
	} else {
		kube_buf_put(b, d, (size_t)dp);
		kube_buf_putc(b, '.');
		kube_buf_puts(b, d + dp);
	}
}

/* Go's %v of a float64. */
static void fmt_float_v(kube_buf *b, double f)
{
	if (signbit(f) && !isnan(f))
		kube_buf_putc(b, '-');
	fmt_float_abs(b, f, 'g', -1);
}

/* ---- fmt ---- */

struct fmtf {
	bool plus, minus, sharp, space, zero, sharpv, plusv;
	bool has_wid, has_prec;
	int wid, prec;
};

static void pad(kube_buf *b, const struct fmtf *f, const char *s, size_t n)
{
	size_t w = kgo_rune_count(s, n), i;
	char c = f->zero && !f->minus ? '0' : ' ';

	if (!f->has_wid || (size_t)f->wid <= w) {
		kube_buf_put(b, s, n);
		return;
	}
	if (!f->minus)
		for (i = w; i < (size_t)f->wid; i++)
			kube_buf_putc(b, c);
	kube_buf_put(b, s, n);
	if (f->minus)
		for (i = w; i < (size_t)f->wid; i++)
			kube_buf_putc(b, ' ');
}

static void fmt_value(kube_buf *b, const gv *v, uint32_t verb, const struct fmtf *f, int depth);

static bool in_set(uint32_t verb, const char *set)
{
	return verb && verb < 0x80 && strchr(set, (int)verb);
}

static void bad_verb(kube_buf *b, const gv *v, uint32_t verb)
{
	static const struct fmtf none;

	kube_buf_puts(b, "%!");
	kgo_put_rune(b, verb);
	kube_buf_putc(b, '(');
	if (v->kind == GV_NIL || v->kind == GV_INVALID) {
		kube_buf_puts(b, "<nil>");
	} else {
		kube_buf_puts(b, kgo_type_name(v, false));
		kube_buf_putc(b, '=');
		fmt_value(b, v, 'v', &none, 0);
	}
	kube_buf_putc(b, ')');
}

static void fmt_integer(kube_buf *b, const gv *v, uint32_t verb, const struct fmtf *f)
{
	bool neg = v->i < 0 && v->kind != GV_UINT8;
	uint64_t u = neg ? (uint64_t)0 - (uint64_t)v->i : (uint64_t)v->i;
	unsigned base = 10;
	const char *digits = "0123456789abcdefx";
	char tmp[160], *p = tmp + sizeof(tmp);
	int prec = 0, nd = 0;
	struct fmtf g = *f;

	switch (verb) {
	case 'c': {
		kube_buf t = KUBE_BUF_INIT;

		kgo_put_rune(&t, u > 0x10ffff ? 0xfffd : (uint32_t)u);
		pad(b, f, t.ptr, t.len);
		kube_buf_release(&t);
		return;
	}
	case 'q': {
		kube_buf t = KUBE_BUF_INIT;
		uint32_t r = u > 0x10ffff || (u >= 0xd800 && u < 0xe000) ? 0xfffd : (uint32_t)u;

		kube_buf_putc(&t, '\'');
		escape_rune(&t, r, f->plus, '\'');
		kube_buf_putc(&t, '\'');
		pad(b, f, t.ptr, t.len);
		kube_buf_release(&t);
		return;
	}
	case 'U': {
		kube_buf t = KUBE_BUF_INIT;

		kube_buf_printf(&t, "U+%04llX", (unsigned long long)(neg ? (uint64_t)v->i : u));
		if (f->sharp && u <= 0x10ffff && kgo_is_print((uint32_t)u)) {
			kube_buf_puts(&t, " '");
			kgo_put_rune(&t, (uint32_t)u);
			kube_buf_putc(&t, '\'');
		}
		pad(b, f, t.ptr, t.len);
		kube_buf_release(&t);
		return;
	}
	case 'b': base = 2; break;
	case 'o': case 'O': base = 8; break;
	case 'x': base = 16; break;
	case 'X': base = 16; digits = "0123456789ABCDEFX"; break;
	}
	if (f->has_prec) {
		prec = f->prec > 100 ? 100 : f->prec;
		if (prec == 0 && u == 0) {
			g.zero = false;
			pad(b, &g, "", 0);
			return;
		}
	} else if (f->zero && !f->minus && f->has_wid) {
		prec = f->wid > 100 ? 100 : f->wid;
		if (neg || f->plus || f->space)
			prec--;
	}
	do {
		*--p = digits[u % base];
		u /= base;
		nd++;
	} while (u);
	while (nd < prec) {
		*--p = '0';
		nd++;
	}
	if (f->sharp) {
		if (base == 2) {
			*--p = 'b';
			*--p = '0';
		} else if (base == 8 && *p != '0') {
			*--p = '0';
		} else if (base == 16) {
			*--p = digits[16];
			*--p = '0';
		}
	}
	if (verb == 'O') {
		*--p = 'o';
		*--p = '0';
	}
	if (neg)
		*--p = '-';
	else if (f->plus)
		*--p = '+';
	else if (f->space)
		*--p = ' ';
	g.zero = false;
	pad(b, &g, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void fmt_float(kube_buf *b, double x, uint32_t verb, const struct fmtf *f)
{
	kube_buf t = KUBE_BUF_INIT;
	int prec = -1;
	char sign;
	struct fmtf g = *f;

	if (f->has_prec)
		prec = f->prec;
	else if (verb == 'e' || verb == 'E' || verb == 'f' || verb == 'F')
		prec = 6;
	if (verb == 'v')
		verb = 'g';
	sign = signbit(x) && !isnan(x) ? '-' : (f->plus ? '+' : (f->space ? ' ' : 0));
	fmt_float_abs(&t, x, (char)verb, prec);
	if (isinf(x) || isnan(x))
		g.zero = false;
	if (sign) {
		if (g.zero && !g.minus && g.has_wid && (size_t)g.wid > t.len + 1) {
			size_t i;

			kube_buf_putc(b, sign);
			for (i = t.len + 1; i < (size_t)g.wid; i++)
				kube_buf_putc(b, '0');
			kube_buf_put(b, t.ptr, t.len);
		} else {
			kube_buf s = KUBE_BUF_INIT;

			kube_buf_putc(&s, sign);
			kube_buf_put(&s, t.ptr, t.len);
			pad(b, &g, s.ptr, s.len);
			kube_buf_release(&s);
		}
	} else {
		pad(b, &g, t.ptr, t.len);
	}
	kube_buf_release(&t);
}

static void fmt_string(kube_buf *b, const char *s, size_t n, uint32_t verb, const struct fmtf *f,
		       const gv *v)
{
	kube_buf t = KUBE_BUF_INIT;
	size_t i, runes = 0, cut = n;

	if (f->has_prec && verb != 'x' && verb != 'X') {
		for (i = 0; i < n && runes < (size_t)f->prec; runes++) {
			uint32_t r;

			i += kgo_utf8_decode((const unsigned char *)s + i, n - i, &r);
		}
		cut = runes < (size_t)f->prec ? n : i;
	}
	switch (verb) {
	case 'v':
		if (f->sharpv) {
			kgo_quote(&t, s, cut, false, '"');
			break;
		}
		/* fall through */
	case 's':
		kube_buf_put(&t, s, cut);
		break;
	case 'q':
		if (f->sharp && !memchr(s, '`', cut)) {
			bool ok = true;

			for (i = 0; i < cut; i++)
				if (((unsigned char)s[i] < ' ' && s[i] != '\t') || s[i] == 0x7f)
					ok = false;
			if (ok) {
				kube_buf_putc(&t, '`');
				kube_buf_put(&t, s, cut);
				kube_buf_putc(&t, '`');
				break;
			}
		}
		kgo_quote(&t, s, cut, f->plus, '"');
		break;
	case 'x':
	case 'X': {
		size_t lim = f->has_prec && (size_t)f->prec < n ? (size_t)f->prec : n;

		for (i = 0; i < lim; i++) {
			if (f->space && i > 0)
				kube_buf_putc(&t, ' ');
			if (f->sharp && (f->space || i == 0))
				kube_buf_puts(&t, verb == 'x' ? "0x" : "0X");
			kube_buf_printf(&t, verb == 'x' ? "%02x" : "%02X", (unsigned char)s[i]);
		}
		break;
	}
	default:
		bad_verb(b, v, verb);
		kube_buf_release(&t);
		return;
	}
	pad(b, f, t.ptr, t.len);
	kube_buf_release(&t);
}

static void fmt_gosyntax(kube_buf *b, const gv *v, int depth)
{
	const cJSON **m = NULL, *c;
	size_t n, i;
	gv e;

	switch (v->kind) {
	case GV_INVALID:
		kube_buf_puts(b, depth ? "<invalid reflect.Value>" : "<nil>");
		return;
	case GV_NIL:
		kube_buf_puts(b, depth ? "interface {}(nil)" : "<nil>");
		return;
	case GV_BOOL:
		kube_buf_puts(b, v->b ? "true" : "false");
		return;
	case GV_INT:
	case GV_INT64:
		kube_buf_printf(b, "%lld", (long long)v->i);
		return;
	case GV_UINT8:
		kube_buf_printf(b, "0x%llx", (unsigned long long)v->i);
		return;
	case GV_FLOAT:
		fmt_float_v(b, v->f);
		return;
	case GV_STRING:
		kgo_quote(b, v->s, v->n, false, '"');
		return;
	case GV_MAP:
		kube_buf_puts(b, "map[string]interface {}{");
		n = kgo_sorted_members(v->j, &m);
		if (n == (size_t)-1) {
			b->failed = true;
			return;
		}
		for (i = 0; i < n; i++) {
			if (i)
				kube_buf_puts(b, ", ");
			kgo_quote(b, m[i]->string, strlen(m[i]->string), false, '"');
			kube_buf_putc(b, ':');
			kgo_from_json_rt(&e, m[i], true, v->rt);
			fmt_gosyntax(b, &e, depth + 1);
		}
		free(m);
		kube_buf_putc(b, '}');
		return;
	case GV_SLICE:
		kube_buf_puts(b, "[]interface {}{");
		for (c = v->first, i = 0; c && i < v->n; c = c->next, i++) {
			if (i)
				kube_buf_puts(b, ", ");
			kgo_from_json_rt(&e, c, true, v->rt);
			fmt_gosyntax(b, &e, depth + 1);
		}
		kube_buf_putc(b, '}');
		return;
	}
}

static void fmt_value(kube_buf *b, const gv *v, uint32_t verb, const struct fmtf *f, int depth)
{
	const cJSON **m = NULL, *c;
	size_t n, i;
	gv e;

	if (verb == 'T') {
		bool nil = v->kind == GV_NIL || v->kind == GV_INVALID;
		const char *t = nil ? "<nil>" : kgo_type_name(v, false);

		pad(b, f, t, strlen(t));
		return;
	}
	if (f->sharpv && verb == 'v') {
		fmt_gosyntax(b, v, depth);
		return;
	}
	switch (v->kind) {
	case GV_INVALID:
		if (depth == 0)
			pad(b, f, "<invalid reflect.Value>", 23);
		else if (verb == 'v')
			pad(b, f, "<nil>", 5);
		else
			bad_verb(b, v, verb);
		return;
	case GV_NIL:
		if (depth > 0)
			kube_buf_puts(b, "<nil>");
		else if (verb == 'v')
			pad(b, f, "<nil>", 5);
		else
			bad_verb(b, v, verb);
		return;
	case GV_BOOL:
		if (verb == 't' || verb == 'v')
			pad(b, f, v->b ? "true" : "false", v->b ? 4 : 5);
		else
			bad_verb(b, v, verb);
		return;
	case GV_INT:
	case GV_INT64:
	case GV_UINT8:
		if (in_set(verb, "bcdoOqxXUv"))
			fmt_integer(b, v, verb, f);
		else
			bad_verb(b, v, verb);
		return;
	case GV_FLOAT:
		if (in_set(verb, "eEfFgGv"))
			fmt_float(b, v->f, verb, f);
		else
			bad_verb(b, v, verb);
		return;
	case GV_STRING:
		fmt_string(b, v->s, v->n, verb, f, v);
		return;
	case GV_MAP:
		kube_buf_puts(b, "map[");
		n = kgo_sorted_members(v->j, &m);
		if (n == (size_t)-1) {
			b->failed = true;
			return;
		}
		for (i = 0; i < n; i++) {
			gv k = {.kind = GV_STRING, .s = m[i]->string, .n = strlen(m[i]->string)};

			if (i)
				kube_buf_putc(b, ' ');
			fmt_value(b, &k, verb, f, depth + 1);
			kube_buf_putc(b, ':');
			kgo_from_json_rt(&e, m[i], true, v->rt);
			fmt_value(b, &e, verb, f, depth + 1);
		}
		free(m);
		kube_buf_putc(b, ']');
		return;
	case GV_SLICE:
		kube_buf_putc(b, '[');
		for (c = v->first, i = 0; c && i < v->n; c = c->next, i++) {
			if (i)
				kube_buf_putc(b, ' ');
			kgo_from_json_rt(&e, c, true, v->rt);
			fmt_value(b, &e, verb, f, depth + 1);
		}
		kube_buf_putc(b, ']');
		return;
	}
}

void kgo_fmt_v(kube_buf *b, const gv *v)
{
	static const struct fmtf none;

	fmt_value(b, v, 'v', &none, 0);
}

void kgo_fmt_gosyntax(kube_buf *b, const gv *v)
{
	fmt_gosyntax(b, v, 0);
}

void kube_go_format_value(kube_buf *out, const kube_obj *v)
{
	gv g;

	kgo_from_json(&g, CJ(v), false);
	if (g.kind == GV_INVALID)
		g.kind = GV_NIL;
	kgo_fmt_v(out, &g);
}

/* ---- encoding/json ---- */

static void json_newline(kube_buf *b, int indent, int depth)
{
	int i;

	kube_buf_putc(b, '\n');
	for (i = 0; i < indent * depth; i++)
		kube_buf_putc(b, ' ');
}

void kgo_json(kube_buf *b, const cJSON *j, int indent, int depth)
{
	const cJSON **m = NULL, *c;
	size_t n, i;
	int64_t iv;
	double f = 0;

	switch (j ? j->type & 0xff : cJSON_NULL) {
	case cJSON_True:
		kube_buf_puts(b, "true");
		return;
	case cJSON_False:
		kube_buf_puts(b, "false");
		return;
	case cJSON_Number:
		if (j->valuestring && kgo_number(j->valuestring, &iv, &f)) {
			kube_buf_printf(b, "%lld", (long long)iv);
			return;
		}
		if (!j->valuestring)
			f = j->valuedouble;
		if (isinf(f) || isnan(f)) {
			kube_buf_puts(b, j->valuestring ? j->valuestring : "null");
			return;
		}
		if (signbit(f))
			kube_buf_putc(b, '-');
		if (f != 0 && (fabs(f) < 1e-6 || fabs(f) >= 1e21)) {
			kube_buf t = KUBE_BUF_INIT;

			fmt_float_abs(&t, f, 'e', -1);
			/* e-07 becomes e-7 */
			if (t.len >= 4 && t.ptr[t.len - 4] == 'e' && t.ptr[t.len - 3] == '-' &&
			    t.ptr[t.len - 2] == '0') {
				t.ptr[t.len - 2] = t.ptr[t.len - 1];
				kube_buf_truncate(&t, t.len - 1);
			}
			kube_buf_put(b, t.ptr, t.len);
			kube_buf_release(&t);
		} else {
			fmt_float_abs(b, f, 'f', -1);
		}
		return;
	case cJSON_String:
		kube_json_write_string(b, j->valuestring, strlen(j->valuestring),
				       KUBE_JSON_HTML_ESCAPE);
		return;
	case cJSON_Array:
		if (!j->child) {
			kube_buf_puts(b, "[]");
			return;
		}
		kube_buf_putc(b, '[');
		for (c = j->child; c; c = c->next) {
			if (c != j->child)
				kube_buf_putc(b, ',');
			if (indent)
				json_newline(b, indent, depth + 1);
			kgo_json(b, c, indent, depth + 1);
		}
		if (indent)
			json_newline(b, indent, depth);
		kube_buf_putc(b, ']');
		return;
	case cJSON_Object:
		if (!j->child) {
			kube_buf_puts(b, "{}");
			return;
		}
		if ((n = kgo_sorted_members(j, &m)) == (size_t)-1) {
			b->failed = true;
			return;
		}
		kube_buf_putc(b, '{');
		for (i = 0; i < n; i++) {
			if (i)
				kube_buf_putc(b, ',');
			if (indent)
				json_newline(b, indent, depth + 1);
			kube_json_write_string(b, m[i]->string, strlen(m[i]->string),
					       KUBE_JSON_HTML_ESCAPE);
			kube_buf_puts(b, indent ? ": " : ":");
			kgo_json(b, m[i], indent, depth + 1);
		}
		free(m);
		if (indent)
			json_newline(b, indent, depth);
		kube_buf_putc(b, '}');
		return;
	default:
		kube_buf_puts(b, "null");
	}
}

static bool arg_int(const gv *v, int *out)
{
	if (v->kind != GV_INT && v->kind != GV_INT64 && v->kind != GV_UINT8)
		return false;
	if (v->i > 1000000 || v->i < -1000000)
		return false;
	*out = (int)v->i;
	return true;
}

/* Parse "[n]" at *p; returns the 0-based index, -1 for a bad index (p is advanced past it),
 * -2 when there is none. */
static int arg_index(const char **p, const char *end, size_t nargs)
{
	const char *q = *p;
	long v = 0;
	bool ok = true, any = false;

	if (q >= end || *q != '[')
		return -2;
	for (q++; q < end && *q != ']'; q++) {
		if (*q < '0' || *q > '9' || v > 100000)
			ok = false;
		else
			v = v * 10 + (*q - '0'), any = true;
	}
	if (q >= end) {
		*p = end;
		return -1;
	}
	*p = q + 1;
	if (!ok || !any || v < 1 || (size_t)v > nargs)
		return -1;
	return (int)v - 1;
}

void kgo_sprintf(kube_buf *b, const char *fmt, size_t fmtlen, const gv *args, size_t nargs)
{
	const char *p = fmt, *end = fmt + fmtlen, *lit;
	size_t argn = 0;
	bool reordered = false;

	while (p < end) {
		struct fmtf f = {0};
		bool good = true;
		uint32_t verb;
		size_t w;
		int idx;

		for (lit = p; p < end && *p != '%'; p++)
			;
		kube_buf_put(b, lit, (size_t)(p - lit));
		if (p >= end)
			break;
		p++;
		for (; p < end; p++) {
			if (*p == '#')
				f.sharp = true;
			else if (*p == '0')
				f.zero = !f.minus;
			else if (*p == '+')
				f.plus = true;
			else if (*p == '-')
				f.minus = true, f.zero = false;
			else if (*p == ' ')
				f.space = true;
			else
				break;
		}
		if ((idx = arg_index(&p, end, nargs)) != -2) {
			reordered = true;
			if (idx < 0)
				good = false;
			else
				argn = (size_t)idx;
		}
		if (p < end && *p == '*') {
			p++;
			if (argn < nargs && arg_int(&args[argn], &f.wid)) {
				f.has_wid = true;
				if (f.wid < 0)
					f.wid = -f.wid, f.minus = true, f.zero = false;
			} else {
				kube_buf_puts(b, "%!(BADWIDTH)");
			}
			argn++;
		} else {
			for (; p < end && *p >= '0' && *p <= '9'; p++)
				if (f.wid < 1000000)
					f.wid = f.wid * 10 + (*p - '0'), f.has_wid = true;
		}
		if (p < end && *p == '.') {
			p++;
			if ((idx = arg_index(&p, end, nargs)) != -2) {
				reordered = true;
				if (idx < 0)
					good = false;
				else
					argn = (size_t)idx;
			}
			f.has_prec = true;
			if (p < end && *p == '*') {
				p++;
				if (argn < nargs && arg_int(&args[argn], &f.prec) && f.prec >= 0) {
					;
				} else {
					f.has_prec = false;
					kube_buf_puts(b, "%!(BADPREC)");
				}
				argn++;
			} else {
				for (; p < end && *p >= '0' && *p <= '9'; p++)
					if (f.prec < 1000000)
						f.prec = f.prec * 10 + (*p - '0');
			}
		}
		if ((idx = arg_index(&p, end, nargs)) != -2) {
			reordered = true;
			if (idx < 0)
				good = false;
			else
				argn = (size_t)idx;
		}
		if (p >= end) {
			kube_buf_puts(b, "%!(NOVERB)");
			break;
		}
		w = kgo_utf8_decode((const unsigned char *)p, (size_t)(end - p), &verb);
		p += w;
		if (verb == '%') {
			kube_buf_putc(b, '%');
			continue;
		}
		if (!good) {
			kube_buf_puts(b, "%!");
			kgo_put_rune(b, verb);
			kube_buf_puts(b, "(BADINDEX)");
			continue;
		}
		if (argn >= nargs) {
			kube_buf_puts(b, "%!");
			kgo_put_rune(b, verb);
			kube_buf_puts(b, "(MISSING)");
			continue;
		}
		if (verb == 'v') {
			if (f.sharp)
				f.sharp = false, f.sharpv = true;
			if (f.plus)
				f.plus = false, f.plusv = true;
		}
		fmt_value(b, &args[argn], verb, &f, 0);
		argn++;
	}
	if (!reordered && argn < nargs) {
		static const struct fmtf none;

		kube_buf_puts(b, "%!(EXTRA ");
		for (; argn < nargs; argn++) {
			if (args[argn].kind == GV_NIL || args[argn].kind == GV_INVALID) {
				kube_buf_puts(b, "<nil>");
			} else {
				kube_buf_puts(b, kgo_type_name(&args[argn], false));
				kube_buf_putc(b, '=');
				fmt_value(b, &args[argn], 'v', &none, 0);
			}
			if (argn + 1 < nargs)
				kube_buf_puts(b, ", ");
		}
		kube_buf_putc(b, ')');
	}
}

void kgo_sprint(kube_buf *b, const gv *args, size_t nargs, bool ln)
{
	static const struct fmtf none;
	bool prev_string = false;
	size_t i;

	for (i = 0; i < nargs; i++) {
		bool is_string = args[i].kind == GV_STRING;

		if (i > 0 && (ln || (!is_string && !prev_string)))
			kube_buf_putc(b, ' ');
		fmt_value(b, &args[i], 'v', &none, 0);
		prev_string = is_string;
	}
	if (ln)
		kube_buf_putc(b, '\n');
}
