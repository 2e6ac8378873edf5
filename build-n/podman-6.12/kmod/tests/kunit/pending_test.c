// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: records of execs checked but not done.  The record of an exec
 * that completes is handed back to its task exactly once; one whose exec
 * failed is sent on, marked failed, never lost and never given to the
 * task's next exec.
 */
/* First, so that its pr_fmt() is the one in force. */
#include "../../kmod/pending.c"

#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/slab.h>

/* What dispatch.c would do with a record sent on: here, remember it. */
static struct ew_exec_record *sent[4];
static bool sent_matched[4];
static int nsent;

void ew_dispatch(struct ew_exec_record *rec, struct file *file, bool matched)
{
	if (nsent < ARRAY_SIZE(sent)) {
		sent_matched[nsent] = matched;
		sent[nsent++] = rec;
	} else {
		kfree(rec);
	}
}

static void sent_reset(void)
{
	while (nsent)
		kfree(sent[--nsent]);
}

/* A record to add; allocated before preemption is turned off. */
static struct ew_exec_record *new_rec(struct kunit *test, u32 id)
{
	struct ew_exec_record *rec = kzalloc(sizeof(*rec), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, rec);
	rec->rule_id = id;
	rec->boot_ns = ktime_get_boottime_ns();
	return rec;
}

static struct file *test_file(struct kunit *test)
{
	struct file *f = filp_open("/bin/busybox", O_RDONLY, 0);

	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	return f;
}

/* The exec completed: begin_new_exec() counted it. */
static void ew_pending_test_take(struct kunit *test)
{
	struct ew_exec_record *r1 = new_rec(test, 1);
	struct file *f = test_file(test);
	struct ew_pending p;

	KUNIT_EXPECT_FALSE(test, ew_pending_take(&p));
	preempt_disable();
	ew_pending_add(r1, f, true);
	preempt_enable();
	KUNIT_EXPECT_EQ(test, ew_pending_waiting(), 1U);
	/* Not yet: the task has not exec'd since. */
	KUNIT_EXPECT_FALSE(test, ew_pending_take(&p));

	current->self_exec_id++;
	KUNIT_EXPECT_TRUE(test, ew_pending_take(&p));
	current->self_exec_id--;
	KUNIT_EXPECT_EQ(test, p.rec->rule_id, 1U);
	KUNIT_EXPECT_PTR_EQ(test, p.file, f);
	KUNIT_EXPECT_TRUE(test, p.matched);
	KUNIT_EXPECT_EQ(test, ew_pending_waiting(), 0U);
	KUNIT_EXPECT_EQ(test, nsent, 0);
	KUNIT_EXPECT_FALSE(test, ew_pending_take(&p));
	kfree(p.rec);
	fput(p.file);
	fput(f);
}

/* The task's next exec is checked: the one before failed. */
static void ew_pending_test_failed(struct kunit *test)
{
	struct ew_exec_record *r2 = new_rec(test, 2);
	struct ew_exec_record *r3 = new_rec(test, 3);
	struct ew_exec_record *r4 = new_rec(test, 4);
	struct file *f = test_file(test);
	struct ew_pending p;

	preempt_disable();
	ew_pending_add(r2, f, false);
	ew_pending_flush();
	preempt_enable();
	KUNIT_ASSERT_EQ(test, nsent, 1);
	KUNIT_EXPECT_EQ(test, sent[0]->rule_id, 2U);
	KUNIT_EXPECT_TRUE(test, sent[0]->hdr.flags & EW_EXEC_FAILED);
	KUNIT_EXPECT_FALSE(test, sent_matched[0]);
	KUNIT_EXPECT_EQ(test, ew_pending_waiting(), 0U);

	/* A second record of the same task replaces a stale first. */
	preempt_disable();
	ew_pending_add(r3, f, true);
	ew_pending_add(r4, f, true);
	preempt_enable();
	KUNIT_ASSERT_EQ(test, nsent, 2);
	KUNIT_EXPECT_EQ(test, sent[1]->rule_id, 3U);
	KUNIT_EXPECT_TRUE(test, sent[1]->hdr.flags & EW_EXEC_FAILED);
	KUNIT_EXPECT_EQ(test, ew_pending_waiting(), 1U);

	/* The failed one is never given to the next exec that completes. */
	current->self_exec_id++;
	KUNIT_EXPECT_TRUE(test, ew_pending_take(&p));
	current->self_exec_id--;
	KUNIT_EXPECT_EQ(test, p.rec->rule_id, 4U);
	KUNIT_EXPECT_FALSE(test, p.rec->hdr.flags & EW_EXEC_FAILED);
	kfree(p.rec);
	fput(p.file);
	sent_reset();
	fput(f);
}

/* Early after boot nothing has expired yet: the cut-off must not wrap. */
static void ew_pending_test_expiry(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ew_pending_expired(0), 0ULL);
	KUNIT_EXPECT_EQ(test, ew_pending_expired(EW_PENDING_TTL - 1), 0ULL);
	KUNIT_EXPECT_EQ(test, ew_pending_expired(EW_PENDING_TTL), 0ULL);
	KUNIT_EXPECT_EQ(test, ew_pending_expired(EW_PENDING_TTL + 7), 7ULL);
}

/* At unload every waiting record is sent on. */
static void ew_pending_test_exit(struct kunit *test)
{
	struct ew_exec_record *r5 = new_rec(test, 5);
	struct file *f = test_file(test);

	preempt_disable();
	ew_pending_add(r5, f, true);
	preempt_enable();
	ew_pending_exit();
	KUNIT_ASSERT_EQ(test, nsent, 1);
	KUNIT_EXPECT_EQ(test, sent[0]->rule_id, 5U);
	KUNIT_EXPECT_TRUE(test, sent[0]->hdr.flags & EW_EXEC_FAILED);
	KUNIT_EXPECT_EQ(test, ew_pending_waiting(), 0U);
	sent_reset();
	fput(f);
}

/* Whatever a failed case left, nothing waits once the suite is done. */
static void ew_pending_suite_exit(struct kunit_suite *suite)
{
	ew_pending_exit();
	sent_reset();
}

static struct kunit_case ew_pending_cases[] = {
	KUNIT_CASE(ew_pending_test_take),
	KUNIT_CASE(ew_pending_test_failed),
	KUNIT_CASE(ew_pending_test_expiry),
	KUNIT_CASE(ew_pending_test_exit),
	{}
};

static struct kunit_suite ew_pending_suite = {
	.name = "escapewatch_pending",
	.suite_exit = ew_pending_suite_exit,
	.test_cases = ew_pending_cases,
};

kunit_test_suite(ew_pending_suite);
