// SPDX-License-Identifier: GPL-2.0
/*
 * Validating a rules blob: every count, offset, length, string and kind is
 * checked before the module uses a byte of it.  Also compiled into the
 * reader, which decodes blobs with it, and into the fuzzer.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/string.h>
#else
#include <errno.h>
#include <string.h>
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
	    h->nmatchers > EW_MATCHERS_MAX || !h->strings_size) {
		*why = "rule, matcher or string count out of range";
		return -EINVAL;
	}
	need = sizeof(*h) +
	       (unsigned long long)h->nrules * sizeof(struct ew_rule_desc) +
	       (unsigned long long)h->nmatchers * sizeof(struct ew_matcher) +
	       h->strings_size;
	if (need != size) {
		*why = "sections do not add up to the blob's size";
		return -EINVAL;
	}
	v->hdr = h;
	v->rules = (const void *)(h + 1);
	v->matchers = (const void *)(v->rules + h->nrules);
	v->strings = (const char *)(v->matchers + h->nmatchers);
	if (v->strings[0] != '\0') {
		*why = "string table does not start with the empty string";
		return -EINVAL;
	}
	return 0;
}

static int check_matcher(const struct ew_rules_view *v,
			 const struct ew_matcher *m, const char **why)
{
	if (m->reserved || !str_ok(v, m->pattern)) {
		*why = "matcher with a bad pattern or reserved bits";
		return -EINVAL;
	}
	switch (m->kind) {
	case EW_MATCH_NAME:
	case EW_MATCH_PATH:
		if (!*ew_rules_str(v, m->pattern)) {
			*why = "name or path matcher with an empty pattern";
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

static int check_rule(const struct ew_rules_view *v,
		      const struct ew_rule_desc *r, const char **why)
{
	if (r->reserved || !str_ok(v, r->name) || !str_ok(v, r->description) ||
	    !str_ok(v, r->technique)) {
		*why = "rule with a bad string or reserved bits";
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
	return 0;
}

/**
 * ew_rules_validate() - check a rules blob and find its parts
 * @blob: the blob, 8-byte aligned
 * @size: its size in bytes
 * @v: where to describe its parts; valid only on success
 * @why: set to a static explanation on failure
 *
 * Return: 0, -EINVAL for a malformed blob, -E2BIG for one too large.
 */
int ew_rules_validate(const void *blob, size_t size, struct ew_rules_view *v,
		      const char **why)
{
	__u32 i, j;
	int ret;

	*why = "";
	ret = check_header(blob, size, v, why);
	if (ret)
		return ret;
	for (i = 0; i < v->hdr->nmatchers; i++) {
		ret = check_matcher(v, &v->matchers[i], why);
		if (ret)
			return ret;
	}
	for (i = 0; i < v->hdr->nrules; i++) {
		ret = check_rule(v, &v->rules[i], why);
		if (ret)
			return ret;
		for (j = 0; j < i; j++) {
			if (v->rules[j].id == v->rules[i].id) {
				*why = "two rules with the same id";
				return -EINVAL;
			}
		}
	}
	return 0;
}
