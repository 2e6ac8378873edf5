// SPDX-License-Identifier: GPL-2.0
/* Choosing a format; what the formats share: lost and malformed reports. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "format/format.h"

int ew_format_parse(const char *name, enum ew_format *fmt)
{
	if (!strcmp(name, "scc"))
		*fmt = EW_FORMAT_SCC;
	else if (!strcmp(name, "json"))
		*fmt = EW_FORMAT_JSON;
	else if (!strcmp(name, "text"))
		*fmt = EW_FORMAT_TEXT;
	else
		return -1;
	return 0;
}

char *ew_format_finding(enum ew_format fmt, const struct ew_finding *f)
{
	switch (fmt) {
	case EW_FORMAT_JSON:
		return ew_format_json(f);
	case EW_FORMAT_TEXT:
		return ew_format_text(f);
	case EW_FORMAT_SCC:
		break;
	}
	return ew_format_scc(f);
}

json_t *ew_json_bytes(const char *p, size_t len)
{
	char *s = ew_escape_dup(p, len, 0);
	json_t *j = s ? json_string(s) : NULL;

	free(s);
	return j;
}

json_t *ew_json_str(const char *s)
{
	return ew_json_bytes(s, strlen(s));
}

void ew_json_set(json_t *obj, const char *key, json_t *value, int *bad)
{
	if (!value || json_object_set_new(obj, key, value))
		*bad = 1;
}

void ew_json_append(json_t *array, json_t *value, int *bad)
{
	if (!value || json_array_append_new(array, value))
		*bad = 1;
}

char *ew_json_line(json_t *obj)
{
	char *line = obj ? json_dumps(obj, JSON_COMPACT) : NULL;

	json_decref(obj);
	return line;
}

char *ew_strdupf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

const char *ew_container_label(const struct ew_finding *f, char *buf,
			       size_t size)
{
	const struct ew_container *c = &f->container;

	if (!f->container_known)
		snprintf(buf, size, "%s", "");
	else if (c->runtime[0])
		snprintf(buf, size, "%s:%s", c->runtime, c->id);
	else
		snprintf(buf, size, "%s", c->id);
	return buf;
}

static const char *lost_reason(const struct ew_lost_record *rec)
{
	if (rec->hdr.flags & EW_LOST_NOMEM)
		return "nomem";
	if (rec->hdr.flags & EW_LOST_OVERRUN)
		return "overrun";
	return "unknown";
}

char *ew_format_lost(enum ew_format fmt, const struct ew_lost_record *rec)
{
	if (fmt == EW_FORMAT_TEXT)
		return ew_strdupf("LOST %llu event(s) from sequence %llu (%s)",
				  (unsigned long long)rec->count,
				  (unsigned long long)rec->hdr.seq,
				  lost_reason(rec));
	return ew_json_line(json_pack("{s:s, s:I, s:I, s:s}",
				      "kind", "lost",
				      "seq", (json_int_t)rec->hdr.seq,
				      "count", (json_int_t)rec->count,
				      "reason", lost_reason(rec)));
}

char *ew_format_malformed(enum ew_format fmt, unsigned long long seq,
			  const char *error)
{
	char *esc, *line = NULL;

	if (fmt != EW_FORMAT_TEXT)
		return ew_json_line(json_pack("{s:s, s:I, s:o}",
					      "kind", "malformed",
					      "seq", (json_int_t)seq,
					      "error", ew_json_str(error)));
	esc = ew_escape_dup(error, strlen(error), EW_ESC_TERM);
	if (esc)
		line = ew_strdupf("MALFORMED record %llu: %s", seq, esc);
	free(esc);
	return line;
}
