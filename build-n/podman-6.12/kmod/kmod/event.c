// SPDX-License-Identifier: GPL-2.0
/*
 * The record of an exec that matched a rule, in two steps: ew_event_begin()
 * when the exec is checked (what file, who asks, from where), and
 * ew_event_complete() once it has happened (the new program's arguments,
 * its interpreter, the credentials it runs with).  Records are built in a
 * per-CPU area and copied out at their exact size, with an atomic
 * allocation: on failure the caller queues a gap instead of a record.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "ew.h"

/**
 * struct ew_scratch - one CPU's room for building a record
 * @tmp: a path, as d_path() writes it
 * @room: bytes at @rec
 * @rec: the record being built
 */
struct ew_scratch {
	char tmp[EW_PATH_MAX];
	size_t room;
	u8 rec[] __aligned(8);
};

static DEFINE_PER_CPU(struct ew_scratch *, ew_scratch);

/* The largest record: every field at its bound. */
static size_t ew_record_room(unsigned int argv_max)
{
	return sizeof(struct ew_exec_record) +
	       5 * (sizeof(struct ew_field) + EW_PATH_MAX) +
	       EW_ANCESTORS_MAX * (sizeof(struct ew_field) +
				   sizeof(struct ew_ancestor) +
				   ALIGN(EW_ANCESTOR_PATH_MAX, 8)) +
	       sizeof(struct ew_field) + ALIGN(argv_max + 1, 8);
}

/**
 * ew_event_init() - allocate each CPU's room for building records
 * @argv_max: bytes of a command line a record carries, at most (hook.c's
 *	argv_max, already clamped)
 *
 * Return: 0 or -ENOMEM.
 */
int ew_event_init(unsigned int argv_max)
{
	size_t room = ew_record_room(argv_max);
	int cpu;

	for_each_possible_cpu(cpu) {
		struct ew_scratch *s;

		s = kvmalloc(sizeof(*s) + room, GFP_KERNEL);
		if (!s)
			goto fail;
		s->room = room;
		per_cpu(ew_scratch, cpu) = s;
	}
	return 0;
fail:
	ew_event_exit();
	return -ENOMEM;
}

void ew_event_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		kvfree(per_cpu(ew_scratch, cpu));
		per_cpu(ew_scratch, cpu) = NULL;
	}
}

static struct ew_scratch *ew_scratch_begin(struct ew_builder *b)
{
	struct ew_scratch *s = this_cpu_read(ew_scratch);

	b->buf = s->rec;
	b->room = s->room;
	b->len = sizeof(struct ew_exec_record);
	memset(b->buf, 0, b->len);
	return s;
}

/* Copy the built record out at its size; NULL when memory is short. */
static struct ew_exec_record *ew_scratch_copy(struct ew_builder *b)
{
	struct ew_exec_record *rec;

	rec = kmalloc(b->len, GFP_ATOMIC | __GFP_NOWARN);
	if (!rec)
		return NULL;
	memcpy(rec, b->buf, b->len);
	rec->hdr.size = b->len;
	rec->hdr.type = EW_REC_EXEC;
	return rec;
}

static void ew_put_file(struct ew_builder *b, u16 type, const struct file *f,
			char *tmp)
{
	ew_put_path(b, type, d_path(&f->f_path, tmp, EW_PATH_MAX),
		    EW_PATH_MAX);
}

/**
 * ew_event_begin() - start the record of an exec as it is checked
 * @bprm: the exec, in its first round
 * @v: the rule it matched, or NULL when only its file's hash and content
 *	can tell
 * @facts: the file's hash, or NULL when it is not known yet
 *
 * Context: exec path, preemption disabled; does not sleep.
 * Return: the record, with the caller's identity, for ew_event_complete()
 * or ew_event_fail(); NULL when memory could not be allocated.
 */
