// SPDX-License-Identifier: GPL-2.0
/*
 * Whether the kernel refuses unsigned modules.  A module the reader does
 * not find may then have been refused at load, and modprobe's words for
 * it ("Key was rejected by service", "Operation not permitted") are in
 * the journal of another unit: the reader names the cause where the user
 * looks first.
 */
#include <stdio.h>
#include <string.h>

#include "input/signing.h"

/* The first line of sysfs/rel into buf, without its newline; "" if none. */
static void first_line(const char *sysfs, const char *rel, char *buf,
		       size_t size)
{
	char path[4096];
	FILE *f;

	buf[0] = '\0';
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", sysfs, rel) >=
	    sizeof(path))
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

int ew_signing_enforced(const char *sysfs, char *why, size_t size)
{
	char line[128], level[32] = "";
	const char *open, *close;
	int enforced;

	/* "none [integrity] confidentiality": the level in force */
	first_line(sysfs, "kernel/security/lockdown", line, sizeof(line));
	open = strchr(line, '[');
	close = open ? strchr(open, ']') : NULL;
	if (close && (size_t)(close - open - 1) < sizeof(level) &&
	    strncmp(open + 1, "none]", 5))
		snprintf(level, sizeof(level), "%.*s", (int)(close - open - 1),
			 open + 1);
	first_line(sysfs, "module/module/parameters/sig_enforce", line,
		   sizeof(line));
	enforced = !strcmp(line, "Y");
	if (!size)
		return *level || enforced;
	snprintf(why, size, "%s%s%s%s", *level ? "lockdown=" : "", level,
		 *level && enforced ? ", " : "",
		 enforced ? "module.sig_enforce=1" : "");
	return *level || enforced;
}

void ew_signing_hint(const char *sysfs, char *hint, size_t size)
{
	char why[96];

	if (!size)
		return;
	hint[0] = '\0';
	if (ew_signing_enforced(sysfs, why, sizeof(why)))
		snprintf(hint, size,
			 "; this kernel loads only modules signed by a key it trusts (%s): see escapewatch(8), MODULE SIGNATURES",
			 why);
}
