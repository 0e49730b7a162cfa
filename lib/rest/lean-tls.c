/* TLS for the lean transport (see lean.h): OpenSSL's libssl and libcrypto loaded with dlopen on
 * the first https connection. The SSL object talks to two memory BIOs and this file moves the
 * bytes between them and the socket, so every socket call is non-blocking, waits through the
 * engine's poll() (timeouts, cancellation) and writes with MSG_NOSIGNAL (never SIGPIPE). */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "lean.h"
#include "../base64.h"
#include "banned.h"

/* Every OpenSSL function used here goes through this table: the library is never linked. */
static struct {
	int (*init_ssl)(uint64_t, const OPENSSL_INIT_SETTINGS *);
	const SSL_METHOD *(*tls_client_method)(void);
	SSL_CTX *(*ctx_new)(const SSL_METHOD *);
	void (*ctx_free)(SSL_CTX *);
	uint64_t (*ctx_set_options)(SSL_CTX *, uint64_t);
	long (*ctx_ctrl)(SSL_CTX *, int, long, void *);
	void (*ctx_set_verify)(SSL_CTX *, int, SSL_verify_cb);
	X509_STORE *(*ctx_get_cert_store)(const SSL_CTX *);
	int (*ctx_set_default_verify_paths)(SSL_CTX *);
	int (*ctx_load_verify_locations)(SSL_CTX *, const char *, const char *);
	int (*ctx_use_certificate)(SSL_CTX *, X509 *);
	int (*ctx_use_private_key)(SSL_CTX *, EVP_PKEY *);
	int (*ctx_check_private_key)(const SSL_CTX *);
	SSL *(*ssl_new)(SSL_CTX *);
	void (*ssl_free)(SSL *);
	void (*set_bio)(SSL *, BIO *, BIO *);
	long (*ssl_ctrl)(SSL *, int, long, void *);
	int (*set_alpn_protos)(SSL *, const unsigned char *, unsigned int);
	X509_VERIFY_PARAM *(*get0_param)(SSL *);
	int (*ssl_connect)(SSL *);
	int (*ssl_read)(SSL *, void *, int);
	int (*ssl_write)(SSL *, const void *, int);
	int (*get_error)(const SSL *, int);
	long (*get_verify_result)(const SSL *);
	X509 *(*get1_peer_certificate)(const SSL *);
	int (*ssl_pending)(const SSL *);
	int (*ssl_peek)(SSL *, void *, int);
	/* libcrypto */
	BIO *(*bio_new)(const BIO_METHOD *);
	const BIO_METHOD *(*bio_s_mem)(void);
	BIO *(*bio_new_mem_buf)(const void *, int);
	int (*bio_free)(BIO *);
	int (*bio_read)(BIO *, void *, int);
	int (*bio_write)(BIO *, const void *, int);
	long (*bio_ctrl)(BIO *, int, long, void *);
	size_t (*bio_ctrl_pending)(BIO *);
	X509 *(*pem_read_x509)(BIO *, X509 **, pem_password_cb *, void *);
	EVP_PKEY *(*pem_read_key)(BIO *, EVP_PKEY **, pem_password_cb *, void *);
	void (*x509_free)(X509 *);
	void (*pkey_free)(EVP_PKEY *);
	int (*store_add_cert)(X509_STORE *, X509 *);
	int (*param_set1_host)(X509_VERIFY_PARAM *, const char *, size_t);
	int (*param_set1_ip_asc)(X509_VERIFY_PARAM *, const char *);
	const char *(*verify_cert_error_string)(long);
	unsigned long (*err_get_error)(void);
	void (*err_error_string_n)(unsigned long, char *, size_t);
	void (*err_clear_error)(void);
	X509_NAME *(*get_subject_name)(const X509 *);
	char *(*name_oneline)(const X509_NAME *, char *, int);
	void *(*get_ext_d2i)(const X509 *, int, int *, int *);
	int (*sk_num)(const OPENSSL_STACK *);
	void *(*sk_value)(const OPENSSL_STACK *, int);
	void (*general_names_free)(GENERAL_NAMES *);
	const unsigned char *(*asn1_data)(const ASN1_STRING *);
	int (*asn1_length)(const ASN1_STRING *);
	/* optional (deprecated in OpenSSL 3): the fast path of fast_key() */
	void *(*d2i_rsa)(void **, const unsigned char **, long);
	void *(*d2i_ec)(void **, const unsigned char **, long);
	void (*rsa_free)(void *);
	void (*ec_free)(void *);
	EVP_PKEY *(*pkey_new)(void);
	int (*pkey_assign)(EVP_PKEY *, int, void *);
} O;
static int loaded; /* 0 = not tried, 1 = ok, -1 = failed */

