/* The pod a streaming command works on: "POD" or "TYPE/NAME" to a pod as kubectl's builder and
 * polymorphichelpers.AttachablePodForObject do it, with kubectl's pod orderings
 * (podutils.ActivePods reversed for attach/exec/port-forward, podutils.ByLogging for logs), and
 * kubectl's container defaulting (podcmd). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kube/builder.h>
#include <kube/time.h>

#include "stream-internal.h"
#include "banned.h"

const char *kube_pod_phase(const kube_obj *pod)
{
	const char *p = kube_obj_path_str(pod, "status", "phase", NULL);

	return p ? p : "";
}

/* ---- containers ---- */

static const kube_obj *find_in(const kube_obj *pod, const char *list, const char *name)
{
	const kube_obj *a = kube_obj_path(pod, "spec", list, NULL);
	size_t i;

	for (i = 0; a && i < kube_obj_len(a); i++) {
		const char *n = kube_obj_path_str(kube_obj_at(a, i), "name", NULL);

		if (n && !strcmp(n, name))
			return kube_obj_at(a, i);
	}
	return NULL;
}

static const kube_obj *find_container(const kube_obj *pod, const char *name)
{
	const kube_obj *c = find_in(pod, "containers", name);

	if (!c)
		c = find_in(pod, "initContainers", name);
	if (!c)
		c = find_in(pod, "ephemeralContainers", name);
	return c;
}

static void names_of(kube_buf *out, const kube_obj *pod, const char *list, const char *suffix,
		     bool *first)
{
	const kube_obj *a = kube_obj_path(pod, "spec", list, NULL);
	size_t i;

	for (i = 0; a && i < kube_obj_len(a); i++) {
		const char *n = kube_obj_path_str(kube_obj_at(a, i), "name", NULL);

		if (!*first)
			kube_buf_puts(out, ", ");
		*first = false;
		kube_buf_puts(out, n ? n : "");
		kube_buf_puts(out, suffix);
	}
}

void kube_pod_container_names(kube_buf *out, const kube_obj *pod)
{
	bool first = true;

	names_of(out, pod, "containers", "", &first);
	names_of(out, pod, "ephemeralContainers", " (ephem)", &first);
	names_of(out, pod, "initContainers", " (init)", &first);
}

int kube_pod_container(const char **name, bool *defaulted, const kube_obj *pod, const char *want,
		       kube_err *err)
{
	const kube_obj *cs = kube_obj_path(pod, "spec", "containers", NULL);
	const char *pname = kube_obj_path_str(pod, "metadata", "name", NULL);

	*name = NULL;
	*defaulted = false;
	if (!cs || !kube_obj_len(cs))
		return kube_err_set(err, KUBE_ERROR, "pod %s/%s does not have any containers",
				    kube_obj_path_str(pod, "metadata", "namespace", NULL)
					? kube_obj_path_str(pod, "metadata", "namespace", NULL)
					: "",
				    pname ? pname : "");
	if (!want || !*want)
		want = kube_obj_path_str(pod, "metadata", "annotations",
					 "kubectl.kubernetes.io/default-container", NULL);
	if (want && *want) {
		const kube_obj *c = find_container(pod, want);

		if (!c) {
			kube_buf all = KUBE_BUF_INIT;
			int rc;

			kube_pod_container_names(&all, pod);
			rc = kube_err_set(err, KUBE_ERROR,
					  "container %s is not valid for pod %s out of: %s", want,
					  pname ? pname : "", all.ptr);
			kube_buf_release(&all);
			return rc;
		}
		*name = kube_obj_path_str(c, "name", NULL);
		return 0;
	}
	*name = kube_obj_path_str(kube_obj_at(cs, 0), "name", NULL);
	if (!*name)
		*name = "";
	*defaulted = kube_obj_len(cs) > 1 ||
		     kube_obj_len(kube_obj_path(pod, "spec", "initContainers", NULL)) > 0 ||
		     kube_obj_len(kube_obj_path(pod, "spec", "ephemeralContainers", NULL)) > 0;
	return 0;
}

