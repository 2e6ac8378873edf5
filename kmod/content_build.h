/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building a rules blob's content automaton (content_build.c): for the
 * reader and the test harnesses, not for escapewatch.ko.
 */
#ifndef _EW_CONTENT_BUILD_H
#define _EW_CONTENT_BUILD_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#endif

void *ew_ac_add(const void *in, size_t size, size_t *outsize,
		const char **why);
void ew_ac_free(void *blob);

#endif /* _EW_CONTENT_BUILD_H */
