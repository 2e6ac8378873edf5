// SPDX-License-Identifier: GPL-2.0
/*
 * Hash and content of executed files.  Reading a file may sleep, so the
 * exec path only looks in a cache of what is known about a file; on a miss
 * it queues the file to a worker that reads it once (up to scan_max bytes),
 * hashes it with SHA-256, looks for every content string of the rules,
 * remembers the result by the file's identity, and reports the exec if a
 * sha256 or content rule matches.  In enforce mode, where the verdict must
 * come before the exec goes on, the exec reads the file itself
 * (ew_scan_judge_now()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/hash.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "ew.h"

static unsigned int scan_max = 64 << 20;
module_param(scan_max, uint, 0444);
MODULE_PARM_DESC(scan_max,
		 "bytes of a file hashed and searched at most; larger files are partially hashed (default 64 MiB)");

static unsigned int scan_cache = 4096;
module_param(scan_cache, uint, 0444);
MODULE_PARM_DESC(scan_cache, "files whose hash and content are remembered (default 4096)");

#define EW_SCAN_CHUNK	(64 << 10)
#define EW_SCAN_BUCKETS	512
#define EW_SCAN_PENDING_MAX 1024	/* files waiting to be read, at most */

/**
 * struct ew_file_id - what identifies a file's content
 * @dev: the file system
 * @ino: the inode
 * @size: the size
 * @ctime: the last change of inode or content; a write or a rename changes it
 */
struct ew_file_id {
	dev_t dev;
	unsigned long ino;
	loff_t size;
	struct timespec64 ctime;
};

struct ew_scan_entry {
	struct hlist_node node;
	struct list_head lru;
	struct ew_file_id id;
	struct ew_scan_facts facts;
};

static struct crypto_shash *ew_sha256;
static struct workqueue_struct *ew_scan_wq;
static atomic_t ew_scan_pending = ATOMIC_INIT(0);
static DEFINE_SPINLOCK(ew_cache_lock);	/* protects the three below */
static struct hlist_head ew_cache[EW_SCAN_BUCKETS];
static LIST_HEAD(ew_cache_lru);
static unsigned int ew_cache_count;

static void ew_file_id(const struct file *file, struct ew_file_id *id)
{
	const struct inode *inode = file_inode(file);

	memset(id, 0, sizeof(*id));
	id->dev = inode->i_sb->s_dev;
	id->ino = inode->i_ino;
	id->size = i_size_read(inode);
#ifdef EW_HAVE_INODE_GET_CTIME
	id->ctime = inode_get_ctime(inode);
#else
	id->ctime = inode->i_ctime;
#endif
}

static u32 ew_id_hash(const struct ew_file_id *id)
{
	return hash_long(id->ino ^ ((unsigned long)id->dev << 20),
			 ilog2(EW_SCAN_BUCKETS));
}

static struct ew_scan_entry *ew_cache_find(const struct ew_file_id *id)
{
	struct ew_scan_entry *e;

	hlist_for_each_entry(e, &ew_cache[ew_id_hash(id)], node)
		if (!memcmp(&e->id, id, sizeof(*id)))
			return e;
	return NULL;
}

/**
 * ew_scan_lookup() - what is known of an executed file's hash and content
 * @file: the file
 * @facts: filled in on success; its content hits are for the rules of
 *	generation @facts->generation
 *
 * Context: any; does not sleep.
 * Return: true when the file was read and has not changed since.
 */
bool ew_scan_lookup(const struct file *file, struct ew_scan_facts *facts)
{
	struct ew_scan_entry *e;
	struct ew_file_id id;
	unsigned long flags;

	ew_file_id(file, &id);
	spin_lock_irqsave(&ew_cache_lock, flags);
	e = ew_cache_find(&id);
	if (e) {
		*facts = e->facts;
		list_move(&e->lru, &ew_cache_lru);
	}
	spin_unlock_irqrestore(&ew_cache_lock, flags);
	return e;
}

