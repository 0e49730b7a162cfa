/* Unit tests for kubeconfig loading, merging and resolving (include/kube/config.h). */
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
#include <kube/config.h>

/* ---- helpers ---- */

static const char *fx(const char *name)
{
	static char bufs[8][4096];
	static int next;
	char *b = bufs[next++ % 8];
	const char *root = getenv("KC_FIXTURES");

	snprintf(b, sizeof(bufs[0]), "%s/kubeconfig/%s", root ? root : "tests/fixtures", name);
	return b;
}

static char tmpdir[256];

static int make_tmp(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/kc-config-test-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int drop_tmp(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
	unsetenv("KUBERNETES_SERVICE_HOST");
	unsetenv("KUBERNETES_SERVICE_PORT");
	unsetenv("POD_NAMESPACE");
	return 0;
}

static void write_file(const char *path, const char *content)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(content, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static kube_config *load_explicit(const char *path)
{
	kube_config_load_opts lo = {.explicit_path = path, .env = ""};
	kube_err err = KUBE_ERR_INIT;
	kube_config *c = NULL;

	assert_int_equal(kube_config_load(&c, &lo, &err), 0);
	assert_int_equal(err.code, KUBE_OK);
	return c;
}

/* Expect an error from loading with the given options; returns the message (static copy). */
static const char *load_error(const kube_config_load_opts *lo, kube_err *err)
{
	kube_config *c = (kube_config *)1;

	assert_int_equal(kube_config_load(&c, lo, err), KUBE_ECONFIG);
	assert_null(c);
	assert_int_equal(err->code, KUBE_ECONFIG);
	assert_non_null(err->message);
	return err->message;
}

static void expect_resolve_error(const kube_config *c, const kube_config_overrides *ov,
				 const char *msg, bool invalid)
{
	kube_rest_config *rc = (kube_rest_config *)1;
	kube_err err = KUBE_ERR_INIT;

	assert_int_equal(kube_config_resolve(&rc, c, ov, &err), KUBE_ECONFIG);
	assert_null(rc);
	assert_int_equal(err.code, KUBE_ECONFIG);
	assert_string_equal(err.message, msg);
	if (invalid) {
		assert_non_null(err.reason);
		assert_string_equal(err.reason, KUBE_CONFIG_REASON_INVALID);
	} else {
		assert_null(err.reason);
	}
	kube_err_clear(&err);
}

static kube_rest_config *resolve_ok(const kube_config *c, const kube_config_overrides *ov)
{
	kube_rest_config *rc = NULL;
	kube_err err = KUBE_ERR_INIT;
	int r = kube_config_resolve(&rc, c, ov, &err);

	if (r != 0)
		fprintf(stderr, "resolve: %s\n", err.message);
	assert_int_equal(r, 0);
	assert_non_null(rc);
	return rc;
}

/* ---- loading and merging ---- */

static void test_merge_first_file_wins(void **state)
{
	kube_buf env = KUBE_BUF_INIT, out = KUBE_BUF_INIT;
	kube_config_load_opts lo = {0};
	kube_config *c = NULL;
	kube_rest_config *rc;
	kube_config_overrides ov = {0};
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	kube_buf_printf(&env, "%s:%s:%s", fx("a.yaml"), fx("missing.yaml"), fx("b.yaml"));
	lo.env = env.ptr;
	assert_int_equal(kube_config_load(&c, &lo, &err), 0);
	assert_string_equal(kube_config_current_context(c), "ctx-a");
	assert_int_equal(kube_config_count(c, KUBE_CONFIG_CONTEXTS), 3);
	assert_string_equal(kube_config_name(c, KUBE_CONFIG_CONTEXTS, 0), "common");
	assert_string_equal(kube_config_name(c, KUBE_CONFIG_CONTEXTS, 1), "ctx-a");
	assert_string_equal(kube_config_name(c, KUBE_CONFIG_CONTEXTS, 2), "ctx-b");
	assert_null(kube_config_name(c, KUBE_CONFIG_CONTEXTS, 3));
	assert_int_equal(kube_config_count(c, KUBE_CONFIG_USERS), 2);
	assert_string_equal(kube_config_origin(c, KUBE_CONFIG_USERS, "u"), fx("a.yaml"));
	assert_string_equal(kube_config_origin(c, KUBE_CONFIG_USERS, "onlyb"), fx("b.yaml"));
	assert_string_equal(kube_config_origin(c, KUBE_CONFIG_CONTEXTS, "common"), fx("a.yaml"));

	/* the shared cluster and user come from a.yaml */
	ov.context = "ctx-b";
	rc = resolve_ok(c, &ov);
	assert_string_equal(rc->server, "https://a.example:6443");
	assert_string_equal(rc->token, "from-a");
	assert_string_equal(rc->namespace_, "default");
	assert_int_equal(rc->namespace_source, KUBE_NS_DEFAULT);
	kube_rest_config_free(rc);
	kube_config_free(c);

	/* what `config get-contexts` prints (tab-separated, aligned by the CLI) */
	assert_int_equal(kube_config_cmd_get_contexts(&out, &lo, NULL, 0, 0, &err), 0);
	assert_string_equal(out.ptr, "CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n"
				     " \tcommon\tshared\tu\tfrom-a\n"
				     "*\tctx-a\tshared\tu\tnsa\n"
				     " \tctx-b\tshared\tu\t\n");
	kube_buf_release(&out);
	kube_buf_release(&env);
}

static void test_env_list_rules(void **state)
{
	kube_buf env = KUBE_BUF_INIT;
	kube_config_load_opts lo = {0};
	kube_config *c = NULL;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	/* empty entries dropped, duplicates loaded once, missing files skipped */
	kube_buf_printf(&env, "::%s:%s::/nonexistent/kubeconfig:%s", fx("b.yaml"), fx("b.yaml"),
			fx("a.yaml"));
	lo.env = env.ptr;
	assert_int_equal(kube_config_load(&c, &lo, &err), 0);
	assert_string_equal(kube_config_current_context(c), "ctx-b");
	assert_string_equal(kube_config_origin(c, KUBE_CONFIG_CLUSTERS, "shared"), fx("b.yaml"));
	assert_string_equal(kube_config_origin(c, KUBE_CONFIG_CLUSTERS, "onlya"), fx("a.yaml"));
	kube_config_free(c);
	kube_buf_release(&env);
}

static void test_home_default(void **state)
{
	kube_config_load_opts lo = {.env = "", .home = tmpdir};
	kube_config *c = NULL;
	kube_err err = KUBE_ERR_INIT;
	char path[512];

	(void)state;
	/* a missing ~/.kube/config is an empty config */
	assert_int_equal(kube_config_load(&c, &lo, &err), 0);
	assert_int_equal(kube_config_count(c, KUBE_CONFIG_CONTEXTS), 0);
	assert_string_equal(kube_config_current_context(c), "");
	kube_config_free(c);

	snprintf(path, sizeof(path), "%s/.kube", tmpdir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/.kube/config", tmpdir);
	write_file(path, "current-context: home\ncontexts:\n- name: home\n  context: {}\n");
	assert_int_equal(kube_config_load(&c, &lo, &err), 0);
	assert_string_equal(kube_config_current_context(c), "home");
	kube_config_free(c);
}

static void test_explicit_must_exist(void **state)
{
	kube_config_load_opts lo = {.explicit_path = "/nonexistent/dir/config", .env = ""};
	kube_err err = KUBE_ERR_INIT;
	kube_config *c = NULL;

	(void)state;
	assert_string_equal(load_error(&lo, &err),
			    "stat /nonexistent/dir/config: no such file or directory");
	kube_err_clear(&err);
	/* `kubectl config` treats it as an empty file */
	lo.edit = true;
	assert_int_equal(kube_config_load(&c, &lo, &err), 0);
	assert_int_equal(kube_config_count(c, KUBE_CONFIG_CLUSTERS), 0);
	kube_config_free(c);
}

static void test_yaml_and_schema_errors(void **state)
{
	kube_config_load_opts lo = {.env = ""};
	kube_err err = KUBE_ERR_INIT;
	char want[1024];
	const char *msg;

	(void)state;
	lo.explicit_path = fx("bad-yaml.yaml");
	msg = load_error(&lo, &err);
	snprintf(want, sizeof(want), "error loading config file \"%s\": yaml: line ",
		 fx("bad-yaml.yaml"));
	assert_memory_equal(msg, want, strlen(want));
	assert_null(err.reason);
	kube_err_clear(&err);

	lo.explicit_path = fx("bad-base64.yaml");
	snprintf(want, sizeof(want),
		 "error loading config file \"%s\": illegal base64 data at input byte 8",
		 fx("bad-base64.yaml"));
	assert_string_equal(load_error(&lo, &err), want);
	kube_err_clear(&err);

	lo.explicit_path = fx("type-error.yaml");
	snprintf(want, sizeof(want),
		 "error loading config file \"%s\": json: cannot unmarshal number into Go struct "
		 "field Cluster.clusters.cluster.server of type string",
		 fx("type-error.yaml"));
	assert_string_equal(load_error(&lo, &err), want);
	kube_err_clear(&err);

	lo.explicit_path = fx("dup.yaml");
	snprintf(want, sizeof(want),
		 "error loading config file \"%s\": error converting *[]NamedContext into "
		 "*map[string]*api.Context: duplicate name \"twice\" in list: [{twice {c u  []}} "
		 "{twice {d u  []}}]",
		 fx("dup.yaml"));
	assert_string_equal(load_error(&lo, &err), want);
	kube_err_clear(&err);
}

static void test_parse_errors_in_memory(void **state)
{
	static const struct {
		const char *doc, *msg;
	} cases[] = {
		{"hello", "couldn't get version/kind; json parse error: json: cannot unmarshal "
			  "string "
			  "into Go value of type struct { APIVersion string "
			  "\"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
			  "\"json:\\\"kind,omitempty\\\"\" }"},
		{"- a\n- b\n", "couldn't get version/kind; json parse error: json: cannot "
			       "unmarshal "
			       "array into Go value of type struct { APIVersion string "
			       "\"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
			       "\"json:\\\"kind,omitempty\\\"\" }"},
		{"apiVersion: 1\n", "couldn't get version/kind; json parse error: json: cannot "
				    "unmarshal number into Go struct field .apiVersion of type "
				    "string"},
		{"kind: Pod\napiVersion: v1\n",
		 "no kind \"Pod\" is registered for version \"v1\" in scheme "
		 "\"pkg/runtime/scheme.go:111\""},
		{"clusters: foo\n", "json: cannot unmarshal string into Go struct field "
				    "Config.clusters "
				    "of type []v1.NamedCluster"},
		{"clusters: [foo]\n", "json: cannot unmarshal string into Go struct field "
				      "Config.clusters of type v1.NamedCluster"},
		{"users:\n- name: x\n  user:\n    as-groups: yes\n",
		 "json: cannot unmarshal bool into Go struct field AuthInfo.users.user.as-groups "
		 "of type []string"},
		{"users:\n- name: x\n  user:\n    exec:\n      env:\n      - name: 3\n",
		 "json: cannot unmarshal number into Go struct field "
		 "ExecEnvVar.users.user.exec.env.name of type string"},
		{"preferences:\n  colors: maybe\n", "json: cannot unmarshal string into Go struct "
						    "field Preferences.preferences.colors of type "
						    "bool"},
		{"users:\n- name: x\n  user:\n    client-key-data: 5\n",
		 "json: cannot unmarshal number into Go struct field "
		 "AuthInfo.users.user.client-key-data "
		 "of type []uint8"},
		{"clusters:\n- name: a\n  cluster: {server: x1, certificate-authority-data: Zm9v,\n"
		 "    extensions: [{name: e, extension: {b: \"<\"}}, {name: nn, extension: "
		 "null}]}\n"
		 "- name: a\n  cluster: {server: x2, insecure-skip-tls-verify: true}\n",
		 "error converting *[]NamedCluster into *map[string]*api.Cluster: duplicate name "
		 "\"a\" "
		 "in list: [{a {x1  false  [102 111 111]  false [{e {[123 34 98 34 58 34 92 117 48 "
		 "48 "
		 "51 99 34 125] <nil>}} {nn {[] <nil>}}]}} {a {x2  true  []  false []}}]"},
		{"contexts:\n- name: a\n  context: {cluster: c, extensions: [{name: e, extension: "
		 "5},"
		 " {name: e, extension: 6}]}\n",
		 "error converting *[]NamedExtension into *map[string]runtime.Object: duplicate "
		 "name "
		 "\"e\" in list: [{e {[53] <nil>}} {e {[54] <nil>}}]"},
		{"users:\n- name: a\n  user: {token: x}\n- name: a\n  user: {}\n",
		 "error converting *[]NamedAuthInfo into *map[string]*api.AuthInfo: duplicate name "
		 "\"a\" "
		 "in list: [...]"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kube_config *c = (kube_config *)1;
		kube_err err = KUBE_ERR_INIT;

		int r = kube_config_parse(&c, cases[i].doc, strlen(cases[i].doc), NULL, &err);

		assert_int_equal(r, KUBE_ECONFIG);
		assert_null(c);
		assert_string_equal(err.message, cases[i].msg);
		kube_err_clear(&err);
	}
}

static void test_parse_accepts(void **state)
{
	static const char doc[] =
		"# only what matters, unknown fields ignored\n"
		"bogus: [1, 2]\n"
		"current-context: x\n"
		"preferences: {colors: true}\n"
		"users:\n"
		"- name: b\n"
		"  user:\n"
		"    exec:\n"
		"      apiVersion: client.authentication.k8s.io/v1beta1\n"
		"      command: plugin\n"
		"    client-key-data: Zm9vYmFy\n";
	kube_config *c = NULL;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_config_parse(&c, doc, strlen(doc), NULL, &err), 0);
	assert_string_equal(kube_config_current_context(c), "x");
	assert_int_equal(kube_config_count(c, KUBE_CONFIG_USERS), 1);
	assert_null(kube_config_origin(c, KUBE_CONFIG_USERS, "b"));
	kube_config_free(c);
	/* empty input and comment-only input are empty configs */
	assert_int_equal(kube_config_parse(&c, "", 0, NULL, &err), 0);
	kube_config_free(c);
	assert_int_equal(kube_config_parse(&c, "# nothing\n", 10, NULL, &err), 0);
	assert_int_equal(kube_config_count(c, KUBE_CONFIG_CLUSTERS), 0);
	kube_config_free(c);
}

static void test_several_files_fail(void **state)
{
	kube_buf env = KUBE_BUF_INIT, want = KUBE_BUF_INIT;
	kube_config_load_opts lo = {0};
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	kube_buf_printf(&env, "%s:%s:%s", fx("a.yaml"), fx("bad-base64.yaml"),
			fx("type-error.yaml"));
	lo.env = env.ptr;
	kube_buf_printf(&want,
			"error loading config file \"%s\": illegal base64 data at input byte 8\n"
			"error loading config file \"%s\": json: cannot unmarshal number into Go "
			"struct field Cluster.clusters.cluster.server of type string",
			fx("bad-base64.yaml"), fx("type-error.yaml"));
	assert_string_equal(load_error(&lo, &err), want.ptr);
	assert_int_equal(err.ncauses, 2);
	assert_string_equal(err.reason, KUBE_CONFIG_REASON_AGGREGATE);
	kube_err_clear(&err);
	kube_buf_release(&env);
	kube_buf_release(&want);
}

static void test_unreadable_file(void **state)
{
	kube_config_load_opts lo = {.env = ""};
	kube_err err = KUBE_ERR_INIT;
	char want[1024];

	(void)state;
	/* a directory: Go's ReadFile fails in read(2) */
	lo.explicit_path = tmpdir;
	snprintf(want, sizeof(want),
		 "error loading config file \"%s\": read %s: is a directory", tmpdir, tmpdir);
	assert_string_equal(load_error(&lo, &err), want);
	kube_err_clear(&err);
	if (geteuid() != 0) {
		char path[512];

		snprintf(path, sizeof(path), "%s/noperm", tmpdir);
		write_file(path, "kind: Config\n");
		assert_int_equal(chmod(path, 0), 0);
		lo.explicit_path = path;
		snprintf(want, sizeof(want),
			 "error loading config file \"%s\": open %s: permission denied", path,
			 path);
		assert_string_equal(load_error(&lo, &err), want);
		kube_err_clear(&err);
	}
}

static void test_relative_paths(void **state)
{
	kube_config *c = load_explicit(fx("rel/kubeconfig"));
	kube_config_overrides ov = {0};
	kube_rest_config *rc;
	char *want_ca = realpath(fx("ca.crt"), NULL);
	FILE *f;
	char buf[4096];
	size_t n;

	(void)state;
	assert_non_null(want_ca);
	rc = resolve_ok(c, NULL);
	assert_true(rc->tls);
	assert_string_equal(rc->ca_file, want_ca);
	f = fopen(want_ca, "r");
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(rc->ca_pem_len, n);
	assert_memory_equal(rc->ca_pem, buf, n);
	assert_non_null(rc->cert_pem);
	assert_non_null(strstr(rc->cert_pem, "BEGIN CERTIFICATE"));
	assert_non_null(strstr(rc->key_pem, "PRIVATE KEY"));
	assert_null(rc->token);
	assert_string_equal(rc->namespace_, "relns");
	assert_int_equal(rc->namespace_source, KUBE_NS_CONTEXT);
	assert_true(rc->can_identify_user);
	kube_rest_config_free(rc);

	/* tokenFile relative to the kubeconfig's directory, contents trimmed */
	ov.context = "tok";
	rc = resolve_ok(c, &ov);
	assert_string_equal(rc->token, "token-from-file");
	assert_non_null(strstr(rc->token_file, "/rel/token.txt"));
	assert_true(rc->token_file[0] == '/');
	kube_rest_config_free(rc);
	kube_config_free(c);
	free(want_ca);
}

/* ---- resolving ---- */

static void test_resolve_plain(void **state)
{
	kube_config *c = load_explicit(fx("resolve.yaml"));
	kube_config_overrides ov = {.context = "plain"};
	kube_rest_config *rc;

	(void)state;
	rc = resolve_ok(c, &ov);
	assert_string_equal(rc->server, "https://c.example:6443");
	assert_true(rc->tls);
	assert_string_equal(rc->token, "plain-token");
	assert_string_equal(rc->impersonate_user, "someone");
	assert_int_equal(rc->nimpersonate_groups, 1);
	assert_string_equal(rc->impersonate_groups[0], "g1");
	assert_string_equal(rc->namespace_, "team1");
	assert_int_equal(rc->namespace_source, KUBE_NS_CONTEXT);
	assert_string_equal(rc->context_name, "plain");
	assert_string_equal(rc->cluster_name, "c");
	assert_string_equal(rc->user_name, "plain");
	assert_null(rc->exec);
	assert_int_equal(rc->timeout_ns, 0);
	kube_rest_config_free(rc);

	/* flags override single fields; -n wins */
	ov.token = "flag-token";
	ov.namespace_ = "flagns";
	ov.as = "bob";
	ov.as_uid = "uid-1";
	ov.as_groups = (const char *const[]){"x", "y"};
	ov.nas_groups = 2;
	ov.request_timeout = "1m";
	rc = resolve_ok(c, &ov);
	assert_string_equal(rc->token, "flag-token");
	assert_string_equal(rc->namespace_, "flagns");
	assert_int_equal(rc->namespace_source, KUBE_NS_EXPLICIT);
	assert_string_equal(rc->impersonate_user, "bob");
	assert_string_equal(rc->impersonate_uid, "uid-1");
	assert_int_equal(rc->nimpersonate_groups, 2);
	assert_string_equal(rc->impersonate_groups[1], "y");
	assert_true(rc->timeout_ns == 60000000000LL);
	assert_true(rc->timeout_ms == 60000);
	kube_rest_config_free(rc);
	kube_config_free(c);
}

static void test_resolve_http_drops_credentials(void **state)
{
	kube_config *c = load_explicit(fx("resolve.yaml"));
	kube_config_overrides ov = {.context = "http"};
	kube_rest_config *rc;

	(void)state;
	rc = resolve_ok(c, &ov);
	assert_string_equal(rc->server, "http://h.example:8080");
	assert_false(rc->tls);
	assert_null(rc->token);
	assert_null(rc->ca_pem);
	/* impersonation still goes out over http */
	assert_string_equal(rc->impersonate_user, "someone");
	kube_rest_config_free(rc);

	/* a server without a scheme is contacted with http */
	ov.server = "127.0.0.1:18080";
	rc = resolve_ok(c, &ov);
	assert_string_equal(rc->server, "http://127.0.0.1:18080");
	assert_false(rc->tls);
	assert_null(rc->token);
	kube_rest_config_free(rc);
	kube_config_free(c);
}

static void test_resolve_cluster_settings(void **state)
{
	kube_config *c = load_explicit(fx("resolve.yaml"));
	kube_config_overrides ov = {.context = "named"};
	kube_rest_config *rc;

	(void)state;
	rc = resolve_ok(c, &ov);
	/* a query is dropped when the URL has a path */
	assert_string_equal(rc->server, "https://10.1.2.3:6443/prefix");
	assert_string_equal(rc->tls_server_name, "api.example");
	assert_string_equal(rc->proxy_url, "socks5://proxy:1080");
	assert_true(rc->disable_compression);
	assert_non_null(rc->ca_pem);
	assert_false(rc->insecure);
	kube_rest_config_free(rc);

	/* --insecure-skip-tls-verify drops the CA; --server drops tls-server-name */
	ov.insecure_skip_tls_verify = true;
	ov.server = "https://other:6443";
	rc = resolve_ok(c, &ov);
	assert_true(rc->insecure);
	assert_null(rc->ca_pem);
	assert_null(rc->ca_file);
	assert_null(rc->tls_server_name);
	assert_string_equal(rc->server, "https://other:6443");
	kube_rest_config_free(rc);

	/* a cluster without a server uses the default one */
	ov = (kube_config_overrides){.context = "noserver"};
	rc = resolve_ok(c, &ov);
	assert_string_equal(rc->server, "http://localhost:8080");
	kube_rest_config_free(rc);
	kube_config_free(c);
}

static void test_resolve_errors(void **state)
{
	kube_config *c = load_explicit(fx("resolve.yaml"));
	kube_config_overrides ov = {0};

	(void)state;
	/* the current context has a user with two methods */
	expect_resolve_error(c, &ov,
			     "more than one authentication method found for both; found [token "
			     "basicAuth], only one is allowed",
			     false);
	ov.context = "nope";
	expect_resolve_error(c, &ov, "context was not found for specified context: nope", true);
	ov.cluster = "nocluster";
	expect_resolve_error(c, &ov,
			     "\n* context was not found for specified context: nope"
			     "\n* no server found for cluster \"nocluster\"",
			     true);
	/* with -n the namespace needs no validation and ClientConfig() reports the name */
	ov = (kube_config_overrides){.context = "nope", .namespace_ = "x"};
	expect_resolve_error(c, &ov, "context \"nope\" does not exist", false);
	ov = (kube_config_overrides){.context = "plain", .user = "nouser"};
	expect_resolve_error(c, &ov, "auth info \"nouser\" does not exist", false);
	ov = (kube_config_overrides){.context = "plain", .namespace_ = "x", .cluster = "nocl"};
	expect_resolve_error(c, &ov, "cluster \"nocl\" does not exist", false);
	ov = (kube_config_overrides){.context = "plain", .certificate_authority = "/x.crt"};
	expect_resolve_error(c, &ov,
			     "unable to read certificate-authority /x.crt for c due to open "
			     "/x.crt: "
			     "no such file or directory",
			     false);
	ov = (kube_config_overrides){.context = "ex"};
	expect_resolve_error(c, &ov,
			     "interactiveMode must be specified for ex to use exec authentication "
			     "plugin",
			     false);
	ov = (kube_config_overrides){.context = "bothca"};
	expect_resolve_error(c, &ov,
			     "certificate-authority-data and certificate-authority are both "
			     "specified for bothca. certificate-authority-data will override.",
			     false);
	ov = (kube_config_overrides){.context = "plain", .client_certificate = "/no/cert.crt"};
	expect_resolve_error(c, &ov,
			     "\n* client-key-data or client-key must be specified for plain to use "
			     "the clientCert authentication method."
			     "\n* unable to read client-cert /no/cert.crt for plain due to open "
			     "/no/cert.crt: no such file or directory",
			     true);
	/* a missing --user validates as an empty user first */
	ov = (kube_config_overrides){.context = "http", .user = "nobody", .as_uid = "u1"};
	expect_resolve_error(c, &ov, "auth info \"nobody\" does not exist", false);
	ov = (kube_config_overrides){.context = "http", .user = "beta", .as_uid = "u1"};
	expect_resolve_error(c, &ov,
			     "requesting uid, groups or user-extra for beta without impersonating "
			     "a user",
			     false);
	ov = (kube_config_overrides){.context = "plain", .request_timeout = "5x"};
	expect_resolve_error(c, &ov,
			     "Invalid timeout value. Timeout must be a single integer in seconds, "
			     "or "
			     "an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)",
			     false);
	kube_config_free(c);
}

static void test_error_causes_and_no_secrets(void **state)
{
	kube_config *c = load_explicit(fx("resolve.yaml"));
	kube_config_overrides ov = {.context = "missing", .cluster = "gone"};
	kube_rest_config *rc = NULL;
	kube_err err = KUBE_ERR_INIT;
	size_t i;

	(void)state;
	assert_int_equal(kube_config_resolve(&rc, c, &ov, &err), KUBE_ECONFIG);
	assert_int_equal(err.ncauses, 2);
	assert_string_equal(err.causes[0].message,
			    "context was not found for specified context: missing");
	assert_string_equal(err.causes[1].message, "no server found for cluster \"gone\"");
	kube_err_clear(&err);
	/* the user with a token and a password: neither appears in the message */
	assert_int_equal(kube_config_resolve(&rc, c, NULL, &err), KUBE_ECONFIG);
	assert_null(strstr(err.message, "super-secret"));
	for (i = 0; i < err.ncauses; i++)
		assert_null(strstr(err.causes[i].message, "super-secret"));
	kube_err_clear(&err);
	kube_config_free(c);
}

static void test_proxy_url_validation(void **state)
{
	static const char doc[] = "current-context: p\n"
				  "clusters:\n- name: p\n  cluster:\n    server: https://p\n"
				  "    proxy-url: ftp://proxy\n"
				  "contexts:\n- name: p\n  context: {cluster: p}\n";
	kube_config *c = NULL;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_config_parse(&c, doc, strlen(doc), NULL, &err), 0);
	expect_resolve_error(c, NULL,
			     "invalid 'proxy-url' \"ftp://proxy\" for cluster \"p\": unsupported "
			     "scheme \"ftp\", must be http, https, or socks5",
			     false);
	kube_config_free(c);
}

static void test_fallback_and_empty(void **state)
{
	kube_config *c = NULL;
	kube_rest_config *rc;
	kube_err err = KUBE_ERR_INIT;
	const char *ns;
	kube_ns_source src;
	kube_buf tmp = KUBE_BUF_INIT;

	(void)state;
	assert_int_equal(kube_config_parse(&c, "", 0, NULL, &err), 0);
	rc = resolve_ok(c, NULL);
	assert_string_equal(rc->server, "http://localhost:8080");
	assert_false(rc->tls);
	assert_string_equal(rc->namespace_, "default");
	assert_int_equal(rc->namespace_source, KUBE_NS_DEFAULT);
	assert_false(rc->in_cluster);
	kube_rest_config_free(rc);
	/* NULL config behaves as empty */
	rc = resolve_ok(NULL, NULL);
	assert_string_equal(rc->server, "http://localhost:8080");
	kube_rest_config_free(rc);
	assert_int_equal(kube_config_namespace(&ns, &src, &tmp, c, NULL, &err), 0);
	assert_string_equal(ns, "default");
	kube_buf_release(&tmp);
	kube_config_free(c);
}

static void test_https_without_credentials(void **state)
{
	kube_config *c = NULL;
	kube_config_overrides ov = {.server = "https://secure:6443"};
	kube_rest_config *rc;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_config_parse(&c, "", 0, NULL, &err), 0);
	rc = resolve_ok(c, &ov);
	assert_true(rc->tls);
	assert_false(rc->can_identify_user);
	kube_rest_config_free(rc);
	ov.username = "u";
	ov.password = "p";
	rc = resolve_ok(c, &ov);
	assert_true(rc->can_identify_user);
	assert_string_equal(rc->username, "u");
	assert_string_equal(rc->password, "p");
	kube_rest_config_free(rc);
	kube_config_free(c);
}

static void test_exec_in_rest_config(void **state)
{
	kube_config *c = load_explicit(fx("resolve.yaml"));
	kube_config_overrides ov = {.context = "beta"};
	kube_rest_config *rc;
	char *want_cmd;

	(void)state;
	rc = resolve_ok(c, &ov);
	assert_non_null(rc->exec);
	assert_string_equal(rc->exec->api_version, "client.authentication.k8s.io/v1beta1");
	/* a command with a slash is resolved against the kubeconfig's directory */
	want_cmd = realpath(fx(""), NULL);
	assert_non_null(want_cmd);
	assert_memory_equal(rc->exec->command, want_cmd, strlen(want_cmd));
	assert_string_equal(rc->exec->command + strlen(want_cmd), "/plugin.sh");
	free(want_cmd);
	assert_int_equal(rc->exec->nargs, 1);
	assert_string_equal(rc->exec->args[0], "a1");
	assert_int_equal(rc->exec->nenv, 1);
	assert_string_equal(rc->exec->env[0].name, "FOO");
	assert_string_equal(rc->exec->env[0].value, "bar");
	/* v1beta1 defaults interactiveMode; ANSI escapes are removed from the hint */
	assert_string_equal(rc->exec->interactive_mode, "IfAvailable");
	assert_string_equal(rc->exec->install_hint, "install U+001B[1mitU+001B[0m");
	assert_string_equal(rc->exec->cluster_server, "https://c.example:6443");
	assert_true(rc->can_identify_user);
	kube_rest_config_free(rc);

	/* a token on the command line replaces the plugin */
	ov.token = "t";
	rc = resolve_ok(c, &ov);
	assert_null(rc->exec);
	assert_string_equal(rc->token, "t");
	kube_rest_config_free(rc);
	kube_config_free(c);
}

static void test_exec_bad_api_version(void **state)
{
	static const char doc[] =
		"current-context: x\n"
		"clusters:\n- name: c\n  cluster: {server: 'https://c'}\n"
		"users:\n- name: u\n  user:\n    exec:\n      command: p\n"
		"      apiVersion: client.authentication.k8s.io/v1alpha1\n"
		"contexts:\n- name: x\n  context: {cluster: c, user: u}\n";
	kube_config *c = NULL;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_config_parse(&c, doc, strlen(doc), NULL, &err), 0);
	expect_resolve_error(c, NULL,
			     "exec plugin: invalid apiVersion "
			     "\"client.authentication.k8s.io/v1alpha1\"",
			     false);
	kube_config_free(c);
}

