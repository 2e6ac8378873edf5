// SPDX-License-Identifier: GPL-2.0
/* The command line's shared rules: option values, --help, usage errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cmd/cli.h"

static void help_spellings(void **state)
{
	(void)state;
	assert_true(ew_cli_help("--help"));
	assert_true(ew_cli_help("-h"));
	assert_false(ew_cli_help("--helpme"));
	assert_false(ew_cli_help("help"));
	assert_false(ew_cli_help("-hx"));
}

static void value_forms(void **state)
{
	char *argv[] = { "--device=/dev/a", "--device", "/dev/b", "--dev",
			 "--devices=x", "--device" };
	const char *v = NULL;
	int i = 0;

	(void)state;
	assert_int_equal(ew_cli_value("--device", 6, argv, &i, &v), 1);
	assert_string_equal(v, "/dev/a");
	assert_int_equal(i, 0);
	i = 1;
	assert_int_equal(ew_cli_value("--device", 6, argv, &i, &v), 1);
	assert_string_equal(v, "/dev/b");
	assert_int_equal(i, 2);
	i = 3;	/* a prefix is another option, not an abbreviation */
	assert_int_equal(ew_cli_value("--device", 6, argv, &i, &v), 0);
	i = 4;
	assert_int_equal(ew_cli_value("--device", 6, argv, &i, &v), 0);
	i = 5;	/* last, with nothing after it */
	assert_int_equal(ew_cli_value("--device", 6, argv, &i, &v), -1);
	assert_int_equal(i, 5);
}

static void empty_value(void **state)
{
	char *argv[] = { "--output=", "--output", "" };
	const char *v;
	int i = 0;

	(void)state;
	assert_int_equal(ew_cli_value("--output", 3, argv, &i, &v), -1);
	i = 1;
	assert_int_equal(ew_cli_value("--output", 3, argv, &i, &v), -1);
}

static char *usage_error(const char *cmd, const char *what)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(ew_cli_usage_error(f, cmd, "unknown option '%s'", what),
			 EW_EXIT_USAGE);
	fclose(f);
	return text;
}

static void error_and_hint(void **state)
{
	char *text;

	(void)state;
	text = usage_error("rules load", "--x");
	assert_string_equal(text, "escapewatch rules load: unknown option '--x'\n"
			    "Try 'escapewatch rules load --help'.\n");
	free(text);
	text = usage_error("", "frob");
	assert_string_equal(text, "escapewatch: unknown option 'frob'\n"
			    "Try 'escapewatch --help'.\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(help_spellings),
		cmocka_unit_test(value_forms),
		cmocka_unit_test(empty_value),
		cmocka_unit_test(error_and_hint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
