// SPDX-License-Identifier: GPL-2.0
/*
 * The bprm_check_security hook: where every exec is scoped and judged.
 *
 * It has the LSM hook's signature and contract (0 allows the exec, a
 * negative errno denies it) so that the mechanism attaching it, probe.c,
 * stays a thin layer.  It runs in the exec path with preemption disabled
 * and must not sleep.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/mm_types.h>
#include <linux/uaccess.h>
#include <linux/nsproxy.h>
#include <linux/percpu.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/user_namespace.h>

#include "ew.h"

/*
 * Room for one resolved path, and one command line read and joined, per
 * CPU: the hooks run with preemption off and do not nest.
 */
static char __percpu *ew_path_buf;
static char __percpu *ew_argv_buf;

int ew_hook_init(void)
{
	ew_path_buf = __alloc_percpu(EW_PATH_MAX, 8);
	ew_argv_buf = __alloc_percpu(2 * EW_ARGV_MAX, 8);
	if (ew_path_buf && ew_argv_buf)
		return 0;
	ew_hook_exit();
	return -ENOMEM;
}

void ew_hook_exit(void)
{
	free_percpu(ew_path_buf);
	free_percpu(ew_argv_buf);
	ew_path_buf = NULL;
	ew_argv_buf = NULL;
}

/*
 * A task is examined when its PID, mount or user namespace is not the
 * initial one.  The host's execs leave here after three pointer compares.
 */
static bool ew_in_container(void)
{
	return ns_of_pid(task_pid(current)) != &init_pid_ns ||
	       current->nsproxy->mnt_ns != init_task.nsproxy->mnt_ns ||
	       current_user_ns() != &init_user_ns;
}

/*
 * security_bprm_check() runs once per binary-handler round of one execve:
 * first for the file asked for, then for each interpreter a handler
 * substitutes (binfmt_script, binfmt_misc).  fs/exec.c sets bprm->interp to
 * bprm->filename and only bprm_change_interp() ever replaces it, so the
 * pointers are equal exactly in the first round.
 */
static bool ew_first_round(const struct linux_binprm *bprm)
{
	return bprm->interp == bprm->filename;
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
 * Judge the file asked for, and queue a record when a rule matches.  Names
 * are the last component of the path as requested and the name of the file
 * it resolved to (they differ for a symbolic link), and after the exec
 * argv[0]'s last component.  With @argv, after the exec, only what needs
 * the command line is reported (an argv matcher, a name that only argv[0]
 * has): any other match was reported before the exec, from the same names
 * and file.  A file whose hash and content the rules need but which was
 * not read yet goes to the scanner, which reports the exec if a sha256 or
 * content rule matches.
 */
static void ew_judge(struct linux_binprm *bprm, const struct ew_ruleset *rs,
		     const struct ew_argv *argv)
{
	struct ew_scan_facts facts;
	struct ew_verdict verdict;
	struct ew_subject s = {};
	struct name_snapshot name;
	bool truncated = false;
	bool known = false;

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

	if (rs->needs_scan) {
		known = ew_scan_lookup(bprm->file, rs->generation, &facts);
		if (known)
			s.facts = &facts;
		if (known && !argv)
			this_cpu_inc(ew_counters.scan_hits);
	}

	if (ew_match(rs, &s, &verdict)) {
		/* Before the exec, argv[0] was not known; the rest was. */
		if (argv && verdict.matcher->kind != EW_MATCH_ARGV &&
		    verdict.matched != s.names[2])
			goto out;
		if (!s.path)
			s.path = ew_exec_path(bprm, &name, &truncated);
		/* A NULL record still takes a sequence number. */
		ew_queue_push(&ew_queue,
			      ew_event_exec(&verdict, s.path, truncated));
	} else if (!argv && rs->needs_scan && !known) {
		struct ew_exec_record *rec;

		if (!s.path)
			s.path = ew_exec_path(bprm, &name, &truncated);
		rec = ew_event_begin(s.path, truncated);
		if (rec)
			ew_scan_queue(bprm->file, rec);
		else
			this_cpu_inc(ew_counters.scan_errors);
	}
out:
	release_dentry_name_snapshot(&name);
}

/**
 * ew_bprm_check_security() - judge one exec
 * @bprm: the exec being prepared
 *
 * An exec is judged once, in its first round: the interpreter rounds that
 * follow belong to the same execve and are not reported again.
 *
 * Context: exec path, preemption disabled; does not sleep.
 * Return: 0; detection only, this version never denies.
 */
int ew_bprm_check_security(struct linux_binprm *bprm)
{
	const struct ew_ruleset *rs;

	if (likely(!ew_in_container()))
		return 0;
	if (!ew_first_round(bprm))
		return 0;

	this_cpu_inc(ew_counters.examined);
	rcu_read_lock();
	rs = ew_ruleset_current();
	if (rs)
		ew_judge(bprm, rs, NULL);
	rcu_read_unlock();
	return 0;
}

/*
 * Read the new program's command line without faulting: the exec has just
 * written it to the new stack, so its pages are there.  Returns false (and
 * counts it) when they are not.
 */
static bool ew_read_argv(struct ew_argv *a)
{
	char *buf = this_cpu_ptr(ew_argv_buf), *joined = buf + EW_ARGV_MAX;
	struct mm_struct *mm = current->mm;
	unsigned long len = mm->arg_end - mm->arg_start;
	size_t i;

	/* Beyond EW_ARGV_MAX, arguments are not looked at (README). */
	if (len > EW_ARGV_MAX - 1)
		len = EW_ARGV_MAX - 1;
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

/**
 * ew_bprm_exec_done() - judge a command line once the exec has happened
 * @bprm: the exec, which has succeeded
 *
 * Called from the sched_process_exec tracepoint: the new program is in
 * place with its command line, and the exec can no longer fail.  There is
 * no LSM hook at this point (bprm_committed_creds runs before the command
 * line is on the new stack).
 *
 * Context: preemption disabled; does not sleep.
 */
void ew_bprm_exec_done(struct linux_binprm *bprm)
{
	const struct ew_ruleset *rs;
	struct ew_argv argv;

	if (likely(!ew_in_container()))
		return;
	rcu_read_lock();
	rs = ew_ruleset_current();
	if (rs && rs->needs_argv && ew_read_argv(&argv))
		ew_judge(bprm, rs, &argv);
	rcu_read_unlock();
}
