/* Shell completion support: the resource types kubectl offers, and object names served from a
 * small on-disk cache so that a TAB costs a few milliseconds however large the cluster.
 *
 * The name cache holds one file per (context, server, namespace, resource): the names of the
 * objects, one per line, in the server's order. A file younger than the lifetime (default 10 s)
 * is used as it is; an older one is refreshed with a metadata-only LIST
 * (PartialObjectMetadataList, paged by 500) and rewritten atomically. When the refresh fails
 * (server unreachable), the stale names are served and the result says so.
 *
 * Layout: <dir>/<context>-<hash>/<namespace or _cluster>/<resource>[.<group>], where <dir> is
 * kube_complete_opts.cache_dir, else $XDG_CACHE_HOME/kubec/names, else ~/.cache/kubec/names,
 * <context> is the sanitised context name and <hash> a hash of the context name and server URL.
 *
 * Ownership: kube_complete_list owns its strings; release it with kube_complete_list_release().
 * Clients, discovery data and resources are borrowed. err may be NULL everywhere. */
#ifndef KUBE_COMPLETE_H
#define KUBE_COMPLETE_H

#include <kube/common.h>
#include <kube/buf.h>
#include <kube/client.h>
#include <kube/discovery.h>
#include <kube/err.h>

KUBE_BEGIN_DECLS

/* Default lifetime of cached names, in milliseconds. */
#define KUBE_COMPLETE_TTL_MS 10000

/* A list of strings. v has n entries followed by NULL (v is NULL while n is 0). */
typedef struct kube_complete_list {
	char **v;
	size_t n;
	size_t cap;      /* private: room in v */
	bool from_cache; /* kube_complete_names: served from the cache file */
	bool stale;      /* kube_complete_names: the cache was stale and could not be refreshed */
} kube_complete_list;

#define KUBE_COMPLETE_LIST_INIT {NULL, 0, 0, false, false}

/* Append a copy of s. Returns 0 or KUBE_ENOMEM. */
KUBE_EXTERN int kube_complete_list_add(kube_complete_list *l, const char *s, kube_err *err);
/* Free the strings and reset l to KUBE_COMPLETE_LIST_INIT. NULL is a no-op. */
KUBE_EXTERN void kube_complete_list_release(kube_complete_list *l);

typedef struct kube_complete_opts {
	/* The cache directory; NULL = the default above; "" = no cache (always ask the server). */
	const char *cache_dir;
	/* The kubeconfig context the client was built from ("" or NULL when none): part of the
	 * cache key, with the server URL. */
	const char *context;
	/* Lifetime of a cache file in ms; 0 = KUBE_COMPLETE_TTL_MS; < 0 = always refresh. */
	int64_t ttl_ms;
	/* Current time in ms since the epoch; 0 = the clock (tests set it). */
	int64_t now_ms;
} kube_complete_opts;

/* The names of the objects of r in namespace ns (ns is ignored for cluster-scoped resources;
 * NULL or "" means "default"), in the server's order, appended to *out (which must be
 * initialised). Served from the cache while fresh; else listed (metadata only) and cached.
 * Returns 0, or < 0 when there is neither an answer from the server nor a cached list: the
 * REST layer's codes (KUBE_ETRANSPORT, KUBE_EAPI, KUBE_ENOTFOUND, ...), KUBE_ENOMEM. A failure
 * to write the cache is not an error. */
KUBE_EXTERN int kube_complete_names(kube_complete_list *out, kube_client *c, const kube_resource *r,
				    const char *ns, const kube_complete_opts *opts, kube_err *err);

/* Remove the cached names of r in ns (after a change made by this program, for example).
 * Returns 0, or KUBE_ENOMEM; a missing file is not an error. */
KUBE_EXTERN int kube_complete_invalidate(const kube_client *c, const kube_resource *r,
					 const char *ns, const kube_complete_opts *opts,
					 kube_err *err);

/* The cache file of (r, ns) for this client and context, appended to out (for tests and
 * diagnostics). Returns 0, KUBE_EINVAL when caching is off (cache_dir "" or no home
 * directory) or KUBE_ENOMEM. */
KUBE_EXTERN int kube_complete_cache_path(kube_buf *out, const kube_client *c,
					 const kube_resource *r, const char *ns,
					 const kube_complete_opts *opts, kube_err *err);

/* Resource types as kubectl completes them (`api-resources -o name --cached --verbs=VERB`):
 * the preferred version of every resource that supports verb (NULL = any verb), sorted by group
 * ("" first) then plural name, written "plural" for the core group and "plural.group" for
 * others. Appended to *out. Returns 0 or KUBE_ENOMEM. */
KUBE_EXTERN int kube_complete_types(kube_complete_list *out, const kube_discovery *d,
				    const char *verb, kube_err *err);

/* Whether s starts with prefix (NULL prefix matches everything). */
KUBE_EXTERN bool kube_complete_has_prefix(const char *s, const char *prefix);

KUBE_END_DECLS
#endif
