/* SPDX-License-Identifier: GPL-2.0 */
/* The record's numbers as people read them: names and times. */
#ifndef EW_NAMES_H
#define EW_NAMES_H

#include <stddef.h>

#include "../../include/uapi/escapewatch.h"

/* "LOW" .. "CRITICAL" as in Security Command Center; NULL if unknown. */
const char *ew_scc_severity(unsigned int severity);

/* "name", "path", ... as in a rules file; "unknown" if unknown. */
const char *ew_match_kind_name(unsigned int kind);

/*
 * What a record's evidence is: "script" when the rule matched the script
 * given to an interpreter, "command" when it matched program text on the
 * command line (sh -c), otherwise the matcher's kind (ew_match_kind_name).
 */
const char *ew_evidence_kind(const struct ew_exec_record *r);

/* "pid", "mnt", ... as in /proc/PID/ns, for an enum ew_ns_index. */
const char *ew_ns_name(unsigned int index);

/* "path", "argv", ... for an enum ew_field_type; "unknown" if unknown. */
const char *ew_field_name(unsigned int type);

/* "audit" or "enforce" for an enum ew_mode, or "?". */
const char *ew_mode_name(unsigned int mode);

/* "none", "strict", "filter"; "unknown" if unknown. */
const char *ew_seccomp_name(unsigned int mode);

/*
 * Name of capability bit (CAP_SYS_ADMIN ...); CAP_<n> written into buf for
 * a bit this reader does not know, and buf returned.
 */
const char *ew_cap_name(unsigned int bit, char *buf, size_t size);

/*
 * Nanoseconds since the epoch as RFC 3339 UTC with nanoseconds
 * (2023-11-14T22:13:20.123456789Z) into buf; returns buf.
 */
char *ew_rfc3339(unsigned long long ns, char *buf, size_t size);

#endif
