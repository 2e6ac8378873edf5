// SPDX-License-Identifier: GPL-2.0
/*
 * Findings to syslog, the transports: opening a target, connecting,
 * sending (TCP with octet-counting framing) and connecting again.  What
 * goes where, and why, is in syslog.h; the messages' bytes are made by
 * syslog_format.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "sink/syslog.h"
#include "sink/syslog_format.h"

#define APP_NAME "escapewatch"
#define LOCAL_PATH "/dev/log"
/* Room in front of a message for TCP's "LEN SP". */
#define FRAME_ROOM 8

enum transport { T_UDP, T_TCP, T_UNIX };

struct ew_syslog {
	enum transport transport;
	int type;			/* SOCK_DGRAM or SOCK_STREAM */
	int fd;				/* -1 while not connected */
	int facility;
	struct sockaddr_storage addr;	/* the peer, to connect again */
	socklen_t addrlen;
	char hostname[EW_SYSLOG_HOSTNAME_MAX + 1];
	/* "LEN SP", the message, and its NUL (sent on local streams) */
	char buf[FRAME_ROOM + EW_SYSLOG_MAX + 1];
};

/* Transports */

static void drop(struct ew_syslog *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/*
 * A socket of the given type connected to s->addr, or -1 with errno.
 * Connecting does not block beyond EW_SYSLOG_TIMEOUT_MS (a TCP peer that
 * drops SYNs would otherwise hold the reader for minutes), nor does a
 * send later on (SO_SNDTIMEO).
 */
static int connect_type(struct ew_syslog *s, int type)
{
	struct timeval tv = {
		.tv_sec = EW_SYSLOG_TIMEOUT_MS / 1000,
		.tv_usec = EW_SYSLOG_TIMEOUT_MS % 1000 * 1000,
	};
	struct pollfd pfd;
	socklen_t len = sizeof(int);
	int fd, e, r;

	fd = socket(s->addr.ss_family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0)
		goto fail;
	r = connect(fd, (struct sockaddr *)&s->addr, s->addrlen);
	if (r < 0 && errno == EINPROGRESS) {
		pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
		do
			r = poll(&pfd, 1, EW_SYSLOG_TIMEOUT_MS);
		while (r < 0 && errno == EINTR);
		if (r == 0)
			errno = ETIMEDOUT;
		if (r <= 0)
			goto fail;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
			goto fail;
		errno = e;
		r = e ? -1 : 0;
	}
	if (r < 0)
		goto fail;
	/* Sends block, up to SO_SNDTIMEO: a full queue is waited for. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
		goto fail;
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

static int connect_now(struct ew_syslog *s)
{
	int fd;

	fd = connect_type(s, s->type);
	/* A local socket is a datagram socket, but some daemons make
	 * it a stream; find out which, each time it is created anew. */
	if (fd < 0 && errno == EPROTOTYPE && s->transport == T_UNIX) {
		s->type = s->type == SOCK_DGRAM ? SOCK_STREAM : SOCK_DGRAM;
		fd = connect_type(s, s->type);
	}
	if (fd < 0)
		return -1;
	s->fd = fd;
	return 0;
}

/*
 * Whether the peer of a stream has closed it.  A syslog server never
 * writes, so a readable socket is one at its end (or one that the server
 * wrote to anyway: that is read and ignored).  Without this, the first
 * message after the server closed would be written into a connection
 * that only answers with a reset, and lost.
 */
static int peer_closed(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char junk[512];
	ssize_t r;
	int i;

	for (i = 0; i < 16 && poll(&pfd, 1, 0) > 0; i++) {
		r = recv(fd, junk, sizeof(junk), MSG_DONTWAIT);
		if (r > 0)
			continue;
		return r == 0 || (errno != EAGAIN && errno != EINTR);
	}
	return 0;
}

static int write_all(struct ew_syslog *s, const char *p, size_t n)
{
	ssize_t r;

	while (n) {
		r = send(s->fd, p, n, MSG_NOSIGNAL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (s->type == SOCK_DGRAM && (size_t)r != n) {
			errno = EMSGSIZE;	/* not seen on Linux */
			return -1;
		}
		p += r;
		n -= r;
	}
	return 0;
}

/*
 * Errors that say the connection, not the message, failed: worth a new
 * connection.  ECONNREFUSED on UDP reports an ICMP error for an earlier
 * datagram, and this one was not sent.
 */
static int broken(int e)
{
	return e == EPIPE || e == ECONNRESET || e == ECONNREFUSED ||
	       e == ENOTCONN || e == ECONNABORTED || e == ENOENT;
}

/*
 * Send, connecting again at most once.  p[n] is the message's NUL, which
 * syslog(3) sends after each message on a local stream; whether the
 * socket is one is known only once it is connected.
 */
static int deliver(struct ew_syslog *s, const char *p, size_t n)
{
	int reconnected = 0, e;

	if (s->fd >= 0 && s->type == SOCK_STREAM && peer_closed(s->fd))
		drop(s);
	for (;;) {
		if (s->fd < 0) {
			if (connect_now(s) < 0)
				return -1;
			reconnected = 1;
		}
		if (write_all(s, p, n + (s->transport == T_UNIX &&
					  s->type == SOCK_STREAM)) == 0)
			return 0;
		e = errno;
		/* After a failed write, where the stream stands is unknown:
		 * the receiver may hold part of the frame. */
		if (s->type == SOCK_STREAM || broken(e))
			drop(s);
		if (reconnected || !broken(e)) {
			errno = e;
			return -1;
		}
	}
}

int ew_syslog_send(struct ew_syslog *s, int severity, const char *msgid,
		   const char *sd, const char *msg, unsigned long long time_ns)
{
	char *m = s->buf + FRAME_ROOM, pre[16];
	struct timespec now;
	int len, k;

	if (!time_ns) {
		clock_gettime(CLOCK_REALTIME, &now);
		time_ns = (unsigned long long)now.tv_sec * 1000000000ULL +
			  (unsigned long long)now.tv_nsec;
	}
	/* Room for EW_SYSLOG_MAX bytes and the NUL. */
	if (s->transport == T_UNIX)
		len = ew_syslog_format_local(m, EW_SYSLOG_MAX + 1, s->facility,
					     severity, time_ns, APP_NAME,
					     (long)getpid(), sd, msg);
	else
		len = ew_syslog_format(m, EW_SYSLOG_MAX + 1, s->facility,
				       severity, time_ns, s->hostname, APP_NAME,
				       (long)getpid(), msgid, sd, msg);
	if (len < 0)
		return -1;
	if (s->transport == T_TCP) {
		k = snprintf(pre, sizeof(pre), "%d ", len);
		memcpy(m - k, pre, k);
		return deliver(s, m - k, (size_t)len + k);
	}
	return deliver(s, m, len);
}

void ew_syslog_set_facility(struct ew_syslog *s, int facility)
{
	s->facility = facility;
}

void ew_syslog_close(struct ew_syslog *s)
{
	if (!s)
		return;
	drop(s);
	free(s);
}

/* Opening */

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int open_unix(struct ew_syslog *s, const char *spec, const char *path,
		     char *err, size_t errlen)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)&s->addr;
	size_t n = strlen(path);

	if (!n)
		return fail(err, errlen, "syslog target '%s': no socket path (want unix:PATH)",
			    spec);
	if (n >= sizeof(sun->sun_path))
		return fail(err, errlen, "syslog target '%s': socket path longer than %zu bytes",
			    spec, sizeof(sun->sun_path) - 1);
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, path, n + 1);
	s->addrlen = offsetof(struct sockaddr_un, sun_path) + n + 1;
	s->transport = T_UNIX;
	s->type = SOCK_DGRAM;
	if (connect_now(s) == 0)
		return 0;
	switch (errno) {
	case ENOENT:
		return fail(err, errlen, "syslog target '%s': %s: no such socket: is the syslog daemon running?",
			    spec, path);
	case ECONNREFUSED:
		return fail(err, errlen, "syslog target '%s': %s: nothing listens there: is the syslog daemon running?",
			    spec, path);
	default:
		return fail(err, errlen, "syslog target '%s': %s: %s", spec,
			    path, strerror(errno));
	}
}

