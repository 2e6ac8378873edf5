// SPDX-License-Identifier: GPL-2.0
/*
 * Podman's and CRI-O's state of one container.  Both keep it in
 * containers/storage: GRAPHROOT/DRIVER-containers/containers.json lists
 * every container (names, image id, and a "metadata" string of JSON with
 * the image's name and the container's), and the container's OCI bundle,
 * DIR/DRIVER-containers/ID/userdata/config.json, carries its annotations:
 * Podman's own and the user's, and CRI-O's io.kubernetes.cri-o.* (name,
 * image, labels and annotations as JSON strings, created, log path).
 * GRAPHROOT, the run root and DRIVER come from /etc/containers/storage.conf
 * (defaults /var/lib/containers/storage, /run/containers/storage,
 * overlay).  Podman keeps the user's labels only in libpod's BoltDB,
 * GRAPHROOT/libpod/bolt_state.db (Podman 4; Podman 5 may use SQLite
 * instead, db.sql, not read): bucket "ctr", a bucket per container id,
 * its key "config" a JSON ContainerConfig ("labels", "name",
 * "createdTime", "rootfsImageName", "rootfsImageID").  Layouts:
 * containers/storage containers.go, cri-o pkg/annotations, podman
 * libpod/boltdb_state.go and container_config.go; samples in
 * tests/unit/samples/podman-* and bolt/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container/bolt.h"
#include "container/identity.h"

#define EW_LIST_MAX	(8 << 20)	/* containers.json of every container */
#define EW_STATE_MAX	(1 << 20)
#define EW_BOLT_FILE_MAX	(1ULL << 30)	/* read by pages, never whole */

struct storage {
	char graph[512], run[512], driver[32];
};

/* A path value of storage.conf: absolute, without "..". */
static void conf_path(const char *line, const char *key, char *out,
		      size_t size)
{
	size_t n = strlen(key);
	const char *v, *end;

	if (strncmp(line, key, n) || (line[n] != ' ' && line[n] != '='))
		return;
	v = strchr(line + n, '"');
	if (!v || !(end = strchr(v + 1, '"')) || v[1] != '/' ||
	    (size_t)(end - v - 1) >= size)
		return;
	snprintf(out, size, "%.*s", (int)(end - v - 1), v + 1);
	if (strstr(out, "/.."))
		out[0] = '\0';
}

static void storage_conf(struct ew_lookup *l, struct storage *s)
{
	char *buf, *line, *save = NULL;
	size_t len;

	s->graph[0] = s->run[0] = s->driver[0] = '\0';
	if (!ew_lookup_file(l, "/etc/containers/storage.conf", 1 << 16, &buf,
			    &len)) {
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			line += strspn(line, " \t");
			conf_path(line, "graphroot", s->graph, sizeof(s->graph));
			conf_path(line, "runroot", s->run, sizeof(s->run));
			if (!strncmp(line, "driver", 6) && !s->driver[0])
				sscanf(line, "driver = \"%31[a-z0-9]\"",
				       s->driver);
		}
		free(buf);
	}
	if (!s->graph[0])
		strcpy(s->graph, "/var/lib/containers/storage");
	if (!s->run[0])
		strcpy(s->run, "/run/containers/storage");
	if (!s->driver[0])
		strcpy(s->driver, "overlay");
}

/* The container's entry in containers.json, with a reference. */
static json_t *listed(struct ew_lookup *l, const struct storage *s,
		      const char *cid)
{
	char path[700];
	json_error_t err;
	json_t *all, *one = NULL, *c;
	size_t len, i;
	char *buf;

	snprintf(path, sizeof(path), "%s/%s-containers/containers.json",
		 s->graph, s->driver);
	if (ew_lookup_file(l, path, EW_LIST_MAX, &buf, &len))
		return NULL;
	all = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	free(buf);
	if (!json_is_array(all)) {
		ew_lookup_why(l, "%s: not a JSON array (line %d: %s)", path,
			      all ? 0 : err.line, all ? "" : err.text);
		json_decref(all);
		return NULL;
	}
	json_array_foreach(all, i, c) {
		const char *id = json_string_value(json_object_get(c, "id"));

		if (id && !strcmp(id, cid)) {
			one = json_incref(c);
			break;
		}
	}
	json_decref(all);
	return one;
}

