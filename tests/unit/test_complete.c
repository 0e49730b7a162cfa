/* Unit tests for the completion support (include/kube/complete.h): the resource type list and
 * the object name cache, against a small HTTP server on 127.0.0.1 run by a child process. The
 * server logs every request ("METHOD TARGET|ACCEPT") so the tests can count round trips. */
#include <errno.h>
#include <fcntl.h>
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
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <kube/complete.h>

/* ---- the fake API server ---- */

static const char *reply_for(const char *target)
{
	if (!strcmp(target, "/api?timeout=32s"))
		return "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}";
	if (!strcmp(target, "/api/v1?timeout=32s"))
		return "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
		       "{\"name\":\"pods\",\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\","
		       "\"verbs\":[\"get\",\"list\"],\"shortNames\":[\"po\"]},"
		       "{\"name\":\"pods/log\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"get\"]},"
		       "{\"name\":\"bindings\",\"namespaced\":true,\"kind\":\"Binding\","
		       "\"verbs\":[\"create\"]},"
		       "{\"name\":\"configmaps\",\"singularName\":\"configmap\",\"namespaced\":true,"
		       "\"kind\":\"ConfigMap\",\"verbs\":[\"get\",\"list\"],\"shortNames\":[\"cm\"]},"
		       "{\"name\":\"namespaces\",\"singularName\":\"namespace\",\"namespaced\":false,"
		       "\"kind\":\"Namespace\",\"verbs\":[\"get\",\"list\"]}]}";
	if (!strcmp(target, "/apis?timeout=32s"))
		return "{\"kind\":\"APIGroupList\",\"groups\":["
		       "{\"name\":\"batch\",\"versions\":[{\"groupVersion\":\"batch/v1\",\"version\":\"v1\"}],"
		       "\"preferredVersion\":{\"groupVersion\":\"batch/v1\",\"version\":\"v1\"}},"
		       "{\"name\":\"apps\",\"versions\":[{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}],"
		       "\"preferredVersion\":{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}}]}";
	if (!strcmp(target, "/apis/apps/v1?timeout=32s"))
		return "{\"kind\":\"APIResourceList\",\"groupVersion\":\"apps/v1\",\"resources\":["
		       "{\"name\":\"statefulsets\",\"singularName\":\"statefulset\",\"namespaced\":true,"
		       "\"kind\":\"StatefulSet\",\"verbs\":[\"get\",\"list\"]},"
		       "{\"name\":\"deployments\",\"singularName\":\"deployment\",\"namespaced\":true,"
		       "\"kind\":\"Deployment\",\"verbs\":[\"get\",\"list\"]}]}";
	if (!strcmp(target, "/apis/batch/v1?timeout=32s"))
		return "{\"kind\":\"APIResourceList\",\"groupVersion\":\"batch/v1\",\"resources\":["
		       "{\"name\":\"jobs\",\"singularName\":\"job\",\"namespaced\":true,\"kind\":\"Job\","
		       "\"verbs\":[\"get\",\"list\"]}]}";
	/* names, in two pages */
	if (!strcmp(target, "/api/v1/namespaces/ns1/configmaps?limit=500"))
		return "{\"kind\":\"PartialObjectMetadataList\",\"metadata\":{\"continue\":\"tok\"},"
		       "\"items\":[{\"metadata\":{\"name\":\"alpha\"}},{\"metadata\":{\"name\":\"beta\"}}]}";
	if (!strcmp(target, "/api/v1/namespaces/ns1/configmaps?continue=tok&limit=500"))
		return "{\"kind\":\"PartialObjectMetadataList\",\"metadata\":{},"
		       "\"items\":[{\"metadata\":{\"name\":\"gamma\"}}]}";
	if (!strcmp(target, "/api/v1/namespaces/default/configmaps?limit=500"))
		return "{\"kind\":\"PartialObjectMetadataList\",\"metadata\":{},"
		       "\"items\":[{\"metadata\":{\"name\":\"kube-root-ca.crt\"}}]}";
	if (!strcmp(target, "/api/v1/namespaces?limit=500"))
		return "{\"kind\":\"PartialObjectMetadataList\",\"metadata\":{},"
		       "\"items\":[{\"metadata\":{\"name\":\"default\"}},"
		       "{\"metadata\":{\"name\":\"ns1\"}}]}";
	return NULL;
}

