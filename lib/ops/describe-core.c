/* Describers for core objects: services, endpoints, endpoint slices, secrets, config maps,
 * service accounts, namespaces, resource quotas, limit ranges, priority classes, role
 * bindings and pod disruption budgets (kubectl 1.37's layouts). */
#include <stdlib.h>
#include <string.h>

#include "describe-internal.h"

#include "../base64.h"
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

/* ---- services ---- */

/* net.JoinHostPort */
static void join_host_port(kube_buf *b, const char *host, int64_t port)
{
	if (strchr(host, ':'))
		kube_buf_printf(b, "[%s]:%lld", host, (long long)port);
	else
		kube_buf_printf(b, "%s:%lld", host, (long long)port);
}

static bool endpoint_ready(const kube_obj *ep)
{
	const kube_obj *r = KP(ep, "conditions", "ready");

	return kube_obj_type_of(r) != KUBE_OBJ_BOOL || kube_obj_bool(r);
}

/* formatEndpointSlices for the service port named port_name. */
void kd_endpoint_slices(kube_buf *b, const kube_obj *slices, const char *port_name)
{
	const kube_obj *sl, *port, *ep;
	size_t count = 0, listed = 0;
	const size_t max = 3;
	bool more = false;

	if (!kube_obj_len(slices)) {
		kube_buf_puts(b, "<none>");
		return;
	}
	kube_obj_foreach(sl, slices) {
		const kube_obj *ports = kube_obj_get(sl, "ports");

		if (!kube_obj_len(ports)) {
			kube_obj_foreach(ep, kube_obj_get(sl, "endpoints")) {
				if (listed == max)
					more = true;
				if (!endpoint_ready(ep))
					continue;
				if (!more) {
					if (listed)
						kube_buf_putc(b, ',');
					kube_buf_puts(b,
						      kd_or(kube_obj_str(kube_obj_at(
								kube_obj_get(ep, "addresses"), 0)),
							    ""));
					listed++;
				}
				count++;
			}
			continue;
		}
		kube_obj_foreach(port, ports) {
			if (strcmp(kd_str(port, "name"), port_name))
				continue;
			kube_obj_foreach(ep, kube_obj_get(sl, "endpoints")) {
				const char *addr = kd_or(
				    kube_obj_str(kube_obj_at(kube_obj_get(ep, "addresses"), 0)),
				    "");

				if (listed == max)
					more = true;
				if (!endpoint_ready(ep))
					continue;
				if (!more) {
					if (listed)
						kube_buf_putc(b, ',');
					join_host_port(b, addr, KI(port, "port"));
					listed++;
				}
				count++;
			}
		}
	}
	if (more)
		kube_buf_printf(b, " + %zu more...", count - max);
}

