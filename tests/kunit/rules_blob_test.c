// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the rules blob validator, with a malformed blob of every kind.
 * Each must be refused with EINVAL (E2BIG when too large), never read out
 * of bounds (KASAN watches).
 */
/* First, so that its definitions are the ones in force. */
#include "../../kmod/rules_blob.c"
#include "../../kmod/rules_content.c"

#include <kunit/test.h>
#include <linux/slab.h>

#include "blob.h"
#include "../../kmod/default_rules.h"

static const u16 two_kinds[] = { EW_MATCH_NAME, EW_MATCH_FILELESS };
static const char *const two_patterns[] = { "cdk*", "" };

struct blob_ctx {
	struct test_blob b;
	u32 size;
	struct ew_rules_view v;
	const char *why;
};

static int blob_test_init(struct kunit *test)
{
	struct blob_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->size = test_blob_init(&c->b, 2, two_kinds, two_patterns);
	test->priv = c;
	return 0;
}

static int validate(struct blob_ctx *c)
{
	return ew_rules_validate(&c->b, c->size, &c->v, &c->why);
}

static void ew_blob_test_valid(struct kunit *test)
{
	struct blob_ctx *c = test->priv;

	KUNIT_ASSERT_EQ_MSG(test, validate(c), 0, "%s", c->why);
	KUNIT_EXPECT_EQ(test, c->v.hdr->nrules, 1U);
	KUNIT_EXPECT_STREQ(test, ew_rules_str(&c->v, c->v.rules[0].name), "r");
	KUNIT_EXPECT_STREQ(test, ew_rules_str(&c->v, c->v.matchers[0].pattern),
			   "cdk*");
}

static void ew_blob_test_builtin(struct kunit *test)
{
	struct ew_rules_view v;
	const char *why;

	KUNIT_EXPECT_EQ_MSG(test, ew_rules_validate(ew_default_rules,
						    sizeof(ew_default_rules),
						    &v, &why), 0, "%s", why);
}

static void ew_blob_test_bad_header(struct kunit *test)
{
	struct blob_ctx *c = test->priv;
	struct ew_rules_view v;
	const char *why;

	c->b.h.magic ^= 1;
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.h.magic ^= 1;
	c->b.h.version++;
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.h.version--;
	KUNIT_EXPECT_EQ(test, ew_rules_validate(&c->b, c->size - 1, &v, &why),
			-EINVAL);	/* header size disagrees */
	KUNIT_EXPECT_EQ(test, ew_rules_validate(&c->b, 8, &v, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, ew_rules_validate(&c->b, EW_RULES_SIZE_MAX + 1,
						&v, &why), -E2BIG);
}

static void ew_blob_test_bad_counts(struct kunit *test)
{
	struct blob_ctx *c = test->priv;

	c->b.h.nrules = 0;
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.h.nrules = 2;	/* sections no longer add up */
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.h.nrules = 1;
	c->b.h.nmatchers = 0xffffffff;	/* would overflow 32-bit sums */
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.h.nmatchers = 2;
	c->b.h.strings_size = 0;
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
}

static void ew_blob_test_bad_strings(struct kunit *test)
{
	struct blob_ctx *c = test->priv;
	char *s = test_blob_strings(&c->b);

	c->b.r.name = c->b.h.strings_size;	/* past the table */
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.r.name = 0;			/* empty name */
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.r.name = 1;
	c->b.m[0].pattern = 0;			/* empty name pattern */
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.m[0].pattern = 9;
	c->b.m[1].pattern = 9;			/* fileless with a pattern */
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.m[1].pattern = 0;
	/* "cdk*" and the "" after it, the table's end: run together,
	 * unterminated.
	 */
	s[c->b.h.strings_size - 2] = 'x';
	s[c->b.h.strings_size - 1] = 'x';
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	s[c->b.h.strings_size - 2] = '\0';
	s[c->b.h.strings_size - 1] = '\0';
	s[0] = 'x';				/* table not starting empty */
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
}

static void ew_blob_test_bad_rule(struct kunit *test)
{
	struct blob_ctx *c = test->priv;

	c->b.r.severity = 0;
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.r.severity = EW_SEV_CRITICAL + 1;
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.r.severity = EW_SEV_HIGH;
	c->b.r.action = EW_ACT_KILL + 1;
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.r.action = EW_ACT_KILL;
	KUNIT_EXPECT_EQ(test, validate(c), 0);
	c->b.r.action = EW_ACT_REPORT;
	c->b.r.nmatchers = 0;
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.r.nmatchers = 3;			/* beyond the matchers */
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.r.nmatchers = 1;
	c->b.r.first_matcher = 0xffffffff;	/* would wrap */
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.r.first_matcher = 1;
	KUNIT_EXPECT_EQ(test, validate(c), 0);
}

static void ew_blob_test_bad_matcher(struct kunit *test)
{
	struct blob_ctx *c = test->priv;

	c->b.m[0].kind = 0;
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.m[0].kind = 99;
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.m[0].kind = EW_MATCH_PATH;
	c->b.m[0].nconds = 1;		/* conditions on a path matcher */
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.m[0].nconds = 0;
	c->b.m[0].first_cond = 1;
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.m[0].first_cond = 0;
	c->b.m[0].kind = EW_MATCH_ARGV;
	c->b.m[0].nconds = 1;		/* the blob has no conditions */
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
	c->b.m[0].nconds = 0;
	KUNIT_EXPECT_EQ(test, validate(c), 0);
	c->b.m[0].text = c->b.h.strings_size;
	KUNIT_EXPECT_EQ(test, validate(c), -EINVAL);
}

/* The argument conditions of the built-in rules, damaged one way each. */
static void ew_blob_test_bad_conds(struct kunit *test)
{
	u8 *blob = kunit_kmalloc(test, sizeof(ew_default_rules), GFP_KERNEL);
	struct ew_rules_view v;
	struct ew_argcond *c, saved;
	const char *why;
	u32 i, flag = 0, any = 0;

	KUNIT_ASSERT_NOT_NULL(test, blob);
	memcpy(blob, ew_default_rules, sizeof(ew_default_rules));
	KUNIT_ASSERT_EQ(test, ew_rules_validate(blob, sizeof(ew_default_rules),
						&v, &why), 0);
	KUNIT_ASSERT_GT(test, v.hdr->nconds, 0U);
	c = (struct ew_argcond *)v.conds;
	for (i = 0; i < v.hdr->nconds; i++) {
		if (c[i].kind == EW_ARG_VALUE)
			flag = i;
		if (c[i].kind == EW_ARG_ANY)
			any = i;
	}
#define EXPECT_REFUSED(what) do {					\
	KUNIT_EXPECT_EQ_MSG(test, ew_rules_validate(blob,		\
			sizeof(ew_default_rules), &v, &why), -EINVAL, what); \
	c[i] = saved;							\
} while (0)
	i = flag;
	saved = c[i];
	c[i].kind = 0;
	EXPECT_REFUSED("kind 0");
	c[i].kind = 9;
	EXPECT_REFUSED("kind 9");
	c[i].pos = 1;
	EXPECT_REFUSED("position on an option");
	c[i].value = 0;
	EXPECT_REFUSED("option value empty");
	c[i].names = c[any].value;	/* "/dev/sd*": not options */
	EXPECT_REFUSED("names not options");
	c[i].names = v.hdr->strings_size;
	EXPECT_REFUSED("names past the table");
	i = any;
	saved = c[i];
	c[i].names = c[flag].names;
	EXPECT_REFUSED("names on an any condition");
	c[i].value = 0;
	EXPECT_REFUSED("any without a pattern");
#undef EXPECT_REFUSED
	KUNIT_EXPECT_EQ(test, ew_rules_validate(blob, sizeof(ew_default_rules),
						&v, &why), 0);
}

