// SPDX-License-Identifier: GPL-2.0
/*
 * The escape surface, read from fake /proc and cgroup trees in a temp
 * directory: each item present and absent, privileged against
 * cap_last_cap, the choice of process, mountinfo parsing (escapes,
 * malformed and overlong lines), the judgement's rows, and nsenter /
 * chroot weighed against the surface; and the processes captured in the
 * Podman VM (samples/proc) read as they are.
 *
 * The mountinfo lines take their shape from proc(5) and from what the
 * runtimes set up: a Debian host (ext4 root on 8:1, devtmpfs /dev, tmpfs
 * /run, cgroup2), a Docker container with its defaults (overlay root, its
 * own proc with /proc/sys and /proc/bus bound read-only, tmpfs /dev,
 * read-only sysfs and cgroup2, resolv.conf, hostname and hosts bound from
 * /var/lib/docker/containers/<id>/), a Kubernetes pod's /etc/hosts from
 * /var/lib/kubelet/pods/<uid>/etc-hosts, and rootless Podman's device
 * nodes bound from the host's devtmpfs.  Device numbers and ids are ours.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "tmptree.h"
#include "container/mountinfo.h"
#include "container/surface.h"
#include "../../include/uapi/escapewatch.h"

#define PID	4242
#define CG	"/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope"
#define DOCKER_ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* Docker's default capabilities (CHOWN ... AUDIT_WRITE, SETFCAP). */
#define CAPS_DOCKER	"00000000a80425fb"

static const char host_mountinfo[] =
	"22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro\n"
	"23 22 0:5 / /dev rw,nosuid,relatime shared:2 - devtmpfs udev rw,size=4010836k,nr_inodes=1002709,mode=755,inode64\n"
	"24 22 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
	"25 22 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:13 - proc proc rw\n"
	"26 22 0:24 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=804820k,mode=755,inode64\n"
	"27 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n"
	"28 22 8:2 / /var/log rw,relatime shared:30 - ext4 /dev/sda2 rw\n";

/* A Docker container with its defaults: no sensitive mount. */
static const char docker_mountinfo[] =
	"700 650 0:60 / / rw,relatime master:300 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/XQ3L6S5TNN2VQ5BS4Y6EFX3MCJ:/var/lib/docker/overlay2/l/6Q5YRWDQ3GGBNSYZWOLRLMXD2T,upperdir=/var/lib/docker/overlay2/4c9f/diff,workdir=/var/lib/docker/overlay2/4c9f/work\n"
	"701 700 0:63 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"
	"702 700 0:64 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755,inode64\n"
	"703 702 0:65 / /dev/pts rw,nosuid,noexec,relatime - devpts devpts rw,gid=5,mode=620,ptmxmode=666\n"
	"704 700 0:66 / /sys ro,nosuid,nodev,noexec,relatime - sysfs sysfs ro\n"
	"705 704 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw,nsdelegate,memory_recursiveprot\n"
	"706 702 0:62 / /dev/mqueue rw,nosuid,nodev,noexec,relatime - mqueue mqueue rw\n"
	"707 702 0:67 / /dev/shm rw,nosuid,nodev,noexec,relatime - tmpfs shm rw,size=65536k,inode64\n"
	"708 700 8:1 /var/lib/docker/containers/" DOCKER_ID "/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/sda1 rw,errors=remount-ro\n"
	"709 700 8:1 /var/lib/docker/containers/" DOCKER_ID "/hostname /etc/hostname rw,relatime - ext4 /dev/sda1 rw,errors=remount-ro\n"
	"710 700 8:1 /var/lib/docker/containers/" DOCKER_ID "/hosts /etc/hosts rw,relatime - ext4 /dev/sda1 rw,errors=remount-ro\n"
	"651 701 0:63 /bus /proc/bus ro,nosuid,nodev,noexec,relatime - proc proc rw\n"
	"652 701 0:63 /sys /proc/sys ro,nosuid,nodev,noexec,relatime - proc proc rw\n"
	"653 701 0:68 / /proc/acpi ro,relatime - tmpfs tmpfs ro,inode64\n"
	"654 701 0:64 /null /proc/kcore rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755,inode64\n"
	"655 704 0:69 / /sys/firmware ro,relatime - tmpfs tmpfs ro,inode64\n";

static char root[64];

/* ---- the fake tree ---- */

static void mkdirs(const char *path)
{
	char buf[512];
	char *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
	mkdir(buf, 0755);
}

static void full(char *out, size_t size, const char *rel)
{
	assert_true((size_t)snprintf(out, size, "%s/%s", root, rel) < size);
}

static void put(const char *rel, const char *text)
{
	char path[512], dir[512];
	char *slash;
	FILE *f;

	full(path, sizeof(path), rel);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	mkdirs(dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void putf(const char *rel, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void putf(const char *rel, const char *fmt, ...)
{
	char text[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	put(rel, text);
}

static void drop(const char *rel)
{
	char path[512];

	full(path, sizeof(path), rel);
	unlink(path);
}

static void link_ns(int pid, const char *ns, const char *target)
{
	char rel[128], path[512];

	snprintf(rel, sizeof(rel), "%d/ns", pid);
	full(path, sizeof(path), rel);
	mkdirs(path);
	snprintf(rel, sizeof(rel), "%d/ns/%s", pid, ns);
	full(path, sizeof(path), rel);
	unlink(path);
	assert_int_equal(symlink(target, path), 0);
}

static void status(int pid, const char *capeff, const char *seccomp)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "%d/status", pid);
	putf(rel, "Name:\tsh\nUmask:\t0022\nState:\tS (sleeping)\n"
	     "Pid:\t%d\nCapInh:\t0000000000000000\nCapPrm:\t%s\n"
	     "CapEff:\t%s\nCapBnd:\t%s\nCapAmb:\t0000000000000000\n"
	     "NoNewPrivs:\t0\n%s%s%s"
	     "Seccomp_filters:\t1\nSpeculation_Store_Bypass:\tthread vulnerable\n",
	     pid, capeff, capeff, capeff, seccomp ? "Seccomp:\t" : "",
	     seccomp ? seccomp : "", seccomp ? "\n" : "");
}

static void cgroup_of(int pid, const char *cg)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "%d/cgroup", pid);
	putf(rel, "0::%s\n", cg);
}

static void host_ns(int pid)
{
	link_ns(pid, "pid", "pid:[4026531836]");
	link_ns(pid, "net", "net:[4026531840]");
	link_ns(pid, "ipc", "ipc:[4026531839]");
	link_ns(pid, "mnt", "mnt:[4026531841]");
	link_ns(pid, "user", "user:[4026531837]");
	link_ns(pid, "uts", "uts:[4026531838]");
	link_ns(pid, "cgroup", "cgroup:[4026531835]");
}

static void own_ns(int pid)
{
	link_ns(pid, "pid", "pid:[4026532301]");
	link_ns(pid, "net", "net:[4026532304]");
	link_ns(pid, "ipc", "ipc:[4026532300]");
	link_ns(pid, "mnt", "mnt:[4026532298]");
	link_ns(pid, "user", "user:[4026531837]");	/* Docker: the host's */
	link_ns(pid, "uts", "uts:[4026532299]");
	link_ns(pid, "cgroup", "cgroup:[4026532302]");
}

/* The number in proc_root/pid/ns/pid's "pid:[N]", or dflt without one. */
static unsigned int pid_link(int pid, unsigned int dflt)
{
	char rel[64], path[512], link[64];
	unsigned int inum;
	ssize_t n;

	snprintf(rel, sizeof(rel), "%d/ns/pid", pid);
	full(path, sizeof(path), rel);
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return dflt;
	link[n] = '\0';
	assert_int_equal(sscanf(link, "pid:[%u]", &inum), 1);
	return inum;
}