static void serve_conn(int c, const char *log)
{
	char buf[8192];
	size_t have = 0;

	for (;;) {
		char *end, method[16], target[2048], *accept, *nl;
		const char *body;
		ssize_t got;
		FILE *f;
		char head[256];
		int status = 200;

		while (!(end = memmem(buf, have, "\r\n\r\n", 4))) {
			if (have == sizeof(buf) - 1)
				return;
			got = read(c, buf + have, sizeof(buf) - 1 - have);
			if (got <= 0)
				return;
			have += (size_t)got;
		}
		*end = '\0';
		if (sscanf(buf, "%15s %2047s", method, target) != 2)
			return;
		accept = strcasestr(buf, "\r\nAccept:");
		if (accept) {
			accept += 9;
			while (*accept == ' ')
				accept++;
			if ((nl = strstr(accept, "\r\n")))
				*nl = '\0';
		}
		if ((f = fopen(log, "a"))) {
			fprintf(f, "%s %s|%s\n", method, target, accept ? accept : "");
			fclose(f);
		}
		if (!(body = reply_for(target))) {
			status = 404;
			body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
			       "\"message\":\"the server could not find the requested resource\","
			       "\"reason\":\"NotFound\",\"code\":404}";
		}
		snprintf(head, sizeof(head),
			 "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
			 status, status == 200 ? "OK" : "Not Found", strlen(body));
		if (write(c, head, strlen(head)) < 0 || write(c, body, strlen(body)) < 0)
			return;
		end += 4;
		have -= (size_t)(end - buf);
		memmove(buf, end, have);
	}
}

struct server {
	pid_t pid;
	int port;
	char dir[64], log[96], cache[96];
};

static void server_start(struct server *s)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	s->port = ntohs(a.sin_port);
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		for (;;) {
			int c = accept(fd, NULL, NULL);

			if (c < 0)
				continue;
			serve_conn(c, s->log);
			close(c);
		}
	}
	close(fd);
}

static void server_stop(struct server *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
}

