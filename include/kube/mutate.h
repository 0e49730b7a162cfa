/* Imperative commands that change the cluster, as library operations: expose, scale, patch,
 * delete, label/annotate, edit, run, and the `create <kind>` generators (secret tls|generic,
 * configmap, deployment, namespace, service clusterip|nodeport|loadbalancer).
 *
 * The shape of every operation: the caller (the CLI) parses its flags into an options struct,
 * builds a kube_mutate_printer for -o, and calls kube_<op>_run() with a kube_mutate_out. The
 * operation visits its objects the way kubectl's resource builder does, sends kubectl's requests
 * (same verbs, bodies, content types, fieldManager and dryRun parameters), writes everything
 * kubectl writes to standard output through out->write, kubectl's own warning lines through
 * out->warn, and collects per-object errors into a kube_errval, aggregated as kubectl does
 * (render them with kube_errval_format()).
 *
 * Objects kubectl builds itself (typed Go structs: generated Services, Pods, Deployments,
 * ConfigMaps, Secrets, Namespaces) keep Go's struct field order; they are printed as JSON in that
 * order. Objects kubectl handles as unstructured maps print with sorted keys. YAML is always
 * sorted, as kubectl's YAML printer does.
 *
 * Errors kubectl reports as usage errors (`See '<command> -h' for help and examples` follows the
 * message) carry err->reason == KUBE_MUTATE_USAGE.
 *
 * Ownership: `kube_obj **out` results belong to the caller (kube_obj_free()); every other pointer
 * parameter is borrowed for the duration of the call. err may be NULL everywhere. */
#ifndef KUBE_MUTATE_H
#define KUBE_MUTATE_H

#include <kube/common.h>
#include <kube/apply.h>
#include <kube/buf.h>
#include <kube/builder.h>
#include <kube/client.h>
#include <kube/discovery.h>
#include <kube/err.h>
#include <kube/manifest.h>
#include <kube/obj.h>

KUBE_BEGIN_DECLS

/* err->reason of errors kubectl prints with its usage hint. */
#define KUBE_MUTATE_USAGE "kubec:UsageError"
/* err->reason of a failure already reported on stderr: exit 1 without a message. */
#define KUBE_MUTATE_EXIT "kubec:Exit"

/* --dry-run values are parsed with kube_dry_run_parse() (include/kube/apply.h). */

/* Go's time.ParseDuration, in milliseconds (truncated). KUBE_EINVAL with Go's message
 * (`time: invalid duration "x"`, `time: missing unit in duration "5"`, `time: unknown unit "x"
 * in duration "5x"`). */
KUBE_EXTERN int kube_mutate_parse_duration(const char *s, int64_t *ms, kube_err *err);

/* ---- output ---- */

typedef struct kube_mutate_printer kube_mutate_printer;

typedef struct kube_mutate_print_opts {
	const char *output;              /* -o; NULL or "" = `kind/name operation` lines */
	const char *template_;           /* --template */
	bool allow_missing_template_keys;
	bool show_managed_fields;
	kube_dry_run dry_run;         /* adds " (dry run)" / " (server dry run)" */
} kube_mutate_print_opts;

/* Print flags of object-printing commands. Returns 0 or KUBE_EINVAL with kubectl's message
 * (`unable to match a printer suitable for the output format "x", allowed formats are: ...`,
 * `template format specified but no template given`, template parse errors). */
KUBE_EXTERN int kube_mutate_printer_new(kube_mutate_printer **out,
					const kube_mutate_print_opts *opts, kube_err *err);
KUBE_EXTERN void kube_mutate_printer_free(kube_mutate_printer *p);
/* Whether objects are printed whole (json, yaml, templates) rather than as name lines. */
KUBE_EXTERN bool kube_mutate_printer_full(const kube_mutate_printer *p);
/* Whether the printer is the name printer of `-o name` (no operation text). */
KUBE_EXTERN bool kube_mutate_printer_name_only(const kube_mutate_printer *p);

