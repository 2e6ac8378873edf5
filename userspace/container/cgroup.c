// SPDX-License-Identifier: GPL-2.0
/*
 * The container a process runs in, from its cgroup path as the host sees it.
 *
 * The path is read one component (one '/'-separated name) at a time, outer
 * to inner, and the innermost container component wins: kind and k3d nodes,
 * docker-in-docker and systemd inside a container all nest one runtime's
 * cgroups under another's, and the process belongs to the innermost one.
 * Components after it (".../init.scope", crun's ".../container", nspawn's
 * ".../payload", a containerised systemd's own units) change nothing.
 *
 * Container components recognised (<id> is 64 lowercase hex):
 *   docker-<id>.scope            Docker, systemd driver (also cri-dockerd)
 *   docker/<id>                  Docker, cgroupfs driver
 *   cri-containerd-<id>.scope    containerd CRI, systemd driver
 *   nerdctl-<id>.scope           containerd via nerdctl, systemd driver
 *   default/<id>, k8s.io/<id>    containerd's own "/<namespace>/<id>" when
 *                                no cgroup parent is set (nerdctl cgroupfs,
 *                                CRI without a kubelet parent)
 *   <pod slice>:cri-containerd:<id>
 *                                containerd CRI with SystemdCgroup off under
 *                                a systemd kubelet: runc's cgroupfs driver
 *                                takes the systemd triple as a literal name
 *   crio-<id>.scope              CRI-O, systemd driver
 *   crio-<id>                    CRI-O, cgroupfs driver (not under a slice)
 *   libpod-<id>.scope            Podman, systemd (rootful and rootless)
 *   libpod-<id>                  Podman, cgroupfs ("/libpod_parent/...")
 *   libpod-payload-<id>          Podman --cgroups=split (quadlet units)
 *   <kubepods pod dir>/<id>      kubelet cgroupfs driver; the runtime is
 *                                left "" as containerd and Docker (via
 *                                cri-dockerd) name it the same way
 *   /<id>, at the top            seen from Docker on Debian (v1); which
 *                                runtime made it is unknown: runtime ""
 *   lxc/<name>, lxc.payload/<name>, lxc.payload.<name>
 *                                LXC (and LXD / Incus)
 *   systemd-nspawn@<name>.service, machine.slice/machine-<name>.scope
 *                                systemd-nspawn, <name> systemd-unescaped
 *
 * Kubernetes pods, whose UID is given to the next container component:
 *   [<root>-]kubepods[-<qos>]-pod<uid with '_' for '-'>.slice   systemd
 *   kubepods[/<qos>]/pod<uid>                                   cgroupfs
 *
 * Refused on purpose (they give 0 and no id, unless an outer container
 * encloses them):
 *   crio-conmon-<id>[.scope], libpod-conmon-<id>.scope, libpod_parent/conmon,
 *   <unit>.service/runtime (--cgroups=split)
 *     conmon, the runtime's monitor: a host process beside the container,
 *     in the host's namespaces; calling it the container would put host
 *     activity on the container's account
 *   lxc.monitor.<name>, nspawn's .../supervisor: the same, for LXC / nspawn
 *   crio-<id> directly under a systemd slice: with the systemd driver every
 *     CRI-O container is a .scope; the bare name there is a pod-level
 *     cgroup, not a container
 *   machine-qemu-..., machine-lxc-... scopes: libvirt's VMs and libvirt-lxc
 *     guests, not nspawn
 *   ctr's "/default/<name>" with a free-form name: nothing tells it from
 *     any other cgroup, and this reader never guesses an id
 *   a bare 64-hex name below an unknown parent (a custom --cgroup-parent
 *     such as "/foo/<id>"): it may not be a container at all
 *
 * A process able to write its own cgroupfs (a privileged container) can
 * create nested cgroups with any of these names: the result is what the
 * path says, not proof of where the process runs.
 */
#include <string.h>

#include "container/cgroup.h"

#define HEX_ID_LEN	64
#define NAME_MAX_LEN	(sizeof(((struct ew_container *)0)->id) - 1)
#define UUID_LEN	36
#define HASH_UID_LEN	32

/* A piece of the caller's buffer: never NUL-terminated, never read past n. */
struct span {
	const char *p;
	size_t n;
};

static int span_is(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n == n && !memcmp(s.p, lit, n);
}

