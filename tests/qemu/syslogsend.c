// SPDX-License-Identifier: GPL-2.0
/*
 * Send one message through the reader's syslog code, for the test VM's
 * rsyslogd:
 *   syslogsend TARGET SEVERITY MSGID SD MSG
 * TARGET as for ew_syslog_open() (local, unix:PATH, udp:HOST:PORT,
 * tcp:HOST:PORT), SEVERITY a number 0-7, SD "-" for none.  The time is
 * now.  Prints "ok" or the reason, exit status 0 or 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sink/syslog.h"

int main(int argc, char **argv)
{
	struct ew_syslog *s;
	char err[256];
	int r;

	if (argc != 6) {
		fprintf(stderr, "usage: syslogsend TARGET SEVERITY MSGID SD MSG\n");
		return 2;
	}
	s = ew_syslog_open(argv[1], err, sizeof(err));
	if (!s) {
		printf("FAIL open: %s\n", err);
		return 1;
	}
	r = ew_syslog_send(s, atoi(argv[2]), argv[3], argv[4], argv[5], 0);
	if (r < 0)
		printf("FAIL send: %s\n", strerror(errno));
	else
		printf("ok\n");
	ew_syslog_close(s);
	return r < 0;
}
