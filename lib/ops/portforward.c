/* kubectl port-forward: local listeners, and one WebSocket connection to the pod's portforward
 * subresource carrying SPDY/3.1 ("SPDY/3.1+portforward.k8s.io", what kubectl 1.37 asks for).
 * Each accepted connection gets an "error" and a "data" stream (headers streamtype, port,
 * requestid), as client-go's PortForwarder.handleConnection does; spdystream does no flow
 * control, neither does this. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "stream-internal.h"
#include "banned.h"

#define SPDY_PING_PERIOD_MS 10000
#define TO_LOCAL_HIGH ((size_t)4 << 20)
#define LOCAL_CHUNK 32768

/* ---- port arguments ---- */

static bool parse_u(const char *s, unsigned long long max, unsigned long long *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return !*end && !errno && *v <= max;
}

static bool numeric(const char *s)
{
	unsigned long long v;

	return parse_u(s, 0x7fffffff, &v);
}

/* kubectl's splitPort: "L:R" gives L and R; anything else its first ':'-separated part twice
 * (so "1:2:3" is port 1). */
static void split_port(const char *spec, char *local, char *remote, size_t cap)
{
	const char *c = strchr(spec, ':');

	if (c && !strchr(c + 1, ':')) {
		snprintf(local, cap, "%.*s", (int)(c - spec), spec);
		snprintf(remote, cap, "%s", c + 1);
	} else {
		snprintf(local, cap, "%.*s", (int)(c ? (size_t)(c - spec) : strlen(spec)), spec);
		snprintf(remote, cap, "%s", local);
	}
}

static int container_port_by_name(const kube_obj *pod, const char *name, long *out, kube_err *err)
{
	const kube_obj *cs = kube_obj_path(pod, "spec", "containers", NULL);
	size_t i, j;

	for (i = 0; cs && i < kube_obj_len(cs); i++) {
		const kube_obj *ps = kube_obj_get(kube_obj_at(cs, i), "ports");

		for (j = 0; ps && j < kube_obj_len(ps); j++) {
			const char *n = kube_obj_path_str(kube_obj_at(ps, j), "name", NULL);
			int64_t v = 0;

			if (n && !strcmp(n, name) &&
			    kube_obj_int64(kube_obj_get(kube_obj_at(ps, j), "containerPort"), &v) ==
				0) {
				*out = (long)v;
				return 0;
			}
		}
	}
	return kube_err_set(err, KUBE_ERROR, "Pod '%s' does not have a named port '%s'",
			    kube_obj_path_str(pod, "metadata", "name", NULL)
				? kube_obj_path_str(pod, "metadata", "name", NULL)
				: "",
			    name);
}

static const char *obj_name(const kube_obj *o)
{
	const char *n = kube_obj_path_str(o, "metadata", "name", NULL);

	return n ? n : "";
}

/* The UDP-only ports of a Service (its ports) or a pod (its containers' ports). */
static bool udp_only(const kube_obj *list_holder, bool svc, long port)
{
	bool udp = false, tcp = false;
	size_t i, j;

	if (svc) {
		const kube_obj *ps = kube_obj_path(list_holder, "spec", "ports", NULL);

		for (i = 0; ps && i < kube_obj_len(ps); i++) {
			int64_t v = 0;
			const char *proto = kube_obj_path_str(kube_obj_at(ps, i), "protocol", NULL);

			if (kube_obj_int64(kube_obj_get(kube_obj_at(ps, i), "port"), &v) < 0 ||
			    v != port)
				continue;
			udp |= proto && !strcmp(proto, "UDP");
			tcp |= proto && !strcmp(proto, "TCP");
		}
	} else {
		const kube_obj *cs = kube_obj_path(list_holder, "spec", "containers", NULL);

		for (i = 0; cs && i < kube_obj_len(cs); i++) {
			const kube_obj *ps = kube_obj_get(kube_obj_at(cs, i), "ports");

			for (j = 0; ps && j < kube_obj_len(ps); j++) {
				int64_t v = 0;
				const char *proto =
				    kube_obj_path_str(kube_obj_at(ps, j), "protocol", NULL);

				if (kube_obj_int64(
					kube_obj_get(kube_obj_at(ps, j), "containerPort"), &v) <
					0 ||
				    v != port)
					continue;
				udp |= proto && !strcmp(proto, "UDP");
				tcp |= proto && !strcmp(proto, "TCP");
			}
		}
	}
	return udp && !tcp;
}

