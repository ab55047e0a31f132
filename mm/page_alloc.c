/* The buddy allocator: per-zone, per-order, per-migratetype free lists;
 * split on allocation, merge with the buddy (pfn ^ (1 << order)) on free;
 * zone fallback downwards from gfp_zone(); migratetype fallback with
 * pageblock stealing (Linux's order); watermarks (watermark.c). In front
 * of the buddy lists, per zone, the per-CPU lists (struct per_cpu_pages in
 * mmzone.h) serve order-0 allocations and frees.
 *
 * Locking: free lists, per-CPU lists and zone counters change only with
 * interrupts disabled (arch_irq_save), so interrupt handlers may allocate. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/might_sleep.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <mm/arch.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <mm/oom.h>
#include <mm/shrinker.h>

struct pglist_data contig_page_data;
struct page *mem_map;
unsigned long mem_map_pfns;

static unsigned long nr_accounted;
static page_reclaim_fn reclaim_fn;     /* NULL: try_to_free_pages() */
static LIST_HEAD(bad_page_list);
static unsigned long nr_bad_quarantined;

/* Reclaim passes without progress, in a row, before a retrying request
 * gives up (Linux's value). */
#define MAX_RECLAIM_RETRIES 16
/* Reclaim passes of one request, progress or not, before the allocator
 * stops and warns: reclaim that frees pages the request cannot use (other
 * zones, scattered pages) must not spin forever. */
#define MAX_RECLAIM_ROUNDS 4096

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

/* Kept out of line and out of the hot text: the per-CPU fast paths call
 * these only on a refill, a spill or a bad page. */
#define __slowpath __attribute__((noinline, cold))

/* Where each migratetype looks when its own lists are empty (Linux's
 * fallback order). */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

void set_pageblock_migratetype(struct page *page, int mt)
{
	struct page *first = pageblock_first_page(page);

	if (page_group_by_mobility_disabled && mt < MIGRATE_PCPTYPES)
		mt = MIGRATE_UNMOVABLE;
	first->flags = (first->flags & ~(PAGE_PBMT_MASK << PAGE_PBMT_SHIFT)) |
		       ((unsigned long)mt << PAGE_PBMT_SHIFT);
}

/* ------------------------------------------------------------------------
 * Free-list primitives; interrupts disabled.
 */

static void add_to_free_area(struct page *page, struct zone *zone,
			     unsigned int order, int mt)
{
	page->private = order;
	set_page_migratetype(page, mt);
	SetPageBuddy(page);
	list_add(&page->lru, &zone->free_area[order].free_list[mt]);
	zone->free_area[order].nr_free++;
}

static void del_from_free_area(struct page *page, struct zone *zone, unsigned int order)
{
	list_del(&page->lru);
	ClearPageBuddy(page);
	page->private = 0;
	zone->free_area[order].nr_free--;
}

/* Put a free block on the lists, merging it with free buddies of the same
 * order in the same zone for as long as possible. */
static void __free_one_page(struct page *page, struct zone *zone,
			    unsigned int order, int mt)
{
	unsigned long pfn = page_to_pfn(page);

	zone->free_pages += 1UL << order;
	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		if (!zone_spans_pfn(zone, buddy_pfn))
			break;
		buddy = pfn_to_page(buddy_pfn);
		if (!PageBuddy(buddy) || buddy->private != order ||
		    page_zonenum(buddy) != zone_idx(zone))
			break;
		del_from_free_area(buddy, zone, order);
		pfn &= buddy_pfn;
		order++;
	}
	add_to_free_area(pfn_to_page(pfn), zone, order, mt);
}

/* Split a block of order high down to order low, returning the upper
 * halves to the mt lists. */
static void expand(struct zone *zone, struct page *page, unsigned int low,
		   unsigned int high, int mt)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_area(page + size, zone, high, mt);
	}
}

static struct page *__rmqueue_smallest(struct zone *zone, unsigned int order, int mt)
{
	unsigned int o;

	for (o = order; o < MAX_ORDER; o++) {
		struct list_head *list = &zone->free_area[o].free_list[mt];
		struct page *page;

		if (list_empty(list))
			continue;
		page = list_first_entry(list, struct page, lru);
		del_from_free_area(page, zone, o);
		expand(zone, page, order, o, mt);
		return page;
	}
	return NULL;
}

