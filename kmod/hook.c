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
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/user_namespace.h>

#include "ew.h"

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
 * Judge the file asked for by two names: the last component of the path
 * as requested, and the name of the file the path resolved to (they differ
 * for a symbolic link).
 */
static const struct ew_rule *ew_judge(struct linux_binprm *bprm)
{
	const struct ew_rule *rule;
	struct name_snapshot name;
	const char *base;

	base = ew_basename(bprm->filename);
	rule = ew_rules_match_name(base, strlen(base));
	if (rule)
		return rule;

	take_dentry_name_snapshot(&name, bprm->file->f_path.dentry);
	rule = ew_rules_match_name(name.name.name, name.name.len);
	release_dentry_name_snapshot(&name);
	return rule;
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
	const struct ew_rule *rule;

	if (likely(!ew_in_container()))
		return 0;
	if (!ew_first_round(bprm))
		return 0;

	this_cpu_inc(ew_counters.examined);
	rule = ew_judge(bprm);
	if (!rule)
		return 0;

	/* A NULL record still takes a sequence number: readers see the gap. */
	ew_queue_push(&ew_queue, ew_event_exec(bprm, rule));
	return 0;
}
