// SPDX-License-Identifier: GPL-2.0
/*
 * The bprm_check_security hook: where every exec is scoped and judged.
 * attach.c asks ew_current_examined() first and calls the hook bodies
 * below only for the execs it admits.
 *
 * The hook has the LSM hook's signature and contract (0 allows the exec, a
 * negative errno denies it) so that the mechanism attaching it, attach.c,
 * stays a thin layer.  It runs in the exec path, in process context from
 * the binary format handler, but the check itself does not sleep: it holds
 * this CPU's buffers (preemption off, except on PREEMPT_RT) and the RCU
 * read lock of the rules.  The end of the exec runs in the task's context
 * when the execve returns (defer.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/elf.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/local_lock.h>
#include <linux/mm_types.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/nsproxy.h>
#include <linux/percpu.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/user_namespace.h>

#include "ew.h"

unsigned int ew_argv_max = 4096;
module_param_named(argv_max, ew_argv_max, uint, 0444);
MODULE_PARM_DESC(argv_max,
		 "bytes of a command line read and reported, at most (default 4096, up to 65536)");

/*
 * Room for one resolved path, and one command line read and joined, per
 * CPU, and the records built in event.c's per-CPU room: the hooks do not
 * nest, and hold this CPU's lock while they use them: it disables
 * preemption, or on PREEMPT_RT keeps the task on its CPU and other tasks
 * out of the buffers.
 */
static char __percpu *ew_path_buf;
static DEFINE_PER_CPU(char *, ew_argv_buf);
static DEFINE_PER_CPU(local_lock_t, ew_cpu_lock) = INIT_LOCAL_LOCK(ew_cpu_lock);

int ew_hook_init(void)
{
	int cpu;

	ew_argv_max = clamp_t(unsigned int, ew_argv_max, 256, EW_ARGV_MAX);
	ew_path_buf = __alloc_percpu(EW_PATH_MAX, 8);
	if (!ew_path_buf)
		goto fail;
	for_each_possible_cpu(cpu) {
		per_cpu(ew_argv_buf, cpu) = kvmalloc(2 * (ew_argv_max + 1),
						     GFP_KERNEL);
		if (!per_cpu(ew_argv_buf, cpu))
			goto fail;
	}
	return 0;
fail:
	ew_hook_exit();
	return -ENOMEM;
}

void ew_hook_exit(void)
{
	int cpu;

	free_percpu(ew_path_buf);
	ew_path_buf = NULL;
	for_each_possible_cpu(cpu) {
		kvfree(per_cpu(ew_argv_buf, cpu));
		per_cpu(ew_argv_buf, cpu) = NULL;
	}
}

/**
 * ew_current_examined() - whether the current task's execs are examined
 *
 * A task is examined when its PID, mount or user namespace is not the
 * initial one.  The host's execs leave here after three pointer compares.
 */
bool ew_current_examined(void)
{
	return ns_of_pid(task_pid(current)) != &init_pid_ns ||
	       current->nsproxy->mnt_ns != init_task.nsproxy->mnt_ns ||
	       current_user_ns() != &init_user_ns;
}

static const char *ew_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * The resolved path of the executed file, in this CPU's buffer.  When it
 * does not fit, the file's own name instead, and *@truncated is set.
 */
static const char *ew_exec_path(struct linux_binprm *bprm,
				const struct name_snapshot *name,
				bool *truncated)
{
	char *buf = this_cpu_ptr(ew_path_buf);
	const char *path;

	path = d_path(&bprm->file->f_path, buf, EW_PATH_MAX);
	*truncated = IS_ERR(path);
	if (!*truncated)
		return path;
	strscpy(buf, name->name.name, EW_PATH_MAX);
	return buf;
}

/*
 * A file with no path on a filesystem: deleted, or on a kernel-internal
 * mount (a memfd lives on the internal shmem mount).
 */
static bool ew_fileless(const struct file *file)
{
	return d_unlinked(file->f_path.dentry) ||
	       (file->f_path.mnt->mnt_sb->s_flags & SB_KERNMOUNT);
}

/*
 * Judge the file asked for.  Names are the last component of the path as
 * requested and the name of the file it resolved to (they differ for a
 * symbolic link), and after the exec argv[0]'s last component.
 *
 * Without @argv (the check, before the exec): a match, or a file whose
 * hash and content the rules need but which was not read yet, begins a
 * record that waits in pending.c for the exec to complete; a match whose
 * rule denies, in enforce mode, is reported at once and the exec fails.
 *
 * With @argv (after the exec): only what needs the command line is
 * reported (an argv matcher, a name that only argv[0] has), at once, and
 * its rule's action applied; any other match was found at the check, from
 * the same names and file.
 *
 * Return: -EACCES to deny the exec; with @argv, 1 when it was reported;
 * else 0.
 */
