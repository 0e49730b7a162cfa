/* Go text/template for kubectl's -o go-template: the lexer, parser and executor follow the
 * behaviour of Go's text/template (messages, positions, trim markers, variable scoping,
 * missingkey), over the values kubectl's template printer gets from JSON. Parse and execution
 * errors are sticky flags: once set, every step returns at once. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printer-internal.h"
#include "../base64.h"
#include "banned.h"

#define MAX_PAREN_DEPTH 1000
#define MAX_EXEC_DEPTH 1000

/* ---- lexer ---- */

enum itype {
	I_ERROR,
	I_BOOL,
	I_CHAR,
	I_CHARCONST,
	I_COMMENT,
	I_COMPLEX,
	I_ASSIGN,
	I_DECLARE,
	I_EOF,
	I_FIELD,
	I_IDENT,
	I_LDELIM,
	I_LPAREN,
	I_NUMBER,
	I_PIPE,
	I_RAWSTRING,
	I_RDELIM,
	I_RPAREN,
	I_SPACE,
	I_STRING,
	I_TEXT,
	I_VARIABLE,
	I_KEYWORD, /* keywords follow */
	I_BLOCK,
	I_BREAK,
	I_CONTINUE,
	I_DOT,
	I_DEFINE,
	I_ELSE,
	I_END,
	I_IF,
	I_NIL,
	I_RANGE,
	I_TEMPLATE,
	I_WITH,
};

struct item {
	enum itype typ;
	size_t pos;
	const char *val;
	size_t len;
	int line;
};

enum lstate {
	L_DONE,
	L_TEXT,
	L_LEFT_DELIM,
	L_COMMENT,
	L_RIGHT_DELIM,
	L_INSIDE,
	L_SPACE,
	L_IDENT,
	L_FIELD,
	L_VARIABLE,
	L_CHAR,
	L_NUMBER,
	L_QUOTE,
	L_RAWQUOTE,
};

struct lexer {
	const char *in;
	size_t len, pos, start;
	bool at_eof, inside_action, break_ok, continue_ok;
	int paren_depth, line, start_line;
	struct item item;
	char errmsg[256];
};

#define LEOF (-1)

static bool is_space(int r)
{
	return r == ' ' || r == '\t' || r == '\r' || r == '\n';
}

/* unicode.IsLetter || IsDigit || '_', approximated outside ASCII: printable runes that are not
 * in the punctuation and symbol blocks count as letters. */
static bool is_alnum(int r)
{
	if (r < 0x80)
		return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') ||
		       (r >= '0' && r <= '9');
	if (!kgo_is_print((uint32_t)r) || r == 0xd7 || r == 0xf7 || (r >= 0xa1 && r <= 0xbf))
		return false;
	return !((r >= 0x2000 && r <= 0x2bff) || (r >= 0x3000 && r <= 0x303f) ||
		 (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff0f) ||
		 (r >= 0x1f000 && r <= 0x1faff));
}

static int lnext(struct lexer *l)
{
	uint32_t r;
	size_t w;

	if (l->pos >= l->len) {
		l->at_eof = true;
		return LEOF;
	}
	w = kgo_utf8_decode((const unsigned char *)l->in + l->pos, l->len - l->pos, &r);
	l->pos += w;
	if (r == '\n')
		l->line++;
	return (int)r;
}

static void lbackup(struct lexer *l)
{
	size_t k, w = 1;
	uint32_t r;

	if (l->at_eof || l->pos == 0)
		return;
	/* the last rune of in[:pos] */
	for (k = 2; k <= 4 && k <= l->pos; k++) {
		if (((unsigned char)l->in[l->pos - k + 1] & 0xc0) != 0x80)
			break;
		if (kgo_utf8_decode((const unsigned char *)l->in + l->pos - k, k, &r) == k &&
		    r != 0xfffd) {
			w = k;
			break;
		}
	}
	l->pos -= w;
	if (l->in[l->pos] == '\n')
		l->line--;
}

static int lpeek(struct lexer *l)
{
	int r = lnext(l);

	lbackup(l);
	return r;
}

static size_t count_nl(const char *s, size_t n)
{
	size_t c = 0;

	while (n--)
		c += *s++ == '\n';
	return c;
}

static bool prefix_at(const struct lexer *l, size_t pos, const char *s)
{
	size_t n = strlen(s);

	return pos <= l->len && l->len - pos >= n && !memcmp(l->in + pos, s, n);
}

static struct item this_item(struct lexer *l, enum itype t)
{
	struct item i = {t, l->start, l->in + l->start, l->pos - l->start, l->start_line};

	l->start = l->pos;
	l->start_line = l->line;
	return i;
}

static enum lstate emit(struct lexer *l, enum itype t)
{
	l->item = this_item(l, t);
	return L_DONE;
}

static void lignore(struct lexer *l)
{
	l->line += (int)count_nl(l->in + l->start, l->pos - l->start);
	l->start = l->pos;
	l->start_line = l->line;
}

static bool accept(struct lexer *l, const char *valid)
{
	int r = lnext(l);

	if (r > 0 && r < 0x80 && strchr(valid, r))
		return true;
	lbackup(l);
	return false;
}

static void accept_run(struct lexer *l, const char *valid)
{
	int r;

	do
		r = lnext(l);
	while (r > 0 && r < 0x80 && strchr(valid, r));
	lbackup(l);
}

static enum lstate lerrorf(struct lexer *l, const char *fmt, ...) KUBE_PRINTF(2, 3);
static enum lstate lerrorf(struct lexer *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->errmsg, sizeof(l->errmsg), fmt, ap);
	va_end(ap);
	l->item = (struct item){I_ERROR, l->start, l->errmsg, strlen(l->errmsg), l->start_line};
	l->start = l->pos = 0;
	l->len = 0;
	return L_DONE;
}

/* %#U */
static void sharp_u(char *b, size_t n, int r)
{
	kube_buf t = KUBE_BUF_INIT;

	kube_buf_printf(&t, "U+%04X", (unsigned)r);
	if (kgo_is_print((uint32_t)r)) {
		kube_buf_puts(&t, " '");
		kgo_put_rune(&t, (uint32_t)r);
		kube_buf_putc(&t, '\'');
	}
	snprintf(b, n, "%s", t.failed ? "?" : t.ptr);
	kube_buf_release(&t);
}

/* %q of in[a:b) into a small buffer */
static void quoted(char *b, size_t n, const char *s, size_t len)
{
	kube_buf t = KUBE_BUF_INIT;

	kgo_quote(&t, s, len, false, '"');
	snprintf(b, n, "%s", t.failed ? "?" : t.ptr);
	kube_buf_release(&t);
}

static bool has_left_trim(const struct lexer *l, size_t pos)
{
	return pos + 2 <= l->len && l->in[pos] == '-' && is_space(l->in[pos + 1]);
}

static bool has_right_trim(const struct lexer *l, size_t pos)
{
	return pos + 2 <= l->len && is_space(l->in[pos]) && l->in[pos + 1] == '-';
}

static bool at_right_delim(const struct lexer *l, bool *trim)
{
	*trim = false;
	if (has_right_trim(l, l->pos) && prefix_at(l, l->pos + 2, "}}")) {
		*trim = true;
		return true;
	}
	return prefix_at(l, l->pos, "}}");
}

static size_t left_trim_len(const struct lexer *l, size_t pos)
{
	size_t i = pos;

	while (i < l->len && is_space(l->in[i]))
		i++;
	return i - pos;
}

static enum lstate lex_text(struct lexer *l)
{
	const char *x = NULL;
	size_t i;

	for (i = l->pos; i + 1 < l->len; i++)
		if (l->in[i] == '{' && l->in[i + 1] == '{') {
			x = l->in + i;
			break;
		}
	if (x) {
		if (x > l->in + l->pos) {
			size_t trim = 0;
			struct item it;

			l->pos = (size_t)(x - l->in);
			if (has_left_trim(l, l->pos + 2))
				while (trim < l->pos - l->start &&
				       is_space(l->in[l->pos - trim - 1]))
					trim++;
			l->pos -= trim;
			l->line += (int)count_nl(l->in + l->start, l->pos - l->start);
			it = this_item(l, I_TEXT);
			l->pos += trim;
			lignore(l);
			if (it.len > 0) {
				l->item = it;
				return L_DONE;
			}
		}
		return L_LEFT_DELIM;
	}
	l->pos = l->len;
	if (l->pos > l->start) {
		l->line += (int)count_nl(l->in + l->start, l->pos - l->start);
		return emit(l, I_TEXT);
	}
	return emit(l, I_EOF);
}

static enum lstate lex_left_delim(struct lexer *l)
{
	bool trim;
	size_t after;
	struct item it;

	l->pos += 2;
	trim = has_left_trim(l, l->pos);
	after = trim ? 2 : 0;
	if (prefix_at(l, l->pos + after, "/*")) {
		l->pos += after;
		lignore(l);
		return L_COMMENT;
	}
	it = this_item(l, I_LDELIM);
	l->inside_action = true;
	l->pos += after;
	lignore(l);
	l->paren_depth = 0;
	l->item = it;
	return L_DONE;
}

static enum lstate lex_comment(struct lexer *l)
{
	size_t i;
	bool trim, found = false;

	l->pos += 2;
	for (i = l->pos; i + 1 < l->len; i++)
		if (l->in[i] == '*' && l->in[i + 1] == '/') {
			found = true;
			break;
		}
	if (!found)
		return lerrorf(l, "unclosed comment");
	l->pos = i + 2;
	if (!at_right_delim(l, &trim))
		return lerrorf(l, "comment ends before closing delimiter");
	l->line += (int)count_nl(l->in + l->start, l->pos - l->start);
	this_item(l, I_COMMENT);
	if (trim)
		l->pos += 2;
	l->pos += 2;
	if (trim)
		l->pos += left_trim_len(l, l->pos);
	lignore(l);
	return L_TEXT;
}

static enum lstate lex_right_delim(struct lexer *l)
{
	bool trim;
	struct item it;

	at_right_delim(l, &trim);
	if (trim) {
		l->pos += 2;
		lignore(l);
	}
	l->pos += 2;
	it = this_item(l, I_RDELIM);
	if (trim) {
		l->pos += left_trim_len(l, l->pos);
		lignore(l);
	}
	l->inside_action = false;
	l->item = it;
	return L_DONE;
}

static enum lstate lex_inside(struct lexer *l)
{
	bool trim;
	char u[32];
	int r;

	if (at_right_delim(l, &trim)) {
		if (l->paren_depth == 0)
			return L_RIGHT_DELIM;
		return lerrorf(l, "unclosed left paren");
	}
	r = lnext(l);
	if (r == LEOF)
		return lerrorf(l, "unclosed action");
	if (is_space(r)) {
		lbackup(l);
		return L_SPACE;
	}
	switch (r) {
	case '=':
		return emit(l, I_ASSIGN);
	case ':':
		if (lnext(l) != '=')
			return lerrorf(l, "expected :=");
		return emit(l, I_DECLARE);
	case '|':
		return emit(l, I_PIPE);
	case '"':
		return L_QUOTE;
	case '`':
		return L_RAWQUOTE;
	case '$':
		return L_VARIABLE;
	case '\'':
		return L_CHAR;
	case '(':
		l->paren_depth++;
		return emit(l, I_LPAREN);
	case ')':
		if (--l->paren_depth < 0)
			return lerrorf(l, "unexpected right paren");
		return emit(l, I_RPAREN);
	case '.':
		if (l->pos < l->len && (l->in[l->pos] < '0' || l->in[l->pos] > '9'))
			return L_FIELD;
		lbackup(l);
		return L_NUMBER;
	}
	if (r == '+' || r == '-' || (r >= '0' && r <= '9')) {
		lbackup(l);
		return L_NUMBER;
	}
	if (is_alnum(r)) {
		lbackup(l);
		return L_IDENT;
	}
	if (r < 0x80 && r >= 0x20 && r < 0x7f)
		return emit(l, I_CHAR);
	sharp_u(u, sizeof(u), r);
	return lerrorf(l, "unrecognized character in action: %s", u);
}

static enum lstate lex_space(struct lexer *l)
{
	int spaces = 0;

	while (is_space(lpeek(l))) {
		lnext(l);
		spaces++;
	}
	if (l->pos > 0 && has_right_trim(l, l->pos - 1) && prefix_at(l, l->pos + 1, "}}")) {
		lbackup(l);
		if (spaces == 1)
			return L_RIGHT_DELIM;
	}
	return emit(l, I_SPACE);
}

static bool at_terminator(struct lexer *l)
{
	int r = lpeek(l);

	if (is_space(r))
		return true;
	switch (r) {
	case LEOF: case '.': case ',': case '|': case ':': case ')': case '(':
		return true;
	}
	return prefix_at(l, l->pos, "}}");
}

static const struct {
	const char *word;
	enum itype typ;
} keywords[] = {
	{"block", I_BLOCK}, {"break", I_BREAK}, {"continue", I_CONTINUE}, {"define", I_DEFINE},
	{"else", I_ELSE},   {"end", I_END},     {"if", I_IF},             {"range", I_RANGE},
	{"nil", I_NIL},     {"template", I_TEMPLATE}, {"with", I_WITH},
};

