// SPDX-License-Identifier: GPL-2.0
/*
 * Syslog messages as bytes: RFC 5424's and syslog(3)'s local format, and
 * STRUCTURED-DATA checked and escaped.  No sockets here: the transports
 * are syslog.c's.  The formats are in syslog_format.h.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/escape.h"
#include "sink/syslog_format.h"

/*
 * Output into a fixed buffer that keeps counting past its end, so that
 * the formatting code says once, at the end, whether it all fitted.
 * A piece is copied only if it and a NUL still fit; as len only grows,
 * the copied pieces are always a prefix of the message.
 */
struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, const void *p, size_t n)
{
	if (o->len < o->size && n < o->size - o->len)
		memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static void put_str(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static int finish(struct out *o)
{
	if (o->len >= o->size || o->len > INT_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	o->buf[o->len] = '\0';
	return (int)o->len;
}

/* Whether s is well-formed UTF-8 (escape.h's ew_utf8_len(): RFC 3629). */
static int utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i, n;
	unsigned int cp;

	for (i = 0; i < len; i += n) {
		n = ew_utf8_len(p + i, len - i, &cp);
		if (!n)
			return 0;
	}
	return 1;
}

/*
 * A header field: NILVALUE when there is none, else at most max bytes,
 * each outside PRINTUSASCII (RFC 5424 6: 33 to 126) made '_'.
 */
static void put_field(struct out *o, const char *s, size_t max)
{
	size_t i;
	char c;

	if (!s || !*s) {
		put(o, "-", 1);
		return;
	}
	for (i = 0; s[i] && i < max; i++) {
		c = (unsigned char)s[i] >= 33 && (unsigned char)s[i] <= 126 ?
			s[i] : '_';
		put(o, &c, 1);
	}
}

/* SD-NAME: 1 to 32 PRINTUSASCII but '=', SP, ']' and '"'; returns its end. */
static const unsigned char *sd_name(const unsigned char *p)
{
	const unsigned char *start = p;

	while (*p >= 33 && *p <= 126 && *p != '=' && *p != ']' && *p != '"')
		p++;
	return p == start || p - start > 32 ? NULL : p;
}

/*
 * Whether sd is STRUCTURED-DATA as RFC 5424 6.3 writes it: a malformed one
 * would make the receiver misread the message that follows, so it is
 * refused rather than sent.
 */
static int sd_valid(const char *sd)
{
	const unsigned char *p = (const unsigned char *)sd;
	const unsigned char *end = p + strlen(sd);
	unsigned int cp;
	size_t n;

	if (!strcmp(sd, "-"))
		return 1;
	if (*p != '[')
		return 0;
	while (*p == '[') {
		p = sd_name(p + 1);		/* SD-ID */
		if (!p)
			return 0;
		while (*p == ' ') {
			p = sd_name(p + 1);	/* PARAM-NAME */
			if (!p || p[0] != '=' || p[1] != '"')
				return 0;
			for (p += 2; *p != '"'; p += n) {
				if (!*p || *p == ']')
					return 0;
				/* '\' escapes '"', '\' and ']', and is
				 * itself before anything else */
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\' ||
						   p[1] == ']'))
					n = 2;
				else if (!(n = ew_utf8_len(p, end - p, &cp)))
					return 0;
			}
			p++;
		}
		if (*p != ']')
			return 0;
		p++;
	}
	return *p == '\0';
}

static int pri(int facility, int severity)
{
	if (severity < 0 || severity > LOG_DEBUG || facility < 0 ||
	    (facility & LOG_PRIMASK) || (facility >> 3) >= LOG_NFACILITIES)
		return -1;
	return facility | severity;
}

static int head_checks(int facility, int severity, const char *sd)
{
	if (pri(facility, severity) < 0 || (sd && *sd && !sd_valid(sd))) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int ew_syslog_format(char *buf, size_t size, int facility, int severity,
		     unsigned long long time_ns, const char *hostname,
		     const char *app, long pid, const char *msgid,
		     const char *sd, const char *msg)
{
	struct out o = { .buf = buf, .size = size };
	time_t t = (time_t)(time_ns / 1000000000ULL);
	char tmp[80];
	struct tm tm;

	if (head_checks(facility, severity, sd) < 0)
		return -1;
	if (!gmtime_r(&t, &tm)) {
		errno = EINVAL;
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "<%d>1 %04d-%02d-%02dT%02d:%02d:%02d.%06uZ ",
		 facility | severity, tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (unsigned int)(time_ns % 1000000000ULL / 1000));
	put_str(&o, tmp);
	put_field(&o, hostname, EW_SYSLOG_HOSTNAME_MAX);
	put(&o, " ", 1);
	put_field(&o, app, EW_SYSLOG_APP_MAX);
	if (pid >= 0) {
		snprintf(tmp, sizeof(tmp), " %ld ", pid);
		put_str(&o, tmp);
	} else {
		put(&o, " - ", 3);
	}
	put_field(&o, msgid, EW_SYSLOG_MSGID_MAX);
	put(&o, " ", 1);
	put_str(&o, sd && *sd ? sd : "-");
	if (msg) {
		put(&o, " ", 1);
		/* The BOM says "this is UTF-8"; text that is not goes
		 * without it, as MSG-ANY. */
		if (utf8_valid(msg))
			put(&o, "\xef\xbb\xbf", 3);
		put_str(&o, msg);
	}
	return finish(&o);
}

int ew_syslog_format_local(char *buf, size_t size, int facility,
			   int severity, unsigned long long time_ns,
			   const char *app, long pid, const char *sd,
			   const char *msg)
{
	/* Not strftime's %b: the month names must not follow the locale. */
	static const char months[12][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
	};
	struct out o = { .buf = buf, .size = size };
	time_t t = (time_t)(time_ns / 1000000000ULL);
	char tmp[80];
	struct tm tm;

	if (head_checks(facility, severity, sd) < 0)
		return -1;
	if (!localtime_r(&t, &tm)) {
		errno = EINVAL;
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "<%d>%s %2d %02d:%02d:%02d ",
		 facility | severity, months[tm.tm_mon], tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec);
	put_str(&o, tmp);
	/* RFC 3164's TAG is at most 32 characters. */
	put_field(&o, app, 32);
	if (pid >= 0) {
		snprintf(tmp, sizeof(tmp), "[%ld]", pid);
		put_str(&o, tmp);
	}
	put(&o, ":", 1);
	if (sd && *sd) {
		put(&o, " ", 1);
		put_str(&o, sd);
	}
	if (msg) {
		put(&o, " ", 1);
		put_str(&o, msg);
	}
	return finish(&o);
}

int ew_syslog_sd_escape(char *buf, size_t size, const char *value)
{
	const unsigned char *p = (const unsigned char *)value;
	struct out o = { .buf = buf, .size = size };
	size_t len = strlen(value), i, n;
	unsigned int cp;

	for (i = 0; i < len; i += n) {
		n = ew_utf8_len(p + i, len - i, &cp);
		if (!n) {
			put(&o, "\xef\xbf\xbd", 3);	/* U+FFFD */
			n = 1;
			continue;
		}
		if (p[i] == '"' || p[i] == '\\' || p[i] == ']')
			put(&o, "\\", 1);
		put(&o, p + i, n);
	}
	return finish(&o);
}
