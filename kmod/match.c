// SPDX-License-Identifier: GPL-2.0
/*
 * Judging one exec against the rules in force.  Pure functions of the rule
 * set and what the hook saw; they do not sleep.
 */
#include <linux/glob.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ew.h"

static bool ew_matcher_hit(const struct ew_ruleset *rs,
			   const struct ew_matcher *m,
			   const struct ew_subject *s, const char **matched)
{
	const struct ew_rules_view *v = &rs->v;
	const char *pattern = ew_rules_str(v, m->pattern);
	size_t i;

	switch (m->kind) {
	case EW_MATCH_NAME:
		for (i = 0; i < ARRAY_SIZE(s->names); i++) {
			if (s->names[i] && glob_match(pattern, s->names[i])) {
				*matched = s->names[i];
				return true;
			}
		}
		return false;
	case EW_MATCH_PATH:
		*matched = s->path;
		return s->path && glob_match(pattern, s->path);
	case EW_MATCH_FILELESS:
		*matched = s->path ? s->path : "";
		return s->fileless;
	case EW_MATCH_ARGV:
		if (!s->argv)
			return false;
		*matched = s->argv->joined;
		for (i = 0; i < ARRAY_SIZE(s->names); i++)
			if (s->names[i] && glob_match(pattern, s->names[i]))
				return ew_argv_match(v, m, s->argv);
		return false;
	case EW_MATCH_SHA256:
		if (!s->facts)
			return false;
		*matched = s->facts->hex;
		return !strcmp(pattern, s->facts->hex);
	case EW_MATCH_CONTENT:
		/* The file holds none below the first it holds (content.c). */
		*matched = pattern;
		return s->facts &&
		       s->facts->content_first == (u32)(m - v->matchers);
	}
	return false;
}

/*
 * The index.  Every matcher a rule has is in one place: a table keyed by
 * its whole pattern (a name, argv or path pattern without a glob
 * metacharacter, which glob_match() compares byte for byte; a SHA-256
 * digest), a table keyed by the literal start or end of its glob (at most
 * EW_MATCH_AFFIX_MAX bytes, the longer side), or the short list of the
 * rest.  An exec looks up each string it has in both tables, and checks
 * the rest; every candidate is then checked as the plain loop would, so
 * the index only decides what is looked at.  Matchers are numbered in rule
 * order (the validator keeps each rule's matchers after those of the rules
 * before it), so the lowest-numbered matcher that hits is in the first rule
 * that matches, and is that rule's first matcher that does.
 */
#define EW_MATCH_AFFIX_MAX	4

/* The kinds of key, so that equal bytes of different kinds part. */
enum {
	EW_KEY_NAME = 1,	/* a name (name and argv matchers) */
	EW_KEY_PATH = 2,
	EW_KEY_SHA256 = 3,
	EW_KEY_PREFIX = 0x10,	/* with the length, in bits 8 and up */
	EW_KEY_SUFFIX = 0x20,
};

/* The bytes of a key, hashed with its kind (FNV-1a, then mixed). */
static u32 ew_key_hash(u32 kind, const char *p, size_t n)
{
	u32 h = 2166136261U ^ kind;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (u8)p[i];
		h *= 16777619U;
	}
	h ^= h >> 16;
	h *= 0x7feb352dU;
	return h ^ (h >> 15);
}

/*
 * Where the index keeps a matcher: in a table, with its key, or in the
 * rest; content matchers nowhere, the scan's content_first names the one.
 */
enum ew_slot { EW_SLOT_REST, EW_SLOT_EXACT, EW_SLOT_AFFIX, EW_SLOT_CONTENT };

/* The bit of struct ew_match_index's affixes for a start (or end) of
 * @len bytes of a key of @kind.
 */
static u32 ew_affix_bit(u32 kind, bool suffix, size_t len)
{
	return BIT((kind - 1) * 8 + (suffix ? 4 : 0) + len - 1);
}

