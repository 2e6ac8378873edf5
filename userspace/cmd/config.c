// SPDX-License-Identifier: GPL-2.0
/* Configuration files, "key value" a line; see config.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "cmd/config.h"

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	       c == '\v' || c == '\f';
}

/* Tell what is wrong with line n of name. */
static void wrong(FILE *log, const char *name, unsigned long n,
		  const char *what, const char *key)
{
	char *esc = key ? ew_escape_dup(key, strlen(key), EW_ESC_TERM) : NULL;

	if (key)
		fprintf(log, "escapewatch: %s:%lu: %s '%s'\n", name, n, what,
			esc ? esc : "?");
	else
		fprintf(log, "escapewatch: %s:%lu: %s\n", name, n, what);
	free(esc);
}

int ew_config_parse(FILE *in, const char *name, const char *const *keys,
		    int nkeys, ew_config_set_fn set, void *ctx, FILE *log)
{
	unsigned long n = 0, *first;
	char *line = NULL, *key, *value, *end, err[256];
	size_t size = 0;
	ssize_t len;
	int ret = EW_CONFIG_OK, k;

	first = calloc(nkeys ? nkeys : 1, sizeof(*first));
	if (!first) {
		fprintf(log, "escapewatch: %s: out of memory\n", name);
		return EW_CONFIG_UNREADABLE;
	}
	errno = 0;
	while ((len = getline(&line, &size, in)) >= 0) {
		n++;
		if ((size_t)len != strlen(line)) {
			wrong(log, name, n, "a NUL byte in the line", NULL);
			ret = EW_CONFIG_WRONG;
			continue;
		}
		for (key = line; blank(*key); key++)
			;
		if (!*key || *key == '#')
			continue;
		for (value = key; *value && !blank(*value); value++)
			;
		if (*value)
			*value++ = '\0';
		while (blank(*value))
			value++;
		for (end = value + strlen(value); end > value && blank(end[-1]);)
			*--end = '\0';
		for (k = 0; k < nkeys && strcmp(key, keys[k]); k++)
			;
		if (k == nkeys) {
			wrong(log, name, n, "unknown key", key);
			ret = EW_CONFIG_WRONG;
			continue;
		}
		if (!*value) {
			wrong(log, name, n, "no value for", key);
			ret = EW_CONFIG_WRONG;
			continue;
		}
		if (first[k]) {
			snprintf(err, sizeof(err),
				 "%s given again (first on line %lu)", key,
				 first[k]);
			wrong(log, name, n, err, NULL);
			ret = EW_CONFIG_WRONG;
			continue;
		}
		first[k] = n;
		err[0] = '\0';
		if (set(ctx, k, value, err, sizeof(err))) {
			wrong(log, name, n, err[0] ? err : "refused", NULL);
			ret = EW_CONFIG_WRONG;
		}
		errno = 0;
	}
	if (ferror(in)) {
		fprintf(log, "escapewatch: %s: %s\n", name,
			strerror(errno ? errno : EIO));
		ret = EW_CONFIG_UNREADABLE;
	}
	free(line);
	free(first);
	return ret;
}

int ew_config_read(const char *path, const char *const *keys, int nkeys,
		   ew_config_set_fn set, void *ctx, FILE *log)
{
	FILE *in = fopen(path, "re");
	int ret;

	if (!in) {
		fprintf(log, "escapewatch: cannot read %s: %s\n", path,
			strerror(errno));
		return EW_CONFIG_UNREADABLE;
	}
	ret = ew_config_parse(in, path, keys, nkeys, set, ctx, log);
	fclose(in);
	return ret;
}
