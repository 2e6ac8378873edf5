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
#include "format/json_tpl.h"

/*
 * What a container, its user and the rule decide (namespaces, ids, the
 * rule's numbers, flags) is part of the template's shape (json_tpl.h): a
 * burst from one container under one rule makes one template.
 */
static void ns_inodes(struct ew_tb *b, const struct ew_exec_record *r)
{
	unsigned int i;

	ew_tb_obj(b, "nsInum");
	for (i = 0; i < EW_NS_COUNT; i++)
		ew_tb_int_fixed(b, ew_ns_name(i), r->ns_inum[i]);
	ew_tb_end(b);
}

static void text_field(struct ew_tb *b, unsigned int type,
		       const struct ew_text *t)
{
	ew_tb_obj(b, NULL);
	ew_tb_const(b, "type", ew_field_name(type));
	ew_tb_int_fixed(b, "flags", (int)t->flags);
	ew_tb_memo(b, "value", t->p, t->len);
	ew_tb_end(b);
}

static void argv_field(struct ew_tb *b, const struct ew_text *t)
{
	struct ew_text arg;
	size_t off = 0;

	ew_tb_obj(b, NULL);
	ew_tb_const(b, "type", "argv");
	ew_tb_int_fixed(b, "flags", (int)t->flags);
	ew_tb_arr(b, "value");
	while (ew_argv_next(t, &off, &arg))
		ew_tb_memo(b, NULL, arg.p, arg.len);
	ew_tb_end(b);
	ew_tb_end(b);
}

static void fields(struct ew_tb *b, const struct ew_event *ev)
{
	const struct ew_text *t[] = {
		[EW_F_PATH] = &ev->path, [EW_F_FILENAME] = &ev->filename,
		[EW_F_INTERP] = &ev->interp, [EW_F_ARGV] = &ev->argv,
		[EW_F_CWD] = &ev->cwd, [EW_F_CGROUP] = &ev->cgroup,
	};
	unsigned int i;

	ew_tb_arr(b, "fields");
	for (i = EW_F_PATH; i <= EW_F_CGROUP; i++) {
		if (!t[i]->present)
			continue;
		if (i == EW_F_ARGV)
			argv_field(b, t[i]);
		else
			text_field(b, i, t[i]);
	}
	for (i = 0; i < ev->nanc; i++) {
		const struct ew_event_ancestor *a = &ev->anc[i];

		ew_tb_obj(b, NULL);
		ew_tb_const(b, "type", "ancestor");
		ew_tb_int_fixed(b, "flags", (int)a->path.flags);
		ew_tb_memo_int(b, "pid", (json_int_t)a->a->pid);
		ew_tb_memo_int(b, "nsPid", (json_int_t)a->a->ns_pid);
		ew_tb_memo_str(b, "comm", a->a->comm);
		ew_tb_memo(b, "path", a->path.p, a->path.len);
		ew_tb_end(b);
	}
	ew_tb_end(b);
}

static void creds(struct ew_tb *b, const struct ew_exec_record *r)
{
	ew_tb_obj(b, "creds");
	ew_tb_int_fixed(b, "uid", (json_int_t)r->uid);
	ew_tb_int_fixed(b, "gid", (json_int_t)r->gid);
	ew_tb_int_fixed(b, "euid", (json_int_t)r->euid);
	ew_tb_int_fixed(b, "egid", (json_int_t)r->egid);
	ew_tb_int_fixed(b, "loginuid", (json_int_t)r->loginuid);
	ew_tb_int_fixed(b, "nsUid", (json_int_t)r->ns_uid);
	ew_tb_int_fixed(b, "nsGid", (json_int_t)r->ns_gid);
	ew_tb_int_fixed(b, "nsEuid", (json_int_t)r->ns_euid);
	ew_tb_int_fixed(b, "nsEgid", (json_int_t)r->ns_egid);
	ew_tb_end(b);
}

static void build(struct ew_tb *b, const void *arg)
{
	const struct ew_finding *f = arg;
	const struct ew_exec_record *r = f->ev->rec;
	char when[64], hex[65], caps[24];

	ew_hex_bytes(hex, r->sha256, 32);
	ew_tb_obj(b, NULL);
	ew_tb_const(b, "kind", "exec");
	ew_tb_text(b, "id", f->id);
	ew_tb_int(b, "seq", (json_int_t)r->hdr.seq);
	ew_tb_int_fixed(b, "flags", r->hdr.flags);
	ew_tb_text(b, "time", ew_rfc3339(r->real_ns, when, sizeof(when)));
	ew_tb_int(b, "realNs", (json_int_t)r->real_ns);
	ew_tb_int(b, "bootNs", (json_int_t)r->boot_ns);
	ew_tb_int_fixed(b, "rulesGeneration", (json_int_t)r->rules_generation);
	caps[0] = '0';
	caps[1] = 'x';
	ew_hex_u64(caps + 2, r->cap_effective);
	caps[18] = '\0';
	ew_tb_memo_str(b, "capEffective", caps);
	ew_tb_int_fixed(b, "fileSize", (json_int_t)r->file_size);
	ew_tb_int_fixed(b, "hashedSize", (json_int_t)r->hashed_size);
	ew_tb_memo_str(b, "sha256", hex);
	ew_tb_int(b, "pid", r->pid);
	ew_tb_int(b, "tid", r->tid);
	ew_tb_memo_int(b, "ppid", r->ppid);
	ew_tb_int(b, "nsPid", r->ns_pid);
	ew_tb_memo_int(b, "nsPpid", r->ns_ppid);
	creds(b, r);
	ns_inodes(b, r);
	ew_tb_int_fixed(b, "nsHost", r->ns_host);
	ew_tb_int_fixed(b, "ruleId", r->rule_id);
	ew_tb_memo_int(b, "argc", r->argc);
	ew_tb_int_fixed(b, "severity", r->severity);
	ew_tb_int_fixed(b, "matchKind", r->match_kind);
	ew_tb_int_fixed(b, "seccompMode", r->seccomp_mode);
	ew_tb_int_fixed(b, "noNewPrivs", r->no_new_privs);
	ew_tb_int_fixed(b, "action", r->action);
	ew_tb_int_fixed(b, "ruleAction", r->rule_action);
	ew_tb_memo_str(b, "comm", r->comm);
	ew_tb_memo_str(b, "callerComm", r->caller_comm);
	ew_tb_memo_str(b, "rule", r->rule);
	ew_tb_memo_str(b, "pattern", r->pattern);
	ew_tb_memo_str(b, "matched", r->matched);
	fields(b, f->ev);
	ew_tb_int_fixed(b, "unknownFields", f->ev->nunknown);
	ew_format_container(b, "container", f);
	ew_tb_end(b);
}

/* The json format's templates (json_tpl.h); ew_format_json_reset() empties. */
static struct ew_tpl templates;

char *ew_format_json(const struct ew_finding *f)
{
	return ew_tpl_dup(&templates, build, f);
}

void ew_format_json_reset(void)
{
	ew_tpl_clear(&templates);
}
