// SPDX-License-Identifier: GPL-2.0
/*
 * escapewatch status: the text lines scripts parse stay as they were, the
 * JSON carries the same counters, and without a module (or without its
 * device) status still answers, from a fake sysfs tree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "cmd/status.h"
#include "input/missing.h"

/* Every counter a different value, so that none can stand for another. */
static const struct ew_stats stats = {
	.execs_examined = 101, .events = 102, .overwritten = 103,
	.nomem = 2, .lost = 105, .probe_missed = 106,
	.rules_generation = 107, .argv_faults = 108, .scans = 109,
	.scan_hits = 110, .scan_errors = 111, .queue_len = 4096,
	.queued = 113, .nrules = 114, .in_flight = 115, .exec_failed = 116,
	.denied = 117, .killed = 118, .mode = EW_MODE_ENFORCE, .locked = 1,
	.failed_open = 119, .failed_closed = 120, .fail_closed = 0,
	.scripts = 121, .scripts_skipped = 122,
};

/* The lines status printed before "findings" came; tests/qemu reads them. */
static const char old_lines[] =
	"execs_examined 101\n"
	"events 102\n"
	"overwritten 103\n"
	"nomem 2\n"
	"argv_faults 108\n"
	"scans 109\n"
	"scan_hits 110\n"
	"scan_errors 111\n"
	"rules_generation 107\n"
	"rules 114\n"
	"queue_len 4096\n"
	"queued 113\n"
	"in_flight 115\n"
	"exec_failed 116\n"
	"mode enforce\n"
	"locked 1\n"
	"denied 117\n"
	"killed 118\n"
	"fail_closed 0\n"
	"failed_open 119\n"
	"failed_closed 120\n"
	"scripts 121\n"
	"scripts_skipped 122\n";

static char *text_of(const struct ew_status *s, int counters_only)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	if (counters_only)
		ew_status_print(f, &s->st);
	else
		ew_status_text(f, s);
	fclose(f);
	return text;
}

static struct ew_status good(void)
{
	struct ew_status s = { .loaded = 1, .attached = 1, .have_stats = 1 };

	s.st = stats;
	return s;
}

static void old_lines_unchanged(void **state)
{
	struct ew_status s = good();
	const char *rest = strstr(old_lines, "overwritten ");
	char *text = text_of(&s, 1), want[sizeof(old_lines) + 32];

	(void)state;
	/* Every old line, in the old order; "findings" added after events. */
	snprintf(want, sizeof(want), "%.*sfindings 100\n%s",
		 (int)(rest - old_lines), old_lines, rest);
	assert_string_equal(text, want);
	free(text);
}

static void text_starts_with_module(void **state)
{
	struct ew_status s = good();
	char *text = text_of(&s, 0);

	(void)state;
	assert_memory_equal(text, "loaded 1\nattached 1\nexecs_examined 101\n",
			    strlen("loaded 1\nattached 1\nexecs_examined 101\n"));
	free(text);
}

static void findings_derived(void **state)
{
	struct ew_status s = good();
	char *text;

	(void)state;
	s.st.events = 2;
	s.st.nomem = 3;	/* read a moment apart: never below zero */
	text = text_of(&s, 1);
	assert_non_null(strstr(text, "\nfindings 0\n"));
	free(text);
}