static enum lstate lex_ident(struct lexer *l)
{
	const char *w;
	size_t n, i;
	char u[32];
	int r;

	while (is_alnum(r = lnext(l)))
		;
	lbackup(l);
	w = l->in + l->start;
	n = l->pos - l->start;
	if (!at_terminator(l)) {
		sharp_u(u, sizeof(u), r);
		return lerrorf(l, "bad character %s", u);
	}
	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
		if (strlen(keywords[i].word) == n && !memcmp(w, keywords[i].word, n)) {
			if ((keywords[i].typ == I_BREAK && !l->break_ok) ||
			    (keywords[i].typ == I_CONTINUE && !l->continue_ok))
				return emit(l, I_IDENT);
			return emit(l, keywords[i].typ);
		}
	}
	if ((n == 4 && !memcmp(w, "true", 4)) || (n == 5 && !memcmp(w, "false", 5)))
		return emit(l, I_BOOL);
	return emit(l, I_IDENT);
}

static enum lstate lex_field_or_variable(struct lexer *l, enum itype typ)
{
	char u[32];
	int r;

	if (at_terminator(l))
		return emit(l, typ == I_VARIABLE ? I_VARIABLE : I_DOT);
	while (is_alnum(r = lnext(l)))
		;
	lbackup(l);
	if (!at_terminator(l)) {
		sharp_u(u, sizeof(u), r);
		return lerrorf(l, "bad character %s", u);
	}
	return emit(l, typ);
}

static enum lstate lex_char(struct lexer *l)
{
	for (;;) {
		int r = lnext(l);

		if (r == '\\') {
			r = lnext(l);
			if (r != LEOF && r != '\n')
				continue;
		}
		if (r == LEOF || r == '\n')
			return lerrorf(l, "unterminated character constant");
		if (r == '\'')
			return emit(l, I_CHARCONST);
	}
}

static bool scan_number(struct lexer *l)
{
	const char *digits = "0123456789_";
	int r;

	accept(l, "+-");
	if (accept(l, "0")) {
		if (accept(l, "xX"))
			digits = "0123456789abcdefABCDEF_";
		else if (accept(l, "oO"))
			digits = "01234567_";
		else if (accept(l, "bB"))
			digits = "01_";
	}
	accept_run(l, digits);
	if (accept(l, "."))
		accept_run(l, digits);
	if (strlen(digits) == 11 && accept(l, "eE")) {
		accept(l, "+-");
		accept_run(l, "0123456789_");
	}
	if (strlen(digits) == 23 && accept(l, "pP")) {
		accept(l, "+-");
		accept_run(l, "0123456789_");
	}
	accept(l, "i");
	r = lpeek(l);
	if (is_alnum(r)) {
		lnext(l);
		return false;
	}
	return true;
}

static enum lstate lex_number(struct lexer *l)
{
	char q[96];
	int r;

	if (!scan_number(l)) {
		quoted(q, sizeof(q), l->in + l->start, l->pos - l->start);
		return lerrorf(l, "bad number syntax: %s", q);
	}
	r = lpeek(l);
	if (r == '+' || r == '-') {
		if (!scan_number(l) || l->in[l->pos - 1] != 'i') {
			quoted(q, sizeof(q), l->in + l->start, l->pos - l->start);
			return lerrorf(l, "bad number syntax: %s", q);
		}
		return emit(l, I_COMPLEX);
	}
	return emit(l, I_NUMBER);
}

static enum lstate lex_quote(struct lexer *l)
{
	for (;;) {
		int r = lnext(l);

		if (r == '\\') {
			r = lnext(l);
			if (r != LEOF && r != '\n')
				continue;
		}
		if (r == LEOF || r == '\n')
			return lerrorf(l, "unterminated quoted string");
		if (r == '"')
			return emit(l, I_STRING);
	}
}

static enum lstate lex_raw_quote(struct lexer *l)
{
	for (;;) {
		int r = lnext(l);

		if (r == LEOF)
			return lerrorf(l, "unterminated raw quoted string");
		if (r == '`')
			return emit(l, I_RAWSTRING);
	}
}

static struct item next_item(struct lexer *l)
{
	enum lstate st = l->inside_action ? L_INSIDE : L_TEXT;

	l->item = (struct item){I_EOF, l->pos, "EOF", 3, l->start_line};
	while (st != L_DONE) {
		switch (st) {
		case L_TEXT: st = lex_text(l); break;
		case L_LEFT_DELIM: st = lex_left_delim(l); break;
		case L_COMMENT: st = lex_comment(l); break;
		case L_RIGHT_DELIM: st = lex_right_delim(l); break;
		case L_INSIDE: st = lex_inside(l); break;
		case L_SPACE: st = lex_space(l); break;
		case L_IDENT: st = lex_ident(l); break;
		case L_FIELD: st = lex_field_or_variable(l, I_FIELD); break;
		case L_VARIABLE:
			st = at_terminator(l) ? emit(l, I_VARIABLE)
					      : lex_field_or_variable(l, I_VARIABLE);
			break;
		case L_CHAR: st = lex_char(l); break;
		case L_NUMBER: st = lex_number(l); break;
		case L_QUOTE: st = lex_quote(l); break;
		case L_RAWQUOTE: st = lex_raw_quote(l); break;
		case L_DONE: break;
		}
	}
	return l->item;
}

/* ---- parse tree ---- */

enum ntype {
	N_TEXT,
	N_ACTION,
	N_BOOL,
	N_CHAIN,
	N_COMMAND,
	N_DOT,
	N_FIELD,
	N_IDENT,
	N_IF,
	N_LIST,
	N_NIL,
	N_NUMBER,
	N_PIPE,
	N_RANGE,
	N_STRING,
	N_TEMPLATE,
	N_VARIABLE,
	N_WITH,
	N_COMMENT,
	N_BREAK,
	N_CONTINUE,
	N_END,
	N_ELSE,
};

struct nvec {
	struct tnode **v;
	size_t n, cap;
};

struct svec {
	char **v;
	size_t n, cap;
};

struct tnode {
	enum ntype type;
	size_t pos;
	int line;
	struct nvec kids;                  /* LIST nodes, COMMAND args, PIPE commands */
	struct nvec decl;                  /* PIPE variables */
	bool is_assign;                    /* PIPE */
	struct tnode *pipe, *list, *elist; /* ACTION, IF/RANGE/WITH, TEMPLATE; CHAIN: pipe = node */
	struct svec ident;                 /* FIELD, VARIABLE, CHAIN fields */
	char *text;                        /* TEXT, STRING value, IDENT, NUMBER, TEMPLATE name */
	size_t textlen;
	char *orig; /* STRING as written */
	bool b;     /* BOOL */
	bool is_int, is_uint, is_float;
	int64_t i;
	uint64_t u;
	double f;
};

struct tree {
	char *name;
	struct tnode *root;
};

struct kube_template {
	char *name;
	char *text;
	struct tree *trees;
	size_t ntrees, captrees;
	struct nvec all; /* every node, for freeing */
	bool missing_error;
};

static bool vgrow(void **p, size_t *cap, size_t need, size_t size)
{
	void *n;
	size_t c = *cap ? *cap : 4;

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

static bool npush(struct nvec *v, struct tnode *n)
{
	if (!vgrow((void **)&v->v, &v->cap, v->n + 1, sizeof(*v->v)))
		return false;
	v->v[v->n++] = n;
	return true;
}

static void node_free(struct tnode *n)
{
	size_t i;

	free(n->kids.v);
	free(n->decl.v);
	for (i = 0; i < n->ident.n; i++)
		free(n->ident.v[i]);
	free(n->ident.v);
	free(n->text);
	free(n->orig);
	free(n);
}

void kube_template_free(kube_template *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->all.n; i++)
		node_free(t->all.v[i]);
	free(t->all.v);
	for (i = 0; i < t->ntrees; i++)
		free(t->trees[i].name);
	free(t->trees);
	free(t->name);
	free(t->text);
	free(t);
}

/* Node String(), as Go prints nodes in error messages. */
static void node_string(kube_buf *b, const struct tnode *n)
{
	size_t i;

	switch (n->type) {
	case N_TEXT:
		kube_buf_put(b, n->text, n->textlen);
		break;
	case N_COMMENT:
		kube_buf_puts(b, "{{");
		kube_buf_put(b, n->text, n->textlen);
		kube_buf_puts(b, "}}");
		break;
	case N_LIST:
		for (i = 0; i < n->kids.n; i++)
			node_string(b, n->kids.v[i]);
		break;
	case N_ACTION:
		kube_buf_puts(b, "{{");
		node_string(b, n->pipe);
		kube_buf_puts(b, "}}");
		break;
	case N_PIPE:
		for (i = 0; i < n->decl.n; i++) {
			if (i)
				kube_buf_puts(b, ", ");
			node_string(b, n->decl.v[i]);
		}
		if (n->decl.n)
			kube_buf_puts(b, n->is_assign ? " = " : " := ");
		for (i = 0; i < n->kids.n; i++) {
			if (i)
				kube_buf_puts(b, " | ");
			node_string(b, n->kids.v[i]);
		}
		break;
	case N_COMMAND:
		for (i = 0; i < n->kids.n; i++) {
			if (i)
				kube_buf_putc(b, ' ');
			if (n->kids.v[i]->type == N_PIPE) {
				kube_buf_putc(b, '(');
				node_string(b, n->kids.v[i]);
				kube_buf_putc(b, ')');
			} else {
				node_string(b, n->kids.v[i]);
			}
		}
		break;
	case N_IDENT:
	case N_NUMBER:
		kube_buf_puts(b, n->text);
		break;
	case N_STRING:
		kube_buf_puts(b, n->orig);
		break;
	case N_VARIABLE:
		for (i = 0; i < n->ident.n; i++) {
			if (i)
				kube_buf_putc(b, '.');
			kube_buf_puts(b, n->ident.v[i]);
		}
		break;
	case N_FIELD:
		for (i = 0; i < n->ident.n; i++) {
			kube_buf_putc(b, '.');
			kube_buf_puts(b, n->ident.v[i]);
		}
		break;
	case N_CHAIN:
		if (n->pipe->type == N_PIPE) {
			kube_buf_putc(b, '(');
			node_string(b, n->pipe);
			kube_buf_putc(b, ')');
		} else {
			node_string(b, n->pipe);
		}
		for (i = 0; i < n->ident.n; i++) {
			kube_buf_putc(b, '.');
			kube_buf_puts(b, n->ident.v[i]);
		}
		break;
	case N_DOT:
		kube_buf_putc(b, '.');
		break;
	case N_NIL:
		kube_buf_puts(b, "nil");
		break;
	case N_BOOL:
		kube_buf_puts(b, n->b ? "true" : "false");
		break;
	case N_IF:
	case N_RANGE:
	case N_WITH:
		kube_buf_puts(b, n->type == N_IF ? "{{if " : n->type == N_RANGE ? "{{range "
										  : "{{with ");
		node_string(b, n->pipe);
		kube_buf_puts(b, "}}");
		node_string(b, n->list);
		if (n->elist) {
			kube_buf_puts(b, "{{else}}");
			node_string(b, n->elist);
		}
		kube_buf_puts(b, "{{end}}");
		break;
	case N_TEMPLATE:
		kube_buf_puts(b, "{{template ");
		kgo_quote(b, n->text, n->textlen, false, '"');
		if (n->pipe) {
			kube_buf_putc(b, ' ');
			node_string(b, n->pipe);
		}
		kube_buf_puts(b, "}}");
		break;
	case N_BREAK:
		kube_buf_puts(b, "{{break}}");
		break;
	case N_CONTINUE:
		kube_buf_puts(b, "{{continue}}");
		break;
	case N_END:
		kube_buf_puts(b, "{{end}}");
		break;
	case N_ELSE:
		kube_buf_puts(b, "{{else}}");
		break;
	}
}

/* ---- parser ---- */

struct parser {
	kube_template *t;
	struct lexer lex;
	struct item token[3];
	int peek_count;
	struct svec vars; /* names only; not owned */
	int action_line, range_depth, stack_depth;
	kube_err *err;
	int rc; /* sticky: 0 or the error code */
	char *tree_name; /* the tree being parsed, while parsing a definition */
};

static void perrorf(struct parser *p, const char *fmt, ...) KUBE_PRINTF(2, 3);
static void perrorf(struct parser *p, const char *fmt, ...)
{
	kube_buf b = KUBE_BUF_INIT;
	va_list ap;

	if (p->rc)
		return;
	kube_buf_printf(&b, "template: %s:%d: ", p->t->name, p->token[0].line);
	va_start(ap, fmt);
	kube_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (b.failed)
		p->rc = kube_err_set(p->err, KUBE_ENOMEM, "out of memory");
	else
		p->rc = kube_err_set(p->err, KUBE_EINVAL, "%s", b.ptr);
	kube_buf_release(&b);
}

static void poom(struct parser *p)
{
	if (!p->rc)
		p->rc = kube_err_set(p->err, KUBE_ENOMEM, "out of memory");
}

static struct item pnext(struct parser *p)
{
	if (p->rc)
		return (struct item){I_EOF, 0, "EOF", 3, p->token[0].line};
	if (p->peek_count > 0)
		p->peek_count--;
	else
		p->token[0] = next_item(&p->lex);
	return p->token[p->peek_count];
}

