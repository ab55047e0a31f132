/* Per-CPU page lists (Linux's pageset; one CPU here): per zone, one LIFO
 * list of order-0 pages per migratetype in front of the buddy lists
 * (struct per_cpu_pages in mmzone.h). Allocation (page_alloc.c) pops
 * them and freeing (page_free.c) pushes them inline (mm/internal.h); this
 * file holds their sizing, refill, spill and drain, and the free page
 * counters, which count the pages waiting here too.
 *
 * Locking: the per-CPU lists and zone counters change only with
 * interrupts disabled (arch_irq_save), so interrupt handlers may allocate;
 * pcp_resize_or_spill() and pcp_refill() expect their caller to have disabled
 * them, the public functions disable them themselves. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
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
 * list in turn (Linux's free_pcppages_bulk round robin). Returns the
 * number returned. */
static unsigned long pcp_spill(struct zone *zone, struct per_cpu_pages *pcp, unsigned long n)
{
	unsigned long done = 0;
	int mt = 0, empty = 0;

	while (done < n && empty < MIGRATE_PCPTYPES) {
		struct list_head *top = pcp->lists[mt];

		if (top) {
			struct page *page = pcp_page(top);

			pcp->lists[mt] = top->next;
			pcp->count--;
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
 * (with the usual migratetype fallback), in the order the buddy hands them
 * out, so they are popped in ascending pfn order. Returns the top page's
 * lru (still on the list), or NULL when the zone has no page at all.
 * (Linux's rmqueue_bulk.) */
struct list_head *__slowpath pcp_refill(struct zone *zone, struct per_cpu_pages *pcp,
						   int mt)
{
	struct list_head *first = NULL, **tail = &first;
	int i;

	if (pcp->sized_for != zone->managed_pages)
		pcp_set_size(zone, pcp);
	for (i = 0; i < pcp->batch; i++) {
		struct page *page = __rmqueue(zone, 0, mt);

		if (!page)
			break;
		*tail = &page->lru;
		tail = &page->lru.next;
		pcp->count++;
	}
	*tail = NULL;
	pcp->lists[mt] = first;
	return first;
}

/* Pages moved back to the buddy lists. */
static unsigned long drain_zone_pages(struct zone *zone)
{
	unsigned long flags = arch_irq_save();
	unsigned long n = pcp_spill(zone, &zone->pcp, (unsigned long)zone->pcp.count);

	arch_irq_restore(flags);
	return n;
}

unsigned long drain_pages(void)
{
	struct zone *zone;
	unsigned long n = 0;

	for_each_zone(zone)
		if (zone->pcp.count)
			n += drain_zone_pages(zone);
	return n;
}

void drain_all_pages(void)
{
	drain_pages();
}

void zone_pcp_update(struct zone *zone)
{
	unsigned long flags = arch_irq_save();

	if (zone->pcp.sized_for != zone->managed_pages)
		pcp_set_size(zone, &zone->pcp);
	arch_irq_restore(flags);
}

/* ------------------------------------------------------------------------
 * Free page counters.
 */

unsigned long zone_nr_free(const struct zone *z)
{
	return z->free_pages + (unsigned long)z->pcp.count;
}

unsigned long nr_free_pages(void)
{
	unsigned long flags = arch_irq_save(), n = 0;
	const struct zone *z;

	for_each_zone(z)
		n += zone_nr_free(z);
	arch_irq_restore(flags);
	return n;
}

unsigned long nr_pcp_pages(void)
{
	const struct zone *z;
	unsigned long n = 0;

	for_each_zone(z)
		n += (unsigned long)z->pcp.count;
	return n;
}
