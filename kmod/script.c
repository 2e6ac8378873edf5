// SPDX-License-Identifier: GPL-2.0
/*
 * The script an interpreter is given, judged by the same sha256 and content
 * lines as an executed file.  When the exec of an interpreter returns to
 * user space (hook.c's ew_bprm_exec_done()), before it runs, its command
 * line says what it will run (interp.c):
 *
 * - program text (sh -c TEXT) is searched for content strings at once;
 * - a script file, or standard input when it is a regular file, is opened
 *   in the task itself, as the interpreter would open it: relative to its
 *   working directory, in its root and mount namespace, with its
 *   credentials.  The record is begun there, then judged from scan.c's
 *   cache or by its worker; in enforce mode, with a rule that acts on
 *   hashes or content, the task reads the file itself before it goes on.
 *
 * A record of a script has the script as its file and the interpreter as
 * EW_F_INTERP, as for a "#!" script, and the flag EW_EXEC_SCRIPT.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ew.h"

/*
 * Program text on the command line: searched for the rules' content
 * strings, and reported at once on a match.  Returns 1 when reported.
 */
static int ew_script_text(struct linux_binprm *bprm,
			  const struct ew_ruleset *rs,
			  const struct ew_argv *argv, const char *text)
{
	struct ew_scan_facts facts = {};
	struct ew_subject s = { .facts = &facts };
	struct ew_exec_record *rec;
	struct ew_verdict v;
	u32 state = 0;

	this_cpu_inc(ew_counters.scripts);
	/* No hash: facts.hex is empty, which no sha256 line matches. */
	facts.content_first = EW_CONTENT_NONE;
	ew_content_walk(rs, &state, (const u8 *)text, strlen(text),
			&facts.content_first);
	if (facts.content_first == EW_CONTENT_NONE || !ew_match(rs, &s, &v))
		return 0;
	rec = ew_event_begin(bprm, &v, NULL);
	if (rec) {
		rec->hdr.flags |= EW_EXEC_COMMAND;
		rec = ew_event_complete(rec, bprm, bprm->file, argv);
	}
	ew_enforce_done(rec, v.rule->action);
	ew_dispatch(rec, bprm->file, true);
	return 1;
}

/**
 * ew_script_find() - the script an interpreter's exec was given
 * @bprm: the exec, done (defer.c's stand-in: filename, file)
 * @rs: the rules, which list interpreters
 * @argv: the new command line
 * @sc: set to the script to open after the caller's locks, if any
 *
 * Program text is judged here and reported at once.
 *
 * Context: the exec's return to user space, with this CPU's buffers held;
 * does not sleep.
 * Return: 1 when the exec was reported (its program text matched), else 0.
 */
int ew_script_find(struct linux_binprm *bprm, const struct ew_ruleset *rs,
		   const struct ew_argv *argv, struct ew_script *sc)
{
	const struct ew_interp *in;
	struct name_snapshot name;
	struct ew_script_ref ref = {};
	const char *names[2], *first;

	sc->kind = EW_SCRIPT_NONE;
	sc->name = NULL;
	take_dentry_name_snapshot(&name, bprm->file->f_path.dentry);
	names[0] = kbasename(bprm->filename);
	names[1] = name.name.name;
	in = ew_interp_find(rs, names, argv, &first);
	if (in)
		ew_interp_script(rs, in, argv, first, &ref);
	release_dentry_name_snapshot(&name);

	switch (ref.kind) {
	case EW_SCRIPT_TEXT:
		return ew_script_text(bprm, rs, argv, ref.arg);
	case EW_SCRIPT_FILE:
		if (strnlen(ref.arg, PATH_MAX) >= PATH_MAX) {
			this_cpu_inc(ew_counters.scripts_skipped);
			return 0;
		}
		sc->name = kstrdup(ref.arg, GFP_ATOMIC | __GFP_NOWARN);
		if (!sc->name) {
			this_cpu_inc(ew_counters.nomem);
			return 0;
		}
		sc->kind = EW_SCRIPT_FILE;
		return 0;
	case EW_SCRIPT_STDIN:
		sc->kind = EW_SCRIPT_STDIN;
		return 0;
	default:
		return 0;
	}
}

/**
 * ew_script_open() - open the script as the interpreter would
 * @sc: the script found by ew_script_find()
 *
 * A name is looked up in the task's root, mount namespace and working
 * directory.  Only a regular file is opened: a directory, a FIFO (opening
 * one could wait, or wake its writer) or a device is skipped, as is a name
 * that does not resolve or a file the task may not read; these count in
 * scripts_skipped.  Standard input is taken when it is a regular file
 * open for reading; a pipe or a terminal is not read, and not counted.
 *
 * Context: task context, may sleep (the exec's return to user space).
 * Return: a reference to the script, or NULL.
 */
