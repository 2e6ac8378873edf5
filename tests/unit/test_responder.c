// SPDX-License-Identifier: GPL-2.0
/*
 * --respond-exec: shell scripts written by the test as the responder get
 * the finding's scc JSON on stdin and the ESCAPEWATCH_* variables; one
 * past its timeout is killed with its process group; the 9th at once is
 * skipped and counted; findings without a container get none; the watch
 * loop starts them without waiting for them.
 */
#define _XOPEN_SOURCE 700	/* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "records.h"
#include "tmptree.h"
#include "sink/responder.h"
#include "cmd/watch.h"
#include "format/format_scc.h"

static _Alignas(8) unsigned char buf[EW_RECORD_MAX];

struct fixture {
	char dir[64], prog[96];
	struct ew_responder r;
	struct ew_ident ident;
	struct ew_event ev;
	struct ew_finding f;
	FILE *log;
	char *text;
	size_t len;
};

static void put(const char *path, const char *text)
{
	FILE *out = fopen(path, "w");

	assert_non_null(out);
	fputs(text, out);
	assert_int_equal(fclose(out), 0);
}

static char *get(struct fixture *fx, const char *name)
{
	static char text[1 << 16];
	char path[128];
	FILE *in;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", fx->dir, name);
	in = fopen(path, "r");
	if (!in)
		return NULL;
	n = fread(text, 1, sizeof(text) - 1, in);
	text[n] = '\0';
	fclose(in);
	return text;
}

/* fx->prog: a shell script of body, where $D is the test's directory. */
static void script(struct fixture *fx, const char *body)
{
	char text[1024];

	snprintf(text, sizeof(text), "#!/bin/sh\nD=%s\n%s", fx->dir, body);
	put(fx->prog, text);
	assert_int_equal(chmod(fx->prog, 0755), 0);
}

static const char *log_text(struct fixture *fx)
{
	fflush(fx->log);
	return fx->text;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	if (tmptree_make(fx->dir, sizeof(fx->dir), "responder"))
		return -1;
	snprintf(fx->prog, sizeof(fx->prog), "%s/responder.sh", fx->dir);
	fx->log = open_memstream(&fx->text, &fx->len);
	ew_ident_init(&fx->ident, "h", "b");
	ew_responder_init(&fx->r, fx->prog, 10000, fx->log);
	*state = fx;
	return fx->log ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	fx->r.timeout_ms = 1;
	ew_responder_drain(&fx->r);	/* nothing left behind */
	fclose(fx->log);
	free(fx->text);
	if (tmptree_remove(fx->dir))
		return -1;
	free(fx);
	return 0;
}

/* fx->f: a finding in cgroup path cg, with its id. */
static const struct ew_finding *finding(struct fixture *fx, uint64_t seq,
					const char *cg)
{
	rec_exec(buf, seq);
	rec_str(buf, EW_F_PATH, "/tmp/cdk");
	rec_str(buf, EW_F_CGROUP, cg);
	ew_event_decode((const void *)buf, &fx->ev);
	memset(&fx->f, 0, sizeof(fx->f));
	fx->f.ev = &fx->ev;
	fx->f.ident = &fx->ident;
	ew_finding_id(&fx->ident, seq, fx->ev.rec->boot_ns, fx->f.id);
	fx->f.container_known =
		ew_container_parse(cg, strlen(cg), &fx->f.container) == 1;
	return &fx->f;
}

