/* SPDX-License-Identifier: GPL-2.0 */
/*
 * escapewatch internals.  An exec enters in attach.c, is scoped in hook.c
 * and judged in match.c against the rules in force (ruleset.c, validated by
 * rules_blob.c and rules_content.c), an interpreter's script found by
 * interp.c and read by script.c, becomes a record in event.c (with
 * context.c, its fields framed by field.c) that waits in pending.c for the
 * exec to complete, which defer.c sees in the task's own context, is sent
 * on by dispatch.c, through scan.c for the file's hash and content (the
 * content strings walked by content.c), waits in queue.c and leaves
 * through device.c.  Every stage counts in counters.c; stats.c reads the
 * counts.
 *
 * Calls between the files go one way: none calls back into a file that
 * calls it.  From the top: main.c, device.c, attach.c, stats.c, defer.c,
 * hook.c, script.c, pending.c, dispatch.c, scan.c, ruleset.c, content.c,
 * queue.c, match.c, event.c, enforce.c, rules_blob.c, rules_content.c,
 * argv.c, interp.c, context.c, counters.c and field.c; each calls only
 * files after it in this list.
 */
#ifndef _EW_H
#define _EW_H

#include <linux/binfmts.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "../include/uapi/escapewatch.h"
#include "rules_blob.h"

struct file;
struct task_struct;

/* hook.c: the body of the bprm_check_security hook */
int ew_bprm_check_security(struct linux_binprm *bprm);

/* attach.c: attach the hook to the exec path */
void ew_attach(void);
void ew_detach(void);

/* hook.c */
int ew_hook_init(void);
void ew_hook_exit(void);
bool ew_current_examined(void);
int ew_bprm_check_sleepable(struct linux_binprm *bprm);
void ew_bprm_exec_done(struct linux_binprm *bprm);
bool ew_bprm_end_needed(struct linux_binprm *bprm);

/* defer.c: the end of an exec, in task context */
void ew_defer_arm(struct linux_binprm *bprm);
bool ew_defer_round(struct linux_binprm *bprm);

/**
 * struct ew_scan_facts - what reading an executed file found
 * @digest: SHA-256 of its first @hashed bytes
 * @hex: @digest in lowercase hex
 * @hashed: bytes hashed and searched
 * @partial: the file is longer than @hashed
 * @content_first: the lowest matcher, by index, of the content matchers
 *	whose string the file holds (the only one ew_match() can report), or
 *	EW_CONTENT_NONE
 * @generation: the rules @content_first is for
 */
struct ew_scan_facts {
	u8 digest[32];
	char hex[65];
	u64 hashed;
	bool partial;
	u32 content_first;
	u64 generation;
};

/**
 * struct ew_match_table - matcher indices by the hash of a key (match.c)
 * @mask: number of buckets less one (a power of two less one)
 * @start: @mask + 2 offsets: bucket b is @ent[@start[b]..@start[b + 1])
 * @ent: matcher indices, ascending within a bucket
 */
struct ew_match_table {
	u32 mask;
	u32 *start;
	u32 *ent;
};

/**
 * struct ew_match_index - where ew_match() looks first, built when the
 *	rules are installed (match.c)
 * @rule_of: for each matcher, the index of its rule, or U32_MAX when no
 *	rule has it
 * @exact: name, argv and path matchers whose pattern has no glob
 *	metacharacter, by the pattern; SHA-256 matchers by their digest
 * @affix: the other name, argv and path matchers, by up to
 *	EW_MATCH_AFFIX_MAX bytes of the literal start or end of their pattern
 * @rest: the matchers in neither table (fileless, globs with
 *	no literal start or end), ascending; content matchers are in none:
 *	the scan names the first that hits (struct ew_scan_facts)
 * @nrest: how many
 * @affixes: bit (kind - 1) * 8 + (suffix ? 4 : 0) + length - 1 set for
 *	each kind of key (name, path) and length of start or end that
 *	@affix has, so that an exec probes only those
 * @bytes: memory the index takes
 *
 * Also in the tables and the rest, after the matchers (nmatchers + i):
 * each glob that names interpreter i or its multi-call program.
 */
struct ew_match_index {
	u32 *rule_of;
	struct ew_match_table exact;
	struct ew_match_table affix;
	u32 *rest;
	u32 nrest;
	u32 affixes;
	size_t bytes;
};

