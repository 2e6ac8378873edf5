// SPDX-License-Identifier: GPL-2.0
/* escapewatch watch: records from the device to findings. */
#define _GNU_SOURCE	/* ppoll() */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "cmd/watch.h"
#include "container/logtail.h"
#include "format/format_scc.h"
#include "input/decode.h"
#include "input/record.h"

/* The time one read of a container's log may take. */
#define EW_LOG_TIMEOUT_MS	200

/* Room for several records per read(2); at least one of any size. */
#define EW_READ_BUF	(16 * EW_RECORD_MAX)

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL +
	       (unsigned long long)ts.tv_nsec;
}

/*
 * The lines of one read of the device, written together when it is done
 * (one write(2) instead of one a line); each line whole.
 */
#define EW_BATCH_MAX	(1024 * 1024)	/* written early beyond this */

struct ew_watch_batch {
	char *p;
	size_t len, size;
	unsigned long long lines, first_seq;
};

static void batch_flush(struct ew_watch *w)
{
	struct ew_watch_batch *b = w->batch;
	unsigned long long i;
	int err;

	if (!b || !b->lines)
		return;
	if (ew_output_write(w->out, b->p, b->len)) {
		err = errno;
		for (i = 0; i < b->lines; i++)
			ew_failure(&w->write_failures, w->log, b->first_seq + i,
				   err);
	} else {
		ew_success(&w->write_failures, w->log);
	}
	b->len = 0;
	b->lines = 0;
}

/* line and its newline into the batch: 0, or -1 (written at once then). */
static int batch_add(struct ew_watch *w, const char *line,
		     unsigned long long seq)
{
	struct ew_watch_batch *b = w->batch;
	size_t n = strlen(line) + 1, want;
	char *p;

	if (!b)
		return -1;
	if (b->len + n > EW_BATCH_MAX)
		batch_flush(w);
	if (b->len + n > b->size) {
		for (want = b->size ? b->size : 16384; b->len + n > want;
		     want *= 2)
			;
		if (want > EW_BATCH_MAX || !(p = realloc(b->p, want))) {
			batch_flush(w);
			return -1;
		}
		b->p = p;
		b->size = want;
	}
	if (!b->lines)
		b->first_seq = seq;
	memcpy(b->p + b->len, line, n - 1);
	b->p[b->len + n - 1] = '\n';
	b->len += n;
	b->lines++;
	return 0;
}

static void emit(struct ew_watch *w, char *line, unsigned long long seq)
{
	if (!w->write_failures.what)
		w->write_failures.what = "output";
	if (!line) {
		fprintf(w->log, "escapewatch: out of memory formatting record %llu\n",
			seq);
		w->write_failures.total++;
		return;
	}
	if (!batch_add(w, line, seq))
		return;
	if (ew_output_line(w->out, line))
		ew_failure(&w->write_failures, w->log, seq, errno);
	else
		ew_success(&w->write_failures, w->log);
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
	char *line;

	check_seq(w, rec->hdr.seq, rec->count);
	w->lost += rec->count;
	fprintf(w->log, "escapewatch: lost %llu event(s) from sequence %llu (%s)\n",
		(unsigned long long)rec->count,
		(unsigned long long)rec->hdr.seq,
		rec->hdr.flags & EW_LOST_NOMEM ? "module out of memory" :
						 "reader fell behind");
	line = ew_format_lost(w->format, rec);
	emit(w, line, rec->hdr.seq);
	if (w->forward) {
		char *json = w->format == EW_FORMAT_TEXT ?
			     ew_format_lost(EW_FORMAT_SCC, rec) : line;

		ew_forward_report(w->forward, "lost", rec->hdr.seq, json);
		if (json != line)
			free(json);
	}
	free(line);
}

static void on_malformed(struct ew_watch *w, unsigned long long seq,
			 const char *err)
{
	char *line, *json;

	check_seq(w, seq, 1);
	w->malformed++;
	fprintf(w->log, "escapewatch: %s\n", err);
	line = ew_format_malformed(w->format, seq, err);
	emit(w, line, seq);
	if (w->forward) {
		json = w->format == EW_FORMAT_TEXT ?
		       ew_format_malformed(EW_FORMAT_SCC, seq, err) : line;
		ew_forward_report(w->forward, "malformed", seq, json);
		if (json != line)
			free(json);
	}
	free(line);
}

