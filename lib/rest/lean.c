/* The lean transport: libcurl's easy API, as much of it as client.c uses, over HTTP/1.1 on
 * non-blocking sockets (see lean.h for what it does and does not do). */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <kube/buf.h>

#include "lean.h"
#include "banned.h"

#define RBUF_SIZE 16384
#define MAX_HEAD (256 * 1024) /* bytes of one response head */

/* ---- small helpers ---- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void lean_errbuf(struct lean_io *io, const char *fmt, ...)
{
	va_list ap;

	if (!io->errbuf)
		return;
	va_start(ap, fmt);
	vsnprintf(io->errbuf, CURL_ERROR_SIZE, fmt, ap);
	va_end(ap);
}

struct curl_slist *lean_slist_append(struct curl_slist *l, const char *s)
{
	struct curl_slist *n, *t;

	if (!s || !(n = malloc(sizeof(*n))))
		return NULL;
	if (!(n->data = strdup(s))) {
		free(n);
		return NULL;
	}
	n->next = NULL;
	if (!l)
		return n;
	for (t = l; t->next; t = t->next)
		;
	t->next = n;
	return l;
}

void lean_slist_free_all(struct curl_slist *l)
{
	while (l) {
		struct curl_slist *n = l->next;

		free(l->data);
		free(l);
		l = n;
	}
}

static bool ieq(const char *a, size_t alen, const char *b)
{
	return alen == strlen(b) && !strncasecmp(a, b, alen);
}

/* ---- pure parts ---- */

int lean_url_parse(const char *url, struct lean_url *u)
{
	const char *p, *auth, *end, *at, *hend, *q;
	size_t hl;

	memset(u, 0, sizeof(*u));
	if (!url)
		return -1;
	if (!strncasecmp(url, "https://", 8)) {
		u->https = true;
		p = url + 8;
	} else if (!strncasecmp(url, "http://", 7)) {
		p = url + 7;
	} else {
		return -1;
	}
	auth = p;
	end = auth + strcspn(auth, "/?#");
	for (at = end; at > auth && at[-1] != '@'; at--)
		;
	if (at > auth)
		auth = at; /* drop user:password@ */
	if (*auth == '[') {
		hend = memchr(auth, ']', (size_t)(end - auth));
		if (!hend)
			return -1;
		hl = (size_t)(hend - auth - 1);
		p = auth + 1;
		q = hend + 1;
	} else {
		hend = memchr(auth, ':', (size_t)(end - auth));
		if (!hend)
			hend = end;
		hl = (size_t)(hend - auth);
		p = auth;
		q = hend;
	}
	if (!hl || hl >= sizeof(u->host))
		return -1;
	memcpy(u->host, p, hl);
	u->host[hl] = '\0';
	u->port = u->https ? 443 : 80;
	if (q < end) {
		unsigned long port = 0;

		if (*q != ':')
			return -1;
		for (q++; q < end; q++) {
			if (!isdigit((unsigned char)*q))
				return -1;
			port = port * 10 + (unsigned long)(*q - '0');
			if (port > 65535)
				return -1;
		}
		if (q[-1] != ':') {
			if (!port)
				return -1;
			u->port = (unsigned)port;
			u->port_given = true;
		}
	}
	u->target = end;
	u->target_len = strcspn(end, "#");
	return 0;
}

int lean_status_parse(const char *line, size_t n, int *minor, int *code)
{
	size_t i = 5;
	int c = 0, k;

	if (n < 12 || strncmp(line, "HTTP/", 5))
		return -1;
	if (line[5] == '1' && line[6] == '.' && isdigit((unsigned char)line[7])) {
		*minor = line[7] - '0';
		i = 8;
	} else if (isdigit((unsigned char)line[5]) && line[6] == ' ') {
		*minor = -1; /* HTTP/2 */
		i = 6;
	} else if (isdigit((unsigned char)line[5]) && line[6] == '.' &&
		   isdigit((unsigned char)line[7])) {
		*minor = -1;
		i = 8;
	} else {
		return -1;
	}
	if (i >= n || line[i] != ' ')
		return -1;
	i++;
	for (k = 0; k < 3; k++, i++) {
		if (i >= n || !isdigit((unsigned char)line[i]))
			return -1;
		c = c * 10 + (line[i] - '0');
	}
	if (i < n && line[i] != ' ' && line[i] != '\r' && line[i] != '\n')
		return -1;
	*code = c;
	return 0;
}

bool lean_header_split(const char *line, size_t n, const char **name, size_t *nlen,
		       const char **val, size_t *vlen)
{
	const char *colon = memchr(line, ':', n), *v, *end = line + n;

	if (!colon || colon == line)
		return false;
	*name = line;
	*nlen = (size_t)(colon - line);
	while (*nlen && (line[*nlen - 1] == ' ' || line[*nlen - 1] == '\t'))
		(*nlen)--;
	if (!*nlen)
		return false;
	for (v = colon + 1; v < end && (*v == ' ' || *v == '\t'); v++)
		;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*val = v;
	*vlen = (size_t)(end - v);
	return true;
}

bool lean_header_has_token(const char *val, size_t vlen, const char *token)
{
	const char *p = val, *end = val + vlen;

	while (p < end) {
		const char *s, *e;

		while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
			p++;
		s = p;
		while (p < end && *p != ',')
			p++;
		e = p;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s && ieq(s, (size_t)(e - s), token))
			return true;
	}
	return false;
}

enum { CH_SIZE, CH_EXT, CH_SIZE_LF, CH_DATA, CH_DATA_CR, CH_DATA_LF, CH_TRAILER, CH_TRAILER_LINE,
       CH_FINAL_LF, CH_DONE };

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int lean_chunked_decode(struct lean_chunked *st, char *buf, size_t n, size_t *used, size_t *out)
{
	size_t i = 0, o = 0;

	while (i < n && st->state != CH_DONE) {
		char c = buf[i];
		int h;

		switch (st->state) {
		case CH_SIZE:
			if ((h = hexval(c)) >= 0) {
				if (++st->digits > 15)
					return -1;
				st->left = st->left * 16 + (uint64_t)h;
				i++;
			} else if (!st->digits) {
				return -1;
			} else if (c == ';' || c == ' ' || c == '\t') {
				st->state = CH_EXT;
				i++;
			} else if (c == '\r') {
				st->state = CH_SIZE_LF;
				i++;
			} else if (c == '\n') {
				i++;
				st->state = st->left ? CH_DATA : CH_TRAILER;
			} else {
				return -1;
			}
			break;
		case CH_EXT:
			i++;
			if (c == '\n')
				st->state = st->left ? CH_DATA : CH_TRAILER;
			break;
		case CH_SIZE_LF:
			if (c != '\n')
				return -1;
			i++;
			st->state = st->left ? CH_DATA : CH_TRAILER;
			break;
		case CH_DATA: {
			size_t take = n - i;

			if ((uint64_t)take > st->left)
				take = (size_t)st->left;
			memmove(buf + o, buf + i, take);
			o += take;
			i += take;
			st->left -= take;
			if (!st->left)
				st->state = CH_DATA_CR;
			break;
		}
		case CH_DATA_CR:
			i++;
			if (c == '\r')
				st->state = CH_DATA_LF;
			else if (c == '\n')
				st->state = CH_SIZE, st->digits = 0;
			else
				return -1;
			break;
		case CH_DATA_LF:
			if (c != '\n')
				return -1;
			i++;
			st->state = CH_SIZE;
			st->digits = 0;
			break;
		case CH_TRAILER: /* start of a trailer line, or the final empty line */
			i++;
			if (c == '\r')
				st->state = CH_FINAL_LF;
			else if (c == '\n')
				st->state = CH_DONE;
			else
				st->state = CH_TRAILER_LINE;
			break;
		case CH_TRAILER_LINE:
			i++;
			if (c == '\n')
				st->state = CH_TRAILER;
			break;
		case CH_FINAL_LF:
			if (c != '\n')
				return -1;
			i++;
			st->state = CH_DONE;
			break;
		default:
			return -1;
		}
	}
	*used = i;
	*out = o;
	return st->state == CH_DONE ? 1 : 0;
}

