// SPDX-License-Identifier: GPL-2.0
/*
 * Containers known by a name rather than an id: LXC's configuration,
 * /var/lib/lxc/NAME/config ("key = value" lines, lxc.container.conf(5)),
 * and systemd-machined's record of an nspawn machine,
 * /run/systemd/machines/NAME (KEY=VALUE lines: ROOT, SCOPE or UNIT,
 * REALTIME in microseconds since the epoch; systemd machine.c
 * machine_save()).  Neither has an image: the image is given as the root
 * file system's location, as each names it.  LXD and Incus keep their
 * containers elsewhere (not read).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "container/identity.h"

/* A name that is one path component: not empty, no '/', not hidden. */
static int name_ok(struct ew_lookup *l, const char *name)
{
	if (name[0] && name[0] != '.' && !strchr(name, '/'))
		return 1;
	ew_lookup_why(l, "container name \"%s\" is not a file name", name);
	return 0;
}

/* The value of key in buf's "key SEP value" lines, into out. */
static int value_of(char *buf, const char *key, char sep, char *out,
		    size_t size)
{
	size_t n = strlen(key);
	char *line, *next, *v, *end;

	for (line = buf; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		line += strspn(line, " \t");
		if (strncmp(line, key, n))
			continue;
		v = line + n + strspn(line + n, " \t");
		if (*v != sep)
			continue;
		v++;
		v += strspn(v, " \t");
		end = strchr(v, '\n');
		n = end ? (size_t)(end - v) : strlen(v);
		while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
			n--;
		snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), v);
		return 1;
	}
	return 0;
}

int ew_state_lxc(struct ew_lookup *l, const char *name,
		 struct ew_identity *id)
{
	static const char *const logs[] = { "/var/log/lxc/%s.log",
					    "/var/lib/lxc/%s/%s.log" };
	char path[600], log[600];
	unsigned int i;
	size_t len;
	char *buf;

	if (!name_ok(l, name))
		return 0;
	snprintf(path, sizeof(path), "/var/lib/lxc/%s/config", name);
	if (ew_lookup_file(l, path, 1 << 20, &buf, &len))
		return 0;
	snprintf(id->name, sizeof(id->name), "%s", name);
	value_of(buf, "lxc.rootfs.path", '=', id->image, sizeof(id->image));
	if (value_of(buf, "lxc.console.logfile", '=', id->log,
		     sizeof(id->log)))
		strcpy(id->log_kind, "file");
	for (i = 0; i < 2 && !id->log[0]; i++) {
		snprintf(log, sizeof(log), logs[i], name, name);
		if (ew_lookup_exists(l, log)) {
			snprintf(id->log, sizeof(id->log), "%s", log);
			strcpy(id->log_kind, "file");
		}
	}
	ew_lookup_why(l, "created time: LXC does not record it");
	free(buf);
	return 1;
}

int ew_state_nspawn(struct ew_lookup *l, const char *name,
		    struct ew_identity *id)
{
	char path[600], unit[256], when[32];
	unsigned long long us;
	struct tm tm;
	time_t secs;
	size_t len;
	char *buf;

	if (!name_ok(l, name))
		return 0;
	snprintf(path, sizeof(path), "/run/systemd/machines/%s", name);
	if (ew_lookup_file(l, path, 1 << 16, &buf, &len))
		return 0;
	if (!value_of(buf, "NAME", '=', id->name, sizeof(id->name)))
		snprintf(id->name, sizeof(id->name), "%s", name);
	if (value_of(buf, "ROOT", '=', id->image, sizeof(id->image)) &&
	    id->image[0] != '/')
		id->image[0] = '\0';
	if (value_of(buf, "SCOPE", '=', unit, sizeof(unit)) ||
	    value_of(buf, "UNIT", '=', unit, sizeof(unit))) {
		snprintf(id->log, sizeof(id->log), "_SYSTEMD_UNIT=%s", unit);
		strcpy(id->log_kind, "journald");
	}
	if (value_of(buf, "REALTIME", '=', when, sizeof(when)) &&
	    sscanf(when, "%llu", &us) == 1) {
		secs = (time_t)(us / 1000000);
		if (gmtime_r(&secs, &tm))
			snprintf(id->created, sizeof(id->created),
				 "%04d-%02d-%02dT%02d:%02d:%02d.%06lluZ",
				 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
				 tm.tm_hour, tm.tm_min, tm.tm_sec,
				 us % 1000000);
	}
	free(buf);
	return 1;
}
