/* Streaming subresources: exec, attach, logs, port-forward, and their building blocks.
 *
 *   - RFC 6455 WebSocket framing (kube_ws_*): frames are written into a kube_buf and read
 *     back with an incremental reader; pure functions, no I/O.
 *   - The Kubernetes channel protocol on top (kube_channel_*): "v5.channel.k8s.io" (and v4)
 *     binary messages whose first byte names the stream (0 stdin, 1 stdout, 2 stderr, 3 error
 *     with a metav1.Status, 4 resize with {"Width":w,"Height":h}; v5 adds 255 = close stream).
 *   - Terminals (kube_term_*): raw mode that is restored on every exit path, SIGWINCH.
 *   - Pods (kube_pod_*): TYPE/NAME to a pod as kubectl's AttachablePodForObject does, and
 *     kubectl's container defaulting.
 *   - The operations: kube_exec_stream (exec and attach), kube_logs_* and kube_portforward.
 *
 * Connections are opened with kube_upgrade_open() (include/kube/upgrade.h) from the same
 * kube_client_opts the kube_client was made from. Nothing here prints: messages kubectl writes
 * are handed to callbacks or returned. */
#ifndef KUBE_STREAM_H
#define KUBE_STREAM_H

#include <kube/common.h>
#include <kube/buf.h>
#include <kube/client.h>
#include <kube/discovery.h>
#include <kube/err.h>
#include <kube/obj.h>

KUBE_BEGIN_DECLS

/* ---- WebSocket framing (lib/ops/websocket.c) ---- */

enum kube_ws_opcode {
	KUBE_WS_CONTINUATION = 0,
	KUBE_WS_TEXT = 1,
	KUBE_WS_BINARY = 2,
	KUBE_WS_CLOSE = 8,
	KUBE_WS_PING = 9,
	KUBE_WS_PONG = 10,
};

#define KUBE_WS_CLOSE_NORMAL 1000
#define KUBE_WS_CLOSE_NO_STATUS 1005 /* a close frame without a code */
#define KUBE_WS_CLOSE_ABNORMAL 1006  /* the connection ended without a close frame */

/* Append one frame. A client masks every frame (mask = 4 key bytes); mask NULL writes an
 * unmasked (server) frame. Payload lengths of any size use the 7/16/64-bit length forms. */
KUBE_EXTERN void kube_ws_frame(kube_buf *out, int opcode, bool fin, const void *data, size_t len,
			       const unsigned char *mask);
/* A close frame with a status code and reason (code 0: an empty close frame). */
KUBE_EXTERN void kube_ws_close_frame(kube_buf *out, int code, const char *reason,
				     const unsigned char *mask);
/* Four random masking key bytes. */
KUBE_EXTERN void kube_ws_mask_key(unsigned char mask[4]);
/* gorilla/websocket's CloseError text: "websocket: close 1006 (abnormal closure): unexpected
 * EOF" (the reason after ": " only when not empty). */
KUBE_EXTERN void kube_ws_close_text(kube_buf *out, int code, const char *reason, size_t len);

typedef struct kube_ws_event {
	int opcode;		   /* TEXT or BINARY (a whole message), CLOSE, PING or PONG */
	const unsigned char *data; /* borrowed until the next kube_ws_reader call */
	size_t len;
	int close_code;		  /* CLOSE: the code, KUBE_WS_CLOSE_NO_STATUS without one */
	const char *close_reason; /* CLOSE: the reason (not NUL-terminated), close_reason_len */
	size_t close_reason_len;
} kube_ws_event;

/* Incremental reader: feed bytes as they arrive, take events out. Fragmented messages are
 * reassembled (control frames may arrive between the fragments); a message larger than
 * max_message is an error. */
typedef struct kube_ws_reader {
	kube_buf in; /* bytes not parsed yet (from off) */
	size_t off;
	kube_buf msg;	/* the fragmented message being reassembled */
	int msg_opcode; /* its opcode; 0 when none is open */
	size_t max_message;
	bool server; /* frames from a client: they must be masked (else unmasked) */
	unsigned char ctl[125];
} kube_ws_reader;

/* server: this end is the server (peer frames are masked). max_message 0 = 64 MiB. */
KUBE_EXTERN void kube_ws_reader_init(kube_ws_reader *r, bool server, size_t max_message);
KUBE_EXTERN void kube_ws_reader_release(kube_ws_reader *r);
KUBE_EXTERN int kube_ws_reader_feed(kube_ws_reader *r, const void *data, size_t len, kube_err *err);
/* 1 and *ev filled, 0 when more input is needed, or KUBE_EDECODE on a protocol error (the
 * message is gorilla's: "websocket: bad opcode 3", "websocket: continuation after final
 * message frame", ...). */
