/* `create secret tls`: the certificate/key check of Go's tls.X509KeyPair. PEM framing follows
 * Go's encoding/pem; DER parsing and the key comparison use libcrypto, which is loaded with
 * dlopen() on first use so that no other command pays for it at start-up. */
#include <dlfcn.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <kube/mutate.h>

#include "generate-internal.h"
#include "../base64.h"
#include "banned.h"

/* ---- libcrypto, loaded lazily ---- */

struct crypto_api {
	X509 *(*d2i_x509)(X509 **, const unsigned char **, long);
	void (*x509_free)(X509 *);
	EVP_PKEY *(*x509_get0_pubkey)(const X509 *);
	EVP_PKEY *(*d2i_auto_private_key)(EVP_PKEY **, const unsigned char **, long);
	int (*pkey_base_id)(const EVP_PKEY *);
	int (*pkey_eq)(const EVP_PKEY *, const EVP_PKEY *);
	void (*pkey_free)(EVP_PKEY *);
};

static const struct crypto_api *crypto_load(kube_err *err)
{
	static struct crypto_api api;
	static int loaded; /* 0 = not tried, 1 = ok */
	void *h;

	if (loaded)
		return &api;
	h = dlopen("libcrypto.so.3", RTLD_LAZY | RTLD_LOCAL);
	if (!h)
		h = dlopen("libcrypto.so", RTLD_LAZY | RTLD_LOCAL);
	if (!h) {
		kube_err_set(err, KUBE_ERROR, "cannot load libcrypto: %s", dlerror());
		return NULL;
	}
	*(void **)&api.d2i_x509 = dlsym(h, "d2i_X509");
	*(void **)&api.x509_free = dlsym(h, "X509_free");
	*(void **)&api.x509_get0_pubkey = dlsym(h, "X509_get0_pubkey");
	*(void **)&api.d2i_auto_private_key = dlsym(h, "d2i_AutoPrivateKey");
	*(void **)&api.pkey_base_id = dlsym(h, "EVP_PKEY_get_base_id");
	if (!api.pkey_base_id)
		*(void **)&api.pkey_base_id = dlsym(h, "EVP_PKEY_base_id");
	*(void **)&api.pkey_eq = dlsym(h, "EVP_PKEY_eq");
	if (!api.pkey_eq)
		*(void **)&api.pkey_eq = dlsym(h, "EVP_PKEY_cmp");
	*(void **)&api.pkey_free = dlsym(h, "EVP_PKEY_free");
	if (!api.d2i_x509 || !api.x509_free || !api.x509_get0_pubkey || !api.d2i_auto_private_key ||
	    !api.pkey_base_id || !api.pkey_eq || !api.pkey_free) {
		dlclose(h);
		memset(&api, 0, sizeof(api));
		kube_err_set(err, KUBE_ERROR, "cannot load libcrypto: missing symbols");
		return NULL;
	}
	loaded = 1;
	return &api;
}

/* ---- encoding/pem ---- */

struct pem_block {
	char type[128];
	kube_buf der;
};

/* getLine: the line up to '\n' without trailing " \t\r"; *rest after the newline. */
static void get_line(const char *p, const char *end, const char **line_end, const char **rest)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	const char *le = nl ? nl : end;

	*rest = nl ? nl + 1 : end;
	while (le > p && (le[-1] == ' ' || le[-1] == '\t' || le[-1] == '\r'))
		le--;
	*line_end = le;
}

static const char *find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; p + n <= end; p++)
		if (!memcmp(p, needle, n))
			return p;
	return NULL;
}

static bool has_prefix(const char *p, const char *end, const char *pre)
{
	size_t n = strlen(pre);

	return (size_t)(end - p) >= n && !memcmp(p, pre, n);
}

/* Decode the next PEM block of data[*pos..len). Returns true and advances *pos, or false when
 * there is no further block. */
