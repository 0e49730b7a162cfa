/* kubectl logs: which pods and containers (polymorphichelpers.LogsForObject), and the log
 * streams themselves, one after the other through the client, or side by side over raw
 * connections when several are followed. Output is written line by line, never buffered whole. */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kube/time.h>

#include "stream-internal.h"
#include "banned.h"

#define MAX_LINE ((size_t)16 << 20)

/* ---- --since-time ---- */

static bool digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static int days_in(int month, int year)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		return 29;
	return d[month - 1];
}

static int parse_error(kube_err *err, const char *value, const char *rest, const char *elem)
{
	kube_buf m = KUBE_BUF_INIT;
	int rc;

	kube_buf_puts(&m, "parsing time ");
	kube_go_quote(&m, value);
	kube_buf_puts(&m, " as ");
	kube_go_quote(&m, "2006-01-02T15:04:05Z07:00");
	kube_buf_puts(&m, ": cannot parse ");
	kube_go_quote(&m, rest);
	kube_buf_puts(&m, " as ");
	kube_go_quote(&m, elem);
	rc = kube_err_set(err, KUBE_EINVAL, "%s", m.ptr);
	kube_buf_release(&m);
	return rc;
}

static int range_error(kube_err *err, const char *value, const char *what)
{
	kube_buf m = KUBE_BUF_INIT;
	int rc;

	kube_buf_puts(&m, "parsing time ");
	kube_go_quote(&m, value);
	kube_buf_printf(&m, ": %s", what);
	rc = kube_err_set(err, KUBE_EINVAL, "%s", m.ptr);
	kube_buf_release(&m);
	return rc;
}

/* A number of 1-2 (fixed: exactly 2) digits at *p. */
static bool getnum(const char **p, bool fixed, int *v)
{
	const char *s = *p;

	if (!isdigit((unsigned char)s[0]))
		return false;
	if (!isdigit((unsigned char)s[1])) {
		if (fixed)
			return false;
		*v = s[0] - '0';
		*p = s + 1;
		return true;
	}
	*v = (s[0] - '0') * 10 + s[1] - '0';
	*p = s + 2;
	return true;
}

int kube_logs_since_time(kube_buf *out, const char *s, kube_err *err)
{
	const char *p = s;
	int year, month, day, hour, min, sec, off = 0, oh, om;
	struct tm tm;
	time_t t;

	if (strlen(p) < 4 || !digits(p, 4))
		return parse_error(err, s, p, "2006");
	year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + p[3] - '0';
	p += 4;
	if (*p != '-')
		return parse_error(err, s, p, "-");
	p++;
	if (!getnum(&p, true, &month))
		return parse_error(err, s, p, "01");
	if (month < 1 || month > 12)
		return range_error(err, s, "month out of range");
	if (*p != '-')
		return parse_error(err, s, p, "-");
	p++;
	if (!getnum(&p, true, &day))
		return parse_error(err, s, p, "02");
	if (*p != 'T')
		return parse_error(err, s, p, "T");
	p++;
	if (!getnum(&p, false, &hour))
		return parse_error(err, s, p, "15");
	if (hour >= 24)
		return range_error(err, s, "hour out of range");
	if (*p != ':')
		return parse_error(err, s, p, ":");
	p++;
	if (!getnum(&p, true, &min))
		return parse_error(err, s, p, "04");
	if (min >= 60)
		return range_error(err, s, "minute out of range");
	if (*p != ':')
		return parse_error(err, s, p, ":");
	p++;
	if (!getnum(&p, true, &sec))
		return parse_error(err, s, p, "05");
	if (sec >= 60)
		return range_error(err, s, "second out of range");
	if ((*p == '.' || *p == ',') && isdigit((unsigned char)p[1]))
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (*p == 'Z') {
		p++;
	} else {
		if (strlen(p) < 6 || (p[0] != '+' && p[0] != '-') || p[3] != ':' ||
		    !digits(p + 1, 2) || !digits(p + 4, 2))
			return parse_error(err, s, p, "Z07:00");
		oh = (p[1] - '0') * 10 + p[2] - '0';
		om = (p[4] - '0') * 10 + p[5] - '0';
		if (oh > 24 || om > 60)
			return range_error(err, s, "time zone offset out of range");
		off = (oh * 60 + om) * 60 * (p[0] == '-' ? -1 : 1);
		p += 6;
	}
	if (*p) {
		kube_buf m = KUBE_BUF_INIT;
		int rc;

		kube_buf_puts(&m, "parsing time ");
		kube_go_quote(&m, s);
		kube_buf_puts(&m, ": extra text: ");
		kube_go_quote(&m, p);
		rc = kube_err_set(err, KUBE_EINVAL, "%s", m.ptr);
		kube_buf_release(&m);
		return rc;
	}
	if (day < 1 || day > days_in(month, year))
		return range_error(err, s, "day out of range");
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	t = timegm(&tm) - off;
	gmtime_r(&t, &tm);
	kube_buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
			tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return kube_buf_check(out, err);
}

