// SPDX-License-Identifier: GPL-2.0
/* What the JSON formats share (json_util.h). */
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "format/json_util.h"

/* Room on the stack for a field escaped (4 bytes out for each in). */
#define EW_ESC_STACK	1024

/*
 * Whether ew_escape(flags 0) leaves p as it is: ASCII without NUL or
 * backslash.  Most of a record is, and needs neither a copy nor jansson's
 * UTF-8 check.
 */
int ew_json_plain(const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i;

	for (i = 0; i < len; i++)
		if (!s[i] || s[i] >= 0x80 || s[i] == '\\')
			return 0;
	return 1;
}

/* ew_escape()'s output is valid UTF-8: jansson need not check it again. */
json_t *ew_json_bytes(const char *p, size_t len)
{
	char stack[EW_ESC_STACK], *s;
	size_t n;
	json_t *j;

	if (ew_json_plain(p, len))
		return json_stringn_nocheck(p, len);
	n = ew_escape(NULL, 0, p, len, 0);
	s = n < sizeof(stack) ? stack : malloc(n + 1);
	if (!s)
		return NULL;
	ew_escape(s, n + 1, p, len, 0);
	j = json_stringn_nocheck(s, n);
	if (s != stack)
		free(s);
	return j;
}

json_t *ew_json_str(const char *s)
{
	return ew_json_bytes(s, strlen(s));
}

struct line {
	char *p;
	size_t len, size;
};

/* jansson's dump callback: append to the line, room kept for the NUL. */
static int put(const char *buf, size_t size, void *data)
{
	struct line *l = data;
	size_t want;
	char *p;

	if (l->len + size >= l->size) {
		for (want = l->size; l->len + size >= want; want *= 2)
			;
		p = realloc(l->p, want);
		if (!p)
			return -1;
		l->p = p;
		l->size = want;
	}
	memcpy(l->p + l->len, buf, size);
	l->len += size;
	return 0;
}

/*
 * Dumped straight into the line returned (json_dumps() grows a buffer from
 * 16 bytes and copies it once more at the end).
 */
char *ew_json_line(json_t *obj)
{
	struct line l = { .size = 4096 };

	if (obj && (l.p = malloc(l.size)) &&
	    json_dump_callback(obj, put, &l, JSON_COMPACT)) {
		free(l.p);
		l.p = NULL;
	}
	if (l.p)
		l.p[l.len] = '\0';
	json_decref(obj);
	return l.p;
}
