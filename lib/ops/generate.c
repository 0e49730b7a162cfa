/* The objects kubectl's `create <kind>` and `run` build: ConfigMap, Secret (generic, tls),
 * Namespace, Deployment, Service, Pod. Members are added in Go struct order, so that JSON output
 * matches kubectl's typed printing. See include/kube/mutate.h. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <kube/mutate.h>

#include "generate-internal.h"
#include "mutate-internal.h"
#include "banned.h"

#define OOM(err) kube_err_set(err, KUBE_ENOMEM, "out of memory")

/* ======================================================================================
 * small helpers
 * ====================================================================================== */

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void gen_base64(kube_buf *out, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		kube_buf_putc(out, b64chars[p[i] >> 2]);
		kube_buf_putc(out, b64chars[((p[i] & 3) << 4) | (p[i + 1] >> 4)]);
		kube_buf_putc(out, b64chars[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)]);
		kube_buf_putc(out, b64chars[p[i + 2] & 63]);
	}
	if (n - i == 1) {
		kube_buf_putc(out, b64chars[p[i] >> 2]);
		kube_buf_putc(out, b64chars[(p[i] & 3) << 4]);
		kube_buf_puts(out, "==");
	} else if (n - i == 2) {
		kube_buf_putc(out, b64chars[p[i] >> 2]);
		kube_buf_putc(out, b64chars[((p[i] & 3) << 4) | (p[i + 1] >> 4)]);
		kube_buf_putc(out, b64chars[(p[i + 1] & 15) << 2]);
		kube_buf_putc(out, '=');
	}
}

bool gen_utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned cp, min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			len = 2;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

/* Read a whole file. Go's error texts: "open PATH: no such file or directory". */
int gen_read_file(const char *path, kube_buf *out, kube_err *err)
{
	FILE *f = fopen(path, "rb");
	char tmp[8192];
	size_t n;
	int e;

	if (!f) {
		e = errno;
		return kube_err_set(err, KUBE_EIO, "open %s: %s", path, gen_errno_text(e));
	}
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		kube_buf_put(out, tmp, n);
	e = ferror(f) ? errno : 0;
	fclose(f);
	if (e)
		return kube_err_set(err, KUBE_EIO, "read %s: %s", path, gen_errno_text(e));
	return kube_buf_check(out, err);
}

/* Go's syscall.Errno texts for the errors file reading can meet (lower-case strerror). */
const char *gen_errno_text(int e)
{
	switch (e) {
	case ENOENT: return "no such file or directory";
	case EACCES: return "permission denied";
	case EISDIR: return "is a directory";
	case ENOTDIR: return "not a directory";
	case ELOOP: return "too many levels of symbolic links";
	case ENAMETOOLONG: return "file name too long";
	default: return strerror(e);
	}
}

/* ---- SHA-256 (FIPS 180-4), for --append-hash ---- */

struct sha256 {
	uint32_t h[8];
	unsigned char buf[64];
	size_t nbuf;
	uint64_t len;
};

static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha_block(struct sha256 *s, const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = (ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10)) + w[i - 7] +
		       (ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 16];
	a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
	e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + sha_k[i] +
		     w[i];
		t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
	}
	s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d;
	s->h[4] += e, s->h[5] += f, s->h[6] += g, s->h[7] += h;
}

void gen_sha256_hex(const char *data, size_t n, char hex[65])
{
	static const uint32_t init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	struct sha256 s;
	unsigned char pad[72];
	size_t i, npad;
	uint64_t bits;

	memcpy(s.h, init, sizeof(init));
	s.nbuf = 0;
	s.len = n;
	for (i = 0; i + 64 <= n; i += 64)
		sha_block(&s, (const unsigned char *)data + i);
	s.nbuf = n - i;
	memcpy(s.buf, data + i, s.nbuf);
	bits = s.len * 8;
	npad = (s.nbuf < 56 ? 56 : 120) - s.nbuf;
	memset(pad, 0, sizeof(pad));
	pad[0] = 0x80;
	for (i = 0; i < 8; i++)
		pad[npad + i] = (unsigned char)(bits >> (56 - 8 * i));
	{
		unsigned char tail[128];
		size_t tl = s.nbuf + npad + 8;

		memcpy(tail, s.buf, s.nbuf);
		memcpy(tail + s.nbuf, pad, npad + 8);
		for (i = 0; i < tl; i += 64)
			sha_block(&s, tail + i);
	}
	for (i = 0; i < 8; i++)
		snprintf(hex + 8 * i, 9, "%08x", s.h[i]);
	hex[64] = '\0';
}

/* kubectl's hash suffix: the first 10 hex digits of the SHA-256, with 0 1 3 a e replaced so that
 * the result cannot spell words. */
static void hash_suffix(const kube_buf *encoded, char out[11])
{
	char hex[65];
	size_t i;

	gen_sha256_hex(encoded->ptr, encoded->len, hex);
	for (i = 0; i < 10; i++) {
		switch (hex[i]) {
		case '0': out[i] = 'g'; break;
		case '1': out[i] = 'h'; break;
		case '3': out[i] = 'k'; break;
		case 'a': out[i] = 'm'; break;
		case 'e': out[i] = 't'; break;
		default: out[i] = hex[i]; break;
		}
	}
	out[10] = '\0';
}

/* Append "-HASH" to metadata.name. encoded is what kubectl hashes. */
static int rename_with_hash(kube_obj *obj, const kube_buf *encoded, kube_err *err)
{
	kube_obj *meta = kube_obj_get_mut(obj, "metadata");
	kube_buf name = KUBE_BUF_INIT;
	char suffix[11];
	int rc;

	if ((rc = kube_buf_check(encoded, err)) < 0)
		return rc;
	hash_suffix(encoded, suffix);
	kube_buf_printf(&name, "%s-%s", kube_obj_path_str(meta, "name", NULL), suffix);
	if ((rc = kube_buf_check(&name, err)) == 0 && kube_obj_set_str(meta, "name", name.ptr) < 0)
		rc = OOM(err);
	kube_buf_release(&name);
	return rc;
}

/* ======================================================================================
 * object skeletons
 * ====================================================================================== */

/* {"kind":K,"apiVersion":AV,"metadata":{"name":N[,"namespace":NS]}} */
static kube_obj *skeleton(const char *kind, const char *api_version, const char *name,
			  const char *ns)
{
	kube_obj *o = kube_obj_new_object(), *meta = kube_obj_new_object();

	if (!o || !meta || kube_obj_set_str(o, "kind", kind) < 0 ||
	    kube_obj_set_str(o, "apiVersion", api_version) < 0 ||
	    kube_obj_set_str(meta, "name", name) < 0 ||
	    (ns && *ns && kube_obj_set_str(meta, "namespace", ns) < 0)) {
		kube_obj_free(o);
		kube_obj_free(meta);
		return NULL;
	}
	if (kube_obj_set_take(o, "metadata", meta) < 0) {
		kube_obj_free(o);
		return NULL;
	}
	return o;
}