/* Each "name value" line of the text has the same value in the JSON. */
static void json_same_counters(void **state)
{
	struct ew_status s = good();
	char *text = text_of(&s, 1), *line, *save = NULL;
	json_t *o = ew_status_json(&s), *m;
	size_t lines = 0;

	(void)state;
	assert_non_null(o);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), lines++) {
		char *value = strchr(line, ' ');
		json_t *j;

		assert_non_null(value);
		*value++ = '\0';
		j = json_object_get(o, line);
		assert_non_null(j);
		if (!strcmp(line, "mode"))
			assert_string_equal(json_string_value(j), value);
		else if (!strcmp(line, "locked") || !strcmp(line, "fail_closed"))
			assert_int_equal(json_is_true(j), atoi(value));
		else
			assert_int_equal(json_integer_value(j), atoll(value));
	}
	m = json_object_get(o, "module");
	assert_true(json_is_true(json_object_get(m, "loaded")));
	assert_true(json_is_true(json_object_get(m, "attached")));
	assert_null(json_object_get(o, "error"));
	/* The counters and "module", nothing else. */
	assert_int_equal(json_object_size(o), lines + 1);
	json_decref(o);
	free(text);
}

static void json_without_module(void **state)
{
	struct ew_status s = { .error = "the escapewatch module is not loaded" };
	json_t *o = ew_status_json(&s), *m;
	char *text = text_of(&s, 0);

	(void)state;
	assert_non_null(o);
	m = json_object_get(o, "module");
	assert_true(json_is_false(json_object_get(m, "loaded")));
	assert_true(json_is_false(json_object_get(m, "attached")));
	assert_string_equal(json_string_value(json_object_get(o, "error")),
			    "the escapewatch module is not loaded");
	assert_int_equal(json_object_size(o), 2);
	assert_string_equal(text, "loaded 0\nattached 0\n");
	json_decref(o);
	free(text);
}

static void json_error_any_bytes(void **state)
{
	struct ew_status s = { .loaded = 1, .error = "/dev/\xff: no device node" };
	json_t *o = ew_status_json(&s);

	(void)state;
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "error")),
			    "/dev/\\xff: no device node");
	json_decref(o);
}

static void exit_statuses(void **state)
{
	struct ew_status s = good();

	(void)state;
	assert_int_equal(ew_status_exit(&s), EW_STATUS_OK);
	s.attached = 0;
	assert_int_equal(ew_status_exit(&s), EW_STATUS_UNREADABLE);
	s.attached = 1;
	s.have_stats = 0;
	assert_int_equal(ew_status_exit(&s), EW_STATUS_UNREADABLE);
	s.loaded = 0;
	assert_int_equal(ew_status_exit(&s), EW_STATUS_NOT_LOADED);
	assert_int_equal(EW_STATUS_OK, 0);
	assert_int_equal(EW_STATUS_UNREADABLE, 1);
	assert_int_equal(EW_STATUS_NOT_LOADED, 3);
}

/* A fake sysfs: DIR/module, and DIR/module/escapewatch/initstate. */
struct fake {
	char root[64];
	char mods[96];	/* DIR/modules: /lib/modules */
};

static int fake_setup(void **state)
{
	struct fake *f = calloc(1, sizeof(*f));
	char path[128];

	if (!f)
		return -1;
	snprintf(f->root, sizeof(f->root), "/tmp/ew-sysfs-XXXXXX");
	if (!mkdtemp(f->root))
		return -1;
	snprintf(f->mods, sizeof(f->mods), "%s/modules", f->root);
	snprintf(path, sizeof(path), "%s/module", f->root);
	if (mkdir(path, 0755))
		return -1;
	*state = f;
	return 0;
}

