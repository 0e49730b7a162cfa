/* From a resolved kubeconfig to the options of a REST client. */
#include <stdlib.h>
#include <string.h>

#include <kube/client.h>
#include <kube/config.h>

#include "banned.h"

/* kube_credential_fn over an exec plugin: the plugin runs on the first request, when its
 * credential expired, and again after a 401. */
static int exec_credential(kube_credential *out, bool force, void *payload, kube_err *err)
{
	const kube_rest_config *rc = payload;
	kube_exec_credential ec;
	int r;

	(void)force;
	memset(&ec, 0, sizeof(ec));
	if ((r = kube_exec_credential_get(&ec, rc->exec, err)) < 0)
		return r;
	out->token = ec.token;
	out->cert_pem = ec.cert_pem;
	out->key_pem = ec.key_pem;
	out->expiry = ec.expiry;
	memset(&ec, 0, sizeof(ec)); /* moved */
	return 0;
}

int kube_client_opts_from_config(kube_client_opts *co, const char ***groups,
				 const kube_rest_config *rc, kube_err *err)
{
	size_t i;

	memset(co, 0, sizeof(*co));
	*groups = NULL;
	co->server = rc->server;
	co->ca_pem = rc->ca_pem;
	co->ca_pem_len = rc->ca_pem_len;
	co->cert_pem = rc->cert_pem;
	co->cert_pem_len = rc->cert_pem_len;
	co->key_pem = rc->key_pem;
	co->key_pem_len = rc->key_pem_len;
	co->token = rc->token;
	co->username = rc->username;
	co->password = rc->password;
	co->impersonate_user = rc->impersonate_user;
	co->impersonate_uid = rc->impersonate_uid;
	co->impersonate_extra = rc->impersonate_extra;
	co->nimpersonate_extra = rc->nimpersonate_extra;
	co->tls_server_name = rc->tls_server_name;
	co->proxy_url = rc->proxy_url;
	co->insecure = rc->insecure;
	co->disable_compression = rc->disable_compression;
	co->timeout_ms = rc->timeout_ms;
	if (rc->exec) {
		co->credential_fn = exec_credential;
		co->credential_payload = (void *)(uintptr_t)rc;
	}
	if (rc->nimpersonate_groups) {
		if (!(*groups = calloc(rc->nimpersonate_groups + 1, sizeof(**groups))))
			return kube_err_set(err, KUBE_ENOMEM, "out of memory");
		for (i = 0; i < rc->nimpersonate_groups; i++)
			(*groups)[i] = rc->impersonate_groups[i];
		co->impersonate_groups = *groups;
	}
	return 0;
}
