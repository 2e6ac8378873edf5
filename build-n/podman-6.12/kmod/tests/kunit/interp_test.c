// SPDX-License-Identifier: GPL-2.0
/* KUnit: which script an interpreter's command line gives it (interp.c). */
/* First, so that its definitions are the ones in force. */
#include "../../kmod/interp.c"

#include <kunit/test.h>
#include <linux/slab.h>

/* A shell, python and perl, as the default rules write them. */
static const char *const interp_lists[][6] = {
	/* names, options, command, noscript, stdin, multicall */
	{ "sh|bash|dash|busybox", "-o|+o|-O|+O|--rcfile", "-c", "", "-s",
	  "busybox" },
	{ "python*", "-m|-c|-W|-X", "-c", "-m", "", "" },
	{ "perl", "-e|-E|-M", "-e|-E", "", "", "" },
};

#define NINTERPS ARRAY_SIZE(interp_lists)

struct interp_blob {
	struct ew_rules_header h;
	struct ew_rule_desc r;
	struct ew_matcher m;
	struct ew_interp in[NINTERPS];
	char s[512];
} __aligned(8);

/* Add @str to the string table at *@off; returns its offset. */
static u32 add_str(struct interp_blob *b, u32 *off, const char *str)
{
	u32 at = *off;

	if (!*str)
		return 0;
	strscpy(b->s + at, str, sizeof(b->s) - at);
	*off += strlen(str) + 1;
	return at;
}

static struct ew_ruleset *interp_set(struct kunit *test)
{
	struct ew_ruleset *rs;
	struct interp_blob *b;
	const char *why;
	u32 off = 1, i;

	rs = kunit_kzalloc(test, sizeof(*rs) + sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rs);
	b = (struct interp_blob *)rs->blob;
	b->r.id = 1;
	b->r.name = add_str(b, &off, "r");
	b->r.nmatchers = 1;
	b->r.severity = EW_SEV_HIGH;
	b->m.kind = EW_MATCH_NAME;
	b->m.pattern = add_str(b, &off, "zz");
	b->m.text = b->m.pattern;
	for (i = 0; i < NINTERPS; i++) {
		b->in[i].names = add_str(b, &off, interp_lists[i][0]);
		b->in[i].options = add_str(b, &off, interp_lists[i][1]);
		b->in[i].command = add_str(b, &off, interp_lists[i][2]);
		b->in[i].noscript = add_str(b, &off, interp_lists[i][3]);
		b->in[i].from_stdin = add_str(b, &off, interp_lists[i][4]);
		b->in[i].multicall = add_str(b, &off, interp_lists[i][5]);
	}
	b->h.magic = EW_RULES_MAGIC;
	b->h.version = EW_RULES_VERSION;
	b->h.nrules = 1;
	b->h.nmatchers = 1;
	b->h.ninterps = NINTERPS;
	b->h.strings_size = off;
	b->h.size = offsetof(struct interp_blob, s) + off;
	rs->size = b->h.size;
	KUNIT_ASSERT_EQ_MSG(test, ew_rules_validate(rs->blob, rs->size, &rs->v,
						    &why), 0, "%s", why);
	return rs;
}

/*
 * Read @cmdline (arguments separated by single spaces) as the command line
 * of the file named @file; *@out is what it gives the interpreter.
 * Returns false when @file is not an interpreter.
 */
static bool script_of(struct kunit *test, const struct ew_ruleset *rs,
		      const char *file, const char *cmdline, bool truncated,
		      struct ew_script_ref *out)
{
	const char *names[2] = { file, file }, *first;
	const struct ew_interp *in;
	struct ew_argv a = { .truncated = truncated };
	char *buf;
	size_t i;