/* DIR/REL with text, its directories made. */
static void fake_file(struct fake *f, const char *rel, const char *text)
{
	char path[256];
	FILE *file;
	char *slash;

	snprintf(path, sizeof(path), "%s/%s", f->root, rel);
	for (slash = strchr(path + strlen(f->root) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	file = fopen(path, "w");
	assert_non_null(file);
	fputs(text, file);
	fclose(file);
}

static const char *const signing_files[] = {
	"kernel/security/lockdown", "kernel/security", "kernel",
	"module/module/parameters/sig_enforce", "module/module/parameters",
	"module/module", "modules/6.1.0-99-amd64/modules.dep",
	"modules/6.1.0-99-amd64", "modules",
};

static int fake_teardown(void **state)
{
	struct fake *f = *state;
	char path[128];
	size_t i;

	for (i = 0; i < sizeof(signing_files) / sizeof(signing_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", f->root, signing_files[i]);
		if (unlink(path))
			rmdir(path);
	}

	snprintf(path, sizeof(path), "%s/module/escapewatch/initstate", f->root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/module/escapewatch", f->root);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/module", f->root);
	rmdir(path);
	rmdir(f->root);
	free(f);
	return 0;
}

static void fake_module(struct fake *f, const char *initstate)
{
	char path[128];
	FILE *file;

	snprintf(path, sizeof(path), "%s/module/escapewatch", f->root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/module/escapewatch/initstate", f->root);
	file = fopen(path, "w");
	assert_non_null(file);
	fprintf(file, "%s\n", initstate);
	fclose(file);
}

static void not_loaded(void **state)
{
	struct fake *f = *state;
	struct ew_status s;
	char want[256];

	assert_int_equal(ew_status_query(&s, "/nonexistent/escapewatch", f->root, f->mods),
			 EW_STATUS_NOT_LOADED);
	assert_false(s.loaded);
	assert_false(s.attached);
	assert_false(s.have_stats);
	snprintf(want, sizeof(want),
		 "the escapewatch module is not loaded (no %s/module/escapewatch, no device node /nonexistent/escapewatch): modprobe escapewatch",
		 f->root);
	assert_string_equal(s.error, want);
}

static void loaded_without_node(void **state)
{
	struct fake *f = *state;
	struct ew_status s;

	fake_module(f, "live");
	assert_int_equal(ew_status_query(&s, "/nonexistent/escapewatch", f->root, f->mods),
			 EW_STATUS_UNREADABLE);
	assert_true(s.loaded);
	assert_true(s.attached);
	assert_false(s.have_stats);
	assert_non_null(strstr(s.error, "/nonexistent/escapewatch: no device node, though the module is loaded"));
}

static void loaded_still_starting(void **state)
{
	struct fake *f = *state;
	struct ew_status s;

	fake_module(f, "coming");
	assert_int_equal(ew_status_query(&s, "/nonexistent/escapewatch", f->root, f->mods),
			 EW_STATUS_UNREADABLE);
	assert_true(s.loaded);
	assert_false(s.attached);
}

static void loaded_other_node(void **state)
{
	struct fake *f = *state;
	struct ew_status s;

	fake_module(f, "live");
	assert_int_equal(ew_status_query(&s, "/dev/null", f->root, f->mods),
			 EW_STATUS_UNREADABLE);
	assert_true(s.loaded);
	assert_non_null(strstr(s.error, "/dev/null: not an escapewatch device"));
}

/*
 * A kernel that loads only signed modules: the reason a module is missing
 * may be its signature, and status says so, with what enforces it.
 */
static void not_loaded_signatures_enforced(void **state)
{
	static const struct {
		const char *lockdown, *sig_enforce, *why;
	} t[] = {
		{ "[none] integrity confidentiality\n", "N\n", NULL },
		{ "none [integrity] confidentiality\n", "N\n", "lockdown=integrity" },
		{ "none integrity [confidentiality]\n", "Y\n",
		  "lockdown=confidentiality, module.sig_enforce=1" },
		{ "[none] integrity confidentiality\n", "Y\n", "module.sig_enforce=1" },
		{ "none [integrity confidentiality\n", "N\n", NULL },
	};
	struct fake *f = *state;
	struct ew_status s;
	char want[512], why[96];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		fake_file(f, "kernel/security/lockdown", t[i].lockdown);
		fake_file(f, "module/module/parameters/sig_enforce",
			  t[i].sig_enforce);
		assert_int_equal(ew_status_query(&s, "/nonexistent/escapewatch",
						 f->root, f->mods),
				 EW_STATUS_NOT_LOADED);
		snprintf(want, sizeof(want),
			 "the escapewatch module is not loaded (no %s/module/escapewatch, no device node /nonexistent/escapewatch): modprobe escapewatch",
			 f->root);
		if (t[i].why)
			snprintf(want + strlen(want), sizeof(want) - strlen(want),
				 "; this kernel loads only modules signed by a key it trusts (%s): see escapewatch(8), MODULE SIGNATURES",
				 t[i].why);
		assert_string_equal(s.error, want);
		assert_int_equal(ew_signing_enforced(f->root, why, sizeof(why)),
				 t[i].why != NULL);
		assert_string_equal(why, t[i].why ? t[i].why : "");
	}
}

/* No module installed for the running kernel: said, before signatures. */
static void not_installed(void **state)
{
	struct fake *f = *state;
	char hint[256];

	fake_file(f, "kernel/security/lockdown", "none [integrity] confidentiality\n");
	ew_missing_hint(f->root, f->mods, "6.1.0-99-amd64", hint, sizeof(hint));
	assert_string_equal(hint, "; this kernel loads only modules signed by a key it trusts (lockdown=integrity): see escapewatch(8), MODULE SIGNATURES");
	assert_int_equal(ew_module_installed(f->mods, "6.1.0-99-amd64"), -1);

	fake_file(f, "modules/6.1.0-99-amd64/modules.dep",
		  "kernel/fs/binfmt_misc.ko.xz:\n"
		  "updates/dkms/escapewatch.kox:\n"
		  "kernel/drivers/escapewatch.ko.xz/a.ko:\n"
		  "kernel/net/notescapewatch.ko: kernel/a.ko\n");
	assert_int_equal(ew_module_installed(f->mods, "6.1.0-99-amd64"), 0);
	ew_missing_hint(f->root, f->mods, "6.1.0-99-amd64", hint, sizeof(hint));
	assert_string_equal(hint, "; no escapewatch module is installed for this kernel, 6.1.0-99-amd64 (DKMS skipped it or failed: dkms status escapewatch)");

	fake_file(f, "modules/6.1.0-99-amd64/modules.dep",
		  "kernel/fs/binfmt_misc.ko.xz:\n"
		  "updates/dkms/escapewatch.ko.xz:\n");
	assert_int_equal(ew_module_installed(f->mods, "6.1.0-99-amd64"), 1);
	fake_file(f, "modules/6.1.0-99-amd64/modules.dep",
		  "updates/dkms/escapewatch.ko:\n");
	assert_int_equal(ew_module_installed(f->mods, "6.1.0-99-amd64"), 1);
	ew_missing_hint(f->root, f->mods, "6.1.0-99-amd64", hint, sizeof(hint));
	assert_string_equal(hint, "; this kernel loads only modules signed by a key it trusts (lockdown=integrity): see escapewatch(8), MODULE SIGNATURES");
}

static void no_sysfs(void **state)
{
	struct ew_status s;

	(void)state;
	assert_int_equal(ew_status_query(&s, "/nonexistent/escapewatch",
					 "/nonexistent/sys", "/nonexistent/lib"),
			 EW_STATUS_NOT_LOADED);
	assert_false(s.loaded);
	assert_string_equal(s.error, "the escapewatch module is not loaded (no device node /nonexistent/escapewatch): modprobe escapewatch");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(old_lines_unchanged),
		cmocka_unit_test(text_starts_with_module),
		cmocka_unit_test(findings_derived),
		cmocka_unit_test(json_same_counters),
		cmocka_unit_test(json_without_module),
		cmocka_unit_test(json_error_any_bytes),
		cmocka_unit_test(exit_statuses),
		cmocka_unit_test_setup_teardown(not_loaded, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(loaded_without_node, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(loaded_still_starting, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(loaded_other_node, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(not_loaded_signatures_enforced, fake_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(not_installed, fake_setup, fake_teardown),
		cmocka_unit_test(no_sysfs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
