// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the record queue.  Sequence numbers, overwrite and lost
 * accounting, allocation gaps, short reads, wrap-around and independent
 * readers.
 */
/* First, so that its pr_fmt() is the one in force. */
#include "../../kmod/queue.c"

#include <kunit/test.h>
#include <linux/slab.h>

#define REC_SIZE sizeof(struct ew_lost_record)

static struct ew_record_header *rec_new(struct kunit *test)
{
	struct ew_record_header *h = kzalloc(REC_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, h);
	h->size = REC_SIZE;
	h->type = EW_REC_EXEC;
	return h;
}

struct queue_ctx {
	struct ew_queue q;
	u8 buf[EW_RECORD_MAX];
};

static int queue_test_init(struct kunit *test)
{
	struct queue_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_EQ(test, ew_queue_init(&c->q, 4), 0);
	test->priv = c;
	return 0;
}

static void queue_test_exit(struct kunit *test)
{
	struct queue_ctx *c = test->priv;

	ew_queue_destroy(&c->q);
}

static void ew_queue_test_bad_length(struct kunit *test)
{
	struct ew_queue q;

	KUNIT_EXPECT_EQ(test, ew_queue_init(&q, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, ew_queue_init(&q, (1U << 20) + 1), -EINVAL);
	KUNIT_ASSERT_EQ(test, ew_queue_init(&q, 5), 0);
	KUNIT_EXPECT_EQ(test, q.mask, 7U);
	ew_queue_destroy(&q);
}

static void ew_queue_test_in_order(struct kunit *test)
{
	struct queue_ctx *c = test->priv;
	struct ew_record_header *h = (void *)c->buf;
	u64 pos = 0;
	int i;

	KUNIT_EXPECT_EQ(test, ew_queue_fetch(&c->q, &pos, c->buf, EW_RECORD_MAX),
			-EAGAIN);
	KUNIT_EXPECT_FALSE(test, ew_queue_pending(&c->q, pos));
	for (i = 0; i < 3; i++)
		ew_queue_push(&c->q, rec_new(test));
	KUNIT_EXPECT_TRUE(test, ew_queue_pending(&c->q, pos));
	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_EQ(test, ew_queue_fetch(&c->q, &pos, c->buf,
						     EW_RECORD_MAX),
				(int)REC_SIZE);
		KUNIT_EXPECT_EQ(test, h->seq, (u64)i);
		KUNIT_EXPECT_EQ(test, h->type, (u16)EW_REC_EXEC);
	}
	KUNIT_EXPECT_EQ(test, pos, 3ULL);
	KUNIT_EXPECT_EQ(test, ew_queue_fetch(&c->q, &pos, c->buf, EW_RECORD_MAX),
			-EAGAIN);
}

/* Ten records into four slots: a reader at 0 hears of exactly six lost. */
static void ew_queue_test_overrun(struct kunit *test)
{
	struct queue_ctx *c = test->priv;
	struct ew_lost_record *lost = (void *)c->buf;
	u64 head, tail, over, pos = 0;
	int i;

	for (i = 0; i < 10; i++)
		ew_queue_push(&c->q, rec_new(test));
	ew_queue_counts(&c->q, &head, &tail, &over);
	KUNIT_EXPECT_EQ(test, head, 10ULL);
	KUNIT_EXPECT_EQ(test, tail, 6ULL);
	KUNIT_EXPECT_EQ(test, over, 6ULL);

	KUNIT_ASSERT_EQ(test, ew_queue_fetch(&c->q, &pos, c->buf, EW_RECORD_MAX),
			(int)sizeof(*lost));
	KUNIT_EXPECT_EQ(test, lost->hdr.type, (u16)EW_REC_LOST);
	KUNIT_EXPECT_EQ(test, lost->hdr.flags, (u16)EW_LOST_OVERRUN);
	KUNIT_EXPECT_EQ(test, lost->hdr.seq, 0ULL);
	KUNIT_EXPECT_EQ(test, lost->count, 6ULL);
	KUNIT_EXPECT_EQ(test, pos, 6ULL);
	for (i = 6; i < 10; i++) {
		KUNIT_ASSERT_GT(test, ew_queue_fetch(&c->q, &pos, c->buf,
						     EW_RECORD_MAX), 0);
		KUNIT_EXPECT_EQ(test, lost->hdr.seq, (u64)i);
	}
}

