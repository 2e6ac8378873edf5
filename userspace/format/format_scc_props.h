/* SPDX-License-Identifier: GPL-2.0 */
/* The scc format's parts in format_scc_props.c, for format_scc.c. */
#ifndef EW_FORMAT_SCC_PROPS_H
#define EW_FORMAT_SCC_PROPS_H

#include "finding/finding.h"
#include "format/json_tpl.h"
#include "input/decode.h"

/* The "sourceProperties" object: everything the SCC shape has no key for. */
void ew_scc_source_properties(struct ew_tb *b, const struct ew_finding *f);

/* A text field's value as a leaf key; 0 (nothing) when absent/unreadable. */
int ew_scc_text(struct ew_tb *b, const char *key, const struct ew_text *t);

#endif
