/* Time helpers with kubectl's formats. */
#ifndef KUBE_TIME_H
#define KUBE_TIME_H

#include <kube/common.h>
#include <kube/buf.h>

KUBE_BEGIN_DECLS

/* Parse an RFC 3339 timestamp ("2026-11-26T15:51:49Z", fractions and offsets allowed) into
 * unix seconds. Returns 0 or KUBE_EINVAL. */
KUBE_EXTERN int kube_time_parse(const char *s, int64_t *out);
/* duration.HumanDuration: "5m3s", "2d1h", "<invalid>" for negative beyond -1 s. */
KUBE_EXTERN void kube_human_duration(kube_buf *out, int64_t seconds);
/* Age of a timestamp relative to now; "<unknown>" when ts is NULL or unparsable. */
KUBE_EXTERN void kube_human_age(kube_buf *out, const char *ts);
/* Go's RFC1123Z in local time ($TZ), as kubectl prints it: "Thu, 26 Nov 2026 15:54:27 +0000". */
KUBE_EXTERN void kube_time_rfc1123z(kube_buf *out, int64_t unix_seconds);

KUBE_END_DECLS
#endif
