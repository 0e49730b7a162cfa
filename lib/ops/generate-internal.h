/* Private helpers of the generators (lib/ops/generate*.c). */
#ifndef KUBE_GENERATE_INTERNAL_H
#define KUBE_GENERATE_INTERNAL_H

#include <kube/buf.h>
#include <kube/err.h>

/* base64.StdEncoding of p[0..n), appended to out. */
void gen_base64(kube_buf *out, const unsigned char *p, size_t n);
/* utf8.Valid */
bool gen_utf8_valid(const unsigned char *s, size_t n);
/* Read a whole file; errors "open PATH: <Go errno text>". */
int gen_read_file(const char *path, kube_buf *out, kube_err *err);
/* Go's text for an errno value ("no such file or directory"). */
const char *gen_errno_text(int e);
/* Lower-case hex SHA-256 of data. */
void gen_sha256_hex(const char *data, size_t n, char hex[65]);
/* validation.IsConfigMapKey / IsEnvVarName: false when invalid, the messages (joined with sep)
 * appended to out. */
bool gen_config_key_ok(const char *key, const char *sep, kube_buf *out);
bool gen_env_name_ok(const char *key, const char *sep, kube_buf *out);
/* strconv.Atoi */
bool gen_atoi(const char *s, int64_t *out);
/* validation.IsValidPortName messages joined with ",", appended (nothing when valid). */
void gen_port_name_errors(const char *name, kube_buf *out);

/* The image reference grammar of the distribution project (kubectl run's check). */
bool gen_image_ref_ok(const char *image);

/* validation.IsDNS1123Subdomain */
bool gen_dns_subdomain_ok(const char *s);

#endif
