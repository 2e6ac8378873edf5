/* SPDX-License-Identifier: GPL-2.0 */
/* Parts of the scc format, shared by its two files. */
#ifndef EW_FORMAT_SCC_H
#define EW_FORMAT_SCC_H

#include "format/format.h"

/* The "sourceProperties" object: everything the SCC shape has no key for. */
json_t *ew_scc_source_properties(const struct ew_finding *f);

/* A text field's value as a JSON string, or NULL when absent/unreadable. */
json_t *ew_scc_text(const struct ew_text *t);

#endif
