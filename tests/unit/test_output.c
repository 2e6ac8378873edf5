// SPDX-License-Identifier: GPL-2.0
/*
 * --output FILE: appending, the error when it cannot be opened, and
 * logrotate's move-then-SIGHUP: the next finding lands in the new file;
 * the lines of one read written together, whole and in order, and a
 * failure counted for each of them.
 */
#define _XOPEN_SOURCE 700	/* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "records.h"
#include "tmptree.h"
#include "cmd/watch.h"

static _Alignas(8) unsigned char buf[EW_RECORD_MAX];
static volatile sig_atomic_t hup;

static void on_hup(int sig)
{
	(void)sig;
	hup = 1;
}

struct fixture {
	char dir[64], path[128];
	struct ew_output out;
	struct ew_ident ident;
	struct ew_watch w;
	char *log;
	size_t log_len;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	if (tmptree_make(f->dir, sizeof(f->dir), "output"))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/findings.jsonl", f->dir);
	ew_ident_init(&f->ident, "h", "b");
	f->w.out = &f->out;
	f->w.ident = &f->ident;
	f->w.hup = &hup;
	f->w.log = open_memstream(&f->log, &f->log_len);
	hup = 0;
	signal(SIGHUP, on_hup);
	*state = f;
	return f->w.log ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char moved[80];

	signal(SIGHUP, SIG_DFL);
	ew_output_close(&f->out);
	fclose(f->w.log);
	free(f->log);
	snprintf(moved, sizeof(moved), "%s.moved", f->dir);
	if (tmptree_remove(f->dir) || tmptree_remove(moved))
		return -1;
	free(f);
	return 0;
}

static char *slurp(const char *path)
{
	static char text[1 << 16];
	FILE *in = fopen(path, "r");
	size_t n;

	assert_non_null(in);
	n = fread(text, 1, sizeof(text) - 1, in);
	text[n] = '\0';
	fclose(in);
	return text;
}

static void finding(struct fixture *f, uint64_t seq)
{
	assert_int_equal(ew_watch_buffer(&f->w, buf,
					 make_exec(buf, seq, "/tmp/t/cdk")), 0);
}

static void cannot_open(void **state)
{
	struct fixture *f = *state;
	struct ew_output o;
	char err[256];

	(void)f;
	assert_int_equal(ew_output_open(&o, "/nonexistent/dir/f", err,
					sizeof(err)), -1);
	assert_string_equal(err,
		"cannot open /nonexistent/dir/f for appending: No such file or directory");
}

static void appends_and_creates_0640(void **state)
{
	struct fixture *f = *state;
	struct stat st;
	char err[256];
	FILE *old = fopen(f->path, "w");
	mode_t mask = umask(0);

	umask(mask);
	assert_non_null(old);
	fputs("earlier line\n", old);
	fclose(old);
	chmod(f->path, 0600);
	assert_int_equal(ew_output_open(&f->out, f->path, err, sizeof(err)), 0);
	finding(f, 1);
	assert_int_equal(strncmp(slurp(f->path), "earlier line\n{\"name\":",
			 strlen("earlier line\n{\"name\":")), 0);
	ew_output_close(&f->out);

	unlink(f->path);
	assert_int_equal(ew_output_open(&f->out, f->path, err, sizeof(err)), 0);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640 & ~mask);
}

static void sighup_after_a_move(void **state)
{
	struct fixture *f = *state;
	char moved[160], err[256], *text;

	assert_int_equal(ew_output_open(&f->out, f->path, err, sizeof(err)), 0);
	finding(f, 1);
	snprintf(moved, sizeof(moved), "%s.1", f->path);
	assert_int_equal(rename(f->path, moved), 0);	/* logrotate */
	finding(f, 2);			/* no HUP yet: still the moved file */
	raise(SIGHUP);
	assert_int_equal(hup, 1);
	finding(f, 3);			/* the next finding: the new file */
	assert_int_equal(hup, 0);

	text = slurp(moved);
	assert_non_null(strstr(text, "\"sequence\":1,"));
	assert_non_null(strstr(text, "\"sequence\":2,"));
	assert_null(strstr(text, "\"sequence\":3,"));
	text = slurp(f->path);
	assert_non_null(strstr(text, "\"sequence\":3,"));
	assert_ptr_equal(strchr(text, '\n'), text + strlen(text) - 1);
}

static void reopen_failure_keeps_writing(void **state)
{
	struct fixture *f = *state;
	char moved[160], err[256];

	assert_int_equal(ew_output_open(&f->out, f->path, err, sizeof(err)), 0);
	finding(f, 1);
	snprintf(moved, sizeof(moved), "%s.moved", f->dir);
	assert_int_equal(rename(f->dir, moved), 0);	/* the path is gone */
	hup = 1;
	finding(f, 2);
	fflush(f->w.log);
	assert_non_null(strstr(f->log, "cannot open "));
	assert_non_null(strstr(f->log, "still writing to the old file"));
	snprintf(moved, sizeof(moved), "%s.moved/findings.jsonl", f->dir);
	assert_non_null(strstr(slurp(moved), "\"sequence\":2,"));
}

#define MANY	12	/* lines that slurp() holds whole */

static _Alignas(8) unsigned char many[MANY * 2048];

/* MANY records in one read: 0 from ew_watch_buffer(). */
static int read_of_many(struct fixture *f)
{
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < MANY; i++)
		len += make_exec(many + len, 10 + i, "/tmp/t/cdk");
	return ew_watch_buffer(&f->w, many, len);
}

static void one_read_lines_whole_in_order(void **state)
{
	struct fixture *f = *state;
	char err[256], want[32], *text, *at;
	unsigned int i;

	assert_int_equal(ew_output_open(&f->out, f->path, err, sizeof(err)), 0);
	assert_int_equal(read_of_many(f), 0);
	text = slurp(f->path);
	for (at = text, i = 0; i < MANY; i++) {
		assert_int_equal(strncmp(at, "{\"name\":", 8), 0);
		snprintf(want, sizeof(want), "\"sequence\":%u,", 10 + i);
		assert_non_null(strstr(at, want));
		assert_true(strstr(at, want) < strchr(at, '\n'));
		at = strchr(at, '\n') + 1;
	}
	assert_int_equal(*at, '\0');
	assert_int_equal(f->w.write_failures.total, 0);
}

static void a_failed_write_counts_each_line(void **state)
{
	struct fixture *f = *state;
	char err[256];

	if (ew_output_open(&f->out, "/dev/full", err, sizeof(err)))
		skip();
	assert_int_equal(read_of_many(f), 0);
	assert_int_equal(f->w.write_failures.total, MANY);
	fflush(f->w.log);
	assert_non_null(strstr(f->log,
		"output: record 10 not written: No space left on device"));
	assert_null(strstr(f->log, "record 11 not written"));
}

static void a_stream_has_nothing_to_reopen(void **state)
{
	struct fixture *f = *state;
	char err[8];
	struct ew_output o;

	(void)f;
	ew_output_stream(&o, stdout);
	assert_int_equal(ew_output_reopen(&o, err, sizeof(err)), 0);
	assert_ptr_equal(o.f, stdout);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(cannot_open, setup, teardown),
		cmocka_unit_test_setup_teardown(appends_and_creates_0640, setup, teardown),
		cmocka_unit_test_setup_teardown(sighup_after_a_move, setup, teardown),
		cmocka_unit_test_setup_teardown(reopen_failure_keeps_writing, setup, teardown),
		cmocka_unit_test_setup_teardown(a_stream_has_nothing_to_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(one_read_lines_whole_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(a_failed_write_counts_each_line, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
