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

#include "device.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matching_version),
		cmocka_unit_test(other_abi_version),
		cmocka_unit_test(records_too_large),
		cmocka_unit_test(missing_device),
		cmocka_unit_test(not_the_device),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
