/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Two ways to find a blob's content strings in some bytes, for the unit
 * tests and the blob fuzzer to compare: the automaton walked as
 * kmod/content.c walks it (without its root table), and a naive search of
 * every content matcher's string.  Each gives the lowest content matcher
 * found, or EW_CONTENT_NONE.
 */
#ifndef EW_TEST_CONTENT_REF_H
#define EW_TEST_CONTENT_REF_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../../kmod/rules_blob.h"

/* The walk; *@stray is set when it reached a state out of range. */
static inline uint32_t ref_ac_walk(const struct ew_rules_view *v,
				   const uint8_t *p, size_t len, bool *stray)
{
	uint32_t s = 0, best = EW_CONTENT_NONE;
	size_t i;

	*stray = false;
	if (!v->ac.nstates)
		return best;
	for (i = 0; i < len; i++) {
		s = ew_ac_next(&v->ac, s, p[i]);
		if (s >= v->ac.nstates) {
			*stray = true;
			return best;
		}
		if (v->ac.out[s] < best)
			best = v->ac.out[s];
	}
	return best;
}

static inline uint32_t ref_naive(const struct ew_rules_view *v,
				 const uint8_t *p, size_t len)
{
	uint32_t m;
	size_t n, at;

	for (m = 0; m < v->hdr->nmatchers; m++) {
		const char *s = ew_rules_str(v, v->matchers[m].pattern);

		if (v->matchers[m].kind != EW_MATCH_CONTENT)
			continue;
		n = strlen(s);
		for (at = 0; at + n <= len; at++)
			if (!memcmp(p + at, s, n))
				return m;
	}
	return EW_CONTENT_NONE;
}

#endif
