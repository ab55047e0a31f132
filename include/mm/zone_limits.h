/* Zone boundaries from the memory map, Linux i386 rules.
 *
 * max_pfn is the end of RAM (memblock memory). Without PAE RAM above 4 GiB
 * is ignored with Linux's warning. lowmem ends at
 * min(MAXMEM, end of RAM), where MAXMEM = 4 GiB - PAGE_OFFSET - the vmalloc
 * reserve (128 MiB by default: 896 MiB; vmalloc=SIZE makes the reserve
 * SIZE + 8 MiB as Linux's VMALLOC_OFFSET gap does). highmem=SIZE asks for
 * that much HighMem (Linux's find_low_pfn_range, with its messages).
 *
 * Zones as Linux's free_area_init() lays them out: DMA starts at the first
 * RAM pfn and ends at min(16 MiB, lowmem end); Normal ends at lowmem end;
 * HighMem at max_pfn; a zone whose end is not above its start is empty. */
#ifndef MM_ZONE_LIMITS_H
#define MM_ZONE_LIMITS_H

#include <kernel/types.h>
#include <mm/vmlayout.h>

/* VMALLOC_OFFSET and VMALLOC_RESERVE_DEFAULT: include/mm/vmlayout.h. */
/* vmalloc= bounds (project rule): at least room for the pkmap window and the
 * fixmaps; at most what leaves LOWMEM_MIN of lowmem. */
#define VMALLOC_SIZE_MIN         (16ull << 20)
/* Linux refuses highmem= values that leave less lowmem than this. */
#define LOWMEM_MIN               (64ull << 20)
#define KERNEL_VSPACE_END        (1ull << 32)

#define MAX_NONPAE_PFN           (1UL << 20)      /* 4 GiB */
#define MAX_PAE_PFN_PHYS         (1ull << 36)     /* 64 GiB */

enum zone_limit_idx {
	ZONE_LIMIT_DMA,
	ZONE_LIMIT_NORMAL,
	ZONE_LIMIT_HIGHMEM,
	ZONE_LIMIT_NR,
};

struct zone_limits {
	unsigned long min_pfn;          /* first RAM pfn */
	unsigned long max_dma_pfn;      /* min(16 MiB, max_low_pfn) */
	unsigned long max_low_pfn;      /* end of lowmem (direct-mapped) */
	unsigned long max_pfn;          /* end of usable RAM */
};

/* Stays false: this build has no PAE (set before zone_limits_init if a
 * PAE build ever exists). */
extern bool pae_enabled;

/* MAXMEM: the most lowmem the vmalloc= setting allows (896 MiB default). */
phys_addr_t zone_limits_maxmem(void);

/* Compute the limits from memblock memory, applying highmem=/vmalloc=,
 * print Linux's messages and "NNNMB HIGHMEM available." /
 * "NNNMB LOWMEM available.", drop memblock memory above max_pfn, and keep a
 * copy for zone_limits_get(). Call after memblock has the final memory. */
void zone_limits_init(struct zone_limits *out);
/* The limits computed by the last zone_limits_init(), or NULL before. */
const struct zone_limits *zone_limits_get(void);

/* Zone idx spans [*start, *end) pfns (empty when *start == *end). */
void zone_limits_span(const struct zone_limits *zl, enum zone_limit_idx idx,
		      unsigned long *start, unsigned long *end);
/* "DMA", "Normal", "HighMem". */
const char *zone_limits_name(enum zone_limit_idx idx);

/* Print "Zone ranges:" (DMA, Normal, HighMem; "empty" when empty),
 * "Movable zone start for each node" (with "  Node 0: 0x..." when
 * movable_start_pfn is not 0), "Early memory node ranges" with one
 * "  node   0: [mem ...]" per memblock memory range, and
 * "Initmem setup node 0 [mem ...]". */
void zone_limits_print(const struct zone_limits *zl, unsigned long movable_start_pfn);

/* For tests: forget highmem=/vmalloc= settings. */
void zone_limits_params_reset(void);

#endif