/* May an allocation of start_mt take a whole pageblock of another type when
 * it falls back at this order? (Linux's can_steal_fallback.) */
static bool can_steal_fallback(unsigned int order, int start_mt)
{
	if (order >= pageblock_order)
		return true;
	return order >= pageblock_order / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE || page_group_by_mobility_disabled;
}

/* The first fallback type with a free block at this order, or -1. */
static int find_suitable_fallback(struct free_area *area, unsigned int order,
				  int start_mt, bool *can_steal)
{
	int i;

	if (area->nr_free == 0)
		return -1;
	for (i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		int mt = fallbacks[start_mt][i];

		if (list_empty(&area->free_list[mt]))
			continue;
		*can_steal = can_steal_fallback(order, start_mt);
		return mt;
	}
	return -1;
}

/* Move every free block of page's pageblock (within the zone) to the mt
 * lists. Returns the free pages moved; *movable gets the allocated pages
 * whose recorded migratetype is movable. */
static unsigned long move_freepages_block(struct zone *zone, struct page *page,
					  int mt, unsigned long *movable)
{
	unsigned long start = page_to_pfn(page) & ~(pageblock_nr_pages - 1);
	unsigned long end = start + pageblock_nr_pages, pfn, moved = 0;

	start = max(start, zone->zone_start_pfn);
	end = min(end, zone_end_pfn(zone));
	*movable = 0;
	for (pfn = start; pfn < end;) {
		struct page *p = pfn_to_page(pfn);

		if (PageBuddy(p)) {
			unsigned int order = (unsigned int)p->private;

			list_move(&p->lru, &zone->free_area[order].free_list[mt]);
			set_page_migratetype(p, mt);
			moved += 1UL << order;
			pfn += 1UL << order;
		} else if (page_count(p) > 0 && !PageReserved(p) && !PageTail(p) &&
			   p->private < MAX_ORDER) {
			unsigned long n = 1UL << p->private;

			if (page_migratetype(p) == MIGRATE_MOVABLE)
				*movable += n;
			pfn += n;
		} else {
			pfn++;
		}
	}
	return moved;
}

/* Take the free block page (of a fallback type) for start_mt: the whole
 * pageblock when the block is one, or when at least half of it is free or
 * "alike" (allocated for start_mt's kind); otherwise only this block.
 * (Linux's steal_suitable_fallback.) */
static void steal_suitable_fallback(struct zone *zone, struct page *page,
				    int start_mt, bool whole_block)
{
	unsigned int order = (unsigned int)page->private;
	int old_mt = get_pageblock_migratetype(page);
	unsigned long free, movable, alike;

	if (order >= pageblock_order) {
		set_pageblock_migratetype(page, start_mt);
		list_move(&page->lru, &zone->free_area[order].free_list[start_mt]);
		set_page_migratetype(page, start_mt);
		return;
	}
	if (whole_block) {
		free = move_freepages_block(zone, page, start_mt, &movable);
		if (start_mt == MIGRATE_MOVABLE)
			alike = movable;
		else if (old_mt == MIGRATE_MOVABLE)
			alike = pageblock_nr_pages - min(pageblock_nr_pages, free + movable);
		else
			alike = 0;
		if (free && free + alike >= pageblock_nr_pages / 2)
			set_pageblock_migratetype(page, start_mt);
		if (free)
			return;
	}
	list_move(&page->lru, &zone->free_area[order].free_list[start_mt]);
	set_page_migratetype(page, start_mt);
}

/* No block of start_mt: steal from a fallback type. Largest blocks first
 * (fewer, larger steals fragment less), except that a movable request that
 * could not take a whole pageblock uses the smallest suitable block. */
static bool __rmqueue_fallback(struct zone *zone, unsigned int order, int start_mt)
{
	int o, mt = -1;
	bool can_steal = false;

	for (o = MAX_ORDER - 1; o >= (int)order; o--) {
		mt = find_suitable_fallback(&zone->free_area[o], (unsigned int)o,
					    start_mt, &can_steal);
		if (mt < 0)
			continue;
		if (!can_steal && start_mt == MIGRATE_MOVABLE && o > (int)order) {
			for (o = (int)order; o < MAX_ORDER; o++) {
				mt = find_suitable_fallback(&zone->free_area[o],
							    (unsigned int)o, start_mt,
							    &can_steal);
				if (mt >= 0)
					break;
			}
		}
		break;
	}
	if (mt < 0 || o < (int)order || o >= MAX_ORDER)
		return false;
	steal_suitable_fallback(zone,
				list_first_entry(&zone->free_area[o].free_list[mt],
						 struct page, lru),
				start_mt, can_steal);
	return true;
}

