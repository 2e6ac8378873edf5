// SPDX-License-Identifier: GPL-2.0
/* KUnit: judging an exec against rules (match.c, argv.c). */
/* First, so that their definitions are the ones in force. */
#include "../../kmod/match.c"
#include "../../kmod/argv.c"

#include <kunit/test.h>
#include <linux/ktime.h>
#include <linux/prandom.h>
#include <linux/slab.h>

#include "blob.h"
#include "../../kmod/content_build.h"
#include "../../kmod/default_rules.h"

static int set_init(struct kunit_resource *res, void *rs)
{
	res->data = rs;
	return 0;
}

static void set_free(struct kunit_resource *res)
{
	ew_match_index_free(res->data);
	kvfree(res->data);
}

/* Whether the blob at @rs has content matchers and no automaton. */
static bool content_only_in_matchers(const struct ew_ruleset *rs)
{
	const struct ew_rules_header *h = (const void *)rs->blob;
	const struct ew_matcher *m = (const void *)(rs->blob + sizeof(*h) +
		h->nrules * sizeof(struct ew_rule_desc));
	u32 i;

	for (i = 0; !h->nstates && i < h->nmatchers; i++)
		if (m[i].kind == EW_MATCH_CONTENT)
			return true;
	return false;
}

static struct ew_ruleset *make_set(struct kunit *test, const void *blob,
				   size_t size);

/* make_set() of the blob at @rs, given its content automaton. */
static struct ew_ruleset *make_set_ac(struct kunit *test,
				      struct ew_ruleset *rs, size_t size)
{
	const char *why = "";
	size_t with = 0;
	void *ac = ew_ac_add(rs->blob, size, &with, &why);

	KUNIT_ASSERT_NOT_NULL_MSG(test, ac, "%s", why);
	rs = make_set(test, ac, with);
	ew_ac_free(ac);
	return rs;
}

/* A rule set over @blob, as ruleset.c would install it, index and all. */
static struct ew_ruleset *make_set(struct kunit *test, const void *blob,
				   size_t size)
{
	struct ew_ruleset *rs = kvzalloc(sizeof(*rs) + size, GFP_KERNEL);
	const char *why;

	KUNIT_ASSERT_NOT_NULL(test, rs);
	/* Freed with the test, whatever happens from here. */
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, set_init,
							 set_free,
							 GFP_KERNEL, rs));
	memcpy(rs->blob, blob, size);
	rs->size = size;
	if (content_only_in_matchers(rs))
		return make_set_ac(test, rs, size);
	rs->generation = 5;
	KUNIT_ASSERT_EQ_MSG(test, ew_rules_validate(rs->blob, size, &rs->v,
						    &why), 0, "%s", why);
	KUNIT_ASSERT_EQ(test, ew_match_index_build(rs), 0);
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

/*
 * The index against the plain loop.  The reference is ew_match() as it
 * was before the index: every rule in order, every matcher in order.
 */
static bool linear_match(const struct ew_ruleset *rs,
			 const struct ew_subject *s, struct ew_verdict *out)
{
	const struct ew_rules_view *v = &rs->v;
	u32 i, j;

	for (i = 0; i < v->hdr->nrules; i++) {
		const struct ew_rule_desc *r = &v->rules[i];

		for (j = 0; j < r->nmatchers; j++) {
			const struct ew_matcher *m =
				&v->matchers[r->first_matcher + j];

			if (ew_matcher_hit(rs, m, s, &out->matched)) {
				out->rule = r;
				out->matcher = m;
				return true;
			}
		}
	}
	return false;
}

/* A blob of many rules, built in kernel memory. */
struct big_blob {
	struct ew_rules_header *h;
	struct ew_rule_desc *rules;
	struct ew_matcher *m;
	char *strings;
	u32 cap_rules, cap_m, cap_s;
};

static void big_init(struct kunit *test, struct big_blob *b, u32 nrules,
		     u32 nmatchers, u32 strings)
{
	b->cap_rules = nrules;
	b->cap_m = nmatchers;
	b->cap_s = strings;
	b->rules = kunit_kcalloc(test, nrules, sizeof(*b->rules), GFP_KERNEL);
	b->m = kunit_kcalloc(test, nmatchers, sizeof(*b->m), GFP_KERNEL);
	b->strings = kunit_kzalloc(test, strings, GFP_KERNEL);
	b->h = kunit_kzalloc(test, sizeof(*b->h), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, b->rules && b->m && b->strings && b->h);
	memcpy(b->strings, "\0r", 3);		/* "", then the rules' name */
	b->h->strings_size = 3;
}

