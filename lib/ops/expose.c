/* kubectl expose: derive a Service from a pod, service, replication controller, deployment or
 * replica set (selector, ports and protocols, labels) and create it. See include/kube/mutate.h.
 *
 * kubectl keeps its generator parameters in one map for the whole run: what it introspects from
 * the first object (selector, port, labels) is reused for the later ones unless they override
 * it. The run reproduces that. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kube/apply.h>
#include <kube/mutate.h>

#include "generate-internal.h"
#include "mutate-internal.h"
#include "banned.h"

#define OOM(err) kube_err_set(err, KUBE_ENOMEM, "out of memory")

/* The generator's parameters that survive from one object to the next. */
struct expose_params {
	char *selector;       /* "k=v,k2=v2" (flag or introspected) */
	char *port;           /* --port, or the object's only port */
	char *ports;          /* the object's ports when it has several */
	char *labels;         /* "k=v,..." (flag or the first object's labels) */
	kube_obj *protocols;  /* port -> [protocol...] from the last object that had any */
};

static void params_release(struct expose_params *p)
{
	free(p->selector);
	free(p->port);
	free(p->ports);
	free(p->labels);
	kube_obj_free(p->protocols);
	memset(p, 0, sizeof(*p));
}

static bool zero(const char *s)
{
	return !s || !*s;
}

static int set_str(char **dst, const char *s, kube_err *err)
{
	char *n = mut_strdup(s ? s : "");

	if (!n)
		return OOM(err);
	free(*dst);
	*dst = n;
	return 0;
}

/* generate.MakeLabels: "k=v" pairs of a map joined with ',' */
static void make_labels(kube_buf *out, const kube_obj *map)
{
	const kube_obj *m;
	bool first = true;

	kube_obj_foreach(m, map) {
		kube_buf_printf(out, "%s%s=%s", first ? "" : ",", kube_obj_key(m),
				kube_obj_str(m) ? kube_obj_str(m) : "");
		first = false;
	}
}

/* generate.ParseLabels as used by the service generator. */
static int parse_labels(kube_obj **out, const char *spec, kube_err *err)
{
	return mut_parse_labels(out, spec, err);
}

/* Go's %+v of []metav1.LabelSelectorRequirement */
static void put_requirements(kube_buf *b, const kube_obj *exprs)
{
	const kube_obj *e, *v;
	bool first = true;

	kube_buf_putc(b, '[');
	kube_obj_foreach(e, exprs) {
		bool vfirst = true;

		kube_buf_printf(b, "%s{Key:%s Operator:%s Values:[", first ? "" : " ",
				kube_obj_path_str(e, "key", NULL) ? kube_obj_path_str(e, "key", NULL)
								  : "",
				kube_obj_path_str(e, "operator", NULL)
					? kube_obj_path_str(e, "operator", NULL)
					: "");
		kube_obj_foreach(v, kube_obj_get(e, "values")) {
			kube_buf_printf(b, "%s%s", vfirst ? "" : " ", kube_obj_str(v) ? kube_obj_str(v) : "");
			vfirst = false;
		}
		kube_buf_puts(b, "]}");
		first = false;
	}
	kube_buf_putc(b, ']');
}