/* ---- sources ---- */

struct source {
	char *ns, *pod, *container;
	char *prefix; /* "[pod/NAME/CONTAINER] " or NULL */
	/* streaming state */
	kube_buf line;	 /* a partial line */
	kube_upgrade *u; /* parallel mode */
	kube_buf raw;	 /* undecoded chunked bytes */
	int64_t left;	 /* Content-Length bytes left, -1 = until EOF */
	bool head_seen;	 /* the response head arrived */
	bool done;
	int write_error;
};

struct run {
	const kube_logs_opts *o;
	struct source *v;
	size_t n, cap;
};

#define notice(o, ...) stream_notice((o)->notice, (o)->notice_payload, false, __VA_ARGS__)

static char *dup_str(const char *s)
{
	size_t n = strlen(s ? s : "");
	char *p = malloc(n + 1);

	if (p)
		memcpy(p, s ? s : "", n + 1);
	return p;
}

static int add_source(struct run *r, const kube_obj *pod, const char *container, kube_err *err)
{
	struct source *s;
	const char *name = kube_obj_path_str(pod, "metadata", "name", NULL);
	const char *ns = kube_obj_path_str(pod, "metadata", "namespace", NULL);

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 4;
		struct source *v = realloc(r->v, cap * sizeof(*v));

		if (!v)
			return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		r->v = v;
		r->cap = cap;
	}
	s = &r->v[r->n];
	memset(s, 0, sizeof(*s));
	s->line = (kube_buf)KUBE_BUF_INIT;
	s->line.max = MAX_LINE;
	s->raw = (kube_buf)KUBE_BUF_INIT;
	s->left = -1;
	s->ns = dup_str(ns ? ns : r->o->namespace);
	s->pod = dup_str(name);
	s->container = dup_str(container);
	if (r->o->prefix && name && *name) {
		kube_buf p = KUBE_BUF_INIT;

		kube_buf_printf(&p, "[pod/%s/%s] ", name, container ? container : "");
		s->prefix = kube_buf_detach(&p, NULL);
	}
	r->n++;
	if (!s->ns || !s->pod || !s->container || (r->o->prefix && name && *name && !s->prefix))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	return 0;
}

