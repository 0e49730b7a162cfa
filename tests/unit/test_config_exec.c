/* Unit tests for exec credential plugins (kube_exec_credential_get) with the shell scripts in
 * tests/fixtures/kubeconfig/exec-*.sh. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <kube/config.h>

static const char *fx(const char *name)
{
	static char bufs[8][4096];
	static int next;
	char *b = bufs[next++ % 8];
	const char *root = getenv("KC_FIXTURES");

	snprintf(b, sizeof(bufs[0]), "%s/kubeconfig/%s", root ? root : "tests/fixtures", name);
	return b;
}

struct plugin {
	const char *command;
	const char *api;           /* default client.authentication.k8s.io/v1 */
	const char *mode;          /* default Never */
	const char *const *env;    /* name, value, name, value, ..., NULL */
	const char *const *args;   /* NULL-terminated */
	const char *install_hint;
	bool provide_cluster_info;
	const char *cluster_extra; /* JSON members appended to the cluster */
};

static void jstr(kube_buf *b, const char *s)
{
	kube_json_write_string(b, s, strlen(s), 0);
}

/* Resolve a kubeconfig whose only user runs the plugin. */
static kube_rest_config *plugin_config(const struct plugin *p, bool stdin_unavailable)
{
	kube_buf doc = KUBE_BUF_INIT;
	kube_config *c = NULL;
	kube_config_overrides ov = {.stdin_unavailable = stdin_unavailable};
	kube_rest_config *rc = NULL;
	kube_err err = KUBE_ERR_INIT;
	size_t i;

	kube_buf_puts(&doc, "{\"current-context\":\"x\",\"clusters\":[{\"name\":\"c\",\"cluster\":"
			    "{\"server\":\"https://127.0.0.1:18443\"");
	if (p->cluster_extra)
		kube_buf_printf(&doc, ",%s", p->cluster_extra);
	kube_buf_puts(&doc, "}}],\"users\":[{\"name\":\"u\",\"user\":{\"exec\":{\"command\":");
	jstr(&doc, p->command);
	kube_buf_puts(&doc, ",\"apiVersion\":");
	jstr(&doc, p->api ? p->api : "client.authentication.k8s.io/v1");
	kube_buf_puts(&doc, ",\"interactiveMode\":");
	jstr(&doc, p->mode ? p->mode : "Never");
	kube_buf_printf(&doc, ",\"provideClusterInfo\":%s",
			p->provide_cluster_info ? "true" : "false");
	if (p->install_hint) {
		kube_buf_puts(&doc, ",\"installHint\":");
		jstr(&doc, p->install_hint);
	}
	kube_buf_puts(&doc, ",\"args\":[");
	for (i = 0; p->args && p->args[i]; i++) {
		if (i)
			kube_buf_putc(&doc, ',');
		jstr(&doc, p->args[i]);
	}
	kube_buf_puts(&doc, "],\"env\":[");
	for (i = 0; p->env && p->env[i]; i += 2) {
		kube_buf_puts(&doc, i ? ",{\"name\":" : "{\"name\":");
		jstr(&doc, p->env[i]);
		kube_buf_puts(&doc, ",\"value\":");
		jstr(&doc, p->env[i + 1]);
		kube_buf_putc(&doc, '}');
	}
	kube_buf_puts(&doc, "]}}}],\"contexts\":[{\"name\":\"x\",\"context\":{\"cluster\":\"c\","
			    "\"user\":\"u\"}}]}");
	assert_false(doc.failed);
	assert_int_equal(kube_config_parse(&c, doc.ptr, doc.len, NULL, &err), 0);
	if (kube_config_resolve(&rc, c, &ov, &err) != 0)
		fprintf(stderr, "resolve: %s\n", err.message);
	assert_non_null(rc);
	assert_non_null(rc->exec);
	kube_config_free(c);
	kube_buf_release(&doc);
	return rc;
}

