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
#include "rules/rules.h"

int ew_scc_text(struct ew_tb *b, const char *key, const struct ew_text *t)
{
	if (!t->present || (t->flags & EW_FIELD_UNREADABLE))
		return 0;
	ew_tb_memo(b, key, t->p, t->len);
	return 1;
}

/*
 * What a container, its user and the rule decide (namespaces, ids, the
 * rule's numbers) is part of the template's shape (json_tpl.h): a burst
 * from one container under one rule makes one template.
 */

/* An id that the user namespace does not map is -1 (the kernel's view). */
static void id_json(struct ew_tb *b, const char *key, __u32 id)
{
	ew_tb_int_fixed(b, key, id == (__u32)-1 ? -1 : (json_int_t)id);
}

static void identity(struct ew_tb *b, const struct ew_exec_record *r)
{
	ew_tb_obj(b, "identity");
	id_json(b, "uid", r->uid);
	id_json(b, "gid", r->gid);
	id_json(b, "euid", r->euid);
	id_json(b, "egid", r->egid);
	id_json(b, "loginuid", r->loginuid);
	id_json(b, "nsUid", r->ns_uid);
	id_json(b, "nsGid", r->ns_gid);
	id_json(b, "nsEuid", r->ns_euid);
	id_json(b, "nsEgid", r->ns_egid);
	ew_tb_end(b);
}

/* The mask decides the rest: made only for a template. */
static void capabilities(struct ew_tb *b, __u64 mask)
{
	char hex[24], name[32];
	unsigned int bit;

	ew_tb_shape(b, mask);
	ew_tb_obj(b, "capabilities");
	hex[0] = '0';
	hex[1] = 'x';
	ew_hex_u64(hex + 2, mask);
	hex[18] = '\0';
	ew_tb_fixed(b, "effective", hex);
	ew_tb_arr(b, "names");
	for (bit = 0; bit < 64; bit++)
		if ((mask >> bit) & 1)
			ew_tb_fixed(b, NULL, ew_tb_tree(b) ?
				    ew_cap_name(bit, name, sizeof(name)) : "");
	ew_tb_end(b);
	ew_tb_end(b);
}

static void namespaces(struct ew_tb *b, const struct ew_exec_record *r)
{
	unsigned int i;

	ew_tb_obj(b, "namespaces");
	for (i = 0; i < EW_NS_COUNT; i++) {
		ew_tb_obj(b, ew_ns_name(i));
		ew_tb_int_fixed(b, "inode", (json_int_t)r->ns_inum[i]);
		ew_tb_bool(b, "isHost", r->ns_host & (1u << i));
		ew_tb_end(b);
	}
	ew_tb_end(b);
}

static void ancestors(struct ew_tb *b, const struct ew_event *ev)
{
	unsigned int i;

	ew_tb_arr(b, "ancestors");
	for (i = 0; i < ev->nanc; i++) {
		const struct ew_event_ancestor *a = &ev->anc[i];

		ew_tb_obj(b, NULL);
		ew_tb_memo_int(b, "pid", (json_int_t)a->a->pid);
		ew_tb_memo_int(b, "nsPid", (json_int_t)a->a->ns_pid);
		ew_tb_memo_str(b, "name", a->a->comm);
		if (!ew_scc_text(b, "path", &a->path))
			ew_tb_const(b, "path", "");
		ew_tb_bool(b, "pathTruncated",
			   a->path.flags & EW_FIELD_TRUNCATED);
		ew_tb_end(b);
	}
	ew_tb_end(b);
}

/* The caller's view of the process: what only the record knows. */
static void process(struct ew_tb *b, const struct ew_event *ev)
{
	const struct ew_exec_record *r = ev->rec;

	ew_tb_obj(b, "process");
	ew_tb_int(b, "tid", (json_int_t)r->tid);
	ew_tb_int(b, "nsPid", (json_int_t)r->ns_pid);
	ew_tb_memo_int(b, "nsParentPid", (json_int_t)r->ns_ppid);
	ew_tb_memo_str(b, "callerName", r->caller_comm);
	ew_tb_memo_int(b, "argc", (json_int_t)r->argc);
	ew_scc_text(b, "filename", &ev->filename);
	ew_scc_text(b, "cwd", &ev->cwd);
	ew_tb_end(b);
}

