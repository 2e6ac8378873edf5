// SPDX-License-Identifier: GPL-2.0
/*
 * Rules to blob and back: the compiler that feeds EW_IOC_RULES_LOAD, and
 * the printer for a blob read with EW_IOC_RULES_GET (or the built-in one).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/uapi/escapewatch.h"
#include "../../kmod/content_build.h"
#include "../../kmod/rules_blob.h"
#include "base/hashset.h"
#include "rules/rules.h"

const char *ew_severity_name(int severity)
{
	static const char *const names[] = {
		[EW_SEV_LOW] = "low", [EW_SEV_MEDIUM] = "medium",
		[EW_SEV_HIGH] = "high", [EW_SEV_CRITICAL] = "critical",
	};

	if (severity < EW_SEV_LOW || severity > EW_SEV_CRITICAL)
		return "?";
	return names[severity];
}

const char *ew_action_name(int action)
{
	static const char *const names[] = {
		[EW_ACT_REPORT] = "report", [EW_ACT_DENY] = "deny",
		[EW_ACT_KILL] = "kill",
	};

	if (action < EW_ACT_REPORT || action > EW_ACT_KILL)
		return "?";
	return names[action];
}

/* A string table that stores each distinct string once. */
struct strtab {
	char *buf;
	size_t len, cap;
	struct ew_hashset set;	/* offsets of the strings in buf */
};

struct strtab_key {
	const struct strtab *t;
	const char *s;
};

static int strtab_same(const void *key, size_t off)
{
	const struct strtab_key *k = key;

	return !strcmp(k->t->buf + off, k->s);
}

/* The offset of @s in the table, added if it is not there; -1 on ENOMEM. */
static long strtab_add(struct strtab *t, const char *s)
{
	struct strtab_key key = { t, s };
	size_t n = strlen(s) + 1, off;
	uint64_t hash = ew_hash_bytes(s, n - 1);
	char *buf;

	off = ew_hashset_find(&t->set, hash, &key, strtab_same);
	if (off != SIZE_MAX)
		return (long)off;
	if (t->len + n > t->cap) {
		size_t cap = t->cap ? t->cap : 4096;

		while (cap < t->len + n)
			cap *= 2;
		buf = realloc(t->buf, cap);
		if (!buf)
			return -1;
		t->buf = buf;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, n);
	if (ew_hashset_add(&t->set, hash, &key, strtab_same, t->len) ==
	    SIZE_MAX)
		return -1;
	off = t->len;
	t->len += n;
	return (long)off;
}

static void strtab_free(struct strtab *t)
{
	free(t->buf);
	ew_hashset_free(&t->set);
}

static int intern_interps(struct strtab *t, const struct ew_rules_src *rules)
{
	size_t i;

	for (i = 0; i < rules->ninterp; i++) {
		const struct ew_interp_src *in = &rules->interp[i];

		if (strtab_add(t, in->names) < 0 ||
		    strtab_add(t, in->options) < 0 ||
		    strtab_add(t, in->command) < 0 ||
		    strtab_add(t, in->noscript) < 0 ||
		    strtab_add(t, in->from_stdin) < 0 ||
		    strtab_add(t, in->multicall) < 0)
			return -1;
	}
	return 0;
}

/* After intern_interps(): every string is found, none added. */
static void write_interps(struct strtab *t, const struct ew_rules_src *rules,
			  struct ew_interp *out)
{
	size_t i;

	for (i = 0; i < rules->ninterp; i++) {
		const struct ew_interp_src *in = &rules->interp[i];

		out[i] = (struct ew_interp){
			.names = strtab_add(t, in->names),
			.options = strtab_add(t, in->options),
			.command = strtab_add(t, in->command),
			.noscript = strtab_add(t, in->noscript),
			.from_stdin = strtab_add(t, in->from_stdin),
			.multicall = strtab_add(t, in->multicall),
		};
	}
}

/*
 * All content strings in one automaton (kmod/content_build.c), a section
 * of the blob: takes @b, a blob without one, and gives the one with it.
 */
static int add_automaton(void *b, size_t total, void **blob, size_t *size,
			 char *err, size_t errsize)
{
	const char *why = "";
	size_t n = 0;
	void *with = ew_ac_add(b, total, &n, &why);

	free(b);
	if (!with) {
		snprintf(err, errsize, "%s", why);
		return -1;
	}
	if (n > EW_RULES_SIZE_MAX) {
		snprintf(err, errsize, "compiled rules take %zu bytes, more than %u",
			 n, EW_RULES_SIZE_MAX);
		ew_ac_free(with);
		return -1;
	}
	*blob = with;
	*size = n;
	return 0;
}

