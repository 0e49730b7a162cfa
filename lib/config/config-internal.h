/* Private to lib/config: the in-memory kubeconfig (clientcmd's internal api.Config), Go-compatible
 * helpers (paths, base64, errno texts, JSON syntax errors) and the pieces shared by
 * kubeconfig.c, write.c, view.c and exec.c. */
#ifndef KUBE_CONFIG_INTERNAL_H
#define KUBE_CONFIG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kube/buf.h>
#include <kube/config.h>
#include <kube/err.h>
#include <kube/obj.h>

/* Strings: NULL and "" both mean Go's zero string. S() reads one. */
static inline const char *S(const char *s)
{
	return s ? s : "";
}

struct kcfg_bytes {
	unsigned char *p; /* owned; len 0 means unset (Go's omitempty treats both alike) */
	size_t n;
};

struct kcfg_strv {
	char **v;
	size_t n;
	bool set; /* a JSON array was present (distinguishes `args: []` from `args: null`) */
};

struct kcfg_kv {
	char *key, *value;
};

struct kcfg_ext {
	char *name;
	kube_obj *value; /* NULL: extension: null */
};

struct kcfg_exts {
	struct kcfg_ext *v;
	size_t n;
};

struct kcfg_extra {
	char *key;
	struct kcfg_strv vals;
};

struct kcfg_exec {
	char *command;
	struct kcfg_strv args;
	struct kcfg_kv *env; /* key = name */
	size_t nenv;
	bool env_set;
	char *api_version, *install_hint;
	bool provide_cluster_info;
	char *interactive_mode;
};

struct kcfg_authp {
	char *name;
	struct kcfg_kv *config;
	size_t nconfig;
	bool config_set;
};

struct kcfg_cluster {
	char *name, *origin;
	char *server, *tls_server_name;
	bool insecure;
	char *ca;
	struct kcfg_bytes ca_data;
	char *proxy_url;
	bool disable_compression;
	struct kcfg_exts ext;
	bool touched; /* `config unset` turned a nil map into an empty one: write it back */
};

struct kcfg_user {
	char *name, *origin;
	char *cert;
	struct kcfg_bytes cert_data;
	char *key;
	struct kcfg_bytes key_data; /* secret */
	char *token;                /* secret */
	char *token_file;
	char *as, *as_uid;
	struct kcfg_strv as_groups;
	struct kcfg_extra *extra;
	size_t nextra;
	char *username, *password; /* password: secret */
	struct kcfg_authp *authp;
	struct kcfg_exec *exec;
	struct kcfg_exts ext;
	bool touched;
};

struct kcfg_context {
	char *name, *origin;
	char *cluster, *user, *ns;
	struct kcfg_exts ext;
	bool touched;
};

/* Where the files are (clientcmd's loading rules / kubectl's PathOptions). */
struct kcfg_rules {
	char *explicit_path;  /* NULL when not given */
	char **files;         /* $KUBECONFIG (deduplicated, may hold "") or the home file */
	size_t nfiles;
	bool from_env;
	char *global_file;    /* ~/.kube/config */
};

struct kube_config {
	struct kcfg_cluster **clusters;
	size_t nclusters;
	struct kcfg_user **users;
	size_t nusers;
	struct kcfg_context **contexts;
	size_t ncontexts;
	char *current_context;
	bool colors;
	struct kcfg_exts pref_ext;
	struct kcfg_exts ext;
	char *kind, *api_version; /* only for `config set kind ...`; never serialised */
	struct kcfg_rules rules;
	char **loaded;     /* the files read, in load order (kube_config_files) */
	size_t nloaded;
	bool edit;
	bool prefs_touched; /* like kcfg_cluster.touched, for preferences.extensions */
};

/* ---- memory ---- */
char *kcfg_strdup(const char *s);               /* NULL -> NULL; "" -> NULL */
char *kcfg_strndup(const char *s, size_t n);    /* always a string (may be "") or NULL on OOM */
int kcfg_set_str(char **dst, const char *s);    /* replace; 0 or KUBE_ENOMEM (no err) */
void kcfg_wipe_str(char *s);                    /* zero then free */
void kcfg_bytes_free(struct kcfg_bytes *b, bool wipe);
void kcfg_strv_free(struct kcfg_strv *v);
int kcfg_strv_dup(struct kcfg_strv *dst, const struct kcfg_strv *src);
void kcfg_exts_free(struct kcfg_exts *e);
void kcfg_cluster_free(struct kcfg_cluster *c);
void kcfg_user_free(struct kcfg_user *u);
void kcfg_context_free(struct kcfg_context *c);
struct kcfg_cluster *kcfg_cluster_dup(const struct kcfg_cluster *c);
struct kcfg_user *kcfg_user_dup(const struct kcfg_user *u);
struct kcfg_context *kcfg_context_dup(const struct kcfg_context *c);
bool kcfg_cluster_equal(const struct kcfg_cluster *a, const struct kcfg_cluster *b);
bool kcfg_user_equal(const struct kcfg_user *a, const struct kcfg_user *b);
bool kcfg_context_equal(const struct kcfg_context *a, const struct kcfg_context *b);
bool kcfg_exts_equal(const struct kcfg_exts *a, const struct kcfg_exts *b);
int kcfg_exts_dup(struct kcfg_exts *dst, const struct kcfg_exts *src);
struct kube_config *kcfg_new(void);
struct kube_config *kcfg_dup(const struct kube_config *c); /* rules not copied */
void kcfg_rules_free(struct kcfg_rules *r);
int kcfg_rules_dup(struct kcfg_rules *dst, const struct kcfg_rules *src);

