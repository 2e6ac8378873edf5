// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing /proc/PID/mountinfo, a line at a time, bounded: a line longer
 * than EW_MOUNTINFO_LINE keeps its start (an overlay's super options list
 * every layer and may be long; the fields before them are what counts).
 * Every field is checked; a line that is not as proc(5) says is
 * malformed, skipped by the caller and counted.
 */
#include <string.h>

#include "container/mountinfo.h"
#include "container/surface_read.h"

/* The next space-separated field of *p, NUL-terminated; NULL when none. */
static char *next_field(char **p, int *whole)
{
	char *start = *p, *sp;

	if (!*start)
		return NULL;
	sp = strchr(start, ' ');
	if (sp) {
		*sp = '\0';
		*p = sp + 1;
		*whole = 1;
	} else {
		*p = start + strlen(start);
		*whole = 0;	/* the end of what is kept */
	}
	return start;
}

static int is_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/*
 * A mount's root: a path, or for a namespace file bind-mounted somewhere
 * (nsfs: "ip netns add", Docker's /run/docker/netns/default) the
 * namespace's name, "net:[4026531840]".
 */
static int root_ok(const char *s)
{
	size_t n;

	if (*s == '/')
		return 1;
	n = strspn(s, "abcdefghijklmnopqrstuvwxyz_");
	if (!n || s[n] != ':' || s[n + 1] != '[')
		return 0;
	s += n + 2;
	n = strspn(s, "0123456789");
	return n && s[n] == ']' && !s[n + 1];
}

static int parse_uint(const char *s, size_t n, unsigned int *v)
{
	size_t i;

	if (!n || n > 9)
		return -1;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (unsigned int)(s[i] - '0');
	}
	return 0;
}

static int parse_dev(const char *s, unsigned int *major, unsigned int *minor)
{
	const char *colon = strchr(s, ':');

	if (!colon)
		return -1;
	return parse_uint(s, (size_t)(colon - s), major) ||
	       parse_uint(colon + 1, strlen(colon + 1), minor) ? -1 : 0;
}

/* Undo the octal escapes in place; -1 for a bad escape or a NUL. */
static int unescape(char *s)
{
	char *out = s;
	int v;

	for (; *s; s++) {
		if (*s != '\\') {
			*out++ = *s;
			continue;
		}
		if (s[1] < '0' || s[1] > '3' || s[2] < '0' || s[2] > '7' ||
		    s[3] < '0' || s[3] > '7')
			return -1;
		v = (s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0');
		if (!v)
			return -1;
		*out++ = (char)v;
		s += 3;
	}
	*out = '\0';
	return 0;
}

/* Options start with "rw" (or "ro"): 1, 0; an unfinished first one: 0. */
static int opts_rw(const char *o, int whole)
{
	size_t n = strcspn(o, ",");

	if (!o[n] && !whole)
		return 0;
	return n == 2 && !memcmp(o, "rw", 2);
}

int ew_mountinfo_parse(char *line, int cut, struct ew_mount *m)
{
	char *p = line, *f[6], *opt, *super;
	int whole = 0, i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < 6; i++)
		if (!(f[i] = next_field(&p, &whole)) || !whole)
			return -1;
	if (!is_digits(f[0]) || !is_digits(f[1]) ||
	    parse_dev(f[2], &m->major, &m->minor) || !root_ok(f[3]) ||
	    f[4][0] != '/')
		return -1;
	m->rw = opts_rw(f[5], 1);
	/* optional fields "tag[:value]" up to the "-" */
	for (;;) {
		if (!(opt = next_field(&p, &whole)) || !whole)
			return -1;
		if (!strcmp(opt, "-"))
			break;
	}
	if (!(m->fstype = next_field(&p, &whole)) || !whole || !*m->fstype)
		return -1;
	if (!(m->source = next_field(&p, &whole)) || (!whole && cut))
		return -1;
	if (whole && (super = next_field(&p, &whole)))
		m->super_rw = opts_rw(super, whole || !cut);
	if (unescape(f[3]) || unescape(f[4]) ||
	    unescape(m->source))
		return -1;
	m->root = f[3];
	m->point = f[4];
	return 0;
}

int ew_mountinfo_next(FILE *f, char *buf, struct ew_mount *m,
		      unsigned int *skipped)
{
	int cut;

	while (ew_surface_line(f, buf, EW_MOUNTINFO_LINE, &cut)) {
		if (!ew_mountinfo_parse(buf, cut, m))
			return 1;
		(*skipped)++;
	}
	return 0;
}
