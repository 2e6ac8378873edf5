// SPDX-License-Identifier: GPL-2.0
/*
 * Content strings: every content string of the rules looked for at once, by
 * walking the rules blob's automaton (struct ew_rules_content, validated by
 * rules_content.c) one byte at a time.  The walk's state carries over from
 * one piece of a file to the next, so a string split across reads is found
 * without keeping any bytes.  What the walk keeps is the lowest content
 * matcher found: matchers are numbered in rule order, so that is the only
 * content matcher ew_match() can report.
 */
#include <linux/kernel.h>

#include "ew.h"

/**
 * ew_content_prepare() - fill in what the walk derives from the automaton
 * @rs: validated rules, not yet in force
 *
 * The root's transitions as a full table, so that a byte that starts no
 * string costs one load.
 */
void ew_content_prepare(struct ew_ruleset *rs)
{
	const struct ew_ac_view *ac = &rs->v.ac;
	u32 c;

	memset(rs->ac_root, 0, sizeof(rs->ac_root));
	if (!ac->nstates)
		return;
	for (c = ac->child[0]; c < ac->child[1]; c++)
		rs->ac_root[ac->label[c]] = c;
}

/**
 * ew_content_walk() - walk the content automaton over bytes
 * @rs: the rules
 * @state: the state to start from (0 at the start of a file), set to the
 *	state after the last byte
 * @buf: the bytes
 * @len: how many
 * @first: the lowest content matcher found so far (EW_CONTENT_NONE at the
 *	start), lowered to any found in @buf
 *
 * Each byte takes the current state's child for it, or follows failure
 * links to a state that has one; each link goes to a shorter string, so
 * the steps over a whole walk are fewer than twice its bytes.
 *
 * Context: any; does not sleep.
 */
void ew_content_walk(const struct ew_ruleset *rs, u32 *state, const u8 *buf,
		     size_t len, u32 *first)
{
	const struct ew_ac_view *ac = &rs->v.ac;
	u32 s = *state, best = *first, t;
	size_t i;

	if (!ac->nstates)
		return;
	for (i = 0; i < len; i++) {
		for (;;) {
			if (!s) {
				s = rs->ac_root[buf[i]];
				break;
			}
			t = ew_ac_child(ac, s, buf[i]);
			if (t) {
				s = t;
				break;
			}
			s = ac->fail[s];
		}
		if (ac->out[s] < best)
			best = ac->out[s];
	}
	*state = s;
	*first = best;
}
