/* kube_upgrade: one raw connection to the API server, opened by libcurl (CURLOPT_CONNECT_ONLY,
 * so TLS, client certificates, tls-server-name and proxies are libcurl's, as for kube_client),
 * on which kubec writes the HTTP/1.1 request itself: a WebSocket handshake (RFC 6455 section 4)
 * for exec, attach and port-forward, or a plain GET whose body is read raw (log streams that
 * are followed side by side).
 *
 * The connection is non-blocking: kube_upgrade_fd() is the socket to poll(), and
 * kube_upgrade_recv()/kube_upgrade_send() never wait. A TLS layer may hold decrypted bytes that
 * poll() does not see: call kube_upgrade_recv() until it returns 0 bytes before polling again. */
#ifndef KUBE_UPGRADE_H
#define KUBE_UPGRADE_H

#include <kube/common.h>
#include <kube/client.h>
#include <kube/err.h>

KUBE_BEGIN_DECLS

typedef struct kube_upgrade kube_upgrade;

typedef struct kube_upgrade_request {
	const char *path;	  /* already escaped; no '?' */
	const kube_param *params; /* query, encoded with sorted keys like kube_client_do */
	size_t nparams;
	/* Sec-WebSocket-Protocol values offered, in order of preference (NULL-terminated). NULL
	 * makes a plain GET: the response head is read and the body is left on the connection. */
	const char *const *protocols;
	/* Instead of WebSocket: client-go's SPDY/3.1 upgrade (a POST with one
	 * X-Stream-Protocol-Version header per protocol). Only used to learn why the server
	 * refuses a stream (its answer to a POST names the verb "create", as kubectl's fallback
	 * shows); on 101 the connection is open but kubec does not speak SPDY's remote-command
	 * protocol. */
	bool spdy;
	const char *accept; /* Accept header of a plain GET; default application/json */
	int64_t timeout_ms; /* connect + handshake; 0 = opts->timeout_ms, else 30 s */
	/* a plain GET returns once the request is sent; kube_upgrade_head() then reads the
	 * response head without waiting (servers that answer a followed log only when it grows) */
	bool defer_head;
	/* what the request is about, for client-go style error messages of a plain GET */
	const char *resource, *name;
} kube_upgrade_request;

/* Connect and perform the request with the credentials of opts (the same options a kube_client
 * is made from; all borrowed for the call). On success (101 with an offered subprotocol, or a
 * 2xx plain GET) *out is the open connection; free it with kube_upgrade_free().
 * Errors: KUBE_ETRANSPORT (no response; kubectl's dial/TLS wording), KUBE_EAPI/KUBE_ENOTFOUND/..
 * for an HTTP error answer. For a refused upgrade err->message is the Status message of the
 * body, else the trimmed body text (what kubectl prints after "unable to upgrade connection: "),
 * and err->http_status the status code; a server that answers the handshake with another
 * subprotocol gives KUBE_ERROR "invalid protocol, expected one of [...], got \"x\"". */
KUBE_EXTERN int kube_upgrade_open(kube_upgrade **out, const kube_client_opts *opts,
				  const kube_upgrade_request *req, kube_err *err);
KUBE_EXTERN void kube_upgrade_free(kube_upgrade *u);

/* A deferred plain GET: read what arrived of the response head. *ready becomes true once the
 * head is in (status, chunked and content length are known then); an error answer gives the
 * same errors as kube_upgrade_open(). Call it when the socket is readable, and again before
 * polling (it never waits), until *ready. */
KUBE_EXTERN int kube_upgrade_head(kube_upgrade *u, bool *ready, kube_err *err);

/* The negotiated subprotocol ("" for a plain GET); borrowed. */
KUBE_EXTERN const char *kube_upgrade_protocol(const kube_upgrade *u);
/* HTTP status of the answer (101, or 2xx for a plain GET). */
KUBE_EXTERN int kube_upgrade_status(const kube_upgrade *u);
/* Whether a plain GET's body is chunked (Transfer-Encoding: chunked); the bytes returned by
 * kube_upgrade_recv() are then the raw chunked encoding. -1 when the body has a Content-Length
 * (kube_upgrade_content_length()), 0 when it runs until the connection closes. */
KUBE_EXTERN int kube_upgrade_chunked(const kube_upgrade *u);
KUBE_EXTERN int64_t kube_upgrade_content_length(const kube_upgrade *u);
/* The socket, for poll(). */
KUBE_EXTERN int kube_upgrade_fd(const kube_upgrade *u);
/* "host:port" of the server and of our end ("127.0.0.1:50312"), as Go prints a TCP address
 * in "read tcp A->B: ..." errors; borrowed. */
KUBE_EXTERN const char *kube_upgrade_local_addr(const kube_upgrade *u);
KUBE_EXTERN const char *kube_upgrade_remote_addr(const kube_upgrade *u);

/* Read what is available without waiting: *n bytes (0 = nothing now). *eof becomes true when
 * the peer closed the connection. Returns 0, or KUBE_ETRANSPORT on a broken connection
 * (message "read tcp A->B: read: connection reset by peer" style). */
KUBE_EXTERN int kube_upgrade_recv(kube_upgrade *u, void *buf, size_t cap, size_t *n, bool *eof,
				  kube_err *err);
/* Write what the connection takes now: *n bytes of len (0 when it would block). Bytes a TLS
 * write refused are taken over and retried unchanged by the next calls (see
 * kube_upgrade_unsent()). Returns 0 or KUBE_ETRANSPORT. */
KUBE_EXTERN int kube_upgrade_send(kube_upgrade *u, const void *buf, size_t len, size_t *n,
				  kube_err *err);

/* Bytes kube_upgrade_send() accepted but the socket did not take yet (a TLS write that has to
 * be retried as it was): poll for POLLOUT and call kube_upgrade_send() (len may be 0) until 0. */
KUBE_EXTERN size_t kube_upgrade_unsent(const kube_upgrade *u);

/* Sec-WebSocket-Accept of a key (RFC 6455 4.2.2): base64(SHA-1(key + GUID)), 28 characters and
 * a NUL in out. */
KUBE_EXTERN void kube_websocket_accept(char out[29], const char *key);

KUBE_END_DECLS
#endif
