/* Workload describers: deployments, replica sets, replication controllers, stateful sets,
 * daemon sets, jobs and cron jobs (kubectl 1.37's layouts). */
#include <stdlib.h>
#include <string.h>

#include <kube/time.h>

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

/* "Conditions:" table of deployments, replica sets and replication controllers. */
static void conditions3(struct kd *d, const kube_obj *conds)
{
	const kube_obj *c;

	if (!kd_has(conds))
		return;
	kd_puts(d, L0, "Conditions:\n  Type\tStatus\tReason\n");
	kd_puts(d, L1, "----\t------\t------\n");
	kube_obj_foreach(c, conds)
		kd_w(d, L1, "%s \t%s\t%s\n", kd_str(c, "type"), kd_str(c, "status"),
		     kd_str(c, "reason"));
}

/* ---- deployments ---- */

struct rs_sort {
	const kube_obj *rs;
	int64_t sec;
	int32_t nsec;
};

static bool less_rs(const void *a, const void *b, void *ctx)
{
	const struct rs_sort *x = a, *y = b;

	(void)ctx;
	if (x->sec == y->sec && x->nsec == y->nsec)
		return strcmp(NAME(x->rs), NAME(y->rs)) < 0;
	return x->sec < y->sec || (x->sec == y->sec && x->nsec < y->nsec);
}

/* Pod templates equal apart from the pod-template-hash label. */
static bool equal_ignore_hash(const kube_obj *a, const kube_obj *b)
{
	kube_obj *x = NULL, *y = NULL;
	bool eq;

	if (kube_obj_dup(&x, a, NULL) < 0 || kube_obj_dup(&y, b, NULL) < 0) {
		kube_obj_free(x);
		kube_obj_free(y);
		return false;
	}
	kube_obj_remove(kube_obj_get_mut(kube_obj_get_mut(x, "metadata"), "labels"),
			"pod-template-hash");
	kube_obj_remove(kube_obj_get_mut(kube_obj_get_mut(y, "metadata"), "labels"),
			"pod-template-hash");
	eq = kube_obj_equal(x, y);
	kube_obj_free(x);
	kube_obj_free(y);
	return eq;
}

static void print_rs_list(kube_buf *b, const struct rs_sort *v, size_t n, size_t skip)
{
	size_t i;
	bool first = true;

	for (i = 0; i < n; i++) {
		if (i == skip)
			continue;
		if (!first)
			kube_buf_puts(b, ", ");
		first = false;
		kube_buf_printf(b, "%s (%lld/%lld replicas created)", NAME(v[i].rs),
				(long long)KI(v[i].rs, "status", "replicas"),
				(long long)KI(v[i].rs, "spec", "replicas"));
	}
	if (first)
		kube_buf_puts(b, "<none>");
}

