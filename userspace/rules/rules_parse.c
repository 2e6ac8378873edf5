// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing a rules file.  The format, line by line ('#' starts a comment
 * line; leading and trailing blanks do not count):
 *
 *	rule ID NAME		starts a rule; ID a number, NAME a word
 *	severity LEVEL		low, medium, high (default) or critical
 *	action ACTION		report (default), deny or kill: what enforce
 *				mode does (see enum ew_action)
 *	technique TEXT		MITRE ATT&CK technique (default T1611)
 *	description TEXT
 *	name GLOB		the executed file's name matches GLOB
 *	path GLOB		its resolved path matches GLOB
 *	fileless		it has no path on a filesystem
 *	sha256 HEX		the file's SHA-256 is HEX (64 hex digits)
 *	content TEXT		the file contains TEXT's bytes; \xNN writes
 *				any byte but NUL, \\ a backslash
 *	argv PROG COND...	the command line: the program's name matches
 *				the glob PROG and every condition holds:
 *		-t|--target=GLOB	one of these options, with a value
 *					matching GLOB
 *		-m|--mount		one of these options
 *		@N=GLOB			the Nth non-option argument
 *		*=GLOB			any argument
 *
 * A rule matches when any of its name, path, fileless, argv, sha256 or
 * content lines does.
 *
 * One more line belongs to the file rather than to a rule, and may come
 * anywhere (before the first rule, between rules or inside one, where it
 * neither ends the rule nor starts another):
 *
 *	interpreter NAME[,NAME...] [KEY=LIST...]
 *				programs (globs) that run a script named on
 *				their command line, so that the module can
 *				judge the script; each LIST is comma-separated:
 *		options=OPTS		options that take a value
 *		command=OPTS		options whose program is text (sh -c)
 *		noscript=OPTS		options after which there is no script
 *		stdin=OPTS		the program is on standard input (sh -s)
 *		multicall=NAMES		of the NAMEs, those that run applets
 *	where an option is -x, +x or --name.  Each KEY at most once; at most
 *	EW_INTERPS_MAX lines.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/uapi/escapewatch.h"
#include "../../kmod/rules_blob.h"
#include "base/hashset.h"
#include "rules/rules.h"

struct parser {
	const char *name;
	int line;
	char *err;
	size_t errsize;
	struct ew_rules_src *out;
	size_t cap;		/* room in out->rule */
	struct ew_hashset ids;	/* indexes in out->rule, by rule id */
};

struct id_key {
	const struct ew_rules_src *rules;
	unsigned long id;
};

static int same_id(const void *key, size_t i)
{
	const struct id_key *k = key;

	return k->rules->rule[i].id == k->id;
}

static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(p->err, p->errsize, "%s:%d: ", p->name, p->line);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < p->errsize)
		vsnprintf(p->err + n, p->errsize - n, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_severity(const char *s)
{
	int i;

	for (i = EW_SEV_LOW; i <= EW_SEV_CRITICAL; i++)
		if (!strcmp(s, ew_severity_name(i)))
			return i;
	return 0;
}

static int parse_action(const char *s)
{
	int i;

	for (i = EW_ACT_REPORT; i <= EW_ACT_KILL; i++)
		if (!strcmp(s, ew_action_name(i)))
			return i;
	return -1;
}

static int name_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= EW_RULE_LEN)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._:-", *s))
			return 0;
	return 1;
}