/**
 * struct ew_ruleset - a validated rules blob in force
 * @generation: 1 for the built-in rules, one more for each load
 * @v: the blob's parts
 * @needs_path: some matcher looks at more than names
 * @needs_argv: some matcher looks at the command line (argv, or a name,
 *	which argv[0] can have)
 * @needs_scan: some matcher looks at the file's hash or content
 * @argv_acts: some rule that denies or kills has a matcher that looks at
 *	the command line
 * @scan_acts: some rule that denies or kills has a matcher that looks at
 *	the file's hash or content
 * @needs_script: the rules list interpreters, and matchers that look at
 *	hashes or content, which judge the scripts given to them
 * @ac_dense: the content automaton's states of depth 0 and 1 as full
 *	rows, 256 next states each (content.c)
 * @ac_ndense: how many rows: the states below it have one
 * @ix: the matchers indexed for ew_match()
 * @size: size of @blob
 * @blob: the blob as loaded
 */
struct ew_ruleset {
	u64 generation;
	struct ew_rules_view v;
	bool needs_path;
	bool needs_argv;
	bool needs_scan;
	bool argv_acts;
	bool scan_acts;
	bool needs_script;
	u32 *ac_dense;
	u32 ac_ndense;
	struct ew_match_index ix;
	size_t size;
	u8 blob[] __aligned(8);
};

/* ruleset.c */
int ew_ruleset_init(void);
void ew_ruleset_exit(void);
int ew_ruleset_load_user(const void __user *data, u32 size, u64 *generation);
int ew_ruleset_get_user(void __user *data, u32 *size, u64 *generation);
void ew_ruleset_counts(u64 *generation, u32 *nrules);
const struct ew_ruleset *ew_ruleset_current(void);
const struct ew_ruleset *ew_ruleset_hold(int *idx);
void ew_ruleset_release(int idx);

/**
 * struct ew_argv - a command line as the new program sees it
 * @buf: argv[0], NUL, argv[1], NUL, ...: every string NUL-terminated
 * @len: bytes in @buf, 0 for an empty command line
 * @joined: the same arguments separated by spaces, for the evidence
 * @truncated: the command line is longer than ew_argv_max bytes
 */
struct ew_argv {
	const char *buf;
	size_t len;
	const char *joined;
	bool truncated;
};

/* hook.c: bytes of a command line read, at most (module parameter) */
extern unsigned int ew_argv_max;

/**
 * enum ew_script_kind - what an interpreter's command line gives it to run
 * @EW_SCRIPT_NONE: nothing to read (python3 -m, a name cut short)
 * @EW_SCRIPT_FILE: a script file, named by an operand
 * @EW_SCRIPT_STDIN: standard input (sh, sh -s, sh -)
 * @EW_SCRIPT_TEXT: program text on the command line (sh -c TEXT)
 */
enum ew_script_kind {
	EW_SCRIPT_NONE,
	EW_SCRIPT_FILE,
	EW_SCRIPT_STDIN,
	EW_SCRIPT_TEXT,
};

/**
 * struct ew_script_ref - the script found on a command line
 * @kind: what it is
 * @arg: for EW_SCRIPT_FILE the operand, for EW_SCRIPT_TEXT the text; in
 *	the command line, NUL-terminated
 */
struct ew_script_ref {
	enum ew_script_kind kind;
	const char *arg;
};

/* interp.c: an interpreter's command line */
bool ew_interp_named(const struct ew_rules_view *v, const struct ew_interp *in,
		     const char *name);
const struct ew_interp *ew_interp_find(const struct ew_ruleset *rs,
				       const char *const names[2],
				       const struct ew_argv *a,
				       const char **first);
void ew_interp_script(const struct ew_ruleset *rs, const struct ew_interp *in,
		      const struct ew_argv *a, const char *first,
		      struct ew_script_ref *out);

/**
 * struct ew_script - a script to read, between the exec's command line and
 *	the opening of the script
 * @kind: EW_SCRIPT_FILE or EW_SCRIPT_STDIN; EW_SCRIPT_NONE for nothing
 * @name: for EW_SCRIPT_FILE, the operand as written (allocated)
 */
struct ew_script {
	enum ew_script_kind kind;
	char *name;
};

/* script.c: the script an interpreter is given, read and judged */
int ew_script_find(struct linux_binprm *bprm, const struct ew_ruleset *rs,
		   const struct ew_argv *argv, struct ew_script *sc);
struct file *ew_script_open(struct ew_script *sc);
struct ew_exec_record *ew_script_judge(struct linux_binprm *bprm,
				       const struct ew_ruleset *rs,
				       struct file *script,
				       const struct ew_script *sc,
				       const struct ew_argv *argv);
