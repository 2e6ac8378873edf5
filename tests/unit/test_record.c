// SPDX-License-Identifier: GPL-2.0
/*
 * ew_record_next(): framing and content checks on what read(2) returns;
 * records cut at every length and corrupted at random never get past it
 * malformed, and whatever it accepts decodes and formats (run under ASan
 * and UBSan by `make unit`).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <jansson.h>

#include "format/format.h"
#include "input/record.h"
#include "records.h"

static _Alignas(8) unsigned char buf[2 * EW_RECORD_MAX];
static char err[320];

static enum ew_parse parse1(size_t len, const struct ew_record_header **h)
{
	size_t off = 0;

	err[0] = '\0';
	return ew_record_next(buf, len, &off, h, err, sizeof(err));
}

static void expect_ok(void)
{
	const struct ew_record_header *h;

	assert_int_equal(parse1(rec_size(buf), &h), EW_PARSE_OK);
}

/* parse1() must find the record malformed, saying why with want. */
static void expect_invalid(const char *want)
{
	const struct ew_record_header *h;

	assert_int_equal(parse1(rec_size(buf), &h), EW_PARSE_INVALID);
	assert_ptr_equal(h, buf);
	if (!strstr(err, want))
		fail_msg("error '%s' does not say '%s'", err, want);
}

static void two_records_in_a_row(void **state)
{
	const struct ew_record_header *h;
	size_t len, off = 0;

	(void)state;
	len = make_exec(buf, 7, "/tmp/cdk");
	len += make_lost(buf + len, 8, 3, EW_LOST_OVERRUN);

	assert_int_equal(ew_record_next(buf, len, &off, &h, err, sizeof(err)),
			 EW_PARSE_OK);
	assert_int_equal(h->type, EW_REC_EXEC);
	assert_int_equal(h->seq, 7);
	assert_int_equal(ew_record_next(buf, len, &off, &h, err, sizeof(err)),
			 EW_PARSE_OK);
	assert_int_equal(h->type, EW_REC_LOST);
	assert_int_equal(((const struct ew_lost_record *)h)->count, 3);
	assert_int_equal(ew_record_next(buf, len, &off, &h, err, sizeof(err)),
			 EW_PARSE_END);
	assert_int_equal(off, len);
}

static void bad_framing(void **state)
{
	struct ew_record_header *hdr = (void *)buf;
	const struct ew_record_header *h;
	size_t len, off;

	(void)state;
	len = make_exec(buf, 1, "/x");

	assert_int_equal(parse1(8, &h), EW_PARSE_BAD);	/* < a header */
	assert_non_null(strstr(err, "fewer than a header"));
	assert_int_equal(parse1(len - 8, &h), EW_PARSE_BAD);	/* cut short */
	hdr->size = 0;	/* would never advance */
	assert_int_equal(parse1(len, &h), EW_PARSE_BAD);
	hdr->size = len - 4;	/* not a multiple of 8 */
	assert_int_equal(parse1(len, &h), EW_PARSE_BAD);
	assert_non_null(strstr(err, "is not a multiple of 8"));
	hdr->size = len + 8;	/* larger than what was read */
	assert_int_equal(parse1(len, &h), EW_PARSE_BAD);

	make_exec(buf + 8, 1, "/x");	/* not aligned */
	off = 0;
	assert_int_equal(ew_record_next(buf + 4, len + 4, &off, &h, err,
					sizeof(err)), EW_PARSE_BAD);
	assert_non_null(strstr(err, "aligned"));
	assert_int_equal(off, 0);
}

static void exec_shorter_than_its_fixed_part(void **state)
{
	struct ew_exec_record *r = (void *)buf;
	const struct ew_record_header *h;

	(void)state;
	make_exec(buf, 5, "/x");
	r->hdr.size = sizeof(r->hdr);
	assert_int_equal(parse1(sizeof(r->hdr), &h), EW_PARSE_INVALID);
	assert_non_null(strstr(err, "record 5 at byte 0 is malformed"));
	assert_non_null(strstr(err, "shorter than the 520 of an exec record"));
}

static void fixed_strings_need_nul(void **state)
{
	struct ew_exec_record *r = (void *)buf;
	struct {
		char *s;
		size_t n;
		const char *name;
	} t[] = {
		{ r->comm, sizeof(r->comm), "comm" },
		{ r->caller_comm, sizeof(r->caller_comm), "caller_comm" },
		{ r->rule, sizeof(r->rule), "rule" },
		{ r->pattern, sizeof(r->pattern), "pattern" },
		{ r->matched, sizeof(r->matched), "matched" },
	};
	char want[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		make_exec(buf, 1, "/tmp/abc");
		memset(t[i].s, 'A', t[i].n);
		snprintf(want, sizeof(want), "its %s has no terminating NUL",
			 t[i].name);
		expect_invalid(want);
	}
}