/* ---- proxy selection ---- */

static bool parse_ip16(const char *s, unsigned char out[16], bool *v4)
{
	memset(out, 0, 16);
	if (inet_pton(AF_INET, s, out + 12) == 1) {
		out[10] = out[11] = 0xff;
		*v4 = true;
		return true;
	}
	*v4 = false;
	return inet_pton(AF_INET6, s, out) == 1;
}

static bool is_loopback(const char *host)
{
	unsigned char ip[16];
	static const unsigned char one[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	bool v4;

	if (!strcasecmp(host, "localhost"))
		return true;
	if (!parse_ip16(host, ip, &v4))
		return false;
	return v4 ? ip[12] == 127 : !memcmp(ip, one, 16);
}

/* One no_proxy entry (already trimmed, lower or any case) against host and port. */
static bool no_proxy_entry(const char *e, size_t n, const char *host, unsigned port)
{
	char pat[300];
	unsigned char hip[16], pip[16];
	bool hv4, pv4;
	const char *slash;
	size_t hl, pl;
	unsigned eport = 0;

	if (n == 1 && e[0] == '*')
		return true;
	if (n >= sizeof(pat))
		return false;
	memcpy(pat, e, n);
	pat[n] = '\0';
	if ((slash = strchr(pat, '/'))) { /* CIDR */
		char *end;
		long bits = strtol(slash + 1, &end, 10);
		int i;

		pat[slash - pat] = '\0';
		if (*end || !parse_ip16(pat, pip, &pv4) || !parse_ip16(host, hip, &hv4) ||
		    pv4 != hv4 || bits < 0 || bits > (pv4 ? 32 : 128))
			return false;
		if (pv4)
			bits += 96;
		for (i = 0; i < 16 && bits > 0; i++, bits -= 8) {
			unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;

			if ((hip[i] & mask) != (pip[i] & mask))
				return false;
		}
		return true;
	}
	/* an optional :port (not inside a bare IPv6 address) */
	if (pat[0] == '[') {
		char *rb = strchr(pat, ']');

		if (!rb)
			return false;
		if (rb[1] == ':')
			eport = (unsigned)strtoul(rb + 2, NULL, 10);
		*rb = '\0';
		memmove(pat, pat + 1, strlen(pat + 1) + 1);
	} else {
		char *colon = strrchr(pat, ':');

		if (colon && strchr(pat, ':') == colon) {
			eport = (unsigned)strtoul(colon + 1, NULL, 10);
			*colon = '\0';
		}
	}
	if (eport && eport != port)
		return false;
	if (parse_ip16(pat, pip, &pv4))
		return parse_ip16(host, hip, &hv4) && !memcmp(hip, pip, 16);
	/* names: "example.com", ".example.com" and "*.example.com" all match example.com and
	 * its subdomains */
	e = pat;
	if (e[0] == '*' && e[1] == '.')
		e++;
	if (e[0] == '.')
		e++;
	pl = strlen(e);
	hl = strlen(host);
	while (pl && e[pl - 1] == '.')
		pl--;
	while (hl && host[hl - 1] == '.')
		hl--;
	if (!pl)
		return false;
	if (hl == pl && !strncasecmp(host, e, pl))
		return true;
	return hl > pl && host[hl - pl - 1] == '.' && !strncasecmp(host + hl - pl, e, pl);
}

bool lean_no_proxy_match(const char *list, const char *host, unsigned port)
{
	const char *p = list;

	if (!list)
		return false;
	while (*p) {
		const char *s, *e;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		s = p;
		while (*p && *p != ',')
			p++;
		e = p;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s && no_proxy_entry(s, (size_t)(e - s), host, port))
			return true;
	}
	return false;
}

static const char *env(const char *a, const char *b)
{
	const char *v = getenv(a);

	if (!v || !*v)
		v = getenv(b);
	return v && *v ? v : NULL;
}

bool kube_proxy_applies(const char *url, const char *proxy_opt)
{
	struct lean_url u;
	const char *np;

	if (proxy_opt && *proxy_opt)
		return true;
	if (lean_url_parse(url, &u) < 0)
		return true; /* let libcurl judge what it is */
	if (is_loopback(u.host))
		return false;
	if (!(u.https ? env("https_proxy", "HTTPS_PROXY") : env("http_proxy", "HTTP_PROXY")) &&
	    !env("all_proxy", "ALL_PROXY"))
		return false;
	np = env("no_proxy", "NO_PROXY");
	return !lean_no_proxy_match(np, u.host, u.port);
}

/* ---- the handle ---- */

struct conn {
	int fd;
	lean_tls *tls;
	bool https;
	char host[256];    /* where it is connected: connect-to host, else the URL's */
	unsigned port;
	char name[256];    /* the URL's host: TLS name */
};

struct lean_handle {
	/* options */
	char *errbuf;
	char *url, *ua, *custom, *ca_file;
	char *ca_blob, *cert, *key;
	size_t ca_blob_len, cert_len, key_len;
	bool ca_default;
	long connect_timeout_ms, timeout_ms, maxredirs;
	bool follow, verify_peer, verify_host, nobody, connect_only, certinfo_on, noprogress, post;
	bool proxy_set;
	unsigned tls_gen, conn_gen; /* TLS settings changed since the connection was made? */
	bool reused;
	struct curl_slist *headers, *connect_to; /* borrowed */
	curl_write_callback hdr_fn, write_fn;
	void *hdr_ud, *write_ud, *prog_ud;
	bool want_gzip;          /* CURLOPT_ACCEPT_ENCODING asked for gzip */
	struct lean_gunzip *gz;  /* decoding the body being read, or NULL */
	curl_xferinfo_callback prog_fn;
	const char *postfields;
	curl_off_t postsize;
	/* info */
	long code, redirects, os_errno;
	char *content_type, *effective_url;
	curl_off_t connect_us, appconnect_us;
	char local_ip[INET6_ADDRSTRLEN], primary_ip[INET6_ADDRSTRLEN];
	long local_port, primary_port;
	struct curl_slist *ci_list;
	struct curl_certinfo ci;
	/* state */
	struct conn conn;
	char *rbuf;
	size_t rpos, rlen;
	int64_t start_ms, deadline; /* deadline 0: none */
	int64_t start_us;
	curl_off_t received;
	struct lean_io io;
};

typedef struct lean_handle lean_handle;

static void set_defaults(lean_handle *h)
{
	h->connect_timeout_ms = 300000;
	h->maxredirs = 30;
	h->verify_peer = h->verify_host = true;
	h->ca_default = true;
	h->noprogress = true;
	h->postsize = -1;
}

static void free_opts(lean_handle *h)
{
	free(h->url);
	free(h->ua);
	free(h->custom);
	free(h->ca_file);
	free(h->ca_blob);
	free(h->cert);
	if (h->key) {
		explicit_bzero(h->key, h->key_len);
		free(h->key);
	}
	h->url = h->ua = h->custom = h->ca_file = h->ca_blob = h->cert = h->key = NULL;
}

static void conn_close(lean_handle *h)
{
	lean_tls_free(h->conn.tls);
	h->conn.tls = NULL;
	if (h->conn.fd >= 0)
		close(h->conn.fd);
	h->conn.fd = -1;
	h->rpos = h->rlen = 0;
}

static CURL *l_init(void)
{
	lean_handle *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	if (!(h->rbuf = malloc(RBUF_SIZE))) {
		free(h);
		return NULL;
	}
	h->conn.fd = -1;
	set_defaults(h);
	return h;
}

