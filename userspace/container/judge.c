// SPDX-License-Identifier: GPL-2.0
/*
 * The judgement: is one of the surface's items, alone or with others, an
 * open path out of the container?  Each row of the table below is a way
 * out some public technique takes; it matches when every item it needs is
 * present ("privileged" counts as every capability).  Any row matching
 * makes the surface open: a finding from such a container is CRITICAL.
 * docs/findings.md ("Escape surface and severity") has the same table.
 * Technique names as the tools spell them: CDK's exploit list, deepce's
 * --exploit options, Bad Pods' manifest names.
 *
 * The capability rows need "no_user_ns": in a user namespace of its own,
 * a container's capabilities are over that namespace, not the host.  An
 * item that could not be read (a namespace, the LSM label) is not there:
 * unknown never opens a path.
 *
 * Not rows, on purpose:
 *   SYS_ADMIN with seccomp off: runtimes' default seccomp profiles (Docker,
 *     Podman, containerd) already allow mount(2) to a process holding
 *     SYS_ADMIN; what keeps it from mounting a cgroup v1 hierarchy is the
 *     AppArmor or SELinux policy, hence the "unconfined" rows instead.
 *   a read-write sysfs (uevent_helper): many kernels are built without
 *     CONFIG_UEVENT_HELPER; an item, not a row.
 *   host network, IPC or UTS namespace, NET_ADMIN, SYS_RAWIO, a writable
 *     cgroup2, host /etc, /root, /var/log or kubelet directory: each gives
 *     much, but no one-step way to run code on the host; items only.
 */
#include <string.h>

#include "container/surface.h"

#define NEED	4

static const struct {
	struct ew_surface_path path;
	const char *need[NEED];
} rows[] = {
	{ { "privileged",
	    "a privileged container holds every capability of the host's root and sees the host's devices: it can mount the host's disk, set a cgroup release_agent or load a module",
	    "CDK mount-disk, mount-cgroup; deepce -e PRIVILEGED; Bad Pods \"priv\"" },
	  { "privileged", "no_user_ns" } },
	{ { "sys_admin_apparmor_unconfined",
	    "SYS_ADMIN with no AppArmor profile can mount a cgroup v1 hierarchy and set its release_agent, a program the host kernel runs as root",
	    "release_agent (Felix Wilhelm, 2019); CDK mount-cgroup" },
	  { "cap_sys_admin", "no_user_ns", "apparmor_unconfined" } },
	{ { "sys_admin_selinux_unconfined",
	    "SYS_ADMIN under an unconfined SELinux type can mount a cgroup v1 hierarchy and set its release_agent, a program the host kernel runs as root",
	    "release_agent (Felix Wilhelm, 2019); CDK mount-cgroup" },
	  { "cap_sys_admin", "no_user_ns", "selinux_unconfined" } },
	{ { "cgroup_v1_writable_sys_admin",
	    "SYS_ADMIN with a cgroup v1 hierarchy mounted read-write can allow itself every device (devices.allow) or set a release_agent",
	    "CDK rewrite-cgroup-devices, mount-cgroup; CVE-2022-0492" },
	  { "cgroup_v1_writable", "cap_sys_admin", "no_user_ns" } },
	{ { "runtime_socket",
	    "the container runtime's socket is mounted: its API starts a privileged container with the host's root mounted",
	    "CDK docker-sock-pwn; deepce -e SOCK" },
	  { "mount_runtime_socket" } },
	{ { "host_root",
	    "the host's root file system is mounted: chroot into it, or write a cron job or an SSH key",
	    "Bad Pods \"hostpath\", \"everything-allowed\" (chroot /host); CDK mount-disk ends here too" },
	  { "mount_host_root" } },
	{ { "host_mnt_ns",
	    "the process shares the host's mount namespace: it already sees the host's files",
	    "nsenter -t 1 -m" },
	  { "host_mnt_ns" } },
	{ { "host_pid_sys_ptrace",
	    "SYS_PTRACE in the host's PID namespace can attach to a host process and run code in it",
	    "ptrace code injection into a host process" },
	  { "host_pid_ns", "cap_sys_ptrace", "no_user_ns" } },
	{ { "sys_module",
	    "SYS_MODULE loads a kernel module: code of its own in the host's kernel",
	    "insmod of a reverse-shell module (xcellerator, 2020, which CDK evaluate points to); deepce -e SYS_MODULE" },
	  { "cap_sys_module", "no_user_ns" } },
	{ { "dac_read_search",
	    "DAC_READ_SEARCH opens host files by handle (open_by_handle_at) outside the container's root",
	    "shocker (Sebastian Krahmer, 2014); CDK cap-dac-read-search" },
	  { "cap_dac_read_search", "no_user_ns" } },
	{ { "host_dev_sys_admin",
	    "SYS_ADMIN with the host's device nodes can mount the host's disk",
	    "CDK mount-disk" },
	  { "mount_host_dev", "cap_sys_admin", "no_user_ns" } },
	{ { "host_proc",
	    "the host's procfs mounted read-write: writing /proc/sys/kernel/core_pattern makes the host run a program as root on the next crash",
	    "CDK mount-procfs (core_pattern)" },
	  { "mount_host_proc", "no_user_ns" } },
};

#define NROWS	(sizeof(rows) / sizeof(rows[0]))

void ew_surface_judge(struct ew_surface *s)
{
	size_t i, j;
	int all;

	s->open = 0;
	s->nopen = 0;
	for (i = 0; i < NROWS; i++) {
		all = 1;
		for (j = 0; j < NEED && rows[i].need[j]; j++)
			if (!ew_surface_has(s, rows[i].need[j]))
				all = 0;
		if (!all)
			continue;
		s->open = 1;
		if (s->nopen < EW_SURFACE_OPEN)
			s->paths[s->nopen++] = rows[i].path;
	}
}
