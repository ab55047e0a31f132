/* Zones and their buddy free lists.
 *
 * One node (contig_page_data) with four zones in index order; the
 * architecture says where each ends (struct zone_limits, include/mm/boot.h):
 *   ZONE_DMA      [first RAM, end of what old DMA devices reach)
 *   ZONE_NORMAL   [end of DMA, lowmem end): the rest of the direct map
 *   ZONE_HIGHMEM  [lowmem end, end of RAM)
 *   ZONE_MOVABLE  carved from the top of the highest populated zone by
 *                 kernelcore=/movablecore=; empty otherwise.
 * Each zone keeps, per order 0..MAX_ORDER-1 and per migratetype, a list of
 * free blocks of 2^order pages linked through page->lru. */
#ifndef MM_MMZONE_H
#define MM_MMZONE_H

#include <kconfig.h>
#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <mm/gfp.h>

struct page;

enum zone_type {
	ZONE_DMA = 0,
	ZONE_NORMAL = 1,
	ZONE_HIGHMEM = 2,
	ZONE_MOVABLE = 3,
	MAX_NR_ZONES = 4,
};
/* Bits needed to store a zone id in page->flags. */
#define ZONES_SHIFT 2

/* Orders 0..10: the largest block is 4 MiB. */
#define MAX_ORDER 11
#define MAX_ORDER_NR_PAGES (1UL << (MAX_ORDER - 1))

/* Pages are grouped by mobility in pageblocks of 2^pageblock_order pages:
 * one large page of the page-table format (Linux's HUGETLB_PAGE_ORDER),
 * 4 MiB (order 10) with 2-level tables, 2 MiB (order 9) with PAE. */
#define pageblock_order    CONFIG_PAGEBLOCK_ORDER
#define pageblock_nr_pages (1UL << pageblock_order)

/* Migratetypes: which free lists a block lives on. The first three are the
 * gfp_migratetype() values. HighAtomic and Isolate are listed for the
 * reports; nothing allocates from them yet. */
enum migratetype {
	MIGRATE_UNMOVABLE = 0,
	MIGRATE_MOVABLE = 1,
	MIGRATE_RECLAIMABLE = 2,
	MIGRATE_PCPTYPES = 3,           /* types served by normal allocations */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_ISOLATE = 4,
	MIGRATE_TYPES = 5,
};
/* Bits needed to store a migratetype in page->flags. */
#define MIGRATETYPE_BITS 3

extern const char *const migratetype_names[MIGRATE_TYPES];

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;          /* blocks of this order, all types */
};

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

/* Bytes per cache line the per-CPU sets are aligned to: 32 on the P5/P6,
 * 64 from the Pentium 4 on; the larger keeps CPUs off each other's lines on
 * both. */
#define PCP_CACHE_BYTES 64

/* Per-CPU page lists (Linux's per_cpu_pages): free blocks kept off the
 * buddy lists, one set per CPU per zone, so that an allocation pops one
 * without a split or the zone lock and a free pushes one without a merge.
 * As Linux 5.14+, one LIFO list per order 0..PAGE_ALLOC_COSTLY_ORDER and
 * migratetype served by normal allocations, list pcp_index(order, mt),
 * singly linked through the head page's lru.next (a zeroed zone has empty
 * lists). A block on them is free (refcount 0, no PG_buddy,
 * page_migratetype() = its list's) but is not on a buddy list and is not
 * counted in zone->free_pages (Linux's NR_FREE_PAGES excludes it too): the
 * watermarks see buddy pages only. count is in pages. An empty list is
 * refilled from the buddy lists with batch pages' worth of blocks (batch
 * >> order, at least one) under one zone-lock acquisition (Linux's
 * rmqueue_bulk); a free that brings count to high returns batch pages the
 * same way (free_pcppages_bulk). high and batch follow Linux 4.19's
 * zone_batchsize() of managed_pages, (re)computed by those two slow paths
 * whenever managed_pages changed.
 *
 * A CPU touches only its own set, with interrupts disabled (an interrupt
 * handler on the same CPU may allocate); another CPU's set is emptied by
 * asking that CPU (drain_all_pages(), through an IPI). count changes on
 * refill and spill only under the zone lock as well, so that a reader
 * holding the zone lock sees buddy and per-CPU pages add up
 * (mm/pcp.c). Each set has its own cache line. */
