// SPDX-License-Identifier: GPL-2.0
/*
 * ew_identity_lookup(): a container's identity from its runtime's state
 * files, checked against what the runtime itself says of it.
 *
 * The samples (tests/unit/samples/, its README says how each was made)
 * were taken in the Podman test VM on Debian 12 (kernel 6.1.192-3):
 * docker.io 20.10.24, containerd 1.6.20, podman 4.3.1 with crun 1.8.1 and
 * runc 1.1.5.  Each runtime's directory holds the host's files under
 * root/ and the runtime's own answer (docker inspect, podman inspect,
 * ctr containers info) beside them; every container in the samples is
 * checked field by field against that answer.  The hostile cases are
 * written here, in a temporary tree.
 */
#define _GNU_SOURCE	/* mkdtemp, nftw */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "tmptree.h"
#include "container/identity.h"
#include "container/identity_cache.h"
#include "container/logtail.h"
#include "finding/ident.h"

#define SAMPLES EW_SAMPLES_DIR

/*
 * The clock the lookups read: this test is linked with
 * --wrap=ew_mono_ns (Makefile), so that it decides when a deadline
 * passes.  Each reading adds step_ns; 0 stops the clock.
 */
static unsigned long long clock_ns = 1000000000ULL, step_ns;

unsigned long long __wrap_ew_mono_ns(void);
unsigned long long __wrap_ew_mono_ns(void)
{
	clock_ns += step_ns;
	return clock_ns;
}

static json_t *load(const char *fmt, const char *a)
{
	char path[1024];
	json_t *j;

	snprintf(path, sizeof(path), fmt, a);
	j = json_load_file(path, 0, NULL);
	if (json_is_array(j)) {		/* docker and podman inspect */
		json_t *one = json_incref(json_array_get(j, 0));

		json_decref(j);
		j = one;
	}
	if (!j)
		fail_msg("cannot load %s", path);
	return j;
}

static const char *str(const json_t *o, const char *a, const char *b)
{
	const json_t *v = json_object_get(o, a);
	const char *s;

	if (b)
		v = json_object_get(v, b);
	s = json_string_value(v);
	return s ? s : "";
}

static int lookup(const char *rt, const char *cid, const char *root,
		  struct ew_identity *id)
{
	struct ew_container c = { 0 };

	snprintf(c.runtime, sizeof(c.runtime), "%s", rt);
	snprintf(c.id, sizeof(c.id), "%s", cid);
	return ew_identity_lookup(&c, root, 1000, id);
}

/* Each of the eight Docker containers equals docker inspect. */
static void docker_samples(void **state)
{
	struct ew_identity id;
	struct dirent *d;
	int n = 0;
	DIR *dp = opendir(SAMPLES "/docker/inspect");

	(void)state;
	assert_non_null(dp);
	while ((d = readdir(dp))) {
		json_t *want, *labels;
		const char *name;

		if (!strstr(d->d_name, ".json"))
			continue;
		want = load(SAMPLES "/docker/inspect/%s", d->d_name);
		assert_int_equal(lookup("docker", str(want, "Id", NULL),
					SAMPLES "/docker/root", &id), 1);
		name = str(want, "Name", NULL);
		assert_string_equal(id.name, name + (name[0] == '/'));
		assert_string_equal(id.image, str(want, "Config", "Image"));
		assert_string_equal(id.image_id, str(want, "Image", NULL));
		assert_string_equal(id.created, str(want, "Created", NULL));
		assert_string_equal(id.log, str(want, "LogPath", NULL));
		assert_string_equal(id.log_kind, "file");
		assert_int_equal(id.privileged, json_is_true(json_object_get(
			json_object_get(want, "HostConfig"), "Privileged")));
		labels = json_object_get(json_object_get(want, "Config"),
					 "Labels");
		if (json_object_size(labels))
			assert_true(json_equal(id.labels, labels));
		else
			assert_null(id.labels);
		assert_string_equal(id.why, "");
		if (strstr(name, "k8s_web")) {
			assert_string_equal(id.pod.ns, "shop");
			assert_string_equal(id.pod.name, "web-0");
			assert_string_equal(id.pod.uid,
				"3f0c6d2e-8b1a-4c55-9a7e-2d1f5b6c7a80");
			assert_string_equal(id.pod.container, "web");
		} else {
			assert_string_equal(id.pod.name, "");
		}
		ew_identity_clear(&id);
		json_decref(want);
		n++;
	}
	closedir(dp);
	assert_int_equal(n, 8);
}

/* Podman with crun and runc: podman inspect's name, image, created, log
 * and privileged; its labels are in libpod's database only. */
