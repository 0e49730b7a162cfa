/* Strategic merge patches as kubectl computes them (three-way, for client-side apply) and as the
 * API server applies them; patch metadata comes from OpenAPI v3 schemas. See include/kube/apply.h.
 *
 * Values are treated the way Go sees JSON decoded by k8s.io/apimachinery/pkg/util/json: objects
 * are maps (unordered: results are printed with sorted keys), integers are int64, other numbers
 * float64, and the two never compare equal. Where the algorithm compares "%v" strings (merge key
 * values, scalar lists) the text comes from kube_go_format_value(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kube/apply.h>
#include <kube/codec.h>
#include <kube/printer.h>

#include "obj-internal.h"
#include "banned.h"

#define DIRECTIVE "$patch"
#define RETAIN_KEYS "$retainKeys"
#define DELETE_PRIM "$deleteFromPrimitiveList"
#define SET_ORDER "$setElementOrder"

/* ---- Go value model ---- */

enum gk { GK_NIL, GK_BOOL, GK_INT, GK_FLOAT, GK_STRING, GK_MAP, GK_SLICE };

static bool num_is_int(const cJSON *j)
{
	const char *t = j->valuestring, *p;

	if (!t || !*t)
		return false;
	p = t + (*t == '-');
	if (!*p)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	/* int64 range: ParseInt fails above it and Go then uses float64 */
	{
		size_t len = strlen(t + (*t == '-'));
		const char *lim = *t == '-' ? "9223372036854775808" : "9223372036854775807";

		if (len > 19 || (len == 19 && strcmp(t + (*t == '-'), lim) > 0))
			return false;
	}
	return true;
}

static enum gk gkind(const cJSON *j)
{
	if (!j)
		return GK_NIL;
	switch (j->type & 0xff) {
	case cJSON_True:
	case cJSON_False:
		return GK_BOOL;
	case cJSON_Number:
		return num_is_int(j) ? GK_INT : GK_FLOAT;
	case cJSON_String:
		return GK_STRING;
	case cJSON_Object:
		return GK_MAP;
	case cJSON_Array:
		return GK_SLICE;
	default:
		return GK_NIL;
	}
}

static double numval(const cJSON *j)
{
	return j->valuestring ? strtod(j->valuestring, NULL) : j->valuedouble;
}

static bool scalar_eq(const cJSON *a, const cJSON *b)
{
	enum gk ka = gkind(a), kb = gkind(b);

	if (ka != kb)
		return false;
	switch (ka) {
	case GK_NIL:
		return true;
	case GK_BOOL:
		return (a->type & 0xff) == (b->type & 0xff);
	case GK_INT:
		return strtoll(a->valuestring, NULL, 10) == strtoll(b->valuestring, NULL, 10);
	case GK_FLOAT:
		return numval(a) == numval(b);
	case GK_STRING:
		return !strcmp(a->valuestring, b->valuestring);
	default:
		return false; /* maps and slices are not comparable with == */
	}
}

/* reflect.DeepEqual of decoded values */
static bool deep_eq(const cJSON *a, const cJSON *b)
{
	enum gk k = gkind(a);
	const cJSON *x, *y;

	if (k != gkind(b))
		return false;
	if (k == GK_SLICE) {
		for (x = a->child, y = b->child; x && y; x = x->next, y = y->next)
			if (!deep_eq(x, y))
				return false;
		return !x && !y;
	}
	if (k == GK_MAP) {
		if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b))
			return false;
		for (x = a->child; x; x = x->next) {
			y = cJSON_GetObjectItemCaseSensitive(b, x->string);
			if (!y || !deep_eq(x, y))
				return false;
		}
		return true;
	}
	return scalar_eq(a, b);
}

static const char *gokind_name(const cJSON *j)
{
	switch (gkind(j)) {
	case GK_NIL:
		return "invalid";
	case GK_BOOL:
		return "bool";
	case GK_INT:
		return "int64";
	case GK_FLOAT:
		return "float64";
	case GK_STRING:
		return "string";
	case GK_MAP:
		return "map";
	default:
		return "slice";
	}
}

/* fmt.Sprintf("%v", v) */
static char *vstr(const cJSON *v)
{
	kube_buf b = KUBE_BUF_INIT;

	kube_go_format_value(&b, CK(v));
	return kube_buf_detach(&b, NULL);
}

/* ---- small helpers ---- */

struct sp {
	kube_err *err;
	const cJSON *schemas;
};

static int oom(struct sp *c)
{
	return kube_err_set(c->err, KUBE_ENOMEM, "out of memory");
}

static cJSON *dup(const cJSON *j)
{
	return j ? cJSON_Duplicate(j, 1) : cJSON_CreateNull();
}

static const cJSON *oget(const cJSON *o, const char *k)
{
	return o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

/* Set member k of o to v (adopted; freed on failure). */
static int oset(struct sp *c, cJSON *o, const char *k, cJSON *v)
{
	if (!v)
		return oom(c);
	if (cJSON_GetObjectItemCaseSensitive(o, k)) {
		if (!cJSON_ReplaceItemInObjectCaseSensitive(o, k, v)) {
			cJSON_Delete(v);
			return oom(c);
		}
		return 0;
	}
	if (!cJSON_AddItemToObject(o, k, v)) {
		cJSON_Delete(v);
		return oom(c);
	}
	return 0;
}

static void odel(cJSON *o, const char *k)
{
	cJSON_DeleteItemFromObjectCaseSensitive(o, k);
}

static bool has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

struct vec {
	cJSON **v;
	size_t n, cap;
};

static int vpush(struct sp *c, struct vec *a, cJSON *x)
{
	if (!x)
		return oom(c);
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 8;
		cJSON **nv = realloc(a->v, cap * sizeof(*nv));

		if (!nv) {
			cJSON_Delete(x);
			return oom(c);
		}
		a->v = nv;
		a->cap = cap;
	}
	a->v[a->n++] = x;
	return 0;
}

