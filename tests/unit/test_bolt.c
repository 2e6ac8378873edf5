// SPDX-License-Identifier: GPL-2.0
/*
 * The BoltDB reader (container/bolt.h) and its use for Podman and
 * containerd.
 *
 * Real databases: tests/unit/samples/bolt/ (README there): Podman 4.3.1's
 * bolt_state.db and containerd 1.6.20's meta.db from the Podman test VM,
 * unpacked by the Makefile into EW_BOLT_DIR; what they must give is what
 * `podman inspect` and `ctr containers info` said, kept beside them.
 *
 * Hostile databases: written here by a minimal writer of bbolt's layout
 * (meta pages, branch and leaf pages, buckets on pages and inline), then
 * spoiled one way each; every one is refused with a reason, none crashes
 * (the tests also run under ASan and UBSan), and random byte flips of a
 * good one end in an answer or a reason.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "tmptree.h"
#include "container/bolt.h"
#include "container/identity.h"

#define PS	4096u
#define NPAGES	8u

/*
 * Allocation failure: this test is linked with --wrap=malloc and
 * --wrap=calloc (Makefile), so the reader's allocations come here; with
 * fail_at at n the n-th from then on fails (fail_at is then 0).
 */
static long fail_at;

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);

static int fail_now(void)
{
	return fail_at > 0 && --fail_at == 0;
}

