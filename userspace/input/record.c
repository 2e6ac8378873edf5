// SPDX-License-Identifier: GPL-2.0
/* Splitting what read(2) returned into validated records. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/names.h"
#include "input/record.h"

#define FIELDS_START	offsetof(struct ew_exec_record, fields)

static size_t pad8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

const struct ew_field *ew_field_next(const struct ew_exec_record *rec,
				     size_t *off)
{
	size_t room = rec->hdr.size - FIELDS_START;
	const struct ew_field *f;

	if (rec->hdr.size < FIELDS_START || *off >= room ||
	    room - *off < sizeof(*f))
		return NULL;
	f = (const void *)(rec->fields + *off);
	if (pad8(f->len) > room - *off - sizeof(*f))
		return NULL;
	*off += sizeof(*f) + pad8(f->len);
	return f;
}

#define FIXED_STR(r, m) { #m, offsetof(struct ew_exec_record, m), \
			  sizeof((r)->m) }

/* The fixed strings must each end within their arrays. */
static int fixed_strings_ok(const struct ew_exec_record *r, char *err,
			    size_t errsize)
{
	static const struct {
		const char *name;
		size_t off, size;
	} s[] = {
		FIXED_STR(r, comm), FIXED_STR(r, caller_comm),
		FIXED_STR(r, rule), FIXED_STR(r, pattern),
		FIXED_STR(r, matched),
	};
	size_t i;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		if (!memchr((const char *)r + s[i].off, '\0', s[i].size)) {
			snprintf(err, errsize, "its %s has no terminating NUL",
				 s[i].name);
			return 0;
		}
	}
	return 1;
}

/* Bytes a value of a known field type may have, at most. */
static size_t field_max(unsigned int type)
{
	switch (type) {
	case EW_F_ARGV:
		return EW_ARGV_MAX;
	case EW_F_ANCESTOR:
		return sizeof(struct ew_ancestor) + EW_ANCESTOR_PATH_MAX;
	default:
		return EW_PATH_MAX;
	}
}

static int field_ok(const struct ew_field *f, unsigned int *seen,
		    unsigned int *nanc, char *err, size_t errsize)
{
	const struct ew_ancestor *a = (const void *)(f + 1);
	const char *what = ew_field_name(f->type);

	if (f->len > field_max(f->type)) {
		snprintf(err, errsize, "its %s field of %u bytes exceeds %zu",
			 what, f->len, field_max(f->type));
		return 0;
	}
	/* An unreadable ancestor keeps its fixed part: its path is empty. */
	if ((f->flags & EW_FIELD_UNREADABLE) &&
	    f->len != (f->type == EW_F_ANCESTOR ? sizeof(*a) : 0)) {
		snprintf(err, errsize,
			 "its %s field is flagged unreadable but has %u bytes",
			 what, f->len);
		return 0;
	}
	if (f->type != EW_F_ANCESTOR) {
		if (*seen & (1u << f->type)) {
			snprintf(err, errsize, "it has two %s fields", what);
			return 0;
		}
		*seen |= 1u << f->type;
		return 1;
	}
	if (++*nanc > EW_ANCESTORS_MAX) {
		snprintf(err, errsize, "it has more than %d ancestors",
			 EW_ANCESTORS_MAX);
		return 0;
	}
	if (f->len < sizeof(*a) || !memchr(a->comm, '\0', sizeof(a->comm))) {
		snprintf(err, errsize,
			 "its ancestor %u is shorter than its fixed part or its name has no NUL",
			 *nanc);
		return 0;
	}
	return 1;
}

static int exec_ok(const struct ew_exec_record *r, char *err, size_t errsize)
{
	unsigned int seen = 0, nanc = 0;
	size_t room, off = 0;

	if (r->hdr.size < FIELDS_START) {
		snprintf(err, errsize,
			 "it has %u bytes, shorter than the %zu of an exec record",
			 r->hdr.size, FIELDS_START);
		return 0;
	}
	if (!fixed_strings_ok(r, err, errsize))
		return 0;
	room = r->hdr.size - FIELDS_START;
	while (off < room) {
		const struct ew_field *f = (const void *)(r->fields + off);
		size_t left = room - off - sizeof(*f);

		if (room - off < sizeof(*f)) {
			snprintf(err, errsize,
				 "a field header at byte %zu runs past its end",
				 FIELDS_START + off);
			return 0;
		}
		if (pad8(f->len) > left) {
			snprintf(err, errsize,
				 "its %s field at byte %zu (%u bytes) runs past its end",
				 ew_field_name(f->type), FIELDS_START + off,
				 f->len);
			return 0;
		}
		if (f->type >= EW_F_PATH && f->type <= EW_F_ANCESTOR &&
		    !field_ok(f, &seen, &nanc, err, errsize))
			return 0;
		off += sizeof(*f) + pad8(f->len);
	}
	return 1;
}

enum ew_parse ew_record_next(const void *buf, size_t len, size_t *off,
			     const struct ew_record_header **rec,
			     char *err, size_t errsize)
{
	const struct ew_record_header *h;
	char why[160];
	size_t left;

	if (*off >= len)
		return EW_PARSE_END;
	left = len - *off;
	h = (const void *)((const char *)buf + *off);
	if ((uintptr_t)h % 8) {
		snprintf(err, errsize, "record at byte %zu is not 8-byte aligned",
			 *off);
		return EW_PARSE_BAD;
	}
	if (left < sizeof(*h)) {
		snprintf(err, errsize,
			 "record at byte %zu: %zu bytes left, fewer than a header",
			 *off, left);
		return EW_PARSE_BAD;
	}
	if (h->size < sizeof(*h) || h->size > left || h->size % 8) {
		snprintf(err, errsize,
			 "record at byte %zu: size %u is not a multiple of 8 between %zu and the %zu bytes left",
			 *off, h->size, sizeof(*h), left);
		return EW_PARSE_BAD;
	}
	*off += h->size;
	*rec = h;

	switch (h->type) {
	case EW_REC_EXEC:
		if (!exec_ok((const void *)h, why, sizeof(why)))
			goto invalid;
		return EW_PARSE_OK;
	case EW_REC_LOST:
		if (h->size < sizeof(struct ew_lost_record)) {
			snprintf(why, sizeof(why),
				 "it has %u bytes, shorter than the %zu of a lost record",
				 h->size, sizeof(struct ew_lost_record));
			goto invalid;
		}
		return EW_PARSE_OK;
	default:
		return EW_PARSE_UNKNOWN;
	}
invalid:
	snprintf(err, errsize, "record %llu at byte %zu is malformed: %s",
		 (unsigned long long)h->seq, *off - h->size, why);
	return EW_PARSE_INVALID;
}
