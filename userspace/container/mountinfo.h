/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One line of /proc/PID/mountinfo (proc(5)):
 *
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *   (1)(2)(3)   (4)   (5)      (6)      (7)   (8) (9)    (10)         (11)
 *
 * mount id, parent id, major:minor of the file system, root (the path in
 * the file system that is mounted; for a namespace file bind-mounted
 * somewhere, nsfs, its name such as "net:[4026531840]"), mount point, per-mount options, zero
 * or more optional fields, a "-", file system type, source, super block
 * options.  The kernel writes space, tab, newline and backslash in paths
 * as octal escapes (\040, \011, \012, \134).
 */
#ifndef EW_MOUNTINFO_H
#define EW_MOUNTINFO_H

#include <stdio.h>

#define EW_MOUNTINFO_LINE	8192	/* bytes kept of one line */

struct ew_mount {
	unsigned int major, minor;
	char *root;		/* unescaped, into the line */
	char *point;		/* unescaped, into the line */
	const char *fstype;
	char *source;		/* unescaped, into the line */
	int rw;			/* per-mount options start with "rw" */
	int super_rw;		/* super options start with "rw"; 0 unknown */
};

/*
 * Parse line (modified in place: fields cut and unescaped; m points into
 * it).  cut says the line was longer than what is kept: then the fields
 * up to the source must be whole, and the super options count only when
 * their first option is.  Returns 0, or -1 for a malformed line.
 */
int ew_mountinfo_parse(char *line, int cut, struct ew_mount *m);

/*
 * The next well-formed line of f into buf[EW_MOUNTINFO_LINE] and *m: 1,
 * or 0 at the end.  Malformed lines are skipped and counted in *skipped.
 */
int ew_mountinfo_next(FILE *f, char *buf, struct ew_mount *m,
		      unsigned int *skipped);

#endif