static int ew_judge(struct linux_binprm *bprm, const struct ew_ruleset *rs,
		    const struct ew_argv *argv)
{
	struct ew_exec_record *rec;
	struct ew_scan_facts facts;
	struct ew_verdict v;
	struct ew_subject s = {};
	struct name_snapshot name;
	bool truncated = false;
	bool cached, known;
	int verdict = 0;
	u8 act;

	take_dentry_name_snapshot(&name, bprm->file->f_path.dentry);
	s.names[0] = ew_basename(bprm->filename);
	s.names[1] = name.name.name;
	s.fileless = ew_fileless(bprm->file);
	if (rs->needs_path)
		s.path = ew_exec_path(bprm, &name, &truncated);
	if (argv) {
		s.argv = argv;
		s.names[2] = argv->len ? ew_basename(argv->buf) : NULL;
	}

	/* The hash is the file's; content results are for one rule set. */
	cached = rs->needs_scan && ew_scan_lookup(bprm->file, &facts);
	known = cached && facts.generation == rs->generation;
	if (known)
		s.facts = &facts;
	if (known && rs->needs_scan && !argv)
		this_cpu_inc(ew_counters.scan_hits);

	if (ew_match(rs, &s, &v)) {
		/* Before the exec, argv[0] was not known; the rest was. */
		if (argv && v.matcher->kind != EW_MATCH_ARGV &&
		    v.matched != s.names[2])
			goto out;
		if (!rs->needs_scan)
			cached = ew_scan_lookup(bprm->file, &facts);
		rec = ew_event_begin(bprm, &v, cached ? &facts : NULL);
		act = argv ? EW_ACT_REPORT : ew_enforce_check(v.rule);
		/* Without a record, nothing remembers to kill after the exec. */
		if (act == EW_ACT_KILL && !rec && ew_enforce_failed(true))
			act = EW_ACT_DENY;
		if (act == EW_ACT_DENY) {
			this_cpu_inc(ew_counters.denied);
			verdict = -EACCES;
			if (rec) {
				rec->action = EW_ACT_DENY;
				ew_event_fail(rec);
			}
			ew_dispatch(rec, bprm->file, true);
		} else if (!argv) {
			if (rec)
				ew_pending_add(rec, bprm->file, true);
			else
				ew_dispatch(NULL, bprm->file, true);
		} else {
			if (rec)
				rec = ew_event_complete(rec, bprm, bprm->file,
							argv);
			ew_enforce_done(rec, v.rule->action);
			ew_dispatch(rec, bprm->file, true);
			verdict = 1;
		}
	} else if (!argv && rs->needs_scan && !known) {
		rec = ew_event_begin(bprm, NULL, cached ? &facts : NULL);
		if (rec) {
			ew_pending_add(rec, bprm->file, false);
		} else {
			this_cpu_inc(ew_counters.scan_errors);
			if (ew_enforce_failed(rs->scan_acts)) {
				this_cpu_inc(ew_counters.denied);
				verdict = -EACCES;
			}
		}
	}
out:
	release_dentry_name_snapshot(&name);
	return verdict;
}

/**
 * ew_bprm_check_security() - judge one exec
 * @bprm: the exec being prepared
 *
 * An exec is judged once: attach.c calls this in the first round that
 * reaches it, and not for the interpreter rounds that follow, which belong
 * to the same execve.  attach.c has scoped it too: only a task that
 * ew_current_examined() admits gets here.
 *
 * Context: exec path, the binary format handler (attach.c); does not
 * sleep.
 * Return: 0 to allow the exec, -EACCES to deny it (enforce mode, a rule
 * whose action is deny).
 */
int ew_bprm_check_security(struct linux_binprm *bprm)
{
	const struct ew_ruleset *rs;
	int verdict = 0;

	local_lock(&ew_cpu_lock);
	this_cpu_inc(ew_counters.examined);
	ew_pending_flush();
	rcu_read_lock();
	rs = ew_ruleset_current();
	if (rs)
		verdict = ew_judge(bprm, rs, NULL);
	rcu_read_unlock();
	local_unlock(&ew_cpu_lock);
	return verdict;
}

