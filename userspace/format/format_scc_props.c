// SPDX-License-Identifier: GPL-2.0
/*
 * The scc format's "sourceProperties": what Security Command Center's
 * finding has no key for, under that one key as SCC's own detectors do.
 */
#include <stdio.h>
#include <string.h>

#include "base/hex.h"
#include "base/names.h"
#include "format/format_container.h"
#include "format/format_scc_props.h"
#include "format/json_util.h"
#include "rules/rules.h"

json_t *ew_scc_text(const struct ew_text *t)
{
	if (!t->present || (t->flags & EW_FIELD_UNREADABLE))
		return NULL;
	return ew_json_bytes(t->p, t->len);
}

/* An id that the user namespace does not map is -1 (the kernel's view). */
static json_t *id_json(__u32 id)
{
	return json_integer(id == (__u32)-1 ? -1 : (json_int_t)id);
}

/* Built key by key: json_pack() parses its format for every record. */
static json_t *identity(const struct ew_exec_record *r, int *bad)
{
	json_t *o = json_object();

	ew_json_set(o, "uid", id_json(r->uid), bad);
	ew_json_set(o, "gid", id_json(r->gid), bad);
	ew_json_set(o, "euid", id_json(r->euid), bad);
	ew_json_set(o, "egid", id_json(r->egid), bad);
	ew_json_set(o, "loginuid", id_json(r->loginuid), bad);
	ew_json_set(o, "nsUid", id_json(r->ns_uid), bad);
	ew_json_set(o, "nsGid", id_json(r->ns_gid), bad);
	ew_json_set(o, "nsEuid", id_json(r->ns_euid), bad);
	ew_json_set(o, "nsEgid", id_json(r->ns_egid), bad);
	return o;
}

static json_t *capabilities(__u64 mask, int *bad)
{
	json_t *names = json_array();
	char hex[24], name[32];
	unsigned int bit;

	for (bit = 0; bit < 64; bit++)
		if ((mask >> bit) & 1)
			ew_json_append(names,
				json_string_nocheck(ew_cap_name(bit, name,
							     sizeof(name))),
				bad);
	hex[0] = '0';
	hex[1] = 'x';
	ew_hex_u64(hex + 2, mask);
	hex[18] = '\0';
	return json_pack("{s:s, s:o}", "effective", hex, "names", names);
}

static json_t *namespaces(const struct ew_exec_record *r, int *bad)
{
	json_t *ns = json_object(), *one;
	unsigned int i;

	for (i = 0; i < EW_NS_COUNT; i++) {
		one = json_object();
		ew_json_set(one, "inode", json_integer((json_int_t)r->ns_inum[i]),
			    bad);
		ew_json_set(one, "isHost",
			    json_boolean(r->ns_host & (1u << i)), bad);
		ew_json_set(ns, ew_ns_name(i), one, bad);
	}
	return ns;
}

static json_t *ancestors(const struct ew_event *ev, int *bad)
{
	json_t *list = json_array();
	unsigned int i;

	for (i = 0; i < ev->nanc; i++) {
		const struct ew_event_ancestor *a = &ev->anc[i];
		json_t *p = ew_scc_text(&a->path);

		ew_json_append(list, json_pack("{s:I, s:I, s:o, s:o, s:b}",
				  "pid", (json_int_t)a->a->pid,
				  "nsPid", (json_int_t)a->a->ns_pid,
				  "name", ew_json_str(a->a->comm),
				  "path", p ? p : json_string(""),
				  "pathTruncated",
				  !!(a->path.flags & EW_FIELD_TRUNCATED)), bad);
	}
	return list;
}

/* The caller's view of the process: what only the record knows. */
static json_t *process(const struct ew_event *ev, int *bad)
{
	const struct ew_exec_record *r = ev->rec;
	json_t *p = json_pack("{s:I, s:I, s:I, s:o, s:I}",
			      "tid", (json_int_t)r->tid,
			      "nsPid", (json_int_t)r->ns_pid,
			      "nsParentPid", (json_int_t)r->ns_ppid,
			      "callerName", ew_json_str(r->caller_comm),
			      "argc", (json_int_t)r->argc);
	json_t *v;

	if (!p)
		*bad = 1;
	if ((v = ew_scc_text(&ev->filename)))
		ew_json_set(p, "filename", v, bad);
	if ((v = ew_scc_text(&ev->cwd)))
		ew_json_set(p, "cwd", v, bad);
	return p;
}

