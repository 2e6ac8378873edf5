// SPDX-License-Identifier: GPL-2.0
/*
 * Validating a rules blob: every count, offset, length, string and kind is
 * checked before the module uses a byte of it.  Also compiled into the
 * reader, which decodes blobs with it, and into the fuzzer.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#define ids_alloc(n)	kvmalloc_array(n, sizeof(__u32), GFP_KERNEL)
#define ids_free(p)	kvfree(p)
#define ids_sort(p, n, cmp)	sort(p, n, sizeof(__u32), cmp, NULL)
#else
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#define fallthrough __attribute__((__fallthrough__))
#define ids_alloc(n)	malloc((n) * sizeof(__u32))
#define ids_free(p)	free(p)
#define ids_sort(p, n, cmp)	qsort(p, n, sizeof(__u32), cmp)
#endif

#include "rules_blob.h"

/* Whether a NUL-terminated string of at most EW_RULES_STR_MAX bytes
 * starts at @off of the string table.
 */
static int str_ok(const struct ew_rules_view *v, __u32 off)
{
	__u32 size = v->hdr->strings_size;
	__u32 room;

	if (off >= size)
		return 0;
	room = size - off;
	if (room > EW_RULES_STR_MAX + 1)
		room = EW_RULES_STR_MAX + 1;
	return !!memchr(v->strings + off, 0, room);
}

static int check_header(const void *blob, size_t size,
			struct ew_rules_view *v, const char **why)
{
	const struct ew_rules_header *h = blob;
	unsigned long long need;

	if (size > EW_RULES_SIZE_MAX) {
		*why = "blob larger than EW_RULES_SIZE_MAX";
		return -E2BIG;
	}
	if (size < sizeof(*h)) {
		*why = "blob shorter than its header";
		return -EINVAL;
	}
	if (h->magic != EW_RULES_MAGIC || h->version != EW_RULES_VERSION) {
		*why = "not a rules blob of this version";
		return -EINVAL;
	}
	if (h->size != size) {
		*why = "header size differs from the blob's";
		return -EINVAL;
	}
	if (!h->nrules || h->nrules > EW_RULES_MAX ||
	    h->nmatchers > EW_MATCHERS_MAX || h->nconds > EW_MATCHERS_MAX ||
	    !h->strings_size || h->ninterps > EW_INTERPS_MAX ||
	    h->nstates > EW_CONTENT_STATES_MAX) {
		*why = "rule, matcher, condition, interpreter, state or string count out of range";
		return -EINVAL;
	}
	if (h->reserved) {
		*why = "header's reserved field not zero";
		return -EINVAL;
	}
	need = sizeof(*h) +
	       (unsigned long long)h->nrules * sizeof(struct ew_rule_desc) +
	       (unsigned long long)h->nmatchers * sizeof(struct ew_matcher) +
	       (unsigned long long)h->nconds * sizeof(struct ew_argcond) +
	       (unsigned long long)h->ninterps * sizeof(struct ew_interp) +
	       ew_ac_section_size(h->nstates) + h->strings_size;
	if (need != size) {
		*why = "sections do not add up to the blob's size";
		return -EINVAL;
	}
	v->hdr = h;
	v->rules = (const void *)(h + 1);
	v->matchers = (const void *)(v->rules + h->nrules);
	v->conds = (const void *)(v->matchers + h->nmatchers);
	v->interps = (const void *)(v->conds + h->nconds);
	v->ac.nstates = h->nstates;
	v->ac.child = NULL;
	v->ac.fail = NULL;
	v->ac.out = NULL;
	v->ac.label = NULL;
	if (h->nstates) {
		v->ac.child = (const void *)(v->interps + h->ninterps);
		v->ac.fail = v->ac.child + h->nstates + 1;
		v->ac.out = v->ac.fail + h->nstates;
		v->ac.label = (const void *)(v->ac.out + h->nstates);
	}
	v->strings = (const char *)(v->interps + h->ninterps) +
		     ew_ac_section_size(h->nstates);
	if (v->strings[0] != '\0') {
		*why = "string table does not start with the empty string";
		return -EINVAL;
	}
	return 0;
}

/**
 * ew_rules_names_ok() - whether a string names options as argv matchers do
 * @s: alternatives separated by '|', each "-c" for one short option or
 *	"--" and a long name, as in "-t|--target"
 */
