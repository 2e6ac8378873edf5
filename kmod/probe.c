// SPDX-License-Identifier: GPL-2.0
/*
 * Where an exec enters: a kretprobe on security_bprm_check().
 *
 * A module cannot register LSM hooks (the hook lists are read-only after
 * boot and security_add_hooks() is not exported), so the function that runs
 * the bprm_check_security hooks is probed instead.  The entry handler calls
 * the hook body with the function's argument; the return handler applies a
 * denial the hook asked for, unless another LSM already denied.
 *
 * Command lines are judged once the exec has happened, from the
 * sched_process_exec tracepoint, found by name since it is not exported.
 *
 * In enforce mode a third entry lets an exec wait, before it goes on, for
 * its file to be read: a binary format handler first in the kernel's list,
 * which recognises no format.  search_binary_handler() calls it right after
 * security_bprm_check(), in the same round and before the point of no
 * return, where sleeping is allowed, holding a reference to this module
 * for the call.  It is added the first time enforce mode is turned on and
 * stays until unload: taking a handler out of the list while an exec is
 * inside it is not safe, and an exec that holds the module's reference
 * makes an unload attempt fail, which audit mode need not cost.
 *
 * On PREEMPT_RT the kretprobe is not used: its entry handler runs with
 * preemption disabled, where the hook's spinlocks, which sleep there, and
 * its allocations are not allowed.  The binary format handler is added at
 * load instead and judges each exec in process context, at the same point
 * (an exec another LSM denied never reaches it, so is not reported); the
 * tracepoint only marks the exec done, and the rest runs in task context
 * before the new program does (defer.c).  An unload attempt can then fail
 * while an exec is inside the handler or on its way back to user space.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/ptrace.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "ew.h"

static unsigned int maxactive = 512;
module_param(maxactive, uint, 0444);
MODULE_PARM_DESC(maxactive,
		 "execs that can be inside security_bprm_check at once (default 512)");

/**
 * struct ew_probe_data - per-call state carried from entry to return
 * @verdict: what ew_bprm_check_security() returned
 */
struct ew_probe_data {
	int verdict;
};

static int ew_probe_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct ew_probe_data *d = (struct ew_probe_data *)ri->data;
	struct linux_binprm *bprm =
		(struct linux_binprm *)regs_get_kernel_argument(regs, 0);

	d->verdict = ew_bprm_check_security(bprm);
	return 0;
}

static int ew_probe_return(struct kretprobe_instance *ri,
			   struct pt_regs *regs)
{
	struct ew_probe_data *d = (struct ew_probe_data *)ri->data;

	if (d->verdict && !regs_return_value(regs))
		regs_set_return_value(regs, d->verdict);
	return 0;
}

static struct kretprobe ew_kretprobe = {
	.kp.symbol_name = "security_bprm_check",
	.entry_handler = ew_probe_entry,
	.handler = ew_probe_return,
	.data_size = sizeof(struct ew_probe_data),
};

static void ew_probe_exec(void *data, struct task_struct *p, pid_t old_pid,
			  struct linux_binprm *bprm)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		ew_defer_done(bprm);
	else
		ew_bprm_exec_done(bprm);
}

static struct tracepoint *ew_exec_tp;

/* Recognises no format: returns -ENOEXEC unless the exec is denied. */
static int ew_load_binary(struct linux_binprm *bprm)
{
	int ret = 0;

	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		ret = ew_bprm_check_security(bprm);
	if (!ret)
		ret = ew_bprm_check_sleepable(bprm);
	if (!ret && IS_ENABLED(CONFIG_PREEMPT_RT) && ew_bprm_examined(bprm))
		ew_defer_arm(bprm);
	return ret ? ret : -ENOEXEC;
}

static struct linux_binfmt ew_binfmt = {
	.module = THIS_MODULE,
	.load_binary = ew_load_binary,
};

static DEFINE_MUTEX(ew_binfmt_lock);	/* protects ew_binfmt_added */
static bool ew_binfmt_added;