static struct page *__rmqueue(struct zone *zone, unsigned int order, int mt)
{
	struct page *page;

	for (;;) {
		page = __rmqueue_smallest(zone, order, mt);
		if (page || !__rmqueue_fallback(zone, order, mt))
			break;
	}
	if (page) {
		zone->free_pages -= 1UL << order;
		set_page_migratetype(page, mt);
	}
	return page;
}

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

static inline struct page *pcp_page(struct list_head *lru)
{
	return list_entry(lru, struct page, lru);
}

static inline void pcp_push(struct per_cpu_pages *pcp, struct page *page, int mt)
{
	page->lru.next = pcp->lists[mt];
	pcp->lists[mt] = &page->lru;
	pcp->count++;
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
			pcp->lists[mt] = top->next;
			pcp->count--;
			__free_one_page(pcp_page(top), zone, 0, mt);
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
static void __slowpath pcp_free_slow(struct zone *zone, struct per_cpu_pages *pcp)
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
static struct list_head *__slowpath pcp_refill(struct zone *zone, struct per_cpu_pages *pcp,
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

static unsigned long drain_pages(void)
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
 * Allocation.
 */

static void zero_pages(struct page *page, unsigned int order)
{
	unsigned long i;

	if (!PageHighMem(page)) {
		memset(page_address(page), 0, PAGE_SIZE << order);
		return;
	}
	for (i = 0; i < (1UL << order); i++) {
		void *v = kmap_atomic(page + i);

		memset(v, 0, PAGE_SIZE);
		kunmap_atomic(v);
	}
}

static void quarantine_block(struct page *page, unsigned int order)
{
	unsigned long flags = arch_irq_save();

	SetPageBad(page);
	page->private = order;
	list_add_tail(&page->lru, &bad_page_list);
	nr_bad_quarantined += 1UL << order;
	arch_irq_restore(flags);
}

/* Flags no page taken from the free lists may carry (Linux's
 * PAGE_FLAGS_CHECK_AT_PREP). */
#define PAGE_FLAGS_CHECK_AT_PREP ((1UL << PG_buddy) | (1UL << PG_reserved) | \
				  (1UL << PG_head) | (1UL << PG_tail) | (1UL << PG_bad) | \
				  (1UL << PG_slab) | (1UL << PG_accounted))

static inline bool new_page_clean(const struct page *p)
{
	return !(p->flags & PAGE_FLAGS_CHECK_AT_PREP) && page_count(p) == 0;
}

/* Report and quarantine the block of a page found in a bad state. */
static void __slowpath bad_new_block(struct page *page, struct page *p, unsigned int order)
{
	bad_page(p, (p->flags & PAGE_FLAGS_CHECK_AT_PREP) ?
		 "PAGE_FLAGS_CHECK_AT_PREP flag(s) set" : "nonzero _refcount");
	quarantine_block(page, order);
}

/* Check a block just taken from the lists (buddy or per-CPU): nothing but
 * zone and migratetype bits set, no references; verify its poison when
 * page_poison=1. A bad block is reported and quarantined; returns false. */
static inline bool check_new_pages(struct page *page, unsigned int order)
{
	unsigned long i;

	for (i = 0; i < (1UL << order); i++) {
		if (unlikely(!new_page_clean(page + i))) {
			bad_new_block(page, page + i, order);
			return false;
		}
	}
	if (unlikely(page_poison_enabled))
		kernel_check_poison(page, order);
	return true;
}

/* The rarer parts of preparing a block: compound, accounting, zeroing. */
static void __slowpath prep_new_page_extra(struct page *page, unsigned int order, gfp_t gfp)
{
	unsigned long i;

	if ((gfp & __GFP_COMP) && order) {
		SetPageHead(page);
		for (i = 1; i < (1UL << order); i++) {
			SetPageTail(page + i);
			page[i].first_page = page;
		}
	}
	if (gfp & __GFP_ACCOUNT) {
		unsigned long flags = arch_irq_save();

		SetPageAccounted(page);
		nr_accounted += 1UL << order;
		arch_irq_restore(flags);
	}
	if (gfp & __GFP_ZERO)
		zero_pages(page, order);
}

static inline void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	set_page_count(page, 1);
	page->private = order;
	if (unlikely(gfp & (__GFP_COMP | __GFP_ACCOUNT | __GFP_ZERO)))
		prep_new_page_extra(page, order, gfp);
}

