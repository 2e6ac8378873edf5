// SPDX-License-Identifier: GPL-2.0
/*
 * What is done to an exec that matched: in audit mode (the default) it is
 * reported; in enforce mode a rule's action applies.  An exec judged before
 * it happens can be denied: security_bprm_check() returns -EACCES and the
 * caller's execve fails.  One judged only after it happened (an argv rule)
 * is killed at sched_process_exec, before the new program runs an
 * instruction.  In enforce mode a file that a rule which acts must read
 * is read before the exec goes on (hook.c), so its verdict is known in
 * time as well.
 *
 * The module fails open: an exec it could not judge because of an error
 * of its own (no memory, a command line or file it could not read) runs,
 * and is counted.  With fail_closed=1 such an exec is stopped instead,
 * where a rule that acts could have matched it.
 *
 * With lock=1 the mode and the rules are fixed at load and the module
 * cannot be unloaded until reboot.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/sched/signal.h>

#include "ew.h"

static bool lock;
module_param(lock, bool, 0444);
MODULE_PARM_DESC(lock,
		 "fix mode and rules until reboot and refuse unload (default off)");

static bool fail_closed;
module_param(fail_closed, bool, 0444);
MODULE_PARM_DESC(fail_closed,
		 "in enforce mode, stop an exec that the module's own errors kept from being judged (default off: let it run)");

static int ew_mode = EW_MODE_AUDIT;

static int ew_mode_param_set(const char *val, const struct kernel_param *kp)
{
	if (sysfs_streq(val, "audit"))
		ew_mode = EW_MODE_AUDIT;
	else if (sysfs_streq(val, "enforce"))
		ew_mode = EW_MODE_ENFORCE;
	else
		return -EINVAL;
	return 0;
}

static int ew_mode_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  READ_ONCE(ew_mode) == EW_MODE_ENFORCE ? "enforce" :
								  "audit");
}

static const struct kernel_param_ops ew_mode_ops = {
	.set = ew_mode_param_set,
	.get = ew_mode_param_get,
};

/* Read-only in sysfs: the mode changes through the device's ioctl only. */
module_param_cb(mode, &ew_mode_ops, NULL, 0444);
MODULE_PARM_DESC(mode, "audit (report only, default) or enforce");

/**
 * ew_enforce_init() - take the module reference that lock=1 never drops
 */
void ew_enforce_init(void)
{
	if (lock) {
		__module_get(THIS_MODULE);
		pr_info("locked: mode %s and rules fixed until reboot\n",
			ew_mode == EW_MODE_ENFORCE ? "enforce" : "audit");
	}
}

bool ew_locked(void)
{
	return lock;
}

bool ew_fail_closed(void)
{
	return fail_closed;
}

u32 ew_mode_get(void)
{
	return READ_ONCE(ew_mode);
}

/**
 * ew_mode_set() - switch between audit and enforce
 * @mode: enum ew_mode
 *
 * Return: 0, -EINVAL for an unknown mode, -EPERM when locked.
 */
int ew_mode_set(u32 mode)
{
	if (mode != EW_MODE_AUDIT && mode != EW_MODE_ENFORCE)
		return -EINVAL;
	if (lock)
		return -EPERM;
	if (READ_ONCE(ew_mode) != mode)
		pr_info("mode %s\n", mode == EW_MODE_ENFORCE ? "enforce" :
							       "audit");
	WRITE_ONCE(ew_mode, mode);
	return 0;
}

/**
 * ew_enforce_check() - the action for a rule matched before the exec
 * @rule: the rule
 *
 * Return: EW_ACT_DENY to fail the exec now, EW_ACT_KILL to kill the
 * process once the exec is done, EW_ACT_REPORT to let it run.
 */
u8 ew_enforce_check(const struct ew_rule_desc *rule)
{
	if (READ_ONCE(ew_mode) != EW_MODE_ENFORCE)
		return EW_ACT_REPORT;
	return rule->action;
}

/**
 * ew_enforce_done() - apply a rule's action once the exec has happened
 * @rec: the record of the exec, to say what was done; may be NULL (no
 *	memory), which changes nothing about the action
 * @action: the rule's enum ew_action
 *
 * Too late to deny: a rule that asks for a denial or a kill kills the
 * process.  SIGKILL is pending before the task returns to user space, so
 * the new program never runs.
 *
 * Context: task context, the exec's return to user space (defer.c).
 */
void ew_enforce_done(struct ew_exec_record *rec, u8 action)
{
	if (READ_ONCE(ew_mode) != EW_MODE_ENFORCE || action == EW_ACT_REPORT)
		return;
	send_sig(SIGKILL, current, 1);
	this_cpu_inc(ew_counters.killed);
	if (rec)
		rec->action = EW_ACT_KILL;
}

/**
 * ew_enforce_failed() - what to do with an exec the module could not judge
 * @acting: a rule that denies or kills could have matched it
 *
 * Counted in failed_open or failed_closed, in enforce mode and when
 * @acting only: in audit mode, or with rules that only report, nothing
 * would have been done anyway.
 *
 * Return: true to stop the exec (fail_closed=1), false to let it run.
 */
bool ew_enforce_failed(bool acting)
{
	if (READ_ONCE(ew_mode) != EW_MODE_ENFORCE || !acting)
		return false;
	if (fail_closed)
		this_cpu_inc(ew_counters.failed_closed);
	else
		this_cpu_inc(ew_counters.failed_open);
	return fail_closed;
}
