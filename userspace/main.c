// SPDX-License-Identifier: GPL-2.0
/*
 * escapewatch: read container-escape findings from /dev/escapewatch.
 *
 *   escapewatch watch [OPTION...]     findings, one line each
 *   escapewatch status [OPTION...]    the module's state and counters
 *   escapewatch rules load|show|check|compile ...
 *   escapewatch mode audit|enforce [--device PATH]
 *
 * Each command takes --help; man/escapewatch.8 says everything.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "device.h"
#include "mode_cmd.h"
#include "rules_cmd.h"
#include "status_cmd.h"
#include "watch.h"

static const char usage[] =
	"usage: escapewatch COMMAND [OPTION...]\n"
	"\n"
	"  escapewatch watch [--format=scc|json|text] [--output FILE] [--syslog SPEC]\n"
	"                    [--related-window=SECONDS] [--new] [--count N] [--device PATH]\n"
	"                    [--respond=freeze] [--respond-exec=PROG] [--respond-timeout=SECONDS]\n"
	"  escapewatch status [--json] [--device PATH]\n"
	"  escapewatch rules load FILE [--device PATH]\n"
	"  escapewatch rules show [--device PATH]\n"
	"  escapewatch rules check FILE\n"
	"  escapewatch mode audit|enforce [--device PATH]\n"
	"\n"
	"watch   print one line for each finding, and one for each run of events\n"
	"        this reader lost\n"
	"status  print whether the module is loaded and attached, and its counters\n"
	"rules   load a rules file, show the rules in force, or check a file\n"
	"mode    audit: only report (the default); enforce: apply the rules'\n"
	"        actions (deny, kill)\n"
	"\n"
	"'escapewatch COMMAND --help' tells a command's options; man escapewatch\n"
	"tells everything.\n";

static const char watch_usage[] =
	"usage: escapewatch watch [--format=scc|json|text] [--output FILE] [--syslog SPEC]\n"
	"                         [--related-window=SECONDS] [--new] [--count N] [--device PATH]\n"
	"                         [--respond=freeze] [--respond-exec=PROG] [--respond-timeout=SECONDS]\n"
	"\n"
	"Print one line for each finding, and one for each run of events this\n"
	"reader lost; starts with the module's first event, so events it no\n"
	"longer holds show as lost.\n"
	"\n"
	"  --format F    scc (default): a JSON object shaped like a Security Command\n"
	"                Center finding; json: the raw event; text: one line for a\n"
	"                terminal\n"
	"  --output FILE append to FILE instead of standard output; SIGHUP opens it\n"
	"                again (after logrotate moved it)\n"
	"  --syslog SPEC also send each finding to syslog: local, unix:PATH,\n"
	"                udp:HOST:PORT or tcp:HOST:PORT\n"
	"  --related-window=SECONDS\n"
	"                list other findings of the same container within this\n"
	"                many seconds (default 600; 0: none)\n"
	"  --new         only events that happen from now on\n"
	"  --count N     exit after N findings\n"
	"  --respond=freeze\n"
	"                freeze the container of each finding (cgroup v2's\n"
	"                cgroup.freeze), once per container; never the host's\n"
	"                own cgroups\n"
	"  --respond-exec=PROG\n"
	"                run PROG (no shell) for each finding in a container,\n"
	"                the finding's scc JSON on its standard input, its id,\n"
	"                container and severity in ESCAPEWATCH_* variables; at\n"
	"                most 8 at once\n"
	"  --respond-timeout=SECONDS\n"
	"                kill a responder still running after this long\n"
	"                (default 10)\n"
	"  --device PATH the device (default " EW_DEVICE_PATH ")\n"
	"  --help        print this and exit\n"
	"\n"
	"Exit status: 0 after --count findings, or when stopped by SIGINT or\n"
	"SIGTERM; 1 when the device, the output, the syslog target or PROG\n"
	"cannot be used, or reading fails; 2 for a wrong command line.\n";

struct options {
	const char *device;
	const char *output;
	const char *syslog;
	unsigned long long count;
	unsigned long long window;	/* seconds */
	enum ew_format format;
	int new_only;
	int freeze;		/* --respond=freeze */
	const char *respond_exec;
	unsigned long long respond_timeout;	/* seconds; 0: not given */
};

