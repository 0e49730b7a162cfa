/* kubectl exec and attach around the session of stream.c: pod lookup, container choice,
 * terminal set-up and kubectl's notices, in kubectl's order. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stream-internal.h"
#include "banned.h"

#define notice(o, to_stdout, ...)                                                                 \
	stream_notice((o)->notice, (o)->notice_payload, to_stdout, __VA_ARGS__)

int kube_exec_run(kube_exec_result *res, kube_client *c, kube_discovery *d,
		  const kube_client_opts *conn, const kube_exec_cmd_opts *o, kube_err *err)
{
	kube_obj *found = NULL;
	const kube_obj *pod = o->pod;
	const char *phase, *container = NULL, *pname, *pns;
	bool defaulted = false, tty = o->tty, raw = false, save = false;
	kube_exec_opts eo;
	int rc;

	if (!pod) {
		kube_pod_query q = {o->namespace,      o->target, o->target_type,
				    o->pod_timeout_ms, false,	  o->target_object};

		if ((rc = kube_pod_find(&found, NULL, NULL, c, d, &q, err)) < 0)
			goto out;
		pod = found;
	}
	phase = kube_pod_phase(pod);
	if (!strcmp(phase, "Succeeded") || !strcmp(phase, "Failed")) {
		rc = kube_err_set(err, KUBE_ERROR,
				  o->attach
				      ? "cannot attach a container in a completed pod; current "
					"phase is %s"
				      : "cannot exec into a container in a completed pod; "
					"current phase is %s",
				  phase);
		goto out;
	}
	if ((rc = kube_pod_container(&container, &defaulted, pod, o->container, err)) < 0) {
		if (o->attach && err) {
			kube_buf m = KUBE_BUF_INIT;

			kube_buf_printf(&m, "cannot attach to the container: %s",
					err->message ? err->message : "");
			rc = kube_err_set(err, KUBE_ERROR, "%s", m.ptr);
			kube_buf_release(&m);
		}
		goto out;
	}
	if (defaulted && !o->quiet) {
		kube_buf all = KUBE_BUF_INIT;

		kube_pod_container_names(&all, pod);
		notice(o, false, "Defaulted container \"%s\" out of: %s", container, all.ptr);
		kube_buf_release(&all);
	}
	if (o->attach) {
		const kube_obj *co = stream_container(pod, container, false);
		bool ctty = kube_obj_bool(kube_obj_get(co, "tty"));

		if (tty && !ctty) {
			tty = false;
			if (!o->quiet)
				notice(o, false,
				       "error: Unable to use a TTY - container %s did not "
				       "allocate one",
				       container);
		} else if (!tty && ctty) {
			tty = true;
		}
	}
	/* kubectl's SetupTTY */
	if (!o->stdin_) {
		tty = false;
	} else if (tty && !kube_term_is_terminal(o->in_fd)) {
		tty = false;
		if (!o->quiet)
			notice(o, false,
			       "Unable to use a TTY - input is not a terminal or the right "
			       "kind of file");
	} else if (tty) {
		raw = true;
	}
	/* t.Safe saves and restores any terminal on stdin, raw or not */
	save = o->stdin_ && !raw && kube_term_is_terminal(o->in_fd);
	if (o->attach && !o->quiet) {
		notice(o, false,
		       "All commands and output from this session will be recorded in "
		       "container logs, including credentials and sensitive information "
		       "passed through the command prompt.");
		notice(o, false, "If you don't see a command prompt, try pressing enter.");
	}
	pname = kube_obj_path_str(pod, "metadata", "name", NULL);
	pns = kube_obj_path_str(pod, "metadata", "namespace", NULL);
	memset(&eo, 0, sizeof(eo));
	eo.namespace = pns ? pns : o->namespace;
	eo.pod = pname ? pname : "";
	eo.container = container;
	eo.command = o->attach ? NULL : o->command;
	eo.ncommand = o->attach ? 0 : o->ncommand;
	eo.attach = o->attach;
	eo.stdin_ = o->stdin_;
	eo.stdout_ = true;
	eo.stderr_ = !raw;
	eo.tty = raw;
	eo.raw = raw;
	eo.save_terminal = save;
	eo.resize_bump = o->attach;
	eo.in_fd = o->stdin_ ? o->in_fd : -1;
	eo.out_fd = o->out_fd;
	eo.err_fd = o->err_fd;
	eo.cancel = o->cancel;
	if ((rc = kube_exec_stream(res, conn, &eo, err)) < 0)
		goto out;
	/* attach's reattach hint: only after a clean session (a remote exit code is an error) */
	if (o->attach && !o->quiet && o->stdin_ && raw && !res->exit_code)
		notice(o, true, "Session ended, resume using '%s %s -c %s -n %s -i -t' command",
		       o->command_name ? o->command_name : "kubectl attach", eo.pod, container,
		       eo.namespace);
out:
	kube_obj_free(found);
	return rc;
}
