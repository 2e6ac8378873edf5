/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Failures of an output (a file, syslog) told on the log without flooding
 * it: the first failure of a run of them with its reason, then, when
 * sending works again, how many were lost in between; every one counted.
 */
#ifndef EW_FAILURES_H
#define EW_FAILURES_H

#include <stdio.h>

struct ew_failures {
	const char *what;		/* "syslog", "output file" */
	unsigned long long total;	/* failures in all */
	unsigned long long run;		/* failures since the last success */
};

/* A failure with errno value err, of the message for sequence number seq. */
void ew_failure(struct ew_failures *f, FILE *log, unsigned long long seq,
		int err);

/* A success: says so if it ends a run of failures. */
void ew_success(struct ew_failures *f, FILE *log);

#endif
