/* Unit tests for manifest reading (-f files, directories, globs, stdin) and kubectl's aggregated
 * error values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <kube/manifest.h>

static char dir[64];

static void write_data(const char *name, const char *text, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "wb"));
	fwrite(text, 1, len, f);
	fclose(f);
}

static void write_file(const char *name, const char *text)
{
	write_data(name, text, strlen(text));
}

static char *path_of(const char *name)
{
	static char path[8][256];
	static int next;
	char *p = path[next++ % 8];

	snprintf(p, 256, "%s/%s", dir, name);
	return p;
}

static int setup(void **state)
{
	char sub[128];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/kubec-manifest-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/d", dir);
	mkdir(sub, 0755);
	snprintf(sub, sizeof(sub), "%s/d/sub", dir);
	mkdir(sub, 0755);
	snprintf(sub, sizeof(sub), "%s/empty", dir);
	mkdir(sub, 0755);
	write_file("multi.yaml", "# c\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
				 "---\n# only a comment\n---\nnull\n---\napiVersion: v1\n"
				 "kind: Secret\nmetadata:\n  name: b\n");
	write_file("two.json", "{\"kind\": \"A\", \"n\": 1}\n{\"kind\": \"B\", \"n\": 1.5}\n");
	write_file("bad.yaml", "kind: ConfigMap\n---\nmetadata: {name: x\n");
	write_file("sep.yaml", "kind: A\n--- nope\nkind: B\n");
	write_file("bom.yaml", "\xef\xbb\xbfkind: Bom\n");
	write_data("utf16.yaml", "\xff\xfek\0i\0n\0d\0:\0 \0U\0\n\0", 18);
	write_file("d/b.yaml", "kind: B\n");
	write_file("d/a.json", "{\"kind\": \"A\"}");
	write_file("d/notes.txt", "kind: Text\n");
	write_file("d/sub/c.yml", "kind: C\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static const char *kind_at(const kube_manifest_file *f, size_t i)
{
	assert_true(i < f->ndocs);
	return kube_obj_path_str(f->docs[i], "kind", NULL);
}

static void test_multi_document(void **state)
{
	kube_manifest m = KUBE_MANIFEST_INIT;
	const char *p[] = {path_of("multi.yaml"), path_of("two.json")};
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_manifest_load(&m, p, 2, NULL, NULL, &err), 0);
	assert_int_equal(m.nfiles, 2);
	assert_string_equal(m.files[0].source, p[0]);
	assert_int_equal(m.files[0].ndocs, 2);
	assert_string_equal(kind_at(&m.files[0], 0), "ConfigMap");
	assert_string_equal(kind_at(&m.files[0], 1), "Secret");
	assert_false(m.files[0].json);
	assert_int_equal(m.files[0].err.code, KUBE_OK);
	assert_int_equal(m.files[1].ndocs, 2);
	assert_true(m.files[1].json);
	assert_string_equal(kube_obj_number_text(kube_obj_get(m.files[1].docs[1], "n")), "1.5");
	kube_manifest_release(&m);
}

static void test_parse_errors_keep_earlier_docs(void **state)
{
	kube_manifest m = KUBE_MANIFEST_INIT;
	const char *p[] = {path_of("bad.yaml"), path_of("sep.yaml")};
	char want[512];

	(void)state;
	assert_int_equal(kube_manifest_load(&m, p, 2, NULL, NULL, NULL), 0);
	assert_int_equal(m.files[0].ndocs, 1);
	assert_int_equal(m.files[0].err.code, KUBE_EDECODE);
	snprintf(want, sizeof(want),
		 "error parsing %s: error converting YAML to JSON: yaml: line 1: did not find "
		 "expected ',' or '}'",
		 p[0]);
	assert_string_equal(m.files[0].err.message, want);
	assert_int_equal(m.files[1].ndocs, 0);
	snprintf(want, sizeof(want), "error parsing %s: invalid Yaml document separator: nope",
		 p[1]);
	assert_string_equal(m.files[1].err.message, want);
	kube_manifest_release(&m);
}

static void test_directories_and_globs(void **state)
{
	kube_manifest m = KUBE_MANIFEST_INIT;
	kube_manifest_opts recursive = {.recursive = true};
	const char *p[] = {path_of("d")}, *g[] = {path_of("d/*.yaml")};
	const char *t[] = {path_of("d/notes.txt")};

	(void)state;
	/* lexical order, manifest extensions only, subdirectories with -R */
	assert_int_equal(kube_manifest_load(&m, p, 1, NULL, NULL, NULL), 0);
	assert_int_equal(m.nfiles, 2);
	assert_string_equal(kind_at(&m.files[0], 0), "A");
	assert_string_equal(kind_at(&m.files[1], 0), "B");
	kube_manifest_release(&m);
	assert_int_equal(kube_manifest_load(&m, p, 1, &recursive, NULL, NULL), 0);
	assert_int_equal(m.nfiles, 3);
	assert_string_equal(kind_at(&m.files[2], 0), "C");
	kube_manifest_release(&m);
	assert_int_equal(kube_manifest_load(&m, g, 1, NULL, NULL, NULL), 0);
	assert_int_equal(m.nfiles, 1);
	assert_string_equal(kind_at(&m.files[0], 0), "B");
	kube_manifest_release(&m);
	/* a file named explicitly is read whatever its extension */
	assert_int_equal(kube_manifest_load(&m, t, 1, NULL, NULL, NULL), 0);
	assert_string_equal(kind_at(&m.files[0], 0), "Text");
	kube_manifest_release(&m);
}

