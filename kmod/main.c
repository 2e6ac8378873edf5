// SPDX-License-Identifier: GPL-2.0
/*
 * escapewatch: report execs of container-escape tools inside containers.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "ew.h"

static unsigned int queue_len = 4096;
module_param(queue_len, uint, 0444);
MODULE_PARM_DESC(queue_len,
		 "records kept for readers, rounded up to a power of two (default 4096)");

static int __init ew_init(void)
{
	int ret;

	BUILD_BUG_ON(sizeof(struct ew_record_header) != 16);
	BUILD_BUG_ON(sizeof(struct ew_lost_record) != 24);
	BUILD_BUG_ON(sizeof(struct ew_exec_record) != 520);
	BUILD_BUG_ON(sizeof(struct ew_field) != 8);
	BUILD_BUG_ON(sizeof(struct ew_ancestor) != 24);
	BUILD_BUG_ON(sizeof(struct ew_stats) != 176);
	BUILD_BUG_ON(sizeof(struct ew_rules_header) != 40);
	BUILD_BUG_ON(sizeof(struct ew_rule_desc) != 24);
	BUILD_BUG_ON(sizeof(struct ew_matcher) != 16);
	BUILD_BUG_ON(sizeof(struct ew_argcond) != 12);
	BUILD_BUG_ON(sizeof(struct ew_interp) != 24);
	BUILD_BUG_ON(sizeof(struct ew_rules_io) != 24);

	ret = ew_ruleset_init();
	if (ret)
		return ret;
	ret = ew_hook_init();
	if (ret)
		goto err_rules;
	ret = ew_event_init(ew_argv_max);
	if (ret)
		goto err_hook;
	ret = ew_queue_init(&ew_queue, queue_len);
	if (ret)
		goto err_event;
	ret = ew_scan_init();
	if (ret)
		goto err_queue;
	ret = ew_device_register();
	if (ret)
		goto err_scan;
	ret = ew_stats_register();
	if (ret)
		goto err_device;
	ret = ew_recgen_init();		/* test builds only: ew.h */
	if (ret)
		goto err_stats;
	ew_enforce_init();
	ew_attach();
	pr_info("watching execs in containers (ABI %d, queue %u)\n",
		EW_ABI_VERSION, ew_queue.mask + 1);
	return 0;

err_stats:
	ew_stats_unregister();
err_device:
	ew_device_unregister();
err_scan:
	ew_scan_exit();
err_queue:
	ew_queue_destroy(&ew_queue);
err_event:
	ew_event_exit();
err_hook:
	ew_hook_exit();
err_rules:
	ew_ruleset_exit();
	return ret;
}

static void __exit ew_exit(void)
{
	ew_detach();
	ew_recgen_exit();
	ew_pending_exit();	/* records of execs in progress go on */
	ew_scan_exit();		/* its last scans still push records */
	ew_stats_unregister();
	ew_device_unregister();
	ew_queue_destroy(&ew_queue);
	ew_event_exit();
	ew_hook_exit();
	ew_ruleset_exit();
	pr_info("unloaded\n");
}

module_init(ew_init);
module_exit(ew_exit);

MODULE_DESCRIPTION("Container escape detector on bprm_check_security");
MODULE_VERSION("0.1.0");
MODULE_LICENSE("GPL");
