/* SPDX-License-Identifier: GPL-2.0 */
/*
 * escapewatch internals.  An exec enters in probe.c, is scoped and judged in
 * hook.c against rules.c, becomes a record in event.c, waits in queue.c and
 * leaves through device.c.
 */
#ifndef _EW_H
#define _EW_H

#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "../include/uapi/escapewatch.h"

struct linux_binprm;

/* hook.c: the body of the bprm_check_security hook */
int ew_bprm_check_security(struct linux_binprm *bprm);

/* probe.c: attach the hook to the exec path */
int ew_probe_attach(void);
void ew_probe_detach(void);
u64 ew_probe_missed(void);

/**
 * struct ew_rule - a built-in rule
 * @id: stable identifier reported in ew_exec_record.rule_id
 * @name: the rule's name, reported in ew_exec_record.rule
 * @file: the file name (basename) it matches exactly
 */
struct ew_rule {
	u32 id;
	const char *name;
	const char *file;
};

/* rules.c */
const struct ew_rule *ew_rules_match_name(const char *name, size_t len);

/* event.c */
struct ew_record_header *ew_event_exec(struct linux_binprm *bprm,
				       const struct ew_rule *rule);

/**
 * struct ew_queue - bounded queue of records with per-reader positions
 * @lock: protects every field below
 * @wait: readers waiting for @head to move
 * @slot: @mask + 1 record pointers; NULL marks a record that could not be
 *	allocated but still took its sequence number
 * @mask: number of slots minus one (a power of two minus one)
 * @head: sequence number the next record gets
 * @tail: sequence number of the oldest record kept
 * @overwritten: records dropped to make room
 */
struct ew_queue {
	spinlock_t lock; /* protects every field below */
	wait_queue_head_t wait;
	struct ew_record_header **slot;
	u32 mask;
	u64 head;
	u64 tail;
	u64 overwritten;
};

/* queue.c */
int ew_queue_init(struct ew_queue *q, u32 len);
void ew_queue_destroy(struct ew_queue *q);
void ew_queue_push(struct ew_queue *q, struct ew_record_header *rec);
int ew_queue_fetch(struct ew_queue *q, u64 *pos, void *buf, size_t size);
bool ew_queue_pending(struct ew_queue *q, u64 pos);
void ew_queue_counts(struct ew_queue *q, u64 *head, u64 *tail,
		     u64 *overwritten);

/* device.c */
int ew_device_register(void);
void ew_device_unregister(void);

/**
 * struct ew_counters - per-CPU counters, summed on demand
 * @examined: execs by tasks outside the initial namespaces
 * @nomem: records that could not be allocated
 */
struct ew_counters {
	u64 examined;
	u64 nomem;
};

/* main.c: the module's single instance */
extern struct ew_queue ew_queue;
DECLARE_PER_CPU(struct ew_counters, ew_counters);
u64 ew_counter_sum(size_t offset);

#endif /* _EW_H */
