/* SPDX-License-Identifier: GPL-2.0 */
/* escapewatch watch: records from the device to findings. */
#ifndef EW_WATCH_H
#define EW_WATCH_H

#include <signal.h>
#include <stdio.h>

#include "container/identity_cache.h"
#include "finding/ident.h"
#include "finding/related.h"
#include "format/format.h"
#include "sink/failures.h"
#include "sink/forward.h"
#include "sink/output.h"
#include "sink/respond.h"
#include "sink/responder.h"

/*
 * What a watch writes to and what it has seen; zero it, then set out, log
 * and ident (the rest may stay zero/NULL).
 */
struct ew_watch {
	struct ew_output *out;		/* findings, one per line */
	FILE *log;			/* one-line warnings and errors */
	enum ew_format format;
	const struct ew_ident *ident;	/* host name and boot id */
	struct ew_related *related;	/* NULL: no related findings */
	struct ew_forward *forward;	/* NULL: no syslog */
	struct ew_respond *respond;	/* NULL: no --respond=freeze */
	struct ew_responder *responder;	/* NULL: no --respond-exec */
	struct ew_identity_cache *identities;	/* NULL: no state files read */
	const char *root;		/* of the host's files; NULL: "" */
	const char *proc_root;		/* "/proc" and "/sys/fs/cgroup" for */
	const char *cgroup_root;	/* the surface; NULL: not read */
	unsigned int log_lines;		/* of a container's log; 0: none */
	unsigned long long (*clock)(void);	/* createTime; NULL: now */
	volatile sig_atomic_t *hup;	/* set: reopen out before writing */
	volatile sig_atomic_t *stop;	/* set: ew_watch_fd() returns */
	const sigset_t *pollmask;	/* mask while waiting (ppoll) */

	struct ew_failures write_failures;
	unsigned long long findings;
	unsigned long long lost;
	unsigned long long malformed;	/* records that could not be decoded */
	unsigned long long next_seq;	/* expected next sequence number */
	int started;			/* next_seq is known */
	struct ew_watch_batch *batch;	/* the lines of the read at hand */
	struct ew_watch_cgroup {	/* the last cgroup path parsed, */
		size_t len;		/* and its container: parsed again */
		char path[256];		/* only when the path changes */
		int known;		/* (len 0: none yet) */
		struct ew_container c;
	} last_cgroup;
};

/*
 * Turn every record in buf[0..len) into a line of w->out (a finding, a
 * lost report or a malformed report).  Returns 0, or -1 when the buffer's
 * framing is broken (a message goes to w->log).
 */
int ew_watch_buffer(struct ew_watch *w, const void *buf, size_t len);

/*
 * Read records from fd until max_findings findings were written (0: no
 * limit), *w->stop is set, or the device fails; then wait for the
 * responders still running (up to their timeout).  Returns the process
 * exit status.
 */
int ew_watch_fd(struct ew_watch *w, int fd, unsigned long long max_findings);

/* One line on w->log of what went wrong over the whole watch, if anything. */
void ew_watch_summary(struct ew_watch *w);

#endif
