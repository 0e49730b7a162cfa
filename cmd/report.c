/* Error rendering with kubectl's rules (cmdutil.CheckErr / StandardErrorMessage). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kc.h"
#include "../lib/banned.h"

static void put_line(const char *s)
{
	size_t n = strlen(s);

	fputs(s, stderr);
	if (!n || s[n - 1] != '\n')
		fputc('\n', stderr);
}

/* A klog error line as kubectl's client-go writes it to stderr:
 * `E1126 16:58:01.123456   12345 request.go:1198] "Msg" err="text"`. at is client-go's
 * file:line (kubectl 1.37) so that the lines compare equal apart from time and pid. */
void kc_klog_error(const char *at, const char *msg, const char *text)
{
	kc_klog_error_kv(at, msg, text, NULL);
}

/* klog's header: `E1126 16:58:01.123456   12345 file.go:12] ` */
static void klog_header(kube_buf *b, char severity, const char *at)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	kube_buf_printf(b, "%c%02d%02d %02d:%02d:%02d.%06ld %7ld %s] ", severity, tm.tm_mon + 1,
			tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000,
			(long)getpid(), at);
}

void kc_klog_info(const char *at, const char *line)
{
	kube_buf b = KUBE_BUF_INIT;

	klog_header(&b, 'I', at);
	kube_buf_puts(&b, line);
	kube_buf_putc(&b, '\n');
	if (!b.failed)
		fputs(b.ptr, stderr);
	kube_buf_release(&b);
}

void kc_klog_error_kv(const char *at, const char *msg, const char *text, const char *kv)
{
	kube_buf b = KUBE_BUF_INIT;

	klog_header(&b, 'E', at);
	kube_go_quote(&b, msg);
	kube_buf_puts(&b, " err=");
	kube_go_quote(&b, text);
	if (kv)
		kube_buf_puts(&b, kv);
	kube_buf_putc(&b, '\n');
	if (!b.failed)
		fputs(b.ptr, stderr);
	kube_buf_release(&b);
}

#define BODY_READ_PREFIX                                                                           \
	"unexpected error when reading response body. Please retry. Original error: "

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* Whether an earlier cause has the same field and message. */
static bool cause_seen(const kube_err *err, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (!strcmp(nz(err->causes[j].field), nz(err->causes[i].field)) &&
		    !strcmp(nz(err->causes[j].message), nz(err->causes[i].message)))
			return true;
	return false;
}

/* cmdutil's checkErr for an Invalid StatusError: details' kind and name, then the causes
 * ("field: message", repeated ones once) on one line or as a list. */
static void report_invalid(const kube_err *err)
{
	kube_buf b = KUBE_BUF_INIT;
	size_t i, n = 0;

	if (err->has_status && !err->kind && !err->name && !err->group && !err->ncauses) {
		/* no details: the server's message, if any */
		kube_buf_puts(&b, "The request is invalid");
		if (err->message && *err->message)
			kube_buf_printf(&b, ": %s", err->message);
		kube_buf_putc(&b, '\n');
		goto out;
	}
	if ((err->kind && *err->kind) || (err->name && *err->name)) {
		kube_buf_printf(&b, "The %s ", err->kind ? err->kind : "");
		kube_go_quote(&b, err->name ? err->name : "");
		kube_buf_puts(&b, " is invalid");
	} else {
		kube_buf_puts(&b, "The request is invalid");
	}
	for (i = 0; i < err->ncauses; i++) {
		if (!cause_seen(err, i))
			n++;
	}
	if (n == 0) {
		kube_buf_putc(&b, '\n');
		goto out;
	}
	kube_buf_puts(&b, n == 1 ? ": " : ": \n");
	for (i = 0; i < err->ncauses; i++) {
		const kube_err_cause *c = &err->causes[i];

		if (cause_seen(err, i))
			continue;
		kube_buf_printf(&b, "%s%s: %s\n", n == 1 ? "" : "* ", c->field ? c->field : "",
				c->message ? c->message : "");
	}
out:
	if (!b.failed)
		fputs(b.ptr, stderr);
	kube_buf_release(&b);
}

int kc_report(struct kc_ctx *ctx, const kube_err *err)
{
	const char *msg = err->message ? err->message : "";

	/* client-go's Request.Do logs a failed body read before returning its error */
	if (err->code == KUBE_ERROR && !strncmp(msg, BODY_READ_PREFIX, strlen(BODY_READ_PREFIX)))
		kc_klog_error("request.go:1198", "Unexpected error when reading response body",
			   msg + strlen(BODY_READ_PREFIX));

	(void)ctx;
	switch (err->code) {
	case KUBE_EAPI:
	case KUBE_ENOTFOUND:
	case KUBE_EEXISTS:
	case KUBE_ECONFLICT:
		if (err->reason && !strcmp(err->reason, "Invalid")) {
			report_invalid(err);
			return 1;
		}
		if (err->reason && !strcmp(err->reason, "Unauthorized")) {
			fprintf(stderr, "error: You must be logged in to the server (%s)\n", msg);
			return 1;
		}
		if (err->reason && *err->reason)
			fprintf(stderr, "Error from server (%s): ", err->reason);
		else
			fputs("Error from server: ", stderr);
		put_line(msg);
		return 1;
	case KUBE_ETRANSPORT:
		if (err->transport == KUBE_TRANSPORT_REFUSED) {
			fprintf(stderr, "The connection to the server %s was refused - did you specify the "
					"right host or port?\n",
				err->host ? err->host : "");
			return 1;
		}
		fputs("Unable to connect to the server: ", stderr);
		put_line(msg);
		return 1;
	case KUBE_ECONFIG:
		if (err->reason && !strcmp(err->reason, KUBE_CONFIG_REASON_AGGREGATE)) {
			/* several plain errors, one per line, as kubectl prints an aggregate */
			put_line(msg);
			return 1;
		}
		if (err->reason && !strcmp(err->reason, KUBE_CONFIG_REASON_INVALID)) {
			fprintf(stderr, "Error in configuration: %s\n", msg);
			return 1;
		}
		break;
	default:
		break;
	}
	if (!strncmp(msg, "error: ", 7))
		put_line(msg);
	else {
		fputs("error: ", stderr);
		put_line(msg);
	}
	return 1;
}

int kc_error(struct kc_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	fputs("error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int kc_usage_error(struct kc_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fputs("error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nSee '%s -h' for help and examples\n", ctx->path);
	return 1;
}

void kc_warning(struct kc_ctx *ctx, const char *text)
{
	char **nw, *copy;
	size_t i, n = strlen(text);

	for (i = 0; i < ctx->nwarnings; i++)
		if (!strcmp(ctx->warnings[i], text))
			return;
	fprintf(stderr, "Warning: %s\n", text);
	if (!(nw = realloc(ctx->warnings, (ctx->nwarnings + 1) * sizeof(*nw))))
		return;
	ctx->warnings = nw;
	if ((copy = malloc(n + 1))) {
		memcpy(copy, text, n + 1);
		ctx->warnings[ctx->nwarnings++] = copy;
	}
}

int kc_write(struct kc_ctx *ctx, const kube_buf *b)
{
	if (b->len && fwrite(b->ptr, 1, b->len, ctx->out) != b->len)
		return 1;
	return 0;
}
