/* SPDX-License-Identifier: GPL-2.0 */
/* Building small rules blobs for the KUnit suites. */
#ifndef _EW_KUNIT_BLOB_H
#define _EW_KUNIT_BLOB_H

#include <linux/string.h>

#include "../../include/uapi/escapewatch.h"

/*
 * One rule (id 7, name "r") with up to four matchers, all patterns in one
 * string table.  Strings: 0 "", 1 "r", 3 "T1611", then the patterns.
 */
struct test_blob {
	struct ew_rules_header h;
	struct ew_rule_desc r;
	struct ew_matcher m[4];
	char s[256];
} __aligned(8);

/* With no argument conditions, the strings follow the matchers. */

static inline u32 test_blob_init(struct test_blob *b, u32 nmatchers,
				 const u16 *kinds, const char *const *patterns)
{
	u32 off = 9, i;

	memset(b, 0, sizeof(*b));
	memcpy(b->s, "\0r\0T1611", 9);
	for (i = 0; i < nmatchers; i++) {
		b->m[i].kind = kinds[i];
		b->m[i].pattern = *patterns[i] ? off : 0;
		b->m[i].text = b->m[i].pattern;
		strscpy(b->s + off, patterns[i], sizeof(b->s) - off);
		off += strlen(patterns[i]) + 1;
	}
	b->h.magic = EW_RULES_MAGIC;
	b->h.version = EW_RULES_VERSION;
	b->h.nrules = 1;
	b->h.nmatchers = nmatchers;
	b->h.strings_size = off;
	b->h.size = sizeof(b->h) + sizeof(b->r) +
		    nmatchers * sizeof(struct ew_matcher) + off;
	b->r.id = 7;
	b->r.name = 1;
	b->r.technique = 3;
	b->r.nmatchers = nmatchers;
	b->r.severity = EW_SEV_HIGH;
	/* Close up the unused matchers so the sections are contiguous. */
	memmove((u8 *)&b->m[nmatchers], b->s, off);
	return b->h.size;
}

/* The string table of a blob built by test_blob_init(). */
static inline char *test_blob_strings(struct test_blob *b)
{
	return (char *)&b->m[b->h.nmatchers];
}

#endif /* _EW_KUNIT_BLOB_H */
