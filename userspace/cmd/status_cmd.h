/* SPDX-License-Identifier: GPL-2.0 */
/* escapewatch status [--json] [--device PATH] */
#ifndef EW_STATUS_CMD_H
#define EW_STATUS_CMD_H

/* Where sysfs is mounted. */
#define EW_SYSFS_ROOT	"/sys"

/*
 * The words after "status"; sysfs is where to look for
 * module/escapewatch.  Prints to standard output (errors of the command
 * line to standard error) and returns the exit status: EW_STATUS_* of
 * status.h, or 2 for a wrong command line.
 */
int ew_status_cmd(int argc, char **argv, const char *sysfs);

#endif