static void podman_samples(void **state)
{
	static const char *const dirs[] = { "podman-crun", "podman-runc" };
	char dir[512], root[600];
	struct ew_identity id;
	struct dirent *d;
	int i, n = 0;

	(void)state;
	for (i = 0; i < 2; i++) {
		DIR *dp;

		snprintf(dir, sizeof(dir), SAMPLES "/%s/inspect", dirs[i]);
		snprintf(root, sizeof(root), SAMPLES "/%s/root", dirs[i]);
		dp = opendir(dir);
		assert_non_null(dp);
		while ((d = readdir(dp))) {
			char path[1024];
			json_t *want;

			if (!strstr(d->d_name, ".json"))
				continue;
			snprintf(path, sizeof(path), "%s/%%s", dir);
			want = load(path, d->d_name);
			assert_int_equal(lookup("podman", str(want, "Id", NULL),
						root, &id), 1);
			assert_string_equal(id.name, str(want, "Name", NULL));
			assert_string_equal(id.image,
					    str(want, "ImageName", NULL));
			assert_string_equal(id.image_id,
					    str(want, "Image", NULL));
			assert_string_equal(id.created,
					    str(want, "Created", NULL));
			assert_string_equal(id.log, str(json_object_get(want,
				"HostConfig"), "LogConfig", "Path"));
			assert_int_equal(id.privileged,
					 !!strstr(d->d_name, "privileged"));
			assert_true(json_equal(json_object_get(id.annotations,
								"x"),
				json_object_get(json_object_get(json_object_get(
					want, "Config"), "Annotations"), "x")) ||
				    !strstr(d->d_name, "plain"));
			ew_identity_clear(&id);
			json_decref(want);
			n++;
		}
		closedir(dp);
	}
	assert_int_equal(n, 6);
}

/* containerd (ctr): the bundle gives the name (its id) and the CRI
 * annotations; the image of a plain ctr container is said missing. */
static void containerd_samples(void **state)
{
	struct ew_identity id;

	(void)state;
	assert_int_equal(lookup("containerd", "annotated",
				SAMPLES "/containerd/root", &id), 1);
	assert_string_equal(id.name, "web");
	assert_string_equal(id.space, "default");
	assert_string_equal(id.image, "docker.io/library/web:1");
	assert_string_equal(id.pod.ns, "shop");
	assert_string_equal(id.pod.name, "web-0");
	assert_string_equal(id.pod.container, "web");
	ew_identity_clear(&id);

	assert_int_equal(lookup("containerd", "plain",
				SAMPLES "/containerd/root", &id), 1);
	assert_string_equal(id.name, "plain");
	assert_string_equal(id.image, "");
	/* The samples hold no meta.db: test_bolt reads the real one. */
	assert_non_null(strstr(id.why, "meta.db"));
	ew_identity_clear(&id);

	/* Not there: 0, and the finding says what was looked for. */
	assert_int_equal(lookup("containerd", "gone",
				SAMPLES "/containerd/root", &id), 0);
	assert_non_null(strstr(id.why, "no state of a containerd container gone"));
	ew_identity_clear(&id);
}

static char tmp[64];

/* The tree of the test before, removed; a new one in tmp. */
static void fresh_tmp(void)
{
	if (tmp[0])
		assert_int_equal(tmptree_remove(tmp), 0);
	assert_int_equal(tmptree_make(tmp, sizeof(tmp), "identity"), 0);
}

static int remove_tmp(void **state)
{
	(void)state;
	if (tmp[0] && tmptree_remove(tmp))
		return -1;
	tmp[0] = '\0';
	return 0;
}

static void put(const char *rel, const char *text)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", tmp, rel);
	for (slash = path + strlen(tmp) + 1; (slash = strchr(slash, '/'));
	     slash++) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

#define CID "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define DDIR "/var/lib/docker/containers/" CID

/* Hostile and broken state files: each leaves fields out, says why, and
 * never crashes. */
