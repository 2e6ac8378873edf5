// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: audit and enforce.  In audit mode no rule's action applies; in
 * enforce mode each rule's does; the mode takes only known values.
 */
/* First, so that its pr_fmt() is the one in force. */
#include "../../kmod/enforce.c"

#include <kunit/test.h>

static u64 killed_sum(void)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(ew_counters, cpu).killed;
	return sum;
}

static void ew_enforce_test_modes(struct kunit *test)
{
	struct ew_rule_desc rule = { .action = EW_ACT_DENY };

	KUNIT_ASSERT_EQ(test, ew_mode_set(EW_MODE_AUDIT), 0);
	KUNIT_EXPECT_EQ(test, ew_mode_get(), (u32)EW_MODE_AUDIT);
	KUNIT_EXPECT_EQ(test, ew_enforce_check(&rule), (u8)EW_ACT_REPORT);
	rule.action = EW_ACT_KILL;
	KUNIT_EXPECT_EQ(test, ew_enforce_check(&rule), (u8)EW_ACT_REPORT);

	KUNIT_ASSERT_EQ(test, ew_mode_set(EW_MODE_ENFORCE), 0);
	KUNIT_EXPECT_EQ(test, ew_enforce_check(&rule), (u8)EW_ACT_KILL);
	rule.action = EW_ACT_DENY;
	KUNIT_EXPECT_EQ(test, ew_enforce_check(&rule), (u8)EW_ACT_DENY);
	rule.action = EW_ACT_REPORT;
	KUNIT_EXPECT_EQ(test, ew_enforce_check(&rule), (u8)EW_ACT_REPORT);

	KUNIT_EXPECT_EQ(test, ew_mode_set(2), -EINVAL);
	KUNIT_EXPECT_EQ(test, ew_mode_get(), (u32)EW_MODE_ENFORCE);
	KUNIT_EXPECT_EQ(test, ew_mode_set(EW_MODE_AUDIT), 0);
}

/* Nothing is done, and nothing counted, for a rule that only reports. */
static void ew_enforce_test_report_only(struct kunit *test)
{
	struct ew_exec_record rec = {};
	u64 killed = killed_sum();

	KUNIT_ASSERT_EQ(test, ew_mode_set(EW_MODE_ENFORCE), 0);
	ew_enforce_done(&rec, EW_ACT_REPORT);
	KUNIT_EXPECT_EQ(test, rec.action, (u8)EW_ACT_REPORT);
	KUNIT_ASSERT_EQ(test, ew_mode_set(EW_MODE_AUDIT), 0);
	ew_enforce_done(&rec, EW_ACT_KILL);
	KUNIT_EXPECT_EQ(test, rec.action, (u8)EW_ACT_REPORT);
	KUNIT_EXPECT_EQ(test, killed_sum(), killed);
}

static struct kunit_case ew_enforce_cases[] = {
	KUNIT_CASE(ew_enforce_test_modes),
	KUNIT_CASE(ew_enforce_test_report_only),
	{}
};

static struct kunit_suite ew_enforce_suite = {
	.name = "escapewatch_enforce",
	.test_cases = ew_enforce_cases,
};

kunit_test_suite(ew_enforce_suite);
