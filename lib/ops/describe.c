/* kubectl describe: describer dispatch and the command's object selection; see
 * include/kube/describe.h. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <kube/builder.h>
#include <kube/codec.h>

#include "describe-internal.h"

#include "banned.h"

/* ---- io over a kube_client ---- */

static int client_get(void *payload, const char *path, const kube_param *params, size_t nparams,
		      kube_obj **out, kube_err *err)
{
	kube_client *c = payload;
	kube_response resp = KUBE_RESPONSE_INIT;
	kube_request req = {.path = path, .params = params, .nparams = nparams};
	int rc;

	*out = NULL;
	if ((rc = kube_client_do(c, &req, &resp, err)) == 0)
		rc = kube_obj_parse_json(out, resp.body.ptr, resp.body.len, err);
	kube_response_release(&resp);
	return rc;
}

void kube_describe_client_io(kube_describe_io *io, kube_client *c)
{
	io->get = client_get;
	io->payload = c;
}

/* ---- dispatch ---- */

static const struct {
	const char *group, *kind;
	kd_describer fn;
} describers[] = {
    {"", "Pod", kd_describe_pod},
    {"", "ReplicationController", kd_describe_rc},
    {"", "Secret", kd_describe_secret},
    {"", "Service", kd_describe_service},
    {"", "ServiceAccount", kd_describe_serviceaccount},
    {"", "Node", kd_describe_node},
    {"", "LimitRange", kd_describe_limitrange},
    {"", "ResourceQuota", kd_describe_quota},
    {"", "Namespace", kd_describe_namespace},
    {"", "Endpoints", kd_describe_endpoints},
    {"", "ConfigMap", kd_describe_configmap},
    {"", "PriorityClass", kd_describe_priorityclass},
    {"discovery.k8s.io", "EndpointSlice", kd_describe_endpointslice},
    {"batch", "Job", kd_describe_job},
    {"batch", "CronJob", kd_describe_cronjob},
    {"apps", "StatefulSet", kd_describe_statefulset},
    {"apps", "Deployment", kd_describe_deployment},
    {"apps", "DaemonSet", kd_describe_daemonset},
    {"apps", "ReplicaSet", kd_describe_replicaset},
    {"policy", "PodDisruptionBudget", kd_describe_pdb},
    {"rbac.authorization.k8s.io", "RoleBinding", kd_describe_rolebinding},
    {"rbac.authorization.k8s.io", "ClusterRoleBinding", kd_describe_rolebinding},
    {"scheduling.k8s.io", "PriorityClass", kd_describe_priorityclass},
    {"rbac.authorization.k8s.io", "Role", kd_describe_role},
    {"rbac.authorization.k8s.io", "ClusterRole", kd_describe_role},
    {"networking.k8s.io", "IPAddress", kd_describe_ipaddress},
    {"networking.k8s.io", "ServiceCIDR", kd_describe_servicecidr},
    {"networking.k8s.io", "IngressClass", kd_describe_ingressclass},
    {"networking.k8s.io", "Ingress", kd_describe_ingress},
    {"networking.k8s.io", "NetworkPolicy", kd_describe_networkpolicy},
    {"storage.k8s.io", "StorageClass", kd_describe_storageclass},
    {"storage.k8s.io", "VolumeAttributesClass", kd_describe_vac},
    {"storage.k8s.io", "CSINode", kd_describe_csinode},
    {"", "PersistentVolumeClaim", kd_describe_pvc},
    {"", "PersistentVolume", kd_describe_pv},
    {"autoscaling", "HorizontalPodAutoscaler", kd_describe_hpa},
};

static kd_describer describer_for(const char *group, const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(describers) / sizeof(describers[0]); i++)
		if (!strcmp(describers[i].group, group) && !strcmp(describers[i].kind, kind))
			return describers[i].fn;
	return kd_describe_generic;
}

