// SPDX-License-Identifier: GPL-2.0
/* escapewatch mode audit|enforce: switch the module's mode. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../include/uapi/escapewatch.h"
#include "device.h"
#include "mode_cmd.h"

const char *ew_mode_name(unsigned int mode)
{
	switch (mode) {
	case EW_MODE_AUDIT:
		return "audit";
	case EW_MODE_ENFORCE:
		return "enforce";
	default:
		return "?";
	}
}

int ew_mode_cmd(int argc, char **argv, const char *device)
{
	__u32 mode;
	char err[256];
	int fd, ret;

	if (argc != 1 ||
	    (strcmp(argv[0], "audit") && strcmp(argv[0], "enforce"))) {
		fprintf(stderr, "escapewatch: mode is audit or enforce\n");
		return 2;
	}
	mode = strcmp(argv[0], "audit") ? EW_MODE_ENFORCE : EW_MODE_AUDIT;
	fd = ew_device_open(device, 0, err, sizeof(err));
	if (fd < 0) {
		fprintf(stderr, "escapewatch: %s\n", err);
		return 1;
	}
	ret = ioctl(fd, EW_IOC_SET_MODE, &mode);
	if (ret < 0 && errno == EPERM)
		fprintf(stderr, "escapewatch: mode: not permitted (it needs "
			"CAP_SYS_ADMIN; a module loaded with lock=1 keeps its "
			"mode until reboot)\n");
	else if (ret < 0)
		fprintf(stderr, "escapewatch: mode: %s\n", strerror(errno));
	else
		printf("mode %s\n", ew_mode_name(mode));
	close(fd);
	return ret < 0 ? 1 : 0;
}