static int service_port_by_name(const kube_obj *svc, const char *name, long *out, kube_err *err)
{
	const kube_obj *ps = kube_obj_path(svc, "spec", "ports", NULL);
	size_t i;

	for (i = 0; ps && i < kube_obj_len(ps); i++) {
		const char *n = kube_obj_path_str(kube_obj_at(ps, i), "name", NULL);
		int64_t v = 0;

		if (n && !strcmp(n, name) &&
		    kube_obj_int64(kube_obj_get(kube_obj_at(ps, i), "port"), &v) == 0) {
			*out = (long)v;
			return 0;
		}
	}
	return kube_err_set(err, KUBE_ERROR, "Service '%s' does not have a named port '%s'",
			    obj_name(svc), name);
}

/* util.LookupContainerPortNumberByServicePort */
static int target_port(const kube_obj *svc, const kube_obj *pod, long port, long *out,
		       kube_err *err)
{
	const kube_obj *ps = kube_obj_path(svc, "spec", "ports", NULL);
	const char *cip = kube_obj_path_str(svc, "spec", "clusterIP", NULL);
	size_t i;

	for (i = 0; ps && i < kube_obj_len(ps); i++) {
		const kube_obj *p = kube_obj_at(ps, i), *tp = kube_obj_get(p, "targetPort");
		int64_t v = 0;

		if (kube_obj_int64(kube_obj_get(p, "port"), &v) < 0 || v != port)
			continue;
		if (cip && !strcmp(cip, "None")) {
			*out = port;
			return 0;
		}
		if (!tp || kube_obj_type_of(tp) != KUBE_OBJ_STRING) {
			int64_t t = 0;

			kube_obj_int64(tp, &t);
			*out = t ? (long)t : port;
			return 0;
		}
		return container_port_by_name(pod, kube_obj_str(tp), out, err);
	}
	return kube_err_set(err, KUBE_ERROR, "Service %s does not have a service port %ld",
			    obj_name(svc), port);
}

int kube_portforward_ports(char ***out, const kube_obj *object, const kube_obj *pod,
			   const char *const *ports, size_t nports, kube_err *err)
{
	const char *kind = object ? kube_obj_path_str(object, "kind", NULL) : NULL;
	bool svc = kind && !strcmp(kind, "Service");
	char **v = NULL, *area;
	kube_buf all = KUBE_BUF_INIT;
	size_t i, *offs = NULL;
	int rc = 0;

	*out = NULL;
	if (!(offs = calloc(nports + 1, sizeof(*offs))))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	/* checkUDPPortInService / checkUDPPortInPod first, over all ports */
	for (i = 0; i < nports; i++) {
		char local[64], remote[64];
		long num;

		split_port(ports[i], local, remote, sizeof(local));
		if (numeric(remote)) {
			num = strtol(remote, NULL, 10);
		} else if (svc) {
			if ((rc = service_port_by_name(object, remote, &num, err)) < 0)
				goto out;
		} else {
			if ((rc = container_port_by_name(pod, remote, &num, err)) < 0)
				goto out;
		}
		if (udp_only(svc ? object : pod, svc, num)) {
			rc = kube_err_set(err, KUBE_ERROR, "UDP protocol is not supported for %s",
					  remote);
			goto out;
		}
	}
	for (i = 0; i < nports; i++) {
		char local[64], remote[64];
		long num, cport;

		split_port(ports[i], local, remote, sizeof(local));
		offs[i] = all.len;
		if (svc) {
			if (numeric(remote)) {
				num = strtol(remote, NULL, 10);
			} else {
				if ((rc = service_port_by_name(object, remote, &num, err)) < 0)
					goto out;
				if (!strcmp(local, remote))
					snprintf(local, sizeof(local), "%ld", num);
			}
			if ((rc = target_port(object, pod, num, &cport, err)) < 0)
				goto out;
			snprintf(remote, sizeof(remote), "%ld", cport);
		} else {
			char orig[64];

			if (!*remote) {
				rc = kube_err_set(err, KUBE_ERROR, "remote port cannot be empty");
				goto out;
			}
			snprintf(orig, sizeof(orig), "%s", remote);
			if (!numeric(remote)) {
				if ((rc = container_port_by_name(pod, remote, &cport, err)) < 0)
					goto out;
				snprintf(remote, sizeof(remote), "%ld", cport);
			}
			if (!strcmp(local, orig)) {
				kube_buf_puts(&all, remote);
				kube_buf_putc(&all, '\0');
				continue;
			}
		}
		if (strcmp(local, remote))
			kube_buf_printf(&all, "%s:%s", local, remote);
		else
			kube_buf_puts(&all, remote);
		kube_buf_putc(&all, '\0');
	}
	if ((rc = kube_buf_check(&all, err)) < 0)
		goto out;
	if (!(v = malloc((nports + 1) * sizeof(*v) + all.len))) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	area = (char *)(v + nports + 1);
	memcpy(area, all.ptr, all.len);
	for (i = 0; i < nports; i++)
		v[i] = area + offs[i];
	v[nports] = NULL;
	*out = v;
out:
	free(offs);
	kube_buf_release(&all);
	return rc;
}

