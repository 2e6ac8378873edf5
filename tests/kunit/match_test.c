// SPDX-License-Identifier: GPL-2.0
/* KUnit: judging an exec against rules (match.c). */
/* First, so that its definitions are the ones in force. */
#include "../../kmod/match.c"

#include <kunit/test.h>
#include <linux/slab.h>

#include "blob.h"
#include "../../kmod/default_rules.h"

/* A rule set over @blob, as ruleset.c would install it. */
static struct ew_ruleset *make_set(struct kunit *test, const void *blob,
				   size_t size)
{
	struct ew_ruleset *rs = kunit_kzalloc(test, sizeof(*rs) + size,
					      GFP_KERNEL);
	const char *why;

	KUNIT_ASSERT_NOT_NULL(test, rs);
	memcpy(rs->blob, blob, size);
	rs->size = size;
	rs->generation = 5;
	KUNIT_ASSERT_EQ_MSG(test, ew_rules_validate(rs->blob, size, &rs->v,
						    &why), 0, "%s", why);
	return rs;
}

static const struct ew_ruleset *builtin(struct kunit *test)
{
	return make_set(test, ew_default_rules, sizeof(ew_default_rules));
}

static bool judge(const struct ew_ruleset *rs, const char *requested,
		  const char *resolved, const char *path, bool fileless,
		  struct ew_verdict *v)
{
	struct ew_subject s = {
		.names = { requested, resolved },
		.path = path,
		.fileless = fileless,
	};

	return ew_match(rs, &s, v);
}

static void ew_match_test_builtin_names(struct kunit *test)
{
	const struct ew_ruleset *rs = builtin(test);
	struct ew_verdict v;

	KUNIT_ASSERT_TRUE(test, judge(rs, "cdk", "cdk", NULL, false, &v));
	KUNIT_EXPECT_STREQ(test, v.rule_name, "cdk");
	KUNIT_EXPECT_EQ(test, v.rule->id, 1001U);
	KUNIT_EXPECT_EQ(test, v.generation, 5ULL);
	KUNIT_EXPECT_STREQ(test, v.pattern, "cdk");
	KUNIT_EXPECT_STREQ(test, v.matched, "cdk");

	KUNIT_ASSERT_TRUE(test, judge(rs, "cdk_linux_amd64", "x", NULL, false,
				      &v));
	KUNIT_EXPECT_STREQ(test, v.pattern, "cdk_linux_*");
	KUNIT_ASSERT_TRUE(test, judge(rs, "deepce.sh", NULL, NULL, false, &v));
	KUNIT_EXPECT_STREQ(test, v.rule_name, "deepce");
	/* The resolved name alone is enough (a symbolic link). */
	KUNIT_ASSERT_TRUE(test, judge(rs, "update", "botb-linux-amd64", NULL,
				      false, &v));
	KUNIT_EXPECT_STREQ(test, v.matched, "botb-linux-amd64");
}

static void ew_match_test_benign(struct kunit *test)
{
	static const char * const names[] = {
		"sh", "bash", "ls", "apt-get", "gcc", "python3", "cdkx", "xcdk",
		"CDK", "deepce.shx", "traitors", "busybox", "nsenter", "runc",
	};
	const struct ew_ruleset *rs = builtin(test);
	struct ew_verdict v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		KUNIT_EXPECT_FALSE_MSG(test, judge(rs, names[i], names[i],
						   "/usr/bin/x", false, &v),
				       "%s", names[i]);
}

static void ew_match_test_fileless(struct kunit *test)
{
	const struct ew_ruleset *rs = builtin(test);
	struct ew_verdict v;

	KUNIT_ASSERT_TRUE(test, judge(rs, "3", "memfd:x", "/memfd:x (deleted)",
				      true, &v));
	KUNIT_EXPECT_STREQ(test, v.rule_name, "fileless-exec");
	KUNIT_EXPECT_EQ(test, v.matcher->kind, (u16)EW_MATCH_FILELESS);
	KUNIT_EXPECT_STREQ(test, v.matched, "/memfd:x (deleted)");
	KUNIT_EXPECT_FALSE(test, judge(rs, "3", "x", "/x", false, &v));
}

static void ew_match_test_path_glob(struct kunit *test)
{
	static const u16 kinds[] = { EW_MATCH_PATH, EW_MATCH_NAME };
	static const char *const patterns[] = { "/tmp/*/tool?", "a[bc]d" };
	struct test_blob *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	const struct ew_ruleset *rs;
	struct ew_verdict v;
	u32 size;

	KUNIT_ASSERT_NOT_NULL(test, b);
	size = test_blob_init(b, 2, kinds, patterns);
	rs = make_set(test, b, size);
	KUNIT_ASSERT_TRUE(test, judge(rs, "x", "x", "/tmp/a/b/tool1", false,
				      &v));
	KUNIT_EXPECT_STREQ(test, v.matched, "/tmp/a/b/tool1");
	KUNIT_EXPECT_FALSE(test, judge(rs, "x", "x", "/tmp/tool1", false, &v));
	KUNIT_EXPECT_FALSE(test, judge(rs, "x", "x", NULL, false, &v));
	KUNIT_EXPECT_TRUE(test, judge(rs, "acd", NULL, NULL, false, &v));
	KUNIT_EXPECT_FALSE(test, judge(rs, "aed", NULL, NULL, false, &v));
}

static struct kunit_case ew_match_cases[] = {
	KUNIT_CASE(ew_match_test_builtin_names),
	KUNIT_CASE(ew_match_test_benign),
	KUNIT_CASE(ew_match_test_fileless),
	KUNIT_CASE(ew_match_test_path_glob),
	{}
};

static struct kunit_suite ew_match_suite = {
	.name = "escapewatch_match",
	.test_cases = ew_match_cases,
};

kunit_test_suite(ew_match_suite);