struct lean_tls {
	SSL_CTX *ctx;
	SSL *ssl;
	BIO *rb, *wb; /* network side: bytes in from the socket, bytes out to it */
	bool eof;
};

#define SYM(h, field, name)                                                                        \
	do {                                                                                       \
		*(void **)(&O.field) = dlsym(h, name);                                             \
		if (!O.field)                                                                      \
			return -1;                                                                 \
	} while (0)

static int load_syms(void *s, void *c)
{
	SYM(s, init_ssl, "OPENSSL_init_ssl");
	SYM(s, tls_client_method, "TLS_client_method");
	SYM(s, ctx_new, "SSL_CTX_new");
	SYM(s, ctx_free, "SSL_CTX_free");
	SYM(s, ctx_set_options, "SSL_CTX_set_options");
	SYM(s, ctx_ctrl, "SSL_CTX_ctrl");
	SYM(s, ctx_set_verify, "SSL_CTX_set_verify");
	SYM(s, ctx_get_cert_store, "SSL_CTX_get_cert_store");
	SYM(s, ctx_set_default_verify_paths, "SSL_CTX_set_default_verify_paths");
	SYM(s, ctx_load_verify_locations, "SSL_CTX_load_verify_locations");
	SYM(s, ctx_use_certificate, "SSL_CTX_use_certificate");
	SYM(s, ctx_use_private_key, "SSL_CTX_use_PrivateKey");
	SYM(s, ctx_check_private_key, "SSL_CTX_check_private_key");
	SYM(s, ssl_new, "SSL_new");
	SYM(s, ssl_free, "SSL_free");
	SYM(s, set_bio, "SSL_set_bio");
	SYM(s, ssl_ctrl, "SSL_ctrl");
	SYM(s, set_alpn_protos, "SSL_set_alpn_protos");
	SYM(s, get0_param, "SSL_get0_param");
	SYM(s, ssl_connect, "SSL_connect");
	SYM(s, ssl_read, "SSL_read");
	SYM(s, ssl_write, "SSL_write");
	SYM(s, get_error, "SSL_get_error");
	SYM(s, get_verify_result, "SSL_get_verify_result");
	SYM(s, get1_peer_certificate, "SSL_get1_peer_certificate");
	SYM(s, ssl_pending, "SSL_pending");
	SYM(s, ssl_peek, "SSL_peek");
	SYM(c, bio_new, "BIO_new");
	SYM(c, bio_s_mem, "BIO_s_mem");
	SYM(c, bio_new_mem_buf, "BIO_new_mem_buf");
	SYM(c, bio_free, "BIO_free");
	SYM(c, bio_read, "BIO_read");
	SYM(c, bio_write, "BIO_write");
	SYM(c, bio_ctrl, "BIO_ctrl");
	SYM(c, bio_ctrl_pending, "BIO_ctrl_pending");
	SYM(c, pem_read_x509, "PEM_read_bio_X509");
	SYM(c, pem_read_key, "PEM_read_bio_PrivateKey");
	SYM(c, x509_free, "X509_free");
	SYM(c, pkey_free, "EVP_PKEY_free");
	SYM(c, store_add_cert, "X509_STORE_add_cert");
	SYM(c, param_set1_host, "X509_VERIFY_PARAM_set1_host");
	SYM(c, param_set1_ip_asc, "X509_VERIFY_PARAM_set1_ip_asc");
	SYM(c, verify_cert_error_string, "X509_verify_cert_error_string");
	SYM(c, err_get_error, "ERR_get_error");
	SYM(c, err_error_string_n, "ERR_error_string_n");
	SYM(c, err_clear_error, "ERR_clear_error");
	SYM(c, get_subject_name, "X509_get_subject_name");
	SYM(c, name_oneline, "X509_NAME_oneline");
	SYM(c, get_ext_d2i, "X509_get_ext_d2i");
	SYM(c, sk_num, "OPENSSL_sk_num");
	SYM(c, sk_value, "OPENSSL_sk_value");
	SYM(c, general_names_free, "GENERAL_NAMES_free");
	SYM(c, asn1_data, "ASN1_STRING_get0_data");
	SYM(c, asn1_length, "ASN1_STRING_length");
	*(void **)(&O.d2i_rsa) = dlsym(c, "d2i_RSAPrivateKey");
	*(void **)(&O.d2i_ec) = dlsym(c, "d2i_ECPrivateKey");
	*(void **)(&O.rsa_free) = dlsym(c, "RSA_free");
	*(void **)(&O.ec_free) = dlsym(c, "EC_KEY_free");
	*(void **)(&O.pkey_new) = dlsym(c, "EVP_PKEY_new");
	*(void **)(&O.pkey_assign) = dlsym(c, "EVP_PKEY_assign");
	return 0;
}
#undef SYM

