/* SPDX-License-Identifier: GPL-2.0 */
/* The scc format's parts in format_scc_props.c, for format_scc.c. */
#ifndef EW_FORMAT_SCC_PROPS_H
#define EW_FORMAT_SCC_PROPS_H

#include <jansson.h>

#include "finding/finding.h"
#include "input/decode.h"

/* The "sourceProperties" object: everything the SCC shape has no key for. */
json_t *ew_scc_source_properties(const struct ew_finding *f);

/* A text field's value as a JSON string, or NULL when absent/unreadable. */
json_t *ew_scc_text(const struct ew_text *t);

#endif
