/* Pods, containers, volumes, pod templates and nodes (kubectl 1.37's layouts). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <kube/err.h>

#include "describe-internal.h"

#include "banned.h"

#define NAME(o) KS(o, "metadata", "name")
#define NAMESPACE(o) KS(o, "metadata", "namespace")

static int finish(struct kd *d, kube_err *err)
{
	if (d->oom)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	return 0;
}

static const char *pbool(bool v) { return v ? "True" : "False"; }

static const char *tf(bool v) { return v ? "true" : "false"; }

/* ---- containers ---- */

static void ports_string(kube_buf *b, const kube_obj *ports, bool host)
{
	const kube_obj *p;
	bool first = true;

	kube_obj_foreach(p, ports) {
		if (!first)
			kube_buf_puts(b, ", ");
		first = false;
		kube_buf_printf(b, "%lld/%s", (long long)KI(p, host ? "hostPort" : "containerPort"),
				kd_str(p, "protocol"));
		if (*kd_str(p, "name"))
			kube_buf_printf(b, " (%s)", kd_str(p, "name"));
	}
}

static void describe_state(struct kd *d, const char *name, const kube_obj *state)
{
	const kube_obj *s;
	kube_buf t = KUBE_BUF_INIT;

	if ((s = kube_obj_get(state, "running")) && kube_obj_type_of(s) == KUBE_OBJ_OBJECT) {
		kd_w(d, L2, "%s:\tRunning\n", name);
		kd_rfc1123(&t, kd_str(s, "startedAt"));
		kd_w(d, L3, "Started:\t%s\n", t.ptr);
	} else if ((s = kube_obj_get(state, "waiting")) && kube_obj_type_of(s) == KUBE_OBJ_OBJECT) {
		kd_w(d, L2, "%s:\tWaiting\n", name);
		if (*kd_str(s, "reason"))
			kd_w(d, L3, "Reason:\t%s\n", kd_str(s, "reason"));
	} else if ((s = kube_obj_get(state, "terminated")) &&
		   kube_obj_type_of(s) == KUBE_OBJ_OBJECT) {
		kd_w(d, L2, "%s:\tTerminated\n", name);
		if (*kd_str(s, "reason"))
			kd_w(d, L3, "Reason:\t%s\n", kd_str(s, "reason"));
		if (*kd_str(s, "message"))
			kd_w(d, L3, "Message:\t%s\n", kd_str(s, "message"));
		kd_w(d, L3, "Exit Code:\t%lld\n", (long long)KI(s, "exitCode"));
		if (KI(s, "signal") > 0)
			kd_w(d, L3, "Signal:\t%lld\n", (long long)KI(s, "signal"));
		kd_rfc1123(&t, kd_str(s, "startedAt"));
		kd_w(d, L3, "Started:\t%s\n", t.ptr);
		kube_buf_truncate(&t, 0);
		kd_rfc1123(&t, kd_str(s, "finishedAt"));
		kd_w(d, L3, "Finished:\t%s\n", t.ptr);
	} else {
		kd_w(d, L2, "%s:\tWaiting\n", name);
	}
	if (t.failed)
		d->oom = true;
	kube_buf_release(&t);
}

static void describe_resources(struct kd *d, const kube_obj *res, int level)
{
	static const char *const kinds[] = {"limits", "Limits", "requests", "Requests"};
	size_t k, n, i;
	kube_buf q = KUBE_BUF_INIT;

	for (k = 0; k < 4; k += 2) {
		const kube_obj **v = kd_sorted_members(kube_obj_get(res, kinds[k]), &n);

		if (n)
			kd_w(d, level, "%s:\n", kinds[k + 1]);
		for (i = 0; i < n; i++) {
			kq qq;

			kube_buf_truncate(&q, 0);
			kq_from_obj(&qq, v[i]);
			kq_string(&q, &qq);
			kd_w(d, level + 1, "%s:\t%s\n", kube_obj_key(v[i]), q.ptr);
		}
		free(v);
	}
	if (q.failed)
		d->oom = true;
	kube_buf_release(&q);
}

/* url.URL.String() path escaping (encodePath). */
static void put_url_path(kube_buf *b, const char *p)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-_.~$&+,/:;=@", c))
			kube_buf_putc(b, (char)c);
		else
			kube_buf_printf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

static void lower(kube_buf *b, const char *s)
{
	for (; *s; s++)
		kube_buf_putc(b, (char)((*s >= 'A' && *s <= 'Z') ? *s + 32 : *s));
}

/* DescribeProbe */
static void describe_probe(kube_buf *b, const kube_obj *p)
{
	const kube_obj *h;
	kube_buf attrs = KUBE_BUF_INIT;

	kube_buf_printf(&attrs,
			"delay=%llds timeout=%llds period=%llds successThreshold=%lld "
			"failureThreshold=%lld",
			(long long)KI(p, "initialDelaySeconds"), (long long)KI(p, "timeoutSeconds"),
			(long long)KI(p, "periodSeconds"), (long long)KI(p, "successThreshold"),
			(long long)KI(p, "failureThreshold"));
	if (kube_obj_type_of(kube_obj_get(p, "exec")) == KUBE_OBJ_OBJECT) {
		kube_buf_puts(b, "exec ");
		kd_strlist_v(b, KP(p, "exec", "command"));
		kube_buf_printf(b, " %s", attrs.ptr);
	} else if (kube_obj_type_of(h = kube_obj_get(p, "httpGet")) == KUBE_OBJ_OBJECT) {
		kube_buf port = KUBE_BUF_INIT;
		const char *host = kd_str(h, "host"), *path = kd_str(h, "path");

		kube_buf_puts(b, "http-get ");
		if (kube_obj_get(h, "port"))
			kd_intstr(&port, kube_obj_get(h, "port"));
		else
			kube_buf_puts(&port, "0");
		lower(b, kd_str(h, "scheme"));
		kube_buf_puts(b, "://");
		if (port.len) {
			if (strchr(host, ':'))
				kube_buf_printf(b, "[%s]:%s", host, port.ptr);
			else
				kube_buf_printf(b, "%s:%s", host, port.ptr);
		} else {
			kube_buf_puts(b, host);
		}
		if (*path && *path != '/')
			kube_buf_putc(b, '/');
		put_url_path(b, path);
		kube_buf_printf(b, " %s", attrs.ptr);
		kube_buf_release(&port);
	} else if (kube_obj_type_of(h = kube_obj_get(p, "tcpSocket")) == KUBE_OBJ_OBJECT) {
		kube_buf_printf(b, "tcp-socket %s:", kd_str(h, "host"));
		if (kube_obj_get(h, "port"))
			kd_intstr(b, kube_obj_get(h, "port"));
		else
			kube_buf_putc(b, '0');
		kube_buf_printf(b, " %s", attrs.ptr);
	} else if (kube_obj_type_of(h = kube_obj_get(p, "grpc")) == KUBE_OBJ_OBJECT) {
		kube_buf_printf(b, "grpc <pod>:%lld %s %s", (long long)KI(h, "port"),
				kd_str(h, "service"), attrs.ptr);
	} else {
		kube_buf_printf(b, "unknown %s", attrs.ptr);
	}
	if (attrs.failed)
		b->failed = true;
	kube_buf_release(&attrs);
}

/* EnvValueRetriever: kubectl's scheme converts only metadata.name and metadata.namespace. */
static void env_field_value(kube_buf *b, const kube_obj *pod, const kube_obj *ref)
{
	const char *path = kd_str(ref, "fieldPath");

	if (!pod)
		return;
	if (!strcmp(path, "metadata.name"))
		kube_buf_puts(b, NAME(pod));
	else if (!strcmp(path, "metadata.namespace"))
		kube_buf_puts(b, NAMESPACE(pod));
}

/* ExtractContainerResourceValue */
static bool container_resource_value(kube_buf *b, const kube_obj *ref, const kube_obj *container)
{
	const char *res = kd_str(ref, "resource");
	const char *dot = strchr(res, '.');
	kq div, q;
	bool cpu;
	double v;

	if (!kq_from_obj(&div, kube_obj_get(ref, "divisor")) || kq_is_zero(&div))
		kq_parse(&div, "1");
	if (!dot || (strncmp(res, "limits.", 7) && strncmp(res, "requests.", 9)))
		return false;
	if (strcmp(dot + 1, "cpu") && strcmp(dot + 1, "memory") &&
	    strcmp(dot + 1, "ephemeral-storage") && strncmp(dot + 1, "hugepages-", 10))
		return false;
	cpu = !strcmp(dot + 1, "cpu");
	if (!kq_from_obj(&q,
			 KP(container, "resources", *res == 'l' ? "limits" : "requests", dot + 1)))
		kq_zero(&q);
	if (cpu)
		v = ceil((double)kq_milli(&q) / (double)kq_milli(&div));
	else
		v = ceil((double)kq_value(&q) / (double)kq_value(&div));
	if (!isfinite(v))
		kube_buf_printf(b, "%lld", (long long)INT64_MIN);
	else
		kube_buf_printf(b, "%lld", (long long)v);
	return true;
}

