// SPDX-License-Identifier: GPL-2.0
/*
 * ew_container_parse(): container identity from real cgroup paths.
 *
 * Where the samples come from (ids and UIDs are kept as found):
 *  [nv]   neuvector/neuvector share/system/cgroup_test.go: /proc/<pid>/cgroup
 *         captured on CentOS, Ubuntu, Debian, RancherOS (v1), kubelet with
 *         Docker (cgroupfs and systemd drivers), Bottlerocket (containerd,
 *         systemd), kube-proxy, host processes and nsenter sessions.
 *  [kp]   sustainable-computing-io/kepler internal/resource/container_test.go:
 *         CRI-O v1 and v2, Podman rootful and rootless with crun's nested
 *         "container", a Podman quadlet, kind (nested in its node's
 *         docker scope, and with --cgroup-root=/kubelet on cgroupfs), and
 *         containerd with SystemdCgroup off under a systemd kubelet.
 *  [obi]  OpenTelemetry eBPF Instrumentation's statagg cgroup-index tests:
 *         /sys/fs/cgroup/kubepods.slice of a MicroShift 4.21 lab (CRI-O,
 *         crun, systemd driver): crio-<id>.scope/container, crio-conmon-,
 *         guaranteed pods, a bare crio-<id> under the pod slice; kind's
 *         kubelet-kubepods slices; a cgroupfs static pod with CRI-O.
 *  [fal]  falcosecurity/libs userspace/libsinsp: container_engine/cri.cpp
 *         (layouts incl. ":cri-containerd:"), lxc.cpp ("/lxc/<name>",
 *         "/lxc.payload/<name>"), and the CRI test's cgroupsPath
 *         "/k8s.io/<id>".
 *  [ctd]  containerd/containerd pkg/oci/spec.go: default cgroupsPath is
 *         "/<namespace>/<id>".
 *  [nrd]  containerd/nerdctl pkg/cmd/container/run_cgroup_linux.go:
 *         "system.slice:nerdctl:<id>" ("user.slice" rootless) with systemd,
 *         containerd's default with cgroupfs.
 *  [pod]  containers/podman libpod: "libpod-<id>" under "/libpod_parent"
 *         (cgroupfs), "libpod-conmon-<id>.scope", "/libpod_parent/conmon";
 *         quadlet --cgroups=split as "systemctl status" shows it,
 *         "<unit>.service/libpod-payload-<id>" beside ".../runtime".
 *  [crio] cri-o/cri-o: conmon in "<parent>/crio-conmon-<id>" (cgroupfs).
 *  [k8s]  kubernetes pkg/kubelet/cm cgroup_manager_linux.go (pod UIDs with
 *         '-' escaped to '_' for systemd) and pkg/kubelet/config/common.go
 *         (a static pod's UID is the md5 hex of its manifest).
 *  [lxc]  lxc/lxc src/lxc/cgroups/cgroup.h: "lxc.payload." and
 *         "lxc.monitor." prefixes.
 *  [sd]   systemd/systemd src/nspawn/nspawn-cgroup.c: on v2 the container
 *         runs in ".../payload", nspawn itself in ".../supervisor";
 *         systemd-nspawn@.service; machine-<name>.scope with \x2d escapes.
 *  [made] composed from the layouts above where no capture was found
 *         (nesting of two documented layouts, or a documented name with an
 *         id of ours).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "container/cgroup.h"

struct sample {
	const char *path;
	int rc;
	const char *runtime, *id, *pod_uid;
};

#define YES(p, rt, id, pod)	{ p, 1, rt, id, pod }
#define NO(p)			{ p, 0, "", "", "" }

/* A copy of s in a heap block of exactly its length, without its NUL, so
 * that AddressSanitizer reports any read past len.
 */
static char *exact_copy(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);

	assert_non_null(p);
	memcpy(p, s, n);
	return p;
}

static void check_one(const char *what, size_t i, const struct sample *s)
{
	struct ew_container c;
	size_t n = strlen(s->path);
	char *p = exact_copy(s->path, n);
	int rc;

	memset(&c, 'x', sizeof(c));	/* every field must be written */
	rc = ew_container_parse(p, n, &c);
	free(p);
	if (rc != s->rc || memchr(c.runtime, 0, sizeof(c.runtime)) == NULL ||
	    memchr(c.id, 0, sizeof(c.id)) == NULL ||
	    memchr(c.pod_uid, 0, sizeof(c.pod_uid)) == NULL ||
	    strcmp(c.runtime, s->runtime) || strcmp(c.id, s->id) ||
	    strcmp(c.pod_uid, s->pod_uid))
		fail_msg("%s[%zu] %s: got %d '%.16s' '%.65s' '%.37s', want %d '%s' '%s' '%s'",
			 what, i, s->path, rc, c.runtime, c.id, c.pod_uid,
			 s->rc, s->runtime, s->id, s->pod_uid);
}

