/* kube_client: requests to the API server over the lean transport (lean.c) or libcurl (both
 * loaded lazily; see kube_http_load()). */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <kube/client.h>
#include <kube/config.h>

#include "curl-dl.h"
#include "banned.h"

#define DEFAULT_MAX_BODY ((size_t)256 << 20)
#define MAX_RETRIES 10
#define CONNECT_TIMEOUT_MS 30000L /* kubectl's dialer: 30 s, TLS handshake included */

struct kube_client {
	kube_client_opts o;     /* strings point into owned copies below */
	char *server, *host, *scheme_host;
	char *ca, *cert, *key, *token, *basic, *imp_user, *imp_uid, **imp_groups;
	char **imp_extra; /* whole header lines */
	char *tls_name, *proxy, *ua, *command;
	size_t ca_len, cert_len, key_len;
	bool https;
	kube_credential cred;  /* from the credential provider */
	bool have_cred;
	char session[37];
	const struct kube_curl_api *curl;
	CURL *h;
	char errbuf[CURL_ERROR_SIZE];
};

static char *dupn(const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	if ((p = malloc(n + 1))) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static char *dupz(const char *s)
{
	return s ? dupn(s, strlen(s)) : NULL;
}

static void wipe_free(char *s, size_t n)
{
	if (!s)
		return;
	if (!n)
		n = strlen(s);
	explicit_bzero(s, n);
	free(s);
}

static void cred_release(kube_credential *c)
{
	wipe_free(c->token, 0);
	wipe_free(c->cert_pem, 0);
	wipe_free(c->key_pem, 0);
	memset(c, 0, sizeof(*c));
}

void kube_client_free(kube_client *c)
{
	size_t i;

	if (!c)
		return;
	if (c->h)
		c->curl->easy_cleanup(c->h);
	free(c->server);
	free(c->host);
	free(c->scheme_host);
	free(c->ca);
	free(c->cert);
	wipe_free(c->key, c->key_len);
	wipe_free(c->token, 0);
	wipe_free(c->basic, 0);
	free(c->imp_user);
	free(c->imp_uid);
	for (i = 0; c->imp_groups && c->imp_groups[i]; i++)
		free(c->imp_groups[i]);
	free(c->imp_groups);
	for (i = 0; c->imp_extra && c->imp_extra[i]; i++)
		free(c->imp_extra[i]);
	free(c->imp_extra);
	free(c->tls_name);
	free(c->proxy);
	free(c->ua);
	free(c->command);
	cred_release(&c->cred);
	free(c);
}

static void make_session(char out[37])
{
	unsigned char r[16];
	size_t i, j = 0;
	static const char hex[] = "0123456789abcdef";

	if (getrandom(r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
		unsigned long x = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);

		for (i = 0; i < 16; i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			r[i] = (unsigned char)(x >> 33);
		}
	}
	r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[j++] = '-';
		out[j++] = hex[r[i] >> 4];
		out[j++] = hex[r[i] & 15];
	}
	out[j] = '\0';
}

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *base64(const char *s)
{
	kube_buf b = KUBE_BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i;

	for (i = 0; i + 2 < n; i += 3) {
		kube_buf_putc(&b, b64chars[p[i] >> 2]);
		kube_buf_putc(&b, b64chars[((p[i] & 3) << 4) | (p[i + 1] >> 4)]);
		kube_buf_putc(&b, b64chars[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)]);
		kube_buf_putc(&b, b64chars[p[i + 2] & 63]);
	}
	if (n - i == 1) {
		kube_buf_putc(&b, b64chars[p[i] >> 2]);
		kube_buf_putc(&b, b64chars[(p[i] & 3) << 4]);
		kube_buf_puts(&b, "==");
	} else if (n - i == 2) {
		kube_buf_putc(&b, b64chars[p[i] >> 2]);
		kube_buf_putc(&b, b64chars[((p[i] & 3) << 4) | (p[i + 1] >> 4)]);
		kube_buf_putc(&b, b64chars[(p[i + 1] & 15) << 2]);
		kube_buf_putc(&b, '=');
	}
	return kube_buf_detach(&b, NULL);
}