void ew_script_judge_now(struct file *script, struct ew_exec_record *rec);

/* dispatch.c: a record to the scanner or the queue */
void ew_dispatch(struct ew_exec_record *rec, struct file *file, bool matched);

/**
 * struct ew_subject - what the rules look at in one exec
 * @names: the last component of the path as requested, the name of the
 *	file it resolved to, and the last component of argv[0];
 *	NUL-terminated, any may be NULL
 * @path: the resolved path, or NULL when no rule needs it
 * @fileless: the file has no path on a filesystem (memfd, deleted)
 * @argv: the command line, or NULL before the exec has happened; argv
 *	matchers only match when it is there
 * @facts: the file's hash and content, or NULL while they are not known
 */
struct ew_subject {
	const char *names[3];
	const char *path;
	bool fileless;
	const struct ew_argv *argv;
	const struct ew_scan_facts *facts;
};

/**
 * struct ew_verdict - the rule an exec matched, and why
 * @rule: the rule
 * @matcher: its matcher that matched
 * @rule_name: the rule's name
 * @pattern: the matcher as written
 * @matched: the name, path or command line the matcher matched
 * @generation: generation of the rule set
 *
 * Points into the rule set and the subject: valid while both are.
 */
struct ew_verdict {
	const struct ew_rule_desc *rule;
	const struct ew_matcher *matcher;
	const char *rule_name;
	const char *pattern;
	const char *matched;
	u64 generation;
};

/* match.c */
int ew_match_index_build(struct ew_ruleset *rs);
void ew_match_index_free(struct ew_ruleset *rs);
bool ew_match(const struct ew_ruleset *rs, const struct ew_subject *s,
	      struct ew_verdict *out);
bool ew_match_end_needed(const struct ew_ruleset *rs,
			 const char *const names[3]);

/* argv.c */
bool ew_argv_match(const struct ew_rules_view *v, const struct ew_matcher *m,
		   const struct ew_argv *a);
bool ew_argv0_name(const struct linux_binprm *bprm, char *buf, size_t size);

/**
 * struct ew_builder - a record being built
 * @buf: the record
 * @len: bytes used, a multiple of 8
 * @room: bytes at @buf
 */
struct ew_builder {
	u8 *buf;
	size_t len;
	size_t room;
};

/* field.c: a record's fields, framed and padded */
void ew_put_field(struct ew_builder *b, u16 type, u16 flags,
		  const void *head, size_t hlen, const void *val, size_t len);
void ew_put_path(struct ew_builder *b, u16 type, const char *p, size_t max);

/* enforce.c: audit or enforce, and the actions */
void ew_enforce_init(void);
bool ew_locked(void);
u32 ew_mode_get(void);
int ew_mode_set(u32 mode);
bool ew_fail_closed(void);
u8 ew_enforce_check(const struct ew_rule_desc *rule);
void ew_enforce_done(struct ew_exec_record *rec, u8 action);
bool ew_enforce_failed(bool acting);

/* event.c */
int ew_event_init(unsigned int argv_max);
void ew_event_exit(void);
struct ew_exec_record *ew_event_begin(struct linux_binprm *bprm,
				      const struct ew_verdict *v,
				      const struct ew_scan_facts *facts);
struct ew_exec_record *ew_event_complete(struct ew_exec_record *rec,
					 struct linux_binprm *bprm,
					 const struct file *first,
					 const struct ew_argv *argv);
void ew_event_fail(struct ew_exec_record *rec);
void ew_event_finish(struct ew_exec_record *rec, const struct ew_verdict *v);
void ew_event_set_facts(struct ew_exec_record *rec,
			const struct ew_scan_facts *facts);

/* context.c: who, where and from where, for a record */
void ew_context_namespaces(struct ew_exec_record *rec);
void ew_context_process(struct ew_exec_record *rec);
void ew_context_identity(struct ew_exec_record *rec);
void ew_context_fields(struct ew_builder *b, char *tmp);

/**
 * struct ew_pending - the record of an exec checked but not done yet
 * @rec: the record, NULL for a free slot
 * @file: the file checked, referenced
 * @task: the task that execs; compared, never dereferenced
 * @exec_id: its self_exec_id at the check
 * @matched: a rule matched; otherwise the scanner judges
 * @since: boot time the record began to wait here; its exec may be
 *	earlier (a file read before the exec went on)
 */