/* polymorphichelpers.MapBasedSelectorForObject */
static int selector_for(kube_buf *out, const kube_obj *obj, const char *kind, kube_err *err)
{
	const kube_obj *sel;

	if (!strcmp(kind, "Pod")) {
		sel = kube_obj_path(obj, "metadata", "labels", NULL);
		if (!kube_obj_len(sel))
			return kube_err_set(err, KUBE_EINVAL,
					    "the pod has no labels and cannot be exposed");
		make_labels(out, sel);
		return 0;
	}
	if (!strcmp(kind, "Service")) {
		sel = kube_obj_path(obj, "spec", "selector", NULL);
		if (!kube_obj_len(sel))
			return kube_err_set(err, KUBE_EINVAL, "the service has no pod selector set");
		make_labels(out, sel);
		return 0;
	}
	if (!strcmp(kind, "ReplicationController")) {
		sel = kube_obj_path(obj, "spec", "selector", NULL);
		if (!kube_obj_len(sel))
			return kube_err_set(err, KUBE_EINVAL,
					    "the replication controller %s has no selector",
					    kube_obj_path_str(obj, "metadata", "name", NULL));
		make_labels(out, sel);
		return 0;
	}
	/* Deployment, ReplicaSet */
	sel = kube_obj_path(obj, "spec", "selector", NULL);
	if (!sel)
		return kube_err_set(err, KUBE_EINVAL,
				    "invalid %s: no selectors, therefore cannot be exposed",
				    !strcmp(kind, "Deployment") ? "deployment" : "replicaset");
	if (kube_obj_len(kube_obj_get(sel, "matchExpressions"))) {
		kube_buf b = KUBE_BUF_INIT;

		put_requirements(&b, kube_obj_get(sel, "matchExpressions"));
		kube_err_set(err, KUBE_EINVAL,
			     "couldn't convert expressions - \"%s\" to map-based selector format",
			     b.ptr);
		kube_buf_release(&b);
		return KUBE_EINVAL;
	}
	make_labels(out, kube_obj_get(sel, "matchLabels"));
	return 0;
}

static const kube_obj *pod_spec(const kube_obj *obj, const char *kind)
{
	if (!strcmp(kind, "Pod"))
		return kube_obj_get(obj, "spec");
	return kube_obj_path(obj, "spec", "template", "spec", NULL);
}

/* Each (port, protocol) of the object in order: container ports, or a service's ports. */
typedef void (*port_fn)(int64_t port, const char *protocol, void *payload);

static void each_port(const kube_obj *obj, const char *kind, port_fn fn, void *payload)
{
	const kube_obj *c, *p;

	if (!strcmp(kind, "Service")) {
		kube_obj_foreach(p, kube_obj_path(obj, "spec", "ports", NULL)) {
			int64_t n = 0;
			const char *proto = kube_obj_path_str(p, "protocol", NULL);

			kube_obj_int64(kube_obj_get(p, "port"), &n);
			fn(n, proto && *proto ? proto : "TCP", payload);
		}
		return;
	}
	kube_obj_foreach(c, kube_obj_get(pod_spec(obj, kind), "containers"))
		kube_obj_foreach(p, kube_obj_get(c, "ports")) {
			int64_t n = 0;
			const char *proto = kube_obj_path_str(p, "protocol", NULL);

			kube_obj_int64(kube_obj_get(p, "containerPort"), &n);
			fn(n, proto && *proto ? proto : "TCP", payload);
		}
}

struct port_walk {
	kube_buf ports;     /* unique ports joined with ',' */
	size_t nports;
	kube_obj *protocols; /* port -> [protocols] */
	bool failed;
};

static void collect_port(int64_t port, const char *protocol, void *payload)
{
	struct port_walk *w = payload;
	char key[32];
	kube_obj *list;

	snprintf(key, sizeof(key), "%lld", (long long)port);
	list = kube_obj_get_mut(w->protocols, key);
	if (!list) {
		if (!(list = kube_obj_new_array()) ||
		    kube_obj_set_take(w->protocols, key, list) < 0) {
			w->failed = true;
			return;
		}
		kube_buf_printf(&w->ports, "%s%s", w->nports ? "," : "", key);
		w->nports++;
	}
	if (kube_obj_append_take(list, kube_obj_new_string(protocol)) < 0)
		w->failed = true;
}

static bool exposable(const kube_resource *r)
{
	if (!*r->group)
		return !strcmp(r->kind, "Pod") || !strcmp(r->kind, "Service") ||
		       !strcmp(r->kind, "ReplicationController");
	return !strcmp(r->group, "apps") &&
	       (!strcmp(r->kind, "Deployment") || !strcmp(r->kind, "ReplicaSet"));
}

