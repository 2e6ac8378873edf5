// SPDX-License-Identifier: GPL-2.0
/* Read-only BoltDB files, every byte untrusted (bolt.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "container/bolt.h"

#define BOLT_MAGIC	0xED0CDAEDu
#define BOLT_VERSION	2u
#define HDR		16u	/* page header: id, flags, count, overflow */
#define ELEM		16u	/* a branch or a leaf element */
#define META_SUM	56u	/* the meta's bytes the checksum covers */
#define META_LEN	64u
#define F_BRANCH	0x01u
#define F_LEAF		0x02u
#define LEAF_BUCKET	0x01u	/* a leaf element whose value is a bucket */
#define PS_MIN		512u
#define PS_MAX		65536u

/* A page (or an inline bucket's page), in a buffer of its own. */
struct node {
	unsigned char *b;
	size_t len;
	unsigned int flags, count;
};

/* A bucket: its root page, or (root 0) its inline page. */
struct bucket {
	unsigned long long root;
	struct node inl;
};

struct ew_bolt {
	struct ew_lookup *l;
	char path[512];		/* for the reasons */
	int fd;
	unsigned int psize;
	unsigned long long npages;	/* pages that may be read */
	unsigned long long root;	/* the top-level bucket's root page */
	unsigned int visits;		/* pages read by this lookup */
	unsigned long long bytes;	/* bytes read by this lookup */
	unsigned long long pages;	/* pages read since the open */
	/* The last bucket a path led to: a later path that starts with the
	 * same names goes on from it instead of from the top (a caller
	 * asks for a bucket, then for its keys one by one). */
	struct bucket last;
	char *last_names[EW_BOLT_MAX_DEPTH];
	unsigned int last_depth;	/* 0: none kept */
};

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static uint64_t fnv1a64(const unsigned char *p, size_t n)
{
	uint64_t h = 14695981039346656037ULL;

	while (n--) {
		h ^= *p++;
		h *= 1099511628211ULL;
	}
	return h;
}

struct meta {
	unsigned int psize;
	unsigned long long root, pgid, txid;
};

/* The meta at b (META_LEN bytes): NULL when good, else what is wrong. */
static const char *meta_check(const unsigned char *b, struct meta *m)
{
	m->psize = le32(b + 8);
	m->root = le64(b + 16);
	m->pgid = le64(b + 40);
	m->txid = le64(b + 48);
	if (le32(b) != BOLT_MAGIC)
		return "bad magic";
	if (le32(b + 4) != BOLT_VERSION)
		return "not version 2";
	if (m->psize < PS_MIN || m->psize > PS_MAX ||
	    (m->psize & (m->psize - 1)))
		return "bad page size";
	if (fnv1a64(b, META_SUM) != le64(b + META_SUM))
		return "bad checksum";
	return NULL;
}

/* The meta of the page at off, of page size ps (0: as it says). */
static const char *meta_at(struct ew_bolt *db, unsigned long long off,
			   unsigned int ps, struct meta *m)
{
	unsigned char b[HDR + META_LEN];
	const char *bad;

	if (pread(db->fd, b, sizeof(b), (off_t)off) != (ssize_t)sizeof(b))
		return "short";
	bad = meta_check(b + HDR, m);
	if (!bad && ps && m->psize != ps)
		bad = "page size differs";
	return bad;
}