static void describe_env(struct kd *d, const kube_obj *c, const kube_obj *pod)
{
	const kube_obj *e;
	kube_buf v = KUBE_BUF_INIT;

	kd_w(d, L2, "Environment:%s\n", kd_has(kube_obj_get(c, "env")) ? "" : "\t<none>");
	kube_obj_foreach(e, kube_obj_get(c, "env")) {
		const kube_obj *from = kube_obj_get(e, "valueFrom"), *r;
		const char *name = kd_str(e, "name");

		if (kube_obj_type_of(from) != KUBE_OBJ_OBJECT) {
			const char *val = kd_str(e, "value"), *nl;
			bool first = true;

			for (;;) {
				nl = strchr(val, '\n');
				if (first)
					kd_w(d, L3, "%s:\t%.*s\n", name,
					     (int)(nl ? (size_t)(nl - val) : strlen(val)), val);
				else
					kd_w(d, L3, "\t%.*s\n",
					     (int)(nl ? (size_t)(nl - val) : strlen(val)), val);
				first = false;
				if (!nl)
					break;
				val = nl + 1;
			}
			continue;
		}
		kube_buf_truncate(&v, 0);
		if (kube_obj_type_of(r = kube_obj_get(from, "fieldRef")) == KUBE_OBJ_OBJECT) {
			env_field_value(&v, pod, r);
			kd_w(d, L3, "%s:\t%s (%s:%s)\n", name, v.ptr, kd_str(r, "apiVersion"),
			     kd_str(r, "fieldPath"));
		} else if (kube_obj_type_of(r = kube_obj_get(from, "resourceFieldRef")) ==
			   KUBE_OBJ_OBJECT) {
			const char *res = kd_str(r, "resource");

			if (!container_resource_value(&v, r, c))
				kube_buf_truncate(&v, 0);
			if (!strcmp(v.ptr, "0") &&
			    (!strcmp(res, "limits.cpu") || !strcmp(res, "limits.memory"))) {
				kube_buf_truncate(&v, 0);
				kube_buf_puts(&v, "node allocatable");
			}
			kd_w(d, L3, "%s:\t%s (%s)\n", name, v.ptr, res);
		} else if (kube_obj_type_of(r = kube_obj_get(from, "secretKeyRef")) ==
			   KUBE_OBJ_OBJECT) {
			kd_w(d, L3, "%s:\t<set to the key '%s' in secret '%s'>\tOptional: %s\n",
			     name, kd_str(r, "key"), kd_str(r, "name"), tf(KB(r, "optional")));
		} else if (kube_obj_type_of(r = kube_obj_get(from, "configMapKeyRef")) ==
			   KUBE_OBJ_OBJECT) {
			kd_w(d, L3, "%s:\t<set to the key '%s' of config map '%s'>\tOptional: %s\n",
			     name, kd_str(r, "key"), kd_str(r, "name"), tf(KB(r, "optional")));
		}
	}
	if (v.failed)
		d->oom = true;
	kube_buf_release(&v);
}

static void describe_env_from(struct kd *d, const kube_obj *c)
{
	const kube_obj *e, *r;

	kd_w(d, L2, "Environment Variables from:%s\n",
	     kd_has(kube_obj_get(c, "envFrom")) ? "" : "\t<none>");
	kube_obj_foreach(e, kube_obj_get(c, "envFrom")) {
		const char *from = "", *name = "", *prefix = kd_str(e, "prefix");
		bool optional = false;

		if (kube_obj_type_of(r = kube_obj_get(e, "configMapRef")) == KUBE_OBJ_OBJECT) {
			from = "ConfigMap";
			name = kd_str(r, "name");
			optional = KB(r, "optional");
		} else if (kube_obj_type_of(r = kube_obj_get(e, "secretRef")) == KUBE_OBJ_OBJECT) {
			from = "Secret";
			name = kd_str(r, "name");
			optional = KB(r, "optional");
		}
		if (!*prefix)
			kd_w(d, L3, "%s\t%s\tOptional: %s\n", name, from, tf(optional));
		else
			kd_w(d, L3, "%s\t%s with prefix '%s'\tOptional: %s\n", name, from, prefix,
			     tf(optional));
	}
}

static bool less_mount(const void *a, const void *b, void *ctx)
{
	const char *field = ctx;

	return strcmp(kd_str(*(const kube_obj *const *)a, field),
		      kd_str(*(const kube_obj *const *)b, field)) < 0;
}

static const kube_obj **sorted_by(const kube_obj *arr, const char *field, size_t *n)
{
	const kube_obj **v, *e;

	*n = 0;
	if (!kube_obj_len(arr) || !(v = malloc(kube_obj_len(arr) * sizeof(*v))))
		return NULL;
	kube_obj_foreach(e, arr)
		v[(*n)++] = e;
	kgo_sort(v, *n, sizeof(*v), less_mount, (void *)field);
	return v;
}

static void describe_mounts(struct kd *d, const kube_obj *c)
{
	const char *none = kd_has(kube_obj_get(c, "volumeMounts")) ? "" : "\t<none>";
	const kube_obj **v;
	size_t n, i;
	kube_buf flags = KUBE_BUF_INIT;

	kd_w(d, L2, "Mounts:%s\n", none);
	v = sorted_by(kube_obj_get(c, "volumeMounts"), "mountPath", &n);
	for (i = 0; i < n; i++) {
		kube_buf_truncate(&flags, 0);
		kube_buf_puts(&flags, KB(v[i], "readOnly") ? "ro" : "rw");
		if (*kd_str(v[i], "subPath")) {
			kube_buf_puts(&flags, ",path=");
			kube_go_quote(&flags, kd_str(v[i], "subPath"));
		}
		kd_w(d, L3, "%s from %s (%s)\n", kd_str(v[i], "mountPath"), kd_str(v[i], "name"),
		     flags.ptr);
	}
	free(v);
	if (kd_has(kube_obj_get(c, "volumeDevices"))) {
		kd_w(d, L2, "Devices:%s\n", none);
		v = sorted_by(kube_obj_get(c, "volumeDevices"), "devicePath", &n);
		for (i = 0; i < n; i++)
			kd_w(d, L3, "%s from %s\n", kd_str(v[i], "devicePath"),
			     kd_str(v[i], "name"));
		free(v);
	}
	if (flags.failed)
		d->oom = true;
	kube_buf_release(&flags);
}

/* describeContainers. pod is NULL for pod templates (no statuses, no field values). */
static void describe_containers(struct kd *d, const char *label, const kube_obj *containers,
				const kube_obj *statuses, const kube_obj *pod, const char *space)
{
	const kube_obj *c, *st;
	kube_buf b = KUBE_BUF_INIT;

	kd_w(d, L0, "%s%s:%s\n", space, label, kd_has(containers) ? "" : " <none>");
	kube_obj_foreach(c, containers) {
		const kube_obj *status = NULL, *sc;
		const char *cname = kd_str(c, "name");

		kube_obj_foreach(st, statuses)
			if (!strcmp(kd_str(st, "name"), cname))
				status = st;
		kd_w(d, L1, "%s%s:\n", *space ? " " : "", cname);
		if (status)
			kd_w(d, L2, "Container ID:\t%s\n", kd_str(status, "containerID"));
		kd_w(d, L2, "Image:\t%s\n", kd_str(c, "image"));
		if (status)
			kd_w(d, L2, "Image ID:\t%s\n", kd_str(status, "imageID"));
		kube_buf_truncate(&b, 0);
		ports_string(&b, kube_obj_get(c, "ports"), false);
		if (strchr(b.ptr, ','))
			kd_w(d, L2, "Ports:\t%s\n", b.ptr);
		else
			kd_w(d, L2, "Port:\t%s\n", b.len ? b.ptr : "<none>");
		kube_buf_truncate(&b, 0);
		ports_string(&b, kube_obj_get(c, "ports"), true);
		if (strchr(b.ptr, ','))
			kd_w(d, L2, "Host Ports:\t%s\n", b.ptr);
		else
			kd_w(d, L2, "Host Port:\t%s\n", b.len ? b.ptr : "<none>");
		sc = KP(c, "securityContext", "seccompProfile");
		if (kube_obj_type_of(sc) == KUBE_OBJ_OBJECT) {
			kd_w(d, L2, "SeccompProfile:\t%s\n", kd_str(sc, "type"));
			if (!strcmp(kd_str(sc, "type"), "Localhost"))
				kd_w(d, L3, "LocalhostProfile:\t%s\n",
				     kd_str(sc, "localhostProfile"));
		}
		if (kd_has(kube_obj_get(c, "command"))) {
			const kube_obj *a;

			kd_puts(d, L2, "Command:\n");
			kube_obj_foreach(a, kube_obj_get(c, "command")) {
				const char *s = kd_or(kube_obj_str(a), ""), *nl;

				for (;;) {
					nl = strchr(s, '\n');
					kd_w(d, L3, "%.*s\n",
					     (int)(nl ? (size_t)(nl - s) : strlen(s)), s);
					if (!nl)
						break;
					s = nl + 1;
				}
			}
		}
		if (kd_has(kube_obj_get(c, "args"))) {
			const kube_obj *a;

			kd_puts(d, L2, "Args:\n");
			kube_obj_foreach(a, kube_obj_get(c, "args")) {
				const char *s = kd_or(kube_obj_str(a), ""), *nl;

				for (;;) {
					nl = strchr(s, '\n');
					kd_w(d, L3, "%.*s\n",
					     (int)(nl ? (size_t)(nl - s) : strlen(s)), s);
					if (!nl)
						break;
					s = nl + 1;
				}
			}
		}
		if (status) {
			describe_state(d, "State", kube_obj_get(status, "state"));
			if (kube_obj_type_of(KP(status, "lastState", "terminated")) ==
			    KUBE_OBJ_OBJECT)
				describe_state(d, "Last State", kube_obj_get(status, "lastState"));
			kd_w(d, L2, "Ready:\t%s\n", pbool(KB(status, "ready")));
			kd_w(d, L2, "Restart Count:\t%lld\n",
			     (long long)KI(status, "restartCount"));
		}
		describe_resources(d, kube_obj_get(c, "resources"), L2);
		if (kube_obj_type_of(kube_obj_get(c, "livenessProbe")) == KUBE_OBJ_OBJECT) {
			kube_buf_truncate(&b, 0);
			describe_probe(&b, kube_obj_get(c, "livenessProbe"));
			kd_w(d, L2, "Liveness:\t%s\n", b.ptr);
		}
		if (kube_obj_type_of(kube_obj_get(c, "readinessProbe")) == KUBE_OBJ_OBJECT) {
			kube_buf_truncate(&b, 0);
			describe_probe(&b, kube_obj_get(c, "readinessProbe"));
			kd_w(d, L2, "Readiness:\t%s\n", b.ptr);
		}
		if (kube_obj_type_of(kube_obj_get(c, "startupProbe")) == KUBE_OBJ_OBJECT) {
			kube_buf_truncate(&b, 0);
			describe_probe(&b, kube_obj_get(c, "startupProbe"));
			kd_w(d, L2, "Startup:\t%s\n", b.ptr);
		}
		if (kd_has(kube_obj_get(c, "envFrom")))
			describe_env_from(d, c);
		describe_env(d, c, pod);
		describe_mounts(d, c);
	}
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
}

