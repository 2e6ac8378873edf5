// SPDX-License-Identifier: GPL-2.0
/*
 * Device checks that the reader does not exercise, run in the test VM:
 *   devtest einval    a too-small read fails with EINVAL and loses nothing
 *   devtest block     a blocking read wakes when a record arrives
 *   devtest perm      with the node 0600 root:root: a read-only open
 *                     works for root without capabilities and is refused
 *                     to uid 1000; an open for writing is refused to both;
 *                     a read-only file reads, but cannot load rules or set
 *                     the mode even for root with every capability
 *   devtest ioctl     unknown ioctls fail with ENOTTY; bad pointers EFAULT
 *   devtest ioctl-all every ioctl with bad pointers (NULL, 8, a kernel
 *                     address, across the end of a mapping, read-only
 *                     memory), every wrong encoding of its number, unknown
 *                     numbers and magics, bad struct ew_rules_io and mode
 *                     values: each its exact errno, the mode and rules
 *                     unchanged after each
 *   devtest read-all  read(2) with sizes 0 to 16 MiB and beyond what is
 *                     mapped, odd and half-mapped buffers, at the end, and
 *                     lseek, write and mmap refused
 *   devtest records   every record from sequence 0: sizes and fields
 *                     within bounds, padding zero, no kernel address
 *   devtest readers CMD...  two open files keep their own positions; CMD
 *                     makes one new record
 *   devtest lost-per-fd N K  behind a queue that lost N records and kept
 *                     K, lost counts belong to the open file that read them
 *   devtest access    with the node 0600 root:root, as root without
 *                     capabilities, root without CAP_SYS_ADMIN, uid 1000
 *                     and root of a user namespace: a read-only open works
 *                     for the node's owner (uid 0) with a read-only file's
 *                     rights, an open for writing is refused (EPERM, or
 *                     EACCES for uid 1000 by the mode); the same through
 *                     /proc/self/fd of an inherited descriptor and O_PATH
 *   devtest group GID with the node 0640 root:GID: uid 1000 with the
 *                     supplementary group GID and no capabilities reads
 *                     (a read-only file's rights), an open for writing is
 *                     refused (EACCES); uid 1000 and 1001 without it are
 *                     refused
 *   devtest passed-fd a descriptor root opened for writing and passed on
 *                     (SCM_RIGHTS, inherited) works with its opener's
 *                     rights in an unprivileged process; one root opened
 *                     read-only has only a read-only file's rights there
 *   devtest execv-args FILE NxLEN...  execute FILE with argv[0] FILE, then
 *                     N arguments of LEN bytes 'a' for each NxLEN, no env
 *   devtest memfd-exec FILE ARG...  execute a copy of FILE from a memfd
 *   devtest as-user UID[:GID,...] CMD...  run CMD as UID (group UID) with
 *                     no capabilities, the supplementary groups GID... or
 *                     none
 *   devtest exec-fails FILE  exec FILE, which must fail
 *   devtest exec-as NAME FILE  exec FILE with argv[0] NAME
 * Prints "ok" or reasons ("FAIL ..."), exit status 0 or 1; "note:" lines
 * say what a run found where more than one outcome is allowed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../include/uapi/escapewatch.h"

#define DEV "/dev/" EW_DEVICE_NAME
#define BIG_READ (16U << 20)

/* Print "FAIL" and the reason on one line; returns 1. */
__attribute__((format(printf, 1, 2)))
static int failf(const char *fmt, ...)
{
	va_list ap;

	fputs("FAIL ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return 1;
}

static int fail(const char *what)
{
	failf("%s: %s", what, strerror(errno));
	return 1;
}

static const char *ename(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ 0, "success" }, { EFAULT, "EFAULT" }, { ENOTTY, "ENOTTY" },
		{ EINVAL, "EINVAL" }, { E2BIG, "E2BIG" }, { ENOSPC, "ENOSPC" },
		{ EPERM, "EPERM" }, { EACCES, "EACCES" }, { EAGAIN, "EAGAIN" },
		{ EINTR, "EINTR" }, { ESPIPE, "ESPIPE" }, { EBADF, "EBADF" },
		{ ENODEV, "ENODEV" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	return strerror(e);
}

/* Calls checked by want(), for the summary. */
static unsigned int ncases;

/* A call returned @ret; 0 when that is @want (0 for success). */
static int want(const char *what, long ret, int e)
{
	int got = ret < 0 ? errno : 0;

	ncases++;
	if (got == e && (e || ret >= 0))
		return 0;
	printf("FAIL %s: want %s, got %s\n", what, ename(e), ename(got));
	return 1;
}

static int drop_all_caps(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	return syscall(SYS_capset, &h, d);
}

/* Keep every capability but CAP_SYS_ADMIN. */
static int drop_sys_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[CAP_SYS_ADMIN / 32].effective &= ~(1U << (CAP_SYS_ADMIN % 32));
	d[CAP_SYS_ADMIN / 32].permitted &= ~(1U << (CAP_SYS_ADMIN % 32));
	d[CAP_SYS_ADMIN / 32].inheritable &= ~(1U << (CAP_SYS_ADMIN % 32));
	return syscall(SYS_capset, &h, d);
}

/*
 * @len bytes, readable and writable, that end where an unmapped page
 * begins: a structure placed there and one byte longer crosses into it.
 */
static void *guard_end(size_t len)
{
	size_t pg = sysconf(_SC_PAGESIZE), n = (len + pg - 1) / pg + 1;
	char *m = mmap(NULL, n * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED || munmap(m + (n - 1) * pg, pg))
		return NULL;
	return m + (n - 1) * pg - len;
}

/* A page that can be read and not written, holding @len bytes of @src. */
static void *read_only(const void *src, size_t len)
{
	size_t pg = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		return NULL;
	memcpy(m, src, len);
	return mprotect(m, pg, PROT_READ) ? NULL : m;
}

/* An address of the kernel's: its text on x86_64, above a 32-bit
 * process's address space under compat.
 */
static void *kernel_ptr(void)
{
#if UINTPTR_MAX > 0xffffffffUL
	return (void *)(uintptr_t)0xffffffff81000000ULL;
#else
	return (void *)(uintptr_t)0xfffff000UL;
#endif
}

#define KERNEL_U64 0xffffffff81000000ULL

static int dev_open(int flags)
{
	int fd = open(DEV, flags);

	if (fd < 0)
		fail("open " DEV);
	return fd;
}

/* Read the oldest record with a tiny buffer, then with a full one. */
static int t_einval(void)
{
	static char buf[EW_RECORD_MAX];
	struct ew_record_header *h = (void *)buf;
	unsigned long long first;
	int fd = open(DEV, O_RDONLY | O_NONBLOCK);

	if (fd < 0)
		return fail("open");
	if (read(fd, buf, 8) != -1 || errno != EINVAL)
		return fail("read of 8 bytes did not fail with EINVAL");
	if (read(fd, buf, sizeof(*h) + 1) != -1 || errno != EINVAL)
		return fail("read of 17 bytes did not fail with EINVAL");
	if (read(fd, buf, sizeof(buf)) < (ssize_t)sizeof(*h))
		return fail("full read");
	first = h->seq;
	close(fd);
	fd = open(DEV, O_RDONLY | O_NONBLOCK);
	if (fd < 0 || read(fd, buf, sizeof(buf)) < (ssize_t)sizeof(*h))
		return fail("second open");
	if (h->seq != first) {
		printf("FAIL first record seq %llu, then %llu\n", first,
		       (unsigned long long)h->seq);
		return 1;
	}
	printf("ok\n");
	return 0;
}