/*
 * A record of process pid in PID namespace inum, or, for inum 0, in the
 * one proc_root/pid/ns/pid names (own_ns()'s without the link); the
 * host's when it is proc_root/1's.
 */
static const struct ew_exec_record *rec_in(int pid, unsigned int inum)
{
	static struct ew_exec_record r;

	memset(&r, 0, sizeof(r));
	r.pid = (__u32)pid;
	r.ns_host = 1u << EW_NS_USER;
	if (!inum)
		inum = pid_link(pid, 4026532301u);
	r.ns_inum[EW_NS_PID] = inum;
	if (inum == pid_link(1, 4026531836u))
		r.ns_host |= 1u << EW_NS_PID;
	return &r;
}

static const struct ew_exec_record *rec_of(int pid)
{
	return rec_in(pid, 4026532301u);
}

/* A Docker container with its defaults, as process PID. */
static void docker_container(int pid)
{
	char rel[64];

	status(pid, CAPS_DOCKER, "2");
	cgroup_of(pid, CG);
	own_ns(pid);
	snprintf(rel, sizeof(rel), "%d/attr/current", pid);
	put(rel, "docker-default (enforce)\n");
	snprintf(rel, sizeof(rel), "%d/mountinfo", pid);
	put(rel, docker_mountinfo);
}

static int setup(void **state)
{
	(void)state;
	if (tmptree_make(root, sizeof(root), "surface"))
		return -1;
	put("sys/kernel/cap_last_cap", "40\n");
	status(1, "000001ffffffffff", "0");
	cgroup_of(1, "/init.scope");
	host_ns(1);
	put("1/attr/current", "unconfined\n");
	put("1/mountinfo", host_mountinfo);
	docker_container(PID);
	putf("cgroup" CG "/cgroup.procs", "%d\n", PID);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return tmptree_remove(root);
}

/* ---- reading ---- */

static void read_it(struct ew_surface *s)
{
	char proc[128], cg[128];

	snprintf(proc, sizeof(proc), "%s", root);
	snprintf(cg, sizeof(cg), "%s/cgroup", root);
	assert_int_equal(ew_surface_read(s, proc, cg, rec_in(PID, 0), CG, strlen(CG)), 0);
	assert_int_equal(s->pid, PID);
}

static const struct ew_surface_item *item(const struct ew_surface *s,
					  const char *id)
{
	unsigned int i;

	for (i = 0; i < s->nitems; i++)
		if (!strcmp(s->items[i].id, id))
			return &s->items[i];
	return NULL;
}

static unsigned int count(const struct ew_surface *s, const char *id)
{
	unsigned int i, n = 0;

	for (i = 0; i < s->nitems; i++)
		n += !strcmp(s->items[i].id, id);
	return n;
}

/* The items' ids, space-separated, in the order found. */
static const char *ids(const struct ew_surface *s)
{
	static char buf[1024];
	unsigned int i;
	size_t n = 0;

	buf[0] = '\0';
	for (i = 0; i < s->nitems; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
				      i ? " " : "", s->items[i].id);
	return buf;
}

static int has_reason(const struct ew_surface *s, const char *part)
{
	unsigned int i;

	for (i = 0; i < s->nreasons; i++)
		if (strstr(s->reasons[i], part))
			return 1;
	return 0;
}

static void set_mounts(const char *extra)
{
	char rel[64];
	char *text = malloc(sizeof(docker_mountinfo) + strlen(extra));

	assert_non_null(text);
	strcpy(text, docker_mountinfo);
	strcat(text, extra);
	snprintf(rel, sizeof(rel), "%d/mountinfo", PID);
	put(rel, text);
	free(text);
}

#define ALL_KNOWN	(EW_SK_STATUS | EW_SK_CAPLAST | EW_SK_PID_NS | \
			 EW_SK_NET_NS | EW_SK_IPC_NS | EW_SK_USER_NS | \
			 EW_SK_MNT_NS | EW_SK_LSM | EW_SK_MOUNTS)

static void docker_defaults(void **state)
{
	struct ew_surface s;

	(void)state;
	read_it(&s);
	assert_string_equal(ids(&s), "no_user_ns");
	assert_int_equal(s.known, ALL_KNOWN);
	assert_int_equal(s.nreasons, 0);
	assert_int_equal(s.mount_lines_skipped, 0);
	assert_int_equal(s.no_new_privs, 0);
	assert_non_null(s.items[0].gives);
	ew_surface_judge(&s);
	assert_int_equal(s.open, 0);
	assert_int_equal(s.nopen, 0);
}

static void each_capability(void **state)
{
	static const struct {
		int bit;
		const char *id;
	} caps[] = {
		{ 21, "cap_sys_admin" }, { 19, "cap_sys_ptrace" },
		{ 16, "cap_sys_module" }, { 2, "cap_dac_read_search" },
		{ 17, "cap_sys_rawio" }, { 12, "cap_net_admin" },
	};
	struct ew_surface s;
	char hex[17], want[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		snprintf(hex, sizeof(hex), "%016llx",
			 strtoull(CAPS_DOCKER, NULL, 16) |
			 1ULL << caps[i].bit);
		status(PID, hex, "2");
		read_it(&s);
		/* status is read before the namespaces */
		snprintf(want, sizeof(want), "%s no_user_ns", caps[i].id);
		assert_string_equal(ids(&s), want);
	}
}

static void privileged_by_cap_last_cap(void **state)
{
	struct ew_surface s;

	(void)state;
	/* capabilities 0-40 */
	status(PID, "000001ffffffffff", "2");
	put("sys/kernel/cap_last_cap", "40\n");
	read_it(&s);
	assert_non_null(item(&s, "privileged"));
	assert_null(item(&s, "cap_sys_admin"));
	assert_true(ew_surface_has(&s, "cap_sys_admin"));
	assert_non_null(strstr(item(&s, "privileged")->detail, "up to 40"));

	/* a kernel with 41: capability 41 is missing */
	put("sys/kernel/cap_last_cap", "41\n");
	read_it(&s);
	assert_null(item(&s, "privileged"));
	assert_non_null(item(&s, "cap_sys_admin"));
	assert_non_null(item(&s, "cap_sys_module"));
	assert_int_equal(count(&s, "cap_net_admin"), 1);

	status(PID, "000003ffffffffff", "2");
	read_it(&s);
	assert_non_null(item(&s, "privileged"));

	/* cap_last_cap unreadable or nonsense: caps each, a reason */
	put("sys/kernel/cap_last_cap", "sixty\n");
	read_it(&s);
	assert_null(item(&s, "privileged"));
	assert_non_null(item(&s, "cap_sys_admin"));
	assert_false(s.known & EW_SK_CAPLAST);
	assert_true(has_reason(&s, "cap_last_cap"));
	drop("sys/kernel/cap_last_cap");
	read_it(&s);
	assert_null(item(&s, "privileged"));
	put("sys/kernel/cap_last_cap", "40\n");

	/* a bad CapEff: status unknown, no item */
	status(PID, "xyz", "2");
	read_it(&s);
	assert_false(s.known & EW_SK_STATUS);
	assert_null(item(&s, "cap_sys_admin"));
	assert_true(has_reason(&s, "CapEff"));
	status(PID, "00000000000000001", "2");	/* 17 digits */
	read_it(&s);
	assert_false(s.known & EW_SK_STATUS);
}

static void seccomp(void **state)
{
	struct ew_surface s;

	(void)state;
	status(PID, CAPS_DOCKER, "0");
	read_it(&s);
	assert_non_null(item(&s, "seccomp_off"));
	status(PID, CAPS_DOCKER, "2");
	read_it(&s);
	assert_null(item(&s, "seccomp_off"));
	status(PID, CAPS_DOCKER, NULL);
	read_it(&s);
	assert_null(item(&s, "seccomp_off"));
	assert_true(has_reason(&s, "Seccomp"));
}

