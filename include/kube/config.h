/* libkube kubeconfig handling, as kubectl (client-go clientcmd) does it.
 *
 * Four parts:
 *   1. Loading: kube_config_load() reads --kubeconfig, else every file of $KUBECONFIG, else
 *      ~/.kube/config, and merges them (the first file that defines a name wins completely).
 *   2. Resolving: kube_config_resolve() applies the global connection flags and produces a
 *      kube_rest_config, everything the REST layer needs (server, TLS material, credentials,
 *      impersonation, namespace, exec plugin). In-cluster configuration is used when nothing
 *      yields a server.
 *   3. Exec credential plugins: kube_exec_credential_get() runs the plugin of a kube_exec_config.
 *   4. `kubectl config ...`: one function per subcommand that loads, changes and writes back the
 *      files, and returns the exact line kubectl prints.
 *
 * Errors. Every function returns 0 or a negative kube_code and fills *err (err may be NULL).
 *   - Configuration errors use KUBE_ECONFIG. When kubectl prints them with the prefix
 *     "Error in configuration: " (clientcmd's invalid-configuration errors: several validation
 *     errors, or the single "context was not found for specified context: X"), err->reason is
 *     KUBE_CONFIG_REASON_INVALID and err->message is exactly the text kubectl prints after that
 *     prefix, without the final newline: the one message when there is one error, else "\n"
 *     followed by the messages, each as "* msg", joined by "\n". So the CLI prints
 *     "Error in configuration: " + message + "\n" in both cases. err->causes holds one entry per
 *     message (only .message is set). A single other validation error prints as "error: msg"
 *     (kubectl unwraps an aggregate of one), so it comes without the reason.
 *   - When kubectl aggregates several plain errors (two kubeconfig files that fail to load, two
 *     unknown names in get-contexts), err->reason is KUBE_CONFIG_REASON_AGGREGATE, message is
 *     the messages joined by "\n" and causes holds each one: kubectl prints each line as it is,
 *     without any "error: " prefix.
 *   - Every other error prints as kubectl's "error: " + message; reason is NULL.
 *   - Local file I/O while writing uses KUBE_EIO; OOM is KUBE_ENOMEM; bad arguments KUBE_EINVAL.
 *   - Exec plugin failures are KUBE_ETRANSPORT with err->transport = KUBE_TRANSPORT_CREDENTIALS;
 *     the message is what client-go puts after "getting credentials: " (the REST layer adds that
 *     prefix and renders it as a transport error).
 * Secrets (tokens, passwords, private keys) never appear in error messages; where kubectl would
 * print them (the users' list of a duplicate-name error) the list is shown as "[...]".
 *
 * Ownership: T **out results belong to the caller and are freed with the matching _free();
 * kube_*_free(NULL) is a no-op. Pointer parameters are borrowed. Returned const char * are
 * borrowed from the object they come from. */
#ifndef KUBE_CONFIG_H
#define KUBE_CONFIG_H

#include <kube/common.h>
#include <kube/buf.h>
#include <kube/err.h>
#include <kube/obj.h>

KUBE_BEGIN_DECLS

/* err->reason of clientcmd "invalid configuration" errors (see above). */
#define KUBE_CONFIG_REASON_INVALID "ConfigurationInvalid"
/* err->reason of several plain errors that kubectl prints one per line, unprefixed. */
#define KUBE_CONFIG_REASON_AGGREGATE "Aggregate"

/* ---------------------------------------------------------------------------------------------
 * Loading
 */

typedef struct kube_config kube_config;

typedef struct kube_config_load_opts {
	/* --kubeconfig; NULL or "" when not given. For normal loads the file must exist
	 * ("stat PATH: no such file or directory"); for edit loads a missing file is empty. */
	const char *explicit_path;
	/* The value of $KUBECONFIG; NULL means getenv("KUBECONFIG"). An empty value means unset. */
	const char *env;
	/* The home directory for ~/.kube/config; NULL means getenv("HOME"). */
	const char *home;
	/* Load as the `kubectl config` subcommands do: relative paths stay as written, and a
	 * missing --kubeconfig file is an empty config. Default: load for a client (paths resolved
	 * against the directory of the file that contains them). */
	bool edit;
} kube_config_load_opts;

/* Load and merge the kubeconfig files. opts may be NULL (all defaults). On success *out is the
 * merged config. Errors: KUBE_ECONFIG (missing --kubeconfig file, YAML or schema errors as
 * `error loading config file "PATH": ...`), KUBE_ENOMEM. */
