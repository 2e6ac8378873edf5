// SPDX-License-Identifier: GPL-2.0
/*
 * Rules files: parsing and its errors, compiling, the shared blob
 * validator, and printing a blob back as the same rules.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../kmod/rules_blob.h"
#include "rules/rules.h"
#include "content_ref.h"

static const char sample[] =
	"# a comment\n"
	"rule 10 cdk\n"
	"\tseverity critical\n"
	"\tdescription CDK toolkit\n"
	"\tname cdk\n"
	"\tname cdk_linux_*\n"
	"\n"
	"rule 11 memory\n"
	"  technique T1620   \n"
	"  fileless\n"
	"  path /tmp/x y/*\n"
	"rule 12 nsenter\n"
	"\taction kill\n"
	"\targv nsenter  -t|--target=1 -m @1=sh *=--x\n"
	"rule 13 tool\n"
	"\tsha256 00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff\n"
	"\tcontent github.com/cdk-team/CDK\n"
	"\tcontent a\\x01\\\\b\n";

/* Interpreter lines before, between and inside rules; keys in any order. */
static const char interp_sample[] =
	"interpreter sh,bash,busybox stdin=-s multicall=busybox options=-o,+o,--rcfile command=-c\n"
	"rule 1 a\n"
	"\tname a\n"
	"\tinterpreter python3,python3.* options=-m,-c command=-c noscript=-m\n"
	"\tname b\n"
	"\n"
	"interpreter perl\n"
	"rule 2 b\n"
	"\tname o\n"
	"\tname +-x\n"
	"\tname sh||bash\n";

static void compile_text(const char *text, void **blob, size_t *size)
{
	struct ew_rules_src r;
	char err[256] = "";

	assert_int_equal(ew_rules_parse(text, "t", &r, err, sizeof(err)), 0);
	assert_int_equal(ew_rules_compile(&r, blob, size, err, sizeof(err)), 0);
	ew_rules_free(&r);
}

static void parse_sample(void **state)
{
	struct ew_rules_src r;
	char err[256] = "";

	(void)state;
	assert_int_equal(ew_rules_parse(sample, "t", &r, err, sizeof(err)), 0);
	assert_int_equal(r.nrule, 4);
	assert_int_equal(r.rule[3].match[0].kind, EW_MATCH_SHA256);
	assert_string_equal(r.rule[3].match[0].pattern,
			    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	assert_int_equal(r.rule[3].match[1].kind, EW_MATCH_CONTENT);
	assert_string_equal(r.rule[3].match[2].pattern, "a\x01\\b");
	assert_string_equal(r.rule[3].match[2].text, "a\\x01\\\\b");
	assert_int_equal(r.rule[0].id, 10);
	assert_int_equal(r.rule[0].severity, EW_SEV_CRITICAL);
	assert_int_equal(r.rule[0].action, EW_ACT_REPORT);
	assert_int_equal(r.rule[2].action, EW_ACT_KILL);
	assert_string_equal(r.rule[0].description, "CDK toolkit");
	assert_string_equal(r.rule[0].technique, "T1611");
	assert_int_equal(r.rule[0].nmatch, 2);
	assert_string_equal(r.rule[0].match[1].pattern, "cdk_linux_*");
	assert_int_equal(r.rule[1].severity, EW_SEV_HIGH);
	assert_string_equal(r.rule[1].technique, "T1620");
	assert_int_equal(r.rule[1].match[0].kind, EW_MATCH_FILELESS);
	assert_int_equal(r.rule[1].match[1].kind, EW_MATCH_PATH);
	assert_string_equal(r.rule[1].match[1].pattern, "/tmp/x y/*");
	assert_int_equal(r.rule[2].match[0].kind, EW_MATCH_ARGV);
	assert_string_equal(r.rule[2].match[0].pattern, "nsenter");
	assert_string_equal(r.rule[2].match[0].text,
			    "nsenter  -t|--target=1 -m @1=sh *=--x");
	assert_int_equal(r.rule[2].match[0].ncond, 4);
	assert_int_equal(r.rule[2].match[0].cond[0].kind, EW_ARG_VALUE);
	assert_string_equal(r.rule[2].match[0].cond[0].names, "-t|--target");
	assert_string_equal(r.rule[2].match[0].cond[0].value, "1");
	assert_int_equal(r.rule[2].match[0].cond[1].kind, EW_ARG_FLAG);
	assert_int_equal(r.rule[2].match[0].cond[2].kind, EW_ARG_POSITIONAL);
	assert_int_equal(r.rule[2].match[0].cond[2].pos, 1);
	assert_int_equal(r.rule[2].match[0].cond[3].kind, EW_ARG_ANY);
	assert_string_equal(r.rule[2].match[0].cond[3].value, "--x");
	ew_rules_free(&r);
}

static void parse_errors(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "", "t: no rules" },
		{ "name x\n", "t:1: 'name' before the first rule" },
		{ "rule 0 x\nname a\n", "t:1: rule wants an id" },
		{ "rule x\n", "t:1: rule wants an id" },
		{ "rule 99999999999 x\n", "t:1: rule wants an id" },
		{ "rule 1 bad/name\n", "t:1: rule name 'bad/name'" },
		{ "rule 1 a\nname x\nrule 1 b\n", "t:3: rule id 1 already used on line 1" },
		{ "rule 1 a\n\tname\n", "t:2: name wants a pattern" },
		{ "rule 1 a\nfileless x\n", "t:2: fileless takes no pattern" },
		{ "rule 1 a\nseverity huge\n", "t:2: severity is low" },
		{ "rule 1 a\naction stop\nname a\n", "t:2: action is report, deny or kill" },
		{ "rule 1 a\nhash 00\n", "t:2: unknown keyword 'hash'" },
		{ "rule 1 a\n\nrule 2 b\nname x\n", "t:1: rule 1 has no name, path, fileless, argv, sha256 or content line" },
		{ "rule 1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", "t:1: rule name" },
		{ "rule 1 a\nargv\n", "t:2: argv wants a pattern" },
		{ "rule 1 a\nsha256 abc\n", "t:2: sha256 wants 64 hex digits" },
		{ "rule 1 a\nsha256 0011223344556677889900112233445566778899001122334455667788990011x\n", "t:2: sha256 wants 64 hex digits" },
		{ "rule 1 a\ncontent\n", "t:2: content wants a string" },
		{ "rule 1 a\ncontent a\\x00\n", "t:2: content cannot hold a NUL byte" },
		{ "rule 1 a\ncontent a\\q\n", "t:2: content: write a backslash" },
		{ "rule 1 a\nargv x t=1\n", "t:2: 't': a condition is" },
		{ "rule 1 a\nargv x -tt=1\n", "t:2: '-tt': options are" },
		{ "rule 1 a\nargv x --=1\n", "t:2: '--': options are" },
		{ "rule 1 a\nargv x -t|=1\n", "t:2: '-t|': options are" },
		{ "rule 1 a\nargv x @0=a\n", "t:2: '@0' wants a position" },
		{ "rule 1 a\nargv x @1\n", "t:2: '@1' wants a position" },
		{ "rule 1 a\nargv x *\n", "t:2: '*' wants =pattern" },
		{ "rule 1 a\nargv x -t=\n", "t:2: '-t=' wants a pattern" },
		{ "rule 1 a\nargv x -a -b -c -d -e -f -g -h -i -j -k -l -m -n -o -p -q\n", "t:2: more than 16 argv conditions" },
	};
	struct ew_rules_src r;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		assert_int_equal(ew_rules_parse(cases[i].text, "t", &r, err,
						sizeof(err)), -1);
		if (strncmp(err, cases[i].msg, strlen(cases[i].msg)))
			fail_msg("case %zu: got '%s', want '%s...'", i, err,
				 cases[i].msg);
	}
}

