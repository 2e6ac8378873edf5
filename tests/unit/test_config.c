// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration files (config.h) and watch's settings from one
 * (watch_opts.h): the syntax, every error with its FILE:LINE, and the
 * service's keys.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../include/uapi/escapewatch.h"
#include "cmd/config.h"
#include "input/device.h"
#include "finding/related.h"
#include "cmd/watch_opts.h"
#include "container/identity_cache.h"

static const char *const keys[] = { "alpha", "beta", "gamma" };

/* What the callback saw: "key=value;" for each setting, in order. */
struct seen {
	char text[512];
	const char *refuse;	/* a value to refuse */
};

static int record(void *ctx, int key, const char *value, char *err,
		  size_t errsize)
{
	struct seen *s = ctx;
	size_t n = strlen(s->text);

	if (s->refuse && !strcmp(value, s->refuse)) {
		snprintf(err, errsize, "%s refuses '%s'", keys[key], value);
		return -1;
	}
	snprintf(s->text + n, sizeof(s->text) - n, "%s=%s;", keys[key], value);
	return 0;
}

/* Parse text[0..len) as the file "f.conf": its answer, *log what was told. */
static int parse(const char *text, size_t len, struct seen *s, char **log)
{
	size_t loglen = 0;
	FILE *in = fmemopen((void *)text, len, "r");
	FILE *out = open_memstream(log, &loglen);
	int ret;

	assert_non_null(in);
	assert_non_null(out);
	ret = ew_config_parse(in, "f.conf", keys, 3, record, s, out);
	fclose(in);
	fclose(out);
	return ret;
}

static void syntax(void **state)
{
	static const char text[] =
		"# a comment\n"
		"\n"
		"   \t\n"
		"   # an indented comment\n"
		"alpha one\n"
		"\tbeta   two words  \t\n"
		"gamma /a/b#c\r\n";
	struct seen s = { "", NULL };
	char *log;

	(void)state;
	assert_int_equal(parse(text, strlen(text), &s, &log), EW_CONFIG_OK);
	assert_string_equal(s.text, "alpha=one;beta=two words;gamma=/a/b#c;");
	assert_string_equal(log, "");
	free(log);
}

static void empty_and_unterminated(void **state)
{
	struct seen s = { "", NULL };
	char *log;

	(void)state;
	assert_int_equal(parse("", 0, &s, &log), EW_CONFIG_OK);
	assert_string_equal(s.text, "");
	free(log);
	assert_int_equal(parse("beta last", 9, &s, &log), EW_CONFIG_OK);
	assert_string_equal(s.text, "beta=last;");
	assert_string_equal(log, "");
	free(log);
}

/* Every wrong line is told with its number; the right ones still count. */
static void errors(void **state)
{
	static const char text[] =
		"alpha 1\n"		/* 1 */
		"delta 2\n"		/* 2: unknown */
		"beta\n"		/* 3: no value */
		"gamma   \n"		/* 4: no value */
		"alpha 3\n"		/* 5: again */
		"beta no\n"		/* 6: refused */
		"Alpha 4\n"		/* 7: keys are case-sensitive */
		"al\033[2Jpha 5\n"	/* 8: unknown, escaped when told */
		"gamma 6\n";		/* 9 */
	struct seen s = { "", "no" };
	char *log;

	(void)state;
	assert_int_equal(parse(text, strlen(text), &s, &log), EW_CONFIG_WRONG);
	assert_string_equal(s.text, "alpha=1;gamma=6;");
	assert_string_equal(log,
		"escapewatch: f.conf:2: unknown key 'delta'\n"
		"escapewatch: f.conf:3: no value for 'beta'\n"
		"escapewatch: f.conf:4: no value for 'gamma'\n"
		"escapewatch: f.conf:5: alpha given again (first on line 1)\n"
		"escapewatch: f.conf:6: beta refuses 'no'\n"
		"escapewatch: f.conf:7: unknown key 'Alpha'\n"
		"escapewatch: f.conf:8: unknown key 'al\\x1b[2Jpha'\n");
	free(log);
}

static void nul_byte(void **state)
{
	static const char text[] = "alpha a\0b\nbeta c\n";
	struct seen s = { "", NULL };
	char *log;

	(void)state;
	assert_int_equal(parse(text, sizeof(text) - 1, &s, &log),
			 EW_CONFIG_WRONG);
	assert_string_equal(s.text, "beta=c;");
	assert_string_equal(log, "escapewatch: f.conf:1: a NUL byte in the line\n");
	free(log);
}