int kd_describe_service(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj *spec = kube_obj_get(o, "spec"), *sp, *ing;
	kube_obj *slices = NULL, *events;
	kube_buf b = KUBE_BUF_INIT, sel = KUBE_BUF_INIT, path = KUBE_BUF_INIT;
	kube_err e = KUBE_ERR_INIT;

	kube_buf_puts(&path, "/apis/discovery.k8s.io/v1/namespaces/");
	kube_buf_put_pathseg(&path, NAMESPACE(o));
	kube_buf_puts(&path, "/endpointslices");
	kube_buf_printf(&sel, "kubernetes.io/service-name=%s", NAME(o));
	kd_list(d, path.ptr, sel.ptr, NULL, false, &slices, &e);
	kube_err_clear(&e);
	events = kd_object_events(d, o, kd_or(kube_obj_str(kube_obj_get(o, "kind")), "Service"));

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_format_labels(&b, kube_obj_get(spec, "selector"));
	kd_w(d, L0, "Selector:\t%s\n", b.ptr);
	kd_w(d, L0, "Type:\t%s\n", kd_str(spec, "type"));
	if (kube_obj_str(kube_obj_get(spec, "ipFamilyPolicy")))
		kd_w(d, L0, "IP Family Policy:\t%s\n", kd_str(spec, "ipFamilyPolicy"));
	kube_buf_truncate(&b, 0);
	if (kd_has(kube_obj_get(spec, "ipFamilies")))
		kd_join(&b, kube_obj_get(spec, "ipFamilies"), ",");
	else
		kube_buf_puts(&b, "<none>");
	kd_w(d, L0, "IP Families:\t%s\n", b.ptr);
	kd_w(d, L0, "IP:\t%s\n", kd_str(spec, "clusterIP"));
	kube_buf_truncate(&b, 0);
	if (kd_has(kube_obj_get(spec, "clusterIPs")))
		kd_join(&b, kube_obj_get(spec, "clusterIPs"), ",");
	else
		kube_buf_puts(&b, "<none>");
	kd_w(d, L0, "IPs:\t%s\n", b.ptr);
	if (kd_has(kube_obj_get(spec, "externalIPs"))) {
		kube_buf_truncate(&b, 0);
		kd_join(&b, kube_obj_get(spec, "externalIPs"), ",");
		kd_w(d, L0, "External IPs:\t%s\n", b.ptr);
	}
	if (*kd_str(spec, "loadBalancerIP"))
		kd_w(d, L0, "Desired LoadBalancer IP:\t%s\n", kd_str(spec, "loadBalancerIP"));
	if (*kd_str(spec, "externalName"))
		kd_w(d, L0, "External Name:\t%s\n", kd_str(spec, "externalName"));
	if (kd_has(KP(o, "status", "loadBalancer", "ingress"))) {
		bool first = true;

		kube_buf_truncate(&b, 0);
		kube_obj_foreach(ing, KP(o, "status", "loadBalancer", "ingress")) {
			if (!first)
				kube_buf_puts(&b, ", ");
			first = false;
			if (*kd_str(ing, "ip")) {
				kube_buf_puts(&b, kd_str(ing, "ip"));
				if (kube_obj_str(kube_obj_get(ing, "ipMode")))
					kube_buf_printf(&b, " (%s)", kd_str(ing, "ipMode"));
			} else {
				kube_buf_puts(&b, kd_str(ing, "hostname"));
			}
		}
		kd_w(d, L0, "LoadBalancer Ingress:\t%s\n", b.ptr);
	}
	kube_obj_foreach(sp, kube_obj_get(spec, "ports")) {
		const char *name = *kd_str(sp, "name") ? kd_str(sp, "name") : "<unset>";
		const char *proto = kd_str(sp, "protocol");
		const kube_obj *tp = kube_obj_get(sp, "targetPort");

		kd_w(d, L0, "Port:\t%s\t%lld/%s\n", name, (long long)KI(sp, "port"), proto);
		if (kube_obj_type_of(tp) == KUBE_OBJ_STRING)
			kd_w(d, L0, "TargetPort:\t%s/%s\n", kube_obj_str(tp), proto);
		else
			kd_w(d, L0, "TargetPort:\t%lld/%s\n", (long long)kd_int(tp), proto);
		if (kube_obj_str(kube_obj_get(sp, "appProtocol")))
			kd_w(d, L0, "AppProtocol:\t%s\n", kd_str(sp, "appProtocol"));
		if (KI(sp, "nodePort"))
			kd_w(d, L0, "NodePort:\t%s\t%lld/%s\n", name, (long long)KI(sp, "nodePort"),
			     proto);
		kube_buf_truncate(&b, 0);
		kd_endpoint_slices(&b, slices, kd_str(sp, "name"));
		kd_w(d, L0, "Endpoints:\t%s\n", b.ptr);
	}
	kd_w(d, L0, "Session Affinity:\t%s\n", kd_str(spec, "sessionAffinity"));
	if (*kd_str(spec, "externalTrafficPolicy"))
		kd_w(d, L0, "External Traffic Policy:\t%s\n",
		     kd_str(spec, "externalTrafficPolicy"));
	if (kube_obj_str(kube_obj_get(spec, "internalTrafficPolicy")))
		kd_w(d, L0, "Internal Traffic Policy:\t%s\n",
		     kd_str(spec, "internalTrafficPolicy"));
	if (KI(spec, "healthCheckNodePort"))
		kd_w(d, L0, "HealthCheck NodePort:\t%lld\n",
		     (long long)KI(spec, "healthCheckNodePort"));
	if (kd_has(kube_obj_get(spec, "loadBalancerSourceRanges"))) {
		kube_buf_truncate(&b, 0);
		kd_join(&b, kube_obj_get(spec, "loadBalancerSourceRanges"), ",");
		kd_w(d, L0, "LoadBalancer Source Ranges:\t%s\n", b.ptr);
	}
	if (kube_obj_str(kube_obj_get(spec, "trafficDistribution")))
		kd_w(d, L0, "Traffic Distribution:\t%s\n", kd_str(spec, "trafficDistribution"));
	kd_events(d, events);
	if (b.failed || sel.failed || path.failed)
		d->oom = true;
	kube_obj_free(events);
	kube_obj_free(slices);
	kube_buf_release(&b);
	kube_buf_release(&sel);
	kube_buf_release(&path);
	return finish(d, err);
}