int kube_describe_object(kube_buf *out, const kube_describe_io *io, const kube_resource *r,
			 const kube_obj *obj, const kube_describe_settings *s, kube_err *err)
{
	static const kube_tabwriter_opts topts = KUBE_TABWRITER_DESCRIBE_OPTS;
	struct kd d;
	int rc;

	memset(&d, 0, sizeof(d));
	d.out = (kube_buf)KUBE_BUF_INIT;
	d.tmp = (kube_buf)KUBE_BUF_INIT;
	d.io = io;
	d.s = s;
	d.now_sec = s->now;
	d.now_nsec = s->now_nsec;
	if (!d.now_sec && !d.now_nsec) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		d.now_sec = ts.tv_sec;
		d.now_nsec = (int32_t)ts.tv_nsec;
	}
	if ((rc = kube_tabwriter_new(&d.tw, &topts, err)) < 0)
		return rc;
	rc = describer_for(r->group, r->kind)(&d, obj, err);
	if (rc == 0) {
		kd_flush(&d);
		if (d.oom || d.out.failed)
			rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
		else
			kube_buf_put(out, d.out.ptr, d.out.len);
	}
	kube_tabwriter_free(d.tw);
	kube_buf_release(&d.out);
	kube_buf_release(&d.tmp);
	return rc;
}

/* ---- the command ---- */

void kube_describe_result_release(kube_describe_result *res)
{
	size_t i;

	if (!res)
		return;
	for (i = 0; i < res->nerrors; i++)
		kube_err_clear(&res->errors[i]);
	free(res->errors);
	memset(res, 0, sizeof(*res));
}

/* A copy of the parts of a resource the run needs: discovery refreshes (a kind a manifest
 * names may be new) invalidate the borrowed kube_resource pointers. */
struct res_copy {
	kube_resource r;
	char *strs[4];
};

static int res_copy(struct res_copy *dst, const kube_resource *src)
{
	const char *from[4] = {src->group, src->version, src->resource, src->kind};
	size_t i;

	memset(dst, 0, sizeof(*dst));
	for (i = 0; i < 4; i++)
		if (!(dst->strs[i] = strdup(from[i] ? from[i] : "")))
			return KUBE_ENOMEM;
	dst->r.group = dst->strs[0];
	dst->r.version = dst->strs[1];
	dst->r.resource = dst->strs[2];
	dst->r.kind = dst->strs[3];
	dst->r.singular = "";
	dst->r.namespaced = src->namespaced;
	dst->r.preferred = src->preferred;
	return 0;
}

static void res_free(struct res_copy *rc)
{
	size_t i;

	for (i = 0; i < 4; i++)
		free(rc->strs[i]);
	memset(rc, 0, sizeof(*rc));
}

/* An object fetched for describing. */
struct info {
	struct res_copy res;
	kube_obj *obj;
};

/* An object a manifest names, to be fetched. */
struct pending {
	struct res_copy res;
	char *ns, *name;
};

struct run {
	kube_client *c;
	kube_discovery *d;
	const kube_describe_opts *o;
	const kube_describe_sink *sink;
	kube_describe_result *res;
	kube_describe_io io;
	kube_describe_settings s;
	struct info *infos;
	size_t ninfos, cap;
	kube_err *errs; /* builder errors, in order */
	size_t nerrs;
	struct pending *pend; /* -f: objects to fetch */
	size_t npend;
	/* -f: errors decoding and mapping the manifests' documents (and parse errors); kubectl
	 * reports them as one list, after the namespace errors and before the fetch errors */
	kube_err *stream;
	size_t nstream;
	size_t stream_at; /* index in errs of that list's entry, or (size_t)-1 */
};

static int add_error(kube_err **v, size_t *n, kube_err *e)
{
	kube_err *nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (!nv)
		return KUBE_ENOMEM;
	*v = nv;
	nv[*n] = (kube_err)KUBE_ERR_INIT;
	kube_err_move(&nv[(*n)++], e);
	return 0;
}

