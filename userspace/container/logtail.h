/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The last lines of a container's log, for a finding: a file (Docker's
 * json-file, Podman's k8s-file, CRI-O's), or the newest "N.log" of a
 * kubelet log directory (/var/log/pods/NS_POD_UID/CONTAINER/).  At most
 * EW_LOG_TAIL_BYTES are read from the end, so a line longer than that is
 * cut; journald is not read.  The log is read as it is when the finding is
 * made: the watch loop waits for nothing.
 */
#ifndef EW_LOGTAIL_H
#define EW_LOGTAIL_H

#include <jansson.h>

#include "container/lookup.h"

#define EW_LOG_TAIL_BYTES	(64 * 1024)
#define EW_LOG_LINES_MAX	1000

/*
 * An array of the last n lines (strings, without their newline) of the
 * log at path of kind "file" or "directory", or NULL with why in l->why.
 */
json_t *ew_log_tail(struct ew_lookup *l, const char *path, const char *kind,
		    unsigned int n);

#endif
