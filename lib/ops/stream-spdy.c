/* SPDY/3.1 framing, the part kubectl's port-forward uses (SYN_STREAM, SYN_REPLY, DATA,
 * RST_STREAM, PING, GOAWAY; SETTINGS, HEADERS and WINDOW_UPDATE are read and ignored, as
 * spdystream does). Received header blocks are never needed and never decompressed; sent ones
 * are zlib streams with the SPDY/3 dictionary made of stored (uncompressed) deflate blocks. */
#include <stdint.h>
#include <string.h>

#include "stream-internal.h"
#include "banned.h"

/* Adler-32 of the SPDY/3 header dictionary (1423 bytes, draft 3 section 2.6.10.1): the DICTID
 * a zlib stream names it by. */
#define SPDY3_DICT_ADLER 0xe3c6a7c2u

static void be32(kube_buf *b, uint32_t v)
{
	unsigned char c[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 8), (unsigned char)v};

	kube_buf_put(b, c, 4);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void control_head(kube_buf *b, int type, unsigned flags, size_t len)
{
	unsigned char h[8] = {0x80,
			      3,
			      0,
			      (unsigned char)type,
			      (unsigned char)flags,
			      (unsigned char)(len >> 16),
			      (unsigned char)(len >> 8),
			      (unsigned char)len};

	kube_buf_put(b, h, 8);
}

long spdy_parse(const unsigned char *p, size_t n, struct spdy_frame *f)
{
	size_t len;

	if (n < 8)
		return 0;
	len = (size_t)p[5] << 16 | (size_t)p[6] << 8 | p[7];
	if (n < 8 + len)
		return 0;
	memset(f, 0, sizeof(*f));
	f->flags = p[4];
	if (!(p[0] & 0x80)) {
		f->stream_id = get32(p) & 0x7fffffffu;
		f->data = p + 8;
		f->len = len;
		return (long)(8 + len);
	}
	f->control = true;
	if ((((unsigned)p[0] & 0x7f) << 8 | p[1]) != 3)
		return -1;
	f->type = p[2] << 8 | p[3];
	switch (f->type) {
	case SPDY_SYN_STREAM:
	case SPDY_SYN_REPLY:
	case SPDY_HEADERS:
	case SPDY_WINDOW_UPDATE:
		if (len < 4)
			return -1;
		f->stream_id = get32(p + 8) & 0x7fffffffu;
		if (f->type == SPDY_WINDOW_UPDATE && len >= 8)
			f->value = get32(p + 12) & 0x7fffffffu;
		break;
	case SPDY_RST_STREAM:
		if (len < 8)
			return -1;
		f->stream_id = get32(p + 8) & 0x7fffffffu;
		f->value = get32(p + 12);
		break;
	case SPDY_PING:
		if (len < 4)
			return -1;
		f->value = get32(p + 8);
		break;
	case SPDY_GOAWAY:
		if (len < 8)
			return -1;
		f->stream_id = get32(p + 8) & 0x7fffffffu;
		f->value = get32(p + 12);
		break;
	default:
		break;
	}
	f->data = p + 8;
	f->len = len;
	return (long)(8 + len);
}

/* The header block: count, then length-prefixed names and values, as one stored deflate block
 * of the connection's zlib stream (with the zlib header before the first one). */
static void header_block(kube_buf *out, struct spdy_out *z, const char *const *h, size_t npairs)
{
	kube_buf raw = KUBE_BUF_INIT;
	size_t i;

	be32(&raw, (uint32_t)npairs);
	for (i = 0; i < 2 * npairs; i++) {
		be32(&raw, (uint32_t)strlen(h[i]));
		kube_buf_puts(&raw, h[i]);
	}
	if (!z->started) {
		/* CMF 0x78 (deflate, 32 KiB window), FLG 0xbb (FDICT, level 2, check bits) */
		kube_buf_put(out, "\x78\xbb", 2);
		be32(out, SPDY3_DICT_ADLER);
		z->started = true;
	}
	{
		/* BFINAL 0, BTYPE 00 (stored), then LEN and NLEN little-endian */
		unsigned char sb[5] = {0, (unsigned char)raw.len, (unsigned char)(raw.len >> 8),
				       (unsigned char)~raw.len, (unsigned char)(~raw.len >> 8)};

		kube_buf_put(out, sb, 5);
	}
	kube_buf_put(out, raw.ptr, raw.len);
	/* a sync flush (an empty stored block), as zlib's Z_SYNC_FLUSH ends a header block: Go's
	 * inflater hands out a stored block's bytes only once the next block begins */
	kube_buf_put(out, "\0\0\0\xff\xff", 5);
	if (raw.failed)
		out->failed = true;
	kube_buf_release(&raw);
}

void spdy_syn_stream(kube_buf *out, struct spdy_out *z, uint32_t id, const char *const *headers,
		     size_t npairs, unsigned flags)
{
	kube_buf block = KUBE_BUF_INIT;

	header_block(&block, z, headers, npairs);
	control_head(out, SPDY_SYN_STREAM, flags, 10 + block.len);
	be32(out, id & 0x7fffffffu);
	be32(out, 0);		      /* associated-to stream */
	kube_buf_put(out, "\0\0", 2); /* priority 0, slot 0 */
	kube_buf_put(out, block.ptr, block.len);
	if (block.failed)
		out->failed = true;
	kube_buf_release(&block);
}

void spdy_data(kube_buf *out, uint32_t id, unsigned flags, const void *data, size_t len)
{
	unsigned char h[4] = {(unsigned char)flags, (unsigned char)(len >> 16),
			      (unsigned char)(len >> 8), (unsigned char)len};

	be32(out, id & 0x7fffffffu);
	kube_buf_put(out, h, 4);
	kube_buf_put(out, data, len);
}

void spdy_rst_stream(kube_buf *out, uint32_t id, uint32_t status)
{
	control_head(out, SPDY_RST_STREAM, 0, 8);
	be32(out, id & 0x7fffffffu);
	be32(out, status);
}

void spdy_ping(kube_buf *out, uint32_t id)
{
	control_head(out, SPDY_PING, 0, 4);
	be32(out, id);
}

void spdy_goaway(kube_buf *out, uint32_t last_good, uint32_t status)
{
	control_head(out, SPDY_GOAWAY, 0, 8);
	be32(out, last_good & 0x7fffffffu);
	be32(out, status);
}
