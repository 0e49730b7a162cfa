/* kube_buf implementation; see include/kube/buf.h for the invariants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kube/buf.h>

#include "banned.h"

char kube_buf__empty[1];

static size_t buf_max(const kube_buf *b)
{
	return b->max ? b->max : KUBE_BUF_DEFAULT_MAX;
}

void kube_buf_init(kube_buf *b, size_t max)
{
	b->ptr = kube_buf__empty;
	b->len = b->cap = 0;
	b->max = max;
	b->failed = b->toobig = false;
}

bool kube_buf_grow(kube_buf *b, size_t extra)
{
	size_t need, ncap;
	char *p;

	if (b->failed)
		return false;
	if (extra > buf_max(b) || b->len > buf_max(b) - extra) {
		b->failed = b->toobig = true;
		return false;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	p = b->cap ? realloc(b->ptr, ncap) : malloc(ncap);
	if (!p) {
		b->failed = true;
		return false;
	}
	if (!b->cap)
		p[0] = '\0';
	b->ptr = p;
	b->cap = ncap;
	return true;
}

void kube_buf_put(kube_buf *b, const void *p, size_t n)
{
	if (!n || !kube_buf_grow(b, n))
		return;
	memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void kube_buf_puts(kube_buf *b, const char *s)
{
	kube_buf_put(b, s, strlen(s));
}

void kube_buf_putc(kube_buf *b, char c)
{
	if (!kube_buf_grow(b, 1))
		return;
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

void kube_buf_vprintf(kube_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->failed)
		return;
	va_copy(cp, ap);
	n = vsnprintf(b->ptr + b->len, b->cap > b->len ? b->cap - b->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (b->cap > b->len && (size_t)n < b->cap - b->len) {
		b->len += (size_t)n;
		return;
	}
	if (!kube_buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, ap);
	b->len += (size_t)n;
}

void kube_buf_printf(kube_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kube_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

static void put_escaped(kube_buf *b, const char *s, const char *keep, bool plus)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr(keep, *p)) {
			kube_buf_putc(b, (char)*p);
		} else if (plus && *p == ' ') {
			kube_buf_putc(b, '+');
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			kube_buf_put(b, e, 3);
		}
	}
}

void kube_buf_put_pathseg(kube_buf *b, const char *s)
{
	/* Go's url.PathEscape: unreserved plus sub-delims allowed in a segment. */
	put_escaped(b, s, "-_.~$&+=:@", false);
}

void kube_buf_put_query(kube_buf *b, const char *s)
{
	/* Go's url.QueryEscape. */
	put_escaped(b, s, "-_.~", true);
}

void kube_buf_truncate(kube_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->ptr[len] = '\0';
	}
}

int kube_buf_check(const kube_buf *b, kube_err *err)
{
	if (!b->failed)
		return 0;
	if (b->toobig)
		return kube_err_set(err, KUBE_EDECODE, "response too large (over %zu bytes)", buf_max(b));
	return kube_err_set(err, KUBE_ENOMEM, "out of memory");
}

char *kube_buf_detach(kube_buf *b, size_t *len)
{
	char *p;
	size_t max = b->max;

	if (b->failed) {
		kube_buf_release(b);
		return NULL;
	}
	p = b->cap ? b->ptr : calloc(1, 1);
	if (len)
		*len = b->cap ? b->len : 0;
	kube_buf_init(b, max);
	return p;
}

void kube_buf_release(kube_buf *b)
{
	size_t max = b->max;

	if (b->cap)
		free(b->ptr);
	kube_buf_init(b, max);
}

void kube_buf_wipe(kube_buf *b)
{
	if (b->cap) {
		volatile char *p = b->ptr;
		size_t i;

		for (i = 0; i < b->cap; i++)
			p[i] = 0;
	}
	kube_buf_release(b);
}
