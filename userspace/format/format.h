/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Findings and reports as lines of text, in the formats `escapewatch
 * watch --format` offers:
 *   scc   a JSON object shaped like a Security Command Center finding
 *         (format_scc.c); the default
 *   json  the raw event, every field of the record (format_json.c)
 *   text  one line for a terminal (format_text.c)
 * Every function returns a new string without the newline (free() it), or
 * NULL when out of memory.
 */
#ifndef EW_FORMAT_H
#define EW_FORMAT_H

#include "finding/finding.h"
#include "input/decode.h"

enum ew_format {
	EW_FORMAT_SCC,
	EW_FORMAT_JSON,
	EW_FORMAT_TEXT,
};

/* The format named name ("scc", "json", "text"): 0, or -1 if unknown. */
int ew_format_parse(const char *name, enum ew_format *fmt);

/* f in the format fmt: the chooser over format_scc.h, format_json.h and
 * format_text.h, which a caller may also use directly. */
char *ew_format_finding(enum ew_format fmt, const struct ew_finding *f);

/*
 * Sequence numbers this reader missed: {"kind":"lost",...} in the JSON
 * formats, "lost N event(s) ..." in text.
 */
char *ew_format_lost(enum ew_format fmt, const struct ew_lost_record *rec);

/*
 * A record that could not be decoded, so that its finding does not vanish
 * without a trace: {"kind":"malformed","seq":N,"error":"..."} or a line
 * of text.
 */
char *ew_format_malformed(enum ew_format fmt, unsigned long long seq,
			  const char *error);

#endif
