// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the exec record.  Built in atomic context, as under the hook's
 * per-CPU lock, it must carry the right file, process context and namespaces, every field
 * framed and padded with zeros, and values cut at their bounds flagged.
 */
/* First, so that its pr_fmt() is the one in force. */
#include "../../kmod/event.c"
#include "../../kmod/context.c"
#include "../../kmod/field.c"

#include <kunit/test.h>
#include <linux/binfmts.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
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

/*
 * The @nth field of @type in @rec, or NULL; checks the framing of every
 * field on the way, and that padding is zero.
 */
static const struct ew_field *field(struct kunit *test,
				    const struct ew_exec_record *rec,
				    u16 type, int nth)
{
	const u8 *p = (const u8 *)rec + sizeof(*rec);
	const u8 *end = (const u8 *)rec + rec->hdr.size;

	while (p < end) {
		const struct ew_field *f = (const void *)p;
		size_t i;

		KUNIT_ASSERT_LE(test, (size_t)(end - p), (size_t)rec->hdr.size);
		KUNIT_ASSERT_LE(test, sizeof(*f) + ALIGN(f->len, 8),
				(size_t)(end - p));
		for (i = f->len; i < ALIGN(f->len, 8); i++)
			KUNIT_EXPECT_EQ(test, p[sizeof(*f) + i], 0);
		if (f->type == type && nth-- == 0)
			return f;
		p += sizeof(*f) + ALIGN(f->len, 8);
	}
	KUNIT_EXPECT_PTR_EQ(test, p, end);
	return NULL;
}

/* A field's value compared with a string. */
static void expect_field_str(struct kunit *test, const struct ew_field *f,
			     const char *s)
{
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, (size_t)f->len, strlen(s));
	KUNIT_EXPECT_EQ(test, memcmp(f + 1, s, strlen(s)), 0);
}

static int last_n;

/*
 * The last ancestor the record should list, walking as context.c does;
 * sets last_n to how many there are.
 */
static pid_t ancestor_last(bool *kthread)
{
	struct task_struct *t;
	pid_t pid = 0;

	last_n = 0;
	rcu_read_lock();
	t = rcu_dereference(current->real_parent);
	while (last_n < EW_ANCESTORS_MAX && t && t->pid) {
		pid = task_tgid_nr(t);
		*kthread = t->flags & PF_KTHREAD;
		last_n++;
		if (pid == 1)
			break;
		t = rcu_dereference(t->real_parent);
	}
	rcu_read_unlock();
	return pid;
}

static const struct ew_rule_desc test_rule = {
	.id = 7, .severity = EW_SEV_CRITICAL,
};

static const struct ew_matcher test_matcher = { .kind = EW_MATCH_PATH };