int ew_rules_compile(const struct ew_rules_src *rules, void **blob,
		     size_t *size, char *err, size_t errsize)
{
	struct strtab t = { NULL, 0, 0, EW_HASHSET_INIT };
	struct ew_rules_header *h;
	struct ew_rule_desc *rd;
	struct ew_matcher *md;
	struct ew_argcond *cd;
	struct ew_interp *id;
	size_t i, j, k, nmatch = 0, ncond = 0, ncontent = 0, m = 0, c = 0;
	size_t total;
	long s[3];
	void *b = NULL;

	for (i = 0; i < rules->nrule; i++) {
		nmatch += rules->rule[i].nmatch;
		for (j = 0; j < rules->rule[i].nmatch; j++) {
			ncond += rules->rule[i].match[j].ncond;
			ncontent += rules->rule[i].match[j].kind ==
				    EW_MATCH_CONTENT;
		}
	}
	if (ncontent > EW_CONTENT_MAX) {
		snprintf(err, errsize, "more than %d content lines",
			 EW_CONTENT_MAX);
		return -1;
	}
	if (ncond > EW_MATCHERS_MAX) {
		snprintf(err, errsize, "more than %d argv conditions",
			 EW_MATCHERS_MAX);
		return -1;
	}
	if (nmatch > EW_MATCHERS_MAX) {
		snprintf(err, errsize, "more than %d matchers", EW_MATCHERS_MAX);
		return -1;
	}
	if (rules->ninterp > EW_INTERPS_MAX) {
		snprintf(err, errsize, "more than %d interpreter lines",
			 EW_INTERPS_MAX);
		return -1;
	}
	if (strtab_add(&t, "") < 0)
		goto nomem;

	/* Intern every string first: the table's size fixes the layout. */
	for (i = 0; i < rules->nrule; i++) {
		const struct ew_rule_src *r = &rules->rule[i];

		if (strtab_add(&t, r->name) < 0 ||
		    strtab_add(&t, r->description) < 0 ||
		    strtab_add(&t, r->technique) < 0)
			goto nomem;
		for (j = 0; j < r->nmatch; j++) {
			const struct ew_match_src *ms = &r->match[j];

			if (strtab_add(&t, ms->pattern) < 0 ||
			    strtab_add(&t, ms->text) < 0)
				goto nomem;
			for (k = 0; k < ms->ncond; k++)
				if (strtab_add(&t, ms->cond[k].names) < 0 ||
				    strtab_add(&t, ms->cond[k].value) < 0)
					goto nomem;
		}
	}
	if (intern_interps(&t, rules) < 0)
		goto nomem;
	total = sizeof(*h) + rules->nrule * sizeof(*rd) + nmatch * sizeof(*md) +
		ncond * sizeof(*cd) + rules->ninterp * sizeof(*id) + t.len;
	if (total > EW_RULES_SIZE_MAX) {
		snprintf(err, errsize, "compiled rules take %zu bytes, more than %u",
			 total, EW_RULES_SIZE_MAX);
		strtab_free(&t);
		return -1;
	}
	b = aligned_alloc(8, (total + 7) & ~(size_t)7);
	if (!b)
		goto nomem;
	memset(b, 0, total);
	h = b;
	rd = (void *)(h + 1);
	md = (void *)(rd + rules->nrule);
	cd = (void *)(md + nmatch);
	id = (void *)(cd + ncond);
	*h = (struct ew_rules_header){
		.magic = EW_RULES_MAGIC, .version = EW_RULES_VERSION,
		.size = total, .nrules = rules->nrule, .nmatchers = nmatch,
		.nconds = ncond, .strings_size = t.len,
		.ninterps = rules->ninterp,
	};
	for (i = 0; i < rules->nrule; i++) {
		const struct ew_rule_src *r = &rules->rule[i];

		s[0] = strtab_add(&t, r->name);
		s[1] = strtab_add(&t, r->description);
		s[2] = strtab_add(&t, r->technique);
		rd[i] = (struct ew_rule_desc){
			.id = r->id, .name = s[0], .description = s[1],
			.technique = s[2], .first_matcher = m,
			.nmatchers = r->nmatch, .severity = r->severity,
			.action = r->action,
		};
		for (j = 0; j < r->nmatch; j++, m++) {
			const struct ew_match_src *ms = &r->match[j];

			md[m] = (struct ew_matcher){
				.kind = ms->kind, .nconds = ms->ncond,
				.pattern = strtab_add(&t, ms->pattern),
				.first_cond = ms->ncond ? c : 0,
				.text = strtab_add(&t, ms->text),
			};
			for (k = 0; k < ms->ncond; k++, c++)
				cd[c] = (struct ew_argcond){
					.kind = ms->cond[k].kind,
					.pos = ms->cond[k].pos,
					.names = strtab_add(&t, ms->cond[k].names),
					.value = strtab_add(&t, ms->cond[k].value),
				};
		}
	}
	write_interps(&t, rules, id);
	memcpy(id + rules->ninterp, t.buf, t.len);
	strtab_free(&t);
	if (ncontent)
		return add_automaton(b, total, blob, size, err, errsize);
	*blob = b;
	*size = total;
	return 0;
nomem:
	strtab_free(&t);
	free(b);
	snprintf(err, errsize, "out of memory");
	return -1;
}

