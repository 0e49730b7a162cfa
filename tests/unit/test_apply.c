/* Unit tests for kube_create_run() and kube_apply_run() against a scripted HTTP server on
 * loopback (discovery, OpenAPI v3, GET/POST/PATCH of one ConfigMap), and for the flag parsers,
 * klog lines and the output printer of mutating commands. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <kube/apply.h>
#include <kube/codec.h>

/* ---- a scripted HTTP/1.1 server ---- */

struct route {
	const char *method, *path; /* path without the query */
	int status;
	const char *body;
};

static char logpath[64];

static const char openapi_index[] =
	"{\"paths\":{\"api/v1\":{\"serverRelativeURL\":\"/openapi/v3/api/v1?hash=ABC123\"}}}";

static const char openapi_v1[] =
	"{\"openapi\":\"3.0.0\",\"paths\":{\"/api/v1/namespaces/{namespace}/configmaps/{name}\":"
	"{\"patch\":{\"x-kubernetes-group-version-kind\":{\"group\":\"\",\"kind\":\"ConfigMap\","
	"\"version\":\"v1\"},\"parameters\":[{\"name\":\"fieldManager\",\"in\":\"query\"},"
	"{\"name\":\"fieldValidation\",\"in\":\"query\"}],\"requestBody\":{\"content\":{"
	"\"application/strategic-merge-patch+json\":{},\"application/merge-patch+json\":{}}}}}},"
	"\"components\":{\"schemas\":{\"io.k8s.api.core.v1.ConfigMap\":{\"type\":\"object\","
	"\"properties\":{\"apiVersion\":{\"type\":\"string\"},\"kind\":{\"type\":\"string\"},"
	"\"data\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}},"
	"\"metadata\":{\"allOf\":[{\"$ref\":\"#/components/schemas/ObjectMeta\"}]}},"
	"\"x-kubernetes-group-version-kind\":[{\"group\":\"\",\"kind\":\"ConfigMap\","
	"\"version\":\"v1\"}]},\"ObjectMeta\":{\"type\":\"object\",\"properties\":{"
	"\"name\":{\"type\":\"string\"},\"namespace\":{\"type\":\"string\"},"
	"\"labels\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}},"
	"\"annotations\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}}}}}}";

static const char api_v1[] =
	"{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":"
	"\"configmaps\",\"singularName\":\"configmap\",\"namespaced\":true,\"kind\":\"ConfigMap\","
	"\"verbs\":[\"create\",\"get\",\"patch\"]},{\"name\":\"namespaces\",\"singularName\":"
	"\"namespace\",\"namespaced\":false,\"kind\":\"Namespace\",\"verbs\":[\"get\"]}]}";

#define NOT_FOUND                                                                                  \
	"{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"           \
	"\"configmaps \\\"a\\\" not found\",\"reason\":\"NotFound\",\"details\":{\"name\":\"a\","  \
	"\"kind\":\"configmaps\"},\"code\":404}"
#define EXISTS                                                                                     \
	"{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"           \
	"\"configmaps \\\"a\\\" already exists\",\"reason\":\"AlreadyExists\",\"details\":{"       \
	"\"name\":\"a\",\"kind\":\"configmaps\"},\"code\":409}"
#define LAST_APPLIED_A                                                                             \
	"{\\\"apiVersion\\\":\\\"v1\\\",\\\"data\\\":{\\\"k\\\":\\\"v\\\"},\\\"kind\\\":"          \
	"\\\"ConfigMap\\\",\\\"metadata\\\":{\\\"annotations\\\":{},\\\"name\\\":\\\"a\\\","       \
	"\\\"namespace\\\":\\\"ns1\\\"}}\\n"
#define LIVE_A                                                                                     \
	"{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\","              \
	"\"namespace\":"                                                                           \
	"\"ns1\",\"uid\":\"u-1\",\"resourceVersion\":\"7\",\"annotations\":{"                      \
	"\"kubectl.kubernetes.io/last-applied-configuration\":\"" LAST_APPLIED_A "\"}},"           \
	"\"data\":{\"k\":\"v\"}}"

static const char manifest_a[] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
				 "data:\n  k: v\n";

