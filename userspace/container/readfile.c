// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the small files of /proc and cgroupfs under a root directory,
 * bounded: a path that does not fit, a line longer than the buffer, a
 * file longer than expected are said so, never overrun.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "container/surface_read.h"

int ew_surface_path(char *buf, const char *root, const char *fmt, ...)
{
	va_list ap;
	size_t n = strlen(root);
	int m;

	if (n >= EW_PATH_LEN)
		return -1;
	memcpy(buf, root, n);
	va_start(ap, fmt);
	m = vsnprintf(buf + n, EW_PATH_LEN - n, fmt, ap);
	va_end(ap);
	return m < 0 || (size_t)m >= EW_PATH_LEN - n ? -1 : 0;
}

int ew_surface_line(FILE *f, char *buf, size_t size, int *cut)
{
	size_t n = 0;
	int ch, any = 0, stop = 0;

	*cut = 0;
	while ((ch = getc(f)) != EOF) {
		any = 1;
		if (ch == '\n')
			break;
		if (stop)
			continue;
		if (ch == '\0' || n + 1 >= size) {
			*cut = 1;
			stop = 1;
			continue;
		}
		buf[n++] = (char)ch;
	}
	if (size)
		buf[n] = '\0';
	return any;
}

long ew_surface_slurp(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	if (ferror(f) || (n == size - 1 && getc(f) != EOF)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	return (long)n;
}