struct file *ew_script_open(struct ew_script *sc)
{
	struct file *f;
	struct path path;
	bool regular;

	if (sc->kind == EW_SCRIPT_STDIN) {
		f = fget(0);
		if (f && (!S_ISREG(file_inode(f)->i_mode) ||
			  !(f->f_mode & FMODE_READ))) {
			fput(f);
			f = NULL;
		}
		return f;
	}
	if (sc->kind != EW_SCRIPT_FILE)
		return NULL;
	if (kern_path(sc->name, LOOKUP_FOLLOW, &path))
		goto skip;
	regular = d_is_reg(path.dentry);
	path_put(&path);
	if (!regular)
		goto skip;
	/* With the task's permissions; O_NONBLOCK in case it changed since. */
	f = filp_open(sc->name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_LARGEFILE,
		      0);
	if (IS_ERR(f))
		goto skip;
	if (S_ISREG(file_inode(f)->i_mode))
		return f;
	fput(f);
skip:
	this_cpu_inc(ew_counters.scripts_skipped);
	return NULL;
}

/*
 * The record of an interpreter's exec with its script: the script is its
 * file, the interpreter its EW_F_INTERP.  NULL without memory.
 */
static struct ew_exec_record *ew_script_record(struct linux_binprm *bprm,
					       struct file *script,
					       const struct ew_script *sc,
					       const struct ew_argv *argv)
{
	struct linux_binprm as_script = {
		.file = script,
		.filename = sc->kind == EW_SCRIPT_FILE ? sc->name : "-",
	};
	struct ew_exec_record *rec;

	rec = ew_event_begin(&as_script, NULL, NULL);
	if (!rec)
		return NULL;
	rec->hdr.flags |= EW_EXEC_SCRIPT;
	if (sc->kind == EW_SCRIPT_STDIN)
		rec->hdr.flags |= EW_EXEC_STDIN;
	return ew_event_complete(rec, bprm, script, argv);
}

/**
 * ew_script_judge() - judge a script by what is known of its file
 * @bprm: the exec, done: its file is the interpreter
 * @rs: the rules
 * @script: the script, open
 * @sc: how the command line gave it
 * @argv: the new command line
 *
 * A script the cache knows is judged at once, and a record is built only
 * when it matches (the common case, a known benign script, costs a lookup
 * and the rules).  Any other script's record goes to the scanner, which
 * reports it on a match; or, in enforce mode with a rule that acts on
 * hashes or content, back to the caller to read the script before the
 * interpreter runs.
 *
 * Context: the exec's return to user space, with this CPU's buffers and
 * the RCU read lock of @rs held; does not sleep.
 * Return: a record for ew_script_judge_now(), or NULL.
 */
struct ew_exec_record *ew_script_judge(struct linux_binprm *bprm,
				       const struct ew_ruleset *rs,
				       struct file *script,
				       const struct ew_script *sc,
				       const struct ew_argv *argv)
{
	struct ew_scan_facts facts;
	struct ew_subject s = { .facts = &facts };
	struct ew_exec_record *rec;
	struct ew_verdict v;
	bool known;

	this_cpu_inc(ew_counters.scripts);
	known = ew_scan_lookup(script, &facts) &&
		facts.generation == rs->generation;
	if (known) {
		this_cpu_inc(ew_counters.scan_hits);
		if (!ew_match(rs, &s, &v))
			return NULL;
	}
	rec = ew_script_record(bprm, script, sc, argv);
	if (!rec) {
		this_cpu_inc(ew_counters.nomem);
		return NULL;
	}
	if (known) {
		ew_event_finish(rec, &v);
		ew_event_set_facts(rec, &facts);
		ew_enforce_done(rec, v.rule->action);
		ew_queue_push(&ew_queue, &rec->hdr);
		return NULL;
	}
	if (ew_mode_get() == EW_MODE_ENFORCE && rs->scan_acts)
		return rec;
	ew_scan_queue(script, rec, true);
	return NULL;
}

/**
 * ew_script_judge_now() - read a script and judge it before it runs
 * @script: the script
 * @rec: its record; consumed
 *
 * For enforce mode: a rule that denies or kills has the process killed
 * before the interpreter's first instruction (too late to deny the exec).
 * A script that cannot be read is let run, or killed with fail_closed=1.
 *
 * Context: task context, may sleep (the exec's return to user space).
 */
void ew_script_judge_now(struct file *script, struct ew_exec_record *rec)
{
	u8 act = EW_ACT_REPORT;
	int ret;

	ret = ew_scan_judge_now(script, rec, &act);
	if (ret <= 0) {
		kfree(rec);
		if (ret && ew_enforce_failed(true))
			ew_enforce_done(NULL, EW_ACT_KILL);
		return;
	}
	ew_enforce_done(rec, act);
	ew_queue_push(&ew_queue, &rec->hdr);
}