static bool pem_decode(struct pem_block *b, const char *data, size_t len, size_t *pos)
{
	const char *end = data + len, *rest = data + *pos;

	for (;;) {
		const char *tl, *tle, *hdr_end, *endi, *trailer, *p;
		size_t tlen, nheaders = 0;
		kube_buf b64 = KUBE_BUF_INIT;
		bool ok;

		if (has_prefix(rest, end, "-----BEGIN ")) {
			rest += strlen("-----BEGIN ");
		} else if ((p = find(rest, end, "\n-----BEGIN "))) {
			rest = p + strlen("\n-----BEGIN ");
		} else {
			return false;
		}
		tl = rest;
		get_line(tl, end, &tle, &rest);
		if (tle - tl < 5 || memcmp(tle - 5, "-----", 5))
			continue;
		tlen = (size_t)(tle - 5 - tl);
		/* headers: lines with a colon */
		for (;;) {
			const char *le, *next;

			if (rest >= end)
				return false;
			get_line(rest, end, &le, &next);
			if (!memchr(rest, ':', (size_t)(le - rest)))
				break;
			nheaders++;
			rest = next;
		}
		if (!nheaders && has_prefix(rest, end, "-----END ")) {
			endi = rest;
			trailer = rest + strlen("-----END ");
		} else {
			if (!(endi = find(rest, end, "\n-----END ")))
				continue;
			trailer = endi + strlen("\n-----END ");
		}
		hdr_end = rest;
		if ((size_t)(end - trailer) < tlen + 5 || memcmp(trailer, tl, tlen) ||
		    memcmp(trailer + tlen, "-----", 5))
			continue;
		{
			const char *le, *next;

			get_line(trailer + tlen + 5, end, &le, &next);
			if (le != trailer + tlen + 5)
				continue;
		}
		for (p = hdr_end; p < endi; p++)
			if (*p != ' ' && *p != '\t')
				kube_buf_putc(&b64, *p);
		kube_buf_truncate(&b->der, 0);
		ok = !b64.failed && kube__b64_decode_std(&b->der, b64.ptr, b64.len) &&
		     !b->der.failed;
		kube_buf_wipe(&b64);
		if (!ok)
			continue;
		if (tlen >= sizeof(b->type))
			tlen = sizeof(b->type) - 1;
		memcpy(b->type, tl, tlen);
		b->type[tlen] = '\0';
		{
			const char *le, *next;

			/* the rest starts after the END line */
			get_line(trailer, end, &le, &next);
			*pos = (size_t)(next - data);
		}
		return true;
	}
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/* Go's %v of a []string: [a b c] */
static void put_types(kube_buf *out, const kube_buf *types)
{
	kube_buf_putc(out, '[');
	kube_buf_put(out, types->ptr, types->len);
	kube_buf_putc(out, ']');
}

int kube_tls_check_pair(const char *cert, size_t cert_len, const char *key, size_t key_len,
			kube_err *err)
{
	struct pem_block blk = {{0}, KUBE_BUF_INIT};
	kube_buf first_cert = KUBE_BUF_INIT, key_der = KUBE_BUF_INIT, skipped = KUBE_BUF_INIT;
	const struct crypto_api *api = NULL;
	size_t pos = 0, ncerts = 0, nskipped = 0;
	X509 *x = NULL;
	EVP_PKEY *priv = NULL;
	const unsigned char *p;
	char last_skipped[128] = "";
	bool found_key = false;
	int rc = 0, pub_id, priv_id;

	while (pem_decode(&blk, cert, cert_len, &pos)) {
		if (!strcmp(blk.type, "CERTIFICATE")) {
			if (!ncerts++)
				kube_buf_put(&first_cert, blk.der.ptr, blk.der.len);
		} else {
			if (nskipped++)
				kube_buf_putc(&skipped, ' ');
			kube_buf_puts(&skipped, blk.type);
			memcpy(last_skipped, blk.type, sizeof(last_skipped));
		}
	}
	if (!ncerts) {
		if (!nskipped) {
			rc = kube_err_set(err, KUBE_EINVAL,
					  "tls: failed to find any PEM data in certificate input");
		} else if (nskipped == 1 && ends_with(last_skipped, "PRIVATE KEY")) {
			rc = kube_err_set(err, KUBE_EINVAL,
					  "tls: failed to find certificate PEM data in certificate "
					  "input, but did find a private key; PEM inputs may have been "
					  "switched");
		} else {
			kube_buf m = KUBE_BUF_INIT;

			put_types(&m, &skipped);
			rc = kube_err_set(err, KUBE_EINVAL,
					  "tls: failed to find \"CERTIFICATE\" PEM block in certificate "
					  "input after skipping PEM blocks of the following types: %s",
					  m.ptr);
			kube_buf_release(&m);
		}
		goto out;
	}
	kube_buf_truncate(&skipped, 0);
	nskipped = 0;
	pos = 0;
	while (pem_decode(&blk, key, key_len, &pos)) {
		if (!strcmp(blk.type, "PRIVATE KEY") || ends_with(blk.type, " PRIVATE KEY")) {
			kube_buf_put(&key_der, blk.der.ptr, blk.der.len);
			found_key = true;
			break;
		}
		if (nskipped++)
			kube_buf_putc(&skipped, ' ');
		kube_buf_puts(&skipped, blk.type);
		memcpy(last_skipped, blk.type, sizeof(last_skipped));
	}
	if (!found_key) {
		if (!nskipped) {
			rc = kube_err_set(err, KUBE_EINVAL,
					  "tls: failed to find any PEM data in key input");
		} else if (nskipped == 1 && !strcmp(last_skipped, "CERTIFICATE")) {
			rc = kube_err_set(err, KUBE_EINVAL,
					  "tls: found a certificate rather than a key in the PEM for "
					  "the private key");
		} else {
			kube_buf m = KUBE_BUF_INIT;

			put_types(&m, &skipped);
			rc = kube_err_set(err, KUBE_EINVAL,
					  "tls: failed to find PEM block with type ending in \"PRIVATE "
					  "KEY\" in key input after skipping PEM blocks of the "
					  "following types: %s",
					  m.ptr);
			kube_buf_release(&m);
		}
		goto out;
	}
	if (first_cert.failed || key_der.failed) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	if (!(api = crypto_load(err))) {
		rc = KUBE_ERROR;
		goto out;
	}
	p = (const unsigned char *)first_cert.ptr;
	x = api->d2i_x509(NULL, &p, (long)first_cert.len);
	if (!x || p != (const unsigned char *)first_cert.ptr + first_cert.len) {
		rc = kube_err_set(err, KUBE_EINVAL, "x509: malformed certificate");
		goto out;
	}
	p = (const unsigned char *)key_der.ptr;
	priv = api->d2i_auto_private_key(NULL, &p, (long)key_der.len);
	if (!priv) {
		rc = kube_err_set(err, KUBE_EINVAL, "tls: failed to parse private key");
		goto out;
	}
	priv_id = api->pkey_base_id(priv);
	if (priv_id != EVP_PKEY_RSA && priv_id != EVP_PKEY_EC && priv_id != EVP_PKEY_ED25519) {
		rc = kube_err_set(err, KUBE_EINVAL,
				  "tls: found unknown private key type in PKCS#8 wrapping");
		goto out;
	}
	if (!api->x509_get0_pubkey(x)) {
		rc = kube_err_set(err, KUBE_EINVAL, "tls: unknown public key algorithm");
		goto out;
	}
	pub_id = api->pkey_base_id(api->x509_get0_pubkey(x));
	if (pub_id != EVP_PKEY_RSA && pub_id != EVP_PKEY_EC && pub_id != EVP_PKEY_ED25519) {
		rc = kube_err_set(err, KUBE_EINVAL, "tls: unknown public key algorithm");
		goto out;
	}
	if (pub_id != priv_id) {
		rc = kube_err_set(err, KUBE_EINVAL,
				  "tls: private key type does not match public key type");
		goto out;
	}
	if (api->pkey_eq(api->x509_get0_pubkey(x), priv) != 1)
		rc = kube_err_set(err, KUBE_EINVAL, "tls: private key does not match public key");
out:
	if (api && x)
		api->x509_free(x);
	if (api && priv)
		api->pkey_free(priv);
	kube_buf_wipe(&blk.der);
	kube_buf_release(&first_cert);
	kube_buf_wipe(&key_der);
	kube_buf_release(&skipped);
	return rc;
}
