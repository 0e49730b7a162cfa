/* RFC 6455 framing and the Kubernetes channel protocol (v4/v5.channel.k8s.io) on top of it.
 * Pure functions over buffers: the connection itself is a kube_upgrade. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <kube/stream.h>

#include "banned.h"

#define DEFAULT_MAX_MESSAGE ((size_t)64 << 20)

void kube_ws_mask_key(unsigned char mask[4])
{
	if (getrandom(mask, 4, GRND_NONBLOCK) != 4) {
		static unsigned long x = 0x9e3779b97f4a7c15UL;
		size_t i;

		for (i = 0; i < 4; i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			mask[i] = (unsigned char)(x >> 33);
		}
	}
}

/* Frame head into h; returns its length. */
static size_t frame_head(unsigned char h[14], int opcode, bool fin, size_t len,
			 const unsigned char *mask)
{
	size_t n = 2;
	int i;

	h[0] = (unsigned char)((fin ? 0x80 : 0) | (opcode & 0x0f));
	h[1] = mask ? 0x80 : 0;
	if (len < 126) {
		h[1] |= (unsigned char)len;
	} else if (len <= 0xffff) {
		h[1] |= 126;
		h[2] = (unsigned char)(len >> 8);
		h[3] = (unsigned char)len;
		n = 4;
	} else {
		h[1] |= 127;
		for (i = 0; i < 8; i++)
			h[2 + i] = (unsigned char)((uint64_t)len >> (56 - 8 * i));
		n = 10;
	}
	if (mask) {
		memcpy(h + n, mask, 4);
		n += 4;
	}
	return n;
}

/* Append a frame whose payload is the concatenation of two parts (channel byte + data). */
static void frame2(kube_buf *out, int opcode, bool fin, const void *a, size_t alen, const void *b,
		   size_t blen, const unsigned char *mask)
{
	unsigned char h[14];
	size_t hn = frame_head(h, opcode, fin, alen + blen, mask), start, i;

	kube_buf_put(out, h, hn);
	start = out->len;
	kube_buf_put(out, a, alen);
	kube_buf_put(out, b, blen);
	if (mask && !out->failed)
		for (i = 0; i < alen + blen; i++)
			out->ptr[start + i] ^= (char)mask[i & 3];
}

void kube_ws_frame(kube_buf *out, int opcode, bool fin, const void *data, size_t len,
		   const unsigned char *mask)
{
	frame2(out, opcode, fin, data, len, NULL, 0, mask);
}

void kube_ws_close_frame(kube_buf *out, int code, const char *reason, const unsigned char *mask)
{
	unsigned char c[2];
	size_t rl = reason ? strlen(reason) : 0;

	if (code <= 0) {
		kube_ws_frame(out, KUBE_WS_CLOSE, true, NULL, 0, mask);
		return;
	}
	if (rl > 123)
		rl = 123;
	c[0] = (unsigned char)(code >> 8);
	c[1] = (unsigned char)code;
	frame2(out, KUBE_WS_CLOSE, true, c, 2, reason, rl, mask);
}

void kube_ws_close_text(kube_buf *out, int code, const char *reason, size_t len)
{
	static const struct {
		int code;
		const char *name;
	} names[] = {
	    {1000, "normal"},
	    {1001, "going away"},
	    {1002, "protocol error"},
	    {1003, "unsupported data"},
	    {1005, "no status"},
	    {1006, "abnormal closure"},
	    {1007, "invalid payload data"},
	    {1008, "policy violation"},
	    {1009, "message too big"},
	    {1010, "mandatory extension missing"},
	    {1011, "internal server error"},
	    {1015, "TLS handshake"},
	};
	size_t i;

	kube_buf_printf(out, "websocket: close %d", code);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].code == code)
			kube_buf_printf(out, " (%s)", names[i].name);
	if (len) {
		kube_buf_puts(out, ": ");
		kube_buf_put(out, reason, len);
	}
}

/* ---- reader ---- */

void kube_ws_reader_init(kube_ws_reader *r, bool server, size_t max_message)
{
	memset(r, 0, sizeof(*r));
	r->in = (kube_buf)KUBE_BUF_INIT;
	r->msg = (kube_buf)KUBE_BUF_INIT;
	r->server = server;
	r->max_message = max_message ? max_message : DEFAULT_MAX_MESSAGE;
}

void kube_ws_reader_release(kube_ws_reader *r)
{
	kube_buf_release(&r->in);
	kube_buf_release(&r->msg);
	r->off = 0;
	r->msg_opcode = 0;
}

