// SPDX-License-Identifier: GPL-2.0
/*
 * The container's sensitive mounts: its process's mountinfo against the
 * host's (proc_root/1/mountinfo).  A mount names a file system by device
 * (major:minor) and the path within it that is mounted (the root field);
 * the host's mountinfo says where the host has each file system, so a
 * container mount of the same device at a root that is, holds or lies
 * within a sensitive host path is that host path.
 *
 *   mount_host_root       the host's "/" itself (its device, and a root
 *                         that is or holds the host's "/" root: a bind of
 *                         host /, or the host's disk mounted whole)
 *   mount_host_etc        host /etc, a path below it, or one holding it
 *   mount_host_root_home  host /root, likewise
 *   mount_kubelet         host /var/lib/kubelet or a path holding it (not
 *                         below it: every pod's /etc/hosts and volumes
 *                         are bound from there)
 *   mount_host_log        host /var/log or a path holding it
 *   mount_runtime_socket  a root ending in docker.sock, cri-dockerd.sock,
 *                         containerd/containerd.sock, crio/crio.sock or
 *                         podman/podman.sock (a socket bound alone; a
 *                         directory holding one, e.g. host /run, is not
 *                         seen)
 *   mount_host_proc       a procfs of the host's device, read-write
 *                         (procfs instances differ per mount since Linux
 *                         5.8, per PID namespace before: the same device
 *                         is the host's own /proc bound in)
 *   mount_host_sys        a sysfs mounted read-write (kernel-wide
 *                         settings whatever its network namespace)
 *   mount_host_dev        devtmpfs mounted whole, a node of it other than
 *                         the harmless ones runtimes bind (null, zero,
 *                         full, random, urandom, tty, fuse, net/tun), or
 *                         the host's /dev bound in
 *   cgroupfs_writable     a cgroup2 mount read-write
 *   cgroup_v1_writable    a cgroup (v1) mount read-write (the first one)
 *
 * Read-only mounts are items too (the detail says so), but for sysfs,
 * which every container with the host's network has read-only, and
 * procfs: only writes to them are a way out.
 */
#include <string.h>

#include "container/mountinfo.h"
#include "container/surface_read.h"

#define MAX_LINES	65536	/* of each mountinfo */
#define HOST_ROOT_LEN	512

enum target { T_ROOT, T_ETC, T_ROOT_HOME, T_KUBELET, T_LOG, T_PROC,
	      T_SYS, T_DEV, T_RUN, NTARGETS };

static const char *const target_path[NTARGETS] = {
	"/", "/etc", "/root", "/var/lib/kubelet", "/var/log", "/proc",
	"/sys", "/dev", "/run",
};

/* Where the host has a target path: device and root of that path. */
struct host_at {
	int found;
	size_t point_len;	/* of the host mount holding it */
	unsigned int major, minor;
	char root[HOST_ROOT_LEN];	/* the target's path in that fs */
	char fstype[16];
};

enum rel { R_NONE, R_EQUAL, R_BELOW, R_ABOVE };

/* How path a stands to path b. */
static enum rel relation(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	if (!strcmp(a, b))
		return R_EQUAL;
	if (!strcmp(a, "/"))
		return R_ABOVE;
	if (!strcmp(b, "/"))
		return R_BELOW;
	if (na > nb && !memcmp(a, b, nb) && a[nb] == '/')
		return R_BELOW;
	if (nb > na && !memcmp(a, b, na) && b[na] == '/')
		return R_ABOVE;
	return R_NONE;
}

/* rest of path after a mount point point (a prefix of it), from '/'. */
static const char *after(const char *path, size_t point_len)
{
	if (point_len == 1)	/* "/" */
		return path;
	return path + point_len;
}

