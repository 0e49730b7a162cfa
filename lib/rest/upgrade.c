/* kube_upgrade: a raw HTTP/1.1 connection to the API server (WebSocket handshakes and raw GETs)
 * over a socket that libcurl connects (CURLOPT_CONNECT_ONLY), so that TLS and client
 * certificates are set up exactly as kube_client does it.
 *
 * lib/rest/client.c keeps its handle set-up private; the few options a connection needs are set
 * here again from the same kube_client_opts (see setup() below). */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include <kube/obj.h>
#include <kube/config.h>
#include <kube/upgrade.h>

#include "curl-dl.h"
#include "banned.h"

#define CONNECT_TIMEOUT_MS 30000L
#define MAX_HEAD ((size_t)64 << 10)
#define MAX_ERROR_BODY ((size_t)64 << 10)
#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

struct kube_upgrade {
	const struct kube_curl_api *cu;
	CURL *h;
	int fd;
	char errbuf[CURL_ERROR_SIZE];
	char *protocol;
	int status;
	int chunked;
	int64_t content_length;
	kube_buf pending; /* bytes read past the response head */
	size_t pending_off;
	char local[64], remote[64];
	int64_t deadline; /* for the response head and an error body */
	char *resource, *name;
	bool head_pending; /* a deferred plain GET whose head has not arrived yet */
	kube_buf head;
	/* bytes a TLS write could not take: OpenSSL wants the very same buffer and length again
	 * ("bad write retry" otherwise), so they are kept here and retried first */
	char *retry;
	size_t retry_len;
};

/* ---- SHA-1 (FIPS 180-4), only for Sec-WebSocket-Accept ---- */

struct sha1 {
	uint32_t h[5];
	unsigned char block[64];
	size_t used;
	uint64_t total;
};

static uint32_t rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void sha1_block(struct sha1 *s, const unsigned char *p)
{
	uint32_t w[80], a, b, c, d, e, f, k, t;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = s->h[0];
	b = s->h[1];
	c = s->h[2];
	d = s->h[3];
	e = s->h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = t;
	}
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
}

static void sha1_update(struct sha1 *s, const void *data, size_t n)
{
	const unsigned char *p = data;

	s->total += n;
	while (n > 0) {
		size_t take = 64 - s->used < n ? 64 - s->used : n;

		memcpy(s->block + s->used, p, take);
		s->used += take;
		p += take;
		n -= take;
		if (s->used == 64) {
			sha1_block(s, s->block);
			s->used = 0;
		}
	}
}

static void sha1_final(struct sha1 *s, unsigned char out[20])
{
	uint64_t bits = s->total * 8;
	unsigned char pad = 0x80, len[8];
	int i;

	sha1_update(s, &pad, 1);
	pad = 0;
	while (s->used != 56)
		sha1_update(s, &pad, 1);
	for (i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(s, len, 8);
	for (i = 0; i < 20; i++)
		out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Standard base64 with padding of n bytes into out (4 * ((n + 2) / 3) + 1 bytes). */
static void base64(char *out, const unsigned char *p, size_t n)
{
	size_t i, j = 0;

	for (i = 0; i + 2 < n; i += 3) {
		out[j++] = b64[p[i] >> 2];
		out[j++] = b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		out[j++] = b64[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
		out[j++] = b64[p[i + 2] & 63];
	}
	if (n - i == 1) {
		out[j++] = b64[p[i] >> 2];
		out[j++] = b64[(p[i] & 3) << 4];
		out[j++] = '=';
		out[j++] = '=';
	} else if (n - i == 2) {
		out[j++] = b64[p[i] >> 2];
		out[j++] = b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		out[j++] = b64[(p[i + 1] & 15) << 2];
		out[j++] = '=';
	}
	out[j] = '\0';
}

void kube_websocket_accept(char out[29], const char *key)
{
	struct sha1 s = {{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0}, {0}, 0, 0};
	unsigned char d[20];

	sha1_update(&s, key, strlen(key));
	sha1_update(&s, WS_GUID, strlen(WS_GUID));
	sha1_final(&s, d);
	base64(out, d, sizeof(d));
}

/* ---- helpers ---- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void random_bytes(unsigned char *p, size_t n)
{
	size_t i;

	if (getrandom(p, n, GRND_NONBLOCK) == (ssize_t)n)
		return;
	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(rand() >> 7);
}

/* Wait until fd is ready for events or the deadline passes. 1 ready, 0 timeout, -1 error. */
static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd p = {fd, events, 0};
	int64_t left;
	int r;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0)
			return 0;
		r = poll(&p, 1, left > 1000000 ? 1000000 : (int)left);
		if (r > 0)
			return 1;
		if (r == 0)
			continue;
		if (errno != EINTR)
			return -1;
	}
}

