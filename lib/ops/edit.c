/* kubectl edit: write the objects to a temporary file (mode 0600) with kubectl's header, run the
 * editor, validate, and send a two-way strategic merge patch (JSON merge patch for custom
 * resources) for every changed object; on invalid edits reopen the file with the errors; keep
 * the file and print its path when the edit cannot be saved. See include/kube/mutate.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <kube/apply.h>
#include <kube/codec.h>
#include <kube/mutate.h>

#include "generate-internal.h"
#include "mutate-internal.h"
#include "ops/apply-internal.h"
#include "banned.h"

#define OOM(err) kube_err_set(err, KUBE_ENOMEM, "out of memory")

#define HEADER                                                                                     \
	"# Please edit the object below. Lines beginning with a '#' will be ignored,\n"            \
	"# and an empty file will abort the edit. If an error occurs while saving this file will "  \
	"be\n"                                                                                     \
	"# reopened with the relevant failures.\n"                                                 \
	"#\n"

/* ---- the editor ---- */

struct editor {
	char **argv;   /* arguments before the file */
	size_t argc;
	bool shell;    /* the last argument is a shell command line: the path is appended quoted */
	char *display; /* strings.Join(args, " ") for messages */
};

static void editor_release(struct editor *e)
{
	size_t i;

	for (i = 0; i < e->argc; i++)
		free(e->argv[i]);
	free(e->argv);
	free(e->display);
	memset(e, 0, sizeof(*e));
}

static int push_arg(struct editor *e, const char *s, size_t n, kube_err *err)
{
	char **nv = realloc(e->argv, (e->argc + 2) * sizeof(*nv));
	char *a;

	if (!nv)
		return OOM(err);
	e->argv = nv;
	if (!(a = malloc(n + 1)))
		return OOM(err);
	memcpy(a, s, n);
	a[n] = '\0';
	e->argv[e->argc++] = a;
	e->argv[e->argc] = NULL;
	return 0;
}

/* kubectl's defaultEnvEditor: no space: the program; spaces but no quotes or backslashes: split
 * on every space; otherwise $SHELL -c "<editor> <quoted path>". */
static int editor_parse(struct editor *e, const char *cmd, kube_err *err)
{
	kube_buf d = KUBE_BUF_INIT;
	size_t i;
	int rc = 0;

	memset(e, 0, sizeof(*e));
	if (!strchr(cmd, ' ')) {
		rc = push_arg(e, cmd, strlen(cmd), err);
	} else if (!strpbrk(cmd, "\"'\\")) {
		const char *p = cmd, *sp;

		for (;;) {
			sp = strchr(p, ' ');
			if ((rc = push_arg(e, p, sp ? (size_t)(sp - p) : strlen(p), err)) < 0 || !sp)
				break;
			p = sp + 1;
		}
	} else {
		const char *sh = getenv("SHELL");

		if (!sh || !*sh)
			sh = "/bin/bash";
		e->shell = true;
		if ((rc = push_arg(e, sh, strlen(sh), err)) == 0 &&
		    (rc = push_arg(e, "-c", 2, err)) == 0)
			rc = push_arg(e, cmd, strlen(cmd), err);
	}
	for (i = 0; rc == 0 && i < e->argc; i++)
		kube_buf_printf(&d, "%s%s", i ? " " : "", e->argv[i]);
	if (rc == 0 && !(e->display = kube_buf_detach(&d, NULL)))
		rc = OOM(err);
	kube_buf_release(&d);
	return rc;
}