static void host_line(struct host_at *h, const struct ew_mount *m)
{
	size_t i, n = strlen(m->point);
	enum rel r;
	const char *rest;
	struct host_at *t;
	int len;

	for (i = 0; i < NTARGETS; i++) {
		t = &h[i];
		r = relation(target_path[i], m->point);
		if ((r != R_EQUAL && r != R_BELOW) ||
		    (t->found && n < t->point_len))
			continue;
		/* a later mount at the same place or deeper covers it */
		if (r == R_EQUAL) {
			len = snprintf(t->root, sizeof(t->root), "%s", m->root);
		} else {
			rest = after(target_path[i], n);
			len = snprintf(t->root, sizeof(t->root), "%s%s",
				       strcmp(m->root, "/") ? m->root : "",
				       rest);
		}
		t->found = len > 0 && (size_t)len < sizeof(t->root);
		t->point_len = n;
		t->major = m->major;
		t->minor = m->minor;
		snprintf(t->fstype, sizeof(t->fstype), "%s", m->fstype);
	}
}

static int read_host(struct ew_surface *s, const char *proc_root,
		     struct host_at *h, char *buf)
{
	char path[EW_PATH_LEN];
	struct ew_mount m;
	unsigned int skipped = 0, lines = 0;
	FILE *f;

	if (ew_surface_path(path, proc_root, "/1/mountinfo") ||
	    !(f = fopen(path, "re"))) {
		ew_surface_reason(s, "the host's mountinfo cannot be read");
		return -1;
	}
	while (lines++ < MAX_LINES && ew_mountinfo_next(f, buf, &m, &skipped))
		host_line(h, &m);
	fclose(f);
	s->mount_lines_skipped += skipped;
	if (!h[T_ROOT].found) {
		ew_surface_reason(s, "the host's mountinfo has no root mount");
		return -1;
	}
	return 0;
}

static int same_dev(const struct host_at *t, const struct ew_mount *m)
{
	return t->found && t->major == m->major && t->minor == m->minor;
}

/* The host path of root r, standing as rel to target i's root. */
static void host_path(const struct host_at *h, int i, const char *r,
		      enum rel rel, char *out, size_t size)
{
	const char *p = target_path[i];
	size_t np = strlen(p), up;

	if (rel == R_BELOW) {
		snprintf(out, size, "%s%s", np == 1 ? "" : p,
			 r + (strcmp(h[i].root, "/") ? strlen(h[i].root) : 0));
		return;
	}
	if (rel == R_ABOVE) {
		/* take off p as many bytes as r is shorter than its root */
		up = strlen(h[i].root) - (strcmp(r, "/") ? strlen(r) : 0);
		np = up < np ? np - up : 0;
		snprintf(out, size, "%.*s", (int)np, np ? p : "/");
		return;
	}
	snprintf(out, size, "%s", p);
}

static const char *ro(const struct ew_mount *m)
{
	return m->rw ? "" : ", read-only";
}

/* Host paths: mount_host_root, then /etc, /root, kubelet, /var/log. */
static void host_paths(struct ew_surface *s, const struct host_at *h,
		       const struct ew_mount *m)
{
	static const struct {
		enum target t;
		const char *id;
		int below;	/* a path below the target counts */
	} t[] = {
		{ T_ETC, "mount_host_etc", 1 },
		{ T_ROOT_HOME, "mount_host_root_home", 1 },
		{ T_KUBELET, "mount_kubelet", 0 },
		{ T_LOG, "mount_host_log", 0 },
	};
	char hp[EW_SURFACE_WHERE];
	enum rel r;
	size_t i;

	if (same_dev(&h[T_ROOT], m)) {
		r = relation(m->root, h[T_ROOT].root);
		if (r == R_EQUAL || r == R_ABOVE) {
			ew_surface_put(s, "mount_host_root", m->point,
				       "%s: the host's / (its file system at %s%s)",
				       m->point, m->root, ro(m));
			return;
		}
	}
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (!same_dev(&h[t[i].t], m))
			continue;
		r = relation(m->root, h[t[i].t].root);
		if (r == R_NONE || (r == R_BELOW && !t[i].below))
			continue;
		host_path(h, t[i].t, m->root, r, hp, sizeof(hp));
		ew_surface_put(s, t[i].id, m->point, "%s: host %s%s",
			       m->point, hp, ro(m));
	}
}

static int ends_component(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n > m && !strcmp(s + n - m, suf) && s[n - m - 1] == '/';
}

