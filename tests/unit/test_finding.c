// SPDX-License-Identifier: GPL-2.0
/*
 * The scc format field by field: where each part of a record lands in the
 * SCC-shaped finding, escaping, truncation flags, ids, times.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <jansson.h>

#include "format/format.h"
#include "format/format_scc.h"
#include "base/names.h"
#include "input/record.h"
#include "records.h"

static _Alignas(8) unsigned char buf[EW_RECORD_MAX];
static struct ew_ident ident;
static struct ew_event ev;
static struct ew_finding f;
/* Set by a test for scc(): the container's identity and surface. */
static const struct ew_identity *with_id;
static const struct ew_surface *with_surface;
static enum ew_weigh with_weigh;

/* The scc finding of the record in buf, parsed back. */
static json_t *scc(void)
{
	const struct ew_record_header *h;
	char err[256], *line;
	size_t off = 0;
	json_t *j;

	assert_int_equal(ew_record_next(buf, rec_size(buf), &off, &h, err,
					sizeof(err)), EW_PARSE_OK);
	ew_ident_init(&ident, "node-1", "boot-1");
	ew_event_decode((const void *)h, &ev);
	memset(&f, 0, sizeof(f));
	f.ev = &ev;
	f.ident = &ident;
	f.create_ns = 1700000100000000000ULL;
	ew_finding_id(&ident, h->seq, ((const struct ew_exec_record *)h)->boot_ns,
		      f.id);
	f.container_known = ev.cgroup.len &&
		ew_container_parse(ev.cgroup.p, ev.cgroup.len, &f.container);
	f.identity = with_id;
	f.identity_found = !!with_id;
	f.surface = with_surface;
	f.weigh = with_weigh;
	if (with_weigh)
		snprintf(f.weigh_why, sizeof(f.weigh_why), "why it %s",
			 with_weigh == EW_WEIGH_ESCAPE ? "escapes" : "stays");
	line = ew_format_scc(&f);
	assert_non_null(line);
	assert_null(strchr(line, '\n'));
	j = json_loads(line, 0, NULL);
	assert_non_null(j);
	free(line);
	return j;
}

/* The value at a dotted path such as "processes.0.binary.path". */
static json_t *at(json_t *j, const char *path)
{
	const char *p = path, *dot;
	char key[64];

	while (j && *p) {
		dot = strchr(p, '.');
		snprintf(key, sizeof(key), "%.*s",
			 (int)(dot ? (size_t)(dot - p) : strlen(p)), p);
		j = json_is_array(j) ? json_array_get(j, strtoul(key, NULL, 10)) :
				       json_object_get(j, key);
		p = dot ? dot + 1 : "";
	}
	return j;
}

/* A string, or "true"/"false" for a boolean. */
static const char *str_at(json_t *j, const char *path)
{
	json_t *v = at(j, path);

	if (!json_is_string(v) && !json_is_boolean(v))
		fail_msg("no string or boolean at %s", path);
	return json_is_string(v) ? json_string_value(v) :
	       json_is_true(v) ? "true" : "false";
}

static json_int_t int_at(json_t *j, const char *path)
{
	json_t *v = at(j, path);

	if (!json_is_integer(v))
		fail_msg("no integer at %s", path);
	return json_integer_value(v);
}

static void has_no(json_t *j, const char *obj, const char *key)
{
	json_t *o = at(j, obj);

	assert_non_null(o);
	assert_null(json_object_get(o, key));
}