static void namespaces(void **state)
{
	static const struct {
		const char *ns, *id;
		unsigned int known;
	} t[] = {
		{ "pid", "host_pid_ns", EW_SK_PID_NS },
		{ "net", "host_net_ns", EW_SK_NET_NS },
		{ "ipc", "host_ipc_ns", EW_SK_IPC_NS },
		{ "mnt", "host_mnt_ns", EW_SK_MNT_NS },
	};
	struct ew_surface s;
	char host[64], rel[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		own_ns(PID);
		snprintf(host, sizeof(host), "%s:[%ld]", t[i].ns, 4026531836L + (long)i);
		link_ns(1, t[i].ns, host);
		link_ns(PID, t[i].ns, host);
		read_it(&s);
		assert_non_null(item(&s, t[i].id));
		assert_int_equal(count(&s, t[i].id), 1);
		/* missing: unknown, no item */
		snprintf(rel, sizeof(rel), "%d/ns/%s", PID, t[i].ns);
		drop(rel);
		read_it(&s);
		assert_null(item(&s, t[i].id));
		assert_false(s.known & t[i].known);
		assert_true(has_reason(&s, t[i].ns));
	}
	host_ns(1);
	own_ns(PID);

	/* a user namespace of its own (rootless Podman) */
	link_ns(PID, "user", "user:[4026532500]");
	read_it(&s);
	assert_null(item(&s, "no_user_ns"));
	assert_true(s.known & EW_SK_USER_NS);
	/* a link that is not "user:[...]" */
	link_ns(PID, "user", "garbage");
	read_it(&s);
	assert_false(s.known & EW_SK_USER_NS);
	assert_null(item(&s, "no_user_ns"));
	own_ns(PID);
}

/*
 * What /proc could not say, the module's record says: a namespace only
 * where its link was unreadable, capabilities and seccomp only where
 * status was; every such item says where it came from.
 */
static void record_fills_gaps(void **state)
{
	struct ew_exec_record r;
	struct ew_surface s;
	char rel[64], cg[128];

	(void)state;
	snprintf(cg, sizeof(cg), "%s/cgroup", root);
	memset(&r, 0, sizeof(r));
	r.ns_host = 1u << EW_NS_PID | 1u << EW_NS_NET | 1u << EW_NS_USER;
	r.cap_effective = 0x1ffffffffffULL;	/* 0-40: every one */
	r.seccomp_mode = 0;

	/* all read: the record adds nothing */
	read_it(&s);
	ew_surface_record(&s, root, &r);
	assert_string_equal(ids(&s), "no_user_ns");

	/* the pid link unreadable: pid from the record, net not */
	snprintf(rel, sizeof(rel), "%d/ns/pid", PID);
	drop(rel);
	read_it(&s);
	ew_surface_record(&s, root, &r);
	assert_string_equal(ids(&s), "no_user_ns host_pid_ns");
	assert_non_null(strstr(item(&s, "host_pid_ns")->detail, "record"));

	/* no process left to read (status gone: not alive): all of it */
	snprintf(rel, sizeof(rel), "%d/status", PID);
	drop(rel);
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG, strlen(CG)), -1);
	ew_surface_record(&s, root, &r);
	assert_string_equal(ids(&s), "host_pid_ns host_net_ns no_user_ns privileged seccomp_off");
	assert_non_null(strstr(item(&s, "privileged")->detail, "record"));
	assert_non_null(strstr(item(&s, "seccomp_off")->detail, "record"));

	/* a kernel with 41 capabilities: not all, so each dangerous one */
	put("sys/kernel/cap_last_cap", "41\n");
	r.seccomp_mode = 2;
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG, strlen(CG)), -1);
	ew_surface_record(&s, root, &r);
	assert_null(item(&s, "privileged"));
	assert_non_null(item(&s, "cap_sys_admin"));
	assert_non_null(item(&s, "cap_net_admin"));
	assert_null(item(&s, "seccomp_off"));

	/* Docker's default set from the record: none of the dangerous */
	r.cap_effective = strtoull(CAPS_DOCKER, NULL, 16);
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG, strlen(CG)), -1);
	ew_surface_record(&s, root, &r);
	assert_string_equal(ids(&s), "host_pid_ns host_net_ns no_user_ns");
}

static void lsm(void **state)
{
	static const struct {
		const char *file, *label, *id;
	} t[] = {
		{ "attr/current", "unconfined\n", "apparmor_unconfined" },
		{ "attr/current", "docker-default (enforce)\n", NULL },
		{ "attr/current", "cri-containerd.apparmor.d (complain)\n", "apparmor_unconfined" },
		{ "attr/current", "runc (unconfined)\n", "apparmor_unconfined" },
		{ "attr/apparmor/current", "unconfined\n", "apparmor_unconfined" },
		{ "attr/apparmor/current", "docker-default (enforce)\n", NULL },
		{ "attr/current", "system_u:system_r:spc_t:s0", "selinux_unconfined" },
		{ "attr/current", "unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023", "selinux_unconfined" },
		{ "attr/current", "system_u:system_r:container_t:s0:c245,c786", NULL },
		{ "attr/current", "system_u:system_r:spc_t_not:s0", NULL },
	};
	struct ew_surface s;
	char rel[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(rel, sizeof(rel), "%d/attr/current", PID);
		put(rel, "");
		snprintf(rel, sizeof(rel), "%d/attr/apparmor/current", PID);
		drop(rel);
		snprintf(rel, sizeof(rel), "%d/%s", PID, t[i].file);
		put(rel, t[i].label);
		read_it(&s);
		assert_true(s.known & EW_SK_LSM);
		if (t[i].id) {
			assert_non_null(item(&s, t[i].id));
		} else {
			assert_null(item(&s, "apparmor_unconfined"));
			assert_null(item(&s, "selinux_unconfined"));
		}
	}
	/* apparmor/current wins over current */
	snprintf(rel, sizeof(rel), "%d/attr/apparmor/current", PID);
	put(rel, "docker-default (enforce)\n");
	snprintf(rel, sizeof(rel), "%d/attr/current", PID);
	put(rel, "unconfined\n");
	read_it(&s);
	assert_null(item(&s, "apparmor_unconfined"));

	/* no LSM: empty label, unknown, no item */
	snprintf(rel, sizeof(rel), "%d/attr/apparmor/current", PID);
	drop(rel);
	snprintf(rel, sizeof(rel), "%d/attr/current", PID);
	put(rel, "");
	read_it(&s);
	assert_false(s.known & EW_SK_LSM);
	assert_true(has_reason(&s, "LSM"));
	assert_null(item(&s, "apparmor_unconfined"));
	put(rel, "docker-default (enforce)\n");
}

/* ---- which process ---- */