/* Where a glob of @len bytes at @p goes, with its @kind of key; for the
 * affix table, *@bit says which start or end it is keyed by.
 */
static enum ew_slot ew_glob_key(u32 kind, const char *p, size_t len,
				u32 *hash, u32 *bit)
{
	size_t pre, suf, i;

	/* glob_match()'s metacharacters are ?, *, [ and \ */
	pre = strcspn(p, "*?[\\");
	if (pre >= len) {
		*hash = ew_key_hash(kind, p, len);
		return EW_SLOT_EXACT;
	}
	/*
	 * After the last metacharacter, or ] (which may close a class), the
	 * pattern's bytes are literals that end the string matched.
	 */
	for (i = len; i > pre && !strchr("*?[]\\", p[i - 1]); i--)
		;
	suf = min_t(size_t, len - i, EW_MATCH_AFFIX_MAX);
	pre = min_t(size_t, pre, EW_MATCH_AFFIX_MAX);
	if (!pre && !suf)
		return EW_SLOT_REST;
	if (suf >= pre) {
		*hash = ew_key_hash(kind | EW_KEY_SUFFIX | suf << 8,
				    p + len - suf, suf);
		*bit = ew_affix_bit(kind, true, suf);
	} else {
		*hash = ew_key_hash(kind | EW_KEY_PREFIX | pre << 8, p, pre);
		*bit = ew_affix_bit(kind, false, pre);
	}
	return EW_SLOT_AFFIX;
}

static enum ew_slot ew_matcher_key(const struct ew_rules_view *v,
				   const struct ew_matcher *m, u32 *hash,
				   u32 *bit)
{
	const char *p = ew_rules_str(v, m->pattern);
	size_t len = strlen(p);

	switch (m->kind) {
	case EW_MATCH_NAME:
	case EW_MATCH_ARGV:
		return ew_glob_key(EW_KEY_NAME, p, len, hash, bit);
	case EW_MATCH_PATH:
		return ew_glob_key(EW_KEY_PATH, p, len, hash, bit);
	case EW_MATCH_SHA256:
		*hash = ew_key_hash(EW_KEY_SHA256, p, len);
		return EW_SLOT_EXACT;
	case EW_MATCH_CONTENT:
		return EW_SLOT_CONTENT;
	default:
		return EW_SLOT_REST;
	}
}

static void ew_table_free(struct ew_match_table *t)
{
	kvfree(t->start);
	kvfree(t->ent);
	t->start = NULL;
	t->ent = NULL;
}

static int ew_table_alloc(struct ew_match_table *t, u32 n, size_t *bytes)
{
	u32 nb = roundup_pow_of_two(max(n, 1U));

	t->mask = nb - 1;
	t->start = kvcalloc(nb + 1, sizeof(*t->start), GFP_KERNEL);
	t->ent = kvmalloc_array(max(n, 1U), sizeof(*t->ent), GFP_KERNEL);
	*bytes += (nb + 1 + max(n, 1U)) * sizeof(u32);
	return t->start && t->ent ? 0 : -ENOMEM;
}

/**
 * ew_match_index_free() - free what ew_match_index_build() took
 * @rs: the rules; their index may be empty or half built
 */
void ew_match_index_free(struct ew_ruleset *rs)
{
	struct ew_match_index *ix = &rs->ix;

	kvfree(ix->rule_of);
	kvfree(ix->rest);
	ew_table_free(&ix->exact);
	ew_table_free(&ix->affix);
	memset(ix, 0, sizeof(*ix));
}

/*
 * Building the index takes three passes over the same items: count them
 * (pass 0), count each bucket (1), fill the buckets (2).  Pass 2 puts each
 * item at the end of what is left of its bucket, so the items come
 * highest first and each bucket ends up ascending.
 */
struct ew_build {
	struct ew_match_index *ix;
	int pass;
	u32 nexact, naffix, nrest;
};