void *__wrap_malloc(size_t size)
{
	return fail_now() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

/* ---- a minimal writer of bbolt's layout ---- */

static void put16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static void header(unsigned char *p, uint64_t id, uint16_t flags,
		   uint16_t count, uint32_t overflow)
{
	put64(p, id);
	put16(p + 8, flags);
	put16(p + 10, count);
	put32(p + 12, overflow);
}

static void sum(unsigned char *m)
{
	uint64_t h = 14695981039346656037ULL;
	int i;

	for (i = 0; i < 56; i++) {
		h ^= m[i];
		h *= 1099511628211ULL;
	}
	put64(m + 56, h);
}

static void meta(unsigned char *db, uint64_t id, uint32_t ps, uint64_t root,
		 uint64_t hwm, uint64_t txid)
{
	unsigned char *p = db + id * ps, *m = p + 16;

	header(p, id, 0x04, 0, 0);
	put32(m, 0xED0CDAED);
	put32(m + 4, 2);
	put32(m + 8, ps);
	put32(m + 12, 0);
	put64(m + 16, root);
	put64(m + 24, 0);
	put64(m + 32, 2);	/* freelist */
	put64(m + 40, hwm);
	put64(m + 48, txid);
	sum(m);
}

struct kv {
	const char *k;
	const void *v;
	size_t vlen;
	uint32_t flags;
};

/* A leaf page of n elements at p; returns its length. */
static size_t leaf(unsigned char *p, uint64_t id, int n, const struct kv *kv)
{
	size_t data = 16 + 16 * (size_t)n, klen;
	int i;

	header(p, id, 0x02, (uint16_t)n, 0);
	for (i = 0; i < n; i++) {
		unsigned char *e = p + 16 + 16 * i;

		klen = strlen(kv[i].k);
		put32(e, kv[i].flags);
		put32(e + 4, (uint32_t)(p + data - e));
		put32(e + 8, (uint32_t)klen);
		put32(e + 12, (uint32_t)kv[i].vlen);
		memcpy(p + data, kv[i].k, klen);
		memcpy(p + data + klen, kv[i].v, kv[i].vlen);
		data += klen + kv[i].vlen;
	}
	return data;
}

static void branch(unsigned char *p, uint64_t id, int n, const char **keys,
		   const uint64_t *child)
{
	size_t data = 16 + 16 * (size_t)n, klen;
	int i;

	header(p, id, 0x01, (uint16_t)n, 0);
	for (i = 0; i < n; i++) {
		unsigned char *e = p + 16 + 16 * i;

		klen = strlen(keys[i]);
		put32(e, (uint32_t)(p + data - e));
		put32(e + 4, (uint32_t)klen);
		put64(e + 8, child[i]);
		memcpy(p + data, keys[i], klen);
		data += klen;
	}
}

/*
 * The good database: metas 0 (txid 1) and 1 (txid 2), root page 3 with
 * bucket "b" (root page 4, a branch over leaves 5 and 6) and bucket "inl"
 * (inline: x=y); page 7 a leaf left for the tests' own use.
 */
static unsigned char *good(void)
{
	unsigned char *db = calloc(NPAGES, PS), inl[16 + 64], bv[16];
	const char *keys[] = { "a", "m" };
	const uint64_t child[] = { 5, 6 };
	struct kv x[] = { { "x", "y", 1, 0 } };
	size_t il;

	assert_non_null(db);
	meta(db, 0, PS, 3, NPAGES, 1);
	meta(db, 1, PS, 3, NPAGES, 2);
	header(db + 2 * PS, 2, 0x10, 0, 0);
	memset(inl, 0, 16);
	il = leaf(inl + 16, 0, 1, x);
	memset(bv, 0, sizeof(bv));
	put64(bv, 4);
	{
		struct kv top[] = { { "b", bv, 16, 1 },
				    { "inl", inl, 16 + il, 1 } };

		leaf(db + 3 * PS, 3, 2, top);
	}
	branch(db + 4 * PS, 4, 2, keys, child);
	{
		struct kv l5[] = { { "a", "1", 1, 0 }, { "c", "3", 1, 0 } };
		struct kv l6[] = { { "m", "13", 2, 0 }, { "z", "26", 2, 0 } };

		leaf(db + 5 * PS, 5, 2, l5);
		leaf(db + 6 * PS, 6, 2, l6);
	}
	header(db + 7 * PS, 7, 0x02, 0, 0);
	return db;
}

static char tmpfile_path[64];

static void save(const unsigned char *db, size_t len)
{
	FILE *f;

	snprintf(tmpfile_path, sizeof(tmpfile_path), "/tmp/ew-bolt-%d.db",
		 (int)getpid());
	f = fopen(tmpfile_path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(db, 1, len, f), len);
	fclose(f);
}

static struct ew_lookup L;

static struct ew_bolt *open_db(const unsigned char *db, size_t len)
{
	save(db, len);
	ew_lookup_init(&L, "", 0);
	return ew_bolt_open(&L, tmpfile_path, 1 << 20);
}

static const char *const B[] = { "b", NULL };
static const char *const INL[] = { "inl", NULL };

/* get as a string, "" and the code else. */
static int get(struct ew_bolt *b, const char *const *path, const char *key,
	       char *out, size_t size)
{
	unsigned char *v;
	size_t len;
	int rc = ew_bolt_get(b, path, key, &v, &len);

	out[0] = '\0';
	if (!rc) {
		snprintf(out, size, "%.*s", (int)len, (char *)v);
		free(v);
	}
	return rc;
}

static int collect(void *arg, const unsigned char *k, size_t klen,
		   const unsigned char *v, size_t vlen)
{
	char *out = arg;
	size_t n = strlen(out);

	snprintf(out + n, 256 - n, "%.*s=%.*s,", (int)klen, (const char *)k,
		 v ? (int)vlen : 8, v ? (const char *)v : "<bucket>");
	return 0;
}

static void writer_is_right(void **state)
{
	unsigned char *db = good();
	struct ew_bolt *b = open_db(db, NPAGES * PS);
	const char *const top[] = { NULL };
	const char *const through[] = { "b", "a", NULL };
	char v[256] = "";

	(void)state;
	assert_non_null(b);
	assert_int_equal(get(b, B, "a", v, sizeof(v)), 0);
	assert_string_equal(v, "1");
	assert_int_equal(get(b, B, "c", v, sizeof(v)), 0);
	assert_string_equal(v, "3");
	assert_int_equal(get(b, B, "z", v, sizeof(v)), 0);
	assert_string_equal(v, "26");
	assert_int_equal(get(b, B, "m", v, sizeof(v)), 0);
	assert_string_equal(v, "13");
	assert_int_equal(get(b, B, "b", v, sizeof(v)), 1);
	assert_int_equal(get(b, B, "", v, sizeof(v)), 1);
	assert_int_equal(get(b, B, "zz", v, sizeof(v)), 1);
	assert_int_equal(get(b, INL, "x", v, sizeof(v)), 0);
	assert_string_equal(v, "y");
	assert_int_equal(get(b, through, "x", v, sizeof(v)), 1);
	/* A key naming a bucket has no value. */
	assert_int_equal(get(b, top, "b", v, sizeof(v)), 1);
	v[0] = '\0';
	assert_int_equal(ew_bolt_foreach(b, B, collect, v), 0);
	assert_string_equal(v, "a=1,c=3,m=13,z=26,");
	v[0] = '\0';
	assert_int_equal(ew_bolt_foreach(b, top, collect, v), 0);
	assert_string_equal(v, "b=<bucket>,inl=<bucket>,");
	assert_int_equal(ew_bolt_foreach(b, through, collect, v), 1);
	assert_string_equal(L.why, "");
	assert_non_null(strstr(L.read, tmpfile_path));
	ew_bolt_close(b);
	free(db);
}

/* Open must fail (or, with key, the lookup of b/key) saying want. */
static void refused(unsigned char *db, size_t len, const char *key,
		    const char *want)
{
	struct ew_bolt *b = open_db(db, len);
	char v[256] = "";

	if (!key) {
		assert_null(b);
	} else {
		assert_non_null(b);
		assert_int_equal(get(b, B, key, v, sizeof(v)), -1);
		v[0] = '\0';
		assert_int_equal(ew_bolt_foreach(b, B, collect, v), -1);
		ew_bolt_close(b);
	}
	if (!strstr(L.why, want))
		fail_msg("why: '%s', want '%s'", L.why, want);
	free(db);
}

static void bad_magic(void **state)
{
	unsigned char *db = good();

	(void)state;
	db[16] ^= 1;
	db[PS + 16] ^= 1;
	refused(db, NPAGES * PS, NULL, "no good meta page (0: bad magic, 1: bad magic)");
}

static void bad_checksum(void **state)
{
	unsigned char *db = good();

	(void)state;
	db[16 + 48] ^= 0x80;		/* txid, not summed again */
	db[PS + 16 + 60] ^= 1;		/* the checksum itself */
	refused(db, NPAGES * PS, NULL, "0: bad checksum, 1: bad checksum");
}

static void bad_version_and_page_size(void **state)
{
	unsigned char *db = good();

	(void)state;
	put32(db + 16 + 4, 1);
	sum(db + 16);
	put32(db + PS + 16 + 8, 3000);
	sum(db + PS + 16);
	refused(db, NPAGES * PS, NULL, "0: not version 2, 1: bad page size");
}

static void short_file(void **state)
{
	unsigned char *db = good();

	(void)state;
	refused(db, 100, NULL, "100 bytes, shorter than its two meta pages");
	db = good();
	refused(db, 60, NULL, "no good meta page (0: short, 1: short)");
}

/* One good meta is enough; of two, the higher txid wins. */
static void meta_choice(void **state)
{
	unsigned char *db = good();
	struct ew_bolt *b;
	char v[64];

	(void)state;
	/* Meta 1 (txid 2) points at an empty leaf: b is not there. */
	meta(db, 1, PS, 7, NPAGES, 2);
	b = open_db(db, NPAGES * PS);
	assert_non_null(b);
	assert_int_equal(get(b, B, "a", v, sizeof(v)), 1);
	ew_bolt_close(b);
	/* Meta 1 bad: meta 0's tree. */
	db[PS + 16 + 60] ^= 1;
	b = open_db(db, NPAGES * PS);
	assert_non_null(b);
	assert_int_equal(get(b, B, "a", v, sizeof(v)), 0);
	ew_bolt_close(b);
	/* Meta 0 bad, meta 1 (txid 3, root 3) found at its page size. */
	db[16 + 60] ^= 1;
	meta(db, 1, PS, 3, NPAGES, 3);
	b = open_db(db, NPAGES * PS);
	assert_non_null(b);
	assert_int_equal(get(b, B, "z", v, sizeof(v)), 0);
	assert_string_equal(v, "26");
	ew_bolt_close(b);
	free(db);
}

static void page_past_the_end(void **state)
{
	unsigned char *db = good();

	(void)state;
	put64(db + 3 * PS + 16 + 32 + 1, 100);	/* b's root: page 100 */
	refused(db, NPAGES * PS, "a", "page 100 is outside the data pages");
	db = good();
	/* The high-water mark cuts the file: page 6 is past it. */
	meta(db, 0, PS, 3, 6, 1);
	meta(db, 1, PS, 3, 6, 2);
	refused(db, NPAGES * PS, "z", "page 6 is outside the data pages");
	db = good();
	/* The file ends before page 6 does. */
	refused(db, 6 * PS, "z", "page 6 is outside");
	db = good();
	put64(db + 4 * PS + 16 + 8, 1);		/* a meta page as a child */
	refused(db, NPAGES * PS, "a", "page 1 is outside");
}

static void page_says_other_id(void **state)
{
	unsigned char *db = good();

	(void)state;
	put64(db + 5 * PS, 6);
	refused(db, NPAGES * PS, "a", "page 5 says it is page 6");
}

static void element_past_the_page(void **state)
{
	unsigned char *db = good();

	(void)state;
	put32(db + 5 * PS + 16 + 4, 0xfffffff0);	/* a's pos */
	refused(db, NPAGES * PS, "a", "element 0 of a leaf page lies past its end");
	db = good();
	put32(db + 6 * PS + 16 + 16 + 12, PS);		/* z's vsize */
	refused(db, NPAGES * PS, "z", "element 1 of a leaf page lies past its end");
	db = good();
	put32(db + 4 * PS + 16 + 4, 0x7fffffff);	/* branch key size */
	refused(db, NPAGES * PS, "a", "element 0 of a branch page lies past its end");
}

static void count_lies(void **state)
{
	unsigned char *db = good();

	(void)state;
	put16(db + 5 * PS + 10, 60000);
	refused(db, NPAGES * PS, "a", "page 5: 60000 elements do not fit in 4096 bytes");
	db = good();
	put16(db + 5 * PS + 8, 0x04);			/* a meta page's flags */
	refused(db, NPAGES * PS, "a", "page 5 is not a branch or a leaf");
}

static void branch_to_itself(void **state)
{
	unsigned char *db = good();

	(void)state;
	put64(db + 4 * PS + 16 + 8, 4);
	put64(db + 4 * PS + 32 + 8, 4);
	refused(db, NPAGES * PS, "a", "branch pages more than 16 deep");
}

static void huge_overflow(void **state)
{
	unsigned char *db = good();

	(void)state;
	put32(db + 5 * PS + 12, 0xffffffff);
	refused(db, NPAGES * PS, "a", "page 5: 4294967295 overflow pages go past the end");
	db = good();
	put32(db + 5 * PS + 12, 1);			/* 5 and 6: fits */
	put32(db + 6 * PS + 12, 1);			/* 6 and 7: fits */
	{
		struct ew_bolt *b = open_db(db, NPAGES * PS);
		char v[64];

		assert_non_null(b);
		assert_int_equal(get(b, B, "c", v, sizeof(v)), 0);
		assert_string_equal(v, "3");
		ew_bolt_close(b);
	}
	free(db);
}

static void bucket_too_short(void **state)
{
	unsigned char *db = good();
	struct kv x[] = { { "x", "y", 1, 0 } };
	unsigned char inl[16 + 64];
	struct kv top[] = { { "b", inl, 20, 1 }, { "inl", inl, 24, 1 } };
	struct ew_bolt *b;
	char v[64];

	(void)state;
	memset(inl, 0, sizeof(inl));
	leaf(inl + 16, 0, 1, x);
	memset(db + 3 * PS, 0, PS);
	leaf(db + 3 * PS, 3, 2, top);
	b = open_db(db, NPAGES * PS);
	assert_non_null(b);
	assert_int_equal(get(b, INL, "x", v, sizeof(v)), -1);
	assert_non_null(strstr(L.why, "inline bucket of 8 bytes, shorter than a page"));
	ew_bolt_close(b);
	/* A bucket value shorter than its header. */
	top[0].vlen = 10;
	top[0].flags = 1;
	memset(db + 3 * PS, 0, PS);
	leaf(db + 3 * PS, 3, 2, top);
	refused(db, NPAGES * PS, "a", "bucket value of 10 bytes, shorter than a bucket");
	/* An inline page that says it is a branch. */
	db = good();
	{
		unsigned char *e = db + 3 * PS + 16 + 16;
		unsigned char *val = e + (e[4] | e[5] << 8) + 3;

		put16(val + 16 + 8, 0x01);
	}
	b = open_db(db, NPAGES * PS);
	assert_int_equal(get(b, INL, "x", v, sizeof(v)), -1);
	assert_non_null(strstr(L.why, "inline bucket is not a leaf page"));
	ew_bolt_close(b);
	free(db);
}

static void not_a_database(void **state)
{
	struct ew_bolt *b;
	unsigned char *db = good();

	(void)state;
	ew_lookup_init(&L, "", 0);
	assert_null(ew_bolt_open(&L, "/nonexistent/ew/meta.db", 1 << 20));
	assert_string_equal(L.why, "/nonexistent/ew/meta.db: missing");
	ew_lookup_init(&L, "", 0);
	assert_null(ew_bolt_open(&L, "/tmp", 1 << 20));
	assert_string_equal(L.why, "/tmp: not a regular file");
	save(db, NPAGES * PS);
	ew_lookup_init(&L, "", 0);
	b = ew_bolt_open(&L, tmpfile_path, NPAGES * PS - 1);
	assert_null(b);
	assert_non_null(strstr(L.why, "larger than 32767 bytes"));
	free(db);
}

/* Random byte flips: each ends in an answer or a reason, never a crash,
 * a hang or a leak. */
static void flips(void **state)
{
	unsigned int seed = 12345, i, j;
	const char *keys[] = { "a", "c", "m", "z", "q" };
	char v[256];

	(void)state;
	for (i = 0; i < 1500; i++) {
		unsigned char *db = good();
		struct ew_bolt *b;

		for (j = 0; j < 1 + i % 4; j++) {
			seed = seed * 1103515245u + 12345u;
			/* Pages 3..6, where the tree is. */
			db[3 * PS + (seed >> 8) % (4 * PS)] ^=
				(unsigned char)(1u << (seed >> 4) % 8);
		}
		b = open_db(db, NPAGES * PS);
		assert_non_null(b);
		for (j = 0; j < 5; j++)
			get(b, B, keys[j], v, sizeof(v));
		get(b, INL, "x", v, sizeof(v));
		v[0] = '\0';
		ew_bolt_foreach(b, B, collect, v);
		ew_bolt_close(b);
		free(db);
	}
}

static void go_time(void **state)
{
	/* 2026-12-05T03:51:50.29177561Z: Unix 1796442710. */
	unsigned char t[16] = { 1 };
	uint64_t sec = 1796442710ULL + 62135596800ULL;
	uint32_t ns = 291775610;
	char out[64];
	int i;

	(void)state;
	for (i = 0; i < 8; i++)
		t[1 + i] = (unsigned char)(sec >> (56 - 8 * i));
	for (i = 0; i < 4; i++)
		t[9 + i] = (unsigned char)(ns >> (24 - 8 * i));
	t[13] = 0xff;
	t[14] = 0xff;				/* UTC: offset -1 */
	assert_int_equal(ew_bolt_go_time(t, 15, out, sizeof(out)), 0);
	assert_string_equal(out, "2026-12-05T03:51:50.29177561Z");
	t[9] = t[10] = t[11] = t[12] = 0;
	assert_int_equal(ew_bolt_go_time(t, 15, out, sizeof(out)), 0);
	assert_string_equal(out, "2026-12-05T03:51:50Z");
	t[0] = 2;				/* version 2: one more byte */
	assert_int_equal(ew_bolt_go_time(t, 16, out, sizeof(out)), 0);
	assert_int_equal(ew_bolt_go_time(t, 15, out, sizeof(out)), -1);
	t[0] = 3;
	assert_int_equal(ew_bolt_go_time(t, 16, out, sizeof(out)), -1);
	t[0] = 1;
	t[9] = 0x7f;				/* 2e9 ns */
	assert_int_equal(ew_bolt_go_time(t, 15, out, sizeof(out)), -1);
	t[9] = 0;
	t[1] = 0x80;				/* before the year 1 */
	assert_int_equal(ew_bolt_go_time(t, 15, out, sizeof(out)), -1);
	t[1] = 0x7f;				/* after 9999 */
	assert_int_equal(ew_bolt_go_time(t, 15, out, sizeof(out)), -1);
	assert_int_equal(ew_bolt_go_time(t, 0, out, sizeof(out)), -1);
	/* The year 1 itself. */
	memset(t + 1, 0, 12);
	assert_int_equal(ew_bolt_go_time(t, 15, out, sizeof(out)), 0);
	assert_string_equal(out, "0001-01-01T00:00:00Z");
}

/* ---- the real samples ---- */

#define PODMAN_ID "b2e116a49fed455cc0cec8d9fb8684a9bd10fecd7a86dbad406dfd0ac9bdcbce"

static json_t *sample_json(const char *name)
{
	char path[512];
	json_error_t err;
	json_t *j;

	snprintf(path, sizeof(path), "%s/bolt/%s", EW_SAMPLES_DIR, name);
	j = json_load_file(path, 0, &err);
	if (!j)
		fail_msg("%s: %s", path, err.text);
	return j;
}

static void podman_sample(void **state)
{
	const char *const bkt[] = { "ctr", PODMAN_ID, NULL };
	const char *const top[] = { NULL };
	json_t *inspect = sample_json("podman-inspect-plain.json"), *cfg;
	json_t *want = json_object_get(json_object_get(json_array_get(inspect, 0),
						       "Config"), "Labels");
	char path[512], v[1024] = "";
	struct ew_lookup l;
	struct ew_bolt *b;
	unsigned char *val;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/podman-bolt_state.db", EW_BOLT_DIR);
	ew_lookup_init(&l, "", 0);
	b = ew_bolt_open(&l, path, 1 << 20);
	assert_non_null(b);
	assert_int_equal(ew_bolt_foreach(b, top, collect, v), 0);
	assert_non_null(strstr(v, "ctr=<bucket>,"));
	assert_int_equal(ew_bolt_get(b, bkt, "config", &val, &len), 0);
	cfg = json_loadb((char *)val, len, 0, NULL);
	free(val);
	assert_non_null(cfg);
	assert_true(json_equal(json_object_get(cfg, "labels"), want));
	assert_string_equal(json_string_value(json_object_get(cfg, "name")),
			    "plain");
	assert_string_equal(json_string_value(json_object_get(cfg, "createdTime")),
			    json_string_value(json_object_get(json_array_get(inspect, 0), "Created")));
	json_decref(cfg);
	assert_string_equal(l.why, "");
	ew_bolt_close(b);
	json_decref(inspect);
}

/* The values of a container in containerd's sample as from_meta() asks
 * for them, into out: "image|createdat|labels". */
static unsigned long long meta_reads(struct ew_bolt *b, const char *cid,
				     char *out, size_t size)
{
	const char *const bkt[] = { "v1", "default", "containers", cid, NULL };
	const char *const lbl[] = { "v1", "default", "containers", cid,
				    "labels", NULL };
	unsigned long long before = ew_bolt_pages(b);
	char image[256], created[64], labels[256] = "";

	assert_int_equal(get(b, bkt, "image", image, sizeof(image)), 0);
	assert_int_equal(get(b, bkt, "createdat", created, sizeof(created)),
			 0);
	assert_int_equal(ew_bolt_foreach(b, lbl, collect, labels), 0);
	snprintf(out, size, "%s|%zu|%s", image, strlen(created), labels);
	return ew_bolt_pages(b) - before;
}

/* The same with a handle for each of the three reads. */
static unsigned long long fresh_reads(const char *path, const char *cid,
				      char *out, size_t size)
{
	const char *const bkt[] = { "v1", "default", "containers", cid, NULL };
	const char *const lbl[] = { "v1", "default", "containers", cid,
				    "labels", NULL };
	char image[256], created[64], labels[256] = "";
	unsigned long long pages = 0;
	struct ew_lookup l;
	struct ew_bolt *b;

	ew_lookup_init(&l, "", 0);
	b = ew_bolt_open(&l, path, 1 << 20);
	assert_int_equal(get(b, bkt, "image", image, sizeof(image)), 0);
	pages += ew_bolt_pages(b);
	ew_bolt_close(b);
	b = ew_bolt_open(&l, path, 1 << 20);
	assert_int_equal(get(b, bkt, "createdat", created, sizeof(created)),
			 0);
	pages += ew_bolt_pages(b);
	ew_bolt_close(b);
	b = ew_bolt_open(&l, path, 1 << 20);
	assert_int_equal(ew_bolt_foreach(b, lbl, collect, labels), 0);
	pages += ew_bolt_pages(b);
	ew_bolt_close(b);
	snprintf(out, size, "%s|%zu|%s", image, strlen(created), labels);
	return pages;
}

/*
 * A bucket's keys asked for one by one walk down to it once: the same
 * answers as from handles of their own, in fewer pages; a shorter or
 * another path starts from the top again.
 */
static void bucket_kept(void **state)
{
	const char *const top[] = { NULL };
	const char *const v1[] = { "v1", NULL };
	char path[512], kept[1024], fresh[1024], v[256] = "";
	unsigned long long pages;
	struct ew_lookup l;
	struct ew_bolt *b;

	(void)state;
	snprintf(path, sizeof(path), "%s/containerd-meta.db", EW_BOLT_DIR);
	ew_lookup_init(&l, "", 0);
	b = ew_bolt_open(&l, path, 1 << 20);
	assert_non_null(b);
	pages = meta_reads(b, "labelled", kept, sizeof(kept));
	assert_non_null(strstr(kept, "localhost/ewtest:1|"));
	/* Again on the same handle: the same answers, as many pages. */
	assert_int_equal(meta_reads(b, "labelled", fresh, sizeof(fresh)),
			 pages);
	assert_string_equal(fresh, kept);
	ew_bolt_close(b);
	/* Each key from a handle of its own, from the top: more pages. */
	assert_true(fresh_reads(path, "labelled", fresh, sizeof(fresh)) >
		    pages);
	assert_string_equal(fresh, kept);
	/* Another container, then the top and v1: their own answers. */
	b = ew_bolt_open(&l, path, 1 << 20);
	assert_non_null(b);
	meta_reads(b, "labelled", kept, sizeof(kept));
	meta_reads(b, "plain", v, sizeof(v));
	fresh_reads(path, "plain", fresh, sizeof(fresh));
	assert_string_equal(v, fresh);
	assert_string_not_equal(fresh, kept);
	v[0] = '\0';
	assert_int_equal(ew_bolt_foreach(b, top, collect, v), 0);
	assert_string_equal(v, "v1=<bucket>,");
	v[0] = '\0';
	assert_int_equal(ew_bolt_foreach(b, v1, collect, v), 0);
	assert_non_null(strstr(v, "default=<bucket>,"));
	assert_string_equal(l.why, "");
	ew_bolt_close(b);
}

/* Two containers' image and labels on one handle, twice the first (its
 * bucket kept, then copied back): the answers, or -1 at the first error. */
static int reads_or_not(struct ew_bolt *b, char *out, size_t size)
{
	static const char *const cids[] = { "labelled", "labelled", "plain" };
	char image[256], labels[256];
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < 3; i++) {
		const char *const bkt[] = { "v1", "default", "containers",
					    cids[i], NULL };
		const char *const lbl[] = { "v1", "default", "containers",
					    cids[i], "labels", NULL };

		labels[0] = '\0';
		if (get(b, bkt, "image", image, sizeof(image)) ||
		    ew_bolt_foreach(b, lbl, collect, labels))
			return -1;
		n += (size_t)snprintf(out + n, size - n, "%s|%s;", image,
				      labels);
	}
	return 0;
}