/* The highest populated zone at or below idx, or -1. */
static int classzone_for(int idx)
{
	for (; idx >= 0; idx--)
		if (populated_zone(&contig_page_data.node_zones[idx]))
			return idx;
	return -1;
}

/* Linux's zone_watermark_fast(): for order 0, a zone comfortably above
 * the mark passes without the reserve arithmetic. */
static inline bool zone_watermark_fast(const struct zone *zone, unsigned int order,
				       unsigned long mark, int classzone, unsigned int alloc_flags)
{
	if (!order && zone->free_pages > mark + zone->lowmem_reserve[classzone])
		return true;
	return zone_watermark_ok(zone, order, mark, classzone, alloc_flags);
}

/* Pop an order-0 page from the zone's mt per-CPU list, refilling it from
 * the buddy lists when empty. NULL when the zone has no free page. */
static inline struct page *rmqueue_pcplist(struct zone *zone, int mt)
{
	struct per_cpu_pages *pcp = &zone->pcp;
	unsigned long flags = arch_irq_save();
	struct list_head *top = pcp->lists[mt];

	if (unlikely(!top)) {
		top = pcp_refill(zone, pcp, mt);
		if (!top) {
			arch_irq_restore(flags);
			return NULL;
		}
	}
	pcp->lists[mt] = top->next;
	pcp->count--;
	arch_irq_restore(flags);
	return pcp_page(top);
}

/* A checked block of 2^order pages from zone, or NULL. */
static inline struct page *rmqueue(struct zone *zone, unsigned int order, int mt)
{
	struct page *page;

	for (;;) {
		if (likely(order == 0)) {
			page = rmqueue_pcplist(zone, mt);
		} else {
			unsigned long flags = arch_irq_save();

			page = __rmqueue(zone, order, mt);
			arch_irq_restore(flags);
		}
		if (!page || check_new_pages(page, order))
			return page;
	}
}

static struct page *get_page_from_freelist(gfp_t gfp, unsigned int order,
					   unsigned int alloc_flags, int high_idx, int mt)
{
	int classzone = classzone_for(high_idx), idx;

	for (idx = classzone; idx >= 0; idx--) {
		struct zone *zone = &contig_page_data.node_zones[idx];
		struct page *page;

		if (!populated_zone(zone))
			continue;
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_fast(zone, order,
					 zone->watermark[alloc_flags & ALLOC_WMARK_MASK],
					 classzone, alloc_flags))
			continue;
		page = rmqueue(zone, order, mt);
		if (page) {
			prep_new_page(page, order, gfp);
			return page;
		}
	}
	return NULL;
}

static struct page *__try_alloc(gfp_t gfp, unsigned int order, unsigned int alloc_flags,
				int high_idx, int mt)
{
	struct page *page;

	page = get_page_from_freelist(gfp, order, alloc_flags & ~ALLOC_NO_WATERMARKS,
				      high_idx, mt);
	if (!page && (alloc_flags & ALLOC_NO_WATERMARKS))
		page = get_page_from_freelist(gfp, order, alloc_flags, high_idx, mt);
	return page;
}

/* One slow-path attempt. Pages waiting on the per-CPU lists are not seen
 * by the watermarks nor merged into higher orders, so an attempt that
 * fails drains them and tries once more before it counts as a failure
 * (Linux drains in __alloc_pages_direct_reclaim; here every failing
 * attempt does, atomic ones included, so exhaustion sees every page). */
static struct page *try_alloc(gfp_t gfp, unsigned int order, unsigned int alloc_flags,
			      int high_idx, int mt)
{
	struct page *page = __try_alloc(gfp, order, alloc_flags, high_idx, mt);

	if (!page && drain_pages())
		page = __try_alloc(gfp, order, alloc_flags, high_idx, mt);
	return page;
}

