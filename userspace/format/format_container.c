// SPDX-License-Identifier: GPL-2.0
/* The container behind a finding, as JSON (format_container.h). */
#include <string.h>

#include "format/format_container.h"
#include "format/json_util.h"

static void set_str(json_t *o, const char *key, const char *value, int *bad)
{
	if (value[0])
		ew_json_set(o, key, ew_json_str(value), bad);
}

static json_t *pod(const struct ew_pod *p, int *bad)
{
	json_t *o = json_object();

	set_str(o, "namespace", p->ns, bad);
	set_str(o, "name", p->name, bad);
	set_str(o, "uid", p->uid, bad);
	set_str(o, "container", p->container, bad);
	return o;
}

static json_t *log_of(const struct ew_finding *f, int *bad)
{
	const struct ew_identity *id = f->identity;
	json_t *o = json_object();

	set_str(o, "path", id->log, bad);
	set_str(o, "kind", id->log_kind, bad);
	if (f->log_lines)
		ew_json_set(o, "lines", json_incref(f->log_lines), bad);
	set_str(o, "linesMissing", f->log_why, bad);
	return o;
}

static json_t *items(const struct ew_surface *s, int *bad)
{
	json_t *list = json_array(), *one;
	unsigned int i;

	for (i = 0; i < s->nitems; i++) {
		const struct ew_surface_item *it = &s->items[i];

		one = json_object();
		ew_json_set(one, "id", json_string(it->id), bad);
		set_str(one, "detail", it->detail, bad);
		set_str(one, "mountPoint", it->where, bad);
		if (it->where_cut)
			ew_json_set(one, "mountPointCut", json_true(), bad);
		ew_json_set(one, "gives", ew_json_str(it->gives), bad);
		ew_json_append(list, one, bad);
	}
	return list;
}

static json_t *open_paths(const struct ew_surface *s, int *bad)
{
	json_t *list = json_array();
	unsigned int i;

	for (i = 0; i < s->nopen && i < EW_SURFACE_OPEN; i++)
		ew_json_append(list, json_pack("{s:s, s:s, s:s}",
					       "name", s->paths[i].name,
					       "why", s->paths[i].why,
					       "technique",
					       s->paths[i].technique), bad);
	return list;
}

/* The escape surface: its items, what was unknown, the paths out. */
static json_t *surface(const struct ew_finding *f, int *bad)
{
	const struct ew_surface *s = f->surface;
	json_t *o = json_object(), *unknown = json_array();
	unsigned int i;

	ew_json_set(o, "pid", json_integer(s->pid), bad);
	ew_json_set(o, "items", items(s, bad), bad);
	if (s->items_dropped)
		ew_json_set(o, "itemsDropped", json_integer(s->items_dropped),
			    bad);
	for (i = 0; i < s->nreasons && i < EW_SURFACE_REASONS; i++)
		ew_json_append(unknown, ew_json_str(s->reasons[i]), bad);
	ew_json_set(o, "unknown", unknown, bad);
	ew_json_set(o, "open", json_boolean(s->open), bad);
	ew_json_set(o, "openPaths", open_paths(s, bad), bad);
	if (f->weigh != EW_WEIGH_UNKNOWN || f->weigh_why[0])
		ew_json_set(o, "commandLine",
			    json_pack("{s:s, s:o}", "verdict",
				      f->weigh == EW_WEIGH_ESCAPE ? "escape" :
				      f->weigh == EW_WEIGH_CONTAINED ?
				      "contained" : "unknown",
				      "why", ew_json_str(f->weigh_why)), bad);
	return o;
}

json_t *ew_format_container(const struct ew_finding *f, int *bad)
{
	const struct ew_container *c = &f->container;
	const struct ew_identity *id = f->identity;
	json_t *o;

	if (!f->container_known)
		return NULL;
	o = json_object();
	set_str(o, "runtime", c->runtime, bad);
	set_str(o, "id", c->id, bad);
	set_str(o, "podUid", c->pod_uid, bad);
	if (f->surface)
		ew_json_set(o, "escapeSurface", surface(f, bad), bad);
	if (!id)
		return o;
	ew_json_set(o, "stateFound", json_boolean(f->identity_found), bad);
	set_str(o, "name", id->name, bad);
	set_str(o, "image", id->image, bad);
	set_str(o, "imageId", id->image_id, bad);
	set_str(o, "created", id->created, bad);
	set_str(o, "runtimeNamespace", id->space, bad);
	if (id->labels)
		ew_json_set(o, "labels", json_incref(id->labels), bad);
	if (id->annotations)
		ew_json_set(o, "annotations", json_incref(id->annotations),
			    bad);
	if (id->pod.name[0])
		ew_json_set(o, "pod", pod(&id->pod, bad), bad);
	if (id->log[0] || f->log_why[0])
		ew_json_set(o, "log", log_of(f, bad), bad);
	ew_json_set(o, "privileged", json_boolean(id->privileged), bad);
	set_str(o, "stateFiles", id->source, bad);
	set_str(o, "missing", id->why, bad);
	return o;
}

static void add(json_t *list, const char *name, const char *value, int *bad)
{
	if (value && value[0])
		ew_json_append(list, json_pack("{s:o, s:o}",
					       "name", ew_json_str(name),
					       "value", ew_json_str(value)),
			       bad);
}

json_t *ew_scc_labels(const struct ew_finding *f, const json_t *map,
		      int ours, int *bad)
{
	json_t *list = json_array(), *v;
	const char *key;

	if (ours) {
		add(list, "runtime", f->container.runtime, bad);
		add(list, "containerId", f->container.id, bad);
		add(list, "podUid", f->container.pod_uid, bad);
	}
	json_object_foreach((json_t *)map, key, v)
		add(list, key, json_string_value(v), bad);
	return list;
}
