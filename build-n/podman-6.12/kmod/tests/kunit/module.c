// SPDX-License-Identifier: GPL-2.0
/*
 * escapewatch_kunit.ko: the KUnit suites, each compiled together with the
 * kmod/ file it tests.  The suites run when the module loads and print KTAP
 * to the kernel log.
 */
#include <linux/module.h>
#include <linux/percpu.h>

#include "../../kmod/ew.h"

/*
 * What counters.c owns in escapewatch.ko; the queue, ew_queue, comes with
 * queue.c (queue_test.c).
 */
DEFINE_PER_CPU(struct ew_counters, ew_counters);
/* What hook.c owns: the argv_max parameter. */
unsigned int ew_argv_max = 4096;

MODULE_DESCRIPTION("KUnit tests for escapewatch");
MODULE_LICENSE("GPL");
