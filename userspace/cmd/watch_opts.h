/* SPDX-License-Identifier: GPL-2.0 */
/*
 * escapewatch watch's settings, from its command line and from a
 * configuration file (config.h's format) whose keys are its long options
 * without the dashes: the service's /etc/escapewatch/escapewatch.conf.
 *
 * The file has one key that is no option of watch: mode (audit or
 * enforce), which is the module's and which "escapewatch mode --config
 * FILE" sets; watch checks its value and leaves the module's mode alone.
 * Where watch's option is a flag (--new), the key takes yes or no.
 */
#ifndef EW_WATCH_OPTS_H
#define EW_WATCH_OPTS_H

#include <stdio.h>

#include "format/format.h"

enum ew_watch_key {
	EW_WK_DEVICE,
	EW_WK_COUNT,
	EW_WK_WINDOW,		/* related-window */
	EW_WK_FORMAT,
	EW_WK_OUTPUT,
	EW_WK_SYSLOG,
	EW_WK_RESPOND,
	EW_WK_RESPOND_EXEC,
	EW_WK_RESPOND_TIMEOUT,
	EW_WK_PROJECT,
	EW_WK_CLUSTER,
	EW_WK_NODE,
	EW_WK_LOG_LINES,
	EW_WK_LOOKUP_TIMEOUT,
	EW_WK_NEW,		/* a flag on the command line */
	EW_WK_MODE,		/* the file's only: escapewatch mode --config */
	EW_WK_N
};

/* The keys' names, as the file spells them ("--" and the name on the
 * command line). */
extern const char *const ew_watch_keys[EW_WK_N];

struct ew_watch_opts {
	const char *device;
	const char *output;
	const char *syslog;
	unsigned long long count;
	unsigned long long window;	/* seconds */
	enum ew_format format;
	int new_only;
	int freeze;			/* respond freeze */
	const char *respond_exec;
	unsigned long long respond_timeout;	/* seconds; 0: not given */
	int mode;			/* enum ew_mode; -1: not given */
	const char *project;		/* resource names; NULL: the host's */
	const char *cluster;
	const char *node;
	unsigned long long log_lines;	/* of the container's log; 0: none */
	unsigned long long lookup_timeout;	/* ms a container's lookup */
	char *owned[EW_WK_N];		/* the values read from a file */
};

/* The defaults: the device at EW_DEVICE_PATH, the scc format, ... */
void ew_watch_opts_init(struct ew_watch_opts *o);
void ew_watch_opts_free(struct ew_watch_opts *o);

/*
 * Set key to value, which must outlive o (ew_watch_config() copies the
 * file's).  name is what messages call the setting ("--count" or
 * "count").  Returns 0, or -1 with why in err[0..errsize).
 */
int ew_watch_opt(struct ew_watch_opts *o, int key, const char *value,
		 const char *name, char *err, size_t errsize);

/*
 * The settings of the file at path into o, each wrong line told on log.
 * Returns 0, 1 (EW_CONFIG_UNREADABLE) or 2 (EW_CONFIG_WRONG).
 */
int ew_watch_config(struct ew_watch_opts *o, const char *path, FILE *log);

#endif