/* What the host's files say of the finding's container. */
static void look_up(struct ew_watch *w, struct ew_finding *f)
{
	const struct ew_identity *id;
	struct ew_lookup l;

	if (!w->identities || !f->container_known)
		return;
	id = ew_identity_get(w->identities, &f->container, ew_mono_ns(),
			     &f->identity_found);
	f->identity = id;
	if (!w->log_lines || !id->log[0])
		return;
	ew_lookup_init(&l, w->root, EW_LOG_TIMEOUT_MS);
	f->log_lines = ew_log_tail(&l, id->log, id->log_kind, w->log_lines);
	snprintf(f->log_why, sizeof(f->log_why), "%s", l.why);
}

#define EW_WEIGH_ARGS	64	/* arguments an escape command is weighed by */

/* The command line against the surface: argv's first arguments. */
static void weigh(struct ew_finding *f)
{
	const char *args[EW_WEIGH_ARGS];
	const struct ew_event *ev = f->ev;
	struct ew_text arg;
	size_t off = 0, used = 0;
	char *buf;
	int n = 0;

	if (ev->argv.flags & EW_FIELD_UNREADABLE)
		return;
	buf = malloc(ev->argv.len + EW_WEIGH_ARGS);
	if (!buf)
		return;
	while (n < EW_WEIGH_ARGS && ew_argv_next(&ev->argv, &off, &arg)) {
		memcpy(buf + used, arg.p, arg.len);
		buf[used + arg.len] = '\0';
		args[n++] = buf + used;
		used += arg.len + 1;
	}
	f->weigh = ew_surface_weigh(f->surface, args, n, f->weigh_why,
				    sizeof(f->weigh_why));
	free(buf);
}

/*
 * What the module's record says where /proc could not be read (a process
 * gone, or /proc/PID/ns/ closed to a reader without CAP_SYS_PTRACE): the
 * exec's namespaces, seccomp and dangerous capabilities, as they were at
 * the exec.
 */
/*
 * The container's escape surface from one of its live processes, with
 * what its runtime's configuration adds, judged; and the command line
 * weighed against it.
 */
static void read_surface(struct ew_watch *w, struct ew_finding *f,
			 struct ew_surface *s)
{
	const struct ew_event *ev = f->ev;

	if (!w->proc_root || !f->container_known)
		return;
	ew_surface_read(s, w->proc_root, w->cgroup_root, ev->rec,
			ev->cgroup.p, ev->cgroup.len);
	ew_surface_record(s, w->proc_root, ev->rec);
	if (f->identity && f->identity->privileged)
		ew_surface_add(s, "privileged",
			       "the runtime's configuration says privileged");
	ew_surface_judge(s);
	f->surface = s;
	weigh(f);
}

/* The container of the cgroup path: the last path's again, if the same. */
static int container_of(struct ew_watch *w, const struct ew_text *cg,
			struct ew_container *c)
{
	struct ew_watch_cgroup *last = &w->last_cgroup;
	int known;

	if (last->len && last->len == cg->len &&
	    !memcmp(last->path, cg->p, cg->len)) {
		*c = last->c;
		return last->known;
	}
	known = ew_container_parse(cg->p, cg->len, c) == 1;
	last->len = 0;
	if (cg->len <= sizeof(last->path)) {
		memcpy(last->path, cg->p, cg->len);
		last->len = cg->len;
		last->c = *c;
		last->known = known;
	}
	return known;
}

static void on_exec(struct ew_watch *w, const struct ew_exec_record *r)
{
	struct ew_surface surface;
	char related[EW_RELATED_PER_CONTAINER][EW_ID_LEN + 1];
	struct ew_finding f = { .ident = w->ident, .related = related };
	struct ew_event ev;
	char *line, *scc;

	check_seq(w, r->hdr.seq, 1);
	w->findings++;
	ew_event_decode(r, &ev);
	f.ev = &ev;
	ew_finding_id(w->ident, r->hdr.seq, r->boot_ns, f.id);
	f.create_ns = w->clock ? w->clock() : now_ns();
	if (ev.cgroup.len)
		f.container_known = container_of(w, &ev.cgroup,
						 &f.container);
	if (!f.container_known)
		memset(&f.container, 0, sizeof(f.container));
	look_up(w, &f);
	read_surface(w, &f, &surface);
	if (w->related)
		f.nrelated = ew_related_note(w->related,
			ew_container_key(&ev, &f.container, f.container_known),
			r->real_ns, f.id, related);
	line = ew_format_finding(w->format, &f);
	emit(w, line, r->hdr.seq);
	scc = w->format == EW_FORMAT_SCC ? line :
	      w->forward || w->responder ? ew_format_scc(&f) : NULL;
	if (w->forward)
		ew_forward_finding(w->forward, &f, scc);
	if (w->respond)
		ew_respond_freeze(w->respond, &f);
	if (w->responder)
		ew_responder_run(w->responder, &f, scc);
	if (scc != line)
		free(scc);
	free(line);
	json_decref(f.log_lines);
}

