/* kubec CLI plumbing: the command table, option tables, the per-run context, error reporting.
 * cmd/ uses only <kube/...> headers and this one. */
#ifndef KC_H
#define KC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <kube/kube.h>
#include <kube/complete.h>

/* kubec implements the kubectl of this Kubernetes release. */
#define KC_COMPAT_MAJOR "1"
#define KC_COMPAT_MINOR "37"
#define KC_CLIENT_GIT_VERSION "v1.37.2-kubec." KUBE_VERSION
/* the kubectl release kubec follows */
#define KC_KUBECTL_MAJOR 1
#define KC_KUBECTL_MINOR 37
#define KC_KUBECTL_PATCH 2
#define KC_PLATFORM "linux/amd64"
#ifndef KC_BUILD_DATE
#define KC_BUILD_DATE "1970-01-01T00:00:00Z"
#endif

enum kc_opt_type {
	KC_OPT_END = 0,
	KC_OPT_BOOL,      /* bool */
	KC_OPT_STR,       /* char * (borrowed from argv or a literal) */
	KC_OPT_INT,       /* int64_t */
	KC_OPT_STR_ARRAY, /* struct kc_strv: repeatable, also comma-split when KC_OPT_COMMA */
};

enum kc_comp {
	KC_COMP_NONE = 0,
	KC_COMP_FILE,
	KC_COMP_NAMESPACE,
	KC_COMP_CONTEXT,
	KC_COMP_CLUSTER,
	KC_COMP_USER,
	KC_COMP_CHOICES,
	KC_COMP_OUTPUT,
	KC_COMP_MANIFEST, /* json yaml yml files */
};

#define KC_OPT_REQUIRED (1u << 0)
#define KC_OPT_HIDDEN (1u << 1)
#define KC_OPT_COMMA (1u << 2)     /* string array values split on ',' */
#define KC_OPT_DEPRECATED (1u << 3)
#define KC_OPT_NOOPTDEF (1u << 4)  /* string flag usable bare: --flag means --flag=<noopt> */

struct kc_strv {
	const char **v;
	size_t n;
};

struct kc_opt {
	enum kc_opt_type type;
	char short_name;
	const char *long_name;
	size_t offset;
	const char *arg_name; /* NULL for booleans */
	const char *help;
	const char *def;      /* default shown in help, e.g. "true", "-1", "'kubectl-patch'" */
	const char *const *choices;
	enum kc_comp complete;
	unsigned flags;
	const char *noopt;    /* value for a bare --flag of a KC_OPT_NOOPTDEF string flag */
};

#define KC_OPT_B(s, l, T, f, h, d) {KC_OPT_BOOL, s, l, offsetof(T, f), NULL, h, d, NULL, 0, 0, NULL}
#define KC_OPT_S(s, l, T, f, a, h, d, c)                                                           \
	{KC_OPT_STR, s, l, offsetof(T, f), a, h, d, NULL, c, 0, NULL}
#define KC_OPT_I(s, l, T, f, a, h, d) {KC_OPT_INT, s, l, offsetof(T, f), a, h, d, NULL, 0, 0, NULL}
#define KC_OPT_A(s, l, T, f, a, h, c, fl)                                                          \
	{KC_OPT_STR_ARRAY, s, l, offsetof(T, f), a, h, "[]", NULL, c, fl, NULL}
#define KC_OPT_END_() {KC_OPT_END, 0, NULL, 0, NULL, NULL, NULL, NULL, 0, 0, NULL}

#define KC_CMD_NEEDS_CLIENT (1u << 0)
#define KC_CMD_HIDDEN (1u << 1)
#define KC_CMD_GROUP_ONLY (1u << 2) /* has subcommands, no run of its own */
#define KC_CMD_RAW_ARGS (1u << 3)   /* args after `--` are kept apart (exec, run) */

struct kc_ctx;

struct kc_cmd {
	const char *name;
	const char *const *aliases; /* NULL-terminated or NULL */
	const char *summary;
	const char *usage;          /* after the command path: "[(-o|--output=)...] (TYPE ...)" */
	const char *description;
	const char *examples;
	const struct kc_opt *opts;
	size_t args_size;
	const void *args_defaults;
	int min_args, max_args;     /* -1 = unbounded */
	unsigned flags;
	const struct kc_cmd *const *sub; /* NULL-terminated */
	int (*run)(struct kc_ctx *ctx, void *args, int argc, char **argv);
	const char *group;          /* heading in the root help listing */
};

/* Global flags, valid anywhere on the command line. */
struct kc_global {
	const char *kubeconfig, *context, *cluster, *user, *namespace, *server, *token;
	const char *certificate_authority, *client_certificate, *client_key, *tls_server_name;
	const char *request_timeout, *cache_dir, *as, *as_uid, *username, *password, *proxy_url;
	const char *kuberc;
	struct kc_strv as_group, as_user_extra;
	bool insecure_skip_tls_verify, disable_compression, warnings_as_errors, match_server_version;
	int64_t v;
	const char *log_flags_ignored;
};

struct kc_ctx {
	const char *argv0;          /* basename of argv[0] ("kubec", or "kubectl" when installed so) */
	char path[256];             /* command path, "kubectl create secret tls" style */
	const struct kc_cmd *cmd;
	struct kc_global g;
	int dash_index;             /* index in argv of the first arg after `--`, or -1 */
	kube_config *config;        /* loaded lazily */
	kube_client *client;
	kube_rest_config *rc;       /* the resolved connection kc_client() built client from */
	kube_client_opts copts;     /* ... and its options (strings owned by rc) */
	const char **groups;        /* copts.impersonate_groups */
	kube_discovery *disc;
	const char *ns;             /* effective namespace */
	bool ns_explicit;           /* -n given */
	char **warnings;            /* seen warning texts (deduplicated) */
	size_t nwarnings;
	volatile int cancel;
	FILE *out;                  /* stdout */
	char **owned;               /* strings allocated while parsing, freed at exit */
	size_t nowned;
	const struct kc_opt *changed[64]; /* flags given on the command line */
	size_t nchanged;
};

