/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files reading a surface share (surface.c, readfile.c, read.c,
 * process.c, settings.c, mounts.c, mountinfo.c); not for users of
 * surface.h.
 */
#ifndef EW_SURFACE_READ_H
#define EW_SURFACE_READ_H

#include <stdio.h>

#include "container/surface.h"

#define EW_PATH_LEN	4096	/* a path built under a root */

/* surface.c: note what could not be read, printf-style; kept or counted. */
void ew_surface_reason(struct ew_surface *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Add item id (which must be in surface.c's table) with mount point where
 * ("" or NULL for none) and a printf-style detail.  An item with the same
 * id and mount point already there is kept as it is.  Returns 0, or -1
 * for an unknown id or a full list (counted in items_dropped).
 */
int ew_surface_put(struct ew_surface *s, const char *id, const char *where,
		   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* readfile.c: root and the rest into buf[EW_PATH_LEN]; 0, or -1 when it
 * does not fit.
 */
int ew_surface_path(char *buf, const char *root, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * One line of f into buf[0..size), without its newline, NUL-terminated.
 * A longer line keeps its first size - 1 bytes, the rest is read and
 * dropped, and *cut is set.  Returns 1 for a line, 0 at the end.  A NUL
 * byte in the line ends what is kept of it (and sets *cut).
 */
int ew_surface_line(FILE *f, char *buf, size_t size, int *cut);

/*
 * A small file whole into buf[0..size), NUL-terminated: its length, or -1
 * when it cannot be opened or read or is longer than size - 1 bytes.
 */
long ew_surface_slurp(const char *path, char *buf, size_t size);

struct ew_exec_record;

/*
 * process.c: the pid to read, or 0 (a reason added): the skip-th live
 * process of the cgroup in the record's PID namespace, the others of
 * cgroup.procs in its order first, the record's pid last.  Whether pid is
 * alive (not a zombie).
 */
int ew_surface_pick(struct ew_surface *s, const char *proc_root,
		    const char *cgroup_root, const struct ew_exec_record *rec,
		    const char *cgroup, size_t cgroup_len, unsigned int skip);
int ew_surface_alive(const char *proc_root, int pid);

/* settings.c: capabilities, seccomp, NoNewPrivs; namespaces; LSM. */
void ew_surface_status(struct ew_surface *s, const char *proc_root, int pid);
void ew_surface_ns(struct ew_surface *s, const char *proc_root, int pid);
void ew_surface_lsm(struct ew_surface *s, const char *proc_root, int pid);

/* mounts.c: the container's mounts against the host's. */
void ew_surface_mounts(struct ew_surface *s, const char *proc_root, int pid);

#endif