int kd_describe_deployment(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj *spec = kube_obj_get(o, "spec"), *st = kube_obj_get(o, "status"), *ru, *r;
	kube_obj *events, *rsl = NULL;
	kube_buf b = KUBE_BUF_INIT, sel = KUBE_BUF_INIT, path = KUBE_BUF_INIT;
	kube_err e = KUBE_ERR_INIT;
	struct rs_sort *v = NULL;
	size_t n = 0, i, newi = (size_t)-1;
	bool have_rs = false;

	if (!kd_label_selector(&sel, kube_obj_get(spec, "selector"))) {
		kube_buf_release(&sel);
		return kube_err_set(err, KUBE_EINVAL, "%s is not a valid label selector operator",
				    "operator");
	}
	events = kd_object_events(d, o, kind_of(o, "Deployment"));
	kube_buf_puts(&path, "/apis/apps/v1/namespaces/");
	kube_buf_put_pathseg(&path, NAMESPACE(o));
	kube_buf_puts(&path, "/replicasets");
	if (kd_list(d, path.ptr, sel.len ? sel.ptr : NULL, NULL, true, &rsl, &e) == 0) {
		have_rs = true;
		if (kube_obj_len(rsl) && !(v = calloc(kube_obj_len(rsl), sizeof(*v))))
			d->oom = true;
		if (v)
			kube_obj_foreach(r, rsl) {
				const kube_obj *ref = kd_controller_ref(r);

				if (!ref || strcmp(kd_str(ref, "uid"), KS(o, "metadata", "uid")))
					continue;
				v[n].rs = r;
				kd_time(KS(r, "metadata", "creationTimestamp"), &v[n].sec,
					&v[n].nsec);
				n++;
			}
		kgo_sort(v, n, sizeof(*v), less_rs, NULL);
		for (i = 0; i < n; i++)
			if (equal_ignore_hash(KP(v[i].rs, "spec", "template"),
					      kube_obj_get(spec, "template"))) {
				newi = i;
				break;
			}
	}
	kube_err_clear(&e);

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_rfc1123(&b, KS(o, "metadata", "creationTimestamp"));
	kd_w(d, L0, "CreationTimestamp:\t%s\n", b.ptr);
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_w(d, L0, "Selector:\t%s\n", sel.ptr);
	kd_w(d, L0,
	     "Replicas:\t%lld desired | %lld updated | %lld total | %lld available | %lld "
	     "unavailable\n",
	     (long long)KI(spec, "replicas"), (long long)KI(st, "updatedReplicas"),
	     (long long)KI(st, "replicas"), (long long)KI(st, "availableReplicas"),
	     (long long)KI(st, "unavailableReplicas"));
	kd_w(d, L0, "StrategyType:\t%s\n", KS(spec, "strategy", "type"));
	kd_w(d, L0, "MinReadySeconds:\t%lld\n", (long long)KI(spec, "minReadySeconds"));
	ru = KP(spec, "strategy", "rollingUpdate");
	if (kube_obj_type_of(ru) == KUBE_OBJ_OBJECT) {
		kube_buf mu = KUBE_BUF_INIT, ms = KUBE_BUF_INIT;

		if (kube_obj_get(ru, "maxUnavailable"))
			kd_intstr(&mu, kube_obj_get(ru, "maxUnavailable"));
		else
			kube_buf_puts(&mu, "<nil>");
		if (kube_obj_get(ru, "maxSurge"))
			kd_intstr(&ms, kube_obj_get(ru, "maxSurge"));
		else
			kube_buf_puts(&ms, "<nil>");
		kd_w(d, L0, "RollingUpdateStrategy:\t%s max unavailable, %s max surge\n", mu.ptr,
		     ms.ptr);
		kube_buf_release(&mu);
		kube_buf_release(&ms);
	}
	kd_pod_template(d, kube_obj_get(spec, "template"));
	conditions3(d, kube_obj_get(st, "conditions"));
	if (have_rs && n > 0) {
		kube_buf_truncate(&b, 0);
		print_rs_list(&b, v, n, newi);
		kd_w(d, L0, "OldReplicaSets:\t%s\n", b.ptr);
		kube_buf_truncate(&b, 0);
		if (newi != (size_t)-1)
			print_rs_list(&b, v + newi, 1, (size_t)-1);
		else
			kube_buf_puts(&b, "<none>");
		kd_w(d, L0, "NewReplicaSet:\t%s\n", b.ptr);
	}
	kd_events(d, events);
	if (b.failed || sel.failed || path.failed)
		d->oom = true;
	free(v);
	kube_obj_free(rsl);
	kube_obj_free(events);
	kube_buf_release(&b);
	kube_buf_release(&sel);
	kube_buf_release(&path);
	return finish(d, err);
}

/* ---- replica sets and replication controllers ---- */

