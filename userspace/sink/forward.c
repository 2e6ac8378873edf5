// SPDX-License-Identifier: GPL-2.0
/* Findings forwarded to syslog; see forward.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/names.h"
#include "sink/forward.h"
#include "sink/syslog_format.h"

int ew_forward_open(struct ew_forward *fw, const char *spec, FILE *log,
		    char *err, size_t errsize)
{
	memset(fw, 0, sizeof(*fw));
	fw->log = log;
	fw->failures.what = "syslog";
	fw->s = ew_syslog_open(spec, err, errsize);
	return fw->s ? 0 : -1;
}

void ew_forward_close(struct ew_forward *fw)
{
	if (fw->s)
		ew_syslog_close(fw->s);
	fw->s = NULL;
}

static int level(unsigned int severity)
{
	switch (severity) {
	case EW_SEV_CRITICAL:
		return LOG_CRIT;
	case EW_SEV_MEDIUM:
		return LOG_WARNING;
	case EW_SEV_LOW:
		return LOG_NOTICE;
	}
	return LOG_ERR;
}

/* ' NAME="VALUE"' with value escaped by escape.h, then for SD; 0 or -1. */
static int param(FILE *out, const char *name, const char *value)
{
	char *esc = ew_escape_dup(value, strlen(value), 0);
	size_t size = esc ? 2 * strlen(esc) + 1 : 0;
	char *sd = esc ? malloc(size) : NULL;
	int ok = sd && ew_syslog_sd_escape(sd, size, esc) >= 0;

	if (ok)
		fprintf(out, " %s=\"%s\"", name, sd);
	free(esc);
	free(sd);
	return ok ? 0 : -1;
}

char *ew_forward_sd(const struct ew_finding *f)
{
	const struct ew_exec_record *r = f->ev->rec;
	const char *sev = ew_scc_severity(r->severity);
	char where[128], pid[16], *sd = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&sd, &len);
	int err = 0;

	if (!out)
		return NULL;
	ew_container_label(f, where, sizeof(where));
	snprintf(pid, sizeof(pid), "%u", r->pid);
	fputs("[" EW_SD_ID, out);
	err |= param(out, "id", f->id);
	err |= param(out, "category", "Execution: Container Escape");
	err |= param(out, "severity", sev ? sev : "HIGH");
	err |= param(out, "rule", r->rule);
	err |= param(out, "container", where);
	err |= param(out, "pid", pid);
	fputs("]", out);
	err |= ferror(out);
	if (fclose(out) || err) {
		free(sd);
		return NULL;
	}
	return sd;
}

static void sent(struct ew_forward *fw, unsigned long long seq, int rc)
{
	if (rc) {
		ew_failure(&fw->failures, fw->log, seq, errno ? errno : EIO);
		return;
	}
	fw->sent++;
	ew_success(&fw->failures, fw->log);
}

void ew_forward_finding(struct ew_forward *fw, const struct ew_finding *f,
			const char *scc_json)
{
	const struct ew_exec_record *r = f->ev->rec;
	char *sd = ew_forward_sd(f);
	int rc = -1;

	errno = ENOMEM;
	if (sd && scc_json)
		rc = ew_syslog_send(fw->s, level(r->severity), "finding", sd,
				    scc_json, r->real_ns);
	sent(fw, r->hdr.seq, rc);
	free(sd);
}

void ew_forward_report(struct ew_forward *fw, const char *kind,
		       unsigned long long seq, const char *json)
{
	char sd[128];
	int rc = -1;

	snprintf(sd, sizeof(sd), "[" EW_SD_ID " kind=\"%s\" seq=\"%llu\"]",
		 kind, seq);
	errno = ENOMEM;
	if (json)
		rc = ew_syslog_send(fw->s, LOG_WARNING, kind, sd, json, 0);
	sent(fw, seq, rc);
}
