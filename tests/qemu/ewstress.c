// SPDX-License-Identifier: GPL-2.0
/*
 * The raw readers of the stress scenarios (tests/qemu/stress.sh), run in
 * the test VM:
 *
 *   ewstress read fast|slow|all OUT STOP [DRAIN [PAUSE_MS]]
 *
 * Reads /dev/escapewatch from the newest record on ("all": from sequence
 * number 0, as a reader that opens the device) and accounts for every
 * sequence number: exec records received, sequence numbers skipped between
 * them (gaps), and the counts of the EW_REC_LOST records that stand for
 * them.  "fast" reads as much as one read(2) gives, as soon as there is
 * something ("all" too); "slow" reads 4 KiB (a few records) every PAUSE_MS
 * milliseconds (default 200) until the file DRAIN exists (default: STOP),
 * then as fast.  Either stops once the file STOP
 * exists and the queue holds nothing more for it, and writes to OUT:
 *
 *   received N      exec records
 *   lost N          the sum of the EW_REC_LOST records' counts
 *   gaps N          sequence numbers skipped between consecutive exec
 *                   records (counted from those alone)
 *   start N         the first sequence number it was owed
 *   next N          the sequence number it would read next
 *   stats_lost N    what EW_IOC_STATS says this file lost
 *   bad N           records out of order or malformed (first one on stderr)
 *
 * Exit status 0 when bad is 0 and stats_lost equals lost.
 *
 *   ewstress drain OUT TOTAL [BUF [GEN SPEC]]
 *
 * The raw reader of the record generator's scenarios (tests/qemu/recgen.sh,
 * tests/bench/guest.sh): reads from sequence number 0 with blocking reads
 * of BUF bytes (0: the default, 1 MiB) until every one of TOTAL sequence
 * numbers is accounted for, received or in a lost record, or nothing came
 * for 60 s.  With GEN and SPEC, once the device is open a child writes
 * SPEC to the file GEN (the generator's "COUNT SIZE").  It writes the
 * lines above and
 *
 *   ns N            CLOCK_MONOTONIC from just before the child starts (or,
 *                   without GEN, the return of the first read that gave
 *                   records) to the return of its last read
 *   gen_status N    the child's exit status, 0 when its write succeeded
 *   reads N         read(2) calls that gave records
 *   polls N         poll(2) calls
 *   csw N           its context switches, voluntary and not (getrusage)
 *
 * Exit status 0 when bad is 0, stats_lost equals lost and received plus
 * lost is TOTAL, with next at TOTAL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../include/uapi/escapewatch.h"

#define FAST_BUF	(1U << 20)
#define SLOW_BUF	4096

struct tally {
	unsigned long long received, lost, gaps, start, next, bad;
	unsigned long long exec_next;	/* after the last exec record */
	int started;
};

static void bad(struct tally *t, const char *why, unsigned long long seq)
{
	if (!t->bad++)
		fprintf(stderr, "ewstress: %s at seq %llu\n", why, seq);
}

/* Account for one record: every sequence number is either received or
 * covered by a lost record, in order. */
static void account(struct tally *t, const struct ew_record_header *h)
{
	const struct ew_lost_record *l = (const void *)h;

	if (!t->started) {
		t->started = 1;
		t->start = t->next = t->exec_next = h->seq;
	}
	if (h->type == EW_REC_LOST) {
		if (h->size != sizeof(*l) || h->seq != t->next || !l->count)
			bad(t, "malformed lost record", h->seq);
		t->lost += l->count;
		t->next = h->seq + l->count;
		return;
	}
	if (h->type != EW_REC_EXEC || h->size < sizeof(struct ew_exec_record))
		bad(t, "unknown record", h->seq);
	/* Counted from the exec records alone, whatever the lost ones say. */
	if (h->seq < t->exec_next)
		bad(t, "sequence number went back", h->seq);
	else
		t->gaps += h->seq - t->exec_next;
	/* A gap the module did not announce with a lost record. */
	if (h->seq != t->next)
		bad(t, "gap without a lost record", h->seq);
	t->received++;
	t->next = t->exec_next = h->seq + 1;
}

static int walk(struct tally *t, const unsigned char *buf, ssize_t n)
{
	const struct ew_record_header *h;
	ssize_t off = 0;

	while (off < n) {
		h = (const void *)(buf + off);
		if (n - off < (ssize_t)sizeof(*h) || h->size < sizeof(*h) ||
		    h->size > n - off) {
			bad(t, "record cut by read", t->next);
			return -1;
		}
		account(t, h);
		off += (h->size + 7) & ~7U;
	}
	return 0;
}