/* ---- selectors ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct req {
	const char *key;
	kube_buf text;
};

static int cmp_req(const void *a, const void *b)
{
	return strcmp(((const struct req *)a)->key, ((const struct req *)b)->key);
}

/* A map of labels as labels.SelectorFromSet(...).String(): keys sorted, "k=v" joined. */
static void set_selector(kube_buf *out, const kube_obj *m)
{
	size_t n = kube_obj_len(m), i;
	const char **keys = n ? calloc(n, sizeof(*keys)) : NULL;
	const kube_obj *e;

	if (n && !keys) {
		out->failed = true;
		return;
	}
	for (i = 0, e = kube_obj_first(m); e; e = kube_obj_next(e))
		keys[i++] = kube_obj_key(e);
	qsort(keys, n, sizeof(*keys), cmp_str);
	for (i = 0; i < n; i++) {
		if (i)
			kube_buf_putc(out, ',');
		kube_buf_printf(
		    out, "%s=%s", keys[i],
		    kube_obj_path_str(m, keys[i], NULL) ? kube_obj_path_str(m, keys[i], NULL) : "");
	}
	free(keys);
}

/* metav1.LabelSelectorAsSelector(sel).String(). */
static int label_selector(kube_buf *out, const kube_obj *sel, kube_err *err)
{
	const kube_obj *ml = kube_obj_get(sel, "matchLabels");
	const kube_obj *me = kube_obj_get(sel, "matchExpressions");
	size_t n = kube_obj_len(ml) + kube_obj_len(me), i, k = 0, j;
	struct req *r;
	const kube_obj *e;
	int rc = 0;

	if (!n)
		return 0;
	if (!(r = calloc(n, sizeof(*r))))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	for (e = kube_obj_first(ml); e; e = kube_obj_next(e)) {
		r[k].key = kube_obj_key(e);
		r[k].text = (kube_buf)KUBE_BUF_INIT;
		kube_buf_printf(&r[k].text, "%s=%s", r[k].key,
				kube_obj_str(e) ? kube_obj_str(e) : "");
		k++;
	}
	for (i = 0; i < kube_obj_len(me); i++) {
		const kube_obj *x = kube_obj_at(me, i), *vals = kube_obj_get(x, "values");
		const char *key = kube_obj_path_str(x, "key", NULL);
		const char *op = kube_obj_path_str(x, "operator", NULL);
		size_t nv = kube_obj_len(vals);
		const char **vs;

		r[k].key = key ? key : "";
		r[k].text = (kube_buf)KUBE_BUF_INIT;
		if (!op || (strcmp(op, "In") && strcmp(op, "NotIn") && strcmp(op, "Exists") &&
			    strcmp(op, "DoesNotExist"))) {
			rc = kube_err_set(err, KUBE_ERROR,
					  "invalid label selector: \"%s\" is not "
					  "a valid label selector operator",
					  op ? op : "");
			k++;
			goto out;
		}
		if (!strcmp(op, "Exists")) {
			kube_buf_puts(&r[k].text, r[k].key);
		} else if (!strcmp(op, "DoesNotExist")) {
			kube_buf_printf(&r[k].text, "!%s", r[k].key);
		} else {
			vs = nv ? calloc(nv, sizeof(*vs)) : NULL;
			if (nv && !vs) {
				k++;
				rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
				goto out;
			}
			for (j = 0; j < nv; j++)
				vs[j] = kube_obj_str(kube_obj_at(vals, j))
					    ? kube_obj_str(kube_obj_at(vals, j))
					    : "";
			qsort(vs, nv, sizeof(*vs), cmp_str);
			kube_buf_printf(&r[k].text, "%s %s (", r[k].key,
					strcmp(op, "In") ? "notin" : "in");
			for (j = 0; j < nv; j++)
				kube_buf_printf(&r[k].text, "%s%s", j ? "," : "", vs[j]);
			kube_buf_putc(&r[k].text, ')');
			free(vs);
		}
		k++;
	}
	/* sort.Sort(ByKey): insertion order kept among equal keys for short lists */
	for (i = 1; i < k; i++)
		for (j = i; j > 0 && cmp_req(&r[j], &r[j - 1]) < 0; j--) {
			struct req t = r[j];

			r[j] = r[j - 1];
			r[j - 1] = t;
		}
	for (i = 0; i < k; i++) {
		if (i)
			kube_buf_putc(out, ',');
		kube_buf_put(out, r[i].text.ptr, r[i].text.len);
	}
out:
	for (i = 0; i < k; i++)
		kube_buf_release(&r[i].text);
	free(r);
	return rc;
}

