/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the JSON formats share: bytes as JSON strings, and building an
 * object so that a failure anywhere drops the whole of it.  Below the
 * formats and the chooser (format.c), so that no format depends on the
 * chooser.
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

/*
 * Set key of obj to value, append value to array: a NULL value (out of
 * memory) or a failure sets *bad, so that a formatter never prints half an
 * object.  The value's reference is stolen either way.
 */
void ew_json_set(json_t *obj, const char *key, json_t *value, int *bad);
void ew_json_append(json_t *array, json_t *value, int *bad);

/* A value as one compact line; steals the reference, NULL on no memory. */
char *ew_json_line(json_t *obj);

#endif