int kd_describe_replicaset(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj *spec = kube_obj_get(o, "spec"), *ctl;
	kube_obj *events;
	kube_buf b = KUBE_BUF_INIT;
	kube_err pe = KUBE_ERR_INIT;
	int counts[4], prc;

	prc = kd_pod_status_counts(d, NAMESPACE(o), kube_obj_get(spec, "selector"),
				   KS(o, "metadata", "uid"), counts, &pe);
	events = kd_object_events(d, o, kind_of(o, "ReplicaSet"));
	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_format_label_selector(&b, kube_obj_get(spec, "selector"));
	kd_w(d, L0, "Selector:\t%s\n", b.ptr);
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	if ((ctl = kd_controller_ref(o)))
		kd_w(d, L0, "Controlled By:\t%s/%s\n", kd_str(ctl, "kind"), kd_str(ctl, "name"));
	kd_w(d, L0, "Replicas:\t%lld current / %lld desired\n",
	     (long long)KI(o, "status", "replicas"), (long long)KI(spec, "replicas"));
	kd_puts(d, L0, "Pods Status:\t");
	if (prc < 0)
		kd_w(d, L0, "error in fetching pods: %s\n", kd_or(pe.message, ""));
	else
		kd_w(d, L0, "%d Running / %d Waiting / %d Succeeded / %d Failed\n", counts[0],
		     counts[1], counts[2], counts[3]);
	kd_pod_template(d, kube_obj_get(spec, "template"));
	conditions3(d, KP(o, "status", "conditions"));
	kd_events(d, events);
	if (b.failed)
		d->oom = true;
	kube_err_clear(&pe);
	kube_buf_release(&b);
	kube_obj_free(events);
	return finish(d, err);
}

/* A replication controller's map selector as a LabelSelector object. */
static kube_obj *map_selector(const kube_obj *sel)
{
	kube_obj *s = kube_obj_new_object(), *m = NULL;

	if (s && sel && kube_obj_dup(&m, sel, NULL) == 0)
		kube_obj_set_take(s, "matchLabels", m);
	return s;
}

int kd_describe_rc(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj *spec = kube_obj_get(o, "spec");
	kube_obj *events, *sel = map_selector(kube_obj_get(spec, "selector"));
	kube_buf b = KUBE_BUF_INIT;
	int counts[4], rc;

	if (!sel)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	if ((rc = kd_pod_status_counts(d, NAMESPACE(o), sel, KS(o, "metadata", "uid"), counts,
				       err)) < 0) {
		kube_obj_free(sel);
		return rc;
	}
	kube_obj_free(sel);
	events = kd_object_events(d, o, kind_of(o, "ReplicationController"));
	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_format_labels(&b, kube_obj_get(spec, "selector"));
	kd_w(d, L0, "Selector:\t%s\n", b.ptr);
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_w(d, L0, "Replicas:\t%lld current / %lld desired\n",
	     (long long)KI(o, "status", "replicas"), (long long)KI(spec, "replicas"));
	kd_w(d, L0, "Pods Status:\t%d Running / %d Waiting / %d Succeeded / %d Failed\n", counts[0],
	     counts[1], counts[2], counts[3]);
	kd_pod_template(d, kube_obj_get(spec, "template"));
	conditions3(d, KP(o, "status", "conditions"));
	kd_events(d, events);
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_obj_free(events);
	return finish(d, err);
}

/* ---- stateful sets and daemon sets ---- */

