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
 * struct ew_ac_view - the arrays of a content automaton
 * @nstates: how many states
 * @child: @nstates + 1 entries: the children of s are child[s] to
 *	child[s + 1] - 1
 * @fail: failure links
 * @out: the lowest content matcher a state's string ends with, or
 *	EW_CONTENT_NONE
 * @label: the byte of each state's incoming edge
 */
struct ew_ac_view {
	__u32 nstates;
	const __u32 *child;
	const __u32 *fail;
	const __u32 *out;
	const __u8 *label;
};

/**
 * struct ew_rules_view - the parts of a validated blob
 * @hdr: its header
 * @rules: @hdr->nrules rules
 * @matchers: @hdr->nmatchers matchers
 * @conds: @hdr->nconds argument conditions
 * @interps: @hdr->ninterps interpreters
 * @strings: the string table
 * @ac: the content automaton (struct ew_rules_content); all NULL, and
 *	@ac.nstates 0, when there is none
 */
struct ew_rules_view {
	const struct ew_rules_header *hdr;
	const struct ew_rule_desc *rules;
	const struct ew_matcher *matchers;
	const struct ew_argcond *conds;
	const struct ew_interp *interps;
	const char *strings;
	struct ew_ac_view ac;
};

/* The content automaton section of @nstates states, in bytes. */
static inline unsigned long long ew_ac_section_size(__u32 nstates)
{
	if (!nstates)
		return 0;
	return 4ULL * (nstates + 1) + 8ULL * nstates +
	       ((nstates + 3ULL) & ~3ULL);
}

/*
 * The child of state @s for byte @c, or 0 (the root is nobody's child).
 * The labels of a state's children are sorted: a short run is scanned, a
 * long one halved.
 */
static inline __u32 ew_ac_child(const struct ew_ac_view *ac, __u32 s,
				__u8 c)
{
	__u32 lo = ac->child[s], hi = ac->child[s + 1], mid;

	while (hi - lo > 8) {
		mid = lo + (hi - lo) / 2;
		if (ac->label[mid] <= c)
			lo = mid;
		else
			hi = mid;
	}
	for (; lo < hi; lo++)
		if (ac->label[lo] == c)
			return lo;
	return 0;
}

/*
 * Where the automaton goes from state @s on byte @c: to the child for @c
 * of @s or of the first state on its failure path that has one, else to
 * the root.  Failure links go to lower states, so this ends.
 */
static inline __u32 ew_ac_next(const struct ew_ac_view *ac, __u32 s, __u8 c)
{
	__u32 t;

	for (;;) {
		t = ew_ac_child(ac, s, c);
		if (t || !s)
			return t;
		s = ac->fail[s];
	}
}

int ew_rules_check_content(struct ew_rules_view *v, const char **why);
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
