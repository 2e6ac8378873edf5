// SPDX-License-Identifier: GPL-2.0
/*
 * Matching a command line against an argv matcher (and, before the exec,
 * reading argv[0]'s name from the new stack): tokens, not one raw
 * string, so that "nsenter -t 1 -m", "nsenter --target=1 --mount" and
 * "nsenter -m -t1" are the same.  Options are read the way getopt_long()
 * reads them, knowing only the options the matcher names as taking a
 * value: "--name=value", "--name value", "-x value", "-xvalue", and short
 * options clustered ("-mt1").  "--" ends the options.
 */
#include <linux/binfmts.h>
#include <linux/glob.h>
#include <linux/highmem.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "ew.h"

/* Whether option @opt (@len bytes; a long name or one short letter) is
 * one of @names, written "-t|--target".
 */
static bool ew_name_in(const char *names, const char *opt, size_t len,
		       bool is_long)
{
	while (*names) {
		size_t n = strcspn(names, "|");
		bool hit;

		if (is_long)
			hit = n == len + 2 && names[1] == '-' &&
			      !memcmp(names + 2, opt, len);
		else
			hit = n == 2 && names[1] == *opt;
		if (hit)
			return true;
		names += n;
		if (*names == '|')
			names++;
	}
	return false;
}

/**
 * struct ew_argv_eval - one command line against one matcher's conditions
 * @v: the rules
 * @cond: the matcher's conditions
 * @ncond: how many
 * @met: bit i set once condition i holds
 */
struct ew_argv_eval {
	const struct ew_rules_view *v;
	const struct ew_argcond *cond;
	u32 ncond;
	u32 met;
};

/* Whether the option takes a value: an EW_ARG_VALUE condition names it. */
static bool ew_takes_value(const struct ew_argv_eval *e, const char *opt,
			   size_t len, bool is_long)
{
	u32 i;

	for (i = 0; i < e->ncond; i++)
		if (e->cond[i].kind == EW_ARG_VALUE &&
		    ew_name_in(ew_rules_str(e->v, e->cond[i].names), opt, len,
			       is_long))
			return true;
	return false;
}

static void ew_saw_option(struct ew_argv_eval *e, const char *opt, size_t len,
			  bool is_long, const char *value)
{
	u32 i;

	for (i = 0; i < e->ncond; i++) {
		const struct ew_argcond *c = &e->cond[i];

		if (c->kind != EW_ARG_FLAG && c->kind != EW_ARG_VALUE)
			continue;
		if (!ew_name_in(ew_rules_str(e->v, c->names), opt, len,
				is_long))
			continue;
		if (c->kind == EW_ARG_FLAG ||
		    (value && glob_match(ew_rules_str(e->v, c->value), value)))
			e->met |= BIT(i);
	}
}

static void ew_saw_positional(struct ew_argv_eval *e, u32 pos,
			      const char *arg)
{
	u32 i;

	for (i = 0; i < e->ncond; i++)
		if (e->cond[i].kind == EW_ARG_POSITIONAL &&
		    e->cond[i].pos == pos &&
		    glob_match(ew_rules_str(e->v, e->cond[i].value), arg))
			e->met |= BIT(i);
}

static void ew_saw_token(struct ew_argv_eval *e, const char *arg)
{
	u32 i;

	for (i = 0; i < e->ncond; i++)
		if (e->cond[i].kind == EW_ARG_ANY &&
		    glob_match(ew_rules_str(e->v, e->cond[i].value), arg))
			e->met |= BIT(i);
}

/* Read one short-option cluster "-abc"; return true if its value is the
 * next argument.
 */
static bool ew_short_cluster(struct ew_argv_eval *e, const char *arg,
			     const char *next)
{
	for (arg++; *arg; arg++) {
		if (ew_takes_value(e, arg, 1, false)) {
			if (arg[1]) {
				ew_saw_option(e, arg, 1, false, arg + 1);
				return false;
			}
			ew_saw_option(e, arg, 1, false, next);
			return true;
		}
		ew_saw_option(e, arg, 1, false, NULL);
	}
	return false;
}