static void clear_info(lean_handle *h)
{
	free(h->content_type);
	free(h->effective_url);
	h->content_type = h->effective_url = NULL;
	lean_slist_free_all(h->ci_list);
	h->ci_list = NULL;
	memset(&h->ci, 0, sizeof(h->ci));
	h->code = h->redirects = h->os_errno = 0;
	h->connect_us = h->appconnect_us = 0;
	h->local_ip[0] = h->primary_ip[0] = '\0';
	h->local_port = h->primary_port = 0;
}

static void l_cleanup(CURL *c)
{
	lean_handle *h = c;

	if (!h)
		return;
	conn_close(h);
	free_opts(h);
	clear_info(h);
	free(h->rbuf);
	free(h);
}

static void l_reset(CURL *c)
{
	lean_handle *h = c;
	struct conn keep = h->conn;
	char *rbuf = h->rbuf;
	size_t rpos = h->rpos, rlen = h->rlen;

	free_opts(h);
	clear_info(h);
	memset(h, 0, sizeof(*h));
	h->conn = keep;
	h->rbuf = rbuf;
	h->rpos = rpos;
	h->rlen = rlen;
	set_defaults(h);
}

static char *dup_opt(const char *s)
{
	return s ? strdup(s) : NULL;
}

static bool set_blob(char **dst, size_t *len, const struct curl_blob *b, bool secret,
		     unsigned *gen)
{
	if (b && b->data && *dst && *len == b->len && !memcmp(*dst, b->data, b->len))
		return true; /* the same again (client.c sets the credential's every time) */
	(*gen)++;
	if (*dst) {
		if (secret)
			explicit_bzero(*dst, *len);
		free(*dst);
	}
	*dst = NULL;
	*len = 0;
	if (!b || !b->data)
		return true;
	if (!(*dst = malloc(b->len + 1)))
		return false;
	memcpy(*dst, b->data, b->len);
	(*dst)[b->len] = '\0';
	*len = b->len;
	return true;
}

static bool set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = dup_opt(s);
	return !s || *dst;
}

static CURLcode l_setopt(CURL *c, CURLoption opt, ...)
{
	lean_handle *h = c;
	CURLcode rc = CURLE_OK;
	va_list ap;

	va_start(ap, opt);
	switch (opt) {
	/* longs */
	case CURLOPT_NOSIGNAL:
	case CURLOPT_TCP_KEEPALIVE:
	case CURLOPT_TCP_NODELAY:
	case CURLOPT_HTTP_VERSION: /* HTTP/1.1 only */
		(void)va_arg(ap, long);
		break;
	case CURLOPT_CONNECTTIMEOUT_MS:
		h->connect_timeout_ms = va_arg(ap, long);
		break;
	case CURLOPT_TIMEOUT_MS:
		h->timeout_ms = va_arg(ap, long);
		break;
	case CURLOPT_FOLLOWLOCATION:
		h->follow = va_arg(ap, long) != 0;
		break;
	case CURLOPT_MAXREDIRS:
		h->maxredirs = va_arg(ap, long);
		break;
	case CURLOPT_SSL_VERIFYPEER: {
		bool v = va_arg(ap, long) != 0;

		h->tls_gen += v != h->verify_peer;
		h->verify_peer = v;
		break;
	}
	case CURLOPT_SSL_VERIFYHOST: {
		bool v = va_arg(ap, long) != 0;

		h->tls_gen += v != h->verify_host;
		h->verify_host = v;
		break;
	}
	case CURLOPT_NOPROGRESS:
		h->noprogress = va_arg(ap, long) != 0;
		break;
	case CURLOPT_HTTPGET:
		if (va_arg(ap, long)) {
			h->nobody = false;
			h->post = false;
		}
		break;
	case CURLOPT_NOBODY:
		h->nobody = va_arg(ap, long) != 0;
		break;
	case CURLOPT_CONNECT_ONLY:
		h->connect_only = va_arg(ap, long) != 0;
		break;
	case CURLOPT_CERTINFO:
		h->certinfo_on = va_arg(ap, long) != 0;
		break;
	/* strings, copied */
	case CURLOPT_URL:
		rc = set_str(&h->url, va_arg(ap, const char *)) ? CURLE_OK : CURLE_OUT_OF_MEMORY;
		break;
	case CURLOPT_USERAGENT:
		rc = set_str(&h->ua, va_arg(ap, const char *)) ? CURLE_OK : CURLE_OUT_OF_MEMORY;
		break;
	case CURLOPT_CUSTOMREQUEST:
		rc = set_str(&h->custom, va_arg(ap, const char *)) ? CURLE_OK : CURLE_OUT_OF_MEMORY;
		break;
	case CURLOPT_CAINFO: {
		const char *s = va_arg(ap, const char *);

		h->ca_default = false;
		h->tls_gen++;
		rc = set_str(&h->ca_file, s) ? CURLE_OK : CURLE_OUT_OF_MEMORY;
		break;
	}
	case CURLOPT_CAPATH:
	case CURLOPT_SSLCERTTYPE:
	case CURLOPT_SSLKEYTYPE:
	case CURLOPT_PROTOCOLS_STR:
	case CURLOPT_REDIR_PROTOCOLS_STR: /* http and https only anyway */
		(void)va_arg(ap, const char *);
		break;
	case CURLOPT_ACCEPT_ENCODING: {
		/* gzip, as kubectl asks for it; sent only when zlib can be loaded */
		const char *v = va_arg(ap, const char *);

		h->want_gzip = v && strstr(v, "gzip");
		break;
	}
	case CURLOPT_PROXY: {
		const char *s = va_arg(ap, const char *);

		h->proxy_set = s && *s; /* kube_http_load() gives such clients libcurl */
		break;
	}
	case CURLOPT_ERRORBUFFER:
		h->errbuf = va_arg(ap, char *);
		break;
	case CURLOPT_POSTFIELDS:
		h->postfields = va_arg(ap, const char *);
		h->post = h->postfields != NULL;
		break;
	case CURLOPT_POSTFIELDSIZE_LARGE:
		h->postsize = va_arg(ap, curl_off_t);
		break;
	case CURLOPT_HTTPHEADER:
		h->headers = va_arg(ap, struct curl_slist *);
		break;
	case CURLOPT_CONNECT_TO:
		h->connect_to = va_arg(ap, struct curl_slist *);
		break;
	case CURLOPT_HEADERFUNCTION:
		h->hdr_fn = va_arg(ap, curl_write_callback);
		break;
	case CURLOPT_WRITEFUNCTION:
		h->write_fn = va_arg(ap, curl_write_callback);
		break;
	case CURLOPT_XFERINFOFUNCTION:
		h->prog_fn = va_arg(ap, curl_xferinfo_callback);
		break;
	case CURLOPT_HEADERDATA:
		h->hdr_ud = va_arg(ap, void *);
		break;
	case CURLOPT_WRITEDATA:
		h->write_ud = va_arg(ap, void *);
		break;
	case CURLOPT_XFERINFODATA:
		h->prog_ud = va_arg(ap, void *);
		break;
	case CURLOPT_CAINFO_BLOB:
		rc = set_blob(&h->ca_blob, &h->ca_blob_len, va_arg(ap, struct curl_blob *), false,
			      &h->tls_gen)
			     ? CURLE_OK
			     : CURLE_OUT_OF_MEMORY;
		break;
	case CURLOPT_SSLCERT_BLOB:
		rc = set_blob(&h->cert, &h->cert_len, va_arg(ap, struct curl_blob *), false,
			      &h->tls_gen)
			     ? CURLE_OK
			     : CURLE_OUT_OF_MEMORY;
		break;
	case CURLOPT_SSLKEY_BLOB:
		rc = set_blob(&h->key, &h->key_len, va_arg(ap, struct curl_blob *), true,
			      &h->tls_gen)
			     ? CURLE_OK
			     : CURLE_OUT_OF_MEMORY;
		break;
	default:
		rc = CURLE_UNKNOWN_OPTION;
	}
	va_end(ap);
	return rc;
}