KUBE_EXTERN int kube_ws_reader_next(kube_ws_reader *r, kube_ws_event *ev, kube_err *err);

/* ---- the channel protocol (lib/ops/websocket.c) ---- */

#define KUBE_STREAM_PROTOCOL_V5 "v5.channel.k8s.io"
#define KUBE_STREAM_PROTOCOL_V4 "v4.channel.k8s.io"
#define KUBE_PORTFORWARD_TUNNEL "SPDY/3.1+portforward.k8s.io"

enum kube_channel {
	KUBE_CHANNEL_STDIN = 0,
	KUBE_CHANNEL_STDOUT = 1,
	KUBE_CHANNEL_STDERR = 2,
	KUBE_CHANNEL_ERROR = 3,
	KUBE_CHANNEL_RESIZE = 4,
	KUBE_CHANNEL_CLOSE = 255, /* v5: [255, channel] half-closes a stream */
};

/* A binary message [channel, data...]. */
KUBE_EXTERN void kube_channel_frame(kube_buf *out, int channel, const void *data, size_t len,
				    const unsigned char *mask);
/* The resize message {"Width":w,"Height":h} on channel 4. */
KUBE_EXTERN void kube_channel_resize(kube_buf *out, unsigned width, unsigned height,
				     const unsigned char *mask);
/* v5: the close signal [255, channel] (stdin EOF). */
KUBE_EXTERN void kube_channel_close(kube_buf *out, int channel, const unsigned char *mask);
/* Decode what the error channel carried (client-go's errorDecoderV4): a Success Status gives 0
 * and *exit_code 0; NonZeroExitCode with an ExitCode cause gives 0 and *exit_code N (kubectl
 * prints "command terminated with exit code N" and exits N); any other Failure returns
 * KUBE_ERROR with the Status message; undecodable data KUBE_EDECODE ("error stream protocol
 * error: ..."). */
KUBE_EXTERN int kube_channel_status(int *exit_code, const char *data, size_t len, kube_err *err);

/* ---- terminals (lib/ops/stream-term.c) ---- */

typedef struct kube_term kube_term;

KUBE_EXTERN bool kube_term_is_terminal(int fd);
/* The window size of a terminal; false when fd is none. */
KUBE_EXTERN bool kube_term_get_size(int fd, unsigned *width, unsigned *height);
/* Save the state of the terminal fd and, with raw, put it into raw mode. Until
 * kube_term_close(): SIGWINCH is caught (kube_term_events), and SIGINT, SIGTERM, SIGHUP and
 * SIGQUIT restore the terminal at once (in the handler) and are reported by kube_term_events
 * (kubectl then exits 1). One session at a time per process. */
KUBE_EXTERN int kube_term_open(kube_term **out, int fd, bool raw, kube_err *err);
/* Restore the terminal and the previous signal handlers. NULL is a no-op. */
KUBE_EXTERN void kube_term_close(kube_term *t);
/* A descriptor that becomes readable when a signal arrived. */
KUBE_EXTERN int kube_term_event_fd(const kube_term *t);
/* Take the pending events: returns the termination signal caught (0 if none); *resized is set
 * when the window size changed. */
KUBE_EXTERN int kube_term_events(kube_term *t, bool *resized);

/* ---- pods (lib/ops/stream-pod.c) ---- */

typedef struct kube_pod_query {
	const char *namespace;
	const char *arg;    /* "POD" or "TYPE/NAME" (a bare name is a pod) */
	const char *type;   /* the TYPE of a "TYPE NAME" pair, or NULL */
	int64_t timeout_ms; /* --pod-running-timeout: how long to wait for a first pod */
	bool for_logs;	    /* podutils.ByLogging order instead of the attach order */
	/* the object itself (-f FILE: kubectl's builder uses the manifest as it is): arg and
	 * type are ignored and nothing is fetched for it */
	const kube_obj *object;
} kube_pod_query;

/* Find the pod a command works on, as kubectl's builder + AttachablePodForObject: a pod is
 * fetched; a workload or Service is fetched (*object, may be NULL to not keep it) and the
 * pods of its selector are listed and sorted, the first wins. *npods is the number of pods
 * that matched (kubectl's logs prints "Found N pods, using pod/X" when it is > 1). d may be
 * NULL when arg has no '/' and type is NULL. Errors: the GET's (NotFound...), KUBE_ERROR
 * "cannot attach to *v1.ConfigMap: selector for *v1.ConfigMap not implemented" style,
 * KUBE_ECANCELED/timeout while waiting for a pod. */
