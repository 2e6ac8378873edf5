/* SPDX-License-Identifier: GPL-2.0 */
/* Opening /dev/escapewatch, with one clear line for each way it fails. */
#ifndef EW_DEVICE_H
#define EW_DEVICE_H

#include <stddef.h>

#define EW_DEVICE_PATH "/dev/" EW_DEVICE_NAME

/*
 * Open the device at path and check its ABI version.  Returns the file
 * descriptor, or -1 with a one-line explanation in err.
 */
int ew_device_open(const char *path, int flags, char *err, size_t errsize);

#endif