static CURLcode l_getinfo(CURL *c, CURLINFO info, ...)
{
	lean_handle *h = c;
	CURLcode rc = CURLE_OK;
	va_list ap;

	va_start(ap, info);
	switch (info) {
	case CURLINFO_RESPONSE_CODE:
		*va_arg(ap, long *) = h->code;
		break;
	case CURLINFO_CONTENT_TYPE:
		*va_arg(ap, char **) = h->content_type;
		break;
	case CURLINFO_EFFECTIVE_URL:
		*va_arg(ap, char **) = h->effective_url ? h->effective_url : h->url;
		break;
	case CURLINFO_REDIRECT_COUNT:
		*va_arg(ap, long *) = h->redirects;
		break;
	case CURLINFO_OS_ERRNO:
		*va_arg(ap, long *) = h->os_errno;
		break;
	case CURLINFO_LOCAL_IP:
		*va_arg(ap, char **) = h->local_ip;
		break;
	case CURLINFO_PRIMARY_IP:
		*va_arg(ap, char **) = h->primary_ip;
		break;
	case CURLINFO_LOCAL_PORT:
		*va_arg(ap, long *) = h->local_port;
		break;
	case CURLINFO_PRIMARY_PORT:
		*va_arg(ap, long *) = h->primary_port;
		break;
	case CURLINFO_CONNECT_TIME_T:
		*va_arg(ap, curl_off_t *) = h->connect_us;
		break;
	case CURLINFO_APPCONNECT_TIME_T:
		*va_arg(ap, curl_off_t *) = h->appconnect_us;
		break;
	case CURLINFO_CERTINFO:
		*va_arg(ap, struct curl_certinfo **) = &h->ci;
		break;
	case CURLINFO_ACTIVESOCKET:
		*va_arg(ap, curl_socket_t *) = h->conn.fd;
		break;
	default:
		rc = CURLE_UNKNOWN_OPTION;
	}
	va_end(ap);
	return rc;
}

static const char *l_strerror(CURLcode cc)
{
	switch (cc) {
	case CURLE_OK:
		return "No error";
	case CURLE_UNSUPPORTED_PROTOCOL:
		return "Unsupported protocol";
	case CURLE_FAILED_INIT:
		return "Failed initialization";
	case CURLE_URL_MALFORMAT:
		return "URL using bad/illegal format or missing URL";
	case CURLE_COULDNT_RESOLVE_HOST:
		return "Couldn't resolve host name";
	case CURLE_COULDNT_CONNECT:
		return "Couldn't connect to server";
	case CURLE_WEIRD_SERVER_REPLY:
		return "Weird server reply";
	case CURLE_PARTIAL_FILE:
		return "Transferred a partial file";
	case CURLE_WRITE_ERROR:
		return "Failed writing received data to disk/application";
	case CURLE_OUT_OF_MEMORY:
		return "Out of memory";
	case CURLE_OPERATION_TIMEDOUT:
		return "Timeout was reached";
	case CURLE_ABORTED_BY_CALLBACK:
		return "Operation was aborted by an application callback";
	case CURLE_TOO_MANY_REDIRECTS:
		return "Number of redirects hit maximum amount";
	case CURLE_GOT_NOTHING:
		return "Server returned nothing (no headers, no data)";
	case CURLE_SEND_ERROR:
		return "Failed sending data to the peer";
	case CURLE_RECV_ERROR:
		return "Failure when receiving data from the peer";
	case CURLE_SSL_CONNECT_ERROR:
		return "SSL connect error";
	case CURLE_PEER_FAILED_VERIFICATION:
		return "SSL peer certificate or SSH remote key was not OK";
	case CURLE_SSL_CERTPROBLEM:
		return "Problem with the local SSL certificate";
	case CURLE_SSL_CACERT_BADFILE:
		return "Problem with the SSL CA cert (path? access rights?)";
	default:
		return "Unknown error";
	}
}

static CURLcode l_send(CURL *c, const void *p, size_t n, size_t *sent)
{
	(void)c, (void)p, (void)n;
	*sent = 0;
	return CURLE_UNSUPPORTED_PROTOCOL;
}

static CURLcode l_recv(CURL *c, void *p, size_t n, size_t *got)
{
	(void)c, (void)p, (void)n;
	*got = 0;
	return CURLE_UNSUPPORTED_PROTOCOL;
}

static CURLcode l_global_init(long flags)
{
	(void)flags;
	return CURLE_OK;
}

/* ---- I/O with deadlines ---- */

static CURLcode progress(lean_handle *h)
{
	if (h->noprogress || !h->prog_fn)
		return CURLE_OK;
	if (h->prog_fn(h->prog_ud, 0, h->received, 0, 0)) {
		lean_errbuf(&h->io, "Callback aborted");
		return CURLE_ABORTED_BY_CALLBACK;
	}
	return CURLE_OK;
}

static CURLcode timed_out(lean_handle *h)
{
	int64_t el = now_ms() - h->start_ms;

	if (!h->connect_us || (h->conn.https && !h->appconnect_us))
		lean_errbuf(&h->io, "Connection timed out after %lld milliseconds", (long long)el);
	else
		lean_errbuf(&h->io, "Operation timed out after %lld milliseconds with %lld bytes "
				    "received", (long long)el, (long long)h->received);
	return CURLE_OPERATION_TIMEDOUT;
}

static CURLcode io_wait(struct lean_io *io, short events)
{
	lean_handle *h = io->ud;

	for (;;) {
		struct pollfd pfd = {io->fd, events, 0};
		int64_t left = -1, t = now_ms();
		int r, ms;
		CURLcode cc;

		if (h->deadline) {
			if (t >= h->deadline)
				return timed_out(h);
			left = h->deadline - t;
		}
		ms = left < 0 || left > 1000 ? 1000 : (int)left;
		if (!h->noprogress && h->prog_fn && ms > 200)
			ms = 200;
		r = poll(&pfd, 1, ms);
		if ((cc = progress(h)) != CURLE_OK)
			return cc;
		if (r > 0)
			return CURLE_OK;
		if (r < 0 && errno != EINTR) {
			io->os_errno = errno;
			lean_errbuf(io, "poll: %s", strerror(errno));
			return CURLE_RECV_ERROR;
		}
	}
}

CURLcode lean_sock_send(struct lean_io *io, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		ssize_t r = send(io->fd, s, n, MSG_NOSIGNAL);
		CURLcode cc;

		if (r > 0) {
			s += r;
			n -= (size_t)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if ((cc = io->wait(io, POLLOUT)) != CURLE_OK)
				return cc;
			continue;
		}
		io->os_errno = r < 0 ? errno : EPIPE;
		lean_errbuf(io, "Send failure: %s", strerror(io->os_errno));
		return CURLE_SEND_ERROR;
	}
	return CURLE_OK;
}

CURLcode lean_sock_recv(struct lean_io *io, void *buf, size_t cap, size_t *got)
{
	*got = 0;
	for (;;) {
		ssize_t r = recv(io->fd, buf, cap, 0);
		CURLcode cc;

		if (r >= 0) {
			*got = (size_t)r;
			return CURLE_OK;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if ((cc = io->wait(io, POLLIN)) != CURLE_OK)
				return cc;
			continue;
		}
		io->os_errno = errno;
		lean_errbuf(io, "Recv failure: %s", strerror(errno));
		return CURLE_RECV_ERROR;
	}
}

static CURLcode conn_send(lean_handle *h, const void *p, size_t n)
{
	h->io.fd = h->conn.fd;
	return h->conn.tls ? lean_tls_send(h->conn.tls, &h->io, p, n) : lean_sock_send(&h->io, p, n);
}

static CURLcode conn_recv(lean_handle *h, void *p, size_t cap, size_t *got)
{
	CURLcode cc;

	if (h->deadline && now_ms() >= h->deadline)
		return timed_out(h); /* data that never stops does not outlive the timeout */
	h->io.fd = h->conn.fd;
	cc = h->conn.tls ? lean_tls_recv(h->conn.tls, &h->io, p, cap, got)
			 : lean_sock_recv(&h->io, p, cap, got);
	if (cc == CURLE_OK)
		h->received += (curl_off_t)*got;
	return cc;
}

