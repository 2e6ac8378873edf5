/* SPDX-License-Identifier: GPL-2.0 */
/* Why the module may be missing: not built for this kernel, or refused. */
#ifndef EW_MISSING_H
#define EW_MISSING_H

#include <stddef.h>

/*
 * Whether the kernel under sysfs (normally "/sys") loads only modules
 * signed by a key it trusts: module.sig_enforce=1 (sysfs/module/module/
 * parameters/sig_enforce is "Y"), or lockdown in force (sysfs/kernel/
 * security/lockdown names integrity or confidentiality, as Secure Boot
 * sets it).  Returns 1 with what says so in why ("lockdown=integrity,
 * module.sig_enforce=1"), else 0 with why empty.  Files that cannot be
 * read (no securityfs mounted, a kernel without module signatures) say
 * nothing.
 */
int ew_signing_enforced(const char *sysfs, char *why, size_t size);

/*
 * Whether modules/release/modules.dep (modules normally "/lib/modules",
 * release uname -r's) lists escapewatch.ko: 1 it does, 0 it does not
 * (no module installed for this kernel: DKMS skipped or failed it), -1
 * it cannot be read.
 */
int ew_module_installed(const char *modules, const char *release);

/*
 * The clause to add to "the module is not loaded", "" when there is
 * nothing to add: that no module is installed for the running kernel,
 * else that the kernel loads only signed modules.  sysfs and modules as
 * above, release NULL for the running kernel's.
 */
void ew_missing_hint(const char *sysfs, const char *modules,
		     const char *release, char *hint, size_t size);

#endif