static void parse_interp(void **state)
{
	struct ew_rules_src r;
	char err[256] = "";

	(void)state;
	assert_int_equal(ew_rules_parse(interp_sample, "t", &r, err,
					sizeof(err)), 0);
	assert_int_equal(r.ninterp, 3);
	assert_string_equal(r.interp[0].names, "sh|bash|busybox");
	assert_string_equal(r.interp[0].options, "-o|+o|--rcfile");
	assert_string_equal(r.interp[0].command, "-c");
	assert_string_equal(r.interp[0].noscript, "");
	assert_string_equal(r.interp[0].from_stdin, "-s");
	assert_string_equal(r.interp[0].multicall, "busybox");
	assert_int_equal(r.interp[0].line, 1);
	assert_string_equal(r.interp[1].names, "python3|python3.*");
	assert_string_equal(r.interp[1].noscript, "-m");
	assert_int_equal(r.interp[1].line, 4);
	assert_string_equal(r.interp[2].names, "perl");
	assert_string_equal(r.interp[2].options, "");
	assert_string_equal(r.interp[2].multicall, "");
	/* The line inside rule 1 neither ended it nor started another. */
	assert_int_equal(r.nrule, 2);
	assert_int_equal(r.rule[0].nmatch, 2);
	assert_string_equal(r.rule[0].match[1].pattern, "b");
	ew_rules_free(&r);
}