static bool tls_load(struct lean_io *io)
{
	void *s, *c;

	if (loaded)
		return loaded > 0;
	loaded = -1;
	if (!(s = dlopen("libssl.so.3", RTLD_LAZY | RTLD_LOCAL))) {
		lean_errbuf(io, "cannot load libssl: %s", dlerror());
		return false;
	}
	if (!(c = dlopen("libcrypto.so.3", RTLD_LAZY | RTLD_LOCAL)) || load_syms(s, c) < 0) {
		lean_errbuf(io, "cannot load libssl: missing symbols");
		return false;
	}
	/* Go reads no openssl.cnf either; skipping it saves its parsing on every run. No atexit
	 * cleanup: freeing OpenSSL's tables one by one at exit costs ~1 ms for nothing. */
	if (O.init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ATEXIT, NULL) != 1) {
		lean_errbuf(io, "cannot initialise libssl");
		return false;
	}
	loaded = 1;
	return true;
}

/* OpenSSL's reason for the last failure, "error:0A000410:SSL routines::ssl/tls alert handshake
 * failure" (with the error strings loaded on demand). */
static void put_ssl_error(struct lean_io *io, const char *what, unsigned long e)
{
	char tmp[256];

	O.init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS | OPENSSL_INIT_LOAD_CRYPTO_STRINGS, NULL);
	if (e) {
		O.err_error_string_n(e, tmp, sizeof(tmp));
		lean_errbuf(io, "OpenSSL %s: %s, errno %d", what, tmp, io->os_errno);
	} else {
		lean_errbuf(io, "OpenSSL %s: SSL_ERROR_SYSCALL, errno %d", what, io->os_errno);
	}
}

static unsigned long last_error(void)
{
	unsigned long e, last = 0;

	while ((e = O.err_get_error()))
		last = e;
	return last;
}

/* Send what the SSL object wrote. */
static CURLcode flush(lean_tls *t, struct lean_io *io)
{
	char buf[16384];
	int n;

	while (O.bio_ctrl_pending(t->wb) > 0) {
		CURLcode cc;

		if ((n = O.bio_read(t->wb, buf, (int)sizeof(buf))) <= 0)
			break;
		if ((cc = lean_sock_send(io, buf, (size_t)n)) != CURLE_OK)
			return cc;
	}
	return CURLE_OK;
}

/* Read from the socket into the SSL object's input. */
static CURLcode fill(lean_tls *t, struct lean_io *io)
{
	char buf[16384];
	size_t got = 0;
	CURLcode cc;

	if (t->eof)
		return CURLE_OK;
	if ((cc = lean_sock_recv(io, buf, sizeof(buf), &got)) != CURLE_OK)
		return cc;
	if (!got) {
		t->eof = true;
		O.bio_ctrl(t->rb, BIO_C_SET_BUF_MEM_EOF_RETURN, 0, NULL);
		return CURLE_OK;
	}
	if (O.bio_write(t->rb, buf, (int)got) != (int)got) {
		lean_errbuf(io, "out of memory");
		return CURLE_OUT_OF_MEMORY;
	}
	return CURLE_OK;
}