/* Block in read(2) from the newest position until a record arrives. */
static int t_block(void)
{
	static char buf[EW_RECORD_MAX];
	struct ew_record_header *h = (void *)buf;
	int fd = open(DEV, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return fail("open");
	if (lseek(fd, 0, SEEK_END) < 0)
		return fail("lseek");
	printf("waiting\n");
	fflush(stdout);
	n = read(fd, buf, sizeof(buf));
	if (n < (ssize_t)sizeof(*h) || h->type != EW_REC_EXEC)
		return fail("read");
	printf("ok\n");
	return 0;
}

static int t_ioctl(void)
{
	struct ew_stats st;
	int fd = open(DEV, O_RDONLY);

	if (fd < 0)
		return fail("open");
	if (ioctl(fd, _IO(EW_IOC_MAGIC, 99)) != -1 || errno != ENOTTY)
		return fail("unknown ioctl");
	if (ioctl(fd, _IOR(EW_IOC_MAGIC, 2, int)) != -1 || errno != ENOTTY)
		return fail("stats ioctl with the wrong size");
	if (ioctl(fd, EW_IOC_STATS, (void *)8) != -1 || errno != EFAULT)
		return fail("stats ioctl to a bad pointer");
	if (ioctl(fd, EW_IOC_STATS, &st))
		return fail("stats ioctl");
	printf("ok\n");
	return 0;
}

/* The rules in force, in a malloc'ed buffer; *size set. */
static void *get_rules(int fd, struct ew_rules_io *io)
{
	void *blob;

	memset(io, 0, sizeof(*io));
	if (ioctl(fd, EW_IOC_RULES_GET, io) == 0 || errno != ENOSPC)
		return NULL;
	blob = aligned_alloc(8, (io->size + 7) & ~7U);
	if (!blob)
		return NULL;
	io->data = (unsigned long)blob;
	if (ioctl(fd, EW_IOC_RULES_GET, io)) {
		free(blob);
		return NULL;
	}
	return blob;
}

static int load_expect(int fd, void *blob, unsigned int size, int want,
		       const char *what)
{
	struct ew_rules_io io = { .data = (unsigned long)blob, .size = size };

	if (ioctl(fd, EW_IOC_RULES_LOAD, &io) != -1 || errno != want) {
		printf("FAIL %s: want %s, got %s\n", what, strerror(want),
		       strerror(errno));
		return 1;
	}
	return 0;
}

/*
 * The rules' content automaton (the built-in rules have one), damaged one
 * way at a time: a child out of range, a failure link that loops, an
 * output out of range, a state count that lies; each refused, then undone.
 */
static int bad_automaton(int fd, unsigned char *blob, unsigned int size)
{
	struct ew_rules_header *h = (void *)blob;
	__u32 n = h->nstates, *child, *fail, *out, keep;
	int bad = 0;

	if (!n) {
		printf("FAIL the rules in force have no content automaton\n");
		return 1;
	}
	child = (void *)(blob + sizeof(*h) +
			 h->nrules * sizeof(struct ew_rule_desc) +
			 h->nmatchers * sizeof(struct ew_matcher) +
			 h->nconds * sizeof(struct ew_argcond) +
			 h->ninterps * sizeof(struct ew_interp));
	fail = child + n + 1;
	out = fail + n;
	keep = child[1];
	child[1] = n + 5;
	bad |= load_expect(fd, blob, size, EINVAL, "automaton child out of range");
	child[1] = keep;
	keep = fail[n - 1];
	fail[n - 1] = n - 1;
	bad |= load_expect(fd, blob, size, EINVAL, "automaton failure link loop");
	fail[n - 1] = keep;
	keep = out[n - 1];
	out[n - 1] = h->nmatchers;
	bad |= load_expect(fd, blob, size, EINVAL, "automaton output out of range");
	out[n - 1] = keep;
	h->nstates = n + 1;
	bad |= load_expect(fd, blob, size, EINVAL, "automaton state count");
	h->nstates = n;
	return bad;
}

static int t_bad_rules(void)
{
	struct ew_rules_io io, after;
	struct ew_rules_header *h;
	struct ew_matcher *m;
	unsigned char *blob;
	int fd = open(DEV, O_RDWR), bad = 0;

	if (fd < 0)
		return fail("open");
	blob = get_rules(fd, &io);
	if (!blob)
		return fail("get rules");
	h = (void *)blob;
	m = (void *)(blob + sizeof(*h) + h->nrules * sizeof(struct ew_rule_desc));

	m->kind = 99;
	bad |= load_expect(fd, blob, io.size, EINVAL, "unknown matcher kind");
	m->kind = EW_MATCH_NAME;
	h->nrules++;
	bad |= load_expect(fd, blob, io.size, EINVAL, "rule count");
	h->nrules--;
	bad |= load_expect(fd, blob, io.size - 8, EINVAL, "short blob");
	bad |= load_expect(fd, blob, EW_RULES_SIZE_MAX + 1, E2BIG, "huge size");
	bad |= load_expect(fd, (void *)8, io.size, EFAULT, "bad pointer");
	bad |= load_expect(fd, blob, 0, EINVAL, "empty blob");

	free(get_rules(fd, &after));
	if (after.generation != io.generation) {
		printf("FAIL generation moved from %llu to %llu\n",
		       (unsigned long long)io.generation,
		       (unsigned long long)after.generation);
		bad = 1;
	}
	free(blob);
	if (!bad)
		printf("ok\n");
	return bad;
}

/* The built-in rules' content automaton, damaged: refused, rules kept. */
static int t_bad_automaton(void)
{
	struct ew_rules_io io, after;
	unsigned char *blob, *now;
	int fd = open(DEV, O_RDWR), bad;

	if (fd < 0)
		return fail("open");
	blob = get_rules(fd, &io);
	if (!blob)
		return fail("get rules");
	bad = bad_automaton(fd, blob, io.size);
	now = get_rules(fd, &after);
	if (!now || after.generation != io.generation ||
	    after.size != io.size || memcmp(now, blob, io.size)) {
		printf("FAIL the rules in force changed\n");
		bad = 1;
	}
	free(now);
	free(blob);
	close(fd);
	if (!bad)
		printf("ok\n");
	return bad;
}

/* ---- devtest ioctl-all ---- */

/* What an ioctl must leave alone: the mode and the rules. */
struct ew_state {
	__u32 mode;
	__u32 nrules;
	__u64 generation;
};

static int get_state(int fd, struct ew_state *s)
{
	struct ew_stats st;

	if (ioctl(fd, EW_IOC_STATS, &st))
		return fail("stats");
	s->mode = st.mode;
	s->nrules = st.nrules;
	s->generation = st.rules_generation;
	return 0;
}

static int same_state(int fd, const struct ew_state *s, const char *after)
{
	struct ew_state now;

	if (get_state(fd, &now))
		return 1;
	if (now.mode == s->mode && now.nrules == s->nrules &&
	    now.generation == s->generation)
		return 0;
	return failf("after %s: mode %u nrules %u generation %llu, was %u %u %llu",
		     after, now.mode, now.nrules,
		     (unsigned long long)now.generation, s->mode, s->nrules,
		     (unsigned long long)s->generation);
}

/* One ioctl whose outcome must be @e, then the state must be @s. */
static int ioc_expect(int fd, const struct ew_state *s, unsigned long cmd,
		      void *arg, int e, const char *what)
{
	char why[160];
	int bad;

	snprintf(why, sizeof(why), "ioctl 0x%08lx %s", cmd, what);
	bad = want(why, ioctl(fd, cmd, arg), e);
	return bad | same_state(fd, s, why);
}

static const struct {
	const char *name;
	unsigned int cmd;
} iocs[] = {
	{ "VERSION", EW_IOC_VERSION },
	{ "STATS", EW_IOC_STATS },
	{ "RULES_LOAD", EW_IOC_RULES_LOAD },
	{ "RULES_GET", EW_IOC_RULES_GET },
	{ "SET_MODE", EW_IOC_SET_MODE },
};
#define NIOCS (sizeof(iocs) / sizeof(iocs[0]))

/* NULL, 8, the kernel's, and one byte short of mapped memory: EFAULT. */
static int ioc_bad_pointers(int fd, const struct ew_state *s)
{
	char what[96];
	unsigned int i;
	int bad = 0;

	for (i = 0; i < NIOCS; i++) {
		size_t size = _IOC_SIZE(iocs[i].cmd);
		void *ptrs[] = { NULL, (void *)8, kernel_ptr(),
				 guard_end(size - 1) };
		const char *names[] = { "NULL", "8", "kernel address",
					"last byte unmapped" };
		unsigned int j;

		for (j = 0; j < 4; j++) {
			snprintf(what, sizeof(what), "%s to %s", iocs[i].name,
				 names[j]);
			bad |= ioc_expect(fd, s, iocs[i].cmd, ptrs[j], EFAULT,
					  what);
		}
	}
	return bad;
}

/* Output to read-only memory fails; structures that end exactly where
 * the mapping ends work.
 */
static int ioc_edges(int fd, const struct ew_state *s)
{
	struct ew_rules_io zero = { 0 }, *io;
	struct ew_version *v;
	__u32 audit = EW_MODE_AUDIT;
	int bad = 0;

	bad |= ioc_expect(fd, s, EW_IOC_VERSION, read_only(&zero, 8), EFAULT,
			  "VERSION to read-only memory");
	bad |= ioc_expect(fd, s, EW_IOC_STATS, read_only(&zero, 8), EFAULT,
			  "STATS to read-only memory");
	bad |= ioc_expect(fd, s, EW_IOC_RULES_GET,
			  read_only(&zero, sizeof(zero)), EFAULT,
			  "RULES_GET, size 0, in read-only memory");
	bad |= ioc_expect(fd, s, EW_IOC_SET_MODE,
			  read_only(&audit, sizeof(audit)), 0,
			  "SET_MODE audit from read-only memory");
	v = guard_end(sizeof(*v));
	bad |= ioc_expect(fd, s, EW_IOC_VERSION, v, 0,
			  "VERSION ending at the end of a mapping");
	if (v && v->abi_version != EW_ABI_VERSION)
		bad |= failf("VERSION says ABI %u", v->abi_version);
	bad |= ioc_expect(fd, s, EW_IOC_STATS,
			  guard_end(sizeof(struct ew_stats)), 0,
			  "STATS ending at the end of a mapping");
	io = guard_end(sizeof(*io));
	bad |= ioc_expect(fd, s, EW_IOC_RULES_GET, io, ENOSPC,
			  "RULES_GET, size 0, ending at the end of a mapping");
	if (io && (!io->size || io->generation != s->generation))
		bad |= failf("RULES_GET ENOSPC: size %u generation %llu",
			      io->size, (unsigned long long)io->generation);
	bad |= ioc_expect(fd, s, EW_IOC_SET_MODE, guard_end(4), 0,
			  "SET_MODE audit ending at the end of a mapping");
	return bad;
}

/* Bytes 0xff: no ioctl taken by mistake could change anything with them
 * (mode 0xffffffff and io.reserved nonzero are refused).
 */
static unsigned char ff[_IOC_SIZEMASK + 1];

/* Every other direction and size with a known number: ENOTTY. */
static int ioc_wrong_encodings(int fd, const struct ew_state *s)
{
	static const unsigned int sizes[] = {
		0, 1, 4, 7, 8, 9, 16, 23, 24, 25, 32, 159, 160, 161, 4096,
		_IOC_SIZEMASK,
	};
	char what[96];
	unsigned int i, dir, k;
	int bad = 0;

	for (i = 0; i < NIOCS; i++) {
		for (dir = 0; dir < 4; dir++) {
			for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
				unsigned long cmd = _IOC(dir, EW_IOC_MAGIC,
					_IOC_NR(iocs[i].cmd), sizes[k]);

				if (cmd == iocs[i].cmd)
					continue;
				snprintf(what, sizeof(what),
					 "%s as dir %u size %u", iocs[i].name,
					 dir, sizes[k]);
				bad |= ioc_expect(fd, s, cmd, ff, ENOTTY, what);
			}
		}
	}
	return bad;
}

