// SPDX-License-Identifier: GPL-2.0
/*
 * Golden files: the fixture records (fixtures.h) through the whole watch
 * path in each format, compared byte for byte with tests/unit/golden/.
 *
 * After an intended change of a format, regenerate them and review the
 * diff before committing:
 *
 *	make unit && EW_GOLDEN_UPDATE=1 build/unit/test_format
 *	git diff tests/unit/golden/
 *
 * tests/check.sh validates golden/findings.scc against the JSON Schema.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/escape.h"
#include "fixtures.h"
#include "cmd/watch.h"
#include "format/format_json.h"
#include "format/format_scc.h"

#ifndef EW_GOLDEN_DIR		/* the Makefile gives an absolute path */
#define EW_GOLDEN_DIR "tests/unit/golden"
#endif

static _Alignas(8) unsigned char buf[4 * EW_RECORD_MAX];

static unsigned long long fixed_now(void)
{
	return FIXTURE_NOW;
}

/* The fixtures in format fmt, as the reader would write them. */
static char *run(enum ew_format fmt, size_t *len)
{
	struct ew_related related;
	struct ew_output out;
	struct ew_ident ident;
	struct ew_watch w = {
		.format = fmt, .out = &out, .ident = &ident,
		.related = &related, .clock = fixed_now,
	};
	char *text = NULL, *log = NULL;
	size_t log_len;
	FILE *f = open_memstream(&text, len);

	assert_non_null(f);
	w.log = open_memstream(&log, &log_len);
	assert_non_null(w.log);
	ew_output_stream(&out, f);
	ew_ident_init(&ident, FIXTURE_HOST, FIXTURE_BOOT);
	ew_related_init(&related, 600ULL * 1000000000ULL);
	assert_int_equal(ew_watch_buffer(&w, buf, fixture_records(buf)), 0);
	assert_int_equal(w.findings, FIXTURE_FINDINGS);
	assert_int_equal(w.malformed, 1);
	fclose(f);
	fclose(w.log);
	free(log);
	return text;
}

static void golden(const char *name, enum ew_format fmt)
{
	char path[512], *want = NULL, *got;
	size_t got_len, want_len = 0, i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", EW_GOLDEN_DIR, name);
	got = run(fmt, &got_len);
	if (getenv("EW_GOLDEN_UPDATE")) {
		f = fopen(path, "w");
		assert_non_null(f);
		assert_int_equal(fwrite(got, 1, got_len, f), got_len);
		assert_int_equal(fclose(f), 0);
		print_message("wrote %s\n", path);
	}
	f = fopen(path, "r");
	if (!f)
		fail_msg("%s: missing; EW_GOLDEN_UPDATE=1 writes it", path);
	want = malloc(got_len + 2);
	assert_non_null(want);
	want_len = fread(want, 1, got_len + 1, f);
	fclose(f);
	i = 0;
	while (i < got_len && i < want_len && want[i] == got[i])
		i++;
	free(want);
	free(got);
	if (i != got_len || want_len != got_len)
		fail_msg("%s differs at byte %zu (got %zu bytes, want %zu); EW_GOLDEN_UPDATE=1 rewrites it",
			 path, i, got_len, want_len);
}

static void golden_scc(void **state)
{
	(void)state;
	golden("findings.scc", EW_FORMAT_SCC);
}

static void golden_json(void **state)
{
	(void)state;
	golden("findings.json", EW_FORMAT_JSON);
}

static void golden_text(void **state)
{
	(void)state;
	golden("findings.txt", EW_FORMAT_TEXT);
}

/*
 * The JSON formats keep templates and dumps of values between lines
 * (json_tpl.h): the same bytes again with them warm, and once more after
 * they are forgotten.
 */
static void golden_warm(void **state)
{
	(void)state;
	golden("findings.scc", EW_FORMAT_SCC);
	golden("findings.json", EW_FORMAT_JSON);
	golden("findings.scc", EW_FORMAT_SCC);
	golden("findings.json", EW_FORMAT_JSON);
	ew_format_scc_reset();
	ew_format_json_reset();
	golden("findings.scc", EW_FORMAT_SCC);
	golden("findings.json", EW_FORMAT_JSON);
}

static size_t count_lines(const char *s, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

/* Every format: one line per report, every line valid UTF-8. */
static void one_line_each(void **state)
{
	static const enum ew_format fmts[] = {
		EW_FORMAT_SCC, EW_FORMAT_JSON, EW_FORMAT_TEXT,
	};
	size_t i, k, len, n;
	unsigned int cp;
	char *out;

	(void)state;
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		out = run(fmts[i], &len);
		assert_int_equal(count_lines(out, len), FIXTURE_LINES);
		for (k = 0; k < len; k += n) {
			n = ew_utf8_len((const unsigned char *)out + k, len - k,
					&cp);
			assert_true(n > 0);
		}
		free(out);
	}
}

/* Text: nothing a terminal would act on, but the newline ending a line. */
static void text_has_no_controls(void **state)
{
	size_t len, k, n;
	unsigned int cp;
	char *out;

	(void)state;
	out = run(EW_FORMAT_TEXT, &len);
	for (k = 0; k < len; k += n) {
		n = ew_utf8_len((const unsigned char *)out + k, len - k, &cp);
		assert_true(n > 0);
		if (cp == '\n')
			continue;
		assert_true(cp >= 0x20 && cp != 0x7f);
		assert_false(cp >= 0x80 && cp <= 0x9f);
		assert_false(cp >= 0x2028 && cp <= 0x202e);
	}
	/* the quoted argument with its newline and quotes, escaped */
	assert_non_null(strstr(out, " --command \"echo \\x22it's me\\x22 > /tmp/x\\x0aid\" "));
	assert_non_null(strstr(out, " -x\\x1b]0;pwned\\x07\\x1b[2J\\xff --de\n"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_scc),
		cmocka_unit_test(golden_json),
		cmocka_unit_test(golden_text),
		cmocka_unit_test(golden_warm),
		cmocka_unit_test(one_line_each),
		cmocka_unit_test(text_has_no_controls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
