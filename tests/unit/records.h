/* SPDX-License-Identifier: GPL-2.0 */
/* Building records as the module lays them out, for the unit tests. */
#ifndef EW_TEST_RECORDS_H
#define EW_TEST_RECORDS_H

#include <stdint.h>
#include <string.h>

#include "../../include/uapi/escapewatch.h"

/* Write an exec record at buf; returns its size. */
static inline size_t make_exec(void *buf, uint64_t seq, const char *path)
{
	struct ew_exec_record *r = buf;
	size_t len = strlen(path);
	size_t size = (sizeof(*r) + len + 1 + 7) & ~(size_t)7;

	memset(r, 0, size);
	r->hdr.size = size;
	r->hdr.type = EW_REC_EXEC;
	r->hdr.seq = seq;
	r->real_ns = 1700000000123456789ULL;
	r->pid = 4242;
	r->tid = 4243;
	r->ppid = 4000;
	r->ns_pid = 1;
	r->uid = 0;
	for (int i = 0; i < EW_NS_COUNT; i++)
		r->ns_inum[i] = 4026531800u + i;
	r->rule_id = 1001;
	r->rules_generation = 3;
	r->severity = EW_SEV_HIGH;
	r->match_kind = EW_MATCH_NAME;
	r->path_len = len;
	strcpy(r->comm, "sh");
	strcpy(r->rule, "cdk");
	strcpy(r->pattern, "cdk*");
	strcpy(r->matched, "cdk");
	memcpy(r->path, path, len);
	return size;
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
