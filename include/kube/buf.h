/* kube_buf: a growable, NUL-terminated byte buffer with a hard size cap and sticky failure.
 *
 * Invariants: ptr is never NULL and always NUL-terminated (KUBE_BUF_INIT points at a shared
 * empty string); after an allocation failure or when max would be exceeded, `failed` is set and
 * later appends do nothing. Check once with kube_buf_check(). */
#ifndef KUBE_BUF_H
#define KUBE_BUF_H

#include <stdarg.h>
#include <kube/common.h>
#include <kube/err.h>

KUBE_BEGIN_DECLS

#define KUBE_BUF_DEFAULT_MAX ((size_t)1 << 30)

typedef struct kube_buf {
	char *ptr;
	size_t len, cap;
	size_t max;  /* hard cap; 0 means KUBE_BUF_DEFAULT_MAX */
	bool failed; /* sticky: OOM or cap exceeded */
	bool toobig; /* failed because of max */
} kube_buf;

KUBE_EXTERN extern char kube_buf__empty[];
#define KUBE_BUF_INIT {kube_buf__empty, 0, 0, 0, false, false}

KUBE_EXTERN void kube_buf_init(kube_buf *b, size_t max);
KUBE_EXTERN bool kube_buf_grow(kube_buf *b, size_t extra);
KUBE_EXTERN void kube_buf_put(kube_buf *b, const void *p, size_t n);
KUBE_EXTERN void kube_buf_puts(kube_buf *b, const char *s);
KUBE_EXTERN void kube_buf_putc(kube_buf *b, char c);
KUBE_EXTERN void kube_buf_printf(kube_buf *b, const char *fmt, ...) KUBE_PRINTF(2, 3);
KUBE_EXTERN void kube_buf_vprintf(kube_buf *b, const char *fmt, va_list ap);
/* Append s percent-encoded as a URL path segment / a query value (Go url.Values.Encode rules:
 * space becomes '+'). */
KUBE_EXTERN void kube_buf_put_pathseg(kube_buf *b, const char *s);
KUBE_EXTERN void kube_buf_put_query(kube_buf *b, const char *s);
KUBE_EXTERN void kube_buf_truncate(kube_buf *b, size_t len);
/* 0, or KUBE_ENOMEM / KUBE_EDECODE (cap exceeded) with err filled. */
KUBE_EXTERN int kube_buf_check(const kube_buf *b, kube_err *err);
/* Hand over the memory (caller frees with free()); NULL if the buffer failed. b is reset. */
KUBE_EXTERN char *kube_buf_detach(kube_buf *b, size_t *len);
/* Free and reset to KUBE_BUF_INIT (keeping max). */
KUBE_EXTERN void kube_buf_release(kube_buf *b);
/* Overwrite the contents with zeros, then release (for secrets). */
KUBE_EXTERN void kube_buf_wipe(kube_buf *b);

KUBE_END_DECLS
#endif
