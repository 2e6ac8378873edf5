// SPDX-License-Identifier: GPL-2.0
/*
 * The reader's own pace, natively, for make bench: COUNT exec records as
 * the module lays them out (tests/unit/records.h), through the reader's
 * whole path for one record (validate, decode, name the container, related
 * findings, format, write a line to /dev/null), in batches as read(2)
 * returns them.  Prints "result pace.FORMAT 1 RECORDS_PER_SECOND" for the
 * scc and json formats; then, beside them, "result pace.jq 1 LINES_PER_SECOND"
 * for jq -c . re-printing the same COUNT json lines from a file (jq comes
 * with make deps; without it pace fails).  Each rate also per second of
 * CPU time (user + system, the process's own, or jq's from wait4()):
 * "result pace.FORMAT.cpu 1 N", the one-core figure that other jobs on the
 * machine disturb less than the wall clock.
 *   pace [COUNT [scc|json|jq]]	(one of them only: for callgrind)
 */
#define _GNU_SOURCE	/* posix_spawn_file_actions_addopen(), mkstemp() */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd/watch.h"
#include "records.h"

#define BATCH 64

static _Alignas(8) unsigned char buf[BATCH * 2048];

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * COUNT records in format to file, timed: "result pace.NAME 1 N" unless
 * name is NULL.
 */
static int run(enum ew_format format, const char *name, unsigned long count,
	       FILE *file)
{
	struct ew_watch w = { .format = format };
	struct ew_related related;
	struct ew_output out;
	struct ew_ident ident;
	unsigned long seq = 0;
	double t0, c0;
	size_t len;
	int i;

	ew_output_stream(&out, file);
	ew_ident_init(&ident, "node-1", "eb20dd23-ec75-4e65-9b2e-60b5486f2ac8");
	ew_related_init(&related, 600ULL * 1000000000ULL);
	w.out = &out;
	w.log = stderr;
	w.ident = &ident;
	w.related = &related;
	t0 = now_s();
	c0 = cpu_s();
	while (seq < count) {
		for (len = 0, i = 0; i < BATCH && seq < count; i++, seq++)
			len += make_exec(buf + len, seq, "/tmp/t/cdk_linux_amd64");
		if (ew_watch_buffer(&w, buf, len))
			return -1;
	}
	if (fflush(file))
		return -1;
	if (name) {
		printf("result pace.%s 1 %.0f\n", name, count / (now_s() - t0));
		printf("result pace.%s.cpu 1 %.0f\n", name,
		       count / (cpu_s() - c0));
	}
	return w.findings == count ? 0 : -1;
}

static int pace(enum ew_format format, const char *name, unsigned long count)
{
	FILE *devnull = fopen("/dev/null", "w");
	int ret;

	if (!devnull)
		return -1;
	ret = run(format, name, count, devnull);
	fclose(devnull);
	return ret;
}

/*
 * jq -c . re-printing the reader's own json output: the COUNT lines written
 * to a file first (not timed), then jq run on it, its output to /dev/null,
 * timed from its start to its exit.  -1 when jq is missing: the row beside
 * the reader's is part of what make bench reports.
 */
static int pace_jq(unsigned long count)
{
	char path[] = "/tmp/ew-pace-XXXXXX";
	char *argv[] = { "jq", "-c", ".", NULL };
	posix_spawn_file_actions_t fa;
	int fd = mkstemp(path), status, err, ret = -1;
	FILE *file = fd < 0 ? NULL : fdopen(fd, "w");
	struct rusage ru;
	double t0, t;
	pid_t pid;

	if (!file) {
		perror("pace: temporary file");
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		return -1;
	}
	if (run(EW_FORMAT_JSON, NULL, count, file)) {
		fclose(file);
		unlink(path);
		return -1;
	}
	fclose(file);
	if (posix_spawn_file_actions_init(&fa)) {
		unlink(path);
		return -1;
	}
	posix_spawn_file_actions_addopen(&fa, 0, path, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	fflush(stdout);
	t0 = now_s();
	err = posix_spawnp(&pid, "jq", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err == ENOENT) {
		fprintf(stderr, "pace: jq is not installed (make deps installs it)\n");
	} else if (err) {
		fprintf(stderr, "pace: jq: %s\n", strerror(err));
	} else if (wait4(pid, &status, 0, &ru) == pid) {
		t = now_s() - t0;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			printf("result pace.jq 1 %.0f\n", count / t);
			printf("result pace.jq.cpu 1 %.0f\n", count /
			       (ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
				ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6));
			ret = 0;
		} else {
			fprintf(stderr, "pace: jq failed (status %d)\n", status);
		}
	}
	unlink(path);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned long count = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	const char *only = argc > 2 ? argv[2] : NULL;

	if ((!only || !strcmp(only, "scc")) &&
	    pace(EW_FORMAT_SCC, "scc", count)) {
		fprintf(stderr, "pace: records were not all written\n");
		return 1;
	}
	if ((!only || !strcmp(only, "json")) &&
	    pace(EW_FORMAT_JSON, "json", count)) {
		fprintf(stderr, "pace: records were not all written\n");
		return 1;
	}
	if ((!only || !strcmp(only, "jq")) && pace_jq(count))
		return 1;
	return 0;
}
