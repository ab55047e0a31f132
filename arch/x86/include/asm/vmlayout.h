/* The i386 kernel virtual address layout, top down:
 *
 *   0xFFFFF000  FIXADDR_TOP      (last page left unmapped as a guard)
 *   FIXADDR_START                fixmap: kmap_atomic/kmap_local slots, early
 *                                boot window; one page table (0xFFC00000 with
 *                                2-level tables, 0xFFE00000 with PAE)
 *   PKMAP_BASE                   LAST_PKMAP 4 KiB slots for kmap(); one page
 *                                table (0xFF800000, PAE 0xFFC00000)
 *   PKMAP_BASE - 2 pages         VMALLOC_END
 *   VMALLOC_START                PAGE_OFFSET + lowmem_end + VMALLOC_OFFSET (8 MiB gap)
 *   PAGE_OFFSET + lowmem_end     end of the direct map
 *   0xC0000000  PAGE_OFFSET      direct map of physical [0, lowmem_end)
 *
 * lowmem_end is at most MAXMEM: 896 MiB with the default 128 MiB reserved for
 * vmalloc, the gap, pkmap and fixmap; vmalloc=SIZE moves it (Linux semantics:
 * the reserve becomes SIZE + VMALLOC_OFFSET). */
#ifndef ASM_VMLAYOUT_H
#define ASM_VMLAYOUT_H

#include <kernel/smp.h>
#include <asm/page.h>
#include <asm/pgtable_types.h>

#define VMALLOC_OFFSET        (8UL << 20)
/* Kernel virtual space above lowmem by default: lowmem ends at 896 MiB. */
#define VMALLOC_RESERVE_DEFAULT (128UL << 20)

#define FIXADDR_TOP           0xFFFFF000UL
#define PKMAP_ADDR(nr)        (PKMAP_BASE + ((unsigned long)(nr) << PAGE_SHIFT))
#define PKMAP_NR(vaddr)       (((vaddr) - PKMAP_BASE) >> PAGE_SHIFT)
#define VMALLOC_END           (PKMAP_BASE - 2 * PAGE_SIZE)

/* Fixmap slots, counted down from FIXADDR_TOP: slot i is at
 * FIXADDR_TOP - (i + 1) * PAGE_SIZE. Each CPU has KM_MAX_IDX kmap_atomic
 * slots, CPU cpu's entry idx at FIX_KMAP_BEGIN + KM_MAX_IDX * cpu + idx
 * (Linux's FIX_KMAP_BEGIN + KM_TYPE_NR * cpu + idx). */
#define FIX_KMAP_BEGIN        0
#define FIX_KMAP_END          (FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS)
#define FIX_BOOT_WINDOW       FIX_KMAP_END    /* early mapping of boot data */
#define FIX_BOOT_WINDOW_PAGES 256             /* 1 MiB */
#define FIX_NR_SLOTS          (FIX_BOOT_WINDOW + FIX_BOOT_WINDOW_PAGES)
#define fix_to_virt(idx)      (FIXADDR_TOP - ((unsigned long)(idx) + 1) * PAGE_SIZE)

/* After the constants: mm/arch.h includes asm/highmem.h, which uses them. */
#include <mm/arch.h>

/* The windows mm/highmem.c manages fit in one page table each. */
_Static_assert(LAST_PKMAP * PAGE_SIZE <= FIXADDR_START - PKMAP_BASE, "pkmap window");
_Static_assert(FIX_NR_SLOTS * PAGE_SIZE <= FIXADDR_TOP - FIXADDR_START, "fixmap");

#endif