static int read_request(FILE *in, char *line, size_t n, char **body)
{
	char h[4096];
	size_t len = 0;

	*body = NULL;
	if (!fgets(line, (int)n, in))
		return -1;
	while (fgets(h, sizeof(h), in) && strcmp(h, "\r\n")) {
		if (!strncasecmp(h, "Content-Length:", 15))
			len = (size_t)strtoul(h + 15, NULL, 10);
	}
	*body = calloc(1, len + 1);
	if (len && fread(*body, 1, len, in) != len)
		return -1;
	return 0;
}

static void serve(int lfd, const struct route *routes)
{
	FILE *log = fopen(logpath, "w");
	int c;

	while ((c = accept(lfd, NULL, NULL)) >= 0) {
		FILE *in = fdopen(c, "r+");
		char line[8192], method[16], target[4096];
		char *body;

		while (in && read_request(in, line, sizeof(line), &body) == 0) {
			const struct route *r;
			char *q;

			if (sscanf(line, "%15s %4095s", method, target) != 2) {
				free(body);
				break;
			}
			fprintf(log, "%s %s %s\n", method, target, body);
			fflush(log);
			if ((q = strchr(target, '?')))
				*q = '\0';
			for (r = routes; r->method; r++)
				if (!strcmp(r->method, method) && !strcmp(r->path, target))
					break;
			if (!r->method) {
				fprintf(in, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
			} else {
				fprintf(in,
					"HTTP/1.1 %d X\r\nContent-Type: application/json\r\n"
					"Content-Length: %zu\r\n\r\n%s",
					r->status, strlen(r->body), r->body);
			}
			fflush(in);
			free(body);
		}
		if (in)
			fclose(in);
	}
	fclose(log);
}

struct server {
	pid_t pid;
	char url[64];
};

static void server_start(struct server *s, const struct route *routes)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	snprintf(s->url, sizeof(s->url), "http://127.0.0.1:%d", ntohs(a.sin_port));
	snprintf(logpath, sizeof(logpath), "/tmp/kubec-apply-test-%d.log", (int)getpid());
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		serve(fd, routes);
		_exit(0);
	}
	close(fd);
}

/* The request log ("METHOD target body" lines); caller frees. */
static char *server_stop(struct server *s)
{
	FILE *f;
	char *text = calloc(1, 1 << 20);
	size_t n = 0;

	kill(s->pid, SIGTERM);
	waitpid(s->pid, NULL, 0);
	if ((f = fopen(logpath, "r"))) {
		n = fread(text, 1, (1 << 20) - 1, f);
		fclose(f);
	}
	text[n] = '\0';
	unlink(logpath);
	return text;
}

/* ---- running create/apply ---- */

struct results {
	char lines[1024];
	char warnings[2048];
};

static int on_object(const kube_obj *obj, const char *op, void *payload)
{
	struct results *r = payload;
	size_t n = strlen(r->lines);

	snprintf(r->lines + n, sizeof(r->lines) - n, "%s %s\n",
		 kube_obj_path_str(obj, "metadata", "name", NULL), op);
	return 0;
}

static void on_warning(const char *line, void *payload)
{
	struct results *r = payload;
	size_t n = strlen(r->warnings);

	snprintf(r->warnings + n, sizeof(r->warnings) - n, "%s", line);
}

static const struct route base_routes[] = {
	{"GET", "/api", 200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}"},
	{"GET", "/api/v1", 200, api_v1},
	{"GET", "/apis", 200, "{\"kind\":\"APIGroupList\",\"groups\":[]}"},
	{"GET", "/openapi/v3", 200, openapi_index},
	{"GET", "/openapi/v3/api/v1", 200, openapi_v1},
	{"GET", "/api/v1/namespaces/ns1", 200, "{\"kind\":\"Namespace\"}"},
};

#define NBASE (sizeof(base_routes) / sizeof(base_routes[0]))

static int run(bool create, const struct route *extra, size_t nextra, kube_apply_opts *o,
	       struct results *res, kube_errval *errs, char **log)
{
	struct route routes[32];
	struct server s;
	kube_client *c = NULL;
	kube_discovery *d = NULL;
	kube_client_opts co = {0};
	kube_discovery_opts dopts = {.cache_dir = ""};
	kube_manifest m = KUBE_MANIFEST_INIT;
	kube_apply_sink sink = {on_object, on_warning, res};
	kube_err err = KUBE_ERR_INIT;
	size_t i, n = 0;
	int rc;