static void ew_build_put(struct ew_build *b, enum ew_slot slot, u32 hash,
			 u32 bit, u32 item)
{
	struct ew_match_index *ix = b->ix;
	struct ew_match_table *t;

	if (slot == EW_SLOT_CONTENT)
		return;
	t = slot == EW_SLOT_EXACT ? &ix->exact : &ix->affix;
	if (slot == EW_SLOT_AFFIX)
		ix->affixes |= bit;
	if (b->pass == 0) {
		if (slot == EW_SLOT_EXACT)
			b->nexact++;
		else if (slot == EW_SLOT_AFFIX)
			b->naffix++;
		else
			b->nrest++;
	} else if (b->pass == 1) {
		if (slot != EW_SLOT_REST)
			t->start[hash & t->mask]++;
	} else if (slot == EW_SLOT_REST) {
		ix->rest[--b->nrest] = item;
	} else {
		t->ent[--t->start[hash & t->mask]] = item;
	}
}

/* Every item, highest first: each glob an interpreter is named by, as
 * nmatchers + its number; then each matcher a rule has.
 */
static void ew_build_pass(const struct ew_rules_view *v, struct ew_build *b)
{
	u32 nm = v->hdr->nmatchers, i, h, bit = 0;
	enum ew_slot slot;

	for (i = v->hdr->ninterps; i-- > 0;) {
		const u32 lists[] = { v->interps[i].names,
				      v->interps[i].multicall };
		size_t k, n;
		const char *g;

		for (k = 0; k < ARRAY_SIZE(lists); k++) {
			for (g = ew_rules_str(v, lists[k]); *g; g += n) {
				g += *g == '|';
				n = strcspn(g, "|");
				if (!n)
					break;
				slot = ew_glob_key(EW_KEY_NAME, g, n, &h,
						   &bit);
				ew_build_put(b, slot, h, bit, nm + i);
			}
		}
	}
	for (i = nm; i-- > 0;) {
		if (b->ix->rule_of[i] == U32_MAX)
			continue;
		slot = ew_matcher_key(v, &v->matchers[i], &h, &bit);
		ew_build_put(b, slot, h, bit, i);
	}
}

/**
 * ew_match_index_build() - index the matchers of validated rules
 * @rs: the rules, validated and not yet in force
 *
 * Takes at most 4 * (4 * items + 5) bytes, where the items are the
 * matchers and the globs that name interpreters (a word per matcher for
 * its rule, one per item for its place in a table or the rest, and a
 * table's buckets are fewer than twice its entries, plus one): a little
 * over 1 MiB at EW_MATCHERS_MAX.
 *
 * Context: process context, may sleep.
 * Return: 0, or -ENOMEM with nothing left allocated.
 */
int ew_match_index_build(struct ew_ruleset *rs)
{
	const struct ew_rules_view *v = &rs->v;
	struct ew_match_index *ix = &rs->ix;
	struct ew_build b = { .ix = ix };
	u32 nm = v->hdr->nmatchers, i, j;
	struct ew_match_table *t;

	memset(ix, 0, sizeof(*ix));
	ix->rule_of = kvmalloc_array(max(nm, 1U), sizeof(u32), GFP_KERNEL);
	if (!ix->rule_of)
		return -ENOMEM;
	ix->bytes = max(nm, 1U) * sizeof(u32);
	memset(ix->rule_of, 0xff, max(nm, 1U) * sizeof(u32));
	for (i = 0; i < v->hdr->nrules; i++)
		for (j = 0; j < v->rules[i].nmatchers; j++)
			ix->rule_of[v->rules[i].first_matcher + j] = i;

	ew_build_pass(v, &b);
	ix->nrest = b.nrest;
	ix->rest = kvmalloc_array(max(ix->nrest, 1U), sizeof(u32), GFP_KERNEL);
	ix->bytes += max(ix->nrest, 1U) * sizeof(u32);
	if (!ix->rest || ew_table_alloc(&ix->exact, b.nexact, &ix->bytes) ||
	    ew_table_alloc(&ix->affix, b.naffix, &ix->bytes)) {
		ew_match_index_free(rs);
		return -ENOMEM;
	}
	b.pass = 1;
	ew_build_pass(v, &b);
	/* Sum the counts, so that start[b] is where bucket b ends. */
	for (t = &ix->exact; t; t = t == &ix->exact ? &ix->affix : NULL) {
		for (i = 1; i <= t->mask; i++)
			t->start[i] += t->start[i - 1];
		t->start[t->mask + 1] = t->start[t->mask];
	}
	b.pass = 2;
	ew_build_pass(v, &b);
	return 0;
}

