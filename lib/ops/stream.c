/* exec and attach: one WebSocket session in the channel protocol (v5.channel.k8s.io, v4 as a
 * fallback), copying stdin, stdout, stderr, resize events and the final Status, as client-go's
 * remotecommand websocket executor does. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stream-internal.h"
#include "banned.h"

#define STDIN_CHUNK 32768

void stream_notice(kube_stream_notice_fn fn, void *payload, bool to_stdout, const char *fmt, ...)
{
	kube_buf b = KUBE_BUF_INIT;
	va_list ap;

	if (!fn)
		return;
	va_start(ap, fmt);
	kube_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!b.failed)
		fn(b.ptr, to_stdout, payload);
	kube_buf_release(&b);
}

const kube_obj *stream_container(const kube_obj *pod, const char *name, bool init_first)
{
	static const char *const containers_first[] = {"containers", "initContainers",
						       "ephemeralContainers", NULL};
	static const char *const init_first_[] = {"initContainers", "containers",
						  "ephemeralContainers", NULL};
	const char *const *lists = init_first ? init_first_ : containers_first;
	size_t i, j;

	for (j = 0; lists[j]; j++) {
		const kube_obj *a = kube_obj_path(pod, "spec", lists[j], NULL);

		for (i = 0; a && i < kube_obj_len(a); i++) {
			const char *n = kube_obj_path_str(kube_obj_at(a, i), "name", NULL);

			if (n && !strcmp(n, name))
				return kube_obj_at(a, i);
		}
	}
	return NULL;
}

struct session {
	const kube_exec_opts *o;
	struct ws_conn ws;
	kube_buf status; /* what the error channel carried */
	bool v5;
	int write_error; /* errno of a failed local write */
	bool broken_pipe; /* out_fd or err_fd is a closed pipe */
};

static int on_message(void *payload, int opcode, const unsigned char *data, size_t len,
		      kube_err *err)
{
	struct session *s = payload;
	int fd = -1, r;

	/* client-go: every remote command message is binary; its first byte names the stream */
	if (opcode != KUBE_WS_BINARY || len < 1)
		return 0;
	switch (data[0]) {
	case KUBE_CHANNEL_STDOUT:
		fd = s->o->out_fd;
		break;
	case KUBE_CHANNEL_STDERR:
		fd = s->o->err_fd;
		break;
	case KUBE_CHANNEL_ERROR:
		kube_buf_put(&s->status, data + 1, len - 1);
		return 0;
	default:
		return 0; /* unknown stream ids are discarded */
	}
	if (fd < 0 || len == 1 || s->write_error)
		return 0;
	if ((r = stream_write_all(fd, data + 1, len - 1, NULL)) < 0) {
		/* a closed pipe ends kubectl (Go's SIGPIPE on standard output); other write
		 * errors only stop that copy while the rest drains, as client-go does */
		if (r == -EPIPE) {
			s->broken_pipe = true;
			return kube_err_set(err, KUBE_EIO, "write: broken pipe");
		}
		s->write_error = -r;
	}
	return 0;
}

/* Queue a resize message (masked). */
static void queue_resize(struct session *s, int fd, int bump)
{
	unsigned w, h;
	char json[64];
	int n;

	if (!kube_term_get_size(fd, &w, &h))
		return;
	n = snprintf(json, sizeof(json), "{\"Width\":%u,\"Height\":%u}", w + (unsigned)bump,
		     h + (unsigned)bump);
	ws_send_channel(&s->ws, KUBE_CHANNEL_RESIZE, json, (size_t)n);
}

void stream_upgrade_refused(const kube_client_opts *conn, const kube_upgrade_request *req,
			    kube_err *why)
{
	static const char *const spdy_protocols[] = {
	    KUBE_STREAM_PROTOCOL_V5, KUBE_STREAM_PROTOCOL_V4, "v3.channel.k8s.io",
	    "v2.channel.k8s.io",     "channel.k8s.io",	      NULL};
	static const char *const pf_protocols[] = {"portforward.k8s.io", NULL};
	kube_upgrade_request r = *req;
	kube_upgrade *u = NULL;
	kube_err e = KUBE_ERR_INIT;

	r.spdy = true;
	if (!r.protocols || strcmp(r.protocols[0], KUBE_PORTFORWARD_TUNNEL))
		r.protocols = spdy_protocols;
	else
		r.protocols = pf_protocols;
	if (kube_upgrade_open(&u, conn, &r, &e) < 0 && e.http_status)
		kube_err_move(why, &e);
	kube_upgrade_free(u);
	kube_err_clear(&e);
}

