/* Go's sort.Sort / sort.Slice (pattern-defeating quicksort, as in Go 1.19+): the same order
 * as Go's, ties included, so that output sorted by kubectl and by kubec agrees even where
 * keys are equal. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gosort.h"
#include "banned.h"

struct srt {
	char *base;
	size_t size;
	kgo_less_fn less;
	void *ctx;
	char *tmp;
};

static bool sl(struct srt *s, long i, long j)
{
	return s->less(s->base + (size_t)i * s->size, s->base + (size_t)j * s->size, s->ctx);
}

static void sw(struct srt *s, long i, long j)
{
	char *a = s->base + (size_t)i * s->size, *b = s->base + (size_t)j * s->size;

	if (i == j)
		return;
	memcpy(s->tmp, a, s->size);
	memcpy(a, b, s->size);
	memcpy(b, s->tmp, s->size);
}

static void insertion_sort(struct srt *s, long a, long b)
{
	long i, j;

	for (i = a + 1; i < b; i++)
		for (j = i; j > a && sl(s, j, j - 1); j--)
			sw(s, j, j - 1);
}

static void sift_down(struct srt *s, long lo, long hi, long first)
{
	long root = lo, child;

	for (;;) {
		child = 2 * root + 1;
		if (child >= hi)
			return;
		if (child + 1 < hi && sl(s, first + child, first + child + 1))
			child++;
		if (!sl(s, first + root, first + child))
			return;
		sw(s, first + root, first + child);
		root = child;
	}
}

static void heap_sort(struct srt *s, long a, long b)
{
	long first = a, lo = 0, hi = b - a, i;

	for (i = (hi - 1) / 2; i >= 0; i--)
		sift_down(s, i, hi, first);
	for (i = hi - 1; i >= 0; i--) {
		sw(s, first, first + i);
		sift_down(s, lo, i, first);
	}
}

static int bits_len(unsigned long x)
{
	int n = 0;

	while (x) {
		n++;
		x >>= 1;
	}
	return n;
}

static void break_patterns(struct srt *s, long a, long b)
{
	long length = b - a, idx, other;
	uint64_t random, modulus;

	if (length < 8)
		return;
	random = (uint64_t)length;
	modulus = (uint64_t)1 << bits_len((unsigned long)length);
	for (idx = a + (length / 4) * 2 - 1; idx <= a + (length / 4) * 2 + 1; idx++) {
		random ^= random << 13;
		random ^= random >> 17;
		random ^= random << 5;
		other = (long)(random & (modulus - 1));
		if (other >= length)
			other -= length;
		sw(s, idx, a + other);
	}
}

static void order2(struct srt *s, long *a, long *b, int *swaps)
{
	if (sl(s, *b, *a)) {
		long t = *a;

		(*swaps)++;
		*a = *b;
		*b = t;
	}
}

static long median3(struct srt *s, long a, long b, long c, int *swaps)
{
	order2(s, &a, &b, swaps);
	order2(s, &b, &c, swaps);
	order2(s, &a, &b, swaps);
	return b;
}

enum { HINT_UNKNOWN, HINT_INCREASING, HINT_DECREASING };

static long choose_pivot(struct srt *s, long a, long b, int *hint)
{
	long l = b - a, i, j, k;
	int swaps = 0;

	i = a + l / 4 * 1;
	j = a + l / 4 * 2;
	k = a + l / 4 * 3;
	if (l >= 8) {
		if (l >= 50) {
			i = median3(s, i - 1, i, i + 1, &swaps);
			j = median3(s, j - 1, j, j + 1, &swaps);
			k = median3(s, k - 1, k, k + 1, &swaps);
		}
		j = median3(s, i, j, k, &swaps);
	}
	*hint = swaps == 0 ? HINT_INCREASING : swaps == 12 ? HINT_DECREASING : HINT_UNKNOWN;
	return j;
}

static void reverse_range(struct srt *s, long a, long b)
{
	long i = a, j = b - 1;

	while (i < j)
		sw(s, i++, j--);
}

static bool partial_insertion_sort(struct srt *s, long a, long b)
{
	long i = a + 1, j, k;

	for (j = 0; j < 5; j++) {
		while (i < b && !sl(s, i, i - 1))
			i++;
		if (i == b)
			return true;
		if (b - a < 50)
			return false;
		sw(s, i, i - 1);
		if (i - a >= 2)
			for (k = i - 1; k >= 1; k--) {
				if (!sl(s, k, k - 1))
					break;
				sw(s, k, k - 1);
			}
		if (b - i >= 2)
			for (k = i + 1; k < b; k++) {
				if (!sl(s, k, k - 1))
					break;
				sw(s, k, k - 1);
			}
	}
	return false;
}

static long partition_equal(struct srt *s, long a, long b, long pivot)
{
	long i, j;

	sw(s, a, pivot);
	i = a + 1;
	j = b - 1;
	for (;;) {
		while (i <= j && !sl(s, a, i))
			i++;
		while (i <= j && sl(s, a, j))
			j--;
		if (i > j)
			break;
		sw(s, i, j);
		i++;
		j--;
	}
	return i;
}

static long partition(struct srt *s, long a, long b, long pivot, bool *already)
{
	long i, j;

	sw(s, a, pivot);
	i = a + 1;
	j = b - 1;
	while (i <= j && sl(s, i, a))
		i++;
	while (i <= j && !sl(s, j, a))
		j--;
	if (i > j) {
		sw(s, j, a);
		*already = true;
		return j;
	}
	sw(s, i, j);
	i++;
	j--;
	for (;;) {
		while (i <= j && sl(s, i, a))
			i++;
		while (i <= j && !sl(s, j, a))
			j--;
		if (i > j)
			break;
		sw(s, i, j);
		i++;
		j--;
	}
	sw(s, j, a);
	*already = false;
	return j;
}

static void pdqsort(struct srt *s, long a, long b, int limit)
{
	bool was_balanced = true, was_partitioned = true;

	for (;;) {
		long length = b - a, pivot, mid, left, right;
		int hint;
		bool already;

		if (length <= 12) {
			insertion_sort(s, a, b);
			return;
		}
		if (limit == 0) {
			heap_sort(s, a, b);
			return;
		}
		if (!was_balanced) {
			break_patterns(s, a, b);
			limit--;
		}
		pivot = choose_pivot(s, a, b, &hint);
		if (hint == HINT_DECREASING) {
			reverse_range(s, a, b);
			pivot = (b - 1) - (pivot - a);
			hint = HINT_INCREASING;
		}
		if (was_balanced && was_partitioned && hint == HINT_INCREASING &&
		    partial_insertion_sort(s, a, b))
			return;
		if (a > 0 && !sl(s, a - 1, pivot)) {
			a = partition_equal(s, a, b, pivot);
			continue;
		}
		mid = partition(s, a, b, pivot, &already);
		was_partitioned = already;
		left = mid - a;
		right = b - mid;
		if (left < right) {
			was_balanced = left >= length / 8;
			pdqsort(s, a, mid, limit);
			a = mid + 1;
		} else {
			was_balanced = right >= length / 8;
			pdqsort(s, mid + 1, b, limit);
			b = mid;
		}
	}
}

void kgo_sort(void *base, size_t n, size_t size, kgo_less_fn less, void *ctx)
{
	struct srt s = {base, size, less, ctx, NULL};
	char small[64];

	if (n <= 1)
		return;
	if (size <= sizeof(small))
		s.tmp = small;
	else if (!(s.tmp = malloc(size)))
		return;
	pdqsort(&s, 0, (long)n, bits_len(n));
	if (s.tmp != small)
		free(s.tmp);
}
