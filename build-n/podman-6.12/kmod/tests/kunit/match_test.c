// SPDX-License-Identifier: GPL-2.0
/* KUnit: judging an exec against rules (match.c, argv.c). */
/* First, so that their definitions are the ones in force. */
#include "../../kmod/match.c"
#include "../../kmod/argv.c"

#include <kunit/test.h>
#include <linux/slab.h>

#include "blob.h"
#include "../../kmod/default_rules.h"

/* A rule set over @blob, as ruleset.c would install it. */
static struct ew_ruleset *make_set(struct kunit *test, const void *blob,
				   size_t size)
{
	struct ew_ruleset *rs = kunit_kzalloc(test, sizeof(*rs) + size,
					      GFP_KERNEL);
	const char *why;

	KUNIT_ASSERT_NOT_NULL(test, rs);
	memcpy(rs->blob, blob, size);
	rs->size = size;
	rs->generation = 5;
	KUNIT_ASSERT_EQ_MSG(test, ew_rules_validate(rs->blob, size, &rs->v,
						    &why), 0, "%s", why);
	return rs;
}

static const struct ew_ruleset *builtin(struct kunit *test)
{
	return make_set(test, ew_default_rules, sizeof(ew_default_rules));
}

static bool judge(const struct ew_ruleset *rs, const char *requested,
		  const char *resolved, const char *path, bool fileless,
		  struct ew_verdict *v)
{
	struct ew_subject s = {
		.names = { requested, resolved },
		.path = path,
		.fileless = fileless,
	};

	return ew_match(rs, &s, v);
}

static void ew_match_test_builtin_names(struct kunit *test)
{
	const struct ew_ruleset *rs = builtin(test);
	struct ew_verdict v;

	KUNIT_ASSERT_TRUE(test, judge(rs, "cdk", "cdk", NULL, false, &v));
	KUNIT_EXPECT_STREQ(test, v.rule_name, "cdk");
	KUNIT_EXPECT_EQ(test, v.rule->id, 1001U);
	KUNIT_EXPECT_EQ(test, v.generation, 5ULL);
	KUNIT_EXPECT_STREQ(test, v.pattern, "cdk");
	KUNIT_EXPECT_STREQ(test, v.matched, "cdk");

	KUNIT_ASSERT_TRUE(test, judge(rs, "cdk_linux_amd64", "x", NULL, false,
				      &v));
	KUNIT_EXPECT_STREQ(test, v.pattern, "cdk_linux_*");
	KUNIT_ASSERT_TRUE(test, judge(rs, "deepce.sh", NULL, NULL, false, &v));
	KUNIT_EXPECT_STREQ(test, v.rule_name, "deepce");
	/* The resolved name alone is enough (a symbolic link). */
	KUNIT_ASSERT_TRUE(test, judge(rs, "update", "botb-linux-amd64", NULL,
				      false, &v));
	KUNIT_EXPECT_STREQ(test, v.matched, "botb-linux-amd64");
}

static void ew_match_test_benign(struct kunit *test)
{
	static const char * const names[] = {
		"sh", "bash", "ls", "apt-get", "gcc", "python3", "cdkx", "xcdk",
		"CDK", "deepce.shx", "traitors", "busybox", "nsenter", "runc",
	};
	const struct ew_ruleset *rs = builtin(test);
	struct ew_verdict v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		KUNIT_EXPECT_FALSE_MSG(test, judge(rs, names[i], names[i],
						   "/usr/bin/x", false, &v),
				       "%s", names[i]);
}

static void ew_match_test_fileless(struct kunit *test)
{
	const struct ew_ruleset *rs = builtin(test);
	struct ew_verdict v;

	KUNIT_ASSERT_TRUE(test, judge(rs, "3", "memfd:x", "/memfd:x (deleted)",
				      true, &v));
	KUNIT_EXPECT_STREQ(test, v.rule_name, "fileless-exec");
	KUNIT_EXPECT_EQ(test, v.matcher->kind, (u16)EW_MATCH_FILELESS);
	KUNIT_EXPECT_STREQ(test, v.matched, "/memfd:x (deleted)");
	KUNIT_EXPECT_FALSE(test, judge(rs, "3", "x", "/x", false, &v));
}

static void ew_match_test_path_glob(struct kunit *test)
{
	static const u16 kinds[] = { EW_MATCH_PATH, EW_MATCH_NAME };
	static const char *const patterns[] = { "/tmp/*/tool?", "a[bc]d" };
	struct test_blob *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	const struct ew_ruleset *rs;
	struct ew_verdict v;
	u32 size;

	KUNIT_ASSERT_NOT_NULL(test, b);
	size = test_blob_init(b, 2, kinds, patterns);
	rs = make_set(test, b, size);
	KUNIT_ASSERT_TRUE(test, judge(rs, "x", "x", "/tmp/a/b/tool1", false,
				      &v));
	KUNIT_EXPECT_STREQ(test, v.matched, "/tmp/a/b/tool1");
	KUNIT_EXPECT_FALSE(test, judge(rs, "x", "x", "/tmp/tool1", false, &v));
	KUNIT_EXPECT_FALSE(test, judge(rs, "x", "x", NULL, false, &v));
	KUNIT_EXPECT_TRUE(test, judge(rs, "acd", NULL, NULL, false, &v));
	KUNIT_EXPECT_FALSE(test, judge(rs, "aed", NULL, NULL, false, &v));
}