int ew_rules_names_ok(const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "|");

		if (n < 2 || s[0] != '-' || (s[1] != '-' && n != 2) ||
		    (s[1] == '-' && n < 3))
			return 0;
		s += n;
		if (*s == '|' && !*++s)
			return 0;
	}
	return 1;
}

/*
 * Whether a string lists an interpreter's options: like
 * ew_rules_names_ok(), and a short option may also be "+x" (a shell's +o).
 */
static int opts_ok(const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "|");

		if (n < 2 || (s[0] != '-' && s[0] != '+') ||
		    (s[1] != '-' && n != 2) ||
		    (s[1] == '-' && (s[0] != '-' || n < 3)))
			return 0;
		s += n;
		if (*s == '|' && !*++s)
			return 0;
	}
	return 1;
}

/*
 * Whether a string lists names as globs separated by '|', none empty or
 * EW_INTERP_NAME_MAX bytes long.
 */
static int globs_ok(const char *s)
{
	if (!*s)
		return 1;
	for (;;) {
		size_t n = strcspn(s, "|");

		if (!n || n >= EW_INTERP_NAME_MAX)
			return 0;
		s += n;
		if (!*s)
			return 1;
		s++;
	}
}

static int opts_str_ok(const struct ew_rules_view *v, __u32 off)
{
	return str_ok(v, off) && opts_ok(ew_rules_str(v, off));
}

static int check_interp(const struct ew_rules_view *v,
			const struct ew_interp *in, const char **why)
{
	if (!str_ok(v, in->names) || !str_ok(v, in->multicall) ||
	    !*ew_rules_str(v, in->names) ||
	    !globs_ok(ew_rules_str(v, in->names)) ||
	    !globs_ok(ew_rules_str(v, in->multicall)) ||
	    !opts_str_ok(v, in->options) || !opts_str_ok(v, in->command) ||
	    !opts_str_ok(v, in->noscript) || !opts_str_ok(v, in->from_stdin)) {
		*why = "interpreter malformed";
		return -EINVAL;
	}
	return 0;
}

static int check_cond(const struct ew_rules_view *v,
		      const struct ew_argcond *c, const char **why)
{
	int names, value, ok;

	if (!str_ok(v, c->names) || !str_ok(v, c->value))
		goto bad;
	names = !!*ew_rules_str(v, c->names);
	value = !!*ew_rules_str(v, c->value);
	if (names && !ew_rules_names_ok(ew_rules_str(v, c->names)))
		goto bad;
	switch (c->kind) {
	case EW_ARG_FLAG:
		ok = names && !value && !c->pos;
		break;
	case EW_ARG_VALUE:
		ok = names && value && !c->pos;
		break;
	case EW_ARG_POSITIONAL:
		ok = !names && value && c->pos;
		break;
	case EW_ARG_ANY:
		ok = !names && value && !c->pos;
		break;
	default:
		*why = "argument condition of an unknown kind";
		return -EINVAL;
	}
	if (ok)
		return 0;
bad:
	*why = "argument condition malformed";
	return -EINVAL;
}

