// SPDX-License-Identifier: GPL-2.0
/*
 * Turn a judged exec into an ew_exec_record.  Runs in the exec path with
 * preemption disabled: an atomic allocation only, and on failure the
 * caller queues a gap instead of a record.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/cred.h>
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

/* Copy @src into zeroed @dst; true when it had to be cut. */
static bool ew_copy_str(char *dst, const char *src, size_t size)
{
	ssize_t n = strscpy(dst, src, size);

	return n < 0;
}

/**
 * ew_event_begin() - start the record of an exec: who, where, what file
 * @path: the executed file's resolved path
 * @path_truncated: @path is only the file's name
 *
 * Context: exec path, preemption disabled; does not sleep.
 * Return: a zeroed record with the process, namespaces and path filled
 * in, for ew_event_finish(); NULL when memory could not be allocated.
 */
struct ew_exec_record *ew_event_begin(const char *path, bool path_truncated)
{
	struct ew_exec_record *rec;
	size_t len = strnlen(path, EW_PATH_MAX - 1);
	size_t size = ALIGN(sizeof(*rec) + len + 1, 8);

	rec = kzalloc(size, GFP_ATOMIC | __GFP_NOWARN);
	if (!rec)
		return NULL;
	rec->hdr.size = size;
	rec->hdr.type = EW_REC_EXEC;
	if (path_truncated)
		rec->hdr.flags |= EW_EXEC_PATH_TRUNCATED;
	ew_fill_process(rec);
	ew_fill_namespaces(rec);
	rec->path_len = len;
	memcpy(rec->path, path, len);
	return rec;
}

/**
 * ew_event_finish() - add the rule and the evidence to a begun record
 * @rec: the record
 * @v: the rule, matcher and matched string
 *
 * Context: any; does not sleep.
 */
void ew_event_finish(struct ew_exec_record *rec, const struct ew_verdict *v)
{
	bool cut;

	rec->rules_generation = v->generation;
	rec->rule_id = v->rule->id;
	rec->severity = v->rule->severity;
	rec->match_kind = v->matcher->kind;
	ew_copy_str(rec->rule, v->rule_name, sizeof(rec->rule));
	cut = ew_copy_str(rec->pattern, v->pattern, sizeof(rec->pattern));
	cut |= ew_copy_str(rec->matched, v->matched, sizeof(rec->matched));
	if (cut)
		rec->hdr.flags |= EW_EXEC_EVIDENCE_TRUNCATED;
}

/**
 * ew_event_exec() - build the record of an exec that matched a rule
 * @v: the rule, matcher and matched string
 * @path: the executed file's resolved path
 * @path_truncated: @path is only the file's name
 *
 * Context: exec path, preemption disabled; does not sleep.
 * Return: a zero-padded record for ew_queue_push(), or NULL when memory
 * could not be allocated (counted in ew_counters.nomem).
 */
struct ew_record_header *ew_event_exec(const struct ew_verdict *v,
				       const char *path, bool path_truncated)
{
	struct ew_exec_record *rec = ew_event_begin(path, path_truncated);

	if (!rec) {
		this_cpu_inc(ew_counters.nomem);
		return NULL;
	}
	ew_event_finish(rec, v);
	return &rec->hdr;
}
