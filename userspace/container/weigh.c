// SPDX-License-Identifier: GPL-2.0
/*
 * An escape command line weighed against the surface, without reading
 * anything:
 *
 *   nsenter ... -t 1 ...   (also -t1, --target 1, --target=1, an unique
 *                          abbreviation of --target, nsenter's other
 *                          options before it, busybox nsenter)
 *       ESCAPE when the container shares the host's PID namespace: PID 1
 *       is the host's init; CONTAINED when it has its own: PID 1 is the
 *       container's.  (Whether setns() then succeeds depends on the
 *       capabilities; the command is aimed at the host either way.)
 *   chroot [--userspec U] [--groups G] [--skip-chdir] DIR ...
 *       ESCAPE when the host's root is mounted at DIR or DIR is below
 *       such a mount point; CONTAINED when the mounts were read and none
 *       is; UNKNOWN when the host's root is mounted below DIR (the command
 *       may still reach it), DIR is relative or has a ".." component.
 *
 * Anything else, or a surface that lacks the part needed, is UNKNOWN.
 * Each option is read as getopt would: nsenter's -m, -u, -i, -n, -p, -U,
 * -C, -T, -r and -w take an optional argument only when attached ("-mt1"
 * is -m with the file "t1", not a target).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "container/surface.h"

#define DIR_LEN	EW_SURFACE_WHERE

static void say(char *why, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (!why || !size)
		return;
	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
}

static const char *base(const char *p)
{
	const char *slash = strrchr(p, '/');

	return slash ? slash + 1 : p;
}

/* "--name[=...]" is an abbreviation (2 letters or more) of long. */
static int long_is(const char *name, size_t n, const char *full)
{
	return n >= 2 && n <= strlen(full) && !strncmp(name, full, n);
}

/* The target of nsenter's options argv[0..argc), or NULL. */
static const char *nsenter_target(const char *const *argv, int argc)
{
	static const char *const req[] = { "setuid", "setgid", "wdns" };
	const char *a, *target = NULL, *eq;
	size_t n, k;
	int i, j;

	for (i = 0; i < argc && (a = argv[i]); i++) {
		if (a[0] != '-' || !a[1] || !strcmp(a, "--"))
			break;
		if (a[1] == '-') {
			eq = strchr(a + 2, '=');
			n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			if (long_is(a + 2, n, "target")) {
				target = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
				continue;
			}
			for (k = 0; k < sizeof(req) / sizeof(req[0]); k++)
				if (!eq && long_is(a + 2, n, req[k]))
					i++;
			continue;
		}
		for (j = 1; a[j]; j++) {
			if (strchr("tSG", a[j])) {
				eq = a[j + 1] ? a + j + 1 :
				     (i + 1 < argc ? argv[++i] : NULL);
				if (a[j] == 't')
					target = eq;
				break;
			}
			if (strchr("muinpUCTrw", a[j]) && a[j + 1])
				break;	/* the rest is its file */
		}
	}
	return target;
}

/* "1", "01" ...: PID 1, as strtoul reads it. */
static int is_pid1(const char *s)
{
	while (*s == '0')
		s++;
	return !strcmp(s, "1");
}

static enum ew_weigh nsenter(const struct ew_surface *s,
			     const char *const *argv, int argc, char *why,
			     size_t size)
{
	const char *t = nsenter_target(argv, argc);

	if (!t || !is_pid1(t))
		return EW_WEIGH_UNKNOWN;
	if (!(s->known & EW_SK_PID_NS)) {
		say(why, size, "nsenter -t 1: whether PID 1 is the host's is unknown (the PID namespace could not be read)");
		return EW_WEIGH_UNKNOWN;
	}
	if (ew_surface_has(s, "host_pid_ns")) {
		say(why, size, "nsenter -t 1 reaches the host's init: the container shares the host's PID namespace");
		return EW_WEIGH_ESCAPE;
	}
	say(why, size, "nsenter -t 1 reaches only this container's own init: it has its own PID namespace");
	return EW_WEIGH_CONTAINED;
}

/*
 * An absolute path with "//", "/./" and a trailing '/' taken out, into
 * out[DIR_LEN]; -1 for a relative path, a ".." or one too long.
 */
