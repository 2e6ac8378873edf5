// SPDX-License-Identifier: GPL-2.0
/*
 * The json format: the raw event, every field of the record as the module
 * wrote it (numbers as numbers, an unmapped id as 4294967295), with the
 * reader's escaping of bytes (escape.h) and nothing derived except the
 * time in RFC 3339, the finding's id, and under "container" what the
 * host's files say of the container (format_container.h).
 */
#include <stdio.h>

#include "base/hex.h"
#include "base/names.h"
#include "format/format_container.h"
#include "format/format_json.h"
#include "format/json_util.h"

static json_t *ns_inodes(const struct ew_exec_record *r, int *bad)
{
	json_t *ns = json_object();
	unsigned int i;

	for (i = 0; i < EW_NS_COUNT; i++)
		ew_json_set(ns, ew_ns_name(i), json_integer(r->ns_inum[i]),
			     bad);
	return ns;
}

/* Built key by key: json_pack() parses its format for every record. */
static json_t *text_field(unsigned int type, const struct ew_text *t,
			  int *bad)
{
	json_t *o = json_object();

	ew_json_set(o, "type", json_string(ew_field_name(type)), bad);
	ew_json_set(o, "flags", json_integer((int)t->flags), bad);
	ew_json_set(o, "value", ew_json_bytes(t->p, t->len), bad);
	return o;
}

static json_t *argv_field(const struct ew_text *t, int *bad)
{
	json_t *list = json_array();
	struct ew_text arg;
	size_t off = 0;

	while (ew_argv_next(t, &off, &arg))
		ew_json_append(list, ew_json_bytes(arg.p, arg.len), bad);
	return json_pack("{s:s, s:i, s:o}", "type", "argv",
			 "flags", (int)t->flags, "value", list);
}

static json_t *fields(const struct ew_event *ev, int *bad)
{
	const struct ew_text *t[] = {
		[EW_F_PATH] = &ev->path, [EW_F_FILENAME] = &ev->filename,
		[EW_F_INTERP] = &ev->interp, [EW_F_ARGV] = &ev->argv,
		[EW_F_CWD] = &ev->cwd, [EW_F_CGROUP] = &ev->cgroup,
	};
	json_t *list = json_array();
	unsigned int i;

	for (i = EW_F_PATH; i <= EW_F_CGROUP; i++) {
		if (!t[i]->present)
			continue;
		ew_json_append(list, i == EW_F_ARGV ? argv_field(t[i], bad) :
			       text_field(i, t[i], bad), bad);
	}
	for (i = 0; i < ev->nanc; i++) {
		const struct ew_event_ancestor *a = &ev->anc[i];

		ew_json_append(list, json_pack("{s:s, s:i, s:I, s:I, s:o, s:o}",
				  "type", "ancestor", "flags", (int)a->path.flags,
				  "pid", (json_int_t)a->a->pid,
				  "nsPid", (json_int_t)a->a->ns_pid,
				  "comm", ew_json_str(a->a->comm),
				  "path", ew_json_bytes(a->path.p, a->path.len)),
			       bad);
	}
	return list;
}

static json_t *creds(const struct ew_exec_record *r, int *bad)
{
	json_t *o = json_object();

	ew_json_set(o, "uid", json_integer((json_int_t)r->uid), bad);
	ew_json_set(o, "gid", json_integer((json_int_t)r->gid), bad);
	ew_json_set(o, "euid", json_integer((json_int_t)r->euid), bad);
	ew_json_set(o, "egid", json_integer((json_int_t)r->egid), bad);
	ew_json_set(o, "loginuid", json_integer((json_int_t)r->loginuid),
		    bad);
	ew_json_set(o, "nsUid", json_integer((json_int_t)r->ns_uid), bad);
	ew_json_set(o, "nsGid", json_integer((json_int_t)r->ns_gid), bad);
	ew_json_set(o, "nsEuid", json_integer((json_int_t)r->ns_euid), bad);
	ew_json_set(o, "nsEgid", json_integer((json_int_t)r->ns_egid), bad);
	return o;
}

char *ew_format_json(const struct ew_finding *f)
{
	const struct ew_exec_record *r = f->ev->rec;
	json_t *o = json_object(), *c;
	char when[64], hex[65], caps[24];
	int bad = 0;

	ew_hex_bytes(hex, r->sha256, 32);
	ew_json_set(o, "kind", json_string("exec"), &bad);
	ew_json_set(o, "id", json_string(f->id), &bad);
	ew_json_set(o, "seq", json_integer((json_int_t)r->hdr.seq), &bad);
	ew_json_set(o, "flags", json_integer(r->hdr.flags), &bad);
	ew_json_set(o, "time",
		    json_string(ew_rfc3339(r->real_ns, when, sizeof(when))),
		    &bad);
	ew_json_set(o, "realNs", json_integer((json_int_t)r->real_ns), &bad);
	ew_json_set(o, "bootNs", json_integer((json_int_t)r->boot_ns), &bad);
	ew_json_set(o, "rulesGeneration",
		    json_integer((json_int_t)r->rules_generation), &bad);
	caps[0] = '0';
	caps[1] = 'x';
	ew_hex_u64(caps + 2, r->cap_effective);
	caps[18] = '\0';
	ew_json_set(o, "capEffective", json_string(caps), &bad);
	ew_json_set(o, "fileSize", json_integer((json_int_t)r->file_size),
		    &bad);
	ew_json_set(o, "hashedSize", json_integer((json_int_t)r->hashed_size),
		    &bad);
	ew_json_set(o, "sha256", json_string(hex), &bad);
	ew_json_set(o, "pid", json_integer(r->pid), &bad);
	ew_json_set(o, "tid", json_integer(r->tid), &bad);
	ew_json_set(o, "ppid", json_integer(r->ppid), &bad);
	ew_json_set(o, "nsPid", json_integer(r->ns_pid), &bad);
	ew_json_set(o, "nsPpid", json_integer(r->ns_ppid), &bad);
	ew_json_set(o, "creds", creds(r, &bad), &bad);
	ew_json_set(o, "nsInum", ns_inodes(r, &bad), &bad);
	ew_json_set(o, "nsHost", json_integer(r->ns_host), &bad);
	ew_json_set(o, "ruleId", json_integer(r->rule_id), &bad);
	ew_json_set(o, "argc", json_integer(r->argc), &bad);
	ew_json_set(o, "severity", json_integer(r->severity), &bad);
	ew_json_set(o, "matchKind", json_integer(r->match_kind), &bad);
	ew_json_set(o, "seccompMode", json_integer(r->seccomp_mode), &bad);
	ew_json_set(o, "noNewPrivs", json_integer(r->no_new_privs), &bad);
	ew_json_set(o, "action", json_integer(r->action), &bad);
	ew_json_set(o, "ruleAction", json_integer(r->rule_action), &bad);
	ew_json_set(o, "comm", ew_json_str(r->comm), &bad);
	ew_json_set(o, "callerComm", ew_json_str(r->caller_comm), &bad);
	ew_json_set(o, "rule", ew_json_str(r->rule), &bad);
	ew_json_set(o, "pattern", ew_json_str(r->pattern), &bad);
	ew_json_set(o, "matched", ew_json_str(r->matched), &bad);
	ew_json_set(o, "fields", fields(f->ev, &bad), &bad);
	ew_json_set(o, "unknownFields", json_integer(f->ev->nunknown), &bad);
	if ((c = ew_format_container(f, &bad)))
		ew_json_set(o, "container", c, &bad);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return ew_json_line(o);
}