/* Names of the fields whose flags have bit; "ancestor" once for all. */
static void fields_with(struct ew_tb *b, const char *key,
			const struct ew_event *ev, unsigned int bit)
{
	const struct ew_text *t[] = {
		&ev->path, &ev->filename, &ev->interp, &ev->argv, &ev->cwd,
		&ev->cgroup,
	};
	static const unsigned int type[] = {
		EW_F_PATH, EW_F_FILENAME, EW_F_INTERP, EW_F_ARGV, EW_F_CWD,
		EW_F_CGROUP,
	};
	unsigned int i;

	ew_tb_arr(b, key);
	for (i = 0; i < sizeof(type) / sizeof(type[0]); i++)
		if (t[i]->present && (t[i]->flags & bit))
			ew_tb_const(b, NULL, ew_field_name(type[i]));
	for (i = 0; i < ev->nanc; i++) {
		if (ev->anc[i].path.flags & bit) {
			ew_tb_const(b, NULL, ew_field_name(EW_F_ANCESTOR));
			break;
		}
	}
	ew_tb_end(b);
}

static void related(struct ew_tb *b, const struct ew_finding *f)
{
	size_t i;

	ew_tb_arr(b, "relatedFindings");
	for (i = 0; i < f->nrelated; i++)
		ew_tb_memo_str(b, NULL, f->related[i]);
	ew_tb_end(b);
}

/*
 * The rule's matcher and what it matched; for a script or program text
 * given to an interpreter, also which matcher (sha256 or content) and, for
 * a script, whether it came as an operand or on standard input.
 */
static void evidence(struct ew_tb *b, const struct ew_exec_record *r)
{
	ew_tb_obj(b, "evidence");
	ew_tb_const(b, "kind", ew_evidence_kind(r));
	ew_tb_memo_str(b, "pattern", r->pattern);
	ew_tb_memo_str(b, "matched", r->matched);
	ew_tb_bool(b, "truncated", r->hdr.flags & EW_EXEC_EVIDENCE_TRUNCATED);
	if (r->hdr.flags & (EW_EXEC_SCRIPT | EW_EXEC_COMMAND))
		ew_tb_const(b, "matcher", ew_match_kind_name(r->match_kind));
	if (r->hdr.flags & EW_EXEC_SCRIPT)
		ew_tb_const(b, "scriptFrom",
			    r->hdr.flags & EW_EXEC_STDIN ? "stdin" : "operand");
	ew_tb_end(b);
}

void ew_scc_source_properties(struct ew_tb *b, const struct ew_finding *f)
{
	const struct ew_event *ev = f->ev;
	const struct ew_exec_record *r = ev->rec;
	const char *boot = f->ident->boot_id;

	ew_tb_obj(b, "sourceProperties");
	ew_tb_int(b, "sequence", (json_int_t)r->hdr.seq);
	ew_tb_fixed_bytes(b, "bootId", boot, strlen(boot));
	ew_tb_bool(b, "execFailed", r->hdr.flags & EW_EXEC_FAILED);
	ew_tb_obj(b, "rule");
	ew_tb_int_fixed(b, "id", (json_int_t)r->rule_id);
	ew_tb_memo_str(b, "name", r->rule);
	ew_tb_int_fixed(b, "generation", (json_int_t)r->rules_generation);
	ew_tb_end(b);
	evidence(b, r);
	ew_tb_obj(b, "action");
	ew_tb_const(b, "taken", ew_action_name(r->action));
	ew_tb_const(b, "rule", ew_action_name(r->rule_action));
	ew_tb_end(b);
	process(b, ev);
	identity(b, r);
	capabilities(b, r->cap_effective);
	ew_tb_const(b, "seccomp", ew_seccomp_name(r->seccomp_mode));
	ew_tb_bool(b, "noNewPrivs", r->no_new_privs);
	namespaces(b, r);
	ew_scc_text(b, "cgroup", &ev->cgroup);
	ew_format_container(b, "container", f);
	ancestors(b, ev);
	related(b, f);
	fields_with(b, "truncatedFields", ev, EW_FIELD_TRUNCATED);
	fields_with(b, "unreadableFields", ev, EW_FIELD_UNREADABLE);
	ew_tb_end(b);
}
