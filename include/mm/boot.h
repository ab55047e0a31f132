/* The boot contract between the architecture and mm.
 *
 * The architecture owns the firmware: it reads the boot loader's memory
 * map, applies the command line's edits, decides what must never be handed
 * out and where each zone ends. It gives mm two things, in this order (the
 * order of Linux's setup_arch(): memblock first, page tables, then
 * free_area_init()):
 *
 *     mm_boot_memblock(regions, n);  typed [start, end) physical ranges:
 *                                    memblock holds RAM and every reservation
 *     ... the architecture's page tables, from memblock_alloc() ...
 *     mm_boot_zones(&limits);        where the zones end: mm lays the zones
 *                                    out once, builds mem_map, frees RAM to
 *                                    the buddy lists, sets the watermarks
 *
 * Nothing here is specific to a machine: the architecture has checked the
 * values (RAM page aligned, limits ascending) before it hands them over,
 * and mm checks them again at the door. */
#ifndef MM_BOOT_H
#define MM_BOOT_H

#include <kernel/types.h>

enum mem_region_type {
	MEM_REGION_RAM,         /* usable RAM; start and end page aligned */
	MEM_REGION_RESERVED,    /* never handed out (inside RAM or not) */
};

/* One physical range [start, end). */
struct mem_region {
	phys_addr_t start;
	phys_addr_t end;
	enum mem_region_type type;
	const char *name;       /* reserved ranges: a static string */
};

/* Where the zones end, in page frame numbers: the zones of
 * include/mm/mmzone.h follow each other from min_pfn up. A zone whose end
 * is not above the previous one is empty. Ascending:
 * min_pfn <= max_dma_pfn <= max_low_pfn <= max_pfn. */
struct zone_limits {
	unsigned long min_pfn;          /* first RAM pfn */
	unsigned long max_dma_pfn;      /* end of ZONE_DMA */
	unsigned long max_low_pfn;      /* end of ZONE_NORMAL: lowmem, direct-mapped */
	unsigned long max_pfn;          /* end of ZONE_HIGHMEM: end of usable RAM */
};

/* Add the RAM regions to memblock memory and the reserved ones to memblock
 * reserved. A region that is empty, inverted or (RAM) not page aligned is
 * reported and skipped; a reservation that does not fit stops the boot with
 * a message naming it, since handing that memory out would corrupt it. */
void mm_boot_memblock(const struct mem_region *regions, unsigned int nr);

/* From memblock and the zone limits to a running buddy allocator: prints
 * "Zone ranges:" and the node ranges, allocates and fills mem_map, frees
 * every free memblock range to the buddy lists, computes the watermarks.
 * Call once memblock_alloc() returns direct-mapped memory. Limits that are
 * not ascending stop the boot with a message. */
void mm_boot_zones(const struct zone_limits *zl);

/* The limits mm_boot_zones() was given, or NULL before. */
const struct zone_limits *mm_zone_limits(void);

/* The boot records (include/kernel/ktest_hooks.h) mm_boot_zones() makes:
 * mem_map entries, then arch_cycles() (instructions under QEMU -icount)
 * spent on free_area_init plus marking RAM present, and on handing free RAM
 * to the buddy lists. */
#define BOOT_RECORD_MEMMAP_PAGES        "memmap_pages"
#define BOOT_RECORD_MEMMAP_ZONES        "memmap_zones_insns"
#define BOOT_RECORD_MEMMAP_TO_BUDDY     "memmap_to_buddy_insns"

/* Print Linux's "Memory: ...K/...K available (...)" line. */
void mm_print_memory_line(void);

#endif