static void vfree(struct vec *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		cJSON_Delete(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/* Move the elements of the array arr (freed) into a. */
static int vtake_array(struct sp *c, struct vec *a, cJSON *arr)
{
	cJSON *e;
	int rc = 0;

	while (arr && (e = arr->child)) {
		cJSON_DetachItemViaPointer(arr, e);
		if (rc == 0)
			rc = vpush(c, a, e);
		else
			cJSON_Delete(e);
	}
	cJSON_Delete(arr);
	return rc;
}

/* Move a's elements into a new array (a is emptied). NULL on OOM (a freed). */
static cJSON *vto_array(struct vec *a)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	if (!arr) {
		vfree(a);
		return NULL;
	}
	for (i = 0; i < a->n; i++)
		cJSON_AddItemToArray(arr, a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
	return arr;
}

/* ---- schemas (strategicpatch.PatchMetaFromOpenAPIV3) ---- */

struct psch {
	const cJSON *node; /* NULL: no metadata */
};

struct pmeta {
	const char *merge_key;
	const char *strategy; /* raw, comma separated */
};

static int resolve(struct sp *c, const cJSON **node)
{
	const cJSON *all = oget(*node, "allOf"), *ref;

	if (cJSON_IsArray(all) && all->child)
		*node = all->child;
	ref = oget(*node, "$ref");
	if (cJSON_IsString(ref) && *ref->valuestring) {
		const char *name = ref->valuestring;
		const cJSON *t;

		if (has_prefix(name, "#/components/schemas/"))
			name += strlen("#/components/schemas/");
		t = oget(c->schemas, name);
		if (!t)
			return kube_err_set(c->err, KUBE_EINVAL,
					    "unable to resolve %s in OpenAPI V3", ref->valuestring);
		*node = t;
	}
	return 0;
}

static int lookup(struct sp *c, const struct psch *s, const char *key, bool slice, struct psch *sub,
		  struct pmeta *meta)
{
	const cJSON *props, *prop, *v, *node;

	memset(meta, 0, sizeof(*meta));
	sub->node = NULL;
	if (!s->node)
		return 0;
	props = oget(s->node, "properties");
	if (!cJSON_IsObject(props) || !props->child || !(prop = oget(props, key)))
		return kube_err_set(c->err, KUBE_EINVAL, "unable to find api field \"%s\"", key);
	v = oget(prop, "x-kubernetes-patch-merge-key");
	if (cJSON_IsString(v))
		meta->merge_key = v->valuestring;
	v = oget(prop, "x-kubernetes-patch-strategy");
	if (cJSON_IsString(v))
		meta->strategy = v->valuestring;
	node = prop;
	if (slice && cJSON_IsObject(oget(prop, "items")))
		node = oget(prop, "items");
	if (resolve(c, &node) < 0)
		return c->err ? c->err->code : KUBE_EINVAL;
	sub->node = node;
	return 0;
}

/* extractRetainKeysPatchStrategy: *retain and the other strategy (into buf) */
static int strategies(struct sp *c, const struct pmeta *m, bool *retain, char *strat, size_t n)
{
	const char *s = m->strategy, *comma;
	char a[64] = "", b[64] = "";
	size_t count = 0;

	*retain = false;
	strat[0] = '\0';
	if (!s || !*s)
		return 0;
	comma = strchr(s, ',');
	if (!comma) {
		snprintf(a, sizeof(a), "%s", s);
		count = 1;
	} else {
		snprintf(a, sizeof(a), "%.*s", (int)(comma - s), s);
		snprintf(b, sizeof(b), "%s", comma + 1);
		count = strchr(comma + 1, ',') ? 3 : 2;
	}
	if (count == 1) {
		if (!strcmp(a, "retainKeys"))
			*retain = true;
		else
			snprintf(strat, n, "%s", a);
		return 0;
	}
	if (count == 2 && !strcmp(a, "retainKeys")) {
		*retain = true;
		snprintf(strat, n, "%s", b);
		return 0;
	}
	if (count == 2 && !strcmp(b, "retainKeys")) {
		*retain = true;
		snprintf(strat, n, "%s", a);
		return 0;
	}
	{
		kube_buf t = KUBE_BUF_INIT;
		const char *p;

		kube_buf_putc(&t, '[');
		for (p = s; *p; p++)
			kube_buf_putc(&t, *p == ',' ? ' ' : *p);
		kube_buf_putc(&t, ']');
		kube_err_set(c->err, KUBE_EINVAL, "unexpected patch strategy: %s", t.ptr);
		kube_buf_release(&t);
	}
	return KUBE_EINVAL;
}

/* ---- errors with strategicpatch's texts ---- */

static int err_bad_arg(struct sp *c, const char *expected, const cJSON *actual)
{
	return kube_err_set(c->err, KUBE_EINVAL, "expected a %s, but received a %s", expected,
			    gokind_name(actual));
}

static int err_no_merge_key(struct sp *c, const cJSON *m, const char *key)
{
	char *s = vstr(m);
	int rc = kube_err_set(c->err, KUBE_EINVAL,
			      "map: %s does not contain declared merge key: %s", s ? s : "", key);

	free(s);
	return rc;
}

/* ---- sorting (Go's sort.Sort / sort.SliceStable on the %v strings) ---- */

struct keyed {
	cJSON *v;
	char *k;
};

static int cmp_keyed(const void *x, const void *y)
{
	return strcmp(((const struct keyed *)x)->k, ((const struct keyed *)y)->k);
}

/* Stable sort of a->v by the %v text of key(v); for maps key is the merge key value. */
static int sort_by_str(struct sp *c, struct vec *a, const char *merge_key)
{
	struct keyed *k;
	size_t i, j;
	int rc = 0;

	if (a->n < 2)
		return 0;
	if (!(k = calloc(a->n, sizeof(*k))))
		return oom(c);
	for (i = 0; i < a->n; i++) {
		k[i].v = a->v[i];
		k[i].k = vstr(merge_key ? oget(a->v[i], merge_key) : a->v[i]);
		if (!k[i].k)
			rc = oom(c);
	}
	if (rc == 0) {
		/* insertion sort: stable, like sort.Stable for small inputs */
		for (i = 1; i < a->n; i++)
			for (j = i; j > 0 && cmp_keyed(&k[j], &k[j - 1]) < 0; j--) {
				struct keyed t = k[j];

				k[j] = k[j - 1];
				k[j - 1] = t;
			}
		for (i = 0; i < a->n; i++)
			a->v[i] = k[i].v;
	}
	for (i = 0; i < a->n; i++)
		free(k[i].k);
	free(k);
	return rc;
}

/* deduplicateScalars, with Go's in-place algorithm (it reorders) */
static void dedup_scalars(struct vec *a)
{
	size_t length, i, j;

	if (a->n < 2)
		return;
	length = a->n - 1;
	for (i = 0; i < length; i++) {
		for (j = i + 1; j <= length; j++) {
			if (scalar_eq(a->v[i], a->v[j])) {
				cJSON_Delete(a->v[j]);
				a->v[j] = a->v[length];
				a->v[length] = NULL;
				a->n--;
				length--;
				j--;
			}
		}
	}
}

/* ---- element types ---- */

/* sliceElementType over up to two lists: *kind of the elements. */
static int element_kind(struct sp *c, const cJSON *const *lists, size_t nlists, enum gk *kind)
{
	bool have = false;
	enum gk prev = GK_NIL;
	size_t i;
	const cJSON *e;

	for (i = 0; i < nlists; i++) {
		for (e = lists[i] ? lists[i]->child : NULL; e; e = e->next) {
			enum gk k = gkind(e);

			if (!have) {
				prev = k;
				have = true;
				if (k == GK_SLICE)
					return kube_err_set(c->err, KUBE_EINVAL,
							    "lists of lists are not supported");
			} else if (k != prev) {
				kube_buf t = KUBE_BUF_INIT;
				size_t x;

				kube_buf_putc(&t, '[');
				for (x = 0; x < nlists; x++) {
					char *s = vstr(lists[x]);

					if (x)
						kube_buf_putc(&t, ' ');
					kube_buf_puts(&t, s ? s : "");
					free(s);
				}
				kube_buf_putc(&t, ']');
				kube_err_set(c->err, KUBE_EINVAL,
					     "list element types are not identical: %s", t.ptr);
				kube_buf_release(&t);
				return KUBE_EINVAL;
			}
		}
	}
	if (!have)
		return kube_err_set(c->err, KUBE_EINVAL, "no elements in any of the given slices");
	*kind = prev;
	return 0;
}

/* index(): position of val in l (merge key values for maps, values otherwise), or -1 */
static long index_of(const cJSON *const *l, size_t n, const cJSON *val, const char *merge_key,
		     bool maps)
{
	const cJSON *want = maps ? oget(val, merge_key) : val;
	size_t i;

	for (i = 0; i < n; i++) {
		const cJSON *have = maps ? oget(l[i], merge_key) : l[i];

		if ((!want && !have) || (want && have && scalar_eq(want, have)))
			return (long)i;
	}
	return -1;
}

static bool is_delete_directive(const cJSON *e)
{
	const cJSON *d = oget(e, DIRECTIVE);

	return cJSON_IsString(d) && !strcmp(d->valuestring, "delete");
}

static int validate_merge_keys(struct sp *c, const char *merge_key, const cJSON *const *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!cJSON_IsObject(l[i]))
			return err_bad_arg(c, "map", l[i]);
		if (!oget(l[i], merge_key))
			return err_no_merge_key(c, l[i], merge_key);
	}
	return 0;
}

/* normalizeSliceOrder: sort to_sort by the positions in order; for maps, delete directives go
 * last in their own order. */
static int normalize_slice_order(struct sp *c, struct vec *to_sort, const cJSON *const *order,
				 size_t norder, const char *merge_key, bool maps)
{
	struct vec keep = {0}, del = {0};
	size_t i, j;
	int rc;

	if (maps) {
		if ((rc = validate_merge_keys(c, merge_key, (const cJSON *const *)to_sort->v,
					      to_sort->n)) < 0 ||
		    (rc = validate_merge_keys(c, merge_key, order, norder)) < 0)
			return rc;
	}
	for (i = 0; i < to_sort->n; i++) {
		struct vec *dst = maps && is_delete_directive(to_sort->v[i]) ? &del : &keep;

		if (vpush(c, dst, to_sort->v[i]) < 0) {
			/* vpush freed the element: drop the rest from to_sort */
			for (j = i + 1; j < to_sort->n; j++)
				cJSON_Delete(to_sort->v[j]);
			free(to_sort->v);
			memset(to_sort, 0, sizeof(*to_sort));
			vfree(&keep);
			vfree(&del);
			return KUBE_ENOMEM;
		}
	}
	free(to_sort->v);
	memset(to_sort, 0, sizeof(*to_sort));
	/* sort.SliceStable's insertion sort with kubectl's comparator */
	for (i = 1; i < keep.n; i++) {
		for (j = i; j > 0; j--) {
			long a = index_of(order, norder, keep.v[j], merge_key, maps);
			long b = a >= 0 ? index_of(order, norder, keep.v[j - 1], merge_key, maps)
					: -1;
			bool less = (a >= 0 && b >= 0) ? a < b : true;
			cJSON *t;

			if (!less)
				break;
			t = keep.v[j];
			keep.v[j] = keep.v[j - 1];
			keep.v[j - 1] = t;
		}
	}
	for (i = 0; i < del.n; i++) {
		if (vpush(c, &keep, del.v[i]) < 0) {
			for (j = i + 1; j < del.n; j++)
				cJSON_Delete(del.v[j]);
			free(del.v);
			vfree(&keep);
			return KUBE_ENOMEM;
		}
	}
	free(del.v);
	*to_sort = keep;
	return 0;
}

/* ======================================================================================
 * Diffs
 * ====================================================================================== */

struct dopts {
	bool set_order, ignore_changes, ignore_deletions, retain_keys;
};

static int diff_maps(struct sp *c, const cJSON *orig, const cJSON *mod, const struct psch *s,
		     struct dopts o, cJSON **out);

static int replace_if_not_equal(struct sp *c, const char *key, const cJSON *orig, const cJSON *mod,
				cJSON *patch, const struct dopts *o)
{
	if (o->ignore_changes || deep_eq(orig, mod))
		return 0;
	return oset(c, patch, key, dup(mod));
}

static int handle_map_diff(struct sp *c, const char *key, const cJSON *orig, const cJSON *mod,
			   cJSON *patch, const struct psch *s, struct dopts o)
{
	struct psch sub;
	struct pmeta meta;
	char strat[64];
	cJSON *pv = NULL;
	int rc;

	if ((rc = lookup(c, s, key, false, &sub, &meta)) < 0) {
		if (deep_eq(orig, mod)) {
			kube_err_clear(c->err);
			return 0;
		}
		return rc;
	}
	if ((rc = strategies(c, &meta, &o.retain_keys, strat, sizeof(strat))) < 0)
		return rc;
	if (!strcmp(strat, "replace")) {
		if (!o.ignore_changes)
			return oset(c, patch, key, dup(mod));
		return 0;
	}
	if ((rc = diff_maps(c, orig, mod, &sub, o, &pv)) < 0)
		return rc;
	if (pv->child)
		return oset(c, patch, key, pv);
	cJSON_Delete(pv);
	return 0;
}

