/* Build configuration of build/kernel-pae.elf: i386 with PAE, 3-level page
 * tables of 64-bit entries (Linux's CONFIG_HIGHMEM64G / CONFIG_X86_PAE).
 * The Makefile puts this directory on the include path of one kernel
 * build; configs/plain/kconfig.h is the other. */
#ifndef KCONFIG_H
#define KCONFIG_H

#define CONFIG_X86_PAE          1
/* Page-table levels: page directory pointer table, page directories,
 * page tables. */
#define CONFIG_PGTABLE_LEVELS   3
/* Slots of the kmap() window: one page table of 8-byte entries (Linux's
 * LAST_PKMAP with CONFIG_X86_PAE). */
#define CONFIG_LAST_PKMAP       512
/* A pageblock is one large page (2 MiB), Linux's HUGETLB_PAGE_ORDER. */
#define CONFIG_PAGEBLOCK_ORDER  9
/* Physical address bits a page-table entry can hold (Linux i386 PAE's
 * __PHYSICAL_MASK_SHIFT with HIGHMEM64G's 64 GiB limit). */
#define CONFIG_PHYS_ADDR_BITS   36

#endif