/* A '|'-joined list of a blob as the comma list a rules file writes. */
static void print_list(FILE *out, const char *s)
{
	for (; *s; s++)
		putc(*s == '|' ? ',' : *s, out);
}

/* An interpreter line; its keys only when not empty, in the parser's order. */
static void print_interp(const struct ew_rules_view *v,
			 const struct ew_interp *in, FILE *out)
{
	const struct {
		const char *key;
		__u32 off;
	} lists[] = {
		{ "options", in->options }, { "command", in->command },
		{ "noscript", in->noscript }, { "stdin", in->from_stdin },
		{ "multicall", in->multicall },
	};
	size_t k;

	fputs("interpreter ", out);
	print_list(out, ew_rules_str(v, in->names));
	for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
		const char *s = ew_rules_str(v, lists[k].off);

		if (!*s)
			continue;
		fprintf(out, " %s=", lists[k].key);
		print_list(out, s);
	}
	putc('\n', out);
}

int ew_rules_print(const void *blob, size_t size, FILE *out, char *err,
		   size_t errsize)
{
	static const char *const kinds[] = {
		[EW_MATCH_NAME] = "name", [EW_MATCH_PATH] = "path",
		[EW_MATCH_FILELESS] = "fileless", [EW_MATCH_ARGV] = "argv",
		[EW_MATCH_SHA256] = "sha256", [EW_MATCH_CONTENT] = "content",
	};
	struct ew_rules_view v;
	const char *why;
	uint32_t i, j;

	if (ew_rules_validate(blob, size, &v, &why)) {
		snprintf(err, errsize, "invalid rules blob: %s", why);
		return -1;
	}
	/* They belong to the whole file: before the rules, as in a file. */
	for (i = 0; i < v.hdr->ninterps; i++)
		print_interp(&v, &v.interps[i], out);
	if (v.hdr->ninterps)
		putc('\n', out);
	for (i = 0; i < v.hdr->nrules; i++) {
		const struct ew_rule_desc *r = &v.rules[i];

		fprintf(out, "%srule %u %s\n", i ? "\n" : "", r->id,
			ew_rules_str(&v, r->name));
		fprintf(out, "\tseverity %s\n", ew_severity_name(r->severity));
		if (r->action != EW_ACT_REPORT)
			fprintf(out, "\taction %s\n", ew_action_name(r->action));
		fprintf(out, "\ttechnique %s\n", ew_rules_str(&v, r->technique));
		if (*ew_rules_str(&v, r->description))
			fprintf(out, "\tdescription %s\n",
				ew_rules_str(&v, r->description));
		for (j = 0; j < r->nmatchers; j++) {
			const struct ew_matcher *m =
				&v.matchers[r->first_matcher + j];
			const char *pat = ew_rules_str(&v, m->text);

			fprintf(out, "\t%s%s%s\n", kinds[m->kind],
				*pat ? " " : "", pat);
		}
	}
	return 0;
}

void ew_rules_print_c(const void *blob, size_t size, FILE *out)
{
	const unsigned char *b = blob;
	size_t i;

	fputs("/* SPDX-License-Identifier: GPL-2.0 */\n"
	      "/*\n"
	      " * The built-in rules: rules/default.rules compiled by\n"
	      " * `escapewatch rules compile --c`.  Generated; do not edit.\n"
	      " */\n"
	      "#ifndef _EW_DEFAULT_RULES_H\n"
	      "#define _EW_DEFAULT_RULES_H\n\n"
	      "#include <linux/types.h>\n\n"
	      "static const u8 ew_default_rules[] __aligned(8) = {", out);
	for (i = 0; i < size; i++)
		fprintf(out, "%s0x%02x,", i % 12 ? " " : "\n\t", b[i]);
	fputs("\n};\n\n#endif /* _EW_DEFAULT_RULES_H */\n", out);
}
