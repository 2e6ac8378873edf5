// SPDX-License-Identifier: GPL-2.0
/*
 * ew_syslog_*: the exact bytes of RFC 5424 and local messages, SD escaping,
 * target parsing, and sends to UDP, TCP and unix servers on this machine
 * (loopback and a temporary directory only).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "sink/syslog.h"
#include "sink/syslog_format.h"

#define BOM "\xef\xbb\xbf"
/* 2023-11-14T22:13:20.123456789Z */
#define T0 1700000000123456789ULL
#define SD "[ew@32473 rule=\"cdk\" path=\"/tmp/a\\]b\"]"
#define JSON "{\"kind\":\"finding\",\"path\":\"/tmp/a]b\"}"

static char buf[EW_SYSLOG_MAX + 64];
static char want[EW_SYSLOG_MAX + 64];
static char got[EW_SYSLOG_MAX + 64];

static void fmt_equal(int n, const char *expected)
{
	assert_int_equal(n, strlen(expected));
	assert_memory_equal(buf, expected, n + 1);
}

static void format_exact(void **state)
{
	int n;

	(void)state;
	n = ew_syslog_format(buf, sizeof(buf), LOG_AUTHPRIV, LOG_WARNING, T0,
			     "host1", "escapewatch", 42, "finding", SD, JSON);
	fmt_equal(n, "<84>1 2023-11-14T22:13:20.123456Z host1 escapewatch 42 finding "
		  SD " " BOM JSON);

	/* Microseconds are cut, not rounded; PRI's two ends. */
	n = ew_syslog_format(buf, sizeof(buf), LOG_KERN, LOG_EMERG,
			     999999999ULL, "h", "a", 0, "m", NULL, "x");
	fmt_equal(n, "<0>1 1970-01-01T00:00:00.999999Z h a 0 m - " BOM "x");
	n = ew_syslog_format(buf, sizeof(buf), LOG_LOCAL7, LOG_DEBUG, T0,
			     "h", "a", 1, "m", "-", "");
	fmt_equal(n, "<191>1 2023-11-14T22:13:20.123456Z h a 1 m - " BOM);
}

static void format_nil_values(void **state)
{
	int n;

	(void)state;
	n = ew_syslog_format(buf, sizeof(buf), LOG_AUTH, LOG_INFO, 0, NULL,
			     NULL, -1, NULL, NULL, NULL);
	fmt_equal(n, "<38>1 1970-01-01T00:00:00.000000Z - - - - -");
	n = ew_syslog_format(buf, sizeof(buf), LOG_AUTH, LOG_INFO, 0, "", "",
			     -1, "", "", NULL);
	fmt_equal(n, "<38>1 1970-01-01T00:00:00.000000Z - - - - -");
}

static void format_bad_pri(void **state)
{
	static const int bad[][2] = {
		{ LOG_AUTHPRIV, 8 }, { LOG_AUTHPRIV, -1 },
		{ 3, LOG_INFO },			/* not a LOG_* facility */
		{ LOG_NFACILITIES << 3, LOG_INFO },
		{ -8, LOG_INFO },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		assert_int_equal(ew_syslog_format(buf, sizeof(buf), bad[i][0],
						  bad[i][1], T0, "h", "a", 1,
						  "m", NULL, "x"), -1);
		assert_int_equal(errno, EINVAL);
		assert_int_equal(ew_syslog_format_local(buf, sizeof(buf),
							bad[i][0], bad[i][1],
							T0, "a", 1, NULL, "x"),
				 -1);
	}
}

