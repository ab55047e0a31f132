/* The x86 side of the vmalloc contract (include/mm/arch.h): where the
 * vmalloc area lies, its page tables (made on demand, kept), and cache
 * attributes in i386 PTEs of either format (bits 3, 4 and 7 are the same).
 *
 * Cache modes: PTE bits PWT (0x8) and PCD (0x10), plus bit 7 (PAT) in a
 * 4 KiB PTE, index the PAT on CPUs that have one. It is programmed as Linux
 * does (arch/x86/mm/pat.c, pat_init): WB WC UC- UC WB WP UC- WT, so WC is
 * PWT alone, UC- is PCD, UC is PCD|PWT, and the PAT bit stays clear.
 * Without a PAT (the 486, early Pentiums) the same bits mean WB, WT, UC-,
 * UC: there WC falls back to UC- (Linux does the same). */
#include <kconfig.h>
#include <asm/cpu.h>
#include <asm/pgtable.h>
#include <kernel/errno.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/setup.h>
#include <kernel/spinlock.h>
#include <mm/arch.h>
#include <mm/mm.h>
#include <asm/vmlayout.h>

#define MSR_IA32_CR_PAT  0x277
/* PAT memory types, one byte per entry. */
#define PAT_UC   0x00ull
#define PAT_WC   0x01ull
#define PAT_WT   0x04ull
#define PAT_WP   0x05ull
#define PAT_WB   0x06ull
#define PAT_UC_MINUS 0x07ull
#define PAT_ENTRY(i, type) ((type) << ((i) * 8))
#define PTE_CACHE_MASK (PTE_PWT | PTE_PCD | PTE_PAT)

static unsigned long vmalloc_start;
static unsigned long pgtable_pages;
/* Two CPUs may need the same page table at once: the entry is filled and
 * pgtable_pages counted under this lock; the loser frees its page. */
static DEFINE_SPINLOCK(pgtable_lock);
static bool use_pat;

static const pteval_t mode_bits[PAGE_CACHE_MODE_NR] = {
	[PAGE_CACHE_MODE_WB] = 0,
	[PAGE_CACHE_MODE_WC] = PTE_PWT,
	[PAGE_CACHE_MODE_UC_MINUS] = PTE_PCD,
	[PAGE_CACHE_MODE_UC] = PTE_PCD | PTE_PWT,
};

static void pat_init(void)
{
	u64 pat = PAT_ENTRY(0, PAT_WB) | PAT_ENTRY(1, PAT_WC) | PAT_ENTRY(2, PAT_UC_MINUS) |
		  PAT_ENTRY(3, PAT_UC) | PAT_ENTRY(4, PAT_WB) | PAT_ENTRY(5, PAT_WP) |
		  PAT_ENTRY(6, PAT_UC_MINUS) | PAT_ENTRY(7, PAT_WT);

	use_pat = cpu_has(X86_FEATURE_PAT) && cpu_has(X86_FEATURE_MSR);
	if (!use_pat) {
		pr_info("x86/PAT: not supported by the CPU: ioremap_wc maps uncached\n");
		return;
	}
	/* Nothing maps with PWT or the PAT bit yet: no entry in use changes. */
	wrmsr(MSR_IA32_CR_PAT, pat);
	pr_info("x86/PAT: Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- WT\n");
}

void x86_vmalloc_init(phys_addr_t lowmem_end)
{
	vmalloc_start = PAGE_OFFSET + (unsigned long)lowmem_end + VMALLOC_OFFSET;
	pat_init();
}

void arch_vmalloc_range(unsigned long *start, unsigned long *end)
{
	*start = vmalloc_start;
	*end = VMALLOC_END;
}

static bool in_vmalloc_area(unsigned long start, unsigned long end)
{
	return start >= vmalloc_start && start < end && end <= VMALLOC_END;
}

int arch_kernel_pgtable_alloc(unsigned long start, unsigned long end, gfp_t gfp)
{
	gfp_t table_gfp = (gfp & ~GFP_ZONEMASK) | __GFP_ZERO;
	unsigned long va;

	BUG_ON(!in_vmalloc_area(start, end));
	for (va = start & PMD_MASK; va < end; va += PMD_SIZE) {
		pteval_t *pmd = pmd_entry_k(va);
		struct page *page;
		unsigned long flags;

		if (*pmd & PTE_PRESENT)
			continue;
		page = alloc_page(table_gfp);
		if (!page)
			return -ENOMEM;
		spin_lock_irqsave(&pgtable_lock, flags);
		if (*pmd & PTE_PRESENT) {
			spin_unlock_irqrestore(&pgtable_lock, flags);
			__free_page(page);
			continue;
		}
		pgtable_pages++;
		/* Kernel directory entries live only in the kernel's tables
		 * (one address space): nothing to copy into other page tables. */
		set_pte(pmd, (pteval_t)page_to_phys(page) | PTE_PRESENT | PTE_WRITE);
		spin_unlock_irqrestore(&pgtable_lock, flags);
	}
	return 0;
}

unsigned long arch_kernel_pgtable_pages(void)
{
	return pgtable_pages;
}

/* 2-level PTEs hold a 20-bit frame number, PAE ones 24 bits. */
phys_addr_t arch_phys_addr_limit(void)
{
	return 1ull << CONFIG_PHYS_ADDR_BITS;
}

bool arch_cache_mode_supported(enum page_cache_mode mode)
{
	return mode != PAGE_CACHE_MODE_WC || use_pat;
}

enum page_cache_mode arch_map_kernel_page_mode(unsigned long vaddr, unsigned long pfn,
					       enum page_cache_mode mode)
{
	pteval_t *pmd = pmd_entry_k(vaddr);
	pteval_t *table;

	BUG_ON(mode >= PAGE_CACHE_MODE_NR || !pmd || !(*pmd & PTE_PRESENT) ||
	       (*pmd & PTE_PSE));
	if (!arch_cache_mode_supported(mode))
		mode = PAGE_CACHE_MODE_UC_MINUS;
	table = pmd_page_table(*pmd);
	set_pte(&table[pte_index(vaddr)],
		((pteval_t)pfn << PAGE_SHIFT) | PTE_PRESENT | PTE_WRITE | x86_pte_nx |
		(cpu_has(X86_FEATURE_PGE) ? PTE_GLOBAL : 0) | mode_bits[mode]);
	return mode;
}

enum page_cache_mode arch_kernel_page_mode(unsigned long vaddr)
{
	pteval_t *pmd = pmd_entry_k(vaddr);
	pteval_t bits;
	int m;

	if (!pmd || !(*pmd & PTE_PRESENT))
		return PAGE_CACHE_MODE_NR;
	if (*pmd & PTE_PSE)
		bits = *pmd & (PTE_PWT | PTE_PCD);
	else
		bits = pmd_page_table(*pmd)[pte_index(vaddr)] & PTE_CACHE_MASK;
	for (m = 0; m < PAGE_CACHE_MODE_NR; m++)
		if (mode_bits[m] == bits && arch_cache_mode_supported((enum page_cache_mode)m))
			return (enum page_cache_mode)m;
	return PAGE_CACHE_MODE_NR;
}