static int setup(void **state)
{
	struct server *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	snprintf(s->dir, sizeof(s->dir), "/tmp/kc-test-complete-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->log, sizeof(s->log), "%s/requests.log", s->dir);
	snprintf(s->cache, sizeof(s->cache), "%s/cache", s->dir);
	server_start(s);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	struct server *s = *state;
	char cmd[256];

	server_stop(s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
	assert_int_equal(system(cmd), 0);
	free(s);
	return 0;
}

static kube_client *client_for(const struct server *s, int port)
{
	char url[64];
	kube_client_opts o = {.server = url};
	kube_client *c = NULL;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d", port ? port : s->port);
	assert_int_equal(kube_client_new(&c, &o, NULL), 0);
	return c;
}

/* The server's log: the number of lines, and the text (static). */
static size_t requests(const struct server *s, const char **text)
{
	static char buf[16384];
	size_t n = 0, i;
	FILE *f = fopen(s->log, "r");

	buf[0] = '\0';
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		buf[n] = '\0';
		fclose(f);
	}
	if (text)
		*text = buf;
	for (i = n = 0; buf[i]; i++)
		n += buf[i] == '\n';
	return n;
}

static const kube_resource configmaps = {.group = "", .version = "v1", .resource = "configmaps",
					 .singular = "configmap", .kind = "ConfigMap",
					 .namespaced = true};
static const kube_resource namespaces = {.group = "", .version = "v1", .resource = "namespaces",
					 .singular = "namespace", .kind = "Namespace"};
static const kube_resource deployments = {.group = "apps", .version = "v1",
					  .resource = "deployments", .kind = "Deployment",
					  .namespaced = true};

static void test_types_sorted_like_api_resources(void **state)
{
	struct server *s = *state;
	kube_client *c = client_for(s, 0);
	kube_discovery *d = NULL;
	kube_discovery_opts dopts = {.cache_dir = ""};
	kube_complete_list l = KUBE_COMPLETE_LIST_INIT;
	kube_err err = KUBE_ERR_INIT;

	assert_int_equal(kube_discovery_load(&d, c, &dopts, &err), 0);
	assert_int_equal(kube_complete_types(&l, d, "get", &err), 0);
	/* core first (by name), then groups by name; no subresources, no get-less bindings */
	assert_int_equal(l.n, 6);
	assert_string_equal(l.v[0], "configmaps");
	assert_string_equal(l.v[1], "namespaces");
	assert_string_equal(l.v[2], "pods");
	assert_string_equal(l.v[3], "deployments.apps");
	assert_string_equal(l.v[4], "statefulsets.apps");
	assert_string_equal(l.v[5], "jobs.batch");
	assert_null(l.v[6]);
	kube_complete_list_release(&l);
	/* any verb: bindings appears too */
	assert_int_equal(kube_complete_types(&l, d, NULL, &err), 0);
	assert_int_equal(l.n, 7);
	assert_string_equal(l.v[0], "bindings");
	kube_complete_list_release(&l);
	kube_complete_list_release(&l); /* released twice: still fine */
	kube_discovery_free(d);
	kube_client_free(c);
}

static void test_names_cached_then_refreshed(void **state)
{
	struct server *s = *state;
	kube_client *c = client_for(s, 0);
	kube_complete_opts o = {.cache_dir = s->cache, .context = "ctx/one", .now_ms = 0};
	kube_complete_list l = KUBE_COMPLETE_LIST_INIT;
	kube_err err = KUBE_ERR_INIT;
	kube_buf path = KUBE_BUF_INIT;
	const char *log;
	struct stat st;

	/* miss: one LIST, two pages, metadata only */
	assert_int_equal(kube_complete_names(&l, c, &configmaps, "ns1", &o, &err), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0], "alpha");
	assert_string_equal(l.v[2], "gamma");
	assert_false(l.from_cache);
	assert_int_equal(requests(s, &log), 2);
	assert_non_null(strstr(log, "GET /api/v1/namespaces/ns1/configmaps?limit=500|"
				    "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
				    "application/json\n"));
	kube_complete_list_release(&l);

	/* the cache file: per context (sanitised) and namespace */
	assert_int_equal(kube_complete_cache_path(&path, c, &configmaps, "ns1", &o, &err), 0);
	assert_non_null(strstr(path.ptr, "/cache/ctx_one-"));
	assert_non_null(strstr(path.ptr, "/ns1/configmaps"));
	assert_int_equal(stat(path.ptr, &st), 0);

	/* hit: no request */
	assert_int_equal(kube_complete_names(&l, c, &configmaps, "ns1", &o, &err), 0);
	assert_true(l.from_cache);
	assert_false(l.stale);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[1], "beta");
	assert_int_equal(requests(s, NULL), 2);
	kube_complete_list_release(&l);

	/* stale (a minute later): listed again */
	o.now_ms = (int64_t)st.st_mtime * 1000 + 60000;
	assert_int_equal(kube_complete_names(&l, c, &configmaps, "ns1", &o, &err), 0);
	assert_false(l.from_cache);
	assert_int_equal(requests(s, NULL), 4);
	kube_complete_list_release(&l);

	/* ttl < 0: always listed */
	o.now_ms = 0;
	o.ttl_ms = -1;
	assert_int_equal(kube_complete_names(&l, c, &configmaps, "ns1", &o, &err), 0);
	assert_int_equal(requests(s, NULL), 6);
	kube_complete_list_release(&l);

	/* invalidate: the next call lists again */
	o.ttl_ms = 0;
	assert_int_equal(kube_complete_invalidate(c, &configmaps, "ns1", &o, &err), 0);
	assert_int_not_equal(stat(path.ptr, &st), 0);
	assert_int_equal(kube_complete_invalidate(c, &configmaps, "ns1", &o, &err), 0);
	assert_int_equal(kube_complete_names(&l, c, &configmaps, "ns1", &o, &err), 0);
	assert_false(l.from_cache);
	assert_int_equal(requests(s, NULL), 8);
	kube_complete_list_release(&l);

	/* another context has a cache of its own */
	o.context = "other";
	assert_int_equal(kube_complete_names(&l, c, &configmaps, "ns1", &o, &err), 0);
	assert_false(l.from_cache);
	kube_complete_list_release(&l);
	assert_int_equal(err.code, KUBE_OK);
	kube_buf_release(&path);
	kube_client_free(c);
}

static void test_names_namespaces_and_defaults(void **state)
{
	struct server *s = *state;
	kube_client *c = client_for(s, 0);
	kube_complete_opts o = {.cache_dir = s->cache, .context = ""};
	kube_complete_list l = KUBE_COMPLETE_LIST_INIT;
	kube_buf path = KUBE_BUF_INIT;
	const char *log;

	/* cluster-scoped: no namespace in the request; ns is ignored */
	assert_int_equal(kube_complete_names(&l, c, &namespaces, "ns1", &o, NULL), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[1], "ns1");
	kube_complete_list_release(&l);
	assert_int_equal(kube_complete_cache_path(&path, c, &namespaces, "ns1", &o, NULL), 0);
	assert_non_null(strstr(path.ptr, "/_cluster/namespaces"));
	kube_buf_truncate(&path, 0);
	assert_int_equal(kube_complete_cache_path(&path, c, &deployments, NULL, &o, NULL), 0);
	assert_non_null(strstr(path.ptr, "/default/deployments.apps"));

	/* NULL namespace means "default"; appending to a list that has entries */
	assert_int_equal(kube_complete_list_add(&l, "first", NULL), 0);
	assert_int_equal(kube_complete_names(&l, c, &configmaps, NULL, &o, NULL), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0], "first");
	assert_string_equal(l.v[1], "kube-root-ca.crt");
	kube_complete_list_release(&l);
	requests(s, &log);
	assert_non_null(strstr(log, "GET /api/v1/namespaces?limit=500|"));
	assert_non_null(strstr(log, "GET /api/v1/namespaces/default/configmaps?limit=500|"));

	/* no cache: every call asks the server, nothing is written */
	o.cache_dir = "";
	assert_int_equal(kube_complete_names(&l, c, &namespaces, NULL, &o, NULL), 0);
	assert_int_equal(kube_complete_names(&l, c, &namespaces, NULL, &o, NULL), 0);
	assert_int_equal(l.n, 4);
	kube_complete_list_release(&l);
	assert_int_equal(kube_complete_cache_path(&path, c, &namespaces, NULL, &o, NULL),
			 KUBE_EINVAL);
	kube_buf_release(&path);
	kube_client_free(c);
}

