/* kubec __complete / __completeNoDesc: cobra's completion protocol over the kc_cmd tree.
 *
 * `kubec __complete WORDS... LAST` prints one candidate per line (optionally
 * "candidate<TAB>description"), then ":<directive>", and on stderr "Completion ended with
 * directive: ...". The rules are cobra's (command lookup, flag values, flag names, subcommands,
 * required flags) and kubectl's completion functions (resource types, names, pods, contexts). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kube/complete.h>

#include "kc.h"
#include "../lib/banned.h"

#define DIR_ERROR 1u
#define DIR_NOSPACE 2u
#define DIR_NOFILE 4u
#define DIR_FILTER_EXT 8u
#define DIR_FILTER_DIRS 16u
#define DIR_KEEP_ORDER 32u

/* What the positional arguments of a command complete to (kubectl's ValidArgsFunction). */
enum argkind {
	ARGS_DEFAULT = 0,   /* no function: file completion */
	ARGS_TYPE_NAME,     /* TYPE NAME... and TYPE/NAME... */
	ARGS_ALLOWED,       /* like TYPE_NAME over a fixed list of types */
	ARGS_ALLOWED_ONCE,  /* like ALLOWED, one resource only */
	ARGS_POD,           /* a pod or TYPE/NAME of a resource with pods */
	ARGS_POD_CONTAINER, /* ARGS_POD, then the pod's containers */
	ARGS_POD_PORT,      /* ARGS_POD, then ports */
	ARGS_CONTEXT,
	ARGS_CLUSTER,
	ARGS_USER,
	ARGS_VALID,         /* a fixed list for the first argument */
};

static const char *const scale_types[] = {"deployment", "replicaset", "replicationcontroller",
					  "statefulset", NULL};
static const char *const expose_types[] = {"pod", "service", "replicationcontroller",
					   "deployment", "replicaset", NULL};
static const char *const pod_holders[] = {"daemonsets", "deployments", "pods", "jobs",
					  "replicasets", "replicationcontrollers", "services",
					  "statefulsets", NULL};
static const char *const shells[] = {"bash", "zsh", "fish", NULL};
static const char *const manifest_exts[] = {"json", "yaml", "yml", NULL};

static const struct argspec {
	const char *path; /* command path below the root */
	enum argkind kind;
	const char *const *list;
} arg_table[] = {
	{"annotate", ARGS_TYPE_NAME, NULL},
	{"attach", ARGS_POD, NULL},
	{"completion", ARGS_VALID, shells},
	{"config delete-cluster", ARGS_CLUSTER, NULL},
	{"config delete-context", ARGS_CONTEXT, NULL},
	{"config delete-user", ARGS_USER, NULL},
	{"config rename-context", ARGS_CONTEXT, NULL},
	{"config set-context", ARGS_CONTEXT, NULL},
	{"config use-context", ARGS_CONTEXT, NULL},
	{"delete", ARGS_TYPE_NAME, NULL},
	{"describe", ARGS_TYPE_NAME, NULL},
	{"edit", ARGS_TYPE_NAME, NULL},
	{"exec", ARGS_POD, NULL},
	{"expose", ARGS_ALLOWED_ONCE, expose_types},
	{"get", ARGS_TYPE_NAME, NULL},
	{"label", ARGS_TYPE_NAME, NULL},
	{"logs", ARGS_POD_CONTAINER, NULL},
	{"patch", ARGS_TYPE_NAME, NULL},
	{"port-forward", ARGS_POD_PORT, NULL},
	{"scale", ARGS_ALLOWED, scale_types},
};

/* Flags whose values kubectl completes with a function of the command's arguments. */
static const struct {
	const char *path, *flag;
} container_flags[] = {
	{"exec", "container"},
};

static const kube_resource res_pods = {.group = "", .version = "v1", .resource = "pods",
				       .singular = "pod", .kind = "Pod", .namespaced = true};
static const kube_resource res_namespaces = {.group = "", .version = "v1",
					     .resource = "namespaces", .singular = "namespace",
					     .kind = "Namespace"};

struct comp {
	struct kc_ctx *ctx;
	const struct kc_cmd *cmd;
	char sub_path[256];          /* path below the root: "config use-context" */
	kube_complete_list *out;
	unsigned directive;
	kube_buf *diag;              /* [Debug] lines for stderr */
	/* parsed command line */
	char **pos;                  /* positional words */
	int npos;
	const struct kc_opt **changed;
	int nchanged;
	bool help, dashdash;
};

static int add(struct comp *c, const char *cand, const char *desc)
{
	kube_buf b = KUBE_BUF_INIT;
	int rc;

	kube_buf_puts(&b, cand);
	if (desc && *desc)
		kube_buf_printf(&b, "\t%s", desc);
	rc = b.failed ? -1 : kube_complete_list_add(c->out, b.ptr, NULL);
	kube_buf_release(&b);
	return rc;
}

static void diag(struct comp *c, const char *fmt, ...) KUBE_PRINTF(2, 3);

static void diag(struct comp *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->diag)
		return;
	kube_buf_puts(c->diag, "[Debug] [Error] ");
	va_start(ap, fmt);
	kube_buf_vprintf(c->diag, fmt, ap);
	va_end(ap);
	kube_buf_putc(c->diag, '\n');
}

/* Go's %v of a []string: [a b c] */
static void put_words(kube_buf *b, char **w, int n)
{
	int i;

	kube_buf_putc(b, '[');
	for (i = 0; i < n; i++)
		kube_buf_printf(b, "%s%s", i ? " " : "", w[i]);
	kube_buf_putc(b, ']');
}

