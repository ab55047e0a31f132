/* Per-CPU page lists (Linux's per_cpu_pages): per zone and per CPU, one
 * LIFO list of order-0 pages per migratetype in front of the buddy lists
 * (struct per_cpu_pages in mmzone.h). Allocation (page_alloc.c) pops them
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

/* Return up to n pages to the buddy lists, taking one from each non-empty
 * list in turn (Linux's free_pcppages_bulk round robin). Zone lock held.
 * Returns the number returned. */
static unsigned long __pcp_spill(struct zone *zone, struct per_cpu_pages *pcp, unsigned long n)
{
	unsigned long done = 0;
	int mt = 0, empty = 0;

	while (done < n && empty < MIGRATE_PCPTYPES) {
		struct list_head *top = pcp->lists[mt];

		if (top) {
			struct page *page = pcp_page(top);

			pcp->lists[mt] = top->next;
			/* The list is the migratetype the page was allocated
			 * for; the buddy list is its pageblock's. */
			__free_one_page(page, zone, 0, get_pageblock_migratetype(page));
			done++;
			empty = 0;
		} else {
			empty++;
		}
		mt = (mt + 1) % MIGRATE_PCPTYPES;
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
 * managed_pages changed, then spill batch pages if still at high. */
void __slowpath pcp_resize_or_spill(struct zone *zone, struct per_cpu_pages *pcp)
{
	if (pcp->sized_for != zone->managed_pages)
		pcp_set_size(zone, pcp);
	if (pcp->count >= pcp->high)
		pcp_spill(zone, pcp, (unsigned long)pcp->batch);
}

/* The mt list is empty: refill it with batch pages from the buddy lists
 * (with the usual migratetype fallback) under one acquisition of the zone
 * lock, in the order the buddy hands them out, so they are popped in
 * ascending pfn order. Returns the top page's lru (still on the list), or
 * NULL when the zone has no page at all. (Linux's rmqueue_bulk.) */
struct list_head *__slowpath pcp_refill(struct zone *zone, struct per_cpu_pages *pcp,
						   int mt)
{
	struct list_head *first = NULL, **tail = &first;
	int i;

	if (pcp->sized_for != zone->managed_pages)
		pcp_set_size(zone, pcp);
	spin_lock(&zone->lock);
	for (i = 0; i < pcp->batch; i++) {
		struct page *page = __rmqueue(zone, 0, mt);

		if (!page)
			break;
		*tail = &page->lru;
		tail = &page->lru.next;
	}
	pcp->count += i;
	spin_unlock(&zone->lock);
	*tail = NULL;
	pcp->lists[mt] = first;
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
