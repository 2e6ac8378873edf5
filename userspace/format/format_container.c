// SPDX-License-Identifier: GPL-2.0
/* The container behind a finding, as JSON (format_container.h). */
#include <string.h>

#include "format/format_container.h"

static void set_str(struct ew_tb *b, const char *key, const char *value)
{
	if (value[0])
		ew_tb_memo_str(b, key, value);
}

static void pod(struct ew_tb *b, const struct ew_pod *p)
{
	ew_tb_obj(b, "pod");
	set_str(b, "namespace", p->ns);
	set_str(b, "name", p->name);
	set_str(b, "uid", p->uid);
	set_str(b, "container", p->container);
	ew_tb_end(b);
}

static void log_of(struct ew_tb *b, const struct ew_finding *f)
{
	const struct ew_identity *id = f->identity;

	ew_tb_obj(b, "log");
	set_str(b, "path", id->log);
	set_str(b, "kind", id->log_kind);
	if (f->log_lines)
		ew_tb_json(b, "lines", json_incref(f->log_lines));
	set_str(b, "linesMissing", f->log_why);
	ew_tb_end(b);
}

static void items(struct ew_tb *b, const struct ew_surface *s)
{
	unsigned int i;

	ew_tb_arr(b, "items");
	for (i = 0; i < s->nitems; i++) {
		const struct ew_surface_item *it = &s->items[i];

		ew_tb_obj(b, NULL);
		ew_tb_text(b, "id", it->id);
		set_str(b, "detail", it->detail);
		set_str(b, "mountPoint", it->where);
		if (it->where_cut)
			ew_tb_bool(b, "mountPointCut", 1);
		ew_tb_str(b, "gives", it->gives);
		ew_tb_end(b);
	}
	ew_tb_end(b);
}

static void open_paths(struct ew_tb *b, const struct ew_surface *s)
{
	unsigned int i;

	ew_tb_arr(b, "openPaths");
	for (i = 0; i < s->nopen && i < EW_SURFACE_OPEN; i++) {
		ew_tb_obj(b, NULL);
		ew_tb_text(b, "name", s->paths[i].name);
		ew_tb_text(b, "why", s->paths[i].why);
		ew_tb_text(b, "technique", s->paths[i].technique);
		ew_tb_end(b);
	}
	ew_tb_end(b);
}

/* The escape surface: its items, what was unknown, the paths out. */
static void surface(struct ew_tb *b, const struct ew_finding *f)
{
	const struct ew_surface *s = f->surface;
	unsigned int i;

	ew_tb_obj(b, "escapeSurface");
	ew_tb_int(b, "pid", s->pid);
	items(b, s);
	if (s->items_dropped)
		ew_tb_int(b, "itemsDropped", s->items_dropped);
	ew_tb_arr(b, "unknown");
	for (i = 0; i < s->nreasons && i < EW_SURFACE_REASONS; i++)
		ew_tb_str(b, NULL, s->reasons[i]);
	ew_tb_end(b);
	ew_tb_bool(b, "open", s->open);
	open_paths(b, s);
	if (f->weigh != EW_WEIGH_UNKNOWN || f->weigh_why[0]) {
		ew_tb_obj(b, "commandLine");
		ew_tb_const(b, "verdict", f->weigh == EW_WEIGH_ESCAPE ?
			    "escape" : f->weigh == EW_WEIGH_CONTAINED ?
			    "contained" : "unknown");
		ew_tb_str(b, "why", f->weigh_why);
		ew_tb_end(b);
	}
	ew_tb_end(b);
}

void ew_format_container(struct ew_tb *b, const char *key,
			 const struct ew_finding *f)
{
	const struct ew_container *c = &f->container;
	const struct ew_identity *id = f->identity;

	if (!f->container_known)
		return;
	ew_tb_obj(b, key);
	set_str(b, "runtime", c->runtime);
	set_str(b, "id", c->id);
	set_str(b, "podUid", c->pod_uid);
	if (f->surface)
		surface(b, f);
	if (!id)
		goto out;
	ew_tb_bool(b, "stateFound", f->identity_found);
	set_str(b, "name", id->name);
	set_str(b, "image", id->image);
	set_str(b, "imageId", id->image_id);
	set_str(b, "created", id->created);
	set_str(b, "runtimeNamespace", id->space);
	if (id->labels)
		ew_tb_json(b, "labels", json_incref(id->labels));
	if (id->annotations)
		ew_tb_json(b, "annotations", json_incref(id->annotations));
	if (id->pod.name[0])
		pod(b, &id->pod);
	if (id->log[0] || f->log_why[0])
		log_of(b, f);
	ew_tb_bool(b, "privileged", id->privileged);
	set_str(b, "stateFiles", id->source);
	set_str(b, "missing", id->why);
	set_str(b, "lookupLate", id->late);
out:
	ew_tb_end(b);
}

static void add(struct ew_tb *b, const char *name, const char *value)
{
	if (!value || !value[0])
		return;
	ew_tb_obj(b, NULL);
	ew_tb_memo_str(b, "name", name);
	ew_tb_memo_str(b, "value", value);
	ew_tb_end(b);
}

void ew_scc_labels(struct ew_tb *b, const char *key,
		   const struct ew_finding *f, const json_t *map, int ours)
{
	const char *k;
	json_t *v;

	ew_tb_arr(b, key);
	if (ours) {
		add(b, "runtime", f->container.runtime);
		add(b, "containerId", f->container.id);
		add(b, "podUid", f->container.pod_uid);
	}
	json_object_foreach((json_t *)map, k, v)
		add(b, k, json_string_value(v));
	ew_tb_end(b);
}