static void process_choice(void **state)
{
	struct ew_surface s;
	char cg[128];

	(void)state;
	snprintf(cg, sizeof(cg), "%s/cgroup", root);

	/* the pid reused by a host process: the cgroup.procs one */
	docker_container(5000);
	status(5000, "000001ffffffffff", "0");	/* tells them apart */
	cgroup_of(PID, "/user.slice/user-1000.slice/session-3.scope");
	putf("cgroup" CG "/cgroup.procs", "999\n5000\n");
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG, strlen(CG)), 0);
	assert_int_equal(s.pid, 5000);
	assert_non_null(item(&s, "privileged"));

	/* the record's pid is gone: the same */
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(31337), CG, strlen(CG)), 0);
	assert_int_equal(s.pid, 5000);

	/* the record's pid still in the container, beside another: the
	 * other (the record's may have chrooted or left its namespaces) */
	cgroup_of(PID, CG);
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG, strlen(CG)), 0);
	assert_int_equal(s.pid, 5000);

	/* the record's pid the container's only process: it */
	putf("cgroup" CG "/cgroup.procs", "%d\n", PID);
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG, strlen(CG)), 0);
	assert_int_equal(s.pid, PID);

	/* a cgroup path not NUL-terminated: only len counts */
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG "/x",
					 strlen(CG)), 0);
	assert_int_equal(s.pid, PID);

	/* a zombie (its namespaces and mounts gone) is passed over */
	putf("cgroup" CG "/cgroup.procs", "5000\n%d\n", PID);
	putf("5000/status", "Name:\tsh\nState:\tZ (zombie)\n");
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG, strlen(CG)), 0);
	assert_int_equal(s.pid, PID);
	status(5000, "000001ffffffffff", "0");

	/* the cgroup's file gone, the record's pid still there: it */
	drop("cgroup" CG "/cgroup.procs");
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG, strlen(CG)), 0);
	assert_int_equal(s.pid, PID);

	/* no process left: cgroup.procs lists none alive in it */
	cgroup_of(PID, "/elsewhere");
	cgroup_of(5000, "/elsewhere");
	putf("cgroup" CG "/cgroup.procs", "999\n5000\nnot-a-pid\n-3\n\n");
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG, strlen(CG)), -1);
	assert_int_equal(s.pid, 0);
	assert_int_equal(s.nitems, 0);
	assert_int_equal(s.known, 0);
	assert_true(has_reason(&s, "the container has no process left"));

	/* the cgroup itself gone */
	drop("cgroup" CG "/cgroup.procs");
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG, strlen(CG)), -1);
	assert_true(has_reason(&s, "the container has no process left"));

	/* paths that would leave the cgroup root */
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), "/../../etc", 10), -1);
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), "relative", 8), -1);
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), "/a/./b", 6), -1);
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), "/a\0b", 4), -1);
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), "", 0), -1);
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), NULL, 0), -1);
	assert_true(has_reason(&s, "cgroup path"));

	cgroup_of(PID, CG);
	putf("cgroup" CG "/cgroup.procs", "%d\n", PID);
}

/*
 * A process of the host's PID namespace in the container's cgroup (a
 * shell that wrote itself into cgroup.procs and then started the
 * container, a runtime's helper) is not read: its view is the host's.
 */
static void process_pid_namespace(void **state)
{
	struct ew_surface s;
	char cg[128];

	(void)state;
	snprintf(cg, sizeof(cg), "%s/cgroup", root);
	status(5000, "000001ffffffffff", "0");
	cgroup_of(5000, CG);
	host_ns(5000);
	putf("cgroup" CG "/cgroup.procs", "5000\n%d\n", PID);

	/* by its pid link: passed over, the record's own pid read */
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG,
					 strlen(CG)), 0);
	assert_int_equal(s.pid, PID);
	assert_null(item(&s, "privileged"));

	/* alone in the cgroup: no process of the container left */
	cgroup_of(PID, "/elsewhere");
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG,
					 strlen(CG)), -1);
	assert_true(has_reason(&s, "the container has no process left"));
	cgroup_of(PID, CG);

	/* in the container's namespace by its link: read */
	own_ns(5000);
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG,
					 strlen(CG)), 0);
	assert_int_equal(s.pid, 5000);

	/* the links unreadable (no ptrace access): NSpid's depth */
	drop("5000/ns/pid");
	putf("5000/status", "Name:\tsh\nState:\tS (sleeping)\nNSpid:\t5000\n"
	     "CapEff:\t000001ffffffffff\nSeccomp:\t0\n");
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG,
					 strlen(CG)), 0);
	assert_int_equal(s.pid, PID);
	putf("5000/status", "Name:\tsh\nState:\tS (sleeping)\nNSpid:\t5000\t7\n"
	     "CapEff:\t000001ffffffffff\nSeccomp:\t0\n");
	assert_int_equal(ew_surface_read(&s, root, cg, rec_of(PID), CG,
					 strlen(CG)), 0);
	assert_int_equal(s.pid, 5000);

	/* a container in the host's PID namespace (--pid=host): the
	 * host-level process is of it */
	host_ns(5000);
	putf("5000/status", "Name:\tsh\nState:\tS (sleeping)\nNSpid:\t5000\n"
	     "CapEff:\t000001ffffffffff\nSeccomp:\t0\n");
	assert_int_equal(ew_surface_read(&s, root, cg, rec_in(PID, 4026531836u),
					 CG, strlen(CG)), 0);
	assert_int_equal(s.pid, 5000);
	drop("5000/ns/pid");
	assert_int_equal(ew_surface_read(&s, root, cg, rec_in(PID, 4026531836u),
					 CG, strlen(CG)), 0);
	assert_int_equal(s.pid, 5000);

	putf("cgroup" CG "/cgroup.procs", "%d\n", PID);
}

/* ---- mountinfo ---- */

static void mountinfo_fields(void **state)
{
	char line[] = "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue";
	char esc[] = "41 22 8:1 /srv/a\\040b\\011c\\134d /mnt/x\\040y ro,relatime shared:9 master:2 - ext4 /dev/my\\040disk ro";
	char none[] = "42 22 0:30 / /x rw - tmpfs tmpfs rw";
	/* Docker's /run/docker/netns/default, on every Docker host */
	char nsfs[] = "245 29 0:4 net:[4026531840] /run/docker/netns/default rw - nsfs nsfs rw";
	struct ew_mount m;

	(void)state;
	assert_int_equal(ew_mountinfo_parse(line, 0, &m), 0);
	assert_int_equal(m.major, 98);
	assert_int_equal(m.minor, 0);
	assert_string_equal(m.root, "/mnt1");
	assert_string_equal(m.point, "/mnt2");
	assert_string_equal(m.fstype, "ext3");
	assert_string_equal(m.source, "/dev/root");
	assert_int_equal(m.rw, 1);
	assert_int_equal(m.super_rw, 1);

	assert_int_equal(ew_mountinfo_parse(esc, 0, &m), 0);
	assert_string_equal(m.root, "/srv/a b\tc\\d");
	assert_string_equal(m.point, "/mnt/x y");
	assert_string_equal(m.source, "/dev/my disk");
	assert_int_equal(m.rw, 0);
	assert_int_equal(m.super_rw, 0);

	assert_int_equal(ew_mountinfo_parse(none, 0, &m), 0);
	assert_string_equal(m.point, "/x");

	assert_int_equal(ew_mountinfo_parse(nsfs, 0, &m), 0);
	assert_string_equal(m.root, "net:[4026531840]");
	assert_string_equal(m.fstype, "nsfs");
}

static void mountinfo_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 ext3 /dev/root rw",
		"36 35 98 /mnt1 /mnt2 rw - ext3 /dev/root rw",
		"36 35 98:x /mnt1 /mnt2 rw - ext3 /dev/root rw",
		"36 35 :0 /mnt1 /mnt2 rw - ext3 /dev/root rw",
		"x6 35 98:0 /mnt1 /mnt2 rw - ext3 /dev/root rw",
		"36 35 98:0 mnt1 /mnt2 rw - ext3 /dev/root rw",
		"36 35 0:4 net:[] /mnt2 rw - nsfs nsfs rw",
		"36 35 0:4 net:[12]x /mnt2 rw - nsfs nsfs rw",
		"36 35 0:4 :[12] /mnt2 rw - nsfs nsfs rw",
		"36 35 0:4 Net:[12] /mnt2 rw - nsfs nsfs rw",
		"36 35 98:0 /mnt1 mnt2 rw - ext3 /dev/root rw",
		"36 35 98:0 /mnt\\0401 /mnt2\\9 rw - ext3 /dev/root rw",
		"36 35 98:0 /mnt\\000 /mnt2 rw - ext3 /dev/root rw",
		"36 35 98:0 /mnt\\04 /mnt2 rw - ext3 /dev/root rw",
		"36 35 98:0 /mnt1 /mnt2 rw -",
		"36 35 98:0 /mnt1 /mnt2 rw - ",
		"36 35 98:0 /mnt1",
		"36 35 1234567890:0 /mnt1 /mnt2 rw - ext3 /dev/root rw",
	};
	char buf[256];
	struct ew_mount m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", bad[i]);
		if (ew_mountinfo_parse(buf, 0, &m) != -1)
			fail_msg("bad[%zu] parsed: %s", i, bad[i]);
	}
}

