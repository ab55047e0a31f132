/* The 2-level i386 page-table format (build/kernel.elf): a page directory
 * of 1024 4-byte entries, each mapping 4 MiB through a page table of 1024
 * 4-byte entries or, with PSE, directly as a large page. Selected by the
 * Makefile's include path; arch/x86/include/3level/ is the PAE format. */
#ifndef ASM_PGTABLE_TYPES_H
#define ASM_PGTABLE_TYPES_H

#include <kernel/types.h>

typedef u32 pteval_t;

#define PTRS_PER_PTE     1024
/* A directory entry maps 4 MiB: the large-page size. */
#define PMD_SHIFT        22
#define PTE_ADDR_MASK    0xfffff000u
/* The kmap windows: one page table each, at the top of the address space. */
#define PKMAP_BASE       0xFF800000UL
#define FIXADDR_START    0xFFC00000UL

/* A 4-byte entry is written in one store: the MMU never sees half of it. */
static inline void set_pte(pteval_t *p, pteval_t v)
{
	*(volatile pteval_t *)p = v;
}

static inline void clear_pte(pteval_t *p)
{
	*(volatile pteval_t *)p = 0;
}

#endif