/*
 * Two rules sharing matchers: the module indexes each matcher by its one
 * rule (once, a shared content matcher overflowed the module's array of
 * content matchers; found by tests/fuzz/fuzz_rules_blob.c).
 */
static void ew_blob_test_shared_matchers(struct kunit *test)
{
	u8 *blob = kunit_kmalloc(test, sizeof(ew_default_rules), GFP_KERNEL);
	struct ew_rules_view v;
	struct ew_rule_desc *r;
	const char *why;

	KUNIT_ASSERT_NOT_NULL(test, blob);
	memcpy(blob, ew_default_rules, sizeof(ew_default_rules));
	KUNIT_ASSERT_EQ(test, ew_rules_validate(blob, sizeof(ew_default_rules),
						&v, &why), 0);
	KUNIT_ASSERT_GE(test, v.hdr->nrules, 2U);
	r = (struct ew_rule_desc *)v.rules;
	r[1].first_matcher = r[0].first_matcher;
	r[1].nmatchers = 1;
	KUNIT_EXPECT_EQ(test, ew_rules_validate(blob, sizeof(ew_default_rules),
						&v, &why), -EINVAL);
	KUNIT_EXPECT_STREQ(test, why,
			   "rule's matchers overlap an earlier rule's");
}

/* Every truncation of a valid blob is refused. */
static void ew_blob_test_truncated(struct kunit *test)
{
	struct blob_ctx *c = test->priv;
	struct ew_rules_view v;
	const char *why;
	u32 n;

	for (n = 0; n < c->size; n++) {
		void *copy = kmemdup(&c->b, n ? n : 1, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, copy);
		KUNIT_EXPECT_EQ_MSG(test, ew_rules_validate(copy, n, &v, &why),
				    -EINVAL, "size %u", n);
		kfree(copy);
	}
}

static struct kunit_case ew_blob_cases[] = {
	KUNIT_CASE(ew_blob_test_valid),
	KUNIT_CASE(ew_blob_test_builtin),
	KUNIT_CASE(ew_blob_test_bad_header),
	KUNIT_CASE(ew_blob_test_bad_counts),
	KUNIT_CASE(ew_blob_test_bad_strings),
	KUNIT_CASE(ew_blob_test_bad_rule),
	KUNIT_CASE(ew_blob_test_bad_matcher),
	KUNIT_CASE(ew_blob_test_bad_conds),
	KUNIT_CASE(ew_blob_test_shared_matchers),
	KUNIT_CASE(ew_blob_test_truncated),
	{}
};

static struct kunit_suite ew_blob_suite = {
	.name = "escapewatch_rules_blob",
	.init = blob_test_init,
	.test_cases = ew_blob_cases,
};

kunit_test_suite(ew_blob_suite);