	buf = kunit_kzalloc(test, strlen(cmdline) + 2, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	a.len = strscpy(buf, cmdline, strlen(cmdline) + 1) + 1;
	for (i = 0; i < a.len; i++)
		if (buf[i] == ' ')
			buf[i] = '\0';
	a.buf = buf;
	in = ew_interp_find(rs, names, &a, &first);
	if (!in)
		return false;
	ew_interp_script(rs, in, &a, first, out);
	return true;
}

static void ew_interp_test_operands(struct kunit *test)
{
	static const struct {
		const char *file, *cmdline;
		enum ew_script_kind kind;
		const char *arg;
	} cases[] = {
		{ "sh", "sh x.sh", EW_SCRIPT_FILE, "x.sh" },
		{ "dash", "dash ./d/x.sh a b", EW_SCRIPT_FILE, "./d/x.sh" },
		{ "bash", "bash -e x.sh", EW_SCRIPT_FILE, "x.sh" },
		{ "bash", "bash -o posix x.sh", EW_SCRIPT_FILE, "x.sh" },
		{ "bash", "bash -eo pipefail x.sh -o", EW_SCRIPT_FILE, "x.sh" },
		{ "bash", "bash -oerrexit x.sh", EW_SCRIPT_FILE, "x.sh" },
		{ "sh", "sh +o errexit x.sh", EW_SCRIPT_FILE, "x.sh" },
		{ "sh", "sh +e x.sh", EW_SCRIPT_FILE, "x.sh" },
		{ "bash", "bash --rcfile rc x.sh", EW_SCRIPT_FILE, "x.sh" },
		{ "bash", "bash --norc x.sh", EW_SCRIPT_FILE, "x.sh" },
		{ "sh", "sh -- -x.sh", EW_SCRIPT_FILE, "-x.sh" },
		{ "sh", "sh", EW_SCRIPT_STDIN, NULL },
		{ "sh", "sh -e", EW_SCRIPT_STDIN, NULL },
		{ "sh", "sh -s a b", EW_SCRIPT_STDIN, NULL },
		{ "sh", "sh - a", EW_SCRIPT_STDIN, "-" },
		{ "sh", "sh -c id", EW_SCRIPT_TEXT, "id" },
		{ "sh", "sh -ec id x", EW_SCRIPT_TEXT, "id" },
		{ "sh", "sh -c -e id", EW_SCRIPT_TEXT, "id" },
		{ "sh", "sh -c", EW_SCRIPT_NONE, NULL },
		{ "python3", "python3 x.py", EW_SCRIPT_FILE, "x.py" },
		{ "python3.11", "python3.11 -W ignore x.py", EW_SCRIPT_FILE,
		  "x.py" },
		{ "python3", "python3 -Wignore -u x.py", EW_SCRIPT_FILE,
		  "x.py" },
		{ "python3", "python3 +x.py", EW_SCRIPT_FILE, "+x.py" },
		{ "python3", "python3 -m http.server", EW_SCRIPT_NONE, NULL },
		{ "python3", "python3 -c print(1)", EW_SCRIPT_TEXT, "print(1)" },
		{ "python3", "python3 -cprint(1)", EW_SCRIPT_TEXT, "print(1)" },
		{ "python3", "python3 -Ec print(1) x", EW_SCRIPT_TEXT,
		  "print(1)" },
		{ "perl", "perl -we print", EW_SCRIPT_TEXT, "print" },
		{ "perl", "perl -Mfeature x.pl", EW_SCRIPT_FILE, "x.pl" },
		{ "perl", "perl -e", EW_SCRIPT_NONE, NULL },
		/* A value cut off by argv_max: nothing to find after it. */
		{ "bash", "bash -o", EW_SCRIPT_NONE, NULL },
	};
	const struct ew_ruleset *rs = interp_set(test);
	struct ew_script_ref out;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		KUNIT_ASSERT_TRUE_MSG(test, script_of(test, rs, cases[i].file,
						      cases[i].cmdline, false,
						      &out),
				      "%s", cases[i].cmdline);
		KUNIT_EXPECT_EQ_MSG(test, out.kind, cases[i].kind, "%s",
				    cases[i].cmdline);
		if (cases[i].arg)
			KUNIT_EXPECT_STREQ_MSG(test, out.arg, cases[i].arg,
					       "%s", cases[i].cmdline);
	}
}

