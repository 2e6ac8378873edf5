/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * escapewatch ABI: the records read from /dev/escapewatch and its ioctls.
 *
 * Shared by escapewatch.ko and the escapewatch reader.  Every structure has
 * fixed-width fields in an order that leaves no implicit padding, and no
 * field ever holds a kernel address.  Any change to a structure, a record
 * type or an ioctl bumps EW_ABI_VERSION; the reader refuses a module whose
 * version differs from its own.
 *
 * Reading: read(2) returns one or more whole records, each starting with a
 * struct ew_record_header.  A buffer too small for the next record fails
 * with EINVAL and consumes nothing; EW_RECORD_MAX bytes always suffice.
 * Every record carries the next sequence number; a reader that falls behind
 * the bounded queue receives an EW_REC_LOST record that says how many
 * sequence numbers it missed, then continues with the oldest record kept.
 * Each open file description reads at its own position: several readers
 * each see every record (as with /dev/kmsg), and one slow reader costs the
 * others nothing.  A new reader starts at sequence number 0, so every event
 * since the module loaded reaches it either as a record or inside an
 * EW_REC_LOST count; lseek(fd, 0, SEEK_END) skips to records queued from
 * then on, lseek(fd, 0, SEEK_SET) goes back to 0.
 *
 * The queue never blocks or slows an exec: when it is full, the oldest
 * record is dropped to make room.
 */
#ifndef _UAPI_ESCAPEWATCH_H
#define _UAPI_ESCAPEWATCH_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define EW_DEVICE_NAME	"escapewatch"
#define EW_ABI_VERSION	5

/**
 * enum ew_record_type - what follows a struct ew_record_header
 * @EW_REC_EXEC: struct ew_exec_record, an exec that matched a rule
 * @EW_REC_LOST: struct ew_lost_record, sequence numbers this reader missed
 */
enum ew_record_type {
	EW_REC_EXEC = 1,
	EW_REC_LOST = 2,
};

/**
 * struct ew_record_header - start of every record
 * @size: size of the whole record in bytes, a multiple of 8
 * @type: an enum ew_record_type value
 * @flags: type-specific flags
 * @seq: sequence number; for EW_REC_LOST, the first one missed
 */
struct ew_record_header {
	__u32 size;
	__u16 type;
	__u16 flags;
	__u64 seq;
};

/* ew_lost_record.hdr.flags: why the records are missing */
#define EW_LOST_OVERRUN	0x0001	/* the reader fell behind the queue */
#define EW_LOST_NOMEM	0x0002	/* the module could not allocate them */

/**
 * struct ew_lost_record - a gap in the sequence seen by this reader
 * @hdr: header; @hdr.seq is the first sequence number missed
 * @count: how many consecutive sequence numbers were missed; the next
 *	record this reader gets has sequence number @hdr.seq + @count
 */
struct ew_lost_record {
	struct ew_record_header hdr;
	__u64 count;
};

/**
 * enum ew_ns_index - namespaces reported in ew_exec_record.ns_inum
 */
enum ew_ns_index {
	EW_NS_PID,
	EW_NS_MNT,
	EW_NS_NET,
	EW_NS_USER,
	EW_NS_UTS,
	EW_NS_IPC,
	EW_NS_CGROUP,
	EW_NS_COUNT
};

/*
 * ew_exec_record.hdr.flags.  EW_EXEC_FAILED: the exec was checked but not
 * seen to complete: it failed (ENOEXEC, ENOMEM, a signal), or it was still
 * in progress after 10 s or behind 64 others in progress.  Such a record has
 * no EW_F_ARGV and its credentials are the caller's.
 */
#define EW_EXEC_FAILED	0x0001	/* not seen to complete (see above) */
#define EW_EXEC_HASHED	0x0002	/* @sha256 and @hashed_size are set */
#define EW_EXEC_PARTIAL	0x0004	/* the file is longer than @hashed_size */
#define EW_EXEC_EVIDENCE_TRUNCATED 0x0008 /* @pattern or @matched was cut */
/*
 * EW_EXEC_SCRIPT: the exec is of an interpreter (EW_F_INTERP) that was
 * given a script to run on its command line (sh x.sh) or, with
 * EW_EXEC_STDIN, as its standard input (sh < x.sh); EW_F_PATH,
 * EW_F_FILENAME (the operand as written), @file_size and the hash are the
 * script's, and the rule matched the script's hash or content.
 * EW_EXEC_COMMAND: the rule's content string is in program text given on
 * the command line (sh -c TEXT, python3 -c TEXT, perl -e TEXT); the file
 * fields are the interpreter's.
 */