/* ---- endpoints and endpoint slices ---- */

static void join_field(kube_buf *b, const kube_obj *arr, const char *field, const char *sep)
{
	const kube_obj *e;
	bool first = true;

	kube_obj_foreach(e, arr) {
		if (!first)
			kube_buf_puts(b, sep);
		first = false;
		kube_buf_puts(b, kd_str(e, field));
	}
}

int kd_describe_endpoints(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events =
	    kd_object_events(d, o, kd_or(kube_obj_str(kube_obj_get(o, "kind")), "Endpoints"));
	const kube_obj *ss, *p;
	kube_buf b = KUBE_BUF_INIT;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_puts(d, L0, "Subsets:\n");
	kube_obj_foreach(ss, kube_obj_get(o, "subsets")) {
		kube_buf_truncate(&b, 0);
		join_field(&b, kube_obj_get(ss, "addresses"), "ip", ",");
		kd_w(d, L1, "Addresses:\t%s\n", b.len ? b.ptr : "<none>");
		kube_buf_truncate(&b, 0);
		join_field(&b, kube_obj_get(ss, "notReadyAddresses"), "ip", ",");
		kd_w(d, L1, "NotReadyAddresses:\t%s\n", b.len ? b.ptr : "<none>");
		if (kd_has(kube_obj_get(ss, "ports"))) {
			kd_puts(d, L1, "Ports:\n");
			kd_puts(d, L2, "Name\tPort\tProtocol\n");
			kd_puts(d, L2, "----\t----\t--------\n");
			kube_obj_foreach(p, kube_obj_get(ss, "ports"))
				kd_w(d, L2, "%s\t%lld\t%s\n",
				     *kd_str(p, "name") ? kd_str(p, "name") : "<unset>",
				     (long long)KI(p, "port"), kd_str(p, "protocol"));
		}
		kd_puts(d, L0, "\n");
	}
	kd_events(d, events);
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_obj_free(events);
	return finish(d, err);
}

