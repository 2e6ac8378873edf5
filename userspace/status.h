/* SPDX-License-Identifier: GPL-2.0 */
/* escapewatch status: the module's counters. */
#ifndef EW_STATUS_H
#define EW_STATUS_H

#include <stdio.h>

#include "../include/uapi/escapewatch.h"

/* Print the counters as "name value" lines. */
void ew_status_print(FILE *out, const struct ew_stats *st);

#endif
