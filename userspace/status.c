// SPDX-License-Identifier: GPL-2.0
/* escapewatch status: the module's counters. */
#include "mode_cmd.h"
#include "status.h"

void ew_status_print(FILE *out, const struct ew_stats *st)
{
	fprintf(out,
		"execs_examined %llu\n"
		"events %llu\n"
		"overwritten %llu\n"
		"nomem %llu\n"
		"probe_missed %llu\n"
		"argv_faults %llu\n"
		"scans %llu\n"
		"scan_hits %llu\n"
		"scan_errors %llu\n"
		"rules_generation %llu\n"
		"rules %u\n"
		"queue_len %u\n"
		"queued %u\n"
		"in_flight %u\n"
		"exec_failed %llu\n"
		"mode %s\n"
		"locked %u\n"
		"denied %llu\n"
		"killed %llu\n"
		"fail_closed %u\n"
		"failed_open %llu\n"
		"failed_closed %llu\n",
		(unsigned long long)st->execs_examined,
		(unsigned long long)st->events,
		(unsigned long long)st->overwritten,
		(unsigned long long)st->nomem,
		(unsigned long long)st->probe_missed,
		(unsigned long long)st->argv_faults,
		(unsigned long long)st->scans,
		(unsigned long long)st->scan_hits,
		(unsigned long long)st->scan_errors,
		(unsigned long long)st->rules_generation, st->nrules,
		st->queue_len, st->queued, st->in_flight,
		(unsigned long long)st->exec_failed, ew_mode_name(st->mode),
		st->locked, (unsigned long long)st->denied,
		(unsigned long long)st->killed, st->fail_closed,
		(unsigned long long)st->failed_open,
		(unsigned long long)st->failed_closed);
}