static void runtime_socket(struct ew_surface *s, const struct host_at *h,
			   const struct ew_mount *m)
{
	static const char *const socks[] = {
		"docker.sock", "cri-dockerd.sock", "containerd/containerd.sock",
		"crio/crio.sock", "podman/podman.sock",
	};
	char hp[EW_SURFACE_WHERE];
	size_t i;

	for (i = 0; i < sizeof(socks) / sizeof(socks[0]); i++) {
		if (!ends_component(m->root, socks[i]))
			continue;
		if (same_dev(&h[T_RUN], m) &&
		    relation(m->root, h[T_RUN].root) == R_BELOW)
			host_path(h, T_RUN, m->root, R_BELOW, hp, sizeof(hp));
		else
			snprintf(hp, sizeof(hp), "%s", m->root);
		ew_surface_put(s, "mount_runtime_socket", m->point,
			       "%s: host socket %s", m->point, hp);
		return;
	}
}

static int harmless_node(const char *root)
{
	static const char *const nodes[] = {
		"/null", "/zero", "/full", "/random", "/urandom", "/tty",
		"/fuse", "/net/tun",
	};
	size_t i;

	for (i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++)
		if (!strcmp(root, nodes[i]))
			return 1;
	return 0;
}

static void special(struct ew_surface *s, const struct host_at *h,
		    const struct ew_mount *m)
{
	const char *fs = m->fstype;
	int rw = m->rw && m->super_rw;

	if (!strcmp(fs, "cgroup2") && rw)
		ew_surface_put(s, "cgroupfs_writable", m->point,
			       "%s: cgroup2, read-write", m->point);
	else if (!strcmp(fs, "cgroup") && rw &&
		 !ew_surface_has(s, "cgroup_v1_writable"))
		ew_surface_put(s, "cgroup_v1_writable", m->point,
			       "%s: cgroup v1, read-write", m->point);
	else if (!strcmp(fs, "proc") && rw && same_dev(&h[T_PROC], m))
		ew_surface_put(s, "mount_host_proc", m->point,
			       "%s: the host's procfs, read-write", m->point);
	else if (!strcmp(fs, "sysfs") && rw)
		ew_surface_put(s, "mount_host_sys", m->point,
			       "%s: sysfs, read-write%s", m->point,
			       same_dev(&h[T_SYS], m) ? ", the host's" : "");
	else if (!strcmp(fs, "devtmpfs") && !strcmp(m->root, "/"))
		ew_surface_put(s, "mount_host_dev", m->point,
			       "%s: the host's devtmpfs, every device%s",
			       m->point, ro(m));
	else if (!strcmp(fs, "devtmpfs") && !harmless_node(m->root))
		ew_surface_put(s, "mount_host_dev", m->point,
			       "%s: host device /dev%s", m->point, m->root);
	else if (same_dev(&h[T_DEV], m) &&
		 relation(m->root, h[T_DEV].root) == R_EQUAL)
		ew_surface_put(s, "mount_host_dev", m->point,
			       "%s: the host's /dev%s", m->point, ro(m));
}

void ew_surface_mounts(struct ew_surface *s, const char *proc_root, int pid)
{
	struct host_at h[NTARGETS];
	char path[EW_PATH_LEN], buf[EW_MOUNTINFO_LINE];
	struct ew_mount m;
	unsigned int skipped = 0, lines = 0;
	FILE *f;

	memset(h, 0, sizeof(h));
	if (ew_surface_path(path, proc_root, "/%d/mountinfo", pid) ||
	    !(f = fopen(path, "re"))) {
		ew_surface_reason(s, "/proc/%d/mountinfo cannot be read", pid);
		return;
	}
	if (read_host(s, proc_root, h, buf)) {
		fclose(f);
		return;
	}
	while (lines++ < MAX_LINES &&
	       ew_mountinfo_next(f, buf, &m, &skipped)) {
		special(s, h, &m);
		runtime_socket(s, h, &m);
		host_paths(s, h, &m);
	}
	fclose(f);
	s->mount_lines_skipped += skipped;
	if (lines > MAX_LINES)
		ew_surface_reason(s, "mountinfo has more than %d lines: the rest was not read",
				  MAX_LINES);
	if (s->mount_lines_skipped)
		ew_surface_reason(s, "%u malformed mountinfo lines skipped",
				  s->mount_lines_skipped);
	s->known |= EW_SK_MOUNTS;
}
