// SPDX-License-Identifier: GPL-2.0
/*
 * Which script an interpreter's command line gives it to run.  The kernel
 * only sees a script when it is run through "#!"; given to a shell or an
 * interpreter (sh x.sh, python3 -W ignore x.py, sh < x.sh, sh -c TEXT) the
 * exec is of the interpreter.  The rules' interpreter lines (struct
 * ew_interp) say which programs are interpreters and how their command
 * lines name the script; this file reads a command line with them.  Pure
 * functions of the rules and the command line; they do not sleep.
 */
#include <linux/glob.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "ew.h"

/* Whether @name matches one of the globs in @list, "sh|bash|python3.*". */
static bool ew_glob_in(const char *list, const char *name)
{
	char glob[EW_INTERP_NAME_MAX];

	if (!name)
		return false;
	while (*list) {
		size_t n = strcspn(list, "|");

		/* The validator keeps each glob shorter than the buffer. */
		if (n < sizeof(glob)) {
			memcpy(glob, list, n);
			glob[n] = '\0';
			if (glob_match(glob, name))
				return true;
		}
		list += n;
		if (*list == '|')
			list++;
	}
	return false;
}

/* Whether option @opt, @len bytes from its sign ("-c", "+o", "--eval"), is
 * one of @list.
 */
static bool ew_opt_in(const char *list, const char *opt, size_t len)
{
	while (*list) {
		size_t n = strcspn(list, "|");

		if (n == len && !memcmp(list, opt, len))
			return true;
		list += n;
		if (*list == '|')
			list++;
	}
	return false;
}

/**
 * struct ew_interp_cmd - a command line read for one interpreter
 * @v: the rules
 * @in: the interpreter
 * @plus: some option of @in starts with '+' (a shell's +o), so '+'
 *	starts options as '-' does
 * @arg: the argument being read
 * @end: the end of the command line
 */
struct ew_interp_cmd {
	const struct ew_rules_view *v;
	const struct ew_interp *in;
	bool plus;
	const char *arg;
	const char *end;
};

static const char *ew_next_arg(const struct ew_interp_cmd *c, const char *arg)
{
	arg += strlen(arg) + 1;
	return arg < c->end ? arg : NULL;
}

static bool ew_in_list(const struct ew_interp_cmd *c, u32 list,
		       const char *opt, size_t len)
{
	return ew_opt_in(ew_rules_str(c->v, list), opt, len);
}

/*
 * One option, @len bytes of @opt, whose value (when it takes one) is
 * @value: the rest of its argument, or NULL for the next argument.  Sets
 * @out and returns true when the option decides what the script is;
 * otherwise returns false, with *@skip_next set when it took the next
 * argument as its value.
 */
static bool ew_option(const struct ew_interp_cmd *c, const char *opt,
		      size_t len, const char *value, bool *skip_next,
		      bool *text_operand, struct ew_script_ref *out)
{
	const struct ew_interp *in = c->in;
	bool takes = ew_in_list(c, in->options, opt, len);
	const char *next = ew_next_arg(c, c->arg);

	*skip_next = takes && !value;
	if (ew_in_list(c, in->noscript, opt, len)) {
		out->kind = EW_SCRIPT_NONE;
		return true;
	}
	if (ew_in_list(c, in->from_stdin, opt, len)) {
		out->kind = EW_SCRIPT_STDIN;
		return true;
	}
	if (!ew_in_list(c, in->command, opt, len))
		return false;
	if (!takes) {
		*text_operand = true;	/* sh -c TEXT: the first operand */
		return false;
	}
	out->arg = value ? value : next;
	out->kind = out->arg ? EW_SCRIPT_TEXT : EW_SCRIPT_NONE;
	return true;
}

/**
 * ew_interp_named() - whether a program name is one of an interpreter's
 * @v: the rules
 * @in: the interpreter
 * @name: the name
 *
 * Return: true when @name matches one of its names or multi-call programs.
 */
bool ew_interp_named(const struct ew_rules_view *v, const struct ew_interp *in,
		     const char *name)
{
	return ew_glob_in(ew_rules_str(v, in->names), name) ||
	       ew_glob_in(ew_rules_str(v, in->multicall), name);
}

/**
 * ew_interp_find() - the interpreter an exec runs, if any
 * @rs: the rules
 * @names: the last component of the path as requested and the name of the
 *	file it resolved to; either may be NULL
 * @a: the command line, read
 * @first: set to where the interpreter's own arguments start: after
 *	argv[0], or after argv[1] when argv[0] names the multi-call program
 *	itself (busybox sh x.sh)
 *
 * A multi-call program (busybox) counts only when the applet it runs,
 * named by argv[0] (or argv[1]), is one of the interpreter's names.
 *
 * Return: the interpreter, or NULL.
 */
