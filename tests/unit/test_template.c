/* Unit tests for kube_template (Go text/template as kubectl's -o go-template runs it). The
 * table of outputs and messages was produced by kubectl 1.37's GoTemplatePrinter (Go 1.26
 * text/template) on the same objects. */
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

enum fixture { PODS, SVCS, SECRET };

static kube_obj *fixture_obj(enum fixture f)
{
	static const char *const json[] = {pods_json, svcs_json, secret_json};
	kube_obj *o = NULL;

	assert_int_equal(kube_obj_parse_json(&o, json[f], strlen(json[f]), NULL), 0);
	return o;
}

static kube_obj *parse(const char *s)
{
	kube_obj *o = NULL;

	assert_int_equal(kube_obj_parse_json(&o, s, strlen(s), NULL), 0);
	return o;
}

struct gt_case {
	enum fixture fx;
	const char *tmpl;
	bool missing_key_error;
	const char *want; /* output, or the error message */
	int rc;
	bool parse_error;
	const char *partial; /* output written before an execution error */
};

static const struct gt_case cases[] = {
	/* what kubectl users write */
	{PODS, "{{.kind}}", false, "List", 0, false},
	{PODS, "{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}", false,
	 "my-nginx-5b56ccd65f-abcde\nmy-nginx-5b56ccd65f-fghij\npending-pod\n", 0, false},
	{PODS, "{{range .items}}{{.metadata.name}} {{.status.podIP}}{{\"\\n\"}}{{end}}", false,
	 "my-nginx-5b56ccd65f-abcde 10.244.3.4\nmy-nginx-5b56ccd65f-fghij 10.244.2.5\npending-pod <"
	 "no value>\n", 0, false},
	{PODS,
	 "{{range $i, $p := .items}}{{$i}}:{{$p.metadata.name}}{{if $p.status.podIP}} ip={{$p.statu"
	 "s.podIP}}{{else}} no-ip{{end}}\n{{end}}", false,
	 "0:my-nginx-5b56ccd65f-abcde ip=10.244.3.4\n1:my-nginx-5b56ccd65f-fghij ip=10.244.2.5\n2:p"
	 "ending-pod no-ip\n", 0, false},
	{PODS,
	 "{{range .items}}{{if eq .status.phase \"Running\"}}R{{else if eq .status.phase \"Pending"
	 "\"}}P{{else}}?{{end}}{{end}}", false, "RRP", 0, false},
	{PODS, "{{range .items}}{{with .spec.nodeName}}{{.}}{{else}}unscheduled{{end}};{{end}}",
	 false, "node-1;node-2;unscheduled;", 0, false},
	{PODS, "{{range .items}}{{index .metadata.labels \"run\"}};{{end}}", false,
	 "template: output:1:18: executing \"output\" at <index .metadata.labels \"run\">: error ca"
	 "lling index: index of untyped nil", KUBE_EINVAL, false, "my-nginx;my-nginx;"},
	{PODS, "{{len .items}} {{len (index .items 1).spec.containers}}", false, "3 2", 0, false},
	{PODS,
	 "{{range .items}}{{.metadata.labels}} {{.status.podIPs}} {{.status.containerStatuses}}\n{{"
	 "end}}", false,
	 "map[run:my-nginx] [map[ip:10.244.3.4]] [map[restartCount:2]]\nmap[run:my-nginx] [map[ip:1"
	 "0.244.2.5]] [map[restartCount:0]]\n<no value> <no value> <no value>\n", 0, false},
	{PODS,
	 "{{(index .items 1).metadata.deletionTimestamp}}|{{(index .items 2).status.podIP}}|{{.nope"
	 "}}|{{.nope.deeper}}", false, "<no value>|<no value>|<no value>|<no value>", 0, false},
	{PODS, "{{range .items}}{{range .spec.containers}}{{.name}}={{.image}} {{end}}{{end}}",
	 false, "nginx=nginx nginx=nginx side=busybox c=busybox ", 0, false},
	{PODS,
	 "{{range .items}}{{printf \"%-28s|%3d|%q\\n\" .metadata.name (len .spec.containers) .statu"
	 "s.phase}}{{end}}", false,
	 "my-nginx-5b56ccd65f-abcde   |  1|\"Running\"\nmy-nginx-5b56ccd65f-fghij   |  2|\"Running"
	 "\"\npending-pod                 |  1|\"Pending\"\n", 0, false},
	{PODS, "{{.kind | printf \"%q\"}} {{.kind | len}} {{\"x\" | printf \"%s-%s\" \"y\"}}",
	 false, "\"List\" 4 y-x", 0, false},
	{PODS, "{{$n := len .items}}{{$n}} {{$}}{{$n = \"s\"}} {{$n}}", false,
	 "3 map[apiVersion:v1 items:[map[apiVersion:v1 kind:Pod metadata:map[labels:map[run:my-ngin"
	 "x] name:my-nginx-5b56ccd65f-abcde] spec:map[containers:[map[image:nginx name:nginx]] node"
	 "Name:node-1] status:map[containerStatuses:[map[restartCount:2]] phase:Running podIP:10.24"
	 "4.3.4 podIPs:[map[ip:10.244.3.4]]]] map[apiVersion:v1 kind:Pod metadata:map[deletionTimes"
	 "tamp:<nil> labels:map[run:my-nginx] name:my-nginx-5b56ccd65f-fghij] spec:map[containers:["
	 "map[image:nginx name:nginx] map[image:busybox name:side]] nodeName:node-2] status:map[con"
	 "tainerStatuses:[map[restartCount:0]] phase:Running podIP:10.244.2.5 podIPs:[map[ip:10.244"
	 ".2.5]]]] map[apiVersion:v1 kind:Pod metadata:map[name:pending-pod] spec:map[containers:[m"
	 "ap[image:busybox name:c]]] status:map[phase:Pending]]] kind:List metadata:map[resourceVer"
	 "sion:]] s", 0, false},
	{PODS, "{{- range .items -}}\n  {{ .metadata.name }}\n{{ end -}}", false,
	 "my-nginx-5b56ccd65f-abcde\nmy-nginx-5b56ccd65f-fghij\npending-pod\n", 0, false},
	{PODS, "a {{/* a comment */}} b {{- /* trimmed */ -}} c", false, "a  bc", 0, false},
	{PODS, "{{print 1 2 \"a\" \"b\" 3}}|{{println \"x\" 1}}|{{print}}", false, "1 2ab3|x 1\n|",
	 0, false},
	{PODS, "{{and 1 0 2}} {{or 0 \"\" \"x\"}} {{not .nope}} {{and .kind .nope}} {{or .nope 5}}",
	 false, "0 x true <no value> 5", 0, false},
	{PODS,
	 "{{eq .kind \"List\" \"Pod\"}} {{ne 1 2}} {{lt 1.5 2.5}} {{le 2 2}} {{gt \"b\" \"a\"}} {{g"
	 "e 1 2}}", false, "true true true true true false", 0, false},
	{PODS, "{{if and (eq .kind \"List\") (gt (len .items) 2)}}many{{end}}", false, "many", 0,
	 false},
	{PODS,
	 "{{range .items}}{{if exists . \"status\" \"podIP\"}}{{.status.podIP}}{{else}}-{{end}} {{e"
	 "nd}}", false, "10.244.3.4 10.244.2.5 - ", 0, false},
	{PODS,
	 "{{exists .items 1 \"metadata\" \"deletionTimestamp\"}} {{exists .items 9}} {{exists .nope"
	 "}}", false, "false false true", 0, false},
	{PODS, "{{range $k, $v := (index .items 0).metadata.labels}}{{$k}}={{$v}}{{end}}", false,
	 "run=my-nginx", 0, false},
	{PODS, "{{range .nope}}x{{else}}empty{{end}} {{range 3}}{{.}}{{end}}", false, "empty 012",
	 0, false},
	{PODS,
	 "{{range .items}}{{if eq .status.phase \"Pending\"}}{{break}}{{end}}{{.metadata.name}};{{e"
	 "nd}}", false, "my-nginx-5b56ccd65f-abcde;my-nginx-5b56ccd65f-fghij;", 0, false},
	{PODS, "{{range .items}}{{if .status.podIP}}{{continue}}{{end}}{{.metadata.name}};{{end}}",
	 false, "pending-pod;", 0, false},
	{PODS,
	 "{{define \"row\"}}[{{.metadata.name}}]{{end}}{{range .items}}{{template \"row\" .}}{{end}"
	 "}", false, "[my-nginx-5b56ccd65f-abcde][my-nginx-5b56ccd65f-fghij][pending-pod]", 0,
	 false},
	{PODS, "{{block \"k\" .kind}}<{{.}}>{{end}}", false, "<List>", 0, false},
	{PODS, "{{html \"<a href=\\\"x\\\">&'</a>\"}} {{js \"a'b<c>&=\"}} {{urlquery \"a b&c/d\"}}",
	 false,
	 "&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt; a\\'b\\u003Cc\\u003E\\u0026\\u003D a+b%26c"
	 "%2Fd", 0, false},
	{PODS, "{{slice \"abcdef\" 1 3}} {{index \"abc\" 1}} {{len (slice .items 1)}}", false,
	 "bc 98 2", 0, false},
	{PODS, "{{1.5}} {{1e6}} {{0x10}} {{'a'}} {{-3}} {{017}} {{1_000}}", false,
	 "1.5 1e+06 16 97 -3 15 1000", 0, false},
	{SVCS, "{{range .items}}{{.spec.ports}}\n{{end}}", false,
	 "[map[port:443 protocol:TCP targetPort:6443]]\n[map[nodePort:30080 port:80 protocol:TCP ta"
	 "rgetPort:80]]\n[map[port:80 protocol:TCP targetPort:80]]\n[map[name:http port:8080 protoc"
	 "ol:TCP targetPort:80] map[name:https port:443 protocol:TCP targetPort:443]]\n", 0, false},
	{SVCS,
	 "{{with index .items 3}}{{.spec.ratio}} {{.spec.big}} {{.spec.tiny}} {{printf \"%v %d %.1f"
	 " %T %T\" .spec.ratio .spec.big .spec.ratio .spec.big .spec.ratio}}{{end}}", false,
	 "1.5 1000000 1e-05 1.5 1000000 1.5 int64 float64", 0, false},
	{SVCS,
	 "{{with index .items 3}}{{.metadata.annotations}} {{index .metadata.annotations \"kubernet"
	 "es.io/service-name\"}}{{end}}", false,
	 "map[kubernetes.io/service-name:web note:<b>&</b>] web", 0, false},
	{SVCS, "{{range .items}}{{range .spec.ports}}{{.port}}/{{.protocol}} {{end}}{{end}}", false,
	 "443/TCP 80/TCP 80/TCP 8080/TCP 443/TCP ", 0, false},
	{SECRET, "{{.data.tls.crt}}", false, "<no value>", 0, false},
	{SECRET,
	 "{{index .data \"tls.crt\" | base64decode}}|{{base64decode (index .data \"tls.key\")}}",
	 false, "cert|key", 0, false},
	{SECRET, "{{range $k, $v := .data}}{{$k}}: {{$v | base64decode}}\n{{end}}", false,
	 "tls.crt: cert\ntls.key: key\n", 0, false},
	/* missingkey=error */
	{PODS, "{{.kind}}", true, "List", 0, false},
	{PODS, "{{.nope}}", true,
	 "template: output:1:2: executing \"output\" at <.nope>: map has no entry for key \"nope\"",
	 KUBE_EINVAL, false, ""},
	{PODS, "{{range .items}}{{.status.podIP}};{{end}}", true,
	 "template: output:1:25: executing \"output\" at <.status.podIP>: map has no entry for key "
	 "\"podIP\"", KUBE_EINVAL, false, "10.244.3.4;10.244.2.5;"},
	{PODS, "{{.metadata.nope.x}}", true,
	 "template: output:1:11: executing \"output\" at <.metadata.nope.x>: map has no entry for k"
	 "ey \"nope\"", KUBE_EINVAL, false, ""},
	{PODS, "{{index .metadata \"nope\"}}", true, "<no value>", 0, false},
	{PODS, "{{(index .items 1).metadata.deletionTimestamp}}", true, "<no value>", 0, false},
	/* execution errors */
	{PODS, "{{.items.foo}}", false,
	 "template: output:1:8: executing \"output\" at <.items.foo>: can't evaluate field foo in t"
	 "ype interface {}", KUBE_EINVAL, false, ""},
	{PODS, "{{.kind.foo}}", false,
	 "template: output:1:7: executing \"output\" at <.kind.foo>: can't evaluate field foo in ty"
	 "pe interface {}", KUBE_EINVAL, false, ""},
	{PODS, "{{$x := .kind}}{{$x.foo}}", false,
	 "template: output:1:19: executing \"output\" at <$x.foo>: can't evaluate field foo in type"
	 " string", KUBE_EINVAL, false, ""},
	{PODS, "{{(index .items 1).metadata.deletionTimestamp.x}}", false,
	 "template: output:1:16: executing \"output\" at <1>: nil pointer evaluating inte"
	 "rface {}.x",
	 KUBE_EINVAL, false, ""},
	{PODS, "{{template \"x\"}}", false,
	 "template: output:1:11: executing \"output\" at <{{template \"x\"}}>: template \"x\" not d"
	 "efined", KUBE_EINVAL, false, ""},
	{PODS, "{{index .items 5}}", false,
	 "template: output:1:2: executing \"output\" at <index .items 5>: error calling index: inde"
	 "x out of range: 5", KUBE_EINVAL, false, ""},
	{PODS, "{{index .items 3}}", false,
	 "template: output:1:2: executing \"output\" at <index .items 3>: error calling index: refl"
	 "ect: slice index out of range", KUBE_EINVAL, false, ""},
	{PODS, "{{index .items \"a\"}}", false,
	 "template: output:1:2: executing \"output\" at <index .items \"a\">: error calling index: "
	 "cannot index slice/array with type string", KUBE_EINVAL, false, ""},
	{PODS, "{{index .metadata 1}}", false,
	 "template: output:1:2: executing \"output\" at <index .metadata 1>: error calling index: v"
	 "alue has type int; should be string", KUBE_EINVAL, false, ""},
	{PODS, "{{index .nope 1}}", false,
	 "template: output:1:2: executing \"output\" at <index .nope 1>: error calling index: index"
	 " of untyped nil", KUBE_EINVAL, false, ""},
	{PODS, "{{len .nope}}", false,
	 "template: output:1:2: executing \"output\" at <len .nope>: error calling len: reflect: ca"
	 "ll of reflect.Value.Type on zero Value", KUBE_EINVAL, false, ""},
	{PODS, "{{len 3}}", false,
	 "template: output:1:2: executing \"output\" at <len 3>: error calling len: len o"
	 "f type int",
	 KUBE_EINVAL, false, ""},
	{PODS, "{{eq .metadata .metadata}}", false,
	 "template: output:1:2: executing \"output\" at <eq .metadata .metadata>: error calling eq:"
	 " non-comparable type map[resourceVersion:]: map[string]interface {}", KUBE_EINVAL, false,
	 ""},
	{PODS, "{{eq (index .items 0).spec.containers 1}}", false,
	 "template: output:1:2: executing \"output\" at <eq (index .items 0).spec.containers 1>: er"
	 "ror calling eq: incompatible types for comparison: []interface {} and int", KUBE_EINVAL,
	 false, ""},
	{PODS, "{{lt .nope 1}}", false,
	 "template: output:1:2: executing \"output\" at <lt .nope 1>: error calling lt: invalid typ"
	 "e for comparison", KUBE_EINVAL, false, ""},
	{PODS, "{{lt true false}}", false,
	 "template: output:1:2: executing \"output\" at <lt true false>: error calling lt: invalid "
	 "type for comparison", KUBE_EINVAL, false, ""},
	{PODS, "{{lt 1 2.5}}", false,
	 "template: output:1:2: executing \"output\" at <lt 1 2.5>: error calling lt: incompatible "
	 "types for comparison: int and float64", KUBE_EINVAL, false, ""},
	{PODS, "{{eq 1}}", false,
	 "template: output:1:2: executing \"output\" at <eq 1>: error calling eq: missing argument "
	 "for comparison", KUBE_EINVAL, false, ""},
	{PODS, "{{not}}", false,
	 "template: output:1:2: executing \"output\" at <not>: wrong number of args for not: want 1"
	 " got 0", KUBE_EINVAL, false, ""},
	{PODS, "{{printf}}", false,
	 "template: output:1:2: executing \"output\" at <printf>: wrong number of args for printf: "
	 "want at least 1 got 0", KUBE_EINVAL, false, ""},
	{PODS, "{{printf 1}}", false,
	 "template: output:1:9: executing \"output\" at <1>: expected string; found 1", KUBE_EINVAL,
	 false, ""},
	{PODS, "{{base64decode \"aGVsbG8\"}}", false,
	 "template: output:1:2: executing \"output\" at <base64decode \"aGVsbG8\">: error calling b"
	 "ase64decode: base64 decode failed: illegal base64 data at input byte 4", KUBE_EINVAL,
	 false, ""},
	{PODS, "{{base64decode \"a!==\"}}", false,
	 "template: output:1:2: executing \"output\" at <base64decode \"a!==\">: error calling base"
	 "64decode: base64 decode failed: illegal base64 data at input byte 1", KUBE_EINVAL, false,
	 ""},
	{PODS, "{{base64decode .items}}", false,
	 "template: output:1:15: executing \"output\" at <.items>: wrong type for value; expected s"
	 "tring; got []interface {}", KUBE_EINVAL, false, ""},
	{PODS, "{{base64decode .nope}}", false,
	 "template: output:1:15: executing \"output\" at <.nope>: invalid value; expected string",
	 KUBE_EINVAL, false, ""},
	{PODS, "{{.kind 1}}", false,
	 "template: output:1:2: executing \"output\" at <.kind>: kind is not a method but has argum"
	 "ents", KUBE_EINVAL, false, ""},
	{PODS, "{{1 2}}", false,
	 "template: output:1:2: executing \"output\" at <1>: can't give argument to non-function 1",
	 KUBE_EINVAL, false, ""},
	{PODS, "{{nil}}", false,
	 "template: output:1:2: executing \"output\" at <nil>: nil is not a command", KUBE_EINVAL,
	 false, ""},
	{PODS, "{{range .kind}}{{end}}", false,
	 "template: output:1:8: executing \"output\" at <.kind>: range can't iterate over List",
	 KUBE_EINVAL, false, ""},
	{PODS, "{{range $i, $e := 3}}{{end}}", false,
	 "template: output:1:18: executing \"output\" at <3>: can't use 3 to iterate over more than"
	 " one variable", KUBE_EINVAL, false, ""},
	{PODS, "{{slice .kind 3 1}}", false,
	 "template: output:1:2: executing \"output\" at <slice .kind 3 1>: error calling slice: inv"
	 "alid slice index: 3 > 1", KUBE_EINVAL, false, ""},
	{PODS, "{{call .kind}}", false,
	 "template: output:1:2: executing \"output\" at <call .kind>: error calling call: non-funct"
	 "ion .kind of type string", KUBE_EINVAL, false, ""},
	{PODS, "partial {{.kind}} {{.kind.x}}", false,
	 "template: output:1:25: executing \"output\" at <.kind.x>: can't evaluate field x in type "
	 "interface {}", KUBE_EINVAL, false, "partial List "},
	{PODS, "line1\nline2 {{.nope.x}} {{.items.x}}", false,
	 "template: output:2:26: executing \"output\" at <.items.x>: can't evaluate field x in type"
	 " interface {}", KUBE_EINVAL, false, "line1\nline2 <no value> "},
	/* parse errors */
	{PODS, "{{foo}}", false, "template: output:1: function \"foo\" not defined", KUBE_EINVAL,
	 true},
	{PODS, "{{.a", false, "template: output:1: unclosed action", KUBE_EINVAL, true},
	{PODS, "{{if}}", false, "template: output:1: missing value for if", KUBE_EINVAL, true},
	{PODS, "{{end}}", false, "template: output:1: unexpected {{end}}", KUBE_EINVAL, true},
	{PODS, "{{else}}", false, "template: output:1: unexpected {{else}}", KUBE_EINVAL, true},
	{PODS, "{{range .items}}", false, "template: output:1: unexpected EOF", KUBE_EINVAL, true},
	{PODS, "{{if .a}}x{{else}}y{{else}}z{{end}}", false,
	 "template: output:1: expected end; found {{else}}", KUBE_EINVAL, true},
	{PODS, "{{$x}}", false, "template: output:1: undefined variable \"$x\"", KUBE_EINVAL, true},
	{PODS, "{{if true}}{{$z := 1}}{{end}}{{$z}}", false,
	 "template: output:1: undefined variable \"$z\"", KUBE_EINVAL, true},
	{PODS, "{{break}}", false, "template: output:1: {{break}} outside {{range}}", KUBE_EINVAL,
	 true},
	{PODS, "{{\"abc}}", false, "template: output:1: unterminated quoted string", KUBE_EINVAL,
	 true},
	{PODS, "{{(1}}", false, "template: output:1: unclosed left paren", KUBE_EINVAL, true},
	{PODS, "{{1)}}", false, "template: output:1: unexpected right paren", KUBE_EINVAL, true},
	{PODS, "{{.kind | }}", false, "List", 0, false},
	{PODS, "{{.a | 1}}", false,
	 "template: output:1: non executable command in pipeline stage 2", KUBE_EINVAL, true},
	{PODS, "{{08}}", false, "template: output:1: integer overflow: \"08\"", KUBE_EINVAL, true},
	{PODS, "{{99999999999999999999}}", false,
	 "template: output:1: integer overflow: \"99999999999999999999\"", KUBE_EINVAL, true},
	{PODS, "{{1.5.3}}", false, "template: output:1: unexpected \".3\" in operand", KUBE_EINVAL,
	 true},
	{PODS, "{{3abc}}", false, "template: output:1: bad number syntax: \"3a\"", KUBE_EINVAL,
	 true},
	{PODS, "{{.a.}}", false, "template: output:1: unexpected <.> in operand", KUBE_EINVAL,
	 true},
	{PODS, "{{@}}", false, "template: output:1: unexpected \"@\" in command", KUBE_EINVAL,
	 true},
	{PODS, "{{/* unterminated", false, "template: output:1: unclosed comment", KUBE_EINVAL,
	 true},
	{PODS, "{{/* a */ .kind}}", false,
	 "template: output:1: comment ends before closing delimiter", KUBE_EINVAL, true},
	{PODS, "{{define \"x\"}}", false, "template: output:1: unexpected EOF", KUBE_EINVAL, true},
	{PODS, "{{template}}", false, "template: output:1: unexpected \"}}\" in template clause",
	 KUBE_EINVAL, true},
	{PODS, "{{$x, $y := 1}}", false, "template: output:1: too many declarations in command",
	 KUBE_EINVAL, true},
	{PODS, "{{range $a, $b, $c := .}}{{end}}", false,
	 "template: output:1: too many declarations in range", KUBE_EINVAL, true},
	{PODS, "{{(1).x}}", false,
	 "template: output:1:3: executing \"output\" at <1>: can't evaluate field x in type int",
	 KUBE_EINVAL, false, ""},
	{PODS, "{{\"a\\q\"}}", false, "template: output:1: invalid syntax", KUBE_EINVAL, true},
	{PODS, "a\nb\n{{if .kind}}\n{{end", false, "template: output:4: unclosed action",
	 KUBE_EINVAL, true},
};

