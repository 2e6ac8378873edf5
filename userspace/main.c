// SPDX-License-Identifier: GPL-2.0
/*
 * escapewatch: read container-escape findings from /dev/escapewatch.
 *
 *   escapewatch watch [--new] [--count N] [--device PATH]
 *   escapewatch status [--device PATH]
 *   escapewatch rules load FILE|show|check FILE [--device PATH]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "device.h"
#include "rules_cmd.h"
#include "status.h"
#include "watch.h"

static const char usage[] =
	"usage: escapewatch watch [--new] [--count N] [--device PATH]\n"
	"       escapewatch status [--device PATH]\n"
	"       escapewatch rules load FILE|show|check FILE [--device PATH]\n"
	"\n"
	"watch   print one JSON object per line for each finding, and one for\n"
	"        each run of events this reader lost; starts with the module's\n"
	"        first event, so events it no longer holds show as lost\n"
	"  --new       only events that happen from now on\n"
	"  --count N   exit after N findings\n"
	"status  print the module's counters\n"
	"rules   load a rules file, show the rules in force, or check a file\n"
	"  --device PATH  the device (default " EW_DEVICE_PATH ")\n";

struct options {
	const char *device;
	unsigned long long count;
	int new_only;
};

static int parse(int argc, char **argv, struct options *o)
{
	char *end;
	int i;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--new")) {
			o->new_only = 1;
		} else if (!strcmp(argv[i], "--device") && i + 1 < argc) {
			o->device = argv[++i];
		} else if (!strcmp(argv[i], "--count") && i + 1 < argc) {
			errno = 0;
			o->count = strtoull(argv[++i], &end, 10);
			if (errno || *end || !o->count) {
				fprintf(stderr, "escapewatch: --count wants a positive number\n");
				return -1;
			}
		} else {
			fprintf(stderr, "escapewatch: unknown argument '%s'\n%s",
				argv[i], usage);
			return -1;
		}
	}
	return 0;
}

static int cmd_watch(const struct options *o)
{
	struct ew_watch w = { .out = stdout, .log = stderr };
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
	status = ew_watch_fd(&w, fd, o->count);
	close(fd);
	return status;
}

static int cmd_status(const struct options *o)
{
	struct ew_stats st;
	char err[256];
	int fd;

	if (o->new_only || o->count) {
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
	struct options o = { .device = EW_DEVICE_PATH };

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "rules")) {
		if (argc > 3 && !strcmp(argv[argc - 2], "--device")) {
			o.device = argv[argc - 1];
			argc -= 2;
		}
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
