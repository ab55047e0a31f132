/* Page allocation: the public API (alloc_pages_node(), __get_free_pages(),
 * get_zeroed_page()); the order-0 fast path from the per-CPU lists; the
 * zone walk, with zone fallback downwards from gfp_zone() and watermarks
 * (watermark.c); the checks and preparation of a new block; the slow path
 * (kswapd, direct reclaim, retries, the out-of-memory decision). The free
 * lists are buddy.c's, the per-CPU lists pcp.c's; freeing is page_free.c's.
 *
 * Locking (interrupt handlers allocate too): this CPU's per-CPU lists with
 * interrupts disabled (arch_irq_save); the buddy lists and zone counters
 * under zone->lock (spin_lock_irqsave), taken by pcp.c on a refill and
 * here for orders above 0; nr_accounted by atomic adds. A failing attempt
 * that may wait drains every CPU's lists (drain_all_pages_count(), IPIs),
 * one that may not drains this CPU's only, as Linux does. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/hardirq.h>
#include <kernel/might_sleep.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/arch.h>
#include <mm/fault_inject.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <mm/oom.h>
#include <mm/shrinker.h>

#include "internal.h"

struct pglist_data contig_page_data;
struct page *mem_map;
unsigned long mem_map_pfns;

static page_reclaim_fn reclaim_fn;     /* NULL: try_to_free_pages() */

/* Reclaim passes without progress, in a row, before a retrying request
 * gives up (Linux's value). */
#define MAX_RECLAIM_RETRIES 16
/* Reclaim passes of one request, progress or not, before the allocator
 * stops and warns: reclaim that frees pages the request cannot use (other
 * zones, scattered pages) must not spin forever. */
#define MAX_RECLAIM_ROUNDS 4096

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

/* Flags no page taken from the free lists may carry (Linux's
 * PAGE_FLAGS_CHECK_AT_PREP). */
#define PAGE_FLAGS_CHECK_AT_PREP ((1UL << PG_buddy) | (1UL << PG_reserved) | \
				  (1UL << PG_head) | (1UL << PG_tail) | (1UL << PG_bad) | \
				  (1UL << PG_slab) | (1UL << PG_accounted) | (1UL << PG_hwpoison))

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
	unsigned long i, acc = 0;

	/* One test for the whole block; the page to blame is looked for only
	 * when something is off. */
	for (i = 0; i < (1UL << order); i++)
		acc |= (page[i].flags & PAGE_FLAGS_CHECK_AT_PREP) | (unsigned long)page[i]._refcount;
	for (i = 0; unlikely(acc) && i < (1UL << order); i++) {
		if (!new_page_clean(page + i)) {
			bad_new_block(page, page + i, order);
			return false;
		}
	}
	if (unlikely(page_poison_enabled || PagePoisoned(page)))
		kernel_check_poison(page, order);
	return true;
}

/* check_new_pages() for a per-CPU block that failed the fast path's one
 * test, out of line so the fast path stays short. */
