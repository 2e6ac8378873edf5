// SPDX-License-Identifier: GPL-2.0
/* The record's numbers as people read them: names and times. */
#include <stdio.h>
#include <time.h>

#include "base/names.h"

#define NAME_OF(table, i) \
	((i) < sizeof(table) / sizeof((table)[0]) ? (table)[i] : NULL)

const char *ew_scc_severity(unsigned int severity)
{
	static const char *const names[] = {
		[EW_SEV_LOW] = "LOW", [EW_SEV_MEDIUM] = "MEDIUM",
		[EW_SEV_HIGH] = "HIGH", [EW_SEV_CRITICAL] = "CRITICAL",
	};

	return NAME_OF(names, severity);
}

const char *ew_match_kind_name(unsigned int kind)
{
	static const char *const names[] = {
		[EW_MATCH_NAME] = "name", [EW_MATCH_PATH] = "path",
		[EW_MATCH_FILELESS] = "fileless", [EW_MATCH_ARGV] = "argv",
		[EW_MATCH_SHA256] = "sha256", [EW_MATCH_CONTENT] = "content",
	};
	const char *n = NAME_OF(names, kind);

	return n ? n : "unknown";
}

const char *ew_evidence_kind(const struct ew_exec_record *r)
{
	if (r->hdr.flags & EW_EXEC_SCRIPT)
		return "script";
	if (r->hdr.flags & EW_EXEC_COMMAND)
		return "command";
	return ew_match_kind_name(r->match_kind);
}

const char *ew_ns_name(unsigned int index)
{
	static const char *const names[EW_NS_COUNT] = {
		[EW_NS_PID] = "pid", [EW_NS_MNT] = "mnt", [EW_NS_NET] = "net",
		[EW_NS_USER] = "user", [EW_NS_UTS] = "uts", [EW_NS_IPC] = "ipc",
		[EW_NS_CGROUP] = "cgroup",
	};
	const char *n = NAME_OF(names, index);

	return n ? n : "unknown";
}

const char *ew_field_name(unsigned int type)
{
	static const char *const names[] = {
		[EW_F_PATH] = "path", [EW_F_FILENAME] = "filename",
		[EW_F_INTERP] = "interp", [EW_F_ARGV] = "argv",
		[EW_F_CWD] = "cwd", [EW_F_CGROUP] = "cgroup",
		[EW_F_ANCESTOR] = "ancestor",
	};
	const char *n = NAME_OF(names, type);

	return n ? n : "unknown";
}

const char *ew_mode_name(unsigned int mode)
{
	switch (mode) {
	case EW_MODE_AUDIT:
		return "audit";
	case EW_MODE_ENFORCE:
		return "enforce";
	default:
		return "?";
	}
}

const char *ew_seccomp_name(unsigned int mode)
{
	static const char *const names[] = { "none", "strict", "filter" };
	const char *n = NAME_OF(names, mode);

	return n ? n : "unknown";
}

const char *ew_cap_name(unsigned int bit, char *buf, size_t size)
{
	/* include/uapi/linux/capability.h, up to CAP_LAST_CAP of 6.12 */
	static const char *const names[] = {
		"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
		"CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
		"CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
		"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
		"CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
		"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
		"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
		"CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
		"CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
		"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
		"CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
		"CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
		"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
	};
	const char *n = NAME_OF(names, bit);

	if (n)
		return n;
	snprintf(buf, size, "CAP_%u", bit);
	return buf;
}

/* Digits of v, n of them, leading zeros kept. */
static char *put_num(char *p, unsigned long long v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + n;
}

/* The proleptic Gregorian date of a day counted from 1970-01-01. */
static void civil(unsigned long long day, unsigned int *y, unsigned int *m,
		  unsigned int *d)
{
	/* Days from 0000-03-01, so that a leap day ends its year. */
	unsigned long long z = day + 719468;
	unsigned long long era = z / 146097, doe = z % 146097;
	unsigned long long yoe = (doe - doe / 1460 + doe / 36524 -
				  doe / 146096) / 365;
	unsigned long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned long long mp = (5 * doy + 2) / 153;

	*d = (unsigned int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (unsigned int)(yoe + era * 400 + (*m <= 2));
}

/* Up to 9999-12-31T23:59:59Z: arithmetic, not gmtime_r() and strftime(). */
#define EW_RFC3339_FAST_MAX	253402300799ULL

char *ew_rfc3339(unsigned long long ns, char *buf, size_t size)
{
	time_t sec = (time_t)(ns / 1000000000ULL);
	unsigned long long s = ns / 1000000000ULL;
	unsigned int y, mo, d;
	struct tm tm;
	size_t n;
	char *p;

	if (s <= EW_RFC3339_FAST_MAX &&
	    size >= sizeof("YYYY-MM-DDTHH:MM:SS.NNNNNNNNNZ")) {
		civil(s / 86400, &y, &mo, &d);
		p = put_num(buf, y, 4);
		*p++ = '-';
		p = put_num(p, mo, 2);
		*p++ = '-';
		p = put_num(p, d, 2);
		*p++ = 'T';
		p = put_num(p, s % 86400 / 3600, 2);
		*p++ = ':';
		p = put_num(p, s % 3600 / 60, 2);
		*p++ = ':';
		p = put_num(p, s % 60, 2);
		*p++ = '.';
		p = put_num(p, ns % 1000000000ULL, 9);
		*p++ = 'Z';
		*p = '\0';
		return buf;
	}

	if (!gmtime_r(&sec, &tm) ||
	    !(n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm))) {
		snprintf(buf, size, "%llu", ns);
		return buf;
	}
	snprintf(buf + n, size - n, ".%09lluZ", ns % 1000000000ULL);
	return buf;
}
