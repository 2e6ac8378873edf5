// SPDX-License-Identifier: GPL-2.0
/* The last lines of a container's log (logtail.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/escape.h"
#include "container/logtail.h"

/* The current file of a kubelet log directory: the highest "N.log". */
static int newest(struct ew_lookup *l, const char *dir, char *out,
		  size_t size)
{
	char full[4096];
	unsigned long best = 0, n;
	struct dirent *d;
	int found = 0;
	char *end;
	DIR *dp;

	snprintf(full, sizeof(full), "%s%s", l->root, dir);
	dp = opendir(full);
	if (!dp) {
		ew_lookup_why(l, "%s: %s", dir, strerror(errno));
		return 0;
	}
	while ((d = readdir(dp))) {
		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		n = strtoul(d->d_name, &end, 10);
		if (strcmp(end, ".log") || (found && n <= best))
			continue;
		best = n;
		found = 1;
	}
	closedir(dp);
	if (!found)
		ew_lookup_why(l, "%s: no N.log in it", dir);
	else if ((size_t)snprintf(out, size, "%s/%lu.log", dir, best) >= size)
		found = 0;
	return found;
}

/* The last size bytes (or fewer) of the regular file at path. */
static char *tail_bytes(struct ew_lookup *l, const char *path, size_t *len,
			int *cut)
{
	char full[4096], *buf;
	struct stat st;
	ssize_t n;
	off_t from;
	int fd;

	snprintf(full, sizeof(full), "%s%s", l->root, path);
	fd = open(full, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		ew_lookup_why(l, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		ew_lookup_why(l, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	from = st.st_size > EW_LOG_TAIL_BYTES ? st.st_size - EW_LOG_TAIL_BYTES :
						0;
	*cut = from > 0;
	buf = malloc(EW_LOG_TAIL_BYTES + 1);
	n = buf ? pread(fd, buf, EW_LOG_TAIL_BYTES, from) : -1;
	close(fd);
	if (n < 0) {
		ew_lookup_why(l, "%s: %s", path,
			      buf ? strerror(errno) : "out of memory");
		free(buf);
		return NULL;
	}
	*len = (size_t)n;
	return buf;
}

json_t *ew_log_tail(struct ew_lookup *l, const char *path, const char *kind,
		    unsigned int n)
{
	char file[4096], *buf, *s;
	size_t len, start, end;
	json_t *lines;
	int cut;

	if (!strcmp(kind, "directory")) {
		if (!newest(l, path, file, sizeof(file)))
			return NULL;
	} else if (!strcmp(kind, "file")) {
		snprintf(file, sizeof(file), "%s", path);
	} else {
		ew_lookup_why(l, "%s logs are not read (%s)", kind, path);
		return NULL;
	}
	if (n > EW_LOG_LINES_MAX)
		n = EW_LOG_LINES_MAX;
	buf = tail_bytes(l, file, &len, &cut);
	if (!buf)
		return NULL;
	lines = json_array();
	/* Walk back from the end: a final newline ends the last line; the
	 * first line of a cut read is part of a line, and left out. */
	end = len && buf[len - 1] == '\n' ? len - 1 : len;
	while (lines && json_array_size(lines) < n && (end || (len && !cut))) {
		for (start = end; start && buf[start - 1] != '\n'; start--)
			;
		if (!start && cut)
			break;
		s = ew_escape_dup(buf + start, end - start, 0);
		if (!s || json_array_insert_new(lines, 0, json_string(s))) {
			json_decref(lines);
			lines = NULL;
		}
		free(s);
		if (!start)
			break;
		end = start - 1;
	}
	free(buf);
	if (!lines)
		ew_lookup_why(l, "out of memory reading %s", file);
	return lines;
}