/* ======================================================================================
 * key checks (k8s.io/apimachinery/pkg/util/validation)
 * ====================================================================================== */

#define CONFIG_KEY_MSG                                                                             \
	"a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "       \
	"'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "                \
	"'[-._a-zA-Z0-9]+')"
#define ENV_NAME_MSG                                                                               \
	"a valid environment variable name must consist of alphabetic characters, digits, '_', "   \
	"'-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  "   \
	"or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.';
}

/* IsConfigMapKey: the error strings, joined with sep, appended to out; false when invalid. */
bool gen_config_key_ok(const char *key, const char *sep, kube_buf *out)
{
	const char *p;
	bool ok = true, chars = *key != '\0';

	if (strlen(key) > 253) {
		kube_buf_puts(out, "must be no more than 253 characters");
		ok = false;
	}
	for (p = key; *p; p++)
		if (!key_char(*p))
			chars = false;
	if (!chars) {
		if (!ok)
			kube_buf_puts(out, sep);
		kube_buf_puts(out, CONFIG_KEY_MSG);
		ok = false;
	}
	if (!strcmp(key, ".") || !strcmp(key, "..") || !strncmp(key, "..", 2)) {
		if (!ok)
			kube_buf_puts(out, sep);
		kube_buf_puts(out, !strcmp(key, ".")    ? "must not be '.'"
				   : !strcmp(key, "..") ? "must not be '..'"
							: "must not start with '..'");
		ok = false;
	}
	return ok;
}

/* IsEnvVarName */
bool gen_env_name_ok(const char *key, const char *sep, kube_buf *out)
{
	const char *p;
	bool ok = *key && !(*key >= '0' && *key <= '9');

	for (p = key; *p; p++)
		if (!key_char(*p))
			ok = false;
	if (!ok)
		kube_buf_puts(out, ENV_NAME_MSG);
	if (!strcmp(key, ".") || !strcmp(key, "..") || !strncmp(key, "..", 2)) {
		if (!ok)
			kube_buf_puts(out, sep);
		kube_buf_puts(out, !strcmp(key, ".")    ? "must not be '.'"
				   : !strcmp(key, "..") ? "must not be '..'"
							: "must not start with '..'");
		ok = false;
	}
	return ok;
}

/* ======================================================================================
 * data sources: --from-file, --from-literal, --from-env-file
 * ====================================================================================== */

enum target { T_CONFIGMAP, T_SECRET };

struct data_set {
	enum target t;
	const char *name;  /* object name, for messages */
	kube_obj *data;    /* sorted object: key -> string (configmap) or base64 (secret) */
	kube_obj *binary;  /* configmap binaryData */
};

static int add_entry(struct data_set *s, const char *key, const unsigned char *val, size_t n,
		     kube_err *err)
{
	kube_buf msg = KUBE_BUF_INIT, enc = KUBE_BUF_INIT;
	kube_obj *v = NULL;
	bool text;
	int rc = 0;

	if (s->t == T_SECRET) {
		if (!gen_config_key_ok(key, ";", &msg)) {
			rc = kube_err_set(err, KUBE_EINVAL,
					  "\"%s\" is not valid key name for a Secret %s", key,
					  msg.ptr);
			goto out;
		}
		if (kube_obj_get(s->data, key)) {
			rc = kube_err_set(err, KUBE_EINVAL,
					  "cannot add key %s, another key by that name already exists",
					  key);
			goto out;
		}
		gen_base64(&enc, val, n);
		if ((rc = kube_buf_check(&enc, err)) < 0)
			goto out;
		if (!(v = kube_obj_new_stringn(enc.ptr, enc.len)) || mut_set_sorted(s->data, key, v) < 0)
			rc = OOM(err);
		goto out;
	}
	if (!gen_config_key_ok(key, ",", &msg)) {
		kube_buf q = KUBE_BUF_INIT;

		kube_go_quote(&q, key);
		rc = kube_err_set(err, KUBE_EINVAL, "%s is not a valid key name for a ConfigMap: %s",
				  q.ptr, msg.ptr);
		kube_buf_release(&q);
		goto out;
	}
	if (kube_obj_get(s->data, key) || kube_obj_get(s->binary, key)) {
		kube_buf q = KUBE_BUF_INIT, qn = KUBE_BUF_INIT;

		kube_go_quote(&q, key);
		kube_go_quote(&qn, s->name);
		rc = kube_err_set(err, KUBE_EINVAL,
				  "cannot add key %s, another key by that name already exists in %s "
				  "for ConfigMap %s",
				  q.ptr, kube_obj_get(s->data, key) ? "Data" : "BinaryData", qn.ptr);
		kube_buf_release(&q);
		kube_buf_release(&qn);
		goto out;
	}
	text = gen_utf8_valid(val, n);
	if (text) {
		v = kube_obj_new_stringn((const char *)val, n);
	} else {
		gen_base64(&enc, val, n);
		if ((rc = kube_buf_check(&enc, err)) < 0)
			goto out;
		v = kube_obj_new_stringn(enc.ptr, enc.len);
	}
	if (!v || mut_set_sorted(text ? s->data : s->binary, key, v) < 0)
		rc = OOM(err);
out:
	kube_buf_release(&msg);
	kube_buf_wipe(&enc);
	return rc;
}

