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
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "ew.h"

/*
 * A row's entry: the next state, flagged when a string ends there or when
 * it has no row (the walk then leaves its fast loop).
 */
#define EW_ROW_OUT	BIT(31)
#define EW_ROW_DEEP	BIT(30)
#define EW_ROW_STATE	(EW_ROW_DEEP - 1)

/**
 * ew_content_prepare() - fill in what the walk derives from the automaton
 * @rs: validated rules, not yet in force
 *
 * The states of depth 0 and 1 (the root and its children, the first
 * child[1] states) get full rows: where the automaton goes from each on
 * each byte, failure links followed, flagged EW_ROW_OUT when some string
 * ends there and EW_ROW_DEEP when it has no row.  Most bytes of a file
 * leave from one of them, for one load; the rest search the few children
 * of deeper states.  At most 257 rows of 1 KiB.
 *
 * Context: process context, may sleep.
 * Return: 0, or -ENOMEM with nothing allocated.
 */
int ew_content_prepare(struct ew_ruleset *rs)
{
	const struct ew_ac_view *ac = &rs->v.ac;
	u32 s, c, n, t;

	BUILD_BUG_ON(EW_CONTENT_STATES_MAX > EW_ROW_STATE);
	rs->ac_dense = NULL;
	rs->ac_ndense = 0;
	if (!ac->nstates)
		return 0;
	n = ac->child[1];
	rs->ac_dense = kvmalloc_array(n, 256 * sizeof(u32), GFP_KERNEL);
	if (!rs->ac_dense)
		return -ENOMEM;
	for (s = 0; s < n; s++) {
		for (c = 0; c < 256; c++) {
			t = ew_ac_next(ac, s, c);
			if (ac->out[t] != EW_CONTENT_NONE)
				t |= EW_ROW_OUT;
			if ((t & EW_ROW_STATE) >= n)
				t |= EW_ROW_DEEP;
			rs->ac_dense[s * 256 + c] = t;
		}
		cond_resched();
	}
	rs->ac_ndense = n;
	return 0;
}

/**
 * ew_content_free() - free what ew_content_prepare() took
 * @rs: the rules
 */
void ew_content_free(struct ew_ruleset *rs)
{
	kvfree(rs->ac_dense);
	rs->ac_dense = NULL;
	rs->ac_ndense = 0;
}

/*
 * One byte from a state without a row: its child for @c, or that of the
 * first state on its failure path that has one (or a row).
 */
static u32 ew_content_deep(const struct ew_ruleset *rs, u32 s, u8 c)
{
	const struct ew_ac_view *ac = &rs->v.ac;
	u32 t;

	do {
		t = ew_ac_child(ac, s, c);
		if (t)
			return t;
		s = ac->fail[s];
	} while (s >= rs->ac_ndense);
	return rs->ac_dense[s * 256 + c] & EW_ROW_STATE;
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
 * Each byte takes the current state's row, or its child for the byte, or
 * follows failure links to a state that has one of the two; each link goes
 * to a shorter string, so the steps over a walk are fewer than twice its
 * bytes.  From a row, out[] is looked at only for a state a string ends at.
 *
 * Context: any; does not sleep.
 */
void ew_content_walk(const struct ew_ruleset *rs, u32 *state, const u8 *buf,
		     size_t len, u32 *first)
{
	const u32 *dense = rs->ac_dense, *out = rs->v.ac.out;
	u32 s = *state, best = *first, nd = rs->ac_ndense, e;
	const u8 *end = buf + len;

	if (!nd)
		return;
	for (;;) {
		/* Without a row: children and failure links. */
		while (s >= nd && buf < end) {
			s = ew_content_deep(rs, s, *buf++);
			if (out[s] < best)
				best = out[s];
		}
		if (buf == end)
			break;
		/* With one: a load a byte, until a flag says more. */
		do {
			e = dense[(s << 8) | *buf++];
			s = e & EW_ROW_STATE;
			if (unlikely(e & (EW_ROW_OUT | EW_ROW_DEEP))) {
				if ((e & EW_ROW_OUT) && out[s] < best)
					best = out[s];
				if (e & EW_ROW_DEEP)
					break;
			}
		} while (buf < end);
		if (buf == end)
			break;
	}
	*state = s;
	*first = best;
}