int kd_describe_endpointslice(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events =
	    kd_object_events(d, o, kd_or(kube_obj_str(kube_obj_get(o, "kind")), "EndpointSlice"));
	const kube_obj *p, *ep;
	kube_buf b = KUBE_BUF_INIT;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_w(d, L0, "AddressType:\t%s\n", kd_str(o, "addressType"));
	if (!kd_has(kube_obj_get(o, "ports"))) {
		kd_puts(d, L0, "Ports: <unset>\n");
	} else {
		kd_puts(d, L0, "Ports:\n");
		kd_puts(d, L1, "Name\tPort\tProtocol\n");
		kd_puts(d, L1, "----\t----\t--------\n");
		kube_obj_foreach(p, kube_obj_get(o, "ports")) {
			kube_buf_truncate(&b, 0);
			if (kube_obj_get(p, "port"))
				kube_buf_printf(&b, "%lld", (long long)KI(p, "port"));
			else
				kube_buf_puts(&b, "<unset>");
			kd_w(d, L1, "%s\t%s\t%s\n",
			     *kd_str(p, "name") ? kd_str(p, "name") : "<unset>", b.ptr,
			     kd_str(p, "protocol"));
		}
	}
	if (!kd_has(kube_obj_get(o, "endpoints"))) {
		kd_puts(d, L0, "Endpoints: <none>\n");
	} else {
		kd_puts(d, L0, "Endpoints:\n");
		kube_obj_foreach(ep, kube_obj_get(o, "endpoints")) {
			const kube_obj *ready = KP(ep, "conditions", "ready");

			kube_buf_truncate(&b, 0);
			kd_join(&b, kube_obj_get(ep, "addresses"), ", ");
			kd_w(d, L1, "- Addresses:\t%s\n", b.len ? b.ptr : "<none>");
			kd_puts(d, L2, "Conditions:\n");
			kd_w(d, L3, "Ready:\t%s\n",
			     kube_obj_type_of(ready) != KUBE_OBJ_BOOL ? "<unset>"
			     : kube_obj_bool(ready)		      ? "true"
								      : "false");
			kd_w(d, L2, "Hostname:\t%s\n",
			     kd_or(kube_obj_str(kube_obj_get(ep, "hostname")), "<unset>"));
			if (kube_obj_type_of(kube_obj_get(ep, "targetRef")) == KUBE_OBJ_OBJECT)
				kd_w(d, L2, "TargetRef:\t%s/%s\n", KS(ep, "targetRef", "kind"),
				     KS(ep, "targetRef", "name"));
			kd_w(d, L2, "NodeName:\t%s\n",
			     kd_or(kube_obj_str(kube_obj_get(ep, "nodeName")), "<unset>"));
			kd_w(d, L2, "Zone:\t%s\n",
			     kd_or(kube_obj_str(kube_obj_get(ep, "zone")), "<unset>"));
		}
	}
	kd_events(d, events);
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_obj_free(events);
	return finish(d, err);
}

/* ---- secrets and config maps ---- */

/* Decode standard base64 (the form []byte fields take in JSON) into out; returns the length,
 * or -1 when invalid. out may be NULL to only measure. */
static long b64_decode(const char *s, kube_buf *out)
{
	unsigned acc = 0;
	int bits = 0;
	long n = 0;

	for (; *s && *s != '='; s++) {
		int v = kube__b64_val((unsigned char)*s);

		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (out)
				kube_buf_putc(out, (char)((acc >> bits) & 0xff));
			n++;
		}
	}
	return n;
}

int kd_describe_secret(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj **v;
	size_t n, i;
	bool sa_token = !strcmp(kd_str(o, "type"), "kubernetes.io/service-account-token");

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_w(d, L0, "\nType:\t%s\n", kd_str(o, "type"));
	kd_puts(d, L0, "\nData\n====\n");
	v = kd_sorted_members(kube_obj_get(o, "data"), &n);
	for (i = 0; i < n; i++) {
		const char *key = kube_obj_key(v[i]), *val = kd_or(kube_obj_str(v[i]), "");

		if (sa_token && !strcmp(key, "token")) {
			kube_buf tok = KUBE_BUF_INIT;

			b64_decode(val, &tok);
			kd_w(d, L0, "%s:\t%s\n", key, tok.ptr);
			kube_buf_wipe(&tok);
		} else {
			long len = b64_decode(val, NULL);

			kd_w(d, L0, "%s:\t%ld bytes\n", key, len < 0 ? 0 : len);
		}
	}
	free(v);
	return finish(d, err);
}

int kd_describe_configmap(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj **v;
	size_t n, i;
	kube_obj *events = NULL;
	int rc = 0;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_puts(d, L0, "\nData\n====\n");
	v = kd_sorted_members(kube_obj_get(o, "data"), &n);
	for (i = 0; i < n; i++) {
		kd_w(d, L0, "%s:\n----\n", kube_obj_key(v[i]));
		kd_w(d, L0, "%s\n", kd_or(kube_obj_str(v[i]), ""));
		kd_puts(d, L0, "\n");
	}
	free(v);
	kd_puts(d, L0, "\nBinaryData\n====\n");
	v = kd_sorted_members(kube_obj_get(o, "binaryData"), &n);
	for (i = 0; i < n; i++) {
		long len = b64_decode(kd_or(kube_obj_str(v[i]), ""), NULL);

		kd_w(d, L0, "%s: %ld bytes\n", kube_obj_key(v[i]), len < 0 ? 0 : len);
	}
	free(v);
	kd_puts(d, L0, "\n");
	if (d->s->show_events) {
		events = kd_search_events(d, NAMESPACE(o), NAME(o),
					  kd_or(kube_obj_str(kube_obj_get(o, "kind")), "ConfigMap"),
					  KS(o, "metadata", "uid"), &rc, err);
		if (rc == 0)
			kd_events(d, events);
	}
	kube_obj_free(events);
	if (rc < 0)
		return rc;
	return finish(d, err);
}

