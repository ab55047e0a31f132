/* ioremap and iounmap (contract: include/mm/vmalloc.h), after Linux
 * arch/x86/mm/ioremap.c (__ioremap_caller, iounmap).
 *
 * One difference: Linux on i386 returns the direct-map address for the
 * legacy ISA range (0xa0000-0xfffff) and relies on the firmware's MTRRs to
 * keep it uncached. This kernel programs no MTRRs and cannot count on
 * them, so the ISA range gets its own mapping with the attributes asked
 * for, like any other device memory. */
#include "vmalloc_internal.h"
#include <kernel/might_sleep.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <mm/memblock.h>
#include <mm/mm.h>

#define RET_IP __builtin_return_address(0)
/* Areas of up to 2^IOREMAP_MAX_ORDER bytes are aligned to their own size
 * rounded up to a power of two (Linux's IOREMAP_MAX_ORDER: 128 pages). */
#define IOREMAP_MAX_ORDER (7 + PAGE_SHIFT)

/* RAM the kernel manages: a page of usable memory that is not reserved.
 * Reserved pages (the kernel image, firmware tables in RAM) may be mapped,
 * as Linux's __ioremap_check_ram allows. */
static bool pfn_is_managed_ram(unsigned long pfn)
{
	if (!memblock_is_memory(PFN_PHYS(pfn)))
		return false;
	return pfn_valid(pfn) && !page_flag_test(pfn_to_page(pfn), PG_reserved);
}

static unsigned long ioremap_align(unsigned long size)
{
	unsigned int order = PAGE_SHIFT;

	while (order < IOREMAP_MAX_ORDER && (1UL << order) < size)
		order++;
	return 1UL << order;
}

static void __iomem *__ioremap_caller(phys_addr_t phys, unsigned long size,
				      enum page_cache_mode mode, const void *caller)
{
	phys_addr_t last = phys + size - 1, first_page;
	unsigned long offset, pfn, pages;
	struct vmap_area *va;

	might_sleep();
	if (!size || last < phys)
		return NULL;
	if (last >= arch_phys_addr_limit()) {
		pr_warn("ioremap: invalid physical address %llx\n", (unsigned long long)last);
		return NULL;
	}
	for (pfn = (unsigned long)(phys >> PAGE_SHIFT); pfn <= (unsigned long)(last >> PAGE_SHIFT); pfn++) {
		if (pfn_is_managed_ram(pfn)) {
			WARN(1, "ioremap on RAM at 0x%08llx - 0x%08llx\n",
			     (unsigned long long)phys, (unsigned long long)last);
			return NULL;
		}
	}
	offset = (unsigned long)(phys & ~(phys_addr_t)PAGE_MASK);
	first_page = phys - offset;
	pages = (unsigned long)((last >> PAGE_SHIFT) - (first_page >> PAGE_SHIFT) + 1);
	va = alloc_vmap_area((pages + 1) << PAGE_SHIFT, ioremap_align(pages << PAGE_SHIFT),
			     VM_IOREMAP, GFP_KERNEL, caller);
	if (!va)
		return NULL;
	va->vm.phys_addr = first_page;
	for (unsigned long i = 0; i < pages; i++)
		vmap_map_page(va, (unsigned int)i, (unsigned long)(first_page >> PAGE_SHIFT) + i, mode);
	return (char *)va->vm.addr + offset;
}

void __iomem *ioremap_nocache(phys_addr_t phys, unsigned long size)
{
	return __ioremap_caller(phys, size, PAGE_CACHE_MODE_UC_MINUS, RET_IP);
}

/* x86: ioremap is ioremap_nocache. */
void __iomem *ioremap(phys_addr_t phys, unsigned long size)
{
	return __ioremap_caller(phys, size, PAGE_CACHE_MODE_UC_MINUS, RET_IP);
}

void __iomem *ioremap_uc(phys_addr_t phys, unsigned long size)
{
	return __ioremap_caller(phys, size, PAGE_CACHE_MODE_UC, RET_IP);
}

void __iomem *ioremap_wc(phys_addr_t phys, unsigned long size)
{
	return __ioremap_caller(phys, size, PAGE_CACHE_MODE_WC, RET_IP);
}

void iounmap(volatile void __iomem *addr)
{
	unsigned long start = (unsigned long)addr & PAGE_MASK;
	struct vmap_area *va;
	struct vm_struct vm;

	might_sleep();
	if (!addr)
		return;
	va = find_vmap_area(start);
	if (!va || !(va->vm.flags & VM_IOREMAP)) {
		pr_err("iounmap: bad address %p\n", (void *)addr);
		return;
	}
	remove_vmap_area(start, &vm);
}