/* ---- connecting ---- */

/* Whether a kept connection is still usable: nothing to read on an idle connection (no EOF,
 * no stray bytes). */
static bool conn_alive(lean_handle *h)
{
	struct pollfd pfd = {h->conn.fd, POLLIN, 0};

	if (h->conn.fd < 0 || h->rlen > h->rpos)
		return false;
	if (h->conn.tls)
		return lean_tls_idle_alive(h->conn.tls, h->conn.fd);
	return poll(&pfd, 1, 0) == 0;
}

static void fill_addrs(lean_handle *h, int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	if (!getpeername(fd, (struct sockaddr *)&ss, &sl)) {
		if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

			inet_ntop(AF_INET6, &a->sin6_addr, h->primary_ip, sizeof(h->primary_ip));
			h->primary_port = ntohs(a->sin6_port);
		} else {
			struct sockaddr_in *a = (struct sockaddr_in *)&ss;

			inet_ntop(AF_INET, &a->sin_addr, h->primary_ip, sizeof(h->primary_ip));
			h->primary_port = ntohs(a->sin_port);
		}
	}
	sl = sizeof(ss);
	if (!getsockname(fd, (struct sockaddr *)&ss, &sl)) {
		if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

			inet_ntop(AF_INET6, &a->sin6_addr, h->local_ip, sizeof(h->local_ip));
			h->local_port = ntohs(a->sin6_port);
		} else {
			struct sockaddr_in *a = (struct sockaddr_in *)&ss;

			inet_ntop(AF_INET, &a->sin_addr, h->local_ip, sizeof(h->local_ip));
			h->local_port = ntohs(a->sin_port);
		}
	}
}

/* CURLOPT_CONNECT_TO entries "HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT" (HOST or PORT empty:
 * any). Fills host and port when one applies to u. */
static void apply_connect_to(lean_handle *h, const struct lean_url *u, char *host, size_t hcap,
			     unsigned *port)
{
	struct curl_slist *l;

	snprintf(host, hcap, "%s", u->host);
	*port = u->port;
	for (l = h->connect_to; l; l = l->next) {
		const char *s = l->data, *p, *hs, *he;
		size_t n;
		unsigned long prt;

		if (!s)
			continue;
		if (*s == '[') {
			if (!(p = strchr(s, ']')) || p[1] != ':')
				continue;
			hs = s + 1;
			he = p;
			p += 2;
		} else {
			if (!(p = strchr(s, ':')))
				continue;
			hs = s;
			he = p;
			p++;
		}
		if (he > hs && !ieq(hs, (size_t)(he - hs), u->host))
			continue;
		if (*p != ':') {
			prt = strtoul(p, (char **)&p, 10);
			if (prt != u->port)
				continue;
		}
		if (*p != ':')
			continue;
		p++;
		/* target host (maybe [v6]) and port */
		if (*p == '[') {
			const char *rb = strchr(p, ']');

			if (!rb)
				continue;
			hs = p + 1;
			he = rb;
			p = rb + 1;
		} else {
			const char *colon = strrchr(p, ':');

			hs = p;
			he = colon ? colon : p + strlen(p);
			p = he;
		}
		n = (size_t)(he - hs);
		if (n && n < hcap) {
			memcpy(host, hs, n);
			host[n] = '\0';
		}
		if (*p == ':' && p[1])
			*port = (unsigned)strtoul(p + 1, NULL, 10);
		return;
	}
}

static CURLcode tcp_connect(lean_handle *h, const char *host, unsigned port)
{
	struct addrinfo hints, *res = NULL, *ai;
	char ps[8];
	int fd = -1, err = 0, r = 0;
	CURLcode cc = CURLE_COULDNT_CONNECT;
	int64_t cdl = h->connect_timeout_ms > 0 ? h->start_ms + h->connect_timeout_ms : 0;
	int64_t saved = h->deadline;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_NUMERICHOST; /* an IP: no lookup, no netlink query */
	snprintf(ps, sizeof(ps), "%u", port);
	if (getaddrinfo(host, ps, &hints, &res) != 0 || !res) {
		if (res)
			freeaddrinfo(res);
		res = NULL;
		hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
		r = getaddrinfo(host, ps, &hints, &res);
	}
	if (r != 0 || !res) {
		/* AI_ADDRCONFIG hides 127.0.0.1 without a configured address: try again */
		hints.ai_flags = AI_NUMERICSERV;
		if (res)
			freeaddrinfo(res);
		res = NULL;
		if (getaddrinfo(host, ps, &hints, &res) != 0 || !res) {
			lean_errbuf(&h->io, "Could not resolve host: %s", host);
			return CURLE_COULDNT_RESOLVE_HOST;
		}
	}
	if (cdl && (!h->deadline || cdl < h->deadline))
		h->deadline = cdl;
	for (ai = res; ai; ai = ai->ai_next) {
		socklen_t sl = sizeof(err);
		int one = 1;

		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			    ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			err = 0;
			break;
		}
		err = errno;
		if (err == EINPROGRESS) {
			h->io.fd = fd;
			if ((cc = io_wait(&h->io, POLLOUT)) != CURLE_OK) {
				close(fd);
				fd = -1;
				goto out;
			}
			err = 0;
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl) < 0)
				err = errno;
			if (!err)
				break;
		}
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		char ip[INET6_ADDRSTRLEN] = "";

		cc = CURLE_COULDNT_CONNECT;
		h->io.os_errno = err;
		if (res->ai_family == AF_INET6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr, ip,
				  sizeof(ip));
		else
			inet_ntop(AF_INET, &((struct sockaddr_in *)res->ai_addr)->sin_addr, ip,
				  sizeof(ip));
		snprintf(h->primary_ip, sizeof(h->primary_ip), "%s", ip);
		h->primary_port = (long)port;
		lean_errbuf(&h->io, "Failed to connect to %s port %u after %lld ms: %s", host, port,
			    (long long)(now_ms() - h->start_ms),
			    err == ECONNREFUSED ? "Couldn't connect to server" : strerror(err));
		goto out;
	}
	cc = CURLE_OK;
	h->conn.fd = fd;
	h->connect_us = now_us() - h->start_us;
	if (h->connect_us <= 0)
		h->connect_us = 1;
	fill_addrs(h, fd);
out:
	h->deadline = saved;
	freeaddrinfo(res);
	return cc;
}

static CURLcode conn_open(lean_handle *h, const struct lean_url *u, const char *host,
			  unsigned port)
{
	CURLcode cc;

	conn_close(h);
	if ((cc = tcp_connect(h, host, port)) != CURLE_OK)
		return cc;
	h->conn.https = u->https;
	snprintf(h->conn.host, sizeof(h->conn.host), "%s", host);
	h->conn.port = port;
	snprintf(h->conn.name, sizeof(h->conn.name), "%s", u->host);
	if (u->https) {
		struct lean_tls_opts o;
		int64_t cdl = h->connect_timeout_ms > 0 ? h->start_ms + h->connect_timeout_ms : 0;
		int64_t saved = h->deadline;

		memset(&o, 0, sizeof(o));
		o.name = u->host;
		o.verify_peer = h->verify_peer;
		o.verify_host = h->verify_host;
		o.ca_blob = h->ca_blob;
		o.ca_blob_len = h->ca_blob_len;
		o.ca_file = h->ca_file;
		o.ca_default = h->ca_default;
		o.cert = h->cert;
		o.cert_len = h->cert_len;
		o.key = h->key;
		o.key_len = h->key_len;
		if (cdl && (!h->deadline || cdl < h->deadline))
			h->deadline = cdl;
		h->io.fd = h->conn.fd;
		cc = lean_tls_connect(&h->conn.tls, &o, &h->io);
		h->deadline = saved;
		if (cc != CURLE_OK) {
			conn_close(h);
			return cc;
		}
		h->appconnect_us = now_us() - h->start_us;
		if (h->appconnect_us <= 0)
			h->appconnect_us = 1;
	}
	return CURLE_OK;
}

