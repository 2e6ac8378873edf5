// SPDX-License-Identifier: GPL-2.0
/* KUnit: the built-in name rules. */
/* First, so that its pr_fmt() is the one in force. */
#include "../../kmod/rules.c"

#include <kunit/test.h>
#include <linux/string.h>

static const struct ew_rule *match(const char *s)
{
	return ew_rules_match_name(s, strlen(s));
}

static void ew_rules_test_known_names(struct kunit *test)
{
	static const char * const names[] = {
		"cdk", "cdk_linux_amd64", "deepce.sh", "botb", "amicontained",
		"kdigger", "peirates", "kubeletctl",
		"container-escape-check.sh", "traitor",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		KUNIT_EXPECT_NOT_NULL_MSG(test, match(names[i]), "%s", names[i]);
	KUNIT_EXPECT_STREQ(test, match("deepce.sh")->name, "builtin:deepce");
	KUNIT_EXPECT_EQ(test, match("cdk")->id, 1U);
}

static void ew_rules_test_exact_only(struct kunit *test)
{
	static const char * const names[] = {
		"", "cd", "cdkx", "xcdk", "CDK", "cdk ", "deepce", "sh", "ls",
		"busybox",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		KUNIT_EXPECT_NULL_MSG(test, match(names[i]), "%s", names[i]);
}

/* Names come with a length and need no NUL: a prefix is not a match. */
static void ew_rules_test_length_bounds(struct kunit *test)
{
	KUNIT_EXPECT_NOT_NULL(test, ew_rules_match_name("cdkXYZ", 3));
	KUNIT_EXPECT_NULL(test, ew_rules_match_name("cdk", 2));
	KUNIT_EXPECT_NULL(test, ew_rules_match_name("cdk", 0));
}

static struct kunit_case ew_rules_cases[] = {
	KUNIT_CASE(ew_rules_test_known_names),
	KUNIT_CASE(ew_rules_test_exact_only),
	KUNIT_CASE(ew_rules_test_length_bounds),
	{}
};

static struct kunit_suite ew_rules_suite = {
	.name = "escapewatch_rules",
	.test_cases = ew_rules_cases,
};

kunit_test_suite(ew_rules_suite);