/* ---- volumes ---- */

static void describe_volume(struct kd *d, const kube_obj *v)
{
	const kube_obj *s;
	kube_buf b = KUBE_BUF_INIT;

#define VOL(key) (kube_obj_type_of(s = kube_obj_get(v, key)) == KUBE_OBJ_OBJECT)
	if (VOL("hostPath")) {
		kd_w(d, L2,
		     "Type:\tHostPath (bare host directory volume)\n    Path:\t%s\n    "
		     "HostPathType:\t%s\n",
		     kd_str(s, "path"), kd_or(kube_obj_str(kube_obj_get(s, "type")), "<none>"));
	} else if (VOL("emptyDir")) {
		kq q;

		if (kq_from_obj(&q, kube_obj_get(s, "sizeLimit")) && q.v > 0)
			kq_string(&b, &q);
		else
			kube_buf_puts(&b, "<unset>");
		kd_w(d, L2,
		     "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    "
		     "Medium:\t%s\n    SizeLimit:\t%s\n",
		     kd_str(s, "medium"), b.ptr);
	} else if (VOL("gcePersistentDisk")) {
		kd_w(d, L2,
		     "Type:\tGCEPersistentDisk (a Persistent Disk resource in Google Compute "
		     "Engine)\n    PDName:\t%s\n    FSType:\t%s\n    Partition:\t%lld\n    "
		     "ReadOnly:\t%s\n",
		     kd_str(s, "pdName"), kd_str(s, "fsType"), (long long)KI(s, "partition"),
		     tf(KB(s, "readOnly")));
	} else if (VOL("awsElasticBlockStore")) {
		kd_w(d, L2,
		     "Type:\tAWSElasticBlockStore (a Persistent Disk resource in AWS)\n    "
		     "VolumeID:\t%s\n    FSType:\t%s\n    Partition:\t%lld\n    ReadOnly:\t%s\n",
		     kd_str(s, "volumeID"), kd_str(s, "fsType"), (long long)KI(s, "partition"),
		     tf(KB(s, "readOnly")));
	} else if (VOL("gitRepo")) {
		kd_w(d, L2,
		     "Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n"
		     "    Repository:\t%s\n    Revision:\t%s\n",
		     kd_str(s, "repository"), kd_str(s, "revision"));
	} else if (VOL("secret")) {
		kd_w(d, L2,
		     "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t%s\n    "
		     "Optional:\t%s\n",
		     kd_str(s, "secretName"), tf(KB(s, "optional")));
	} else if (VOL("configMap")) {
		kd_w(d, L2,
		     "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t%s\n    "
		     "Optional:\t%s\n",
		     kd_str(s, "name"), tf(KB(s, "optional")));
	} else if (VOL("nfs")) {
		kd_w(d, L2,
		     "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t%s\n"
		     "    Path:\t%s\n    ReadOnly:\t%s\n",
		     kd_str(s, "server"), kd_str(s, "path"), tf(KB(s, "readOnly")));
	} else if (VOL("persistentVolumeClaim")) {
		kd_w(d, L2,
		     "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the "
		     "same namespace)\n    ClaimName:\t%s\n    ReadOnly:\t%s\n",
		     kd_str(s, "claimName"), tf(KB(s, "readOnly")));
	} else if (VOL("ephemeral")) {
		kd_puts(d, L2,
			"Type:\tEphemeralVolume (an inline specification for a volume that "
			"gets created and deleted with the pod)\n");
	} else if (VOL("downwardAPI")) {
		const kube_obj *it;

		kd_puts(d, L2,
			"Type:\tDownwardAPI (a volume populated by information about the "
			"pod)\n    Items:\n");
		kube_obj_foreach(it, kube_obj_get(s, "items")) {
			if (kube_obj_type_of(kube_obj_get(it, "fieldRef")) == KUBE_OBJ_OBJECT)
				kd_w(d, L3, "%s -> %s\n", KS(it, "fieldRef", "fieldPath"),
				     kd_str(it, "path"));
			if (kube_obj_type_of(kube_obj_get(it, "resourceFieldRef")) ==
			    KUBE_OBJ_OBJECT)
				kd_w(d, L3, "%s -> %s\n", KS(it, "resourceFieldRef", "resource"),
				     kd_str(it, "path"));
		}
	} else if (VOL("iscsi")) {
		kube_buf portals = KUBE_BUF_INIT, ref = KUBE_BUF_INIT;

		kd_strlist_v(&portals, kube_obj_get(s, "portals"));
		if (kube_obj_type_of(kube_obj_get(s, "secretRef")) == KUBE_OBJ_OBJECT)
			kube_buf_printf(&ref, "&LocalObjectReference{Name:%s,}",
					KS(s, "secretRef", "name"));
		else
			kube_buf_puts(&ref, "nil");
		kd_w(d, L2,
		     "Type:\tISCSI (an ISCSI Disk resource that is attached to a kubelet's host "
		     "machine and then exposed to the pod)\n    TargetPortal:\t%s\n    IQN:\t%s\n"
		     "    Lun:\t%lld\n    ISCSIInterface\t%s\n    FSType:\t%s\n    ReadOnly:\t%s\n"
		     "    Portals:\t%s\n    DiscoveryCHAPAuth:\t%s\n    SessionCHAPAuth:\t%s\n"
		     "    SecretRef:\t%s\n    InitiatorName:\t%s\n",
		     kd_str(s, "targetPortal"), kd_str(s, "iqn"), (long long)KI(s, "lun"),
		     kd_str(s, "iscsiInterface"), kd_str(s, "fsType"), tf(KB(s, "readOnly")),
		     portals.ptr, tf(KB(s, "chapAuthDiscovery")), tf(KB(s, "chapAuthSession")),
		     ref.ptr, kd_or(kube_obj_str(kube_obj_get(s, "initiatorName")), "<none>"));
		kube_buf_release(&portals);
		kube_buf_release(&ref);
	} else if (VOL("azureDisk")) {
		kd_w(d, L2,
		     "Type:\tAzureDisk (an Azure Data Disk mount on the host and bind mount to the "
		     "pod)\n    DiskName:\t%s\n    DiskURI:\t%s\n    Kind: \t%s\n    FSType:\t%s\n"
		     "    CachingMode:\t%s\n    ReadOnly:\t%s\n",
		     kd_str(s, "diskName"), kd_str(s, "diskURI"), kd_str(s, "kind"),
		     kd_str(s, "fsType"), kd_str(s, "cachingMode"), tf(KB(s, "readOnly")));
	} else if (VOL("vsphereVolume")) {
		kd_w(d, L2,
		     "Type:\tvSphereVolume (a Persistent Disk resource in vSphere)\n    "
		     "VolumePath:\t%s\n    FSType:\t%s\n    StoragePolicyName:\t%s\n",
		     kd_str(s, "volumePath"), kd_str(s, "fsType"), kd_str(s, "storagePolicyName"));
	} else if (VOL("portworxVolume")) {
		kd_w(d, L2,
		     "Type:\tPortworxVolume (a Portworx Volume resource)\n    VolumeID:\t%s\n",
		     kd_str(s, "volumeID"));
	} else if (VOL("fc")) {
		kube_buf wwns = KUBE_BUF_INIT, lun = KUBE_BUF_INIT;

		kd_join(&wwns, kube_obj_get(s, "targetWWNs"), ", ");
		if (kube_obj_get(s, "lun"))
			kube_buf_printf(&lun, "%lld", (long long)KI(s, "lun"));
		else
			kube_buf_puts(&lun, "<none>");
		kd_w(d, L2,
		     "Type:\tFC (a Fibre Channel disk)\n    TargetWWNs:\t%s\n    LUN:\t%s\n    "
		     "FSType:\t%s\n    ReadOnly:\t%s\n",
		     wwns.ptr, lun.ptr, kd_str(s, "fsType"), tf(KB(s, "readOnly")));
		kube_buf_release(&wwns);
		kube_buf_release(&lun);
	} else if (VOL("azureFile")) {
		kd_w(d, L2,
		     "Type:\tAzureFile (an Azure File Service mount on the host and bind mount to "
		     "the pod)\n    SecretName:\t%s\n    ShareName:\t%s\n    ReadOnly:\t%s\n",
		     kd_str(s, "secretName"), kd_str(s, "shareName"), tf(KB(s, "readOnly")));
	} else if (VOL("projected")) {
		const kube_obj *src;

		kd_puts(d, L2,
			"Type:\tProjected (a volume that contains injected data from multiple "
			"sources)\n");
		kube_obj_foreach(src, kube_obj_get(s, "sources")) {
			const kube_obj *x;

			if (kube_obj_type_of(x = kube_obj_get(src, "secret")) == KUBE_OBJ_OBJECT)
				kd_w(d, L2, "SecretName:\t%s\n    Optional:\t%s\n",
				     kd_str(x, "name"), tf(KB(x, "optional")));
			else if (kube_obj_type_of(kube_obj_get(src, "downwardAPI")) ==
				 KUBE_OBJ_OBJECT)
				kd_puts(d, L2, "DownwardAPI:\ttrue\n");
			else if (kube_obj_type_of(x = kube_obj_get(src, "configMap")) ==
				 KUBE_OBJ_OBJECT)
				kd_w(d, L2, "ConfigMapName:\t%s\n    Optional:\t%s\n",
				     kd_str(x, "name"), tf(KB(x, "optional")));
			else if (kube_obj_type_of(x = kube_obj_get(src, "serviceAccountToken")) ==
				 KUBE_OBJ_OBJECT)
				kd_w(d, L2, "TokenExpirationSeconds:\t%lld\n",
				     (long long)KI(x, "expirationSeconds"));
		}
	} else if (VOL("csi")) {
		size_t n, i;
		const kube_obj **attrs;

		kd_w(d, L2,
		     "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    "
		     "Driver:\t%s\n    FSType:\t%s\n    ReadOnly:\t%s\n",
		     kd_str(s, "driver"), kd_str(s, "fsType"), tf(KB(s, "readOnly")));
		kd_puts(d, L2, "VolumeAttributes:\t");
		attrs = kd_sorted_members(kube_obj_get(s, "volumeAttributes"), &n);
		if (!n)
			kd_puts(d, L0, "<none>\n");
		for (i = 0; i < n; i++) {
			kube_buf line = KUBE_BUF_INIT;

			if (i) {
				kd_puts(d, L2, "");
				kd_puts(d, L2, "\t");
			}
			kube_buf_printf(&line, "%s=%s", kube_obj_key(attrs[i]),
					kd_or(kube_obj_str(attrs[i]), ""));
			if (line.len > 140)
				kd_w(d, L2, "%.140s...\n", line.ptr);
			else
				kd_w(d, L2, "%s\n", line.ptr);
			kube_buf_release(&line);
		}
		free(attrs);
	} else if (VOL("image")) {
		kd_w(d, L2,
		     "Type:\tImage (a container image or OCI artifact)\n    Reference:\t%s\n    "
		     "PullPolicy:\t%s\n",
		     kd_str(s, "reference"), kd_str(s, "pullPolicy"));
	} else if (VOL("cephfs")) {
		kube_buf mons = KUBE_BUF_INIT;

		kd_strlist_v(&mons, kube_obj_get(s, "monitors"));
		kd_w(d, L2,
		     "Type:\tCephFS (a CephFS mount on the host that shares a pod's lifetime)\n    "
		     "Monitors:\t%s\n    Path:\t%s\n    User:\t%s\n    SecretFile:\t%s\n    "
		     "SecretRef:\t%s\n    ReadOnly:\t%s\n",
		     mons.ptr, kd_str(s, "path"), kd_str(s, "user"), kd_str(s, "secretFile"),
		     kube_obj_type_of(kube_obj_get(s, "secretRef")) == KUBE_OBJ_OBJECT
			 ? "&LocalObjectReference{}"
			 : "nil",
		     tf(KB(s, "readOnly")));
		kube_buf_release(&mons);
	} else if (VOL("flexVolume")) {
		kube_buf opts = KUBE_BUF_INIT;

		kube_go_format_value(&opts, kube_obj_get(s, "options"));
		if (!kube_obj_get(s, "options")) {
			kube_buf_truncate(&opts, 0);
			kube_buf_puts(&opts, "map[]");
		}
		kd_w(d, L2,
		     "Type:\tFlexVolume (a generic volume resource that is provisioned/attached "
		     "using an exec based plugin)\n    Driver:\t%s\n    FSType:\t%s\n    "
		     "SecretRef:\t%s\n    ReadOnly:\t%s\n    Options:\t%s\n",
		     kd_str(s, "driver"), kd_str(s, "fsType"),
		     kube_obj_type_of(kube_obj_get(s, "secretRef")) == KUBE_OBJ_OBJECT
			 ? "&LocalObjectReference{}"
			 : "nil",
		     tf(KB(s, "readOnly")), opts.ptr);
		kube_buf_release(&opts);
	} else {
		kd_puts(d, L1, "<unknown>\n");
	}
#undef VOL
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
}

