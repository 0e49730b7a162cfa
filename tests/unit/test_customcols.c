/* Unit tests for kube_customcols (kubectl get -o custom-columns / custom-columns-file). The
 * expected tables were produced by kubectl 1.37's CustomColumnsPrinter on the same objects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <kube/printer.h>

static const char pods_json[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"\"},\"ite"
	"ms\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"my-nginx-5b56cc"
	"d65f-abcde\",\"labels\":{\"run\":\"my-nginx\"}},\"spec\":{\"nodeName\":\"node-1\",\"co"
	"ntainers\":[{\"name\":\"nginx\",\"image\":\"nginx\"}]},\"status\":{\"phase\":\"Running"
	"\",\"podIP\":\"10.244.3.4\",\"podIPs\":[{\"ip\":\"10.244.3.4\"}],\"containerStatuses\""
	":[{\"restartCount\":2}]}},{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name"
	"\":\"my-nginx-5b56ccd65f-fghij\",\"labels\":{\"run\":\"my-nginx\"},\"deletionTimestamp"
	"\":null},\"spec\":{\"nodeName\":\"node-2\",\"containers\":[{\"name\":\"nginx\",\"image"
	"\":\"nginx\"},{\"name\":\"side\",\"image\":\"busybox\"}]},\"status\":{\"phase\":\"Runn"
	"ing\",\"podIP\":\"10.244.2.5\",\"podIPs\":[{\"ip\":\"10.244.2.5\"}],\"containerStatuse"
	"s\":[{\"restartCount\":0}]}},{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"n"
	"ame\":\"pending-pod\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\""
	"}]},\"status\":{\"phase\":\"Pending\"}}]}";

static const char svcs_json[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"\"},\"ite"
	"ms\":[{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"kubernetes"
	"\",\"labels\":{\"component\":\"apiserver\"}},\"spec\":{\"clusterIP\":\"10.96.0.1\",\"p"
	"orts\":[{\"port\":443,\"protocol\":\"TCP\",\"targetPort\":6443}]}},{\"apiVersion\":\"v"
	"1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"lb\",\"labels\":{\"app\":\"lb\"}},\""
	"spec\":{\"clusterIP\":\"10.0.5.7\",\"ports\":[{\"nodePort\":30080,\"port\":80,\"protoc"
	"ol\":\"TCP\",\"targetPort\":80}],\"selector\":{\"app\":\"lb\"}}},{\"apiVersion\":\"v1"
	"\",\"kind\":\"Service\",\"metadata\":{\"name\":\"my-nginx\",\"labels\":{\"run\":\"my-n"
	"ginx\"}},\"spec\":{\"clusterIP\":\"10.0.162.149\",\"ports\":[{\"port\":80,\"protocol\""
	":\"TCP\",\"targetPort\":80}],\"selector\":{\"run\":\"my-nginx\"}}},{\"apiVersion\":\"v"
	"1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"nginxsvc\",\"annotations\":{\"kubern"
	"etes.io/service-name\":\"web\",\"note\":\"<b>&</b>\"}},\"spec\":{\"clusterIP\":\"10.0."
	"116.146\",\"ports\":[{\"name\":\"http\",\"port\":8080,\"protocol\":\"TCP\",\"targetPor"
	"t\":80},{\"name\":\"https\",\"port\":443,\"protocol\":\"TCP\",\"targetPort\":443}],\"s"
	"elector\":{\"app\":\"nginx\"},\"ratio\":1.5,\"big\":1e6,\"tiny\":1e-05}}]}";

static const char secret_json[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"tls\",\"labels\":{"
	"\"kubernetes.io/service-name\":\"web\"}},\"data\":{\"tls.crt\":\"Y2VydA==\",\"tls.key"
	"\":\"a2V5\"},\"type\":\"kubernetes.io/tls\"}";

static const char cm_json[] =
	"{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"a\\u001bb\\rc\""
	",\"labels\":{}},\"data\":{\"empty\":\"\",\"esc\":\"x\\u001by\"}}";

enum fixture { PODS, SVCS, SECRET, CM };

static kube_obj *fixture_obj(enum fixture f)
{
	static const char *const json[] = {pods_json, svcs_json, secret_json, cm_json};
	kube_obj *o = NULL;

	assert_int_equal(kube_obj_parse_json(&o, json[f], strlen(json[f]), NULL), 0);
	return o;
}

struct cc_case {
	enum fixture fx;
	const char *spec;
	bool no_headers;
	const char *want; /* printed table, or the error message */
	int rc;
	bool parse_error;
	const char *printed; /* what is printed before a print error */
};

