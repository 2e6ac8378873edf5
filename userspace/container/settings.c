// SPDX-License-Identifier: GPL-2.0
/*
 * A process's own settings, from proc_root/PID:
 *   status        CapEff against proc_root/sys/kernel/cap_last_cap (every
 *                 capability: "privileged"; else the dangerous ones each),
 *                 Seccomp 0 ("seccomp_off"), NoNewPrivs (kept, no item:
 *                 it is off in most containers and is no way out)
 *   ns/           pid, net, ipc, mnt and user links against proc_root/1's
 *                 (the host's): the same pid, net, ipc or mnt namespace is
 *                 an item, the same user namespace is "no_user_ns".  The
 *                 uts and cgroup namespaces are not read: a shared host
 *                 name or cgroup view is no way out.  A link that cannot be
 *                 read leaves that namespace unknown, not an item.
 *   attr/apparmor/current, else attr/current
 *                 an AppArmor label ("unconfined", or a profile in
 *                 complain or unconfined mode) or an SELinux context
 *                 (user:role:type:level) whose type no policy confines.
 *                 Empty or unreadable: LSM state unknown.
 * Where status or a namespace link cannot be read, ew_surface_record()
 * takes the same items from the module's record of the exec.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "container/surface_read.h"
#include "../../include/uapi/escapewatch.h"

#define STATUS_LINE	256
#define LABEL_LEN	512

static const struct {
	const char *name;	/* the link in /proc/PID/ns/ */
	unsigned int bit;	/* EW_NS_* in the record's ns_host */
	unsigned int known;
	const char *id;
} namespaces[] = {
	{ "pid", EW_NS_PID, EW_SK_PID_NS, "host_pid_ns" },
	{ "net", EW_NS_NET, EW_SK_NET_NS, "host_net_ns" },
	{ "ipc", EW_NS_IPC, EW_SK_IPC_NS, "host_ipc_ns" },
	{ "mnt", EW_NS_MNT, EW_SK_MNT_NS, "host_mnt_ns" },
	{ "user", EW_NS_USER, EW_SK_USER_NS, "no_user_ns" },
};

static const struct {
	int bit;
	const char *id;
} dangerous_caps[] = {
	{ 21, "cap_sys_admin" },
	{ 19, "cap_sys_ptrace" },
	{ 16, "cap_sys_module" },
	{ 2, "cap_dac_read_search" },
	{ 17, "cap_sys_rawio" },
	{ 12, "cap_net_admin" },
};

/* Exactly 1 to 16 hex digits. */
static int parse_hex64(const char *s, uint64_t *v)
{
	size_t n = 0;
	int d;

	*v = 0;
	for (; *s; s++, n++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -1;
		if (n == 16)
			return -1;
		*v = *v << 4 | (uint64_t)d;
	}
	return n ? 0 : -1;
}

/* A small decimal, 0..max, with an optional newline after it. */
static int parse_small(const char *s, int max)
{
	int v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	return (!*s || (*s == '\n' && !s[1])) ? v : -1;
}

/* The value of "Name:\tvalue" in line, or NULL. */
static const char *field(const char *line, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(line, name, n) || line[n] != ':')
		return NULL;
	line += n + 1;
	while (*line == '\t' || *line == ' ')
		line++;
	return line;
}

static int cap_last(struct ew_surface *s, const char *proc_root)
{
	char path[EW_PATH_LEN], buf[16];
	int last;

	if (ew_surface_path(path, proc_root, "/sys/kernel/cap_last_cap") ||
	    ew_surface_slurp(path, buf, sizeof(buf)) < 0 ||
	    (last = parse_small(buf, 63)) < 0) {
		ew_surface_reason(s, "cap_last_cap cannot be read: privileged or not is unknown");
		return -1;
	}
	s->known |= EW_SK_CAPLAST;
	return last;
}

/* from: "" for the live process, else where eff came from */
static void caps(struct ew_surface *s, const char *proc_root, uint64_t eff,
		 const char *from)
{
	int last = cap_last(s, proc_root);
	uint64_t all;
	size_t i;

	if (last >= 0) {
		all = last == 63 ? UINT64_MAX : (UINT64_C(1) << (last + 1)) - 1;
		if ((eff & all) == all) {
			ew_surface_put(s, "privileged", NULL,
				       "CapEff %016llx holds every capability up to %d%s",
				       (unsigned long long)eff, last, from);
			return;
		}
	}
	for (i = 0; i < sizeof(dangerous_caps) / sizeof(dangerous_caps[0]); i++)
		if (eff >> dangerous_caps[i].bit & 1)
			ew_surface_put(s, dangerous_caps[i].id, NULL,
				       "CapEff %016llx%s", (unsigned long long)eff,
				       from);
}