/* Does this failure call for the out-of-memory report? Linux's rules for
 * invoking the OOM killer: not for costly orders, not for requests that
 * asked to fail early (__GFP_NORETRY, __GFP_RETRY_MAYFAIL), not for
 * lowmem-only (__GFP_DMA) requests, and not without __GFP_FS (I/O-less
 * reclaim is expected to fail more often). */
static bool may_oom(gfp_t gfp, unsigned int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return false;
	if (gfp & (__GFP_NORETRY | __GFP_RETRY_MAYFAIL | __GFP_THISNODE))
		return false;
	if (gfp_zone(gfp) < ZONE_NORMAL)
		return false;
	return (gfp & __GFP_FS) != 0;
}

/* Should a request that just reclaimed (progress pages) try again?
 * REFERENCE.md §4: __GFP_NORETRY never retries, orders above
 * PAGE_ALLOC_COSTLY_ORDER retry only with __GFP_RETRY_MAYFAIL, the rest
 * retry while reclaim makes progress, up to MAX_RECLAIM_RETRIES passes
 * without progress in a row. __GFP_NOFAIL always retries while there is
 * progress. *no_progress counts the passes without. */
static bool should_retry(gfp_t gfp, unsigned int order, unsigned long progress,
			 unsigned int *no_progress)
{
	if (!(gfp & __GFP_NOFAIL)) {
		if (gfp & __GFP_NORETRY)
			return false;
		if (order > PAGE_ALLOC_COSTLY_ORDER && !(gfp & __GFP_RETRY_MAYFAIL))
			return false;
	}
	if (progress) {
		*no_progress = 0;
		return true;
	}
	return ++*no_progress <= MAX_RECLAIM_RETRIES;
}

static unsigned long direct_reclaim(gfp_t gfp, unsigned int order)
{
	return reclaim_fn ? reclaim_fn(gfp, order) : try_to_free_pages(gfp, order);
}

/* Direct reclaim and retries as REFERENCE.md §4 describes, for a mask
 * that may sleep. Never spins silently: the loop ends after
 * MAX_RECLAIM_ROUNDS passes with a warning. When reclaim runs dry a
 * __GFP_NOFAIL request gets the atomic reserves (Linux's last resort) or
 * panics with the out-of-memory report; others may get the report
 * (*oom_reported) and fail. */
static struct page *alloc_with_reclaim(gfp_t gfp, unsigned int order, unsigned int alloc_flags,
				       int high_idx, int mt, bool *oom_reported)
{
	unsigned int no_progress = 0, rounds = 0;
	struct page *page;

	for (;;) {
		unsigned long progress = direct_reclaim(gfp, order);

		page = try_alloc(gfp, order, alloc_flags, high_idx, mt);
		if (page)
			return page;
		if (!should_retry(gfp, order, progress, &no_progress))
			break;
		if (WARN(++rounds >= MAX_RECLAIM_ROUNDS,
			 "alloc_pages: order %u mode %#x: reclaim progresses without end",
			 order, gfp))
			break;
	}
	if (gfp & __GFP_NOFAIL) {
		page = try_alloc(gfp, order, alloc_flags | ALLOC_HARDER | ALLOC_HIGH,
				 high_idx, mt);
		if (page)
			return page;
		oom_nofail_panic(gfp, order);
	}
	if (may_oom(gfp, order)) {
		out_of_memory(gfp, order);
		*oom_reported = true;
	}
	return NULL;
}

/* Watermarks at min with the mask's reserves after waking kswapd, then
 * direct reclaim when the mask may sleep. A __GFP_NOFAIL request that
 * cannot reclaim (no __GFP_DIRECT_RECLAIM, or stripped in atomic context)
 * gets the atomic reserves, then is reported and fails, as Linux fails it
 * with a warning. */