/* Print flags for kube_mutate_printer_print(). */
enum {
	KUBE_MUTATE_TYPED = 1u << 0,   /* Go struct order in JSON (else sorted keys) */
	KUBE_MUTATE_NO_SUFFIX = 1u << 1, /* no dry-run suffix after the operation (patch) */
	KUBE_MUTATE_NEW_PRINTER = 1u << 2, /* a fresh printer: no `---` before this document */
};

/* Append obj as the printer prints it: `kind[.group]/name operation[ (dry run)]`, `kind/name`
 * (-o name), or the whole object (YAML documents after the first get a `---` line; managedFields
 * are dropped unless show_managed_fields). Returns 0, KUBE_EINVAL (template execution) or
 * KUBE_ENOMEM. */
KUBE_EXTERN int kube_mutate_printer_print(kube_mutate_printer *p, const kube_obj *obj,
					  const char *operation, unsigned flags, kube_buf *out,
					  kube_err *err);

/* Where an operation writes. write gets standard output text and returns < 0 on a write error;
 * warn gets complete stderr lines kubectl prints itself (may be NULL). */
typedef struct kube_mutate_out {
	kube_mutate_printer *printer;
	/* commands that build their printer only when they print (label, patch: after the
	 * request): with printer NULL, printing fails with this error */
	const kube_err *printer_err;
	int (*write)(const char *p, size_t n, void *payload);
	void (*warn)(const char *line, void *payload);
	void *payload;
} kube_mutate_out;

/* ---- which objects (kubectl's resource builder) ---- */

typedef struct kube_mutate_select {
	const char *namespace;     /* effective namespace; NULL = "default" */
	bool enforce_namespace;    /* -n given: objects from files must be in that namespace */
	bool all_namespaces;       /* -A */
	const char *selector;      /* -l */
	const char *field_selector;
	bool all;                  /* --all */
	const kube_manifest *files; /* -f objects (NULL = none) */
	bool local;                /* objects from files are used as they are (--local) */
} kube_mutate_select;

/* ---- requests ---- */

typedef struct kube_mutate_write_opts {
	const char *field_manager;    /* fieldManager=, NULL = none */
	const char *field_validation; /* fieldValidation= ("Strict"), NULL = none */
	bool dry_run;                 /* dryRun=All */
} kube_mutate_write_opts;

/* POST obj to the collection of r in ns (ignored for cluster-scoped r); *out is the server's
 * answer. */
KUBE_EXTERN int kube_mutate_create(kube_obj **out, kube_client *c, const kube_resource *r,
				   const char *ns, const kube_obj *obj,
				   const kube_mutate_write_opts *o, kube_err *err);
/* PATCH an object (or its subresource when subresource is not NULL) with body of content_type
 * (application/merge-patch+json, ...). */
KUBE_EXTERN int kube_mutate_patch(kube_obj **out, kube_client *c, const kube_resource *r,
				  const char *ns, const char *name, const char *subresource,
				  const char *content_type, const char *body, size_t len,
				  const kube_mutate_write_opts *o, kube_err *err);

/* ---- objects kubectl builds itself ---- */

/* The resource of a kind kubectl's typed clients create: ConfigMap, Secret, Namespace, Service,
 * Deployment, Pod (static data; NULL for other kinds). */
KUBE_EXTERN const kube_resource *kube_mutate_builtin(const char *kind);

/* --save-config on a generated object: set the last-applied-configuration annotation to the
 * object's compact JSON in its member order (without that annotation) and a newline. */
KUBE_EXTERN int kube_mutate_save_config(kube_obj *obj, kube_err *err);

typedef struct kube_mutate_submit_opts {
	const char *namespace;        /* request namespace of namespaced kinds; NULL = "default" */
	kube_dry_run dry_run;
	const char *field_manager;    /* fieldManager= */
	const char *field_validation; /* fieldValidation= ("Strict"), NULL = not sent */
	bool save_config;
} kube_mutate_submit_opts;

/* Create a generated object (obj may get the save-config annotation). With a client dry run
 * nothing is sent and *out is a copy of obj; otherwise *out is the server's answer. */
