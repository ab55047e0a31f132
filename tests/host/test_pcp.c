/* Host tests of the per-CPU lists per order (mm/pcp.c): orders 1..3 go
 * through their own lists as orders 0 does, counted in pages; a refill
 * takes batch >> order blocks under one zone-lock acquisition, and a spill
 * returns batch pages under one; the set never holds high pages or more.
 * A 128 MiB machine (tests/host/test_buddy.c's buddy_machine()): Normal
 * [16M, 112M), high 42, batch 7. */
#include <kernel/ktest.h>
#include <mm/mm.h>
#include "host.h"
#include "../kernel/mm_invariants.h"

#define MB_PFN(mb) ((unsigned long)(mb) << (20 - PAGE_SHIFT))

static struct zone *normal(void)
{
	return &contig_page_data.node_zones[ZONE_NORMAL];
}

static struct per_cpu_pages *pcp0(void)
{
	return &normal()->pcp[smp_processor_id()];
}

/* Zone-lock acquisitions so far: each takes one ticket. */
static unsigned int zone_lock_taken(void)
{
	return normal()->lock.tail;
}

static int pcp_host_init(struct ktest *t)
{
	const unsigned long ends[3] = { MB_PFN(16), MB_PFN(112), MB_PFN(128) };

	(void)t;
	buddy_test_save();
	if (buddy_machine(MB_PFN(128), ends, 0))
		return -1;
	zone_pcp_update(normal());
	return 0;
}

static void pcp_host_exit(struct ktest *t)
{
	(void)t;
	drain_all_pages();
	buddy_test_restore();
}

/* Sizing: batch 7, high 42 for 96 MiB; an order-o refill takes
 * max(7 >> o, 1) blocks: 7, 3, 1, 1 blocks; 7, 6, 4, 8 pages. */
static void test_order_refill_sizes(struct ktest *t)
{
	static const int pages[NR_PCP_ORDERS] = { 7, 6, 4, 8 };
	unsigned int o;

	ASSERT_EQ(t, pcp0()->batch, 7);
	ASSERT_EQ(t, pcp0()->high, 42);
	for (o = 0; o < NR_PCP_ORDERS; o++) {
		unsigned long buddy0 = normal()->free_pages;
		struct page *p = alloc_pages(GFP_KERNEL, o);

		ASSERT_NOT_NULL(t, p);
		EXPECT_EQ(t, buddy0 - normal()->free_pages, (unsigned long)pages[o]);
		EXPECT_EQ(t, pcp0()->count, pages[o] - (1 << o));
		__free_pages(p, o);
		drain_all_pages();
	}
}

/* An order-3 block freed goes on top of its own list, counted as 8 pages,
 * and the next order-3 allocation takes it back without the buddy lists. */
static void test_order3_through_list(struct ktest *t)
{
	unsigned int li = pcp_index(3, MIGRATE_UNMOVABLE);
	struct page *p = alloc_pages(GFP_KERNEL, 3), *q;
	unsigned long buddy0;

	ASSERT_NOT_NULL(t, p);
	__free_pages(p, 3);
	EXPECT_TRUE(t, pcp0()->lists[li] == &p->lru);
	EXPECT_EQ(t, pcp0()->count, 8);
	EXPECT_EQ(t, nr_pcp_pages(), 8UL);
	EXPECT_EQ(t, nr_free_pages(), totalram_pages());
	buddy0 = normal()->free_pages;
	q = alloc_pages(GFP_KERNEL, 3);
	EXPECT_TRUE(t, q == p);
	EXPECT_EQ(t, normal()->free_pages, buddy0);
	EXPECT_EQ(t, pcp0()->count, 0);
	EXPECT_TRUE(t, mm_invariants_check("order3_through_list", 0, 0));
	__free_pages(q, 3);
	drain_all_pages();
	EXPECT_EQ(t, pcp0()->lists[li] == NULL, true);
	EXPECT_TRUE(t, free_lists_check());
}

/* A refill of 7 pages and a spill of 7 each take the zone lock once; the
 * refill's pages come in ascending pfn order. */
static void test_bulk_one_lock(struct ktest *t)
{
	struct page *p[42];
	unsigned int taken;
	int i;

	taken = zone_lock_taken();
	p[0] = alloc_page(GFP_KERNEL);
	ASSERT_NOT_NULL(t, p[0]);
	EXPECT_EQ(t, zone_lock_taken() - taken, 1u);
	for (i = 1; i < 7; i++) {
		p[i] = alloc_page(GFP_KERNEL);
		ASSERT_NOT_NULL(t, p[i]);
		EXPECT_EQ(t, page_to_pfn(p[i]), page_to_pfn(p[0]) + (unsigned long)i);
	}
	EXPECT_EQ(t, zone_lock_taken() - taken, 1u);
	for (; i < 42; i++) {
		p[i] = alloc_page(GFP_KERNEL);
		ASSERT_NOT_NULL(t, p[i]);
	}
	EXPECT_EQ(t, zone_lock_taken() - taken, 6u);
	for (i = 0; i < 41; i++)
		__free_page(p[i]);
	taken = zone_lock_taken();
	__free_page(p[41]);                             /* reaches high: one spill */
	EXPECT_EQ(t, zone_lock_taken() - taken, 1u);
	EXPECT_EQ(t, pcp0()->count, 35);
	EXPECT_EQ(t, nr_free_pages(), totalram_pages());
}

/* With the set near high, lists running dry one after another never
 * leave high pages or more on it: each refill first spills the others
 * down to make room. */
static void test_refill_stays_under_high(struct ktest *t)
{
	static const gfp_t masks[2] = { GFP_KERNEL | __GFP_MOVABLE, GFP_KERNEL | __GFP_RECLAIMABLE };
	struct page *p[41], *held[2][NR_PCP_ORDERS];
	unsigned int o, m;
	int i;

	for (i = 0; i < 41; i++) {
		p[i] = alloc_page(GFP_KERNEL);
		ASSERT_NOT_NULL(t, p[i]);
	}
	for (i = 0; i < 41; i++)
		__free_page(p[i]);
	EXPECT_GE(t, pcp0()->count, pcp0()->high - pcp0()->batch);
	for (m = 0; m < 2; m++)
		for (o = 0; o < NR_PCP_ORDERS; o++) {
			held[m][o] = alloc_pages(masks[m], o);
			ASSERT_NOT_NULL(t, held[m][o]);
			EXPECT_LT(t, pcp0()->count, pcp0()->high);
		}
	EXPECT_TRUE(t, mm_invariants_check("refill_stays_under_high", 0, 0));
	for (m = 0; m < 2; m++)
		for (o = 0; o < NR_PCP_ORDERS; o++)
			__free_pages(held[m][o], o);
	EXPECT_LT(t, pcp0()->count, pcp0()->high);
	EXPECT_EQ(t, nr_free_pages(), totalram_pages());
}

static const struct ktest_case pcp_host_cases[] = {
	KTEST_CASE(test_order_refill_sizes),
	KTEST_CASE(test_order3_through_list),
	KTEST_CASE(test_bulk_one_lock),
	KTEST_CASE(test_refill_stays_under_high),
	{}
};
KTEST_SUITE_FULL(pcp_host, pcp_host_init, pcp_host_exit, pcp_host_cases);
