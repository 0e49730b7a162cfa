/* kubec __gen-man DIR: one man page per command, from the fields `--help` renders.
 *
 * DIR/<prog>.1 describes the program, its commands and the global options; DIR/<prog>-<path>.1
 * (<path> the command path joined with '-') each command: NAME (summary), SYNOPSIS (usage),
 * DESCRIPTION, COMMANDS, OPTIONS, EXAMPLES and SEE ALSO. The output is plain man(7) roff that
 * `groff -ww -z -man` accepts without warnings. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kc.h"
#include "../lib/banned.h"

struct man {
	struct kc_ctx *ctx;
	const char *dir;
	int failures;
};

/* Escape text for roff: backslashes, leading control characters, hyphens (as \-, so that
 * options can be searched and copied), and tabs. break_at adds optional breaks (\:) after
 * these characters so that long words (usage lines) never overflow. */
static void put_text(kube_buf *b, const char *s, size_t n, const char *break_at)
{
	size_t i;
	bool bol = b->len == 0 || b->ptr[b->len - 1] == '\n';

	for (i = 0; i < n && s[i]; i++) {
		char ch = s[i];

		if (bol && (ch == '.' || ch == '\''))
			kube_buf_puts(b, "\\&");
		bol = false;
		switch (ch) {
		case '\\':
			kube_buf_puts(b, "\\e");
			break;
		case '-':
			kube_buf_puts(b, "\\-");
			break;
		case '\t':
			kube_buf_puts(b, "        ");
			break;
		case '\n':
			kube_buf_putc(b, '\n');
			bol = true;
			break;
		default:
			kube_buf_putc(b, ch);
		}
		if (break_at && strchr(break_at, ch) && i + 1 < n && s[i + 1])
			kube_buf_puts(b, "\\:");
	}
}

static void put_str(kube_buf *b, const char *s, const char *break_at)
{
	put_text(b, s, strlen(s), break_at);
}

/* Paragraphs separated by blank lines; the single leading space of kubectl's long texts goes */
static void put_paragraphs(kube_buf *b, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);

		while (n && (*p == ' ' || *p == '\n')) {
			p++;
			n--;
		}
		if (n) {
			kube_buf_puts(b, ".PP\n");
			put_text(b, p, n, "/|,");
			kube_buf_putc(b, '\n');
		}
		p += n;
		while (*p == '\n')
			p++;
	}
}

static void put_options(kube_buf *b, const struct kc_opt *t)
{
	for (; t && t->type != KC_OPT_END; t++) {
		if (t->flags & KC_OPT_HIDDEN)
			continue;
		kube_buf_puts(b, ".TP\n");
		if (t->short_name)
			kube_buf_printf(b, "\\fB\\-%c\\fR, ", t->short_name);
		kube_buf_puts(b, "\\fB\\-\\-");
		put_str(b, t->long_name, NULL);
		kube_buf_puts(b, "\\fR");
		if (t->def && *t->def) {
			kube_buf_putc(b, '=');
			put_str(b, t->def, ",");
		}
		kube_buf_putc(b, '\n');
		put_str(b, t->help ? t->help : "", "/|,");
		kube_buf_putc(b, '\n');
	}
}

/* "kubec-config-use-context" for a path "kubec config use-context" */
static void page_name(kube_buf *b, const char *path)
{
	const char *p;

	for (p = path; *p; p++)
		kube_buf_putc(b, *p == ' ' ? '-' : *p);
}

static void upper(kube_buf *b, const char *s)
{
	for (; *s; s++)
		kube_buf_putc(b, (char)(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s));
}

static bool has_visible_opts(const struct kc_opt *t)
{
	for (; t && t->type != KC_OPT_END; t++)
		if (!(t->flags & KC_OPT_HIDDEN))
			return true;
	return false;
}

static int write_file(struct man *m, const char *name, const kube_buf *b)
{
	kube_buf path = KUBE_BUF_INIT;
	FILE *f = NULL;
	int rc = 0;

	kube_buf_printf(&path, "%s/%s.1", m->dir, name);
	if (path.failed || b->failed) {
		rc = kc_error(m->ctx, "out of memory");
		goto out;
	}
	if (!(f = fopen(path.ptr, "w")) || fwrite(b->ptr, 1, b->len, f) != b->len) {
		rc = kc_error(m->ctx, "write %s: %s", path.ptr, strerror(errno));
		goto out;
	}
	if (fclose(f) != 0) {
		f = NULL;
		rc = kc_error(m->ctx, "write %s: %s", path.ptr, strerror(errno));
		goto out;
	}
	f = NULL;
out:
	if (f)
		fclose(f);
	kube_buf_release(&path);
	return rc;
}

