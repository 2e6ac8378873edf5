// SPDX-License-Identifier: GPL-2.0
/*
 * What the record of an exec says about the process: who it is (ids,
 * capabilities, seccomp), where it is (namespaces, cgroup, working
 * directory) and where it comes from (its ancestors).  Everything here runs
 * in the exec path with preemption disabled: spinlocks and RCU only, no
 * reference whose release may sleep.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/ipc_namespace.h>
#include <linux/kernfs.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <net/net_namespace.h>

#include "ew.h"

/*
 * struct mnt_namespace is private to fs/ (fs/mount.h); on the kernels this
 * module supports it begins with its struct ns_common, which is all that is
 * read here.  The VM tests compare the result with /proc/PID/ns/mnt.
 */
struct ew_mnt_namespace_head {
	struct ns_common ns;
};

#ifndef CONFIG_RANDSTRUCT_NONE
#error "escapewatch reads struct mnt_namespace and needs CONFIG_RANDSTRUCT_NONE"
#endif

static u32 ew_mnt_inum(struct mnt_namespace *mnt)
{
	return ((struct ew_mnt_namespace_head *)mnt)->ns.inum;
}

/**
 * ew_context_namespaces() - the namespaces of the current task
 * @rec: the record whose @ns_inum and @ns_host are filled in
 */
void ew_context_namespaces(struct ew_exec_record *rec)
{
	struct nsproxy *nsp = current->nsproxy, *host = init_task.nsproxy;
	struct pid_namespace *pid_ns = task_active_pid_ns(current);
	struct user_namespace *user_ns = current_user_ns();
	u32 *inum = rec->ns_inum;

	inum[EW_NS_PID] = pid_ns->ns.inum;
	inum[EW_NS_MNT] = ew_mnt_inum(nsp->mnt_ns);
	inum[EW_NS_NET] = nsp->net_ns->ns.inum;
	inum[EW_NS_USER] = user_ns->ns.inum;
	inum[EW_NS_UTS] = nsp->uts_ns->ns.inum;
	inum[EW_NS_IPC] = nsp->ipc_ns->ns.inum;
	inum[EW_NS_CGROUP] = nsp->cgroup_ns->ns.inum;

	rec->ns_host = 0;
	if (pid_ns == &init_pid_ns)
		rec->ns_host |= BIT(EW_NS_PID);
	if (nsp->mnt_ns == host->mnt_ns)
		rec->ns_host |= BIT(EW_NS_MNT);
	if (nsp->net_ns == host->net_ns)
		rec->ns_host |= BIT(EW_NS_NET);
	if (user_ns == &init_user_ns)
		rec->ns_host |= BIT(EW_NS_USER);
	if (nsp->uts_ns == host->uts_ns)
		rec->ns_host |= BIT(EW_NS_UTS);
	if (nsp->ipc_ns == host->ipc_ns)
		rec->ns_host |= BIT(EW_NS_IPC);
	if (nsp->cgroup_ns == host->cgroup_ns)
		rec->ns_host |= BIT(EW_NS_CGROUP);
}

/**
 * ew_context_process() - ids of the current task and its parent
 * @rec: the record whose process ids are filled in
 */
void ew_context_process(struct ew_exec_record *rec)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct task_struct *parent;

	rec->pid = task_tgid_nr(current);
	rec->tid = task_pid_nr(current);
	rec->ns_pid = task_tgid_nr_ns(current, ns);
	rcu_read_lock();
	parent = rcu_dereference(current->real_parent);
	rec->ppid = task_tgid_nr(parent);
	rec->ns_ppid = task_tgid_nr_ns(parent, ns);
	rcu_read_unlock();
}

/**
 * ew_context_identity() - credentials of the current task
 * @rec: the record whose ids, capabilities, seccomp mode, no_new_privs and
 *	name are filled in
 *
 * Called before the exec, then again after it, when the set-user-ID bits
 * and file capabilities of the new program have been applied.
 */
void ew_context_identity(struct ew_exec_record *rec)
{
	const struct cred *cred = current_cred();
	struct user_namespace *ns = cred->user_ns;
	int cap;

	rec->uid = from_kuid(&init_user_ns, cred->uid);
	rec->gid = from_kgid(&init_user_ns, cred->gid);
	rec->euid = from_kuid(&init_user_ns, cred->euid);
	rec->egid = from_kgid(&init_user_ns, cred->egid);
	rec->loginuid = from_kuid(&init_user_ns, audit_get_loginuid(current));
	rec->ns_uid = from_kuid(ns, cred->uid);
	rec->ns_gid = from_kgid(ns, cred->gid);
	rec->ns_euid = from_kuid(ns, cred->euid);
	rec->ns_egid = from_kgid(ns, cred->egid);
	rec->cap_effective = 0;
	for (cap = 0; cap <= CAP_LAST_CAP && cap < 64; cap++)
		if (cap_raised(cred->cap_effective, cap))
			rec->cap_effective |= BIT_ULL(cap);
#ifdef CONFIG_SECCOMP
	rec->seccomp_mode = current->seccomp.mode;
#endif
	rec->no_new_privs = task_no_new_privs(current);
	get_task_comm(rec->comm, current);
}

/*
 * The working directory.  fs->lock is held across d_path() instead of
 * taking a reference: dropping one may sleep.
 */
