// SPDX-License-Identifier: GPL-2.0
/*
 * --respond=freeze against a fake cgroup2 tree in a temporary directory,
 * named by a mountinfo file of the test's: "1" lands in the container's
 * cgroup.freeze and nowhere else; host cgroups, "..", the root, missing
 * or linked directories, cgroup v1 and the reader's own cgroup are
 * refused; each container is frozen once.
 */
#define _XOPEN_SOURCE 700	/* nftw */
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

#include "records.h"
#include "tmptree.h"
#include "sink/respond.h"
#include "cmd/watch.h"

#define OTHER_ID "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define OTHER_CGROUP "/system.slice/docker-" OTHER_ID ".scope"

static _Alignas(8) unsigned char buf[EW_RECORD_MAX];

struct fixture {
	char dir[64], cg[96], mountinfo[96], self[96];
	struct ew_respond r;
	struct ew_event ev;
	struct ew_finding f;
	FILE *log;
	char *text;
	size_t len;
};

static void put(const char *path, const char *text)
{
	FILE *out = fopen(path, "w");

	assert_non_null(out);
	fputs(text, out);
	assert_int_equal(fclose(out), 0);
}

static const char *get(const char *path)
{
	static char text[256];
	FILE *in = fopen(path, "r");
	size_t n;

	if (!in)
		return NULL;
	n = fread(text, 1, sizeof(text) - 1, in);
	text[n] = '\0';
	fclose(in);
	return text;
}

/* dir/rel (a cgroup path) made as a cgroup: a directory and its cgroup.freeze */
static void cgroup(const char *dir, const char *rel)
{
	char cmd[512], path[512];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s%s'", dir, rel);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s%s/cgroup.freeze", dir, rel);
	put(path, "");
}

static const char *freeze_file(const struct fixture *fx, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s%s/cgroup.freeze", fx->cg, rel);
	return get(path);
}

static const char *log_text(struct fixture *fx)
{
	fflush(fx->log);
	return fx->text;
}

/* A mountinfo with one cgroup2 mount of root at fx->cg, and others. */
static void mountinfo(struct fixture *fx, const char *root, int v2)
{
	char text[512];

	snprintf(text, sizeof(text),
		 "22 1 0:21 / /proc rw,nosuid - proc proc rw\n"
		 "31 24 0:27 / /sys/fs/cgroup/freezer rw - cgroup cgroup rw,freezer\n"
		 "%s%s%s%s",
		 v2 ? "30 24 0:26 " : "", v2 ? root : "", v2 ? " " : "",
		 v2 ? fx->cg : "");
	if (v2)
		strcat(text, " rw,nosuid,nodev shared:4 - cgroup2 cgroup2 rw,nsdelegate\n");
	put(fx->mountinfo, text);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	if (tmptree_make(fx->dir, sizeof(fx->dir), "respond"))
		return -1;
	snprintf(fx->cg, sizeof(fx->cg), "%s/cg", fx->dir);
	snprintf(fx->mountinfo, sizeof(fx->mountinfo), "%s/mountinfo", fx->dir);
	snprintf(fx->self, sizeof(fx->self), "%s/self-cgroup", fx->dir);
	if (mkdir(fx->cg, 0755))
		return -1;
	fx->log = open_memstream(&fx->text, &fx->len);
	*state = fx;
	return fx->log ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	ew_respond_close(&fx->r);
	fclose(fx->log);
	free(fx->text);
	if (tmptree_remove(fx->dir))
		return -1;
	free(fx);
	return 0;
}

/* The usual start: the tree mounted at "/", the reader in /init.scope. */
static void start(struct fixture *fx)
{
	mountinfo(fx, "/", 1);
	put(fx->self, "0::/init.scope\n");
	ew_respond_init(&fx->r, fx->log, fx->mountinfo, fx->self);
}

/* fx->f: a finding in cgroup path cg (NULL: no cgroup field). */
static const struct ew_finding *finding(struct fixture *fx, uint64_t seq,
					const char *cg)
{
	rec_exec(buf, seq);
	rec_str(buf, EW_F_PATH, "/tmp/cdk");
	if (cg)
		rec_str(buf, EW_F_CGROUP, cg);
	ew_event_decode((const void *)buf, &fx->ev);
	memset(&fx->f, 0, sizeof(fx->f));
	fx->f.ev = &fx->ev;
	snprintf(fx->f.id, sizeof(fx->f.id), "%032llx",
		 (unsigned long long)seq + 0xabc);
	if (cg)
		fx->f.container_known =
			ew_container_parse(cg, strlen(cg), &fx->f.container) == 1;
	return &fx->f;
}