static void mountinfo_in_tree(void **state)
{
	struct ew_surface s;
	char *extra, *p;
	size_t n = 3 * EW_MOUNTINFO_LINE;

	(void)state;
	extra = malloc(n);
	assert_non_null(extra);
	/* an overlay with super options longer than a line: still read;
	 * a mount point longer than a line: skipped; two malformed lines
	 * around a host root bind whose mount point has a space
	 */
	p = extra;
	p += sprintf(p, "800 700 0:90 / /layers rw - overlay overlay rw,lowerdir=");
	while ((size_t)(p - extra) < EW_MOUNTINFO_LINE + 100)
		p += sprintf(p, "/var/lib/docker/overlay2/l/ABCDEFGHIJKLMNOP:");
	p += sprintf(p, "/x\n801 700 0:26 / /");
	while ((size_t)(p - extra) < 2 * EW_MOUNTINFO_LINE + 300)
		*p++ = 'a';
	p += sprintf(p, " rw - cgroup2 cgroup rw\n"
		     "not a mountinfo line\n"
		     "802 700 8:1 / /host\\040root rw,relatime - ext4 /dev/sda1 rw\n"
		     "803 700 8:1 /etc /h\\9etc rw - ext4 /dev/sda1 rw\n");
	set_mounts(extra);
	free(extra);
	read_it(&s);
	assert_int_equal(s.mount_lines_skipped, 3);
	assert_true(has_reason(&s, "3 malformed mountinfo lines"));
	assert_true(s.known & EW_SK_MOUNTS);
	assert_string_equal(ids(&s), "no_user_ns mount_host_root");
	assert_string_equal(item(&s, "mount_host_root")->where, "/host root");
	assert_null(item(&s, "cgroupfs_writable"));	/* the skipped one */

	/* an unreadable mountinfo: unknown, a reason */
	set_mounts("");
	drop("4242/mountinfo");
	read_it(&s);
	assert_false(s.known & EW_SK_MOUNTS);
	assert_true(has_reason(&s, "mountinfo"));
	set_mounts("");
	drop("1/mountinfo");
	read_it(&s);
	assert_false(s.known & EW_SK_MOUNTS);
	put("1/mountinfo", "not a line\n");
	read_it(&s);
	assert_false(s.known & EW_SK_MOUNTS);
	assert_true(has_reason(&s, "no root mount"));
	put("1/mountinfo", host_mountinfo);
}

struct mount_case {
	const char *line;	/* in the container's mountinfo */
	const char *id;		/* the item, NULL for none */
	const char *where;
	const char *detail;	/* a part of the detail */
};

static void mounts(void **state)
{
	static const struct mount_case t[] = {
		/* the host's root, as Bad Pods' hostpath and -v /:/host */
		{ "900 700 8:1 / /host rw,relatime - ext4 /dev/sda1 rw,errors=remount-ro",
		  "mount_host_root", "/host", "the host's /" },
		{ "900 700 8:1 / /mnt/h ro,relatime - ext4 /dev/sda1 rw",
		  "mount_host_root", "/mnt/h", "read-only" },
		/* the host's disk mounted (CDK mount-disk), a v1 Docker host */
		{ "900 700 8:1 / /tmp/d rw,relatime - ext4 /dev/sda1 rw",
		  "mount_host_root", "/tmp/d", NULL },
		/* -v /var/run/docker.sock:/var/run/docker.sock: on /run */
		{ "900 700 0:24 /docker.sock /run/docker.sock rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,size=804820k,mode=755,inode64",
		  "mount_runtime_socket", "/run/docker.sock", "host socket /run/docker.sock" },
		{ "900 700 0:24 /containerd/containerd.sock /c.sock rw - tmpfs tmpfs rw",
		  "mount_runtime_socket", "/c.sock", "/run/containerd/containerd.sock" },
		{ "900 700 0:24 /crio/crio.sock /crio.sock rw - tmpfs tmpfs rw",
		  "mount_runtime_socket", "/crio.sock", NULL },
		{ "900 700 0:24 /podman/podman.sock /p.sock rw - tmpfs tmpfs rw",
		  "mount_runtime_socket", "/p.sock", NULL },
		/* rootless Docker's socket, on the user's /run/user tmpfs */
		{ "900 700 0:45 /docker.sock /var/run/docker.sock rw - tmpfs tmpfs rw",
		  "mount_runtime_socket", "/var/run/docker.sock", "host socket /docker.sock" },
		{ "900 700 0:24 /notdocker.sock /x.sock rw - tmpfs tmpfs rw",
		  NULL, NULL, NULL },
		/* cgroupfs: read-only (the default) and read-write */
		{ "900 704 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw",
		  NULL, NULL, NULL },
		{ "900 704 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup ro",
		  NULL, NULL, NULL },
		{ "900 704 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw,nsdelegate",
		  "cgroupfs_writable", "/sys/fs/cgroup", "cgroup2" },
		{ "900 704 0:31 /docker/" DOCKER_ID " /sys/fs/cgroup/devices rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,devices",
		  "cgroup_v1_writable", "/sys/fs/cgroup/devices", "v1" },
		/* the host's /proc; the container's own proc rw is normal */
		{ "900 700 0:22 / /host/proc rw,nosuid,nodev,noexec,relatime - proc proc rw",
		  "mount_host_proc", "/host/proc", "procfs" },
		{ "900 700 0:22 / /host/proc ro,nosuid,nodev,noexec,relatime - proc proc rw",
		  NULL, NULL, NULL },
		{ "900 700 0:91 / /proc2 rw,nosuid,nodev,noexec,relatime - proc proc rw",
		  NULL, NULL, NULL },
		/* sysfs read-write (privileged), the host's or its own */
		{ "900 700 0:21 / /host/sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw",
		  "mount_host_sys", "/host/sys", "the host's" },
		{ "900 700 0:92 / /sys2 rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw",
		  "mount_host_sys", "/sys2", "read-write" },
		{ "900 700 0:21 / /sys2 ro,nosuid,nodev,noexec,relatime - sysfs sysfs ro",
		  NULL, NULL, NULL },
		/* /dev: devtmpfs whole, a disk node, the harmless nodes */
		{ "900 700 0:5 / /dev rw,nosuid,relatime - devtmpfs udev rw,size=4010836k",
		  "mount_host_dev", "/dev", "devtmpfs" },
		{ "900 702 0:5 /sda /dev/sda rw,nosuid,relatime - devtmpfs udev rw",
		  "mount_host_dev", "/dev/sda", "host device /dev/sda" },
		{ "900 702 0:5 /null /dev/null rw,nosuid,noexec,relatime - devtmpfs devtmpfs rw,size=4010836k",
		  NULL, NULL, NULL },
		{ "900 702 0:5 /urandom /dev/urandom rw,nosuid,noexec,relatime - devtmpfs devtmpfs rw",
		  NULL, NULL, NULL },
		/* host /etc, below it, holding it */
		{ "900 700 8:1 /etc /host/etc rw,relatime - ext4 /dev/sda1 rw",
		  "mount_host_etc", "/host/etc", "host /etc" },
		{ "900 700 8:1 /etc/shadow /s ro,relatime - ext4 /dev/sda1 rw",
		  "mount_host_etc", "/s", "host /etc/shadow, read-only" },
		{ "900 700 8:1 /etc2 /s rw,relatime - ext4 /dev/sda1 rw",
		  NULL, NULL, NULL },
		/* host /root */
		{ "900 700 8:1 /root/.ssh /k rw,relatime - ext4 /dev/sda1 rw",
		  "mount_host_root_home", "/k", "host /root/.ssh" },
		/* the kubelet's directory, or /var holding it; not a pod's
		 * own files below it
		 */
		{ "900 700 8:1 /var/lib/kubelet /var/lib/kubelet rw,relatime - ext4 /dev/sda1 rw",
		  "mount_kubelet", "/var/lib/kubelet", "host /var/lib/kubelet" },
		{ "900 700 8:1 /var /hostvar rw,relatime - ext4 /dev/sda1 rw",
		  "mount_kubelet", "/hostvar", "host /var" },
		{ "900 700 8:1 /var/lib/kubelet/pods/0d1f8e6a-3b52-4c1e-9f7a-6c2b1d0e9a84/etc-hosts /etc/hosts rw,relatime - ext4 /dev/sda1 rw",
		  NULL, NULL, NULL },
		/* /var/log, its own file system on the host (8:2) */
		{ "900 700 8:2 / /var/log/host rw,relatime - ext4 /dev/sda2 rw",
		  "mount_host_log", "/var/log/host", "host /var/log" },
		{ "900 700 8:2 /pods /p rw,relatime - ext4 /dev/sda2 rw",
		  NULL, NULL, NULL },
		/* a file system the host does not have: nothing known */
		{ "900 700 8:17 / /data rw,relatime - ext4 /dev/sdb1 rw",
		  NULL, NULL, NULL },
		/* a Docker volume: below the host's root, not it */
		{ "900 700 8:1 /var/lib/docker/volumes/v/_data /data rw,relatime - ext4 /dev/sda1 rw",
		  NULL, NULL, NULL },
	};
	struct ew_surface s;
	const struct ew_surface_item *it;
	char line[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(line, sizeof(line), "%s\n", t[i].line);
		set_mounts(line);
		read_it(&s);
		assert_int_equal(s.mount_lines_skipped, 0);
		if (!t[i].id) {
			if (strcmp(ids(&s), "no_user_ns"))
				fail_msg("t[%zu]: got %s", i, ids(&s));
			continue;
		}
		it = item(&s, t[i].id);
		if (!it || s.nitems != 2)
			fail_msg("t[%zu]: want %s, got %s", i, t[i].id, ids(&s));
		assert_string_equal(it->where, t[i].where);
		assert_non_null(it->gives);
		if (t[i].detail && !strstr(it->detail, t[i].detail))
			fail_msg("t[%zu]: detail '%s' lacks '%s'", i,
				 it->detail, t[i].detail);
	}
	set_mounts("");
}

