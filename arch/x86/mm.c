/* The x86 side of include/mm/arch.h, and the kernel page tables.
 *
 * After x86_paging_init() the kernel runs on boot_page_directory rebuilt
 * in C: [0, lowmem_end) mapped at PAGE_OFFSET (4 MiB pages where the CPU has
 * PSE and the caller allows them, 4 KiB pages otherwise and always
 * for the first 4 MiB, which hold the kernel image), kernel text and rodata
 * read-only, global pages where PGE exists, and nothing mapped at 0 so a NULL
 * dereference faults. The pkmap and fixmap page tables are static. */
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

#define BOOT_MAPPED_END (16UL << 20)
#define PDE_KERNEL_FIRST (PAGE_OFFSET >> PGDIR_SHIFT)

extern char __init_begin[], __init_end[];

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

unsigned long arch_pkmap_base(void)
{
	return PKMAP_BASE;
}

unsigned long arch_kmap_atomic_vaddr(unsigned int idx)
{
	return fix_to_virt(FIX_KMAP_BEGIN + idx);
}

/* The page table covering vaddr; it must exist and not be a 4 MiB page.
 * The fixmap and pkmap tables are static: kmap_atomic and kmap find them
 * without walking the page directory. */
static pte_t *table_for(unsigned long vaddr)
{
	if (vaddr >= FIXADDR_START)
		return fixmap_page_table;
	if (vaddr >= PKMAP_BASE)
		return pkmap_page_table;

	pde_t pde = boot_page_directory[pgd_index(vaddr)];

	BUG_ON(!(pde & PTE_PRESENT) || (pde & PTE_PSE));
	return arch_phys_to_virt(pde & PTE_ADDR_MASK);
}

void arch_map_kernel_page(unsigned long vaddr, unsigned long pfn)
{
	table_for(vaddr)[pte_index(vaddr)] = (pte_t)(pfn << PAGE_SHIFT) | PTE_PRESENT | PTE_WRITE;
}

void arch_unmap_kernel_page(unsigned long vaddr)
{
	table_for(vaddr)[pte_index(vaddr)] = 0;
}

unsigned long arch_kernel_page_pfn(unsigned long vaddr)
{
	pde_t pde = boot_page_directory[pgd_index(vaddr)];

	if (!(pde & PTE_PRESENT))
		return -1UL;
	if (pde & PTE_PSE)
		return ((pde & PTE_ADDR_MASK) >> PAGE_SHIFT) + pte_index(vaddr);
	pte_t pte = table_for(vaddr)[pte_index(vaddr)];
	return (pte & PTE_PRESENT) ? pte >> PAGE_SHIFT : -1UL;
}

void arch_flush_tlb_one(unsigned long vaddr)
{
	invlpg(vaddr);
}

void arch_flush_tlb_all(void)
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

/* Fixmap slot idx is the fixmap table's entry counted down from the top:
 * fix_to_virt(idx) = FIXADDR_TOP - (idx + 1) pages. */
#define FIXMAP_PTE(idx) fixmap_page_table[PTRS_PER_TABLE - 2 - (idx)]

void arch_kmap_atomic_set(unsigned int idx, unsigned long pfn)
{
	FIXMAP_PTE(FIX_KMAP_BEGIN + idx) = (pte_t)(pfn << PAGE_SHIFT) | PTE_PRESENT | PTE_WRITE;
}

void arch_kmap_atomic_clear(unsigned int idx)
{
	FIXMAP_PTE(FIX_KMAP_BEGIN + idx) = 0;
	invlpg(fix_to_virt(FIX_KMAP_BEGIN + idx));
}

static bool kernel_readonly(phys_addr_t phys)
{
	unsigned long va = PAGE_OFFSET + (unsigned long)phys;

	return va >= (unsigned long)_text && va < (unsigned long)_erodata;
}

/* Fill one page table for the 4 MiB chunk at chunk_phys, up to end. */
static void fill_table(pte_t *pt, phys_addr_t chunk_phys, phys_addr_t end)
{
	u32 global = use_pge ? PTE_GLOBAL : 0;

	for (unsigned i = 0; i < PTRS_PER_TABLE; i++) {
		phys_addr_t p = chunk_phys + (phys_addr_t)i * PAGE_SIZE;

		if (p >= end) {
			pt[i] = 0;
			continue;
		}
		pt[i] = (pte_t)p | PTE_PRESENT | global | (kernel_readonly(p) ? 0 : PTE_WRITE);
	}
}

void x86_paging_init(phys_addr_t lowmem_end, bool large_pages)
{
	u32 global = 0;

	use_pse = cpu_has(X86_FEATURE_PSE) && large_pages;
	use_pge = cpu_has(X86_FEATURE_PGE);
	if (use_pse)
		write_cr4(read_cr4() | X86_CR4_PSE);
	if (use_pge) {
		write_cr4(read_cr4() | X86_CR4_PGE);
		global = PTE_GLOBAL;
	}

	/* New page tables come from memory the boot tables already map:
	 * memblock stays below arch_direct_map_end(). */
	unsigned chunks = (unsigned)DIV_ROUND_UP(lowmem_end, PGDIR_SIZE);
	for (unsigned c = 0; c < chunks; c++) {
		phys_addr_t chunk = (phys_addr_t)c * PGDIR_SIZE;
		pde_t *pde = &boot_page_directory[PDE_KERNEL_FIRST + c];

		if (use_pse && c > 0 && chunk + PGDIR_SIZE <= lowmem_end) {
			*pde = (pde_t)chunk | PTE_PRESENT | PTE_WRITE | PTE_PSE | global;
			continue;
		}
		pte_t *pt;
		if ((*pde & PTE_PRESENT) && !(*pde & PTE_PSE))
			pt = arch_phys_to_virt(*pde & PTE_ADDR_MASK);   /* a boot table */
		else
			pt = memblock_alloc(PAGE_SIZE, PAGE_SIZE, "kernel page table");
		fill_table(pt, chunk, lowmem_end);
		*pde = (pde_t)arch_virt_to_phys(pt) | PTE_PRESENT | PTE_WRITE;
	}
	/* Boot tables past lowmem_end (a machine with < 16 MiB) go away too. */
	for (unsigned c = chunks; c < BOOT_MAPPED_END / PGDIR_SIZE; c++)
		boot_page_directory[PDE_KERNEL_FIRST + c] = 0;
	/* Drop the identity map: from now on address 0 faults. */
	for (unsigned c = 0; c < BOOT_MAPPED_END / PGDIR_SIZE; c++)
		boot_page_directory[c] = 0;
	write_cr3(read_cr3());
	arch_flush_tlb_all();
	direct_map_end = lowmem_end;
	x86_vmalloc_init(lowmem_end);
	pr_info("paging: direct map of %lu MiB with %s pages%s, text and rodata read-only\n",
		(unsigned long)(lowmem_end >> 20), use_pse ? "4 MiB" : "4 KiB",
		use_pge ? ", global" : "");
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
