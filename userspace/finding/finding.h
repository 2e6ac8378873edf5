/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A finding: one exec record with what the reader adds to it (its id,
 * when it was made, the container, related findings).  The formats write
 * it (format/), the sinks send it or act on it (sink/).
 */
#ifndef EW_FINDING_H
#define EW_FINDING_H

#include <stddef.h>

#include <jansson.h>

#include "container/cgroup.h"
#include "container/identity.h"
#include "container/surface.h"
#include "finding/ident.h"
#include "input/decode.h"

/* Everything a formatter needs to know about one finding. */
struct ew_finding {
	const struct ew_event *ev;
	const struct ew_ident *ident;	/* host name and boot id */
	char id[EW_ID_LEN + 1];		/* this finding's id */
	unsigned long long create_ns;	/* when the reader made it */
	struct ew_container container;
	int container_known;		/* ew_container_parse() said so */
	const char (*related)[EW_ID_LEN + 1];	/* ids of findings in the */
	size_t nrelated;		/* same container near in time */
	/* What the host's files say of the container (container/); NULL
	 * when it was not looked up (no container, or a test). */
	const struct ew_identity *identity;
	int identity_found;		/* ew_identity_lookup() said so */
	json_t *log_lines;		/* array of the log's last lines, or */
	char log_why[EW_LOOKUP_WHY];	/* NULL and why ("" when not asked) */
	/* The container's escape surface, judged; NULL when not read. */
	const struct ew_surface *surface;
	enum ew_weigh weigh;		/* the command line against it */
	char weigh_why[256];
};

/*
 * The finding's severity (EW_SEV_*): the rule's, raised to CRITICAL when
 * the container has an open path out or the command line reaches the
 * host; why says which, in one sentence ("" when not raised).
 */
unsigned int ew_finding_severity(const struct ew_finding *f, char *why,
				 size_t size);

/* "runtime:id" or "id" of a known container into buf, "" otherwise. */
const char *ew_container_label(const struct ew_finding *f, char *buf,
			       size_t size);

#endif