/* Each malformed interpreter line, with its line number. */
static void parse_interp_errors(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "rule 1 a\nname x\ninterpreter\n", "t:3: interpreter wants NAME[,NAME...] first" },
		{ "interpreter options=-o\nrule 1 a\nname x\n", "t:1: interpreter wants NAME[,NAME...] first" },
		{ "rule 1 a\nname x\n\ninterpreter sh,,bash\n", "t:4: names list has an empty element" },
		{ "interpreter sh, options=-o\n", "t:1: names list has an empty element" },
		{ "interpreter ,sh\n", "t:1: names list has an empty element" },
		{ "interpreter a|b\n", "t:1: names: 'a|b' holds a '|'" },
		{ "# c\ninterpreter sh options=-o,,-c\n", "t:2: options list has an empty element" },
		{ "interpreter sh command=-c,\n", "t:1: command list has an empty element" },
		{ "interpreter sh multicall=,sh\n", "t:1: multicall list has an empty element" },
		{ "interpreter sh options=\n", "t:1: 'options=' wants a list" },
		{ "interpreter sh script=-x\n", "t:1: unknown interpreter key 'script'" },
		{ "interpreter sh =-x\n", "t:1: unknown interpreter key ''" },
		{ "interpreter sh command=-c stdin=-s command=-c\n", "t:1: interpreter key 'command' given twice" },
		{ "interpreter sh -c\n", "t:1: '-c': an interpreter's names are followed by KEY=LIST only" },
		{ "interpreter sh options=o\n", "t:1: options: 'o' is not -x, +x or --name" },
		{ "interpreter sh options=+-x\n", "t:1: options: '+-x' is not -x, +x or --name" },
		{ "interpreter sh options=-oo\n", "t:1: options: '-oo' is not -x, +x or --name" },
		{ "interpreter sh options=-\n", "t:1: options: '-' is not -x, +x or --name" },
		{ "interpreter sh command=--\n", "t:1: command: '--' is not -x, +x or --name" },
		{ "interpreter sh noscript=+\n", "t:1: noscript: '+' is not -x, +x or --name" },
		{ "interpreter sh stdin=--a|b\n", "t:1: stdin: '--a|b' is not -x, +x or --name" },
		{ "interpreter sh stdin=--a=b\n", "t:1: stdin: '--a=b' is not -x, +x or --name" },
		{ "interpreter sh options=-|\n", "t:1: options: '-|' is not -x, +x or --name" },
		{ "interpreter sh,bash multicall=busybox\n", "t:1: multicall: 'busybox' is not among the names" },
		{ "interpreter busybox* multicall=busybox\n", "t:1: multicall: 'busybox' is not among the names" },
		{ "interpreter sh,busybox multicall=busy\n", "t:1: multicall: 'busy' is not among the names" },
		{ "interpreter sh\nname x\n", "t:2: 'name' before the first rule" },
		{ "interpreter sh\n", "t: no rules" },
	};
	struct ew_rules_src r;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		assert_int_equal(ew_rules_parse(cases[i].text, "t", &r, err,
						sizeof(err)), -1);
		if (strcmp(err, cases[i].msg))
			fail_msg("case %zu: got '%s', want '%s'", i, err,
				 cases[i].msg);
	}
}

/* Parse text: it parses (want NULL) or fails with exactly want. */
static void expect_parse(const char *text, const char *want)
{
	struct ew_rules_src r;
	char err[256] = "";
	int ret = ew_rules_parse(text, "t", &r, err, sizeof(err));

	if (!want) {
		if (ret)
			fail_msg("refused: %s", err);
		ew_rules_free(&r);
		return;
	}
	assert_int_equal(ret, -1);
	assert_string_equal(err, want);
}

/* A list of exactly EW_RULES_STR_MAX bytes is taken and one byte more is
 * not; so are EW_INTERPS_MAX interpreter lines and one more.
 */
static void parse_interp_limits(void **state)
{
	static char text[8192], list[EW_RULES_STR_MAX + 2];
	char want[128];
	size_t i, len;
	int extra;

	(void)state;
	for (extra = 0; extra <= 1; extra++) {
		len = EW_RULES_STR_MAX + extra;

		/* names: "aaa...a,aaa...a,...", each name 31 bytes */
		for (i = 0; i < len; i++)
			list[i] = i % 32 == 31 ? ',' : 'a';
		list[len] = '\0';
		if (list[len - 1] == ',')
			list[len - 1] = 'a';
		snprintf(text, sizeof(text), "rule 1 a\nname x\ninterpreter %s\n",
			 list);
		snprintf(want, sizeof(want), "t:3: names list longer than %d bytes",
			 EW_RULES_STR_MAX);
		expect_parse(text, extra ? want : NULL);

		/* options: one long option, "--aaa...a" */
		memset(list, 'a', len);
		memcpy(list, "--", 2);
		snprintf(text, sizeof(text),
			 "rule 1 a\nname x\ninterpreter sh options=%s\n", list);
		snprintf(want, sizeof(want), "t:3: options list longer than %d bytes",
			 EW_RULES_STR_MAX);
		expect_parse(text, extra ? want : NULL);

		/* multicall: names repeated, "a,a,...,a" (odd) or "bb,a,...,a" */
		for (i = 0; i < len; i++)
			list[i] = (i % 2) ^ (len % 2) ? 'a' : ',';
		if (len % 2 == 0)
			memcpy(list, "bb", 2);
		snprintf(text, sizeof(text),
			 "rule 1 a\nname x\ninterpreter a,bb multicall=%s\n", list);
		snprintf(want, sizeof(want), "t:3: multicall list longer than %d bytes",
			 EW_RULES_STR_MAX);
		expect_parse(text, extra ? want : NULL);
	}

	/* One name: shorter than EW_INTERP_NAME_MAX, as the module wants. */
	for (extra = 0; extra <= 1; extra++) {
		len = EW_INTERP_NAME_MAX - 1 + extra;
		memset(list, 'a', len);
		list[len] = '\0';
		snprintf(text, sizeof(text), "rule 1 a\nname x\ninterpreter %s\n",
			 list);
		snprintf(want, sizeof(want), "t:3: names: a name longer than %d bytes",
			 EW_INTERP_NAME_MAX - 1);
		expect_parse(text, extra ? want : NULL);
	}

	for (extra = 0; extra <= 1; extra++) {
		len = snprintf(text, sizeof(text), "rule 1 a\nname x\n");
		for (i = 0; i < EW_INTERPS_MAX + (size_t)extra; i++)
			len += snprintf(text + len, sizeof(text) - len,
					"interpreter i%zu\n", i);
		snprintf(want, sizeof(want), "t:%d: more than %d interpreter lines",
			 EW_INTERPS_MAX + 3, EW_INTERPS_MAX);
		expect_parse(text, extra ? want : NULL);
	}
}