#define NR_PCP_ORDERS (PAGE_ALLOC_COSTLY_ORDER + 1)
#define NR_PCP_LISTS  (MIGRATE_PCPTYPES * NR_PCP_ORDERS)

/* The list for blocks of 2^order pages of migratetype mt (Linux's
 * order_to_pindex()): the order-0 lists are lists[mt]. */
static inline unsigned int pcp_index(unsigned int order, int mt)
{
	return order * MIGRATE_PCPTYPES + (unsigned int)mt;
}

struct per_cpu_pages {
	int count;                      /* pages on the lists */
	int high;                       /* spill batch pages at this count */
	int batch;                      /* pages per refill and per spill */
	unsigned long sized_for;        /* managed_pages high/batch are for */
	struct list_head *lists[NR_PCP_LISTS];   /* top block's lru, or NULL */
} __aligned(PCP_CACHE_BYTES);

struct zone {
	/* Watermarks in pages (setup_per_zone_wmarks()). */
	unsigned long watermark[NR_WMARK];
	/* Pages this zone keeps back from allocations whose highest allowed
	 * zone (classzone) is higher: lowmem_reserve[classzone]. */
	unsigned long lowmem_reserve[MAX_NR_ZONES];
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;    /* zone_end_pfn - zone_start_pfn, holes included */
	unsigned long present_pages;    /* RAM frames in the span */
	unsigned long managed_pages;    /* frames handed to the buddy allocator */
	const char *name;
	/* zone->lock (Linux's): the buddy lists (free_area), free_pages, and
	 * the moves between them and the per-CPU lists. Taken with interrupts
	 * disabled (spin_lock_irqsave) since interrupt handlers allocate and
	 * free; never held while waiting for another CPU. */
	spinlock_t lock;
	unsigned long free_pages;       /* free frames on the buddy lists */
	struct free_area free_area[MAX_ORDER];
	/* Free frames in front of them, one set per CPU, indexed by
	 * smp_processor_id(). */
	struct per_cpu_pages pcp[NR_CPUS];
};

struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
};

extern struct pglist_data contig_page_data;
#define NODE_DATA(nid) (&contig_page_data)

#define for_each_zone(z) \
	for (z = contig_page_data.node_zones; \
	     z < contig_page_data.node_zones + MAX_NR_ZONES; z++)
#define for_each_populated_zone(z) \
	for_each_zone(z) if (!populated_zone(z)) {} else

static inline int zone_idx(const struct zone *z)
{
	return (int)(z - contig_page_data.node_zones);
}
static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}
static inline bool zone_spans_pfn(const struct zone *z, unsigned long pfn)
{
	return pfn >= z->zone_start_pfn && pfn < zone_end_pfn(z);
}
/* A zone is populated when it has RAM the buddy allocator manages. */
static inline bool populated_zone(const struct zone *z)
{
	return z->managed_pages != 0;
}
/* The end of lowmem (the direct map): pages at or above it are highmem. */
extern unsigned long lowmem_end_pfn;
/* The zone ZONE_MOVABLE is carved from: the highest zone below it with a
 * non-empty span (Linux's find_usable_zone_for_movable()), set by
 * free_area_init() whether or not a Movable zone is carved. */
extern int movable_zone;
/* Is the zone highmem? ZONE_HIGHMEM always, even empty; ZONE_MOVABLE when
 * movable_zone is ZONE_HIGHMEM, even empty (Linux's is_highmem() and
 * zone_movable_is_highmem()): empty highmem zones still get a minimum
 * watermark. */
static inline bool is_highmem_idx(int idx)
{
	return idx == ZONE_HIGHMEM || (idx == ZONE_MOVABLE && movable_zone == ZONE_HIGHMEM);
}
static inline bool is_highmem(const struct zone *z)
{
	return is_highmem_idx(zone_idx(z));
}

/* ------------------------------------------------------------------------
 * Zone initialisation (mm/mm_init.c). mm_boot_zones() calls, in order:
 *   free_area_init(map, &limits, find_movable_start_pfn(&limits, ...));
 *   memmap_mark_present(start, end);      for every RAM range
 *   free_range_to_buddy(start, end);      for every free RAM range
 *   setup_per_zone_wmarks();
 */

struct zone_limits;

