/* kuberc applied to the command line before it is parsed, as kubectl's preferences handler
 * does: an alias (the first word that is no flag, when it names no command) becomes its
 * command with its arguments and flag defaults; then the defaults of the command run are
 * added for each flag the line does not give. Defaults are passed on as --name=value words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kube/kuberc.h>

#include "kc.h"
#include "../lib/banned.h"

struct line {
	char **v; /* NULL-terminated; the strings are borrowed (argv, preferences, owned) */
	int n, cap;
};

struct owned {
	char **p; /* strings allocated here */
	int n;
};

static bool push(struct line *l, char *s)
{
	if (l->n + 2 > l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		char **v = realloc(l->v, (size_t)cap * sizeof(*v));

		if (!v)
			return false;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
	return true;
}

static char *own(struct owned *w, char *s)
{
	char **o;

	if (!s || !(o = realloc(w->p, (size_t)(w->n + 1) * sizeof(*o)))) {
		free(s);
		return NULL;
	}
	w->p = o;
	w->p[w->n++] = s;
	return s;
}

/* The command named by the words of line (flags and their values skipped), from the root;
 * NULL when the first word names none (as cobra's Find fails). *last: the index of the last
 * word naming a command (0 for the root). */
static const struct kc_cmd *walk(char **v, int n, int *last)
{
	const struct kc_cmd *cmd = &cmd_root, *sub;
	int i;

	*last = 0;
	for (i = 1; i < n; i++) {
		const char *a = v[i];

		if (!strcmp(a, "--"))
			break;
		if (a[0] == '-' && a[1]) {
			if (kc_takes_value(cmd, a) && i + 1 < n)
				i++;
			continue;
		}
		if (!cmd->sub)
			break;
		if (!(sub = kc_find_sub(cmd, a)) && !(cmd == &cmd_root && (sub = kc_find_hidden(a))))
			return cmd == &cmd_root ? NULL : cmd;
		cmd = sub;
		*last = i;
	}
	return cmd;
}

static const struct kc_cmd *find_cmd(char **v, int n)
{
	int last;

	return walk(v, n, &last);
}

bool kc_line_names_command(int argc, char **argv)
{
	return find_cmd(argv, argc) != NULL;
}

/* cmd from words like "create secret tls"; NULL when one is no subcommand */
static const struct kc_cmd *find_words(const char *words)
{
	const struct kc_cmd *cmd = &cmd_root;
	char *copy = strdup(words), *w, *save = NULL;

	if (!copy)
		return NULL;
	for (w = strtok_r(copy, " \t", &save); w && cmd; w = strtok_r(NULL, " \t", &save))
		cmd = kc_find_sub(cmd, w);
	free(copy);
	return cmd == &cmd_root ? NULL : cmd;
}

/* kubectl's searchInArgs: whether the flag appears on the line in any spelling */
static bool given(const struct kc_opt *o, char **v, int n)
{
	size_t len = strlen(o->long_name);
	int i;

	for (i = 1; i < n; i++) {
		const char *a = v[i];

		if (!strncmp(a, "--", 2) && !strncmp(a + 2, o->long_name, len) &&
		    (a[2 + len] == '\0' || a[2 + len] == '='))
			return true;
		if (!o->short_name)
			continue;
		if (a[0] == '-' && a[1] == o->short_name)
			return true;
		if (a[0] == '-' && a[1] && a[1] != '-' && strspn(a + 1, "abcdefghijklmnopqrstuvwxyz"
							       "ABCDEFGHIJKLMNOPQRSTUVWXYZ") ==
								strlen(a + 1) &&
		    strchr(a + 1, o->short_name))
			return true;
	}
	return false;
}

/* Add --name=value after the word at index at for each option the line lacks. Returns 0,
 * -1 with *bad set to the option that names no flag of cmd, or -2 (out of memory). */
static int add_defaults(struct line *l, struct owned *w, int at, const struct kc_cmd *cmd,
			const kube_kuberc_option *opts, size_t nopts, size_t *bad)
{
	size_t i;

	for (i = 0; i < nopts; i++) {
		const struct kc_opt *o = kc_lookup_opt(cmd, opts[i].name, false);
		kube_buf b = KUBE_BUF_INIT;
		char *s;

		if (!o || strcmp(o->long_name, opts[i].name)) {
			*bad = i;
			return -1;
		}
		if (given(o, l->v, l->n))
			continue;
		kube_buf_printf(&b, "--%s=%s", opts[i].name, opts[i].value);
		if (b.failed || !(s = own(w, kube_buf_detach(&b, NULL))) || !push(l, NULL))
			return -2;
		memmove(&l->v[at + 2], &l->v[at + 1], (size_t)(l->n - at - 1) * sizeof(*l->v));
		l->v[at + 1] = s;
		at++;
	}
	return 0;
}

/* the index of the last word naming a command (the flags of that command follow it) */
static int command_end(char **v, int n)
{
	int last;

	walk(v, n, &last);
	return last;
}

static int apply(struct line *l, struct owned *w, const kube_kuberc *k, kube_buf *msg)
{
	const struct kc_cmd *cmd;
	const kube_kuberc_alias *alias = NULL;
	int i, name_at = 0, r;
	size_t j, bad = 0;

	/* aliases: only when the line names no command */
	if (!find_cmd(l->v, l->n)) {
		for (i = 1; i < l->n; i++)
			if (l->v[i][0] != '-' && strncmp(l->v[i], "__complete", 10)) {
				name_at = i;
				break;
			}
		for (j = 0; name_at && j < k->naliases; j++)
			if (!strcmp(k->aliases[j].name, l->v[name_at])) {
				alias = &k->aliases[j];
				break;
			}
	}
	if (alias) {
		struct line n = {NULL, 0, 0};
		char *copy, *word, *save = NULL;
		int at;

		if (!(cmd = find_words(alias->command))) {
			kube_buf_printf(msg, "command \"%s\" not found to set alias \"%s\": [%s]",
					alias->command, alias->name, alias->command);
			return -1;
		}
		r = -2;
		for (i = 0; i < name_at; i++)
			if (!push(&n, l->v[i]))
				goto fail;
		if (!(copy = own(w, strdup(alias->command))))
			goto fail;
		for (word = strtok_r(copy, " \t", &save); word; word = strtok_r(NULL, " \t", &save))
			if (!push(&n, word))
				goto fail;
		at = n.n - 1;
		for (j = 0; j < alias->nprepend_args; j++)
			if (!push(&n, alias->prepend_args[j]))
				goto fail;
		for (i = name_at + 1; i < l->n; i++)
			if (!push(&n, l->v[i]))
				goto fail;
		for (j = 0; j < alias->nappend_args; j++)
			if (!push(&n, alias->append_args[j]))
				goto fail;
		free(l->v);
		*l = n;
		if ((r = add_defaults(l, w, at, cmd, alias->options, alias->noptions, &bad)) == -1)
			/* kubectl names the program here, not the alias */
			kube_buf_printf(msg, "invalid alias flag %s in alias %s",
					alias->options[bad].name, l->v[0]);
		if (r < 0)
			return r;
		goto defaults;
fail:
		free(n.v);
		return r;
	}
defaults:
	/* defaults of the command run */
	if (!(cmd = find_cmd(l->v, l->n)))
		return 0;
	for (j = 0; j < k->ndefaults; j++) {
		const kube_kuberc_default *d = &k->defaults[j];
		const struct kc_cmd *dc = find_words(d->command);

		if (alias && !strcmp(d->command, alias->name)) {
			kube_buf_printf(msg, "alias %s can not be overridden", alias->name);
			return -1;
		}
		if (!dc) {
			fprintf(stderr, "Warning: command \"%s\" not found to set kuberc override\n",
				d->command);
			continue;
		}
		/* an alias runs under its own name: the defaults of its command stay off */
		if (alias || strcmp(dc->name, cmd->name))
			continue;
		r = add_defaults(l, w, command_end(l->v, l->n), cmd, d->options, d->noptions, &bad);
		if (r == -1)
			kube_buf_printf(msg, "invalid flag %s for command %s", d->options[bad].name,
					d->command);
		if (r < 0)
			return r;
	}
	return 0;
}

/* kubectl's getExplicitKuberc: --kuberc PATH or --kuberc=PATH before `--` (Go splits the
 * word on every '=', so the value ends at the next one). *path is malloc'ed, NULL when not
 * given. Returns -1 for a flag without a value, -2 when out of memory. */
static int explicit_path(int argc, char **argv, char **path)
{
	const char *v = NULL;
	size_t n = 0;
	int i;

	*path = NULL;
	for (i = 0; i < argc && !v; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--kuberc")) {
			if (i + 1 >= argc)
				return -1;
			v = argv[i + 1];
			n = strlen(v);
		} else if (strstr(argv[i], "--kuberc=")) {
			v = strchr(argv[i], '=') + 1;
			if (!(n = strcspn(v, "=")))
				return -1;
		}
	}
	if (v && !(*path = strndup(v, n)))
		return -2;
	return 0;
}

