/* memtest= and the RAM test (include/mm/memtest.h, include/mm/ramtest.h):
 * Linux's pattern set and running order; simulated bad bits found at
 * exactly the injected addresses by both testers; bad pages held out of
 * the allocator; every other page given back. With memtest.inject= on the
 * command line, the injected pages must be out of service (reserved by
 * memtest= or held by ramtest=) and never handed out. */
#include <kernel/ktest.h>
#include <mm/arch.h>
#include <mm/highmem.h>
#include <mm/memtest.h>
#include <mm/mm.h>
#include <mm/ramtest.h>

#include "memtest_cases.h"
#include "smp_load.h"

#define MT_OFF_A   0x14u            /* a word in the low half of a u64 */
#define MT_MASK_A  0x100u
#define MT_OFF_B   0xffcu           /* the high half of the page's last u64 */
#define MT_MASK_B  0x80000000u
#define MT_RANGES  4
#define RT_OFF     0x40u
#define RT_MASK    0x1u

struct bad_ranges {
	unsigned int n;
	phys_addr_t start[MT_RANGES], end[MT_RANGES];
};

static void record_bad(u64 pattern, phys_addr_t start, phys_addr_t end, void *arg)
{
	struct bad_ranges *b = arg;

	(void)pattern;
	if (b->n < MT_RANGES) {
		b->start[b->n] = start;
		b->end[b->n] = end;
	}
	b->n++;
}

/* Linux's memtest() on a page with two flipped words: every pattern finds
 * exactly the two 64-bit words holding them. */
static void test_memtest_finds_injected(struct ktest *t)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	phys_addr_t p;

	ASSERT_NOT_NULL(t, page);
	p = PFN_PHYS(page_to_pfn(page));
	EXPECT_EQ(t, memtest_inject_add(page_to_pfn(page), MT_OFF_A, MT_MASK_A), 0);
	EXPECT_EQ(t, memtest_inject_add(page_to_pfn(page), MT_OFF_B, MT_MASK_B), 0);
	for (unsigned int i = 0; i < MEMTEST_NR_PATTERNS; i++) {
		struct bad_ranges b = { 0 };

		memtest_range(memtest_patterns[i], p, p + PAGE_SIZE, record_bad, &b);
		EXPECT_EQ(t, b.n, 2);
		EXPECT_EQ(t, b.start[0], p + (MT_OFF_A & ~7u));
		EXPECT_EQ(t, b.end[0], p + (MT_OFF_A & ~7u) + 8);
		EXPECT_EQ(t, b.start[1], p + (MT_OFF_B & ~7u));
		EXPECT_EQ(t, b.end[1], p + PAGE_SIZE);
	}
	memtest_inject_drop(2);
	__free_pages(page, 0);
}

/* The RAM test on a two-page block (HighMem when there is some) with a
 * flipped bit in its second page: found once at that address, that page
 * held after the give-back, the other freed; then the test frees it. */
static void test_ramtest_finds_injected(struct ktest *t)
{
	struct page *page = alloc_pages(GFP_HIGHUSER, 1);
	unsigned long free_before, poisoned_before = num_poisoned_pages();
	struct ramtest_result r;
	struct list_head blocks;

	ASSERT_NOT_NULL(t, page);
	INIT_LIST_HEAD(&blocks);
	ramtest_add_block(&blocks, page, 1);
	EXPECT_EQ(t, memtest_inject_add(page_to_pfn(page + 1), RT_OFF, RT_MASK), 0);
	ramtest_blocks(&blocks, 2, 0, false, &r);
	memtest_inject_drop(1);
	EXPECT_EQ(t, r.pages, 2);
	EXPECT_EQ(t, r.bad_words, 1);
	EXPECT_EQ(t, r.bad_pages, 1);
	EXPECT_EQ(t, r.first_bad, PFN_PHYS(page_to_pfn(page + 1)) + RT_OFF);
	EXPECT_FALSE(t, PageHWPoison(page));
	EXPECT_TRUE(t, PageHWPoison(page + 1));
	EXPECT_EQ(t, num_poisoned_pages(), poisoned_before + 1);
	smp_load_pause();
	drain_all_pages();
	free_before = nr_free_pages();
	ramtest_give_back(&blocks);
	drain_all_pages();
	EXPECT_EQ(t, nr_free_pages(), free_before + 1);
	smp_load_resume();
	EXPECT_FALSE(t, PageBuddy(page + 1));
	EXPECT_EQ(t, page_count(page + 1), 1);
	ramtest_unpoison(page + 1);
	__free_pages(page + 1, 0);
	EXPECT_EQ(t, num_poisoned_pages(), poisoned_before);
}

/* A clean block passes every test and comes back whole. */
static void test_ramtest_clean_block(struct ktest *t)
{
	struct page *page = alloc_pages(GFP_KERNEL, 2);
	struct ramtest_result r;
	struct list_head blocks;

	ASSERT_NOT_NULL(t, page);
	INIT_LIST_HEAD(&blocks);
	ramtest_add_block(&blocks, page, 2);
	ramtest_blocks(&blocks, 1, 0, false, &r);
	EXPECT_EQ(t, r.pages, 4);
	EXPECT_EQ(t, r.bad_words, 0);
	ramtest_give_back(&blocks);
}

/* Pages injected from the command line are out of service: reserved by
 * memtest= or held by ramtest=, and no allocation of all free memory
 * returns one of them. */
static void test_injected_pages_out_of_service(struct ktest *t)
{
	struct list_head blocks, *pos;
	unsigned int n = memtest_inject_count(), hits = 0;

	if (!n)
		KTEST_SKIP(t, "no memtest.inject= on the command line");
	for (unsigned int i = 0; i < n; i++) {
		struct page *page = pfn_to_page(memtest_inject_get(i)->pfn);

		EXPECT_TRUE(t, PageReserved(page) || PageHWPoison(page));
	}
	INIT_LIST_HEAD(&blocks);
	EXPECT_GT(t, ramtest_take_all(&blocks), 0);
	for (pos = blocks.next; pos != &blocks; pos = pos->next) {
		struct page *head = list_entry(pos, struct page, lru);
		unsigned long first = page_to_pfn(head), last = first + (1UL << head->private);

		for (unsigned int i = 0; i < n; i++)
			hits += memtest_inject_get(i)->pfn >= first &&
				memtest_inject_get(i)->pfn < last;
	}
	ramtest_give_back(&blocks);
	EXPECT_EQ(t, hits, 0);
}

static const struct ktest_case memtest_cases[] = {
	MEMTEST_LOGIC_CASES,
	KTEST_CASE(test_memtest_finds_injected),
	KTEST_CASE(test_ramtest_finds_injected),
	KTEST_CASE(test_ramtest_clean_block),
	KTEST_CASE(test_injected_pages_out_of_service),
	{}
};
KTEST_SUITE(memtest, memtest_cases);