static void ew_find_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_process_exec"))
		*(struct tracepoint **)priv = tp;
}

/**
 * ew_probe_attach() - start receiving execs
 *
 * Both are needed: the check, and the tracepoint where a record gets the
 * new program's command line.  On PREEMPT_RT the check is the binary
 * format handler's.
 *
 * Return: 0, -ENOENT without the sched_process_exec tracepoint,
 * -EOPNOTSUPP when the kretprobe could not use ftrace, or the error of
 * registering a probe.
 */
int ew_probe_attach(void)
{
	int ret;

	for_each_kernel_tracepoint(ew_find_tp, &ew_exec_tp);
	if (!ew_exec_tp) {
		pr_err("no sched_process_exec tracepoint in this kernel\n");
		return -ENOENT;
	}
	ret = tracepoint_probe_register(ew_exec_tp, ew_probe_exec, NULL);
	if (ret) {
		pr_err("cannot attach to sched_process_exec: %d\n", ret);
		ew_exec_tp = NULL;
		return ret;
	}

	if (IS_ENABLED(CONFIG_PREEMPT_RT)) {
		pr_info("PREEMPT_RT: execs judged from a binary format handler, in task context\n");
		ew_probe_enforce();
		return 0;
	}
	ew_kretprobe.maxactive = maxactive;
	ret = register_kretprobe(&ew_kretprobe);
	if (ret) {
		pr_err("cannot probe %s: %d\n", ew_kretprobe.kp.symbol_name,
		       ret);
		goto err_tp;
	}
	/*
	 * Through ftrace, the entry handler runs in the exec's own context
	 * with preemption off.  Through a breakpoint it would run in the
	 * int3 exception, which x86 enters as an NMI: no spinlock (d_lock,
	 * the queue's) and no allocation is safe there.
	 */
	if (!kprobe_ftrace(&ew_kretprobe.kp)) {
		pr_err("%s is not probed through ftrace (CONFIG_KPROBES_ON_FTRACE): the hook cannot run from a breakpoint\n",
		       ew_kretprobe.kp.symbol_name);
		ret = -EOPNOTSUPP;
		goto err_probe;
	}
	if (ew_mode_get() == EW_MODE_ENFORCE)
		ew_probe_enforce();
	return 0;

err_probe:
	unregister_kretprobe(&ew_kretprobe);
err_tp:
	tracepoint_probe_unregister(ew_exec_tp, ew_probe_exec, NULL);
	tracepoint_synchronize_unregister();
	ew_exec_tp = NULL;
	return ret;
}

/**
 * ew_probe_enforce() - let execs wait for their file to be read
 *
 * Called when enforce mode is turned on, and on PREEMPT_RT at load; the
 * handler is added once.
 *
 * Context: process context.
 */
void ew_probe_enforce(void)
{
	mutex_lock(&ew_binfmt_lock);
	if (!ew_binfmt_added) {
		insert_binfmt(&ew_binfmt);
		ew_binfmt_added = true;
	}
	mutex_unlock(&ew_binfmt_lock);
}

/**
 * ew_probe_detach() - stop receiving execs
 *
 * Waits until no handler runs; calls still inside security_bprm_check()
 * return without reaching this module's return handler.
 */
void ew_probe_detach(void)
{
	/* No exec is inside the handler: each holds a module reference. */
	if (ew_binfmt_added)
		unregister_binfmt(&ew_binfmt);
	ew_binfmt_added = false;
	if (!IS_ENABLED(CONFIG_PREEMPT_RT))
		unregister_kretprobe(&ew_kretprobe);
	if (ew_exec_tp) {
		tracepoint_probe_unregister(ew_exec_tp, ew_probe_exec, NULL);
		tracepoint_synchronize_unregister();
	}
}

/**
 * ew_probe_missed() - execs not seen because no kretprobe instance was free
 */
u64 ew_probe_missed(void)
{
	return ew_kretprobe.nmissed + ew_kretprobe.kp.nmissed;
}
