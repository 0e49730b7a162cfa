/* KYAML output (kubectl -o kyaml): the object's JSON form rendered with sigs.k8s.io/yaml's
 * KYAML conventions: strings always double-quoted, keys quoted only when ambiguous, `{}`/`[]`
 * everywhere, lists of lists/maps "cuddled", multi-line strings folded with `\` escapes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kube/codec.h>

#include "yaml-internal.h"
#include "obj-internal.h"
#include "banned.h"

static void indent(kube_buf *b, int level)
{
	while (level-- > 0)
		kube_buf_puts(b, "  ");
}

/* Decode one UTF-8 sequence; returns its length, or 0 for an invalid byte. */
static size_t utf8_dec(const unsigned char *p, size_t n, unsigned *cp)
{
	size_t len, i;
	unsigned c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0)
		len = 2, c = p[0] & 0x1f;
	else if ((p[0] & 0xf0) == 0xe0)
		len = 3, c = p[0] & 0x0f;
	else if ((p[0] & 0xf8) == 0xf0)
		len = 4, c = p[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
		return 0;
	*cp = c;
	return len;
}

static bool is_space_rune(unsigned r)
{
	return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xa0 || r == 0x1680 ||
	       (r >= 0x2000 && r <= 0x200a) || r == 0x2028 || r == 0x2029 || r == 0x202f ||
	       r == 0x205f || r == 0x3000;
}

static bool ascii_letter_digit(unsigned r)
{
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9');
}

/* A key may stay unquoted: letters, digits, '_' anywhere, '-' '.' '/' inside, and not
 * readable as another YAML type. Non-ASCII runes count as letters. */
static bool key_needs_quotes(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || !kube_yaml__plain_is_string(s, n))
		return true;
	{
		/* kyaml also treats Go-parsable numbers with underscores and 1:20 forms as ambiguous */
		const char *p;

		for (p = s; *p; p++)
			if (*p == ':')
				return true;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 || ascii_letter_digit(c) || c == '_')
			continue;
		if (i > 0 && i < n - 1 && (c == '-' || c == '.' || c == '/'))
			continue;
		return true;
	}
	/* "1_000" and similar: digits and underscores only read as numbers */
	{
		bool digits = true;

		for (i = 0; i < n; i++)
			if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '_')
				digits = false;
		if (digits)
			return true;
	}
	return false;
}

static void put_escaped_rune(kube_buf *b, unsigned r, bool compact)
{
	static const char hex[] = "0123456789abcdef";

	if (r == '\n') {
		kube_buf_puts(b, compact ? "\\n" : "\\n\\\n");
		return;
	}
	if (r == '\t') {
		kube_buf_puts(b, compact ? "\\t" : "\t");
		return;
	}
	if (r == '"' || r == '\\') {
		kube_buf_putc(b, '\\');
		kube_buf_putc(b, (char)r);
		return;
	}
	switch (r) {
	case '\a': kube_buf_puts(b, "\\a"); return;
	case '\b': kube_buf_puts(b, "\\b"); return;
	case '\f': kube_buf_puts(b, "\\f"); return;
	case '\r': kube_buf_puts(b, "\\r"); return;
	case '\v': kube_buf_puts(b, "\\v"); return;
	case 0: kube_buf_puts(b, "\\0"); return;
	case 0x1b: kube_buf_puts(b, "\\e"); return;
	case 0x85: kube_buf_puts(b, "\\N"); return;
	case 0xa0: kube_buf_puts(b, "\\_"); return;
	case 0x2028: kube_buf_puts(b, "\\L"); return;
	case 0x2029: kube_buf_puts(b, "\\P"); return;
	}
	if (r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0)) {
		kube_buf_printf(b, "\\x%c%c", hex[(r >> 4) & 15], hex[r & 15]);
		return;
	}
	if (r == 0xfffe || r == 0xffff || is_space_rune(r) != (r == ' ')) {
		if (r < 0x10000)
			kube_buf_printf(b, "\\u%04x", r);
		else
			kube_buf_printf(b, "\\U%08x", r);
		return;
	}
	if (r < 0x80) {
		kube_buf_putc(b, (char)r);
	} else {
		char u[4];
		size_t k = 0;

		if (r < 0x800) {
			u[k++] = (char)(0xc0 | (r >> 6));
		} else if (r < 0x10000) {
			u[k++] = (char)(0xe0 | (r >> 12));
			u[k++] = (char)(0x80 | ((r >> 6) & 0x3f));
		} else {
			u[k++] = (char)(0xf0 | (r >> 18));
			u[k++] = (char)(0x80 | ((r >> 12) & 0x3f));
			u[k++] = (char)(0x80 | ((r >> 6) & 0x3f));
		}
		if (r >= 0x800 || r < 0x800)
			u[k++] = (char)(0x80 | (r & 0x3f));
		kube_buf_put(b, u, k);
	}
}