KUBE_EXTERN int kube_mutate_submit(kube_obj **out, kube_client *c, kube_obj *obj,
				   const kube_mutate_submit_opts *o, kube_err *err);
/* Free an object after overwriting its string values (Secrets built from key files). NULL is a
 * no-op. */
KUBE_EXTERN void kube_mutate_free_secret(kube_obj *o);

/* "Strict", "Warn" or "Ignore" for a --validate value. */
KUBE_EXTERN const char *kube_mutate_validation_directive(kube_validation v);

/* ---- create <kind> generators ----
 * Each builds the object kubectl builds (Go struct order, no creationTimestamp), ready for
 * kube_mutate_create() or printing. namespace, when not NULL, goes into metadata.namespace (kubectl
 * sets it when -n was given). */

typedef struct kube_gen_source_opts {
	const char *const *from_file;     /* [key=]path; path may be a directory */
	size_t nfrom_file;
	const char *const *from_literal;  /* key=value */
	size_t nfrom_literal;
	const char *const *from_env_file;
	size_t nfrom_env_file;
} kube_gen_source_opts;

/* create configmap NAME: data (valid UTF-8) and binaryData, key checks, duplicate keys, env
 * files. append_hash adds kubectl's content hash to the name. Messages are kubectl's. */
KUBE_EXTERN int kube_gen_configmap(kube_obj **out, const char *name, const char *namespace,
				   const kube_gen_source_opts *src, bool append_hash,
				   kube_err *err);
/* create secret generic NAME [--type]: data base64-encoded; type omitted when empty. */
KUBE_EXTERN int kube_gen_secret(kube_obj **out, const char *name, const char *namespace,
				const char *type, const kube_gen_source_opts *src,
				bool append_hash, kube_err *err);
/* create secret tls NAME --cert --key: the pair is checked as Go's tls.X509KeyPair checks it
 * (libcrypto is loaded on first use). The key bytes are wiped from memory after use. */
KUBE_EXTERN int kube_gen_secret_tls(kube_obj **out, const char *name, const char *namespace,
				    const char *cert_path, const char *key_path, bool append_hash,
				    kube_err *err);
/* create secret docker-registry NAME: a kubernetes.io/dockerconfigjson secret holding
 * {"auths":{SERVER:{username,password,email,auth}}}, or the files of from_file. */
KUBE_EXTERN int kube_gen_secret_docker(kube_obj **out, const char *name, const char *namespace,
				       const char *server, const char *username,
				       const char *password, const char *email,
				       const kube_gen_source_opts *src, bool append_hash,
				       kube_err *err);
/* Check a certificate and key the way tls.X509KeyPair does; messages are Go's. */
KUBE_EXTERN int kube_tls_check_pair(const char *cert, size_t cert_len, const char *key,
				    size_t key_len, kube_err *err);

KUBE_EXTERN int kube_gen_namespace(kube_obj **out, const char *name, kube_err *err);

typedef struct kube_gen_deployment_opts {
	const char *const *images;
	size_t nimages;
	int64_t replicas;          /* kubectl's default is 1 */
	int64_t port;              /* < 0: none */
	const char *const *command; /* words after --, NULL when none */
	size_t ncommand;
} kube_gen_deployment_opts;

/* create deployment NAME --image...: `app: NAME` labels, containers named after the images. */
KUBE_EXTERN int kube_gen_deployment(kube_obj **out, const char *name, const char *namespace,
				    const kube_gen_deployment_opts *o, kube_err *err);

typedef struct kube_gen_service_opts {
	const char *type;           /* "ClusterIP", "NodePort", "LoadBalancer", "ExternalName" */
	const char *const *tcp;     /* --tcp port[:targetPort] */
	size_t ntcp;
	const char *cluster_ip;     /* --clusterip */
	int64_t node_port;          /* --node-port (NodePort only), 0 = none */
	const char *external_name;  /* --external-name (ExternalName) */
} kube_gen_service_opts;

/* create service TYPE NAME: selector `app: NAME`, ports named "PORT-TARGET". */
KUBE_EXTERN int kube_gen_service(kube_obj **out, const char *name, const char *namespace,
				 const kube_gen_service_opts *o, kube_err *err);