/* The host's root is a btrfs subvolume ("/@"): its binds and its disk. */
static void host_root_subvolume(void **state)
{
	struct ew_surface s;

	(void)state;
	put("1/mountinfo",
	    "22 1 0:33 /@ / rw,relatime shared:1 - btrfs /dev/nvme0n1p2 rw,ssd,subvolid=256,subvol=/@\n"
	    "25 22 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:13 - proc proc rw\n");
	set_mounts("900 700 0:33 /@ /host rw - btrfs /dev/nvme0n1p2 rw\n"
		   "901 700 0:33 / /disk rw - btrfs /dev/nvme0n1p2 rw\n"
		   "902 700 0:33 /@/etc /he rw - btrfs /dev/nvme0n1p2 rw\n"
		   "903 700 0:33 /@home /hh rw - btrfs /dev/nvme0n1p2 rw\n");
	read_it(&s);
	assert_int_equal(count(&s, "mount_host_root"), 2);
	assert_string_equal(item(&s, "mount_host_etc")->detail, "/he: host /etc");
	assert_int_equal(s.nitems, 4);
	put("1/mountinfo", host_mountinfo);
	set_mounts("");
}

/* ---- adding, the judgement ---- */

static void add(void **state)
{
	struct ew_surface s;
	unsigned int i;

	(void)state;
	ew_surface_init(&s);
	assert_int_equal(s.no_new_privs, -1);
	assert_int_equal(ew_surface_add(&s, "no_such_item", "x"), -1);
	assert_int_equal(ew_surface_add(&s, "privileged", "HostConfig.Privileged"), 0);
	assert_int_equal(ew_surface_add(&s, "privileged", "again"), 0);
	assert_int_equal(s.nitems, 1);
	assert_string_equal(s.items[0].detail, "HostConfig.Privileged");
	assert_string_equal(s.items[0].where, "");
	assert_non_null(s.items[0].gives);
	assert_int_equal(ew_surface_add(&s, "seccomp_off", NULL), 0);
	assert_string_equal(s.items[1].detail, "");
	for (i = s.nitems; i < EW_SURFACE_ITEMS; i++)
		s.items[s.nitems++] = s.items[0];
	assert_int_equal(ew_surface_add(&s, "host_pid_ns", ""), -1);
	assert_int_equal(s.items_dropped, 1);
}

struct row_case {
	const char *items[4];
	const char *row;	/* NULL: not open */
};

static void judge_rows(void **state)
{
	static const struct row_case t[] = {
		{ { "privileged", "no_user_ns" }, "privileged" },
		{ { "privileged" }, NULL },	/* rootless: own user ns */
		{ { "cap_sys_admin", "no_user_ns", "apparmor_unconfined" },
		  "sys_admin_apparmor_unconfined" },
		{ { "cap_sys_admin", "no_user_ns" }, NULL },
		{ { "cap_sys_admin", "no_user_ns", "seccomp_off" }, NULL },
		{ { "cap_sys_admin", "apparmor_unconfined" }, NULL },
		{ { "cap_sys_admin", "no_user_ns", "selinux_unconfined" },
		  "sys_admin_selinux_unconfined" },
		{ { "cgroup_v1_writable", "cap_sys_admin", "no_user_ns" },
		  "cgroup_v1_writable_sys_admin" },
		{ { "cgroup_v1_writable", "no_user_ns" }, NULL },
		{ { "cgroupfs_writable", "cap_sys_admin", "no_user_ns" }, NULL },
		{ { "mount_runtime_socket" }, "runtime_socket" },
		{ { "mount_host_root" }, "host_root" },
		{ { "host_mnt_ns" }, "host_mnt_ns" },
		{ { "host_pid_ns", "cap_sys_ptrace", "no_user_ns" },
		  "host_pid_sys_ptrace" },
		{ { "host_pid_ns", "no_user_ns" }, NULL },
		{ { "cap_sys_ptrace", "no_user_ns" }, NULL },
		{ { "cap_sys_module", "no_user_ns" }, "sys_module" },
		{ { "cap_sys_module" }, NULL },
		{ { "cap_dac_read_search", "no_user_ns" }, "dac_read_search" },
		{ { "cap_dac_read_search" }, NULL },
		{ { "mount_host_dev", "cap_sys_admin", "no_user_ns" },
		  "host_dev_sys_admin" },
		{ { "mount_host_dev", "no_user_ns" }, NULL },
		{ { "mount_host_proc", "no_user_ns" }, "host_proc" },
		{ { "mount_host_proc" }, NULL },
		{ { "mount_host_sys", "no_user_ns" }, NULL },
		{ { "host_net_ns", "cap_net_admin", "no_user_ns" }, NULL },
		{ { "mount_host_etc", "mount_kubelet", "mount_host_log" }, NULL },
	};
	struct ew_surface s;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ew_surface_init(&s);
		for (j = 0; j < 4 && t[i].items[j]; j++)
			assert_int_equal(ew_surface_add(&s, t[i].items[j], ""), 0);
		ew_surface_judge(&s);
		if (!t[i].row) {
			if (s.open || s.nopen)
				fail_msg("t[%zu]: open by %s", i, s.paths[0].name);
			continue;
		}
		/* privileged also opens the capability-only rows */
		if (!s.open || s.nopen != (i ? 1 : 3) ||
		    strcmp(s.paths[0].name, t[i].row))
			fail_msg("t[%zu]: want %s, got open %d (%u) %s", i,
				 t[i].row, s.open, s.nopen,
				 s.nopen ? s.paths[0].name : "");
		assert_non_null(s.paths[0].why);
		assert_non_null(s.paths[0].technique);
	}
	/* privileged opens every capability row too */
	ew_surface_init(&s);
	ew_surface_add(&s, "privileged", "");
	ew_surface_add(&s, "no_user_ns", "");
	ew_surface_add(&s, "host_pid_ns", "");
	ew_surface_judge(&s);
	assert_int_equal(s.nopen, 4);	/* priv, ptrace, module, dac */
	assert_string_equal(s.paths[0].name, "privileged");
	assert_string_equal(s.paths[1].name, "host_pid_sys_ptrace");
	assert_string_equal(s.paths[2].name, "sys_module");
	assert_string_equal(s.paths[3].name, "dac_read_search");
	/* judging again starts over */
	s.nitems = 0;
	ew_surface_judge(&s);
	assert_int_equal(s.open, 0);
	assert_int_equal(s.nopen, 0);
}