/**
 * ew_bprm_check_sleepable() - judge by hash and content before the exec
 * @bprm: the exec, just checked by ew_bprm_check_security()
 *
 * In enforce mode, when a rule that denies or kills looks at hashes or
 * content and the file was not read yet, the check could not judge the
 * exec without sleeping and left its record waiting, unjudged.  Here,
 * right after the check and before the point of no return, the exec reads
 * the file itself: a deny rule fails it, a kill rule has it killed once it
 * is done (ew_bprm_exec_done()), a report rule has it reported.
 *
 * Context: process context, may sleep (the binary format handler).
 * Return: 0 to let the exec go on, -EACCES to deny it.
 */
int ew_bprm_check_sleepable(struct linux_binprm *bprm)
{
	const struct ew_ruleset *rs;
	struct ew_pending p;
	u8 act = EW_ACT_REPORT;
	bool acts;
	int ret;

	if (ew_mode_get() != EW_MODE_ENFORCE)
		return 0;
	rcu_read_lock();
	rs = ew_ruleset_current();
	acts = rs && rs->scan_acts;
	rcu_read_unlock();
	if (!acts || !ew_pending_take_unjudged(&p))
		return 0;

	ret = ew_scan_judge_now(p.file, p.rec, &act);
	if (ret <= 0) {
		kfree(p.rec);
		ret = ret && ew_enforce_failed(true) ? -EACCES : 0;
	} else if (act == EW_ACT_DENY) {
		p.rec->action = EW_ACT_DENY;
		ew_event_fail(p.rec);
		ew_queue_push(&ew_queue, &p.rec->hdr);
		ret = -EACCES;
	} else {
		ew_pending_add(p.rec, p.file, true);
		ret = 0;
	}
	if (ret)
		this_cpu_inc(ew_counters.denied);
	fput(p.file);
	return ret;
}

/* Whether the file is an ELF program of this machine: binfmt_elf runs it
 * in this round, and no handler substitutes an interpreter after it.
 */
static bool ew_native_elf(const struct linux_binprm *bprm)
{
	const struct elfhdr *eh = (const struct elfhdr *)bprm->buf;

	return !memcmp(eh->e_ident, ELFMAG, SELFMAG) &&
	       eh->e_machine == ELF_ARCH;
}

/**
 * ew_bprm_end_needed() - whether the end of an exec must be seen
 * @bprm: the exec, just checked and let go on
 *
 * The end of an exec (ew_bprm_exec_done()) finishes a record that waits
 * for it and judges the command line; arming it (defer.c) costs a file
 * and a round of task work, several times the check.  It can be skipped
 * when nothing waits, the program is a native ELF file (so this is the
 * exec's last round and its command line is final), and no rule could
 * judge it: none names argv[0]'s name, the file's or the name asked for as
 * an argv matcher's program, a name matcher's (for argv[0]), an
 * interpreter or a multi-call program.  When argv[0] cannot be read here,
 * it is armed.
 *
 * Context: process context, may sleep (the binary format handler).
 * Return: true to arm the end of the exec.
 */
bool ew_bprm_end_needed(struct linux_binprm *bprm)
{
	const struct ew_ruleset *rs;
	struct name_snapshot name;
	char argv0[NAME_MAX + 1];
	const char *names[3];
	bool needed;

	if (!ew_native_elf(bprm) || ew_pending_mine())
		return true;
	rcu_read_lock();
	rs = ew_ruleset_current();
	needed = rs && (rs->needs_argv || rs->needs_script);
	rcu_read_unlock();
	if (!needed)
		return false;
	if (!ew_argv0_name(bprm, argv0, sizeof(argv0)))
		return true;

	take_dentry_name_snapshot(&name, bprm->file->f_path.dentry);
	names[0] = ew_basename(bprm->filename);
	names[1] = name.name.name;
	names[2] = argv0;
	rcu_read_lock();
	rs = ew_ruleset_current();
	needed = rs && ew_match_end_needed(rs, names);
	rcu_read_unlock();
	release_dentry_name_snapshot(&name);
	return needed;
}

/*
 * Read the new program's command line, up to argv_max bytes, without
 * faulting: the exec has just written it to the new stack, so its pages
 * are there.  Returns false (and counts it) when they are not.
 */
