/* Per-CPU page lists (Linux's per_cpu_pages): per zone and per CPU, one
 * LIFO list per order 0..PAGE_ALLOC_COSTLY_ORDER and migratetype in front
 * of the buddy lists (struct per_cpu_pages in mmzone.h). Allocation (page_alloc.c) pops them
 * and freeing (page_free.c) pushes them inline (mm/internal.h); this file
 * holds their sizing, refill, spill and drain, and the free page counters,
 * which count the pages waiting here too.
 *
 * Locking, who takes what:
 * - a CPU's own set: interrupts disabled on that CPU (arch_irq_save), no
 *   lock; no other CPU touches it. drain_all_pages() asks every other CPU
 *   to drain its own set in its IPI handler (interrupts off there).
 * - the buddy lists and free_pages: zone->lock, spin_lock_irqsave. A
 *   refill or spill moves its whole batch under one acquisition, and
 *   changes count inside it, so that nr_free_pages() and zone_nr_free(),
 *   which sum buddy and every CPU's count under the lock, are exact.
 * pcp_resize_or_spill() and pcp_refill() expect interrupts disabled and
 * take the zone lock; the public functions disable interrupts themselves.
 * drain_all_pages() must not be called with a zone lock held. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <mm/mm.h>

#include "internal.h"

/* Linux 4.19's per-CPU list sizing (zone_batchsize(), pageset_set_batch()):
 * batch is about a thousandth of the zone, at most 512 KiB, divided by 4
 * and rounded down to 2^n - 1; high is 6 * batch. A zone under 32 MiB gets
 * batch 0, which Linux turns into high 0, batch 1: every free goes straight
 * back to the buddy lists and a refill takes one page, so tiny machines
 * behave as without the lists. */
#define PCP_BATCH_ZONE_FRACTION 1024
#define PCP_BATCH_MAX_BYTES     (512 * 1024)
#define PCP_BATCH_DIVISOR       4
#define PCP_HIGH_PER_BATCH      6

/* ------------------------------------------------------------------------
 * Per-CPU lists; interrupts disabled.
 */

static unsigned long rounddown_pow_of_two(unsigned long n)
{
	unsigned long p = 1;

	while (p <= n / 2)
		p *= 2;
	return p;
}

static void pcp_set_size(struct zone *zone, struct per_cpu_pages *pcp)
{
	unsigned long batch = zone->managed_pages / PCP_BATCH_ZONE_FRACTION;

	batch = min(batch, (unsigned long)(PCP_BATCH_MAX_BYTES / PAGE_SIZE));
	batch = max(batch / PCP_BATCH_DIVISOR, 1UL);
	batch = rounddown_pow_of_two(batch + batch / 2) - 1;
	pcp->high = (int)(PCP_HIGH_PER_BATCH * batch);
	pcp->batch = (int)max(batch, 1UL);
	pcp->sized_for = zone->managed_pages;
}

/* Give the free pages [start, end) of zone to the buddy lists as the
 * largest aligned blocks that fit, each to its pageblock's lists. The
 * pages are clean order-0 pages from a per-CPU list; each block is
 * aligned and no larger than the range (at most high pages, less than a
 * pageblock), so it lies in one pageblock. Zone lock held. */
static void __free_pfn_range(struct zone *zone, unsigned long start, unsigned long end)
{
	while (start < end) {
		unsigned int order = (unsigned int)(31 - __builtin_clz((unsigned int)(end - start)));
		struct page *page = pfn_to_page(start);

		if (start & ((1UL << order) - 1))
			order = (unsigned int)__builtin_ctzl(start);
		__free_one_page(page, zone, order, get_pageblock_migratetype(page));
		start += 1UL << order;
	}
}

/* Take from the top of an order-0 list the run of pages whose pfns form
 * one range (pages freed in ascending or descending order, the common
 * case), at most max pages, and give the range back at once: a run of
 * batch pages costs a few merges instead of one per page. Returns the
 * pages taken; *topp moves past them. Zone lock held. */