static const struct cc_case spec_cases[] = {
	{PODS, "POD_IP:.status.podIPs", false,
	 "POD_IP\n[map[ip:10.244.3.4]]\n[map[ip:10.244.2.5]]\n<none>\n", 0, false},
	{PODS,
	 "NAME:.metadata.name,LABELS:.metadata.labels,IP:status.podIP,DEL:{.metadata.deletionTimest"
	 "amp}", false,
	 "NAME                        LABELS              IP           DEL\nmy-nginx-5b56ccd65f-abc"
	 "de   map[run:my-nginx]   10.244.3.4   <none>\nmy-nginx-5b56ccd65f-fghij   map[run:my-ngin"
	 "x]   10.244.2.5   <nil>\npending-pod                 <none>              <none>       <no"
	 "ne>\n", 0, false},
	{PODS,
	 "NAME:{metadata.name},IMAGES:.spec.containers[*].image,RESTARTS:.status.containerStatuses["
	 "0].restartCount", false,
	 "NAME                        IMAGES          RESTARTS\nmy-nginx-5b56ccd65f-abcde   nginx  "
	 "         2\nmy-nginx-5b56ccd65f-fghij   nginx,busybox   0\npending-pod                 bu"
	 "sybox         <none>\n", 0, false},
	{PODS, "A:.items[", false, "unterminated array", KUBE_EINVAL, false, "A\n"},
	{PODS, "BAD", false,
	 "unexpected custom-columns spec: BAD, expected <header>:<json-path-expr>", KUBE_EINVAL,
	 true},
	{PODS, "", false, "custom-columns format specified but no custom columns given",
	 KUBE_EINVAL, true},
	{PODS, "A:{.x}}", false,
	 "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or "
	 "'{.name1.name2}'", KUBE_EINVAL, true},
	{PODS, ":.kind", false, "\nPod\nPod\nPod\n", 0, false},
	{PODS, "A:b:c", false, "A\n<none>\n<none>\n<none>\n", 0, false},
	{PODS, "A:.x[0,1]", false,
	 "unexpected custom-columns spec: 1], expected <header>:<json-path-expr>", KUBE_EINVAL,
	 true},
	{PODS, "A:{.metadata.name}{.kind}", false,
	 "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or "
	 "'{.name1.name2}'", KUBE_EINVAL, true},
	{PODS, "N:.metadata.name,X:.spec.containers[5]", false,
	 "array index out of bounds: index 5, length 1", KUBE_EINVAL, false, "N     X\n"},
	{SVCS, "NAME:.metadata.name,PORTS:.spec.ports[*].port,P0:.spec.ports[0],SEL:.spec.selector",
	 true,
	 "kubernetes   443        map[port:443 protocol:TCP targetPort:6443]               <none>\n"
	 "lb           80         map[nodePort:30080 port:80 protocol:TCP targetPort:80]   map[app:"
	 "lb]\nmy-nginx     80         map[port:80 protocol:TCP targetPort:80]                  map"
	 "[run:my-nginx]\nnginxsvc     8080,443   map[name:http port:8080 protocol:TCP targetPort:8"
	 "0]      map[app:nginx]\n", 0, false},
	{SVCS, "N:.metadata.name,R:.spec.ratio,B:.spec.big,T:.spec.tiny", true,
	 "kubernetes   <none>   <none>   <none>\nlb           <none>   <none>   <none>\nmy-nginx   "
	 "  <none>   <none>   <none>\nnginxsvc     1.5      1e+06    1e-05\n", 0, false},
	{SVCS, "NAME:.metadata.name,NOTE:.metadata.annotations.note", true,
	 "kubernetes   <none>\nlb           <none>\nmy-nginx     <none>\nnginxsvc     <b>&</b>\n",
	 0, false},
	{CM, "NAME:.metadata.name,E:.data.empty,ESC:.data.esc,L:.metadata.labels,N:.nope", false,
	 "NAME      E     ESC    L       N\na^[b\\rc         x^[y   map[]   <none>\n", 0, false},
	{SECRET, "KIND:.kind,NAME:.metadata.name", false, "KIND     NAME\nSecret   tls\n", 0,
	 false},
};

