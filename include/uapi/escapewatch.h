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
#define EW_ABI_VERSION	1

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

/* ew_exec_record.hdr.flags */
#define EW_EXEC_PATH_TRUNCATED	0x0001	/* @path is not the whole path */

#define EW_COMM_LEN	16
#define EW_RULE_LEN	32
#define EW_PATH_MAX	4096

/**
 * struct ew_exec_record - an exec in a container that matched a rule
 * @hdr: header, type EW_REC_EXEC
 * @boot_ns: CLOCK_BOOTTIME of the exec, in nanoseconds
 * @real_ns: CLOCK_REALTIME of the exec, in nanoseconds since the epoch
 * @pid: process id in the initial PID namespace (the host's view)
 * @tid: thread id in the initial PID namespace
 * @ppid: parent's process id in the initial PID namespace
 * @ns_pid: process id inside the task's own PID namespace
 * @uid: real uid in the initial user namespace
 * @ns_inum: namespace inode numbers, indexed by enum ew_ns_index; the
 *	same numbers as in ls -l /proc/PID/ns
 * @rule_id: identifier of the rule that matched
 * @path_len: length of @path in bytes, excluding its terminating NUL
 * @reserved: zero
 * @comm: the calling task's name before the exec, NUL-terminated
 * @rule: the rule's name, NUL-terminated
 * @path: the executed file's resolved path, NUL-terminated, then zero bytes
 *	up to @hdr.size
 */
struct ew_exec_record {
	struct ew_record_header hdr;
	__u64 boot_ns;
	__u64 real_ns;
	__u32 pid;
	__u32 tid;
	__u32 ppid;
	__u32 ns_pid;
	__u32 uid;
	__u32 ns_inum[EW_NS_COUNT];
	__u32 rule_id;
	__u16 path_len;
	__u16 reserved;
	char comm[EW_COMM_LEN];
	char rule[EW_RULE_LEN];
	char path[];
};

/* The largest record read(2) can return. */
#define EW_RECORD_MAX	(sizeof(struct ew_exec_record) + EW_PATH_MAX)

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
 * @probe_missed: execs the kernel could not hand to the module because
 *	all kretprobe instances were in use
 * @queue_len: records the queue holds at most
 * @queued: records the queue holds now
 */
struct ew_stats {
	__u64 execs_examined;
	__u64 events;
	__u64 overwritten;
	__u64 nomem;
	__u64 lost;
	__u64 probe_missed;
	__u32 queue_len;
	__u32 queued;
};

#define EW_IOC_MAGIC	0xE5
#define EW_IOC_VERSION	_IOR(EW_IOC_MAGIC, 1, struct ew_version)
#define EW_IOC_STATS	_IOR(EW_IOC_MAGIC, 2, struct ew_stats)

#endif /* _UAPI_ESCAPEWATCH_H */