static void freezes_the_container(void **state)
{
	struct fixture *fx = *state;

	cgroup(fx->cg, DOCKER_CGROUP);
	cgroup(fx->cg, OTHER_CGROUP);
	start(fx);
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 1, DOCKER_CGROUP)),
			 EW_RESPOND_FROZE);
	assert_string_equal(freeze_file(fx, DOCKER_CGROUP), "1");
	assert_string_equal(freeze_file(fx, OTHER_CGROUP), "");
	assert_int_equal(fx->r.froze, 1);
	assert_string_equal(log_text(fx),
		"escapewatch: froze container docker:" DOCKER_ID " (cgroup "
		DOCKER_CGROUP ") for finding 00000000000000000000000000000abd\n");
}

/* A process in a child cgroup of the container freezes the container. */
static void child_cgroup_freezes_its_container(void **state)
{
	struct fixture *fx = *state;

	cgroup(fx->cg, DOCKER_CGROUP "/init.scope");
	cgroup(fx->cg, DOCKER_CGROUP);
	start(fx);
	assert_int_equal(ew_respond_freeze(&fx->r,
			 finding(fx, 1, DOCKER_CGROUP "/init.scope")),
			 EW_RESPOND_FROZE);
	assert_string_equal(freeze_file(fx, DOCKER_CGROUP), "1");
	assert_string_equal(freeze_file(fx, DOCKER_CGROUP "/init.scope"), "");
}

static void refuses_host_cgroups(void **state)
{
	struct fixture *fx = *state;

	cgroup(fx->cg, "/system.slice/sshd.service");
	cgroup(fx->cg, "");
	start(fx);
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 1, "/")),
			 EW_RESPOND_REFUSED);
	assert_int_equal(ew_respond_freeze(&fx->r,
			 finding(fx, 2, "/system.slice/sshd.service")),
			 EW_RESPOND_REFUSED);
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 3, NULL)),
			 EW_RESPOND_REFUSED);
	assert_string_equal(freeze_file(fx, "/system.slice/sshd.service"), "");
	assert_string_equal(freeze_file(fx, ""), "");
	assert_int_equal(fx->r.refused, 3);
	assert_int_equal(fx->r.froze + fx->r.failed, 0);
	assert_non_null(strstr(log_text(fx),
		"not freezing for finding 00000000000000000000000000000abe: cgroup /system.slice/sshd.service names no container (the host's own cgroups are never frozen)\n"));
	assert_non_null(strstr(fx->text, "cgroup / names no container"));
	assert_non_null(strstr(fx->text, "cgroup (none) names no container"));
}

/* ".." could lead out of the mount: never followed. */
static void refuses_dot_dot(void **state)
{
	struct fixture *fx = *state;
	char outside[256];

	/* fx->cg/system.slice/../../docker-<id>.scope is fx->dir/docker-... */
	cgroup(fx->dir, "/docker-" DOCKER_ID ".scope");
	cgroup(fx->cg, "/system.slice");
	start(fx);
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 1,
			 "/system.slice/../../docker-" DOCKER_ID ".scope")),
			 EW_RESPOND_REFUSED);
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 2,
			 "/system.slice/./docker-" DOCKER_ID ".scope")),
			 EW_RESPOND_REFUSED);
	snprintf(outside, sizeof(outside), "%s/docker-%s.scope/cgroup.freeze",
		 fx->dir, DOCKER_ID);
	assert_string_equal(get(outside), "");
	assert_int_equal(fx->r.refused, 2);
	assert_non_null(strstr(log_text(fx), "has a \".\" or \"..\" component"));
}

/* The mount's own root is never frozen (a cgroup namespace's view). */
static void refuses_the_root(void **state)
{
	struct fixture *fx = *state;

	cgroup(fx->cg, "");
	mountinfo(fx, DOCKER_CGROUP, 1);
	ew_respond_init(&fx->r, fx->log, fx->mountinfo, "");
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 1, DOCKER_CGROUP)),
			 EW_RESPOND_REFUSED);
	assert_non_null(strstr(log_text(fx), "is not below the cgroup2 mount"));
	assert_string_equal(freeze_file(fx, ""), "");
}