static void fill(char *out, size_t size, const char *value)
{
	if (!out[0] && value)
		snprintf(out, size, "%s", value);
}

/*
 * What containers.json says, where the bundle said nothing: names, image
 * id, created, and its metadata string's image name.
 */
static void from_list(struct ew_lookup *l, const json_t *c,
		      struct ew_identity *id)
{
	const char *md = json_string_value(json_object_get(c, "metadata"));
	const char *image = json_string_value(json_object_get(c, "image"));
	json_t *names = json_object_get(c, "names"), *meta;
	json_error_t err;

	fill(id->name, sizeof(id->name),
	     json_string_value(json_array_get(names, 0)));
	/* The image id as Podman gives it: hex, without "sha256:". */
	fill(id->image_id, sizeof(id->image_id), image);
	fill(id->created, sizeof(id->created),
	     json_string_value(json_object_get(c, "created")));
	if (!md || !md[0])
		return;
	meta = json_loads(md, JSON_REJECT_DUPLICATES, &err);
	if (!json_is_object(meta))
		ew_lookup_why(l, "containers.json: metadata is not a JSON object");
	fill(id->image, sizeof(id->image),
	     json_string_value(json_object_get(meta, "image-name")));
	json_decref(meta);
}

/* A JSON object kept in an annotation as a string (CRI-O's Labels). */
static json_t *object_in(struct ew_lookup *l, const json_t *ann,
			 const char *key)
{
	const char *s = json_string_value(json_object_get(ann, key));
	json_error_t err;
	json_t *o;

	if (!s)
		return NULL;
	o = json_loads(s, JSON_REJECT_DUPLICATES, &err);
	if (!json_is_object(o)) {
		ew_lookup_why(l, "annotation %s is not a JSON object", key);
		json_decref(o);
		return NULL;
	}
	return o;
}

static void from_crio(struct ew_lookup *l, const json_t *ann,
		      struct ew_identity *id)
{
	json_t *labels = object_in(l, ann, "io.kubernetes.cri-o.Labels");
	const char *v;

	ew_identity_pod(id, labels);
	ew_identity_pod(id, ann);
	/* The name Kubernetes gives the container, else CRI-O's own. */
	snprintf(id->name, sizeof(id->name), "%s", id->pod.container);
	if (!id->name[0])
		ew_json_get_str(ann, "io.kubernetes.cri-o.ContainerName",
				id->name, sizeof(id->name));
	ew_json_get_str(ann, "io.kubernetes.cri-o.ImageName", id->image,
			sizeof(id->image));
	ew_json_get_str(ann, "io.kubernetes.cri-o.Image", id->image_id,
			sizeof(id->image_id));
	ew_json_get_str(ann, "io.kubernetes.cri-o.Created", id->created,
			sizeof(id->created));
	v = json_string_value(json_object_get(ann, "io.kubernetes.cri-o.LogPath"));
	if (v && v[0]) {
		snprintf(id->log, sizeof(id->log), "%s", v);
		strcpy(id->log_kind, "file");
	}
	if (labels && json_object_size(labels))
		id->labels = json_incref(labels);
	json_decref(labels);
}

/*
 * Podman's own record of the container, in libpod's bolt database: its
 * labels, and what the other files did not say (name, image, created).
 */