/* Unknown numbers, other magics, a tty's ioctl, with any argument. */
static int ioc_unknown(int fd, const struct ew_state *s)
{
	static const unsigned int nrs[] = { 0, 6, 7, 16, 127, 128, 255 };
	static const unsigned int magics[] = { 0xE4, 0xE6, 0x01, 0xFF };
	static const unsigned long odd[] = { 0, 0xffffffffUL, 0x5401 /* TCGETS */ };
	unsigned int i, dir, k;
	char what[96];
	int bad = 0;

	for (k = 0; k < sizeof(nrs) / sizeof(nrs[0]); k++)
		for (dir = 0; dir < 4; dir++) {
			snprintf(what, sizeof(what), "unknown nr %u dir %u",
				 nrs[k], dir);
			bad |= ioc_expect(fd, s, _IOC(dir, EW_IOC_MAGIC, nrs[k],
						      dir ? 24 : 0),
					  ff, ENOTTY, what);
			bad |= ioc_expect(fd, s, _IOC(dir, EW_IOC_MAGIC, nrs[k],
						      8), NULL, ENOTTY, what);
		}
	for (k = 0; k < sizeof(magics) / sizeof(magics[0]); k++)
		for (i = 0; i < NIOCS; i++) {
			unsigned long cmd = _IOC(_IOC_DIR(iocs[i].cmd), magics[k],
						 _IOC_NR(iocs[i].cmd),
						 _IOC_SIZE(iocs[i].cmd));

			snprintf(what, sizeof(what), "%s with magic 0x%02x",
				 iocs[i].name, magics[k]);
			bad |= ioc_expect(fd, s, cmd, ff, ENOTTY, what);
		}
	for (k = 0; k < sizeof(odd) / sizeof(odd[0]); k++)
		bad |= ioc_expect(fd, s, odd[k], ff, ENOTTY, "odd command");
	return bad;
}

/* RULES_LOAD or RULES_GET with this struct ew_rules_io: outcome @e. */
static int rules_io(int fd, const struct ew_state *s, unsigned int cmd,
		    __u64 data, __u32 size, __u32 reserved, int e,
		    const char *what)
{
	struct ew_rules_io io = {
		.data = data, .size = size, .reserved = reserved,
	};
	char why[128];

	snprintf(why, sizeof(why), "%s %s",
		 cmd == EW_IOC_RULES_LOAD ? "RULES_LOAD" : "RULES_GET", what);
	return want(why, ioctl(fd, cmd, &io), e) | same_state(fd, s, why);
}

/* A copy of the blob of @size bytes whose last @missing are unmapped. */
static __u64 blob_cut(const void *blob, __u32 size, __u32 missing)
{
	char *p = guard_end(size - missing);

	if (!p)
		return 0;
	memcpy(p, blob, size - missing);
	return (uintptr_t)p;
}

static int rules_load_bad(int fd, const struct ew_state *s, void *blob,
			  __u32 size)
{
	const unsigned int L = EW_IOC_RULES_LOAD;
	__u64 b = (uintptr_t)blob;
	int bad = 0;

	bad |= rules_io(fd, s, L, 0, size, 0, EFAULT, "data NULL");
	bad |= rules_io(fd, s, L, 8, size, 0, EFAULT, "data 8");
	bad |= rules_io(fd, s, L, KERNEL_U64, size, 0, EFAULT,
			"data a kernel address");
	bad |= rules_io(fd, s, L, blob_cut(blob, size, 8), size, 0, EFAULT,
			"data whose last 8 bytes are unmapped");
	bad |= rules_io(fd, s, L, b | (1ULL << 63), size, 0, EFAULT,
			"data with bit 63 set");
	if (sizeof(void *) == 4)
		bad |= rules_io(fd, s, L, b | (1ULL << 32), size, 0, EFAULT,
				"data above 4 GiB from a 32-bit process");
	bad |= rules_io(fd, s, L, b, 0, 0, EINVAL, "size 0");
	bad |= rules_io(fd, s, L, b, 1, 0, EINVAL, "size 1");
	bad |= rules_io(fd, s, L, b, size - 1, 0, EINVAL, "size one short");
	bad |= rules_io(fd, s, L, b, size + 1, 0, EINVAL, "size one over");
	bad |= rules_io(fd, s, L, b, EW_RULES_SIZE_MAX + 1, 0, E2BIG,
			"size EW_RULES_SIZE_MAX + 1");
	bad |= rules_io(fd, s, L, b, 0xffffffffU, 0, E2BIG, "size 2^32 - 1");
	bad |= rules_io(fd, s, L, blob_cut(blob, size, 0), EW_RULES_SIZE_MAX,
			0, EFAULT, "size EW_RULES_SIZE_MAX beyond the mapping");
	bad |= rules_io(fd, s, L, b, size, 1, EINVAL, "reserved 1");
	bad |= rules_io(fd, s, L, b, size, 0x80000000U, EINVAL,
			"reserved 0x80000000");
	return bad;
}

static int rules_get_bad(int fd, const struct ew_state *s, void *blob,
			 __u32 size)
{
	const unsigned int G = EW_IOC_RULES_GET;
	struct ew_rules_io io = { .size = size - 1 };
	__u64 b = (uintptr_t)blob;
	int bad = 0;

	bad |= rules_io(fd, s, G, 0, size, 0, EFAULT, "data NULL");
	bad |= rules_io(fd, s, G, 8, size, 0, EFAULT, "data 8");
	bad |= rules_io(fd, s, G, KERNEL_U64, size, 0, EFAULT,
			"data a kernel address");
	bad |= rules_io(fd, s, G, blob_cut(blob, size, 8), size, 0, EFAULT,
			"data whose last 8 bytes are unmapped");
	bad |= rules_io(fd, s, G, blob_cut(blob, size, 8), 0xffffffffU, 0,
			EFAULT, "size 2^32 - 1, 8 bytes short of mapped");
	bad |= rules_io(fd, s, G, b, size, 1, EINVAL, "reserved 1");
	bad |= rules_io(fd, s, G, KERNEL_U64, 0, 0, ENOSPC,
			"size 0 to a kernel address");
	io.data = KERNEL_U64;
	bad |= want("RULES_GET size one short", ioctl(fd, G, &io), ENOSPC);
	if (io.size != size || io.generation != s->generation)
		bad |= failf("RULES_GET ENOSPC set size %u generation %llu",
			      io.size, (unsigned long long)io.generation);
	return bad;
}

/* Reads into odd and tight buffers give the same blob. */
static int rules_get_good(int fd, const struct ew_state *s, void *blob,
			  __u32 size)
{
	struct ew_rules_io io = { .size = 0xffffffffU };
	char *odd = malloc(size + 1), *tight = guard_end(size);
	int bad = 0;

	if (!odd || !tight)
		return fail("malloc");
	io.data = (uintptr_t)tight;
	bad |= want("RULES_GET size 2^32 - 1 into exactly the blob's room",
		    ioctl(fd, EW_IOC_RULES_GET, &io), 0);
	if (io.size != size || memcmp(tight, blob, size))
		bad |= failf("RULES_GET into a tight buffer: size %u",
			      io.size);
	io.data = (uintptr_t)(odd + 1);
	io.size = size;
	bad |= want("RULES_GET to an odd address",
		    ioctl(fd, EW_IOC_RULES_GET, &io), 0);
	if (memcmp(odd + 1, blob, size))
		bad |= failf("RULES_GET to an odd address differs");
	free(odd);
	return bad | same_state(fd, s, "RULES_GET good");
}

/*
 * A blob from an odd address loads (one generation more).  With the
 * struct ew_rules_io in read-only memory the load cannot report its
 * generation: it must fail with EFAULT and load nothing.
 */
static int rules_load_edges(int fd, struct ew_state *s, void *blob,
			    __u32 size)
{
	struct ew_rules_io io = { .size = size };
	char *odd = malloc(size + 1);
	int bad;

	if (!odd)
		return fail("malloc");
	memcpy(odd + 1, blob, size);
	io.data = (uintptr_t)(odd + 1);
	bad = want("RULES_LOAD from an odd address",
		   ioctl(fd, EW_IOC_RULES_LOAD, &io), 0);
	free(odd);
	if (io.generation != s->generation + 1)
		bad |= failf("RULES_LOAD: generation %llu after %llu",
			      (unsigned long long)io.generation,
			      (unsigned long long)s->generation);
	s->generation++;
	bad |= same_state(fd, s, "RULES_LOAD from an odd address");
	io.data = (uintptr_t)blob;
	bad |= ioc_expect(fd, s, EW_IOC_RULES_LOAD, read_only(&io, sizeof(io)),
			  EFAULT, "RULES_LOAD with its argument read-only");
	if (bad)
		get_state(fd, s);
	return bad;
}

static int mode_values(int fd, const struct ew_state *s)
{
	static const __u32 modes[] = { 2, 3, 0x100, 0x80000000U, 0xffffffffU };
	char what[64];
	unsigned int i;
	__u32 m;
	int bad = 0;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		m = modes[i];
		snprintf(what, sizeof(what), "SET_MODE %u", m);
		bad |= ioc_expect(fd, s, EW_IOC_SET_MODE, &m, EINVAL, what);
	}
	m = EW_MODE_AUDIT;
	return bad | ioc_expect(fd, s, EW_IOC_SET_MODE, &m, 0, "SET_MODE audit");
}

