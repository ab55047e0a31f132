/* pagemap and fragmentation index suites (mm/pagemap.c, mm/frag.c). The
 * host runs the same bodies (tests/host/test_pagemap.c) on a simulated
 * machine; the kernel runs them on the booted one. */
#include <kernel/arch.h>
#include <kernel/ktest.h>
#include <kernel/string.h>
#include <mm/frag.h>
#include <mm/mm.h>
#include <mm/pagemap.h>

#include "smp_load.h"

/* ---- cell characters: the legend's rules, one behaviour per line ------- */
static void test_cell_char_rules(struct ktest *t)
{
	struct pagemap_counts c;

	memset(&c, 0, sizeof(c));
	EXPECT_EQ(t, pagemap_cell_char(&c), '_');               /* nothing: no RAM */
	c.pages[PAGEMAP_HOLE] = 10;
	c.pages[PAGEMAP_FREE] = 1;
	EXPECT_EQ(t, pagemap_cell_char(&c), '.');               /* any free beats a hole */
	c.pages[PAGEMAP_KERNEL] = 1;
	EXPECT_EQ(t, pagemap_cell_char(&c), 'K');               /* reserved beats free */
	c.pages[PAGEMAP_PGTABLE] = 2;
	EXPECT_EQ(t, pagemap_cell_char(&c), 'P');               /* the larger reservation */
	c.pages[PAGEMAP_USED] = 3;
	c.used[MIGRATE_MOVABLE] = 2;
	c.used[MIGRATE_RECLAIMABLE] = 1;
	EXPECT_EQ(t, pagemap_cell_char(&c), 'm');               /* used, partly free */
	c.pages[PAGEMAP_FREE] = 0;
	EXPECT_EQ(t, pagemap_cell_char(&c), 'M');               /* used, nothing free */
	c.used[MIGRATE_RECLAIMABLE] = 5;
	EXPECT_EQ(t, pagemap_cell_char(&c), 'R');               /* the larger type */
	c.pages[PAGEMAP_BAD] = 1;
	EXPECT_EQ(t, pagemap_cell_char(&c), 'X');               /* a bad page beats all */
}

/* Whole free pageblocks in the map = what buddyinfo's orders at and above
 * pageblock_order hold; free pages in the map = the zone's free count. */
static void test_free_cells_match_buddyinfo(struct ktest *t)
{
	struct pagemap_counts c;
	const struct zone *z;
	unsigned long flags;

	smp_load_pause();
	drain_all_pages();
	flags = arch_irq_save();
	for_each_zone(z) {
		unsigned long cells = pagemap_zone_counts(z, pageblock_order, &c);
		unsigned long expect = 0;
		unsigned int o;

		for (o = pageblock_order; o < MAX_ORDER; o++)
			expect += z->free_area[o].nr_free << (o - pageblock_order);
		EXPECT_EQ(t, cells, expect);
		EXPECT_EQ(t, c.pages[PAGEMAP_FREE], z->free_pages);
		EXPECT_EQ(t, c.pages[PAGEMAP_FREE] + c.pages[PAGEMAP_USED] + c.pages[PAGEMAP_FIRMWARE] +
			     c.pages[PAGEMAP_PGTABLE] + c.pages[PAGEMAP_KERNEL] +
			     c.pages[PAGEMAP_HOLE] + c.pages[PAGEMAP_BAD], z->spanned_pages);
	}
	arch_irq_restore(flags);
	smp_load_resume();
}

/* A pageblock-sized allocation turns a free cell ('.') into a used one of
 * its migratetype ('U' for GFP_KERNEL, 'M' for movable) at its address,
 * and back when freed. */
static void check_block_cell(struct ktest *t, gfp_t gfp, char used)
{
	struct pagemap_counts c;
	unsigned long pfn;
	struct page *page;

	page = alloc_pages(gfp | __GFP_NOWARN, pageblock_order);
	if (!page)
		KTEST_SKIP(t, "no free pageblock");
	pfn = page_to_pfn(page);
	pagemap_count_range(pfn, pfn + pageblock_nr_pages, &c);
	EXPECT_EQ(t, c.pages[PAGEMAP_USED], pageblock_nr_pages);
	EXPECT_EQ(t, pagemap_cell_char(&c), used);
	/* A neighbour's pages are not counted: the cell ends at the block. */
	pagemap_count_range(pfn + 1, pfn + 2, &c);
	EXPECT_EQ(t, c.pages[PAGEMAP_USED], 1);
	/* The freed block stays free only while no other CPU allocates. */
	smp_load_pause();
	__free_pages(page, pageblock_order);
	drain_all_pages();
	pagemap_count_range(pfn, pfn + pageblock_nr_pages, &c);
	EXPECT_EQ(t, c.pages[PAGEMAP_FREE], pageblock_nr_pages);
	EXPECT_EQ(t, pagemap_cell_char(&c), '.');
	/* Inside the free block, the walk still knows it is free. */
	pagemap_count_range(pfn + 3, pfn + 5, &c);
	EXPECT_EQ(t, c.pages[PAGEMAP_FREE], 2);
	smp_load_resume();
}

