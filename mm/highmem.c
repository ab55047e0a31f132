/* kmap(): the pkmap window shared by every CPU (contract:
 * include/mm/highmem.h), and the mm/ helpers built on kmap_local_page().
 * The per-CPU kmap_atomic stacks are mm/highmem_atomic.c.
 *
 * The window's slots, hash and scan position are guarded by kmap_lock,
 * taken with interrupts off so that a (reported) kmap() from an interrupt
 * handler cannot deadlock against the code it interrupted. Linux holds its
 * kmap_lock across the wrap's TLB shootdown; here the lock is never held
 * while waiting for another CPU: the wrap marks the unused slots
 * PKMAP_FLUSHING (unmapped, not yet reusable), drops the lock, flushes
 * every CPU's TLB (arch_flush_tlb_all(): one IPI per other CPU) and frees
 * them after retaking it. So a CPU spinning on kmap_lock with interrupts
 * off never stalls a shootdown, and kmap() never waits with the lock held.
 *
 * Fast paths without the lock: a kmap() of a page whose slot heads its
 * hash bucket takes one more reference with a compare-and-exchange on the
 * slot's count (count >= 1, so no wrap can take it meanwhile), then checks
 * that the slot still holds the page (it cannot change any more: a slot in
 * use is never flushed or remapped) and undoes it otherwise; a kunmap()
 * drops a reference the same way when the count stays >= 1. Everything
 * else (a new mapping, a chained lookup, a release to the unused state
 * racing with anything) takes the lock. Counts therefore change only with
 * atomic operations; the 0 and PKMAP_FLUSHING states, the pfns and the
 * hash only under the lock. */
#include <kernel/arch.h>
#include <kernel/hardirq.h>
#include <kernel/might_sleep.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <mm/arch.h>
#include <mm/highmem.h>
#include <mm/pfn.h>
#include "highmem_internal.h"

#define LAST_PKMAP_MASK  (LAST_PKMAP - 1)
/* Buckets of the pfn -> pkmap slot lookup (as Linux's page_address_htable). */
#define PKMAP_HASH_SIZE  128
/* Hash links hold slot + 1, so that the zeroed boot state means "empty". */
#define PKMAP_NO_SLOT    0
#define PKMAP_UNUSED     1      /* pkmap_count of a mapped, unused slot */
#define PKMAP_FLUSHING   (-1)   /* unmapped, waiting for the wrap's shootdown */
/* Extra passes of one kmap() whose scan found no free slot while other CPUs
 * kept the window busy (map_new_virtual()). */
#define PKMAP_MAX_RESCANS 8

static unsigned long pkmap_addr(unsigned int nr)
{
	return arch_pkmap_base() + ((unsigned long)nr << PAGE_SHIFT);
}

/* ------------------------------------------------------------------------
 * The pkmap window.
 */

static DEFINE_SPINLOCK(kmap_lock);
static int pkmap_count[LAST_PKMAP];
static unsigned long pkmap_pfn[LAST_PKMAP];     /* frame of a slot with count >= 1 */
static u16 pkmap_next[LAST_PKMAP];
static u16 pkmap_hash[PKMAP_HASH_SIZE];
/* Wrap number that marked a PKMAP_FLUSHING slot; a shootdown started after
 * that wrap (pkmap_wraps at its start >= the stamp) covers it. */
static unsigned int pkmap_flush_stamp[LAST_PKMAP];
static unsigned int pkmap_wraps;
static unsigned int last_pkmap_nr;
/* The current exhaustion episode has been reported; cleared when a slot is
 * released. */
static bool pkmap_full_reported;
static struct kmap_stats stats;
static unsigned long bad_context;               /* kmap() from atomic context */

static int pkmap_count_read(unsigned int nr)
{
	return __atomic_load_n(&pkmap_count[nr], __ATOMIC_ACQUIRE);
}

