/* kube_kuberc_load / kube_kuberc_validate: kubectl's preferences file. */
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

#include <kube/kube.h>

static char dir[] = "/tmp/kc-kuberc-XXXXXX";

static char *write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static const char good[] = "apiVersion: kubectl.config.k8s.io/v1beta1\n"
			   "kind: Preference\n"
			   "aliases:\n"
			   "- name: getn\n"
			   "  command: get\n"
			   "  prependArgs: [nodes]\n"
			   "  appendArgs: [-L, zone]\n"
			   "  options:\n"
			   "  - name: output\n"
			   "    default: wide\n"
			   "defaults:\n"
			   "- command: create secret tls\n"
			   "  options:\n"
			   "  - name: dry-run\n"
			   "    default: client\n";

static void test_good(void **state)
{
	kube_kuberc *k = NULL;
	kube_buf w = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	unsetenv("KUBERC");
	assert_int_equal(kube_kuberc_load(&k, write_file("good", good), &w, &err), 0);
	assert_non_null(k);
	assert_int_equal(w.len, 0);
	assert_int_equal(k->naliases, 1);
	assert_string_equal(k->aliases[0].name, "getn");
	assert_string_equal(k->aliases[0].command, "get");
	assert_int_equal(k->aliases[0].nprepend_args, 1);
	assert_string_equal(k->aliases[0].prepend_args[0], "nodes");
	assert_int_equal(k->aliases[0].nappend_args, 2);
	assert_string_equal(k->aliases[0].append_args[1], "zone");
	assert_string_equal(k->aliases[0].options[0].name, "output");
	assert_string_equal(k->aliases[0].options[0].value, "wide");
	assert_int_equal(k->ndefaults, 1);
	assert_string_equal(k->defaults[0].command, "create secret tls");
	assert_string_equal(k->defaults[0].options[0].value, "client");
	assert_int_equal(kube_kuberc_validate(k, &err), 0);
	kube_kuberc_free(k);
	kube_buf_release(&w);
}

static void test_unknown_fields_warn(void **state)
{
	kube_kuberc *k = NULL;
	kube_buf w = KUBE_BUF_INIT;
	char *path = write_file("unknown", "apiVersion: kubectl.config.k8s.io/v1alpha1\n"
					   "kind: Preference\nbogus: 1\n"
					   "aliases:\n- name: a\n  command: get\n  extra: x\n");

	(void)state;
	assert_int_equal(kube_kuberc_load(&k, path, &w, NULL), 0);
	assert_non_null(k);
	assert_non_null(strstr(w.ptr, "kuberc: ignoring strict decoding error in "));
	assert_non_null(strstr(w.ptr, "strict decoding error: unknown field \"bogus\", unknown "
				      "field \"aliases[0].extra\""));
	kube_kuberc_free(k);
	kube_buf_release(&w);
}

static void test_not_a_preference(void **state)
{
	kube_kuberc *k = NULL;
	kube_buf w = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	char *path = write_file("other", "apiVersion: v1\nkind: Config\n");

	(void)state;
	/* explicit: an error */
	assert_int_equal(kube_kuberc_load(&k, path, &w, &err), KUBE_ECONFIG);
	assert_null(k);
	assert_non_null(strstr(err.message, "kuberc: no valid preferences found in "));
	kube_err_clear(&err);
	/* a type error makes the document unusable */
	path = write_file("types", "apiVersion: kubectl.config.k8s.io/v1beta1\nkind: Preference\n"
				   "defaults:\n- command: get\n  options:\n  - name: o\n"
				   "    default: yes\n");
	assert_int_equal(kube_kuberc_load(&k, path, &w, &err), KUBE_ECONFIG);
	assert_null(k);
	kube_err_clear(&err);
	kube_buf_release(&w);
}

static void test_default_path(void **state)
{
	kube_kuberc *k = NULL;
	kube_buf w = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	char home[300], kube[320];

	(void)state;
	snprintf(home, sizeof(home), "%s/home", dir);
	snprintf(kube, sizeof(kube), "%s/.kube", home);
	mkdir(home, 0700);
	mkdir(kube, 0700);
	setenv("HOME", home, 1);
	/* missing default file: nothing, silently */
	assert_int_equal(kube_kuberc_load(&k, NULL, &w, &err), 0);
	assert_null(k);
	assert_int_equal(w.len, 0);
	/* an unusable default file: a warning only */
	write_file("home/.kube/kuberc", "apiVersion: v1\nkind: Config\n");
	assert_int_equal(kube_kuberc_load(&k, NULL, &w, &err), 0);
	assert_null(k);
	assert_non_null(strstr(w.ptr, "kuberc: no preferences loaded from "));
	kube_buf_release(&w);
	/* KUBERC=off: nothing; with an explicit file: an error */
	write_file("home/.kube/kuberc", good);
	setenv("KUBERC", "off", 1);
	assert_int_equal(kube_kuberc_load(&k, NULL, &w, &err), 0);
	assert_null(k);
	assert_int_equal(kube_kuberc_load(&k, "/x", &w, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "disabling kuberc via KUBERC=off and passing kuberc flag "
					 "are mutually exclusive");
	kube_err_clear(&err);
	unsetenv("KUBERC");
	assert_int_equal(kube_kuberc_load(&k, NULL, &w, &err), 0);
	assert_non_null(k);
	kube_kuberc_free(k);
	/* an explicit missing file */
	assert_int_equal(kube_kuberc_load(&k, "/nonexistent/kuberc", &w, &err), KUBE_ECONFIG);
	assert_string_equal(err.message,
			    "kuberc: open /nonexistent/kuberc: no such file or directory");
	kube_err_clear(&err);
	kube_buf_release(&w);
}

static void test_validate(void **state)
{
	kube_kuberc *k = NULL;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_kuberc_load(&k, write_file("n", "apiVersion: kubectl.config.k8s.io/"
							   "v1beta1\nkind: Preference\naliases:\n"
							   "- name: get2\n  command: get\n"),
					  NULL, &err),
			 0);
	assert_int_equal(kube_kuberc_validate(k, &err), KUBE_EINVAL);
	assert_string_equal(err.message,
			    "invalid alias name, can only include alphabetical characters");
	kube_err_clear(&err);
	kube_kuberc_free(k);
	assert_int_equal(kube_kuberc_load(&k, write_file("d", "apiVersion: kubectl.config.k8s.io/"
							   "v1beta1\nkind: Preference\naliases:\n"
							   "- name: g\n  command: get\n"
							   "- name: g\n  command: get\n"),
					  NULL, &err),
			 0);
	assert_int_equal(kube_kuberc_validate(k, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "duplicate alias name g");
	kube_err_clear(&err);
	kube_kuberc_free(k);
	assert_int_equal(kube_kuberc_load(&k, write_file("f", "apiVersion: kubectl.config.k8s.io/"
							   "v1beta1\nkind: Preference\ndefaults:\n"
							   "- command: get\n  options:\n"
							   "  - name: -o\n    default: x\n"),
					  NULL, &err),
			 0);
	assert_int_equal(kube_kuberc_validate(k, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "flag name -o should be in long form without dashes");
	kube_err_clear(&err);
	kube_kuberc_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_unknown_fields_warn),
		cmocka_unit_test(test_not_a_preference),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test(test_validate),
	};
	int rc;

	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			rc = rc ? rc : 1;
	}
	return rc;
}