static void from_libpod(struct ew_lookup *l, const struct storage *s,
			const char *cid, struct ew_identity *id)
{
	const char *bkt[] = { "ctr", cid, NULL };
	struct ew_bolt *db;
	json_error_t err;
	json_t *cfg, *labels;
	char path[600];
	unsigned char *buf;
	const char *image;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%s/libpod/bolt_state.db", s->graph);
	db = ew_bolt_open(l, path, EW_BOLT_FILE_MAX);
	if (!db)
		return;
	rc = ew_bolt_get(db, bkt, "config", &buf, &len);
	ew_bolt_close(db);
	if (rc) {
		if (rc == 1)
			ew_lookup_why(l, "%s: no config of container %s",
				      path, cid);
		return;
	}
	cfg = json_loadb((const char *)buf, len, JSON_REJECT_DUPLICATES, &err);
	free(buf);
	if (!json_is_object(cfg)) {
		ew_lookup_why(l, "%s: the config of %s is not a JSON object",
			      path, cid);
		json_decref(cfg);
		return;
	}
	labels = json_object_get(cfg, "labels");
	if (!id->labels && json_is_object(labels) && json_object_size(labels))
		id->labels = json_incref(labels);
	fill(id->name, sizeof(id->name),
	     json_string_value(json_object_get(cfg, "name")));
	fill(id->image, sizeof(id->image),
	     json_string_value(json_object_get(cfg, "rootfsImageName")));
	fill(id->created, sizeof(id->created),
	     json_string_value(json_object_get(cfg, "createdTime")));
	image = json_string_value(json_object_get(cfg, "rootfsImageID"));
	if (image && image[0] && !id->image_id[0])
		snprintf(id->image_id, sizeof(id->image_id), "%s%s",
			 strchr(image, ':') ? "" : "sha256:", image);
	json_decref(cfg);
}

/* The OCI bundle: in the graph root (Podman) or the run root (CRI-O). */
static json_t *bundle(struct ew_lookup *l, const struct storage *s,
		      const char *cid, int crio, char *dir, size_t size)
{
	const char *roots[2] = { crio ? s->run : s->graph,
				 crio ? s->graph : s->run };
	char path[900];
	json_t *spec;
	int i;

	for (i = 0; i < 2; i++) {
		snprintf(dir, size, "%s/%s-containers/%s/userdata", roots[i],
			 s->driver, cid);
		snprintf(path, sizeof(path), "%s/config.json", dir);
		spec = ew_lookup_json(l, path, EW_STATE_MAX, 0);
		if (spec)
			return spec;
	}
	return NULL;
}

int ew_state_storage(struct ew_lookup *l, const char *cid, int crio,
		     struct ew_identity *id)
{
	struct storage s;
	json_t *entry, *spec, *ann;
	char dir[800], path[900];
	const char *mgr, *priv;

	storage_conf(l, &s);
	entry = listed(l, &s, cid);
	spec = bundle(l, &s, cid, crio, dir, sizeof(dir));
	if (!entry && !spec)
		return 0;
	ann = json_object_get(spec, "annotations");
	mgr = json_string_value(json_object_get(ann, "io.container.manager"));
	if (json_is_object(ann) && json_object_size(ann))
		id->annotations = json_incref(ann);
	crio = crio || (mgr && !strcmp(mgr, "cri-o"));
	if (crio) {
		from_crio(l, ann, id);
	} else {
		/* Podman's own annotations: its created time (under CRI-O's
		 * key, as podman inspect shows it) and --privileged. */
		ew_json_get_str(ann, "io.kubernetes.cri-o.Created", id->created,
				sizeof(id->created));
		priv = json_string_value(json_object_get(ann,
					"io.podman.annotations.privileged"));
		id->privileged = priv && !strcmp(priv, "TRUE");
	}
	if (entry)
		from_list(l, entry, id);
	else
		ew_lookup_why(l, "containers.json: no entry for %s", cid);
	if (!crio)
		from_libpod(l, &s, cid, id);
	if (!spec)
		ew_lookup_why(l, "%s/config.json: missing", dir);
	/* Podman with the k8s-file log driver, its default without
	 * systemd; else journald, whose records carry the full id. */
	snprintf(path, sizeof(path), "%s/ctr.log", dir);
	if (!id->log[0] && spec) {
		if (ew_lookup_exists(l, path)) {
			snprintf(id->log, sizeof(id->log), "%s", path);
			strcpy(id->log_kind, "file");
		} else {
			snprintf(id->log, sizeof(id->log),
				 "CONTAINER_ID_FULL=%s", cid);
			strcpy(id->log_kind, "journald");
		}
	}
	json_decref(entry);
	json_decref(spec);
	return 1;
}
