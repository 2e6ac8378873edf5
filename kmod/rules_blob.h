/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validating a rules blob.  Plain C shared by the module and the reader (and
 * its fuzzer): it reads nothing but the bytes it is given, and allocates only
 * room to sort the rule ids.
 */
#ifndef _EW_RULES_BLOB_H
#define _EW_RULES_BLOB_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#endif

#include "../include/uapi/escapewatch.h"

/**
 * struct ew_rules_view - the parts of a validated blob
 * @hdr: its header
 * @rules: @hdr->nrules rules
 * @matchers: @hdr->nmatchers matchers
 * @conds: @hdr->nconds argument conditions
 * @interps: @hdr->ninterps interpreters
 * @strings: the string table
 */
struct ew_rules_view {
	const struct ew_rules_header *hdr;
	const struct ew_rule_desc *rules;
	const struct ew_matcher *matchers;
	const struct ew_argcond *conds;
	const struct ew_interp *interps;
	const char *strings;
};

int ew_rules_validate(const void *blob, size_t size, struct ew_rules_view *v,
		      const char **why);
int ew_rules_names_ok(const char *s);

/* The string at offset @off of a validated blob. */
static inline const char *ew_rules_str(const struct ew_rules_view *v,
				       __u32 off)
{
	return v->strings + off;
}

#endif /* _EW_RULES_BLOB_H */