/* s is pre + something + suf; *mid is the something (possibly empty). */
static int strip(struct span s, const char *pre, const char *suf,
		 struct span *mid)
{
	size_t np = strlen(pre), ns = strlen(suf);

	if (s.n < np + ns || memcmp(s.p, pre, np) ||
	    memcmp(s.p + s.n - ns, suf, ns))
		return 0;
	mid->p = s.p + np;
	mid->n = s.n - np - ns;
	return 1;
}

static int ends_with(struct span s, const char *suf)
{
	struct span mid;

	return strip(s, "", suf, &mid);
}

static int is_hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
}

static int all_hex(struct span s)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		if (!is_hex(s.p[i]))
			return 0;
	return 1;
}

/* Runtimes print ids in lowercase; anything else is not one of theirs. */
static int is_hex_id(struct span s)
{
	return s.n == HEX_ID_LEN && all_hex(s);
}

/* "<pre><64 hex><suf>", the id in *id. */
static int hex_unit(struct span s, const char *pre, const char *suf,
		    struct span *id)
{
	return strip(s, pre, suf, id) && is_hex_id(*id);
}

/*
 * A pod UID as a cgroup name holds it: 8-4-4-4-12 lowercase hex joined by
 * sep ('-' for cgroupfs; '_' where the kubelet's systemd driver escaped the
 * dashes, '-' being systemd's slice separator), or a static pod's 32-hex
 * config hash.  Written to out[37] with dashes.
 */
static int pod_uid(struct span s, char sep, char out[UUID_LEN + 1])
{
	size_t i;

	if (s.n == HASH_UID_LEN && all_hex(s)) {
		memcpy(out, s.p, s.n);
		out[s.n] = '\0';
		return 1;
	}
	if (s.n != UUID_LEN)
		return 0;
	for (i = 0; i < UUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s.p[i] != sep)
				return 0;
			out[i] = '-';
		} else {
			if (!is_hex(s.p[i]))
				return 0;
			out[i] = s.p[i];
		}
	}
	out[UUID_LEN] = '\0';
	return 1;
}

/*
 * The part of a systemd pod slice's name before "-pod": "kubepods" and its
 * QoS children, possibly after the kubelet's --cgroup-root slice name
 * ("kubelet-kubepods-besteffort" under kind).
 */
static int kube_slice_prefix(struct span s)
{
	static const char *const names[] = {
		"kubepods", "kubepods-burstable", "kubepods-besteffort",
	};
	size_t i, n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!ends_with(s, names[i]))
			continue;
		n = strlen(names[i]);
		if (s.n == n || s.p[s.n - n - 1] == '-')
			return 1;
	}
	return 0;
}

/* "<kubepods prefix>-pod<uid>.slice" of the systemd driver. */
static int systemd_pod(struct span s, char uid[UUID_LEN + 1])
{
	struct span body, head, tail, u;
	size_t dash;

	if (!strip(s, "", ".slice", &body))
		return 0;
	/* The escaped UID has no '-': the last one ends the prefix. */
	for (dash = body.n; dash > 0 && body.p[dash - 1] != '-'; dash--)
		;
	if (!dash)
		return 0;
	head = (struct span){ body.p, dash - 1 };
	tail = (struct span){ body.p + dash, body.n - dash };
	return kube_slice_prefix(head) && strip(tail, "pod", "", &u) &&
	       pod_uid(u, '_', uid);
}

/* Where a component stands in a kubelet cgroupfs-driver tree. */
enum kube_level { KL_NONE, KL_ROOT, KL_QOS, KL_POD };

static enum kube_level kube_level(enum kube_level parent, struct span s,
				  char uid[UUID_LEN + 1])
{
	struct span u;

	if (span_is(s, "kubepods"))
		return KL_ROOT;
	if (parent == KL_ROOT &&
	    (span_is(s, "burstable") || span_is(s, "besteffort")))
		return KL_QOS;
	/* Guaranteed pods sit right under kubepods. */
	if ((parent == KL_ROOT || parent == KL_QOS) &&
	    strip(s, "pod", "", &u) && pod_uid(u, '-', uid))
		return KL_POD;
	return KL_NONE;
}

/* The state of the walk from the outermost component in. */
struct walk {
	struct ew_container best;	/* the innermost container so far */
	int found;
	char pod[UUID_LEN + 1];		/* a pod not yet given to a container */
	enum kube_level level;		/* of the previous component */
};