/* logsForObjectWithClient for one pod. */
static int pod_sources(struct run *r, const kube_obj *pod, bool all_pods, kube_err *err)
{
	const kube_logs_opts *o = r->o;
	const char *container = o->container && *o->container ? o->container : NULL;
	const char *name = kube_obj_path_str(pod, "metadata", "name", NULL);
	size_t i, j;
	int rc;

	if (o->all_containers) {
		static const char *const lists[] = {"initContainers", "containers",
						    "ephemeralContainers", NULL};

		for (j = 0; lists[j]; j++) {
			const kube_obj *a = kube_obj_path(pod, "spec", lists[j], NULL);

			for (i = 0; a && i < kube_obj_len(a); i++) {
				const char *cn = kube_obj_path_str(kube_obj_at(a, i), "name", NULL);

				if ((rc = add_source(r, pod, cn ? cn : "", err)) < 0)
					return rc;
			}
		}
		return 0;
	}
	if (!container) {
		const char *dc = kube_obj_path_str(pod, "metadata", "annotations",
						   "kubectl.kubernetes.io/default-container", NULL);

		if (dc && *dc) {
			if (!stream_container(pod, dc, true)) {
				kube_buf q = KUBE_BUF_INIT;

				kube_go_quote(&q, dc);
				notice(o, "Default container name %s not found in pod %s", q.ptr,
				       name ? name : "");
				kube_buf_release(&q);
			} else {
				container = dc;
			}
		}
	}
	if (!container) {
		const kube_obj *cs = kube_obj_path(pod, "spec", "containers", NULL);

		container = kube_obj_path_str(kube_obj_at(cs, 0), "name", NULL);
		if (!container)
			container = "";
		if (!all_pods &&
		    (kube_obj_len(cs) > 1 ||
		     kube_obj_len(kube_obj_path(pod, "spec", "initContainers", NULL)) > 0 ||
		     kube_obj_len(kube_obj_path(pod, "spec", "ephemeralContainers", NULL)) > 0)) {
			kube_buf all = KUBE_BUF_INIT, q = KUBE_BUF_INIT;

			kube_pod_container_names(&all, pod);
			kube_go_quote(&q, container);
			notice(o, "Defaulted container %s out of: %s", q.ptr, all.ptr);
			kube_buf_release(&all);
			kube_buf_release(&q);
		}
	}
	if (!stream_container(pod, container, true)) {
		kube_buf all = KUBE_BUF_INIT;

		kube_pod_container_names(&all, pod);
		rc =
		    kube_err_set(err, KUBE_ERROR, "container %s is not valid for pod %s out of: %s",
				 container, name ? name : "", all.ptr);
		kube_buf_release(&all);
		return rc;
	}
	return add_source(r, pod, container, err);
}

/* The builder's NotFound, as kubectl logs rewords it. */
static int not_found(kube_err *err, const char *ns)
{
	kube_buf m = KUBE_BUF_INIT;
	int rc;

	kube_buf_printf(&m, "error from server (NotFound): %s in namespace ",
			err->message ? err->message : "");
	kube_go_quote(&m, ns);
	rc = kube_err_set(err, KUBE_ERROR, "%s", m.ptr);
	kube_buf_release(&m);
	return rc;
}

static int resolve(struct run *r, kube_client *c, kube_discovery *d, kube_err *err)
{
	const kube_logs_opts *o = r->o;
	kube_obj *pod = NULL, *object = NULL, *list = NULL;
	size_t npods = 0, i;
	int rc;

	if (o->selector && *o->selector) {
		/* the builder keeps the server's order */
		{
			kube_buf path = KUBE_BUF_INIT;
			kube_response resp = KUBE_RESPONSE_INIT;
			kube_param p = {"labelSelector", o->selector};
			kube_request req;

			kube_buf_puts(&path, "/api/v1/namespaces/");
			kube_buf_put_pathseg(&path, o->namespace);
			kube_buf_puts(&path, "/pods");
			memset(&req, 0, sizeof(req));
			req.path = path.ptr;
			req.params = &p;
			req.nparams = 1;
			req.resource = "pods";
			rc = kube_client_do(c, &req, &resp, err);
			if (rc == 0)
				rc = kube_obj_parse_json(&list, resp.body.ptr, resp.body.len, err);
			kube_response_release(&resp);
			kube_buf_release(&path);
			if (rc < 0)
				goto out;
		}
		if (!kube_obj_len(kube_obj_get(list, "items"))) {
			notice(o, "No resources found in %s namespace.", o->namespace);
			rc = 0;
			goto out;
		}
		for (i = 0; i < kube_obj_len(kube_obj_get(list, "items")); i++)
			if ((rc = pod_sources(r, kube_obj_at(kube_obj_get(list, "items"), i),
					      o->all_pods, err)) < 0)
				goto out;
		rc = 0;
		goto out;
	}
	{
		kube_pod_query q = {o->namespace, o->target, NULL, o->pod_timeout_ms, true, NULL};

		rc = kube_pod_find(&pod, &object, &npods, c, d, &q, err);
		if (rc == KUBE_ENOTFOUND && err) {
			rc = not_found(err, o->namespace);
			goto out;
		}
		if (rc < 0)
			goto out;
	}
	if (object && npods > 1) {
		if (o->all_pods) {
			kube_buf sel = KUBE_BUF_INIT;

			if ((rc = kube_pod_selector(&sel, object, err)) == 0)
				rc = kube_pod_list_sorted(&list, c, o->namespace, sel.ptr, true,
							  err);
			kube_buf_release(&sel);
			if (rc < 0)
				goto out;
			for (i = 0; i < kube_obj_len(kube_obj_get(list, "items")); i++)
				if ((rc =
					 pod_sources(r, kube_obj_at(kube_obj_get(list, "items"), i),
						     true, err)) < 0)
					goto out;
			rc = 0;
			goto out;
		}
		notice(o, "Found %zu pods, using pod/%s", npods,
		       kube_obj_path_str(pod, "metadata", "name", NULL));
	}
	rc = pod_sources(r, pod, false, err);
out:
	kube_obj_free(pod);
	kube_obj_free(object);
	kube_obj_free(list);
	return rc;
}

