// SPDX-License-Identifier: GPL-2.0
/*
 * The end of an exec, in the task's own context.
 *
 * A record begun at the check needs the new program's command line, and
 * argv rules judge it: both exist only once the exec has happened.  There
 * is no hook at that point, and the tracepoint that marks it
 * (sched_process_exec) would have to be patched in at load.  Instead the
 * check arms a file of this module's and drops its only reference at once:
 * fput() queues the file's release as task work of the current task, which
 * runs when the execve returns, whether it succeeded or not, and before
 * the new program's first instruction.  The release tells the two apart by
 * the task's exec count: begin_new_exec() has counted a successful exec in
 * self_exec_id.  The check arms it only when the end can matter
 * (ew_bprm_end_needed()).
 *
 * The rounds of the exec after the check (a script's interpreter) record
 * which file is finally executed, and the argument count, in the armed
 * entry, found by task in a small hash table; nothing else looks there.
 * The file holds a reference to this module until __fput() has returned
 * from the release, so the module cannot go while one is queued.
 *
 * The lock is raw: on PREEMPT_RT, where the release and the rounds also run
 * in task context, each section is a few pointer operations, without
 * allocating or freeing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/binfmts.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "ew.h"

#define EW_DEFER_BITS	6

/**
 * struct ew_deferred - an exec between its check and its return to user
 *	space
 * @node: in ew_defer_hash, by @task
 * @task: the task that execs; compared, never dereferenced
 * @exec_id: its self_exec_id at the check
 * @filename: the path as the caller gave it
 * @exe: the file of the exec's last round (a script's interpreter),
 *	referenced
 * @argc: arguments in the exec's last round
 * @rerouted: a later round replaced the file (a "#!" script's interpreter)
 */
struct ew_deferred {
	struct hlist_node node;
	const struct task_struct *task;
	u64 exec_id;
	char *filename;
	struct file *exe;
	int argc;
	bool rerouted;
};

static DEFINE_RAW_SPINLOCK(ew_defer_lock);	/* protects the table */
static struct hlist_head ew_defer_hash[1 << EW_DEFER_BITS];

static struct hlist_head *ew_defer_bucket(const struct task_struct *task)
{
	return &ew_defer_hash[hash_ptr(task, EW_DEFER_BITS)];
}

static void ew_defer_free(struct ew_deferred *d)
{
	if (d->exe)
		fput(d->exe);
	kfree(d->filename);
	kfree(d);
}

/*
 * The last reference is gone.  When this is the task that armed it, back
 * from an exec that happened (an exec that failed after the point of no
 * return has the task exiting), finish the exec's records.
 */
static int ew_defer_release(struct inode *inode, struct file *file)
{
	struct ew_deferred *d = file->private_data;

	raw_spin_lock(&ew_defer_lock);
	hlist_del(&d->node);
	raw_spin_unlock(&ew_defer_lock);

	if (current == d->task && current->self_exec_id != d->exec_id &&
	    !(current->flags & PF_EXITING)) {
		/*
		 * ew_bprm_exec_done() reads these four only.  As in the
		 * kernel, interp is filename until a later round replaced
		 * the file.
		 */
		struct linux_binprm bprm = {
			.filename = d->filename,
			.interp = d->rerouted ? NULL : d->filename,
			.file = d->exe,
			.argc = d->argc,
		};

		ew_bprm_exec_done(&bprm);
	}
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
 * Without memory, or without a file (the system's file table full), the
 * end of this exec is not seen (counted in nomem): a record waiting for it
 * is sent on as of an exec that failed, and its command line is not
 * judged.  A later round of the exec (a script's interpreter) is then
 * judged as a new exec, which can report the same execve twice (attach.c's
 * ew_load_binary() says how).
 *
 * Context: process context, may sleep (the binary format handler).
 */
void ew_defer_arm(struct linux_binprm *bprm)
{
	struct ew_deferred *d;
	struct file *f;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		goto nomem;
	d->filename = kstrdup(bprm->filename, GFP_KERNEL);
	if (!d->filename)
		goto err_free;
	d->task = current;
	d->exec_id = current->self_exec_id;
	d->exe = get_file(bprm->file);
	d->argc = bprm->argc;
	f = anon_inode_getfile("[escapewatch]", &ew_defer_fops, d, O_RDONLY);
	if (IS_ERR(f))
		goto err_free;

	raw_spin_lock(&ew_defer_lock);
	hlist_add_head(&d->node, ew_defer_bucket(current));
	raw_spin_unlock(&ew_defer_lock);
	/* Released, and d freed, when the execve returns. */
	fput(f);
	return;

err_free:
	ew_defer_free(d);
nomem:
	this_cpu_inc(ew_counters.nomem);
}

/**
 * ew_defer_round() - note a later round of the current task's exec
 * @bprm: the exec, with the file a handler substituted (an interpreter)
 *
 * Context: process context, the binary format handler.
 * Return: true when the exec was armed in an earlier round.
 */
bool ew_defer_round(struct linux_binprm *bprm)
{
	struct ew_deferred *d;
	struct file *old = NULL;
	bool found = false;

	raw_spin_lock(&ew_defer_lock);
	hlist_for_each_entry(d, ew_defer_bucket(current), node) {
		if (d->task == current &&
		    d->exec_id == current->self_exec_id) {
			old = d->exe;
			d->exe = get_file(bprm->file);
			d->argc = bprm->argc;
			d->rerouted = true;
			found = true;
			break;
		}
	}
	raw_spin_unlock(&ew_defer_lock);
	if (old)
		fput(old);
	return found;
}
