/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Read-only access to a BoltDB file (go.etcd.io/bbolt's format), the
 * database of Podman's libpod state (bolt_state.db) and of containerd's
 * metadata (meta.db).  Every byte of the file is untrusted: the two meta
 * pages are checked (magic, version 2, page size, FNV-1a checksum) and the
 * one with the higher transaction id taken; pages are read one at a time
 * with pread(), never past the file or the meta page's high-water mark;
 * every element is checked against its page.  A lookup visits at most
 * EW_BOLT_MAX_PAGES pages, EW_BOLT_MAX_DEPTH deep, and reads at most
 * EW_BOLT_MAX_READ bytes, so that a cycle or a lying count ends with a
 * reason.  Every reason goes into the lookup's why, naming the file.
 * The handle keeps the last bucket a path led to, so that a path that
 * starts with the same names goes on from there: asking for a bucket,
 * then for each of its keys, walks down to it once.  Everything is read
 * as the meta page chosen at the open says (one snapshot).
 *
 * Format: bbolt's page.go (page header {id u64, flags u16, count u16,
 * overflow u32}; branch elements {pos u32, ksize u32, pgid u64}; leaf
 * elements {flags u32, pos u32, ksize u32, vsize u32}, key and value at
 * pos from the element), db.go (meta), bucket.go (a bucket's value: {root
 * pgid u64, sequence u64}, root 0: an inline page follows), all little-
 * endian on the hosts this runs on.
 */
#ifndef EW_BOLT_H
#define EW_BOLT_H

#include <stddef.h>

#include "container/lookup.h"

#define EW_BOLT_MAX_PAGES	4096	/* pages visited per lookup */
#define EW_BOLT_MAX_DEPTH	16	/* branch pages and buckets deep */
#define EW_BOLT_MAX_READ	(32u << 20)	/* bytes read per lookup */
#define EW_BOLT_MAX_PAGE	(4u << 20)	/* one page with its overflow */

struct ew_bolt;

/*
 * The database at path (below l->root), at most max bytes long.  NULL
 * when it is missing, not a regular file, too large or its meta pages
 * are both bad: each said in l->why.  l must outlive the handle.
 */
struct ew_bolt *ew_bolt_open(struct ew_lookup *l, const char *path,
			     unsigned long long max);

void ew_bolt_close(struct ew_bolt *db);

/* The pages read since the open (for tests and measurements). */
unsigned long long ew_bolt_pages(const struct ew_bolt *db);

/*
 * The value of key in the bucket named by path (NULL-terminated array of
 * bucket names, from the top; an empty array: the top level, which holds
 * only buckets).  Returns 0 with *val a new buffer of *len bytes (and a NUL
 * after them; the caller frees it), 1 when a bucket of the path or the key
 * is not there, or the key names a bucket (nothing said: the caller knows
 * whether that matters), -1 when the file is bad (said in why).
 */
int ew_bolt_get(struct ew_bolt *db, const char *const *path,
		const char *key, unsigned char **val, size_t *len);

/*
 * Each key of the bucket named by path, in the file's order, and its value
 * (NULL with vlen 0 for a nested bucket); key and value are valid during
 * the call only.  fn returns non-zero to stop.  Returns 0 when every key
 * was given (or fn stopped), 1 when the bucket is not there, -1 when the
 * file is bad (said in why; the keys before it were given).
 */
typedef int (*ew_bolt_fn)(void *arg, const unsigned char *key, size_t klen,
			  const unsigned char *val, size_t vlen);
int ew_bolt_foreach(struct ew_bolt *db, const char *const *path,
		    ew_bolt_fn fn, void *arg);

/*
 * Go's time.Time.MarshalBinary() (version 1 or 2: seconds since the year
 * 1, nanoseconds, zone offset) as RFC 3339 in UTC, e.g.
 * "2026-12-05T03:25:40.123456789Z".  Returns 0, or -1 when it is not one.
 */
int ew_bolt_go_time(const unsigned char *b, size_t len, char *out,
		    size_t size);

#endif