static bool is_ip(const char *s)
{
	unsigned char b[16];

	return inet_pton(AF_INET, s, b) == 1 || inet_pton(AF_INET6, s, b) == 1;
}

/* A PKCS#1 RSA or SEC1 EC private key decoded straight from its DER: OpenSSL 3's
 * PEM_read_bio_PrivateKey goes through its decoder framework, which costs ~0.6 ms per key.
 * NULL for anything else (PKCS#8, encrypted, no such functions): the caller falls back. */
static EVP_PKEY *fast_key(const char *pem, size_t len)
{
	static const struct {
		const char *begin, *end;
		int type;
	} kinds[] = {
		{"-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", EVP_PKEY_RSA},
		{"-----BEGIN EC PRIVATE KEY-----", "-----END EC PRIVATE KEY-----", EVP_PKEY_EC},
	};
	const char *b = NULL, *e = NULL;
	unsigned char *der = NULL;
	const unsigned char *p;
	EVP_PKEY *k = NULL;
	void *raw = NULL;
	size_t i, n = 0, dn = 0;
	unsigned acc = 0;
	int bits = 0, type = 0, v;

	if (!O.pkey_new || !O.pkey_assign)
		return NULL;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && !b; i++) {
		if ((b = memmem(pem, len, kinds[i].begin, strlen(kinds[i].begin)))) {
			b += strlen(kinds[i].begin);
			e = memmem(b, len - (size_t)(b - pem), kinds[i].end, strlen(kinds[i].end));
			type = kinds[i].type;
		}
	}
	if (!b || !e || memchr(b, ':', (size_t)(e - b))) /* headers: an encrypted key */
		return NULL;
	if ((type == EVP_PKEY_RSA && (!O.d2i_rsa || !O.rsa_free)) ||
	    (type == EVP_PKEY_EC && (!O.d2i_ec || !O.ec_free)))
		return NULL;
	n = (size_t)(e - b);
	if (!(der = malloc(n / 4 * 3 + 3)))
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)b[i];

		if (c == '=' || c == '\r' || c == '\n' || c == ' ' || c == '\t')
			continue;
		if ((v = kube__b64_val((unsigned char)c)) < 0)
			goto out;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			der[dn++] = (unsigned char)(acc >> bits);
		}
	}
	p = der;
	raw = type == EVP_PKEY_RSA ? O.d2i_rsa(NULL, &p, (long)dn) : O.d2i_ec(NULL, &p, (long)dn);
	if (!raw || !(k = O.pkey_new()))
		goto out;
	if (O.pkey_assign(k, type, raw) != 1) {
		O.pkey_free(k);
		k = NULL;
		goto out;
	}
	raw = NULL; /* k owns it */
out:
	if (raw)
		(type == EVP_PKEY_RSA ? O.rsa_free : O.ec_free)(raw);
	explicit_bzero(der, n / 4 * 3 + 3);
	free(der);
	acc = 0;
	return k;
}