static int hex_ok(const char *s)
{
	int n;

	for (n = 0; n < 64; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return 0;
	return !s[64];
}

static int check_matcher(const struct ew_rules_view *v,
			 const struct ew_matcher *m, const char **why)
{
	if (!str_ok(v, m->pattern) || !str_ok(v, m->text)) {
		*why = "matcher with a bad pattern or text";
		return -EINVAL;
	}
	if (m->kind != EW_MATCH_ARGV && (m->nconds || m->first_cond)) {
		*why = "argument conditions on a matcher of another kind";
		return -EINVAL;
	}
	switch (m->kind) {
	case EW_MATCH_ARGV:
		if (m->nconds > EW_ARGCONDS_MAX ||
		    m->first_cond > v->hdr->nconds ||
		    m->nconds > v->hdr->nconds - m->first_cond) {
			*why = "argv matcher's conditions out of range";
			return -EINVAL;
		}
		fallthrough;
	case EW_MATCH_NAME:
	case EW_MATCH_PATH:
		if (!*ew_rules_str(v, m->pattern)) {
			*why = "matcher with an empty pattern";
			return -EINVAL;
		}
		return 0;
	case EW_MATCH_SHA256:
		if (!hex_ok(ew_rules_str(v, m->pattern))) {
			*why = "sha256 matcher without 64 lowercase hex digits";
			return -EINVAL;
		}
		return 0;
	case EW_MATCH_CONTENT:
		if (!*ew_rules_str(v, m->pattern)) {
			*why = "content matcher with an empty pattern";
			return -EINVAL;
		}
		return 0;
	case EW_MATCH_FILELESS:
		if (*ew_rules_str(v, m->pattern)) {
			*why = "fileless matcher with a pattern";
			return -EINVAL;
		}
		return 0;
	default:
		*why = "matcher of an unknown kind";
		return -EINVAL;
	}
}

/*
 * A rule; its matchers must come after those of the rules before it (@next
 * is where theirs end): the module indexes each matcher by its one rule,
 * and reports the lowest matcher that hits as the first rule's.
 */
static int check_rule(const struct ew_rules_view *v,
		      const struct ew_rule_desc *r, __u32 next, const char **why)
{
	if (!str_ok(v, r->name) || !str_ok(v, r->description) ||
	    !str_ok(v, r->technique)) {
		*why = "rule with a bad string";
		return -EINVAL;
	}
	if (r->action > EW_ACT_KILL) {
		*why = "rule with an unknown action";
		return -EINVAL;
	}
	if (!*ew_rules_str(v, r->name) ||
	    strlen(ew_rules_str(v, r->name)) >= EW_RULE_LEN) {
		*why = "rule name empty or too long";
		return -EINVAL;
	}
	if (r->severity < EW_SEV_LOW || r->severity > EW_SEV_CRITICAL) {
		*why = "rule with an unknown severity";
		return -EINVAL;
	}
	if (!r->nmatchers || r->first_matcher > v->hdr->nmatchers ||
	    r->nmatchers > v->hdr->nmatchers - r->first_matcher) {
		*why = "rule's matchers out of range";
		return -EINVAL;
	}
	if (r->first_matcher < next) {
		*why = "rule's matchers overlap an earlier rule's";
		return -EINVAL;
	}
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;

	return x < y ? -1 : x > y;
}

/* Whether two rules share an id: sorted, in O(n log n), as a blob may hold
 * EW_RULES_MAX rules and a pairwise scan of those is 5 * 10^7 compares.
 */
static int check_ids(const struct ew_rules_view *v, const char **why)
{
	__u32 n = v->hdr->nrules, i;
	__u32 *id = ids_alloc(n);
	int ret = 0;

	if (!id) {
		*why = "no memory to check rule ids";
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		id[i] = v->rules[i].id;
	ids_sort(id, n, cmp_id);
	for (i = 1; i < n; i++) {
		if (id[i] == id[i - 1]) {
			*why = "two rules with the same id";
			ret = -EINVAL;
			break;
		}
	}
	ids_free(id);
	return ret;
}

/**
 * ew_rules_validate() - check a rules blob and find its parts
 * @blob: the blob, 8-byte aligned
 * @size: its size in bytes
 * @v: where to describe its parts; valid only on success
 * @why: set to a static explanation on failure
 *
 * Context: in the kernel, process context: it allocates room for the
 * rule ids, and a large content automaton takes a while (its check lets
 * others run).
 * Return: 0, -EINVAL for a malformed blob, -E2BIG for one too large,
 * -ENOMEM when the ids cannot be checked.
 */
int ew_rules_validate(const void *blob, size_t size, struct ew_rules_view *v,
		      const char **why)
{
	__u32 i, j, next;
	int ret;

	*why = "";
	ret = check_header(blob, size, v, why);
	if (ret)
		return ret;
	for (i = 0; i < v->hdr->nconds; i++) {
		ret = check_cond(v, &v->conds[i], why);
		if (ret)
			return ret;
	}
	for (i = 0, j = 0; i < v->hdr->nmatchers; i++) {
		ret = check_matcher(v, &v->matchers[i], why);
		if (ret)
			return ret;
		if (v->matchers[i].kind == EW_MATCH_CONTENT &&
		    ++j > EW_CONTENT_MAX) {
			*why = "more than EW_CONTENT_MAX content matchers";
			return -EINVAL;
		}
	}
	for (i = 0; i < v->hdr->ninterps; i++) {
		ret = check_interp(v, &v->interps[i], why);
		if (ret)
			return ret;
	}
	for (i = 0, next = 0; i < v->hdr->nrules; i++) {
		ret = check_rule(v, &v->rules[i], next, why);
		if (ret)
			return ret;
		next = v->rules[i].first_matcher + v->rules[i].nmatchers;
	}
	ret = check_ids(v, why);
	if (ret)
		return ret;
	return ew_rules_check_content(v, why);
}
