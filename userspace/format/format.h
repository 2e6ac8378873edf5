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

#include <jansson.h>
#include <stddef.h>

#include "finding/container.h"
#include "input/decode.h"
#include "finding/ident.h"

enum ew_format {
	EW_FORMAT_SCC,
	EW_FORMAT_JSON,
	EW_FORMAT_TEXT,
};

/* Everything a formatter needs to know about one finding. */
struct ew_finding {
	const struct ew_event *ev;
	const struct ew_ident *ident;	/* host name and boot id */
	char id[EW_ID_LEN + 1];		/* this finding's id */
	unsigned long long create_ns;	/* when the reader made it */
	struct ew_container container;
	int container_known;		/* ew_container_parse() said so */
	const char (*related)[EW_ID_LEN + 1];	/* ids of findings in the */
	size_t nrelated;		/* same container near in time */
};

/* The format named name ("scc", "json", "text"): 0, or -1 if unknown. */
int ew_format_parse(const char *name, enum ew_format *fmt);

char *ew_format_finding(enum ew_format fmt, const struct ew_finding *f);
char *ew_format_scc(const struct ew_finding *f);
char *ew_format_json(const struct ew_finding *f);
char *ew_format_text(const struct ew_finding *f);

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

/* For the JSON formatters: bytes as a JSON string, escaped (escape.h). */
json_t *ew_json_bytes(const char *p, size_t len);

/* A NUL-terminated string from the record, the same way. */
json_t *ew_json_str(const char *s);

/*
 * Set key of obj to value, append value to array: a NULL value (out of
 * memory) or a failure sets *bad, so that a formatter never prints half an
 * object.  The value's reference is stolen either way.
 */
void ew_json_set(json_t *obj, const char *key, json_t *value, int *bad);
void ew_json_append(json_t *array, json_t *value, int *bad);

/* A value as one compact line; steals the reference, NULL on no memory. */
char *ew_json_line(json_t *obj);

/* printf() into a new string; NULL on no memory. */
char *ew_strdupf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* "runtime:id" or "id" of a known container into buf, "" otherwise. */
const char *ew_container_label(const struct ew_finding *f, char *buf,
			       size_t size);

#endif
