// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the content automaton (content.c), built by content_build.c and
 * validated by rules_content.c, walked over random bytes in random pieces
 * and compared with a naive search for every string.
 */
/* First, so that their definitions are the ones in force. */
#include "../../kmod/content.c"
#include "../../kmod/content_build.c"

#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/slab.h>

#include "prepare.h"

/* One rule whose matchers are content strings @pats[0..@n). */
static struct ew_ruleset *set_of(struct kunit *test, char **pats, u32 n)
{
	struct ew_rules_header *h;
	struct ew_rule_desc *r;
	struct ew_matcher *m;
	size_t size, strings = 1, off = 1, with = 0;
	struct ew_ruleset *rs;
	const char *why = "";
	void *ac;
	char *s;
	u32 i;

	for (i = 0; i < n; i++)
		strings += strlen(pats[i]) + 1;
	size = sizeof(*h) + sizeof(*r) + n * sizeof(*m) + strings;
	h = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h);
	r = (void *)(h + 1);
	m = (void *)(r + 1);
	s = (char *)(m + n);
	*h = (struct ew_rules_header){
		.magic = EW_RULES_MAGIC, .version = EW_RULES_VERSION,
		.size = size, .nrules = 1, .nmatchers = n,
		.strings_size = strings,
	};
	*r = (struct ew_rule_desc){ .id = 1, .name = 1, .nmatchers = n,
				    .severity = EW_SEV_HIGH };
	for (i = 0; i < n; i++) {
		m[i].kind = EW_MATCH_CONTENT;
		m[i].pattern = off;
		m[i].text = off;
		strscpy(s + off, pats[i], strings - off);
		off += strlen(pats[i]) + 1;
	}
	ac = ew_ac_add(h, size, &with, &why);
	KUNIT_ASSERT_NOT_NULL_MSG(test, ac, "%s", why);
	rs = kunit_kzalloc(test, sizeof(*rs) + with, GFP_KERNEL);
	if (rs)
		memcpy(rs->blob, ac, with);
	ew_ac_free(ac);
	KUNIT_ASSERT_NOT_NULL(test, rs);
	rs->size = with;
	KUNIT_ASSERT_EQ_MSG(test, ew_rules_validate(rs->blob, with, &rs->v,
						    &why), 0, "%s", why);
	prepare(test, rs);
	return rs;
}

/* The lowest @pats[k] in @buf, by comparing at every offset. */
static u32 naive(char **pats, u32 n, const u8 *buf, size_t len)
{
	size_t at, plen;
	u32 k;

	for (k = 0; k < n; k++) {
		plen = strlen(pats[k]);
		for (at = 0; at + plen <= len; at++)
			if (buf[at] == (u8)pats[k][0] &&
			    !memcmp(buf + at, pats[k], plen))
				return k;
		cond_resched();
	}
	return EW_CONTENT_NONE;
}

/* @buf walked in random pieces, the state carried from each to the next. */
static u32 walk_pieces(const struct ew_ruleset *rs, struct rnd_state *rnd,
		       const u8 *buf, size_t len)
{
	u32 state = 0, first = EW_CONTENT_NONE;
	size_t at = 0, n;

	while (at < len) {
		n = 1 + prandom_u32_state(rnd) % (len - at);
		if (prandom_u32_state(rnd) % 4 == 0)
			n = 1;	/* many one-byte pieces too */
		ew_content_walk(rs, &state, buf + at, n, &first);
		at += n;
	}
	ew_content_walk(rs, &state, buf, 0, &first);
	return first;
}

static void rnd_bytes(struct rnd_state *rnd, u8 *out, size_t n,
		      const char *alpha)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = alpha[prandom_u32_state(rnd) % strlen(alpha)];
}

/*
 * Small alphabets make strings that overlap, nest, repeat and share starts
 * and ends; the walk finds what the naive search finds, in any pieces.
 */
