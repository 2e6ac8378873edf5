// SPDX-License-Identifier: GPL-2.0
/* ew_record_next(): framing and content checks on what read(2) returns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "record.h"
#include "records.h"

static _Alignas(8) unsigned char buf[2 * EW_RECORD_MAX];

static void two_records_in_a_row(void **state)
{
	const struct ew_record_header *h;
	size_t len, off = 0;

	(void)state;
	len = make_exec(buf, 7, "/tmp/cdk");
	len += make_lost(buf + len, 8, 3, EW_LOST_OVERRUN);

	assert_int_equal(ew_record_next(buf, len, &off, &h), EW_PARSE_OK);
	assert_int_equal(h->type, EW_REC_EXEC);
	assert_int_equal(h->seq, 7);
	assert_string_equal(((const struct ew_exec_record *)h)->path,
			    "/tmp/cdk");
	assert_int_equal(ew_record_next(buf, len, &off, &h), EW_PARSE_OK);
	assert_int_equal(h->type, EW_REC_LOST);
	assert_int_equal(((const struct ew_lost_record *)h)->count, 3);
	assert_int_equal(ew_record_next(buf, len, &off, &h), EW_PARSE_END);
	assert_int_equal(off, len);
}

static void bad_framing(void **state)
{
	struct ew_record_header *hdr = (void *)buf;
	const struct ew_record_header *h;
	size_t len, off;

	(void)state;
	len = make_exec(buf, 1, "/x");

	off = 0;	/* shorter than a header */
	assert_int_equal(ew_record_next(buf, 8, &off, &h), EW_PARSE_BAD);
	off = 0;	/* cut short */
	assert_int_equal(ew_record_next(buf, len - 8, &off, &h), EW_PARSE_BAD);

	hdr->size = 0;	/* would never advance */
	off = 0;
	assert_int_equal(ew_record_next(buf, len, &off, &h), EW_PARSE_BAD);
	hdr->size = len - 4;	/* not a multiple of 8 */
	off = 0;
	assert_int_equal(ew_record_next(buf, len, &off, &h), EW_PARSE_BAD);
	hdr->size = len + 8;	/* larger than what was read */
	off = 0;
	assert_int_equal(ew_record_next(buf, len, &off, &h), EW_PARSE_BAD);
}

static void bad_exec_contents(void **state)
{
	struct ew_exec_record *r = (void *)buf;
	const struct ew_record_header *h;
	size_t len, off;

	(void)state;
	len = make_exec(buf, 1, "/tmp/abc");
	r->path_len = 3;	/* path[3] is not its NUL */
	off = 0;
	assert_int_equal(ew_record_next(buf, len, &off, &h), EW_PARSE_BAD);

	len = make_exec(buf, 1, "/tmp/abc");
	r->path_len = len;	/* beyond the record */
	off = 0;
	assert_int_equal(ew_record_next(buf, len, &off, &h), EW_PARSE_BAD);

	len = make_exec(buf, 1, "/tmp/abc");
	memset(r->comm, 'A', sizeof(r->comm));	/* no NUL */
	off = 0;
	assert_int_equal(ew_record_next(buf, len, &off, &h), EW_PARSE_BAD);

	len = make_exec(buf, 1, "/tmp/abc");
	memset(r->rule, 'A', sizeof(r->rule));
	off = 0;
	assert_int_equal(ew_record_next(buf, len, &off, &h), EW_PARSE_BAD);

	make_exec(buf, 1, "");	/* an exec record cut to its header */
	r->hdr.size = sizeof(r->hdr);
	off = 0;
	assert_int_equal(ew_record_next(buf, sizeof(r->hdr), &off, &h),
			 EW_PARSE_BAD);
}

static void short_lost_record(void **state)
{
	const struct ew_record_header *h;
	size_t off = 0;

	(void)state;
	make_lost(buf, 1, 1, EW_LOST_NOMEM);
	((struct ew_record_header *)buf)->size = 16;
	assert_int_equal(ew_record_next(buf, 16, &off, &h), EW_PARSE_BAD);
}

static void unknown_type_is_skipped(void **state)
{
	const struct ew_record_header *h;
	size_t len, off = 0;

	(void)state;
	len = make_lost(buf, 1, 1, EW_LOST_NOMEM);
	((struct ew_record_header *)buf)->type = 99;
	len += make_exec(buf + len, 2, "/bin/x");
	assert_int_equal(ew_record_next(buf, len, &off, &h), EW_PARSE_UNKNOWN);
	assert_int_equal(off, sizeof(struct ew_lost_record));
	assert_int_equal(ew_record_next(buf, len, &off, &h), EW_PARSE_OK);
	assert_int_equal(h->seq, 2);
}

static void abi_layout(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct ew_record_header), 16);
	assert_int_equal(sizeof(struct ew_lost_record), 24);
	assert_int_equal(sizeof(struct ew_exec_record), 304);
	assert_int_equal(offsetof(struct ew_exec_record, path), 304);
	assert_int_equal(sizeof(struct ew_stats), 104);
	assert_int_equal(sizeof(struct ew_rules_header), 32);
	assert_int_equal(sizeof(struct ew_rule_desc), 24);
	assert_int_equal(sizeof(struct ew_matcher), 16);
	assert_int_equal(sizeof(struct ew_argcond), 12);
	assert_int_equal(sizeof(struct ew_rules_io), 24);
	assert_int_equal(sizeof(struct ew_version), 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_records_in_a_row),
		cmocka_unit_test(bad_framing),
		cmocka_unit_test(bad_exec_contents),
		cmocka_unit_test(short_lost_record),
		cmocka_unit_test(unknown_type_is_skipped),
		cmocka_unit_test(abi_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