static struct page *alloc_slowpath(gfp_t gfp, unsigned int order, int high_idx, int mt)
{
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp);
	bool oom_reported = false;
	struct page *page;

	if (gfp & __GFP_KSWAPD_RECLAIM)
		wakeup_kswapd(classzone_for(high_idx), order);
	page = try_alloc(gfp, order, alloc_flags, high_idx, mt);
	if (page)
		return page;
	if (gfpflags_allow_blocking(gfp)) {
		page = alloc_with_reclaim(gfp, order, alloc_flags, high_idx, mt, &oom_reported);
		if (page)
			return page;
	} else if (gfp & __GFP_NOFAIL) {
		page = try_alloc(gfp, order, alloc_flags | ALLOC_HARDER | ALLOC_HIGH,
				 high_idx, mt);
		if (page)
			return page;
		pr_emerg("BUG: __GFP_NOFAIL allocation of order %u cannot be satisfied (no reclaim)\n",
			 order);
		warn_alloc(gfp & ~__GFP_NOWARN, order);
		return NULL;
	}
	/* The out-of-memory report stands for the failure report. */
	if (!(gfp & __GFP_NOWARN) && !oom_reported)
		warn_alloc(gfp, order);
	return NULL;
}

/* gfp_zone() by zone-modifier bits, plus one; 0 until first seen. Only
 * valid combinations are remembered, so gfp_zone() still sees (and
 * reports) every invalid one. */
static u8 gfp_zone_known[GFP_ZONEMASK + 1];

static int __slowpath gfp_zone_learn(gfp_t gfp)
{
	int idx = gfp_zone(gfp);

	if (gfp_zone_valid(gfp))
		gfp_zone_known[gfp & GFP_ZONEMASK] = (u8)(idx + 1);
	return idx;
}

static inline int alloc_gfp_zone(gfp_t gfp)
{
	int known = gfp_zone_known[gfp & GFP_ZONEMASK];

	return likely(known) ? known - 1 : gfp_zone_learn(gfp);
}

/* The order-0 fast path: the first attempt get_page_from_freelist() would
 * make (the classzone's own zone, order-0 watermark check, a page from the
 * mt per-CPU list), without a refill. NULL sends the request down the
 * general path, which repeats the attempt with refills and lower zones. */
static inline struct page *alloc_pcp_fast(gfp_t gfp, int high_idx, int mt)
{
	struct zone *zone = &contig_page_data.node_zones[high_idx];
	struct list_head *top;
	struct page *page;
	unsigned long flags;

	while (unlikely(!populated_zone(zone))) {
		if (zone == contig_page_data.node_zones)
			return NULL;
		zone--;
	}
	/* The zone is the classzone: its own lowmem_reserve entry is 0. */
	if (zone->free_pages <= low_wmark_pages(zone))
		return NULL;
	flags = arch_irq_save();
	top = zone->pcp.lists[mt];
	if (likely(top)) {
		zone->pcp.lists[mt] = top->next;
		zone->pcp.count--;
	}
	arch_irq_restore(flags);
	if (unlikely(!top))
		return NULL;
	page = pcp_page(top);
	if (unlikely(!check_new_pages(page, 0)))
		return NULL;
	prep_new_page(page, 0, gfp);
	return page;
}

/* Everything but the order-0 fast path: the zone walk with refills and
 * the full watermark check, then the slow path. */
static struct page *__attribute__((noinline))
alloc_pages_general(gfp_t gfp, unsigned int order, int high_idx, int mt)
{
	struct page *page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW, high_idx, mt);

	return page ? page : alloc_slowpath(gfp, order, high_idx, mt);
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	struct page *page;
	int high_idx, mt;

	WARN_ONCE(nid != 0 && nid != NUMA_NO_NODE, "alloc_pages_node: no node %d, using 0", nid);
	if (order >= MAX_ORDER) {
		WARN_ONCE(!(gfp & __GFP_NOWARN), "alloc_pages: order %u >= MAX_ORDER", order);
		return NULL;
	}
	if (WARN_ONCE(gfp & ~__GFP_BITS_MASK, "alloc_pages: unknown GFP bits %#x",
		      gfp & ~__GFP_BITS_MASK))
		gfp &= __GFP_BITS_MASK;
	WARN_ONCE((gfp & __GFP_NOFAIL) && order > 1,
		  "alloc_pages: __GFP_NOFAIL with order %u > 1", order);
	/* A mask that may sleep from interrupt or atomic context: reported
	 * (once per call site), then served as an atomic request. */
	if ((gfp & __GFP_DIRECT_RECLAIM) && might_sleep())
		gfp &= ~__GFP_DIRECT_RECLAIM;
	if (!mem_map)
		return NULL;

	high_idx = alloc_gfp_zone(gfp);
	mt = gfp_migratetype(gfp);
	if (WARN_ONCE(mt >= MIGRATE_PCPTYPES,
		      "alloc_pages: both __GFP_MOVABLE and __GFP_RECLAIMABLE"))
		mt = MIGRATE_MOVABLE;
	if (page_group_by_mobility_disabled)
		mt = MIGRATE_UNMOVABLE;

	if (likely(order == 0)) {
		page = alloc_pcp_fast(gfp, high_idx, mt);
		if (likely(page))
			return page;
	}
	return alloc_pages_general(gfp, order, high_idx, mt);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page;

	if (WARN(gfp & __GFP_HIGHMEM,
		 "__get_free_pages: __GFP_HIGHMEM refused (a highmem page has no address)"))
		return 0;
	page = alloc_pages(gfp, order);
	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

