/* SPDX-License-Identifier: GPL-2.0 */
/* The command line's shared rules: options, --help, usage errors. */
#ifndef EW_CLI_H
#define EW_CLI_H

#include <stdio.h>

/* Exit status of a command line that is wrong. */
#define EW_EXIT_USAGE	2

/* A parser's answer when the command is to run (else an exit status). */
#define EW_CLI_RUN	(-1)

/* Whether arg asks for help: --help or -h. */
int ew_cli_help(const char *arg);

/*
 * Whether argv[*i] is the option opt, written "--opt VALUE" or
 * "--opt=VALUE".  Returns 1 with *value set (*i moved past a separate
 * value), 0 when argv[*i] is something else, -1 when it is opt without a
 * value or with an empty one.
 */
int ew_cli_value(const char *opt, int argc, char **argv, int *i,
		 const char **value);

/*
 * Tell a wrong command line on f in two lines, the error and where help
 * is: "escapewatch CMD: MESSAGE", "Try 'escapewatch CMD --help'.".  cmd
 * is the command's words ("rules load"), or "" for the program itself.
 * Returns EW_EXIT_USAGE.
 */
int ew_cli_usage_error(FILE *f, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
