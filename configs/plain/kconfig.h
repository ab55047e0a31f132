/* Build configuration of build/kernel.elf: i386 with 2-level page tables
 * (Linux's CONFIG_HIGHMEM4G). The Makefile puts this directory on the
 * include path of one kernel build; configs/pae/kconfig.h is the other. */
#ifndef KCONFIG_H
#define KCONFIG_H

#define CONFIG_X86_PAE          0
/* Page-table levels: page directory and page tables. */
#define CONFIG_PGTABLE_LEVELS   2
/* Slots of the kmap() window: one page table of 4-byte entries. */
#define CONFIG_LAST_PKMAP       1024
/* A pageblock is one large page (4 MiB), Linux's HUGETLB_PAGE_ORDER. */
#define CONFIG_PAGEBLOCK_ORDER  10
/* Physical address bits a page-table entry can hold. */
#define CONFIG_PHYS_ADDR_BITS   32

#endif