static bool is_flag_word(const char *a)
{
	return (a[0] == '-' && a[1] == '-' && a[2]) || (a[0] == '-' && a[1] && a[1] != '-');
}

static bool opt_is_bool(const struct kc_opt *o)
{
	return o->type == KC_OPT_BOOL || (o->flags & KC_OPT_NOOPTDEF);
}

static bool is_global(const struct kc_opt *o)
{
	const struct kc_opt *t;

	for (t = kc_global_opts; t->type != KC_OPT_END; t++)
		if (t == o)
			return true;
	return false;
}

/* The help flag pseudo-option (cobra adds -h/--help to every command). */
static const struct kc_opt help_opt = {KC_OPT_BOOL, 'h', "help", 0, NULL, NULL, "false",
				       NULL, 0, 0, NULL};

static const struct kc_opt *find_opt(const struct kc_cmd *cmd, const char *name, size_t len,
				     bool is_short)
{
	const struct kc_opt *t;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (t = pass ? kc_global_opts : cmd->opts; t && t->type != KC_OPT_END; t++) {
			if (is_short ? t->short_name == name[0]
				     : strlen(t->long_name) == len && !strncmp(t->long_name, name, len))
				return t;
		}
	}
	if (is_short ? name[0] == 'h' : (len == 4 && !strncmp(name, "help", 4)))
		return &help_opt;
	return NULL;
}

/* Store a global flag's value in ctx->g so that the client follows --context, -n, ... */
static void set_global(struct comp *c, const struct kc_opt *o, const char *v)
{
	char *field = (char *)&c->ctx->g + o->offset;

	if (!is_global(o))
		return;
	switch (o->type) {
	case KC_OPT_STR:
		*(const char **)field = v;
		break;
	case KC_OPT_BOOL:
		*(bool *)field = !v || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "t") ||
				 !strcmp(v, "T") || !strcmp(v, "TRUE") || !strcmp(v, "True");
		break;
	case KC_OPT_INT:
		*(int64_t *)field = strtoll(v, NULL, 0);
		break;
	case KC_OPT_STR_ARRAY: {
		struct kc_strv *sv = (struct kc_strv *)field;
		const char **nv = realloc(sv->v, (sv->n + 2) * sizeof(*nv));

		if (nv) {
			sv->v = nv;
			sv->v[sv->n++] = v;
			sv->v[sv->n] = NULL;
		}
		break;
	}
	case KC_OPT_END:
		break;
	}
}

static bool valid_bool(const char *v)
{
	static const char *const ok[] = {"1", "t", "T", "TRUE", "true", "True",
					 "0", "f", "F", "FALSE", "false", "False", NULL};
	const char *const *p;

	for (p = ok; *p; p++)
		if (!strcmp(*p, v))
			return true;
	return false;
}

static void changed(struct comp *c, const struct kc_opt *o, const char *v)
{
	if (o == &help_opt) {
		c->help = true;
		return;
	}
	c->changed[c->nchanged++] = o;
	set_global(c, o, v);
}

/* pflag's parse of words[0..n): positionals, changed flags, -- . Returns 0, or -1 with the
 * message in err (pflag's wording). */
static int parse_words(struct comp *c, char **w, int n, kube_buf *err)
{
	int i;

	for (i = 0; i < n; i++) {
		const char *a = w[i];
		const struct kc_opt *o;

		if (!strcmp(a, "--")) {
			c->dashdash = true;
			for (i++; i < n; i++)
				c->pos[c->npos++] = w[i];
			break;
		}
		if (a[0] != '-' || !a[1]) {
			c->pos[c->npos++] = w[i];
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);

			if (!(o = find_opt(c->cmd, name, len, false))) {
				kube_buf_printf(err, "unknown flag: --%.*s", (int)len, name);
				return -1;
			}
			if (eq) {
				if (o->type == KC_OPT_BOOL && !valid_bool(eq + 1)) {
					kube_buf_printf(err, "invalid argument \"%s\" for \"%s%c%s--%s\" "
							     "flag: strconv.ParseBool: parsing \"%s\": "
							     "invalid syntax", eq + 1,
							o->short_name ? "-" : "",
							o->short_name ? o->short_name : ' ',
							o->short_name ? ", " : "", o->long_name, eq + 1);
					/* "- , --x" is wrong without a shorthand: rebuild */
					if (!o->short_name) {
						kube_buf_truncate(err, 0);
						kube_buf_printf(err, "invalid argument \"%s\" for \"--%s\" "
								     "flag: strconv.ParseBool: parsing "
								     "\"%s\": invalid syntax", eq + 1,
								o->long_name, eq + 1);
					}
					return -1;
				}
				changed(c, o, eq + 1);
			} else if (opt_is_bool(o)) {
				changed(c, o, o->type == KC_OPT_BOOL ? NULL : o->noopt);
			} else if (i + 1 < n) {
				changed(c, o, w[++i]);
			} else {
				kube_buf_printf(err, "flag needs an argument: --%s", o->long_name);
				return -1;
			}
			continue;
		}
		for (a++; *a; a++) {
			if (!(o = find_opt(c->cmd, a, 1, true))) {
				kube_buf_printf(err, "unknown shorthand flag: '%c' in %s", *a, w[i]);
				return -1;
			}
			if (opt_is_bool(o) && a[1] != '=') {
				changed(c, o, o->type == KC_OPT_BOOL ? NULL : o->noopt);
				continue;
			}
			if (a[1] == '=') {
				changed(c, o, a + 2);
			} else if (a[1]) {
				changed(c, o, a + 1);
			} else if (i + 1 < n) {
				changed(c, o, w[++i]);
			} else {
				kube_buf_printf(err, "flag needs an argument: '%c' in -%c", *a, *a);
				return -1;
			}
			break;
		}
	}
	return 0;
}