KUBE_EXTERN int kube_pod_find(kube_obj **pod, kube_obj **object, size_t *npods, kube_client *c,
			      kube_discovery *d, const kube_pod_query *q, kube_err *err);
/* The pods of a label selector in ByLogging order (logs -l / --all-pods); *out is a List. */
KUBE_EXTERN int kube_pod_list_sorted(kube_obj **out, kube_client *c, const char *ns,
				     const char *selector, bool for_logs, kube_err *err);
/* The label selector of a workload or Service object as a string ("app=web,tier in (a,b)");
 * KUBE_ERROR "selector for *v1.ConfigMap not implemented" for other kinds. */
KUBE_EXTERN int kube_pod_selector(kube_buf *out, const kube_obj *object, kube_err *err);

/* kubectl's container choice (podcmd.FindOrDefaultContainerByName): want when given (else the
 * kubectl.kubernetes.io/default-container annotation, else the first container); *name is
 * borrowed from pod. *defaulted is set when the first container was taken out of several
 * (kubectl prints `Defaulted container "x" out of: x, y`). Errors (KUBE_ERROR): "container x is
 * not valid for pod p out of: a, b", "pod ns/p does not have any containers". */
KUBE_EXTERN int kube_pod_container(const char **name, bool *defaulted, const kube_obj *pod,
				   const char *want, kube_err *err);
/* "a, b, e (ephem), i (init)": containers, then ephemeral, then init containers. */
KUBE_EXTERN void kube_pod_container_names(kube_buf *out, const kube_obj *pod);
/* The phase ("Running"), or "" when absent; borrowed. */
KUBE_EXTERN const char *kube_pod_phase(const kube_obj *pod);

/* ---- exec and attach (lib/ops/stream.c) ---- */

typedef struct kube_exec_opts {
	const char *namespace, *pod, *container;
	const char *const *command; /* exec: the argv (ncommand words); attach: NULL */
	size_t ncommand;
	bool attach;	       /* the attach subresource instead of exec */
	bool stdin_;	       /* send in_fd (stdin=true) */
	bool stdout_, stderr_; /* ask for these streams */
	bool tty;	       /* tty=true: one output stream, resize messages */
	bool raw;	       /* in_fd is a terminal to put into raw mode (with tty) */
	bool save_terminal;    /* in_fd is a terminal read as is: restore it on signals */
	bool resize_bump;      /* attach: send size+1 first, so the remote redraws */
	int in_fd, out_fd, err_fd;
	const volatile int *cancel; /* non-zero: stop (KUBE_ECANCELED) */
} kube_exec_opts;

#define KUBE_EXEC_STREAM_STDOUT 1u
#define KUBE_EXEC_STREAM_STDERR 2u
#define KUBE_EXEC_STREAM_STDIN 4u

typedef struct kube_exec_result {
	int exit_code; /* the remote command's (0 when it succeeded) */
	int signal;    /* a termination signal ended a terminal session (kubectl: exit 1) */
	/* the connection broke: client-go logs one error line with this text for each stream that
	 * was being copied (the KUBE_EXEC_STREAM_* bits of stream_errors); the returned error then
	 * reads "error reading from error stream: <text>". Owned; kube_exec_result_release(). */
	char *stream_error;
	unsigned stream_errors;
	char *protocol; /* the negotiated subprotocol; owned */
	/* out_fd or err_fd was a closed pipe (KUBE_EIO "write: broken pipe"): kubectl dies of
	 * SIGPIPE there, which the caller may do once the terminal is back */
	bool broken_pipe;
} kube_exec_result;

/* Run an exec or attach session over "v5.channel.k8s.io" (v4 offered as fallback) with the
 * credentials of conn. Returns 0 when the session ended normally (res->exit_code is the remote
 * exit code, or 0), or < 0: KUBE_ERROR "unable to upgrade connection: <message>" when the
 * server refused the upgrade, the Status message of a failed command, the stream error above,
 * KUBE_ECANCELED when a signal or the cancel flag stopped it. Terminal modes are restored on
 * every path. res must be zeroed; release it with kube_exec_result_release(). */
KUBE_EXTERN int kube_exec_stream(kube_exec_result *res, const kube_client_opts *conn,
				 const kube_exec_opts *o, kube_err *err);