static int add_info(struct run *g, const kube_resource *r, kube_obj *obj, kube_err *err)
{
	if (g->ninfos == g->cap) {
		size_t nc = g->cap ? g->cap * 2 : 16;
		struct info *nv = realloc(g->infos, nc * sizeof(*nv));

		if (!nv) {
			kube_obj_free(obj);
			return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		}
		g->infos = nv;
		g->cap = nc;
	}
	if (res_copy(&g->infos[g->ninfos].res, r) < 0) {
		res_free(&g->infos[g->ninfos].res);
		kube_obj_free(obj);
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	g->infos[g->ninfos++].obj = obj;
	return 0;
}

/* Items of a list lack apiVersion and kind; kubectl's unstructured decoding fills them in. */
static void fill_type(kube_obj *o, const kube_resource *r)
{
	kube_buf gv = KUBE_BUF_INIT;

	if (*r->group)
		kube_buf_printf(&gv, "%s/%s", r->group, r->version);
	else
		kube_buf_puts(&gv, r->version);
	if (!kube_obj_get(o, "apiVersion") && !gv.failed)
		kube_obj_set_str(o, "apiVersion", gv.ptr);
	if (!kube_obj_get(o, "kind"))
		kube_obj_set_str(o, "kind", r->kind);
	kube_buf_release(&gv);
}

/* EnhanceListError: name the resource and the selectors in BadRequest and NotFound. */
static void path_of(kube_buf *b, const kube_resource *r, const char *ns)
{
	kube_resource_path(b, r, ns, NULL);
}

/* LIST a resource (all pages) into the infos; errors are builder errors. */
static int visit_list(struct run *g, const kube_resource *r, const char *ns, const char *sel,
		      kube_err *err)
{
	struct kd d;
	kube_buf path = KUBE_BUF_INIT;
	kube_obj *items = NULL, *it;
	kube_err e = KUBE_ERR_INIT;
	int rc;

	memset(&d, 0, sizeof(d));
	d.io = &g->io;
	d.s = &g->s;
	path_of(&path, r, ns);
	if ((rc = kube_buf_check(&path, err)) < 0)
		goto out;
	rc = kd_list(&d, path.ptr, sel && *sel ? sel : NULL, NULL, true, &items, &e);
	if (rc == KUBE_ENOMEM) {
		kube_err_move(err, &e);
		goto out;
	}
	if (rc < 0) {
		/* kubectl drops what it read of a list that failed */
		kube_list_error_enhance(&e, r, sel, NULL);
		rc = add_error(&g->errs, &g->nerrs, &e) < 0
			 ? kube_err_set(err, KUBE_ENOMEM, "out of memory")
			 : 0;
		goto out;
	}
	while ((it = kube_obj_detach_at(items, 0))) {
		fill_type(it, r);
		if ((rc = add_info(g, r, it, err)) < 0)
			goto out;
	}
out:
	kube_err_clear(&e);
	kube_obj_free(items);
	kube_buf_release(&path);
	return rc;
}

static int visit_name(struct run *g, const kube_resource *r, const char *ns, const char *name,
		      kube_err *err)
{
	kube_obj *o = NULL;
	kube_err e = KUBE_ERR_INIT;
	int rc;

	if (!*name)
		rc = kube_err_set(&e, KUBE_EINVAL, "resource name may not be empty");
	else
		rc = kube_get(&o, g->c, r, ns, name, "application/json", &e);
	if (rc == 0) {
		fill_type(o, r);
		return add_info(g, r, o, err);
	}
	if (rc == KUBE_ENOMEM) {
		kube_err_move(err, &e);
		return rc;
	}
	rc = add_error(&g->errs, &g->nerrs, &e) < 0
		 ? kube_err_set(err, KUBE_ENOMEM, "out of memory")
		 : 0;
	kube_err_clear(&e);
	return rc;
}

/* ---- -f ---- */

struct file_doc {
	struct run *g;
	const char *file;
	kube_err *err;
	int rc;
};

static int map_kind(const kube_resource **out, kube_discovery *d, const char *api_version,
		    const char *kind)
{
	const char *slash = strchr(api_version, '/');
	size_t gl = slash ? (size_t)(slash - api_version) : 0, i;
	const char *version = slash ? slash + 1 : api_version;

	for (i = 0; i < kube_discovery_count(d); i++) {
		const kube_resource *r = kube_discovery_at(d, i);

		/* without a version the group's preferred one is taken */
		if (strcmp(r->kind, kind) || strlen(r->group) != gl ||
		    strncmp(r->group, api_version, gl) || strchr(r->resource, '/') ||
		    (*version ? strcmp(r->version, version) != 0 : !r->preferred))
			continue;
		*out = r;
		return 0;
	}
	return KUBE_ENOMATCH;
}

static int on_file_doc(kube_obj *doc, size_t index, void *payload)
{
	struct file_doc *fd = payload;
	struct run *g = fd->g;
	const char *av = kd_str(doc, "apiVersion"), *kind = kd_str(doc, "kind");
	const char *name = KS(doc, "metadata", "name"), *ns = KS(doc, "metadata", "namespace");
	const kube_resource *r = NULL;
	kube_err e = KUBE_ERR_INIT;
	int rc = 0;

	(void)index;
	if (!*kind) {
		kube_buf m = KUBE_BUF_INIT;

		kube_json_write(&m, doc, KUBE_JSON_SORT_KEYS | KUBE_JSON_HTML_ESCAPE);
		if (m.failed)
			rc = kube_err_set(fd->err, KUBE_ENOMEM, "out of memory");
		else
			kube_err_set(&e, KUBE_EDECODE,
				     "unable to decode \"%s\": Object 'Kind' is missing in '%s'",
				     fd->file, m.ptr);
		kube_buf_release(&m);
		if (rc < 0)
			goto out;
		goto stream;
	}
	if (map_kind(&r, g->d, av, kind) < 0 &&
	    (kube_discovery_refresh(g->d, &e) < 0 || map_kind(&r, g->d, av, kind) < 0)) {
		kube_err_clear(&e);
		kube_err_set(
		    &e, KUBE_ENOMATCH,
		    "resource mapping not found for name: \"%s\" namespace: \"%s\" from "
		    "\"%s\": no matches for kind \"%s\" in version \"%s\"\nensure CRDs are "
		    "installed first",
		    name, ns, fd->file, kind, av);
		goto stream;
	}
	if (r->namespaced) {
		if (!*ns) {
			ns = g->o->namespace;
		} else if (g->o->namespace_explicit && strcmp(ns, g->o->namespace)) {
			kube_err_set(
			    &e, KUBE_EINVAL,
			    "the namespace from the provided object \"%s\" does not match the "
			    "namespace \"%s\". You must pass '--namespace=%s' to perform this "
			    "operation.",
			    ns, g->o->namespace, ns);
			goto collect;
		}
	}
	{
		struct pending *np = realloc(g->pend, (g->npend + 1) * sizeof(*np));

		if (!np) {
			rc = kube_err_set(fd->err, KUBE_ENOMEM, "out of memory");
			goto out;
		}
		g->pend = np;
		np += g->npend++;
		memset(np, 0, sizeof(*np));
		if (res_copy(&np->res, r) < 0 || !(np->name = strdup(name)) ||
		    !(np->ns = strdup(r->namespaced ? ns : ""))) {
			rc = kube_err_set(fd->err, KUBE_ENOMEM, "out of memory");
			goto out;
		}
	}
	goto out;
stream:
	if (add_error(&g->stream, &g->nstream, &e) < 0)
		rc = kube_err_set(fd->err, KUBE_ENOMEM, "out of memory");
	kube_err_clear(&e);
	goto out;
collect:
	if (add_error(&g->errs, &g->nerrs, &e) < 0)
		rc = kube_err_set(fd->err, KUBE_ENOMEM, "out of memory");
	kube_err_clear(&e);
out:
	kube_obj_free(doc);
	if (rc < 0)
		fd->rc = rc;
	return rc;
}

static bool manifest_name(const char *n)
{
	size_t l = strlen(n);

	return (l > 5 && !strcmp(n + l - 5, ".json")) || (l > 5 && !strcmp(n + l - 5, ".yaml")) ||
	       (l > 4 && !strcmp(n + l - 4, ".yml"));
}

static int read_stream(FILE *f, kube_buf *b, kube_err *err)
{
	char tmp[8192];
	size_t n;

	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		kube_buf_put(b, tmp, n);
	return kube_buf_check(b, err);
}

/* utilerrors.NewAggregate(errs).Error() into out: one message alone, several distinct ones
 * as "[a, b]". errs are left as they are. */
static int aggregate_error(kube_err *out, kube_err *errs, size_t n, kube_err *err)
{
	kube_buf m = KUBE_BUF_INIT;
	size_t i, j, distinct = 0;

	if (n == 1) {
		kube_err_set(out, errs[0].code < 0 ? errs[0].code : KUBE_ERROR, "%s",
			     kd_or(errs[0].message, ""));
		return 0;
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(kd_or(errs[j].message, ""), kd_or(errs[i].message, "")))
				break;
		if (j < i)
			continue;
		if (distinct++)
			kube_buf_puts(&m, ", ");
		kube_buf_puts(&m, kd_or(errs[i].message, ""));
	}
	if (m.failed) {
		kube_buf_release(&m);
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	if (distinct > 1)
		kube_err_set(out, KUBE_ERROR, "[%s]", m.ptr);
	else
		kube_err_set(out, KUBE_ERROR, "%s", m.ptr);
	kube_buf_release(&m);
	return 0;
}

static int visit_file(struct run *g, const char *path, bool top, kube_err *err);

static int visit_dir(struct run *g, const char *path, kube_err *err)
{
	struct dirent **ents = NULL;
	int n, i, rc = 0;

	if ((n = scandir(path, &ents, NULL, alphasort)) < 0)
		return kube_err_set(err, KUBE_EIO, "open %s: %s", path, strerror(errno));
	for (i = 0; i < n; i++) {
		kube_buf p = KUBE_BUF_INIT;
		struct stat st;

		if (rc == 0 && ents[i]->d_name[0] != '.') {
			kube_buf_printf(&p, "%s/%s", path, ents[i]->d_name);
			if ((rc = kube_buf_check(&p, err)) == 0 && stat(p.ptr, &st) == 0) {
				if (S_ISDIR(st.st_mode)) {
					if (g->o->recursive)
						rc = visit_dir(g, p.ptr, err);
				} else if (manifest_name(ents[i]->d_name)) {
					rc = visit_file(g, p.ptr, false, err);
				}
			}
		}
		kube_buf_release(&p);
		free(ents[i]);
	}
	free(ents);
	return rc;
}

static int visit_file(struct run *g, const char *path, bool top, kube_err *err)
{
	kube_buf b = KUBE_BUF_INIT;
	kube_err e = KUBE_ERR_INIT;
	struct file_doc fd = {g, path, err, 0};
	struct stat st;
	FILE *f;
	int rc;

	if (!strcmp(path, "-")) {
		fd.file = "STDIN";
		if ((rc = read_stream(stdin, &b, err)) < 0)
			goto out;
	} else {
		if (stat(path, &st) < 0) {
			rc = kube_err_set(err, KUBE_EIO, "the path \"%s\" does not exist", path);
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			rc = top ? visit_dir(g, path, err) : 0;
			goto out;
		}
		if (!(f = fopen(path, "rb"))) {
			rc = kube_err_set(err, KUBE_EIO, "open %s: %s", path, strerror(errno));
			goto out;
		}
		rc = read_stream(f, &b, err);
		fclose(f);
		if (rc < 0)
			goto out;
	}
	rc = kube_decode_manifest(b.ptr, b.len, 0, on_file_doc, &fd, &e);
	if (rc < 0 && fd.rc == 0 && rc != KUBE_ENOMEM) {
		/* a manifest that does not parse ends the file; the error joins the list of
		 * decoding errors */
		kube_err pe = KUBE_ERR_INIT;

		kube_err_set(&pe, rc, "error parsing %s: %s%s", fd.file,
			     e.message && !strncmp(e.message, "yaml:", 5)
				 ? "error converting YAML to JSON: "
				 : "",
			     kd_or(e.message, ""));
		rc = add_error(&g->stream, &g->nstream, &pe) < 0
			 ? kube_err_set(err, KUBE_ENOMEM, "out of memory")
			 : 0;
		kube_err_clear(&pe);
	} else if (rc < 0) {
		kube_err_move(err, &e);
	}
	kube_err_clear(&e);
out:
	kube_buf_release(&b);
	return rc;
}

/* ---- describing ---- */

static int emit(struct run *g, const char *p, size_t n, kube_err *err)
{
	if (!n)
		return 0;
	g->res->wrote = true;
	if (g->sink->write(p, n, g->sink->payload) < 0)
		return kube_err_set(err, KUBE_EIO, "write error");
	return 0;
}

static bool seen_message(const kube_describe_result *res, const kube_err *e)
{
	size_t i;

	for (i = 0; i < res->nerrors; i++)
		if (!strcmp(kd_or(res->errors[i].message, ""), kd_or(e->message, "")))
			return true;
	return false;
}

static bool not_found(const kube_err *e)
{
	return e->code == KUBE_ENOTFOUND || (e->reason && !strcmp(e->reason, "NotFound"));
}

/* DescribeMatchingResources: list TYPE in the namespace and describe the names starting with
 * prefix; each text is followed by a newline. */
static int describe_prefix(struct run *g, const char *type, const char *prefix, kube_err *orig,
			   kube_err *err)
{
	kube_targets t = KUBE_TARGETS_INIT;
	kube_builder_opts bo = {.allow_empty_names = true};
	char *args[1];
	size_t i, first, nerrs;
	bool found = false;
	kube_buf b = KUBE_BUF_INIT;
	int rc;

	args[0] = (char *)type;
	if ((rc = kube_targets_resolve(&t, g->d, args, 1, &bo, err)) < 0)
		goto out;
	if (t.n != 1) {
		rc = kube_err_set(err, KUBE_EINVAL, "you must specify only one resource");
		goto out;
	}
	first = g->ninfos;
	nerrs = g->nerrs;
	if ((rc = visit_list(g, t.v[0].res, t.v[0].res->namespaced ? g->o->namespace : NULL, NULL,
			     err)) < 0)
		goto out;
	if (g->nerrs > nerrs) {
		/* the list failed: that is the error */
		kube_err_move(err, &g->errs[g->nerrs - 1]);
		rc = err ? err->code : KUBE_ERROR;
		goto out;
	}
	for (i = first; i < g->ninfos; i++) {
		const char *name = KS(g->infos[i].obj, "metadata", "name");

		if (strncmp(name, prefix, strlen(prefix)))
			continue;
		found = true;
		kube_buf_truncate(&b, 0);
		if ((rc = kube_describe_object(&b, &g->io, &g->infos[i].res.r, g->infos[i].obj,
					       &g->s, err)) < 0)
			goto out;
		kube_buf_putc(&b, '\n');
		if ((rc = kube_buf_check(&b, err)) < 0 || (rc = emit(g, b.ptr, b.len, err)) < 0)
			goto out;
	}
	if (!found) {
		kube_err_move(err, orig);
		rc = err ? err->code : KUBE_ERROR;
	}
out:
	kube_buf_release(&b);
	kube_targets_release(&t);
	return rc;
}

static int push_target(kube_targets *t, size_t *cap, const kube_resource *r, const char *name)
{
	if (t->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		kube_target *nv = realloc(t->v, nc * sizeof(*nv));

		if (!nv)
			return KUBE_ENOMEM;
		t->v = nv;
		*cap = nc;
	}
	t->v[t->n].res = r;
	t->v[t->n++].name = name;
	return 0;
}

/* kubectl's builder visits every (type, name) pair, duplicates included: types first, then
 * names (TYPE1 a, TYPE1 b, TYPE2 a, ...), or each TYPE/NAME argument in order. */
static int resolve(kube_targets *out, kube_discovery *d, char *const *args, size_t n,
		   const kube_builder_opts *bo, kube_err *err)
{
	kube_targets one = KUBE_TARGETS_INIT;
	size_t cap = 0, i, j;
	bool slash = false;
	int rc;

	for (i = 0; i < n; i++)
		slash = slash || strchr(args[i], '/');
	/* the shared resolver checks the argument forms and maps the types */
	if ((rc = kube_targets_resolve(&one, d, args, n, bo, err)) < 0)
		return rc;
	kube_targets_release(&one);
	memset(out, 0, sizeof(*out));
	if (slash) {
		for (i = 0; i < n; i++) {
			if ((rc = kube_targets_resolve(&one, d, args + i, 1, bo, err)) < 0)
				goto fail;
			for (j = 0; j < one.n; j++)
				if (push_target(out, &cap, one.v[j].res, one.v[j].name) < 0)
					goto oom;
			kube_targets_release(&one);
		}
		return 0;
	}
	if ((rc = kube_targets_resolve(&one, d, args, 1, bo, err)) < 0)
		goto fail;
	for (j = 0; j < one.n; j++) {
		if (n == 1) {
			if (push_target(out, &cap, one.v[j].res, NULL) < 0)
				goto oom;
			continue;
		}
		for (i = 1; i < n; i++)
			if (push_target(out, &cap, one.v[j].res, args[i]) < 0)
				goto oom;
	}
	kube_targets_release(&one);
	return 0;
oom:
	rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
fail:
	kube_targets_release(&one);
	kube_targets_release(out);
	return rc;
}

static void free_run(struct run *g)
{
	size_t i;

	for (i = 0; i < g->ninfos; i++) {
		kube_obj_free(g->infos[i].obj);
		res_free(&g->infos[i].res);
	}
	free(g->infos);
	for (i = 0; i < g->npend; i++) {
		res_free(&g->pend[i].res);
		free(g->pend[i].ns);
		free(g->pend[i].name);
	}
	free(g->pend);
	for (i = 0; i < g->nerrs; i++)
		kube_err_clear(&g->errs[i]);
	free(g->errs);
	for (i = 0; i < g->nstream; i++)
		kube_err_clear(&g->stream[i]);
	free(g->stream);
}

static int push_result_error(kube_describe_result *res, kube_err *e, kube_err *err)
{
	if (add_error(&res->errors, &res->nerrors, e) < 0)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	return 0;
}

int kube_describe_run(kube_client *c, kube_discovery *d, const kube_describe_opts *o,
		      char *const *args, size_t n, const kube_describe_sink *sink,
		      kube_describe_result *res, kube_err *err)
{
	struct run g;
	kube_targets t = KUBE_TARGETS_INIT;
	kube_builder_opts bo = {.has_selector = o->selector && *o->selector,
				.allow_empty_names = true};
	kube_buf b = KUBE_BUF_INIT;
	size_t i;
	bool first = true;
	int rc = 0;

	memset(res, 0, sizeof(*res));
	memset(&g, 0, sizeof(g));
	g.c = c;
	g.d = d;
	g.o = o;
	g.sink = sink;
	g.res = res;
	g.stream_at = (size_t)-1;
	kube_describe_client_io(&g.io, c);
	g.s.show_events = o->show_events;
	g.s.chunk_size = o->chunk_size;
	g.s.now = o->now;
	if (n == 0 && !o->nfilenames)
		return kube_err_set(err, KUBE_EINVAL,
				    "You must specify the type of resource to "
				    "describe.");
	if (o->nfilenames && n > 0) {
		rc = kube_err_set(err, KUBE_EINVAL,
				  "when paths, URLs, or stdin is provided as input, you may not "
				  "specify resource arguments as well");
		goto out;
	}
	if (n > 0) {
		if ((rc = resolve(&t, d, args, n, &bo, err)) < 0)
			goto out;
		for (i = 0; i < t.n; i++)
			if (t.v[i].name && o->all_namespaces) {
				rc = kube_err_set(err, KUBE_EINVAL,
						  "a resource cannot be retrieved by "
						  "name across all namespaces");
				goto out;
			}
		for (i = 0; i < t.n; i++) {
			const kube_resource *r = t.v[i].res;
			const char *ns = r->namespaced ? o->namespace : NULL;

			if (t.v[i].name)
				rc = visit_name(&g, r, ns, t.v[i].name, err);
			else
				rc = visit_list(&g, r, o->all_namespaces ? NULL : ns, o->selector,
						err);
			if (rc < 0)
				goto out;
		}
	} else {
		for (i = 0; i < o->nfilenames; i++)
			if ((rc = visit_file(&g, o->filenames[i], true, err)) < 0)
				goto out;
		if (g.nstream) {
			kube_err agg = KUBE_ERR_INIT;

			if ((rc = aggregate_error(&agg, g.stream, g.nstream, err)) < 0)
				goto out;
			g.stream_at = g.nerrs;
			rc = add_error(&g.errs, &g.nerrs, &agg);
			kube_err_clear(&agg);
			if (rc < 0) {
				rc = kube_err_set(err, KUBE_ENOMEM, "out of memory");
				goto out;
			}
		}
		/* kubectl reads every manifest before it fetches the objects they name */
		for (i = 0; i < g.npend; i++)
			if ((rc = visit_name(&g, &g.pend[i].res.r,
					     g.pend[i].res.r.namespaced ? g.pend[i].ns : NULL,
					     g.pend[i].name, err)) < 0)
				goto out;
	}
	if ((g.nerrs || g.ninfos > 1) && !o->show_events_set)
		g.s.show_events = false;
	if (g.nerrs == 1 && not_found(&g.errs[0]) && n == 2) {
		kube_err perr = KUBE_ERR_INIT;

		/* kubectl describes the names with this prefix instead */
		for (i = 0; i < g.ninfos; i++) {
			kube_obj_free(g.infos[i].obj);
			res_free(&g.infos[i].res);
		}
		g.ninfos = 0;
		rc = describe_prefix(&g, args[0], args[1], &g.errs[0], &perr);
		if (rc == KUBE_EIO || rc == KUBE_ENOMEM) {
			kube_err_move(err, &perr);
			goto out;
		}
		if (rc < 0)
			rc = push_result_error(res, &perr, err);
		kube_err_clear(&perr);
		goto out;
	}
	if (g.nerrs == 1 && g.stream_at == 0) {
		/* the list of decoding errors alone: kubectl prints its errors one per line */
		for (i = 0; i < g.nstream; i++)
			if ((rc = push_result_error(res, &g.stream[i], err)) < 0)
				goto out;
		res->errors_listed = true;
	} else {
		for (i = 0; i < g.nerrs; i++)
			if ((rc = push_result_error(res, &g.errs[i], err)) < 0)
				goto out;
	}
	for (i = 0; i < g.ninfos; i++) {
		kube_err e = KUBE_ERR_INIT;

		kube_buf_truncate(&b, 0);
		if (!first)
			kube_buf_puts(&b, "\n\n");
		rc = kube_describe_object(&b, &g.io, &g.infos[i].res.r, g.infos[i].obj, &g.s, &e);
		if (rc == KUBE_ENOMEM) {
			kube_err_move(err, &e);
			goto out;
		}
		if (rc < 0) {
			if (!seen_message(res, &e) && (rc = push_result_error(res, &e, err)) < 0)
				goto out;
			kube_err_clear(&e);
			rc = 0;
			continue;
		}
		first = false;
		if ((rc = kube_buf_check(&b, err)) < 0 || (rc = emit(&g, b.ptr, b.len, err)) < 0)
			goto out;
	}
	res->none_found = g.ninfos == 0 && res->nerrors == 0;
	rc = 0;
out:
	kube_buf_release(&b);
	kube_targets_release(&t);
	free_run(&g);
	return rc;
}
