/* Option parsing with pflag's syntax, driven by the kc_opt tables; --help rendering. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kc.h"
#include "../lib/banned.h"

#define G(f) offsetof(struct kc_global, f)

const struct kc_opt kc_global_opts[] = {
	{KC_OPT_STR, 0, "as", G(as), "string", "Username to impersonate for the operation. User could be a regular user or a service account in a namespace.", "''", NULL, 0, 0, NULL},
	{KC_OPT_STR_ARRAY, 0, "as-group", G(as_group), "stringArray", "Group to impersonate for the operation, this flag can be repeated to specify multiple groups.", "[]", NULL, 0, 0, NULL},
	{KC_OPT_STR, 0, "as-uid", G(as_uid), "string", "UID to impersonate for the operation.", "''", NULL, 0, 0, NULL},
	{KC_OPT_STR_ARRAY, 0, "as-user-extra", G(as_user_extra), "stringArray", "User extras to impersonate for the operation, this flag can be repeated to specify multiple values for the same key.", "[]", NULL, 0, 0, NULL},
	{KC_OPT_STR, 0, "cache-dir", G(cache_dir), "string", "Default cache directory", "'$HOME/.kube/cache'", NULL, KC_COMP_FILE, 0, NULL},
	{KC_OPT_STR, 0, "certificate-authority", G(certificate_authority), "string", "Path to a cert file for the certificate authority", "''", NULL, KC_COMP_FILE, 0, NULL},
	{KC_OPT_STR, 0, "client-certificate", G(client_certificate), "string", "Path to a client certificate file for TLS", "''", NULL, KC_COMP_FILE, 0, NULL},
	{KC_OPT_STR, 0, "client-key", G(client_key), "string", "Path to a client key file for TLS", "''", NULL, KC_COMP_FILE, 0, NULL},
	{KC_OPT_STR, 0, "cluster", G(cluster), "string", "The name of the kubeconfig cluster to use", "''", NULL, KC_COMP_CLUSTER, 0, NULL},
	{KC_OPT_STR, 0, "context", G(context), "string", "The name of the kubeconfig context to use", "''", NULL, KC_COMP_CONTEXT, 0, NULL},
	{KC_OPT_BOOL, 0, "disable-compression", G(disable_compression), NULL, "If true, opt-out of response compression for all requests to the server", "false", NULL, 0, 0, NULL},
	{KC_OPT_BOOL, 0, "insecure-skip-tls-verify", G(insecure_skip_tls_verify), NULL, "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure", "false", NULL, 0, 0, NULL},
	{KC_OPT_STR, 0, "kubeconfig", G(kubeconfig), "string", "Path to the kubeconfig file to use for CLI requests.", "''", NULL, KC_COMP_FILE, 0, NULL},
	{KC_OPT_STR, 0, "kuberc", G(kuberc), "string", "Path to the kuberc file to use for preferences. This can be disabled by exporting KUBECTL_KUBERC=false feature gate or turning off the feature KUBERC=off.", "''", NULL, KC_COMP_FILE, 0, NULL},
	{KC_OPT_STR, 0, "log-flush-frequency", G(log_flags_ignored), "duration", "Maximum number of seconds between log flushes", "5s", NULL, 0, 0, NULL},
	{KC_OPT_BOOL, 0, "match-server-version", G(match_server_version), NULL, "Require server version to match client version", "false", NULL, 0, 0, NULL},
	{KC_OPT_STR, 'n', "namespace", G(namespace), "string", "If present, the namespace scope for this CLI request", "''", NULL, KC_COMP_NAMESPACE, 0, NULL},
	{KC_OPT_STR, 0, "password", G(password), "string", "Password for basic authentication to the API server", "''", NULL, 0, 0, NULL},
	{KC_OPT_STR, 0, "profile", G(log_flags_ignored), "string", "Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex|trace)", "'none'", NULL, 0, 0, NULL},
	{KC_OPT_STR, 0, "profile-output", G(log_flags_ignored), "string", "Name of the file to write the profile to", "'profile.pprof'", NULL, 0, 0, NULL},
	{KC_OPT_STR, 0, "proxy-url", G(proxy_url), "string", "Proxy URL to use for requests to the API server", "''", NULL, 0, 0, NULL},
	{KC_OPT_STR, 0, "request-timeout", G(request_timeout), "string", "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.", "'0'", NULL, 0, 0, NULL},
	{KC_OPT_STR, 's', "server", G(server), "string", "The address and port of the Kubernetes API server", "''", NULL, 0, 0, NULL},
	{KC_OPT_STR, 0, "tls-server-name", G(tls_server_name), "string", "Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used", "''", NULL, 0, 0, NULL},
	{KC_OPT_STR, 0, "token", G(token), "string", "Bearer token for authentication to the API server", "''", NULL, 0, 0, NULL},
	{KC_OPT_STR, 0, "user", G(user), "string", "The name of the kubeconfig user to use", "''", NULL, KC_COMP_USER, 0, NULL},
	{KC_OPT_STR, 0, "username", G(username), "string", "Username for basic authentication to the API server", "''", NULL, 0, 0, NULL},
	{KC_OPT_INT, 'v', "v", G(v), "Level", "number for the log level verbosity", "0", NULL, 0, 0, NULL},
	{KC_OPT_STR, 0, "vmodule", G(log_flags_ignored), "pattern=N,...", "comma-separated list of pattern=N settings for file-filtered logging (only works for the default text log format)", "", NULL, 0, 0, NULL},
	{KC_OPT_BOOL, 0, "warnings-as-errors", G(warnings_as_errors), NULL, "Treat warnings received from the server as errors and exit with a non-zero exit code", "false", NULL, 0, 0, NULL},
	KC_OPT_END_(),
};

static const struct kc_opt *find_in(const struct kc_opt *t, const char *name, size_t len,
				    bool is_short)
{
	for (; t && t->type != KC_OPT_END; t++) {
		if (is_short ? (t->short_name && t->short_name == name[0])
			     : (strlen(t->long_name) == len && !strncmp(t->long_name, name, len)))
			return t;
	}
	return NULL;
}

/* Look up a flag: command options first, then global ones. *global tells which. */
static const struct kc_opt *lookup(const struct kc_cmd *cmd, const char *name, size_t len,
				   bool is_short, bool *global)
{
	const struct kc_opt *o = cmd ? find_in(cmd->opts, name, len, is_short) : NULL;

	*global = false;
	if (o)
		return o;
	*global = true;
	return find_in(kc_global_opts, name, len, is_short);
}