static void hostile(void **state)
{
	struct ew_identity id;
	char path[512], *huge;

	(void)state;
	fresh_tmp();

	/* Not JSON. */
	put(DDIR "/config.v2.json", "{\"Name\": \"/x\",");
	assert_int_equal(lookup("docker", CID, tmp, &id), 0);
	assert_non_null(strstr(id.why, "config.v2.json: not JSON"));
	ew_identity_clear(&id);

	/* A key twice: which one counts is nobody's guess. */
	put(DDIR "/config.v2.json", "{\"Name\": \"/x\", \"Name\": \"/y\"}");
	assert_int_equal(lookup("docker", CID, tmp, &id), 0);
	assert_non_null(strstr(id.why, "not JSON"));
	ew_identity_clear(&id);

	/* An array, not an object. */
	put(DDIR "/config.v2.json", "[1, 2]");
	assert_int_equal(lookup("docker", CID, tmp, &id), 0);
	assert_non_null(strstr(id.why, "not a JSON object"));
	ew_identity_clear(&id);

	/* Wrong types, labels that are not strings, a bad time, no
	 * hostconfig.json: what is right is kept, the rest said. */
	put(DDIR "/config.v2.json",
	    "{\"Name\": 7, \"Created\": \"yesterday\", \"Image\": \"sha256:1\","
	    " \"Config\": {\"Image\": [1], \"Labels\": {\"ok\": \"v\","
	    " \"n\": 1, \"o\": {}}}}");
	assert_int_equal(lookup("docker", CID, tmp, &id), 1);
	assert_string_equal(id.name, "");
	assert_string_equal(id.image, "");
	assert_string_equal(id.image_id, "sha256:1");
	assert_string_equal(id.created, "");
	assert_int_equal(json_object_size(id.labels), 1);
	assert_non_null(strstr(id.why, "hostconfig.json: missing"));
	assert_non_null(strstr(id.why, "no Name"));
	assert_non_null(strstr(id.why, "2 labels left out"));
	assert_non_null(strstr(id.why, "\"yesterday\" is not RFC 3339"));
	ew_identity_clear(&id);

	/* One byte larger than the bound: a valid object, refused. */
	huge = malloc((1 << 20) + 2);
	assert_non_null(huge);
	memset(huge, ' ', (1 << 20) + 1);
	huge[0] = '{';
	huge[1 << 20] = '}';
	huge[(1 << 20) + 1] = '\0';
	put(DDIR "/config.v2.json", huge);
	free(huge);
	assert_int_equal(lookup("docker", CID, tmp, &id), 0);
	assert_non_null(strstr(id.why, "larger than 1048576 bytes"));
	ew_identity_clear(&id);

	/* A FIFO where the file should be: refused, never waited on. */
	snprintf(path, sizeof(path), "%s" DDIR "/config.v2.json", tmp);
	unlink(path);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(lookup("docker", CID, tmp, &id), 0);
	assert_non_null(strstr(id.why, "not a regular file"));
	ew_identity_clear(&id);

	/* A name that is not one path component (nspawn unescapes \x2f). */
	assert_int_equal(lookup("systemd-nspawn", "../../etc", tmp, &id), 0);
	assert_non_null(strstr(id.why, "is not a file name"));
	ew_identity_clear(&id);

	/* nspawn and LXC, from their text files. */
	put("/run/systemd/machines/web",
	    "# This is private data. Do not parse.\nNAME=web\nSCOPE=machine-web.scope\n"
	    "ROOT=/var/lib/machines/web\nCLASS=container\nREALTIME=1733369000123456\n");
	assert_int_equal(lookup("systemd-nspawn", "web", tmp, &id), 1);
	assert_string_equal(id.name, "web");
	assert_string_equal(id.image, "/var/lib/machines/web");
	assert_string_equal(id.created, "2024-12-05T03:23:20.123456Z");
	assert_string_equal(id.log, "_SYSTEMD_UNIT=machine-web.scope");
	ew_identity_clear(&id);

	put("/var/lib/lxc/c1/config",
	    "lxc.uts.name = c1\nlxc.rootfs.path = dir:/var/lib/lxc/c1/rootfs \n"
	    "lxc.rootfs.pathx = wrong\n");
	put("/var/log/lxc/c1.log", "started\n");
	assert_int_equal(lookup("lxc", "c1", tmp, &id), 1);
	assert_string_equal(id.name, "c1");
	assert_string_equal(id.image, "dir:/var/lib/lxc/c1/rootfs");
	assert_string_equal(id.log, "/var/log/lxc/c1.log");
	ew_identity_clear(&id);
}

