/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A container's escape surface: the settings of one of its live processes
 * that matter for getting out (capabilities, seccomp, namespaces shared
 * with the host, LSM confinement, sensitive mounts), each present one an
 * item; then the judgement whether one of them, alone or with others, is
 * an open path out (judge.c has the table), and how an escape command
 * line fares against them (weigh.c).
 *
 * Every file is read under a root directory given by the caller (proc_root
 * "/proc", cgroup_root "/sys/fs/cgroup" in production, a fake tree in
 * tests).  The host's own view is proc_root/1: the reader runs in the
 * host's namespaces.  Nothing here allocates what the caller must free.
 */
#ifndef EW_SURFACE_H
#define EW_SURFACE_H

#include <stddef.h>

#define EW_SURFACE_ITEMS	32	/* items kept; more are counted */
#define EW_SURFACE_REASONS	8	/* reasons kept; more are counted */
#define EW_SURFACE_OPEN		16	/* open paths kept (judge.c rows) */
#define EW_SURFACE_DETAIL	320
#define EW_SURFACE_WHERE	256
#define EW_SURFACE_REASON	160

/* What could be read (struct ew_surface.known); unknown is not absent. */
#define EW_SK_STATUS	0x01	/* /proc/PID/status: CapEff, Seccomp */
#define EW_SK_CAPLAST	0x02	/* cap_last_cap, so "privileged" is known */
#define EW_SK_PID_NS	0x04
#define EW_SK_NET_NS	0x08
#define EW_SK_IPC_NS	0x10
#define EW_SK_USER_NS	0x20
#define EW_SK_MNT_NS	0x40
#define EW_SK_LSM	0x80	/* AppArmor or SELinux label read */
#define EW_SK_MOUNTS	0x100	/* both mountinfo files read */

struct ew_surface_item {
	char id[24];		/* stable short name, e.g. "cap_sys_admin" */
	/* what and where, for a person: a mount point and host path, a
	 * socket path, a label; bytes as read (escape them for output)
	 */
	char detail[EW_SURFACE_DETAIL];
	/* a mount item's mount point in the container, "" otherwise or
	 * when it did not fit (where_cut)
	 */
	char where[EW_SURFACE_WHERE];
	int where_cut;
	const char *gives;	/* one sentence: what it gives an attacker */
};

/* One row of judge.c's table, as it matched. */
struct ew_surface_path {
	const char *name;	/* e.g. "sys_admin_release_agent" */
	const char *why;	/* one sentence: why this is a way out */
	const char *technique;	/* public technique / tool exploit names */
};

struct ew_surface {
	int pid;		/* the process read, 0 when none */
	unsigned int known;	/* EW_SK_* */
	unsigned int nitems;
	unsigned int items_dropped;
	struct ew_surface_item items[EW_SURFACE_ITEMS];
	/* what could not be read, one sentence each */
	unsigned int nreasons;
	unsigned int reasons_dropped;
	char reasons[EW_SURFACE_REASONS][EW_SURFACE_REASON];
	unsigned int mount_lines_skipped;	/* malformed mountinfo lines */
	int no_new_privs;	/* NoNewPrivs: 0, 1, or -1 unknown */
	/* ew_surface_judge(): 1 when some path out is open */
	int open;
	unsigned int nopen;
	struct ew_surface_path paths[EW_SURFACE_OPEN];
};

/* An empty surface: nothing known, no item, not open. */
void ew_surface_init(struct ew_surface *s);

struct ew_exec_record;

/*
 * Read the surface of the container of record rec, whose cgroup v2 path
 * is cgroup[0..cgroup_len) (not necessarily NUL-terminated): the process
 * read is the first live process other than rec's pid listed in
 * cgroup_root/<path>/cgroup.procs that proc_root/PID shows in that path
 * and in rec's PID namespace, else rec's pid itself when it still does (a
 * pid not reused): the process that exec'd an escape command may have
 * left the container's view since (chroot, nsenter).  Starts with
 * ew_surface_init().  Returns 0 when a process was read (parts may still
 * be unknown: see known and reasons), -1 when no process was (the surface
 * is unknown; one reason says why).
 */
int ew_surface_read(struct ew_surface *s, const char *proc_root,
		    const char *cgroup_root, const struct ew_exec_record *rec,
		    const char *cgroup, size_t cgroup_len);

/*
 * What the live view left unknown, from the module's record of the exec:
 * a namespace whose link could not be read is an item when the record
 * says it was the host's; when status could not be read, the record's
 * effective capabilities (every one up to proc_root's cap_last_cap:
 * "privileged") and seccomp mode.  Items say they came from the record.
 */
void ew_surface_record(struct ew_surface *s, const char *proc_root,
		       const struct ew_exec_record *r);

/*
 * Add an item the live view cannot show (e.g. "privileged" from the
 * runtime's config).  id must be one of the item ids (surface.c's table);
 * an item with that id and no mount point already there is kept as it is.
 * Returns 0, or -1 for an unknown id or a full list (counted).
 */
int ew_surface_add(struct ew_surface *s, const char *id, const char *detail);

/* 1 when an item with this id is present ("privileged" counts as every
 * "cap_*" item too), else 0.
 */
int ew_surface_has(const struct ew_surface *s, const char *id);

/* Fill open, nopen and paths from the items, by judge.c's table. */
void ew_surface_judge(struct ew_surface *s);

enum ew_weigh {
	EW_WEIGH_UNKNOWN,	/* not such a command, or surface unknown */
	EW_WEIGH_CONTAINED,	/* it stays in the container */
	EW_WEIGH_ESCAPE,	/* it reaches the host */
};

/*
 * Weigh an escape command line argv[0..argc) against the surface: nsenter
 * with target PID 1, chroot into an absolute directory.  Writes one
 * sentence saying why into why[0..size) (snprintf rules; "" for plain
 * UNKNOWN).  Pure: reads nothing but its arguments.
 */
enum ew_weigh ew_surface_weigh(const struct ew_surface *s,
			       const char *const *argv, int argc,
			       char *why, size_t size);

#endif
