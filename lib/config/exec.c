/* Exec credential plugins (client.authentication.k8s.io v1 and v1beta1), as client-go's
 * plugin/pkg/client/auth/exec does it, plus the Go-compatible JSON syntax checker whose error
 * texts appear in "decoding stdout: ..." messages. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <kube/codec.h>
#include <kube/config.h>

#include "config-internal.h"

#include "banned.h"

extern char **environ;

#define EXEC_GROUP "client.authentication.k8s.io"
#define EXEC_MAX_OUTPUT ((size_t)16 << 20)

static const char install_hint_help[] =
	"\n\nIt looks like you are trying to use a client-go credential plugin that is not "
	"installed.\n\nTo learn more about this feature, consult the documentation available "
	"at:\n      https://kubernetes.io/docs/reference/access-authn-authz/authentication/"
	"#client-go-credential-plugins";

/* ============================================================================================
 * Go's encoding/json scanner errors
 */

void kcfg_quote_char(kube_buf *out, unsigned char c)
{
	if (c == '\'') {
		kube_buf_puts(out, "'\\''");
		return;
	}
	if (c == '"') {
		kube_buf_puts(out, "'\"'");
		return;
	}
	kube_buf_putc(out, '\'');
	switch (c) {
	case '\a': kube_buf_puts(out, "\\a"); break;
	case '\b': kube_buf_puts(out, "\\b"); break;
	case '\f': kube_buf_puts(out, "\\f"); break;
	case '\n': kube_buf_puts(out, "\\n"); break;
	case '\r': kube_buf_puts(out, "\\r"); break;
	case '\t': kube_buf_puts(out, "\\t"); break;
	case '\v': kube_buf_puts(out, "\\v"); break;
	case '\\': kube_buf_puts(out, "\\\\"); break;
	default:
		if (c < 0x20 || c == 0x7f)
			kube_buf_printf(out, "\\x%02x", c);
		else if (c < 0x80)
			kube_buf_putc(out, (char)c);
		else if (c < 0xa1 || c == 0xad)
			kube_buf_printf(out, "\\u%04x", c);
		else {
			/* the byte as a Latin-1 rune, UTF-8 encoded */
			kube_buf_putc(out, (char)(0xc0 | (c >> 6)));
			kube_buf_putc(out, (char)(0x80 | (c & 0x3f)));
		}
	}
	kube_buf_putc(out, '\'');
}

struct jscan {
	const unsigned char *p, *end;
	kube_buf *msg;
	int depth;
};

static bool js_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void js_skip(struct jscan *s)
{
	while (s->p < s->end && js_ws(*s->p))
		s->p++;
}

/* -1 with msg: "invalid character 'c' <context>" or "unexpected end of JSON input" */
static int js_bad(struct jscan *s, const char *context)
{
	if (s->p >= s->end) {
		kube_buf_puts(s->msg, "unexpected end of JSON input");
		return -1;
	}
	kube_buf_puts(s->msg, "invalid character ");
	kcfg_quote_char(s->msg, *s->p);
	kube_buf_printf(s->msg, " %s", context);
	return -1;
}

static int js_value(struct jscan *s);

static int js_string(struct jscan *s)
{
	int i;

	s->p++; /* opening quote */
	for (;;) {
		if (s->p >= s->end)
			return js_bad(s, "");
		if (*s->p == '"') {
			s->p++;
			return 0;
		}
		if (*s->p < 0x20)
			return js_bad(s, "in string literal");
		if (*s->p == '\\') {
			s->p++;
			if (s->p >= s->end)
				return js_bad(s, "");
			switch (*s->p) {
			case 'b': case 'f': case 'n': case 'r': case 't':
			case '\\': case '/': case '"':
				s->p++;
				break;
			case 'u':
				s->p++;
				for (i = 0; i < 4; i++, s->p++) {
					if (s->p >= s->end)
						return js_bad(s, "");
					if (!((*s->p >= '0' && *s->p <= '9') ||
					      (*s->p >= 'a' && *s->p <= 'f') ||
					      (*s->p >= 'A' && *s->p <= 'F')))
						return js_bad(s, "in \\u hexadecimal "
								 "character escape");
				}
				break;
			default:
				return js_bad(s, "in string escape code");
			}
			continue;
		}
		s->p++;
	}
}