static void pbackup(struct parser *p)
{
	p->peek_count++;
}

static void pbackup2(struct parser *p, struct item t1)
{
	p->token[1] = t1;
	p->peek_count = 2;
}

static void pbackup3(struct parser *p, struct item t2, struct item t1)
{
	p->token[1] = t1;
	p->token[2] = t2;
	p->peek_count = 3;
}

static struct item ppeek(struct parser *p)
{
	if (p->rc)
		return (struct item){I_EOF, 0, "EOF", 3, p->token[0].line};
	if (p->peek_count > 0)
		return p->token[p->peek_count - 1];
	p->peek_count = 1;
	p->token[0] = next_item(&p->lex);
	return p->token[0];
}

static struct item next_non_space(struct parser *p)
{
	struct item t;

	do
		t = pnext(p);
	while (t.typ == I_SPACE);
	return t;
}

static struct item peek_non_space(struct parser *p)
{
	struct item t = next_non_space(p);

	if (!p->rc)
		pbackup(p);
	return t;
}

/* item String() */
static void item_string(kube_buf *b, const struct item *i)
{
	if (i->typ == I_EOF) {
		kube_buf_puts(b, "EOF");
	} else if (i->typ == I_ERROR) {
		kube_buf_put(b, i->val, i->len);
	} else if (i->typ > I_KEYWORD) {
		kube_buf_putc(b, '<');
		kube_buf_put(b, i->val, i->len);
		kube_buf_putc(b, '>');
	} else if (kgo_rune_count(i->val, i->len) > 10) {
		size_t k = 0, r;
		uint32_t c;

		for (r = 0; r < 10; r++)
			k += kgo_utf8_decode((const unsigned char *)i->val + k, i->len - k, &c);
		kgo_quote(b, i->val, k, false, '"');
		kube_buf_puts(b, "...");
	} else {
		kgo_quote(b, i->val, i->len, false, '"');
	}
}

static void unexpected(struct parser *p, const struct item *tok, const char *context)
{
	kube_buf b = KUBE_BUF_INIT;

	if (p->rc)
		return;
	item_string(&b, tok);
	if (tok->typ == I_ERROR) {
		if (p->action_line != 0 && p->action_line != tok->line) {
			bool action = tok->len >= 7 &&
				      !memcmp(tok->val + tok->len - 7, " action", 7);

			kube_buf_printf(&b, "%s started at %s:%d", action ? "" : " in action",
					p->t->name, p->action_line);
		}
		perrorf(p, "%s", b.ptr);
	} else {
		perrorf(p, "unexpected %s in %s", b.ptr, context);
	}
	kube_buf_release(&b);
}

static struct item expect(struct parser *p, enum itype typ, const char *context)
{
	struct item t = next_non_space(p);

	if (t.typ != typ)
		unexpected(p, &t, context);
	return t;
}

static struct tnode *new_node(struct parser *p, enum ntype type, size_t pos, int line)
{
	struct tnode *n;

	if (p->rc)
		return NULL;
	if (!(n = calloc(1, sizeof(*n))) || !npush(&p->t->all, n)) {
		free(n);
		poom(p);
		return NULL;
	}
	n->type = type;
	n->pos = pos;
	n->line = line;
	return n;
}

static void add_kid(struct parser *p, struct tnode *list, struct tnode *kid)
{
	if (list && kid && !npush(&list->kids, kid))
		poom(p);
}

static char *xstrndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static void add_ident(struct parser *p, struct tnode *n, const char *s, size_t len)
{
	char *d;

	if (!n)
		return;
	if (!(d = xstrndup(s, len)) ||
	    !vgrow((void **)&n->ident.v, &n->ident.cap, n->ident.n + 1, sizeof(char *))) {
		free(d);
		poom(p);
		return;
	}
	n->ident.v[n->ident.n++] = d;
}

/* Split "a.b.c" into idents (VariableNode: "$x.a"; FieldNode gets ".a.b" minus the dot). */
static void split_idents(struct parser *p, struct tnode *n, const char *s, size_t len)
{
	size_t i, st = 0;

	for (i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			add_ident(p, n, s + st, i - st);
			st = i + 1;
		}
	}
}

static bool set_text(struct parser *p, struct tnode *n, const char *s, size_t len)
{
	if (!n)
		return false;
	if (!(n->text = xstrndup(s, len))) {
		poom(p);
		return false;
	}
	n->textlen = len;
	return true;
}

static bool push_var(struct parser *p, const char *name, size_t len)
{
	char *d;

	/* names live in the template's nodes; keep a private copy list for scoping */
	if (!(d = xstrndup(name, len)) ||
	    !vgrow((void **)&p->vars.v, &p->vars.cap, p->vars.n + 1, sizeof(char *))) {
		free(d);
		poom(p);
		return false;
	}
	p->vars.v[p->vars.n++] = d;
	return true;
}

static void pop_vars(struct parser *p, size_t n)
{
	while (p->vars.n > n)
		free(p->vars.v[--p->vars.n]);
}

static const char *const builtin_names[] = {
	"and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
	"println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne", "exists", "base64decode",
};

static bool has_function(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(builtin_names) / sizeof(builtin_names[0]); i++)
		if (strlen(builtin_names[i]) == len && !memcmp(builtin_names[i], name, len))
			return true;
	return false;
}

/* strconv.Unquote for "..." and `...` (and '...' char constants via unquote_char). */
static int unquote_char(const char *s, size_t n, char q, uint32_t *r, bool *multibyte, size_t *used)
{
	size_t i = 0, k, digits = 0;
	uint32_t v = 0;
	unsigned char c;

	*multibyte = false;
	if (!n)
		return -1;
	c = (unsigned char)s[0];
	if (c == (unsigned char)q && (q == '\'' || q == '"'))
		return -1;
	if (c >= 0x80) {
		*used = kgo_utf8_decode((const unsigned char *)s, n, r);
		*multibyte = true;
		return 0;
	}
	if (c != '\\') {
		*r = c;
		*used = 1;
		return 0;
	}
	if (n < 2)
		return -1;
	c = (unsigned char)s[1];
	i = 2;
	switch (c) {
	case 'a': *r = '\a'; break;
	case 'b': *r = '\b'; break;
	case 'f': *r = '\f'; break;
	case 'n': *r = '\n'; break;
	case 'r': *r = '\r'; break;
	case 't': *r = '\t'; break;
	case 'v': *r = '\v'; break;
	case '\\': *r = '\\'; break;
	case '\'':
	case '"':
		if (c != (unsigned char)q)
			return -1;
		*r = c;
		break;
	case 'x': digits = 2; break;
	case 'u': digits = 4; break;
	case 'U': digits = 8; break;
	case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
		v = c - '0';
		if (n < 4)
			return -1;
		for (k = 0; k < 2; k++, i++) {
			if (s[i] < '0' || s[i] > '7')
				return -1;
			v = v * 8 + (uint32_t)(s[i] - '0');
		}
		if (v > 255)
			return -1;
		*r = v;
		break;
	default:
		return -1;
	}
	if (digits) {
		if (n < 2 + digits)
			return -1;
		for (k = 0; k < digits; k++, i++) {
			char h = s[i];

			if (h >= '0' && h <= '9')
				v = v * 16 + (uint32_t)(h - '0');
			else if (h >= 'a' && h <= 'f')
				v = v * 16 + (uint32_t)(h - 'a' + 10);
			else if (h >= 'A' && h <= 'F')
				v = v * 16 + (uint32_t)(h - 'A' + 10);
			else
				return -1;
		}
		if (c == 'x') {
			*r = v;
		} else {
			if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000))
				return -1;
			*r = v;
			*multibyte = true;
		}
	}
	*used = i;
	return 0;
}

static int unquote(const char *s, size_t n, kube_buf *out)
{
	char q;
	size_t i, used;

	if (n < 2 || s[0] != s[n - 1])
		return -1;
	q = s[0];
	if (q == '`') {
		for (i = 1; i < n - 1; i++) {
			if (s[i] == '`')
				return -1;
			if (s[i] != '\r')
				kube_buf_putc(out, s[i]);
		}
		return 0;
	}
	if (q != '"')
		return -1;
	for (i = 1; i < n - 1; i += used) {
		uint32_t r;
		bool mb;

		if (s[i] == '\n' || unquote_char(s + i, n - 1 - i, q, &r, &mb, &used) < 0)
			return -1;
		if (r < 0x80 || !mb)
			kube_buf_putc(out, (char)r);
		else
			kgo_put_rune(out, r);
	}
	return 0;
}

/* strconv.ParseInt/ParseUint with base 0 (sign only for signed). */
static bool parse_go_int(const char *s, size_t n, bool sign_ok, bool *neg, uint64_t *out)
{
	char buf[128];
	size_t i = 0, k = 0;
	unsigned base = 10;
	bool any = false, prefix = false, last_us = false;
	uint64_t v = 0;

	*neg = false;
	if (n && (s[0] == '+' || s[0] == '-')) {
		if (!sign_ok)
			return false;
		*neg = s[0] == '-';
		i = 1;
	}
	if (n - i >= 2 && s[i] == '0') {
		char c = s[i + 1];

		if (c == 'x' || c == 'X')
			base = 16, i += 2, prefix = true;
		else if (c == 'o' || c == 'O')
			base = 8, i += 2, prefix = true;
		else if (c == 'b' || c == 'B')
			base = 2, i += 2, prefix = true;
		else
			base = 8, i += 1, any = true, prefix = true;
	}
	for (; i < n; i++) {
		char c = s[i];
		unsigned d;

		if (c == '_') {
			if (last_us || (!any && !prefix))
				return false;
			last_us = true;
			continue;
		}
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'z')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'Z')
			d = (unsigned)(c - 'A' + 10);
		else
			return false;
		if (d >= base)
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
		any = true;
		last_us = false;
		if (k < sizeof(buf) - 1)
			buf[k++] = c;
	}
	if (!any || last_us)
		return false;
	*out = v;
	return true;
}

static bool parse_go_float(const char *s, size_t n, double *out)
{
	char buf[256], *end;
	size_t i, k = 0;

	if (n >= sizeof(buf))
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '_') {
			bool before = i > 0 && s[i - 1] != '_' && s[i - 1] != '.';
			bool after = i + 1 < n && s[i + 1] != '_' && s[i + 1] != '.';

			if (!before || !after)
				return false;
			continue;
		}
		buf[k++] = s[i];
	}
	buf[k] = '\0';
	if (!k || strchr(buf, 'n') || strchr(buf, 'N') || strchr(buf, 'i') || strchr(buf, 'I'))
		return false;
	*out = strtod(buf, &end);
	return *end == '\0' && !isinf(*out);
}

static struct tnode *new_number(struct parser *p, const struct item *tok)
{
	struct tnode *n = new_node(p, N_NUMBER, tok->pos, tok->line);
	const char *s = tok->val;
	size_t len = tok->len;
	char q[96];
	bool neg;
	uint64_t u;

	if (!n || !set_text(p, n, s, len))
		return NULL;
	if (tok->typ == I_CHARCONST) {
		uint32_t r;
		bool mb;
		size_t used;

		if (unquote_char(s + 1, len - 1, '\'', &r, &mb, &used) < 0) {
			perrorf(p, "invalid syntax");
			return NULL;
		}
		if (used != len - 2) {
			perrorf(p, "malformed character constant: %.*s", (int)len, s);
			return NULL;
		}
		n->is_int = n->is_uint = n->is_float = true;
		n->i = r;
		n->u = r;
		n->f = r;
		return n;
	}
	if (tok->typ == I_COMPLEX || (len && s[len - 1] == 'i')) {
		perrorf(p, "complex numbers are not supported: %.*s", (int)len, s);
		return NULL;
	}
	if (parse_go_int(s, len, false, &neg, &u)) {
		n->is_uint = true;
		n->u = u;
	}
	if (parse_go_int(s, len, true, &neg, &u) &&
	    (neg ? u <= (uint64_t)INT64_MAX + 1 : u <= (uint64_t)INT64_MAX)) {
		n->is_int = true;
		n->i = neg ? (int64_t)(0 - u) : (int64_t)u;
		if (n->i == 0) {
			n->is_uint = true;
			n->u = 0;
		}
	}
	if (n->is_int) {
		n->is_float = true;
		n->f = (double)n->i;
	} else if (n->is_uint) {
		n->is_float = true;
		n->f = (double)n->u;
	} else if (parse_go_float(s, len, &n->f)) {
		if (!strpbrk(n->text, ".eEpP")) {
			quoted(q, sizeof(q), s, len);
			perrorf(p, "integer overflow: %s", q);
			return NULL;
		}
		n->is_float = true;
		if (n->f >= -9223372036854775808.0 && n->f < 9223372036854775808.0 &&
		    (double)(int64_t)n->f == n->f) {
			n->is_int = true;
			n->i = (int64_t)n->f;
		}
		if (n->f >= 0 && n->f < 18446744073709551616.0 && (double)(uint64_t)n->f == n->f) {
			n->is_uint = true;
			n->u = (uint64_t)n->f;
		}
	}
	if (!n->is_int && !n->is_uint && !n->is_float) {
		quoted(q, sizeof(q), s, len);
		perrorf(p, "illegal number syntax: %s", q);
		return NULL;
	}
	return n;
}

