/* struct page, mem_map and the page allocator interface.
 *
 * mem_map is one struct page per frame, a flat array covering pfn
 * [0, mem_map_pfns). Every interface reduces to alloc_pages_node(), as in
 * Linux's include/linux/gfp.h; addresses are kernel virtual addresses of
 * the direct map (lowmem only), 0 on failure. */
#ifndef MM_MM_H
#define MM_MM_H

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <kernel/list.h>
#include <mm/pfn.h>
#include <mm/gfp.h>
#include <mm/mmzone.h>

/* 32 bytes with 4-byte pointers (as Linux's struct page on 32-bit). */
struct page {
	/* Zone id, migratetype, pageblock migratetype and PG_* bits (below). */
	unsigned long flags;
	/* References: 1 for a freshly allocated block's head, 0 for free
	 * pages and tail pages. */
	int _refcount;
	/* Free block head (PG_buddy): the block's order. Allocated head: the
	 * allocation order (also the compound order with PG_head). */
	unsigned long private;
	/* Free lists; otherwise free for the page's owner to link it. */
	struct list_head lru;
	union {
		struct page *first_page;    /* PG_tail: the compound head */
		void *slab_cache;           /* PG_slab: owner's cache */
	};
	void *freelist;                     /* slab: first free object */
	unsigned int inuse;                 /* slab: objects in use */
};

/* page->flags layout, low bits first. */
#define PAGE_ZONE_SHIFT   0
#define PAGE_ZONE_MASK    ((1UL << ZONES_SHIFT) - 1)
/* The free list a free block is on; for an allocated head, the
 * migratetype it was allocated for. */
#define PAGE_MT_SHIFT     (PAGE_ZONE_SHIFT + ZONES_SHIFT)
#define PAGE_MT_MASK      ((1UL << MIGRATETYPE_BITS) - 1)
/* Pageblock migratetype, kept in the first page of each pageblock. */
#define PAGE_PBMT_SHIFT   (PAGE_MT_SHIFT + MIGRATETYPE_BITS)
#define PAGE_PBMT_MASK    ((1UL << MIGRATETYPE_BITS) - 1)
#define PAGE_FLAGS_SHIFT  (PAGE_PBMT_SHIFT + MIGRATETYPE_BITS)

enum pageflags {
	PG_buddy = PAGE_FLAGS_SHIFT, /* heads a free block on a free list */
	PG_reserved,    /* never given to the allocator (hole, kernel, boot) */
	PG_head,        /* compound head (__GFP_COMP) */
	PG_tail,        /* compound tail; first_page points at the head */
	PG_highmem,     /* no permanent kernel address */
	PG_poisoned,    /* free and filled with PAGE_POISON (page_poison=1) */
	PG_bad,         /* failed a bad_page() check: kept out of the lists */
	PG_accounted,   /* allocated head with __GFP_ACCOUNT */
	PG_slab,        /* owned by the slab allocator */
	PG_private,     /* free for the owner's use */
	PG_hwpoison,    /* failed the RAM test: held forever (mm/ramtest.c) */
	__NR_PAGEFLAGS,
};

static inline bool page_flag_test(const struct page *p, int bit) { return (p->flags >> bit) & 1; }
static inline void page_flag_set(struct page *p, int bit) { p->flags |= 1UL << bit; }
static inline void page_flag_clear(struct page *p, int bit) { p->flags &= ~(1UL << bit); }

#define PAGEFLAG_FNS(Name, bit)                                                  \
	static inline bool Page##Name(const struct page *p) { return page_flag_test(p, bit); } \
	static inline void SetPage##Name(struct page *p) { page_flag_set(p, bit); } \
	static inline void ClearPage##Name(struct page *p) { page_flag_clear(p, bit); }
PAGEFLAG_FNS(Buddy, PG_buddy)
PAGEFLAG_FNS(Reserved, PG_reserved)
PAGEFLAG_FNS(Head, PG_head)
PAGEFLAG_FNS(Tail, PG_tail)
PAGEFLAG_FNS(HighMem, PG_highmem)
PAGEFLAG_FNS(Poisoned, PG_poisoned)
PAGEFLAG_FNS(Bad, PG_bad)
PAGEFLAG_FNS(Accounted, PG_accounted)
PAGEFLAG_FNS(Slab, PG_slab)
PAGEFLAG_FNS(Private, PG_private)
PAGEFLAG_FNS(HWPoison, PG_hwpoison)
#undef PAGEFLAG_FNS

