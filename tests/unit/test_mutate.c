/* Unit tests for the shared parts of the imperative commands: the printer of mutating
 * commands, durations, patches (YAML to JSON, RFC 6902), label/annotate argument checks and
 * delete's flag rules. Messages are kubectl 1.37's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <kube/mutate.h>

static kube_obj *parse(const char *s)
{
	kube_obj *o = NULL;

	assert_int_equal(kube_obj_parse_json(&o, s, strlen(s), NULL), 0);
	return o;
}

static void assert_fails(int rc, kube_err *err, int code, const char *msg)
{
	assert_int_equal(rc, code);
	assert_int_equal(err->code, code);
	assert_string_equal(err->message, msg);
	kube_err_clear(err);
}

static const char svc_json[] =
	"{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web\","
	"\"managedFields\":[{\"manager\":\"x\"}]},\"spec\":{\"type\":\"ClusterIP\"}}";

static char *print(kube_mutate_printer *p, const kube_obj *o, const char *op, unsigned flags)
{
	kube_buf b = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	assert_int_equal(kube_mutate_printer_print(p, o, op, flags, &b, &err), 0);
	return kube_buf_detach(&b, NULL);
}

static void test_printer_names(void **state)
{
	kube_mutate_print_opts po = {.dry_run = KUBE_DRY_RUN_SERVER};
	kube_mutate_printer *p = NULL;
	kube_obj *svc = parse(svc_json);
	kube_obj *dep = parse("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":"
			      "{\"name\":\"d\"}}");
	kube_err err = KUBE_ERR_INIT;
	char *s;

	(void)state;
	assert_int_equal(kube_mutate_printer_new(&p, &po, &err), 0);
	assert_false(kube_mutate_printer_full(p));
	s = print(p, svc, "exposed", 0);
	assert_string_equal(s, "service/web exposed (server dry run)\n");
	free(s);
	/* patch prints no dry-run suffix */
	s = print(p, dep, "patched", KUBE_MUTATE_NO_SUFFIX);
	assert_string_equal(s, "deployment.apps/d patched\n");
	free(s);
	kube_mutate_printer_free(p);
	po.output = "name";
	assert_int_equal(kube_mutate_printer_new(&p, &po, &err), 0);
	assert_true(kube_mutate_printer_name_only(p));
	s = print(p, dep, "scaled", 0);
	assert_string_equal(s, "deployment.apps/d\n");
	free(s);
	kube_mutate_printer_free(p);
	kube_obj_free(svc);
	kube_obj_free(dep);
}

