/* Freeing pages: the public API (__free_pages(), free_pages(),
 * put_page()); the checks a block must pass before it reaches the lists,
 * with bad_page() reports; order-0 frees onto the per-CPU lists, larger
 * ones straight to the buddy lists (buddy.c); the quarantine of blocks
 * found in a bad state, here or at allocation (page_alloc.c), and its
 * release.
 *
 * Locking (interrupt handlers free too): a page freed on any CPU goes on
 * that CPU's per-CPU list, with interrupts disabled (arch_irq_save); the
 * buddy lists under zone->lock (spin_lock_irqsave); the quarantine list
 * and its count under bad_page_lock (spin_lock_irqsave); nr_accounted by
 * atomic adds. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/panic.h>
#include <kernel/spinlock.h>
#include <kernel/vsprintf.h>
#include <mm/arch.h>
#include <mm/mm.h>

#include "internal.h"

unsigned long nr_accounted;
static DEFINE_SPINLOCK(bad_page_lock);
static LIST_HEAD(bad_page_list);
static unsigned long nr_bad_quarantined;

void quarantine_block(struct page *page, unsigned int order)
{
	unsigned long flags;

	SetPageBad(page);
	page->private = order;
	spin_lock_irqsave(&bad_page_lock, flags);
	list_add_tail(&page->lru, &bad_page_list);
	nr_bad_quarantined += 1UL << order;
	spin_unlock_irqrestore(&bad_page_lock, flags);
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
	spin_lock_irqsave(&zone->lock, flags);
	__free_one_page(page, zone, order, get_pageblock_migratetype(page));
	spin_unlock_irqrestore(&zone->lock, flags);
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

	unsigned long acc = 0;

	/* One test for the common case, clean tails; classify only when
	 * something is off. */
	if (!compound) {
		for (i = 1; i < (1UL << order); i++)
			acc |= (page[i].flags & checked) | (unsigned long)page[i]._refcount;
	} else {
		for (i = 1; i < (1UL << order); i++)
			acc |= ((page[i].flags & checked) ^ expected) |
			       (unsigned long)page[i]._refcount |
			       ((unsigned long)page[i].first_page ^ (unsigned long)page);
	}
	for (i = 1; unlikely(acc) && i < (1UL << order); i++) {
		struct page *p = page + i;
		const char *why = NULL;

		if ((p->flags & checked) == expected && p->_refcount == 0 &&
		    (!compound || p->first_page == page))
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
		ClearPageAccounted(page);
		__atomic_sub_fetch(&nr_accounted, 1UL << order, __ATOMIC_RELAXED);
	}
	page->private = 0;
	return true;
}

/* A block of 2^order pages (order <= PAGE_ALLOC_COSTLY_ORDER) whose state
 * is clean goes on this CPU's per-CPU list of its zone for its order and
 * its pageblock's migratetype (Linux's free_unref_page); a full set
 * spills batch pages to the buddy lists. Isolate and HighAtomic
 * pageblocks are not served by the lists: their blocks go straight to the
 * buddy. */
static inline void free_unref_page(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);
	int mt = get_pageblock_migratetype(page);
	unsigned long flags;

	if (unlikely(page_poison_enabled))
		kernel_poison_pages(page, order);
	if (unlikely(mt >= MIGRATE_PCPTYPES)) {
		spin_lock_irqsave(&zone->lock, flags);
		__free_one_page(page, zone, order, mt);
		spin_unlock_irqrestore(&zone->lock, flags);
		return;
	}
	set_page_migratetype(page, mt);
	pcp_free(zone, page, order, mt);
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

/* Drop a reference to the block headed by page; the last one frees it, as
 * order, or as the order recorded at allocation when recorded_order. The
 * drop is one atomic step, so an interrupt freeing the same page cannot
 * make both callers free it. */
static void drop_block_ref(struct page *page, unsigned int order, bool recorded_order)
{
	int refs;

	if (unlikely(page->flags & PAGE_FLAGS_BAD_FREE_HEAD)) {
		bad_free_head(page);
		return;
	}
	refs = page_ref_dec_unless_zero(page);
	if (refs > 0)
		return;
	if (unlikely(refs < 0)) {
		bad_free_head(page);
		return;
	}
	if (recorded_order) {
		order = (unsigned int)page->private;
		if (WARN_ONCE(order >= MAX_ORDER, "put_page: pfn %#lx records order %u",
			      page_to_pfn(page), order))
			return;
	}
	if (unlikely(page->private != order)) {
		free_wrong_order(page, order);
		return;
	}
	if (likely(order == 0 && !(page->flags & PAGE_FLAGS_PREPARE_FREE))) {
		free_unref_page(page, 0);
		return;
	}
	if (!free_pages_prepare(page, order)) {
		quarantine_block(page, order);
		return;
	}
	if (order <= PAGE_ALLOC_COSTLY_ORDER)
		free_unref_page(page, order);
	else
		free_block(page, order);
}

/* Drop the last reference, 1 -> 0, in one atomic step; false (nothing
 * changed) when the count is anything else. */