static u32 big_str(struct kunit *test, struct big_blob *b, const char *str)
{
	u32 off = b->h->strings_size, n = strlen(str) + 1;

	KUNIT_ASSERT_LE(test, off + n, b->cap_s);
	memcpy(b->strings + off, str, n);
	b->h->strings_size += n;
	return off;
}

/* A matcher for the rule being built (the last one added). */
static void big_matcher(struct kunit *test, struct big_blob *b, u16 kind,
			const char *pattern)
{
	struct ew_matcher *m;

	KUNIT_ASSERT_LT(test, b->h->nmatchers, b->cap_m);
	m = &b->m[b->h->nmatchers++];
	m->kind = kind;
	m->pattern = *pattern ? big_str(test, b, pattern) : 0;
	m->text = m->pattern;
	b->rules[b->h->nrules - 1].nmatchers++;
}

static void big_rule(struct kunit *test, struct big_blob *b, u32 skip)
{
	struct ew_rule_desc *r;

	KUNIT_ASSERT_LT(test, b->h->nrules, b->cap_rules);
	r = &b->rules[b->h->nrules++];
	r->id = b->h->nrules;
	r->name = 1;
	r->severity = EW_SEV_HIGH;
	/* Matchers no rule has, between rules, are never looked at. */
	while (skip-- && b->h->nmatchers < b->cap_m) {
		b->m[b->h->nmatchers].kind = EW_MATCH_NAME;
		b->m[b->h->nmatchers++].pattern = 1;	/* "r" */
	}
	r->first_matcher = b->h->nmatchers;
}

static struct ew_ruleset *big_set(struct kunit *test, struct big_blob *b)
{
	struct ew_rules_header *h = b->h;
	size_t rs_size = h->nrules * sizeof(*b->rules);
	size_t m_size = h->nmatchers * sizeof(*b->m);
	size_t size = sizeof(*h) + rs_size + m_size + h->strings_size;
	struct ew_ruleset *rs;
	u8 *blob = kvzalloc(size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, blob);
	h->magic = EW_RULES_MAGIC;
	h->version = EW_RULES_VERSION;
	h->size = size;
	memcpy(blob, h, sizeof(*h));
	memcpy(blob + sizeof(*h), b->rules, rs_size);
	memcpy(blob + sizeof(*h) + rs_size, b->m, m_size);
	memcpy(blob + sizeof(*h) + rs_size + m_size, b->strings,
	       h->strings_size);
	rs = make_set(test, blob, size);
	kvfree(blob);
	return rs;
}

static const char *const hexes[] = {
	"0000000000000000000000000000000000000000000000000000000000000000",
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b856",
};

/* A random string over @alpha, of 0 to @max bytes. */
static void rnd_str(struct rnd_state *rnd, char *out, const char *alpha,
		    u32 max)
{
	u32 n = prandom_u32_state(rnd) % (max + 1), i;

	for (i = 0; i < n; i++)
		out[i] = alpha[prandom_u32_state(rnd) % strlen(alpha)];
	out[n] = '\0';
}

static void rnd_pattern(struct rnd_state *rnd, char *out)
{
	/* Mostly literal, with every metacharacter, ']' and '-' too. */
	static const char *const alphas[] = {
		"ab/.", "ab/.*", "ab*?[]\\-!", "a*b?", "ab",
	};

	do
		rnd_str(rnd, out, alphas[prandom_u32_state(rnd) %
					 ARRAY_SIZE(alphas)], 7);
	while (!*out);
}

struct rnd_subject {
	char names[3][8], path[10], argbuf[8];
	struct ew_argv argv;
	struct ew_scan_facts facts;
	struct ew_subject s;
};

static void rnd_subject(struct rnd_state *rnd, struct rnd_subject *r)
{
	u32 i, bits = prandom_u32_state(rnd);

	memset(r, 0, sizeof(*r));
	for (i = 0; i < 3; i++) {
		rnd_str(rnd, r->names[i], "ab/.*?[]\\-!", 5);
		if (bits & BIT(i))
			r->s.names[i] = r->names[i];
	}
	rnd_str(rnd, r->path, "ab/.", 8);
	if (bits & BIT(3))
		r->s.path = r->path;
	r->s.fileless = bits & BIT(4);
	if (bits & BIT(5)) {
		rnd_str(rnd, r->argbuf, "ab", 6);
		r->argv.buf = r->argbuf;
		r->argv.len = strlen(r->argbuf) + 1;
		r->argv.joined = r->argbuf;
		r->s.argv = &r->argv;
	}
	if (bits & BIT(6)) {
		strscpy(r->facts.hex, hexes[prandom_u32_state(rnd) %
					    ARRAY_SIZE(hexes)],
			sizeof(r->facts.hex));
		/* Any matcher: ew_match() takes only a content one's. */
		r->facts.content_first = prandom_u32_state(rnd) % 2 ?
					 EW_CONTENT_NONE :
					 prandom_u32_state(rnd) % 120;
		r->s.facts = &r->facts;
	}
}

