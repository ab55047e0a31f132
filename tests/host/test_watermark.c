/* Host tests for mm/watermark.c: a worked example (values computed by hand
 * with Linux 4.19's formulas in mm/page_alloc.c), the
 * watermark check, and the reserves each mask reaches on a real machine. */
#include <string.h>

#include <kernel/ktest.h>
#include <mm/mm.h>
#include "host.h"
#include "../kernel/test_pages.h"

/* From test_buddy.c. */
void buddy_test_save(void);
void buddy_test_restore(void);
int buddy_machine(unsigned long max_pfn, const unsigned long ends[3],
		  unsigned long movable_start);

#define M_PFN(mb) ((unsigned long)(mb) << (20 - PAGE_SHIFT))

static int wm_init(struct ktest *t)
{
	(void)t;
	buddy_test_save();
	host_console_echo(false);
	return 0;
}

static void wm_exit(struct ktest *t)
{
	(void)t;
	buddy_test_restore();
}

static struct zone *Z(int idx)
{
	return &contig_page_data.node_zones[idx];
}

static void test_worked_example(struct ktest *t)
{
	static const unsigned long dma_prot[] = { 0, 863, 2015, 2015 };
	static const unsigned long normal_prot[] = { 0, 0, 9215, 9215 };
	int j;

	memset(&contig_page_data, 0, sizeof(contig_page_data));
	Z(ZONE_DMA)->managed_pages = 3977;
	Z(ZONE_NORMAL)->managed_pages = 221000;
	Z(ZONE_HIGHMEM)->managed_pages = 294910;
	setup_per_zone_wmarks();
	EXPECT_EQ(t, min_free_kbytes, 3794);
	EXPECT_EQ(t, min_wmark_pages(Z(ZONE_DMA)), 16);
	EXPECT_EQ(t, low_wmark_pages(Z(ZONE_DMA)), 20);
	EXPECT_EQ(t, high_wmark_pages(Z(ZONE_DMA)), 24);
	EXPECT_EQ(t, min_wmark_pages(Z(ZONE_NORMAL)), 931);
	EXPECT_EQ(t, low_wmark_pages(Z(ZONE_NORMAL)), 1163);
	EXPECT_EQ(t, high_wmark_pages(Z(ZONE_NORMAL)), 1395);
	EXPECT_EQ(t, min_wmark_pages(Z(ZONE_HIGHMEM)), 128);
	EXPECT_EQ(t, low_wmark_pages(Z(ZONE_HIGHMEM)), 438);
	EXPECT_EQ(t, high_wmark_pages(Z(ZONE_HIGHMEM)), 748);
	for (j = 0; j < MAX_NR_ZONES; j++) {
		EXPECT_EQ(t, Z(ZONE_DMA)->lowmem_reserve[j], dma_prot[j]);
		EXPECT_EQ(t, Z(ZONE_NORMAL)->lowmem_reserve[j], normal_prot[j]);
		EXPECT_EQ(t, Z(ZONE_HIGHMEM)->lowmem_reserve[j], 0);
	}
}

static void test_min_free_kbytes_clamps(struct ktest *t)
{
	EXPECT_EQ(t, calculate_min_free_kbytes(0), 128);
	EXPECT_EQ(t, calculate_min_free_kbytes(256), 128);          /* 1 MiB */
	EXPECT_EQ(t, calculate_min_free_kbytes(224977), 3794);
	EXPECT_EQ(t, calculate_min_free_kbytes(~0UL >> 2), 65536);
}

static void test_alloc_flags(struct ktest *t)
{
	EXPECT_EQ(t, gfp_to_alloc_flags(GFP_KERNEL), ALLOC_WMARK_MIN);
	EXPECT_EQ(t, gfp_to_alloc_flags(GFP_ATOMIC), ALLOC_WMARK_MIN | ALLOC_HIGH | ALLOC_HARDER);
	EXPECT_EQ(t, gfp_to_alloc_flags(GFP_ATOMIC | __GFP_NOMEMALLOC), ALLOC_WMARK_MIN | ALLOC_HIGH);
	EXPECT_EQ(t, gfp_to_alloc_flags(GFP_KERNEL | __GFP_MEMALLOC),
		  ALLOC_WMARK_MIN | ALLOC_NO_WATERMARKS);
	EXPECT_EQ(t, gfp_to_alloc_flags(GFP_KERNEL | __GFP_MEMALLOC | __GFP_NOMEMALLOC),
		  ALLOC_WMARK_MIN);
	EXPECT_EQ(t, gfp_to_alloc_flags(__GFP_HIGH), ALLOC_WMARK_MIN | ALLOC_HIGH);
}