/* A record that could not be allocated is a gap of one, reason nomem. */
static void ew_queue_test_nomem_gap(struct kunit *test)
{
	struct queue_ctx *c = test->priv;
	struct ew_lost_record *lost = (void *)c->buf;
	u64 pos = 0;

	ew_queue_push(&c->q, rec_new(test));
	ew_queue_push(&c->q, NULL);
	ew_queue_push(&c->q, rec_new(test));
	KUNIT_ASSERT_GT(test, ew_queue_fetch(&c->q, &pos, c->buf, EW_RECORD_MAX), 0);
	KUNIT_ASSERT_GT(test, ew_queue_fetch(&c->q, &pos, c->buf, EW_RECORD_MAX), 0);
	KUNIT_EXPECT_EQ(test, lost->hdr.type, (u16)EW_REC_LOST);
	KUNIT_EXPECT_EQ(test, lost->hdr.flags, (u16)EW_LOST_NOMEM);
	KUNIT_EXPECT_EQ(test, lost->hdr.seq, 1ULL);
	KUNIT_EXPECT_EQ(test, lost->count, 1ULL);
	KUNIT_ASSERT_GT(test, ew_queue_fetch(&c->q, &pos, c->buf, EW_RECORD_MAX), 0);
	KUNIT_EXPECT_EQ(test, lost->hdr.seq, 2ULL);
}

/* A record larger than the room left is not consumed. */
static void ew_queue_test_short_read(struct kunit *test)
{
	struct queue_ctx *c = test->priv;
	u64 pos = 0;

	ew_queue_push(&c->q, rec_new(test));
	KUNIT_EXPECT_EQ(test, ew_queue_fetch(&c->q, &pos, c->buf, REC_SIZE - 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pos, 0ULL);
	KUNIT_EXPECT_EQ(test, ew_queue_fetch(&c->q, &pos, c->buf, REC_SIZE),
			(int)REC_SIZE);
	KUNIT_EXPECT_EQ(test, pos, 1ULL);
}

/* Many times around the ring, the sequence stays unbroken. */
static void ew_queue_test_wrap(struct kunit *test)
{
	struct queue_ctx *c = test->priv;
	struct ew_record_header *h = (void *)c->buf;
	u64 pos = 0;
	int i;

	for (i = 0; i < 1000; i++) {
		ew_queue_push(&c->q, rec_new(test));
		KUNIT_ASSERT_GT(test, ew_queue_fetch(&c->q, &pos, c->buf,
						     EW_RECORD_MAX), 0);
		KUNIT_ASSERT_EQ(test, h->seq, (u64)i);
	}
	KUNIT_EXPECT_EQ(test, c->q.overwritten, 996ULL);
}

/* Two readers keep their own positions; one falling behind loses alone. */
static void ew_queue_test_two_readers(struct kunit *test)
{
	struct queue_ctx *c = test->priv;
	struct ew_lost_record *lost = (void *)c->buf;
	u64 fast = 0, slow = 0;
	int i;

	for (i = 0; i < 8; i++) {
		ew_queue_push(&c->q, rec_new(test));
		KUNIT_ASSERT_GT(test, ew_queue_fetch(&c->q, &fast, c->buf,
						     EW_RECORD_MAX), 0);
		KUNIT_EXPECT_EQ(test, lost->hdr.type, (u16)EW_REC_EXEC);
	}
	KUNIT_ASSERT_GT(test, ew_queue_fetch(&c->q, &slow, c->buf, EW_RECORD_MAX), 0);
	KUNIT_EXPECT_EQ(test, lost->hdr.type, (u16)EW_REC_LOST);
	KUNIT_EXPECT_EQ(test, lost->count, 4ULL);
	KUNIT_EXPECT_EQ(test, fast, 8ULL);
	KUNIT_EXPECT_EQ(test, slow, 4ULL);
}

static struct kunit_case ew_queue_cases[] = {
	KUNIT_CASE(ew_queue_test_bad_length),
	KUNIT_CASE(ew_queue_test_in_order),
	KUNIT_CASE(ew_queue_test_overrun),
	KUNIT_CASE(ew_queue_test_nomem_gap),
	KUNIT_CASE(ew_queue_test_short_read),
	KUNIT_CASE(ew_queue_test_wrap),
	KUNIT_CASE(ew_queue_test_two_readers),
	{}
};

static struct kunit_suite ew_queue_suite = {
	.name = "escapewatch_queue",
	.init = queue_test_init,
	.exit = queue_test_exit,
	.test_cases = ew_queue_cases,
};

kunit_test_suite(ew_queue_suite);
