/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Related findings: the ids of the other recent findings from the same
 * container, so that a responder sees a campaign, not single execs.
 *
 * Memory is bounded: the last EW_RELATED_PER_CONTAINER findings of each of
 * the EW_RELATED_CONTAINERS containers that had a finding most recently
 * (the least recently active container is forgotten first), about 50 KiB
 * in all.  A finding lists those of its container whose event times lie
 * within the window of its own, before or after (a hash or content match
 * can be reported later than an exec that followed it).
 */
#ifndef EW_RELATED_H
#define EW_RELATED_H

#include <stddef.h>
#include <stdint.h>

#include "finding/ident.h"

#define EW_RELATED_CONTAINERS		64
#define EW_RELATED_PER_CONTAINER	16
#define EW_RELATED_WINDOW_DEFAULT	600	/* seconds */

struct ew_related_entry {
	unsigned long long time_ns;
	char id[EW_ID_LEN + 1];
};

struct ew_related_box {		/* one container's recent findings */
	uint64_t key;		/* ew_container_key() */
	unsigned long long used;	/* when it last had a finding */
	unsigned int n, next;	/* entries kept; where the next one goes */
	struct ew_related_entry e[EW_RELATED_PER_CONTAINER];
};

struct ew_related {
	unsigned long long window_ns;	/* 0: remember nothing, list nothing */
	unsigned long long clock;	/* counts findings noted */
	unsigned int nbox;
	struct ew_related_box box[EW_RELATED_CONTAINERS];
};

/* Start empty, with a window in nanoseconds. */
void ew_related_init(struct ew_related *r, unsigned long long window_ns);

/*
 * Copy into out (room for EW_RELATED_PER_CONTAINER ids) the ids of the
 * findings remembered for container key within the window of time_ns,
 * oldest first, then remember this finding.  Returns how many were copied.
 */
size_t ew_related_note(struct ew_related *r, uint64_t key,
		       unsigned long long time_ns, const char *id,
		       char (*out)[EW_ID_LEN + 1]);

#endif
