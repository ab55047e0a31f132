/* memblock: the early allocator, used before the buddy allocator exists.
 *
 * Two sorted lists of disjoint physical ranges: memory (usable RAM) and
 * reserved (things that must never be handed out: the kernel image, the
 * loader's data, firmware areas, and every earlier allocation). Adjacent memory
 * ranges merge; adjacent reserved ranges merge when they carry the same
 * name. Allocation is top-down like Linux, inside memory, outside reserved,
 * never at physical page 0.
 *
 * Boot use (include/mm/boot.h): mm_boot_memblock() adds the architecture's
 * RAM and reserved regions; the architecture may cap memory (RAM it cannot
 * use) and allocates its page tables; once the direct map is final,
 * mm_boot_zones() allocates mem_map and hands every free range to the buddy
 * allocator (memblock_for_each_free_range).
 *
 * Not reentrant and no locking: boot time (and tests) only. */
#ifndef MM_MEMBLOCK_H
#define MM_MEMBLOCK_H

#include <kernel/types.h>

#define MEMBLOCK_MAX_REGIONS 128
/* end arguments: the current limit, or no limit at all (Linux's values).
 * The current limit starts as MEMBLOCK_ALLOC_ACCESSIBLE: the end of the
 * direct map (arch_direct_map_end()). */
#define MEMBLOCK_ALLOC_ACCESSIBLE ((phys_addr_t)0)
#define MEMBLOCK_ALLOC_ANYWHERE   (~(phys_addr_t)0)

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	const char *name;       /* reserved list only; static strings */
};

struct memblock_type {
	unsigned long cnt;
	const char *name;       /* "memory" or "reserved" */
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
};

struct memblock {
	phys_addr_t current_limit;
	struct memblock_type memory;
	struct memblock_type reserved;
};

/* The state is public so tests can save and restore it around experiments. */
extern struct memblock memblock;

/* Empty both lists; the limit becomes the end of the direct map. */
void memblock_reset(void);

/* Add [base, base + size) to memory / to reserved under name (a static
 * string). Overlaps are fine; a range running past 2^64 is cut there.
 * Returns 0, or -ENOSPC when the list is full (printed). */
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size, const char *name);
/* Drop all memory at or above limit (RAM the kernel cannot use). */
void memblock_cap_memory(phys_addr_t limit);

/* Allocations made without an explicit end stay below the limit set here
 * (MEMBLOCK_ALLOC_ACCESSIBLE: no limit of its own) and below the end of the
 * direct map, whichever is lower; get returns that effective limit. */
void memblock_set_current_limit(phys_addr_t limit);
phys_addr_t memblock_get_current_limit(void);

/* Find size bytes aligned to align (a power of two; 0 means 1) inside
 * [start, end) (end MEMBLOCK_ALLOC_ACCESSIBLE: the current limit), the
 * highest such place in memory that overlaps nothing reserved, and reserve
 * it. Returns its physical address, or 0 when there is none. Does not touch
 * the memory. */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end);
/* The same below the current limit, reserved under the name what, zeroed
 * through arch_phys_to_virt(), and returned as a kernel pointer. Running out
 * panics with a message naming what, the size and the limit. Returns NULL
 * only for size 0. */
void *memblock_alloc(phys_addr_t size, phys_addr_t align, const char *what);

bool memblock_is_reserved(phys_addr_t addr);
bool memblock_is_memory(phys_addr_t addr);
/* Name of the reservation holding addr ("kernel image", "mem_map", ...),
 * or NULL when addr is not reserved. */
const char *memblock_reserved_name(phys_addr_t addr);
/* Whether any reserved byte lies in [base, base + size). */
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size);
/* Start of the first and end of the last memory range (0 when empty). */
phys_addr_t memblock_start_of_ram(void);
phys_addr_t memblock_end_of_ram(void);
phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);

/* Call fn for every free range (memory minus reserved), ascending, in whole
 * pages: [start_pfn, end_pfn) with partial pages left out. Ranges above the
 * largest pfn an unsigned long holds are cut. */
void memblock_for_each_free_range(void (*fn)(unsigned long start_pfn,
					     unsigned long end_pfn, void *arg),
				  void *arg);
/* Call fn for every memory range in whole pages, ascending (the "early
 * memory node ranges"). */
void memblock_for_each_mem_pfn_range(void (*fn)(unsigned long start_pfn,
						unsigned long end_pfn, void *arg),
				     void *arg);

/* Print "MEMBLOCK configuration:", sizes, then every memory and reserved
 * range, reserved ones with their names. */
void memblock_dump(void);

#endif
