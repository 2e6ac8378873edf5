// SPDX-License-Identifier: GPL-2.0
/* Where findings go: standard output or an --output file; output.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sink/output.h"

void ew_output_stream(struct ew_output *o, FILE *f)
{
	o->f = f;
	o->path = NULL;
}

static FILE *open_append(const char *path, char *err, size_t errsize)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	FILE *f;

	if (fd < 0) {
		snprintf(err, errsize, "cannot open %s for appending: %s",
			 path, strerror(errno));
		return NULL;
	}
	f = fdopen(fd, "a");
	if (!f) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}

int ew_output_open(struct ew_output *o, const char *path, char *err,
		   size_t errsize)
{
	o->path = strdup(path);
	if (!o->path) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	o->f = open_append(path, err, errsize);
	if (!o->f) {
		free(o->path);
		o->path = NULL;
		return -1;
	}
	return 0;
}

int ew_output_reopen(struct ew_output *o, char *err, size_t errsize)
{
	FILE *f;

	if (!o->path)
		return 0;
	f = open_append(o->path, err, errsize);
	if (!f)
		return -1;
	fclose(o->f);
	o->f = f;
	return 0;
}

int ew_output_line(struct ew_output *o, const char *line)
{
	errno = 0;
	if (fputs(line, o->f) == EOF || putc('\n', o->f) == EOF ||
	    fflush(o->f) == EOF) {
		clearerr(o->f);
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}

int ew_output_write(struct ew_output *o, const char *buf, size_t len)
{
	int fd = fileno(o->f);
	ssize_t n;

	errno = 0;
	if (fflush(o->f) == EOF)
		goto fail;
	if (fd < 0) {	/* a stream in memory (open_memstream) */
		if (fwrite(buf, 1, len, o->f) != len || fflush(o->f) == EOF)
			goto fail;
		return 0;
	}
	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = EIO;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
fail:
	clearerr(o->f);
	if (!errno)
		errno = EIO;
	return -1;
}

void ew_output_close(struct ew_output *o)
{
	if (o->path) {
		fclose(o->f);
		free(o->path);
	}
	o->f = NULL;
	o->path = NULL;
}