	for (i = 0; i < nextra; i++)
		routes[n++] = extra[i];
	for (i = 0; i < NBASE; i++)
		routes[n++] = base_routes[i];
	routes[n].method = NULL;
	memset(res, 0, sizeof(*res));
	server_start(&s, routes);
	co.server = s.url;
	assert_int_equal(kube_client_new(&c, &co, &err), 0);
	assert_int_equal(kube_discovery_load(&d, c, &dopts, &err), 0);
	assert_int_equal(
		kube_manifest_add_data(&m, "cm.yaml", manifest_a, strlen(manifest_a), &err), 0);
	o->namespace = "ns1";
	o->cache_dir = "";
	if (create)
		rc = kube_create_run(c, d, o, &m, &sink, errs, &err);
	else
		rc = kube_apply_run(c, d, o, &m, &sink, errs, &err);
	kube_err_clear(&err);
	kube_manifest_release(&m);
	kube_discovery_free(d);
	kube_client_free(c);
	*log = server_stop(&s);
	return rc;
}

static void test_apply_creates(void **state)
{
	const struct route r[] = {
		{"GET", "/api/v1/namespaces/ns1/configmaps/a", 404, NOT_FOUND},
		{"POST", "/api/v1/namespaces/ns1/configmaps", 201, LIVE_A},
	};
	kube_apply_opts o = {0};
	kube_errval errs = KUBE_ERRVAL_INIT;
	struct results res;
	char *log = NULL;

	(void)state;
	assert_int_equal(run(false, r, 2, &o, &res, &errs, &log), 0);
	assert_true(kube_errval_empty(&errs));
	assert_string_equal(res.lines, "a created\n");
	assert_non_null(strstr(log, "GET /api/v1/namespaces/ns1/configmaps/a \n"
				    "GET /api/v1/namespaces/ns1 \n"
				    "POST /api/v1/namespaces/ns1/configmaps?fieldManager="
				    "kubectl-client-side-apply&fieldValidation=Strict "));
	/* the POST carries the last-applied annotation with its trailing newline */
	assert_non_null(
		strstr(log, "\"kubectl.kubernetes.io/last-applied-configuration\":\"" LAST_APPLIED_A
			    "\""));
	free(log);
	kube_errval_release(&errs);
}

static void test_apply_unchanged_sends_no_patch(void **state)
{
	const struct route r[] = {
		{"GET", "/api/v1/namespaces/ns1/configmaps/a", 200, LIVE_A},
	};
	kube_apply_opts o = {0};
	kube_errval errs = KUBE_ERRVAL_INIT;
	struct results res;
	char *log = NULL;

	(void)state;
	assert_int_equal(run(false, r, 1, &o, &res, &errs, &log), 0);
	assert_string_equal(res.lines, "a unchanged\n");
	assert_null(strstr(log, "PATCH"));
	assert_string_equal(res.warnings, "");
	free(log);
	kube_errval_release(&errs);
}

static void test_apply_patches_and_warns(void **state)
{
	/* live object without the annotation and with another value */
	const struct route r[] = {
		{"GET", "/api/v1/namespaces/ns1/configmaps/a", 200,
		 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\","
		 "\"namespace\":\"ns1\",\"uid\":\"u-1\"},\"data\":{\"k\":\"old\",\"x\":\"1\"}}"},
		{"PATCH", "/api/v1/namespaces/ns1/configmaps/a", 200, LIVE_A},
	};
	kube_apply_opts o = {.program = "kubectl"};
	kube_errval errs = KUBE_ERRVAL_INIT;
	struct results res;
	char *log = NULL;

	(void)state;
	assert_int_equal(run(false, r, 2, &o, &res, &errs, &log), 0);
	assert_string_equal(res.lines, "a configured\n");
	assert_non_null(strstr(res.warnings, "Warning: resource configmaps/a is missing the "
					     "kubectl.kubernetes.io/last-applied-configuration "
					     "annotation which is required by kubectl apply."));
	/* x was set by someone else and stays; k changes */
	assert_non_null(
		strstr(log, "PATCH /api/v1/namespaces/ns1/configmaps/a?fieldManager="
			    "kubectl-client-side-apply&fieldValidation=Strict "
			    "{\"data\":{\"k\":\"v\"},\"metadata\":{\"annotations\":{"
			    "\"kubectl.kubernetes.io/last-applied-configuration\":\"" LAST_APPLIED_A
			    "\"}}}\n"));
	free(log);
	kube_errval_release(&errs);
}

