/* kubectl plugins: a first word that names no command runs the executable kubectl-WORD[-WORD...]
 * found in PATH (the longest match of the leading non-flag words, '-' in a word spelled '_'),
 * with the remaining words as its arguments, as kubectl's plugin handler does. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kc.h"
#include "../lib/banned.h"

extern char **environ;

/* exec.LookPath: the first PATH entry holding an executable regular file of that name */
static char *look_path(const char *name)
{
	const char *path = getenv("PATH"), *p, *e;
	kube_buf b = KUBE_BUF_INIT;
	struct stat st;

	for (p = path ? path : ""; p; p = *e ? e + 1 : NULL) {
		e = p + strcspn(p, ":");
		kube_buf_truncate(&b, 0);
		if (e == p)
			kube_buf_putc(&b, '.');
		else
			kube_buf_put(&b, p, (size_t)(e - p));
		kube_buf_printf(&b, "/%s", name);
		if (!b.failed && stat(b.ptr, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(b.ptr, X_OK) == 0)
			return kube_buf_detach(&b, NULL);
		if (!*e)
			break;
	}
	kube_buf_release(&b);
	return NULL;
}

int kc_plugin_dispatch(int argc, char **argv)
{
	const char *first = NULL;
	kube_buf name = KUBE_BUF_INIT;
	char *path = NULL, **args;
	int i, n, words = 0;

	if (argc < 2 || kc_line_names_command(argc, argv))
		return -1;
	for (i = 1; i < argc; i++)
		if (argv[i][0] != '-') {
			first = argv[i];
			break;
		}
	if (first && (!strcmp(first, "help") || !strncmp(first, "__complete", 10)))
		return -1;
	while (words + 1 < argc && argv[words + 1][0] != '-')
		words++;
	if (!words) {
		fprintf(stderr, "Error: flags cannot be placed before plugin name: %s\n", argv[1]);
		return 1;
	}
	for (n = words; n > 0; n--) {
		kube_buf_truncate(&name, 0);
		kube_buf_puts(&name, "kubectl");
		for (i = 1; i <= n; i++) {
			const char *w;

			kube_buf_putc(&name, '-');
			for (w = argv[i]; *w; w++)
				kube_buf_putc(&name, *w == '-' ? '_' : *w);
		}
		if (name.failed)
			break;
		if ((path = look_path(name.ptr)))
			break;
	}
	kube_buf_release(&name);
	if (!path)
		return -1; /* no plugin: the unknown command is reported as usual */
	/* argv[0] is the plugin's path; the words past its name follow */
	if (!(args = calloc((size_t)(argc - n) + 1, sizeof(*args)))) {
		free(path);
		fputs("error: out of memory\n", stderr);
		return 1;
	}
	args[0] = path;
	for (i = n + 1; i < argc; i++)
		args[i - n] = argv[i];
	fflush(stdout);
	execve(path, args, environ);
	fprintf(stderr, "Error: fork/exec %s: %s\n", path, strerror(errno));
	free(args);
	free(path);
	return 1;
}