int kube_client_new(kube_client **out, const kube_client_opts *o, kube_err *err)
{
	kube_client *c;
	const char *hp, *slash;
	size_t n, i;

	*out = NULL;
	if (!o || !o->server || !*o->server)
		return kube_err_set(err, KUBE_EINVAL, "no server given");
	if (!(c = calloc(1, sizeof(*c))))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	c->o = *o;
	n = strlen(o->server);
	while (n > 0 && o->server[n - 1] == '/')
		n--;
	c->server = dupn(o->server, n);
	c->https = !strncasecmp(o->server, "https://", 8);
	hp = strstr(c->server ? c->server : "", "://");
	hp = hp ? hp + 3 : c->server;
	slash = hp ? strchr(hp, '/') : NULL;
	c->host = hp ? dupn(hp, slash ? (size_t)(slash - hp) : strlen(hp)) : NULL;
	if (c->host && !strchr(c->host, ':') && c->host[0] != '[') {
		char *h2 = malloc(strlen(c->host) + 7);

		if (h2) {
			snprintf(h2, strlen(c->host) + 7, "%s:%s", c->host, c->https ? "443" : "80");
			free(c->host);
			c->host = h2;
		}
	}
	c->ca = dupn(o->ca_pem, o->ca_pem_len ? o->ca_pem_len : (o->ca_pem ? strlen(o->ca_pem) : 0));
	c->ca_len = o->ca_pem ? (o->ca_pem_len ? o->ca_pem_len : strlen(o->ca_pem)) : 0;
	c->cert_len = o->cert_pem ? (o->cert_pem_len ? o->cert_pem_len : strlen(o->cert_pem)) : 0;
	c->key_len = o->key_pem ? (o->key_pem_len ? o->key_pem_len : strlen(o->key_pem)) : 0;
	c->cert = dupn(o->cert_pem, c->cert_len);
	c->key = dupn(o->key_pem, c->key_len);
	c->token = dupz(o->token);
	if (o->username || o->password) {
		kube_buf up = KUBE_BUF_INIT;

		kube_buf_printf(&up, "%s:%s", o->username ? o->username : "",
				o->password ? o->password : "");
		c->basic = up.failed ? NULL : base64(up.ptr);
		kube_buf_wipe(&up);
	}
	c->imp_user = dupz(o->impersonate_user);
	c->imp_uid = dupz(o->impersonate_uid);
	for (n = 0; o->impersonate_groups && o->impersonate_groups[n]; n++)
		;
	if (n && (c->imp_groups = calloc(n + 1, sizeof(char *))))
		for (i = 0; i < n; i++)
			c->imp_groups[i] = dupz(o->impersonate_groups[i]);
	for (i = 0, n = 0; i < o->nimpersonate_extra; i++)
		n += o->impersonate_extra[i].nvalues;
	if (n && (c->imp_extra = calloc(n + 1, sizeof(char *)))) {
		size_t j, k = 0;

		for (i = 0; i < o->nimpersonate_extra; i++)
			for (j = 0; j < o->impersonate_extra[i].nvalues; j++) {
				kube_buf h = KUBE_BUF_INIT;

				kube_impersonate_extra_header(&h, o->impersonate_extra[i].key,
							      o->impersonate_extra[i].values[j]);
				c->imp_extra[k++] = kube_buf_detach(&h, NULL);
			}
	}
	c->tls_name = dupz(o->tls_server_name);
	c->proxy = dupz(o->proxy_url);
	c->ua = dupz(o->user_agent ? o->user_agent : "kubec/v" KUBE_VERSION);
	c->command = dupz(o->command);
	make_session(c->session);
	if (!c->server || !c->host || !c->ua) {
		kube_client_free(c);
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	*out = c;
	return 0;
}

const char *kube_client_server(const kube_client *c)
{
	return c->server;
}

const char *kube_client_host(const kube_client *c)
{
	return c->host;
}

void kube_response_release(kube_response *resp)
{
	free(resp->content_type);
	resp->content_type = NULL;
	resp->status = 0;
	kube_buf_release(&resp->body);
}

/* ---- query encoding ---- */

struct kv {
	const char *k, *v;
	size_t idx;
};

static int cmp_kv(const void *a, const void *b)
{
	const struct kv *x = a, *y = b;
	int r = strcmp(x->k, y->k);

	if (r)
		return r;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

void kube_query_encode(kube_buf *out, const kube_param *params, size_t n)
{
	struct kv *v;
	size_t i;

	if (!n)
		return;
	if (!(v = malloc(n * sizeof(*v)))) {
		out->failed = true;
		return;
	}
	for (i = 0; i < n; i++) {
		v[i].k = params[i].key;
		v[i].v = params[i].value ? params[i].value : "";
		v[i].idx = i;
	}
	qsort(v, n, sizeof(*v), cmp_kv);
	for (i = 0; i < n; i++) {
		if (i)
			kube_buf_putc(out, '&');
		kube_buf_put_query(out, v[i].k);
		kube_buf_putc(out, '=');
		kube_buf_put_query(out, v[i].v);
	}
	free(v);
}

void kube_duration_format(kube_buf *out, int64_t ms)
{
	int64_t h, m, s, frac;

	if (ms == 0) {
		kube_buf_puts(out, "0s");
		return;
	}
	if (ms < 0) {
		kube_buf_putc(out, '-');
		ms = -ms;
	}
	if (ms < 1000) {
		kube_buf_printf(out, "%lldms", (long long)ms);
		return;
	}
	h = ms / 3600000;
	m = (ms / 60000) % 60;
	s = (ms / 1000) % 60;
	frac = ms % 1000;
	if (h)
		kube_buf_printf(out, "%lldh", (long long)h);
	if (h || m)
		kube_buf_printf(out, "%lldm", (long long)m);
	kube_buf_printf(out, "%lld", (long long)s);
	if (frac) {
		char f[8];
		int k;

		snprintf(f, sizeof(f), ".%03lld", (long long)frac);
		for (k = 3; k > 0 && f[k] == '0'; k--)
			f[k] = '\0';
		kube_buf_puts(out, f);
	}
	kube_buf_putc(out, 's');
}

/* ---- transfer ---- */

struct xfer {
	kube_client *c;
	const kube_request *req;
	kube_response *resp;
	kube_err *err;
	int cb_rc;
	int status;       /* of the response head being read */
	long retry_after;
	kube_err cb_err;
};

/* The redirects that are followed (Go's http.Client and CURLOPT_FOLLOWLOCATION agree). */
static bool is_redirect(int status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308 ||
	       (status >= 100 && status < 200);
}

/* Whether the final response's head arrived (not just a redirect's or a 100-continue's). */
static bool got_head(const struct xfer *x)
{
	return x->status > 0 && !is_redirect(x->status);
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb, klen;
	const char *v, *end = p + n;

	if (n >= 5 && !strncmp(p, "HTTP/", 5)) {
		const char *sp = memchr(p, ' ', n);

		/* a new response head (after 100-continue or a redirect) */
		x->retry_after = -1;
		x->status = sp ? (int)strtol(sp + 1, NULL, 10) : 0;
		return n;
	}
	v = memchr(p, ':', n);
	if (!v)
		return n;
	klen = (size_t)(v - p);
	v++;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	if (klen == 11 && !strncasecmp(p, "retry-after", 11)) {
		char tmp[24];
		size_t l = (size_t)(end - v) < sizeof(tmp) - 1 ? (size_t)(end - v) : sizeof(tmp) - 1;
		char *e;
		long s;

		memcpy(tmp, v, l);
		tmp[l] = '\0';
		s = strtol(tmp, &e, 10);
		if (e != tmp && !*e && s >= 0)
			x->retry_after = s;
	} else if (klen == 7 && !strncasecmp(p, "warning", 7) && x->c->o.warning_fn &&
		   !is_redirect(x->status)) {
		/* Go's client only hands the final response to client-go's warning handler */
		/* 299 - "text" [date]; several comma-separated warnings may share a header */
		const char *q = v;

		while (q < end) {
			kube_buf t = KUBE_BUF_INIT;

			while (q < end && (*q == ' ' || *q == ','))
				q++;
			while (q < end && *q != '"' && *q != ',')
				q++;
			if (q >= end || *q != '"')
				break;
			for (q++; q < end && *q != '"'; q++) {
				if (*q == '\\' && q + 1 < end)
					q++;
				kube_buf_putc(&t, *q);
			}
			if (q < end)
				q++;
			while (q < end && *q != ',')
				q++;
			if (!t.failed)
				x->c->o.warning_fn(t.ptr, x->c->o.warning_payload);
			kube_buf_release(&t);
		}
	}
	return n;
}

static size_t on_data(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	long code = 0;

	if (x->req->data_fn) {
		x->c->curl->easy_getinfo(x->c->h, CURLINFO_RESPONSE_CODE, &code);
		if (code > 0 && code < 300) {
			if (x->req->data_fn(p, n, x->req->data_payload, &x->cb_err) < 0) {
				x->cb_rc = x->cb_err.code ? x->cb_err.code : KUBE_ERROR;
				return 0;
			}
			return n;
		}
	}
	kube_buf_put(&x->resp->body, p, n);
	return x->resp->body.failed ? 0 : n;
}

static int on_progress(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	struct xfer *x = ud;

	(void)a, (void)b, (void)c, (void)d;
	return x->c->o.cancel && *x->c->o.cancel ? 1 : 0;
}

static int ensure_credentials(kube_client *c, bool force, kube_err *err)
{
	int rc;

	if (!c->o.credential_fn)
		return 0;
	if (c->have_cred && !force && (!c->cred.expiry || c->cred.expiry > (int64_t)time(NULL)))
		return 0;
	cred_release(&c->cred);
	c->have_cred = false;
	if ((rc = c->o.credential_fn(&c->cred, force, c->o.credential_payload, err)) < 0)
		return rc;
	c->have_cred = true;
	return 0;
}

/* ---- transport errors, worded as Go's net/http and crypto/x509 word them ---- */

/* "127.0.0.1:80" or "[::1]:80", as Go prints a TCP address. */
static void put_addr(kube_buf *b, const char *ip, long port)
{
	if (ip && strchr(ip, ':'))
		kube_buf_printf(b, "[%s]:%ld", ip, port);
	else
		kube_buf_printf(b, "%s:%ld", ip ? ip : "", port);
}

/* "read tcp 127.0.0.1:50312->127.0.0.1:6443: read: connection reset by peer" */
static void put_conn_error(kube_client *c, kube_buf *b, const char *op, int os_errno)
{
	char *lip = NULL, *rip = NULL;
	long lport = 0, rport = 0;

	c->curl->easy_getinfo(c->h, CURLINFO_LOCAL_IP, &lip);
	c->curl->easy_getinfo(c->h, CURLINFO_LOCAL_PORT, &lport);
	c->curl->easy_getinfo(c->h, CURLINFO_PRIMARY_IP, &rip);
	c->curl->easy_getinfo(c->h, CURLINFO_PRIMARY_PORT, &rport);
	kube_buf_printf(b, "%s tcp ", op);
	put_addr(b, lip, lport);
	kube_buf_puts(b, "->");
	put_addr(b, rip, rport);
	kube_buf_printf(b, ": %s: %s", op,
			os_errno == EPIPE ? "broken pipe" : "connection reset by peer");
}

/* The host name or IP the certificate has to match: tls-server-name, else the server's host
 * without port and brackets. */
static void verify_name(const kube_client *c, kube_buf *b)
{
	const char *h = c->host, *end;

	if (c->tls_name && *c->tls_name) {
		kube_buf_puts(b, c->tls_name);
		return;
	}
	if (*h == '[') {
		end = strchr(h, ']');
		kube_buf_put(b, h + 1, end ? (size_t)(end - h - 1) : strlen(h + 1));
		return;
	}
	end = strrchr(h, ':');
	kube_buf_put(b, h, end ? (size_t)(end - h) : strlen(h));
}

/* Go's matchHostnames: case-insensitive, "*" only as the whole leftmost label. */
static bool dns_matches(const char *pat, size_t plen, const char *host)
{
	size_t hlen = strlen(host);
	const char *dot;

	while (plen && pat[plen - 1] == '.')
		plen--;
	while (hlen && host[hlen - 1] == '.')
		hlen--;
	if (plen == hlen && !strncasecmp(pat, host, plen))
		return true;
	if (plen > 2 && pat[0] == '*' && pat[1] == '.' && (dot = memchr(host, '.', hlen)) &&
	    dot != host)
		return (size_t)(hlen - (size_t)(dot - host)) == plen - 1 &&
		       !strncasecmp(pat + 1, dot, plen - 1);
	return false;
}

/* Parse an IP as written by OpenSSL or a user; fills 16 bytes (v4 mapped). */
static bool parse_ip(const char *s, size_t n, unsigned char out[16])
{
	char tmp[64];

	if (n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	memset(out, 0, 16);
	if (inet_pton(AF_INET, tmp, out + 12) == 1) {
		out[10] = out[11] = 0xff;
		return true;
	}
	return inet_pton(AF_INET6, tmp, out) == 1;
}

static void put_ip(kube_buf *b, const unsigned char ip[16])
{
	static const unsigned char v4[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	char tmp[INET6_ADDRSTRLEN];

	if (!memcmp(ip, v4, 12))
		inet_ntop(AF_INET, ip + 12, tmp, sizeof(tmp));
	else
		inet_ntop(AF_INET6, ip, tmp, sizeof(tmp));
	kube_buf_puts(b, tmp);
}

/* Fetch the server's certificate without trusting it (a handshake only: nothing is sent, no
 * client certificate shown) and check its names the way Go's x509.Certificate.Verify does
 * before it looks at the chain. Appends crypto/x509's HostnameError text and returns true
 * when the names do not match; false when they do or the certificate cannot be read. */
static bool hostname_error(kube_client *c, const char *url, struct curl_slist *connect_to,
			   kube_buf *out)
{
	const struct kube_curl_api *cu = c->curl;
	struct curl_certinfo *ci = NULL;
	struct curl_slist *f;
	kube_buf host = KUBE_BUF_INIT, valid = KUBE_BUF_INIT;
	const char *san = NULL, *subject = NULL, *p, *e;
	unsigned char want[16], got[16];
	bool is_ip, have_ip = false, bad = false;
	CURL *h;

	if (!(h = cu->easy_init()))
		return false;
	cu->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(h, CURLOPT_URL, url);
	cu->easy_setopt(h, CURLOPT_CONNECT_TO, connect_to);
	cu->easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
	cu->easy_setopt(h, CURLOPT_CERTINFO, 1L);
	cu->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
	cu->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	cu->easy_setopt(h, CURLOPT_TIMEOUT_MS, 10000L);
	if (c->proxy)
		cu->easy_setopt(h, CURLOPT_PROXY, c->proxy);
	if (cu->easy_perform(h) != CURLE_OK || cu->easy_getinfo(h, CURLINFO_CERTINFO, &ci) ||
	    !ci || ci->num_of_certs < 1)
		goto out;
	for (f = ci->certinfo[0]; f; f = f->next) {
		if (!strncmp(f->data, "X509v3 Subject Alternative Name:", 32))
			san = f->data + 32;
		else if (!strncmp(f->data, "Subject:", 8))
			subject = f->data + 8;
	}
	verify_name(c, &host);
	if (host.failed)
		goto out;
	is_ip = parse_ip(host.ptr, host.len, want);
	if (!san) {
		/* no SAN extension: Go ignores the Common Name but says so when it would match */
		const char *cn = subject ? strstr(subject, "CN") : NULL;

		if (cn && (cn = strchr(cn, '='))) {
			for (cn++; *cn == ' '; cn++)
				;
			e = cn + strcspn(cn, ",/");
			while (e > cn && e[-1] == ' ')
				e--;
			if (dns_matches(cn, (size_t)(e - cn), host.ptr)) {
				kube_buf_puts(out, "x509: certificate relies on legacy Common Name "
						   "field, use SANs instead");
				bad = true;
				goto out;
			}
		}
	}
	for (p = san ? san : ""; *p; p = *e ? e + 1 : e) {
		while (*p == ' ')
			p++;
		e = p + strcspn(p, ",");
		if (!strncmp(p, "IP Address:", 11) && parse_ip(p + 11, (size_t)(e - p - 11), got)) {
			if (is_ip && !memcmp(got, want, 16))
				goto out;
			if (is_ip) {
				if (valid.len)
					kube_buf_puts(&valid, ", ");
				put_ip(&valid, got);
			}
			have_ip = true;
		} else if (!strncmp(p, "DNS:", 4)) {
			if (!is_ip && dns_matches(p + 4, (size_t)(e - p - 4), host.ptr))
				goto out;
			if (!is_ip) {
				if (valid.len)
					kube_buf_puts(&valid, ", ");
				kube_buf_put(&valid, p + 4, (size_t)(e - p - 4));
			}
		}
	}
	bad = true;
	if (is_ip && !have_ip)
		kube_buf_printf(out, "x509: cannot validate certificate for %s because it doesn't "
				     "contain any IP SANs", host.ptr);
	else if (!valid.len)
		kube_buf_printf(out, "x509: certificate is not valid for any names, but wanted to "
				     "match %s", host.ptr);
	else
		kube_buf_printf(out, "x509: certificate is valid for %s, not %s", valid.ptr,
				host.ptr);
out:
	cu->easy_cleanup(h);
	kube_buf_release(&host);
	kube_buf_release(&valid);
	return bad;
}

/* A TLS alert from the server in OpenSSL's words ("tlsv13 alert certificate required") as Go's
 * crypto/tls names it ("remote error: tls: certificate required"). NULL if msg has none. */
static const char *tls_alert(const char *msg)
{
	static const char *const names[][2] = {
		{"alert certificate required", "certificate required"},
		{"alert bad certificate", "bad certificate"},
		{"alert unknown ca", "unknown certificate authority"},
		{"alert certificate expired", "expired certificate"},
		{"alert certificate revoked", "revoked certificate"},
		{"alert certificate unknown", "unknown certificate"},
		{"alert unsupported certificate", "unsupported certificate"},
		{"alert handshake failure", "handshake failure"},
		{"alert protocol version", "protocol version not supported"},
		{"alert access denied", "access denied"},
		{"alert decrypt error", "error decrypting message"},
		{"alert internal error", "internal error"},
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strstr(msg, names[i][0]))
			return names[i][1];
	return NULL;
}

/* "host:port" of the request that failed: the server's, or that of a redirect's target.
 * Caller frees; NULL on OOM. */
static char *failed_host(kube_client *c)
{
	kube_buf b = KUBE_BUF_INIT;
	const char *u = NULL, *h, *end, *at;
	long redirects = 0;
	bool tls;

	c->curl->easy_getinfo(c->h, CURLINFO_REDIRECT_COUNT, &redirects);
	if (!redirects || c->curl->easy_getinfo(c->h, CURLINFO_EFFECTIVE_URL, &u) || !u ||
	    !(h = strstr(u, "://")))
		return dupz(c->host);
	tls = !strncasecmp(u, "https", 5);
	h += 3;
	end = h + strcspn(h, "/?#");
	if ((at = memchr(h, '@', (size_t)(end - h))))
		h = at + 1;
	kube_buf_put(&b, h, (size_t)(end - h));
	if (!memchr(h, ':', (size_t)(end - h)) || (end[-1] == ']'))
		kube_buf_puts(&b, tls ? ":443" : ":80");
	return kube_buf_detach(&b, NULL);
}

/* Whether the connection was up (TCP, and TLS for https) when the transfer failed. */
static bool connected(kube_client *c)
{
	curl_off_t tcp = 0, tls = 0;

	c->curl->easy_getinfo(c->h, CURLINFO_CONNECT_TIME_T, &tcp);
	c->curl->easy_getinfo(c->h, CURLINFO_APPCONNECT_TIME_T, &tls);
	return tcp > 0 && (!c->https || tls > 0);
}

/* Map a failed transfer to client-go's error text. Before any response: KUBE_ETRANSPORT, which
 * kubectl prints as "Unable to connect to the server: ..." (or its "refused" sentence). A
 * failure while reading the body is a plain error: with streaming (data_fn) Go's read error as
 * is, else the text client-go's Request.Do wraps it in. */
static int transport_error(kube_client *c, CURLcode cc, const struct xfer *x, const char *url,
			   struct curl_slist *connect_to, kube_err *err)
{
	int64_t timeout_ms = x->req->timeout_ms ? x->req->timeout_ms : c->o.timeout_ms;
	const char *msg = c->errbuf[0] ? c->errbuf : c->curl->easy_strerror(cc);
	kube_buf m = KUBE_BUF_INIT;
	kube_transport_kind kind = KUBE_TRANSPORT_OTHER;
	long os_errno = 0;
	char *host;
	int rc;

	c->curl->easy_getinfo(c->h, CURLINFO_OS_ERRNO, &os_errno);
	if (cc == CURLE_ABORTED_BY_CALLBACK)
		return kube_err_set(err, KUBE_ECANCELED, "canceled");
	if (!(host = failed_host(c)))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	if (got_head(x) && cc != CURLE_TOO_MANY_REDIRECTS) {
		/* the response head arrived; its body did not */
		if (!x->req->data_fn)
			kube_buf_puts(&m, "unexpected error when reading response body. Please "
					  "retry. Original error: ");
		if (cc == CURLE_OPERATION_TIMEDOUT)
			kube_buf_puts(&m, "context deadline exceeded (Client.Timeout or context "
					  "cancellation while reading body)");
		else if (os_errno == ECONNRESET || strstr(msg, "reset by peer"))
			put_conn_error(c, &m, "read", ECONNRESET);
		else
			kube_buf_puts(&m, "unexpected EOF");
		rc = KUBE_ERROR;
		goto out;
	}
	rc = KUBE_ETRANSPORT;
	if (tls_alert(msg)) {
		kube_buf_printf(&m, "remote error: tls: %s", tls_alert(msg));
		kind = KUBE_TRANSPORT_TLS;
		goto out;
	}
	switch (cc) {
	case CURLE_COULDNT_CONNECT:
		kube_buf_printf(&m, "dial tcp %s: ", host);
		if (os_errno == ECONNREFUSED || strstr(msg, "refused")) {
			kube_buf_puts(&m, "connect: connection refused");
			kind = KUBE_TRANSPORT_REFUSED;
		} else if (os_errno == ETIMEDOUT) {
			kube_buf_puts(&m, "i/o timeout");
			kind = KUBE_TRANSPORT_TIMEOUT;
		} else if (os_errno) {
			const char *t = strerror((int)os_errno);

			/* Go's errno texts start in lower case: "connect: no route to host" */
			kube_buf_puts(&m, "connect: ");
			kube_buf_putc(&m, (char)tolower((unsigned char)*t));
			kube_buf_puts(&m, *t ? t + 1 : t);
		} else {
			kube_buf_puts(&m, msg);
		}
		break;
	case CURLE_OPERATION_TIMEDOUT:
		kind = KUBE_TRANSPORT_TIMEOUT;
		if (connected(c)) {
			kube_buf_puts(&m, "net/http: request canceled (Client.Timeout exceeded "
					  "while awaiting headers)");
		} else if (timeout_ms > 0 && timeout_ms < CONNECT_TIMEOUT_MS) {
			kube_buf_puts(&m, "net/http: request canceled while waiting for connection "
					  "(Client.Timeout exceeded while awaiting headers)");
		} else {
			/* Go's dialer gives up after 30 s too */
			kube_buf_printf(&m, "dial tcp %s: i/o timeout", host);
		}
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		kube_buf_puts(&m, "tls: failed to verify certificate: ");
		if (!hostname_error(c, url, connect_to, &m))
			kube_buf_puts(&m, "x509: certificate signed by unknown authority");
		kind = KUBE_TRANSPORT_TLS;
		break;
	case CURLE_SSL_CERTPROBLEM:
		kube_buf_printf(&m, "tls: %s", msg);
		kind = KUBE_TRANSPORT_TLS;
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		kube_buf_puts(&m, "dial tcp: lookup ");
		kube_buf_put(&m, host, strrchr(host, ':') ? (size_t)(strrchr(host, ':') - host)
							 : strlen(host));
		kube_buf_puts(&m, ": no such host");
		break;
	case CURLE_TOO_MANY_REDIRECTS:
		kube_buf_puts(&m, "stopped after 10 redirects");
		break;
	case CURLE_GOT_NOTHING:
		kube_buf_puts(&m, "EOF");
		break;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		if (os_errno == ECONNRESET || os_errno == EPIPE || strstr(msg, "reset by peer"))
			put_conn_error(c, &m, cc == CURLE_SEND_ERROR ? "write" : "read",
				       os_errno == EPIPE ? EPIPE : ECONNRESET);
		else
			kube_buf_puts(&m, "EOF");
		break;
	default:
		kube_buf_puts(&m, msg);
	}
out:
	if (m.failed) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
	} else {
		kube_err_set(err, rc, "%s", m.ptr);
		if (err && rc == KUBE_ETRANSPORT) {
			err->transport = kind;
			free(err->host);
			err->host = host;
			host = NULL;
		}
	}
	free(host);
	kube_buf_release(&m);
	return rc;
}

/* client-go retries a GET (not a stream) whose connection broke before any answer: Go's
 * IsConnectionReset / IsProbableEOF. */
static bool retryable_error(kube_client *c, CURLcode cc, const char *method,
			    const struct xfer *x)
{
	long os_errno = 0;

	if (strcmp(method, "GET") || x->req->data_fn)
		return false;
	c->curl->easy_getinfo(c->h, CURLINFO_OS_ERRNO, &os_errno);
	if (got_head(x) || (c->errbuf[0] && tls_alert(c->errbuf)))
		return false;
	if (cc == CURLE_GOT_NOTHING)
		return true;
	return (cc == CURLE_RECV_ERROR || cc == CURLE_SEND_ERROR) &&
	       (os_errno == ECONNRESET || os_errno == EPIPE || strstr(c->errbuf, "reset by peer"));
}

/* Sleep, waking early when the caller cancels. */
static void wait_seconds(kube_client *c, long s)
{
	struct timespec ts = {s, 0};

	while (s > 0 && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		if (c->o.cancel && *c->o.cancel)
			break;
}

static struct curl_slist *build_headers(kube_client *c, const kube_request *req, bool *oom)
{
	const struct kube_curl_api *cu = c->curl;
	struct curl_slist *h = NULL, *t;
	kube_buf b = KUBE_BUF_INIT;
	size_t i;

#define ADD(s)                                                                                     \
	do {                                                                                       \
		if (!(t = cu->slist_append(h, (s))))                                               \
			goto fail;                                                                 \
		h = t;                                                                             \
	} while (0)

	kube_buf_printf(&b, "Accept: %s", req->accept ? req->accept : "application/json");
	ADD(b.ptr);
	if (req->body) {
		kube_buf_truncate(&b, 0);
		kube_buf_printf(&b, "Content-Type: %s",
				req->content_type ? req->content_type : "application/json");
		ADD(b.ptr);
	}
	if (c->command) {
		kube_buf_truncate(&b, 0);
		kube_buf_printf(&b, "Kubectl-Command: %s", c->command);
		ADD(b.ptr);
	}
	kube_buf_truncate(&b, 0);
	kube_buf_printf(&b, "Kubectl-Session: %s", c->session);
	ADD(b.ptr);
	ADD("Expect:");
	/* Credentials only over TLS, as clientcmd does. */
	if (c->https) {
		const char *tok = c->have_cred && c->cred.token ? c->cred.token : c->token;

		if (tok) {
			kube_buf_truncate(&b, 0);
			kube_buf_printf(&b, "Authorization: Bearer %s", tok);
			ADD(b.ptr);
		} else if (c->basic) {
			kube_buf_truncate(&b, 0);
			kube_buf_printf(&b, "Authorization: Basic %s", c->basic);
			ADD(b.ptr);
		}
	}
	if (c->imp_user) {
		kube_buf_truncate(&b, 0);
		kube_buf_printf(&b, "Impersonate-User: %s", c->imp_user);
		ADD(b.ptr);
	}
	if (c->imp_uid) {
		kube_buf_truncate(&b, 0);
		kube_buf_printf(&b, "Impersonate-Uid: %s", c->imp_uid);
		ADD(b.ptr);
	}
	for (i = 0; c->imp_groups && c->imp_groups[i]; i++) {
		kube_buf_truncate(&b, 0);
		kube_buf_printf(&b, "Impersonate-Group: %s", c->imp_groups[i]);
		ADD(b.ptr);
	}
	for (i = 0; c->imp_extra && c->imp_extra[i]; i++)
		ADD(c->imp_extra[i]);
	if (b.failed)
		goto fail;
	kube_buf_wipe(&b);
	return h;
fail:
#undef ADD
	kube_buf_wipe(&b);
	cu->slist_free_all(h);
	*oom = true;
	return NULL;
}

static int setup_handle(kube_client *c, kube_err *err)
{
	const struct kube_curl_api *cu;
	CURL *h;

	if (c->h)
		return 0;
	if (!(c->curl = cu = kube_http_load(c->server, c->proxy, err)))
		return KUBE_ETRANSPORT;
	if (!(c->h = h = cu->easy_init()))
		return kube_err_set(err, KUBE_ENOMEM, "cannot create an HTTP handle");
	cu->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	cu->easy_setopt(h, CURLOPT_USERAGENT, c->ua);
	cu->easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
	cu->easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
	cu->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
	/* gzip, as kubectl asks for it (--disable-compression turns it off); both transports
	 * decode it (lean.c through a dlopen'ed zlib) */
	if (!c->o.disable_compression)
		cu->easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip");
	cu->easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/* Go's http.Client follows up to 10 redirects. libcurl keeps our Authorization header
	 * for the original scheme, host and port only (CURLOPT_UNRESTRICTED_AUTH off), so a
	 * redirect to plain http or another port never carries credentials. */
	cu->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	cu->easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
	cu->easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	if (c->https) {
		if (c->o.insecure) {
			cu->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
			cu->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
		} else if (c->ca) {
			struct curl_blob blob = {c->ca, c->ca_len, CURL_BLOB_COPY};

			cu->easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
			/* only this CA: never the system bundle (it costs ~17 ms) */
			cu->easy_setopt(h, CURLOPT_CAINFO, NULL);
			cu->easy_setopt(h, CURLOPT_CAPATH, NULL);
		}
		if (c->cert && c->key) {
			struct curl_blob cb = {c->cert, c->cert_len, CURL_BLOB_COPY};
			struct curl_blob kb = {c->key, c->key_len, CURL_BLOB_COPY};

			cu->easy_setopt(h, CURLOPT_SSLCERT_BLOB, &cb);
			cu->easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
			cu->easy_setopt(h, CURLOPT_SSLKEY_BLOB, &kb);
			cu->easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
		}
	}
	if (c->proxy)
		cu->easy_setopt(h, CURLOPT_PROXY, c->proxy);
	return 0;
}

/* Exec plugins may hand out client certificates; apply them to the handle. */
static void apply_cred_cert(kube_client *c)
{
	if (c->https && c->have_cred && c->cred.cert_pem && c->cred.key_pem) {
		struct curl_blob cb = {c->cred.cert_pem, strlen(c->cred.cert_pem), CURL_BLOB_COPY};
		struct curl_blob kb = {c->cred.key_pem, strlen(c->cred.key_pem), CURL_BLOB_COPY};

		c->curl->easy_setopt(c->h, CURLOPT_SSLCERT_BLOB, &cb);
		c->curl->easy_setopt(c->h, CURLOPT_SSLKEY_BLOB, &kb);
	}
}

static int build_url(kube_client *c, const kube_request *req, kube_buf *url,
		     struct curl_slist **connect_to)
{
	kube_param *ps = NULL;
	size_t n = req->nparams, i;
	kube_buf tmo = KUBE_BUF_INIT;

	*connect_to = NULL;
	if (c->tls_name && c->https) {
		/* SNI and verification use tls-server-name; connect to the real host. */
		const char *colon = strrchr(c->host, ':');
		kube_buf ct = KUBE_BUF_INIT;

		kube_buf_printf(url, "https://%s%s", c->tls_name, colon ? colon : "");
		kube_buf_printf(&ct, "%s%s:%s", c->tls_name, colon ? colon : ":443", c->host);
		if (!ct.failed)
			*connect_to = c->curl->slist_append(NULL, ct.ptr);
		kube_buf_release(&ct);
		{
			const char *hp = strstr(c->server, "://") + 3;
			const char *sl = strchr(hp, '/');

			if (sl)
				kube_buf_puts(url, sl);
		}
	} else {
		kube_buf_puts(url, c->server);
	}
	kube_buf_puts(url, req->path);
	if (req->timeout_param)
		kube_buf_puts(&tmo, req->timeout_param);
	else if (!req->no_timeout_param && c->o.timeout_ms > 0)
		kube_duration_format(&tmo, c->o.timeout_ms);
	if (tmo.len)
		n++;
	if (n) {
		if (!(ps = calloc(n, sizeof(*ps)))) {
			kube_buf_release(&tmo);
			return KUBE_ENOMEM;
		}
		for (i = 0; i < req->nparams; i++)
			ps[i] = req->params[i];
		if (tmo.len) {
			ps[i].key = "timeout";
			ps[i].value = tmo.ptr;
		}
		kube_buf_putc(url, '?');
		kube_query_encode(url, ps, n);
		free(ps);
	}
	kube_buf_release(&tmo);
	return url->failed ? KUBE_ENOMEM : 0;
}

/* ---- -v request logging, as client-go's debugging round tripper ---- */

static const char *status_text(long code)
{
	static const struct {
		int code;
		const char *text;
	} t[] = {{100, "Continue"}, {101, "Switching Protocols"}, {200, "OK"}, {201, "Created"},
		 {202, "Accepted"}, {204, "No Content"}, {301, "Moved Permanently"},
		 {302, "Found"}, {303, "See Other"}, {304, "Not Modified"},
		 {307, "Temporary Redirect"}, {308, "Permanent Redirect"}, {400, "Bad Request"},
		 {401, "Unauthorized"}, {403, "Forbidden"}, {404, "Not Found"},
		 {405, "Method Not Allowed"}, {406, "Not Acceptable"}, {408, "Request Timeout"},
		 {409, "Conflict"}, {410, "Gone"}, {412, "Precondition Failed"},
		 {413, "Request Entity Too Large"}, {415, "Unsupported Media Type"},
		 {422, "Unprocessable Entity"}, {429, "Too Many Requests"},
		 {500, "Internal Server Error"}, {501, "Not Implemented"}, {502, "Bad Gateway"},
		 {503, "Service Unavailable"}, {504, "Gateway Timeout"}};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].code == code)
			return t[i].text;
	return "";
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void log_request(kube_client *c, const char *method, const char *url,
			const struct curl_slist *hdrs)
{
	const struct curl_slist *h;
	const char **v = NULL;
	kube_buf b = KUBE_BUF_INIT, ua = KUBE_BUF_INIT;
	size_t n = 0, i;

	for (h = hdrs; h; h = h->next)
		n++;
	if (!(v = calloc(n + 1, sizeof(*v))))
		return;
	for (n = 0, h = hdrs; h; h = h->next) {
		const char *d = h->data;

		/* what the debugging transport sees: not the headers added below it */
		if (!strchr(d, ':') || !d[strcspn(d, ":") + 1] || !strncasecmp(d, "Kubectl-", 8) ||
		    !strncasecmp(d, "Accept-Encoding:", 16) || !strncasecmp(d, "Expect:", 7))
			continue;
		v[n++] = d;
	}
	kube_buf_printf(&ua, "User-Agent: %s", c->ua); /* set apart (CURLOPT_USERAGENT) */
	if (!ua.failed)
		v[n++] = ua.ptr;
	qsort(v, n, sizeof(*v), cmp_str);
	kube_buf_printf(&b, "\"Request\" verb=\"%s\" url=", method);
	kube_go_quote(&b, url);
	kube_buf_puts(&b, " headers=<\n");
	for (i = 0; i < n; i++) {
		if (!strncasecmp(v[i], "Authorization:", 14)) {
			const char *val = v[i] + 14 + strspn(v[i] + 14, " ");

			kube_buf_printf(&b, "\tAuthorization: %.*s <masked>\n",
					(int)strcspn(val, " "), val);
		} else {
			kube_buf_printf(&b, "\t%s\n", v[i]);
		}
	}
	kube_buf_puts(&b, " >");
	if (!b.failed)
		c->o.log_fn("round_trippers.go:527", b.ptr, c->o.log_payload);
	kube_buf_wipe(&b);
	kube_buf_release(&ua);
	free(v);
}

static void log_response(kube_client *c, const char *method, const char *url, long code,
			 int64_t ms)
{
	kube_buf b = KUBE_BUF_INIT;

	kube_buf_puts(&b, "\"Response\"");
	if (c->o.verbosity < 7) {
		kube_buf_printf(&b, " verb=\"%s\" url=", method);
		kube_go_quote(&b, url);
	}
	if (code)
		kube_buf_printf(&b, " status=\"%ld %s\"", code, status_text(code));
	else
		kube_buf_puts(&b, " status=\"\"");
	kube_buf_printf(&b, " milliseconds=%lld", (long long)ms);
	if (!b.failed)
		c->o.log_fn("round_trippers.go:632", b.ptr, c->o.log_payload);
	kube_buf_release(&b);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int kube_client_do(kube_client *c, const kube_request *req, kube_response *resp, kube_err *err)
{
	const struct kube_curl_api *cu;
	struct curl_slist *hdrs = NULL, *connect_to = NULL;
	kube_buf url = KUBE_BUF_INIT;
	const char *method = req->method ? req->method : "GET";
	int rc, attempt = 0;
	bool refreshed = false, oom = false;
	struct xfer x;

	kube_response_release(resp);
	if ((rc = setup_handle(c, err)) < 0)
		return rc;
	cu = c->curl;
	if ((rc = build_url(c, req, &url, &connect_to)) < 0) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
again:
	if ((rc = ensure_credentials(c, false, err)) < 0) {
		/* kubectl reports credential failures as "Unable to connect to the server: ..." */
		if (err && rc != KUBE_ENOMEM) {
			kube_buf m = KUBE_BUF_INIT;

			kube_buf_printf(&m, "getting credentials: %s", err->message ? err->message : "");
			free(err->message);
			err->message = kube_buf_detach(&m, NULL);
			err->code = KUBE_ETRANSPORT;
			err->transport = KUBE_TRANSPORT_CREDENTIALS;
			rc = KUBE_ETRANSPORT;
		}
		goto out;
	}
	apply_cred_cert(c);
	kube_response_release(resp);
	resp->body.max = c->o.max_body ? c->o.max_body : DEFAULT_MAX_BODY;
	if (!(hdrs = build_headers(c, req, &oom))) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	memset(&x, 0, sizeof(x));
	x.c = c;
	x.req = req;
	x.resp = resp;
	x.err = err;
	x.retry_after = -1;
	c->errbuf[0] = '\0';
	cu->easy_setopt(c->h, CURLOPT_URL, url.ptr);
	cu->easy_setopt(c->h, CURLOPT_CONNECT_TO, connect_to);
	cu->easy_setopt(c->h, CURLOPT_HTTPHEADER, hdrs);
	cu->easy_setopt(c->h, CURLOPT_HEADERFUNCTION, on_header);
	cu->easy_setopt(c->h, CURLOPT_HEADERDATA, &x);
	cu->easy_setopt(c->h, CURLOPT_WRITEFUNCTION, on_data);
	cu->easy_setopt(c->h, CURLOPT_WRITEDATA, &x);
	cu->easy_setopt(c->h, CURLOPT_NOPROGRESS, c->o.cancel ? 0L : 1L);
	cu->easy_setopt(c->h, CURLOPT_XFERINFOFUNCTION, on_progress);
	cu->easy_setopt(c->h, CURLOPT_XFERINFODATA, &x);
	if (req->timeout_ms < 0)
		cu->easy_setopt(c->h, CURLOPT_TIMEOUT_MS, 0L);
	else
		cu->easy_setopt(c->h, CURLOPT_TIMEOUT_MS,
				(long)(req->timeout_ms > 0 ? req->timeout_ms : c->o.timeout_ms));
	cu->easy_setopt(c->h, CURLOPT_HTTPGET, 1L);
	if (strcmp(method, "GET")) {
		if (!strcmp(method, "HEAD"))
			cu->easy_setopt(c->h, CURLOPT_NOBODY, 1L);
		else
			cu->easy_setopt(c->h, CURLOPT_CUSTOMREQUEST, method);
	} else {
		cu->easy_setopt(c->h, CURLOPT_CUSTOMREQUEST, NULL);
	}
	if (req->body) {
		cu->easy_setopt(c->h, CURLOPT_POSTFIELDS, req->body);
		cu->easy_setopt(c->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	}
	if (c->o.log_fn && c->o.verbosity >= 7)
		log_request(c, method, url.ptr, hdrs);
	{
		int64_t t0 = now_ms();
		CURLcode cc = cu->easy_perform(c->h);
		long code = 0;
		char *ct = NULL;

		if (c->o.log_fn && c->o.verbosity >= 6) {
			cu->easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &code);
			log_response(c, method, url.ptr, cc == CURLE_OK ? code : 0,
				     cc == CURLE_OK ? now_ms() - t0 : 0);
			code = 0;
		}

		cu->slist_free_all(hdrs);
		hdrs = NULL;
		if (x.cb_rc < 0) {
			kube_err_move(err, &x.cb_err);
			rc = x.cb_rc;
			goto out;
		}
		kube_err_clear(&x.cb_err);
		if (cc == CURLE_WRITE_ERROR && resp->body.failed) {
			rc = kube_buf_check(&resp->body, err);
			goto out;
		}
		if (cc != CURLE_OK) {
			/* client-go: a broken connection before any answer is retried a second
			 * later (GET only, not streams), sharing the budget of Retry-After */
			if (retryable_error(c, cc, method, &x) && attempt < MAX_RETRIES) {
				attempt++;
				wait_seconds(c, 1);
				if (!(c->o.cancel && *c->o.cancel))
					goto again;
			}
			rc = transport_error(c, cc, &x, url.ptr, connect_to, err);
			goto out;
		}
		cu->easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &code);
		cu->easy_getinfo(c->h, CURLINFO_CONTENT_TYPE, &ct);
		resp->status = (int)code;
		resp->content_type = dupz(ct);
		if (code == 401 && c->o.credential_fn && !refreshed) {
			/* client-go's exec authenticator runs the plugin again at once, for the
			 * requests that follow; this one still fails with the 401 */
			kube_err ignored = KUBE_ERR_INIT;

			refreshed = true;
			ensure_credentials(c, true, &ignored);
			kube_err_clear(&ignored);
		}
		if ((code == 429 || code >= 500) && x.retry_after >= 0 && attempt < MAX_RETRIES) {
			attempt++;
			wait_seconds(c, x.retry_after);
			if (!(c->o.cancel && *c->o.cancel))
				goto again;
		}
		if (code >= 400 && !req->keep_error_body) {
			kube_err_req info = {method, req->group, req->resource, req->name, ct};

			rc = kube_err_from_http(err, (int)code, resp->body.ptr, resp->body.len, &info);
			goto out;
		}
		rc = 0;
	}
out:
	if (hdrs)
		cu->slist_free_all(hdrs);
	if (connect_to)
		cu->slist_free_all(connect_to);
	if (c->h) {
		/* do not keep pointers into this request's memory */
		cu->easy_setopt(c->h, CURLOPT_HTTPHEADER, NULL);
		cu->easy_setopt(c->h, CURLOPT_CONNECT_TO, NULL);
		cu->easy_setopt(c->h, CURLOPT_POSTFIELDS, NULL);
		cu->easy_setopt(c->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)-1);
	}
	kube_buf_release(&url);
	return rc;
}