struct ew_exec_record *ew_event_begin(struct linux_binprm *bprm,
				      const struct ew_verdict *v,
				      const struct ew_scan_facts *facts)
{
	struct ew_exec_record *rec;
	struct ew_scratch *s;
	struct ew_builder b;

	s = ew_scratch_begin(&b);
	rec = (struct ew_exec_record *)b.buf;
	rec->boot_ns = ktime_get_boottime_ns();
	rec->real_ns = ktime_get_real_ns();
	rec->file_size = i_size_read(file_inode(bprm->file));
	ew_context_process(rec);
	ew_context_namespaces(rec);
	ew_context_identity(rec);
	memcpy(rec->caller_comm, rec->comm, sizeof(rec->comm));
	if (v)
		ew_event_finish(rec, v);
	if (facts)
		ew_event_set_facts(rec, facts);

	ew_put_file(&b, EW_F_PATH, bprm->file, s->tmp);
	ew_put_field(&b, EW_F_FILENAME,
		     strlen(bprm->filename) > EW_PATH_MAX ?
		     EW_FIELD_TRUNCATED : 0, NULL, 0, bprm->filename,
		     strnlen(bprm->filename, EW_PATH_MAX));
	ew_context_fields(&b, s->tmp);
	return ew_scratch_copy(&b);
}

/**
 * ew_event_complete() - add what the exec changed, once it has happened
 * @rec: the record begun when the exec was checked; freed
 * @bprm: the exec, which has succeeded
 * @first: the file checked in the first round (compared, not used)
 * @argv: the new command line, or NULL when it could not be read
 *
 * Context: the exec's return to user space (defer.c), preemption disabled.
 * Return: the completed record, NULL when memory could not be allocated.
 */
struct ew_exec_record *ew_event_complete(struct ew_exec_record *rec,
					 struct linux_binprm *bprm,
					 const struct file *first,
					 const struct ew_argv *argv)
{
	struct ew_exec_record *out;
	struct ew_scratch *s;
	struct ew_builder b;

	s = ew_scratch_begin(&b);
	if (WARN_ON_ONCE(rec->hdr.size > b.room)) {
		kfree(rec);
		return NULL;
	}
	memcpy(b.buf, rec, rec->hdr.size);
	b.len = rec->hdr.size;
	kfree(rec);
	out = (struct ew_exec_record *)b.buf;
	ew_context_identity(out);
	out->argc = bprm->argc;
	/* binfmt_script and binfmt_misc put the interpreter in bprm->file. */
	if (bprm->file != first)
		ew_put_file(&b, EW_F_INTERP, bprm->file, s->tmp);
	if (argv)
		ew_put_field(&b, EW_F_ARGV,
			     argv->truncated ? EW_FIELD_TRUNCATED : 0, NULL, 0,
			     argv->buf, argv->len);
	else
		ew_put_field(&b, EW_F_ARGV, EW_FIELD_UNREADABLE, NULL, 0, "",
			     0);
	return ew_scratch_copy(&b);
}

/**
 * ew_event_fail() - mark a record whose exec was not seen to complete
 * @rec: the record begun when the exec was checked
 */
void ew_event_fail(struct ew_exec_record *rec)
{
	rec->hdr.flags |= EW_EXEC_FAILED;
}

/* Copy @src into zeroed @dst; true when it had to be cut. */
static bool ew_copy_str(char *dst, const char *src, size_t size)
{
	ssize_t n = strscpy(dst, src, size);

	return n < 0;
}

/**
 * ew_event_finish() - add the rule and the evidence to a record
 * @rec: the record
 * @v: the rule, matcher and matched string
 *
 * Context: any; does not sleep.
 */
void ew_event_finish(struct ew_exec_record *rec, const struct ew_verdict *v)
{
	bool cut;

	rec->rules_generation = v->generation;
	rec->rule_id = v->rule->id;
	rec->severity = v->rule->severity;
	rec->match_kind = v->matcher->kind;
	rec->rule_action = v->rule->action;
	ew_copy_str(rec->rule, v->rule_name, sizeof(rec->rule));
	cut = ew_copy_str(rec->pattern, v->pattern, sizeof(rec->pattern));
	cut |= ew_copy_str(rec->matched, v->matched, sizeof(rec->matched));
	if (cut)
		rec->hdr.flags |= EW_EXEC_EVIDENCE_TRUNCATED;
}

/**
 * ew_event_set_facts() - add the file's hash to a record
 * @rec: the record
 * @facts: what reading the file found
 */
void ew_event_set_facts(struct ew_exec_record *rec,
			const struct ew_scan_facts *facts)
{
	memcpy(rec->sha256, facts->digest, sizeof(rec->sha256));
	rec->hashed_size = facts->hashed;
	rec->hdr.flags |= EW_EXEC_HASHED;
	if (facts->partial)
		rec->hdr.flags |= EW_EXEC_PARTIAL;
}
