/* kube_obj: a cJSON tree underneath. Numbers are cJSON_Number nodes whose valuestring holds the
 * exact source text, so int64 values beyond 2^53 survive a round trip. The parser is our own
 * (cJSON's would turn every number into a double); printing follows Go's encoding/json. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <kube/obj.h>

#include "obj-internal.h"
#include "banned.h"

#define MAX_DEPTH 1000

static char *xstrndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* ---- construction ---- */

kube_obj *kube_obj_new_object(void)
{
	return K(cJSON_CreateObject());
}

kube_obj *kube_obj_new_array(void)
{
	return K(cJSON_CreateArray());
}

kube_obj *kube_obj_new_stringn(const char *s, size_t n)
{
	cJSON *j = cJSON_CreateNull();

	if (!j)
		return NULL;
	if (!(j->valuestring = xstrndup(s, n))) {
		cJSON_Delete(j);
		return NULL;
	}
	j->type = cJSON_String;
	return K(j);
}

kube_obj *kube_obj_new_string(const char *s)
{
	return kube_obj_new_stringn(s, strlen(s));
}

kube_obj *kube_obj_new_number_text(const char *text)
{
	cJSON *j = cJSON_CreateNumber(strtod(text, NULL));

	if (!j)
		return NULL;
	if (!(j->valuestring = xstrndup(text, strlen(text)))) {
		cJSON_Delete(j);
		return NULL;
	}
	return K(j);
}

kube_obj *kube_obj_new_int(int64_t v)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
	return kube_obj_new_number_text(tmp);
}

kube_obj *kube_obj_new_bool(bool v)
{
	return K(cJSON_CreateBool(v));
}

kube_obj *kube_obj_new_null(void)
{
	return K(cJSON_CreateNull());
}

void kube_obj_free(kube_obj *o)
{
	if (o)
		cJSON_Delete(J(o));
}

int kube_obj_dup(kube_obj **out, const kube_obj *o, kube_err *err)
{
	cJSON *d;
	const cJSON *s, *c;

	*out = NULL;
	if (!o)
		return 0;
	s = CJ(o);
	switch (s->type & 0xff) {
	case cJSON_Number:
		*out = kube_obj_new_number_text(s->valuestring ? s->valuestring : "0");
		break;
	case cJSON_String:
		*out = kube_obj_new_string(s->valuestring);
		break;
	case cJSON_Array:
	case cJSON_Object:
		d = (s->type & 0xff) == cJSON_Array ? cJSON_CreateArray() : cJSON_CreateObject();
		if (!d)
			break;
		for (c = s->child; c; c = c->next) {
			kube_obj *cc;

			if (kube_obj_dup(&cc, CK(c), err) < 0) {
				cJSON_Delete(d);
				return KUBE_ENOMEM;
			}
			if (c->string) {
				J(cc)->string = xstrndup(c->string, strlen(c->string));
				if (!J(cc)->string) {
					kube_obj_free(cc);
					cJSON_Delete(d);
					return kube_err_set(err, KUBE_ENOMEM, "out of memory");
				}
			}
			cJSON_AddItemToArray(d, J(cc)); /* keeps ->string */
		}
		*out = K(d);
		break;
	default:
		d = cJSON_Duplicate((cJSON *)(uintptr_t)s, false);
		/* cJSON_Duplicate copies the member's key too: a copy stands alone */
		if (d && d->string) {
			if (!(d->type & cJSON_StringIsConst))
				free(d->string);
			d->string = NULL;
			d->type &= ~cJSON_StringIsConst;
		}
		*out = K(d);
	}
	if (!*out)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	return 0;
}

int kube_obj_set_take(kube_obj *o, const char *key, kube_obj *v)
{
	cJSON *obj = J(o), *c;

	if (!v)
		return KUBE_ENOMEM;
	if (!obj || !cJSON_IsObject(obj)) {
		kube_obj_free(v);
		return KUBE_EINVAL;
	}
	for (c = obj->child; c; c = c->next)
		if (c->string && !strcmp(c->string, key))
			break;
	if (c) {
		if (!cJSON_ReplaceItemInObjectCaseSensitive(obj, key, J(v))) {
			kube_obj_free(v);
			return KUBE_ENOMEM;
		}
		return 0;
	}
	if (!cJSON_AddItemToObject(obj, key, J(v))) {
		kube_obj_free(v);
		return KUBE_ENOMEM;
	}
	return 0;
}