static unsigned long __pcp_spill_run(struct zone *zone, struct list_head **topp,
				     unsigned long max)
{
	struct list_head *top = *topp;
	struct page *lo = pcp_page(top), *hi = lo;
	unsigned long n = 1;

	/* mem_map is one array: neighbouring pfns are neighbouring pages. */
	for (top = top->next; top && n < max; top = top->next, n++) {
		struct page *page = pcp_page(top);

		if (page == lo - 1)
			lo = page;
		else if (page == hi + 1)
			hi = page;
		else
			break;
	}
	*topp = top;
	__free_pfn_range(zone, page_to_pfn(lo), page_to_pfn(hi) + 1);
	return n;
}

/* Return at least n pages (fewer when the lists run dry) to the buddy
 * lists, whole blocks, the lists in index order, the top of each first.
 * Linux's free_pcppages_bulk() takes the lists in turn for fairness
 * between migratetypes; here the lists are short (high is a few batches)
 * and a walk over empty lists would cost more than the fairness is
 * worth. Zone lock held. Returns the pages returned. */
static unsigned long __pcp_spill(struct zone *zone, struct per_cpu_pages *pcp, unsigned long n)
{
	unsigned long done = 0;
	unsigned int i;

	for (i = 0; i < NR_PCP_LISTS && done < n; i++) {
		unsigned int order = i / MIGRATE_PCPTYPES;
		struct list_head *top = pcp->lists[i];

		while (top && done < n) {
			struct page *page = pcp_page(top);

			if (!order) {
				done += __pcp_spill_run(zone, &top, n - done);
				continue;
			}
			top = top->next;
			/* The list is the migratetype the block was allocated
			 * for; the buddy list is its pageblock's. */
			__free_one_page(page, zone, order, get_pageblock_migratetype(page));
			done += 1UL << order;
		}
		pcp->lists[i] = top;
	}
	pcp->count -= (int)done;
	return done;
}

/* The same under one acquisition of the zone lock; interrupts disabled. */
static unsigned long pcp_spill(struct zone *zone, struct per_cpu_pages *pcp, unsigned long n)
{
	unsigned long done;

	spin_lock(&zone->lock);
	done = __pcp_spill(zone, pcp, n);
	spin_unlock(&zone->lock);
	return done;
}

/* A free brought count to high (or the sizing is stale): resize if
 * managed_pages changed, then, if still at high, spill batch pages plus
 * what a high-order free carried count past high, so that count ends
 * below high. */
void __slowpath pcp_resize_or_spill(struct zone *zone, struct per_cpu_pages *pcp)
{
	if (pcp->sized_for != zone->managed_pages)
		pcp_set_size(zone, pcp);
	if (pcp->count >= pcp->high)
		pcp_spill(zone, pcp, (unsigned long)(pcp->batch + pcp->count - pcp->high));
}

/* Append the 2^chunk blocks of 2^order pages making up the free block
 * page (just taken from the buddy lists) to the list ending at *tail, as
 * free blocks of migratetype mt, in ascending pfn order. Returns the new
 * tail. */
static struct list_head **pcp_carve(struct page *page, unsigned int chunk, unsigned int order,
				    int mt, struct list_head **tail)
{
	struct page *end = page + (1UL << (chunk + order));

	for (; page < end; page += 1UL << order) {
		set_page_migratetype(page, mt);
		*tail = &page->lru;
		tail = &page->lru.next;
	}
	return tail;
}

/* The (order, mt) list is empty: refill it with batch pages' worth of
 * blocks (batch >> order, at least one; Linux 5.14's rmqueue_bulk() call
 * in rmqueue_pcplist()) from the buddy lists, with the usual migratetype
 * fallback, under one acquisition of the zone lock. Linux takes the
 * blocks one at a time; here the count is taken as a few larger blocks
 * (its binary digits, largest first: batch 31 is 16 + 8 + 4 + 2 + 1), each
 * carved into blocks of the order asked for, so a refill costs a handful
 * of buddy allocations and a few instructions per block. A larger block
 * that is not there is replaced by smaller ones. The blocks go on the
 * list in ascending pfn order within each piece, as the buddy hands them
 * out. Returns the top block's lru (still on the list), or NULL when the
 * zone has no block of that order at all. */