static void ew_cache_store(const struct ew_file_id *id,
			   const struct ew_scan_facts *facts)
{
	struct ew_scan_entry *e, *old = NULL;
	unsigned long flags;

	e = kmalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return;
	e->id = *id;
	e->facts = *facts;
	spin_lock_irqsave(&ew_cache_lock, flags);
	old = ew_cache_find(id);
	if (old) {
		hlist_del(&old->node);
		list_del(&old->lru);
	} else if (ew_cache_count >= scan_cache) {
		old = list_last_entry(&ew_cache_lru, struct ew_scan_entry, lru);
		hlist_del(&old->node);
		list_del(&old->lru);
	} else {
		ew_cache_count++;
	}
	hlist_add_head(&e->node, &ew_cache[ew_id_hash(id)]);
	list_add(&e->lru, &ew_cache_lru);
	spin_unlock_irqrestore(&ew_cache_lock, flags);
	kfree(old);
}

/* Read the file once: SHA-256 and content strings.  Returns 0 or -errno. */
static int ew_scan_file(struct file *file, const struct ew_ruleset *rs,
			struct ew_scan_facts *facts)
{
	SHASH_DESC_ON_STACK(desc, ew_sha256);
	u32 state = 0;	/* the content walk's, carried across reads */
	loff_t pos = 0;
	ssize_t n;
	u8 *buf;
	int ret;

	facts->content_first = EW_CONTENT_NONE;
	buf = kvmalloc(EW_SCAN_CHUNK, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	desc->tfm = ew_sha256;
	ret = crypto_shash_init(desc);
	while (!ret && pos < scan_max) {
		n = kernel_read(file, buf,
				min_t(loff_t, EW_SCAN_CHUNK, scan_max - pos),
				&pos);
		if (n <= 0) {
			ret = n;
			break;
		}
		ret = crypto_shash_update(desc, buf, n);
		ew_content_walk(rs, &state, buf, n, &facts->content_first);
	}
	if (!ret)
		ret = crypto_shash_final(desc, facts->digest);
	bin2hex(facts->hex, facts->digest, sizeof(facts->digest));
	facts->hex[sizeof(facts->hex) - 1] = '\0';
	facts->hashed = pos;
	facts->partial = pos < i_size_read(file_inode(file));
	kvfree(buf);
	return ret;
}

/*
 * Read the file for the rules @rs and remember what it holds, counted in
 * scans, or scan_errors on failure.  Returns 0 or -errno.
 */
static int ew_scan_read(struct file *file, const struct ew_ruleset *rs,
			struct ew_scan_facts *facts)
{
	struct ew_file_id id;
	int ret;

	if (!ew_sha256)
		return -ENOPKG;
	ew_file_id(file, &id);
	this_cpu_inc(ew_counters.scans);
	memset(facts, 0, sizeof(*facts));
	ret = ew_scan_file(file, rs, facts);
	if (ret) {
		this_cpu_inc(ew_counters.scan_errors);
		return ret;
	}
	facts->generation = rs->generation;
	ew_cache_store(&id, facts);
	return 0;
}

/*
 * Judge by the file's hash and content alone: the rule that matched, now
 * in @rec, or NULL.
 */
static const struct ew_rule_desc *
ew_scan_match(const struct ew_ruleset *rs, const struct ew_scan_facts *facts,
	      struct ew_exec_record *rec)
{
	struct ew_subject s = { .facts = facts };
	struct ew_verdict v;