/* ---- output ---- */

/* Write complete lines of s->line (all of it at the end) with the prefix. */
static int emit(struct run *r, struct source *s, bool final)
{
	size_t start = 0, i;

	if (s->write_error)
		return -s->write_error;
	for (i = 0; i < s->line.len; i++) {
		if (s->line.ptr[i] != '\n')
			continue;
		if (s->prefix &&
		    stream_write_all(r->o->out_fd, s->prefix, strlen(s->prefix), NULL) < 0)
			goto fail;
		if (stream_write_all(r->o->out_fd, s->line.ptr + start, i + 1 - start, NULL) < 0)
			goto fail;
		start = i + 1;
	}
	if (final && start < s->line.len) {
		if (s->prefix &&
		    stream_write_all(r->o->out_fd, s->prefix, strlen(s->prefix), NULL) < 0)
			goto fail;
		if (stream_write_all(r->o->out_fd, s->line.ptr + start, s->line.len - start, NULL) <
		    0)
			goto fail;
		start = s->line.len;
	}
	if (start) {
		memmove(s->line.ptr, s->line.ptr + start, s->line.len - start);
		kube_buf_truncate(&s->line, s->line.len - start);
	}
	return 0;
fail:
	s->write_error = errno ? errno : EIO;
	return -s->write_error;
}

static int feed(struct run *r, struct source *s, const char *data, size_t len)
{
	kube_buf_put(&s->line, data, len);
	if (s->line.failed && s->line.toobig) {
		/* one very long line: let it through in pieces */
		s->line.failed = false;
		s->line.toobig = false;
	}
	return emit(r, s, false);
}

struct seq {
	struct run *r;
	struct source *s;
};

static int on_data(const char *data, size_t len, void *payload, kube_err *err)
{
	struct seq *q = payload;

	if (feed(q->r, q->s, data, len) < 0)
		return kube_err_set(err, KUBE_EIO, "write: %s", strerror(q->s->write_error));
	if (q->r->o->cancel && *q->r->o->cancel)
		return kube_err_set(err, KUBE_ECANCELED, "canceled");
	return 0;
}