/* diffListsOfScalars: additions and (deduplicated) deletions */
static int diff_scalars(struct sp *c, const cJSON *orig, const cJSON *mod, const struct dopts *o,
			struct vec *add, struct vec *del)
{
	struct vec os = {0}, ms = {0};
	size_t oi = 0, mi = 0;
	const cJSON *e;
	int rc = 0;

	for (e = orig->child; e && rc == 0; e = e->next)
		rc = vpush(c, &os, dup(e));
	for (e = mod->child; e && rc == 0; e = e->next)
		rc = vpush(c, &ms, dup(e));
	if (rc == 0)
		rc = sort_by_str(c, &os, NULL);
	if (rc == 0)
		rc = sort_by_str(c, &ms, NULL);
	while (rc == 0 && (oi < os.n || mi < ms.n)) {
		char *a = oi < os.n ? vstr(os.v[oi]) : NULL;
		char *b = mi < ms.n ? vstr(ms.v[mi]) : NULL;
		int cmp;

		if ((oi < os.n && !a) || (mi < ms.n && !b)) {
			free(a);
			free(b);
			rc = oom(c);
			break;
		}
		cmp = !a ? 1 : !b ? -1 : strcmp(a, b);
		free(a);
		free(b);
		if (cmp == 0) {
			oi++;
			mi++;
		} else if (cmp > 0) {
			/* modified has an additional scalar */
			if (!o->ignore_changes)
				rc = vpush(c, add, dup(ms.v[mi]));
			mi++;
		} else {
			if (!o->ignore_deletions)
				rc = vpush(c, del, dup(os.v[oi]));
			oi++;
		}
	}
	vfree(&os);
	vfree(&ms);
	if (rc == 0)
		dedup_scalars(del);
	return rc;
}

static int delete_directive(struct sp *c, const char *merge_key, const cJSON *value, cJSON **out)
{
	cJSON *d = cJSON_CreateObject();

	*out = NULL;
	if (!d)
		return oom(c);
	if (oset(c, d, merge_key, dup(value)) < 0 ||
	    oset(c, d, DIRECTIVE, cJSON_CreateString("delete")) < 0) {
		cJSON_Delete(d);
		return KUBE_ENOMEM;
	}
	*out = d;
	return 0;
}

/* Copies of the elements of list sorted by the %v of their merge key. */
static int sorted_maps(struct sp *c, const cJSON *list, const char *merge_key, struct vec *out)
{
	const cJSON *e;
	int rc = 0;

	for (e = list->child; e && rc == 0; e = e->next)
		rc = vpush(c, out, dup(e));
	if (rc == 0)
		rc = sort_by_str(c, out, merge_key);
	return rc;
}

static int diff_list_maps(struct sp *c, const cJSON *orig, const cJSON *mod, const struct psch *s,
			  const char *merge_key, const struct dopts *o, struct vec *patch,
			  struct vec *del)
{
	struct vec os = {0}, ms = {0};
	size_t oi = 0, mi = 0;
	int rc;

	if ((rc = sorted_maps(c, orig, merge_key, &os)) < 0 ||
	    (rc = sorted_maps(c, mod, merge_key, &ms)) < 0)
		goto out;
	while (oi < os.n || mi < ms.n) {
		const cJSON *oe = NULL, *me = NULL, *ov = NULL, *mv = NULL;
		char *a = NULL, *b = NULL;
		int cmp;

		if (oi < os.n) {
			oe = os.v[oi];
			if (!cJSON_IsObject(oe)) {
				rc = err_bad_arg(c, "map", oe);
				goto out;
			}
			if (!(ov = oget(oe, merge_key))) {
				rc = err_no_merge_key(c, oe, merge_key);
				goto out;
			}
			a = vstr(ov);
		}
		if (mi < ms.n) {
			me = ms.v[mi];
			if (!cJSON_IsObject(me)) {
				free(a);
				rc = err_bad_arg(c, "map", me);
				goto out;
			}
			if (!(mv = oget(me, merge_key))) {
				free(a);
				rc = err_no_merge_key(c, me, merge_key);
				goto out;
			}
			b = vstr(mv);
		}
		if ((oe && !a) || (me && !b)) {
			free(a);
			free(b);
			rc = oom(c);
			goto out;
		}
		cmp = !oe ? 1 : !me ? -1 : strcmp(a, b);
		free(a);
		free(b);
		if (cmp == 0) {
			cJSON *pv = NULL;

			if ((rc = diff_maps(c, oe, me, s, *o, &pv)) < 0)
				goto out;
			if (pv->child) {
				if ((rc = oset(c, pv, merge_key, dup(mv))) < 0 ||
				    (rc = vpush(c, patch, pv)) < 0)
					goto out;
			} else {
				cJSON_Delete(pv);
			}
			oi++;
			mi++;
		} else if (cmp > 0) {
			if (!o->ignore_changes && (rc = vpush(c, patch, dup(me))) < 0)
				goto out;
			mi++;
		} else {
			if (!o->ignore_deletions) {
				cJSON *d;

				if ((rc = delete_directive(c, merge_key, ov, &d)) < 0 ||
				    (rc = vpush(c, del, d)) < 0)
					goto out;
			}
			oi++;
		}
	}
	rc = 0;
out:
	vfree(&os);
	vfree(&ms);
	return rc;
}

static const cJSON **children(const cJSON *arr, size_t *n)
{
	const cJSON **v, *e;
	size_t i = 0, cnt = 0;

	for (e = arr ? arr->child : NULL; e; e = e->next)
		cnt++;
	*n = cnt;
	if (!(v = calloc(cnt ? cnt : 1, sizeof(*v))))
		return NULL;
	for (e = arr ? arr->child : NULL; e; e = e->next)
		v[i++] = e;
	return v;
}

static bool merge_key_eq(const cJSON *l, const cJSON *r, const char *merge_key)
{
	const cJSON *a = oget(l, merge_key), *b = oget(r, merge_key);

	return a && b && scalar_eq(a, b);
}

static int is_order_same(struct sp *c, const cJSON *orig, const cJSON *mod, const char *merge_key,
			 bool *same)
{
	const cJSON *x, *y;

	*same = cJSON_GetArraySize(orig) == cJSON_GetArraySize(mod);
	if (!*same)
		return 0;
	for (x = orig->child, y = mod->child; x && y; x = x->next, y = y->next) {
		if (!cJSON_IsObject(x))
			return err_bad_arg(c, "map", x);
		if (!cJSON_IsObject(y))
			return err_bad_arg(c, "map", y);
		if (!oget(x, merge_key))
			return err_no_merge_key(c, x, merge_key);
		if (!oget(y, merge_key))
			return err_no_merge_key(c, y, merge_key);
		if (!merge_key_eq(x, y, merge_key)) {
			*same = false;
			return 0;
		}
	}
	return 0;
}

/* diffLists: the patch list, a parallel deletion list and the $setElementOrder list */
static int diff_lists(struct sp *c, const cJSON *orig, const cJSON *mod, const struct psch *s,
		      const char *merge_key, const struct dopts *o, cJSON **patch_out,
		      cJSON **del_out, cJSON **order_out)
{
	struct vec patch = {0}, del = {0};
	const cJSON *lists[2] = {orig, mod};
	const cJSON **order = NULL;
	size_t norder = 0, i;
	enum gk kind;
	int rc;

	*patch_out = *del_out = *order_out = NULL;
	if (!orig->child) {
		if (!mod->child || o->ignore_changes)
			return 0;
		return (*patch_out = dup(mod)) ? 0 : oom(c);
	}
	if ((rc = element_kind(c, lists, 2, &kind)) < 0)
		return rc;
	if (!(order = children(mod, &norder)))
		return oom(c);
	if (kind == GK_MAP) {
		bool same;

		if ((rc = diff_list_maps(c, orig, mod, s, merge_key, o, &patch, &del)) < 0 ||
		    (rc = normalize_slice_order(c, &patch, order, norder, merge_key, true)) < 0 ||
		    (rc = is_order_same(c, orig, mod, merge_key, &same)) < 0)
			goto out;
		for (i = 0; i < del.n; i++) {
			if ((rc = vpush(c, &patch, del.v[i])) < 0) {
				del.v[i] = NULL;
				goto out;
			}
			del.v[i] = NULL;
		}
		del.n = 0;
		if (o->set_order && ((!o->ignore_changes && (patch.n > 0 || !same)) ||
				     (!o->ignore_deletions && patch.n > 0))) {
			cJSON *ol = cJSON_CreateArray();

			if (!ol) {
				rc = oom(c);
				goto out;
			}
			for (i = 0; i < norder; i++) {
				cJSON *m = cJSON_CreateObject();
				const cJSON *v = oget(order[i], merge_key);

				if (!m ||
				    oset(c, m, merge_key, v ? dup(v) : cJSON_CreateNull()) < 0) {
					cJSON_Delete(m);
					cJSON_Delete(ol);
					rc = oom(c);
					goto out;
				}
				cJSON_AddItemToArray(ol, m);
			}
			*order_out = ol;
		}
	} else {
		if ((rc = diff_scalars(c, orig, mod, o, &patch, &del)) < 0 ||
		    (rc = normalize_slice_order(c, &patch, order, norder, merge_key, false)) < 0)
			goto out;
		if (o->set_order && ((!o->ignore_deletions && del.n > 0) ||
				     (!o->ignore_changes && !deep_eq(orig, mod)))) {
			if (!(*order_out = dup(mod))) {
				rc = oom(c);
				goto out;
			}
		}
	}
	if (patch.n && !(*patch_out = vto_array(&patch)))
		rc = oom(c);
	if (rc == 0 && del.n && !(*del_out = vto_array(&del)))
		rc = oom(c);
out:
	if (rc < 0) {
		cJSON_Delete(*patch_out);
		cJSON_Delete(*del_out);
		cJSON_Delete(*order_out);
		*patch_out = *del_out = *order_out = NULL;
	}
	vfree(&patch);
	vfree(&del);
	free(order);
	return rc;
}

