/* kubec entry point: find the command, parse flags, run, report. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kc.h"
#include "../lib/banned.h"

void *kc_own(struct kc_ctx *ctx, void *p)
{
	char **n;

	if (!p)
		return NULL;
	if (!(n = realloc(ctx->owned, (ctx->nowned + 1) * sizeof(*n))))
		return NULL;
	ctx->owned = n;
	ctx->owned[ctx->nowned++] = p;
	return p;
}

/* Does flag word `a` consume the next argument? (used while locating the command) */
bool kc_takes_value(const struct kc_cmd *cmd, const char *a)
{
	const struct kc_opt *o;

	if (a[1] == '-') {
		const char *name = a + 2;

		if (strchr(name, '='))
			return false;
		o = kc_lookup_opt(cmd, name, false);
		return o && o->type != KC_OPT_BOOL && !(o->flags & KC_OPT_NOOPTDEF);
	}
	/* shorthand cluster: the last letter decides, unless a value follows in the word */
	for (a++; *a; a++) {
		o = kc_lookup_opt(cmd, a, true);
		if (!o)
			return false;
		if (o->type != KC_OPT_BOOL)
			return a[1] == '\0' && !(o->flags & KC_OPT_NOOPTDEF);
	}
	return false;
}

static void free_strv(const struct kc_opt *t, void *base)
{
	for (; t && t->type != KC_OPT_END; t++)
		if (t->type == KC_OPT_STR_ARRAY)
			free(((struct kc_strv *)((char *)base + t->offset))->v);
}

static size_t lev(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev, cur, d[64];

	if (lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = d[j];
			d[j] = (a[i - 1] == b[j - 1]) ? prev
						       : 1 + (prev < d[j] ? (prev < d[j - 1] ? prev : d[j - 1])
									  : (d[j] < d[j - 1] ? d[j] : d[j - 1]));
			prev = cur;
		}
	}
	return d[lb];
}

static int unknown_command(struct kc_ctx *ctx, const struct kc_cmd *cmd, const char *word)
{
	const struct kc_cmd *const *s;
	bool any = false;

	fprintf(stderr, "error: unknown command \"%s\" for \"%s\"", word, ctx->path);
	for (s = cmd->sub; s && *s; s++) {
		size_t wl = strlen(word);

		if ((*s)->flags & KC_CMD_HIDDEN)
			continue;
		if (lev(word, (*s)->name) <= 2 ||
		    (wl && !strncasecmp((*s)->name, word, wl))) {
			if (!any)
				fputs("\n\nDid you mean this?\n", stderr);
			any = true;
			fprintf(stderr, "\t%s\n", (*s)->name);
		}
	}
	if (!any)
		fputc('\n', stderr);
	return 1;
}

static void on_signal(int sig)
{
	(void)sig;
}

bool kc_changes_connection(const struct kc_ctx *ctx)
{
	static const char *const harmless[] = {"namespace", "v", "vmodule", "log-flush-frequency",
					       "warnings-as-errors", "match-server-version",
					       "profile", "profile-output", NULL};
	const char *const *h;
	size_t i;

	for (i = 0; i < ctx->nchanged; i++) {
		const struct kc_opt *o = ctx->changed[i];

		if (kc_lookup_opt(NULL, o->long_name, false) != o)
			continue; /* a command flag */
		for (h = harmless; *h && strcmp(*h, o->long_name); h++)
			;
		if (!*h)
			return true;
	}
	return false;
}

int kc_main(int argc, char **argv)
{
	struct kc_kuberc_line line;
	int rc;

	if ((rc = kc_kuberc_apply(argc, argv, &line)) != 0)
		return rc;
	if (!line.argv) {
		if ((rc = kc_plugin_dispatch(argc, argv)) >= 0)
			return rc;
		return kc_main_with(NULL, argc, argv);
	}
	if ((rc = kc_plugin_dispatch(line.argc, line.argv)) < 0)
		rc = kc_main_with(NULL, line.argc, line.argv);
	kc_kuberc_line_release(&line);
	return rc;
}