static void test_printer_formats(void **state)
{
	kube_mutate_print_opts po = {.output = "json"};
	kube_mutate_printer *p = NULL;
	kube_obj *svc = parse(svc_json);
	kube_err err = KUBE_ERR_INIT;
	char *s;

	(void)state;
	/* typed objects keep their member order, unstructured ones are sorted; managedFields go */
	assert_int_equal(kube_mutate_printer_new(&p, &po, &err), 0);
	s = print(p, svc, "created", KUBE_MUTATE_TYPED);
	assert_string_equal(s, "{\n    \"kind\": \"Service\",\n    \"apiVersion\": \"v1\",\n"
			       "    \"metadata\": {\n        \"name\": \"web\"\n    },\n"
			       "    \"spec\": {\n        \"type\": \"ClusterIP\"\n    }\n}\n");
	free(s);
	s = print(p, svc, "created", 0);
	assert_true(!strncmp(s, "{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Service\"", 44));
	free(s);
	kube_mutate_printer_free(p);
	/* YAML documents after the first get `---`, unless the printer is new for each */
	po.output = "yaml";
	assert_int_equal(kube_mutate_printer_new(&p, &po, &err), 0);
	s = print(p, svc, NULL, 0);
	assert_string_equal(s, "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n"
			       "  type: ClusterIP\n");
	free(s);
	s = print(p, svc, NULL, 0);
	assert_true(!strncmp(s, "---\napiVersion: v1\n", 19));
	free(s);
	s = print(p, svc, NULL, KUBE_MUTATE_NEW_PRINTER);
	assert_true(!strncmp(s, "apiVersion: v1\n", 15));
	free(s);
	kube_mutate_printer_free(p);
	/* kyaml of a typed object: struct order */
	po.output = "kyaml";
	assert_int_equal(kube_mutate_printer_new(&p, &po, &err), 0);
	s = print(p, svc, NULL, KUBE_MUTATE_TYPED);
	assert_string_equal(s, "---\n{\n  kind: \"Service\",\n  apiVersion: \"v1\",\n  metadata: {\n"
			       "    name: \"web\",\n  },\n  spec: {\n    type: \"ClusterIP\",\n  },\n}\n");
	free(s);
	kube_mutate_printer_free(p);
	po.output = "jsonpath={.metadata.name}";
	assert_int_equal(kube_mutate_printer_new(&p, &po, &err), 0);
	s = print(p, svc, NULL, 0);
	assert_string_equal(s, "web");
	free(s);
	kube_mutate_printer_free(p);
	po.output = "bogus";
	assert_fails(kube_mutate_printer_new(&p, &po, &err), &err, KUBE_EINVAL,
		     "unable to match a printer suitable for the output format \"bogus\", allowed "
		     "formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
		     "jsonpath-file,kyaml,name,template,templatefile,yaml");
	assert_null(p);
	po.output = "go-template";
	assert_fails(kube_mutate_printer_new(&p, &po, &err), &err, KUBE_EINVAL,
		     "template format specified but no template given");
	kube_obj_free(svc);
}

static void test_durations(void **state)
{
	kube_err err = KUBE_ERR_INIT;
	int64_t ms;

	(void)state;
	assert_int_equal(kube_mutate_parse_duration("0", &ms, &err), 0);
	assert_int_equal(ms, 0);
	assert_int_equal(kube_mutate_parse_duration("1m30s", &ms, &err), 0);
	assert_int_equal(ms, 90000);
	assert_int_equal(kube_mutate_parse_duration("1.5h", &ms, &err), 0);
	assert_int_equal(ms, 5400000);
	assert_int_equal(kube_mutate_parse_duration("250ms", &ms, &err), 0);
	assert_int_equal(ms, 250);
	assert_fails(kube_mutate_parse_duration("bogus", &ms, &err), &err, KUBE_EINVAL,
		     "time: invalid duration \"bogus\"");
	assert_fails(kube_mutate_parse_duration("5", &ms, &err), &err, KUBE_EINVAL,
		     "time: missing unit in duration \"5\"");
	assert_fails(kube_mutate_parse_duration("5x", &ms, &err), &err, KUBE_EINVAL,
		     "time: unknown unit \"x\" in duration \"5x\"");
}

static void test_patch_text(void **state)
{
	kube_buf b = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	kube_patch_type t;

	(void)state;
	/* YAML becomes JSON with sorted keys; JSON-looking text is sent as it is */
	assert_int_equal(kube_patch_to_json(&b, "spec: {replicas: 1.0, a: x}", &err), 0);
	assert_string_equal(b.ptr, "{\"spec\":{\"a\":\"x\",\"replicas\":1}}");
	kube_buf_release(&b);
	assert_int_equal(kube_patch_to_json(&b, "  {\"b\": 1, bad", &err), 0);
	assert_string_equal(b.ptr, "  {\"b\": 1, bad");
	kube_buf_release(&b);
	assert_int_equal(kube_patch_to_json(&b, "[{\"path\": \"/a\", \"op\": \"remove\"}]", &err), 0);
	assert_string_equal(b.ptr, "[{\"op\":\"remove\",\"path\":\"/a\"}]");
	kube_buf_release(&b);
	assert_int_equal(kube_patch_type_parse(&t, "JSON", &err), 0);
	assert_int_equal(t, KUBE_PATCH_JSON);
	assert_fails(kube_patch_type_parse(&t, "foo", &err), &err, KUBE_EINVAL,
		     "--type must be one of [json merge strategic], not \"foo\"");
}