static const struct cc_case file_cases[] = {
	{PODS, "NAME   NODE\n{.metadata.name}  spec.nodeName\n", false,
	 "NAME                        NODE\nmy-nginx-5b56ccd65f-abcde   node-1\nmy-nginx-5b56ccd65f"
	 "-fghij   node-2\npending-pod                 <none>\n", 0, false},
	{PODS, "NAME\tIP\x0d""\n.metadata.name\t.status.podIP\x0d""\nignored line\n", false,
	 "NAME                        IP\nmy-nginx-5b56ccd65f-abcde   10.244.3.4\nmy-nginx-5b56ccd6"
	 "5f-fghij   10.244.2.5\npending-pod                 <none>\n", 0, false},
	{PODS, "NAME", false,
	 "invalid template, missing spec line. Expected format is one line of space separated heade"
	 "rs, one line of space separated column specs.", KUBE_EINVAL, true},
	{PODS, "A B\nx", false, "number of headers (2) and field specifications (1) don't match",
	 KUBE_EINVAL, true},
	{PODS, "", false,
	 "invalid template, missing header line. Expected format is one line of space separated hea"
	 "ders, one line of space separated column specs.", KUBE_EINVAL, true},
	{PODS, "A B\n\n", false, "number of headers (2) and field specifications (0) don't match",
	 KUBE_EINVAL, true},
	{PODS, "   \n\n", false, "\n\n\n\n", 0, false},
	{PODS, "A\n{.a}}", false,
	 "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or "
	 "'{.name1.name2}'", KUBE_EINVAL, true},
	{PODS, "A\n.items[", false, "unterminated array", KUBE_EINVAL, false, "A\n"},
};

static void run_case(const struct cc_case *c, bool file)
{
	kube_customcols *cc = NULL;
	kube_obj *o = fixture_obj(c->fx);
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	int rc;

	if (file)
		rc = kube_customcols_parse_file(&cc, c->spec, strlen(c->spec), &err);
	else
		rc = kube_customcols_parse(&cc, c->spec, &err);
	if (c->parse_error) {
		assert_int_equal(rc, c->rc);
		assert_null(cc);
		assert_int_equal(err.code, c->rc);
		assert_string_equal(err.message, c->want);
		goto out;
	}
	assert_int_equal(rc, 0);
	rc = kube_customcols_print(cc, o, c->no_headers, &out, &err);
	assert_int_equal(rc, c->rc);
	if (c->rc) {
		assert_int_equal(err.code, c->rc);
		assert_string_equal(err.message, c->want);
		assert_string_equal(out.ptr, c->printed);
	} else {
		assert_int_equal(err.code, KUBE_OK);
		assert_string_equal(out.ptr, c->want);
	}
out:
	kube_err_clear(&err);
	kube_buf_release(&out);
	kube_customcols_free(cc);
	kube_obj_free(o);
}

static void test_spec_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(spec_cases) / sizeof(spec_cases[0]); i++) {
		print_message("case %zu: %s\n", i, spec_cases[i].spec);
		run_case(&spec_cases[i], false);
	}
}

static void test_file_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(file_cases) / sizeof(file_cases[0]); i++) {
		print_message("case %zu: %s\n", i, file_cases[i].spec);
		run_case(&file_cases[i], true);
	}
}

static void test_accessors(void **state)
{
	kube_customcols *cc = NULL;

	(void)state;
	assert_int_equal(kube_customcols_parse(&cc, "NAME:.metadata.name,A:b:c,:x", NULL), 0);
	assert_int_equal(kube_customcols_count(cc), 3);
	assert_string_equal(kube_customcols_header(cc, 0), "NAME");
	assert_string_equal(kube_customcols_header(cc, 1), "A");
	assert_string_equal(kube_customcols_header(cc, 2), "");
	assert_null(kube_customcols_header(cc, 3));
	kube_customcols_free(cc);
	kube_customcols_free(NULL);
}

/* The caller streams pages of a list through one tabwriter: the header once, rows per page,
 * widths kept across flushes as kubectl's tabwriter does. */