static int open_inet(struct ew_syslog *s, const char *spec, int type,
		     char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = type,
				  .ai_flags = AI_NUMERICSERV };
	const char *rest = spec + 4, *end, *port;
	struct addrinfo *res, *ai;
	char host[256];
	unsigned long n;
	size_t hlen;
	char *stop;
	int r, e = EAFNOSUPPORT;

	if (*rest == '[') {	/* [IPv6]:PORT */
		end = strchr(rest, ']');
		if (!end)
			return fail(err, errlen, "syslog target '%s': no ']' after the IPv6 address",
				    spec);
		if (end[1] != ':')
			return fail(err, errlen, "syslog target '%s': no port (want %.3s:[ADDRESS]:PORT)",
				    spec, spec);
		rest++;
		port = end + 2;
		hints.ai_flags |= AI_NUMERICHOST;
	} else {
		end = strrchr(rest, ':');
		if (!end)
			return fail(err, errlen, "syslog target '%s': no port (want %.3s:HOST:PORT)",
				    spec, spec);
		if (memchr(rest, ':', end - rest))
			return fail(err, errlen, "syslog target '%s': an IPv6 address goes in brackets: %.3s:[ADDRESS]:PORT",
				    spec, spec);
		port = end + 1;
	}
	hlen = end - rest;
	if (!hlen)
		return fail(err, errlen, "syslog target '%s': no host", spec);
	if (hlen >= sizeof(host))
		return fail(err, errlen, "syslog target '%s': host name longer than %zu bytes",
			    spec, sizeof(host) - 1);
	memcpy(host, rest, hlen);
	host[hlen] = '\0';
	errno = 0;
	n = strtoul(port, &stop, 10);
	if (*port < '0' || *port > '9' || *stop || errno || n < 1 || n > 65535)
		return fail(err, errlen, "syslog target '%s': bad port '%s' (want 1 to 65535)",
			    spec, port);

	r = getaddrinfo(host, port, &hints, &res);
	if (r)
		return fail(err, errlen, "syslog target '%s': %s: %s", spec, host,
			    r == EAI_SYSTEM ? strerror(errno) : gai_strerror(r));
	s->transport = type == SOCK_STREAM ? T_TCP : T_UDP;
	s->type = type;
	/* The first address that takes a connection is kept, to connect
	 * again to the same server. */
	for (ai = res; ai; ai = ai->ai_next) {
		if (ai->ai_addrlen > sizeof(s->addr))
			continue;
		memcpy(&s->addr, ai->ai_addr, ai->ai_addrlen);
		s->addrlen = ai->ai_addrlen;
		if (connect_now(s) == 0)
			break;
		e = errno;
	}
	freeaddrinfo(res);
	if (s->fd >= 0)
		return 0;
	if (e == ECONNREFUSED)
		return fail(err, errlen, "syslog target '%s': connection refused: is the syslog server listening?",
			    spec);
	return fail(err, errlen, "syslog target '%s': connect: %s", spec,
		    strerror(e));
}