const struct ew_interp *ew_interp_find(const struct ew_ruleset *rs,
				       const char *const names[2],
				       const struct ew_argv *a,
				       const char **first)
{
	const struct ew_rules_view *v = &rs->v;
	const char *end = a->buf + a->len;
	const char *argv0, *applet;
	u32 i;

	if (!a->len)
		return NULL;
	argv0 = kbasename(a->buf);
	for (i = 0; i < v->hdr->ninterps; i++) {
		const struct ew_interp *in = &v->interps[i];
		const char *list = ew_rules_str(v, in->names);
		const char *multi = ew_rules_str(v, in->multicall);

		if (!ew_glob_in(list, names[0]) &&
		    !ew_glob_in(list, names[1]) && !ew_glob_in(list, argv0))
			continue;
		*first = a->buf + strlen(a->buf) + 1;
		if (!ew_glob_in(multi, names[0]) &&
		    !ew_glob_in(multi, names[1]) && !ew_glob_in(multi, argv0))
			return in;
		/* A multi-call program: which applet does it run? */
		applet = argv0;
		if (ew_glob_in(multi, applet)) {
			if (*first >= end)
				return NULL;
			applet = kbasename(*first);
			*first += strlen(*first) + 1;
		}
		if (ew_glob_in(list, applet) && !ew_glob_in(multi, applet))
			return in;
		return NULL;
	}
	return NULL;
}

/**
 * ew_interp_script() - what an interpreter's command line gives it to run
 * @rs: the rules
 * @in: the interpreter, from ew_interp_find()
 * @a: the command line
 * @first: its first argument after the program's name(s)
 * @out: what the script is
 *
 * Options are read as getopt() reads them, knowing the options @in lists
 * as taking a value: "-o value", "-ovalue", clusters ("-eo pipefail"),
 * "--long value", "--long=value"; "--" ends them.  The first operand is
 * the script, "-" alone standard input; with a command option (-c) the
 * program is text instead.  A script operand cut short by argv_max is not
 * a name that can be opened: EW_SCRIPT_NONE.
 */
void ew_interp_script(const struct ew_ruleset *rs, const struct ew_interp *in,
		      const struct ew_argv *a, const char *first,
		      struct ew_script_ref *out)
{
	struct ew_interp_cmd c = { .v = &rs->v, .in = in,
				   .end = a->buf + a->len };
	const u32 lists[] = { in->options, in->command, in->noscript,
			      in->from_stdin };
	bool options = true, text_operand = false, skip;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < ARRAY_SIZE(lists); i++)
		c.plus |= !!strchr(ew_rules_str(c.v, lists[i]), '+');
	for (c.arg = first < c.end ? first : NULL; c.arg;
	     c.arg = ew_next_arg(&c, c.arg)) {
		const char *arg = c.arg;

		if (options && !strcmp(arg, "--")) {
			options = false;
			continue;
		}
		if (options && arg[0] == '-' && arg[1] == '-') {
			const char *eq = strchr(arg, '=');
			size_t len = eq ? eq - arg : strlen(arg);

			if (ew_option(&c, arg, len, eq ? eq + 1 : NULL, &skip,
				      &text_operand, out))
				return;
		} else if (options && (arg[0] == '-' || (c.plus && arg[0] == '+')) &&
			   arg[1]) {
			const char *p;
			char opt[2] = { arg[0] };

			skip = false;
			for (p = arg + 1; *p && !skip; p++) {
				opt[1] = *p;
				if (ew_option(&c, opt, 2, p[1] ? p + 1 : NULL,
					      &skip, &text_operand, out))
					return;
				/* A value in the rest of the cluster ends it. */
				if (ew_in_list(&c, in->options, opt, 2))
					break;
			}
		} else {
			/* The first operand. */
			out->arg = arg;
			if (text_operand)
				out->kind = EW_SCRIPT_TEXT;
			else if (options && !strcmp(arg, "-"))
				out->kind = EW_SCRIPT_STDIN;
			else if (a->truncated && !ew_next_arg(&c, arg))
				out->kind = EW_SCRIPT_NONE;
			else
				out->kind = EW_SCRIPT_FILE;
			return;
		}
		if (skip && !ew_next_arg(&c, c.arg))
			return;		/* the value is cut off: nothing */
		if (skip)
			c.arg = ew_next_arg(&c, c.arg);
	}
	/*
	 * No operand: sh -c without its text, or the script on stdin; unless
	 * the command line was cut, and the operand may be past the cut.
	 */
	out->kind = text_operand || a->truncated ? EW_SCRIPT_NONE :
						   EW_SCRIPT_STDIN;
}