/* The order-0 check on the worked example's Normal zone (min 931). */
static void test_watermark_ok_order0(struct ktest *t)
{
	const struct zone *n, *d;
	unsigned int atomic = gfp_to_alloc_flags(GFP_ATOMIC);

	memset(&contig_page_data, 0, sizeof(contig_page_data));
	Z(ZONE_DMA)->managed_pages = 3977;
	Z(ZONE_NORMAL)->managed_pages = 221000;
	Z(ZONE_HIGHMEM)->managed_pages = 294910;
	setup_per_zone_wmarks();
	n = Z(ZONE_NORMAL);
	d = Z(ZONE_DMA);
	EXPECT_TRUE(t, __zone_watermark_ok(n, 0, 931, ZONE_NORMAL, ALLOC_WMARK_MIN, 932));
	EXPECT_FALSE(t, __zone_watermark_ok(n, 0, 931, ZONE_NORMAL, ALLOC_WMARK_MIN, 931));
	/* __GFP_HIGH: min/2 -> 466 */
	EXPECT_TRUE(t, __zone_watermark_ok(n, 0, 931, ZONE_NORMAL, ALLOC_HIGH, 467));
	EXPECT_FALSE(t, __zone_watermark_ok(n, 0, 931, ZONE_NORMAL, ALLOC_HIGH, 466));
	/* GFP_ATOMIC: a further quarter -> 350 (37.5 % of min) */
	EXPECT_TRUE(t, __zone_watermark_ok(n, 0, 931, ZONE_NORMAL, atomic, 351));
	EXPECT_FALSE(t, __zone_watermark_ok(n, 0, 931, ZONE_NORMAL, atomic, 350));
	/* order 2 subtracts 3 pages first */
	EXPECT_FALSE(t, __zone_watermark_ok(n, 2, 931, ZONE_NORMAL, ALLOC_WMARK_MIN, 934));
	/* lowmem_reserve: DMA for a HighMem-capable request keeps 16 + 2015 */
	EXPECT_FALSE(t, __zone_watermark_ok(d, 0, 16, ZONE_HIGHMEM, ALLOC_WMARK_MIN, 2031));
	EXPECT_TRUE(t, __zone_watermark_ok(d, 0, 16, ZONE_HIGHMEM, ALLOC_WMARK_MIN, 2032));
	EXPECT_TRUE(t, __zone_watermark_ok(d, 0, 16, ZONE_DMA, ALLOC_WMARK_MIN, 17));
	EXPECT_FALSE(t, __zone_watermark_ok(d, 0, 16, ZONE_NORMAL, ALLOC_WMARK_MIN, 879));
}

/* For order > 0 a block of at least that order must be free. */
static void test_watermark_needs_block(struct ktest *t)
{
	struct zone z;
	struct page fake;
	unsigned int o;
	int mt;

	memset(&z, 0, sizeof(z));
	memset(&fake, 0, sizeof(fake));
	for (o = 0; o < MAX_ORDER; o++)
		for (mt = 0; mt < MIGRATE_TYPES; mt++)
			INIT_LIST_HEAD(&z.free_area[o].free_list[mt]);
	EXPECT_TRUE(t, __zone_watermark_ok(&z, 0, 10, 0, ALLOC_WMARK_MIN, 10000));
	EXPECT_FALSE(t, __zone_watermark_ok(&z, 1, 10, 0, ALLOC_WMARK_MIN, 10000));
	list_add(&fake.lru, &z.free_area[3].free_list[MIGRATE_MOVABLE]);
	z.free_area[3].nr_free = 1;
	EXPECT_TRUE(t, __zone_watermark_ok(&z, 3, 10, 0, ALLOC_WMARK_MIN, 10000));
	EXPECT_FALSE(t, __zone_watermark_ok(&z, 4, 10, 0, ALLOC_WMARK_MIN, 10000));
	list_del(&fake.lru);
	list_add(&fake.lru, &z.free_area[3].free_list[MIGRATE_HIGHATOMIC]);
	EXPECT_FALSE(t, __zone_watermark_ok(&z, 3, 10, 0, ALLOC_WMARK_MIN, 10000));
	EXPECT_TRUE(t, __zone_watermark_ok(&z, 3, 10, 0, ALLOC_WMARK_MIN | ALLOC_HARDER, 10000));
}

