// SPDX-License-Identifier: GPL-2.0
/* Related findings: recent findings per container, bounded; related.h. */
#include <stdio.h>
#include <string.h>

#include "finding/related.h"

void ew_related_init(struct ew_related *r, unsigned long long window_ns)
{
	memset(r, 0, sizeof(*r));
	r->window_ns = window_ns;
}

/* The container's box; a new one, or the least recently used reused. */
static struct ew_related_box *box_of(struct ew_related *r, uint64_t key)
{
	struct ew_related_box *b, *oldest = &r->box[0];
	unsigned int i;

	for (i = 0; i < r->nbox; i++) {
		b = &r->box[i];
		if (b->key == key)
			return b;
		if (b->used < oldest->used)
			oldest = b;
	}
	b = r->nbox < EW_RELATED_CONTAINERS ? &r->box[r->nbox++] : oldest;
	memset(b, 0, sizeof(*b));
	b->key = key;
	return b;
}

static int within(unsigned long long a, unsigned long long b,
		  unsigned long long window)
{
	return (a > b ? a - b : b - a) <= window;
}

size_t ew_related_note(struct ew_related *r, uint64_t key,
		       unsigned long long time_ns, const char *id,
		       char (*out)[EW_ID_LEN + 1])
{
	struct ew_related_box *b;
	struct ew_related_entry *e;
	unsigned int i;
	size_t n = 0;

	if (!r->window_ns)
		return 0;
	b = box_of(r, key);
	b->used = ++r->clock;
	for (i = 0; i < b->n; i++) {
		e = &b->e[(b->next + EW_RELATED_PER_CONTAINER - b->n + i) %
			  EW_RELATED_PER_CONTAINER];
		if (within(e->time_ns, time_ns, r->window_ns) &&
		    strcmp(e->id, id))
			memcpy(out[n++], e->id, sizeof(e->id));
	}
	e = &b->e[b->next];
	e->time_ns = time_ns;
	snprintf(e->id, sizeof(e->id), "%s", id);
	b->next = (b->next + 1) % EW_RELATED_PER_CONTAINER;
	if (b->n < EW_RELATED_PER_CONTAINER)
		b->n++;
	return n;
}
