// SPDX-License-Identifier: GPL-2.0
/* ew_event_decode(): the view into a record; arguments one by one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "input/decode.h"
#include "records.h"

static _Alignas(8) unsigned char buf[EW_RECORD_MAX];

static void text_is(const struct ew_text *t, const char *want)
{
	assert_true(t->present);
	assert_int_equal(t->len, strlen(want));
	assert_memory_equal(t->p, want, t->len);
}

static void every_field_points_into_the_record(void **state)
{
	struct ew_event ev;

	(void)state;
	make_exec(buf, 1, "/tmp/t/cdk");
	rec_str(buf, EW_F_INTERP, "/bin/sh");
	rec_field(buf, 200, 0, "later", 5);
	ew_event_decode((const void *)buf, &ev);
	assert_ptr_equal(ev.rec, buf);
	text_is(&ev.path, "/tmp/t/cdk");
	text_is(&ev.filename, "/tmp/t/cdk");
	text_is(&ev.interp, "/bin/sh");
	text_is(&ev.cwd, "/tmp");
	text_is(&ev.cgroup, DOCKER_CGROUP);
	assert_true((const unsigned char *)ev.path.p > buf &&
		    (const unsigned char *)ev.path.p < buf + rec_size(buf));
	assert_int_equal(ev.nanc, 2);
	assert_int_equal(ev.anc[0].a->pid, 4000);
	assert_string_equal(ev.anc[0].a->comm, "sh");
	text_is(&ev.anc[0].path, "/bin/busybox");
	assert_int_equal(ev.anc[1].a->ns_pid, 0);
	assert_int_equal(ev.nunknown, 1);
	assert_ptr_equal(ew_event_binary(&ev), &ev.interp);
	assert_ptr_equal(ew_event_file(&ev), &ev.path);
}

static void absent_fields(void **state)
{
	struct ew_event ev;

	(void)state;
	rec_exec(buf, 1);
	rec_field(buf, EW_F_PATH, EW_FIELD_UNREADABLE, NULL, 0);
	rec_str(buf, EW_F_FILENAME, "./x");
	ew_event_decode((const void *)buf, &ev);
	assert_false(ev.argv.present);
	assert_false(ev.cwd.present);
	assert_int_equal(ev.nanc, 0);
	assert_true(ev.path.present);
	assert_int_equal(ev.path.flags, EW_FIELD_UNREADABLE);
	assert_ptr_equal(ew_event_file(&ev), &ev.filename);
	assert_ptr_equal(ew_event_binary(&ev), &ev.filename);
	assert_false(ew_argv_truncated(&ev));	/* argc 0, none */
}

static void arguments(void **state)
{
	static const char args[] = "sh\0\0-c\0a b\nc\0";
	struct ew_text arg;
	struct ew_event ev;
	size_t off = 0;

	(void)state;
	rec_exec(buf, 1);
	rec_argv(buf, args, sizeof(args) - 1, 4, 0);
	ew_event_decode((const void *)buf, &ev);
	assert_true(ew_argv_next(&ev.argv, &off, &arg));
	text_is(&arg, "sh");
	assert_true(ew_argv_next(&ev.argv, &off, &arg));
	text_is(&arg, "");		/* an empty argument is one */
	assert_true(ew_argv_next(&ev.argv, &off, &arg));
	text_is(&arg, "-c");
	assert_true(ew_argv_next(&ev.argv, &off, &arg));
	text_is(&arg, "a b\nc");
	assert_int_equal(arg.flags, 0);
	assert_false(ew_argv_next(&ev.argv, &off, &arg));
	assert_false(ew_argv_truncated(&ev));
}

static void cut_arguments(void **state)
{
	static const char args[] = "nsenter\0--tar";
	struct ew_text arg;
	struct ew_event ev;
	size_t off = 0;

	(void)state;
	rec_exec(buf, 1);
	rec_argv(buf, args, sizeof(args) - 1, 2, EW_FIELD_TRUNCATED);
	ew_event_decode((const void *)buf, &ev);
	assert_true(ew_argv_next(&ev.argv, &off, &arg));
	assert_true(ew_argv_next(&ev.argv, &off, &arg));
	text_is(&arg, "--tar");
	assert_int_equal(arg.flags, EW_FIELD_TRUNCATED);
	assert_true(ew_argv_truncated(&ev));

	/* no flag from the module, but the last one has no NUL */
	rec_exec(buf, 1);
	rec_argv(buf, args, sizeof(args) - 1, 2, 0);
	ew_event_decode((const void *)buf, &ev);
	assert_true(ew_argv_truncated(&ev));

	/* every argument whole, but fewer than argc */
	rec_exec(buf, 1);
	rec_argv(buf, args, 8, 2, 0);
	ew_event_decode((const void *)buf, &ev);
	assert_true(ew_argv_truncated(&ev));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_field_points_into_the_record),
		cmocka_unit_test(absent_fields),
		cmocka_unit_test(arguments),
		cmocka_unit_test(cut_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