static int handle_slice_diff(struct sp *c, const char *key, const cJSON *orig, const cJSON *mod,
			     cJSON *patch, const struct psch *s, struct dopts o)
{
	struct psch sub;
	struct pmeta meta;
	char strat[64];
	bool retain;
	cJSON *add = NULL, *del = NULL, *order = NULL;
	kube_buf k = KUBE_BUF_INIT;
	int rc;

	if ((rc = lookup(c, s, key, true, &sub, &meta)) < 0) {
		if (deep_eq(orig, mod)) {
			kube_err_clear(c->err);
			return 0;
		}
		return rc;
	}
	if ((rc = strategies(c, &meta, &retain, strat, sizeof(strat))) < 0)
		return rc;
	if (strcmp(strat, "merge"))
		return replace_if_not_equal(c, key, orig, mod, patch, &o);
	o.retain_keys = retain;
	if ((rc = diff_lists(c, orig, mod, &sub, meta.merge_key ? meta.merge_key : "", &o, &add,
			     &del, &order)) < 0)
		return rc;
	if (add && (rc = oset(c, patch, key, add)) < 0)
		add = NULL;
	if (rc == 0 && del) {
		kube_buf_printf(&k, "%s/%s", DELETE_PRIM, key);
		rc = k.failed ? oom(c) : oset(c, patch, k.ptr, del);
		if (k.failed)
			cJSON_Delete(del);
		del = NULL;
	}
	if (rc == 0 && order) {
		kube_buf_truncate(&k, 0);
		kube_buf_printf(&k, "%s/%s", SET_ORDER, key);
		rc = k.failed ? oom(c) : oset(c, patch, k.ptr, order);
		if (k.failed)
			cJSON_Delete(order);
		order = NULL;
	}
	if (rc < 0) {
		cJSON_Delete(del);
		cJSON_Delete(order);
	}
	kube_buf_release(&k);
	return rc;
}

static int diff_maps(struct sp *c, const cJSON *orig, const cJSON *mod, const struct psch *s,
		     struct dopts o, cJSON **out)
{
	cJSON *patch = cJSON_CreateObject(), *retain = cJSON_CreateArray();
	const cJSON *m, *ov;
	int rc = 0;

	*out = NULL;
	if (!patch || !retain) {
		rc = oom(c);
		goto out;
	}
	for (m = mod ? mod->child : NULL; m; m = m->next) {
		const char *key = m->string;
		enum gk ko, km;

		if (o.retain_keys && !cJSON_IsNull(m)) {
			cJSON *k = cJSON_CreateString(key);

			if (!k) {
				rc = oom(c);
				goto out;
			}
			cJSON_AddItemToArray(retain, k);
		}
		ov = oget(orig, key);
		if (!ov) {
			if (!o.ignore_changes && (rc = oset(c, patch, key, dup(m))) < 0)
				goto out;
			continue;
		}
		if (!strcmp(key, DIRECTIVE)) {
			if (!cJSON_IsString(ov) || !cJSON_IsString(m)) {
				rc = kube_err_set(c->err, KUBE_EINVAL,
						  "invalid value for special key: %s", DIRECTIVE);
				goto out;
			}
			if (strcmp(ov->valuestring, m->valuestring) &&
			    (rc = oset(c, patch, key, dup(m))) < 0)
				goto out;
			continue;
		}
		ko = gkind(ov);
		km = gkind(m);
		if (ko != km) {
			if (!o.ignore_changes && (rc = oset(c, patch, key, dup(m))) < 0)
				goto out;
			continue;
		}
		if (ko == GK_MAP)
			rc = handle_map_diff(c, key, ov, m, patch, s, o);
		else if (ko == GK_SLICE)
			rc = handle_slice_diff(c, key, ov, m, patch, s, o);
		else
			rc = replace_if_not_equal(c, key, ov, m, patch, &o);
		if (rc < 0)
			goto out;
	}
	if (!o.ignore_deletions) {
		for (ov = orig ? orig->child : NULL; ov; ov = ov->next)
			if (!oget(mod, ov->string) &&
			    (rc = oset(c, patch, ov->string, cJSON_CreateNull())) < 0)
				goto out;
	}
	if (retain->child) {
		bool additional = patch->child != NULL;

		for (ov = orig ? orig->child : NULL; ov && !additional; ov = ov->next)
			if (!cJSON_IsNull(ov) && !oget(mod, ov->string))
				additional = true;
		if (additional) {
			struct vec v = {0};

			if ((rc = vtake_array(c, &v, retain)) < 0 ||
			    (rc = sort_by_str(c, &v, NULL)) < 0) {
				retain = NULL;
				vfree(&v);
				goto out;
			}
			retain = NULL;
			if ((rc = oset(c, patch, RETAIN_KEYS, vto_array(&v))) < 0)
				goto out;
		}
	}
	*out = patch;
	patch = NULL;
out:
	cJSON_Delete(patch);
	cJSON_Delete(retain);
	return rc;
}

/* ======================================================================================
 * Merging (mergeMap and friends)
 * ====================================================================================== */

struct mopts {
	bool parallel;	   /* MergeParallelList */
	bool ignore_nulls; /* IgnoreUnmatchedNulls */
};

static int merge_map(struct sp *c, cJSON *orig, cJSON *patch, const struct psch *s,
		     const struct mopts *mo, cJSON **out);

static int extract_key(struct sp *c, const char *s, const char *prefix, const char **out)
{
	const char *slash = strchr(s, '/');

	if (!slash || (size_t)(slash - s) != strlen(prefix) || strncmp(s, prefix, strlen(prefix))) {
		if (!strcmp(prefix, DELETE_PRIM))
			return kube_err_set(c->err, KUBE_EINVAL,
					    "invalid patch format of primitive list");
		if (!strcmp(prefix, SET_ORDER))
			return kube_err_set(c->err, KUBE_EINVAL,
					    "invalid patch format of setElementOrder list");
		return kube_err_set(c->err, KUBE_EINVAL,
				    "fail to find unknown prefix \"%s\" in %s\n", prefix, s);
	}
	*out = slash + 1;
	return 0;
}

/* mergeSortedSlice(left = server only, right = patch items) */
static int merge_sorted(struct sp *c, struct vec *left, struct vec *right,
			const cJSON *const *server_order, size_t nso, const char *merge_key,
			bool maps, struct vec *out)
{
	size_t i = 0, j = 0, k, size = left->n + right->n;
	int rc = 0;

	for (k = 0; k < size; k++) {
		cJSON *take;

		if (i >= left->n && j < right->n) {
			take = right->v[j];
			right->v[j++] = NULL;
		} else if (j >= right->n && i < left->n) {
			take = left->v[i];
			left->v[i++] = NULL;
		} else {
			long li = index_of(server_order, nso, left->v[i], merge_key, maps);
			long ri = index_of(server_order, nso, right->v[j], merge_key, maps);

			if (li >= 0 && ri >= 0 && li < ri) {
				take = left->v[i];
				left->v[i++] = NULL;
			} else {
				take = right->v[j];
				right->v[j++] = NULL;
			}
		}
		if (rc == 0)
			rc = vpush(c, out, take);
		else
			cJSON_Delete(take);
	}
	vfree(left);
	vfree(right);
	return rc;
}

/* normalizeElementOrder */
static int normalize_element_order(struct sp *c, struct vec *patch, struct vec *server_only,
				   const cJSON *const *patch_order, size_t npo,
				   const cJSON *const *server_order, size_t nso,
				   const char *merge_key, bool maps, struct vec *out)
{
	int rc;

	if ((rc = normalize_slice_order(c, patch, patch_order, npo, merge_key, maps)) < 0 ||
	    (rc = normalize_slice_order(c, server_only, server_order, nso, merge_key, maps)) < 0) {
		vfree(patch);
		vfree(server_only);
		return rc;
	}
	return merge_sorted(c, server_only, patch, server_order, nso, merge_key, maps, out);
}

/* Split merged into items present in by (by merge key, or by value) and the others. */
static int partition(struct sp *c, struct vec *merged, const cJSON *const *by, size_t nby,
		     const char *merge_key, bool maps, struct vec *in, struct vec *rest)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < merged->n; i++) {
		cJSON *v = merged->v[i];
		bool found = false;
		size_t j;

		merged->v[i] = NULL;
		if (rc < 0) {
			cJSON_Delete(v);
			continue;
		}
		if (maps) {
			if (!cJSON_IsObject(v))
				rc = err_bad_arg(c, "map", v);
			else if (!oget(v, merge_key))
				rc = err_no_merge_key(c, v, merge_key);
			for (j = 0; rc == 0 && j < nby && !found; j++) {
				if (!cJSON_IsObject(by[j]))
					rc = kube_err_set(c->err, KUBE_EINVAL,
							  "value for key %zu is not a map.", j);
				else
					found = merge_key_eq(by[j], v, merge_key);
			}
		} else {
			for (j = 0; j < nby && !found; j++)
				found = scalar_eq(by[j], v);
		}
		if (rc < 0) {
			cJSON_Delete(v);
			continue;
		}
		rc = vpush(c, found ? in : rest, v);
	}
	vfree(merged);
	return rc;
}

