/* kubectl run -i/-t/--attach/--rm once the pod exists: wait for it, show its log so far, attach,
 * wait for its exit code, delete it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stream-internal.h"
#include "banned.h"

#define notice(o, to_stdout, ...)                                                                 \
	stream_notice((o)->notice, (o)->notice_payload, to_stdout, __VA_ARGS__)

static void pod_path(kube_buf *b, const char *ns, const char *name)
{
	kube_buf_puts(b, "/api/v1/namespaces/");
	kube_buf_put_pathseg(b, ns);
	kube_buf_puts(b, "/pods");
	if (name) {
		kube_buf_putc(b, '/');
		kube_buf_put_pathseg(b, name);
	}
}

static int get_pod(kube_obj **out, kube_client *c, const char *ns, const char *name, kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT;
	kube_response resp = KUBE_RESPONSE_INIT;
	kube_request req;
	int rc;

	*out = NULL;
	pod_path(&path, ns, name);
	memset(&req, 0, sizeof(req));
	req.path = path.ptr;
	req.resource = "pods";
	req.name = name;
	if ((rc = kube_client_do(c, &req, &resp, err)) == 0)
		rc = kube_obj_parse_json(out, resp.body.ptr, resp.body.len, err);
	kube_response_release(&resp);
	kube_buf_release(&path);
	return rc;
}

/* The conditions of kubectl run's waits: 1 done, 0 not yet, < 0 error. */
enum cond { RUNNING_AND_READY, COMPLETED, SUCCEEDED };

#define POD_COMPLETED 1 /* podRunningAndReady's ErrPodCompleted: done, with the pod finished */

static int check(enum cond cond, const char *type, const kube_obj *pod, int *completed,
		 kube_err *err)
{
	const char *phase = kube_pod_phase(pod);
	const kube_obj *conds;
	size_t i;

	if (type && !strcmp(type, "DELETED"))
		return kube_err_set(err, KUBE_ENOTFOUND, "pods \"\" not found");
	switch (cond) {
	case RUNNING_AND_READY:
		if (!strcmp(phase, "Failed") || !strcmp(phase, "Succeeded")) {
			*completed = POD_COMPLETED;
			return 1;
		}
		if (strcmp(phase, "Running"))
			return 0;
		conds = kube_obj_path(pod, "status", "conditions", NULL);
		for (i = 0; conds && i < kube_obj_len(conds); i++) {
			const char *t = kube_obj_path_str(kube_obj_at(conds, i), "type", NULL);
			const char *s = kube_obj_path_str(kube_obj_at(conds, i), "status", NULL);

			if (t && s && !strcmp(t, "Ready") && !strcmp(s, "True"))
				return 1;
		}
		return 0;
	case COMPLETED:
		return !strcmp(phase, "Failed") || !strcmp(phase, "Succeeded");
	case SUCCEEDED:
		return !strcmp(phase, "Succeeded") || !strcmp(phase, "Failed");
	}
	return 0;
}

struct watch {
	enum cond cond;
	kube_buf line;
	kube_obj *pod; /* the pod that satisfied the condition */
	int completed;
	int result; /* 1 done, < 0 error */
	kube_err err;
};

static int on_event(const char *data, size_t len, void *payload, kube_err *err)
{
	struct watch *w = payload;
	char *nl;

	kube_buf_put(&w->line, data, len);
	if (kube_buf_check(&w->line, err) < 0)
		return KUBE_ENOMEM;
	while ((nl = memchr(w->line.ptr, '\n', w->line.len))) {
		kube_obj *ev = NULL;
		size_t n = (size_t)(nl - w->line.ptr) + 1;
		int r = 0;

		if (kube_obj_parse_json(&ev, w->line.ptr, n - 1, NULL) == 0) {
			const char *type = kube_obj_path_str(ev, "type", NULL);
			const kube_obj *obj = kube_obj_get(ev, "object");

			if (type && strcmp(type, "BOOKMARK") && strcmp(type, "ERROR") && obj) {
				r = check(w->cond, type, obj, &w->completed, &w->err);
				if (r > 0)
					w->pod = kube_obj_detach(ev, "object");
			}
		}
		kube_obj_free(ev);
		memmove(w->line.ptr, w->line.ptr + n, w->line.len - n);
		kube_buf_truncate(&w->line, w->line.len - n);
		if (r != 0) {
			w->result = r;
			return kube_err_set(err, KUBE_ECANCELED, "done");
		}
	}
	return 0;
}

