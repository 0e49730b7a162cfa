/* kubec shell: an interactive prompt that runs kubec commands on one warm connection.
 *
 * Lines are kubec command lines without the program name ("get pods -o wide"). The kubeconfig,
 * the REST client (and its keep-alive connection) and the discovery data are built once and
 * lent to every command (kc_main_with); a line whose flags change the connection (--context,
 * --server, ...) runs in a forked child instead, so the shared state never changes under the
 * shell. Built-ins: use-context NAME, namespace [NAME], !COMMAND (run by /bin/sh), exit/quit;
 * `CMD | PIPELINE` pipes the command's output through /bin/sh. Ctrl-C stops the running
 * request (or clears the line being typed); Ctrl-D leaves.
 *
 * Line editing uses GNU readline, or libedit's readline-compatible API when built with
 * -DKC_SHELL_LIBEDIT=ON. Only this file uses it: libkube never links either. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef KC_SHELL_LIBEDIT
#include <editline/readline.h>
#else
#include <readline/history.h>
#include <readline/readline.h>
#endif

#include "kc.h"
#include "../lib/banned.h"

#define SHELL_HISTORY_MAX 2000

static volatile sig_atomic_t shell_sigint;
static volatile int *shell_cancel;
static struct kc_ctx *shell_base;

/* the line handed over by readline's callback interface */
static char *shell_line;
static bool shell_line_done;

static void on_sigint(int sig)
{
	(void)sig;
	shell_sigint = 1;
	if (shell_cancel)
		*shell_cancel = 1;
}

/* ---- words ---- */

struct words {
	char **v;
	int n;
	char *buf;
	const char *pipeline; /* text after an unquoted '|', or NULL */
};

static void words_free(struct words *w)
{
	free(w->v);
	free(w->buf);
	memset(w, 0, sizeof(*w));
}

/* Split like sh: blanks separate words, '...' is literal, "..." keeps \" \\ \$ \` escapes,
 * a backslash quotes the next character, an unquoted '|' ends the command. Returns 0, or -1
 * with *msg set. With partial, an unterminated quote is accepted (completion of a word being
 * typed) and a blank at the end adds an empty last word. */
static int split_words(const char *line, struct words *w, bool partial, const char **msg)
{
	size_t len = strlen(line);
	const char *p = line;
	char *o;
	bool in_word = false, ended_blank = false;

	memset(w, 0, sizeof(*w));
	if (!(w->buf = malloc(len + 1)) || !(w->v = calloc(len / 2 + 3, sizeof(*w->v)))) {
		*msg = "out of memory";
		return -1;
	}
	o = w->buf;
	while (*p) {
		char ch = *p;

		if (ch == ' ' || ch == '\t' || ch == '\n') {
			if (in_word) {
				*o++ = '\0';
				in_word = false;
			}
			ended_blank = true;
			p++;
			continue;
		}
		if (ch == '|' && !partial) {
			w->pipeline = p + 1;
			break;
		}
		ended_blank = false;
		if (!in_word) {
			w->v[w->n++] = o;
			in_word = true;
		}
		if (ch == '\'') {
			for (p++; *p && *p != '\''; p++)
				*o++ = *p;
			if (!*p && !partial) {
				*msg = "unterminated quote";
				return -1;
			}
			if (*p)
				p++;
			continue;
		}
		if (ch == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
					p++;
				*o++ = *p;
			}
			if (!*p && !partial) {
				*msg = "unterminated quote";
				return -1;
			}
			if (*p)
				p++;
			continue;
		}
		if (ch == '\\' && p[1]) {
			*o++ = p[1];
			p += 2;
			continue;
		}
		*o++ = ch;
		p++;
	}
	if (in_word)
		*o++ = '\0';
	if (partial && (ended_blank || w->n == 0)) {
		*o = '\0';
		w->v[w->n++] = o;
	}
	return 0;
}

/* ---- state shown in the prompt ---- */

static const char *context_name(struct kc_ctx *base)
{
	if (base->g.context && *base->g.context)
		return base->g.context;
	if (kc_config(base, NULL) < 0)
		return NULL;
	return kube_config_current_context(base->config);
}

static void make_prompt(struct kc_ctx *base, kube_buf *b)
{
	const char *cx = context_name(base);

	kube_buf_truncate(b, 0);
	if (kc_client(base, NULL) == 0)
		kube_buf_printf(b, "%s %s:%s> ", base->argv0, cx && *cx ? cx : "-",
				kc_namespace(base));
	else
		kube_buf_printf(b, "%s> ", base->argv0);
}