int kd_describe_serviceaccount(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events =
	    kd_object_events(d, o, kd_or(kube_obj_str(kube_obj_get(o, "kind")), "ServiceAccount"));
	const kube_obj *s;
	const char *header = "Image pull secrets:";

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	if (!kd_has(kube_obj_get(o, "imagePullSecrets")))
		kd_w(d, L0, "%s\t<none>\n", header);
	kube_obj_foreach(s, kube_obj_get(o, "imagePullSecrets")) {
		kd_w(d, L0, "%s\t%s\n", header, kd_str(s, "name"));
		header = "                   ";
	}
	kd_events(d, events);
	kube_obj_free(events);
	return finish(d, err);
}

/* ---- namespaces, quotas and limit ranges ---- */

static const char *scope_help(const char *scope)
{
	if (!strcmp(scope, "Terminating"))
		return "Matches all pods that have an active deadline. These pods have a limited "
		       "lifespan on a node before being actively terminated by the system.";
	if (!strcmp(scope, "NotTerminating"))
		return "Matches all pods that do not have an active deadline. These pods usually "
		       "include long running pods whose container command is not expected to "
		       "terminate.";
	if (!strcmp(scope, "BestEffort"))
		return "Matches all pods that do not have resource requirements set. These pods "
		       "have a best effort quality of service.";
	if (!strcmp(scope, "NotBestEffort"))
		return "Matches all pods that have at least one resource requirement set. These "
		       "pods have a burstable or guaranteed quality of service.";
	return "";
}

static bool less_cstr(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(*(const char *const *)a, *(const char *const *)b) < 0;
}

/* Scopes, sorted; *n gets the count. Caller frees. */
static const char **sorted_scopes(const kube_obj *scopes, size_t *n)
{
	const char **v;
	const kube_obj *s;

	*n = 0;
	if (!kube_obj_len(scopes) || !(v = malloc(kube_obj_len(scopes) * sizeof(*v))))
		return NULL;
	kube_obj_foreach(s, scopes)
		v[(*n)++] = kd_or(kube_obj_str(s), "");
	kgo_sort(v, *n, sizeof(*v), less_cstr, NULL);
	return v;
}

static void print_quantity(kube_buf *b, const kube_obj *v)
{
	kq q;

	kq_from_obj(&q, v);
	kq_string(b, &q);
}

static bool less_quota(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(KS(*(const kube_obj *const *)a, "metadata", "name"),
		      KS(*(const kube_obj *const *)b, "metadata", "name")) < 0;
}

