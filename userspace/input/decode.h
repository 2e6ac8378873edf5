/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The decoded view of an exec record: pointers and lengths into the
 * record, nothing copied.  What the formatters read.
 */
#ifndef EW_DECODE_H
#define EW_DECODE_H

#include <stddef.h>

#include "../../include/uapi/escapewatch.h"

/* A field's value: bytes, not NUL-terminated, and its EW_FIELD_* flags. */
struct ew_text {
	const char *p;
	size_t len;
	unsigned int flags;
	int present;		/* the record has this field */
};

struct ew_event_ancestor {
	const struct ew_ancestor *a;	/* pid, ns_pid, comm with its NUL */
	struct ew_text path;
};

struct ew_event {
	const struct ew_exec_record *rec;	/* the fixed part */
	struct ew_text path, filename, interp, argv, cwd, cgroup;
	struct ew_event_ancestor anc[EW_ANCESTORS_MAX];	/* parent first */
	unsigned int nanc;
	unsigned int nunknown;		/* fields of types this reader skips */
};

/* Fill ev from a record that ew_record_next() accepted. */
void ew_event_decode(const struct ew_exec_record *rec, struct ew_event *ev);

/*
 * The next argument of argv at *off (start with 0) into *arg; returns 0
 * when there are no more.  An argument the record cut (the last one, with
 * no NUL after it) has EW_FIELD_TRUNCATED in arg->flags.
 */
int ew_argv_next(const struct ew_text *argv, size_t *off, struct ew_text *arg);

/*
 * Whether the arguments are incomplete: cut at the module's bound, or
 * fewer than argc.
 */
int ew_argv_truncated(const struct ew_event *ev);

/*
 * The file the exec asked for: its resolved path, or the path as the caller
 * gave it when the resolved one is missing, unreadable or empty (a path
 * too long for the module is sent empty and truncated).
 */
const struct ew_text *ew_event_file(const struct ew_event *ev);

/* The binary that ran: the interpreter of a script, else ew_event_file(). */
const struct ew_text *ew_event_binary(const struct ew_event *ev);

#endif
