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
#include "format/json_tpl.h"

/* The object as key; nothing when the finding names no container. */
void ew_format_container(struct ew_tb *b, const char *key,
			 const struct ew_finding *f);

/*
 * The container's labels as SCC's [{name, value}] under key, runtime and
 * ids first (when ours), then map's.
 */
void ew_scc_labels(struct ew_tb *b, const char *key,
		   const struct ew_finding *f, const json_t *map, int ours);

#endif
