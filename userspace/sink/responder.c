// SPDX-License-Identifier: GPL-2.0
/* --respond-exec=PROG: a responder program per finding; responder.h. */
#define _GNU_SOURCE	/* memfd_create() */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/names.h"
#include "base/strdupf.h"
#include "sink/responder.h"

extern char **environ;

#define ENV_PREFIX	"ESCAPEWATCH_"

void ew_responder_init(struct ew_responder *r, const char *prog,
		       unsigned long long timeout_ms, FILE *log)
{
	memset(r, 0, sizeof(*r));
	r->prog = prog;
	r->timeout_ms = timeout_ms ? timeout_ms : 1;
	r->log = log;
}

/* Write all of buf[0..len) to fd: 0, or -1 with errno. */
static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The finding's JSON line in an unlinked in-memory file, at offset 0. */
static int json_file(const char *json)
{
	int fd = memfd_create("escapewatch-finding", MFD_CLOEXEC), err;

	if (fd < 0)
		return -1;
	if (write_all(fd, json, strlen(json)) || write_all(fd, "\n", 1) ||
	    lseek(fd, 0, SEEK_SET)) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/* The reader's environment without ESCAPEWATCH_*, then ours; NULL: ENOMEM. */
static char **environment(const struct ew_finding *f, char *own[4])
{
	const char *sev = ew_scc_severity(f->ev->rec->severity);
	size_t n = 0, i, k = 0;
	char **env;

	for (i = 0; environ && environ[i]; i++)
		n++;
	env = calloc(n + 5, sizeof(*env));
	if (!env)
		return NULL;
	own[0] = ew_strdupf(ENV_PREFIX "FINDING_ID=%s", f->id);
	own[1] = ew_strdupf(ENV_PREFIX "CONTAINER_ID=%s",
			    f->container_known ? f->container.id : "");
	own[2] = ew_strdupf(ENV_PREFIX "CONTAINER_RUNTIME=%s",
			    f->container_known ? f->container.runtime : "");
	own[3] = ew_strdupf(ENV_PREFIX "SEVERITY=%s", sev ? sev : "HIGH");
	for (i = 0; i < 4; i++)
		if (!own[i]) {
			free(env);
			return NULL;
		}
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], ENV_PREFIX, strlen(ENV_PREFIX)))
			env[k++] = environ[i];
	for (i = 0; i < 4; i++)
		env[k++] = own[i];
	env[k] = NULL;
	return env;
}

/* posix_spawn() PROG with stdin from fd: 0 and *pid, or an error number. */
static int spawn(const struct ew_responder *r, int fd, char **env, pid_t *pid)
{
	char *argv[] = { (char *)r->prog, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, all;
	int err;

	sigemptyset(&none);
	sigfillset(&all);
	if ((err = posix_spawn_file_actions_init(&fa)))
		return err;
	if ((err = posix_spawnattr_init(&at))) {
		posix_spawn_file_actions_destroy(&fa);
		return err;
	}
	err = posix_spawn_file_actions_adddup2(&fa, fd, 0);
	if (!err)
		err = posix_spawn_file_actions_adddup2(&fa, 2, 1);
	if (!err)
		err = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
					       POSIX_SPAWN_SETSIGMASK |
					       POSIX_SPAWN_SETSIGDEF);
	if (!err)
		err = posix_spawnattr_setpgroup(&at, 0);
	if (!err)
		err = posix_spawnattr_setsigmask(&at, &none);
	if (!err)
		err = posix_spawnattr_setsigdefault(&at, &all);
	if (!err)
		err = posix_spawn(pid, r->prog, &fa, &at, argv, env);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return err;
}

int ew_responder_run(struct ew_responder *r, const struct ew_finding *f,
		     const char *scc_json)
{
	struct ew_responder_child *k = NULL;
	char *own[4] = { NULL }, **env = NULL;
	int fd = -1, err, i;
	pid_t pid;

	ew_responder_reap(r);
	if (!f->container_known) {
		r->refused++;
		fprintf(r->log, "escapewatch: no responder for finding %s: it names no container (responders are for containers)\n",
			f->id);
		return -1;
	}
	for (i = 0; i < EW_RESPONDERS_MAX && !k; i++)
		if (!r->kids[i].pid)
			k = &r->kids[i];
	if (!k) {
		r->skipped++;
		fprintf(r->log, "escapewatch: no responder for finding %s: %d responders still running\n",
			f->id, EW_RESPONDERS_MAX);
		return -1;
	}
	err = ENOMEM;
	if (scc_json) {
		fd = json_file(scc_json);
		err = errno;
	}
	if (fd >= 0) {
		env = environment(f, own);
		err = env ? spawn(r, fd, env, &pid) : ENOMEM;
		close(fd);
	}
	free(env);
	for (i = 0; i < 4; i++)
		free(own[i]);
	if (fd < 0 || err) {
		r->failed++;
		fprintf(r->log, "escapewatch: responder %s for finding %s could not start: %s\n",
			r->prog, f->id, strerror(err));
		return -1;
	}
	memset(k, 0, sizeof(*k));
	k->pid = pid;
	k->started = ew_mono_ns();
	k->deadline = k->started + r->timeout_ms * 1000000ULL;
	memcpy(k->id, f->id, sizeof(k->id));
	r->running++;
	r->started++;
	return 0;
}