KUBE_EXTERN void kube_exec_result_release(kube_exec_result *res);

/* ---- the exec and attach commands (lib/ops/stream-exec.c) ---- */

/* A line kubectl prints (without the newline): to stderr unless to_stdout. */
typedef void (*kube_stream_notice_fn)(const char *line, bool to_stdout, void *payload);

typedef struct kube_exec_cmd_opts {
	const char *namespace;
	const char *target;	       /* "POD" or "TYPE/NAME" */
	const char *target_type;       /* attach's "TYPE NAME" form: the TYPE, else NULL */
	const kube_obj *pod;	       /* the pod when already known (run, exec -f): no lookup */
	const kube_obj *target_object; /* exec -f of a workload: its pods are looked for */
	const char *container;	       /* -c, or NULL */
	const char *const *command;    /* exec: the words after "--" */
	size_t ncommand;
	bool attach;
	bool stdin_, tty, quiet;
	int64_t pod_timeout_ms;	  /* --pod-running-timeout */
	const char *command_name; /* attach: "kubectl attach" for the "Session ended" hint */
	int in_fd, out_fd, err_fd;
	kube_stream_notice_fn notice;
	void *notice_payload;
	const volatile int *cancel;
} kube_exec_cmd_opts;

/* kubectl exec / attach after argument checks: find the pod (kube_pod_find), refuse completed
 * pods, choose the container (`Defaulted container "x" out of: x, y`), set the terminal up
 * (`Unable to use a TTY - input is not a terminal or the right kind of file`; attach also
 * matches the container's tty setting and prints its two notices) and run the session
 * (kube_exec_stream). Returns as kube_exec_stream does. c and d are the command's client and
 * discovery (d may be NULL for a plain pod name), conn the options c was made from. */
KUBE_EXTERN int kube_exec_run(kube_exec_result *res, kube_client *c, kube_discovery *d,
			      const kube_client_opts *conn, const kube_exec_cmd_opts *o,
			      kube_err *err);

/* ---- logs (lib/ops/logs.c) ---- */

typedef struct kube_logs_opts {
	const char *namespace;
	const char *target;    /* "POD" or "TYPE/NAME"; NULL with a selector */
	const char *selector;  /* -l */
	const char *container; /* -c or the inline CONTAINER argument */
	bool all_containers, all_pods, follow, previous, timestamps, prefix, ignore_errors;
	bool insecure_skip_tls_verify_backend;
	int64_t tail;		  /* tailLines, -1 = all (the selector default of 10 applied) */
	int64_t since_seconds;	  /* sinceSeconds, 0 = none */
	const char *since_time;	  /* sinceTime, already in kubectl's RFC 3339 form, or NULL */
	int64_t limit_bytes;	  /* 0 = none */
	int64_t max_log_requests; /* --max-log-requests */
	int64_t pod_timeout_ms;
	/* kubectl validates the flags after it found the object: this error (KUBE_ERROR) is
	 * returned once the target resolved, before any log is read */
	const char *validation_error;
	int out_fd;
	kube_stream_notice_fn notice; /* stderr notices ("Found 3 pods, using pod/x", ...) */
	void *notice_payload;
	const volatile int *cancel;
} kube_logs_opts;

/* kubectl logs after argument checks: resolve the target (a pod, the first pod of a workload
 * or Service in logging order, every pod with --all-pods, the pods of a selector), choose the
 * containers, and stream each log to out_fd line by line ("[pod/NAME/CONTAINER] " prefixes
 * with prefix), one after the other, or side by side when following several (at most
 * max_log_requests). Without a pod for a selector the notice is "No resources found in NS
 * namespace." and 0 is returned. Errors are kubectl's: "error from server (NotFound): pods
 * \"x\" not found in namespace \"ns\"" (KUBE_ERROR), the server's for the log requests, and
 * for a broken stream Go's read error; when following, *raw_error (owned, may be NULL) is the
 * error text kubectl also prints alone on a line before its message. c is the command's
 * client, d its discovery (may be NULL for a pod name or a selector), conn c's options. */
KUBE_EXTERN int kube_logs_run(kube_client *c, kube_discovery *d, const kube_client_opts *conn,
			      const kube_logs_opts *o, char **raw_error, kube_err *err);

/* Go's time.Parse(time.RFC3339, s) (RFC3339Nano first) as kubectl's --since-time: on success
 * out gets the value metav1.Time sends ("2006-01-02T15:04:05Z", UTC, whole seconds); else
 * KUBE_EINVAL with Go's message (`parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot
 * parse "x" as "2006"`). */
