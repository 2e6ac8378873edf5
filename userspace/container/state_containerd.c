// SPDX-License-Identifier: GPL-2.0
/*
 * containerd's state of one container: the OCI bundle of its task,
 * /run/containerd/io.containerd.runtime.v2.task/NS/ID/config.json (v1
 * shims: io.containerd.runtime.v1.linux), whose annotations the CRI
 * plugin fills for Kubernetes (io.kubernetes.cri.*: pod, container name,
 * image, log directory).  A container's image, labels and creation time
 * are in containerd's bolt database, /var/lib/containerd/
 * io.containerd.metadata.v1.bolt/meta.db (bolt.h): bucket "v1", the
 * namespace, "containers", the id; its keys "image" and "createdat" (Go's
 * time.Time.MarshalBinary) and its bucket "labels".  For a container run
 * outside Kubernetes (ctr, nerdctl) that is the only place they are.
 * Layout: containerd runtime/v2/bundle.go, pkg/cri/annotations,
 * metadata/containers.go and buckets.go; samples in tests/unit/samples/
 * containerd and bolt/.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container/bolt.h"
#include "container/identity.h"

#define EW_STATE_MAX	(1 << 20)
#define EW_NS_TRIES	64	/* namespaces looked in, at most */
#define EW_META_DB	"/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db"
#define EW_META_MAX	(4ULL << 30)	/* read by pages, never whole */
#define EW_LABELS_MAX	256

static const char *const task_dirs[] = {
	"/run/containerd/io.containerd.runtime.v2.task",
	"/run/containerd/io.containerd.runtime.v1.linux",
};

/* The bundle's spec, trying each namespace directory in turn. */
static json_t *find_spec(struct ew_lookup *l, const char *cid, char *ns,
			 size_t nssize)
{
	char dir[4096], path[4400];
	struct dirent *d;
	json_t *spec = NULL;
	unsigned int i, tries;
	DIR *dp;

	for (i = 0; i < sizeof(task_dirs) / sizeof(task_dirs[0]) && !spec;
	     i++) {
		snprintf(dir, sizeof(dir), "%s%s", l->root, task_dirs[i]);
		dp = opendir(dir);
		if (!dp)
			continue;
		tries = 0;
		while (!spec && (d = readdir(dp)) && tries++ < EW_NS_TRIES) {
			if (d->d_name[0] == '.' || strlen(d->d_name) >= nssize)
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s/config.json",
				 task_dirs[i], d->d_name, cid);
			spec = ew_lookup_json(l, path, EW_STATE_MAX, 0);
			if (spec)
				snprintf(ns, nssize, "%s", d->d_name);
		}
		closedir(dp);
	}
	return spec;
}

/* A label of the labels bucket into the object arg (strings only). */
static int add_label(void *arg, const unsigned char *k, size_t klen,
		     const unsigned char *v, size_t vlen)
{
	json_t *labels = arg, *s;
	char key[256];

	if (json_object_size(labels) >= EW_LABELS_MAX)
		return 1;
	if (!v || !klen || klen >= sizeof(key) || memchr(k, 0, klen))
		return 0;
	memcpy(key, k, klen);
	key[klen] = '\0';
	s = json_stringn((const char *)v, vlen);	/* NULL: not UTF-8 */
	if (s)
		json_object_set_new(labels, key, s);
	return 0;
}

static int stop(void *arg, const unsigned char *k, size_t klen,
		const unsigned char *v, size_t vlen)
{
	(void)arg, (void)k, (void)klen, (void)v, (void)vlen;
	return 1;
}

/* What containerd's metadata says of the container, where the bundle
 * said nothing: image, created time, labels. */
static void from_meta(struct ew_lookup *l, const char *cid,
		      struct ew_identity *id)
{
	const char *bkt[] = { "v1", id->space, "containers", cid, NULL };
	const char *lbl[] = { "v1", id->space, "containers", cid, "labels",
			      NULL };
	unsigned char *v;
	struct ew_bolt *db;
	json_t *labels;
	size_t len;
	int rc;

	db = ew_bolt_open(l, EW_META_DB, EW_META_MAX);
	if (!db)
		return;
	rc = ew_bolt_foreach(db, bkt, stop, NULL);
	if (rc) {
		if (rc == 1)
			ew_lookup_why(l, "%s: no container %s/%s", EW_META_DB,
				      id->space, cid);
		ew_bolt_close(db);
		return;
	}
	rc = ew_bolt_get(db, bkt, "image", &v, &len);
	if (rc == 1) {
		ew_lookup_why(l, "%s: no image of container %s/%s", EW_META_DB,
			      id->space, cid);
	} else if (!rc) {
		if (!id->image[0] && len < sizeof(id->image) &&
		    !memchr(v, 0, len))
			memcpy(id->image, v, len + 1);
		free(v);
	}
	if (rc >= 0 && !id->created[0]) {
		rc = ew_bolt_get(db, bkt, "createdat", &v, &len);
		if (rc == 1)
			ew_lookup_why(l, "%s: no createdat of container %s/%s",
				      EW_META_DB, id->space, cid);
		if (!rc && ew_bolt_go_time(v, len, id->created,
					   sizeof(id->created)))
			ew_lookup_why(l, "%s: createdat of %s/%s is not a Go time",
				      EW_META_DB, id->space, cid);
		if (!rc)
			free(v);
	}
	if (rc >= 0 && !id->labels) {
		labels = json_object();
		if (labels && ew_bolt_foreach(db, lbl, add_label, labels) >= 0 &&
		    json_object_size(labels))
			id->labels = json_incref(labels);
		json_decref(labels);
	}
	ew_bolt_close(db);
}

int ew_state_containerd(struct ew_lookup *l, const char *cid,
			struct ew_identity *id)
{
	const char *logdir;
	json_t *spec, *ann;

	spec = find_spec(l, cid, id->space, sizeof(id->space));
	if (!spec)
		return 0;
	ann = json_object_get(spec, "annotations");
	if (json_is_object(ann) && json_object_size(ann))
		id->annotations = json_incref(ann);
	ew_identity_pod(id, ann);
	ew_json_get_str(ann, "io.kubernetes.cri.image-name", id->image,
			sizeof(id->image));
	ew_json_get_str(ann, "io.kubernetes.cri.image-ref", id->image_id,
			sizeof(id->image_id));
	snprintf(id->name, sizeof(id->name), "%s",
		 id->pod.container[0] ? id->pod.container : cid);
	logdir = json_string_value(json_object_get(ann,
				"io.kubernetes.cri.sandbox-log-directory"));
	if (logdir && logdir[0] == '/' && id->pod.container[0]) {
		if ((size_t)snprintf(id->log, sizeof(id->log), "%s/%s", logdir,
				     id->pod.container) < sizeof(id->log))
			strcpy(id->log_kind, "directory");
		else
			id->log[0] = '\0';
	}
	from_meta(l, cid, id);
	json_decref(spec);
	return 1;
}