static void put_addr(char *out, size_t cap, const char *ip, long port)
{
	if (ip && strchr(ip, ':'))
		snprintf(out, cap, "[%s]:%ld", ip, port);
	else
		snprintf(out, cap, "%s:%ld", ip ? ip : "", port);
}

/* "read tcp A->B: read: connection reset by peer", as Go words a broken connection. */
static int conn_error(kube_upgrade *u, const char *op, int os_errno, kube_err *err)
{

	const char *what = os_errno == EPIPE ? "broken pipe" : "connection reset by peer";

	if (os_errno && os_errno != EPIPE && os_errno != ECONNRESET)
		what = strerror(os_errno);
	return kube_err_set(err, KUBE_ETRANSPORT, "%s tcp %s->%s: %s: %s", op, u->local, u->remote,
			    op, what);
}

/* The server URL split: "https", "host:port" as written, the path prefix ("" or "/x"). */
struct server_url {
	bool https;
	char *hostport; /* as written in the URL (Host header) */
	char *dial;	/* host:port with the default port added */
	const char *prefix;
};

static int split_server(struct server_url *s, const char *server)
{
	const char *hp = strstr(server, "://"), *slash;
	size_t n;

	memset(s, 0, sizeof(*s));
	s->https = !strncasecmp(server, "https://", 8);
	hp = hp ? hp + 3 : server;
	slash = strchr(hp, '/');
	n = slash ? (size_t)(slash - hp) : strlen(hp);
	s->prefix = slash ? slash : "";
	if (!(s->hostport = malloc(n + 1)) || !(s->dial = malloc(n + 8)))
		return KUBE_ENOMEM;
	memcpy(s->hostport, hp, n);
	s->hostport[n] = '\0';
	if (strrchr(s->hostport, ':') && (s->hostport[0] != '[' || strstr(s->hostport, "]:")))
		snprintf(s->dial, n + 8, "%s", s->hostport);
	else
		snprintf(s->dial, n + 8, "%s:%s", s->hostport, s->https ? "443" : "80");
	return 0;
}

static void free_server(struct server_url *s)
{
	free(s->hostport);
	free(s->dial);
}

/* The part of kube_client's handle set-up a raw connection needs (client.c: setup_handle and
 * build_url), applied to a fresh CONNECT_ONLY handle. */
static void setup(kube_upgrade *u, const kube_client_opts *o, const struct server_url *s,
		  const kube_credential *cred, const char *url, struct curl_slist *connect_to,
		  int64_t timeout_ms)
{
	const struct kube_curl_api *cu = u->cu;
	CURL *h = u->h;
	long ct = timeout_ms > 0 && timeout_ms < CONNECT_TIMEOUT_MS ? (long)timeout_ms
								    : CONNECT_TIMEOUT_MS;

	cu->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(h, CURLOPT_ERRORBUFFER, u->errbuf);
	cu->easy_setopt(h, CURLOPT_URL, url);
	cu->easy_setopt(h, CURLOPT_CONNECT_TO, connect_to);
	cu->easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
	/* the request is written by hand in HTTP/1.1: ALPN must not pick h2 */
	cu->easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	cu->easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
	cu->easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
	cu->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ct);
	cu->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	if (s->https) {
		if (o->insecure) {
			cu->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
			cu->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
		} else if (o->ca_pem) {
			struct curl_blob blob = {(void *)o->ca_pem,
						 o->ca_pem_len ? o->ca_pem_len : strlen(o->ca_pem),
						 CURL_BLOB_COPY};

			cu->easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
			cu->easy_setopt(h, CURLOPT_CAINFO, NULL);
			cu->easy_setopt(h, CURLOPT_CAPATH, NULL);
		}
		if (cred && cred->cert_pem && cred->key_pem) {
			struct curl_blob cb = {cred->cert_pem, strlen(cred->cert_pem),
					       CURL_BLOB_COPY};
			struct curl_blob kb = {cred->key_pem, strlen(cred->key_pem),
					       CURL_BLOB_COPY};

			cu->easy_setopt(h, CURLOPT_SSLCERT_BLOB, &cb);
			cu->easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
			cu->easy_setopt(h, CURLOPT_SSLKEY_BLOB, &kb);
			cu->easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
		} else if (o->cert_pem && o->key_pem) {
			struct curl_blob cb = {(void *)o->cert_pem,
					       o->cert_pem_len ? o->cert_pem_len
							       : strlen(o->cert_pem),
					       CURL_BLOB_COPY};
			struct curl_blob kb = {(void *)o->key_pem,
					       o->key_pem_len ? o->key_pem_len : strlen(o->key_pem),
					       CURL_BLOB_COPY};

			cu->easy_setopt(h, CURLOPT_SSLCERT_BLOB, &cb);
			cu->easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
			cu->easy_setopt(h, CURLOPT_SSLKEY_BLOB, &kb);
			cu->easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
		}
	}
	if (o->proxy_url) {
		cu->easy_setopt(h, CURLOPT_PROXY, o->proxy_url);
		cu->easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 1L);
	}
}