static void test_auth_provider(void **state)
{
	static const char doc[] =
		"current-context: x\n"
		"clusters:\n- name: c\n  cluster: {server: 'https://c'}\n"
		"users:\n- name: g\n  user:\n    auth-provider: {name: gcp}\n"
		"- name: o\n  user:\n    auth-provider:\n      name: oidc\n"
		"      config: {id-token: abc, client-id: k}\n"
		"contexts:\n- name: x\n  context: {cluster: c, user: g}\n"
		"- name: oi\n  context: {cluster: c, user: o}\n";
	kube_config *c = NULL;
	kube_config_overrides ov = {.context = "oi"};
	kube_err err = KUBE_ERR_INIT;
	kube_rest_config *rc;

	(void)state;
	assert_int_equal(kube_config_parse(&c, doc, strlen(doc), NULL, &err), 0);
	expect_resolve_error(c, NULL,
			     "The gcp auth plugin has been removed.\nPlease use the "
			     "\"gke-gcloud-auth-plugin\" kubectl/client-go credential plugin "
			     "instead.\nSee https://cloud.google.com/blog/products/"
			     "containers-kubernetes/kubectl-auth-changes-in-gke for further "
			     "details",
			     false);
	rc = resolve_ok(c, &ov);
	assert_string_equal(rc->auth_provider, "oidc");
	assert_string_equal(kube_obj_path_str(rc->auth_provider_config, "id-token", NULL), "abc");
	kube_rest_config_free(rc);
	kube_config_free(c);
}