static int merge_slice(struct sp *c, cJSON *orig, cJSON *patch, const struct psch *s,
		       const char *merge_key, const struct mopts *mo, bool is_delete_list,
		       cJSON **out);

static int merge_slice_handler(struct sp *c, cJSON *orig, cJSON *patch, const struct psch *s,
			       const char *strat, const char *merge_key, bool is_delete_list,
			       const struct mopts *mo, cJSON **out)
{
	*out = NULL;
	if (!cJSON_IsArray(orig) || !cJSON_IsArray(patch)) {
		int rc = err_bad_arg(c, "slice", cJSON_IsArray(orig) ? patch : orig);

		cJSON_Delete(orig);
		cJSON_Delete(patch);
		return rc;
	}
	if (!strcmp(strat, "merge"))
		return merge_slice(c, orig, patch, s, merge_key, mo, is_delete_list, out);
	cJSON_Delete(orig);
	*out = patch;
	return 0;
}

static int merge_map_handler(struct sp *c, cJSON *orig, cJSON *patch, const struct psch *s,
			     const char *strat, const struct mopts *mo, cJSON **out)
{
	*out = NULL;
	if (!cJSON_IsObject(orig) || !cJSON_IsObject(patch)) {
		int rc = err_bad_arg(c, "map", cJSON_IsObject(orig) ? patch : orig);

		cJSON_Delete(orig);
		cJSON_Delete(patch);
		return rc;
	}
	if (strcmp(strat, "replace"))
		return merge_map(c, orig, patch, s, mo, out);
	cJSON_Delete(orig);
	*out = patch;
	return 0;
}

/* mergeSliceWithSpecialElements: apply $patch elements of patch to orig */
static int merge_special(struct sp *c, struct vec *orig, struct vec *patch, const char *merge_key)
{
	struct vec rest = {0};
	bool replace = false;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < patch->n; i++) {
		cJSON *v = patch->v[i];
		const cJSON *d = oget(v, DIRECTIVE);

		patch->v[i] = NULL;
		if (rc < 0 || !d) {
			if (rc < 0)
				cJSON_Delete(v);
			else
				rc = vpush(c, &rest, v);
			continue;
		}
		if (cJSON_IsString(d) && !strcmp(d->valuestring, "delete")) {
			const cJSON *mv = oget(v, merge_key);

			if (!mv) {
				rc = err_no_merge_key(c, v, merge_key);
			} else {
				for (j = 0; j < orig->n;) {
					if (!cJSON_IsObject(orig->v[j])) {
						rc = kube_err_set(c->err, KUBE_EINVAL,
								  "value for key %zu is not a map.",
								  j);
						break;
					}
					if (oget(orig->v[j], merge_key) &&
					    scalar_eq(oget(orig->v[j], merge_key), mv)) {
						cJSON_Delete(orig->v[j]);
						memmove(orig->v + j, orig->v + j + 1,
							(orig->n - j - 1) * sizeof(*orig->v));
						orig->n--;
					} else {
						j++;
					}
				}
			}
		} else if (cJSON_IsString(d) && !strcmp(d->valuestring, "replace")) {
			replace = true;
		} else if (cJSON_IsString(d) && !strcmp(d->valuestring, "merge")) {
			rc = kube_err_set(c->err, KUBE_EINVAL,
					  "merging lists cannot yet be specified in the patch");
		} else {
			char *ps = vstr(d), *ms = vstr(v);

			rc = kube_err_set(c->err, KUBE_EINVAL, "unknown patch type: %s in map: %s",
					  ps ? ps : "", ms ? ms : "");
			free(ps);
			free(ms);
		}
		cJSON_Delete(v);
	}
	free(patch->v);
	memset(patch, 0, sizeof(*patch));
	if (rc < 0) {
		vfree(&rest);
		return rc;
	}
	if (replace) {
		vfree(orig);
		*orig = rest;
		return 0;
	}
	*patch = rest;
	return 0;
}

static int merge_slice(struct sp *c, cJSON *orig_arr, cJSON *patch_arr, const struct psch *s,
		       const char *merge_key, const struct mopts *mo, bool is_delete_list,
		       cJSON **out)
{
	struct vec orig = {0}, patch = {0}, merged = {0}, in = {0}, rest = {0}, res = {0};
	const cJSON *lists[2] = {orig_arr, patch_arr};
	const cJSON **po = NULL, **so = NULL;
	cJSON *porder = NULL, *sorder = NULL;
	enum gk kind;
	size_t i, npo = 0, nso = 0;
	int rc;

	*out = NULL;
	if (!orig_arr->child && !patch_arr->child) {
		cJSON_Delete(patch_arr);
		*out = orig_arr;
		return 0;
	}
	if ((rc = element_kind(c, lists, 2, &kind)) < 0) {
		cJSON_Delete(orig_arr);
		cJSON_Delete(patch_arr);
		return rc;
	}
	if ((rc = vtake_array(c, &orig, orig_arr)) < 0 ||
	    (rc = vtake_array(c, &patch, patch_arr)) < 0) {
		if (rc == 0)
			cJSON_Delete(patch_arr);
		goto out;
	}
	if (kind != GK_MAP) {
		if (mo->parallel && is_delete_list) {
			for (i = 0; i < orig.n; i++) {
				bool del = false;
				size_t j;

				for (j = 0; j < patch.n && !del; j++)
					del = scalar_eq(orig.v[i], patch.v[j]);
				if (!del) {
					if ((rc = vpush(c, &res, orig.v[i])) < 0) {
						orig.v[i] = NULL;
						goto out;
					}
					orig.v[i] = NULL;
				}
			}
			if (!(*out = vto_array(&res)))
				rc = oom(c);
			goto out;
		}
		/* the order lists keep copies: merged takes the elements */
		if (!(porder = cJSON_CreateArray()) || !(sorder = cJSON_CreateArray())) {
			rc = oom(c);
			goto out;
		}
		for (i = 0; i < patch.n; i++)
			cJSON_AddItemToArray(porder, dup(patch.v[i]));
		for (i = 0; i < orig.n; i++)
			cJSON_AddItemToArray(sorder, dup(orig.v[i]));
		for (i = 0; i < orig.n; i++) {
			rc = rc ? rc : vpush(c, &merged, orig.v[i]);
			orig.v[i] = NULL;
		}
		for (i = 0; i < patch.n; i++) {
			rc = rc ? rc : vpush(c, &merged, patch.v[i]);
			patch.v[i] = NULL;
		}
		if (rc < 0)
			goto out;
		dedup_scalars(&merged);
	} else {
		if (!merge_key || !*merge_key) {
			rc = kube_err_set(c->err, KUBE_EINVAL,
					  "cannot merge lists without merge key for %s",
					  s->node ? "object" : "");
			goto out;
		}
		if ((rc = merge_special(c, &orig, &patch, merge_key)) < 0)
			goto out;
		if (!(porder = cJSON_CreateArray()) || !(sorder = cJSON_CreateArray())) {
			rc = oom(c);
			goto out;
		}
		for (i = 0; i < patch.n; i++)
			cJSON_AddItemToArray(porder, dup(patch.v[i]));
		for (i = 0; i < orig.n; i++)
			cJSON_AddItemToArray(sorder, dup(orig.v[i]));
		/* mergeSliceWithoutSpecialElements */
		for (i = 0; i < orig.n; i++) {
			rc = rc ? rc : vpush(c, &merged, orig.v[i]);
			orig.v[i] = NULL;
		}
		if (rc < 0)
			goto out;
		for (i = 0; i < patch.n; i++) {
			cJSON *v = patch.v[i];
			const cJSON *mv = oget(v, merge_key);
			size_t j;
			bool found = false;

			patch.v[i] = NULL;
			if (!mv) {
				rc = err_no_merge_key(c, v, merge_key);
				cJSON_Delete(v);
				goto out;
			}
			for (j = 0; j < merged.n; j++) {
				const cJSON *have;

				if (!cJSON_IsObject(merged.v[j])) {
					rc = kube_err_set(c->err, KUBE_EINVAL,
							  "value for key %zu is not a map.", j);
					cJSON_Delete(v);
					goto out;
				}
				have = oget(merged.v[j], merge_key);
				if (have && scalar_eq(have, mv)) {
					cJSON *m = NULL;

					rc = merge_map(c, merged.v[j], v, s, mo, &m);
					merged.v[j] = m;
					if (rc < 0)
						goto out;
					found = true;
					break;
				}
			}
			if (!found && (rc = vpush(c, &merged, v)) < 0)
				goto out;
		}
	}
	if (!(po = children(porder, &npo)) || !(so = children(sorder, &nso))) {
		rc = oom(c);
		goto out;
	}
	if ((rc = partition(c, &merged, po, npo, merge_key, kind == GK_MAP, &in, &rest)) < 0 ||
	    (rc = normalize_element_order(c, &in, &rest, po, npo, so, nso, merge_key,
					  kind == GK_MAP, &res)) < 0)
		goto out;
	if (!(*out = vto_array(&res)))
		rc = oom(c);
out:
	vfree(&orig);
	vfree(&patch);
	vfree(&merged);
	vfree(&in);
	vfree(&rest);
	vfree(&res);
	free(po);
	free(so);
	cJSON_Delete(porder);
	cJSON_Delete(sorder);
	return rc;
}

