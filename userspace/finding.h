/* SPDX-License-Identifier: GPL-2.0 */
/* Records as JSON objects: findings and lost-event reports. */
#ifndef EW_FINDING_H
#define EW_FINDING_H

#include <jansson.h>

#include "../include/uapi/escapewatch.h"

/* A finding for an exec record; a new reference, NULL on no memory. */
json_t *ew_finding_exec(const struct ew_exec_record *rec);

/* A report of sequence numbers the reader missed; a new reference. */
json_t *ew_finding_lost(const struct ew_lost_record *rec);

/*
 * Format nanoseconds since the epoch as RFC 3339 UTC with nanoseconds into
 * buf; returns buf.
 */
char *ew_rfc3339(unsigned long long ns, char *buf, size_t size);

#endif