static void test_server_side_and_dry_run(void **state)
{
	const struct route r[] = {
		{"PATCH", "/api/v1/namespaces/ns1/configmaps/a", 200,
		 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}"},
	};
	kube_apply_opts o = {
		.server_side = true, .force_conflicts = true, .dry_run = KUBE_DRY_RUN_SERVER};
	kube_errval errs = KUBE_ERRVAL_INIT;
	struct results res;
	char *log = NULL;

	(void)state;
	assert_int_equal(run(false, r, 1, &o, &res, &errs, &log), 0);
	assert_string_equal(res.lines, "a serverside-applied\n");
	assert_non_null(strstr(log, "PATCH /api/v1/namespaces/ns1/configmaps/a?dryRun=All&"
				    "fieldManager=kubectl&fieldValidation=Strict&force=true "
				    "{\"apiVersion\":\"v1\",\"data\":{\"k\":\"v\"},\"kind\":"
				    "\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"namespace\":"
				    "\"ns1\"}}\n"));
	free(log);
	kube_errval_release(&errs);
}

static void test_create_already_exists(void **state)
{
	const struct route r[] = {
		{"POST", "/api/v1/namespaces/ns1/configmaps", 409, EXISTS},
	};
	kube_apply_opts o = {.validation = KUBE_VALIDATE_WARN, .field_manager = "mine"};
	kube_errval errs = KUBE_ERRVAL_INIT;
	struct results res;
	kube_buf b = KUBE_BUF_INIT;
	const kube_err *one;
	char *log = NULL;

	(void)state;
	assert_int_equal(run(true, r, 1, &o, &res, &errs, &log), KUBE_EEXISTS);
	assert_string_equal(res.lines, "");
	assert_non_null(strstr(log, "POST /api/v1/namespaces/ns1/configmaps?fieldManager=mine&"
				    "fieldValidation=Warn "));
	one = kube_errval_format(&errs, &b);
	assert_non_null(one);
	assert_string_equal(one->reason, "AlreadyExists");
	assert_string_equal(one->message,
			    "error when creating \"cm.yaml\": configmaps \"a\" already exists");
	kube_buf_release(&b);
	free(log);
	kube_errval_release(&errs);
}

static void test_create_client_dry_run_sends_nothing(void **state)
{
	kube_apply_opts o = {.dry_run = KUBE_DRY_RUN_CLIENT, .save_config = true};
	kube_errval errs = KUBE_ERRVAL_INIT;
	struct results res;
	char *log = NULL;

	(void)state;
	assert_int_equal(run(true, NULL, 0, &o, &res, &errs, &log), 0);
	assert_string_equal(res.lines, "a created\n");
	assert_null(strstr(log, "POST"));
	free(log);
	kube_errval_release(&errs);
}

/* ---- flag values, klog lines, printers ---- */

static void test_flag_values(void **state)
{
	kube_validation v;
	kube_dry_run d;
	const char *w, *where;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_validation_parse(&v, "true", &err), 0);
	assert_int_equal(v, KUBE_VALIDATE_STRICT);
	assert_int_equal(kube_validation_parse(&v, "F", &err), 0);
	assert_int_equal(v, KUBE_VALIDATE_IGNORE);
	assert_int_equal(kube_validation_parse(&v, "warn", &err), 0);
	assert_int_equal(v, KUBE_VALIDATE_WARN);
	assert_int_equal(kube_validation_parse(&v, "nope", &err), KUBE_EINVAL);
	assert_string_equal(err.message, "invalid - validate option \"nope\"; must be one of: "
					 "strict (or true), warn, ignore (or false)");
	kube_err_clear(&err);
	assert_int_equal(kube_dry_run_parse(&d, "server", &w, &where, &err), 0);
	assert_int_equal(d, KUBE_DRY_RUN_SERVER);
	assert_null(w);
	assert_int_equal(kube_dry_run_parse(&d, "unchanged", &w, &where, &err), 0);
	assert_int_equal(d, KUBE_DRY_RUN_CLIENT);
	assert_string_equal(w,
			    "--dry-run is deprecated and can be replaced with --dry-run=client.");
	assert_string_equal(where, "helpers.go:714");
	assert_int_equal(kube_dry_run_parse(&d, "false", &w, &where, &err), 0);
	assert_int_equal(d, KUBE_DRY_RUN_NONE);
	assert_string_equal(w, "--dry-run=false is deprecated (boolean value) and can be replaced "
			       "with --dry-run=none.");
	assert_int_equal(kube_dry_run_parse(&d, "x", &w, &where, &err), KUBE_EINVAL);
	assert_string_equal(
		err.message,
		"Invalid dry-run value (x). Must be \"none\", \"server\", or \"client\".");
	kube_err_clear(&err);
}