static void format_cut_and_replaced(void **state)
{
	char host[300], app[60], msgid[40], exp[600];
	int n;

	(void)state;
	memset(host, 'h', sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	memset(app, 'a', sizeof(app) - 1);
	app[sizeof(app) - 1] = '\0';
	memset(msgid, 'm', sizeof(msgid) - 1);
	msgid[sizeof(msgid) - 1] = '\0';
	n = ew_syslog_format(buf, sizeof(buf), LOG_AUTHPRIV, LOG_INFO, T0,
			     host, app, 7, msgid, NULL, NULL);
	snprintf(exp, sizeof(exp), "<86>1 2023-11-14T22:13:20.123456Z %.255s %.48s 7 %.32s -",
		 host, app, msgid);
	fmt_equal(n, exp);

	/* Space, control characters, DEL and UTF-8 are not PRINTUSASCII:
	 * each byte becomes '_'. */
	n = ew_syslog_format(buf, sizeof(buf), LOG_AUTHPRIV, LOG_INFO, T0,
			     "my host\x01\x7f\xc3\xa9", "ew\tx", 7, "a b",
			     NULL, NULL);
	fmt_equal(n, "<86>1 2023-11-14T22:13:20.123456Z my_host____ ew_x 7 a_b -");
}

static void format_msg_encoding(void **state)
{
	static const char *const not_utf8[] = {
		"\xff", "a\xc3", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
		"\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", "\x80",
	};
	size_t i;
	int n;

	(void)state;
	n = ew_syslog_format(buf, sizeof(buf), LOG_AUTHPRIV, LOG_INFO, T0,
			     "h", "a", 1, "m", NULL, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	fmt_equal(n, "<86>1 2023-11-14T22:13:20.123456Z h a 1 m - " BOM
		  "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	/* Not UTF-8: sent as it is, without the BOM that would say it is. */
	for (i = 0; i < sizeof(not_utf8) / sizeof(not_utf8[0]); i++) {
		n = ew_syslog_format(buf, sizeof(buf), LOG_AUTHPRIV, LOG_INFO,
				     T0, "h", "a", 1, "m", NULL, not_utf8[i]);
		snprintf(want, sizeof(want), "<86>1 2023-11-14T22:13:20.123456Z h a 1 m - %s",
			 not_utf8[i]);
		fmt_equal(n, want);
	}
}

static void sd_escaping(void **state)
{
	char small[8], value[16], sd[48];
	int n;

	(void)state;
	n = ew_syslog_sd_escape(buf, sizeof(buf), "a\"b\\c]d[e=f");
	fmt_equal(n, "a\\\"b\\\\c\\]d[e=f");
	n = ew_syslog_sd_escape(buf, sizeof(buf), "");
	fmt_equal(n, "");
	/* UTF-8 stays; what is not becomes U+FFFD. */
	n = ew_syslog_sd_escape(buf, sizeof(buf), "\xc3\xa9/\xff\xc3(\xed\xa0\x80");
	fmt_equal(n, "\xc3\xa9/\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");

	/* 7 bytes and the NUL fit; one more does not, and nothing is
	 * written beyond the buffer (ASan would see it). */
	assert_int_equal(ew_syslog_sd_escape(small, sizeof(small), "abc\"de"), 7);
	assert_string_equal(small, "abc\\\"de");
	errno = 0;
	assert_int_equal(ew_syslog_sd_escape(small, sizeof(small), "abc\"def"), -1);
	assert_int_equal(errno, EMSGSIZE);
	assert_int_equal(ew_syslog_sd_escape(small, 0, "a"), -1);

	/* What it escapes, the formatter takes. */
	assert_int_equal(ew_syslog_sd_escape(value, sizeof(value), "x\"]\\\xff"), 10);
	snprintf(sd, sizeof(sd), "[ew@32473 v=\"%s\"]", value);
	assert_true(ew_syslog_format(buf, sizeof(buf), LOG_AUTHPRIV, LOG_INFO,
				     T0, "h", "a", 1, "m", sd, NULL) > 0);
}

static void sd_grammar(void **state)
{
	static const char *const good[] = {
		"-", "[a]", "[a@1 x=\"\"]", "[a x=\"1\" y=\"2\"][b@2 z=\"\\]\\\"\\\\\"]",
		"[x@1 p=\"back\\slash\"]",		/* '\' before others is itself */
		"[x@1 p=\"\xc3\xa9\"]",
		"[abcdefghijklmnopqrstuvwxyz012345]",	/* 32: the longest */
	};
	static const char *const bad[] = {
		"x", "[", "[]", "[a", "[a x]", "[a x=1]", "[a x=\"1]", "[a x=\"1\"",
		"[a x=\"]\"]", "[a=b]", "[a  x=\"1\"]", "[a x=\"1\"] ", "[a]x",
		"[a x=\"1\"]junk", "[a x=\"\xff\"]", "[a b c=\"1\"]", "[a \"=\"1\"]",
		"[a\x01]", "[abcdefghijklmnopqrstuvwxyz0123456]",
		"- ", "--",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (ew_syslog_format(buf, sizeof(buf), LOG_AUTHPRIV, LOG_INFO,
				     T0, "h", "a", 1, "m", good[i], NULL) < 0)
			fail_msg("refused good SD %s", good[i]);
		snprintf(want, sizeof(want), "<86>1 2023-11-14T22:13:20.123456Z h a 1 m %s",
			 good[i]);
		assert_string_equal(buf, want);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		if (ew_syslog_format(buf, sizeof(buf), LOG_AUTHPRIV, LOG_INFO,
				     T0, "h", "a", 1, "m", bad[i], NULL) != -1)
			fail_msg("took bad SD %s", bad[i]);
		assert_int_equal(errno, EINVAL);
	}
}

/* Every buffer size short of the message fails and writes nothing past
 * its end; one byte for the NUL more, and it fits. */
static void buffer_too_small(void **state)
{
	char exp[256];
	int len, n;
	size_t size, i;

	(void)state;
	len = ew_syslog_format(exp, sizeof(exp), LOG_AUTHPRIV, LOG_ERR, T0,
			       "host", "escapewatch", 42, "finding", SD, JSON);
	assert_true(len > 0);
	for (size = 0; size <= (size_t)len; size++) {
		memset(buf, 0x5a, len + 16);
		errno = 0;
		n = ew_syslog_format(buf, size, LOG_AUTHPRIV, LOG_ERR, T0,
				     "host", "escapewatch", 42, "finding", SD,
				     JSON);
		assert_int_equal(n, -1);
		assert_int_equal(errno, EMSGSIZE);
		for (i = size; i < (size_t)len + 16; i++)
			assert_int_equal((unsigned char)buf[i], 0x5a);
		n = ew_syslog_format_local(buf, size < 20 ? size : 20,
					   LOG_AUTHPRIV, LOG_ERR, T0,
					   "escapewatch", 42, SD, JSON);
		assert_int_equal(n, -1);
	}
	n = ew_syslog_format(buf, len + 1, LOG_AUTHPRIV, LOG_ERR, T0, "host",
			     "escapewatch", 42, "finding", SD, JSON);
	assert_int_equal(n, len);
	assert_string_equal(buf, exp);
}

static void format_local(void **state)
{
	int n;

	(void)state;
	n = ew_syslog_format_local(buf, sizeof(buf), LOG_AUTHPRIV, LOG_WARNING,
				   T0, "escapewatch", 42, SD, JSON);
	fmt_equal(n, "<84>Nov 14 22:13:20 escapewatch[42]: " SD " " JSON);
	/* The day is padded with a space; no SD, no pid, no message. */
	n = ew_syslog_format_local(buf, sizeof(buf), LOG_LOCAL0, LOG_INFO,
				   1699142400ULL * 1000000000ULL, "ew", -1,
				   NULL, "hello");
	fmt_equal(n, "<134>Nov  5 00:00:00 ew: hello");
	n = ew_syslog_format_local(buf, sizeof(buf), LOG_LOCAL0, LOG_INFO,
				   1699142400ULL * 1000000000ULL, "ew", 1,
				   "-", NULL);
	fmt_equal(n, "<134>Nov  5 00:00:00 ew[1]: -");
	errno = 0;
	assert_int_equal(ew_syslog_format_local(buf, sizeof(buf), LOG_LOCAL0,
						LOG_INFO, T0, "ew", 1, "[a",
						"x"), -1);
	assert_int_equal(errno, EINVAL);
}

/* A port on 127.0.0.1 that nothing listens on, at least right now. */
static int free_port(int type)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, type, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin_port);
}

static void open_errors(void **state)
{
	static const char *const cases[][2] = {
		{ "", "want local, unix:PATH, udp:HOST:PORT or tcp:HOST:PORT" },
		{ "syslog", "'syslog': want local, unix:PATH" },
		{ "LOCAL", "want local" },
		{ "udp", "want local" },
		{ "udp:", "no port (want udp:HOST:PORT)" },
		{ "udp:loghost", "no port (want udp:HOST:PORT)" },
		{ "tcp:loghost", "no port (want tcp:HOST:PORT)" },
		{ "tcp::514", "no host" },
		{ "udp:h:0", "bad port '0' (want 1 to 65535)" },
		{ "udp:h:65536", "bad port '65536'" },
		{ "udp:h:-1", "bad port '-1'" },
		{ "udp:h:+5", "bad port '+5'" },
		{ "udp:h:", "bad port ''" },
		{ "udp:h:51x", "bad port '51x'" },
		{ "udp:h:syslog", "bad port 'syslog'" },
		{ "udp:::1:514", "an IPv6 address goes in brackets: udp:[ADDRESS]:PORT" },
		{ "udp:[::1", "no ']' after the IPv6 address" },
		{ "udp:[::1]", "no port (want udp:[ADDRESS]:PORT)" },
		{ "udp:[::1]514", "no port" },
		{ "udp:[]:514", "no host" },
		{ "udp:[no-address]:514", "'udp:[no-address]:514': no-address: " },
		{ "unix:", "no socket path (want unix:PATH)" },
		{ "unix:/nonexistent/ew.sock", "/nonexistent/ew.sock: no such socket: is the syslog daemon running?" },
	};
	char err[256], spec[200], path[] = "/tmp/ew-syslog-test-XXXXXX";
	size_t i;
	int fd;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		assert_null(ew_syslog_open(cases[i][0], err, sizeof(err)));
		if (!strstr(err, cases[i][1]))
			fail_msg("'%s': got '%s', want '%s'", cases[i][0], err,
				 cases[i][1]);
		assert_null(strchr(err, '\n'));
	}

	memset(spec, 'x', sizeof(spec) - 1);
	spec[sizeof(spec) - 1] = '\0';
	memcpy(spec, "unix:/", 6);
	assert_null(ew_syslog_open(spec, err, sizeof(err)));
	assert_non_null(strstr(err, "socket path longer than 107 bytes"));

	snprintf(spec, sizeof(spec), "tcp:127.0.0.1:%d", free_port(SOCK_STREAM));
	assert_null(ew_syslog_open(spec, err, sizeof(err)));
	assert_non_null(strstr(err, "connection refused: is the syslog server listening?"));

	/* Not a socket at all. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	snprintf(spec, sizeof(spec), "unix:%s", path);
	assert_null(ew_syslog_open(spec, err, sizeof(err)));
	unlink(path);
	assert_non_null(strstr(err, "nothing listens there"));

	/* A short err is cut, not overrun. */
	assert_null(ew_syslog_open("bogus", err, 5));
	assert_string_equal(err, "sysl");
	ew_syslog_close(NULL);
}