#define EW_EXEC_SCRIPT	0x0010
#define EW_EXEC_STDIN	0x0020
#define EW_EXEC_COMMAND	0x0040

#define EW_COMM_LEN	16
#define EW_RULE_LEN	32
#define EW_EVIDENCE_LEN	128
#define EW_PATH_MAX	4096	/* bytes of a path field, at most */
#define EW_ARGV_MAX	65536	/* bytes of the argv field, at most */
#define EW_ANCESTORS_MAX 8
#define EW_ANCESTOR_PATH_MAX 512 /* bytes of an ancestor's path, at most */

/**
 * enum ew_severity - a rule's severity, as in Security Command Center
 */
enum ew_severity {
	EW_SEV_LOW = 1,
	EW_SEV_MEDIUM = 2,
	EW_SEV_HIGH = 3,
	EW_SEV_CRITICAL = 4,
};

/**
 * enum ew_action - what is done to an exec that matches a rule
 * @EW_ACT_REPORT: report it; the only action in audit mode
 * @EW_ACT_DENY: in enforce mode, fail the execve with EACCES when the
 *	rule matched before the exec (name, path, fileless, a hash or
 *	content: a file not read yet is read before the exec goes on); when
 *	it can only match after (argv), kill the process as EW_ACT_KILL does
 * @EW_ACT_KILL: in enforce mode, let the exec happen and kill the process
 *	with SIGKILL before the new program runs its first instruction
 */
enum ew_action {
	EW_ACT_REPORT = 0,
	EW_ACT_DENY = 1,
	EW_ACT_KILL = 2,
};

/**
 * enum ew_match_kind - what a matcher of a rule looks at
 * @EW_MATCH_NAME: shell glob on the executed file's name: the last
 *	component of the path as requested, or of the file it resolved to
 * @EW_MATCH_PATH: shell glob on the resolved path of the executed file
 * @EW_MATCH_FILELESS: the executed file has no path on a filesystem (a
 *	memfd, a deleted file); takes no pattern
 * @EW_MATCH_ARGV: a command line: the program's name (the executed file's,
 *	or the last component of argv[0]) matches the pattern and every one
 *	of the matcher's struct ew_argcond holds
 * @EW_MATCH_SHA256: the SHA-256 of the executed file (of its first
 *	scan_max bytes) is the pattern, 64 lowercase hex digits
 * @EW_MATCH_CONTENT: the executed file contains the pattern's bytes (in
 *	its first scan_max bytes)
 */
enum ew_match_kind {
	EW_MATCH_NAME = 1,
	EW_MATCH_PATH = 2,
	EW_MATCH_FILELESS = 3,
	EW_MATCH_ARGV = 4,
	EW_MATCH_SHA256 = 5,
	EW_MATCH_CONTENT = 6,
};

/**
 * enum ew_argcond_kind - a condition on a command line's arguments
 * @EW_ARG_FLAG: one of the options in @names is given
 * @EW_ARG_VALUE: one of the options in @names is given with a value that
 *	matches @value; these options take a value (-t 1, -t1, --target 1,
 *	--target=1, and -mt1 in a cluster)
 * @EW_ARG_POSITIONAL: the @pos'th argument that is not an option matches
 *	@value
 * @EW_ARG_ANY: any argument after argv[0] matches @value as a whole
 */
enum ew_argcond_kind {
	EW_ARG_FLAG = 1,
	EW_ARG_VALUE = 2,
	EW_ARG_POSITIONAL = 3,
	EW_ARG_ANY = 4,
};

