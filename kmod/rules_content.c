// SPDX-License-Identifier: GPL-2.0
/*
 * Validating the content automaton of a rules blob (struct ew_rules_content
 * in the uapi header).  Plain C shared, like rules_blob.c, by the module, the
 * reader and the fuzzers: it reads only the blob, allocates nothing, and
 * bounds its own work by the blob's content strings, so a blob cannot make
 * it loop or run long.
 *
 * A blob that passes is the automaton of its content matchers: its shape
 * (numbering, child ranges, labels), every failure link (computed again
 * from the ones before it), and every out[] (against the matchers) are
 * checked, so the walk finds what a naive search of every string would.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/string.h>
/* The module validates where it may sleep (a rules load): let others run. */
#define ew_rules_yield() cond_resched()
#else
#include <errno.h>
#include <string.h>
#define ew_rules_yield() do { } while (0)
#endif

#include "rules_blob.h"

/*
 * The shape: the root, children in range and ordered, breadth-first
 * numbering, failure links to earlier states, out[] naming content matchers
 * and never above the failure link's.
 */
static int check_shape(const struct ew_rules_view *v, const char **why)
{
	const struct ew_ac_view *ac = &v->ac;
	__u32 n = ac->nstates, s, c, lo, hi;

	if (ac->child[0] != 1 || ac->fail[0] || ac->label[0] ||
	    ac->out[0] != EW_CONTENT_NONE) {
		*why = "automaton's root malformed";
		return -EINVAL;
	}
	for (s = 0; s < n; s++) {
		lo = ac->child[s];
		hi = ac->child[s + 1];
		if (hi < lo || hi > n || hi - lo > 256) {
			*why = "automaton's children out of range";
			return -EINVAL;
		}
		if (s && s >= lo) {
			*why = "automaton has a state no earlier state leads to";
			return -EINVAL;
		}
		for (c = lo + 1; c < hi; c++) {
			if (ac->label[c] <= ac->label[c - 1]) {
				*why = "automaton's children not in label order";
				return -EINVAL;
			}
		}
		if (s && ac->fail[s] >= s) {
			*why = "automaton's failure link not to an earlier state";
			return -EINVAL;
		}
		if (ac->out[s] != EW_CONTENT_NONE &&
		    (ac->out[s] >= v->hdr->nmatchers ||
		     v->matchers[ac->out[s]].kind != EW_MATCH_CONTENT)) {
			*why = "automaton's output not a content matcher";
			return -EINVAL;
		}
		if (s && ac->out[s] > ac->out[ac->fail[s]]) {
			*why = "automaton's output above its failure link's";
			return -EINVAL;
		}
	}
	/* child[n] = n follows: n - 1 < child[n - 1] <= child[n] <= n. */
	for (s = n; s % 4; s++) {
		if (ac->label[s]) {
			*why = "automaton's padding not zero";
			return -EINVAL;
		}
	}
	return 0;
}

/* The state @p spells from the root, or 0 when it leaves the trie. */
static __u32 spell(const struct ew_ac_view *ac, const char *p)
{
	__u32 t = 0;

	for (; *p; p++) {
		t = ew_ac_child(ac, t, (__u8)*p);
		if (!t)
			return 0;
	}
	return t;
}

/*
 * Every content matcher's pattern is a state whose out[] is that matcher
 * or a lower one; sets @len to the patterns' total length.
 */
static int check_matchers(const struct ew_rules_view *v,
			  unsigned long long *len, const char **why)
{
	const struct ew_ac_view *ac = &v->ac;
	__u32 m, t;

	*len = 0;
	for (m = 0; m < v->hdr->nmatchers; m++) {
		const char *p = ew_rules_str(v, v->matchers[m].pattern);

		if (v->matchers[m].kind != EW_MATCH_CONTENT)
			continue;
		t = ac->nstates ? spell(ac, p) : 0;
		if (!t) {
			*why = "content string missing from the automaton";
			return -EINVAL;
		}
		if (ac->out[t] > m) {
			*why = "automaton's output misses a content matcher";
			return -EINVAL;
		}
		*len += strlen(p);
	}
	return 0;
}

/*
 * A state whose out[] is below its failure link's is where that matcher's
 * own pattern ends.  Each matcher can end at one state only, so at most
 * EW_CONTENT_MAX patterns are spelt here.
 */
static int check_outputs(const struct ew_rules_view *v, const char **why)
{
	const struct ew_ac_view *ac = &v->ac;
	__u32 s, m;

	for (s = 1; s < ac->nstates; s++) {
		m = ac->out[s];
		if (m >= ac->out[ac->fail[s]])
			continue;
		if (spell(ac, ew_rules_str(v, v->matchers[m].pattern)) != s) {
			*why = "automaton's output at a state its string does not end at";
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * Every failure link is the one the trie gives: a child of the root fails
 * to the root, a child c (by byte a) of s fails to where the automaton goes
 * from fail[s] on a.  The links before c are checked when c's is computed,
 * so this is Aho-Corasick's own construction.  Its failure-path steps add
 * up to less than the depth of the leaves, each the end of a content
 * string: more than @budget means the trie holds more than its strings.
 */
static int check_fail(const struct ew_ac_view *ac, unsigned long long budget,
		      const char **why)
{
	unsigned long long work = 0;
	__u32 s, c, x, t;

	for (s = 0; s < ac->nstates; s++) {
		if (!(s % 1024))
			ew_rules_yield();
		for (c = ac->child[s]; c < ac->child[s + 1]; c++) {
			t = 0;
			for (x = ac->fail[s]; s;) {
				t = ew_ac_child(ac, x, ac->label[c]);
				if (t || !x)
					break;
				x = ac->fail[x];
				if (++work > budget) {
					*why = "automaton larger than its content strings";
					return -EINVAL;
				}
			}
			if (ac->fail[c] != t) {
				*why = "automaton's failure link wrong";
				return -EINVAL;
			}
		}
	}
	return 0;
}

/**
 * ew_rules_check_content() - check the content automaton of a blob
 * @v: the blob's parts, all but the automaton validated
 * @why: set to a static explanation on failure
 *
 * Return: 0, or -EINVAL when the automaton is malformed, is missing while
 * there are content matchers, or is not theirs.
 */
int ew_rules_check_content(struct ew_rules_view *v, const char **why)
{
	unsigned long long len;
	int ret;

	if (v->ac.nstates) {
		ret = check_shape(v, why);
		if (ret)
			return ret;
	}
	ret = check_matchers(v, &len, why);
	if (ret || !v->ac.nstates)
		return ret;
	ret = check_outputs(v, why);
	if (ret)
		return ret;
	return check_fail(&v->ac, 2 * (len + v->ac.nstates), why);
}