struct ew_bolt *ew_bolt_open(struct ew_lookup *l, const char *path,
			     unsigned long long max)
{
	struct meta m0 = { 0 }, m1 = { 0 }, *m = NULL;
	const char *bad0, *bad1 = "short";
	struct ew_bolt *db;
	char full[4096];
	struct stat st;
	unsigned int ps;

	if (ew_lookup_late(l))
		return NULL;
	if ((size_t)snprintf(full, sizeof(full), "%s%s", l->root, path) >=
	    sizeof(full)) {
		ew_lookup_why(l, "%s: path too long", path);
		return NULL;
	}
	db = calloc(1, sizeof(*db));
	if (!db) {
		ew_lookup_why(l, "%s: out of memory", path);
		return NULL;
	}
	db->l = l;
	snprintf(db->path, sizeof(db->path), "%s", path);
	db->fd = open(full, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (db->fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			ew_lookup_why(l, "%s: missing", path);
		else
			ew_lookup_why(l, "%s: %s", path, strerror(errno));
		free(db);
		return NULL;
	}
	if (fstat(db->fd, &st) || !S_ISREG(st.st_mode)) {
		ew_lookup_why(l, "%s: not a regular file", path);
		goto fail;
	}
	if ((unsigned long long)st.st_size > max) {
		ew_lookup_why(l, "%s: larger than %llu bytes", path, max);
		goto fail;
	}
	/* Meta 0 says the page size, meta 1 is one page on; with meta 0
	 * bad, meta 1 is looked for at each page size it may have. */
	bad0 = meta_at(db, 0, 0, &m0);
	ps = m0.psize >= PS_MIN && m0.psize <= PS_MAX &&
	     !(m0.psize & (m0.psize - 1)) ? m0.psize : 4096;
	bad1 = meta_at(db, ps, ps, &m1);
	if (bad0 && bad1) {
		/* Said as at meta 0's page size; found at any. */
		const char *first = bad1;

		for (ps = PS_MIN; ps <= PS_MAX && bad1; ps <<= 1)
			bad1 = meta_at(db, ps, ps, &m1);
		if (bad1)
			bad1 = first;
	}
	if (!bad0)
		m = &m0;
	if (!bad1 && (!m || m1.txid > m0.txid))
		m = &m1;
	if (!m) {
		ew_lookup_why(l, "%s: no good meta page (0: %s, 1: %s)", path,
			      bad0, bad1);
		goto fail;
	}
	if ((unsigned long long)st.st_size < 2ULL * m->psize) {
		ew_lookup_why(l, "%s: %llu bytes, shorter than its two meta pages",
			      path, (unsigned long long)st.st_size);
		goto fail;
	}
	db->psize = m->psize;
	db->root = m->root;
	db->npages = (unsigned long long)st.st_size / m->psize;
	if (m->pgid < db->npages)
		db->npages = m->pgid;
	ew_lookup_note(l, "%s", path);
	return db;
fail:
	close(db->fd);
	free(db);
	return NULL;
}

static void forget_last(struct ew_bolt *db);

void ew_bolt_close(struct ew_bolt *db)
{
	if (!db)
		return;
	forget_last(db);
	close(db->fd);
	free(db);
}

unsigned long long ew_bolt_pages(const struct ew_bolt *db)
{
	return db->pages;
}

/* Flags and count of a page in n->b, checked against its length. */
static int node_check(struct ew_bolt *db, struct node *n,
		      unsigned long long pgid)
{
	n->flags = le16(n->b + 8);
	n->count = le16(n->b + 10);
	if (n->flags != F_BRANCH && n->flags != F_LEAF) {
		ew_lookup_why(db->l, "%s: page %llu is not a branch or a leaf (flags 0x%x)",
			      db->path, pgid, n->flags);
		return -1;
	}
	if (HDR + (size_t)n->count * ELEM > n->len) {
		ew_lookup_why(db->l, "%s: page %llu: %u elements do not fit in %zu bytes",
			      db->path, pgid, n->count, n->len);
		return -1;
	}
	return 0;
}

static void node_free(struct node *n)
{
	free(n->b);
	n->b = NULL;
	n->len = 0;
}

/* Page pgid with its overflow pages, read into n. */
static int page_read(struct ew_bolt *db, unsigned long long pgid,
		     struct node *n)
{
	unsigned char h[HDR];
	unsigned long long over, size;

	n->b = NULL;
	if (ew_lookup_late(db->l))
		return -1;
	if (++db->visits > EW_BOLT_MAX_PAGES) {
		ew_lookup_why(db->l, "%s: more than %u pages visited",
			      db->path, EW_BOLT_MAX_PAGES);
		return -1;
	}
	if (pgid < 2 || pgid >= db->npages) {
		ew_lookup_why(db->l, "%s: page %llu is outside the data pages (2..%llu)",
			      db->path, pgid, db->npages ? db->npages - 1 : 0);
		return -1;
	}
	if (pread(db->fd, h, HDR, (off_t)(pgid * db->psize)) != HDR) {
		ew_lookup_why(db->l, "%s: page %llu: short read", db->path,
			      pgid);
		return -1;
	}
	if (le64(h) != pgid) {
		ew_lookup_why(db->l, "%s: page %llu says it is page %llu",
			      db->path, pgid, (unsigned long long)le64(h));
		return -1;
	}
	over = le32(h + 12);
	if (over >= db->npages - pgid) {
		ew_lookup_why(db->l, "%s: page %llu: %llu overflow pages go past the end",
			      db->path, pgid, over);
		return -1;
	}
	size = (over + 1) * db->psize;
	if (size > EW_BOLT_MAX_PAGE ||
	    db->bytes + size > EW_BOLT_MAX_READ) {
		ew_lookup_why(db->l, "%s: page %llu: %llu bytes, more than the reader reads",
			      db->path, pgid, size);
		return -1;
	}
	db->bytes += size;
	db->pages++;
	n->b = malloc(size);
	if (!n->b) {
		ew_lookup_why(db->l, "%s: out of memory", db->path);
		return -1;
	}
	n->len = size;
	if (pread(db->fd, n->b, size, (off_t)(pgid * db->psize)) !=
	    (ssize_t)size) {
		ew_lookup_why(db->l, "%s: page %llu: short read", db->path,
			      pgid);
		node_free(n);
		return -1;
	}
	if (node_check(db, n, pgid)) {
		node_free(n);
		return -1;
	}
	return 0;
}

/* Element i's key (and a leaf's value), checked to lie in the page. */
static int elem(struct ew_bolt *db, const struct node *n, unsigned int i,
		const unsigned char **k, size_t *klen,
		const unsigned char **v, size_t *vlen, unsigned int *flags,
		unsigned long long *child)
{
	const unsigned char *e = n->b + HDR + (size_t)i * ELEM;
	uint64_t off = HDR + (uint64_t)i * ELEM, ks, vs = 0;

	if (n->flags == F_BRANCH) {
		off += le32(e);
		ks = le32(e + 4);
		*child = le64(e + 8);
	} else {
		*flags = le32(e);
		off += le32(e + 4);
		ks = le32(e + 8);
		vs = le32(e + 12);
	}
	if (off + ks + vs > n->len) {
		ew_lookup_why(db->l, "%s: element %u of a %s page lies past its end",
			      db->path, i,
			      n->flags == F_BRANCH ? "branch" : "leaf");
		return -1;
	}
	*k = n->b + off;
	*klen = (size_t)ks;
	if (v) {
		*v = n->b + off + ks;
		*vlen = (size_t)vs;
	}
	return 0;
}

/* Keys order as bbolt's: bytes, then length. */
static int keycmp(const unsigned char *a, size_t alen, const char *b,
		  size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* A copy of bucket b's root node, or its root page read. */
static int bucket_root(struct ew_bolt *db, const struct bucket *b,
		       struct node *n)
{
	if (b->root)
		return page_read(db, b->root, n);
	n->b = malloc(b->inl.len);
	if (!n->b) {
		ew_lookup_why(db->l, "%s: out of memory", db->path);
		return -1;
	}
	memcpy(n->b, b->inl.b, b->inl.len);
	n->len = b->inl.len;
	n->flags = b->inl.flags;
	n->count = b->inl.count;
	return 0;
}

/*
 * The leaf element of key in bucket b: 0 with *n the leaf page (the
 * caller frees it) and *idx the element, 1 not there, -1 bad.
 */
static int find(struct ew_bolt *db, const struct bucket *b, const char *key,
		struct node *n, unsigned int *idx)
{
	size_t klen = strlen(key), elen, vlen;
	const unsigned char *e, *v;
	unsigned long long child, next;
	unsigned int i, depth, fl;
	int have;

	if (bucket_root(db, b, n))
		return -1;
	for (depth = 0;; depth++) {
		if (n->flags == F_LEAF) {
			for (i = 0; i < n->count; i++) {
				if (elem(db, n, i, &e, &elen, &v, &vlen, &fl,
					 &child))
					goto bad;
				if (!keycmp(e, elen, key, klen)) {
					*idx = i;
					return 0;
				}
			}
			node_free(n);
			return 1;
		}
		if (depth >= EW_BOLT_MAX_DEPTH) {
			ew_lookup_why(db->l, "%s: branch pages more than %u deep",
				      db->path, EW_BOLT_MAX_DEPTH);
			goto bad;
		}
		/* The last element whose key is not after key, else the
		 * first: bbolt's cursor.search. */
		next = 0;
		have = 0;
		for (i = 0; i < n->count; i++) {
			if (elem(db, n, i, &e, &elen, NULL, NULL, &fl, &child))
				goto bad;
			if (!i || keycmp(e, elen, key, klen) <= 0) {
				next = child;
				have = 1;
			}
		}
		node_free(n);
		if (!have)
			return 1;	/* an empty branch: nothing there */
		if (page_read(db, next, n))
			return -1;
	}
bad:
	node_free(n);
	return -1;
}

/* The bucket whose leaf element is n's idx-th, into *b: 0, 1 not a
 * bucket, -1 bad. */
static int bucket_of(struct ew_bolt *db, const struct node *n,
		     unsigned int idx, struct bucket *b)
{
	const unsigned char *k, *v;
	unsigned long long child;
	unsigned int fl = 0;
	size_t klen, vlen;

	if (elem(db, n, idx, &k, &klen, &v, &vlen, &fl, &child))
		return -1;
	if (!(fl & LEAF_BUCKET))
		return 1;
	if (vlen < 16) {
		ew_lookup_why(db->l, "%s: bucket value of %zu bytes, shorter than a bucket",
			      db->path, vlen);
		return -1;
	}
	b->root = le64(v);
	b->inl.b = NULL;
	if (b->root)
		return 0;
	if (vlen - 16 < HDR) {
		ew_lookup_why(db->l, "%s: inline bucket of %zu bytes, shorter than a page",
			      db->path, vlen - 16);
		return -1;
	}
	b->inl.len = vlen - 16;
	b->inl.b = malloc(b->inl.len);
	if (!b->inl.b) {
		ew_lookup_why(db->l, "%s: out of memory", db->path);
		return -1;
	}
	memcpy(b->inl.b, v + 16, b->inl.len);
	if (node_check(db, &b->inl, 0)) {
		node_free(&b->inl);
		return -1;
	}
	if (b->inl.flags != F_LEAF) {
		ew_lookup_why(db->l, "%s: inline bucket is not a leaf page",
			      db->path);
		node_free(&b->inl);
		return -1;
	}
	return 0;
}

static void forget_last(struct ew_bolt *db)
{
	unsigned int i;

	for (i = 0; i < db->last_depth; i++)
		free(db->last_names[i]);
	node_free(&db->last.inl);
	db->last_depth = 0;
}

/* A copy of bucket src (its inline page too) into *dst: 0, or -1 with
 * no inline page in *dst (never src's: both would free it). */
static int bucket_copy(const struct bucket *src, struct bucket *dst)
{
	*dst = *src;
	if (!src->inl.b)
		return 0;
	dst->inl.b = malloc(src->inl.len);
	if (!dst->inl.b) {
		dst->inl.len = 0;
		return -1;
	}
	memcpy(dst->inl.b, src->inl.b, src->inl.len);
	return 0;
}

/* How many names of path the last bucket kept stands for: all of its
 * own, or 0. */
static unsigned int last_matches(const struct ew_bolt *db,
				 const char *const *path)
{
	unsigned int i;

	for (i = 0; i < db->last_depth; i++)
		if (!path || !path[i] || strcmp(path[i], db->last_names[i]))
			return 0;
	return db->last_depth;
}

/* Keep b, the bucket of path's first depth names, for the next path.
 * Out of memory it is not kept, which costs only time. */
static void keep_last(struct ew_bolt *db, const char *const *path,
		      unsigned int depth, const struct bucket *b)
{
	unsigned int i;

	forget_last(db);
	if (bucket_copy(b, &db->last))
		return;
	for (i = 0; i < depth; i++) {
		db->last_names[i] = strdup(path[i]);
		if (!db->last_names[i])
			break;
	}
	db->last_depth = i;
	if (i < depth)
		forget_last(db);
}

/* The bucket named by path into *b: 0, 1 not there, -1 bad. */
static int bucket_path(struct ew_bolt *db, const char *const *path,
		       struct bucket *b)
{
	const char *const *name = path;
	unsigned int idx, depth, kept;
	struct node n;
	int rc;

	db->visits = 0;
	db->bytes = 0;
	b->root = db->root;
	b->inl.b = NULL;
	depth = kept = last_matches(db, path);
	if (depth) {
		if (bucket_copy(&db->last, b)) {
			ew_lookup_why(db->l, "%s: out of memory", db->path);
			return -1;
		}
		name += depth;
	}
	for (; name && *name; name++) {
		if (++depth > EW_BOLT_MAX_DEPTH) {
			ew_lookup_why(db->l, "%s: buckets more than %u deep",
				      db->path, EW_BOLT_MAX_DEPTH);
			rc = -1;
			goto out;
		}
		rc = find(db, b, *name, &n, &idx);
		node_free(&b->inl);
		if (rc)
			return rc;
		rc = bucket_of(db, &n, idx, b);
		node_free(&n);
		if (rc)
			return rc;
	}
	if (depth > kept)
		keep_last(db, path, depth, b);
	return 0;
out:
	node_free(&b->inl);
	return rc;
}

int ew_bolt_get(struct ew_bolt *db, const char *const *path,
		const char *key, unsigned char **val, size_t *len)
{
	const unsigned char *k, *v;
	unsigned long long child;
	struct bucket b;
	unsigned int idx, fl = 0;
	size_t klen, vlen;
	struct node n;
	int rc;

	*val = NULL;
	*len = 0;
	rc = bucket_path(db, path, &b);
	if (rc)
		return rc;
	rc = find(db, &b, key, &n, &idx);
	node_free(&b.inl);
	if (rc)
		return rc;
	rc = elem(db, &n, idx, &k, &klen, &v, &vlen, &fl, &child);
	if (!rc && (fl & LEAF_BUCKET))
		rc = 1;
	if (!rc) {
		*val = malloc(vlen + 1);
		if (!*val) {
			ew_lookup_why(db->l, "%s: out of memory", db->path);
			rc = -1;
		} else {
			memcpy(*val, v, vlen);
			(*val)[vlen] = '\0';
			*len = vlen;
		}
	}
	node_free(&n);
	return rc;
}

/* Every leaf element below n, depth first: 0, 1 stopped, -1 bad. */
static int walk(struct ew_bolt *db, const struct node *n, unsigned int depth,
		ew_bolt_fn fn, void *arg)
{
	const unsigned char *k, *v;
	unsigned long long child;
	unsigned int i, fl = 0;
	size_t klen, vlen;
	struct node c;
	int rc;

	for (i = 0; i < n->count; i++) {
		if (elem(db, n, i, &k, &klen, n->flags == F_LEAF ? &v : NULL,
			 &vlen, &fl, &child))
			return -1;
		if (n->flags == F_LEAF) {
			if (fn(arg, k, klen, (fl & LEAF_BUCKET) ? NULL : v,
			       (fl & LEAF_BUCKET) ? 0 : vlen))
				return 1;
			continue;
		}
		if (depth >= EW_BOLT_MAX_DEPTH) {
			ew_lookup_why(db->l, "%s: branch pages more than %u deep",
				      db->path, EW_BOLT_MAX_DEPTH);
			return -1;
		}
		if (page_read(db, child, &c))
			return -1;
		rc = walk(db, &c, depth + 1, fn, arg);
		node_free(&c);
		if (rc)
			return rc;
	}
	return 0;
}

int ew_bolt_foreach(struct ew_bolt *db, const char *const *path,
		    ew_bolt_fn fn, void *arg)
{
	struct bucket b;
	struct node n;
	int rc;

	rc = bucket_path(db, path, &b);
	if (rc)
		return rc;
	rc = bucket_root(db, &b, &n);
	node_free(&b.inl);
	if (rc)
		return -1;
	rc = walk(db, &n, 0, fn, arg);
	node_free(&n);
	return rc < 0 ? -1 : 0;
}

int ew_bolt_go_time(const unsigned char *b, size_t len, char *out,
		    size_t size)
{
	/* Seconds from 0001-01-01 to 1970-01-01, as Go counts them. */
	const long long to_unix = 62135596800LL;
	long long sec;
	unsigned long nsec;
	char frac[16] = "";
	struct tm tm;
	time_t t;
	int i, n;

	if (!len || (b[0] == 1 ? len != 15 : b[0] == 2 ? len != 16 : 1))
		return -1;
	sec = (long long)((uint64_t)b[1] << 56 | (uint64_t)b[2] << 48 |
			  (uint64_t)b[3] << 40 | (uint64_t)b[4] << 32 |
			  (uint64_t)b[5] << 24 | (uint64_t)b[6] << 16 |
			  (uint64_t)b[7] << 8 | b[8]);
	nsec = (unsigned long)b[9] << 24 | (unsigned long)b[10] << 16 |
	       (unsigned long)b[11] << 8 | b[12];
	/* Years 1..9999 only, as RFC 3339 has them. */
	if (nsec > 999999999UL || sec < 0 || sec >= 315537897600LL)
		return -1;
	t = (time_t)(sec - to_unix);
	if (!gmtime_r(&t, &tm))
		return -1;
	if (nsec) {
		snprintf(frac, sizeof(frac), ".%09lu", nsec);
		for (i = (int)strlen(frac) - 1; frac[i] == '0'; i--)
			frac[i] = '\0';
	}
	n = snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%sZ",
		     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		     tm.tm_min, tm.tm_sec, frac);
	return n > 0 && (size_t)n < size ? 0 : -1;
}