/* A failed connect in Go's words (client.c's transport_error has the full set). */
static int connect_error(kube_upgrade *u, CURLcode cc, const char *dial, kube_err *err)
{
	const char *msg = u->errbuf[0] ? u->errbuf : u->cu->easy_strerror(cc);
	long os_errno = 0;
	int rc;

	u->cu->easy_getinfo(u->h, CURLINFO_OS_ERRNO, &os_errno);
	switch (cc) {
	case CURLE_COULDNT_CONNECT:
		if (os_errno == ECONNREFUSED || strstr(msg, "refused")) {
			rc = kube_err_set(err, KUBE_ETRANSPORT,
					  "dial tcp %s: connect: connection refused", dial);
			if (err)
				err->transport = KUBE_TRANSPORT_REFUSED;
			break;
		}
		rc = kube_err_set(err, KUBE_ETRANSPORT, "dial tcp %s: connect: %s", dial,
				  os_errno ? strerror((int)os_errno) : msg);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		rc = kube_err_set(err, KUBE_ETRANSPORT, "dial tcp %s: i/o timeout", dial);
		if (err)
			err->transport = KUBE_TRANSPORT_TIMEOUT;
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		rc = kube_err_set(err, KUBE_ETRANSPORT,
				  "tls: failed to verify certificate: x509: "
				  "certificate signed by unknown authority");
		if (err)
			err->transport = KUBE_TRANSPORT_TLS;
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		rc = kube_err_set(err, KUBE_ETRANSPORT, "dial tcp: lookup %s: no such host", dial);
		break;
	default:
		rc = kube_err_set(err, KUBE_ETRANSPORT, "%s", msg);
	}
	if (err && !(err->host = malloc(strlen(dial) + 1)))
		return rc;
	if (err)
		memcpy(err->host, dial, strlen(dial) + 1);
	return rc;
}

/* Send all of b before the deadline. */
static int send_all(kube_upgrade *u, const char *p, size_t n, int64_t deadline, kube_err *err)
{
	while (n > 0) {
		size_t sent = 0;
		CURLcode cc = u->cu->easy_send(u->h, p, n, &sent);

		if (cc == CURLE_AGAIN) {
			if (wait_fd(u->fd, POLLOUT, deadline) <= 0)
				return kube_err_set(err, KUBE_ETRANSPORT,
						    "write tcp %s->%s: i/o timeout", u->local,
						    u->remote);
			continue;
		}
		if (cc != CURLE_OK)
			return conn_error(u, "write", errno ? errno : EPIPE, err);
		p += sent;
		n -= sent;
	}
	return 0;
}

/* Read more bytes into b (at most cap in total) before the deadline; *eof on close. */
static int recv_some(kube_upgrade *u, kube_buf *b, size_t cap, int64_t deadline, bool *eof,
		     kube_err *err)
{
	char tmp[16384];

	for (;;) {
		size_t got = 0, want = sizeof(tmp);
		CURLcode cc;

		if (b->len >= cap)
			return kube_err_set(err, KUBE_EDECODE, "response head too large");
		if (cap - b->len < want)
			want = cap - b->len;
		cc = u->cu->easy_recv(u->h, tmp, want, &got);
		if (cc == CURLE_AGAIN) {
			int r = wait_fd(u->fd, POLLIN, deadline);

			if (r == 0)
				return kube_err_set(err, KUBE_ETRANSPORT,
						    "net/http: TLS handshake timeout");
			if (r < 0)
				return conn_error(u, "read", errno, err);
			continue;
		}
		if (cc != CURLE_OK)
			return conn_error(u, "read", errno ? errno : ECONNRESET, err);
		if (got == 0) {
			*eof = true;
			return 0;
		}
		kube_buf_put(b, tmp, got);
		return kube_buf_check(b, err);
	}
}

