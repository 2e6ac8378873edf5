// SPDX-License-Identifier: GPL-2.0
/*
 * The rules in force: a validated blob behind an RCU pointer, replaced
 * whole by a load.  The exec path reads it under rcu_read_lock(), readers
 * that sleep (the scanner) under SRCU; a load publishes the new set, waits
 * for readers of both kinds of the old one, then frees it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/srcu.h>
#include <linux/uaccess.h>

#include "ew.h"
#include "default_rules.h"

static struct ew_ruleset __rcu *ew_rules;
static DEFINE_MUTEX(ew_rules_lock);	/* serializes loads */
DEFINE_STATIC_SRCU(ew_rules_srcu);	/* readers that sleep */
static u64 ew_rules_generation;		/* under ew_rules_lock */

static struct ew_ruleset *ew_ruleset_alloc(size_t size)
{
	struct ew_ruleset *rs;

	if (size > EW_RULES_SIZE_MAX)
		return ERR_PTR(-E2BIG);
	rs = kvzalloc(sizeof(*rs) + size, GFP_KERNEL);
	if (!rs)
		return ERR_PTR(-ENOMEM);
	rs->size = size;
	return rs;
}

static void ew_ruleset_free(struct ew_ruleset *rs)
{
	if (!rs)
		return;
	ew_match_index_free(rs);
	ew_content_free(rs);
	kvfree(rs);
}

/*
 * What one rule adds to what the exec path must look at: which matchers
 * need the path, the command line, or the file read; whether a rule that
 * acts (deny, kill) needs the command line or the file read.
 */
static void ew_ruleset_derive(struct ew_ruleset *rs,
			      const struct ew_rule_desc *r)
{
	bool acts = r->action != EW_ACT_REPORT;
	u32 i;

	for (i = r->first_matcher; i < r->first_matcher + r->nmatchers; i++) {
		const struct ew_matcher *m = &rs->v.matchers[i];

		switch (m->kind) {
		case EW_MATCH_NAME:	/* argv[0] too, after the exec */
		case EW_MATCH_ARGV:
			rs->needs_argv = true;
			rs->argv_acts |= acts;
			break;
		case EW_MATCH_PATH:
		case EW_MATCH_FILELESS:
			rs->needs_path = true;
			break;
		case EW_MATCH_CONTENT:	/* the automaton's: content.c */
		case EW_MATCH_SHA256:
			rs->needs_scan = true;
			rs->scan_acts |= acts;
			break;
		}
	}
}

/* Validate @rs->blob, then make it the rules in force; consumes @rs. */
static int ew_ruleset_install(struct ew_ruleset *rs, u64 *generation)
{
	struct ew_ruleset *old;
	const char *why;
	u32 i;
	int ret;

	ret = ew_rules_validate(rs->blob, rs->size, &rs->v, &why);
	if (ret) {
		pr_warn_ratelimited("rules refused: %s\n", why);
		ew_ruleset_free(rs);
		return ret;
	}
	ret = ew_match_index_build(rs);
	if (!ret)
		ret = ew_content_prepare(rs);
	if (ret) {
		ew_ruleset_free(rs);
		return ret;
	}
	for (i = 0; i < rs->v.hdr->nrules; i++)
		ew_ruleset_derive(rs, &rs->v.rules[i]);
	/* A script is judged by its hash and content only. */
	rs->needs_script = rs->v.hdr->ninterps && rs->needs_scan;

	mutex_lock(&ew_rules_lock);
	rs->generation = ++ew_rules_generation;
	*generation = rs->generation;
	old = rcu_replace_pointer(ew_rules, rs,
				  lockdep_is_held(&ew_rules_lock));
	mutex_unlock(&ew_rules_lock);

	synchronize_rcu();
	synchronize_srcu(&ew_rules_srcu);
	ew_ruleset_free(old);
	return 0;
}

/**
 * ew_ruleset_init() - put the built-in rules in force
 *
 * Return: 0, or an error if the built-in blob is invalid or memory ran out.
 */