/* More content lines than the module keeps: a message, not a blob the
 * module would refuse.
 */
static void compile_refuses_content_over_max(void **state)
{
	static char text[(EW_CONTENT_MAX + 1) * 40];
	struct ew_rules_src r;
	char err[256];
	size_t len = 0, size;
	void *blob = NULL;
	int i;

	(void)state;
	for (i = 0; i <= EW_CONTENT_MAX; i++)
		len += snprintf(text + len, sizeof(text) - len,
				"rule %d r%d\ncontent s%d\n", i + 1, i, i);
	assert_true(len < sizeof(text) - 1);
	assert_int_equal(ew_rules_parse(text, "t", &r, err, sizeof(err)), 0);
	assert_int_equal(ew_rules_compile(&r, &blob, &size, err, sizeof(err)),
			 -1);
	assert_null(blob);
	assert_string_equal(err, "more than 4096 content lines");
	ew_rules_free(&r);
}

/* Compile, validate with the module's validator, print, parse, compile:
 * the same bytes.
 */
static void round_trip(void **state)
{
	struct ew_rules_view v;
	const char *why;
	void *blob, *blob2;
	size_t size, size2, len;
	char *text, err[256];
	FILE *out;

	(void)state;
	compile_text(sample, &blob, &size);
	assert_int_equal(ew_rules_validate(blob, size, &v, &why), 0);
	assert_int_equal(v.hdr->nrules, 4);
	assert_int_equal(v.hdr->nmatchers, 8);
	assert_int_equal(v.hdr->nconds, 4);

	out = open_memstream(&text, &len);
	assert_int_equal(ew_rules_print(blob, size, out, err, sizeof(err)), 0);
	fclose(out);
	assert_non_null(strstr(text, "rule 10 cdk\n\tseverity critical\n"));
	assert_non_null(strstr(text, "\tpath /tmp/x y/*\n"));
	assert_non_null(strstr(text, "\taction kill\n\ttechnique T1611\n"));
	assert_non_null(strstr(text, "\targv nsenter  -t|--target=1 -m @1=sh *=--x\n"));
	compile_text(text, &blob2, &size2);
	assert_int_equal(size2, size);
	assert_memory_equal(blob2, blob, size);
	free(text);
	free(blob);
	free(blob2);
}

/* A blob printed as a rules file (malloc'ed). */
static char *print_text(const void *blob, size_t size)
{
	char *text = NULL, err[256] = "";
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	if (ew_rules_print(blob, size, out, err, sizeof(err)))
		fail_msg("print: %s", err);
	fclose(out);
	return text;
}

/* Interpreter lines print first, as comma lists with only the keys given,
 * and parse and compile again to the same bytes.
 */
static void round_trip_interp(void **state)
{
	struct ew_rules_view v;
	const char *why;
	void *blob, *blob2;
	size_t size, size2;
	char *text;

	(void)state;
	compile_text(interp_sample, &blob, &size);
	assert_int_equal(ew_rules_validate(blob, size, &v, &why), 0);
	assert_int_equal(v.hdr->version, EW_RULES_VERSION);
	assert_int_equal(v.hdr->ninterps, 3);
	assert_string_equal(ew_rules_str(&v, v.interps[0].names),
			    "sh|bash|busybox");
	assert_string_equal(ew_rules_str(&v, v.interps[0].from_stdin), "-s");
	assert_string_equal(ew_rules_str(&v, v.interps[1].noscript), "-m");
	assert_string_equal(ew_rules_str(&v, v.interps[2].options), "");

	text = print_text(blob, size);
	assert_non_null(strstr(text,
		"interpreter sh,bash,busybox options=-o,+o,--rcfile command=-c stdin=-s multicall=busybox\n"
		"interpreter python3,python3.* options=-m,-c command=-c noscript=-m\n"
		"interpreter perl\n"
		"\n"
		"rule 1 a\n"));
	assert_ptr_equal(strstr(text, "interpreter"), text);
	compile_text(text, &blob2, &size2);
	assert_int_equal(size2, size);
	assert_memory_equal(blob2, blob, size);
	free(text);
	free(blob);
	free(blob2);
}

