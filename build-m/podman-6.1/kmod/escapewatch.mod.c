#include <linux/module.h>
#define INCLUDE_VERMAGIC
#include <linux/build-salt.h>
#include <linux/elfnote-lto.h>
#include <linux/export-internal.h>
#include <linux/vermagic.h>
#include <linux/compiler.h>

BUILD_SALT;
BUILD_LTO_INFO;

MODULE_INFO(vermagic, VERMAGIC_STRING);
MODULE_INFO(name, KBUILD_MODNAME);

__visible struct module __this_module
__section(".gnu.linkonce.this_module") = {
	.name = KBUILD_MODNAME,
	.init = init_module,
#ifdef CONFIG_MODULE_UNLOAD
	.exit = cleanup_module,
#endif
	.arch = MODULE_ARCH_INIT,
};

#ifdef CONFIG_RETPOLINE
MODULE_INFO(retpoline, "Y");
#endif


static const struct modversion_info ____versions[]
__used __section("__versions") = {
	{ 0x8c7fab83, "filp_open" },
	{ 0xd6f2e701, "anon_inode_getfile" },
	{ 0x88db9f48, "__check_object_size" },
	{ 0x47978cc, "misc_deregister" },
	{ 0x49cd25ed, "alloc_workqueue" },
	{ 0x91c14d8d, "param_ops_uint" },
	{ 0x13c49cc2, "_copy_from_user" },
	{ 0x8d522714, "__rcu_read_lock" },
	{ 0xb0e602eb, "memmove" },
	{ 0xc5b6f236, "queue_work_on" },
	{ 0x222e7ce2, "sysfs_streq" },
	{ 0x48d88a2c, "__SCT__preempt_schedule" },
	{ 0x1bd3fe49, "task_active_pid_ns" },
	{ 0x7a98f4b4, "copy_from_user_nofault" },
	{ 0x92540fbf, "finish_wait" },
	{ 0x102f89a9, "kernfs_path_from_node" },
	{ 0x53569707, "this_cpu_off" },
	{ 0x7d27d33f, "fget" },
	{ 0x83f36acb, "__register_binfmt" },
	{ 0x69acdf38, "memcpy" },
	{ 0x37a0cba, "kfree" },
	{ 0x8c26d495, "prepare_to_wait_event" },
	{ 0x9c4876c3, "init_pid_ns" },
	{ 0xe2964344, "__wake_up" },
	{ 0xa1bce3f0, "synchronize_srcu" },
	{ 0xbb709d16, "__module_get" },
	{ 0xd3d5d071, "file_ns_capable" },
	{ 0x34db050b, "_raw_spin_lock_irqsave" },
	{ 0xb19a5453, "__per_cpu_offset" },
	{ 0xba8fbd64, "_raw_spin_lock" },
	{ 0x418f3a08, "path_put" },
	{ 0xcbd4898c, "fortify_panic" },
	{ 0xbfd26053, "unregister_binfmt" },
	{ 0xbdfb6dbb, "__fentry__" },
	{ 0xe783e261, "sysfs_emit" },
	{ 0x816d3f44, "crypto_destroy_tfm" },
	{ 0x65487097, "__x86_indirect_thunk_rax" },
	{ 0x92997ed8, "_printk" },
	{ 0x8427cc7b, "_raw_spin_lock_irq" },
	{ 0x1d24c881, "___ratelimit" },
	{ 0x1000e51, "schedule" },
	{ 0xa19b956, "__stack_chk_fail" },
	{ 0xb2fcb56d, "queue_delayed_work_on" },
	{ 0x5009c71d, "glob_match" },
	{ 0xa916b694, "strnlen" },
	{ 0x9f984513, "strrchr" },
	{ 0x59bd07d3, "init_task" },
	{ 0xc6cbbc89, "capable" },
	{ 0x599fb41c, "kvmalloc_node" },
	{ 0x3ef022ec, "compat_ptr_ioctl" },
	{ 0x20f7ae4a, "__task_pid_nr_ns" },
	{ 0xfe487975, "init_wait_entry" },
	{ 0x68f31cbd, "__list_add_valid" },
	{ 0xa1194a8a, "fput" },
	{ 0x6091797f, "synchronize_rcu" },
	{ 0xa07a37f0, "memchr" },
	{ 0xbbbb18b0, "__srcu_read_lock" },
	{ 0x2469810f, "__rcu_read_unlock" },
	{ 0x8c03d20c, "destroy_workqueue" },
	{ 0x4dfa8d4b, "mutex_lock" },
	{ 0x4b750f53, "_raw_spin_unlock_irq" },
	{ 0x6152f6a0, "from_kgid" },
	{ 0x99d526d8, "crypto_shash_update" },
	{ 0x53a1e8d9, "_find_next_bit" },
	{ 0x449ad0a7, "memcmp" },
	{ 0x9ed12e20, "kmalloc_large" },
	{ 0x16f71312, "sysfs_create_group" },
	{ 0xe1537255, "__list_del_entry_valid" },
	{ 0xf3a57892, "release_dentry_name_snapshot" },
	{ 0xcefb0c9f, "__mutex_init" },
	{ 0x89940875, "mutex_lock_interruptible" },
	{ 0x68fb37ae, "current_task" },
	{ 0xd35cce70, "_raw_spin_unlock_irqrestore" },
	{ 0xa5b9a66f, "from_kuid" },
	{ 0x9e683f75, "__cpu_possible_mask" },
	{ 0xfb578fc5, "memset" },
	{ 0x4a093b8, "kern_path" },
	{ 0x844c8938, "misc_register" },
	{ 0x2989fe77, "kernel_read" },
	{ 0xfb67911d, "__get_task_comm" },
	{ 0x5b8239ca, "__x86_return_thunk" },
	{ 0x17de3d5, "nr_cpu_ids" },
	{ 0x6b10bee1, "_copy_to_user" },
	{ 0xd9a5ea54, "__init_waitqueue_head" },
	{ 0xe2d5255a, "strcmp" },
	{ 0xc9ec4e21, "free_percpu" },
	{ 0x2d39b0a7, "kstrdup" },
	{ 0x96e6f231, "sysfs_remove_group" },
	{ 0xdd64e639, "strscpy" },
	{ 0x1ac5d3cb, "strcspn" },
	{ 0x4629334c, "__preempt_count" },
	{ 0xc9684c79, "crypto_shash_final" },
	{ 0x3213f038, "mutex_unlock" },
	{ 0x9fa7184a, "cancel_delayed_work_sync" },
	{ 0xd45cc6ca, "bin2hex" },
	{ 0xe5b3abad, "param_ops_bool" },
	{ 0x4d3a5dfe, "init_user_ns" },
	{ 0x949f7342, "__alloc_percpu" },
	{ 0x6729d3df, "__get_user_4" },
	{ 0xcd5da58c, "take_dentry_name_snapshot" },
	{ 0xffeedf6a, "delayed_work_timer_fn" },
	{ 0x9f2486aa, "__srcu_read_unlock" },
	{ 0x28f68fed, "send_sig" },
	{ 0x606e9d01, "kmalloc_trace" },
	{ 0x754d539c, "strlen" },
	{ 0x7aa1756e, "kvfree" },
	{ 0x349cba85, "strchr" },
	{ 0x220eff9c, "crypto_alloc_shash" },
	{ 0xb5b54b34, "_raw_spin_unlock" },
	{ 0xc4f0da12, "ktime_get_with_offset" },
	{ 0xeb233a45, "__kmalloc" },
	{ 0xe2c17b5d, "__SCT__might_resched" },
	{ 0x7a7caba8, "kmalloc_caches" },
	{ 0x2d3385d3, "system_wq" },
	{ 0x7f68e338, "d_path" },
	{ 0x9060323f, "module_layout" },
};

MODULE_INFO(depends, "");


MODULE_INFO(srcversion, "16EF30A9BD91E1744F49355");