/* Wait up to 2 s for fd to be readable. */
static void readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	assert_int_equal(poll(&p, 1, 2000), 1);
}

static int nothing_to_read(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 100) == 0;
}

static int server(int family, int type, int *port)
{
	struct sockaddr_storage ss = { .ss_family = family };
	struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = family == AF_INET ? sizeof(*a4) : sizeof(*a6);
	int fd, one = 1;

	fd = socket(family, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (family == AF_INET) {
		a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		a4->sin_port = htons(*port);
	} else {
		a6->sin6_addr = in6addr_loopback;
		a6->sin6_port = htons(*port);
	}
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &len) < 0 ||
	    (type == SOCK_STREAM && listen(fd, 4) < 0)) {
		close(fd);
		return -1;
	}
	*port = ntohs(family == AF_INET ? a4->sin_port : a6->sin6_port);
	return fd;
}

/* What ew_syslog_send() should send over the network. */
static int expected(int facility, int severity, const char *sd,
		    const char *msg)
{
	char host[256] = "";

	gethostname(host, sizeof(host) - 1);
	return ew_syslog_format(want, sizeof(want), facility, severity, T0,
				host, "escapewatch", (long)getpid(),
				"finding", sd, msg);
}

static void udp_datagrams(void **state)
{
	static char big[EW_SYSLOG_MAX + 2];
	char err[256], spec[64];
	struct ew_syslog *s;
	int fd, port = 0, head;
	ssize_t n;

	(void)state;
	fd = server(AF_INET, SOCK_DGRAM, &port);
	assert_true(fd >= 0);
	snprintf(spec, sizeof(spec), "udp:127.0.0.1:%d", port);
	s = ew_syslog_open(spec, err, sizeof(err));
	if (!s)
		fail_msg("%s", err);

	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", SD, JSON, T0), 0);
	readable(fd);
	n = recv(fd, got, sizeof(got), 0);
	assert_int_equal(n, expected(LOG_AUTHPRIV, LOG_ERR, SD, JSON));
	assert_memory_equal(got, want, n);

	ew_syslog_set_facility(s, LOG_LOCAL3);
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", NULL, JSON, T0), 0);
	readable(fd);
	n = recv(fd, got, sizeof(got), 0);
	assert_int_equal(n, expected(LOG_LOCAL3, LOG_ERR, NULL, JSON));
	assert_memory_equal(got, want, n);
	assert_memory_equal(got, "<155>1 ", 7);

	/* Refused before anything is sent. */
	errno = 0;
	assert_int_equal(ew_syslog_send(s, 8, "finding", NULL, JSON, T0), -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", "[bad", JSON, T0), -1);
	assert_int_equal(errno, EINVAL);
	ew_syslog_set_facility(s, 1234);
	errno = 0;
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", NULL, JSON, T0), -1);
	assert_int_equal(errno, EINVAL);
	ew_syslog_set_facility(s, LOG_AUTHPRIV);
	assert_true(nothing_to_read(fd));

	/* The largest message goes whole in one datagram; one byte more
	 * is refused, not cut. */
	head = expected(LOG_AUTHPRIV, LOG_ERR, NULL, "");
	memset(big, 'x', EW_SYSLOG_MAX - head);
	big[EW_SYSLOG_MAX - head] = '\0';
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", NULL, big, T0), 0);
	readable(fd);
	assert_int_equal(recv(fd, got, sizeof(got), 0), EW_SYSLOG_MAX);
	assert_int_equal(expected(LOG_AUTHPRIV, LOG_ERR, NULL, big), EW_SYSLOG_MAX);
	assert_memory_equal(got, want, EW_SYSLOG_MAX);
	strcat(big, "x");
	errno = 0;
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", NULL, big, T0), -1);
	assert_int_equal(errno, EMSGSIZE);
	assert_true(nothing_to_read(fd));

	ew_syslog_close(s);
	close(fd);
}

/*
 * While nothing listens, datagrams draw ICMP errors that the kernel hands
 * to a later send; the first message after the server is back must not
 * be the one that pays for them.
 */
static void udp_server_comes_back(void **state)
{
	char err[256], spec[64];
	struct ew_syslog *s;
	int fd, port = free_port(SOCK_DGRAM), i;
	ssize_t n;

	(void)state;
	snprintf(spec, sizeof(spec), "udp:127.0.0.1:%d", port);
	s = ew_syslog_open(spec, err, sizeof(err));
	if (!s)
		fail_msg("%s", err);
	for (i = 0; i < 3; i++)
		ew_syslog_send(s, LOG_ERR, "finding", NULL, "into the void", T0);
	fd = server(AF_INET, SOCK_DGRAM, &port);
	assert_true(fd >= 0);
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", SD, JSON, T0), 0);
	readable(fd);
	n = recv(fd, got, sizeof(got), 0);
	assert_int_equal(n, expected(LOG_AUTHPRIV, LOG_ERR, SD, JSON));
	assert_memory_equal(got, want, n);
	ew_syslog_close(s);
	close(fd);
}

static void udp_ipv6(void **state)
{
	char err[256], spec[64];
	struct ew_syslog *s;
	int fd, port = 0;
	ssize_t n;

	(void)state;
	fd = server(AF_INET6, SOCK_DGRAM, &port);
	if (fd < 0)
		skip();		/* no IPv6 loopback here */
	snprintf(spec, sizeof(spec), "udp:[::1]:%d", port);
	s = ew_syslog_open(spec, err, sizeof(err));
	if (!s)
		fail_msg("%s", err);
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", SD, JSON, T0), 0);
	readable(fd);
	n = recv(fd, got, sizeof(got), 0);
	assert_int_equal(n, expected(LOG_AUTHPRIV, LOG_ERR, SD, JSON));
	assert_memory_equal(got, want, n);
	ew_syslog_close(s);
	close(fd);
}

static void read_exactly(int fd, char *p, size_t n)
{
	ssize_t r;

	while (n) {
		readable(fd);
		r = recv(fd, p, n, 0);
		assert_true(r > 0);
		p += r;
		n -= r;
	}
}

/* One octet-counted frame, "LEN SP MSG": MSG into got, its length back. */
static size_t read_frame(int fd)
{
	char digits[8];
	size_t i = 0, len;

	for (;;) {
		read_exactly(fd, digits + i, 1);
		if (digits[i] == ' ')
			break;
		assert_true(digits[i] >= '0' && digits[i] <= '9');
		assert_true(++i < 6);		/* at most 65507 */
	}
	assert_true(i > 0 && digits[0] != '0');
	digits[i] = '\0';
	len = strtoul(digits, NULL, 10);
	assert_true(len <= EW_SYSLOG_MAX);
	read_exactly(fd, got, len);
	return len;
}

static int accept_within(int lfd)
{
	int fd;

	readable(lfd);
	fd = accept(lfd, NULL, NULL);
	assert_true(fd >= 0);
	return fd;
}

static void expect_frame(int fd, const char *sd, const char *msg)
{
	size_t n = read_frame(fd);

	assert_int_equal(n, expected(LOG_AUTHPRIV, LOG_ERR, sd, msg));
	assert_memory_equal(got, want, n);
}

static void tcp_framing_and_reconnect(void **state)
{
	struct linger hard = { .l_onoff = 1, .l_linger = 0 };
	char err[256], spec[64];
	struct ew_syslog *s;
	int lfd, c, port = 0;

	(void)state;
	lfd = server(AF_INET, SOCK_STREAM, &port);
	assert_true(lfd >= 0);
	snprintf(spec, sizeof(spec), "tcp:127.0.0.1:%d", port);
	s = ew_syslog_open(spec, err, sizeof(err));
	if (!s)
		fail_msg("%s", err);
	c = accept_within(lfd);

	/* Two messages back to back: the count says where each ends. */
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", SD, JSON, T0), 0);
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", NULL, "two\nlines", T0), 0);
	expect_frame(c, SD, JSON);
	expect_frame(c, NULL, "two\nlines");

	/* The server closes: the next message goes on a new connection,
	 * none is lost. */
	close(c);
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", SD, "after close", T0), 0);
	c = accept_within(lfd);
	expect_frame(c, SD, "after close");

	/* The same after a reset. */
	setsockopt(c, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
	close(c);
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", SD, "after reset", T0), 0);
	c = accept_within(lfd);
	expect_frame(c, SD, "after reset");

	/* The server is gone: the send fails, once, and the one after the
	 * server is back gets through. */
	close(c);
	close(lfd);
	errno = 0;
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", SD, "lost", T0), -1);
	assert_int_equal(errno, ECONNREFUSED);
	lfd = server(AF_INET, SOCK_STREAM, &port);
	assert_true(lfd >= 0);
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", SD, "back", T0), 0);
	c = accept_within(lfd);
	expect_frame(c, SD, "back");
	/* Nothing else arrived: not the failed message, no stray bytes. */
	ew_syslog_close(s);
	readable(c);
	assert_int_equal(recv(c, got, sizeof(got), 0), 0);
	close(c);
	close(lfd);
}

static char dir[] = "/tmp/ew-syslog-test-XXXXXX";
static char sock[sizeof(dir) + 16];

static int unix_server(int type)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd;

	strcpy(a.sun_path, sock);
	unlink(sock);
	fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	if (type == SOCK_STREAM)
		assert_int_equal(listen(fd, 4), 0);
	return fd;
}

static int expected_local(const char *sd, const char *msg)
{
	return ew_syslog_format_local(want, sizeof(want), LOG_AUTHPRIV, LOG_ERR,
				      T0, "escapewatch", (long)getpid(), sd,
				      msg);
}

static void unix_datagram(void **state)
{
	char err[256], spec[64];
	struct ew_syslog *s;
	int fd;
	ssize_t n;

	(void)state;
	fd = unix_server(SOCK_DGRAM);
	snprintf(spec, sizeof(spec), "unix:%s", sock);
	s = ew_syslog_open(spec, err, sizeof(err));
	if (!s)
		fail_msg("%s", err);
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", SD, JSON, T0), 0);
	readable(fd);
	n = recv(fd, got, sizeof(got), 0);
	assert_int_equal(n, expected_local(SD, JSON));
	assert_memory_equal(got, want, n);
	assert_memory_equal(got, "<83>Nov 14 22:13:20 escapewatch[", 32);

	/* The daemon restarts: a new socket at the same path. */
	close(fd);
	fd = unix_server(SOCK_DGRAM);
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", SD, "again", T0), 0);
	readable(fd);
	n = recv(fd, got, sizeof(got), 0);
	assert_int_equal(n, expected_local(SD, "again"));
	assert_memory_equal(got, want, n);

	/* No daemon. */
	close(fd);
	unlink(sock);
	errno = 0;
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", SD, JSON, T0), -1);
	assert_int_equal(errno, ENOENT);
	ew_syslog_close(s);
}

/* A stream socket: found by trying, each message ends with its NUL. */
static void unix_stream(void **state)
{
	char err[256], spec[64];
	struct ew_syslog *s;
	int lfd, c, n1, n2;

	(void)state;
	lfd = unix_server(SOCK_STREAM);
	snprintf(spec, sizeof(spec), "unix:%s", sock);
	s = ew_syslog_open(spec, err, sizeof(err));
	if (!s)
		fail_msg("%s", err);
	c = accept_within(lfd);
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", SD, JSON, T0), 0);
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", NULL, "second", T0), 0);
	n1 = expected_local(SD, JSON);
	n2 = ew_syslog_format_local(want + n1 + 1, sizeof(want) - n1 - 1,
				    LOG_AUTHPRIV, LOG_ERR, T0, "escapewatch",
				    (long)getpid(), NULL, "second");
	read_exactly(c, got, n1 + 1 + n2 + 1);
	assert_memory_equal(got, want, n1 + 1 + n2 + 1);
	assert_int_equal(got[n1], '\0');

	/* A restart; the new daemon's socket is a datagram one. */
	close(c);
	close(lfd);
	lfd = unix_server(SOCK_DGRAM);
	assert_int_equal(ew_syslog_send(s, LOG_ERR, "finding", SD, JSON, T0), 0);
	readable(lfd);
	assert_int_equal(recv(lfd, got, sizeof(got), 0), n1);
	assert_memory_equal(got, want, n1);
	ew_syslog_close(s);
	close(lfd);
}

static int make_dir(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(sock, sizeof(sock), "%s/log", dir);
	return 0;
}

static int remove_dir(void **state)
{
	(void)state;
	unlink(sock);
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_exact),
		cmocka_unit_test(format_nil_values),
		cmocka_unit_test(format_bad_pri),
		cmocka_unit_test(format_cut_and_replaced),
		cmocka_unit_test(format_msg_encoding),
		cmocka_unit_test(sd_escaping),
		cmocka_unit_test(sd_grammar),
		cmocka_unit_test(buffer_too_small),
		cmocka_unit_test(format_local),
		cmocka_unit_test(open_errors),
		cmocka_unit_test(udp_datagrams),
		cmocka_unit_test(udp_server_comes_back),
		cmocka_unit_test(udp_ipv6),
		cmocka_unit_test(tcp_framing_and_reconnect),
		cmocka_unit_test(unix_datagram),
		cmocka_unit_test(unix_stream),
	};

	/* The local format is in local time: make that UTC. */
	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
