// SPDX-License-Identifier: GPL-2.0
/*
 * ew_watch_buffer(): records to lines, gaps and lost accounting, records
 * that cannot be decoded, and findings forwarded to syslog with every
 * failed send counted and told.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "cmd/watch.h"
#include "records.h"

static _Alignas(8) unsigned char buf[4 * EW_RECORD_MAX];

struct capture {
	struct ew_watch w;
	struct ew_output out;
	struct ew_ident ident;
	struct ew_related related;
	char *text, *log;
	size_t text_len, log_len;
	FILE *f;
};

static int setup(void **state)
{
	struct capture *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	c->f = open_memstream(&c->text, &c->text_len);
	c->w.log = open_memstream(&c->log, &c->log_len);
	ew_output_stream(&c->out, c->f);
	ew_ident_init(&c->ident, "h", "b");
	ew_related_init(&c->related, 600ULL * 1000000000ULL);
	c->w.out = &c->out;
	c->w.ident = &c->ident;
	c->w.related = &c->related;
	*state = c;
	return c->f && c->w.log ? 0 : -1;
}

static int teardown(void **state)
{
	struct capture *c = *state;

	fclose(c->f);
	fclose(c->w.log);
	free(c->text);
	free(c->log);
	free(c);
	return 0;
}

static size_t lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void flush(struct capture *c)
{
	fflush(c->f);
	fflush(c->w.log);
}

static void lost_then_findings(void **state)
{
	struct capture *c = *state;
	size_t len;

	len = make_lost(buf, 0, 24, EW_LOST_OVERRUN);
	len += make_exec(buf + len, 24, "/tmp/cdk");
	len += make_exec(buf + len, 25, "/tmp/botb");
	assert_int_equal(ew_watch_buffer(&c->w, buf, len), 0);
	flush(c);

	assert_int_equal(lines(c->text), 3);
	assert_non_null(strstr(c->text, "{\"kind\":\"lost\",\"seq\":0,\"count\":24"));
	assert_non_null(strstr(c->text, "\"path\":\"/tmp/botb\""));
	assert_int_equal(c->w.findings, 2);
	assert_int_equal(c->w.lost, 24);
	assert_int_equal(c->w.next_seq, 26);
	assert_non_null(strstr(c->log, "lost 24 event(s) from sequence 0"));
	assert_null(strstr(c->log, "jumped"));
	/* the second finding in the container lists the first */
	assert_non_null(strstr(c->text, "\"relatedFindings\":[\""));
}

static void every_format_reports_lost(void **state)
{
	struct capture *c = *state;

	c->w.format = EW_FORMAT_TEXT;
	assert_int_equal(ew_watch_buffer(&c->w, buf,
			 make_lost(buf, 3, 2, EW_LOST_NOMEM)), 0);
	c->w.format = EW_FORMAT_JSON;
	assert_int_equal(ew_watch_buffer(&c->w, buf,
			 make_lost(buf, 5, 1, EW_LOST_OVERRUN)), 0);
	flush(c);
	assert_string_equal(c->text,
		"LOST 2 event(s) from sequence 3 (nomem)\n"
		"{\"kind\":\"lost\",\"seq\":5,\"count\":1,\"reason\":\"overrun\"}\n");
}

static void unreported_gap_is_logged(void **state)
{
	struct capture *c = *state;
	size_t len;

	len = make_exec(buf, 3, "/tmp/cdk");
	len += make_exec(buf + len, 9, "/tmp/cdk");
	assert_int_equal(ew_watch_buffer(&c->w, buf, len), 0);
	flush(c);
	assert_non_null(strstr(c->log, "jumped from 4 to 9"));
	assert_int_equal(c->w.findings, 2);
}

static void broken_framing_stops(void **state)
{
	struct capture *c = *state;
	size_t len, first;

	first = make_exec(buf, 0, "/tmp/cdk");
	len = first + make_exec(buf + first, 1, "/tmp/cdk");
	((struct ew_record_header *)(buf + first))->size = 12;
	assert_int_equal(ew_watch_buffer(&c->w, buf, len), -1);
	flush(c);
	assert_int_equal(lines(c->text), 1);
	assert_non_null(strstr(c->log, "malformed read of"));
	assert_non_null(strstr(c->log, "size 12 is not a multiple of 8"));
}

static void undecodable_record_is_reported_and_skipped(void **state)
{
	struct capture *c = *state;
	struct ew_exec_record *r;
	struct ew_field *f;
	size_t len;

	len = make_exec(buf, 0, "/tmp/cdk");
	r = (void *)(buf + len);
	len += make_exec(buf + len, 1, "/tmp/cdk");
	f = (void *)r->fields;		/* its first field: path */
	f->len = 60000;
	len += make_exec(buf + len, 2, "/tmp/cdk");
	assert_int_equal(ew_watch_buffer(&c->w, buf, len), 0);
	flush(c);
	assert_int_equal(lines(c->text), 3);
	assert_int_equal(c->w.findings, 2);
	assert_int_equal(c->w.malformed, 1);
	assert_non_null(strstr(c->text, "{\"kind\":\"malformed\",\"seq\":1,\"error\":\"record 1 at byte "));
	assert_non_null(strstr(c->log, "its path field at byte 520 (60000 bytes) runs past its end"));
	assert_null(strstr(c->log, "jumped"));
	ew_watch_summary(&c->w);
	flush(c);
	assert_non_null(strstr(c->log, "2 finding(s), 0 event(s) lost, 1 malformed record(s)"));
}

/* A unix datagram socket standing in for syslogd, in a fresh directory. */
struct fake_syslogd {
	char dir[32], path[80];
	int fd;
};

