/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who a container is, from its runtime's own state files on the host: no
 * runtime daemon is asked.  identity.c chooses the runtime's reader by the
 * runtime its cgroup path names (cgroup.h); each runtime's files are read
 * in a file of their own:
 *
 *   state_docker.c      Docker: DATA-ROOT/containers/ID/config.v2.json
 *                       and hostconfig.json
 *   state_storage.c     Podman and CRI-O: containers/storage's
 *                       overlay-containers/containers.json and the OCI
 *                       bundle's userdata/config.json; Podman's labels
 *                       from libpod/bolt_state.db (bolt.h)
 *   state_containerd.c  containerd: the task's OCI bundle
 *                       /run/containerd/io.containerd.runtime.v2.task/NS/ID;
 *                       image, labels and created time from its
 *                       metadata, io.containerd.metadata.v1.bolt/meta.db
 *   state_machine.c     LXC (/var/lib/lxc/NAME/config) and systemd-nspawn
 *                       (/run/systemd/machines/NAME)
 *
 * Every field is best effort: what a file lacks or a file that cannot be
 * read leaves the field empty and says why in why.
 */
#ifndef EW_IDENTITY_H
#define EW_IDENTITY_H

#include <jansson.h>

#include "container/cgroup.h"
#include "container/lookup.h"

/* The Kubernetes pod a container belongs to, as its runtime recorded it. */
struct ew_pod {
	char ns[254];		/* namespace; "" when not known to be a pod */
	char name[254];
	char uid[64];
	char container[254];	/* the container's name in the pod spec */
};

struct ew_identity {
	char name[256];		/* the runtime's name for the container */
	char image[512];	/* image reference, as it was asked for */
	char image_id[160];	/* image id ("sha256:...") */
	char created[64];	/* when it was created, RFC 3339 */
	char space[64];		/* containerd's namespace; "" otherwise */
	json_t *labels;		/* object: label -> string; NULL if none */
	json_t *annotations;	/* object: OCI annotations; NULL if none */
	struct ew_pod pod;
	char log[1024];		/* where its output is logged: a file or */
	char log_kind[16];	/* "file", "directory" or "journald" */
	int privileged;		/* the runtime's configuration says so */
	char source[EW_LOOKUP_WHY];	/* the files read */
	char why[EW_LOOKUP_WHY];	/* what is missing, and why */
	char late[64];		/* ew_lookup_end(): "" or its time over */
};

/*
 * Fill *id for container c from the files below root ("" on a host),
 * within timeout_ms.  Returns 1 when the runtime's state was found (some
 * fields may still be missing: id->why), 0 when not (id->why says what
 * was looked for).  ew_identity_clear() frees it either way.
 */
int ew_identity_lookup(const struct ew_container *c, const char *root,
		       unsigned int timeout_ms, struct ew_identity *id);

void ew_identity_clear(struct ew_identity *id);

/*
 * For the runtimes' readers: the pod from Kubernetes' labels or
 * annotations in map (io.kubernetes.pod.name, .namespace, .uid,
 * io.kubernetes.container.name; containerd's io.kubernetes.cri.*).
 */
void ew_identity_pod(struct ew_identity *id, const json_t *map);

/* The runtimes' readers (state_*.c): 1 found, 0 not, as above. */
int ew_state_docker(struct ew_lookup *l, const char *cid,
		    struct ew_identity *id);
int ew_state_storage(struct ew_lookup *l, const char *cid, int crio,
		     struct ew_identity *id);
int ew_state_containerd(struct ew_lookup *l, const char *cid,
			struct ew_identity *id);
int ew_state_lxc(struct ew_lookup *l, const char *name,
		 struct ew_identity *id);
int ew_state_nspawn(struct ew_lookup *l, const char *name,
		    struct ew_identity *id);

#endif
