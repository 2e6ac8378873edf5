/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Findings to syslog: RFC 5424 messages over UDP and TCP, and the local
 * socket's own dialect over /dev/log or another unix socket.  This file is
 * the transports; the messages themselves are syslog_format.h's.
 *
 * Transports, as ew_syslog_open() spells them:
 *   udp:HOST:PORT  one RFC 5424 message per datagram
 *   tcp:HOST:PORT  RFC 5424 with octet-counting framing (RFC 6587 3.4.1,
 *                  "LEN SP MSG"), which rsyslog's imtcp and syslog-ng read
 *   local          /dev/log
 *   unix:PATH      another local log socket, e.g. the host's /dev/log
 *                  bind-mounted into a container
 * HOST is a name or an address, an IPv6 address in brackets: [::1]:514.
 *
 * Why the local socket does not get RFC 5424: whatever owns /dev/log parses
 * what syslog(3) sends, "<PRI>Mmm dd hh:mm:ss TAG[PID]: MSG".  rsyslog's
 * imuxsock does so by default (SysSock.UseSpecialParser="on"): given an
 * RFC 5424 message it takes the version "1" for the tag and leaves timestamp,
 * hostname, app, procid, msgid and structured data as text in the message;
 * journald likewise.  So the local transports send syslog(3)'s format, with
 * the structured data, as written, at the head of the message text (the
 * MSGID has no place there and is left out):
 *   <84>Nov 14 22:13:20 escapewatch[42]: [ew@32473 rule="cdk"] {...}
 * A datagram socket gets one message per datagram; a stream socket gets each
 * message followed by a NUL, as syslog(3) does.
 *
 * Size: a message longer than EW_SYSLOG_MAX bytes (the largest UDP payload
 * over IPv4) is not sent on any transport, never cut: ew_syslog_send() fails
 * with EMSGSIZE.  Receivers have their own limit: rsyslog cuts messages
 * beyond its maxMessageSize (8 KiB unless configured).
 *
 * Delivery: UDP is unacknowledged.  A TCP connection that the peer closed,
 * or a local socket whose daemon restarted, is connected again (once per
 * message) before the message is sent; a message that was being written
 * when the connection broke is sent again whole on the new connection.
 * Connecting and sending block at most EW_SYSLOG_TIMEOUT_MS each, then fail
 * (ETIMEDOUT, EAGAIN); a TCP connection is then closed, as the receiver
 * may hold part of a frame, and the next message connects again.
 *
 * None of this is thread-safe: one struct ew_syslog per thread.
 */
#ifndef EW_SYSLOG_H
#define EW_SYSLOG_H

#include <stddef.h>
/*
 * The LOG_* constants.  <sys/syslog.h>, not <syslog.h>: builds that put
 * userspace/ on the include path find this file for <syslog.h>, which is
 * also why this file includes the system's, so such a build still gets it.
 */
#include <sys/syslog.h>

#define EW_SYSLOG_MAX 65507
#define EW_SYSLOG_TIMEOUT_MS 5000

struct ew_syslog;

/*
 * Open a transport (see above): names are resolved and stream sockets
 * connected now, so that a wrong target shows at once.  Returns NULL and
 * a one-line reason in err on failure.
 */
struct ew_syslog *ew_syslog_open(const char *spec, char *err, size_t errlen);

/*
 * The facility, a LOG_* facility of syslog(3) (LOG_AUTHPRIV, LOG_LOCAL0,
 * ...).  The default is LOG_AUTHPRIV: findings are security events and
 * carry command lines, which may hold secrets, and authpriv is what
 * syslog daemons keep in files only administrators can read.  An invalid
 * facility makes ew_syslog_send() fail with EINVAL.
 */
void ew_syslog_set_facility(struct ew_syslog *s, int facility);

/*
 * Send one message.  severity: a LOG_* level; msgid: e.g. "finding", or
 * NULL; sd: STRUCTURED-DATA already formatted (values escaped with
 * ew_syslog_sd_escape(), syslog_format.h), or NULL; msg: the text (a
 * finding's JSON); time_ns: nanoseconds since the epoch, 0 for now.  The
 * app name is "escapewatch", the procid this process's PID, the hostname
 * gethostname()'s.  Returns 0, or -1 with errno: EINVAL for a bad
 * severity, facility or sd, EMSGSIZE for a message over EW_SYSLOG_MAX,
 * else the transport's error.
 */
int ew_syslog_send(struct ew_syslog *s, int severity, const char *msgid,
		   const char *sd, const char *msg, unsigned long long time_ns);

void ew_syslog_close(struct ew_syslog *s);

#endif