static bool js_digit(const struct jscan *s)
{
	return s->p < s->end && *s->p >= '0' && *s->p <= '9';
}

static int js_number(struct jscan *s)
{
	if (*s->p == '-') {
		s->p++;
		if (!js_digit(s))
			return js_bad(s, "in numeric literal");
	}
	if (*s->p == '0') {
		s->p++;
	} else {
		while (js_digit(s))
			s->p++;
	}
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		if (!js_digit(s))
			return js_bad(s, "after decimal point in numeric literal");
		while (js_digit(s))
			s->p++;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (!js_digit(s))
			return js_bad(s, "in exponent of numeric literal");
		while (js_digit(s))
			s->p++;
	}
	return 0;
}

static int js_literal(struct jscan *s, const char *word)
{
	const char *w;
	kube_buf ctx = KUBE_BUF_INIT;
	int rc;

	for (w = word; *w; w++, s->p++) {
		if (s->p >= s->end || *s->p != (unsigned char)*w) {
			if (s->p >= s->end)
				return js_bad(s, "");
			kube_buf_printf(&ctx, "in literal %s (expecting ", word);
			kcfg_quote_char(&ctx, (unsigned char)*w);
			kube_buf_putc(&ctx, ')');
			rc = js_bad(s, ctx.ptr);
			kube_buf_release(&ctx);
			return rc;
		}
	}
	return 0;
}

static int js_value(struct jscan *s)
{
	js_skip(s);
	if (s->p >= s->end)
		return js_bad(s, "");
	if (++s->depth > 10000) {
		kube_buf_puts(s->msg, "exceeded max depth");
		return -1;
	}
	switch (*s->p) {
	case '{':
		s->p++;
		js_skip(s);
		if (s->p < s->end && *s->p == '}') {
			s->p++;
			break;
		}
		for (;;) {
			js_skip(s);
			if (s->p >= s->end || *s->p != '"')
				return js_bad(s, "looking for beginning of object key string");
			if (js_string(s) < 0)
				return -1;
			js_skip(s);
			if (s->p >= s->end || *s->p != ':')
				return js_bad(s, "after object key");
			s->p++;
			if (js_value(s) < 0)
				return -1;
			js_skip(s);
			if (s->p < s->end && *s->p == ',') {
				s->p++;
				continue;
			}
			if (s->p < s->end && *s->p == '}') {
				s->p++;
				break;
			}
			return js_bad(s, "after object key:value pair");
		}
		break;
	case '[':
		s->p++;
		js_skip(s);
		if (s->p < s->end && *s->p == ']') {
			s->p++;
			break;
		}
		for (;;) {
			if (js_value(s) < 0)
				return -1;
			js_skip(s);
			if (s->p < s->end && *s->p == ',') {
				s->p++;
				continue;
			}
			if (s->p < s->end && *s->p == ']') {
				s->p++;
				break;
			}
			return js_bad(s, "after array element");
		}
		break;
	case '"':
		if (js_string(s) < 0)
			return -1;
		break;
	case 't':
		if (js_literal(s, "true") < 0)
			return -1;
		break;
	case 'f':
		if (js_literal(s, "false") < 0)
			return -1;
		break;
	case 'n':
		if (js_literal(s, "null") < 0)
			return -1;
		break;
	default:
		if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9')) {
			if (js_number(s) < 0)
				return -1;
			break;
		}
		return js_bad(s, "looking for beginning of value");
	}
	s->depth--;
	return 0;
}

int kcfg_json_syntax(const char *str, size_t n, kube_buf *msg)
{
	struct jscan s = {(const unsigned char *)str, (const unsigned char *)str + n, msg, 0};

	if (js_value(&s) < 0)
		return -1;
	js_skip(&s);
	if (s.p < s.end)
		return js_bad(&s, "after top-level value");
	return 0;
}

/* ============================================================================================
 * Decoding the plugin's ExecCredential
 */

/* apimachinery's ParseGroupVersion */
static int parse_gv(const char *s, kube_buf *group, kube_buf *version, kube_buf *msg)
{
	const char *slash = strchr(S(s), '/');

	if (!*S(s))
		return 0;
	if (!slash) {
		kube_buf_puts(version, s);
		return 0;
	}
	if (strchr(slash + 1, '/')) {
		kube_buf_printf(msg, "unexpected GroupVersion string: %s", s);
		return -1;
	}
	kube_buf_put(group, s, (size_t)(slash - s));
	kube_buf_puts(version, slash + 1);
	return 0;
}