static void ew_event_test_begin_complete(struct kunit *test)
{
	struct ew_verdict v = {
		.rule = &test_rule, .matcher = &test_matcher,
		.rule_name = "test:rule", .pattern = "/bin/*",
		.matched = "/bin/busybox", .generation = 3,
	};
	static const char args[] = "sh\0-c\0echo hi";
	struct ew_argv argv = {
		.buf = args, .len = sizeof(args), .truncated = true,
	};
	struct linux_binprm bprm = { .filename = "/bin/sh", .argc = 3 };
	struct ew_exec_record *rec;
	const struct ew_field *f;
	const struct ew_ancestor *a;
	struct path pwd;
	char *buf, *cwd;
	bool last_kthread;
	pid_t last;
	int n;

	buf = kunit_kzalloc(test, PATH_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	get_fs_pwd(current->fs, &pwd);
	cwd = d_path(&pwd, buf, PATH_MAX);
	path_put(&pwd);
	KUNIT_ASSERT_FALSE(test, IS_ERR(cwd));

	bprm.file = filp_open("/bin/busybox", O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(bprm.file));

	preempt_disable();
	rec = ew_event_begin(&bprm, &v, NULL);
	preempt_enable();
	KUNIT_ASSERT_NOT_NULL(test, rec);

	KUNIT_EXPECT_EQ(test, rec->hdr.type, (u16)EW_REC_EXEC);
	KUNIT_EXPECT_EQ(test, rec->hdr.flags, (u16)0);
	KUNIT_EXPECT_EQ(test, rec->hdr.size % 8, 0U);
	KUNIT_EXPECT_EQ(test, rec->rule_id, 7U);
	KUNIT_EXPECT_EQ(test, rec->severity, (u8)EW_SEV_CRITICAL);
	KUNIT_EXPECT_EQ(test, rec->match_kind, (u8)EW_MATCH_PATH);
	KUNIT_EXPECT_EQ(test, rec->rules_generation, 3ULL);
	KUNIT_EXPECT_STREQ(test, rec->rule, "test:rule");
	KUNIT_EXPECT_STREQ(test, rec->matched, "/bin/busybox");
	KUNIT_EXPECT_EQ(test, rec->pid, (u32)task_tgid_nr(current));
	KUNIT_EXPECT_EQ(test, rec->tid, (u32)task_pid_nr(current));
	KUNIT_EXPECT_EQ(test, rec->ppid, (u32)task_ppid_nr(current));
	KUNIT_EXPECT_EQ(test, rec->uid, 0U);
	KUNIT_EXPECT_EQ(test, rec->ns_euid, 0U);
	KUNIT_EXPECT_STREQ(test, rec->caller_comm, current->comm);
	KUNIT_EXPECT_EQ(test, rec->file_size,
			(u64)i_size_read(file_inode(bprm.file)));
	KUNIT_EXPECT_NE(test, rec->real_ns, 0ULL);
	/* Run by insmod on the host: every namespace is the host's. */
	KUNIT_EXPECT_EQ(test, rec->ns_host, (u32)GENMASK(EW_NS_COUNT - 1, 0));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_PID], proc_ns_inum(test, "pid"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_MNT], proc_ns_inum(test, "mnt"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_NET], proc_ns_inum(test, "net"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_USER], proc_ns_inum(test, "user"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_UTS], proc_ns_inum(test, "uts"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_IPC], proc_ns_inum(test, "ipc"));
	KUNIT_EXPECT_EQ(test, rec->ns_inum[EW_NS_CGROUP],
			proc_ns_inum(test, "cgroup"));

	expect_field_str(test, field(test, rec, EW_F_PATH, 0), "/bin/busybox");
	expect_field_str(test, field(test, rec, EW_F_FILENAME, 0), "/bin/sh");
	expect_field_str(test, field(test, rec, EW_F_CWD, 0), cwd);
	expect_field_str(test, field(test, rec, EW_F_CGROUP, 0), "/");
	KUNIT_EXPECT_NULL(test, field(test, rec, EW_F_ARGV, 0));

	/*
	 * The parent first, up to the host's init or, for KUnit's own kernel
	 * thread, kthreadd, which has no executable.
	 */
	f = field(test, rec, EW_F_ANCESTOR, 0);
	KUNIT_ASSERT_NOT_NULL(test, f);
	a = (const void *)(f + 1);
	KUNIT_EXPECT_EQ(test, a->pid, (u32)task_ppid_nr(current));
	for (n = 1; field(test, rec, EW_F_ANCESTOR, n); n++)
		f = field(test, rec, EW_F_ANCESTOR, n);
	last = ancestor_last(&last_kthread);
	KUNIT_EXPECT_EQ(test, n, last_n);
	a = (const void *)(f + 1);
	KUNIT_EXPECT_EQ(test, a->pid, (u32)last);
	KUNIT_EXPECT_EQ(test, a->comm[EW_COMM_LEN - 1], '\0');
	if (last_kthread)
		KUNIT_EXPECT_EQ(test, (size_t)f->len, sizeof(*a));
	else
		KUNIT_EXPECT_GT(test, (size_t)f->len, sizeof(*a));

	/* After the exec: the arguments; no interpreter for the same file. */
	preempt_disable();
	rec = ew_event_complete(rec, &bprm, bprm.file, &argv);
	preempt_enable();
	KUNIT_ASSERT_NOT_NULL(test, rec);
	KUNIT_EXPECT_EQ(test, rec->argc, 3U);
	f = field(test, rec, EW_F_ARGV, 0);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, f->flags, (u16)EW_FIELD_TRUNCATED);
	KUNIT_EXPECT_EQ(test, (size_t)f->len, sizeof(args));
	KUNIT_EXPECT_EQ(test, memcmp(f + 1, args, sizeof(args)), 0);
	KUNIT_EXPECT_NULL(test, field(test, rec, EW_F_INTERP, 0));
	expect_field_str(test, field(test, rec, EW_F_PATH, 0), "/bin/busybox");

	/* Another file ran: it is the interpreter. */
	preempt_disable();
	rec = ew_event_complete(rec, &bprm, NULL, NULL);
	preempt_enable();
	KUNIT_ASSERT_NOT_NULL(test, rec);
	expect_field_str(test, field(test, rec, EW_F_INTERP, 0),
			 "/bin/busybox");
	f = field(test, rec, EW_F_ARGV, 1);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, f->flags, (u16)EW_FIELD_UNREADABLE);
	KUNIT_EXPECT_EQ(test, f->len, 0U);

	ew_event_fail(rec);
	KUNIT_EXPECT_TRUE(test, rec->hdr.flags & EW_EXEC_FAILED);
	kfree(rec);
	fput(bprm.file);
}