static bool __slowpath check_new_page_slow(struct page *page, unsigned int order)
{
	return check_new_pages(page, order);
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
		SetPageAccounted(page);
		__atomic_add_fetch(&nr_accounted, 1UL << order, __ATOMIC_RELAXED);
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

/* Pop a block of 2^order pages (order <= PAGE_ALLOC_COSTLY_ORDER) from
 * this CPU's (order, mt) list of the zone, refilling it from the buddy
 * lists when empty. NULL when the zone has no block of that order. */
static inline struct page *rmqueue_pcplist(struct zone *zone, unsigned int order, int mt)
{
	unsigned long flags = arch_irq_save();
	struct per_cpu_pages *pcp = this_cpu_pcp(zone);
	unsigned int i = pcp_index(order, mt);
	struct list_head *top = pcp->lists[i];

	if (unlikely(!top)) {
		top = pcp_refill(zone, pcp, order, mt);
		if (!top) {
			arch_irq_restore(flags);
			return NULL;
		}
	}
	pcp->lists[i] = top->next;
	pcp->count -= 1 << order;
	arch_irq_restore(flags);
	return pcp_page(top);
}

/* A checked block of 2^order pages from zone, or NULL. */
static inline struct page *rmqueue(struct zone *zone, unsigned int order, int mt)
{
	struct page *page;

	for (;;) {
		if (likely(order <= PAGE_ALLOC_COSTLY_ORDER)) {
			page = rmqueue_pcplist(zone, order, mt);
		} else {
			unsigned long flags;

			spin_lock_irqsave(&zone->lock, flags);
			page = __rmqueue(zone, order, mt);
			spin_unlock_irqrestore(&zone->lock, flags);
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

/* One pass over the zones with the watermarks, then, when alloc_flags
 * allows it, one ignoring them. */
static struct page *freelist_attempt(gfp_t gfp, unsigned int order, unsigned int alloc_flags,
				     int high_idx, int mt)
{
	struct page *page;

	page = get_page_from_freelist(gfp, order, alloc_flags & ~ALLOC_NO_WATERMARKS,
				      high_idx, mt);
	if (!page && (alloc_flags & ALLOC_NO_WATERMARKS))
		page = get_page_from_freelist(gfp, order, alloc_flags, high_idx, mt);
	return page;
}

/* May this attempt wait for the other CPUs to drain their lists?
 * Interrupts on and not atomic (Linux drains all CPUs only from the
 * reclaim paths, which may sleep). */
static bool may_drain_all(void)
{
	return !irqs_disabled() && !in_atomic();
}

/* One slow-path attempt. Pages waiting on the per-CPU lists are not seen
 * by the watermarks nor merged into higher orders, so an attempt that
 * fails drains them and tries once more before it counts as a failure
 * (Linux drains in __alloc_pages_direct_reclaim): every CPU's lists when
 * the context may wait for the IPIs, this CPU's alone otherwise. */
static struct page *attempt_then_drain(gfp_t gfp, unsigned int order,
				       unsigned int alloc_flags, int high_idx, int mt)
{
	struct page *page = freelist_attempt(gfp, order, alloc_flags, high_idx, mt);
	unsigned long drained;

	if (page)
		return page;
	drained = may_drain_all() ? drain_all_pages_count() : drain_pages();
	return drained ? freelist_attempt(gfp, order, alloc_flags, high_idx, mt) : NULL;
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
 * As Linux's mm/page_alloc.c should_reclaim_retry() and
 * __alloc_pages_slowpath(): __GFP_NORETRY never retries, orders above
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

/* Direct reclaim and retries as Linux's __alloc_pages_slowpath() does them
 * (mm/page_alloc.c), for a mask
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

		page = attempt_then_drain(gfp, order, alloc_flags, high_idx, mt);
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
		page = attempt_then_drain(gfp, order, alloc_flags | ALLOC_HARDER | ALLOC_HIGH,
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
	page = attempt_then_drain(gfp, order, alloc_flags, high_idx, mt);
	if (page)
		return page;
	if (gfpflags_allow_blocking(gfp)) {
		page = alloc_with_reclaim(gfp, order, alloc_flags, high_idx, mt, &oom_reported);
		if (page)
			return page;
	} else if (gfp & __GFP_NOFAIL) {
		page = attempt_then_drain(gfp, order, alloc_flags | ALLOC_HARDER | ALLOC_HIGH,
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

/* gfp_zone() with its table lookup inline: only an invalid combination
 * takes the call, which reports it. */
static inline int alloc_gfp_zone(gfp_t gfp)
{
	return likely(!gfp_zone_bad(gfp)) ? gfp_zone_lookup(gfp) : gfp_zone(gfp);
}

/* The fast path's route for the low bits of a mask (zone modifiers and
 * mobility bits, which share __GFP_MOVABLE): the zone GFP_ZONE_TABLE
 * (mm/internal.h) names and the migratetype, or no zone for an invalid
 * zone combination (GFP_ZONE_BAD) or both mobility bits, which the general
 * path reports. The zone is stored as its address, so the fast path makes
 * one load where an index would cost a multiply by sizeof(struct zone). */
struct fast_route {
	struct zone *zone;
	unsigned int mt;
};
#define FAST_ROUTE_BITS  (GFP_ZONEMASK | GFP_MOVABLE_MASK)
#define FAST_ROUTE_ZONE(i)                                                      \
	((GFP_ZONE_TABLE >> (((i) & GFP_ZONEMASK) * ZONES_SHIFT)) & ((1u << ZONES_SHIFT) - 1))
#define FAST_ROUTE_MT(i) (((i) & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT)
#define FAST_ROUTE_BAD(i)                                                       \
	(((GFP_ZONE_BAD >> ((i) & GFP_ZONEMASK)) & 1) || FAST_ROUTE_MT(i) >= MIGRATE_PCPTYPES)
#define FAST_ROUTE(i)                                                           \
	{ FAST_ROUTE_BAD(i) ? NULL : &contig_page_data.node_zones[FAST_ROUTE_ZONE(i)], \
	  FAST_ROUTE_MT(i) }
#define FAST_ROUTE4(i) FAST_ROUTE(i), FAST_ROUTE((i) + 1), FAST_ROUTE((i) + 2), \
	FAST_ROUTE((i) + 3)
static const struct fast_route gfp_fast_route[FAST_ROUTE_BITS + 1] = {
	FAST_ROUTE4(0x00), FAST_ROUTE4(0x04), FAST_ROUTE4(0x08), FAST_ROUTE4(0x0c),
	FAST_ROUTE4(0x10), FAST_ROUTE4(0x14), FAST_ROUTE4(0x18), FAST_ROUTE4(0x1c),
};
_Static_assert(FAST_ROUTE_BITS == 0x1f, "the route table covers the low five bits");

/* Flags a page popped from a per-CPU list may carry for the fast path to
 * hand it out unchecked: none of PAGE_FLAGS_CHECK_AT_PREP, and not
 * PG_poisoned (its poison is checked first, page_poison=1). */
#define PAGE_FLAGS_FAST_PREP (PAGE_FLAGS_CHECK_AT_PREP | (1UL << PG_poisoned))

/* The fast path, orders 0..PAGE_ALLOC_COSTLY_ORDER: a block from this
 * CPU's (order, mt) per-CPU list of the zone the mask asks for (the
 * highest populated one at or below it, the classzone, whose own
 * lowmem_reserve entry is 0), while the zone is above its low watermark:
 * the first attempt get_page_from_freelist() would make, in one compare
 * (a block on the list satisfies the order part of the check). What it
 * does not do is left to the general path, which repeats the attempt: a
 * zone at or below the mark, an empty list (the refill), a mask that may
 * sleep from a context that cannot (might_sleep() reports it there), a
 * block failing the new-page test, which is one test of its pages' flags
 * and counts or-ed together. */
static __always_inline struct page *alloc_pcp_fast(gfp_t gfp, unsigned int order,
						    struct zone *zone, int mt)
{
	struct per_cpu_pages *pcp;
	struct list_head *top;
	struct page *page;
	unsigned long flags, dirty, i;
	unsigned int li = pcp_index(order, mt);

	while (unlikely(!populated_zone(zone))) {
		if (zone == contig_page_data.node_zones)
			return NULL;
		zone--;
	}
	if (unlikely(zone->free_pages <= low_wmark_pages(zone)))
		return NULL;
	flags = arch_irq_save();
	if (unlikely((gfp & __GFP_DIRECT_RECLAIM) &&
		     (preempt_count() || arch_irqs_disabled_flags(flags)))) {
		arch_irq_restore(flags);
		return NULL;
	}
	pcp = this_cpu_pcp(zone);
	top = pcp->lists[li];
	if (unlikely(!top)) {
		arch_irq_restore(flags);
		return NULL;
	}
	pcp->lists[li] = top->next;
	pcp->count -= 1 << order;
	arch_irq_restore(flags);
	page = pcp_page(top);
	dirty = (page->flags & PAGE_FLAGS_FAST_PREP) | (unsigned long)page->_refcount;
	for (i = 1; i < (1UL << order); i++)
		dirty |= (page[i].flags & PAGE_FLAGS_FAST_PREP) | (unsigned long)page[i]._refcount;
	if (unlikely(dirty) && !check_new_page_slow(page, order))
		return NULL;
	prep_new_page(page, order, gfp);
	return page;
}

/* Everything but the order-0 fast path: argument checks and reports, the
 * zone walk with refills and the full watermark check, then the slow
 * path. */
static struct page *__attribute__((noinline))
alloc_pages_general(int nid, gfp_t gfp, unsigned int order, unsigned long caller)
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
	/* Injected failures are silent, as Linux's prepare_alloc_pages(). */
	if (unlikely(fault_inject_active) && __should_fail_alloc_page(gfp, order, caller))
		return NULL;

	high_idx = alloc_gfp_zone(gfp);
	mt = gfp_migratetype(gfp);
	if (WARN_ONCE(mt >= MIGRATE_PCPTYPES,
		      "alloc_pages: both __GFP_MOVABLE and __GFP_RECLAIMABLE"))
		mt = MIGRATE_MOVABLE;
	if (page_group_by_mobility_disabled)
		mt = MIGRATE_UNMOVABLE;

	page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW, high_idx, mt);
	return page ? page : alloc_slowpath(gfp, order, high_idx, mt);
}

/* The fast path's entry: NULL sends the request down the general path.
 * Fault injection on, unknown bits and orders above
 * PAGE_ALLOC_COSTLY_ORDER go there at once: off, the injection hook is one
 * compare and one branch. */
static __always_inline struct page *alloc_pages_fast(gfp_t gfp, unsigned int order)
{
	const struct fast_route *route;
	int mt;

	if (unlikely(order > PAGE_ALLOC_COSTLY_ORDER || (gfp & ~__GFP_BITS_MASK) ||
		     fault_inject_active))
		return NULL;
	route = &gfp_fast_route[gfp & FAST_ROUTE_BITS];
	if (unlikely(!route->zone))
		return NULL;
	mt = unlikely(page_group_by_mobility_disabled) ? MIGRATE_UNMOVABLE : (int)route->mt;
	return alloc_pcp_fast(gfp, order, route->zone, mt);
}

/* alloc_pages_fast() compiled twice: for order 0, where the block test is
 * one page's, and for the other orders. */
static __always_inline struct page *alloc_pages_fast_any(gfp_t gfp, unsigned int order)
{
	return likely(!order) ? alloc_pages_fast(gfp, 0) : alloc_pages_fast(gfp, order);
}

struct page *__alloc_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages_fast_any(gfp, order);

	if (likely(page))
		return page;
	return alloc_pages_general(NUMA_NO_NODE, gfp, order,
				   (unsigned long)__builtin_return_address(0));
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	struct page *page = NULL;

	if (nid == 0 || nid == NUMA_NO_NODE)
		page = alloc_pages_fast_any(gfp, order);
	if (likely(page))
		return page;
	return alloc_pages_general(nid, gfp, order, (unsigned long)__builtin_return_address(0));
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
 * Addresses and the reclaim hook.
 */

void *page_address(const struct page *page)
{
	if (PageHighMem(page))
		return kmap_page_address((struct page *)page);
	return arch_phys_to_virt(page_to_phys(page));
}

/* NULL restores the built-in direct reclaim, try_to_free_pages(). */
void page_alloc_set_reclaim(page_reclaim_fn fn)
{
	reclaim_fn = fn;
}