int kube_obj_set_str(kube_obj *o, const char *key, const char *s)
{
	return kube_obj_set_take(o, key, kube_obj_new_string(s));
}

int kube_obj_append_take(kube_obj *a, kube_obj *v)
{
	if (!v)
		return KUBE_ENOMEM;
	if (!a || !cJSON_IsArray(J(a))) {
		kube_obj_free(v);
		return KUBE_EINVAL;
	}
	/* An element detached from an object may still carry its key. */
	if (J(v)->string && !(J(v)->type & cJSON_StringIsConst))
		free(J(v)->string);
	J(v)->string = NULL;
	cJSON_AddItemToArray(J(a), J(v));
	return 0;
}

void kube_obj_remove(kube_obj *o, const char *key)
{
	if (o && cJSON_IsObject(J(o)))
		cJSON_DeleteItemFromObjectCaseSensitive(J(o), key);
}

kube_obj *kube_obj_detach(kube_obj *o, const char *key)
{
	if (!o || !cJSON_IsObject(J(o)))
		return NULL;
	return K(cJSON_DetachItemFromObjectCaseSensitive(J(o), key));
}

kube_obj *kube_obj_detach_at(kube_obj *a, size_t i)
{
	if (!a || !cJSON_IsArray(J(a)) || i > (size_t)INT32_MAX)
		return NULL;
	return K(cJSON_DetachItemFromArray(J(a), (int)i));
}

/* ---- inspection ---- */

kube_obj_type kube_obj_type_of(const kube_obj *o)
{
	if (!o)
		return KUBE_OBJ_INVALID;
	switch (CJ(o)->type & 0xff) {
	case cJSON_NULL:
		return KUBE_OBJ_NULL;
	case cJSON_True:
	case cJSON_False:
		return KUBE_OBJ_BOOL;
	case cJSON_Number:
		return KUBE_OBJ_NUMBER;
	case cJSON_String:
	case cJSON_Raw:
		return KUBE_OBJ_STRING;
	case cJSON_Array:
		return KUBE_OBJ_ARRAY;
	case cJSON_Object:
		return KUBE_OBJ_OBJECT;
	}
	return KUBE_OBJ_INVALID;
}

const kube_obj *kube_obj_get(const kube_obj *o, const char *key)
{
	const cJSON *c;

	if (!o || !cJSON_IsObject(CJ(o)))
		return NULL;
	for (c = CJ(o)->child; c; c = c->next)
		if (c->string && !strcmp(c->string, key))
			return CK(c);
	return NULL;
}

kube_obj *kube_obj_get_mut(kube_obj *o, const char *key)
{
	return (kube_obj *)kube_obj_get(o, key);
}

static const kube_obj *path_v(const kube_obj *o, va_list ap)
{
	const char *k;

	while (o && (k = va_arg(ap, const char *)) != NULL)
		o = kube_obj_get(o, k);
	return o;
}

const kube_obj *kube_obj_path(const kube_obj *o, ...)
{
	va_list ap;

	va_start(ap, o);
	o = path_v(o, ap);
	va_end(ap);
	return o;
}

const char *kube_obj_path_str(const kube_obj *o, ...)
{
	va_list ap;
	const char *k;

	va_start(ap, o);
	while (o && (k = va_arg(ap, const char *)) != NULL)
		o = kube_obj_get(o, k);
	va_end(ap);
	return kube_obj_str(o);
}

size_t kube_obj_len(const kube_obj *o)
{
	size_t n = 0;
	const cJSON *c;

	if (!o || !(cJSON_IsObject(CJ(o)) || cJSON_IsArray(CJ(o))))
		return 0;
	for (c = CJ(o)->child; c; c = c->next)
		n++;
	return n;
}

const kube_obj *kube_obj_at(const kube_obj *o, size_t i)
{
	const cJSON *c;

	if (!o || !(cJSON_IsObject(CJ(o)) || cJSON_IsArray(CJ(o))))
		return NULL;
	for (c = CJ(o)->child; c && i; c = c->next)
		i--;
	return CK(c);
}

const kube_obj *kube_obj_first(const kube_obj *o)
{
	if (!o || !(cJSON_IsObject(CJ(o)) || cJSON_IsArray(CJ(o))))
		return NULL;
	return CK(CJ(o)->child);
}

const kube_obj *kube_obj_next(const kube_obj *o)
{
	return o ? CK(CJ(o)->next) : NULL;
}