/* A walk of the candidates: the lowest matcher that hit so far. */
struct ew_walk {
	const struct ew_ruleset *rs;
	const struct ew_subject *s;
	u32 best;
	const char *matched;
};

/* Candidates @e..@end, ascending: the first that hits, below the best. */
static void ew_walk_try(struct ew_walk *w, const u32 *e, const u32 *end)
{
	const char *matched;

	for (; e < end && *e < w->best; e++) {
		if (ew_matcher_hit(w->rs, &w->rs->v.matchers[*e], w->s,
				   &matched)) {
			w->best = *e;
			w->matched = matched;
			return;
		}
	}
}

static void ew_walk_probe(struct ew_walk *w, const struct ew_match_table *t,
			  u32 kind, const char *p, size_t n)
{
	u32 b = ew_key_hash(kind, p, n) & t->mask;

	ew_walk_try(w, &t->ent[t->start[b]], &t->ent[t->start[b + 1]]);
}

/* The candidates for one string of the exec. */
static void ew_walk_string(struct ew_walk *w, u32 kind, const char *str)
{
	const struct ew_match_index *ix = &w->rs->ix;
	size_t len = strlen(str), k;

	ew_walk_probe(w, &ix->exact, kind, str, len);
	for (k = 1; k <= EW_MATCH_AFFIX_MAX && k <= len; k++) {
		if (ix->affixes & ew_affix_bit(kind, false, k))
			ew_walk_probe(w, &ix->affix,
				      kind | EW_KEY_PREFIX | k << 8, str, k);
		if (ix->affixes & ew_affix_bit(kind, true, k))
			ew_walk_probe(w, &ix->affix,
				      kind | EW_KEY_SUFFIX | k << 8,
				      str + len - k, k);
	}
}

/* The content matcher the scan found, when it is below the best so far. */
static void ew_walk_content(struct ew_walk *w, u32 m)
{
	const struct ew_rules_view *v = &w->rs->v;

	if (m < w->best && m < v->hdr->nmatchers &&
	    w->rs->ix.rule_of[m] != U32_MAX &&
	    v->matchers[m].kind == EW_MATCH_CONTENT) {
		w->best = m;
		w->matched = ew_rules_str(v, v->matchers[m].pattern);
	}
}

/**
 * ew_match() - find the first rule an exec matches
 * @rs: the rules
 * @s: what was seen of the exec
 * @out: the rule, its matcher and the matched string, on success
 *
 * Return: true when a rule matched.
 */
bool ew_match(const struct ew_ruleset *rs, const struct ew_subject *s,
	      struct ew_verdict *out)
{
	const struct ew_rules_view *v = &rs->v;
	const struct ew_match_index *ix = &rs->ix;
	/* The interpreters' items, nmatchers and up, are never tried. */
	struct ew_walk w = { .rs = rs, .s = s, .best = v->hdr->nmatchers };
	const struct ew_rule_desc *r;
	size_t i;