/* Load the client certificate (and any chain after it) and its key. */
static CURLcode use_client_cert(SSL_CTX *ctx, const struct lean_tls_opts *o, struct lean_io *io)
{
	BIO *b;
	X509 *x;
	EVP_PKEY *k;
	bool first = true;

	if (!(b = O.bio_new_mem_buf(o->cert, (int)o->cert_len)))
		return CURLE_OUT_OF_MEMORY;
	while ((x = O.pem_read_x509(b, NULL, NULL, NULL))) {
		if (first) {
			first = false;
			if (O.ctx_use_certificate(ctx, x) != 1) {
				O.x509_free(x);
				O.bio_free(b);
				put_ssl_error(io, "unable to use client certificate", last_error());
				return CURLE_SSL_CERTPROBLEM;
			}
			O.x509_free(x);
		} else if (O.ctx_ctrl(ctx, SSL_CTRL_CHAIN_CERT, 0, x) != 1) { /* takes x */
			O.x509_free(x);
		}
	}
	O.bio_free(b);
	if (first) { /* libcurl's words, which client.c passes on */
		unsigned long e = last_error();
		char tmp[256];

		O.init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS | OPENSSL_INIT_LOAD_CRYPTO_STRINGS, NULL);
		O.err_error_string_n(e, tmp, sizeof(tmp));
		lean_errbuf(io, "could not load PEM client certificate from CURLOPT_SSLCERT_BLOB, "
				"OpenSSL error %s, (no key found, wrong pass phrase, or wrong file "
				"format?)", tmp);
		return CURLE_SSL_CERTPROBLEM;
	}
	O.err_clear_error(); /* the end of the PEM data is an "error" */
	if (!(k = fast_key(o->key, o->key_len))) {
		O.err_clear_error();
		if (!(b = O.bio_new_mem_buf(o->key, (int)o->key_len)))
			return CURLE_OUT_OF_MEMORY;
		k = O.pem_read_key(b, NULL, NULL, NULL);
		O.bio_free(b);
	}
	if (!k) {
		last_error();
		lean_errbuf(io, "unable to set private key file: '(memory blob)' type PEM");
		return CURLE_SSL_CERTPROBLEM;
	}
	if (O.ctx_use_private_key(ctx, k) != 1) {
		O.pkey_free(k);
		last_error();
		lean_errbuf(io, "unable to set private key file: '(memory blob)' type PEM");
		return CURLE_SSL_CERTPROBLEM;
	}
	if (O.ctx_check_private_key(ctx) != 1) {
		O.pkey_free(k);
		last_error();
		lean_errbuf(io, "Private key does not match the certificate public key");
		return CURLE_SSL_CERTPROBLEM;
	}
	O.pkey_free(k);
	return CURLE_OK;
}

static CURLcode use_ca(SSL_CTX *ctx, const struct lean_tls_opts *o, struct lean_io *io)
{
	X509_STORE *st = O.ctx_get_cert_store(ctx);
	BIO *b;
	X509 *x;
	int n = 0;

	if (o->ca_blob) {
		if (!(b = O.bio_new_mem_buf(o->ca_blob, (int)o->ca_blob_len)))
			return CURLE_OUT_OF_MEMORY;
		while ((x = O.pem_read_x509(b, NULL, NULL, NULL))) {
			O.store_add_cert(st, x); /* a duplicate is fine */
			O.x509_free(x);
			n++;
		}
		O.bio_free(b);
		O.err_clear_error();
		if (!n) {
			lean_errbuf(io, "error importing CA certificate blob");
			return CURLE_SSL_CACERT_BADFILE;
		}
	}
	if (o->ca_file && O.ctx_load_verify_locations(ctx, o->ca_file, NULL) != 1) {
		last_error();
		lean_errbuf(io, "error setting certificate file: %s", o->ca_file);
		return CURLE_SSL_CACERT_BADFILE;
	}
	if (!o->ca_blob && !o->ca_file && o->ca_default)
		O.ctx_set_default_verify_paths(ctx);
	return CURLE_OK;
}