static void run_case(const struct gt_case *c)
{
	kube_template *t = NULL;
	kube_obj *o = fixture_obj(c->fx);
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;
	int rc = kube_template_parse(&t, "output", c->tmpl, &err);

	if (c->parse_error) {
		assert_int_equal(rc, c->rc);
		assert_null(t);
		assert_int_equal(err.code, c->rc);
		assert_string_equal(err.message, c->want);
		goto out;
	}
	assert_int_equal(rc, 0);
	kube_template_set_missing_key_error(t, c->missing_key_error);
	rc = kube_template_execute(t, o, &out, &err);
	assert_int_equal(rc, c->rc);
	if (c->rc) {
		assert_int_equal(err.code, c->rc);
		assert_string_equal(err.message, c->want);
		assert_string_equal(out.ptr, c->partial);
	} else {
		assert_int_equal(err.code, KUBE_OK);
		assert_string_equal(out.ptr, c->want);
	}
out:
	kube_err_clear(&err);
	kube_buf_release(&out);
	kube_template_free(t);
	kube_obj_free(o);
}

static void test_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("case %zu: %s\n", i, cases[i].tmpl);
		run_case(&cases[i]);
	}
}

/* kubectl's printer: on an execution error the debugging help goes to the output and the
 * error names the template (raw data is Go's JSON: 1e6 becomes 1000000, < is escaped). */