static int start_rule(struct parser *p, char *args)
{
	struct ew_rules_src *out = p->out;
	struct ew_rule_src *r;
	char *end, *name;
	unsigned long id;
	struct id_key key = { out, 0 };
	size_t i;

	errno = 0;
	id = strtoul(args, &end, 10);
	if (end == args || !isspace((unsigned char)*end) || errno ||
	    !id || id > 0xffffffffUL)
		return fail(p, "rule wants an id from 1 to 4294967295 and a name");
	key.id = id;
	name = end + strspn(end, " \t");
	if (!name_ok(name))
		return fail(p, "rule name '%s': 1 to %d letters, digits or ._:-",
			    name, EW_RULE_LEN - 1);
	i = ew_hashset_find(&p->ids, id, &key, same_id);
	if (i != SIZE_MAX)
		return fail(p, "rule id %lu already used on line %d",
			    id, out->rule[i].line);
	if (out->nrule == EW_RULES_MAX)
		return fail(p, "more than %d rules", EW_RULES_MAX);

	if (out->nrule == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;

		r = realloc(out->rule, cap * sizeof(*r));
		if (!r)
			return fail(p, "out of memory");
		out->rule = r;
		p->cap = cap;
	}
	r = &out->rule[out->nrule];
	memset(r, 0, sizeof(*r));
	r->id = id;
	if (ew_hashset_add(&p->ids, id, &key, same_id, out->nrule++) ==
	    SIZE_MAX)
		return fail(p, "out of memory");
	r->line = p->line;
	r->severity = EW_SEV_HIGH;
	r->name = strdup(name);
	r->description = strdup("");
	r->technique = strdup("T1611");
	if (!r->name || !r->description || !r->technique)
		return fail(p, "out of memory");
	return 0;
}