static void describe_volumes(struct kd *d, const kube_obj *volumes, const char *space)
{
	const kube_obj *v;

	if (!kd_has(volumes)) {
		kd_w(d, L0, "%sVolumes:\t<none>\n", space);
		return;
	}
	kd_w(d, L0, "%sVolumes:\n", space);
	kube_obj_foreach(v, volumes) {
		kd_w(d, L1, "%s%s:\n", *space ? " " : "", kd_str(v, "name"));
		describe_volume(d, v);
	}
}

/* ---- tolerations, topology, template ---- */

static bool less_key(const void *a, const void *b, void *ctx)
{
	const char *field = ctx;

	return strcmp(kd_str(*(const kube_obj *const *)a, field),
		      kd_str(*(const kube_obj *const *)b, field)) < 0;
}

static void tolerations(struct kd *d, const char *title, const kube_obj *tols)
{
	const kube_obj **v, *t;
	size_t n = 0, i;

	kd_w(d, L0, "%s:\t", title);
	if (!kd_has(tols)) {
		kd_puts(d, L0, "<none>\n");
		return;
	}
	if (!(v = malloc(kube_obj_len(tols) * sizeof(*v)))) {
		d->oom = true;
		return;
	}
	kube_obj_foreach(t, tols)
		v[n++] = t;
	kgo_sort(v, n, sizeof(*v), less_key, (void *)"key");
	for (i = 0; i < n; i++) {
		const char *key = kd_str(v[i], "key"), *val = kd_str(v[i], "value"),
			   *eff = kd_str(v[i], "effect");

		if (i)
			kd_puts(d, L0, "\t");
		kd_puts(d, L0, key);
		if (*val)
			kd_w(d, L0, "=%s", val);
		if (*eff)
			kd_w(d, L0, ":%s", eff);
		if (!strcmp(kd_str(v[i], "operator"), "Exists") && !*val)
			kd_puts(d, L0, *key || *eff ? " op=Exists" : "op=Exists");
		if (kube_obj_get(v[i], "tolerationSeconds") &&
		    kube_obj_type_of(kube_obj_get(v[i], "tolerationSeconds")) == KUBE_OBJ_NUMBER)
			kd_w(d, L0, " for %llds", (long long)KI(v[i], "tolerationSeconds"));
		kd_puts(d, L0, "\n");
	}
	free(v);
}

static void topology_spread(struct kd *d, const kube_obj *tscs, const char *space)
{
	const kube_obj **v, *t;
	size_t n = 0, i;
	kube_buf b = KUBE_BUF_INIT;

	if (!kd_has(tscs))
		return;
	if (!(v = malloc(kube_obj_len(tscs) * sizeof(*v)))) {
		d->oom = true;
		return;
	}
	kube_obj_foreach(t, tscs)
		v[n++] = t;
	kgo_sort(v, n, sizeof(*v), less_key, (void *)"topologyKey");
	kd_w(d, L0, "%sTopology Spread Constraints:\t", space);
	for (i = 0; i < n; i++) {
		if (i) {
			kd_puts(d, L0, space);
			kd_puts(d, L0, "\t");
		}
		kd_w(d, L0, "%s:", kd_str(v[i], "topologyKey"));
		kd_puts(d, L0, kd_str(v[i], "whenUnsatisfiable"));
		kd_w(d, L0, " when max skew %lld is exceeded", (long long)KI(v[i], "maxSkew"));
		if (kube_obj_type_of(kube_obj_get(v[i], "labelSelector")) == KUBE_OBJ_OBJECT) {
			kube_buf_truncate(&b, 0);
			kd_format_label_selector(&b, kube_obj_get(v[i], "labelSelector"));
			kd_w(d, L0, " for selector %s", b.ptr);
		}
		kd_puts(d, L0, "\n");
	}
	if (b.failed)
		d->oom = true;
	kube_buf_release(&b);
	free(v);
}

static void scheduling_group(struct kd *d, const kube_obj *spec, const char *space)
{
	const kube_obj *g = kube_obj_get(spec, "schedulingGroup");

	if (kube_obj_type_of(g) != KUBE_OBJ_OBJECT)
		return;
	kd_w(d, L0, "%sSchedulingGroup:\n", space);
	kd_w(d, L1, "PodGroupName:\t%s\n", kd_str(g, "podGroupName"));
}