/* One container component, before its id is copied out. */
struct hit {
	const char *runtime;
	struct span id;
	int name;		/* id is a name (LXC, nspawn), not hex */
	int escaped;		/* and systemd-escaped, as in a unit name */
	char pod[UUID_LEN + 1];	/* a pod named by the component itself */
};

static int starts_with(struct span s, const char *pre)
{
	struct span rest;

	return strip(s, pre, "", &rest);
}

/*
 * Systemd scopes of the runtimes with hex ids.  "crio-conmon-<id>.scope"
 * and "libpod-conmon-<id>.scope" fail here on purpose: "conmon-<id>" is no
 * hex id, and conmon is not the container (see the top of this file).
 */
static const struct {
	const char *prefix;
	const char *runtime;
} scopes[] = {
	{ "docker-", "docker" },
	{ "cri-containerd-", "containerd" },
	{ "nerdctl-", "containerd" },
	{ "crio-", "cri-o" },
	{ "libpod-", "podman" },
};

static int scope_hit(struct span s, struct hit *h)
{
	size_t i;

	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		if (hex_unit(s, scopes[i].prefix, ".scope", &h->id)) {
			h->runtime = scopes[i].runtime;
			return 1;
		}
	}
	return 0;
}

/*
 * A bare id of a cgroupfs driver, named by its parent: Docker's "docker",
 * containerd's namespace, or a kubelet pod directory.  At the top of the
 * hierarchy (seen from Docker on Debian) it is an id all the same, but
 * nothing says whose.
 */
static const char *bare_id_runtime(const struct walk *w, struct span parent)
{
	if (span_is(parent, "docker"))
		return "docker";
	if (span_is(parent, "default") || span_is(parent, "k8s.io"))
		return "containerd";
	if (w->level == KL_POD || parent.n == 0)
		return "";
	return NULL;
}

/*
 * Names of the cgroupfs drivers: "crio-<id>", "libpod-<id>", and a bare id;
 * and Podman's --cgroups=split (quadlet units), which puts the container in
 * "<unit>.service/libpod-payload-<id>" and conmon beside it in ".../runtime".
 * A systemd slice parent rules out "crio-" and "libpod-": under one, these
 * runtimes make .scope units.
 */
static int cgroupfs_hit(const struct walk *w, struct span parent,
			struct span s, struct hit *h)
{
	int in_slice = ends_with(parent, ".slice");

	if (hex_unit(s, "libpod-payload-", "", &h->id)) {
		h->runtime = "podman";
	} else if (!in_slice && hex_unit(s, "crio-", "", &h->id)) {
		h->runtime = "cri-o";
	} else if (!in_slice && hex_unit(s, "libpod-", "", &h->id)) {
		h->runtime = "podman";
	} else if (is_hex_id(s)) {
		h->runtime = bare_id_runtime(w, parent);
		h->id = s;
	}
	return h->runtime != NULL;
}

/* "<pod slice>:cri-containerd:<id>", a systemd triple taken literally. */
static int triple_hit(struct span s, struct hit *h)
{
	const char *colon = memchr(s.p, ':', s.n);
	struct span slice, rest;

	if (!colon)
		return 0;
	slice = (struct span){ s.p, (size_t)(colon - s.p) };
	rest = (struct span){ colon + 1, s.n - slice.n - 1 };
	if (!hex_unit(rest, "cri-containerd:", "", &h->id) ||
	    !systemd_pod(slice, h->pod))
		return 0;
	h->runtime = "containerd";
	return 1;
}

/*
 * LXC 4 and later (and LXD, Incus): "lxc.payload.<name>" beside the host
 * side "lxc.monitor.<name>"; earlier ones: "lxc.payload/<name>" and
 * "lxc/<name>".
 */
static int lxc_hit(struct span parent, struct span s, struct hit *h)
{
	if (!strip(s, "lxc.payload.", "", &h->id)) {
		if (!span_is(parent, "lxc") && !span_is(parent, "lxc.payload"))
			return 0;
		h->id = s;
	}
	h->runtime = "lxc";
	h->name = 1;
	return 1;
}

/*
 * nspawn run as systemd-nspawn@<name>.service, or registering its own
 * machine-<name>.scope.  On cgroup v2 it splits its cgroup in two: the
 * container in ".../payload" and nspawn itself, a host process, in
 * ".../supervisor".  libvirt registers its guests as machine scopes too,
 * "machine-qemu\x2d<n>\x2d<vm>.scope" and likewise "lxc": not nspawn.
 */