/**
 * enum ew_field_type - the variable-length parts of an ew_exec_record
 * @EW_F_PATH: resolved path of the file the exec asked for: the program,
 *	or for a script the script
 * @EW_F_FILENAME: the path as the caller passed it to execve
 * @EW_F_INTERP: resolved path of the interpreter that runs @EW_F_PATH
 *	(a #! script or binfmt_misc); absent when the file runs itself
 * @EW_F_ARGV: the new program's arguments, each followed by a NUL; absent
 *	when the exec failed
 * @EW_F_CWD: working directory of the process
 * @EW_F_CGROUP: the process's cgroup as the host sees it: on the cgroup
 *	v2 hierarchy, else on the first v1 hierarchy (cpu, memory, pids)
 *	where it is not in the root
 * @EW_F_ANCESTOR: one ancestor: a struct ew_ancestor, then its
 *	executable's resolved path (empty for a kernel thread); the parent
 *	comes first, then its parent, up to EW_ANCESTORS_MAX or PID 1.  A
 *	path that does not fit is cut at its end and flagged truncated.
 */
enum ew_field_type {
	EW_F_PATH = 1,
	EW_F_FILENAME = 2,
	EW_F_INTERP = 3,
	EW_F_ARGV = 4,
	EW_F_CWD = 5,
	EW_F_CGROUP = 6,
	EW_F_ANCESTOR = 7,
};

/*
 * ew_field.flags.  EW_FIELD_UNREADABLE: the value could not be read and is
 * empty; an ancestor's value is then its struct ew_ancestor alone.
 */
#define EW_FIELD_TRUNCATED	0x0001	/* the value was cut at its bound */
#define EW_FIELD_UNREADABLE	0x0002	/* could not be read (see above) */

/**
 * struct ew_field - header of a variable-length part of a record
 * @type: an enum ew_field_type value; a reader skips types it does not
 *	know
 * @flags: EW_FIELD_* flags
 * @len: bytes of value that follow; a string is not NUL-terminated.  The
 *	value is followed by zero bytes up to a multiple of 8.
 *
 * Paths are at most EW_PATH_MAX bytes (an ancestor's EW_ANCESTOR_PATH_MAX),
 * the arguments at most the module's argv_max (up to EW_ARGV_MAX); a value
 * cut at its bound has EW_FIELD_TRUNCATED.
 */
struct ew_field {
	__u16 type;
	__u16 flags;
	__u32 len;
};

/**
 * struct ew_ancestor - the fixed start of an EW_F_ANCESTOR value
 * @pid: process id in the initial PID namespace
 * @ns_pid: process id in the exec's PID namespace, 0 when outside it
 * @comm: the ancestor's name, NUL-terminated
 */
struct ew_ancestor {
	__u32 pid;
	__u32 ns_pid;
	char comm[EW_COMM_LEN];
};

/**
 * struct ew_exec_record - an exec in a container that matched a rule
 * @hdr: header, type EW_REC_EXEC, flags EW_EXEC_*
 * @boot_ns: CLOCK_BOOTTIME of the exec, in nanoseconds
 * @real_ns: CLOCK_REALTIME of the exec, in nanoseconds since the epoch
 * @rules_generation: generation of the rule set that matched (1 for the
 *	built-in rules loaded with the module, then one more per load)
 * @cap_effective: effective capabilities, bit n for capability n
 * @file_size: size in bytes of the file of EW_F_PATH
 * @hashed_size: with EW_EXEC_HASHED, bytes of that file hashed
 * @sha256: with EW_EXEC_HASHED, SHA-256 of its first @hashed_size bytes
 * @pid: process id in the initial PID namespace (the host's view)
 * @tid: thread id in the initial PID namespace
 * @ppid: parent's process id in the initial PID namespace
 * @ns_pid: process id in the process's own PID namespace
 * @ns_ppid: parent's process id there, 0 when the parent is outside it
 * @uid: real uid in the initial user namespace; -1 when unmapped, as are
 *	all ids below
 * @gid: real gid in the initial user namespace
 * @euid: effective uid in the initial user namespace
 * @egid: effective gid in the initial user namespace
 * @loginuid: audit login uid, -1 when unset
 * @ns_uid: real uid in the process's user namespace
 * @ns_gid: real gid in the process's user namespace
 * @ns_euid: effective uid in the process's user namespace
 * @ns_egid: effective gid in the process's user namespace
 * @ns_inum: namespace inode numbers, indexed by enum ew_ns_index; the
 *	same numbers as in ls -l /proc/PID/ns
 * @ns_host: bit n set when namespace n is the host's (the initial one)
 * @rule_id: identifier of the rule that matched
 * @argc: number of arguments; 0 when the exec failed
 * @severity: the rule's enum ew_severity
 * @match_kind: the enum ew_match_kind of the matcher that matched
 * @seccomp_mode: 0 none, 1 strict, 2 filter
 * @no_new_privs: 1 when set
 * @action: the enum ew_action taken: EW_ACT_REPORT when the exec was only
 *	reported (audit mode, a rule that only reports, or a verdict that
 *	came too late to act on)
 * @rule_action: the enum ew_action the rule asks for
 * @reserved: zero
 * @comm: the process's name after the exec (before it, when it failed)
 * @caller_comm: the process's name before the exec
 * @rule: the rule's name, NUL-terminated
 * @pattern: the matcher as written, NUL-terminated (empty for fileless)
 * @matched: what the pattern matched (a name, a path or the command
 *	line), NUL-terminated
 * @fields: struct ew_field parts up to @hdr.size, each type at most once
 *	except EW_F_ANCESTOR
 *
 * The credentials, capabilities and names are those after the exec: a
 * set-user-ID program's record shows the identity it runs with.
 */