/* applyRetainKeysDirective */
static int apply_retain_keys(struct sp *c, cJSON *orig, cJSON *patch, const struct mopts *mo)
{
	cJSON *rk = cJSON_DetachItemFromObjectCaseSensitive(patch, RETAIN_KEYS), *e;
	const cJSON *p;
	int rc = 0;

	if (!rk)
		return 0;
	if (!mo->parallel) {
		const cJSON *have = oget(orig, RETAIN_KEYS);

		if (have) {
			if (!deep_eq(have, rk)) {
				char *a = vstr(have), *b = vstr(rk);

				rc = kube_err_set(
					c->err, KUBE_EINVAL,
					"%s and %s are not deep equal: this may happen when "
					"calculating the 3-way diff patch",
					a ? a : "", b ? b : "");
				free(a);
				free(b);
			}
			cJSON_Delete(rk);
			return rc;
		}
		return oset(c, orig, RETAIN_KEYS, rk);
	}
	if (!cJSON_IsArray(rk)) {
		cJSON_Delete(rk);
		return kube_err_set(c->err, KUBE_EINVAL, "invalid patch format of retainKeys");
	}
	for (p = patch->child; p; p = p->next) {
		bool found = false;

		if (cJSON_IsNull(p) || has_prefix(p->string, DELETE_PRIM) ||
		    has_prefix(p->string, SET_ORDER))
			continue;
		for (e = rk->child; e && !found; e = e->next)
			found = cJSON_IsString(e) && !strcmp(e->valuestring, p->string);
		if (!found) {
			cJSON_Delete(rk);
			return kube_err_set(c->err, KUBE_EINVAL,
					    "invalid patch format of retainKeys");
		}
	}
	for (e = orig->child; e;) {
		cJSON *next = e->next, *k;
		bool found = false;

		for (k = rk->child; k && !found; k = k->next)
			found = cJSON_IsString(k) && !strcmp(k->valuestring, e->string);
		if (!found)
			cJSON_Delete(cJSON_DetachItemViaPointer(orig, e));
		e = next;
	}
	cJSON_Delete(rk);
	return 0;
}

/* validatePatchWithSetOrderList */
static int validate_with_order(struct sp *c, const cJSON *patch_list, const cJSON *order,
			       const char *merge_key)
{
	const cJSON **pl = NULL, **ol = NULL, *e;
	size_t np = 0, no = 0, pi = 0, si = 0, nk = 0;
	int rc = 0;

	if (!patch_list || !patch_list->child || !order->child)
		return 0;
	if (!(pl = children(patch_list, &np)) || !(ol = children(order, &no))) {
		rc = oom(c);
		goto out;
	}
	if (*merge_key) {
		/* non-delete items first (delete directives are ignored below anyway) */
		for (e = patch_list->child; e; e = e->next) {
			if (!cJSON_IsObject(e)) {
				rc = err_bad_arg(c, "map", e);
				goto out;
			}
			if (!is_delete_directive(e))
				pl[nk++] = e;
		}
		np = nk;
	}
	while (pi < np && si < no) {
		bool eq;

		if (cJSON_IsObject(pl[pi]) && oget(pl[pi], DIRECTIVE)) {
			pi++;
			continue;
		}
		if (!*merge_key) {
			eq = scalar_eq(pl[pi], ol[si]);
		} else {
			if (!cJSON_IsObject(pl[pi]) || !cJSON_IsObject(ol[si])) {
				rc = err_bad_arg(c, "map",
						 cJSON_IsObject(pl[pi]) ? ol[si] : pl[pi]);
				goto out;
			}
			if (!oget(pl[pi], merge_key)) {
				rc = err_no_merge_key(c, pl[pi], merge_key);
				goto out;
			}
			if (!oget(ol[si], merge_key)) {
				rc = err_no_merge_key(c, ol[si], merge_key);
				goto out;
			}
			eq = merge_key_eq(pl[pi], ol[si], merge_key);
		}
		if (eq)
			pi++;
		si++;
	}
	if (pi < np && si >= no) {
		char *a = vstr(patch_list), *b = vstr(order);

		rc = kube_err_set(c->err, KUBE_EINVAL,
				  "The order in patch list:\n%s\n doesn't match %s list:\n%s\n",
				  a ? a : "", SET_ORDER, b ? b : "");
		free(a);
		free(b);
	}
out:
	free(pl);
	free(ol);
	return rc;
}

/* mergePatchIntoOriginal: $setElementOrder lists and the lists they order */
static int merge_set_order(struct sp *c, cJSON *orig, cJSON *patch, const struct psch *s,
			   const struct mopts *mo)
{
	cJSON *e, *next;
	int rc = 0;

	for (e = patch->child; e; e = next) {
		cJSON *order, *olist, *plist, *merged = NULL, *sorder = NULL;
		const cJSON **oo = NULL, **so = NULL;
		struct vec mv = {0}, in = {0}, rest = {0}, res = {0};
		const char *key;
		char *okey = NULL;
		struct psch sub;
		struct pmeta meta;
		char strat[64];
		bool retain;
		const cJSON *lists[2];
		enum gk kind;
		size_t no = 0, nso = 0;
		const char *mk;

		next = e->next;
		if (!has_prefix(e->string, SET_ORDER))
			continue;
		order = cJSON_DetachItemViaPointer(patch, e);
		if (!mo->parallel) {
			const cJSON *have = oget(orig, order->string);

			if (have) {
				if (!deep_eq(have, order)) {
					cJSON_Delete(order);
					return kube_err_set(
						c->err, KUBE_EINVAL,
						"invalid patch format of setElementOrder "
						"list");
				}
			} else if ((rc = oset(c, orig, order->string, dup(order))) < 0) {
				cJSON_Delete(order);
				return rc;
			}
		}
		if (!cJSON_IsArray(order)) {
			rc = err_bad_arg(c, "slice", order);
			cJSON_Delete(order);
			return rc;
		}
		if ((rc = extract_key(c, order->string, SET_ORDER, &key)) < 0 ||
		    !(okey = strdup(key))) {
			cJSON_Delete(order);
			return rc < 0 ? rc : oom(c);
		}
		olist = cJSON_GetObjectItemCaseSensitive(orig, okey);
		plist = cJSON_GetObjectItemCaseSensitive(patch, okey);
		if ((olist && !cJSON_IsArray(olist)) || (plist && !cJSON_IsArray(plist))) {
			rc = err_bad_arg(c, "slice",
					 olist && !cJSON_IsArray(olist) ? olist : plist);
			goto next_out;
		}
		if ((rc = lookup(c, s, okey, true, &sub, &meta)) < 0 ||
		    (rc = strategies(c, &meta, &retain, strat, sizeof(strat))) < 0)
			goto next_out;
		mk = meta.merge_key ? meta.merge_key : "";
		if ((rc = validate_with_order(c, plist, order, mk)) < 0)
			goto next_out;
		if (!olist && !plist)
			goto next_out; /* kubectl stops here; nothing to merge */
		lists[0] = olist;
		lists[1] = plist;
		if ((rc = element_kind(c, lists, 2, &kind)) < 0)
			goto next_out;
		/* the server order is the original list as it was */
		if (!(sorder = olist ? dup(olist) : cJSON_CreateArray())) {
			rc = oom(c);
			goto next_out;
		}
		if (olist && !plist) {
			merged = cJSON_DetachItemViaPointer(orig, olist);
		} else if (!olist && plist) {
			merged = cJSON_DetachItemViaPointer(patch, plist);
		} else {
			cJSON *a = cJSON_DetachItemViaPointer(orig, olist);
			cJSON *b = cJSON_DetachItemViaPointer(patch, plist);

			if ((rc = merge_slice_handler(c, a, b, &sub, strat, mk, false, mo,
						      &merged)) < 0)
				goto next_out;
		}
		cJSON_DeleteItemFromObjectCaseSensitive(patch, okey);
		if ((rc = vtake_array(c, &mv, merged)) < 0) {
			merged = NULL;
			goto next_out;
		}
		merged = NULL;
		if (!(oo = children(order, &no)) || !(so = children(sorder, &nso))) {
			rc = oom(c);
			goto next_out;
		}
		if ((rc = partition(c, &mv, oo, no, mk, *mk != '\0', &in, &rest)) < 0 ||
		    (rc = normalize_element_order(c, &in, &rest, oo, no, so, nso, mk,
						  kind == GK_MAP, &res)) < 0)
			goto next_out;
		rc = oset(c, orig, okey, vto_array(&res));
	next_out:
		vfree(&mv);
		vfree(&in);
		vfree(&rest);
		vfree(&res);
		free(oo);
		free(so);
		free(okey);
		cJSON_Delete(order);
		cJSON_Delete(merged);
		cJSON_Delete(sorder);
		if (rc < 0)
			return rc;
		/* the patch changed under us: restart the walk */
		next = patch->child;
	}
	return 0;
}

