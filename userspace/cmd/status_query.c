// SPDX-License-Identifier: GPL-2.0
/*
 * escapewatch status: whether the module is loaded and attached (from
 * sysfs), and its counters (from the device), with the reason when they
 * cannot be had.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/status.h"
#include "input/device.h"
#include "input/missing.h"

/* What sysfs says of the module. */
enum sysfs_state {
	SYSFS_UNKNOWN,	/* no sysfs (no module directory) to ask */
	SYSFS_ABSENT,	/* not loaded */
	SYSFS_PRESENT,	/* loaded; initstate unreadable */
	SYSFS_LIVE,	/* loaded, its init done: attached to execs */
	SYSFS_COMING,	/* still in its init */
	SYSFS_GOING,	/* being unloaded */
};

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static enum sysfs_state sysfs_state(const char *sysfs)
{
	char path[4096], word[16] = "";
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/module", sysfs);
	if (!is_dir(path))
		return SYSFS_UNKNOWN;
	snprintf(path, sizeof(path), "%s/module/" EW_DEVICE_NAME, sysfs);
	if (!is_dir(path))
		return SYSFS_ABSENT;
	snprintf(path, sizeof(path), "%s/module/" EW_DEVICE_NAME "/initstate",
		 sysfs);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return SYSFS_PRESENT;
	n = read(fd, word, sizeof(word) - 1);
	close(fd);
	if (n <= 0)
		return SYSFS_PRESENT;
	word[n] = '\0';
	word[strcspn(word, "\n")] = '\0';
	if (!strcmp(word, "live"))
		return SYSFS_LIVE;
	if (!strcmp(word, "coming"))
		return SYSFS_COMING;
	if (!strcmp(word, "going"))
		return SYSFS_GOING;
	return SYSFS_PRESENT;
}

int ew_status_exit(const struct ew_status *s)
{
	if (!s->loaded)
		return EW_STATUS_NOT_LOADED;
	if (!s->have_stats || !s->attached)
		return EW_STATUS_UNREADABLE;
	return EW_STATUS_OK;
}

/* Why the device at path could not be opened (errno e, device.c's err). */
static void explain(struct ew_status *s, const char *path, const char *sysfs,
		    const char *modules, enum sysfs_state state, int e,
		    const char *err)
{
	int no_node = e == ENOENT, no_driver = e == ENODEV || e == ENXIO;
	const char *what = no_node ? "no device node" : "no driver behind";
	char hint[192];

	ew_missing_hint(sysfs, modules, NULL, hint, sizeof(hint));
	if ((no_node || no_driver) && !s->loaded && state == SYSFS_ABSENT) {
		snprintf(s->error, sizeof(s->error),
			 "the escapewatch module is not loaded (no %s/module/" EW_DEVICE_NAME ", %s %s): modprobe escapewatch%s",
			 sysfs, what, path, hint);
	} else if ((no_node || no_driver) && !s->loaded) {
		snprintf(s->error, sizeof(s->error),
			 "the escapewatch module is not loaded (%s %s): modprobe escapewatch%s",
			 what, path, hint);
	} else if (no_node) {
		snprintf(s->error, sizeof(s->error),
			 "%s: no device node, though the module is loaded (is udev running? is --device right?)",
			 path);
	} else if (no_driver) {
		snprintf(s->error, sizeof(s->error),
			 "%s: no device behind this node, though the module is loaded (a node left from an earlier load? is --device right?)",
			 path);
	} else {
		snprintf(s->error, sizeof(s->error), "%s", err);
	}
}

int ew_status_query(struct ew_status *s, const char *device,
		    const char *sysfs, const char *modules)
{
	enum sysfs_state state = sysfs_state(sysfs);
	char err[512];
	int fd, e;

	memset(s, 0, sizeof(*s));
	fd = ew_device_open(device, 0, err, sizeof(err));
	if (fd < 0) {
		e = errno;
		/* Another ABI's module answered: loaded all the same. */
		s->loaded = e == EPROTO ||
			    (state != SYSFS_UNKNOWN && state != SYSFS_ABSENT);
		s->attached = state == SYSFS_LIVE;
		explain(s, device, sysfs, modules, state, e, err);
		return ew_status_exit(s);
	}
	s->loaded = 1;
	s->attached = state != SYSFS_COMING && state != SYSFS_GOING;
	if (ioctl(fd, EW_IOC_STATS, &s->st) < 0)
		snprintf(s->error, sizeof(s->error), "%s: statistics: %s",
			 device, strerror(errno));
	else
		s->have_stats = 1;
	close(fd);
	if (!s->attached && !*s->error)
		snprintf(s->error, sizeof(s->error),
			 "the module is loaded but not attached: it is %s",
			 state == SYSFS_COMING ? "still starting" : "being unloaded");
	return ew_status_exit(s);
}
