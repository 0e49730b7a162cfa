/* More of kubectl's describers: roles, cluster roles, IP addresses, service CIDRs, ingress
 * classes, ingresses, network policies, storage classes, volume attributes classes, CSI
 * nodes, persistent volumes and claims, and horizontal pod autoscalers (v2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "describe-internal.h"

#include "banned.h"

#define NAME(o) KS(o, "metadata", "name")
#define NAMESPACE(o) KS(o, "metadata", "namespace")
#define LABELS(o) KP(o, "metadata", "labels")
#define ANNOTATIONS(o) KP(o, "metadata", "annotations")

static int finish(struct kd *d, kube_err *err)
{
	if (d->oom)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	return 0;
}

static const char *kind_of(const kube_obj *o, const char *def)
{
	return kd_or(kube_obj_str(kube_obj_get(o, "kind")), def);
}

static const char *tf(bool v) { return v ? "true" : "false"; }

/* ---- roles ---- */

/* A rule after BreakdownRule/CompactRules: string lists as kube_buf'd Go %v forms. */
struct rule {
	const char *group, *resource, *name, *url; /* NULL when absent */
	const char **verbs;
	size_t nverbs, cap;
	kube_buf key; /* PolicyRule.String(), the sort key */
};

static int add_verb(struct rule *r, const char *verb)
{
	if (r->nverbs == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 8;
		const char **nv = realloc(r->verbs, nc * sizeof(*nv));

		if (!nv)
			return -1;
		r->verbs = nv;
		r->cap = nc;
	}
	r->verbs[r->nverbs++] = verb;
	return 0;
}