/* ---- forwarding ---- */

struct fwd_port {
	unsigned local, remote;
};

struct listener {
	int fd;
	size_t port; /* index into ports */
};

enum conn_state { WAIT_ERROR_REPLY, WAIT_DATA_REPLY, OPEN, CLOSING };

struct fwd_conn {
	int fd;
	unsigned local, remote;
	uint32_t err_id, data_id;
	int request_id;
	enum conn_state state;
	kube_buf to_local; /* data from the pod not written yet */
	size_t to_local_off;
	kube_buf errmsg;  /* what the error stream carried */
	bool local_eof;	  /* our side finished: FIN sent on the data stream */
	bool remote_done; /* the data stream ended (FIN or reset) */
	bool err_done;	  /* the error stream ended */
	bool reset_sent;
	bool local_error;
};

struct fwd {
	const kube_portforward_opts *o;
	struct fwd_port *ports;
	size_t nports;
	struct listener *ls;
	size_t nls;
	struct ws_conn ws;
	struct spdy_out z;
	kube_buf in; /* SPDY bytes from the tunnel, from in_off */
	size_t in_off;
	struct fwd_conn **c;
	size_t nc;
	uint32_t next_id;
	int next_request;
	uint32_t ping_id;
	int64_t last_ping;
	bool lost;
};

#define notice(o, to_stdout, ...)                                                                 \
	stream_notice((o)->notice, (o)->payload, to_stdout, __VA_ARGS__)

static void log_conn(struct fwd *f, const char *msg, const char *text, const struct fwd_conn *c)
{
	if (f->o->log)
		f->o->log(msg, text, c->local, c->remote, f->o->payload);
}

/* parsePorts */
static int parse_ports(struct fwd *f, kube_err *err)
{
	size_t i;

	if (!f->o->nports)
		return kube_err_set(err, KUBE_ERROR, "you must specify at least 1 port");
	if (!(f->ports = calloc(f->o->nports, sizeof(*f->ports))))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	for (i = 0; i < f->o->nports; i++) {
		const char *s = f->o->ports[i], *c = strchr(s, ':');
		char local[64], remote[64];
		unsigned long long l, r;

		if (c && strchr(c + 1, ':'))
			return kube_err_set(err, KUBE_ERROR, "invalid port format '%s'", s);
		if (c) {
			snprintf(local, sizeof(local), "%.*s", (int)(c - s), s);
			snprintf(remote, sizeof(remote), "%s", c + 1);
			if (!*local)
				snprintf(local, sizeof(local), "0");
		} else {
			snprintf(local, sizeof(local), "%s", s);
			snprintf(remote, sizeof(remote), "%s", s);
		}
		if (!parse_u(local, 65535, &l)) {
			bool range = numeric(local) ||
				     (*local && strspn(local, "0123456789") == strlen(local));

			return kube_err_set(err, KUBE_ERROR,
					    "error parsing local port '%s': "
					    "strconv.ParseUint: parsing \"%s\": %s",
					    local, local,
					    range ? "value out of range" : "invalid syntax");
		}
		if (!parse_u(remote, 65535, &r)) {
			bool range = *remote && strspn(remote, "0123456789") == strlen(remote);

			return kube_err_set(err, KUBE_ERROR,
					    "error parsing remote port '%s': "
					    "strconv.ParseUint: parsing \"%s\": %s",
					    remote, remote,
					    range ? "value out of range" : "invalid syntax");
		}
		if (r == 0)
			return kube_err_set(err, KUBE_ERROR, "remote port must be > 0");
		f->ports[i].local = (unsigned)l;
		f->ports[i].remote = (unsigned)r;
	}
	f->nports = f->o->nports;
	return 0;
}

