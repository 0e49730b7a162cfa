/* kubectl's JSONPath dialect (k8s.io/client-go/util/jsonpath), reimplemented from its observed
 * behaviour: the same grammar quirks (a union is split at every comma, `['a.b']` is two
 * fields), the same evaluation order, and the same range/end bookkeeping, which is dynamic:
 * {range} and {end} are plain identifiers that bump counters while the node list is walked. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printer-internal.h"
#include "banned.h"

enum jtype {
	JN_LIST,
	JN_TEXT,
	JN_FIELD,
	JN_ARRAY,
	JN_FILTER,
	JN_INT,
	JN_FLOAT,
	JN_BOOL,
	JN_WILDCARD,
	JN_RECURSIVE,
	JN_UNION,
	JN_IDENT,
};

struct jparam {
	long long value;
	bool known, derived;
};

struct jnode {
	enum jtype type;
	cJSON *lit;              /* TEXT, INT, FLOAT, BOOL */
	char *name;              /* FIELD, IDENT */
	struct jparam params[3]; /* ARRAY */
	char op[8];              /* FILTER: "exists" or the operator */
	struct jnode *left, *right;
	struct jnode **kids; /* LIST nodes, UNION lists */
	size_t nkids, capkids;
};

struct kube_jsonpath {
	char *name;
	char *text;
	struct jnode *root;
	bool allow_missing, json_output;
	/* client-go keeps these in the JSONPath object between executions */
	size_t start; /* first root node of the next execution (Root.Nodes after a range) */
	long begin_range, in_range, end_range;
	size_t last_end; /* (size_t)-1: none */
};

struct kube_jsonpath_results {
	const cJSON **v;
	size_t n, cap;
	size_t *ends; /* end offset of each group in v */
	size_t ngroups, capgroups;
	cJSON *arena; /* values made during evaluation (bytes of strings) */
};

/* ---- nodes ---- */

static void node_free(struct jnode *n)
{
	size_t i;

	if (!n)
		return;
	cJSON_Delete(n->lit);
	free(n->name);
	node_free(n->left);
	node_free(n->right);
	for (i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n);
}

static struct jnode *node_new(enum jtype type)
{
	struct jnode *n = calloc(1, sizeof(*n));

	if (n)
		n->type = type;
	return n;
}

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
	void *n;
	size_t c = *cap ? *cap : 8;

	if (need <= *cap)
		return true;
	while (c < need)
		c *= 2;
	if (!(n = realloc(*p, c * size)))
		return false;
	*p = n;
	*cap = c;
	return true;
}

/* Append kid to list; adopts kid even on failure. */
static bool node_add(struct jnode *list, struct jnode *kid)
{
	if (!kid || !grow((void **)&list->kids, &list->capkids, list->nkids + 1,
			  sizeof(*list->kids))) {
		node_free(kid);
		return false;
	}
	list->kids[list->nkids++] = kid;
	return true;
}

/* ---- parser ---- */

struct jparser {
	const char *in;
	size_t len, pos, start, width;
	kube_err *err;
	int depth;
};

#define JEOF (-1)

static int jnext(struct jparser *p)
{
	uint32_t r;

	if (p->pos >= p->len) {
		p->width = 0;
		return JEOF;
	}
	p->width = kgo_utf8_decode((const unsigned char *)p->in + p->pos, p->len - p->pos, &r);
	p->pos += p->width;
	return (int)r;
}

static void jbackup(struct jparser *p)
{
	p->pos -= p->width;
}

static int jpeek(struct jparser *p)
{
	int r = jnext(p);

	jbackup(p);
	return r;
}

static bool has_prefix(const struct jparser *p, const char *s)
{
	size_t n = strlen(s);

	return p->len - p->pos >= n && !memcmp(p->in + p->pos, s, n);
}

static int perr(struct jparser *p, const char *fmt, ...) KUBE_PRINTF(2, 3);
static int perr(struct jparser *p, const char *fmt, ...)
{
	kube_buf b = KUBE_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	kube_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (b.failed)
		rc = kube_err_set(p->err, KUBE_ENOMEM, "out of memory");
	else
		rc = kube_err_set(p->err, KUBE_EINVAL, "%s", b.ptr);
	kube_buf_release(&b);
	return rc;
}

static int oom(kube_err *err)
{
	return kube_err_set(err, KUBE_ENOMEM, "out of memory");
}

static bool is_alnum_rune(int r)
{
	/* unicode.IsLetter / IsDigit: ASCII exactly, every non-ASCII rune counts as a letter */
	return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') ||
	       (r >= '0' && r <= '9') || r >= 0x80;
}

static bool is_terminator(int r)
{
	switch (r) {
	case JEOF: case ' ': case '\t': case '\r': case '\n': case '.': case ',': case '[':
	case ']': case '$': case '@': case '{': case '}':
		return true;
	}
	return false;
}

/* %#U of a rune: U+002C ',' */
static void put_sharp_u(kube_buf *b, int r)
{
	kube_buf_printf(b, "U+%04X", (unsigned)r);
	if (kgo_is_print((uint32_t)r)) {
		kube_buf_puts(b, " '");
		kgo_put_rune(b, (uint32_t)r);
		kube_buf_putc(b, '\'');
	}
}

static int parse_template(struct jparser *p, struct jnode *root);

