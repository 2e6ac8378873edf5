// SPDX-License-Identifier: GPL-2.0
/*
 * The bounded record queue between the exec path and the readers.
 *
 * Writers never wait: a full queue drops its oldest record to make room.
 * Readers keep their own position (a sequence number) and learn of every
 * record they missed through a synthesized EW_REC_LOST record, as
 * /dev/kmsg readers learn of overwritten messages.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/log2.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "ew.h"

/*
 * The module's one queue, set up by main.c (queue_len): the exec path and
 * the scanner push to it, each open /dev/escapewatch reads from it.
 */
struct ew_queue ew_queue;

/**
 * ew_queue_init() - set up an empty queue
 * @q: the queue
 * @len: how many records it holds; rounded up to a power of two
 *
 * Return: 0, -EINVAL for a length of 0 or above 2^20, or -ENOMEM.
 */
int ew_queue_init(struct ew_queue *q, u32 len)
{
	if (!len || len > (1U << 20))
		return -EINVAL;
	len = roundup_pow_of_two(len);
	q->slot = kvcalloc(len, sizeof(*q->slot), GFP_KERNEL);
	if (!q->slot)
		return -ENOMEM;
	spin_lock_init(&q->lock);
	init_waitqueue_head(&q->wait);
	q->mask = len - 1;
	q->head = 0;
	q->tail = 0;
	q->overwritten = 0;
	return 0;
}

/**
 * ew_queue_destroy() - free a queue and the records it holds
 * @q: the queue, which nothing may use any more
 */
void ew_queue_destroy(struct ew_queue *q)
{
	u64 seq;

	for (seq = q->tail; seq != q->head; seq++)
		kfree(q->slot[seq & q->mask]);
	kvfree(q->slot);
	q->slot = NULL;
}

/**
 * ew_queue_push() - append a record and wake the readers
 * @q: the queue
 * @rec: the record, or NULL for one that could not be allocated; the
 *	queue owns it from now on
 *
 * Assigns the record its sequence number.  Context: any; does not sleep.
 */
void ew_queue_push(struct ew_queue *q, struct ew_record_header *rec)
{
	struct ew_record_header *old = NULL;
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	if (q->head - q->tail > q->mask) {
		old = q->slot[q->tail & q->mask];
		q->tail++;
		q->overwritten++;
	}
	if (rec)
		rec->seq = q->head;
	q->slot[q->head & q->mask] = rec;
	q->head++;
	spin_unlock_irqrestore(&q->lock, flags);

	kfree(old);
	/*
	 * Only when a reader waits: most pushes find none (the readers are
	 * reading, or gone), and waking takes the wait queue's lock.  A
	 * reader adds itself to @q->wait before it looks at @q->head under
	 * @q->lock, which this push held after changing @q->head, and
	 * wq_has_sleeper() has the barrier that pairs with it.
	 */
	if (wq_has_sleeper(&q->wait))
		wake_up_interruptible(&q->wait);
}

static size_t ew_lost_record(void *buf, u64 seq, u64 count, u16 why)
{
	struct ew_lost_record lost = {
		.hdr.size = sizeof(lost),
		.hdr.type = EW_REC_LOST,
		.hdr.flags = why,
		.hdr.seq = seq,
		.count = count,
	};

	memcpy(buf, &lost, sizeof(lost));
	return sizeof(lost);
}

/**
 * ew_queue_fetch() - copy out the next record for a reader
 * @q: the queue
 * @pos: the reader's position, advanced past what was copied
 * @buf: where to copy, at least EW_RECORD_MAX bytes
 * @size: how much of @buf the caller can pass on; a larger record is not
 *	consumed
 *
 * A reader behind the queue's tail, or at a record that could not be
 * allocated, gets an EW_REC_LOST record covering the gap instead.
 *
 * Return: the record's size, -EAGAIN when there is nothing new, or
 * -EINVAL when the next record is larger than @size.
 */
int ew_queue_fetch(struct ew_queue *q, u64 *pos, void *buf, size_t size)
{
	struct ew_record_header *rec;
	u64 next = *pos;
	size_t len;

	spin_lock_irq(&q->lock);
	if (next == q->head) {
		spin_unlock_irq(&q->lock);
		return -EAGAIN;
	}
	if (next < q->tail) {
		len = ew_lost_record(buf, next, q->tail - next,
				     EW_LOST_OVERRUN);
		next = q->tail;
	} else {
		rec = q->slot[next & q->mask];
		if (!rec) {
			len = ew_lost_record(buf, next, 1, EW_LOST_NOMEM);
		} else {
			len = rec->size;
			if (len <= size)
				memcpy(buf, rec, len);
		}
		next++;
	}
	spin_unlock_irq(&q->lock);

	if (len > size)
		return -EINVAL;
	*pos = next;
	return len;
}

/**
 * ew_queue_pending() - whether a reader at @pos has something to read
 * @q: the queue
 * @pos: the reader's position
 */
bool ew_queue_pending(struct ew_queue *q, u64 pos)
{
	unsigned long flags;
	bool pending;

	spin_lock_irqsave(&q->lock, flags);
	pending = pos != q->head;
	spin_unlock_irqrestore(&q->lock, flags);
	return pending;
}

/**
 * ew_queue_counts() - a consistent snapshot of the queue's counters
 * @q: the queue
 * @head: the next sequence number
 * @tail: the oldest sequence number kept
 * @overwritten: records dropped to make room
 */
void ew_queue_counts(struct ew_queue *q, u64 *head, u64 *tail,
		     u64 *overwritten)
{
	spin_lock_irq(&q->lock);
	*head = q->head;
	*tail = q->tail;
	*overwritten = q->overwritten;
	spin_unlock_irq(&q->lock);
}