/* ---- built-ins ---- */

static char *own_copy(struct kc_ctx *base, const char *s)
{
	char *c = strdup(s);

	if (c && !kc_own(base, c)) {
		free(c);
		return NULL;
	}
	return c;
}

static int use_context(struct kc_ctx *base, int argc, char **argv)
{
	const char *name;
	size_t i, n;
	bool found = false;
	kube_err err = KUBE_ERR_INIT;

	if (argc == 0) {
		name = context_name(base);
		printf("%s\n", name && *name ? name : "");
		fflush(stdout);
		return 0;
	}
	if (argc > 1)
		return kc_error(base, "use-context takes one context name");
	if (kc_config(base, &err) < 0) {
		int rc = kc_report(base, &err);

		kube_err_clear(&err);
		return rc;
	}
	n = kube_config_count(base->config, KUBE_CONFIG_CONTEXTS);
	for (i = 0; i < n && !found; i++)
		found = !strcmp(kube_config_name(base->config, KUBE_CONFIG_CONTEXTS, i), argv[0]);
	if (!found)
		return kc_error(base, "no context exists with the name: \"%s\"", argv[0]);
	if (!(name = own_copy(base, argv[0])))
		return kc_error(base, "out of memory");
	/* a new client, discovery and namespace for the new context */
	kc_ctx_release(base);
	base->g.context = name;
	base->ns = NULL;
	if (kc_client(base, &err) < 0) {
		int rc = kc_report(base, &err);

		kube_err_clear(&err);
		return rc;
	}
	printf("Switched to context \"%s\".\n", name);
	fflush(stdout);
	return 0;
}

static int namespace_cmd(struct kc_ctx *base, int argc, char **argv)
{
	const char *ns;
	kube_err err = KUBE_ERR_INIT;

	if (kc_client(base, &err) < 0) {
		int rc = kc_report(base, &err);

		kube_err_clear(&err);
		return rc;
	}
	if (argc == 0) {
		printf("%s\n", kc_namespace(base));
		fflush(stdout);
		return 0;
	}
	if (argc > 1 || !*argv[0])
		return kc_error(base, "namespace takes one namespace name");
	if (!(ns = own_copy(base, argv[0])))
		return kc_error(base, "out of memory");
	base->ns = ns;
	base->ns_explicit = false;
	return 0;
}

/* ---- running a line ---- */

static void forget_warnings(struct kc_ctx *base)
{
	size_t i;

	for (i = 0; i < base->nwarnings; i++)
		free(base->warnings[i]);
	free(base->warnings);
	base->warnings = NULL;
	base->nwarnings = 0;
}

/* Returns 1 when the shell should end. */
static int run_line(struct kc_ctx *base, const char *line)
{
	struct words w;
	const char *msg = NULL;
	char **argv = NULL;
	FILE *pipe = NULL;
	int saved = -1, i;

	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line || *line == '#')
		return 0;
	if (*line == '!') {
		fflush(stdout);
		if (system(line + 1) == -1)
			kc_error(base, "cannot run /bin/sh: %s", strerror(errno));
		return 0;
	}
	if (split_words(line, &w, false, &msg) < 0) {
		kc_error(base, "%s", msg);
		words_free(&w);
		return 0;
	}
	if (w.n == 0) {
		if (w.pipeline)
			kc_error(base, "a command must come before '|'");
		words_free(&w);
		return 0;
	}
	if (!strcmp(w.v[0], "exit") || !strcmp(w.v[0], "quit")) {
		words_free(&w);
		return 1;
	}
	if (w.pipeline) {
		fflush(stdout);
		if (!(pipe = popen(w.pipeline, "w")) || (saved = dup(STDOUT_FILENO)) < 0 ||
		    dup2(fileno(pipe), STDOUT_FILENO) < 0) {
			kc_error(base, "cannot start the pipeline: %s", strerror(errno));
			goto out;
		}
	}
	base->cancel = 0;
	shell_sigint = 0;
	if (!strcmp(w.v[0], "use-context")) {
		use_context(base, w.n - 1, w.v + 1);
	} else if (!strcmp(w.v[0], "namespace") || !strcmp(w.v[0], "ns")) {
		namespace_cmd(base, w.n - 1, w.v + 1);
	} else if ((argv = calloc((size_t)w.n + 2, sizeof(*argv)))) {
		argv[0] = (char *)base->argv0;
		for (i = 0; i < w.n; i++)
			argv[i + 1] = w.v[i];
		kc_main_with(base, w.n + 1, argv);
		forget_warnings(base);
	}
