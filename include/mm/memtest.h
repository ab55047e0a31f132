/* RAM testing: Linux's early memtest (mm/memtest.c) over the free memblock
 * ranges of lowmem before the buddy allocator starts, the RAM test of all
 * free memory (mm/ramtest.c, include/mm/ramtest.h), and the test-only bad
 * RAM simulation both of them see.
 *
 * memtest=N (bare memtest: all 17) runs N passes, each with one of
 * Linux's 17 patterns, in Linux's order: pattern (N-1) % 17 first, down to
 * pattern 0, so memory is left zeroed. Each pass prints
 * "  START - END pattern PPPPPPPPPPPPPPPP" per free range; a word that
 * reads back wrong is printed as
 * "  PATTERN bad mem addr START - END reserved" and its range reserved in
 * memblock, so its page never reaches the buddy allocator.
 *
 * memtest.inject=PFN[+OFFSET]:MASK[,...] (a testing aid, never for real
 * use) simulates bad RAM: whenever a tester has written a page and before
 * it reads it back, the 32-bit word at physical PFN * PAGE_SIZE + OFFSET
 * (OFFSET a multiple of 4, default 0) gets MASK XORed in, as if those
 * bits flipped. Up to MEMTEST_INJECT_MAX entries. */
#ifndef MM_MEMTEST_H
#define MM_MEMTEST_H

#include <kernel/types.h>

#define MEMTEST_NR_PATTERNS 17
#define MEMTEST_INJECT_MAX  8

extern const u64 memtest_patterns[MEMTEST_NR_PATTERNS];

struct memtest_fault {
	unsigned long pfn;
	unsigned int offset;    /* bytes into the page, multiple of 4 */
	u32 mask;
};

/* Run memtest= over the free memblock ranges inside [start, end) (the
 * direct map). Boot only, before the free ranges go to the buddy. */
void early_memtest(phys_addr_t start, phys_addr_t end);
/* Passes memtest= asked for (0: off). */
unsigned int memtest_passes(void);
/* The pattern index pass i (0-based, in running order) of an N-pass run
 * uses. */
unsigned int memtest_pattern_index(unsigned int n, unsigned int i);
/* Bytes early_memtest() reserved as bad. */
phys_addr_t memtest_bad_bytes(void);

/* One Linux memtest() of a range with one pattern: write 64-bit words,
 * apply the injected faults, read back; bad(pattern, start, end, arg) for
 * each run of consecutive bad words. [start, end) must be mapped by
 * arch_phys_to_virt(). */
void memtest_range(u64 pattern, phys_addr_t start, phys_addr_t end,
		   void (*bad)(u64 pattern, phys_addr_t start, phys_addr_t end, void *arg),
		   void *arg);

/* The simulated faults: apply those inside page pfn, mapped at virt. */
void memtest_inject_page(unsigned long pfn, void *virt);
/* Faults configured (by memtest.inject= or the tests), and one of them. */
unsigned int memtest_inject_count(void);
const struct memtest_fault *memtest_inject_get(unsigned int i);
/* For tests: add a fault (-ENOSPC when full), remove the last n added. */
int memtest_inject_add(unsigned long pfn, unsigned int offset, u32 mask);
void memtest_inject_drop(unsigned int n);

#endif