void ew_surface_status(struct ew_surface *s, const char *proc_root, int pid)
{
	char path[EW_PATH_LEN], line[STATUS_LINE];
	const char *v;
	uint64_t eff = 0;
	int cut, have_eff = 0, seccomp = -1;
	FILE *f;

	if (ew_surface_path(path, proc_root, "/%d/status", pid) ||
	    !(f = fopen(path, "re"))) {
		ew_surface_reason(s, "/proc/%d/status cannot be read", pid);
		return;
	}
	while (ew_surface_line(f, line, sizeof(line), &cut)) {
		if (cut)
			continue;
		if ((v = field(line, "CapEff")))
			have_eff = !parse_hex64(v, &eff);
		else if ((v = field(line, "Seccomp")))
			seccomp = parse_small(v, 9);
		else if ((v = field(line, "NoNewPrivs")))
			s->no_new_privs = parse_small(v, 1);
	}
	fclose(f);
	if (!have_eff) {
		ew_surface_reason(s, "/proc/%d/status has no CapEff", pid);
		return;
	}
	s->known |= EW_SK_STATUS;
	caps(s, proc_root, eff, "");
	if (seccomp == 0)
		ew_surface_put(s, "seccomp_off", NULL, "Seccomp: 0 (no filter)");
	else if (seccomp < 0)
		ew_surface_reason(s, "/proc/%d/status has no Seccomp line", pid);
}

/* A namespace link "type:[inode]"; 0, or -1 unreadable or odd. */
static int ns_link(const char *proc_root, const char *pid, const char *ns,
		   char *buf, size_t size)
{
	char path[EW_PATH_LEN];
	ssize_t n;

	if (ew_surface_path(path, proc_root, "/%s/ns/%s", pid, ns))
		return -1;
	n = readlink(path, buf, size);
	if (n <= 0 || (size_t)n >= size)
		return -1;
	buf[n] = '\0';
	return strncmp(buf, ns, strlen(ns)) || buf[strlen(ns)] != ':' ? -1 : 0;
}

void ew_surface_ns(struct ew_surface *s, const char *proc_root, int pid)
{
	char spid[16], mine[64], host[64];
	size_t i;

	snprintf(spid, sizeof(spid), "%d", pid);
	for (i = 0; i < sizeof(namespaces) / sizeof(namespaces[0]); i++) {
		const char *ns = namespaces[i].name;

		if (ns_link(proc_root, spid, ns, mine, sizeof(mine)) ||
		    ns_link(proc_root, "1", ns, host, sizeof(host))) {
			ew_surface_reason(s, "the %s namespace is unknown (ns/%s unreadable)",
					  ns, ns);
			continue;
		}
		s->known |= namespaces[i].known;
		if (!strcmp(mine, host))
			ew_surface_put(s, namespaces[i].id, NULL, "%s, the host's",
				       mine);
	}
}

void ew_surface_record(struct ew_surface *s, const char *proc_root,
		       const struct ew_exec_record *r)
{
	static const char said[] = " (from the module's record of the exec)";
	size_t i;

	for (i = 0; i < sizeof(namespaces) / sizeof(namespaces[0]); i++)
		if (!(s->known & namespaces[i].known) &&
		    (r->ns_host >> namespaces[i].bit & 1))
			ew_surface_put(s, namespaces[i].id, NULL,
				       "the host's %s namespace%s",
				       namespaces[i].name, said);
	if (s->known & EW_SK_STATUS)
		return;
	caps(s, proc_root, r->cap_effective, said);
	if (!r->seccomp_mode)
		ew_surface_put(s, "seccomp_off", NULL, "no seccomp filter%s",
			       said);
}

/* The label without trailing newlines and NULs (attr files end so). */
static long read_label(const char *proc_root, int pid, const char *name,
		       char *buf, size_t size)
{
	char path[EW_PATH_LEN];
	long n;

	if (ew_surface_path(path, proc_root, "/%d/attr/%s", pid, name))
		return -1;
	n = ew_surface_slurp(path, buf, size);
	if (n < 0)
		return -1;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\0'))
		buf[--n] = '\0';
	return (long)strlen(buf) == n ? n : -1;
}

static int ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && !strcmp(s + n - m, suf);
}

static void apparmor(struct ew_surface *s, const char *label)
{
	if (!strcmp(label, "unconfined") || ends_with(label, " (unconfined)") ||
	    ends_with(label, " (complain)"))
		ew_surface_put(s, "apparmor_unconfined", NULL,
			       "AppArmor: %s", label);
}

/* user:role:type[:level]; the type is the third field. */
static int selinux(struct ew_surface *s, const char *label)
{
	static const char *const free_types[] = {
		"unconfined_t", "spc_t", "unconfined_service_t", "kernel_t",
	};
	const char *a = strchr(label, ':'), *b = a ? strchr(a + 1, ':') : NULL;
	const char *e;
	size_t i, n;

	if (!b)
		return 0;
	e = strchr(b + 1, ':');
	n = e ? (size_t)(e - b - 1) : strlen(b + 1);
	for (i = 0; i < sizeof(free_types) / sizeof(free_types[0]); i++)
		if (strlen(free_types[i]) == n &&
		    !memcmp(b + 1, free_types[i], n))
			ew_surface_put(s, "selinux_unconfined", NULL,
				       "SELinux: %s", label);
	return 1;
}

void ew_surface_lsm(struct ew_surface *s, const char *proc_root, int pid)
{
	char label[LABEL_LEN];

	if (read_label(proc_root, pid, "apparmor/current", label,
		       sizeof(label)) > 0) {
		s->known |= EW_SK_LSM;
		apparmor(s, label);
		return;
	}
	if (read_label(proc_root, pid, "current", label, sizeof(label)) <= 0) {
		ew_surface_reason(s, "no AppArmor or SELinux label: LSM confinement unknown");
		return;
	}
	s->known |= EW_SK_LSM;
	if (!selinux(s, label))
		apparmor(s, label);
}