static struct tnode *pipeline(struct parser *p, const char *context, enum itype end);
static struct tnode *item_list(struct parser *p, struct tnode **next);
static struct tnode *if_control(struct parser *p);
static struct tnode *with_control(struct parser *p);

static struct tnode *new_variable(struct parser *p, size_t pos, int line, const char *s,
				  size_t len)
{
	struct tnode *v = new_node(p, N_VARIABLE, pos, line);

	split_idents(p, v, s, len);
	return p->rc ? NULL : v;
}

static struct tnode *use_var(struct parser *p, const struct item *tok)
{
	struct tnode *v = new_variable(p, tok->pos, tok->line, tok->val, tok->len);
	size_t i;

	if (!v)
		return NULL;
	for (i = 0; i < p->vars.n; i++)
		if (!strcmp(p->vars.v[i], v->ident.v[0]))
			return v;
	{
		char q[128];

		quoted(q, sizeof(q), v->ident.v[0], strlen(v->ident.v[0]));
		perrorf(p, "undefined variable %s", q);
	}
	return NULL;
}

static struct tnode *term(struct parser *p)
{
	struct item tok = next_non_space(p);
	struct tnode *n;
	kube_buf b = KUBE_BUF_INIT;
	char q[128];

	switch (tok.typ) {
	case I_IDENT:
		if (!has_function(tok.val, tok.len)) {
			quoted(q, sizeof(q), tok.val, tok.len);
			perrorf(p, "function %s not defined", q);
			return NULL;
		}
		n = new_node(p, N_IDENT, tok.pos, tok.line);
		set_text(p, n, tok.val, tok.len);
		return p->rc ? NULL : n;
	case I_DOT:
		return new_node(p, N_DOT, tok.pos, tok.line);
	case I_NIL:
		return new_node(p, N_NIL, tok.pos, tok.line);
	case I_VARIABLE:
		return use_var(p, &tok);
	case I_FIELD:
		n = new_node(p, N_FIELD, tok.pos, tok.line);
		split_idents(p, n, tok.val + 1, tok.len - 1);
		return p->rc ? NULL : n;
	case I_BOOL:
		if ((n = new_node(p, N_BOOL, tok.pos, tok.line)))
			n->b = tok.len == 4;
		return n;
	case I_CHARCONST:
	case I_COMPLEX:
	case I_NUMBER:
		return new_number(p, &tok);
	case I_LPAREN:
		if (p->stack_depth >= MAX_PAREN_DEPTH) {
			perrorf(p, "max expression depth exceeded");
			return NULL;
		}
		p->stack_depth++;
		n = pipeline(p, "parenthesized pipeline", I_RPAREN);
		p->stack_depth--;
		return n;
	case I_STRING:
	case I_RAWSTRING:
		if (unquote(tok.val, tok.len, &b) < 0) {
			kube_buf_release(&b);
			perrorf(p, "invalid syntax");
			return NULL;
		}
		n = new_node(p, N_STRING, tok.pos, tok.line);
		if (b.failed)
			poom(p);
		else if (set_text(p, n, b.ptr, b.len) && !(n->orig = xstrndup(tok.val, tok.len)))
			poom(p);
		kube_buf_release(&b);
		return p->rc ? NULL : n;
	default:
		if (!p->rc)
			pbackup(p);
		return NULL;
	}
}

static struct tnode *operand(struct parser *p)
{
	struct tnode *node = term(p), *chain;
	kube_buf b = KUBE_BUF_INIT;

	if (!node || p->rc)
		return NULL;
	if (ppeek(p).typ != I_FIELD)
		return node;
	chain = new_node(p, N_CHAIN, ppeek(p).pos, ppeek(p).line);
	if (!chain)
		return NULL;
	chain->pipe = node;
	while (!p->rc && ppeek(p).typ == I_FIELD) {
		struct item f = pnext(p);

		add_ident(p, chain, f.val + 1, f.len - 1);
	}
	if (p->rc)
		return NULL;
	switch (node->type) {
	case N_FIELD:
	case N_VARIABLE: {
		struct tnode *n = new_node(p, node->type, chain->pos, chain->line);

		node_string(&b, chain);
		if (b.failed)
			poom(p);
		else if (node->type == N_FIELD)
			split_idents(p, n, b.ptr + 1, b.len - 1);
		else
			split_idents(p, n, b.ptr, b.len);
		kube_buf_release(&b);
		return p->rc ? NULL : n;
	}
	case N_BOOL:
	case N_STRING:
	case N_NUMBER:
	case N_NIL:
	case N_DOT:
		node_string(&b, node);
		{
			kube_buf q = KUBE_BUF_INIT;

			kgo_quote(&q, b.ptr, b.len, false, '"');
			perrorf(p, "unexpected . after term %s", q.ptr);
			kube_buf_release(&q);
		}
		kube_buf_release(&b);
		return NULL;
	default:
		return chain;
	}
}

static struct tnode *command(struct parser *p)
{
	struct tnode *cmd = new_node(p, N_COMMAND, peek_non_space(p).pos, 0);
	struct item tok;

	while (!p->rc) {
		struct tnode *op;

		peek_non_space(p);
		op = operand(p);
		if (op)
			add_kid(p, cmd, op);
		if (p->rc)
			return NULL;
		tok = pnext(p);
		if (tok.typ == I_SPACE)
			continue;
		if (tok.typ == I_RDELIM || tok.typ == I_RPAREN)
			pbackup(p);
		else if (tok.typ != I_PIPE)
			unexpected(p, &tok, "operand");
		break;
	}
	if (!p->rc && !cmd->kids.n)
		perrorf(p, "empty command");
	return p->rc ? NULL : cmd;
}

static struct tnode *pipeline(struct parser *p, const char *context, enum itype end)
{
	struct item tok = peek_non_space(p), v, after, nx;
	struct tnode *pipe = new_node(p, N_PIPE, tok.pos, tok.line), *var;
	size_t i;

	if (!pipe)
		return NULL;
decls:
	v = peek_non_space(p);
	if (!p->rc && v.typ == I_VARIABLE) {
		pnext(p);
		after = ppeek(p);
		nx = peek_non_space(p);
		if (nx.typ == I_ASSIGN || nx.typ == I_DECLARE) {
			pipe->is_assign = nx.typ == I_ASSIGN;
			next_non_space(p);
			var = new_variable(p, v.pos, v.line, v.val, v.len);
			if (var && !npush(&pipe->decl, var))
				poom(p);
			push_var(p, v.val, v.len);
		} else if (nx.typ == I_CHAR && nx.len == 1 && nx.val[0] == ',') {
			next_non_space(p);
			var = new_variable(p, v.pos, v.line, v.val, v.len);
			if (var && !npush(&pipe->decl, var))
				poom(p);
			push_var(p, v.val, v.len);
			if (!strcmp(context, "range") && pipe->decl.n < 2) {
				enum itype t = peek_non_space(p).typ;

				if (t == I_VARIABLE || t == I_RDELIM || t == I_RPAREN)
					goto decls;
				perrorf(p, "range can only initialize variables");
			}
			perrorf(p, "too many declarations in %s", context);
		} else if (after.typ == I_SPACE) {
			pbackup3(p, v, after);
		} else {
			pbackup2(p, v);
		}
	}
	while (!p->rc) {
		tok = next_non_space(p);
		if (tok.typ == end) {
			if (!pipe->kids.n) {
				perrorf(p, "missing value for %s", context);
				break;
			}
			for (i = 1; i < pipe->kids.n; i++) {
				enum ntype t = pipe->kids.v[i]->kids.v[0]->type;

				if (t == N_BOOL || t == N_DOT || t == N_NIL || t == N_NUMBER ||
				    t == N_STRING) {
					perrorf(p, "non executable command in pipeline stage %zu",
						i + 1);
					break;
				}
			}
			break;
		}
		switch (tok.typ) {
		case I_BOOL: case I_CHARCONST: case I_COMPLEX: case I_DOT: case I_FIELD:
		case I_IDENT: case I_NUMBER: case I_NIL: case I_RAWSTRING: case I_STRING:
		case I_VARIABLE: case I_LPAREN:
			pbackup(p);
			add_kid(p, pipe, command(p));
			break;
		default:
			unexpected(p, &tok, context);
		}
	}
	return p->rc ? NULL : pipe;
}

/* if/range/with: pipeline, list, optional else (or else if / else with). */
static struct tnode *parse_control(struct parser *p, enum ntype type, const char *context)
{
	size_t mark = p->vars.n;
	struct tnode *n, *next = NULL;
	struct item pk;

	n = new_node(p, type, 0, 0);
	if (!n)
		return NULL;
	n->pipe = pipeline(p, context, I_RDELIM);
	if (type == N_RANGE)
		p->range_depth++;
	n->list = item_list(p, &next);
	if (type == N_RANGE)
		p->range_depth--;
	if (!p->rc && next->type == N_ELSE) {
		pk = ppeek(p);
		if ((type == N_IF && pk.typ == I_IF) || (type == N_WITH && pk.typ == I_WITH)) {
			pnext(p);
			n->elist = new_node(p, N_LIST, next->pos, next->line);
			add_kid(p, n->elist, type == N_IF ? if_control(p) : with_control(p));
		} else {
			n->elist = item_list(p, &next);
			if (!p->rc && next->type != N_END) {
				kube_buf b = KUBE_BUF_INIT;

				node_string(&b, next);
				perrorf(p, "expected end; found %s", b.ptr);
				kube_buf_release(&b);
			}
		}
	}
	pop_vars(p, mark);
	if (p->rc)
		return NULL;
	n->pos = n->pipe->pos;
	n->line = n->pipe->line;
	return n;
}

static struct tnode *if_control(struct parser *p)
{
	return parse_control(p, N_IF, "if");
}

static struct tnode *with_control(struct parser *p)
{
	return parse_control(p, N_WITH, "with");
}

static bool template_name(struct parser *p, const struct item *tok, const char *context,
			  kube_buf *name)
{
	if (tok->typ != I_STRING && tok->typ != I_RAWSTRING) {
		unexpected(p, tok, context);
		return false;
	}
	if (unquote(tok->val, tok->len, name) < 0) {
		perrorf(p, "invalid syntax");
		return false;
	}
	return true;
}

static bool is_empty_tree(const struct tnode *n)
{
	size_t i, k;

	if (!n)
		return true;
	switch (n->type) {
	case N_LIST:
		for (i = 0; i < n->kids.n; i++)
			if (!is_empty_tree(n->kids.v[i]))
				return false;
		return true;
	case N_COMMENT:
		return true;
	case N_TEXT:
		for (k = 0; k < n->textlen; k++)
			if (!is_space(n->text[k]) && n->text[k] != '\v' && n->text[k] != '\f')
				return false;
		return true;
	default:
		return false;
	}
}

static void add_tree(struct parser *p, const char *name, struct tnode *root)
{
	kube_template *t = p->t;
	size_t i;

	if (p->rc)
		return;
	for (i = 0; i < t->ntrees; i++) {
		if (strcmp(t->trees[i].name, name))
			continue;
		if (is_empty_tree(t->trees[i].root)) {
			t->trees[i].root = root;
		} else if (!is_empty_tree(root)) {
			char q[256];

			quoted(q, sizeof(q), name, strlen(name));
			perrorf(p, "template: multiple definition of template %s", q);
		}
		return;
	}
	if (!vgrow((void **)&t->trees, &t->captrees, t->ntrees + 1, sizeof(*t->trees)) ||
	    !(t->trees[t->ntrees].name = strdup(name))) {
		poom(p);
		return;
	}
	t->trees[t->ntrees++].root = root;
}

/* The body of define or block: a fresh tree with its own variables. */
static void parse_nested_tree(struct parser *p, const char *name, const char *context)
{
	struct svec saved = p->vars;
	int range_depth = p->range_depth;
	struct tnode *root, *end = NULL;

	memset(&p->vars, 0, sizeof(p->vars));
	p->range_depth = 0;
	push_var(p, "$", 1);
	root = item_list(p, &end);
	if (!p->rc && end->type != N_END) {
		kube_buf b = KUBE_BUF_INIT;

		node_string(&b, end);
		perrorf(p, "unexpected %s in %s", b.ptr, context);
		kube_buf_release(&b);
	}
	add_tree(p, name, root);
	pop_vars(p, 0);
	free(p->vars.v);
	p->vars = saved;
	p->range_depth = range_depth;
}

static struct tnode *action(struct parser *p)
{
	struct item tok = next_non_space(p), pk;
	struct tnode *n;
	kube_buf name = KUBE_BUF_INIT;

