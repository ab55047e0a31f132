/* The memory part of the boot, mm's side of include/mm/boot.h: the zones
 * from the architecture's limits, in the order Linux's mm_init() takes
 * (mm_boot_memblock() is in mm/memblock.c). */
#include <mm/boot.h>
#include <mm/memblock.h>
#include <mm/memtest.h>
#include <mm/mm.h>
#include <mm/mmzone.h>
#include <kernel/arch.h>
#include <kernel/ktest_hooks.h>
#include <kernel/setup.h>
#include <kernel/printk.h>
#include <kernel/panic.h>

extern char __init_begin[], __init_end[];

static struct zone_limits limits;
static bool limits_valid;

const struct zone_limits *mm_zone_limits(void)
{
	return limits_valid ? &limits : NULL;
}

static void mark_present(unsigned long start_pfn, unsigned long end_pfn, void *arg)
{
	(void)arg;
	memmap_mark_present(start_pfn, end_pfn);
}

static void give_to_buddy(unsigned long start_pfn, unsigned long end_pfn, void *arg)
{
	(void)arg;
	free_range_to_buddy(start_pfn, end_pfn);
}

void mm_print_memory_line(void)
{
	unsigned long present = total_present_pages(), avail = totalram_pages();

	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, "
		"%luK init, %luK bss, %luK reserved, 0K cma-reserved, %luK highmem)\n",
		PAGES_TO_KB(avail), PAGES_TO_KB(present),
		BYTES_TO_KB(_etext - _text), BYTES_TO_KB(_edata - _data), BYTES_TO_KB(_erodata - _rodata),
		BYTES_TO_KB(__init_end - __init_begin), BYTES_TO_KB(__bss_stop - __bss_start),
		PAGES_TO_KB(present - avail), PAGES_TO_KB(totalhigh_pages()));
}

void mm_boot_zones(const struct zone_limits *zl)
{
	if (zl->min_pfn > zl->max_dma_pfn || zl->max_dma_pfn > zl->max_low_pfn ||
	    zl->max_low_pfn > zl->max_pfn)
		panic("mm: zone limits not ascending: %#lx %#lx %#lx %#lx\n", zl->min_pfn,
		      zl->max_dma_pfn, zl->max_low_pfn, zl->max_pfn);
	limits = *zl;
	limits_valid = true;

	unsigned long movable = find_movable_start_pfn(zl,
		(unsigned long)(memblock_phys_mem_size() >> PAGE_SHIFT));
	zone_limits_print(zl, movable);

	struct page *map = memblock_alloc((phys_addr_t)zl->max_pfn * sizeof(struct page),
					  PAGE_SIZE, "mem_map");
	u64 t0 = arch_cycles();
	free_area_init(map, zl, movable);
	memblock_for_each_mem_pfn_range(mark_present, NULL);
	u64 t1 = arch_cycles();
	memblock_dump();
	early_memtest(0, PFN_PHYS(zl->max_low_pfn));
	u64 t2 = arch_cycles();
	memblock_for_each_free_range(give_to_buddy, NULL);
	u64 t3 = arch_cycles();

	/* What the mem_map part of the boot cost, for `make bench`. */
	boot_record(BOOT_RECORD_MEMMAP_PAGES, zl->max_pfn);
	boot_record(BOOT_RECORD_MEMMAP_ZONES, t1 - t0);
	boot_record(BOOT_RECORD_MEMMAP_TO_BUDDY, t3 - t2);
	setup_per_zone_wmarks();
	mm_print_page_size();
}
