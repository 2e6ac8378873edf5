// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/escapewatch: where records leave the kernel.
 *
 * Each open file description is one reader with its own position in the
 * queue; read(2) returns whole records only.  Reading records, counters and
 * the rules in force needs only a read-only open, which the node's mode
 * decides (0600 root as the module makes it; Debian's package gives it to
 * a group with 0640).  Loading rules and changing the mode need a file
 * opened for writing, and CAP_SYS_ADMIN in the initial user namespace at
 * open and of whoever opened it at the ioctl.  While the device is open the
 * module cannot be unloaded (the file holds a module reference), so no
 * reader can outlive the code it runs.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>

#include "ew.h"

/**
 * struct ew_reader - one open file description
 * @lock: serializes reads and seeks on this file
 * @pos: sequence number of the next record to read
 * @lost: sequence numbers reported lost to this reader
 * @buf: one record, copied out of the queue before it goes to user space
 */
struct ew_reader {
	struct mutex lock; /* serializes reads and seeks on this file */
	u64 pos;
	u64 lost;
	u8 buf[EW_RECORD_MAX];
};

static int ew_open(struct inode *inode, struct file *file)
{
	struct ew_reader *r;

	if ((file->f_mode & FMODE_WRITE) && !capable(CAP_SYS_ADMIN))
		return -EPERM;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	mutex_init(&r->lock);
	/* From sequence 0: whatever was overwritten is reported as lost. */
	r->pos = 0;
	file->private_data = r;
	return 0;
}

static int ew_release(struct inode *inode, struct file *file)
{
	struct ew_reader *r = file->private_data;

	mutex_destroy(&r->lock);
	kfree(r);
	return 0;
}

static void ew_account(struct ew_reader *r)
{
	const struct ew_lost_record *lost = (const void *)r->buf;

	if (lost->hdr.type == EW_REC_LOST)
		r->lost += lost->count;
}

static int ew_wait(struct ew_reader *r)
{
	return wait_event_interruptible(ew_queue.wait,
					ew_queue_pending(&ew_queue,
							 READ_ONCE(r->pos)));
}

static ssize_t ew_read(struct file *file, char __user *ubuf, size_t count,
		       loff_t *ppos)
{
	struct ew_reader *r = file->private_data;
	size_t done = 0;
	ssize_t ret;
	u64 pos;
	int len;

	if (mutex_lock_interruptible(&r->lock))
		return -ERESTARTSYS;
	for (;;) {
		pos = r->pos;
		len = ew_queue_fetch(&ew_queue, &pos, r->buf, count - done);
		if (len == -EAGAIN) {
			if (done)
				break;
			if (file->f_flags & O_NONBLOCK) {
				ret = -EAGAIN;
				goto out;
			}
			mutex_unlock(&r->lock);
			ret = ew_wait(r);
			if (ret)
				return ret;
			if (mutex_lock_interruptible(&r->lock))
				return -ERESTARTSYS;
			continue;
		}
		if (len < 0) {
			/* The next record does not fit: nothing is consumed. */
			if (done)
				break;
			ret = len;
			goto out;
		}
		if (copy_to_user(ubuf + done, r->buf, len)) {
			ret = done ? done : -EFAULT;
			goto out;
		}
		ew_account(r);
		r->pos = pos;
		done += len;
	}
	ret = done;
out:
	mutex_unlock(&r->lock);
	return ret;
}

static __poll_t ew_poll(struct file *file, poll_table *wait)
{
	struct ew_reader *r = file->private_data;

	poll_wait(file, &ew_queue.wait, wait);
	if (ew_queue_pending(&ew_queue, READ_ONCE(r->pos)))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

/*
 * SEEK_SET to 0: back to sequence 0, as at open; SEEK_END: only records
 * queued from now on.
 */
static loff_t ew_llseek(struct file *file, loff_t offset, int whence)
{
	struct ew_reader *r = file->private_data;
	u64 head, tail, overwritten;

	if (offset)
		return -ESPIPE;
	ew_queue_counts(&ew_queue, &head, &tail, &overwritten);
	mutex_lock(&r->lock);
	switch (whence) {
	case SEEK_SET:
		r->pos = 0;
		break;
	case SEEK_END:
		r->pos = head;
		break;
	default:
		mutex_unlock(&r->lock);
		return -EINVAL;
	}
	mutex_unlock(&r->lock);
	return 0;
}

static long ew_ioctl_stats(struct ew_reader *r, void __user *arg)
{
	struct ew_stats st;

	ew_stats_fill(&st);
	mutex_lock(&r->lock);
	st.lost = r->lost;
	mutex_unlock(&r->lock);
	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

/*
 * Loading rules needs a file opened for writing, and CAP_SYS_ADMIN in the
 * initial user namespace from whoever opened it, so that a descriptor
 * passed on to a less privileged process carries no more than its opener
 * had.
 */
static bool ew_may_change(struct file *file)
{
	return (file->f_mode & FMODE_WRITE) &&
	       file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN);
}

static long ew_ioctl_rules(struct file *file, unsigned int cmd,
			   struct ew_rules_io __user *uarg)
{
	struct ew_rules_io io;
	long ret;

	if (copy_from_user(&io, uarg, sizeof(io)))
		return -EFAULT;
	if (io.reserved)
		return -EINVAL;
	if (cmd == EW_IOC_RULES_LOAD) {
		if (!ew_may_change(file) || ew_locked())
			return -EPERM;
		/*
		 * A load cannot be undone: make sure its answer can be
		 * written (back with what is there) before the rules change.
		 */
		if (copy_to_user(uarg, &io, sizeof(io)))
			return -EFAULT;
		ret = ew_ruleset_load_user(u64_to_user_ptr(io.data), io.size,
					   &io.generation);
	} else {
		ret = ew_ruleset_get_user(u64_to_user_ptr(io.data), &io.size,
					  &io.generation);
	}
	/* ENOSPC still tells the caller the size it needs. */
	if (ret && ret != -ENOSPC)
		return ret;
	if (copy_to_user(uarg, &io, sizeof(io)))
		return -EFAULT;
	return ret;
}

/* Enforcing needs what loading rules needs: see ew_ioctl_rules(). */
static long ew_ioctl_mode(struct file *file, u32 __user *uarg)
{
	u32 mode;

	if (get_user(mode, uarg))
		return -EFAULT;
	if (!ew_may_change(file))
		return -EPERM;
	return ew_mode_set(mode);
}

static long ew_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	struct ew_version ver = {
		.abi_version = EW_ABI_VERSION,
		.record_max = EW_RECORD_MAX,
	};

	switch (cmd) {
	case EW_IOC_VERSION:
		return copy_to_user(uarg, &ver, sizeof(ver)) ? -EFAULT : 0;
	case EW_IOC_STATS:
		return ew_ioctl_stats(file->private_data, uarg);
	case EW_IOC_RULES_LOAD:
	case EW_IOC_RULES_GET:
		return ew_ioctl_rules(file, cmd, uarg);
	case EW_IOC_SET_MODE:
		return ew_ioctl_mode(file, uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations ew_fops = {
	.owner = THIS_MODULE,
	.open = ew_open,
	.release = ew_release,
	.read = ew_read,
	.poll = ew_poll,
	.llseek = ew_llseek,
	.unlocked_ioctl = ew_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice ew_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = EW_DEVICE_NAME,
	.fops = &ew_fops,
	.mode = 0600,
};

int ew_device_register(void)
{
	return misc_register(&ew_misc);
}

void ew_device_unregister(void)
{
	misc_deregister(&ew_misc);
}