static int add_file(struct data_set *s, const char *key, const char *path, kube_err *err)
{
	kube_buf data = KUBE_BUF_INIT;
	int rc;

	if ((rc = gen_read_file(path, &data, err)) == 0)
		rc = add_entry(s, key, (const unsigned char *)data.ptr, data.len, err);
	kube_buf_wipe(&data);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_file_source(struct data_set *s, const char *source, kube_err *err)
{
	const char *eq = strchr(source, '='), *path;
	char *key = NULL, **names = NULL;
	size_t neq = 0, nnames = 0, i;
	struct stat st;
	const char *p;
	int rc = 0;

	for (p = source; *p; p++)
		neq += *p == '=';
	if (neq == 0) {
		/* path.Base of the slash path */
		size_t len = strlen(source);

		while (len > 1 && source[len - 1] == '/')
			len--;
		p = source + len;
		while (p > source && p[-1] != '/')
			p--;
		key = malloc((size_t)(source + len - p) + 1);
		if (!key)
			return OOM(err);
		memcpy(key, p, (size_t)(source + len - p));
		key[source + len - p] = '\0';
		if (!*key && len == 1) {
			free(key);
			key = mut_strdup("/");
		}
		path = source;
	} else if (neq > 1) {
		return kube_err_set(err, KUBE_EINVAL, "key names or file paths cannot contain '='");
	} else if (eq == source) {
		return kube_err_set(err, KUBE_EINVAL, "key name for file path %s missing", source + 1);
	} else if (!eq[1]) {
		return kube_err_set(err, KUBE_EINVAL, "file path for key name %.*s missing",
				    (int)(eq - source), source);
	} else {
		if (!(key = malloc((size_t)(eq - source) + 1)))
			return OOM(err);
		memcpy(key, source, (size_t)(eq - source));
		key[eq - source] = '\0';
		path = eq + 1;
	}
	if (!key)
		return OOM(err);
	if (stat(path, &st) < 0) {
		rc = kube_err_set(err, KUBE_EIO, "error reading %s: %s", path, gen_errno_text(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		rc = add_file(s, key, path, err);
		goto out;
	}
	if (neq) {
		rc = kube_err_set(err, KUBE_EINVAL, "cannot give a key name for a directory path");
		goto out;
	}
	{
		DIR *dir = opendir(path);
		struct dirent *de;

		if (!dir) {
			rc = kube_err_set(err, KUBE_EIO, "error listing files in %s: open %s: %s", path,
					  path, gen_errno_text(errno));
			goto out;
		}
		while ((de = readdir(dir))) {
			char **nn;

			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			if (!(nn = realloc(names, (nnames + 1) * sizeof(*nn))) ||
			    !(nn[nnames] = mut_strdup(de->d_name))) {
				if (nn)
					names = nn;
				closedir(dir);
				rc = OOM(err);
				goto out;
			}
			names = nn;
			nnames++;
		}
		closedir(dir);
	}
	qsort(names, nnames, sizeof(*names), cmp_str);
	for (i = 0; i < nnames && rc == 0; i++) {
		kube_buf item = KUBE_BUF_INIT;
		struct stat ist;

		/* path.Join: clean the joined path */
		kube_buf_puts(&item, path);
		if (item.len && item.ptr[item.len - 1] != '/')
			kube_buf_putc(&item, '/');
		kube_buf_puts(&item, names[i]);
		if ((rc = kube_buf_check(&item, err)) == 0 && lstat(item.ptr, &ist) == 0 &&
		    S_ISREG(ist.st_mode))
			rc = add_file(s, names[i], item.ptr, err);
		kube_buf_release(&item);
	}
out:
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	free(key);
	return rc;
}

static int add_literal(struct data_set *s, const char *source, kube_err *err)
{
	const char *eq = strchr(source, '=');
	char *key;
	int rc;

	if (!eq || eq == source)
		return kube_err_set(err, KUBE_EINVAL, "invalid literal source %s, expected key=value",
				    source);
	if (!(key = malloc((size_t)(eq - source) + 1)))
		return OOM(err);
	memcpy(key, source, (size_t)(eq - source));
	key[eq - source] = '\0';
	rc = add_entry(s, key, (const unsigned char *)eq + 1, strlen(eq + 1), err);
	free(key);
	return rc;
}

static int add_env_file(struct data_set *s, const char *path, kube_err *err)
{
	kube_buf data = KUBE_BUF_INIT, msg = KUBE_BUF_INIT;
	char *line, *end, *key = NULL;
	size_t lineno = 0;
	int rc;

	if ((rc = gen_read_file(path, &data, err)) < 0) {
		/* kubectl reports the open error as "error reading PATH: <errno text>" */
		kube_err_set(err, KUBE_EIO, "error reading %s: %s", path, gen_errno_text(errno));
		rc = KUBE_EIO;
		goto out;
	}
	for (line = data.ptr; rc == 0 && line < data.ptr + data.len; line = end + 1) {
		char *l, *eq;
		size_t len;

		end = memchr(line, '\n', (size_t)(data.ptr + data.len - line));
		if (!end)
			end = data.ptr + data.len;
		len = (size_t)(end - line);
		if (len && line[len - 1] == '\r')
			len--; /* bufio.ScanLines drops a trailing CR */
		lineno++;
		if (!gen_utf8_valid((const unsigned char *)line, len)) {
			rc = kube_err_set(err, KUBE_EINVAL,
					  "env file %s contains invalid utf8 bytes at line %zu", path,
					  lineno);
			break;
		}
		l = line;
		if (lineno == 1 && len >= 3 && !memcmp(l, "\xef\xbb\xbf", 3)) {
			l += 3;
			len -= 3;
		}
		while (len && (*l == ' ' || *l == '\t' || *l == '\v' || *l == '\f' || *l == '\r' ||
			       *l == '\n')) {
			l++;
			len--;
		}
		if (!len || *l == '#')
			continue;
		eq = memchr(l, '=', len);
		free(key);
		if (!(key = malloc((eq ? (size_t)(eq - l) : len) + 1))) {
			rc = OOM(err);
			break;
		}
		memcpy(key, l, eq ? (size_t)(eq - l) : len);
		key[eq ? (size_t)(eq - l) : len] = '\0';
		kube_buf_truncate(&msg, 0);
		if (!gen_env_name_ok(key, ";", &msg)) {
			kube_buf q = KUBE_BUF_INIT;

			kube_go_quote(&q, key);
			rc = kube_err_set(err, KUBE_EINVAL, "%s is not a valid key name: %s", q.ptr,
					  msg.ptr);
			kube_buf_release(&q);
			break;
		}
		if (eq) {
			rc = add_entry(s, key, (const unsigned char *)eq + 1,
				       len - (size_t)(eq - l) - 1, err);
		} else {
			const char *v = getenv(key);

			rc = add_entry(s, key, (const unsigned char *)(v ? v : ""), v ? strlen(v) : 0,
				       err);
		}
	}
out:
	free(key);
	kube_buf_wipe(&data);
	kube_buf_release(&msg);
	return rc;
}

static int fill_sources(struct data_set *s, const kube_gen_source_opts *src, kube_err *err)
{
	size_t i;
	int rc;

	if (src->nfrom_env_file && (src->nfrom_file || src->nfrom_literal))
		return kube_err_set(err, KUBE_EINVAL,
				    "from-env-file cannot be combined with from-file or from-literal");
	for (i = 0; i < src->nfrom_file; i++)
		if ((rc = add_file_source(s, src->from_file[i], err)) < 0)
			return rc;
	for (i = 0; i < src->nfrom_literal; i++)
		if ((rc = add_literal(s, src->from_literal[i], err)) < 0)
			return rc;
	for (i = 0; i < src->nfrom_env_file; i++)
		if ((rc = add_env_file(s, src->from_env_file[i], err)) < 0)
			return rc;
	return 0;
}

int kube_gen_configmap(kube_obj **out, const char *name, const char *namespace,
		       const kube_gen_source_opts *src, bool append_hash, kube_err *err)
{
	struct data_set s = {T_CONFIGMAP, name, NULL, NULL};
	kube_obj *cm = NULL;
	kube_buf enc = KUBE_BUF_INIT;
	int rc;

	*out = NULL;
	if (!(cm = skeleton("ConfigMap", "v1", name, namespace)) ||
	    !(s.data = kube_obj_new_object()) || !(s.binary = kube_obj_new_object())) {
		rc = OOM(err);
		goto fail;
	}
	if ((rc = fill_sources(&s, src, err)) < 0)
		goto fail;
	if (append_hash) {
		/* json.Marshal of {"kind","name","data"[,"binaryData"]} with sorted keys */
		kube_obj *m = kube_obj_new_object();
		kube_obj *d = NULL, *b = NULL;

		if (!m || kube_obj_dup(&d, s.data, err) < 0 ||
		    (kube_obj_len(s.binary) && kube_obj_dup(&b, s.binary, err) < 0) ||
		    (b && kube_obj_set_take(m, "binaryData", b) < 0) ||
		    kube_obj_set_take(m, "data", d) < 0 || kube_obj_set_str(m, "kind", "ConfigMap") < 0 ||
		    kube_obj_set_str(m, "name", name) < 0) {
			kube_obj_free(m);
			rc = OOM(err);
			goto fail;
		}
		mut_json_compact(&enc, m);
		kube_obj_free(m);
		if ((rc = rename_with_hash(cm, &enc, err)) < 0)
			goto fail;
	}
	if (kube_obj_len(s.data)) {
		if (kube_obj_set_take(cm, "data", s.data) < 0) {
			s.data = NULL;
			rc = OOM(err);
			goto fail;
		}
		s.data = NULL;
	}
	if (kube_obj_len(s.binary)) {
		if (kube_obj_set_take(cm, "binaryData", s.binary) < 0) {
			s.binary = NULL;
			rc = OOM(err);
			goto fail;
		}
		s.binary = NULL;
	}
	*out = cm;
	cm = NULL;
	rc = 0;
fail:
	kube_buf_wipe(&enc);
	kube_obj_free(cm);
	kube_obj_free(s.data);
	kube_obj_free(s.binary);
	return rc;
}

/* The Secret part shared by generic and tls. data is a sorted object of base64 strings. */
static int finish_secret(kube_obj **out, kube_obj *sec, kube_obj *data, const char *name,
			 const char *type, bool append_hash, kube_err *err)
{
	kube_buf enc = KUBE_BUF_INIT;
	int rc = 0;

	if (append_hash) {
		kube_obj *m = kube_obj_new_object(), *d = NULL;

		if (!m || kube_obj_dup(&d, data, err) < 0 || kube_obj_set_take(m, "data", d) < 0 ||
		    kube_obj_set_str(m, "kind", "Secret") < 0 || kube_obj_set_str(m, "name", name) < 0 ||
		    kube_obj_set_str(m, "type", type ? type : "") < 0) {
			kube_obj_free(m);
			rc = OOM(err);
			goto out;
		}
		/* an empty data map is `null` for a nil Go map, `{}` otherwise: kubectl always
		 * allocates it */
		mut_json_compact(&enc, m);
		kube_obj_free(m);
		if ((rc = rename_with_hash(sec, &enc, err)) < 0)
			goto out;
	}
	if (kube_obj_len(data)) {
		rc = kube_obj_set_take(sec, "data", data);
		data = NULL;
		if (rc < 0) {
			rc = OOM(err);
			goto out;
		}
	}
	if (type && *type && kube_obj_set_str(sec, "type", type) < 0) {
		rc = OOM(err);
		goto out;
	}
	*out = sec;
	sec = NULL;
out:
	kube_buf_wipe(&enc);
	kube_obj_free(sec);
	kube_obj_free(data);
	return rc;
}

int kube_gen_secret(kube_obj **out, const char *name, const char *namespace, const char *type,
		    const kube_gen_source_opts *src, bool append_hash, kube_err *err)
{
	struct data_set s = {T_SECRET, name, NULL, NULL};
	kube_obj *sec = NULL;
	int rc;

	*out = NULL;
	if (!(sec = skeleton("Secret", "v1", name, namespace)) || !(s.data = kube_obj_new_object())) {
		kube_obj_free(sec);
		kube_obj_free(s.data);
		return OOM(err);
	}
	if ((rc = fill_sources(&s, src, err)) < 0) {
		kube_obj_free(sec);
		kube_obj_free(s.data);
		return rc;
	}
	return finish_secret(out, sec, s.data, name, type, append_hash, err);
}

int kube_gen_secret_docker(kube_obj **out, const char *name, const char *namespace,
			   const char *server, const char *username, const char *password,
			   const char *email, const kube_gen_source_opts *src, bool append_hash,
			   kube_err *err)
{
	struct data_set s = {T_SECRET, name, NULL, NULL};
	kube_obj *sec = NULL, *cfg = NULL, *auths, *entry;
	kube_buf auth = KUBE_BUF_INIT, up = KUBE_BUF_INIT, js = KUBE_BUF_INIT;
	int rc = 0;

	*out = NULL;
	if (!src->nfrom_file && (!username || !*username || !password || !*password || !server ||
				 !*server))
		return kube_err_set(err, KUBE_EINVAL,
				    "either --from-file or the combination of --docker-username, "
				    "--docker-password and --docker-server is required");
	if (!(sec = skeleton("Secret", "v1", name, namespace)) || !(s.data = kube_obj_new_object())) {
		rc = OOM(err);
		goto out;
	}
	if (src->nfrom_file) {
		size_t i;

		/* a file without a key is the .dockerconfigjson */
		for (i = 0; i < src->nfrom_file && rc == 0; i++) {
			kube_buf one = KUBE_BUF_INIT;

			if (!strchr(src->from_file[i], '='))
				kube_buf_puts(&one, ".dockerconfigjson=");
			kube_buf_puts(&one, src->from_file[i]);
			if ((rc = kube_buf_check(&one, err)) == 0)
				rc = add_file_source(&s, one.ptr, err);
			kube_buf_release(&one);
		}
		if (rc < 0)
			goto out;
	} else {
		/* DockerConfigJSON: {"auths":{server:{username,password,email,auth}}} */
		kube_buf_printf(&up, "%s:%s", username, password);
		gen_base64(&auth, (const unsigned char *)up.ptr, up.len);
		if ((rc = kube_buf_check(&auth, err)) < 0)
			goto out;
		if (!(cfg = kube_obj_new_object()) ||
		    kube_obj_set_take(cfg, "auths", auths = kube_obj_new_object()) < 0 ||
		    kube_obj_set_take(auths, server, entry = kube_obj_new_object()) < 0 ||
		    kube_obj_set_str(entry, "username", username) < 0 ||
		    kube_obj_set_str(entry, "password", password) < 0 ||
		    (email && *email && kube_obj_set_str(entry, "email", email) < 0) ||
		    kube_obj_set_str(entry, "auth", auth.ptr) < 0) {
			rc = OOM(err);
			goto out;
		}
		kube_json_write(&js, cfg, KUBE_JSON_HTML_ESCAPE);
		if ((rc = kube_buf_check(&js, err)) < 0 ||
		    (rc = add_entry(&s, ".dockerconfigjson", (const unsigned char *)js.ptr, js.len,
				    err)) < 0)
			goto out;
	}
	rc = finish_secret(out, sec, s.data, name, "kubernetes.io/dockerconfigjson", append_hash,
			   err);
	sec = NULL;
	s.data = NULL;
out:
	kube_mutate_free_secret(cfg);
	kube_buf_wipe(&auth);
	kube_buf_wipe(&up);
	kube_buf_wipe(&js);
	kube_obj_free(sec);
	kube_obj_free(s.data);
	return rc;
}

int kube_gen_secret_tls(kube_obj **out, const char *name, const char *namespace,
			const char *cert_path, const char *key_path, bool append_hash,
			kube_err *err)
{
	kube_buf cert = KUBE_BUF_INIT, key = KUBE_BUF_INIT, enc = KUBE_BUF_INIT;
	kube_obj *sec = NULL, *data = NULL, *v;
	int rc;

	*out = NULL;
	if (!cert_path || !*cert_path || !key_path || !*key_path)
		return kube_err_set(err, KUBE_EINVAL, "key and cert must be specified");
	if ((rc = gen_read_file(cert_path, &cert, err)) < 0) {
		kube_buf_printf(&enc, "Cannot read file %s, ", cert_path);
		mut_err_prefix(err, enc.ptr);
		goto out;
	}
	if ((rc = gen_read_file(key_path, &key, err)) < 0) {
		kube_buf_printf(&enc, "Cannot read file %s, ", key_path);
		mut_err_prefix(err, enc.ptr);
		goto out;
	}
	if ((rc = kube_tls_check_pair(cert.ptr, cert.len, key.ptr, key.len, err)) < 0)
		goto out;
	if (!(sec = skeleton("Secret", "v1", name, namespace)) || !(data = kube_obj_new_object())) {
		rc = OOM(err);
		goto out;
	}
	gen_base64(&enc, (const unsigned char *)cert.ptr, cert.len);
	if ((rc = kube_buf_check(&enc, err)) < 0)
		goto out;
	if (!(v = kube_obj_new_stringn(enc.ptr, enc.len)) || kube_obj_set_take(data, "tls.crt", v) < 0) {
		rc = OOM(err);
		goto out;
	}
	kube_buf_wipe(&enc);
	gen_base64(&enc, (const unsigned char *)key.ptr, key.len);
	if ((rc = kube_buf_check(&enc, err)) < 0)
		goto out;
	if (!(v = kube_obj_new_stringn(enc.ptr, enc.len)) || kube_obj_set_take(data, "tls.key", v) < 0) {
		rc = OOM(err);
		goto out;
	}
	rc = finish_secret(out, sec, data, name, "kubernetes.io/tls", append_hash, err);
	sec = NULL;
	data = NULL;
out:
	kube_buf_wipe(&cert);
	kube_buf_wipe(&key);
	kube_buf_wipe(&enc);
	kube_obj_free(sec);
	kube_obj_free(data);
	return rc;
}

int kube_gen_namespace(kube_obj **out, const char *name, kube_err *err)
{
	kube_obj *ns = skeleton("Namespace", "v1", name, NULL);

	*out = NULL;
	if (!ns || kube_obj_set_take(ns, "spec", kube_obj_new_object()) < 0 ||
	    kube_obj_set_take(ns, "status", kube_obj_new_object()) < 0) {
		kube_obj_free(ns);
		return OOM(err);
	}
	*out = ns;
	return 0;
}

/* ======================================================================================
 * deployment
 * ====================================================================================== */

static kube_obj *one_label(const char *key, const char *value)
{
	kube_obj *o = kube_obj_new_object();

	if (o && kube_obj_set_str(o, key, value) < 0) {
		kube_obj_free(o);
		return NULL;
	}
	return o;
}

static kube_obj *str_array(const char *const *v, size_t n)
{
	kube_obj *a = kube_obj_new_array();
	size_t i;

	for (i = 0; a && i < n; i++)
		if (kube_obj_append_take(a, kube_obj_new_string(v[i])) < 0) {
			kube_obj_free(a);
			return NULL;
		}
	return a;
}

/* Container name from an image: last path element without tag or digest (kubectl's
 * buildPodSpec). */
static char *container_name(const char *image)
{
	const char *p = strrchr(image, '/');
	char *name, *q;

	name = mut_strdup(p ? p + 1 : image);
	if (!name)
		return NULL;
	if ((q = strchr(name, ':')))
		*q = '\0';
	if ((q = strchr(name, '@')))
		*q = '\0';
	return name;
}

static void random_suffix(char out[6])
{
	static const char alnum[] = "bcdfghjklmnpqrstvwxz2456789";
	FILE *f = fopen("/dev/urandom", "rb");
	unsigned char r[5] = {0};
	size_t i;

	if (f) {
		if (fread(r, 1, sizeof(r), f) != sizeof(r))
			memset(r, 7, sizeof(r));
		fclose(f);
	}
	for (i = 0; i < 5; i++)
		out[i] = alnum[r[i] % (sizeof(alnum) - 1)];
	out[5] = '\0';
}

int kube_gen_deployment(kube_obj **out, const char *name, const char *namespace,
			const kube_gen_deployment_opts *o, kube_err *err)
{
	kube_obj *dep = NULL, *spec, *sel, *tmpl, *tmeta, *pspec, *containers, *status;
	char **names = NULL;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (o->nimages > 1 && o->ncommand > 0)
		return kube_err_set(err, KUBE_EINVAL,
				    "cannot specify multiple --image options and command");
	if (!(names = calloc(o->nimages + 1, sizeof(*names))))
		return OOM(err);
	if (!(dep = skeleton("Deployment", "apps/v1", name, namespace)))
		goto oom;
	if (kube_obj_set_take(kube_obj_get_mut(dep, "metadata"), "labels", one_label("app", name)) < 0)
		goto oom;
	spec = kube_obj_new_object();
	if (kube_obj_set_take(dep, "spec", spec) < 0 ||
	    kube_obj_set_take(spec, "replicas", kube_obj_new_int(o->replicas)) < 0)
		goto oom;
	sel = kube_obj_new_object();
	if (kube_obj_set_take(spec, "selector", sel) < 0 ||
	    kube_obj_set_take(sel, "matchLabels", one_label("app", name)) < 0)
		goto oom;
	tmpl = kube_obj_new_object();
	tmeta = kube_obj_new_object();
	if (kube_obj_set_take(spec, "template", tmpl) < 0 ||
	    kube_obj_set_take(tmpl, "metadata", tmeta) < 0 ||
	    kube_obj_set_take(tmeta, "labels", one_label("app", name)) < 0)
		goto oom;
	pspec = kube_obj_new_object();
	containers = kube_obj_new_array();
	if (kube_obj_set_take(tmpl, "spec", pspec) < 0 ||
	    kube_obj_set_take(pspec, "containers", containers) < 0)
		goto oom;
	for (i = 0; i < o->nimages; i++) {
		kube_obj *c = kube_obj_new_object();
		char *cname = container_name(o->images[i]);

		if (!cname) {
			kube_obj_free(c);
			goto oom;
		}
		/* sanitizeAndUniquify: '_' and '.' become '-' and a random suffix is added */
		if (strpbrk(cname, "_.")) {
			char suf[6], *q;
			kube_buf b = KUBE_BUF_INIT;

			for (q = cname; *q; q++)
				if (*q == '_' || *q == '.')
					*q = '-';
			random_suffix(suf);
			kube_buf_printf(&b, "%s-%s", cname, suf);
			free(cname);
			cname = kube_buf_detach(&b, NULL);
		}
		names[i] = cname;
		if (!cname || kube_obj_append_take(containers, c) < 0 ||
		    kube_obj_set_str(c, "name", cname) < 0 ||
		    kube_obj_set_str(c, "image", o->images[i]) < 0)
			goto oom;
		if (o->ncommand && kube_obj_set_take(c, "command", str_array(o->command,
									      o->ncommand)) < 0)
			goto oom;
		if (i == 0 && o->port >= 0) {
			kube_obj *ports = kube_obj_new_array(), *p = kube_obj_new_object();

			if (kube_obj_set_take(c, "ports", ports) < 0 || kube_obj_append_take(ports, p) < 0 ||
			    kube_obj_set_take(p, "containerPort", kube_obj_new_int(o->port)) < 0)
				goto oom;
		}
		if (kube_obj_set_take(c, "resources", kube_obj_new_object()) < 0)
			goto oom;
	}
	status = kube_obj_new_object();
	if (kube_obj_set_take(spec, "strategy", kube_obj_new_object()) < 0 ||
	    kube_obj_set_take(dep, "status", status) < 0)
		goto oom;
	*out = dep;
	dep = NULL;
	goto out;
oom:
	rc = OOM(err);
out:
	for (i = 0; i < o->nimages; i++)
		free(names[i]);
	free(names);
	kube_obj_free(dep);
	return rc;
}

/* ======================================================================================
 * service (create service TYPE)
 * ====================================================================================== */

/* utilsnet.ParsePort(s, true): strconv.ParseUint(s, 10, 16). */
static int parse_port16(const char *s, int64_t *out, kube_err *err)
{
	unsigned long v = 0;
	const char *p;
	bool range = false;

	if (!*s)
		return kube_err_set(err, KUBE_EINVAL,
				    "strconv.ParseUint: parsing \"\": invalid syntax");
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9') {
			kube_buf q = KUBE_BUF_INIT;

			kube_go_quote(&q, s);
			kube_err_set(err, KUBE_EINVAL, "strconv.ParseUint: parsing %s: invalid syntax",
				     q.ptr);
			kube_buf_release(&q);
			return KUBE_EINVAL;
		}
		if (!range) {
			v = v * 10 + (unsigned long)(*p - '0');
			if (v > 65535)
				range = true;
		}
	}
	if (range) {
		kube_buf q = KUBE_BUF_INIT;

		kube_go_quote(&q, s);
		kube_err_set(err, KUBE_EINVAL, "strconv.ParseUint: parsing %s: value out of range",
			     q.ptr);
		kube_buf_release(&q);
		return KUBE_EINVAL;
	}
	*out = (int64_t)v;
	return 0;
}

/* Go strconv.Atoi: an optional sign and decimal digits that fit 64 bits. */
bool gen_atoi(const char *s, int64_t *out)
{
	const char *p = s;
	bool neg = false;
	uint64_t v = 0;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!*p)
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (v > (uint64_t)INT64_MAX + (neg ? 1 : 0))
		return false;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/* validation.IsDNS1123Subdomain */
bool gen_dns_subdomain_ok(const char *s)
{
	const char *p;
	size_t n = s ? strlen(s) : 0;

	if (!n || n > 253)
		return false;
	for (p = s; *p; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
		bool edge = p == s || !p[1] || p[-1] == '.' || p[1] == '.';

		if (*p == '.' ? (p == s || !p[1] || p[-1] == '.') : !(alnum || (*p == '-' && !edge)))
			return false;
	}
	return true;
}

/* IsValidPortName errors joined with "," (empty when valid). */
void gen_port_name_errors(const char *name, kube_buf *out)
{
	const char *p;
	bool charset = *name != '\0', letter = false;
	size_t start = out->len;

#define SEP() ((out->len > start) ? kube_buf_putc(out, ',') : (void)0)
	if (strlen(name) > 15)
		kube_buf_puts(out, "must be no more than 15 characters");
	for (p = name; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			charset = false;
		if (*p >= 'a' && *p <= 'z')
			letter = true;
	}
	if (!charset) {
		SEP();
		kube_buf_puts(out, "must contain only alpha-numeric characters (a-z, 0-9), and hyphens "
				   "(-)");
	}
	if (!letter) {
		SEP();
		kube_buf_puts(out, "must contain at least one letter (a-z)");
	}
	if (strstr(name, "--")) {
		SEP();
		kube_buf_puts(out, "must not contain consecutive hyphens");
	}
	if (*name && (name[0] == '-' || name[strlen(name) - 1] == '-')) {
		SEP();
		kube_buf_puts(out, "must not begin or end with a hyphen");
	}
#undef SEP
}

int kube_gen_service(kube_obj **out, const char *name, const char *namespace,
		     const kube_gen_service_opts *o, kube_err *err)
{
	kube_obj *svc = NULL, *meta, *spec, *ports, *status;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (!o->ntcp && !(o->cluster_ip && !strcmp(o->cluster_ip, "None")) &&
	    strcmp(o->type, "ExternalName"))
		return kube_err_set(err, KUBE_EINVAL, "at least one tcp port specifier must be provided");
	if (!strcmp(o->type, "ExternalName") && !gen_dns_subdomain_ok(o->external_name))
		return kube_err_set(err, KUBE_EINVAL, "invalid service external name %s",
				    o->external_name ? o->external_name : "");
	if (!(svc = skeleton("Service", "v1", name, namespace)))
		return OOM(err);
	meta = kube_obj_get_mut(svc, "metadata");
	spec = kube_obj_new_object();
	ports = kube_obj_new_array();
	if (kube_obj_set_take(meta, "labels", one_label("app", name)) < 0 ||
	    kube_obj_set_take(svc, "spec", spec) < 0)
		goto oom;
	if (o->ntcp && kube_obj_set_take(spec, "ports", ports) < 0) {
		ports = NULL;
		goto oom;
	}
	for (i = 0; i < o->ntcp; i++) {
		const char *s = o->tcp[i], *colon = strchr(s, ':');
		kube_buf pname = KUBE_BUF_INIT, pstr = KUBE_BUF_INIT, msg = KUBE_BUF_INIT;
		kube_obj *p, *target = NULL;
		int64_t port = 0, tp = 0;
		const char *c;

		for (c = s; *c; c++)
			kube_buf_putc(&pname, *c == ':' ? '-' : *c);
		kube_buf_put(&pstr, s, colon ? (size_t)(colon - s) : strlen(s));
		if ((rc = kube_buf_check(&pname, err)) < 0 || (rc = kube_buf_check(&pstr, err)) < 0 ||
		    (rc = parse_port16(pstr.ptr, &port, err)) < 0) {
			kube_buf_release(&pname);
			kube_buf_release(&pstr);
			goto fail;
		}
		if (!colon || !colon[1]) {
			target = kube_obj_new_int(port);
		} else if (gen_atoi(colon + 1, &tp)) {
			if (tp < 1 || tp > 65535) {
				rc = kube_err_set(err, KUBE_EINVAL,
						  "must be between 1 and 65535, inclusive");
				kube_buf_release(&pname);
				kube_buf_release(&pstr);
				goto fail;
			}
			target = kube_obj_new_int(tp);
		} else {
			gen_port_name_errors(colon + 1, &msg);
			if (msg.len) {
				rc = kube_err_set(err, KUBE_EINVAL, "%s", msg.ptr);
				kube_buf_release(&msg);
				kube_buf_release(&pname);
				kube_buf_release(&pstr);
				goto fail;
			}
			target = kube_obj_new_string(colon + 1);
		}
		p = kube_obj_new_object();
		rc = 0;
		if (kube_obj_append_take(ports, p) < 0 || kube_obj_set_str(p, "name", pname.ptr) < 0 ||
		    kube_obj_set_str(p, "protocol", "TCP") < 0 ||
		    kube_obj_set_take(p, "port", kube_obj_new_int(port)) < 0 ||
		    kube_obj_set_take(p, "targetPort", target) < 0 ||
		    (o->node_port && kube_obj_set_take(p, "nodePort",
						      kube_obj_new_int(o->node_port)) < 0))
			rc = OOM(err);
		kube_buf_release(&pname);
		kube_buf_release(&pstr);
		if (rc < 0)
			goto fail;
	}
	if (kube_obj_set_take(spec, "selector", one_label("app", name)) < 0 ||
	    (o->cluster_ip && *o->cluster_ip &&
	     kube_obj_set_str(spec, "clusterIP", o->cluster_ip) < 0) ||
	    kube_obj_set_str(spec, "type", o->type) < 0 ||
	    (o->external_name && *o->external_name &&
	     kube_obj_set_str(spec, "externalName", o->external_name) < 0))
		goto oom;
	status = kube_obj_new_object();
	if (kube_obj_set_take(svc, "status", status) < 0 ||
	    kube_obj_set_take(status, "loadBalancer", kube_obj_new_object()) < 0)
		goto oom;
	if (!o->ntcp)
		kube_obj_free(ports);
	*out = svc;
	return 0;
oom:
	rc = OOM(err);
fail:
	if (!o->ntcp)
		kube_obj_free(ports);
	kube_obj_free(svc);
	return rc;
}

/* ======================================================================================
 * pod (run)
 * ====================================================================================== */

static bool lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* path-component: [a-z0-9]+ ((?:[._]|__|[-]*) [a-z0-9]+)* */
static bool path_component(const char *s, size_t n)
{
	size_t i = 0;

	if (!n || !lower_alnum(s[0]))
		return false;
	while (i < n) {
		while (i < n && lower_alnum(s[i]))
			i++;
		if (i == n)
			return true;
		/* a separator, then more alphanumerics */
		if (s[i] == '.' || (s[i] == '_' && !(i + 1 < n && s[i + 1] == '_')))
			i++;
		else if (s[i] == '_')
			i += 2;
		else if (s[i] == '-')
			while (i < n && s[i] == '-')
				i++;
		else
			return false;
		if (i >= n || !lower_alnum(s[i]))
			return false;
	}
	return true;
}

static bool alnum(char c)
{
	return lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

/* domain: domain-name | IPv4 | [IPv6], then an optional :port */
static bool domain_ok(const char *s, size_t n)
{
	const char *colon = NULL;
	size_t i, start = 0, hostlen;

	if (n && s[0] == '[') {
		const char *close = memchr(s, ']', n);

		if (!close || close == s + 1)
			return false;
		for (i = 1; s + i < close; i++)
			if (!(alnum(s[i]) || s[i] == ':' || s[i] == '.' || s[i] == '%'))
				return false;
		hostlen = (size_t)(close - s) + 1;
	} else {
		colon = memchr(s, ':', n);
		hostlen = colon ? (size_t)(colon - s) : n;
		if (!hostlen)
			return false;
		for (i = 0; i <= hostlen; i++) {
			if (i == hostlen || s[i] == '.') {
				size_t len = i - start;

				if (!len || !alnum(s[start]) || !alnum(s[i - 1]))
					return false;
				start = i + 1;
				continue;
			}
			if (!alnum(s[i]) && s[i] != '-')
				return false;
		}
	}
	if (hostlen == n)
		return true;
	if (s[hostlen] != ':' || hostlen + 1 == n)
		return false;
	for (i = hostlen + 1; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool tag_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || n > 128)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];
		bool word = alnum(c) || c == '_';

		if (!(word || (i > 0 && (c == '.' || c == '-'))))
			return false;
	}
	return true;
}