static int normalize(const char *p, char *out)
{
	size_t n = 0, c;

	if (p[0] != '/')
		return -1;
	while (*p) {
		while (*p == '/')
			p++;
		c = strcspn(p, "/");
		if (!c)
			break;
		if (c == 2 && p[0] == '.' && p[1] == '.')
			return -1;
		if (!(c == 1 && p[0] == '.')) {
			if (n + 1 + c >= DIR_LEN)
				return -1;
			out[n++] = '/';
			memcpy(out + n, p, c);
			n += c;
		}
		p += c;
	}
	if (!n)
		out[n++] = '/';
	out[n] = '\0';
	return 0;
}

/* a is b, below b (1), or above b (2); 0 otherwise. */
static int under(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	if (!strcmp(a, b) || (nb == 1 && na > 1) ||
	    (na > nb && !memcmp(a, b, nb) && a[nb] == '/'))
		return 1;
	if ((na == 1 && nb > 1) ||
	    (nb > na && !memcmp(a, b, na) && b[na] == '/'))
		return 2;
	return 0;
}

/* The directory of chroot's arguments argv[0..argc), or NULL. */
static const char *chroot_dir(const char *const *argv, int argc)
{
	const char *a, *eq;
	size_t n;
	int i;

	for (i = 0; i < argc && (a = argv[i]); i++) {
		if (!strcmp(a, "--"))
			return i + 1 < argc ? argv[i + 1] : NULL;
		if (a[0] != '-' || !a[1])
			return a;
		if (a[1] != '-')
			return NULL;	/* GNU chroot has no short options */
		eq = strchr(a + 2, '=');
		n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		if (!eq && (long_is(a + 2, n, "userspec") ||
			    long_is(a + 2, n, "groups")))
			i++;
	}
	return NULL;
}

static enum ew_weigh chroot_(const struct ew_surface *s,
			     const char *const *argv, int argc, char *why,
			     size_t size)
{
	const char *dir = chroot_dir(argv, argc);
	char d[DIR_LEN], w[DIR_LEN];
	unsigned int i;
	int r, above = -1, cut = 0;

	if (!dir)
		return EW_WEIGH_UNKNOWN;
	if (normalize(dir, d)) {
		say(why, size, "chroot to a relative path or one with \"..\": where it leads is unknown");
		return EW_WEIGH_UNKNOWN;
	}
	if (!(s->known & EW_SK_MOUNTS)) {
		say(why, size, "chroot %s: the container's mounts are unknown", d);
		return EW_WEIGH_UNKNOWN;
	}
	for (i = 0; i < s->nitems; i++) {
		if (strcmp(s->items[i].id, "mount_host_root"))
			continue;
		if (s->items[i].where_cut || normalize(s->items[i].where, w)) {
			cut = 1;
			continue;
		}
		r = under(d, w);
		if (r == 1 && !strcmp(d, w)) {
			say(why, size, "chroot %s: the host's root is mounted there",
			    d);
			return EW_WEIGH_ESCAPE;
		}
		if (r == 1) {
			say(why, size, "chroot %s: it is below %s, where the host's root is mounted",
			    d, w);
			return EW_WEIGH_ESCAPE;
		}
		if (r == 2 && above < 0)
			above = (int)i;
	}
	if (above >= 0) {
		say(why, size, "chroot %s: the host's root is mounted below it, at %s",
		    d, s->items[above].where);
		return EW_WEIGH_UNKNOWN;
	}
	if (cut) {
		say(why, size, "chroot %s: the host's root is mounted at a path too long to compare",
		    d);
		return EW_WEIGH_UNKNOWN;
	}
	say(why, size, "chroot %s: nothing of the host's root is mounted at %s",
	    d, d);
	return EW_WEIGH_CONTAINED;
}

enum ew_weigh ew_surface_weigh(const struct ew_surface *s,
			       const char *const *argv, int argc,
			       char *why, size_t size)
{
	const char *name;
	int i = 1;

	say(why, size, "%s", "");
	if (!s || !argv || argc < 1 || !argv[0])
		return EW_WEIGH_UNKNOWN;
	name = base(argv[0]);
	if (!strcmp(name, "busybox") && argc > 1 && argv[1]) {
		name = base(argv[1]);
		i = 2;
	}
	if (!strcmp(name, "nsenter"))
		return nsenter(s, argv + i, argc - i, why, size);
	if (!strcmp(name, "chroot"))
		return chroot_(s, argv + i, argc - i, why, size);
	return EW_WEIGH_UNKNOWN;
}