/* The offset of string s in a validated blob's string table. */
static uint32_t str_off(const struct ew_rules_view *v, const char *s)
{
	uint32_t off;

	for (off = 0; off < v->hdr->strings_size;
	     off += strlen(v->strings + off) + 1)
		if (!strcmp(v->strings + off, s))
			return off;
	fail_msg("no string '%s' in the blob", s);
	return 0;
}

/* The shared validator (the module's) refuses malformed interpreters. */
static void validator_refuses_bad_interps(void **state)
{
	static const struct {
		size_t field;	/* offset in struct ew_interp */
		const char *str;
	} cases[] = {
		{ offsetof(struct ew_interp, options), "o" },
		{ offsetof(struct ew_interp, command), "+-x" },
		{ offsetof(struct ew_interp, noscript), "sh||bash" },
		{ offsetof(struct ew_interp, names), "" },
		{ offsetof(struct ew_interp, names), "sh||bash" },
		{ offsetof(struct ew_interp, multicall), "sh||bash" },
	};
	struct ew_rules_view v, v2;
	const char *why;
	unsigned char *copy;
	void *blob;
	size_t size, at, i;

	(void)state;
	/* interp_sample's rule 2 puts "o", "+-x" and "sh||bash" in the table. */
	compile_text(interp_sample, &blob, &size);
	assert_int_equal(ew_rules_validate(blob, size, &v, &why), 0);
	at = (const unsigned char *)v.interps - (const unsigned char *)blob;
	copy = malloc(size);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t off = str_off(&v, cases[i].str);

		memcpy(copy, blob, size);
		memcpy(copy + at + cases[i].field, &off, sizeof(off));
		why = NULL;
		assert_int_equal(ew_rules_validate(copy, size, &v2, &why),
				 -EINVAL);
		assert_string_equal(why, "interpreter malformed");
	}
	/* An offset outside the string table. */
	memcpy(copy, blob, size);
	((struct ew_interp *)(copy + at))->multicall = v.hdr->strings_size;
	assert_int_equal(ew_rules_validate(copy, size, &v2, &why), -EINVAL);
	/* More interpreters than the module takes: refused by the count,
	 * before the sections are added up.
	 */
	memcpy(copy, blob, size);
	((struct ew_rules_header *)copy)->ninterps = EW_INTERPS_MAX + 1;
	assert_int_equal(ew_rules_validate(copy, size, &v2, &why), -EINVAL);
	assert_string_equal(why,
		"rule, matcher, condition, interpreter, state or string count out of range");
	/* One interpreter fewer: the sections no longer add up. */
	memcpy(copy, blob, size);
	((struct ew_rules_header *)copy)->ninterps--;
	assert_int_equal(ew_rules_validate(copy, size, &v2, &why), -EINVAL);
	free(copy);
	free(blob);
}

/* EW_INTERPS_MAX interpreters compile to a blob the validator takes. */
static void compile_interps_max(void **state)
{
	static char text[8192];
	struct ew_rules_view v;
	const char *why;
	void *blob;
	size_t size, len, i;

	(void)state;
	len = snprintf(text, sizeof(text), "rule 1 a\nname x\n");
	for (i = 0; i < EW_INTERPS_MAX; i++)
		len += snprintf(text + len, sizeof(text) - len,
				"interpreter i%zu options=-o\n", i);
	compile_text(text, &blob, &size);
	assert_int_equal(ew_rules_validate(blob, size, &v, &why), 0);
	assert_int_equal(v.hdr->ninterps, EW_INTERPS_MAX);
	free(blob);
}

/* EW_RULES_MAX rules, each with a description, a name and a hash, fit in
 * EW_RULES_SIZE_MAX and validate; one more rule is refused by the parser,
 * and so is a repeated id.
 */
static void compile_rules_max(void **state)
{
	size_t cap = (size_t)(EW_RULES_MAX + 1) * 200, len = 0, size;
	char *text = malloc(cap), err[256] = "";
	struct ew_rules_view v;
	struct ew_rules_src r;
	const char *why;
	void *blob;
	int i;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < EW_RULES_MAX; i++)
		len += snprintf(text + len, cap - len,
				"rule %d tool-%d\n\tdescription tool number %d\n"
				"\tname tool-%d\n\tsha256 %064x\n",
				i + 1, i, i, i, i);
	compile_text(text, &blob, &size);
	assert_true(size <= EW_RULES_SIZE_MAX);
	assert_int_equal(ew_rules_validate(blob, size, &v, &why), 0);
	assert_int_equal(v.hdr->nrules, EW_RULES_MAX);
	/* The validator finds two rules sharing an id, however far apart;
	 * the parser refuses the same text with both lines named.
	 */
	((struct ew_rule_desc *)v.rules)[EW_RULES_MAX - 1].id = 1;
	assert_int_equal(ew_rules_validate(blob, size, &v, &why), -EINVAL);
	assert_string_equal(why, "two rules with the same id");
	free(blob);
	snprintf(text + len, cap - len, "rule 1 again\n\tname x\n");
	assert_int_equal(ew_rules_parse(text, "t", &r, err, sizeof(err)), -1);
	assert_string_equal(err, "t:40001: rule id 1 already used on line 1");
	snprintf(text + len, cap - len, "rule %d extra\n\tname x\n",
		 EW_RULES_MAX + 1);
	assert_int_equal(ew_rules_parse(text, "t", &r, err, sizeof(err)), -1);
	snprintf(text, cap, "t:%d: more than %d rules", 4 * EW_RULES_MAX + 1,
		 EW_RULES_MAX);
	assert_string_equal(err, text);
	free(text);
}

