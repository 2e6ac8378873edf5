/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Identifiers: of a finding, and of the container a finding came from.
 *
 * A finding's id is 32 lowercase hex digits, the same every time the same
 * record is read (by a second reader, or after a restart of this one), so
 * that a collector can drop duplicates.  The first 16 digits are a 64-bit
 * FNV-1a hash of the host name and the kernel's boot id
 * (/proc/sys/kernel/random/boot_id): every finding of one boot of one host
 * shares them.  The last 16 hash those 16, the record's sequence number and
 * its CLOCK_BOOTTIME: sequence numbers start again at 0 when the module is
 * reloaded, the boot time of an exec does not repeat within a boot.  The
 * ids are not secret and not proof of anything; they name a finding.
 */
#ifndef EW_IDENT_H
#define EW_IDENT_H

#include <stdint.h>

#include "container/cgroup.h"
#include "input/decode.h"

#define EW_ID_LEN	32
#define EW_HOST_MAX	256

struct ew_ident {
	char host[EW_HOST_MAX];	/* host name, as gethostname() gave it */
	char project[EW_HOST_MAX];	/* the operator's name for the */
	char cluster[EW_HOST_MAX];	/* host's project and cluster, "" */
	char node[EW_HOST_MAX];	/* Kubernetes node name, "" if none */
	char boot_id[40];	/* empty when it could not be read */
	uint64_t boot_hash;	/* of host and boot_id */
};

/* Set the host name and boot id (either may be empty). */
void ew_ident_init(struct ew_ident *id, const char *host,
		   const char *boot_id);

/*
 * The same from this machine: gethostname() ("unknown-host" when it has
 * none) and the boot id.
 */
void ew_ident_load(struct ew_ident *id);

/*
 * The Kubernetes node name of this host, below root ("" on a host), into
 * id->node unless it is set: kubelet's --hostname-override where
 * kubeadm's /var/lib/kubelet/kubeadm-flags.env or Debian's
 * /etc/default/kubelet gives it, else the host name when kubelet's
 * configuration (/var/lib/kubelet/config.yaml) is there, else "".
 */
void ew_ident_node(struct ew_ident *id, const char *root);

/* The id of the finding for record seq taken at boot_ns, into out. */
void ew_finding_id(const struct ew_ident *id, unsigned long long seq,
		   unsigned long long boot_ns, char out[EW_ID_LEN + 1]);

/*
 * A 64-bit key for the container of an event: its runtime and id when
 * known, else its cgroup path, else its mount and PID namespaces.
 */
uint64_t ew_container_key(const struct ew_event *ev,
			  const struct ew_container *c, int known);

#endif