/* client-go's parseAction: parse "{text}" and take the list inside the braces. */
static int parse_action(struct jparser *outer, const char *prefix, const char *s, size_t n,
			const char *suffix, struct jnode **out)
{
	kube_buf b = KUBE_BUF_INIT;
	struct jparser sub = {0};
	struct jnode *root = NULL;
	int rc;

	*out = NULL;
	if (outer->depth > 100)
		return perr(outer, "jsonpath nested too deeply");
	kube_buf_putc(&b, '{');
	kube_buf_puts(&b, prefix);
	kube_buf_put(&b, s, n);
	kube_buf_puts(&b, suffix);
	kube_buf_putc(&b, '}');
	if (b.failed || !(root = node_new(JN_LIST))) {
		rc = oom(outer->err);
		goto out;
	}
	sub.in = b.ptr;
	sub.len = b.len;
	sub.err = outer->err;
	sub.depth = outer->depth + 1;
	if ((rc = parse_template(&sub, root)) < 0)
		goto out;
	*out = root->kids[0];
	root->kids[0] = NULL;
out:
	node_free(root);
	kube_buf_release(&b);
	return rc;
}

static int parse_field(struct jparser *p, struct jnode *cur)
{
	struct jnode *n;
	size_t i, k = 0;
	int r;

	p->start = p->pos;
	for (;;) {
		r = jnext(p);
		if (r == '\\') {
			jnext(p);
			continue;
		}
		if (is_terminator(r)) {
			jbackup(p);
			break;
		}
	}
	if (p->pos - p->start == 1 && p->in[p->start] == '*') {
		n = node_new(JN_WILDCARD);
	} else if ((n = node_new(JN_FIELD)) && (n->name = malloc(p->pos - p->start + 1))) {
		for (i = p->start; i < p->pos; i++)
			if (p->in[i] != '\\')
				n->name[k++] = p->in[i];
		n->name[k] = '\0';
	} else {
		node_free(n);
		n = NULL;
	}
	p->start = p->pos;
	return node_add(cur, n) ? 0 : oom(p->err);
}

static int parse_identifier(struct jparser *p, struct jnode *cur)
{
	struct jnode *n;
	size_t len;

	while (!is_terminator(jnext(p)))
		;
	jbackup(p);
	len = p->pos - p->start;
	if ((len == 4 && !memcmp(p->in + p->start, "true", 4)) ||
	    (len == 5 && !memcmp(p->in + p->start, "false", 5))) {
		if ((n = node_new(JN_BOOL)) && !(n->lit = cJSON_CreateBool(len == 4)))
			node_free(n), n = NULL;
	} else if ((n = node_new(JN_IDENT)) && !(n->name = malloc(len + 1))) {
		node_free(n), n = NULL;
	} else if (n) {
		memcpy(n->name, p->in + p->start, len);
		n->name[len] = '\0';
	}
	p->start = p->pos;
	return node_add(cur, n) ? 0 : oom(p->err);
}

static int parse_recursive(struct jparser *p, struct jnode *cur)
{
	if (cur->nkids && cur->kids[cur->nkids - 1]->type == JN_RECURSIVE)
		return perr(p, "invalid multiple recursive descent");
	p->pos += 2;
	p->start = p->pos;
	if (!node_add(cur, node_new(JN_RECURSIVE)))
		return oom(p->err);
	if (is_alnum_rune(jpeek(p)))
		return parse_field(p, cur);
	return 0;
}