KUBE_EXTERN int kube_config_load(kube_config **out, const kube_config_load_opts *opts,
				 kube_err *err);
/* Parse one kubeconfig document from memory, as if it were the file `origin` (used for relative
 * paths and LocationOfOrigin; may be NULL). Error messages have no file prefix. */
KUBE_EXTERN int kube_config_parse(kube_config **out, const char *data, size_t len,
				  const char *origin, kube_err *err);
KUBE_EXTERN void kube_config_free(kube_config *c);

/* The files a loaded config was read from, in load order (missing files of $KUBECONFIG are
 * not among them); borrowed. */
KUBE_EXTERN size_t kube_config_files(const kube_config *c, const char *const **out);

/* current-context of the merged config, "" when unset (borrowed). */
KUBE_EXTERN const char *kube_config_current_context(const kube_config *c);

typedef enum {
	KUBE_CONFIG_CLUSTERS = 0,
	KUBE_CONFIG_USERS = 1,
	KUBE_CONFIG_CONTEXTS = 2,
} kube_config_section;

/* Number of entries in a section, and the i-th name in sorted order (NULL past the end). For
 * completion of context, cluster and user names. */
KUBE_EXTERN size_t kube_config_count(const kube_config *c, kube_config_section sec);
KUBE_EXTERN const char *kube_config_name(const kube_config *c, kube_config_section sec, size_t i);
/* The file an entry was loaded from (LocationOfOrigin), or NULL when unknown/absent. */
KUBE_EXTERN const char *kube_config_origin(const kube_config *c, kube_config_section sec,
					   const char *name);

/* ---------------------------------------------------------------------------------------------
 * Resolving: global connection flags -> what the REST layer consumes
 */

/* The global flags. A NULL (or, for strings, "") field means "flag not given"; kubectl cannot
 * unset a kubeconfig value from the command line either. */
typedef struct kube_config_overrides {
	const char *context;               /* --context */
	const char *cluster;               /* --cluster */
	const char *user;                  /* --user */
	const char *namespace_;            /* -n/--namespace */
	const char *server;                /* -s/--server */
	const char *token;                 /* --token */
	const char *certificate_authority; /* --certificate-authority */
	const char *client_certificate;    /* --client-certificate */
	const char *client_key;            /* --client-key */
	bool insecure_skip_tls_verify;     /* --insecure-skip-tls-verify (drops the CA) */
	const char *tls_server_name;       /* --tls-server-name */
	const char *request_timeout;       /* --request-timeout ("0", "5", "1m30s") */
	const char *username;              /* --username */
	const char *password;              /* --password */
	const char *as;                    /* --as */
	const char *const *as_groups;      /* --as-group, repeatable */
	size_t nas_groups;
	const char *as_uid;                /* --as-uid */
	bool disable_compression;          /* --disable-compression */
	const char *proxy_url;             /* --proxy-url */
	/* --as-user-extra key=value, grouped by key; merged over the kubeconfig's as-user-extra
	 * (a key given here replaces that key's values) */
	const struct kube_impersonate_extra *as_user_extra;
	size_t nas_user_extra;
	/* Not flags: the directory holding token, ca.crt and namespace for in-cluster config;
	 * NULL means /var/run/secrets/kubernetes.io/serviceaccount (tests point it elsewhere). */
	const char *in_cluster_dir;
	/* Set by commands that read stdin themselves (`apply -f -`): exec plugins with
	 * interactiveMode Always then fail with "standard input is unavailable". */
	bool stdin_unavailable;
} kube_config_overrides;

typedef enum {
	KUBE_NS_DEFAULT = 0,    /* nothing set: "default" */
	KUBE_NS_EXPLICIT = 1,   /* -n/--namespace */
	KUBE_NS_CONTEXT = 2,    /* the context's namespace */
	KUBE_NS_IN_CLUSTER = 3, /* $POD_NAMESPACE or the service account's namespace file */
} kube_ns_source;

typedef struct kube_exec_env {
	char *name, *value;
} kube_exec_env;

/* An exec credential plugin, ready to run (users[].user.exec plus the cluster information that
 * goes into KUBERNETES_EXEC_INFO). All strings are owned by the enclosing kube_rest_config. */
