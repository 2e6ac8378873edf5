// SPDX-License-Identifier: GPL-2.0
/*
 * Which live process of the container to read.  The record's pid may be
 * gone, or reused by another process since: it is taken only when its
 * /proc/PID/cgroup still shows the record's cgroup path.  Else the first
 * process listed in the cgroup's cgroup.procs (cgroup v2) that is alive
 * and shows the path is taken.  A container with no process left has no
 * surface to read.
 *
 * A process in the cgroup is of the container only in the record's PID
 * namespace: a runtime's helper, or a host shell that wrote itself into
 * cgroup.procs before it started the container, is in the cgroup with the
 * host's view.  The pid link of /proc/PID/ns names the namespace; a reader
 * without ptrace access to the process (the packaged service's user) cannot
 * read it, and then the depth of status's NSpid tells the host's PID
 * namespace (one level) from a container's.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "container/surface_read.h"
#include "../../include/uapi/escapewatch.h"

#define CGROUP_LINE	(EW_PATH_LEN + 64)
#define MAX_PROCS	4096	/* cgroup.procs lines tried */

/*
 * The path is read under cgroup_root: one that is not absolute, holds a
 * NUL or a newline, or a "." or ".." component could name another place.
 */
static int cgroup_ok(const char *p, size_t n)
{
	size_t i, start;

	if (!n || n >= EW_PATH_LEN || p[0] != '/')
		return 0;
	for (i = 0; i < n; i++)
		if (p[i] == '\0' || p[i] == '\n')
			return 0;
	for (start = 1; start <= n; start = i + 1) {
		for (i = start; i < n && p[i] != '/'; i++)
			;
		if ((i - start == 1 && p[start] == '.') ||
		    (i - start == 2 && p[start] == '.' && p[start + 1] == '.'))
			return 0;
	}
	return 1;
}

/* 1 when proc_root/PID/cgroup has a line whose path is cgroup[0..n). */
static int in_cgroup(const char *proc_root, int pid, const char *cgroup,
		     size_t n)
{
	char path[EW_PATH_LEN], line[CGROUP_LINE];
	const char *p;
	FILE *f;
	int cut, found = 0;

	if (ew_surface_path(path, proc_root, "/%d/cgroup", pid))
		return 0;
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (!found && ew_surface_line(f, line, sizeof(line), &cut)) {
		/* "hierarchy-ID:controllers:path"; the path may hold ':' */
		p = strchr(line, ':');
		p = p ? strchr(p + 1, ':') : NULL;
		if (!cut && p && strlen(p + 1) == n && !memcmp(p + 1, cgroup, n))
			found = 1;
	}
	fclose(f);
	return found;
}

/*
 * From proc_root/PID/status: whether the process is alive (a zombie (Z)
 * or a dead task (X) has no namespaces and no mounts left to read), and
 * into *levels the number of PID namespaces it is in (NSpid's fields), 0
 * when the line is missing.
 */
static int status_of(const char *proc_root, int pid, unsigned int *levels)
{
	char path[EW_PATH_LEN], line[256];
	int cut, alive = 0, state = 0;
	const char *p;
	FILE *f;

	*levels = 0;
	if (ew_surface_path(path, proc_root, "/%d/status", pid))
		return 0;
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (ew_surface_line(f, line, sizeof(line), &cut)) {
		if (!strncmp(line, "State:", 6)) {
			state = 1;
			alive = !strchr(line + 6, 'Z') && !strchr(line + 6, 'X');
		} else if (!strncmp(line, "NSpid:", 6) && !cut) {
			for (p = line + 6; *p; p++)
				if (*p != '\t' && p[-1] == '\t')
					++*levels;
		}
	}
	fclose(f);
	return state && alive;
}

int ew_surface_alive(const char *proc_root, int pid)
{
	unsigned int levels;

	return status_of(proc_root, pid, &levels);
}

/*
 * 1 when the process is in the record's PID namespace: its pid link names
 * the record's namespace, or, the link unreadable, NSpid puts it in the
 * host's namespace exactly when the record does.  Neither to be had (no
 * NSpid before Linux 4.1): taken as in it.
 */
static int in_pidns(const char *proc_root, int pid, unsigned int levels,
		    const struct ew_exec_record *rec)
{
	char path[EW_PATH_LEN], link[64];
	unsigned int inum;
	ssize_t n;
	char end;

	if (!ew_surface_path(path, proc_root, "/%d/ns/pid", pid)) {
		n = readlink(path, link, sizeof(link) - 1);
		if (n > 0) {
			link[n] = '\0';
			if (sscanf(link, "pid:[%u%c", &inum, &end) == 2 &&
			    end == ']')
				return inum == rec->ns_inum[EW_NS_PID];
		}
	}
	if (!levels)
		return 1;
	return (levels == 1) == !!(rec->ns_host & 1u << EW_NS_PID);
}

/* A live process of the container: its /proc shows it in the cgroup and
 * in the record's PID namespace, not a zombie. */
static int member(const char *proc_root, int pid, const char *cgroup,
		  size_t n, const struct ew_exec_record *rec)
{
	unsigned int levels;

	return in_cgroup(proc_root, pid, cgroup, n) &&
	       status_of(proc_root, pid, &levels) &&
	       in_pidns(proc_root, pid, levels, rec);
}

static int parse_pid(const char *s)
{
	long v = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
		if (v > INT_MAX)
			return 0;
	}
	return (int)v;
}

int ew_surface_pick(struct ew_surface *s, const char *proc_root,
		    const char *cgroup_root, const struct ew_exec_record *rec,
		    const char *cgroup, size_t cgroup_len, unsigned int skip)
{
	int pid = (int)rec->pid;
	char path[EW_PATH_LEN], line[32];
	unsigned int n = 0;	/* live processes passed over */
	int cut, p, tried = 0, found = 0;
	FILE *f;

	if (!cgroup || !cgroup_ok(cgroup, cgroup_len)) {
		ew_surface_reason(s, "the record's cgroup path is not one to read under the cgroup root");
		return 0;
	}
	if (ew_surface_path(path, cgroup_root, "%.*s/cgroup.procs",
			    (int)cgroup_len, cgroup)) {
		ew_surface_reason(s, "the cgroup path is too long");
		return 0;
	}
	/*
	 * Another process of the container first (the first listed, most
	 * often its init): the one that exec'd an escape command line may
	 * since have changed its own root or namespaces (chroot, nsenter,
	 * unshare), and its view is no longer the container's.  The record's
	 * own process only when it is the container's last.
	 */
	f = fopen(path, "re");
	if (!f) {
		if (!skip && pid > 0 && member(proc_root, pid, cgroup, cgroup_len, rec))
			return pid;
		ew_surface_reason(s, "the container has no process left (its cgroup is gone)");
		return 0;
	}
	while (!found && tried < MAX_PROCS &&
	       ew_surface_line(f, line, sizeof(line), &cut)) {
		tried++;
		p = cut ? 0 : parse_pid(line);
		if (p > 0 && p != pid &&
		    member(proc_root, p, cgroup, cgroup_len, rec) && n++ == skip)
			found = p;
	}
	fclose(f);
	if (!found && n == skip && pid > 0 &&
	    member(proc_root, pid, cgroup, cgroup_len, rec))
		found = pid;
	if (!found)
		ew_surface_reason(s, "the container has no process left");
	return found;
}