static void test_print_error(void **state)
{
	kube_template *t = NULL;
	kube_obj *o = parse("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"a\","
			    "\"n\":null},\"spec\":{\"r\":1.5,\"b\":1e6,\"l\":[\"x\",2,true],"
			    "\"u\":\"\xc3\xa9\\\"<&\"}}");
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_template_parse(&t, "output", "{{.kind}}-{{.metadata.name.x}}", NULL),
			 0);
	assert_int_equal(kube_template_print(t, o, &out, &err), KUBE_EINVAL);
	assert_int_equal(err.code, KUBE_EINVAL);
	assert_string_equal(err.message,
			    "error executing template \"{{.kind}}-{{.metadata.name.x}}\": "
			    "template: output:1:21: executing \"output\" at <.metadata.name.x>: "
			    "can't evaluate field x in type interface {}");
	assert_string_equal(
		out.ptr,
		"Pod-Error executing template: template: output:1:21: executing \"output\" at "
		"<.metadata.name.x>: can't evaluate field x in type interface {}. Printing more "
		"information for debugging the template:\n"
		"\ttemplate was:\n\t\t{{.kind}}-{{.metadata.name.x}}\n"
		"\traw data was:\n\t\t{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
		"\"metadata\":{\"n\":null,\"name\":\"a\"},\"spec\":{\"b\":1000000,"
		"\"l\":[\"x\",2,true],\"r\":1.5,"
		"\"u\":\"\xc3\xa9\\\"\\u003c\\u0026\"}}\n"
		"\tobject given to template engine was:\n"
		"\t\tmap[apiVersion:v1 kind:Pod metadata:map[n:<nil> name:a] spec:map[b:1000000 "
		"l:[x 2 true] r:1.5 u:\xc3\xa9\"<&]]\n\n");
	kube_err_clear(&err);
	kube_buf_release(&out);
	/* success prints just the output */
	kube_template_free(t);
	assert_int_equal(kube_template_parse(&t, "output", "{{.spec.b}} {{.spec.r}}", NULL), 0);
	assert_int_equal(kube_template_print(t, o, &out, &err), 0);
	assert_string_equal(out.ptr, "1000000 1.5");
	assert_int_equal(err.code, KUBE_OK);
	kube_buf_release(&out);
	kube_template_free(t);
	kube_obj_free(o);
}

