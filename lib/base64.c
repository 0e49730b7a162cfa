/* base64 as Go's encoding/base64 StdEncoding reads it; see base64.h. */
#include "base64.h"
#include "banned.h"

int kube__b64_val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

bool kube__b64_decode_std(kube_buf *out, const char *s, size_t n)
{
	int q[4];
	size_t nq = 0, i, pad = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int v;

		if (c == '\r' || c == '\n')
			continue;
		if (pad) {
			if (c != '=' || nq == 0)
				return false;
			q[nq++] = 0;
			pad++;
		} else if (c == '=') {
			if (nq < 2)
				return false;
			q[nq++] = 0;
			pad = 1;
		} else {
			if ((v = kube__b64_val(c)) < 0)
				return false;
			q[nq++] = v;
		}
		if (nq == 4) {
			unsigned char b[3] = {(unsigned char)(q[0] << 2 | q[1] >> 4),
					      (unsigned char)((q[1] & 15) << 4 | q[2] >> 2),
					      (unsigned char)((q[2] & 3) << 6 | q[3])};

			kube_buf_put(out, b, 3 - pad);
			nq = 0;
			if (pad) {
				/* nothing but line breaks may follow the padding */
				for (i++; i < n; i++)
					if (s[i] != '\r' && s[i] != '\n')
						return false;
				return true;
			}
		}
	}
	return nq == 0;
}
