/* Internal to libkube: Go's unstable sort, reproduced. */
#ifndef KUBE_GOSORT_H
#define KUBE_GOSORT_H

#include <stdbool.h>
#include <stddef.h>

typedef bool (*kgo_less_fn)(const void *a, const void *b, void *ctx);
/* sort.Sort / sort.Slice of n elements of size bytes at base with less: Go's pdqsort,
 * element moves included, so equal elements end where Go leaves them. */
void kgo_sort(void *base, size_t n, size_t size, kgo_less_fn less, void *ctx);

#endif