static void refuses_missing_or_linked_dirs(void **state)
{
	struct fixture *fx = *state;
	char link[256], target[256];

	cgroup(fx->cg, "/system.slice");
	cgroup(fx->dir, "/elsewhere");
	snprintf(link, sizeof(link), "%s%s", fx->cg, OTHER_CGROUP);
	snprintf(target, sizeof(target), "%s/elsewhere", fx->dir);
	assert_int_equal(symlink(target, link), 0);
	start(fx);
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 1, DOCKER_CGROUP)),
			 EW_RESPOND_REFUSED);
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 2, OTHER_CGROUP)),
			 EW_RESPOND_REFUSED);
	snprintf(target, sizeof(target), "%s/elsewhere/cgroup.freeze", fx->dir);
	assert_string_equal(get(target), "");
	assert_int_equal(fx->r.refused, 2);
	assert_non_null(strstr(log_text(fx),
		"cgroup " DOCKER_CGROUP " is not a directory below the cgroup2 mount\n"));
	assert_non_null(strstr(fx->text,
		"cgroup " OTHER_CGROUP " is not a directory below the cgroup2 mount\n"));
}

static void refuses_cgroup_v1(void **state)
{
	struct fixture *fx = *state;

	cgroup(fx->cg, DOCKER_CGROUP);
	mountinfo(fx, "/", 0);
	ew_respond_init(&fx->r, fx->log, fx->mountinfo, "");
	assert_non_null(strstr(log_text(fx), "lists no cgroup2 mount (cgroup v1?)"));
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 1, DOCKER_CGROUP)),
			 EW_RESPOND_REFUSED);
	assert_non_null(strstr(log_text(fx),
		"cannot be frozen: no cgroup2 mount (cgroup v1?); freezing needs cgroup v2"));
	assert_string_equal(freeze_file(fx, DOCKER_CGROUP), "");
}

static void refuses_its_own_cgroup(void **state)
{
	struct fixture *fx = *state;

	cgroup(fx->cg, DOCKER_CGROUP "/reader");
	cgroup(fx->cg, DOCKER_CGROUP);
	mountinfo(fx, "/", 1);
	put(fx->self, "1:name=systemd:/x\n0::" DOCKER_CGROUP "/reader\n");
	ew_respond_init(&fx->r, fx->log, fx->mountinfo, fx->self);
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 1, DOCKER_CGROUP)),
			 EW_RESPOND_REFUSED);
	assert_non_null(strstr(log_text(fx), "holds escapewatch itself"));
	assert_string_equal(freeze_file(fx, DOCKER_CGROUP), "");
}

static void each_container_frozen_once(void **state)
{
	struct fixture *fx = *state;

	cgroup(fx->cg, DOCKER_CGROUP);
	cgroup(fx->cg, OTHER_CGROUP);
	start(fx);
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 1, DOCKER_CGROUP)),
			 EW_RESPOND_FROZE);
	cgroup(fx->cg, DOCKER_CGROUP);	/* empty again: not written twice */
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 2, DOCKER_CGROUP)),
			 EW_RESPOND_ALREADY);
	assert_int_equal(ew_respond_freeze(&fx->r,
			 finding(fx, 3, DOCKER_CGROUP "/init.scope")),
			 EW_RESPOND_ALREADY);
	assert_string_equal(freeze_file(fx, DOCKER_CGROUP), "");
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 4, OTHER_CGROUP)),
			 EW_RESPOND_FROZE);
	assert_string_equal(freeze_file(fx, OTHER_CGROUP), "1");
	assert_int_equal(fx->r.froze, 2);
	assert_int_equal(fx->r.already, 2);
	assert_non_null(strstr(log_text(fx), "container docker:" DOCKER_ID
		" of finding 00000000000000000000000000000abe is frozen already\n"));
	ew_respond_summary(&fx->r);
	assert_non_null(strstr(log_text(fx),
		"escapewatch: --respond=freeze: 2 container(s) frozen, 2 finding(s) of a frozen container, 0 refused, 0 failed\n"));
}

/* A directory without cgroup.freeze (a kernel before 5.2): a failure. */
static void fails_without_cgroup_freeze(void **state)
{
	struct fixture *fx = *state;
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s%s'", fx->cg, DOCKER_CGROUP);
	assert_int_equal(system(cmd), 0);
	start(fx);
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 1, DOCKER_CGROUP)),
			 EW_RESPOND_FAILED);
	assert_int_equal(fx->r.failed, 1);
	assert_non_null(strstr(log_text(fx), "could not freeze container docker:"
		DOCKER_ID " (cgroup " DOCKER_CGROUP ") for finding "
		"00000000000000000000000000000abd: no cgroup.freeze"));
	/* not remembered: the next finding tries again */
	cgroup(fx->cg, DOCKER_CGROUP);
	assert_int_equal(ew_respond_freeze(&fx->r, finding(fx, 2, DOCKER_CGROUP)),
			 EW_RESPOND_FROZE);
}