/* Drain a lowmem-only machine with one mask, counting pages. */
static unsigned long drain(gfp_t gfp, struct list_head *list)
{
	return take_all_pages(gfp, list);
}

/* GFP_KERNEL stops at min, GFP_ATOMIC at 37.5 % of it, __GFP_MEMALLOC
 * empties the zone, __GFP_NOMEMALLOC keeps it from doing so. A machine
 * with only ZONE_DMA keeps the reserves simple. */
static void test_reserves_by_mask(struct ktest *t)
{
	const unsigned long ends[3] = { M_PFN(16), M_PFN(16), M_PFN(16) };
	LIST_HEAD(blocks);
	unsigned long free0, min;
	struct zone *z = Z(ZONE_DMA);

	ASSERT_EQ(t, buddy_machine(M_PFN(16), ends, 0), 0);
	free0 = nr_free_pages();
	min = min_wmark_pages(z);
	ASSERT_GT(t, min, 8);

	drain(GFP_KERNEL, &blocks);
	EXPECT_EQ(t, z->free_pages, min);
	drain(GFP_ATOMIC | __GFP_NOMEMALLOC, &blocks);
	EXPECT_EQ(t, z->free_pages, min - min / 2);
	drain(GFP_ATOMIC, &blocks);
	EXPECT_EQ(t, z->free_pages, (min - min / 2) - (min - min / 2) / 4);
	drain(GFP_KERNEL | __GFP_MEMALLOC | __GFP_NOMEMALLOC, &blocks);
	EXPECT_EQ(t, z->free_pages, (min - min / 2) - (min - min / 2) / 4);
	drain(GFP_KERNEL | __GFP_MEMALLOC, &blocks);
	EXPECT_EQ(t, z->free_pages, 0);
	give_back_pages(&blocks);
	EXPECT_EQ(t, nr_free_pages(), free0);
	EXPECT_TRUE(t, free_lists_check());
}

/* The fast path stops at low; a failing fast path falls to min. */
static void test_fast_path_low_mark(struct ktest *t)
{
	const unsigned long ends[3] = { M_PFN(16), M_PFN(16), M_PFN(16) };
	struct zone *z = Z(ZONE_DMA);
	LIST_HEAD(blocks);

	ASSERT_EQ(t, buddy_machine(M_PFN(16), ends, 0), 0);
	EXPECT_TRUE(t, zone_watermark_ok(z, 0, low_wmark_pages(z), ZONE_DMA, ALLOC_WMARK_LOW));
	drain(GFP_NOWAIT, &blocks);      /* no reserves: min */
	EXPECT_FALSE(t, zone_watermark_ok(z, 0, low_wmark_pages(z), ZONE_DMA, ALLOC_WMARK_LOW));
	EXPECT_EQ(t, z->free_pages, min_wmark_pages(z));
	give_back_pages(&blocks);
}

/* Expected watermarks of an empty zone (Linux's __setup_per_zone_wmarks):
 * a highmem zone gets min = clamp(0 / 1024, 32, 128) = 32 and low = high
 * = min, as the added step max(tmp >> 2, managed * 10 / 10000) is 0; any
 * other empty zone gets 0. */
#define EMPTY_HIGHMEM_MIN 32

/* Each zone empty in turn, under each movable_zone: the empty zone's
 * watermarks, its protection row, and the highmem count. */
