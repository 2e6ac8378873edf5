// SPDX-License-Identifier: GPL-2.0
/*
 * Turn a judged exec into an ew_exec_record.  Runs in the exec path with
 * preemption disabled: atomic allocations only, and on failure the caller
 * queues a gap instead of a record.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/ipc_namespace.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
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

static void ew_fill_namespaces(struct ew_exec_record *rec)
{
	struct nsproxy *nsp = current->nsproxy;
	u32 *inum = rec->ns_inum;

	inum[EW_NS_PID] = ns_of_pid(task_pid(current))->ns.inum;
	inum[EW_NS_MNT] =
		((struct ew_mnt_namespace_head *)nsp->mnt_ns)->ns.inum;
	inum[EW_NS_NET] = nsp->net_ns->ns.inum;
	inum[EW_NS_USER] = current_user_ns()->ns.inum;
	inum[EW_NS_UTS] = nsp->uts_ns->ns.inum;
	inum[EW_NS_IPC] = nsp->ipc_ns->ns.inum;
	inum[EW_NS_CGROUP] = nsp->cgroup_ns->ns.inum;
}

static void ew_fill_process(struct ew_exec_record *rec)
{
	rec->boot_ns = ktime_get_boottime_ns();
	rec->real_ns = ktime_get_real_ns();
	rec->pid = task_tgid_nr(current);
	rec->tid = task_pid_nr(current);
	rcu_read_lock();
	rec->ppid = task_tgid_nr(rcu_dereference(current->real_parent));
	rcu_read_unlock();
	rec->ns_pid = task_tgid_vnr(current);
	rec->uid = from_kuid_munged(&init_user_ns, current_uid());
	get_task_comm(rec->comm, current);
}

/*
 * Resolve the executed file's path into @buf (EW_PATH_MAX bytes).  Return
 * its start inside @buf and set *@truncated when the path did not fit and
 * only the file's own name is given.
 */
static const char *ew_exec_path(struct linux_binprm *bprm, char *buf,
				bool *truncated)
{
	struct name_snapshot name;
	const char *path;
	size_t len;

	path = d_path(&bprm->file->f_path, buf, EW_PATH_MAX);
	if (!IS_ERR(path)) {
		*truncated = false;
		return path;
	}

	*truncated = true;
	take_dentry_name_snapshot(&name, bprm->file->f_path.dentry);
	len = min_t(size_t, name.name.len, EW_PATH_MAX - 1);
	memcpy(buf, name.name.name, len);
	buf[len] = '\0';
	release_dentry_name_snapshot(&name);
	return buf;
}

/**
 * ew_event_exec() - build the record of an exec that matched a rule
 * @bprm: the exec
 * @rule: the rule it matched
 *
 * Context: exec path, preemption disabled; does not sleep.
 * Return: a zero-padded record for ew_queue_push(), or NULL when memory
 * could not be allocated (counted in ew_counters.nomem).
 */
struct ew_record_header *ew_event_exec(struct linux_binprm *bprm,
				       const struct ew_rule *rule)
{
	struct ew_exec_record *rec = NULL;
	const char *path;
	bool truncated;
	size_t len;
	char *buf;

	buf = kmalloc(EW_PATH_MAX, GFP_ATOMIC | __GFP_NOWARN);
	if (!buf)
		goto out;

	path = ew_exec_path(bprm, buf, &truncated);
	len = strlen(path);
	rec = kzalloc(ALIGN(sizeof(*rec) + len + 1, 8),
		      GFP_ATOMIC | __GFP_NOWARN);
	if (!rec)
		goto out;

	rec->hdr.size = ALIGN(sizeof(*rec) + len + 1, 8);
	rec->hdr.type = EW_REC_EXEC;
	rec->hdr.flags = truncated ? EW_EXEC_PATH_TRUNCATED : 0;
	ew_fill_process(rec);
	ew_fill_namespaces(rec);
	rec->rule_id = rule->id;
	strscpy(rec->rule, rule->name, sizeof(rec->rule));
	rec->path_len = len;
	memcpy(rec->path, path, len);
out:
	kfree(buf);
	if (!rec)
		this_cpu_inc(ew_counters.nomem);
	return rec ? &rec->hdr : NULL;
}