static void gets_json_and_environment(void **state)
{
	struct fixture *fx = *state;
	char want[512], *json;

	script(fx, "cat > $D/stdin\n"
		   "env | grep ^ESCAPEWATCH_ | sort > $D/env\n");
	setenv("ESCAPEWATCH_SEVERITY", "from the reader's environment", 1);
	finding(fx, 1, DOCKER_CGROUP);
	json = ew_format_scc(&fx->f);
	assert_non_null(json);
	assert_int_equal(ew_responder_run(&fx->r, &fx->f, json), 0);
	assert_int_equal(fx->r.running, 1);
	ew_responder_drain(&fx->r);
	unsetenv("ESCAPEWATCH_SEVERITY");

	assert_int_equal(strncmp(get(fx, "stdin"), json, strlen(json)), 0);
	assert_string_equal(get(fx, "stdin") + strlen(json), "\n");
	free(json);
	snprintf(want, sizeof(want),
		 "ESCAPEWATCH_CONTAINER_ID=%s\n"
		 "ESCAPEWATCH_CONTAINER_RUNTIME=docker\n"
		 "ESCAPEWATCH_FINDING_ID=%s\n"
		 "ESCAPEWATCH_SEVERITY=HIGH\n", DOCKER_ID, fx->f.id);
	assert_string_equal(get(fx, "env"), want);
	assert_int_equal(fx->r.started, 1);
	assert_int_equal(fx->r.succeeded, 1);
	assert_int_equal(fx->r.running, 0);
	snprintf(want, sizeof(want), "responder for finding %s (pid ", fx->f.id);
	assert_non_null(strstr(log_text(fx), want));
	assert_non_null(strstr(fx->text, ") done in "));
}

static void failure_is_told(void **state)
{
	struct fixture *fx = *state;

	script(fx, "exit 3\n");
	assert_int_equal(ew_responder_run(&fx->r, finding(fx, 1, DOCKER_CGROUP),
					  "{}"), 0);
	ew_responder_drain(&fx->r);
	assert_int_equal(fx->r.failed, 1);
	assert_non_null(strstr(log_text(fx), ") failed: exit status 3\n"));

	fx->r.prog = "/nonexistent/responder";
	assert_int_equal(ew_responder_run(&fx->r, finding(fx, 2, DOCKER_CGROUP),
					  "{}"), -1);
	assert_int_equal(fx->r.failed, 2);
	assert_non_null(strstr(log_text(fx),
		"responder /nonexistent/responder for finding "));
	assert_non_null(strstr(fx->text, " could not start: No such file or directory\n"));
	assert_int_equal(fx->r.running, 0);
}

/* Killed at the timeout, with what it started (its process group). */
static void timeout_kills(void **state)
{
	struct fixture *fx = *state;
	double t0;
	char stat[64], *pid;
	int tries;

	script(fx, "sleep 30 &\necho $! > $D/pid\nwait\n");
	fx->r.timeout_ms = 300;
	t0 = now();
	assert_int_equal(ew_responder_run(&fx->r, finding(fx, 1, DOCKER_CGROUP),
					  "{}"), 0);
	assert_true(ew_responder_wait_ms(&fx->r) <= 301);
	ew_responder_drain(&fx->r);
	assert_true(now() - t0 >= 0.29);
	assert_true(now() - t0 < 5);
	assert_int_equal(fx->r.killed, 1);
	assert_int_equal(fx->r.succeeded + fx->r.failed, 0);
	assert_non_null(strstr(log_text(fx), ") still running after 300 ms: killed\n"));
	assert_int_equal(ew_responder_wait_ms(&fx->r), -1);

	/* its sleep is gone too (or a zombie for init to reap) */
	pid = get(fx, "pid");
	assert_non_null(pid);
	pid[strcspn(pid, "\n")] = '\0';
	snprintf(stat, sizeof(stat), "/proc/%s/stat", pid);
	for (tries = 0; tries < 100; tries++) {
		FILE *in = fopen(stat, "r");
		char line[256] = "";

		if (!in)
			break;
		if (!fgets(line, sizeof(line), in))
			line[0] = '\0';
		fclose(in);
		if (strstr(line, ") Z "))
			break;
		usleep(20000);
	}
	assert_true(tries < 100);
}

