// SPDX-License-Identifier: GPL-2.0
/*
 * The record generator of escapewatch's test builds: compiled into
 * escapewatch.ko only when kbuild is given EW_RECGEN=y (tests/qemu/run.sh
 * and tests/bench/run.sh do), never into the module that ships (Kbuild,
 * DKMS's sources and the packages lack this file; tests/qemu/run.sh and
 * tests/package-check.sh check the built modules for it).
 *
 * A write of "COUNT SIZE" to /sys/kernel/debug/escapewatch_recgen makes
 * COUNT exec records of SIZE bytes (rounded up to a multiple of 8, within
 * what a record can be) and sends each through ew_dispatch(), the way a
 * matched exec whose file's hash is known leaves the exec path: an atomic
 * allocation, a copy of the record built once, then the queue.  A record
 * that cannot be allocated is a gap with its sequence number (nomem), as
 * for a real exec.  The write returns once the records are queued, or
 * -EINTR when the writer is killed; several writers may run at once.
 * Reading the file gives "generated N": the records (and gaps) made since
 * the module was loaded, to compare with what a reader received and was
 * told it lost.
 *
 * The records are well-formed for the reader: a path, a file name and a
 * command line ("recgen", then one long argument that pads the record to
 * its size), comm and rule "recgen", hashed, no container.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "../../kmod/ew.h"

MODULE_INFO(ew_recgen, "test build with the record generator");

#define EW_RECGEN_PATH		"/ew/recgen"
#define EW_RECGEN_NAME		"recgen"
/* The fixed part, the path and name fields, an argv field of 8 bytes. */
#define EW_RECGEN_MIN_SIZE	(sizeof(struct ew_exec_record) + (8 + 16) + \
				 (8 + 8) + (8 + 8))
#define EW_RECGEN_MAX_SIZE	(EW_RECGEN_MIN_SIZE - 8 + EW_ARGV_MAX)

static atomic64_t ew_recgen_count = ATOMIC64_INIT(0);
static struct dentry *ew_recgen_file;

/*
 * The record every generated one copies: built once a write, as event.c
 * builds a record in its per-CPU room before copying it out.
 */
static struct ew_exec_record *ew_recgen_template(size_t size)
{
	struct ew_exec_record *rec;
	struct ew_builder b;
	size_t alen;
	char *argv;

	rec = kzalloc(size, GFP_KERNEL);
	if (!rec)
		return NULL;
	b.buf = (u8 *)rec;
	b.room = size;
	b.len = sizeof(*rec);
	rec->hdr.size = size;
	rec->hdr.type = EW_REC_EXEC;
	rec->hdr.flags = EW_EXEC_HASHED;
	rec->argc = 2;
	rec->rule_id = 9999;
	rec->severity = 1;
	strscpy(rec->comm, EW_RECGEN_NAME, sizeof(rec->comm));
	strscpy(rec->caller_comm, EW_RECGEN_NAME, sizeof(rec->caller_comm));
	strscpy(rec->rule, EW_RECGEN_NAME, sizeof(rec->rule));
	ew_put_field(&b, EW_F_PATH, 0, NULL, 0, EW_RECGEN_PATH,
		     strlen(EW_RECGEN_PATH));
	ew_put_field(&b, EW_F_FILENAME, 0, NULL, 0, EW_RECGEN_NAME,
		     strlen(EW_RECGEN_NAME));
	/* "recgen", NUL, then x... and a NUL to the record's last byte. */
	alen = size - b.len - sizeof(struct ew_field);
	argv = kmalloc(alen, GFP_KERNEL);
	if (!argv)
		goto err;
	memset(argv, 'x', alen);
	memcpy(argv, EW_RECGEN_NAME, sizeof(EW_RECGEN_NAME));
	argv[alen - 1] = '\0';
	ew_put_field(&b, EW_F_ARGV, 0, NULL, 0, argv, alen);
	kfree(argv);
	if (WARN_ON_ONCE(b.len != size))
		goto err;
	return rec;
err:
	kfree(rec);
	return NULL;
}

/* @count records like @tmpl into the queue; how many were sent. */
static u32 ew_recgen_run(const struct ew_exec_record *tmpl, u32 count)
{
	struct ew_exec_record *rec;
	u32 i;

	for (i = 0; i < count; i++) {
		if (fatal_signal_pending(current))
			break;
		/* As event.c copies a record out of its per-CPU room. */
		rec = kmalloc(tmpl->hdr.size, GFP_ATOMIC | __GFP_NOWARN);
		if (rec) {
			memcpy(rec, tmpl, tmpl->hdr.size);
			rec->boot_ns = ktime_get_boottime_ns();
			rec->real_ns = ktime_get_real_ns();
		}
		ew_dispatch(rec, NULL, true);
		cond_resched();
	}
	atomic64_add(i, &ew_recgen_count);
	return i;
}

static ssize_t ew_recgen_write(struct file *f, const char __user *ubuf,
			       size_t len, loff_t *off)
{
	struct ew_exec_record *tmpl;
	u32 count, size, sent;
	char buf[32];

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%u %u", &count, &size) != 2 || !count)
		return -EINVAL;
	size = clamp_t(u32, ALIGN(size, 8), EW_RECGEN_MIN_SIZE,
		       EW_RECGEN_MAX_SIZE);
	tmpl = ew_recgen_template(size);
	if (!tmpl)
		return -ENOMEM;
	sent = ew_recgen_run(tmpl, count);
	kfree(tmpl);
	return sent == count ? len : -EINTR;
}

static ssize_t ew_recgen_read(struct file *f, char __user *ubuf, size_t len,
			      loff_t *off)
{
	char buf[40];
	int n;

	n = scnprintf(buf, sizeof(buf), "generated %lld\n",
		      atomic64_read(&ew_recgen_count));
	return simple_read_from_buffer(ubuf, len, off, buf, n);
}

static const struct file_operations ew_recgen_fops = {
	.owner = THIS_MODULE,
	.read = ew_recgen_read,
	.write = ew_recgen_write,
	.llseek = default_llseek,
};

/**
 * ew_recgen_init() - create the generator's debugfs file
 *
 * Return: 0, or a negative errno (no debugfs, no memory).
 */
int ew_recgen_init(void)
{
	ew_recgen_file = debugfs_create_file("escapewatch_recgen", 0600, NULL,
					     NULL, &ew_recgen_fops);
	if (IS_ERR(ew_recgen_file))
		return PTR_ERR(ew_recgen_file);
	pr_info("test build: record generator at debugfs escapewatch_recgen\n");
	return 0;
}

/**
 * ew_recgen_exit() - remove the file
 *
 * An open file holds a reference to the module, so no write is in progress.
 */
void ew_recgen_exit(void)
{
	debugfs_remove(ew_recgen_file);
}