	switch (tok.typ) {
	case I_BLOCK:
	case I_TEMPLATE: {
		const char *context = tok.typ == I_BLOCK ? "block clause" : "template clause";
		bool block = tok.typ == I_BLOCK;

		tok = next_non_space(p);
		if (!template_name(p, &tok, context, &name) || name.failed) {
			if (name.failed)
				poom(p);
			kube_buf_release(&name);
			return NULL;
		}
		n = new_node(p, N_TEMPLATE, tok.pos, tok.line);
		set_text(p, n, name.ptr, name.len);
		if (block) {
			n->pipe = pipeline(p, context, I_RDELIM);
			parse_nested_tree(p, name.ptr, context);
		} else if (next_non_space(p).typ != I_RDELIM) {
			pbackup(p);
			n->pipe = pipeline(p, context, I_RDELIM);
		}
		kube_buf_release(&name);
		return p->rc ? NULL : n;
	}
	case I_BREAK:
	case I_CONTINUE: {
		const char *ctx = tok.typ == I_BREAK ? "{{break}}" : "{{continue}}";
		struct item t2 = next_non_space(p);

		if (t2.typ != I_RDELIM)
			unexpected(p, &t2, ctx);
		if (!p->rc && p->range_depth == 0)
			perrorf(p, "%s outside {{range}}", ctx);
		return new_node(p, tok.typ == I_BREAK ? N_BREAK : N_CONTINUE, tok.pos, tok.line);
	}
	case I_ELSE:
		pk = peek_non_space(p);
		if (pk.typ == I_IF || pk.typ == I_WITH)
			return new_node(p, N_ELSE, pk.pos, pk.line);
		tok = expect(p, I_RDELIM, "else");
		return new_node(p, N_ELSE, tok.pos, tok.line);
	case I_END:
		tok = expect(p, I_RDELIM, "end");
		return new_node(p, N_END, tok.pos, tok.line);
	case I_IF:
		return if_control(p);
	case I_RANGE:
		return parse_control(p, N_RANGE, "range");
	case I_WITH:
		return with_control(p);
	default:
		break;
	}
	if (p->rc)
		return NULL;
	pbackup(p);
	tok = ppeek(p);
	n = new_node(p, N_ACTION, tok.pos, tok.line);
	if (n)
		n->pipe = pipeline(p, "command", I_RDELIM);
	return p->rc ? NULL : n;
}

static struct tnode *text_or_action(struct parser *p)
{
	struct item tok = next_non_space(p);
	struct tnode *n = NULL;

	switch (tok.typ) {
	case I_TEXT:
		n = new_node(p, N_TEXT, tok.pos, tok.line);
		set_text(p, n, tok.val, tok.len);
		break;
	case I_LDELIM:
		p->action_line = tok.line;
		n = action(p);
		p->action_line = 0;
		break;
	case I_COMMENT:
		n = new_node(p, N_COMMENT, tok.pos, tok.line);
		set_text(p, n, tok.val, tok.len);
		break;
	default:
		unexpected(p, &tok, "input");
	}
	return p->rc ? NULL : n;
}

static struct tnode *item_list(struct parser *p, struct tnode **next)
{
	struct tnode *list = new_node(p, N_LIST, peek_non_space(p).pos, 0), *n;

	*next = NULL;
	while (!p->rc && peek_non_space(p).typ != I_EOF) {
		n = text_or_action(p);
		if (!n)
			break;
		if (n->type == N_END || n->type == N_ELSE) {
			*next = n;
			return list;
		}
		add_kid(p, list, n);
	}
	perrorf(p, "unexpected EOF");
	return NULL;
}

static void parse_root(struct parser *p)
{
	struct tnode *root = new_node(p, N_LIST, ppeek(p).pos, 0), *n;
	kube_buf name = KUBE_BUF_INIT;

	while (!p->rc && ppeek(p).typ != I_EOF) {
		if (ppeek(p).typ == I_LDELIM) {
			struct item delim = pnext(p);

			if (next_non_space(p).typ == I_DEFINE) {
				struct item tok = next_non_space(p);

				kube_buf_truncate(&name, 0);
				if (tok.typ != I_STRING && tok.typ != I_RAWSTRING) {
					unexpected(p, &tok, "define clause");
				} else if (unquote(tok.val, tok.len, &name) < 0 || name.failed) {
					perrorf(p, "invalid syntax");
				} else {
					expect(p, I_RDELIM, "define clause");
					if (!p->rc)
						parse_nested_tree(p, name.ptr, "define clause");
				}
				continue;
			}
			if (p->rc)
				break;
			pbackup2(p, delim);
		}
		n = text_or_action(p);
		if (!n)
			break;
		if (n->type == N_END || n->type == N_ELSE) {
			kube_buf b = KUBE_BUF_INIT;

			node_string(&b, n);
			perrorf(p, "unexpected %s", b.ptr);
			kube_buf_release(&b);
			break;
		}
		add_kid(p, root, n);
	}
	kube_buf_release(&name);
	add_tree(p, p->t->name, root);
}

