// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the exec record.  Built in atomic context as under the kprobe, it
 * must carry the right path and namespaces and no stray bytes.
 */
/* First, so that its pr_fmt() is the one in force. */
#include "../../kmod/event.c"

#include <kunit/test.h>
#include <linux/binfmts.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/preempt.h>

/* The inode number behind /proc/self/ns/NAME, the kernel's own answer. */
static u32 proc_ns_inum(struct kunit *test, const char *name)
{
	char path[32];
	struct path p;
	u32 ino;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	KUNIT_ASSERT_EQ_MSG(test, kern_path(path, LOOKUP_FOLLOW, &p), 0,
			    "%s", path);
	ino = d_inode(p.dentry)->i_ino;
	path_put(&p);
	return ino;
}

static void ew_event_test_exec_record(struct kunit *test)
{
	static const struct ew_rule rule = { 7, "test:rule", "init" };
	struct linux_binprm *bprm;
	struct ew_record_header *h;
	struct ew_exec_record *rec;
	const u8 *bytes;
	size_t i;

	bprm = kunit_kzalloc(test, sizeof(*bprm), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bprm);
	bprm->file = filp_open("/init", O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(bprm->file));
	bprm->filename = "/init";
	bprm->interp = bprm->filename;

	preempt_disable();
	h = ew_event_exec(bprm, &rule);
	preempt_enable();
	fput(bprm->file);
	KUNIT_ASSERT_NOT_NULL(test, h);
	rec = container_of(h, struct ew_exec_record, hdr);

	KUNIT_EXPECT_EQ(test, h->type, (u16)EW_REC_EXEC);
	KUNIT_EXPECT_EQ(test, h->flags, (u16)0);
	KUNIT_EXPECT_EQ(test, h->size, (u32)ALIGN(sizeof(*rec) + 6, 8));
	KUNIT_EXPECT_EQ(test, rec->path_len, (u16)5);
	KUNIT_EXPECT_STREQ(test, rec->path, "/init");
	KUNIT_EXPECT_EQ(test, rec->rule_id, 7U);
	KUNIT_EXPECT_STREQ(test, rec->rule, "test:rule");
	KUNIT_EXPECT_EQ(test, rec->pid, (u32)task_tgid_nr(current));
	KUNIT_EXPECT_EQ(test, rec->tid, (u32)task_pid_nr(current));
	KUNIT_EXPECT_EQ(test, rec->reserved, (u16)0);
	KUNIT_EXPECT_NE(test, rec->real_ns, 0ULL);
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_PID], proc_ns_inum(test, "pid"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_MNT], proc_ns_inum(test, "mnt"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_NET], proc_ns_inum(test, "net"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_USER], proc_ns_inum(test, "user"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_UTS], proc_ns_inum(test, "uts"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_IPC], proc_ns_inum(test, "ipc"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_CGROUP],
			proc_ns_inum(test, "cgroup"));

	/* Nothing after the path's NUL but zeros, up to the record's end. */
	bytes = (const u8 *)rec;
	for (i = sizeof(*rec) + rec->path_len; i < h->size; i++)
		KUNIT_EXPECT_EQ_MSG(test, bytes[i], 0, "byte %zu", i);
	/* The name fields are NUL-padded too. */
	for (i = strlen(rec->rule); i < sizeof(rec->rule); i++)
		KUNIT_EXPECT_EQ_MSG(test, rec->rule[i], 0, "rule byte %zu", i);
	kfree(h);
}

static struct kunit_case ew_event_cases[] = {
	KUNIT_CASE(ew_event_test_exec_record),
	{}
};

static struct kunit_suite ew_event_suite = {
	.name = "escapewatch_event",
	.test_cases = ew_event_cases,
};

kunit_test_suite(ew_event_suite);
