/* Private to lib/ops/describe*.c: the describe writer (kubectl's PrefixWriter over a Go
 * tabwriter), object accessors with Go's zero values, Go's sort, resource quantities, label
 * selectors and the related-object fetches the describers share. */
#ifndef KUBE_DESCRIBE_INTERNAL_H
#define KUBE_DESCRIBE_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>

#include <kube/describe.h>
#include <kube/printer.h>

#include "../gosort.h"

/* Indentation levels of kubectl's PrefixWriter: two spaces each. */
enum { L0 = 0, L1 = 1, L2 = 2, L3 = 3, L4 = 4 };

/* One description being written. */
struct kd {
	kube_tabwriter *tw;
	kube_buf out; /* formatted text (flushed tabwriter output) */
	kube_buf tmp; /* scratch for one write */
	const kube_describe_io *io;
	const kube_describe_settings *s;
	int64_t now_sec; /* the time ages are computed against */
	int32_t now_nsec;
	bool oom;
};

/* kubectl's w.Write(level, format, ...): two spaces per level, then the text; ESC is written as
 * "^[" and CR as "\r" (printers.WriteEscaped). */
void kd_w(struct kd *d, int level, const char *fmt, ...) KUBE_PRINTF(3, 4);
/* Write s verbatim (still escaped), with the level's indentation. */
void kd_puts(struct kd *d, int level, const char *s);
/* Format everything written so far (Go's tabwriter.Flush). */
void kd_flush(struct kd *d);

/* ---- reading objects with Go's zero values ---- */

/* String member (or "" when absent or not a string). */
const char *kd_str(const kube_obj *o, const char *key);
/* String at a path of member names, "" when absent. */
#define KS(o, ...) kd_or(kube_obj_path_str((o), __VA_ARGS__, NULL), "")
/* Integer at a path (0 when absent). */
#define KI(o, ...) kd_int(kube_obj_path((o), __VA_ARGS__, NULL))
/* Bool at a path (false when absent). */
#define KB(o, ...) kube_obj_bool(kube_obj_path((o), __VA_ARGS__, NULL))
#define KP(o, ...) kube_obj_path((o), __VA_ARGS__, NULL)
static inline const char *kd_or(const char *s, const char *def) { return s ? s : def; }
int64_t kd_int(const kube_obj *v);
/* The text of a scalar as Go's %v prints the typed field (strings raw, numbers, bools). */
void kd_scalar(kube_buf *b, const kube_obj *v);
/* intstr.IntOrString.String(): the number or the string. */
void kd_intstr(kube_buf *b, const kube_obj *v);
/* Go's %v of a []string: "[a b]". */
void kd_strlist_v(kube_buf *b, const kube_obj *arr);
/* strings.Join of a string array. */
void kd_join(kube_buf *b, const kube_obj *arr, const char *sep);
/* true when the object or array has members. */
static inline bool kd_has(const kube_obj *o) { return kube_obj_len(o) > 0; }

/* ---- time ---- */

/* Parse an RFC 3339 time with its fraction; false when s is NULL, empty or invalid. */
bool kd_time(const char *s, int64_t *sec, int32_t *nsec);
/* time.Format(time.RFC1123Z) of a metav1.Time field (the zero time when absent). */
void kd_rfc1123(kube_buf *b, const char *ts);
/* translateTimestampSince: "<unknown>" for the zero time, else HumanDuration(now - ts). */
void kd_since(struct kd *d, kube_buf *b, const char *ts);

/* ---- Go's sort.Sort / sort.Slice: lib/gosort.h ---- */
/* Sorted member list of an object (by key, as Go's sort.Strings); caller frees. NULL on OOM
 * or for an empty object (then *n is 0). */
const kube_obj **kd_sorted_members(const kube_obj *o, size_t *n);

/* ---- resource.Quantity ---- */
enum kq_format { KQ_DECIMAL_SI = 0, KQ_BINARY_SI, KQ_DECIMAL_EXPONENT };
typedef struct kq {
	__int128 v; /* value = v * 10^scale */
	int32_t scale;
	enum kq_format fmt;
} kq;
/* resource.ParseQuantity of a string (or a JSON number); false when invalid. */
bool kq_parse(kq *q, const char *s);
bool kq_from_obj(kq *q, const kube_obj *v);
void kq_zero(kq *q);
bool kq_is_zero(const kq *q);
/* Quantity.String(): canonical form ("250m", "64Mi", "0"). */
void kq_string(kube_buf *b, const kq *q);
/* Quantity.Add (the format of a zero receiver becomes y's). */
void kq_add(kq *q, const kq *y);
int kq_cmp(const kq *a, const kq *b);
/* ScaledValue(scale): rounded away from zero. */
int64_t kq_scaled(const kq *q, int32_t scale);
static inline int64_t kq_value(const kq *q) { return kq_scaled(q, 0); }
static inline int64_t kq_milli(const kq *q) { return kq_scaled(q, -3); }