/* Set up mem_map (caller-provided, zl->max_pfn entries, covering pfn
 * [0, max_pfn)) and the zone spans, which zone_limits_span() gives.
 * movable_start_pfn carves ZONE_MOVABLE = [movable_start_pfn, end of the
 * zone containing it) from that zone; 0 means no ZONE_MOVABLE. Every page
 * starts Reserved with refcount 1; frames below zl->min_pfn belong to
 * ZONE_DMA. Boot only; prints nothing. */
void free_area_init(struct page *map, const struct zone_limits *zl,
		    unsigned long movable_start_pfn);
/* Record RAM frames [start_pfn, end_pfn) as present (per zone and for the
 * node). */
void memmap_mark_present(unsigned long start_pfn, unsigned long end_pfn);
/* Give the Reserved RAM frames [start_pfn, end_pfn) to the buddy allocator
 * in maximal aligned blocks that never cross a zone boundary; counts
 * managed_pages. Frames that are not Reserved (already given) are skipped
 * with a warning. Boot only. */
void free_range_to_buddy(unsigned long start_pfn, unsigned long end_pfn);
/* The ZONE_MOVABLE start for the kernelcore=/movablecore= parameters
 * (parsed as early params), or 0 when neither is given or they leave no
 * movable memory. total_pages is the RAM page count. Movable memory is
 * carved from the top of the highest zone with a non-empty span under zl,
 * rounded up to MAX_ORDER_NR_PAGES, never below that zone's start. */
unsigned long find_movable_start_pfn(const struct zone_limits *zl, unsigned long total_pages);
/* Test helper: forget kernelcore=/movablecore= values. */
void movable_params_reset(void);

/* ------------------------------------------------------------------------
 * Zone layout (mm/zone_layout.c). */
/* "DMA", "Normal", "HighMem", "Movable"; "?" for anything else. */
const char *zone_name(enum zone_type idx);
/* Whether zone idx has pages the allocator manages (false for a bad idx). */
bool zone_idx_populated(enum zone_type idx);
/* Zone idx (DMA, Normal or HighMem) spans [*start, *end) pfns under the
 * limits zl (empty when *start == *end): each zone starts where the one
 * below ended, the first at zl->min_pfn. */
void zone_limits_span(const struct zone_limits *zl, enum zone_type idx,
		      unsigned long *start, unsigned long *end);
/* Print "Zone ranges:" (DMA, Normal, HighMem; "empty" when empty),
 * "Movable zone start for each node" (with "  Node 0: 0x..." when
 * movable_start_pfn is not 0), "Early memory node ranges" with one
 * "  node   0: [mem ...]" per memblock memory range, and
 * "Initmem setup node 0 [mem ...]". */
void zone_limits_print(const struct zone_limits *zl, unsigned long movable_start_pfn);

/* ------------------------------------------------------------------------
 * Watermarks (mm/watermark.c). */

extern int min_free_kbytes;
/* Ratios for lowmem_reserve, per zone (DMA 256, Normal 32, others 0). */
extern const int lowmem_reserve_ratio[MAX_NR_ZONES];

/* min_free_kbytes from the lowmem size, then every zone's watermarks and
 * lowmem_reserve (Linux 4.19 mm/page_alloc.c: init_per_zone_wmark_min(),
 * __setup_per_zone_wmarks(), setup_per_zone_lowmem_reserve()). Call after
 * the buddy lists are filled, and again after managed_pages change. Prints
 * nothing. */
void setup_per_zone_wmarks(void);
/* The pieces, exposed for the tests. */
int calculate_min_free_kbytes(unsigned long lowmem_managed_pages);
void setup_per_zone_lowmem_reserve(void);
void __setup_per_zone_wmarks(void);

/* Allocation flags: how an attempt checks watermarks (Linux's ALLOC_*). */
#define ALLOC_WMARK_MIN       WMARK_MIN
#define ALLOC_WMARK_LOW       WMARK_LOW
#define ALLOC_WMARK_HIGH      WMARK_HIGH
#define ALLOC_NO_WATERMARKS   0x04    /* ignore watermarks entirely */
#define ALLOC_WMARK_MASK      (ALLOC_NO_WATERMARKS - 1)
#define ALLOC_HARDER          0x10    /* __GFP_ATOMIC: a further min/4 */
#define ALLOC_HIGH            0x20    /* __GFP_HIGH: min/2 */