int kube_template_parse(kube_template **out, const char *name, const char *text, kube_err *err)
{
	kube_template *t;
	struct parser p;

	*out = NULL;
	if (!(t = calloc(1, sizeof(*t))) || !(t->name = strdup(name ? name : "")) ||
	    !(t->text = strdup(text))) {
		kube_template_free(t);
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	memset(&p, 0, sizeof(p));
	p.t = t;
	p.err = err;
	p.lex.in = t->text;
	p.lex.len = strlen(t->text);
	p.lex.line = p.lex.start_line = 1;
	p.lex.break_ok = p.lex.continue_ok = true;
	p.token[0].line = 1;
	push_var(&p, "$", 1);
	parse_root(&p);
	pop_vars(&p, 0);
	free(p.vars.v);
	if (p.rc) {
		kube_template_free(t);
		return p.rc;
	}
	*out = t;
	return 0;
}

void kube_template_set_missing_key_error(kube_template *t, bool on)
{
	t->missing_error = on;
}

/* ---- execution ---- */

#define WALK_BREAK 1
#define WALK_CONTINUE 2

struct tvar {
	const char *name;
	gv v;
};

struct tstate {
	const kube_template *t;
	const char *tmpl_name; /* the tree being executed */
	kube_buf *out;
	struct tvar *vars;
	size_t nvars, capvars, base; /* variables of the current template start at base */
	const struct tnode *node;
	kube_err *err;
	char **pool; /* strings made during execution */
	size_t npool, cappool;
	int depth;
};

enum ptype { P_UNTYPED, P_VALUE, P_ANY, P_STRING };

static int xerrorf(struct tstate *s, const char *fmt, ...) KUBE_PRINTF(2, 3);
static int xerrorf(struct tstate *s, const char *fmt, ...)
{
	kube_buf b = KUBE_BUF_INIT;
	va_list ap;
	int rc;

	if (!s->node) {
		kube_buf_printf(&b, "template: %s: ", s->tmpl_name);
	} else {
		size_t pos = s->node->pos, k, nl = (size_t)-1, line = 1;

		for (k = 0; k < pos && s->t->text[k]; k++)
			if (s->t->text[k] == '\n')
				nl = k, line++;
		kube_buf_printf(&b, "template: %s:%zu:%zu: executing ", s->t->name, line,
				nl == (size_t)-1 ? pos : pos - nl - 1);
		kgo_quote(&b, s->tmpl_name, strlen(s->tmpl_name), false, '"');
		kube_buf_puts(&b, " at <");
		node_string(&b, s->node);
		kube_buf_puts(&b, ">: ");
	}
	va_start(ap, fmt);
	kube_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	rc = b.failed ? kube_err_set(s->err, KUBE_ENOMEM, "out of memory")
		      : kube_err_set(s->err, KUBE_EINVAL, "%s", b.ptr);
	kube_buf_release(&b);
	return rc;
}

static int xoom(struct tstate *s)
{
	return kube_err_set(s->err, KUBE_ENOMEM, "out of memory");
}

/* Keep b's bytes for the rest of the execution and make v a string of them. */
static int pool_string(struct tstate *s, kube_buf *b, gv *v)
{
	size_t len;
	char *p;

	if (b->failed || !vgrow((void **)&s->pool, &s->cappool, s->npool + 1, sizeof(char *))) {
		kube_buf_release(b);
		return xoom(s);
	}
	if (!(p = kube_buf_detach(b, &len)))
		return xoom(s);
	s->pool[s->npool++] = p;
	memset(v, 0, sizeof(*v));
	v->kind = GV_STRING;
	v->s = p;
	v->n = len;
	return 0;
}

static void value_string(kube_buf *b, const gv *v, char verb)
{
	gv one = *v;
	char f[3] = {'%', verb, '\0'};

	one.iface = false;
	kgo_sprintf(b, f, 2, &one, 1);
}

/* %v of a value for an error message */
static const char *vstr(struct tstate *s, const gv *v, char verb)
{
	kube_buf b = KUBE_BUF_INIT;
	gv out = {0};

	value_string(&b, v, verb);
	if (pool_string(s, &b, &out) < 0)
		return "?";
	return out.s;
}

static int push_var_value(struct tstate *s, const char *name, const gv *v)
{
	if (!vgrow((void **)&s->vars, &s->capvars, s->nvars + 1, sizeof(*s->vars)))
		return xoom(s);
	s->vars[s->nvars].name = name;
	s->vars[s->nvars++].v = *v;
	return 0;
}

static int set_var(struct tstate *s, const char *name, const gv *v)
{
	size_t i;

	for (i = s->nvars; i > s->base; i--)
		if (!strcmp(s->vars[i - 1].name, name)) {
			s->vars[i - 1].v = *v;
			return 0;
		}
	return xerrorf(s, "undefined variable: %s", name);
}

static int var_value(struct tstate *s, const char *name, gv *out)
{
	size_t i;

	for (i = s->nvars; i > s->base; i--)
		if (!strcmp(s->vars[i - 1].name, name)) {
			*out = s->vars[i - 1].v;
			return 0;
		}
	return xerrorf(s, "undefined variable: %s", name);
}

/* reflect's Interface unwrapping: a nil interface becomes the invalid value. */
static void unwrap(gv *v)
{
	if (v->kind == GV_NIL)
		v->kind = GV_INVALID;
	v->iface = false;
}

static bool is_true(const gv *v0)
{
	gv v = *v0;

	unwrap(&v);
	switch (v.kind) {
	case GV_BOOL: return v.b;
	case GV_INT: case GV_INT64: case GV_UINT8: return v.i != 0;
	case GV_FLOAT: return v.f != 0;
	case GV_STRING: return v.n > 0;
	case GV_MAP: return v.j->child != NULL;
	case GV_SLICE: return kgo_slice_len(&v) > 0;
	default: return false;
	}
}

static int walk(struct tstate *s, const gv *dot, const struct tnode *n);
static int eval_pipeline(struct tstate *s, const gv *dot, const struct tnode *pipe, gv *out);
static int eval_arg(struct tstate *s, const gv *dot, enum ptype typ, const struct tnode *n,
		    gv *out);
static int eval_field_chain(struct tstate *s, const gv *dot, gv receiver, const struct tnode *node,
			    char *const *ident, size_t nident, size_t nargs, const gv *final,
			    gv *out);

static int eval_field(struct tstate *s, const char *name, size_t nargs, const gv *final,
		      const gv *receiver, gv *out)
{
	const char *typ;
	const cJSON *r;
	char q[256];

	memset(out, 0, sizeof(*out));
	if (receiver->kind == GV_INVALID) {
		if (s->t->missing_error) {
			quoted(q, sizeof(q), name, strlen(name));
			return xerrorf(s, "nil data; no entry for key %s", q);
		}
		return 0;
	}
	typ = kgo_type_name(receiver, true);
	if (receiver->kind == GV_NIL)
		return xerrorf(s, "nil pointer evaluating %s.%s", typ, name);
	if (receiver->kind == GV_MAP) {
		if (nargs > 1 || final)
			return xerrorf(s, "%s is not a method but has arguments", name);
		r = cJSON_GetObjectItemCaseSensitive(receiver->j, name);
		if (!r && s->t->missing_error) {
			quoted(q, sizeof(q), name, strlen(name));
			return xerrorf(s, "map has no entry for key %s", q);
		}
		if (r)
			kgo_from_json_rt(out, r, true, true);
		return 0;
	}
	return xerrorf(s, "can't evaluate field %s in type %s", name, typ);
}

static int eval_field_chain(struct tstate *s, const gv *dot, gv receiver, const struct tnode *node,
			    char *const *ident, size_t nident, size_t nargs, const gv *final,
			    gv *out)
{
	size_t i;
	int rc;

	(void)dot;
	(void)node;
	for (i = 0; i + 1 < nident; i++) {
		gv next;

		if ((rc = eval_field(s, ident[i], 0, NULL, &receiver, &next)) < 0)
			return rc;
		receiver = next;
	}
	return eval_field(s, ident[nident - 1], nargs, final, &receiver, out);
}

static int not_a_function(struct tstate *s, const struct tnode *const *args, size_t nargs,
			  const gv *final)
{
	kube_buf b = KUBE_BUF_INIT;
	int rc;

	if (nargs <= 1 && !final)
		return 0;
	node_string(&b, args[0]);
	rc = xerrorf(s, "can't give argument to non-function %s", b.failed ? "?" : b.ptr);
	kube_buf_release(&b);
	return rc;
}

static int eval_variable_node(struct tstate *s, const gv *dot, const struct tnode *v,
			      const struct tnode *const *args, size_t nargs, const gv *final,
			      gv *out)
{
	gv value;
	int rc;

	s->node = v;
	if ((rc = var_value(s, v->ident.v[0], &value)) < 0)
		return rc;
	if (v->ident.n == 1) {
		if ((rc = not_a_function(s, args, nargs, final)) < 0)
			return rc;
		*out = value;
		return 0;
	}
	return eval_field_chain(s, dot, value, v, v->ident.v + 1, v->ident.n - 1, nargs, final,
				out);
}

static int eval_chain_node(struct tstate *s, const gv *dot, const struct tnode *chain,
			   size_t nargs, const gv *final, gv *out)
{
	gv pipe;
	int rc;

	s->node = chain;
	if (chain->pipe->type == N_NIL) {
		kube_buf b = KUBE_BUF_INIT;

		node_string(&b, chain);
		rc = xerrorf(s, "indirection through explicit nil in %s", b.failed ? "?" : b.ptr);
		kube_buf_release(&b);
		return rc;
	}
	if ((rc = eval_arg(s, dot, P_UNTYPED, chain->pipe, &pipe)) < 0)
		return rc;
	return eval_field_chain(s, dot, pipe, chain, chain->ident.v, chain->ident.n, nargs, final,
				out);
}

static int ideal_constant(struct tstate *s, const struct tnode *n, gv *out)
{
	bool hex = n->textlen > 2 && n->text[0] == '0' &&
		   (n->text[1] == 'x' || n->text[1] == 'X') && !strpbrk(n->text, "pP");

	s->node = n;
	memset(out, 0, sizeof(*out));
	if (n->is_float && !hex && n->text[0] != '\'' && strpbrk(n->text, ".eEpP")) {
		out->kind = GV_FLOAT;
		out->f = n->f;
	} else if (n->is_int) {
		out->kind = GV_INT;
		out->i = n->i;
	} else if (n->is_uint) {
		return xerrorf(s, "%s overflows int", n->text);
	}
	return 0;
}

/* ---- builtins ---- */

struct builtin {
	const char *name;
	size_t nfixed;
	bool variadic;
	enum ptype fixed[2];
	enum ptype rest;
};

static const struct builtin builtins[] = {
	{"and", 1, true, {P_VALUE}, P_VALUE},
	{"or", 1, true, {P_VALUE}, P_VALUE},
	{"not", 1, false, {P_VALUE}, P_VALUE},
	{"len", 1, false, {P_VALUE}, P_VALUE},
	{"index", 1, true, {P_VALUE}, P_VALUE},
	{"slice", 1, true, {P_VALUE}, P_VALUE},
	{"print", 0, true, {P_ANY}, P_ANY},
	{"printf", 1, true, {P_STRING}, P_ANY},
	{"println", 0, true, {P_ANY}, P_ANY},
	{"eq", 1, true, {P_VALUE}, P_VALUE},
	{"ne", 2, false, {P_VALUE, P_VALUE}, P_VALUE},
	{"lt", 2, false, {P_VALUE, P_VALUE}, P_VALUE},
	{"le", 2, false, {P_VALUE, P_VALUE}, P_VALUE},
	{"gt", 2, false, {P_VALUE, P_VALUE}, P_VALUE},
	{"ge", 2, false, {P_VALUE, P_VALUE}, P_VALUE},
	{"html", 0, true, {P_ANY}, P_ANY},
	{"js", 0, true, {P_ANY}, P_ANY},
	{"urlquery", 0, true, {P_ANY}, P_ANY},
	{"call", 1, true, {P_VALUE}, P_VALUE},
	{"exists", 1, true, {P_ANY}, P_ANY},
	{"base64decode", 1, false, {P_STRING}, P_STRING},
};

/* Function errors are returned as a message (static or pooled); NULL means success. */
typedef const char *(*bfn)(struct tstate *s, gv *args, size_t n, gv *out);

static const char *fmsg(struct tstate *s, const char *fmt, ...) KUBE_PRINTF(2, 3);
static const char *fmsg(struct tstate *s, const char *fmt, ...)
{
	kube_buf b = KUBE_BUF_INIT;
	va_list ap;
	gv v = {0};

	va_start(ap, fmt);
	kube_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (pool_string(s, &b, &v) < 0)
		return "out of memory";
	return v.s;
}

static void set_bool(gv *out, bool b)
{
	memset(out, 0, sizeof(*out));
	out->kind = GV_BOOL;
	out->b = b;
}

static void set_int(gv *out, gv_kind k, int64_t i)
{
	memset(out, 0, sizeof(*out));
	out->kind = k;
	out->i = i;
}

/* reflect indirectInterface */
static gv ind(const gv *v)
{
	gv r = *v;

	unwrap(&r);
	return r;
}

static bool is_intlike(const gv *v)
{
	return !v->iface && (v->kind == GV_INT || v->kind == GV_INT64 || v->kind == GV_UINT8);
}

static const char *fn_not(struct tstate *s, gv *a, size_t n, gv *out)
{
	(void)s;
	(void)n;
	set_bool(out, !is_true(&a[0]));
	return NULL;
}

static const char *fn_len(struct tstate *s, gv *a, size_t n, gv *out)
{
	gv v = a[0];

	(void)n;
	if (v.kind == GV_NIL)
		return "len of nil pointer";
	switch (v.kind) {
	case GV_STRING:
		set_int(out, GV_INT, (int64_t)v.n);
		return NULL;
	case GV_SLICE:
		set_int(out, GV_INT, (int64_t)kgo_slice_len(&v));
		return NULL;
	case GV_MAP:
		set_int(out, GV_INT, (int64_t)cJSON_GetArraySize(v.j));
		return NULL;
	case GV_INVALID:
		return "reflect: call of reflect.Value.Type on zero Value";
	default:
		return fmsg(s, "len of type %s", kgo_type_name(&v, false));
	}
}

/* indexArg: the index of a slice or string of length cap */
static const char *index_arg(struct tstate *s, const gv *idx, size_t cap, size_t *out)
{
	if (idx->kind == GV_INVALID)
		return "cannot index slice/array with nil";
	if (!is_intlike(idx))
		return fmsg(s, "cannot index slice/array with type %s", kgo_type_name(idx, true));
	if (idx->i < 0 || (uint64_t)idx->i > cap)
		return fmsg(s, "index out of range: %lld", (long long)idx->i);
	*out = (size_t)idx->i;
	return NULL;
}

static const cJSON *slice_at(const gv *v, size_t i)
{
	const cJSON *c = v->first;

	while (c && i--)
		c = c->next;
	return c;
}

static const char *fn_index(struct tstate *s, gv *a, size_t n, gv *out)
{
	gv item = ind(&a[0]);
	const char *e;
	size_t i, x = 0;

	if (item.kind == GV_INVALID)
		return "index of untyped nil";
	for (i = 1; i < n; i++) {
		gv idx = ind(&a[i]);

		if (item.kind == GV_NIL)
			return "index of nil pointer";
		item.iface = false;
		switch (item.kind) {
		case GV_SLICE:
			if ((e = index_arg(s, &idx, kgo_slice_len(&item), &x)))
				return e;
			if (x == kgo_slice_len(&item))
				return "reflect: slice index out of range";
			kgo_from_json_rt(&item, slice_at(&item, x), true, true);
			break;
		case GV_STRING:
			if ((e = index_arg(s, &idx, item.n, &x)))
				return e;
			if (x == item.n)
				return "reflect: string index out of range";
			set_int(&item, GV_UINT8, (unsigned char)item.s[x]);
			break;
		case GV_MAP: {
			const cJSON *r;

			if (idx.kind == GV_INVALID)
				return "value is nil; should be of type string";
			if (idx.kind != GV_STRING)
				return fmsg(s, "value has type %s; should be string",
					    kgo_type_name(&idx, false));
			r = cJSON_GetObjectItemCaseSensitive(item.j, idx.s);
			if (r) {
				kgo_from_json_rt(&item, r, true, true);
			} else {
				memset(&item, 0, sizeof(item));
				item.kind = GV_NIL;
				item.iface = true;
			}
			break;
		}
		default:
			return fmsg(s, "can't index item of type %s", kgo_type_name(&item, false));
		}
	}
	*out = item;
	return NULL;
}

static const char *fn_slice(struct tstate *s, gv *a, size_t n, gv *out)
{
	gv item = ind(&a[0]);
	size_t idx[3] = {0, 0, 0}, cap, i;
	const char *e;

	if (item.kind == GV_INVALID)
		return "slice of untyped nil";
	if (n - 1 > 3)
		return fmsg(s, "too many slice indexes: %zu", n - 1);
	if (item.kind == GV_STRING) {
		if (n - 1 == 3)
			return "cannot 3-index slice a string";
		cap = item.n;
	} else if (item.kind == GV_SLICE) {
		cap = kgo_slice_len(&item);
	} else {
		return fmsg(s, "can't slice item of type %s", kgo_type_name(&item, false));
	}
	idx[1] = cap;
	for (i = 1; i < n; i++)
		if ((e = index_arg(s, &a[i], cap, &idx[i - 1])))
			return e;
	if (idx[0] > idx[1])
		return fmsg(s, "invalid slice index: %zu > %zu", idx[0], idx[1]);
	if (n - 1 == 3 && idx[1] > idx[2])
		return fmsg(s, "invalid slice index: %zu > %zu", idx[1], idx[2]);
	*out = item;
	out->iface = false;
	if (item.kind == GV_STRING) {
		out->s = item.s + idx[0];
		out->n = idx[1] - idx[0];
	} else {
		out->first = slice_at(&item, idx[0]);
		out->n = idx[1] - idx[0];
	}
	return NULL;
}

enum bkind { BK_INVALID, BK_BOOL, BK_INT, BK_FLOAT, BK_STRING, BK_UINT };

static enum bkind basic_kind(const gv *v)
{
	switch (v->kind) {
	case GV_BOOL: return BK_BOOL;
	case GV_INT: case GV_INT64: return BK_INT;
	case GV_UINT8: return BK_UINT;
	case GV_FLOAT: return BK_FLOAT;
	case GV_STRING: return BK_STRING;
	default: return BK_INVALID;
	}
}

static bool str_eq(const gv *a, const gv *b)
{
	return a->n == b->n && !memcmp(a->s, b->s, a->n);
}

static int str_cmp(const gv *a, const gv *b)
{
	int c = memcmp(a->s, b->s, a->n < b->n ? a->n : b->n);

	return c ? c : (a->n < b->n ? -1 : a->n > b->n);
}

static const char *fn_eq(struct tstate *s, gv *a, size_t n, gv *out)
{
	gv a1 = ind(&a[0]);
	enum bkind k1 = basic_kind(&a1);
	size_t i;

	if (n < 2)
		return "missing argument for comparison";
	for (i = 1; i < n; i++) {
		gv b = ind(&a[i]);
		enum bkind k2 = basic_kind(&b);
		bool truth = false;

		if (k1 != k2) {
			if (k1 == BK_INT && k2 == BK_UINT)
				truth = a1.i >= 0 && a1.i == b.i;
			else if (k1 == BK_UINT && k2 == BK_INT)
				truth = b.i >= 0 && a1.i == b.i;
			else if (a1.kind != GV_INVALID && b.kind != GV_INVALID)
				return fmsg(s, "incompatible types for comparison: %s and %s",
					    kgo_type_name(&a1, false), kgo_type_name(&b, false));
		} else {
			switch (k1) {
			case BK_BOOL: truth = a1.b == b.b; break;
			case BK_FLOAT: truth = a1.f == b.f; break;
			case BK_INT: case BK_UINT: truth = a1.i == b.i; break;
			case BK_STRING: truth = str_eq(&a1, &b); break;
			case BK_INVALID:
				if (a1.kind != b.kind && a1.kind != GV_INVALID &&
				    b.kind != GV_INVALID)
					return fmsg(s, "non-comparable types %s: %s, %s: %s",
						    vstr(s, &a1, 's'), kgo_type_name(&a1, false),
						    kgo_type_name(&b, false), vstr(s, &b, 'v'));
				if (a1.kind == GV_INVALID || b.kind == GV_INVALID)
					truth = a1.kind == b.kind;
				else
					return fmsg(s, "non-comparable type %s: %s",
						    vstr(s, &b, 's'), kgo_type_name(&b, false));
				break;
			}
		}
		if (truth) {
			set_bool(out, true);
			return NULL;
		}
	}
	set_bool(out, false);
	return NULL;
}

static const char *fn_ne(struct tstate *s, gv *a, size_t n, gv *out)
{
	const char *e = fn_eq(s, a, n, out);

	out->b = !out->b;
	return e;
}

static const char *less(struct tstate *s, gv *a, bool *res)
{
	gv x = ind(&a[0]), y = ind(&a[1]);
	enum bkind k1 = basic_kind(&x), k2 = basic_kind(&y);

	if (k1 == BK_INVALID || k2 == BK_INVALID)
		return "invalid type for comparison";
	if (k1 != k2) {
		if (k1 == BK_INT && k2 == BK_UINT)
			*res = x.i < 0 || x.i < y.i;
		else if (k1 == BK_UINT && k2 == BK_INT)
			*res = y.i >= 0 && x.i < y.i;
		else
			return fmsg(s, "incompatible types for comparison: %s and %s",
				    kgo_type_name(&x, false), kgo_type_name(&y, false));
		return NULL;
	}
	switch (k1) {
	case BK_BOOL: return "invalid type for comparison";
	case BK_FLOAT: *res = x.f < y.f; break;
	case BK_STRING: *res = str_cmp(&x, &y) < 0; break;
	default: *res = x.i < y.i; break;
	}
	return NULL;
}

static const char *fn_lt(struct tstate *s, gv *a, size_t n, gv *out)
{
	bool r = false;
	const char *e = less(s, a, &r);

	(void)n;
	set_bool(out, !e && r);
	return e;
}

static const char *fn_le(struct tstate *s, gv *a, size_t n, gv *out)
{
	bool r = false;
	const char *e = less(s, a, &r);

	if (e || r) {
		set_bool(out, !e && r);
		return e;
	}
	return fn_eq(s, a, n, out);
}

static const char *fn_gt(struct tstate *s, gv *a, size_t n, gv *out)
{
	const char *e = fn_le(s, a, n, out);

	set_bool(out, !e && !out->b);
	return e;
}

static const char *fn_ge(struct tstate *s, gv *a, size_t n, gv *out)
{
	const char *e = fn_lt(s, a, n, out);

	set_bool(out, !e && !out->b);
	return e;
}

static const char *finish_string(struct tstate *s, kube_buf *b, gv *out)
{
	if (pool_string(s, b, out) < 0)
		return "out of memory";
	return NULL;
}

static const char *fn_print(struct tstate *s, gv *a, size_t n, gv *out)
{
	kube_buf b = KUBE_BUF_INIT;

	kgo_sprint(&b, a, n, false);
	return finish_string(s, &b, out);
}

static const char *fn_println(struct tstate *s, gv *a, size_t n, gv *out)
{
	kube_buf b = KUBE_BUF_INIT;

	kgo_sprint(&b, a, n, true);
	return finish_string(s, &b, out);
}

static const char *fn_printf(struct tstate *s, gv *a, size_t n, gv *out)
{
	kube_buf b = KUBE_BUF_INIT;

	kgo_sprintf(&b, a[0].s, a[0].n, a + 1, n - 1);
	return finish_string(s, &b, out);
}

/* text/template's evalArgs: a lone string as is, else fmt.Sprint with invalid values shown
 * as "<no value>". */
static const char *eval_args(struct tstate *s, gv *a, size_t n, gv *out)
{
	static const char nv[] = "<no value>";
	size_t i;

	if (n == 1 && a[0].kind == GV_STRING) {
		*out = a[0];
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (a[i].kind == GV_INVALID || a[i].kind == GV_NIL) {
			memset(&a[i], 0, sizeof(a[i]));
			a[i].kind = GV_STRING;
			a[i].s = nv;
			a[i].n = sizeof(nv) - 1;
		}
	}
	return fn_print(s, a, n, out);
}

static const char *fn_html(struct tstate *s, gv *a, size_t n, gv *out)
{
	kube_buf b = KUBE_BUF_INIT;
	const char *e;
	gv in;
	size_t i;

	if ((e = eval_args(s, a, n, &in)))
		return e;
	for (i = 0; i < in.n; i++) {
		switch (in.s[i]) {
		case '\0': kube_buf_puts(&b, "\xef\xbf\xbd"); break;
		case '"': kube_buf_puts(&b, "&#34;"); break;
		case '\'': kube_buf_puts(&b, "&#39;"); break;
		case '&': kube_buf_puts(&b, "&amp;"); break;
		case '<': kube_buf_puts(&b, "&lt;"); break;
		case '>': kube_buf_puts(&b, "&gt;"); break;
		default: kube_buf_putc(&b, in.s[i]);
		}
	}
	return finish_string(s, &b, out);
}

static const char *fn_js(struct tstate *s, gv *a, size_t n, gv *out)
{
	kube_buf b = KUBE_BUF_INIT;
	const char *e;
	gv in;
	size_t i, w;
	uint32_t r;

	if ((e = eval_args(s, a, n, &in)))
		return e;
	for (i = 0; i < in.n; i += w) {
		unsigned char c = (unsigned char)in.s[i];

		w = 1;
		switch (c) {
		case '\\': kube_buf_puts(&b, "\\\\"); continue;
		case '\'': kube_buf_puts(&b, "\\'"); continue;
		case '"': kube_buf_puts(&b, "\\\""); continue;
		case '<': kube_buf_puts(&b, "\\u003C"); continue;
		case '>': kube_buf_puts(&b, "\\u003E"); continue;
		case '&': kube_buf_puts(&b, "\\u0026"); continue;
		case '=': kube_buf_puts(&b, "\\u003D"); continue;
		}
		if (c < ' ') {
			kube_buf_printf(&b, "\\u00%02X", c);
		} else if (c < 0x80) {
			kube_buf_putc(&b, (char)c);
		} else {
			w = kgo_utf8_decode((const unsigned char *)in.s + i, in.n - i, &r);
			if (kgo_is_print(r))
				kube_buf_put(&b, in.s + i, w);
			else
				kube_buf_printf(&b, "\\u%04X", r);
		}
	}
	return finish_string(s, &b, out);
}

static const char *fn_urlquery(struct tstate *s, gv *a, size_t n, gv *out)
{
	kube_buf b = KUBE_BUF_INIT, z = KUBE_BUF_INIT;
	const char *e;
	gv in;

	if ((e = eval_args(s, a, n, &in)))
		return e;
	kube_buf_put(&z, in.s, in.n);
	kube_buf_put_query(&b, z.ptr);
	kube_buf_release(&z);
	return finish_string(s, &b, out);
}

static const char *fn_exists(struct tstate *s, gv *a, size_t n, gv *out)
{
	gv v = ind(&a[0]);
	size_t i, x;

	/* the item arrives as an interface{}: nil is reflect.ValueOf(nil), the invalid value,
	 * which passes the final nil test; nil values reached by indexing do not */
	(void)s;
	set_bool(out, false);
	for (i = 1; i < n; i++) {
		gv idx = ind(&a[i]);

		switch (v.kind) {
		case GV_SLICE:
		case GV_STRING:
			if (!is_intlike(&idx) || idx.i < 0)
				return NULL;
			x = (size_t)idx.i;
			if (v.kind == GV_STRING) {
				if (x >= v.n)
					return NULL;
				set_int(&v, GV_UINT8, (unsigned char)v.s[x]);
			} else {
				if (x >= kgo_slice_len(&v))
					return NULL;
				kgo_from_json_rt(&v, slice_at(&v, x), true, true);
			}
			break;
		case GV_MAP: {
			const cJSON *r;

			if (idx.kind != GV_STRING && idx.kind != GV_INVALID)
				return NULL;
			r = cJSON_GetObjectItemCaseSensitive(v.j,
							     idx.kind == GV_STRING ? idx.s : "");
			if (!r)
				return NULL;
			kgo_from_json_rt(&v, r, true, true);
			break;
		}
		default: /* nil pointers and everything else */
			return NULL;
		}
	}
	set_bool(out, v.kind != GV_NIL);
	return NULL;
}

/* One 4-character quantum of encoding/base64 StdEncoding (padded, not strict; CR and LF are
 * skipped). Appends the bytes; returns -1 at the end, or the offset of a corrupt byte
 * ((size_t)-1 when fine) in *bad. */
static int b64_quantum(const unsigned char *src, size_t len, size_t *si, kube_buf *b, size_t *bad)
{
	int v[4] = {0, 0, 0, 0};
	size_t j, dlen = 4;

	*bad = (size_t)-1;
	for (j = 0; j < 4; j++) {
		unsigned char in;

		if (*si == len) {
			if (j == 0)
				return -1;
			*bad = *si - j;
			return 0;
		}
		in = src[(*si)++];
		if ((v[j] = kube__b64_val((unsigned char)in)) >= 0)
			continue;
		if (in == '\n' || in == '\r') {
			j--;
			continue;
		}
		if (in != '=' || j < 2) {
			*bad = *si - 1;
			return 0;
		}
		if (j == 2) {
			while (*si < len && (src[*si] == '\n' || src[*si] == '\r'))
				(*si)++;
			if (*si == len) {
				*bad = len;
				return 0;
			}
			if (src[*si] != '=') {
				*bad = *si - 1;
				return 0;
			}
			(*si)++;
		}
		while (*si < len && (src[*si] == '\n' || src[*si] == '\r'))
			(*si)++;
		if (*si < len)
			*bad = *si;
		dlen = j;
		break;
	}
	for (j = 0; j < 4; j++)
		if (v[j] < 0)
			v[j] = 0;
	if (dlen >= 2)
		kube_buf_putc(b, (char)((v[0] << 2) | (v[1] >> 4)));
	if (dlen >= 3)
		kube_buf_putc(b, (char)(((v[1] & 15) << 4) | (v[2] >> 2)));
	if (dlen >= 4)
		kube_buf_putc(b, (char)(((v[2] & 3) << 6) | v[3]));
	return 0;
}

static const char *fn_base64decode(struct tstate *s, gv *a, size_t n, gv *out)
{
	kube_buf b = KUBE_BUF_INIT;
	size_t si = 0, bad = (size_t)-1;

	(void)n;
	while (b64_quantum((const unsigned char *)a[0].s, a[0].n, &si, &b, &bad) == 0 &&
	       bad == (size_t)-1)
		;
	if (bad != (size_t)-1) {
		kube_buf_release(&b);
		return fmsg(s, "base64 decode failed: illegal base64 data at input byte %zu", bad);
	}
	return finish_string(s, &b, out);
}

static const bfn builtin_fns[] = {
	NULL, NULL, fn_not, fn_len, fn_index, fn_slice, fn_print, fn_printf, fn_println, fn_eq,
	fn_ne, fn_lt, fn_le, fn_gt, fn_ge, fn_html, fn_js, fn_urlquery, NULL, fn_exists,
	fn_base64decode,
};

/* validateType(value, typ) for the parameter types builtins use. */
static int validate(struct tstate *s, enum ptype typ, gv *v)
{
	switch (typ) {
	case P_ANY:
		if (v->kind == GV_INVALID) {
			v->kind = GV_NIL;
			v->iface = true;
		}
		return 0;
	case P_STRING:
		if (v->kind == GV_INVALID)
			return xerrorf(s, "invalid value; expected string");
		if (v->kind == GV_STRING) {
			v->iface = false;
			return 0;
		}
		return xerrorf(s, "wrong type for value; expected string; got %s",
			       kgo_type_name(v, v->kind == GV_NIL));
	default:
		return 0;
	}
}

static int eval_call(struct tstate *s, const gv *dot, size_t fi, const struct tnode *node,
		     const struct tnode *const *args, size_t nargs, const gv *final, gv *out)
{
	const struct builtin *f = &builtins[fi];
	size_t numin, i, n = 0;
	gv *argv = NULL;
	const char *e;
	int rc = 0;

	if (args) {
		args++;
		nargs--;
	} else {
		nargs = 0;
	}
	numin = nargs + (final ? 1 : 0);
	if (f->variadic && numin < f->nfixed)
		return xerrorf(s, "wrong number of args for %s: want at least %zu got %zu", f->name,
			       f->nfixed, nargs);
	if (!f->variadic && numin != f->nfixed)
		return xerrorf(s, "wrong number of args for %s: want %zu got %zu", f->name,
			       f->nfixed, numin);
	if (fi <= 1) { /* and, or: lazy */
		bool want = fi == 1;
		gv v = {0};

		for (i = 0; i < nargs; i++) {
			if ((rc = eval_arg(s, dot, P_VALUE, args[i], &v)) < 0)
				return rc;
			if (is_true(&v) == want) {
				*out = v;
				return 0;
			}
		}
		if (final)
			v = *final;
		*out = v;
		return 0;
	}
	if (!(argv = calloc(numin ? numin : 1, sizeof(*argv))))
		return xoom(s);
	for (i = 0; i < nargs && rc == 0; i++)
		rc = eval_arg(s, dot, i < f->nfixed ? f->fixed[i] : f->rest, args[i], &argv[n++]);
	if (rc == 0 && final) {
		argv[n] = *final;
		rc = validate(s, n < f->nfixed ? f->fixed[n] : f->rest, &argv[n]);
		n++;
	}
	if (rc == 0) {
		if (fi == 18) { /* call: nothing in JSON data is a function */
			gv fn = ind(&argv[0]);

			if (fn.kind == GV_INVALID) {
				e = "call of nil";
			} else {
				kube_buf b = KUBE_BUF_INIT;

				if (nargs)
					node_string(&b, args[0]);
				else
					value_string(&b, final, 's');
				e = fmsg(s, "non-function %s of type %s", b.failed ? "?" : b.ptr,
					 kgo_type_name(&fn, false));
				kube_buf_release(&b);
			}
		} else {
			e = builtin_fns[fi](s, argv, n, out);
		}
		if (e) {
			s->node = node;
			rc = xerrorf(s, "error calling %s: %s", f->name, e);
		}
	}
	free(argv);
	return rc;
}

static int eval_function(struct tstate *s, const gv *dot, const struct tnode *ident,
			 const struct tnode *cmd, const struct tnode *const *args, size_t nargs,
			 const gv *final, gv *out)
{
	size_t i;

	s->node = ident;
	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (!strcmp(builtins[i].name, ident->text))
			return eval_call(s, dot, i, cmd, args, nargs, final, out);
	return xerrorf(s, "\"%s\" is not a defined function", ident->text);
}

static int eval_arg(struct tstate *s, const gv *dot, enum ptype typ, const struct tnode *n,
		    gv *out)
{
	const struct tnode *self[1] = {n};
	int rc = 0;

	s->node = n;
	memset(out, 0, sizeof(*out));
	switch (n->type) {
	case N_DOT:
		*out = *dot;
		return validate(s, typ, out);
	case N_NIL:
		if (typ == P_STRING)
			return xerrorf(s, "cannot assign nil to string");
		if (typ == P_ANY) {
			out->kind = GV_NIL;
			out->iface = true;
		}
		return 0;
	case N_FIELD:
		s->node = n;
		rc = eval_field_chain(s, dot, *dot, n, n->ident.v, n->ident.n, 1, NULL, out);
		break;
	case N_VARIABLE:
		rc = eval_variable_node(s, dot, n, self, 0, NULL, out);
		break;
	case N_PIPE:
		rc = eval_pipeline(s, dot, n, out);
		break;
	case N_IDENT:
		rc = eval_function(s, dot, n, n, NULL, 0, NULL, out);
		break;
	case N_CHAIN:
		rc = eval_chain_node(s, dot, n, 0, NULL, out);
		break;
	default:
		if (typ == P_STRING) {
			kube_buf b = KUBE_BUF_INIT;

			if (n->type == N_STRING) {
				out->kind = GV_STRING;
				out->s = n->text;
				out->n = n->textlen;
				return 0;
			}
			node_string(&b, n);
			rc = xerrorf(s, "expected string; found %s", b.failed ? "?" : b.ptr);
			kube_buf_release(&b);
			return rc;
		}
		switch (n->type) {
		case N_BOOL:
			set_bool(out, n->b);
			return 0;
		case N_NUMBER:
			return ideal_constant(s, n, out);
		case N_STRING:
			out->kind = GV_STRING;
			out->s = n->text;
			out->n = n->textlen;
			return 0;
		default:
			return xerrorf(s, "can't handle argument");
		}
	}
	if (rc < 0)
		return rc;
	return validate(s, typ, out);
}

static int eval_command(struct tstate *s, const gv *dot, const struct tnode *cmd,
			const gv *final, gv *out)
{
	const struct tnode *first = cmd->kids.v[0];
	const struct tnode *const *args = (const struct tnode *const *)cmd->kids.v;
	size_t nargs = cmd->kids.n;
	int rc;

	memset(out, 0, sizeof(*out));
	switch (first->type) {
	case N_FIELD:
		s->node = first;
		return eval_field_chain(s, dot, *dot, first, first->ident.v, first->ident.n, nargs,
					final, out);
	case N_CHAIN:
		return eval_chain_node(s, dot, first, nargs, final, out);
	case N_IDENT:
		return eval_function(s, dot, first, cmd, args, nargs, final, out);
	case N_PIPE:
		if ((rc = not_a_function(s, args, nargs, final)) < 0)
			return rc;
		return eval_pipeline(s, dot, first, out);
	case N_VARIABLE:
		return eval_variable_node(s, dot, first, args, nargs, final, out);
	default:
		break;
	}
	s->node = first;
	if ((rc = not_a_function(s, args, nargs, final)) < 0)
		return rc;
	switch (first->type) {
	case N_BOOL:
		set_bool(out, first->b);
		return 0;
	case N_DOT:
		*out = *dot;
		return 0;
	case N_NIL:
		return xerrorf(s, "nil is not a command");
	case N_NUMBER:
		return ideal_constant(s, first, out);
	case N_STRING:
		out->kind = GV_STRING;
		out->s = first->text;
		out->n = first->textlen;
		return 0;
	default:
		return xerrorf(s, "can't evaluate command");
	}
}

static int eval_pipeline(struct tstate *s, const gv *dot, const struct tnode *pipe, gv *out)
{
	gv value = {0}, next;
	bool missing = true;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!pipe)
		return 0;
	s->node = pipe;
	for (i = 0; i < pipe->kids.n; i++) {
		rc = eval_command(s, dot, pipe->kids.v[i], missing ? NULL : &value, &next);
		if (rc < 0)
			return rc;
		value = next;
		unwrap(&value);
		missing = false;
	}
	for (i = 0; i < pipe->decl.n; i++) {
		const char *name = pipe->decl.v[i]->ident.v[0];

		rc = pipe->is_assign ? set_var(s, name, &value) : push_var_value(s, name, &value);
		if (rc < 0)
			return rc;
	}
	*out = value;
	return 0;
}