/* Copy the value of header name (first occurrence, trimmed) from the head into out; false if
 * absent. */
static bool header(const char *head, const char *name, char *out, size_t cap)
{
	size_t n = strlen(name);
	const char *p = strstr(head, "\r\n");

	while (p && p[2] && !(p[2] == '\r' && p[3] == '\n')) {
		const char *line = p + 2, *end = strstr(line, "\r\n");

		if (!end)
			end = line + strlen(line);
		if (!strncasecmp(line, name, n) && line[n] == ':') {
			const char *v = line + n + 1, *e = end;

			while (*v == ' ' || *v == '\t')
				v++;
			while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			snprintf(out, cap, "%.*s", (int)(e - v), v);
			return true;
		}
		if (!*end)
			break;
		p = end;
	}
	return false;
}

/* Decode a chunked body held completely in in[0..n) into out (best effort). */
static void dechunk(kube_buf *out, const char *in, size_t n)
{
	size_t i = 0;

	while (i < n) {
		char *e;
		unsigned long len = strtoul(in + i, &e, 16);
		const char *nl = memchr(in + i, '\n', n - i);

		if (!nl || len == 0)
			return;
		i = (size_t)(nl - in) + 1;
		if (len > n - i)
			len = n - i;
		kube_buf_put(out, in + i, len);
		i += len + 2;
		(void)e;
	}
}

/* The body of an error answer: Content-Length, chunked, or up to the close. */
static void read_body(kube_upgrade *u, kube_buf *body, const char *cl, const char *te,
		      int64_t deadline)
{
	kube_buf raw = KUBE_BUF_INIT;
	size_t want = MAX_ERROR_BODY;
	bool eof = false, chunked = te && strstr(te, "chunked");
	kube_err ignored = KUBE_ERR_INIT;

	if (cl && !chunked) {
		long long v = strtoll(cl, NULL, 10);

		if (v >= 0 && (unsigned long long)v < want)
			want = (size_t)v;
	}
	kube_buf_put(&raw, u->pending.ptr + u->pending_off, u->pending.len - u->pending_off);
	while (raw.len < want && !eof && !raw.failed) {
		if (chunked && strstr(raw.ptr, "\r\n0\r\n"))
			break;
		if (recv_some(u, &raw, want, deadline, &eof, &ignored) < 0)
			break;
	}
	kube_err_clear(&ignored);
	if (chunked)
		dechunk(body, raw.ptr, raw.len);
	else
		kube_buf_put(body, raw.ptr, raw.len < want ? raw.len : want);
	kube_buf_release(&raw);
}

/* The error of a refused upgrade: the Status message of the body, else the trimmed text. */
static int upgrade_error(int status, const kube_buf *body, kube_err *err)
{
	kube_obj *o = NULL;
	const char *s = body->ptr;
	size_t n = body->len;
	int rc;

	if (kube_obj_parse_json(&o, body->ptr, body->len, NULL) == 0 &&
	    kube_obj_type_of(o) == KUBE_OBJ_OBJECT && kube_obj_path_str(o, "kind", NULL) &&
	    !strcmp(kube_obj_path_str(o, "kind", NULL), "Status")) {
		rc = kube_err_from_status(err, o);
		if (err)
			err->http_status = status;
		kube_obj_free(o);
		return rc;
	}
	kube_obj_free(o);
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	rc = kube_err_set(err, status == 404 ? KUBE_ENOTFOUND : KUBE_EAPI, "%.*s", (int)n, s);
	if (err)
		err->http_status = status;
	return rc;
}

static bool token_in(const char *list, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = list;

	while (p && *p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!strncasecmp(p, tok, n) && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return true;
		p = strchr(p, ',');
	}
	return false;
}

/* The response head in head (up to its blank line at hend): status, handshake checks, or the
 * error of a refused request (whose small body is read here, until u->deadline). Bytes after
 * the head stay for kube_upgrade_recv(). */