/* Mount points with escapes, a mount of a subtree, the first that fits. */
static void finds_the_cgroup2_mount(void **state)
{
	struct fixture *fx = *state;
	const char *rel;
	char mnt[256];

	put(fx->mountinfo,
	    "31 24 0:27 / /sys/fs/cgroup/freezer rw - cgroup cgroup rw,freezer\n"
	    "40 24 0:26 /kubepods /run/my\\040cg rw - cgroup2 cgroup2 rw\n"
	    "41 24 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
	assert_int_equal(ew_cgroup2_mount(fx->mountinfo, "/kubepods/pod1/x",
					  mnt, sizeof(mnt), &rel), 1);
	assert_string_equal(mnt, "/run/my cg");
	assert_string_equal(rel, "pod1/x");
	assert_int_equal(ew_cgroup2_mount(fx->mountinfo, "/kubepodsX/y",
					  mnt, sizeof(mnt), &rel), 1);
	assert_string_equal(mnt, "/sys/fs/cgroup");
	assert_string_equal(rel, "kubepodsX/y");

	put(fx->mountinfo,
	    "40 24 0:26 /kubepods /run/cg rw - cgroup2 cgroup2 rw\n");
	assert_int_equal(ew_cgroup2_mount(fx->mountinfo, "/system.slice/x",
					  mnt, sizeof(mnt), &rel), -1);
	assert_int_equal(ew_cgroup2_mount(fx->mountinfo, "/kubepods",
					  mnt, sizeof(mnt), &rel), 1);
	assert_string_equal(rel, "");
	put(fx->mountinfo,
	    "31 24 0:27 / /sys/fs/cgroup/freezer rw - cgroup cgroup rw,freezer\n");
	assert_int_equal(ew_cgroup2_mount(fx->mountinfo, "/x", mnt,
					  sizeof(mnt), &rel), 0);
	assert_int_equal(ew_cgroup2_mount("/nonexistent/mountinfo", "/x", mnt,
					  sizeof(mnt), &rel), -2);
}

/* Docker in Docker: the inner container's own cgroup, not the outer. */
static void the_containers_own_cgroup(void **state)
{
	static const char dind[] = DOCKER_CGROUP "/docker/" OTHER_ID "/init.scope";
	struct ew_container c;

	(void)state;
	assert_int_equal(ew_container_parse(dind, strlen(dind), &c), 1);
	assert_string_equal(c.id, OTHER_ID);
	assert_int_equal(ew_container_cgroup_len(dind, strlen(dind), &c),
			 strlen(DOCKER_CGROUP "/docker/" OTHER_ID));
	assert_int_equal(ew_container_parse(DOCKER_CGROUP, strlen(DOCKER_CGROUP),
					    &c), 1);
	assert_int_equal(ew_container_cgroup_len(DOCKER_CGROUP,
						 strlen(DOCKER_CGROUP), &c),
			 strlen(DOCKER_CGROUP));
}

/* Through the watch loop: formatted first, then frozen. */
static void watch_freezes(void **state)
{
	struct fixture *fx = *state;
	struct ew_output out;
	struct ew_ident ident;
	struct ew_watch w = { .log = fx->log };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	cgroup(fx->cg, DOCKER_CGROUP);
	start(fx);
	ew_output_stream(&out, f);
	ew_ident_init(&ident, "h", "b");
	w.out = &out;
	w.ident = &ident;
	w.respond = &fx->r;
	assert_int_equal(ew_watch_buffer(&w, buf, make_exec(buf, 7, "/tmp/cdk")), 0);
	fclose(f);
	assert_non_null(strstr(text, "\"sequence\":7,"));
	free(text);
	assert_string_equal(freeze_file(fx, DOCKER_CGROUP), "1");
	ew_watch_summary(&w);
	assert_non_null(strstr(log_text(fx), "froze container docker:" DOCKER_ID));
	assert_non_null(strstr(fx->text, "--respond=freeze: 1 container(s) frozen"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(freezes_the_container, setup, teardown),
		cmocka_unit_test_setup_teardown(child_cgroup_freezes_its_container, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_host_cgroups, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_dot_dot, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_the_root, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_missing_or_linked_dirs, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_cgroup_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_its_own_cgroup, setup, teardown),
		cmocka_unit_test_setup_teardown(each_container_frozen_once, setup, teardown),
		cmocka_unit_test_setup_teardown(fails_without_cgroup_freeze, setup, teardown),
		cmocka_unit_test_setup_teardown(finds_the_cgroup2_mount, setup, teardown),
		cmocka_unit_test(the_containers_own_cgroup),
		cmocka_unit_test_setup_teardown(watch_freezes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
