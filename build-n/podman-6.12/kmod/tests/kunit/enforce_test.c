// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: audit and enforce.  In audit mode no rule's action applies; in
 * enforce mode each rule's does; the mode takes only known values; an exec
 * the module could not judge runs unless fail_closed is set, counted.
 */
/* First, so that its pr_fmt() is the one in force. */
#include "../../kmod/enforce.c"

#include <kunit/test.h>

/* One of ew_counters, summed over the CPUs. */
#define ew_sum(field) ({						\
	u64 __sum = 0;							\
	int __cpu;							\
	for_each_possible_cpu(__cpu)					\
		__sum += per_cpu(ew_counters, __cpu).field;		\
	__sum;								\
})

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
	u64 killed = ew_sum(killed);

	KUNIT_ASSERT_EQ(test, ew_mode_set(EW_MODE_ENFORCE), 0);
	ew_enforce_done(&rec, EW_ACT_REPORT);
	KUNIT_EXPECT_EQ(test, rec.action, (u8)EW_ACT_REPORT);
	KUNIT_ASSERT_EQ(test, ew_mode_set(EW_MODE_AUDIT), 0);
	ew_enforce_done(&rec, EW_ACT_KILL);
	KUNIT_EXPECT_EQ(test, rec.action, (u8)EW_ACT_REPORT);
	KUNIT_EXPECT_EQ(test, ew_sum(killed), killed);
}

/*
 * Fail open by default, closed with fail_closed; counted only where a rule
 * that acts could have matched, in enforce mode.
 */
static void ew_enforce_test_failed(struct kunit *test)
{
	u64 open = ew_sum(failed_open), closed = ew_sum(failed_closed);

	KUNIT_ASSERT_EQ(test, ew_mode_set(EW_MODE_AUDIT), 0);
	KUNIT_EXPECT_FALSE(test, ew_enforce_failed(true));
	KUNIT_ASSERT_EQ(test, ew_mode_set(EW_MODE_ENFORCE), 0);
	KUNIT_EXPECT_FALSE(test, ew_enforce_failed(false));
	KUNIT_EXPECT_EQ(test, ew_sum(failed_open), open);
	KUNIT_EXPECT_EQ(test, ew_sum(failed_closed), closed);

	KUNIT_EXPECT_FALSE(test, ew_enforce_failed(true));
	KUNIT_EXPECT_EQ(test, ew_sum(failed_open), open + 1);
	fail_closed = true;
	KUNIT_EXPECT_TRUE(test, ew_fail_closed());
	KUNIT_EXPECT_TRUE(test, ew_enforce_failed(true));
	KUNIT_EXPECT_EQ(test, ew_sum(failed_closed), closed + 1);
	KUNIT_EXPECT_EQ(test, ew_sum(failed_open), open + 1);
	fail_closed = false;
	KUNIT_EXPECT_EQ(test, ew_mode_set(EW_MODE_AUDIT), 0);
}

static struct kunit_case ew_enforce_cases[] = {
	KUNIT_CASE(ew_enforce_test_modes),
	KUNIT_CASE(ew_enforce_test_report_only),
	KUNIT_CASE(ew_enforce_test_failed),
	{}
};

static struct kunit_suite ew_enforce_suite = {
	.name = "escapewatch_enforce",
	.test_cases = ew_enforce_cases,
};

kunit_test_suite(ew_enforce_suite);