struct ew_pending {
	struct ew_exec_record *rec;
	struct file *file;
	const struct task_struct *task;
	u64 exec_id;
	u64 since;
	bool matched;
};

/* pending.c */
void ew_pending_add(struct ew_exec_record *rec, struct file *file,
		    bool matched);
void ew_pending_flush(void);
bool ew_pending_take(struct ew_pending *out);
bool ew_pending_mine(void);
bool ew_pending_take_unjudged(struct ew_pending *out);
void ew_pending_exit(void);
u32 ew_pending_waiting(void);

/* scan.c */
int ew_scan_init(void);
void ew_scan_exit(void);
u32 ew_scan_waiting(void);
bool ew_scan_lookup(const struct file *file, struct ew_scan_facts *facts);
void ew_scan_queue(struct file *file, struct ew_exec_record *rec, bool judge);
int ew_scan_judge_now(struct file *file, struct ew_exec_record *rec,
		      u8 *action);
/* content.c: all content strings at once, one automaton */
int ew_content_prepare(struct ew_ruleset *rs);
void ew_content_free(struct ew_ruleset *rs);
void ew_content_walk(const struct ew_ruleset *rs, u32 *state, const u8 *buf,
		     size_t len, u32 *first);

/**
 * struct ew_queue - bounded queue of records with per-reader positions
 * @lock: protects every field below
 * @wait: readers waiting for @head to move
 * @slot: @mask + 1 record pointers; NULL marks a record that could not be
 *	allocated but still took its sequence number
 * @mask: number of slots minus one (a power of two minus one)
 * @head: sequence number the next record gets
 * @tail: sequence number of the oldest record kept
 * @overwritten: records dropped to make room
 */
struct ew_queue {
	spinlock_t lock; /* protects every field below */
	wait_queue_head_t wait;
	struct ew_record_header **slot;
	u32 mask;
	u64 head;
	u64 tail;
	u64 overwritten;
};

/* queue.c: a queue, and the module's one (ew_queue) */
extern struct ew_queue ew_queue;
int ew_queue_init(struct ew_queue *q, u32 len);
void ew_queue_destroy(struct ew_queue *q);
void ew_queue_push(struct ew_queue *q, struct ew_record_header *rec);
int ew_queue_fetch(struct ew_queue *q, u64 *pos, void *buf, size_t size);
bool ew_queue_pending(struct ew_queue *q, u64 pos);
void ew_queue_counts(struct ew_queue *q, u64 *head, u64 *tail,
		     u64 *overwritten);

/* device.c */
int ew_device_register(void);
void ew_device_unregister(void);

/* stats.c */
void ew_stats_fill(struct ew_stats *st);
int ew_stats_register(void);
void ew_stats_unregister(void);

/**
 * struct ew_counters - per-CPU counters, summed on demand
 * @examined: execs by tasks outside the initial namespaces
 * @nomem: records that could not be allocated
 * @argv_faults: command lines that could not be read without faulting
 * @scans: files read for their hash and content
 * @scan_hits: execs whose file's hash and content were known already
 * @scan_errors: files that could not be read or queued
 * @exec_failed: records of execs not seen to complete
 * @denied: execs denied
 * @killed: processes killed after their exec
 * @failed_open: execs let run in enforce mode that a rule which acts might
 *	have stopped, had an error of the module's own not kept it from
 *	judging them
 * @failed_closed: the same, stopped instead (fail_closed=1)
 * @scripts: scripts given to an interpreter that were judged: files,
 *	standard input, program text
 * @scripts_skipped: script operands that could not be judged: missing,
 *	not a regular file, unreadable, or too long a name
 */
struct ew_counters {
	u64 examined;
	u64 nomem;
	u64 argv_faults;
	u64 scans;
	u64 scan_hits;
	u64 scan_errors;
	u64 exec_failed;
	u64 denied;
	u64 killed;
	u64 failed_open;
	u64 failed_closed;
	u64 scripts;
	u64 scripts_skipped;
};

/* counters.c */
DECLARE_PER_CPU(struct ew_counters, ew_counters);
u64 ew_counter_sum(size_t offset);

/*
 * tests/recgen/recgen.c: the record generator, in test builds only (kbuild
 * given EW_RECGEN=y: see Kbuild); the module that ships has these stubs.
 */
#ifdef EW_RECGEN
int ew_recgen_init(void);
void ew_recgen_exit(void);
#else
static inline int ew_recgen_init(void)
{
	return 0;
}

static inline void ew_recgen_exit(void)
{
}
#endif

#endif /* _EW_H */
