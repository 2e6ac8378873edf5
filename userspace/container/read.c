// SPDX-License-Identifier: GPL-2.0
/*
 * The read of a whole surface: process.c picks the process, settings.c
 * reads its capabilities, namespaces and LSM label, mounts.c its mounts.
 */
#include "container/surface.h"
#include "container/surface_read.h"

int ew_surface_read(struct ew_surface *s, const char *proc_root,
		    const char *cgroup_root, int pid, const char *cgroup,
		    size_t cgroup_len)
{
	ew_surface_init(s);
	pid = ew_surface_pick(s, proc_root, cgroup_root, pid, cgroup,
			      cgroup_len);
	if (!pid)
		return -1;
	s->pid = pid;
	ew_surface_status(s, proc_root, pid);
	ew_surface_ns(s, proc_root, pid);
	ew_surface_lsm(s, proc_root, pid);
	ew_surface_mounts(s, proc_root, pid);
	return 0;
}