struct ew_syslog *ew_syslog_open(const char *spec, char *err, size_t errlen)
{
	struct ew_syslog *s;
	int r;

	s = calloc(1, sizeof(*s));
	if (!s) {
		fail(err, errlen, "syslog: out of memory");
		return NULL;
	}
	s->fd = -1;
	s->facility = LOG_AUTHPRIV;
	/* RFC 5424 prefers the FQDN, but takes the host name; without
	 * one, the NILVALUE. */
	if (gethostname(s->hostname, sizeof(s->hostname) - 1) < 0)
		s->hostname[0] = '\0';

	if (!strcmp(spec, "local"))
		r = open_unix(s, spec, LOCAL_PATH, err, errlen);
	else if (!strncmp(spec, "unix:", 5))
		r = open_unix(s, spec, spec + 5, err, errlen);
	else if (!strncmp(spec, "udp:", 4))
		r = open_inet(s, spec, SOCK_DGRAM, err, errlen);
	else if (!strncmp(spec, "tcp:", 4))
		r = open_inet(s, spec, SOCK_STREAM, err, errlen);
	else
		r = fail(err, errlen, "syslog target '%s': want local, unix:PATH, udp:HOST:PORT or tcp:HOST:PORT",
			 spec);
	if (r < 0) {
		free(s);
		return NULL;
	}
	return s;
}