static void test_alloc_changes_cell_unmovable(struct ktest *t)
{
	check_block_cell(t, GFP_KERNEL, 'U');
}

static void test_alloc_changes_cell_movable(struct ktest *t)
{
	/* Below Linux's threshold (pageblock_nr_pages * MIGRATE_TYPES pages,
	 * build_all_zonelists) every allocation is unmovable. */
	if (page_group_by_mobility_disabled)
		KTEST_SKIP(t, "mobility grouping off on this small machine");
	check_block_cell(t, GFP_KERNEL | __GFP_MOVABLE, 'M');
}

static const struct ktest_case pagemap_cases[] = {
	KTEST_CASE(test_cell_char_rules),
	KTEST_CASE(test_free_cells_match_buddyinfo),
	KTEST_CASE(test_alloc_changes_cell_unmovable),
	KTEST_CASE(test_alloc_changes_cell_movable),
	{}
};
#ifdef PAGEMAP_TEST_HOST
KTEST_SUITE_FULL(pagemap, pagemap_host_init, pagemap_host_exit, pagemap_cases);
#else
KTEST_SUITE(pagemap, pagemap_cases);
#endif

/* ---- fragmentation indices: hand-computed buddyinfo vectors ------------ */
struct frag_vector {
	unsigned long nr_free[MAX_ORDER];
	unsigned int order;
	int extfrag, unusable;
};

static const struct frag_vector frag_vectors[] = {
	/* Nothing free: extfrag 0, unusable 1.000 (Linux's special values). */
	{ { 0 }, 0, 0, 1000 },
	{ { 0 }, 5, 0, 1000 },
	/* A block of the order is free: extfrag -1.000. */
	{ { [3] = 1 }, 3, -1000, 0 },
	{ { [10] = 2 }, 0, -1000, 0 },
	/* 8 single pages, order 3 wanted: 8 pages, 8 blocks, none suitable:
	 * 1000 - (1000 + 8000/8)/8 = 750; all 8 pages unusable. */
	{ { [0] = 8 }, 3, 750, 1000 },
	/* 4 order-1 blocks and 1 order-2: order 3 wanted: free 12 pages, 5
	 * blocks: 1000 - (1000 + 1500)/5 = 500; unusable 1.000. Order 2: one
	 * suitable block: -1000; unusable (12 - 4)/12 = 0.666. */
	{ { [1] = 4, [2] = 1 }, 3, 500, 1000 },
	{ { [1] = 4, [2] = 1 }, 2, -1000, 666 },
	/* One single page, order 1 wanted: 1000 - (1000 + 500)/1 = -500, the
	 * quirk Linux prints as " 0.-500". */
	{ { [0] = 1 }, 1, -500, 1000 },
};

static void test_frag_vectors(struct ktest *t)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(frag_vectors); i++) {
		const struct frag_vector *v = &frag_vectors[i];
		struct contig_page_info info;

		contig_page_info_fill(v->nr_free, v->order, &info);
		EXPECT_EQ(t, fragmentation_index(v->order, &info), v->extfrag);
		EXPECT_EQ(t, unusable_free_index(v->order, &info), v->unusable);
	}
}

/* The filled counts themselves, for one mixed vector. */
static void test_contig_page_info_fill(struct ktest *t)
{
	static const unsigned long nr[MAX_ORDER] = { 3, 2, 0, 1, [10] = 1 };
	struct contig_page_info info;

	contig_page_info_fill(nr, 1, &info);
	EXPECT_EQ(t, info.free_pages, 3 + 4 + 8 + 1024);
	EXPECT_EQ(t, info.free_blocks_total, 7);
	EXPECT_EQ(t, info.free_blocks_suitable, 2 + 4 + 512);
}

static const struct ktest_case frag_cases[] = {
	KTEST_CASE(test_frag_vectors),
	KTEST_CASE(test_contig_page_info_fill),
	{}
};
KTEST_SUITE(frag, frag_cases);
