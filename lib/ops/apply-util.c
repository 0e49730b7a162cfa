/* Small pieces of kubectl create/apply: flag value parsing, klog lines, the last-applied
 * encoding, Go float text and label selectors. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "obj-internal.h"
#include "ops/apply-internal.h"
#include "banned.h"

/* ---- flag values ---- */

/* strconv.ParseBool */
static int go_parse_bool(const char *s, bool *out)
{
	static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False"};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (!strcmp(s, t[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(s, f[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

int kube_validation_parse(kube_validation *out, const char *s, kube_err *err)
{
	bool b;

	if (!s)
		s = "strict";
	if (go_parse_bool(s, &b) == 0) {
		*out = b ? KUBE_VALIDATE_STRICT : KUBE_VALIDATE_IGNORE;
		return 0;
	}
	if (!strcmp(s, "strict")) {
		*out = KUBE_VALIDATE_STRICT;
		return 0;
	}
	if (!strcmp(s, "warn")) {
		*out = KUBE_VALIDATE_WARN;
		return 0;
	}
	if (!strcmp(s, "ignore")) {
		*out = KUBE_VALIDATE_IGNORE;
		return 0;
	}
	*out = KUBE_VALIDATE_STRICT;
	return kube_err_set(
		err, KUBE_EINVAL,
		"invalid - validate option \"%s\"; must be one of: strict (or true), warn, "
		"ignore (or false)",
		s);
}

int kube_dry_run_parse(kube_dry_run *out, const char *s, const char **warning,
		       const char **warning_line, kube_err *err)
{
	static char boolmsg[128];
	bool b;

	*warning = NULL;
	*warning_line = NULL;
	*out = KUBE_DRY_RUN_NONE;
	if (!s)
		return 0;
	if (go_parse_bool(s, &b) == 0) {
		snprintf(boolmsg, sizeof(boolmsg),
			 "--dry-run=%s is deprecated (boolean value) and can be replaced with "
			 "--dry-run=%s.",
			 s, b ? "client" : "none");
		*warning = boolmsg;
		*warning_line = b ? "helpers.go:728" : "helpers.go:731";
		*out = b ? KUBE_DRY_RUN_CLIENT : KUBE_DRY_RUN_NONE;
		return 0;
	}
	if (!strcmp(s, "unchanged")) {
		*warning = "--dry-run is deprecated and can be replaced with --dry-run=client.";
		*warning_line = "helpers.go:714";
		*out = KUBE_DRY_RUN_CLIENT;
		return 0;
	}
	if (!strcmp(s, "client")) {
		*out = KUBE_DRY_RUN_CLIENT;
		return 0;
	}
	if (!strcmp(s, "server")) {
		*out = KUBE_DRY_RUN_SERVER;
		return 0;
	}
	if (!strcmp(s, "none"))
		return 0;
	return kube_err_set(
		err, KUBE_EINVAL,
		"Invalid dry-run value (%s). Must be \"none\", \"server\", or \"client\".", s);
}

void kube_klog_line(kube_buf *out, char severity, const char *where, const char *text)
{
	struct timeval tv;
	struct tm tm;
	time_t t;

	gettimeofday(&tv, NULL);
	t = tv.tv_sec;
	localtime_r(&t, &tm);
	kube_buf_printf(out, "%c%02d%02d %02d:%02d:%02d.%06ld %7ld %s] %s\n", severity,
			tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			(long)tv.tv_usec, (long)getpid(), where, text);
}

/* ---- numbers as Go sees them ---- */

static bool int64_text(const char *t)
{
	const char *d = t + (*t == '-');
	size_t n = strlen(d), i;

	if (!n || n > 19)
		return false;
	for (i = 0; i < n; i++)
		if (d[i] < '0' || d[i] > '9')
			return false;
	return n < 19 || strcmp(d, *t == '-' ? "9223372036854775808" : "9223372036854775807") <= 0;
}

/* encoding/json's float64 text: shortest digits, 'e' form below 1e-6 and from 1e21 */
static void go_float(kube_buf *b, double v)
{
	char tmp[64], digits[32];
	int p, exp, nd = 0, i;
	char *e;

	if (v == 0) {
		kube_buf_puts(b, signbit(v) ? "-0" : "0");
		return;
	}
	for (p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*e", p - 1, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	/* tmp: [-]d[.ddd]e[+-]xx */
	e = strchr(tmp, 'e');
	exp = (int)strtol(e + 1, NULL, 10);
	for (i = 0; tmp + i < e; i++)
		if (tmp[i] >= '0' && tmp[i] <= '9')
			digits[nd++] = tmp[i];
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	if (v < 0)
		kube_buf_putc(b, '-');
	if (fabs(v) < 1e-6 || fabs(v) >= 1e21) {
		kube_buf_putc(b, digits[0]);
		if (nd > 1)
			kube_buf_printf(b, ".%s", digits + 1);
		kube_buf_printf(b, "e%c%d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
		return;
	}
	if (exp < 0) {
		kube_buf_puts(b, "0.");
		for (i = 0; i < -exp - 1; i++)
			kube_buf_putc(b, '0');
		kube_buf_puts(b, digits);
		return;
	}
	for (i = 0; i <= exp || i < nd; i++) {
		if (i == exp + 1)
			kube_buf_putc(b, '.');
		kube_buf_putc(b, i < nd ? digits[i] : '0');
	}
}

void apply_go_numbers(kube_obj *o)
{
	cJSON *j = J(o), *c;

	if (!j)
		return;
	if (cJSON_IsNumber(j)) {
		const char *t = j->valuestring;
		kube_buf b = KUBE_BUF_INIT;
		char *nt;

		if (!t || int64_text(t))
			return;
		go_float(&b, strtod(t, NULL));
		if ((nt = kube_buf_detach(&b, NULL))) {
			free(j->valuestring);
			j->valuestring = nt;
		}
		return;
	}
	for (c = j->child; c; c = c->next)
		apply_go_numbers(K(c));
}

/* ---- copies and encoding ---- */

int apply_dup(kube_obj **out, const kube_obj *o, kube_err *err)
{
	*out = o ? K(cJSON_Duplicate(CJ(o), 1)) : NULL;
	if (o && !*out)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	return 0;
}

void apply_encode(kube_buf *out, const kube_obj *obj)
{
	kube_json_write(out, obj, KUBE_JSON_SORT_KEYS | KUBE_JSON_HTML_ESCAPE);
	kube_buf_putc(out, '\n');
}

void kube_apply_last_applied(kube_buf *out, const kube_obj *obj)
{
	kube_obj *copy = NULL, *meta, *ann;

	if (apply_dup(&copy, obj, NULL) < 0) {
		out->failed = true;
		return;
	}
	meta = kube_obj_get_mut(copy, "metadata");
	if (kube_obj_type_of(meta) == KUBE_OBJ_OBJECT) {
		ann = kube_obj_get_mut(meta, "annotations");
		if (kube_obj_type_of(ann) != KUBE_OBJ_OBJECT) {
			if (kube_obj_set_take(meta, "annotations", kube_obj_new_object()) < 0)
				out->failed = true;
		} else {
			kube_obj_remove(ann, "kubectl.kubernetes.io/last-applied-configuration");
		}
	}
	apply_encode(out, copy);
	kube_obj_free(copy);
}

/* ---- labels.Parse / Selector.Matches ---- */

enum tok {
	T_ERR,
	T_END,
	T_IDENT,
	T_CLOSE,
	T_COMMA,
	T_NOT,
	T_DEQ,
	T_EQ,
	T_GT,
	T_IN,
	T_LT,
	T_NE,
	T_NOTIN,
	T_OPEN,
};

enum op { OP_IN, OP_NOTIN, OP_EXISTS, OP_NOT_EXISTS, OP_GT, OP_LT };

struct req {
	char *key;
	enum op op;
	char **vals;
	size_t nvals;
};

struct selector {
	struct req *r;
	size_t n;
};

struct lexer {
	const char *s;
	size_t pos;
	char lit[256];
};

static bool special(char c)
{
	return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static enum tok lex(struct lexer *l)
{
	static const struct {
		const char *s;
		enum tok t;
	} syms[] = {{"!=", T_NE},   {"==", T_DEQ},  {"=", T_EQ}, {"!", T_NOT}, {"(", T_OPEN},
		    {")", T_CLOSE}, {",", T_COMMA}, {">", T_GT}, {"<", T_LT}};
	size_t i, start;

	while (space(l->s[l->pos]))
		l->pos++;
	l->lit[0] = '\0';
	if (!l->s[l->pos])
		return T_END;
	if (special(l->s[l->pos])) {
		for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
			size_t n = strlen(syms[i].s);

			if (!strncmp(l->s + l->pos, syms[i].s, n)) {
				snprintf(l->lit, sizeof(l->lit), "%s", syms[i].s);
				l->pos += n;
				return syms[i].t;
			}
		}
	}
	start = l->pos;
	while (l->s[l->pos] && !space(l->s[l->pos]) && !special(l->s[l->pos]))
		l->pos++;
	snprintf(l->lit, sizeof(l->lit), "%.*s", (int)(l->pos - start), l->s + start);
	if (!strcmp(l->lit, "in"))
		return T_IN;
	if (!strcmp(l->lit, "notin"))
		return T_NOTIN;
	return T_IDENT;
}

static enum tok peek(struct lexer *l, char *lit, size_t n)
{
	struct lexer copy = *l;
	enum tok t = lex(&copy);

	snprintf(lit, n, "%s", copy.lit);
	return t;
}

static int sel_err(kube_err *err, bool req, const char *fmt, const char *lit)
{
	kube_buf b = KUBE_BUF_INIT;
	int rc;

	if (req)
		kube_buf_puts(&b, "unable to parse requirement: ");
	kube_buf_printf(&b, "found '%s', expected: %s", lit, fmt);
	rc = kube_err_set(err, KUBE_EINVAL, "%s", b.ptr);
	kube_buf_release(&b);
	return rc;
}

static int add_val(struct req *r, const char *v)
{
	char **nv = realloc(r->vals, (r->nvals + 1) * sizeof(*nv));

	if (!nv)
		return KUBE_ENOMEM;
	r->vals = nv;
	if (!(nv[r->nvals] = strdup(v)))
		return KUBE_ENOMEM;
	r->nvals++;
	return 0;
}

static int parse_req(struct lexer *l, struct req *r, kube_err *err)
{
	char la[256];
	enum tok t = lex(l);
	bool not = false;

	if (t == T_NOT) {
		not = true;
		t = lex(l);
	}
	if (t != T_IDENT)
		return sel_err(err, true, "identifier", l->lit);
	if (!(r->key = strdup(l->lit)))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	t = peek(l, la, sizeof(la));
	if (not || t == T_END || t == T_COMMA) {
		r->op = not ? OP_NOT_EXISTS : OP_EXISTS;
		return 0;
	}
	t = lex(l);
	switch (t) {
	case T_IN:
	case T_NOTIN:
		r->op = t == T_IN ? OP_IN : OP_NOTIN;
		if (lex(l) != T_OPEN) {
			kube_buf b = KUBE_BUF_INIT;
			int rc;

			kube_buf_printf(&b, "unable to parse requirement: found '%s' expected: '('",
					l->lit);
			rc = kube_err_set(err, KUBE_EINVAL, "%s", b.ptr);
			kube_buf_release(&b);
			return rc;
		}
		t = peek(l, la, sizeof(la));
		if (t == T_CLOSE) {
			lex(l);
			return 0;
		}
		if (t != T_IDENT && t != T_COMMA)
			return sel_err(err, true, "',', ')' or identifier", la);
		for (;;) {
			t = lex(l);
			if (t == T_IDENT) {
				if (add_val(r, l->lit) < 0)
					return kube_err_set(err, KUBE_ENOMEM, "out of memory");
				t = peek(l, la, sizeof(la));
				if (t == T_COMMA) {
					lex(l);
					continue;
				}
				if (t == T_CLOSE) {
					lex(l);
					return 0;
				}
				lex(l);
				return sel_err(err, true, "',' or ')'", l->lit);
			}
			if (t == T_COMMA) {
				if (add_val(r, "") < 0)
					return kube_err_set(err, KUBE_ENOMEM, "out of memory");
				continue;
			}
			if (t == T_CLOSE) {
				if (add_val(r, "") < 0)
					return kube_err_set(err, KUBE_ENOMEM, "out of memory");
				return 0;
			}
			return sel_err(err, true, "',', ')' or identifier", l->lit);
		}
	case T_EQ:
	case T_DEQ:
	case T_NE:
	case T_GT:
	case T_LT:
		r->op = t == T_NE ? OP_NOTIN : t == T_GT ? OP_GT : t == T_LT ? OP_LT : OP_IN;
		t = peek(l, la, sizeof(la));
		if (t == T_END || t == T_COMMA) {
			if (add_val(r, "") < 0)
				return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		} else {
			t = lex(l);
			if (t != T_IDENT)
				return sel_err(err, true, "identifier", l->lit);
			if (add_val(r, l->lit) < 0)
				return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		}
		if (r->op == OP_GT || r->op == OP_LT) {
			char *end;

			errno = 0;
			(void)strtoll(r->vals[0], &end, 10);
			if (errno || !*r->vals[0] || *end)
				return kube_err_set(
					err, KUBE_EINVAL,
					"unable to parse requirement: values[0]: Invalid "
					"value: \"%s\": for 'Gt', 'Lt' operators, the value "
					"must be an integer",
					r->vals[0]);
		}
		return 0;
	default:
		return sel_err(err, true, "in, notin, =, ==, !=, gt, lt", l->lit);
	}
}

void selector_free(struct selector *sel)
{
	size_t i, j;

	if (!sel)
		return;
	for (i = 0; i < sel->n; i++) {
		free(sel->r[i].key);
		for (j = 0; j < sel->r[i].nvals; j++)
			free(sel->r[i].vals[j]);
		free(sel->r[i].vals);
	}
	free(sel->r);
	free(sel);
}

int selector_parse(struct selector **out, const char *s, kube_err *err)
{
	struct selector *sel = calloc(1, sizeof(*sel));
	struct lexer l = {s, 0, ""};
	char la[256];
	int rc = 0;

	*out = NULL;
	if (!sel)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	for (;;) {
		enum tok t = peek(&l, la, sizeof(la));
		struct req *nr;

		if (t == T_END)
			break;
		if (t != T_IDENT && t != T_NOT) {
			rc = sel_err(err, false, "!, identifier, or 'end of string'", la);
			break;
		}
		if (!(nr = realloc(sel->r, (sel->n + 1) * sizeof(*nr)))) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			break;
		}
		sel->r = nr;
		memset(&nr[sel->n], 0, sizeof(nr[sel->n]));
		sel->n++;
		if ((rc = parse_req(&l, &nr[sel->n - 1], err)) < 0)
			break;
		t = lex(&l);
		if (t == T_END)
			break;
		if (t != T_COMMA) {
			rc = sel_err(err, false, "',' or 'end of string'", l.lit);
			break;
		}
		t = peek(&l, la, sizeof(la));
		if (t != T_IDENT && t != T_NOT) {
			rc = sel_err(err, false, "identifier after ','", la);
			break;
		}
	}
	if (rc < 0) {
		selector_free(sel);
		return rc;
	}
	*out = sel;
	return 0;
}

bool selector_matches(const struct selector *sel, const kube_obj *labels)
{
	size_t i, j;

	for (i = 0; sel && i < sel->n; i++) {
		const struct req *r = &sel->r[i];
		const char *v = kube_obj_path_str(labels, r->key, NULL);
		bool in = false;

		for (j = 0; v && j < r->nvals; j++)
			in = in || !strcmp(r->vals[j], v);
		switch (r->op) {
		case OP_IN:
			if (!v || !in)
				return false;
			break;
		case OP_NOTIN:
			if (v && in)
				return false;
			break;
		case OP_EXISTS:
			if (!v)
				return false;
			break;
		case OP_NOT_EXISTS:
			if (v)
				return false;
			break;
		case OP_GT:
		case OP_LT: {
			char *end;
			long long have, want = strtoll(r->vals[0], NULL, 10);

			if (!v)
				return false;
			errno = 0;
			have = strtoll(v, &end, 10);
			if (errno || !*v || *end)
				return false;
			if (r->op == OP_GT ? !(have > want) : !(have < want))
				return false;
			break;
		}
		}
	}
	return true;
}
