// SPDX-License-Identifier: GPL-2.0
/*
 * Open addressing with linear probing, kept at most half full.
 */
#include <stdlib.h>

#include "base/hashset.h"

uint64_t ew_hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n--) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int grow(struct ew_hashset *set)
{
	size_t size = set->size ? set->size * 2 : 64, i, j;
	struct ew_hashset_slot *slot = calloc(size, sizeof(*slot));

	if (!slot)
		return -1;
	for (i = 0; i < set->size; i++) {
		if (!set->slot[i].item)
			continue;
		for (j = set->slot[i].hash & (size - 1); slot[j].item;
		     j = (j + 1) & (size - 1))
			;
		slot[j] = set->slot[i];
	}
	free(set->slot);
	set->slot = slot;
	set->size = size;
	return 0;
}

/* The slot holding @key, or the empty one where it would go. */
static size_t probe(const struct ew_hashset *set, uint64_t hash,
		    const void *key, ew_hashset_same same)
{
	size_t i;

	for (i = hash & (set->size - 1); set->slot[i].item;
	     i = (i + 1) & (set->size - 1))
		if (set->slot[i].hash == hash &&
		    same(key, set->slot[i].item - 1))
			break;
	return i;
}

size_t ew_hashset_find(const struct ew_hashset *set, uint64_t hash,
		       const void *key, ew_hashset_same same)
{
	size_t i;

	if (!set->size)
		return SIZE_MAX;
	i = probe(set, hash, key, same);
	return set->slot[i].item ? set->slot[i].item - 1 : SIZE_MAX;
}

size_t ew_hashset_add(struct ew_hashset *set, uint64_t hash, const void *key,
		      ew_hashset_same same, size_t item)
{
	size_t i;

	if (2 * (set->count + 1) > set->size && grow(set))
		return SIZE_MAX;
	i = probe(set, hash, key, same);
	if (set->slot[i].item)
		return set->slot[i].item - 1;
	set->slot[i] = (struct ew_hashset_slot){ hash, item + 1 };
	set->count++;
	return item;
}

void ew_hashset_free(struct ew_hashset *set)
{
	free(set->slot);
	*set = (struct ew_hashset)EW_HASHSET_INIT;
}
