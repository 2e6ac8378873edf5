// SPDX-License-Identifier: GPL-2.0
/* Related findings: same container, within the window, bounded memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "finding/related.h"

#define S 1000000000ULL

static struct ew_related r;
static char out[EW_RELATED_PER_CONTAINER][EW_ID_LEN + 1];

static size_t note(uint64_t key, unsigned long long t, unsigned int n)
{
	char id[EW_ID_LEN + 1];

	snprintf(id, sizeof(id), "%032x", n);
	return ew_related_note(&r, key, t, id, out);
}

static void same_container_within_the_window(void **state)
{
	(void)state;
	ew_related_init(&r, 600 * S);
	assert_int_equal(note(1, 1000 * S, 1), 0);
	assert_int_equal(note(2, 1001 * S, 2), 0);	/* another container */
	assert_int_equal(note(1, 1300 * S, 3), 1);
	assert_string_equal(out[0], "00000000000000000000000000000001");
	assert_int_equal(note(1, 1600 * S, 4), 2);	/* 600 s: still in */
	assert_string_equal(out[0], "00000000000000000000000000000001");
	assert_string_equal(out[1], "00000000000000000000000000000003");
	assert_int_equal(note(1, 1600 * S + 1, 5), 2);	/* 1 is now out */
	assert_string_equal(out[0], "00000000000000000000000000000003");
	/* a late report (a hash scan) of an earlier exec: both ways */
	assert_int_equal(note(1, 1100 * S, 6), 4);
	assert_string_equal(out[0], "00000000000000000000000000000001");
	assert_string_equal(out[3], "00000000000000000000000000000005");
}

static void bounded_per_container(void **state)
{
	unsigned int i;

	(void)state;
	ew_related_init(&r, 600 * S);
	for (i = 0; i < 40; i++)
		note(7, 1000 * S + i, i);
	assert_int_equal(note(7, 1000 * S + 40, 40),
			 EW_RELATED_PER_CONTAINER);
	/* the last 16 before it, oldest first */
	assert_string_equal(out[0], "00000000000000000000000000000018");
	assert_string_equal(out[15], "00000000000000000000000000000027");
}

static void least_recent_container_forgotten(void **state)
{
	unsigned int i;

	(void)state;
	ew_related_init(&r, 600 * S);
	for (i = 0; i < EW_RELATED_CONTAINERS; i++)
		note(100 + i, 1000 * S, i);
	note(100, 1001 * S, 1000);		/* container 100 in use again */
	note(999, 1002 * S, 1001);		/* a new one: 101 goes */
	assert_int_equal(r.nbox, EW_RELATED_CONTAINERS);
	assert_int_equal(note(101, 1003 * S, 1002), 0);	/* forgotten */
	assert_int_equal(note(100, 1004 * S, 1003), 2);	/* kept */
	assert_true(sizeof(r) < 64 * 1024);
}

static void window_zero_is_off(void **state)
{
	(void)state;
	ew_related_init(&r, 0);
	note(1, 1000 * S, 1);
	assert_int_equal(note(1, 1000 * S, 2), 0);
	assert_int_equal(r.nbox, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_container_within_the_window),
		cmocka_unit_test(bounded_per_container),
		cmocka_unit_test(least_recent_container_forgotten),
		cmocka_unit_test(window_zero_is_off),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