static void gen(struct man *m, const struct kc_cmd *cmd, const char *path, const char *parent)
{
	kube_buf b = KUBE_BUF_INIT, name = KUBE_BUF_INIT, sub = KUBE_BUF_INIT;
	const struct kc_cmd *const *s;
	bool root = cmd == &cmd_root;
	const char *prog = m->ctx->argv0;

	page_name(&name, path);
	kube_buf_puts(&b, ".TH \"");
	upper(&b, name.ptr);
	kube_buf_printf(&b, "\" \"1\" \"%.10s\" \"%s %s\" \"%s Manual\"\n", KC_BUILD_DATE, prog,
			KC_CLIENT_GIT_VERSION, prog);
	kube_buf_puts(&b, ".nh\n.ad l\n.SH NAME\n");
	put_str(&b, name.ptr, NULL);
	kube_buf_puts(&b, " \\- ");
	put_str(&b, cmd->summary ? cmd->summary : "", NULL);
	kube_buf_puts(&b, "\n.SH SYNOPSIS\n\\fB");
	put_str(&b, path, NULL);
	kube_buf_puts(&b, "\\fR ");
	put_str(&b, root ? "[command] [flags] [options]" : cmd->usage ? cmd->usage : "[flags] [options]",
		"|,/");
	kube_buf_puts(&b, "\n.SH DESCRIPTION\n");
	put_paragraphs(&b, cmd->description ? cmd->description : cmd->summary ? cmd->summary : "");
	if (cmd->sub) {
		kube_buf_puts(&b, ".SH COMMANDS\n");
		for (s = cmd->sub; *s; s++) {
			if ((*s)->flags & KC_CMD_HIDDEN)
				continue;
			kube_buf_puts(&b, ".TP\n\\fB");
			put_str(&b, (*s)->name, NULL);
			kube_buf_puts(&b, "\\fR\n");
			put_str(&b, (*s)->summary ? (*s)->summary : "", "/|,");
			kube_buf_putc(&b, '\n');
		}
	}
	if (has_visible_opts(cmd->opts)) {
		kube_buf_puts(&b, ".SH OPTIONS\n");
		put_options(&b, cmd->opts);
	}
	if (root || !strcmp(cmd->name, "options")) {
		kube_buf_puts(&b, ".SH GLOBAL OPTIONS\n.PP\nThese options are accepted by every "
				  "command.\n");
		put_options(&b, kc_global_opts);
	}
	if (cmd->examples) {
		const char *p = cmd->examples;

		kube_buf_puts(&b, ".SH EXAMPLES\n.PP\n.RS\n.nf\n");
		while (*p) {
			size_t n = strcspn(p, "\n");

			/* the help text indents examples by two spaces; the .RS block does that */
			if (n >= 2 && p[0] == ' ' && p[1] == ' ')
				put_text(&b, p + 2, n - 2, NULL);
			else
				put_text(&b, p, n, NULL);
			kube_buf_putc(&b, '\n');
			p += n;
			if (*p)
				p++;
		}
		kube_buf_puts(&b, ".fi\n.RE\n");
	}
	kube_buf_puts(&b, ".SH SEE ALSO\n");
	{
		bool first = true;

		if (parent) {
			kube_buf_puts(&b, "\\fB");
			page_name(&b, parent);
			kube_buf_puts(&b, "\\fR(1)");
			first = false;
		}
		if (!root) {
			kube_buf_printf(&b, "%s\\fB%s\\-options\\fR(1)", first ? "" : ",\n", prog);
			first = false;
		}
		for (s = cmd->sub; s && *s; s++) {
			if ((*s)->flags & KC_CMD_HIDDEN)
				continue;
			kube_buf_printf(&b, "%s\\fB", first ? "" : ",\n");
			page_name(&b, path);
			kube_buf_putc(&b, '-');
			put_str(&b, (*s)->name, NULL);
			kube_buf_puts(&b, "\\fR(1)");
			first = false;
		}
		kube_buf_putc(&b, '\n');
	}
	if (write_file(m, name.ptr, &b))
		m->failures++;
	for (s = cmd->sub; s && *s; s++) {
		if ((*s)->flags & KC_CMD_HIDDEN)
			continue;
		kube_buf_truncate(&sub, 0);
		kube_buf_printf(&sub, "%s %s", path, (*s)->name);
		if (!sub.failed)
			gen(m, *s, sub.ptr, path);
	}
	kube_buf_release(&b);
	kube_buf_release(&name);
	kube_buf_release(&sub);
}

static int gen_man_run(struct kc_ctx *ctx, void *args, int argc, char **argv)
{
	struct man m = {ctx, NULL, 0};

	(void)args;
	if (argc != 1)
		return kc_usage_error(ctx, "exactly one argument is required: the output directory");
	m.dir = argv[0];
	gen(&m, &cmd_root, ctx->argv0, NULL);
	return m.failures ? 1 : 0;
}

/* ---- __lint: the documentation fields every command and flag must have ---- */

