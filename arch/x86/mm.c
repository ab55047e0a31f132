/* The x86 side of include/mm/arch.h, and the kernel page tables, in
 * either page-table format (asm/pgtable.h; the format's own file is
 * pgtable_2level.c or pgtable_3level.c).
 *
 * After x86_paging_init() the kernel runs on tables rebuilt in C:
 * [0, lowmem_end) mapped at PAGE_OFFSET (large pages where the CPU has PSE
 * and the caller allows them, 4 KiB pages otherwise and always for the
 * large pages that hold the kernel image), kernel text and rodata read-only,
 * everything but the text not executable where the CPU has NX, global pages
 * where PGE exists, and nothing mapped at 0 so a NULL dereference faults.
 * The pkmap and fixmap page tables are static. */
#include <kernel/setup.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/string.h>
#include <mm/arch.h>
#include <mm/memblock.h>
#include <asm/cpu.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/vmlayout.h>

/* What boot/entry.asm maps at 0 and at PAGE_OFFSET. */
#define BOOT_MAPPED_END (16UL << 20)

extern char __init_begin[], __init_end[];
extern char _kernel_phys_start[];

pteval_t x86_pte_nx;

static bool use_pse, use_pge;
/* Physical memory the kernel can reach at PAGE_OFFSET + phys: the boot
 * tables' 16 MiB until x86_paging_init(), lowmem after it. */
static phys_addr_t direct_map_end = BOOT_MAPPED_END;
static unsigned boot_window_next;    /* next free page of the boot window */

void *arch_phys_to_virt(phys_addr_t phys)
{
	if (unlikely(phys >= direct_map_end))
		panic("arch_phys_to_virt: %#llx is outside the direct map [0, %#llx)",
		      (unsigned long long)phys, (unsigned long long)direct_map_end);
	return (void *)(PAGE_OFFSET + (unsigned long)phys);
}

phys_addr_t arch_virt_to_phys(const void *virt)
{
	unsigned long va = (unsigned long)virt;

	if (unlikely(va < PAGE_OFFSET || va - PAGE_OFFSET >= direct_map_end))
		panic("arch_virt_to_phys: %#lx is outside the direct map [%#lx, %#llx)",
		      va, PAGE_OFFSET, (unsigned long long)(PAGE_OFFSET + direct_map_end));
	return (phys_addr_t)(va - PAGE_OFFSET);
}

phys_addr_t arch_direct_map_end(void)
{
	return direct_map_end;
}

pteval_t *pmd_page_table(pteval_t pmd)
{
	return arch_phys_to_virt(pmd & PTE_ADDR_MASK);
}

pteval_t x86_kernel_mapping(unsigned long va)
{
	pteval_t *pmd = pmd_entry_k(va);

	if (!pmd || !(*pmd & PTE_PRESENT) || (*pmd & PTE_PSE))
		return pmd ? *pmd : 0;
	return pmd_page_table(*pmd)[pte_index(va)];
}

/* The page table covering vaddr; it must exist and not be a large page.
 * The fixmap and pkmap tables are static: kmap_atomic and kmap find them
 * without walking the page directory. */
static pteval_t *table_for(unsigned long vaddr)
{
	if (vaddr >= FIXADDR_START)
		return fixmap_page_table;
	if (vaddr >= PKMAP_BASE)
		return pkmap_page_table;

	pteval_t *pmd = pmd_entry_k(vaddr);

	BUG_ON(!pmd || !(*pmd & PTE_PRESENT) || (*pmd & PTE_PSE));
	return pmd_page_table(*pmd);
}

/* A data mapping of frame pfn: present, writable, not executable. */
static pteval_t data_pte(unsigned long pfn)
{
	return ((pteval_t)pfn << PAGE_SHIFT) | PTE_PRESENT | PTE_WRITE | x86_pte_nx;
}

void arch_map_kernel_page(unsigned long vaddr, unsigned long pfn)
{
	set_pte(&table_for(vaddr)[pte_index(vaddr)], data_pte(pfn));
}

void arch_unmap_kernel_page(unsigned long vaddr)
{
	clear_pte(&table_for(vaddr)[pte_index(vaddr)]);
}

