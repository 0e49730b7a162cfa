/* Private: libcurl loaded with dlopen on first use, so that commands which never touch the
 * network do not pay for loading libcurl and its ~30 dependencies at start-up. */
#ifndef KUBE_CURL_DL_H
#define KUBE_CURL_DL_H

#include <curl/curl.h>
#include <kube/err.h>

struct kube_curl_api {
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	void (*easy_reset)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	CURLcode (*easy_recv)(CURL *, void *, size_t, size_t *);
	CURLcode (*easy_send)(CURL *, const void *, size_t, size_t *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	CURLcode (*global_init)(long);
};

/* Load libcurl once; returns NULL (and fills err) when it cannot be loaded. */
const struct kube_curl_api *kube_curl_load(kube_err *err);

/* The transport for requests to url: the lean engine of lean.c (HTTP/1.1 over OpenSSL, which it
 * loads itself when it first connects over TLS), or libcurl when a proxy applies (proxy, the
 * kubeconfig's proxy-url, or the proxy environment variables; see kube_proxy_applies()) or the
 * environment says KUBEC_TRANSPORT=curl. NULL (err filled) only when libcurl is needed and
 * cannot be loaded. */
const struct kube_curl_api *kube_http_load(const char *url, const char *proxy, kube_err *err);

#endif