/* CRI-O's layout, from its annotations (cri-o pkg/annotations). */
static void crio(void **state)
{
	struct ew_identity id;

	(void)state;
	fresh_tmp();
	put("/run/containers/storage/overlay-containers/" CID "/userdata/config.json",
	    "{\"annotations\": {\"io.container.manager\": \"cri-o\","
	    " \"io.kubernetes.cri-o.ContainerName\": \"k8s_web_web-0_shop_u1_0\","
	    " \"io.kubernetes.cri-o.ImageName\": \"docker.io/library/nginx:1.25\","
	    " \"io.kubernetes.cri-o.Image\": \"sha256:abcd\","
	    " \"io.kubernetes.cri-o.Created\": \"2024-01-02T03:04:05.123456789+01:00\","
	    " \"io.kubernetes.cri-o.LogPath\": \"/var/log/pods/shop_web-0_u1/web/0.log\","
	    " \"io.kubernetes.cri-o.Labels\": \"{\\\"io.kubernetes.pod.name\\\":\\\"web-0\\\","
	    "\\\"io.kubernetes.pod.namespace\\\":\\\"shop\\\",\\\"io.kubernetes.pod.uid\\\":\\\"u1\\\","
	    "\\\"io.kubernetes.container.name\\\":\\\"web\\\",\\\"app\\\":\\\"shop\\\"}\"}}");
	assert_int_equal(lookup("cri-o", CID, tmp, &id), 1);
	assert_string_equal(id.name, "web");
	assert_string_equal(id.image, "docker.io/library/nginx:1.25");
	assert_string_equal(id.image_id, "sha256:abcd");
	assert_string_equal(id.created, "2024-01-02T03:04:05.123456789+01:00");
	assert_string_equal(id.pod.ns, "shop");
	assert_string_equal(id.pod.name, "web-0");
	assert_string_equal(id.pod.uid, "u1");
	assert_string_equal(str(id.labels, "app", NULL), "shop");
	assert_string_equal(id.log, "/var/log/pods/shop_web-0_u1/web/0.log");
	ew_identity_clear(&id);
}

/* The cache reads once, and again after EW_IDENTITY_RETRY_NS when
 * something was missing. */
static void cache(void **state)
{
	struct ew_identity_cache *c = ew_identity_cache_new(
		SAMPLES "/containerd/root", 1000, 2);
	struct ew_container k = { "containerd", "annotated", "" };
	struct ew_container p = { "containerd", "plain", "" };
	struct ew_container g = { "containerd", "gone", "" };
	unsigned long long lookups, hits;
	int found;

	(void)state;
	assert_non_null(c);
	assert_string_equal(ew_identity_get(c, &k, 1, &found)->name, "web");
	assert_string_equal(ew_identity_get(c, &k, 2, &found)->name, "web");
	ew_identity_get(c, &p, 3, &found);
	ew_identity_get(c, &p, 4, &found);		/* within the retry */
	ew_identity_get(c, &p, 5 + EW_IDENTITY_RETRY_NS, &found);
	ew_identity_cache_counts(c, &lookups, &hits);
	assert_int_equal(lookups, 3);
	assert_int_equal(hits, 2);
	/* A third container takes the least recently used place (k). */
	assert_int_equal(ew_identity_get(c, &g, 10 + EW_IDENTITY_RETRY_NS,
					 &found)->name[0], '\0');
	assert_int_equal(found, 0);
	ew_identity_get(c, &k, 11 + EW_IDENTITY_RETRY_NS, &found);
	ew_identity_cache_counts(c, &lookups, &hits);
	assert_int_equal(lookups, 5);
	ew_identity_cache_free(c);
}

/*
 * A lookup's budget: past its deadline no read starts, and the finding
 * says what is missing; a read that began in time runs to its end, and
 * the finding says how late the lookup ended.
 */
static void budget(void **state)
{
	struct ew_lookup l;
	char late[64], *buf;
	size_t len;

	(void)state;
	step_ns = 0;
	ew_lookup_init(&l, SAMPLES, 250);
	assert_int_equal(ew_lookup_file(&l, "/containerd/containerd.log",
					1 << 20, &buf, &len), 0);
	free(buf);
	clock_ns += 250 * 1000000ULL;		/* the read took it all */
	ew_lookup_end(&l, late, sizeof(late));
	assert_string_equal(late, "");
	clock_ns += 60 * 1000000ULL;		/* and ran on */
	ew_lookup_end(&l, late, sizeof(late));
	assert_string_equal(late, "310 ms, past its budget of 250 ms");
	assert_string_equal(l.why, "");		/* nothing left out */
	assert_int_equal(ew_lookup_file(&l, "/containerd/containerd.log",
					1 << 20, &buf, &len), -1);
	assert_null(buf);
	assert_string_equal(l.why, "the lookup ran out of time");
	/* No budget, no deadline. */
	ew_lookup_init(&l, SAMPLES, 0);
	clock_ns += 3600 * 1000000000ULL;
	ew_lookup_end(&l, late, sizeof(late));
	assert_string_equal(late, "");
	assert_false(ew_lookup_late(&l));
}

