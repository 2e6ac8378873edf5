/* SPDX-License-Identifier: GPL-2.0 */
/* escapewatch watch: records from the device to JSON lines. */
#ifndef EW_WATCH_H
#define EW_WATCH_H

#include <stdio.h>

/* What a watch has seen so far; zero it to start. */
struct ew_watch {
	FILE *out;		/* JSON lines */
	FILE *log;		/* human-readable warnings */
	unsigned long long findings;
	unsigned long long lost;
	unsigned long long next_seq;	/* expected next sequence number */
	int started;		/* next_seq is known */
};

/*
 * Print every record in buf[0..len).  Returns 0, or -1 when the buffer is
 * malformed (a message goes to w->log).
 */
int ew_watch_buffer(struct ew_watch *w, const void *buf, size_t len);

/*
 * Read records from fd until max_findings findings were printed (0: no
 * limit) or the device fails.  Returns the process exit status.
 */
int ew_watch_fd(struct ew_watch *w, int fd, unsigned long long max_findings);

#endif