/* Go's %T of a typed object: "*v1.ConfigMap". */
static void go_type(kube_buf *out, const kube_obj *o)
{
	const char *av = kube_obj_path_str(o, "apiVersion", NULL);
	const char *kind = kube_obj_path_str(o, "kind", NULL);
	const char *slash = av ? strrchr(av, '/') : NULL;

	kube_buf_printf(out, "*%s.%s", slash ? slash + 1 : av ? av : "v1", kind ? kind : "");
}

int kube_pod_selector(kube_buf *out, const kube_obj *o, kube_err *err)
{
	static const char *const with_selector[] = {"ReplicaSet", "StatefulSet", "DaemonSet",
						    "Deployment", "Job",	 NULL};
	const char *kind = kube_obj_path_str(o, "kind", NULL);
	size_t i;

	if (kind && (!strcmp(kind, "ReplicationController") || !strcmp(kind, "Service"))) {
		const kube_obj *sel = kube_obj_path(o, "spec", "selector", NULL);

		if (!strcmp(kind, "Service") && !kube_obj_len(sel))
			return kube_err_set(err, KUBE_ERROR,
					    "invalid service '%s': Service is defined "
					    "without a selector",
					    kube_obj_path_str(o, "metadata", "name", NULL)
						? kube_obj_path_str(o, "metadata", "name", NULL)
						: "");
		set_selector(out, sel);
		return kube_buf_check(out, err);
	}
	for (i = 0; kind && with_selector[i]; i++) {
		if (!strcmp(kind, with_selector[i])) {
			int rc =
			    label_selector(out, kube_obj_path(o, "spec", "selector", NULL), err);

			return rc < 0 ? rc : kube_buf_check(out, err);
		}
	}
	{
		kube_buf t = KUBE_BUF_INIT;
		int rc;

		go_type(&t, o);
		rc = kube_err_set(err, KUBE_ERROR, "selector for %s not implemented", t.ptr);
		kube_buf_release(&t);
		return rc;
	}
}

/* ---- pod orderings ---- */

struct pod_key {
	const kube_obj *pod;
	bool assigned, ready;
	int phase;	    /* ByLogging rank (Running 0, Unknown 1, Pending 2, else 0) */
	int active_phase;   /* ActivePods rank (Pending 0, Unknown 1, Running 2, else 0) */
	int64_t ready_time; /* 0 = none */
	int64_t restarts;
	int64_t created; /* 0 = none */
};

static int64_t ts_of(const char *s)
{
	int64_t t = 0;

	if (!s || kube_time_parse(s, &t) < 0)
		return 0;
	return t;
}