/* Does the flag word a (as seen while locating the command) take the next word as value? */
static bool takes_next(const struct kc_cmd *cmd, const char *a)
{
	const struct kc_opt *o;

	if (strchr(a, '='))
		return false;
	if (a[1] == '-')
		o = find_opt(cmd, a + 2, strlen(a + 2), false);
	else if (a[2] == '\0')
		o = find_opt(cmd, a + 1, 1, true);
	else
		return false;
	return o && !opt_is_bool(o);
}

static bool available(const struct kc_cmd *s)
{
	const struct kc_cmd *const *k;

	if (s->flags & KC_CMD_HIDDEN)
		return false;
	if (s->run)
		return true;
	for (k = s->sub; k && *k; k++)
		if (available(*k))
			return true;
	return false;
}

static int cmd_cmp(const void *x, const void *y)
{
	return strcmp((*(const struct kc_cmd *const *)x)->name,
		      (*(const struct kc_cmd *const *)y)->name);
}

static int opt_cmp(const void *x, const void *y)
{
	return strcmp((*(const struct kc_opt *const *)x)->long_name,
		      (*(const struct kc_opt *const *)y)->long_name);
}

static void add_subcommands(struct comp *c, const char *tc)
{
	const struct kc_cmd **subs;
	const struct kc_cmd *const *s;
	size_t n = 0, k;

	for (s = c->cmd->sub; *s; s++)
		n++;
	if (!(subs = calloc(n + 1, sizeof(*subs))))
		return;
	for (k = 0; k < n; k++)
		subs[k] = c->cmd->sub[k];
	qsort(subs, n, sizeof(*subs), cmd_cmp);
	for (k = 0; k < n; k++) {
		if (!available(subs[k]))
			continue;
		if (kube_complete_has_prefix(subs[k]->name, tc))
			add(c, subs[k]->name, subs[k]->summary);
		c->directive = DIR_NOFILE;
	}
	free(subs);
}

static bool was_changed(const struct comp *c, const struct kc_opt *o)
{
	int i;

	for (i = 0; i < c->nchanged; i++)
		if (c->changed[i] == o)
			return true;
	return false;
}

static void help_text(struct comp *c, char *buf, size_t n)
{
	snprintf(buf, n, "help for %s", c->cmd == &cmd_root ? c->ctx->argv0 : c->cmd->name);
}

/* Collect the completable flags of one group (globals, or the command's own plus help),
 * sorted by name. Returns the count; *out is malloc'ed. */
static size_t flag_group(struct comp *c, bool globals, bool with_own, const struct kc_opt ***out)
{
	const struct kc_opt **v, *t;
	size_t n = 0, cap = 8;
	int pass;

	*out = NULL;
	for (t = kc_global_opts; t->type != KC_OPT_END; t++)
		cap++;
	for (t = c->cmd->opts; t && t->type != KC_OPT_END; t++)
		cap++;
	if (!(v = calloc(cap, sizeof(*v))))
		return 0;
	for (pass = 0; pass < 2; pass++) {
		if ((pass == 0 && !globals) || (pass == 1 && !with_own))
			continue;
		for (t = pass ? c->cmd->opts : kc_global_opts; t && t->type != KC_OPT_END; t++)
			v[n++] = t;
	}
	if (with_own)
		v[n++] = &help_opt;
	qsort(v, n, sizeof(*v), opt_cmp);
	*out = v;
	return n;
}

static void add_flag_names(struct comp *c, const char *tc, bool only_required)
{
	char help[300], dash[4], name[128];
	int group;
	bool root = c->cmd == &cmd_root;

	/* cobra visits the inherited (global) flags first, then the command's own; for the root
	 * the globals are its own flags */
	for (group = root ? 1 : 0; group < 2; group++) {
		const struct kc_opt **v;
		size_t i, n = flag_group(c, root || group == 0, group == 1, &v);

		for (i = 0; i < n; i++) {
			const struct kc_opt *o = v[i];
			const char *h = o->help;
			size_t ll = strlen(o->long_name);

			if (o->flags & (KC_OPT_HIDDEN | KC_OPT_DEPRECATED))
				continue;
			if (only_required ? !(o->flags & KC_OPT_REQUIRED) || was_changed(c, o)
					  : (was_changed(c, o) && o->type != KC_OPT_STR_ARRAY))
				continue;
			if (o == &help_opt) {
				help_text(c, help, sizeof(help));
				h = help;
			}
			if (ll < sizeof(name) - 2) {
				snprintf(name, sizeof(name), "--%s", o->long_name);
				if (kube_complete_has_prefix(name, tc))
					add(c, name, h);
			}
			if (o->short_name) {
				snprintf(dash, sizeof(dash), "-%c", o->short_name);
				if (kube_complete_has_prefix(dash, tc))
					add(c, dash, h);
			}
		}
		free(v);
	}
}

/* ---- server and kubeconfig backed candidates ---- */