static int merge_map(struct sp *c, cJSON *orig, cJSON *patch, const struct psch *s,
		     const struct mopts *mo, cJSON **out)
{
	const cJSON *d;
	cJSON *item;
	int rc = 0;

	*out = NULL;
	if ((d = oget(patch, DIRECTIVE))) {
		if (cJSON_IsString(d) && !strcmp(d->valuestring, "replace")) {
			odel(patch, DIRECTIVE);
			cJSON_Delete(orig);
			*out = patch;
			return 0;
		}
		if (cJSON_IsString(d) && !strcmp(d->valuestring, "delete")) {
			cJSON_Delete(orig);
			cJSON_Delete(patch);
			return (*out = cJSON_CreateObject()) ? 0 : oom(c);
		}
		{
			char *ps = vstr(d), *ms = vstr(patch);

			rc = kube_err_set(c->err, KUBE_EINVAL, "unknown patch type: %s in map: %s",
					  ps ? ps : "", ms ? ms : "");
			free(ps);
			free(ms);
		}
		goto fail;
	}
	if (!orig && !(orig = cJSON_CreateObject())) {
		rc = oom(c);
		goto fail;
	}
	if ((rc = apply_retain_keys(c, orig, patch, mo)) < 0 ||
	    (rc = merge_set_order(c, orig, patch, s, mo)) < 0)
		goto fail;
	while ((item = patch->child)) {
		char *key;
		const char *k;
		bool is_delete_list = false;
		cJSON *ov;
		enum gk ko, kp;

		cJSON_DetachItemViaPointer(patch, item);
		if (!(key = strdup(item->string))) {
			cJSON_Delete(item);
			rc = oom(c);
			goto fail;
		}
		k = key;
		if (has_prefix(key, DELETE_PRIM)) {
			if (!mo->parallel) {
				rc = oset(c, orig, key, item);
				free(key);
				if (rc < 0)
					goto fail;
				continue;
			}
			if ((rc = extract_key(c, key, DELETE_PRIM, &k)) < 0) {
				free(key);
				cJSON_Delete(item);
				goto fail;
			}
			is_delete_list = true;
		}
		if (cJSON_IsNull(item)) {
			odel(orig, k);
			if (mo->ignore_nulls) {
				free(key);
				cJSON_Delete(item);
				continue;
			}
		}
		ov = cJSON_GetObjectItemCaseSensitive(orig, k);
		if (!ov) {
			rc = oset(c, orig, k, item);
			free(key);
			if (rc < 0)
				goto fail;
			continue;
		}
		ko = gkind(ov);
		kp = gkind(item);
		if (ko != kp) {
			rc = oset(c, orig, k, item);
			free(key);
			if (rc < 0)
				goto fail;
			continue;
		}
		if (ko == GK_MAP || ko == GK_SLICE) {
			struct psch sub;
			struct pmeta meta;
			char strat[64];
			bool retain;
			cJSON *res = NULL;

			if ((rc = lookup(c, s, k, ko == GK_SLICE, &sub, &meta)) < 0 ||
			    (rc = strategies(c, &meta, &retain, strat, sizeof(strat))) < 0) {
				free(key);
				cJSON_Delete(item);
				goto fail;
			}
			ov = cJSON_DetachItemViaPointer(orig, ov);
			if (ko == GK_MAP)
				rc = merge_map_handler(c, ov, item, &sub, strat, mo, &res);
			else
				rc = merge_slice_handler(c, ov, item, &sub, strat,
							 meta.merge_key ? meta.merge_key : "",
							 is_delete_list, mo, &res);
			if (rc == 0)
				rc = oset(c, orig, k, res);
			free(key);
			if (rc < 0)
				goto fail;
			continue;
		}
		rc = oset(c, orig, k, item);
		free(key);
		if (rc < 0)
			goto fail;
	}
	cJSON_Delete(patch);
	*out = orig;
	return 0;
fail:
	cJSON_Delete(orig);
	cJSON_Delete(patch);
	return rc;
}

/* ======================================================================================
 * Conflicts (MergingMapsHaveConflicts), for --overwrite=false
 * ====================================================================================== */

static int conflicts(struct sp *c, const cJSON *l, const cJSON *r, const struct psch *s,
		     const char *strat, const char *merge_key, bool *out);

static int maps_conflict(struct sp *c, const cJSON *l, const cJSON *r, const struct psch *s,
			 bool *out)
{
	const cJSON *e;
	int rc;

	*out = false;
	for (e = l->child; e; e = e->next) {
		const cJSON *rv;
		struct psch sub;
		struct pmeta meta;
		char strat[64];
		bool retain;

		if (!strcmp(e->string, DIRECTIVE) || !strcmp(e->string, RETAIN_KEYS))
			continue;
		if (!(rv = oget(r, e->string)))
			continue;
		sub.node = NULL;
		memset(&meta, 0, sizeof(meta));
		strat[0] = '\0';
		if ((gkind(e) == GK_SLICE || gkind(e) == GK_MAP) &&
		    ((rc = lookup(c, s, e->string, gkind(e) == GK_SLICE, &sub, &meta)) < 0 ||
		     (rc = strategies(c, &meta, &retain, strat, sizeof(strat))) < 0))
			return rc;
		if ((rc = conflicts(c, e, rv, &sub, strat, meta.merge_key ? meta.merge_key : "",
				    out)) < 0 ||
		    *out)
			return rc;
	}
	return 0;
}

static int conflicts(struct sp *c, const cJSON *l, const cJSON *r, const struct psch *s,
		     const char *strat, const char *merge_key, bool *out)
{
	enum gk k = gkind(l);

	*out = false;
	if (k == GK_MAP) {
		const cJSON *lm, *rm;

		if (gkind(r) != GK_MAP) {
			*out = true;
			return 0;
		}
		lm = oget(l, DIRECTIVE);
		rm = oget(r, DIRECTIVE);
		if (lm || rm) {
			if (!lm || !rm || !scalar_eq(lm, rm)) {
				*out = true;
				return 0;
			}
		}
		if (!strcmp(strat, "replace"))
			return 0;
		return maps_conflict(c, l, r, s, out);
	}
	if (k == GK_SLICE) {
		const cJSON *lists[2] = {l, r}, *x, *y;
		enum gk ek;
		int rc;

		if (gkind(r) != GK_SLICE) {
			*out = true;
			return 0;
		}
		if ((rc = element_kind(c, lists, 2, &ek)) < 0)
			return rc;
		if (!strcmp(strat, "merge")) {
			if (ek != GK_MAP)
				return 0;
			for (x = l->child; x; x = x->next) {
				if (!oget(x, merge_key))
					return kube_err_set(c->err, KUBE_EINVAL,
							    "cannot find merge key `%s` in merging "
							    "list element",
							    merge_key);
				for (y = r->child; y; y = y->next) {
					if (!merge_key_eq(x, y, merge_key))
						continue;
					if ((rc = conflicts(c, x, y, s, "", "", out)) < 0 || *out)
						return rc;
				}
			}
			return 0;
		}
		if (cJSON_GetArraySize(l) != cJSON_GetArraySize(r)) {
			*out = true;
			return 0;
		}
		if (ek != GK_MAP) {
			struct vec a = {0}, b = {0};
			size_t i;

			for (x = l->child; x && rc == 0; x = x->next)
				rc = vpush(c, &a, dup(x));
			for (y = r->child; y && rc == 0; y = y->next)
				rc = vpush(c, &b, dup(y));
			if (rc == 0) {
				dedup_scalars(&a);
				dedup_scalars(&b);
				rc = sort_by_str(c, &a, NULL);
			}
			if (rc == 0)
				rc = sort_by_str(c, &b, NULL);
			if (rc == 0) {
				if (a.n != b.n)
					*out = true;
				for (i = 0; i < a.n && !*out; i++)
					*out = !deep_eq(a.v[i], b.v[i]);
			}
			vfree(&a);
			vfree(&b);
			return rc;
		}
		for (x = l->child, y = r->child; x && y; x = x->next, y = y->next)
			if ((rc = conflicts(c, x, y, s, "", "", out)) < 0 || *out)
				return rc;
		return 0;
	}
	*out = !deep_eq(l, r);
	return 0;
}

/* ======================================================================================
 * Public entry points
 * ====================================================================================== */

static cJSON *as_map(const kube_obj *o)
{
	return cJSON_IsObject(CJ(o)) ? cJSON_Duplicate(CJ(o), 1) : cJSON_CreateObject();
}

static void conflict_yaml(kube_buf *b, const cJSON *j)
{
	kube_yaml_write(b, CK(j), 0);
}

int kube_strategic_three_way(kube_obj **out, const kube_obj *original, const kube_obj *modified,
			     const kube_obj *current, const kube_patch_schema *schema,
			     bool overwrite, kube_err *err)
{
	struct sp c = {err, schema ? CJ(schema->schemas) : NULL};
	struct psch s = {schema ? CJ(schema->schema) : NULL};
	struct dopts delta = {.set_order = true, .ignore_deletions = true};
	struct dopts dels = {.set_order = true, .ignore_changes = true};
	struct mopts mo = {false, false};
	cJSON *o = as_map(original), *m = as_map(modified), *cur = as_map(current);
	cJSON *dm = NULL, *dl = NULL, *patch = NULL, *changed = NULL;
	int rc;

	*out = NULL;
	if (!o || !m || !cur) {
		rc = oom(&c);
		goto out;
	}
	if ((rc = diff_maps(&c, cur, m, &s, delta, &dm)) < 0 ||
	    (rc = diff_maps(&c, o, m, &s, dels, &dl)) < 0)
		goto out;
	rc = merge_map(&c, dl, dm, &s, &mo, &patch);
	dl = dm = NULL;
	if (rc < 0)
		goto out;
	if (!overwrite) {
		struct dopts none = {0};
		bool has = false;

		if ((rc = diff_maps(&c, o, cur, &s, none, &changed)) < 0 ||
		    (rc = maps_conflict(&c, patch, changed, &s, &has)) < 0)
			goto out;
		if (has) {
			kube_buf t = KUBE_BUF_INIT;

			kube_buf_puts(&t, "patch:\n");
			conflict_yaml(&t, patch);
			kube_buf_puts(&t,
				      "\nconflicts with changes made from original to current:\n");
			conflict_yaml(&t, changed);
			kube_buf_putc(&t, '\n');
			rc = kube_err_set(err, KUBE_ECONFLICT, "%s", t.ptr);
			kube_buf_release(&t);
			goto out;
		}
	}
	*out = K(patch);
	patch = NULL;
out:
	cJSON_Delete(o);
	cJSON_Delete(m);
	cJSON_Delete(cur);
	cJSON_Delete(dm);
	cJSON_Delete(dl);
	cJSON_Delete(patch);
	cJSON_Delete(changed);
	return rc;
}