static void test_klog_line(void **state)
{
	kube_buf b = KUBE_BUF_INIT;
	char tail[64];

	(void)state;
	kube_klog_line(&b, 'W', "prune.go:71", "text");
	/* W1126 17:05:25.480318   30299 prune.go:71] text */
	assert_int_equal(b.ptr[0], 'W');
	assert_int_equal(b.ptr[5], ' ');
	assert_int_equal(b.ptr[8], ':');
	assert_int_equal(b.ptr[14], '.');
	snprintf(tail, sizeof(tail), " %7d prune.go:71] text\n", (int)getpid());
	assert_string_equal(b.ptr + 21, tail);
	kube_buf_release(&b);
}

static void print(const char *output, const char *tmpl, kube_dry_run dry, const char *doc,
		  const char *op, int times, const char *want)
{
	kube_op_printer_opts po = {.output = output,
				   .template_ = tmpl,
				   .dry_run = dry,
				   .allow_missing_template_keys = true};
	kube_op_printer *p = NULL;
	kube_obj *o = NULL;
	kube_buf b = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	int i;

	assert_int_equal(kube_obj_parse_json(&o, doc, strlen(doc), &err), 0);
	assert_int_equal(kube_op_printer_new(&p, &po, &err), 0);
	for (i = 0; i < times; i++)
		assert_int_equal(kube_op_printer_print(p, o, op, &b, &err), 0);
	assert_string_equal(b.ptr, want);
	kube_buf_release(&b);
	kube_op_printer_free(p);
	kube_obj_free(o);
}

static void test_printer(void **state)
{
	static const char dep[] =
		"{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":"
		"{\"name\":\"web\",\"managedFields\":[{}]},\"spec\":{}}";
	static const char list[] = "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":{},"
				   "\"items\":[{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\","
				   "\"metadata\":{\"name\":\"a\"}}]}";
	kube_op_printer *p = NULL;
	kube_op_printer_opts po = {.output = "bogus"};
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	print(NULL, NULL, KUBE_DRY_RUN_NONE, dep, "created", 1, "deployment.apps/web created\n");
	print("", NULL, KUBE_DRY_RUN_CLIENT, dep, "configured", 1,
	      "deployment.apps/web configured (dry run)\n");
	print("name", NULL, KUBE_DRY_RUN_SERVER, dep, "created", 1, "deployment.apps/web\n");
	print("yaml", NULL, KUBE_DRY_RUN_NONE, dep, "created", 2,
	      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: {}\n---\n"
	      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: {}\n");
	print("json", NULL, KUBE_DRY_RUN_NONE, list, "", 1,
	      "{\n    \"kind\": \"List\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {},\n"
	      "    \"items\": [\n        {\n            \"apiVersion\": \"v1\",\n"
	      "            \"kind\": \"ConfigMap\",\n            \"metadata\": {\n"
	      "                \"name\": \"a\"\n            }\n        }\n    ]\n}\n");
	print("", "{{.metadata.name}}:", KUBE_DRY_RUN_NONE, dep, "created", 1, "web:");
	print("jsonpath={.kind}", NULL, KUBE_DRY_RUN_NONE, dep, "created", 1, "Deployment");
	assert_true(kube_op_printer_new(&p, &po, &err) == KUBE_EINVAL);
	assert_non_null(strstr(err.message, "unable to match a printer suitable for the output "
					    "format \"bogus\""));
	kube_err_clear(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_creates),
		cmocka_unit_test(test_apply_unchanged_sends_no_patch),
		cmocka_unit_test(test_apply_patches_and_warns),
		cmocka_unit_test(test_server_side_and_dry_run),
		cmocka_unit_test(test_create_already_exists),
		cmocka_unit_test(test_create_client_dry_run_sends_nothing),
		cmocka_unit_test(test_flag_values),
		cmocka_unit_test(test_klog_line),
		cmocka_unit_test(test_printer),
	};
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