static int report(const char *out, struct tally *t, int fd)
{
	struct ew_stats st;
	FILE *f = fopen(out, "w");

	if (ioctl(fd, EW_IOC_STATS, &st)) {
		perror("ewstress: stats");
		return 1;
	}
	if (!f) {
		perror(out);
		return 1;
	}
	fprintf(f, "received %llu\nlost %llu\ngaps %llu\nstart %llu\n",
		t->received, t->lost, t->gaps, t->start);
	fprintf(f, "next %llu\nstats_lost %llu\nbad %llu\n", t->next,
		(unsigned long long)st.lost, t->bad);
	fclose(f);
	return t->bad || st.lost != t->lost;
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static int do_read(const char *mode, const char *out, const char *stop,
		   const char *drain, long pause_ms)
{
	int slow = !strcmp(mode, "slow");
	static unsigned char buf[FAST_BUF];
	struct tally t = { 0 };
	struct pollfd p;
	size_t size;
	ssize_t n;
	int fd = open("/dev/" EW_DEVICE_NAME, O_RDONLY | O_NONBLOCK);

	if (fd < 0 || (strcmp(mode, "all") && lseek(fd, 0, SEEK_END) < 0)) {
		perror("ewstress: open");
		return 1;
	}
	for (;;) {
		if (slow && exists(drain))
			slow = 0;
		size = slow ? SLOW_BUF : sizeof(buf);
		n = read(fd, buf, size);
		if (n > 0) {
			if (walk(&t, buf, n))
				break;
			if (slow)
				usleep(pause_ms * 1000);
			continue;
		}
		if (n < 0 && errno == EINVAL && slow) {
			/* The next record is larger than the slow buffer. */
			n = read(fd, buf, sizeof(buf));
			if (n > 0 && !walk(&t, buf, n))
				continue;
		}
		if (n < 0 && errno != EAGAIN) {
			perror("ewstress: read");
			return 1;
		}
		if (exists(stop))
			break;
		p.fd = fd;
		p.events = POLLIN;
		poll(&p, 1, 100);
	}
	return report(out, &t, fd);
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* A child that writes @spec to @gen; its pid, or -1. */
static pid_t generate(const char *gen, const char *spec)
{
	pid_t pid = fork();
	int fd;

	if (pid)
		return pid;
	fd = open(gen, O_WRONLY);
	if (fd < 0 || write(fd, spec, strlen(spec)) != (ssize_t)strlen(spec)) {
		perror("ewstress: generator");
		_exit(1);
	}
	_exit(0);
}

static int do_drain(const char *out, unsigned long long total, size_t size,
		    const char *gen, const char *spec)
{
	unsigned long long reads = 0, polls = 0;
	int gen_status = 0;
	struct rusage ru;
	pid_t child = 0;
	static unsigned char buf[FAST_BUF];
	unsigned long long t0 = 0, t1 = 0;
	struct tally t = { 0 };
	struct pollfd p;
	FILE *f;
	int idle = 0, status;
	ssize_t n;
	int fd = open("/dev/" EW_DEVICE_NAME, O_RDONLY);

	if (fd < 0) {
		perror("ewstress: open");
		return 1;
	}
	if (!size || size > sizeof(buf))
		size = sizeof(buf);
	if (gen) {
		t0 = now_ns();
		child = generate(gen, spec);
		if (child < 0) {
			perror("ewstress: fork");
			return 1;
		}
	}
	while (t.received + t.lost < total && idle < 60) {
		p.fd = fd;
		p.events = POLLIN;
		polls++;
		if (poll(&p, 1, 1000) == 0) {
			idle++;
			continue;
		}
		idle = 0;
		n = read(fd, buf, size);
		if (n < 0) {
			perror("ewstress: read");
			return 1;
		}
		t1 = now_ns();
		reads++;
		if (!t0)
			t0 = t1;
		if (walk(&t, buf, n))
			break;
	}
	if (child > 0 && waitpid(child, &gen_status, 0) < 0)
		gen_status = -1;
	status = report(out, &t, fd);
	f = fopen(out, "a");
	if (!f) {
		perror(out);
		return 1;
	}
	fprintf(f, "ns %llu\ngen_status %d\n", t1 - t0, gen_status);
	getrusage(RUSAGE_SELF, &ru);
	fprintf(f, "reads %llu\npolls %llu\ncsw %ld\n", reads, polls,
		ru.ru_nvcsw + ru.ru_nivcsw);
	fclose(f);
	return status || gen_status || t.received + t.lost != total ||
	       t.next != total;
}

int main(int argc, char **argv)
{
	if ((argc == 4 || argc == 5 || argc == 7) && !strcmp(argv[1], "drain"))
		return do_drain(argv[2], strtoull(argv[3], NULL, 10),
				argc >= 5 ? strtoul(argv[4], NULL, 10) : 0,
				argc == 7 ? argv[5] : NULL,
				argc == 7 ? argv[6] : NULL);
	if (argc >= 5 && argc <= 7 && !strcmp(argv[1], "read") &&
	    (!strcmp(argv[2], "fast") || !strcmp(argv[2], "slow") ||
	     !strcmp(argv[2], "all")))
		return do_read(argv[2], argv[3], argv[4],
			       argc >= 6 ? argv[5] : argv[4],
			       argc == 7 ? atol(argv[6]) : 200);
	fprintf(stderr, "usage: ewstress read fast|slow|all OUT STOP [DRAIN [PAUSE_MS]]\n"
		"       ewstress drain OUT TOTAL [BUF [GEN SPEC]]\n");
	return 2;
}
