/* The RAM test of all free memory (mm/ramtest.c), HighMem included.
 *
 * ramtest_run() takes every free page from the buddy allocator, tests each
 * through the direct map or kmap_atomic(), zone by zone in ascending
 * physical order, with the tests of ramtest_tests[] (address in address,
 * then moving inversions with several patterns), for a number of passes,
 * and gives every good page back. Each test is three sweeps: write V
 * ascending; check V and write ~V ascending; check ~V and write V
 * descending (memtest86's moving inversions; V is the word's own physical
 * address for the address test). Simulated faults (memtest.inject=,
 * include/mm/memtest.h) are applied after each sweep's writes.
 *
 * Output: a line per zone and test with the pass's percentage done, and
 * one every tenth of a pass; every bad word as
 *   ramtest: bad memory at 0x... (pfn 0x...): TEST, expected 0x..., read 0x...
 * (RAMTEST_REPORTS_PER_PAGE a page, then a count), then the page is taken
 * out of service (PG_hwpoison, held for the rest of the run, counted in
 * meminfo's HardwareCorrupted); a closing line
 *   ramtest: done: P passes, N pages tested, B bad words, H pages taken out of service, free pages before F, after A (L lost)
 * where L = F - A - H is 0 unless something else allocated meanwhile.
 *
 * Parameters: ramtest=PASSES runs it at boot, before the self-tests;
 * ramtest.tests=N uses only the first N tests (default all). Shell:
 * memtest [PASSES [TESTS]]. Process context only. */
#ifndef MM_RAMTEST_H
#define MM_RAMTEST_H

#include <kernel/types.h>
#include <kernel/list.h>

#define RAMTEST_NR_TESTS 7
#define RAMTEST_REPORTS_PER_PAGE 4

struct ramtest_result {
	unsigned long pages;            /* pages in the blocks tested */
	unsigned long bad_words;
	unsigned long bad_pages;        /* newly taken out of service */
	phys_addr_t first_bad;          /* address of the first bad word */
};

/* Run passes passes of the first tests tests (0: all) over all free memory.
 * Returns 0, or -EINVAL for passes 0. */
int ramtest_run(unsigned int passes, unsigned int tests);
/* At boot: ramtest_run() with the ramtest= parameters, when given. */
void ramtest_run_if_requested(void);

/* The pieces, for tests. Take every free page as blocks on list (sorted
 * by pfn, linked through the head's lru); returns the pages taken. */
unsigned long ramtest_take_all(struct list_head *blocks);
/* Add one allocated block of 2^order pages to list, in pfn order. */
void ramtest_add_block(struct list_head *blocks, struct page *page, unsigned int order);
/* Test the blocks; without verbose, nothing is printed (results in *r). */
void ramtest_blocks(struct list_head *blocks, unsigned int passes, unsigned int tests,
		    bool verbose, struct ramtest_result *r);
/* Free every block, except the pages marked PG_hwpoison, which stay held. */
void ramtest_give_back(struct list_head *blocks);
/* Pages held as bad (meminfo HardwareCorrupted). */
unsigned long num_poisoned_pages(void);
/* For tests: put a poisoned page back into the counted-as-allocated
 * state (flag cleared, counter decremented); the caller frees it. */
void ramtest_unpoison(struct page *page);

#endif