/* A value beyond the room left is cut and flagged, never overrun. */
static void ew_event_test_put_field(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct ew_builder b = { .buf = buf, .len = 0, .room = 40 };
	static const char val[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	struct ew_field f;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 0xaa, 64);
	ew_put_field(&b, EW_F_CWD, 0, NULL, 0, "abc", 3);
	KUNIT_EXPECT_EQ(test, b.len, (size_t)16);
	memcpy(&f, buf, sizeof(f));
	KUNIT_EXPECT_EQ(test, f.type, (u16)EW_F_CWD);
	KUNIT_EXPECT_EQ(test, f.len, 3U);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 8, "abc\0\0\0\0\0", 8), 0);

	ew_put_field(&b, EW_F_CGROUP, 0, NULL, 0, val, sizeof(val) - 1);
	KUNIT_EXPECT_EQ(test, b.len, (size_t)40);
	memcpy(&f, buf + 16, sizeof(f));
	KUNIT_EXPECT_EQ(test, f.flags, (u16)EW_FIELD_TRUNCATED);
	KUNIT_EXPECT_EQ(test, f.len, 16U);
	KUNIT_EXPECT_EQ(test, buf[40], 0xaa);	/* nothing past the room */

	ew_put_path(&b, EW_F_PATH, ERR_PTR(-ENAMETOOLONG), EW_PATH_MAX);
	KUNIT_EXPECT_EQ(test, b.len, (size_t)40);
}

/* Evidence longer than its field is cut and flagged, never overrun. */
static void ew_event_test_long_evidence(struct kunit *test)
{
	char *longstr = kunit_kzalloc(test, EW_PATH_MAX + 10, GFP_KERNEL);
	struct ew_verdict v = {
		.rule = &test_rule, .matcher = &test_matcher,
		.rule_name = "r", .pattern = "*",
	};
	struct ew_exec_record *rec = kunit_kzalloc(test, sizeof(*rec),
						   GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, longstr);
	KUNIT_ASSERT_NOT_NULL(test, rec);
	memset(longstr, 'a', EW_PATH_MAX + 9);
	v.matched = longstr;
	ew_event_finish(rec, &v);
	KUNIT_EXPECT_EQ(test, rec->hdr.flags,
			(u16)EW_EXEC_EVIDENCE_TRUNCATED);
	KUNIT_EXPECT_EQ(test, strlen(rec->matched), (size_t)EW_EVIDENCE_LEN - 1);
	KUNIT_EXPECT_STREQ(test, rec->pattern, "*");
}

static int ew_event_suite_init(struct kunit_suite *suite)
{
	return ew_event_init(ew_argv_max);
}

static void ew_event_suite_exit(struct kunit_suite *suite)
{
	ew_event_exit();
}

static struct kunit_case ew_event_cases[] = {
	KUNIT_CASE(ew_event_test_begin_complete),
	KUNIT_CASE(ew_event_test_put_field),
	KUNIT_CASE(ew_event_test_long_evidence),
	{}
};

static struct kunit_suite ew_event_suite = {
	.name = "escapewatch_event",
	.suite_init = ew_event_suite_init,
	.suite_exit = ew_event_suite_exit,
	.test_cases = ew_event_cases,
};

kunit_test_suite(ew_event_suite);
