// SPDX-License-Identifier: GPL-2.0
/* Opening the device: the one-line errors a user sees. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "input/device.h"

static void matching_version(void **state)
{
	struct ew_version v = { EW_ABI_VERSION, EW_RECORD_MAX };
	char err[256] = "";

	(void)state;
	assert_int_equal(ew_device_check_version("/dev/x", &v, err, sizeof(err)), 0);
	assert_string_equal(err, "");
}

static void other_abi_version(void **state)
{
	struct ew_version v = { EW_ABI_VERSION + 1, EW_RECORD_MAX };
	char err[256], want[64];

	(void)state;
	assert_int_equal(ew_device_check_version("/dev/x", &v, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "module speaks ABI version %d, this reader %d",
		 EW_ABI_VERSION + 1, EW_ABI_VERSION);
	assert_non_null(strstr(err, want));
}

static void records_too_large(void **state)
{
	struct ew_version v = { EW_ABI_VERSION, EW_RECORD_MAX + 8 };
	char err[256];

	(void)state;
	assert_int_equal(ew_device_check_version("/dev/x", &v, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "exceed this reader's"));
}

static void missing_device(void **state)
{
	char err[256];

	(void)state;
	errno = 0;
	assert_int_equal(ew_device_open("/nonexistent/escapewatch", 0, err,
					sizeof(err)), -1);
	assert_int_equal(errno, ENOENT);
	assert_non_null(strstr(err, "the escapewatch module is not loaded"));
}

static void not_the_device(void **state)
{
	char err[256];

	(void)state;
	errno = 0;
	assert_int_equal(ew_device_open("/dev/null", 0, err, sizeof(err)), -1);
	assert_int_equal(errno, ENOTTY);
	assert_non_null(strstr(err, "/dev/null: not an escapewatch device"));
}

/* Refused read-only: read access to the node is what is missing. */
static void read_refused(void **state)
{
	static const int errs[] = { EACCES, EPERM };
	char err[256];
	unsigned int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		ew_device_open_error("/dev/escapewatch", O_NONBLOCK, errs[i],
				     err, sizeof(err));
		assert_string_equal(err, "/dev/escapewatch: permission denied: reading findings and status needs read access to the device node (root, or membership of its group: escapewatch with the Debian package)");
		assert_null(strchr(err, '\n'));
	}
}

/* Refused for writing (rules load, mode): root with CAP_SYS_ADMIN. */
static void write_refused(void **state)
{
	static const int errs[] = { EACCES, EPERM };
	static const int flags[] = { O_RDWR, O_WRONLY };
	char err[256];
	unsigned int i, j;

	(void)state;
	for (i = 0; i < 2; i++) {
		for (j = 0; j < 2; j++) {
			ew_device_open_error("/dev/escapewatch", flags[j],
					     errs[i], err, sizeof(err));
			assert_string_equal(err, "/dev/escapewatch: permission denied: loading rules and changing the mode need root with CAP_SYS_ADMIN");
		}
	}
}

/* Whatever the flags, a missing node is a module not loaded. */
static void missing_for_writing(void **state)
{
	char err[256];

	(void)state;
	errno = 0;
	assert_int_equal(ew_device_open("/nonexistent/escapewatch", O_RDWR,
					err, sizeof(err)), -1);
	assert_int_equal(errno, ENOENT);
	assert_non_null(strstr(err, "the escapewatch module is not loaded"));
	ew_device_open_error("/dev/x", O_RDWR, EIO, err, sizeof(err));
	assert_string_equal(err, "/dev/x: Input/output error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matching_version),
		cmocka_unit_test(other_abi_version),
		cmocka_unit_test(records_too_large),
		cmocka_unit_test(missing_device),
		cmocka_unit_test(not_the_device),
		cmocka_unit_test(read_refused),
		cmocka_unit_test(write_refused),
		cmocka_unit_test(missing_for_writing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