void kd_pod_template(struct kd *d, const kube_obj *tmpl)
{
	const kube_obj *spec = kube_obj_get(tmpl, "spec");

	kd_puts(d, L0, "Pod Template:\n");
	if (kube_obj_type_of(tmpl) != KUBE_OBJ_OBJECT) {
		kd_puts(d, L1, "<unset>");
		return;
	}
	kd_labels(d, "", "  Labels", KP(tmpl, "metadata", "labels"));
	if (kd_has(KP(tmpl, "metadata", "annotations")))
		kd_annotations(d, "  Annotations", KP(tmpl, "metadata", "annotations"));
	if (*kd_str(spec, "serviceAccountName"))
		kd_w(d, L1, "Service Account:\t%s\n", kd_str(spec, "serviceAccountName"));
	if (kd_has(kube_obj_get(spec, "initContainers")))
		describe_containers(d, "Init Containers", kube_obj_get(spec, "initContainers"),
				    NULL, NULL, "  ");
	describe_containers(d, "Containers", kube_obj_get(spec, "containers"), NULL, NULL, "  ");
	describe_volumes(d, kube_obj_get(spec, "volumes"), "  ");
	topology_spread(d, kube_obj_get(spec, "topologySpreadConstraints"), "  ");
	if (*kd_str(spec, "priorityClassName"))
		kd_w(d, L1, "Priority Class Name:\t%s\n", kd_str(spec, "priorityClassName"));
	kd_labels(d, "", "  Node-Selectors", kube_obj_get(spec, "nodeSelector"));
	tolerations(d, "  Tolerations", kube_obj_get(spec, "tolerations"));
	scheduling_group(d, spec, "  ");
}

/* ---- QoS ---- */

static bool qos_resource(const char *name)
{
	return !strcmp(name, "cpu") || !strcmp(name, "memory");
}

/* qos.ComputePodQOS */
static const char *compute_qos(const kube_obj *pod, bool *oom)
{
	struct kq_list req = {0}, lim = {0};
	const kube_obj *spec = kube_obj_get(pod, "spec"), *lists[2], *c, *m;
	const char *res;
	bool guaranteed = true;
	kq zero;
	size_t li, i;

	kq_zero(&zero);
	lists[0] = kube_obj_get(spec, "containers");
	lists[1] = kube_obj_get(spec, "initContainers");
	if (kube_obj_type_of(KP(spec, "resources")) == KUBE_OBJ_OBJECT &&
	    (KP(spec, "resources", "requests", "cpu") ||
	     KP(spec, "resources", "requests", "memory") ||
	     KP(spec, "resources", "limits", "cpu") || KP(spec, "resources", "limits", "memory"))) {
		/* pod-level resources decide */
		int found = 0;

		kube_obj_foreach(m, KP(spec, "resources", "requests")) {
			kq q;

			if (qos_resource(kube_obj_key(m)) && kq_from_obj(&q, m) &&
			    kq_cmp(&q, &zero) > 0)
				kq_list_set(&req, kube_obj_key(m), &q, oom);
		}
		kube_obj_foreach(m, KP(spec, "resources", "limits")) {
			kq q;

			if (qos_resource(kube_obj_key(m)) && kq_from_obj(&q, m) &&
			    kq_cmp(&q, &zero) > 0) {
				kq_list_set(&lim, kube_obj_key(m), &q, oom);
				found++;
			}
		}
		if (found < 2)
			guaranteed = false;
	} else {
		for (li = 0; li < 2; li++)
			kube_obj_foreach(c, lists[li]) {
				int found = 0;

				kube_obj_foreach(m, KP(c, "resources", "requests")) {
					kq q, *cur;

					if (!qos_resource(kube_obj_key(m)) || !kq_from_obj(&q, m) ||
					    kq_cmp(&q, &zero) <= 0)
						continue;
					if ((cur = kq_list_find(&req, kube_obj_key(m)))) {
						kq_add(&q, cur);
						*cur = q;
					} else {
						kq_list_set(&req, kube_obj_key(m), &q, oom);
					}
				}
				kube_obj_foreach(m, KP(c, "resources", "limits")) {
					kq q, *cur;

					if (!qos_resource(kube_obj_key(m)) || !kq_from_obj(&q, m) ||
					    kq_cmp(&q, &zero) <= 0)
						continue;
					found |= !strcmp(kube_obj_key(m), "cpu") ? 1 : 2;
					if ((cur = kq_list_find(&lim, kube_obj_key(m)))) {
						kq_add(&q, cur);
						*cur = q;
					} else {
						kq_list_set(&lim, kube_obj_key(m), &q, oom);
					}
				}
				if (found != 3)
					guaranteed = false;
			}
	}
	if (!req.n && !lim.n) {
		res = "BestEffort";
	} else {
		if (guaranteed)
			for (i = 0; i < req.n; i++) {
				kq *l = kq_list_find(&lim, req.names[i]);

				if (!l || kq_cmp(l, &req.q[i]) != 0) {
					guaranteed = false;
					break;
				}
			}
		res = guaranteed && req.n == lim.n ? "Guaranteed" : "Burstable";
	}
	kq_list_release(&req);
	kq_list_release(&lim);
	return res;
}

/* ---- pods ---- */

int kd_describe_pod(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj *spec = kube_obj_get(o, "spec"), *status = kube_obj_get(o, "status");
	const kube_obj *ctl, *x, *c, *g;
	kube_obj *events = NULL;
	kube_buf t = KUBE_BUF_INIT;
	const char *phase = kd_str(status, "phase");

	if (d->s->show_events) {
		const char *uid = KS(o, "metadata", "uid");
		const char *mirror =
		    kube_obj_str(KP(o, "metadata", "annotations", "kubernetes.io/config.mirror"));
		kube_err e = KUBE_ERR_INIT;
		int rc;

		events = kd_search_events(d, NAMESPACE(o), NAME(o), NULL, mirror ? mirror : uid,
					  &rc, &e);
		kube_err_clear(&e);
	}
	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	kd_w(d, L0, "Namespace:\t%s\n", NAMESPACE(o));
	if (kube_obj_type_of(kube_obj_get(spec, "priority")) == KUBE_OBJ_NUMBER)
		kd_w(d, L0, "Priority:\t%lld\n", (long long)KI(spec, "priority"));
	if (*kd_str(spec, "priorityClassName"))
		kd_w(d, L0, "Priority Class Name:\t%s\n", kd_str(spec, "priorityClassName"));
	if (*kd_str(spec, "runtimeClassName"))
		kd_w(d, L0, "Runtime Class Name:\t%s\n", kd_str(spec, "runtimeClassName"));
	if (*kd_str(spec, "serviceAccountName"))
		kd_w(d, L0, "Service Account:\t%s\n", kd_str(spec, "serviceAccountName"));
	if (!*kd_str(spec, "nodeName"))
		kd_puts(d, L0, "Node:\t<none>\n");
	else
		kd_w(d, L0, "Node:\t%s/%s\n", kd_str(spec, "nodeName"), kd_str(status, "hostIP"));
	if (*kd_str(status, "startTime")) {
		kd_rfc1123(&t, kd_str(status, "startTime"));
		kd_w(d, L0, "Start Time:\t%s\n", t.ptr);
	}
	kd_labels(d, "", "Labels", KP(o, "metadata", "labels"));
	kd_annotations(d, "Annotations", KP(o, "metadata", "annotations"));
	if (*KS(o, "metadata", "deletionTimestamp") && strcmp(phase, "Failed") &&
	    strcmp(phase, "Succeeded")) {
		kube_buf_truncate(&t, 0);
		kd_since(d, &t, KS(o, "metadata", "deletionTimestamp"));
		kd_w(d, L0, "Status:\tTerminating (lasts %s)\n", t.ptr);
		kd_w(d, L0, "Termination Grace Period:\t%llds\n",
		     (long long)KI(o, "metadata", "deletionGracePeriodSeconds"));
	} else {
		kd_w(d, L0, "Status:\t%s\n", phase);
	}
	if (*kd_str(status, "reason"))
		kd_w(d, L0, "Reason:\t%s\n", kd_str(status, "reason"));
	if (*kd_str(status, "message"))
		kd_w(d, L0, "Message:\t%s\n", kd_str(status, "message"));
	x = KP(spec, "securityContext", "seccompProfile");
	if (kube_obj_type_of(x) == KUBE_OBJ_OBJECT) {
		kd_w(d, L0, "SeccompProfile:\t%s\n", kd_str(x, "type"));
		if (!strcmp(kd_str(x, "type"), "Localhost"))
			kd_w(d, L0, "LocalhostProfile:\t%s\n", kd_str(x, "localhostProfile"));
	}
	kd_w(d, L0, "IP:\t%s\n", kd_str(status, "podIP"));
	if (!kd_has(kube_obj_get(status, "podIPs"))) {
		kd_puts(d, L0, "IPs:\t<none>\n");
	} else {
		kd_puts(d, L0, "IPs:\n");
		kube_obj_foreach(x, kube_obj_get(status, "podIPs"))
			kd_w(d, L1, "IP:\t%s\n", kd_str(x, "ip"));
	}
	if ((ctl = kd_controller_ref(o)))
		kd_w(d, L0, "Controlled By:\t%s/%s\n", kd_str(ctl, "kind"), kd_str(ctl, "name"));
	if (*kd_str(status, "nominatedNodeName"))
		kd_w(d, L0, "NominatedNodeName:\t%s\n", kd_str(status, "nominatedNodeName"));
	if (kube_obj_type_of(kube_obj_get(spec, "resources")) == KUBE_OBJ_OBJECT) {
		kd_puts(d, L0, "Resources:\n");
		describe_resources(d, kube_obj_get(spec, "resources"), L1);
	}
	if (kd_has(kube_obj_get(spec, "initContainers")))
		describe_containers(d, "Init Containers", kube_obj_get(spec, "initContainers"),
				    kube_obj_get(status, "initContainerStatuses"), o, "");
	describe_containers(d, "Containers", kube_obj_get(spec, "containers"),
			    kube_obj_get(status, "containerStatuses"), o, "");
	if (kd_has(kube_obj_get(spec, "ephemeralContainers")))
		describe_containers(d, "Ephemeral Containers",
				    kube_obj_get(spec, "ephemeralContainers"),
				    kube_obj_get(status, "ephemeralContainerStatuses"), o, "");
	if (kd_has(kube_obj_get(spec, "readinessGates"))) {
		kd_puts(d, L0, "Readiness Gates:\n  Type\tStatus\n");
		kube_obj_foreach(g, kube_obj_get(spec, "readinessGates")) {
			const char *st = "<none>";

			kube_obj_foreach(c, kube_obj_get(status, "conditions"))
				if (!strcmp(kd_str(c, "type"), kd_str(g, "conditionType"))) {
					st = kd_str(c, "status");
					break;
				}
			kd_w(d, L1, "%s \t%s \n", kd_str(g, "conditionType"), st);
		}
	}
	if (kd_has(kube_obj_get(status, "conditions"))) {
		kd_puts(d, L0, "Conditions:\n  Type\tStatus\n");
		kube_obj_foreach(c, kube_obj_get(status, "conditions"))
			kd_w(d, L1, "%s \t%s \n", kd_str(c, "type"), kd_str(c, "status"));
	}
	describe_volumes(d, kube_obj_get(spec, "volumes"), "");
	kd_w(d, L0, "QoS Class:\t%s\n",
	     *kd_str(status, "qosClass") ? kd_str(status, "qosClass") : compute_qos(o, &d->oom));
	kd_labels(d, "", "Node-Selectors", kube_obj_get(spec, "nodeSelector"));
	tolerations(d, "Tolerations", kube_obj_get(spec, "tolerations"));
	topology_spread(d, kube_obj_get(spec, "topologySpreadConstraints"), "");
	scheduling_group(d, spec, "");
	kd_events(d, events);
	if (t.failed)
		d->oom = true;
	kube_buf_release(&t);
	kube_obj_free(events);
	return finish(d, err);
}

