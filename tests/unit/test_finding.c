// SPDX-License-Identifier: GPL-2.0
/* The JSON objects a finding and a lost report become. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "finding.h"
#include "records.h"

static _Alignas(8) unsigned char buf[EW_RECORD_MAX];

static void exec_finding_fields(void **state)
{
	json_int_t pid, nspid, mnt, seq, id, gen;
	const char *path, *cat, *sev, *when, *rule, *kind, *pat, *matched;
	json_t *f;

	(void)state;
	make_exec(buf, 41, "/tmp/t/cdk");
	f = ew_finding_exec((const void *)buf);
	assert_non_null(f);
	assert_int_equal(json_unpack(f, "{s:I, s:s, s:s, s:s, s:{s:I, s:s, s:I}, s:{s:s, s:s, s:s}, s:{s:I, s:I, s:{s:s}}, s:{s:I}}",
				     "seq", &seq, "category", &cat,
				     "severity", &sev, "eventTime", &when,
				     "rule", "id", &id, "name", &rule,
				     "generation", &gen,
				     "evidence", "kind", &kind, "pattern", &pat,
				     "matched", &matched,
				     "process", "pid", &pid, "nsPid", &nspid,
				     "binary", "path", &path,
				     "namespaces", "mnt", &mnt), 0);
	assert_int_equal(id, 1001);
	assert_int_equal(gen, 3);
	assert_string_equal(kind, "name");
	assert_string_equal(pat, "cdk*");
	assert_string_equal(matched, "cdk");
	assert_int_equal(seq, 41);
	assert_string_equal(cat, "Execution: Container Escape");
	assert_string_equal(sev, "HIGH");
	assert_string_equal(when, "2023-11-14T22:13:20.123456789Z");
	assert_string_equal(rule, "cdk");
	assert_int_equal(pid, 4242);
	assert_int_equal(nspid, 1);
	assert_string_equal(path, "/tmp/t/cdk");
	assert_int_equal(mnt, 4026531801);
	json_decref(f);
}

static void non_utf8_path_is_escaped(void **state)
{
	const char *path;
	json_t *f;

	(void)state;
	make_exec(buf, 1, "/tmp/\xff\\x");
	f = ew_finding_exec((const void *)buf);
	assert_non_null(f);
	assert_int_equal(json_unpack(f, "{s:{s:{s:s}}}", "process", "binary",
				     "path", &path), 0);
	assert_string_equal(path, "/tmp/\\xff\\x5cx");
	json_decref(f);

	make_exec(buf, 1, "/tmp/caf\xc3\xa9");	/* valid UTF-8 stays */
	f = ew_finding_exec((const void *)buf);
	assert_int_equal(json_unpack(f, "{s:{s:{s:s}}}", "process", "binary",
				     "path", &path), 0);
	assert_string_equal(path, "/tmp/caf\xc3\xa9");
	json_decref(f);
}

static void severity_from_the_rule(void **state)
{
	struct ew_exec_record *r = (void *)buf;
	const char *sev;
	json_t *f;

	(void)state;
	make_exec(buf, 1, "/x");
	r->severity = EW_SEV_CRITICAL;
	f = ew_finding_exec(r);
	assert_int_equal(json_unpack(f, "{s:s}", "severity", &sev), 0);
	assert_string_equal(sev, "CRITICAL");
	json_decref(f);
	r->severity = 9;
	f = ew_finding_exec(r);
	assert_int_equal(json_unpack(f, "{s:s}", "severity", &sev), 0);
	assert_string_equal(sev, "SEVERITY_UNSPECIFIED");
	json_decref(f);
}

static void truncated_path_is_flagged(void **state)
{
	struct ew_exec_record *r = (void *)buf;
	int truncated = 0;
	json_t *f;

	(void)state;
	make_exec(buf, 1, "cdk");
	r->hdr.flags = EW_EXEC_PATH_TRUNCATED;
	f = ew_finding_exec(r);
	assert_int_equal(json_unpack(f, "{s:{s:{s:b}}}", "process", "binary",
				     "pathTruncated", &truncated), 0);
	assert_true(truncated);
	json_decref(f);
}

static void lost_reports(void **state)
{
	json_int_t seq, count;
	const char *kind, *reason;
	json_t *f;

	(void)state;
	make_lost(buf, 100, 24, EW_LOST_OVERRUN);
	f = ew_finding_lost((const void *)buf);
	assert_int_equal(json_unpack(f, "{s:s, s:I, s:I, s:s}", "kind", &kind,
				     "seq", &seq, "count", &count, "reason",
				     &reason), 0);
	assert_string_equal(kind, "lost");
	assert_int_equal(seq, 100);
	assert_int_equal(count, 24);
	assert_string_equal(reason, "overrun");
	json_decref(f);

	make_lost(buf, 5, 1, EW_LOST_NOMEM);
	f = ew_finding_lost((const void *)buf);
	assert_int_equal(json_unpack(f, "{s:s}", "reason", &reason), 0);
	assert_string_equal(reason, "nomem");
	json_decref(f);
}

static void rfc3339(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(ew_rfc3339(0, b, sizeof(b)),
			    "1970-01-01T00:00:00.000000000Z");
	assert_string_equal(ew_rfc3339(1700000000000000001ULL, b, sizeof(b)),
			    "2023-11-14T22:13:20.000000001Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exec_finding_fields),
		cmocka_unit_test(non_utf8_path_is_escaped),
		cmocka_unit_test(severity_from_the_rule),
		cmocka_unit_test(truncated_path_is_flagged),
		cmocka_unit_test(lost_reports),
		cmocka_unit_test(rfc3339),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