struct ew_exec_record {
	struct ew_record_header hdr;
	__u64 boot_ns;
	__u64 real_ns;
	__u64 rules_generation;
	__u64 cap_effective;
	__u64 file_size;
	__u64 hashed_size;
	__u8 sha256[32];
	__u32 pid;
	__u32 tid;
	__u32 ppid;
	__u32 ns_pid;
	__u32 ns_ppid;
	__u32 uid;
	__u32 gid;
	__u32 euid;
	__u32 egid;
	__u32 loginuid;
	__u32 ns_uid;
	__u32 ns_gid;
	__u32 ns_euid;
	__u32 ns_egid;
	__u32 ns_inum[EW_NS_COUNT];
	__u32 ns_host;
	__u32 rule_id;
	__u32 argc;
	__u8 severity;
	__u8 match_kind;
	__u8 seccomp_mode;
	__u8 no_new_privs;
	__u8 action;
	__u8 rule_action;
	__u16 reserved;
	char comm[EW_COMM_LEN];
	char caller_comm[EW_COMM_LEN];
	char rule[EW_RULE_LEN];
	char pattern[EW_EVIDENCE_LEN];
	char matched[EW_EVIDENCE_LEN];
	__u8 fields[];
};

/* The largest record read(2) can return: EW_RECORD_MAX bytes suffice. */
#define EW_RECORD_MAX	(1U << 17)

/**
 * struct ew_version - answer of EW_IOC_VERSION
 * @abi_version: EW_ABI_VERSION of the module
 * @record_max: the largest record the module emits, in bytes
 */
struct ew_version {
	__u32 abi_version;
	__u32 record_max;
};