typedef struct kube_exec_config {
	char *api_version;       /* client.authentication.k8s.io/v1 or /v1beta1 */
	char *command;           /* looked up on PATH when it has no '/' */
	char **args;             /* nargs entries */
	size_t nargs;
	kube_exec_env *env;      /* added to the environment, later entries win */
	size_t nenv;
	char *install_hint;      /* ANSI escapes already removed; may be NULL */
	char *interactive_mode;  /* "Never", "IfAvailable" or "Always" */
	bool provide_cluster_info;
	bool stdin_unavailable;
	char *user_name;         /* the users[] entry, for messages */
	/* spec.cluster of KUBERNETES_EXEC_INFO (used when provide_cluster_info) */
	char *cluster_server;
	char *cluster_tls_server_name;
	bool cluster_insecure;
	char *cluster_ca_pem;    /* may be NULL */
	size_t cluster_ca_pem_len;
	char *cluster_proxy_url;
	bool cluster_disable_compression;
	kube_obj *cluster_config; /* extension client.authentication.k8s.io/exec, or NULL */
} kube_exec_config;

typedef struct kube_impersonate_extra {
	char *key;
	char **values;
	size_t nvalues;
} kube_impersonate_extra;

/* The resolved connection settings. Everything is owned by the struct; free it with
 * kube_rest_config_free(), which wipes the secrets. Strings that are not set are NULL. */
typedef struct kube_rest_config {
	char *server;            /* URL; a server without scheme gets "http://" like client-go */
	bool tls;                /* server scheme is https: only then are credentials and TLS
				  * settings filled in, as clientcmd does */
	char *ca_pem;            /* trust root (certificate-authority-data, or the file read) */
	size_t ca_pem_len;
	char *ca_file;           /* where ca_pem came from, or NULL */
	char *cert_pem;          /* client certificate and key */
	size_t cert_pem_len;
	char *key_pem;           /* secret */
	size_t key_pem_len;
	char *token;             /* secret; bearer token (token, else tokenFile contents trimmed) */
	char *token_file;        /* to re-read the token periodically, or NULL */
	char *username;
	char *password;          /* secret */
	char *impersonate_user;  /* --as / as */
	char *impersonate_uid;
	char **impersonate_groups;
	size_t nimpersonate_groups;
	kube_impersonate_extra *impersonate_extra;
	size_t nimpersonate_extra;
	char *tls_server_name;
	bool insecure;
	char *proxy_url;
	bool disable_compression;
	int64_t timeout_ns;      /* --request-timeout; 0 = none */
	int64_t timeout_ms;      /* the same, rounded up to whole milliseconds */
	char *namespace_;
	kube_ns_source namespace_source;
	kube_exec_config *exec;  /* NULL unless an exec plugin supplies the credentials (it is
				  * dropped when a token, basic auth or client cert is present, as
				  * client-go's transport does) */
	char *auth_provider;     /* users[].user.auth-provider.name (oidc), or NULL */
	kube_obj *auth_provider_config; /* its config map as an object, or NULL */
	/* false when nothing identifies the user on an https server: kubectl then prompts for a
	 * username and password on stdin (the CLI does that, then sets username/password). */
	bool can_identify_user;
	bool in_cluster;         /* in-cluster configuration was used */
	char *context_name;      /* names actually used ("" allowed), for messages */
	char *cluster_name;
	char *user_name;
} kube_rest_config;

/* Resolve the config for a request, as `kubectl get` does: the namespace first (clientcmd's
 * Namespace(), which validates the chosen context unless -n is given), then the client config
 * (ClientConfig(): unknown --user/--context/--cluster names, validation of the used cluster and
 * user, reading CA/cert/key/token files). c and ov are borrowed (ov may be NULL); c may be an
 * empty config. Errors: KUBE_ECONFIG (see the top of this file), KUBE_ENOMEM. */
KUBE_EXTERN int kube_config_resolve(kube_rest_config **out, const kube_config *c,
				    const kube_config_overrides *ov, kube_err *err);
KUBE_EXTERN void kube_rest_config_free(kube_rest_config *rc);

/* Only the namespace (cheaper; no files are read). *out is borrowed from c or ov, or a static
 * string, except for KUBE_NS_IN_CLUSTER where it points into *tmp, which the caller releases. */
KUBE_EXTERN int kube_config_namespace(const char **out, kube_ns_source *source, kube_buf *tmp,
				      const kube_config *c, const kube_config_overrides *ov,
				      kube_err *err);

/* --request-timeout rules: "0" = none, a bare non-negative integer = seconds, else a Go
 * duration ("1m30s", "500ms"). Invalid values give KUBE_ECONFIG with kubectl's message. */
KUBE_EXTERN int kube_config_parse_timeout(int64_t *ns_out, const char *s, kube_err *err);

