/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --respond=freeze: freeze the container of a finding with cgroup v2's
 * freezer, so that its processes stop where they are and stay for
 * forensics (`echo 0 > .../cgroup.freeze` thaws them).
 *
 * The cgroup frozen is the container's own: the finding's cgroup path
 * (EW_F_CGROUP, the host's view) cut after the component that names the
 * container (container.c), so that a process in a child cgroup of the
 * container (".../init.scope", a containerised systemd's units) freezes
 * the whole container.  It is found below the cgroup2 mount that
 * /proc/self/mountinfo lists, opened one directory at a time without
 * following symbolic links and without leaving that mount's filesystem,
 * and "1" is written to its cgroup.freeze.
 *
 * Refused (told on the log, counted, nothing written):
 *   a finding with no container id (the host's own cgroups: "/",
 *     "/system.slice/sshd.service", a cgroup of a name no runtime uses);
 *   a path that is the root of the hierarchy, is not absolute, has an
 *     empty, "." or ".." component or a NUL byte;
 *   no cgroup2 mount (cgroup v1 only), or none whose root encloses the path;
 *   a path that is not a directory below the mount (missing, a symbolic
 *     link, another filesystem mounted there);
 *   the cgroup the reader itself runs in, or one that encloses it.
 * Each container (runtime and id) is frozen once; later findings of a
 * frozen container are told and counted as such.
 */
#ifndef EW_RESPOND_H
#define EW_RESPOND_H

#include <stddef.h>
#include <stdio.h>

#include "finding/finding.h"

#define EW_MOUNTINFO	"/proc/self/mountinfo"
#define EW_PROC_CGROUP	"/proc/self/cgroup"

enum ew_respond_result {
	EW_RESPOND_FROZE,
	EW_RESPOND_ALREADY,	/* its container was frozen before */
	EW_RESPOND_REFUSED,
	EW_RESPOND_FAILED,
};

struct ew_respond {
	FILE *log;
	const char *mountinfo;	/* where the cgroup2 mount is looked up */
	char *self_cgroup;	/* the reader's own cgroup; NULL: unknown */
	char (*frozen)[96];	/* "runtime:id" of the containers frozen */
	size_t nfrozen, cap;
	unsigned long long froze, already, refused, failed;
};

/*
 * Start with nothing frozen.  mountinfo: a file in /proc/self/mountinfo's
 * format, read at each freeze (NULL: that file); proc_cgroup: one in
 * /proc/self/cgroup's, for the reader's own cgroup (NULL: that file; ""
 * for none).  Says on the log if mountinfo lists no cgroup2 mount now.
 */
void ew_respond_init(struct ew_respond *r, FILE *log, const char *mountinfo,
		    const char *proc_cgroup);

void ew_respond_close(struct ew_respond *r);

/* Freeze the container of finding f, or say on the log why not. */
enum ew_respond_result ew_respond_freeze(struct ew_respond *r,
					 const struct ew_finding *f);

/* One line of totals on the log. */
void ew_respond_summary(const struct ew_respond *r);

/*
 * The cgroup2 mount in mountinfo under which the cgroup path cgroup (a
 * NUL-terminated host path) lies: its mount point into mnt and the path
 * relative to it (no leading '/'; "" for the mount's own root) into
 * *rel, a pointer into cgroup.  Returns 1, 0 when mountinfo lists no
 * cgroup2 mount at all, -1 when none encloses cgroup, -2 when mountinfo
 * cannot be read (errno set).
 */
int ew_cgroup2_mount(const char *mountinfo, const char *cgroup, char *mnt,
		     size_t size, const char **rel);

/*
 * The length of the prefix of the cgroup path p[0..len) that ends with the
 * component naming container c (as ew_container_parse() found it in the
 * whole path): the container's own cgroup.  len when no shorter prefix
 * names the same container.
 */
size_t ew_container_cgroup_len(const char *p, size_t len,
			       const struct ew_container *c);

#endif
