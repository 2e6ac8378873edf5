/* SPDX-License-Identifier: GPL-2.0 */
/* Splitting what read(2) returned into validated records. */
#ifndef EW_RECORD_H
#define EW_RECORD_H

#include <stddef.h>

#include "../../include/uapi/escapewatch.h"

/* What ew_record_next() found. */
enum ew_parse {
	EW_PARSE_END,		/* no bytes left */
	EW_PARSE_OK,		/* *rec is a valid record of a known type */
	EW_PARSE_UNKNOWN,	/* a well-framed record of an unknown type */
	EW_PARSE_INVALID,	/* well framed, but its contents are malformed:
				 * *rec points at it (its header can be
				 * trusted), err says why; skip it */
	EW_PARSE_BAD,		/* the framing is broken: err says why; the
				 * rest of the buffer is unusable */
};

/*
 * Take the record at *off in buf[0..len), check its framing and, for known
 * types, its contents, and advance *off past it (not for EW_PARSE_BAD).
 * On EW_PARSE_OK and EW_PARSE_INVALID, *rec points into buf.  The checks
 * of an exec record: its size, alignment, NUL-terminated fixed strings,
 * every struct ew_field header and value within the record, paths at most
 * EW_PATH_MAX (an ancestor's EW_ANCESTOR_PATH_MAX) and the arguments at
 * most EW_ARGV_MAX bytes, an unreadable
 * value empty (an ancestor's: its struct ew_ancestor and no path), each
 * known type at most once except EW_F_ANCESTOR (at most
 * EW_ANCESTORS_MAX, each at least a struct ew_ancestor with a
 * NUL-terminated comm).  Fields of unknown types are skipped.
 */
enum ew_parse ew_record_next(const void *buf, size_t len, size_t *off,
			     const struct ew_record_header **rec,
			     char *err, size_t errsize);

/*
 * The field at *off bytes into rec->fields, advancing *off past it and its
 * padding; start with *off = 0.  NULL at the end (or, defensively, where
 * the rest would not fit).  For records ew_record_next() accepted.
 */
const struct ew_field *ew_field_next(const struct ew_exec_record *rec,
				     size_t *off);

#endif
