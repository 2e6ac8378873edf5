// SPDX-License-Identifier: GPL-2.0
/* escapewatch mode audit|enforce: switch the module's mode. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../../include/uapi/escapewatch.h"
#include "base/names.h"
#include "cmd/cli.h"
#include "cmd/mode_cmd.h"
#include "cmd/watch_opts.h"
#include "input/device.h"

static const char mode_usage[] =
	"usage: escapewatch mode audit|enforce [--device PATH]\n"
	"       escapewatch mode --config FILE [--device PATH]\n"
	"\n"
	"audit    report matching execs only, whatever the rules' actions (the\n"
	"         module starts so, unless loaded with mode=enforce)\n"
	"enforce  apply each rule's action: report, deny (the exec fails with\n"
	"         EACCES) or kill (SIGKILL before the new program runs)\n"
	"\n"
	"Needs root with CAP_SYS_ADMIN (it opens the device for writing);\n"
	"refused when the module was loaded with lock=1.\n"
	"Prints the mode now in force.\n"
	"\n"
	"  --config FILE the mode (and device) that FILE sets, a file as\n"
	"                'escapewatch watch --config' reads (mode audit, mode\n"
	"                enforce); a mode or --device on the command line wins;\n"
	"                when neither sets a mode, the module's is left as it is\n"
	"  --device PATH the device (default " EW_DEVICE_PATH ")\n"
	"  --help        print this and exit\n"
	"\n"
	"Exit status: 0 the mode is in force (or left as it is); 1 the device\n"
	"or the --config file cannot be used, or the module refused; 2 a wrong\n"
	"command line or a wrong line in the --config file.\n";

/* The words after "mode": EW_CLI_RUN with *name, *device and *config
 * set (those not given left alone), or the exit status. */
static int parse(int argc, char **argv, const char **name,
		 const char **device, const char **config)
{
	const char *v;
	int i, got;

	for (i = 0; i < argc; i++) {
		if (ew_cli_help(argv[i])) {
			fputs(mode_usage, stdout);
			return 0;
		}
		got = ew_cli_value("--device", argc, argv, &i, &v);
		if (got < 0)
			return ew_cli_usage_error(stderr, "mode",
						  "--device wants a value");
		if (got) {
			*device = v;
			continue;
		}
		got = ew_cli_value("--config", argc, argv, &i, &v);
		if (got < 0)
			return ew_cli_usage_error(stderr, "mode",
						  "--config wants a value");
		if (got && *config)
			return ew_cli_usage_error(stderr, "mode",
						  "--config given twice");
		if (got)
			*config = v;
		else if (argv[i][0] == '-')
			return ew_cli_usage_error(stderr, "mode",
						  "unknown option '%s'", argv[i]);
		else if (*name)
			return ew_cli_usage_error(stderr, "mode",
						  "unexpected argument '%s'",
						  argv[i]);
		else
			*name = argv[i];
	}
	if (!*name && !*config)
		return ew_cli_usage_error(stderr, "mode",
					  "wants audit or enforce");
	if (*name && strcmp(*name, "audit") && strcmp(*name, "enforce"))
		return ew_cli_usage_error(stderr, "mode",
					  "wants audit or enforce, not '%s'",
					  *name);
	return EW_CLI_RUN;
}

static int set_mode(const char *device, __u32 mode)
{
	char err[512];
	int fd, ret;

	fd = ew_device_open(device, O_RDWR, err, sizeof(err));
	if (fd < 0) {
		fprintf(stderr, "escapewatch: %s\n", err);
		return 1;
	}
	ret = ioctl(fd, EW_IOC_SET_MODE, &mode);
	if (ret < 0 && errno == EPERM)
		fprintf(stderr, "escapewatch: mode: not permitted (it needs "
			"root with CAP_SYS_ADMIN; a module loaded with lock=1 "
			"keeps its mode until reboot)\n");
	else if (ret < 0)
		fprintf(stderr, "escapewatch: mode: %s\n", strerror(errno));
	else
		printf("mode %s\n", ew_mode_name(mode));
	close(fd);
	return ret < 0 ? 1 : 0;
}

int ew_mode_cmd(int argc, char **argv)
{
	const char *device = NULL, *name = NULL, *config = NULL;
	struct ew_watch_opts file;
	int ret, mode = -1;

	ret = parse(argc, argv, &name, &device, &config);
	if (ret != EW_CLI_RUN)
		return ret;
	/* The whole file is checked, watch's settings too. */
	ew_watch_opts_init(&file);
	if (config) {
		ret = ew_watch_config(&file, config, stderr);
		if (ret)
			goto out;
		mode = file.mode;
	}
	if (name)
		mode = strcmp(name, "audit") ? EW_MODE_ENFORCE : EW_MODE_AUDIT;
	if (!device)
		device = file.device;
	if (mode < 0)
		printf("mode left as it is: %s sets none\n", config);
	else
		ret = set_mode(device, mode);
out:
	ew_watch_opts_free(&file);
	return ret;
}