typedef struct kube_gen_pod_opts {
	const char *image;
	const char *image_pull_policy;
	const char *labels;          /* "k=v,k2=v2"; NULL = run=NAME */
	const char *const *annotations;
	size_t nannotations;
	const char *const *env;      /* K=V */
	size_t nenv;
	const char *port;            /* --port, "" = none */
	const char *restart;         /* Always, OnFailure, Never */
	bool command;                /* args are the command */
	const char *const *args;
	size_t nargs;
	bool stdin_, tty, privileged, leave_stdin_open;
} kube_gen_pod_opts;

/* run NAME --image: the Pod kubectl run generates. */
KUBE_EXTERN int kube_gen_pod(kube_obj **out, const char *name, const char *namespace,
			     const kube_gen_pod_opts *o, kube_err *err);

/* ---- expose ---- */

typedef struct kube_expose_opts {
	kube_mutate_select sel;
	const char *name, *port, *protocol, *target_port, *type, *external_ip, *load_balancer_ip;
	const char *selector, *labels, *session_affinity, *cluster_ip;
	const char *overrides, *override_type;  /* --overrides, --override-type (merge) */
	kube_dry_run dry_run;
	const char *field_manager;   /* NULL = kubectl-expose */
	bool save_config;
} kube_expose_opts;

/* The Service kubectl expose derives from source (a pod, service, replication controller,
 * deployment or replica set, as a JSON object). Returns 0, KUBE_EINVAL with kubectl's messages
 * (some with reason KUBE_MUTATE_USAGE). */
KUBE_EXTERN int kube_expose_service(kube_obj **out, const kube_obj *source,
				    const kube_expose_opts *o, kube_err *err);
/* kubectl expose TYPE NAME | -f FILE. */
KUBE_EXTERN int kube_expose_run(kube_client *c, kube_discovery *d, const kube_expose_opts *o,
				char *const *args, size_t n, const kube_mutate_out *out,
				kube_errval *errs, kube_err *err);

/* ---- scale ---- */

typedef struct kube_scale_opts {
	kube_mutate_select sel;
	int64_t replicas;
	int64_t current_replicas;    /* -1 = no precondition */
	const char *resource_version;
	int64_t timeout_ms;          /* wait for the new size; 0 = do not wait */
	kube_dry_run dry_run;
} kube_scale_opts;

KUBE_EXTERN int kube_scale_run(kube_client *c, kube_discovery *d, const kube_scale_opts *o,
			       char *const *args, size_t n, const kube_mutate_out *out,
			       kube_errval *errs, kube_err *err);

/* ---- patch ---- */

typedef enum {
	KUBE_PATCH_STRATEGIC = 0,
	KUBE_PATCH_MERGE,
	KUBE_PATCH_JSON,
} kube_patch_type;

typedef struct kube_patch_opts {
	kube_mutate_select sel;
	const char *patch;           /* -p or the --patch-file contents (YAML or JSON) */
	kube_patch_type type;
	const char *subresource;
	kube_dry_run dry_run;
	const char *field_manager;   /* NULL = kubectl-patch */
	bool local;
} kube_patch_opts;

/* --type VALUE; KUBE_EINVAL "--type must be one of [json merge strategic], not \"x\"". */
KUBE_EXTERN int kube_patch_type_parse(kube_patch_type *out, const char *s, kube_err *err);
/* Apply an RFC 6902 JSON patch (array of operations) to doc; messages as evanphx/json-patch. */
KUBE_EXTERN int kube_json_patch_apply(kube_obj **out, const kube_obj *doc, const kube_obj *ops,
				      kube_err *err);
/* Turn patch text into the JSON kubectl sends: text starting with '{' or '[' is kept as it is,
 * anything else is read as YAML and converted. Appended to out. */
KUBE_EXTERN int kube_patch_to_json(kube_buf *out, const char *text, kube_err *err);

KUBE_EXTERN int kube_patch_run(kube_client *c, kube_discovery *d, const kube_patch_opts *o,
			       char *const *args, size_t n, const kube_mutate_out *out,
			       kube_errval *errs, kube_err *err);

