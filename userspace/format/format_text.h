/* SPDX-License-Identifier: GPL-2.0 */
/* The text format (format_text.c). */
#ifndef EW_FORMAT_TEXT_H
#define EW_FORMAT_TEXT_H

#include "finding/finding.h"

/* f as one line for a terminal (free() it); NULL on no memory. */
char *ew_format_text(const struct ew_finding *f);

#endif