/* The validator refuses every truncation and every single-byte change
 * that breaks a field it checks, and never reads outside the blob (ASan).
 */
static void validator_refuses_damage(void **state)
{
	struct ew_rules_view v;
	const char *why;
	unsigned char *copy;
	void *blob;
	size_t size, n, fixed;
	int refused = 0;

	(void)state;
	compile_text(sample, &blob, &size);
	assert_int_equal(ew_rules_validate(blob, size, &v, &why), 0);
	fixed = size - v.hdr->strings_size;	/* header, rules, matchers */
	for (n = 0; n < size; n++) {
		copy = malloc(n ? n : 1);
		memcpy(copy, blob, n);
		assert_int_equal(ew_rules_validate(copy, n, &v, &why), -EINVAL);
		free(copy);
	}
	/* Flip each byte of the header, rules and matchers: never a crash,
	 * and the fields that matter are caught.
	 */
	copy = malloc(size);
	for (n = 0; n < fixed; n++) {
		memcpy(copy, blob, size);
		copy[n] ^= 0xff;
		refused += ew_rules_validate(copy, size, &v, &why) != 0;
	}
	free(copy);
	assert_true(refused > 0);
	/* An action the module does not know is refused by name. */
	copy = malloc(size);
	memcpy(copy, blob, size);
	((struct ew_rule_desc *)(copy + sizeof(struct ew_rules_header)))->action =
		EW_ACT_KILL + 1;
	assert_int_equal(ew_rules_validate(copy, size, &v, &why), -EINVAL);
	assert_string_equal(why, "rule with an unknown action");
	free(copy);
	free(blob);
}

static void print_refuses_invalid(void **state)
{
	char blob[64] = { 0 }, err[256] = "";

	(void)state;
	assert_int_equal(ew_rules_print(blob, sizeof(blob), stdout, err,
					sizeof(err)), -1);
	assert_non_null(strstr(err, "invalid rules blob: not a rules blob"));
}

static void default_rules_compile(void **state)
{
	struct ew_rules_src r;
	char err[256] = "", *text;
	FILE *f = fopen("rules/default.rules", "r");
	struct ew_rules_view v;
	const char *why;
	size_t size;
	void *blob;
	long len;

	(void)state;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = calloc(1, len + 1);
	assert_int_equal(fread(text, 1, len, f), (size_t)len);
	fclose(f);
	assert_int_equal(ew_rules_parse(text, "default.rules", &r, err,
					sizeof(err)), 0);
	assert_true(r.nrule >= 10);
	assert_int_equal(r.ninterp, 6);
	assert_int_equal(ew_rules_compile(&r, &blob, &size, err, sizeof(err)),
			 0);
	/* The module's validator takes the built-in blob. */
	assert_int_equal(ew_rules_validate(blob, size, &v, &why), 0);
	assert_int_equal(v.hdr->version, EW_RULES_VERSION);
	assert_int_equal(v.hdr->ninterps, 6);
	assert_string_equal(ew_rules_str(&v, v.interps[0].multicall), "busybox");
	free(blob);
	ew_rules_free(&r);
	free(text);
}

/* The content automaton, walked over @text, as content_ref.h walks it. */
static uint32_t ac_first(const struct ew_rules_view *v, const char *text,
			 size_t len)
{
	bool stray;
	uint32_t m = ref_ac_walk(v, (const uint8_t *)text, len, &stray);

	assert_false(stray);
	return m;
}

/*
 * Strings that overlap, nest and repeat compile to one automaton of the
 * trie's size, which finds in random text what a naive search finds.
 */
