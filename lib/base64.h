/* Internal to libkube: base64 as Go's encoding/base64 StdEncoding reads it. */
#ifndef KUBE_BASE64_H
#define KUBE_BASE64_H

#include <stdbool.h>
#include <stddef.h>

#include <kube/buf.h>

/* The value of one standard-alphabet character, -1 for anything else ('=' included). */
int kube__b64_val(unsigned char c);
/* base64.StdEncoding.DecodeString: padding required, CR and LF ignored, nothing but line
 * breaks after the padding. Appends to out; false when s is not valid base64 (an allocation
 * failure shows in out->failed instead). */
bool kube__b64_decode_std(kube_buf *out, const char *s, size_t n);

#endif
