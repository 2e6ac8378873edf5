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
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/mode_cmd.h"
#include "cmd/rules_cmd.h"
#include "cmd/status_cmd.h"
#include "cmd/watch.h"
#include "cmd/watch_opts.h"
#include "input/device.h"

static const char usage[] =
	"usage: escapewatch COMMAND [OPTION...]\n"
	"\n"
	"  escapewatch watch [--config FILE] [--format=scc|json|text] [--output FILE]\n"
	"                    [--syslog SPEC] [--related-window=SECONDS] [--new] [--count N]\n"
	"                    [--device PATH] [--respond=freeze] [--respond-exec=PROG]\n"
	"                    [--respond-timeout=SECONDS]\n"
	"  escapewatch status [--json] [--device PATH]\n"
	"  escapewatch rules load FILE [--device PATH]\n"
	"  escapewatch rules show [--device PATH]\n"
	"  escapewatch rules check FILE\n"
	"  escapewatch mode audit|enforce [--device PATH]\n"
	"  escapewatch mode --config FILE [--device PATH]\n"
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

/* How many containers' identities are kept. */
#define EW_IDENTITY_CACHE_SIZE	64

static const char watch_usage[] =
	"usage: escapewatch watch [--config FILE] [--format=scc|json|text] [--output FILE]\n"
	"                         [--syslog SPEC] [--related-window=SECONDS] [--new] [--count N]\n"
	"                         [--device PATH] [--respond=freeze] [--respond-exec=PROG]\n"
	"                         [--respond-timeout=SECONDS] [--log-lines=N]\n"
	"                         [--lookup-timeout=MS]\n"
	"                         [--project NAME] [--cluster NAME] [--node NAME]\n"
	"\n"
	"Print one line for each finding, and one for each run of events this\n"
	"reader lost; starts with the module's first event, so events it no\n"
	"longer holds show as lost.\n"
	"\n"
	"  --config FILE the settings of FILE first, one \"key value\" a line, the\n"
	"                keys being these options' names without \"--\" (new takes\n"
	"                yes or no); the command line's options win over them\n"
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
	"  --log-lines=N add the last N lines (at most 1000) of the container's\n"
	"                log to each finding, read when the finding is made\n"
	"  --lookup-timeout=MS\n"
	"                stop reading a container's state files (its name,\n"
	"                image, labels) after this many milliseconds, from 10\n"
	"                to 10000 (default 250); what was left out is said in\n"
	"                the finding\n"
	"  --project NAME\n"
	"                the findings' resource.projectDisplayName (default: the\n"
	"                host name)\n"
	"  --cluster NAME\n"
	"                the findings' resource.parentDisplayName (default: none)\n"
	"  --node NAME   the Kubernetes node name (default: the one kubelet's\n"
	"                flags override the host name with, or the host name\n"
	"                where kubelet is configured)\n"
	"  --device PATH the device (default " EW_DEVICE_PATH ")\n"
	"  --help        print this and exit\n"
	"\n"
	"Exit status: 0 after --count findings, or when stopped by SIGINT or\n"
	"SIGTERM; 1 when the device, the output, the syslog target, PROG or the\n"
	"--config file cannot be used, or reading fails; 2 for a wrong command\n"
	"line or a wrong line in the --config file.\n";

/*
 * The options after "watch": EW_CLI_RUN with *o set, or the exit status.
 * The settings of --config FILE come first, then the command line's over
 * them.
 */