static void reopen_if_asked(struct ew_watch *w)
{
	char err[256];

	if (!w->hup || !*w->hup)
		return;
	*w->hup = 0;
	if (ew_output_reopen(w->out, err, sizeof(err)))
		fprintf(w->log, "escapewatch: %s; still writing to the old file\n",
			err);
}

static int each_record(struct ew_watch *w, const void *buf, size_t len)
{
	const struct ew_record_header *h;
	char err[320];
	size_t off = 0;

	for (;;) {
		switch (ew_record_next(buf, len, &off, &h, err, sizeof(err))) {
		case EW_PARSE_END:
			return 0;
		case EW_PARSE_BAD:
			fprintf(w->log, "escapewatch: malformed read of %zu bytes: %s\n",
				len, err);
			return -1;
		case EW_PARSE_UNKNOWN:
			continue;
		case EW_PARSE_INVALID:
			on_malformed(w, h->seq, err);
			continue;
		case EW_PARSE_OK:
			break;
		}
		if (h->type == EW_REC_LOST)
			on_lost(w, (const void *)h);
		else
			on_exec(w, (const void *)h);
	}
}

int ew_watch_buffer(struct ew_watch *w, const void *buf, size_t len)
{
	struct ew_watch_batch batch = { 0 };
	int ret;

	reopen_if_asked(w);
	w->batch = &batch;
	ret = each_record(w, buf, len);
	batch_flush(w);
	w->batch = NULL;
	free(batch.p);
	return ret;
}

/* Wait until fd is readable or a signal comes: 0, or -1 on error. */
static int wait_readable(struct ew_watch *w, int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	long ms = w->responder ? ew_responder_wait_ms(w->responder) : -1;
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };
	int n;

	n = w->pollmask ? ppoll(&pfd, 1, ms < 0 ? NULL : &ts, w->pollmask) :
			  poll(&pfd, 1, (int)ms);
	if (n < 0 && errno != EINTR) {
		fprintf(w->log, "escapewatch: poll: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

int ew_watch_fd(struct ew_watch *w, int fd, unsigned long long max_findings)
{
	char *buf = malloc(EW_READ_BUF);
	int status = 1;
	ssize_t n;

	if (!buf) {
		fprintf(w->log, "escapewatch: out of memory\n");
		return 1;
	}
	while (!max_findings || w->findings < max_findings) {
		if (w->stop && *w->stop) {
			status = 0;
			goto out;
		}
		reopen_if_asked(w);
		if (w->responder)
			ew_responder_reap(w->responder);
		n = read(fd, buf, EW_READ_BUF);
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			if (errno == EAGAIN && wait_readable(w, fd))
				goto out;
			continue;
		}
		if (n <= 0) {
			fprintf(w->log, "escapewatch: read: %s\n",
				n ? strerror(errno) : "end of file");
			goto out;
		}
		if (ew_watch_buffer(w, buf, (size_t)n))
			goto out;
	}
	status = 0;
out:
	free(buf);
	if (w->responder)
		ew_responder_drain(w->responder);
	return status;
}

void ew_watch_summary(struct ew_watch *w)
{
	struct ew_failures *sys = w->forward ? &w->forward->failures : NULL;

	if (w->respond)
		ew_respond_summary(w->respond);
	if (w->responder)
		ew_responder_summary(w->responder);
	if (!w->lost && !w->malformed && !w->write_failures.total &&
	    !(sys && sys->total))
		return;
	fprintf(w->log,
		"escapewatch: %llu finding(s), %llu event(s) lost, %llu malformed record(s), %llu output failure(s), %llu syslog failure(s)\n",
		w->findings, w->lost, w->malformed, w->write_failures.total,
		sys ? sys->total : 0ULL);
}