/**
 * struct ew_stats - answer of EW_IOC_STATS; counters since module load
 * @execs_examined: execs by tasks outside the initial namespaces
 * @events: records queued, including those later overwritten
 * @overwritten: records dropped from the full queue to make room; a
 *	reader that had already read them lost nothing
 * @nomem: events lost because memory could not be allocated; each one
 *	still takes a sequence number and reaches readers as EW_LOST_NOMEM
 * @lost: sequence numbers this open file missed (EW_REC_LOST records
 *	delivered to it)
 * @probe_missed: always 0; execs a kretprobe missed, before the module
 *	attached as a binary format handler, which misses none
 * @rules_generation: generation of the rules in force
 * @argv_faults: command lines argv rules could not look at because they
 *	could not be read without faulting
 * @scans: files read to hash them and look for content strings
 * @scan_hits: execs whose file's hash and content were already known
 * @scan_errors: files that could not be read, or scans that could not be
 *	queued (no memory); those execs were judged without hash or content
 * @queue_len: records the queue holds at most
 * @queued: records the queue holds now
 * @nrules: number of rules in force
 * @in_flight: records begun and not queued yet: waiting for their exec
 *	to complete or for the scanner
 * @exec_failed: records queued with EW_EXEC_FAILED
 * @denied: execs failed with EACCES (enforce mode)
 * @killed: processes killed before their new program ran (enforce mode)
 * @mode: enum ew_mode in force
 * @locked: 1 when the module was loaded with lock=1: mode and rules cannot
 *	change and the module cannot be unloaded until reboot
 * @failed_open: execs in enforce mode that a rule which denies or kills
 *	could have matched, but that the module could not judge because of
 *	an error of its own (no memory for the record, a command line or
 *	file it could not read), and let run (the default)
 * @failed_closed: the same, denied or killed instead (fail_closed=1);
 *	also counted in @denied or @killed
 * @fail_closed: 1 when the module was loaded with fail_closed=1
 * @reserved: zero
 * @scripts: scripts given to an interpreter in a container that were
 *	judged: script files, standard input, program text (sh -c TEXT)
 * @scripts_skipped: script operands not judged: a name that does not
 *	resolve or is longer than PATH_MAX, a directory, a FIFO, a device,
 *	a file the process may not read
 */
struct ew_stats {
	__u64 execs_examined;
	__u64 events;
	__u64 overwritten;
	__u64 nomem;
	__u64 lost;
	__u64 probe_missed;
	__u64 rules_generation;
	__u64 argv_faults;
	__u64 scans;
	__u64 scan_hits;
	__u64 scan_errors;
	__u32 queue_len;
	__u32 queued;
	__u32 nrules;
	__u32 in_flight;
	__u64 exec_failed;
	__u64 denied;
	__u64 killed;
	__u32 mode;
	__u32 locked;
	__u64 failed_open;
	__u64 failed_closed;
	__u32 fail_closed;
	__u32 reserved;
	__u64 scripts;
	__u64 scripts_skipped;
};

/**
 * enum ew_mode - whether rule actions are applied
 * @EW_MODE_AUDIT: report only, whatever the rules' actions (the default)
 * @EW_MODE_ENFORCE: apply the rules' actions (enum ew_action)
 */
enum ew_mode {
	EW_MODE_AUDIT = 0,
	EW_MODE_ENFORCE = 1,
};

/*
 * Rules blob, loaded with EW_IOC_RULES_LOAD and read back with
 * EW_IOC_RULES_GET.  Little-endian, laid out as
 *
 *	struct ew_rules_header
 *	struct ew_rule_desc	rules[nrules]
 *	struct ew_matcher	matchers[nmatchers]
 *	struct ew_argcond	conds[nconds]
 *	struct ew_interp	interps[ninterps]
 *	the content automaton	(struct ew_rules_content; none when
 *				 nstates is 0)
 *	char			strings[strings_size]
 *
 * A string is an offset into strings[] where a NUL-terminated string of at
 * most EW_RULES_STR_MAX bytes starts; strings[0] must be NUL, so offset 0
 * is the empty string.  A rule matches an exec when any one of its
 * matchers does; rules are tried in order and the first match is reported.
 * The module checks every count, offset, length, string and kind, refuses
 * a malformed blob with EINVAL (E2BIG when over EW_RULES_SIZE_MAX) and
 * keeps the rules it had.
 */
#define EW_RULES_MAGIC		0x42525745	/* "EWRB" */
#define EW_RULES_VERSION	5
/*
 * Room for EW_RULES_MAX rules of about 400 bytes each (a rule and a
 * matcher take 40, the rest is strings): 10,000 hash rules with their
 * 64-digit pattern and text take about 2.7 MB; beside them, EW_CONTENT_MAX
 * content rules with their automaton at EW_CONTENT_STATES_MAX states
 * (3.25 MiB, see struct ew_rules_content) fit in 8 MiB.
 */