int kube_ws_reader_feed(kube_ws_reader *r, const void *data, size_t len, kube_err *err)
{
	if (r->off > 0 && r->off == r->in.len) {
		kube_buf_truncate(&r->in, 0);
		r->off = 0;
	} else if (r->off > 65536 && r->off * 2 > r->in.len) {
		memmove(r->in.ptr, r->in.ptr + r->off, r->in.len - r->off);
		kube_buf_truncate(&r->in, r->in.len - r->off);
		r->off = 0;
	}
	kube_buf_put(&r->in, data, len);
	return kube_buf_check(&r->in, err);
}

static bool valid_close_code(int c)
{
	return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1014) || (c >= 3000 && c <= 4999);
}

static bool valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k, need;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			need = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			need = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			need = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + need >= n)
			return false;
		for (k = 1; k <= need; k++) {
			if (i + k >= n || (s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
		    (need == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += need + 1;
	}
	return true;
}

static int proto_error(kube_err *err, const char *what)
{
	return kube_err_set(err, KUBE_EDECODE, "websocket: %s", what);
}

int kube_ws_reader_next(kube_ws_reader *r, kube_ws_event *ev, kube_err *err)
{
	for (;;) {
		const unsigned char *p = (const unsigned char *)r->in.ptr + r->off;
		size_t avail = r->in.len - r->off, hn = 2, i;
		uint64_t len;
		bool fin, masked;
		int opcode;
		unsigned char *payload;
		const unsigned char *mask = NULL;

		if (r->msg_opcode < 0) {
			/* the reassembled message was handed out last time */
			kube_buf_truncate(&r->msg, 0);
			r->msg_opcode = 0;
		}
		if (avail < 2)
			return 0;
		fin = p[0] & 0x80;
		opcode = p[0] & 0x0f;
		masked = p[1] & 0x80;
		len = p[1] & 0x7f;
		if (p[0] & 0x70) {
			char what[48];

			snprintf(what, sizeof(what), "unexpected reserved bits 0x%02x",
				 p[0] & 0x70);
			return proto_error(err, what);
		}
		switch (opcode) {
		case KUBE_WS_CLOSE:
		case KUBE_WS_PING:
		case KUBE_WS_PONG:
			if (len > 125)
				return proto_error(err, "control frame length > 125");
			if (!fin)
				return proto_error(err, "control frame not final");
			break;
		case KUBE_WS_TEXT:
		case KUBE_WS_BINARY:
			if (r->msg_opcode > 0)
				return proto_error(err, "message start before final message frame");
			break;
		case KUBE_WS_CONTINUATION:
			if (r->msg_opcode <= 0)
				return proto_error(err, "continuation after final message frame");
			break;
		default: {
			char what[32];

			snprintf(what, sizeof(what), "unknown opcode %d", opcode);
			return proto_error(err, what);
		}
		}
		if (len == 126) {
			if (avail < 4)
				return 0;
			len = (uint64_t)p[2] << 8 | p[3];
			hn = 4;
		} else if (len == 127) {
			if (avail < 10)
				return 0;
			for (len = 0, i = 0; i < 8; i++)
				len = len << 8 | p[2 + i];
			hn = 10;
			if (len >> 63)
				return proto_error(err, "invalid payload length");
		}
		if (masked != r->server)
			return proto_error(err, "incorrect mask flag");
		if (len > r->max_message || r->msg.len + len > r->max_message)
			return kube_err_set(err, KUBE_EDECODE, "websocket: read limit exceeded");
		if (masked) {
			if (avail < hn + 4)
				return 0;
			mask = p + hn;
			hn += 4;
		}
		if (avail - hn < len)
			return 0;
		payload = (unsigned char *)r->in.ptr + r->off + hn;
		if (mask)
			for (i = 0; i < len; i++)
				payload[i] ^= mask[i & 3];
		r->off += hn + (size_t)len;
		memset(ev, 0, sizeof(*ev));
		switch (opcode) {
		case KUBE_WS_CLOSE:
			ev->opcode = KUBE_WS_CLOSE;
			ev->close_code = KUBE_WS_CLOSE_NO_STATUS;
			if (len >= 2) {
				ev->close_code = payload[0] << 8 | payload[1];
				if (!valid_close_code(ev->close_code)) {
					char what[32];

					snprintf(what, sizeof(what), "bad close code %d",
						 ev->close_code);
					return proto_error(err, what);
				}
				if (!valid_utf8(payload + 2, (size_t)len - 2))
					return proto_error(err,
							   "invalid utf8 payload in close frame");
				ev->close_reason = (const char *)payload + 2;
				ev->close_reason_len = (size_t)len - 2;
			}
			ev->data = payload;
			ev->len = (size_t)len;
			return 1;
		case KUBE_WS_PING:
		case KUBE_WS_PONG:
			ev->opcode = opcode;
			ev->data = payload;
			ev->len = (size_t)len;
			return 1;
		case KUBE_WS_CONTINUATION:
			kube_buf_put(&r->msg, payload, (size_t)len);
			if (kube_buf_check(&r->msg, err) < 0)
				return err ? err->code : KUBE_ENOMEM;
			if (!fin)
				continue;
			ev->opcode = r->msg_opcode;
			ev->data = (const unsigned char *)r->msg.ptr;
			ev->len = r->msg.len;
			r->msg_opcode = -1;
			return 1;
		default:
			if (!fin) {
				kube_buf_truncate(&r->msg, 0);
				kube_buf_put(&r->msg, payload, (size_t)len);
				if (kube_buf_check(&r->msg, err) < 0)
					return err ? err->code : KUBE_ENOMEM;
				r->msg_opcode = opcode;
				continue;
			}
			ev->opcode = opcode;
			ev->data = payload;
			ev->len = (size_t)len;
			return 1;
		}
	}
}

/* ---- channels ---- */

void kube_channel_frame(kube_buf *out, int channel, const void *data, size_t len,
			const unsigned char *mask)
{
	unsigned char c = (unsigned char)channel;

	frame2(out, KUBE_WS_BINARY, true, &c, 1, data, len, mask);
}

void kube_channel_resize(kube_buf *out, unsigned width, unsigned height, const unsigned char *mask)
{
	char json[64];
	int n = snprintf(json, sizeof(json), "{\"Width\":%u,\"Height\":%u}", width, height);

	kube_channel_frame(out, KUBE_CHANNEL_RESIZE, json, (size_t)n, mask);
}

void kube_channel_close(kube_buf *out, int channel, const unsigned char *mask)
{
	unsigned char m[2] = {KUBE_CHANNEL_CLOSE, (unsigned char)channel};

	kube_ws_frame(out, KUBE_WS_BINARY, true, m, 2, mask);
}

int kube_channel_status(int *exit_code, const char *data, size_t len, kube_err *err)
{
	kube_obj *st = NULL;
	kube_err perr = KUBE_ERR_INIT;
	const kube_obj *causes, *c;
	const char *status, *reason, *msg;
	int rc;
	size_t i;

	*exit_code = 0;
	if (kube_obj_parse_json(&st, data, len, &perr) < 0 ||
	    kube_obj_type_of(st) != KUBE_OBJ_OBJECT) {
		kube_buf q = KUBE_BUF_INIT;
		char *tmp = malloc(len + 1);

		if (tmp) {
			memcpy(tmp, data, len);
			tmp[len] = '\0';
			kube_go_quote(&q, tmp);
			free(tmp);
		}
		rc = kube_err_set(err, KUBE_EDECODE, "error stream protocol error: %s in %s",
				  perr.message ? perr.message : "invalid JSON", q.ptr);
		kube_buf_release(&q);
		kube_err_clear(&perr);
		kube_obj_free(st);
		return rc;
	}
	status = kube_obj_path_str(st, "status", NULL);
	reason = kube_obj_path_str(st, "reason", NULL);
	msg = kube_obj_path_str(st, "message", NULL);
	if (status && !strcmp(status, "Success")) {
		rc = 0;
		goto out;
	}
	if (!status || strcmp(status, "Failure")) {
		rc = kube_err_set(err, KUBE_ERROR, "error stream protocol error: unknown error");
		goto out;
	}
	if (reason && !strcmp(reason, "NonZeroExitCode")) {
		if (!kube_obj_get(st, "details") ||
		    kube_obj_type_of(kube_obj_get(st, "details")) == KUBE_OBJ_NULL) {
			rc = kube_err_set(err, KUBE_ERROR,
					  "error stream protocol error: details must be set");
			goto out;
		}
		causes = kube_obj_path(st, "details", "causes", NULL);
		for (i = 0; causes && i < kube_obj_len(causes); i++) {
			const char *cr, *cm;
			char *end;
			unsigned long v;

			c = kube_obj_at(causes, i);
			cr = kube_obj_path_str(c, "reason", NULL);
			if (!cr || strcmp(cr, "ExitCode"))
				continue;
			cm = kube_obj_path_str(c, "message", NULL);
			v = cm && *cm && *cm != '-' && *cm != '+' ? strtoul(cm, &end, 10) : 256;
			if (!cm || !*cm || *end || v > 255) {
				kube_buf q = KUBE_BUF_INIT;

				kube_go_quote(&q, cm ? cm : "");
				rc = kube_err_set(err, KUBE_ERROR,
						  "error stream protocol error: "
						  "invalid exit code value %s",
						  q.ptr);
				kube_buf_release(&q);
				goto out;
			}
			*exit_code = (int)v;
			rc = 0;
			goto out;
		}
		rc = kube_err_set(err, KUBE_ERROR,
				  "error stream protocol error: no ExitCode cause given");
		goto out;
	}
	rc = kube_err_set(err, KUBE_ERROR, "%s", msg ? msg : "");
out:
	kube_obj_free(st);
	return rc;
}
