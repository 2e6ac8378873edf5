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

unsigned int ew_finding_severity(const struct ew_finding *f, char *why,
				 size_t size)
{
	const struct ew_surface *s = f->surface;
	unsigned int sev = f->ev->rec->severity;

	snprintf(why, size, "%s", "");
	if (sev == EW_SEV_CRITICAL)
		return sev;
	if (f->weigh == EW_WEIGH_ESCAPE) {
		snprintf(why, size, "the command line reaches the host: %s",
			 f->weigh_why);
		return EW_SEV_CRITICAL;
	}
	if (s && s->open && s->nopen) {
		snprintf(why, size,
			 "the container has an open path out (%s%s); %s",
			 s->paths[0].name, s->nopen > 1 ? " and more" : "",
			 s->paths[0].why);
		return EW_SEV_CRITICAL;
	}
	return sev;
}
