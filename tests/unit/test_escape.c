// SPDX-License-Identifier: GPL-2.0
/* escape.h's rule: valid UTF-8 kept, every other byte \xNN, reversibly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/escape.h"

static void is(const char *in, size_t len, unsigned int flags,
	       const char *want)
{
	char *got = ew_escape_dup(in, len, flags);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

#define IS(in, flags, want) is(in, sizeof(in) - 1, flags, want)

static void json_rule(void **state)
{
	(void)state;
	IS("/usr/bin/cdk", 0, "/usr/bin/cdk");
	IS("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xb3", 0,
	   "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xb3");
	IS("a\\b", 0, "a\\x5cb");		/* a backslash is never bare */
	IS("\xff\xfe", 0, "\\xff\\xfe");
	IS("a\0b", 0, "a\\x00b");
	IS("\xc0\x80", 0, "\\xc0\\x80");	/* overlong NUL */
	IS("\xe0\x80\xaf", 0, "\\xe0\\x80\\xaf");	/* overlong '/' */
	IS("\xed\xa0\x80", 0, "\\xed\\xa0\\x80");	/* a surrogate */
	IS("\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80");	/* > U+10FFFF */
	IS("ab\xc3", 0, "ab\\xc3");		/* cut in a sequence */
	IS("\xc3(", 0, "\\xc3(");
	/* controls are JSON's to escape; quotes too */
	IS("a\nb\x1b[2J\"", 0, "a\nb\x1b[2J\"");
}

static void terminal_rule(void **state)
{
	(void)state;
	IS("a\nb\tc\rd\x1b[2J\x7f", EW_ESC_TERM,
	   "a\\x0ab\\x09c\\x0dd\\x1b[2J\\x7f");
	IS("\xc2\x9b" "31m", EW_ESC_TERM, "\\xc2\\x9b31m");	/* C1 CSI */
	IS("x\xe2\x80\xa8y", EW_ESC_TERM, "x\\xe2\\x80\\xa8y");	/* U+2028 */
	IS("\xe2\x80\xae" "exe.txt", EW_ESC_TERM, "\\xe2\\x80\\xaeexe.txt");
	IS("\xe2\x81\xa6", EW_ESC_TERM, "\\xe2\\x81\\xa6");	/* U+2066 */
	IS("caf\xc3\xa9 \"x\"", EW_ESC_TERM, "caf\xc3\xa9 \"x\"");
	IS("caf\xc3\xa9 \"x\"", EW_ESC_TERM | EW_ESC_QUOTE,
	   "caf\xc3\xa9 \\x22x\\x22");
}

static void like_snprintf(void **state)
{
	char out[8];

	(void)state;
	assert_int_equal(ew_escape(out, sizeof(out), "\xff\xff\xff", 3, 0), 12);
	assert_string_equal(out, "\\xff\\xf");
	assert_int_equal(ew_escape(NULL, 0, "abc", 3, 0), 3);
	assert_int_equal(ew_escape(out, 1, "abc", 3, 0), 3);
	assert_string_equal(out, "");
}

static size_t unescape(const char *s, unsigned char *out)
{
	size_t n = 0;

	while (*s) {
		if (s[0] == '\\' && s[1] == 'x') {
			char hex[3] = { s[2], s[3], 0 };

			out[n++] = (unsigned char)strtoul(hex, NULL, 16);
			s += 4;
		} else {
			out[n++] = (unsigned char)*s++;
		}
	}
	return n;
}

/* Random bytes come back exactly, in both modes. */
static void reversible(void **state)
{
	unsigned char in[64], back[64];
	uint32_t x = 88172645u;
	unsigned int cp;
	size_t len, i, k, n;
	char *esc;
	int mode;

	(void)state;
	for (i = 0; i < 20000; i++) {
		len = i % sizeof(in);
		for (k = 0; k < len; k++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			/* biased towards UTF-8 lead and continuation bytes */
			in[k] = (unsigned char)(x % 4 ? 0x80 + x % 0x78 : x >> 8);
		}
		for (mode = 0; mode < 2; mode++) {
			esc = ew_escape_dup((const char *)in, len,
					    mode ? EW_ESC_TERM | EW_ESC_QUOTE : 0);
			assert_non_null(esc);
			for (k = 0; esc[k]; k += n) {	/* valid UTF-8 */
				n = ew_utf8_len((const unsigned char *)esc + k,
						strlen(esc + k), &cp);
				assert_true(n > 0);
			}
			assert_int_equal(unescape(esc, back), len);
			assert_memory_equal(back, in, len);
			free(esc);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_rule),
		cmocka_unit_test(terminal_rule),
		cmocka_unit_test(like_snprintf),
		cmocka_unit_test(reversible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
