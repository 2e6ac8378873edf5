// SPDX-License-Identifier: GPL-2.0
/* A finding's own helpers (finding.h). */
#include <stdio.h>

#include "finding/finding.h"

const char *ew_container_label(const struct ew_finding *f, char *buf,
			       size_t size)
{
	const struct ew_container *c = &f->container;

	if (!f->container_known)
		snprintf(buf, size, "%s", "");
	else if (c->runtime[0])
		snprintf(buf, size, "%s:%s", c->runtime, c->id);
	else
		snprintf(buf, size, "%s", c->id);
	return buf;
}
