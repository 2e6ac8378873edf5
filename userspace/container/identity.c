// SPDX-License-Identifier: GPL-2.0
/* A container's identity from its runtime's state files (identity.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "container/identity.h"

/* Labels and annotations kept of one container; longer ones are cut. */
#define EW_MAP_MAX	128
#define EW_KEY_MAX	256
#define EW_VALUE_MAX	4096

/* A runtime that the cgroup path does not name: try each by its id. */
static int any_runtime(struct ew_lookup *l, const char *cid,
		       struct ew_identity *id)
{
	return ew_state_docker(l, cid, id) ||
	       ew_state_storage(l, cid, 0, id) ||
	       ew_state_containerd(l, cid, id);
}

/*
 * A map from a state file as a finding may carry it: string values only,
 * at most EW_MAP_MAX of them, bounded keys and values; what is left out is
 * counted in why.
 */
static json_t *tidy(struct ew_lookup *l, json_t *map, const char *what)
{
	unsigned int dropped = 0;
	const char *key;
	json_t *out, *v;

	if (!map)
		return NULL;
	out = json_object();
	json_object_foreach(map, key, v) {
		if (!json_is_string(v) || strlen(key) > EW_KEY_MAX ||
		    json_string_length(v) > EW_VALUE_MAX ||
		    json_object_size(out) >= EW_MAP_MAX ||
		    json_object_set(out, key, v))
			dropped++;
	}
	json_decref(map);
	if (dropped)
		ew_lookup_why(l, "%u %s left out (not strings, too long, or past %d)",
			      dropped, what, EW_MAP_MAX);
	return out;
}

/* RFC 3339 as the runtimes write it: 2006-01-02T15:04:05[.frac](Z|+hh:mm). */
static int rfc3339(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	size_t i;

	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) :
				      s[i] != shape[i])
			return 0;
	s += i;
	if (*s == '.') {
		for (i = 1; isdigit((unsigned char)s[i]); i++)
			;
		if (i == 1)
			return 0;
		s += i;
	}
	if (!strcmp(s, "Z"))
		return 1;
	return (s[0] == '+' || s[0] == '-') && isdigit((unsigned char)s[1]) &&
	       isdigit((unsigned char)s[2]) && s[3] == ':' &&
	       isdigit((unsigned char)s[4]) && isdigit((unsigned char)s[5]) &&
	       !s[6];
}

static void check(struct ew_lookup *l, struct ew_identity *id)
{
	id->labels = tidy(l, id->labels, "labels");
	id->annotations = tidy(l, id->annotations, "annotations");
	if (id->created[0] && !rfc3339(id->created)) {
		ew_lookup_why(l, "created time \"%.40s\" is not RFC 3339",
			      id->created);
		id->created[0] = '\0';
	}
}

int ew_identity_lookup(const struct ew_container *c, const char *root,
		       unsigned int timeout_ms, struct ew_identity *id)
{
	struct ew_lookup l;
	int found = 0;

	memset(id, 0, sizeof(*id));
	ew_lookup_init(&l, root, timeout_ms);
	if (!c->id[0])
		ew_lookup_why(&l, "the cgroup path names no container");
	else if (!strcmp(c->runtime, "docker"))
		found = ew_state_docker(&l, c->id, id);
	else if (!strcmp(c->runtime, "podman"))
		found = ew_state_storage(&l, c->id, 0, id);
	else if (!strcmp(c->runtime, "cri-o"))
		found = ew_state_storage(&l, c->id, 1, id);
	else if (!strcmp(c->runtime, "containerd"))
		found = ew_state_containerd(&l, c->id, id);
	else if (!strcmp(c->runtime, "lxc"))
		found = ew_state_lxc(&l, c->id, id);
	else if (!strcmp(c->runtime, "systemd-nspawn"))
		found = ew_state_nspawn(&l, c->id, id);
	else
		found = any_runtime(&l, c->id, id);
	if (found)
		check(&l, id);
	if (c->id[0] && !found && !l.why[0])
		ew_lookup_why(&l, "no state of a %s container %s on this host",
			      c->runtime[0] ? c->runtime : "known runtime's",
			      c->id);
	memcpy(id->why, l.why, sizeof(id->why));
	memcpy(id->source, l.read, sizeof(id->source));
	ew_lookup_end(&l, id->late, sizeof(id->late));
	return found;
}

void ew_identity_clear(struct ew_identity *id)
{
	json_decref(id->labels);
	json_decref(id->annotations);
	memset(id, 0, sizeof(*id));
}