static bool digits(const char *p, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

static int num(const char *p, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* time.Parse(time.RFC3339, s) -> unix seconds; -1 with msg set on error */
static int parse_rfc3339(const char *s, int64_t *out, kube_buf *msg)
{
	static const char layout[] = "2006-01-02T15:04:05Z07:00";
	static const struct {
		const char *elem;
		int width; /* digits, or 0 for a literal */
	} el[] = {
		{"2006", 4}, {"-", 0}, {"01", 2}, {"-", 0}, {"02", 2}, {"T", 0},
		{"15", 2},   {":", 0}, {"04", 2}, {":", 0}, {"05", 2},
	};
	const char *p = s;
	int v[11] = {0}, off = 0;
	size_t i;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	for (i = 0; i < sizeof(el) / sizeof(el[0]); i++) {
		if (el[i].width) {
			if ((int)strlen(p) < el[i].width || !digits(p, el[i].width))
				goto bad;
			v[i] = num(p, el[i].width);
			p += el[i].width;
		} else {
			if (*p != el[i].elem[0])
				goto bad;
			p++;
		}
	}
	/* fractional seconds are accepted after the seconds */
	if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'Z') {
		p++;
	} else if ((*p == '+' || *p == '-') && digits(p + 1, 2) && p[3] == ':' &&
		   digits(p + 4, 2)) {
		off = (num(p + 1, 2) * 60 + num(p + 4, 2)) * 60 * (*p == '-' ? -1 : 1);
		p += 6;
	} else {
		i = 11;
		goto bad;
	}
	if (*p) {
		kube_buf_puts(msg, "parsing time ");
		kube_go_quote(msg, s);
		kube_buf_puts(msg, ": extra text: ");
		kube_go_quote(msg, p);
		return -1;
	}
	if (v[2] < 1 || v[2] > 12) {
		kube_buf_puts(msg, "parsing time ");
		kube_go_quote(msg, s);
		kube_buf_puts(msg, ": month out of range");
		return -1;
	}
	if (v[4] < 1 || v[4] > mdays[v[2] - 1] ||
	    (v[2] == 2 && v[4] == 29 && !((v[0] % 4 == 0 && v[0] % 100) || v[0] % 400 == 0)) ||
	    v[6] > 23 || v[8] > 59 || v[10] > 59) {
		kube_buf_puts(msg, "parsing time ");
		kube_go_quote(msg, s);
		kube_buf_puts(msg, v[4] < 1 || v[4] > 28 ? ": day out of range"
							 : ": hour out of range");
		return -1;
	}
	*out = days_from_civil(v[0], v[2], v[4]) * 86400 + v[6] * 3600 + v[8] * 60 + v[10] - off;
	return 0;
bad:
	kube_buf_puts(msg, "parsing time ");
	kube_go_quote(msg, s);
	kube_buf_puts(msg, " as ");
	kube_go_quote(msg, layout);
	kube_buf_puts(msg, ": cannot parse ");
	kube_go_quote(msg, p);
	kube_buf_puts(msg, " as ");
	kube_go_quote(msg, i < 11 ? el[i].elem : "Z07:00");
	return -1;
}

struct cred_doc {
	bool has_status;
	char *token, *cert, *key;
	int64_t expiry;
};

static void cred_doc_release(struct cred_doc *d)
{
	kcfg_wipe_str(d->token);
	kcfg_wipe_str(d->cert);
	kcfg_wipe_str(d->key);
	memset(d, 0, sizeof(*d));
}

/* Decode status (and check spec) the way the typed decoder would. pkg: "v1", "v1beta1" or
 * "clientauthentication" (the internal type). -1 with msg on error. */
static int decode_cred(const kube_obj *doc, const char *pkg, struct cred_doc *out, kube_buf *msg)
{
	const kube_obj *m, *f;

	if (kube_obj_type_of(doc) != KUBE_OBJ_OBJECT)
		return 0;
	kube_obj_foreach(m, doc) {
		const char *k = kube_obj_key(m);

		if (!strcmp(k, "spec")) {
			if (kube_obj_type_of(m) != KUBE_OBJ_OBJECT &&
			    kube_obj_type_of(m) != KUBE_OBJ_NULL) {
				kube_buf_printf(msg,
						"json: cannot unmarshal %s into Go struct field "
						"ExecCredential.spec of type %s.ExecCredentialSpec",
						kcfg_json_kind(m), pkg);
				return -1;
			}
			continue;
		}
		if (strcmp(k, "status"))
			continue;
		if (kube_obj_type_of(m) == KUBE_OBJ_NULL) {
			cred_doc_release(out);
			continue;
		}
		if (kube_obj_type_of(m) != KUBE_OBJ_OBJECT) {
			kube_buf_printf(msg,
					"json: cannot unmarshal %s into Go struct field "
					"ExecCredential.status of type %s.ExecCredentialStatus",
					kcfg_json_kind(m), pkg);
			return -1;
		}
		out->has_status = true;
		kube_obj_foreach(f, m) {
			const char *fk = kube_obj_key(f);
			char **dst = NULL;

			if (!strcmp(fk, "expirationTimestamp")) {
				if (kube_obj_type_of(f) == KUBE_OBJ_NULL) {
					out->expiry = 0;
					continue;
				}
				if (kube_obj_type_of(f) != KUBE_OBJ_STRING) {
					kube_buf_printf(msg,
							"json: cannot unmarshal %s into Go struct "
							"field ExecCredentialStatus.status."
							"expirationTimestamp of type string",
							kcfg_json_kind(f));
					return -1;
				}
				if (parse_rfc3339(kube_obj_str(f), &out->expiry, msg) < 0)
					return -1;
				continue;
			}
			if (!strcmp(fk, "token"))
				dst = &out->token;
			else if (!strcmp(fk, "clientCertificateData"))
				dst = &out->cert;
			else if (!strcmp(fk, "clientKeyData"))
				dst = &out->key;
			if (!dst || kube_obj_type_of(f) == KUBE_OBJ_NULL)
				continue;
			if (kube_obj_type_of(f) != KUBE_OBJ_STRING) {
				kube_buf_printf(msg,
						"json: cannot unmarshal %s into Go struct field "
						"ExecCredentialStatus.status.%s of type string",
						kcfg_json_kind(f), fk);
				return -1;
			}
			kcfg_wipe_str(*dst);
			*dst = kcfg_strdup(kube_obj_str(f));
			if (*kube_obj_str(f) && !*dst)
				return -2;
		}
	}
	return 0;
}

/* The types of the PEM blocks in s ("CERTIFICATE", "RSA PRIVATE KEY", ...), as Go's pem.Decode
 * finds them: a "-----BEGIN TYPE-----" line with a matching END line. */
static size_t pem_types(const char *s, const char **types, size_t *lens, size_t max)
{
	const char *p = s, *b, *e, *endm, *nl;
	size_t n = 0, tl;
	char end[96];

	while ((b = strstr(p, "-----BEGIN ")) && n < max) {
		b += 11;
		e = strstr(b, "-----");
		nl = strchr(b, '\n');
		if (!e || (nl && nl < e)) {
			p = b;
			continue;
		}
		tl = (size_t)(e - b);
		if (tl + 14 >= sizeof(end)) {
			p = e;
			continue;
		}
		memcpy(end, "-----END ", 9);
		memcpy(end + 9, b, tl);
		memcpy(end + 9 + tl, "-----", 6);
		if (!(endm = strstr(e, end))) {
			p = e;
			continue;
		}
		types[n] = b;
		lens[n++] = tl;
		p = endm + strlen(end);
	}
	return n;
}

/* tls.X509KeyPair, as far as its input checks go (a mismatched pair is found by the TLS layer
 * when the handshake uses it) */
static int check_key_pair(const char *cert, const char *key, kube_buf *msg)
{
	const char *types[32];
	size_t lens[32], n, i;
	bool found = false;

	n = pem_types(cert, types, lens, 32);
	for (i = 0; i < n; i++)
		if (lens[i] == 11 && !strncmp(types[i], "CERTIFICATE", 11))
			found = true;
	if (!found) {
		if (!n) {
			kube_buf_puts(msg, "tls: failed to find any PEM data in certificate input");
			return -1;
		}
		kube_buf_puts(msg, "tls: failed to find \"CERTIFICATE\" PEM block in certificate "
				   "input after skipping PEM blocks of the following types: [");
		for (i = 0; i < n; i++)
			kube_buf_printf(msg, "%s%.*s", i ? " " : "", (int)lens[i], types[i]);
		kube_buf_putc(msg, ']');
		return -1;
	}
	n = pem_types(key, types, lens, 32);
	for (i = 0; i < n; i++)
		if (lens[i] >= 11 && !strncmp(types[i] + lens[i] - 11, "PRIVATE KEY", 11))
			return 0;
	if (!n) {
		kube_buf_puts(msg, "tls: failed to find any PEM data in key input");
		return -1;
	}
	kube_buf_puts(msg, "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in "
			   "key input after skipping PEM blocks of the following types: [");
	for (i = 0; i < n; i++)
		kube_buf_printf(msg, "%s%.*s", i ? " " : "", (int)lens[i], types[i]);
	kube_buf_putc(msg, ']');
	return -1;
}

/* Parse stdout into a credential; -1 with msg (the text after "getting credentials: "). */
static int parse_output(const char *data, size_t len, const char *want_version,
			struct cred_doc *cred, kube_buf *msg)
{
	kube_buf group = KUBE_BUF_INIT, version = KUBE_BUF_INIT;
	kube_err yerr = KUBE_ERR_INIT;
	kube_obj *doc = NULL;
	const char *apiv, *kind, *pkg;
	const char *p = data, *end = data + len;
	int rc = -1, r;

	/* the JSON serializer takes input whose first non-space byte is '{', YAML the rest */
	while (p < end && (*p == ' ' || (*p >= '\t' && *p <= '\r')))
		p++;
	if (p < end && *p == '{') {
		kube_buf syn = KUBE_BUF_INIT;

		if (kcfg_json_syntax(data, len, &syn) < 0) {
			kube_buf_printf(msg,
					"decoding stdout: couldn't get version/kind; json parse "
					"error: %s",
					syn.ptr);
			kube_buf_release(&syn);
			goto out;
		}
		kube_buf_release(&syn);
		if (kube_obj_parse_json(&doc, data, len, &yerr) < 0) {
			if (yerr.code == KUBE_ENOMEM) {
				rc = -2;
				goto out;
			}
			kube_buf_printf(msg, "decoding stdout: %s", S(yerr.message));
			goto out;
		}
	} else if ((r = kube_yaml_parse(&doc, data, len, 0, &yerr)) < 0) {
		if (r == KUBE_ENOMEM) {
			rc = -2;
			goto out;
		}
		kube_buf_printf(msg, "decoding stdout: %s", S(yerr.message));
		goto out;
	}
	kube_buf_puts(msg, "decoding stdout: ");
	if (kcfg_interpret(doc, &apiv, &kind, msg) < 0)
		goto out;
	if (parse_gv(apiv, &group, &version, msg) < 0)
		goto out;
	if (!kind || !*kind)
		kind = "ExecCredential";
	if (!version.len && !group.len)
		kube_buf_puts(&group, EXEC_GROUP);
	if (!version.len && !strcmp(group.ptr, EXEC_GROUP))
		kube_buf_puts(&version, "__internal");
	if (strcmp(kind, "ExecCredential") || strcmp(group.ptr, EXEC_GROUP) ||
	    (strcmp(version.ptr, "v1") && strcmp(version.ptr, "v1beta1") &&
	     strcmp(version.ptr, "__internal"))) {
		kube_buf_puts(msg, "no kind ");
		kube_go_quote(msg, kind);
		kube_buf_puts(msg, " is registered for version ");
		if (group.len)
			kube_buf_printf(&group, "/%s", version.ptr);
		kube_go_quote(msg, group.len ? group.ptr : version.ptr);
		kube_buf_puts(msg, " in scheme \"pkg/runtime/scheme.go:111\"");
		goto out;
	}
	pkg = !strcmp(version.ptr, "__internal") ? "clientauthentication" : version.ptr;
	if ((r = decode_cred(doc, pkg, cred, msg)) < 0) {
		rc = r;
		goto out;
	}
	kube_buf_truncate(msg, 0);
	if (strcmp(want_version, version.ptr)) {
		kube_buf_printf(msg,
				"exec plugin is configured to use API version " EXEC_GROUP
				"/%s, plugin returned version " EXEC_GROUP "/%s",
				want_version, version.ptr);
		goto out;
	}
	if (!cred->has_status) {
		kube_buf_puts(msg, "exec plugin didn't return a status field");
		goto out;
	}
	if (!*S(cred->token) && !*S(cred->cert) && !*S(cred->key)) {
		kube_buf_puts(msg, "exec plugin didn't return a token or cert/key pair");
		goto out;
	}
	if (!*S(cred->cert) != !*S(cred->key)) {
		kube_buf_puts(msg, "exec plugin returned only certificate or key, not both");
		goto out;
	}
	if (*S(cred->cert)) {
		kube_buf pair = KUBE_BUF_INIT;

		if (check_key_pair(cred->cert, cred->key, &pair) < 0) {
			kube_buf_printf(msg, "failed parsing client key/certificate: %s", pair.ptr);
			kube_buf_release(&pair);
			goto out;
		}
		kube_buf_release(&pair);
	}
	rc = 0;
out:
	kube_buf_release(&group);
	kube_buf_release(&version);
	kube_err_clear(&yerr);
	kube_obj_free(doc);
	return rc;
}

/* ============================================================================================
 * Running the plugin
 */

static int cred_error(kube_err *err, const char *msg)
{
	kube_err_set(err, KUBE_ETRANSPORT, "%s", msg);
	if (err)
		err->transport = KUBE_TRANSPORT_CREDENTIALS;
	return KUBE_ETRANSPORT;
}

static int interactive_mode(const kube_exec_config *ec, bool *interactive, kube_buf *msg)
{
	const char *mode = S(ec->interactive_mode);

	*interactive = false;
	if (!strcmp(mode, "Never"))
		return 0;
	if (!strcmp(mode, "IfAvailable")) {
		*interactive = !ec->stdin_unavailable && isatty(0);
		return 0;
	}
	if (!strcmp(mode, "Always")) {
		if (!isatty(0)) {
			kube_buf_puts(msg, "exec plugin cannot support interactive mode: standard "
					   "input is not a terminal");
			return -1;
		}
		if (ec->stdin_unavailable) {
			kube_buf_puts(msg, "exec plugin cannot support interactive mode: standard "
					   "input is unavailable");
			return -1;
		}
		*interactive = true;
		return 0;
	}
	kube_buf_puts(msg, "exec plugin cannot support interactive mode: unknown "
			   "interactiveMode: ");
	kube_go_quote(msg, mode);
	return -1;
}

/* KUBERNETES_EXEC_INFO: the ExecCredential as client-go's JSON encoder writes it */
static void exec_info(kube_buf *b, const kube_exec_config *ec, bool interactive)
{
	const unsigned flags = KUBE_JSON_HTML_ESCAPE;

	kube_buf_puts(b, "KUBERNETES_EXEC_INFO={\"kind\":\"ExecCredential\",\"apiVersion\":");
	kube_json_write_string(b, S(ec->api_version), strlen(S(ec->api_version)), flags);
	kube_buf_puts(b, ",\"spec\":{");
	if (ec->provide_cluster_info) {
		kube_buf_puts(b, "\"cluster\":{\"server\":");
		kube_json_write_string(b, S(ec->cluster_server), strlen(S(ec->cluster_server)),
				       flags);
		if (*S(ec->cluster_tls_server_name)) {
			kube_buf_puts(b, ",\"tls-server-name\":");
			kube_json_write_string(b, ec->cluster_tls_server_name,
					       strlen(ec->cluster_tls_server_name), flags);
		}
		if (ec->cluster_insecure)
			kube_buf_puts(b, ",\"insecure-skip-tls-verify\":true");
		if (ec->cluster_ca_pem && ec->cluster_ca_pem_len) {
			kube_buf_puts(b, ",\"certificate-authority-data\":\"");
			kcfg_b64_encode(b, (const unsigned char *)ec->cluster_ca_pem,
					ec->cluster_ca_pem_len);
			kube_buf_putc(b, '"');
		}
		if (*S(ec->cluster_proxy_url)) {
			kube_buf_puts(b, ",\"proxy-url\":");
			kube_json_write_string(b, ec->cluster_proxy_url,
					       strlen(ec->cluster_proxy_url), flags);
		}
		if (ec->cluster_disable_compression)
			kube_buf_puts(b, ",\"disable-compression\":true");
		kube_buf_puts(b, ",\"config\":");
		if (ec->cluster_config)
			kube_json_write(b, ec->cluster_config, flags);
		else
			kube_buf_puts(b, "null");
		kube_buf_puts(b, "},");
	}
	kube_buf_printf(b, "\"interactive\":%s}}\n", interactive ? "true" : "false");
}

/* exec.LookPath: only absolute results count (a relative PATH entry is ErrDot). */
static char *look_path(const char *file)
{
	const char *path = getenv("PATH"), *p, *q;
	struct stat st;

	if (!path)
		return NULL;
	for (p = path;; p = q + 1) {
		kube_buf b = KUBE_BUF_INIT;
		char *cand;

		q = strchr(p, ':');
		if (!q)
			q = p + strlen(p);
		if (q > p && *p == '/') {
			kube_buf_put(&b, p, (size_t)(q - p));
			kube_buf_putc(&b, '/');
			kube_buf_puts(&b, file);
			cand = kube_buf_detach(&b, NULL);
			if (cand && stat(cand, &st) == 0 && !S_ISDIR(st.st_mode) &&
			    access(cand, X_OK) == 0)
				return cand;
			free(cand);
		}
		if (!*q)
			break;
	}
	return NULL;
}

/* environ + entries, the last occurrence of each name winning (Go's dedupEnv) */
static char **build_env(char **extra, size_t nextra)
{
	size_t n = 0, i, j, k, total;
	char **all, **out;

	while (environ && environ[n])
		n++;
	total = n + nextra;
	if (!(all = calloc(total + 1, sizeof(*all))) || !(out = calloc(total + 1, sizeof(*out)))) {
		free(all);
		return NULL;
	}
	for (i = 0; i < n; i++)
		all[i] = environ[i];
	for (i = 0; i < nextra; i++)
		all[n + i] = extra[i];
	for (i = 0, k = 0; i < total; i++) {
		const char *eq = strchr(all[i], '=');
		size_t klen = eq ? (size_t)(eq - all[i]) : strlen(all[i]);
		bool later = false;

		if (!eq && !*all[i])
			continue;
		for (j = i + 1; j < total && !later; j++)
			if (!strncmp(all[j], all[i], klen) &&
			    (all[j][klen] == '=' || !all[j][klen]))
				later = true;
		if (!later)
			out[k++] = all[i];
	}
	free(all);
	return out;
}

int kube_exec_credential_get(kube_exec_credential *out, const kube_exec_config *ec,
			     kube_err *err)
{
	kube_buf msg = KUBE_BUF_INIT, info = KUBE_BUF_INIT, stdout_buf = KUBE_BUF_INIT;
	struct cred_doc cred;
	const char *want;
	char **extra = NULL, **envp = NULL, **argv = NULL, *path = NULL;
	bool interactive;
	int pipefd[2] = {-1, -1}, errpipe[2] = {-1, -1}, status = 0, rc, e;
	size_t i, nextra = 0;
	pid_t pid = -1;
	char chunk[8192];
	ssize_t n;

	memset(&cred, 0, sizeof(cred));
	kube_exec_credential_release(out);
	if (!ec)
		return kube_err_set(err, KUBE_EINVAL, "no exec plugin configured");
	kube_buf_init(&stdout_buf, EXEC_MAX_OUTPUT);
	want = strrchr(S(ec->api_version), '/') ? strrchr(ec->api_version, '/') + 1 : "";
	if (interactive_mode(ec, &interactive, &msg) < 0) {
		rc = cred_error(err, msg.ptr);
		goto out;
	}
	/* environment: ours, the configured entries, then KUBERNETES_EXEC_INFO */
	if (!(extra = calloc(ec->nenv + 1, sizeof(*extra))))
		goto nomem;
	for (i = 0; i < ec->nenv; i++) {
		kube_buf b = KUBE_BUF_INIT;

		kube_buf_printf(&b, "%s=%s", S(ec->env[i].name), S(ec->env[i].value));
		if (!(extra[nextra] = kube_buf_detach(&b, NULL)))
			goto nomem;
		nextra++;
	}
	exec_info(&info, ec, interactive);
	if (info.failed)
		goto nomem;
	extra[nextra++] = info.ptr;
	if (!(envp = build_env(extra, nextra)))
		goto nomem;
	/* argv = command + args */
	if (!(argv = calloc(ec->nargs + 2, sizeof(*argv))))
		goto nomem;
	argv[0] = ec->command;
	for (i = 0; i < ec->nargs; i++)
		argv[i + 1] = ec->args[i];
	if (strchr(S(ec->command), '/')) {
		if (!(path = kcfg_strndup(ec->command, strlen(ec->command))))
			goto nomem;
	} else if (!*S(ec->command) || !(path = look_path(ec->command))) {
		kube_buf_printf(&msg, "exec: executable %s not found%s", S(ec->command),
				install_hint_help);
		if (*S(ec->install_hint))
			kube_buf_printf(&msg, "\n\n%s", ec->install_hint);
		rc = msg.failed ? kube_err_set(err, KUBE_ENOMEM, "out of memory")
				: cred_error(err, msg.ptr);
		goto out;
	}
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		kube_buf_printf(&msg, "exec: pipe: %s", kcfg_errno_text(errno));
		rc = cred_error(err, msg.ptr);
		goto out;
	}
	if (pipe2(errpipe, O_CLOEXEC) < 0) {
		kube_buf_printf(&msg, "exec: pipe: %s", kcfg_errno_text(errno));
		rc = cred_error(err, msg.ptr);
		goto out;
	}
	pid = fork();
	if (pid == 0) {
		/* child: only async-signal-safe calls until execve */
		int fd;

		if (!interactive) {
			fd = open("/dev/null", O_RDONLY);
			if (fd < 0 || (fd != 0 && dup2(fd, 0) < 0))
				goto child_fail;
			if (fd != 0)
				close(fd);
		}
		if (dup2(pipefd[1], 1) < 0)
			goto child_fail;
		execve(path, argv, envp);
child_fail:
		e = errno;
		if (write(errpipe[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	e = errno;
	close(pipefd[1]);
	pipefd[1] = -1;
	close(errpipe[1]);
	errpipe[1] = -1;
	if (pid < 0) {
		kube_buf_printf(&msg, "exec: fork/exec %s: %s", path, kcfg_errno_text(e));
		rc = cred_error(err, msg.ptr);
		goto out;
	}
	/* the error pipe closes on a successful execve, else it carries errno */
	do
		n = read(errpipe[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(e)) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		pid = -1;
		kube_buf_printf(&msg, "exec: fork/exec %s: %s", path, kcfg_errno_text(e));
		rc = cred_error(err, msg.ptr);
		goto out;
	}
	for (;;) {
		n = read(pipefd[0], chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		kube_buf_put(&stdout_buf, chunk, (size_t)n);
	}
	explicit_bzero(chunk, sizeof(chunk));
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	pid = -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		kube_buf_printf(&msg, "exec: executable %s failed with exit code %d", ec->command,
				WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		rc = cred_error(err, msg.ptr);
		goto out;
	}
	if (stdout_buf.toobig) {
		rc = cred_error(err, "decoding stdout: exec plugin output too large");
		goto out;
	}
	if (stdout_buf.failed)
		goto nomem;
	rc = parse_output(stdout_buf.ptr, stdout_buf.len, want, &cred, &msg);
	if (rc == -2 || msg.failed)
		goto nomem;
	if (rc < 0) {
		rc = cred_error(err, msg.ptr);
		goto out;
	}
	out->token = cred.token && *cred.token ? cred.token : NULL;
	if (out->token)
		cred.token = NULL;
	out->cert_pem = cred.cert;
	out->key_pem = cred.key;
	cred.cert = cred.key = NULL;
	out->expiry = cred.expiry;
	rc = 0;
	goto out;
nomem:
	rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
out:
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	if (errpipe[0] >= 0)
		close(errpipe[0]);
	if (errpipe[1] >= 0)
		close(errpipe[1]);
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	cred_doc_release(&cred);
	for (i = 0; extra && i < nextra; i++)
		if (extra[i] != info.ptr)
			kcfg_wipe_str(extra[i]);
	free(extra);
	free(envp);
	free(argv);
	free(path);
	kube_buf_wipe(&info);
	kube_buf_wipe(&stdout_buf);
	kube_buf_release(&msg);
	return rc;
}

void kube_exec_credential_release(kube_exec_credential *c)
{
	if (!c)
		return;
	kcfg_wipe_str(c->token);
	kcfg_wipe_str(c->cert_pem);
	kcfg_wipe_str(c->key_pem);
	memset(c, 0, sizeof(*c));
}
