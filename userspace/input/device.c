// SPDX-License-Identifier: GPL-2.0
/* Opening /dev/escapewatch, with one clear line for each way it fails. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../../include/uapi/escapewatch.h"
#include "input/device.h"
#include "input/missing.h"

void ew_device_open_error(const char *path, int flags, int e, char *err,
			  size_t size)
{
	char hint[192];

	switch (e) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		ew_missing_hint("/sys", "/lib/modules", NULL, hint, sizeof(hint));
		snprintf(err, size,
			 "%s: not found: the escapewatch module is not loaded (modprobe escapewatch)%s",
			 path, hint);
		break;
	case EACCES:
	case EPERM:
		if ((flags & O_ACCMODE) != O_RDONLY)
			snprintf(err, size,
				 "%s: permission denied: loading rules and changing the mode need root with CAP_SYS_ADMIN",
				 path);
		else
			snprintf(err, size,
				 "%s: permission denied: reading findings and status needs read access to the device node (root, or membership of its group: escapewatch with the Debian package)",
				 path);
		break;
	default:
		snprintf(err, size, "%s: %s", path, strerror(e));
	}
}

int ew_device_check_version(const char *path, const struct ew_version *v,
			    char *err, size_t size)
{
	if (v->abi_version != EW_ABI_VERSION) {
		snprintf(err, size,
			 "%s: module speaks ABI version %u, this reader %u: install a matching module and reader",
			 path, v->abi_version, EW_ABI_VERSION);
		return -1;
	}
	if (v->record_max > EW_RECORD_MAX) {
		snprintf(err, size,
			 "%s: module records up to %u bytes exceed this reader's %zu",
			 path, v->record_max, (size_t)EW_RECORD_MAX);
		return -1;
	}
	return 0;
}

int ew_device_open(const char *path, int flags, char *err, size_t size)
{
	struct ew_version v;
	int fd, e;

	fd = open(path, O_RDONLY | O_CLOEXEC | flags);
	if (fd < 0) {
		e = errno;
		ew_device_open_error(path, flags, e, err, size);
		errno = e;
		return -1;
	}
	if (ioctl(fd, EW_IOC_VERSION, &v) < 0) {
		e = errno;
		snprintf(err, size, "%s: not an escapewatch device (%s)", path,
			 strerror(e));
		goto fail;
	}
	e = EPROTO;
	if (ew_device_check_version(path, &v, err, size))
		goto fail;
	return fd;
fail:
	close(fd);
	errno = e;
	return -1;
}