/* ---------------------------------------------------------------------------------------------
 * Exec credential plugins (client.authentication.k8s.io v1 and v1beta1)
 */

typedef struct kube_exec_credential {
	char *token;    /* secret, or NULL */
	char *cert_pem; /* client certificate and key (PEM), or NULL */
	char *key_pem;  /* secret */
	int64_t expiry; /* status.expirationTimestamp as unix seconds, 0 = none */
} kube_exec_credential;

/* Run the plugin once: argv = command + args, env = environ + ec->env + KUBERNETES_EXEC_INFO
 * (compact JSON ExecCredential with a final newline, as client-go's encoder writes it; later
 * names win), stdin passed only in interactive mode (else /dev/null), stderr inherited, stdout
 * parsed as an ExecCredential of the configured apiVersion (JSON when it starts with '{', else
 * YAML). *out must be zero-initialised or released; it is
 * released first. The caller re-runs it when expiry has passed or after an HTTP 401.
 * Errors: KUBE_ETRANSPORT (transport = KUBE_TRANSPORT_CREDENTIALS) with client-go's texts, e.g.
 * "exec: executable X failed with exit code 3"; KUBE_ENOMEM. */
KUBE_EXTERN int kube_exec_credential_get(kube_exec_credential *out, const kube_exec_config *ec,
					 kube_err *err);
/* Wipe and free the fields; *c is zeroed. NULL is a no-op. */
KUBE_EXTERN void kube_exec_credential_release(kube_exec_credential *c);

/* ---------------------------------------------------------------------------------------------
 * `kubectl config ...`
 *
 * Each function loads with edit semantics from lo (may be NULL), performs the change, writes
 * the affected files (temp file + rename, keys sorted, mode 0600 for new files) and appends the
 * line kubectl prints on stdout, newline included, to out. Which file is written: an existing
 * entry goes back to the file it came from; a new one to --kubeconfig, else the only
 * $KUBECONFIG entry, else the first existing $KUBECONFIG entry, else the last one, else
 * ~/.kube/config. A non-empty current-context goes to that default file.
 */

/* `config current-context`: "NAME\n", or KUBE_ECONFIG "current-context is not set". */
KUBE_EXTERN int kube_config_cmd_current_context(kube_buf *out, const kube_config_load_opts *lo,
						kube_err *err);
/* `config use-context NAME`: `Switched to context "NAME".` */
KUBE_EXTERN int kube_config_cmd_use_context(kube_buf *out, const kube_config_load_opts *lo,
					    const char *name, kube_err *err);

/* `config set-context [NAME | --current]`. NULL fields are "flag not given"; "" is given empty. */
typedef struct kube_config_set_context_opts {
	const char *name;
	bool current;
	const char *cluster, *user, *namespace_;
} kube_config_set_context_opts;
/* `Context "NAME" created.` or `Context "NAME" modified.` */
KUBE_EXTERN int kube_config_cmd_set_context(kube_buf *out, const kube_config_load_opts *lo,
					    const kube_config_set_context_opts *o, kube_err *err);

typedef struct kube_config_set_cluster_opts {
	const char *name;
	const char *server;                /* NULL = not given */
	const char *tls_server_name;
	bool insecure_skip_tls_verify;
	const char *certificate_authority; /* made absolute, stored relative to the file's dir */
	bool embed_certs;                  /* store certificate-authority-data instead */
	const char *proxy_url;
} kube_config_set_cluster_opts;
/* `Cluster "NAME" set.` */
KUBE_EXTERN int kube_config_cmd_set_cluster(kube_buf *out, const kube_config_load_opts *lo,
					    const kube_config_set_cluster_opts *o, kube_err *err);

typedef struct kube_config_set_credentials_opts {
	const char *name;
	const char *client_certificate, *client_key; /* NULL = not given */
	bool embed_certs;
	const char *token, *username, *password;
	const char *auth_provider;
	const char *const *auth_provider_args; /* "k=v" or "k-" (remove) */
	size_t nauth_provider_args;
	const char *exec_command, *exec_api_version;
	const char *const *exec_args; /* replaces the args when exec_args_given */
	size_t nexec_args;
	bool exec_args_given;
	const char *const *exec_env; /* "k=v" or "k-" (remove) */
	size_t nexec_env;
} kube_config_set_credentials_opts;
/* `User "NAME" set.` */
KUBE_EXTERN int kube_config_cmd_set_credentials(kube_buf *out, const kube_config_load_opts *lo,
						const kube_config_set_credentials_opts *o,
						kube_err *err);

