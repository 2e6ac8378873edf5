// SPDX-License-Identifier: GPL-2.0
/*
 * The escape surface's items: their ids and what each gives an attacker,
 * adding one, asking for one, and the reasons for what is unknown.
 *
 * Capabilities listed (capability(7) numbers): SYS_ADMIN (21), SYS_PTRACE
 * (19), SYS_MODULE (16), DAC_READ_SEARCH (2), SYS_RAWIO (17) and NET_ADMIN
 * (12).  Not listed: DAC_OVERRIDE (1) only bypasses permissions on files
 * the container already sees, which a host mount item names; BPF (39)
 * and PERFMON (38) open the kernel to attack but no simple technique
 * turns them into a way out.  A process holding every capability up to
 * cap_last_cap is "privileged", and then no "cap_*" item is listed:
 * privileged stands for all of them (ew_surface_has() says so).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "container/surface.h"
#include "container/surface_read.h"

static const struct {
	const char *id;
	const char *gives;
} item_table[] = {
	{ "privileged", "every capability of the host's root: mount the host's disks, load kernel modules, write host-wide kernel settings" },
	{ "cap_sys_admin", "mount file systems, among them a cgroup v1 hierarchy whose release_agent the host kernel runs as root" },
	{ "cap_sys_ptrace", "trace any process it sees and write into its memory; with the host's PID namespace, the host's own processes" },
	{ "cap_sys_module", "load a kernel module: its own code running in the host's kernel" },
	{ "cap_dac_read_search", "open any file of a mounted file system by its handle (open_by_handle_at), outside the container's root too" },
	{ "cap_sys_rawio", "raw I/O ports and memory (iopl, /dev/mem, SG_IO on disks) when the devices are there" },
	{ "cap_net_admin", "configure the network stack it is in; with the host's network namespace, the host's interfaces, routes and firewall" },
	{ "host_pid_ns", "sees and signals every host process; their /proc/PID/root lead into the host's file system" },
	{ "host_net_ns", "the host's interfaces and its services on localhost (kubelet, runtime APIs), and its network identity" },
	{ "host_ipc_ns", "the host's System V IPC objects and POSIX shared memory" },
	{ "host_mnt_ns", "the host's own file system view: nothing of the host's files is kept from it" },
	{ "no_user_ns", "root in the container is the host's root: its capabilities count against the host's kernel and files" },
	{ "seccomp_off", "every system call, among them those runtimes block by default (keyctl, kexec_load, unshare without a capability)" },
	{ "apparmor_unconfined", "no AppArmor profile limits its mounts, its ptrace of host processes, its writes under /proc and /sys" },
	{ "selinux_unconfined", "an SELinux type no policy confines: nothing keeps it off the host's files and devices" },
	{ "mount_host_root", "the host's root file system: read and write any host file, chroot into it, add a cron job or an SSH key" },
	{ "mount_runtime_socket", "the container runtime's API: start a privileged container with the host's root mounted" },
	{ "mount_host_proc", "the host's procfs: /proc/sys/kernel/core_pattern (a program the host runs as root on a crash), host processes' roots" },
	{ "mount_host_sys", "host-wide kernel settings in sysfs, such as /sys/kernel/uevent_helper (a program the kernel runs as root)" },
	{ "mount_host_dev", "the host's device nodes: its disks to mount, /dev/mem, the kernel log" },
	{ "mount_host_etc", "the host's /etc: passwd, shadow, sudoers, cron jobs and systemd units" },
	{ "mount_host_root_home", "root's home on the host: SSH authorized_keys and shell start-up files" },
	{ "mount_kubelet", "the kubelet's directory: every pod's volumes and service-account tokens, the kubelet's own credentials" },
	{ "mount_host_log", "the host's /var/log: with the kubelet serving /logs, a symlink placed there reads any host file" },
	{ "cgroupfs_writable", "a writable cgroup v2 hierarchy: move processes between cgroups and lift their limits" },
	{ "cgroup_v1_writable", "a writable cgroup v1 hierarchy: its release_agent is a program the host kernel runs as root" },
};

#define NITEMS	(sizeof(item_table) / sizeof(item_table[0]))

static const char *item_gives(const char *id)
{
	size_t i;

	for (i = 0; i < NITEMS; i++)
		if (!strcmp(item_table[i].id, id))
			return item_table[i].gives;
	return NULL;
}

void ew_surface_init(struct ew_surface *s)
{
	memset(s, 0, sizeof(*s));
	s->no_new_privs = -1;
}

void ew_surface_reason(struct ew_surface *s, const char *fmt, ...)
{
	va_list ap;

	if (s->nreasons == EW_SURFACE_REASONS) {
		s->reasons_dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(s->reasons[s->nreasons++], EW_SURFACE_REASON, fmt, ap);
	va_end(ap);
}

static int vput(struct ew_surface *s, const char *id, const char *where,
		const char *fmt, va_list ap)
{
	const char *gives = item_gives(id);
	struct ew_surface_item *it;
	unsigned int i;
	size_t n;

	if (!gives)
		return -1;
	if (!where)
		where = "";
	for (i = 0; i < s->nitems; i++)
		if (!strcmp(s->items[i].id, id) &&
		    !strcmp(s->items[i].where, where))
			return 0;
	if (s->nitems == EW_SURFACE_ITEMS) {
		s->items_dropped++;
		return -1;
	}
	it = &s->items[s->nitems++];
	memset(it, 0, sizeof(*it));
	strcpy(it->id, id);	/* the table's ids fit */
	n = strlen(where);
	if (n < sizeof(it->where))
		memcpy(it->where, where, n + 1);
	else
		it->where_cut = 1;
	vsnprintf(it->detail, sizeof(it->detail), fmt, ap);
	it->gives = gives;
	return 0;
}

int ew_surface_put(struct ew_surface *s, const char *id, const char *where,
		   const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vput(s, id, where, fmt, ap);
	va_end(ap);
	return rc;
}

int ew_surface_add(struct ew_surface *s, const char *id, const char *detail)
{
	return ew_surface_put(s, id, NULL, "%s", detail ? detail : "");
}

int ew_surface_has(const struct ew_surface *s, const char *id)
{
	unsigned int i;
	int cap = !strncmp(id, "cap_", 4);

	for (i = 0; i < s->nitems; i++)
		if (!strcmp(s->items[i].id, id) ||
		    (cap && !strcmp(s->items[i].id, "privileged")))
			return 1;
	return 0;
}