static int t_ioctl_all(void)
{
	struct ew_rules_io io;
	struct ew_state s;
	void *blob;
	int fd = dev_open(O_RDWR), bad;

	if (fd < 0 || get_state(fd, &s))
		return 1;
	if (s.mode != EW_MODE_AUDIT)
		return failf("mode %u: run in audit mode", s.mode);
	memset(ff, 0xff, sizeof(ff));
	blob = get_rules(fd, &io);
	if (!blob)
		return fail("get rules");
	bad = ioc_bad_pointers(fd, &s);
	bad |= ioc_edges(fd, &s);
	bad |= ioc_wrong_encodings(fd, &s);
	bad |= ioc_unknown(fd, &s);
	bad |= rules_load_bad(fd, &s, blob, io.size);
	bad |= rules_get_bad(fd, &s, blob, io.size);
	bad |= rules_get_good(fd, &s, blob, io.size);
	bad |= rules_load_edges(fd, &s, blob, io.size);
	bad |= mode_values(fd, &s);
	free(blob);
	printf("%s (%zu-bit, %u calls)\n", bad ? "FAIL ioctl-all" : "ok",
	       sizeof(void *) * 8, ncases);
	return bad;
}

/* ---- devtest read-all, records, readers, lost-per-fd ---- */

/* Every record from sequence 0, as one read of a fresh file returns them. */
struct ew_ref {
	unsigned char *buf;
	size_t len;
	unsigned int n;
	size_t *off;
};

#define REC(ref, i) ((const struct ew_record_header *)((ref)->buf + (ref)->off[i]))

static int ref_index(struct ew_ref *ref)
{
	size_t at = 0;

	ref->off = malloc((ref->len / sizeof(struct ew_record_header) + 1) *
			  sizeof(*ref->off));
	if (!ref->off)
		return fail("malloc");
	for (ref->n = 0; at < ref->len; ref->n++) {
		const struct ew_record_header *h = (void *)(ref->buf + at);

		if (ref->len - at < sizeof(*h) || h->size < sizeof(*h) ||
		    h->size > ref->len - at || h->size % 8)
			return failf("record at byte %zu: size %u of %zu",
				      at, h->size, ref->len - at);
		ref->off[ref->n] = at;
		at += h->size;
	}
	return 0;
}

static int ref_read(struct ew_ref *ref)
{
	int fd = dev_open(O_RDONLY | O_NONBLOCK);
	ssize_t n;

	memset(ref, 0, sizeof(*ref));
	ref->buf = malloc(BIG_READ);
	if (fd < 0 || !ref->buf)
		return 1;
	while ((n = read(fd, ref->buf + ref->len, BIG_READ - ref->len)) > 0)
		ref->len += n;
	if (n < 0 && errno != EAGAIN)
		return fail("read from sequence 0");
	close(fd);
	return ref_index(ref);
}

/* Bytes of the whole records from @i on that fit in @room; *next set to
 * the index of the first that does not.
 */
static size_t ref_fit(const struct ew_ref *ref, unsigned int i, size_t room,
		      unsigned int *next)
{
	size_t sum = 0;

	for (; i < ref->n && REC(ref, i)->size <= room - sum; i++)
		sum += REC(ref, i)->size;
	*next = i;
	return sum;
}

/* A read returned @ret bytes at @buf: the records @i on that fit @room. */
static int got_records(const struct ew_ref *ref, unsigned int i, size_t room,
		       const void *buf, ssize_t ret, const char *what)
{
	unsigned int next;
	size_t sum = ref_fit(ref, i, room, &next);

	if (ret < 0)
		return failf("%s: want %zu bytes, got %s", what, sum,
			      ename(errno));
	if ((size_t)ret != sum || memcmp(buf, ref->buf + ref->off[i], sum))
		return failf("%s: want %zu bytes (records %u to %u), got %zd",
			      what, sum, i, next, ret);
	return 0;
}

/* The file's next record must be record @i (none when @i is past the
 * last): nothing was consumed or lost.  Reads that record alone.
 */
static int next_is(int fd, const struct ew_ref *ref, unsigned int i,
		   const char *after)
{
	static unsigned char buf[EW_RECORD_MAX];
	const struct ew_record_header *h = (void *)buf;
	ssize_t n;

	if (i >= ref->n) {
		n = read(fd, buf, sizeof(buf));
		return n == -1 && errno == EAGAIN ? 0 :
		       failf("after %s: want EAGAIN, got %zd", after, n);
	}
	n = read(fd, buf, REC(ref, i)->size);
	if (n < (ssize_t)sizeof(*h))
		return failf("after %s: read of record %u: %s", after, i,
			     n < 0 ? ename(errno) : "short");
	if (h->seq != REC(ref, i)->seq || memcmp(h, REC(ref, i), n))
		return failf("after %s: next record seq %llu, want %llu",
			     after, (unsigned long long)h->seq,
			     (unsigned long long)REC(ref, i)->seq);
	return 0;
}

static int fresh(void)
{
	return dev_open(O_RDONLY | O_NONBLOCK);
}

/* Too small for the next record: EINVAL, nothing consumed. */
static int read_small(const struct ew_ref *ref)
{
	static unsigned char buf[EW_RECORD_MAX];
	size_t sizes[] = { 0, 1, sizeof(struct ew_record_header) - 1,
			   sizeof(struct ew_record_header),
			   REC(ref, 0)->size - 1 };
	char what[64];
	unsigned int i;
	int fd = fresh(), bad = 0;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(what, sizeof(what), "read of %zu bytes", sizes[i]);
		bad |= want(what, read(fd, buf, sizes[i]), EINVAL);
	}
	bad |= next_is(fd, ref, 0, "too small reads");
	close(fd);
	return bad;
}

/* Exactly one record's size, then one byte short of two. */
static int read_exact(const struct ew_ref *ref)
{
	static unsigned char buf[EW_RECORD_MAX];
	size_t s0 = REC(ref, 0)->size;
	size_t two = REC(ref, 1)->size + REC(ref, 2)->size - 1;
	int fd = fresh(), bad;

	bad = got_records(ref, 0, s0, buf, read(fd, buf, s0),
			  "read of the record's exact size");
	bad |= got_records(ref, 1, two, buf, read(fd, buf, two),
			   "read one byte short of two records");
	bad |= next_is(fd, ref, 2, "exact reads");
	close(fd);
	return bad;
}

/* EW_RECORD_MAX at an odd address: as many whole records as fit; 16 MiB
 * on another file: all there is, then EAGAIN.
 */
static int read_large(const struct ew_ref *ref)
{
	static unsigned char buf[EW_RECORD_MAX + 8];
	unsigned char *big = malloc(BIG_READ);
	unsigned int next;
	int fd = fresh(), bad;

	if (!big)
		return fail("malloc");
	bad = got_records(ref, 0, EW_RECORD_MAX, buf + 1,
			  read(fd, buf + 1, EW_RECORD_MAX),
			  "read of EW_RECORD_MAX to an odd address");
	ref_fit(ref, 0, EW_RECORD_MAX, &next);
	bad |= next_is(fd, ref, next, "a read of EW_RECORD_MAX");
	close(fd);
	fd = fresh();
	bad |= got_records(ref, 0, BIG_READ, big, read(fd, big, BIG_READ),
			   "read of 16 MiB");
	bad |= want("read at the end (O_NONBLOCK)", read(fd, big, BIG_READ),
		    EAGAIN);
	bad |= want("read of 0 bytes at the end", read(fd, big, 0), EAGAIN);
	free(big);
	close(fd);
	return bad;
}

/* A buffer that ends in an unmapped page: the records wholly copied are
 * returned and consumed, or EFAULT and nothing consumed.
 */
static int read_cut(const struct ew_ref *ref)
{
	size_t s0 = REC(ref, 0)->size, s1 = REC(ref, 1)->size;
	unsigned char *p = guard_end(s0 + s1 / 2);
	int fd = fresh(), bad;

	bad = got_records(ref, 0, s0, p, read(fd, p, s0 + s1),
			  "read with the second record half mapped");
	bad |= next_is(fd, ref, 1, "a read with the second record half mapped");
	close(fd);
	fd = fresh();
	p = guard_end(s0 / 2);
	bad |= want("read with the first record half mapped",
		    read(fd, p, s0 + s1), EFAULT);
	bad |= next_is(fd, ref, 0, "a read with the first record half mapped");
	close(fd);
	return bad;
}

/* read(2) without the C library's checks of the size. */
static ssize_t raw_read(int fd, void *buf, size_t count)
{
	return syscall(SYS_read, fd, buf, count);
}

/*
 * A page below the top of user space, which the kernel's access_ok()
 * accepts as the end of a buffer: x86-64's is 2^47 less a page; arm64's
 * 2^48 (Debian's 6.1 has 48-bit addresses; 6.12's 52-bit kernel still
 * maps a process below 2^48 unless it asks for more).
 */
static size_t user_top(void)
{
	if (sizeof(void *) == 4)
		return SIZE_MAX;
#if defined(__aarch64__)
	return (size_t)(1ULL << 48) - 4096;
#else
	return (size_t)0x7ffffffff000ULL - 4096;
#endif
}

