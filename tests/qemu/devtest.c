// SPDX-License-Identifier: GPL-2.0
/*
 * Device checks that the reader does not exercise, run in the test VM:
 *   devtest einval    a too-small read fails with EINVAL and loses nothing
 *   devtest block     a blocking read wakes when a record arrives
 *   devtest perm      open refused to uid 1000 and to root without
 *                     CAP_SYS_ADMIN
 *   devtest ioctl     unknown ioctls fail with ENOTTY; bad pointers EFAULT
 *   devtest bad-rules malformed rules blobs are refused, the rules in force
 *                     stay
 *   devtest memfd-exec FILE ARG...  execute a copy of FILE from a memfd
 *   devtest as-user UID CMD...   run CMD as UID with no capabilities
 * Prints "ok" or a reason, exit status 0 or 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../include/uapi/escapewatch.h"

#define DEV "/dev/" EW_DEVICE_NAME

static int fail(const char *what)
{
	printf("FAIL %s: %s\n", what, strerror(errno));
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

static int child_open(uid_t uid, int want)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (uid && setresuid(uid, uid, uid))
			_exit(2);
		if (!uid && drop_all_caps())
			_exit(3);
		if (open(DEV, O_RDONLY) >= 0)
			_exit(4);
		_exit(errno == want ? 0 : 5);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 6;
}

static int t_perm(void)
{
	int r;

	r = child_open(1000, EACCES);
	if (r) {
		printf("FAIL uid 1000: child status %d\n", r);
		return 1;
	}
	r = child_open(0, EPERM);
	if (r) {
		printf("FAIL root without CAP_SYS_ADMIN: child status %d\n", r);
		return 1;
	}
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

static int t_bad_rules(void)
{
	struct ew_rules_io io, after;
	struct ew_rules_header *h;
	struct ew_matcher *m;
	unsigned char *blob;
	int fd = open(DEV, O_RDONLY), bad = 0;

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

static int as_user(char **argv)
{
	uid_t uid = (uid_t)strtoul(argv[0], NULL, 10);

	if (setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
		return fail("setresuid");
	execv(argv[1], argv + 1);
	return fail("exec");
}

/* Exec FILE, which must fail: prints the error, exits 0 when it did. */
static int exec_fails(char *file)
{
	char *args[] = { file, NULL };

	execv(file, args);
	printf("exec failed: %s\n", strerror(errno));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "einval"))
		return t_einval();
	if (argc >= 2 && !strcmp(argv[1], "block"))
		return t_block();
	if (argc >= 2 && !strcmp(argv[1], "perm"))
		return t_perm();
	if (argc >= 2 && !strcmp(argv[1], "ioctl"))
		return t_ioctl();
	if (argc >= 2 && !strcmp(argv[1], "bad-rules"))
		return t_bad_rules();
	if (argc >= 3 && !strcmp(argv[1], "memfd-exec"))
		return memfd_exec(argv + 2);
	if (argc >= 4 && !strcmp(argv[1], "as-user"))
		return as_user(argv + 2);
	if (argc == 3 && !strcmp(argv[1], "exec-fails"))
		return exec_fails(argv[2]);
	fprintf(stderr, "usage: devtest einval|block|perm|ioctl|bad-rules|memfd-exec FILE|as-user UID CMD...|exec-fails FILE\n");
	return 2;
}