int kc_main_with(struct kc_ctx *base, int argc, char **argv)
{
	struct kc_ctx ctx;
	const struct kc_cmd *cmd = &cmd_root, *sub;
	void *args = NULL;
	char **pos = NULL, **rest = NULL;
	int npos = 0, rc = 0, i, nrest = 0;
	bool help = false, descending = true, borrowed = false, child = false;
	const char *slash;
	size_t plen;

	(void)on_signal;
	memset(&ctx, 0, sizeof(ctx));
	ctx.out = stdout;
	slash = strrchr(argv[0], '/');
	ctx.argv0 = base ? base->argv0 : slash ? slash + 1 : argv[0];
	plen = (size_t)snprintf(ctx.path, sizeof(ctx.path), "%s", ctx.argv0);
#ifdef KC_HAVE_COMPLETION
	/* __complete and friends take the rest of the line as it is */
	if (argc > 1 && (sub = kc_find_hidden(argv[1])) != NULL) {
		snprintf(ctx.path + plen, sizeof(ctx.path) - plen, " %s", sub->name);
		ctx.cmd = sub;
		if (!(pos = calloc((size_t)argc + 1, sizeof(*pos))))
			return kc_error(&ctx, "out of memory");
		for (i = 2; i < argc; i++)
			pos[npos++] = argv[i];
		cmd = sub;
		rc = sub->run(&ctx, NULL, npos, pos);
		goto out;
	}
#endif

	/* Walk to the deepest subcommand named by the first non-flag words; the other words
	 * (flags, their values, positionals) are kept in order for the parser. */
	if (!(rest = calloc((size_t)argc + 1, sizeof(*rest))))
		return kc_error(&ctx, "out of memory");
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			while (i < argc)
				rest[nrest++] = argv[i++];
			break;
		}
		if (a[0] == '-' && a[1]) {
			rest[nrest++] = argv[i];
			if (kc_takes_value(cmd, a) && i + 1 < argc)
				rest[nrest++] = argv[++i];
			continue;
		}
		if (descending && cmd->sub) {
			if ((sub = kc_find_sub(cmd, a))) {
				cmd = sub;
				plen += (size_t)snprintf(ctx.path + plen, sizeof(ctx.path) - plen, " %s",
							 cmd->name);
				if (plen >= sizeof(ctx.path))
					plen = sizeof(ctx.path) - 1;
				continue;
			}
			if (cmd == &cmd_root || (cmd->flags & KC_CMD_GROUP_ONLY)) {
				free(rest);
				return unknown_command(&ctx, cmd, a);
			}
		}
		descending = false;
		rest[nrest++] = argv[i];
	}
	ctx.cmd = cmd;
	if (cmd->args_size) {
		if (!(args = calloc(1, cmd->args_size))) {
			free(rest);
			return kc_error(&ctx, "out of memory");
		}
		if (cmd->args_defaults)
			memcpy(args, cmd->args_defaults, cmd->args_size);
	}
	if (!(pos = calloc((size_t)argc + 1, sizeof(*pos)))) {
		free(args);
		free(rest);
		return kc_error(&ctx, "out of memory");
	}
	rc = kc_parse(&ctx, cmd, args, nrest, rest, &npos, pos, &help);
	if (rc)
		goto out;
	if (help) {
		kc_help(&ctx, cmd, stdout);
		goto out;
	}
	if (base && kc_changes_connection(&ctx)) {
		/* another connection: a child process runs it, the shell's state stays as it is */
		pid_t pid;
		int status = 0;

		fflush(stdout);
		fflush(stderr);
		if ((pid = fork()) < 0) {
			rc = kc_error(&ctx, "fork: %s", strerror(errno));
			goto out;
		}
		if (pid > 0) {
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			rc = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
			goto out;
		}
		child = true;
		signal(SIGINT, SIG_DFL);
	} else if (base) {
		/* the shell: run on its warm connection */
		kube_err err = KUBE_ERR_INIT;

		/* the client costs no round trip; discovery is loaded by the commands that need
		 * it and handed back to the shell afterwards */
		if (kc_client(base, &err) == 0) {
			ctx.config = base->config;
			ctx.client = base->client;
			ctx.rc = base->rc;
			ctx.copts = base->copts;
			ctx.groups = base->groups;
			ctx.disc = base->disc;
			ctx.ns_explicit = ctx.g.namespace && *ctx.g.namespace;
			ctx.ns = ctx.ns_explicit ? ctx.g.namespace : base->ns;
			borrowed = true;
		}
		kube_err_clear(&err);
	}
	if (!cmd->run) {
		if (npos > 0 && cmd->sub) {
			rc = unknown_command(&ctx, cmd, pos[0]);
			goto out;
		}
		kc_help(&ctx, cmd, stdout);
		goto out;
	}
	rc = cmd->run(&ctx, args, npos, pos);
	if (rc == 0 && ctx.g.warnings_as_errors && ctx.nwarnings)
		rc = kc_error(&ctx, "%zu warnings received", ctx.nwarnings);
out:
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (!rc)
			rc = kc_error(&ctx, "write error on standard output");
	}
	if (args)
		free_strv(cmd->opts, args);
	free_strv(kc_global_opts, &ctx.g);
	if (borrowed) {
		/* the rest stays the shell's; discovery loaded now is handed over to it */
		if (!base->disc)
			base->disc = ctx.disc;
		ctx.config = NULL;
		ctx.client = NULL;
		ctx.rc = NULL;
		ctx.groups = NULL;
		ctx.disc = NULL;
	} else if (!base || child || !base->client) {
		kc_ctx_release(&ctx);
	}
	free(args);
	free(pos);
	free(rest);
	for (i = 0; (size_t)i < ctx.nowned; i++)
		free(ctx.owned[i]);
	free(ctx.owned);
	for (i = 0; (size_t)i < ctx.nwarnings; i++)
		free(ctx.warnings[i]);
	free(ctx.warnings);
	if (child) {
		fflush(stdout);
		fflush(stderr);
		_exit(rc);
	}
	return rc;
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];

	setvbuf(stdout, buf, _IOFBF, sizeof(buf));
	signal(SIGPIPE, SIG_DFL);
	return kc_main(argc, argv);
}