static void comp_opts(struct comp *c, kube_complete_opts *o, kube_buf *dir)
{
	const char *ttl = getenv("KUBEC_COMPLETE_TTL");

	memset(o, 0, sizeof(*o));
	if (c->ctx->g.context && *c->ctx->g.context)
		o->context = c->ctx->g.context;
	else if (c->ctx->config)
		o->context = kube_config_current_context(c->ctx->config);
	if (c->ctx->g.cache_dir && *c->ctx->g.cache_dir) {
		kube_buf_printf(dir, "%s/kubec-names", c->ctx->g.cache_dir);
		if (!dir->failed)
			o->cache_dir = dir->ptr;
	}
	if (ttl && *ttl) {
		char *end;
		double s = strtod(ttl, &end);

		if (!*end && s >= 0)
			o->ttl_ms = s == 0 ? -1 : (int64_t)(s * 1000);
	}
}

static int client(struct comp *c)
{
	if (!c->ctx->g.request_timeout || !*c->ctx->g.request_timeout)
		c->ctx->g.request_timeout = "5s"; /* a TAB must not hang */
	return kc_client(c->ctx, NULL);
}

/* Names of the objects of `type` (a TYPE or TYPE,TYPE list, or a category) with prefix tc,
 * printed as <prefix><name>, skipping words already on the line. */
static void add_names(struct comp *c, const char *type, const char *tc, const char *prefix,
		      char **skip, int nskip)
{
	kube_complete_opts co;
	kube_buf dir = KUBE_BUF_INIT, b = KUBE_BUF_INIT;
	char *types = NULL, *t, *next;
	size_t i;
	int k;

	if (client(c) < 0 || !(types = strdup(type)))
		goto out;
	comp_opts(c, &co, &dir);
	for (t = types; t; t = next) {
		const kube_resource **rs = NULL, *one = NULL;
		size_t nr, j;

		if ((next = strchr(t, ',')))
			*next++ = '\0';
		if (!*t)
			continue;
		if (!strcmp(t, "pod") || !strcmp(t, "pods") || !strcmp(t, "po")) {
			one = &res_pods; /* the common case needs no discovery */
		} else {
			if (kc_discovery(c->ctx, NULL) < 0)
				break;
			if ((nr = kube_discovery_category(&rs, c->ctx->disc, t)) == 0 &&
			    kube_discovery_map(&one, c->ctx->disc, t, NULL) < 0)
				continue;
		}
		nr = one ? 1 : nr;
		for (j = 0; j < nr; j++) {
			kube_complete_list names = KUBE_COMPLETE_LIST_INIT;

			if (kube_complete_names(&names, c->ctx->client, one ? one : rs[j],
						kc_namespace(c->ctx), &co, NULL) == 0) {
				for (i = 0; i < names.n; i++) {
					bool dup = false;

					if (!kube_complete_has_prefix(names.v[i], tc))
						continue;
					kube_buf_truncate(&b, 0);
					kube_buf_printf(&b, "%s%s", prefix ? prefix : "", names.v[i]);
					for (k = 0; k < nskip && !dup; k++)
						dup = !strcmp(skip[k], b.ptr);
					if (!dup && !b.failed)
						add(c, b.ptr, NULL);
				}
			}
			kube_complete_list_release(&names);
		}
		free(rs);
	}
out:
	free(types);
	kube_buf_release(&dir);
	kube_buf_release(&b);
}

/* Resource types (kubectl: api-resources -o name --cached --verbs=get) with a prefix; the part
 * before the last ',' of tc is kept in front; suffix (e.g. "/") is appended. */
static void add_types(struct comp *c, const char *tc, const char *suffix)
{
	kube_complete_list types = KUBE_COMPLETE_LIST_INIT;
	const char *last = strrchr(tc, ',');
	size_t plen = last ? (size_t)(last - tc + 1) : 0, i;
	kube_buf b = KUBE_BUF_INIT;

	if (kc_discovery(c->ctx, NULL) < 0 ||
	    kube_complete_types(&types, c->ctx->disc, "get", NULL) < 0)
		goto out;
	for (i = 0; i < types.n; i++) {
		if (!kube_complete_has_prefix(types.v[i], tc + plen))
			continue;
		kube_buf_truncate(&b, 0);
		kube_buf_printf(&b, "%.*s%s%s", (int)plen, tc, types.v[i], suffix ? suffix : "");
		if (!b.failed)
			add(c, b.ptr, NULL);
	}
out:
	kube_complete_list_release(&types);
	kube_buf_release(&b);
}

static void add_config_names(struct comp *c, kube_config_section sec, const char *tc)
{
	size_t i, n;

	if (kc_config(c->ctx, NULL) < 0)
		return;
	n = kube_config_count(c->ctx->config, sec);
	for (i = 0; i < n; i++) {
		const char *name = kube_config_name(c->ctx->config, sec, i);

		if (name && kube_complete_has_prefix(name, tc))
			add(c, name, NULL);
	}
}

static void add_list(struct comp *c, const char *const *list, const char *tc, const char *suffix)
{
	char buf[256];

	for (; list && *list; list++) {
		if (!kube_complete_has_prefix(*list, tc))
			continue;
		snprintf(buf, sizeof(buf), "%s%s", *list, suffix ? suffix : "");
		add(c, buf, NULL);
	}
}

/* The pod named by a logs/exec argument: NAME or pod(s)/NAME; NULL for other TYPE/NAME forms
 * (kubectl would look for a pod of that object). */