/* Counts far beyond a small real buffer: what fits, or EFAULT. */
static int read_huge(const struct ew_ref *ref)
{
	size_t s01 = REC(ref, 0)->size + REC(ref, 1)->size;
	unsigned char *p = guard_end(s01 + 8);
	size_t top = user_top();
	int fd = fresh(), bad;

	bad = got_records(ref, 0, s01 + 8, p, raw_read(fd, p, top - (uintptr_t)p),
			  "read of up to the top of user space into a small buffer");
	bad |= next_is(fd, ref, 2, "a huge read");
	close(fd);
	fd = fresh();
	if (sizeof(void *) == 8) {
		bad |= want("read of SIZE_MAX", raw_read(fd, p, SIZE_MAX), EFAULT);
		bad |= want("read of SSIZE_MAX + 1", raw_read(fd, p, SIZE_MAX / 2 + 1),
			    EFAULT);
		bad |= next_is(fd, ref, 0, "reads of SIZE_MAX");
	} else {
		/* The 64-bit kernel takes 4 GiB - 1 from a 32-bit process. */
		bad |= got_records(ref, 0, s01 + 8, p, raw_read(fd, p, SIZE_MAX),
				   "read of SIZE_MAX into a small buffer");
		bad |= next_is(fd, ref, 2, "a read of SIZE_MAX");
	}
	close(fd);
	return bad;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A blocking read at the end sleeps, and a signal ends it: no hang. */
static int read_interrupted(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval t = { .it_value.tv_usec = 300000 };
	static unsigned char buf[EW_RECORD_MAX];
	size_t sizes[] = { sizeof(buf), 0 };
	unsigned int i;
	int fd = dev_open(O_RDONLY), bad = 0;

	if (fd < 0 || sigaction(SIGALRM, &sa, NULL) ||
	    lseek(fd, 0, SEEK_END))
		return fail("blocking read setup");
	for (i = 0; i < 2; i++) {
		setitimer(ITIMER_REAL, &t, NULL);
		bad |= want(sizes[i] ? "blocking read at the end, signalled" :
				       "blocking read of 0 at the end, signalled",
			    read(fd, buf, sizes[i]), EINTR);
	}
	close(fd);
	return bad;
}

/* lseek takes offset 0 with SEEK_SET or SEEK_END only; no write, mmap. */
static int read_other_calls(const struct ew_ref *ref)
{
	static const struct { off_t off; int whence, e; const char *what; } s[] = {
		{ 1, SEEK_SET, ESPIPE, "lseek 1 SEEK_SET" },
		{ -1, SEEK_END, ESPIPE, "lseek -1 SEEK_END" },
		{ 0, SEEK_CUR, EINVAL, "lseek 0 SEEK_CUR" },
		{ 0, 3 /* SEEK_DATA */, EINVAL, "lseek 0 SEEK_DATA" },
		{ 0, 99, EINVAL, "lseek whence 99" },
	};
	unsigned int i;
	int fd = fresh(), rw = dev_open(O_RDWR), bad = 0;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		bad |= want(s[i].what, lseek(fd, s[i].off, s[i].whence), s[i].e);
	bad |= want("write to O_RDONLY", write(fd, "x", 1), EBADF);
	bad |= want("write to O_RDWR", write(rw, "x", 1), EINVAL);
	bad |= want("mmap", mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) ==
			    MAP_FAILED ? -1 : 0, ENODEV);
	bad |= next_is(fd, ref, 0, "refused lseek, write and mmap");
	bad |= want("lseek 0 SEEK_SET", lseek(fd, 0, SEEK_SET), 0);
	bad |= next_is(fd, ref, 0, "lseek 0 SEEK_SET");
	close(rw);
	close(fd);
	return bad;
}

static int t_read_all(void)
{
	struct ew_ref ref;
	int bad;

	if (ref_read(&ref))
		return 1;
	if (ref.n < 3)
		return failf("want at least 3 records, have %u", ref.n);
	bad = read_small(&ref);
	bad |= read_exact(&ref);
	bad |= read_large(&ref);
	bad |= read_cut(&ref);
	bad |= read_huge(&ref);
	bad |= read_interrupted();
	bad |= read_other_calls(&ref);
	printf("%s (%zu-bit, %u calls, %u records, %zu bytes)\n",
	       bad ? "FAIL read-all" : "ok", sizeof(void *) * 8, ncases, ref.n,
	       ref.len);
	return bad;
}

/* devtest records: what one record may hold. */
struct ew_check {
	const unsigned char *p;	/* the record */
	unsigned long long seq;
	unsigned int argv_max;
	unsigned int nfields;
};

#define KERNEL_LOW 0xffff800000000000ULL

/* Words looked at, and those allowed as an unmapped id's -1. */
static unsigned int nwords, nids;

/* An unmapped id is -1: as the high half of a word it looks like the
 * kernel's text, 0xffffffff........, and is allowed there.
 */
static int id_half(size_t hi_off, __u32 hi)
{
	return hi == 0xffffffffU &&
	       hi_off >= offsetof(struct ew_exec_record, uid) &&
	       hi_off < offsetof(struct ew_exec_record, ns_inum);
}

/* No 8-byte word of [from, to) of the record is a kernel address. */
static int no_kernel_words(const struct ew_check *c, size_t from, size_t to,
			   int ids, const char *part)
{
	size_t o;

	for (o = from; o + 8 <= to; o += 8) {
		__u64 w;
		__u32 hi;

		memcpy(&w, c->p + o, 8);
		memcpy(&hi, c->p + o + 4, 4);
		nwords++;
		if (w < KERNEL_LOW)
			continue;
		if (ids && id_half(o + 4, hi) && ++nids)
			continue;
		return failf("record %llu: %s, byte %zu: 0x%016llx",
			      c->seq, part, o, (unsigned long long)w);
	}
	return 0;
}

/* NUL-terminated within @len bytes, zero after the NUL. */
static int text_ok(const struct ew_check *c, size_t off, size_t len,
		   const char *name)
{
	const unsigned char *s = c->p + off, *nul = memchr(s, 0, len);

	if (!nul)
		return failf("record %llu: %s not NUL-terminated",
			      c->seq, name);
	for (; nul < s + len; nul++)
		if (*nul)
			return failf("record %llu: %s: byte %zu after its NUL is 0x%02x",
				      c->seq, name, (size_t)(nul - s), *nul);
	return 0;
}

static int exec_fixed_ok(const struct ew_check *c)
{
	const struct ew_exec_record *r = (const void *)c->p;
	int bad;

	bad = no_kernel_words(c, 0, offsetof(struct ew_exec_record, sha256),
			      0, "header or counters");
	bad |= no_kernel_words(c, offsetof(struct ew_exec_record, pid),
			       offsetof(struct ew_exec_record, comm), 1,
			       "ids, namespaces or rule");
	bad |= text_ok(c, offsetof(struct ew_exec_record, comm), EW_COMM_LEN, "comm");
	bad |= text_ok(c, offsetof(struct ew_exec_record, caller_comm),
		       EW_COMM_LEN, "caller_comm");
	bad |= text_ok(c, offsetof(struct ew_exec_record, rule), EW_RULE_LEN, "rule");
	bad |= text_ok(c, offsetof(struct ew_exec_record, pattern),
		       EW_EVIDENCE_LEN, "pattern");
	bad |= text_ok(c, offsetof(struct ew_exec_record, matched),
		       EW_EVIDENCE_LEN, "matched");
	if (r->hdr.flags & ~0xfU || r->reserved || r->severity < 1 ||
	    r->severity > 4 || r->match_kind < 1 || r->match_kind > 6 ||
	    r->action > 2 || r->rule_action > 2 ||
	    ((r->hdr.flags & EW_EXEC_FAILED) && r->argc))
		bad |= failf("record %llu: flags 0x%x reserved %u severity %u kind %u action %u/%u argc %u",
			      c->seq, r->hdr.flags, r->reserved, r->severity,
			      r->match_kind, r->action, r->rule_action,
			      r->argc);
	return bad;
}

/* The most bytes a field of @type may hold. */
static size_t field_max(const struct ew_check *c, unsigned int type)
{
	if (type == EW_F_ARGV)	/* the cut's NUL comes on top (hook.c) */
		return c->argv_max + 1;
	if (type == EW_F_ANCESTOR)
		return sizeof(struct ew_ancestor) + EW_ANCESTOR_PATH_MAX;
	return EW_PATH_MAX;
}

static int ancestor_ok(struct ew_check *c, size_t off, __u32 len)
{
	if (len < sizeof(struct ew_ancestor))
		return failf("record %llu: ancestor of %u bytes",
			      c->seq, len);
	return no_kernel_words(c, off, off + 8, 0, "ancestor pids") |
	       text_ok(c, off + offsetof(struct ew_ancestor, comm),
		       EW_COMM_LEN, "ancestor comm");
}

/* The field at @off of a record of @size bytes; *next set past it. */
static int field_ok(struct ew_check *c, size_t off, size_t size,
		    unsigned int *seen, size_t *next)
{
	struct ew_field f;
	size_t i, end;

	if (size - off < sizeof(f))
		return failf("record %llu: field header cut at %zu",
			      c->seq, off);
	memcpy(&f, c->p + off, sizeof(f));
	end = off + sizeof(f) + ((f.len + 7ULL) & ~7ULL);
	if (no_kernel_words(c, off, off + 8, 0, "field header") ||
	    f.type < EW_F_PATH || f.type > EW_F_ANCESTOR || f.flags & ~3U ||
	    f.len > field_max(c, f.type) || end > size ||
	    (f.type != EW_F_ANCESTOR && (*seen & (1U << f.type))))
		return failf("record %llu: field at %zu: type %u flags 0x%x len %u of %zu",
			      c->seq, off, f.type, f.flags, f.len, size);
	*seen |= 1U << f.type;
	for (i = off + sizeof(f) + f.len; i < end; i++)
		if (c->p[i])
			return failf("record %llu: field padding byte %zu is 0x%02x",
				      c->seq, i, c->p[i]);
	c->nfields++;
	*next = end;
	return f.type == EW_F_ANCESTOR ?
	       ancestor_ok(c, off + sizeof(f), f.len) : 0;
}