static void field_framing(void **state)
{
	struct ew_exec_record *r = (void *)buf;
	struct ew_field *f;

	(void)state;
	rec_exec(buf, 1);	/* an empty value is fine */
	rec_field(buf, EW_F_PATH, 0, NULL, 0);
	expect_ok();

	rec_exec(buf, 1);	/* a value longer than the record */
	f = rec_field(buf, EW_F_PATH, 0, "/tmp/x", 6);
	f->len = 9;
	expect_invalid("its path field at byte 520 (9 bytes) runs past its end");

	rec_exec(buf, 1);	/* a value that ends past the last field */
	rec_str(buf, EW_F_CWD, "/tmp");
	f = rec_field(buf, EW_F_CGROUP, 0, "/", 1);
	f->len = 12;
	expect_invalid("its cgroup field at byte 536 (12 bytes) runs past its end");
	assert_int_equal(r->hdr.size, 520 + 16 + 16);

	rec_exec(buf, 1);	/* a huge length must not wrap */
	f = rec_field(buf, 99, 0, "abcdefgh", 8);
	f->len = UINT32_MAX;
	expect_invalid("runs past its end");
}

static void field_contents(void **state)
{
	char path[EW_PATH_MAX + 2];	/* 4097 bytes of 'a' and a NUL */
	const char *end = path + EW_PATH_MAX + 1;
	static char args[EW_ARGV_MAX + 1];
	struct ew_field *f;
	int i;

	(void)state;
	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	memset(args, 'a', sizeof(args));

	rec_exec(buf, 1);
	rec_field(buf, EW_F_PATH, 0, path, EW_PATH_MAX);	/* at the bound */
	rec_argv(buf, args, EW_ARGV_MAX, 1, EW_FIELD_TRUNCATED);
	expect_ok();

	rec_exec(buf, 1);
	rec_field(buf, EW_F_CWD, 0, path, EW_PATH_MAX + 1);
	expect_invalid("its cwd field of 4097 bytes exceeds 4096");

	rec_exec(buf, 1);
	rec_ancestor(buf, 1, 1, "sh", end - EW_ANCESTOR_PATH_MAX);
	expect_ok();
	rec_ancestor(buf, 1, 1, "sh", end - EW_ANCESTOR_PATH_MAX - 1);
	expect_invalid("its ancestor field of 537 bytes exceeds 536");

	rec_exec(buf, 1);
	rec_argv(buf, args, EW_ARGV_MAX + 1, 1, 0);
	expect_invalid("its argv field of 65537 bytes exceeds 65536");

	rec_exec(buf, 1);
	rec_field(buf, EW_F_CGROUP, EW_FIELD_UNREADABLE, "/x", 2);
	expect_invalid("cgroup field is flagged unreadable but has 2 bytes");

	rec_exec(buf, 1);
	rec_str(buf, EW_F_PATH, "/a");
	rec_str(buf, EW_F_INTERP, "/bin/sh");
	rec_str(buf, EW_F_PATH, "/b");
	expect_invalid("it has two path fields");

	rec_exec(buf, 1);	/* an ancestor whose path is unreadable */
	rec_ancestor(buf, 1, 1, "init", "");
	((struct ew_field *)((struct ew_exec_record *)buf)->fields)->flags =
		EW_FIELD_UNREADABLE;
	expect_ok();
	rec_ancestor(buf, 2, 0, "init", "/x");
	((struct ew_field *)(((struct ew_exec_record *)buf)->fields + 32))->flags =
		EW_FIELD_UNREADABLE;
	expect_invalid("its ancestor field is flagged unreadable but has 26 bytes");

	rec_exec(buf, 1);
	rec_field(buf, EW_F_ANCESTOR, 0, "12345678", 8);
	expect_invalid("ancestor 1 is shorter than its fixed part");

	rec_exec(buf, 1);
	rec_ancestor(buf, 1, 1, "init", "/sbin/init");
	f = rec_field(buf, EW_F_ANCESTOR, 0, NULL, sizeof(struct ew_ancestor));
	memset(((struct ew_ancestor *)(f + 1))->comm, 'x', EW_COMM_LEN);
	expect_invalid("ancestor 2 is shorter than its fixed part or its name has no NUL");

	rec_exec(buf, 1);
	for (i = 0; i < EW_ANCESTORS_MAX; i++)
		rec_ancestor(buf, 100 + i, 0, "sh", "/bin/sh");
	expect_ok();
	rec_ancestor(buf, 99, 0, "sh", "/bin/sh");
	expect_invalid("more than 8 ancestors");
}

