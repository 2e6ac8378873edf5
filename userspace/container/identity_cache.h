/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The identities of the containers findings came from, kept so that a
 * burst of findings from one container reads its state files once.  An
 * identity read whole is kept until the cache needs its place (the least
 * recently used goes); one with something missing is read again after
 * EW_IDENTITY_RETRY_NS, as the runtime may not have written it all yet.
 */
#ifndef EW_IDENTITY_CACHE_H
#define EW_IDENTITY_CACHE_H

#include "container/identity.h"

#define EW_IDENTITY_RETRY_NS	(10ULL * 1000000000ULL)

/*
 * The time one container's state files may take to read, in ms: enough
 * on a host, where a lookup takes a few ms; a setting (watch
 * --lookup-timeout) for a host so loaded or slow (an emulated machine)
 * that it takes longer.  At most the retry interval above: the reader
 * reads no event while it looks a container up.
 */
#define EW_LOOKUP_TIMEOUT_DEFAULT	250
#define EW_LOOKUP_TIMEOUT_MIN		10
#define EW_LOOKUP_TIMEOUT_MAX		10000

struct ew_identity_cache;

/*
 * A cache of size entries that reads below root ("" on a host), each
 * lookup within timeout_ms.  NULL when out of memory.
 */
struct ew_identity_cache *ew_identity_cache_new(const char *root,
						unsigned int timeout_ms,
						unsigned int size);

/*
 * The identity of container c at now_ns (CLOCK_MONOTONIC), read or from
 * the cache; *found as ew_identity_lookup() returned.  Valid until the
 * next call.
 */
const struct ew_identity *ew_identity_get(struct ew_identity_cache *cache,
					  const struct ew_container *c,
					  unsigned long long now_ns,
					  int *found);

/* Lookups made and answers served from the cache, for tests and status. */
void ew_identity_cache_counts(const struct ew_identity_cache *cache,
			      unsigned long long *lookups,
			      unsigned long long *hits);

void ew_identity_cache_free(struct ew_identity_cache *cache);

#endif
