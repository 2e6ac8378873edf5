/* SPDX-License-Identifier: GPL-2.0 */
/* Splitting what read(2) returned into validated records. */
#ifndef EW_RECORD_H
#define EW_RECORD_H

#include <stddef.h>

#include "../include/uapi/escapewatch.h"

/* What ew_record_next() found. */
enum ew_parse {
	EW_PARSE_END,		/* no bytes left */
	EW_PARSE_OK,		/* *rec is a valid record of a known type */
	EW_PARSE_UNKNOWN,	/* a well-framed record of an unknown type */
	EW_PARSE_BAD,		/* malformed: the rest of the buffer is unusable */
};

/*
 * Take the record at *off in buf[0..len), check its framing and, for known
 * types, its contents, and advance *off past it.  On EW_PARSE_OK *rec points
 * into buf.
 */
enum ew_parse ew_record_next(const void *buf, size_t len, size_t *off,
			     const struct ew_record_header **rec);

#endif