#define EW_RULES_SIZE_MAX	(8U << 20)
#define EW_RULES_MAX		10000
#define EW_MATCHERS_MAX		65536
#define EW_ARGCONDS_MAX		16	/* per matcher */
#define EW_CONTENT_MAX		4096	/* content matchers in a blob */
/* States of the content automaton: 4096 strings of 64 bytes, none shared */
#define EW_CONTENT_STATES_MAX	(1U << 18)
#define EW_CONTENT_NONE		0xffffffffU	/* no matcher, in out[] */
#define EW_RULES_STR_MAX	1024
#define EW_INTERPS_MAX		64	/* interpreters in a blob */
#define EW_INTERP_NAME_MAX	64	/* bytes of an interpreter's name glob */

/**
 * struct ew_rules_header - start of a rules blob
 * @magic: EW_RULES_MAGIC
 * @version: EW_RULES_VERSION
 * @size: size of the whole blob in bytes
 * @nrules: number of struct ew_rule_desc, 1 to EW_RULES_MAX
 * @nmatchers: number of struct ew_matcher, up to EW_MATCHERS_MAX
 * @nconds: number of struct ew_argcond, up to EW_MATCHERS_MAX
 * @strings_size: size of the string table in bytes, at least 1
 * @ninterps: number of struct ew_interp, up to EW_INTERPS_MAX
 * @nstates: states of the content automaton, up to EW_CONTENT_STATES_MAX;
 *	0 when no matcher is EW_MATCH_CONTENT (there is no automaton)
 * @reserved: zero
 */
struct ew_rules_header {
	__u32 magic;
	__u32 version;
	__u32 size;
	__u32 nrules;
	__u32 nmatchers;
	__u32 nconds;
	__u32 strings_size;
	__u32 ninterps;
	__u32 nstates;
	__u32 reserved;
};

/**
 * struct ew_rule_desc - one rule
 * @id: identifier, reported in ew_exec_record.rule_id; unique in a blob
 * @name: string, non-empty, shorter than EW_RULE_LEN
 * @description: string
 * @technique: string, a MITRE ATT&CK technique such as T1611
 * @first_matcher: index of the rule's first matcher
 * @nmatchers: number of consecutive matchers, at least 1
 * @severity: enum ew_severity
 * @action: enum ew_action, what enforce mode does to a matching exec
 */
struct ew_rule_desc {
	__u32 id;
	__u32 name;
	__u32 description;
	__u32 technique;
	__u32 first_matcher;
	__u16 nmatchers;
	__u8 severity;
	__u8 action;
};

/**
 * struct ew_matcher - one way a rule can match
 * @kind: enum ew_match_kind
 * @nconds: for EW_MATCH_ARGV, its number of conditions (up to
 *	EW_ARGCONDS_MAX); zero for the other kinds
 * @pattern: string; a non-empty glob for EW_MATCH_NAME, EW_MATCH_PATH and
 *	EW_MATCH_ARGV, empty for EW_MATCH_FILELESS
 * @first_cond: index of the first of @nconds consecutive conditions
 * @text: string, the matcher as written (reported as the evidence's
 *	pattern)
 */
struct ew_matcher {
	__u16 kind;
	__u16 nconds;
	__u32 pattern;
	__u32 first_cond;
	__u32 text;
};

/**
 * struct ew_argcond - a condition of an EW_MATCH_ARGV matcher
 * @kind: enum ew_argcond_kind
 * @pos: for EW_ARG_POSITIONAL, which argument, from 1; zero otherwise
 * @names: for EW_ARG_FLAG and EW_ARG_VALUE, the options as a string such
 *	as "-t|--target"; empty otherwise
 * @value: a glob; empty for EW_ARG_FLAG
 */
struct ew_argcond {
	__u16 kind;
	__u16 pos;
	__u32 names;
	__u32 value;
};