static int process_head(kube_upgrade *u, kube_buf *head, char *hend,
			const kube_upgrade_request *req, const char *accept, kube_err *err)
{
	char *v;
	size_t i;
	int rc;

	kube_buf_put(&u->pending, hend + 4, head->len - (size_t)(hend + 4 - head->ptr));
	hend[2] = '\0';
	if (strncmp(head->ptr, "HTTP/1.", 7) || !(v = strchr(head->ptr, ' '))) {
		rc = kube_err_set(err, KUBE_ETRANSPORT, "malformed HTTP response %.40s", head->ptr);
		return rc;
	}
	u->status = (int)strtol(v + 1, NULL, 10);
	if (req->protocols && req->spdy && u->status == 101) {
		char hv[256];

		if (!header(head->ptr, "X-Stream-Protocol-Version", hv, sizeof(hv)))
			hv[0] = '\0';
		if (!(u->protocol = malloc(strlen(hv) + 1))) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			return rc;
		}
		memcpy(u->protocol, hv, strlen(hv) + 1);
	} else if (req->protocols && u->status == 101) {
		char hv[256];

		if (!header(head->ptr, "Upgrade", hv, sizeof(hv)) || strcasecmp(hv, "websocket") ||
		    !header(head->ptr, "Connection", hv, sizeof(hv)) || !token_in(hv, "upgrade") ||
		    !header(head->ptr, "Sec-WebSocket-Accept", hv, sizeof(hv)) ||
		    strcmp(hv, accept)) {
			rc = kube_err_set(err, KUBE_ERROR, "websocket: bad handshake");
			return rc;
		}
		v = header(head->ptr, "Sec-WebSocket-Protocol", hv, sizeof(hv)) ? hv : NULL;
		for (i = 0; v && req->protocols[i] && strcmp(req->protocols[i], v); i++)
			;
		if (!v || !req->protocols[i]) {
			kube_buf m = KUBE_BUF_INIT;

			kube_buf_puts(&m, "invalid protocol, expected one of [");
			for (i = 0; req->protocols[i]; i++) {
				if (i)
					kube_buf_putc(&m, ' ');
				kube_go_quote(&m, req->protocols[i]);
			}
			kube_buf_puts(&m, "], got ");
			kube_go_quote(&m, v ? v : "");
			rc = kube_err_set(err, KUBE_ERROR, "%s",
					  m.failed ? "invalid protocol" : m.ptr);
			kube_buf_release(&m);
			return rc;
		}
		if (!(u->protocol = malloc(strlen(v) + 1))) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			return rc;
		}
		memcpy(u->protocol, v, strlen(v) + 1);
	} else if (!req->protocols && u->status >= 200 && u->status < 300) {
		char te[64], cl[32];
		bool has_te = header(head->ptr, "Transfer-Encoding", te, sizeof(te));
		bool has_cl = header(head->ptr, "Content-Length", cl, sizeof(cl));

		u->chunked = has_te && strstr(te, "chunked") ? 1 : has_cl ? -1 : 0;
		u->content_length = has_cl ? strtoll(cl, NULL, 10) : -1;
		if (!(u->protocol = calloc(1, 1))) {
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
			return rc;
		}
	} else {
		/* refused: read the (small) body for its message */
		char cl[32], te[64], ctype[256];
		bool has_cl = header(head->ptr, "Content-Length", cl, sizeof(cl));
		bool has_te = header(head->ptr, "Transfer-Encoding", te, sizeof(te));
		bool has_ct = header(head->ptr, "Content-Type", ctype, sizeof(ctype));
		kube_buf body = KUBE_BUF_INIT;

		body.max = MAX_ERROR_BODY;
		read_body(u, &body, has_cl ? cl : NULL, has_te ? te : NULL, u->deadline);
		if (req->protocols) {
			rc = upgrade_error(u->status, &body, err);
		} else {
			kube_err_req info = {"GET", "", u->resource, u->name,
					     has_ct ? ctype : NULL};

			rc = kube_err_from_http(err, u->status, body.ptr, body.len, &info);
		}
		kube_buf_release(&body);
		return rc;
	}
	return 0;
}

