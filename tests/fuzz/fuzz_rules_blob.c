// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the rules blob validator (kmod/rules_blob.c), on
 * raw bytes as EW_IOC_RULES_LOAD would pass them.  The input is copied into
 * a buffer of exactly its size, so that AddressSanitizer sees any read past
 * its end.  When the validator accepts a blob, everything the module then
 * reads from it must be inside it and as promised (each string NUL-ended
 * within EW_RULES_STR_MAX bytes, every kind known, every index in range,
 * every interpreter named), its content automaton must find in the input's
 * own bytes what a naive search for every content string finds,
 * and ew_rules_print() must succeed on it; else the harness aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../kmod/rules_blob.h"
#include "rules/rules.h"
#include "../unit/content_ref.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

static void bug(const char *what)
{
	fprintf(stderr, "fuzz_rules_blob: accepted blob: %s\n", what);
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

/* A string the module uses: strlen() makes ASan check every byte. */
static void check_str(const struct ew_rules_view *v, __u32 off)
{
	if (strlen(ew_rules_str(v, off)) > EW_RULES_STR_MAX)
		bug("string longer than EW_RULES_STR_MAX");
}

static void check_conds(const struct ew_rules_view *v,
			const struct ew_matcher *m)
{
	__u32 i;

	if (m->kind != EW_MATCH_ARGV)
		return;
	for (i = 0; i < m->nconds; i++) {
		const struct ew_argcond *c = &v->conds[m->first_cond + i];

		if (c->kind < EW_ARG_FLAG || c->kind > EW_ARG_ANY)
			bug("condition of an unknown kind");
		check_str(v, c->names);
		check_str(v, c->value);
	}
}

/*
 * Walk the blob as the module does, through the rules: its matchers, at
 * most EW_CONTENT_MAX of them content matchers.
 */
static void walk(const struct ew_rules_view *v)
{
	__u32 i, j, ncontent = 0;

	for (i = 0; i < v->hdr->nrules; i++) {
		const struct ew_rule_desc *r = &v->rules[i];

		if (strlen(ew_rules_str(v, r->name)) >= EW_RULE_LEN)
			bug("rule name too long");
		check_str(v, r->description);
		check_str(v, r->technique);
		for (j = 0; j < r->nmatchers; j++) {
			const struct ew_matcher *m =
				&v->matchers[r->first_matcher + j];

			if (m->kind < EW_MATCH_NAME || m->kind > EW_MATCH_CONTENT)
				bug("matcher of an unknown kind");
			if (m->kind == EW_MATCH_CONTENT &&
			    ++ncontent > EW_CONTENT_MAX)
				bug("rules list more than EW_CONTENT_MAX content matchers");
			check_str(v, m->pattern);
			check_str(v, m->text);
			check_conds(v, m);
		}
	}
}

/* The interpreters, whose strings kmod/interp.c walks on every exec. */
static void walk_interps(const struct ew_rules_view *v)
{
	__u32 i;

	for (i = 0; i < v->hdr->ninterps; i++) {
		const struct ew_interp *in = &v->interps[i];

		if (!*ew_rules_str(v, in->names))
			bug("interpreter without names");
		check_str(v, in->names);
		check_str(v, in->options);
		check_str(v, in->command);
		check_str(v, in->noscript);
		check_str(v, in->from_stdin);
		check_str(v, in->multicall);
	}
}

/* The automaton walked over @len bytes, ASan watching every index. */
static __u32 ac_walk(const struct ew_rules_view *v, const uint8_t *p,
		     size_t len)
{
	bool stray;
	__u32 m = ref_ac_walk(v, p, len, &stray);

	if (stray)
		bug("automaton went to a state out of range");
	return m;
}

/* What the automaton finds, in the input and in each string, is right. */
static void check_content(const struct ew_rules_view *v, const uint8_t *data,
			  size_t size)
{
	__u32 m;

	if (ac_walk(v, data, size) != ref_naive(v, data, size))
		bug("automaton and naive search differ on the input");
	for (m = 0; m < v->hdr->nmatchers; m++) {
		const char *s = ew_rules_str(v, v->matchers[m].pattern);

		if (v->matchers[m].kind == EW_MATCH_CONTENT &&
		    ac_walk(v, (const uint8_t *)s, strlen(s)) !=
		    ref_naive(v, (const uint8_t *)s, strlen(s)))
			bug("automaton misses a content string");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ew_rules_view v;
	const char *why;
	char err[256];
	void *blob = malloc(size);

	if (!blob)
		return 0;
	if (size)
		memcpy(blob, data, size);
	if (!ew_rules_validate(blob, size, &v, &why)) {
		walk(&v);
		walk_interps(&v);
		check_content(&v, data, size);
		if (ew_rules_print(blob, size, devnull, err, sizeof(err)))
			bug(err);
	}
	free(blob);
	return 0;
}
