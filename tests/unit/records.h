/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building records as the module lays them out, for the unit tests: an
 * exec record's fixed part with plausible values, then its fields, each
 * padded to 8 bytes, the record's size kept up to date.
 */
#ifndef EW_TEST_RECORDS_H
#define EW_TEST_RECORDS_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../include/uapi/escapewatch.h"

#define DOCKER_ID "4f3c1e0b9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807f6e5d4c3b2a19080"
#define DOCKER_CGROUP "/system.slice/docker-" DOCKER_ID ".scope"
#define T_EXEC 1700000000123456789ULL	/* 2023-11-14T22:13:20.123456789Z */

static inline struct ew_exec_record *rec_exec(void *buf, uint64_t seq)
{
	struct ew_exec_record *r = buf;
	int i;

	memset(r, 0, sizeof(*r));
	r->hdr.size = sizeof(*r);
	r->hdr.type = EW_REC_EXEC;
	r->hdr.flags = EW_EXEC_HASHED;
	r->hdr.seq = seq;
	r->boot_ns = 86400000000000ULL + seq;
	r->real_ns = T_EXEC + seq * 1000000000ULL;
	r->rules_generation = 3;
	r->cap_effective = 0xa80425fbULL;	/* Docker's default set */
	r->file_size = 12345678;
	r->hashed_size = 12345678;
	for (i = 0; i < 32; i++)
		r->sha256[i] = (uint8_t)(0x11 * (i % 16));
	r->pid = 4242;
	r->tid = 4242;
	r->ppid = 4000;
	r->ns_pid = 7;
	r->ns_ppid = 1;
	r->loginuid = (uint32_t)-1;
	r->ns_inum[EW_NS_PID] = 4026532118u;
	r->ns_inum[EW_NS_MNT] = 4026532117u;
	r->ns_inum[EW_NS_NET] = 4026531840u;
	r->ns_inum[EW_NS_USER] = 4026531837u;
	r->ns_inum[EW_NS_UTS] = 4026532115u;
	r->ns_inum[EW_NS_IPC] = 4026532116u;
	r->ns_inum[EW_NS_CGROUP] = 4026532119u;
	r->ns_host = 1u << EW_NS_NET | 1u << EW_NS_USER;
	r->rule_id = 1001;
	r->severity = EW_SEV_HIGH;
	r->match_kind = EW_MATCH_NAME;
	r->seccomp_mode = 2;
	strcpy(r->comm, "cdk");
	strcpy(r->caller_comm, "sh");
	strcpy(r->rule, "cdk");
	strcpy(r->pattern, "cdk");
	strcpy(r->matched, "cdk");
	return r;
}

static inline size_t rec_size(const void *buf)
{
	return ((const struct ew_record_header *)buf)->size;
}

/* Append a field of len bytes of value (NULL: zeros); returns its header. */
static inline struct ew_field *rec_field(void *buf, uint16_t type,
					 uint16_t flags, const void *value,
					 size_t len)
{
	struct ew_record_header *h = buf;
	struct ew_field *f = (void *)((char *)buf + h->size);
	size_t padded = (len + 7) & ~(size_t)7;

	f->type = type;
	f->flags = flags;
	f->len = (uint32_t)len;
	memset(f + 1, 0, padded);
	if (value)
		memcpy(f + 1, value, len);
	h->size += (uint32_t)(sizeof(*f) + padded);
	return f;
}

static inline void rec_str(void *buf, uint16_t type, const char *s)
{
	rec_field(buf, type, 0, s, strlen(s));
}

/* args: arguments each followed by a NUL, len bytes; argc set to argc. */
static inline void rec_argv(void *buf, const char *args, size_t len,
			    uint32_t argc, uint16_t flags)
{
	((struct ew_exec_record *)buf)->argc = argc;
	rec_field(buf, EW_F_ARGV, flags, args, len);
}

static inline void rec_ancestor(void *buf, uint32_t pid, uint32_t ns_pid,
				const char *comm, const char *path)
{
	struct ew_ancestor a;
	struct ew_field *f;

	memset(&a, 0, sizeof(a));
	a.pid = pid;
	a.ns_pid = ns_pid;
	snprintf(a.comm, sizeof(a.comm), "%s", comm);
	f = rec_field(buf, EW_F_ANCESTOR, 0, NULL, sizeof(a) + strlen(path));
	memcpy(f + 1, &a, sizeof(a));
	memcpy((char *)(f + 1) + sizeof(a), path, strlen(path));
}

/*
 * A whole exec record of the file at path run as "NAME evaluate", NAME its
 * last component, in a Docker container; returns its size.
 */
static inline size_t make_exec(void *buf, uint64_t seq, const char *path)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char args[256];
	size_t n = strlen(name) + 1;

	rec_exec(buf, seq);
	memcpy(args, name, n);
	memcpy(args + n, "evaluate", sizeof("evaluate"));
	rec_str(buf, EW_F_PATH, path);
	rec_str(buf, EW_F_FILENAME, path);
	rec_argv(buf, args, n + sizeof("evaluate"), 2, 0);
	rec_str(buf, EW_F_CWD, "/tmp");
	rec_str(buf, EW_F_CGROUP, DOCKER_CGROUP);
	rec_ancestor(buf, 4000, 1, "sh", "/bin/busybox");
	rec_ancestor(buf, 3990, 0, "containerd-shim", "/usr/bin/containerd-shim-runc-v2");
	return rec_size(buf);
}

/* Write a lost record at buf; returns its size. */
static inline size_t make_lost(void *buf, uint64_t seq, uint64_t count,
			       uint16_t why)
{
	struct ew_lost_record *r = buf;

	memset(r, 0, sizeof(*r));
	r->hdr.size = sizeof(*r);
	r->hdr.type = EW_REC_LOST;
	r->hdr.flags = why;
	r->hdr.seq = seq;
	r->count = count;
	return sizeof(*r);
}

#endif