unsigned long arch_kernel_page_pfn(unsigned long vaddr)
{
	pteval_t *pmd = pmd_entry_k(vaddr);

	if (!pmd || !(*pmd & PTE_PRESENT))
		return -1UL;
	if (*pmd & PTE_PSE)
		return (unsigned long)((*pmd & PTE_ADDR_MASK & PMD_MASK) >> PAGE_SHIFT) +
		       ((vaddr & ~PMD_MASK) >> PAGE_SHIFT);
	pteval_t pte = table_for(vaddr)[pte_index(vaddr)];
	return (pte & PTE_PRESENT) ? (unsigned long)((pte & PTE_ADDR_MASK) >> PAGE_SHIFT) : -1UL;
}

/* Kernel mappings are shared by every CPU: these two flush all of them
 * (arch/x86/tlb.c sends the others an IPI), as Linux's
 * flush_tlb_kernel_range() / flush_tlb_all(). kmap_atomic's slots are
 * this CPU's alone and flush locally (arch_kmap_atomic_clear(),
 * asm/highmem.h). */
void arch_flush_tlb_one(unsigned long vaddr)
{
	invlpg(vaddr);
	flush_tlb_others(false, vaddr);
}

void arch_flush_tlb_all(void)
{
	local_flush_tlb_all();
	flush_tlb_others(true, 0);
}