static void expect_error(const struct plugin *p, const char *msg)
{
	kube_rest_config *rc = plugin_config(p, false);
	kube_exec_credential cred = {0};
	kube_err err = KUBE_ERR_INIT;

	assert_int_equal(kube_exec_credential_get(&cred, rc->exec, &err), KUBE_ETRANSPORT);
	assert_int_equal(err.code, KUBE_ETRANSPORT);
	assert_int_equal(err.transport, KUBE_TRANSPORT_CREDENTIALS);
	assert_string_equal(err.message, msg);
	assert_null(cred.token);
	assert_null(cred.cert_pem);
	kube_err_clear(&err);
	kube_rest_config_free(rc);
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

static void test_token_and_protocol(void **state)
{
	char dump[] = "/tmp/kc-exec-dump-XXXXXX";
	int fd = mkstemp(dump);
	const char *env[] = {"KC_EXEC_DUMP", dump, "FOO", "from-config", NULL};
	const char *args[] = {"x", "y z", NULL};
	struct plugin p = {.command = fx("exec-token.sh"), .env = env, .args = args};
	kube_rest_config *rc;
	kube_exec_credential cred = {0};
	kube_err err = KUBE_ERR_INIT;
	kube_buf want = KUBE_BUF_INIT;
	struct tm tm = {.tm_year = 126, .tm_mon = 10, .tm_mday = 26, .tm_hour = 17};
	char *s;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	setenv("FOO", "from-environment", 1);
	rc = plugin_config(&p, false);
	assert_int_equal(kube_exec_credential_get(&cred, rc->exec, &err), 0);
	assert_string_equal(cred.token, "exec-token-123");
	assert_null(cred.cert_pem);
	assert_null(cred.key_pem);
	assert_true(cred.expiry == (int64_t)timegm(&tm));
	s = slurp(dump);
	kube_buf_printf(&want,
			"argv: [%s] [x] [y z]\nFOO=from-config\n"
			"INFO={\"kind\":\"ExecCredential\","
			"\"apiVersion\":\"client.authentication.k8s.io/v1\","
			"\"spec\":{\"interactive\":false}}\n",
			fx("exec-token.sh"));
	assert_string_equal(s, want.ptr);
	free(s);
	/* running it again replaces the credential */
	assert_int_equal(kube_exec_credential_get(&cred, rc->exec, &err), 0);
	assert_string_equal(cred.token, "exec-token-123");
	kube_exec_credential_release(&cred);
	assert_null(cred.token);
	kube_exec_credential_release(NULL);
	kube_rest_config_free(rc);
	kube_buf_release(&want);
	unlink(dump);
	unsetenv("FOO");
}

static void test_cluster_info(void **state)
{
	char dump[] = "/tmp/kc-exec-dump-XXXXXX";
	int fd = mkstemp(dump);
	const char *env[] = {"KC_EXEC_DUMP", dump, NULL};
	struct plugin p = {
		.command = fx("exec-token.sh"),
		.env = env,
		.provide_cluster_info = true,
		.cluster_extra = "\"certificate-authority-data\":\"Zm9v\","
				 "\"tls-server-name\":\"api\","
				 "\"extensions\":[{\"name\":\"client.authentication.k8s.io/exec\","
				 "\"extension\":{\"z\":\"<&>\",\"audience\":\"foo\"}}]",
	};
	kube_rest_config *rc;
	kube_exec_credential cred = {0};
	kube_err err = KUBE_ERR_INIT;
	char *s;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	rc = plugin_config(&p, false);
	assert_int_equal(kube_exec_credential_get(&cred, rc->exec, &err), 0);
	s = slurp(dump);
	assert_non_null(strstr(s, "\nINFO={\"kind\":\"ExecCredential\",\"apiVersion\":"
				  "\"client.authentication.k8s.io/v1\",\"spec\":{\"cluster\":{"
				  "\"server\":\"https://127.0.0.1:18443\","
				  "\"tls-server-name\":\"api\","
				  "\"certificate-authority-data\":\"Zm9v\","
				  "\"config\":{\"audience\":\"foo\","
				  "\"z\":\"\\u003c\\u0026\\u003e\"}},\"interactive\":false}}\n"));
	free(s);
	kube_exec_credential_release(&cred);
	kube_rest_config_free(rc);

	/* without the extension, config is null */
	p.cluster_extra = NULL;
	rc = plugin_config(&p, false);
	assert_int_equal(kube_exec_credential_get(&cred, rc->exec, &err), 0);
	s = slurp(dump);
	assert_non_null(strstr(s, "\"spec\":{\"cluster\":{\"server\":\"https://127.0.0.1:18443\","
				  "\"config\":null},\"interactive\":false}}\n"));
	free(s);
	kube_exec_credential_release(&cred);
	kube_rest_config_free(rc);
	unlink(dump);
}

static void test_run_failures(void **state)
{
	struct plugin p = {.command = fx("exec-fail.sh")};
	kube_buf want = KUBE_BUF_INIT;

	(void)state;
	kube_buf_printf(&want, "exec: executable %s failed with exit code 3", fx("exec-fail.sh"));
	expect_error(&p, want.ptr);
	kube_buf_release(&want);

	p.command = "/nonexistent/dir/plugin";
	expect_error(&p, "exec: fork/exec /nonexistent/dir/plugin: no such file or directory");

	p.command = fx("exec-noexec.sh");
	kube_buf_printf(&want, "exec: fork/exec %s: exec format error", fx("exec-noexec.sh"));
	expect_error(&p, want.ptr);
	kube_buf_release(&want);

	p.command = "kubec-no-such-plugin";
	p.install_hint = "Install it with: apt install kubec-no-such-plugin";
	expect_error(&p, "exec: executable kubec-no-such-plugin not found\n\nIt looks like you are "
			 "trying to use a client-go credential plugin that is not installed.\n\n"
			 "To learn more about this feature, consult the documentation available "
			 "at:\n      https://kubernetes.io/docs/reference/access-authn-authz/"
			 "authentication/#client-go-credential-plugins\n\nInstall it with: apt "
			 "install kubec-no-such-plugin");
}

static void test_path_lookup(void **state)
{
	const char *old = getenv("PATH");
	char *saved = old ? strdup(old) : NULL;
	kube_buf path = KUBE_BUF_INIT;
	struct plugin p = {.command = "exec-beta.sh",
			   .api = "client.authentication.k8s.io/v1beta1"};
	kube_rest_config *rc;
	kube_exec_credential cred = {0};
	kube_err err = KUBE_ERR_INIT;
	char *dir = realpath(fx(""), NULL);

	(void)state;
	assert_non_null(dir);
	/* relative PATH entries never match (Go's ErrDot) */
	kube_buf_printf(&path, ".:/nonexistent:%s", dir);
	setenv("PATH", path.ptr, 1);
	rc = plugin_config(&p, false);
	assert_int_equal(kube_exec_credential_get(&cred, rc->exec, &err), 0);
	assert_string_equal(cred.token, "beta-token");
	kube_exec_credential_release(&cred);
	kube_rest_config_free(rc);
	if (saved)
		setenv("PATH", saved, 1);
	free(saved);
	free(dir);
	kube_buf_release(&path);
}

static void test_output_errors(void **state)
{
	struct plugin p = {.command = fx("exec-beta.sh")};

	(void)state;
	expect_error(&p, "exec plugin is configured to use API version "
			 "client.authentication.k8s.io/v1, plugin returned version "
			 "client.authentication.k8s.io/v1beta1");
	p.command = fx("exec-garbage.sh");
	expect_error(&p, "decoding stdout: couldn't get version/kind; json parse error: json: "
			 "cannot unmarshal string into Go value of type struct { APIVersion string "
			 "\"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
			 "\"json:\\\"kind,omitempty\\\"\" }");
	p.command = fx("exec-badjson.sh");
	expect_error(&p, "decoding stdout: couldn't get version/kind; json parse error: invalid "
			 "character 'o' looking for beginning of value");
	p.command = fx("exec-truncated.sh");
	expect_error(&p, "decoding stdout: couldn't get version/kind; json parse error: unexpected "
			 "end of JSON input");
	p.command = fx("exec-notoken.sh");
	expect_error(&p, "exec plugin didn't return a token or cert/key pair");
	p.command = fx("exec-nostatus.sh");
	expect_error(&p, "exec plugin didn't return a status field");
	p.command = fx("exec-empty.sh");
	expect_error(&p, "exec plugin is configured to use API version "
			 "client.authentication.k8s.io/v1, plugin returned version "
			 "client.authentication.k8s.io/__internal");
	p.command = fx("exec-onlycert.sh");
	expect_error(&p, "exec plugin returned only certificate or key, not both");
	p.command = fx("exec-badtime.sh");
	expect_error(&p, "decoding stdout: parsing time \"tomorrow\" as "
			 "\"2006-01-02T15:04:05Z07:00\": cannot parse \"tomorrow\" as \"2006\"");
	p.command = fx("exec-typeerr.sh");
	expect_error(&p, "decoding stdout: json: cannot unmarshal number into Go struct field "
			 "ExecCredentialStatus.status.token of type string");
}

static void test_json_syntax_messages(void **state)
{
	static const struct {
		const char *out, *msg;
	} cases[] = {
		{"{\"a\":1,}", "invalid character '}' looking for beginning of object key string"},
		{"{\"a\" 1}", "invalid character '1' after object key"},
		{"{\"a\":1 \"b\":2}", "invalid character '\"' after object key:value pair"},
		{"{\"a\":[1 2]}", "invalid character '2' after array element"},
		{"{\"a\":tru}", "invalid character '}' in literal true (expecting 'e')"},
		{"{\"a\":nil}", "invalid character 'i' in literal null (expecting 'u')"},
		{"{\"a\":\"\x01\"}", "invalid character '\\x01' in string literal"},
		{"{\"a\":\"\\q\"}", "invalid character 'q' in string escape code"},
		{"{\"a\":\"\\u12g4\"}",
		 "invalid character 'g' in \\u hexadecimal character escape"},
		{"{\"a\":-}", "invalid character '}' in numeric literal"},
		{"{\"a\":1.}", "invalid character '}' after decimal point in numeric literal"},
		{"{\"a\":1e}", "invalid character '}' in exponent of numeric literal"},
		{"{} x", "invalid character 'x' after top-level value"},
		{"{'a':1}", "invalid character '\\'' looking for beginning of object key string"},
		{"{\"a\":\xc3\xa9}", "invalid character '\xc3\x83' looking for beginning of value"},
		{" {\"a\":[", "unexpected end of JSON input"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *env[] = {"KC_OUT", cases[i].out, NULL};
		struct plugin p = {.command = fx("exec-echo.sh"), .env = env};
		char want[512];

		snprintf(want, sizeof(want),
			 "decoding stdout: couldn't get version/kind; json parse error: %s",
			 cases[i].msg);
		expect_error(&p, want);
	}
}

/* messages checked against kubectl 1.37 with the same plugin output */
static void test_decode_messages(void **state)
{
	static const struct {
		const char *out, *msg;
	} cases[] = {
		{"{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"Foo\"}",
		 "decoding stdout: no kind \"Foo\" is registered for version "
		 "\"client.authentication.k8s.io/v1\" in scheme \"pkg/runtime/scheme.go:111\""},
		{"{\"apiVersion\":\"v1\"}",
		 "decoding stdout: no kind \"ExecCredential\" is registered for version \"v1\" in "
		 "scheme \"pkg/runtime/scheme.go:111\""},
		{"{\"apiVersion\":\"a/b/c\"}", "decoding stdout: unexpected GroupVersion string: "
					       "a/b/c"},
		{"{\"kind\":\"ExecCredential\",\"status\":{\"token\":\"x\"}}",
		 "exec plugin is configured to use API version client.authentication.k8s.io/v1, "
		 "plugin returned version client.authentication.k8s.io/__internal"},
		{"{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"status\":\"x\"}",
		 "decoding stdout: json: cannot unmarshal string into Go struct field "
		 "ExecCredential.status of type v1.ExecCredentialStatus"},
		{"{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"spec\":5}",
		 "decoding stdout: json: cannot unmarshal number into Go struct field "
		 "ExecCredential.spec of type v1.ExecCredentialSpec"},
		{"{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"status\":{\"token\":\"t\","
		 "\"expirationTimestamp\":5}}",
		 "decoding stdout: json: cannot unmarshal number into Go struct field "
		 "ExecCredentialStatus.status.expirationTimestamp of type string"},
		{"{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"status\":{\"token\":\"t\","
		 "\"expirationTimestamp\":\"2026-02-30T00:00:00Z\"}}",
		 "decoding stdout: parsing time \"2026-02-30T00:00:00Z\": day out of range"},
		{"{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"status\":{\"token\":\"t\","
		 "\"expirationTimestamp\":\"2026-01-01T00:00:00\"}}",
		 "decoding stdout: parsing time \"2026-01-01T00:00:00\" as "
		 "\"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"Z07:00\""},
		{"{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"status\":{\"token\":\"t\","
		 "\"expirationTimestamp\":\"2026-13-01T00:00:00Z\"}}",
		 "decoding stdout: parsing time \"2026-13-01T00:00:00Z\": month out of range"},
		{"{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"status\":{"
		 "\"clientCertificateData\":\"x\",\"clientKeyData\":\"y\"}}",
		 "failed parsing client key/certificate: tls: failed to find any PEM data in "
		 "certificate input"},
		{"42", "decoding stdout: couldn't get version/kind; json parse error: json: cannot "
		       "unmarshal number into Go value of type struct { APIVersion string "
		       "\"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
		       "\"json:\\\"kind,omitempty\\\"\" }"},
		{"a: [", "decoding stdout: yaml: line 1: did not find expected node content"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *env[] = {"KC_OUT", cases[i].out, NULL};
		struct plugin p = {.command = fx("exec-echo.sh"), .env = env};

		expect_error(&p, cases[i].msg);
	}
}

static void test_yaml_output_and_cert(void **state)
{
	struct plugin p = {.command = fx("exec-cert.sh")};
	const char *env[] = {"KC_OUT", "apiVersion: [\n", NULL};
	kube_rest_config *rc;
	kube_exec_credential cred = {0};
	kube_err err = KUBE_ERR_INIT;
	char *crt = slurp(fx("client.crt")), *key = slurp(fx("client.key"));

	(void)state;
	rc = plugin_config(&p, false);
	assert_int_equal(kube_exec_credential_get(&cred, rc->exec, &err), 0);
	assert_null(cred.token);
	assert_string_equal(cred.cert_pem, crt);
	assert_string_equal(cred.key_pem, key);
	assert_int_equal(cred.expiry, 0);
	kube_exec_credential_release(&cred);
	kube_rest_config_free(rc);
	free(crt);
	free(key);

	/* the YAML path reports go-yaml's error */
	p = (struct plugin){.command = fx("exec-echo.sh"), .env = env};
	rc = plugin_config(&p, false);
	assert_int_equal(kube_exec_credential_get(&cred, rc->exec, &err), KUBE_ETRANSPORT);
	assert_memory_equal(err.message, "decoding stdout: yaml: line ", 28);
	kube_err_clear(&err);
	kube_rest_config_free(rc);
}

static void test_interactive_modes(void **state)
{
	struct plugin p = {.command = fx("exec-stdin.sh"), .mode = "Never"};
	kube_rest_config *rc;
	kube_exec_credential cred = {0};
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	/* not interactive: stdin is /dev/null */
	rc = plugin_config(&p, false);
	assert_int_equal(kube_exec_credential_get(&cred, rc->exec, &err), 0);
	assert_string_equal(cred.token, "stdin-eof");
	kube_exec_credential_release(&cred);
	kube_rest_config_free(rc);

	/* stdin is not a terminal here (main() points it at /dev/null) */
	p.mode = "Always";
	expect_error(&p, "exec plugin cannot support interactive mode: standard input is not a "
			 "terminal");
	p.mode = "IfAvailable";
	rc = plugin_config(&p, true);
	assert_true(rc->exec->stdin_unavailable);
	assert_int_equal(kube_exec_credential_get(&cred, rc->exec, &err), 0);
	assert_string_equal(cred.token, "stdin-eof");
	kube_exec_credential_release(&cred);
	kube_rest_config_free(rc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_and_protocol),
		cmocka_unit_test(test_cluster_info),
		cmocka_unit_test(test_run_failures),
		cmocka_unit_test(test_path_lookup),
		cmocka_unit_test(test_output_errors),
		cmocka_unit_test(test_json_syntax_messages),
		cmocka_unit_test(test_decode_messages),
		cmocka_unit_test(test_yaml_output_and_cert),
		cmocka_unit_test(test_interactive_modes),
	};
	int fd = open("/dev/null", O_RDONLY);

	/* deterministic: stdin is never a terminal in these tests */
	if (fd >= 0) {
		dup2(fd, 0);
		close(fd);
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
