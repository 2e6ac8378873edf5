/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the JSON formats share: bytes as JSON strings, and a value as a
 * line.  Below the formats and the chooser (format.c), so that no format
 * depends on the chooser.
 */
#ifndef EW_JSON_UTIL_H
#define EW_JSON_UTIL_H

#include <jansson.h>
#include <stddef.h>

/*
 * Whether ew_escape(flags 0) leaves p[0..len) as it is: ASCII without NUL
 * or backslash.
 */
int ew_json_plain(const char *p, size_t len);

/* Bytes as a JSON string, escaped (escape.h). */
json_t *ew_json_bytes(const char *p, size_t len);

/* A NUL-terminated string from the record, the same way. */
json_t *ew_json_str(const char *s);

/* A value as one compact line; steals the reference, NULL on no memory. */
char *ew_json_line(json_t *obj);

#endif
