// SPDX-License-Identifier: GPL-2.0
/* The decoded view of an exec record: pointers and lengths, no copies. */
#include <string.h>

#include "input/decode.h"
#include "input/record.h"

static void set_text(struct ew_text *t, const struct ew_field *f)
{
	t->p = (const char *)(f + 1);
	t->len = f->len;
	t->flags = f->flags;
	t->present = 1;
}

void ew_event_decode(const struct ew_exec_record *rec, struct ew_event *ev)
{
	struct ew_text *slot[] = {
		[EW_F_PATH] = &ev->path, [EW_F_FILENAME] = &ev->filename,
		[EW_F_INTERP] = &ev->interp, [EW_F_ARGV] = &ev->argv,
		[EW_F_CWD] = &ev->cwd, [EW_F_CGROUP] = &ev->cgroup,
	};
	const struct ew_field *f;
	size_t off = 0;

	memset(ev, 0, sizeof(*ev));
	ev->rec = rec;
	while ((f = ew_field_next(rec, &off))) {
		if (f->type == EW_F_ANCESTOR && ev->nanc < EW_ANCESTORS_MAX &&
		    f->len >= sizeof(struct ew_ancestor)) {
			struct ew_event_ancestor *a = &ev->anc[ev->nanc++];

			a->a = (const void *)(f + 1);
			a->path.p = (const char *)(a->a + 1);
			a->path.len = f->len - sizeof(*a->a);
			a->path.flags = f->flags;
			a->path.present = 1;
		} else if (f->type < sizeof(slot) / sizeof(slot[0]) &&
			   slot[f->type]) {
			set_text(slot[f->type], f);
		} else {
			ev->nunknown++;
		}
	}
}

int ew_argv_next(const struct ew_text *argv, size_t *off, struct ew_text *arg)
{
	const char *nul;

	if (!argv->present || *off >= argv->len)
		return 0;
	arg->p = argv->p + *off;
	arg->present = 1;
	nul = memchr(arg->p, '\0', argv->len - *off);
	if (nul) {
		arg->len = (size_t)(nul - arg->p);
		arg->flags = 0;
		*off += arg->len + 1;
	} else {
		arg->len = argv->len - *off;
		arg->flags = EW_FIELD_TRUNCATED;
		*off = argv->len;
	}
	return 1;
}

int ew_argv_truncated(const struct ew_event *ev)
{
	struct ew_text arg;
	size_t off = 0;
	unsigned int n = 0;

	if (ev->argv.flags & (EW_FIELD_TRUNCATED | EW_FIELD_UNREADABLE))
		return 1;
	while (ew_argv_next(&ev->argv, &off, &arg)) {
		if (arg.flags & EW_FIELD_TRUNCATED)
			return 1;
		n++;
	}
	return n < ev->rec->argc;
}

static int has_value(const struct ew_text *t)
{
	return t->present && !(t->flags & EW_FIELD_UNREADABLE) && t->len;
}

const struct ew_text *ew_event_file(const struct ew_event *ev)
{
	if (!has_value(&ev->path) && has_value(&ev->filename))
		return &ev->filename;
	return &ev->path;
}

const struct ew_text *ew_event_binary(const struct ew_event *ev)
{
	return ev->interp.present ? &ev->interp : ew_event_file(ev);
}
