/* Pages and frame numbers. Physical ranges are [start, end). */
#ifndef MM_PFN_H
#define MM_PFN_H

#include <kernel/types.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define PFN_UP(x)    ((unsigned long)(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT))
#define PFN_DOWN(x)  ((unsigned long)((x) >> PAGE_SHIFT))
#define PFN_PHYS(x)  ((phys_addr_t)(x) << PAGE_SHIFT)

/* Sizes for reports: bytes and page counts in KiB and MiB. */
#define BYTES_TO_KB(b)  ((unsigned long)((b) >> 10))
#define BYTES_TO_MB(b)  ((unsigned long)((b) >> 20))
#define PAGES_TO_KB(p)  ((p) << (PAGE_SHIFT - 10))
#define PAGES_TO_MB(p)  ((unsigned long)((p) >> (20 - PAGE_SHIFT)))

#define SZ_1K   0x400UL
#define SZ_64K  0x10000UL
#define SZ_1M   0x100000UL
#define SZ_16M  0x1000000UL

#endif
