// SPDX-License-Identifier: GPL-2.0
/*
 * The module's counters: one set per CPU, which every stage of an exec
 * bumps without a lock (this_cpu_inc()), summed when they are read
 * (stats.c).
 */
#include <linux/percpu.h>

#include "ew.h"

DEFINE_PER_CPU(struct ew_counters, ew_counters);

/**
 * ew_counter_sum() - sum one field of ew_counters over all CPUs
 * @offset: offsetof() the u64 field in struct ew_counters
 */
u64 ew_counter_sum(size_t offset)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += *(u64 *)((char *)per_cpu_ptr(&ew_counters, cpu) +
				offset);
	return sum;
}