/* A read surface that is open: a privileged container. */
static void judge_read(void **state)
{
	struct ew_surface s;

	(void)state;
	status(PID, "000001ffffffffff", "0");
	set_mounts("900 700 0:24 /docker.sock /var/run/docker.sock rw - tmpfs tmpfs rw\n");
	read_it(&s);
	ew_surface_judge(&s);
	assert_int_equal(s.open, 1);
	assert_string_equal(s.paths[0].name, "privileged");
	assert_int_equal(s.nopen, 4);
	assert_string_equal(s.paths[1].name, "runtime_socket");
	assert_string_equal(s.paths[2].name, "sys_module");
	assert_string_equal(s.paths[3].name, "dac_read_search");
	status(PID, CAPS_DOCKER, "2");
	set_mounts("");
}

/* ---- weighing ---- */

struct weigh_case {
	const char *argv[12];
	enum ew_weigh want;
	const char *why;	/* a part of it */
};

static void weigh_all(const struct ew_surface *s, const char *what,
		      const struct weigh_case *t, size_t n)
{
	char why[256];
	enum ew_weigh got;
	size_t i;
	int argc;

	for (i = 0; i < n; i++) {
		for (argc = 0; t[i].argv[argc]; argc++)
			;
		memset(why, 'x', sizeof(why));
		got = ew_surface_weigh(s, t[i].argv, argc, why, sizeof(why));
		if (got != t[i].want || !memchr(why, 0, sizeof(why)) ||
		    (t[i].why && !strstr(why, t[i].why)) ||
		    (!t[i].why && got == EW_WEIGH_UNKNOWN && why[0]))
			fail_msg("%s[%zu] %s %s: got %d '%.200s', want %d '%s'",
				 what, i, t[i].argv[0],
				 t[i].argv[1] ? t[i].argv[1] : "", got, why,
				 t[i].want, t[i].why ? t[i].why : "");
	}
}

#define ESC	EW_WEIGH_ESCAPE
#define CONT	EW_WEIGH_CONTAINED
#define UNK	EW_WEIGH_UNKNOWN

static void weigh_nsenter(void **state)
{
	static const struct weigh_case host[] = {
		{ { "nsenter", "-t", "1", "-m", "-u", "-i", "-n", "-p", "--", "sh" }, ESC, "host's init" },
		{ { "nsenter", "-t1", "-a", "sh" }, ESC, NULL },
		{ { "nsenter", "--target=1", "--mount", "sh" }, ESC, NULL },
		{ { "nsenter", "--target", "1", "-a" }, ESC, NULL },
		{ { "nsenter", "--targ=1", "-a" }, ESC, NULL },
		{ { "nsenter", "-a", "-t", "1" }, ESC, NULL },
		{ { "nsenter", "-at1" }, ESC, NULL },
		{ { "nsenter", "-t", "01", "-m" }, ESC, NULL },
		{ { "/usr/bin/nsenter", "-t", "1", "-m", "sh" }, ESC, NULL },
		{ { "busybox", "nsenter", "-t", "1", "-m" }, ESC, NULL },
		{ { "/bin/busybox", "nsenter", "-t1", "-m" }, ESC, NULL },
		{ { "nsenter", "--setuid", "0", "-t", "1" }, ESC, NULL },
		{ { "nsenter", "-S", "0", "--target=1" }, ESC, NULL },
		/* not a target of 1 */
		{ { "nsenter", "-t", "12", "-m" }, UNK, NULL },
		{ { "nsenter", "-mt1" }, UNK, NULL },	/* -m's file "t1" */
		{ { "nsenter", "--mount=/proc/1/ns/mnt", "sh" }, UNK, NULL },
		{ { "nsenter", "-m", "sh", "-t", "1" }, UNK, NULL },
		{ { "nsenter", "--", "-t", "1" }, UNK, NULL },
		{ { "nsenter", "-t" }, UNK, NULL },
		{ { "nsenter" }, UNK, NULL },
		{ { "nsenter", "--setuid", "-t", "1" }, UNK, NULL },
		{ { "busybox" }, UNK, NULL },
		{ { "sh", "-c", "nsenter -t 1 -m" }, UNK, NULL },
		{ { "nsenterx", "-t", "1" }, UNK, NULL },
	};
	static const struct weigh_case own[] = {
		{ { "nsenter", "-t", "1", "-m", "sh" }, CONT, "only this container's own init" },
		{ { "busybox", "nsenter", "--target=1" }, CONT, NULL },
		{ { "nsenter", "-t", "7", "-m" }, UNK, NULL },
	};
	static const struct weigh_case unknown[] = {
		{ { "nsenter", "-t", "1", "-m" }, UNK, "unknown" },
	};
	struct ew_surface s;

	(void)state;
	ew_surface_init(&s);
	s.known = EW_SK_PID_NS;
	ew_surface_add(&s, "host_pid_ns", "");
	weigh_all(&s, "host", host, sizeof(host) / sizeof(host[0]));

	ew_surface_init(&s);
	s.known = EW_SK_PID_NS;
	weigh_all(&s, "own", own, sizeof(own) / sizeof(own[0]));

	ew_surface_init(&s);
	weigh_all(&s, "unknown", unknown, 1);

	/* the same from a read surface */
	read_it(&s);
	weigh_all(&s, "read", own, 2);
	link_ns(PID, "pid", "pid:[4026531836]");
	read_it(&s);
	weigh_all(&s, "read host", host, 2);
	own_ns(PID);
}