static bool good_name(const char *s)
{
	if (!s || !*s || *s == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

static int lint_opts(const char *path, const struct kc_opt *t, bool global)
{
	const struct kc_opt *u;
	int bad = 0;

	for (; t && t->type != KC_OPT_END; t++) {
		if (!good_name(t->long_name) && strcmp(t->long_name, "v")) {
			printf("%s: flag --%s: name is not [a-z0-9-]\n", path, t->long_name);
			bad++;
		}
		if (!(t->flags & KC_OPT_HIDDEN) && (!t->help || !*t->help)) {
			printf("%s: flag --%s has no help text\n", path, t->long_name);
			bad++;
		}
		if (t->short_name && !((t->short_name >= 'a' && t->short_name <= 'z') ||
				       (t->short_name >= 'A' && t->short_name <= 'Z'))) {
			printf("%s: flag --%s: shorthand is not a letter\n", path, t->long_name);
			bad++;
		}
		for (u = t + 1; u->type != KC_OPT_END; u++) {
			if (!strcmp(u->long_name, t->long_name)) {
				printf("%s: flag --%s is defined twice\n", path, t->long_name);
				bad++;
			}
			if (t->short_name && u->short_name == t->short_name) {
				printf("%s: shorthand -%c is used by --%s and --%s\n", path, t->short_name,
				       t->long_name, u->long_name);
				bad++;
			}
		}
		/* a command flag may shadow a global one of the same name, not take its letter */
		for (u = kc_global_opts; !global && t->short_name && u->type != KC_OPT_END; u++) {
			if (u->short_name == t->short_name && strcmp(u->long_name, t->long_name)) {
				printf("%s: shorthand -%c of --%s is the global --%s's\n", path,
				       t->short_name, t->long_name, u->long_name);
				bad++;
			}
		}
	}
	return bad;
}

static int lint(const struct kc_cmd *cmd, const char *path)
{
	const struct kc_cmd *const *s, *const *t;
	kube_buf sub = KUBE_BUF_INIT;
	int bad = 0;

	if (cmd != &cmd_root) {
		if (!good_name(cmd->name)) {
			printf("%s: command name is not [a-z0-9-]\n", path);
			bad++;
		}
		if (!cmd->summary || !*cmd->summary) {
			printf("%s: no summary\n", path);
			bad++;
		}
		if (!cmd->usage || !*cmd->usage) {
			printf("%s: no usage\n", path);
			bad++;
		}
		/* a command that groups subcommands may go without examples, as kubectl's */
		if (!cmd->sub && (!cmd->examples || !*cmd->examples)) {
			printf("%s: no examples\n", path);
			bad++;
		}
	}
	bad += lint_opts(path, cmd->opts, false);
	for (s = cmd->sub; s && *s; s++) {
		for (t = s + 1; *t; t++) {
			if (!strcmp((*s)->name, (*t)->name)) {
				printf("%s: subcommand %s is listed twice\n", path, (*s)->name);
				bad++;
			}
		}
		if ((*s)->flags & KC_CMD_HIDDEN)
			continue;
		kube_buf_truncate(&sub, 0);
		kube_buf_printf(&sub, "%s %s", path, (*s)->name);
		bad += lint(*s, sub.ptr);
	}
	kube_buf_release(&sub);
	return bad;
}

static int lint_run(struct kc_ctx *ctx, void *args, int argc, char **argv)
{
	int bad;

	(void)args;
	(void)argv;
	if (argc != 0)
		return kc_usage_error(ctx, "no arguments expected");
	bad = lint(&cmd_root, ctx->argv0) + lint_opts("global options", kc_global_opts, true);
	if (bad)
		printf("%d problem%s\n", bad, bad == 1 ? "" : "s");
	return bad ? 1 : 0;
}

const struct kc_cmd cmd___lint = {
	.name = "__lint",
	.summary = "Check the command tree for missing summaries, usage, examples and flag help",
	.usage = "",
	.description = "Walk every visible command and print what its documentation lacks: a "
		       "summary, a usage line, examples (unless it groups subcommands), help for each "
		       "flag; and names that are not [a-z0-9-], flags defined twice, shorthands "
		       "used twice. Exits 1 when anything was found.",
	.examples = "  # Check the tree\n"
		    "  kubectl __lint",
	.min_args = 0,
	.max_args = 0,
	.flags = KC_CMD_HIDDEN | KC_CMD_RAW_ARGS,
	.run = lint_run,
};

const struct kc_cmd cmd___gen_man = {
	.name = "__gen-man",
	.summary = "Write the man pages of every command into a directory",
	.usage = "DIR",
	.description = "Write DIR/<program>.1 and one DIR/<program>-<command>.1 page for every "
		       "command and subcommand, from the same text that --help prints.",
	.examples = "  # Generate the pages and read one\n"
		    "  kubectl __gen-man /tmp/man && man -l /tmp/man/kubectl-get.1",
	.min_args = 1,
	.max_args = 1,
	.flags = KC_CMD_HIDDEN | KC_CMD_RAW_ARGS,
	.run = gen_man_run,
};