static int exec_ok(struct ew_check *c, size_t size)
{
	size_t off = sizeof(struct ew_exec_record);
	unsigned int seen = 0;
	int bad;

	if (size < off)
		return failf("record %llu: exec record of %zu bytes",
			      c->seq, size);
	bad = exec_fixed_ok(c);
	while (!bad && off < size)
		bad = field_ok(c, off, size, &seen, &off);
	return bad;
}

static int lost_ok(const struct ew_check *c, const struct ew_record_header *h)
{
	const struct ew_lost_record *l = (const void *)h;

	if (h->size != sizeof(*l) || !l->count || h->flags & ~3U || !h->flags)
		return failf("lost record %llu: size %u flags 0x%x count %llu",
			      c->seq, h->size, h->flags,
			      (unsigned long long)l->count);
	return no_kernel_words(c, 0, sizeof(*l), 0, "lost record");
}

static unsigned int argv_max_param(void)
{
	FILE *f = fopen("/sys/module/escapewatch/parameters/argv_max", "r");
	unsigned int v = 4096;

	if (f) {
		if (fscanf(f, "%u", &v) != 1)
			v = 4096;
		fclose(f);
	}
	return v;
}

/* Sequence numbers follow on, each record is whole and clean. */
static int t_records(void)
{
	struct ew_check c = { .argv_max = argv_max_param() };
	unsigned long long expect = 0;
	unsigned int i, lost = 0;
	struct ew_ref ref;
	int bad = 0;

	if (ref_read(&ref))
		return 1;
	for (i = 0; i < ref.n && !bad; i++) {
		const struct ew_record_header *h = REC(&ref, i);

		c.p = (const void *)h;
		c.seq = h->seq;
		if (h->seq != expect)
			bad = failf("record %u: seq %llu, want %llu", i,
				     c.seq, expect);
		else if (h->type == EW_REC_EXEC)
			bad = exec_ok(&c, h->size);
		else if (h->type == EW_REC_LOST)
			bad = lost_ok(&c, h);
		else
			bad = failf("record %llu: type %u", c.seq,
				     h->type);
		lost += h->type == EW_REC_LOST;
		expect += h->type == EW_REC_LOST ?
			  ((const struct ew_lost_record *)h)->count : 1;
	}
	printf("%s (%u records, %u of them lost records, %u fields, up to seq %llu; %u words, %u of them an id's -1)\n",
	       bad ? "FAIL records" : "ok", ref.n, lost, c.nfields, expect,
	       nwords, nids);
	return bad;
}

static __u64 lost_of(int fd)
{
	struct ew_stats st;

	return ioctl(fd, EW_IOC_STATS, &st) ? (__u64)-1 : st.lost;
}

/* Run CMD... and wait for it; its output goes nowhere. */
static int run(char **cmd)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null < 0 || dup2(null, 1) < 0)
			_exit(126);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return fail("fork");
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		return failf("%s: status 0x%x", cmd[0], st);
	return 0;
}

/* Positions before the command's record: B and C read, A at the end. */
static int readers_before(int a, int b, int c, const struct ew_ref *ref)
{
	static unsigned char buf[EW_RECORD_MAX];
	size_t s0 = REC(ref, 0)->size;
	int d = fresh(), bad;

	bad = got_records(ref, 0, s0, buf, read(b, buf, s0), "B reads one");
	bad |= want("A at the end", read(a, buf, sizeof(buf)), EAGAIN);
	bad |= next_is(d, ref, 0, "B read one: a new file D");
	bad |= next_is(b, ref, 1, "D read one: B");
	bad |= want("C lseek SEEK_END", lseek(c, 0, SEEK_END), 0);
	bad |= want("C at the end", read(c, buf, sizeof(buf)), EAGAIN);
	bad |= want("B lseek SEEK_SET", lseek(b, 0, SEEK_SET), 0);
	bad |= next_is(b, ref, 0, "B lseek SEEK_SET");
	bad |= next_is(b, ref, 1, "B read again");
	close(d);
	return bad;
}

/* The new record: A and C, both at the end, get it; B goes on at 2. */
static int readers_after(int a, int b, int c, const struct ew_ref *ref)
{
	static unsigned char ba[EW_RECORD_MAX], bc[EW_RECORD_MAX];
	const struct ew_record_header *h = (void *)ba;
	struct pollfd p = { .fd = a, .events = POLLIN };
	ssize_t na, nc;
	int bad = 0;

	if (poll(&p, 1, 20000) != 1)
		return failf("no new record within 20 s");
	na = read(a, ba, sizeof(ba));
	nc = read(c, bc, sizeof(bc));
	if (na < (ssize_t)sizeof(*h) || na != nc || memcmp(ba, bc, na) ||
	    h->seq != REC(ref, ref->n - 1)->seq + 1)
		bad = failf("A read %zd bytes (seq %llu), C %zd; want seq %llu in both",
			     na, na > 0 ? (unsigned long long)h->seq : 0ULL, nc,
			     (unsigned long long)REC(ref, ref->n - 1)->seq + 1);
	bad |= ref->n > 2 ? next_is(b, ref, 2, "the new record: B") : 0;
	if (lost_of(a) || lost_of(b) || lost_of(c))
		bad |= failf("lost %llu %llu %llu",
			      (unsigned long long)lost_of(a),
			      (unsigned long long)lost_of(b),
			      (unsigned long long)lost_of(c));
	return bad;
}

static int t_readers(char **cmd)
{
	struct ew_ref ref;
	int a, b, c, bad;

	if (ref_read(&ref))
		return 1;
	if (ref.n < 2 || REC(&ref, 0)->type != EW_REC_EXEC)
		return failf("want 2 records from seq 0, have %u", ref.n);
	a = fresh();
	b = fresh();
	c = fresh();
	if (a < 0 || b < 0 || c < 0 || lseek(a, 0, SEEK_END))
		return 1;
	bad = readers_before(a, b, c, &ref);
	bad |= run(cmd);
	bad |= readers_after(a, b, c, &ref);
	printf("%s\n", bad ? "FAIL readers" : "ok");
	return bad;
}

/* Records left to read on @fd; *first set to the first one's seq. */
static unsigned int count_records(int fd, unsigned long long *first)
{
	static unsigned char buf[EW_RECORD_MAX];
	unsigned int n = 0;
	ssize_t len, at;

	while ((len = read(fd, buf, sizeof(buf))) > 0) {
		for (at = 0; at < len;
		     at += ((struct ew_record_header *)(buf + at))->size) {
			if (!n++)
				*first = ((struct ew_record_header *)buf)->seq;
		}
	}
	return n;
}

static int lost_is(int a, unsigned long long want_a, int b,
		   const char *when)
{
	unsigned long long la = lost_of(a), lb = lost_of(b);

	if (la == want_a && lb == 0)
		return 0;
	return failf("%s: STATS.lost A %llu (want %llu), B %llu (want 0)",
		     when, la, want_a, lb);
}

/* A fresh file (A) behind a queue that dropped @n records and kept @k,
 * another (B) at its end: A is told of the @n and counts them, B not.
 */
static int t_lost_per_fd(char **argv)
{
	unsigned long long n = strtoull(argv[0], NULL, 10), first = 0;
	unsigned int k = strtoul(argv[1], NULL, 10), got;
	static unsigned char buf[EW_RECORD_MAX];
	const struct ew_lost_record *l = (void *)buf;
	int a = fresh(), b = fresh(), bad;

	if (a < 0 || b < 0 || lseek(b, 0, SEEK_END))
		return 1;
	bad = lost_is(a, 0, b, "before any read");
	if (read(a, buf, sizeof(*l)) != sizeof(*l) ||
	    l->hdr.type != EW_REC_LOST || l->hdr.seq || l->count != n ||
	    l->hdr.flags != EW_LOST_OVERRUN)
		return failf("A's first record: not a lost record of %llu from seq 0", n);
	bad |= lost_is(a, n, b, "A read the lost record");
	bad |= want("B at the end", read(b, buf, sizeof(buf)), EAGAIN);
	got = count_records(a, &first);
	if (got != k || first != n)
		bad |= failf("A then read %u records from seq %llu, want %u from %llu",
			     got, first, k, n);
	bad |= want("A lseek SEEK_SET", lseek(a, 0, SEEK_SET), 0);
	bad |= count_records(a, &first) != k + 1 ?
	       failf("A from 0 again: not the lost record and %u", k) : 0;
	bad |= lost_is(a, 2 * n, b, "A read the lost record twice");
	printf("%s\n", bad ? "FAIL lost-per-fd" : "ok");
	return bad;
}

/* ---- devtest perm, access, group, passed-fd ---- */

enum who {
	NOCAP_ROOT, NO_SYS_ADMIN, USER_1000, USERNS_ROOT, MEMBER_1000,
	USER_1001,
};

static const char *const who_name[] = {
	"root without capabilities", "root without CAP_SYS_ADMIN",
	"uid 1000", "root of a user namespace",
	"uid 1000 in the node's group", "uid 1001",
};

/*
 * What each identity's own read-only open and open for writing get: with
 * the node 0600 root:root (perm, access) the roots are its owner, uid 0,
 * and may read; with 0640 root:GID (group) the member may read.  Writing
 * needs CAP_SYS_ADMIN, which none of them has: EPERM where the mode let
 * the open through, EACCES where it did not.
 */
static const int who_ro_errno[] = { 0, 0, EACCES, 0, 0, EACCES };
static const int who_rw_errno[] = { EPERM, EPERM, EACCES, EPERM, EACCES,
				    EACCES };