/* ---- one exchange ---- */

struct resp {
	int minor, code;
	bool chunked, has_len, conn_close, conn_keep, got_any, got_status, gzip;
	uint64_t len;
	char *location;
};

/* Read one line of the head into *line (pointing into rbuf, valid until the next read). */
static CURLcode read_line(lean_handle *h, struct resp *r, const char **line, size_t *n)
{
	for (;;) {
		char *nl = memchr(h->rbuf + h->rpos, '\n', h->rlen - h->rpos);
		size_t got;
		CURLcode cc;

		if (nl) {
			*line = h->rbuf + h->rpos;
			*n = (size_t)(nl + 1 - *line);
			h->rpos += *n;
			return CURLE_OK;
		}
		if (h->rpos > 0) {
			memmove(h->rbuf, h->rbuf + h->rpos, h->rlen - h->rpos);
			h->rlen -= h->rpos;
			h->rpos = 0;
		}
		if (h->rlen == RBUF_SIZE) {
			lean_errbuf(&h->io, "Header line too long");
			return CURLE_WEIRD_SERVER_REPLY;
		}
		if ((cc = conn_recv(h, h->rbuf + h->rlen, RBUF_SIZE - h->rlen, &got)) != CURLE_OK)
			return cc;
		if (!got) {
			if (!r->got_any && !h->rlen) {
				lean_errbuf(&h->io, "Empty reply from server");
				return CURLE_GOT_NOTHING;
			}
			lean_errbuf(&h->io, "Connection died while reading the response head");
			return r->got_status ? CURLE_PARTIAL_FILE : CURLE_RECV_ERROR;
		}
		r->got_any = true;
		h->rlen += got;
	}
}

static CURLcode deliver_header(lean_handle *h, const char *p, size_t n)
{
	if (h->hdr_fn && h->hdr_fn((char *)p, 1, n, h->hdr_ud) != n) {
		lean_errbuf(&h->io, "Failed writing header");
		return CURLE_WRITE_ERROR;
	}
	return CURLE_OK;
}

static CURLcode read_head(lean_handle *h, struct resp *r)
{
	const char *line, *name, *val;
	size_t n, nl, vl, total = 0;
	CURLcode cc;

	for (;;) { /* one head; 1xx heads are skipped */
		r->chunked = r->has_len = r->conn_close = r->conn_keep = r->gzip = false;
		free(r->location);
		r->location = NULL;
		if ((cc = read_line(h, r, &line, &n)) != CURLE_OK)
			return cc;
		if (lean_status_parse(line, n, &r->minor, &r->code) < 0 || r->minor < 0) {
			lean_errbuf(&h->io, "Unsupported HTTP version in response");
			return CURLE_UNSUPPORTED_PROTOCOL;
		}
		r->got_status = true;
		h->code = r->code;
		free(h->content_type);
		h->content_type = NULL;
		if ((cc = deliver_header(h, line, n)) != CURLE_OK)
			return cc;
		for (;;) {
			if ((cc = read_line(h, r, &line, &n)) != CURLE_OK)
				return cc;
			if ((total += n) > MAX_HEAD) {
				lean_errbuf(&h->io, "Too large response headers");
				return CURLE_RECV_ERROR;
			}
			if (n <= 2 && (line[0] == '\n' || (line[0] == '\r' && n == 2))) {
				if ((cc = deliver_header(h, line, n)) != CURLE_OK)
					return cc;
				break;
			}
			if ((cc = deliver_header(h, line, n)) != CURLE_OK)
				return cc;
			if (!lean_header_split(line, n, &name, &nl, &val, &vl))
				continue;
			if (ieq(name, nl, "content-length")) {
				uint64_t v = 0;
				size_t i;

				for (i = 0; i < vl && isdigit((unsigned char)val[i]); i++)
					v = v * 10 + (uint64_t)(val[i] - '0');
				if (!vl || i != vl) {
					lean_errbuf(&h->io, "Invalid Content-Length: value");
					return CURLE_WEIRD_SERVER_REPLY;
				}
				r->has_len = true;
				r->len = v;
			} else if (ieq(name, nl, "transfer-encoding")) {
				r->chunked = lean_header_has_token(val, vl, "chunked");
			} else if (ieq(name, nl, "content-encoding")) {
				r->gzip = lean_header_has_token(val, vl, "gzip");
			} else if (ieq(name, nl, "connection")) {
				if (lean_header_has_token(val, vl, "close"))
					r->conn_close = true;
				if (lean_header_has_token(val, vl, "keep-alive"))
					r->conn_keep = true;
			} else if (ieq(name, nl, "location")) {
				free(r->location);
				if (!(r->location = strndup(val, vl)))
					return CURLE_OUT_OF_MEMORY;
			} else if (ieq(name, nl, "content-type")) {
				free(h->content_type);
				if (!(h->content_type = strndup(val, vl)))
					return CURLE_OUT_OF_MEMORY;
			}
		}
		if (r->code >= 100 && r->code < 200 && r->code != 101)
			continue;
		return CURLE_OK;
	}
}

/* ---- gzip bodies (zlib, loaded with dlopen the first time gzip is asked for) ---- */

static struct {
	int (*init)(z_streamp, int, const char *, int);
	int (*inflate)(z_streamp, int);
	int (*end)(z_streamp);
	const char *(*version)(void);
	int state; /* 0 not tried, 1 loaded, -1 unavailable */
} zl;

static bool zlib_load(void)
{
	void *lib;

	if (zl.state)
		return zl.state > 0;
	zl.state = -1;
	if (!(lib = dlopen("libz.so.1", RTLD_LAZY | RTLD_LOCAL)))
		return false;
	*(void **)&zl.init = dlsym(lib, "inflateInit2_");
	*(void **)&zl.inflate = dlsym(lib, "inflate");
	*(void **)&zl.end = dlsym(lib, "inflateEnd");
	*(void **)&zl.version = dlsym(lib, "zlibVersion");
	if (!zl.init || !zl.inflate || !zl.end || !zl.version) {
		dlclose(lib);
		return false;
	}
	zl.state = 1;
	return true;
}

struct lean_gunzip {
	z_stream z;
	bool done; /* the gzip stream ended */
};

static CURLcode write_out(lean_handle *h, char *p, size_t n)
{
	if (h->write_fn && h->write_fn(p, 1, n, h->write_ud) != n) {
		lean_errbuf(&h->io, "Failure writing output to destination");
		return CURLE_WRITE_ERROR;
	}
	return CURLE_OK;
}

static CURLcode gunzip_data(lean_handle *h, char *p, size_t n)
{
	struct lean_gunzip *g = h->gz;
	char out[16384];
	CURLcode cc;
	int zr;

	if (g->done)
		return CURLE_OK; /* bytes after the stream's end are ignored */
	g->z.next_in = (Bytef *)p;
	g->z.avail_in = (uInt)n;
	do {
		size_t have;

		g->z.next_out = (Bytef *)out;
		g->z.avail_out = sizeof(out);
		zr = zl.inflate(&g->z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			g->done = true;
		} else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			lean_errbuf(&h->io, "Error while processing content unencoding: %s",
				    g->z.msg ? g->z.msg : "invalid gzip data");
			return CURLE_BAD_CONTENT_ENCODING;
		}
		have = sizeof(out) - g->z.avail_out;
		if (have && (cc = write_out(h, out, have)) != CURLE_OK)
			return cc;
		if (zr == Z_BUF_ERROR && !have)
			break;
	} while (!g->done && (g->z.avail_in > 0 || g->z.avail_out == 0));
	return CURLE_OK;
}

