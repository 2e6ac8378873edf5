// SPDX-License-Identifier: GPL-2.0
/*
 * The module's counters, read two ways: whole through EW_IOC_STATS
 * (device.c), and one value per file under /sys/module/escapewatch/stats/
 * for monitoring that reads sysfs.  The files are root's alone (0400),
 * like the device: how many execs containers make is the host's business.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/sysfs.h>

#include "ew.h"

#define EW_COUNTER(field) \
	ew_counter_sum(offsetof(struct ew_counters, field))

/**
 * ew_stats_fill() - the module-wide counters
 * @st: filled in whole; @st->lost, which belongs to an open file, is 0
 */
void ew_stats_fill(struct ew_stats *st)
{
	u64 head, tail;

	memset(st, 0, sizeof(*st));
	ew_queue_counts(&ew_queue, &head, &tail, &st->overwritten);
	st->events = head;
	st->queued = head - tail;
	st->queue_len = ew_queue.mask + 1;
	st->execs_examined = EW_COUNTER(examined);
	st->nomem = EW_COUNTER(nomem);
	st->argv_faults = EW_COUNTER(argv_faults);
	st->scans = EW_COUNTER(scans);
	st->scan_hits = EW_COUNTER(scan_hits);
	st->scan_errors = EW_COUNTER(scan_errors);
	st->exec_failed = EW_COUNTER(exec_failed);
	st->in_flight = ew_pending_waiting() + ew_scan_waiting();
	st->denied = EW_COUNTER(denied);
	st->killed = EW_COUNTER(killed);
	st->failed_open = EW_COUNTER(failed_open);
	st->failed_closed = EW_COUNTER(failed_closed);
	st->scripts = EW_COUNTER(scripts);
	st->scripts_skipped = EW_COUNTER(scripts_skipped);
	st->fail_closed = ew_fail_closed();
	st->mode = ew_mode_get();
	st->locked = ew_locked();
	ew_ruleset_counts(&st->rules_generation, &st->nrules);
}

/**
 * struct ew_stat_attr - one counter's file
 * @attr: the attribute: what sysfs calls under /sys/module/ is a module
 *	attribute (module_attr_show()), not a kobj_attribute
 * @off: the counter's offset in struct ew_stats
 * @size: its size, 4 or 8 bytes
 */
struct ew_stat_attr {
	struct module_attribute attr;
	size_t off;
	size_t size;
};

static ssize_t ew_stat_show(struct module_attribute *attr,
			    struct module_kobject *mk, char *buf)
{
	const struct ew_stat_attr *a =
		container_of(attr, struct ew_stat_attr, attr);
	const u8 *p;
	struct ew_stats st;

	ew_stats_fill(&st);
	p = (const u8 *)&st + a->off;
	if (a->size == sizeof(u32))
		return sysfs_emit(buf, "%u\n", *(const u32 *)p);
	return sysfs_emit(buf, "%llu\n", *(const u64 *)p);
}

/* A file named as the struct ew_stats field it shows, of @bytes. */
#define EW_STAT(field, bytes) \
	static struct ew_stat_attr ew_stat_##field = { \
		.attr = { .attr = { .name = #field, .mode = 0400 }, \
			  .show = ew_stat_show }, \
		.off = offsetof(struct ew_stats, field), \
		.size = (bytes), \
	}

/*
 * The names escapewatch status prints; mode, lock and fail_closed are
 * module parameters already.
 */
EW_STAT(execs_examined, 8);
EW_STAT(events, 8);
EW_STAT(overwritten, 8);
EW_STAT(nomem, 8);
EW_STAT(argv_faults, 8);
EW_STAT(scans, 8);
EW_STAT(scan_hits, 8);
EW_STAT(scan_errors, 8);
EW_STAT(rules_generation, 8);
EW_STAT(queue_len, 4);
EW_STAT(queued, 4);
EW_STAT(in_flight, 4);
EW_STAT(exec_failed, 8);
EW_STAT(denied, 8);
EW_STAT(killed, 8);
EW_STAT(failed_open, 8);
EW_STAT(failed_closed, 8);
EW_STAT(scripts, 8);
EW_STAT(scripts_skipped, 8);

/* "rules", as status names it, is the field nrules. */
static struct ew_stat_attr ew_stat_rules = {
	.attr = __ATTR(rules, 0400, ew_stat_show, NULL),
	.off = offsetof(struct ew_stats, nrules),
	.size = sizeof_field(struct ew_stats, nrules),
};

static struct attribute *ew_stat_attrs[] = {
	&ew_stat_execs_examined.attr.attr,
	&ew_stat_events.attr.attr,
	&ew_stat_overwritten.attr.attr,
	&ew_stat_nomem.attr.attr,
	&ew_stat_argv_faults.attr.attr,
	&ew_stat_scans.attr.attr,
	&ew_stat_scan_hits.attr.attr,
	&ew_stat_scan_errors.attr.attr,
	&ew_stat_rules_generation.attr.attr,
	&ew_stat_rules.attr.attr,
	&ew_stat_queue_len.attr.attr,
	&ew_stat_queued.attr.attr,
	&ew_stat_in_flight.attr.attr,
	&ew_stat_exec_failed.attr.attr,
	&ew_stat_denied.attr.attr,
	&ew_stat_killed.attr.attr,
	&ew_stat_failed_open.attr.attr,
	&ew_stat_failed_closed.attr.attr,
	&ew_stat_scripts.attr.attr,
	&ew_stat_scripts_skipped.attr.attr,
	NULL,
};

static const struct attribute_group ew_stat_group = {
	.name = "stats",
	.attrs = ew_stat_attrs,
};

/**
 * ew_stats_register() - add /sys/module/escapewatch/stats/
 *
 * Return: 0 or -errno.
 */
int ew_stats_register(void)
{
	BUILD_BUG_ON(sizeof_field(struct ew_stats, queue_len) != 4);
	BUILD_BUG_ON(sizeof_field(struct ew_stats, queued) != 4);
	BUILD_BUG_ON(sizeof_field(struct ew_stats, in_flight) != 4);
	return sysfs_create_group(&THIS_MODULE->mkobj.kobj, &ew_stat_group);
}

void ew_stats_unregister(void)
{
	sysfs_remove_group(&THIS_MODULE->mkobj.kobj, &ew_stat_group);
}
