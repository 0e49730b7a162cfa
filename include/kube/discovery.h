/* API discovery (aggregated apidiscovery.k8s.io/v2 with the legacy fallback), a disk cache with
 * kubectl's 6-hour lifetime, and kubectl's mapping of resource arguments ("svc", "deploy.apps",
 * "deployments.v1.apps", "Pod") to group/version/resource. */
#ifndef KUBE_DISCOVERY_H
#define KUBE_DISCOVERY_H

#include <kube/common.h>
#include <kube/client.h>
#include <kube/err.h>

KUBE_BEGIN_DECLS

typedef struct kube_resource {
	const char *group;    /* "" for core */
	const char *version;  /* "v1" */
	const char *resource; /* plural: "deployments" */
	const char *singular; /* "deployment" */
	const char *kind;     /* "Deployment" */
	bool namespaced;
	bool preferred;       /* version is the group's preferred version */
	const char *const *short_names; /* NULL-terminated */
	const char *const *categories;  /* NULL-terminated */
	const char *const *verbs;       /* NULL-terminated */
	const char *const *subresources; /* NULL-terminated: "scale", "status", ... */
} kube_resource;

typedef struct kube_discovery kube_discovery;

typedef struct kube_discovery_opts {
	const char *cache_dir; /* default $KUBECACHEDIR or ~/.kube/cache; "" disables the cache */
	int64_t ttl_seconds;   /* default 6 h */
	bool refresh;          /* ignore the cache */
	/* kubectl's own warnings while mapping (an ambiguous short name); may be NULL */
	kube_warning_fn warning_fn;
	void *warning_payload;
} kube_discovery_opts;

/* Load discovery for the client's server from the cache or the server. c is borrowed and must
 * outlive *out (it is used again to refresh on a miss). */
KUBE_EXTERN int kube_discovery_load(kube_discovery **out, kube_client *c,
				    const kube_discovery_opts *opts, kube_err *err);
KUBE_EXTERN void kube_discovery_free(kube_discovery *d);
/* Re-fetch from the server (and rewrite the cache). Borrowed resources become invalid. */
KUBE_EXTERN int kube_discovery_refresh(kube_discovery *d, kube_err *err);
/* Whether the data came from the server during this process (as opposed to the disk cache). */
KUBE_EXTERN bool kube_discovery_fresh(const kube_discovery *d);

/* All resources in discovery order (groups in server order, core first). Borrowed. */
KUBE_EXTERN size_t kube_discovery_count(const kube_discovery *d);
KUBE_EXTERN const kube_resource *kube_discovery_at(const kube_discovery *d, size_t i);
/* Every group/version ("apps/v1"), sorted as api-versions prints them; borrowed. */
KUBE_EXTERN size_t kube_discovery_group_versions(const kube_discovery *d, const char *const **out);

/* Map one resource argument (no commas, no slash) to a resource, kubectl's rules: lower-case;
 * with dots first resource.version.group then resource.group; match plural, singular, short
 * names and kind; core wins, then discovery order. On a miss the discovery data is refreshed
 * once before giving up with KUBE_ENOMATCH ("the server doesn't have a resource type \"x\"").
 * *out is borrowed from d and stays valid until d is freed (a refresh keeps old data). */
KUBE_EXTERN int kube_discovery_map(const kube_resource **out, kube_discovery *d, const char *arg,
				   kube_err *err);
/* Expand a category ("all") to its resources (preferred versions, discovery order). Returns the
 * count (0 when arg is no category); *out is malloc'ed (free()), elements borrowed. */
KUBE_EXTERN size_t kube_discovery_category(const kube_resource ***out, const kube_discovery *d,
					   const char *category);
/* "deployment.apps" / "service": lower-case kind plus ".group" for non-core (for NAME output). */
KUBE_EXTERN void kube_resource_kind_prefix(kube_buf *out, const kube_resource *r);
/* "/apis/apps/v1/namespaces/NS/deployments[/NAME]" (ns ignored for cluster-scoped resources; NULL
 * ns means all namespaces). Segments escaped. */
KUBE_EXTERN void kube_resource_path(kube_buf *out, const kube_resource *r, const char *ns,
				    const char *name);
KUBE_EXTERN bool kube_resource_has_verb(const kube_resource *r, const char *verb);

KUBE_END_DECLS
#endif
