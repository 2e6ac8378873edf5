/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A test's scratch tree under /tmp: made with mkdtemp(), removed with
 * everything in it (nftw, depth first, symbolic links not followed).
 */
#ifndef EW_TEST_TMPTREE_H
#define EW_TEST_TMPTREE_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static inline int tmptree_rm_one(const char *path, const struct stat *st,
				 int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* dir is "/tmp/ew-NAME-XXXXXX", size at least 32; 0 or -1. */
static inline int tmptree_make(char *dir, size_t size, const char *name)
{
	snprintf(dir, size, "/tmp/ew-%s-XXXXXX", name);
	return mkdtemp(dir) ? 0 : -1;
}

/* Remove dir and all below it; 0, or -1 when something stayed.  A tree
 * that is not there is removed already.
 */
static inline int tmptree_remove(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st))
		return 0;
	return nftw(dir, tmptree_rm_one, 16, FTW_DEPTH | FTW_PHYS) ? -1 : 0;
}

#endif