struct addr {
	char text[64]; /* "127.0.0.1", "::1" */
	int family;
	bool all; /* failureMode "all" (localhost) vs "any" */
};

static int cmp_addr(const void *a, const void *b)
{
	return strcmp(((const struct addr *)a)->text, ((const struct addr *)b)->text);
}

/* parseAddresses: localhost means 127.0.0.1 and ::1; sorted, duplicates merged. */
static int parse_addresses(struct addr **out, size_t *n, const kube_portforward_opts *o,
			   kube_err *err)
{
	struct addr *v = calloc(2 * o->naddresses + 2, sizeof(*v));
	size_t k = 0, i, j;

	*out = NULL;
	*n = 0;
	if (!v)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	if (!o->naddresses) {
		free(v);
		return kube_err_set(err, KUBE_ERROR, "you must specify at least 1 address");
	}
	for (i = 0; i < o->naddresses; i++) {
		const char *a = o->addresses[i];
		unsigned char buf[16];
		struct addr cand[2];
		size_t nc = 0;

		if (!strcmp(a, "localhost")) {
			snprintf(cand[0].text, sizeof(cand[0].text), "127.0.0.1");
			cand[0].family = AF_INET;
			cand[0].all = true;
			snprintf(cand[1].text, sizeof(cand[1].text), "::1");
			cand[1].family = AF_INET6;
			cand[1].all = true;
			nc = 2;
		} else if (inet_pton(AF_INET, a, buf) == 1) {
			snprintf(cand[0].text, sizeof(cand[0].text), "%s", a);
			cand[0].family = AF_INET;
			cand[0].all = false;
			nc = 1;
		} else if (inet_pton(AF_INET6, a, buf) == 1) {
			snprintf(cand[0].text, sizeof(cand[0].text), "%s", a);
			cand[0].family = AF_INET6;
			cand[0].all = false;
			nc = 1;
		} else {
			free(v);
			return kube_err_set(err, KUBE_ERROR, "%s is not a valid IP", a);
		}
		for (j = 0; j < nc; j++) {
			size_t m;

			for (m = 0; m < k && strcmp(v[m].text, cand[j].text); m++)
				;
			if (m < k) {
				/* localhost keeps an address it added; an explicit IP replaces */
				if (!cand[j].all)
					v[m] = cand[j];
				continue;
			}
			v[k++] = cand[j];
		}
	}
	qsort(v, k, sizeof(*v), cmp_addr);
	*out = v;
	*n = k;
	return 0;
}