/* Judge @cmdline (arguments separated by single spaces) after the exec. */
static bool judge_argv(const struct ew_ruleset *rs, const char *cmdline,
		       struct ew_verdict *v)
{
	static char buf[256];
	struct ew_argv a = { .buf = buf, .joined = cmdline };
	struct ew_subject s = { .argv = &a };
	size_t i;

	a.len = strscpy(buf, cmdline, sizeof(buf) - 1) + 1;
	for (i = 0; i < a.len; i++)
		if (buf[i] == ' ')
			buf[i] = '\0';
	s.names[2] = buf;	/* argv[0], no directory in these */
	return ew_match(rs, &s, v);
}

static void ew_match_test_argv_escapes(struct kunit *test)
{
	static const struct {
		const char *cmdline, *rule;
	} hits[] = {
		{ "nsenter -t 1 -m -u -n -i -p sh", "nsenter-host-init" },
		{ "nsenter --target=1 --mount", "nsenter-host-init" },
		{ "nsenter --target 1 --mount -- bash", "nsenter-host-init" },
		{ "nsenter -m -t1", "nsenter-host-init" },
		{ "nsenter -mt1 sh", "nsenter-host-init" },
		{ "chroot /host bash", "chroot-host-root" },
		{ "chroot --userspec=0:0 /host/ /bin/sh", "chroot-host-root" },
		{ "chroot -- /proc/1/root", "chroot-host-root" },
		{ "mount /dev/sda1 /mnt/x", "mount-block-device" },
		{ "mount -o ro /dev/nvme0n1p1 /mnt", "mount-block-device" },
		{ "debugfs -w /dev/vda1", "debugfs-block-device" },
		{ "insmod x.ko", "kernel-module-load" },
		{ "docker -H unix:///run/docker.sock run --privileged -it img", "privileged-container-client" },
		{ "docker run --pid host img", "privileged-container-client" },
		{ "docker run -v /:/mnt img chroot /mnt", "privileged-container-client" },
		{ "docker run --volume=/:/host img", "privileged-container-client" },
		{ "unshare -UrmC bash", "unshare-cgroup-escape" },
		{ "unshare --user --map-root-user --mount --cgroup sh", "unshare-cgroup-escape" },
		{ "sh ./deepce.sh", "deepce" },
		{ "bash -x /tmp/deepce.sh -e", "deepce" },
		{ "sh container-escape-check.sh", "container-escape-check" },
	};
	static const char * const misses[] = {
		"nsenter -t 12 -m", "nsenter --target=10 -m", "nsenter -m",
		"nsenter -- -t 1", "nsenter --help", "nsentery -t 1",
		"chroot /srv/host bash", "chroot /hostile", "chroot",
		"mount -t tmpfs none /mnt", "mount --bind /a /b", "mount",
		"debugfs", "docker run -v /data:/data img", "docker ps",
		"docker run --pid=container:x img", "unshare -Ur sh",
		"unshare -m sh", "ls -t 1", "sh -c chroot /host",
		"ssh deepce.sh", "sh notdeepce.shx", "sh", "sh -",
	};
	const struct ew_ruleset *rs = builtin(test);
	struct ew_verdict v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hits); i++) {
		if (!judge_argv(rs, hits[i].cmdline, &v)) {
			KUNIT_FAIL(test, "no match: %s", hits[i].cmdline);
			continue;
		}
		KUNIT_EXPECT_STREQ_MSG(test, v.rule_name, hits[i].rule, "%s",
				       hits[i].cmdline);
		KUNIT_EXPECT_EQ(test, v.matcher->kind, (u16)EW_MATCH_ARGV);
		KUNIT_EXPECT_STREQ(test, v.matched, hits[i].cmdline);
	}
	for (i = 0; i < ARRAY_SIZE(misses); i++)
		KUNIT_EXPECT_FALSE_MSG(test, judge_argv(rs, misses[i], &v), "%s",
				       misses[i]);
}

/* Before the exec there is no command line: argv matchers stay quiet. */
static void ew_match_test_argv_needs_cmdline(struct kunit *test)
{
	const struct ew_ruleset *rs = builtin(test);
	struct ew_verdict v;

	KUNIT_EXPECT_FALSE(test, judge(rs, "insmod", "insmod", NULL, false,
				       &v));
}

static struct kunit_case ew_match_cases[] = {
	KUNIT_CASE(ew_match_test_builtin_names),
	KUNIT_CASE(ew_match_test_benign),
	KUNIT_CASE(ew_match_test_fileless),
	KUNIT_CASE(ew_match_test_path_glob),
	KUNIT_CASE(ew_match_test_argv_escapes),
	KUNIT_CASE(ew_match_test_argv_needs_cmdline),
	{}
};

static struct kunit_suite ew_match_suite = {
	.name = "escapewatch_match",
	.test_cases = ew_match_cases,
};

kunit_test_suite(ew_match_suite);
