// SPDX-License-Identifier: GPL-2.0
/*
 * Execs checked but not done yet.  A matching exec is judged in
 * bprm_check_security, before the new program exists; its arguments and
 * interpreter are known only once the exec has happened, a moment later in
 * the same task.  The record begun at the check waits here, keyed by the task
 * and its exec count, until the exec's return to user space (defer.c)
 * takes it.
 *
 * An exec that fails after its check is never taken: its
 * record is sent on, marked EW_EXEC_FAILED, when the same task is checked
 * again, when it has waited EW_PENDING_TTL (a worker looks every second
 * while records wait), or when its slot is needed.  Nothing waits here
 * unreported.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "ew.h"

#define EW_PENDING_MAX	64
#define EW_PENDING_TTL	(5 * NSEC_PER_SEC)

static DEFINE_SPINLOCK(ew_pending_lock);	/* protects the slots */
static struct ew_pending ew_pending[EW_PENDING_MAX];
static atomic_t ew_pending_count = ATOMIC_INIT(0);

static void ew_pending_expire(struct work_struct *work);
static DECLARE_DELAYED_WORK(ew_pending_work, ew_pending_expire);
static bool ew_pending_stopping;

/* Send on a record whose exec was not seen to complete. */
static void ew_pending_fail(struct ew_pending *p)
{
	this_cpu_inc(ew_counters.exec_failed);
	ew_event_fail(p->rec);
	ew_dispatch(p->rec, p->file, p->matched);
	fput(p->file);
}

/*
 * Under the lock: move to @out, which has room for @max, the records of
 * the current task and those waiting since before @expired; then recount.
 * Returns how many were moved.
 */
static int ew_pending_collect(struct ew_pending *out, int max, u64 expired)
{
	int i, n = 0, left = 0;

	for (i = 0; i < EW_PENDING_MAX; i++) {
		struct ew_pending *p = &ew_pending[i];

		if (!p->rec)
			continue;
		if (n < max &&
		    (p->task == current || p->since < expired)) {
			out[n++] = *p;
			p->rec = NULL;
		} else {
			left++;
		}
	}
	atomic_set(&ew_pending_count, left);
	return n;
}

/*
 * The boot time before which a waiting record has expired; 0 in the first
 * EW_PENDING_TTL after boot, where the subtraction would wrap and expire
 * everything.
 */
static u64 ew_pending_expired(u64 now)
{
	return now > EW_PENDING_TTL ? now - EW_PENDING_TTL : 0;
}

static void ew_pending_fail_all(struct ew_pending *p, int n)
{
	while (n--)
		ew_pending_fail(p++);
}

/* Every second while records wait: send on those that waited too long. */
static void ew_pending_expire(struct work_struct *work)
{
	struct ew_pending stale[8];
	unsigned long flags;
	int n;

	do {
		spin_lock_irqsave(&ew_pending_lock, flags);
		n = ew_pending_collect(stale, ARRAY_SIZE(stale),
				       ew_pending_expired(ktime_get_boottime_ns()));
		spin_unlock_irqrestore(&ew_pending_lock, flags);
		ew_pending_fail_all(stale, n);
	} while (n == ARRAY_SIZE(stale));
	if (atomic_read(&ew_pending_count) && !READ_ONCE(ew_pending_stopping))
		schedule_delayed_work(&ew_pending_work, HZ);
}

/**
 * ew_pending_add() - keep the record of a checked exec until it is done
 * @rec: the record, begun by ew_event_begin()
 * @file: the file checked; a reference is taken
 * @matched: a rule matched already; otherwise the record is for the
 *	scanner to judge
 *
 * When every slot is taken, the oldest record is sent on.
 *
 * Context: exec path, preemption disabled; does not sleep.
 */
void ew_pending_add(struct ew_exec_record *rec, struct file *file,
		    bool matched)
{
	struct ew_pending stale[8], *slot = NULL;
	u64 now = ktime_get_boottime_ns();
	u64 expired = ew_pending_expired(now);
	unsigned long flags;
	int i, n;

	spin_lock_irqsave(&ew_pending_lock, flags);
	n = ew_pending_collect(stale, ARRAY_SIZE(stale) - 1, expired);
	for (i = 0; i < EW_PENDING_MAX; i++) {
		struct ew_pending *p = &ew_pending[i];

		if (!p->rec) {
			slot = p;
			break;
		}
		if (!slot || p->since < slot->since)
			slot = p;
	}
	if (slot->rec)
		stale[n++] = *slot;	/* the oldest, for a full table */
	else
		atomic_inc(&ew_pending_count);
	slot->rec = rec;
	slot->file = get_file(file);
	slot->task = current;
	slot->exec_id = current->self_exec_id;
	slot->since = now;
	slot->matched = matched;
	spin_unlock_irqrestore(&ew_pending_lock, flags);
	ew_pending_fail_all(stale, n);
	if (!READ_ONCE(ew_pending_stopping))
		schedule_delayed_work(&ew_pending_work, HZ);
}

