/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Configuration files: one "key value" per line.
 *
 *   # a comment
 *   output /var/log/escapewatch/findings.jsonl
 *   syslog local
 *
 * The key runs to the first space or tab; the value is the rest of the
 * line, without the blanks around it (so it may hold spaces).  Blank lines
 * and lines whose first non-blank character is '#' are skipped; a '#'
 * elsewhere is part of the value.  Every key wants a value, and may be
 * given once.  A key the caller does not know, a missing value, a key
 * given twice, a NUL byte and a value the caller refuses are errors, each
 * told on its own line as "escapewatch: FILE:LINE: WHAT".
 */
#ifndef EW_CONFIG_H
#define EW_CONFIG_H

#include <stddef.h>
#include <stdio.h>

/* ew_config_parse()'s answers (also the reader's exit statuses). */
#define EW_CONFIG_OK		0
#define EW_CONFIG_UNREADABLE	1	/* cannot be opened or read */
#define EW_CONFIG_WRONG		2	/* a line is wrong */

/*
 * Take key keys[key] with its value (valid only during the call).  Return
 * 0, or -1 with why in err[0..errsize) (without the key's name, which the
 * message does not repeat unless err does).
 */
typedef int (*ew_config_set_fn)(void *ctx, int key, const char *value,
				char *err, size_t errsize);

/*
 * Read a configuration from in, called name in messages, whose keys are
 * keys[0..nkeys); set() takes each setting, in the file's order.  Every
 * wrong line is told on log.  Returns EW_CONFIG_OK, EW_CONFIG_WRONG when
 * any line was wrong, or EW_CONFIG_UNREADABLE on a read error.
 */
int ew_config_parse(FILE *in, const char *name, const char *const *keys,
		    int nkeys, ew_config_set_fn set, void *ctx, FILE *log);

/* The same from the file at path; EW_CONFIG_UNREADABLE, told on log,
 * when it cannot be opened. */
int ew_config_read(const char *path, const char *const *keys, int nkeys,
		   ew_config_set_fn set, void *ctx, FILE *log);

#endif