/* Whether ew_match() and the plain loop agree on @s; says where not. */
static bool agree(struct kunit *test, const struct ew_ruleset *rs,
		  const struct ew_subject *s)
{
	struct ew_verdict a = {}, b = {};
	bool ha = ew_match(rs, s, &a), hb = linear_match(rs, s, &b);

	if (ha == hb && (!ha || (a.rule == b.rule && a.matcher == b.matcher &&
				 a.matched == b.matched)))
		return true;
	KUNIT_FAIL(test, "index %d (matcher %td), loop %d (matcher %td) for %s|%s|%s path %s",
		   ha, ha ? a.matcher - rs->v.matchers : -1, hb,
		   hb ? b.matcher - rs->v.matchers : -1,
		   s->names[0] ?: "-", s->names[1] ?: "-", s->names[2] ?: "-",
		   s->path ?: "-");
	return false;
}

/* Random rule sets, random execs: the index finds what the loop finds. */
static void ew_match_test_index_random(struct kunit *test)
{
	static const u16 kinds[] = {
		EW_MATCH_NAME, EW_MATCH_NAME, EW_MATCH_NAME, EW_MATCH_PATH,
		EW_MATCH_PATH, EW_MATCH_ARGV, EW_MATCH_SHA256,
		EW_MATCH_FILELESS, EW_MATCH_CONTENT,
	};
	struct rnd_subject *subj = kunit_kzalloc(test, sizeof(*subj),
						 GFP_KERNEL);
	struct rnd_state rnd;
	u32 set, i, j, hits = 0;
	char pat[8];

	KUNIT_ASSERT_NOT_NULL(test, subj);
	prandom_seed_state(&rnd, 0x5ca1ab1e);
	for (set = 0; set < 200; set++) {
		struct big_blob b;
		struct ew_ruleset *rs;
		u32 nrules = 1 + prandom_u32_state(&rnd) % 40;

		big_init(test, &b, nrules, nrules * 6, nrules * 3 * 80 + 8);
		for (i = 0; i < nrules; i++) {
			u32 nm = 1 + prandom_u32_state(&rnd) % 3;

			big_rule(test, &b, prandom_u32_state(&rnd) % 4 == 0);
			for (j = 0; j < nm; j++) {
				u16 kind = kinds[prandom_u32_state(&rnd) %
						 ARRAY_SIZE(kinds)];

				if (kind == EW_MATCH_SHA256)
					strscpy(pat, "", sizeof(pat));
				else
					rnd_pattern(&rnd, pat);
				big_matcher(test, &b, kind,
					    kind == EW_MATCH_FILELESS ? "" :
					    kind == EW_MATCH_SHA256 ?
					    hexes[prandom_u32_state(&rnd) %
						  ARRAY_SIZE(hexes)] : pat);
			}
		}
		rs = big_set(test, &b);
		for (i = 0; i < 200; i++) {
			struct ew_verdict v;

			rnd_subject(&rnd, subj);
			if (!agree(test, rs, &subj->s))
				return;
			hits += ew_match(rs, &subj->s, &v);
		}
	}
	/* Both outcomes were seen, many times. */
	KUNIT_EXPECT_GT(test, hits, 400U);
	KUNIT_EXPECT_LT(test, hits, 39600U);
}

/*
 * 10,000 rules (EW_RULES_MAX): names, name globs, path globs, hashes.
 * Each is found as the plain loop finds it, the first of equal rules wins,
 * and the index's memory is as documented.
 */