static int parse_watch(int argc, char **argv, struct ew_watch_opts *o)
{
	const char *v = NULL, *config = NULL, **vals;
	int i, k, n = 0, got = 0, ret = EW_CLI_RUN, *keys;
	char opt[32], err[256];

	keys = calloc(argc + 1, sizeof(*keys));
	vals = calloc(argc + 1, sizeof(*vals));
	if (!keys || !vals) {
		fprintf(stderr, "escapewatch: out of memory\n");
		ret = 1;
		goto out;
	}
	for (i = 0; i < argc && ret == EW_CLI_RUN; i++) {
		if (ew_cli_help(argv[i])) {
			fputs(watch_usage, stdout);
			ret = 0;
			break;
		}
		if (!strcmp(argv[i], "--new")) {
			keys[n] = EW_WK_NEW;
			vals[n++] = "yes";
			continue;
		}
		got = ew_cli_value("--config", argc, argv, &i, &v);
		if (got < 0) {
			ret = ew_cli_usage_error(stderr, "watch",
						 "--config wants a value");
			break;
		}
		if (got && config) {
			ret = ew_cli_usage_error(stderr, "watch",
						 "--config given twice");
			break;
		}
		if (got) {
			config = v;
			continue;
		}
		for (k = 0; k < EW_WK_N; k++) {
			if (k == EW_WK_NEW || k == EW_WK_MODE)
				continue;
			snprintf(opt, sizeof(opt), "--%s", ew_watch_keys[k]);
			got = ew_cli_value(opt, argc, argv, &i, &v);
			if (got)
				break;
		}
		if (got < 0)
			ret = ew_cli_usage_error(stderr, "watch",
						 "%s wants a value", opt);
		else if (!got)
			ret = ew_cli_usage_error(stderr, "watch", "%s '%s'",
						 argv[i][0] == '-' ?
						 "unknown option" :
						 "unexpected argument",
						 argv[i]);
		keys[n] = k;
		vals[n++] = v;
	}
	if (ret == EW_CLI_RUN && config) {
		got = ew_watch_config(o, config, stderr);
		if (got)
			ret = got;
	}
	for (i = 0; i < n && ret == EW_CLI_RUN; i++) {
		snprintf(opt, sizeof(opt), "--%s", ew_watch_keys[keys[i]]);
		if (ew_watch_opt(o, keys[i], vals[i], opt, err, sizeof(err)))
			ret = ew_cli_usage_error(stderr, "watch", "%s", err);
	}
	if (ret == EW_CLI_RUN && o->respond_timeout && !o->respond_exec)
		ret = ew_cli_usage_error(stderr, "watch",
					 "--respond-timeout needs --respond-exec");
out:
	free(keys);
	free(vals);
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

static int run_watch(const struct ew_watch_opts *o, struct ew_watch *w)
{
	char err[512];
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

/*
 * Whether CAP_DAC_OVERRIDE is in effect: without it, --respond=freeze can
 * write only the cgroup.freeze files of this process's own uid.
 */
static int dac_override(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2] = { 0 };

	return !syscall(SYS_capget, &h, d) &&
	       (d[CAP_DAC_OVERRIDE / 32].effective &
		(1U << (CAP_DAC_OVERRIDE % 32)));
}

static int cmd_watch(const struct ew_watch_opts *o)
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
	if (o->freeze && !dac_override())
		fprintf(stderr, "escapewatch: --respond=freeze: without CAP_DAC_OVERRIDE only cgroups of uid %u can be frozen (escapewatch.service: the respond-freeze drop-in, escapewatch(8), CONFIGURATION FILE)\n",
			(unsigned int)geteuid());
	if (o->freeze)
		ew_respond_init(&respond, stderr, NULL, NULL);
	ew_responder_init(&responder, o->respond_exec,
			  (o->respond_timeout ? o->respond_timeout :
			   EW_RESPONDER_TIMEOUT_DEFAULT) * 1000ULL, stderr);
	ew_ident_load(&ident);
	snprintf(ident.project, sizeof(ident.project), "%s",
		 o->project ? o->project : "");
	snprintf(ident.cluster, sizeof(ident.cluster), "%s",
		 o->cluster ? o->cluster : "");
	snprintf(ident.node, sizeof(ident.node), "%s", o->node ? o->node : "");
	ew_ident_node(&ident, "");
	w.identities = ew_identity_cache_new("",
					     (unsigned int)o->lookup_timeout,
					     EW_IDENTITY_CACHE_SIZE);
	if (!w.identities)
		fprintf(stderr, "escapewatch: out of memory: findings will not name their containers' images\n");
	w.log_lines = (unsigned int)o->log_lines;
	w.proc_root = "/proc";
	w.cgroup_root = "/sys/fs/cgroup";
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
	ew_identity_cache_free(w.identities);
	if (o->freeze)
		ew_respond_close(&respond);
	if (o->syslog)
		ew_forward_close(&fw);
	ew_output_close(&out);
	return status;
}

int main(int argc, char **argv)
{
	struct ew_watch_opts o;
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
		ew_watch_opts_init(&o);
		ret = parse_watch(argc, argv, &o);
		if (ret == EW_CLI_RUN)
			ret = cmd_watch(&o);
		ew_watch_opts_free(&o);
		return ret;
	}
	if (!strcmp(cmd, "status"))
		return ew_status_cmd(argc, argv, EW_SYSFS_ROOT);
	if (!strcmp(cmd, "rules"))
		return ew_rules_cmd(argc, argv);
	if (!strcmp(cmd, "mode"))
		return ew_mode_cmd(argc, argv);
	return ew_cli_usage_error(stderr, "", "unknown command '%s'", cmd);
}