static char *apply_json_patch(const char *doc, const char *ops, kube_err *err, int *rc)
{
	kube_obj *d = parse(doc), *o = parse(ops), *out = NULL;
	kube_buf b = KUBE_BUF_INIT;

	*rc = kube_json_patch_apply(&out, d, o, err);
	if (*rc == 0)
		kube_json_write(&b, out, 0);
	kube_obj_free(d);
	kube_obj_free(o);
	kube_obj_free(out);
	return kube_buf_detach(&b, NULL);
}

static void test_json_patch(void **state)
{
	kube_err err = KUBE_ERR_INIT;
	char *s;
	int rc;

	(void)state;
	s = apply_json_patch("{\"a\":{\"b\":[1,2]},\"c\":1}",
			     "[{\"op\":\"add\",\"path\":\"/a/b/1\",\"value\":9},"
			     "{\"op\":\"add\",\"path\":\"/a/b/-\",\"value\":3},"
			     "{\"op\":\"replace\",\"path\":\"/c\",\"value\":\"x\"},"
			     "{\"op\":\"replace\",\"path\":\"/new\",\"value\":true},"
			     "{\"op\":\"move\",\"from\":\"/c\",\"path\":\"/d\"},"
			     "{\"op\":\"copy\",\"from\":\"/d\",\"path\":\"/a/e~1f\"},"
			     "{\"op\":\"remove\",\"path\":\"/a/b/0\"},"
			     "{\"op\":\"test\",\"path\":\"/d\",\"value\":\"x\"}]",
			     &err, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(s, "{\"a\":{\"b\":[9,2,3],\"e/f\":\"x\"},\"new\":true,\"d\":\"x\"}");
	free(s);
	free(apply_json_patch("{\"a\":1}", "[{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]", &err,
			      &rc));
	assert_fails(rc, &err, KUBE_EINVAL, "testing value /a failed: test failed");
	free(apply_json_patch("{\"a\":1}", "[{\"op\":\"add\",\"path\":\"/x/y\",\"value\":2}]", &err,
			      &rc));
	assert_fails(rc, &err, KUBE_EINVAL,
		     "add operation does not apply: doc is missing path: \"/x/y\": missing value");
	free(apply_json_patch("{\"a\":[1]}", "[{\"op\":\"replace\",\"path\":\"/a/5\",\"value\":2}]",
			      &err, &rc));
	assert_fails(rc, &err, KUBE_EINVAL,
		     "replace operation does not apply: doc is missing key: /a/5: missing value");
	free(apply_json_patch("{\"a\":1}", "[{\"op\":\"remove\",\"path\":\"/b\"}]", &err, &rc));
	assert_fails(rc, &err, KUBE_EINVAL,
		     "error in remove for path: '/b': Unable to remove nonexistent key: b: missing "
		     "value");
	free(apply_json_patch("{}", "[{\"op\":\"frob\",\"path\":\"/b\"}]", &err, &rc));
	assert_fails(rc, &err, KUBE_EINVAL, "Unexpected kind: frob");
}

static void test_label_checks(void **state)
{
	char *ok[] = {"cm", "x", "a=b", "c-"}, *late[] = {"cm", "a=b", "x"};
	char *spec[] = {"cm", "x", "a=b=c"}, *value[] = {"cm", "x", "a=b c"};
	char *both[] = {"cm", "x", "a-", "a=1"}, *none[] = {"cm", "x"}, *noargs[] = {"a=b"};
	char *ann[] = {"cm", "x", "=v"};
	kube_label_opts o = {0}, a = {.annotate = true};
	kube_err err = KUBE_ERR_INIT;
	size_t nres;

	(void)state;
	assert_int_equal(kube_label_check(&o, ok, 4, &nres, &err), 0);
	assert_int_equal(nres, 2);
	assert_fails(kube_label_check(&o, late, 3, &nres, &err), &err, KUBE_EINVAL,
		     "all resources must be specified before label changes: x");
	assert_fails(kube_label_check(&o, spec, 3, &nres, &err), &err, KUBE_EINVAL,
		     "invalid label spec: a=b=c");
	assert_fails(kube_label_check(&o, value, 3, &nres, &err), &err, KUBE_EINVAL,
		     "invalid label value: \"a=b c\": a valid label must be an empty string or "
		     "consist of alphanumeric characters, '-', '_' or '.', and must start and end "
		     "with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
		     "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
	assert_fails(kube_label_check(&o, both, 4, &nres, &err), &err, KUBE_EINVAL,
		     "can not both modify and remove a label in the same command");
	assert_fails(kube_label_check(&o, none, 2, &nres, &err), &err, KUBE_EINVAL,
		     "at least one label update is required");
	assert_fails(kube_label_check(&o, noargs, 1, &nres, &err), &err, KUBE_EINVAL,
		     "one or more resources must be specified as <resource> <name> or "
		     "<resource>/<name>");
	assert_fails(kube_label_check(&a, both, 4, &nres, &err), &err, KUBE_EINVAL,
		     "can not both modify and remove the following annotation(s) in the same "
		     "command: a");
	/* "=v" is no pair: a resource word, so no update is left */
	assert_fails(kube_label_check(&a, ann, 3, &nres, &err), &err, KUBE_EINVAL,
		     "at least one annotation update is required");
	a.sel.local = true;
	assert_fails(kube_label_check(&a, ok, 4, &nres, &err), &err, KUBE_EINVAL,
		     "can only use local files by -f rsrc.yaml or --filename=rsrc.json when "
		     "--local=true is set");
}

static void test_delete_flags(void **state)
{
	kube_delete_opts o = {.grace_period = -1, .now = true};
	kube_buf w = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_delete_prepare(&o, &w, &err), 0);
	assert_int_equal(o.grace_period, 1);
	o = (kube_delete_opts){.grace_period = 3, .now = true};
	assert_fails(kube_delete_prepare(&o, &w, &err), &err, KUBE_EINVAL,
		     "--now and --grace-period cannot be specified together");
	o = (kube_delete_opts){.grace_period = 0};
	assert_int_equal(kube_delete_prepare(&o, &w, &err), 0);
	assert_int_equal(o.grace_period, 1);
	o = (kube_delete_opts){.grace_period = -1, .force = true, .cascade = "true"};
	assert_int_equal(kube_delete_prepare(&o, &w, &err), 0);
	assert_int_equal(o.grace_period, 0);
	assert_string_equal(w.ptr,
			    "warning: --cascade=true is deprecated (boolean value) and can be "
			    "replaced with --cascade=background.\n"
			    "Warning: Immediate deletion does not wait for confirmation that the "
			    "running resource has been terminated. The resource may continue to "
			    "run on the cluster indefinitely.\n");
	kube_buf_release(&w);
	o = (kube_delete_opts){.grace_period = 5, .force = true};
	assert_fails(kube_delete_prepare(&o, &w, &err), &err, KUBE_EINVAL,
		     "--force and --grace-period greater than 0 cannot be specified together");
	o = (kube_delete_opts){.grace_period = -1, .cascade = "sideways"};
	assert_fails(kube_delete_prepare(&o, &w, &err), &err, KUBE_EINVAL,
		     "invalid cascade value (sideways). Must be \"background\", \"foreground\", or "
		     "\"orphan\"");
	/* -l and --all ignore missing objects unless told otherwise */
	o = (kube_delete_opts){.grace_period = -1, .sel = {.selector = "a=b"}};
	assert_int_equal(kube_delete_prepare(&o, NULL, &err), 0);
	assert_true(o.ignore_not_found);
	kube_buf_release(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printer_names),
		cmocka_unit_test(test_printer_formats),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_patch_text),
		cmocka_unit_test(test_json_patch),
		cmocka_unit_test(test_label_checks),
		cmocka_unit_test(test_delete_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