/* The template name appears in messages; a template can be executed again. */
static void test_name_and_reuse(void **state)
{
	kube_template *t = NULL;
	kube_obj *o = fixture_obj(SECRET);
	kube_buf out = KUBE_BUF_INIT;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	assert_int_equal(kube_template_parse(&t, "tmpl", "{{.x", &err), KUBE_EINVAL);
	assert_string_equal(err.message, "template: tmpl:1: unclosed action");
	kube_err_clear(&err);
	assert_int_equal(kube_template_parse(&t, "tmpl", "{{.metadata.name}}{{.kind.x}}", NULL), 0);
	assert_int_equal(kube_template_execute(t, o, &out, &err), KUBE_EINVAL);
	assert_string_equal(err.message, "template: tmpl:1:25: executing \"tmpl\" at <.kind.x>: "
					 "can't evaluate field x in type interface {}");
	kube_err_clear(&err);
	assert_int_equal(kube_template_execute(t, o, &out, &err), KUBE_EINVAL);
	assert_string_equal(out.ptr, "tlstls");
	kube_err_clear(&err);
	kube_buf_release(&out);
	kube_template_free(t);
	kube_template_free(NULL);
	kube_obj_free(o);
}

/* Malformed templates and odd data: an error or a result, never a crash or a leak. */
static void test_malformed_no_crash(void **state)
{
	static const char *const t[] = {
		"{{", "}}", "{{{{", "{{-", "{{- -}}", "{{/*", "{{/**/", "{{(", "{{)", "{{((((",
		"{{$", "{{$x :=", "{{$x := }}", "{{range}}", "{{range $i, := .}}{{end}}",
		"{{with}}{{end}}", "{{if 1}}{{else if}}{{end}}", "{{define}}{{end}}",
		"{{define \"a\"}}{{define \"b\"}}", "{{template \"a\" .}}", "{{block}}", "{{'}}",
		"{{'ab'}}", "{{\"\\x\"}}", "{{`}}", "{{.a.b.c.d.e.f}}", "{{index . . .}}",
		"{{slice . 1 2 3 4}}", "{{printf \"%*.*d\" 1}}",
		"{{printf \"%[0]d %[9]d %[x\" 1}}", "{{define \"r\"}}{{template \"r\" .}}{{end}}"
		"{{template \"r\" .}}", "\xff{{\xfe}}", "{{1e400}}", "{{0x}}", "{{.kind | printf}}",
		"{{range .items}}{{break}}{{continue}}{{end}}", "{{$x := 1}}{{range $x}}{{end}}",
	};
	kube_obj *o = fixture_obj(PODS);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		kube_template *tm = NULL;
		kube_buf out = KUBE_BUF_INIT;
		kube_err err = KUBE_ERR_INIT;
		int rc = kube_template_parse(&tm, "output", t[i], &err);

		if (rc == 0) {
			rc = kube_template_print(tm, o, &out, &err);
			kube_template_set_missing_key_error(tm, true);
			if (rc == 0)
				rc = kube_template_execute(tm, o, &out, &err);
		}
		assert_true(rc == 0 || rc == KUBE_EINVAL);
		assert_int_equal(err.code, rc);
		if (rc)
			assert_non_null(err.message);
		kube_err_clear(&err);
		kube_buf_release(&out);
		kube_template_free(tm);
	}
	kube_obj_free(o);
}

