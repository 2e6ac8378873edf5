// SPDX-License-Identifier: GPL-2.0
/*
 * escapewatch_bench.ko: make bench's measure of the hook itself, test-only
 * (tests/bench/run.sh builds it; escapewatch.ko never contains it).
 *
 * Loaded with attach=1, it inserts a binary format handler that does
 * nothing but return -ENOEXEC, the way escapewatch.ko attaches
 * (kmod/attach.c): an exec then pays only for the attach, not for a check.
 *
 * Loaded beside escapewatch.ko, a write of "COUNT PATH" to
 * /sys/kernel/debug/escapewatch_bench calls, COUNT (at most 10^7) times
 * each, over one synthetic linux_binprm for the file at PATH:
 *   - the empty handler above;
 *   - for a writer on the host, escapewatch's handler (ew_load_binary,
 *     whose host path is the whole check); for a writer that escapewatch
 *     examines (a container), its check, ew_bprm_check_security();
 * each the way search_binary_handler() calls a handler: a reference to a
 * module taken and dropped around an indirect call.  Reading the file
 * gives "empty PS", "hook PS" and "examined 0|1": picoseconds per call, by
 * the guest's clock (under qemu's -icount shift=0, one nanosecond is one
 * instruction).  escapewatch's functions are found by name through a
 * disabled kprobe, which patches nothing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/debugfs.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

static bool attach;
module_param(attach, bool, 0444);
MODULE_PARM_DESC(attach, "insert the empty binary format handler");

typedef int (*ewb_handler)(struct linux_binprm *bprm);

static DEFINE_MUTEX(ewb_lock);
static u64 ewb_empty_ps, ewb_hook_ps;
static bool ewb_examined;
static struct dentry *ewb_file;

static int ewb_empty(struct linux_binprm *bprm)
{
	return -ENOEXEC;
}

static struct linux_binfmt ewb_binfmt = {
	.module = THIS_MODULE,
	.load_binary = ewb_empty,
};

/* The address of escapewatch.ko's function @name, or NULL. */
static void *ewb_lookup(const char *name)
{
	struct kprobe kp = {
		.symbol_name = name,
		.flags = KPROBE_FLAG_DISABLED,
	};
	void *addr;

	if (register_kprobe(&kp))
		return NULL;
	addr = kp.addr;
	unregister_kprobe(&kp);
	return addr;
}

/* One handler call, as search_binary_handler() makes it. */
static noinline int ewb_call(ewb_handler fn, struct linux_binprm *bprm)
{
	int ret;

	if (!try_module_get(THIS_MODULE))
		return -ENODEV;
	ret = fn(bprm);
	module_put(THIS_MODULE);
	return ret;
}

/* Picoseconds per call of @fn over @count calls. */
static u64 ewb_time(ewb_handler fn, struct linux_binprm *bprm, u32 count)
{
	u64 t0, t1;
	u32 i;

	t0 = ktime_get_ns();
	for (i = 0; i < count; i++)
		ewb_call(fn, bprm);
	t1 = ktime_get_ns();
	return div_u64((t1 - t0) * 1000, count);
}

static ssize_t ewb_write(struct file *f, const char __user *ubuf,
			 size_t len, loff_t *off)
{
	char buf[128], path[96];
	struct linux_binprm *bprm;
	ewb_handler hook;
	bool (*examined)(void);
	u32 count;
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	/* At most 10^7 calls: the write must end (minutes in the emulator). */
	if (sscanf(buf, "%u %95s", &count, path) != 2 || !count ||
	    count > 10000000)
		return -EINVAL;
	examined = ewb_lookup("ew_current_examined");
	if (!examined)
		return -ENOENT;
	hook = ewb_lookup(examined() ? "ew_bprm_check_security" :
			  "ew_load_binary");
	if (!hook)
		return -ENOENT;
	bprm = kzalloc(sizeof(*bprm), GFP_KERNEL);
	if (!bprm)
		return -ENOMEM;
	bprm->file = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(bprm->file)) {
		ret = PTR_ERR(bprm->file);
		goto out;
	}
	bprm->filename = path;
	bprm->interp = path;
	mutex_lock(&ewb_lock);
	ewb_examined = examined();
	/* Once each first, so that both run warm. */
	ewb_call(ewb_empty, bprm);
	ewb_call(hook, bprm);
	ewb_empty_ps = ewb_time(ewb_empty, bprm, count);
	ewb_hook_ps = ewb_time(hook, bprm, count);
	mutex_unlock(&ewb_lock);
	fput(bprm->file);
	ret = len;
out:
	kfree(bprm);
	return ret;
}

static ssize_t ewb_read(struct file *f, char __user *ubuf, size_t len,
			loff_t *off)
{
	char buf[96];
	int n;

	mutex_lock(&ewb_lock);
	n = scnprintf(buf, sizeof(buf), "empty %llu\nhook %llu\nexamined %d\n",
		      ewb_empty_ps, ewb_hook_ps, ewb_examined);
	mutex_unlock(&ewb_lock);
	return simple_read_from_buffer(ubuf, len, off, buf, n);
}

static const struct file_operations ewb_fops = {
	.owner = THIS_MODULE,
	.read = ewb_read,
	.write = ewb_write,
	.llseek = default_llseek,
};

static int __init ewb_init(void)
{
	ewb_file = debugfs_create_file("escapewatch_bench", 0600, NULL, NULL,
				       &ewb_fops);
	if (attach)
		insert_binfmt(&ewb_binfmt);
	return 0;
}

static void __exit ewb_exit(void)
{
	if (attach)
		unregister_binfmt(&ewb_binfmt);
	debugfs_remove(ewb_file);
}

module_init(ewb_init);
module_exit(ewb_exit);
MODULE_DESCRIPTION("make bench's measure of escapewatch's exec check (test-only)");
MODULE_LICENSE("GPL");