int kube_upgrade_open(kube_upgrade **out, const kube_client_opts *o,
		      const kube_upgrade_request *req, kube_err *err)
{
	kube_upgrade *u = NULL;
	kube_credential cred = {0};
	bool have_cred = false, eof = false;
	struct server_url s;
	kube_buf url = KUBE_BUF_INIT, rq = KUBE_BUF_INIT, head = KUBE_BUF_INIT;
	struct curl_slist *connect_to = NULL;
	int64_t timeout = req->timeout_ms > 0 ? req->timeout_ms
			  : o->timeout_ms > 0 ? o->timeout_ms
					      : CONNECT_TIMEOUT_MS;
	int64_t deadline = now_ms() + timeout;
	char key[25], accept[29];
	char *hend;
	size_t i;
	int rc;
	CURLcode cc;
	curl_socket_t sock = CURL_SOCKET_BAD;

	*out = NULL;
	if ((rc = split_server(&s, o->server ? o->server : "")) < 0) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	if (!(u = calloc(1, sizeof(*u)))) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	u->fd = -1;
	u->content_length = -1;
	u->pending.max = MAX_HEAD;
	u->head = (kube_buf)KUBE_BUF_INIT;
	u->head.max = MAX_HEAD;
	/* a followed log may answer only when it grows: no deadline unless one was asked for */
	u->deadline =
	    req->defer_head && !req->timeout_ms && o->timeout_ms <= 0 ? INT64_MAX : deadline;
	if ((req->resource && !(u->resource = strdup(req->resource))) ||
	    (req->name && !(u->name = strdup(req->name)))) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	if (!(u->cu = kube_curl_load(err))) {
		rc = KUBE_ETRANSPORT;
		goto out;
	}
	if (!(u->h = u->cu->easy_init())) {
		rc = kube_err_set(err, KUBE_ENOMEM, "cannot create an HTTP handle");
		goto out;
	}
	if (o->credential_fn) {
		if ((rc = o->credential_fn(&cred, false, o->credential_payload, err)) < 0) {
			if (err && rc != KUBE_ENOMEM) {
				kube_buf m = KUBE_BUF_INIT;

				kube_buf_printf(&m, "getting credentials: %s",
						err->message ? err->message : "");
				free(err->message);
				err->message = kube_buf_detach(&m, NULL);
				err->code = KUBE_ETRANSPORT;
				err->transport = KUBE_TRANSPORT_CREDENTIALS;
				rc = KUBE_ETRANSPORT;
			}
			goto out;
		}
		have_cred = true;
	}
	/* the URL only says where to connect (tls-server-name: SNI name, real host) */
	if (o->tls_server_name && *o->tls_server_name && s.https) {
		const char *colon = strrchr(s.dial, ':');
		kube_buf ct = KUBE_BUF_INIT;

		kube_buf_printf(&url, "https://%s%s/", o->tls_server_name, colon);
		kube_buf_printf(&ct, "%s%s:%s", o->tls_server_name, colon, s.dial);
		if (!ct.failed)
			connect_to = u->cu->slist_append(NULL, ct.ptr);
		kube_buf_release(&ct);
	} else {
		kube_buf_printf(&url, "%s://%s/", s.https ? "https" : "http", s.hostport);
	}
	if ((rc = kube_buf_check(&url, err)) < 0)
		goto out;
	setup(u, o, &s, have_cred ? &cred : NULL, url.ptr, connect_to, timeout);
	if ((cc = u->cu->easy_perform(u->h)) != CURLE_OK) {
		rc = connect_error(u, cc, s.dial, err);
		goto out;
	}
	if (u->cu->easy_getinfo(u->h, CURLINFO_ACTIVESOCKET, &sock) != CURLE_OK ||
	    sock == CURL_SOCKET_BAD) {
		rc = kube_err_set(err, KUBE_ETRANSPORT, "no connection");
		goto out;
	}
	u->fd = (int)sock;
	{
		char *lip = NULL, *rip = NULL;
		long lport = 0, rport = 0;

		u->cu->easy_getinfo(u->h, CURLINFO_LOCAL_IP, &lip);
		u->cu->easy_getinfo(u->h, CURLINFO_LOCAL_PORT, &lport);
		u->cu->easy_getinfo(u->h, CURLINFO_PRIMARY_IP, &rip);
		u->cu->easy_getinfo(u->h, CURLINFO_PRIMARY_PORT, &rport);
		put_addr(u->local, sizeof(u->local), lip, lport);
		put_addr(u->remote, sizeof(u->remote), rip, rport);
	}

	/* the request, as Go's client writes it for gorilla/websocket or net/http */
	kube_buf_puts(&rq, req->spdy ? "POST " : "GET ");
	kube_buf_puts(&rq, s.prefix);
	kube_buf_puts(&rq, req->path);
	if (req->nparams) {
		kube_buf_putc(&rq, '?');
		kube_query_encode(&rq, req->params, req->nparams);
	}
	kube_buf_printf(&rq, " HTTP/1.1\r\nHost: %s\r\n", s.hostport);
	kube_buf_printf(&rq, "User-Agent: %s\r\n",
			o->user_agent ? o->user_agent : "kubec/v" KUBE_VERSION);
	if (req->protocols && req->spdy) {
		kube_buf_puts(&rq, "Content-Length: 0\r\nConnection: Upgrade\r\n"
				   "Upgrade: SPDY/3.1\r\n");
		for (i = 0; req->protocols[i]; i++)
			kube_buf_printf(&rq, "X-Stream-Protocol-Version: %s\r\n",
					req->protocols[i]);
	} else if (req->protocols) {
		unsigned char raw[16];

		random_bytes(raw, sizeof(raw));
		base64(key, raw, sizeof(raw));
		kube_websocket_accept(accept, key);
		kube_buf_puts(&rq, "Connection: Upgrade\r\n");
		kube_buf_printf(&rq, "Sec-WebSocket-Key: %s\r\n", key);
		kube_buf_puts(&rq, "Sec-WebSocket-Protocol: ");
		for (i = 0; req->protocols[i]; i++)
			kube_buf_printf(&rq, "%s%s", i ? ", " : "", req->protocols[i]);
		kube_buf_puts(&rq, "\r\nSec-WebSocket-Version: 13\r\nUpgrade: websocket\r\n");
	} else {
		kube_buf_printf(&rq, "Accept: %s\r\n",
				req->accept ? req->accept : "application/json");
	}
	/* credentials only over TLS, as clientcmd does */
	if (s.https) {
		const char *tok = have_cred && cred.token ? cred.token : o->token;

		if (tok) {
			kube_buf_printf(&rq, "Authorization: Bearer %s\r\n", tok);
		} else if (o->username || o->password) {
			kube_buf up = KUBE_BUF_INIT;
			char *enc;

			kube_buf_printf(&up, "%s:%s", o->username ? o->username : "",
					o->password ? o->password : "");
			if (!up.failed && (enc = malloc(4 * ((up.len + 2) / 3) + 1))) {
				base64(enc, (const unsigned char *)up.ptr, up.len);
				kube_buf_printf(&rq, "Authorization: Basic %s\r\n", enc);
				explicit_bzero(enc, strlen(enc));
				free(enc);
			}
			kube_buf_wipe(&up);
		}
	}
	if (o->impersonate_user)
		kube_buf_printf(&rq, "Impersonate-User: %s\r\n", o->impersonate_user);
	if (o->impersonate_uid)
		kube_buf_printf(&rq, "Impersonate-Uid: %s\r\n", o->impersonate_uid);
	for (i = 0; o->impersonate_groups && o->impersonate_groups[i]; i++)
		kube_buf_printf(&rq, "Impersonate-Group: %s\r\n", o->impersonate_groups[i]);
	for (i = 0; i < o->nimpersonate_extra; i++) {
		size_t j;

		for (j = 0; j < o->impersonate_extra[i].nvalues; j++) {
			kube_impersonate_extra_header(&rq, o->impersonate_extra[i].key,
						      o->impersonate_extra[i].values[j]);
			kube_buf_puts(&rq, "\r\n");
		}
	}
	kube_buf_puts(&rq, "\r\n");
	if ((rc = kube_buf_check(&rq, err)) < 0)
		goto out;
	if ((rc = send_all(u, rq.ptr, rq.len, deadline, err)) < 0)
		goto out;

	if (req->defer_head && !req->protocols) {
		/* kube_upgrade_head() reads the head as it comes */
		u->head_pending = true;
		*out = u;
		u = NULL;
		rc = 0;
		goto out;
	}
	/* the response head */
	head.max = MAX_HEAD;
	while (!(hend = strstr(head.ptr, "\r\n\r\n"))) {
		if ((rc = recv_some(u, &head, MAX_HEAD, deadline, &eof, err)) < 0)
			goto out;
		if (eof) {
			rc = kube_err_set(err, KUBE_ETRANSPORT, "EOF");
			goto out;
		}
	}
	if ((rc = process_head(u, &head, hend, req, accept, err)) < 0)
		goto out;
	*out = u;
	u = NULL;
	rc = 0;
out:
	if (have_cred) {
		if (cred.token)
			explicit_bzero(cred.token, strlen(cred.token));
		if (cred.key_pem)
			explicit_bzero(cred.key_pem, strlen(cred.key_pem));
		free(cred.token);
		free(cred.cert_pem);
		free(cred.key_pem);
	}
	kube_upgrade_free(u);
	if (connect_to)
		kube_curl_load(NULL)->slist_free_all(connect_to);
	free_server(&s);
	kube_buf_release(&url);
	kube_buf_wipe(&rq);
	kube_buf_release(&head);
	return rc;
}

