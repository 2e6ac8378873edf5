// SPDX-License-Identifier: GPL-2.0
/* Splitting what read(2) returned into validated records. */
#include <string.h>

#include "record.h"

static int exec_valid(const struct ew_exec_record *r)
{
	size_t room = r->hdr.size - sizeof(*r);

	return r->hdr.size >= sizeof(*r) && r->path_len < room &&
	       r->path[r->path_len] == '\0' &&
	       memchr(r->comm, '\0', sizeof(r->comm)) &&
	       memchr(r->rule, '\0', sizeof(r->rule));
}

enum ew_parse ew_record_next(const void *buf, size_t len, size_t *off,
			     const struct ew_record_header **rec)
{
	const struct ew_record_header *h;
	size_t left;

	if (*off >= len)
		return EW_PARSE_END;
	left = len - *off;
	h = (const void *)((const char *)buf + *off);
	if (left < sizeof(*h) || h->size < sizeof(*h) || h->size > left ||
	    h->size % 8)
		return EW_PARSE_BAD;
	*off += h->size;

	switch (h->type) {
	case EW_REC_EXEC:
		if (!exec_valid((const void *)h))
			return EW_PARSE_BAD;
		break;
	case EW_REC_LOST:
		if (h->size < sizeof(struct ew_lost_record))
			return EW_PARSE_BAD;
		break;
	default:
		return EW_PARSE_UNKNOWN;
	}
	*rec = h;
	return EW_PARSE_OK;
}