static const char *pod_of(const char *arg)
{
	const char *slash = strchr(arg, '/');

	if (!slash)
		return arg;
	if ((slash - arg == 3 && !strncmp(arg, "pod", 3)) ||
	    (slash - arg == 4 && !strncmp(arg, "pods", 4)) ||
	    (slash - arg == 2 && !strncmp(arg, "po", 2)))
		return slash + 1;
	return NULL;
}

static void add_containers(struct comp *c, const char *arg, const char *tc)
{
	static const char *const lists[] = {"initContainers", "containers"};
	const char *pod = pod_of(arg);
	kube_obj *o = NULL;
	size_t i;

	if (!pod || client(c) < 0 ||
	    kube_get(&o, c->ctx->client, &res_pods, kc_namespace(c->ctx), pod, NULL, NULL) < 0)
		return;
	for (i = 0; i < 2; i++) {
		const kube_obj *ct;

		kube_obj_foreach(ct, kube_obj_path(o, "spec", lists[i], NULL))
		{
			const char *name = kube_obj_path_str(ct, "name", NULL);

			if (name && kube_complete_has_prefix(name, tc))
				add(c, name, NULL);
		}
	}
	kube_obj_free(o);
}

static void add_ports(struct comp *c, const char *arg, const char *tc)
{
	const char *slash = strchr(arg, '/'), *colon = strchr(tc, ':');
	const kube_resource *r = &res_pods;
	const char *name = arg;
	kube_obj *o = NULL;
	kube_buf b = KUBE_BUF_INIT;
	const kube_obj *ct, *p;
	bool svc = false;

	if (slash) {
		size_t tl = (size_t)(slash - arg);

		name = slash + 1;
		svc = (tl == 7 && !strncmp(arg, "service", 7)) ||
		      (tl == 8 && !strncmp(arg, "services", 8)) || (tl == 3 && !strncmp(arg, "svc", 3));
		if (!svc && !pod_of(arg))
			return;
	}
	if (client(c) < 0)
		return;
	if (svc) {
		if (kc_discovery(c->ctx, NULL) < 0 ||
		    kube_discovery_map(&r, c->ctx->disc, "services", NULL) < 0)
			return;
	}
	if (kube_get(&o, c->ctx->client, r, kc_namespace(c->ctx), name, NULL, NULL) < 0)
		return;
#define PORT(num)                                                                                  \
	do {                                                                                       \
		const char *pn = kube_obj_number_text(num);                                        \
		if (!pn)                                                                           \
			break;                                                                     \
		kube_buf_truncate(&b, 0);                                                          \
		if (*tc)                                                                           \
			kube_buf_printf(&b, "%.*s:%s", (int)(colon ? colon - tc : (long)strlen(tc)), \
					tc, pn);                                                   \
		else                                                                               \
			kube_buf_printf(&b, "%s:%s", pn, pn);                                      \
		if (!b.failed && kube_complete_has_prefix(b.ptr, tc))                              \
			add(c, b.ptr, NULL);                                                       \
	} while (0)
	if (svc) {
		kube_obj_foreach(p, kube_obj_path(o, "spec", "ports", NULL))
			PORT(kube_obj_get(p, "port"));
	} else {
		kube_obj_foreach(ct, kube_obj_path(o, "spec", "containers", NULL))
		{
			kube_obj_foreach(p, kube_obj_get(ct, "ports"))
				PORT(kube_obj_get(p, "containerPort"));
		}
	}
#undef PORT
	kube_obj_free(o);
	kube_buf_release(&b);
}

/* kubectl's doPodResourceCompletion */
static void pod_completion(struct comp *c, const char *tc)
{
	const char *slash = strchr(tc, '/');
	size_t before = c->out->n;
	char type[256], prefix[260];

	c->directive = DIR_NOFILE;
	if (!slash) {
		add_names(c, "pod", tc, NULL, NULL, 0);
		if (c->out->n == before)
			c->directive |= DIR_NOSPACE;
		add_list(c, pod_holders, tc, "/");
		return;
	}
	snprintf(type, sizeof(type), "%.*s", (int)(slash - tc), tc);
	snprintf(prefix, sizeof(prefix), "%s/", type);
	add_names(c, type, slash + 1, prefix, NULL, 0);
}

/* kubectl's resourceTypeAndNameCompletionFunc */
static void type_name_completion(struct comp *c, const struct argspec *spec, const char *tc)
{
	char **args = c->pos;
	int n = c->npos;
	bool repeat = spec->kind != ARGS_ALLOWED_ONCE;
	const char *slash;

	c->directive = DIR_NOFILE;
	if (n > 0 && !strchr(args[0], '/')) {
		if (repeat || n == 1)
			add_names(c, args[0], tc, NULL, args + 1, n - 1);
		return;
	}
	if (!(slash = strchr(tc, '/'))) {
		if (n == 0) {
			if (spec->list)
				add_list(c, spec->list, tc, NULL);
			else
				add_types(c, tc, NULL);
		} else if (repeat) {
			c->directive |= DIR_NOSPACE;
			if (spec->list)
				add_list(c, spec->list, tc, "/");
			else
				add_types(c, tc, "/");
		}
		return;
	}
	if (repeat || n == 0) {
		char type[256], prefix[260];

		snprintf(type, sizeof(type), "%.*s", (int)(slash - tc), tc);
		snprintf(prefix, sizeof(prefix), "%s/", type);
		add_names(c, type, slash + 1, prefix, args, n);
	}
}