/* Eight at once; the ninth is skipped and counted, never waited for. */
static void ninth_is_skipped(void **state)
{
	struct fixture *fx = *state;
	char go[128];
	double t0;
	int i;

	script(fx, "while [ ! -e $D/go ]; do sleep 0.05; done\n");
	t0 = now();
	for (i = 0; i < EW_RESPONDERS_MAX; i++)
		assert_int_equal(ew_responder_run(&fx->r,
				 finding(fx, (uint64_t)i, DOCKER_CGROUP), "{}"), 0);
	assert_int_equal(fx->r.running, EW_RESPONDERS_MAX);
	assert_int_equal(ew_responder_run(&fx->r, finding(fx, 8, DOCKER_CGROUP),
					  "{}"), -1);
	assert_true(now() - t0 < 5);
	assert_int_equal(fx->r.skipped, 1);
	assert_int_equal(fx->r.started, 8);
	assert_non_null(strstr(log_text(fx), "no responder for finding "));
	assert_non_null(strstr(fx->text, ": 8 responders still running\n"));

	snprintf(go, sizeof(go), "%s/go", fx->dir);
	put(go, "");
	ew_responder_drain(&fx->r);
	assert_int_equal(fx->r.succeeded, 8);
	/* a slot is free again */
	assert_int_equal(ew_responder_run(&fx->r, finding(fx, 9, DOCKER_CGROUP),
					  "{}"), 0);
	ew_responder_drain(&fx->r);
	ew_responder_summary(&fx->r);
	assert_non_null(strstr(log_text(fx),
		"escapewatch: --respond-exec: 9 responder(s) started, 9 succeeded, 0 failed, 0 killed after the timeout, 1 skipped (8 running), 0 refused (no container)\n"));
}

static void refused_without_container(void **state)
{
	struct fixture *fx = *state;

	script(fx, "touch $D/ran\n");
	assert_int_equal(ew_responder_run(&fx->r,
			 finding(fx, 1, "/system.slice/sshd.service"), "{}"), -1);
	assert_int_equal(ew_responder_run(&fx->r, finding(fx, 2, "/"), "{}"), -1);
	ew_responder_drain(&fx->r);
	assert_null(get(fx, "ran"));
	assert_int_equal(fx->r.refused, 2);
	assert_int_equal(fx->r.started, 0);
	assert_non_null(strstr(log_text(fx),
		": it names no container (responders are for containers)\n"));
}

/*
 * Through the watch loop, in the text format: the responder still gets
 * the scc JSON, and the loop goes on while it runs.
 */
static void watch_runs_responder(void **state)
{
	struct fixture *fx = *state;
	struct ew_output out;
	struct ew_watch w = { .log = fx->log, .format = EW_FORMAT_TEXT };
	char go[128], *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	script(fx, "cat > $D/stdin.$ESCAPEWATCH_FINDING_ID\n"
		   "while [ ! -e $D/go ]; do sleep 0.05; done\n");
	ew_output_stream(&out, f);
	w.out = &out;
	w.ident = &fx->ident;
	w.responder = &fx->r;
	assert_int_equal(ew_watch_buffer(&w, buf, make_exec(buf, 7, "/tmp/cdk")), 0);
	assert_int_equal(ew_watch_buffer(&w, buf, make_exec(buf, 8, "/tmp/cdk")), 0);
	fclose(f);
	assert_non_null(strstr(text, " HIGH rule=cdk(1001) "));
	free(text);
	assert_int_equal(fx->r.running, 2);
	snprintf(go, sizeof(go), "%s/go", fx->dir);
	put(go, "");
	ew_responder_drain(&fx->r);
	assert_int_equal(fx->r.succeeded, 2);
	finding(fx, 8, DOCKER_CGROUP);
	snprintf(go, sizeof(go), "stdin.%s", fx->f.id);
	assert_non_null(get(fx, go));
	assert_non_null(strstr(get(fx, go), "\"sequence\":8,"));
	assert_int_equal(strncmp(get(fx, go), "{\"name\":\"hosts/h/", 17), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(gets_json_and_environment, setup, teardown),
		cmocka_unit_test_setup_teardown(failure_is_told, setup, teardown),
		cmocka_unit_test_setup_teardown(timeout_kills, setup, teardown),
		cmocka_unit_test_setup_teardown(ninth_is_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_without_container, setup, teardown),
		cmocka_unit_test_setup_teardown(watch_runs_responder, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