static void unknown_fields_are_skipped(void **state)
{
	const struct ew_record_header *h;

	(void)state;
	rec_exec(buf, 1);
	rec_field(buf, 0, 0xffff, "zz", 2);
	rec_field(buf, 42, 0, "/bin/sh", 7);
	rec_field(buf, 42, 0, "/bin/sh", 7);	/* unknown: no once rule */
	rec_str(buf, EW_F_PATH, "/tmp/cdk");
	assert_int_equal(parse1(rec_size(buf), &h), EW_PARSE_OK);
}

static void invalid_record_is_skipped_whole(void **state)
{
	struct ew_exec_record *r = (void *)buf;
	const struct ew_record_header *h;
	size_t len, off = 0;

	(void)state;
	len = make_exec(buf, 1, "/tmp/a");
	memset(r->rule, 'A', sizeof(r->rule));
	len += make_exec(buf + len, 2, "/tmp/b");
	assert_int_equal(ew_record_next(buf, len, &off, &h, err, sizeof(err)),
			 EW_PARSE_INVALID);
	assert_int_equal(h->seq, 1);
	assert_int_equal(off, rec_size(buf));
	assert_int_equal(ew_record_next(buf, len, &off, &h, err, sizeof(err)),
			 EW_PARSE_OK);
	assert_int_equal(h->seq, 2);
}

static void short_lost_record(void **state)
{
	const struct ew_record_header *h;

	(void)state;
	make_lost(buf, 1, 1, EW_LOST_NOMEM);
	((struct ew_record_header *)buf)->size = 16;
	assert_int_equal(parse1(16, &h), EW_PARSE_INVALID);
	assert_non_null(strstr(err, "shorter than the 24 of a lost record"));
}

static void unknown_type_is_skipped(void **state)
{
	const struct ew_record_header *h;
	size_t len, off = 0;

	(void)state;
	len = make_lost(buf, 1, 1, EW_LOST_NOMEM);
	((struct ew_record_header *)buf)->type = 99;
	len += make_exec(buf + len, 2, "/bin/x");
	assert_int_equal(ew_record_next(buf, len, &off, &h, err, sizeof(err)),
			 EW_PARSE_UNKNOWN);
	assert_int_equal(off, sizeof(struct ew_lost_record));
	assert_int_equal(ew_record_next(buf, len, &off, &h, err, sizeof(err)),
			 EW_PARSE_OK);
	assert_int_equal(h->seq, 2);
}

/* Decode and format an accepted record in every format. */
static void format_all(const struct ew_record_header *h)
{
	static const enum ew_format fmts[] = {
		EW_FORMAT_SCC, EW_FORMAT_JSON, EW_FORMAT_TEXT,
	};
	struct ew_ident ident;
	struct ew_finding f = { .ident = &ident };
	struct ew_event ev;
	size_t i;
	char *line;

	if (h->type != EW_REC_EXEC)
		return;
	ew_ident_init(&ident, "h", "b");
	ew_event_decode((const void *)h, &ev);
	f.ev = &ev;
	f.container_known = ev.cgroup.len &&
		ew_container_parse(ev.cgroup.p, ev.cgroup.len, &f.container);
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		line = ew_format_finding(fmts[i], &f);
		assert_non_null(line);
		free(line);
	}
}

/*
 * What the lookup of a finding's container left out, and how late it
 * ended, in the json and scc formats (container.missing, lookupLate);
 * neither when there is nothing to say.
 */