static bool opt_eq(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

static bool less_rule(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(((const struct rule *)a)->key.ptr, ((const struct rule *)b)->key.ptr) < 0;
}

static void list_v(kube_buf *b, const char *one) { kube_buf_printf(b, "[%s]", one ? one : ""); }

int kd_describe_role(struct kd *d, const kube_obj *o, kube_err *err)
{
	struct rule *rules = NULL;
	size_t n = 0, cap = 0, i, j;
	const kube_obj *r, *g, *res, *v, *u;
	kube_buf b = KUBE_BUF_INIT;

#define NEW_RULE()                                                                                 \
	do {                                                                                       \
		if (n == cap) {                                                                    \
			size_t nc = cap ? cap * 2 : 16;                                            \
			struct rule *nr = realloc(rules, nc * sizeof(*nr));                        \
			if (!nr)                                                                   \
				goto oom;                                                          \
			rules = nr;                                                                \
			cap = nc;                                                                  \
		}                                                                                  \
		memset(&rules[n], 0, sizeof(rules[n]));                                            \
		kube_buf_init(&rules[n].key, 0);                                                   \
		n++;                                                                               \
	} while (0)
	/* BreakdownRule, then CompactRules: simple rules with the same group, resource and
	 * resource name merge their verbs */
	kube_obj_foreach(r, kube_obj_get(o, "rules")) {
		kube_obj_foreach(g, kube_obj_get(r, "apiGroups"))
			kube_obj_foreach(res, kube_obj_get(r, "resources"))
				kube_obj_foreach(v, kube_obj_get(r, "verbs")) {
					const kube_obj *names = kube_obj_get(r, "resourceNames");
					size_t k,
					    nn = kube_obj_len(names) ? kube_obj_len(names) : 1;

					for (k = 0; k < nn; k++) {
						const char *gs = kd_or(kube_obj_str(g), "");
						const char *rs = kd_or(kube_obj_str(res), "");
						const char *ns = NULL;

						if (kube_obj_len(names))
							ns = kd_or(
							    kube_obj_str(kube_obj_at(names, k)),
							    "");
						for (j = 0; j < n; j++)
							if (!rules[j].url &&
							    opt_eq(rules[j].group, gs) &&
							    opt_eq(rules[j].resource, rs) &&
							    opt_eq(rules[j].name, ns))
								break;
						if (j == n) {
							NEW_RULE();
							rules[j].group = gs;
							rules[j].resource = rs;
							rules[j].name = ns;
						}
						if (add_verb(&rules[j],
							     kd_or(kube_obj_str(v), "")) < 0)
							goto oom;
					}
				}
		kube_obj_foreach(u, kube_obj_get(r, "nonResourceURLs"))
			kube_obj_foreach(v, kube_obj_get(r, "verbs")) {
				NEW_RULE();
				rules[n - 1].url = kd_or(kube_obj_str(u), "");
				if (add_verb(&rules[n - 1], kd_or(kube_obj_str(v), "")) < 0)
					goto oom;
			}
	}
#undef NEW_RULE
	for (i = 0; i < n; i++) {
		kube_buf *k = &rules[i].key;

		kube_buf_puts(k, "&PolicyRule{Verbs:[");
		for (j = 0; j < rules[i].nverbs; j++)
			kube_buf_printf(k, "%s%s", j ? " " : "", rules[i].verbs[j]);
		kube_buf_puts(k, "],APIGroups:");
		if (rules[i].url)
			kube_buf_puts(k, "[]");
		else
			list_v(k, rules[i].group);
		kube_buf_puts(k, ",Resources:");
		if (rules[i].url)
			kube_buf_puts(k, "[]");
		else
			list_v(k, rules[i].resource);
		kube_buf_puts(k, ",ResourceNames:");
		if (rules[i].name)
			list_v(k, rules[i].name);
		else
			kube_buf_puts(k, "[]");
		kube_buf_puts(k, ",NonResourceURLs:");
		if (rules[i].url)
			list_v(k, rules[i].url);
		else
			kube_buf_puts(k, "[]");
		kube_buf_puts(k, ",}");
		if (k->failed)
			goto oom;
	}
	/* sort.Stable over the String() keys (equal keys are equal rules) */
	kgo_sort(rules, n, sizeof(*rules), less_rule, NULL);
	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_puts(d, L0, "PolicyRule:\n");
	kd_puts(d, L1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n");
	kd_puts(d, L1, "---------\t-----------------\t--------------\t-----\n");
	for (i = 0; i < n; i++) {
		kube_buf_truncate(&b, 0);
		if (!rules[i].url) {
			const char *rs = rules[i].resource, *sl = strchr(rs, '/');

			kube_buf_put(&b, rs, sl ? (size_t)(sl - rs) : strlen(rs));
			if (*rules[i].group)
				kube_buf_printf(&b, ".%s", rules[i].group);
			if (sl)
				kube_buf_puts(&b, sl);
		}
		kube_buf_puts(&b, "\t");
		if (rules[i].url)
			list_v(&b, rules[i].url);
		else
			kube_buf_puts(&b, "[]");
		kube_buf_puts(&b, "\t");
		if (rules[i].name)
			list_v(&b, rules[i].name);
		else
			kube_buf_puts(&b, "[]");
		kube_buf_puts(&b, "\t[");
		for (j = 0; j < rules[i].nverbs; j++)
			kube_buf_printf(&b, "%s%s", j ? " " : "", rules[i].verbs[j]);
		kube_buf_puts(&b, "]\n");
		kd_puts(d, L1, b.ptr);
	}
	goto out;
oom:
	d->oom = true;
out:
	for (i = 0; i < n; i++) {
		free(rules[i].verbs);
		kube_buf_release(&rules[i].key);
	}
	free(rules);
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	return finish(d, err);
}

/* ---- networking ---- */

static void conditions5(struct kd *d, const kube_obj *conds)
{
	const kube_obj *c;
	kube_buf t = KUBE_BUF_INIT;

	kd_puts(d, L0, "Conditions:\n");
	kd_puts(d, L1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
	kd_puts(d, L1, "----\t------\t------------------\t------\t-------\n");
	kube_obj_foreach(c, conds) {
		kube_buf_truncate(&t, 0);
		kd_rfc1123(&t, kd_str(c, "lastTransitionTime"));
		kd_w(d, L1, "%s\t%s\t%s\t%s\t%s\n", kd_str(c, "type"), kd_str(c, "status"), t.ptr,
		     kd_str(c, "reason"), kd_str(c, "message"));
	}
	if (t.failed)
		d->oom = true;
	kube_buf_release(&t);
}

int kd_describe_ipaddress(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events = kd_object_events(d, o, kind_of(o, "IPAddress"));
	const kube_obj *p = KP(o, "spec", "parentRef");

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	if (kube_obj_type_of(p) == KUBE_OBJ_OBJECT) {
		kd_puts(d, L0, "Parent Reference:\n");
		kd_w(d, L1, "Group:\t%s\n", kd_str(p, "group"));
		kd_w(d, L1, "Resource:\t%s\n", kd_str(p, "resource"));
		kd_w(d, L1, "Namespace:\t%s\n", kd_str(p, "namespace"));
		kd_w(d, L1, "Name:\t%s\n", kd_str(p, "name"));
	}
	kd_events(d, events);
	kube_obj_free(events);
	return finish(d, err);
}

int kd_describe_servicecidr(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events = kd_object_events(d, o, kind_of(o, "ServiceCIDR"));
	kube_buf b = KUBE_BUF_INIT;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_join(&b, KP(o, "spec", "cidrs"), ", ");
	kd_w(d, L0, "CIDRs:\t%s\n", b.ptr);
	if (kd_has(KP(o, "status", "conditions"))) {
		kd_puts(d, L0, "Status:\n");
		conditions5(d, KP(o, "status", "conditions"));
	}
	kd_events(d, events);
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_obj_free(events);
	return finish(d, err);
}

int kd_describe_ingressclass(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events = kd_object_events(d, o, kind_of(o, "IngressClass"));
	const kube_obj *p = KP(o, "spec", "parameters");

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_w(d, L0, "Controller:\t%s\n", KS(o, "spec", "controller"));
	if (kube_obj_type_of(p) == KUBE_OBJ_OBJECT) {
		kd_puts(d, L0, "Parameters:\n");
		if (kube_obj_str(kube_obj_get(p, "apiGroup")))
			kd_w(d, L1, "APIGroup:\t%s\n", kd_str(p, "apiGroup"));
		kd_w(d, L1, "Kind:\t%s\n", kd_str(p, "kind"));
		kd_w(d, L1, "Name:\t%s\n", kd_str(p, "name"));
	}
	kd_events(d, events);
	kube_obj_free(events);
	return finish(d, err);
}

/* serviceBackendStringer + the endpoints of the service port the backend names. */
static void ingress_backend(struct kd *d, kube_buf *b, const char *ns, const kube_obj *be)
{
	const kube_obj *svc = kube_obj_get(be, "service"), *res = kube_obj_get(be, "resource");

	if (kube_obj_type_of(svc) == KUBE_OBJ_OBJECT) {
		kube_buf sb = KUBE_BUF_INIT, path = KUBE_BUF_INIT, sel = KUBE_BUF_INIT;
		kube_obj *slices = NULL, *service = NULL;
		kube_err e = KUBE_ERR_INIT;
		const char *sname = kd_str(svc, "name"), *spname = "";
		int64_t num = KI(svc, "port", "number");
		const kube_obj *sp;

		kube_buf_printf(&sb, "%s:", sname);
		if (num)
			kube_buf_printf(&sb, "%lld", (long long)num);
		else
			kube_buf_puts(&sb, KS(svc, "port", "name"));
		kube_buf_puts(&path, "/apis/discovery.k8s.io/v1/namespaces/");
		kube_buf_put_pathseg(&path, ns);
		kube_buf_puts(&path, "/endpointslices");
		kube_buf_printf(&sel, "kubernetes.io/service-name=%s", sname);
		if (kd_list(d, path.ptr, sel.ptr, NULL, false, &slices, &e) < 0) {
			kube_buf_printf(b, "%s (<error: %s>)", sb.ptr, kd_or(e.message, ""));
			goto done;
		}
		kube_buf_truncate(&path, 0);
		kube_buf_puts(&path, "/api/v1/namespaces/");
		kube_buf_put_pathseg(&path, ns);
		kube_buf_puts(&path, "/services/");
		kube_buf_put_pathseg(&path, sname);
		if (kd_get(d, path.ptr, &service, &e) < 0) {
			kube_buf_printf(b, "%s (<error: %s>)", sb.ptr, kd_or(e.message, ""));
			goto done;
		}
		kube_obj_foreach(sp, KP(service, "spec", "ports")) {
			if (num && num == KI(sp, "port"))
				spname = kd_str(sp, "name");
			else if (*KS(svc, "port", "name") &&
				 !strcmp(KS(svc, "port", "name"), kd_str(sp, "name")))
				spname = kd_str(sp, "name");
		}
		kube_buf_printf(b, "%s (", sb.ptr);
		kd_endpoint_slices(b, slices, spname);
		kube_buf_putc(b, ')');
	done:
		kube_err_clear(&e);
		kube_obj_free(slices);
		kube_obj_free(service);
		kube_buf_release(&sb);
		kube_buf_release(&path);
		kube_buf_release(&sel);
		return;
	}
	if (kube_obj_type_of(res) == KUBE_OBJ_OBJECT)
		kube_buf_printf(b, "APIGroup: %s, Kind: %s, Name: %s",
				kd_or(kube_obj_str(kube_obj_get(res, "apiGroup")), "<none>"),
				kd_str(res, "kind"), kd_str(res, "name"));
}

static bool less_cstr(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(*(const char *const *)a, *(const char *const *)b) < 0;
}

int kd_describe_ingress(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events = kd_object_events(d, o, kind_of(o, "Ingress"));
	const kube_obj *spec = kube_obj_get(o, "spec"), *ing, *t, *rule, *p;
	kube_buf b = KUBE_BUF_INIT, def = KUBE_BUF_INIT;
	const char **addrs = NULL;
	size_t na = 0, i;
	int count = 0;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	if (kube_obj_len(KP(o, "status", "loadBalancer", "ingress")) &&
	    !(addrs = malloc(kube_obj_len(KP(o, "status", "loadBalancer", "ingress")) *
			     sizeof(*addrs))))
		d->oom = true;
	if (addrs)
		kube_obj_foreach(ing, KP(o, "status", "loadBalancer", "ingress")) {
			const char *a =
			    *kd_str(ing, "ip") ? kd_str(ing, "ip") : kd_str(ing, "hostname");

			if (!*a)
				continue;
			for (i = 0; i < na; i++)
				if (!strcmp(addrs[i], a))
					break;
			if (i == na)
				addrs[na++] = a;
		}
	kgo_sort(addrs, na, sizeof(*addrs), less_cstr, NULL);
	for (i = 0; i < na; i++)
		kube_buf_printf(&b, "%s%s", i ? "," : "", addrs[i]);
	free(addrs);
	kd_w(d, L0, "Address:\t%s\n", b.ptr);
	kd_w(d, L0, "Ingress Class:\t%s\n",
	     kd_or(kube_obj_str(kube_obj_get(spec, "ingressClassName")), "<none>"));
	if (kube_obj_type_of(kube_obj_get(spec, "defaultBackend")) == KUBE_OBJ_OBJECT)
		ingress_backend(d, &def, NAMESPACE(o), kube_obj_get(spec, "defaultBackend"));
	else
		kube_buf_puts(&def, "<default>");
	kd_w(d, L0, "Default backend:\t%s\n", def.ptr);
	if (kd_has(kube_obj_get(spec, "tls"))) {
		kd_puts(d, L0, "TLS:\n");
		kube_obj_foreach(t, kube_obj_get(spec, "tls")) {
			kube_buf_truncate(&b, 0);
			kd_join(&b, kube_obj_get(t, "hosts"), ",");
			if (!*kd_str(t, "secretName"))
				kd_w(d, L1, "SNI routes %s\n", b.ptr);
			else
				kd_w(d, L1, "%s terminates %s\n", kd_str(t, "secretName"), b.ptr);
		}
	}
	kd_puts(d, L0, "Rules:\n  Host\tPath\tBackends\n");
	kd_puts(d, L1, "----\t----\t--------\n");
	kube_obj_foreach(rule, kube_obj_get(spec, "rules")) {
		if (kube_obj_type_of(kube_obj_get(rule, "http")) != KUBE_OBJ_OBJECT)
			continue;
		count++;
		kd_w(d, L1, "%s\t\n", *kd_str(rule, "host") ? kd_str(rule, "host") : "*");
		kube_obj_foreach(p, KP(rule, "http", "paths")) {
			kube_buf_truncate(&b, 0);
			ingress_backend(d, &b, NAMESPACE(o), kube_obj_get(p, "backend"));
			kd_w(d, L2, "\t%s \t%s\n", kd_str(p, "path"), b.ptr);
		}
	}
	if (!count)
		kd_w(d, L1, "%s\t%s\t%s\n", "*", "*", def.ptr);
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_events(d, events);
	if (b.failed || def.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_buf_release(&def);
	kube_obj_free(events);
	return finish(d, err);
}

/* Go's time.Time.String() of a metav1.Time, in UTC. */
static void go_time_string(kube_buf *b, const char *ts)
{
	int64_t sec;
	int32_t nsec;
	time_t t;
	struct tm tm;

	if (!kd_time(ts, &sec, &nsec)) {
		kube_buf_puts(b, "0001-01-01 00:00:00 +0000 UTC");
		return;
	}
	t = (time_t)sec;
	gmtime_r(&t, &tm);
	kube_buf_printf(b, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (nsec) {
		char frac[16];
		int n = 9;

		snprintf(frac, sizeof(frac), "%09d", (int)nsec);
		while (n > 0 && frac[n - 1] == '0')
			n--;
		kube_buf_printf(b, ".%.*s", n, frac);
	}
	kube_buf_puts(b, " +0000 UTC");
}

static void np_peers(struct kd *d, const kube_obj *rules, const char *dir, const char *peers,
		     const char *indent)
{
	const kube_obj *r, *port, *peer;
	size_t i = 0, n = kube_obj_len(rules);
	kube_buf b = KUBE_BUF_INIT;
	bool in = !strcmp(dir, "From");

	if (!n) {
		kd_w(d, L0, "%s%s\n", indent,
		     in ? "<none> (Selected pods are isolated for ingress connectivity)"
			: "<none> (Selected pods are isolated for egress connectivity)");
		return;
	}
	kube_obj_foreach(r, rules) {
		if (!kd_has(kube_obj_get(r, "ports")))
			kd_w(d, L0, "%s%s\n", indent,
			     "To Port: <any> (traffic allowed to all ports)");
		kube_obj_foreach(port, kube_obj_get(r, "ports")) {
			const char *proto =
			    kd_or(kube_obj_str(kube_obj_get(port, "protocol")), "TCP");

			kube_buf_truncate(&b, 0);
			if (kube_obj_get(port, "port"))
				kd_intstr(&b, kube_obj_get(port, "port"));
			else
				kube_buf_puts(&b, "<nil>");
			if (kube_obj_type_of(kube_obj_get(port, "endPort")) != KUBE_OBJ_NUMBER)
				kd_w(d, L0, "%s%s: %s/%s\n", indent, "To Port", b.ptr, proto);
			else
				kd_w(d, L0, "%s%s: %s-%lld/%s\n", indent, "To Port Range", b.ptr,
				     (long long)KI(port, "endPort"), proto);
		}
		if (!kd_has(kube_obj_get(r, peers))) {
			kd_w(d, L0, "%s%s\n", indent,
			     in ? "From: <any> (traffic not restricted by source)"
				: "To: <any> (traffic not restricted by destination)");
		} else {
			kube_obj_foreach(peer, kube_obj_get(r, peers)) {
				const kube_obj *ps = kube_obj_get(peer, "podSelector"),
					       *nss = kube_obj_get(peer, "namespaceSelector"),
					       *ipb = kube_obj_get(peer, "ipBlock");
				bool hp = kube_obj_type_of(ps) == KUBE_OBJ_OBJECT,
				     hn = kube_obj_type_of(nss) == KUBE_OBJ_OBJECT;

				kd_w(d, L0, "%s%s:\n", indent, dir);
				if (hn) {
					kube_buf_truncate(&b, 0);
					kd_format_label_selector(&b, nss);
					kd_w(d, L1, "%s%s: %s\n", indent, "NamespaceSelector",
					     b.ptr);
				}
				if (hp) {
					kube_buf_truncate(&b, 0);
					kd_format_label_selector(&b, ps);
					kd_w(d, L1, "%s%s: %s\n", indent, "PodSelector", b.ptr);
				}
				if (!hp && !hn && kube_obj_type_of(ipb) == KUBE_OBJ_OBJECT) {
					kube_buf_truncate(&b, 0);
					kd_join(&b, kube_obj_get(ipb, "except"), ", ");
					kd_w(d, L1, "%sIPBlock:\n", indent);
					kd_w(d, L2, "%sCIDR: %s\n", indent, kd_str(ipb, "cidr"));
					kd_w(d, L2, "%sExcept: %s\n", indent, b.ptr);
				}
			}
		}
		if (++i != n)
			kd_w(d, L0, "%s%s\n", indent, "----------");
	}
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
}

int kd_describe_networkpolicy(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj *spec = kube_obj_get(o, "spec"), *pt,
		       *ps = kube_obj_get(spec, "podSelector");
	kube_buf b = KUBE_BUF_INIT;
	bool ingress = false, egress = false, first = true;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	go_time_string(&b, KS(o, "metadata", "creationTimestamp"));
	kd_w(d, L0, "Created on:\t%s\n", b.ptr);
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_puts(d, L0, "Spec:\n");
	kd_puts(d, L1, "PodSelector: ");
	if (!kd_has(kube_obj_get(ps, "matchLabels")) &&
	    !kd_has(kube_obj_get(ps, "matchExpressions"))) {
		kd_puts(d, L2,
			"<none> (Allowing the specific traffic to all pods in this namespace)\n");
	} else {
		kube_buf_truncate(&b, 0);
		kd_format_label_selector(&b, ps);
		kd_w(d, L2, "%s\n", b.ptr);
	}
	kube_obj_foreach(pt, kube_obj_get(spec, "policyTypes")) {
		ingress = ingress || !strcmp(kd_or(kube_obj_str(pt), ""), "Ingress");
		egress = egress || !strcmp(kd_or(kube_obj_str(pt), ""), "Egress");
	}
	if (ingress) {
		kd_puts(d, L1, "Allowing ingress traffic:\n");
		np_peers(d, kube_obj_get(spec, "ingress"), "From", "from", "    ");
	} else {
		kd_puts(d, L1, "Not affecting ingress traffic\n");
	}
	if (egress) {
		kd_puts(d, L1, "Allowing egress traffic:\n");
		np_peers(d, kube_obj_get(spec, "egress"), "To", "to", "    ");
	} else {
		kd_puts(d, L1, "Not affecting egress traffic\n");
	}
	kube_buf_truncate(&b, 0);
	kube_obj_foreach(pt, kube_obj_get(spec, "policyTypes")) {
		if (!first)
			kube_buf_puts(&b, ", ");
		first = false;
		kube_buf_puts(&b, kd_or(kube_obj_str(pt), ""));
	}
	kd_w(d, L1, "Policy Types: %s\n", b.len ? b.ptr : "<none>");
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	return finish(d, err);
}

/* ---- storage ---- */

static const char *default_class_text(const kube_obj *o)
{
	if (!strcmp(KS(o, "metadata", "annotations", "storageclass.kubernetes.io/is-default-class"),
		    "true") ||
	    !strcmp(KS(o, "metadata", "annotations",
		       "storageclass.beta.kubernetes.io/is-default-class"),
		    "true"))
		return "Yes";
	return "No";
}

int kd_describe_storageclass(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events = kd_object_events(d, o, kind_of(o, "StorageClass"));
	const kube_obj *m, *t, *e;
	kube_buf b = KUBE_BUF_INIT;
	size_t i = 0;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "IsDefaultClass:\t%s\n", default_class_text(o));
	kd_format_labels(&b, ANNOTATIONS(o));
	kd_w(d, L0, "Annotations:\t%s\n", b.ptr);
	kd_w(d, L0, "Provisioner:\t%s\n", kd_str(o, "provisioner"));
	kube_buf_truncate(&b, 0);
	kd_format_labels(&b, kube_obj_get(o, "parameters"));
	kd_w(d, L0, "Parameters:\t%s\n", b.ptr);
	if (kube_obj_type_of(kube_obj_get(o, "allowVolumeExpansion")) == KUBE_OBJ_BOOL)
		kd_w(d, L0, "AllowVolumeExpansion:\t%s\n",
		     KB(o, "allowVolumeExpansion") ? "True" : "False");
	else
		kd_puts(d, L0, "AllowVolumeExpansion:\t<unset>\n");
	if (!kd_has(kube_obj_get(o, "mountOptions"))) {
		kd_puts(d, L0, "MountOptions:\t<none>\n");
	} else {
		kd_puts(d, L0, "MountOptions:\n");
		kube_obj_foreach(m, kube_obj_get(o, "mountOptions"))
			kd_w(d, L1, "%s\n", kd_or(kube_obj_str(m), ""));
	}
	if (kube_obj_str(kube_obj_get(o, "reclaimPolicy")))
		kd_w(d, L0, "ReclaimPolicy:\t%s\n", kd_str(o, "reclaimPolicy"));
	if (kube_obj_str(kube_obj_get(o, "volumeBindingMode")))
		kd_w(d, L0, "VolumeBindingMode:\t%s\n", kd_str(o, "volumeBindingMode"));
	if (kube_obj_type_of(kube_obj_get(o, "allowedTopologies")) == KUBE_OBJ_ARRAY) {
		kd_puts(d, L0, "AllowedTopologies:\t");
		if (!kd_has(kube_obj_get(o, "allowedTopologies")))
			kd_puts(d, L0, "<none>\n");
		else
			kd_puts(d, L0, "\n");
		kube_obj_foreach(t, kube_obj_get(o, "allowedTopologies")) {
			size_t k = 0;

			kd_w(d, L1, "Term %zu:\t", i++);
			if (!kd_has(kube_obj_get(t, "matchLabelExpressions")))
				kd_puts(d, L0, "<none>\n");
			kube_obj_foreach(e, kube_obj_get(t, "matchLabelExpressions")) {
				if (k++)
					kd_puts(d, L1, "\t");
				kube_buf_truncate(&b, 0);
				kube_buf_printf(&b, "%s in", kd_str(e, "key"));
				if (kd_has(kube_obj_get(e, "values"))) {
					kube_buf_puts(&b, " [");
					kd_join(&b, kube_obj_get(e, "values"), ", ");
					kube_buf_putc(&b, ']');
				}
				kd_w(d, L0, "%s\n", b.ptr);
			}
		}
	}
	kd_events(d, events);
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_obj_free(events);
	return finish(d, err);
}

int kd_describe_vac(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events = kd_object_events(d, o, kind_of(o, "VolumeAttributesClass"));
	kube_buf b = KUBE_BUF_INIT;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_format_labels(&b, ANNOTATIONS(o));
	kd_w(d, L0, "Annotations:\t%s\n", b.ptr);
	kd_w(d, L0, "DriverName:\t%s\n", kd_str(o, "driverName"));
	kube_buf_truncate(&b, 0);
	kd_format_labels(&b, kube_obj_get(o, "parameters"));
	kd_w(d, L0, "Parameters:\t%s\n", b.ptr);
	kd_events(d, events);
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_obj_free(events);
	return finish(d, err);
}

int kd_describe_csinode(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events = kd_object_events(d, o, kind_of(o, "CSINode"));
	const kube_obj *drv;
	kube_buf b = KUBE_BUF_INIT;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_rfc1123(&b, KS(o, "metadata", "creationTimestamp"));
	kd_w(d, L0, "CreationTimestamp:\t%s\n", b.ptr);
	kd_puts(d, L0, "Spec:\n");
	if (kube_obj_type_of(KP(o, "spec", "drivers")) == KUBE_OBJ_ARRAY) {
		kd_puts(d, L1, "Drivers:\n");
		kube_obj_foreach(drv, KP(o, "spec", "drivers")) {
			kd_w(d, L2, "%s:\n", kd_str(drv, "name"));
			kd_w(d, L3, "Node ID:\t%s\n", kd_str(drv, "nodeID"));
			if (kube_obj_type_of(KP(drv, "allocatable", "count")) == KUBE_OBJ_NUMBER) {
				kd_puts(d, L3, "Allocatables:\n");
				kd_w(d, L4, "Count:\t%lld\n",
				     (long long)KI(drv, "allocatable", "count"));
			}
			if (kube_obj_type_of(kube_obj_get(drv, "topologyKeys")) == KUBE_OBJ_ARRAY) {
				kube_buf_truncate(&b, 0);
				kd_strlist_v(&b, kube_obj_get(drv, "topologyKeys"));
				kd_w(d, L3, "Topology Keys:\t%s\n", b.ptr);
			}
		}
	}
	kd_events(d, events);
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_obj_free(events);
	return finish(d, err);
}

static const char *storage_class(const kube_obj *o)
{
	const kube_obj *a =
	    KP(o, "metadata", "annotations", "volume.beta.kubernetes.io/storage-class");

	if (kube_obj_str(a))
		return kube_obj_str(a);
	return KS(o, "spec", "storageClassName");
}

/* storageutil.GetAccessModesAsString */
static void access_modes(kube_buf *b, const kube_obj *modes)
{
	static const struct {
		const char *mode, *abbr;
	} m[] = {{"ReadWriteOnce", "RWO"},
		 {"ReadOnlyMany", "ROX"},
		 {"ReadWriteMany", "RWX"},
		 {"ReadWriteOncePod", "RWOP"}};
	const kube_obj *x;
	size_t i;
	bool first = true;

	for (i = 0; i < 4; i++)
		kube_obj_foreach(x, modes)
			if (!strcmp(kd_or(kube_obj_str(x), ""), m[i].mode)) {
				kube_buf_printf(b, "%s%s", first ? "" : ",", m[i].abbr);
				first = false;
				break;
			}
}

static void quantity_of(kube_buf *b, const kube_obj *v)
{
	kq q;

	if (!kq_from_obj(&q, v))
		kq_zero(&q);
	kq_string(b, &q);
}

static bool less_pod_name(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(NAME(*(const kube_obj *const *)a), NAME(*(const kube_obj *const *)b)) < 0;
}

int kd_describe_pvc(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj *spec = kube_obj_get(o, "spec"), *p, *v, *ref, *c;
	kube_obj *pods = NULL, *events = NULL;
	const kube_obj **used = NULL;
	size_t nused = 0, i;
	kube_buf b = KUBE_BUF_INIT, path = KUBE_BUF_INIT;
	int rc;

	kube_buf_puts(&path, "/api/v1/namespaces/");
	kube_buf_put_pathseg(&path, NAMESPACE(o));
	kube_buf_puts(&path, "/pods");
	if ((rc = kube_buf_check(&path, err)) < 0 ||
	    (rc = kd_list(d, path.ptr, NULL, NULL, true, &pods, err)) < 0)
		goto out;
	if (kube_obj_len(pods) && !(used = malloc(2 * kube_obj_len(pods) * sizeof(*used)))) {
		rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		goto out;
	}
	kube_obj_foreach(p, pods)
		kube_obj_foreach(v, KP(p, "spec", "volumes"))
			if (!strcmp(KS(v, "persistentVolumeClaim", "claimName"), NAME(o)))
				used[nused++] = p;
	kube_obj_foreach(ref, KP(o, "metadata", "ownerReferences")) {
		if (strcmp(kd_str(ref, "kind"), "Pod"))
			continue;
		kube_obj_foreach(p, pods)
			if (!strcmp(KS(p, "metadata", "uid"), kd_str(ref, "uid")))
				break;
		if (!p)
			continue;
		for (i = 0; i < nused; i++)
			if (!strcmp(KS(used[i], "metadata", "uid"), KS(p, "metadata", "uid")))
				break;
		if (i == nused)
			used[nused++] = p;
	}
	events = kd_object_events(d, o, kind_of(o, "PersistentVolumeClaim"));
	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_w(d, L0, "StorageClass:\t%s\n", storage_class(o));
	if (*KS(o, "metadata", "deletionTimestamp")) {
		kd_since(d, &b, KS(o, "metadata", "deletionTimestamp"));
		kd_w(d, L0, "Status:\tTerminating (lasts %s)\n", b.ptr);
	} else {
		kd_w(d, L0, "Status:\t%s\n", KS(o, "status", "phase"));
	}
	kd_w(d, L0, "Volume:\t%s\n", kd_str(spec, "volumeName"));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kube_buf_truncate(&b, 0);
	kd_strlist_v(&b, KP(o, "metadata", "finalizers"));
	kd_w(d, L0, "Finalizers:\t%s\n", b.ptr);
	kube_buf_truncate(&b, 0);
	if (*kd_str(spec, "volumeName"))
		quantity_of(&b, KP(o, "status", "capacity", "storage"));
	kd_w(d, L0, "Capacity:\t%s\n", b.ptr);
	kube_buf_truncate(&b, 0);
	if (*kd_str(spec, "volumeName"))
		access_modes(&b, KP(o, "status", "accessModes"));
	kd_w(d, L0, "Access Modes:\t%s\n", b.ptr);
	if (kube_obj_str(kube_obj_get(spec, "volumeMode")))
		kd_w(d, L0, "VolumeMode:\t%s\n", kd_str(spec, "volumeMode"));
	if (kube_obj_type_of(kube_obj_get(spec, "dataSource")) == KUBE_OBJ_OBJECT) {
		kd_puts(d, L0, "DataSource:\n");
		if (kube_obj_str(KP(spec, "dataSource", "apiGroup")))
			kd_w(d, L1, "APIGroup:\t%s\n", KS(spec, "dataSource", "apiGroup"));
		kd_w(d, L1, "Kind:\t%s\n", KS(spec, "dataSource", "kind"));
		kd_w(d, L1, "Name:\t%s\n", KS(spec, "dataSource", "name"));
	}
	kgo_sort(used, nused, sizeof(*used), less_pod_name, NULL);
	kd_puts(d, L0, "Used By:\t");
	if (!nused)
		kd_puts(d, L0, "<none>\n");
	for (i = 0; i < nused; i++) {
		if (i)
			kd_puts(d, L0, "\t");
		kd_w(d, L0, "%s\n", NAME(used[i]));
	}
	if (kd_has(KP(o, "status", "conditions"))) {
		kube_buf t1 = KUBE_BUF_INIT, t2 = KUBE_BUF_INIT;

		kd_puts(d, L0, "Conditions:\n");
		kd_puts(d, L1,
			"Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n");
		kd_puts(d, L1,
			"----\t------\t-----------------\t------------------\t------\t"
			"-------\n");
		kube_obj_foreach(c, KP(o, "status", "conditions")) {
			kube_buf_truncate(&t1, 0);
			kube_buf_truncate(&t2, 0);
			kd_rfc1123(&t1, kd_str(c, "lastProbeTime"));
			kd_rfc1123(&t2, kd_str(c, "lastTransitionTime"));
			kd_w(d, L1, "%s \t%s \t%s \t%s \t%s \t%s\n", kd_str(c, "type"),
			     kd_str(c, "status"), t1.ptr, t2.ptr, kd_str(c, "reason"),
			     kd_str(c, "message"));
		}
		kube_buf_release(&t1);
		kube_buf_release(&t2);
	}
	kd_events(d, events);
	if (b.failed)
		d->oom = true;
	rc = finish(d, err);
out:
	free(used);
	kube_obj_free(pods);
	kube_obj_free(events);
	kube_buf_release(&b);
	kube_buf_release(&path);
	return rc;
}

int kd_describe_pv(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events = kd_object_events(d, o, kind_of(o, "PersistentVolume"));
	const kube_obj *spec = kube_obj_get(o, "spec"), *req, *term, *e, *s;
	kube_buf b = KUBE_BUF_INIT;
	size_t i = 0;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_strlist_v(&b, KP(o, "metadata", "finalizers"));
	kd_w(d, L0, "Finalizers:\t%s\n", b.ptr);
	kd_w(d, L0, "StorageClass:\t%s\n", storage_class(o));
	kube_buf_truncate(&b, 0);
	if (*KS(o, "metadata", "deletionTimestamp")) {
		kd_since(d, &b, KS(o, "metadata", "deletionTimestamp"));
		kd_w(d, L0, "Status:\tTerminating (lasts %s)\n", b.ptr);
	} else {
		kd_w(d, L0, "Status:\t%s\n", KS(o, "status", "phase"));
	}
	if (kube_obj_type_of(kube_obj_get(spec, "claimRef")) == KUBE_OBJ_OBJECT)
		kd_w(d, L0, "Claim:\t%s/%s\n", KS(spec, "claimRef", "namespace"),
		     KS(spec, "claimRef", "name"));
	else
		kd_puts(d, L0, "Claim:\t\n");
	kd_w(d, L0, "Reclaim Policy:\t%s\n", kd_str(spec, "persistentVolumeReclaimPolicy"));
	kube_buf_truncate(&b, 0);
	access_modes(&b, kube_obj_get(spec, "accessModes"));
	kd_w(d, L0, "Access Modes:\t%s\n", b.ptr);
	if (kube_obj_str(kube_obj_get(spec, "volumeMode")))
		kd_w(d, L0, "VolumeMode:\t%s\n", kd_str(spec, "volumeMode"));
	kube_buf_truncate(&b, 0);
	quantity_of(&b, KP(spec, "capacity", "storage"));
	kd_w(d, L0, "Capacity:\t%s\n", b.ptr);
	kd_puts(d, L0, "Node Affinity:\t");
	req = KP(spec, "nodeAffinity", "required");
	if (kube_obj_type_of(req) != KUBE_OBJ_OBJECT) {
		kd_puts(d, L0, "<none>\n");
	} else {
		kd_puts(d, L0, "\n");
		kd_puts(d, L1, "Required Terms:\t");
		if (!kd_has(kube_obj_get(req, "nodeSelectorTerms")))
			kd_puts(d, L0, "<none>\n");
		else
			kd_puts(d, L0, "\n");
		kube_obj_foreach(term, kube_obj_get(req, "nodeSelectorTerms")) {
			size_t k = 0;

			kd_w(d, L2, "Term %zu:\t", i++);
			if (!kd_has(kube_obj_get(term, "matchExpressions")))
				kd_puts(d, L0, "<none>\n");
			kube_obj_foreach(e, kube_obj_get(term, "matchExpressions")) {
				const char *op = kd_str(e, "operator");

				if (k++)
					kd_puts(d, L2, "\t");
				kube_buf_truncate(&b, 0);
				kube_buf_printf(&b, "%s ", kd_str(e, "key"));
				for (; *op; op++)
					kube_buf_putc(
					    &b, (char)(*op >= 'A' && *op <= 'Z' ? *op + 32 : *op));
				if (kd_has(kube_obj_get(e, "values"))) {
					kube_buf_puts(&b, " [");
					kd_join(&b, kube_obj_get(e, "values"), ", ");
					kube_buf_putc(&b, ']');
				}
				kd_w(d, L0, "%s\n", b.ptr);
			}
		}
	}
	kd_w(d, L0, "Message:\t%s\n", KS(o, "status", "message"));
	kd_puts(d, L0, "Source:\n");
	if (kube_obj_type_of(s = kube_obj_get(spec, "hostPath")) == KUBE_OBJ_OBJECT)
		kd_w(d, L2,
		     "Type:\tHostPath (bare host directory volume)\n    Path:\t%s\n    "
		     "HostPathType:\t%s\n",
		     kd_str(s, "path"), kd_or(kube_obj_str(kube_obj_get(s, "type")), "<none>"));
	else if (kube_obj_type_of(s = kube_obj_get(spec, "local")) == KUBE_OBJ_OBJECT)
		kd_w(d, L2,
		     "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n"
		     "    Path:\t%s\n",
		     kd_str(s, "path"));
	else if (kube_obj_type_of(s = kube_obj_get(spec, "nfs")) == KUBE_OBJ_OBJECT)
		kd_w(d, L2,
		     "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t%s\n"
		     "    Path:\t%s\n    ReadOnly:\t%s\n",
		     kd_str(s, "server"), kd_str(s, "path"), tf(KB(s, "readOnly")));
	else if (kube_obj_type_of(s = kube_obj_get(spec, "csi")) == KUBE_OBJ_OBJECT) {
		size_t n, k;
		const kube_obj **attrs;

		kd_w(d, L2,
		     "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    "
		     "Driver:\t%s\n    FSType:\t%s\n    VolumeHandle:\t%s\n    ReadOnly:\t%s\n",
		     kd_str(s, "driver"), kd_str(s, "fsType"), kd_str(s, "volumeHandle"),
		     tf(KB(s, "readOnly")));
		kd_puts(d, L2, "VolumeAttributes:\t");
		attrs = kd_sorted_members(kube_obj_get(s, "volumeAttributes"), &n);
		if (!n)
			kd_puts(d, L0, "<none>\n");
		for (k = 0; k < n; k++) {
			if (k) {
				kd_puts(d, L2, "");
				kd_puts(d, L2, "\t");
			}
			kube_buf_truncate(&b, 0);
			kube_buf_printf(&b, "%s=%s", kube_obj_key(attrs[k]),
					kd_or(kube_obj_str(attrs[k]), ""));
			if (b.len > 140)
				kd_w(d, L2, "%.140s...\n", b.ptr);
			else
				kd_w(d, L2, "%s\n", b.ptr);
		}
		free(attrs);
	} else
		kd_puts(d, L1, "<unknown>\n");
	kd_events(d, events);
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_obj_free(events);
	return finish(d, err);
}

/* ---- horizontal pod autoscalers (autoscaling/v2) ---- */

static void qstr(kube_buf *b, const kube_obj *v)
{
	kq q;

	if (!kq_from_obj(&q, v))
		kq_zero(&q);
	kq_string(b, &q);
}

int kd_describe_hpa(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events = kd_object_events(d, o, kind_of(o, "HorizontalPodAutoscaler"));
	const kube_obj *spec = kube_obj_get(o, "spec"), *st = kube_obj_get(o, "status"), *m, *c;
	kube_buf b = KUBE_BUF_INIT, cur = KUBE_BUF_INIT, tgt = KUBE_BUF_INIT;
	size_t i = 0;
	static const char *const dirs[] = {"scaleUp", "Scale Up", "scaleDown", "Scale Down"};

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_rfc1123(&b, KS(o, "metadata", "creationTimestamp"));
	kd_w(d, L0, "CreationTimestamp:\t%s\n", b.ptr);
	kd_w(d, L0, "Reference:\t%s/%s\n", KS(spec, "scaleTargetRef", "kind"),
	     KS(spec, "scaleTargetRef", "name"));
	kd_puts(d, L0, "Metrics:\t( current / target )\n");
	kube_obj_foreach(m, kube_obj_get(spec, "metrics")) {
		const char *type = kd_str(m, "type");
		const kube_obj *cm = kube_obj_at(kube_obj_get(st, "currentMetrics"), i++);

		kube_buf_truncate(&cur, 0);
		kube_buf_truncate(&tgt, 0);
		if (!strcmp(type, "External")) {
			const kube_obj *e = kube_obj_get(m, "external"),
				       *ce = kube_obj_get(cm, "external");

			kube_buf_truncate(&b, 0);
			kube_go_quote(&b, KS(e, "metric", "name"));
			if (kube_obj_get(kube_obj_get(e, "target"), "averageValue")) {
				if (kube_obj_type_of(ce) == KUBE_OBJ_OBJECT &&
				    KP(ce, "current", "averageValue"))
					qstr(&cur, KP(ce, "current", "averageValue"));
				else
					kube_buf_puts(&cur, "<unknown>");
				qstr(&tgt, KP(e, "target", "averageValue"));
				kd_w(d, L1, "%s (target average value):\t%s / %s\n", b.ptr, cur.ptr,
				     tgt.ptr);
			} else {
				if (kube_obj_type_of(ce) == KUBE_OBJ_OBJECT)
					qstr(&cur, KP(ce, "current", "value"));
				else
					kube_buf_puts(&cur, "<unknown>");
				qstr(&tgt, KP(e, "target", "value"));
				kd_w(d, L1, "%s (target value):\t%s / %s\n", b.ptr, cur.ptr,
				     tgt.ptr);
			}
		} else if (!strcmp(type, "Pods")) {
			const kube_obj *cp = kube_obj_get(cm, "pods");

			kube_buf_truncate(&b, 0);
			kube_go_quote(&b, KP(m, "pods", "metric", "name")
					      ? KS(m, "pods", "metric", "name")
					      : "");
			if (kube_obj_type_of(cp) == KUBE_OBJ_OBJECT)
				qstr(&cur, KP(cp, "current", "averageValue"));
			else
				kube_buf_puts(&cur, "<unknown>");
			qstr(&tgt, KP(m, "pods", "target", "averageValue"));
			kd_w(d, L1, "%s on pods:\t%s / %s\n", b.ptr, cur.ptr, tgt.ptr);
		} else if (!strcmp(type, "Object")) {
			const kube_obj *ob = kube_obj_get(m, "object"),
				       *co = kube_obj_get(cm, "object");

			kd_w(d, L1, "\"%s\" on %s/%s ", KS(ob, "metric", "name"),
			     KS(ob, "describedObject", "kind"), KS(ob, "describedObject", "name"));
			if (!strcmp(KS(ob, "target", "type"), "AverageValue")) {
				if (kube_obj_type_of(co) == KUBE_OBJ_OBJECT)
					qstr(&cur, KP(co, "current", "averageValue"));
				else
					kube_buf_puts(&cur, "<unknown>");
				qstr(&tgt, KP(ob, "target", "averageValue"));
				kd_w(d, L0, "(target average value):\t%s / %s\n", cur.ptr, tgt.ptr);
			} else {
				if (kube_obj_type_of(co) == KUBE_OBJ_OBJECT)
					qstr(&cur, KP(co, "current", "value"));
				else
					kube_buf_puts(&cur, "<unknown>");
				qstr(&tgt, KP(ob, "target", "value"));
				kd_w(d, L0, "(target value):\t%s / %s\n", cur.ptr, tgt.ptr);
			}
		} else if (!strcmp(type, "Resource") || !strcmp(type, "ContainerResource")) {
			bool cr = !strcmp(type, "ContainerResource");
			const kube_obj *r = kube_obj_get(m, cr ? "containerResource" : "resource");
			const kube_obj *rc =
			    kube_obj_get(cm, cr ? "containerResource" : "resource");

			if (cr)
				kd_w(d, L1, "resource %s of container \"%s\" on pods",
				     kd_str(r, "name"), kd_str(r, "container"));
			else
				kd_w(d, L1, "resource %s on pods", kd_str(r, "name"));
			if (KP(r, "target", "averageValue")) {
				if (kube_obj_type_of(rc) == KUBE_OBJ_OBJECT)
					qstr(&cur, KP(rc, "current", "averageValue"));
				else
					kube_buf_puts(&cur, "<unknown>");
				qstr(&tgt, KP(r, "target", "averageValue"));
				kd_w(d, L0, ":\t%s / %s\n", cur.ptr, tgt.ptr);
			} else {
				if (kube_obj_type_of(rc) == KUBE_OBJ_OBJECT &&
				    kube_obj_type_of(KP(rc, "current", "averageUtilization")) ==
					KUBE_OBJ_NUMBER) {
					kube_buf_printf(
					    &cur, "%lld%% (",
					    (long long)KI(rc, "current", "averageUtilization"));
					qstr(&cur, KP(rc, "current", "averageValue"));
					kube_buf_putc(&cur, ')');
				} else {
					kube_buf_puts(&cur, "<unknown>");
				}
				if (kube_obj_type_of(KP(r, "target", "averageUtilization")) ==
				    KUBE_OBJ_NUMBER)
					kube_buf_printf(
					    &tgt, "%lld%%",
					    (long long)KI(r, "target", "averageUtilization"));
				else
					kube_buf_puts(&tgt, "<auto>");
				kd_w(d, L1, "(as a percentage of request):\t%s / %s\n", cur.ptr,
				     tgt.ptr);
			}
		} else {
			kube_buf_truncate(&b, 0);
			kube_go_quote(&b, type);
			kd_w(d, L1, "<unknown metric type %s>\n", b.ptr);
		}
	}
	if (kube_obj_type_of(kube_obj_get(spec, "minReplicas")) == KUBE_OBJ_NUMBER)
		kd_w(d, L0, "Min replicas:\t%lld\n", (long long)KI(spec, "minReplicas"));
	else
		kd_puts(d, L0, "Min replicas:\t<unset>\n");
	kd_w(d, L0, "Max replicas:\t%lld\n", (long long)KI(spec, "maxReplicas"));
	if (kube_obj_type_of(kube_obj_get(spec, "behavior")) == KUBE_OBJ_OBJECT) {
		size_t k;

		kd_puts(d, L0, "Behavior:\n");
		for (k = 0; k < 4; k += 2) {
			const kube_obj *r = KP(spec, "behavior", dirs[k]), *p;

			if (kube_obj_type_of(r) != KUBE_OBJ_OBJECT)
				continue;
			kd_w(d, L1, "%s:\n", dirs[k + 1]);
			if (kube_obj_type_of(kube_obj_get(r, "stabilizationWindowSeconds")) ==
			    KUBE_OBJ_NUMBER)
				kd_w(d, L2, "Stabilization Window: %lld seconds\n",
				     (long long)KI(r, "stabilizationWindowSeconds"));
			if (kd_has(kube_obj_get(r, "policies"))) {
				kd_w(d, L2, "Select Policy: %s\n",
				     kd_or(kube_obj_str(kube_obj_get(r, "selectPolicy")), "Max"));
				kd_puts(d, L2, "Policies:\n");
				kube_obj_foreach(p, kube_obj_get(r, "policies"))
					kd_w(d, L3,
					     "- Type: %s\tValue: %lld\tPeriod: %lld seconds\n",
					     kd_str(p, "type"), (long long)KI(p, "value"),
					     (long long)KI(p, "periodSeconds"));
			}
		}
	}
	kd_w(d, L0, "%s pods:\t", KS(spec, "scaleTargetRef", "kind"));
	kd_w(d, L0, "%lld current / %lld desired\n", (long long)KI(st, "currentReplicas"),
	     (long long)KI(st, "desiredReplicas"));
	if (kd_has(kube_obj_get(st, "conditions"))) {
		kd_puts(d, L0, "Conditions:\n");
		kd_puts(d, L1, "Type\tStatus\tReason\tMessage\n");
		kd_puts(d, L1, "----\t------\t------\t-------\n");
		kube_obj_foreach(c, kube_obj_get(st, "conditions"))
			kd_w(d, L1, "%s\t%s\t%s\t%s\n", kd_str(c, "type"), kd_str(c, "status"),
			     kd_str(c, "reason"), kd_str(c, "message"));
	}
	kd_events(d, events);
	if (b.failed || cur.failed || tgt.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_buf_release(&cur);
	kube_buf_release(&tgt);
	kube_obj_free(events);
	return finish(d, err);
}
