/* SPDX-License-Identifier: GPL-2.0 */
/* Opening /dev/escapewatch, with one clear line for each way it fails. */
#ifndef EW_DEVICE_H
#define EW_DEVICE_H

#include <stddef.h>

#include "../../include/uapi/escapewatch.h"

#define EW_DEVICE_PATH "/dev/" EW_DEVICE_NAME

/*
 * Open the device at path and check its ABI version.  flags are added to
 * O_RDONLY | O_CLOEXEC: reading records, counters and rules needs only
 * that; loading rules and setting the mode need O_RDWR (and CAP_SYS_ADMIN).
 * Returns the file descriptor, or -1 with a one-line explanation in err
 * and errno saying why: open(2)'s error, the version ioctl's (ENOTTY: not
 * an escapewatch device), or EPROTO for a module this reader cannot talk
 * to.
 */
int ew_device_open(const char *path, int flags, char *err, size_t errsize);

/* The one line ew_device_open() gives when open(2) with flags fails with e. */
void ew_device_open_error(const char *path, int flags, int e, char *err,
			  size_t errsize);

/*
 * Whether the reader can talk to a module that answered EW_IOC_VERSION
 * with v: 0, or -1 with a one-line explanation in err.
 */
int ew_device_check_version(const char *path, const struct ew_version *v,
			    char *err, size_t errsize);

#endif
