/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where findings go: standard output, or a file given with --output, which
 * is appended to, line-buffered (a finding is written whole when its line
 * ends), and opened again on SIGHUP so that logrotate can move it away and
 * signal (its default "create" mode, without copytruncate).  The watch
 * writes the lines of one read of the device together (ew_output_write()).
 */
#ifndef EW_OUTPUT_H
#define EW_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

struct ew_output {
	FILE *f;
	char *path;	/* NULL for a stream it did not open */
};

/* Write to a stream the caller opened and closes (stdout, a test's). */
void ew_output_stream(struct ew_output *o, FILE *f);

/*
 * Open path for appending (created mode 0640 if missing), line-buffered.
 * Returns 0, or -1 with a one-line reason in err.
 */
int ew_output_open(struct ew_output *o, const char *path, char *err,
		   size_t errsize);

/*
 * Open the file's path again and switch to it; the old file is closed.
 * When the path cannot be opened, writing goes on to the old file and -1
 * is returned with a reason in err.  Nothing to do for a stream: 0.
 */
int ew_output_reopen(struct ew_output *o, char *err, size_t errsize);

/* Write line and a newline; 0, or -1 with errno. */
int ew_output_line(struct ew_output *o, const char *line);

/*
 * Write buf[0..len), whole lines, at once: what the stream holds first,
 * then buf in one write(2) where the stream has a file descriptor (but
 * for a short write, continued); 0, or -1 with errno.
 */
int ew_output_write(struct ew_output *o, const char *buf, size_t len);

/* Close a file ew_output_open() opened. */
void ew_output_close(struct ew_output *o);

#endif