static void test_streaming_pages(void **state)
{
	static const kube_tabwriter_opts opts = KUBE_TABWRITER_GET_OPTS;
	static const char page1[] = "{\"kind\":\"List\",\"items\":[{\"metadata\":"
				    "{\"name\":\"a-long-name\"},\"spec\":{\"replicas\":3}}]}";
	static const char page2[] = "{\"kind\":\"List\",\"items\":[{\"metadata\":{\"name\":\"b\"},"
				    "\"spec\":{\"replicas\":10}},{\"metadata\":{\"name\":\"c\"}}]}";
	kube_customcols *cc = NULL;
	kube_tabwriter *tw = NULL;
	kube_obj *p1 = NULL, *p2 = NULL;
	kube_buf out = KUBE_BUF_INIT;

	(void)state;
	assert_int_equal(kube_obj_parse_json(&p1, page1, strlen(page1), NULL), 0);
	assert_int_equal(kube_obj_parse_json(&p2, page2, strlen(page2), NULL), 0);
	assert_int_equal(kube_customcols_parse(&cc, "NAME:.metadata.name,R:.spec.replicas", NULL),
			 0);
	assert_int_equal(kube_tabwriter_new(&tw, &opts, NULL), 0);
	kube_customcols_print_header(cc, tw);
	assert_int_equal(kube_customcols_print_row(cc, p1, tw, NULL), 0);
	assert_int_equal(kube_tabwriter_flush(tw, &out, NULL), 0);
	assert_int_equal(kube_customcols_print_row(cc, p2, tw, NULL), 0);
	assert_int_equal(kube_tabwriter_flush(tw, &out, NULL), 0);
	assert_string_equal(out.ptr, "NAME          R\n"
				     "a-long-name   3\n"
				     "b             10\n"
				     "c             <none>\n");
	kube_buf_release(&out);
	kube_tabwriter_free(tw);
	kube_customcols_free(cc);
	kube_obj_free(p1);
	kube_obj_free(p2);
}

/* A column whose JSONPath does not parse fails when rows are printed, like kubectl (which has
 * printed the header by then), and keeps failing. */
static void test_deferred_parse_error(void **state)
{
	static const kube_tabwriter_opts opts = KUBE_TABWRITER_GET_OPTS;
	kube_customcols *cc = NULL;
	kube_tabwriter *tw = NULL;
	kube_obj *o = fixture_obj(SECRET);
	kube_err err = KUBE_ERR_INIT;
	kube_buf out = KUBE_BUF_INIT;

	(void)state;
	assert_int_equal(kube_customcols_parse(&cc, "OK:.kind,BAD:.a[?(@.x", &err), 0);
	assert_int_equal(kube_tabwriter_new(&tw, &opts, NULL), 0);
	kube_customcols_print_header(cc, tw);
	assert_int_equal(kube_customcols_print_row(cc, o, tw, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "unterminated filter");
	kube_err_clear(&err);
	assert_int_equal(kube_customcols_print_row(cc, o, tw, &err), KUBE_EINVAL);
	kube_err_clear(&err);
	assert_int_equal(kube_tabwriter_flush(tw, &out, NULL), 0);
	assert_string_equal(out.ptr, "OK    BAD\n");
	kube_buf_release(&out);
	kube_tabwriter_free(tw);
	kube_customcols_free(cc);
	kube_obj_free(o);
}

/* One row per item of a List, linear in the number of items. */
static void test_large_list(void **state)
{
	kube_obj *list = kube_obj_new_object(), *items = kube_obj_new_array();
	kube_customcols *cc = NULL;
	kube_buf out = KUBE_BUF_INIT;
	char name[32];
	int i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		kube_obj *it = kube_obj_new_object(), *md = kube_obj_new_object();

		snprintf(name, sizeof(name), "pod-%d", i);
		assert_int_equal(kube_obj_set_str(md, "name", name), 0);
		assert_int_equal(kube_obj_set_take(it, "metadata", md), 0);
		assert_int_equal(kube_obj_append_take(items, it), 0);
	}
	assert_int_equal(kube_obj_set_take(list, "items", items), 0);
	assert_int_equal(kube_customcols_parse(&cc, "NAME:.metadata.name,X:.x", NULL), 0);
	assert_int_equal(kube_customcols_print(cc, list, false, &out, NULL), 0);
	assert_memory_equal(out.ptr, "NAME       X\npod-0      <none>\n", 30);
	assert_non_null(strstr(out.ptr, "\npod-9999   <none>\n"));
	kube_buf_release(&out);
	kube_customcols_free(cc);
	kube_obj_free(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_table),
		cmocka_unit_test(test_file_table),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_streaming_pages),
		cmocka_unit_test(test_deferred_parse_error),
		cmocka_unit_test(test_large_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