static void compile_content_automaton(void **state)
{
	static const char text[] =
		"rule 1 a\n\tname x\n\tcontent hers\n"
		"rule 2 b\n\tcontent she\n\tcontent he\n"
		"rule 3 c\n\tcontent his\n\tcontent hers\n\tcontent s\n";
	struct ew_rules_view v;
	const char *why;
	char buf[24];
	uint32_t seed = 1, seen = 0, i, j, n;
	void *blob;
	size_t size;

	(void)state;
	compile_text(text, &blob, &size);
	assert_int_equal(ew_rules_validate(blob, size, &v, &why), 0);
	/* root, h he her hers hi his, s sh she */
	assert_int_equal(v.hdr->nstates, 10);
	assert_int_equal(v.hdr->size, size);
	assert_int_equal(ac_first(&v, "ushers", 6), 1);	/* hers, rule 1 */
	assert_int_equal(ac_first(&v, "ushe", 4), 2);	/* she, he, s */
	assert_int_equal(ac_first(&v, "uhe", 3), 3);
	assert_int_equal(ac_first(&v, "xyz", 3), EW_CONTENT_NONE);
	for (i = 0; i < 20000; i++) {
		n = (seed = seed * 1103515245 + 12345) >> 16 & 15;
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245 + 12345;
			buf[j] = "hersix"[(seed >> 16) % 6];
		}
		assert_int_equal(ac_first(&v, buf, n),
				 ref_naive(&v, (const uint8_t *)buf, n));
		seen += ac_first(&v, buf, n) != EW_CONTENT_NONE;
	}
	assert_true(seen > 2000 && seen < 19000);
	free(blob);
}

/* EW_CONTENT_MAX strings of 16 random bytes compile under the size limit. */
static void compile_content_max(void **state)
{
	static char text[EW_CONTENT_MAX * 120];
	struct ew_rules_view v;
	const char *why;
	uint32_t seed = 7;
	size_t len = 0, size, i, j;
	void *blob;

	(void)state;
	for (i = 0; i < EW_CONTENT_MAX; i++) {
		len += snprintf(text + len, sizeof(text) - len,
				"rule %zu r%zu\ncontent ", i + 1, i);
		for (j = 0; j < 16; j++) {
			seed = seed * 1103515245 + 12345;
			len += snprintf(text + len, sizeof(text) - len, "\\x%02x",
					1 + (seed >> 16) % 255);
		}
		text[len++] = '\n';
	}
	text[len] = '\0';
	compile_text(text, &blob, &size);
	assert_int_equal(ew_rules_validate(blob, size, &v, &why), 0);
	assert_true(v.hdr->nstates > 16 * EW_CONTENT_MAX - 4096);
	assert_true(v.hdr->nstates <= 16 * EW_CONTENT_MAX + 1);
	assert_true(size <= EW_RULES_SIZE_MAX);
	free(blob);
}

/* A copy of @blob damaged by @damage is refused with @want. */
static void expect_refused(const void *blob, size_t size,
			   void (*damage)(struct ew_rules_view *, char *),
			   const char *want)
{
	struct ew_rules_view v, v2;
	const char *why = NULL;
	char *copy = malloc(size);

	assert_non_null(copy);
	memcpy(copy, blob, size);
	assert_int_equal(ew_rules_validate(copy, size, &v, &why), 0);
	damage(&v, copy);
	assert_int_equal(ew_rules_validate(copy, size, &v2, &why), -EINVAL);
	assert_string_equal(why, want);
	free(copy);
}

#define AC(v, a)	((uint32_t *)(uintptr_t)(v)->ac.a)
#define HDR(b)		((struct ew_rules_header *)(b))

static void d_child_range(struct ew_rules_view *v, char *b)
{
	(void)b;
	AC(v, child)[1] = v->ac.nstates + 1;
}

static void d_fail_cycle(struct ew_rules_view *v, char *b)
{
	(void)b;
	AC(v, fail)[v->ac.nstates - 1] = v->ac.nstates - 1;
}

static void d_fail_wrong(struct ew_rules_view *v, char *b)
{
	uint32_t s;

	(void)b;
	/* A state whose link is not the root, sent to the root. */
	for (s = 1; !v->ac.fail[s]; s++)
		;
	AC(v, fail)[s] = 0;
}

static void d_out_range(struct ew_rules_view *v, char *b)
{
	(void)b;
	AC(v, out)[v->ac.nstates - 1] = v->hdr->nmatchers;
}

static void d_out_kind(struct ew_rules_view *v, char *b)
{
	(void)b;
	AC(v, out)[v->ac.nstates - 1] = 0;	/* the name matcher */
}

static void d_out_missing(struct ew_rules_view *v, char *b)
{
	uint32_t s;

	(void)b;
	for (s = 0; s < v->ac.nstates; s++)
		AC(v, out)[s] = EW_CONTENT_NONE;
}

static void d_out_elsewhere(struct ew_rules_view *v, char *b)
{
	(void)b;
	/* "hi", which no state fails to, reports "hers" */
	AC(v, out)[ew_ac_child(&v->ac, ew_ac_child(&v->ac, 0, 'h'), 'i')] = 1;
}

static void d_labels(struct ew_rules_view *v, char *b)
{
	(void)b;
	((uint8_t *)(uintptr_t)v->ac.label)[2] = v->ac.label[1];
}

static void d_padding(struct ew_rules_view *v, char *b)
{
	(void)b;
	((uint8_t *)(uintptr_t)v->ac.label)[v->ac.nstates] = 1;
}

