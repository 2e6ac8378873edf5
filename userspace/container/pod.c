// SPDX-License-Identifier: GPL-2.0
/*
 * The Kubernetes pod of a container, from the labels or annotations its
 * runtime keeps (identity.h): what each runtime's reader (state_*.c)
 * shares, below identity.c, which calls them.
 */
#include <stdio.h>

#include "container/identity.h"

static void copy_str(char *out, size_t size, const json_t *map,
		     const char *key)
{
	const char *s = json_string_value(json_object_get(map, key));

	if (s && s[0] && !out[0])
		snprintf(out, size, "%s", s);
}

void ew_identity_pod(struct ew_identity *id, const json_t *map)
{
	struct ew_pod *p = &id->pod;

	if (!json_is_object(map))
		return;
	/* The labels that the kubelet sets through cri-dockerd and CRI-O. */
	copy_str(p->ns, sizeof(p->ns), map, "io.kubernetes.pod.namespace");
	copy_str(p->name, sizeof(p->name), map, "io.kubernetes.pod.name");
	copy_str(p->uid, sizeof(p->uid), map, "io.kubernetes.pod.uid");
	copy_str(p->container, sizeof(p->container), map,
		 "io.kubernetes.container.name");
	/* containerd's CRI plugin's annotations. */
	copy_str(p->ns, sizeof(p->ns), map,
		 "io.kubernetes.cri.sandbox-namespace");
	copy_str(p->name, sizeof(p->name), map, "io.kubernetes.cri.sandbox-name");
	copy_str(p->uid, sizeof(p->uid), map, "io.kubernetes.cri.sandbox-uid");
	copy_str(p->container, sizeof(p->container), map,
		 "io.kubernetes.cri.container-name");
}
