/* The kmap windows of the mm/ contract (include/mm/arch.h), inline:
 * mm/highmem_atomic.c's balanced path is a slot push, a PTE write, a PTE
 * clear and an invlpg, and a call per step would cost as much as the step.
 * The slots are fixmap entries (asm/vmlayout.h), all in the one static
 * fixmap page table, so a slot's PTE is found from its address alone. */
#ifndef ASM_X86_HIGHMEM_H
#define ASM_X86_HIGHMEM_H

#include <kernel/compiler.h>
#include <asm/vmlayout.h>
#include <asm/pgtable.h>

static __always_inline unsigned long arch_pkmap_base(void)
{
	return PKMAP_BASE;
}

static __always_inline unsigned long arch_kmap_atomic_vaddr(unsigned int cpu, unsigned int idx)
{
	return fix_to_virt(FIX_KMAP_BEGIN + KM_MAX_IDX * cpu + idx);
}

/* Present, writable, not executable where NX is on: arch/x86/mm.c's data
 * mapping. A 4-byte entry has no NX bit (x86_pte_nx is 0 there), so the
 * 2-level kernel does not load it. */
static __always_inline void arch_kmap_atomic_set(unsigned long vaddr, unsigned long pfn)
{
	pteval_t nx = sizeof(pteval_t) == sizeof(u64) ? x86_pte_nx : 0;

	set_pte(&fixmap_page_table[pte_index(vaddr)],
		((pteval_t)pfn << PAGE_SHIFT) | PTE_PRESENT | PTE_WRITE | nx);
}

static __always_inline void arch_kmap_atomic_clear(unsigned long vaddr)
{
	clear_pte(&fixmap_page_table[pte_index(vaddr)]);
	invlpg(vaddr);
}

#endif