/* A container looked up on a clock that runs a second a reading: out of
 * time at its first read, said in why and in late; served again from the
 * cache, late no more (that finding did not wait). */
static void budget_identity(void **state)
{
	struct ew_container k = { "containerd", "annotated", "" };
	struct ew_identity_cache *c;
	const struct ew_identity *id;
	int found;

	(void)state;
	c = ew_identity_cache_new(SAMPLES "/containerd/root", 250, 2);
	assert_non_null(c);
	step_ns = 1000000000ULL;
	id = ew_identity_get(c, &k, 1, &found);
	step_ns = 0;
	assert_non_null(strstr(id->why, "the lookup ran out of time"));
	assert_non_null(strstr(id->late, " ms, past its budget of 250 ms"));
	id = ew_identity_get(c, &k, 2, &found);		/* within the retry */
	assert_non_null(strstr(id->why, "the lookup ran out of time"));
	assert_string_equal(id->late, "");
	ew_identity_cache_free(c);
}

/* The last lines of a log: whole lines only, at most n. */
static void log_tail(void **state)
{
	struct ew_lookup l;
	json_t *lines;
	char *longlog;
	size_t i;

	(void)state;
	fresh_tmp();
	put("/c/ctr.log", "one\ntwo\nthree\n");
	ew_lookup_init(&l, tmp, 1000);
	lines = ew_log_tail(&l, "/c/ctr.log", "file", 2);
	assert_int_equal(json_array_size(lines), 2);
	assert_string_equal(json_string_value(json_array_get(lines, 0)), "two");
	assert_string_equal(json_string_value(json_array_get(lines, 1)), "three");
	json_decref(lines);

	put("/pods/web/0.log", "old\n");
	put("/pods/web/1.log", "new \xff\x1b\n");
	put("/pods/web/1.log.20240101-000000", "rotated\n");
	lines = ew_log_tail(&l, "/pods/web", "directory", 10);
	assert_int_equal(json_array_size(lines), 1);
	assert_string_equal(json_string_value(json_array_get(lines, 0)),
			    "new \\xff\x1b");
	json_decref(lines);

	/* Longer than the tail: the first, partial line is left out. */
	longlog = malloc(EW_LOG_TAIL_BYTES * 2 + 1);
	assert_non_null(longlog);
	for (i = 0; i < EW_LOG_TAIL_BYTES * 2; i++)
		longlog[i] = i % 100 == 99 ? '\n' : 'x';
	longlog[i] = '\0';
	put("/c/long.log", longlog);
	free(longlog);
	lines = ew_log_tail(&l, "/c/long.log", "file", EW_LOG_LINES_MAX);
	assert_int_equal(json_array_size(lines), EW_LOG_TAIL_BYTES / 100);
	assert_int_equal(strlen(json_string_value(json_array_get(lines, 0))),
			 99);
	json_decref(lines);

	assert_null(ew_log_tail(&l, "CONTAINER_ID_FULL=x", "journald", 5));
	assert_non_null(strstr(l.why, "journald logs are not read"));
	assert_null(ew_log_tail(&l, "/nothing", "file", 5));
	assert_non_null(strstr(l.why, "/nothing: No such file"));
}

/* The Kubernetes node's name: kubelet's override, else the host name in
 * lower case where kubelet is configured, else none; --node wins. */
static void node_name(void **state)
{
	struct ew_ident id;

	(void)state;
	fresh_tmp();
	ew_ident_init(&id, "Node-1", "");
	ew_ident_node(&id, tmp);
	assert_string_equal(id.node, "");
	put("/var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\n");
	ew_ident_node(&id, tmp);
	assert_string_equal(id.node, "node-1");
	id.node[0] = '\0';
	put("/var/lib/kubelet/kubeadm-flags.env",
	    "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///run/containerd/containerd.sock --hostname-override=worker-7.example --pod-infra-container-image=registry.k8s.io/pause:3.9\"\n");
	ew_ident_node(&id, tmp);
	assert_string_equal(id.node, "worker-7.example");
	strcpy(id.node, "given");
	ew_ident_node(&id, tmp);
	assert_string_equal(id.node, "given");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(docker_samples),
		cmocka_unit_test(podman_samples),
		cmocka_unit_test(containerd_samples),
		cmocka_unit_test(hostile),
		cmocka_unit_test(crio),
		cmocka_unit_test(cache),
		cmocka_unit_test(budget),
		cmocka_unit_test(budget_identity),
		cmocka_unit_test(log_tail),
		cmocka_unit_test(node_name),
	};

	return cmocka_run_group_tests(tests, NULL, remove_tmp);
}
