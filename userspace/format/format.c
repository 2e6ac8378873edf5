// SPDX-License-Identifier: GPL-2.0
/* Choosing a format; the reports that are no finding: lost, malformed. */
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/strdupf.h"
#include "format/format.h"
#include "format/format_json.h"
#include "format/format_scc.h"
#include "format/format_text.h"
#include "format/json_util.h"

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