static bool ew_read_argv(struct ew_argv *a)
{
	char *buf = this_cpu_read(ew_argv_buf);
	char *joined = buf + ew_argv_max + 1;
	struct mm_struct *mm = current->mm;
	unsigned long len = mm->arg_end - mm->arg_start;
	size_t i;

	a->truncated = len > ew_argv_max;
	if (a->truncated)
		len = ew_argv_max;
	if (copy_from_user_nofault(buf, (const void __user *)mm->arg_start,
				   len)) {
		this_cpu_inc(ew_counters.argv_faults);
		return false;
	}
	if (len && buf[len - 1])
		buf[len++] = '\0';	/* cut inside the last argument */
	for (i = 0; i < len; i++)
		joined[i] = buf[i] ? buf[i] : ' ';
	joined[len ? len - 1 : 0] = '\0';
	a->buf = buf;
	a->len = len;
	a->joined = joined;
	return true;
}

/*
 * The script given to the interpreter just executed (script.c): opened as
 * the interpreter would open it, which may sleep, then judged with this
 * CPU's buffers held; in enforce mode, when the file must be read first,
 * read here before the interpreter runs.
 */
static void ew_exec_script(struct linux_binprm *bprm, struct ew_script *sc)
{
	struct ew_exec_record *read_now = NULL;
	const struct ew_ruleset *rs;
	struct ew_argv argv;
	struct file *script;

	script = ew_script_open(sc);
	if (!script)
		goto out;
	local_lock(&ew_cpu_lock);
	rcu_read_lock();
	rs = ew_ruleset_current();
	/* The command line again: another task had this CPU's buffer. */
	if (rs && rs->needs_script && ew_read_argv(&argv))
		read_now = ew_script_judge(bprm, rs, script, sc, &argv);
	rcu_read_unlock();
	local_unlock(&ew_cpu_lock);
	if (read_now)
		ew_script_judge_now(script, read_now);
	fput(script);
out:
	kfree(sc->name);
}

/**
 * ew_bprm_exec_done() - finish the records of an exec that has happened
 * @bprm: the exec, which has succeeded
 *
 * Called when the execve returns to user space (defer.c): the new program
 * is in place with its command line, and the exec can no longer fail.
 * There is no LSM hook at this point (bprm_committed_creds runs before the
 * command line is on the new stack).  The record begun at the check gets
 * the command line and goes on; then the command line is judged, and the
 * script it gives an interpreter.  Of @bprm, only filename, interp, file
 * and argc are read (defer.c passes a stand-in, whose interp is not its
 * filename when a later round of the exec, a "#!" script's, replaced the
 * file).
 *
 * Context: task context, before the new program runs; may sleep, but
 * sleeps only to open an interpreter's script.
 */
void ew_bprm_exec_done(struct linux_binprm *bprm)
{
	struct ew_script sc = { .kind = EW_SCRIPT_NONE };
	const struct ew_ruleset *rs;
	struct ew_pending p;
	struct ew_argv argv;
	bool waiting, have_argv, kill_unjudged, reported;

	if (likely(!ew_current_examined()))
		return;
	local_lock(&ew_cpu_lock);
	waiting = ew_pending_take(&p);
	rcu_read_lock();
	rs = ew_ruleset_current();
	have_argv = (waiting || (rs && (rs->needs_argv || rs->needs_script))) &&
		    ew_read_argv(&argv);
	/* An unreadable command line that a rule which acts needed. */
	kill_unjudged = rs && rs->needs_argv && !have_argv &&
			ew_enforce_failed(rs->argv_acts);
	if (waiting) {
		u8 action = kill_unjudged ? EW_ACT_KILL : p.rec->rule_action;
		struct ew_exec_record *rec;

		rec = ew_event_complete(p.rec, bprm, p.file,
					have_argv ? &argv : NULL);
		if (p.matched)
			ew_enforce_done(rec, action);
		ew_dispatch(rec, p.file, p.matched);
		fput(p.file);
	}
	/* A record already reported the exec; argv rules add nothing. */
	reported = waiting && p.matched;
	if (rs && rs->needs_argv && have_argv && !reported)
		reported = ew_judge(bprm, rs, &argv) > 0;
	else if (kill_unjudged && !reported)
		ew_enforce_done(NULL, EW_ACT_KILL);
	/* A "#!" script was judged as the file executed. */
	if (rs && rs->needs_script && have_argv && !reported &&
	    bprm->interp == bprm->filename)
		ew_script_find(bprm, rs, &argv, &sc);
	rcu_read_unlock();
	local_unlock(&ew_cpu_lock);
	if (sc.kind != EW_SCRIPT_NONE)
		ew_exec_script(bprm, &sc);
}
