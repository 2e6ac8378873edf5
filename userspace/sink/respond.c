// SPDX-License-Identifier: GPL-2.0
/* --respond=freeze: freeze a finding's container; see respond.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/escape.h"
#include "container/cgroup.h"
#include "sink/respond.h"

#define LABEL_SIZE	sizeof(((struct ew_respond *)0)->frozen[0])

/* The path of a "0::PATH" line of a /proc/PID/cgroup file; NULL if none. */
static char *read_self_cgroup(const char *file)
{
	FILE *in = fopen(file, "r");
	char *line = NULL, *path = NULL;
	size_t size = 0;
	ssize_t n;

	if (!in)
		return NULL;
	while (!path && (n = getline(&line, &size, in)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (!strncmp(line, "0::/", 4))
			path = strdup(line + 3);
	}
	free(line);
	fclose(in);
	return path;
}

void ew_respond_init(struct ew_respond *r, FILE *log, const char *mountinfo,
		    const char *proc_cgroup)
{
	char mnt[PATH_MAX];
	const char *rel;

	memset(r, 0, sizeof(*r));
	r->log = log;
	r->mountinfo = mountinfo ? mountinfo : EW_MOUNTINFO;
	if (!proc_cgroup)
		proc_cgroup = EW_PROC_CGROUP;
	if (*proc_cgroup)
		r->self_cgroup = read_self_cgroup(proc_cgroup);
	if (!ew_cgroup2_mount(r->mountinfo, "/", mnt, sizeof(mnt), &rel))
		fprintf(log, "escapewatch: --respond=freeze: %s lists no cgroup2 mount (cgroup v1?): freezing needs cgroup v2, findings will be refused until one is mounted\n",
			r->mountinfo);
}

void ew_respond_close(struct ew_respond *r)
{
	free(r->self_cgroup);
	free(r->frozen);
	r->self_cgroup = NULL;
	r->frozen = NULL;
	r->nfrozen = r->cap = 0;
}

/* Undo mountinfo's octal escapes (\040 for a space ...) in place. */
static void unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
					(s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* Whether cgroup lies at or below root ("/x" encloses "/x" and "/x/y"). */
static const char *below(const char *cgroup, const char *root)
{
	size_t n = strlen(root);

	if (!strcmp(root, "/"))
		return cgroup + 1;
	if (strncmp(cgroup, root, n) || (cgroup[n] && cgroup[n] != '/'))
		return NULL;
	return cgroup[n] ? cgroup + n + 1 : cgroup + n;
}

int ew_cgroup2_mount(const char *mountinfo, const char *cgroup, char *mnt,
		     size_t size, const char **rel)
{
	FILE *in = fopen(mountinfo, "r");
	char *line = NULL, *field[5], *sep, *save;
	size_t linesize = 0;
	int found = 0, i;

	if (!in)
		return -2;
	while (found != 1 && getline(&line, &linesize, in) > 0) {
		/* id parent major:minor root mountpoint opts... - type ... */
		sep = strstr(line, " - ");
		if (!sep || strncmp(sep + 3, "cgroup2 ", 8))
			continue;
		*sep = '\0';
		field[0] = strtok_r(line, " ", &save);
		for (i = 1; i < 5 && field[i - 1]; i++)
			field[i] = strtok_r(NULL, " ", &save);
		if (!field[0] || !field[4])
			continue;
		found = -1;
		unescape(field[3]);
		unescape(field[4]);
		if (field[3][0] != '/' || field[4][0] != '/' ||
		    strlen(field[4]) >= size)
			continue;
		*rel = below(cgroup, field[3]);
		if (*rel) {
			strcpy(mnt, field[4]);
			found = 1;
		}
	}
	free(line);
	fclose(in);
	return found;
}

size_t ew_container_cgroup_len(const char *p, size_t len,
			       const struct ew_container *c)
{
	struct ew_container here;
	size_t n;

	for (n = 1; n < len; n++) {
		if (p[n] != '/')
			continue;
		if (ew_container_parse(p, n, &here) == 1 &&
		    !strcmp(here.runtime, c->runtime) &&
		    !strcmp(here.id, c->id) &&
		    !strcmp(here.pod_uid, c->pod_uid))
			return n;
	}
	return len;
}

/*
 * Why path is not one this reader writes below, or NULL: absolute, not
 * the root, no empty, "." or ".." component.
 */
static const char *bad_path(const char *path)
{
	const char *s, *e;
	size_t n;

	if (path[0] != '/')
		return "is not an absolute path";
	if (!path[1])
		return "is the root of the cgroup hierarchy";
	for (s = path + 1; ; s = e + 1) {
		e = strchr(s, '/');
		n = e ? (size_t)(e - s) : strlen(s);
		if (!n)
			return "has an empty component";
		if ((n == 1 && s[0] == '.') ||
		    (n == 2 && s[0] == '.' && s[1] == '.'))
			return "has a \".\" or \"..\" component";
		if (!e)
			return NULL;
	}
}

/* Whether cgroup is inner or encloses it. */
static int encloses(const char *cgroup, const char *inner)
{
	size_t n = strlen(cgroup);

	return !strncmp(inner, cgroup, n) && (!inner[n] || inner[n] == '/');
}

static int was_frozen(const struct ew_respond *r, const char *label)
{
	size_t i;

	for (i = 0; i < r->nfrozen; i++)
		if (!strcmp(r->frozen[i], label))
			return 1;
	return 0;
}

static void remember(struct ew_respond *r, const char *label)
{
	char (*more)[LABEL_SIZE];
	size_t cap;

	if (r->nfrozen == r->cap) {
		cap = r->cap ? 2 * r->cap : 16;
		more = realloc(r->frozen, cap * LABEL_SIZE);
		if (!more)
			return;		/* frozen again next time: harmless */
		r->frozen = more;
		r->cap = cap;
	}
	snprintf(r->frozen[r->nfrozen++], LABEL_SIZE, "%s", label);
}

/*
 * Open rel (components separated by '/') below the directory dirfd, one
 * directory at a time, never following a symbolic link and never onto
 * another filesystem.  Returns the directory's fd, or -1 with errno
 * (EXDEV: another filesystem).
 */
static int open_below(int dirfd, char *rel)
{
	struct stat top, st;
	char *comp, *save;
	int fd = dirfd, next;

	if (fstat(dirfd, &top))
		return -1;
	for (comp = strtok_r(rel, "/", &save); comp;
	     comp = strtok_r(NULL, "/", &save)) {
		next = openat(fd, comp,
			      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd != dirfd)
			close(fd);
		if (next < 0)
			return -1;
		fd = next;
		if (fstat(fd, &st) || st.st_dev != top.st_dev) {
			close(fd);
			errno = EXDEV;
			return -1;
		}
	}
	return fd == dirfd ? dup(fd) : fd;
}

/*
 * Write "1" to cgroup.freeze of mnt/rel.  Returns NULL, or why not with
 * errno set; *missing when mnt/rel is no directory below mnt.
 */
static const char *write_freeze(const char *mnt, const char *rel,
				int *missing)
{
	const char *why = "out of memory";
	char *path = strdup(rel);
	int top = -1, dir = -1, fd = -1, err = ENOMEM;

	*missing = 0;
	if (!path)
		goto out;
	why = "cannot open the cgroup2 mount";
	top = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (top < 0)
		goto fail;
	why = "cannot open its directory";
	dir = open_below(top, path);
	if (dir < 0) {
		*missing = errno == ENOENT || errno == ENOTDIR ||
			   errno == ELOOP || errno == EXDEV;
		goto fail;
	}
	fd = openat(dir, "cgroup.freeze", O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		why = errno == ENOENT ? "no cgroup.freeze (a kernel before 5.2?)" :
					"cannot open cgroup.freeze";
		goto fail;
	}
	why = "cannot write cgroup.freeze";
	if (write(fd, "1", 1) == 1)
		why = NULL;
fail:
	err = errno;
out:
	if (fd >= 0)
		close(fd);
	if (dir >= 0)
		close(dir);
	if (top >= 0)
		close(top);
	free(path);
	errno = err;
	return why;
}

static enum ew_respond_result refuse(struct ew_respond *r,
				     const struct ew_finding *f,
				     const char *cg, const char *why)
{
	char *esc = ew_escape_dup(cg, strlen(cg), EW_ESC_TERM);

	r->refused++;
	fprintf(r->log, "escapewatch: not freezing for finding %s: cgroup %s %s\n",
		f->id, esc ? esc : "?", why);
	free(esc);
	return EW_RESPOND_REFUSED;
}

static enum ew_respond_result fail(struct ew_respond *r,
				   const struct ew_finding *f,
				   const char *label, const char *cg,
				   const char *why, int err)
{
	char *esc = ew_escape_dup(cg, strlen(cg), EW_ESC_TERM);

	r->failed++;
	fprintf(r->log, "escapewatch: could not freeze container %s (cgroup %s) for finding %s: %s%s%s\n",
		label, esc ? esc : "?", f->id, why, err ? ": " : "",
		err ? strerror(err) : "");
	free(esc);
	return EW_RESPOND_FAILED;
}

static enum ew_respond_result freeze(struct ew_respond *r,
				     const struct ew_finding *f,
				     const char *label, const char *cg)
{
	char mnt[PATH_MAX], *esc;
	const char *rel, *why;
	int missing, found;

	why = bad_path(cg);
	if (why)
		return refuse(r, f, cg, why);
	found = ew_cgroup2_mount(r->mountinfo, cg, mnt, sizeof(mnt), &rel);
	if (found == -2)
		return fail(r, f, label, cg, "cannot read the mount table", errno);
	if (!found)
		return refuse(r, f, cg, "cannot be frozen: no cgroup2 mount (cgroup v1?); freezing needs cgroup v2");
	if (found < 0 || !*rel)
		return refuse(r, f, cg, "is not below the cgroup2 mount");
	if (r->self_cgroup && encloses(cg, r->self_cgroup))
		return refuse(r, f, cg, "holds escapewatch itself");
	why = write_freeze(mnt, rel, &missing);
	if (why && missing)
		return refuse(r, f, cg, "is not a directory below the cgroup2 mount");
	if (why)
		return fail(r, f, label, cg, why, errno);
	remember(r, label);
	r->froze++;
	esc = ew_escape_dup(cg, strlen(cg), EW_ESC_TERM);
	fprintf(r->log, "escapewatch: froze container %s (cgroup %s) for finding %s\n",
		label, esc ? esc : "?", f->id);
	free(esc);
	return EW_RESPOND_FROZE;
}

enum ew_respond_result ew_respond_freeze(struct ew_respond *r,
					 const struct ew_finding *f)
{
	const struct ew_text *cgroup = &f->ev->cgroup;
	char label[LABEL_SIZE], *cg;
	enum ew_respond_result res;
	size_t len;

	if (!f->container_known) {
		r->refused++;
		cg = ew_escape_dup(cgroup->p ? cgroup->p : "",
				   cgroup->p ? cgroup->len : 0, EW_ESC_TERM);
		fprintf(r->log, "escapewatch: not freezing for finding %s: cgroup %s names no container (the host's own cgroups are never frozen)\n",
			f->id, cg ? (*cg ? cg : "(none)") : "?");
		free(cg);
		return EW_RESPOND_REFUSED;
	}
	ew_container_label(f, label, sizeof(label));
	if (was_frozen(r, label)) {
		r->already++;
		fprintf(r->log, "escapewatch: container %s of finding %s is frozen already\n",
			label, f->id);
		return EW_RESPOND_ALREADY;
	}
	len = ew_container_cgroup_len(cgroup->p, cgroup->len, &f->container);
	cg = malloc(len + 1);
	if (!cg)
		return fail(r, f, label, "?", "out of memory", 0);
	memcpy(cg, cgroup->p, len);
	cg[len] = '\0';
	if (strlen(cg) != len)
		res = refuse(r, f, cg, "holds a NUL byte");
	else
		res = freeze(r, f, label, cg);
	free(cg);
	return res;
}

void ew_respond_summary(const struct ew_respond *r)
{
	fprintf(r->log,
		"escapewatch: --respond=freeze: %llu container(s) frozen, %llu finding(s) of a frozen container, %llu refused, %llu failed\n",
		r->froze, r->already, r->refused, r->failed);
}