/* Read "--name", "--name=value" or "--name value"; return true if the
 * value is the next argument.
 */
static bool ew_long_option(struct ew_argv_eval *e, const char *arg,
			   const char *next)
{
	const char *name = arg + 2, *eq = strchr(name, '=');
	size_t len = eq ? eq - name : strlen(name);

	if (eq) {
		ew_saw_option(e, name, len, true, eq + 1);
		return false;
	}
	if (ew_takes_value(e, name, len, true)) {
		ew_saw_option(e, name, len, true, next);
		return true;
	}
	ew_saw_option(e, name, len, true, NULL);
	return false;
}

/**
 * ew_argv_match() - whether a command line meets an argv matcher's
 *	conditions
 * @v: the rules
 * @m: an EW_MATCH_ARGV matcher
 * @a: the command line
 *
 * The program's name is matched by the caller.
 */
bool ew_argv_match(const struct ew_rules_view *v, const struct ew_matcher *m,
		   const struct ew_argv *a)
{
	struct ew_argv_eval e = {
		.v = v, .cond = &v->conds[m->first_cond], .ncond = m->nconds,
	};
	const char *arg = a->buf, *end = a->buf + a->len, *next;
	bool options = true;
	u32 pos = 0;

	if (!m->nconds)
		return true;
	if (!a->len)
		return false;
	arg += strlen(arg) + 1;		/* argv[0] */
	for (; arg < end; arg = next) {
		next = arg + strlen(arg) + 1;
		ew_saw_token(&e, arg);
		if (options && !strcmp(arg, "--")) {
			options = false;
		} else if (options && arg[0] == '-' && arg[1] == '-') {
			if (ew_long_option(&e, arg, next < end ? next : NULL) &&
			    next < end) {
				ew_saw_token(&e, next);
				next += strlen(next) + 1;
			}
		} else if (options && arg[0] == '-' && arg[1]) {
			if (ew_short_cluster(&e, arg, next < end ? next : NULL) &&
			    next < end) {
				ew_saw_token(&e, next);
				next += strlen(next) + 1;
			}
		} else {
			ew_saw_positional(&e, ++pos, arg);
		}
	}
	return e.met == GENMASK(m->nconds - 1, 0);
}

/**
 * ew_argv0_name() - the last component of argv[0], before the exec
 * @bprm: the exec, in a round whose arguments are on the new stack
 * @buf: where to copy it, NUL-terminated
 * @size: room at @buf
 *
 * The strings are on the new program's stack, in an mm that is not yet
 * the task's: bprm->p is where argv[0] starts (copy_strings() copied the
 * arguments from the last down).  Read as fs/exec.c reads them, a page
 * at a time through get_user_pages_remote().
 *
 * Context: process context, may sleep (the binary format handler).
 * Return: false when it cannot be read, crosses a page, or does not fit.
 */
bool ew_argv0_name(const struct linux_binprm *bprm, char *buf, size_t size)
{
	unsigned long pos = bprm->p, off = offset_in_page(pos);
	const char *kaddr, *s, *base;
	struct page *page;
	size_t len;
	long n;
	bool ok;

	if (!bprm->mm)
		return false;
	mmap_read_lock(bprm->mm);
#ifdef EW_HAVE_GUP_VMAS	/* before 6.5 */
	n = get_user_pages_remote(bprm->mm, pos, 1, FOLL_FORCE, &page, NULL,
				  NULL);
#else
	n = get_user_pages_remote(bprm->mm, pos, 1, FOLL_FORCE, &page, NULL);
#endif
	mmap_read_unlock(bprm->mm);
	if (n != 1)
		return false;
	kaddr = kmap_local_page(page);
	s = kaddr + off;
	len = strnlen(s, PAGE_SIZE - off);
	ok = len < PAGE_SIZE - off;
	if (ok) {
		base = strrchr(s, '/');
		base = base ? base + 1 : s;
		ok = strscpy(buf, base, size) >= 0;
	}
	kunmap_local(kaddr);
	put_page(page);
	return ok;
}