static void key_of(struct pod_key *k, const kube_obj *pod)
{
	const char *phase = kube_pod_phase(pod);
	const kube_obj *conds = kube_obj_path(pod, "status", "conditions", NULL);
	const kube_obj *cs = kube_obj_path(pod, "status", "containerStatuses", NULL);
	size_t i;

	memset(k, 0, sizeof(*k));
	k->pod = pod;
	k->assigned = kube_obj_path_str(pod, "spec", "nodeName", NULL) &&
		      *kube_obj_path_str(pod, "spec", "nodeName", NULL);
	k->phase = !strcmp(phase, "Unknown") ? 1 : !strcmp(phase, "Pending") ? 2 : 0;
	k->active_phase = !strcmp(phase, "Unknown") ? 1 : !strcmp(phase, "Running") ? 2 : 0;
	for (i = 0; conds && i < kube_obj_len(conds); i++) {
		const kube_obj *c = kube_obj_at(conds, i);
		const char *type = kube_obj_path_str(c, "type", NULL);
		const char *st = kube_obj_path_str(c, "status", NULL);

		if (type && !strcmp(type, "Ready")) {
			k->ready = st && !strcmp(st, "True");
			if (k->ready)
				k->ready_time =
				    ts_of(kube_obj_path_str(c, "lastTransitionTime", NULL));
			break;
		}
	}
	for (i = 0; cs && i < kube_obj_len(cs); i++) {
		int64_t r = 0;

		if (kube_obj_int64(kube_obj_path(kube_obj_at(cs, i), "restartCount", NULL), &r) ==
			0 &&
		    r > k->restarts)
			k->restarts = r;
	}
	k->created = ts_of(kube_obj_path_str(pod, "metadata", "creationTimestamp", NULL));
}

/* afterOrZero(t1, t2): t1 after t2, a zero time counting as after everything. */
static bool after_or_zero(int64_t t1, int64_t t2)
{
	if (!t1 || !t2)
		return !t1;
	return t1 > t2;
}

/* podutils.ByLogging: a before b. */
static bool by_logging(const struct pod_key *a, const struct pod_key *b)
{
	if (a->assigned != b->assigned)
		return a->assigned;
	if (a->phase != b->phase)
		return a->phase < b->phase;
	if (a->ready != b->ready)
		return a->ready;
	if (a->ready && b->ready && a->ready_time != b->ready_time)
		return after_or_zero(b->ready_time, a->ready_time);
	if (a->restarts != b->restarts)
		return a->restarts > b->restarts;
	if (a->created != b->created)
		return after_or_zero(b->created, a->created);
	return false;
}

/* podutils.ActivePods: a before b (attach uses the reverse order). */
static bool active_pods(const struct pod_key *a, const struct pod_key *b)
{
	if (a->assigned != b->assigned)
		return !a->assigned;
	if (a->active_phase != b->active_phase)
		return a->active_phase < b->active_phase;
	if (a->ready != b->ready)
		return !a->ready;
	if (a->ready && b->ready && a->ready_time != b->ready_time)
		return after_or_zero(a->ready_time, b->ready_time);
	if (a->restarts != b->restarts)
		return a->restarts > b->restarts;
	if (a->created != b->created)
		return after_or_zero(a->created, b->created);
	return false;
}

static bool less(const struct pod_key *a, const struct pod_key *b, bool for_logs)
{
	return for_logs ? by_logging(a, b) : active_pods(b, a);
}

/* Sort the items of a PodList in place. Go's sort.Sort is an insertion sort for the short
 * lists kubectl sees (stable there), which this is everywhere. */
static int sort_pods(kube_obj *list, bool for_logs, kube_err *err)
{
	kube_obj *items = kube_obj_get_mut(list, "items");
	struct pod_key *k;
	size_t n = kube_obj_len(items), i, j;
	int rc = 0;

	if (n < 2)
		return 0;
	if (!(k = calloc(n, sizeof(*k))))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	/* take the items out (owned), sort them, put them back in order */
	for (i = 0; i < n; i++)
		key_of(&k[i], kube_obj_detach_at(items, 0));
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && less(&k[j], &k[j - 1], for_logs); j--) {
			struct pod_key t = k[j];

			k[j] = k[j - 1];
			k[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		if (rc == 0 && kube_obj_append_take(items, (kube_obj *)k[i].pod) == 0)
			continue;
		if (rc == 0)
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		kube_obj_free((kube_obj *)k[i].pod);
	}
	free(k);
	return rc;
}

