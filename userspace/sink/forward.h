/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Findings forwarded to syslog (--syslog SPEC) through syslog.h: each
 * finding as its scc JSON line, with STRUCTURED-DATA a collector can
 * filter on without parsing JSON:
 *
 *   [escapewatch@32473 id="..." category="Execution: Container Escape"
 *    severity="HIGH" rule="cdk" container="docker:..." pid="4242"]
 *
 * at the level of its severity (CRITICAL: LOG_CRIT, HIGH: LOG_ERR, MEDIUM:
 * LOG_WARNING, LOW: LOG_NOTICE), msgid "finding".  Lost and malformed
 * reports go as msgid "lost" and "malformed" at LOG_WARNING.  32473 is
 * the private enterprise number RFC 5612 reserves for documentation: the
 * SD-ID needs one, and escapewatch has none of its own yet.  Every send
 * that fails is counted and told on the log (failures.h).
 */
#ifndef EW_FORWARD_H
#define EW_FORWARD_H

#include <stdio.h>

#include "finding/finding.h"
#include "sink/failures.h"
#include "sink/syslog.h"

#define EW_SD_ID "escapewatch@32473"

struct ew_forward {
	struct ew_syslog *s;
	FILE *log;
	unsigned long long sent;
	struct ew_failures failures;
};

/* Open spec (syslog.h); 0, or -1 with a one-line reason in err. */
int ew_forward_open(struct ew_forward *fw, const char *spec, FILE *log,
		    char *err, size_t errsize);

void ew_forward_close(struct ew_forward *fw);

/* Send a finding whose scc line is scc_json. */
void ew_forward_finding(struct ew_forward *fw, const struct ew_finding *f,
			const char *scc_json);

/* Send a lost or malformed report (kind "lost" or "malformed"). */
void ew_forward_report(struct ew_forward *fw, const char *kind,
		       unsigned long long seq, const char *json);

/*
 * The STRUCTURED-DATA of a finding into a new string (free() it); NULL on
 * no memory.
 */
char *ew_forward_sd(const struct ew_finding *f);

#endif