out:
	fflush(stdout);
	clearerr(stdout);
	if (saved >= 0) {
		dup2(saved, STDOUT_FILENO);
		close(saved);
	}
	if (pipe)
		pclose(pipe);
	base->cancel = 0;
	free(argv);
	words_free(&w);
	return 0;
}

/* ---- completion ---- */

static kube_complete_list shell_cands;
static size_t shell_cand_next;

static char *cand_gen(const char *text, int state)
{
	(void)text;
	if (!state)
		shell_cand_next = 0;
	while (shell_cand_next < shell_cands.n) {
		const char *c = shell_cands.v[shell_cand_next++];

		return strdup(c);
	}
	return NULL;
}

/* Does the line give flags that change the connection? (then completion runs in a separate
 * process, as the shell's client must not change) */
static bool names_connection_flag(const struct words *w)
{
	static const char *const flags[] = {"--context", "--cluster", "--user", "--kubeconfig",
					    "--server", "-s", "--token", "--as", "--as-group",
					    "--as-uid", "--certificate-authority",
					    "--client-certificate", "--client-key",
					    "--insecure-skip-tls-verify", "--tls-server-name",
					    "--username", "--password", "--cache-dir", NULL};
	const char *const *f;
	int i;

	for (i = 0; i < w->n; i++) {
		for (f = flags; *f; f++) {
			size_t l = strlen(*f);

			if (!strncmp(w->v[i], *f, l) && (w->v[i][l] == '\0' || w->v[i][l] == '='))
				return true;
			if (l == 2 && !strncmp(w->v[i], *f, 2))
				return true;
		}
	}
	return false;
}