static int nspawn_hit(struct span parent, struct span s, struct span next,
		      struct hit *h)
{
	if (span_is(next, "supervisor"))
		return 0;
	if (!strip(s, "systemd-nspawn@", ".service", &h->id) &&
	    !(span_is(parent, "machine.slice") &&
	      strip(s, "machine-", ".scope", &h->id) &&
	      !starts_with(h->id, "qemu\\x2d") &&
	      !starts_with(h->id, "lxc\\x2d")))
		return 0;
	h->runtime = "systemd-nspawn";
	h->name = 1;
	h->escaped = 1;
	return 1;
}

static int name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
}

static int hex_val(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * Copy a container name (LXC, nspawn) to out[65], undoing systemd's \xNN
 * escaping when escaped.  Names are hostname-like; anything else, or a
 * name too long to keep whole, is refused rather than mangled.
 */
static int copy_name(struct span s, int escaped, char out[NAME_MAX_LEN + 1])
{
	size_t i, n = 0;
	char ch;

	for (i = 0; i < s.n; i++) {
		ch = s.p[i];
		if (escaped && ch == '\\') {
			if (s.n - i < 4 || s.p[i + 1] != 'x' ||
			    hex_val(s.p[i + 2]) < 0 || hex_val(s.p[i + 3]) < 0)
				return 0;
			ch = (char)(hex_val(s.p[i + 2]) * 16 +
				    hex_val(s.p[i + 3]));
			i += 3;
		}
		if (!name_char(ch) || n == NAME_MAX_LEN)
			return 0;
		out[n++] = ch;
	}
	out[n] = '\0';
	return n && strcmp(out, ".") && strcmp(out, "..");
}

static int container_hit(const struct walk *w, struct span parent,
			 struct span s, struct span next, struct hit *h)
{
	return scope_hit(s, h) || triple_hit(s, h) ||
	       cgroupfs_hit(w, parent, s, h) || lxc_hit(parent, s, h) ||
	       nspawn_hit(parent, s, next, h);
}

/* The container component s as a result; 0 for a name not to be kept. */
static int make_result(const struct walk *w, const struct hit *h,
		       struct ew_container *c)
{
	memset(c, 0, sizeof(*c));
	if (h->name) {
		if (!copy_name(h->id, h->escaped, c->id))
			return 0;
	} else {
		memcpy(c->id, h->id.p, h->id.n);
	}
	strcpy(c->runtime, h->runtime);
	strcpy(c->pod_uid, h->pod[0] ? h->pod : w->pod);
	return 1;
}

/* Take in component s, between parent and next (empty spans at the ends). */
static void step(struct walk *w, struct span parent, struct span s,
		 struct span next)
{
	struct ew_container c;
	struct hit h = { 0 };
	char uid[UUID_LEN + 1];
	enum kube_level level = kube_level(w->level, s, uid);

	if (level == KL_POD || systemd_pod(s, uid))
		memcpy(w->pod, uid, sizeof(uid));
	if (container_hit(w, parent, s, next, &h) && make_result(w, &h, &c)) {
		w->best = c;
		w->found = 1;
		/* A pod's UID belongs to its own containers, not to what
		 * runs nested inside one of them.
		 */
		w->pod[0] = '\0';
	}
	w->level = level;
}

/* The next component of path[0..len) from *off, skipping empty ones. */
static int next_component(const char *path, size_t len, size_t *off,
			  struct span *s)
{
	size_t start;

	while (*off < len && path[*off] == '/')
		(*off)++;
	if (*off == len)
		return 0;
	start = *off;
	while (*off < len && path[*off] != '/')
		(*off)++;
	s->p = path + start;
	s->n = *off - start;
	return 1;
}

int ew_container_parse(const char *path, size_t len, struct ew_container *c)
{
	static const struct span none = { "", 0 };
	struct walk w = { .level = KL_NONE };
	struct span parent = none, s, next;
	const char *nul;
	size_t off = 0;
	int more;

	memset(c, 0, sizeof(*c));
	if (!path)
		return 0;
	/* A NUL ends the path: the caller may hand in a whole buffer. */
	nul = memchr(path, '\0', len);
	if (nul)
		len = (size_t)(nul - path);

	more = next_component(path, len, &off, &next);
	while (more) {
		s = next;
		more = next_component(path, len, &off, &next);
		step(&w, parent, s, more ? next : none);
		parent = s;
	}
	if (!w.found)
		return 0;
	*c = w.best;
	return 1;
}
