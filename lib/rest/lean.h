/* Private: the lean transport. A small HTTP/1.1 client over plain sockets and OpenSSL (libssl
 * and libcrypto loaded with dlopen on the first https connection) that implements the part of
 * libcurl's easy API client.c uses, so that a request does not load libcurl and its ~30
 * libraries. kube_http_load() (curl-dl.h) picks it unless a proxy applies or
 * KUBEC_TRANSPORT=curl is set.
 *
 * What it does: one persistent connection per handle (reused while the scheme, address and TLS
 * name stay the same, reopened transparently when the server closed it, and a request that
 * got nothing back on a reused connection is sent once more on a new one, as curl does);
 * Content-Length, chunked and close-delimited bodies; 1xx heads skipped; redirects (Authorization
 * and Cookie headers dropped when the scheme, host or port changes); CURLOPT_CONNECT_TO;
 * overall and connect timeouts and cancellation through the progress callback, all with
 * non-blocking sockets and poll(); TLS with a CA blob or file, client certificate and key from
 * PEM blobs, peer and host verification, ALPN "http/1.1" only. What it does not: proxies,
 * HTTP/2, content encodings (CURLOPT_ACCEPT_ENCODING is accepted and ignored: no
 * Accept-Encoding header is sent, so the server answers with identity bodies), easy_send and
 * easy_recv (lib/rest/upgrade.c keeps libcurl for upgrades). */
#ifndef KUBE_LEAN_H
#define KUBE_LEAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>

#include "curl-dl.h"

/* The easy API table backed by the lean engine; never NULL. */
const struct kube_curl_api *kube_lean_api(void);

/* Whether a request to url goes through a proxy: proxy_opt (the kubeconfig's proxy-url) when
 * set, else https_proxy/HTTPS_PROXY (https) or http_proxy/HTTP_PROXY (http), then
 * all_proxy/ALL_PROXY, unless no_proxy/NO_PROXY excludes the host (names with their subdomains,
 * IPs, CIDRs, optional :port, "*") or the host is localhost or a loopback IP. */
bool kube_proxy_applies(const char *url, const char *proxy_opt);

/* ---- pure parts, exposed for unit tests ---- */

struct lean_url {
	bool https;
	char host[256];     /* without brackets */
	unsigned port;      /* the default one when the URL has none */
	bool port_given;
	const char *target; /* into the URL: path and query, without fragment; "" means "/" */
	size_t target_len;
};

/* Parse an http or https URL. Returns 0, or -1 when it is not one (unsupported scheme, empty
 * or too long host, bad port). */
int lean_url_parse(const char *url, struct lean_url *u);

/* "HTTP/1.1 200 OK\r\n": fills the minor version (0 or 1; HTTP/2 or later give -1) and the
 * code. Returns 0, or -1 when the line is not a status line. */
int lean_status_parse(const char *line, size_t n, int *minor, int *code);

/* "Name: value\r\n": name and value without surrounding blanks and the line end. Returns false
 * when the line has no colon or an empty name. */
bool lean_header_split(const char *line, size_t n, const char **name, size_t *nlen,
		       const char **val, size_t *vlen);

/* Whether a comma-separated header value contains token (case-insensitive), e.g. "close" in
 * "Connection: keep-alive, close". */
bool lean_header_has_token(const char *val, size_t vlen, const char *token);

/* Chunked transfer decoding, in place and in pieces: feed the bytes that arrived; the decoded
 * data is moved to the start of buf. */
struct lean_chunked {
	int state;
	uint64_t left; /* of the current chunk */
	unsigned digits;
};
#define LEAN_CHUNKED_INIT {0, 0, 0}
/* Decode buf[0..n): *used bytes were consumed, *out decoded bytes are at buf[0..*out).
 * Returns 1 when the last chunk and the trailers ended (bytes after *used are not part of the
 * body), 0 when more input is needed, -1 on malformed input. */
int lean_chunked_decode(struct lean_chunked *st, char *buf, size_t n, size_t *used, size_t *out);

/* Whether a no_proxy list excludes host (no brackets) and port. */
bool lean_no_proxy_match(const char *list, const char *host, unsigned port);

/* ---- between lean.c and lean-tls.c ---- */

/* One blocking-looking I/O call on a non-blocking socket. */
struct lean_io {
	int fd;
	/* Wait until fd is ready for events; CURLE_OK, CURLE_OPERATION_TIMEDOUT or
	 * CURLE_ABORTED_BY_CALLBACK (errbuf filled). */
	CURLcode (*wait)(struct lean_io *io, short events);
	void *ud;
	int os_errno; /* of the last failed socket call */
	char *errbuf; /* CURL_ERROR_SIZE bytes */
};

/* Send all n bytes (MSG_NOSIGNAL): CURLE_OK or CURLE_SEND_ERROR (os_errno set). */
CURLcode lean_sock_send(struct lean_io *io, const void *p, size_t n);
/* Receive up to cap bytes; *got 0 means EOF. CURLE_OK or CURLE_RECV_ERROR (os_errno set). */
CURLcode lean_sock_recv(struct lean_io *io, void *buf, size_t cap, size_t *got);
/* Fill errbuf like snprintf. */
void lean_errbuf(struct lean_io *io, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

typedef struct lean_tls lean_tls;

struct lean_tls_opts {
	const char *name; /* SNI (unless an IP) and the name or IP to verify */
	bool verify_peer, verify_host;
	const char *ca_blob, *ca_file; /* ca_blob (PEM) and/or ca_file; neither: system paths */
	size_t ca_blob_len;
	bool ca_default;               /* with neither: use OpenSSL's default paths */
	const char *cert, *key;        /* PEM */
	size_t cert_len, key_len;
};

/* Handshake on io->fd. CURLE_OK and *out, or a CURLcode with errbuf filled:
 * CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CONNECT_ERROR (with OpenSSL's
 * reason, e.g. "tlsv13 alert certificate required"), CURLE_FAILED_INIT (no libssl), timeouts. */
CURLcode lean_tls_connect(lean_tls **out, const struct lean_tls_opts *o, struct lean_io *io);
CURLcode lean_tls_send(lean_tls *t, struct lean_io *io, const void *p, size_t n);
/* *got 0 means EOF (with or without close_notify). */
CURLcode lean_tls_recv(lean_tls *t, struct lean_io *io, void *buf, size_t cap, size_t *got);
/* The peer certificate as CURLINFO_CERTINFO lists it: "Subject:..." and
 * "X509v3 Subject Alternative Name:DNS:a, IP Address:1.2.3.4". NULL if none or OOM. */
struct curl_slist *lean_tls_certinfo(lean_tls *t);
/* Whether an idle connection can carry another request: reads what arrived meanwhile without
 * waiting; TLS records without data (session tickets) are fine, data, alerts or EOF are not. */
bool lean_tls_idle_alive(lean_tls *t, int fd);
void lean_tls_free(lean_tls *t);

/* slist helpers shared by the engine and the TLS code. */
struct curl_slist *lean_slist_append(struct curl_slist *l, const char *s);
void lean_slist_free_all(struct curl_slist *l);

#endif