/* Names of the PG_* bits for dumps ("buddy", "reserved", ...), indexed by
 * bit - PAGE_FLAGS_SHIFT. */
extern const char *const pageflag_names[__NR_PAGEFLAGS - PAGE_FLAGS_SHIFT];

extern struct page *mem_map;
extern unsigned long mem_map_pfns;      /* mem_map covers [0, mem_map_pfns) */

static inline bool pfn_valid(unsigned long pfn) { return pfn < mem_map_pfns; }
static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}
static inline struct page *pfn_to_page(unsigned long pfn) { return mem_map + pfn; }
static inline phys_addr_t page_to_phys(const struct page *page)
{
	return PFN_PHYS(page_to_pfn(page));
}
static inline int page_zonenum(const struct page *page)
{
	return (int)((page->flags >> PAGE_ZONE_SHIFT) & PAGE_ZONE_MASK);
}
static inline struct zone *page_zone(const struct page *page)
{
	return &contig_page_data.node_zones[page_zonenum(page)];
}
/* Migratetype bits of one page: its free list (free block head) or the
 * migratetype it was allocated for (allocated head). */
static inline int page_migratetype(const struct page *page)
{
	return (int)((page->flags >> PAGE_MT_SHIFT) & PAGE_MT_MASK);
}
static inline void set_page_migratetype(struct page *page, int mt)
{
	page->flags = (page->flags & ~(PAGE_MT_MASK << PAGE_MT_SHIFT)) |
		      ((unsigned long)mt << PAGE_MT_SHIFT);
}
/* The migratetype of the pageblock holding page (stored in the pageblock's
 * first page, which mem_map always covers). */
static inline struct page *pageblock_first_page(const struct page *page)
{
	return pfn_to_page(page_to_pfn(page) & ~(pageblock_nr_pages - 1));
}
static inline int get_pageblock_migratetype(const struct page *page)
{
	return (int)((pageblock_first_page(page)->flags >> PAGE_PBMT_SHIFT) & PAGE_PBMT_MASK);
}
/* Coerced to MIGRATE_UNMOVABLE when mobility grouping is disabled. */
void set_pageblock_migratetype(struct page *page, int mt);

/* Reference counts change in any context: an interrupt may drop a
 * reference the code it interrupted is dropping too. Every update is one
 * atomic instruction (lock xadd / lock cmpxchg, both from the 486 on). */
static inline int page_count(const struct page *page)
{
	return __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED);
}
static inline void set_page_count(struct page *page, int v)
{
	__atomic_store_n(&page->_refcount, v, __ATOMIC_RELAXED);
}
/* Take / drop a reference. put_page() frees the block (order and compound
 * state as recorded at allocation) when the last reference goes. */
static inline void get_page(struct page *page)
{
	__atomic_fetch_add(&page->_refcount, 1, __ATOMIC_RELAXED);
}
/* Drop one reference unless none is left: the count that remains, or -1
 * when the count was already 0 or below (then it is left as it was). */
static inline int page_ref_dec_unless_zero(struct page *page)
{
	int old = page_count(page);

	do {
		if (old <= 0)
			return -1;
	} while (!__atomic_compare_exchange_n(&page->_refcount, &old, old - 1, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	return old - 1;
}
void put_page(struct page *page);

static inline struct page *compound_head(struct page *page)
{
	return PageTail(page) ? page->first_page : page;
}
static inline unsigned int compound_order(const struct page *page)
{
	return PageHead(page) ? (unsigned int)page->private : 0;
}

/* Kernel virtual address of the page: the direct map for lowmem; for a
 * highmem page, its current kmap address (kmap_page_address()) or NULL. */
void *page_address(const struct page *page);
/* The page of a direct-map address (lowmem only). */
struct page *virt_to_page(const void *addr);
#define virt_to_pfn(addr) page_to_pfn(virt_to_page(addr))

/* ------------------------------------------------------------------------
 * Allocation. Any context unless the mask has __GFP_DIRECT_RECLAIM (may
 * sleep). Zone lists are manipulated with interrupts disabled.
 */

/* The one real entry point: 2^order contiguous pages from node nid (0 or
 * NUMA_NO_NODE), from the zone gfp_zone(gfp) picks or one below it.
 * Returns the first page (refcount 1) or NULL; failures print a rate-limited
 * report unless __GFP_NOWARN. order >= MAX_ORDER fails (warning once). */
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);
/* The same for any node (Linux's __alloc_pages() without a nodemask). */
struct page *__alloc_pages(gfp_t gfp, unsigned int order);
static inline struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return __alloc_pages(gfp, order);
}
#define alloc_page(gfp) alloc_pages(gfp, 0)