static void identity_notes(void **state)
{
	struct ew_identity id = { .why = "config.v2.json: missing",
				  .late = "310 ms, past its budget of 250 ms" };
	struct ew_ident ident;
	struct ew_finding f = { .ident = &ident, .identity = &id,
				.container_known = 1,
				.container = { "docker", "abc", "" } };
	const struct ew_record_header *h = (const void *)buf;
	json_t *j, *c;
	struct ew_event ev;
	char *line;
	int i;

	(void)state;
	make_exec(buf, 1, "/tmp/cdk");
	ew_ident_init(&ident, "h", "b");
	ew_event_decode((const void *)h, &ev);
	f.ev = &ev;
	for (i = 0; i < 2; i++) {
		line = ew_format_finding(EW_FORMAT_JSON, &f);
		j = json_loads(line, 0, NULL);
		free(line);
		c = json_object_get(j, "container");
		assert_non_null(c);
		if (i == 0) {
			assert_string_equal(json_string_value(json_object_get(
				c, "missing")), "config.v2.json: missing");
			assert_string_equal(json_string_value(json_object_get(
				c, "lookupLate")), id.late);
		} else {
			assert_null(json_object_get(c, "missing"));
			assert_null(json_object_get(c, "lookupLate"));
		}
		json_decref(j);
		line = ew_format_finding(EW_FORMAT_SCC, &f);
		j = json_loads(line, 0, NULL);
		free(line);
		c = json_object_get(json_object_get(j, "sourceProperties"),
				    "container");
		assert_non_null(c);
		assert_int_equal(json_object_get(c, "lookupLate") != NULL,
				 i == 0);
		json_decref(j);
		id.why[0] = id.late[0] = '\0';
	}
}

/* A full record with every kind of field, for cutting and corrupting. */
static size_t full_record(void)
{
	static const char args[] = "sh\0-c\0echo \"$HOME\"\n\x1b[2J\xff";

	make_exec(buf, 9, "/tmp/t/deepce.sh");
	rec_str(buf, EW_F_INTERP, "/bin/busybox");
	rec_field(buf, 77, 0, "future", 6);
	rec_argv(buf, args, sizeof(args) - 1, 4, EW_FIELD_TRUNCATED);
	return rec_size(buf);
}

static void cut_at_every_length(void **state)
{
	struct ew_record_header *hdr = (void *)buf;
	const struct ew_record_header *h;
	size_t len = full_record(), cut, ok = 0;
	enum ew_parse p;

	(void)state;
	for (cut = 0; cut < len; cut++) {	/* the read cut short */
		full_record();
		assert_int_equal(parse1(cut, &h), cut ? EW_PARSE_BAD :
							EW_PARSE_END);
	}
	for (cut = 0; cut <= len; cut += 8) {	/* the record's size cut */
		full_record();
		hdr->size = (uint32_t)cut;
		p = parse1(cut, &h);
		assert_true(p == EW_PARSE_OK || p == EW_PARSE_INVALID ||
			    (p == EW_PARSE_BAD && cut < sizeof(*hdr)) ||
			    (p == EW_PARSE_END && !cut));
		if (p == EW_PARSE_OK) {
			ok++;
			format_all(h);
		}
	}
	assert_true(ok >= 8);	/* each field boundary, and the whole */
}

static void random_corruption(void **state)
{
	const struct ew_record_header *h;
	uint32_t x = 2463534242u;
	size_t len, off;
	int i, k, ok = 0, invalid = 0, bad = 0;

	(void)state;
	for (i = 0; i < 4000; i++) {
		len = full_record();
		for (k = 0; k < 1 + i % 4; k++) {
			x ^= x << 13;	/* xorshift32 */
			x ^= x >> 17;
			x ^= x << 5;
			/* mostly the header and the fields, where lengths are */
			off = x % 3 ? 520 + (x >> 8) % (len - 520) :
				      (x >> 8) % len;
			buf[off] ^= (unsigned char)(1u << ((x >> 24) % 8));
		}
		switch (parse1(len, &h)) {
		case EW_PARSE_OK:
			ok++;
			format_all(h);
			break;
		case EW_PARSE_INVALID:
			invalid++;
			assert_true(strlen(err) > 0);
			break;
		case EW_PARSE_BAD:
			bad++;
			assert_true(strlen(err) > 0);
			break;
		default:
			break;
		}
	}
	assert_true(ok > 0 && invalid > 0 && bad > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_records_in_a_row),
		cmocka_unit_test(bad_framing),
		cmocka_unit_test(exec_shorter_than_its_fixed_part),
		cmocka_unit_test(fixed_strings_need_nul),
		cmocka_unit_test(field_framing),
		cmocka_unit_test(field_contents),
		cmocka_unit_test(unknown_fields_are_skipped),
		cmocka_unit_test(invalid_record_is_skipped_whole),
		cmocka_unit_test(short_lost_record),
		cmocka_unit_test(unknown_type_is_skipped),
		cmocka_unit_test(cut_at_every_length),
		cmocka_unit_test(identity_notes),
		cmocka_unit_test(random_corruption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
