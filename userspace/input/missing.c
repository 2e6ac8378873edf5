// SPDX-License-Identifier: GPL-2.0
/*
 * Why the module may be missing.  DKMS skips a kernel that lacks what the
 * module needs (BUILD_EXCLUSIVE_CONFIG) and may fail to build for a new
 * one; a kernel that loads only signed modules refuses one signed with a
 * key it does not trust.  What DKMS and modprobe said is in other units'
 * logs: the reader names the cause where the user looks first.
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "input/missing.h"

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

int ew_module_installed(const char *modules, const char *release)
{
	char path[4096], line[1024];
	const char *colon, *name;
	int found = 0;
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s/modules.dep", modules,
			     release) >= sizeof(path))
		return -1;
	f = fopen(path, "re");
	if (!f)
		return -1;
	/* "updates/dkms/escapewatch.ko.xz: dep dep"; long lines skipped */
	while (!found && fgets(line, sizeof(line), f)) {
		colon = strchr(line, ':');
		if (!colon)
			continue;
		for (name = colon; name > line && name[-1] != '/'; name--)
			;
		found = !strncmp(name, "escapewatch.ko", 14) &&
			(colon == name + 14 || name[14] == '.');
	}
	fclose(f);
	return found;
}

void ew_missing_hint(const char *sysfs, const char *modules,
		     const char *release, char *hint, size_t size)
{
	struct utsname u;
	char why[96];

	if (!size)
		return;
	hint[0] = '\0';
	if (!release) {
		if (uname(&u))
			return;
		release = u.release;
	}
	if (!ew_module_installed(modules, release))
		snprintf(hint, size,
			 "; no escapewatch module is installed for this kernel, %.64s (DKMS skipped it or failed: dkms status escapewatch)",
			 release);
	else if (ew_signing_enforced(sysfs, why, sizeof(why)))
		snprintf(hint, size,
			 "; this kernel loads only modules signed by a key it trusts (%s): see escapewatch(8), MODULE SIGNATURES",
			 why);
}
