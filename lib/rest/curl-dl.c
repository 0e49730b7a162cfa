/* Lazy libcurl loading; see curl-dl.h. */
#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "curl-dl.h"
#include "lean.h"
#include "banned.h"

static struct kube_curl_api api;
static int loaded; /* 0 = not tried, 1 = ok, -1 = failed */

#define SYM(field, name)                                                                           \
	do {                                                                                       \
		*(void **)(&api.field) = dlsym(h, name);                                           \
		if (!api.field)                                                                    \
			goto fail;                                                                 \
	} while (0)

const struct kube_curl_api *kube_curl_load(kube_err *err)
{
	void *h;

	if (loaded > 0)
		return &api;
	h = dlopen("libcurl.so.4", RTLD_LAZY | RTLD_LOCAL);
	if (!h)
		h = dlopen("libcurl.so", RTLD_LAZY | RTLD_LOCAL);
	if (!h) {
		kube_err_set(err, KUBE_ETRANSPORT, "cannot load libcurl: %s", dlerror());
		return NULL;
	}
	SYM(easy_init, "curl_easy_init");
	SYM(easy_setopt, "curl_easy_setopt");
	SYM(easy_perform, "curl_easy_perform");
	SYM(easy_getinfo, "curl_easy_getinfo");
	SYM(easy_cleanup, "curl_easy_cleanup");
	SYM(easy_reset, "curl_easy_reset");
	SYM(easy_strerror, "curl_easy_strerror");
	SYM(easy_recv, "curl_easy_recv");
	SYM(easy_send, "curl_easy_send");
	SYM(slist_append, "curl_slist_append");
	SYM(slist_free_all, "curl_slist_free_all");
	SYM(global_init, "curl_global_init");
	if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		goto fail;
	loaded = 1;
	return &api;
fail:
	dlclose(h);
	kube_err_set(err, KUBE_ETRANSPORT, "cannot load libcurl: missing symbols");
	return NULL;
}

const struct kube_curl_api *kube_http_load(const char *url, const char *proxy, kube_err *err)
{
	const char *t = getenv("KUBEC_TRANSPORT");

	if ((t && !strcmp(t, "curl")) || kube_proxy_applies(url, proxy))
		return kube_curl_load(err);
	return kube_lean_api();
}
