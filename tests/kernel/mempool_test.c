/* Memory pool tests. The cases run in the kernel (suite "mempool") and,
 * through tests/host/test_mempool.c which includes this file with
 * MEMPOOL_TEST_HOST defined, on the host over a simulated machine (suite
 * "mempool_host"). Every case destroys its pools and frees what it took. */
#include <kernel/ktest.h>
#include <mm/mempool.h>
#include <mm/mm.h>
#include <mm/mmzone.h>
#include <mm/slab.h>
#include "smp_load.h"
#include "zone_drain.h"

#define MPT_MIN_NR 4

/* A page allocator that can be told to fail, counting what it is asked. */
struct mpt_alloc {
	bool fail;
	int succeed_left;       /* < 0: no limit; else fail once it reaches 0 */
	unsigned long allocs, frees;
	gfp_t last_gfp;
};

static void *mpt_alloc_fn(gfp_t gfp, void *data)
{
	struct mpt_alloc *a = data;
	struct page *page;

	a->last_gfp = gfp;
	if (a->fail || a->succeed_left == 0)
		return NULL;
	page = alloc_page(gfp);
	if (page) {
		a->allocs++;
		if (a->succeed_left > 0)
			a->succeed_left--;
	}
	return page;
}

static void mpt_free_fn(void *element, void *data)
{
	struct mpt_alloc *a = data;

	a->frees++;
	__free_page(element);
}

/* Free pages with the slab caches emptied: the pool's own structure comes
 * from kmalloc, whose slabs would otherwise blur the count. */
static unsigned long mpt_free_pages(void)
{
	kmem_cache_shrink_all();
	return nr_free_pages();
}

/* The free page counts are compared with the background load parked
 * (tests/kernel/smp_load.h). */
static void test_create_fills_reserve(struct ktest *t)
{
	unsigned long before;
	mempool_t *pool;

	smp_load_pause();
	before = mpt_free_pages();
	pool = mempool_create_page_pool(MPT_MIN_NR, 1);
	ASSERT_NOT_NULL(t, pool);
	EXPECT_EQ(t, pool->min_nr, MPT_MIN_NR);
	EXPECT_EQ(t, pool->curr_nr, MPT_MIN_NR);
	EXPECT_GE(t, before - nr_free_pages(), MPT_MIN_NR * 2);
	mempool_destroy(pool);
	EXPECT_EQ(t, mpt_free_pages(), before);
	smp_load_resume();
}

/* The allocator comes first, without reclaim or I/O; the reserve stays. */
static void test_alloc_prefers_allocator(struct ktest *t)
{
	struct mpt_alloc a = { .succeed_left = -1 };
	mempool_t *pool = mempool_create(MPT_MIN_NR, mpt_alloc_fn, mpt_free_fn, &a);
	void *e;

	ASSERT_NOT_NULL(t, pool);
	EXPECT_EQ(t, a.allocs, MPT_MIN_NR);
	e = mempool_alloc(pool, GFP_KERNEL);
	ASSERT_NOT_NULL(t, e);
	EXPECT_EQ(t, pool->curr_nr, MPT_MIN_NR);
	EXPECT_EQ(t, pool->reserve_hits, 0);
	EXPECT_EQ(t, a.allocs, MPT_MIN_NR + 1);
	EXPECT_EQ(t, a.last_gfp & (__GFP_DIRECT_RECLAIM | __GFP_IO), 0);
	EXPECT_EQ(t, a.last_gfp & (__GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN),
		  __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN);
	/* Reserve full: the element goes back to the allocator. */
	mempool_free(e, pool);
	EXPECT_EQ(t, a.frees, 1);
	mempool_free(NULL, pool);
	EXPECT_EQ(t, a.frees, 1);
	mempool_destroy(pool);
	EXPECT_EQ(t, a.frees, a.allocs);
}

/* Allocator failing: the reserve serves min_nr elements, then NULL after a
 * second attempt with the full mask; frees refill the reserve first. */
