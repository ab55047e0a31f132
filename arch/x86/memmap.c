/* The PC's memory at boot, Linux's setup_arch() order: the firmware map
 * (e820 from Multiboot) with the command line's edits, what must stay
 * reserved, the i386 zone limits, the page tables; then mm takes over
 * (include/mm/boot.h). */
#include <kernel/bootinfo.h>
#include <kernel/compiler.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/setup.h>
#include <mm/boot.h>
#include <mm/pfn.h>
#include <asm/e820.h>
#include <asm/multiboot.h>
#include <asm/smp.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/zone_limits.h>

/* RAM ranges from e820, plus the fixed reservations and the loader's data. */
#define BOOT_REGIONS_MAX (E820_MAX_ENTRIES + 3 + BOOTINFO_MAX_DATA)

extern char _kernel_phys_start[];

static struct mem_region regions[BOOT_REGIONS_MAX];

int arch_boot_info(u32 magic, phys_addr_t info, struct boot_info *bi)
{
	return multiboot_parse(magic, info, arch_boot_map, NULL, bi);
}

static void add_reserved(unsigned int *n, phys_addr_t start, phys_addr_t end,
			 const char *name)
{
	if (*n == BOOT_REGIONS_MAX)
		panic("x86: more than %u boot regions, cannot reserve %s", BOOT_REGIONS_MAX,
		      name);
	regions[*n] = (struct mem_region){ start, end, MEM_REGION_RESERVED, name };
	(*n)++;
}

/* usable RAM, then the kernel image, the low 64 KiB, the BIOS area and the
 * boot loader's data. */
static unsigned int boot_regions(const struct boot_info *bi, phys_addr_t kstart,
				 phys_addr_t kend)
{
	unsigned int n = e820_ram_regions(&e820_table, regions, E820_MAX_ENTRIES);
	u32 i;

	add_reserved(&n, kstart, kend, "kernel image");
	add_reserved(&n, 0, X86_RESERVE_LOW, "low memory");
	add_reserved(&n, E820_BIOS_BEGIN, E820_BIOS_END, "BIOS area");
	for (i = 0; i < bi->nr_data && i < BOOTINFO_MAX_DATA; i++)
		if (bi->data[i].start < bi->data[i].end)
			add_reserved(&n, bi->data[i].start, bi->data[i].end, bi->data[i].what);
	return n;
}

void arch_setup_memory(const struct boot_info *bi)
{
	phys_addr_t kstart = (phys_addr_t)(unsigned long)_kernel_phys_start;
	phys_addr_t kend = __pa_symbol(_end);
	struct zone_limits zl;

	if (e820_init_from_bootinfo(bi) < 0)
		panic("no usable RAM in the boot loader's memory map");
	e820_apply_user_edits(kstart, kend);
	e820_trim_bios_range();

	mm_boot_memblock(regions, boot_regions(bi, kstart, kend));
	smp_detect();
	pgtable_limit_ram_to_cpu();
	zone_limits_init(&zl);
	x86_paging_init(PFN_PHYS(zl.max_low_pfn), !e820_user_nopentium());
	mm_boot_zones(&zl);
}

void arch_show_memory_map(void)
{
	e820_print_table(&e820_table, "e820");
}
