// SPDX-License-Identifier: GPL-2.0
/*
 * The text format: one line per finding for a terminal,
 *
 *   TIME SEVERITY rule=NAME(ID) id=ID container=RUNTIME:ID pid=PID
 *   [action=deny|kill] [related=N] [name=NAME] [image=IMAGE] [raised=WHY]
 *	binary=PATH [script=PATH] [exec-failed] [args-truncated] args=ARGS
 *
 * Every byte from the kernel goes through escape.h's EW_ESC_TERM rule, so
 * no control character, escape sequence or line break reaches the
 * terminal: one finding is always exactly one line.  A value that is
 * empty or holds a space or a quote is written in double quotes, with '"'
 * as \x22; the arguments come last, each one a word of that kind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/names.h"
#include "format/format_text.h"
#include "rules/rules.h"

/* Returns -1 when out of memory. */
static int word(FILE *out, const char *p, size_t len)
{
	int quote = !len || memchr(p, ' ', len) || memchr(p, '"', len) ||
		    memchr(p, '\'', len);
	char *esc = ew_escape_dup(p, len, EW_ESC_TERM |
				  (quote ? EW_ESC_QUOTE : 0));

	if (!esc)
		return -1;
	fprintf(out, quote ? "\"%s\"" : "%s", esc);
	free(esc);
	return 0;
}

/* An absent or unreadable value is written as ?, unquoted. */
static int text_word(FILE *out, const char *key, const struct ew_text *t)
{
	fprintf(out, " %s=", key);
	if (t->present && !(t->flags & EW_FIELD_UNREADABLE))
		return word(out, t->p, t->len);
	fputs("?", out);
	return 0;
}

static int args(FILE *out, const struct ew_event *ev)
{
	struct ew_text arg;
	size_t off = 0;
	int n = 0, err = 0;

	fputs(" args=", out);
	while (ew_argv_next(&ev->argv, &off, &arg)) {
		if (n++)
			fputc(' ', out);
		err |= word(out, arg.p, arg.len);
	}
	return err;
}

/* runtime:id, a 64-digit id cut to 12 as docker ps does; - if unknown. */
static int container(FILE *out, const struct ew_finding *f)
{
	char where[128];
	size_t n;

	if (!f->container_known) {
		fputs("-", out);
		return 0;
	}
	ew_container_label(f, where, sizeof(where));
	n = strlen(where);
	if (strlen(f->container.id) == 64)
		n -= 64 - 12;
	return word(out, where, n);
}

char *ew_format_text(const struct ew_finding *f)
{
	const struct ew_event *ev = f->ev;
	const struct ew_exec_record *r = ev->rec;
	char when[64], raised[512], *line = NULL;
	const char *sev = ew_scc_severity(ew_finding_severity(f, raised,
							   sizeof(raised)));
	size_t len = 0;
	int err = 0;
	FILE *out = open_memstream(&line, &len);

	if (!out)
		return NULL;
	fprintf(out, "%s %s rule=", ew_rfc3339(r->real_ns, when, sizeof(when)),
		sev ? sev : "HIGH");
	err |= word(out, r->rule, strlen(r->rule));
	fprintf(out, "(%u) id=%s container=", r->rule_id, f->id);
	err |= container(out, f);
	fprintf(out, " pid=%u", r->pid);
	if (r->action != EW_ACT_REPORT)
		fprintf(out, " action=%s", ew_action_name(r->action));
	if (f->nrelated)
		fprintf(out, " related=%zu", f->nrelated);
	if (f->identity && f->identity->name[0]) {
		fputs(" name=", out);
		err |= word(out, f->identity->name, strlen(f->identity->name));
	}
	if (f->identity && f->identity->image[0]) {
		fputs(" image=", out);
		err |= word(out, f->identity->image,
			    strlen(f->identity->image));
	}
	if (raised[0]) {
		fputs(" raised=", out);
		err |= word(out, raised, strlen(raised));
	}
	err |= text_word(out, "binary", ew_event_binary(ev));
	if (ev->interp.present)
		err |= text_word(out, "script", ew_event_file(ev));
	if (r->hdr.flags & EW_EXEC_FAILED)
		fputs(" exec-failed", out);
	if (ew_argv_truncated(ev))
		fputs(" args-truncated", out);
	err |= args(out, ev);
	err |= ferror(out);
	if (fclose(out) || err) {
		free(line);
		return NULL;
	}
	return line;
}