static inline bool page_ref_put_last(struct page *page)
{
	int one = 1;

	return __atomic_compare_exchange_n(&page->_refcount, &one, 0, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

/* Head flags that keep an order-0 free off the fast path: a bad state
 * (check_free_head()) or a preparation to undo (free_pages_prepare()). */
#define PAGE_FLAGS_SLOW_FREE (PAGE_FLAGS_BAD_FREE_HEAD | PAGE_FLAGS_PREPARE_FREE)

/* Tail flags that keep a free off the fast path (free_pages_prepare()
 * checks them one by one). */
#define PAGE_FLAGS_BAD_FREE_TAIL ((1UL << PG_tail) | (1UL << PG_head) | (1UL << PG_buddy) | \
				  (1UL << PG_reserved) | (1UL << PG_bad))

/* The fast path, orders 0..PAGE_ALLOC_COSTLY_ORDER: the last reference of
 * a clean, non-compound block allocated as order goes, and the block goes
 * on this CPU's per-CPU list for its order and the migratetype cached in
 * its flags at allocation (the pageblock's is looked up when the lists
 * spill to the buddy lists). The tails are checked in one test, their
 * flags and counts or-ed together. False when the block needs anything
 * more (another reference, a state to check or clear, poisoning, a
 * HighAtomic or Isolate type): drop_block_ref() does it all. */
static __always_inline bool free_pcp_fast(struct page *page, unsigned int order)
{
	unsigned long pf = page->flags, dirty = 0, i;
	int mt = (int)((pf >> PAGE_MT_SHIFT) & PAGE_MT_MASK);
	struct zone *zone;

	for (i = 1; i < (1UL << order); i++)
		dirty |= (page[i].flags & PAGE_FLAGS_BAD_FREE_TAIL) | (unsigned long)page[i]._refcount;
	if (unlikely((pf & PAGE_FLAGS_SLOW_FREE) || page->private != order || dirty ||
		     page_poison_enabled || mt >= MIGRATE_PCPTYPES || !page_ref_put_last(page)))
		return false;
	zone = &contig_page_data.node_zones[(pf >> PAGE_ZONE_SHIFT) & PAGE_ZONE_MASK];
	/* A free block records no order (free_pages_prepare() clears it too):
	 * merged into a larger buddy block it is a tail like any other. */
	if (order)
		page->private = 0;
	pcp_free(zone, page, order, mt);
	return true;
}

/* Is the block of 2^order pages at page inside mem_map? One compare: a
 * page below it wraps around to a large difference. */
static __always_inline bool block_in_mem_map(const struct page *page, unsigned int order)
{
	return (unsigned long)page - (unsigned long)mem_map <
	       (mem_map_pfns + 1 - (1UL << order)) * sizeof(struct page);
}

/* The checking path of __free_pages(), out of line so that its fast paths
 * keep their registers. */
static void __slowpath free_pages_checked(struct page *page, unsigned int order)
{
	if (!page)
		return;
	if (WARN_ONCE(!pfn_valid(page_to_pfn(page)) || order >= MAX_ORDER,
		      "__free_pages: bad page %p or order %u", (void *)page, order))
		return;
	drop_block_ref(page, order, false);
}

void __free_pages(struct page *page, unsigned int order)
{
	/* free_pcp_fast() compiled twice: for order 0, where the block is one
	 * page, and for the other per-CPU orders. */
	if (likely(!order)) {
		if (likely(block_in_mem_map(page, 0)) && likely(free_pcp_fast(page, 0)))
			return;
	} else if (order <= PAGE_ALLOC_COSTLY_ORDER && block_in_mem_map(page, order) &&
		   free_pcp_fast(page, order)) {
		return;
	}
	free_pages_checked(page, order);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page((const void *)addr), order);
}

void put_page(struct page *page)
{
	if (WARN_ONCE(!page || !pfn_valid(page_to_pfn(page)), "put_page: bad page %p",
		      (void *)page))
		return;
	drop_block_ref(compound_head(page), 0, true);
}

unsigned long bad_pages_release(void)
{
	unsigned long released = 0;

	for (;;) {
		unsigned long flags, i;
		struct page *page = NULL;
		unsigned int order;

		spin_lock_irqsave(&bad_page_lock, flags);
		if (!list_empty(&bad_page_list)) {
			page = list_first_entry(&bad_page_list, struct page, lru);
			list_del(&page->lru);
			nr_bad_quarantined -= 1UL << page->private;
			if (PageAccounted(page))
				__atomic_sub_fetch(&nr_accounted, 1UL << page->private,
						   __ATOMIC_RELAXED);
		}
		spin_unlock_irqrestore(&bad_page_lock, flags);
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
	return __atomic_load_n(&nr_bad_quarantined, __ATOMIC_RELAXED);
}

/* ------------------------------------------------------------------------
 * Addresses and counters.
 */

struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(PFN_DOWN(arch_virt_to_phys(addr)));
}

unsigned long nr_accounted_pages(void)
{
	return __atomic_load_n(&nr_accounted, __ATOMIC_RELAXED);
}