static void log_params(const kube_logs_opts *o, const struct source *s, kube_param *p, size_t *n,
		       char num[3][24])
{
	*n = 0;
	p[(*n)++] = (kube_param){"container", s->container};
	if (o->follow)
		p[(*n)++] = (kube_param){"follow", "true"};
	if (o->insecure_skip_tls_verify_backend)
		p[(*n)++] = (kube_param){"insecureSkipTLSVerifyBackend", "true"};
	if (o->limit_bytes) {
		snprintf(num[0], sizeof(num[0]), "%lld", (long long)o->limit_bytes);
		p[(*n)++] = (kube_param){"limitBytes", num[0]};
	}
	if (o->previous)
		p[(*n)++] = (kube_param){"previous", "true"};
	if (o->since_seconds) {
		snprintf(num[1], sizeof(num[1]), "%lld", (long long)o->since_seconds);
		p[(*n)++] = (kube_param){"sinceSeconds", num[1]};
	}
	if (o->since_time && *o->since_time)
		p[(*n)++] = (kube_param){"sinceTime", o->since_time};
	if (o->tail >= 0) {
		snprintf(num[2], sizeof(num[2]), "%lld", (long long)o->tail);
		p[(*n)++] = (kube_param){"tailLines", num[2]};
	}
	if (o->timestamps)
		p[(*n)++] = (kube_param){"timestamps", "true"};
}

static void log_path(kube_buf *path, const struct source *s)
{
	kube_buf_puts(path, "/api/v1/namespaces/");
	kube_buf_put_pathseg(path, s->ns);
	kube_buf_puts(path, "/pods/");
	kube_buf_put_pathseg(path, s->pod);
	kube_buf_puts(path, "/log");
}

/* The URL as Go prints it in a url.Error ("Get \"https://...\": ..."). */
static void raw_url_error(char **raw_error, const kube_client_opts *conn, const char *path,
			  const kube_param *p, size_t n, const char *msg)
{
	kube_buf b = KUBE_BUF_INIT, q = KUBE_BUF_INIT;
	kube_param *all = calloc(n + 1, sizeof(*all));
	size_t sl;

	if (!all)
		return;
	memcpy(all, p, n * sizeof(*p));
	if (conn->timeout_ms > 0) {
		kube_buf t = KUBE_BUF_INIT;

		kube_duration_format(&t, conn->timeout_ms);
		all[n].key = "timeout";
		all[n].value = t.ptr;
		kube_query_encode(&q, all, n + 1);
		kube_buf_release(&t);
	} else {
		kube_query_encode(&q, all, n);
	}
	sl = strlen(conn->server);
	while (sl && conn->server[sl - 1] == '/')
		sl--;
	kube_buf_puts(&b, "Get ");
	{
		kube_buf u = KUBE_BUF_INIT;

		kube_buf_put(&u, conn->server, sl);
		kube_buf_puts(&u, path);
		if (q.len)
			kube_buf_printf(&u, "?%s", q.ptr);
		kube_go_quote(&b, u.ptr);
		kube_buf_release(&u);
	}
	kube_buf_printf(&b, ": %s", msg);
	*raw_error = kube_buf_detach(&b, NULL);
	kube_buf_release(&q);
	free(all);
}

static int sequential(struct run *r, kube_client *c, const kube_client_opts *conn, char **raw_error,
		      kube_err *err)
{
	const kube_logs_opts *o = r->o;
	size_t i;
	int rc = 0;

	for (i = 0; i < r->n; i++) {
		struct source *s = &r->v[i];
		kube_buf path = KUBE_BUF_INIT;
		kube_response resp = KUBE_RESPONSE_INIT;
		kube_param p[10];
		char num[3][24];
		size_t np;
		kube_request req;
		struct seq q = {r, s};
		kube_err e = KUBE_ERR_INIT;

		log_path(&path, s);
		log_params(o, s, p, &np, num);
		memset(&req, 0, sizeof(req));
		req.path = path.ptr;
		req.params = p;
		req.nparams = np;
		req.accept = "application/json, */*";
		req.data_fn = on_data;
		req.data_payload = &q;
		req.resource = "pods";
		req.name = s->pod;
		rc = kube_client_do(c, &req, &resp, &e);
		if (rc == 0 && resp.body.len) /* a 2xx answer the client kept */
			feed(r, s, resp.body.ptr, resp.body.len);
		if (emit(r, s, true) < 0 && rc == 0)
			rc = kube_err_set(&e, KUBE_EIO, "write: %s", strerror(s->write_error));
		if (rc < 0 && o->follow && raw_error && !*raw_error && e.code != KUBE_EAPI &&
		    e.code != KUBE_ENOTFOUND && e.code != KUBE_ECANCELED) {
			if (e.code == KUBE_ETRANSPORT)
				raw_url_error(raw_error, conn, path.ptr, p, np, e.message);
			else
				*raw_error = dup_str(e.message);
		}
		kube_response_release(&resp);
		kube_buf_release(&path);
		if (rc < 0 && o->ignore_errors && rc != KUBE_ECANCELED) {
			kube_buf m = KUBE_BUF_INIT;

			kube_buf_printf(&m, "error: %s\n", e.message ? e.message : "");
			stream_write_all(o->out_fd, m.ptr, m.len, NULL);
			kube_buf_release(&m);
			kube_err_clear(&e);
			rc = 0;
			continue;
		}
		if (rc < 0) {
			kube_err_move(err, &e);
			return rc;
		}
		kube_err_clear(&e);
	}
	return rc;
}