int kd_pod_status_counts(struct kd *d, const char *ns, const kube_obj *sel, const char *uid,
			 int counts[4], kube_err *err)
{
	kube_buf path = KUBE_BUF_INIT, s = KUBE_BUF_INIT;
	kube_obj *pods = NULL;
	const kube_obj *p;
	int rc;

	counts[0] = counts[1] = counts[2] = counts[3] = 0;
	kube_buf_puts(&path, "/api/v1/namespaces/");
	kube_buf_put_pathseg(&path, ns);
	kube_buf_puts(&path, "/pods");
	kd_label_selector(&s, sel);
	if ((rc = kube_buf_check(&path, err)) < 0 || (rc = kube_buf_check(&s, err)) < 0)
		goto out;
	if ((rc = kd_list(d, path.ptr, s.len ? s.ptr : NULL, NULL, true, &pods, err)) < 0)
		goto out;
	kube_obj_foreach(p, pods) {
		const kube_obj *ref = kd_controller_ref(p);
		const char *phase = KS(p, "status", "phase");

		if (!ref || strcmp(kd_str(ref, "uid"), uid))
			continue;
		if (!strcmp(phase, "Running"))
			counts[0]++;
		else if (!strcmp(phase, "Pending"))
			counts[1]++;
		else if (!strcmp(phase, "Succeeded"))
			counts[2]++;
		else if (!strcmp(phase, "Failed"))
			counts[3]++;
	}
out:
	kube_obj_free(pods);
	kube_buf_release(&path);
	kube_buf_release(&s);
	return rc;
}

/* ---- nodes ---- */

static bool less_cstr(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(*(const char *const *)a, *(const char *const *)b) < 0;
}

static void node_roles(kube_buf *b, const kube_obj *labels)
{
	const char **v;
	const kube_obj *m;
	size_t n = 0, i;

	if (!(v = malloc((kube_obj_len(labels) + 1) * sizeof(*v)))) {
		b->failed = true;
		return;
	}
	kube_obj_foreach(m, labels) {
		const char *k = kube_obj_key(m), *role = NULL;

		if (!strncmp(k, "node-role.kubernetes.io/", 24) && k[24])
			role = k + 24;
		else if (!strcmp(k, "kubernetes.io/role") && *kd_or(kube_obj_str(m), ""))
			role = kube_obj_str(m);
		if (!role)
			continue;
		for (i = 0; i < n; i++)
			if (!strcmp(v[i], role))
				break;
		if (i == n)
			v[n++] = role;
	}
	kgo_sort(v, n, sizeof(*v), less_cstr, NULL);
	for (i = 0; i < n; i++)
		kube_buf_printf(b, "%s%s", i ? "," : "", v[i]);
	if (!n)
		kube_buf_puts(b, "<none>");
	free(v);
}

struct taint_sort {
	const kube_obj *t;
	kube_buf key;
};

static bool less_taint(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(((const struct taint_sort *)a)->key.ptr,
		      ((const struct taint_sort *)b)->key.ptr) < 0;
}

static void taints(struct kd *d, const kube_obj *list)
{
	struct taint_sort *v;
	const kube_obj *t;
	size_t n = 0, i;

	kd_puts(d, L0, "Taints:\t");
	if (!kd_has(list)) {
		kd_puts(d, L0, "<none>\n");
		return;
	}
	if (!(v = calloc(kube_obj_len(list), sizeof(*v)))) {
		d->oom = true;
		return;
	}
	kube_obj_foreach(t, list) {
		v[n].t = t;
		kube_buf_init(&v[n].key, 0);
		kube_buf_printf(&v[n].key, "%s,%s", kd_str(t, "effect"), kd_str(t, "key"));
		n++;
	}
	kgo_sort(v, n, sizeof(*v), less_taint, NULL);
	for (i = 0; i < n; i++) {
		const char *k = kd_str(v[i].t, "key"), *val = kd_str(v[i].t, "value"),
			   *eff = kd_str(v[i].t, "effect");

		if (i)
			kd_puts(d, L0, "\t");
		if (!*eff) {
			if (!*val)
				kd_w(d, L0, "%s\n", k);
			else
				kd_w(d, L0, "%s=%s:\n", k, val);
		} else if (!*val) {
			kd_w(d, L0, "%s:%s\n", k, eff);
		} else {
			kd_w(d, L0, "%s=%s:%s\n", k, val, eff);
		}
	}
	for (i = 0; i < n; i++)
		kube_buf_release(&v[i].key);
	free(v);
}

static void print_resource_list(struct kd *d, const kube_obj *rl)
{
	size_t n, i;
	const kube_obj **v = kd_sorted_members(rl, &n);
	kube_buf q = KUBE_BUF_INIT;

	for (i = 0; i < n; i++) {
		kq qq;

		kube_buf_truncate(&q, 0);
		kq_from_obj(&qq, v[i]);
		kq_string(&q, &qq);
		kd_w(d, L0, "  %s:\t%s\n", kube_obj_key(v[i]), q.ptr);
	}
	if (q.failed)
		d->oom = true;
	kube_buf_release(&q);
	free(v);
}

static const kube_obj *container_status(const kube_obj *pod, const char *name)
{
	const kube_obj *s;

	kube_obj_foreach(s, KP(pod, "status", "containerStatuses"))
		if (!strcmp(kd_str(s, "name"), name))
			return s;
	kube_obj_foreach(s, KP(pod, "status", "initContainerStatuses"))
		if (!strcmp(kd_str(s, "name"), name))
			return s;
	return NULL;
}

/* Requests (limits) of one container, maxed with its status resources when use_status. */
static void container_list(struct kq_list *out, const kube_obj *pod, const kube_obj *c,
			   const char *which, bool use_status, bool *oom)
{
	const kube_obj *st;

	kq_list_add_obj(out, KP(c, "resources", which), oom);
	if (use_status && (st = container_status(pod, kd_str(c, "name"))) &&
	    kube_obj_type_of(kube_obj_get(st, "resources")) == KUBE_OBJ_OBJECT) {
		struct kq_list s = {0};

		kq_list_add_obj(&s, KP(st, "resources", which), oom);
		kq_list_max(out, &s, oom);
		kq_list_release(&s);
	}
}

static bool restartable(const kube_obj *c) { return !strcmp(kd_str(c, "restartPolicy"), "Always"); }

