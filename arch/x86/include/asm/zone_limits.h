/* Zone limits of a non-PAE i386 PC: Linux's find_low_pfn_range() rules.
 *
 * max_pfn is the end of RAM (memblock memory). Without PAE RAM above 4 GiB
 * is ignored with Linux's warning. lowmem ends at
 * min(MAXMEM, end of RAM), where MAXMEM = 4 GiB - PAGE_OFFSET - the vmalloc
 * reserve (128 MiB by default: 896 MiB; vmalloc=SIZE makes the reserve
 * SIZE + 8 MiB as Linux's VMALLOC_OFFSET gap does). highmem=SIZE asks for
 * that much HighMem (Linux's find_low_pfn_range, with its messages). DMA
 * ends at min(16 MiB, lowmem end): the ISA DMA limit.
 *
 * The result is the struct zone_limits of include/mm/boot.h, which mm lays
 * the zones out from. */
#ifndef ASM_ZONE_LIMITS_H
#define ASM_ZONE_LIMITS_H

#include <kernel/types.h>
#include <mm/boot.h>
#include <asm/vmlayout.h>

/* vmalloc= bounds (project rule): at least room for the pkmap window and the
 * fixmaps; at most what leaves LOWMEM_MIN of lowmem. */
#define VMALLOC_SIZE_MIN         (16ull << 20)
/* Linux refuses highmem= values that leave less lowmem than this. */
#define LOWMEM_MIN               (64ull << 20)
#define KERNEL_VSPACE_END        (1ull << 32)

#define MAX_NONPAE_PFN           (1UL << 20)      /* 4 GiB */
#define MAX_PAE_PFN_PHYS         (1ull << 36)     /* 64 GiB */

/* True in the PAE kernel (CONFIG_X86_PAE): RAM up to 64 GiB is used; the
 * host tests flip it to test both limits. */
extern bool pae_enabled;

/* MAXMEM: the most lowmem the vmalloc= setting allows (896 MiB default). */
phys_addr_t zone_limits_maxmem(void);

/* Compute the limits from memblock memory, applying highmem=/vmalloc=,
 * print Linux's messages and "NNNMB HIGHMEM available." /
 * "NNNMB LOWMEM available." and drop memblock memory above max_pfn. Call
 * after memblock has the final memory; mm keeps the limits it is given
 * (mm_zone_limits()). */
void zone_limits_init(struct zone_limits *out);

/* For tests: forget highmem=/vmalloc= settings. */
void zone_limits_params_reset(void);

#endif
