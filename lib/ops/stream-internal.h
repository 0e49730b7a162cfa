/* Private to lib/ops/stream*.c, logs.c and portforward.c: a WebSocket connection over a
 * kube_upgrade with its send queue, and small shared helpers. */
#ifndef KUBE_STREAM_INTERNAL_H
#define KUBE_STREAM_INTERNAL_H

#include <stdint.h>

#include <kube/stream.h>
#include <kube/upgrade.h>

/* client-go's websocket heartbeat: a ping every 5 s, and the connection counts as dead when
 * nothing (not even a pong) arrived for 61 s. */
#define WS_PING_PERIOD_MS 5000
#define WS_READ_DEADLINE_MS 61000
/* Stop reading local input while this much is queued for the server. */
#define WS_OUT_HIGH ((size_t)1 << 20)

struct ws_conn {
	kube_upgrade *u;
	kube_ws_reader rd;
	kube_buf out; /* encoded frames not sent yet, from out_off */
	size_t out_off;
	bool eof; /* the peer closed the TCP connection */
	bool close_sent;
	int close_code; /* 0 until a close frame arrived */
	kube_buf close_reason;
	bool drained; /* the last recv found nothing: poll() before reading again */
	int64_t last_rx, last_ping;
	bool heartbeat; /* send pings and enforce the read deadline */
};

/* Called with each data message (BINARY or TEXT) of the connection. */
typedef int (*ws_message_fn)(void *payload, int opcode, const unsigned char *data, size_t len,
			     kube_err *err);

int ws_open(struct ws_conn *w, const kube_client_opts *conn, const kube_upgrade_request *req,
	    kube_err *err);
void ws_release(struct ws_conn *w);
/* Queue frames (masked with a fresh key each). */
void ws_send_channel(struct ws_conn *w, int channel, const void *data, size_t len);
void ws_send_binary(struct ws_conn *w, const void *data, size_t len);
void ws_send_close(struct ws_conn *w, int code);
size_t ws_pending(const struct ws_conn *w);
/* Send what the socket takes now. */
int ws_flush(struct ws_conn *w, kube_err *err);
/* Read what is there and hand data messages to fn; answers pings, records close frames. After
 * a close frame or EOF nothing more is read. Errors: the connection broke (KUBE_ETRANSPORT),
 * a protocol error (KUBE_EDECODE) or fn's. */
int ws_pump(struct ws_conn *w, ws_message_fn fn, void *payload, kube_err *err);
/* Heartbeat: queue a ping when one is due; returns KUBE_ETRANSPORT when the read deadline
 * passed. *wait_ms is lowered to the time until the next ping. */
int ws_heartbeat(struct ws_conn *w, int64_t now, int *wait_ms, kube_err *err);
/* Whether the connection is over (close frame received, or EOF). */
bool ws_done(const struct ws_conn *w);
/* The error readers see when the connection ended, as gorilla words it; 0 for a normal close
 * (code 1000). Fills err with "websocket: close 1006 (abnormal closure): unexpected EOF"
 * (KUBE_ETRANSPORT) and friends. */
int ws_end_error(const struct ws_conn *w, kube_err *err);

/* The server refused a WebSocket upgrade (why holds its answer): ask again the way kubectl's
 * fallback does (a SPDY upgrade POST) and, when that is refused too, take its answer instead,
 * which is the one kubectl prints ("cannot create resource ..."). */
void stream_upgrade_refused(const kube_client_opts *conn, const kube_upgrade_request *req,
			    kube_err *why);

/* ---- SPDY/3.1 framing (stream-spdy.c), for port-forward's tunnel ---- */

enum spdy_type {
	SPDY_SYN_STREAM = 1,
	SPDY_SYN_REPLY = 2,
	SPDY_RST_STREAM = 3,
	SPDY_SETTINGS = 4,
	SPDY_PING = 6,
	SPDY_GOAWAY = 7,
	SPDY_HEADERS = 8,
	SPDY_WINDOW_UPDATE = 9,
};
#define SPDY_FLAG_FIN 0x01
#define SPDY_RST_CANCEL 5
#define SPDY_MAX_DATA 32768

struct spdy_frame {
	bool control;
	int type; /* control frames */
	unsigned flags;
	uint32_t stream_id; /* DATA, SYN_STREAM, SYN_REPLY, RST_STREAM, HEADERS, WINDOW_UPDATE */
	uint32_t value;	    /* RST_STREAM/GOAWAY status, PING id, GOAWAY last good stream */
	const unsigned char *data; /* DATA payload */
	size_t len;
};

/* The sending side's header compression context: header blocks are zlib data with the SPDY/3
 * dictionary, written as stored deflate blocks (valid for any inflater; nothing to compress). */
struct spdy_out {
	bool started; /* the zlib stream header went out */
};

/* Parse one frame at p[0..n): bytes consumed, 0 when incomplete, -1 when malformed. */
long spdy_parse(const unsigned char *p, size_t n, struct spdy_frame *f);
/* Append frames. headers: name/value pairs (names lower-case), npairs of them. */
void spdy_syn_stream(kube_buf *out, struct spdy_out *z, uint32_t id, const char *const *headers,
		     size_t npairs, unsigned flags);
void spdy_data(kube_buf *out, uint32_t id, unsigned flags, const void *data, size_t len);
void spdy_rst_stream(kube_buf *out, uint32_t id, uint32_t status);
void spdy_ping(kube_buf *out, uint32_t id);
void spdy_goaway(kube_buf *out, uint32_t last_good, uint32_t status);

/* A kubectl notice through fn (may be NULL: nothing happens), formatted as printf does. */
void stream_notice(kube_stream_notice_fn fn, void *payload, bool to_stdout, const char *fmt, ...)
    KUBE_PRINTF(4, 5);
/* The container of pod named name, looked up in spec.initContainers, spec.containers and
 * spec.ephemeralContainers (spec.containers first unless init_first); NULL when none is. The
 * result is borrowed from pod. */
const kube_obj *stream_container(const kube_obj *pod, const char *name, bool init_first);

int64_t stream_now_ms(void);
/* write(2) all of p to fd, retrying on EINTR unless *stop became true. 0 or -errno. */
int stream_write_all(int fd, const void *p, size_t n, const volatile int *stop);

#endif
