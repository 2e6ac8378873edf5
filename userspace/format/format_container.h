/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The container behind a finding as one JSON object, the same in the json
 * format ("container") and the scc format (sourceProperties.container):
 * what the cgroup path says, what the runtime's state files say, where its
 * log is, and what could not be found out and why.
 */
#ifndef EW_FORMAT_CONTAINER_H
#define EW_FORMAT_CONTAINER_H

#include <jansson.h>

#include "finding/finding.h"

/* NULL when the finding names no container; *bad on no memory. */
json_t *ew_format_container(const struct ew_finding *f, int *bad);

/* The container's labels as SCC's [{name, value}], runtime and ids first. */
json_t *ew_scc_labels(const struct ew_finding *f, const json_t *map,
		      int ours, int *bad);

#endif
