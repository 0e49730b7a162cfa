/* resource.Quantity as kubectl's describers use it: parsing (with the rounding of values
 * below a nano unit), canonical String(), Add, Cmp, ScaledValue, and resource lists.
 * Values are kept exactly as v * 10^scale with a 128-bit v, which covers every quantity the
 * API server accepts. */
#include <stdlib.h>
#include <string.h>

#include "describe-internal.h"

#include "banned.h"

typedef __int128 i128;

#define I128_MAX ((i128)(((unsigned __int128)1 << 127) - 1))

void kq_zero(kq *q)
{
	q->v = 0;
	q->scale = 0;
	q->fmt = KQ_DECIMAL_SI;
}

bool kq_is_zero(const kq *q) { return q->v == 0; }

static bool mul10(i128 *v, int times)
{
	while (times-- > 0) {
		if (*v > I128_MAX / 10 || *v < -(I128_MAX / 10))
			return false;
		*v *= 10;
	}
	return true;
}

/* Bring a and b to the same (smaller) scale. */
static bool align(i128 *a, int32_t *sa, i128 *b, int32_t *sb)
{
	if (*sa > *sb) {
		if (!mul10(a, *sa - *sb))
			return false;
		*sa = *sb;
	} else if (*sb > *sa) {
		if (!mul10(b, *sb - *sa))
			return false;
		*sb = *sa;
	}
	return true;
}

static const struct {
	const char *suffix;
	int base; /* 10 or 2 */
	int exponent;
} suffixes[] = {
    {"Ki", 2, 10}, {"Mi", 2, 20}, {"Gi", 2, 30}, {"Ti", 2, 40}, {"Pi", 2, 50}, {"Ei", 2, 60},
    {"n", 10, -9}, {"u", 10, -6}, {"m", 10, -3}, {"", 10, 0},	{"k", 10, 3},  {"M", 10, 6},
    {"G", 10, 9},  {"T", 10, 12}, {"P", 10, 15}, {"E", 10, 18},
};

bool kq_parse(kq *q, const char *s)
{
	const char *p = s, *num, *frac = NULL, *suf;
	size_t nnum, nfrac = 0, i;
	bool neg = false;
	i128 v = 0;
	int32_t scale = 0;
	int base = 10, exponent = 0;
	enum kq_format fmt = KQ_DECIMAL_SI;

	kq_zero(q);
	if (!s || !*s)
		return false;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	num = p;
	while (*p >= '0' && *p <= '9')
		p++;
	nnum = (size_t)(p - num);
	if (*p == '.') {
		frac = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		nfrac = (size_t)(p - frac);
	}
	if (!nnum && !nfrac)
		return false;
	suf = p;
	if ((*suf == 'e' || *suf == 'E') && suf[1]) {
		const char *e = suf + 1;
		bool eneg = false;
		long ev = 0;

		if (*e == '+' || *e == '-')
			eneg = *e++ == '-';
		if (!*e)
			return false;
		for (; *e; e++) {
			if (*e < '0' || *e > '9' || ev > 100000)
				return false;
			ev = ev * 10 + (*e - '0');
		}
		exponent = (int)(eneg ? -ev : ev);
		fmt = KQ_DECIMAL_EXPONENT;
	} else {
		for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
			if (!strcmp(suf, suffixes[i].suffix))
				break;
		if (i == sizeof(suffixes) / sizeof(suffixes[0]))
			return false;
		base = suffixes[i].base;
		exponent = suffixes[i].exponent;
		fmt = base == 2 ? KQ_BINARY_SI : KQ_DECIMAL_SI;
	}
	for (i = 0; i < nnum; i++) {
		if (!mul10(&v, 1))
			return false;
		v += num[i] - '0';
	}
	for (i = 0; i < nfrac; i++) {
		if (!mul10(&v, 1))
			return false;
		v += frac[i] - '0';
	}
	scale = -(int32_t)nfrac;
	if (base == 10) {
		scale += exponent;
	} else {
		for (i = 0; i < (size_t)exponent; i++) {
			if (v > I128_MAX / 2)
				return false;
			v *= 2;
		}
	}
	/* values below a nano unit round up (away from zero) to one */
	if (scale < -9) {
		i128 div = 1, r;
		int32_t k;

		for (k = scale; k < -9; k++) {
			if (div > I128_MAX / 10)
				return false;
			div *= 10;
		}
		r = v % div;
		v /= div;
		if (r)
			v++;
		scale = -9;
	}
	if (fmt == KQ_BINARY_SI && v != 0) {
		/* 0 < |value| < 1 is shown in decimal */
		i128 one = 1;
		int32_t s1 = 0, sv = scale;
		i128 av = v;

		if (align(&av, &sv, &one, &s1) && av < one)
			fmt = KQ_DECIMAL_SI;
	}
	q->v = neg ? -v : v;
	q->scale = scale;
	q->fmt = fmt;
	return true;
}

bool kq_from_obj(kq *q, const kube_obj *v)
{
	if (kube_obj_type_of(v) == KUBE_OBJ_NUMBER)
		return kq_parse(q, kube_obj_number_text(v));
	if (kube_obj_str(v))
		return kq_parse(q, kube_obj_str(v));
	kq_zero(q);
	return false;
}