/**
 * ew_pending_flush() - send on what the current task left waiting
 *
 * Called when the task's next exec is checked: a record of it still
 * waiting is from an exec that failed.
 *
 * Context: exec path, preemption disabled; does not sleep.
 */
void ew_pending_flush(void)
{
	struct ew_pending stale[8];
	unsigned long flags;
	int n;

	if (likely(!atomic_read(&ew_pending_count)))
		return;
	spin_lock_irqsave(&ew_pending_lock, flags);
	n = ew_pending_collect(stale, ARRAY_SIZE(stale),
			       ew_pending_expired(ktime_get_boottime_ns()));
	spin_unlock_irqrestore(&ew_pending_lock, flags);
	ew_pending_fail_all(stale, n);
}

/*
 * Find the record of the current task's exec: with @done, the exec that
 * begin_new_exec() just counted in self_exec_id; else the one being
 * checked, and with @unjudged only if no rule matched it yet.  With @out,
 * the record is taken into it; without, it stays where it is.
 */
static bool ew_pending_find_mine(struct ew_pending *out, bool done,
				 bool unjudged)
{
	u64 exec_id = current->self_exec_id - done;
	unsigned long flags;
	bool found = false;
	int i;

	if (likely(!atomic_read(&ew_pending_count)))
		return false;
	spin_lock_irqsave(&ew_pending_lock, flags);
	for (i = 0; i < EW_PENDING_MAX && !found; i++) {
		struct ew_pending *p = &ew_pending[i];

		if (!p->rec || p->task != current || p->exec_id != exec_id ||
		    (unjudged && p->matched))
			continue;
		found = true;
		if (out) {
			*out = *p;
			p->rec = NULL;
			atomic_dec(&ew_pending_count);
		}
	}
	spin_unlock_irqrestore(&ew_pending_lock, flags);
	return found;
}

/**
 * ew_pending_take() - the record of the exec the current task just did
 * @out: filled in with the record, the file checked and the verdict; the
 *	caller owns the record and the file reference
 *
 * Context: the exec's return to user space (defer.c), preemption disabled.
 * Return: true when a record was waiting for this exec.
 */
bool ew_pending_take(struct ew_pending *out)
{
	return ew_pending_find_mine(out, true, false);
}

/**
 * ew_pending_mine() - whether a record waits for the exec being checked
 *
 * Context: the exec, after its check and before the point of no return.
 */
bool ew_pending_mine(void)
{
	return ew_pending_find_mine(NULL, false, false);
}

/**
 * ew_pending_take_unjudged() - the record of the exec being checked, when
 *	only the file's hash or content can tell whether a rule matches
 * @out: as for ew_pending_take()
 *
 * Context: the exec, after its check and before the point of no return.
 * Return: true when such a record was waiting.
 */
bool ew_pending_take_unjudged(struct ew_pending *out)
{
	return ew_pending_find_mine(out, false, true);
}

/**
 * ew_pending_waiting() - how many records wait for their exec to complete
 */
u32 ew_pending_waiting(void)
{
	return atomic_read(&ew_pending_count);
}

/**
 * ew_pending_exit() - send on every waiting record, at unload
 *
 * Context: process context, detached from the exec path.
 */
void ew_pending_exit(void)
{
	struct ew_pending p;
	unsigned long flags;
	int i;

	WRITE_ONCE(ew_pending_stopping, true);
	cancel_delayed_work_sync(&ew_pending_work);

	for (i = 0; i < EW_PENDING_MAX; i++) {
		spin_lock_irqsave(&ew_pending_lock, flags);
		p = ew_pending[i];
		ew_pending[i].rec = NULL;
		spin_unlock_irqrestore(&ew_pending_lock, flags);
		if (p.rec)
			ew_pending_fail(&p);
	}
	atomic_set(&ew_pending_count, 0);
}
