// SPDX-License-Identifier: GPL-2.0
/* Failures of an output told on the log without flooding it. */
#include <string.h>

#include "sink/failures.h"

void ew_failure(struct ew_failures *f, FILE *log, unsigned long long seq,
		int err)
{
	f->total++;
	if (!f->run++)
		fprintf(log,
			"escapewatch: %s: record %llu not written: %s (further failures are counted until it works again)\n",
			f->what, seq, strerror(err));
}

void ew_success(struct ew_failures *f, FILE *log)
{
	if (!f->run)
		return;
	fprintf(log,
		"escapewatch: %s: works again after %llu failed message(s), %llu in all\n",
		f->what, f->run, f->total);
	f->run = 0;
}