/* kubec __completeNoDesc WORDS... in a child process; appends the candidates to out. */
static int complete_child(struct kc_ctx *base, const struct words *w, kube_complete_list *out)
{
	static char req[] = "__completeNoDesc";
	int fds[2], status, i, d = 0;
	pid_t pid;
	kube_buf b = KUBE_BUF_INIT;
	char buf[4096], *line, *nl;
	ssize_t got;

	if (pipe(fds) < 0)
		return 0;
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return 0;
	}
	if (pid == 0) {
		char **argv = calloc((size_t)w->n + 3, sizeof(*argv));
		int devnull = open("/dev/null", O_WRONLY);

		dup2(fds[1], STDOUT_FILENO);
		if (devnull >= 0)
			dup2(devnull, STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		if (!argv)
			_exit(1);
		argv[0] = (char *)base->argv0;
		argv[1] = req;
		for (i = 0; i < w->n; i++)
			argv[i + 2] = w->v[i];
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	close(fds[1]);
	while ((got = read(fds[0], buf, sizeof(buf))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			break;
		kube_buf_put(&b, buf, (size_t)got);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	for (line = b.ptr; *line; line = nl + 1) {
		if (!(nl = strchr(line, '\n')))
			break;
		*nl = '\0';
		if (line[0] == ':' && !strchr(nl + 1, '\n'))
			d = (int)strtol(line + 1, NULL, 10);
		else if (*line)
			kube_complete_list_add(out, line, NULL);
	}
	kube_buf_release(&b);
	return d;
}

static int shell_directive;
/* words for completion: '=' ':' '/' stay inside (--output=json, svc/name) */
static char shell_breaks[] = " \t\n\"'|";

/* In-process completion on the shell's warm state; candidates without descriptions. */
static int complete_here(struct kc_ctx *base, const struct words *w, kube_complete_list *out)
{
	struct kc_ctx t;
	size_t i;
	int d;

	memset(&t, 0, sizeof(t));
	t.argv0 = base->argv0;
	t.out = stdout;
	t.g = base->g;
	t.g.as_group.v = NULL; /* kc_complete may add to it; the shell's stays untouched */
	t.g.as_group.n = 0;
	kc_client(base, NULL);
	t.config = base->config;
	t.client = base->client;
	t.disc = base->disc;
	t.ns = base->ns;
	t.ns_explicit = base->ns_explicit;
	d = kc_complete(&t, w->n, w->v, out, NULL);
	if (!base->disc)
		base->disc = t.disc; /* loaded during completion: keep it warm */
	free(t.g.as_group.v);
	for (i = 0; i < out->n; i++)
		out->v[i][strcspn(out->v[i], "\t")] = '\0';
	return d;
}

static char **shell_complete(const char *text, int start, int end)
{
	struct words w;
	const char *msg;
	char *upto = strndup(rl_line_buffer, (size_t)end);
	char **m = NULL;
	const char *last, *eq;
	size_t i;
	bool builtin = false;

	(void)start;
	rl_attempted_completion_over = 1;
	kube_complete_list_release(&shell_cands);
	if (!upto || split_words(upto, &w, true, &msg) < 0) {
		free(upto);
		return NULL;
	}
	/* the built-ins complete as the flags they stand for (kubeconfig, namespace names) */
	if (w.n == 2 && (!strcmp(w.v[0], "use-context") || !strcmp(w.v[0], "namespace") ||
			 !strcmp(w.v[0], "ns"))) {
		static char ctxflag[] = "--context", nsflag[] = "--namespace";

		builtin = true;
		w.v[0] = !strcmp(w.v[0], "use-context") ? ctxflag : nsflag;
	}
	shell_directive = names_connection_flag(&w) && !builtin
				  ? complete_child(shell_base, &w, &shell_cands)
				  : complete_here(shell_base, &w, &shell_cands);
	/* --flag=value: the candidates are values; readline replaces the whole word */
	last = w.v[w.n - 1];
	if (last[0] == '-' && (eq = strchr(last, '='))) {
		kube_buf b = KUBE_BUF_INIT;

		for (i = 0; i < shell_cands.n; i++) {
			kube_buf_truncate(&b, 0);
			kube_buf_printf(&b, "%.*s%s", (int)(eq - last + 1), last, shell_cands.v[i]);
			if (!b.failed) {
				free(shell_cands.v[i]);
				shell_cands.v[i] = kube_buf_detach(&b, NULL);
			}
		}
		kube_buf_release(&b);
	}
	/* keep only what matches the word being typed */
	for (i = 0; i < shell_cands.n;) {
		if (kube_complete_has_prefix(shell_cands.v[i], text)) {
			i++;
			continue;
		}
		free(shell_cands.v[i]);
		memmove(shell_cands.v + i, shell_cands.v + i + 1,
			(shell_cands.n - i) * sizeof(*shell_cands.v));
		shell_cands.n--;
	}
	if (shell_cands.n) {
		rl_completion_append_character = (shell_directive & 2) ? '\0' : ' ';
		m = rl_completion_matches(text, cand_gen);
	} else if (!(shell_directive & (1 | 4))) {
		rl_attempted_completion_over = 0; /* fall back to file names */
	}
	words_free(&w);
	free(upto);
	return m;
}

/* ---- the loop ---- */

static void on_line(char *line)
{
	shell_line = line;
	shell_line_done = true;
	rl_callback_handler_remove();
}

/* Read one line with the prompt; NULL at end of input. Ctrl-C drops the line being typed. */
static char *read_line(const char *prompt)
{
	shell_line = NULL;
	shell_line_done = false;
	rl_callback_handler_install(prompt, on_line);
	while (!shell_line_done) {
		fd_set fds;
		int r;

		FD_ZERO(&fds);
		FD_SET(STDIN_FILENO, &fds);
		r = select(STDIN_FILENO + 1, &fds, NULL, NULL, NULL);
		if (r < 0 && errno == EINTR) {
			if (shell_sigint) {
				/* drop the line being typed and start over, as sh does */
				shell_sigint = 0;
				fputs("^C\n", stdout);
				fflush(stdout);
				rl_free_line_state();
#ifndef KC_SHELL_LIBEDIT
				rl_callback_sigcleanup();
#endif
				rl_replace_line("", 0);
				rl_callback_handler_remove();
				rl_callback_handler_install(prompt, on_line);
			}
			continue;
		}
		if (r < 0)
			break;
		rl_callback_read_char();
	}
	if (!shell_line_done) {
		rl_callback_handler_remove();
		return NULL;
	}
	return shell_line;
}

static void history_path(kube_buf *b)
{
	const char *env = getenv("KUBEC_HISTFILE"), *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (env && *env)
		kube_buf_puts(b, env);
	else if (state && *state == '/')
		kube_buf_printf(b, "%s/kubec/history", state);
	else if (home && *home)
		kube_buf_printf(b, "%s/.local/state/kubec/history", home);
}

static void mkdir_parents(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0700);
		*p = '/';
	}
}

static int shell_run(struct kc_ctx *ctx, void *args, int argc, char **argv)
{
	struct sigaction sa, old_int, old_pipe;
	kube_buf prompt = KUBE_BUF_INIT, hist = KUBE_BUF_INIT;
	bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	char *line = NULL;
	size_t cap = 0;

	(void)args;
	(void)argv;
	if (argc > 0)
		return kc_usage_error(ctx, "unexpected arguments: %s", argv[0]);
	shell_base = ctx;
	shell_cancel = &ctx->cancel;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int); /* no SA_RESTART: Ctrl-C interrupts the wait for input */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &old_pipe);

	if (tty) {
		/* output shows up as it comes (watches), not when the buffer fills */
		setvbuf(stdout, NULL, _IOLBF, 0);
		rl_catch_signals = 0;
		rl_readline_name = "kubec";
		rl_attempted_completion_function = shell_complete;
		rl_completer_word_break_characters = shell_breaks;
		using_history();
		history_path(&hist);
		if (hist.len && !hist.failed)
			read_history(hist.ptr);
		fprintf(stdout, "%s shell: kubec commands without \"%s\"; use-context NAME, "
				"namespace NAME, !COMMAND, CMD | PIPELINE; Ctrl-D leaves.\n",
			ctx->argv0, ctx->argv0);
	}
	for (;;) {
		int end;

		if (tty) {
			make_prompt(ctx, &prompt);
			fflush(stdout);
			line = read_line(prompt.failed ? "> " : prompt.ptr);
			if (!line) {
				fputc('\n', stdout);
				break;
			}
			if (*line && *line != ' ')
				add_history(line);
		} else {
			ssize_t got = getline(&line, &cap, stdin);

			if (got < 0)
				break;
			if (got > 0 && line[got - 1] == '\n')
				line[got - 1] = '\0';
		}
		end = run_line(ctx, line);
		if (tty) {
			free(line);
			line = NULL;
		}
		if (end)
			break;
	}
	if (tty && hist.len && !hist.failed) {
		mkdir_parents(hist.ptr);
		write_history(hist.ptr);
		history_truncate_file(hist.ptr, SHELL_HISTORY_MAX);
	}
	free(line);
	kube_complete_list_release(&shell_cands);
	kube_buf_release(&prompt);
	kube_buf_release(&hist);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
	shell_cancel = NULL;
	shell_base = NULL;
	return 0;
}