/* The node's group for MEMBER_1000 (devtest group GID). */
static gid_t member_gid;

static int become_userns_root(void)
{
	int fd;

	if (unshare(CLONE_NEWUSER))
		return -1;
	fd = open("/proc/self/uid_map", O_WRONLY);
	if (fd < 0 || write(fd, "0 0 1\n", 6) != 6)
		return -1;
	return close(fd);
}

/* No capability left (uid 0 is given up), dumpable again so that
 * /proc/self/fd stays its own.
 */
static int become_user(uid_t uid, size_t ngroups, const gid_t *groups)
{
	if (setgroups(ngroups, groups) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid))
		return -1;
	return prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}

static int become(enum who w)
{
	switch (w) {
	case NOCAP_ROOT:
		return drop_all_caps();
	case NO_SYS_ADMIN:
		return drop_sys_admin();
	case USER_1000:
		return become_user(1000, 0, NULL);
	case USERNS_ROOT:
		return become_userns_root();
	case MEMBER_1000:
		return become_user(1000, 1, &member_gid);
	case USER_1001:
		return become_user(1001, 0, NULL);
	}
	return -1;
}

/* Run @fn(@w, @arg) in a child; its exit status. */
static int in_child(int (*fn)(enum who, void *), enum who w, void *arg)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int r = fn(w, arg);

		fflush(stdout);
		_exit(r);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return fail("fork");
	if (!WIFEXITED(st))
		return failf("child (%s) killed: status 0x%x",
			      who_name[w], st);
	return WEXITSTATUS(st);
}

static int reopen(int fd, int flags)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return open(path, flags);
}

/*
 * A read-only file, whoever holds it: VERSION, STATS, RULES_GET and read
 * work; RULES_LOAD (of the rules in force) and SET_MODE (to the mode in
 * force, and to a bad one) fail with EPERM, and nothing changes.
 */
/* What any open file may do, as @who: VERSION, STATS into @st, read. */
static int reader_rights(int fd, const char *who, struct ew_stats *st)
{
	static unsigned char buf[EW_RECORD_MAX];
	struct ew_version v;
	char what[200];
	int bad;

	snprintf(what, sizeof(what), "%s: VERSION", who);
	bad = want(what, ioctl(fd, EW_IOC_VERSION, &v), 0);
	snprintf(what, sizeof(what), "%s: STATS", who);
	bad |= want(what, ioctl(fd, EW_IOC_STATS, st), 0);
	if (read(fd, buf, sizeof(buf)) < 0 && errno != EAGAIN)
		bad |= failf("%s: read: %s", who, strerror(errno));
	return bad;
}

static int read_only_rights(int fd, const char *who)
{
	struct ew_stats st = { 0 }, after = { 0 };
	struct ew_rules_io io;
	char what[200];
	void *blob;
	__u32 mode;
	int bad;

	bad = reader_rights(fd, who, &st);
	blob = get_rules(fd, &io);
	if (!blob) {
		bad |= failf("%s: RULES_GET: %s", who, strerror(errno));
	} else {
		snprintf(what, sizeof(what), "%s: RULES_LOAD", who);
		bad |= want(what, ioctl(fd, EW_IOC_RULES_LOAD, &io), EPERM);
		free(blob);
	}
	mode = st.mode;
	snprintf(what, sizeof(what), "%s: SET_MODE to the mode in force", who);
	bad |= want(what, ioctl(fd, EW_IOC_SET_MODE, &mode), EPERM);
	mode = 2;
	snprintf(what, sizeof(what), "%s: SET_MODE 2 (EPERM, not EINVAL)", who);
	bad |= want(what, ioctl(fd, EW_IOC_SET_MODE, &mode), EPERM);
	if (ioctl(fd, EW_IOC_STATS, &after) ||
	    after.rules_generation != st.rules_generation ||
	    after.mode != st.mode)
		bad |= failf("%s: generation %llu mode %u after, %llu %u before",
			      who, (unsigned long long)after.rules_generation,
			      after.mode,
			      (unsigned long long)st.rules_generation, st.mode);
	return bad;
}

/* @w's open gave @fd: refused with @e, or (@e 0) a read-only file with a
 * read-only file's rights.
 */
static int open_want(enum who w, const char *how, int fd, int e)
{
	char what[160];
	int bad;

	snprintf(what, sizeof(what), "%s: %s", who_name[w], how);
	bad = want(what, fd, e);
	if (fd >= 0) {
		if (!e)
			bad |= read_only_rights(fd, what);
		close(fd);
	}
	return bad;
}

/* As @w: its own opens, read-only and for writing. */
static int own_opens(enum who w)
{
	return open_want(w, "read-only open", open(DEV, O_RDONLY | O_NONBLOCK),
			 who_ro_errno[w]) |
	       open_want(w, "open for writing", open(DEV, O_RDWR),
			 who_rw_errno[w]) |
	       open_want(w, "open write-only", open(DEV, O_WRONLY),
			 who_rw_errno[w]);
}

static int perm_as(enum who w, void *arg)
{
	(void)arg;
	if (become(w))
		return fail(who_name[w]);
	return own_opens(w);
}

/* Node 0600 root:root: root without capabilities reads, uid 1000 not;
 * neither writes; root's own read-only file cannot change anything.
 */
static int t_perm(void)
{
	int bad, fd;

	bad = in_child(perm_as, USER_1000, NULL);
	bad |= in_child(perm_as, NOCAP_ROOT, NULL);
	fd = open(DEV, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return fail("open");
	bad |= read_only_rights(fd, "root with every capability, read-only");
	close(fd);
	printf("%s\n", bad ? "FAIL perm" : "ok");
	return bad;
}

/* As @w: its own opens; reopening an inherited descriptor or an O_PATH
 * one gets the same; the inherited one still answers.
 */
static int open_as(enum who w, void *arg)
{
	int inherited = *(int *)arg, opath, bad;
	struct ew_stats st;
	char what[128];

	if (become(w))
		return fail(who_name[w]);
	bad = own_opens(w);
	bad |= open_want(w, "read-only reopen of an inherited descriptor",
			 reopen(inherited, O_RDONLY | O_NONBLOCK),
			 who_ro_errno[w]);
	bad |= open_want(w, "reopen of an inherited descriptor for writing",
			 reopen(inherited, O_RDWR), who_rw_errno[w]);
	snprintf(what, sizeof(what), "%s: inherited descriptor, STATS",
		 who_name[w]);
	bad |= want(what, ioctl(inherited, EW_IOC_STATS, &st), 0);
	opath = open(DEV, O_PATH);
	snprintf(what, sizeof(what), "%s: ioctl on an O_PATH descriptor",
		 who_name[w]);
	bad |= want(what, opath < 0 ? -1 : ioctl(opath, EW_IOC_STATS, &st),
		    opath < 0 ? errno : EBADF);
	if (opath < 0)
		return bad;
	bad |= open_want(w, "read-only reopen of an O_PATH descriptor",
			 reopen(opath, O_RDONLY | O_NONBLOCK), who_ro_errno[w]);
	bad |= open_want(w, "reopen of an O_PATH descriptor for writing",
			 reopen(opath, O_RDWR), who_rw_errno[w]);
	return bad;
}

static int t_access(void)
{
	int fd = dev_open(O_RDONLY | O_NONBLOCK), bad = 0;
	enum who w;

	if (fd < 0)
		return 1;
	for (w = NOCAP_ROOT; w <= USERNS_ROOT; w++)
		bad |= in_child(open_as, w, &fd);
	printf("%s\n", bad ? "FAIL access" : "ok");
	return bad;
}

/* Node 0640 root:GID: the group reads, nobody else but root; nobody
 * without CAP_SYS_ADMIN writes.
 */
static int t_group(char **argv)
{
	int fd = dev_open(O_RDONLY | O_NONBLOCK), bad = 0;
	struct stat sb;
	enum who w;

	member_gid = (gid_t)strtoul(argv[0], NULL, 10);
	if (fd < 0 || stat(DEV, &sb))
		return fail("stat " DEV);
	if (sb.st_uid != 0 || sb.st_gid != member_gid ||
	    (sb.st_mode & 07777) != 0640)
		return failf(DEV " is %o %u:%u: want 640 0:%u",
			     (unsigned int)(sb.st_mode & 07777),
			     (unsigned int)sb.st_uid, (unsigned int)sb.st_gid,
			     (unsigned int)member_gid);
	for (w = USER_1000; w <= USER_1001; w++)
		if (w != USERNS_ROOT)
			bad |= in_child(open_as, w, &fd);
	printf("%s\n", bad ? "FAIL group" : "ok");
	return bad;
}

/* What passed-fd gives a child: the rules to load, a descriptor. */
struct passed {
	int fd;		/* inherited, or -1: received on sock */
	int sock;
	void *blob;
	__u32 size;
};

static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))], byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &m, 0) != 1)
		return -1;
	c = CMSG_FIRSTHDR(&m);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(fd));
	return fd;
}

static int send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, byte = 0;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(fd));
	return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

/* Everything the opener may do, through @fd, as whoever holds it now. */
static int opener_rights(int fd, const struct passed *p, const char *who)
{
	struct ew_rules_io io = { .data = (uintptr_t)p->blob, .size = p->size };
	struct ew_stats st;
	__u32 mode = 2;
	char what[160];
	int bad;

	bad = reader_rights(fd, who, &st);
	snprintf(what, sizeof(what), "%s: SET_MODE 2 (EINVAL, not EPERM)", who);
	bad |= want(what, ioctl(fd, EW_IOC_SET_MODE, &mode), EINVAL);
	mode = EW_MODE_AUDIT;
	snprintf(what, sizeof(what), "%s: SET_MODE audit", who);
	bad |= want(what, ioctl(fd, EW_IOC_SET_MODE, &mode), 0);
	snprintf(what, sizeof(what), "%s: RULES_LOAD", who);
	bad |= want(what, ioctl(fd, EW_IOC_RULES_LOAD, &io), 0);
	return bad;
}