CURLcode lean_tls_connect(lean_tls **out, const struct lean_tls_opts *o, struct lean_io *io)
{
	static const unsigned char alpn[] = "\x08http/1.1";
	lean_tls *t;
	CURLcode cc = CURLE_OK;
	int r;

	*out = NULL;
	if (!tls_load(io))
		return CURLE_FAILED_INIT;
	if (!(t = calloc(1, sizeof(*t)))) {
		lean_errbuf(io, "out of memory");
		return CURLE_OUT_OF_MEMORY;
	}
	O.err_clear_error();
	if (!(t->ctx = O.ctx_new(O.tls_client_method()))) {
		cc = CURLE_OUT_OF_MEMORY;
		goto fail;
	}
	/* unexpected EOF is an EOF: the HTTP layer knows whether the body was complete */
	O.ctx_set_options(t->ctx, SSL_OP_NO_COMPRESSION | SSL_OP_IGNORE_UNEXPECTED_EOF);
	O.ctx_ctrl(t->ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, NULL);
	O.ctx_set_verify(t->ctx, o->verify_peer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, NULL);
	if (o->verify_peer && (cc = use_ca(t->ctx, o, io)) != CURLE_OK)
		goto fail;
	if (o->cert && o->key && (cc = use_client_cert(t->ctx, o, io)) != CURLE_OK)
		goto fail;
	if (!(t->ssl = O.ssl_new(t->ctx)) || !(t->rb = O.bio_new(O.bio_s_mem())) ||
	    !(t->wb = O.bio_new(O.bio_s_mem()))) {
		if (t->rb)
			O.bio_free(t->rb);
		t->rb = NULL;
		cc = CURLE_OUT_OF_MEMORY;
		goto fail;
	}
	O.bio_ctrl(t->rb, BIO_C_SET_BUF_MEM_EOF_RETURN, -1, NULL);
	O.bio_ctrl(t->wb, BIO_C_SET_BUF_MEM_EOF_RETURN, -1, NULL);
	O.set_bio(t->ssl, t->rb, t->wb); /* the SSL object owns them now */
	if (o->name && *o->name) {
		bool ip = is_ip(o->name);

		if (!ip)
			O.ssl_ctrl(t->ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
				   (void *)o->name);
		if (o->verify_peer && o->verify_host) {
			X509_VERIFY_PARAM *p = O.get0_param(t->ssl);

			if (ip)
				O.param_set1_ip_asc(p, o->name);
			else
				O.param_set1_host(p, o->name, 0);
		}
	}
	O.set_alpn_protos(t->ssl, alpn, sizeof(alpn) - 1);
	for (;;) {
		O.err_clear_error();
		r = O.ssl_connect(t->ssl);
		if ((cc = flush(t, io)) != CURLE_OK)
			goto fail;
		if (r == 1)
			break;
		switch (O.get_error(t->ssl, r)) {
		case SSL_ERROR_WANT_READ:
			if (t->eof) {
				put_ssl_error(io, "SSL_connect", last_error());
				cc = CURLE_SSL_CONNECT_ERROR;
				goto fail;
			}
			if ((cc = fill(t, io)) != CURLE_OK)
				goto fail;
			continue;
		default: {
			long v = O.get_verify_result(t->ssl);
			unsigned long e = last_error();

			if (o->verify_peer && v != X509_V_OK) {
				lean_errbuf(io, "SSL certificate problem: %s",
					    O.verify_cert_error_string(v));
				cc = CURLE_PEER_FAILED_VERIFICATION;
			} else {
				put_ssl_error(io, "SSL_connect", e);
				cc = CURLE_SSL_CONNECT_ERROR;
			}
			goto fail;
		}
		}
	}
	*out = t;
	return CURLE_OK;
fail:
	if (cc == CURLE_OUT_OF_MEMORY && io->errbuf && !io->errbuf[0])
		lean_errbuf(io, "out of memory");
	lean_tls_free(t);
	return cc;
}

CURLcode lean_tls_send(lean_tls *t, struct lean_io *io, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		int chunk = n > 65536 ? 65536 : (int)n, r;

		O.err_clear_error();
		r = O.ssl_write(t->ssl, s, chunk);
		if (r <= 0) {
			put_ssl_error(io, "SSL_write", last_error());
			return CURLE_SEND_ERROR;
		}
		s += r;
		n -= (size_t)r;
		if (flush(t, io) != CURLE_OK)
			return CURLE_SEND_ERROR;
	}
	return CURLE_OK;
}

CURLcode lean_tls_recv(lean_tls *t, struct lean_io *io, void *buf, size_t cap, size_t *got)
{
	CURLcode cc;
	int r;

	*got = 0;
	if (cap > 1 << 30)
		cap = 1 << 30;
	for (;;) {
		O.err_clear_error();
		r = O.ssl_read(t->ssl, buf, (int)cap);
		if ((cc = flush(t, io)) != CURLE_OK && r <= 0)
			return cc;
		if (r > 0) {
			*got = (size_t)r;
			return CURLE_OK;
		}
		switch (O.get_error(t->ssl, r)) {
		case SSL_ERROR_ZERO_RETURN:
			return CURLE_OK;
		case SSL_ERROR_WANT_READ:
			if (t->eof)
				return CURLE_OK;
			if ((cc = fill(t, io)) != CURLE_OK)
				return cc;
			continue;
		case SSL_ERROR_SYSCALL:
			if (t->eof)
				return CURLE_OK;
			/* fall through */
		default:
			put_ssl_error(io, "SSL_read", last_error());
			return CURLE_RECV_ERROR;
		}
	}
}

