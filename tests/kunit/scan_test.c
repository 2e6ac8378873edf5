// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: reading executed files (scan.c): SHA-256, content strings across
 * read boundaries, the partial flag, and the cache's eviction.
 */
/* First, so that their definitions are the ones in force. */
#include "../../kmod/scan.c"
#include "../../kmod/ruleset.c"

#include <kunit/test.h>
#include <linux/fcntl.h>

#include "blob.h"
#include "../../kmod/content_build.h"
#include "prepare.h"

#define SCAN_FILE "/tmp/escapewatch_kunit_scan"

static struct ew_ruleset *content_set(struct kunit *test)
{
	static const u16 kinds[] = { EW_MATCH_CONTENT, EW_MATCH_CONTENT };
	static const char *const patterns[] = { "needle", "haystack!" };
	struct test_blob *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	struct ew_ruleset *rs;
	const char *why = "";
	size_t size = 0;
	void *ac;

	KUNIT_ASSERT_NOT_NULL(test, b);
	ac = ew_ac_add(b, test_blob_init(b, 2, kinds, patterns), &size, &why);
	KUNIT_ASSERT_NOT_NULL_MSG(test, ac, "%s", why);
	rs = kunit_kzalloc(test, sizeof(*rs) + size, GFP_KERNEL);
	if (rs)
		memcpy(rs->blob, ac, size);
	ew_ac_free(ac);
	KUNIT_ASSERT_NOT_NULL(test, rs);
	KUNIT_ASSERT_EQ_MSG(test, ew_rules_validate(rs->blob, size, &rs->v,
						    &why), 0, "%s", why);
	prepare(test, rs);
	return rs;
}

/* The walk over pieces, its state carried across them (content.c). */
static void ew_scan_test_search(struct kunit *test)
{
	const struct ew_ruleset *rs = content_set(test);
	u32 state = 0, first = EW_CONTENT_NONE;

	ew_content_walk(rs, &state, "a haystack", 10, &first);
	KUNIT_EXPECT_EQ(test, first, EW_CONTENT_NONE);	/* one byte short */
	ew_content_walk(rs, &state, "!", 1, &first);
	KUNIT_EXPECT_EQ(test, first, 1U);
	ew_content_walk(rs, &state, "a need", 6, &first);
	ew_content_walk(rs, &state, "le in", 5, &first);
	KUNIT_EXPECT_EQ(test, first, 0U);
	state = 0;
	first = EW_CONTENT_NONE;
	ew_content_walk(rs, &state, "needl", 5, &first);
	KUNIT_EXPECT_EQ(test, first, EW_CONTENT_NONE);
}

/* Write @len bytes of 'x' with @needle at @at to the scan file. */
static struct file *write_file(struct kunit *test, size_t len, loff_t at,
			       const char *needle)
{
	char *buf = kunit_kmalloc(test, len, GFP_KERNEL);
	struct file *f;
	loff_t pos = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 'x', len);
	if (needle)
		memcpy(buf + at, needle, strlen(needle));
	f = filp_open(SCAN_FILE, O_CREAT | O_TRUNC | O_RDWR, 0600);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_ASSERT_EQ(test, kernel_write(f, buf, len, &pos), (ssize_t)len);
	vfs_fsync(f, 0);
	fput(f);
	f = filp_open(SCAN_FILE, O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	return f;
}

static int scan_test_init(struct kunit *test)
{
	return ew_scan_init();
}

static void scan_test_exit(struct kunit *test)
{
	ew_scan_exit();
}

/* SHA-256 of "abc", FIPS 180-2 appendix B.1. */
static void ew_scan_test_sha256(struct kunit *test)
{
	const struct ew_ruleset *rs = content_set(test);
	struct ew_scan_facts facts = {};
	struct file *f;
	loff_t pos = 0;

	f = filp_open(SCAN_FILE, O_CREAT | O_TRUNC | O_RDWR, 0600);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_ASSERT_EQ(test, kernel_write(f, "abc", 3, &pos), (ssize_t)3);
	fput(f);
	f = filp_open(SCAN_FILE, O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_ASSERT_NOT_NULL(test, ew_sha256);
	KUNIT_EXPECT_EQ(test, ew_scan_file(f, rs, &facts), 0);
	fput(f);
	KUNIT_EXPECT_STREQ(test, facts.hex,
			   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	KUNIT_EXPECT_EQ(test, facts.hashed, 3ULL);
	KUNIT_EXPECT_FALSE(test, facts.partial);
}

/* A string split across two reads is found; one past scan_max is not. */
static void ew_scan_test_boundary(struct kunit *test)
{
	const struct ew_ruleset *rs = content_set(test);
	struct ew_scan_facts facts = {};
	unsigned int saved = scan_max;
	struct file *f;

	f = write_file(test, 2 * EW_SCAN_CHUNK, EW_SCAN_CHUNK - 3, "needle");
	KUNIT_EXPECT_EQ(test, ew_scan_file(f, rs, &facts), 0);
	KUNIT_EXPECT_EQ(test, facts.content_first, 0U);
	KUNIT_EXPECT_EQ(test, facts.hashed, 2ULL * EW_SCAN_CHUNK);

	memset(&facts, 0, sizeof(facts));
	scan_max = EW_SCAN_CHUNK;
	KUNIT_EXPECT_EQ(test, ew_scan_file(f, rs, &facts), 0);
	scan_max = saved;
	fput(f);
	KUNIT_EXPECT_EQ(test, facts.content_first, EW_CONTENT_NONE);
	KUNIT_EXPECT_TRUE(test, facts.partial);
	KUNIT_EXPECT_EQ(test, facts.hashed, (u64)EW_SCAN_CHUNK);
}

/* A full cache forgets the file used least recently. */
static void ew_scan_test_cache_eviction(struct kunit *test)
{
	struct ew_scan_facts facts = { .generation = 1 };
	unsigned int saved = scan_cache;
	struct ew_file_id id[3] = {};
	int i;

	scan_cache = 2;
	for (i = 0; i < 3; i++) {
		id[i].ino = 100 + i;
		id[i].size = 10;
		ew_cache_store(&id[i], &facts);
		if (i == 1)	/* touch the first: the second is now oldest */
			list_move(&ew_cache_find(&id[0])->lru, &ew_cache_lru);
	}
	scan_cache = saved;
	KUNIT_EXPECT_NOT_NULL(test, ew_cache_find(&id[0]));
	KUNIT_EXPECT_NULL(test, ew_cache_find(&id[1]));
	KUNIT_EXPECT_NOT_NULL(test, ew_cache_find(&id[2]));
	KUNIT_EXPECT_EQ(test, ew_cache_count, 2U);
	id[2].size = 11;	/* the file changed: another identity */
	KUNIT_EXPECT_NULL(test, ew_cache_find(&id[2]));
}

static struct kunit_case ew_scan_cases[] = {
	KUNIT_CASE(ew_scan_test_search),
	KUNIT_CASE(ew_scan_test_sha256),
	KUNIT_CASE(ew_scan_test_boundary),
	KUNIT_CASE(ew_scan_test_cache_eviction),
	{}
};

static struct kunit_suite ew_scan_suite = {
	.name = "escapewatch_scan",
	.init = scan_test_init,
	.exit = scan_test_exit,
	.test_cases = ew_scan_cases,
};

kunit_test_suite(ew_scan_suite);