static void ew_match_test_index_10000(struct kunit *test)
{
	struct rnd_subject *subj = kunit_kzalloc(test, sizeof(*subj),
						 GFP_KERNEL);
	struct ew_subject s = {};
	struct ew_verdict v;
	struct ew_ruleset *rs;
	struct big_blob b;
	char name[32], hex[65];
	ktime_t t0, t1, t2;
	u32 i, n = EW_RULES_MAX;

	KUNIT_ASSERT_NOT_NULL(test, subj);
	big_init(test, &b, n, n + 2, n * 72 + 64);
	for (i = 0; i < n - 2; i++) {
		big_rule(test, &b, 0);
		switch (i % 4) {
		case 0:
			snprintf(name, sizeof(name), "tool%u", i);
			big_matcher(test, &b, EW_MATCH_NAME, name);
			break;
		case 1:
			snprintf(name, sizeof(name), "t%u_*", i);
			big_matcher(test, &b, EW_MATCH_NAME, name);
			break;
		case 2:
			snprintf(name, sizeof(name), "/opt/*/x%u", i);
			big_matcher(test, &b, EW_MATCH_PATH, name);
			break;
		case 3:
			snprintf(hex, sizeof(hex), "%064x", i);
			big_matcher(test, &b, EW_MATCH_SHA256, hex);
			break;
		}
	}
	/* The last two: a later duplicate, and a glob that matches all. */
	big_rule(test, &b, 0);
	big_matcher(test, &b, EW_MATCH_NAME, "tool0");
	big_rule(test, &b, 0);
	big_matcher(test, &b, EW_MATCH_NAME, "*");
	t0 = ktime_get();
	rs = big_set(test, &b);
	t1 = ktime_get();
	kunit_info(test, "%u rules, blob %zu bytes, index %zu bytes, validated and indexed in %lld us\n",
		   n, rs->size, rs->ix.bytes, ktime_us_delta(t1, t0));
	KUNIT_EXPECT_LE(test, rs->ix.bytes,
			(size_t)4 * (4 * rs->v.hdr->nmatchers + 5));
	/* Everything else is in a table. */
	KUNIT_EXPECT_EQ(test, rs->ix.nrest, 1U);

	for (i = 0; i < n - 2; i += 97) {
		s = (struct ew_subject){};
		switch (i % 4) {
		case 0:
			snprintf(name, sizeof(name), "tool%u", i);
			s.names[1] = name;
			break;
		case 1:
			snprintf(name, sizeof(name), "t%u_linux", i);
			s.names[0] = name;
			break;
		case 2:
			snprintf(name, sizeof(name), "/opt/a/b/x%u", i);
			s.names[0] = "z";
			s.path = name;
			break;
		case 3:
			snprintf(subj->facts.hex, sizeof(subj->facts.hex),
				 "%064x", i);
			s.facts = &subj->facts;
			break;
		}
		KUNIT_ASSERT_TRUE(test, ew_match(rs, &s, &v));
		KUNIT_EXPECT_EQ_MSG(test, v.rule - rs->v.rules, (long)i,
				    "%s", name);
		agree(test, rs, &s);
	}
	/* The first of two equal rules; the catch-all last. */
	s = (struct ew_subject){ .names = { "tool0" } };
	KUNIT_ASSERT_TRUE(test, ew_match(rs, &s, &v));
	KUNIT_EXPECT_EQ(test, v.rule - rs->v.rules, 0L);
	s = (struct ew_subject){ .names = { "ls" }, .path = "/usr/bin/ls" };
	KUNIT_ASSERT_TRUE(test, ew_match(rs, &s, &v));
	KUNIT_EXPECT_EQ(test, v.rule - rs->v.rules, (long)n - 1);
	s.names[0] = NULL;
	KUNIT_EXPECT_FALSE(test, ew_match(rs, &s, &v));

	/* The index against the loop, for a miss, timed. */
	t0 = ktime_get();
	for (i = 0; i < 100; i++)
		ew_match(rs, &s, &v);
	t1 = ktime_get();
	for (i = 0; i < 100; i++)
		linear_match(rs, &s, &v);
	t2 = ktime_get();
	kunit_info(test, "100 misses: index %lld us, plain loop %lld us\n",
		   ktime_us_delta(t1, t0), ktime_us_delta(t2, t1));
}

/* The built-in rules agree with the loop on random execs too. */
static void ew_match_test_index_builtin(struct kunit *test)
{
	struct rnd_subject *subj = kunit_kzalloc(test, sizeof(*subj),
						 GFP_KERNEL);
	static const char *const names[] = {
		"cdk", "cdk_linux_amd64", "deepce.sh", "botb-linux-amd64",
		"nsenter", "sh", "kubeletctl", "peirates", "traitor-amd64",
	};
	const struct ew_ruleset *rs = builtin(test);
	struct rnd_state rnd;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, subj);
	prandom_seed_state(&rnd, 22);
	for (i = 0; i < 2000; i++) {
		rnd_subject(&rnd, subj);
		if (i & 1)
			subj->s.names[i % 3] = names[i % ARRAY_SIZE(names)];
		if (!agree(test, rs, &subj->s))
			return;
	}
}