const char *kube_obj_key(const kube_obj *member)
{
	return member ? CJ(member)->string : NULL;
}

const char *kube_obj_str(const kube_obj *o)
{
	return o && cJSON_IsString(CJ(o)) ? CJ(o)->valuestring : NULL;
}

const char *kube_obj_number_text(const kube_obj *o)
{
	return o && cJSON_IsNumber(CJ(o)) ? CJ(o)->valuestring : NULL;
}

double kube_obj_double(const kube_obj *o)
{
	return o && cJSON_IsNumber(CJ(o)) ? CJ(o)->valuedouble : 0;
}

int kube_obj_int64(const kube_obj *o, int64_t *out)
{
	const char *t = kube_obj_number_text(o);
	char *end;
	long long v;

	if (!t)
		return KUBE_EINVAL;
	errno = 0;
	v = strtoll(t, &end, 10);
	if (errno || *end) {
		/* 1e3 or 5.0 are integers too when exact */
		double d = CJ(o)->valuedouble;

		if (d != floor(d) || fabs(d) > 9007199254740992.0)
			return KUBE_EINVAL;
		v = (long long)d;
	}
	*out = v;
	return 0;
}

bool kube_obj_bool(const kube_obj *o)
{
	return o && cJSON_IsTrue(CJ(o));
}

bool kube_obj_equal(const kube_obj *a, const kube_obj *b)
{
	const cJSON *x = CJ(a), *y = CJ(b), *c;

	if (!x || !y)
		return x == y;
	if (kube_obj_type_of(a) != kube_obj_type_of(b))
		return false;
	switch (x->type & 0xff) {
	case cJSON_True:
	case cJSON_False:
		return (x->type & 0xff) == (y->type & 0xff);
	case cJSON_NULL:
		return true;
	case cJSON_Number:
		if (x->valuestring && y->valuestring && !strcmp(x->valuestring, y->valuestring))
			return true;
		return x->valuedouble == y->valuedouble;
	case cJSON_String:
		return !strcmp(x->valuestring, y->valuestring);
	case cJSON_Array:
		for (x = x->child, y = y->child; x && y; x = x->next, y = y->next)
			if (!kube_obj_equal(CK(x), CK(y)))
				return false;
		return !x && !y;
	case cJSON_Object:
		if (kube_obj_len(a) != kube_obj_len(b))
			return false;
		for (c = x->child; c; c = c->next) {
			const kube_obj *o = kube_obj_get(b, c->string);

			if (!o || !kube_obj_equal(CK(c), o))
				return false;
		}
		return true;
	}
	return false;
}

/* ---- parsing ---- */

struct parser {
	const char *p, *end, *start;
	kube_err *err;
	int depth;
};

/* Errors are worded as Go's encoding/json words them: "invalid character 'x' <context>", or
 * "unexpected end of JSON input" when the input stops early. */