/* Slow-path allocation flags for a mask: ALLOC_WMARK_MIN, plus ALLOC_HIGH
 * for __GFP_HIGH, plus ALLOC_HARDER for __GFP_ATOMIC without
 * __GFP_NOMEMALLOC, plus ALLOC_NO_WATERMARKS for __GFP_MEMALLOC without
 * __GFP_NOMEMALLOC. (The fast path uses ALLOC_WMARK_LOW alone.) */
unsigned int gfp_to_alloc_flags(gfp_t gfp);

/* May zone z serve an allocation of 2^order pages whose highest allowed
 * zone is classzone_idx, keeping free pages above mark (reduced by
 * ALLOC_HIGH/ALLOC_HARDER in alloc_flags) plus lowmem_reserve[classzone]?
 * For order > 0 a free block of at least that order must also exist.
 * ALLOC_NO_WATERMARKS in alloc_flags is not looked at here. Reads the zone
 * without locking: a snapshot. */
bool zone_watermark_ok(const struct zone *z, unsigned int order, unsigned long mark,
		       int classzone_idx, unsigned int alloc_flags);
/* The same check with the free page count given (for tests and reports). */
bool __zone_watermark_ok(const struct zone *z, unsigned int order, unsigned long mark,
			 int classzone_idx, unsigned int alloc_flags, long free_pages);

static inline unsigned long min_wmark_pages(const struct zone *z) { return z->watermark[WMARK_MIN]; }
static inline unsigned long low_wmark_pages(const struct zone *z) { return z->watermark[WMARK_LOW]; }
static inline unsigned long high_wmark_pages(const struct zone *z) { return z->watermark[WMARK_HIGH]; }

/* ------------------------------------------------------------------------
 * Counters and reports (mm/page_report.c, mm/pcp.c, mm/page_free.c). All print with
 * printk in Linux's /proc formats (mm/vmstat.c: frag_show_print(),
 * pagetypeinfo_showfree_print(), zoneinfo_show_print(); fs/proc/meminfo.c). */

/* Free pages wherever they wait: buddy lists plus per-CPU lists (all
 * zones / one zone). zone->free_pages alone counts the buddy lists, as
 * Linux's NR_FREE_PAGES does, and is what the watermarks and zoneinfo's
 * "pages free" use; pcp pages show as zoneinfo's pagesets count and
 * show_free_areas()' free_pcp. */
unsigned long nr_free_pages(void);
unsigned long zone_nr_free(const struct zone *z);
/* Pages on the per-CPU lists of all zones. */
unsigned long nr_pcp_pages(void);
/* Size the zone's per-CPU lists (high, batch) for its managed_pages now,
 * if not done yet (the allocator otherwise does it at the first refill or
 * spill). Reports call it so zoneinfo shows the sizes in force; boot code
 * may call it after setup_per_zone_wmarks(). Any context. */
void zone_pcp_update(struct zone *zone);
/* Free blocks per zone and order, as buddyinfo shows them (unpopulated
 * zones read as zeros). Drains the per-CPU lists first (drain_all_pages()),
 * so the snapshot is canonical: a function of the set of free pages. */
void buddyinfo_snapshot(unsigned long out[MAX_NR_ZONES][MAX_ORDER]);
/* Managed pages of all zones / of the highmem zones (the "Memory:" line's
 * available total and its highmem part), RAM frames present. */
unsigned long totalram_pages(void);
unsigned long totalhigh_pages(void);
unsigned long total_present_pages(void);
/* Pages allocated with __GFP_ACCOUNT and not yet freed. */
unsigned long nr_accounted_pages(void);

void show_buddyinfo(void);
void show_pagetypeinfo(void);
void show_zoneinfo(void);
void show_meminfo(void);
/* Linux's show_free_areas layout: per-zone free/min/low/high/present/managed
 * lines, lowmem_reserve[], then "DMA: 1*4kB (U) 2*8kB (M) ... = NkB". */
void show_free_areas(void);
/* "struct page: N bytes; mem_map: N pages, NK (X.XX% of RAM)". */
void mm_print_page_size(void);
/* Mobility grouping is off when there is too little memory for it
 * (fewer than pageblock_nr_pages * MIGRATE_TYPES pages), as in Linux. */
extern bool page_group_by_mobility_disabled;

#endif
