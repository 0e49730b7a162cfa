/* The header of one impersonated user-extra value, as client-go's transport writes it. */
#include <stdbool.h>
#include <string.h>

#include <kube/client.h>

#include "banned.h"

/* RFC 7230 token characters, but '%', which escapes the others (headerKeyEscape) */
static bool legal(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       (ch && strchr("!#$&'*+-.^_`|~", ch));
}

void kube_impersonate_extra_header(kube_buf *out, const char *key, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	kube_buf k = KUBE_BUF_INIT;
	bool upper = true;
	size_t i;

	for (; *key; key++) {
		unsigned char ch = (unsigned char)*key;

		if (legal(ch)) {
			kube_buf_putc(&k, (char)ch);
		} else {
			kube_buf_putc(&k, '%');
			kube_buf_putc(&k, hex[ch >> 4]);
			kube_buf_putc(&k, hex[ch & 15]);
		}
	}
	/* net/http canonicalizes the name, as it does for any name of token characters (after
	 * the escaping above, with '%' among them, every name is one): Impersonate-Extra-Scopes,
	 * Impersonate-Extra-Acme.com%2fteam */
	kube_buf_puts(out, "Impersonate-Extra-");
	for (i = 0; i < k.len; i++) {
		char ch = k.ptr[i];

		if (upper && ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 32);
		else if (!upper && ch >= 'A' && ch <= 'Z')
			ch = (char)(ch + 32);
		upper = ch == '-';
		kube_buf_putc(out, ch);
	}
	kube_buf_printf(out, ": %s", value);
	kube_buf_release(&k);
}
