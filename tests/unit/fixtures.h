/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The records behind the golden files (tests/unit/golden/): one read's
 * worth of every kind of record and field the formats must handle.
 */
#ifndef EW_TEST_FIXTURES_H
#define EW_TEST_FIXTURES_H

#include "records.h"

#define K8S_POD "0d1f8e6a-3b52-4c1e-9f7a-6c2b1d0e9a84"
#define K8S_ID "9a8b7c6d5e4f30211f2e3d4c5b6a79880112233445566778899aabbccddeeff0"
#define K8S_CGROUP "/kubepods.slice/kubepods-besteffort.slice/" \
	"kubepods-besteffort-pod0d1f8e6a_3b52_4c1e_9f7a_6c2b1d0e9a84.slice/" \
	"cri-containerd-" K8S_ID ".scope"

#define FIXTURE_HOST "node-1.example"
#define FIXTURE_BOOT "6f1e2a6c-0d5b-4b9e-9a57-1c1b6de0c9a1"
#define FIXTURE_NOW 1700000100000000000ULL	/* createTime */
#define FIXTURE_FINDINGS 4
#define FIXTURE_LINES 6

/*
 * seq 0-1  lost (the reader fell behind)
 * seq 2    cdk in a Docker container, found by its name, hashed
 * seq 3    a script, deepce.sh, run by bash in a Kubernetes pod: arguments
 *          with spaces, quotes, a newline, a terminal escape and a byte
 *          that is not UTF-8, cut by the module; a path with such a byte;
 *          partially hashed; critical
 * seq 4    nsenter in the same Docker container 30 s after seq 2, found by
 *          its command line: related to seq 2
 * seq 5    a record the reader cannot decode (its rule has no NUL)
 * seq 6    a failed exec from a memfd outside any known container: no
 *          arguments, unreadable cwd, every capability, unmapped ids
 */
static inline size_t fixture_records(unsigned char *buf)
{
	static const char deepce_args[] =
		"/bin/bash\0./deepce.sh\0--exploit\0PRIVILEGED\0"
		"--command\0echo \"it's me\" > /tmp/x\nid\0"
		"-x\x1b]0;pwned\x07\x1b[2J\xff\0--de";
	static const char nsenter_args[] =
		"nsenter\0-t\0" "1\0-m\0-u\0-i\0-n\0-p\0--\0sh\0-c\0cat /etc/shadow";
	struct ew_exec_record *r;
	size_t len;
	unsigned int i;

	len = make_lost(buf, 0, 2, EW_LOST_OVERRUN);

	len += make_exec(buf + len, 2, "/tmp/t/cdk");

	r = rec_exec(buf + len, 3);
	r->hdr.flags = EW_EXEC_HASHED | EW_EXEC_PARTIAL;
	r->file_size = 80000000;
	r->hashed_size = 67108864;
	r->severity = EW_SEV_CRITICAL;
	r->action = EW_ACT_KILL;
	r->rule_action = EW_ACT_KILL;
	r->match_kind = EW_MATCH_CONTENT;
	r->rule_id = 1002;
	r->pid = 5150;
	r->tid = 5150;
	r->ppid = 5100;
	r->ns_pid = 12;
	r->ns_ppid = 11;
	r->uid = r->euid = r->gid = r->egid = 100000;
	strcpy(r->comm, "deepce.sh");
	strcpy(r->caller_comm, "bash");
	strcpy(r->rule, "deepce");
	strcpy(r->pattern, "content DEEPCE");
	strcpy(r->matched, "DEEPCE");
	rec_str(buf + len, EW_F_PATH, "/tmp/\xe9t\xc3\xa9/deepce.sh");
	rec_str(buf + len, EW_F_FILENAME, "./deepce.sh");
	rec_str(buf + len, EW_F_INTERP, "/usr/bin/bash");
	rec_argv(buf + len, deepce_args, sizeof(deepce_args) - 1, 9,
		 EW_FIELD_TRUNCATED);
	rec_str(buf + len, EW_F_CWD, "/tmp/\xe9t\xc3\xa9");
	rec_str(buf + len, EW_F_CGROUP, K8S_CGROUP);
	rec_ancestor(buf + len, 5100, 11, "bash", "/usr/bin/bash");
	rec_ancestor(buf + len, 5000, 1, "sleep", "/usr/bin/sleep");
	rec_ancestor(buf + len, 4990, 0, "containerd-shim",
		     "/usr/bin/containerd-shim-runc-v2");
	len += rec_size(buf + len);

	r = rec_exec(buf + len, 4);
	r->hdr.flags = 0;
	r->real_ns = T_EXEC + 2 * 1000000000ULL + 30 * 1000000000ULL;
	r->match_kind = EW_MATCH_ARGV;
	r->rule_id = 2001;
	r->pid = 4300;
	r->tid = 4300;
	r->ppid = 4242;
	r->ns_pid = 9;
	r->ns_ppid = 7;
	strcpy(r->comm, "nsenter");
	strcpy(r->caller_comm, "cdk");
	strcpy(r->rule, "nsenter-host");
	strcpy(r->pattern, "argv nsenter -t|--target=1");
	strcpy(r->matched, "nsenter -t 1 -m -u -i -n -p -- sh -c cat /etc/shadow");
	rec_str(buf + len, EW_F_PATH, "/usr/bin/nsenter");
	rec_str(buf + len, EW_F_FILENAME, "/usr/bin/nsenter");
	rec_argv(buf + len, nsenter_args, sizeof(nsenter_args), 12, 0);
	rec_str(buf + len, EW_F_CWD, "/");
	rec_str(buf + len, EW_F_CGROUP, DOCKER_CGROUP);
	rec_ancestor(buf + len, 4242, 7, "cdk", "/tmp/t/cdk");
	len += rec_size(buf + len);

	r = (void *)(buf + len);
	len += make_exec(buf + len, 5, "/tmp/t/cdk");
	memset(r->rule, 'X', sizeof(r->rule));

	r = rec_exec(buf + len, 6);
	r->hdr.flags = EW_EXEC_FAILED | EW_EXEC_EVIDENCE_TRUNCATED;
	r->severity = EW_SEV_MEDIUM;
	r->match_kind = EW_MATCH_FILELESS;
	r->rule_id = 3;
	r->file_size = 4096;
	r->hashed_size = 0;
	r->cap_effective = (1ULL << 41) - 1;
	r->seccomp_mode = 0;
	r->no_new_privs = 1;
	r->ns_host = 0;
	r->uid = r->gid = r->euid = r->egid = (uint32_t)-1;
	r->ns_uid = r->ns_euid = 0;
	r->ns_gid = r->ns_egid = 0;
	for (i = 0; i < 32; i++)
		r->sha256[i] = 0;
	strcpy(r->comm, "python3");
	strcpy(r->caller_comm, "python3");
	strcpy(r->rule, "fileless");
	strcpy(r->pattern, "");
	strcpy(r->matched, "/memfd:x (deleted)");
	rec_str(buf + len, EW_F_PATH, "/memfd:x (deleted)");
	rec_field(buf + len, EW_F_FILENAME, EW_FIELD_TRUNCATED,
		  "/proc/self/fd/3", 15);
	rec_field(buf + len, EW_F_CWD, EW_FIELD_UNREADABLE, NULL, 0);
	rec_str(buf + len, EW_F_CGROUP, "/user.slice/user-1000.slice/session-3.scope");
	rec_ancestor(buf + len, 900, 0, "python3", "/usr/bin/python3.11");
	len += rec_size(buf + len);
	return len;
}

#endif
