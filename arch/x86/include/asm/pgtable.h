/* Two-level i386 page tables: entry bits and helpers. */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <kernel/types.h>

#define PTE_PRESENT  0x001u
#define PTE_WRITE    0x002u
#define PTE_USER     0x004u
#define PTE_PWT      0x008u   /* write-through (PAT index bit 0) */
#define PTE_PCD      0x010u   /* cache disable (PAT index bit 1) */
#define PTE_PSE      0x080u   /* in a PDE: this entry maps a 4 MiB page */
#define PTE_PAT      0x080u   /* in a 4 KiB PTE: PAT index bit 2 */
#define PTE_GLOBAL   0x100u
#define PTE_ADDR_MASK 0xfffff000u
#define PTRS_PER_TABLE 1024
#define PGDIR_SHIFT  22
#define PGDIR_SIZE   (1UL << PGDIR_SHIFT)

typedef u32 pte_t;
typedef u32 pde_t;

extern pde_t boot_page_directory[PTRS_PER_TABLE];
extern pte_t pkmap_page_table[PTRS_PER_TABLE];
extern pte_t fixmap_page_table[PTRS_PER_TABLE];

/* Build the final kernel page tables (arch/x86/mm.c): the direct map of
 * [0, lowmem_end), with 4 MiB pages when large_pages and the CPU has PSE,
 * then drop the boot identity map. Page tables come from memblock. */
void x86_paging_init(phys_addr_t lowmem_end, bool large_pages);
/* Map [phys, phys + len) readable for the boot-info parser; NULL when it
 * cannot (too large). Mappings stay valid until about 1 MiB more has been
 * mapped through the same window; copy what you keep. */
const void *arch_boot_map(phys_addr_t phys, size_t len, void *ctx);

static inline unsigned pgd_index(unsigned long va) { return va >> PGDIR_SHIFT; }
static inline unsigned pte_index(unsigned long va) { return (va >> 12) & (PTRS_PER_TABLE - 1); }
static inline void invlpg(unsigned long va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* arch/x86/vmalloc.c: note where the vmalloc area starts (lowmem_end is
 * the end of the direct map) and program the PAT when the CPU has one.
 * Called at the end of arch_paging_init(). */
void x86_vmalloc_init(phys_addr_t lowmem_end);

#endif