static void syslogd_start(struct fake_syslogd *d)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	d->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(d->fd >= 0);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", d->path);
	assert_int_equal(bind(d->fd, (void *)&a, sizeof(a)), 0);
}

static void syslogd_stop(struct fake_syslogd *d)
{
	close(d->fd);
	unlink(d->path);
}

static void syslog_gets_findings_and_failures_are_told(void **state)
{
	struct capture *c = *state;
	struct fake_syslogd d;
	struct ew_forward fw;
	char spec[160], err[256], msg[65536];
	ssize_t n;

	snprintf(d.dir, sizeof(d.dir), "/tmp/ew-syslog-XXXXXX");
	assert_non_null(mkdtemp(d.dir));
	snprintf(d.path, sizeof(d.path), "%s/log", d.dir);
	syslogd_start(&d);
	snprintf(spec, sizeof(spec), "unix:%s", d.path);
	assert_int_equal(ew_forward_open(&fw, spec, c->w.log, err, sizeof(err)), 0);
	c->w.forward = &fw;

	assert_int_equal(ew_watch_buffer(&c->w, buf, make_exec(buf, 1, "/tmp/t/cdk")), 0);
	n = recv(d.fd, msg, sizeof(msg) - 1, MSG_DONTWAIT);
	assert_true(n > 0);
	msg[n] = '\0';
	assert_non_null(strstr(msg, "escapewatch["));
	assert_non_null(strstr(msg, " category=\"Execution: Container Escape\" severity=\"HIGH\" rule=\"cdk\" container=\"docker:" DOCKER_ID "\" pid=\"4242\"] {\"name\":\"hosts/h/sources/escapewatch/findings/"));
	assert_non_null(strstr(msg, "[escapewatch@32473 id=\""));
	assert_int_equal(fw.sent, 1);

	syslogd_stop(&d);		/* syslogd goes away: two fail */
	ew_watch_buffer(&c->w, buf, make_exec(buf, 2, "/tmp/t/cdk"));
	ew_watch_buffer(&c->w, buf, make_lost(buf, 3, 1, EW_LOST_OVERRUN));
	flush(c);
	assert_int_equal(fw.failures.total, 2);
	assert_non_null(strstr(c->log, "escapewatch: syslog: record 2 not written: "));
	assert_null(strstr(c->log, "record 3 not written"));	/* counted */

	syslogd_start(&d);		/* back: works again, and says so */
	c->w.format = EW_FORMAT_TEXT;	/* syslog still gets the scc JSON */
	ew_watch_buffer(&c->w, buf, make_exec(buf, 4, "/tmp/t/cdk"));
	flush(c);
	assert_non_null(strstr(c->log, "syslog: works again after 2 failed message(s), 2 in all"));
	n = recv(d.fd, msg, sizeof(msg) - 1, MSG_DONTWAIT);
	assert_true(n > 0);
	msg[n] = '\0';
	assert_non_null(strstr(msg, "] {\"name\":"));
	assert_int_equal(fw.sent, 2);
	ew_watch_summary(&c->w);
	flush(c);
	assert_non_null(strstr(c->log, "0 output failure(s), 2 syslog failure(s)"));

	ew_forward_close(&fw);
	syslogd_stop(&d);
	rmdir(d.dir);
}

/* The read loop on a pipe: --count, the stop flag, end of file. */
static void read_loop(void **state)
{
	struct capture *c = *state;
	volatile sig_atomic_t stop = 0;
	int fds[2];
	size_t len;

	assert_int_equal(pipe(fds), 0);
	len = make_exec(buf, 0, "/tmp/cdk");
	len += make_exec(buf + len, 1, "/tmp/cdk");
	len += make_exec(buf + len, 2, "/tmp/cdk");
	assert_int_equal(write(fds[1], buf, len), (ssize_t)len);
	assert_int_equal(ew_watch_fd(&c->w, fds[0], 2), 0);
	assert_int_equal(c->w.findings, 3);	/* all that one read gave */

	c->w.stop = &stop;
	stop = 1;
	assert_int_equal(ew_watch_fd(&c->w, fds[0], 0), 0);

	stop = 0;
	close(fds[1]);
	assert_int_equal(ew_watch_fd(&c->w, fds[0], 0), 1);
	flush(c);
	assert_non_null(strstr(c->log, "escapewatch: read: end of file"));
	close(fds[0]);
}

static void sd_values_are_escaped(void **state)
{
	struct ew_exec_record *r = (void *)buf;
	struct ew_finding f = { 0 };
	struct ew_ident ident;
	struct ew_event ev;
	char *sd;

	(void)state;
	rec_exec(buf, 1);
	strcpy(r->rule, "a\"b]c\\d\xff");
	ew_ident_init(&ident, "h", "b");
	ew_event_decode(r, &ev);
	f.ev = &ev;
	f.ident = &ident;
	strcpy(f.id, "00000000000000000000000000000001");
	sd = ew_forward_sd(&f);
	assert_string_equal(sd, "[escapewatch@32473 id=\"00000000000000000000000000000001\" "
			    "category=\"Execution: Container Escape\" severity=\"HIGH\" "
			    "rule=\"a\\\"b\\]c\\\\x5cd\\\\xff\" container=\"\" pid=\"4242\"]");
	free(sd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(lost_then_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(every_format_reports_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(unreported_gap_is_logged, setup, teardown),
		cmocka_unit_test_setup_teardown(broken_framing_stops, setup, teardown),
		cmocka_unit_test_setup_teardown(undecodable_record_is_reported_and_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(syslog_gets_findings_and_failures_are_told, setup, teardown),
		cmocka_unit_test_setup_teardown(read_loop, setup, teardown),
		cmocka_unit_test(sd_values_are_escaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