/* As @w, with a descriptor inherited or received: the opener's rights. */
static int passed_as(enum who w, void *arg)
{
	struct passed *p = arg;
	char who[96];
	int fd = p->fd, bad;

	if (become(w))
		return fail(who_name[w]);
	if (fd < 0)
		fd = recv_fd(p->sock);
	if (fd < 0)
		return fail("receive the descriptor");
	snprintf(who, sizeof(who), "%s, descriptor %s", who_name[w],
		 p->fd < 0 ? "received over SCM_RIGHTS" : "inherited");
	bad = opener_rights(fd, p, who);
	return bad | own_opens(w);
}

/* Root opens for writing, then drops every capability and its uid: its
 * descriptor keeps the rights of the open; a new open has only @w's.
 */
static int dropped_after_open(enum who w, void *arg)
{
	struct passed *p = arg;
	int fd = open(DEV, O_RDWR | O_NONBLOCK), bad;

	if (fd < 0 || become(w))
		return fail("open, then drop");
	bad = opener_rights(fd, p, "opener after dropping its rights");
	bad |= open_want(w, "read-only reopen after dropping its rights",
			 reopen(fd, O_RDONLY | O_NONBLOCK), who_ro_errno[w]);
	return bad | open_want(w, "reopen for writing after dropping its rights",
			       reopen(fd, O_RDWR), who_rw_errno[w]);
}

/* A descriptor root opened read-only, inherited by @w: only reads. */
static int read_only_passed(enum who w, void *arg)
{
	char who[96];

	if (become(w))
		return fail(who_name[w]);
	snprintf(who, sizeof(who), "%s, read-only descriptor inherited",
		 who_name[w]);
	return read_only_rights(*(int *)arg, who);
}

/* SCM_RIGHTS to a child that is uid 1000 already, when AF_UNIX exists;
 * -1 when it does not.
 */
static int passed_scm(const struct passed *orig)
{
	struct passed p = *orig;
	int sv[2], fd, st;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		printf("note: no AF_UNIX (%s): descriptors passed by inheritance only\n",
		       strerror(errno));
		return -1;
	}
	p.fd = -1;
	p.sock = sv[1];
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(passed_as(USER_1000, &p));
	fd = dev_open(O_RDWR | O_NONBLOCK);
	if (pid < 0 || fd < 0 || send_fd(sv[0], fd))
		return fail("send the descriptor");
	close(fd);
	close(sv[0]);
	close(sv[1]);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return failf("SCM_RIGHTS child: status 0x%x", st);
	return WEXITSTATUS(st) ? 1 : 0;
}

static int t_passed_fd(void)
{
	struct passed p = { .fd = dev_open(O_RDWR | O_NONBLOCK) };
	int ro = dev_open(O_RDONLY | O_NONBLOCK), bad, scm, loads = 4;
	struct ew_state s, after = { 0 };
	struct ew_rules_io io;

	if (p.fd < 0 || ro < 0 || get_state(p.fd, &s))
		return 1;
	p.blob = get_rules(p.fd, &io);
	if (!p.blob)
		return fail("get rules");
	p.size = io.size;
	bad = in_child(passed_as, USER_1000, &p);
	bad |= in_child(passed_as, USERNS_ROOT, &p);
	bad |= in_child(dropped_after_open, USER_1000, &p);
	bad |= in_child(dropped_after_open, NOCAP_ROOT, &p);
	bad |= in_child(read_only_passed, USER_1000, &ro);
	bad |= in_child(read_only_passed, NOCAP_ROOT, &ro);
	scm = passed_scm(&p);
	loads += scm >= 0;
	bad |= scm > 0;
	s.generation += loads;
	if (get_state(p.fd, &after) || after.mode != s.mode ||
	    after.generation != s.generation)
		bad |= failf("after the passed loads: mode %u generation %llu, want %u %llu",
			     after.mode, (unsigned long long)after.generation,
			     s.mode, (unsigned long long)s.generation);
	if (!bad)
		printf("note: through descriptors root opened, processes without CAP_SYS_ADMIN loaded rules %d times and set the mode\n",
		       loads);
	printf("%s\n", bad ? "FAIL passed-fd" : "ok");
	return bad;
}

/* ---- devtest execv-args, memfd-exec, as-user, exec-fails ---- */

/* FILE, then for each NxLEN N arguments of LEN 'a's; no environment. */
static int execv_args(char **argv)
{
	size_t total = 1, i, k = 0;
	char **args;
	int j;

	for (j = 1; argv[j]; j++)
		total += strtoul(argv[j], NULL, 10);
	args = calloc(total + 1, sizeof(*args));
	if (!args)
		return fail("calloc");
	args[k++] = argv[0];
	for (j = 1; argv[j]; j++) {
		char *x = strchr(argv[j], 'x'), *s;
		size_t n = strtoul(argv[j], NULL, 10), len;

		if (!x)
			return failf("%s: want NxLEN", argv[j]);
		len = strtoul(x + 1, NULL, 10);
		s = malloc(len + 1);
		if (!s)
			return fail("malloc");
		memset(s, 'a', len);
		s[len] = '\0';
		for (i = 0; i < n; i++)
			args[k++] = s;
	}
	execve(argv[0], args, (char *[]){ NULL });
	printf("exec failed: %s\n", strerror(errno));
	return 3;
}

/* Copy FILE into a memfd and execute it from there: no path on disk. */
static int memfd_exec(char **argv)
{
	char buf[65536];
	ssize_t n;
	int in = open(argv[0], O_RDONLY), fd = memfd_create("tool", 0);

	if (in < 0 || fd < 0)
		return fail("open");
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, n) != n)
			return fail("write");
	close(in);
	fexecve(fd, argv, (char *[]){ NULL });
	return fail("fexecve");
}

/* UID[:GID,...]: that uid and group, those supplementary groups or none. */
static int as_user(char **argv)
{
	uid_t uid = (uid_t)strtoul(argv[0], NULL, 10);
	const char *g = strchr(argv[0], ':');
	gid_t groups[16];
	size_t n = 0;
	char *end;

	while (g && n < sizeof(groups) / sizeof(groups[0])) {
		groups[n++] = (gid_t)strtoul(g + 1, &end, 10);
		g = *end == ',' ? end : NULL;
	}
	if (g)
		return failf("%s: at most 16 groups", argv[0]);
	if (setgroups(n, groups) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid))
		return fail("setresuid");
	execv(argv[1], argv + 1);
	return fail("exec");
}

/* Exec FILE, which must fail: prints the error, exits 0 when it did. */
static int exec_fails(char **argv)
{
	char *args[] = { argv[0], NULL };

	execv(argv[0], args);
	printf("exec failed: %s\n", strerror(errno));
	return 0;
}

/* Exec FILE with argv[0] NAME, as a shell's exec -a does. */
static int exec_as(char **argv)
{
	char *args[] = { argv[0], NULL };

	execv(argv[1], args);
	return fail("exec");
}

static const struct {
	const char *name;
	int min, max;	/* arguments after the name; max -1: any */
	int (*fn)(void);
	int (*fn_argv)(char **argv);
} cmds[] = {
	{ "einval", 0, 0, t_einval, NULL },
	{ "block", 0, 0, t_block, NULL },
	{ "perm", 0, 0, t_perm, NULL },
	{ "ioctl", 0, 0, t_ioctl, NULL },
	{ "ioctl-all", 0, 0, t_ioctl_all, NULL },
	{ "read-all", 0, 0, t_read_all, NULL },
	{ "records", 0, 0, t_records, NULL },
	{ "readers", 1, -1, NULL, t_readers },
	{ "lost-per-fd", 2, 2, NULL, t_lost_per_fd },
	{ "access", 0, 0, t_access, NULL },
	{ "group", 1, 1, NULL, t_group },
	{ "passed-fd", 0, 0, t_passed_fd, NULL },
	{ "bad-rules", 0, 0, t_bad_rules, NULL },
	{ "bad-automaton", 0, 0, t_bad_automaton, NULL },
	{ "execv-args", 1, -1, NULL, execv_args },
	{ "memfd-exec", 1, -1, NULL, memfd_exec },
	{ "as-user", 2, -1, NULL, as_user },
	{ "exec-fails", 1, 1, NULL, exec_fails },
	{ "exec-as", 2, 2, NULL, exec_as },
};

int main(int argc, char **argv)
{
	unsigned int i;

	for (i = 0; argc >= 2 && i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		int n = argc - 2;

		if (strcmp(argv[1], cmds[i].name) || n < cmds[i].min ||
		    (cmds[i].max >= 0 && n > cmds[i].max))
			continue;
		setvbuf(stdout, NULL, _IOLBF, 0);
		return cmds[i].fn ? cmds[i].fn() : cmds[i].fn_argv(argv + 2);
	}
	fprintf(stderr, "usage: devtest einval|block|perm|ioctl|ioctl-all|"
		"read-all|records|readers CMD...|lost-per-fd N K|access|"
		"group GID|passed-fd|bad-rules|bad-automaton|execv-args FILE NxLEN...|"
		"memfd-exec FILE ARG...|as-user UID[:GID,...] CMD...|"
		"exec-fails FILE|exec-as NAME FILE\n");
	return 2;
}