static bool digest_ok(const char *s)
{
	const char *colon = strchr(s, ':'), *p;
	size_t hex = 0;

	if (!colon || colon == s)
		return false;
	/* algorithm: [A-Za-z][A-Za-z0-9]* ([-_+.][A-Za-z][A-Za-z0-9]*)* */
	for (p = s; p < colon;) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return false;
		for (p++; p < colon && alnum(*p); p++)
			;
		if (p < colon) {
			if (*p != '-' && *p != '_' && *p != '+' && *p != '.')
				return false;
			p++;
			if (p == colon)
				return false;
		}
	}
	for (p = colon + 1; *p; p++, hex++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
			return false;
	return hex >= 32;
}

/* distribution's ReferenceRegexp: [domain/]path[:tag][@digest] */
bool gen_image_ref_ok(const char *image)
{
	char *copy = mut_strdup(image), *at, *slash, *colon, *name;
	bool ok = false;

	if (!copy)
		return false;
	if ((at = strchr(copy, '@'))) {
		*at = '\0';
		if (!digest_ok(at + 1))
			goto out;
	}
	slash = strrchr(copy, '/');
	colon = strrchr(slash ? slash : copy, ':');
	if (colon) {
		*colon = '\0';
		if (!tag_ok(colon + 1))
			goto out;
	}
	name = copy;
	{
		const char *p = name, *first_end = strchr(name, '/');
		bool all_path = true;

		/* every component a path component */
		for (p = name;;) {
			const char *e = strchr(p, '/');
			size_t len = e ? (size_t)(e - p) : strlen(p);

			if (!path_component(p, len))
				all_path = false;
			if (!e)
				break;
			p = e + 1;
		}
		if (all_path) {
			ok = true;
			goto out;
		}
		if (!first_end || !domain_ok(name, (size_t)(first_end - name)))
			goto out;
		for (p = first_end + 1;;) {
			const char *e = strchr(p, '/');
			size_t len = e ? (size_t)(e - p) : strlen(p);

			if (!path_component(p, len))
				goto out;
			if (!e)
				break;
			p = e + 1;
		}
		ok = true;
	}
out:
	free(copy);
	return ok;
}

