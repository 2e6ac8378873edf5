/* SPDX-License-Identifier: GPL-2.0 */
/* The scc format (format_scc.c, with format_scc_props.c). */
#ifndef EW_FORMAT_SCC_H
#define EW_FORMAT_SCC_H

#include "finding/finding.h"

/* f as one line of scc JSON (free() it); NULL when out of memory. */
char *ew_format_scc(const struct ew_finding *f);

/* Forget the templates of the lines so far (json_tpl.h); for tests. */
void ew_format_scc_reset(void);

#endif
