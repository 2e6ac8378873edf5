// SPDX-License-Identifier: GPL-2.0
/*
 * The variable part of a record: fields appended one after the other, each
 * a struct ew_field (type, flags, length) and its value, padded with zeros
 * to a multiple of 8 bytes.  event.c builds records with these, and
 * context.c adds the process's fields with them; neither appends bytes any
 * other way.
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "ew.h"

/**
 * ew_put_field() - append a field to a record being built
 * @b: the record
 * @type: enum ew_field_type
 * @flags: EW_FIELD_* flags
 * @head: fixed start of the value, or NULL
 * @hlen: bytes at @head
 * @val: the rest of the value
 * @len: bytes at @val
 *
 * A value that does not fit in the room left is cut and flagged; the room
 * is sized so that this never happens to values within their bounds.
 */
void ew_put_field(struct ew_builder *b, u16 type, u16 flags,
		  const void *head, size_t hlen, const void *val, size_t len)
{
	struct ew_field f = { .type = type, .flags = flags };
	size_t left = b->room - b->len;

	if (left < sizeof(f) + ALIGN(hlen, 8))
		return;
	left = rounddown(left - sizeof(f) - hlen, 8);
	if (len > left) {
		len = left;
		f.flags |= EW_FIELD_TRUNCATED;
	}
	f.len = hlen + len;
	memcpy(b->buf + b->len, &f, sizeof(f));
	b->len += sizeof(f);
	if (hlen)
		memcpy(b->buf + b->len, head, hlen);
	memcpy(b->buf + b->len + hlen, val, len);
	memset(b->buf + b->len + f.len, 0, ALIGN(f.len, 8) - f.len);
	b->len += ALIGN(f.len, 8);
}

/**
 * ew_put_path() - append a path that d_path() returned
 * @b: the record
 * @type: enum ew_field_type
 * @p: the path, or an ERR_PTR when d_path() failed (too long, for one)
 * @max: bound on the value
 */
void ew_put_path(struct ew_builder *b, u16 type, const char *p, size_t max)
{
	size_t len;

	if (IS_ERR(p)) {
		u16 flags = PTR_ERR(p) == -ENAMETOOLONG ? EW_FIELD_TRUNCATED :
							  EW_FIELD_UNREADABLE;

		ew_put_field(b, type, flags, NULL, 0, "", 0);
		return;
	}
	len = strlen(p);
	if (len > max)
		ew_put_field(b, type, EW_FIELD_TRUNCATED, NULL, 0, p, max);
	else
		ew_put_field(b, type, 0, NULL, 0, p, len);
}
