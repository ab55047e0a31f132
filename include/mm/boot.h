/* The memory part of the boot sequence. */
#ifndef MM_BOOT_H
#define MM_BOOT_H

#include <kernel/bootinfo.h>

/* From the boot loader's map to a running buddy allocator: e820 sanitise and
 * command-line edits, memblock with every reservation, zone limits, the
 * kernel page tables, mem_map, zones, free pages, watermarks; prints Linux's
 * boot-log lines on the way. Panics only when there is no usable RAM. */
void mm_boot_init(const struct boot_info *bi);

/* What the mem_map part of the boot cost, in arch_cycles() (instructions
 * under QEMU -icount): free_area_init plus marking RAM present, and handing
 * free RAM to the buddy lists, for `make bench`. */
struct mm_boot_timing {
	unsigned long pages;            /* mem_map entries */
	u64 zones_cycles;
	u64 buddy_cycles;
};
const struct mm_boot_timing *mm_boot_timing(void);

/* Print Linux's "Memory: ...K/...K available (...)" line. */
void mm_print_memory_line(void);

#endif
