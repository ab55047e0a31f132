/* Two-level i386 page tables: entry bits and helpers. */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <kernel/types.h>

#define PTE_PRESENT  0x001u
#define PTE_WRITE    0x002u
#define PTE_USER     0x004u
#define PTE_PSE      0x080u   /* in a PDE: this entry maps a 4 MiB page */
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

static inline unsigned pgd_index(unsigned long va) { return va >> PGDIR_SHIFT; }
static inline unsigned pte_index(unsigned long va) { return (va >> 12) & (PTRS_PER_TABLE - 1); }
static inline void invlpg(unsigned long va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

#endif
