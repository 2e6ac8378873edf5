// SPDX-License-Identifier: GPL-2.0
/*
 * Docker's state of one container: DATA-ROOT/containers/ID/config.v2.json
 * (name, image, labels, created, log path) and hostconfig.json (the
 * settings it was started with).  DATA-ROOT is /var/lib/docker unless
 * /etc/docker/daemon.json sets "data-root" (or the older "graph").
 * Layout: moby's container/container.go (toDisk) and daemon/config; the
 * samples in tests/unit/samples/docker are Debian 12's docker.io.
 */
#include <stdio.h>
#include <string.h>

#include "container/identity.h"

#define EW_STATE_MAX	(1 << 20)

static void data_root(struct ew_lookup *l, char *out, size_t size)
{
	json_t *conf = ew_lookup_json(l, "/etc/docker/daemon.json", 1 << 16,
				      0);
	const char *s = json_string_value(json_object_get(conf, "data-root"));

	if (!s)
		s = json_string_value(json_object_get(conf, "graph"));
	/* Only an absolute path without "..": the file is the host's, but
	 * its value is a path we build on. */
	if (!s || s[0] != '/' || strstr(s, "/..") ||
	    strlen(s) >= size - 1)
		s = "/var/lib/docker";
	snprintf(out, size, "%s", s);
	json_decref(conf);
}

static void log_of(struct ew_identity *id, const json_t *cfg,
		   const json_t *host, const char *cid)
{
	const char *type = json_string_value(json_object_get(
		json_object_get(host, "LogConfig"), "Type"));
	const char *path = json_string_value(json_object_get(cfg, "LogPath"));

	if (path && path[0]) {
		snprintf(id->log, sizeof(id->log), "%s", path);
		snprintf(id->log_kind, sizeof(id->log_kind), "file");
	} else if (type && !strcmp(type, "journald")) {
		snprintf(id->log, sizeof(id->log), "CONTAINER_ID_FULL=%s", cid);
		snprintf(id->log_kind, sizeof(id->log_kind), "journald");
	}
}

int ew_state_docker(struct ew_lookup *l, const char *cid,
		    struct ew_identity *id)
{
	char root[1024], path[1200], created[64];
	json_t *cfg, *host, *conf, *labels;
	const char *name;

	data_root(l, root, sizeof(root));
	snprintf(path, sizeof(path), "%s/containers/%s/config.v2.json", root,
		 cid);
	cfg = ew_lookup_json(l, path, EW_STATE_MAX, 0);
	if (!cfg)
		return 0;
	snprintf(path, sizeof(path), "%s/containers/%s/hostconfig.json", root,
		 cid);
	host = ew_lookup_json(l, path, EW_STATE_MAX, 1);

	conf = json_object_get(cfg, "Config");
	name = json_string_value(json_object_get(cfg, "Name"));
	/* Docker keeps the name with a leading '/'. */
	snprintf(id->name, sizeof(id->name), "%s",
		 name ? name + (name[0] == '/') : "");
	ew_json_get_str(conf, "Image", id->image, sizeof(id->image));
	ew_json_get_str(cfg, "Image", id->image_id, sizeof(id->image_id));
	ew_json_get_str(cfg, "Created", created, sizeof(created));
	snprintf(id->created, sizeof(id->created), "%s", created);
	labels = json_object_get(conf, "Labels");
	if (json_is_object(labels) && json_object_size(labels)) {
		id->labels = json_incref(labels);
		ew_identity_pod(id, labels);
	}
	log_of(id, cfg, host, cid);
	id->privileged = json_is_true(json_object_get(host, "Privileged"));
	if (!id->name[0])
		ew_lookup_why(l, "config.v2.json: no Name");
	if (!id->image[0])
		ew_lookup_why(l, "config.v2.json: no Config.Image");
	json_decref(host);
	json_decref(cfg);
	return 1;
}