static void put_i128(kube_buf *b, i128 v)
{
	char tmp[64];
	int n = 0;
	bool neg = v < 0;
	unsigned __int128 u = neg ? (unsigned __int128)(-(v + 1)) + 1 : (unsigned __int128)v;

	do {
		tmp[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	if (neg)
		kube_buf_putc(b, '-');
	while (n)
		kube_buf_putc(b, tmp[--n]);
}

/* Is the value an integer? Then *out is it. */
static bool as_integer(const kq *q, i128 *out)
{
	i128 v = q->v;
	int32_t s = q->scale;

	while (s < 0) {
		if (v % 10)
			return false;
		v /= 10;
		s++;
	}
	if (!mul10(&v, s))
		return false;
	*out = v;
	return true;
}

void kq_string(kube_buf *b, const kq *q)
{
	enum kq_format fmt = q->fmt;
	i128 v, ival = 0;
	int32_t exp;

	if (q->v == 0) {
		kube_buf_putc(b, '0');
		return;
	}
	if (fmt == KQ_BINARY_SI) {
		i128 lim = 1024, av = q->v < 0 ? -q->v : q->v;
		int32_t sl = 0, sv = q->scale;

		if (align(&av, &sv, &lim, &sl) && av < lim)
			fmt = KQ_DECIMAL_SI;
		else if (!as_integer(q, &ival))
			fmt = KQ_DECIMAL_SI;
	}
	if (fmt == KQ_BINARY_SI) {
		int e = 0;
		static const char *const bin[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

		while (ival % 1024 == 0 && e < 6) {
			ival /= 1024;
			e++;
		}
		put_i128(b, ival);
		kube_buf_puts(b, bin[e]);
		return;
	}
	v = q->v;
	exp = q->scale;
	while (v % 10 == 0) {
		v /= 10;
		exp++;
	}
	while (((exp % 3) + 3) % 3 != 0) {
		v *= 10;
		exp--;
	}
	put_i128(b, v);
	if (fmt == KQ_DECIMAL_EXPONENT) {
		if (exp)
			kube_buf_printf(b, "e%d", exp);
		return;
	}
	switch (exp) {
	case -9:
		kube_buf_putc(b, 'n');
		break;
	case -6:
		kube_buf_putc(b, 'u');
		break;
	case -3:
		kube_buf_putc(b, 'm');
		break;
	case 3:
		kube_buf_putc(b, 'k');
		break;
	case 6:
		kube_buf_putc(b, 'M');
		break;
	case 9:
		kube_buf_putc(b, 'G');
		break;
	case 12:
		kube_buf_putc(b, 'T');
		break;
	case 15:
		kube_buf_putc(b, 'P');
		break;
	case 18:
		kube_buf_putc(b, 'E');
		break;
	default:
		break;
	}
}

void kq_add(kq *q, const kq *y)
{
	i128 a = q->v, b = y->v;
	int32_t sa = q->scale, sb = y->scale;

	if (q->v == 0)
		q->fmt = y->fmt;
	if (!align(&a, &sa, &b, &sb))
		return;
	q->v = a + b;
	q->scale = sa;
}

int kq_cmp(const kq *x, const kq *y)
{
	i128 a = x->v, b = y->v;
	int32_t sa = x->scale, sb = y->scale;

	if (!align(&a, &sa, &b, &sb)) {
		/* only when the scales are far apart: compare the signs, then the scales */
		if ((a < 0) != (b < 0))
			return a < 0 ? -1 : 1;
		return x->scale > y->scale ? (a < 0 ? -1 : 1) : (a < 0 ? 1 : -1);
	}
	return a < b ? -1 : a > b ? 1 : 0;
}

int64_t kq_scaled(const kq *q, int32_t scale)
{
	i128 v = q->v;
	int32_t s = q->scale;

	if (s >= scale) {
		if (!mul10(&v, s - scale))
			return v < 0 ? INT64_MIN : INT64_MAX;
	} else {
		i128 div = 1, r;

		while (s < scale) {
			if (div > I128_MAX / 10)
				return 0;
			div *= 10;
			s++;
		}
		r = v % div;
		v /= div;
		if (r > 0)
			v++;
		else if (r < 0)
			v--;
	}
	if (v > INT64_MAX)
		return INT64_MAX;
	if (v < INT64_MIN)
		return INT64_MIN;
	return (int64_t)v;
}

/* ---- resource lists ---- */

kq *kq_list_find(struct kq_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->names[i], name))
			return &l->q[i];
	return NULL;
}

void kq_list_set(struct kq_list *l, const char *name, const kq *q, bool *oom)
{
	kq *cur = kq_list_find(l, name);

	if (cur) {
		*cur = *q;
		return;
	}
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 8;
		char **nn = realloc(l->names, nc * sizeof(*nn));
		kq *nq;

		if (!nn) {
			*oom = true;
			return;
		}
		l->names = nn;
		if (!(nq = realloc(l->q, nc * sizeof(*nq)))) {
			*oom = true;
			return;
		}
		l->q = nq;
		l->cap = nc;
	}
	if (!(l->names[l->n] = strdup(name))) {
		*oom = true;
		return;
	}
	l->q[l->n++] = *q;
}

void kq_list_add_obj(struct kq_list *l, const kube_obj *rl, bool *oom)
{
	const kube_obj *m;

	kube_obj_foreach(m, rl) {
		kq q, *cur;

		kq_from_obj(&q, m);
		if ((cur = kq_list_find(l, kube_obj_key(m))))
			kq_add(cur, &q);
		else
			kq_list_set(l, kube_obj_key(m), &q, oom);
	}
}

void kq_list_add(struct kq_list *l, const struct kq_list *o, bool *oom)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		kq *cur = kq_list_find(l, o->names[i]);

		if (cur)
			kq_add(cur, &o->q[i]);
		else
			kq_list_set(l, o->names[i], &o->q[i], oom);
	}
}

void kq_list_max(struct kq_list *l, const struct kq_list *o, bool *oom)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		kq *cur = kq_list_find(l, o->names[i]);

		if (!cur || kq_cmp(&o->q[i], cur) > 0)
			kq_list_set(l, o->names[i], &o->q[i], oom);
	}
}

void kq_list_release(struct kq_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	free(l->q);
	memset(l, 0, sizeof(*l));
}
