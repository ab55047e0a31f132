/* i386 page tables, either format: entry bits, the kernel's tables and the
 * contract between the format-independent code (arch/x86/mm.c,
 * arch/x86/vmalloc.c) and the one file per format (pgtable_2level.c,
 * pgtable_3level.c). The format's types and sizes come from
 * asm/pgtable_types.h, which the Makefile's include path picks. */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <kernel/types.h>
#include <asm/pgtable_types.h>

/* Bits 0-8 mean the same in both formats. */
#define PTE_PRESENT  0x001u
#define PTE_WRITE    0x002u
#define PTE_USER     0x004u
#define PTE_PWT      0x008u   /* write-through (PAT index bit 0) */
#define PTE_PCD      0x010u   /* cache disable (PAT index bit 1) */
#define PTE_PSE      0x080u   /* in a directory entry: a large page */
#define PTE_PAT      0x080u   /* in a 4 KiB PTE: PAT index bit 2 */
#define PTE_GLOBAL   0x100u
#define PTE_NX_BIT   (1ull << 63)  /* PAE with EFER.NXE only */

#define PMD_SIZE     (1UL << PMD_SHIFT)
#define PMD_MASK     (~(PMD_SIZE - 1))

/* The page tables the boot code sets up (boot/entry.asm): one for the kmap
 * window and one for the fixmap, PTRS_PER_PTE entries each. */
extern pteval_t pkmap_page_table[PTRS_PER_PTE];
extern pteval_t fixmap_page_table[PTRS_PER_PTE];

/* The NX bit for data mappings: PTE_NX_BIT once the format and the CPU
 * have it and EFER.NXE is on, else 0 (a set bit 63 without NXE is a
 * reserved-bit fault). */
extern pteval_t x86_pte_nx;

/* ---- the format's side (arch/x86/pgtable_Nlevel.c) ---------------------- */

/* The directory entry covering kernel virtual address va (PAGE_OFFSET and
 * up), or NULL for an address the kernel's tables do not cover. */
pteval_t *pmd_entry_k(unsigned long va);
/* Stop the boot's identity map of low memory (address 0 then faults);
 * the caller flushes the TLB. */
void pgtable_drop_identity_map(void);
/* True while the boot's identity map of low memory is still in place. */
bool pgtable_identity_mapped(void);
/* Called first thing in C with the consoles up: a PAE kernel on a CPU
 * without PAE booted on the fallback tables; report it and stop. */
void pgtable_check_cpu(void);
/* Drop memblock RAM the CPU's page-table entries cannot reach (a PAE
 * CPU's MAXPHYADDR), with a warning. Before the zone limits. */
void pgtable_limit_ram_to_cpu(void);
/* Turn on what the format can use before the tables are rebuilt
 * (EFER.NXE for PAE; x86_pte_nx) and print Linux's NX line. */
void pgtable_format_init(void);
/* "2-level" or "PAE", for the boot log. */
const char *pgtable_format_name(void);

static inline unsigned pte_index(unsigned long va)
{
	return (va >> 12) & (PTRS_PER_PTE - 1);
}
/* This CPU's whole TLB, global entries included (arch/x86/mm.c). */
void local_flush_tlb_all(void);
/* The other online CPUs flush vaddr (all: everything) and are waited for
 * (arch/x86/tlb.c); nothing on one CPU. */
void flush_tlb_others(bool all, unsigned long vaddr);

static inline void invlpg(unsigned long va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* ---- arch/x86/mm.c -------------------------------------------------------- */

/* Build the final kernel page tables: the direct map of [0, lowmem_end),
 * with large pages when large_pages and the CPU has PSE, then drop the
 * boot identity map. Page tables come from memblock. */
void x86_paging_init(phys_addr_t lowmem_end, bool large_pages);
/* Map [phys, phys + len) readable for the boot-info parser; NULL when it
 * cannot (too large). Mappings stay valid until about 1 MiB more has been
 * mapped through the same window; copy what you keep. */
const void *arch_boot_map(phys_addr_t phys, size_t len, void *ctx);
/* The 4 KiB page table under directory entry pmd (present, not large). */
pteval_t *pmd_page_table(pteval_t pmd);
/* The entry that maps kernel address va: its PTE, or its directory entry
 * when that is a large page or not present; 0 outside the kernel tables. */
pteval_t x86_kernel_mapping(unsigned long va);

/* arch/x86/vmalloc.c: note where the vmalloc area starts (lowmem_end is
 * the end of the direct map) and program the PAT when the CPU has one.
 * Called at the end of x86_paging_init(). */
void x86_vmalloc_init(phys_addr_t lowmem_end);

#endif