static int print_value(struct tstate *s, const struct tnode *n, const gv *v)
{
	s->node = n;
	if (v->kind == GV_INVALID)
		kube_buf_puts(s->out, "<no value>");
	else
		kgo_fmt_v(s->out, v);
	return s->out->failed ? xoom(s) : 0;
}

static int walk_if_or_with(struct tstate *s, const gv *dot, const struct tnode *n)
{
	size_t mark = s->nvars;
	gv val;
	int rc;

	if ((rc = eval_pipeline(s, dot, n->pipe, &val)) == 0) {
		if (is_true(&val))
			rc = walk(s, n->type == N_WITH ? &val : dot, n->list);
		else if (n->elist)
			rc = walk(s, dot, n->elist);
	}
	s->nvars = mark;
	return rc;
}

static int one_iteration(struct tstate *s, const struct tnode *r, size_t mark, const gv *index,
			 const gv *elem)
{
	const struct nvec *decl = &r->pipe->decl;
	int rc = 0;

	if (decl->n > 0) {
		if (r->pipe->is_assign)
			rc = set_var(s, decl->v[0]->ident.v[0], decl->n > 1 ? index : elem);
		else
			s->vars[s->nvars - 1].v = *elem;
	}
	if (rc == 0 && decl->n > 1) {
		if (r->pipe->is_assign)
			rc = set_var(s, decl->v[1]->ident.v[0], elem);
		else
			s->vars[s->nvars - 2].v = *index;
	}
	if (rc == 0)
		rc = walk(s, elem, r->list);
	s->nvars = mark;
	return rc == WALK_CONTINUE ? 0 : rc;
}

