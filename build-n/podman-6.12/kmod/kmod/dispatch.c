// SPDX-License-Identifier: GPL-2.0
/*
 * Where a record goes once its exec is decided: to the queue, or first to
 * the scanner when the file's hash is not known yet, or when only the
 * file's hash and content can tell whether a rule matches.  hook.c sends
 * here the records of the execs it judges, pending.c those of execs that
 * were not seen to complete.
 */
#include <linux/percpu.h>

#include "ew.h"

/**
 * ew_dispatch() - send on the record of an exec
 * @rec: the record, or NULL when it could not be allocated
 * @file: the file the record is about
 * @matched: a rule matched; otherwise the scanner judges the file's hash
 *	and content and drops the record when no rule matches
 *
 * A matched record whose file's hash is not known yet goes through the
 * scanner too, which hashes the file and queues the record.
 *
 * Context: any but interrupt; does not sleep.
 */
void ew_dispatch(struct ew_exec_record *rec, struct file *file, bool matched)
{
	if (!matched) {
		if (rec)
			ew_scan_queue(file, rec, true);
		else
			this_cpu_inc(ew_counters.scan_errors);
	} else if (!rec) {
		/* A gap still takes a sequence number. */
		this_cpu_inc(ew_counters.nomem);
		ew_queue_push(&ew_queue, NULL);
	} else if (rec->hdr.flags & EW_EXEC_HASHED) {
		ew_queue_push(&ew_queue, &rec->hdr);
	} else {
		ew_scan_queue(file, rec, false);
	}
}
