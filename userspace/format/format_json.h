/* SPDX-License-Identifier: GPL-2.0 */
/* The json format (format_json.c). */
#ifndef EW_FORMAT_JSON_H
#define EW_FORMAT_JSON_H

#include "finding/finding.h"

/* f as one line of JSON, the raw event (free() it); NULL on no memory. */
char *ew_format_json(const struct ew_finding *f);

/* Forget the templates of the lines so far (json_tpl.h); for tests. */
void ew_format_json_reset(void);

#endif