static const struct argspec *spec_of(const struct comp *c)
{
	size_t i;

	for (i = 0; i < sizeof(arg_table) / sizeof(arg_table[0]); i++)
		if (!strcmp(arg_table[i].path, c->sub_path))
			return &arg_table[i];
	return NULL;
}

static void args_completion(struct comp *c, const char *tc)
{
	const struct argspec *spec = spec_of(c);

	if (!spec)
		return; /* cobra: no ValidArgsFunction, the directive stays Default */
	switch (spec->kind) {
	case ARGS_DEFAULT:
		break;
	case ARGS_TYPE_NAME:
	case ARGS_ALLOWED:
	case ARGS_ALLOWED_ONCE:
		type_name_completion(c, spec, tc);
		break;
	case ARGS_POD:
		c->directive = DIR_NOFILE;
		if (c->npos == 0)
			pod_completion(c, tc);
		break;
	case ARGS_POD_CONTAINER:
		c->directive = DIR_NOFILE;
		if (c->npos == 0)
			pod_completion(c, tc);
		else if (c->npos == 1)
			add_containers(c, c->pos[0], tc);
		break;
	case ARGS_POD_PORT:
		c->directive = DIR_NOFILE;
		if (c->npos == 0)
			pod_completion(c, tc);
		else if (c->npos == 1)
			add_ports(c, c->pos[0], tc);
		break;
	case ARGS_CONTEXT:
	case ARGS_CLUSTER:
	case ARGS_USER:
		c->directive = DIR_NOFILE;
		if (c->npos == 0)
			add_config_names(c,
					 spec->kind == ARGS_CONTEXT   ? KUBE_CONFIG_CONTEXTS
					 : spec->kind == ARGS_CLUSTER ? KUBE_CONFIG_CLUSTERS
								      : KUBE_CONFIG_USERS,
					 tc);
		break;
	case ARGS_VALID:
		break; /* handled with the subcommands */
	}
}

/* "Output format. One of: (json, yaml, name)." -> the listed formats */
static void add_output_formats(struct comp *c, const struct kc_opt *o, const char *tc)
{
	const char *p = o->help ? strstr(o->help, "One of: (") : NULL, *end;
	char buf[128];

	if (!p)
		return;
	p += 9;
	if (!(end = strchr(p, ')')))
		return;
	while (p < end) {
		const char *q = p;
		size_t len;

		while (q < end && *q != ',')
			q++;
		len = (size_t)(q - p);
		if (len && len < sizeof(buf)) {
			memcpy(buf, p, len);
			buf[len] = '\0';
			if (kube_complete_has_prefix(buf, tc))
				add(c, buf, NULL);
		}
		p = q + 1;
		while (p < end && *p == ' ')
			p++;
	}
}

static bool is_container_flag(const struct comp *c, const struct kc_opt *o)
{
	size_t i;

	for (i = 0; i < sizeof(container_flags) / sizeof(container_flags[0]); i++)
		if (!strcmp(container_flags[i].path, c->sub_path) &&
		    !strcmp(container_flags[i].flag, o->long_name))
			return true;
	return false;
}

static void flag_value_completion(struct comp *c, const struct kc_opt *o, const char *tc)
{
	if (is_container_flag(c, o)) {
		c->directive = DIR_NOFILE;
		if (c->npos > 0)
			add_containers(c, c->pos[0], tc);
		return;
	}
	switch (o->complete) {
	case KC_COMP_NAMESPACE: {
		kube_complete_opts co;
		kube_complete_list names = KUBE_COMPLETE_LIST_INIT;
		kube_buf dir = KUBE_BUF_INIT;
		size_t i;

		c->directive = DIR_NOFILE;
		if (client(c) < 0)
			break;
		comp_opts(c, &co, &dir);
		if (kube_complete_names(&names, c->ctx->client, &res_namespaces, NULL, &co, NULL) ==
		    0)
			for (i = 0; i < names.n; i++)
				if (kube_complete_has_prefix(names.v[i], tc))
					add(c, names.v[i], NULL);
		kube_complete_list_release(&names);
		kube_buf_release(&dir);
		break;
	}
	case KC_COMP_CONTEXT:
		c->directive = DIR_NOFILE;
		add_config_names(c, KUBE_CONFIG_CONTEXTS, tc);
		break;
	case KC_COMP_CLUSTER:
		c->directive = DIR_NOFILE;
		add_config_names(c, KUBE_CONFIG_CLUSTERS, tc);
		break;
	case KC_COMP_USER:
		c->directive = DIR_NOFILE;
		add_config_names(c, KUBE_CONFIG_USERS, tc);
		break;
	case KC_COMP_CHOICES:
		if (o->choices) {
			c->directive = DIR_NOFILE;
			add_list(c, o->choices, tc, NULL);
		}
		break;
	case KC_COMP_OUTPUT:
		c->directive = DIR_NOFILE;
		add_output_formats(c, o, tc);
		break;
	case KC_COMP_MANIFEST:
	case KC_COMP_FILE:
	case KC_COMP_NONE:
		break;
	}
}

/* Locate the command named by the leading words; the others go to *rest. Returns 0, or -1 when
 * the root gets a word that is no command. */