static void d_string(struct ew_rules_view *v, char *b)
{
	(void)b;
	/* "his" becomes "hix", which the trie does not hold. */
	((char *)(uintptr_t)ew_rules_str(v, v->matchers[4].pattern))[2] = 'x';
}

static void d_count_over(struct ew_rules_view *v, char *b)
{
	(void)v;
	HDR(b)->nstates = EW_CONTENT_STATES_MAX + 1;
}

static void d_count_lies(struct ew_rules_view *v, char *b)
{
	(void)v;
	HDR(b)->nstates++;
}

static void d_reserved(struct ew_rules_view *v, char *b)
{
	(void)v;
	HDR(b)->reserved = 1;
}

/*
 * Every kind of damage to the automaton is refused, each with its reason;
 * a blob whose header counts fewer states than it holds states for, and a
 * state no earlier state leads to (a count that lies about the trie).
 */
static void validator_refuses_bad_automaton(void **state)
{
	static const char text[] =
		"rule 1 a\n\tname x\n\tcontent hers\n"
		"rule 2 b\n\tcontent she\n\tcontent he\n"
		"rule 3 c\n\tcontent his\n\tcontent hers\n\tcontent s\n";
	static const struct {
		void (*damage)(struct ew_rules_view *, char *);
		const char *why;
	} cases[] = {
		{ d_child_range, "automaton's children out of range" },
		{ d_fail_cycle, "automaton's failure link not to an earlier state" },
		{ d_fail_wrong, "automaton's failure link wrong" },
		{ d_out_range, "automaton's output not a content matcher" },
		{ d_out_kind, "automaton's output not a content matcher" },
		{ d_out_missing, "automaton's output misses a content matcher" },
		{ d_out_elsewhere, "automaton's output at a state its string does not end at" },
		{ d_labels, "automaton's children not in label order" },
		{ d_padding, "automaton's padding not zero" },
		{ d_string, "content string missing from the automaton" },
		{ d_count_over, "rule, matcher, condition, interpreter, state or string count out of range" },
		{ d_count_lies, "sections do not add up to the blob's size" },
		{ d_reserved, "header's reserved field not zero" },
	};
	struct ew_rules_view v;
	const char *why;
	uint32_t *w;
	size_t size, i, extra;
	void *blob;
	char *big;

	(void)state;
	compile_text(text, &blob, &size);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_refused(blob, size, cases[i].damage, cases[i].why);

	/* Four more states than the trie has, the blob grown to match. */
	assert_int_equal(ew_rules_validate(blob, size, &v, &why), 0);
	extra = ew_ac_section_size(v.hdr->nstates + 4) -
		ew_ac_section_size(v.hdr->nstates);
	big = calloc(1, size + extra);
	assert_non_null(big);
	{
		uint32_t n = v.hdr->nstates, k = n + 4;
		size_t pre = (const char *)v.ac.child - (const char *)blob;

		memcpy(big, blob, pre);
		w = (uint32_t *)(big + pre);
		memcpy(w, v.ac.child, 4 * (n + 1));
		for (i = n + 1; i <= k; i++)
			w[i] = n;	/* the last ones have no children */
		memcpy(w + k + 1, v.ac.fail, 4 * n);
		memcpy(w + k + 1 + k, v.ac.out, 4 * n);
		for (i = n; i < k; i++)
			w[k + 1 + k + i] = EW_CONTENT_NONE;
		memcpy(w + k + 1 + 2 * k, v.ac.label, n);
		memcpy(big + pre + ew_ac_section_size(k), v.strings,
		       v.hdr->strings_size);
		HDR(big)->nstates = k;
		HDR(big)->size = size + extra;
	}
	assert_int_equal(ew_rules_validate(big, size + extra, &v, &why),
			 -EINVAL);
	assert_string_equal(why, "automaton has a state no earlier state leads to");
	free(big);
	free(blob);

	/* Content matchers and no automaton. */
	compile_text("rule 1 a\n\tname abc\n", &blob, &size);
	assert_int_equal(ew_rules_validate(blob, size, &v, &why), 0);
	((struct ew_matcher *)(uintptr_t)v.matchers)[0].kind = EW_MATCH_CONTENT;
	assert_int_equal(ew_rules_validate(blob, size, &v, &why), -EINVAL);
	assert_string_equal(why, "content string missing from the automaton");
	free(blob);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_sample),
		cmocka_unit_test(parse_errors),
		cmocka_unit_test(parse_interp),
		cmocka_unit_test(parse_interp_errors),
		cmocka_unit_test(parse_interp_limits),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(round_trip_interp),
		cmocka_unit_test(validator_refuses_bad_interps),
		cmocka_unit_test(compile_interps_max),
		cmocka_unit_test(compile_rules_max),
		cmocka_unit_test(compile_refuses_content_over_max),
		cmocka_unit_test(validator_refuses_damage),
		cmocka_unit_test(compile_content_automaton),
		cmocka_unit_test(compile_content_max),
		cmocka_unit_test(validator_refuses_bad_automaton),
		cmocka_unit_test(print_refuses_invalid),
		cmocka_unit_test(default_rules_compile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