static int number(const char *opt, const char *s, unsigned long long *v,
		  int zero_ok)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || (!zero_ok && !*v) ||
	    *v > 1000000000ULL)
		return ew_cli_usage_error(stderr, "watch",
					  "%s wants a %s number, not '%s'", opt,
					  zero_ok ? "non-negative" : "positive",
					  s);
	return EW_CLI_RUN;
}

/* watch's options that take a value. */
enum { O_DEVICE, O_COUNT, O_WINDOW, O_FORMAT, O_OUTPUT, O_SYSLOG, O_RESPOND,
	O_RESPOND_EXEC, O_RESPOND_TIMEOUT, O_NVALUE };
static const char *const with_value[O_NVALUE] = {
	[O_DEVICE] = "--device",
	[O_COUNT] = "--count",
	[O_WINDOW] = "--related-window",
	[O_FORMAT] = "--format",
	[O_OUTPUT] = "--output",
	[O_SYSLOG] = "--syslog",
	[O_RESPOND] = "--respond",
	[O_RESPOND_EXEC] = "--respond-exec",
	[O_RESPOND_TIMEOUT] = "--respond-timeout",
};

/* The options after "watch": EW_CLI_RUN, or the exit status. */
static int parse_watch(int argc, char **argv, struct options *o)
{
	const char *v = NULL;
	int i, k, ret = EW_CLI_RUN, got = 0;

	for (i = 0; i < argc && ret == EW_CLI_RUN; i++) {
		if (ew_cli_help(argv[i])) {
			fputs(watch_usage, stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--new")) {
			o->new_only = 1;
			continue;
		}
		for (k = 0; k < O_NVALUE; k++) {
			got = ew_cli_value(with_value[k], argc, argv, &i, &v);
			if (got)
				break;
		}
		if (got < 0)
			return ew_cli_usage_error(stderr, "watch",
						  "%s wants a value",
						  with_value[k]);
		if (!got)
			return ew_cli_usage_error(stderr, "watch", "%s '%s'",
						  argv[i][0] == '-' ?
						  "unknown option" :
						  "unexpected argument",
						  argv[i]);
		switch (k) {
		case O_DEVICE:
			o->device = v;
			break;
		case O_COUNT:
			ret = number("--count", v, &o->count, 0);
			break;
		case O_WINDOW:
			ret = number("--related-window", v, &o->window, 1);
			break;
		case O_FORMAT:
			if (ew_format_parse(v, &o->format))
				ret = ew_cli_usage_error(stderr, "watch",
							 "--format wants scc, json or text, not '%s'",
							 v);
			break;
		case O_OUTPUT:
			o->output = v;
			break;
		case O_SYSLOG:
			o->syslog = v;
			break;
		case O_RESPOND:
			o->freeze = 1;
			if (strcmp(v, "freeze"))
				ret = ew_cli_usage_error(stderr, "watch",
							 "--respond wants freeze, not '%s'",
							 v);
			break;
		case O_RESPOND_EXEC:
			o->respond_exec = v;
			break;
		case O_RESPOND_TIMEOUT:
			ret = number("--respond-timeout", v,
				     &o->respond_timeout, 0);
		}
	}
	if (ret == EW_CLI_RUN && o->respond_timeout && !o->respond_exec)
		ret = ew_cli_usage_error(stderr, "watch",
					 "--respond-timeout needs --respond-exec");
	return ret;
}

/* Set by the signal handlers, read by the watch loop. */
static volatile sig_atomic_t got_hup, got_stop;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else if (sig != SIGCHLD)	/* SIGCHLD only wakes the loop */
		got_stop = 1;
}

/*
 * SIGHUP, SIGINT and SIGTERM are blocked but while the loop waits in
 * ppoll() with *waiting, so none is missed between a check and the wait.
 */