/*
 * Out of memory at each of the reader's allocations in turn: the lookup
 * says "out of memory" or gives the whole answer; nothing is freed twice
 * or leaked (ASan and its leak check, in the unit-san build).
 */
static void out_of_memory(void **state)
{
	char path[512], want[1024], got[1024];
	struct ew_lookup l;
	struct ew_bolt *b;
	long n;
	int rc;

	(void)state;
	snprintf(path, sizeof(path), "%s/containerd-meta.db", EW_BOLT_DIR);
	ew_lookup_init(&l, "", 0);
	b = ew_bolt_open(&l, path, 1 << 20);
	assert_non_null(b);
	assert_int_equal(reads_or_not(b, want, sizeof(want)), 0);
	ew_bolt_close(b);
	for (n = 1; n < 10000; n++) {
		ew_lookup_init(&l, "", 0);
		fail_at = n;
		b = ew_bolt_open(&l, path, 1 << 20);
		rc = b ? reads_or_not(b, got, sizeof(got)) : -1;
		ew_bolt_close(b);
		if (fail_at) {		/* nothing failed: all n-1 were */
			fail_at = 0;
			break;
		}
		if (rc) {
			assert_non_null(strstr(l.why, "out of memory"));
		} else {	/* a failure the reader could do without */
			assert_string_equal(got, want);
		}
	}
	assert_int_equal(rc, 0);
	assert_string_equal(got, want);
	assert_true(n > 10);
	print_message("# %ld allocations, each failed once\n", n - 1);
}

