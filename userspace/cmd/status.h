/* SPDX-License-Identifier: GPL-2.0 */
/* escapewatch status: the module's state and counters, and their forms. */
#ifndef EW_STATUS_H
#define EW_STATUS_H

#include <jansson.h>
#include <stdio.h>

#include "../../include/uapi/escapewatch.h"

/* Exit statuses of escapewatch status (2 is a wrong command line). */
#define EW_STATUS_OK		0	/* loaded, attached, counters read */
#define EW_STATUS_UNREADABLE	1	/* loaded, but no counters, or not
					 * attached */
#define EW_STATUS_NOT_LOADED	3	/* the module is not loaded */

/* What escapewatch status found out. */
struct ew_status {
	int loaded;		/* the module is in the kernel */
	int attached;		/* its probes are in place (its init is done) */
	int have_stats;		/* st is the module's EW_IOC_STATS answer */
	struct ew_stats st;
	char error[512];	/* what is wrong, "" when nothing is */
};

/*
 * Fill s from sysfs (/sys/module/escapewatch under the root sysfs) and
 * from the device; a module not loaded is explained from sysfs and
 * modules (normally /lib/modules: input/missing.h).  Returns
 * ew_status_exit(s).
 */
int ew_status_query(struct ew_status *s, const char *device,
		    const char *sysfs, const char *modules);

/* The exit status for s: one of EW_STATUS_*. */
int ew_status_exit(const struct ew_status *s);

/*
 * The counters as "name value" lines: the names are stable (scripts read
 * them with sed -n 's/^NAME //p'), new ones are only ever added.
 */
void ew_status_print(FILE *out, const struct ew_stats *st);

/* "loaded" and "attached" lines, then the counters if there are any. */
void ew_status_text(FILE *out, const struct ew_status *s);

/*
 * One JSON object: "module": {"loaded", "attached"}, the counters under
 * the names of the text lines (locked and fail_closed as booleans), and
 * "error" when s has one.  NULL when out of memory.
 */
json_t *ew_status_json(const struct ew_status *s);

#endif