static int editor_launch(const struct editor *e, const char *path, kube_err *err)
{
	char **argv = NULL;
	kube_buf last = KUBE_BUF_INIT;
	size_t i;
	pid_t pid;
	int status, rc = 0, pipefd[2] = {-1, -1};

	if (!e->argc)
		return kube_err_set(err, KUBE_EINVAL, "no editor defined, can't open %s", path);
	if (!(argv = calloc(e->argc + 2, sizeof(*argv))))
		return OOM(err);
	for (i = 0; i < e->argc; i++)
		argv[i] = e->argv[i];
	if (e->shell) {
		kube_buf_printf(&last, "%s ", e->argv[e->argc - 1]);
		kube_go_quote(&last, path);
		if ((rc = kube_buf_check(&last, err)) < 0)
			goto out;
		argv[e->argc - 1] = last.ptr;
	} else {
		argv[e->argc] = (char *)path;
	}
	/* a pipe tells the parent whether exec failed */
	if (pipe(pipefd) < 0) {
		rc = kube_err_set(err, KUBE_EIO, "there was a problem with the editor \"%s\"",
				  e->display);
		goto out;
	}
	fcntl(pipefd[1], F_SETFD, FD_CLOEXEC);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		rc = kube_err_set(err, KUBE_EIO, "there was a problem with the editor \"%s\"",
				  e->display);
		goto out;
	}
	if (pid == 0) {
		int e2;

		close(pipefd[0]);
		execvp(argv[0], argv);
		e2 = errno;
		if (write(pipefd[1], &e2, sizeof(e2)) < 0)
			_exit(127);
		_exit(127);
	}
	close(pipefd[1]);
	pipefd[1] = -1;
	{
		int child_errno = 0;
		ssize_t n = read(pipefd[0], &child_errno, sizeof(child_errno));

		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (n == (ssize_t)sizeof(child_errno)) {
			rc = kube_err_set(err, KUBE_EIO, "unable to launch the editor \"%s\"",
					  e->display);
			goto out;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rc = kube_err_set(err, KUBE_EIO, "there was a problem with the editor \"%s\"",
				  e->display);
out:
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	kube_buf_release(&last);
	free(argv);
	return rc;
}

/* os.CreateTemp("", prefix+"*"+suffix): PREFIX<random digits>SUFFIX, mode 0600. */
static int temp_write(char **path, const char *tmpdir, const char *prefix, const char *suffix,
		      const kube_buf *data, kube_err *err)
{
	int tries, fd = -1;

	*path = NULL;
	for (tries = 0; tries < 100 && fd < 0; tries++) {
		unsigned r = 0;
		FILE *u = fopen("/dev/urandom", "rb");
		kube_buf p = KUBE_BUF_INIT;

		if (u) {
			if (fread(&r, sizeof(r), 1, u) != 1)
				r = (unsigned)getpid() * 2654435761u + (unsigned)tries;
			fclose(u);
		}
		kube_buf_printf(&p, "%s/%s%u%s", tmpdir, prefix, r, suffix);
		if (p.failed) {
			kube_buf_release(&p);
			return OOM(err);
		}
		fd = open(p.ptr, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			*path = kube_buf_detach(&p, NULL);
		else if (errno != EEXIST) {
			int e = errno;

			kube_err_set(err, KUBE_EIO, "open %s: %s", p.ptr, gen_errno_text(e));
			kube_buf_release(&p);
			return KUBE_EIO;
		}
		kube_buf_release(&p);
	}
	if (fd < 0)
		return kube_err_set(err, KUBE_EIO, "cannot create a temporary file in %s", tmpdir);
	if (write(fd, data->ptr, data->len) != (ssize_t)data->len) {
		int e = errno;

		close(fd);
		unlink(*path);
		return kube_err_set(err, KUBE_EIO, "write %s: %s", *path, gen_errno_text(e));
	}
	close(fd);
	return 0;
}

/* ---- text helpers ---- */

/* cmdutil.ManualStrip: drop lines whose first non-blank character is '#' (not "#!") */
static void manual_strip(kube_buf *out, const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while (p <= end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *t = p;

		while (t < le && (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\v' || *t == '\f'))
			t++;
		if (!(t < le && *t == '#' && !(t + 1 < le && t[1] == '!'))) {
			kube_buf_put(out, p, (size_t)(le - p));
			if (nl)
				kube_buf_putc(out, '\n');
		}
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* cmdutil.StripComments: the first document as JSON, or ManualStrip on a syntax error */
static void strip_comments(kube_buf *out, const kube_buf *in)
{
	if (kube_patch_to_json(out, in->ptr, NULL) < 0) {
		kube_buf_truncate(out, 0);
		out->failed = false;
		manual_strip(out, in->ptr, in->len);
	}
}

static bool same_stripped(const kube_buf *a, const kube_buf *b)
{
	kube_buf x = KUBE_BUF_INIT, y = KUBE_BUF_INIT;
	bool same;

	strip_comments(&x, a);
	strip_comments(&y, b);
	same = x.len == y.len && !memcmp(x.ptr, y.ptr, x.len);
	kube_buf_release(&x);
	kube_buf_release(&y);
	return same;
}

static bool has_lines(const kube_buf *b)
{
	const char *p = b->ptr, *end = b->ptr + b->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;

		while (p < le && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p < le && *p != '#')
			return true;
		p = nl ? nl + 1 : end;
	}
	return false;
}

/* hashOnLineBreak: continue a multi-line reason as comment lines */
static void put_hashed(kube_buf *b, const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++) {
		if (s[i] == '\n' && i + 1 < n && s[i + 1] != '#')
			kube_buf_puts(b, "\n# ");
		else
			kube_buf_putc(b, s[i]);
	}
}

/* Go's %#v of a value decoded from JSON (for kubectl's "no original object found" message). */
static void go_sharp_v(kube_buf *b, const kube_obj *v)
{
	const kube_obj *c;
	bool first = true;

	switch (kube_obj_type_of(v)) {
	case KUBE_OBJ_OBJECT: {
		const kube_obj **keys;
		size_t n = kube_obj_len(v), i, j;

		kube_buf_puts(b, "map[string]interface {}{");
		keys = calloc(n ? n : 1, sizeof(*keys));
		if (!keys) {
			b->failed = true;
			return;
		}
		i = 0;
		kube_obj_foreach(c, v) {
			for (j = i; j > 0 && strcmp(kube_obj_key(keys[j - 1]), kube_obj_key(c)) > 0; j--)
				keys[j] = keys[j - 1];
			keys[j] = c;
			i++;
		}
		for (i = 0; i < n; i++) {
			kube_buf_puts(b, first ? "" : ", ");
			kube_go_quote(b, kube_obj_key(keys[i]));
			kube_buf_putc(b, ':');
			go_sharp_v(b, keys[i]);
			first = false;
		}
		free(keys);
		kube_buf_putc(b, '}');
		return;
	}
	case KUBE_OBJ_ARRAY:
		kube_buf_puts(b, "[]interface {}{");
		kube_obj_foreach(c, v) {
			kube_buf_puts(b, first ? "" : ", ");
			go_sharp_v(b, c);
			first = false;
		}
		kube_buf_putc(b, '}');
		return;
	case KUBE_OBJ_STRING:
		kube_go_quote(b, kube_obj_str(v));
		return;
	case KUBE_OBJ_NUMBER:
		kube_buf_puts(b, kube_obj_number_text(v));
		return;
	case KUBE_OBJ_BOOL:
		kube_buf_puts(b, kube_obj_bool(v) ? "true" : "false");
		return;
	default:
		kube_buf_puts(b, "interface {}(nil)");
		return;
	}
}

/* ---- the session ---- */

struct reason {
	char *head;
	char **other;
	size_t nother;
};

struct original {
	const kube_resource *res;
	char *ns, *name;
	kube_obj *obj;
};

struct edit_run {
	kube_client *c;
	kube_discovery *d;
	const kube_edit_opts *o;
	const kube_mutate_out *out;
	struct original *v;
	size_t n;
	/* results of the last pass */
	struct reason *reasons;
	size_t nreasons;
	size_t nedit, nnotfound, nretryable;
	char *file;
	struct openapi oa;
	bool oa_ready;
};

static void reasons_clear(struct edit_run *e)
{
	size_t i, j;

	for (i = 0; i < e->nreasons; i++) {
		free(e->reasons[i].head);
		for (j = 0; j < e->reasons[i].nother; j++)
			free(e->reasons[i].other[j]);
		free(e->reasons[i].other);
	}
	free(e->reasons);
	e->reasons = NULL;
	e->nreasons = 0;
}

static int add_reason(struct edit_run *e, const char *head, kube_err *err)
{
	struct reason *nv = realloc(e->reasons, (e->nreasons + 1) * sizeof(*nv));

	if (!nv)
		return OOM(err);
	e->reasons = nv;
	memset(&nv[e->nreasons], 0, sizeof(nv[e->nreasons]));
	if (!(nv[e->nreasons].head = mut_strdup(head)))
		return OOM(err);
	e->nreasons++;
	return 0;
}

static int add_other(struct edit_run *e, const char *text, kube_err *err)
{
	struct reason *r = &e->reasons[e->nreasons - 1];
	char **nv = realloc(r->other, (r->nother + 1) * sizeof(*nv));

	if (!nv)
		return OOM(err);
	r->other = nv;
	if (!(nv[r->nother] = mut_strdup(text)))
		return OOM(err);
	r->nother++;
	return 0;
}

static void resource_string(kube_buf *b, const kube_resource *r)
{
	kube_buf_puts(b, r->resource);
	if (*r->group)
		kube_buf_printf(b, ".%s", r->group);
}

/* editResults.addError: file the error and print kubectl's line for it */
static int add_error(struct edit_run *e, const kube_err *ae, const kube_resource *r,
		     const char *name, kube_err *err)
{
	kube_buf rs = KUBE_BUF_INIT, line = KUBE_BUF_INIT, q = KUBE_BUF_INIT;
	int rc = 0;
	size_t i;

	resource_string(&rs, r);
	kube_go_quote(&q, name);
	if (ae->reason && !strcmp(ae->reason, "Invalid")) {
		kube_buf head = KUBE_BUF_INIT;

		e->nedit++;
		kube_buf_printf(&head, "%s %s was not valid", rs.ptr, q.ptr);
		rc = add_reason(e, head.ptr, err);
		kube_buf_release(&head);
		for (i = 0; rc == 0 && i < ae->ncauses; i++) {
			kube_buf o = KUBE_BUF_INIT;

			kube_buf_printf(&o, "%s: %s", ae->causes[i].field ? ae->causes[i].field : "",
					ae->causes[i].message ? ae->causes[i].message : "");
			rc = add_other(e, o.ptr, err);
			kube_buf_release(&o);
		}
		kube_buf_printf(&line, "error: %s %s is invalid\n", rs.ptr, q.ptr);
	} else if (ae->code == KUBE_ENOTFOUND) {
		e->nnotfound++;
		kube_buf_printf(&line, "error: %s %s could not be found on the server\n", rs.ptr, q.ptr);
	} else {
		e->nretryable++;
		kube_buf_printf(&line, "error: %s %s could not be patched: %s\n", rs.ptr, q.ptr,
				ae->message ? ae->message : "");
	}
	if (rc == 0 && !line.failed)
		mut_warn(e->out, line.ptr);
	kube_buf_release(&rs);
	kube_buf_release(&line);
	kube_buf_release(&q);
	return rc;
}

/* The object(s) as the editor sees them: one object, or a v1 List of them. */
static int original_doc(struct edit_run *e, kube_obj **out, kube_err *err)
{
	kube_obj *doc = NULL, *items;
	size_t i;

	*out = NULL;
	if (e->n == 1)
		return kube_obj_dup(out, e->v[0].obj, err);
	if (!(doc = kube_obj_new_object()) || kube_obj_set_str(doc, "apiVersion", "v1") < 0 ||
	    kube_obj_set_take(doc, "items", items = kube_obj_new_array()) < 0 ||
	    kube_obj_set_str(doc, "kind", "List") < 0 ||
	    kube_obj_set_take(doc, "metadata", kube_obj_new_object()) < 0) {
		kube_obj_free(doc);
		return OOM(err);
	}
	for (i = 0; i < e->n; i++) {
		kube_obj *copy = NULL;

		if (kube_obj_dup(&copy, e->v[i].obj, err) < 0 || kube_obj_append_take(items, copy) < 0) {
			kube_obj_free(doc);
			return OOM(err);
		}
	}
	*out = doc;
	return 0;
}

static void drop_managed_fields(kube_obj *doc)
{
	kube_obj *items = kube_obj_get_mut(doc, "items");
	size_t i;

	kube_obj_remove(kube_obj_get_mut(doc, "metadata"), "managedFields");
	for (i = 0; i < kube_obj_len(items); i++)
		kube_obj_remove(kube_obj_get_mut((kube_obj *)kube_obj_at(items, i), "metadata"),
				"managedFields");
}

static void write_header(struct edit_run *e, kube_buf *b)
{
	size_t i, j;

	kube_buf_puts(b, HEADER);
	for (i = 0; i < e->nreasons; i++) {
		kube_buf_puts(b, "# ");
		put_hashed(b, e->reasons[i].head);
		kube_buf_puts(b, e->reasons[i].nother ? ":\n" : "\n");
		for (j = 0; j < e->reasons[i].nother; j++) {
			kube_buf_puts(b, "# * ");
			put_hashed(b, e->reasons[i].other[j]);
			kube_buf_putc(b, '\n');
		}
		kube_buf_puts(b, "#\n");
	}
}

static void crlf(kube_buf *b)
{
	kube_buf t = KUBE_BUF_INIT;
	size_t i;

	for (i = 0; i < b->len; i++) {
		if (b->ptr[i] == '\n')
			kube_buf_putc(&t, '\r');
		kube_buf_putc(&t, b->ptr[i]);
	}
	kube_buf_release(b);
	*b = t;
}

/* "A copy of your changes has been stored to PATH" when the file still exists */
static void preserved(struct edit_run *e, const char *path)
{
	struct stat st;
	kube_buf b = KUBE_BUF_INIT;

	if (!path || stat(path, &st) < 0)
		return;
	kube_buf_puts(&b, "A copy of your changes has been stored to ");
	kube_go_quote(&b, path);
	kube_buf_putc(&b, '\n');
	if (!b.failed)
		mut_warn(e->out, b.ptr);
	kube_buf_release(&b);
}

/* schema.ValidateBytes of kubectl's validator: the first document must be an object with
 * string apiVersion and kind. Returns the error text in msg (empty when valid). */
static void validate(const kube_buf *edited, kube_buf *msg)
{
	kube_buf js = KUBE_BUF_INIT;
	kube_obj *doc = NULL;
	kube_err e = KUBE_ERR_INIT;
	const kube_obj *av, *kind;
	size_t nerr = 0;

	if (kube_patch_to_json(&js, edited->ptr, &e) < 0) {
		kube_buf_puts(msg, e.message ? e.message : "invalid YAML");
		goto out;
	}
	if (kube_obj_parse_json(&doc, js.ptr, js.len, &e) < 0) {
		kube_buf_puts(msg, e.message ? e.message : "invalid JSON");
		goto out;
	}
	if (kube_obj_type_of(doc) != KUBE_OBJ_OBJECT) {
		kube_buf_puts(msg, "invalid object to validate");
		goto out;
	}
	av = kube_obj_get(doc, "apiVersion");
	kind = kube_obj_get(doc, "kind");
	{
		kube_buf list = KUBE_BUF_INIT;

		if (!av || kube_obj_type_of(av) == KUBE_OBJ_NULL) {
			kube_buf_puts(&list, "apiVersion not set");
			nerr++;
		} else if (kube_obj_type_of(av) != KUBE_OBJ_STRING) {
			kube_buf_puts(&list, "apiVersion isn't string type");
			nerr++;
		} else {
			const char *s = kube_obj_str(av), *sl = strchr(s, '/');

			if (sl && strchr(sl + 1, '/')) {
				kube_buf_printf(&list, "unexpected GroupVersion string: %s", s);
				nerr++;
			}
		}
		if (!kind || kube_obj_type_of(kind) == KUBE_OBJ_NULL) {
			kube_buf_printf(&list, "%skind not set", nerr ? ", " : "");
			nerr++;
		} else if (kube_obj_type_of(kind) != KUBE_OBJ_STRING) {
			kube_buf_printf(&list, "%skind isn't string type", nerr ? ", " : "");
			nerr++;
		}
		if (nerr > 1)
			kube_buf_printf(msg, "[%s]", list.ptr);
		else if (nerr)
			kube_buf_puts(msg, list.ptr);
		kube_buf_release(&list);
	}
out:
	kube_obj_free(doc);
	kube_err_clear(&e);
	kube_buf_release(&js);
}

struct parsed {
	kube_obj **v;
	size_t n;
};

static int collect_doc(kube_obj *doc, size_t index, void *payload)
{
	struct parsed *p = payload;
	kube_obj **nv;
	const char *kind = kube_obj_path_str(doc, "kind", NULL);
	size_t klen = kind ? strlen(kind) : 0;

	(void)index;
	if (klen >= 4 && !strcmp(kind + klen - 4, "List") &&
	    kube_obj_type_of(kube_obj_get(doc, "items")) == KUBE_OBJ_ARRAY) {
		kube_obj *items = kube_obj_get_mut(doc, "items");

		while (kube_obj_len(items)) {
			int rc = collect_doc(kube_obj_detach_at(items, 0), 0, p);

			if (rc < 0) {
				kube_obj_free(doc);
				return rc;
			}
		}
		kube_obj_free(doc);
		return 0;
	}
	if (!(nv = realloc(p->v, (p->n + 1) * sizeof(*nv)))) {
		kube_obj_free(doc);
		return KUBE_ENOMEM;
	}
	p->v = nv;
	nv[p->n++] = doc;
	return 0;
}

static void parsed_release(struct parsed *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		kube_obj_free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

static bool builtin_group(const char *g)
{
	size_t n = strlen(g);

	return !*g || !strchr(g, '.') || (n > 7 && !strcmp(g + n - 7, ".k8s.io"));
}

static bool key_changed(const kube_obj *a, const kube_obj *b, const char *k1, const char *k2)
{
	const kube_obj *x = k2 ? kube_obj_path(a, k1, k2, NULL) : kube_obj_get(a, k1);
	const kube_obj *y = k2 ? kube_obj_path(b, k1, k2, NULL) : kube_obj_get(b, k1);

	return !(x == y || (x && y && kube_obj_equal(x, y)));
}

/* visitToPatch for one edited object */
static int patch_one(struct edit_run *e, const struct original *orig, const kube_obj *edited,
		     kube_err *err)
{
	const kube_edit_opts *o = e->o;
	const kube_resource *r = orig->res;
	kube_buf a = KUBE_BUF_INIT, b = KUBE_BUF_INIT, body = KUBE_BUF_INIT;
	kube_obj *patch = NULL, *res = NULL;
	const char *ctype;
	int rc = 0;

	mut_json_compact(&a, orig->obj);
	mut_json_compact(&b, edited);
	if ((rc = kube_buf_check(&a, err)) < 0 || (rc = kube_buf_check(&b, err)) < 0)
		goto out;
	if (a.len == b.len && !memcmp(a.ptr, b.ptr, a.len)) {
		rc = mut_print(e->out, edited, "skipped", KUBE_MUTATE_NEW_PRINTER, err);
		goto out;
	}
	if (key_changed(orig->obj, edited, "apiVersion", NULL) ||
	    key_changed(orig->obj, edited, "kind", NULL) ||
	    key_changed(orig->obj, edited, "metadata", "name")) {
		rc = kube_err_set(err, KUBE_EINVAL,
				  "At least one of apiVersion, kind and name was changed");
		goto out;
	}
	if (builtin_group(r->group)) {
		kube_patch_schema ps = {NULL, NULL};
		const kube_obj *doc = NULL;

		if (!e->oa_ready) {
			if ((rc = openapi_init(&e->oa, e->c, o->cache_dir, err)) < 0)
				goto out;
			e->oa_ready = true;
		}
		if (openapi_gv(&e->oa, r->group, r->version, &doc, NULL) == 0)
			ps.schema = openapi_kind_schema(doc, r->group, r->version, r->kind,
							&ps.schemas);
		rc = kube_strategic_three_way(&patch, orig->obj, edited, orig->obj, &ps, true, err);
		ctype = "application/strategic-merge-patch+json";
	} else {
		rc = kube_merge_three_way(&patch, orig->obj, edited, orig->obj, err);
		ctype = "application/merge-patch+json";
	}
	if (rc < 0)
		goto out;
	mut_json_compact(&body, patch);
	if ((rc = kube_buf_check(&body, err)) < 0)
		goto out;
	if (o->output_patch) {
		kube_buf line = KUBE_BUF_INIT;

		kube_buf_printf(&line, "Patch: %s\n", body.ptr);
		rc = kube_buf_check(&line, err);
		if (rc == 0)
			rc = mut_write(e->out, line.ptr, line.len, err);
		kube_buf_release(&line);
		if (rc < 0)
			goto out;
	}
	{
		kube_mutate_write_opts wo = {o->field_manager ? o->field_manager : "kubectl-edit",
					     o->validate ? o->validate : "Strict", false};
		kube_err pe = KUBE_ERR_INIT;

		if (kube_mutate_patch(&res, e->c, r, orig->ns, orig->name, o->subresource, ctype,
				      body.ptr, body.len, &wo, &pe) < 0) {
			if (pe.code == KUBE_ENOMEM) {
				kube_err_move(err, &pe);
				rc = KUBE_ENOMEM;
				goto out;
			}
			rc = add_error(e, &pe, r, orig->name, err);
			kube_err_clear(&pe);
			goto out;
		}
	}
	rc = mut_print(e->out, res, "edited", KUBE_MUTATE_NEW_PRINTER, err);
out:
	kube_buf_release(&a);
	kube_buf_release(&b);
	kube_buf_release(&body);
	kube_obj_free(patch);
	kube_obj_free(res);
	return rc;
}

/* visitAnnotation with --save-config: the last-applied annotation of the edited object */
static int save_config(kube_obj *obj, kube_err *err)
{
	kube_obj *meta = kube_obj_get_mut(obj, "metadata"), *ann;
	kube_buf v = KUBE_BUF_INIT;
	int rc;

	kube_apply_last_applied(&v, obj);
	if ((rc = kube_buf_check(&v, err)) < 0)
		goto out;
	if (!(ann = kube_obj_get_mut(meta, "annotations"))) {
		if (kube_obj_set_take(meta, "annotations", kube_obj_new_object()) < 0) {
			rc = OOM(err);
			goto out;
		}
		ann = kube_obj_get_mut(meta, "annotations");
	}
	if (kube_obj_set_str(ann, LAST_APPLIED, v.ptr) < 0)
		rc = OOM(err);
out:
	kube_buf_release(&v);
	return rc;
}

static const struct original *find_original(struct edit_run *e, const kube_obj *obj)
{
	const char *uid = kube_obj_path_str(obj, "metadata", "uid", NULL);
	size_t i;

	for (i = 0; i < e->n; i++) {
		const char *ou = kube_obj_path_str(e->v[i].obj, "metadata", "uid", NULL);

		if ((!uid && !ou) || (uid && ou && !strcmp(uid, ou)))
			return &e->v[i];
	}
	return NULL;
}

/* What the fatal exit of a pass reports: the error after the preserved-file line. */
static int fail_preserved(struct edit_run *e, const char *path, int rc, kube_err *err)
{
	preserved(e, path);
	return rc;
}

static int edit_loop(struct edit_run *e, kube_err *err)
{
	const kube_edit_opts *o = e->o;
	bool json = o->output && !strcmp(o->output, "json");
	bool kyaml = o->output && !strcmp(o->output, "kyaml");
	const char *tmpdir = o->tmpdir;
	kube_buf original = KUBE_BUF_INIT, edited = KUBE_BUF_INIT, prev = KUBE_BUF_INIT;
	kube_buf prefix = KUBE_BUF_INIT;
	bool contains_error = false;
	char *file = NULL;
	int rc = 0;
	struct editor ed;

	if (!tmpdir || !*tmpdir)
		tmpdir = getenv("TMPDIR");
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	if ((rc = editor_parse(&ed, o->editor && *o->editor ? o->editor : "vi", err)) < 0)
		return rc;
	kube_buf_printf(&prefix, "%s-edit-", o->program ? o->program : "kubectl");
	for (;;) {
		kube_buf buf = KUBE_BUF_INIT, msg = KUBE_BUF_INIT;
		struct parsed p = {NULL, 0};
		size_t i;

		write_header(e, &buf);
		if (!contains_error) {
			kube_obj *doc = NULL;

			if ((rc = original_doc(e, &doc, err)) < 0) {
				kube_buf_release(&buf);
				rc = fail_preserved(e, e->file, rc, err);
				break;
			}
			drop_managed_fields(doc);
			if (json) {
				kube_json_write(&buf, doc, KUBE_JSON_INDENT | KUBE_JSON_SORT_KEYS |
								   KUBE_JSON_HTML_ESCAPE);
				kube_buf_putc(&buf, '\n');
			} else if (kyaml) {
				kube_kyaml_write(&buf, doc);
			} else {
				kube_yaml_write(&buf, doc, 0);
			}
			kube_obj_free(doc);
			kube_buf_truncate(&original, 0);
			kube_buf_put(&original, buf.ptr, buf.len);
		} else {
			manual_strip(&buf, edited.ptr, edited.len);
		}
		if (o->windows_line_endings)
			crlf(&buf);
		if ((rc = kube_buf_check(&buf, err)) < 0) {
			kube_buf_release(&buf);
			break;
		}
		/* launch the editor on a new temporary file */
		kube_buf_truncate(&prev, 0);
		kube_buf_put(&prev, edited.ptr, edited.len);
		free(file);
		file = NULL;
		rc = temp_write(&file, tmpdir, prefix.ptr, json ? ".json" : ".yaml", &buf, err);
		kube_buf_release(&buf);
		if (rc < 0) {
			rc = fail_preserved(e, e->file, rc, err);
			break;
		}
		if ((rc = editor_launch(&ed, file, err)) < 0) {
			rc = fail_preserved(e, e->file, rc, err);
			break;
		}
		kube_buf_truncate(&edited, 0);
		if ((rc = gen_read_file(file, &edited, err)) < 0) {
			rc = fail_preserved(e, e->file, rc, err);
			break;
		}
		if (contains_error && same_stripped(&prev, &edited)) {
			rc = kube_err_set(err, KUBE_EINVAL, "Edit cancelled, no valid changes were "
							    "saved.");
			rc = fail_preserved(e, file, rc, err);
			break;
		}
		if (e->file) {
			unlink(e->file);
			free(e->file);
			e->file = NULL;
		}
		/* validation */
		if (!(o->validate && !strcmp(o->validate, "Ignore")))
			validate(&edited, &msg);
		if (msg.len) {
			kube_err ve = KUBE_ERR_INIT;
			kube_buf m = KUBE_BUF_INIT;

			reasons_clear(e);
			e->nedit = e->nnotfound = e->nretryable = 0;
			e->file = file;
			file = NULL;
			contains_error = true;
			kube_buf_puts(&m, "Invalid value: \"The edited file failed validation\": ");
			kube_buf_put(&m, msg.ptr, msg.len);
			kube_err_set(&ve, KUBE_EINVAL, "invalid");
			ve.reason = mut_strdup("Invalid");
			ve.causes = calloc(1, sizeof(*ve.causes));
			if (ve.causes) {
				ve.ncauses = 1;
				ve.causes[0].field = mut_strdup("<nil>");
				ve.causes[0].message = kube_buf_detach(&m, NULL);
			}
			rc = add_error(e, &ve, e->v[0].res, e->v[0].name, err);
			kube_err_clear(&ve);
			kube_buf_release(&m);
			kube_buf_release(&msg);
			if (rc < 0)
				break;
			continue;
		}
		kube_buf_release(&msg);
		if (same_stripped(&original, &edited)) {
			unlink(file);
			mut_warn(e->out, "Edit cancelled, no changes made.\n");
			rc = 0;
			break;
		}
		if (!has_lines(&edited)) {
			unlink(file);
			mut_warn(e->out, "Edit cancelled, saved file was empty.\n");
			rc = 0;
			break;
		}
		reasons_clear(e);
		e->nedit = e->nnotfound = e->nretryable = 0;
		e->file = file;
		file = NULL;
		{
			kube_err pe = KUBE_ERR_INIT;

			if (kube_decode_manifest(edited.ptr, edited.len, 0, collect_doc, &p, &pe) < 0) {
				kube_buf h = KUBE_BUF_INIT;

				parsed_release(&p);
				contains_error = true;
				kube_buf_printf(&h, "The edited file had a syntax error: error parsing "
						    "edited-file: error converting YAML to JSON: %s",
						pe.message ? pe.message : "");
				kube_err_clear(&pe);
				rc = add_reason(e, h.ptr, err);
				kube_buf_release(&h);
				if (rc < 0)
					break;
				continue;
			}
		}
		contains_error = false;
		/* the builder gives namespaced objects without a namespace the default one */
		for (i = 0; i < p.n; i++) {
			const kube_resource *r;
			kube_obj *meta = kube_obj_get_mut(p.v[i], "metadata");

			if (mut_map_object(&r, e->d, p.v[i], NULL) < 0 || !r->namespaced || !meta ||
			    kube_obj_path_str(meta, "namespace", NULL))
				continue;
			if (kube_obj_set_str(meta, "namespace",
					     o->sel.namespace ? o->sel.namespace : "default") < 0) {
				rc = OOM(err);
				break;
			}
		}
		if (rc < 0) {
			parsed_release(&p);
			break;
		}
		/* managedFields were kept out of the file (unless shown): give each edited object
		 * its original's back, then --save-config's annotation */
		for (i = 0; i < p.n && rc == 0; i++) {
			const struct original *orig = find_original(e, p.v[i]);
			const kube_obj *mf = orig ? kube_obj_path(orig->obj, "metadata",
								   "managedFields", NULL)
						  : NULL;
			kube_obj *meta = kube_obj_get_mut(p.v[i], "metadata"), *copy = NULL;

			if (!o->show_managed_fields && mf && meta) {
				if ((rc = kube_obj_dup(&copy, mf, err)) < 0 ||
				    (rc = kube_obj_set_take(meta, "managedFields", copy)) < 0)
					rc = OOM(err);
			}
			if (rc == 0 && o->save_config && meta)
				rc = save_config(p.v[i], err);
		}
		if (rc < 0) {
			parsed_release(&p);
			break;
		}
		/* the namespace may not change */
		for (i = 0; i < p.n; i++) {
			const char *ns = kube_obj_path_str(p.v[i], "metadata", "namespace", NULL);
			const char *want = o->sel.namespace ? o->sel.namespace : "default";
			const struct original *orig = find_original(e, p.v[i]);

			if (orig && orig->res->namespaced && ns && *ns && strcmp(ns, want) &&
			    o->sel.enforce_namespace) {
				rc = kube_err_set(err, KUBE_EINVAL,
						  "the namespace from the provided object \"%s\" does not "
						  "match the namespace \"%s\". You must pass "
						  "'--namespace=%s' to perform this operation.",
						  ns, want, ns);
				break;
			}
		}
		if (rc < 0) {
			parsed_release(&p);
			rc = fail_preserved(e, e->file, rc, err);
			break;
		}
		for (i = 0; i < p.n && rc == 0; i++) {
			const struct original *orig = find_original(e, p.v[i]);

			if (!orig) {
				kube_buf m = KUBE_BUF_INIT;

				kube_buf_puts(&m, "no original object found for "
						  "&unstructured.Unstructured{Object:");
				go_sharp_v(&m, p.v[i]);
				kube_buf_putc(&m, '}');
				rc = kube_err_set(err, KUBE_EINVAL, "%s", m.ptr);
				kube_buf_release(&m);
				break;
			}
			rc = patch_one(e, orig, p.v[i], err);
		}
		parsed_release(&p);
		if (rc < 0) {
			rc = fail_preserved(e, e->file, rc, err);
			break;
		}
		if (e->nretryable) {
			kube_buf m = KUBE_BUF_INIT;

			kube_buf_printf(&m, "You can run `%s replace -f %s` to try this update again.\n",
					o->program ? o->program : "kubectl", e->file);
			if (!m.failed)
				mut_warn(e->out, m.ptr);
			kube_buf_release(&m);
			rc = kube_err_set(err, KUBE_ERROR, "exit");
			goto exit_quietly;
		}
		if (e->nnotfound) {
			kube_buf m = KUBE_BUF_INIT;

			kube_buf_puts(&m, "The edits you made on deleted resources have been saved to ");
			kube_go_quote(&m, e->file);
			kube_buf_putc(&m, '\n');
			if (!m.failed)
				mut_warn(e->out, m.ptr);
			kube_buf_release(&m);
			rc = kube_err_set(err, KUBE_ERROR, "exit");
			goto exit_quietly;
		}
		if (!e->nedit) {
			unlink(e->file);
			rc = 0;
			break;
		}
		if (e->nreasons)
			contains_error = true;
		continue;
exit_quietly:
		if (err) {
			free(err->reason);
			err->reason = mut_strdup(KUBE_MUTATE_EXIT);
		}
		break;
	}
	free(file);
	editor_release(&ed);
	kube_buf_release(&original);
	kube_buf_release(&edited);
	kube_buf_release(&prev);
	kube_buf_release(&prefix);
	return rc;
}

static int collect_original(struct mut_item *it, void *payload, kube_err *err)
{
	struct edit_run *e = payload;
	struct original *nv = realloc(e->v, (e->n + 1) * sizeof(*nv));

	if (!nv)
		return OOM(err);
	e->v = nv;
	nv[e->n].res = it->res;
	nv[e->n].ns = it->ns;
	nv[e->n].name = it->name;
	nv[e->n].obj = it->obj;
	it->ns = it->name = NULL;
	it->obj = NULL;
	e->n++;
	return 0;
}

int kube_edit_run(kube_client *c, kube_discovery *d, const kube_edit_opts *o, char *const *args,
		  size_t n, const kube_mutate_out *out, kube_errval *errs, kube_err *err)
{
	struct mut_visit v = {.c = c, .d = d, .sel = &o->sel, .fetch = true, .fetch_files = true,
			      .subresource = o->subresource, .errs = errs, .allow_empty = true};
	struct edit_run e = {.c = c, .d = d, .o = o, .out = out};
	size_t i;
	int rc;

	if (n == 0 && !(o->sel.files && o->sel.files->nfiles))
		return kube_err_set(err, KUBE_EINVAL,
				    "You must provide one or more resources by argument or filename.\n"
				    "Example resource specifications include:\n"
				    "   '-f rsrc.yaml'\n"
				    "   '--filename=rsrc.json'\n"
				    "   '<resource> <name>'\n"
				    "   '<resource>'");
	if ((rc = mut_visit_run(&v, args, n, collect_original, &e, err)) < 0)
		goto out;
	/* kubectl edits nothing when an object could not be fetched */
	if (!kube_errval_empty(errs) || e.n == 0)
		goto out;

	rc = edit_loop(&e, err);
out:
	if (e.oa_ready)
		openapi_release(&e.oa);
	reasons_clear(&e);
	free(e.file);
	for (i = 0; i < e.n; i++) {
		free(e.v[i].ns);
		free(e.v[i].name);
		kube_obj_free(e.v[i].obj);
	}
	free(e.v);
	return rc;
}