bool lean_tls_idle_alive(lean_tls *t, int fd)
{
	char buf[4096];
	int r;

	if (t->eof || O.ssl_pending(t->ssl) > 0)
		return false;
	for (;;) { /* what arrived while idle: session tickets are fine, data or EOF are not */
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

		if (n > 0) {
			if (O.bio_write(t->rb, buf, (int)n) != (int)n)
				return false;
			continue;
		}
		if (n == 0)
			return false;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return false;
		break;
	}
	O.err_clear_error();
	r = O.ssl_peek(t->ssl, buf, 1);
	if (r > 0)
		return false;
	r = O.get_error(t->ssl, r);
	O.err_clear_error();
	return r == SSL_ERROR_WANT_READ;
}

static struct curl_slist *append_line(struct curl_slist *l, const char *a, const char *b, bool *oom)
{
	size_t n = strlen(a) + strlen(b) + 1;
	struct curl_slist *r;
	char *s;

	if (*oom || !(s = malloc(n))) {
		*oom = true;
		return l;
	}
	snprintf(s, n, "%s%s", a, b);
	if (!(r = lean_slist_append(l, s)))
		*oom = true;
	free(s);
	return r ? r : l;
}

struct curl_slist *lean_tls_certinfo(lean_tls *t)
{
	struct curl_slist *l = NULL;
	GENERAL_NAMES *names;
	X509 *x;
	char subj[1024];
	bool oom = false;

	if (!t || !(x = O.get1_peer_certificate(t->ssl)))
		return NULL;
	if (O.name_oneline(O.get_subject_name(x), subj, (int)sizeof(subj)))
		l = append_line(l, "Subject:", subj, &oom);
	if ((names = O.get_ext_d2i(x, NID_subject_alt_name, NULL, NULL))) {
		char *san;
		size_t cap = 64, len = 0;
		int i, n = O.sk_num((const OPENSSL_STACK *)names);

		if ((san = malloc(cap)))
			san[0] = '\0';
		for (i = 0; san && i < n; i++) {
			const GENERAL_NAME *g = O.sk_value((const OPENSSL_STACK *)names, i);
			char item[300];
			const unsigned char *d;
			int dl;

			item[0] = '\0';
			if (g->type == GEN_DNS) {
				d = O.asn1_data(g->d.dNSName);
				dl = O.asn1_length(g->d.dNSName);
				snprintf(item, sizeof(item), "DNS:%.*s", dl > 255 ? 255 : dl,
					 (const char *)d);
			} else if (g->type == GEN_IPADD) {
				char ip[INET6_ADDRSTRLEN] = "";

				d = O.asn1_data(g->d.iPAddress);
				dl = O.asn1_length(g->d.iPAddress);
				if (dl == 4)
					inet_ntop(AF_INET, d, ip, sizeof(ip));
				else if (dl == 16)
					inet_ntop(AF_INET6, d, ip, sizeof(ip));
				if (*ip)
					snprintf(item, sizeof(item), "IP Address:%s", ip);
			}
			if (*item) {
				size_t need = len + strlen(item) + 3;

				if (need > cap) {
					char *p = realloc(san, need * 2);

					if (!p) {
						free(san);
						san = NULL;
						break;
					}
					san = p;
					cap = need * 2;
				}
				len += (size_t)snprintf(san + len, cap - len, "%s%s", len ? ", " : "",
							item);
			}
		}
		O.general_names_free(names);
		if (!san)
			oom = true;
		else
			l = append_line(l, "X509v3 Subject Alternative Name:", san, &oom);
		free(san);
	}
	O.x509_free(x);
	if (oom) {
		lean_slist_free_all(l);
		return NULL;
	}
	return l;
}

void lean_tls_free(lean_tls *t)
{
	if (!t)
		return;
	if (t->ssl)
		O.ssl_free(t->ssl); /* and its BIOs */
	if (t->ctx)
		O.ctx_free(t->ctx);
	free(t);
}