/* waitForPod: until cond holds for the pod (list, then watch from there), or the timeout. */
static int wait_pod(kube_obj **out, int *completed, kube_client *c, const char *ns,
		    const char *name, int64_t timeout_ms, enum cond cond,
		    const volatile int *cancel, kube_err *err)
{
	int64_t deadline = stream_now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	kube_obj *pod = NULL;
	int rc;

	*out = NULL;
	*completed = 0;
	for (;;) {
		kube_buf path = KUBE_BUF_INIT, sel = KUBE_BUF_INIT;
		kube_response resp = KUBE_RESPONSE_INIT;
		kube_request req;
		kube_param p[3];
		struct watch w;
		kube_err e = KUBE_ERR_INIT;
		int64_t left;

		if ((rc = get_pod(&pod, c, ns, name, err)) < 0)
			return rc;
		if ((rc = check(cond, NULL, pod, completed, err)) != 0) {
			if (rc < 0) {
				kube_obj_free(pod);
				return rc;
			}
			*out = pod;
			return 0;
		}
		left = deadline - stream_now_ms();
		if (timeout_ms > 0 && left <= 0) {
			kube_obj_free(pod);
			return kube_err_set(err, KUBE_ERROR, "timed out waiting for the condition");
		}
		if (cancel && *cancel) {
			kube_obj_free(pod);
			return kube_err_set(err, KUBE_ECANCELED, "canceled");
		}
		memset(&w, 0, sizeof(w));
		w.cond = cond;
		w.line = (kube_buf)KUBE_BUF_INIT;
		w.err = (kube_err)KUBE_ERR_INIT;
		kube_buf_printf(&sel, "metadata.name=%s", name);
		p[0] = (kube_param){"fieldSelector", sel.ptr};
		p[1] =
		    (kube_param){"resourceVersion",
				 kube_obj_path_str(pod, "metadata", "resourceVersion", NULL)
				     ? kube_obj_path_str(pod, "metadata", "resourceVersion", NULL)
				     : ""};
		p[2] = (kube_param){"watch", "true"};
		pod_path(&path, ns, NULL);
		memset(&req, 0, sizeof(req));
		req.path = path.ptr;
		req.params = p;
		req.nparams = 3;
		req.data_fn = on_event;
		req.data_payload = &w;
		req.timeout_ms = timeout_ms > 0 ? left : -1;
		req.no_timeout_param = true;
		req.resource = "pods";
		rc = kube_client_do(c, &req, &resp, &e);
		kube_response_release(&resp);
		kube_buf_release(&path);
		kube_buf_release(&sel);
		kube_buf_release(&w.line);
		kube_obj_free(pod);
		pod = NULL;
		if (w.result > 0) {
			kube_err_clear(&e);
			*completed = w.completed;
			*out = w.pod;
			return 0;
		}
		kube_obj_free(w.pod);
		if (w.result < 0) {
			kube_err_clear(&e);
			kube_err_move(err, &w.err);
			return w.result;
		}
		kube_err_clear(&w.err);
		if (rc < 0 && e.code != KUBE_ETRANSPORT && e.code != KUBE_ERROR) {
			kube_err_move(err, &e);
			return rc;
		}
		kube_err_clear(&e);
		/* the watch ended (server timeout, our deadline): look again */
	}
}

struct out_fd {
	int fd;
};

static int to_fd(const char *data, size_t len, void *payload, kube_err *err)
{
	struct out_fd *o = payload;

	if (stream_write_all(o->fd, data, len, NULL) < 0)
		return kube_err_set(err, KUBE_EIO, "write error");
	return 0;
}

/* The container's log (since a time, or all of it) to out_fd, as logs.DefaultConsumeRequest. */
static int print_log(kube_client *c, const char *ns, const char *pod, const char *container,
		     const char *since, int fd, kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT;
	kube_response resp = KUBE_RESPONSE_INIT;
	kube_param p[2] = {{"container", container}, {"sinceTime", since}};
	kube_request req;
	struct out_fd o = {fd};
	int rc;

	pod_path(&path, ns, pod);
	kube_buf_puts(&path, "/log");
	memset(&req, 0, sizeof(req));
	req.path = path.ptr;
	req.params = p;
	req.nparams = since ? 2 : 1;
	req.accept = "application/json, */*";
	req.data_fn = to_fd;
	req.data_payload = &o;
	req.resource = "pods";
	req.name = pod;
	rc = kube_client_do(c, &req, &resp, err);
	kube_response_release(&resp);
	kube_buf_release(&path);
	return rc;
}

/* removeCreatedObjects: the builder's GET, then DELETE (background propagation). */
static void remove_pod(kube_client *c, const kube_run_attach_opts *o)
{
	static const char body[] = "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\","
				   "\"propagationPolicy\":\"Background\"}";
	kube_obj *pod = NULL;
	kube_buf path = KUBE_BUF_INIT;
	kube_response resp = KUBE_RESPONSE_INIT;
	kube_request req;
	kube_err e = KUBE_ERR_INIT;

	if (get_pod(&pod, c, o->namespace, o->pod, &e) < 0)
		goto out;
	pod_path(&path, o->namespace, o->pod);
	memset(&req, 0, sizeof(req));
	req.method = "DELETE";
	req.path = path.ptr;
	req.body = body;
	req.body_len = sizeof(body) - 1;
	req.resource = "pods";
	req.name = o->pod;
	if (kube_client_do(c, &req, &resp, &e) == 0)
		notice(o, true, "pod \"%s\" deleted from %s namespace", o->pod, o->namespace);
out:
	kube_obj_free(pod);
	kube_response_release(&resp);
	kube_buf_release(&path);
	kube_err_clear(&e);
}