/* Whether the flag --name was given (cobra's Flags().Changed). */
bool kc_flag_changed(const struct kc_ctx *ctx, const char *name);

/* Keep p until the end of the run (freed with the context). Returns p, or NULL on OOM. */
void *kc_own(struct kc_ctx *ctx, void *p);

/* Helpers shared by commands. */
int kc_client(struct kc_ctx *ctx, kube_err *err);    /* load config, build client */
/* the User-Agent kubectl would send under kubec's argv[0] (static storage) */
const char *kc_user_agent(struct kc_ctx *ctx);
int kc_discovery(struct kc_ctx *ctx, kube_err *err); /* kc_client + discovery */
int kc_config(struct kc_ctx *ctx, kube_err *err);    /* load kubeconfig only */
const char *kc_namespace(struct kc_ctx *ctx);
void kc_ctx_release(struct kc_ctx *ctx);
/* `get --raw URI` and friends: one request, body to stdout. */
int kc_raw(struct kc_ctx *ctx, const char *method, const char *uri);
/* Print an error as kubectl does (see kc_report in report.c); returns 1 (the exit code). */
int kc_report(struct kc_ctx *ctx, const kube_err *err);
/* "error: <msg>" + "See '<path> -h' for help and examples" (cmdutil.UsageErrorf); returns 1. */
int kc_usage_error(struct kc_ctx *ctx, const char *fmt, ...) KUBE_PRINTF(2, 3);
/* "error: <msg>"; returns 1. */
int kc_error(struct kc_ctx *ctx, const char *fmt, ...) KUBE_PRINTF(2, 3);
void kc_warning(struct kc_ctx *ctx, const char *text);
/* A klog error line on stderr ("E1126 15:53:50.733026   4742 at] \"msg\" err=\"text\""). */
void kc_klog_error(const char *at, const char *msg, const char *text);
/* The same with trailing key=value pairs (structured logging), e.g. " localPort=8080"; kv may
 * be NULL. */
/* An info line (-v) with klog's header: `I1126 16:58:01.123456   12345 at] line`. */
void kc_klog_info(const char *at, const char *line);
void kc_klog_error_kv(const char *at, const char *msg, const char *text, const char *kv);
/* Write a buffer to stdout; returns 0 or 1 on a write error. */
int kc_write(struct kc_ctx *ctx, const kube_buf *b);

/* Help and the command tree. */
extern const struct kc_cmd cmd_root;
extern const struct kc_opt kc_global_opts[];
void kc_help(struct kc_ctx *ctx, const struct kc_cmd *cmd, FILE *f);
void kc_help_root_commands(struct kc_ctx *ctx, FILE *f);
const struct kc_cmd *kc_find_sub(const struct kc_cmd *cmd, const char *name);
int kc_main(int argc, char **argv);

/* Parse options. Returns 0, or 1 after printing an error. positional gets the non-flag words
 * (argv strings, borrowed). */
int kc_parse(struct kc_ctx *ctx, const struct kc_cmd *cmd, void *args, int argc, char **argv,
	     int *npos, char **pos, bool *help);
const struct kc_opt *kc_lookup_opt(const struct kc_cmd *cmd, const char *name, bool is_short);
/* Whether the flag word a (of cmd or global) takes the next word as its value. */
bool kc_takes_value(const struct kc_cmd *cmd, const char *a);

/* The command line after kuberc (cmd/kuberc.c): argv with aliases expanded and defaults
 * added; argv is NULL when nothing changed. */
struct kube_kuberc;
struct kc_kuberc_line {
	int argc;
	char **argv;
	char **own;
	int nown;
	struct kube_kuberc *prefs;
};
/* Returns 0, or the exit code after printing kubectl's message. */
int kc_kuberc_apply(int argc, char **argv, struct kc_kuberc_line *out);
void kc_kuberc_line_release(struct kc_kuberc_line *l);
/* Whether the line's first word (flags skipped) names a command, as cobra's Find. */
bool kc_line_names_command(int argc, char **argv);
/* Run the kubectl plugin the line names (cmd/plugin.c): -1 when there is none (go on), else the
 * exit code after kubectl's error; on success it does not return. */
int kc_plugin_dispatch(int argc, char **argv);

/* Run one command line (argv[0] names the program) as kc_main does. With base != NULL (the
 * interactive shell) the command borrows base's kubeconfig, client and discovery when it gives
 * no flag that changes the connection (the namespace may change), so the connection stays
 * warm; base->cancel then stops its requests. */
int kc_main_with(struct kc_ctx *base, int argc, char **argv);
/* Whether the flags of a parsed command line change the connection (--context, --server, ...
 * anything but -n and the logging flags): such a line cannot borrow a shell's client. */
bool kc_changes_connection(const struct kc_ctx *ctx);

/* Hidden root commands (__complete, __completeNoDesc, __gen-man; cmd/complete.c, gen-man.c):
 * they take their arguments raw, without flag parsing. NULL when name is none of them. */
const struct kc_cmd *kc_find_hidden(const char *name);
/* Completion candidates for words[0..nwords) (the last word is the one being typed), by
 * cobra's rules: "candidate" or "candidate\tdescription" strings are appended to out, cobra's
 * [Debug] lines to diagnostics (may be NULL). Global flags among the words are stored in
 * ctx->g. Returns cobra's directive bits. */
int kc_complete(struct kc_ctx *ctx, int nwords, char **words, kube_complete_list *out,
		kube_buf *diagnostics);

#endif