static void add_param(kube_param *ps, size_t *n, const char *k, const char *v)
{
	ps[*n].key = k;
	ps[*n].value = v;
	(*n)++;
}

int kube_exec_stream(kube_exec_result *res, const kube_client_opts *conn, const kube_exec_opts *o,
		     kube_err *err)
{
	static const char *const protocols[] = {KUBE_STREAM_PROTOCOL_V5, KUBE_STREAM_PROTOCOL_V4,
						NULL};
	struct session s;
	kube_term *term = NULL;
	kube_param *ps = NULL;
	kube_buf path = KUBE_BUF_INIT;
	kube_upgrade_request req;
	kube_err uerr = KUBE_ERR_INIT;
	size_t np = 0, i;
	bool stdin_open = o->stdin_ && o->in_fd >= 0;
	struct sigaction pipe_old, pipe_ign;
	int rc;

	memset(&s, 0, sizeof(s));
	s.o = o;
	s.status = (kube_buf)KUBE_BUF_INIT;
	s.status.max = (size_t)1 << 20;
	kube_buf_puts(&path, "/api/v1/namespaces/");
	kube_buf_put_pathseg(&path, o->namespace);
	kube_buf_puts(&path, "/pods/");
	kube_buf_put_pathseg(&path, o->pod);
	kube_buf_puts(&path, o->attach ? "/attach" : "/exec");
	if ((rc = kube_buf_check(&path, err)) < 0)
		goto out;
	if (!(ps = calloc(o->ncommand + 6, sizeof(*ps)))) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; o->command && i < o->ncommand; i++)
		add_param(ps, &np, "command", o->command[i]);
	if (o->container && *o->container)
		add_param(ps, &np, "container", o->container);
	if (o->stderr_)
		add_param(ps, &np, "stderr", "true");
	if (o->stdin_)
		add_param(ps, &np, "stdin", "true");
	if (o->stdout_)
		add_param(ps, &np, "stdout", "true");
	if (o->tty)
		add_param(ps, &np, "tty", "true");
	memset(&req, 0, sizeof(req));
	req.path = path.ptr;
	req.params = ps;
	req.nparams = np;
	req.protocols = protocols;

	/* the terminal first (kubectl's t.Safe wraps the whole connection) */
	if (o->stdin_ && o->in_fd >= 0 && (o->raw || o->save_terminal) &&
	    (rc = kube_term_open(&term, o->in_fd, o->raw, err)) < 0)
		goto out;
	if ((rc = ws_open(&s.ws, conn, &req, &uerr)) < 0) {
		if (uerr.http_status) {
			stream_upgrade_refused(conn, &req, &uerr);
			rc = kube_err_set(err, KUBE_ERROR, "unable to upgrade connection: %s",
					  uerr.message ? uerr.message : "");
		} else {
			kube_err_move(err, &uerr);
		}
		goto out;
	}
	s.v5 = !strcmp(kube_upgrade_protocol(s.ws.u), KUBE_STREAM_PROTOCOL_V5);
	if (!(res->protocol = malloc(strlen(kube_upgrade_protocol(s.ws.u)) + 1))) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(res->protocol, kube_upgrade_protocol(s.ws.u),
	       strlen(kube_upgrade_protocol(s.ws.u)) + 1);
	if (o->tty && term && o->raw) {
		if (o->resize_bump)
			queue_resize(&s, o->in_fd, 1);
		queue_resize(&s, o->in_fd, 0);
	}
	/* a closed socket must not kill us with SIGPIPE while the session runs */
	memset(&pipe_ign, 0, sizeof(pipe_ign));
	pipe_ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &pipe_ign, &pipe_old);
	for (;;) {
		struct pollfd pf[3];
		int npf = 0, wait = -1, in_i = -1, sig = 0;
		bool resized = false;

		if ((rc = ws_flush(&s.ws, err)) < 0)
			break;
		if ((rc = ws_pump(&s.ws, on_message, &s, err)) < 0)
			break;
		if ((rc = ws_flush(&s.ws, err)) < 0)
			break;
		if (ws_done(&s.ws))
			break;
		if ((rc = ws_heartbeat(&s.ws, stream_now_ms(), &wait, err)) < 0)
			break;
		if (o->cancel && *o->cancel) {
			rc = kube_err_set(err, KUBE_ECANCELED, "canceled");
			break;
		}
		pf[npf].fd = kube_upgrade_fd(s.ws.u);
		pf[npf].events = (short)(POLLIN | (ws_pending(&s.ws) ? POLLOUT : 0));
		pf[npf++].revents = 0;
		if (stdin_open && ws_pending(&s.ws) < WS_OUT_HIGH) {
			in_i = npf;
			pf[npf].fd = o->in_fd;
			pf[npf].events = POLLIN;
			pf[npf++].revents = 0;
		}
		if (term) {
			pf[npf].fd = kube_term_event_fd(term);
			pf[npf].events = POLLIN;
			pf[npf++].revents = 0;
		}
		if (!s.ws.drained)
			wait = 0;
		if (poll(pf, (nfds_t)npf, wait) < 0 && errno != EINTR) {
			rc = kube_err_set(err, KUBE_EIO, "poll: %s", strerror(errno));
			break;
		}
		if (term) {
			sig = kube_term_events(term, &resized);
			if (sig) {
				res->signal = sig;
				rc = kube_err_set(err, KUBE_ECANCELED, "interrupted");
				break;
			}
			if (resized && o->tty && o->raw)
				queue_resize(&s, o->in_fd, 0);
		}
		if (in_i >= 0 && pf[in_i].revents) {
			char buf[STDIN_CHUNK];
			ssize_t n = read(o->in_fd, buf, sizeof(buf));

			if (n > 0) {
				ws_send_channel(&s.ws, KUBE_CHANNEL_STDIN, buf, (size_t)n);
			} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
				/* EOF: v5 passes it on; v4 has no way to */
				stdin_open = false;
				if (s.v5) {
					static const unsigned char close_stdin[2] = {
					    KUBE_CHANNEL_CLOSE, KUBE_CHANNEL_STDIN};

					ws_send_binary(&s.ws, close_stdin, sizeof(close_stdin));
				}
			}
		}
	}
	sigaction(SIGPIPE, &pipe_old, NULL);
	if (s.broken_pipe) {
		res->broken_pipe = true;
		goto out;
	}
	if (rc < 0) {
		if (rc == KUBE_ETRANSPORT || rc == KUBE_EDECODE) {
			/* the connection broke under the readers */
			goto broken;
		}
		goto out;
	}
	/* one last flush of the close echo; the server may be gone already */
	ws_flush(&s.ws, NULL);
	if (ws_end_error(&s.ws, err) < 0)
		goto broken;
	if (s.status.failed) {
		rc = kube_buf_check(&s.status, err);
		goto out;
	}
	if (s.status.len) {
		rc = kube_channel_status(&res->exit_code, s.status.ptr, s.status.len, err);
		goto out;
	}
	rc = 0;
	goto out;
broken:
	{
		kube_buf m = KUBE_BUF_INIT;

		kube_buf_printf(&m, "next reader: %s", err && err->message ? err->message : "EOF");
		if (!m.failed && (res->stream_error = malloc(m.len + 1)))
			memcpy(res->stream_error, m.ptr, m.len + 1);
		res->stream_errors = (o->stdout_ ? KUBE_EXEC_STREAM_STDOUT : 0u) |
				     (o->stderr_ && !o->tty ? KUBE_EXEC_STREAM_STDERR : 0u) |
				     (o->stdin_ ? KUBE_EXEC_STREAM_STDIN : 0u);
		rc = kube_err_set(err, KUBE_ERROR, "error reading from error stream: %s",
				  m.failed ? "" : m.ptr);
		kube_buf_release(&m);
	}
out:
	kube_term_close(term);
	ws_release(&s.ws);
	kube_buf_release(&s.status);
	kube_buf_release(&path);
	kube_err_clear(&uerr);
	free(ps);
	return rc;
}

void kube_exec_result_release(kube_exec_result *res)
{
	if (!res)
		return;
	free(res->stream_error);
	free(res->protocol);
	memset(res, 0, sizeof(*res));
}