static void test_large_list(void **state)
{
	kube_obj *list = kube_obj_new_object(), *items = kube_obj_new_array();
	kube_template *t = NULL;
	kube_buf out = KUBE_BUF_INIT;
	char name[32];
	int i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		kube_obj *it = kube_obj_new_object(), *md = kube_obj_new_object();

		snprintf(name, sizeof(name), "pod-%d", i);
		assert_int_equal(kube_obj_set_str(md, "name", name), 0);
		assert_int_equal(kube_obj_set_take(it, "metadata", md), 0);
		assert_int_equal(kube_obj_set_take(it, "n", kube_obj_new_int(i)), 0);
		assert_int_equal(kube_obj_append_take(items, it), 0);
	}
	assert_int_equal(kube_obj_set_take(list, "items", items), 0);
	assert_int_equal(kube_template_parse(&t, "output",
					     "{{range $i, $e := .items}}{{if ge $e.n 9998}}"
					     "{{printf \"%d=%s;\" $i $e.metadata.name}}{{end}}"
					     "{{end}}"
					     "{{len .items}}",
					     NULL), 0);
	assert_int_equal(kube_template_execute(t, list, &out, NULL), 0);
	assert_string_equal(out.ptr, "9998=pod-9998;9999=pod-9999;10000");
	kube_buf_release(&out);
	kube_template_free(t);
	kube_obj_free(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_print_error),
		cmocka_unit_test(test_name_and_reuse),
		cmocka_unit_test(test_malformed_no_crash),
		cmocka_unit_test(test_large_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
