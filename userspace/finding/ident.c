// SPDX-License-Identifier: GPL-2.0
/* Identifiers of findings and of containers; see ident.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hex.h"
#include "container/lookup.h"
#include "finding/ident.h"

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

static uint64_t fnv(uint64_t h, const void *p, size_t len)
{
	const unsigned char *s = p;

	while (len--) {
		h ^= *s++;
		h *= FNV_PRIME;
	}
	return h;
}

/* A number's bytes, least significant first: the same on every host. */
static uint64_t fnv_u64(uint64_t h, uint64_t v)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	return fnv(h, b, sizeof(b));
}

void ew_ident_init(struct ew_ident *id, const char *host,
		   const char *boot_id)
{
	memset(id, 0, sizeof(*id));	/* no project, cluster or node */
	snprintf(id->host, sizeof(id->host), "%s", host);
	snprintf(id->boot_id, sizeof(id->boot_id), "%s", boot_id);
	id->boot_hash = fnv(FNV_OFFSET, id->host, strlen(id->host) + 1);
	id->boot_hash = fnv(id->boot_hash, id->boot_id, strlen(id->boot_id));
}

void ew_ident_load(struct ew_ident *id)
{
	char host[EW_HOST_MAX] = "", boot[40] = "";
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");

	if (f) {
		if (!fgets(boot, sizeof(boot), f))
			boot[0] = '\0';
		boot[strcspn(boot, "\n")] = '\0';
		fclose(f);
	}
	if (gethostname(host, sizeof(host) - 1) || !host[0])
		snprintf(host, sizeof(host), "unknown-host");
	ew_ident_init(id, host, boot);
}

/* The value of --hostname-override in an environment file's text. */
static int override(const char *text, char *out, size_t size)
{
	const char *p = strstr(text, "--hostname-override");
	size_t n;

	if (!p)
		return 0;
	p += strlen("--hostname-override");
	p += strspn(p, "= ");
	p += *p == '\'' || *p == '"';
	n = strcspn(p, " \t\n\"'");
	if (!n || n >= size)
		return 0;
	snprintf(out, size, "%.*s", (int)n, p);
	return 1;
}

void ew_ident_node(struct ew_ident *id, const char *root)
{
	static const char *const env[] = {
		"/var/lib/kubelet/kubeadm-flags.env", "/etc/default/kubelet",
	};
	struct ew_lookup l;
	unsigned int i;
	size_t len;
	char *buf;
	int found = 0;

	if (id->node[0])
		return;
	ew_lookup_init(&l, root, 1000);
	for (i = 0; i < 2 && !found; i++) {
		if (ew_lookup_file(&l, env[i], 1 << 16, &buf, &len))
			continue;
		found = override(buf, id->node, sizeof(id->node));
		free(buf);
	}
	/* kubelet's own default: the host name in lower case. */
	if (!found && ew_lookup_exists(&l, "/var/lib/kubelet/config.yaml"))
		for (i = 0; i < sizeof(id->node) - 1 && id->host[i]; i++)
			id->node[i] = (char)tolower((unsigned char)id->host[i]);
}

void ew_finding_id(const struct ew_ident *id, unsigned long long seq,
		   unsigned long long boot_ns, char out[EW_ID_LEN + 1])
{
	uint64_t h = fnv_u64(FNV_OFFSET, id->boot_hash);

	h = fnv_u64(fnv_u64(h, seq), boot_ns);
	ew_hex_u64(out, id->boot_hash);
	ew_hex_u64(out + 16, h);
	out[32] = '\0';
}

uint64_t ew_container_key(const struct ew_event *ev,
			  const struct ew_container *c, int known)
{
	const struct ew_exec_record *r = ev->rec;
	uint64_t h;

	if (known) {
		h = fnv(FNV_OFFSET, "c", 1);
		h = fnv(h, c->runtime, strnlen(c->runtime, sizeof(c->runtime)));
		h = fnv(h, ":", 1);
		return fnv(h, c->id, strnlen(c->id, sizeof(c->id)));
	}
	if (ev->cgroup.present && ev->cgroup.len) {
		h = fnv(FNV_OFFSET, "g", 1);
		return fnv(h, ev->cgroup.p, ev->cgroup.len);
	}
	h = fnv(FNV_OFFSET, "n", 1);
	h = fnv_u64(h, r->ns_inum[EW_NS_MNT]);
	return fnv_u64(h, r->ns_inum[EW_NS_PID]);
}
