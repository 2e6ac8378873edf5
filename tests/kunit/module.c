// SPDX-License-Identifier: GPL-2.0
/*
 * escapewatch_kunit.ko: the KUnit suites, each compiled together with the
 * kmod/ file it tests.  The suites run when the module loads and print KTAP
 * to the kernel log.
 */
#include <linux/module.h>
#include <linux/percpu.h>

#include "../../kmod/ew.h"

/* What main.c owns in escapewatch.ko: the counters and the queue. */
DEFINE_PER_CPU(struct ew_counters, ew_counters);
struct ew_queue ew_queue;
/* What hook.c owns: the argv_max parameter. */
unsigned int ew_argv_max = 4096;

MODULE_DESCRIPTION("KUnit tests for escapewatch");
MODULE_LICENSE("GPL");