/* Address-returning forms: lowmem only. __get_free_pages() refuses
 * __GFP_HIGHMEM with a warning and returns 0 (a highmem page has no
 * address to return). */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
#define __get_free_page(gfp) __get_free_pages((gfp), 0)
unsigned long get_zeroed_page(gfp_t gfp);
#define __get_dma_pages(gfp, order) __get_free_pages((gfp) | GFP_DMA, (order))

/* Drop a reference to a block from alloc_pages*(); the last one frees it.
 * order must be the allocation order (a mismatch is a bad_page() report
 * and the block is kept out of the lists). Compound pages are freed by
 * their head. */
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page) __free_pages((page), 0)
/* The same by address; addr 0 is ignored. */
void free_pages(unsigned long addr, unsigned int order);
#define free_page(addr) free_pages((addr), 0)

/* Return every page on the per-CPU lists of every zone to the buddy lists
 * (Linux's drain_all_pages(NULL)). The allocator calls it before an
 * attempt fails; reports and state checks call it for a canonical state.
 * Any context. */
void drain_all_pages(void);

/* Register the reclaimer the slow path calls when the watermarks fail: it
 * returns the number of pages it freed (0 = no progress). Until one is
 * registered nothing can be reclaimed. */
typedef unsigned long (*page_reclaim_fn)(gfp_t gfp, unsigned int order);
void page_alloc_set_reclaim(page_reclaim_fn fn);

/* Failure reports: at most WARN_ALLOC_BURST are printed; later ones are
 * counted. This prints "warn_alloc: N callbacks suppressed" if any were
 * and starts a new burst (tests and the shell call it). */
#define WARN_ALLOC_BURST 10
void warn_alloc_ratelimit_reset(void);
/* The failure report itself (page_report.c): header, then show_free_areas().
 * Honors the rate limit; the caller checks __GFP_NOWARN. */
void warn_alloc(gfp_t gfp, unsigned int order);
/* The same report for other allocators, Linux's warn_alloc(gfp, NULL, fmt,
 * ...): "mm386: <fmt>, mode:0x...(...), nodemask=(null)", then the
 * free areas. Same rate limit; the caller checks __GFP_NOWARN. */
void warn_alloc_msg(gfp_t gfp, const char *fmt, ...) __printf(2, 3);

/* ------------------------------------------------------------------------
 * Debug checks (mm/page_debug.c).
 */

/* Byte freed pages are filled with when page_poison=1. */
#define PAGE_POISON 0xaa
extern bool page_poison_enabled;

/* Report a page in a bad state: "BUG: Bad page state in process mm386
 * pfn:..." with a dump and the reason. The caller keeps the page out of
 * the free lists. Rate-limited like Linux (a burst, then a count). */
void bad_page(struct page *page, const char *reason);
/* Bad page reports so far, and the last reason (NULL if none). */
unsigned long bad_page_count(void);
const char *bad_page_last_reason(void);
/* Print one page's state (the lines bad_page() prints after the header). */
void dump_page(const struct page *page, const char *reason);

/* Blocks kept out of the lists after a bad_page() report on an allocated
 * block (wrong order, bad refcount, bad state at allocation) are marked
 * PG_bad and linked on a quarantine list (page_free.c). Tests give them
 * back: their state is cleared and they are freed with their allocation
 * order. Returns the number of pages returned to the free lists. */
unsigned long bad_pages_release(void);
/* Pages currently quarantined. */
unsigned long bad_pages_quarantined(void);

/* Walk every free list: each block heads with PG_buddy, carries its list's
 * order and migratetype, is aligned to its order, lies in its zone, does not
 * overlap another block or a reserved page; nr_free and free_pages match.
 * Prints the first problem found. True when all is well. */
bool free_lists_check(void);

/* Poisoning (page_poison=1): fill / verify 2^order pages. */
void kernel_poison_pages(struct page *page, unsigned int order);
void kernel_check_poison(struct page *page, unsigned int order);

#endif
