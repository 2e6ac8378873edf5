// SPDX-License-Identifier: GPL-2.0
/* The command line's shared rules: options, --help, usage errors. */
#include <stdarg.h>
#include <string.h>

#include "cmd/cli.h"

int ew_cli_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

int ew_cli_value(const char *opt, int argc, char **argv, int *i,
		 const char **value)
{
	const char *arg = argv[*i];
	size_t n = strlen(opt);

	if (strncmp(arg, opt, n) || (arg[n] && arg[n] != '='))
		return 0;
	if (arg[n] == '=')
		*value = arg + n + 1;
	else if (*i + 1 < argc)
		*value = argv[++*i];
	else
		return -1;
	return **value ? 1 : -1;
}

int ew_cli_usage_error(FILE *f, const char *cmd, const char *fmt, ...)
{
	const char *sep = *cmd ? " " : "";
	va_list ap;

	fprintf(f, "escapewatch%s%s: ", sep, cmd);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fprintf(f, "\nTry 'escapewatch%s%s --help'.\n", sep, cmd);
	return EW_EXIT_USAGE;
}
