/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rules files: parsed into a list of rules, compiled into the blob the
 * module loads, and a blob decoded back into the same text.
 */
#ifndef EW_RULES_H
#define EW_RULES_H

#include <stddef.h>
#include <stdio.h>

/* A condition of an argv matcher: an enum ew_argcond_kind and its parts. */
struct ew_cond_src {
	int kind;
	unsigned int pos;	/* EW_ARG_POSITIONAL */
	char *names;		/* "-t|--target", or "" */
	char *value;		/* a glob, or "" */
};

/* One way a rule can match: an enum ew_match_kind and its pattern. */
struct ew_match_src {
	int kind;
	char *pattern;		/* "" for EW_MATCH_FILELESS */
	char *text;		/* as written after the keyword */
	struct ew_cond_src *cond;	/* EW_MATCH_ARGV */
	size_t ncond;
};

/* One rule, as written in a rules file. */
struct ew_rule_src {
	unsigned int id;
	int severity;		/* enum ew_severity */
	int action;		/* enum ew_action */
	char *name;
	char *description;
	char *technique;
	struct ew_match_src *match;
	size_t nmatch;
	int line;		/* where the rule starts */
};

/*
 * An interpreter line: how to find the script a program runs (struct
 * ew_interp).  Each list is joined with '|' as in the blob; "" when the
 * line does not give it.
 */
struct ew_interp_src {
	char *names;		/* "sh|bash|busybox": globs, never "" */
	char *options;		/* options that take a value: "-o|+o" */
	char *command;		/* program text on the command line: "-c" */
	char *noscript;		/* no script file: "-m" */
	char *from_stdin;	/* program on standard input: "-s" */
	char *multicall;	/* among names, runs applets: "busybox" */
	int line;
};

/* A whole rules file. */
struct ew_rules_src {
	struct ew_rule_src *rule;
	size_t nrule;
	struct ew_interp_src *interp;	/* in file order */
	size_t ninterp;
};

/*
 * Parse the text of a rules file; name is used in messages.  Returns 0, or
 * -1 with "name:line: what" in err.  Free the result with ew_rules_free().
 */
int ew_rules_parse(const char *text, const char *name,
		   struct ew_rules_src *out, char *err, size_t errsize);
void ew_rules_free(struct ew_rules_src *rules);

/*
 * Compile rules into a blob (malloc'ed, 8-byte aligned).  Returns 0, or -1
 * with a message in err.
 */
int ew_rules_compile(const struct ew_rules_src *rules, void **blob,
		     size_t *size, char *err, size_t errsize);

/* Validate a blob and print it as a rules file.  Returns 0 or -1 (err). */
int ew_rules_print(const void *blob, size_t size, FILE *out, char *err,
		   size_t errsize);

/* "low", "medium", "high", "critical" for an enum ew_severity, or "?". */
const char *ew_severity_name(int severity);

/* "report", "deny", "kill" for an enum ew_action, or "?". */
const char *ew_action_name(int action);

/* Print a blob as the C array of the module's built-in rules. */
void ew_rules_print_c(const void *blob, size_t size, FILE *out);

#endif
