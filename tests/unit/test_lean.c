/* The lean transport's pure parts: chunked decoding, status line and header parsing, URL
 * parsing, proxy selection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../lib/rest/lean.h"

/* Decode all of in, fed in pieces of step bytes; returns the last result, fills out. */
static int decode_all(const char *in, size_t step, char *out, size_t *outlen, size_t *rest)
{
	struct lean_chunked st = LEAN_CHUNKED_INIT;
	size_t n = strlen(in), off = 0, o = 0;
	char buf[256];
	int r = 0;

	*rest = 0;
	while (off < n) {
		size_t k = n - off < step ? n - off : step, used, got;

		memcpy(buf, in + off, k);
		r = lean_chunked_decode(&st, buf, k, &used, &got);
		if (r < 0)
			return r;
		memcpy(out + o, buf, got);
		o += got;
		off += used;
		if (r == 1) {
			*rest = n - off;
			break;
		}
		assert_int_equal(used, k);
	}
	out[o] = '\0';
	*outlen = o;
	return r;
}

static void test_chunked(void **state)
{
	static const char *wire = "4\r\nWiki\r\n5;ext=1\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n"
				  "0\r\n\r\n";
	char out[256];
	size_t n, rest, step;

	(void)state;
	for (step = 1; step <= strlen(wire); step++) {
		assert_int_equal(decode_all(wire, step, out, &n, &rest), 1);
		assert_string_equal(out, "Wikipedia in\r\n\r\nchunks.");
		assert_int_equal(rest, 0);
	}
	/* trailers, upper-case hex, bare LF, bytes after the end */
	assert_int_equal(decode_all("A\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\nNEXT", 3, out, &n,
				    &rest),
			 1);
	assert_string_equal(out, "0123456789");
	assert_int_equal(rest, 4);
	assert_int_equal(decode_all("3\nabc\n0\n\n", 1, out, &n, &rest), 1);
	assert_string_equal(out, "abc");
	/* incomplete: more input needed */
	assert_int_equal(decode_all("5\r\nabc", 2, out, &n, &rest), 0);
	assert_string_equal(out, "abc");
	assert_int_equal(decode_all("3\r\nabc\r\n0\r\n", 64, out, &n, &rest), 0);
	/* malformed */
	assert_int_equal(decode_all("zz\r\nabc\r\n", 64, out, &n, &rest), -1);
	assert_int_equal(decode_all("\r\n", 64, out, &n, &rest), -1);
	assert_int_equal(decode_all("3\r\nabcX\r\n", 64, out, &n, &rest), -1);
	assert_int_equal(decode_all("ffffffffffffffffff\r\n", 64, out, &n, &rest), -1);
}

static void test_status(void **state)
{
	int minor = 9, code = 0;

	(void)state;
	assert_int_equal(lean_status_parse("HTTP/1.1 200 OK\r\n", 17, &minor, &code), 0);
	assert_int_equal(minor, 1);
	assert_int_equal(code, 200);
	assert_int_equal(lean_status_parse("HTTP/1.0 404\r\n", 14, &minor, &code), 0);
	assert_int_equal(minor, 0);
	assert_int_equal(code, 404);
	assert_int_equal(lean_status_parse("HTTP/1.1 307 Temporary Redirect\n", 32, &minor, &code),
			 0);
	assert_int_equal(code, 307);
	assert_int_equal(lean_status_parse("HTTP/2 200\r\n", 12, &minor, &code), 0);
	assert_int_equal(minor, -1);
	assert_int_equal(lean_status_parse("HTTP/1.1 20\r\n", 13, &minor, &code), -1);
	assert_int_equal(lean_status_parse("HTTP/1.1 2000 x\r\n", 17, &minor, &code), -1);
	assert_int_equal(lean_status_parse("ICY 200 OK\r\n\r\n", 14, &minor, &code), -1);
	assert_int_equal(lean_status_parse("HTTP/1.1 abc OK\r\n", 17, &minor, &code), -1);
}

static void test_headers(void **state)
{
	const char *name, *val;
	size_t nl, vl;
	static const char l1[] = "Content-Type:  application/json \r\n";
	static const char l2[] = "X-Empty:\r\n";

	(void)state;
	assert_true(lean_header_split(l1, strlen(l1), &name, &nl, &val, &vl));
	assert_int_equal(nl, 12);
	assert_memory_equal(name, "Content-Type", 12);
	assert_int_equal(vl, 16);
	assert_memory_equal(val, "application/json", 16);
	assert_true(lean_header_split(l2, strlen(l2), &name, &nl, &val, &vl));
	assert_int_equal(vl, 0);
	assert_false(lean_header_split("no colon\r\n", 10, &name, &nl, &val, &vl));
	assert_false(lean_header_split(": v\r\n", 5, &name, &nl, &val, &vl));
	assert_true(lean_header_has_token("keep-alive, Close", 17, "close"));
	assert_true(lean_header_has_token("gzip, chunked", 13, "chunked"));
	assert_false(lean_header_has_token("closed", 6, "close"));
	assert_false(lean_header_has_token("", 0, "close"));
}