static int list_pods(kube_obj **out, kube_client *c, const char *ns, const char *selector,
		     kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT;
	kube_response resp = KUBE_RESPONSE_INIT;
	kube_param p = {"labelSelector", selector};
	kube_request req;
	int rc;

	*out = NULL;
	kube_buf_puts(&path, "/api/v1/namespaces/");
	kube_buf_put_pathseg(&path, ns);
	kube_buf_puts(&path, "/pods");
	if ((rc = kube_buf_check(&path, err)) < 0)
		goto out;
	memset(&req, 0, sizeof(req));
	req.path = path.ptr;
	req.params = &p;
	req.nparams = selector && *selector ? 1 : 0;
	req.resource = "pods";
	if ((rc = kube_client_do(c, &req, &resp, err)) < 0)
		goto out;
	rc = kube_obj_parse_json(out, resp.body.ptr, resp.body.len, err);
out:
	kube_response_release(&resp);
	kube_buf_release(&path);
	return rc;
}

int kube_pod_list_sorted(kube_obj **out, kube_client *c, const char *ns, const char *selector,
			 bool for_logs, kube_err *err)
{
	int rc;

	if ((rc = list_pods(out, c, ns, selector, err)) < 0)
		return rc;
	if ((rc = sort_pods(*out, for_logs, err)) < 0) {
		kube_obj_free(*out);
		*out = NULL;
	}
	return rc;
}

struct watch_wait {
	bool seen;
};

static int on_watch(const char *data, size_t len, void *payload, kube_err *err)
{
	struct watch_wait *w = payload;
	char *tmp;

	if (!(tmp = malloc(len + 1)))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	memcpy(tmp, data, len);
	tmp[len] = '\0';
	if (strstr(tmp, "\"type\":\"ADDED\"") || strstr(tmp, "\"type\":\"MODIFIED\""))
		w->seen = true;
	free(tmp);
	if (w->seen)
		return kube_err_set(err, KUBE_ECANCELED, "seen");
	return 0;
}

/* Wait (a watch from the list's resourceVersion) until a pod of the selector shows up. */
static int wait_for_pod(kube_client *c, const char *ns, const char *selector, const char *rv,
			int64_t timeout_ms, kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT;
	kube_response resp = KUBE_RESPONSE_INIT;
	kube_param p[3] = {{"labelSelector", selector}, {"resourceVersion", rv}, {"watch", "true"}};
	kube_request req;
	struct watch_wait w = {false};
	kube_err werr = KUBE_ERR_INIT;
	int rc;

	kube_buf_puts(&path, "/api/v1/namespaces/");
	kube_buf_put_pathseg(&path, ns);
	kube_buf_puts(&path, "/pods");
	memset(&req, 0, sizeof(req));
	req.path = path.ptr;
	req.params = p;
	req.nparams = 3;
	req.data_fn = on_watch;
	req.data_payload = &w;
	req.timeout_ms = timeout_ms > 0 ? timeout_ms : -1;
	req.no_timeout_param = true;
	rc = kube_client_do(c, &req, &resp, &werr);
	if (w.seen)
		rc = 0;
	else if (rc == 0 || werr.code == KUBE_ETRANSPORT || werr.code == KUBE_ERROR)
		rc = kube_err_set(err, KUBE_ERROR, "timed out waiting for the condition");
	else
		kube_err_move(err, &werr);
	kube_err_clear(&werr);
	kube_response_release(&resp);
	kube_buf_release(&path);
	return rc;
}

static int get_object(kube_obj **out, kube_client *c, kube_discovery *d, const char *type,
		      const char *ns, const char *name, kube_err *err)
{
	const kube_resource *r = NULL;
	static const kube_resource pods = {"",	 "v1", "pods", "pod", "Pod", true,
					   true, NULL, NULL,   NULL,  NULL};
	int rc;

	if (!strcmp(type, "pods") || !strcmp(type, "pod") || !strcmp(type, "po")) {
		r = &pods;
	} else {
		if (!d)
			return kube_err_set(err, KUBE_EINVAL, "no discovery for %s", type);
		if ((rc = kube_discovery_map(&r, d, type, err)) < 0)
			return rc;
	}
	return kube_get(out, c, r, r->namespaced ? ns : NULL, name, NULL, err);
}