/* strconv.Atoi on s[0..n): optional sign and ASCII digits, int64 range. */
static bool go_atoi(const char *s, size_t n, long long *out)
{
	char tmp[40], *end;
	size_t i = 0;

	if (!n || n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (tmp[0] == '+' || tmp[0] == '-')
		i++;
	if (!tmp[i])
		return false;
	for (; tmp[i]; i++)
		if (tmp[i] < '0' || tmp[i] > '9')
			return false;
	errno = 0;
	*out = strtoll(tmp, &end, 10);
	return !errno;
}

static int parse_number(struct jparser *p, struct jnode *cur)
{
	struct jnode *n = NULL;
	long long iv;
	size_t len, i;
	char tmp[64];
	int r = jpeek(p);
	bool ok;

	if (r == '+' || r == '-')
		jnext(p);
	for (;;) {
		r = jnext(p);
		if (r != '.' && !(r >= '0' && r <= '9')) {
			jbackup(p);
			break;
		}
	}
	len = p->pos - p->start;
	if (go_atoi(p->in + p->start, len, &iv)) {
		snprintf(tmp, sizeof(tmp), "%lld", iv);
		if ((n = node_new(JN_INT)) && !(n->lit = J(kube_obj_new_number_text(tmp))))
			node_free(n), n = NULL;
	} else {
		/* strconv.ParseFloat: digits with at most one '.', and at least one digit */
		size_t dots = 0, digits = 0;
		char *text;

		for (i = 0; i < len; i++) {
			char c = p->in[p->start + i];

			dots += c == '.';
			digits += c >= '0' && c <= '9';
		}
		ok = dots <= 1 && digits > 0;
		if (!ok || !(text = malloc(len + 1))) {
			if (!ok)
				return perr(p, "cannot parse number %.*s", (int)len,
					    p->in + p->start);
			return oom(p->err);
		}
		memcpy(text, p->in + p->start, len);
		text[len] = '\0';
		if ((n = node_new(JN_FLOAT)) && !(n->lit = J(kube_obj_new_number_text(text))))
			node_free(n), n = NULL;
		free(text);
	}
	p->start = p->pos;
	return node_add(cur, n) ? 0 : oom(p->err);
}

/* The regexp ^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$ on s[0..n): fills up to 3 groups. */
static bool match_slice(const char *s, size_t n, const char *g[3], size_t gl[3])
{
	size_t i = 0, k;

	for (k = 0; k < 3; k++) {
		size_t st = i;

		g[k] = NULL;
		gl[k] = 0;
		if (k > 0) {
			if (i >= n || s[i] != ':')
				continue;
			i++;
		}
		if (i < n && s[i] == '-')
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		g[k] = s + st;
		gl[k] = i - st;
	}
	return i == n;
}

static int parse_array(struct jparser *p, struct jnode *cur)
{
	const char *text, *g[3];
	size_t len, gl[3], i;
	struct jnode *n;
	int r, rc;

	for (;;) {
		r = jnext(p);
		if (r == JEOF || r == '\n')
			return perr(p, "unterminated array");
		if (r == ']')
			break;
	}
	text = p->in + p->start + 1;
	len = p->pos - p->start - 2;
	p->start = p->pos;
	if (len == 1 && text[0] == '*')
		text = ":";
	if (memchr(text, ',', len)) {
		/* union: every comma splits, even inside quotes */
		struct jnode *u = node_new(JN_UNION);

		if (!u)
			return oom(p->err);
		while (u) {
			const char *c = memchr(text, ',', len);
			size_t l = c ? (size_t)(c - text) : len, a = 0, z = l;
			struct jnode *list;

			while (a < z && text[a] == ' ')
				a++;
			while (z > a && text[z - 1] == ' ')
				z--;
			if ((rc = parse_action(p, "[", text + a, z - a, "]", &list)) < 0) {
				node_free(u);
				return rc;
			}
			if (!node_add(u, list)) {
				node_free(u);
				return oom(p->err);
			}
			if (!c)
				break;
			len -= l + 1;
			text = c + 1;
		}
		return node_add(cur, u) ? 0 : oom(p->err);
	}
	if (len >= 2 && text[0] == '\'' && text[len - 1] == '\'' &&
	    !memchr(text + 1, '\'', len - 2)) {
		/* ['key'] is .key, parsed again (so dots still split) */
		struct jnode *list;

		if ((rc = parse_action(p, ".", text + 1, len - 2, "", &list)) < 0)
			return rc;
		for (i = 0; i < list->nkids; i++) {
			if (!node_add(cur, list->kids[i])) {
				list->kids[i] = NULL;
				node_free(list);
				return oom(p->err);
			}
			list->kids[i] = NULL;
		}
		node_free(list);
		return 0;
	}
	if (!match_slice(text, len, g, gl))
		return perr(p, "invalid array index %.*s", (int)len, text);
	if (!(n = node_new(JN_ARRAY)))
		return oom(p->err);
	for (i = 0; i < 3; i++) {
		const char *v = g[i];
		size_t vl = gl[i];

		if (v && vl) {
			if (i > 0)
				v++, vl--;
			if (i > 0 && !vl) {
				n->params[i].known = false;
			} else {
				n->params[i].known = true;
				if (!go_atoi(v, vl, &n->params[i].value)) {
					node_free(n);
					return perr(p, "array index %.*s is not a number", (int)vl,
						    v);
				}
			}
		} else if (i == 1) {
			n->params[1].known = true;
			n->params[1].value = n->params[0].value + 1;
			n->params[1].derived = true;
		}
	}
	return node_add(cur, n) ? 0 : oom(p->err);
}

static int parse_filter(struct jparser *p, struct jnode *cur)
{
	bool begin = false, end = false;
	const char *text;
	size_t len, k, run;
	struct jnode *n;
	int r, pair = 0, rc;

	p->pos += 3;
	p->start = p->pos;
	for (;;) {
		r = jnext(p);
		if (r == JEOF || r == '\n')
			return perr(p, "unterminated filter");
		if (r == '"' || r == '\'') {
			if (!begin) {
				begin = true;
				pair = r;
				continue;
			}
			if (p->in[p->pos - 2] != '\\' && r == pair)
				end = true;
		} else if (r == ')' && begin == end) {
			break;
		}
	}
	if (jnext(p) != ']')
		return perr(p, "unclosed array expect ]");
	text = p->in + p->start;
	len = p->pos - p->start - 2;
	p->start = p->pos;
	if (!(n = node_new(JN_FILTER)))
		return oom(p->err);
	/* ^([^!<>=]+)([!<>=]+)(.+?)$ */
	k = strcspn(text, "!<>=");
	if (k > len)
		k = len;
	run = 0;
	while (k + run < len && strchr("!<>=", text[k + run]))
		run++;
	if (k > 0 && k + run == len && run > 1)
		run--;
	if (k == 0 || k >= len || k + run >= len || run >= sizeof(n->op)) {
		memcpy(n->op, "exists", 7);
		rc = parse_action(p, "", text, len, "", &n->left);
	} else {
		memcpy(n->op, text + k, run);
		n->op[run] = '\0';
		if ((rc = parse_action(p, "", text, k, "", &n->left)) == 0)
			rc = parse_action(p, "", text + k + run, len - k - run, "", &n->right);
	}
	if (rc < 0) {
		node_free(n);
		return rc;
	}
	return node_add(cur, n) ? 0 : oom(p->err);
}

/* strconv.UnquoteChar-based unquoting of "..." or '...' (client-go's UnquoteExtend). */
static int unquote(const char *s, size_t n, kube_buf *out)
{
	char q = s[0];
	size_t i;

	if (n < 2 || s[n - 1] != q)
		return -1;
	if (!memchr(s + 1, '\\', n - 2) && !memchr(s + 1, q, n - 2)) {
		kube_buf_put(out, s + 1, n - 2);
		return 0;
	}
	for (i = 1; i < n - 1;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t r;
		int k, digits;

		if (c == (unsigned char)q)
			return -1;
		if (c != '\\') {
			size_t w = kgo_utf8_decode((const unsigned char *)s + i, n - 1 - i, &r);

			kgo_put_rune(out, r);
			i += w;
			continue;
		}
		if (++i >= n - 1)
			return -1;
		c = (unsigned char)s[i++];
		switch (c) {
		case 'a': kube_buf_putc(out, '\a'); continue;
		case 'b': kube_buf_putc(out, '\b'); continue;
		case 'f': kube_buf_putc(out, '\f'); continue;
		case 'n': kube_buf_putc(out, '\n'); continue;
		case 'r': kube_buf_putc(out, '\r'); continue;
		case 't': kube_buf_putc(out, '\t'); continue;
		case 'v': kube_buf_putc(out, '\v'); continue;
		case '\\': kube_buf_putc(out, '\\'); continue;
		case '\'':
		case '"':
			if (c != (unsigned char)q)
				return -1;
			kube_buf_putc(out, (char)c);
			continue;
		case 'x': digits = 2; break;
		case 'u': digits = 4; break;
		case 'U': digits = 8; break;
		case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
			r = c - '0';
			for (k = 0; k < 2; k++, i++) {
				if (i >= n - 1 || s[i] < '0' || s[i] > '7')
					return -1;
				r = r * 8 + (uint32_t)(s[i] - '0');
			}
			if (r > 255)
				return -1;
			kube_buf_putc(out, (char)r);
			continue;
		default:
			return -1;
		}
		for (r = 0, k = 0; k < digits; k++, i++) {
			char h = i < n - 1 ? s[i] : 0;

			if (h >= '0' && h <= '9')
				r = r * 16 + (uint32_t)(h - '0');
			else if (h >= 'a' && h <= 'f')
				r = r * 16 + (uint32_t)(h - 'a' + 10);
			else if (h >= 'A' && h <= 'F')
				r = r * 16 + (uint32_t)(h - 'A' + 10);
			else
				return -1;
		}
		if (c == 'x') {
			kube_buf_putc(out, (char)r);
			continue;
		}
		if (r > 0x10ffff || (r >= 0xd800 && r < 0xe000))
			return -1;
		kgo_put_rune(out, r);
	}
	return 0;
}

static int parse_quote(struct jparser *p, struct jnode *cur, int endq)
{
	kube_buf b = KUBE_BUF_INIT;
	struct jnode *n = NULL;
	int r, rc = 0;

	for (;;) {
		r = jnext(p);
		if (r == JEOF || r == '\n')
			return perr(p, "unterminated quoted string");
		if (r == endq && p->in[p->pos - 2] != '\\')
			break;
	}
	if (unquote(p->in + p->start, p->pos - p->start, &b) < 0) {
		rc = perr(p, "unquote string %.*s error invalid syntax", (int)(p->pos - p->start),
			  p->in + p->start);
		goto out;
	}
	p->start = p->pos;
	if (b.failed || !(n = node_new(JN_TEXT)) ||
	    !(n->lit = J(kube_obj_new_stringn(b.ptr, b.len)))) {
		node_free(n);
		rc = oom(p->err);
		goto out;
	}
	if (!node_add(cur, n))
		rc = oom(p->err);
out:
	kube_buf_release(&b);
	return rc;
}

/* Inside an action, up to and including the closing brace. */
static int parse_inside(struct jparser *p, struct jnode *cur)
{
	int r, rc;

	for (;;) {
		if (has_prefix(p, "}")) {
			p->pos++;
			p->start = p->pos;
			return 0;
		}
		if (has_prefix(p, "[?(")) {
			rc = parse_filter(p, cur);
		} else if (has_prefix(p, "..")) {
			rc = parse_recursive(p, cur);
		} else {
			r = jnext(p);
			if (r == JEOF || r == '\r' || r == '\n')
				return perr(p, "unclosed action");
			if (r == ' ' || r == '@' || r == '$') {
				p->start = p->pos;
				rc = 0;
			} else if (r == '[') {
				rc = parse_array(p, cur);
			} else if (r == '"' || r == '\'') {
				rc = parse_quote(p, cur, r);
			} else if (r == '.') {
				rc = parse_field(p, cur);
			} else if (r == '+' || r == '-' || (r >= '0' && r <= '9')) {
				jbackup(p);
				rc = parse_number(p, cur);
			} else if (is_alnum_rune(r)) {
				jbackup(p);
				rc = parse_identifier(p, cur);
			} else {
				kube_buf b = KUBE_BUF_INIT;

				put_sharp_u(&b, r);
				if (b.failed)
					rc = oom(p->err);
				else
					rc = perr(p, "unrecognized character in action: %s", b.ptr);
				kube_buf_release(&b);
			}
		}
		if (rc < 0)
			return rc;
	}
}

static int add_text(struct jparser *p, struct jnode *root, size_t from, size_t to)
{
	struct jnode *n = node_new(JN_TEXT);

	if (!n || !(n->lit = J(kube_obj_new_stringn(p->in + from, to - from)))) {
		node_free(n);
		return oom(p->err);
	}
	return node_add(root, n) ? 0 : oom(p->err);
}

static int parse_template(struct jparser *p, struct jnode *root)
{
	const char *brace;
	struct jnode *action;
	int rc;

	for (;;) {
		brace = memchr(p->in + p->pos, '{', p->len - p->pos);
		if (!brace) {
			if (p->len > p->start)
				return add_text(p, root, p->start, p->len);
			return 0;
		}
		p->pos = (size_t)(brace - p->in);
		if (p->pos > p->start && (rc = add_text(p, root, p->start, p->pos)) < 0)
			return rc;
		p->pos++;
		p->start = p->pos;
		if (!(action = node_new(JN_LIST)) || !node_add(root, action))
			return oom(p->err);
		if ((rc = parse_inside(p, action)) < 0)
			return rc;
	}
}

int kube_jsonpath_parse(kube_jsonpath **out, const char *name, const char *tmpl, kube_err *err)
{
	kube_jsonpath *jp;
	struct jparser p = {0};
	int rc;

	*out = NULL;
	if (!(jp = calloc(1, sizeof(*jp))) || !(jp->name = strdup(name ? name : "")) ||
	    !(jp->text = strdup(tmpl)) || !(jp->root = node_new(JN_LIST))) {
		kube_jsonpath_free(jp);
		return oom(err);
	}
	jp->allow_missing = true;
	jp->last_end = (size_t)-1;
	p.in = tmpl;
	p.len = strlen(tmpl);
	p.err = err;
	if ((rc = parse_template(&p, jp->root)) < 0) {
		kube_jsonpath_free(jp);
		return rc;
	}
	*out = jp;
	return 0;
}

void kube_jsonpath_free(kube_jsonpath *jp)
{
	if (!jp)
		return;
	node_free(jp->root);
	free(jp->name);
	free(jp->text);
	free(jp);
}

void kjp_reset(kube_jsonpath *jp)
{
	jp->start = 0;
	jp->begin_range = jp->in_range = jp->end_range = 0;
	jp->last_end = (size_t)-1;
}

void kube_jsonpath_set_allow_missing_keys(kube_jsonpath *jp, bool allow)
{
	jp->allow_missing = allow;
}

void kube_jsonpath_set_json_output(kube_jsonpath *jp, bool on)
{
	jp->json_output = on;
}

/* ---- evaluation ---- */

/* A list of values; NULL stands for the invalid value client-go walks when a range matched
 * nothing. */
struct jvec {
	const cJSON **v;
	size_t n, cap;
};

struct jexec {
	kube_jsonpath *jp;
	kube_err *err;
	cJSON *arena;
	int depth;
};

static bool vpush(struct jvec *v, const cJSON *j)
{
	if (!grow((void **)&v->v, &v->cap, v->n + 1, sizeof(*v->v)))
		return false;
	v->v[v->n++] = j;
	return true;
}

static int eerr(struct jexec *x, const char *fmt, ...) KUBE_PRINTF(2, 3);
static int eerr(struct jexec *x, const char *fmt, ...)
{
	kube_buf b = KUBE_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	kube_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	rc = b.failed ? oom(x->err) : kube_err_set(x->err, KUBE_EINVAL, "%s", b.ptr);
	kube_buf_release(&b);
	return rc;
}

static bool is_nil(const cJSON *j)
{
	return j && cJSON_IsNull(j);
}

static const char *type_name(const cJSON *j)
{
	gv v;

	if (!j)
		return "<invalid Value>";
	kgo_from_json(&v, j, false);
	return kgo_type_name(&v, false);
}

static size_t array_len(const cJSON *a)
{
	const cJSON *c;
	size_t n = 0;

	for (c = a->child; c; c = c->next)
		n++;
	return n;
}

static int walk(struct jexec *x, const struct jvec *in, const struct jnode *node, struct jvec *out);

/* client-go returns the input values along with most evaluation errors; only an existence
 * filter, which ignores the error, can tell. */
static int with_input(struct jexec *x, const struct jvec *in, struct jvec *out, int rc)
{
	size_t i;

	if (rc != KUBE_EINVAL)
		return rc;
	out->n = 0;
	for (i = 0; i < in->n; i++)
		if (!vpush(out, in->v[i]))
			return oom(x->err);
	return rc;
}

static int eval_list(struct jexec *x, const struct jvec *in, const struct jnode *list,
		     struct jvec *out)
{
	struct jvec cur = {0}, next;
	size_t i;
	int rc = 0;

	if (!grow((void **)&cur.v, &cur.cap, in->n ? in->n : 1, sizeof(*cur.v)))
		return oom(x->err);
	if (in->n)
		memcpy(cur.v, in->v, in->n * sizeof(*cur.v));
	cur.n = in->n;
	for (i = 0; i < list->nkids; i++) {
		memset(&next, 0, sizeof(next));
		rc = walk(x, &cur, list->kids[i], &next);
		free(cur.v);
		cur = next;
		if (rc < 0)
			break;
	}
	*out = cur;
	return rc;
}

static int eval_field(struct jexec *x, const struct jvec *in, const struct jnode *node,
		      struct jvec *out)
{
	size_t i;

	if (!in->n)
		return 0;
	for (i = 0; i < in->n; i++) {
		const cJSON *v = in->v[i], *r;

		if (!v || !cJSON_IsObject(v))
			continue;
		r = cJSON_GetObjectItemCaseSensitive(v, node->name);
		if (r && !vpush(out, r))
			return oom(x->err);
	}
	if (!out->n && !x->jp->allow_missing)
		return eerr(x, "%s is not found", node->name);
	return 0;
}

static int eval_array(struct jexec *x, const struct jvec *in, const struct jnode *node,
		      struct jvec *out)
{
	size_t i;

	for (i = 0; i < in->n; i++) {
		const cJSON *v = in->v[i], *c;
		struct jparam pr[3];
		long long len, step = 1, k;

		if (is_nil(v))
			continue;
		if (!v || !cJSON_IsArray(v))
			return eerr(x, "%s is not array or slice", type_name(v));
		memcpy(pr, node->params, sizeof(pr));
		len = (long long)array_len(v);
		if (!pr[0].known)
			pr[0].value = 0;
		if (pr[0].value < 0)
			pr[0].value += len;
		if (!pr[1].known)
			pr[1].value = len;
		if (pr[1].value < 0 || (pr[1].value == 0 && pr[1].derived))
			pr[1].value += len;
		if (pr[1].value == pr[0].value)
			return 0;
		if (pr[0].value >= len || pr[0].value < 0)
			return eerr(x, "array index out of bounds: index %lld, length %lld",
				    pr[0].value, len);
		if (pr[1].value > len || pr[1].value < 0)
			return eerr(x, "array index out of bounds: index %lld, length %lld",
				    pr[1].value - 1, len);
		if (pr[0].value > pr[1].value)
			return eerr(x, "starting index %lld is greater than ending index %lld",
				    pr[0].value, pr[1].value);
		if (pr[2].known) {
			if (pr[2].value <= 0)
				return eerr(x, "step must be > 0");
			step = pr[2].value;
		}
		for (c = v->child, k = 0; c && k < pr[1].value; c = c->next, k++)
			if (k >= pr[0].value && (k - pr[0].value) % step == 0 && !vpush(out, c))
				return oom(x->err);
	}
	return 0;
}

/* Children of v as client-go's wildcard and recursive descent see them: map values (in
 * sorted key order here), slice elements, or the bytes of a string (made on demand). */
static int children(struct jexec *x, const cJSON *v, struct jvec *out, bool bytes)
{
	const cJSON **m = NULL, *c;
	size_t n, i;

	if (!v || is_nil(v))
		return 0;
	if (cJSON_IsObject(v)) {
		if ((n = kgo_sorted_members(v, &m)) == (size_t)-1)
			return oom(x->err);
		for (i = 0; i < n; i++)
			if (!vpush(out, m[i])) {
				free(m);
				return oom(x->err);
			}
		free(m);
	} else if (cJSON_IsArray(v)) {
		for (c = v->child; c; c = c->next)
			if (!vpush(out, c))
				return oom(x->err);
	} else if (cJSON_IsString(v) && bytes) {
		const unsigned char *s = (const unsigned char *)v->valuestring;

		for (; *s; s++) {
			cJSON *b = J(kube_obj_new_int(*s));

			if (!b || (!x->arena && !(x->arena = cJSON_CreateArray()))) {
				cJSON_Delete(b);
				return oom(x->err);
			}
			cJSON_AddItemToArray(x->arena, b);
			if (!vpush(out, b))
				return oom(x->err);
		}
	}
	return 0;
}

static int eval_recursive(struct jexec *x, const struct jvec *in, struct jvec *out)
{
	size_t i, j;
	int rc = 0;

	if (x->depth++ > 10000)
		return eerr(x, "jsonpath recursion too deep");
	for (i = 0; i < in->n && rc == 0; i++) {
		const cJSON *v = in->v[i];
		struct jvec kids = {0}, sub = {0};

		if (!v || is_nil(v))
			continue;
		if (cJSON_IsString(v)) {
			/* a non-empty string has byte children, which have none themselves */
			if (v->valuestring[0] && !vpush(out, v))
				rc = oom(x->err);
			continue;
		}
		if ((rc = children(x, v, &kids, false)) == 0 && kids.n) {
			if (!vpush(out, v))
				rc = oom(x->err);
			else if ((rc = eval_recursive(x, &kids, &sub)) == 0)
				for (j = 0; j < sub.n && rc == 0; j++)
					if (!vpush(out, sub.v[j]))
						rc = oom(x->err);
		}
		free(kids.v);
		free(sub.v);
	}
	x->depth--;
	return rc;
}

/* Comparison as client-go's forked template funcs: bool, int, float and string kinds. */
enum ckind { CK_BAD, CK_BOOL, CK_INT, CK_FLOAT, CK_STRING };

static enum ckind ckind_of(const cJSON *j, int64_t *i, double *f)
{
	if (!j)
		return CK_BAD;
	switch (j->type & 0xff) {
	case cJSON_True:
	case cJSON_False:
		return CK_BOOL;
	case cJSON_Number:
		if (j->valuestring && kgo_number(j->valuestring, i, f))
			return CK_INT;
		if (!j->valuestring)
			*f = j->valuedouble;
		return CK_FLOAT;
	case cJSON_String:
		return CK_STRING;
	}
	return CK_BAD;
}

/* *res: -1 less, 0 equal, 1 greater. Returns 0 or an error message. */
static const char *compare(const cJSON *a, const cJSON *b, bool order, int *res)
{
	int64_t ia = 0, ib = 0;
	double fa = 0, fb = 0;
	enum ckind ka = ckind_of(a, &ia, &fa), kb = ckind_of(b, &ib, &fb);
	int c;

	if (ka == CK_BAD || kb == CK_BAD)
		return "invalid type for comparison";
	if (ka != kb)
		return "incompatible types for comparison";
	switch (ka) {
	case CK_BOOL:
		if (order)
			return "invalid type for comparison";
		*res = cJSON_IsTrue(a) == cJSON_IsTrue(b) ? 0 : 1;
		return NULL;
	case CK_INT:
		*res = ia < ib ? -1 : ia > ib;
		return NULL;
	case CK_FLOAT:
		*res = fa < fb ? -1 : (fa > fb ? 1 : (fa == fb ? 0 : 2));
		return NULL;
	default:
		c = strcmp(a->valuestring, b->valuestring);
		*res = c < 0 ? -1 : c > 0;
		return NULL;
	}
}

static int eval_filter(struct jexec *x, const struct jvec *in, const struct jnode *node,
		       struct jvec *out)
{
	const char *op = node->op, *msg;
	bool exists = !strcmp(op, "exists"), order = op[0] == '<' || op[0] == '>';
	size_t i;
	int rc = 0;

	for (i = 0; i < in->n; i++) {
		const cJSON *v = in->v[i], *c;

		if (!v || !cJSON_IsArray(v)) {
			kube_buf b = KUBE_BUF_INIT;
			gv g;

			kgo_from_json(&g, v, false);
			kgo_fmt_v(&b, &g);
			if (b.failed)
				rc = oom(x->err);
			else
				rc = eerr(x, "%s is not array or slice and cannot be filtered",
					  b.ptr);
			kube_buf_release(&b);
			return with_input(x, in, out, rc);
		}
		for (c = v->child; c; c = c->next) {
			struct jvec one = {(const cJSON **)&c, 1, 1}, l = {0}, r = {0};
			bool pass = false;
			int cmp = 0;

			if (exists) {
				/* the error of an existence test is dropped */
				kube_err scratch = KUBE_ERR_INIT, *saved = x->err;

				x->err = &scratch;
				rc = eval_list(x, &one, node->left, &l);
				x->err = saved;
				kube_err_clear(&scratch);
				if (rc == KUBE_ENOMEM) {
					free(l.v);
					return oom(x->err);
				}
				if (l.n && !vpush(out, c))
					rc = oom(x->err);
				else
					rc = 0;
				free(l.v);
				if (rc < 0)
					return rc;
				continue;
			}
			if ((rc = eval_list(x, &one, node->left, &l)) == 0 && l.n > 1)
				rc = eerr(x, "can only compare one element at a time");
			if (rc == 0 && l.n == 1)
				rc = eval_list(x, &one, node->right, &r);
			if (rc == 0 && r.n > 1)
				rc = eerr(x, "can only compare one element at a time");
			if (rc < 0) {
				free(l.v);
				free(r.v);
				return with_input(x, in, out, rc);
			}
			if (rc == 0 && l.n == 1 && r.n == 1) {
				if (strcmp(op, "<") && strcmp(op, ">") && strcmp(op, "==") &&
				    strcmp(op, "!=") && strcmp(op, "<=") && strcmp(op, ">="))
					rc = eerr(x, "unrecognized filter operator %s", op);
				else if ((msg = compare(l.v[0], r.v[0], order, &cmp)))
					rc = eerr(x, "%s", msg);
				else if (!strcmp(op, "=="))
					pass = cmp == 0;
				else if (!strcmp(op, "!="))
					pass = cmp != 0;
				else if (!strcmp(op, "<"))
					pass = cmp == -1;
				else if (!strcmp(op, "<="))
					pass = cmp == -1 || cmp == 0;
				else if (!strcmp(op, ">"))
					pass = cmp == 1;
				else
					pass = cmp == 1 || cmp == 0;
			}
			free(l.v);
			free(r.v);
			if (rc < 0)
				return rc;
			if (pass && !vpush(out, c))
				return oom(x->err);
		}
	}
	return 0;
}

static int walk(struct jexec *x, const struct jvec *in, const struct jnode *node, struct jvec *out)
{
	size_t i, j;
	int rc = 0;

	switch (node->type) {
	case JN_LIST:
		return eval_list(x, in, node, out);
	case JN_TEXT:
		return vpush(out, node->lit) ? 0 : oom(x->err);
	case JN_INT:
	case JN_FLOAT:
	case JN_BOOL:
		for (i = 0; i < in->n; i++)
			if (!vpush(out, node->lit))
				return oom(x->err);
		return 0;
	case JN_FIELD:
		return eval_field(x, in, node, out);
	case JN_ARRAY:
		return with_input(x, in, out, eval_array(x, in, node, out));
	case JN_FILTER:
		return eval_filter(x, in, node, out);
	case JN_WILDCARD:
		for (i = 0; i < in->n && rc == 0; i++)
			rc = children(x, in->v[i], out, true);
		return rc;
	case JN_RECURSIVE:
		return eval_recursive(x, in, out);
	case JN_UNION:
		for (i = 0; i < node->nkids; i++) {
			struct jvec r = {0};

			if ((rc = eval_list(x, in, node->kids[i], &r)) == 0)
				for (j = 0; j < r.n && rc == 0; j++)
					if (!vpush(out, r.v[j]))
						rc = oom(x->err);
			free(r.v);
			if (rc < 0)
				return with_input(x, in, out, rc);
		}
		return 0;
	case JN_IDENT:
		if (!strcmp(node->name, "range")) {
			x->jp->begin_range++;
			for (i = 0; i < in->n; i++)
				if (!vpush(out, in->v[i]))
					return oom(x->err);
			return 0;
		}
		if (!strcmp(node->name, "end")) {
			if (x->jp->in_range > 0) {
				x->jp->end_range++;
				return 0;
			}
			return eerr(x, "not in range, nothing to end");
		}
		return with_input(x, in, out, eerr(x, "unrecognized identifier %s", node->name));
	}
	return 0;
}

static bool add_group(kube_jsonpath_results *r, const struct jvec *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (!grow((void **)&r->v, &r->cap, r->n + 1, sizeof(*r->v)))
			return false;
		else
			r->v[r->n++] = g->v[i];
	if (!grow((void **)&r->ends, &r->capgroups, r->ngroups + 1, sizeof(*r->ends)))
		return false;
	r->ends[r->ngroups++] = r->n;
	return true;
}

/* client-go's FindResults over the root nodes from index `from`. */
static int find_results(struct jexec *x, const cJSON *data, size_t from,
			kube_jsonpath_results *res)
{
	kube_jsonpath *jp = x->jp;
	const struct jnode *root = jp->root;
	struct jvec cur = {0};
	size_t i, k, e;
	int rc = 0;

	if (x->depth++ > 1000)
		return eerr(x, "jsonpath range nested too deeply");
	if (!vpush(&cur, data)) {
		x->depth--;
		return oom(x->err);
	}
	for (i = from; i < root->nkids; i++) {
		struct jvec results = {0};

		if ((rc = walk(x, &cur, root->kids[i], &results)) < 0) {
			free(results.v);
			break;
		}
		if (jp->end_range > 0 && jp->end_range <= jp->in_range) {
			jp->end_range--;
			jp->last_end = i;
			free(results.v);
			break;
		}
		if (jp->begin_range > 0) {
			jp->begin_range--;
			jp->in_range++;
			jp->start = i + 1;
			if (results.n) {
				for (k = 0; k < results.n && rc == 0; k++) {
					jp->start = i + 1;
					rc = find_results(x, results.v[k], i + 1, res);
				}
			} else {
				kube_jsonpath_results scratch = {0};

				rc = find_results(x, NULL, i + 1, &scratch);
				free(scratch.v);
				free(scratch.ends);
				cJSON_Delete(scratch.arena);
			}
			free(results.v);
			if (rc < 0)
				break;
			jp->in_range--;
			e = jp->last_end;
			for (k = i + 1; k < root->nkids; k++)
				if (k == e) {
					i = k;
					break;
				}
			continue;
		}
		if (!add_group(res, &results))
			rc = oom(x->err);
		free(results.v);
		if (rc < 0)
			break;
	}
	free(cur.v);
	x->depth--;
	return rc;
}

int kube_jsonpath_find_results(kube_jsonpath_results **out, kube_jsonpath *jp,
			       const kube_obj *root, kube_err *err)
{
	kube_jsonpath_results *r;
	struct jexec x = {0};
	int rc;

	*out = NULL;
	if (!(r = calloc(1, sizeof(*r))))
		return oom(err);
	x.jp = jp;
	x.err = err;
	rc = find_results(&x, CJ(root), jp->start, r);
	r->arena = x.arena;
	if (rc < 0) {
		kube_jsonpath_results_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

size_t kube_jsonpath_results_groups(const kube_jsonpath_results *r)
{
	return r ? r->ngroups : 0;
}

size_t kube_jsonpath_results_len(const kube_jsonpath_results *r, size_t group)
{
	if (!r || group >= r->ngroups)
		return 0;
	return r->ends[group] - (group ? r->ends[group - 1] : 0);
}

const kube_obj *kube_jsonpath_results_at(const kube_jsonpath_results *r, size_t group, size_t i)
{
	if (i >= kube_jsonpath_results_len(r, group))
		return NULL;
	return CK(r->v[(group ? r->ends[group - 1] : 0) + i]);
}

void kube_jsonpath_results_free(kube_jsonpath_results *r)
{
	if (!r)
		return;
	free(r->v);
	free(r->ends);
	cJSON_Delete(r->arena);
	free(r);
}

/* ---- printing ---- */

/* A value as client-go prints it: maps and slices as compact JSON, null as "null", other
 * values with Go's %v. */
static void print_value(kube_buf *out, const cJSON *v)
{
	gv g;

	if (v && (cJSON_IsObject(v) || cJSON_IsArray(v))) {
		kgo_json(out, v, 0, 0);
		return;
	}
	if (!v || is_nil(v)) {
		kube_buf_puts(out, "null");
		return;
	}
	kgo_from_json(&g, v, false);
	kgo_fmt_v(out, &g);
}

/* json.MarshalIndent(group, "", "    ") plus a newline. */
static void print_json_group(kube_buf *out, const cJSON **v, size_t n)
{
	size_t i;

	if (!n) {
		kube_buf_puts(out, "[]\n");
		return;
	}
	kube_buf_putc(out, '[');
	for (i = 0; i < n; i++) {
		kube_buf_puts(out, i ? ",\n    " : "\n    ");
		kgo_json(out, v[i], 4, 1);
	}
	kube_buf_puts(out, "\n]\n");
}

int kube_jsonpath_execute(kube_jsonpath *jp, const kube_obj *root, kube_buf *out, kube_err *err)
{
	kube_jsonpath_results *r = NULL;
	size_t g, i, from = 0, len = out->len;
	int rc;

	if ((rc = kube_jsonpath_find_results(&r, jp, root, err)) < 0)
		return rc;
	for (g = 0; g < r->ngroups; g++) {
		const cJSON **v = r->v + from;
		size_t n = r->ends[g] - from;

		if (jp->json_output) {
			print_json_group(out, v, n);
		} else {
			for (i = 0; i < n; i++) {
				print_value(out, v[i]);
				if (i + 1 < n)
					kube_buf_putc(out, ' ');
			}
		}
		from = r->ends[g];
	}
	kube_jsonpath_results_free(r);
	if ((rc = kube_buf_check(out, err)) < 0)
		kube_buf_truncate(out, len);
	return rc;
}

int kube_jsonpath_print(kube_jsonpath *jp, const kube_obj *obj, kube_buf *out, kube_err *err)
{
	kube_err inner = KUBE_ERR_INIT;
	kube_buf msg = KUBE_BUF_INIT;
	gv g;
	int rc;

	if ((rc = kube_jsonpath_execute(jp, obj, out, &inner)) == 0)
		return 0;
	if (rc != KUBE_EINVAL) {
		if (err)
			kube_err_move(err, &inner);
		kube_err_clear(&inner);
		return rc;
	}
	kube_buf_puts(&msg, "error executing jsonpath ");
	kgo_quote(&msg, jp->text, strlen(jp->text), false, '"');
	kube_buf_printf(&msg, ": Error executing template: %s. Printing more information for "
			      "debugging the template:\n\ttemplate was:\n\t\t%s\n\tobject given to "
			      "jsonpath engine was:\n\t\t",
			inner.message ? inner.message : "", jp->text);
	kgo_from_json(&g, CJ(obj), false);
	kgo_fmt_gosyntax(&msg, &g);
	kube_buf_puts(&msg, "\n\n\n");
	kube_err_clear(&inner);
	if (msg.failed)
		rc = oom(err);
	else
		rc = kube_err_set(err, KUBE_EINVAL, "%s", msg.ptr);
	kube_buf_release(&msg);
	return rc;
}

/* ---- kubectl's RelaxedJSONPathExpression ---- */

static bool no_braces(const char *s, size_t n)
{
	return n && !memchr(s, '{', n) && !memchr(s, '}', n);
}

int kube_jsonpath_relaxed(kube_buf *out, const char *expr, kube_err *err)
{
	size_t n = strlen(expr);
	const char *s = expr;

	if (!n)
		return 0;
	/* ^\{\.?([^{}]+)\}$|^\.?([^{}]+)$, where "\.?" gives its dot back when nothing
	 * would be left for the group */
	if (n >= 2 && s[0] == '{' && s[n - 1] == '}' && no_braces(s + 1, n - 2)) {
		s++, n -= 2;
	} else if (!no_braces(s, n)) {
		return kube_err_set(err, KUBE_EINVAL,
				    "unexpected path string, expected a 'name1.name2' or "
				    "'.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
	}
	if (n > 1 && *s == '.')
		s++, n--;
	kube_buf_puts(out, "{.");
	kube_buf_put(out, s, n);
	kube_buf_putc(out, '}');
	return kube_buf_check(out, err);
}
