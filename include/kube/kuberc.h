/* kuberc: kubectl's preferences file (~/.kube/kuberc, kind Preference of
 * kubectl.config.k8s.io/v1alpha1 or v1beta1): command aliases and flag defaults. */
#ifndef KUBE_KUBERC_H
#define KUBE_KUBERC_H

#include <kube/common.h>
#include <kube/buf.h>
#include <kube/err.h>

KUBE_BEGIN_DECLS

typedef struct kube_kuberc_option {
	char *name;  /* flag name, long form without dashes ("output") */
	char *value; /* its default ("wide") */
} kube_kuberc_option;

typedef struct kube_kuberc_alias {
	char *name;    /* the word typed in place of a command ("getn") */
	char *command; /* the command it stands for, words separated by blanks ("get") */
	char **prepend_args, **append_args;
	size_t nprepend_args, nappend_args;
	kube_kuberc_option *options;
	size_t noptions;
} kube_kuberc_alias;

typedef struct kube_kuberc_default {
	char *command; /* "get", "create secret tls" */
	kube_kuberc_option *options;
	size_t noptions;
} kube_kuberc_default;

typedef struct kube_kuberc {
	kube_kuberc_alias *aliases;
	size_t naliases;
	kube_kuberc_default *defaults;
	size_t ndefaults;
} kube_kuberc;

/* Load preferences as kubectl does. path: the --kuberc value, or NULL for the default
 * `$HOME/.kube/kuberc`. With KUBERC=off in the environment nothing is loaded (an explicit path
 * is then an error). *out is NULL when there are no preferences: a missing default file, or a
 * file with no document at all. A default file that cannot be used gives no preferences and a
 * warning in *warning (kubectl prints it without a newline); an explicit one is an error. A
 * usable document with unknown fields is used, with a warning. The first document of kind
 * Preference is the one used; the others are skipped. Returns 0 or < 0 (err: kubectl's text,
 * e.g. "kuberc: open /x: no such file or directory"). */
KUBE_EXTERN int kube_kuberc_load(kube_kuberc **out, const char *path, kube_buf *warning,
				 kube_err *err);
/* Check names as kubectl's validation does: alias names alphabetic and unique, flag names
 * without dashes. Returns 0 or KUBE_EINVAL with kubectl's message. */
KUBE_EXTERN int kube_kuberc_validate(const kube_kuberc *k, kube_err *err);
KUBE_EXTERN void kube_kuberc_free(kube_kuberc *k);

KUBE_END_DECLS
#endif