/* A ResourceList (map resource name -> quantity) being summed. */
struct kq_list {
	char **names;
	kq *q;
	size_t n, cap;
};
kq *kq_list_find(struct kq_list *l, const char *name);
/* addResourceList / maxResourceList with a JSON ResourceList. */
void kq_list_add_obj(struct kq_list *l, const kube_obj *rl, bool *oom);
void kq_list_max(struct kq_list *l, const struct kq_list *o, bool *oom);
void kq_list_add(struct kq_list *l, const struct kq_list *o, bool *oom);
void kq_list_set(struct kq_list *l, const char *name, const kq *q, bool *oom);
void kq_list_release(struct kq_list *l);

/* ---- selectors ---- */
/* metav1.LabelSelectorAsSelector(sel).String(); false (and *b untouched) for an invalid
 * selector. A missing or empty selector gives "". */
bool kd_label_selector(kube_buf *b, const kube_obj *sel);
/* metav1.FormatLabelSelector: like above, "<none>" when empty, "<error>" when invalid. */
void kd_format_label_selector(kube_buf *b, const kube_obj *sel);
/* labels.FormatLabels of a map: "a=b,c=d" sorted, "<none>" when empty. */
void kd_format_labels(kube_buf *b, const kube_obj *map);

/* ---- shared printing ---- */
/* printLabelsMultilineWithIndent(w, indent, title, "\t", labels, skip-nothing). */
void kd_labels(struct kd *d, const char *indent, const char *title, const kube_obj *labels);
/* printAnnotationsMultiline (last-applied-configuration hidden, long values wrapped). */
void kd_annotations(struct kd *d, const char *title, const kube_obj *ann);
/* "Kind/name" of the controller owner reference, or NULL. */
const kube_obj *kd_controller_ref(const kube_obj *obj);

/* ---- server reads ---- */
/* GET one object. */
int kd_get(struct kd *d, const char *path, kube_obj **out, kube_err *err);
/* LIST every page of path (following continue; limit= is the chunk size when chunked).
 * *items is an array with the items of the pages read, even when a later page fails (kubectl
 * keeps them too). NULL selectors are left out. */
int kd_list(struct kd *d, const char *path, const char *label_sel, const char *field_sel,
	    bool chunked, kube_obj **items, kube_err *err);
/* Events about an object (searchEvents): field selector on involvedObject name, namespace,
 * kind and uid (kind and uid left out when NULL). Returns the events read (an array, maybe
 * empty) even when the request failed, like kubectl; *rc gets the error code. */
kube_obj *kd_search_events(struct kd *d, const char *ns, const char *name, const char *kind,
			   const char *uid, int *rc, kube_err *err);
/* DescribeEvents: nothing for NULL, "Events:\t<none>" for no events, else the table (sorted
 * the way kubectl sorts). */
void kd_events(struct kd *d, kube_obj *events);
/* Events for obj when the settings ask for them (NULL otherwise); kind NULL leaves it out. */
kube_obj *kd_object_events(struct kd *d, const kube_obj *obj, const char *kind);

/* ---- describers ---- */
typedef int (*kd_describer)(struct kd *d, const kube_obj *obj, kube_err *err);

int kd_describe_service(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_endpoints(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_endpointslice(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_secret(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_configmap(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_serviceaccount(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_namespace(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_quota(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_limitrange(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_node(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_pod(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_deployment(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_replicaset(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_rc(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_statefulset(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_daemonset(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_job(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_cronjob(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_priorityclass(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_rolebinding(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_pdb(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_role(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_ipaddress(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_servicecidr(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_ingressclass(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_ingress(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_networkpolicy(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_storageclass(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_vac(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_csinode(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_pvc(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_pv(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_hpa(struct kd *d, const kube_obj *o, kube_err *err);
int kd_describe_generic(struct kd *d, const kube_obj *o, kube_err *err);

/* formatEndpointSlices: the ready endpoints of the slices' ports named port_name, "a:p,b:p"
 * (three at most, then " + N more..."), "<none>" without slices. */
void kd_endpoint_slices(kube_buf *b, const kube_obj *slices, const char *port_name);

/* Pod template and containers (shared by pods and the workload describers). */
void kd_pod_template(struct kd *d, const kube_obj *tmpl);
/* Pod status counts of the pods selected by sel and controlled by uid. */
int kd_pod_status_counts(struct kd *d, const char *ns, const kube_obj *sel, const char *uid,
			 int counts[4], kube_err *err);

/* smartLabelFor of the generic describer ("apiVersion" -> "API Version"). */
void kd_smart_label(kube_buf *b, const char *field);

#endif
