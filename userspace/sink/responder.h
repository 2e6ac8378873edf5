/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --respond-exec=PROG: run a program of the operator's for each finding
 * in a container, without ever holding up the findings that follow.
 *
 * PROG runs with argv [PROG] (no shell), in a process group of its own,
 * with the signals' default dispositions and an empty signal mask; its
 * standard input is the finding's scc JSON line (a memfd: nothing to fill
 * up, nothing to wait for), its standard output and error the reader's
 * standard error (never the findings' stream), its environment the
 * reader's plus
 *   ESCAPEWATCH_FINDING_ID         the finding's id
 *   ESCAPEWATCH_CONTAINER_ID       the container's id ("" if none)
 *   ESCAPEWATCH_CONTAINER_RUNTIME  "docker", "containerd", ... or ""
 *   ESCAPEWATCH_SEVERITY           LOW, MEDIUM, HIGH or CRITICAL
 *
 * At most EW_RESPONDERS_MAX run at once; a finding beyond that gets no
 * responder, and that is told and counted.  One still running after the
 * timeout is killed (SIGKILL to its process group), told and counted.
 * Findings with no container id get none (told and counted): responders
 * are for containers, and the host's own cgroups are not one.
 *
 * Nothing here blocks: ew_responder_reap() collects the children that
 * ended (waitpid(WNOHANG) on each, never on any other child) and kills
 * the overdue; the watch loop calls it on each turn and wakes for it
 * (SIGCHLD, and ew_responder_wait_ms()).
 */
#ifndef EW_RESPONDER_H
#define EW_RESPONDER_H

#include <stdio.h>
#include <sys/types.h>

#include "finding/finding.h"

#define EW_RESPONDERS_MAX		8
#define EW_RESPONDER_TIMEOUT_DEFAULT	10	/* seconds */

struct ew_responder_child {
	pid_t pid;			/* 0: a free slot */
	unsigned long long deadline;	/* CLOCK_MONOTONIC ns */
	unsigned long long started;
	int killed;			/* SIGKILL sent at the deadline */
	char id[EW_ID_LEN + 1];		/* its finding */
};

struct ew_responder {
	const char *prog;
	FILE *log;
	unsigned long long timeout_ms;
	struct ew_responder_child kids[EW_RESPONDERS_MAX];
	unsigned int running;
	unsigned long long started, succeeded, failed, killed, skipped,
			   refused;
};

/* Nothing running yet; timeout_ms > 0. */
void ew_responder_init(struct ew_responder *r, const char *prog,
		       unsigned long long timeout_ms, FILE *log);

/*
 * Start PROG for finding f, whose scc line is scc_json (NULL: out of
 * memory, counted as a failure).  Returns 0 when it started, -1 when not
 * (refused, skipped or failed: told on the log and counted).
 */
int ew_responder_run(struct ew_responder *r, const struct ew_finding *f,
		     const char *scc_json);

/* Collect the responders that ended, kill the overdue; never waits. */
void ew_responder_reap(struct ew_responder *r);

/* Milliseconds until the next deadline (at least 1), -1 if none runs. */
long ew_responder_wait_ms(const struct ew_responder *r);

/* Wait until every responder ended, killing each at its deadline. */
void ew_responder_drain(struct ew_responder *r);

/* One line of totals on the log. */
void ew_responder_summary(const struct ew_responder *r);

#endif