static void test_client_cert_overrides(void **state)
{
	static const char doc[] =
		"current-context: x\n"
		"clusters:\n- name: c\n  cluster: {server: 'https://c'}\n"
		"users:\n- name: u\n  user:\n    client-certificate-data: Zm9v\n"
		"    client-key-data: YmFy\n"
		"contexts:\n- name: x\n  context: {cluster: c, user: u}\n";
	kube_config *c = NULL;
	kube_config_overrides ov = {0};
	kube_err err = KUBE_ERR_INIT;
	kube_rest_config *rc;

	(void)state;
	assert_int_equal(kube_config_parse(&c, doc, strlen(doc), NULL, &err), 0);
	rc = resolve_ok(c, NULL);
	assert_int_equal(rc->cert_pem_len, 3);
	assert_memory_equal(rc->cert_pem, "foo", 3);
	assert_memory_equal(rc->key_pem, "bar", 3);
	kube_rest_config_free(rc);
	/* --client-certificate/--client-key replace the *-data */
	ov.client_certificate = fx("client.crt");
	ov.client_key = fx("client.key");
	rc = resolve_ok(c, &ov);
	assert_non_null(strstr(rc->cert_pem, "BEGIN CERTIFICATE"));
	assert_non_null(strstr(rc->key_pem, "PRIVATE KEY"));
	kube_rest_config_free(rc);
	kube_config_free(c);
}