static void test_url(void **state)
{
	struct lean_url u;

	(void)state;
	assert_int_equal(lean_url_parse("https://k8s.example:6443/api/v1?x=1#frag", &u), 0);
	assert_true(u.https);
	assert_string_equal(u.host, "k8s.example");
	assert_int_equal(u.port, 6443);
	assert_true(u.port_given);
	assert_int_equal(u.target_len, 11);
	assert_memory_equal(u.target, "/api/v1?x=1", 11);
	assert_int_equal(lean_url_parse("HTTP://127.0.0.1", &u), 0);
	assert_false(u.https);
	assert_int_equal(u.port, 80);
	assert_false(u.port_given);
	assert_int_equal(u.target_len, 0);
	assert_int_equal(lean_url_parse("https://[::1]:8443/x", &u), 0);
	assert_string_equal(u.host, "::1");
	assert_int_equal(u.port, 8443);
	assert_int_equal(lean_url_parse("https://[::1]/x", &u), 0);
	assert_int_equal(u.port, 443);
	assert_int_equal(lean_url_parse("https://user:pw@host.example/p", &u), 0);
	assert_string_equal(u.host, "host.example");
	assert_int_equal(lean_url_parse("http://h?q=1", &u), 0);
	assert_string_equal(u.host, "h");
	assert_memory_equal(u.target, "?q=1", 4);
	assert_int_equal(lean_url_parse("ftp://host/", &u), -1);
	assert_int_equal(lean_url_parse("https://:443/", &u), -1);
	assert_int_equal(lean_url_parse("https://host:99999/", &u), -1);
	assert_int_equal(lean_url_parse("https://host:12a/", &u), -1);
	assert_int_equal(lean_url_parse("https://[::1/", &u), -1);
	assert_int_equal(lean_url_parse("host:443", &u), -1);
}

static void clear_proxy_env(void)
{
	static const char *const v[] = {"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY",
					"all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		unsetenv(v[i]);
}

static void test_no_proxy(void **state)
{
	(void)state;
	assert_true(lean_no_proxy_match("*", "anything", 443));
	assert_true(lean_no_proxy_match("foo.com, example.com", "example.com", 443));
	assert_true(lean_no_proxy_match("example.com", "api.example.com", 443));
	assert_true(lean_no_proxy_match(".example.com", "api.example.com", 443));
	assert_true(lean_no_proxy_match("*.example.com", "api.example.com", 443));
	assert_true(lean_no_proxy_match("EXAMPLE.com", "Example.COM.", 443));
	assert_false(lean_no_proxy_match("example.com", "badexample.com", 443));
	assert_false(lean_no_proxy_match("", "example.com", 443));
	assert_true(lean_no_proxy_match("10.0.0.0/8", "10.1.2.3", 443));
	assert_false(lean_no_proxy_match("10.0.0.0/8", "11.1.2.3", 443));
	assert_true(lean_no_proxy_match("192.168.1.7", "192.168.1.7", 443));
	assert_true(lean_no_proxy_match("fd00::/8", "fd12::1", 443));
	assert_true(lean_no_proxy_match("example.com:6443", "example.com", 6443));
	assert_false(lean_no_proxy_match("example.com:6443", "example.com", 443));
	assert_true(lean_no_proxy_match("[::2]:6443", "::2", 6443));
	assert_true(lean_no_proxy_match("::2", "::2", 6443));
}

static void test_proxy_applies(void **state)
{
	(void)state;
	clear_proxy_env();
	assert_false(kube_proxy_applies("https://k8s.example:6443", NULL));
	assert_true(kube_proxy_applies("https://k8s.example:6443", "http://proxy:3128"));
	assert_false(kube_proxy_applies("https://k8s.example:6443", ""));
	setenv("HTTPS_PROXY", "http://proxy:3128", 1);
	assert_true(kube_proxy_applies("https://k8s.example:6443", NULL));
	assert_false(kube_proxy_applies("http://k8s.example:8080", NULL)); /* http needs http_proxy */
	/* loopback never goes through a proxy from the environment */
	assert_false(kube_proxy_applies("https://127.0.0.1:6443", NULL));
	assert_false(kube_proxy_applies("https://127.9.8.7:6443", NULL));
	assert_false(kube_proxy_applies("https://[::1]:6443", NULL));
	assert_false(kube_proxy_applies("https://localhost:6443", NULL));
	setenv("NO_PROXY", "other.example,.example", 1);
	assert_false(kube_proxy_applies("https://k8s.example:6443", NULL));
	setenv("no_proxy", "other.example", 1); /* the lower-case one wins */
	assert_true(kube_proxy_applies("https://k8s.example:6443", NULL));
	clear_proxy_env();
	setenv("http_proxy", "http://proxy:3128", 1);
	assert_true(kube_proxy_applies("http://k8s.example:8080", NULL));
	assert_false(kube_proxy_applies("https://k8s.example:6443", NULL));
	clear_proxy_env();
	setenv("ALL_PROXY", "socks5://proxy:1080", 1);
	assert_true(kube_proxy_applies("https://k8s.example:6443", NULL));
	setenv("NO_PROXY", "*", 1);
	assert_false(kube_proxy_applies("https://k8s.example:6443", NULL));
	clear_proxy_env();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunked),    cmocka_unit_test(test_status),
		cmocka_unit_test(test_headers),    cmocka_unit_test(test_url),
		cmocka_unit_test(test_no_proxy),   cmocka_unit_test(test_proxy_applies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
