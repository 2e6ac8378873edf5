// SPDX-License-Identifier: GPL-2.0
/*
 * Building the content automaton of a rules blob (struct ew_rules_content
 * in the uapi header): a trie of every content matcher's pattern, numbered
 * breadth first, with Aho-Corasick failure links and, for each state, the
 * lowest content matcher whose pattern its string ends with.
 *
 * Plain C shared by the reader, which compiles rules with it, and the KUnit
 * and fuzz harnesses, which build automata of random strings; it is not
 * part of escapewatch.ko, which only validates (rules_content.c) and walks
 * (content.c) what it is given.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#define ew_ac_alloc(n)	kvmalloc(n, GFP_KERNEL)
#define ew_ac_release(p) kvfree(p)
#else
#include <stdlib.h>
#include <string.h>
#define ew_ac_alloc(n)	malloc(n)
#define ew_ac_release(p) free(p)
#endif

#include "rules_blob.h"
#include "content_build.h"

#define NIL EW_CONTENT_NONE

/*
 * The trie as it is built, in insertion order: each node's first child
 * and next sibling (siblings by increasing label), its label, and the
 * lowest matcher whose pattern ends there.
 */
struct trie {
	__u32 *fchild, *sib, *own, *order;
	__u8 *lab;
	__u32 n, cap;
};

static int trie_insert(struct trie *t, const char *p, __u32 m)
{
	__u32 node = 0, x, prev, y;
	__u8 c;

	for (; *p; p++) {
		c = (__u8)*p;
		prev = NIL;
		for (x = t->fchild[node]; x != NIL && t->lab[x] < c;
		     x = t->sib[x])
			prev = x;
		if (x == NIL || t->lab[x] != c) {
			if (t->n == t->cap)
				return -1;
			y = t->n++;
			t->lab[y] = c;
			t->fchild[y] = NIL;
			t->own[y] = NIL;
			t->sib[y] = x;
			if (prev == NIL)
				t->fchild[node] = y;
			else
				t->sib[prev] = y;
			x = y;
		}
		node = x;
	}
	if (m < t->own[node])
		t->own[node] = m;
	return 0;
}

/* Number the trie's nodes breadth first: order[i] is node i's old index. */
static void trie_order(struct trie *t)
{
	__u32 head = 0, tail = 1, x;

	t->order[0] = 0;
	while (head < tail)
		for (x = t->fchild[t->order[head++]]; x != NIL; x = t->sib[x])
			t->order[tail++] = x;
}

/* Write the section for @t, numbered by trie_order(), at @sec. */
static void emit(const struct trie *t, void *sec)
{
	__u32 n = t->n, i, c, next = 1, x;
	struct ew_ac_view ac;
	__u32 *child = sec, *fail = child + n + 1, *out = fail + n;
	__u8 *label = (__u8 *)(out + n);

	memset(label, 0, (n + 3) & ~3U);
	for (i = 0; i < n; i++) {
		child[i] = next;
		label[i] = i ? t->lab[t->order[i]] : 0;
		for (x = t->fchild[t->order[i]]; x != NIL; x = t->sib[x])
			next++;
	}
	child[n] = n;
	ac = (struct ew_ac_view){ .nstates = n, .child = child, .fail = fail,
				  .out = out, .label = label };
	fail[0] = 0;
	out[0] = NIL;
	for (i = 0; i < n; i++) {
		for (c = child[i]; c < child[i + 1]; c++) {
			fail[c] = i ? ew_ac_next(&ac, fail[i], label[c]) : 0;
			out[c] = t->own[t->order[c]];
			if (out[fail[c]] < out[c])
				out[c] = out[fail[c]];
		}
	}
}

/**
 * ew_ac_add() - a copy of a blob, with the automaton of its content matchers
 * @in: a blob of the caller's own making without an automaton (nstates 0):
 *	its counts and offsets are trusted, not checked
 * @size: its size
 * @outsize: set to the new blob's size
 * @why: set to a static explanation on failure
 *
 * Return: the new blob, to be freed with ew_ac_free(); NULL when memory
 * ran out or the strings need more than EW_CONTENT_STATES_MAX states.
 */
void *ew_ac_add(const void *in, size_t size, size_t *outsize,
		const char **why)
{
	const struct ew_rules_header *h = in;
	const struct ew_matcher *m = (const void *)((const char *)in +
		sizeof(*h) + h->nrules * sizeof(struct ew_rule_desc));
	const char *strings = (const char *)in + size - h->strings_size;
	size_t prefix = size - h->strings_size, sum = 1, sec;
	struct ew_rules_header *oh;
	struct trie t = { 0 };
	__u32 i;
	char *out = NULL, *scratch;

	for (i = 0; i < h->nmatchers; i++)
		if (m[i].kind == EW_MATCH_CONTENT)
			sum += strlen(strings + m[i].pattern);
	t.cap = sum < EW_CONTENT_STATES_MAX ? sum : EW_CONTENT_STATES_MAX;
	scratch = ew_ac_alloc((size_t)t.cap * (4 * sizeof(__u32) + 1));
	if (!scratch) {
		*why = "out of memory";
		return NULL;
	}
	t.fchild = (__u32 *)scratch;
	t.sib = t.fchild + t.cap;
	t.own = t.sib + t.cap;
	t.order = t.own + t.cap;
	t.lab = (__u8 *)(t.order + t.cap);
	t.n = 1;
	t.fchild[0] = NIL;
	t.sib[0] = NIL;
	t.own[0] = NIL;
	t.lab[0] = 0;
	for (i = 0; i < h->nmatchers; i++) {
		if (m[i].kind != EW_MATCH_CONTENT)
			continue;
		if (trie_insert(&t, strings + m[i].pattern, i)) {
			*why = "content strings need too many automaton states";
			goto out;
		}
	}
	if (t.n == 1)		/* no content matcher: no automaton */
		t.n = 0;
	sec = ew_ac_section_size(t.n);
	out = ew_ac_alloc(size + sec);
	if (!out) {
		*why = "out of memory";
		goto out;
	}
	memcpy(out, in, prefix);
	memcpy(out + prefix + sec, strings, h->strings_size);
	oh = (struct ew_rules_header *)out;
	oh->nstates = t.n;
	oh->size = size + sec;
	if (t.n) {
		trie_order(&t);
		emit(&t, out + prefix);
	}
	*outsize = size + sec;
out:
	ew_ac_release(scratch);
	return out;
}

void ew_ac_free(void *blob)
{
	ew_ac_release(blob);
}