static void test_empty_zone_wmarks(struct ktest *t)
{
	static const unsigned long managed[MAX_NR_ZONES] = { 3977, 221000, 294910, 4096 };
	static const int movable_zones[] = { ZONE_DMA, ZONE_NORMAL, ZONE_HIGHMEM };
	unsigned int m;
	int empty, j;

	for (m = 0; m < ARRAY_SIZE(movable_zones); m++) {
		movable_zone = movable_zones[m];
		for (empty = 0; empty < MAX_NR_ZONES; empty++) {
			bool high = empty == ZONE_HIGHMEM ||
				    (empty == ZONE_MOVABLE && movable_zone == ZONE_HIGHMEM);
			unsigned long want = high ? EMPTY_HIGHMEM_MIN : 0;
			unsigned long above = 0;
			struct zone *z = Z(empty);

			memset(&contig_page_data, 0, sizeof(contig_page_data));
			for (j = 0; j < MAX_NR_ZONES; j++)
				Z(j)->managed_pages = j == empty ? 0 : managed[j];
			setup_per_zone_wmarks();
			if (high_wmark_pages(z) != want)
				ktest_info(t, "movable_zone %d, zone %d empty", movable_zone, empty);
			EXPECT_EQ(t, is_highmem(z), high);
			EXPECT_EQ(t, min_wmark_pages(z), want);
			EXPECT_EQ(t, low_wmark_pages(z), want);
			EXPECT_EQ(t, high_wmark_pages(z), want);
			/* Linux keeps the empty zone's protection row: the
			 * zones above it still count against it. */
			for (j = empty + 1; j < MAX_NR_ZONES; j++) {
				above += Z(j)->managed_pages;
				EXPECT_EQ(t, z->lowmem_reserve[j], lowmem_reserve_ratio[empty] ?
					  above / (unsigned long)lowmem_reserve_ratio[empty] : 0);
			}
			/* Nothing fits in an empty zone, whatever its marks. */
			EXPECT_FALSE(t, zone_watermark_ok(z, 0, min_wmark_pages(z), empty,
							  ALLOC_WMARK_MIN | ALLOC_HARDER));
		}
	}
}

/* Every zone empty: only the highmem ones have marks. */
static void test_all_zones_empty(struct ktest *t)
{
	int m, j;

	for (m = ZONE_DMA; m <= ZONE_HIGHMEM; m++) {
		movable_zone = m;
		memset(&contig_page_data, 0, sizeof(contig_page_data));
		setup_per_zone_wmarks();
		for (j = 0; j < MAX_NR_ZONES; j++) {
			unsigned long want = is_highmem_idx(j) ? EMPTY_HIGHMEM_MIN : 0;

			EXPECT_EQ(t, min_wmark_pages(Z(j)), want);
			EXPECT_EQ(t, low_wmark_pages(Z(j)), want);
			EXPECT_EQ(t, high_wmark_pages(Z(j)), want);
		}
		EXPECT_EQ(t, is_highmem_idx(ZONE_MOVABLE), m == ZONE_HIGHMEM);
	}
}

/* free_area_init() picks movable_zone as Linux's
 * find_usable_zone_for_movable(): the highest zone with a span, carved or
 * not; a 15 MiB, 128 MiB and 900 MiB machine give DMA, Normal and HighMem. */
static void test_movable_zone_choice(struct ktest *t)
{
	static const struct {
		unsigned long max_mb;
		int zone;
	} cases[] = { { 15, ZONE_DMA }, { 128, ZONE_NORMAL }, { 900, ZONE_HIGHMEM } };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned long max = M_PFN(cases[i].max_mb);
		const unsigned long ends[3] = { min(max, M_PFN(16)), min(max, M_PFN(896)), max };
		struct zone *mz = Z(ZONE_MOVABLE), *hz = Z(ZONE_HIGHMEM);

		ASSERT_EQ(t, buddy_machine(max, ends, 0), 0);
		EXPECT_EQ(t, movable_zone, cases[i].zone);
		EXPECT_EQ(t, mz->managed_pages, 0);
		EXPECT_EQ(t, min_wmark_pages(mz), cases[i].zone == ZONE_HIGHMEM ? EMPTY_HIGHMEM_MIN : 0);
		EXPECT_EQ(t, high_wmark_pages(mz), cases[i].zone == ZONE_HIGHMEM ? EMPTY_HIGHMEM_MIN : 0);
		if (!hz->managed_pages)
			EXPECT_EQ(t, high_wmark_pages(hz), EMPTY_HIGHMEM_MIN);
	}
}

static const struct ktest_case watermark_cases[] = {
	KTEST_CASE(test_worked_example),
	KTEST_CASE(test_min_free_kbytes_clamps),
	KTEST_CASE(test_alloc_flags),
	KTEST_CASE(test_watermark_ok_order0),
	KTEST_CASE(test_watermark_needs_block),
	KTEST_CASE(test_reserves_by_mask),
	KTEST_CASE(test_fast_path_low_mark),
	KTEST_CASE(test_empty_zone_wmarks),
	KTEST_CASE(test_all_zones_empty),
	KTEST_CASE(test_movable_zone_choice),
	{}
};
KTEST_SUITE_FULL(watermark_host, wm_init, wm_exit, watermark_cases);