void kube_upgrade_free(kube_upgrade *u)
{
	if (!u)
		return;
	if (u->h)
		u->cu->easy_cleanup(u->h);
	free(u->protocol);
	kube_buf_release(&u->pending);
	kube_buf_release(&u->head);
	free(u->retry);
	free(u->resource);
	free(u->name);
	free(u);
}

int kube_upgrade_head(kube_upgrade *u, bool *ready, kube_err *err)
{
	kube_upgrade_request req;
	char *hend;
	bool eof = false;
	int rc;

	*ready = !u->head_pending;
	while (u->head_pending) {
		char tmp[16384];
		size_t got = 0;
		CURLcode cc;

		if ((hend = strstr(u->head.ptr, "\r\n\r\n"))) {
			memset(&req, 0, sizeof(req));
			u->head_pending = false;
			if ((rc = process_head(u, &u->head, hend, &req, NULL, err)) < 0)
				return rc;
			kube_buf_release(&u->head);
			*ready = true;
			return 0;
		}
		if (u->head.len >= MAX_HEAD)
			return kube_err_set(err, KUBE_EDECODE, "response head too large");
		errno = 0;
		cc = u->cu->easy_recv(u->h, tmp, sizeof(tmp), &got);
		if (cc == CURLE_AGAIN) {
			if (now_ms() > u->deadline)
				return kube_err_set(err, KUBE_ETRANSPORT,
						    "net/http: timeout awaiting response headers");
			return 0;
		}
		if (cc != CURLE_OK)
			return conn_error(u, "read", errno ? errno : ECONNRESET, err);
		if (got == 0) {
			eof = true;
			break;
		}
		kube_buf_put(&u->head, tmp, got);
		if ((rc = kube_buf_check(&u->head, err)) < 0)
			return rc;
	}
	if (eof)
		return kube_err_set(err, KUBE_ETRANSPORT, "EOF");
	return 0;
}

