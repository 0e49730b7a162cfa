/* A WebSocket client connection over a kube_upgrade: send queue, reading with the control
 * frames handled as gorilla/websocket does (pings answered, close frames echoed), heartbeat. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stream-internal.h"
#include "banned.h"

int64_t stream_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int stream_write_all(int fd, const void *p, size_t n, const volatile int *stop)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0) {
			if (errno == EINTR && !(stop && *stop))
				continue;
			return -errno;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

int ws_open(struct ws_conn *w, const kube_client_opts *conn, const kube_upgrade_request *req,
	    kube_err *err)
{
	int rc;

	memset(w, 0, sizeof(*w));
	w->out = (kube_buf)KUBE_BUF_INIT;
	w->close_reason = (kube_buf)KUBE_BUF_INIT;
	kube_ws_reader_init(&w->rd, false, 0);
	if ((rc = kube_upgrade_open(&w->u, conn, req, err)) < 0)
		return rc;
	w->last_rx = w->last_ping = stream_now_ms();
	w->heartbeat = true;
	return 0;
}

void ws_release(struct ws_conn *w)
{
	kube_upgrade_free(w->u);
	w->u = NULL;
	kube_ws_reader_release(&w->rd);
	kube_buf_release(&w->out);
	kube_buf_release(&w->close_reason);
}

static void compact(struct ws_conn *w)
{
	if (w->out_off && w->out_off == w->out.len) {
		kube_buf_truncate(&w->out, 0);
		w->out_off = 0;
	}
}

void ws_send_channel(struct ws_conn *w, int channel, const void *data, size_t len)
{
	unsigned char mask[4];

	compact(w);
	kube_ws_mask_key(mask);
	kube_channel_frame(&w->out, channel, data, len, mask);
}

void ws_send_binary(struct ws_conn *w, const void *data, size_t len)
{
	unsigned char mask[4];

	compact(w);
	kube_ws_mask_key(mask);
	kube_ws_frame(&w->out, KUBE_WS_BINARY, true, data, len, mask);
}

void ws_send_close(struct ws_conn *w, int code)
{
	unsigned char mask[4];

	if (w->close_sent)
		return;
	compact(w);
	kube_ws_mask_key(mask);
	kube_ws_close_frame(&w->out, code, NULL, mask);
	w->close_sent = true;
}

size_t ws_pending(const struct ws_conn *w)
{
	return w->out.len - w->out_off + (w->u ? kube_upgrade_unsent(w->u) : 0);
}

int ws_flush(struct ws_conn *w, kube_err *err)
{
	int rc;

	if (w->out.failed)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	while (w->out_off < w->out.len || kube_upgrade_unsent(w->u)) {
		size_t n = 0;

		if ((rc = kube_upgrade_send(w->u, w->out.ptr + w->out_off, w->out.len - w->out_off,
					    &n, err)) < 0)
			return rc;
		if (n == 0)
			break;
		w->out_off += n;
	}
	compact(w);
	return 0;
}

bool ws_done(const struct ws_conn *w)
{
	return w->close_code != 0 || w->eof;
}

int ws_pump(struct ws_conn *w, ws_message_fn fn, void *payload, kube_err *err)
{
	unsigned char buf[65536];
	kube_ws_event ev;
	int rc, r;

	w->drained = false;
	while (!ws_done(w)) {
		size_t n = 0;
		bool eof = false;

		if ((rc = kube_upgrade_recv(w->u, buf, sizeof(buf), &n, &eof, err)) < 0)
			return rc;
		if (eof) {
			w->eof = true;
			break;
		}
		if (n == 0) {
			w->drained = true;
			break;
		}
		w->last_rx = stream_now_ms();
		if ((rc = kube_ws_reader_feed(&w->rd, buf, n, err)) < 0)
			return rc;
		while (!ws_done(w) && (r = kube_ws_reader_next(&w->rd, &ev, err)) != 0) {
			if (r < 0)
				return r;
			switch (ev.opcode) {
			case KUBE_WS_PING: {
				unsigned char mask[4];

				compact(w);
				kube_ws_mask_key(mask);
				kube_ws_frame(&w->out, KUBE_WS_PONG, true, ev.data, ev.len, mask);
				break;
			}
			case KUBE_WS_PONG:
				break;
			case KUBE_WS_CLOSE:
				w->close_code = ev.close_code;
				kube_buf_put(&w->close_reason, ev.close_reason,
					     ev.close_reason_len);
				/* gorilla echoes the code (1000 for a close without one) */
				ws_send_close(w, ev.close_code == KUBE_WS_CLOSE_NO_STATUS
						     ? KUBE_WS_CLOSE_NORMAL
						     : ev.close_code);
				break;
			default:
				if ((rc = fn(payload, ev.opcode, ev.data, ev.len, err)) < 0)
					return rc;
			}
		}
	}
	return 0;
}

int ws_heartbeat(struct ws_conn *w, int64_t now, int *wait_ms, kube_err *err)
{
	int64_t next;

	if (!w->heartbeat || ws_done(w))
		return 0;
	if (now - w->last_rx >= WS_READ_DEADLINE_MS)
		return kube_err_set(err, KUBE_ETRANSPORT, "read tcp %s->%s: i/o timeout",
				    kube_upgrade_local_addr(w->u), kube_upgrade_remote_addr(w->u));
	if (now - w->last_ping >= WS_PING_PERIOD_MS) {
		unsigned char mask[4];

		compact(w);
		kube_ws_mask_key(mask);
		kube_ws_frame(&w->out, KUBE_WS_PING, true, NULL, 0, mask);
		w->last_ping = now;
	}
	next = w->last_ping + WS_PING_PERIOD_MS - now;
	if (w->last_rx + WS_READ_DEADLINE_MS - now < next)
		next = w->last_rx + WS_READ_DEADLINE_MS - now;
	if (next < 0)
		next = 0;
	if (*wait_ms < 0 || next < *wait_ms)
		*wait_ms = (int)next;
	return 0;
}

int ws_end_error(const struct ws_conn *w, kube_err *err)
{
	kube_buf m = KUBE_BUF_INIT;
	int rc;

	if (w->close_code == KUBE_WS_CLOSE_NORMAL)
		return 0;
	if (w->close_code)
		kube_ws_close_text(&m, w->close_code, w->close_reason.ptr, w->close_reason.len);
	else
		kube_ws_close_text(&m, KUBE_WS_CLOSE_ABNORMAL, "unexpected EOF", 14);
	rc = kube_err_set(err, KUBE_ETRANSPORT, "%s", m.failed ? "websocket: close" : m.ptr);
	kube_buf_release(&m);
	return rc;
}
