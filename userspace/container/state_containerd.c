// SPDX-License-Identifier: GPL-2.0
/*
 * containerd's state of one container: the OCI bundle of its task,
 * /run/containerd/io.containerd.runtime.v2.task/NS/ID/config.json (v1
 * shims: io.containerd.runtime.v1.linux), whose annotations the CRI
 * plugin fills for Kubernetes (io.kubernetes.cri.*: pod, container name,
 * image, log directory).  A container run outside Kubernetes (ctr,
 * nerdctl) has its image, labels and creation time only in containerd's
 * bolt database (/var/lib/containerd/io.containerd.metadata.v1.bolt/
 * meta.db), which this reader does not read: the finding says so.
 * Layout: containerd runtime/v2/bundle.go, pkg/cri/annotations.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "container/identity.h"

#define EW_STATE_MAX	(1 << 20)
#define EW_NS_TRIES	64	/* namespaces looked in, at most */

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
	if (!id->pod.name[0])
		ew_lookup_why(l, "image, labels and created time: containerd keeps them for a container outside Kubernetes only in its bolt database, which is not read");
	json_decref(spec);
	return 1;
}
