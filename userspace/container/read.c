// SPDX-License-Identifier: GPL-2.0
/*
 * The read of a whole surface: process.c picks the process, settings.c
 * reads its capabilities, namespaces and LSM label, mounts.c its mounts.
 */
#include "container/surface.h"
#include "container/surface_read.h"

/* Processes tried when the one read exits while it is read. */
#define EW_SURFACE_TRIES	4

/*
 * A process can exit while its files are read (a shell around an escape
 * command, the command itself): then its namespaces and mounts read as
 * unknown, and another process of the container is read instead.
 */
int ew_surface_read(struct ew_surface *s, const char *proc_root,
		    const char *cgroup_root, const struct ew_exec_record *rec,
		    const char *cgroup, size_t cgroup_len)
{
	unsigned int skip;
	int p;

	for (skip = 0; skip < EW_SURFACE_TRIES; skip++) {
		ew_surface_init(s);
		p = ew_surface_pick(s, proc_root, cgroup_root, rec, cgroup,
				    cgroup_len, skip);
		if (!p) {
			if (skip)
				ew_surface_reason(s, "every process read exited while it was read");
			return -1;
		}
		s->pid = p;
		ew_surface_status(s, proc_root, p);
		ew_surface_ns(s, proc_root, p);
		ew_surface_lsm(s, proc_root, p);
		ew_surface_mounts(s, proc_root, p);
		if (ew_surface_alive(proc_root, p))
			return 0;
	}
	ew_surface_reason(s, "every process read exited while it was read");
	return 0;
}
