// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the exec record.  Built in atomic context as under the kprobe, it
 * must carry the right path and namespaces and no stray bytes.
 */
/* First, so that its pr_fmt() is the one in force. */
#include "../../kmod/event.c"

#include <kunit/test.h>
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
	static const struct ew_rule_desc rule = {
		.id = 7, .severity = EW_SEV_CRITICAL,
	};
	static const struct ew_matcher matcher = { .kind = EW_MATCH_PATH };
	struct ew_verdict v = {
		.rule = &rule, .matcher = &matcher, .rule_name = "test:rule",
		.pattern = "/sbin/*", .matched = "/sbin/init", .generation = 3,
	};
	struct ew_record_header *h;
	struct ew_exec_record *rec;
	const u8 *bytes;
	size_t i;

	preempt_disable();
	h = ew_event_exec(&v, "/sbin/init", false);
	preempt_enable();
	KUNIT_ASSERT_NOT_NULL(test, h);
	rec = container_of(h, struct ew_exec_record, hdr);

	KUNIT_EXPECT_EQ(test, h->type, (u16)EW_REC_EXEC);
	KUNIT_EXPECT_EQ(test, h->flags, (u16)0);
	KUNIT_EXPECT_EQ(test, h->size, (u32)ALIGN(sizeof(*rec) + 11, 8));
	KUNIT_EXPECT_EQ(test, rec->path_len, (u16)10);
	KUNIT_EXPECT_STREQ(test, rec->path, "/sbin/init");
	KUNIT_EXPECT_EQ(test, rec->rule_id, 7U);
	KUNIT_EXPECT_EQ(test, rec->severity, (u8)EW_SEV_CRITICAL);
	KUNIT_EXPECT_EQ(test, rec->match_kind, (u8)EW_MATCH_PATH);
	KUNIT_EXPECT_EQ(test, rec->rules_generation, 3ULL);
	KUNIT_EXPECT_STREQ(test, rec->rule, "test:rule");
	KUNIT_EXPECT_STREQ(test, rec->pattern, "/sbin/*");
	KUNIT_EXPECT_STREQ(test, rec->matched, "/sbin/init");
	KUNIT_EXPECT_EQ(test, rec->pid, (u32)task_tgid_nr(current));
	KUNIT_EXPECT_EQ(test, rec->tid, (u32)task_pid_nr(current));
	KUNIT_EXPECT_NE(test, rec->real_ns, 0ULL);
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_PID], proc_ns_inum(test, "pid"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_MNT], proc_ns_inum(test, "mnt"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_NET], proc_ns_inum(test, "net"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_USER], proc_ns_inum(test, "user"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_UTS], proc_ns_inum(test, "uts"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_IPC], proc_ns_inum(test, "ipc"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_CGROUP],
			proc_ns_inum(test, "cgroup"));

	/* Nothing after each string's NUL but zeros. */
	bytes = (const u8 *)rec;
	for (i = sizeof(*rec) + rec->path_len; i < h->size; i++)
		KUNIT_EXPECT_EQ_MSG(test, bytes[i], 0, "byte %zu", i);
	for (i = strlen(rec->pattern); i < sizeof(rec->pattern); i++)
		KUNIT_EXPECT_EQ_MSG(test, rec->pattern[i], 0, "pattern %zu", i);
	for (i = strlen(rec->rule); i < sizeof(rec->rule); i++)
		KUNIT_EXPECT_EQ_MSG(test, rec->rule[i], 0, "rule %zu", i);
	kfree(h);
}

/* Evidence longer than its field is cut and flagged, never overrun. */
static void ew_event_test_long_evidence(struct kunit *test)
{
	static const struct ew_rule_desc rule = { .id = 1, .severity = 1 };
	static const struct ew_matcher matcher = { .kind = EW_MATCH_PATH };
	char *longpath = kunit_kzalloc(test, EW_PATH_MAX + 10, GFP_KERNEL);
	struct ew_verdict v = {
		.rule = &rule, .matcher = &matcher, .rule_name = "r",
		.pattern = "*",
	};
	struct ew_record_header *h;
	struct ew_exec_record *rec;

	KUNIT_ASSERT_NOT_NULL(test, longpath);
	memset(longpath, 'a', EW_PATH_MAX + 9);
	v.matched = longpath;
	preempt_disable();
	h = ew_event_exec(&v, longpath, true);
	preempt_enable();
	KUNIT_ASSERT_NOT_NULL(test, h);
	rec = container_of(h, struct ew_exec_record, hdr);
	KUNIT_EXPECT_EQ(test, h->flags, (u16)(EW_EXEC_EVIDENCE_TRUNCATED |
					      EW_EXEC_PATH_TRUNCATED));
	KUNIT_EXPECT_EQ(test, strlen(rec->matched), (size_t)EW_EVIDENCE_LEN - 1);
	KUNIT_EXPECT_EQ(test, rec->path_len, (u16)(EW_PATH_MAX - 1));
	KUNIT_EXPECT_LE(test, h->size, (u32)EW_RECORD_MAX);
	kfree(h);
}

static struct kunit_case ew_event_cases[] = {
	KUNIT_CASE(ew_event_test_exec_record),
	KUNIT_CASE(ew_event_test_long_evidence),
	{}
};

static struct kunit_suite ew_event_suite = {
	.name = "escapewatch_event",
	.test_cases = ew_event_cases,
};

kunit_test_suite(ew_event_suite);