static void catch_signals(sigset_t *waiting)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block;

	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, waiting);
	sigdelset(waiting, SIGHUP);
	sigdelset(waiting, SIGINT);
	sigdelset(waiting, SIGTERM);
	sigdelset(waiting, SIGCHLD);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
}

static int run_watch(const struct options *o, struct ew_watch *w)
{
	char err[256];
	int fd, status;

	fd = ew_device_open(o->device, O_NONBLOCK, err, sizeof(err));
	if (fd < 0) {
		fprintf(stderr, "escapewatch: %s\n", err);
		return 1;
	}
	if (o->new_only && lseek(fd, 0, SEEK_END) < 0) {
		fprintf(stderr, "escapewatch: seek: %s\n", strerror(errno));
		close(fd);
		return 1;
	}
	status = ew_watch_fd(w, fd, o->count);
	close(fd);
	ew_watch_summary(w);
	return status;
}

static int cmd_watch(const struct options *o)
{
	static struct ew_related related;
	struct ew_watch w = { .log = stderr, .format = o->format };
	struct ew_responder responder;
	struct ew_respond respond;
	struct ew_forward fw;
	struct ew_output out;
	struct ew_ident ident;
	sigset_t waiting;
	char err[256];
	int status;

	if (o->output) {
		if (ew_output_open(&out, o->output, err, sizeof(err))) {
			fprintf(stderr, "escapewatch: --output: %s\n", err);
			return 1;
		}
	} else {
		ew_output_stream(&out, stdout);
	}
	if (o->syslog && ew_forward_open(&fw, o->syslog, stderr, err,
					 sizeof(err))) {
		fprintf(stderr, "escapewatch: --syslog: %s\n", err);
		ew_output_close(&out);
		return 1;
	}
	if (o->respond_exec && access(o->respond_exec, X_OK)) {
		fprintf(stderr, "escapewatch: --respond-exec: cannot execute %s: %s\n",
			o->respond_exec, strerror(errno));
		if (o->syslog)
			ew_forward_close(&fw);
		ew_output_close(&out);
		return 1;
	}
	if (o->freeze)
		ew_respond_init(&respond, stderr, NULL, NULL);
	ew_responder_init(&responder, o->respond_exec,
			  (o->respond_timeout ? o->respond_timeout :
			   EW_RESPONDER_TIMEOUT_DEFAULT) * 1000ULL, stderr);
	ew_ident_load(&ident);
	ew_related_init(&related, o->window * 1000000000ULL);
	catch_signals(&waiting);
	w.out = &out;
	w.ident = &ident;
	w.related = &related;
	w.forward = o->syslog ? &fw : NULL;
	w.respond = o->freeze ? &respond : NULL;
	w.responder = o->respond_exec ? &responder : NULL;
	w.hup = &got_hup;
	w.stop = &got_stop;
	w.pollmask = &waiting;
	status = run_watch(o, &w);
	if (o->freeze)
		ew_respond_close(&respond);
	if (o->syslog)
		ew_forward_close(&fw);
	ew_output_close(&out);
	return status;
}

int main(int argc, char **argv)
{
	struct options o = {
		.device = EW_DEVICE_PATH,
		.window = EW_RELATED_WINDOW_DEFAULT,
	};
	const char *cmd;
	int ret;

	if (argc < 2) {
		fputs(usage, stderr);
		return EW_EXIT_USAGE;
	}
	if (ew_cli_help(argv[1])) {
		fputs(usage, stdout);
		return 0;
	}
	cmd = argv[1];
	argc -= 2;
	argv += 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "watch")) {
		ret = parse_watch(argc, argv, &o);
		return ret == EW_CLI_RUN ? cmd_watch(&o) : ret;
	}
	if (!strcmp(cmd, "status"))
		return ew_status_cmd(argc, argv, EW_SYSFS_ROOT);
	if (!strcmp(cmd, "rules"))
		return ew_rules_cmd(argc, argv);
	if (!strcmp(cmd, "mode"))
		return ew_mode_cmd(argc, argv);
	return ew_cli_usage_error(stderr, "", "unknown command '%s'", cmd);
}
