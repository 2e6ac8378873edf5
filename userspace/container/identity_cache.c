// SPDX-License-Identifier: GPL-2.0
/* Identities of containers, cached (identity_cache.h). */
#include <stdlib.h>
#include <string.h>

#include "container/identity_cache.h"

struct entry {
	struct ew_container key;
	struct ew_identity id;
	int found;
	int used;			/* slot holds an identity */
	unsigned long long read_ns;	/* when it was read */
	unsigned long long last_ns;	/* when it was last asked for */
};

struct ew_identity_cache {
	char root[1024];
	unsigned int timeout_ms, size;
	unsigned long long lookups, hits;
	struct entry e[];
};

struct ew_identity_cache *ew_identity_cache_new(const char *root,
						unsigned int timeout_ms,
						unsigned int size)
{
	struct ew_identity_cache *c;

	if (!size || strlen(root) >= sizeof(c->root))
		return NULL;
	c = calloc(1, sizeof(*c) + size * sizeof(c->e[0]));
	if (!c)
		return NULL;
	strcpy(c->root, root);
	c->timeout_ms = timeout_ms;
	c->size = size;
	return c;
}

static int same(const struct ew_container *a, const struct ew_container *b)
{
	return !strcmp(a->runtime, b->runtime) && !strcmp(a->id, b->id);
}

const struct ew_identity *ew_identity_get(struct ew_identity_cache *cache,
					  const struct ew_container *c,
					  unsigned long long now_ns,
					  int *found)
{
	struct entry *e, *victim = &cache->e[0];
	unsigned int i;

	for (i = 0; i < cache->size; i++) {
		e = &cache->e[i];
		if (e->used && same(&e->key, c)) {
			if (e->found && !e->id.why[0])
				goto hit;
			if (now_ns - e->read_ns < EW_IDENTITY_RETRY_NS)
				goto hit;
			victim = e;	/* read it again, in its place */
			goto read;
		}
		/* The place of the least recently used, or a free one. */
		if (victim->used && (!e->used || e->last_ns < victim->last_ns))
			victim = e;
	}
read:
	e = victim;
	ew_identity_clear(&e->id);
	e->key = *c;
	e->found = ew_identity_lookup(c, cache->root, cache->timeout_ms,
				      &e->id);
	e->used = 1;
	e->read_ns = now_ns;
	cache->lookups++;
	e->last_ns = now_ns;
	*found = e->found;
	return &e->id;
hit:
	cache->hits++;
	/* Read before: this finding did not wait for it. */
	e->id.late[0] = '\0';
	e->last_ns = now_ns;
	*found = e->found;
	return &e->id;
}

void ew_identity_cache_counts(const struct ew_identity_cache *cache,
			      unsigned long long *lookups,
			      unsigned long long *hits)
{
	*lookups = cache->lookups;
	*hits = cache->hits;
}

void ew_identity_cache_free(struct ew_identity_cache *cache)
{
	unsigned int i;

	if (!cache)
		return;
	for (i = 0; i < cache->size; i++)
		ew_identity_clear(&cache->e[i].id);
	free(cache);
}