static CURLcode deliver_data(lean_handle *h, char *p, size_t n, bool discard)
{
	if (discard || !n)
		return CURLE_OK;
	if (h->gz)
		return gunzip_data(h, p, n);
	/* without a write function the data is dropped (libcurl would print it; a library does
	 * not, and client.c always sets one) */
	return write_out(h, p, n);
}

/* Next bytes of the body: what is buffered, else one read. *n 0 means EOF. */
static CURLcode body_bytes(lean_handle *h, char **p, size_t *n)
{
	CURLcode cc;
	size_t got;

	if (h->rpos < h->rlen) {
		*p = h->rbuf + h->rpos;
		*n = h->rlen - h->rpos;
		h->rpos = h->rlen = 0;
		return CURLE_OK;
	}
	h->rpos = h->rlen = 0;
	if ((cc = conn_recv(h, h->rbuf, RBUF_SIZE, &got)) != CURLE_OK)
		return cc;
	*p = h->rbuf;
	*n = got;
	return CURLE_OK;
}

/* Read the body; *keep says whether the connection can carry another request. */
static CURLcode read_body_raw(lean_handle *h, struct resp *r, bool head_req, bool discard,
			      bool *keep)
{
	char *p;
	size_t n;
	CURLcode cc;

	*keep = !r->conn_close && (r->minor >= 1 || r->conn_keep);
	if (head_req || r->code == 204 || r->code == 304 || (r->code >= 100 && r->code < 200))
		return CURLE_OK;
	if (r->chunked) {
		struct lean_chunked st = LEAN_CHUNKED_INIT;

		for (;;) {
			size_t used, out;
			int d;

			if ((cc = body_bytes(h, &p, &n)) != CURLE_OK)
				return cc;
			if (!n) {
				*keep = false;
				lean_errbuf(&h->io, "transfer closed with outstanding read data "
						    "remaining");
				return CURLE_PARTIAL_FILE;
			}
			if ((d = lean_chunked_decode(&st, p, n, &used, &out)) < 0) {
				*keep = false;
				lean_errbuf(&h->io, "Malformed encoding found in chunked-encoding");
				return CURLE_RECV_ERROR;
			}
			if ((cc = deliver_data(h, p, out, discard)) != CURLE_OK)
				return cc;
			if (d == 1) {
				if (used < n) /* bytes after the body: a confused server */
					*keep = false;
				return CURLE_OK;
			}
		}
	}
	if (r->has_len) {
		uint64_t left = r->len;

		while (left > 0) {
			if ((cc = body_bytes(h, &p, &n)) != CURLE_OK)
				return cc;
			if (!n) {
				*keep = false;
				lean_errbuf(&h->io, "transfer closed with %llu bytes remaining to read",
					    (unsigned long long)left);
				return CURLE_PARTIAL_FILE;
			}
			if ((uint64_t)n > left) {
				*keep = false; /* more than announced */
				n = (size_t)left;
			}
			left -= n;
			if ((cc = deliver_data(h, p, n, discard)) != CURLE_OK)
				return cc;
		}
		return CURLE_OK;
	}
	/* delimited by the end of the connection */
	*keep = false;
	if (discard)
		return CURLE_OK;
	for (;;) {
		if ((cc = body_bytes(h, &p, &n)) != CURLE_OK)
			return cc;
		if (!n)
			return CURLE_OK;
		if ((cc = deliver_data(h, p, n, false)) != CURLE_OK)
			return cc;
	}
}

/* read_body_raw, through gunzip when the reply is gzip-encoded (and was asked so) */
static CURLcode read_body(lean_handle *h, struct resp *r, bool head_req, bool discard,
			  bool *keep)
{
	struct lean_gunzip g;
	CURLcode cc;

	if (!r->gzip || discard || head_req || zl.state <= 0)
		return read_body_raw(h, r, head_req, discard, keep);
	memset(&g, 0, sizeof(g));
	if (zl.init(&g.z, 16 + MAX_WBITS, zl.version(), (int)sizeof(g.z)) != Z_OK)
		return CURLE_OUT_OF_MEMORY;
	h->gz = &g;
	cc = read_body_raw(h, r, head_req, discard, keep);
	h->gz = NULL;
	if (cc == CURLE_OK && !g.done && g.z.total_in) {
		lean_errbuf(&h->io, "Error while processing content unencoding: unexpected end "
				    "of file");
		cc = CURLE_BAD_CONTENT_ENCODING;
	}
	zl.end(&g.z);
	return cc;
}

static bool is_followed(int code)
{
	return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
}

/* Whether the URLs have the same scheme, host and port (credentials may go along). */
static bool same_origin(const struct lean_url *a, const struct lean_url *b)
{
	return a->https == b->https && a->port == b->port && !strcasecmp(a->host, b->host);
}

/* The target of a redirect: Location resolved against the URL that answered. NULL on OOM. */
static char *resolve_location(const char *base, const char *loc)
{
	kube_buf b = KUBE_BUF_INIT;
	const char *p = loc, *auth, *path;

	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (p > loc && p[0] == ':' && p[1] == '/' && p[2] == '/')
		return strdup(loc);
	auth = strstr(base, "://");
	auth = auth ? auth + 3 : base;
	if (loc[0] == '/' && loc[1] == '/') {
		kube_buf_put(&b, base, (size_t)(auth - base - 2));
		kube_buf_puts(&b, loc);
		return kube_buf_detach(&b, NULL);
	}
	path = auth + strcspn(auth, "/?#");
	kube_buf_put(&b, base, (size_t)(path - base));
	if (loc[0] == '/') {
		kube_buf_puts(&b, loc);
	} else if (loc[0] == '?') {
		kube_buf_put(&b, path, strcspn(path, "?#"));
		kube_buf_puts(&b, loc);
	} else {
		size_t pl = strcspn(path, "?#");
		const char *slash = NULL, *q;

		for (q = path; q < path + pl; q++)
			if (*q == '/')
				slash = q;
		if (slash)
			kube_buf_put(&b, path, (size_t)(slash - path + 1));
		else
			kube_buf_putc(&b, '/');
		kube_buf_puts(&b, loc);
	}
	return kube_buf_detach(&b, NULL);
}

/* Length of a header line's name ("Name: v" or "Name;"), 0 if none. */
static size_t header_name(const char *s, bool *empty_ok, bool *disabled)
{
	size_t n = strcspn(s, ":;");
	const char *v;

	*empty_ok = s[n] == ';';
	*disabled = false;
	if (!s[n] || !n)
		return 0;
	if (s[n] == ':') {
		for (v = s + n + 1; *v == ' ' || *v == '\t'; v++)
			;
		*disabled = !*v;
	} else if (s[n + 1]) {
		return 0; /* "Name;rest" is not a header */
	}
	return n;
}

