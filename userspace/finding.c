// SPDX-License-Identifier: GPL-2.0
/*
 * Records as JSON objects, after Security Command Center's "Execution:
 * Container Escape" finding (severity HIGH, MITRE ATT&CK T1611).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "finding.h"

static const char *const ns_names[EW_NS_COUNT] = {
	[EW_NS_PID] = "pid", [EW_NS_MNT] = "mnt", [EW_NS_NET] = "net",
	[EW_NS_USER] = "user", [EW_NS_UTS] = "uts", [EW_NS_IPC] = "ipc",
	[EW_NS_CGROUP] = "cgroup",
};

/*
 * A JSON string for bytes from the kernel (a path, a task name), which need
 * not be UTF-8.  Invalid UTF-8 is written with every byte above 0x7f and
 * every backslash as \xNN, so the original bytes can be recovered.
 */
static json_t *bytes_json(const char *s)
{
	json_t *str = json_string(s);
	char *esc, *p;

	if (str)
		return str;
	esc = malloc(4 * strlen(s) + 1);
	if (!esc)
		return NULL;
	for (p = esc; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c > 0x7f || c == '\\')
			p += sprintf(p, "\\x%02x", c);
		else
			*p++ = (char)c;
	}
	*p = '\0';
	str = json_string(esc);
	free(esc);
	return str;
}

static const char *severity_upper(int severity)
{
	static const char *const names[] = {
		[EW_SEV_LOW] = "LOW", [EW_SEV_MEDIUM] = "MEDIUM",
		[EW_SEV_HIGH] = "HIGH", [EW_SEV_CRITICAL] = "CRITICAL",
	};

	if (severity < EW_SEV_LOW || severity > EW_SEV_CRITICAL)
		return "SEVERITY_UNSPECIFIED";
	return names[severity];
}

static const char *match_kind_name(int kind)
{
	switch (kind) {
	case EW_MATCH_NAME:
		return "name";
	case EW_MATCH_PATH:
		return "path";
	case EW_MATCH_FILELESS:
		return "fileless";
	case EW_MATCH_ARGV:
		return "argv";
	case EW_MATCH_SHA256:
		return "sha256";
	case EW_MATCH_CONTENT:
		return "content";
	}
	return "unknown";
}

char *ew_rfc3339(unsigned long long ns, char *buf, size_t size)
{
	time_t sec = (time_t)(ns / 1000000000ULL);
	struct tm tm;
	size_t n;

	if (!gmtime_r(&sec, &tm) ||
	    !(n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm))) {
		snprintf(buf, size, "%llu", ns);
		return buf;
	}
	snprintf(buf + n, size - n, ".%09lluZ", ns % 1000000000ULL);
	return buf;
}

json_t *ew_finding_exec(const struct ew_exec_record *rec)
{
	char when[64];
	json_t *ns;
	int i;

	ns = json_object();
	for (i = 0; ns && i < EW_NS_COUNT; i++)
		json_object_set_new(ns, ns_names[i],
				    json_integer(rec->ns_inum[i]));

	return json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:{s:I, s:s, s:I}, s:{s:s, s:o, s:o, s:b}, s:{s:I, s:I, s:I, s:I, s:I, s:o, s:{s:o, s:b}}, s:o*}",
			 "kind", "finding",
			 "seq", (json_int_t)rec->hdr.seq,
			 "eventTime", ew_rfc3339(rec->real_ns, when, sizeof(when)),
			 "category", "Execution: Container Escape",
			 "severity", severity_upper(rec->severity),
			 "mitreAttack", "T1611",
			 "rule",
			 "id", (json_int_t)rec->rule_id,
			 "name", rec->rule,
			 "generation", (json_int_t)rec->rules_generation,
			 "evidence",
			 "kind", match_kind_name(rec->match_kind),
			 "pattern", bytes_json(rec->pattern),
			 "matched", bytes_json(rec->matched),
			 "truncated",
			 !!(rec->hdr.flags & EW_EXEC_EVIDENCE_TRUNCATED),
			 "process",
			 "pid", (json_int_t)rec->pid,
			 "tid", (json_int_t)rec->tid,
			 "parentPid", (json_int_t)rec->ppid,
			 "nsPid", (json_int_t)rec->ns_pid,
			 "uid", (json_int_t)rec->uid,
			 "callerName", bytes_json(rec->comm),
			 "binary",
			 "path", bytes_json(rec->path),
			 "pathTruncated",
			 !!(rec->hdr.flags & EW_EXEC_PATH_TRUNCATED),
			 "namespaces", ns);
}

json_t *ew_finding_lost(const struct ew_lost_record *rec)
{
	const char *why = rec->hdr.flags & EW_LOST_NOMEM ? "nomem" :
			  rec->hdr.flags & EW_LOST_OVERRUN ? "overrun" :
			  "unknown";

	return json_pack("{s:s, s:I, s:I, s:s}",
			 "kind", "lost",
			 "seq", (json_int_t)rec->hdr.seq,
			 "count", (json_int_t)rec->count,
			 "reason", why);
}