static struct ew_match_src *add_match(struct parser *p,
				      struct ew_rule_src *r, int kind,
				      const char *pattern, const char *text)
{
	struct ew_match_src *m;

	if (strlen(text) > EW_RULES_STR_MAX) {
		fail(p, "pattern longer than %d bytes", EW_RULES_STR_MAX);
		return NULL;
	}
	m = realloc(r->match, (r->nmatch + 1) * sizeof(*m));
	if (!m) {
		fail(p, "out of memory");
		return NULL;
	}
	r->match = m;
	m = &m[r->nmatch++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->pattern = strdup(pattern);
	m->text = strdup(text);
	if (!m->pattern || !m->text) {
		fail(p, "out of memory");
		return NULL;
	}
	return m;
}

static int add_cond(struct parser *p, struct ew_match_src *m, char *tok)
{
	char *eq = strchr(tok, '='), *end;
	struct ew_cond_src c = { 0 }, *nc;

	if (m->ncond == EW_ARGCONDS_MAX)
		return fail(p, "more than %d argv conditions", EW_ARGCONDS_MAX);
	if (eq)
		*eq++ = '\0';
	if (eq && !*eq)
		return fail(p, "'%s=' wants a pattern", tok);
	if (tok[0] == '@') {
		c.kind = EW_ARG_POSITIONAL;
		errno = 0;
		c.pos = strtoul(tok + 1, &end, 10);
		if (!eq || *end || end == tok + 1 || !c.pos || c.pos > 0xffff)
			return fail(p, "'%s' wants a position from 1 and =pattern", tok);
	} else if (!strcmp(tok, "*")) {
		c.kind = EW_ARG_ANY;
		if (!eq)
			return fail(p, "'*' wants =pattern");
	} else if (tok[0] == '-') {
		if (!ew_rules_names_ok(tok))
			return fail(p, "'%s': options are -x or --name, separated by |", tok);
		c.kind = eq ? EW_ARG_VALUE : EW_ARG_FLAG;
	} else {
		return fail(p, "'%s': a condition is -x|--name[=GLOB], @N=GLOB or *=GLOB", tok);
	}
	c.names = strdup(c.kind <= EW_ARG_VALUE ? tok : "");
	c.value = strdup(eq ? eq : "");
	nc = c.names && c.value ?
		realloc(m->cond, (m->ncond + 1) * sizeof(*nc)) : NULL;
	if (!nc) {
		free(c.names);
		free(c.value);
		return fail(p, "out of memory");
	}
	m->cond = nc;
	m->cond[m->ncond++] = c;
	return 0;
}

/* Content bytes: the text, with \xNN for any byte but NUL and \\. */
static int add_content(struct parser *p, struct ew_rule_src *r,
		       const char *val)
{
	char bytes[EW_RULES_STR_MAX + 1];
	const char *text = val;
	size_t n = 0;

	if (!*val)
		return fail(p, "content wants a string");
	for (; *val; val++) {
		if (n == EW_RULES_STR_MAX)
			return fail(p, "content longer than %d bytes",
				    EW_RULES_STR_MAX);
		if (*val != '\\') {
			bytes[n++] = *val;
		} else if (val[1] == '\\') {
			bytes[n++] = *++val;
		} else if (val[1] == 'x' && isxdigit((unsigned char)val[2]) &&
			   isxdigit((unsigned char)val[3])) {
			char hex[3] = { val[2], val[3], 0 };

			bytes[n] = (char)strtoul(hex, NULL, 16);
			if (!bytes[n++])
				return fail(p, "content cannot hold a NUL byte");
			val += 3;
		} else {
			return fail(p, "content: write a backslash as \\\\, a byte as \\xNN");
		}
	}
	bytes[n] = '\0';
	return add_match(p, r, EW_MATCH_CONTENT, bytes, text) ? 0 : -1;
}

static int add_argv(struct parser *p, struct ew_rule_src *r, char *val)
{
	char *copy = strdup(val), *tok, *save = NULL;
	struct ew_match_src *m;
	int ret = 0;

	if (!copy)
		return fail(p, "out of memory");
	tok = strtok_r(copy, " \t", &save);
	m = add_match(p, r, EW_MATCH_ARGV, tok, val);
	while (m && !ret && (tok = strtok_r(NULL, " \t", &save)))
		ret = add_cond(p, m, tok);
	free(copy);
	return m ? ret : -1;
}

static int set_text(struct parser *p, char **field, const char *what,
		    const char *value)
{
	char *copy;

	if (strlen(value) > EW_RULES_STR_MAX)
		return fail(p, "%s longer than %d bytes", what, EW_RULES_STR_MAX);
	copy = strdup(value);
	if (!copy)
		return fail(p, "out of memory");
	free(*field);
	*field = copy;
	return 0;
}

/*
 * An interpreter line's keys, in the order ew_rules_print() writes them,
 * and the list each fills.  tests/man-check.sh reads the keys from here.
 */
static const struct {
	const char *key;
	size_t off;
} interp_keys[] = {
	{ "options", offsetof(struct ew_interp_src, options) },
	{ "command", offsetof(struct ew_interp_src, command) },
	{ "noscript", offsetof(struct ew_interp_src, noscript) },
	{ "stdin", offsetof(struct ew_interp_src, from_stdin) },
	{ "multicall", offsetof(struct ew_interp_src, multicall) },
};
#define NKEYS (sizeof(interp_keys) / sizeof(interp_keys[0]))

static char **interp_field(struct ew_interp_src *in, size_t key)
{
	return (char **)((char *)in + interp_keys[key].off);
}

/*
 * An option as the module reads them: "-x" or "+x" (one character), or
 * "--name".  '|' separates options in the blob; '=' would read as the
 * option's value.
 */
static int option_ok(const char *s)
{
	if (strpbrk(s, "|="))
		return 0;
	if (s[0] == '-' && s[1] == '-')
		return s[2] != '\0';
	return (s[0] == '-' || s[0] == '+') && s[1] && s[1] != '-' && !s[2];
}

/* Whether item is one of the elements of a '|'-joined list. */
static int in_list(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (;;) {
		size_t len = strcspn(list, "|");

		if (len == n && !strncmp(list, item, n))
			return 1;
		if (!list[len])
			return 0;
		list += len + 1;
	}
}

/* One element of a list: whether it suits its key (what), or fail(). */
static int check_item(struct parser *p, const struct ew_interp_src *in,
		      const char *what, const char *item)
{
	if (!*item)
		return fail(p, "%s list has an empty element", what);
	if ((!strcmp(what, "names") || !strcmp(what, "multicall")) &&
	    strlen(item) >= EW_INTERP_NAME_MAX)
		return fail(p, "%s: a name longer than %d bytes", what,
			    EW_INTERP_NAME_MAX - 1);
	if (!strcmp(what, "names")) {
		if (strchr(item, '|'))
			return fail(p, "names: '%s' holds a '|'", item);
	} else if (!strcmp(what, "multicall")) {
		if (!in_list(in->names, item))
			return fail(p, "multicall: '%s' is not among the names",
				    item);
	} else if (!option_ok(item)) {
		return fail(p, "%s: '%s' is not -x, +x or --name", what, item);
	}
	return 0;
}

/*
 * A comma-separated list, checked element by element, into *out joined
 * with '|' as the blob holds it.  Works in place on list.
 */
static int join_list(struct parser *p, const struct ew_interp_src *in,
		     const char *what, char *list, char **out)
{
	char *item = list, *end;

	/* ',' becomes '|': the joined list is as long as the written one. */
	if (strlen(list) > EW_RULES_STR_MAX)
		return fail(p, "%s list longer than %d bytes", what,
			    EW_RULES_STR_MAX);
	for (;;) {
		end = strchr(item, ',');
		if (end)
			*end = '\0';
		if (check_item(p, in, what, item))
			return -1;
		if (!end)
			break;
		*end = '|';
		item = end + 1;
	}
	*out = strdup(list);
	return *out ? 0 : fail(p, "out of memory");
}

/* KEY=LIST after an interpreter line's names. */
static int interp_key(struct parser *p, struct ew_interp_src *in, char *tok)
{
	char *eq = strchr(tok, '=');
	size_t k;

	if (!eq)
		return fail(p, "'%s': an interpreter's names are followed by KEY=LIST only",
			    tok);
	*eq++ = '\0';
	for (k = 0; k < NKEYS && strcmp(tok, interp_keys[k].key); k++)
		;
	if (k == NKEYS)
		return fail(p, "unknown interpreter key '%s'", tok);
	if (*interp_field(in, k))
		return fail(p, "interpreter key '%s' given twice", tok);
	if (!*eq)
		return fail(p, "'%s=' wants a list", tok);
	return join_list(p, in, tok, eq, interp_field(in, k));
}

static void free_interp(struct ew_interp_src *in)
{
	size_t k;

	free(in->names);
	for (k = 0; k < NKEYS; k++)
		free(*interp_field(in, k));
}

/*
 * interpreter NAME[,NAME...] [KEY=LIST...]: belongs to the file, not to a
 * rule, so it neither needs nor changes the current rule.
 */
static int add_interp(struct parser *p, char *val)
{
	struct ew_rules_src *out = p->out;
	struct ew_interp_src in = { .line = p->line }, *ni;
	char *tok, *save = NULL;
	size_t k;
	int ret;

	if (out->ninterp == EW_INTERPS_MAX)
		return fail(p, "more than %d interpreter lines", EW_INTERPS_MAX);
	tok = strtok_r(val, " \t", &save);
	if (!tok || strchr(tok, '='))
		return fail(p, "interpreter wants NAME[,NAME...] first");
	ret = join_list(p, &in, "names", tok, &in.names);
	while (!ret && (tok = strtok_r(NULL, " \t", &save)))
		ret = interp_key(p, &in, tok);
	for (k = 0; !ret && k < NKEYS; k++)
		if (!*interp_field(&in, k) &&
		    !(*interp_field(&in, k) = strdup("")))
			ret = fail(p, "out of memory");
	if (!ret) {
		ni = realloc(out->interp, (out->ninterp + 1) * sizeof(*ni));
		if (ni)
			out->interp = ni;
		else
			ret = fail(p, "out of memory");
	}
	if (ret) {
		free_interp(&in);
		return ret;
	}
	out->interp[out->ninterp++] = in;
	return 0;
}

static int parse_line(struct parser *p, char *line)
{
	struct ew_rule_src *r;
	char *key, *val;

	key = line + strspn(line, " \t");
	val = key + strcspn(key, " \t");
	if (*val)
		*val++ = '\0';
	val += strspn(val, " \t");
	for (char *e = val + strlen(val); e > val && isspace((unsigned char)e[-1]);)
		*--e = '\0';

	if (!strcmp(key, "rule"))
		return start_rule(p, val);
	if (!strcmp(key, "interpreter"))
		return add_interp(p, val);
	if (!p->out->nrule)
		return fail(p, "'%s' before the first rule", key);
	r = &p->out->rule[p->out->nrule - 1];

	if (!strcmp(key, "name") || !strcmp(key, "path") ||
	    !strcmp(key, "argv")) {
		if (!*val)
			return fail(p, "%s wants a pattern", key);
		if (*key == 'a')
			return add_argv(p, r, val);
		return add_match(p, r, *key == 'n' ? EW_MATCH_NAME :
				 EW_MATCH_PATH, val, val) ? 0 : -1;
	}
	if (!strcmp(key, "sha256")) {
		char hex[65];
		size_t i;

		for (i = 0; i < 64 && isxdigit((unsigned char)val[i]); i++)
			hex[i] = tolower((unsigned char)val[i]);
		if (i != 64 || val[64])
			return fail(p, "sha256 wants 64 hex digits");
		hex[64] = '\0';
		return add_match(p, r, EW_MATCH_SHA256, hex, hex) ? 0 : -1;
	}
	if (!strcmp(key, "content"))
		return add_content(p, r, val);
	if (!strcmp(key, "fileless")) {
		if (*val)
			return fail(p, "fileless takes no pattern");
		return add_match(p, r, EW_MATCH_FILELESS, "", "") ? 0 : -1;
	}
	if (!strcmp(key, "action")) {
		r->action = parse_action(val);
		if (r->action < 0)
			return fail(p, "action is report, deny or kill");
		return 0;
	}
	if (!strcmp(key, "severity")) {
		r->severity = parse_severity(val);
		if (!r->severity)
			return fail(p, "severity is low, medium, high or critical");
		return 0;
	}
	if (!strcmp(key, "technique"))
		return set_text(p, &r->technique, key, val);
	if (!strcmp(key, "description"))
		return set_text(p, &r->description, key, val);
	return fail(p, "unknown keyword '%s'", key);
}

int ew_rules_parse(const char *text, const char *name,
		   struct ew_rules_src *out, char *err, size_t errsize)
{
	struct parser p = { name, 0, err, errsize, out, 0, EW_HASHSET_INIT };
	char *copy = strdup(text), *line, *next;
	size_t i;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (!copy)
		return fail(&p, "out of memory");
	for (line = copy; line && !ret; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		p.line++;
		if (line[strspn(line, " \t\r")] == '\0' ||
		    line[strspn(line, " \t")] == '#')
			continue;
		line[strcspn(line, "\r")] = '\0';
		ret = parse_line(&p, line);
	}
	free(copy);
	ew_hashset_free(&p.ids);
	if (!ret && !out->nrule) {
		ret = -1;
		snprintf(err, errsize, "%s: no rules", name);
	}
	for (i = 0; !ret && i < out->nrule; i++) {
		if (!out->rule[i].nmatch) {
			p.line = out->rule[i].line;
			ret = fail(&p, "rule %u has no name, path, fileless, argv, sha256 or content line",
				   out->rule[i].id);
		}
	}
	if (ret)
		ew_rules_free(out);
	return ret;
}

void ew_rules_free(struct ew_rules_src *rules)
{
	size_t i, j;

	for (i = 0; i < rules->nrule; i++) {
		struct ew_rule_src *r = &rules->rule[i];

		for (j = 0; j < r->nmatch; j++) {
			struct ew_match_src *m = &r->match[j];

			for (size_t k = 0; k < m->ncond; k++) {
				free(m->cond[k].names);
				free(m->cond[k].value);
			}
			free(m->cond);
			free(m->pattern);
			free(m->text);
		}
		free(r->match);
		free(r->name);
		free(r->description);
		free(r->technique);
	}
	free(rules->rule);
	for (i = 0; i < rules->ninterp; i++)
		free_interp(&rules->interp[i]);
	free(rules->interp);
	memset(rules, 0, sizeof(*rules));
}