int kc_kuberc_apply(int argc, char **argv, struct kc_kuberc_line *out)
{
	const char *gate = getenv("KUBECTL_KUBERC");
	char *path = NULL;
	kube_kuberc *k = NULL;
	kube_err err = KUBE_ERR_INIT;
	kube_buf warning = KUBE_BUF_INIT, msg = KUBE_BUF_INIT;
	struct line l = {NULL, 0, 0};
	struct owned w = {NULL, 0};
	int i, rc = 0, r;

	memset(out, 0, sizeof(*out));
	if (argc <= 1 || (gate && !strcmp(gate, "false")))
		return 0;
	if ((r = explicit_path(argc, argv, &path)) == -2) {
		fputs("error: out of memory\n", stderr);
		return 1;
	}
	if (r < 0) {
		fputs("error occurred while applying preferences kuberc file is not found\n", stderr);
		return 1;
	}
	r = kube_kuberc_load(&k, path, &warning, &err);
	if (warning.len)
		fputs(warning.ptr, stderr); /* no newline, as kubectl */
	if (r < 0) {
		fprintf(stderr, "error occurred while applying preferences kuberc error %s\n",
			err.message ? err.message : "");
		rc = 1;
		goto out;
	}
	if (!k)
		goto out;
	if (kube_kuberc_validate(k, &err) < 0) {
		fprintf(stderr, "error occurred while applying preferences %s\n",
			err.message ? err.message : "");
		rc = 1;
		goto out;
	}
	for (i = 0; i < argc; i++)
		if (!push(&l, argv[i]))
			goto oom;
	if ((r = apply(&l, &w, k, &msg)) == -2 || msg.failed)
		goto oom;
	if (r < 0) {
		fprintf(stderr, "error occurred while applying preferences %s\n", msg.ptr);
		rc = 1;
		goto out;
	}
	/* the strings of the preferences live as long as the line */
	out->argc = l.n;
	out->argv = l.v;
	out->own = w.p;
	out->nown = w.n;
	out->prefs = k;
	l.v = NULL;
	w.p = NULL;
	w.n = 0;
	k = NULL;
	goto out;
oom:
	fputs("error: out of memory\n", stderr);
	rc = 1;
out:
	free(l.v);
	for (i = 0; i < w.n; i++)
		free(w.p[i]);
	free(w.p);
	kube_kuberc_free(k);
	free(path);
	kube_err_clear(&err);
	kube_buf_release(&warning);
	kube_buf_release(&msg);
	return rc;
}

void kc_kuberc_line_release(struct kc_kuberc_line *l)
{
	int i;

	free(l->argv);
	for (i = 0; i < l->nown; i++)
		free(l->own[i]);
	free(l->own);
	kube_kuberc_free(l->prefs);
	memset(l, 0, sizeof(*l));
}