static int locate(struct comp *c, char **w, int n, char **rest, int *nrest)
{
	const struct kc_cmd *cmd = &cmd_root, *sub;
	size_t plen = 0;
	bool descending = true;
	int i;

	*nrest = 0;
	c->sub_path[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *a = w[i];

		if (!strcmp(a, "--")) {
			while (i < n)
				rest[(*nrest)++] = w[i++];
			break;
		}
		if (a[0] == '-' && a[1]) {
			rest[(*nrest)++] = w[i];
			if (takes_next(cmd, a) && i + 1 < n)
				rest[(*nrest)++] = w[++i];
			continue;
		}
		if (descending && cmd->sub) {
			if ((sub = kc_find_sub(cmd, a)) && !(sub->flags & KC_CMD_HIDDEN)) {
				cmd = sub;
				plen += (size_t)snprintf(c->sub_path + plen, sizeof(c->sub_path) - plen,
							 "%s%s", plen ? " " : "", sub->name);
				if (plen >= sizeof(c->sub_path))
					plen = sizeof(c->sub_path) - 1;
				continue;
			}
			if (cmd == &cmd_root) {
				c->cmd = cmd;
				return -1;
			}
		}
		descending = false;
		rest[(*nrest)++] = w[i];
	}
	c->cmd = cmd;
	return 0;
}

int kc_complete(struct kc_ctx *ctx, int nwords, char **words, kube_complete_list *out,
		kube_buf *diagnostics)
{
	struct comp c;
	char **rest = NULL, **pos = NULL, *tc;
	const struct kc_opt **chg = NULL, *flag = NULL;
	kube_buf perr = KUBE_BUF_INIT, ferr = KUBE_BUF_INIT;
	size_t nchg;
	int nrest = 0, i;
	bool flag_with_eq = false, flag_completion = true;
	const char *tc_orig;

	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.out = out;
	c.diag = diagnostics;
	if (nwords < 1)
		return 0;
	tc = words[nwords - 1];
	tc_orig = tc;
	rest = calloc((size_t)nwords + 1, sizeof(*rest));
	pos = calloc((size_t)nwords + 1, sizeof(*pos));
	/* a word changes at most one flag per character (-abc) */
	for (i = 0, nchg = 1; i < nwords; i++)
		nchg += strlen(words[i]) + 1;
	chg = calloc(nchg, sizeof(*chg));
	if (!rest || !pos || !chg)
		goto out;
	c.pos = pos;
	c.changed = chg;
	if (locate(&c, words, nwords - 1, rest, &nrest) < 0) {
		kube_buf b = KUBE_BUF_INIT;

		put_words(&b, words, nwords - 1);
		diag(&c, "unable to find a command for arguments: %s", b.ptr);
		kube_buf_release(&b);
		goto out;
	}

	/* cobra's checkIfFlagCompletion: is the last word the value of a flag? */
	{
		const char *fname = NULL;
		size_t flen = 0;
		bool fshort = false;
		int all = nrest;

		if (tc[0] == '-') {
			const char *eq = strchr(tc, '=');

			if (eq) {
				fshort = tc[1] != '-';
				fname = fshort ? eq - 1 : tc + 2;
				flen = fshort ? 1 : (size_t)(eq - fname);
				tc = (char *)eq + 1;
				flag_with_eq = true;
			}
		} else if (nrest > 0 && is_flag_word(rest[nrest - 1]) &&
			   !strchr(rest[nrest - 1], '=')) {
			const char *p = rest[nrest - 1];

			fshort = p[1] != '-';
			fname = fshort ? p + strlen(p) - 1 : p + 2;
			flen = strlen(fname);
			nrest--;
		}
		if (fname && !(flag = find_opt(c.cmd, fname, flen, fshort))) {
			kube_buf_printf(&ferr, "Subcommand '%s' does not support flag '%.*s'",
					c.cmd == &cmd_root ? ctx->argv0 : c.cmd->name, (int)flen,
					fname);
			nrest = all;
			tc = (char *)tc_orig;
		} else if (flag && !flag_with_eq && opt_is_bool(flag)) {
			flag = NULL;
			nrest = all;
		}
	}
	for (i = 0; i < nrest; i++)
		if (!strcmp(rest[i], "--"))
			flag_completion = false;
	if (parse_words(&c, rest, nrest, &perr) < 0) {
		kube_buf b = KUBE_BUF_INIT;

		put_words(&b, rest, nrest);
		diag(&c, "Error while parsing flags from args %s: %s", b.ptr, perr.ptr);
		kube_buf_release(&b);
		goto out;
	}
	if (ferr.len && flag_completion) {
		diag(&c, "%s", ferr.ptr);
		goto out;
	}
	if (c.help) {
		c.directive = DIR_NOFILE;
		goto out;
	}
	if (flag && flag_completion && flag->complete == KC_COMP_MANIFEST) {
		add_list(&c, manifest_exts, NULL, NULL);
		c.directive = DIR_FILTER_EXT;
		goto out;
	}
	if (!flag && tc[0] == '-' && !strchr(tc, '=') && flag_completion) {
		add_flag_names(&c, tc, true);
		if (!out->n)
			add_flag_names(&c, tc, false);
		c.directive = DIR_NOFILE;
		if (out->n == 1 && *out->v[0] && out->v[0][strlen(out->v[0]) - 1] == '=')
			c.directive = DIR_NOSPACE;
		goto out;
	}
	c.directive = 0;
	if (!flag) {
		bool local_changed = false;
		const struct argspec *spec = spec_of(&c);

		for (i = 0; i < c.nchanged; i++)
			if (!is_global(c.changed[i]))
				local_changed = true;
		if (c.npos == 0 && !local_changed && c.cmd->sub)
			add_subcommands(&c, tc);
		add_flag_names(&c, tc, true);
		if (spec && spec->kind == ARGS_VALID) {
			if (c.npos == 0) {
				add_list(&c, spec->list, tc, NULL);
				c.directive = DIR_NOFILE;
			}
			goto out;
		}
	}
	if (flag && flag_completion)
		flag_value_completion(&c, flag, tc);
	else
		args_completion(&c, tc);
out:
	kube_buf_release(&perr);
	kube_buf_release(&ferr);
	free(rest);
	free(pos);
	free(chg);
	return (int)c.directive;
}