static void test_in_cluster(void **state)
{
	kube_config *c = NULL;
	kube_config_overrides ov = {.in_cluster_dir = tmpdir};
	kube_err err = KUBE_ERR_INIT;
	kube_rest_config *rc;
	char path[512];
	FILE *f;
	char ca[4096];
	size_t n;

	(void)state;
	snprintf(path, sizeof(path), "%s/token", tmpdir);
	write_file(path, "sa-token\n");
	snprintf(path, sizeof(path), "%s/namespace", tmpdir);
	write_file(path, " incluster-ns \n");
	f = fopen(fx("ca.crt"), "r");
	n = fread(ca, 1, sizeof(ca) - 1, f);
	fclose(f);
	ca[n] = '\0';
	snprintf(path, sizeof(path), "%s/ca.crt", tmpdir);
	write_file(path, ca);
	assert_int_equal(kube_config_parse(&c, "", 0, NULL, &err), 0);

	/* not possible without the environment */
	rc = resolve_ok(c, &ov);
	assert_false(rc->in_cluster);
	kube_rest_config_free(rc);

	setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1", 1);
	setenv("KUBERNETES_SERVICE_PORT", "443", 1);
	rc = resolve_ok(c, &ov);
	assert_true(rc->in_cluster);
	assert_string_equal(rc->server, "https://10.0.0.1:443");
	assert_true(rc->tls);
	assert_string_equal(rc->token, "sa-token");
	assert_non_null(rc->token_file);
	assert_string_equal(rc->token_file + strlen(rc->token_file) - 6, "/token");
	assert_int_equal(rc->ca_pem_len, n);
	assert_string_equal(rc->namespace_, "incluster-ns");
	assert_int_equal(rc->namespace_source, KUBE_NS_IN_CLUSTER);
	kube_rest_config_free(rc);

	/* $POD_NAMESPACE first; IPv6 hosts get brackets */
	setenv("POD_NAMESPACE", "from-env", 1);
	setenv("KUBERNETES_SERVICE_HOST", "fd00::1", 1);
	rc = resolve_ok(c, &ov);
	assert_string_equal(rc->server, "https://[fd00::1]:443");
	assert_string_equal(rc->namespace_, "from-env");
	kube_rest_config_free(rc);

	/* -s disables it; -n still wins for the namespace */
	ov.server = "https://elsewhere:6443";
	ov.namespace_ = "mine";
	rc = resolve_ok(c, &ov);
	assert_false(rc->in_cluster);
	assert_string_equal(rc->server, "https://elsewhere:6443");
	assert_string_equal(rc->namespace_, "mine");
	kube_rest_config_free(rc);

	/* a kubeconfig that yields a cluster is used, but its default namespace is not kept */
	kube_config_free(c);
	c = load_explicit(fx("rel/kubeconfig"));
	ov = (kube_config_overrides){.in_cluster_dir = tmpdir, .context = "tok"};
	rc = resolve_ok(c, &ov);
	assert_false(rc->in_cluster);
	assert_string_equal(rc->server, "https://rel.example:6443");
	assert_string_equal(rc->namespace_, "from-env");
	assert_int_equal(rc->namespace_source, KUBE_NS_IN_CLUSTER);
	kube_rest_config_free(rc);
	kube_config_free(c);
}