int kube_gen_pod(kube_obj **out, const char *name, const char *namespace,
		 const kube_gen_pod_opts *o, kube_err *err)
{
	kube_obj *pod = NULL, *meta, *labels = NULL, *annotations = NULL, *spec, *containers, *c;
	kube_obj *env = NULL;
	int64_t port = 0;
	size_t i;
	int rc = 0;

	*out = NULL;
	/* kubectl run's checks, in its order: annotations, labels, env, restart policy, pull
	 * policy, image, tty, port */
	if (o->nannotations) {
		if (!(annotations = kube_obj_new_object()))
			goto oom;
		for (i = 0; i < o->nannotations; i++) {
			const char *eq = strchr(o->annotations[i], '=');
			char *k;

			if (!eq || eq == o->annotations[i]) {
				rc = kube_err_set(err, KUBE_EINVAL, "invalid annotations format: %s",
						  o->annotations[i]);
				goto fail;
			}
			if (!(k = malloc((size_t)(eq - o->annotations[i]) + 1)))
				goto oom;
			memcpy(k, o->annotations[i], (size_t)(eq - o->annotations[i]));
			k[eq - o->annotations[i]] = '\0';
			rc = mut_set_sorted(annotations, k, kube_obj_new_string(eq + 1));
			free(k);
			if (rc < 0)
				goto oom;
		}
	}
	if (o->labels && *o->labels) {
		if ((rc = mut_parse_labels(&labels, o->labels, err)) < 0)
			goto fail;
	} else if (!(labels = one_label("run", name))) {
		goto oom;
	}
	if (o->nenv) {
		if (!(env = kube_obj_new_array()))
			goto oom;
		for (i = 0; i < o->nenv; i++) {
			const char *eq = strchr(o->env[i], '=');
			kube_obj *e;
			kube_buf tmp = KUBE_BUF_INIT;
			char *k;
			bool ok;

			if (!eq || eq == o->env[i]) {
				rc = kube_err_set(err, KUBE_EINVAL, "invalid env: %s", o->env[i]);
				goto fail;
			}
			if (!(k = malloc((size_t)(eq - o->env[i]) + 1)))
				goto oom;
			memcpy(k, o->env[i], (size_t)(eq - o->env[i]));
			k[eq - o->env[i]] = '\0';
			ok = gen_env_name_ok(k, ";", &tmp);
			kube_buf_release(&tmp);
			if (!ok) {
				free(k);
				rc = kube_err_set(err, KUBE_EINVAL, "invalid env: %s", o->env[i]);
				goto fail;
			}
			e = kube_obj_new_object();
			rc = kube_obj_append_take(env, e);
			if (rc == 0)
				rc = kube_obj_set_str(e, "name", k);
			if (rc == 0 && eq[1])
				rc = kube_obj_set_str(e, "value", eq + 1);
			free(k);
			if (rc < 0)
				goto oom;
		}
	}
	if (o->restart && strcmp(o->restart, "Always") && strcmp(o->restart, "OnFailure") &&
	    strcmp(o->restart, "Never")) {
		rc = kube_err_set(err, KUBE_EINVAL,
				  "invalid restart policy: %s, valid values are: Always, OnFailure, "
				  "Never",
				  o->restart);
		goto fail;
	}
	if (o->image_pull_policy && *o->image_pull_policy &&
	    strcmp(o->image_pull_policy, "Always") && strcmp(o->image_pull_policy, "IfNotPresent") &&
	    strcmp(o->image_pull_policy, "Never")) {
		rc = kube_err_set(err, KUBE_EINVAL,
				  "invalid image pull policy: %s, valid values are: Always, "
				  "IfNotPresent, Never",
				  o->image_pull_policy);
		goto fail;
	}
	if (!o->image || !*o->image) {
		rc = kube_err_set(err, KUBE_EINVAL, "--image is required");
		goto fail;
	}
	if (!gen_image_ref_ok(o->image)) {
		kube_buf q = KUBE_BUF_INIT;

		kube_go_quote(&q, o->image);
		rc = kube_err_set(err, KUBE_EINVAL, "invalid image name %s: invalid reference format",
				  q.ptr);
		kube_buf_release(&q);
		goto fail;
	}
	if (o->tty && !o->stdin_) {
		rc = kube_err_set(err, KUBE_EINVAL,
				  "-i/--stdin is required for containers with -t/--tty=true");
		goto fail;
	}
	if (o->port && *o->port && !gen_atoi(o->port, &port)) {
		rc = kube_err_set(err, KUBE_EINVAL, "--port must be a number");
		goto fail;
	}
	if (!(pod = skeleton("Pod", "v1", name, namespace)))
		goto oom;
	meta = kube_obj_get_mut(pod, "metadata");
	rc = kube_obj_set_take(meta, "labels", labels);
	labels = NULL;
	if (rc < 0)
		goto oom;
	if (annotations) {
		rc = kube_obj_set_take(meta, "annotations", annotations);
		annotations = NULL;
		if (rc < 0)
			goto oom;
	}
	spec = kube_obj_new_object();
	containers = kube_obj_new_array();
	c = kube_obj_new_object();
	if (kube_obj_set_take(pod, "spec", spec) < 0 ||
	    kube_obj_set_take(spec, "containers", containers) < 0 ||
	    kube_obj_append_take(containers, c) < 0 || kube_obj_set_str(c, "name", name) < 0 ||
	    kube_obj_set_str(c, "image", o->image ? o->image : "") < 0)
		goto oom;
	if (o->nargs && kube_obj_set_take(c, o->command ? "command" : "args",
					  str_array(o->args, o->nargs)) < 0)
		goto oom;
	if (o->port && *o->port) {
		kube_obj *ports = kube_obj_new_array(), *p = kube_obj_new_object();

		if (kube_obj_set_take(c, "ports", ports) < 0 || kube_obj_append_take(ports, p) < 0 ||
		    kube_obj_set_take(p, "containerPort", kube_obj_new_int(port)) < 0)
			goto oom;
	}
	if (env) {
		rc = kube_obj_set_take(c, "env", env);
		env = NULL;
		if (rc < 0)
			goto oom;
	}
	if (kube_obj_set_take(c, "resources", kube_obj_new_object()) < 0)
		goto oom;
	if (o->image_pull_policy && *o->image_pull_policy &&
	    kube_obj_set_str(c, "imagePullPolicy", o->image_pull_policy) < 0)
		goto oom;
	if (o->privileged) {
		kube_obj *sc = kube_obj_new_object();

		if (kube_obj_set_take(c, "securityContext", sc) < 0 ||
		    kube_obj_set_take(sc, "privileged", kube_obj_new_bool(true)) < 0)
			goto oom;
	}
	if (o->stdin_ && (kube_obj_set_take(c, "stdin", kube_obj_new_bool(true)) < 0 ||
			  (!o->leave_stdin_open &&
			   kube_obj_set_take(c, "stdinOnce", kube_obj_new_bool(true)) < 0)))
		goto oom;
	if (o->tty && kube_obj_set_take(c, "tty", kube_obj_new_bool(true)) < 0)
		goto oom;
	if (kube_obj_set_str(spec, "restartPolicy", o->restart ? o->restart : "Always") < 0 ||
	    kube_obj_set_str(spec, "dnsPolicy", "ClusterFirst") < 0 ||
	    kube_obj_set_take(pod, "status", kube_obj_new_object()) < 0)
		goto oom;
	*out = pod;
	return 0;
oom:
	rc = OOM(err);
fail:
	kube_obj_free(pod);
	kube_obj_free(labels);
	kube_obj_free(annotations);
	kube_obj_free(env);
	return rc;
}