static void build_request(lean_handle *h, kube_buf *b, const struct lean_url *u,
			  const char *method, bool post, size_t body_len, bool strip_auth)
{
	const struct curl_slist *l;
	bool have_host = false, have_ua = false, have_accept = false, have_ct = false;
	bool empty_ok, disabled;
	size_t n;

	for (l = h->headers; l; l = l->next) {
		if (!l->data || !(n = header_name(l->data, &empty_ok, &disabled)))
			continue;
		if (ieq(l->data, n, "host"))
			have_host = true;
		else if (ieq(l->data, n, "user-agent"))
			have_ua = true;
		else if (ieq(l->data, n, "accept"))
			have_accept = true;
		else if (ieq(l->data, n, "content-type"))
			have_ct = true;
	}
	kube_buf_printf(b, "%s ", method);
	if (!u->target_len || u->target[0] == '?')
		kube_buf_putc(b, '/');
	kube_buf_put(b, u->target, u->target_len);
	kube_buf_puts(b, " HTTP/1.1\r\n");
	if (!have_host) {
		kube_buf_puts(b, "Host: ");
		if (strchr(u->host, ':'))
			kube_buf_printf(b, "[%s]", u->host);
		else
			kube_buf_puts(b, u->host);
		if (u->port != (u->https ? 443u : 80u))
			kube_buf_printf(b, ":%u", u->port);
		kube_buf_puts(b, "\r\n");
	}
	if (!have_ua && h->ua)
		kube_buf_printf(b, "User-Agent: %s\r\n", h->ua);
	if (!have_accept)
		kube_buf_puts(b, "Accept: */*\r\n");
	if (h->want_gzip && zlib_load())
		kube_buf_puts(b, "Accept-Encoding: gzip\r\n");
	for (l = h->headers; l; l = l->next) {
		if (!l->data || !(n = header_name(l->data, &empty_ok, &disabled)) || disabled)
			continue;
		if (ieq(l->data, n, "content-length") || ieq(l->data, n, "transfer-encoding"))
			continue;
		/* credentials stay with the scheme, host and port they were given for */
		if (strip_auth && (ieq(l->data, n, "authorization") || ieq(l->data, n, "cookie")))
			continue;
		if (empty_ok) {
			kube_buf_put(b, l->data, n);
			kube_buf_puts(b, ":\r\n");
		} else {
			kube_buf_puts(b, l->data);
			kube_buf_puts(b, "\r\n");
		}
	}
	if (post) {
		if (!have_ct)
			kube_buf_puts(b, "Content-Type: application/x-www-form-urlencoded\r\n");
		kube_buf_printf(b, "Content-Length: %zu\r\n", body_len);
	}
	kube_buf_puts(b, "\r\n");
}

/* Whether an error means the server closed a kept connection before it saw the request. */
static bool stale_conn_error(lean_handle *h, CURLcode cc)
{
	int e = h->io.os_errno;

	return cc == CURLE_GOT_NOTHING ||
	       ((cc == CURLE_SEND_ERROR || cc == CURLE_RECV_ERROR) && (e == ECONNRESET || e == EPIPE));
}

static CURLcode l_perform(CURL *c)
{
	lean_handle *h = c;
	struct lean_url u, orig;
	struct resp r;
	kube_buf req = KUBE_BUF_INIT;
	char *url = NULL, chost[256];
	const char *method;
	bool post, retried = false, keep, follow, head_req;
	size_t body_len = 0;
	unsigned cport;
	CURLcode cc;

	memset(&r, 0, sizeof(r));
	clear_info(h);
	if (h->errbuf)
		h->errbuf[0] = '\0';
	h->io.errbuf = h->errbuf;
	h->io.wait = io_wait;
	h->io.ud = h;
	h->io.os_errno = 0;
	h->start_ms = now_ms();
	h->start_us = now_us();
	h->received = 0;
	h->deadline = h->timeout_ms > 0 ? h->start_ms + h->timeout_ms : 0;
	if (h->proxy_set) {
		lean_errbuf(&h->io, "proxies need libcurl");
		cc = CURLE_UNSUPPORTED_PROTOCOL;
		goto out;
	}
	if (!h->url || !(url = strdup(h->url))) {
		cc = h->url ? CURLE_OUT_OF_MEMORY : CURLE_URL_MALFORMAT;
		goto out;
	}
	if (lean_url_parse(url, &orig) < 0) {
		lean_errbuf(&h->io, "Protocol not supported or URL malformed: %s", url);
		cc = CURLE_UNSUPPORTED_PROTOCOL;
		goto out;
	}
	post = h->post;
	method = h->custom ? h->custom : h->nobody ? "HEAD" : post ? "POST" : "GET";
	if (post)
		body_len = h->postsize >= 0 ? (size_t)h->postsize : strlen(h->postfields);
	if ((cc = progress(h)) != CURLE_OK)
		goto out;
	for (;;) {
		if (lean_url_parse(url, &u) < 0) {
			lean_errbuf(&h->io, "Protocol not supported or URL malformed: %s", url);
			cc = CURLE_UNSUPPORTED_PROTOCOL;
			goto out;
		}
		free(h->effective_url);
		if (!(h->effective_url = strdup(url))) {
			cc = CURLE_OUT_OF_MEMORY;
			goto out;
		}
		apply_connect_to(h, &u, chost, sizeof(chost), &cport);
		if (h->conn.fd >= 0 && h->conn.https == u.https && h->conn.port == cport &&
		    !strcasecmp(h->conn.host, chost) && !strcasecmp(h->conn.name, u.host) &&
		    h->conn_gen == h->tls_gen && conn_alive(h)) {
			h->connect_us = h->appconnect_us = 1; /* it is up */
			fill_addrs(h, h->conn.fd);
			h->reused = true;
		} else {
			h->reused = false;
			if ((cc = conn_open(h, &u, chost, cport)) != CURLE_OK)
				goto out;
			h->conn_gen = h->tls_gen;
		}
		if (h->connect_only) {
			if (h->certinfo_on && h->conn.tls &&
			    (h->ci_list = lean_tls_certinfo(h->conn.tls))) {
				h->ci.num_of_certs = 1;
				h->ci.certinfo = &h->ci_list;
			}
			cc = CURLE_OK;
			goto out;
		}
		head_req = h->nobody || !strcmp(method, "HEAD");
		kube_buf_wipe(&req);
		build_request(h, &req, &u, method, post, body_len, !same_origin(&orig, &u));
		if (req.failed) {
			cc = CURLE_OUT_OF_MEMORY;
			goto out;
		}
		free(r.location);
		memset(&r, 0, sizeof(r));
		cc = conn_send(h, req.ptr, req.len);
		if (cc == CURLE_OK && post && body_len)
			cc = conn_send(h, h->postfields, body_len);
		if (cc == CURLE_OK)
			cc = read_head(h, &r);
		if (cc != CURLE_OK) {
			if (h->reused && !retried && !r.got_any && stale_conn_error(h, cc)) {
				/* the server closed the kept connection: once more on a new one */
				retried = true;
				conn_close(h);
				h->io.os_errno = 0;
				if (h->errbuf)
					h->errbuf[0] = '\0';
				continue;
			}
			goto out;
		}
		follow = h->follow && is_followed(r.code) && r.location;
		if ((cc = read_body(h, &r, head_req, follow, &keep)) != CURLE_OK)
			goto out;
		if (!keep)
			conn_close(h);
		if (!follow)
			break;
		if (h->redirects >= h->maxredirs) {
			lean_errbuf(&h->io, "Maximum (%ld) redirects followed", h->maxredirs);
			cc = CURLE_TOO_MANY_REDIRECTS;
			goto out;
		}
		{
			char *next = resolve_location(url, r.location);
			struct lean_url nu;

			if (!next) {
				cc = CURLE_OUT_OF_MEMORY;
				goto out;
			}
			free(url);
			url = next;
			if (lean_url_parse(url, &nu) < 0) {
				lean_errbuf(&h->io, "Protocol not supported or disabled in libcurl");
				cc = CURLE_UNSUPPORTED_PROTOCOL;
				goto out;
			}
		}
		h->redirects++;
		if ((r.code == 303 && strcmp(method, "HEAD")) ||
		    ((r.code == 301 || r.code == 302) && post && !h->custom)) {
			method = h->custom && r.code != 303 ? h->custom : "GET";
			post = false;
			body_len = 0;
		}
		retried = false;
	}
	cc = CURLE_OK;
out:
	if (cc != CURLE_OK && !h->connect_only)
		conn_close(h);
	h->os_errno = h->io.os_errno;
	free(r.location);
	free(url);
	kube_buf_wipe(&req);
	return cc;
}

static const struct kube_curl_api lean_api = {
	.easy_init = l_init,
	.easy_setopt = l_setopt,
	.easy_perform = l_perform,
	.easy_getinfo = l_getinfo,
	.easy_cleanup = l_cleanup,
	.easy_reset = l_reset,
	.easy_strerror = l_strerror,
	.easy_recv = l_recv,
	.easy_send = l_send,
	.slist_append = lean_slist_append,
	.slist_free_all = lean_slist_free_all,
	.global_init = l_global_init,
};

const struct kube_curl_api *kube_lean_api(void)
{
	return &lean_api;
}