static void test_names_server_gone(void **state)
{
	struct server *s = *state;
	kube_client *c = client_for(s, 0);
	kube_complete_opts o = {.cache_dir = s->cache, .context = "gone"};
	kube_complete_list l = KUBE_COMPLETE_LIST_INIT;
	kube_err err = KUBE_ERR_INIT;
	struct stat st;
	kube_buf path = KUBE_BUF_INIT;
	int rc;

	assert_int_equal(kube_complete_names(&l, c, &configmaps, "ns1", &o, &err), 0);
	kube_complete_list_release(&l);
	server_stop(s);

	/* stale cache and no server: the old names, marked stale */
	assert_int_equal(kube_complete_cache_path(&path, c, &configmaps, "ns1", &o, NULL), 0);
	assert_int_equal(stat(path.ptr, &st), 0);
	o.now_ms = (int64_t)st.st_mtime * 1000 + 3600 * 1000;
	assert_int_equal(kube_complete_names(&l, c, &configmaps, "ns1", &o, &err), 0);
	assert_true(l.stale);
	assert_true(l.from_cache);
	assert_int_equal(l.n, 3);
	kube_complete_list_release(&l);

	/* nothing cached and no server: an error, err filled as the contract says */
	rc = kube_complete_names(&l, c, &namespaces, NULL, &o, &err);
	assert_int_equal(rc, KUBE_ETRANSPORT);
	assert_int_equal(err.code, rc);
	assert_non_null(err.message);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	kube_err_clear(&err);

	/* a server error (404) is no reason to serve stale names: the error comes back */
	server_start(s);
	kube_client_free(c);
	c = client_for(s, 0);
	rc = kube_complete_names(&l, c, &deployments, "ns1", &o, &err);
	assert_int_equal(rc, KUBE_ENOTFOUND);
	assert_int_equal(err.code, rc);
	kube_err_clear(&err);
	kube_buf_release(&path);
	kube_client_free(c);
}

static void test_torn_cache_file(void **state)
{
	struct server *s = *state;
	kube_client *c = client_for(s, 0);
	kube_complete_opts o = {.cache_dir = s->cache, .context = "torn"};
	kube_complete_list l = KUBE_COMPLETE_LIST_INIT;
	kube_buf path = KUBE_BUF_INIT;
	FILE *f;
	char cmd[512];

	assert_int_equal(kube_complete_cache_path(&path, c, &configmaps, "ns1", &o, NULL), 0);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path.ptr);
	assert_int_equal(system(cmd), 0);
	/* not a names file: ignored, listed from the server */
	assert_non_null(f = fopen(path.ptr, "w"));
	fputs("garbage\n", f);
	fclose(f);
	assert_int_equal(kube_complete_names(&l, c, &configmaps, "ns1", &o, NULL), 0);
	assert_false(l.from_cache);
	assert_int_equal(l.n, 3);
	kube_complete_list_release(&l);
	/* a last line without its newline (a torn write) is dropped */
	assert_non_null(f = fopen(path.ptr, "w"));
	fputs("# kubec names 1\none\ntwo\nthr", f);
	fclose(f);
	assert_int_equal(kube_complete_names(&l, c, &configmaps, "ns1", &o, NULL), 0);
	assert_true(l.from_cache);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[1], "two");
	kube_complete_list_release(&l);
	assert_true(kube_complete_has_prefix("alpha", "al"));
	assert_true(kube_complete_has_prefix("alpha", ""));
	assert_true(kube_complete_has_prefix("alpha", NULL));
	assert_false(kube_complete_has_prefix("al", "alpha"));
	kube_buf_release(&path);
	kube_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_types_sorted_like_api_resources, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_names_cached_then_refreshed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_namespaces_and_defaults, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_names_server_gone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_cache_file, setup, teardown),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
