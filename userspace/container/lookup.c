// SPDX-License-Identifier: GPL-2.0
/* Bounded reads of other programs' files (lookup.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "container/lookup.h"

void ew_lookup_init(struct ew_lookup *l, const char *root,
		    unsigned int timeout_ms)
{
	l->root = root ? root : "";
	l->start_ns = ew_mono_ns();
	l->deadline_ns = timeout_ms ? l->start_ns + timeout_ms * 1000000ULL : 0;
	l->budget_ms = timeout_ms;
	l->why[0] = '\0';
	l->read[0] = '\0';
}

static void append(char *buf, const char *sep, const char *fmt, va_list ap)
{
	size_t used = strlen(buf);
	int n;

	if (used + 4 >= EW_LOOKUP_WHY)
		return;		/* already cut */
	if (used)
		used += (size_t)snprintf(buf + used, EW_LOOKUP_WHY - used,
					 "%s", sep);
	n = vsnprintf(buf + used, EW_LOOKUP_WHY - used, fmt, ap);
	if (n < 0 || (size_t)n >= EW_LOOKUP_WHY - used)
		strcpy(buf + EW_LOOKUP_WHY - 4, "...");
}

void ew_lookup_why(struct ew_lookup *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append(l->why, "; ", fmt, ap);
	va_end(ap);
}

void ew_lookup_note(struct ew_lookup *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append(l->read, ", ", fmt, ap);
	va_end(ap);
}

int ew_lookup_late(struct ew_lookup *l)
{
	if (!l->deadline_ns)
		return 0;
	if (ew_mono_ns() < l->deadline_ns)
		return 0;
	if (l->deadline_ns != 1) {
		ew_lookup_why(l, "the lookup ran out of time");
		l->deadline_ns = 1;	/* said once; stays late */
	}
	return 1;
}

void ew_lookup_end(const struct ew_lookup *l, char *late, size_t size)
{
	unsigned long long took_ms = (ew_mono_ns() - l->start_ns) / 1000000;

	late[0] = '\0';
	if (l->budget_ms && took_ms > l->budget_ms)
		snprintf(late, size, "%llu ms, past its budget of %u ms",
			 took_ms, l->budget_ms);
}

int ew_lookup_file(struct ew_lookup *l, const char *path, size_t max,
		   char **buf, size_t *len)
{
	char full[4096];
	struct stat st;
	size_t got = 0;
	char *b = NULL;
	ssize_t n;
	int fd;

	*buf = NULL;
	*len = 0;
	if (ew_lookup_late(l))
		return -1;
	if ((size_t)snprintf(full, sizeof(full), "%s%s", l->root, path) >=
	    sizeof(full)) {
		ew_lookup_why(l, "%s: path too long", path);
		return -1;
	}
	/* O_NONBLOCK: a FIFO put where a state file should be does not
	 * block the open; it is refused below. */
	fd = open(full, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1;
		ew_lookup_why(l, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		ew_lookup_why(l, "%s: not a regular file", path);
		goto fail;
	}
	if ((unsigned long long)st.st_size > max) {
		ew_lookup_why(l, "%s: larger than %zu bytes", path, max);
		goto fail;
	}
	b = malloc(max + 1);
	if (!b) {
		ew_lookup_why(l, "%s: out of memory", path);
		goto fail;
	}
	/* The size may change while it is read: read to the end, at most
	 * max bytes, and call a file that goes on too long. */
	while ((n = read(fd, b + got, max + 1 - got)) > 0) {
		got += (size_t)n;
		if (got > max) {
			ew_lookup_why(l, "%s: larger than %zu bytes", path,
				      max);
			goto fail;
		}
	}
	if (n < 0) {
		ew_lookup_why(l, "%s: %s", path, strerror(errno));
		goto fail;
	}
	close(fd);
	b[got] = '\0';
	*buf = b;
	*len = got;
	ew_lookup_note(l, "%s", path);
	return 0;
fail:
	free(b);
	close(fd);
	return -1;
}

int ew_lookup_exists(struct ew_lookup *l, const char *path)
{
	char full[4096];
	struct stat st;

	return (size_t)snprintf(full, sizeof(full), "%s%s", l->root, path) <
	       sizeof(full) && !lstat(full, &st);
}

json_t *ew_lookup_json(struct ew_lookup *l, const char *path, size_t max,
		       int must)
{
	json_error_t err;
	json_t *j;
	size_t len;
	char *buf;
	int rc;

	rc = ew_lookup_file(l, path, max, &buf, &len);
	if (rc) {
		if (rc == 1 && must)
			ew_lookup_why(l, "%s: missing", path);
		return NULL;
	}
	/* JSON_REJECT_DUPLICATES: a state file with a key twice is not one
	 * the runtime wrote; which copy counts is nobody's guess. */
	j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	free(buf);
	if (!j) {
		ew_lookup_why(l, "%s: not JSON (line %d: %s)", path, err.line,
			      err.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		ew_lookup_why(l, "%s: not a JSON object", path);
		json_decref(j);
		return NULL;
	}
	return j;
}

const char *ew_json_get_str(const json_t *obj, const char *key, char *out,
			    size_t size)
{
	const char *s = json_string_value(json_object_get(obj, key));

	snprintf(out, size, "%s", s ? s : "");
	return out;
}