static void test_timeouts(void **state)
{
	static const struct {
		const char *s;
		int64_t ns;
	} ok[] = {
		{"0", 0},
		{"5", 5000000000LL},
		{"+7", 7000000000LL},
		{"-0", 0},
		{"1m", 60000000000LL},
		{"1m30s", 90000000000LL},
		{"1.5s", 1500000000LL},
		{"500ms", 500000000LL},
		{"2h", 7200000000000LL},
		{"3us", 3000LL},
		{"-5s", -5000000000LL},
		{".5s", 500000000LL},
	};
	static const char *const bad[] = {"5x", "-5", "s", "1.s2", "abc", "1e3s", ".s", "1 s"};
	kube_err err = KUBE_ERR_INIT;
	int64_t v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(kube_config_parse_timeout(&v, ok[i].s, &err), 0);
		assert_true(v == ok[i].ns);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(kube_config_parse_timeout(&v, bad[i], &err), KUBE_ECONFIG);
		assert_int_equal(err.code, KUBE_ECONFIG);
		kube_err_clear(&err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_first_file_wins),
		cmocka_unit_test(test_env_list_rules),
		cmocka_unit_test_setup_teardown(test_home_default, make_tmp, drop_tmp),
		cmocka_unit_test(test_explicit_must_exist),
		cmocka_unit_test(test_yaml_and_schema_errors),
		cmocka_unit_test(test_parse_errors_in_memory),
		cmocka_unit_test(test_parse_accepts),
		cmocka_unit_test(test_several_files_fail),
		cmocka_unit_test_setup_teardown(test_unreadable_file, make_tmp, drop_tmp),
		cmocka_unit_test(test_relative_paths),
		cmocka_unit_test(test_resolve_plain),
		cmocka_unit_test(test_resolve_http_drops_credentials),
		cmocka_unit_test(test_resolve_cluster_settings),
		cmocka_unit_test(test_resolve_errors),
		cmocka_unit_test(test_error_causes_and_no_secrets),
		cmocka_unit_test(test_proxy_url_validation),
		cmocka_unit_test(test_fallback_and_empty),
		cmocka_unit_test(test_https_without_credentials),
		cmocka_unit_test(test_exec_in_rest_config),
		cmocka_unit_test(test_exec_bad_api_version),
		cmocka_unit_test(test_auth_provider),
		cmocka_unit_test(test_client_cert_overrides),
		cmocka_unit_test_setup_teardown(test_in_cluster, make_tmp, drop_tmp),
		cmocka_unit_test(test_timeouts),
	};

	/* the loading rules read these; the tests pass everything explicitly */
	unsetenv("KUBERNETES_MASTER");
	unsetenv("KUBERNETES_SERVICE_HOST");
	unsetenv("KUBERNETES_SERVICE_PORT");
	unsetenv("POD_NAMESPACE");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
