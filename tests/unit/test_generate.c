/* Unit tests for the objects kubectl builds itself: create configmap / secret generic / secret
 * tls / deployment / namespace / service, run's pod, and expose's service. Expected values come
 * from kubectl 1.37 (for example the --append-hash suffixes). */
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
#include <kube/mutate.h>

static const char ec_crt[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBdTCCARugAwIBAgIUC3dZWit4YtN4HN+m7Q2DtqI7RZswCgYIKoZIzj0EAwIw\n"
	"DzENMAsGA1UEAwwEdW5pdDAgFw0yNjExMjYxODE0MzRaGA8yMTI2MTEwMjE4MTQz\n"
	"NFowDzENMAsGA1UEAwwEdW5pdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABLFS\n"
	"N1n27PId1gaYElUEFydKLKV1xp5PKRQrGFlN9oh3KV83Yy5k+uRgdKVE47/eLetn\n"
	"sJ92v/g8zQAqKyoE316jUzBRMB0GA1UdDgQWBBSgeHSKZSZbAb0QLcajIEsZvZ72\n"
	"FTAfBgNVHSMEGDAWgBSgeHSKZSZbAb0QLcajIEsZvZ72FTAPBgNVHRMBAf8EBTAD\n"
	"AQH/MAoGCCqGSM49BAMCA0gAMEUCIQDUQT9TgFIFAX9JTDFADUqhNuj9Zk3N7p+n\n"
	"40LS89M8NAIgKKvInCEUw2JG8E18x82jqCcT7V0HJpjcQvvhTgbTq+E=\n"
	"-----END CERTIFICATE-----\n";
static const char ec_key[] =
	"-----BEGIN EC PRIVATE KEY-----\n"
	"MHcCAQEEIHSHxc7Wyyn4wqzWd8JpqhwQ9+5gud1Tnq8X96Mbp/G+oAoGCCqGSM49\n"
	"AwEHoUQDQgAEsVI3Wfbs8h3WBpgSVQQXJ0ospXXGnk8pFCsYWU32iHcpXzdjLmT6\n"
	"5GB0pUTjv94t62ewn3a/+DzNACorKgTfXg==\n"
	"-----END EC PRIVATE KEY-----\n";
static const char ec_other_key[] =
	"-----BEGIN EC PRIVATE KEY-----\n"
	"MHcCAQEEIMGsku8KPLRKhPKpsgehChmKWnTyEM8bae0z/uveSJ1qoAoGCCqGSM49\n"
	"AwEHoUQDQgAEoSfVKc/OwJUZgaMc+yWRt2NR28INHQ5JE0meZebjxvUABv7bdt4+\n"
	"70lIpj6yioRRE7KUThZIuzLyvT9k3q6gtA==\n"
	"-----END EC PRIVATE KEY-----\n";
static const char ed_key[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MC4CAQAwBQYDK2VwBCIEIEW7Q9stda8ds0pYKYlRwqchsEJ47gO2zR3+b9V80kkN\n"
	"-----END PRIVATE KEY-----\n";
static const char ed_crt[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBOjCB7aADAgECAhQeY3xkllcASZwZ2fuFfpcLQarddjAFBgMrZXAwEjEQMA4G\n"
	"A1UEAwwHdW5pdC1lZDAgFw0yNjExMjYxODE0MzRaGA8yMTI2MTEwMjE4MTQzNFow\n"
	"EjEQMA4GA1UEAwwHdW5pdC1lZDAqMAUGAytlcAMhAO5ub5ZJreC6/56RBVyJezIW\n"
	"u8gs//5Xy535TD1L2yhCo1MwUTAdBgNVHQ4EFgQUqW+b5IShTgB+Td/zMaHj4ycZ\n"
	"gaUwHwYDVR0jBBgwFoAUqW+b5IShTgB+Td/zMaHj4ycZgaUwDwYDVR0TAQH/BAUw\n"
	"AwEB/zAFBgMrZXADQQChN50jpPfwurZhQ6ekKnECaOJVeEmy4810pJ2PwekIohzN\n"
	"QMgkO2fqoKWga624ivRPDfBpMhlcchbdA5pKGO4N\n"
	"-----END CERTIFICATE-----\n";

/* JSON of an object in its member order (how kubectl prints typed objects) */
static char *json(const kube_obj *o)
{
	kube_buf b = KUBE_BUF_INIT;

	kube_json_write(&b, o, 0);
	assert_false(b.failed);
	return kube_buf_detach(&b, NULL);
}

static void assert_json(const kube_obj *o, const char *want)
{
	char *s = json(o);

	assert_string_equal(s, want);
	free(s);
}

static void assert_fails(int rc, kube_err *err, int code, const char *msg)
{
	assert_int_equal(rc, code);
	assert_int_equal(err->code, code);
	assert_string_equal(err->message, msg);
	kube_err_clear(err);
}

static void test_configmap_literals_and_hash(void **state)
{
	const char *lit[] = {"b=2", "a=1", "eq=x=y"};
	kube_gen_source_opts src = {.from_literal = lit, .nfrom_literal = 3};
	kube_gen_source_opts one = {.from_literal = lit + 1, .nfrom_literal = 1};
	kube_err err = KUBE_ERR_INIT;
	kube_obj *cm = NULL;

	(void)state;
	assert_int_equal(kube_gen_configmap(&cm, "c", NULL, &src, false, &err), 0);
	/* data is a Go map: sorted keys; no namespace without -n */
	assert_json(cm, "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\"},"
			"\"data\":{\"a\":\"1\",\"b\":\"2\",\"eq\":\"x=y\"}}");
	kube_obj_free(cm);
	/* kubectl create configmap c --from-literal=a=1 --append-hash */
	assert_int_equal(kube_gen_configmap(&cm, "c", "ns1", &one, true, &err), 0);
	assert_string_equal(kube_obj_path_str(cm, "metadata", "name", NULL), "c-9dtcmmmm5t");
	assert_string_equal(kube_obj_path_str(cm, "metadata", "namespace", NULL), "ns1");
	kube_obj_free(cm);
}

static void test_configmap_errors(void **state)
{
	kube_err err = KUBE_ERR_INIT;
	kube_obj *cm = NULL;
	const char *dup[] = {"a=1", "a=2"}, *bad[] = {"bad/key=1"}, *nokey[] = {"=1"};
	const char *env[] = {"x.env"}, *file[] = {"a=b=c"};
	kube_gen_source_opts s1 = {.from_literal = dup, .nfrom_literal = 2};
	kube_gen_source_opts s2 = {.from_literal = bad, .nfrom_literal = 1};
	kube_gen_source_opts s3 = {.from_literal = nokey, .nfrom_literal = 1};
	kube_gen_source_opts s4 = {.from_literal = dup, .nfrom_literal = 1, .from_env_file = env,
				   .nfrom_env_file = 1};
	kube_gen_source_opts s5 = {.from_file = file, .nfrom_file = 1};

	(void)state;
	assert_fails(kube_gen_configmap(&cm, "c", NULL, &s1, false, &err), &err, KUBE_EINVAL,
		     "cannot add key \"a\", another key by that name already exists in Data for "
		     "ConfigMap \"c\"");
	assert_null(cm);
	assert_fails(kube_gen_configmap(&cm, "c", NULL, &s2, false, &err), &err, KUBE_EINVAL,
		     "\"bad/key\" is not a valid key name for a ConfigMap: a valid config key must "
		     "consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
		     "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
	assert_fails(kube_gen_configmap(&cm, "c", NULL, &s3, false, &err), &err, KUBE_EINVAL,
		     "invalid literal source =1, expected key=value");
	assert_fails(kube_gen_configmap(&cm, "c", NULL, &s4, false, &err), &err, KUBE_EINVAL,
		     "from-env-file cannot be combined with from-file or from-literal");
	assert_fails(kube_gen_configmap(&cm, "c", NULL, &s5, false, &err), &err, KUBE_EINVAL,
		     "key names or file paths cannot contain '='");
	assert_null(cm);
}

static char tmpdir[64];

static void put_file(const char *name, const char *data, size_t n)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static void test_configmap_files(void **state)
{
	char dir[128], envf[128], subdir[128], link[128], single[160];
	const char *files[] = {dir}, *envs[] = {envf}, *keyed[] = {single};
	kube_gen_source_opts s1 = {.from_file = files, .nfrom_file = 1};
	kube_gen_source_opts s2 = {.from_env_file = envs, .nfrom_env_file = 1};
	kube_gen_source_opts s3 = {.from_file = keyed, .nfrom_file = 1};
	kube_err err = KUBE_ERR_INIT;
	kube_obj *cm = NULL, *sec = NULL;

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/kubec-unit-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(dir, sizeof(dir), "%s/d", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(subdir, sizeof(subdir), "%s/d/sub", tmpdir);
	assert_int_equal(mkdir(subdir, 0700), 0);
	put_file("d/b.conf", "listen 80;\n", 11);
	put_file("d/.hidden", "h", 1);
	put_file("d/blob", "\x00\xff", 2);
	snprintf(link, sizeof(link), "%s/d/link", tmpdir);
	assert_int_equal(symlink("b.conf", link), 0);
	put_file("vars.env", "# c\n  A=1\nB=two words \n\nE=\n", 27);
	snprintf(envf, sizeof(envf), "%s/vars.env", tmpdir);
	snprintf(single, sizeof(single), "main=%s/d/b.conf", tmpdir);

	/* regular files only, dotfiles included, binary data apart */
	assert_int_equal(kube_gen_configmap(&cm, "c", NULL, &s1, false, &err), 0);
	assert_json(cm, "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\"},"
			"\"data\":{\".hidden\":\"h\",\"b.conf\":\"listen 80;\\n\"},"
			"\"binaryData\":{\"blob\":\"AP8=\"}}");
	kube_obj_free(cm);
	assert_int_equal(kube_gen_configmap(&cm, "c", NULL, &s2, false, &err), 0);
	assert_json(cm, "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\"},"
			"\"data\":{\"A\":\"1\",\"B\":\"two words \",\"E\":\"\"}}");
	kube_obj_free(cm);
	/* a secret base64-encodes everything into data; a key given for a file */
	assert_int_equal(kube_gen_secret(&sec, "s", NULL, "Opaque", &s3, false, &err), 0);
	assert_json(sec, "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"s\"},"
			 "\"data\":{\"main\":\"bGlzdGVuIDgwOwo=\"},\"type\":\"Opaque\"}");
	kube_obj_free(sec);
	/* a key name for a directory */
	snprintf(single, sizeof(single), "k=%s", dir);
	assert_fails(kube_gen_configmap(&cm, "c", NULL, &s3, false, &err), &err, KUBE_EINVAL,
		     "cannot give a key name for a directory path");
	{
		char cmd[160];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
		assert_int_equal(system(cmd), 0);
	}
}

static void test_secret_hash_and_errors(void **state)
{
	const char *lit[] = {"a=1"}, *dup[] = {"x=1", "x=2"};
	kube_gen_source_opts one = {.from_literal = lit, .nfrom_literal = 1};
	kube_gen_source_opts two = {.from_literal = dup, .nfrom_literal = 2};
	kube_err err = KUBE_ERR_INIT;
	kube_obj *sec = NULL;

	(void)state;
	/* kubectl create secret generic s --from-literal=a=1 --append-hash */
	assert_int_equal(kube_gen_secret(&sec, "s", NULL, NULL, &one, true, &err), 0);
	assert_json(sec, "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":"
			 "{\"name\":\"s-gtkfk5m49d\"},\"data\":{\"a\":\"MQ==\"}}");
	kube_obj_free(sec);
	assert_fails(kube_gen_secret(&sec, "s", NULL, NULL, &two, false, &err), &err, KUBE_EINVAL,
		     "cannot add key x, another key by that name already exists");
}

static void test_tls_pair(void **state)
{
	kube_err err = KUBE_ERR_INIT;
	char both[4096];

	(void)state;
	assert_int_equal(kube_tls_check_pair(ec_crt, strlen(ec_crt), ec_key, strlen(ec_key), &err),
			 0);
	assert_int_equal(kube_tls_check_pair(ed_crt, strlen(ed_crt), ed_key, strlen(ed_key), &err),
			 0);
	assert_fails(kube_tls_check_pair(ec_crt, strlen(ec_crt), ec_other_key,
					 strlen(ec_other_key), &err),
		     &err, KUBE_EINVAL, "tls: private key does not match public key");
	assert_fails(kube_tls_check_pair(ec_crt, strlen(ec_crt), ed_key, strlen(ed_key), &err),
		     &err, KUBE_EINVAL, "tls: private key type does not match public key type");
	assert_fails(kube_tls_check_pair(ec_key, strlen(ec_key), ec_crt, strlen(ec_crt), &err),
		     &err, KUBE_EINVAL,
		     "tls: failed to find certificate PEM data in certificate input, but did find a "
		     "private key; PEM inputs may have been switched");
	assert_fails(kube_tls_check_pair("junk", 4, ec_key, strlen(ec_key), &err), &err,
		     KUBE_EINVAL, "tls: failed to find any PEM data in certificate input");
	assert_fails(kube_tls_check_pair(ec_crt, strlen(ec_crt), "", 0, &err), &err, KUBE_EINVAL,
		     "tls: failed to find any PEM data in key input");
	assert_fails(kube_tls_check_pair(ec_crt, strlen(ec_crt), ec_crt, strlen(ec_crt), &err),
		     &err, KUBE_EINVAL,
		     "tls: found a certificate rather than a key in the PEM for the private key");
	/* a block of another type before the certificate is skipped */
	snprintf(both, sizeof(both), "-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n%s", ec_crt);
	assert_int_equal(kube_tls_check_pair(both, strlen(both), ec_key, strlen(ec_key), &err), 0);
	assert_fails(kube_tls_check_pair("-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n", 42,
					 ec_key, strlen(ec_key), &err),
		     &err, KUBE_EINVAL,
		     "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after "
		     "skipping PEM blocks of the following types: [FOO]");
}

static void test_deployment(void **state)
{
	const char *images[] = {"nginx", "reg.example:5000/a/busybox:1.36"};
	const char *cmd[] = {"sleep", "10"};
	kube_gen_deployment_opts o = {images, 2, 3, 8080, NULL, 0};
	kube_gen_deployment_opts c = {images, 1, 1, -1, cmd, 2};
	kube_gen_deployment_opts bad = {images, 2, 1, -1, cmd, 2};
	kube_err err = KUBE_ERR_INIT;
	kube_obj *d = NULL;

	(void)state;
	assert_int_equal(kube_gen_deployment(&d, "web", NULL, &o, &err), 0);
	assert_json(d, "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":"
		       "\"web\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"replicas\":3,\"selector\":"
		       "{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":"
		       "{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":"
		       "\"nginx\",\"ports\":[{\"containerPort\":8080}],\"resources\":{}},{\"name\":"
		       "\"busybox\",\"image\":\"reg.example:5000/a/busybox:1.36\",\"resources\":{}}]}},"
		       "\"strategy\":{}},\"status\":{}}");
	kube_obj_free(d);
	assert_int_equal(kube_gen_deployment(&d, "web", "ns", &c, &err), 0);
	assert_json(kube_obj_path(d, "spec", "template", "spec", "containers", NULL),
		    "[{\"name\":\"nginx\",\"image\":\"nginx\",\"command\":[\"sleep\",\"10\"],"
		    "\"resources\":{}}]");
	kube_obj_free(d);
	assert_fails(kube_gen_deployment(&d, "web", NULL, &bad, &err), &err, KUBE_EINVAL,
		     "cannot specify multiple --image options and command");
}

static void test_service_and_namespace(void **state)
{
	const char *tcp[] = {"80:8080", "53:dns"}, *badname[] = {"80:a--b"}, *badport[] = {"x:1"};
	kube_gen_service_opts o = {"NodePort", tcp, 2, NULL, 30001};
	kube_gen_service_opts none = {"ClusterIP", NULL, 0, NULL, 0};
	kube_gen_service_opts b1 = {"ClusterIP", badname, 1, NULL, 0};
	kube_gen_service_opts b2 = {"ClusterIP", badport, 1, NULL, 0};
	kube_err err = KUBE_ERR_INIT;
	kube_obj *s = NULL;

	(void)state;
	assert_int_equal(kube_gen_service(&s, "api", NULL, &o, &err), 0);
	assert_json(s, "{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"api\","
		       "\"labels\":{\"app\":\"api\"}},\"spec\":{\"ports\":[{\"name\":\"80-8080\","
		       "\"protocol\":\"TCP\",\"port\":80,\"targetPort\":8080,\"nodePort\":30001},"
		       "{\"name\":\"53-dns\",\"protocol\":\"TCP\",\"port\":53,\"targetPort\":\"dns\","
		       "\"nodePort\":30001}],\"selector\":{\"app\":\"api\"},\"type\":\"NodePort\"},"
		       "\"status\":{\"loadBalancer\":{}}}");
	kube_obj_free(s);
	assert_fails(kube_gen_service(&s, "api", NULL, &none, &err), &err, KUBE_EINVAL,
		     "at least one tcp port specifier must be provided");
	assert_fails(kube_gen_service(&s, "api", NULL, &b1, &err), &err, KUBE_EINVAL,
		     "must not contain consecutive hyphens");
	assert_fails(kube_gen_service(&s, "api", NULL, &b2, &err), &err, KUBE_EINVAL,
		     "strconv.ParseUint: parsing \"x\": invalid syntax");
	assert_int_equal(kube_gen_namespace(&s, "staging", &err), 0);
	assert_json(s, "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":"
		       "\"staging\"},\"spec\":{},\"status\":{}}");
	kube_obj_free(s);
}

static void test_pod(void **state)
{
	const char *env[] = {"A=1", "B="}, *ann[] = {"z=1", "y=2"}, *args[] = {"sh", "-c", "x"};
	const char *badenv[] = {"1A=2"};
	kube_gen_pod_opts o = {.image = "nginx", .labels = "b=2,a=1", .annotations = ann,
			       .nannotations = 2, .env = env, .nenv = 2, .port = "80",
			       .restart = "Never", .command = true, .args = args, .nargs = 3};
	kube_gen_pod_opts e = {.image = "nginx", .env = badenv, .nenv = 1, .restart = "Bogus"};
	kube_gen_pod_opts img = {.image = "UPPER", .restart = "Always", .tty = true};
	kube_err err = KUBE_ERR_INIT;
	kube_obj *p = NULL;

	(void)state;
	assert_int_equal(kube_gen_pod(&p, "web", NULL, &o, &err), 0);
	assert_json(p, "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web\","
		       "\"labels\":{\"a\":\"1\",\"b\":\"2\"},\"annotations\":{\"y\":\"2\",\"z\":\"1\"}},"
		       "\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx\",\"command\":"
		       "[\"sh\",\"-c\",\"x\"],\"ports\":[{\"containerPort\":80}],\"env\":[{\"name\":"
		       "\"A\",\"value\":\"1\"},{\"name\":\"B\"}],\"resources\":{}}],\"restartPolicy\":"
		       "\"Never\",\"dnsPolicy\":\"ClusterFirst\"},\"status\":{}}");
	kube_obj_free(p);
	/* kubectl's order: env before the restart policy, the image before -t */
	assert_fails(kube_gen_pod(&p, "web", NULL, &e, &err), &err, KUBE_EINVAL,
		     "invalid env: 1A=2");
	assert_fails(kube_gen_pod(&p, "web", NULL, &img, &err), &err, KUBE_EINVAL,
		     "invalid image name \"UPPER\": invalid reference format");
	img.image = "localhost:5000/a/b-c_d.e:1.0@sha256:0123456789abcdef0123456789abcdef";
	assert_fails(kube_gen_pod(&p, "web", NULL, &img, &err), &err, KUBE_EINVAL,
		     "-i/--stdin is required for containers with -t/--tty=true");
}

static kube_obj *parse(const char *s)
{
	kube_obj *o = NULL;

	assert_int_equal(kube_obj_parse_json(&o, s, strlen(s), NULL), 0);
	return o;
}

static void test_expose(void **state)
{
	kube_obj *pod = parse("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\","
			      "\"labels\":{\"app\":\"x\"}},\"spec\":{\"containers\":[{\"ports\":["
			      "{\"containerPort\":53,\"protocol\":\"UDP\"},{\"containerPort\":53},"
			      "{\"containerPort\":80}]}]}}");
	kube_obj *dep = parse("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":"
			      "{\"name\":\"d\"},\"spec\":{\"selector\":{\"matchExpressions\":[{\"key\":"
			      "\"tier\",\"operator\":\"In\",\"values\":[\"web\"]}]}}}");
	kube_obj *bare = parse("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":"
			       "\"q\"},\"spec\":{}}");
	kube_expose_opts o = {0}, headless = {.cluster_ip = "None", .selector = "a=b"};
	kube_err err = KUBE_ERR_INIT;
	kube_obj *svc = NULL;

	(void)state;
	assert_int_equal(kube_expose_service(&svc, pod, &o, &err), 0);
	assert_json(kube_obj_path(svc, "spec", "ports", NULL),
		    "[{\"name\":\"port-1-udp\",\"protocol\":\"UDP\",\"port\":53,\"targetPort\":53},"
		    "{\"name\":\"port-1-tcp\",\"protocol\":\"TCP\",\"port\":53,\"targetPort\":53},"
		    "{\"name\":\"port-2\",\"protocol\":\"TCP\",\"port\":80,\"targetPort\":80}]");
	assert_json(kube_obj_path(svc, "metadata", "labels", NULL), "{\"app\":\"x\"}");
	kube_obj_free(svc);
	assert_fails(kube_expose_service(&svc, dep, &o, &err), &err, KUBE_EINVAL,
		     "couldn't retrieve selectors via --selector flag or introspection: couldn't "
		     "convert expressions - \"[{Key:tier Operator:In Values:[web]}]\" to map-based "
		     "selector format");
	assert_fails(kube_expose_service(&svc, bare, &o, &err), &err, KUBE_EINVAL,
		     "couldn't retrieve selectors via --selector flag or introspection: the pod has "
		     "no labels and cannot be exposed");
	/* headless without ports is fine */
	assert_int_equal(kube_expose_service(&svc, bare, &headless, &err), 0);
	assert_null(kube_obj_path(svc, "spec", "ports", NULL));
	kube_obj_free(svc);
	kube_obj_free(pod);
	kube_obj_free(dep);
	kube_obj_free(bare);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_configmap_literals_and_hash),
		cmocka_unit_test(test_configmap_errors),
		cmocka_unit_test(test_configmap_files),
		cmocka_unit_test(test_secret_hash_and_errors),
		cmocka_unit_test(test_tls_pair),
		cmocka_unit_test(test_deployment),
		cmocka_unit_test(test_service_and_namespace),
		cmocka_unit_test(test_pod),
		cmocka_unit_test(test_expose),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
