/* The buddy allocator: per-zone, per-order, per-migratetype free lists;
 * split on allocation, merge with the buddy (pfn ^ (1 << order)) on free;
 * zone fallback downwards from gfp_zone(); migratetype fallback with
 * pageblock stealing (Linux's order); watermarks (watermark.c).
 *
 * Locking: free lists and zone counters change only with interrupts
 * disabled (arch_irq_save), so interrupt handlers may allocate. */
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

/* Check a block just taken from the lists: nothing but zone and
 * migratetype bits set, no references. A bad block is reported and
 * quarantined; returns false. */
static bool check_new_pages(struct page *page, unsigned int order)
{
	const unsigned long bad_flags = (1UL << PG_buddy) | (1UL << PG_reserved) |
		(1UL << PG_head) | (1UL << PG_tail) | (1UL << PG_bad) |
		(1UL << PG_slab) | (1UL << PG_accounted);
	unsigned long i;

	for (i = 0; i < (1UL << order); i++) {
		struct page *p = page + i;
		const char *why = NULL;

		if (p->flags & bad_flags)
			why = "PAGE_FLAGS_CHECK_AT_PREP flag(s) set";
		else if (page_count(p) != 0)
			why = "nonzero _refcount";
		if (why) {
			bad_page(p, why);
			quarantine_block(page, order);
			return false;
		}
	}
	if (page_poison_enabled)
		kernel_check_poison(page, order);
	return true;
}

static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	unsigned long i;

	set_page_count(page, 1);
	page->private = order;
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

/* The highest populated zone at or below idx, or -1. */
static int classzone_for(int idx)
{
	for (; idx >= 0; idx--)
		if (populated_zone(&contig_page_data.node_zones[idx]))
			return idx;
	return -1;
}

static struct page *get_page_from_freelist(gfp_t gfp, unsigned int order,
					   unsigned int alloc_flags, int high_idx, int mt)
{
	int classzone = classzone_for(high_idx), idx;

	for (idx = classzone; idx >= 0; idx--) {
		struct zone *zone = &contig_page_data.node_zones[idx];
		struct page *page;
		unsigned long flags;

		if (!populated_zone(zone))
			continue;
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_ok(zone, order,
				       zone->watermark[alloc_flags & ALLOC_WMARK_MASK],
				       classzone, alloc_flags))
			continue;
		for (;;) {
			flags = arch_irq_save();
			page = __rmqueue(zone, order, mt);
			arch_irq_restore(flags);
			if (!page || check_new_pages(page, order))
				break;
		}
		if (page) {
			prep_new_page(page, order, gfp);
			return page;
		}
	}
	return NULL;
}

static struct page *try_alloc(gfp_t gfp, unsigned int order, unsigned int alloc_flags,
			      int high_idx, int mt)
{
	struct page *page;

	page = get_page_from_freelist(gfp, order, alloc_flags & ~ALLOC_NO_WATERMARKS,
				      high_idx, mt);
	if (!page && (alloc_flags & ALLOC_NO_WATERMARKS))
		page = get_page_from_freelist(gfp, order, alloc_flags, high_idx, mt);
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

	high_idx = gfp_zone(gfp);
	mt = gfp_migratetype(gfp);
	if (WARN_ONCE(mt >= MIGRATE_PCPTYPES,
		      "alloc_pages: both __GFP_MOVABLE and __GFP_RECLAIMABLE"))
		mt = MIGRATE_MOVABLE;
	if (page_group_by_mobility_disabled)
		mt = MIGRATE_UNMOVABLE;

	page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW, high_idx, mt);
	if (!page)
		page = alloc_slowpath(gfp, order, high_idx, mt);
	return page;
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

void __free_pages(struct page *page, unsigned int order)
{
	const char *why;

	if (!page)
		return;
	if (WARN_ONCE(!pfn_valid(page_to_pfn(page)) || order >= MAX_ORDER,
		      "__free_pages: bad page %p or order %u", (void *)page, order))
		return;
	why = check_free_head(page);
	if (why) {
		/* The page is already free, reserved or quarantined: leave it. */
		bad_page(page, why);
		return;
	}
	if (--page->_refcount > 0)
		return;
	if (page->private != order) {
		char why_buf[80];

		snprintf(why_buf, sizeof(why_buf), "wrong order: allocated order %lu, freed as %u",
			 page->private, order);
		bad_page(page, why_buf);
		quarantine_block(page, (unsigned int)page->private);
		return;
	}
	if (!free_pages_prepare(page, order)) {
		quarantine_block(page, order);
		return;
	}
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
	return z->free_pages;
}

unsigned long nr_free_pages(void)
{
	const struct zone *z;
	unsigned long n = 0;

	for_each_zone(z)
		n += z->free_pages;
	return n;
}

unsigned long nr_accounted_pages(void)
{
	return nr_accounted;
}