static void describe_quotas(struct kd *d, const kube_obj *list)
{
	const kube_obj **qs, *q;
	size_t n = 0, i, j, ns, nr;
	kube_buf u = KUBE_BUF_INIT, h = KUBE_BUF_INIT;

	if (!kube_obj_len(list)) {
		kd_puts(d, L0, "No resource quota.\n");
		return;
	}
	if (!(qs = malloc(kube_obj_len(list) * sizeof(*qs)))) {
		d->oom = true;
		return;
	}
	kube_obj_foreach(q, list)
		qs[n++] = q;
	kgo_sort(qs, n, sizeof(*qs), less_quota, NULL);
	kd_puts(d, L0, "Resource Quotas\n");
	for (i = 0; i < n; i++) {
		const char **scopes = sorted_scopes(KP(qs[i], "spec", "scopes"), &ns);
		const kube_obj **res;

		kd_w(d, L1, "Name:\t%s\n", KS(qs[i], "metadata", "name"));
		if (ns) {
			kube_buf_truncate(&u, 0);
			for (j = 0; j < ns; j++)
				kube_buf_printf(&u, "%s%s", j ? ", " : "", scopes[j]);
			kd_w(d, L1, "Scopes:\t%s\n", u.ptr);
			for (j = 0; j < ns; j++)
				if (*scope_help(scopes[j]))
					kd_w(d, L1, "* %s\n", scope_help(scopes[j]));
		}
		free(scopes);
		kd_puts(d, L1, "Resource\tUsed\tHard\n");
		kd_puts(d, L1, "--------\t---\t---\n");
		res = kd_sorted_members(KP(qs[i], "status", "hard"), &nr);
		for (j = 0; j < nr; j++) {
			const char *name = kube_obj_key(res[j]);

			kube_buf_truncate(&u, 0);
			kube_buf_truncate(&h, 0);
			print_quantity(&u, KP(qs[i], "status", "used", name));
			print_quantity(&h, res[j]);
			kd_w(d, L1, "%s\t%s\t%s\n", name, u.ptr, h.ptr);
		}
		free(res);
	}
	if (u.failed || h.failed)
		d->oom = true;
	kube_buf_release(&u);
	kube_buf_release(&h);
	free(qs);
}

/* The resources of one limit item, in the order they first appear (kubectl walks a Go map,
 * whose order is random). */
static void limit_item(struct kd *d, const kube_obj *item, const char *prefix)
{
	static const char *const fields[] = {"max", "min", "default", "defaultRequest",
					     "maxLimitRequestRatio"};
	const char **names = NULL;
	size_t n = 0, cap = 0, f, i;
	const kube_obj *m;
	kube_buf v[5];

	for (f = 0; f < 5; f++)
		kube_obj_foreach(m, kube_obj_get(item, fields[f])) {
			for (i = 0; i < n; i++)
				if (!strcmp(names[i], kube_obj_key(m)))
					break;
			if (i < n)
				continue;
			if (n == cap) {
				const char **nn = realloc(names, (cap ? cap * 2 : 8) * sizeof(*nn));

				if (!nn) {
					d->oom = true;
					free(names);
					return;
				}
				names = nn;
				cap = cap ? cap * 2 : 8;
			}
			names[n++] = kube_obj_key(m);
		}
	for (f = 0; f < 5; f++)
		kube_buf_init(&v[f], 0);
	for (i = 0; i < n; i++) {
		for (f = 0; f < 5; f++) {
			const kube_obj *q = kube_obj_get(kube_obj_get(item, fields[f]), names[i]);

			kube_buf_truncate(&v[f], 0);
			if (q)
				print_quantity(&v[f], q);
			else
				kube_buf_putc(&v[f], '-');
		}
		/* min, max, default request, default limit, ratio */
		kd_w(d, L0, "%s%s\t%s\t%s\t%s\t%s\t%s\t%s\n", prefix, kd_str(item, "type"),
		     names[i], v[1].ptr, v[0].ptr, v[3].ptr, v[2].ptr, v[4].ptr);
	}
	for (f = 0; f < 5; f++) {
		if (v[f].failed)
			d->oom = true;
		kube_buf_release(&v[f]);
	}
	free(names);
}

static void describe_limit_ranges(struct kd *d, const kube_obj *list)
{
	const kube_obj *lr, *item;

	if (!kube_obj_len(list)) {
		kd_puts(d, L0, "No LimitRange resource.\n");
		return;
	}
	kd_puts(d, L0,
		"Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault "
		"Limit\tMax Limit/Request Ratio\n");
	kd_puts(d, L0,
		" ----\t--------\t---\t---\t---------------\t-------------\t"
		"-----------------------\n");
	kube_obj_foreach(lr, list)
		kube_obj_foreach(item, KP(lr, "spec", "limits"))
			limit_item(d, item, " ");
}