KUBE_EXTERN int kube_logs_since_time(kube_buf *out, const char *s, kube_err *err);

/* ---- run -i / -t / --attach / --rm (lib/ops/stream-run.c) ---- */

typedef struct kube_run_attach_opts {
	const char *namespace, *pod; /* the pod `run` created (one container) */
	bool stdin_, tty, quiet;
	/* wait for the pod to finish and return its exit code: !--leave-stdin-open and
	 * --restart Never or OnFailure (on_failure: only success ends the wait) */
	bool wait_exit, on_failure;
	bool remove;		  /* --rm: delete the pod at the end */
	int64_t timeout_ms;	  /* --pod-running-timeout */
	const char *command_name; /* "kubectl attach", for the "Session ended" hint */
	int in_fd, out_fd, err_fd;
	kube_stream_notice_fn notice;
	void *notice_payload;
	const volatile int *cancel;
} kube_run_attach_opts;

/* What kubectl run does after creating the pod when it attaches: wait until the pod runs and is
 * ready (a completed pod only has its log printed), print the log written so far, attach
 * (kube_exec_run; if that fails: "warning: couldn't attach to pod/NAME, falling back to
 * streaming logs: ..." and the log since the attach began), then with wait_exit wait for the
 * pod to finish. With remove the pod is deleted last, whatever happened before (unless a signal
 * ended a terminal session), with kubectl's `pod "NAME" deleted from NS namespace` on stdout.
 * Returns 0 (res->exit_code 0), or < 0: a failed pod gives KUBE_ERROR "pod ns/name terminated
 * (Reason)\nMessage" with res->exit_code set to the container's code (kubectl prints the text
 * as is and exits with that code); others are kubectl's ("timed out waiting for the
 * condition", "pod ns/name left in phase X", "pod ns/name failed with unknown exit code"). */
KUBE_EXTERN int kube_run_attach(kube_exec_result *res, kube_client *c, const kube_client_opts *conn,
				const kube_run_attach_opts *o, kube_err *err);

/* ---- port-forward (lib/ops/portforward.c) ---- */

/* kubectl's port arguments for the object that was named (a Service: its ports are mapped to
 * the target ports of pod, by number or name; anything else: named container ports of pod
 * become numbers), with kubectl's UDP checks. *out gets nports "[LOCAL:]REMOTE" strings
 * (one malloc'ed array, free() it). Errors (KUBE_ERROR): "Pod 'p' does not have a named port
 * 'x'", "Service 's' does not have a named port 'x'", "Service s does not have a service port
 * 81", "UDP protocol is not supported for 53", "remote port cannot be empty". */
KUBE_EXTERN int kube_portforward_ports(char ***out, const kube_obj *object, const kube_obj *pod,
				       const char *const *ports, size_t nports, kube_err *err);

/* client-go's error log of one forwarded connection ("An error occurred forwarding", ...). */
typedef void (*kube_portforward_log_fn)(const char *msg, const char *text, unsigned local_port,
					unsigned remote_port, void *payload);

typedef struct kube_portforward_opts {
	const char *namespace, *pod;
	const char *const *addresses; /* --address values: "localhost", IPv4 or IPv6 literals */
	size_t naddresses;
	const char *const *ports; /* "[LOCAL:]REMOTE", LOCAL 0 or empty = any free port */
	size_t nports;
	/* "Forwarding from 127.0.0.1:8080 -> 80" and "Handling connection for 8080" (stdout),
	 * "Unable to listen on port 8080: ..." (stderr) */
	kube_stream_notice_fn notice;
	kube_portforward_log_fn log;
	void *payload;
	const volatile int *cancel; /* non-zero: stop listening and return 0 (SIGINT) */
} kube_portforward_opts;

/* Forward local ports to the pod through one "SPDY/3.1+portforward.k8s.io" WebSocket tunnel
 * (SPDY streams "error" and "data" per local connection, as kubectl 1.37), until the cancel
 * flag is set (0) or the connection is lost (KUBE_ERROR "lost connection to pod"). Errors
 * before that are kubectl's: "error upgrading connection: unable to upgrade connection: ...",
 * "unable to listen on any of the requested ports: [{8080 80}]", "x is not a valid IP",
 * "error parsing local port 'x': strconv.ParseUint: parsing \"x\": invalid syntax". */
KUBE_EXTERN int kube_portforward(const kube_client_opts *conn, const kube_portforward_opts *o,
				 kube_err *err);

KUBE_END_DECLS
#endif
