// SPDX-License-Identifier: GPL-2.0
/*
 * Judging one exec against the rules in force.  Pure functions of the rule
 * set and what the hook saw; they do not sleep.
 */
#include <linux/glob.h>
#include <linux/kernel.h>

#include "ew.h"

static bool ew_content_hit(const struct ew_ruleset *rs,
			   const struct ew_matcher *m, u64 hits)
{
	u32 k;

	for (k = 0; k < rs->ncontent; k++)
		if (rs->content[k] == m)
			return hits & BIT_ULL(k);
	return false;
}

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
		*matched = pattern;
		return s->facts && ew_content_hit(rs, m, s->facts->content_hits);
	}
	return false;
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
	u32 i, j;

	for (i = 0; i < v->hdr->nrules; i++) {
		const struct ew_rule_desc *r = &v->rules[i];

		for (j = 0; j < r->nmatchers; j++) {
			const struct ew_matcher *m =
				&v->matchers[r->first_matcher + j];

			if (ew_matcher_hit(rs, m, s, &out->matched)) {
				out->rule = r;
				out->matcher = m;
				out->pattern = ew_rules_str(v, m->text);
				out->rule_name = ew_rules_str(v, r->name);
				out->generation = rs->generation;
				return true;
			}
		}
	}
	return false;
}