/* A host tree in a temp directory: path -> contents, or a copy of src. */
static char root[64];

static void put_file(const char *path, const char *text, const char *src)
{
	char full[1024], cmd[2400];
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", full);
	assert_int_equal(system(cmd), 0);
	if (src) {
		snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", src, full);
		assert_int_equal(system(cmd), 0);
		return;
	}
	f = fopen(full, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void make_root(void)
{
	assert_int_equal(tmptree_make(root, sizeof(root), "bolt-root"), 0);
}

static void podman_identity(void **state)
{
	json_t *inspect = sample_json("podman-inspect-plain.json");
	json_t *c = json_array_get(inspect, 0);
	struct ew_identity id;
	struct ew_lookup l;
	char src[512];

	(void)state;
	make_root();
	snprintf(src, sizeof(src), "%s/podman-bolt_state.db", EW_BOLT_DIR);
	put_file("/var/lib/containers/storage/libpod/bolt_state.db", NULL, src);
	put_file("/var/lib/containers/storage/overlay-containers/containers.json",
		 "[{\"id\":\"" PODMAN_ID "\",\"names\":[\"plain\"]}]", NULL);
	memset(&id, 0, sizeof(id));
	ew_lookup_init(&l, root, 0);
	assert_int_equal(ew_state_storage(&l, PODMAN_ID, 0, &id), 1);
	assert_true(json_equal(id.labels, json_object_get(json_object_get(c, "Config"), "Labels")));
	assert_string_equal(id.name, "plain");
	assert_string_equal(id.image, json_string_value(json_object_get(c, "ImageName")));
	assert_string_equal(id.created, json_string_value(json_object_get(c, "Created")));
	assert_int_equal(strncmp(id.image_id, "sha256:", 7), 0);
	assert_string_equal(id.image_id + 7, json_string_value(json_object_get(c, "Image")));
	assert_null(strstr(l.why, "bolt_state.db"));
	assert_non_null(strstr(l.read, "bolt_state.db"));
	ew_identity_clear(&id);
	/* Another container: not in the database, said. */
	put_file("/var/lib/containers/storage/overlay-containers/containers.json",
		 "[{\"id\":\"feed\",\"names\":[\"other\"]}]", NULL);
	memset(&id, 0, sizeof(id));
	ew_lookup_init(&l, root, 0);
	assert_int_equal(ew_state_storage(&l, "feed", 0, &id), 1);
	assert_null(id.labels);
	assert_non_null(strstr(l.why, "/var/lib/containers/storage/libpod/bolt_state.db: no config of container feed"));
	ew_identity_clear(&id);
	/* A database spoiled: the labels left out, the rest as good. */
	put_file("/var/lib/containers/storage/overlay-containers/containers.json",
		 "[{\"id\":\"" PODMAN_ID "\",\"names\":[\"plain\"]}]", NULL);
	put_file("/var/lib/containers/storage/libpod/bolt_state.db", "junk", NULL);
	memset(&id, 0, sizeof(id));
	ew_lookup_init(&l, root, 0);
	assert_int_equal(ew_state_storage(&l, PODMAN_ID, 0, &id), 1);
	assert_null(id.labels);
	assert_string_equal(id.name, "plain");
	assert_non_null(strstr(l.why, "bolt_state.db: no good meta page"));
	ew_identity_clear(&id);
	assert_int_equal(tmptree_remove(root), 0);
	json_decref(inspect);
}

static void containerd_identity(void **state)
{
	const char *names[] = { "plain", "labelled", "nolabel" };
	struct ew_identity id;
	struct ew_lookup l;
	char src[512], name[64], path[256];
	unsigned int i;

	(void)state;
	make_root();
	snprintf(src, sizeof(src), "%s/containerd-meta.db", EW_BOLT_DIR);
	put_file("/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db",
		 NULL, src);
	for (i = 0; i < 3; i++) {
		json_t *info;

		snprintf(path, sizeof(path),
			 "/run/containerd/io.containerd.runtime.v2.task/default/%s/config.json",
			 names[i]);
		put_file(path, "{\"ociVersion\":\"1.0.2-dev\"}", NULL);
		snprintf(name, sizeof(name), "ctr-info-%s.json", names[i]);
		info = sample_json(name);
		memset(&id, 0, sizeof(id));
		ew_lookup_init(&l, root, 0);
		assert_int_equal(ew_state_containerd(&l, names[i], &id), 1);
		assert_string_equal(id.space, "default");
		assert_string_equal(id.name, names[i]);
		assert_string_equal(id.image, json_string_value(json_object_get(info, "Image")));
		assert_string_equal(id.created, json_string_value(json_object_get(info, "CreatedAt")));
		assert_true(json_equal(id.labels, json_object_get(info, "Labels")));
		if (l.why[0])
			fail_msg("%s: why: %s", names[i], l.why);
		ew_identity_clear(&id);
		json_decref(info);
	}
	/* A task whose container the database does not have. */
	put_file("/run/containerd/io.containerd.runtime.v2.task/default/gone/config.json",
		 "{}", NULL);
	memset(&id, 0, sizeof(id));
	ew_lookup_init(&l, root, 0);
	assert_int_equal(ew_state_containerd(&l, "gone", &id), 1);
	assert_string_equal(id.image, "");
	assert_null(id.labels);
	assert_string_equal(l.why, "/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db: no container default/gone");
	ew_identity_clear(&id);
	/* No database: said, the rest as it was. */
	snprintf(path, sizeof(path), "%s/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db", root);
	assert_int_equal(unlink(path), 0);
	memset(&id, 0, sizeof(id));
	ew_lookup_init(&l, root, 0);
	assert_int_equal(ew_state_containerd(&l, "plain", &id), 1);
	assert_string_equal(id.name, "plain");
	assert_string_equal(l.why, "/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db: missing");
	ew_identity_clear(&id);
	assert_int_equal(tmptree_remove(root), 0);
}

static int teardown(void **state)
{
	(void)state;
	unlink(tmpfile_path);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writer_is_right),
		cmocka_unit_test(bad_magic),
		cmocka_unit_test(bad_checksum),
		cmocka_unit_test(bad_version_and_page_size),
		cmocka_unit_test(short_file),
		cmocka_unit_test(meta_choice),
		cmocka_unit_test(page_past_the_end),
		cmocka_unit_test(page_says_other_id),
		cmocka_unit_test(element_past_the_page),
		cmocka_unit_test(count_lies),
		cmocka_unit_test(branch_to_itself),
		cmocka_unit_test(huge_overflow),
		cmocka_unit_test(bucket_too_short),
		cmocka_unit_test(not_a_database),
		cmocka_unit_test(flips),
		cmocka_unit_test(go_time),
		cmocka_unit_test(podman_sample),
		cmocka_unit_test(bucket_kept),
		cmocka_unit_test(out_of_memory),
		cmocka_unit_test(podman_identity),
		cmocka_unit_test(containerd_identity),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
