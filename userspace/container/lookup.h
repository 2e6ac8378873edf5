/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading files that other programs wrote (container runtimes' state,
 * kubelet's), as untrusted input within a budget.  A lookup gathers, in
 * one string, why each thing it could not read was left out, so that a
 * finding can say so instead of going quiet.
 *
 * Every path is read below lookup->root ("" on a host, a directory of
 * samples in the tests).  Only regular files are read (a FIFO or a device
 * is refused before it can block), at most max bytes of them; the lookup
 * stops reading once its deadline has passed.  A read that began before
 * the deadline runs to its end, so a lookup can end after it: ew_lookup_end()
 * says by how much.
 */
#ifndef EW_LOOKUP_H
#define EW_LOOKUP_H

#include <jansson.h>
#include <stddef.h>

#define EW_LOOKUP_WHY	1024

struct ew_lookup {
	const char *root;		/* prefix of every path; "" on a host */
	unsigned long long start_ns;	/* CLOCK_MONOTONIC */
	unsigned long long deadline_ns;	/* CLOCK_MONOTONIC; 0: none */
	unsigned int budget_ms;		/* timeout_ms of ew_lookup_init() */
	char why[EW_LOOKUP_WHY];	/* "; "-separated reasons, or "" */
	char read[EW_LOOKUP_WHY];	/* ", "-separated files read */
};

/* Start a lookup below root that may take timeout_ms (0: no bound). */
void ew_lookup_init(struct ew_lookup *l, const char *root,
		    unsigned int timeout_ms);

/* Add a reason, printf-style; cut with "..." when why is full. */
void ew_lookup_why(struct ew_lookup *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Add a file to the files read, printf-style (", "-separated). */
void ew_lookup_note(struct ew_lookup *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Whether the deadline has passed (then says so in why, once). */
int ew_lookup_late(struct ew_lookup *l);

/*
 * At the end of a lookup: when it took longer than its budget, what it
 * took ("310 ms, past its budget of 250 ms") in late, else "".  Whatever
 * was read is whole; this says the finding came that much later.
 */
void ew_lookup_end(const struct ew_lookup *l, char *late, size_t size);

/*
 * The file at path (below root) into a new NUL-terminated buffer *buf of
 * *len bytes.  Returns 0, 1 when it does not exist (nothing said: the
 * caller knows whether that matters), or -1 with the reason in why.
 */
int ew_lookup_file(struct ew_lookup *l, const char *path, size_t max,
		   char **buf, size_t *len);

/* Whether path (below root) exists; a symbolic link is not followed. */
int ew_lookup_exists(struct ew_lookup *l, const char *path);

/*
 * The JSON object in the file at path, or NULL: missing (said as "PATH:
 * missing" when must is set), unreadable, too large, not JSON or not an
 * object, each said in why.
 */
json_t *ew_lookup_json(struct ew_lookup *l, const char *path, size_t max,
		       int must);

/* A JSON string in a string buffer: the member key of obj, "" if absent
 * or not a string; copied into out, cut to size. */
const char *ew_json_get_str(const json_t *obj, const char *key, char *out,
			    size_t size);

#endif