static int walk_range(struct tstate *s, const gv *dot, const struct tnode *r)
{
	size_t mark0 = s->nvars, mark, i, n;
	const cJSON **m = NULL, *c;
	bool ran = false;
	gv val, index, elem;
	int rc;

	s->node = r;
	if ((rc = eval_pipeline(s, dot, r->pipe, &val)) < 0)
		goto out;
	mark = s->nvars;
	switch (val.kind) {
	case GV_INT:
	case GV_INT64:
	case GV_UINT8:
		if (r->pipe->decl.n > 1) {
			rc = xerrorf(s, "can't use %s to iterate over more than one variable",
				     vstr(s, &val, 'v'));
			goto out;
		}
		memset(&index, 0, sizeof(index));
		for (i = 0; (int64_t)i < val.i && rc == 0; i++, ran = true) {
			set_int(&elem, val.kind, (int64_t)i);
			rc = one_iteration(s, r, mark, &index, &elem);
		}
		break;
	case GV_SLICE:
		n = kgo_slice_len(&val);
		for (i = 0, c = val.first; i < n && c && rc == 0; i++, c = c->next, ran = true) {
			set_int(&index, GV_INT, (int64_t)i);
			kgo_from_json_rt(&elem, c, true, true);
			rc = one_iteration(s, r, mark, &index, &elem);
		}
		break;
	case GV_MAP:
		if ((n = kgo_sorted_members(val.j, &m)) == (size_t)-1) {
			rc = xoom(s);
			goto out;
		}
		for (i = 0; i < n && rc == 0; i++, ran = true) {
			memset(&index, 0, sizeof(index));
			index.kind = GV_STRING;
			index.s = m[i]->string;
			index.n = strlen(m[i]->string);
			kgo_from_json_rt(&elem, m[i], true, true);
			rc = one_iteration(s, r, mark, &index, &elem);
		}
		free(m);
		break;
	case GV_INVALID:
		break;
	default:
		rc = xerrorf(s, "range can't iterate over %s", vstr(s, &val, 'v'));
		goto out;
	}
	if (rc == WALK_BREAK)
		rc = 0;
	if (rc == 0 && !ran && r->elist)
		rc = walk(s, dot, r->elist);
out:
	s->nvars = mark0;
	return rc;
}

static const struct tree *lookup(const kube_template *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ntrees; i++)
		if (!strcmp(t->trees[i].name, name))
			return &t->trees[i];
	return NULL;
}

static int walk_template(struct tstate *s, const gv *dot, const struct tnode *n)
{
	const struct tree *tr;
	const char *saved_name = s->tmpl_name;
	size_t saved_base = s->base, saved_n = s->nvars;
	gv d;
	int rc;

	s->node = n;
	if (!(tr = lookup(s->t, n->text)) || !tr->root) {
		char q[256];

		quoted(q, sizeof(q), n->text, n->textlen);
		return xerrorf(s, "template %s not defined", q);
	}
	if (s->depth >= MAX_EXEC_DEPTH)
		return xerrorf(s, "exceeded maximum template depth (%d)", MAX_EXEC_DEPTH);
	if ((rc = eval_pipeline(s, dot, n->pipe, &d)) < 0)
		return rc;
	s->depth++;
	s->base = s->nvars;
	if ((rc = push_var_value(s, "$", &d)) == 0) {
		s->tmpl_name = tr->name;
		rc = walk(s, &d, tr->root);
	}
	s->tmpl_name = saved_name;
	s->base = saved_base;
	s->nvars = saved_n;
	s->depth--;
	return rc;
}

static int walk(struct tstate *s, const gv *dot, const struct tnode *n)
{
	gv val;
	size_t i;
	int rc = 0;

	s->node = n;
	switch (n->type) {
	case N_ACTION:
		if ((rc = eval_pipeline(s, dot, n->pipe, &val)) < 0)
			return rc;
		if (!n->pipe->decl.n)
			return print_value(s, n, &val);
		return 0;
	case N_BREAK:
		return WALK_BREAK;
	case N_CONTINUE:
		return WALK_CONTINUE;
	case N_IF:
	case N_WITH:
		return walk_if_or_with(s, dot, n);
	case N_LIST:
		for (i = 0; i < n->kids.n && rc == 0; i++)
			rc = walk(s, dot, n->kids.v[i]);
		return rc;
	case N_RANGE:
		return walk_range(s, dot, n);
	case N_TEMPLATE:
		return walk_template(s, dot, n);
	case N_TEXT:
		kube_buf_put(s->out, n->text, n->textlen);
		return s->out->failed ? xoom(s) : 0;
	default:
		return 0;
	}
}

int kube_template_execute(const kube_template *t, const kube_obj *data, kube_buf *out,
			  kube_err *err)
{
	struct tstate s;
	const struct tree *main;
	gv root;
	size_t i;
	int rc;

	memset(&s, 0, sizeof(s));
	s.t = t;
	s.tmpl_name = t->name;
	s.out = out;
	s.err = err;
	kgo_from_json_rt(&root, CJ(data), false, true);
	if ((rc = push_var_value(&s, "$", &root)) < 0)
		goto out;
	main = lookup(t, t->name);
	if (!main || !main->root) {
		char q[256];

		quoted(q, sizeof(q), t->name, strlen(t->name));
		rc = xerrorf(&s, "%s is an incomplete or empty template", q);
		goto out;
	}
	rc = walk(&s, &root, main->root);
	if (rc > 0)
		rc = 0;
out:
	for (i = 0; i < s.npool; i++)
		free(s.pool[i]);
	free(s.pool);
	free(s.vars);
	return rc;
}

int kube_template_print(const kube_template *t, const kube_obj *obj, kube_buf *out, kube_err *err)
{
	kube_err inner = KUBE_ERR_INIT;
	kube_buf msg = KUBE_BUF_INIT;
	gv g;
	int rc;

	if ((rc = kube_template_execute(t, obj, out, &inner)) == 0)
		return 0;
	if (rc != KUBE_EINVAL) {
		if (err)
			kube_err_move(err, &inner);
		kube_err_clear(&inner);
		return rc;
	}
	/* kubectl writes its debugging help to the output stream, then fails */
	kgo_from_json_rt(&g, CJ(obj), false, true);
	kube_buf_printf(out, "Error executing template: %s. Printing more information for "
			     "debugging the template:\n\ttemplate was:\n\t\t%s\n"
			     "\traw data was:\n\t\t",
			inner.message, t->text);
	kgo_json(out, CJ(obj), 0, 0);
	kube_buf_puts(out, "\n\tobject given to template engine was:\n\t\t");
	kgo_fmt_v(out, &g);
	kube_buf_puts(out, "\n\n");
	kube_buf_puts(&msg, "error executing template ");
	kgo_quote(&msg, t->text, strlen(t->text), false, '"');
	kube_buf_printf(&msg, ": %s", inner.message);
	kube_err_clear(&inner);
	if (msg.failed || out->failed)
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
	else
		rc = kube_err_set(err, KUBE_EINVAL, "%s", msg.ptr);
	kube_buf_release(&msg);
	return rc;
}