static int perr(struct parser *ps, const char *what)
{
	kube_buf q = KUBE_BUF_INIT;
	unsigned char c;
	int rc;

	if (ps->p >= ps->end)
		return kube_err_set(ps->err, KUBE_EDECODE, "unexpected end of JSON input");
	c = (unsigned char)*ps->p;
	if (c == '\'')
		kube_buf_puts(&q, "'\\''");
	else if (c == '"')
		kube_buf_puts(&q, "'\"'");
	else if (c >= 0x20 && c < 0x7f)
		kube_buf_printf(&q, "'%c'", c);
	else if (c == '\n')
		kube_buf_puts(&q, "'\\n'");
	else if (c == '\t')
		kube_buf_puts(&q, "'\\t'");
	else if (c == '\r')
		kube_buf_puts(&q, "'\\r'");
	else
		kube_buf_printf(&q, "'\\x%02x'", c);
	rc = kube_err_set(ps->err, KUBE_EDECODE, "invalid character %s %s", q.ptr, what);
	kube_buf_release(&q);
	return rc;
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void put_utf8(kube_buf *b, unsigned cp)
{
	char u[4];

	if (cp < 0x80) {
		kube_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		kube_buf_put(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		kube_buf_put(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		kube_buf_put(b, u, 4);
	}
}

/* Parse a string at ps->p (which points at '"'); on success *out is malloc'ed. */
static int parse_string(struct parser *ps, char **out, size_t *outlen)
{
	kube_buf b = KUBE_BUF_INIT;
	const char *p = ps->p + 1, *run;

	*out = NULL;
	for (;;) {
		run = p;
		while (p < ps->end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
			p++;
		kube_buf_put(&b, run, (size_t)(p - run));
		if (p >= ps->end) {
			ps->p = p;
			kube_buf_release(&b);
			return perr(ps, "in string literal");
		}
		if (*p == '"')
			break;
		if ((unsigned char)*p < 0x20) {
			ps->p = p;
			kube_buf_release(&b);
			return perr(ps, "in string literal");
		}
		/* backslash */
		if (p + 1 >= ps->end) {
			ps->p = p;
			kube_buf_release(&b);
			return perr(ps, "in string escape code");
		}
		p++;
		switch (*p) {
		case '"': kube_buf_putc(&b, '"'); break;
		case '\\': kube_buf_putc(&b, '\\'); break;
		case '/': kube_buf_putc(&b, '/'); break;
		case 'b': kube_buf_putc(&b, '\b'); break;
		case 'f': kube_buf_putc(&b, '\f'); break;
		case 'n': kube_buf_putc(&b, '\n'); break;
		case 'r': kube_buf_putc(&b, '\r'); break;
		case 't': kube_buf_putc(&b, '\t'); break;
		case 'u': {
			unsigned cp, lo;

			if (ps->end - p < 5 || hex4(p + 1, &cp) < 0) {
				ps->p = p;
				kube_buf_release(&b);
				return perr(ps, "in \\u hexadecimal character escape");
			}
			p += 4;
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (ps->end - p >= 7 && p[1] == '\\' && p[2] == 'u' &&
				    hex4(p + 3, &lo) == 0 && lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					p += 6;
				} else {
					cp = 0xfffd;
				}
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				cp = 0xfffd;
			}
			put_utf8(&b, cp);
			break;
		}
		default:
			ps->p = p;
			kube_buf_release(&b);
			return perr(ps, "in string escape code");
		}
		p++;
	}
	ps->p = p + 1;
	if (kube_buf_check(&b, ps->err) < 0) {
		kube_buf_release(&b);
		return KUBE_ENOMEM;
	}
	*out = kube_buf_detach(&b, outlen);
	return *out ? 0 : kube_err_set(ps->err, KUBE_ENOMEM, "out of memory");
}

static int parse_value(struct parser *ps, cJSON **out);

static int parse_number(struct parser *ps, cJSON **out)
{
	const char *s = ps->p, *p = ps->p;
	char *text;
	cJSON *j;

	if (p < ps->end && *p == '-')
		p++;
	if (p >= ps->end || !(*p >= '0' && *p <= '9'))
		return perr(ps, "in numeric literal");
	if (*p == '0')
		p++;
	else
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	if (p < ps->end && *p == '.') {
		p++;
		if (p >= ps->end || !(*p >= '0' && *p <= '9'))
			return perr(ps, "in numeric literal");
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < ps->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < ps->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= ps->end || !(*p >= '0' && *p <= '9'))
			return perr(ps, "in numeric literal");
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (!(text = xstrndup(s, (size_t)(p - s))))
		return kube_err_set(ps->err, KUBE_ENOMEM, "out of memory");
	if (!(j = cJSON_CreateNumber(strtod(text, NULL)))) {
		free(text);
		return kube_err_set(ps->err, KUBE_ENOMEM, "out of memory");
	}
	j->valuestring = text;
	ps->p = p;
	*out = j;
	return 0;
}

static int parse_container(struct parser *ps, cJSON **out, bool is_obj)
{
	cJSON *c = is_obj ? cJSON_CreateObject() : cJSON_CreateArray(), *last = NULL, *v;
	int rc;

	if (!c)
		return kube_err_set(ps->err, KUBE_ENOMEM, "out of memory");
	if (++ps->depth > MAX_DEPTH) {
		cJSON_Delete(c);
		return perr(ps, "exceeded max depth");
	}
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == (is_obj ? '}' : ']')) {
		ps->p++;
		goto done;
	}
	for (;;) {
		char *key = NULL;

		skip_ws(ps);
		if (is_obj) {
			if (ps->p >= ps->end || *ps->p != '"') {
				rc = perr(ps, "looking for beginning of object key string");
				goto fail;
			}
			if ((rc = parse_string(ps, &key, NULL)) < 0)
				goto fail;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				free(key);
				rc = perr(ps, "after object key");
				goto fail;
			}
			ps->p++;
		}
		if ((rc = parse_value(ps, &v)) < 0) {
			free(key);
			goto fail;
		}
		v->string = key;
		if (last) {
			last->next = v;
			v->prev = last;
		} else {
			c->child = v;
		}
		c->child->prev = v;
		last = v;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == (is_obj ? '}' : ']')) {
			ps->p++;
			break;
		}
		rc = perr(ps, is_obj ? "after object key:value pair" : "after array element");
		goto fail;
	}
done:
	ps->depth--;
	*out = c;
	return 0;
fail:
	cJSON_Delete(c);
	return rc;
}

