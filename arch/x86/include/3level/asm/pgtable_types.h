/* The PAE page-table format (build/kernel-pae.elf): a 4-entry page
 * directory pointer table, page directories of 512 8-byte entries each
 * mapping 2 MiB through a page table of 512 8-byte entries or directly as
 * a large page, 36-bit physical addresses and the execute-disable bit 63.
 * Selected by the Makefile's include path; arch/x86/include/2level/ is the
 * plain format. */
#ifndef ASM_PGTABLE_TYPES_H
#define ASM_PGTABLE_TYPES_H

#include <kernel/types.h>

typedef u64 pteval_t;

#define PTRS_PER_PTE     512
/* A directory entry maps 2 MiB: the large-page size. */
#define PMD_SHIFT        21
#define PTRS_PER_PMD     512
/* Entries of the page directory pointer table (one per GiB). */
#define PTRS_PER_PGD     4
#define PGD_SHIFT        30
/* Frame address bits 12-35 (CONFIG_PHYS_ADDR_BITS). */
#define PTE_ADDR_MASK    0x0000000ffffff000ull
/* The kmap windows: one page table (2 MiB) each, at the top of the
 * address space, as Linux's PAE layout keeps them PMD-aligned. */
#define PKMAP_BASE       0xFFC00000UL
#define FIXADDR_START    0xFFE00000UL

/* The MMU may walk the tables between the two 4-byte stores of an 8-byte
 * entry. Setting writes the high half first, so while the present bit (low
 * half) is still clear nothing is used; clearing drops the low half (and
 * the present bit) first. Linux's native_set_pte / native_pte_clear. */
static inline void set_pte(pteval_t *p, pteval_t v)
{
	volatile u32 *half = (volatile u32 *)p;

	half[1] = (u32)(v >> 32);
	__asm__ volatile("" : : : "memory");
	half[0] = (u32)v;
}

static inline void clear_pte(pteval_t *p)
{
	volatile u32 *half = (volatile u32 *)p;

	half[0] = 0;
	__asm__ volatile("" : : : "memory");
	half[1] = 0;
}

#endif
