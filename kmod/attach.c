// SPDX-License-Identifier: GPL-2.0
/*
 * Where an exec enters: a binary format handler, first in the kernel's
 * list, which recognises no format.
 *
 * A module cannot register LSM hooks (the hook lists are read-only after
 * boot and security_add_hooks() is not exported).  search_binary_handler()
 * calls each binary format handler right after security_bprm_check(), in
 * every round of an execve (the file asked for, then each interpreter a
 * handler substitutes), in process context, before the point of no return,
 * and holding a reference to the handler's module for the call: the place
 * where the bprm_check_security hook runs, one step later.  The handler
 * judges the exec there (hook.c), denies it by returning the hook's errno,
 * and otherwise returns -ENOEXEC so that the real handlers go on.
 *
 * Nothing is patched: no kprobe, no ftrace trampoline, no tracepoint, no
 * static key.  Loading and unloading the module adds and removes one list
 * entry under binfmt_lock, so it cannot race with code being modified on
 * other CPUs (docs/testing.md: the 6.1 oops).
 * The work after the exec, which needs the new program's command line,
 * runs in the task itself before the new program does (defer.c).
 *
 * What this costs: every exec takes and drops a reference to this module
 * for the call, and one on the host returns after three pointer compares.
 * One in a container is checked, and its end armed only when it can
 * matter (ew_bprm_end_needed()).
 * An exec that another LSM denied never reaches the handler, so is not
 * reported.  A binary format handler inserted after this module loaded
 * (binfmt_misc, loaded later) comes first: an exec of a file it claims is
 * judged in its interpreter's round, by the name asked for and the
 * interpreter's file.  An unload attempt fails (EAGAIN) while an exec in a
 * container is inside the handler or on its way back to user space.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/module.h>

#include "ew.h"

/**
 * ew_bprm_first_round() - whether this is the first round of an execve
 * @bprm: the exec
 *
 * The binary format handlers (and security_bprm_check()) run once per
 * round of one execve: first for the file asked for, then for each
 * interpreter a handler substitutes (binfmt_script, binfmt_misc).
 * fs/exec.c sets bprm->interp to bprm->filename and only
 * bprm_change_interp() ever replaces it, so the pointers are equal exactly
 * in the first round.
 */
static bool ew_bprm_first_round(const struct linux_binprm *bprm)
{
	return bprm->interp == bprm->filename;
}

/*
 * Recognises no format: -ENOEXEC, unless the exec is denied.  The first
 * round of an exec in a container that reaches this handler is judged,
 * and the end of the exec armed when it can matter; the rounds after it
 * (a script's interpreter, which is armed: a script is no ELF file) only
 * tell defer.c which file is finally executed.  That is
 * the exec's first round, unless a handler ahead of this one (binfmt_misc
 * inserted later) claimed the file and substituted its interpreter: then
 * the interpreter's round is judged, with the name the caller asked for.
 */
static int ew_load_binary(struct linux_binprm *bprm)
{
	int ret;

	if (likely(!ew_current_examined()))
		return -ENOEXEC;
	/*
	 * A later round that finds nothing armed is taken for a first one.
	 * So is the interpreter's round of an exec whose first round was
	 * judged here but could not be armed (ew_defer_arm(): no memory, or
	 * the system's file table full for a task without CAP_SYS_ADMIN):
	 * it is judged again, as a new exec.  Its check sends on the first
	 * round's record, if any, marked failed though the exec goes on; a
	 * rule that matches the name asked for, or the interpreter's file,
	 * then reports the same execve again (and in enforce mode acts on
	 * it), and execs_examined counts it twice.  Telling this apart from
	 * a first round that never came here (binfmt_misc) would need a mark
	 * kept without memory, which an exec that fails could leave behind
	 * for the task's next exec and have it skipped: not done.
	 */
	if (!ew_bprm_first_round(bprm) && ew_defer_round(bprm))
		return -ENOEXEC;
	ret = ew_bprm_check_security(bprm);
	if (!ret)
		ret = ew_bprm_check_sleepable(bprm);
	if (!ret && ew_bprm_end_needed(bprm))
		ew_defer_arm(bprm);
	return ret ? ret : -ENOEXEC;
}

static struct linux_binfmt ew_binfmt = {
	.module = THIS_MODULE,
	.load_binary = ew_load_binary,
};

/**
 * ew_attach() - start receiving execs
 *
 * Context: process context, module init.
 */
void ew_attach(void)
{
	insert_binfmt(&ew_binfmt);
}

/**
 * ew_detach() - stop receiving execs
 *
 * No exec is inside the handler: each holds a reference to this module,
 * and the module is only unloaded without any.  No end of an exec is
 * waiting either: defer.c's files hold a reference too.
 *
 * Context: process context, module exit.
 */
void ew_detach(void)
{
	unregister_binfmt(&ew_binfmt);
}