const char *kube_upgrade_protocol(const kube_upgrade *u)
{
	return u->protocol ? u->protocol : "";
}

int kube_upgrade_status(const kube_upgrade *u)
{
	return u->status;
}

int kube_upgrade_chunked(const kube_upgrade *u)
{
	return u->chunked;
}

int64_t kube_upgrade_content_length(const kube_upgrade *u)
{
	return u->content_length;
}

int kube_upgrade_fd(const kube_upgrade *u)
{
	return u->fd;
}

const char *kube_upgrade_local_addr(const kube_upgrade *u)
{
	return u->local;
}

const char *kube_upgrade_remote_addr(const kube_upgrade *u)
{
	return u->remote;
}

int kube_upgrade_recv(kube_upgrade *u, void *buf, size_t cap, size_t *n, bool *eof, kube_err *err)
{
	CURLcode cc;

	*n = 0;
	if (u->pending_off < u->pending.len) {
		size_t take = u->pending.len - u->pending_off;

		if (take > cap)
			take = cap;
		memcpy(buf, u->pending.ptr + u->pending_off, take);
		u->pending_off += take;
		if (u->pending_off == u->pending.len) {
			kube_buf_release(&u->pending);
			u->pending_off = 0;
		}
		*n = take;
		return 0;
	}
	errno = 0;
	cc = u->cu->easy_recv(u->h, buf, cap, n);
	if (cc == CURLE_AGAIN) {
		*n = 0;
		return 0;
	}
	if (cc != CURLE_OK)
		return conn_error(u, "read", errno ? errno : ECONNRESET, err);
	if (*n == 0)
		*eof = true;
	return 0;
}

#define SEND_CHUNK 16384

/* Offer u->retry to the socket; what it takes is dropped from the front. */
static int send_retry(kube_upgrade *u, kube_err *err)
{
	size_t sent = 0;
	CURLcode cc;

	errno = 0;
	cc = u->cu->easy_send(u->h, u->retry, u->retry_len, &sent);
	if (cc == CURLE_AGAIN)
		return 0;
	if (cc != CURLE_OK)
		return conn_error(u, "write", errno ? errno : EPIPE, err);
	memmove(u->retry, u->retry + sent, u->retry_len - sent);
	u->retry_len -= sent;
	return 0;
}

int kube_upgrade_send(kube_upgrade *u, const void *buf, size_t len, size_t *n, kube_err *err)
{
	int rc;

	*n = 0;
	if (u->retry_len && ((rc = send_retry(u, err)) < 0 || u->retry_len))
		return rc < 0 ? rc : 0;
	if (!len)
		return 0;
	/* every write goes out of u->retry: a refused TLS write must be offered again from the
	 * same address with the same length, and only this buffer stays put until then */
	if (!u->retry && !(u->retry = malloc(SEND_CHUNK)))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	if (len > SEND_CHUNK)
		len = SEND_CHUNK;
	memcpy(u->retry, buf, len);
	u->retry_len = len;
	*n = len;
	return send_retry(u, err);
}

size_t kube_upgrade_unsent(const kube_upgrade *u)
{
	return u->retry_len;
}
