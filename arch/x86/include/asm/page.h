/* Where i386 puts the kernel: the direct map of lowmem starts at
 * PAGE_OFFSET (Linux's 3G/1G split), and ISA DMA reaches the first 16 MiB. */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <mm/pfn.h>

#define PAGE_OFFSET 0xC0000000UL
/* The end of ZONE_DMA: ISA DMA controllers address 24 bits. */
#define MAX_DMA_ADDRESS_PHYS SZ_16M

/* Physical address of a symbol of the kernel image (linked at PAGE_OFFSET
 * + its load address). */
#define __pa_symbol(sym) ((phys_addr_t)((unsigned long)(sym) - PAGE_OFFSET))

#endif