/* ------------------------------------------------------------------------
 * Freeing.
 */

/* Return a block whose state is clean (refcount 0, no flags but zone and
 * migratetype bits) to the free lists. */
static void free_block(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);
	unsigned long flags;

	if (page_poison_enabled)
		kernel_poison_pages(page, order);
	flags = arch_irq_save();
	__free_one_page(page, zone, order, get_pageblock_migratetype(page));
	arch_irq_restore(flags);
}

/* The head's state before its last reference goes: a reason to refuse
 * the free, or NULL. */
static const char *check_free_head(const struct page *page)
{
	if (PageReserved(page))
		return "freeing a reserved page";
	if (PageBad(page))
		return "freeing a page already reported bad";
	if (PageBuddy(page))
		return "freeing an already-free page";
	if (PageTail(page))
		return "freeing a tail page of a compound page";
	if (page_count(page) == 0)
		return "double free (refcount already 0)";
	if (page_count(page) < 0)
		return "bad refcount (negative)";
	return NULL;
}

/* Clear the block's allocation state; returns false (and reports) when a
 * page of it is in a state that must not reach the free lists. */
static bool free_pages_prepare(struct page *page, unsigned int order)
{
	bool compound = PageHead(page);
	unsigned long i;

	const unsigned long checked = (1UL << PG_tail) | (1UL << PG_head) | (1UL << PG_buddy) |
				      (1UL << PG_reserved) | (1UL << PG_bad);
	const unsigned long expected = compound ? 1UL << PG_tail : 0;

	for (i = 1; i < (1UL << order); i++) {
		struct page *p = page + i;
		const char *why = NULL;

		/* One test for the common case, a clean tail; classify only
		 * when something is off. */
		if (likely((p->flags & checked) == expected && p->_refcount == 0 &&
			   (!compound || p->first_page == page)))
			continue;
		if (compound && (!PageTail(p) || p->first_page != page))
			why = "corrupted compound tail";
		else if (!compound && (PageTail(p) || PageHead(p)))
			why = "compound page freed without __GFP_COMP order";
		else if (PageBuddy(p) || PageReserved(p) || PageBad(p))
			why = "PAGE_FLAGS_CHECK_AT_FREE flag(s) set";
		else if (page_count(p) != 0)
			why = "bad refcount (nonzero _refcount in a tail page)";
		if (why) {
			bad_page(p, why);
			return false;
		}
	}
	for (i = 1; compound && i < (1UL << order); i++) {
		ClearPageTail(page + i);
		page[i].first_page = NULL;
	}
	ClearPageHead(page);
	if (PageAccounted(page)) {
		unsigned long flags = arch_irq_save();

		ClearPageAccounted(page);
		nr_accounted -= 1UL << order;
		arch_irq_restore(flags);
	}
	page->private = 0;
	return true;
}

/* An order-0 page whose state is clean goes on its zone's per-CPU list
 * for its pageblock's migratetype (Linux's free_unref_page); a full list
 * spills batch pages to the buddy lists. Isolate and HighAtomic pageblocks
 * are not served by the lists: their pages go straight to the buddy. */
static inline void free_unref_page(struct page *page)
{
	struct zone *zone = page_zone(page);
	struct per_cpu_pages *pcp = &zone->pcp;
	int mt = get_pageblock_migratetype(page);
	unsigned long flags;

	if (unlikely(page_poison_enabled))
		kernel_poison_pages(page, 0);
	if (unlikely(mt >= MIGRATE_PCPTYPES)) {
		flags = arch_irq_save();
		__free_one_page(page, zone, 0, mt);
		arch_irq_restore(flags);
		return;
	}
	set_page_migratetype(page, mt);
	flags = arch_irq_save();
	pcp_push(pcp, page, mt);
	if (unlikely(pcp->count >= pcp->high))
		pcp_free_slow(zone, pcp);
	arch_irq_restore(flags);
}