void local_flush_tlb_all(void)
{
	if (use_pge) {
		/* Global entries survive a CR3 reload: toggle CR4.PGE. */
		unsigned long cr4 = read_cr4();
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}

static bool kernel_readonly(phys_addr_t phys)
{
	unsigned long va = PAGE_OFFSET + (unsigned long)phys;

	return va >= (unsigned long)_text && va < (unsigned long)_erodata;
}

static bool kernel_text(phys_addr_t phys)
{
	unsigned long va = PAGE_OFFSET + (unsigned long)phys;

	return (va >= (unsigned long)_text && va < (unsigned long)_etext) ||
	       (va >= (unsigned long)__init_begin && va < (unsigned long)__init_end);
}

/* Fill one page table for the large-page chunk at chunk_phys, up to end. */
static void fill_table(pteval_t *pt, phys_addr_t chunk_phys, phys_addr_t end)
{
	pteval_t global = use_pge ? PTE_GLOBAL : 0;

	for (unsigned i = 0; i < PTRS_PER_PTE; i++) {
		phys_addr_t p = chunk_phys + (phys_addr_t)i * PAGE_SIZE;

		if (p >= end) {
			clear_pte(&pt[i]);
			continue;
		}
		set_pte(&pt[i], (pteval_t)p | PTE_PRESENT | global |
				(kernel_readonly(p) ? 0 : PTE_WRITE) |
				(kernel_text(p) ? 0 : x86_pte_nx));
	}
}

void x86_paging_init(phys_addr_t lowmem_end, bool large_pages)
{
	pteval_t global = 0;
	/* Large pages never cover the kernel image: its text, rodata and data
	 * need 4 KiB granularity for their permissions. */
	phys_addr_t image_end = __pa_symbol(_end);

	use_pse = cpu_has(X86_FEATURE_PSE) && large_pages;
	use_pge = cpu_has(X86_FEATURE_PGE);
	if (use_pse)
		write_cr4(read_cr4() | X86_CR4_PSE);
	if (use_pge) {
		write_cr4(read_cr4() | X86_CR4_PGE);
		global = PTE_GLOBAL;
	}
	pgtable_format_init();

	/* New page tables come from memory the boot tables already map:
	 * memblock stays below arch_direct_map_end(). */
	unsigned chunks = (unsigned)DIV_ROUND_UP(lowmem_end, PMD_SIZE);
	for (unsigned c = 0; c < chunks; c++) {
		phys_addr_t chunk = (phys_addr_t)c * PMD_SIZE;
		pteval_t *pmd = pmd_entry_k(PAGE_OFFSET + (unsigned long)chunk);

		if (use_pse && chunk >= image_end && chunk + PMD_SIZE <= lowmem_end) {
			set_pte(pmd, (pteval_t)chunk | PTE_PRESENT | PTE_WRITE | PTE_PSE | global |
				     x86_pte_nx);
			continue;
		}
		pteval_t *pt;
		if ((*pmd & PTE_PRESENT) && !(*pmd & PTE_PSE))
			pt = pmd_page_table(*pmd);   /* a boot table */
		else
			pt = memblock_alloc(PAGE_SIZE, PAGE_SIZE, "kernel page table");
		fill_table(pt, chunk, lowmem_end);
		set_pte(pmd, (pteval_t)arch_virt_to_phys(pt) | PTE_PRESENT | PTE_WRITE);
	}
	/* Boot tables past lowmem_end (a machine with < 16 MiB) go away too. */
	for (unsigned c = chunks; c < BOOT_MAPPED_END / PMD_SIZE; c++)
		clear_pte(pmd_entry_k(PAGE_OFFSET + c * PMD_SIZE));
	/* Drop the identity map: from now on address 0 faults. */
	pgtable_drop_identity_map();
	arch_flush_tlb_all();
	direct_map_end = lowmem_end;
	x86_vmalloc_init(lowmem_end);
	pr_info("paging: direct map of %lu MiB with %lu %s pages%s, text and rodata read-only, "
		"%s page tables\n", (unsigned long)(lowmem_end >> 20),
		use_pse ? PMD_SIZE >> 20 : PAGE_SIZE >> 10, use_pse ? "MiB" : "KiB",
		use_pge ? ", global" : "", pgtable_format_name());
}

/* Window page i sits at an increasing virtual address. */
static unsigned long boot_window_vaddr(unsigned page)
{
	return fix_to_virt(FIX_BOOT_WINDOW + FIX_BOOT_WINDOW_PAGES - 1) +
	       (unsigned long)page * PAGE_SIZE;
}

const void *arch_boot_map(phys_addr_t phys, size_t len, void *ctx)
{
	(void)ctx;
	if (len == 0 || phys + len < phys)
		return NULL;
	if (phys + len <= direct_map_end)
		return arch_phys_to_virt(phys);

	phys_addr_t first = phys & ~(phys_addr_t)(PAGE_SIZE - 1);
	unsigned pages = (unsigned)DIV_ROUND_UP(phys + len - first, PAGE_SIZE);
	if (pages > FIX_BOOT_WINDOW_PAGES)
		return NULL;
	if (boot_window_next + pages > FIX_BOOT_WINDOW_PAGES) {
		for (unsigned i = 0; i < FIX_BOOT_WINDOW_PAGES; i++)
			arch_unmap_kernel_page(boot_window_vaddr(i));
		arch_flush_tlb_all();
		boot_window_next = 0;
	}
	unsigned long va = boot_window_vaddr(boot_window_next);
	for (unsigned i = 0; i < pages; i++) {
		unsigned long v = va + i * PAGE_SIZE;

		arch_map_kernel_page(v, (unsigned long)((first >> PAGE_SHIFT) + i));
		arch_flush_tlb_one(v);
	}
	boot_window_next += pages;
	return (const void *)(va + (unsigned long)(phys - first));
}

void arch_print_memory_layout(void)
{
	unsigned long lowmem_top = PAGE_OFFSET + (unsigned long)direct_map_end;
	unsigned long vmalloc_start = lowmem_top + VMALLOC_OFFSET;
	unsigned long fix_start = FIXADDR_TOP - FIX_NR_SLOTS * PAGE_SIZE;
	unsigned long pkmap_end = PKMAP_BASE + LAST_PKMAP * PAGE_SIZE;

	pr_info("virtual kernel memory layout:\n");
	pr_info("    fixmap  : 0x%08lx - 0x%08lx   (%4lu kB)\n", fix_start, FIXADDR_TOP,
		BYTES_TO_KB(FIXADDR_TOP - fix_start));
	pr_info("    pkmap   : 0x%08lx - 0x%08lx   (%4lu kB)\n", PKMAP_BASE, pkmap_end,
		BYTES_TO_KB(pkmap_end - PKMAP_BASE));
	pr_info("    vmalloc : 0x%08lx - 0x%08lx   (%4lu MB)\n", vmalloc_start, VMALLOC_END,
		BYTES_TO_MB(VMALLOC_END - vmalloc_start));
	pr_info("    lowmem  : 0x%08lx - 0x%08lx   (%4lu MB)\n", PAGE_OFFSET, lowmem_top,
		BYTES_TO_MB(lowmem_top - PAGE_OFFSET));
	pr_info("      .init : 0x%08lx - 0x%08lx   (%4lu kB)\n", (unsigned long)__init_begin,
		(unsigned long)__init_end, BYTES_TO_KB(__init_end - __init_begin));
	pr_info("      .data : 0x%08lx - 0x%08lx   (%4lu kB)\n", (unsigned long)_etext,
		(unsigned long)_edata, BYTES_TO_KB(_edata - _etext));
	pr_info("      .text : 0x%08lx - 0x%08lx   (%4lu kB)\n", (unsigned long)_text,
		(unsigned long)_etext, BYTES_TO_KB(_etext - _text));
}