#define CHECK_ALL(t)							\
	do {								\
		size_t i_;						\
		for (i_ = 0; i_ < sizeof(t) / sizeof((t)[0]); i_++)	\
			check_one(#t, i_, &(t)[i_]);			\
	} while (0)

/* Ids used where a sample was composed [made]. */
#define ID_A "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID_B "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

static void docker(void **state)
{
	static const struct sample t[] = {
		/* [nv] CentOS, systemd driver, v1 (every controller line) */
		YES("/system.slice/docker-9ec39b91f3d70e1beff50a308f77067065ea6be0d91a3378375056cd4422cf3d.scope",
		    "docker",
		    "9ec39b91f3d70e1beff50a308f77067065ea6be0d91a3378375056cd4422cf3d",
		    ""),
		/* [nv] Ubuntu, cgroupfs driver, v1 */
		YES("/docker/31cb02944da7a12196a193cf0e0f6c226d7c453a1db62e65ba98287593a2ee30",
		    "docker",
		    "31cb02944da7a12196a193cf0e0f6c226d7c453a1db62e65ba98287593a2ee30",
		    ""),
		/* [nv] RancherOS: docker-in-docker, the inner one wins */
		YES("/docker/a9a5ad238e59234193ee7ec3fcff5e735b3708ea1068826952255b69e3cfa413/docker/ec08435e04266c5ba381fccbb829f626d11d8ddf5f8f547263c7a2d79ab4787a",
		    "docker",
		    "ec08435e04266c5ba381fccbb829f626d11d8ddf5f8f547263c7a2d79ab4787a",
		    ""),
		/* [nv] Debian, v1: an id at the top, no runtime named */
		YES("/4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970",
		    "",
		    "4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970",
		    ""),
		/* [kp] systemd driver, v2 (the kind node itself) */
		YES("/system.slice/docker-fd9d0ea06257a9780827cbc7fd92e3812a54fca26d63e191b73610d5d48b9cbd.scope",
		    "docker",
		    "fd9d0ea06257a9780827cbc7fd92e3812a54fca26d63e191b73610d5d48b9cbd",
		    ""),
		/* [made] rootless dockerd with the systemd driver */
		YES("/user.slice/user-1000.slice/user@1000.service/user.slice/docker-" ID_A ".scope",
		    "docker", ID_A, ""),
		/* [made] systemd running in the container: its units below */
		YES("/system.slice/docker-" ID_A ".scope/init.scope",
		    "docker", ID_A, ""),
		YES("/system.slice/docker-" ID_A ".scope/system.slice/sshd.service",
		    "docker", ID_A, ""),
	};

	(void)state;
	CHECK_ALL(t);
}

static void kubernetes_containerd(void **state)
{
	static const struct sample t[] = {
		/* [nv] Bottlerocket: systemd driver, besteffort, v1 */
		YES("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-poddd1bf9d1_241d_47f5_8e25_12de83135812.slice/cri-containerd-f45298cd514d1930c4fe3afc4412e59547f7e3148fddd22ca33cefce046eb830.scope",
		    "containerd",
		    "f45298cd514d1930c4fe3afc4412e59547f7e3148fddd22ca33cefce046eb830",
		    "dd1bf9d1-241d-47f5-8e25-12de83135812"),
		/* [obi] k3s lab, v2 */
		YES("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod6dc88073_2128_40d6_9dbc_0ba508da7fe8.slice/cri-containerd-123cd1db937c3c2d0d7772ef9b0a1c4b0b3dcfcb6b889452a90b2fcb43eae43a.scope",
		    "containerd",
		    "123cd1db937c3c2d0d7772ef9b0a1c4b0b3dcfcb6b889452a90b2fcb43eae43a",
		    "6dc88073-2128-40d6-9dbc-0ba508da7fe8"),
		/* [made] a process below the container's own cgroup */
		YES("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod6dc88073_2128_40d6_9dbc_0ba508da7fe8.slice/cri-containerd-123cd1db937c3c2d0d7772ef9b0a1c4b0b3dcfcb6b889452a90b2fcb43eae43a.scope/init",
		    "containerd",
		    "123cd1db937c3c2d0d7772ef9b0a1c4b0b3dcfcb6b889452a90b2fcb43eae43a",
		    "6dc88073-2128-40d6-9dbc-0ba508da7fe8"),
		/* [nv] cgroupfs driver, v1; the runtime is not in the path */
		YES("/kubepods/besteffort/pod1fe19bf5-e8ef-11e8-900c-52daee5a874d/da31e536c8d61304a6d5998d163d12400a7a9a1003e1d86369e8fadb022fc17d",
		    "",
		    "da31e536c8d61304a6d5998d163d12400a7a9a1003e1d86369e8fadb022fc17d",
		    "1fe19bf5-e8ef-11e8-900c-52daee5a874d"),
		/* [nv] kube-proxy: a sub-cgroup of its container */
		YES("/kubepods/besteffort/podf8a694f2-7c08-11e9-98da-000c29077430/c04e0a88a1de067f25bece337d4dbb897396e0b623c2a65330850fc9823f1903/kube-proxy",
		    "",
		    "c04e0a88a1de067f25bece337d4dbb897396e0b623c2a65330850fc9823f1903",
		    "f8a694f2-7c08-11e9-98da-000c29077430"),
		/* [kp] cgroupfs, burstable, v1 */
		YES("/kubepods/burstable/podf6adb0af-0855-4bab-b25b-c853f18d0ce2/35b97177dada20362ab90d90ac63cd54e8a41cf87bea34f270631b6da17f4a93",
		    "",
		    "35b97177dada20362ab90d90ac63cd54e8a41cf87bea34f270631b6da17f4a93",
		    "f6adb0af-0855-4bab-b25b-c853f18d0ce2"),
		/* [kp] SystemdCgroup off under a systemd kubelet, v1 */
		YES("/system.slice/containerd.service/kubepods-besteffort-pod0043435f_1854_4327_b76b_730f681a781d.slice:cri-containerd:01fd96f7ad292b02a8317cde4ecb8c7ef3cc06ffdd113f13410e0837eb2b2a20",
		    "containerd",
		    "01fd96f7ad292b02a8317cde4ecb8c7ef3cc06ffdd113f13410e0837eb2b2a20",
		    "0043435f-1854-4327-b76b-730f681a781d"),
		/* [fal] CRI without a kubelet cgroup parent: "/k8s.io/<id>" */
		YES("/k8s.io/3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e",
		    "containerd",
		    "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e",
		    ""),
	};

	(void)state;
	CHECK_ALL(t);
}

static void kubernetes_pods(void **state)
{
	static const struct sample t[] = {
		/* [obi] guaranteed pod: right under kubepods.slice */
		YES("/kubepods.slice/kubepods-pod2d51509a_fcf0_41cc_b535_57cfeeaf73d1.slice/crio-0853fad78812e955b92d871d8d597d9bc598e34320c9edbfab0a73eacf150145.scope/container",
		    "cri-o",
		    "0853fad78812e955b92d871d8d597d9bc598e34320c9edbfab0a73eacf150145",
		    "2d51509a-fcf0-41cc-b535-57cfeeaf73d1"),
		/* [nv] Docker under the kubelet's systemd driver */
		YES("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod045b1e35_7f13_11e7_ac42_0050568ffca0.slice/docker-b5b6f2da8008be266864f896f93789762b2ce50792114a5c5f2cc3315af0bc70.scope",
		    "docker",
		    "b5b6f2da8008be266864f896f93789762b2ce50792114a5c5f2cc3315af0bc70",
		    "045b1e35-7f13-11e7-ac42-0050568ffca0"),
		/* [k8s] static pod, systemd: its UID is 32 hex, kept as is */
		YES("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podc704ef4c297ab11032b83ce52cbfc87b.slice/cri-containerd-2327a2aec169e25cf05f2a901486b7463fdb513ae097fc0ae6a3ca94381ddc42.scope",
		    "containerd",
		    "2327a2aec169e25cf05f2a901486b7463fdb513ae097fc0ae6a3ca94381ddc42",
		    "c704ef4c297ab11032b83ce52cbfc87b"),
		/* [obi] static guaranteed pod on cgroupfs, CRI-O */
		YES("/kubepods/podb53dfa9e2dc9b890f7fadb2770857b03/crio-bb959773d06ad1a07d469bced637bbc49b6f8573c493fd0548d7f5810eb3e5a8",
		    "cri-o",
		    "bb959773d06ad1a07d469bced637bbc49b6f8573c493fd0548d7f5810eb3e5a8",
		    "b53dfa9e2dc9b890f7fadb2770857b03"),
		/* [made] guaranteed pod on cgroupfs */
		YES("/kubepods/pod4a163a05-439d-484b-8e53-2968bc15824f/" ID_A,
		    "", ID_A, "4a163a05-439d-484b-8e53-2968bc15824f"),
		/* A pod slice that does not parse gives the container alone:
		 * [made] uppercase UID, a UID one short, a slice not kubelet's.
		 */
		YES("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podDD1BF9D1_241D_47F5_8E25_12DE83135812.slice/cri-containerd-" ID_A ".scope",
		    "containerd", ID_A, ""),
		YES("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-poddd1bf9d1_241d_47f5_8e25_12de8313581.slice/cri-containerd-" ID_A ".scope",
		    "containerd", ID_A, ""),
		YES("/other.slice/other-poddd1bf9d1_241d_47f5_8e25_12de83135812.slice/cri-containerd-" ID_A ".scope",
		    "containerd", ID_A, ""),
		/* [made] a "pod" dir outside a kubepods tree is no pod, and
		 * a bare id below it is nobody's
		 */
		NO("/other/pod1fe19bf5-e8ef-11e8-900c-52daee5a874d/" ID_A),
		/* [obi] the pod's own cgroups, no container: 0 */
		NO("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod73dc8baf_43a0_413e_aac2_5eb0868f6c1a.slice"),
		NO("/kubepods.slice/kubepods-burstable.slice"),
		NO("/kubepods/burstable/pod4a163a05-439d-484b-8e53-2968bc15824f"),
		NO("/kubepods"),
	};

	(void)state;
	CHECK_ALL(t);
}

static void crio(void **state)
{
	static const struct sample t[] = {
		/* [kp] systemd driver, v1 (name=systemd line) */
		YES("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podd0511cd2_29d2_4215_be0f_f77bc0609d99.slice/crio-f93ee491b8ed2680d5a909eb098b14a9430173b57ca1c4efedd8768566d67e8e.scope",
		    "cri-o",
		    "f93ee491b8ed2680d5a909eb098b14a9430173b57ca1c4efedd8768566d67e8e",
		    "d0511cd2-29d2-4215-be0f-f77bc0609d99"),
		/* [kp] systemd driver, v2 */
		YES("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod2c9f8a79_5391_454b_88cb_86190881cb96.slice/crio-a09343ca97901516c25036e2b954421254f8c68b384b536064e8999f0c4ed18d.scope",
		    "cri-o",
		    "a09343ca97901516c25036e2b954421254f8c68b384b536064e8999f0c4ed18d",
		    "2c9f8a79-5391-454b-88cb-86190881cb96"),
		/* [obi] MicroShift: crun's nested "container" cgroup */
		YES("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod73dc8baf_43a0_413e_aac2_5eb0868f6c1a.slice/crio-f52987fbdcc7b29175fb52e01c7917e9d6d2e14550e3a2a7abf739da5a067e31.scope/container",
		    "cri-o",
		    "f52987fbdcc7b29175fb52e01c7917e9d6d2e14550e3a2a7abf739da5a067e31",
		    "73dc8baf-43a0-413e-aac2-5eb0868f6c1a"),
		/* [obi] conmon beside it: a host process, not the container */
		NO("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod73dc8baf_43a0_413e_aac2_5eb0868f6c1a.slice/crio-conmon-f52987fbdcc7b29175fb52e01c7917e9d6d2e14550e3a2a7abf739da5a067e31.scope"),
		/* [obi] a bare crio-<id> under the pod slice: pod-level, not
		 * a container
		 */
		NO("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod73dc8baf_43a0_413e_aac2_5eb0868f6c1a.slice/crio-c81572302e4a00c05810fc436ebc0952ed7a0806c58a2b7eddbfb58de4539206"),
		/* [made] conmon_cgroup = "system.slice" */
		NO("/system.slice/crio-conmon-f52987fbdcc7b29175fb52e01c7917e9d6d2e14550e3a2a7abf739da5a067e31.scope"),
		/* [crio] cgroupfs driver: container, then its conmon */
		YES("/kubepods/burstable/pod4a163a05-439d-484b-8e53-2968bc15824f/crio-" ID_B,
		    "cri-o", ID_B, "4a163a05-439d-484b-8e53-2968bc15824f"),
		NO("/kubepods/burstable/pod4a163a05-439d-484b-8e53-2968bc15824f/crio-conmon-" ID_B),
		/* [made] CRI-O's own daemon */
		NO("/system.slice/crio.service"),
	};

	(void)state;
	CHECK_ALL(t);
}

static void podman(void **state)
{
	static const struct sample t[] = {
		/* [kp] rootful, v2, crun's nested "container" */
		YES("/machine.slice/libpod-06dc5f321aad8726aa26559f16ec203bc099245bc44894b14a89fc02b022d1d5.scope/container",
		    "podman",
		    "06dc5f321aad8726aa26559f16ec203bc099245bc44894b14a89fc02b022d1d5",
		    ""),
		/* [kp] rootful, v2 */
		YES("/machine.slice/libpod-8e363eb2287da4ccc9f52ffc5de11252ac5fe707e3ddb917a3c0bdf9bb64165b.scope",
		    "podman",
		    "8e363eb2287da4ccc9f52ffc5de11252ac5fe707e3ddb917a3c0bdf9bb64165b",
		    ""),
		/* [kp] rootless, under the user's systemd */
		YES("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-3f05ee050f82c0145f1d88c94269c39dff0f07dbf8bba20aafd54b3a75dcaecc.scope/container",
		    "podman",
		    "3f05ee050f82c0145f1d88c94269c39dff0f07dbf8bba20aafd54b3a75dcaecc",
		    ""),
		/* [pod] conmon's scope, as /proc/<pid>/cgroup shows it */
		NO("/machine.slice/libpod-conmon-24fce7291bc6d7f8a5965a5920740b0df25dda9bb4e84ffb889d8ea2927acec5.scope"),
		NO("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-conmon-3f05ee050f82c0145f1d88c94269c39dff0f07dbf8bba20aafd54b3a75dcaecc.scope"),
		/* [pod] cgroupfs manager, and its conmon */
		YES("/libpod_parent/libpod-cf594798841275880f780c2aa55954b2d218b92a7c82df039aef02e2f4fe83f1",
		    "podman",
		    "cf594798841275880f780c2aa55954b2d218b92a7c82df039aef02e2f4fe83f1",
		    ""),
		NO("/libpod_parent/conmon"),
		/* [pod] [kp] quadlet (--cgroups=split), and conmon's half */
		YES("/system.slice/nginx.service/libpod-payload-9687bac58d5c4d1606aa46af33d1a21c1d1652e0ac9fb3fc0fc86e3495f42869",
		    "podman",
		    "9687bac58d5c4d1606aa46af33d1a21c1d1652e0ac9fb3fc0fc86e3495f42869",
		    ""),
		NO("/system.slice/nginx.service/runtime"),
		/* [made] a container of a podman pod */
		YES("/machine.slice/machine-libpod_pod_" ID_B ".slice/libpod-" ID_A ".scope",
		    "podman", ID_A, ""),
		/* [made] the API service */
		NO("/system.slice/podman.service"),
	};

	(void)state;
	CHECK_ALL(t);
}

static void nerdctl_and_plain_containerd(void **state)
{
	static const struct sample t[] = {
		/* [nrd] systemd manager, rootful and rootless */
		YES("/system.slice/nerdctl-" ID_A ".scope", "containerd", ID_A,
		    ""),
		YES("/user.slice/user-1000.slice/user@1000.service/user.slice/nerdctl-" ID_A ".scope",
		    "containerd", ID_A, ""),
		/* [nrd] [ctd] cgroupfs: containerd's "/<namespace>/<id>" */
		YES("/default/" ID_B, "containerd", ID_B, ""),
		/* [ctd] ctr's free-form names say nothing checkable */
		NO("/default/my-container"),
		/* [made] containerd itself */
		NO("/system.slice/containerd.service"),
	};

	(void)state;
	CHECK_ALL(t);
}

static void lxc(void **state)
{
	static const struct sample t[] = {
		/* [lxc] LXC 4+, LXD, Incus; the monitor is the host side */
		YES("/lxc.payload.web01", "lxc", "web01", ""),
		YES("/lxc.payload.web01/init.scope", "lxc", "web01", ""),
		NO("/lxc.monitor.web01"),
		/* [fal] LXC 3 and earlier */
		YES("/lxc.payload/web01", "lxc", "web01", ""),
		YES("/lxc/web01", "lxc", "web01", ""),
		YES("/lxc/web-01.example/system.slice/cron.service", "lxc",
		    "web-01.example", ""),
		/* [made] nested LXC: the inner one */
		YES("/lxc.payload.outer/lxc.payload.inner", "lxc", "inner", ""),
		/* [made] names are never mangled: refuse what cannot be kept */
		NO("/lxc.payload.we b"),
		NO("/lxc.payload."),
		NO("/lxc/.."),
		NO("/lxc.payload.n012345678901234567890123456789012345678901234567890123456789abcd"),
		YES("/lxc.payload.n012345678901234567890123456789012345678901234567890123456789abc",
		    "lxc",
		    "n012345678901234567890123456789012345678901234567890123456789abc",
		    ""),
		NO("/lxc"),
	};

	(void)state;
	CHECK_ALL(t);
}

static void nspawn(void **state)
{
	static const struct sample t[] = {
		/* [sd] machinectl start: the unit, payload and supervisor */
		YES("/machine.slice/systemd-nspawn@debian.service/payload",
		    "systemd-nspawn", "debian", ""),
		YES("/machine.slice/systemd-nspawn@debian.service/payload/system.slice/cron.service",
		    "systemd-nspawn", "debian", ""),
		NO("/machine.slice/systemd-nspawn@debian.service/supervisor"),
		/* [sd] v1: no split */
		YES("/machine.slice/systemd-nspawn@debian.service",
		    "systemd-nspawn", "debian", ""),
		/* [sd] nspawn run by hand registers a machine scope */
		YES("/machine.slice/machine-fedora.scope/payload",
		    "systemd-nspawn", "fedora", ""),
		YES("/machine.slice/machine-my\\x2dbox.scope", "systemd-nspawn",
		    "my-box", ""),
		YES("/machine.slice/systemd-nspawn@my\\x2dbox.service/payload",
		    "systemd-nspawn", "my-box", ""),
		/* [made] libvirt's VMs and libvirt-lxc guests are not nspawn */
		NO("/machine.slice/machine-qemu\\x2d1\\x2dvm1.scope/libvirt/emulator"),
		NO("/machine.slice/machine-lxc\\x2d4242\\x2dguest.scope"),
		/* [made] bad escapes, a machine scope outside machine.slice */
		NO("/machine.slice/machine-my\\x2.scope"),
		NO("/machine.slice/machine-my\\y2dbox.scope"),
		NO("/machine.slice/machine-a\\x2fb.scope"),
		NO("/system.slice/machine-fedora.scope"),
		/* [made] docker inside an nspawn machine */
		YES("/machine.slice/systemd-nspawn@debian.service/payload/system.slice/docker-" ID_A ".scope",
		    "docker", ID_A, ""),
	};

	(void)state;
	CHECK_ALL(t);
}

static void nesting(void **state)
{
	static const struct sample t[] = {
		/* [kp] kind on a v2 host: the pod's container, not the node */
		YES("/system.slice/docker-fd9d0ea06257a9780827cbc7fd92e3812a54fca26d63e191b73610d5d48b9cbd.scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-podeab5a334_93fe_48a8_b139_9e8079c1f163.slice/cri-containerd-99f3a16ea25b7724cb56a4f0c0df1113ad9474fbf5545bead97fd5c7f61c13f4.scope",
		    "containerd",
		    "99f3a16ea25b7724cb56a4f0c0df1113ad9474fbf5545bead97fd5c7f61c13f4",
		    "eab5a334-93fe-48a8-b139-9e8079c1f163"),
		/* [kp] kind as its node sees it, guaranteed pod [obi] */
		YES("/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/kubelet-kubepods-burstable-pod3cae2e45_052c_4b11_80d3_4d7b2d2d3464.slice/cri-containerd-2b180104511194aab36fd295d3e217439f3ddb5bc88277f37b4952abee85c40e.scope",
		    "containerd",
		    "2b180104511194aab36fd295d3e217439f3ddb5bc88277f37b4952abee85c40e",
		    "3cae2e45-052c-4b11-80d3-4d7b2d2d3464"),
		YES("/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-pod2d51509a_fcf0_41cc_b535_57cfeeaf73d1.slice/cri-containerd-" ID_A ".scope",
		    "containerd", ID_A, "2d51509a-fcf0-41cc-b535-57cfeeaf73d1"),
		/* [kp] kind with the cgroupfs driver, --cgroup-root=/kubelet */
		YES("/kubelet/kubepods/besteffort/podbdd4097d-6795-404e-9bd8-6a1383386198/c79788e0da15a6597263eb2b9c51d05dd1a9a1d08c53c1161dc8c45d2dac6b38",
		    "",
		    "c79788e0da15a6597263eb2b9c51d05dd1a9a1d08c53c1161dc8c45d2dac6b38",
		    "bdd4097d-6795-404e-9bd8-6a1383386198"),
		/* [made] k3d / old kind on v1: docker node, cgroupfs kubelet */
		YES("/docker/" ID_B "/kubepods/besteffort/podbdd4097d-6795-404e-9bd8-6a1383386198/" ID_A,
		    "", ID_A, "bdd4097d-6795-404e-9bd8-6a1383386198"),
		/* [made] the node's own processes: the node container */
		YES("/system.slice/docker-" ID_B ".scope/kubelet.slice/kubelet-kubepods.slice",
		    "docker", ID_B, ""),
		YES("/system.slice/docker-" ID_B ".scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-podeab5a334_93fe_48a8_b139_9e8079c1f163.slice",
		    "docker", ID_B, ""),
		/* [made] CRI-O's conmon inside a kind node is the node's */
		YES("/system.slice/docker-" ID_B ".scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-podeab5a334_93fe_48a8_b139_9e8079c1f163.slice/crio-conmon-" ID_A ".scope",
		    "docker", ID_B, ""),
		/* [made] docker-in-docker inside a pod: not the pod's */
		YES("/kubepods/besteffort/pod1fe19bf5-e8ef-11e8-900c-52daee5a874d/" ID_B "/docker/" ID_A,
		    "docker", ID_A, ""),
		/* [made] podman inside a docker container */
		YES("/system.slice/docker-" ID_B ".scope/machine.slice/libpod-" ID_A ".scope/container",
		    "podman", ID_A, ""),
	};

	(void)state;
	CHECK_ALL(t);
}

static void not_containers(void **state)
{
	static const struct sample t[] = {
		/* [nv] a host process, an nsenter session (v1) */
		NO("/"),
		NO("/user/1000.user/c2.session"),
		/* [obi] hosts' own units */
		NO("/system.slice/crio.service"),
		NO("/user.slice/user-1000.slice/session-3.scope"),
		/* [made] dockerd, PID 1, the empty path, a plain service */
		NO("/system.slice/docker.service"),
		NO("/init.scope"),
		NO(""),
		NO("/system.slice/sshd.service"),
		NO("/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-4242.scope"),
		/* [made] a bare id below an unknown parent */
		NO("/custom/" ID_A),
	};

	(void)state;
	CHECK_ALL(t);
}

static void bad_ids(void **state)
{
	static const struct sample t[] = {
		/* 63 and 65 hex */
		NO("/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde.scope"),
		NO("/system.slice/docker-" ID_A "0.scope"),
		NO("/docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde"),
		/* uppercase, non-hex */
		NO("/system.slice/docker-0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef.scope"),
		NO("/docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg"),
		NO("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-poddd1bf9d1_241d_47f5_8e25_12de83135812.slice/cri-containerd-x123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope"),
		/* empty id, missing or wrong suffix */
		NO("/system.slice/docker-.scope"),
		NO("/system.slice/docker-" ID_A),
		NO("/system.slice/docker-" ID_A ".service"),
		NO("/system.slice/docker-" ID_A ".scopex"),
		/* a short docker id (docker ps) is not what the kernel shows */
		NO("/docker/0123456789ab"),
		/* the triple with a bad id, or with no pod slice */
		NO("/kubepods-besteffort-pod0043435f_1854_4327_b76b_730f681a781d.slice:cri-containerd:01fd96f7"),
		NO("/system.slice:cri-containerd:" ID_A),
	};

	(void)state;
	CHECK_ALL(t);
}

/* Whatever len is, only path[0..len) is read and counted. */
static void bounded_input(void **state)
{
	static const char full[] =
		"/docker/" ID_B "/docker/" ID_A;
	const size_t outer_end = strlen("/docker/" ID_B);
	struct ew_container c;
	size_t n, len = strlen(full);
	char *p = exact_copy(full, len);

	(void)state;
	/* Cut before the inner id ends: the outer container. */
	assert_int_equal(ew_container_parse(p, outer_end, &c), 1);
	assert_string_equal(c.id, ID_B);
	assert_int_equal(ew_container_parse(p, outer_end + 1, &c), 1);
	assert_string_equal(c.id, ID_B);
	assert_int_equal(ew_container_parse(p, len - 1, &c), 1);
	assert_string_equal(c.id, ID_B);
	assert_int_equal(ew_container_parse(p, len, &c), 1);
	assert_string_equal(c.id, ID_A);
	/* Cut inside the outer id: nothing. */
	assert_int_equal(ew_container_parse(p, outer_end - 1, &c), 0);
	assert_string_equal(c.id, "");
	assert_int_equal(ew_container_parse(p, 0, &c), 0);

	/* Every prefix, each in a block of exactly its size. */
	for (n = 0; n <= len; n++) {
		char *q = exact_copy(full, n);
		int rc = ew_container_parse(q, n, &c);

		assert_int_equal(rc, n >= outer_end);
		if (rc)
			assert_string_equal(c.id, n == len ? ID_A : ID_B);
		free(q);
	}
	free(p);
}

/* A scope suffix beyond len does not count. */
static void suffix_beyond_len(void **state)
{
	static const char full[] = "/system.slice/docker-" ID_A ".scope";
	struct ew_container c;
	size_t len = strlen(full), n;
	char *p = exact_copy(full, len);

	(void)state;
	for (n = 0; n < len; n++)
		assert_int_equal(ew_container_parse(p, n, &c), 0);
	assert_int_equal(ew_container_parse(p, len, &c), 1);
	assert_string_equal(c.runtime, "docker");
	free(p);
}

/* A NUL within len ends the path: a fixed-size buffer may be passed. */
static void nul_ends_the_path(void **state)
{
	static const char buf[] = "/docker/" ID_A "\0/docker/" ID_B "\0\0\0";
	struct ew_container c;

	(void)state;
	assert_int_equal(ew_container_parse(buf, sizeof(buf), &c), 1);
	assert_string_equal(c.id, ID_A);
	assert_int_equal(ew_container_parse("\0/docker/" ID_A, 73, &c), 0);
}

/* On 0 every field is an empty string, whatever was there before. */
static void cleared_on_failure(void **state)
{
	struct ew_container c;

	(void)state;
	assert_int_equal(ew_container_parse("/docker/" ID_A, 72, &c), 1);
	assert_string_equal(c.id, ID_A);
	assert_int_equal(ew_container_parse("/system.slice/docker.service",
					    28, &c), 0);
	assert_string_equal(c.runtime, "");
	assert_string_equal(c.id, "");
	assert_string_equal(c.pod_uid, "");
	memset(&c, 'x', sizeof(c));
	assert_int_equal(ew_container_parse(NULL, 0, &c), 0);
	assert_string_equal(c.runtime, "");
	assert_string_equal(c.id, "");
	assert_string_equal(c.pod_uid, "");
}

/* Slashes doubled, trailing or missing up front change nothing. */
static void path_spelling(void **state)
{
	static const struct sample t[] = {
		YES("system.slice/docker-" ID_A ".scope", "docker", ID_A, ""),
		YES("//system.slice//docker-" ID_A ".scope//", "docker", ID_A,
		    ""),
		YES("/docker/" ID_A "/", "docker", ID_A, ""),
	};

	(void)state;
	CHECK_ALL(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(docker),
		cmocka_unit_test(kubernetes_containerd),
		cmocka_unit_test(kubernetes_pods),
		cmocka_unit_test(crio),
		cmocka_unit_test(podman),
		cmocka_unit_test(nerdctl_and_plain_containerd),
		cmocka_unit_test(lxc),
		cmocka_unit_test(nspawn),
		cmocka_unit_test(nesting),
		cmocka_unit_test(not_containers),
		cmocka_unit_test(bad_ids),
		cmocka_unit_test(bounded_input),
		cmocka_unit_test(suffix_beyond_len),
		cmocka_unit_test(nul_ends_the_path),
		cmocka_unit_test(cleared_on_failure),
		cmocka_unit_test(path_spelling),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
