/* Unit tests for `kubectl config ...` write-back and views (kube_config_cmd_*). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <kube/config.h>

static char tmpdir[256];

static const char *fx(const char *name)
{
	static char bufs[8][4096];
	static int next;
	char *b = bufs[next++ % 8];
	const char *root = getenv("KC_FIXTURES");

	snprintf(b, sizeof(bufs[0]), "%s/kubeconfig/%s", root ? root : "tests/fixtures", name);
	return b;
}

/* a path inside the test's temporary directory */
static const char *tp(const char *name)
{
	static char bufs[8][512];
	static int next;
	char *b = bufs[next++ % 8];

	snprintf(b, sizeof(bufs[0]), "%s/%s", tmpdir, name);
	return b;
}

static int make_tmp(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/kc-config-write-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int drop_tmp(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void write_file(const char *path, const char *content, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(content, f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void copy_fixture(const char *name, const char *to)
{
	char *s = slurp(fx(name));

	write_file(to, s, 0644);
	free(s);
}

/* number of entries in the temporary directory */
static int entries(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

/* Run a command expecting success; returns its output (caller frees). */
#define OK(call)                                                                                   \
	do {                                                                                       \
		int r_ = (call);                                                                   \
		if (r_ != 0)                                                                       \
			fprintf(stderr, "%s: %s\n", #call, err.message ? err.message : "");       \
		assert_int_equal(r_, 0);                                                           \
	} while (0)

static const char a_after_use[] = "apiVersion: v1\n"
				  "clusters:\n"
				  "- cluster:\n"
				  "    server: https://onlya.example:6443\n"
				  "  name: onlya\n"
				  "- cluster:\n"
				  "    server: https://a.example:6443\n"
				  "  name: shared\n"
				  "contexts:\n"
				  "- context:\n"
				  "    cluster: shared\n"
				  "    namespace: from-a\n"
				  "    user: u\n"
				  "  name: common\n"
				  "- context:\n"
				  "    cluster: shared\n"
				  "    namespace: nsa\n"
				  "    user: u\n"
				  "  name: ctx-a\n"
				  "current-context: common\n"
				  "kind: Config\n"
				  "users:\n"
				  "- name: u\n"
				  "  user:\n"
				  "    token: from-a\n";

static void test_use_context(void **state)
{
	kube_config_load_opts lo = {.env = ""};
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	char *s;

	(void)state;
	copy_fixture("a.yaml", tp("config"));
	lo.explicit_path = tp("config");
	OK(kube_config_cmd_current_context(&out, &lo, &err));
	assert_string_equal(out.ptr, "ctx-a\n");
	kube_buf_release(&out);

	OK(kube_config_cmd_use_context(&out, &lo, "common", &err));
	assert_string_equal(out.ptr, "Switched to context \"common\".\n");
	s = slurp(tp("config"));
	assert_string_equal(s, a_after_use);
	free(s);
	/* an existing file keeps its mode; no temporary files are left behind */
	assert_int_equal(mode_of(tp("config")), 0644);
	assert_int_equal(entries(), 1);
	kube_buf_release(&out);

	assert_int_equal(kube_config_cmd_use_context(&out, &lo, "nope", &err), KUBE_ECONFIG);
	assert_string_equal(err.message, "no context exists with the name: \"nope\"");
	kube_err_clear(&err);
	assert_int_equal(kube_config_cmd_use_context(&out, &lo, "", &err), KUBE_ECONFIG);
	assert_string_equal(err.message, "empty context names are not allowed");
	kube_err_clear(&err);
	assert_int_equal(out.len, 0);
}

static void test_current_context_unset(void **state)
{
	kube_config_load_opts lo = {.env = ""};
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	lo.explicit_path = tp("absent");
	assert_int_equal(kube_config_cmd_current_context(&out, &lo, &err), KUBE_ECONFIG);
	assert_string_equal(err.message, "current-context is not set");
	kube_err_clear(&err);
	/* `config view` of a missing --kubeconfig is the empty config */
	OK(kube_config_cmd_view(&out, &lo, NULL, &err));
	assert_string_equal(out.ptr, "apiVersion: v1\n"
				     "clusters: null\n"
				     "contexts: null\n"
				     "current-context: \"\"\n"
				     "kind: Config\n"
				     "users: null\n");
	kube_buf_release(&out);
}

static void test_multi_file_write_back(void **state)
{
	kube_config_load_opts lo = {0};
	kube_config_set_context_opts so = {0};
	kube_buf out = KUBE_BUF_INIT, env = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	char *a0, *b0, *a1, *b1;

	(void)state;
	copy_fixture("a.yaml", tp("a.yaml"));
	copy_fixture("b.yaml", tp("b.yaml"));
	kube_buf_printf(&env, "%s:%s:%s", tp("missing.yaml"), tp("a.yaml"), tp("b.yaml"));
	lo.env = env.ptr;
	a0 = slurp(tp("a.yaml"));

	/* an existing stanza is modified in the file it came from */
	so.name = "ctx-b";
	so.namespace_ = "newns";
	OK(kube_config_cmd_set_context(&out, &lo, &so, &err));
	assert_string_equal(out.ptr, "Context \"ctx-b\" modified.\n");
	kube_buf_release(&out);
	a1 = slurp(tp("a.yaml"));
	assert_string_equal(a0, a1); /* untouched, comments and all */
	b1 = slurp(tp("b.yaml"));
	assert_non_null(strstr(b1, "- context:\n    cluster: shared\n    namespace: newns\n"
				   "    user: u\n  name: ctx-b\n"));
	assert_null(strstr(b1, "# second file")); /* rewritten: comments are lost */
	/* the overlapping `common` of b.yaml is kept in b.yaml as it was */
	assert_non_null(strstr(b1, "    cluster: onlya\n    namespace: from-b\n"));
	free(a1);

	/* a new stanza goes to the first existing file of $KUBECONFIG */
	so = (kube_config_set_context_opts){.name = "brandnew", .cluster = "shared"};
	OK(kube_config_cmd_set_context(&out, &lo, &so, &err));
	assert_string_equal(out.ptr, "Context \"brandnew\" created.\n");
	kube_buf_release(&out);
	a1 = slurp(tp("a.yaml"));
	assert_non_null(strstr(a1, "- context:\n    cluster: shared\n    user: \"\"\n"
				   "  name: brandnew\n"));
	b0 = b1;
	b1 = slurp(tp("b.yaml"));
	assert_string_equal(b0, b1);
	assert_int_equal(access(tp("missing.yaml"), F_OK), -1);

	/* use-context writes current-context to the default file */
	OK(kube_config_cmd_use_context(&out, &lo, "ctx-b", &err));
	kube_buf_release(&out);
	free(a1);
	a1 = slurp(tp("a.yaml"));
	assert_non_null(strstr(a1, "current-context: ctx-b\n"));

	/* set-context --current modifies the current context where it lives */
	so = (kube_config_set_context_opts){.current = true, .user = ""};
	OK(kube_config_cmd_set_context(&out, &lo, &so, &err));
	assert_string_equal(out.ptr, "Context \"ctx-b\" modified.\n");
	kube_buf_release(&out);
	free(b1);
	b1 = slurp(tp("b.yaml"));
	assert_non_null(strstr(b1, "    namespace: newns\n    user: \"\"\n  name: ctx-b\n"));

	free(a0);
	free(a1);
	free(b0);
	free(b1);
	kube_buf_release(&env);
}

static void test_set_context_errors(void **state)
{
	kube_config_load_opts lo = {.env = ""};
	kube_config_set_context_opts so = {.current = true};
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	lo.explicit_path = tp("config");
	assert_int_equal(kube_config_cmd_set_context(&out, &lo, &so, &err), KUBE_ECONFIG);
	assert_string_equal(err.message, "no current context is set");
	kube_err_clear(&err);
	so.name = "x";
	assert_int_equal(kube_config_cmd_set_context(&out, &lo, &so, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "you cannot specify both a context name and --current");
	kube_err_clear(&err);
	so = (kube_config_set_context_opts){0};
	assert_int_equal(kube_config_cmd_set_context(&out, &lo, &so, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "you must specify a non-empty context name or --current");
	kube_err_clear(&err);
	assert_int_equal(access(tp("config"), F_OK), -1);
}

static void test_new_file(void **state)
{
	kube_config_load_opts lo = {0};
	kube_config_set_cluster_opts co = {.name = "c1", .server = "https://1.2.3.4"};
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	char *s;

	(void)state;
	/* the only $KUBECONFIG entry is created, with its directory, mode 0600 */
	lo.env = tp("sub/dir/config");
	OK(kube_config_cmd_set_cluster(&out, &lo, &co, &err));
	assert_string_equal(out.ptr, "Cluster \"c1\" set.\n");
	kube_buf_release(&out);
	assert_int_equal(mode_of(tp("sub/dir/config")), 0600);
	s = slurp(tp("sub/dir/config"));
	assert_string_equal(s, "apiVersion: v1\n"
			       "clusters:\n"
			       "- cluster:\n"
			       "    server: https://1.2.3.4\n"
			       "  name: c1\n"
			       "contexts: null\n"
			       "current-context: \"\"\n"
			       "kind: Config\n"
			       "users: null\n");
	free(s);

	/* and in the home directory when nothing is set */
	lo = (kube_config_load_opts){.env = "", .home = tmpdir};
	co = (kube_config_set_cluster_opts){.name = "h", .server = "https://h"};
	OK(kube_config_cmd_set_cluster(&out, &lo, &co, &err));
	kube_buf_release(&out);
	assert_int_equal(mode_of(tp(".kube/config")), 0600);
}

static void test_set_cluster_paths(void **state)
{
	kube_config_load_opts lo = {.env = ""};
	kube_config_set_cluster_opts co = {.name = "c", .server = "https://c"};
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	kube_buf want = KUBE_BUF_INIT;
	char *s, *ca = realpath(fx("ca.crt"), NULL);

	(void)state;
	assert_non_null(ca);
	lo.explicit_path = tp("config");
	copy_fixture("ca.crt", tp("ca.crt"));
	/* a file in the kubeconfig's directory is stored relative to it */
	co.certificate_authority = tp("ca.crt");
	co.tls_server_name = "api.example";
	OK(kube_config_cmd_set_cluster(&out, &lo, &co, &err));
	kube_buf_release(&out);
	s = slurp(tp("config"));
	assert_non_null(strstr(s, "- cluster:\n    certificate-authority: ca.crt\n"
				  "    server: https://c\n    tls-server-name: api.example\n"
				  "  name: c\n"));
	free(s);

	/* a file elsewhere stays absolute; --server drops tls-server-name */
	co = (kube_config_set_cluster_opts){.name = "c", .server = "https://c2",
					    .certificate_authority = ca};
	OK(kube_config_cmd_set_cluster(&out, &lo, &co, &err));
	kube_buf_release(&out);
	s = slurp(tp("config"));
	kube_buf_printf(&want, "- cluster:\n    certificate-authority: %s\n    server: https://c2\n"
			       "  name: c\n",
			ca);
	assert_non_null(strstr(s, want.ptr));
	free(s);

	/* --insecure-skip-tls-verify clears the CA; --embed-certs stores the data */
	co = (kube_config_set_cluster_opts){.name = "c", .insecure_skip_tls_verify = true};
	OK(kube_config_cmd_set_cluster(&out, &lo, &co, &err));
	kube_buf_release(&out);
	s = slurp(tp("config"));
	assert_non_null(strstr(s, "- cluster:\n    insecure-skip-tls-verify: true\n"
				  "    server: https://c2\n"));
	free(s);
	co = (kube_config_set_cluster_opts){.name = "c", .certificate_authority = ca,
					    .embed_certs = true};
	OK(kube_config_cmd_set_cluster(&out, &lo, &co, &err));
	kube_buf_release(&out);
	s = slurp(tp("config"));
	assert_non_null(strstr(s, "    certificate-authority-data: LS0tLS1CRUdJTi"));
	assert_null(strstr(s, "insecure"));
	free(s);

	/* errors */
	co = (kube_config_set_cluster_opts){.name = "c", .certificate_authority = ca,
					    .insecure_skip_tls_verify = true};
	assert_int_equal(kube_config_cmd_set_cluster(&out, &lo, &co, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "you cannot specify a certificate authority and insecure "
					 "mode at the same time");
	kube_err_clear(&err);
	co = (kube_config_set_cluster_opts){.name = "c", .embed_certs = true};
	assert_int_equal(kube_config_cmd_set_cluster(&out, &lo, &co, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "you must specify a --certificate-authority to embed");
	kube_err_clear(&err);
	co = (kube_config_set_cluster_opts){.name = "c", .embed_certs = true,
					    .certificate_authority = "/no/ca.crt"};
	assert_int_equal(kube_config_cmd_set_cluster(&out, &lo, &co, &err), KUBE_ECONFIG);
	assert_string_equal(err.message, "could not stat certificate-authority file /no/ca.crt: "
					 "stat /no/ca.crt: no such file or directory");
	kube_err_clear(&err);
	free(ca);
	kube_buf_release(&want);
}

static void test_set_credentials(void **state)
{
	kube_config_load_opts lo = {.env = ""};
	kube_config_set_credentials_opts o = {.name = "u", .token = "tok-1"};
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	char *s;

	(void)state;
	lo.explicit_path = tp("config");
	OK(kube_config_cmd_set_credentials(&out, &lo, &o, &err));
	assert_string_equal(out.ptr, "User \"u\" set.\n");
	kube_buf_release(&out);
	s = slurp(tp("config"));
	assert_non_null(strstr(s, "users:\n- name: u\n  user:\n    token: tok-1\n"));
	free(s);

	/* basic auth replaces the token */
	o = (kube_config_set_credentials_opts){.name = "u", .username = "alice", .password = "pw"};
	OK(kube_config_cmd_set_credentials(&out, &lo, &o, &err));
	kube_buf_release(&out);
	s = slurp(tp("config"));
	assert_non_null(strstr(s, "- name: u\n  user:\n    password: pw\n    username: alice\n"));
	assert_null(strstr(s, "tok-1"));
	free(s);

	/* exec plugin, args, env add/remove, embedded client certificate */
	o = (kube_config_set_credentials_opts){
		.name = "u",
		.exec_command = "/bin/plugin",
		.exec_api_version = "client.authentication.k8s.io/v1",
		.exec_args = (const char *const[]){"--a", "b"},
		.nexec_args = 2,
		.exec_args_given = true,
		.exec_env = (const char *const[]){"K1=v1", "K2=v2", "K1=v3"},
		.nexec_env = 3,
		.client_certificate = fx("client.crt"),
		.embed_certs = true,
	};
	OK(kube_config_cmd_set_credentials(&out, &lo, &o, &err));
	kube_buf_release(&out);
	s = slurp(tp("config"));
	assert_non_null(strstr(s, "    client-certificate-data: LS0tLS1CRUdJTi"));
	assert_non_null(strstr(s, "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
				  "      args:\n      - --a\n      - b\n"
				  "      command: /bin/plugin\n"
				  "      env:\n      - name: K1\n        value: v3\n"
				  "      - name: K2\n        value: v2\n"
				  "      provideClusterInfo: false\n"));
	free(s);
	o = (kube_config_set_credentials_opts){
		.name = "u", .exec_env = (const char *const[]){"K1-"}, .nexec_env = 1};
	OK(kube_config_cmd_set_credentials(&out, &lo, &o, &err));
	kube_buf_release(&out);
	s = slurp(tp("config"));
	assert_non_null(strstr(s, "      env:\n      - name: K2\n        value: v2\n"));
	free(s);

	/* errors */
	o = (kube_config_set_credentials_opts){.name = "u", .token = "t", .username = "x"};
	assert_int_equal(kube_config_cmd_set_credentials(&out, &lo, &o, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "you cannot specify more than one authentication method "
					 "at the same time: --token, --username/--password");
	kube_err_clear(&err);
	o = (kube_config_set_credentials_opts){.name = "u",
					       .exec_env = (const char *const[]){"=x", "bad"},
					       .nexec_env = 2};
	assert_int_equal(kube_config_cmd_set_credentials(&out, &lo, &o, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "invalid exec-env format: =x, bad");
	kube_err_clear(&err);
	o = (kube_config_set_credentials_opts){.name = "u", .embed_certs = true};
	assert_int_equal(kube_config_cmd_set_credentials(&out, &lo, &o, &err), KUBE_EINVAL);
	assert_string_equal(err.message,
			    "you must specify a --client-certificate or --client-key to embed");
	kube_err_clear(&err);
	assert_int_equal(out.len, 0);
}

static void test_delete_and_rename(void **state)
{
	kube_config_load_opts lo = {.env = ""};
	kube_buf out = KUBE_BUF_INIT, warn = KUBE_BUF_INIT, want = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	char *s;

	(void)state;
	copy_fixture("a.yaml", tp("config"));
	lo.explicit_path = tp("config");

	OK(kube_config_cmd_rename_context(&out, &lo, "ctx-a", "renamed", &err));
	assert_string_equal(out.ptr, "Context \"ctx-a\" renamed to \"renamed\".\n");
	kube_buf_release(&out);
	s = slurp(tp("config"));
	assert_non_null(strstr(s, "current-context: renamed\n"));
	assert_null(strstr(s, "ctx-a"));
	free(s);
	assert_int_equal(kube_config_cmd_rename_context(&out, &lo, "renamed", "common", &err),
			 KUBE_ECONFIG);
	kube_buf_printf(&want, "cannot rename the context \"renamed\", the context \"common\" "
			       "already exists in %s",
			tp("config"));
	assert_string_equal(err.message, want.ptr);
	kube_err_clear(&err);
	kube_buf_release(&want);

	OK(kube_config_cmd_delete_context(&out, &warn, &lo, "renamed", &err));
	kube_buf_printf(&want, "deleted context renamed from %s\n", tp("config"));
	assert_string_equal(out.ptr, want.ptr);
	assert_string_equal(warn.ptr, "warning: this removed your active context, use \"kubectl "
				      "config use-context\" to select a different one\n");
	kube_buf_release(&out);
	kube_buf_release(&warn);
	kube_buf_release(&want);
	OK(kube_config_cmd_delete_context(&out, &warn, &lo, "common", &err));
	assert_int_equal(warn.len, 0);
	kube_buf_release(&out);

	OK(kube_config_cmd_delete_cluster(&out, &lo, "onlya", &err));
	kube_buf_printf(&want, "deleted cluster onlya from %s\n", tp("config"));
	assert_string_equal(out.ptr, want.ptr);
	kube_buf_release(&out);
	kube_buf_release(&want);
	OK(kube_config_cmd_delete_user(&out, &lo, "u", &err));
	kube_buf_release(&out);
	assert_int_equal(kube_config_cmd_delete_user(&out, &lo, "nope", &err), KUBE_ECONFIG);
	kube_buf_printf(&want, "cannot delete user nope, not in %s", tp("config"));
	assert_string_equal(err.message, want.ptr);
	kube_err_clear(&err);
	kube_buf_release(&want);
	assert_int_equal(kube_config_cmd_delete_context(&out, &warn, &lo, "nope", &err),
			 KUBE_ECONFIG);
	kube_buf_printf(&want, "cannot delete context nope, not in %s", tp("config"));
	assert_string_equal(err.message, want.ptr);
	kube_err_clear(&err);
	kube_buf_release(&want);

	/* the deleted current context stays named in current-context, as kubectl leaves it */
	s = slurp(tp("config"));
	assert_string_equal(s, "apiVersion: v1\n"
			       "clusters:\n"
			       "- cluster:\n"
			       "    server: https://a.example:6443\n"
			       "  name: shared\n"
			       "contexts: null\n"
			       "current-context: renamed\n"
			       "kind: Config\n"
			       "users: null\n");
	free(s);
}

static void test_set_unset(void **state)
{
	kube_config_load_opts lo = {.env = ""};
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	char *s;

	(void)state;
	copy_fixture("a.yaml", tp("config"));
	lo.explicit_path = tp("config");
	OK(kube_config_cmd_set(&out, &lo, "contexts.ctx2.namespace", "bar", false, &err));
	assert_string_equal(out.ptr, "Property \"contexts.ctx2.namespace\" set.\n");
	kube_buf_release(&out);
	OK(kube_config_cmd_set(&out, &lo, "clusters.10.0.0.1.server", "https://10.0.0.1", false,
			       &err));
	kube_buf_release(&out);
	OK(kube_config_cmd_set(&out, &lo, "clusters.shared.certificate-authority-data", "Zm9vYmFy",
			       false, &err));
	kube_buf_release(&out);
	OK(kube_config_cmd_set(&out, &lo, "users.u.client-key-data", "raw-bytes", true, &err));
	kube_buf_release(&out);
	OK(kube_config_cmd_set(&out, &lo, "clusters.shared.insecure-skip-tls-verify", "true", false,
			       &err));
	kube_buf_release(&out);
	OK(kube_config_cmd_set(&out, &lo, "current-context", "ctx2", false, &err));
	kube_buf_release(&out);
	s = slurp(tp("config"));
	assert_non_null(strstr(s, "- cluster:\n    server: https://10.0.0.1\n  name: 10.0.0.1\n"));
	assert_non_null(strstr(s, "- context:\n    cluster: \"\"\n    namespace: bar\n"
				  "    user: \"\"\n  name: ctx2\n"));
	assert_non_null(strstr(s, "    certificate-authority-data: Zm9vYmFy\n"
				  "    insecure-skip-tls-verify: true\n"));
	assert_non_null(strstr(s, "    client-key-data: cmF3LWJ5dGVz\n"));
	assert_non_null(strstr(s, "current-context: ctx2\n"));
	free(s);

	OK(kube_config_cmd_unset(&out, &lo, "contexts.ctx2.namespace", &err));
	assert_string_equal(out.ptr, "Property \"contexts.ctx2.namespace\" unset.\n");
	kube_buf_release(&out);
	OK(kube_config_cmd_unset(&out, &lo, "users.u", &err));
	kube_buf_release(&out);
	OK(kube_config_cmd_unset(&out, &lo, "clusters.not-there", &err));
	kube_buf_release(&out);
	s = slurp(tp("config"));
	assert_non_null(strstr(s, "- context:\n    cluster: \"\"\n    user: \"\"\n  name: ctx2\n"));
	assert_non_null(strstr(s, "users: null\n"));
	free(s);

	/* errors, as kubectl words them */
	assert_int_equal(kube_config_cmd_set(&out, &lo, "bogus", "x", false, &err), KUBE_ECONFIG);
	assert_string_equal(err.message, "unable to parse bogus after [] at api.Config");
	kube_err_clear(&err);
	assert_int_equal(kube_config_cmd_set(&out, &lo,
					     "clusters.shared.certificate-authority-data", "!!",
					     false, &err),
			 KUBE_ECONFIG);
	assert_string_equal(err.message,
			    "error decoding input value: illegal base64 data at input byte 0");
	kube_err_clear(&err);
	assert_int_equal(kube_config_cmd_set(&out, &lo, "preferences.colors", "maybe", false, &err),
			 KUBE_ECONFIG);
	assert_string_equal(err.message, "strconv.ParseBool: parsing \"maybe\": invalid syntax");
	kube_err_clear(&err);
	assert_int_equal(kube_config_cmd_set(&out, &lo, "contexts.ctx2.namespace.x", "y", false,
					     &err),
			 KUBE_ECONFIG);
	assert_string_equal(err.message, "unable to parse one or more field values of "
					 "contexts.ctx2.namespace.x");
	kube_err_clear(&err);
	assert_int_equal(kube_config_cmd_unset(&out, &lo, "contexts.none.namespace", &err),
			 KUBE_ECONFIG);
	assert_string_equal(err.message, "current map key `none` is invalid");
	kube_err_clear(&err);
	assert_int_equal(kube_config_cmd_set(&out, &lo, "users.u.exec.command", "x", false, &err),
			 KUBE_ECONFIG);
	assert_string_equal(err.message,
			    "unable to parse one or more field values of users.u.exec.command");
	kube_err_clear(&err);
	assert_int_equal(kube_config_cmd_set(&out, &lo, "x", "", false, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "you cannot use set to unset a property");
	kube_err_clear(&err);
	assert_int_equal(out.len, 0);
}

static const char view_doc[] = "apiVersion: v1\n"
			       "kind: Config\n"
			       "current-context: v\n"
			       "clusters:\n"
			       "- name: v\n"
			       "  cluster:\n"
			       "    server: https://v.example\n"
			       "    certificate-authority-data: Zm9v\n"
			       "- name: other\n"
			       "  cluster:\n"
			       "    server: https://o.example\n"
			       "    certificate-authority: ca.crt\n"
			       "    extensions:\n"
			       "    - name: client.authentication.k8s.io/exec\n"
			       "      extension: {b: 1, a: <x>}\n"
			       "users:\n"
			       "- name: v\n"
			       "  user:\n"
			       "    token: secret-token\n"
			       "    username: admin\n"
			       "    password: secret-password\n"
			       "    client-certificate-data: Zm9v\n"
			       "    client-key-data: YmFy\n"
			       "contexts:\n"
			       "- name: v\n"
			       "  context: {cluster: v, user: v}\n"
			       "- name: o\n"
			       "  context: {cluster: other, user: v}\n";

static void test_view(void **state)
{
	kube_config_load_opts lo = {.env = ""};
	kube_config_view_opts vo = {0};
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	kube_obj *o = NULL;

	(void)state;
	write_file(tp("config"), view_doc, 0600);
	copy_fixture("ca.crt", tp("ca.crt"));
	lo.explicit_path = tp("config");
	OK(kube_config_cmd_view(&out, &lo, &vo, &err));
	assert_string_equal(out.ptr, "apiVersion: v1\n"
				     "clusters:\n"
				     "- cluster:\n"
				     "    certificate-authority: ca.crt\n"
				     "    extensions:\n"
				     "    - extension:\n"
				     "        a: <x>\n"
				     "        b: 1\n"
				     "      name: client.authentication.k8s.io/exec\n"
				     "    server: https://o.example\n"
				     "  name: other\n"
				     "- cluster:\n"
				     "    certificate-authority-data: DATA+OMITTED\n"
				     "    server: https://v.example\n"
				     "  name: v\n"
				     "contexts:\n"
				     "- context:\n"
				     "    cluster: other\n"
				     "    user: v\n"
				     "  name: o\n"
				     "- context:\n"
				     "    cluster: v\n"
				     "    user: v\n"
				     "  name: v\n"
				     "current-context: v\n"
				     "kind: Config\n"
				     "users:\n"
				     "- name: v\n"
				     "  user:\n"
				     "    client-certificate-data: DATA+OMITTED\n"
				     "    client-key-data: DATA+OMITTED\n"
				     "    password: REDACTED\n"
				     "    token: REDACTED\n"
				     "    username: admin\n");
	kube_buf_release(&out);

	/* --minify --raw -o json: Go struct order, 4-space indent, HTML escaped */
	vo.minify = true;
	vo.raw = true;
	vo.json = true;
	vo.context = "o";
	OK(kube_config_cmd_view(&out, &lo, &vo, &err));
	assert_string_equal(out.ptr, "{\n"
				     "    \"kind\": \"Config\",\n"
				     "    \"apiVersion\": \"v1\",\n"
				     "    \"clusters\": [\n"
				     "        {\n"
				     "            \"name\": \"other\",\n"
				     "            \"cluster\": {\n"
				     "                \"server\": \"https://o.example\",\n"
				     "                \"certificate-authority\": \"ca.crt\",\n"
				     "                \"extensions\": [\n"
				     "                    {\n"
				     "                        \"name\": "
				     "\"client.authentication.k8s.io/exec\",\n"
				     "                        \"extension\": {\n"
				     "                            \"a\": \"\\u003cx\\u003e\",\n"
				     "                            \"b\": 1\n"
				     "                        }\n"
				     "                    }\n"
				     "                ]\n"
				     "            }\n"
				     "        }\n"
				     "    ],\n"
				     "    \"users\": [\n"
				     "        {\n"
				     "            \"name\": \"v\",\n"
				     "            \"user\": {\n"
				     "                \"client-certificate-data\": \"Zm9v\",\n"
				     "                \"client-key-data\": \"YmFy\",\n"
				     "                \"token\": \"secret-token\",\n"
				     "                \"username\": \"admin\",\n"
				     "                \"password\": \"secret-password\"\n"
				     "            }\n"
				     "        }\n"
				     "    ],\n"
				     "    \"contexts\": [\n"
				     "        {\n"
				     "            \"name\": \"o\",\n"
				     "            \"context\": {\n"
				     "                \"cluster\": \"other\",\n"
				     "                \"user\": \"v\"\n"
				     "            }\n"
				     "        }\n"
				     "    ],\n"
				     "    \"current-context\": \"o\"\n"
				     "}\n");
	kube_buf_release(&out);

	/* --flatten inlines the CA file relative to the kubeconfig */
	vo = (kube_config_view_opts){.flatten = true, .minify = true, .context = "o"};
	OK(kube_config_view_obj(&o, &lo, &vo, &err));
	assert_null(kube_obj_path_str(kube_obj_at(kube_obj_get(o, "clusters"), 0), "cluster",
				      "certificate-authority", NULL));
	assert_memory_equal(kube_obj_path_str(kube_obj_at(kube_obj_get(o, "clusters"), 0),
					      "cluster", "certificate-authority-data", NULL),
			    "LS0tLS1CRUdJTi", 14);
	kube_obj_free(o);

	/* minify errors */
	vo = (kube_config_view_opts){.minify = true, .context = "nope"};
	assert_int_equal(kube_config_cmd_view(&out, &lo, &vo, &err), KUBE_ECONFIG);
	assert_string_equal(err.message, "cannot locate context nope");
	kube_err_clear(&err);
	vo = (kube_config_view_opts){.merge_given = true, .merge = false};
	lo.explicit_path = NULL;
	lo.env = tp("config");
	assert_int_equal(kube_config_cmd_view(&out, &lo, &vo, &err), KUBE_ECONFIG);
	assert_string_equal(err.message, "if merge==false a precise file must be specified");
	kube_err_clear(&err);
	assert_int_equal(out.len, 0);
}

static void test_get_listings(void **state)
{
	kube_config_load_opts lo = {.env = ""};
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	const char *names[] = {"ctx-a", "nope", "common", "gone"};

	(void)state;
	lo.explicit_path = fx("a.yaml");
	/* unknown names: the rest is printed, then the errors */
	assert_int_equal(kube_config_cmd_get_contexts(&out, &lo, names, 4, 0, &err), KUBE_ECONFIG);
	assert_string_equal(out.ptr, "CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n"
				     " \tcommon\tshared\tu\tfrom-a\n"
				     "*\tctx-a\tshared\tu\tnsa\n");
	assert_string_equal(err.message, "context nope not found\ncontext gone not found");
	assert_int_equal(err.ncauses, 2);
	assert_string_equal(err.reason, KUBE_CONFIG_REASON_AGGREGATE);
	kube_err_clear(&err);
	kube_buf_release(&out);

	OK(kube_config_cmd_get_contexts(&out, &lo, NULL, 0, KUBE_CONFIG_NAME_ONLY, &err));
	assert_string_equal(out.ptr, "common\nctx-a\n");
	kube_buf_release(&out);
	OK(kube_config_cmd_get_contexts(&out, &lo, names, 1, KUBE_CONFIG_NO_HEADERS, &err));
	assert_string_equal(out.ptr, "*\tctx-a\tshared\tu\tnsa\n");
	kube_buf_release(&out);
	OK(kube_config_cmd_get_clusters(&out, &lo, &err));
	assert_string_equal(out.ptr, "NAME\nonlya\nshared\n");
	kube_buf_release(&out);
	OK(kube_config_cmd_get_users(&out, &lo, &err));
	assert_string_equal(out.ptr, "NAME\nu\n");
	kube_buf_release(&out);
}

static void test_lock_and_bad_file(void **state)
{
	kube_config_load_opts lo = {.env = ""};
	kube_buf out = KUBE_BUF_INIT, want = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	copy_fixture("a.yaml", tp("config"));
	lo.explicit_path = tp("config");
	write_file(tp("config.lock"), "", 0644);
	assert_int_equal(kube_config_cmd_use_context(&out, &lo, "common", &err), KUBE_EIO);
	kube_buf_printf(&want, "open %s.lock: file exists", tp("config"));
	assert_string_equal(err.message, want.ptr);
	kube_err_clear(&err);
	kube_buf_release(&want);
	assert_int_equal(unlink(tp("config.lock")), 0);

	/* a broken file is reported with its name, and nothing is written */
	write_file(tp("config"), "clusters: [\n", 0644);
	assert_int_equal(kube_config_cmd_use_context(&out, &lo, "x", &err), KUBE_ECONFIG);
	kube_buf_printf(&want, "error loading config file \"%s\": yaml: ", tp("config"));
	assert_memory_equal(err.message, want.ptr, want.len);
	kube_err_clear(&err);
	kube_buf_release(&want);
	assert_int_equal(out.len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_use_context, make_tmp, drop_tmp),
		cmocka_unit_test_setup_teardown(test_current_context_unset, make_tmp, drop_tmp),
		cmocka_unit_test_setup_teardown(test_multi_file_write_back, make_tmp, drop_tmp),
		cmocka_unit_test_setup_teardown(test_set_context_errors, make_tmp, drop_tmp),
		cmocka_unit_test_setup_teardown(test_new_file, make_tmp, drop_tmp),
		cmocka_unit_test_setup_teardown(test_set_cluster_paths, make_tmp, drop_tmp),
		cmocka_unit_test_setup_teardown(test_set_credentials, make_tmp, drop_tmp),
		cmocka_unit_test_setup_teardown(test_delete_and_rename, make_tmp, drop_tmp),
		cmocka_unit_test_setup_teardown(test_set_unset, make_tmp, drop_tmp),
		cmocka_unit_test_setup_teardown(test_view, make_tmp, drop_tmp),
		cmocka_unit_test(test_get_listings),
		cmocka_unit_test_setup_teardown(test_lock_and_bad_file, make_tmp, drop_tmp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