static void put_string(kube_buf *b, const char *s, int level, bool compact, bool lazy)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;
	bool multi = !compact && strchr(s, '\n') != NULL;

	if (lazy && !strchr(s, '\n') && !key_needs_quotes(s)) {
		kube_buf_puts(b, s);
		return;
	}
	kube_buf_putc(b, '"');
	if (multi)
		kube_buf_puts(b, "\\\n");
	while (i < n) {
		unsigned r;
		size_t len = utf8_dec(p + i, n - i, &r);

		if (b->len && b->ptr[b->len - 1] == '\n') {
			indent(b, level);
			kube_buf_putc(b, len && is_space_rune(r) && r != '\n' ? '\\' : ' ');
		}
		if (!len) {
			kube_buf_printf(b, "\\x%02x", p[i]);
			i++;
			continue;
		}
		put_escaped_rune(b, r, compact);
		i += len;
	}
	if (multi) {
		if (!(b->len && b->ptr[b->len - 1] == '\n'))
			kube_buf_puts(b, "\\\n");
		indent(b, level);
	}
	kube_buf_putc(b, '"');
}

static void put_number(kube_buf *b, const char *text)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(text, &end, 10);
	if (!errno && !*end) {
		kube_buf_printf(b, "%lld", v);
		return;
	}
	kube_yaml__put_go_json_float(b, strtod(text, NULL));
}

static int cmp_keys(const void *x, const void *y)
{
	return strcmp((*(const cJSON *const *)x)->string, (*(const cJSON *const *)y)->string);
}

static void render(kube_buf *b, const cJSON *j, int level);

static void render_map(kube_buf *b, const cJSON *j, int level)
{
	const cJSON *c, **v;
	size_t n = 0, i;

	for (c = j->child; c; c = c->next)
		n++;
	if (!n) {
		kube_buf_puts(b, "{}");
		return;
	}
	if (!(v = malloc(n * sizeof(*v)))) {
		b->failed = true;
		return;
	}
	for (i = 0, c = j->child; c; c = c->next)
		v[i++] = c;
	qsort(v, n, sizeof(*v), cmp_keys);
	kube_buf_puts(b, "{\n");
	for (i = 0; i < n; i++) {
		indent(b, level + 1);
		put_string(b, v[i]->string, level + 1, true, true);
		kube_buf_puts(b, ": ");
		render(b, v[i], level + 1);
		kube_buf_puts(b, ",\n");
	}
	free(v);
	indent(b, level);
	kube_buf_putc(b, '}');
}

static void render_seq(kube_buf *b, const cJSON *j, int level)
{
	const cJSON *c;
	bool cuddle = true;

	if (!j->child) {
		kube_buf_puts(b, "[]");
		return;
	}
	for (c = j->child; c; c = c->next)
		if (!cJSON_IsArray(c) && !cJSON_IsObject(c))
			cuddle = false;
	kube_buf_putc(b, '[');
	if (cuddle) {
		for (c = j->child; c; c = c->next) {
			if (c != j->child)
				kube_buf_puts(b, ", ");
			render(b, c, level);
		}
	} else {
		kube_buf_putc(b, '\n');
		for (c = j->child; c; c = c->next) {
			indent(b, level + 1);
			render(b, c, level + 1);
			kube_buf_puts(b, ",\n");
		}
		indent(b, level);
	}
	kube_buf_putc(b, ']');
}

static void render(kube_buf *b, const cJSON *j, int level)
{
	switch (j->type & 0xff) {
	case cJSON_NULL:
		kube_buf_puts(b, "null");
		break;
	case cJSON_True:
		kube_buf_puts(b, "true");
		break;
	case cJSON_False:
		kube_buf_puts(b, "false");
		break;
	case cJSON_Number:
		if (j->valuestring)
			put_number(b, j->valuestring);
		else
			kube_yaml__put_go_json_float(b, j->valuedouble);
		break;
	case cJSON_String:
	case cJSON_Raw:
		put_string(b, j->valuestring, level + 1, false, false);
		break;
	case cJSON_Array:
		render_seq(b, j, level);
		break;
	case cJSON_Object:
		render_map(b, j, level);
		break;
	}
}

void kube_kyaml_write(kube_buf *out, const kube_obj *o)
{
	kube_buf_puts(out, "---\n");
	if (!o)
		kube_buf_puts(out, "null");
	else
		render(out, CJ(o), 0);
	kube_buf_putc(out, '\n');
}