static int parse_value(struct parser *ps, cJSON **out)
{
	cJSON *j;
	char *s;
	int rc;

	*out = NULL;
	skip_ws(ps);
	if (ps->p >= ps->end)
		return perr(ps, "looking for beginning of value");
	switch (*ps->p) {
	case '{':
		return parse_container(ps, out, true);
	case '[':
		return parse_container(ps, out, false);
	case '"':
		if ((rc = parse_string(ps, &s, NULL)) < 0)
			return rc;
		if (!(j = cJSON_CreateNull())) {
			free(s);
			return kube_err_set(ps->err, KUBE_ENOMEM, "out of memory");
		}
		j->type = cJSON_String;
		j->valuestring = s;
		*out = j;
		return 0;
	case 't':
		if (ps->end - ps->p >= 4 && !memcmp(ps->p, "true", 4)) {
			ps->p += 4;
			*out = cJSON_CreateTrue();
			goto check;
		}
		break;
	case 'f':
		if (ps->end - ps->p >= 5 && !memcmp(ps->p, "false", 5)) {
			ps->p += 5;
			*out = cJSON_CreateFalse();
			goto check;
		}
		break;
	case 'n':
		if (ps->end - ps->p >= 4 && !memcmp(ps->p, "null", 4)) {
			ps->p += 4;
			*out = cJSON_CreateNull();
			goto check;
		}
		break;
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return parse_number(ps, out);
	}
	return perr(ps, "looking for beginning of value");
check:
	return *out ? 0 : kube_err_set(ps->err, KUBE_ENOMEM, "out of memory");
}

int kube_obj_parse_json(kube_obj **out, const char *s, size_t len, kube_err *err)
{
	struct parser ps = {s, s + len, s, err, 0};
	cJSON *j;
	int rc;

	*out = NULL;
	if ((rc = parse_value(&ps, &j)) < 0)
		return rc;
	skip_ws(&ps);
	if (ps.p != ps.end) {
		cJSON_Delete(j);
		return perr(&ps, "after top-level value");
	}
	*out = K(j);
	return 0;
}

/* ---- printing (Go encoding/json) ---- */

void kube_json_write_string(kube_buf *out, const char *s, size_t len, unsigned flags)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *end = p + len, *run;

	kube_buf_putc(out, '"');
	while (p < end) {
		run = p;
		while (p < end && *p >= 0x20 && *p != '"' && *p != '\\' && *p < 0x80 &&
		       !((flags & KUBE_JSON_HTML_ESCAPE) && (*p == '<' || *p == '>' || *p == '&')))
			p++;
		kube_buf_put(out, run, (size_t)(p - run));
		if (p >= end)
			break;
		if (*p >= 0x80) {
			/* validate one UTF-8 sequence; invalid bytes become U+FFFD as in Go */
			size_t n = 0;
			unsigned cp = 0;

			if ((*p & 0xe0) == 0xc0)
				n = 2, cp = *p & 0x1f;
			else if ((*p & 0xf0) == 0xe0)
				n = 3, cp = *p & 0x0f;
			else if ((*p & 0xf8) == 0xf0)
				n = 4, cp = *p & 0x07;
			if (n && (size_t)(end - p) >= n) {
				size_t i;

				for (i = 1; i < n; i++) {
					if ((p[i] & 0xc0) != 0x80)
						break;
					cp = (cp << 6) | (p[i] & 0x3f);
				}
				if (i == n && !(n == 2 && cp < 0x80) && !(n == 3 && cp < 0x800) &&
				    !(n == 4 && (cp < 0x10000 || cp > 0x10ffff)) &&
				    !(cp >= 0xd800 && cp < 0xe000)) {
					if (cp == 0x2028 || cp == 0x2029)
						kube_buf_printf(out, "\\u%04x", cp);
					else
						kube_buf_put(out, p, n);
					p += n;
					continue;
				}
			}
			kube_buf_puts(out, "\\ufffd");
			p++;
			continue;
		}
		switch (*p) {
		case '"': kube_buf_puts(out, "\\\""); break;
		case '\\': kube_buf_puts(out, "\\\\"); break;
		case '\b': kube_buf_puts(out, "\\b"); break;
		case '\f': kube_buf_puts(out, "\\f"); break;
		case '\n': kube_buf_puts(out, "\\n"); break;
		case '\r': kube_buf_puts(out, "\\r"); break;
		case '\t': kube_buf_puts(out, "\\t"); break;
		default: {
			char e[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};

			kube_buf_put(out, e, 6);
		}
		}
		p++;
	}
	kube_buf_putc(out, '"');
}