int kube_strategic_apply(kube_obj **out, const kube_obj *doc, const kube_obj *patch,
			 const kube_patch_schema *schema, kube_err *err)
{
	struct sp c = {err, schema ? CJ(schema->schemas) : NULL};
	struct psch s = {schema ? CJ(schema->schema) : NULL};
	struct mopts mo = {true, true};
	cJSON *d = as_map(doc), *p = as_map(patch), *res = NULL;
	int rc;

	*out = NULL;
	if (!d || !p) {
		cJSON_Delete(d);
		cJSON_Delete(p);
		return oom(&c);
	}
	if ((rc = merge_map(&c, d, p, &s, &mo, &res)) < 0)
		return rc;
	*out = K(res);
	return 0;
}

/* ---- JSON merge patch (evanphx/json-patch and apimachinery's jsonmergepatch) ---- */

/* CreateMergePatch(a, b) for objects */
static int merge_diff(struct sp *c, const cJSON *a, const cJSON *b, cJSON **out)
{
	cJSON *into = cJSON_CreateObject();
	const cJSON *bv, *av;
	int rc = 0;

	*out = NULL;
	if (!into)
		return oom(c);
	for (bv = b->child; bv; bv = bv->next) {
		enum gk ka, kb;

		av = oget(a, bv->string);
		if (!av) {
			if ((rc = oset(c, into, bv->string, dup(bv))) < 0)
				goto out;
			continue;
		}
		ka = gkind(av);
		kb = gkind(bv);
		if (ka != kb &&
		    !((ka == GK_INT || ka == GK_FLOAT) && (kb == GK_INT || kb == GK_FLOAT))) {
			if ((rc = oset(c, into, bv->string, dup(bv))) < 0)
				goto out;
			continue;
		}
		if (ka == GK_MAP) {
			cJSON *sub = NULL;

			if ((rc = merge_diff(c, av, bv, &sub)) < 0)
				goto out;
			if (sub->child) {
				if ((rc = oset(c, into, bv->string, sub)) < 0)
					goto out;
			} else {
				cJSON_Delete(sub);
			}
		} else if (ka == GK_INT || ka == GK_FLOAT) {
			/* encoding/json decodes both as float64 */
			if (numval(av) != numval(bv) &&
			    (rc = oset(c, into, bv->string, dup(bv))) < 0)
				goto out;
		} else if (!deep_eq(av, bv) && (rc = oset(c, into, bv->string, dup(bv))) < 0) {
			goto out;
		}
	}
	for (av = a->child; av; av = av->next)
		if (!oget(b, av->string) &&
		    (rc = oset(c, into, av->string, cJSON_CreateNull())) < 0)
			goto out;
	*out = into;
	into = NULL;
out:
	cJSON_Delete(into);
	return rc;
}

/* keepOrDeleteNullInObj */
static int keep_or_delete_null(struct sp *c, const cJSON *m, bool keep_null, cJSON **out)
{
	cJSON *f = cJSON_CreateObject();
	const cJSON *v;
	int rc = 0;

	*out = NULL;
	if (!f)
		return oom(c);
	for (v = m->child; v; v = v->next) {
		if (cJSON_IsNull(v)) {
			if (keep_null && (rc = oset(c, f, v->string, cJSON_CreateNull())) < 0)
				goto out;
			continue;
		}
		if (cJSON_IsObject(v)) {
			cJSON *sub = NULL;

			if (!v->child) {
				if (!keep_null && (rc = oset(c, f, v->string, dup(v))) < 0)
					goto out;
				continue;
			}
			if ((rc = keep_or_delete_null(c, v, keep_null, &sub)) < 0)
				goto out;
			if (sub->child) {
				if ((rc = oset(c, f, v->string, sub)) < 0)
					goto out;
			} else {
				cJSON_Delete(sub);
			}
			continue;
		}
		if (!keep_null && (rc = oset(c, f, v->string, dup(v))) < 0)
			goto out;
	}
	*out = f;
	f = NULL;
out:
	cJSON_Delete(f);
	return rc;
}

/* mergepatch.HasConflicts */
static bool has_conflicts(const cJSON *l, const cJSON *r)
{
	const cJSON *x, *y;

	switch (gkind(l)) {
	case GK_MAP:
		if (gkind(r) != GK_MAP)
			return true;
		for (x = l->child; x; x = x->next)
			if ((y = oget(r, x->string)) && has_conflicts(x, y))
				return true;
		return false;
	case GK_SLICE:
		if (gkind(r) != GK_SLICE || cJSON_GetArraySize(l) != cJSON_GetArraySize(r))
			return true;
		for (x = l->child, y = r->child; x && y; x = x->next, y = y->next)
			if (has_conflicts(x, y))
				return true;
		return false;
	default:
		return !deep_eq(l, r);
	}
}

/* RFC 7386 merge of patch into doc (both owned; the result is doc) */
static int merge_patch_into(struct sp *c, cJSON *doc, cJSON *patch)
{
	cJSON *p;
	int rc = 0;

	while ((p = patch->child)) {
		cJSON *cur;
		char *k;

		cJSON_DetachItemViaPointer(patch, p);
		if (!(k = strdup(p->string ? p->string : ""))) {
			cJSON_Delete(p);
			rc = oom(c);
			break;
		}
		if (cJSON_IsNull(p)) {
			odel(doc, k);
			cJSON_Delete(p);
			free(k);
			continue;
		}
		cur = cJSON_GetObjectItemCaseSensitive(doc, k);
		if (cur && cJSON_IsObject(cur) && cJSON_IsObject(p)) {
			rc = merge_patch_into(c, cur, p);
			free(k);
			if (rc < 0)
				break;
			continue;
		}
		if (cJSON_IsObject(p)) {
			/* pruneNulls on a value taken whole */
			cJSON *clean = NULL;

			rc = keep_or_delete_null(c, p, false, &clean);
			cJSON_Delete(p);
			p = clean;
			if (rc < 0) {
				free(k);
				break;
			}
		}
		rc = oset(c, doc, k, p);
		free(k);
		if (rc < 0)
			break;
	}
	cJSON_Delete(patch);
	return rc;
}

static bool key_changed(const cJSON *patch, const char *key)
{
	return oget(patch, key) != NULL;
}

int kube_merge_three_way(kube_obj **out, const kube_obj *original, const kube_obj *modified,
			 const kube_obj *current, kube_err *err)
{
	struct sp c = {err, NULL};
	cJSON *o = as_map(original), *m = as_map(modified), *cur = as_map(current);
	cJSON *ac = NULL, *acf = NULL, *dp = NULL, *dpf = NULL;
	int rc;

	*out = NULL;
	if (!o || !m || !cur) {
		rc = oom(&c);
		goto out;
	}
	if ((rc = merge_diff(&c, cur, m, &ac)) < 0 ||
	    (rc = keep_or_delete_null(&c, ac, false, &acf)) < 0 ||
	    (rc = merge_diff(&c, o, m, &dp)) < 0 ||
	    (rc = keep_or_delete_null(&c, dp, true, &dpf)) < 0)
		goto out;
	if (has_conflicts(acf, dpf)) {
		kube_buf t = KUBE_BUF_INIT;

		kube_buf_puts(&t, "patch:\n");
		conflict_yaml(&t, acf);
		kube_buf_puts(&t, "\nconflicts with changes made from original to current:\n");
		conflict_yaml(&t, dpf);
		kube_buf_putc(&t, '\n');
		rc = kube_err_set(err, KUBE_ECONFLICT, "%s", t.ptr);
		kube_buf_release(&t);
		goto out;
	}
	rc = merge_patch_into(&c, dpf, acf);
	acf = NULL;
	if (rc < 0)
		goto out;
	if (key_changed(dpf, "apiVersion") || key_changed(dpf, "kind") ||
	    key_changed(oget(dpf, "metadata"), "name")) {
		rc = kube_err_set(err, KUBE_EINVAL,
				  "At least one of apiVersion, kind and name was "
				  "changed");
		goto out;
	}
	*out = K(dpf);
	dpf = NULL;
out:
	cJSON_Delete(o);
	cJSON_Delete(m);
	cJSON_Delete(cur);
	cJSON_Delete(ac);
	cJSON_Delete(acf);
	cJSON_Delete(dp);
	cJSON_Delete(dpf);
	return rc;
}

int kube_merge_apply(kube_obj **out, const kube_obj *doc, const kube_obj *patch, kube_err *err)
{
	struct sp c = {err, NULL};
	cJSON *d = as_map(doc), *p = as_map(patch);
	int rc;

	*out = NULL;
	if (!d || !p) {
		cJSON_Delete(d);
		cJSON_Delete(p);
		return oom(&c);
	}
	if ((rc = merge_patch_into(&c, d, p)) < 0) {
		cJSON_Delete(d);
		return rc;
	}
	*out = K(d);
	return 0;
}
