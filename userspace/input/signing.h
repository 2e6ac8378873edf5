/* SPDX-License-Identifier: GPL-2.0 */
/* Whether the kernel loads only signed modules, which can keep ours out. */
#ifndef EW_SIGNING_H
#define EW_SIGNING_H

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
 * The clause to add to "the module is not loaded" when signatures are
 * enforced, "" when they are not: "; this kernel loads only ...".
 */
void ew_signing_hint(const char *sysfs, char *hint, size_t size);

#endif