/* resourcehelper.PodRequests / PodLimits */
static void pod_resources(struct kq_list *out, const kube_obj *pod, bool limits, bool use_status,
			  bool *oom)
{
	const char *which = limits ? "limits" : "requests";
	const kube_obj *spec = kube_obj_get(pod, "spec"), *c, *m;
	struct kq_list init = {0}, restartable_init = {0};

	kube_obj_foreach(c, kube_obj_get(spec, "containers")) {
		struct kq_list cl = {0};

		container_list(&cl, pod, c, which, use_status, oom);
		kq_list_add(out, &cl, oom);
		kq_list_release(&cl);
	}
	kube_obj_foreach(c, kube_obj_get(spec, "initContainers")) {
		struct kq_list cl = {0};

		container_list(&cl, pod, c, which, use_status && restartable(c), oom);
		if (restartable(c)) {
			kq_list_add(out, &cl, oom);
			kq_list_add(&restartable_init, &cl, oom);
			kq_list_max(&init, &restartable_init, oom);
		} else {
			struct kq_list tmp = {0};

			kq_list_add(&tmp, &cl, oom);
			kq_list_add(&tmp, &restartable_init, oom);
			kq_list_max(&init, &tmp, oom);
			kq_list_release(&tmp);
		}
		kq_list_release(&cl);
	}
	kq_list_max(out, &init, oom);
	kq_list_release(&init);
	kq_list_release(&restartable_init);
	/* pod-level resources replace cpu and memory */
	kube_obj_foreach(m, KP(spec, "resources", which)) {
		kq q;

		if (strcmp(kube_obj_key(m), "cpu") && strcmp(kube_obj_key(m), "memory"))
			continue;
		kq_from_obj(&q, m);
		kq_list_set(out, kube_obj_key(m), &q, oom);
	}
	kube_obj_foreach(m, kube_obj_get(spec, "overhead")) {
		kq q, *cur = kq_list_find(out, kube_obj_key(m));

		kq_from_obj(&q, m);
		if (cur)
			kq_add(cur, &q);
		else if (!limits)
			kq_list_set(out, kube_obj_key(m), &q, oom);
	}
}

static int64_t fraction(int64_t part, int64_t whole)
{
	double f = (double)part / (double)whole * 100;

	if (!isfinite(f) || f >= 9223372036854775808.0 || f < -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)f;
}

static void get_q(kq *q, struct kq_list *l, const char *name)
{
	kq *f = kq_list_find(l, name);

	if (f)
		*q = *f;
	else
		kq_zero(q);
}

static void alloc_q(kq *q, const kube_obj *alloc, const char *name)
{
	if (!kq_from_obj(q, kube_obj_get(alloc, name)))
		kq_zero(q);
}

static void describe_node_resource(struct kd *d, const kube_obj *pods, const kube_obj *node)
{
	const kube_obj *alloc = KP(node, "status", "capacity"), *p, *m;
	struct kq_list reqs = {0}, lims = {0};
	kube_buf a = KUBE_BUF_INIT, b = KUBE_BUF_INIT, c = KUBE_BUF_INIT, e = KUBE_BUF_INIT,
		 age = KUBE_BUF_INIT;
	kq acpu, amem, aeph, q1, q2, q3, q4;
	const char **ext = NULL, **huge = NULL;
	size_t next = 0, nhuge = 0, i;
	static const char *const std[] = {"cpu", "memory", "ephemeral-storage"};

	if (kd_has(KP(node, "status", "allocatable")))
		alloc = KP(node, "status", "allocatable");
	alloc_q(&acpu, alloc, "cpu");
	alloc_q(&amem, alloc, "memory");
	alloc_q(&aeph, alloc, "ephemeral-storage");
	kd_w(d, L0, "Non-terminated Pods:\t(%zu in total)\n", kube_obj_len(pods));
	kd_puts(d, L1,
		"Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory "
		"Limits\tAge\n");
	kd_puts(d, L1,
		"---------\t----\t\t------------\t----------\t---------------\t-------------"
		"\t---\n");
	kube_obj_foreach(p, pods) {
		struct kq_list r = {0}, l = {0};

		pod_resources(&r, p, false, true, &d->oom);
		pod_resources(&l, p, true, true, &d->oom);
		get_q(&q1, &r, "cpu");
		get_q(&q2, &l, "cpu");
		get_q(&q3, &r, "memory");
		get_q(&q4, &l, "memory");
		kube_buf_truncate(&a, 0);
		kube_buf_truncate(&b, 0);
		kube_buf_truncate(&c, 0);
		kube_buf_truncate(&e, 0);
		kube_buf_truncate(&age, 0);
		kq_string(&a, &q1);
		kq_string(&b, &q2);
		kq_string(&c, &q3);
		kq_string(&e, &q4);
		kd_since(d, &age, KS(p, "metadata", "creationTimestamp"));
		kd_w(d, L1, "%s\t%s\t\t%s (%lld%%)\t%s (%lld%%)\t%s (%lld%%)\t%s (%lld%%)\t%s\n",
		     KS(p, "metadata", "namespace"), KS(p, "metadata", "name"), a.ptr,
		     (long long)fraction(kq_milli(&q1), kq_milli(&acpu)), b.ptr,
		     (long long)fraction(kq_milli(&q2), kq_milli(&acpu)), c.ptr,
		     (long long)fraction(kq_value(&q3), kq_value(&amem)), e.ptr,
		     (long long)fraction(kq_value(&q4), kq_value(&amem)), age.ptr);
		kq_list_release(&r);
		kq_list_release(&l);
		pod_resources(&reqs, p, false, false, &d->oom);
		pod_resources(&lims, p, true, false, &d->oom);
	}
	kd_puts(d, L0,
		"Allocated resources:\n  (Total limits may be over 100 percent, i.e., "
		"overcommitted.)\n");
	kd_puts(d, L1, "Resource\tRequests\tLimits\n");
	kd_puts(d, L1, "--------\t--------\t------\n");
	for (i = 0; i < 3; i++) {
		const kq *al = i == 0 ? &acpu : i == 1 ? &amem : &aeph;
		int64_t fr = 0, fl = 0;

		get_q(&q1, &reqs, std[i]);
		get_q(&q2, &lims, std[i]);
		if (i == 0 && kq_milli(al) != 0) {
			fr = fraction(kq_milli(&q1), kq_milli(al));
			fl = fraction(kq_milli(&q2), kq_milli(al));
		} else if (i > 0 && kq_value(al) != 0) {
			fr = fraction(kq_value(&q1), kq_value(al));
			fl = fraction(kq_value(&q2), kq_value(al));
		}
		kube_buf_truncate(&a, 0);
		kube_buf_truncate(&b, 0);
		kq_string(&a, &q1);
		kq_string(&b, &q2);
		kd_w(d, L1, "%s\t%s (%lld%%)\t%s (%lld%%)\n", std[i], a.ptr, (long long)fr, b.ptr,
		     (long long)fl);
	}
	if (kube_obj_len(alloc)) {
		ext = malloc(kube_obj_len(alloc) * sizeof(*ext));
		huge = malloc(kube_obj_len(alloc) * sizeof(*huge));
		if (!ext || !huge)
			d->oom = true;
	}
	if (ext && huge)
		kube_obj_foreach(m, alloc) {
			const char *k = kube_obj_key(m);

			if (!strncmp(k, "hugepages-", 10))
				huge[nhuge++] = k;
			else if (strcmp(k, "cpu") && strcmp(k, "memory") &&
				 strcmp(k, "ephemeral-storage") && strcmp(k, "pods"))
				ext[next++] = k;
		}
	kgo_sort(ext, next, sizeof(*ext), less_cstr, NULL);
	kgo_sort(huge, nhuge, sizeof(*huge), less_cstr, NULL);
	for (i = 0; i < nhuge; i++) {
		kq al;
		int64_t fr = 0, fl = 0;

		get_q(&q1, &reqs, huge[i]);
		get_q(&q2, &lims, huge[i]);
		alloc_q(&al, alloc, huge[i]);
		if (kq_value(&al) != 0) {
			fr = fraction(kq_value(&q1), kq_value(&al));
			fl = fraction(kq_value(&q2), kq_value(&al));
		}
		kube_buf_truncate(&a, 0);
		kube_buf_truncate(&b, 0);
		kq_string(&a, &q1);
		kq_string(&b, &q2);
		kd_w(d, L1, "%s\t%s (%lld%%)\t%s (%lld%%)\n", huge[i], a.ptr, (long long)fr, b.ptr,
		     (long long)fl);
	}
	for (i = 0; i < next; i++) {
		get_q(&q1, &reqs, ext[i]);
		get_q(&q2, &lims, ext[i]);
		kube_buf_truncate(&a, 0);
		kube_buf_truncate(&b, 0);
		kq_string(&a, &q1);
		kq_string(&b, &q2);
		kd_w(d, L1, "%s\t%s\t%s\n", ext[i], a.ptr, b.ptr);
	}
	if (a.failed || b.failed || c.failed || e.failed || age.failed)
		d->oom = true;
	free(ext);
	free(huge);
	kq_list_release(&reqs);
	kq_list_release(&lims);
	kube_buf_release(&a);
	kube_buf_release(&b);
	kube_buf_release(&c);
	kube_buf_release(&e);
	kube_buf_release(&age);
}

struct pool {
	const char *driver, *pool;
	kube_buf key;
	long slices, devices;
};

static bool less_pool(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(((const struct pool *)a)->key.ptr, ((const struct pool *)b)->key.ptr) < 0;
}

