// SPDX-License-Identifier: GPL-2.0
/*
 * escapewatch: read container-escape findings from /dev/escapewatch.
 *
 *   escapewatch watch [--format=scc|json|text] [--output FILE]
 *                     [--syslog SPEC] [--related-window=SECONDS]
 *                     [--new] [--count N] [--device PATH]
 *                     [--respond=freeze] [--respond-exec=PROG]
 *                     [--respond-timeout=SECONDS]
 *   escapewatch status [--device PATH]
 *   escapewatch rules load FILE|show|check FILE [--device PATH]
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "device.h"
#include "mode_cmd.h"
#include "rules_cmd.h"
#include "status.h"
#include "watch.h"

static const char usage[] =
	"usage: escapewatch watch [--format=scc|json|text] [--output FILE] [--syslog SPEC]\n"
	"                         [--related-window=SECONDS] [--new] [--count N] [--device PATH]\n"
	"                         [--respond=freeze] [--respond-exec=PROG] [--respond-timeout=SECONDS]\n"
	"       escapewatch status [--device PATH]\n"
	"       escapewatch rules load FILE|show|check FILE [--device PATH]\n"
	"       escapewatch mode audit|enforce [--device PATH]\n"
	"\n"
	"watch   print one line for each finding, and one for each run of events\n"
	"        this reader lost; starts with the module's first event, so events\n"
	"        it no longer holds show as lost\n"
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
	"status  print the module's counters\n"
	"rules   load a rules file, show the rules in force, or check a file\n"
	"mode    audit: only report (the default); enforce: apply the rules'\n"
	"        actions (deny, kill)\n"
	"  --device PATH  the device (default " EW_DEVICE_PATH ")\n";

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
	int watch_only;		/* an option only watch takes was given */
};

static int number(const char *opt, const char *s, unsigned long long *v,
		  int zero_ok)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || (!zero_ok && !*v) ||
	    *v > 1000000000ULL) {
		fprintf(stderr, "escapewatch: %s wants a %s number\n", opt,
			zero_ok ? "non-negative" : "positive");
		return -1;
	}
	return 0;
}

/* "--opt VALUE" or "--opt=VALUE": the value, or NULL if arg is not opt. */
static const char *value_of(const char *opt, int argc, char **argv, int *i)
{
	size_t n = strlen(opt);

	if (strncmp(argv[*i], opt, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] || *i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int parse(int argc, char **argv, struct options *o)
{
	const char *v;
	int i;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--new")) {
			o->new_only = o->watch_only = 1;
		} else if ((v = value_of("--device", argc, argv, &i))) {
			o->device = v;
		} else if ((v = value_of("--count", argc, argv, &i))) {
			o->watch_only = 1;
			if (number("--count", v, &o->count, 0))
				return -1;
		} else if ((v = value_of("--related-window", argc, argv, &i))) {
			o->watch_only = 1;
			if (number("--related-window", v, &o->window, 1))
				return -1;
		} else if ((v = value_of("--format", argc, argv, &i))) {
			o->watch_only = 1;
			if (ew_format_parse(v, &o->format)) {
				fprintf(stderr, "escapewatch: --format wants scc, json or text, not '%s'\n",
					v);
				return -1;
			}
		} else if ((v = value_of("--output", argc, argv, &i))) {
			o->watch_only = 1;
			o->output = v;
		} else if ((v = value_of("--syslog", argc, argv, &i))) {
			o->watch_only = 1;
			o->syslog = v;
		} else if ((v = value_of("--respond", argc, argv, &i))) {
			o->watch_only = o->freeze = 1;
			if (strcmp(v, "freeze")) {
				fprintf(stderr, "escapewatch: --respond wants freeze, not '%s'\n",
					v);
				return -1;
			}
		} else if ((v = value_of("--respond-exec", argc, argv, &i))) {
			o->watch_only = 1;
			o->respond_exec = v;
		} else if ((v = value_of("--respond-timeout", argc, argv, &i))) {
			o->watch_only = 1;
			if (number("--respond-timeout", v, &o->respond_timeout, 0))
				return -1;
		} else {
			fprintf(stderr, "escapewatch: unknown argument '%s'\n%s",
				argv[i], usage);
			return -1;
		}
	}
	if (o->respond_timeout && !o->respond_exec) {
		fprintf(stderr, "escapewatch: --respond-timeout needs --respond-exec\n");
		return -1;
	}
	return 0;
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

static int cmd_status(const struct options *o)
{
	struct ew_stats st;
	char err[256];
	int fd;

	if (o->watch_only) {
		fprintf(stderr, "escapewatch: status takes only --device\n");
		return 2;
	}
	fd = ew_device_open(o->device, 0, err, sizeof(err));
	if (fd < 0) {
		fprintf(stderr, "escapewatch: %s\n", err);
		return 1;
	}
	if (ioctl(fd, EW_IOC_STATS, &st) < 0) {
		fprintf(stderr, "escapewatch: statistics: %s\n",
			strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	ew_status_print(stdout, &st);
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = {
		.device = EW_DEVICE_PATH,
		.window = EW_RELATED_WINDOW_DEFAULT,
	};

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "rules") || !strcmp(argv[1], "mode")) {
		if (argc > 3 && !strcmp(argv[argc - 2], "--device")) {
			o.device = argv[argc - 1];
			argc -= 2;
		}
		if (!strcmp(argv[1], "mode"))
			return ew_mode_cmd(argc - 2, argv + 2, o.device);
		return ew_rules_cmd(argc - 2, argv + 2, o.device);
	}
	if (parse(argc, argv, &o))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "watch"))
		return cmd_watch(&o);
	if (!strcmp(argv[1], "status"))
		return cmd_status(&o);
	fprintf(stderr, "escapewatch: unknown command '%s'\n%s", argv[1], usage);
	return 2;
}
