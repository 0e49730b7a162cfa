/* kube_err: filling, clearing, and decoding metav1.Status the way client-go does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <kube/buf.h>
#include <kube/err.h>
#include <kube/obj.h>

#include "banned.h"

static char *dupz(const char *s)
{
	size_t n;
	char *p;

	if (!s)
		return NULL;
	n = strlen(s);
	if ((p = malloc(n + 1)))
		memcpy(p, s, n + 1);
	return p;
}

void kube_err_clear(kube_err *err)
{
	size_t i;

	if (!err)
		return;
	free(err->reason);
	free(err->message);
	free(err->kind);
	free(err->name);
	free(err->group);
	free(err->host);
	for (i = 0; i < err->ncauses; i++) {
		free(err->causes[i].reason);
		free(err->causes[i].message);
		free(err->causes[i].field);
	}
	free(err->causes);
	memset(err, 0, sizeof(*err));
}

void kube_err_move(kube_err *dst, kube_err *src)
{
	if (!dst) {
		kube_err_clear(src);
		return;
	}
	kube_err_clear(dst);
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

int kube_err_set(kube_err *err, kube_code code, const char *fmt, ...)
{
	kube_buf b = KUBE_BUF_INIT;
	va_list ap;

	if (!err)
		return code;
	kube_err_clear(err);
	va_start(ap, fmt);
	kube_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	err->code = code;
	err->message = kube_buf_detach(&b, NULL);
	return code;
}

const char *kube_code_str(kube_code code)
{
	switch (code) {
	case KUBE_OK: return "ok";
	case KUBE_ERROR: return "error";
	case KUBE_ENOMEM: return "out of memory";
	case KUBE_EINVAL: return "invalid argument";
	case KUBE_ECONFIG: return "invalid configuration";
	case KUBE_ETRANSPORT: return "transport error";
	case KUBE_EDECODE: return "decode error";
	case KUBE_EAPI: return "API error";
	case KUBE_ENOTFOUND: return "not found";
	case KUBE_EEXISTS: return "already exists";
	case KUBE_ECONFLICT: return "conflict";
	case KUBE_EIO: return "I/O error";
	case KUBE_ENOMATCH: return "no such resource type";
	case KUBE_ECANCELED: return "canceled";
	}
	return "unknown error";
}

static kube_code code_for_reason(const char *reason)
{
	if (!reason)
		return KUBE_EAPI;
	if (!strcmp(reason, "NotFound"))
		return KUBE_ENOTFOUND;
	if (!strcmp(reason, "AlreadyExists"))
		return KUBE_EEXISTS;
	if (!strcmp(reason, "Conflict"))
		return KUBE_ECONFLICT;
	return KUBE_EAPI;
}

void kube_go_quote(kube_buf *out, const char *s)
{
	const unsigned char *p;

	kube_buf_putc(out, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': kube_buf_puts(out, "\\\""); break;
		case '\\': kube_buf_puts(out, "\\\\"); break;
		case '\a': kube_buf_puts(out, "\\a"); break;
		case '\b': kube_buf_puts(out, "\\b"); break;
		case '\f': kube_buf_puts(out, "\\f"); break;
		case '\n': kube_buf_puts(out, "\\n"); break;
		case '\r': kube_buf_puts(out, "\\r"); break;
		case '\t': kube_buf_puts(out, "\\t"); break;
		case '\v': kube_buf_puts(out, "\\v"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				kube_buf_printf(out, "\\x%02x", *p);
			else
				kube_buf_putc(out, (char)*p);
		}
	}
	kube_buf_putc(out, '"');
}

int kube_err_from_status(kube_err *err, const kube_obj *st)
{
	const kube_obj *details = kube_obj_get(st, "details"), *causes, *c;
	const char *reason = kube_obj_str(kube_obj_get(st, "reason"));
	int64_t code = 0;
	kube_code kc;
	size_t i, n;

	if (reason && !*reason)
		reason = NULL;
	kc = code_for_reason(reason);
	if (!err)
		return kc;
	kube_err_clear(err);
	err->code = kc;
	err->has_status = true;
	if (kube_obj_int64(kube_obj_get(st, "code"), &code) == 0)
		err->http_status = (int)code;
	err->reason = dupz(reason);
	err->message = dupz(kube_obj_str(kube_obj_get(st, "message")));
	if (!err->message)
		err->message = dupz("");
	err->kind = dupz(kube_obj_str(kube_obj_get(details, "kind")));
	err->name = dupz(kube_obj_str(kube_obj_get(details, "name")));
	err->group = dupz(kube_obj_str(kube_obj_get(details, "group")));
	causes = kube_obj_get(details, "causes");
	n = kube_obj_len(causes);
	if (n && (err->causes = calloc(n, sizeof(*err->causes)))) {
		i = 0;
		kube_obj_foreach(c, causes)
		{
			err->causes[i].reason = dupz(kube_obj_str(kube_obj_get(c, "reason")));
			err->causes[i].message = dupz(kube_obj_str(kube_obj_get(c, "message")));
			err->causes[i].field = dupz(kube_obj_str(kube_obj_get(c, "field")));
			i++;
		}
		err->ncauses = n;
	}
	if (details)
		err->has_status = true;
	return kc;
}

static bool is_text(const char *ct)
{
	while (ct && (*ct == ' ' || *ct == '\t'))
		ct++;
	if (!ct || !*ct || *ct == ';')
		return true;
	return !strncasecmp(ct, "text/", 5);
}

int kube_err_from_http(kube_err *err, int status, const char *body, size_t len,
		       const kube_err_req *req)
{
	static const kube_err_req none;
	kube_obj *o = NULL;
	kube_buf msg = KUBE_BUF_INIT, server = KUBE_BUF_INIT;
	const char *reason = NULL, *method;
	kube_code kc;
	char verb[16];
	size_t i;

	if (!req)
		req = &none;
	if (body && len && kube_obj_parse_json(&o, body, len, NULL) == 0 &&
	    kube_obj_type_of(o) == KUBE_OBJ_OBJECT) {
		const char *kind = kube_obj_path_str(o, "kind", NULL);
		const char *st = kube_obj_path_str(o, "status", NULL);

		if (kind && !strcmp(kind, "Status") && (!st || strcmp(st, "Success"))) {
			kc = kube_err_from_status(err, o);
			if (err && !err->http_status)
				err->http_status = status;
			kube_obj_free(o);
			return kc;
		}
	}
	kube_obj_free(o);

	/* client-go's newUnstructuredResponseError + NewGenericServerResponse */
	if (body && len && is_text(req->content_type)) {
		size_t n = len > 2048 ? 2048 : len;
		const char *b = body, *e = body + n;

		while (b < e && strchr(" \t\r\n\v\f", *b))
			b++;
		while (e > b && strchr(" \t\r\n\v\f", e[-1]))
			e--;
		kube_buf_put(&server, b, (size_t)(e - b));
	} else {
		kube_buf_puts(&server, "unknown");
	}
	method = req->method ? req->method : "GET";
	switch (status) {
	case 409:
		reason = !strcmp(method, "POST") ? "AlreadyExists" : "Conflict";
		kube_buf_puts(&msg, "the server reported a conflict");
		break;
	case 404:
		reason = "NotFound";
		kube_buf_puts(&msg, "the server could not find the requested resource");
		break;
	case 400:
		reason = "BadRequest";
		kube_buf_puts(&msg, "the server rejected our request for an unknown reason");
		break;
	case 401:
		reason = "Unauthorized";
		kube_buf_puts(&msg, "the server has asked for the client to provide credentials");
		break;
	case 403:
		reason = "Forbidden";
		kube_buf_puts(&msg, server.ptr);
		break;
	case 406:
		reason = "NotAcceptable";
		if (!server.len || !strcmp(server.ptr, "unknown"))
			kube_buf_puts(&msg, "the server was unable to respond with a content type that "
					    "the client supports");
		else
			kube_buf_puts(&msg, server.ptr);
		break;
	case 415:
		reason = "UnsupportedMediaType";
		kube_buf_puts(&msg, server.ptr);
		break;
	case 405:
		reason = "MethodNotAllowed";
		kube_buf_puts(&msg, "the server does not allow this method on the requested resource");
		break;
	case 422:
		reason = "Invalid";
		kube_buf_puts(&msg, "the server rejected our request due to an error in our request");
		break;
	case 503:
		reason = "ServiceUnavailable";
		kube_buf_puts(&msg, "the server is currently unable to handle the request");
		break;
	case 504:
		reason = "Timeout";
		kube_buf_puts(&msg, "the server was unable to return a response in the time allotted, "
				    "but may still be processing the request");
		break;
	case 429:
		reason = "TooManyRequests";
		kube_buf_puts(&msg, "the server has received too many requests and has asked us to "
				    "try again later");
		break;
	default:
		if (status >= 500) {
			reason = "InternalError";
			kube_buf_puts(&msg, "an error on the server (");
			kube_go_quote(&msg, server.ptr);
			kube_buf_puts(&msg, ") has prevented the request from succeeding");
		} else {
			kube_buf_printf(&msg, "the server responded with the status code %d but did "
					      "not return more information", status);
		}
	}
	for (i = 0; method[i] && i < sizeof(verb) - 1; i++)
		verb[i] = (char)(method[i] >= 'A' && method[i] <= 'Z' ? method[i] + 32 : method[i]);
	verb[i] = '\0';
	if (req->resource && *req->resource) {
		kube_buf_printf(&msg, " (%s %s%s%s", verb, req->resource,
				req->group && *req->group ? "." : "", req->group ? req->group : "");
		if (req->name && *req->name)
			kube_buf_printf(&msg, " %s", req->name);
		kube_buf_putc(&msg, ')');
	}
	kc = code_for_reason(reason);
	if (err) {
		kube_err_clear(err);
		err->code = kc;
		err->http_status = status;
		err->reason = dupz(reason);
		err->message = kube_buf_detach(&msg, NULL);
		err->kind = dupz(req->resource);
		err->name = dupz(req->name);
		err->group = dupz(req->group);
	}
	kube_buf_release(&msg);
	kube_buf_release(&server);
	return kc;
}
