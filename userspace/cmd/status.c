// SPDX-License-Identifier: GPL-2.0
/*
 * escapewatch status: the module's counters, as "name value" lines or as
 * JSON, from one table so that the two forms cannot differ.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/names.h"
#include "cmd/status.h"

enum field_type {
	F_U64,
	F_U32,
	F_BOOL,		/* a __u32 that is 0 or 1: a JSON boolean */
	F_MODE,		/* enum ew_mode, by its name */
	F_FINDINGS,	/* derived: events less the nomem gaps */
};

static const struct field {
	const char *name;
	enum field_type type;
	size_t offset;
} fields[] = {
	{ "execs_examined", F_U64, offsetof(struct ew_stats, execs_examined) },
	{ "events", F_U64, offsetof(struct ew_stats, events) },
	{ "findings", F_FINDINGS, 0 },
	{ "overwritten", F_U64, offsetof(struct ew_stats, overwritten) },
	{ "nomem", F_U64, offsetof(struct ew_stats, nomem) },
	{ "argv_faults", F_U64, offsetof(struct ew_stats, argv_faults) },
	{ "scans", F_U64, offsetof(struct ew_stats, scans) },
	{ "scan_hits", F_U64, offsetof(struct ew_stats, scan_hits) },
	{ "scan_errors", F_U64, offsetof(struct ew_stats, scan_errors) },
	{ "rules_generation", F_U64, offsetof(struct ew_stats, rules_generation) },
	{ "rules", F_U32, offsetof(struct ew_stats, nrules) },
	{ "queue_len", F_U32, offsetof(struct ew_stats, queue_len) },
	{ "queued", F_U32, offsetof(struct ew_stats, queued) },
	{ "in_flight", F_U32, offsetof(struct ew_stats, in_flight) },
	{ "exec_failed", F_U64, offsetof(struct ew_stats, exec_failed) },
	{ "mode", F_MODE, offsetof(struct ew_stats, mode) },
	{ "locked", F_BOOL, offsetof(struct ew_stats, locked) },
	{ "denied", F_U64, offsetof(struct ew_stats, denied) },
	{ "killed", F_U64, offsetof(struct ew_stats, killed) },
	{ "fail_closed", F_BOOL, offsetof(struct ew_stats, fail_closed) },
	{ "failed_open", F_U64, offsetof(struct ew_stats, failed_open) },
	{ "failed_closed", F_U64, offsetof(struct ew_stats, failed_closed) },
	{ "scripts", F_U64, offsetof(struct ew_stats, scripts) },
	{ "scripts_skipped", F_U64, offsetof(struct ew_stats, scripts_skipped) },
};

#define NFIELDS (sizeof(fields) / sizeof(*fields))

/*
 * Each exec record the module made is a finding; a nomem gap took a
 * sequence number (an event) but made none.  The two sums are read at
 * slightly different moments, hence the guard.
 */
static unsigned long long findings(const struct ew_stats *st)
{
	return st->events > st->nomem ? st->events - st->nomem : 0;
}

static unsigned long long number(const struct ew_stats *st,
				 const struct field *f)
{
	const char *p = (const char *)st + f->offset;
	__u64 v64;
	__u32 v32;

	switch (f->type) {
	case F_U64:
		memcpy(&v64, p, sizeof(v64));
		return v64;
	case F_FINDINGS:
		return findings(st);
	default:
		memcpy(&v32, p, sizeof(v32));
		return v32;
	}
}

void ew_status_print(FILE *out, const struct ew_stats *st)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++) {
		if (fields[i].type == F_MODE)
			fprintf(out, "%s %s\n", fields[i].name,
				ew_mode_name(st->mode));
		else
			fprintf(out, "%s %llu\n", fields[i].name,
				number(st, &fields[i]));
	}
}

void ew_status_text(FILE *out, const struct ew_status *s)
{
	fprintf(out, "loaded %d\nattached %d\n", !!s->loaded, !!s->attached);
	if (s->have_stats)
		ew_status_print(out, &s->st);
}

static json_t *field_json(const struct ew_stats *st, const struct field *f)
{
	switch (f->type) {
	case F_MODE:
		return json_string(ew_mode_name(st->mode));
	case F_BOOL:
		return json_boolean(number(st, f));
	default:
		return json_integer((json_int_t)number(st, f));
	}
}

json_t *ew_status_json(const struct ew_status *s)
{
	json_t *o = json_object(), *module;
	size_t i;
	int bad;

	if (!o)
		return NULL;
	module = json_pack("{s:b,s:b}", "loaded", s->loaded, "attached",
			   s->attached);
	bad = json_object_set_new(o, "module", module);
	for (i = 0; s->have_stats && i < NFIELDS; i++)
		bad |= json_object_set_new(o, fields[i].name,
					   field_json(&s->st, &fields[i]));
	if (*s->error) {
		/* The device's path is the user's, in any bytes. */
		char *error = ew_escape_dup(s->error, strlen(s->error), 0);

		bad |= json_object_set_new(o, "error", json_string(error));
		free(error);
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}
