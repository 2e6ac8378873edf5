/* SPDX-License-Identifier: GPL-2.0 */
/* printf() into a new string. */
#ifndef EW_STRDUPF_H
#define EW_STRDUPF_H

/* printf() into a new string (free() it); NULL on no memory. */
char *ew_strdupf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#endif