int kube_run_attach(kube_exec_result *res, kube_client *c, const kube_client_opts *conn,
		    const kube_run_attach_opts *o, kube_err *err)
{
	kube_obj *pod = NULL, *done = NULL;
	const char *container = NULL, *phase;
	bool defaulted = false;
	int completed = 0, rc;

	if ((rc = wait_pod(&pod, &completed, c, o->namespace, o->pod, o->timeout_ms,
			   RUNNING_AND_READY, o->cancel, err)) < 0)
		goto out;
	if ((rc = kube_pod_container(&container, &defaulted, pod, NULL, err)) < 0)
		goto out;
	if (completed) {
		/* a pod that already finished: its log is all there is */
		if ((rc = print_log(c, o->namespace, o->pod, container, NULL, o->out_fd, err)) < 0)
			goto out;
	} else {
		kube_exec_cmd_opts eo;
		kube_err aerr = KUBE_ERR_INIT;
		char since[32];
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		strftime(since, sizeof(since), "%Y-%m-%dT%H:%M:%SZ", &tm);
		/* what the container wrote before the attach could see it */
		if ((rc = print_log(c, o->namespace, o->pod, container, NULL, o->out_fd, err)) < 0)
			goto out;
		memset(&eo, 0, sizeof(eo));
		eo.namespace = o->namespace;
		eo.pod = pod;
		eo.attach = true;
		eo.stdin_ = o->stdin_;
		eo.tty = o->tty;
		eo.quiet = o->quiet;
		eo.pod_timeout_ms = o->timeout_ms;
		eo.command_name = o->command_name;
		eo.in_fd = o->in_fd;
		eo.out_fd = o->out_fd;
		eo.err_fd = o->err_fd;
		eo.notice = o->notice;
		eo.notice_payload = o->notice_payload;
		eo.cancel = o->cancel;
		rc = kube_exec_run(res, c, NULL, conn, &eo, &aerr);
		if (res->signal) {
			/* kubectl's interrupt handler exits at once: nothing more, no --rm */
			kube_err_move(err, &aerr);
			return rc;
		}
		if (rc < 0 || res->exit_code) {
			kube_buf m = KUBE_BUF_INIT;

			if (rc < 0)
				kube_buf_puts(&m, aerr.message ? aerr.message : "");
			else
				kube_buf_printf(&m, "command terminated with exit code %d",
						res->exit_code);
			notice(o, false,
			       "warning: couldn't attach to pod/%s, falling back to "
			       "streaming logs: %s",
			       o->pod, m.ptr);
			kube_buf_release(&m);
			free(res->stream_error);
			res->stream_error = NULL;
			res->stream_errors = 0;
			res->exit_code = 0;
			rc = print_log(c, o->namespace, o->pod, container, since, o->out_fd, err);
			kube_err_clear(&aerr);
			if (rc < 0)
				goto out;
		}
		kube_err_clear(&aerr);
	}
	if (!o->wait_exit) {
		rc = 0;
		goto out;
	}
	if ((rc = wait_pod(&done, &completed, c, o->namespace, o->pod, o->timeout_ms,
			   o->on_failure ? SUCCEEDED : COMPLETED, o->cancel, err)) < 0)
		goto out;
	phase = kube_pod_phase(done);
	if (!strcmp(phase, "Succeeded")) {
		rc = 0;
	} else if (!strcmp(phase, "Failed")) {
		const kube_obj *t = kube_obj_path(done, "status", "containerStatuses", NULL);
		int64_t code = 0;

		t = kube_obj_path(kube_obj_at(t, 0), "state", "terminated", NULL);
		if (!t || kube_obj_int64(kube_obj_get(t, "exitCode"), &code) < 0 || code == 0) {
			rc =
			    kube_err_set(err, KUBE_ERROR, "pod %s/%s failed with unknown exit code",
					 o->namespace, o->pod);
		} else {
			const char *reason = kube_obj_path_str(t, "reason", NULL);
			const char *msg = kube_obj_path_str(t, "message", NULL);

			rc = kube_err_set(err, KUBE_ERROR, "pod %s/%s terminated (%s)\n%s",
					  o->namespace, o->pod, reason ? reason : "",
					  msg ? msg : "");
			res->exit_code = (int)code;
		}
	} else {
		rc = kube_err_set(err, KUBE_ERROR, "pod %s/%s left in phase %s", o->namespace,
				  o->pod, phase);
	}
out:
	if (o->remove)
		remove_pod(c, o);
	kube_obj_free(pod);
	kube_obj_free(done);
	return rc;
}