static void node_resource_slices(struct kd *d, const kube_obj *slices)
{
	struct pool *v;
	const kube_obj *s;
	size_t n = 0, i;

	if (!kd_has(slices))
		return;
	if (!(v = calloc(kube_obj_len(slices), sizeof(*v)))) {
		d->oom = true;
		return;
	}
	kube_obj_foreach(s, slices) {
		const char *drv = KS(s, "spec", "driver"), *pl = KS(s, "spec", "pool", "name");

		for (i = 0; i < n; i++)
			if (!strcmp(v[i].driver, drv) && !strcmp(v[i].pool, pl))
				break;
		if (i == n) {
			v[n].driver = drv;
			v[n].pool = pl;
			kube_buf_init(&v[n].key, 0);
			kube_buf_printf(&v[n].key, "%s/%s", drv, pl);
			n++;
		}
		v[i].slices++;
		v[i].devices += (long)kube_obj_len(KP(s, "spec", "devices"));
	}
	kgo_sort(v, n, sizeof(*v), less_pool, NULL);
	kd_puts(d, L0, "Node-Local ResourceSlices:\n");
	kd_puts(d, L1, "Driver\tPool\tSlices\tDevices\n");
	kd_puts(d, L1, "------\t----\t------\t-------\n");
	for (i = 0; i < n; i++) {
		if (i >= 10) {
			kd_w(d, L1, "...and %zu more pools\n", n - 10);
			break;
		}
		kd_w(d, L1, "%s\t%s\t%ld\t%ld\n", v[i].driver, v[i].pool, v[i].slices,
		     v[i].devices);
	}
	for (i = 0; i < n; i++)
		kube_buf_release(&v[i].key);
	free(v);
}

int kd_describe_node(struct kd *d, const kube_obj *o, kube_err *err)
{
	const kube_obj *status = kube_obj_get(o, "status"), *spec = kube_obj_get(o, "spec"), *c;
	kube_obj *pods = NULL, *events = NULL, *lease = NULL, *slices = NULL;
	kube_buf fs = KUBE_BUF_INIT, t = KUBE_BUF_INIT, t2 = KUBE_BUF_INIT, path = KUBE_BUF_INIT;
	kube_err e = KUBE_ERR_INIT, lease_err = KUBE_ERR_INIT;
	bool can_view_pods = true;
	int rc;

	kube_buf_puts(&fs, "spec.nodeName=");
	kube_buf_puts(&fs, NAME(o));
	kube_buf_puts(&fs, ",status.phase!=Succeeded,status.phase!=Failed");
	if ((rc = kube_buf_check(&fs, err)) < 0)
		goto out;
	if ((rc = kd_list(d, "/api/v1/pods", NULL, fs.ptr, true, &pods, &e)) < 0) {
		if (!e.reason || strcmp(e.reason, "Forbidden")) {
			kube_err_move(err, &e);
			goto out;
		}
		can_view_pods = false;
		kube_err_clear(&e);
	}
	if (d->s->show_events) {
		kube_obj *more, *ev;

		events = kd_search_events(d, "", NAME(o),
					  kd_or(kube_obj_str(kube_obj_get(o, "kind")), "Node"),
					  KS(o, "metadata", "uid"), &rc, &e);
		kube_err_clear(&e);
		more = kd_search_events(d, "", NAME(o),
					kd_or(kube_obj_str(kube_obj_get(o, "kind")), "Node"),
					NAME(o), &rc, &e);
		kube_err_clear(&e);
		while ((ev = kube_obj_detach_at(more, 0)))
			if (kube_obj_append_take(events, ev) < 0)
				d->oom = true;
		kube_obj_free(more);
	}
	kube_buf_truncate(&fs, 0);
	kube_buf_puts(&fs, "spec.nodeName=");
	kube_buf_puts(&fs, NAME(o));
	kd_list(d, "/apis/resource.k8s.io/v1/resourceslices", NULL, fs.ptr, false, &slices, &e);
	kube_err_clear(&e);

	kd_w(d, L0, "Name:\t%s\n", NAME(o));
	node_roles(&t, KP(o, "metadata", "labels"));
	kd_w(d, L0, "Roles:\t%s\n", t.ptr);
	kd_labels(d, "", "Labels", KP(o, "metadata", "labels"));
	kd_annotations(d, "Annotations", KP(o, "metadata", "annotations"));
	kube_buf_truncate(&t, 0);
	kd_rfc1123(&t, KS(o, "metadata", "creationTimestamp"));
	kd_w(d, L0, "CreationTimestamp:\t%s\n", t.ptr);
	taints(d, kube_obj_get(spec, "taints"));
	kd_w(d, L0, "Unschedulable:\t%s\n", tf(KB(spec, "unschedulable")));
	kube_buf_puts(&path, "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/");
	kube_buf_put_pathseg(&path, NAME(o));
	if (kd_get(d, path.ptr, &lease, &lease_err) == 0) {
		const kube_obj *ls = kube_obj_get(lease, "spec");

		kd_puts(d, L0, "Lease:\n");
		kd_w(d, L1, "HolderIdentity:\t%s\n",
		     kd_or(kube_obj_str(kube_obj_get(ls, "holderIdentity")), "<unset>"));
		kube_buf_truncate(&t, 0);
		if (*kd_str(ls, "acquireTime"))
			kd_rfc1123(&t, kd_str(ls, "acquireTime"));
		else
			kube_buf_puts(&t, "<unset>");
		kd_w(d, L1, "AcquireTime:\t%s\n", t.ptr);
		kube_buf_truncate(&t, 0);
		if (*kd_str(ls, "renewTime"))
			kd_rfc1123(&t, kd_str(ls, "renewTime"));
		else
			kube_buf_puts(&t, "<unset>");
		kd_w(d, L1, "RenewTime:\t%s\n", t.ptr);
	} else {
		kd_w(d, L0, "Lease:\tFailed to get lease: %s\n", kd_or(lease_err.message, ""));
	}
	if (kd_has(kube_obj_get(status, "conditions"))) {
		kd_puts(d, L0,
			"Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\t"
			"Reason\tMessage\n");
		kd_puts(d, L1,
			"----\t------\t-----------------\t------------------\t------\t"
			"-------\n");
		kube_obj_foreach(c, kube_obj_get(status, "conditions")) {
			kube_buf_truncate(&t, 0);
			kube_buf_truncate(&t2, 0);
			kd_rfc1123(&t, kd_str(c, "lastHeartbeatTime"));
			kd_rfc1123(&t2, kd_str(c, "lastTransitionTime"));
			kd_w(d, L1, "%s \t%s \t%s \t%s \t%s \t%s\n", kd_str(c, "type"),
			     kd_str(c, "status"), t.ptr, t2.ptr, kd_str(c, "reason"),
			     kd_str(c, "message"));
		}
	}
	kd_puts(d, L0, "Addresses:\n");
	kube_obj_foreach(c, kube_obj_get(status, "addresses"))
		kd_w(d, L1, "%s:\t%s\n", kd_str(c, "type"), kd_str(c, "address"));
	if (kd_has(kube_obj_get(status, "capacity"))) {
		kd_puts(d, L0, "Capacity:\n");
		print_resource_list(d, kube_obj_get(status, "capacity"));
	}
	if (kd_has(kube_obj_get(status, "allocatable"))) {
		kd_puts(d, L0, "Allocatable:\n");
		print_resource_list(d, kube_obj_get(status, "allocatable"));
	}
	node_resource_slices(d, slices);
	c = kube_obj_get(status, "nodeInfo");
	kd_puts(d, L0, "System Info:\n");
	kd_w(d, L0, "  Machine ID:\t%s\n", kd_str(c, "machineID"));
	kd_w(d, L0, "  System UUID:\t%s\n", kd_str(c, "systemUUID"));
	kd_w(d, L0, "  Boot ID:\t%s\n", kd_str(c, "bootID"));
	kd_w(d, L0, "  Kernel Version:\t%s\n", kd_str(c, "kernelVersion"));
	kd_w(d, L0, "  OS Image:\t%s\n", kd_str(c, "osImage"));
	kd_w(d, L0, "  Operating System:\t%s\n", kd_str(c, "operatingSystem"));
	kd_w(d, L0, "  Architecture:\t%s\n", kd_str(c, "architecture"));
	kd_w(d, L0, "  Container Runtime Version:\t%s\n", kd_str(c, "containerRuntimeVersion"));
	kd_w(d, L0, "  Kubelet Version:\t%s\n", kd_str(c, "kubeletVersion"));
	if (*kd_str(spec, "podCIDR"))
		kd_w(d, L0, "PodCIDR:\t%s\n", kd_str(spec, "podCIDR"));
	if (kd_has(kube_obj_get(spec, "podCIDRs"))) {
		kube_buf_truncate(&t, 0);
		kd_join(&t, kube_obj_get(spec, "podCIDRs"), ",");
		kd_w(d, L0, "PodCIDRs:\t%s\n", t.ptr);
	}
	if (*kd_str(spec, "providerID"))
		kd_w(d, L0, "ProviderID:\t%s\n", kd_str(spec, "providerID"));
	if (can_view_pods && pods)
		describe_node_resource(d, pods, o);
	else
		kd_puts(d, L0, "Pods:\tnot authorized\n");
	kd_events(d, events);
	if (t.failed || t2.failed || path.failed)
		d->oom = true;
	rc = finish(d, err);
out:
	kube_obj_free(pods);
	kube_obj_free(events);
	kube_obj_free(lease);
	kube_obj_free(slices);
	kube_err_clear(&lease_err);
	kube_buf_release(&fs);
	kube_buf_release(&t);
	kube_buf_release(&t2);
	kube_buf_release(&path);
	return rc;
}
