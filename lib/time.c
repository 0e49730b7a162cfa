/* Timestamps and kubectl's human durations. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kube/err.h>
#include <kube/time.h>

#include "banned.h"

static int digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int kube_time_parse(const char *s, int64_t *out)
{
	int Y, M, D, h, m, sec, oh = 0, om = 0;
	const char *p;
	int64_t t;

	if (!s || strlen(s) < 20)
		return KUBE_EINVAL;
	if (digits(s, 4, &Y) || s[4] != '-' || digits(s + 5, 2, &M) || s[7] != '-' ||
	    digits(s + 8, 2, &D) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &m) || s[16] != ':' ||
	    digits(s + 17, 2, &sec))
		return KUBE_EINVAL;
	p = s + 19;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;

		if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om))
			return KUBE_EINVAL;
		oh *= sign;
		om *= sign;
		p += 6;
	} else {
		return KUBE_EINVAL;
	}
	if (*p)
		return KUBE_EINVAL;
	t = days_from_civil(Y, M, D) * 86400 + h * 3600 + m * 60 + sec;
	*out = t - oh * 3600 - om * 60;
	return 0;
}

void kube_human_duration(kube_buf *out, int64_t s)
{
	int64_t m, h, d, y;

	if (s < -1) {
		kube_buf_puts(out, "<invalid>");
		return;
	}
	if (s < 0) {
		kube_buf_puts(out, "0s");
		return;
	}
	if (s < 120) {
		kube_buf_printf(out, "%llds", (long long)s);
		return;
	}
	m = s / 60;
	if (m < 10) {
		if (s % 60 == 0)
			kube_buf_printf(out, "%lldm", (long long)m);
		else
			kube_buf_printf(out, "%lldm%llds", (long long)m, (long long)(s % 60));
		return;
	}
	if (m < 180) {
		kube_buf_printf(out, "%lldm", (long long)m);
		return;
	}
	h = s / 3600;
	if (h < 8) {
		if (m % 60 == 0)
			kube_buf_printf(out, "%lldh", (long long)h);
		else
			kube_buf_printf(out, "%lldh%lldm", (long long)h, (long long)(m % 60));
		return;
	}
	if (h < 48) {
		kube_buf_printf(out, "%lldh", (long long)h);
		return;
	}
	if (h < 192) {
		d = h / 24;
		if (h % 24 == 0)
			kube_buf_printf(out, "%lldd", (long long)d);
		else
			kube_buf_printf(out, "%lldd%lldh", (long long)d, (long long)(h % 24));
		return;
	}
	if (h < 24 * 365 * 2) {
		kube_buf_printf(out, "%lldd", (long long)(h / 24));
		return;
	}
	if (h < 24 * 365 * 8) {
		y = h / (24 * 365);
		d = (h / 24) % 365;
		if (d == 0)
			kube_buf_printf(out, "%lldy", (long long)y);
		else
			kube_buf_printf(out, "%lldy%lldd", (long long)y, (long long)d);
		return;
	}
	kube_buf_printf(out, "%lldy", (long long)(h / (24 * 365)));
}

void kube_human_age(kube_buf *out, const char *ts)
{
	int64_t t;

	if (kube_time_parse(ts, &t) < 0) {
		kube_buf_puts(out, "<unknown>");
		return;
	}
	kube_human_duration(out, (int64_t)time(NULL) - t);
}

void kube_time_rfc1123z(kube_buf *out, int64_t t)
{
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;
	long off;

	/* kubectl prints local time (Go's time.Local, i.e. $TZ) */
	localtime_r(&tt, &tm);
	off = tm.tm_gmtoff / 60;
	kube_buf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", wd[tm.tm_wday],
			tm.tm_mday, mo[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
			off < 0 ? '-' : '+', (off < 0 ? -off : off) / 60, (off < 0 ? -off : off) % 60);
}
