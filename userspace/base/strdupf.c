// SPDX-License-Identifier: GPL-2.0
/* printf() into a new string (strdupf.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/strdupf.h"

char *ew_strdupf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}
