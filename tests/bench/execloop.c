// SPDX-License-Identifier: GPL-2.0
/*
 * The exec loop of make bench: fork, exec PROG, wait, COUNT times, then
 * print the nanoseconds one round took on average:
 *   execloop COUNT PROG [ARG...]
 * Exits non-zero, saying why, when an exec or a child fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long count, i;
	long long t0;
	int status;
	pid_t pid;

	if (argc < 3 || (count = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: execloop COUNT PROG [ARG...]\n");
		return 2;
	}
	t0 = now_ns();
	for (i = 0; i < count; i++) {
		pid = fork();
		if (pid < 0) {
			perror("execloop: fork");
			return 1;
		}
		if (pid == 0) {
			execv(argv[2], argv + 2);
			perror("execloop: exec");
			_exit(127);
		}
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			fprintf(stderr, "execloop: %s failed (status %#x)\n",
				argv[2], status);
			return 1;
		}
	}
	printf("%lld\n", (now_ns() - t0) / count);
	return 0;
}