/* ---- delete ---- */

typedef struct kube_delete_opts {
	kube_mutate_select sel;
	const char *cascade;         /* background (default), orphan, foreground */
	int64_t grace_period;        /* -1 = unset */
	bool now, force, ignore_not_found, ignore_not_found_set, wait;
	int64_t timeout_ms;          /* 0 = a week, as kubectl */
	bool output_name;            /* -o name */
	kube_dry_run dry_run;
	bool interactive;            /* -i: list the objects and ask first */
	/* -i: read the answer; true to go on (kubectl accepts y / yes) */
	bool (*confirm)(void *payload);
	void *confirm_payload;
} kube_delete_opts;

/* Flag checks and defaults kubectl applies before deleting (--now, --grace-period, --force,
 * --cascade, -o); may append kubectl's force warning to warning. */
KUBE_EXTERN int kube_delete_prepare(kube_delete_opts *o, kube_buf *warning, kube_err *err);
KUBE_EXTERN int kube_delete_run(kube_client *c, kube_discovery *d, const kube_delete_opts *o,
				char *const *args, size_t n, const kube_mutate_out *out,
				kube_errval *errs, kube_err *err);

/* ---- label / annotate ---- */

typedef struct kube_label_opts {
	kube_mutate_select sel;
	bool annotate;               /* annotate instead of label */
	bool overwrite, list;
	const char *resource_version;
	kube_dry_run dry_run;
	const char *field_manager;   /* NULL = kubectl-label / kubectl-annotate */
	bool output_set;             /* -o was given (for --list) */
	bool have_files;             /* -f was given */
} kube_label_opts;

/* Split args into resources and KEY=VALUE / KEY- pairs, validate them as kubectl does.
 * *nres receives the number of leading resource arguments. */
KUBE_EXTERN int kube_label_check(const kube_label_opts *o, char *const *args, size_t n,
				 size_t *nres, kube_err *err);
KUBE_EXTERN int kube_label_run(kube_client *c, kube_discovery *d, const kube_label_opts *o,
			       char *const *args, size_t n, const kube_mutate_out *out,
			       kube_errval *errs, kube_err *err);

/* ---- edit ---- */

typedef struct kube_edit_opts {
	kube_mutate_select sel;
	const char *editor;          /* command line of the editor (KUBE_EDITOR, EDITOR, vi) */
	const char *tmpdir;          /* NULL = $TMPDIR or /tmp */
	const char *program;         /* basename of argv[0], for the temp file name */
	const char *output;          /* "json" edits JSON, anything else YAML */
	bool output_patch;
	bool windows_line_endings;
	const char *subresource;
	const char *field_manager;   /* NULL = kubectl-edit */
	const char *validate;        /* fieldValidation: Strict (default), Warn, Ignore */
	bool show_managed_fields;    /* keep metadata.managedFields in the file */
	const char *cache_dir;       /* OpenAPI cache: unused, schemas are fetched */
	bool save_config;
} kube_edit_opts;

KUBE_EXTERN int kube_edit_run(kube_client *c, kube_discovery *d, const kube_edit_opts *o,
			      char *const *args, size_t n, const kube_mutate_out *out,
			      kube_errval *errs, kube_err *err);

/* ---- run ---- */

typedef struct kube_run_opts {
	const char *name;
	const char *namespace;
	bool enforce_namespace;
	kube_gen_pod_opts pod;
	bool expose;
	bool attach, rm;             /* the attach options, for kubectl's checks */
	const char *overrides, *override_type;
	kube_dry_run dry_run;
	const char *field_manager;   /* NULL = kubectl-run */
	bool save_config;
} kube_run_opts;

/* Create the pod (and with expose its service); objects are printed as they are created. On
 * success *out (optional) is the pod as created. */
KUBE_EXTERN int kube_run_create(kube_obj **out, kube_client *c, kube_discovery *d,
				const kube_run_opts *o, const kube_mutate_out *mo, kube_err *err);

KUBE_END_DECLS
#endif
