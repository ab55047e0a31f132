/* The bad-page cases, one body for the kernel's buddy suite
 * (tests/kernel/buddy_test.c) and the host's (tests/host/test_buddy.c,
 * which also checks the printed report): every way of freeing a page
 * wrongly is caught, named, counted, and the pages involved are
 * quarantined, then given back. Needs a running buddy allocator with free
 * blocks of order 2 and a reserved page. Header-only. */
#ifndef TESTS_KERNEL_BAD_PAGE_CASES_H
#define TESTS_KERNEL_BAD_PAGE_CASES_H

#include <kernel/ktest.h>
#include <mm/mm.h>
#include <mm/mmzone.h>

#define BAD_PAGE_NO_PFN (~0UL)

/* The head of some free block on the buddy lists, and its order. */
static inline struct page *find_free_block_head(unsigned int *order)
{
	struct zone *z;

	for_each_populated_zone(z) {
		for (unsigned int o = 0; o < MAX_ORDER; o++) {
			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				struct list_head *l = &z->free_area[o].free_list[mt];

				if (!list_empty(l)) {
					*order = o;
					return list_first_entry(l, struct page, lru);
				}
			}
		}
	}
	return NULL;
}

/* Runs the cases; returns the reserved pfn it freed (BAD_PAGE_NO_PFN when
 * it stopped before), for the host to find in the report. */
static inline unsigned long bad_page_cases(struct ktest *t)
{
	unsigned long free0 = nr_free_pages(), bad0 = bad_page_count();
	unsigned long pfn = 0;
	unsigned int order;
	struct page *p;

	/* freeing a reserved page: refused, the page stays reserved */
	while (pfn < mem_map_pfns && !PageReserved(pfn_to_page(pfn)))
		pfn++;
	if (pfn >= mem_map_pfns) {
		ktest_fail(t, __FILE__, __LINE__, "no reserved page");
		return BAD_PAGE_NO_PFN;
	}
	__free_pages(pfn_to_page(pfn), 0);
	EXPECT_TRUE(t, PageReserved(pfn_to_page(pfn)));
	EXPECT_EQ(t, bad_page_count(), bad0 + 1);
	EXPECT_STREQ(t, bad_page_last_reason(), "freeing a reserved page");

	/* double free: the page merged back into a bigger block */
	p = alloc_pages(GFP_KERNEL, 1);
	if (!p)
		goto no_page;
	p->private = 0;                                /* two separate pages */
	set_page_count(p + 1, 1);
	__free_page(p + 1);
	__free_page(p);
	__free_page(p + 1);                            /* merged away: refcount 0 */
	EXPECT_EQ(t, bad_page_count(), bad0 + 2);
	EXPECT_STREQ(t, bad_page_last_reason(), "double free (refcount already 0)");

	/* freeing an already-free page (a free block's head) */
	p = find_free_block_head(&order);
	if (!p)
		goto no_page;
	__free_pages(p, order);
	EXPECT_STREQ(t, bad_page_last_reason(), "freeing an already-free page");

	/* wrong order: quarantined, then given back */
	p = alloc_pages(GFP_KERNEL, 2);
	if (!p)
		goto no_page;
	__free_pages(p, 1);
	EXPECT_STREQ(t, bad_page_last_reason(), "wrong order: allocated order 2, freed as 1");
	EXPECT_EQ(t, bad_pages_quarantined(), 4);
	EXPECT_EQ(t, nr_free_pages(), free0 - 4);

	/* bad refcount in a tail page */
	p = alloc_pages(GFP_KERNEL, 1);
	if (!p)
		goto no_page;
	set_page_count(p + 1, 3);
	__free_pages(p, 1);
	EXPECT_STREQ(t, bad_page_last_reason(), "bad refcount (nonzero _refcount in a tail page)");
	EXPECT_EQ(t, bad_pages_quarantined(), 6);
	EXPECT_EQ(t, bad_page_count(), bad0 + 5);
	EXPECT_TRUE(t, free_lists_check());

	EXPECT_EQ(t, bad_pages_release(), 6);
	EXPECT_EQ(t, bad_pages_quarantined(), 0);
	EXPECT_EQ(t, nr_free_pages(), free0);
	EXPECT_TRUE(t, free_lists_check());
	return pfn;

no_page:
	ktest_fail(t, __FILE__, __LINE__, "no page to misuse");
	bad_pages_release();
	return pfn;
}

#endif