static void unreadable(void **state)
{
	struct seen s = { "", NULL };
	char *log = NULL;
	size_t loglen = 0;
	FILE *out = open_memstream(&log, &loglen);

	(void)state;
	assert_int_equal(ew_config_read("/nonexistent/ew.conf", keys, 3,
					record, &s, out),
			 EW_CONFIG_UNREADABLE);
	fclose(out);
	assert_string_equal(log, "escapewatch: cannot read /nonexistent/ew.conf: "
			    "No such file or directory\n");
	free(log);
}

/* A temporary file holding text; its path in path[0..size). */
static void write_file(char *path, size_t size, const char *text)
{
	FILE *f;
	int fd;

	snprintf(path, size, "/tmp/ew-config-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* ew_watch_config on a file: answer, and what was told in *log. */
static int watch_config(struct ew_watch_opts *o, const char *text, char *path,
			size_t size, char **log)
{
	size_t loglen = 0;
	FILE *out = open_memstream(log, &loglen);
	int ret;

	assert_non_null(out);
	write_file(path, size, text);
	ret = ew_watch_config(o, path, out);
	fclose(out);
	unlink(path);
	return ret;
}

/* The service's file: every key of watch, and mode. */
static void watch_keys(void **state)
{
	static const char text[] =
		"# /etc/escapewatch/escapewatch.conf\n"
		"mode enforce\n"
		"format text\n"
		"output /var/log/escapewatch/findings.jsonl\n"
		"syslog udp:[::1]:514\n"
		"related-window 0\n"
		"new yes\n"
		"count 7\n"
		"device /dev/ew-test\n"
		"respond freeze\n"
		"respond-exec /usr/local/sbin/on finding\n"
		"respond-timeout 30\n"
		"lookup-timeout 2000\n";
	struct ew_watch_opts o;
	char path[64], *log;

	(void)state;
	ew_watch_opts_init(&o);
	assert_int_equal(watch_config(&o, text, path, sizeof(path), &log), 0);
	assert_string_equal(log, "");
	free(log);
	assert_int_equal(o.mode, EW_MODE_ENFORCE);
	assert_int_equal(o.format, EW_FORMAT_TEXT);
	assert_string_equal(o.output, "/var/log/escapewatch/findings.jsonl");
	assert_string_equal(o.syslog, "udp:[::1]:514");
	assert_int_equal(o.window, 0);
	assert_true(o.new_only);
	assert_int_equal(o.count, 7);
	assert_string_equal(o.device, "/dev/ew-test");
	assert_true(o.freeze);
	assert_string_equal(o.respond_exec, "/usr/local/sbin/on finding");
	assert_int_equal(o.respond_timeout, 30);
	assert_int_equal(o.lookup_timeout, 2000);
	ew_watch_opts_free(&o);
}

/* Nothing set: the command line's defaults. */
static void watch_defaults(void **state)
{
	struct ew_watch_opts o;
	char path[64], *log;

	(void)state;
	ew_watch_opts_init(&o);
	assert_int_equal(watch_config(&o, "# nothing\n", path, sizeof(path),
				      &log), 0);
	free(log);
	assert_int_equal(o.mode, -1);
	assert_int_equal(o.format, EW_FORMAT_SCC);
	assert_string_equal(o.device, EW_DEVICE_PATH);
	assert_int_equal(o.window, EW_RELATED_WINDOW_DEFAULT);
	assert_null(o.output);
	assert_null(o.syslog);
	assert_null(o.respond_exec);
	assert_false(o.new_only);
	assert_false(o.freeze);
	assert_int_equal(o.count, 0);
	assert_int_equal(o.respond_timeout, 0);
	assert_int_equal(o.lookup_timeout, EW_LOOKUP_TIMEOUT_DEFAULT);
	ew_watch_opts_free(&o);
}

static void watch_wrong_values(void **state)
{
	static const char text[] =
		"mode permissive\n"
		"format xml\n"
		"count 0\n"
		"related-window -1\n"
		"new 1\n"
		"respond kill\n"
		"respond-timeout 10s\n"
		"config /etc/other.conf\n"
		"--output /tmp/x\n"
		"new no\n"
		"lookup-timeout 250ms\n";
	struct ew_watch_opts o;
	char path[64], *log, want[2048];

	(void)state;
	ew_watch_opts_init(&o);
	assert_int_equal(watch_config(&o, text, path, sizeof(path), &log),
			 EW_CONFIG_WRONG);
	snprintf(want, sizeof(want),
		 "escapewatch: %1$s:1: mode wants audit or enforce, not 'permissive'\n"
		 "escapewatch: %1$s:2: format wants scc, json or text, not 'xml'\n"
		 "escapewatch: %1$s:3: count wants a positive number, not '0'\n"
		 "escapewatch: %1$s:4: related-window wants a non-negative number, not '-1'\n"
		 "escapewatch: %1$s:5: new wants yes or no, not '1'\n"
		 "escapewatch: %1$s:6: respond wants freeze, not 'kill'\n"
		 "escapewatch: %1$s:7: respond-timeout wants a positive number, not '10s'\n"
		 "escapewatch: %1$s:8: unknown key 'config'\n"
		 "escapewatch: %1$s:9: unknown key '--output'\n"
		 "escapewatch: %1$s:10: new given again (first on line 5)\n"
		 "escapewatch: %1$s:11: lookup-timeout wants a number of milliseconds from 10 to 10000, not '250ms'\n",
		 path);
	assert_string_equal(log, want);
	free(log);
	ew_watch_opts_free(&o);
}

/* The command line's spelling of the same settings: its own name in the
 * message, values that outlive the call kept as they are. */
static void watch_opt_names(void **state)
{
	struct ew_watch_opts o;
	char err[128];

	(void)state;
	ew_watch_opts_init(&o);
	assert_int_equal(ew_watch_opt(&o, EW_WK_COUNT, "x", "--count", err,
				      sizeof(err)), -1);
	assert_string_equal(err, "--count wants a positive number, not 'x'");
	assert_int_equal(ew_watch_opt(&o, EW_WK_OUTPUT, "/o", "--output", err,
				      sizeof(err)), 0);
	assert_string_equal(o.output, "/o");
	assert_int_equal(ew_watch_opt(&o, EW_WK_N, "x", "--x", err,
				      sizeof(err)), -1);
	ew_watch_opts_free(&o);
}

/* The lookup's budget: milliseconds within its bounds, else refused
 * with them named and the setting left as it was. */
static void watch_lookup_timeout(void **state)
{
	static const char *const bad[] = {
		"0", "9", "10001", "-1", "250ms", "", "x", "99999999999999999999",
	};
	struct ew_watch_opts o;
	char err[128], want[128];
	size_t i;

	(void)state;
	ew_watch_opts_init(&o);
	assert_int_equal(ew_watch_opt(&o, EW_WK_LOOKUP_TIMEOUT, "10",
				      "--lookup-timeout", err, sizeof(err)), 0);
	assert_int_equal(o.lookup_timeout, EW_LOOKUP_TIMEOUT_MIN);
	assert_int_equal(ew_watch_opt(&o, EW_WK_LOOKUP_TIMEOUT, "10000",
				      "--lookup-timeout", err, sizeof(err)), 0);
	assert_int_equal(o.lookup_timeout, EW_LOOKUP_TIMEOUT_MAX);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ew_watch_opts_init(&o);
		assert_int_equal(ew_watch_opt(&o, EW_WK_LOOKUP_TIMEOUT, bad[i],
					      "--lookup-timeout", err,
					      sizeof(err)), -1);
		snprintf(want, sizeof(want),
			 "--lookup-timeout wants a number of milliseconds from 10 to 10000, not '%s'",
			 bad[i]);
		assert_string_equal(err, want);
		assert_int_equal(o.lookup_timeout, EW_LOOKUP_TIMEOUT_DEFAULT);
	}
	ew_watch_opts_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(syntax),
		cmocka_unit_test(empty_and_unterminated),
		cmocka_unit_test(errors),
		cmocka_unit_test(nul_byte),
		cmocka_unit_test(unreadable),
		cmocka_unit_test(watch_keys),
		cmocka_unit_test(watch_defaults),
		cmocka_unit_test(watch_wrong_values),
		cmocka_unit_test(watch_opt_names),
		cmocka_unit_test(watch_lookup_timeout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