/* Names of the fields whose flags have bit; "ancestor" once for all. */
static json_t *fields_with(const struct ew_event *ev, unsigned int bit,
			   int *bad)
{
	const struct ew_text *t[] = {
		&ev->path, &ev->filename, &ev->interp, &ev->argv, &ev->cwd,
		&ev->cgroup,
	};
	static const unsigned int type[] = {
		EW_F_PATH, EW_F_FILENAME, EW_F_INTERP, EW_F_ARGV, EW_F_CWD,
		EW_F_CGROUP,
	};
	json_t *list = json_array();
	unsigned int i;

	for (i = 0; i < sizeof(type) / sizeof(type[0]); i++)
		if (t[i]->present && (t[i]->flags & bit))
			ew_json_append(list,
				json_string(ew_field_name(type[i])), bad);
	for (i = 0; i < ev->nanc; i++) {
		if (ev->anc[i].path.flags & bit) {
			ew_json_append(list,
				json_string(ew_field_name(EW_F_ANCESTOR)), bad);
			break;
		}
	}
	return list;
}

static json_t *related(const struct ew_finding *f, int *bad)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < f->nrelated; i++)
		ew_json_append(list, json_string(f->related[i]), bad);
	return list;
}

/*
 * The rule's matcher and what it matched; for a script or program text
 * given to an interpreter, also which matcher (sha256 or content) and, for
 * a script, whether it came as an operand or on standard input.
 */
static json_t *evidence(const struct ew_exec_record *r, int *bad)
{
	json_t *e = json_pack("{s:s, s:o, s:o, s:b}",
			      "kind", ew_evidence_kind(r),
			      "pattern", ew_json_str(r->pattern),
			      "matched", ew_json_str(r->matched),
			      "truncated",
			      !!(r->hdr.flags & EW_EXEC_EVIDENCE_TRUNCATED));

	if (e && (r->hdr.flags & (EW_EXEC_SCRIPT | EW_EXEC_COMMAND)))
		ew_json_set(e, "matcher",
			    json_string(ew_match_kind_name(r->match_kind)),
			    bad);
	if (e && (r->hdr.flags & EW_EXEC_SCRIPT))
		ew_json_set(e, "scriptFrom",
			    json_string(r->hdr.flags & EW_EXEC_STDIN ?
					"stdin" : "operand"), bad);
	return e;
}

json_t *ew_scc_source_properties(const struct ew_finding *f)
{
	const struct ew_event *ev = f->ev;
	const struct ew_exec_record *r = ev->rec;
	json_t *sp = json_object(), *v;
	int bad = 0;

	ew_json_set(sp, "sequence", json_integer((json_int_t)r->hdr.seq), &bad);
	ew_json_set(sp, "bootId", ew_json_str(f->ident->boot_id), &bad);
	ew_json_set(sp, "execFailed",
		    json_boolean(r->hdr.flags & EW_EXEC_FAILED), &bad);
	ew_json_set(sp, "rule",
		    json_pack("{s:I, s:o, s:I}", "id", (json_int_t)r->rule_id,
			      "name", ew_json_str(r->rule),
			      "generation", (json_int_t)r->rules_generation),
		    &bad);
	ew_json_set(sp, "evidence", evidence(r, &bad), &bad);
	ew_json_set(sp, "action",
		    json_pack("{s:s, s:s}",
			      "taken", ew_action_name(r->action),
			      "rule", ew_action_name(r->rule_action)),
		    &bad);
	ew_json_set(sp, "process", process(ev, &bad), &bad);
	ew_json_set(sp, "identity", identity(r, &bad), &bad);
	ew_json_set(sp, "capabilities", capabilities(r->cap_effective, &bad), &bad);
	ew_json_set(sp, "seccomp", json_string(ew_seccomp_name(r->seccomp_mode)),
		    &bad);
	ew_json_set(sp, "noNewPrivs", json_boolean(r->no_new_privs), &bad);
	ew_json_set(sp, "namespaces", namespaces(r, &bad), &bad);
	if ((v = ew_scc_text(&ev->cgroup)))
		ew_json_set(sp, "cgroup", v, &bad);
	if ((v = ew_format_container(f, &bad)))
		ew_json_set(sp, "container", v, &bad);
	ew_json_set(sp, "ancestors", ancestors(ev, &bad), &bad);
	ew_json_set(sp, "relatedFindings", related(f, &bad), &bad);
	ew_json_set(sp, "truncatedFields",
		    fields_with(ev, EW_FIELD_TRUNCATED, &bad), &bad);
	ew_json_set(sp, "unreadableFields",
		    fields_with(ev, EW_FIELD_UNREADABLE, &bad), &bad);
	if (bad) {
		json_decref(sp);
		return NULL;
	}
	return sp;
}
