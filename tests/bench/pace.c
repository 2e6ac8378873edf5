// SPDX-License-Identifier: GPL-2.0
/*
 * The reader's own pace, natively, for make bench: COUNT exec records as
 * the module lays them out (tests/unit/records.h), through the reader's
 * whole path for one record (validate, decode, name the container, related
 * findings, format, write a line to /dev/null), in batches as read(2)
 * returns them.  Prints "result pace.FORMAT 1 RECORDS_PER_SECOND" for the
 * scc and json formats.
 *   pace [COUNT]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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

static int pace(enum ew_format format, const char *name, unsigned long count)
{
	struct ew_watch w = { .format = format };
	struct ew_related related;
	struct ew_output out;
	struct ew_ident ident;
	unsigned long seq = 0;
	FILE *devnull = fopen("/dev/null", "w");
	double t0;
	size_t len;
	int i;

	if (!devnull)
		return -1;
	ew_output_stream(&out, devnull);
	ew_ident_init(&ident, "node-1", "eb20dd23-ec75-4e65-9b2e-60b5486f2ac8");
	ew_related_init(&related, 600ULL * 1000000000ULL);
	w.out = &out;
	w.log = stderr;
	w.ident = &ident;
	w.related = &related;
	t0 = now_s();
	while (seq < count) {
		for (len = 0, i = 0; i < BATCH && seq < count; i++, seq++)
			len += make_exec(buf + len, seq, "/tmp/t/cdk_linux_amd64");
		if (ew_watch_buffer(&w, buf, len))
			return -1;
	}
	printf("result pace.%s 1 %.0f\n", name, count / (now_s() - t0));
	fclose(devnull);
	return w.findings == count ? 0 : -1;
}

int main(int argc, char **argv)
{
	unsigned long count = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;

	if (pace(EW_FORMAT_SCC, "scc", count) ||
	    pace(EW_FORMAT_JSON, "json", count)) {
		fprintf(stderr, "pace: records were not all written\n");
		return 1;
	}
	return 0;
}
