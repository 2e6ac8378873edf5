// SPDX-License-Identifier: GPL-2.0
/*
 * Ways of executing a file that try to slip past the exec hook, for the
 * evasion scenarios (tests/qemu/evasion.sh), run in the test VM:
 *
 *   evade execveat FILE             execveat(fd, "", AT_EMPTY_PATH) of FILE
 *   evade longpath DIR FILE         copy FILE to a directory under DIR whose
 *                                   path is longer than PATH_MAX and execute
 *                                   it there as ./NAME; prints the depth
 *   evade rename DIR NAME N         execute DIR/NAME N times (DIR.moved/NAME
 *                                   when DIR is away) while a child renames
 *                                   DIR to DIR.moved and back; prints how
 *                                   many of the N executed
 *   evade comm COMM FILE            set its comm to COMM, then execute FILE
 *
 * The executed file runs without arguments; a failure to execute exits 127.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int fail(const char *what)
{
	perror(what);
	return 127;
}

static int do_execveat(const char *file)
{
	char *argv[] = { (char *)file, NULL };
	/* Not O_CLOEXEC: a script would need /dev/fd/N to stay open. */
	int fd = open(file, O_RDONLY);

	if (fd < 0)
		return fail(file);
	syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
	return fail("execveat");
}

/* Copy @from to @name in the directory @dirfd, executable. */
static int copy_to(const char *from, int dirfd, const char *name)
{
	char buf[65536];
	ssize_t n;
	int in = open(from, O_RDONLY);
	int out = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	int ret = -1;

	if (in < 0 || out < 0)
		goto out;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			goto out;
	ret = n < 0 ? -1 : 0;
out:
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out))
		ret = -1;
	return ret;
}

/*
 * Components of 200 bytes, each entered with fchdir(): no single path
 * names the deepest one, whose absolute path is past PATH_MAX.
 */
static int do_longpath(const char *dir, const char *file)
{
	const char *name = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	char comp[201], exe[PATH_MAX];
	size_t depth = 0, len = strlen(dir);
	char *argv[] = { exe, NULL };

	memset(comp, 'd', sizeof(comp) - 1);
	comp[sizeof(comp) - 1] = '\0';
	if (chdir(dir))
		return fail(dir);
	while (len <= PATH_MAX + 200) {
		if (mkdir(comp, 0755) && errno != EEXIST)
			return fail("mkdir");
		if (chdir(comp))
			return fail("chdir");
		len += 1 + strlen(comp);
		depth++;
	}
	if (copy_to(file, AT_FDCWD, name))
		return fail("copy");
	snprintf(exe, sizeof(exe), "./%s", name);
	printf("depth %zu, path %zu bytes\n", depth, len + 1 + strlen(name));
	fflush(stdout);
	execve(exe, argv, environ);
	return fail("execve");
}

static int do_rename(const char *dir, const char *name, long n)
{
	char moved[PATH_MAX], a[PATH_MAX], b[PATH_MAX];
	char *argv[] = { a, NULL };
	long i, ran = 0;
	pid_t mover, p;
	int st;

	if ((size_t)snprintf(moved, sizeof(moved), "%s.moved", dir) >=
	    sizeof(moved) ||
	    (size_t)snprintf(a, sizeof(a), "%s/%s", dir, name) >= sizeof(a) ||
	    (size_t)snprintf(b, sizeof(b), "%s/%s", moved, name) >= sizeof(b)) {
		fprintf(stderr, "evade: path too long\n");
		return 127;
	}
	mover = fork();
	if (mover < 0)
		return fail("fork");
	if (!mover) {
		for (;;) {
			if (rename(dir, moved) || rename(moved, dir))
				_exit(fail("rename"));
		}
	}
	for (i = 0; i < n; i++) {
		p = fork();
		if (p < 0)
			break;
		if (!p) {
			execve(a, argv, environ);
			argv[0] = b;
			execve(b, argv, environ);
			_exit(127);
		}
		if (waitpid(p, &st, 0) == p && WIFEXITED(st) &&
		    !WEXITSTATUS(st))
			ran++;
	}
	kill(mover, SIGKILL);
	waitpid(mover, &st, 0);
	/* Leave DIR where it was. */
	if (access(dir, F_OK) && rename(moved, dir))
		return fail("rename back");
	printf("%ld\n", ran);
	return i == n ? 0 : fail("fork");
}

static int do_comm(const char *comm, const char *file)
{
	char *argv[] = { (char *)file, NULL };

	if (prctl(PR_SET_NAME, comm))
		return fail("prctl");
	execve(file, argv, environ);
	return fail(file);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "execveat"))
		return do_execveat(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "longpath"))
		return do_longpath(argv[2], argv[3]);
	if (argc == 5 && !strcmp(argv[1], "rename"))
		return do_rename(argv[2], argv[3], atol(argv[4]));
	if (argc == 4 && !strcmp(argv[1], "comm"))
		return do_comm(argv[2], argv[3]);
	fprintf(stderr, "usage: evade execveat FILE | longpath DIR FILE | "
		"rename DIR NAME N | comm COMM FILE\n");
	return 2;
}