struct list_head *__slowpath pcp_refill(struct zone *zone, struct per_cpu_pages *pcp,
					unsigned int order, int mt)
{
	struct list_head *first = NULL, **tail = &first;
	int blocks, need, got = 0;

	if (pcp->sized_for != zone->managed_pages)
		pcp_set_size(zone, pcp);
	blocks = max(pcp->batch >> order, 1);
	spin_lock(&zone->lock);
	/* Room for the refill under high, made on the other lists (this one
	 * is empty): the set never holds more than high pages, however many
	 * of its lists run dry in turn (Linux bounds it on frees only). */
	if (pcp->count + (blocks << order) > pcp->high)
		__pcp_spill(zone, pcp, (unsigned long)(pcp->count + (blocks << order) - pcp->high));
	for (need = blocks; need > 0;) {
		unsigned int chunk = (unsigned int)(31 - __builtin_clz((unsigned int)need));
		struct page *page;

		while (!(page = __rmqueue(zone, order + chunk, mt)) && chunk)
			chunk--;
		if (!page)
			break;
		tail = pcp_carve(page, chunk, order, mt, tail);
		need -= 1 << chunk;
		got += 1 << chunk;
	}
	pcp->count += got << order;
	spin_unlock(&zone->lock);
	*tail = NULL;
	pcp->lists[pcp_index(order, mt)] = first;
	return first;
}

/* Empty this CPU's set of every zone. Interrupts disabled. */
static unsigned long __drain_pages(void)
{
	unsigned int cpu = smp_processor_id();
	struct zone *zone;
	unsigned long n = 0;

	for_each_zone(zone) {
		struct per_cpu_pages *pcp = &zone->pcp[cpu];

		if (pcp->count)
			n += pcp_spill(zone, pcp, (unsigned long)pcp->count);
	}
	return n;
}

unsigned long drain_pages(void)
{
	unsigned long flags = arch_irq_save();
	unsigned long n = __drain_pages();

	arch_irq_restore(flags);
	return n;
}

/* The IPI's work on each other CPU (interrupts off there). *arg counts the
 * pages moved, over all CPUs. */
static void drain_pages_ipi(void *arg)
{
	__atomic_add_fetch((unsigned long *)arg, __drain_pages(), __ATOMIC_RELAXED);
}

unsigned long drain_all_pages_count(void)
{
	unsigned long n = drain_pages();

	arch_smp_call_function(drain_pages_ipi, &n);
	return __atomic_load_n(&n, __ATOMIC_RELAXED);
}

void drain_all_pages(void)
{
	drain_all_pages_count();
}

/* Sizing is a function of managed_pages alone, so writing another CPU's
 * high and batch here races only with that CPU writing the same values. */
void zone_pcp_update(struct zone *zone)
{
	unsigned long flags = arch_irq_save();
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (zone->pcp[cpu].sized_for != zone->managed_pages)
			pcp_set_size(zone, &zone->pcp[cpu]);
	arch_irq_restore(flags);
}

/* ------------------------------------------------------------------------
 * Free page counters.
 */

/* Zone lock held: refills and spills are whole, so buddy and per-CPU
 * counts add up. Another CPU's count is read, never written. */
static unsigned long __zone_nr_free(const struct zone *z)
{
	unsigned long n = z->free_pages;
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		n += (unsigned long)__atomic_load_n(&z->pcp[cpu].count, __ATOMIC_RELAXED);
	return n;
}

unsigned long zone_nr_free(const struct zone *z)
{
	struct zone *zone = (struct zone *)z;   /* the lock only */
	unsigned long flags, n;

	spin_lock_irqsave(&zone->lock, flags);
	n = __zone_nr_free(z);
	spin_unlock_irqrestore(&zone->lock, flags);
	return n;
}

unsigned long nr_free_pages(void)
{
	const struct zone *z;
	unsigned long n = 0;

	for_each_zone(z)
		n += zone_nr_free(z);
	return n;
}

unsigned long nr_pcp_pages(void)
{
	const struct zone *z;
	unsigned long n = 0;
	unsigned int cpu;

	for_each_zone(z)
		for (cpu = 0; cpu < NR_CPUS; cpu++)
			n += (unsigned long)__atomic_load_n(&z->pcp[cpu].count, __ATOMIC_RELAXED);
	return n;
}