static void weigh_chroot(void **state)
{
	static const struct weigh_case t[] = {
		{ { "chroot", "/host" }, ESC, "mounted there" },
		{ { "chroot", "/host/", "sh" }, ESC, NULL },
		{ { "chroot", "//host/./" }, ESC, NULL },
		{ { "/usr/sbin/chroot", "/host", "/bin/bash" }, ESC, NULL },
		{ { "busybox", "chroot", "/host" }, ESC, NULL },
		{ { "chroot", "--userspec", "0:0", "/host" }, ESC, NULL },
		{ { "chroot", "--userspec=0:0", "--skip-chdir", "/host" }, ESC, NULL },
		{ { "chroot", "--", "/host" }, ESC, NULL },
		{ { "chroot", "/host/usr" }, ESC, "below /host" },
		{ { "chroot", "/mnt/h/" }, ESC, NULL },
		{ { "chroot", "/mnt/h/x/" }, ESC, NULL },
		{ { "chroot", "/mnt/hx" }, CONT, "nothing of the host's root is mounted at /mnt/hx" },
		{ { "chroot", "/hos" }, CONT, NULL },
		{ { "chroot", "/tmp/r" }, CONT, NULL },
		{ { "chroot", "/mnt" }, UNK, "below it, at /mnt/h" },
		{ { "chroot", "/" }, UNK, "below it" },
		{ { "chroot", "host" }, UNK, "relative" },
		{ { "chroot", "./host" }, UNK, "relative" },
		{ { "chroot", "/tmp/../host" }, UNK, "relative" },
		{ { "chroot" }, UNK, NULL },
		{ { "chroot", "--userspec" }, UNK, NULL },
		{ { "chroot", "-x", "/host" }, UNK, NULL },
	};
	static const struct weigh_case none[] = {
		{ { "chroot", "/host" }, CONT, "nothing of the host's root is mounted at /host" },
		{ { "chroot", "/" }, CONT, NULL },
	};
	static const struct weigh_case unknown[] = {
		{ { "chroot", "/host" }, UNK, "mounts are unknown" },
	};
	struct ew_surface s;

	(void)state;
	set_mounts("900 700 8:1 / /host rw,relatime - ext4 /dev/sda1 rw\n"
		   "901 700 8:1 / /mnt/h rw,relatime - ext4 /dev/sda1 rw\n");
	read_it(&s);
	assert_int_equal(count(&s, "mount_host_root"), 2);
	weigh_all(&s, "chroot", t, sizeof(t) / sizeof(t[0]));

	set_mounts("");
	read_it(&s);
	weigh_all(&s, "none", none, sizeof(none) / sizeof(none[0]));

	ew_surface_init(&s);
	weigh_all(&s, "unknown", unknown, 1);

	/* a mount point too long to keep: not compared, UNKNOWN */
	ew_surface_init(&s);
	s.known = EW_SK_MOUNTS;
	ew_surface_add(&s, "mount_host_root", "");
	s.items[0].where_cut = 1;
	weigh_all(&s, "cut", unknown, 0);
	{
		static const struct weigh_case cut[] = {
			{ { "chroot", "/host" }, UNK, "too long" },
		};
		weigh_all(&s, "cut", cut, 1);
	}
}

static void weigh_bad_input(void **state)
{
	const char *argv[] = { NULL };
	struct ew_surface s;
	char why[8];

	(void)state;
	ew_surface_init(&s);
	assert_int_equal(ew_surface_weigh(&s, NULL, 3, why, sizeof(why)), UNK);
	assert_int_equal(ew_surface_weigh(&s, argv, 0, why, sizeof(why)), UNK);
	assert_int_equal(ew_surface_weigh(&s, argv, 1, NULL, 0), UNK);
	assert_int_equal(ew_surface_weigh(NULL, argv, 1, why, sizeof(why)), UNK);
	/* a short why is cut, NUL-terminated */
	s.known = EW_SK_PID_NS;
	{
		const char *a[] = { "nsenter", "-t", "1" };

		assert_int_equal(ew_surface_weigh(&s, a, 3, why, sizeof(why)),
				 CONT);
		assert_int_equal(strlen(why), sizeof(why) - 1);
	}
}

/* ---- real captures (tests/unit/samples/proc, from the Podman VM) ---- */

static void copy_file(const char *from, const char *rel)
{
	char text[65536];
	size_t n;
	FILE *f = fopen(from, "r");

	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	assert_true(n < sizeof(text) - 1);
	fclose(f);
	text[n] = '\0';
	put(rel, text);
}

/*
 * One captured process as proc_root/PID: status, mountinfo, cgroup,
 * attr/current, and ns/ links from its ls -l listing.  Returns the pid.
 */
static int captured(const char *kind, int pid)
{
	static const char *const files[][2] = {
		{ "status", "status" }, { "mountinfo", "mountinfo" },
		{ "cgroup", "cgroup" }, { "attr_current", "attr/current" },
	};
	char from[512], rel[128], line[256], ns[32], target[64];
	size_t i;
	FILE *f;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(from, sizeof(from), "%s/proc/%s/%s", EW_SAMPLES_DIR,
			 kind, files[i][0]);
		snprintf(rel, sizeof(rel), "%d/%s", pid, files[i][1]);
		copy_file(from, rel);
	}
	snprintf(from, sizeof(from), "%s/proc/%s/ls-ns.txt", EW_SAMPLES_DIR,
		 kind);
	f = fopen(from, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		const char *arrow = strstr(line, " -> ");

		if (!arrow || sscanf(arrow + 4, "%63s", target) != 1)
			continue;
		assert_int_equal(sscanf(line, "%*s %*s %*s %*s %*s %*s %*s %*s %31s", ns), 1);
		link_ns(pid, ns, target);
	}
	fclose(f);
	return pid;
}

/*
 * Each capture against the items its container was started with (the
 * docker, ctr and podman run lines in samples/README), on 6.1
 * (cap_last_cap 40); the VM loaded no AppArmor policy, so every process
 * there is unconfined.  Every line of the real mountinfo files parses,
 * the host's nsfs mount of Docker's netns among them.
 */
static void real_captures(void **state)
{
	static const struct {
		const char *kind, *items;
	} t[] = {
		{ "docker-plain", "no_user_ns apparmor_unconfined" },
		/* Docker 20.10 gives capabilities 0-37, the kernel has 40:
		 * not "privileged" by CapEff (hostconfig.json says it)
		 */
		{ "docker-privileged", "cap_sys_admin cap_sys_ptrace cap_sys_module cap_dac_read_search cap_sys_rawio cap_net_admin seccomp_off no_user_ns apparmor_unconfined mount_host_sys cgroupfs_writable" },
		{ "docker-pidhost", "cap_sys_ptrace host_pid_ns no_user_ns apparmor_unconfined" },
		/* ctr run sets no seccomp filter unless asked (--seccomp) */
		{ "containerd-plain", "seccomp_off no_user_ns apparmor_unconfined" },
		{ "containerd-privileged", "privileged seccomp_off no_user_ns apparmor_unconfined mount_host_sys" },
		{ "podman-crun-plain", "no_user_ns apparmor_unconfined" },
		{ "podman-crun-privileged", "privileged seccomp_off no_user_ns apparmor_unconfined mount_host_sys cgroupfs_writable" },
		{ "podman-runc-plain", "no_user_ns apparmor_unconfined" },
	};
	struct ew_surface s;
	char cg[128], line[512], rel[600];
	const char *path;
	size_t i;
	FILE *f;

	(void)state;
	captured("host-pid1", 1);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		captured(t[i].kind, PID);
		snprintf(rel, sizeof(rel), "%s/%d/cgroup", root, PID);
		f = fopen(rel, "r");
		assert_non_null(f);
		assert_non_null(fgets(line, sizeof(line), f));
		fclose(f);
		line[strcspn(line, "\n")] = '\0';
		path = line + 3;	/* "0::" */
		snprintf(rel, sizeof(rel), "cgroup%s/cgroup.procs", path);
		putf(rel, "%d\n", PID);
		snprintf(cg, sizeof(cg), "%s/cgroup", root);
		assert_int_equal(ew_surface_read(&s, root, cg, rec_in(PID, 0), path,
						 strlen(path)), 0);
		print_message("%s: %s\n", t[i].kind, ids(&s));
		assert_string_equal(ids(&s), t[i].items);
		assert_int_equal(s.known, ALL_KNOWN);
		assert_int_equal(s.mount_lines_skipped, 0);
	}
}

/* Each test on a fresh tree: a failed one leaves nothing behind. */
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(docker_defaults),
		T(each_capability),
		T(privileged_by_cap_last_cap),
		T(seccomp),
		T(namespaces),
		T(record_fills_gaps),
		T(lsm),
		T(process_choice),
		T(process_pid_namespace),
		T(mountinfo_fields),
		T(mountinfo_malformed),
		T(mountinfo_in_tree),
		T(mounts),
		T(host_root_subvolume),
		T(add),
		T(judge_rows),
		T(judge_read),
		T(weigh_nsenter),
		T(weigh_chroot),
		T(weigh_bad_input),
		T(real_captures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