/* ---- parallel follow over raw connections ---- */

/* Decode what arrived for s (chunked or plain) and write its lines. 1 when the body ended. */
static int take(struct run *r, struct source *s, const char *data, size_t len, kube_err *err)
{
	if (kube_upgrade_chunked(s->u) != 1) {
		if (s->left >= 0 && (int64_t)len > s->left)
			len = (size_t)s->left;
		if (feed(r, s, data, len) < 0)
			return kube_err_set(err, KUBE_EIO, "write: %s", strerror(s->write_error));
		if (s->left >= 0) {
			s->left -= (int64_t)len;
			if (s->left == 0)
				return 1;
		}
		return 0;
	}
	kube_buf_put(&s->raw, data, len);
	for (;;) {
		char *nl = memchr(s->raw.ptr, '\n', s->raw.len), *end;
		unsigned long long n;
		size_t head;

		if (!nl)
			return 0;
		n = strtoull(s->raw.ptr, &end, 16);
		head = (size_t)(nl - s->raw.ptr) + 1;
		if (end == s->raw.ptr)
			return kube_err_set(err, KUBE_ERROR, "malformed chunked encoding");
		if (n == 0)
			return 1;
		if (s->raw.len < head + n + 2)
			return 0;
		if (feed(r, s, s->raw.ptr + head, (size_t)n) < 0)
			return kube_err_set(err, KUBE_EIO, "write: %s", strerror(s->write_error));
		memmove(s->raw.ptr, s->raw.ptr + head + n + 2, s->raw.len - head - n - 2);
		kube_buf_truncate(&s->raw, s->raw.len - head - (size_t)n - 2);
	}
}

