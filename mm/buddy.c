/* The buddy allocator's core: per-zone, per-order, per-migratetype free
 * lists; split on allocation, merge with the buddy (pfn ^ (1 << order)) on
 * free; migratetype fallback with pageblock stealing (Linux's order); the
 * pageblock migratetype. The per-CPU lists (pcp.c), allocation
 * (page_alloc.c) and freeing (page_free.c) take blocks from the lists and
 * give them back only through __rmqueue() and __free_one_page()
 * (mm/internal.h).
 *
 * Locking: free lists and zone->free_pages change only under zone->lock,
 * taken with interrupts disabled (spin_lock_irqsave) since interrupt
 * handlers allocate; every function here expects its caller to hold it
 * (or to run at boot, before a second CPU or interrupts are on). */
#include <kernel/compiler.h>
#include <kernel/list.h>
#include <mm/mm.h>

#include "internal.h"

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
	unsigned long old = __atomic_load_n(&first->flags, __ATOMIC_RELAXED), new;

	if (page_group_by_mobility_disabled && mt < MIGRATE_PCPTYPES)
		mt = MIGRATE_UNMOVABLE;

	/* One atomic step: the first page may be allocated, and its flags
	 * changed by its owner on another CPU meanwhile. */
	do {
		new = (old & ~(PAGE_PBMT_MASK << PAGE_PBMT_SHIFT)) |
		      ((unsigned long)mt << PAGE_PBMT_SHIFT);
	} while (!__atomic_compare_exchange_n(&first->flags, &old, new, false,
					      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
}

/* ------------------------------------------------------------------------
 * Free-list primitives; zone->lock held.
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
void __free_one_page(struct page *page, struct zone *zone,
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

struct page *__rmqueue(struct zone *zone, unsigned int order, int mt)
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