int kube_pod_find(kube_obj **pod, kube_obj **object, size_t *npods, kube_client *c,
		  kube_discovery *d, const kube_pod_query *q, kube_err *err)
{
	kube_obj *obj = NULL, *list = NULL;
	const kube_obj *src = q->object;
	kube_buf type = KUBE_BUF_INIT, sel = KUBE_BUF_INIT, t = KUBE_BUF_INIT;
	const char *name = q->arg, *slash = q->arg ? strchr(q->arg, '/') : NULL, *kind;
	int rc = 0;

	*pod = NULL;
	if (object)
		*object = NULL;
	if (npods)
		*npods = 0;
	if (q->object) {
		/* borrowed: only a copy of a Pod is handed out below */
	} else if (q->type) {
		kube_buf_puts(&type, q->type);
	} else if (slash) {
		if (strchr(slash + 1, '/')) {
			rc = kube_err_set(err, KUBE_EINVAL,
					  "arguments in resource/name form may not "
					  "have more than one slash");
			goto out;
		}
		kube_buf_put(&type, q->arg, (size_t)(slash - q->arg));
		name = slash + 1;
		if (!type.len || !*name) {
			rc = kube_err_set(err, KUBE_EINVAL,
					  "arguments in resource/name form must "
					  "have a single resource and name");
			goto out;
		}
	} else {
		kube_buf_puts(&type, "pods");
	}
	if (!q->object) {
		if ((rc = kube_buf_check(&type, err)) < 0)
			goto out;
		if ((rc = get_object(&obj, c, d, type.ptr, q->namespace, name, err)) < 0)
			goto out;
		src = obj;
	}
	kind = kube_obj_path_str(src, "kind", NULL);
	if (kind && !strcmp(kind, "Pod")) {
		if (q->object) {
			if ((rc = kube_obj_dup(pod, q->object, err)) < 0)
				goto out;
		} else {
			*pod = obj;
			obj = NULL;
		}
		if (npods)
			*npods = 1;
		goto out;
	}
	if ((rc = kube_pod_selector(&sel, src, err)) < 0) {
		kube_buf m = KUBE_BUF_INIT;

		go_type(&t, src);
		kube_buf_printf(
		    &m, q->for_logs ? "cannot get the logs from %s: %s" : "cannot attach to %s: %s",
		    t.ptr, err && err->message ? err->message : "");
		rc = kube_err_set(err, KUBE_ERROR, "%s", m.ptr);
		kube_buf_release(&m);
		goto out;
	}
	for (;;) {
		const char *rv;

		if ((rc = kube_pod_list_sorted(&list, c, q->namespace, sel.ptr, q->for_logs, err)) <
		    0)
			goto out;
		if (kube_obj_len(kube_obj_get(list, "items")) > 0)
			break;
		rv = kube_obj_path_str(list, "metadata", "resourceVersion", NULL);
		if ((rc = wait_for_pod(c, q->namespace, sel.ptr, rv ? rv : "", q->timeout_ms,
				       err)) < 0)
			goto out;
		kube_obj_free(list);
		list = NULL;
	}
	if (npods)
		*npods = kube_obj_len(kube_obj_get(list, "items"));
	*pod = kube_obj_detach_at(kube_obj_get_mut(list, "items"), 0);
	if (object && obj) {
		*object = obj;
		obj = NULL;
	} else if (object && (rc = kube_obj_dup(object, src, err)) < 0) {
		goto out;
	}
	rc = 0;
out:
	kube_obj_free(obj);
	kube_obj_free(list);
	kube_buf_release(&type);
	kube_buf_release(&sel);
	kube_buf_release(&t);
	return rc;
}