static int parallel(struct run *r, const kube_client_opts *conn, kube_err *err)
{
	const kube_logs_opts *o = r->o;
	struct pollfd *pf = calloc(r->n, sizeof(*pf));
	size_t i, open = 0;
	int rc = 0;

	if (!pf)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	for (i = 0; i < r->n; i++) {
		struct source *s = &r->v[i];
		kube_buf path = KUBE_BUF_INIT, tmo = KUBE_BUF_INIT;
		kube_param p[11];
		char num[3][24];
		size_t np;
		kube_upgrade_request req;

		log_path(&path, s);
		log_params(o, s, p, &np, num);
		if (conn->timeout_ms > 0) {
			kube_duration_format(&tmo, conn->timeout_ms);
			p[np++] = (kube_param){"timeout", tmo.ptr};
		}
		memset(&req, 0, sizeof(req));
		req.path = path.ptr;
		req.params = p;
		req.nparams = np;
		req.accept = "application/json, */*";
		req.resource = "pods";
		req.name = s->pod;
		req.defer_head = true;
		rc = kube_upgrade_open(&s->u, conn, &req, err);
		kube_buf_release(&path);
		kube_buf_release(&tmo);
		if (rc < 0)
			goto out;
		open++;
	}
	while (open > 0) {
		for (i = 0; i < r->n; i++) {
			struct source *s = &r->v[i];

			pf[i].fd = s->done ? -1 : kube_upgrade_fd(s->u);
			pf[i].events = POLLIN;
			pf[i].revents = 0;
		}
		/* drain first: TLS may hold bytes poll() cannot see */
		for (i = 0; i < r->n; i++) {
			struct source *s = &r->v[i];
			char buf[65536];

			while (!s->done) {
				size_t n = 0;
				bool eof = false, ready = false;
				int t;

				if (!s->head_seen) {
					/* the streams answer in their own time */
					if ((rc = kube_upgrade_head(s->u, &ready, err)) < 0)
						goto broken;
					if (!ready)
						break;
					s->head_seen = true;
					s->left = kube_upgrade_chunked(s->u) == -1
						      ? kube_upgrade_content_length(s->u)
						      : -1;
				}
				if ((rc = kube_upgrade_recv(s->u, buf, sizeof(buf), &n, &eof,
							    err)) < 0)
					goto broken;
				if (eof) {
					if (s->left > 0 || kube_upgrade_chunked(s->u) == 1) {
						rc =
						    kube_err_set(err, KUBE_ERROR, "unexpected EOF");
						goto broken;
					}
					t = 1;
				} else if (n == 0) {
					break;
				} else if ((t = take(r, s, buf, n, err)) < 0) {
					rc = t;
					goto broken;
				}
				if (t == 1) {
					emit(r, s, true);
					s->done = true;
					open--;
				}
				continue;
			broken:
				if (!o->ignore_errors || rc == KUBE_EIO)
					goto out;
				{
					kube_buf m = KUBE_BUF_INIT;

					emit(r, s, true);
					kube_buf_printf(&m, "error: %s\n",
							err && err->message ? err->message : "");
					stream_write_all(o->out_fd, m.ptr, m.len, NULL);
					kube_buf_release(&m);
					kube_err_clear(err);
				}
				rc = 0;
				s->done = true;
				open--;
			}
		}
		if (!open)
			break;
		if (o->cancel && *o->cancel) {
			rc = kube_err_set(err, KUBE_ECANCELED, "canceled");
			goto out;
		}
		if (poll(pf, (nfds_t)r->n, 1000) < 0 && errno != EINTR) {
			rc = kube_err_set(err, KUBE_EIO, "poll: %s", strerror(errno));
			goto out;
		}
	}
	rc = 0;
out:
	free(pf);
	return rc;
}

int kube_logs_run(kube_client *c, kube_discovery *d, const kube_client_opts *conn,
		  const kube_logs_opts *o, char **raw_error, kube_err *err)
{
	struct run r;
	size_t i;
	int rc;

	if (raw_error)
		*raw_error = NULL;
	memset(&r, 0, sizeof(r));
	r.o = o;
	if ((rc = resolve(&r, c, d, err)) < 0)
		goto out;
	if (o->validation_error) {
		rc = kube_err_set(err, KUBE_ERROR, "%s", o->validation_error);
		goto out;
	}
	if (o->follow && r.n > 1) {
		if ((int64_t)r.n > o->max_log_requests) {
			rc = kube_err_set(
			    err, KUBE_ERROR,
			    "you are attempting to follow %zu log streams, but maximum "
			    "allowed concurrency is %lld, use --max-log-requests to "
			    "increase the limit",
			    r.n, (long long)o->max_log_requests);
			goto out;
		}
		rc = parallel(&r, conn, err);
	} else {
		rc = sequential(&r, c, conn, raw_error, err);
	}
out:
	for (i = 0; i < r.n; i++) {
		free(r.v[i].ns);
		free(r.v[i].pod);
		free(r.v[i].container);
		free(r.v[i].prefix);
		kube_buf_release(&r.v[i].line);
		kube_buf_release(&r.v[i].raw);
		kube_upgrade_free(r.v[i].u);
	}
	free(r.v);
	return rc;
}
