// SPDX-License-Identifier: GPL-2.0
/*
 * On PREEMPT_RT, the work after an exec, in the task's own context.
 *
 * PREEMPT_RT turns spinlock_t and rwlock_t into sleeping locks, and memory
 * may not be allocated or freed with preemption disabled, GFP_ATOMIC or
 * not.  Probe handlers and tracepoints still run with preemption disabled,
 * and what the hook does there takes such locks (the module's own, d_lock,
 * fs->lock, task_lock, the signal and wait queue locks) and allocates
 * records.  So on PREEMPT_RT the check runs from the binary format handler
 * (probe.c), in process context, and the work after the exec runs here: in
 * task context, when the exec returns to user space and before the new
 * program's first instruction.
 *
 * The check arms a file of this module's and drops its only reference at
 * once: fput() has the file released as task work of the current task,
 * which runs when the execve returns, whether it succeeded or not.  The
 * sched_process_exec tracepoint, where preemption is off, only marks the
 * exec done, under a raw spinlock, with what the release needs that the
 * exec frees: the file executed and the argument count.  The file holds a
 * reference to this module until __fput() has returned from the release,
 * so the module cannot go while one is queued.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/binfmts.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "ew.h"

/* Execs between their check and their return to user space, at most. */
#define EW_DEFER_MAX	64

/**
 * struct ew_deferred - an exec whose end is handled in task context
 * @task: the task that execs; compared, never dereferenced
 * @exec_id: its self_exec_id at the check
 * @filename: the path as the caller gave it
 * @done: the exec happened (sched_process_exec)
 * @exe: the file executed (a script's interpreter), referenced; set with
 *	@done
 * @argc: arguments of the new program; set with @done
 */
struct ew_deferred {
	const struct task_struct *task;
	u64 exec_id;
	char *filename;
	bool done;
	struct file *exe;
	int argc;
};

/*
 * Raw: the tracepoint takes it with preemption off.  Each section scans
 * EW_DEFER_MAX pointers and neither allocates nor frees.
 */
static DEFINE_RAW_SPINLOCK(ew_defer_lock);	/* protects the slots */
static struct ew_deferred *ew_defer_slot[EW_DEFER_MAX];

static void ew_defer_free(struct ew_deferred *d)
{
	kfree(d->filename);
	kfree(d);
}

/*
 * The last reference is gone: when the exec happened and this is the task
 * that did it (a task that exits releases it from a worker instead), do
 * what sched_process_exec does on other kernels.
 */
static int ew_defer_release(struct inode *inode, struct file *file)
{
	struct ew_deferred *d = file->private_data;
	bool done;
	int i;

	raw_spin_lock(&ew_defer_lock);
	for (i = 0; i < EW_DEFER_MAX; i++)
		if (ew_defer_slot[i] == d)
			ew_defer_slot[i] = NULL;
	done = d->done;
	raw_spin_unlock(&ew_defer_lock);

	if (done && current == d->task) {
		/* ew_bprm_exec_done() reads these three only. */
		struct linux_binprm bprm = {
			.filename = d->filename,
			.file = d->exe,
			.argc = d->argc,
		};

		ew_bprm_exec_done(&bprm);
	}
	if (d->exe)
		fput(d->exe);
	ew_defer_free(d);
	return 0;
}

static const struct file_operations ew_defer_fops = {
	.owner = THIS_MODULE,
	.release = ew_defer_release,
};

/**
 * ew_defer_arm() - have the end of the exec being checked handled in task
 *	context
 * @bprm: the exec, in its first round, just checked and let go on
 *
 * Without memory, or with EW_DEFER_MAX execs armed already, the end of
 * this one is not seen (counted in nomem): a record waiting for it is sent
 * on as of an exec that failed, and its command line is not judged.
 *
 * Context: process context, may sleep (the binary format handler).
 */
void ew_defer_arm(struct linux_binprm *bprm)
{
	struct ew_deferred *d;
	struct file *f;
	int i;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		goto nomem;
	d->filename = kstrdup(bprm->filename, GFP_KERNEL);
	if (!d->filename)
		goto err_free;
	d->task = current;
	d->exec_id = current->self_exec_id;
	f = anon_inode_getfile("[escapewatch]", &ew_defer_fops, d, O_RDONLY);
	if (IS_ERR(f))
		goto err_free;

	raw_spin_lock(&ew_defer_lock);
	for (i = 0; i < EW_DEFER_MAX && ew_defer_slot[i]; i++)
		;
	if (i < EW_DEFER_MAX)
		ew_defer_slot[i] = d;
	raw_spin_unlock(&ew_defer_lock);
	if (i == EW_DEFER_MAX)
		this_cpu_inc(ew_counters.nomem);
	/* Released, and d freed, when the execve returns. */
	fput(f);
	return;

err_free:
	ew_defer_free(d);
nomem:
	this_cpu_inc(ew_counters.nomem);
}

/**
 * ew_defer_done() - mark the current task's exec done
 * @bprm: the exec, which has succeeded
 *
 * Context: the sched_process_exec tracepoint, preemption disabled; takes
 * a raw spinlock only, does not allocate.
 */
void ew_defer_done(struct linux_binprm *bprm)
{
	/* begin_new_exec() has counted this exec in self_exec_id. */
	u64 exec_id = current->self_exec_id - 1;
	int i;

	raw_spin_lock(&ew_defer_lock);
	for (i = 0; i < EW_DEFER_MAX; i++) {
		struct ew_deferred *d = ew_defer_slot[i];

		if (d && d->task == current && d->exec_id == exec_id &&
		    !d->done) {
			d->done = true;
			d->exe = get_file(bprm->file);
			d->argc = bprm->argc;
			break;
		}
	}
	raw_spin_unlock(&ew_defer_lock);
}
