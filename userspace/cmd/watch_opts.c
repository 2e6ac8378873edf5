// SPDX-License-Identifier: GPL-2.0
/* escapewatch watch's settings; see watch_opts.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/uapi/escapewatch.h"
#include "cmd/config.h"
#include "cmd/watch_opts.h"
#include "container/identity_cache.h"
#include "container/logtail.h"
#include "finding/ident.h"
#include "finding/related.h"
#include "input/device.h"

const char *const ew_watch_keys[EW_WK_N] = {
	[EW_WK_DEVICE] = "device",
	[EW_WK_COUNT] = "count",
	[EW_WK_WINDOW] = "related-window",
	[EW_WK_FORMAT] = "format",
	[EW_WK_OUTPUT] = "output",
	[EW_WK_SYSLOG] = "syslog",
	[EW_WK_RESPOND] = "respond",
	[EW_WK_RESPOND_EXEC] = "respond-exec",
	[EW_WK_RESPOND_TIMEOUT] = "respond-timeout",
	[EW_WK_PROJECT] = "project",
	[EW_WK_CLUSTER] = "cluster",
	[EW_WK_NODE] = "node",
	[EW_WK_LOG_LINES] = "log-lines",
	[EW_WK_LOOKUP_TIMEOUT] = "lookup-timeout",
	[EW_WK_NEW] = "new",
	[EW_WK_MODE] = "mode",
};

void ew_watch_opts_init(struct ew_watch_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->device = EW_DEVICE_PATH;
	o->window = EW_RELATED_WINDOW_DEFAULT;
	o->format = EW_FORMAT_SCC;
	o->mode = -1;
	o->lookup_timeout = EW_LOOKUP_TIMEOUT_DEFAULT;
}

void ew_watch_opts_free(struct ew_watch_opts *o)
{
	int k;

	for (k = 0; k < EW_WK_N; k++) {
		free(o->owned[k]);
		o->owned[k] = NULL;
	}
}

static int number(const char *name, const char *s, unsigned long long *v,
		  int zero_ok, char *err, size_t errsize)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || (!zero_ok && !*v) ||
	    *v > 1000000000ULL) {
		snprintf(err, errsize, "%s wants a %s number, not '%s'", name,
			 zero_ok ? "non-negative" : "positive", s);
		return -1;
	}
	return 0;
}

/* A name for the findings' resource: printable, not empty, bounded. */
static int name_of(const char *name, const char *v, const char **out,
		   char *err, size_t errsize)
{
	size_t i, n = strlen(v);

	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			break;
	if (n && n < EW_HOST_MAX && i == n) {
		*out = v;
		return 0;
	}
	snprintf(err, errsize,
		 "%s wants a name of 1 to %d characters without control characters",
		 name, EW_HOST_MAX - 1);
	return -1;
}

int ew_watch_opt(struct ew_watch_opts *o, int key, const char *v,
		 const char *name, char *err, size_t errsize)
{
	unsigned long long n;

	switch (key) {
	case EW_WK_DEVICE:
		o->device = v;
		return 0;
	case EW_WK_COUNT:
		return number(name, v, &o->count, 0, err, errsize);
	case EW_WK_WINDOW:
		return number(name, v, &o->window, 1, err, errsize);
	case EW_WK_FORMAT:
		if (!ew_format_parse(v, &o->format))
			return 0;
		snprintf(err, errsize,
			 "%s wants scc, json or text, not '%s'", name, v);
		return -1;
	case EW_WK_OUTPUT:
		o->output = v;
		return 0;
	case EW_WK_SYSLOG:
		o->syslog = v;
		return 0;
	case EW_WK_RESPOND:
		if (!strcmp(v, "freeze")) {
			o->freeze = 1;
			return 0;
		}
		snprintf(err, errsize, "%s wants freeze, not '%s'", name, v);
		return -1;
	case EW_WK_RESPOND_EXEC:
		o->respond_exec = v;
		return 0;
	case EW_WK_RESPOND_TIMEOUT:
		return number(name, v, &o->respond_timeout, 0, err, errsize);
	case EW_WK_PROJECT:
		return name_of(name, v, &o->project, err, errsize);
	case EW_WK_CLUSTER:
		return name_of(name, v, &o->cluster, err, errsize);
	case EW_WK_NODE:
		return name_of(name, v, &o->node, err, errsize);
	case EW_WK_LOG_LINES:
		if (number(name, v, &o->log_lines, 1, err, errsize))
			return -1;
		if (o->log_lines <= EW_LOG_LINES_MAX)
			return 0;
		snprintf(err, errsize, "%s wants at most %d lines, not '%s'",
			 name, EW_LOG_LINES_MAX, v);
		return -1;
	case EW_WK_LOOKUP_TIMEOUT:
		if (!number(name, v, &n, 0, err, errsize) &&
		    n >= EW_LOOKUP_TIMEOUT_MIN && n <= EW_LOOKUP_TIMEOUT_MAX) {
			o->lookup_timeout = n;
			return 0;
		}
		snprintf(err, errsize,
			 "%s wants a number of milliseconds from %d to %d, not '%s'",
			 name, EW_LOOKUP_TIMEOUT_MIN, EW_LOOKUP_TIMEOUT_MAX, v);
		return -1;
	case EW_WK_NEW:
		if (!strcmp(v, "yes") || !strcmp(v, "no")) {
			o->new_only = !strcmp(v, "yes");
			return 0;
		}
		snprintf(err, errsize, "%s wants yes or no, not '%s'", name, v);
		return -1;
	case EW_WK_MODE:
		if (!strcmp(v, "audit") || !strcmp(v, "enforce")) {
			o->mode = strcmp(v, "audit") ? EW_MODE_ENFORCE :
						       EW_MODE_AUDIT;
			return 0;
		}
		snprintf(err, errsize, "%s wants audit or enforce, not '%s'",
			 name, v);
		return -1;
	}
	snprintf(err, errsize, "no such setting");
	return -1;
}

/* ew_config_parse()'s callback: keep a copy of the value, then set it. */
static int set_from_file(void *ctx, int key, const char *value, char *err,
			 size_t errsize)
{
	struct ew_watch_opts *o = ctx;
	char *copy = strdup(value);

	if (!copy) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	free(o->owned[key]);	/* a key is given once: never set here */
	o->owned[key] = copy;
	return ew_watch_opt(o, key, copy, ew_watch_keys[key], err, errsize);
}

int ew_watch_config(struct ew_watch_opts *o, const char *path, FILE *log)
{
	return ew_config_read(path, ew_watch_keys, EW_WK_N, set_from_file, o,
			      log);
}