int kd_describe_statefulset(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj *spec = kube_obj_get(o, "spec"), *ru, *t;
	kube_obj *events;
	kube_buf b = KUBE_BUF_INIT, sel = KUBE_BUF_INIT;
	int counts[4], rc;

	if (!kd_label_selector(&sel, kube_obj_get(spec, "selector"))) {
		kube_buf_release(&sel);
		return kube_err_set(err, KUBE_EINVAL, "invalid label selector");
	}
	if ((rc = kd_pod_status_counts(d, NAMESPACE(o), kube_obj_get(spec, "selector"),
				       KS(o, "metadata", "uid"), counts, err)) < 0) {
		kube_buf_release(&sel);
		return rc;
	}
	events = kd_object_events(d, o, kind_of(o, "StatefulSet"));
	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_rfc1123(&b, KS(o, "metadata", "creationTimestamp"));
	kd_w(d, L0, "CreationTimestamp:\t%s\n", b.ptr);
	kd_w(d, L0, "Selector:\t%s\n", sel.ptr);
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	if (*kd_str(spec, "serviceName"))
		kd_w(d, L0, "Service Name:\t%s\n", kd_str(spec, "serviceName"));
	if (*kd_str(spec, "podManagementPolicy"))
		kd_w(d, L0, "Pod Management Policy:\t%s\n", kd_str(spec, "podManagementPolicy"));
	kd_w(d, L0, "Replicas:\t%lld desired | %lld total\n", (long long)KI(spec, "replicas"),
	     (long long)KI(o, "status", "replicas"));
	kd_w(d, L0, "Update Strategy:\t%s\n", KS(spec, "updateStrategy", "type"));
	ru = KP(spec, "updateStrategy", "rollingUpdate");
	if (kube_obj_type_of(ru) == KUBE_OBJ_OBJECT &&
	    kube_obj_type_of(kube_obj_get(ru, "partition")) == KUBE_OBJ_NUMBER) {
		kd_w(d, L1, "Partition:\t%lld\n", (long long)KI(ru, "partition"));
		if (kube_obj_get(ru, "maxUnavailable")) {
			kube_buf_truncate(&b, 0);
			kd_intstr(&b, kube_obj_get(ru, "maxUnavailable"));
			kd_w(d, L1, "MaxUnavailable:\t%s\n", b.ptr);
		}
	}
	t = kube_obj_get(spec, "persistentVolumeClaimRetentionPolicy");
	if (kube_obj_type_of(t) == KUBE_OBJ_OBJECT) {
		kd_puts(d, L0, "Persistent Volume Claim Retention Policy:\n");
		kd_w(d, L1, "WhenDeleted:\t%s\n", kd_str(t, "whenDeleted"));
		kd_w(d, L1, "WhenScaled:\t%s\n", kd_str(t, "whenScaled"));
	}
	kd_w(d, L0, "Pods Status:\t%d Running / %d Waiting / %d Succeeded / %d Failed\n", counts[0],
	     counts[1], counts[2], counts[3]);
	kd_pod_template(d, kube_obj_get(spec, "template"));
	if (!kd_has(kube_obj_get(spec, "volumeClaimTemplates"))) {
		kd_puts(d, L0, "Volume Claims:\t<none>\n");
	} else {
		kd_puts(d, L0, "Volume Claims:\n");
		kube_obj_foreach(t, kube_obj_get(spec, "volumeClaimTemplates")) {
			const kube_obj *cap = KP(t, "spec", "resources", "requests", "storage");

			kd_w(d, L1, "Name:\t%s\n", NAME(t));
			kd_w(d, L1, "StorageClass:\t%s\n",
			     *KS(t, "metadata", "annotations",
				 "volume.beta.kubernetes.io/storage-class")
				 ? KS(t, "metadata", "annotations",
				      "volume.beta.kubernetes.io/storage-class")
				 : KS(t, "spec", "storageClassName"));
			kd_labels(d, "  ", "Labels", LABELS(t));
			kd_labels(d, "  ", "Annotations", ANNOTATIONS(t));
			kube_buf_truncate(&b, 0);
			if (cap) {
				kq q;

				kq_from_obj(&q, cap);
				kq_string(&b, &q);
			} else {
				kube_buf_puts(&b, "<default>");
			}
			kd_w(d, L1, "Capacity:\t%s\n", b.ptr);
			kube_buf_truncate(&b, 0);
			kd_strlist_v(&b, KP(t, "spec", "accessModes"));
			kd_w(d, L1, "Access Modes:\t%s\n", b.ptr);
		}
	}
	kd_events(d, events);
	if (b.failed || sel.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_buf_release(&sel);
	kube_obj_free(events);
	return finish(d, err);
}

int kd_describe_daemonset(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj *spec = kube_obj_get(o, "spec"), *st = kube_obj_get(o, "status");
	kube_obj *events;
	kube_buf b = KUBE_BUF_INIT, sel = KUBE_BUF_INIT;
	int counts[4], rc;

	if (!kd_label_selector(&sel, kube_obj_get(spec, "selector"))) {
		kube_buf_release(&sel);
		return kube_err_set(err, KUBE_EINVAL, "invalid label selector");
	}
	if ((rc = kd_pod_status_counts(d, NAMESPACE(o), kube_obj_get(spec, "selector"),
				       KS(o, "metadata", "uid"), counts, err)) < 0) {
		kube_buf_release(&sel);
		return rc;
	}
	events = kd_object_events(d, o, kind_of(o, "DaemonSet"));
	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_w(d, L0, "Selector:\t%s\n", sel.ptr);
	kd_format_labels(&b, KP(spec, "template", "spec", "nodeSelector"));
	kd_w(d, L0, "Node-Selector:\t%s\n", b.ptr);
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_w(d, L0, "Desired Number of Nodes Scheduled: %lld\n",
	     (long long)KI(st, "desiredNumberScheduled"));
	kd_w(d, L0, "Current Number of Nodes Scheduled: %lld\n",
	     (long long)KI(st, "currentNumberScheduled"));
	kd_w(d, L0, "Number of Nodes Scheduled with Up-to-date Pods: %lld\n",
	     (long long)KI(st, "updatedNumberScheduled"));
	kd_w(d, L0, "Number of Nodes Scheduled with Available Pods: %lld\n",
	     (long long)KI(st, "numberAvailable"));
	kd_w(d, L0, "Number of Nodes Misscheduled: %lld\n",
	     (long long)KI(st, "numberMisscheduled"));
	kd_w(d, L0, "Pods Status:\t%d Running / %d Waiting / %d Succeeded / %d Failed\n", counts[0],
	     counts[1], counts[2], counts[3]);
	kd_pod_template(d, kube_obj_get(spec, "template"));
	kd_events(d, events);
	if (b.failed || sel.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_buf_release(&sel);
	kube_obj_free(events);
	return finish(d, err);
}

/* ---- jobs and cron jobs ---- */

static void cap_indexes(kube_buf *b, const char *idx, size_t soft)
{
	size_t n = strlen(idx), i = soft;

	if (!n) {
		kube_buf_puts(b, "<none>");
		return;
	}
	for (; i < n; i++)
		if (idx[i] == ',')
			break;
	if (i >= n) {
		kube_buf_puts(b, idx);
		return;
	}
	kube_buf_put(b, idx, i + 1);
	kube_buf_puts(b, "...");
}

int kd_describe_job(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj *spec = kube_obj_get(o, "spec"), *st = kube_obj_get(o, "status"), *ctl;
	kube_obj *events = kd_object_events(d, o, kind_of(o, "Job"));
	kube_buf b = KUBE_BUF_INIT;
	int64_t s1, s2;
	int32_t n1, n2;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	if (kd_label_selector(&b, kube_obj_get(spec, "selector")))
		kd_w(d, L0, "Selector:\t%s\n", b.ptr);
	else
		kd_puts(d, L0, "Selector:\tFailed to get selector: invalid selector\n");
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	if ((ctl = kd_controller_ref(o)))
		kd_w(d, L0, "Controlled By:\t%s/%s\n", kd_str(ctl, "kind"), kd_str(ctl, "name"));
	if (kube_obj_type_of(kube_obj_get(spec, "parallelism")) == KUBE_OBJ_NUMBER)
		kd_w(d, L0, "Parallelism:\t%lld\n", (long long)KI(spec, "parallelism"));
	if (kube_obj_type_of(kube_obj_get(spec, "completions")) == KUBE_OBJ_NUMBER)
		kd_w(d, L0, "Completions:\t%lld\n", (long long)KI(spec, "completions"));
	else
		kd_puts(d, L0, "Completions:\t<unset>\n");
	if (kube_obj_str(kube_obj_get(spec, "completionMode")))
		kd_w(d, L0, "Completion Mode:\t%s\n", kd_str(spec, "completionMode"));
	if (kube_obj_type_of(kube_obj_get(spec, "suspend")) == KUBE_OBJ_BOOL)
		kd_w(d, L0, "Suspend:\t%s\n", KB(spec, "suspend") ? "true" : "false");
	if (kube_obj_type_of(kube_obj_get(spec, "backoffLimit")) == KUBE_OBJ_NUMBER)
		kd_w(d, L0, "Backoff Limit:\t%lld\n", (long long)KI(spec, "backoffLimit"));
	if (kube_obj_type_of(kube_obj_get(spec, "ttlSecondsAfterFinished")) == KUBE_OBJ_NUMBER)
		kd_w(d, L0, "TTL Seconds After Finished:\t%lld\n",
		     (long long)KI(spec, "ttlSecondsAfterFinished"));
	if (*kd_str(st, "startTime")) {
		kube_buf_truncate(&b, 0);
		kd_rfc1123(&b, kd_str(st, "startTime"));
		kd_w(d, L0, "Start Time:\t%s\n", b.ptr);
	}
	if (*kd_str(st, "completionTime")) {
		kube_buf_truncate(&b, 0);
		kd_rfc1123(&b, kd_str(st, "completionTime"));
		kd_w(d, L0, "Completed At:\t%s\n", b.ptr);
	}
	if (kd_time(kd_str(st, "startTime"), &s1, &n1) &&
	    kd_time(kd_str(st, "completionTime"), &s2, &n2)) {
		__int128 ns = ((__int128)s2 - s1) * 1000000000 + (n2 - n1);

		kube_buf_truncate(&b, 0);
		kube_human_duration(&b, (int64_t)(ns / 1000000000));
		kd_w(d, L0, "Duration:\t%s\n", b.ptr);
	}
	if (kube_obj_type_of(kube_obj_get(spec, "activeDeadlineSeconds")) == KUBE_OBJ_NUMBER)
		kd_w(d, L0, "Active Deadline Seconds:\t%llds\n",
		     (long long)KI(spec, "activeDeadlineSeconds"));
	if (kube_obj_type_of(kube_obj_get(st, "ready")) != KUBE_OBJ_NUMBER)
		kd_w(d, L0, "Pods Statuses:\t%lld Active / %lld Succeeded / %lld Failed\n",
		     (long long)KI(st, "active"), (long long)KI(st, "succeeded"),
		     (long long)KI(st, "failed"));
	else
		kd_w(d, L0,
		     "Pods Statuses:\t%lld Active (%lld Ready) / %lld Succeeded / %lld Failed\n",
		     (long long)KI(st, "active"), (long long)KI(st, "ready"),
		     (long long)KI(st, "succeeded"), (long long)KI(st, "failed"));
	if (!strcmp(kd_str(spec, "completionMode"), "Indexed")) {
		kube_buf_truncate(&b, 0);
		cap_indexes(&b, kd_str(st, "completedIndexes"), 50);
		kd_w(d, L0, "Completed Indexes:\t%s\n", b.ptr);
	}
	kd_pod_template(d, kube_obj_get(spec, "template"));
	kd_events(d, events);
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_obj_free(events);
	return finish(d, err);
}

int kd_describe_cronjob(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj *spec = kube_obj_get(o, "spec"), *jt = KP(spec, "jobTemplate", "spec"), *j;
	kube_obj *events = kd_object_events(d, o, kind_of(o, "CronJob"));
	kube_buf b = KUBE_BUF_INIT;
	bool first = true;

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	kd_labels(d, "", "Labels", LABELS(o));
	kd_annotations(d, "Annotations", ANNOTATIONS(o));
	kd_w(d, L0, "Schedule:\t%s\n", kd_str(spec, "schedule"));
	kd_w(d, L0, "Concurrency Policy:\t%s\n", kd_str(spec, "concurrencyPolicy"));
	if (kube_obj_type_of(kube_obj_get(spec, "suspend")) == KUBE_OBJ_BOOL)
		kd_w(d, L0, "Suspend:\t%s\n", KB(spec, "suspend") ? "True" : "False");
	else
		kd_puts(d, L0, "Suspend:\t<unset>\n");
	kd_w(d, L0, "Time Zone:\t%s\n",
	     kd_or(kube_obj_str(kube_obj_get(spec, "timeZone")), "<unset>"));
	if (kube_obj_type_of(kube_obj_get(spec, "successfulJobsHistoryLimit")) == KUBE_OBJ_NUMBER)
		kd_w(d, L0, "Successful Job History Limit:\t%lld\n",
		     (long long)KI(spec, "successfulJobsHistoryLimit"));
	else
		kd_puts(d, L0, "Successful Job History Limit:\t<unset>\n");
	if (kube_obj_type_of(kube_obj_get(spec, "failedJobsHistoryLimit")) == KUBE_OBJ_NUMBER)
		kd_w(d, L0, "Failed Job History Limit:\t%lld\n",
		     (long long)KI(spec, "failedJobsHistoryLimit"));
	else
		kd_puts(d, L0, "Failed Job History Limit:\t<unset>\n");
	if (kube_obj_type_of(kube_obj_get(spec, "startingDeadlineSeconds")) == KUBE_OBJ_NUMBER)
		kd_w(d, L0, "Starting Deadline Seconds:\t%llds\n",
		     (long long)KI(spec, "startingDeadlineSeconds"));
	else
		kd_puts(d, L0, "Starting Deadline Seconds:\t<unset>\n");
	if (kube_obj_type_of(kube_obj_get(jt, "selector")) == KUBE_OBJ_OBJECT) {
		if (kd_label_selector(&b, kube_obj_get(jt, "selector")))
			kd_w(d, L0, "Selector:\t%s\n", b.ptr);
		else
			kd_puts(d, L0, "Selector:\tFailed to get selector: invalid selector\n");
	} else {
		kd_puts(d, L0, "Selector:\t<unset>\n");
	}
	if (kube_obj_type_of(kube_obj_get(jt, "parallelism")) == KUBE_OBJ_NUMBER)
		kd_w(d, L0, "Parallelism:\t%lld\n", (long long)KI(jt, "parallelism"));
	else
		kd_puts(d, L0, "Parallelism:\t<unset>\n");
	if (kube_obj_type_of(kube_obj_get(jt, "completions")) == KUBE_OBJ_NUMBER)
		kd_w(d, L0, "Completions:\t%lld\n", (long long)KI(jt, "completions"));
	else
		kd_puts(d, L0, "Completions:\t<unset>\n");
	if (kube_obj_type_of(kube_obj_get(jt, "activeDeadlineSeconds")) == KUBE_OBJ_NUMBER)
		kd_w(d, L0, "Active Deadline Seconds:\t%llds\n",
		     (long long)KI(jt, "activeDeadlineSeconds"));
	kd_pod_template(d, kube_obj_get(jt, "template"));
	kube_buf_truncate(&b, 0);
	if (*KS(o, "status", "lastScheduleTime"))
		kd_rfc1123(&b, KS(o, "status", "lastScheduleTime"));
	else
		kube_buf_puts(&b, "<unset>");
	kd_w(d, L0, "Last Schedule Time:\t%s\n", b.ptr);
	kd_puts(d, L0, "Active Jobs:\t");
	if (!kd_has(KP(o, "status", "active")))
		kd_puts(d, L0, "<none>");
	kube_obj_foreach(j, KP(o, "status", "active")) {
		if (!first)
			kd_puts(d, L0, ", ");
		first = false;
		kd_puts(d, L0, kd_str(j, "name"));
	}
	kd_puts(d, L0, "\n");
	kd_events(d, events);
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	kube_obj_free(events);
	return finish(d, err);
}
