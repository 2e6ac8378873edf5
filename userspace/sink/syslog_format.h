/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Syslog messages as bytes, no sockets: RFC 5424 messages, the local
 * socket's syslog(3) format, and STRUCTURED-DATA checked and escaped.
 * Which transport sends which format, and why, is in syslog.h.
 */
#ifndef EW_SYSLOG_FORMAT_H
#define EW_SYSLOG_FORMAT_H

#include <stddef.h>
/* The LOG_* constants; why <sys/syslog.h> and not <syslog.h>: syslog.h. */
#include <sys/syslog.h>

/* The RFC 5424 field limits (6.2.4 to 6.2.7). */
#define EW_SYSLOG_HOSTNAME_MAX 255
#define EW_SYSLOG_APP_MAX 48
#define EW_SYSLOG_PROCID_MAX 128
#define EW_SYSLOG_MSGID_MAX 32

/*
 * One RFC 5424 message, no framing, NUL-terminated (ew_syslog_send()
 * frames it for TCP):
 *   <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [SP BOM MSG]
 * TIMESTAMP is RFC 3339 in UTC with microseconds.  hostname, app and msgid
 * are cut to the RFC's limits and each byte outside printable US-ASCII
 * (33-126, which the RFC allows there) becomes '_'; NULL, empty or a
 * negative pid is the NILVALUE "-".  sd must follow the RFC's grammar.
 * msg gets the UTF-8 BOM in front (RFC 5424 6.4) when it is valid UTF-8,
 * else it is sent as it is, without (MSG-ANY); a NULL msg leaves the
 * MSG part out.  Returns the length (without the NUL), or -1 with errno:
 * EMSGSIZE if it does not fit in size bytes (nothing is written past
 * buf[size - 1]), EINVAL for a bad facility, severity or sd.
 */
int ew_syslog_format(char *buf, size_t size, int facility, int severity,
		     unsigned long long time_ns, const char *hostname,
		     const char *app, long pid, const char *msgid,
		     const char *sd, const char *msg);

/*
 * The local socket's format, as syslog(3) writes it (RFC 3164's shape,
 * local time): "<PRI>Mmm dd hh:mm:ss APP[PID]: SD MSG", SD and its space
 * left out when sd is NULL.  Same return and errors as ew_syslog_format().
 */
int ew_syslog_format_local(char *buf, size_t size, int facility,
			   int severity, unsigned long long time_ns,
			   const char *app, long pid, const char *sd,
			   const char *msg);

/*
 * Escape a PARAM-VALUE (RFC 5424 6.3.3): '"', '\' and ']' get a backslash.
 * A byte that is not part of valid UTF-8 becomes U+FFFD, so that the value
 * is the UTF-8 string the RFC asks for.  NUL-terminated; returns the length
 * or -1 (EMSGSIZE) if it does not fit.
 */
int ew_syslog_sd_escape(char *buf, size_t size, const char *value);

#endif