/* ew_match_end_needed() as a loop over every matcher and interpreter. */
static bool end_needed_ref(const struct ew_ruleset *rs,
			   const char *const names[3])
{
	const struct ew_rules_view *v = &rs->v;
	u32 i, k;

	for (k = 0; k < 3; k++) {
		for (i = 0; i < v->hdr->nmatchers; i++) {
			const struct ew_matcher *m = &v->matchers[i];

			if ((m->kind == EW_MATCH_ARGV ||
			     (k == 2 && m->kind == EW_MATCH_NAME)) &&
			    glob_match(ew_rules_str(v, m->pattern), names[k]))
				return true;
		}
		for (i = 0; rs->needs_script && i < v->hdr->ninterps; i++)
			if (ew_interp_named(v, &v->interps[i], names[k]))
				return true;
	}
	return false;
}

/* Whether the end of an exec is armed: the index agrees with the loop on
 * every triple of some names, and says what the built-in rules mean.
 */
static void ew_match_test_end_needed(struct kunit *test)
{
	static const char *const pool[] = {
		"nop", "ls", "sh", "bash", "dash", "busybox", "python3.11",
		"python", "perl5.36", "ruby3", "php8", "node", "nodejs",
		"nsenter", "chroot", "mount", "insmod", "docker", "cdk",
		"deepce.sh", "no", "n", "", "x-sh", "kubectl", "unshare",
	};
	static const struct {
		const char *names[3];
		bool needed;
	} cases[] = {
		{ { "nop", "nop", "nop" }, false },
		{ { "ls", "ls", "ls" }, false },
		/* busybox runs applets: named by argv[0] */
		{ { "busybox", "busybox", "nsenter" }, true },
		{ { "x", "x", "nsenter" }, true },
		{ { "nsenter", "nsenter", "nsenter" }, true },
		{ { "python3.11", "python3.11", "python3" }, true },
		/* "cdk" is a name rule: argv[0] alone can match it */
		{ { "x", "x", "cdk" }, true },
		{ { "cdk", "cdk", "x" }, false },
		/* the same name twice is looked up once, as argv[0]'s */
		{ { "x", "cdk", "cdk" }, true },
		{ { "cdk", "x", "cdk" }, true },
		{ { "cdk", "cdk", "cdk" }, true },
	};
	struct ew_ruleset *rs = (struct ew_ruleset *)builtin(test);
	const char *names[3];
	u32 a, b, c, n = ARRAY_SIZE(pool);

	rs->needs_argv = true;
	rs->needs_script = true;
	for (a = 0; a < ARRAY_SIZE(cases); a++)
		KUNIT_EXPECT_EQ_MSG(test, ew_match_end_needed(rs, cases[a].names),
				    cases[a].needed, "%s %s %s",
				    cases[a].names[0], cases[a].names[1],
				    cases[a].names[2]);
	for (a = 0; a < n; a++) {
		for (c = 0; c < n; c++) {
			b = (a + c) % n;
			names[0] = pool[a];
			names[1] = pool[b];
			names[2] = pool[c];
			if (ew_match_end_needed(rs, names) !=
			    end_needed_ref(rs, names)) {
				KUNIT_FAIL(test, "%s %s %s: index and loop differ",
					   names[0], names[1], names[2]);
				return;
			}
		}
	}
	/* Without scripts to judge, an interpreter's name alone is nothing. */
	rs->needs_script = false;
	names[0] = "perl5.36";
	names[1] = "perl5.36";
	names[2] = "perl5.36";
	KUNIT_EXPECT_FALSE(test, ew_match_end_needed(rs, names));
}

static struct kunit_case ew_match_cases[] = {
	KUNIT_CASE(ew_match_test_builtin_names),
	KUNIT_CASE(ew_match_test_benign),
	KUNIT_CASE(ew_match_test_fileless),
	KUNIT_CASE(ew_match_test_path_glob),
	KUNIT_CASE(ew_match_test_argv_escapes),
	KUNIT_CASE(ew_match_test_argv_needs_cmdline),
	KUNIT_CASE(ew_match_test_index_random),
	KUNIT_CASE(ew_match_test_index_10000),
	KUNIT_CASE(ew_match_test_index_builtin),
	KUNIT_CASE(ew_match_test_end_needed),
	{}
};

static struct kunit_suite ew_match_suite = {
	.name = "escapewatch_match",
	.test_cases = ew_match_cases,
};

kunit_test_suite(ew_match_suite);