static void ew_add_cwd(struct ew_builder *b, char *tmp)
{
	struct fs_struct *fs = current->fs;
	const char *p;

	if (!fs) {
		ew_put_field(b, EW_F_CWD, EW_FIELD_UNREADABLE, NULL, 0, "", 0);
		return;
	}
	spin_lock(&fs->lock);
	p = d_path(&fs->pwd, tmp, EW_PATH_MAX);
	spin_unlock(&fs->lock);
	ew_put_path(b, EW_F_CWD, p, EW_PATH_MAX);
}

#ifdef CONFIG_CGROUPS
/*
 * The cgroup on the unified (v2) hierarchy; on a host that still uses v1
 * hierarchies the task sits in the v2 root, so take the first v1 cgroup
 * that is not a root instead.
 */
static struct cgroup *ew_task_cgroup(void)
{
	struct cgroup *cgrp = task_dfl_cgroup(current);
	static const int ids[] = {
#if IS_ENABLED(CONFIG_CGROUP_SCHED)
		cpu_cgrp_id,
#endif
#if IS_ENABLED(CONFIG_MEMCG)
		memory_cgrp_id,
#endif
#if IS_ENABLED(CONFIG_CGROUP_PIDS)
		pids_cgrp_id,
#endif
	};
	size_t i;

	for (i = 0; !cgroup_parent(cgrp) && i < ARRAY_SIZE(ids); i++)
		if (cgroup_parent(task_cgroup(current, ids[i])))
			cgrp = task_cgroup(current, ids[i]);
	return cgrp;
}

static void ew_add_cgroup(struct ew_builder *b, char *tmp)
{
	int n;

	rcu_read_lock();
	n = kernfs_path_from_node(ew_task_cgroup()->kn, NULL, tmp,
				  EW_PATH_MAX);
	rcu_read_unlock();
	/* Older kernels return the full length, newer ones -E2BIG. */
	if (n >= EW_PATH_MAX || n == -E2BIG)
		ew_put_field(b, EW_F_CGROUP, EW_FIELD_TRUNCATED, NULL, 0, tmp,
			     strnlen(tmp, EW_PATH_MAX - 1));
	else if (n < 0)
		ew_put_field(b, EW_F_CGROUP, EW_FIELD_UNREADABLE, NULL, 0, "", 0);
	else
		ew_put_field(b, EW_F_CGROUP, 0, NULL, 0, tmp, n);
}
#else
static void ew_add_cgroup(struct ew_builder *b, char *tmp)
{
	ew_put_field(b, EW_F_CGROUP, EW_FIELD_UNREADABLE, NULL, 0, "", 0);
}
#endif

/*
 * A reference to a task's executable, taken the way get_task_exe_file()
 * does it, which modules cannot call: the task's lock keeps its mm, RCU
 * keeps the file until its count is raised.
 */
static struct file *ew_task_exe(struct task_struct *t)
{
	struct file *exe = NULL;
	struct mm_struct *mm;

	task_lock(t);
	mm = t->mm;
	if (mm && !(t->flags & PF_KTHREAD)) {
		rcu_read_lock();
#ifdef EW_HAVE_GET_FILE_RCU_PTR
		exe = get_file_rcu(&mm->exe_file);
#else
		exe = rcu_dereference(mm->exe_file);
		if (exe && !get_file_rcu(exe))
			exe = NULL;
#endif
		rcu_read_unlock();
	}
	task_unlock(t);
	return exe;
}

static void ew_add_ancestor(struct ew_builder *b, struct task_struct *t,
			    struct pid_namespace *ns, char *tmp)
{
	struct ew_ancestor a = {};
	const char *p = "";
	struct file *exe;
	u16 flags = 0;
	size_t len = 0;

	a.pid = task_tgid_nr(t);
	a.ns_pid = task_tgid_nr_ns(t, ns);
	get_task_comm(a.comm, t);
	exe = ew_task_exe(t);
	if (exe) {
		p = d_path(&exe->f_path, tmp, EW_PATH_MAX);
		/* The last reference is dropped later, in task work. */
		fput(exe);
		if (IS_ERR(p)) {
			p = "";
			flags = EW_FIELD_UNREADABLE;
		} else {
			len = strlen(p);
		}
	}
	if (len > EW_ANCESTOR_PATH_MAX) {
		len = EW_ANCESTOR_PATH_MAX;
		flags |= EW_FIELD_TRUNCATED;
	}
	ew_put_field(b, EW_F_ANCESTOR, flags, &a, sizeof(a), p, len);
}

/*
 * The parent, its parent and so on, up to EW_ANCESTORS_MAX of them or the
 * host's PID 1.
 */
static void ew_add_ancestors(struct ew_builder *b, char *tmp)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct task_struct *t;
	int n;

	rcu_read_lock();
	t = rcu_dereference(current->real_parent);
	for (n = 0; n < EW_ANCESTORS_MAX && t && t->pid; n++) {
		ew_add_ancestor(b, t, ns, tmp);
		if (task_tgid_nr(t) == 1)
			break;
		t = rcu_dereference(t->real_parent);
	}
	rcu_read_unlock();
}

/**
 * ew_context_fields() - the working directory, cgroup and ancestors
 * @b: the record being built
 * @tmp: EW_PATH_MAX bytes of room for a path
 */
void ew_context_fields(struct ew_builder *b, char *tmp)
{
	ew_add_cwd(b, tmp);
	ew_add_cgroup(b, tmp);
	ew_add_ancestors(b, tmp);
}
