// SPDX-License-Identifier: GPL-2.0
/* escapewatch watch: records from the device to JSON lines. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "finding.h"
#include "record.h"
#include "watch.h"

/* Room for several records per read(2); at least one of any size. */
#define EW_READ_BUF	(16 * EW_RECORD_MAX)

static void emit(struct ew_watch *w, json_t *obj)
{
	char *line = obj ? json_dumps(obj, JSON_COMPACT) : NULL;

	if (line)
		fprintf(w->out, "%s\n", line);
	else
		fprintf(w->log, "escapewatch: out of memory formatting a record\n");
	free(line);
	json_decref(obj);
}

/* The sequence numbers must follow on; a jump nobody reported is a bug. */
static void check_seq(struct ew_watch *w, unsigned long long seq,
		      unsigned long long count)
{
	if (w->started && seq != w->next_seq)
		fprintf(w->log,
			"escapewatch: sequence jumped from %llu to %llu without a lost record\n",
			w->next_seq, seq);
	w->started = 1;
	w->next_seq = seq + count;
}

static void on_lost(struct ew_watch *w, const struct ew_lost_record *rec)
{
	check_seq(w, rec->hdr.seq, rec->count);
	w->lost += rec->count;
	fprintf(w->log, "escapewatch: lost %llu event(s) from sequence %llu (%s)\n",
		(unsigned long long)rec->count,
		(unsigned long long)rec->hdr.seq,
		rec->hdr.flags & EW_LOST_NOMEM ? "module out of memory" :
						 "reader fell behind");
	emit(w, ew_finding_lost(rec));
}

int ew_watch_buffer(struct ew_watch *w, const void *buf, size_t len)
{
	const struct ew_record_header *h;
	size_t off = 0;

	for (;;) {
		switch (ew_record_next(buf, len, &off, &h)) {
		case EW_PARSE_END:
			return 0;
		case EW_PARSE_BAD:
			fprintf(w->log, "escapewatch: malformed record at byte %zu of %zu\n",
				off, len);
			return -1;
		case EW_PARSE_UNKNOWN:
			continue;
		case EW_PARSE_OK:
			break;
		}
		if (h->type == EW_REC_LOST) {
			on_lost(w, (const void *)h);
		} else {
			check_seq(w, h->seq, 1);
			w->findings++;
			emit(w, ew_finding_exec((const void *)h));
		}
	}
}

int ew_watch_fd(struct ew_watch *w, int fd, unsigned long long max_findings)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char *buf = malloc(EW_READ_BUF);
	int status = 1;
	ssize_t n;

	if (!buf) {
		fprintf(w->log, "escapewatch: out of memory\n");
		return 1;
	}
	while (!max_findings || w->findings < max_findings) {
		n = read(fd, buf, EW_READ_BUF);
		if (n < 0 && errno == EAGAIN) {
			if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
				fprintf(w->log, "escapewatch: poll: %s\n",
					strerror(errno));
				goto out;
			}
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(w->log, "escapewatch: read: %s\n",
				n ? strerror(errno) : "end of file");
			goto out;
		}
		if (ew_watch_buffer(w, buf, (size_t)n))
			goto out;
		fflush(w->out);
	}
	status = 0;
out:
	fflush(w->out);
	free(buf);
	return status;
}