const struct kc_cmd cmd_shell = {
	.name = "shell",
	.summary = "Run kubec commands at an interactive prompt on one warm connection",
	.usage = "[options]",
	.description =
		"Start an interactive prompt that runs kubec commands without the program name.\n\n"
		" The prompt shows the context and the namespace. The connection to the API server "
		"and the discovery data are set up once and shared by every command, so a command "
		"costs one round trip. TAB completes as the shell completion scripts do, history is "
		"kept in ${XDG_STATE_HOME:-~/.local/state}/kubec/history (or $KUBEC_HISTFILE).\n\n"
		" Built-in commands: use-context NAME switches the context of the shell (the "
		"kubeconfig file is not changed); namespace NAME (or ns NAME) switches the "
		"namespace; !COMMAND runs COMMAND with /bin/sh; exit or quit leaves, as does Ctrl-D. "
		"A command followed by | PIPELINE sends its output to the shell pipeline. Ctrl-C "
		"stops the running request and leaves the shell running.\n\n"
		" When standard input is not a terminal, the lines are read from it without a "
		"prompt.",
	.examples = "  # Start the shell\n"
		    "  kubectl shell\n"
		    "\n"
		    "  # At the prompt\n"
		    "  get pods -o wide\n"
		    "  namespace kube-system\n"
		    "  get pods -o json | jq '.items[].metadata.name'\n"
		    "  !ls ~/.kube\n"
		    "\n"
		    "  # Run a list of commands on one connection\n"
		    "  printf 'get pods\\nget services\\n' | kubectl shell",
	.min_args = 0,
	.max_args = 0,
	.run = shell_run,
	.group = "Other Commands:",
};
