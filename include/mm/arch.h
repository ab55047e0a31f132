/* The machine contract of mm/: everything mm/ may ask of the MMU.
 * arch/x86/mm.c implements it; tests/host/stubs.c implements it over a
 * malloc'd "physical memory". mm/ includes no other arch header. */
#ifndef MM_ARCH_H
#define MM_ARCH_H

#include <kernel/types.h>

/* Kernel virtual address of a physical address inside the direct map
 * ([0, lowmem_end) on the kernel). Undefined for highmem. */
void *arch_phys_to_virt(phys_addr_t phys);
/* Physical address of a direct-map kernel virtual address. */
phys_addr_t arch_virt_to_phys(const void *virt);

/* Map one 4 KiB page at kernel virtual address vaddr to frame pfn
 * (present, writable, kernel only), or clear that mapping. These do not
 * flush the TLB: callers flush with arch_flush_tlb_one / arch_flush_tlb_all. */
void arch_map_kernel_page(unsigned long vaddr, unsigned long pfn);
void arch_unmap_kernel_page(unsigned long vaddr);
/* The frame mapped at vaddr, or -1UL when not mapped. */
unsigned long arch_kernel_page_pfn(unsigned long vaddr);
void arch_flush_tlb_one(unsigned long vaddr);
void arch_flush_tlb_all(void);

/* The kmap_atomic fast path: map fixmap slot idx (at fix_to_virt(idx),
 * include/mm/vmlayout.h) to frame pfn; clear it and flush its TLB entry.
 * The same as the calls above on that address, in one cheap call. */
void arch_set_fixmap(unsigned int idx, unsigned long pfn);
void arch_clear_fixmap(unsigned int idx);

#endif