static void indent(kube_buf *out, unsigned flags, int depth)
{
	int i, w = (flags & KUBE_JSON_INDENT2) ? 2 : 4;

	kube_buf_putc(out, '\n');
	for (i = 0; i < depth * w; i++)
		kube_buf_putc(out, ' ');
}

static int cmp_keys(const void *a, const void *b)
{
	return strcmp((*(const cJSON *const *)a)->string, (*(const cJSON *const *)b)->string);
}

static void write_value(kube_buf *out, const cJSON *j, unsigned flags, int depth);

static void write_member(kube_buf *out, const cJSON *c, unsigned flags, int depth, bool first,
			 bool pretty)
{
	if (!first)
		kube_buf_putc(out, ',');
	if (pretty)
		indent(out, flags, depth + 1);
	kube_json_write_string(out, c->string, strlen(c->string), flags);
	kube_buf_puts(out, pretty ? ": " : ":");
	write_value(out, c, flags, depth + 1);
}

static void write_value(kube_buf *out, const cJSON *j, unsigned flags, int depth)
{
	bool pretty = flags & (KUBE_JSON_INDENT | KUBE_JSON_INDENT2);
	const cJSON *c;

	switch (j->type & 0xff) {
	case cJSON_NULL:
		kube_buf_puts(out, "null");
		return;
	case cJSON_True:
		kube_buf_puts(out, "true");
		return;
	case cJSON_False:
		kube_buf_puts(out, "false");
		return;
	case cJSON_Number:
		if (j->valuestring)
			kube_buf_puts(out, j->valuestring);
		else
			kube_buf_printf(out, "%.17g", j->valuedouble);
		return;
	case cJSON_String:
	case cJSON_Raw:
		kube_json_write_string(out, j->valuestring, strlen(j->valuestring), flags);
		return;
	case cJSON_Array:
		if (!j->child) {
			kube_buf_puts(out, "[]");
			return;
		}
		kube_buf_putc(out, '[');
		for (c = j->child; c; c = c->next) {
			if (c != j->child)
				kube_buf_putc(out, ',');
			if (pretty)
				indent(out, flags, depth + 1);
			write_value(out, c, flags, depth + 1);
		}
		if (pretty)
			indent(out, flags, depth);
		kube_buf_putc(out, ']');
		return;
	case cJSON_Object:
		if (!j->child) {
			kube_buf_puts(out, "{}");
			return;
		}
		kube_buf_putc(out, '{');
		if (flags & KUBE_JSON_SORT_KEYS) {
			size_t n = 0, i;
			const cJSON **v;

			for (c = j->child; c; c = c->next)
				n++;
			v = malloc(n * sizeof(*v));
			if (!v) {
				out->failed = true;
				return;
			}
			for (i = 0, c = j->child; c; c = c->next)
				v[i++] = c;
			qsort(v, n, sizeof(*v), cmp_keys);
			for (i = 0; i < n; i++)
				write_member(out, v[i], flags, depth, i == 0, pretty);
			free(v);
		} else {
			for (c = j->child; c; c = c->next)
				write_member(out, c, flags, depth, c == j->child, pretty);
		}
		if (pretty)
			indent(out, flags, depth);
		kube_buf_putc(out, '}');
		return;
	}
}

void kube_json_write(kube_buf *out, const kube_obj *o, unsigned flags)
{
	kube_json_write_at(out, o, flags, 0);
}

void kube_json_write_at(kube_buf *out, const kube_obj *o, unsigned flags, int depth)
{
	if (!o) {
		kube_buf_puts(out, "null");
		return;
	}
	write_value(out, CJ(o), flags, depth);
}