/* Which programs are interpreters, and a multi-call program's applet. */
static void ew_interp_test_programs(struct kunit *test)
{
	const struct ew_ruleset *rs = interp_set(test);
	const char *names[2], *first;
	struct ew_script_ref out;
	struct ew_argv a = {};

	KUNIT_EXPECT_FALSE(test, script_of(test, rs, "ls", "ls x.sh", false,
					   &out));
	KUNIT_EXPECT_FALSE(test, script_of(test, rs, "shx", "shx x.sh", false,
					   &out));
	KUNIT_EXPECT_TRUE(test, script_of(test, rs, "busybox",
					  "busybox sh x.sh", false, &out));
	KUNIT_EXPECT_EQ(test, out.kind, EW_SCRIPT_FILE);
	KUNIT_EXPECT_STREQ(test, out.arg, "x.sh");
	KUNIT_EXPECT_FALSE(test, script_of(test, rs, "busybox",
					   "busybox ls x.sh", false, &out));
	KUNIT_EXPECT_FALSE(test, script_of(test, rs, "busybox", "busybox",
					   false, &out));
	KUNIT_EXPECT_FALSE(test, script_of(test, rs, "busybox",
					   "busybox busybox x.sh", false,
					   &out));

	/* /bin/sh, a link to busybox: the applet is argv[0]'s. */
	names[0] = "sh";
	names[1] = "busybox";
	a.buf = "/bin/sh\0x.sh";
	a.len = 13;
	KUNIT_ASSERT_NOT_NULL(test, ew_interp_find(rs, names, &a, &first));
	KUNIT_EXPECT_STREQ(test, first, "x.sh");
	/* exec -a: busybox runs the applet argv[0] names, not a shell. */
	a.buf = "foo\0x.sh";
	a.len = 9;
	KUNIT_EXPECT_NULL(test, ew_interp_find(rs, names, &a, &first));
	/* A renamed interpreter called by an interpreter's name in argv[0]. */
	names[0] = "x";
	names[1] = "x";
	a.buf = "bash\0x.sh";
	a.len = 10;
	KUNIT_EXPECT_NOT_NULL(test, ew_interp_find(rs, names, &a, &first));
	a.len = 0;
	KUNIT_EXPECT_NULL(test, ew_interp_find(rs, names, &a, &first));
}

/* A command line cut short by argv_max: its last argument is cut too. */
static void ew_interp_test_truncated(struct kunit *test)
{
	const struct ew_ruleset *rs = interp_set(test);
	struct ew_script_ref out;

	KUNIT_ASSERT_TRUE(test, script_of(test, rs, "sh", "sh /tmp/x.s", true,
					  &out));
	KUNIT_EXPECT_EQ(test, out.kind, EW_SCRIPT_NONE);
	KUNIT_ASSERT_TRUE(test, script_of(test, rs, "sh", "sh /tmp/x.sh a",
					  true, &out));
	KUNIT_EXPECT_EQ(test, out.kind, EW_SCRIPT_FILE);
	KUNIT_ASSERT_TRUE(test, script_of(test, rs, "sh", "sh -c ech", true,
					  &out));
	KUNIT_EXPECT_EQ(test, out.kind, EW_SCRIPT_TEXT);
	/* No operand before the cut: it may be after it, not stdin. */
	KUNIT_ASSERT_TRUE(test, script_of(test, rs, "sh", "sh -e -e", true,
					  &out));
	KUNIT_EXPECT_EQ(test, out.kind, EW_SCRIPT_NONE);
}

/* 10,000 options before the script: read once, left to right. */
static void ew_interp_test_many_options(struct kunit *test)
{
	const struct ew_ruleset *rs = interp_set(test);
	struct ew_script_ref out;
	const size_t n = 10000;
	char *cmd, *p;
	size_t i;

	cmd = kunit_kzalloc(test, 3 + 3 * n + 6, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cmd);
	p = cmd + sprintf(cmd, "sh");
	for (i = 0; i < n; i++)
		p += sprintf(p, " -e");
	sprintf(p, " x.sh");
	KUNIT_ASSERT_TRUE(test, script_of(test, rs, "sh", cmd, false, &out));
	KUNIT_EXPECT_EQ(test, out.kind, EW_SCRIPT_FILE);
	KUNIT_EXPECT_STREQ(test, out.arg, "x.sh");
}

static struct kunit_case ew_interp_cases[] = {
	KUNIT_CASE(ew_interp_test_operands),
	KUNIT_CASE(ew_interp_test_programs),
	KUNIT_CASE(ew_interp_test_truncated),
	KUNIT_CASE(ew_interp_test_many_options),
	{}
};

static struct kunit_suite ew_interp_suite = {
	.name = "escapewatch_interp",
	.test_cases = ew_interp_cases,
};

kunit_test_suite(ew_interp_suite);