static void the_scc_shape(void **state)
{
	json_t *j;

	(void)state;
	make_exec(buf, 41, "/tmp/t/cdk");
	j = scc();
	assert_string_equal(str_at(j, "category"), "Execution: Container Escape");
	assert_string_equal(str_at(j, "state"), "ACTIVE");
	assert_string_equal(str_at(j, "severity"), "HIGH");
	assert_string_equal(str_at(j, "findingClass"), "THREAT");
	assert_string_equal(str_at(j, "eventTime"), "2023-11-14T22:14:01.123456789Z");
	assert_string_equal(str_at(j, "createTime"), "2023-11-14T22:15:00.000000000Z");
	assert_string_equal(str_at(j, "mitreAttack.primaryTactic"), "PRIVILEGE_ESCALATION");
	assert_string_equal(str_at(j, "mitreAttack.primaryTechniques.0"), "ESCAPE_TO_HOST");
	assert_string_equal(str_at(j, "processes.0.name"), "cdk");
	assert_string_equal(str_at(j, "processes.0.binary.path"), "/tmp/t/cdk");
	assert_int_equal(int_at(j, "processes.0.binary.size"), 12345678);
	assert_string_equal(str_at(j, "processes.0.binary.sha256"),
			    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	assert_int_equal(int_at(j, "processes.0.binary.hashedSize"), 12345678);
	assert_string_equal(str_at(j, "processes.0.binary.partiallyHashed"), "false");
	has_no(j, "processes.0", "script");
	assert_string_equal(str_at(j, "processes.0.args.0"), "cdk");
	assert_string_equal(str_at(j, "processes.0.args.1"), "evaluate");
	assert_string_equal(str_at(j, "processes.0.argumentsTruncated"), "false");
	assert_int_equal(int_at(j, "processes.0.pid"), 4242);
	assert_int_equal(int_at(j, "processes.0.parentPid"), 4000);
	assert_string_equal(str_at(j, "containers.0.name"), DOCKER_ID);
	assert_string_equal(str_at(j, "containers.0.labels.0.value"), "docker");
	assert_string_equal(str_at(j, "resource.displayName"), "node-1");
	assert_string_equal(str_at(j, "resourceName"), "//escapewatch/hosts/node-1");
	assert_non_null(strstr(str_at(j, "name"), "hosts/node-1/sources/escapewatch/findings/"));
	assert_non_null(strstr(str_at(j, "nextSteps"), "https://attack.mitre.org/techniques/T1611/"));
	assert_non_null(strstr(str_at(j, "description"), "container docker:" DOCKER_ID));
	assert_int_equal(int_at(j, "sourceProperties.sequence"), 41);
	assert_int_equal(int_at(j, "sourceProperties.rule.id"), 1001);
	assert_int_equal(int_at(j, "sourceProperties.rule.generation"), 3);
	assert_string_equal(str_at(j, "sourceProperties.evidence.kind"), "name");
	assert_string_equal(str_at(j, "sourceProperties.process.cwd"), "/tmp");
	assert_int_equal(int_at(j, "sourceProperties.process.nsPid"), 7);
	assert_string_equal(str_at(j, "sourceProperties.cgroup"), DOCKER_CGROUP);
	assert_int_equal(int_at(j, "sourceProperties.namespaces.mnt.inode"), 4026532117);
	assert_string_equal(str_at(j, "sourceProperties.namespaces.mnt.isHost"), "false");
	assert_string_equal(str_at(j, "sourceProperties.namespaces.net.isHost"), "true");
	assert_int_equal(int_at(j, "sourceProperties.identity.loginuid"), -1);
	assert_string_equal(str_at(j, "sourceProperties.seccomp"), "filter");
	assert_string_equal(str_at(j, "sourceProperties.ancestors.1.name"), "containerd-shim");
	assert_int_equal(int_at(j, "sourceProperties.ancestors.0.nsPid"), 1);
	json_decref(j);
}

static void capabilities_by_name(void **state)
{
	struct ew_exec_record *r = (void *)buf;
	json_t *j, *names;

	(void)state;
	make_exec(buf, 1, "/x");
	r->cap_effective = 1ULL << 21 | 1ULL << 40 | 1ULL << 63;
	j = scc();
	assert_string_equal(str_at(j, "sourceProperties.capabilities.effective"),
			    "0x8000010000200000");
	names = at(j, "sourceProperties.capabilities.names");
	assert_int_equal(json_array_size(names), 3);
	assert_string_equal(str_at(j, "sourceProperties.capabilities.names.0"), "CAP_SYS_ADMIN");
	assert_string_equal(str_at(j, "sourceProperties.capabilities.names.1"), "CAP_CHECKPOINT_RESTORE");
	assert_string_equal(str_at(j, "sourceProperties.capabilities.names.2"), "CAP_63");
	json_decref(j);
}

static void script_runs_under_its_interpreter(void **state)
{
	struct ew_exec_record *r = (void *)buf;
	json_t *j;

	(void)state;
	rec_exec(buf, 1);
	r->hdr.flags = EW_EXEC_HASHED | EW_EXEC_PARTIAL;
	r->hashed_size = 100;
	rec_str(buf, EW_F_PATH, "/tmp/deepce.sh");
	rec_str(buf, EW_F_INTERP, "/bin/sh");
	j = scc();
	assert_string_equal(str_at(j, "processes.0.binary.path"), "/bin/sh");
	has_no(j, "processes.0.binary", "sha256");
	has_no(j, "processes.0.binary", "size");
	assert_string_equal(str_at(j, "processes.0.script.path"), "/tmp/deepce.sh");
	assert_int_equal(int_at(j, "processes.0.script.hashedSize"), 100);
	assert_string_equal(str_at(j, "processes.0.script.partiallyHashed"), "true");
	json_decref(j);
}

/* A script given to an interpreter, not run through "#!". */
static void script_given_to_an_interpreter(void **state)
{
	struct ew_exec_record *r = (void *)buf;
	json_t *j;

	(void)state;
	rec_exec(buf, 1);
	r->hdr.flags |= EW_EXEC_SCRIPT;
	r->match_kind = EW_MATCH_CONTENT;
	strcpy(r->pattern, "content DEEPCE");
	strcpy(r->matched, "DEEPCE");
	rec_str(buf, EW_F_PATH, "/work/renamed.txt");
	rec_str(buf, EW_F_FILENAME, "renamed.txt");
	rec_str(buf, EW_F_INTERP, "/bin/dash");
	j = scc();
	assert_string_equal(str_at(j, "processes.0.binary.path"), "/bin/dash");
	assert_string_equal(str_at(j, "processes.0.script.path"), "/work/renamed.txt");
	assert_string_equal(str_at(j, "sourceProperties.evidence.kind"), "script");
	assert_string_equal(str_at(j, "sourceProperties.evidence.matcher"), "content");
	assert_string_equal(str_at(j, "sourceProperties.evidence.scriptFrom"), "operand");
	assert_non_null(strstr(str_at(j, "description"), "(script match: "));
	json_decref(j);

	r->hdr.flags |= EW_EXEC_STDIN;
	j = scc();
	assert_string_equal(str_at(j, "sourceProperties.evidence.scriptFrom"), "stdin");
	json_decref(j);

	/* Program text: the interpreter is the binary, no script. */
	rec_exec(buf, 1);
	r->hdr.flags |= EW_EXEC_COMMAND;
	r->match_kind = EW_MATCH_CONTENT;
	rec_str(buf, EW_F_PATH, "/bin/sh");
	j = scc();
	assert_string_equal(str_at(j, "sourceProperties.evidence.kind"), "command");
	assert_string_equal(str_at(j, "sourceProperties.evidence.matcher"), "content");
	has_no(j, "sourceProperties.evidence", "scriptFrom");
	has_no(j, "processes.0", "script");
	json_decref(j);

	/* Any other evidence says only its kind. */
	rec_exec(buf, 1);
	r->match_kind = EW_MATCH_NAME;
	rec_str(buf, EW_F_PATH, "/tmp/t/cdk");
	j = scc();
	assert_string_equal(str_at(j, "sourceProperties.evidence.kind"), "name");
	has_no(j, "sourceProperties.evidence", "matcher");
	json_decref(j);
}

static void unhashed_file_has_no_hash(void **state)
{
	struct ew_exec_record *r = (void *)buf;
	json_t *j;

	(void)state;
	make_exec(buf, 1, "/tmp/t/cdk");
	r->hdr.flags = 0;
	j = scc();
	has_no(j, "processes.0.binary", "sha256");
	has_no(j, "processes.0.binary", "hashedSize");
	has_no(j, "processes.0.binary", "partiallyHashed");
	json_decref(j);
}

static void severity_from_the_rule(void **state)
{
	struct ew_exec_record *r = (void *)buf;
	json_t *j;

	(void)state;
	make_exec(buf, 1, "/x");
	r->severity = EW_SEV_CRITICAL;
	j = scc();
	assert_string_equal(str_at(j, "severity"), "CRITICAL");
	json_decref(j);
	r->severity = EW_SEV_LOW;
	j = scc();
	assert_string_equal(str_at(j, "severity"), "LOW");
	json_decref(j);
	r->severity = 9;	/* unknown: the category's own severity */
	j = scc();
	assert_string_equal(str_at(j, "severity"), "HIGH");
	json_decref(j);
}

/*
 * A container named from its state files: SCC's container, kubernetes and
 * resource fields; a surface with an open path raises the severity to
 * CRITICAL and says why; a contained command line says so and does not.
 */
static void container_identity_and_surface(void **state)
{
	struct ew_exec_record *r = (void *)buf;
	struct ew_identity id = { .name = "web", .image = "nginx:1.25",
				  .image_id = "sha256:ab",
				  .created = "2026-12-05T03:27:48.1Z",
				  .pod = { "shop", "web-0", "u1", "web" } };
	struct ew_surface s;
	json_t *j;

	(void)state;
	make_exec(buf, 1, "/x");
	r->severity = EW_SEV_HIGH;
	id.labels = json_pack("{s:s}", "app", "shop");
	ew_surface_init(&s);
	assert_int_equal(ew_surface_add(&s, "no_user_ns", "d"), 0);
	ew_surface_judge(&s);
	with_id = &id;
	with_surface = &s;
	j = scc();
	assert_string_equal(str_at(j, "containers.0.name"), "web");
	assert_string_equal(str_at(j, "containers.0.uri"), "nginx:1.25");
	assert_string_equal(str_at(j, "containers.0.imageId"), "sha256:ab");
	assert_string_equal(str_at(j, "containers.0.createTime"),
			    "2026-12-05T03:27:48.1Z");
	assert_string_equal(str_at(j, "containers.0.labels.1.value"),
			    DOCKER_ID);
	assert_string_equal(str_at(j, "containers.0.labels.2.name"), "app");
	assert_string_equal(str_at(j, "kubernetes.pods.0.ns"), "shop");
	assert_string_equal(str_at(j, "kubernetes.pods.0.name"), "web-0");
	assert_string_equal(str_at(j, "kubernetes.pods.0.containers.0.name"),
			    "web");
	assert_string_equal(str_at(j, "resource.projectDisplayName"), "node-1");
	assert_string_equal(str_at(j, "severity"), "HIGH");
	assert_false(json_is_true(at(j, "sourceProperties.container.escapeSurface.open")));
	json_decref(j);

	/* Privileged, as the runtime's configuration says: open. */
	assert_int_equal(ew_surface_add(&s, "privileged", "config"), 0);
	ew_surface_judge(&s);
	j = scc();
	assert_string_equal(str_at(j, "severity"), "CRITICAL");
	assert_non_null(strstr(str_at(j, "description"),
			       "Severity raised to CRITICAL: the container has an open path out (privileged"));
	assert_string_equal(str_at(j, "sourceProperties.container.escapeSurface.openPaths.0.name"),
			    "privileged");
	json_decref(j);

	/* Contained: said, not raised; escape: raised. */
	ew_surface_init(&s);
	ew_surface_judge(&s);
	with_weigh = EW_WEIGH_CONTAINED;
	j = scc();
	assert_string_equal(str_at(j, "severity"), "HIGH");
	assert_non_null(strstr(str_at(j, "description"),
			       "The command line stays in the container: why it stays."));
	assert_string_equal(str_at(j, "sourceProperties.container.escapeSurface.commandLine.verdict"),
			    "contained");
	json_decref(j);
	with_weigh = EW_WEIGH_ESCAPE;
	j = scc();
	assert_string_equal(str_at(j, "severity"), "CRITICAL");
	assert_non_null(strstr(str_at(j, "description"),
			       "the command line reaches the host: why it escapes"));
	json_decref(j);

	/* No state found: the name is the id; no kubernetes. */
	with_weigh = EW_WEIGH_UNKNOWN;
	with_surface = NULL;
	json_decref(id.labels);
	memset(&id, 0, sizeof(id));
	j = scc();
	assert_string_equal(str_at(j, "containers.0.name"), DOCKER_ID);
	assert_null(at(j, "kubernetes"));
	assert_null(at(j, "containers.0.uri"));
	json_decref(j);
	with_id = NULL;
}

/* After a failed assertion too: the next tests format no container. */
static int forget_container(void **state)
{
	(void)state;
	with_id = NULL;
	with_surface = NULL;
	with_weigh = EW_WEIGH_UNKNOWN;
	return 0;
}

static void bytes_are_escaped(void **state)
{
	static const char args[] = "a b\0\"q\" 'x'\0line1\nline2\0\x1b[31m\xff\\\0";
	json_t *j;

	(void)state;
	rec_exec(buf, 1);
	rec_str(buf, EW_F_PATH, "/tmp/\xff\\x/caf\xc3\xa9");
	rec_argv(buf, args, sizeof(args) - 1, 4, 0);
	j = scc();
	/* invalid UTF-8 and backslash as \xNN; valid UTF-8 kept */
	assert_string_equal(str_at(j, "processes.0.binary.path"),
			    "/tmp/\\xff\\x5cx/caf\xc3\xa9");
	/* spaces, quotes and newlines are JSON's to escape, kept exactly */
	assert_string_equal(str_at(j, "processes.0.args.0"), "a b");
	assert_string_equal(str_at(j, "processes.0.args.1"), "\"q\" 'x'");
	assert_string_equal(str_at(j, "processes.0.args.2"), "line1\nline2");
	assert_string_equal(str_at(j, "processes.0.args.3"), "\x1b[31m\\xff\\x5c");
	assert_string_equal(str_at(j, "processes.0.argumentsTruncated"), "false");
	json_decref(j);
}

static void truncated_arguments_are_flagged(void **state)
{
	static const char args[] = "nsenter\0-t\0" "1\0-m";
	json_t *j;

	(void)state;
	rec_exec(buf, 1);
	rec_argv(buf, args, sizeof(args) - 1, 7, EW_FIELD_TRUNCATED);
	rec_field(buf, EW_F_CWD, EW_FIELD_TRUNCATED, "/very/long", 10);
	rec_field(buf, EW_F_CGROUP, EW_FIELD_UNREADABLE, NULL, 0);
	j = scc();
	assert_string_equal(str_at(j, "processes.0.argumentsTruncated"), "true");
	assert_string_equal(str_at(j, "processes.0.args.3"), "-m");
	assert_string_equal(str_at(j, "sourceProperties.truncatedFields.0"), "argv");
	assert_string_equal(str_at(j, "sourceProperties.truncatedFields.1"), "cwd");
	assert_string_equal(str_at(j, "sourceProperties.unreadableFields.0"), "cgroup");
	has_no(j, "sourceProperties", "cgroup");
	assert_int_equal(json_array_size(at(j, "containers")), 0);
	json_decref(j);

	/* fewer arguments than argc, none cut: still truncated */
	rec_exec(buf, 1);
	rec_argv(buf, "a\0b", 4, 3, 0);
	j = scc();
	assert_string_equal(str_at(j, "processes.0.argumentsTruncated"), "true");
	json_decref(j);
}

static void missing_path_falls_back(void **state)
{
	json_t *j;

	(void)state;
	rec_exec(buf, 1);
	rec_field(buf, EW_F_PATH, EW_FIELD_UNREADABLE, NULL, 0);
	rec_str(buf, EW_F_FILENAME, "./cdk");
	j = scc();
	assert_string_equal(str_at(j, "processes.0.binary.path"), "./cdk");
	assert_string_equal(str_at(j, "sourceProperties.unreadableFields.0"), "path");
	json_decref(j);

	rec_exec(buf, 1);	/* too long for the module: empty, truncated */
	rec_field(buf, EW_F_PATH, EW_FIELD_TRUNCATED, NULL, 0);
	rec_str(buf, EW_F_FILENAME, "/tmp/t/cdk");
	j = scc();
	assert_string_equal(str_at(j, "processes.0.binary.path"), "/tmp/t/cdk");
	assert_string_equal(str_at(j, "sourceProperties.truncatedFields.0"), "path");
	json_decref(j);

	rec_exec(buf, 1);	/* no fields at all */
	j = scc();
	assert_string_equal(str_at(j, "processes.0.binary.path"), "");
	assert_int_equal(json_array_size(at(j, "processes.0.args")), 0);
	json_decref(j);
}

static void related_ids_are_listed(void **state)
{
	char rel[2][EW_ID_LEN + 1] = { "0123456789abcdef0123456789abcdef",
				       "fedcba9876543210fedcba9876543210" };
	char *line;
	json_t *j;

	(void)state;
	make_exec(buf, 1, "/x");
	json_decref(scc());
	f.related = rel;
	f.nrelated = 2;
	line = ew_format_scc(&f);
	j = json_loads(line, 0, NULL);
	assert_string_equal(str_at(j, "sourceProperties.relatedFindings.1"),
			    "fedcba9876543210fedcba9876543210");
	json_decref(j);
	free(line);
}

static void ids_are_stable(void **state)
{
	struct ew_ident a, b;
	char x[EW_ID_LEN + 1], y[EW_ID_LEN + 1];

	(void)state;
	ew_ident_init(&a, "node-1", "boot-1");
	ew_ident_init(&b, "node-2", "boot-1");
	ew_finding_id(&a, 7, 1000, x);
	ew_finding_id(&a, 7, 1000, y);
	assert_string_equal(x, y);		/* the same record again */
	assert_int_equal(strlen(x), 32);
	ew_finding_id(&a, 8, 1000, y);
	assert_string_not_equal(x, y);
	assert_memory_equal(x, y, 16);	/* same host and boot */
	ew_finding_id(&a, 7, 1001, y);		/* module reloaded */
	assert_string_not_equal(x, y);
	ew_finding_id(&b, 7, 1000, y);
	assert_memory_not_equal(x, y, 16);
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

static void lost_and_malformed_reports(void **state)
{
	struct ew_lost_record l;
	char *s;

	(void)state;
	make_lost(&l, 100, 24, EW_LOST_OVERRUN);
	s = ew_format_lost(EW_FORMAT_SCC, &l);
	assert_string_equal(s, "{\"kind\":\"lost\",\"seq\":100,\"count\":24,\"reason\":\"overrun\"}");
	free(s);
	make_lost(&l, 5, 1, EW_LOST_NOMEM);
	s = ew_format_lost(EW_FORMAT_TEXT, &l);
	assert_string_equal(s, "LOST 1 event(s) from sequence 5 (nomem)");
	free(s);
	s = ew_format_malformed(EW_FORMAT_JSON, 9, "bad \xff");
	assert_string_equal(s, "{\"kind\":\"malformed\",\"seq\":9,\"error\":\"bad \\\\xff\"}");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_scc_shape),
		cmocka_unit_test(capabilities_by_name),
		cmocka_unit_test(script_runs_under_its_interpreter),
		cmocka_unit_test(script_given_to_an_interpreter),
		cmocka_unit_test(unhashed_file_has_no_hash),
		cmocka_unit_test(severity_from_the_rule),
		cmocka_unit_test_teardown(container_identity_and_surface,
					  forget_container),
		cmocka_unit_test(bytes_are_escaped),
		cmocka_unit_test(truncated_arguments_are_flagged),
		cmocka_unit_test(missing_path_falls_back),
		cmocka_unit_test(related_ids_are_listed),
		cmocka_unit_test(ids_are_stable),
		cmocka_unit_test(rfc3339),
		cmocka_unit_test(lost_and_malformed_reports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