static int add_port(kube_obj *ports, const char *name, const char *protocol, int64_t port,
		    kube_err *err)
{
	kube_obj *p = kube_obj_new_object();

	if (kube_obj_append_take(ports, p) < 0 || (*name && kube_obj_set_str(p, "name", name) < 0) ||
	    kube_obj_set_str(p, "protocol", protocol) < 0 ||
	    kube_obj_set_take(p, "port", kube_obj_new_int(port)) < 0)
		return OOM(err);
	return 0;
}

static char *lower(const char *s)
{
	char *l = mut_strdup(s), *p;

	for (p = l; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	return l;
}

/* The service generator (generateService of kubectl expose). */
static int generate(kube_obj **out, const char *default_name, const struct expose_params *pp,
		    const kube_expose_opts *o, kube_err *err)
{
	kube_obj *svc = NULL, *meta, *spec, *ports = NULL, *selector = NULL, *labels = NULL;
	const char *name = !zero(o->name) ? o->name : default_name;
	const char *port_string = pp->ports ? pp->ports : pp->port;
	bool headless = o->cluster_ip && !strcmp(o->cluster_ip, "None");
	int rc = 0;

	*out = NULL;
	if (zero(pp->selector))
		return kube_err_set(err, KUBE_EINVAL, "'selector' is a required parameter");
	if ((rc = parse_labels(&selector, pp->selector, err)) < 0)
		return rc;
	if (!zero(pp->labels) && (rc = parse_labels(&labels, pp->labels, err)) < 0)
		goto fail;
	if (!(ports = kube_obj_new_array()))
		goto oom;
	if (!zero(port_string)) {
		const char *p = port_string;
		size_t count = 1, i = 0;

		for (const char *q = port_string; *q; q++)
			count += *q == ',';
		while (p) {
			const char *comma = strchr(p, ',');
			char *one = NULL, portname[64] = "";
			const char *protocol = o->protocol ? o->protocol : "";
			const kube_obj *list;
			int64_t port;
			size_t len = comma ? (size_t)(comma - p) : strlen(p);

			if (!(one = malloc(len + 1)))
				goto oom;
			memcpy(one, p, len);
			one[len] = '\0';
			if (!gen_atoi(one, &port)) {
				kube_buf q = KUBE_BUF_INIT;

				kube_go_quote(&q, one);
				rc = kube_err_set(err, KUBE_EINVAL,
						  "strconv.Atoi: parsing %s: %s", q.ptr,
						  (len && strspn(one + (*one == '-' || *one == '+'),
								 "0123456789") ==
								  len - (*one == '-' || *one == '+'))
							  ? "value out of range"
							  : "invalid syntax");
				kube_buf_release(&q);
				free(one);
				goto fail;
			}
			i++;
			if (count > 1)
				snprintf(portname, sizeof(portname), "port-%zu", i);
			list = kube_obj_get(pp->protocols, one);
			if (!*protocol && !kube_obj_len(pp->protocols)) {
				protocol = "TCP";
			} else if (!*protocol) {
				protocol = "TCP";
				if (kube_obj_len(list) == 1) {
					protocol = kube_obj_str(kube_obj_at(list, 0));
				} else if (kube_obj_len(list) > 1) {
					const kube_obj *pr;

					kube_obj_foreach(pr, list) {
						char *l = lower(kube_obj_str(pr));
						char n[96];

						if (!l) {
							free(one);
							goto oom;
						}
						snprintf(n, sizeof(n), "port-%zu-%s", i, l);
						free(l);
						if ((rc = add_port(ports, n, kube_obj_str(pr), port,
								   err)) < 0) {
							free(one);
							goto fail;
						}
					}
					free(one);
					p = comma ? comma + 1 : NULL;
					continue;
				}
			}
			free(one);
			if ((rc = add_port(ports, portname, protocol, port, err)) < 0)
				goto fail;
			p = comma ? comma + 1 : NULL;
		}
	} else if (!pp->ports && !pp->port && !headless) {
		rc = kube_err_set(err, KUBE_EINVAL, "'ports' or 'port' is a required parameter");
		goto fail;
	}
	/* targetPort: the flag for every port, else the port itself */
	{
		kube_obj *p;
		size_t i;
		int64_t tp;

		for (i = 0; i < kube_obj_len(ports); i++) {
			kube_obj *target;

			p = (kube_obj *)kube_obj_at(ports, i);
			if (!zero(o->target_port)) {
				target = gen_atoi(o->target_port, &tp) &&
							 tp >= INT32_MIN && tp <= INT32_MAX
						 ? kube_obj_new_int(tp)
						 : kube_obj_new_string(o->target_port);
			} else {
				int64_t port = 0;

				kube_obj_int64(kube_obj_get(p, "port"), &port);
				target = kube_obj_new_int(port);
			}
			if (kube_obj_set_take(p, "targetPort", target) < 0)
				goto oom;
		}
	}
	if (!zero(o->session_affinity) && strcmp(o->session_affinity, "None") &&
	    strcmp(o->session_affinity, "ClientIP")) {
		rc = kube_err_set(err, KUBE_EINVAL, "unknown session affinity: %s",
				  o->session_affinity);
		goto fail;
	}
	if (!(svc = kube_obj_new_object()) || kube_obj_set_str(svc, "kind", "Service") < 0 ||
	    kube_obj_set_str(svc, "apiVersion", "v1") < 0 ||
	    kube_obj_set_take(svc, "metadata", meta = kube_obj_new_object()) < 0 ||
	    kube_obj_set_str(meta, "name", name) < 0)
		goto oom;
	if (o->dry_run == KUBE_DRY_RUN_CLIENT && o->sel.enforce_namespace &&
	    kube_obj_set_str(meta, "namespace", o->sel.namespace ? o->sel.namespace : "default") < 0)
		goto oom;
	if (kube_obj_len(labels)) {
		rc = kube_obj_set_take(meta, "labels", labels);
		labels = NULL;
		if (rc < 0)
			goto oom;
	}
	if (kube_obj_set_take(svc, "spec", spec = kube_obj_new_object()) < 0)
		goto oom;
	if (kube_obj_len(ports)) {
		rc = kube_obj_set_take(spec, "ports", ports);
		ports = NULL;
		if (rc < 0)
			goto oom;
	}
	rc = kube_obj_set_take(spec, "selector", selector);
	selector = NULL;
	if (rc < 0)
		goto oom;
	if (!zero(o->cluster_ip) && kube_obj_set_str(spec, "clusterIP", o->cluster_ip) < 0)
		goto oom;
	if (!zero(o->type) && kube_obj_set_str(spec, "type", o->type) < 0)
		goto oom;
	if (!zero(o->external_ip)) {
		kube_obj *ips = kube_obj_new_array();

		if (kube_obj_set_take(spec, "externalIPs", ips) < 0 ||
		    kube_obj_append_take(ips, kube_obj_new_string(o->external_ip)) < 0)
			goto oom;
	}
	if (!zero(o->session_affinity) &&
	    kube_obj_set_str(spec, "sessionAffinity", o->session_affinity) < 0)
		goto oom;
	if (o->type && !strcmp(o->type, "LoadBalancer") && !zero(o->load_balancer_ip) &&
	    kube_obj_set_str(spec, "loadBalancerIP", o->load_balancer_ip) < 0)
		goto oom;
	{
		kube_obj *status = kube_obj_new_object();

		if (kube_obj_set_take(svc, "status", status) < 0 ||
		    kube_obj_set_take(status, "loadBalancer", kube_obj_new_object()) < 0)
			goto oom;
	}
	*out = svc;
	svc = NULL;
	rc = 0;
	goto done;
oom:
	rc = OOM(err);
fail:
done:
	kube_obj_free(svc);
	kube_obj_free(ports);
	kube_obj_free(selector);
	kube_obj_free(labels);
	return rc;
}

/* The per-object part of kubectl expose, with the parameters carried over in pp. */
static int expose_one(kube_obj **out, const kube_obj *source, const kube_resource *r,
		      struct expose_params *pp, const kube_expose_opts *o, kube_err *err)
{
	char name[64];
	const char *src_name = kube_obj_path_str(source, "metadata", "name", NULL);
	int rc;

	*out = NULL;
	if (!exposable(r))
		return kube_err_set(err, KUBE_EINVAL, "cannot expose a %s", r->kind);
	snprintf(name, sizeof(name), "%.63s", src_name ? src_name : "");
	if (zero(pp->selector)) {
		kube_buf b = KUBE_BUF_INIT;

		if ((rc = selector_for(&b, source, r->kind, err)) < 0) {
			kube_buf_release(&b);
			mut_err_prefix(err, "couldn't retrieve selectors via --selector flag or "
					    "introspection: ");
			return rc;
		}
		rc = set_str(&pp->selector, b.ptr, err);
		kube_buf_release(&b);
		if (rc < 0)
			return rc;
	}
	{
		struct port_walk w = {KUBE_BUF_INIT, 0, kube_obj_new_object(), false};

		if (!w.protocols)
			return OOM(err);
		each_port(source, r->kind, collect_port, &w);
		if (w.failed || (rc = kube_buf_check(&w.ports, err)) < 0) {
			kube_buf_release(&w.ports);
			kube_obj_free(w.protocols);
			return w.failed ? OOM(err) : rc;
		}
		rc = 0;
		if (zero(pp->port)) {
			if (w.nports == 0) {
				if (!(o->cluster_ip && !strcmp(o->cluster_ip, "None")))
					rc = kube_err_set(err, KUBE_EINVAL,
							  "couldn't find port via --port flag or "
							  "introspection");
			} else if (w.nports == 1) {
				rc = set_str(&pp->port, w.ports.ptr, err);
			} else {
				rc = set_str(&pp->ports, w.ports.ptr, err);
			}
		}
		kube_buf_release(&w.ports);
		if (rc == 0 && kube_obj_len(w.protocols)) {
			kube_obj_free(pp->protocols);
			pp->protocols = w.protocols;
		} else {
			kube_obj_free(w.protocols);
		}
		if (rc < 0)
			return rc;
	}
	if (zero(pp->labels)) {
		kube_buf b = KUBE_BUF_INIT;

		make_labels(&b, kube_obj_path(source, "metadata", "labels", NULL));
		rc = kube_buf_check(&b, err);
		if (rc == 0)
			rc = set_str(&pp->labels, b.ptr, err);
		kube_buf_release(&b);
		if (rc < 0)
			return rc;
	}
	if ((rc = generate(out, name, pp, o, err)) < 0)
		return rc;
	if (!zero(o->overrides) &&
	    (rc = mut_apply_overrides(out, o->overrides, o->override_type, err)) < 0) {
		kube_obj_free(*out);
		*out = NULL;
	}
	return rc;
}

static int params_init(struct expose_params *pp, const kube_expose_opts *o, kube_err *err)
{
	memset(pp, 0, sizeof(*pp));
	if ((!zero(o->selector) && set_str(&pp->selector, o->selector, err) < 0) ||
	    (!zero(o->port) && set_str(&pp->port, o->port, err) < 0) ||
	    (!zero(o->labels) && set_str(&pp->labels, o->labels, err) < 0))
		return KUBE_ENOMEM;
	return 0;
}

int mut_service_for_run(kube_obj **out, const char *name, const char *selector, const char *port,
			const char *labels, const char *namespace, kube_err *err)
{
	struct expose_params pp;
	kube_expose_opts o;
	int rc;

	memset(&pp, 0, sizeof(pp));
	memset(&o, 0, sizeof(o));
	if (namespace) {
		o.dry_run = KUBE_DRY_RUN_CLIENT;
		o.sel.enforce_namespace = true;
		o.sel.namespace = namespace;
	}
	if (set_str(&pp.selector, selector, err) < 0 || set_str(&pp.port, port, err) < 0 ||
	    (labels && *labels && set_str(&pp.labels, labels, err) < 0)) {
		params_release(&pp);
		return KUBE_ENOMEM;
	}
	rc = generate(out, name, &pp, &o, err);
	params_release(&pp);
	return rc;
}

int kube_expose_service(kube_obj **out, const kube_obj *source, const kube_expose_opts *o,
			kube_err *err)
{
	static const char *const no[] = {NULL};
	kube_resource r = {"", "v1", "", "", kube_obj_path_str(source, "kind", NULL), true, true,
			   no, no, no, no};
	const char *av = kube_obj_path_str(source, "apiVersion", NULL);
	struct expose_params pp;
	char group[64] = "";
	int rc;

	*out = NULL;
	if (!r.kind)
		r.kind = "";
	if (av && strchr(av, '/'))
		snprintf(group, sizeof(group), "%.*s", (int)(strchr(av, '/') - av), av);
	r.group = group;
	if ((rc = params_init(&pp, o, err)) == 0)
		rc = expose_one(out, source, &r, &pp, o, err);
	params_release(&pp);
	return rc;
}

struct expose_run {
	kube_client *c;
	const kube_expose_opts *o;
	const kube_mutate_out *out;
	struct expose_params pp;
	struct mut_visit *v;
};

static int expose_item(struct mut_item *it, void *payload, kube_err *err)
{
	struct expose_run *x = payload;
	const kube_expose_opts *o = x->o;
	kube_mutate_write_opts wo = {o->field_manager ? o->field_manager : "kubectl-expose", NULL,
				     o->dry_run == KUBE_DRY_RUN_SERVER};
	kube_obj *svc = NULL, *created = NULL;
	kube_buf body = KUBE_BUF_INIT;
	int rc;

	if ((rc = expose_one(&svc, it->obj, it->res, &x->pp, o, err)) < 0)
		goto out;
	if (o->dry_run == KUBE_DRY_RUN_CLIENT) {
		if ((rc = mut_print(x->out, svc, "exposed", KUBE_MUTATE_TYPED, err)) < 0)
			x->v->stop = true;
		goto out;
	}
	if (o->save_config && (rc = kube_mutate_save_config(svc, err)) < 0)
		goto out;
	/* the request carries the unstructured form: sorted keys */
	mut_json_compact(&body, svc);
	if ((rc = kube_buf_check(&body, err)) < 0)
		goto out;
	{
		kube_obj *sorted = NULL;

		if ((rc = kube_obj_parse_json(&sorted, body.ptr, body.len, err)) < 0)
			goto out;
		rc = kube_mutate_create(&created, x->c, kube_mutate_builtin("Service"),
					it->ns ? it->ns : o->sel.namespace, sorted, &wo, err);
		kube_obj_free(sorted);
		if (rc < 0)
			goto out;
	}
	if ((rc = mut_print(x->out, created, "exposed", KUBE_MUTATE_TYPED, err)) < 0)
		x->v->stop = true;
out:
	kube_buf_release(&body);
	kube_obj_free(svc);
	kube_obj_free(created);
	return rc;
}

int kube_expose_run(kube_client *c, kube_discovery *d, const kube_expose_opts *o,
		    char *const *args, size_t n, const kube_mutate_out *out, kube_errval *errs,
		    kube_err *err)
{
	struct mut_visit v = {.c = c, .d = d, .sel = &o->sel, .fetch = true, .errs = errs};
	struct expose_run x = {.c = c, .o = o, .out = out, .v = &v};
	int rc;

	if (n == 0 && !(o->sel.files && o->sel.files->nfiles))
		return kube_err_set(err, KUBE_EINVAL,
				    "You must provide one or more resources by argument or filename.\n"
				    "Example resource specifications include:\n"
				    "   '-f rsrc.yaml'\n"
				    "   '--filename=rsrc.json'\n"
				    "   '<resource> <name>'\n"
				    "   '<resource>'");
	if ((rc = params_init(&x.pp, o, err)) < 0)
		return rc;
	rc = mut_visit_run(&v, args, n, expose_item, &x, err);
	params_release(&x.pp);
	return rc;
}