static const char *directive_names(unsigned d, kube_buf *b)
{
	static const char *const names[] = {"ShellCompDirectiveError", "ShellCompDirectiveNoSpace",
					    "ShellCompDirectiveNoFileComp",
					    "ShellCompDirectiveFilterFileExt",
					    "ShellCompDirectiveFilterDirs",
					    "ShellCompDirectiveKeepOrder"};
	size_t i;

	for (i = 0; i < 6; i++)
		if (d & (1u << i))
			kube_buf_printf(b, "%s%s", b->len ? ", " : "", names[i]);
	if (!b->len)
		kube_buf_puts(b, "ShellCompDirectiveDefault");
	return b->ptr;
}

/* cobra reads <PROGRAM>_COMPLETION_DESCRIPTIONS (a boolean) */
static bool descriptions_env(const char *argv0, bool dflt)
{
	kube_buf name = KUBE_BUF_INIT;
	const char *v, *p;
	bool r = dflt;

	for (p = argv0; *p; p++)
		kube_buf_putc(&name, isalnum((unsigned char)*p) ? (char)toupper((unsigned char)*p)
								: '_');
	kube_buf_puts(&name, "_COMPLETION_DESCRIPTIONS");
	if (!name.failed && (v = getenv(name.ptr)) != NULL) {
		if (!strcmp(v, "1") || !strcasecmp(v, "t") || !strcasecmp(v, "true"))
			r = true;
		else if (!strcmp(v, "0") || !strcasecmp(v, "f") || !strcasecmp(v, "false"))
			r = false;
	}
	kube_buf_release(&name);
	return r;
}

static int complete_run_mode(struct kc_ctx *ctx, int argc, char **argv, bool desc)
{
	kube_complete_list out = KUBE_COMPLETE_LIST_INIT;
	kube_buf diagnostics = KUBE_BUF_INIT, names = KUBE_BUF_INIT;
	size_t i;
	int d;

	if (argc < 1)
		return kc_error(ctx, "requires at least 1 arg(s), only received 0");
	desc = descriptions_env(ctx->argv0, desc);
	d = kc_complete(ctx, argc, argv, &out, &diagnostics);
	for (i = 0; i < out.n; i++) {
		char *s = out.v[i], *nl;
		size_t len;

		if (!desc)
			s[strcspn(s, "\t")] = '\0';
		if ((nl = strchr(s, '\n')))
			*nl = '\0';
		len = strlen(s);
		while (len && isspace((unsigned char)s[len - 1]))
			s[--len] = '\0';
		while (isspace((unsigned char)*s))
			s++;
		fprintf(ctx->out, "%s\n", s);
	}
	fprintf(ctx->out, ":%d\n", d);
	fflush(ctx->out);
	fputs(diagnostics.ptr, stderr);
	fprintf(stderr, "Completion ended with directive: %s\n", directive_names((unsigned)d, &names));
	kube_complete_list_release(&out);
	kube_buf_release(&diagnostics);
	kube_buf_release(&names);
	return 0;
}

static int complete_run(struct kc_ctx *ctx, void *args, int argc, char **argv)
{
	(void)args;
	return complete_run_mode(ctx, argc, argv, true);
}

static int complete_nodesc_run(struct kc_ctx *ctx, void *args, int argc, char **argv)
{
	(void)args;
	return complete_run_mode(ctx, argc, argv, false);
}

const struct kc_cmd cmd___complete = {
	.name = "__complete",
	.summary = "Request shell completion choices for the specified command-line",
	.usage = "[command-line]",
	.description = "__complete is the hidden command the shell completion scripts call: it "
		       "prints the candidates for the last word of the given command line, one "
		       "per line, then a line \":N\" with cobra's completion directive.",
	.examples = "  # What does TAB offer after \"kubectl get s\"?\n"
		    "  kubectl __complete get s",
	.min_args = 1,
	.max_args = -1,
	.flags = KC_CMD_HIDDEN | KC_CMD_RAW_ARGS,
	.run = complete_run,
};

const struct kc_cmd cmd___completeNoDesc = {
	.name = "__completeNoDesc",
	.summary = "Request shell completion choices without descriptions",
	.usage = "[command-line]",
	.description = "Like __complete, without the descriptions after each candidate.",
	.examples = "  # The candidates after \"kubectl config \" without their descriptions\n"
		    "  kubectl __completeNoDesc config ''",
	.min_args = 1,
	.max_args = -1,
	.flags = KC_CMD_HIDDEN | KC_CMD_RAW_ARGS,
	.run = complete_nodesc_run,
};

extern const struct kc_cmd cmd___gen_man, cmd___lint;

const struct kc_cmd *kc_find_hidden(const char *name)
{
	static const struct kc_cmd *const hidden[] = {&cmd___complete, &cmd___completeNoDesc,
						      &cmd___gen_man, &cmd___lint, NULL};
	const struct kc_cmd *const *h;

	for (h = hidden; *h; h++)
		if (!strcmp((*h)->name, name))
			return *h;
	return NULL;
}