static void test_path_errors(void **state)
{
	kube_manifest m = KUBE_MANIFEST_INIT;
	kube_errval errs = KUBE_ERRVAL_INIT;
	kube_err err = KUBE_ERR_INIT;
	const char *p[] = {path_of("nope1.yaml"), path_of("multi.yaml"), path_of("nope2.yaml")};
	const char *e[] = {path_of("empty")};
	const char *s[] = {"-", "-"};
	kube_buf b = KUBE_BUF_INIT;
	char want[512];

	(void)state;
	assert_int_equal(kube_manifest_load(&m, p, 3, NULL, &errs, &err), KUBE_EINVAL);
	assert_int_equal(err.code, KUBE_EINVAL);
	assert_int_equal(m.nfiles, 0); /* nothing read */
	snprintf(want, sizeof(want), "the path \"%s\" does not exist", p[0]);
	assert_string_equal(err.message, want);
	/* two errors: kubectl prints one per line, without "error: " */
	assert_null(kube_errval_format(&errs, &b));
	snprintf(want, sizeof(want),
		 "the path \"%s\" does not exist\nthe path \"%s\" does not exist\n", p[0], p[2]);
	assert_string_equal(b.ptr, want);
	kube_buf_release(&b);
	kube_errval_release(&errs);
	kube_err_clear(&err);
	kube_manifest_release(&m);

	assert_int_equal(kube_manifest_load(&m, e, 1, NULL, &errs, &err), KUBE_EINVAL);
	snprintf(want, sizeof(want),
		 "error reading [%s]: recognized file extensions are [.json .yaml .yml]", e[0]);
	assert_string_equal(err.message, want);
	kube_errval_release(&errs);
	kube_err_clear(&err);
	kube_manifest_release(&m);

	assert_int_equal(kube_manifest_load(&m, s, 2, NULL, NULL, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "standard input cannot be used for multiple arguments");
	kube_err_clear(&err);
	kube_manifest_release(&m);
}

static void test_stdin_and_encodings(void **state)
{
	kube_manifest m = KUBE_MANIFEST_INIT;
	int fds[2];
	kube_manifest_opts o = {0};
	const char *p[] = {"-", path_of("bom.yaml"), path_of("utf16.yaml")};
	const char text[] = "kind: FromStdin\n---\nkind: Second\n";

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	close(fds[1]);
	o.stdin_fd = fds[0];
	assert_int_equal(kube_manifest_load(&m, p, 3, &o, NULL, NULL), 0);
	close(fds[0]);
	assert_int_equal(m.nfiles, 3);
	assert_string_equal(m.files[0].source, "STDIN");
	assert_int_equal(m.files[0].ndocs, 2);
	assert_string_equal(kind_at(&m.files[0], 1), "Second");
	assert_string_equal(kind_at(&m.files[1], 0), "Bom");
	assert_string_equal(kind_at(&m.files[2], 0), "U");
	kube_manifest_release(&m);
}

static void push(kube_errval *e, kube_code code, const char *reason, const char *msg)
{
	kube_err x = KUBE_ERR_INIT;

	kube_err_set(&x, code, "%s", msg);
	if (reason) {
		x.reason = strdup(reason);
		x.has_status = true;
	}
	assert_int_equal(kube_errval_push(e, &x), 0);
	assert_int_equal(x.code, KUBE_OK);
}

static void test_errval_rendering(void **state)
{
	kube_errval top = KUBE_ERRVAL_INIT, inner = KUBE_ERRVAL_INIT, one = KUBE_ERRVAL_INIT;
	kube_buf b = KUBE_BUF_INIT;
	const kube_err *single;

	(void)state;
	assert_true(kube_errval_empty(&top));
	/* create's shape: operation errors, then the visitors' aggregate as one element */
	push(&top, KUBE_EEXISTS, "AlreadyExists",
	     "error when creating \"f\": configmaps \"a\" exists");
	push(&inner, KUBE_ENOMATCH, NULL, "mapping failed");
	push(&inner, KUBE_EINVAL, NULL, "validation failed");
	push(&inner, KUBE_EINVAL, NULL, "mapping failed");
	assert_int_equal(kube_errval_push_val(&top, &inner), 0);
	assert_true(kube_errval_empty(&inner));
	assert_null(kube_errval_format(&top, &b));
	assert_string_equal(b.ptr,
			    "Error from server (AlreadyExists): error when creating \"f\": "
			    "configmaps \"a\" exists\n[mapping failed, validation failed]\n");
	kube_buf_truncate(&b, 0);
	kube_errval_message(&b, &top);
	assert_string_equal(b.ptr, "[error when creating \"f\": configmaps \"a\" exists, mapping "
				   "failed, validation failed]");
	assert_string_equal(kube_errval_first(&top)->message,
			    "error when creating \"f\": configmaps \"a\" exists");
	kube_buf_release(&b);
	kube_errval_release(&top);

	/* an aggregate of one comes down to that error: the CLI renders it */
	push(&one, KUBE_EINVAL, NULL, "the path \"x\" does not exist");
	kube_errval_collapse(&one);
	assert_false(one.agg);
	single = kube_errval_format(&one, &b);
	assert_non_null(single);
	assert_string_equal(single->message, "the path \"x\" does not exist");
	assert_int_equal(b.len, 0);
	kube_errval_release(&one);
	kube_errval_release(NULL);
}

static void test_invalid_rendering(void **state)
{
	kube_errval e = KUBE_ERRVAL_INIT;
	kube_err x = KUBE_ERR_INIT;
	kube_buf b = KUBE_BUF_INIT;

	(void)state;
	kube_err_set(&x, KUBE_EAPI, "Service \"s\" is invalid");
	x.reason = strdup("Invalid");
	x.has_status = true;
	x.kind = strdup("Service");
	x.name = strdup("s");
	x.ncauses = 3;
	x.causes = calloc(3, sizeof(*x.causes));
	x.causes[0].field = strdup("spec.ports[0].name");
	x.causes[0].message = strdup("Required value");
	x.causes[1].field = strdup("spec.ports[1].name");
	x.causes[1].message = strdup("Required value");
	x.causes[2].field = strdup("spec.ports[0].name");
	x.causes[2].message = strdup("Required value");
	assert_int_equal(kube_errval_push(&e, &x), 0);
	assert_null(kube_errval_format(&e, &b));
	assert_string_equal(b.ptr, "The Service \"s\" is invalid: \n* spec.ports[0].name: Required "
				   "value\n* spec.ports[1].name: Required value\n");
	kube_buf_release(&b);
	kube_errval_release(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multi_document),
		cmocka_unit_test(test_parse_errors_keep_earlier_docs),
		cmocka_unit_test(test_directories_and_globs),
		cmocka_unit_test(test_path_errors),
		cmocka_unit_test(test_stdin_and_encodings),
		cmocka_unit_test(test_errval_rendering),
		cmocka_unit_test(test_invalid_rendering),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
