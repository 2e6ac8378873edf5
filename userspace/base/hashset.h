/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A set of items kept in the caller's own array, found by hash: the rules
 * compiler interns up to a few hundred thousand strings and the parser
 * checks up to EW_RULES_MAX rule ids, where a scan per item is quadratic.
 * The set holds only indexes; the caller says how two items compare.
 */
#ifndef EW_HASHSET_H
#define EW_HASHSET_H

#include <stddef.h>
#include <stdint.h>

struct ew_hashset_slot {
	uint64_t hash;
	size_t item;		/* index + 1; 0 for an empty slot */
};

struct ew_hashset {
	struct ew_hashset_slot *slot;
	size_t size;		/* 0 or a power of two */
	size_t count;
};

#define EW_HASHSET_INIT { NULL, 0, 0 }

/* Whether the caller's item @item is the one looked for (@key). */
typedef int (*ew_hashset_same)(const void *key, size_t item);

/*
 * Find the item hashing to @hash that @same calls equal to @key; when there
 * is none, add @item as that one.  Returns the index found or added, or
 * SIZE_MAX when memory runs out (the set is unchanged then).
 */
size_t ew_hashset_add(struct ew_hashset *set, uint64_t hash, const void *key,
		      ew_hashset_same same, size_t item);

/* The item hashing to @hash that @same calls equal to @key, or SIZE_MAX. */
size_t ew_hashset_find(const struct ew_hashset *set, uint64_t hash,
		       const void *key, ew_hashset_same same);

void ew_hashset_free(struct ew_hashset *set);

/* FNV-1a over n bytes. */
uint64_t ew_hash_bytes(const void *p, size_t n);

#endif
