// SPDX-License-Identifier: GPL-2.0
/* ew_watch_buffer(): records to JSON lines, gaps and lost accounting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "watch.h"
#include "records.h"

static _Alignas(8) unsigned char buf[4 * EW_RECORD_MAX];

struct capture {
	struct ew_watch w;
	char *out, *log;
	size_t out_len, log_len;
};

static int setup(void **state)
{
	struct capture *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	c->w.out = open_memstream(&c->out, &c->out_len);
	c->w.log = open_memstream(&c->log, &c->log_len);
	*state = c;
	return c->w.out && c->w.log ? 0 : -1;
}

static int teardown(void **state)
{
	struct capture *c = *state;

	fclose(c->w.out);
	fclose(c->w.log);
	free(c->out);
	free(c->log);
	free(c);
	return 0;
}

static size_t lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void lost_then_findings(void **state)
{
	struct capture *c = *state;
	size_t len;

	len = make_lost(buf, 0, 24, EW_LOST_OVERRUN);
	len += make_exec(buf + len, 24, "/tmp/cdk");
	len += make_exec(buf + len, 25, "/tmp/botb");
	assert_int_equal(ew_watch_buffer(&c->w, buf, len), 0);
	fflush(c->w.out);
	fflush(c->w.log);

	assert_int_equal(lines(c->out), 3);
	assert_non_null(strstr(c->out, "{\"kind\":\"lost\",\"seq\":0,\"count\":24"));
	assert_non_null(strstr(c->out, "\"path\":\"/tmp/botb\""));
	assert_int_equal(c->w.findings, 2);
	assert_int_equal(c->w.lost, 24);
	assert_int_equal(c->w.next_seq, 26);
	assert_non_null(strstr(c->log, "lost 24 event(s) from sequence 0"));
	assert_null(strstr(c->log, "jumped"));
}

static void unreported_gap_is_logged(void **state)
{
	struct capture *c = *state;
	size_t len;

	len = make_exec(buf, 3, "/tmp/cdk");
	len += make_exec(buf + len, 9, "/tmp/cdk");
	assert_int_equal(ew_watch_buffer(&c->w, buf, len), 0);
	fflush(c->w.log);
	assert_non_null(strstr(c->log, "jumped from 4 to 9"));
	assert_int_equal(c->w.findings, 2);
}

static void malformed_buffer_stops(void **state)
{
	struct capture *c = *state;
	size_t len;

	len = make_exec(buf, 0, "/tmp/cdk");
	len += make_exec(buf + len, 1, "/tmp/cdk");
	((struct ew_record_header *)(buf + len / 2))->size = 12;
	assert_int_equal(ew_watch_buffer(&c->w, buf, len), -1);
	fflush(c->w.out);
	fflush(c->w.log);
	assert_int_equal(lines(c->out), 1);
	assert_non_null(strstr(c->log, "malformed record"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(lost_then_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(unreported_gap_is_logged, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_buffer_stops, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