/* `config delete-context NAME`: "deleted context NAME from FILE". When it was the current
 * context, kubectl's warning line is appended to warn (stderr), which may be NULL. */
KUBE_EXTERN int kube_config_cmd_delete_context(kube_buf *out, kube_buf *warn,
					       const kube_config_load_opts *lo, const char *name,
					       kube_err *err);
/* `config delete-cluster NAME`, `config delete-user NAME`. */
KUBE_EXTERN int kube_config_cmd_delete_cluster(kube_buf *out, const kube_config_load_opts *lo,
					       const char *name, kube_err *err);
KUBE_EXTERN int kube_config_cmd_delete_user(kube_buf *out, const kube_config_load_opts *lo,
					    const char *name, kube_err *err);
/* `config rename-context OLD NEW`: `Context "OLD" renamed to "NEW".` */
KUBE_EXTERN int kube_config_cmd_rename_context(kube_buf *out, const kube_config_load_opts *lo,
					       const char *old_name, const char *new_name,
					       kube_err *err);
/* `config set PROPERTY VALUE [--set-raw-bytes]`: `Property "PROPERTY" set.` */
KUBE_EXTERN int kube_config_cmd_set(kube_buf *out, const kube_config_load_opts *lo,
				    const char *property, const char *value, bool raw_bytes,
				    kube_err *err);
/* `config unset PROPERTY`: `Property "PROPERTY" unset.` */
KUBE_EXTERN int kube_config_cmd_unset(kube_buf *out, const kube_config_load_opts *lo,
				      const char *property, kube_err *err);

/* get-contexts flags */
#define KUBE_CONFIG_NAME_ONLY (1u << 0)  /* -o name */
#define KUBE_CONFIG_NO_HEADERS (1u << 1) /* --no-headers */

/* `config get-contexts [NAME...]`. Appends TAB-separated lines (header
 * "CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE", then "*" or " " and the cells), each ending in
 * "\n"; the CLI aligns them with a Go tabwriter (minwidth 6, width 4, padding 3, ' ').
 * With KUBE_CONFIG_NAME_ONLY the lines are just the names. Names that do not exist give
 * KUBE_ECONFIG "context NAME not found" (several: the KUBE_CONFIG_REASON_AGGREGATE form) AFTER
 * the other lines were appended, exactly as kubectl prints them before failing. */
KUBE_EXTERN int kube_config_cmd_get_contexts(kube_buf *out, const kube_config_load_opts *lo,
					     const char *const *names, size_t nnames,
					     unsigned flags, kube_err *err);
/* `config get-clusters` / `config get-users`: "NAME\n" then the names, sorted (kubectl 1.37
 * sorts users but prints clusters in Go map order, which varies from run to run). */
KUBE_EXTERN int kube_config_cmd_get_clusters(kube_buf *out, const kube_config_load_opts *lo,
					     kube_err *err);
KUBE_EXTERN int kube_config_cmd_get_users(kube_buf *out, const kube_config_load_opts *lo,
					  kube_err *err);

typedef struct kube_config_view_opts {
	bool raw;            /* --raw: real tokens, passwords and *-data */
	bool minify;         /* --minify: only the current context, its cluster and user */
	bool flatten;        /* --flatten: files inlined as *-data (implies raw data) */
	bool merge_given;    /* --merge was given ... */
	bool merge;          /* ... with this value (--merge=false needs --kubeconfig) */
	const char *context; /* --context: the context --minify keeps */
	bool json;           /* -o json (Go struct order, 4-space indent); default YAML */
} kube_config_view_opts;
/* `config view`: the YAML (or JSON) text kubectl prints, with its final newline. Tokens and
 * passwords show as REDACTED and *-data as DATA+OMITTED unless raw or flatten. An empty config
 * prints the form with `clusters: null`; `preferences` is left out while it is empty (kubectl
 * 1.37; older versions printed `preferences: {}`). Written files use the same serialisation. */
KUBE_EXTERN int kube_config_cmd_view(kube_buf *out, const kube_config_load_opts *lo,
				     const kube_config_view_opts *vo, kube_err *err);
/* The same view as a kube_obj (the v1 Config in Go struct order), for -o jsonpath etc. */
KUBE_EXTERN int kube_config_view_obj(kube_obj **out, const kube_config_load_opts *lo,
				     const kube_config_view_opts *vo, kube_err *err);

KUBE_END_DECLS
#endif