/* Flags the head of a block being freed must not carry (reasons in
 * check_free_head()). */
#define PAGE_FLAGS_BAD_FREE_HEAD ((1UL << PG_reserved) | (1UL << PG_bad) | \
				  (1UL << PG_buddy) | (1UL << PG_tail))
/* Head flags that need free_pages_prepare() on an order-0 free. */
#define PAGE_FLAGS_PREPARE_FREE  ((1UL << PG_head) | (1UL << PG_accounted))

static void __slowpath bad_free_head(struct page *page)
{
	/* The page is already free, reserved or quarantined: leave it. */
	bad_page(page, check_free_head(page));
}

static void __slowpath free_wrong_order(struct page *page, unsigned int order)
{
	char why_buf[80];

	snprintf(why_buf, sizeof(why_buf), "wrong order: allocated order %lu, freed as %u",
		 page->private, order);
	bad_page(page, why_buf);
	quarantine_block(page, (unsigned int)page->private);
}

void __free_pages(struct page *page, unsigned int order)
{
	if (!page)
		return;
	if (WARN_ONCE(!pfn_valid(page_to_pfn(page)) || order >= MAX_ORDER,
		      "__free_pages: bad page %p or order %u", (void *)page, order))
		return;
	if (unlikely((page->flags & PAGE_FLAGS_BAD_FREE_HEAD) || page_count(page) <= 0)) {
		bad_free_head(page);
		return;
	}
	if (--page->_refcount > 0)
		return;
	if (unlikely(page->private != order)) {
		free_wrong_order(page, order);
		return;
	}
	if (likely(order == 0 && !(page->flags & PAGE_FLAGS_PREPARE_FREE))) {
		free_unref_page(page);
		return;
	}
	if (!free_pages_prepare(page, order)) {
		quarantine_block(page, order);
		return;
	}
	if (order == 0)
		free_unref_page(page);
	else
		free_block(page, order);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page((const void *)addr), order);
}

void put_page(struct page *page)
{
	page = compound_head(page);
	__free_pages(page, page_count(page) == 1 ? (unsigned int)page->private : 0);
}

unsigned long bad_pages_release(void)
{
	unsigned long released = 0;

	for (;;) {
		unsigned long flags = arch_irq_save(), i;
		struct page *page = NULL;
		unsigned int order;

		if (!list_empty(&bad_page_list)) {
			page = list_first_entry(&bad_page_list, struct page, lru);
			list_del(&page->lru);
			nr_bad_quarantined -= 1UL << page->private;
			if (PageAccounted(page))
				nr_accounted -= 1UL << page->private;
		}
		arch_irq_restore(flags);
		if (!page)
			break;
		order = (unsigned int)page->private;
		for (i = 0; i < (1UL << order); i++) {
			struct page *p = page + i;

			p->flags &= ~((1UL << PG_bad) | (1UL << PG_head) | (1UL << PG_tail) |
				      (1UL << PG_accounted) | (1UL << PG_slab) |
				      (1UL << PG_private) | (1UL << PG_poisoned));
			p->first_page = NULL;
			set_page_count(p, 0);
			p->private = 0;
		}
		free_block(page, order);
		released += 1UL << order;
	}
	return released;
}

unsigned long bad_pages_quarantined(void)
{
	return nr_bad_quarantined;
}

/* ------------------------------------------------------------------------
 * Addresses and counters.
 */

void *page_address(const struct page *page)
{
	if (PageHighMem(page))
		return kmap_page_address((struct page *)page);
	return arch_phys_to_virt(page_to_phys(page));
}

struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(PFN_DOWN(arch_virt_to_phys(addr)));
}

/* NULL restores the built-in direct reclaim, try_to_free_pages(). */
void page_alloc_set_reclaim(page_reclaim_fn fn)
{
	reclaim_fn = fn;
}

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

unsigned long nr_accounted_pages(void)
{
	return nr_accounted;
}