/* ---- lookup and insertion (names are unique) ---- */
struct kcfg_cluster *kcfg_find_cluster(const struct kube_config *c, const char *name);
struct kcfg_user *kcfg_find_user(const struct kube_config *c, const char *name);
struct kcfg_context *kcfg_find_context(const struct kube_config *c, const char *name);
/* Add or replace (by name); adopts x even on failure. 0 or KUBE_ENOMEM. */
int kcfg_put_cluster(struct kube_config *c, struct kcfg_cluster *x);
int kcfg_put_user(struct kube_config *c, struct kcfg_user *x);
int kcfg_put_context(struct kube_config *c, struct kcfg_context *x);
void kcfg_del_cluster(struct kube_config *c, const char *name);
void kcfg_del_user(struct kube_config *c, const char *name);
void kcfg_del_context(struct kube_config *c, const char *name);
/* Indices of a section in name order (caller frees). NULL with n == 0 is fine. */
size_t *kcfg_sorted(const struct kube_config *c, kube_config_section sec, size_t *n);

/* ---- loading ---- */
int kcfg_rules_init(struct kcfg_rules *r, const kube_config_load_opts *lo, kube_err *err);
/* Read and decode one file. *missing is set (and 0 returned, *out NULL) when it does not exist
 * and missing_ok. Errors carry the `error loading config file` prefix when prefix is true. */
int kcfg_load_file(struct kube_config **out, const char *path, bool missing_ok, bool *missing,
		   bool prefix, kube_err *err);
/* The starting config of `kubectl config` (edit semantics, rules filled in). */
int kcfg_load_edit(struct kube_config **out, const kube_config_load_opts *lo, kube_err *err);
/* Load and merge with explicit rules (copied into the result). */
int kcfg_load_rules(struct kube_config **out, const struct kcfg_rules *rules, bool edit,
		    kube_err *err);
/* The file new stanzas go to, or the explicit file (borrowed from rules). */
const char *kcfg_default_filename(const struct kcfg_rules *r);

/* ---- Go compatibility helpers ---- */
/* Go's syscall error text for errno ("no such file or directory"). */
const char *kcfg_errno_text(int e);
/* Fill err (code) with "OP PATH: <errno text>" as Go's *PathError prints. */
int kcfg_path_error(kube_err *err, kube_code code, const char *op, const char *path, int e);
/* Read a whole file (NUL-terminated). Returns 0, or -errno (no err filled) with *op set to the
 * failing operation as Go names it ("open" or "read"). */
int kcfg_read_file(const char *path, char **data, size_t *len, const char **op);
/* path/filepath: Clean, Join(a, b), Dir, Abs, IsAbs, Rel. Results are malloc'd (NULL on OOM;
 * Rel also returns NULL with *bad set when it cannot make the path relative). */
char *kcfg_path_clean(const char *p);
char *kcfg_path_join(const char *a, const char *b);
char *kcfg_path_dir(const char *p);
char *kcfg_path_abs(const char *p);
char *kcfg_path_rel(const char *base, const char *targ, bool *bad);
static inline bool kcfg_path_is_abs(const char *p)
{
	return p && p[0] == '/';
}
/* base64.StdEncoding. decode: 0 or -1 with *bad_at = Go's CorruptInputError offset. */
int kcfg_b64_decode(const char *s, size_t n, struct kcfg_bytes *out, size_t *bad_at);
void kcfg_b64_encode(kube_buf *out, const unsigned char *p, size_t n);
/* Go's strconv.Quote of a single byte as the JSON scanner's quoteChar does ('x'). */
void kcfg_quote_char(kube_buf *out, unsigned char c);
/* Check s as Go's encoding/json scanner does. 0, or -1 with msg set to Go's SyntaxError text. */
int kcfg_json_syntax(const char *s, size_t n, kube_buf *msg);
/* The gvk sniffing of apimachinery's SimpleMetaFactory.Interpret on a decoded document:
 * apiVersion and kind (borrowed, may be NULL). Fills msg and returns -1 on a type error. */
int kcfg_interpret(const kube_obj *doc, const char **api_version, const char **kind,
		   kube_buf *msg);
/* Go's name for the JSON kind of a value in UnmarshalTypeError ("string", "number", ...). */
const char *kcfg_json_kind(const kube_obj *o);
/* Deep copy of o with object keys sorted (YAML->JSON conversion sorts them); NULL on OOM. */
kube_obj *kcfg_obj_sorted_dup(const kube_obj *o);
/* Fill err with a list of messages. invalid: the clientcmd "Error in configuration" form. */
int kcfg_err_list(kube_err *err, kube_code code, bool invalid, char **msgs, size_t n);

/* ---- serialisation (view.c) ---- */
#define KCFG_OBJ_REDACT (1u << 0)  /* tokens/passwords REDACTED, *-data DATA+OMITTED */
/* The v1 Config object in Go struct order, as json.Marshal would produce it. */
int kcfg_to_obj(kube_obj **out, const struct kube_config *c, unsigned flags, kube_err *err);

/* ---- write-back (write.c) ---- */
/* clientcmd.ModifyConfig: reload the starting config with next->rules and write the
 * differences to the files they came from (new stanzas to the default file). next is borrowed. */
int kcfg_modify(const struct kube_config *next, bool relativize, kube_err *err);
/* Serialise c as kubectl writes a kubeconfig (YAML, keys sorted). */
int kcfg_write_file(const struct kube_config *c, const char *path, kube_err *err);

#endif