/**
 * struct ew_interp - programs that run a script named on their command line
 * @names: string, the programs' names as globs separated by '|'
 *	("sh|bash|busybox", "python*"), each shorter than
 *	EW_INTERP_NAME_MAX, matched like an argv matcher's program: the
 *	executed file's name or argv[0]'s last component
 * @options: string, the options that take a value, separated by '|'
 *	("-o|+o|-O|+O"): "-x" or "+x" for one short option, "--" and a long
 *	name; the value is the rest of the argument or the next one.  Empty
 *	when none do.
 * @command: string, options whose program is given as text: in the
 *	option's value when it takes one (python3 -c TEXT), otherwise in the
 *	first operand (sh -c TEXT); there is no script file
 * @noscript: string, options after which there is no script file
 *	(python3 -m MODULE)
 * @from_stdin: string, options after which the program is read from standard
 *	input and operands are its arguments (sh -s)
 * @multicall: string, names among @names of programs that run the applet
 *	argv[0] names, or argv[1] when argv[0] is the program itself
 *	(busybox sh x.sh); the applet must be one of @names too
 *
 * The script is the first operand: the first argument after argv[0] that
 * is neither an option nor an option's value, where "--" ends the options
 * and "-" alone is standard input.  With no operand, no @command,
 * @noscript or @from_stdin option, and standard input a regular file, the
 * script is standard input.
 */
struct ew_interp {
	__u32 names;
	__u32 options;
	__u32 command;
	__u32 noscript;
	__u32 from_stdin;
	__u32 multicall;
};

/**
 * struct ew_rules_content - the content automaton, all content strings in one
 *
 * Not a C structure (its arrays are as long as @nstates says) but the layout
 * of the section between the interpreters and the string table, when the
 * header's nstates, n here, is not 0:
 *
 *	__u32 child[n + 1]
 *	__u32 fail[n]
 *	__u32 out[n]
 *	__u8  label[n], then zero bytes up to a multiple of 4
 *
 * An Aho-Corasick automaton over the pattern of every EW_MATCH_CONTENT
 * matcher.  State 0 is the root (the empty string); every other state s is
 * the string of its parent's plus the byte label[s].  States are numbered
 * breadth first and each state's children are consecutive, ordered by
 * strictly increasing label: the children of s are child[s] up to
 * child[s + 1] - 1, so child[0] = 1, child[] never decreases, child[n] = n,
 * a state has at most 256 children, and every state s > 0 is numbered
 * below child[s] (it is a child of an earlier state).  label[0] is 0.
 *
 * fail[s] is the state of the longest proper suffix of s's string that is
 * a state; fail[0] = 0, and breadth-first numbering puts fail[s] < s for
 * every s > 0, so failure links cannot form a cycle.
 *
 * out[s] is the lowest index of a content matcher whose pattern is a
 * suffix of s's string (s's own string included), or EW_CONTENT_NONE:
 * the walk takes out[] of every state it reaches and keeps the lowest,
 * which is the first content matcher, in rule order, that the file holds.
 *
 * Bytes: 13 per state plus 4 and padding, at most 3.25 MiB at
 * EW_CONTENT_STATES_MAX; about 16 per byte of distinct content string
 * (4096 strings of 16 bytes with no common start: 65,537 states, 852 KB).
 *
 * The module checks all of it before use: the numbering and child ranges,
 * every failure link against the one the strings give, every out[]
 * against the matchers, and that each content matcher's pattern leads
 * from the root to a state whose out[] is that matcher or a lower one.
 */

/**
 * struct ew_rules_io - argument of EW_IOC_RULES_LOAD and EW_IOC_RULES_GET
 * @data: user address of the blob (load) or of a buffer for it (get)
 * @size: bytes at @data; for get, set to the blob's size on return (when
 *	the buffer is too small the call fails with ENOSPC and only sets it)
 * @reserved: zero
 * @generation: on return, the generation of the rules now in force
 */
struct ew_rules_io {
	__u64 data;
	__u32 size;
	__u32 reserved;
	__u64 generation;
};

#define EW_IOC_MAGIC	0xE5
#define EW_IOC_VERSION	_IOR(EW_IOC_MAGIC, 1, struct ew_version)
#define EW_IOC_STATS	_IOR(EW_IOC_MAGIC, 2, struct ew_stats)
#define EW_IOC_RULES_LOAD	_IOWR(EW_IOC_MAGIC, 3, struct ew_rules_io)
#define EW_IOC_RULES_GET	_IOWR(EW_IOC_MAGIC, 4, struct ew_rules_io)
/* Set the enum ew_mode; CAP_SYS_ADMIN of the opener, EPERM when locked. */
#define EW_IOC_SET_MODE	_IOW(EW_IOC_MAGIC, 5, __u32)

#endif /* _UAPI_ESCAPEWATCH_H */