const struct kc_opt *kc_lookup_opt(const struct kc_cmd *cmd, const char *name, bool is_short)
{
	bool g;

	return lookup(cmd, name, is_short ? 1 : strlen(name), is_short, &g);
}

static int flag_error(struct kc_ctx *ctx, const char *fmt, ...) KUBE_PRINTF(2, 3);

static int flag_error(struct kc_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fputs("error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nSee '%s --help' for usage.\n", ctx->path);
	return 1;
}

static const char *flag_display(const struct kc_opt *o, char *tmp, size_t n)
{
	if (o->short_name)
		snprintf(tmp, n, "-%c, --%s", o->short_name, o->long_name);
	else
		snprintf(tmp, n, "--%s", o->long_name);
	return tmp;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False"};
	size_t i;

	for (i = 0; i < 6; i++) {
		if (!strcmp(v, t[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(v, f[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

bool kc_flag_changed(const struct kc_ctx *ctx, const char *name)
{
	size_t i;

	for (i = 0; i < ctx->nchanged; i++)
		if (!strcmp(ctx->changed[i]->long_name, name))
			return true;
	return false;
}

static void mark(struct kc_ctx *ctx, const struct kc_opt *o)
{
	if (ctx->nchanged < sizeof(ctx->changed) / sizeof(ctx->changed[0]))
		ctx->changed[ctx->nchanged++] = o;
}

static int set_value(struct kc_ctx *ctx, const struct kc_opt *o, void *base, const char *v)
{
	char *field = (char *)base + o->offset, tmp[128];

	mark(ctx, o);

	switch (o->type) {
	case KC_OPT_BOOL: {
		bool b;

		if (parse_bool(v, &b) < 0)
			return flag_error(ctx, "invalid argument \"%s\" for \"%s\" flag: strconv.ParseBool: "
					       "parsing \"%s\": invalid syntax",
					  v, flag_display(o, tmp, sizeof(tmp)), v);
		*(bool *)field = b;
		return 0;
	}
	case KC_OPT_STR:
		*(const char **)field = v;
		return 0;
	case KC_OPT_INT: {
		char *end;
		long long n;

		errno = 0;
		n = strtoll(v, &end, 0);
		if (!*v || *end || errno)
			return flag_error(ctx, "invalid argument \"%s\" for \"%s\" flag: strconv.ParseInt: "
					       "parsing \"%s\": %s",
					  v, flag_display(o, tmp, sizeof(tmp)), v,
					  errno == ERANGE ? "value out of range" : "invalid syntax");
		*(int64_t *)field = n;
		return 0;
	}
	case KC_OPT_STR_ARRAY: {
		struct kc_strv *sv = (struct kc_strv *)field;
		const char **nv;
		size_t add = 1;
		const char *p;

		if (o->flags & KC_OPT_COMMA)
			for (p = v; *p; p++)
				add += *p == ',';
		nv = realloc(sv->v, (sv->n + add + 1) * sizeof(*nv));
		if (!nv)
			return flag_error(ctx, "out of memory");
		sv->v = nv;
		if (o->flags & KC_OPT_COMMA) {
			/* the pieces live in one copy owned by the context */
			size_t len = strlen(v);
			char *copy = malloc(len + 1), *q, *s;

			if (!copy || !kc_own(ctx, copy))
				return flag_error(ctx, "out of memory");
			memcpy(copy, v, len + 1);
			for (s = q = copy;; q++) {
				if (*q == ',' || !*q) {
					bool last = !*q;

					*q = '\0';
					sv->v[sv->n++] = s;
					s = q + 1;
					if (last)
						break;
				}
			}
			sv->v[sv->n] = NULL;
			return 0;
		}
		sv->v[sv->n++] = v;
		sv->v[sv->n] = NULL;
		return 0;
	}
	case KC_OPT_END:
		break;
	}
	return 0;
}

int kc_parse(struct kc_ctx *ctx, const struct kc_cmd *cmd, void *args, int argc, char **argv,
	     int *npos, char **pos, bool *help)
{
	int i, rc;

	*npos = 0;
	*help = false;
	ctx->dash_index = -1;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const struct kc_opt *o;
		bool global;
		void *base;

		if (!strcmp(a, "--")) {
			ctx->dash_index = *npos;
			for (i++; i < argc; i++)
				pos[(*npos)++] = argv[i];
			break;
		}
		if (a[0] != '-' || a[1] == '\0') {
			pos[(*npos)++] = argv[i];
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);

			if ((len == 4 && !strncmp(name, "help", 4))) {
				*help = true;
				continue;
			}
			if (!(o = lookup(cmd, name, len, false, &global)))
				return flag_error(ctx, "unknown flag: --%.*s", (int)len, name);
			base = global ? (void *)&ctx->g : args;
			if (eq) {
				if ((rc = set_value(ctx, o, base, eq + 1)))
					return rc;
			} else if (o->type == KC_OPT_BOOL) {
				*(bool *)((char *)base + o->offset) = true;
				mark(ctx, o);
			} else if (o->flags & KC_OPT_NOOPTDEF) {
				if ((rc = set_value(ctx, o, base, o->noopt)))
					return rc;
			} else if (i + 1 < argc) {
				if ((rc = set_value(ctx, o, base, argv[++i])))
					return rc;
			} else {
				return flag_error(ctx, "flag needs an argument: --%s", o->long_name);
			}
			continue;
		}
		/* shorthand cluster: -it, -nfoo, -n foo, -n=foo */
		{
			const char *p;

			for (p = a + 1; *p; p++) {
				if (*p == 'h' && !lookup(cmd, p, 1, true, &global)) {
					*help = true;
					continue;
				}
				if (!(o = lookup(cmd, p, 1, true, &global)))
					return flag_error(ctx, "unknown shorthand flag: '%c' in %s", *p, a);
				base = global ? (void *)&ctx->g : args;
				if (o->type == KC_OPT_BOOL) {
					if (p[1] == '=') {
						if ((rc = set_value(ctx, o, base, p + 2)))
							return rc;
						break;
					}
					*(bool *)((char *)base + o->offset) = true;
					mark(ctx, o);
					continue;
				}
				if (p[1] == '=') {
					if ((rc = set_value(ctx, o, base, p + 2)))
						return rc;
				} else if (p[1]) {
					if ((rc = set_value(ctx, o, base, p + 1)))
						return rc;
				} else if (o->flags & KC_OPT_NOOPTDEF) {
					if ((rc = set_value(ctx, o, base, o->noopt)))
						return rc;
				} else if (i + 1 < argc) {
					if ((rc = set_value(ctx, o, base, argv[++i])))
						return rc;
				} else {
					return flag_error(ctx, "flag needs an argument: '%c' in -%c", *p, *p);
				}
				break;
			}
		}
	}
	return 0;
}

const struct kc_cmd *kc_find_sub(const struct kc_cmd *cmd, const char *name)
{
	const struct kc_cmd *const *s;
	const char *const *al;

	for (s = cmd->sub; s && *s; s++) {
		if (!strcmp((*s)->name, name))
			return *s;
		for (al = (*s)->aliases; al && *al; al++)
			if (!strcmp(*al, name))
				return *s;
	}
	return NULL;
}

/* ---- help ---- */

static void print_opts(FILE *f, const struct kc_opt *t)
{
	for (; t && t->type != KC_OPT_END; t++) {
		if (t->flags & KC_OPT_HIDDEN)
			continue;
		const char *def = t->def ? t->def : "", *home = getenv("HOME");

		if (t->short_name)
			fprintf(f, "    -%c, --", t->short_name);
		else
			fputs("    --", f);
		/* a default under the home directory is shown expanded, as kubectl shows it */
		if (!strncmp(def, "'$HOME/", 7) && home)
			fprintf(f, "%s='%s%s:\n", t->long_name, home, def + 6);
		else
			fprintf(f, "%s=%s:\n", t->long_name, def);
		fprintf(f, "\t%s\n\n", t->help);
	}
}

/* kubectl pads command names to two more than the longest listed name (at least 11) */
static int name_pad(const struct kc_cmd *cmd)
{
	const struct kc_cmd *const *s;
	size_t w = 11;

	for (s = cmd->sub; s && *s; s++)
		if (!((*s)->flags & KC_CMD_HIDDEN) && strlen((*s)->name) > w)
			w = strlen((*s)->name);
	return (int)w + 2;
}

/* The root's command groups and usage lines (its help without the description; cobra's
 * Usage(), also printed after "Unknown help topic"). */
void kc_help_root_commands(struct kc_ctx *ctx, FILE *f)
{
	const struct kc_cmd *cmd = &cmd_root, *const *s;
	const char *group = NULL;

	for (s = cmd->sub; s && *s; s++) {
		if ((*s)->flags & KC_CMD_HIDDEN)
			continue;
		if (!group || strcmp(group, (*s)->group ? (*s)->group : "Other Commands:")) {
			group = (*s)->group ? (*s)->group : "Other Commands:";
			fprintf(f, "%s%s\n", s == cmd->sub ? "" : "\n", group);
		}
		fprintf(f, "  %-*s %s\n", name_pad(cmd), (*s)->name, (*s)->summary);
	}
	fprintf(f, "\nUsage:\n  %s [flags] [options]\n\n", ctx->argv0);
	fprintf(f, "Use \"%s <command> --help\" for more information about a given command.\n",
		ctx->argv0);
	fprintf(f, "Use \"%s options\" for a list of global command-line options (applies to "
		   "all commands).\n",
		ctx->argv0);
}

void kc_help(struct kc_ctx *ctx, const struct kc_cmd *cmd, FILE *f)
{
	const struct kc_cmd *const *s;

	if (cmd == &cmd_root) {
		fprintf(f, "%s\n\n", cmd->description);
		kc_help_root_commands(ctx, f);
		return;
	}
	fprintf(f, "%s\n", cmd->description ? cmd->description : cmd->summary);
	if (cmd->aliases && cmd->aliases[0]) {
		const char *const *al;

		fprintf(f, "\nAliases:\n%s", cmd->name);
		for (al = cmd->aliases; *al; al++)
			fprintf(f, ", %s", *al);
		fputc('\n', f);
	}
	if (cmd->sub) {
		fputs("\nAvailable Commands:\n", f);
		for (s = cmd->sub; *s; s++)
			if (!((*s)->flags & KC_CMD_HIDDEN))
				fprintf(f, "  %-*s %s\n", name_pad(cmd), (*s)->name,
					(*s)->summary);
	}
	if (cmd->examples) {
		/* kubectl indents every example line by two spaces, blank ones included */
		const char *p = cmd->examples;

		fputs("\nExamples:\n", f);
		while (*p) {
			size_t n = strcspn(p, "\n");

			if (n)
				fprintf(f, "%.*s\n", (int)n, p);
			else
				fputs("  \n", f);
			p += n;
			if (*p)
				p++;
		}
	}
	if (cmd->opts && cmd->opts->type != KC_OPT_END) {
		fputs("\nOptions:\n", f);
		print_opts(f, cmd->opts);
	} else {
		fputc('\n', f);
	}
	fprintf(f, "%sUsage:\n  %s %s\n\n", cmd->opts && cmd->opts->type != KC_OPT_END ? "" : "",
		ctx->path, cmd->usage ? cmd->usage : "[flags] [options]");
	if (cmd->sub)
		fprintf(f, "Use \"%s <command> --help\" for more information about a given command.\n",
			ctx->path);
	fprintf(f, "Use \"%s options\" for a list of global command-line options (applies to all "
		   "commands).\n",
		ctx->argv0);
}

void kc_print_global_opts(FILE *f);
void kc_print_global_opts(FILE *f)
{
	fputs("The following options can be passed to any command:\n\n", f);
	print_opts(f, kc_global_opts);
}