static void ew_content_test_random(struct kunit *test)
{
	static const char *const alphas[] = {
		"ab", "abc", "aab", "abcd", "a\x80\xff", "xyz\x01",
	};
	char **pats = kunit_kcalloc(test, 64, sizeof(*pats), GFP_KERNEL);
	u8 *buf = kunit_kmalloc(test, 256, GFP_KERNEL);
	u32 set, i, n, len, hits = 0, tries = 0;
	struct rnd_state rnd;
	const char *alpha;

	KUNIT_ASSERT_NOT_NULL(test, pats);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	prandom_seed_state(&rnd, 0xac0ac0);
	for (set = 0; set < 300; set++) {
		struct ew_ruleset *rs;

		alpha = alphas[prandom_u32_state(&rnd) % ARRAY_SIZE(alphas)];
		n = 1 + prandom_u32_state(&rnd) % 64;
		for (i = 0; i < n; i++) {
			len = 1 + prandom_u32_state(&rnd) % 8;
			pats[i] = kunit_kzalloc(test, len + 1, GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, pats[i]);
			rnd_bytes(&rnd, (u8 *)pats[i], len, alpha);
		}
		rs = set_of(test, pats, n);
		for (i = 0; i < 100; i++) {
			u32 want, got;

			len = prandom_u32_state(&rnd) % 100;
			rnd_bytes(&rnd, buf, len, alpha);
			want = naive(pats, n, buf, len);
			got = walk_pieces(rs, &rnd, buf, len);
			tries++;
			hits += want != EW_CONTENT_NONE;
			if (want != got) {
				KUNIT_FAIL(test, "set %u: %u strings, %u bytes: naive %u, walk %u",
					   set, n, len, want, got);
				return;
			}
		}
	}
	/* Both outcomes were seen, many times. */
	KUNIT_EXPECT_GT(test, hits, tries / 10);
	KUNIT_EXPECT_LT(test, hits, tries - tries / 50);
}

/*
 * EW_CONTENT_MAX strings of random bytes: a few of them planted in random
 * bytes, across piece boundaries; the lowest planted (or any that occurs by
 * chance) is found.
 */
static void ew_content_test_max(struct kunit *test)
{
	u32 n = EW_CONTENT_MAX, i, k, len, want, got, plant;
	char **pats = kvcalloc(n, sizeof(*pats), GFP_KERNEL);
	char *store = kvzalloc(n * 17, GFP_KERNEL);
	u8 *buf = kunit_kmalloc(test, 1024, GFP_KERNEL);
	struct rnd_state rnd;
	struct ew_ruleset *rs;

	if (!pats || !store || !buf) {
		kvfree(pats);
		kvfree(store);
		KUNIT_FAIL(test, "no memory");
		return;
	}
	prandom_seed_state(&rnd, 4096);
	for (i = 0; i < n; i++) {
		pats[i] = store + i * 17;
		len = 4 + prandom_u32_state(&rnd) % 13;
		for (k = 0; k < len; k++)
			pats[i][k] = 1 + prandom_u32_state(&rnd) % 255;
	}
	rs = set_of(test, pats, n);
	KUNIT_EXPECT_LE(test, rs->v.ac.nstates, 16 * n + 1);
	for (i = 0; i < 10; i++) {
		for (k = 0; k < 1024; k++)
			buf[k] = prandom_u32_state(&rnd);
		for (k = 0; k < 3; k++) {
			plant = prandom_u32_state(&rnd) % n;
			len = strlen(pats[plant]);
			memcpy(buf + prandom_u32_state(&rnd) % (1024 - len),
			       pats[plant], len);
		}
		want = naive(pats, n, buf, 1024);
		got = walk_pieces(rs, &rnd, buf, 1024);
		KUNIT_EXPECT_NE(test, want, EW_CONTENT_NONE);
		if (want != got) {
			KUNIT_FAIL(test, "round %u: naive %u, walk %u", i, want,
				   got);
			break;
		}
	}
	kvfree(pats);
	kvfree(store);
}

/* A blob without content strings has no automaton: the walk finds none. */
static void ew_content_test_none(struct kunit *test)
{
	struct ew_ruleset *rs = kunit_kzalloc(test, sizeof(*rs), GFP_KERNEL);
	u32 state = 0, first = EW_CONTENT_NONE;

	KUNIT_ASSERT_NOT_NULL(test, rs);
	prepare(test, rs);
	ew_content_walk(rs, &state, (const u8 *)"abc", 3, &first);
	KUNIT_EXPECT_EQ(test, first, EW_CONTENT_NONE);
	KUNIT_EXPECT_EQ(test, state, 0U);
}

static struct kunit_case ew_content_cases[] = {
	KUNIT_CASE(ew_content_test_random),
	KUNIT_CASE(ew_content_test_max),
	KUNIT_CASE(ew_content_test_none),
	{}
};

static struct kunit_suite ew_content_suite = {
	.name = "escapewatch_content",
	.test_cases = ew_content_cases,
};

kunit_test_suite(ew_content_suite);