	ew_walk_try(&w, ix->rest, ix->rest + ix->nrest);
	for (i = 0; i < ARRAY_SIZE(s->names); i++)
		if (s->names[i])
			ew_walk_string(&w, EW_KEY_NAME, s->names[i]);
	if (s->path)
		ew_walk_string(&w, EW_KEY_PATH, s->path);
	if (s->facts)
		ew_walk_probe(&w, &ix->exact, EW_KEY_SHA256, s->facts->hex,
			      strnlen(s->facts->hex, sizeof(s->facts->hex)));
	if (s->facts)
		ew_walk_content(&w, s->facts->content_first);
	if (w.best == v->hdr->nmatchers)
		return false;
	r = &v->rules[ix->rule_of[w.best]];
	out->rule = r;
	out->matcher = &v->matchers[w.best];
	out->matched = w.matched;
	out->pattern = ew_rules_str(v, out->matcher->text);
	out->rule_name = ew_rules_str(v, r->name);
	out->generation = rs->generation;
	return true;
}

/* Whether one of the items @e..@end makes the end of an exec matter for
 * @name, argv[0]'s when @argv0.
 */
static bool ew_end_try(const struct ew_ruleset *rs, const u32 *e,
		       const u32 *end, const char *name, bool argv0)
{
	const struct ew_rules_view *v = &rs->v;
	u32 nm = v->hdr->nmatchers;
	const struct ew_matcher *m;

	for (; e < end; e++) {
		if (*e >= nm) {
			if (rs->needs_script &&
			    ew_interp_named(v, &v->interps[*e - nm], name))
				return true;
			continue;
		}
		m = &v->matchers[*e];
		if ((m->kind == EW_MATCH_ARGV ||
		     (argv0 && m->kind == EW_MATCH_NAME)) &&
		    glob_match(ew_rules_str(v, m->pattern), name))
			return true;
	}
	return false;
}

static bool ew_end_probe(const struct ew_ruleset *rs,
			 const struct ew_match_table *t, u32 kind,
			 const char *p, size_t n, const char *name, bool argv0)
{
	u32 b = ew_key_hash(kind, p, n) & t->mask;

	return ew_end_try(rs, &t->ent[t->start[b]], &t->ent[t->start[b + 1]],
			  name, argv0);
}

/**
 * ew_match_end_needed() - whether the end of an exec can matter to the rules
 * @rs: the rules
 * @names: as in struct ew_subject, argv[0]'s name read before the exec
 *
 * After an exec, ew_bprm_exec_done() judges its command line: argv
 * matchers, a name matcher that argv[0]'s name matches, and a script given
 * to an interpreter.  Each of those first needs a program name to match:
 * an argv matcher's program, the name matcher itself, an interpreter's
 * name or multi-call program.  When none matches any of @names, the end of
 * the exec has nothing to judge.  Looked up in the index like ew_match().
 *
 * Return: true when one does.
 */
bool ew_match_end_needed(const struct ew_ruleset *rs,
			 const char *const names[3])
{
	const struct ew_match_index *ix = &rs->ix;
	size_t i, j, len, k;

	for (i = 0; i < 3; i++) {
		const char *p = names[i];
		bool argv0, seen = false;

		/* A name seen before is looked up once, as argv[0]'s too. */
		for (j = 0; p && j < i; j++)
			seen |= names[j] && !strcmp(p, names[j]);
		if (!p || seen)
			continue;
		argv0 = names[2] && !strcmp(p, names[2]);
		if (ew_end_try(rs, ix->rest, ix->rest + ix->nrest, p, argv0))
			return true;
		len = strlen(p);
		if (ew_end_probe(rs, &ix->exact, EW_KEY_NAME, p, len, p, argv0))
			return true;
		for (k = 1; k <= EW_MATCH_AFFIX_MAX && k <= len; k++) {
			if ((ix->affixes & ew_affix_bit(EW_KEY_NAME, false, k) &&
			     ew_end_probe(rs, &ix->affix,
					  EW_KEY_NAME | EW_KEY_PREFIX | k << 8,
					  p, k, p, argv0)) ||
			    (ix->affixes & ew_affix_bit(EW_KEY_NAME, true, k) &&
			     ew_end_probe(rs, &ix->affix,
					  EW_KEY_NAME | EW_KEY_SUFFIX | k << 8,
					  p + len - k, k, p, argv0)))
				return true;
		}
	}
	return false;
}