static void test_reserve_when_allocator_fails(struct ktest *t)
{
	struct mpt_alloc a = { .succeed_left = -1 };
	mempool_t *pool = mempool_create(MPT_MIN_NR, mpt_alloc_fn, mpt_free_fn, &a);
	void *e[MPT_MIN_NR];

	ASSERT_NOT_NULL(t, pool);
	a.fail = true;
	for (int i = 0; i < MPT_MIN_NR; i++) {
		e[i] = mempool_alloc(pool, GFP_NOIO);
		EXPECT_NOT_NULL(t, e[i]);
		EXPECT_EQ(t, pool->curr_nr, MPT_MIN_NR - 1 - i);
	}
	EXPECT_EQ(t, pool->reserve_hits, MPT_MIN_NR);
	EXPECT_NULL(t, mempool_alloc(pool, GFP_ATOMIC));
	EXPECT_NULL(t, mempool_alloc(pool, GFP_NOIO));
	/* The last attempt carried the caller's reclaim bits. */
	EXPECT_EQ(t, a.last_gfp & __GFP_DIRECT_RECLAIM, __GFP_DIRECT_RECLAIM);
	a.fail = false;
	for (int i = 0; i < MPT_MIN_NR; i++)
		mempool_free(e[i], pool);
	EXPECT_EQ(t, pool->curr_nr, MPT_MIN_NR);
	EXPECT_EQ(t, a.frees, 0);
	mempool_destroy(pool);
	EXPECT_EQ(t, a.frees, a.allocs);
}

/* A failed prefill keeps nothing. */
static void test_create_fails_cleanly(struct ktest *t)
{
	struct mpt_alloc a = { .succeed_left = MPT_MIN_NR - 1 };
	unsigned long before;

	smp_load_pause();
	before = mpt_free_pages();
	EXPECT_NULL(t, mempool_create(MPT_MIN_NR, mpt_alloc_fn, mpt_free_fn, &a));
	EXPECT_EQ(t, a.allocs, MPT_MIN_NR - 1);
	EXPECT_EQ(t, a.frees, a.allocs);
	EXPECT_NULL(t, mempool_create(0, mpt_alloc_fn, mpt_free_fn, &a));
	EXPECT_EQ(t, mpt_free_pages(), before);
	smp_load_resume();
}

/* ZONE_DMA exhausted: a pool of DMA pages still hands out its reserve,
 * every element a ZONE_DMA page, and takes them back. */
static void test_dma_pool_with_zone_drained(struct ktest *t)
{
	mempool_t *pool = mempool_create(2, mempool_alloc_pages_dma, mempool_free_pages,
					 (void *)0UL);
	struct zone_drain drain;
	struct page *p[2];

	ASSERT_NOT_NULL(t, pool);
	EXPECT_GT(t, zone_drain_dma(&drain), 0);
	EXPECT_NULL(t, alloc_page(GFP_DMA | __GFP_NOWARN));
	for (int i = 0; i < 2; i++) {
		p[i] = mempool_alloc(pool, GFP_NOIO);
		EXPECT_NOT_NULL(t, p[i]);
		if (p[i])
			EXPECT_EQ(t, page_zonenum(p[i]), ZONE_DMA);
	}
	EXPECT_EQ(t, pool->curr_nr, 0);
	EXPECT_NULL(t, mempool_alloc(pool, GFP_NOIO));
	for (int i = 0; i < 2; i++)
		mempool_free(p[i], pool);
	EXPECT_EQ(t, pool->curr_nr, 2);
	zone_drain_release(&drain);
	mempool_destroy(pool);
}

#define MEMPOOL_COMMON_CASES                                   \
	KTEST_CASE(test_create_fills_reserve),                 \
	KTEST_CASE(test_alloc_prefers_allocator),              \
	KTEST_CASE(test_reserve_when_allocator_fails),         \
	KTEST_CASE(test_create_fails_cleanly),                 \
	KTEST_CASE(test_dma_pool_with_zone_drained)

#ifndef MEMPOOL_TEST_HOST
static const struct ktest_case mempool_cases[] = {
	MEMPOOL_COMMON_CASES,
	{}
};
KTEST_SUITE(mempool, mempool_cases);
#endif
