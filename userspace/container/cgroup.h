/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The container a process runs in, from its cgroup path as the host sees it:
 * the path field of a /proc/<pid>/cgroup line (the "0::" line on cgroup v2,
 * any controller's line on v1), without the "N:controllers:" before it.
 * container.c lists the layouts recognised and those refused.
 */
#ifndef EW_CGROUP_H
#define EW_CGROUP_H

#include <stddef.h>

/*
 * What a cgroup path says about the container a process runs in.
 *
 * pod_uid: a static pod's UID is the kubelet's 32-hex config hash, not a
 * UUID; it is given as it is, without dashes, since that is the UID the
 * kubelet knows the pod by and inserting dashes would name no pod.
 */
struct ew_container {
	/* "docker", "containerd", "cri-o", "podman", "lxc",
	 * "systemd-nspawn", or "" when unknown
	 */
	char runtime[16];
	/* container id (64 hex for docker/containerd/cri-o/podman; the name
	 * for lxc / nspawn machines), "" when unknown
	 */
	char id[65];
	/* Kubernetes pod UID in its canonical 8-4-4-4-12 form with dashes,
	 * "" when not in a pod
	 */
	char pod_uid[37];
};

/*
 * Fill *c from the cgroup path path[0..len) (not necessarily NUL-terminated).
 * Returns 1 when a container was recognised, 0 otherwise (then *c is all
 * empty strings). Never reads beyond len.
 */
int ew_container_parse(const char *path, size_t len, struct ew_container *c);

#endif