	if (!ew_match(rs, &s, &v))
		return NULL;
	ew_event_finish(rec, &v);
	return v.rule;
}

/**
 * struct ew_scan_job - one executed file to read
 * @work: the worker's item
 * @file: a reference to the file
 * @rec: the record of the exec
 * @judge: report @rec only if a sha256 or content rule matches; otherwise
 *	it matched already and only needs the file's hash
 */
struct ew_scan_job {
	struct work_struct work;
	struct file *file;
	struct ew_exec_record *rec;
	bool judge;
};

static void ew_scan_work(struct work_struct *work)
{
	struct ew_scan_job *job = container_of(work, struct ew_scan_job, work);
	struct ew_scan_facts facts;
	const struct ew_ruleset *rs;
	bool read = false, hit = false;
	int idx;

	rs = ew_ruleset_hold(&idx);
	/* Rules that changed since the exec judge it as they are now. */
	if (rs && (rs->needs_scan || !job->judge))
		read = !ew_scan_read(job->file, rs, &facts);
	if (read)
		ew_event_set_facts(job->rec, &facts);
	if (read && job->judge)
		hit = ew_scan_match(rs, &facts, job->rec);
	ew_ruleset_release(idx);
	if (hit || !job->judge)
		ew_queue_push(&ew_queue, &job->rec->hdr);
	else
		kfree(job->rec);
	fput(job->file);
	kfree(job);
	atomic_dec(&ew_scan_pending);
}

/**
 * ew_scan_judge_now() - judge an exec by its file's hash and content, now
 * @file: the file, which no rule matched at the check by name or path
 * @rec: the record begun at the check
 * @action: set, on a match, to what ew_enforce_check() says for the rule
 *
 * For enforce mode, where the verdict must come before the exec goes on:
 * the file is read in the caller's context, unless the cache knows it by
 * now.  Concurrent execs read their files in parallel.
 *
 * Context: process context, may sleep.
 * Return: 1 when a sha256 or content rule matched (@rec now has the rule,
 * the evidence and the hash), 0 when none did, -errno when the file could
 * not be read (counted in scan_errors).
 */
int ew_scan_judge_now(struct file *file, struct ew_exec_record *rec,
		      u8 *action)
{
	const struct ew_rule_desc *rule;
	struct ew_scan_facts facts;
	const struct ew_ruleset *rs;
	int idx, ret = 0;

	rs = ew_ruleset_hold(&idx);
	if (!rs)
		goto out;
	if (!ew_scan_lookup(file, &facts) ||
	    facts.generation != rs->generation)
		ret = ew_scan_read(file, rs, &facts);
	if (ret)
		goto out;
	ew_event_set_facts(rec, &facts);
	rule = ew_scan_match(rs, &facts, rec);
	if (rule) {
		*action = ew_enforce_check(rule);
		ret = 1;
	}
out:
	ew_ruleset_release(idx);
	return ret;
}

/**
 * ew_scan_queue() - have an executed file read, then its record sent on
 * @file: the file; a reference is taken
 * @rec: the record of the exec, owned by the scanner from now on
 * @judge: report @rec only if the file's hash or content matches a rule;
 *	otherwise report it in any case, with the file's hash
 *
 * A record that cannot wait for the scanner (too many waiting, no memory)
 * is counted in scan_errors and, unless it was to be judged, reported
 * without the hash.
 *
 * Context: any but interrupt; does not sleep.
 */
void ew_scan_queue(struct file *file, struct ew_exec_record *rec, bool judge)
{
	struct ew_scan_job *job;

	if (!ew_scan_wq)
		goto drop;
	if (atomic_inc_return(&ew_scan_pending) > EW_SCAN_PENDING_MAX)
		goto undo;
	job = kmalloc(sizeof(*job), GFP_ATOMIC | __GFP_NOWARN);
	if (!job)
		goto undo;
	INIT_WORK(&job->work, ew_scan_work);
	job->file = get_file(file);
	job->rec = rec;
	job->judge = judge;
	queue_work(ew_scan_wq, &job->work);
	return;

undo:
	atomic_dec(&ew_scan_pending);
drop:
	this_cpu_inc(ew_counters.scan_errors);
	if (judge)
		kfree(rec);
	else
		ew_queue_push(&ew_queue, &rec->hdr);
}

int ew_scan_init(void)
{
	ew_sha256 = crypto_alloc_shash("sha256", 0, 0);
	if (IS_ERR(ew_sha256)) {
		pr_warn("no sha256 in the kernel: sha256 and content rules will not match\n");
		ew_sha256 = NULL;
		return 0;
	}
	ew_scan_wq = alloc_workqueue("escapewatch_scan", WQ_UNBOUND, 1);
	if (!ew_scan_wq) {
		crypto_free_shash(ew_sha256);
		ew_sha256 = NULL;
		return -ENOMEM;
	}
	return 0;
}

/**
 * ew_scan_waiting() - how many files wait for the scanner or are read
 */
u32 ew_scan_waiting(void)
{
	return atomic_read(&ew_scan_pending);
}

/**
 * ew_scan_exit() - finish queued scans, forget every file
 *
 * Context: after the exec path is detached, before the queue goes.
 */
void ew_scan_exit(void)
{
	struct ew_scan_entry *e, *tmp;

	if (ew_scan_wq)
		destroy_workqueue(ew_scan_wq);
	ew_scan_wq = NULL;
	list_for_each_entry_safe(e, tmp, &ew_cache_lru, lru)
		kfree(e);
	INIT_LIST_HEAD(&ew_cache_lru);
	memset(ew_cache, 0, sizeof(ew_cache));
	ew_cache_count = 0;
	if (ew_sha256)
		crypto_free_shash(ew_sha256);
	ew_sha256 = NULL;
}
