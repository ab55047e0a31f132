/* Private to mm/: what the page allocator's files share with each other.
 *
 *   buddy.c       free lists: split, merge, migratetype fallback, stealing
 *   pcp.c         per-CPU lists in front of the buddy lists; free counters
 *   page_alloc.c  allocation: fast path, zone walk, slow path, public API
 *   page_free.c   freeing: checks, bad-page quarantine, public API
 *
 * Nothing outside mm/ includes this header; the public contracts are in
 * include/mm/. Helpers on the per-CPU fast paths are static inline here so
 * that splitting the allocator into files costs no call. */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/list.h>
#include <kernel/smp.h>
#include <kernel/types.h>
#include <mm/mm.h>

/* Kept out of line and out of the hot text: the per-CPU fast paths call
 * these only on a refill, a spill or a bad page. */
#define __slowpath __attribute__((noinline, cold))

/* ------------------------------------------------------------------------
 * Zone of a GFP mask (gfp.c reports, the allocator looks up).
 */

/* Zone for each value of gfp & GFP_ZONEMASK, 2 bits per index (Linux packs
 * the same table as GFP_ZONE_TABLE). Invalid indices hold ZONE_DMA. */
#define ZT(idx, zone) ((unsigned long)(zone) << ((idx) * ZONES_SHIFT))
#define GFP_ZONE_TABLE (ZT(0x0, ZONE_NORMAL) | ZT(0x1, ZONE_DMA) |              \
			ZT(0x2, ZONE_HIGHMEM) | ZT(0x4, ZONE_NORMAL) |          \
			ZT(0x8, ZONE_NORMAL) | ZT(0x9, ZONE_DMA) |              \
			ZT(0xa, ZONE_MOVABLE) | ZT(0xc, ZONE_NORMAL))
/* Bit i set: index i names two zones at once (DMA with HIGHMEM or DMA32,
 * HIGHMEM with DMA32, ...). */
#define GFP_ZONE_BAD ((1u << 0x3) | (1u << 0x5) | (1u << 0x6) | (1u << 0x7) |  \
		      (1u << 0xb) | (1u << 0xd) | (1u << 0xe) | (1u << 0xf))

/* Whether gfp's zone modifiers name two zones at once. */
static inline bool gfp_zone_bad(gfp_t gfp)
{
	return (GFP_ZONE_BAD >> (gfp & GFP_ZONEMASK)) & 1;
}

/* The table alone: the zone for gfp's zone modifiers, ZONE_DMA for an
 * invalid combination, nothing reported (gfp_zone() reports). */
static inline int gfp_zone_lookup(gfp_t gfp)
{
	return (int)((GFP_ZONE_TABLE >> ((gfp & GFP_ZONEMASK) * ZONES_SHIFT)) &
		     ((1u << ZONES_SHIFT) - 1));
}

/* ------------------------------------------------------------------------
 * Buddy core (buddy.c). The caller holds zone->lock (interrupts disabled).
 */

/* Put a free block of 2^order pages on zone's mt lists, merging it with
 * free buddies of the same order in the same zone for as long as
 * possible; adds 2^order to zone->free_pages. The block must be clean
 * (refcount 0, no flags but zone and migratetype bits). */
void __free_one_page(struct page *page, struct zone *zone, unsigned int order,
			       int mt);

/* Take a block of 2^order pages from zone's buddy lists for migratetype
 * mt, splitting a larger block or stealing from a fallback migratetype
 * when mt's lists are empty; subtracts 2^order from zone->free_pages and
 * sets the block's migratetype to mt. NULL when the zone has no block of
 * that order. Watermarks are the caller's business. */
struct page *__rmqueue(struct zone *zone, unsigned int order, int mt);

/* ------------------------------------------------------------------------
 * Per-CPU lists (pcp.c). Interrupts disabled by the caller, except
 * drain_pages() and drain_all_pages_count(), which disable them
 * themselves; none of them with a zone lock held.
 */

/* This CPU's set of zone's lists; interrupts disabled from here to the
 * last use, so the CPU cannot change under it (an interrupt handler could
 * only use the set in between, never move the caller to another CPU). */
static inline struct per_cpu_pages *this_cpu_pcp(struct zone *zone)
{
	return &zone->pcp[smp_processor_id()];
}

/* The page whose lru is on a per-CPU list. */
static inline struct page *pcp_page(struct list_head *lru)
{
	return list_entry(lru, struct page, lru);
}

/* Push a clean block of 2^order pages (migratetype already mt, order <=
 * PAGE_ALLOC_COSTLY_ORDER) on pcp's (order, mt) list. The caller checks
 * count against high afterwards (pcp_resize_or_spill()). */
static inline void pcp_push(struct per_cpu_pages *pcp, struct page *page,
			    unsigned int order, int mt)
{
	unsigned int i = pcp_index(order, mt);

	page->lru.next = pcp->lists[i];
	pcp->lists[i] = &page->lru;
	pcp->count += 1 << order;
}

/* A free brought count to high (or the sizing is stale): resize if
 * managed_pages changed, then spill batch pages if still at high. */
void __slowpath pcp_resize_or_spill(struct zone *zone, struct per_cpu_pages *pcp);

/* Put a clean block (as pcp_push()) on this CPU's list set of zone, with
 * interrupts off around it, and spill a batch when that brought the set to
 * high: the last step of every per-CPU free (Linux's free_unref_page()). */
static __always_inline void pcp_free(struct zone *zone, struct page *page,
				     unsigned int order, int mt)
{
	unsigned long flags = arch_irq_save();
	struct per_cpu_pages *pcp = this_cpu_pcp(zone);

	pcp_push(pcp, page, order, mt);
	if (unlikely(pcp->count >= pcp->high))
		pcp_resize_or_spill(zone, pcp);
	arch_irq_restore(flags);
}

/* The (order, mt) list is empty: refill it with batch pages' worth of
 * blocks from the buddy lists. Returns the top block's lru (still on the
 * list), or NULL when the zone has no block of that order at all. */
struct list_head *__slowpath pcp_refill(struct zone *zone, struct per_cpu_pages *pcp,
					unsigned int order, int mt);

/* Return every page on every zone's per-CPU lists of this CPU to the
 * buddy lists. Returns the number of pages moved (0: the lists were
 * empty). Any context. */
unsigned long drain_pages(void);
/* The same on every online CPU (drain_all_pages()), returning the pages
 * moved on all of them. Not with a zone lock held. */
unsigned long drain_all_pages_count(void);

/* ------------------------------------------------------------------------
 * Freeing side (page_free.c), used by allocation.
 */

/* Pages allocated with __GFP_ACCOUNT and not yet freed. Changed by atomic
 * adds only (any CPU, any context). */
extern unsigned long nr_accounted;

/* Keep a block found in a bad state (already reported with bad_page())
 * out of the free lists: mark its head PG_bad and put it on the
 * quarantine list that bad_pages_release() empties. Any context. */
void quarantine_block(struct page *page, unsigned int order);

#endif /* MM_INTERNAL_H */
