/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For the KUnit suites that include kmod/content.c (directly or through
 * scan.c): a ruleset's content automaton prepared for the walk, and freed
 * with the test, also when an assertion ends it early.
 */
#ifndef _EW_KUNIT_PREPARE_H
#define _EW_KUNIT_PREPARE_H

#include <kunit/test.h>

static int prep_init(struct kunit_resource *res, void *rs)
{
	res->data = rs;
	return 0;
}

static void prep_free(struct kunit_resource *res)
{
	ew_content_free(res->data);
}

/* ew_content_prepare() of @rs, undone with the test. */
static inline void prepare(struct kunit *test, struct ew_ruleset *rs)
{
	KUNIT_ASSERT_EQ(test, ew_content_prepare(rs), 0);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, prep_init,
							 prep_free, GFP_KERNEL,
							 rs));
}

#endif /* _EW_KUNIT_PREPARE_H */