/* Go's net.Listen("tcp4"/"tcp6", host:port); the port actually bound goes to *bound. */
static int listen_on(const struct addr *a, unsigned port, unsigned *bound, kube_buf *why)
{
	int fd, one = 1;
	struct sockaddr_storage ss;
	socklen_t sl;
	const char *net = a->family == AF_INET ? "tcp4" : "tcp6";

	memset(&ss, 0, sizeof(ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		inet_pton(AF_INET, a->text, &s4->sin_addr);
		sl = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		inet_pton(AF_INET6, a->text, &s6->sin6_addr);
		sl = sizeof(*s6);
	}
	if ((fd = socket(a->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0) {
		kube_buf_printf(why, "unable to create listener: Error socket: %s",
				strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (a->family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0 || listen(fd, 128) < 0) {
		int e = errno;
		const char *op = "bind";
		char *t = strerror(e);

		kube_buf_printf(why,
				"unable to create listener: Error listen %s %s%s%s:%u: %s: ", net,
				a->family == AF_INET6 ? "[" : "", a->text,
				a->family == AF_INET6 ? "]" : "", port, op);
		/* Go's syscall error texts are lower case */
		kube_buf_putc(why, (char)(*t >= 'A' && *t <= 'Z' ? *t - 'A' + 'a' : *t));
		kube_buf_puts(why, t + 1);
		close(fd);
		return -1;
	}
	sl = sizeof(ss);
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	*bound = ntohs(a->family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
					    : ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

static int listen_all(struct fwd *f, kube_err *err)
{
	struct addr *addrs = NULL;
	size_t na = 0, i, j;
	bool any = false;
	int rc;

	if ((rc = parse_addresses(&addrs, &na, f->o, err)) < 0)
		return rc;
	if (!(f->ls = calloc(na * f->nports + 1, sizeof(*f->ls)))) {
		free(addrs);
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	for (i = 0; i < f->nports; i++) {
		struct fwd_port *p = &f->ports[i];
		kube_buf errs = KUBE_BUF_INIT;
		int fail_all = 0, ok_all = 0, fail_any = 0;

		for (j = 0; j < na; j++) {
			kube_buf why = KUBE_BUF_INIT;
			unsigned bound = 0;
			int fd = listen_on(&addrs[j], p->local, &bound, &why);

			if (fd < 0) {
				kube_buf_printf(&errs, "%s%s", errs.len ? " " : "", why.ptr);
				if (addrs[j].all)
					fail_all++;
				else
					fail_any++;
				kube_buf_release(&why);
				continue;
			}
			kube_buf_release(&why);
			if (addrs[j].all)
				ok_all++;
			p->local = bound;
			f->ls[f->nls].fd = fd;
			f->ls[f->nls++].port = i;
			notice(f->o, true, "Forwarding from %s%s%s:%u -> %u",
			       addrs[j].family == AF_INET6 ? "[" : "", addrs[j].text,
			       addrs[j].family == AF_INET6 ? "]" : "", bound, p->remote);
		}
		if ((ok_all == 0 && fail_all > 0) || fail_any > 0)
			notice(f->o, false,
			       "Unable to listen on port %u: Listeners failed to create "
			       "with the following errors: [%s]",
			       p->local, errs.ptr);
		else
			any = true;
		kube_buf_release(&errs);
	}
	free(addrs);
	if (!any) {
		kube_buf m = KUBE_BUF_INIT;

		kube_buf_puts(&m, "unable to listen on any of the requested ports: [");
		for (i = 0; i < f->nports; i++)
			kube_buf_printf(&m, "%s{%u %u}", i ? " " : "", f->ports[i].local,
					f->ports[i].remote);
		kube_buf_putc(&m, ']');
		rc = kube_err_set(err, KUBE_ERROR, "%s", m.ptr);
		kube_buf_release(&m);
		return rc;
	}
	return 0;
}

/* Queue SPDY bytes as one tunnel message (client-go writes each framer write as a message). */
static void tunnel(struct fwd *f, const kube_buf *b)
{
	if (b->len)
		ws_send_binary(&f->ws, b->ptr, b->len);
	if (b->failed)
		f->ws.out.failed = true;
}

static void open_stream(struct fwd *f, struct fwd_conn *c, bool data)
{
	kube_buf b = KUBE_BUF_INIT;
	char port[16], req[16];
	const char *h[6] = {"streamtype", data ? "data" : "error", "port", port, "requestid", req};

	snprintf(port, sizeof(port), "%u", c->remote);
	snprintf(req, sizeof(req), "%d", c->request_id);
	if (data)
		c->data_id = f->next_id;
	else
		c->err_id = f->next_id;
	f->next_id += 2;
	spdy_syn_stream(&b, &f->z, data ? c->data_id : c->err_id, h, 3, 0);
	tunnel(f, &b);
	kube_buf_release(&b);
}

static void send_data(struct fwd *f, uint32_t id, unsigned flags, const void *p, size_t n)
{
	kube_buf b = KUBE_BUF_INIT;

	spdy_data(&b, id, flags, p, n);
	tunnel(f, &b);
	kube_buf_release(&b);
}

static void send_rst(struct fwd *f, uint32_t id)
{
	kube_buf b = KUBE_BUF_INIT;

	spdy_rst_stream(&b, id, SPDY_RST_CANCEL);
	tunnel(f, &b);
	kube_buf_release(&b);
}

static struct fwd_conn *by_stream(struct fwd *f, uint32_t id, bool *is_data)
{
	size_t i;

	for (i = 0; i < f->nc; i++) {
		if (f->c[i]->err_id == id) {
			*is_data = false;
			return f->c[i];
		}
		if (f->c[i]->data_id == id && id) {
			*is_data = true;
			return f->c[i];
		}
	}
	return NULL;
}

static void on_frame(struct fwd *f, const struct spdy_frame *fr)
{
	struct fwd_conn *c;
	bool is_data = false;

	if (!fr->control) {
		if (!(c = by_stream(f, fr->stream_id, &is_data)))
			return;
		if (is_data) {
			if (!c->remote_done && fr->len)
				kube_buf_put(&c->to_local, fr->data, fr->len);
			if (fr->flags & SPDY_FLAG_FIN)
				c->remote_done = true;
		} else {
			kube_buf_put(&c->errmsg, fr->data, fr->len);
			if (fr->flags & SPDY_FLAG_FIN)
				c->err_done = true;
		}
		return;
	}
	switch (fr->type) {
	case SPDY_SYN_REPLY:
		if (!(c = by_stream(f, fr->stream_id, &is_data)))
			return;
		if (!is_data && c->state == WAIT_ERROR_REPLY) {
			/* "we're not writing to this stream" */
			send_data(f, c->err_id, SPDY_FLAG_FIN, NULL, 0);
			open_stream(f, c, true);
			c->state = WAIT_DATA_REPLY;
		} else if (is_data && c->state == WAIT_DATA_REPLY) {
			c->state = OPEN;
		}
		if (fr->flags & SPDY_FLAG_FIN) {
			if (is_data)
				c->remote_done = true;
			else
				c->err_done = true;
		}
		return;
	case SPDY_RST_STREAM:
		if (!(c = by_stream(f, fr->stream_id, &is_data)))
			return;
		if (c->state == WAIT_ERROR_REPLY || (is_data && c->state == WAIT_DATA_REPLY)) {
			/* the stream was refused before its reply */
			log_conn(f,
				 is_data ? "Error creating forwarding stream"
					 : "Error creating error stream",
				 "stream reset", c);
			c->state = CLOSING;
			c->remote_done = c->err_done = c->reset_sent = true;
			return;
		}
		if (is_data)
			c->remote_done = true;
		else
			c->err_done = true;
		return;
	case SPDY_PING:
		if (!(fr->value & 1)) {
			kube_buf b = KUBE_BUF_INIT;

			spdy_ping(&b, fr->value);
			tunnel(f, &b);
			kube_buf_release(&b);
		}
		return;
	default:
		return; /* SETTINGS, HEADERS, WINDOW_UPDATE, GOAWAY: nothing to do */
	}
}

static int on_message(void *payload, int opcode, const unsigned char *data, size_t len,
		      kube_err *err)
{
	struct fwd *f = payload;
	struct spdy_frame fr;
	long n;

	(void)opcode;
	kube_buf_put(&f->in, data, len);
	if (f->in.failed)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	while ((n = spdy_parse((const unsigned char *)f->in.ptr + f->in_off, f->in.len - f->in_off,
			       &fr)) > 0) {
		on_frame(f, &fr);
		f->in_off += (size_t)n;
	}
	if (n < 0)
		return kube_err_set(err, KUBE_EDECODE, "invalid SPDY frame");
	if (f->in_off == f->in.len) {
		kube_buf_truncate(&f->in, 0);
		f->in_off = 0;
	} else if (f->in_off > 65536) {
		memmove(f->in.ptr, f->in.ptr + f->in_off, f->in.len - f->in_off);
		kube_buf_truncate(&f->in, f->in.len - f->in_off);
		f->in_off = 0;
	}
	return 0;
}

static void accept_conn(struct fwd *f, const struct listener *l)
{
	struct fwd_conn *c, **v;
	int fd, one = 1;

	while ((fd = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (!(c = calloc(1, sizeof(*c))) ||
		    !(v = realloc(f->c, (f->nc + 1) * sizeof(*v)))) {
			free(c);
			close(fd);
			return;
		}
		f->c = v;
		c->fd = fd;
		c->local = f->ports[l->port].local;
		c->remote = f->ports[l->port].remote;
		c->to_local = (kube_buf)KUBE_BUF_INIT;
		c->errmsg = (kube_buf)KUBE_BUF_INIT;
		c->errmsg.max = (size_t)1 << 20;
		f->c[f->nc++] = c;
		notice(f->o, true, "Handling connection for %u", c->local);
		c->request_id = f->next_request++;
		open_stream(f, c, false);
		c->state = WAIT_ERROR_REPLY;
	}
}

static void close_conn(struct fwd *f, size_t i)
{
	struct fwd_conn *c = f->c[i];

	close(c->fd);
	kube_buf_release(&c->to_local);
	kube_buf_release(&c->errmsg);
	free(c);
	f->c[i] = f->c[--f->nc];
}

/* Local I/O and the end of a connection (handleConnection's second half). */
static void service_conn(struct fwd *f, size_t i, short revents)
{
	struct fwd_conn *c = f->c[i];

	/* pod -> local */
	while (c->to_local_off < c->to_local.len && !c->local_error) {
		ssize_t w = send(c->fd, c->to_local.ptr + c->to_local_off,
				 c->to_local.len - c->to_local_off, MSG_NOSIGNAL);

		if (w < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			log_conn(f, "Error copying from remote stream to local connection",
				 strerror(errno), c);
			c->local_error = true;
			break;
		}
		c->to_local_off += (size_t)w;
	}
	if (c->to_local_off == c->to_local.len && c->to_local_off) {
		kube_buf_truncate(&c->to_local, 0);
		c->to_local_off = 0;
	}
	/* local -> pod */
	if (c->state == OPEN && !c->local_eof && !c->local_error &&
	    (revents & (POLLIN | POLLHUP | POLLERR))) {
		char buf[LOCAL_CHUNK];
		ssize_t n = recv(c->fd, buf, sizeof(buf), 0);

		if (n > 0) {
			send_data(f, c->data_id, 0, buf, (size_t)n);
		} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			/* inform the server we're not sending any more data */
			send_data(f, c->data_id, SPDY_FLAG_FIN, NULL, 0);
			c->local_eof = true;
			if (n < 0) {
				c->local_error = true;
				log_conn(f, "Error copying from local connection to remote stream",
					 strerror(errno), c);
			}
		}
	}
	/* remote copy done (all written), or a local error: reset the data stream */
	if ((c->state == OPEN || c->state == CLOSING) && !c->reset_sent &&
	    ((c->remote_done && !c->to_local.len) || c->local_error)) {
		send_rst(f, c->data_id);
		c->reset_sent = true;
		c->state = CLOSING;
	}
	if (c->state == CLOSING && c->err_done) {
		if (c->errmsg.len) {
			log_conn(f, "An error occurred forwarding", c->errmsg.ptr, c);
			f->lost = true; /* client-go closes the whole connection */
		}
		close_conn(f, i);
	}
}

int kube_portforward(const kube_client_opts *conn, const kube_portforward_opts *o, kube_err *err)
{
	static const char *const protocols[] = {KUBE_PORTFORWARD_TUNNEL, NULL};
	struct fwd f;
	kube_buf path = KUBE_BUF_INIT;
	kube_upgrade_request req;
	kube_err uerr = KUBE_ERR_INIT;
	struct pollfd *pf = NULL;
	size_t i, cap = 0;
	int rc;

	memset(&f, 0, sizeof(f));
	f.o = o;
	f.in = (kube_buf)KUBE_BUF_INIT;
	f.next_id = 1;
	f.ping_id = 1;
	{
		/* NewOnAddresses checks the addresses and ports before anything is dialed */
		struct addr *a = NULL;

		rc = parse_addresses(&a, &i, o, err);
		free(a);
		if (rc < 0)
			goto out;
	}
	if ((rc = parse_ports(&f, err)) < 0)
		goto out;
	kube_buf_puts(&path, "/api/v1/namespaces/");
	kube_buf_put_pathseg(&path, o->namespace);
	kube_buf_puts(&path, "/pods/");
	kube_buf_put_pathseg(&path, o->pod);
	kube_buf_puts(&path, "/portforward");
	if ((rc = kube_buf_check(&path, err)) < 0)
		goto out;
	memset(&req, 0, sizeof(req));
	req.path = path.ptr;
	req.protocols = protocols;
	if ((rc = ws_open(&f.ws, conn, &req, &uerr)) < 0) {
		if (uerr.http_status) {
			stream_upgrade_refused(conn, &req, &uerr);
			rc = kube_err_set(err, KUBE_ERROR,
					  "error upgrading connection: unable to "
					  "upgrade connection: %s",
					  uerr.message ? uerr.message : "");
		} else {
			rc = kube_err_set(err, KUBE_ERROR, "error upgrading connection: %s",
					  uerr.message ? uerr.message : "");
		}
		goto out;
	}
	/* client-go's tunnel has no WebSocket heartbeat; SPDY pings keep it alive */
	f.ws.heartbeat = false;
	f.last_ping = stream_now_ms();
	if ((rc = listen_all(&f, err)) < 0)
		goto out;
	for (;;) {
		size_t npf = 0, base, k;
		int wait = 1000;
		bool ws_read = true;
		int64_t now;

		if ((rc = ws_flush(&f.ws, err)) < 0)
			break;
		for (k = 0; k < f.nc; k++)
			if (f.c[k]->to_local.len - f.c[k]->to_local_off > TO_LOCAL_HIGH)
				ws_read = false;
		if (ws_read && (rc = ws_pump(&f.ws, on_message, &f, err)) < 0)
			break;
		for (k = f.nc; k-- > 0;)
			service_conn(&f, k, 0);
		if ((rc = ws_flush(&f.ws, err)) < 0)
			break;
		if (ws_done(&f.ws) || f.lost) {
			rc = kube_err_set(err, KUBE_ERROR, "lost connection to pod");
			break;
		}
		if (o->cancel && *o->cancel) {
			rc = 0;
			break;
		}
		now = stream_now_ms();
		if (now - f.last_ping >= SPDY_PING_PERIOD_MS) {
			kube_buf b = KUBE_BUF_INIT;

			spdy_ping(&b, f.ping_id);
			f.ping_id += 2;
			tunnel(&f, &b);
			kube_buf_release(&b);
			f.last_ping = now;
		}
		if (cap < 1 + f.nls + f.nc) {
			struct pollfd *n = realloc(pf, (1 + f.nls + f.nc) * 2 * sizeof(*n));

			if (!n) {
				rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
				break;
			}
			pf = n;
			cap = (1 + f.nls + f.nc) * 2;
		}
		pf[npf].fd = kube_upgrade_fd(f.ws.u);
		pf[npf].events =
		    (short)((ws_read ? POLLIN : 0) | (ws_pending(&f.ws) ? POLLOUT : 0));
		pf[npf++].revents = 0;
		for (k = 0; k < f.nls; k++) {
			pf[npf].fd = f.ls[k].fd;
			pf[npf].events = POLLIN;
			pf[npf++].revents = 0;
		}
		base = npf;
		for (k = 0; k < f.nc; k++) {
			struct fwd_conn *c = f.c[k];
			short ev = 0;

			if (c->state == OPEN && !c->local_eof && !c->local_error &&
			    ws_pending(&f.ws) < WS_OUT_HIGH)
				ev |= POLLIN;
			if (c->to_local.len > c->to_local_off && !c->local_error)
				ev |= POLLOUT;
			pf[npf].fd = c->fd;
			pf[npf].events = ev;
			pf[npf++].revents = 0;
		}
		if (ws_read && !f.ws.drained)
			wait = 0;
		if (poll(pf, (nfds_t)npf, wait) < 0 && errno != EINTR) {
			rc = kube_err_set(err, KUBE_EIO, "poll: %s", strerror(errno));
			break;
		}
		for (k = 0; k < f.nls; k++)
			if (pf[1 + k].revents & POLLIN)
				accept_conn(&f, &f.ls[k]);
		/* connections accepted just now are after base + the polled ones */
		for (k = npf - base; k-- > 0;)
			if (k < f.nc && pf[base + k].revents)
				service_conn(&f, k, pf[base + k].revents);
	}
out:
	if (f.ws.u) {
		/* spdystream's Close: GOAWAY, then the tunnel goes */
		kube_buf b = KUBE_BUF_INIT;

		spdy_goaway(&b, 0, 0);
		tunnel(&f, &b);
		kube_buf_release(&b);
		ws_send_close(&f.ws, KUBE_WS_CLOSE_NORMAL);
		ws_flush(&f.ws, NULL);
	}
	for (i = 0; i < f.nc; i++) {
		close(f.c[i]->fd);
		kube_buf_release(&f.c[i]->to_local);
		kube_buf_release(&f.c[i]->errmsg);
		free(f.c[i]);
	}
	free(f.c);
	for (i = 0; i < f.nls; i++)
		close(f.ls[i].fd);
	free(f.ls);
	free(f.ports);
	free(pf);
	ws_release(&f.ws);
	kube_buf_release(&f.in);
	kube_buf_release(&path);
	kube_err_clear(&uerr);
	return rc;
}