/* One more reference to slot nr if its count is still c (>= 1). */
static bool pkmap_get_if(unsigned int nr, int c)
{
	return __atomic_compare_exchange_n(&pkmap_count[nr], &c, c + 1, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* Drop one reference from slot nr when one is held (count >= 2). Returns
 * the new count, or -1 when the count was below 2 (nothing changed). */
static int pkmap_put(unsigned int nr)
{
	int c = pkmap_count_read(nr);

	while (c >= 2) {
		if (__atomic_compare_exchange_n(&pkmap_count[nr], &c, c - 1, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			if (c - 1 == PKMAP_UNUSED)
				__atomic_store_n(&pkmap_full_reported, false, __ATOMIC_RELAXED);
			return c - 1;
		}
	}
	return -1;
}

static unsigned int pkmap_bucket(unsigned long pfn)
{
	return (unsigned int)(pfn % PKMAP_HASH_SIZE);
}

/* The slot heading pfn's bucket, a guess the caller must confirm; -1 when
 * the bucket is empty. No lock. */
static inline int pkmap_guess(unsigned long pfn)
{
	return (int)__atomic_load_n(&pkmap_hash[pkmap_bucket(pfn)], __ATOMIC_ACQUIRE) - 1;
}

static inline bool pkmap_holds(unsigned int nr, unsigned long pfn)
{
	return __atomic_load_n(&pkmap_pfn[nr], __ATOMIC_ACQUIRE) == pfn;
}
/* Slot holding pfn (count >= 1), or -1. kmap_lock held. */
static int pkmap_lookup(unsigned long pfn)
{
	unsigned int link;

	for (link = pkmap_hash[pkmap_bucket(pfn)]; link != PKMAP_NO_SLOT;
	     link = pkmap_next[link - 1]) {
		if (pkmap_pfn[link - 1] == pfn)
			return (int)(link - 1);
	}
	return -1;
}

/* kmap_lock held; pkmap_pfn[nr] is pfn already. */
static void pkmap_hash_add(unsigned int nr, unsigned long pfn)
{
	unsigned int b = pkmap_bucket(pfn);

	pkmap_next[nr] = pkmap_hash[b];
	__atomic_store_n(&pkmap_hash[b], (u16)(nr + 1), __ATOMIC_RELEASE);
}

static void pkmap_hash_del(unsigned int nr)
{
	u16 *link = &pkmap_hash[pkmap_bucket(pkmap_pfn[nr])];

	while (*link != nr + 1)
		link = &pkmap_next[*link - 1];
	__atomic_store_n(link, pkmap_next[nr], __ATOMIC_RELEASE);
	pkmap_next[nr] = PKMAP_NO_SLOT;
}

static void pkmap_tally(struct kmap_pool_state *st)
{
	unsigned int i;

	st->free = st->unused = st->in_use = 0;
	for (i = 0; i < LAST_PKMAP; i++) {
		int c = pkmap_count_read(i);

		if (c == 0)
			st->free++;
		else if (c == PKMAP_UNUSED || c == PKMAP_FLUSHING)
			st->unused++;
		else
			st->in_use++;
	}
}

/* Unmap every mapped-but-unused slot and mark it PKMAP_FLUSHING with this
 * wrap's number. Returns whether any was. kmap_lock held. */
static bool pkmap_mark_unused(void)
{
	bool marked = false;
	unsigned int i;

	pkmap_wraps++;
	for (i = 0; i < LAST_PKMAP; i++) {
		int c = PKMAP_UNUSED;

		/* A lock-free kmap() may take the slot meanwhile: then it stays. */
		if (!__atomic_compare_exchange_n(&pkmap_count[i], &c, PKMAP_FLUSHING, false,
						 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			continue;
		arch_unmap_kernel_page(pkmap_addr(i));
		pkmap_hash_del(i);
		pkmap_flush_stamp[i] = pkmap_wraps;
		marked = true;
	}
	return marked;
}

/* Flush every CPU's TLB without holding kmap_lock, then free the slots
 * marked by this wrap or earlier ones: their old translations are gone
 * everywhere. kmap_lock held on entry and on return (dropped meanwhile,
 * *flags as spin_lock_irqsave() gave them). */
static void pkmap_flush(unsigned long *flags)
{
	unsigned int covered = pkmap_wraps;
	unsigned int i;

	spin_unlock_irqrestore(&kmap_lock, *flags);
	arch_flush_tlb_all();
	spin_lock_irqsave(&kmap_lock, *flags);
	stats.flushes++;
	for (i = 0; i < LAST_PKMAP; i++) {
		if (pkmap_count[i] == PKMAP_FLUSHING &&
		    (int)(covered - pkmap_flush_stamp[i]) >= 0)
			__atomic_store_n(&pkmap_count[i], 0, __ATOMIC_RELEASE);
	}
}

/* Some slot is unused or being flushed: a flush (ours) makes it free. */
static bool pkmap_any_reclaimable(void)
{
	for (unsigned int i = 0; i < LAST_PKMAP; i++) {
		if (pkmap_count[i] == PKMAP_UNUSED || pkmap_count[i] == PKMAP_FLUSHING)
			return true;
	}
	return false;
}

/* kmap_lock held. Linux sleeps on a full window; here the caller gets -1. */
static void pkmap_report_full(void)
{
	struct kmap_pool_state st;

	stats.pool_full++;
	if (pkmap_full_reported)
		return;
	pkmap_full_reported = true;
	pkmap_tally(&st);
	pr_err("kmap: pkmap window full (%u free, %u unused, %u in use of %d slots): "
	       "returning NULL, there is no scheduler to wait on\n",
	       st.free, st.unused, st.in_use, LAST_PKMAP);
}

/* Find a free slot scanning on from the last one, flushing when the scan
 * wraps, and map pfn there with count 1. Returns the slot, or -1 when every
 * slot is in use. While this CPU flushes with the lock dropped, other CPUs
 * take and release slots and wrap themselves, so a pass may end with no
 * free slot although some are unused or being flushed: then this CPU
 * marks and flushes them itself and scans again (at most
 * PKMAP_MAX_RESCANS times). kmap_lock held (dropped during a flush:
 * *flags as for pkmap_flush()). */
static int map_new_virtual(unsigned long pfn, unsigned long *flags)
{
	unsigned int budget = LAST_PKMAP, rescans = 0;
	unsigned int nr;

	for (;;) {
		last_pkmap_nr = (last_pkmap_nr + 1) & LAST_PKMAP_MASK;
		if (last_pkmap_nr == 0) {
			if (pkmap_mark_unused())
				pkmap_flush(flags);
			budget = LAST_PKMAP;
		}
		if (pkmap_count[last_pkmap_nr] == 0)
			break;
		if (--budget == 0) {
			if (rescans++ < PKMAP_MAX_RESCANS && pkmap_any_reclaimable()) {
				pkmap_mark_unused();
				pkmap_flush(flags);
				budget = LAST_PKMAP;
				continue;
			}
			pkmap_report_full();
			return -1;
		}
	}
	nr = last_pkmap_nr;
	arch_map_kernel_page(pkmap_addr(nr), pfn);
	/* The pfn before the count: a lock-free kmap() that sees the count
	 * (and may take a reference) then checks the new pfn. */
	__atomic_store_n(&pkmap_pfn[nr], pfn, __ATOMIC_RELEASE);
	__atomic_store_n(&pkmap_count[nr], PKMAP_UNUSED, __ATOMIC_RELEASE);
	pkmap_hash_add(nr, pfn);
	return (int)nr;
}

/* kmap() may sleep in Linux: the common might_sleep() check, and its
 * report (once per call site) out of line. */
static __attribute__((noinline)) void kmap_bad_context(struct kmap_site *site)
{
	if (__might_sleep(site->file, site->line, &site->reported))
		__atomic_add_fetch(&bad_context, 1, __ATOMIC_RELAXED);
}

static __always_inline void kmap_check_context(struct kmap_site *site)
{
	if (unlikely(!might_sleep_ok()))
		kmap_bad_context(site);
}

/* The lock-free kmap(): pfn's slot heads its bucket and is mapped. The
 * pfn is checked once the reference is taken (the common case is the
 * right slot; a wrong one is given back). */
static inline int kmap_fast(unsigned long pfn)
{
	int nr = pkmap_guess(pfn);
	int c;

	if (nr < 0)
		return -1;
	c = pkmap_count_read((unsigned int)nr);
	if (c < PKMAP_UNUSED || !pkmap_get_if((unsigned int)nr, c))
		return -1;
	/* Held now: the slot cannot be flushed or remapped any more. */
	if (likely(pkmap_holds((unsigned int)nr, pfn)))
		return nr;
	pkmap_put((unsigned int)nr);
	return -1;
}

static __attribute__((noinline)) int kmap_slow(unsigned long pfn)
{
	unsigned long flags;
	int nr;

	spin_lock_irqsave(&kmap_lock, flags);
	nr = pkmap_lookup(pfn);
	if (nr < 0)
		nr = map_new_virtual(pfn, &flags);
	if (nr >= 0)
		__atomic_add_fetch(&pkmap_count[nr], 1, __ATOMIC_ACQ_REL);
	spin_unlock_irqrestore(&kmap_lock, flags);
	return nr;
}

void *__kmap(struct page *page, struct kmap_site *site)
{
	unsigned long pfn;
	int nr;

	kmap_check_context(site);
	if (!PageHighMem(page))
		return page_address(page);
	pfn = page_to_pfn(page);
	nr = kmap_fast(pfn);
	if (unlikely(nr < 0))
		nr = kmap_slow(pfn);
	return nr < 0 ? NULL : (void *)pkmap_addr((unsigned int)nr);
}

static __attribute__((noinline)) void kunmap_slow(unsigned long pfn)
{
	unsigned long flags;
	int nr;

	spin_lock_irqsave(&kmap_lock, flags);
	nr = pkmap_lookup(pfn);
	if (nr < 0 || pkmap_put((unsigned int)nr) < 0) {
		stats.bad_kunmap++;
		spin_unlock_irqrestore(&kmap_lock, flags);
		WARN(1, "kunmap: page pfn %#lx is not kmapped\n", pfn);
		return;
	}
	spin_unlock_irqrestore(&kmap_lock, flags);
}

void kunmap(struct page *page)
{
	unsigned long pfn;
	int nr, c;

	if (!PageHighMem(page))
		return;
	pfn = page_to_pfn(page);
	nr = pkmap_guess(pfn);
	/* The count is read before the pfn: a slot with a count >= 2 that
	 * holds pfn afterwards is pfn's mapping, the one the caller holds. */
	if (likely(nr >= 0)) {
		c = pkmap_count_read((unsigned int)nr);
		if (likely(c > PKMAP_UNUSED && pkmap_holds((unsigned int)nr, pfn) &&
			   __atomic_compare_exchange_n(&pkmap_count[nr], &c, c - 1, false,
						       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))) {
			if (unlikely(c - 1 == PKMAP_UNUSED))
				__atomic_store_n(&pkmap_full_reported, false, __ATOMIC_RELAXED);
			return;
		}
	}
	kunmap_slow(pfn);
}

void *kmap_page_address(struct page *page)
{
	unsigned long flags;
	int nr;

	if (!PageHighMem(page))
		return page_address(page);
	spin_lock_irqsave(&kmap_lock, flags);
	nr = pkmap_lookup(page_to_pfn(page));
	spin_unlock_irqrestore(&kmap_lock, flags);
	return nr < 0 ? NULL : (void *)pkmap_addr(nr);
}

int pkmap_slot_count(const void *addr)
{
	unsigned long vaddr = (unsigned long)addr;

	int c;

	if (vaddr < pkmap_addr(0) || vaddr >= pkmap_addr(LAST_PKMAP))
		return -1;
	c = pkmap_count_read((vaddr - pkmap_addr(0)) >> PAGE_SHIFT);
	return c == PKMAP_FLUSHING ? 0 : c;
}

/* ------------------------------------------------------------------------
 * Helpers for mm/.
 */

void clear_highpage(struct page *page)
{
	void *addr = kmap_local_page(page);

	BUG_ON(!addr);
	memset(addr, 0, PAGE_SIZE);
	kunmap_local(addr);
}

void memcpy_to_page(struct page *page, size_t offset, const void *src, size_t len)
{
	u8 *addr;

	BUG_ON(offset > PAGE_SIZE || len > PAGE_SIZE - offset);
	addr = kmap_local_page(page);
	BUG_ON(!addr);
	memcpy(addr + offset, src, len);
	kunmap_local(addr);
}

void memcpy_from_page(void *dst, struct page *page, size_t offset, size_t len)
{
	const u8 *addr;

	BUG_ON(offset > PAGE_SIZE || len > PAGE_SIZE - offset);
	addr = kmap_local_page(page);
	BUG_ON(!addr);
	memcpy(dst, addr + offset, len);
	kunmap_local((void *)addr);
}

/* ------------------------------------------------------------------------
 * State.
 */

void kmap_get_pool_state(struct kmap_pool_state *st)
{
	unsigned long flags;

	spin_lock_irqsave(&kmap_lock, flags);
	pkmap_tally(st);
	spin_unlock_irqrestore(&kmap_lock, flags);
	st->atomic_depth = kmap_atomic_depth();
}

void kmap_get_stats(struct kmap_stats *st)
{
	unsigned long flags;

	spin_lock_irqsave(&kmap_lock, flags);
	*st = stats;
	spin_unlock_irqrestore(&kmap_lock, flags);
	st->bad_context = __atomic_load_n(&bad_context, __ATOMIC_RELAXED);
	kmap_atomic_get_stats(st);
}

unsigned int kmap_slots_in_use(void)
{
	struct kmap_pool_state st;

	kmap_get_pool_state(&st);
	return st.in_use + kmap_atomic_depth_all();
}

void kmap_show_state(void)
{
	struct kmap_pool_state st;
	unsigned int i;

	kmap_get_pool_state(&st);
	pr_info("kmap: pkmap %u free, %u unused, %u in use of %d; atomic stack %u of %d\n",
		st.free, st.unused, st.in_use, LAST_PKMAP, st.atomic_depth, KM_MAX_IDX);
	for (i = 0; i < LAST_PKMAP; i++) {
		int c = pkmap_count_read(i);

		if (c > PKMAP_UNUSED)
			pr_info("  pkmap  %#lx pfn %#lx users %d\n", pkmap_addr(i),
				pkmap_pfn[i], c - 1);
	}
	kmap_atomic_show();
}

void kmap_reset(void)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&kmap_lock, flags);
	for (i = 0; i < LAST_PKMAP; i++) {
		if (pkmap_count[i] > 0)
			arch_unmap_kernel_page(pkmap_addr(i));
	}
	memset(pkmap_count, 0, sizeof(pkmap_count));
	memset(pkmap_next, 0, sizeof(pkmap_next));
	memset(pkmap_hash, 0, sizeof(pkmap_hash));
	memset(&stats, 0, sizeof(stats));
	bad_context = 0;
	last_pkmap_nr = 0;
	pkmap_full_reported = false;
	kmap_atomic_reset();
	spin_unlock_irqrestore(&kmap_lock, flags);
	arch_flush_tlb_all();
}