int kd_describe_namespace(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *quotas = NULL, *limits = NULL;
	kube_buf path = KUBE_BUF_INIT, t = KUBE_BUF_INIT;
	const kube_obj *c;
	int rc;

	kube_buf_puts(&path, "/api/v1/namespaces/");
	kube_buf_put_pathseg(&path, NAME(o));
	kube_buf_puts(&path, "/resourcequotas");
	if ((rc = kube_buf_check(&path, err)) < 0)
		goto out;
	if ((rc = kd_list(d, path.ptr, NULL, NULL, true, &quotas, err)) < 0) {
		if (rc != KUBE_ENOTFOUND)
			goto out;
		kube_err_clear(err);
		kube_obj_free(quotas);
		quotas = NULL;
	}
	kube_buf_truncate(&path, 0);
	kube_buf_puts(&path, "/api/v1/namespaces/");
	kube_buf_put_pathseg(&path, NAME(o));
	kube_buf_puts(&path, "/limitranges");
	if ((rc = kube_buf_check(&path, err)) < 0)
		goto out;
	if ((rc = kd_list(d, path.ptr, NULL, NULL, true, &limits, err)) < 0) {
		if (rc != KUBE_ENOTFOUND)
			goto out;
		kube_err_clear(err);
		kube_obj_free(limits);
		limits = NULL;
	}
	rc = 0;
	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_w(d, L0, "Status:\t%s\n", KS(o, "status", "phase"));
	if (kd_has(KP(o, "status", "conditions"))) {
		kd_puts(d, L0, "Conditions:\n");
		kd_puts(d, L1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
		kd_puts(d, L1, "----\t------\t------------------\t------\t-------\n");
		kube_obj_foreach(c, KP(o, "status", "conditions")) {
			kube_buf_truncate(&t, 0);
			kd_rfc1123(&t, kd_str(c, "lastTransitionTime"));
			kd_w(d, L1, "%s\t%s\t%s\t%s\t%s\n", kd_str(c, "type"), kd_str(c, "status"),
			     t.ptr, kd_str(c, "reason"), kd_str(c, "message"));
		}
	}
	if (quotas) {
		kd_puts(d, L0, "\n");
		describe_quotas(d, quotas);
	}
	if (limits) {
		kd_puts(d, L0, "\n");
		describe_limit_ranges(d, limits);
	}
	if (t.failed)
		d->oom = true;
	rc = finish(d, err);
out:
	kube_obj_free(quotas);
	kube_obj_free(limits);
	kube_buf_release(&path);
	kube_buf_release(&t);
	return rc;
}

int kd_describe_quota(struct kd *d, const kube_obj *o, kube_err *err)
{
	const char **scopes;
	const kube_obj **res;
	size_t ns, nr, j;
	kube_buf u = KUBE_BUF_INIT, h = KUBE_BUF_INIT;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	scopes = sorted_scopes(KP(o, "spec", "scopes"), &ns);
	if (ns) {
		for (j = 0; j < ns; j++)
			kube_buf_printf(&u, "%s%s", j ? ", " : "", scopes[j]);
		kd_w(d, L0, "Scopes:\t%s\n", u.ptr);
		for (j = 0; j < ns; j++)
			if (*scope_help(scopes[j]))
				kd_w(d, L0, " * %s\n", scope_help(scopes[j]));
	}
	free(scopes);
	kd_puts(d, L0, "Resource\tUsed\tHard\n");
	kd_puts(d, L0, "--------\t----\t----\n");
	res = kd_sorted_members(KP(o, "status", "hard"), &nr);
	for (j = 0; j < nr; j++) {
		const char *name = kube_obj_key(res[j]);
		const kube_obj *used = KP(o, "status", "used", name);
		kq hq, uq;

		kq_from_obj(&hq, res[j]);
		if (!used || !kq_from_obj(&uq, used)) {
			kq_zero(&uq);
			uq.fmt = (enum kq_format) - 1; /* the zero Quantity has no format */
		}
		if (uq.fmt != hq.fmt) {
			int64_t val = kq_value(&uq);

			kq_zero(&uq);
			uq.v = val;
			uq.fmt = hq.fmt;
		}
		kube_buf_truncate(&u, 0);
		kube_buf_truncate(&h, 0);
		kq_string(&u, &uq);
		kq_string(&h, &hq);
		kd_w(d, L0, "%s\t%s\t%s\n", name, u.ptr, h.ptr);
	}
	free(res);
	if (u.failed || h.failed)
		d->oom = true;
	kube_buf_release(&u);
	kube_buf_release(&h);
	return finish(d, err);
}

int kd_describe_limitrange(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj *item;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_puts(d, L0,
		"Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax "
		"Limit/Request Ratio\n");
	kd_puts(d, L0,
		"----\t--------\t---\t---\t---------------\t-------------\t"
		"-----------------------\n");
	kube_obj_foreach(item, KP(o, "spec", "limits"))
		limit_item(d, item, "");
	return finish(d, err);
}

/* ---- smaller describers ---- */

int kd_describe_priorityclass(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events =
	    kd_object_events(d, o, kd_or(kube_obj_str(kube_obj_get(o, "kind")), "PriorityClass"));
	kube_buf b = KUBE_BUF_INIT;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Value:\t%lld\n", (long long)KI(o, "value"));
	kd_w(d, L0, "GlobalDefault:\t%s\n", KB(o, "globalDefault") ? "true" : "false");
	kd_w(d, L0, "PreemptionPolicy:\t%s\n", kd_str(o, "preemptionPolicy"));
	kd_w(d, L0, "Description:\t%s\n", kd_str(o, "description"));
	kd_format_labels(&b, ANNOTATIONS(o));
	kd_w(d, L0, "Annotations:\t%s\n", b.ptr);
	kd_events(d, events);
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_obj_free(events);
	return finish(d, err);
}

int kd_describe_rolebinding(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj *s;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_puts(d, L0, "Role:\n");
	kd_w(d, L1, "Kind:\t%s\n", KS(o, "roleRef", "kind"));
	kd_w(d, L1, "Name:\t%s\n", KS(o, "roleRef", "name"));
	kd_puts(d, L0, "Subjects:\n");
	kd_puts(d, L1, "Kind\tName\tNamespace\n");
	kd_puts(d, L1, "----\t----\t---------\n");
	kube_obj_foreach(s, kube_obj_get(o, "subjects"))
		kd_w(d, L1, "%s\t%s\t%s\n", kd_str(s, "kind"), kd_str(s, "name"),
		     kd_str(s, "namespace"));
	return finish(d, err);
}

int kd_describe_pdb(struct kd *d, const kube_obj *o, kube_err *err)
{
	kube_obj *events = kd_object_events(
	    d, o, kd_or(kube_obj_str(kube_obj_get(o, "kind")), "PodDisruptionBudget"));
	const kube_obj *spec = kube_obj_get(o, "spec");
	kube_buf b = KUBE_BUF_INIT;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	if (kube_obj_get(spec, "minAvailable")) {
		kd_intstr(&b, kube_obj_get(spec, "minAvailable"));
		kd_w(d, L0, "Min available:\t%s\n", b.ptr);
	} else if (kube_obj_get(spec, "maxUnavailable")) {
		kd_intstr(&b, kube_obj_get(spec, "maxUnavailable"));
		kd_w(d, L0, "Max unavailable:\t%s\n", b.ptr);
	}
	if (kube_obj_get(spec, "selector")) {
		kube_buf_truncate(&b, 0);
		kd_format_label_selector(&b, kube_obj_get(spec, "selector"));
		kd_w(d, L0, "Selector:\t%s\n", b.ptr);
	} else {
		kd_puts(d, L0, "Selector:\t<unset>\n");
	}
	kd_puts(d, L0, "Status:\n");
	kd_w(d, L2, "Allowed disruptions:\t%lld\n",
	     (long long)KI(o, "status", "disruptionsAllowed"));
	kd_w(d, L2, "Current:\t%lld\n", (long long)KI(o, "status", "currentHealthy"));
	kd_w(d, L2, "Desired:\t%lld\n", (long long)KI(o, "status", "desiredHealthy"));
	kd_w(d, L2, "Total:\t%lld\n", (long long)KI(o, "status", "expectedPods"));
	kd_events(d, events);
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_obj_free(events);
	return finish(d, err);
}