int ew_ruleset_init(void)
{
	struct ew_ruleset *rs = ew_ruleset_alloc(sizeof(ew_default_rules));
	u64 generation;

	if (IS_ERR(rs))
		return PTR_ERR(rs);
	memcpy(rs->blob, ew_default_rules, sizeof(ew_default_rules));
	return ew_ruleset_install(rs, &generation);
}

/**
 * ew_ruleset_exit() - free the rules; nothing may match any more
 */
void ew_ruleset_exit(void)
{
	struct ew_ruleset *rs;

	mutex_lock(&ew_rules_lock);
	rs = rcu_replace_pointer(ew_rules, NULL,
				 lockdep_is_held(&ew_rules_lock));
	mutex_unlock(&ew_rules_lock);
	synchronize_rcu();
	synchronize_srcu(&ew_rules_srcu);
	ew_ruleset_free(rs);
}

/**
 * ew_ruleset_load_user() - replace the rules with a blob from user space
 * @data: the blob
 * @size: its size; checked before anything is allocated
 * @generation: set to the new rules' generation
 *
 * Context: process context, may sleep.
 * Return: 0; -EINVAL or -E2BIG for a blob that is refused, leaving the old
 * rules in force; -EFAULT or -ENOMEM.
 */
int ew_ruleset_load_user(const void __user *data, u32 size, u64 *generation)
{
	struct ew_ruleset *rs = ew_ruleset_alloc(size);

	if (IS_ERR(rs))
		return PTR_ERR(rs);
	if (copy_from_user(rs->blob, data, size)) {
		ew_ruleset_free(rs);
		return -EFAULT;
	}
	return ew_ruleset_install(rs, generation);
}

/**
 * ew_ruleset_get_user() - copy the rules in force to user space
 * @data: the buffer
 * @size: its size; set to the blob's size
 * @generation: set to the rules' generation
 *
 * Context: process context, may sleep.
 * Return: 0, -ENOSPC when the buffer is too small, or -EFAULT.
 */
int ew_ruleset_get_user(void __user *data, u32 *size, u64 *generation)
{
	struct ew_ruleset *rs;
	int ret = 0;

	/* Loads are excluded, so the set cannot be freed under us. */
	mutex_lock(&ew_rules_lock);
	rs = rcu_dereference_protected(ew_rules,
				       lockdep_is_held(&ew_rules_lock));
	*generation = rs->generation;
	if (*size < rs->size)
		ret = -ENOSPC;
	else if (copy_to_user(data, rs->blob, rs->size))
		ret = -EFAULT;
	*size = rs->size;
	mutex_unlock(&ew_rules_lock);
	return ret;
}

/**
 * ew_ruleset_counts() - generation and number of the rules in force
 * @generation: set to the generation
 * @nrules: set to the number of rules
 */
void ew_ruleset_counts(u64 *generation, u32 *nrules)
{
	struct ew_ruleset *rs;

	rcu_read_lock();
	rs = rcu_dereference(ew_rules);
	*generation = rs ? rs->generation : 0;
	*nrules = rs ? rs->v.hdr->nrules : 0;
	rcu_read_unlock();
}

/**
 * ew_ruleset_hold() - hold the rules in force where sleeping is allowed
 * @idx: set to what ew_ruleset_release() needs
 *
 * Loads wait until ew_ruleset_release(); other holders do not.
 * Return: the rules, or NULL after exit.
 */
const struct ew_ruleset *ew_ruleset_hold(int *idx)
{
	*idx = srcu_read_lock(&ew_rules_srcu);
	return srcu_dereference(ew_rules, &ew_rules_srcu);
}

void ew_ruleset_release(int idx)
{
	srcu_read_unlock(&ew_rules_srcu, idx);
}

/**
 * ew_ruleset_current() - the rules in force
 *
 * Context: under rcu_read_lock(); the set stays valid until it is dropped.
 * Return: the rules, or NULL before init and after exit.
 */
const struct ew_ruleset *ew_ruleset_current(void)
{
	return rcu_dereference(ew_rules);
}