static void ended(struct ew_responder *r, struct ew_responder_child *k,
		  int status)
{
	double secs = (double)(ew_mono_ns() - k->started) / 1e9;

	if (k->killed) {
		/* told when it was killed */
	} else if (status == -1) {
		r->failed++;
		fprintf(r->log, "escapewatch: responder for finding %s (pid %d) ended; its status is unknown\n",
			k->id, (int)k->pid);
	} else if (WIFEXITED(status) && !WEXITSTATUS(status)) {
		r->succeeded++;
		fprintf(r->log, "escapewatch: responder for finding %s (pid %d) done in %.1f s\n",
			k->id, (int)k->pid, secs);
	} else {
		r->failed++;
		if (WIFEXITED(status))
			fprintf(r->log, "escapewatch: responder for finding %s (pid %d) failed: exit status %d\n",
				k->id, (int)k->pid, WEXITSTATUS(status));
		else
			fprintf(r->log, "escapewatch: responder for finding %s (pid %d) failed: killed by signal %d\n",
				k->id, (int)k->pid, WTERMSIG(status));
	}
	k->pid = 0;
	r->running--;
}

void ew_responder_reap(struct ew_responder *r)
{
	unsigned long long now;
	struct ew_responder_child *k;
	int i, status;
	pid_t p;

	if (!r->running)
		return;
	now = ew_mono_ns();
	for (i = 0; i < EW_RESPONDERS_MAX; i++) {
		k = &r->kids[i];
		if (!k->pid)
			continue;
		do
			p = waitpid(k->pid, &status, WNOHANG);
		while (p < 0 && errno == EINTR);
		if (p == k->pid) {
			ended(r, k, status);
			continue;
		}
		if (p < 0) {	/* reaped elsewhere (SIGCHLD ignored?) */
			ended(r, k, -1);
			continue;
		}
		if (!k->killed && now >= k->deadline) {
			kill(-k->pid, SIGKILL);
			kill(k->pid, SIGKILL);
			k->killed = 1;
			r->killed++;
			fprintf(r->log, "escapewatch: responder for finding %s (pid %d) still running after %llu ms: killed\n",
				k->id, (int)k->pid, r->timeout_ms);
		}
	}
}

long ew_responder_wait_ms(const struct ew_responder *r)
{
	unsigned long long now = ew_mono_ns(), next = 0;
	int i;

	if (!r->running)
		return -1;
	for (i = 0; i < EW_RESPONDERS_MAX; i++) {
		const struct ew_responder_child *k = &r->kids[i];

		if (k->pid && !k->killed && (!next || k->deadline < next))
			next = k->deadline;
	}
	if (!next)		/* only killed ones left: look again soon */
		return 10;
	if (next <= now)
		return 1;
	return (long)((next - now) / 1000000ULL) + 1;
}

void ew_responder_drain(struct ew_responder *r)
{
	struct timespec ts;
	long ms;

	for (ew_responder_reap(r); r->running; ew_responder_reap(r)) {
		ms = ew_responder_wait_ms(r);
		if (ms > 10 || ms < 0)
			ms = 10;
		ts.tv_sec = 0;
		ts.tv_nsec = ms * 1000000L;
		nanosleep(&ts, NULL);
	}
}

void ew_responder_summary(const struct ew_responder *r)
{
	fprintf(r->log,
		"escapewatch: --respond-exec: %llu responder(s) started, %llu succeeded, %llu failed, %llu killed after the timeout, %llu skipped (%d running), %llu refused (no container)\n",
		r->started, r->succeeded, r->failed, r->killed, r->skipped,
		EW_RESPONDERS_MAX, r->refused);
}
