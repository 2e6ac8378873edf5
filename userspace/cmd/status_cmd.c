// SPDX-License-Identifier: GPL-2.0
/* escapewatch status [--json] [--device PATH] */
#include <stdio.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/status.h"
#include "cmd/status_cmd.h"
#include "input/device.h"

static const char usage[] =
	"usage: escapewatch status [--json] [--device PATH]\n"
	"\n"
	"Print whether the module is loaded and attached (\"loaded 1\",\n"
	"\"attached 1\"), then its counters since it was loaded, one \"name value\"\n"
	"line each (execs_examined, events, findings, overwritten, nomem,\n"
	"rules_generation, rules, mode, denied, killed, ...).\n"
	"When the device cannot be used, the two lines still come, and the\n"
	"reason goes to standard error.\n"
	"\n"
	"  --json        one JSON object instead: \"module\": {\"loaded\", \"attached\"},\n"
	"                the counters under the same names, and \"error\" with the\n"
	"                reason when there is one\n"
	"  --device PATH the device (default " EW_DEVICE_PATH ")\n"
	"  --help        print this and exit\n"
	"\n"
	"Exit status: 0 loaded, attached and counters read; 1 loaded, but the\n"
	"counters cannot be read (no device node, permission denied, another\n"
	"ABI version) or it is not attached; 2 a wrong command line; 3 the\n"
	"module is not loaded.\n";

/* The words after "status": EW_CLI_RUN, or the exit status. */
static int parse(int argc, char **argv, int *json, const char **device)
{
	const char *v;
	int i, got;

	for (i = 0; i < argc; i++) {
		if (ew_cli_help(argv[i])) {
			fputs(usage, stdout);
			return 0;
		}
		got = ew_cli_value("--device", argc, argv, &i, &v);
		if (got < 0)
			return ew_cli_usage_error(stderr, "status",
						  "--device wants a value");
		if (got)
			*device = v;
		else if (!strcmp(argv[i], "--json"))
			*json = 1;
		else
			return ew_cli_usage_error(stderr, "status", "%s '%s'",
						  argv[i][0] == '-' ?
						  "unknown option" :
						  "unexpected argument",
						  argv[i]);
	}
	return EW_CLI_RUN;
}

static int print_json(const struct ew_status *s)
{
	json_t *o = ew_status_json(s);
	int ret;

	if (!o) {
		fprintf(stderr, "escapewatch: out of memory\n");
		return -1;
	}
	ret = json_dumpf(o, stdout, JSON_COMPACT);
	json_decref(o);
	if (ret || fputc('\n', stdout) == EOF)
		return -1;
	return 0;
}

int ew_status_cmd(int argc, char **argv, const char *sysfs)
{
	const char *device = EW_DEVICE_PATH;
	struct ew_status s;
	int json = 0, ret;

	ret = parse(argc, argv, &json, &device);
	if (ret != EW_CLI_RUN)
		return ret;
	ret = ew_status_query(&s, device, sysfs, "/lib/modules");
	if (json) {
		if (print_json(&s))
			return EW_STATUS_UNREADABLE;
	} else {
		ew_status_text(stdout, &s);
		if (*s.error)
			fprintf(stderr, "escapewatch: %s\n", s.error);
	}
	if (fflush(stdout))
		return EW_STATUS_UNREADABLE;
	return ret;
}
