/* Host run of the memory pool cases (tests/kernel/mempool_test.c) under
 * ASan/UBSan, each case on a fresh 64 MiB simulated machine (16 MiB of
 * ZONE_DMA; the buddy tests' machine, tests/host/test_buddy.c), plus
 * host-only cases on the report texts captured from the console. */
#include <kernel/ktest.h>
#include <mm/mempool.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "host.h"

#define MEMPOOL_TEST_HOST
#include "../kernel/zone_drain.c"
#include "../kernel/mempool_test.c"

/* From tests/host/test_buddy.c. */
void buddy_test_save(void);
void buddy_test_restore(void);
int buddy_machine(unsigned long max_pfn, const unsigned long ends[3],
		  unsigned long movable_start);

#define HOST_MB_PFN(mb) ((unsigned long)(mb) << (20 - PAGE_SHIFT))

static const unsigned long mempool_host_ends[3] = {
	HOST_MB_PFN(16), HOST_MB_PFN(48), HOST_MB_PFN(64)
};

static int mempool_host_init(struct ktest *t)
{
	(void)t;
	buddy_test_save();
	host_console_clear();
	if (buddy_machine(HOST_MB_PFN(64), mempool_host_ends, 0))
		return -1;
	kmem_cache_init();
	return 0;
}

static void mempool_host_exit(struct ktest *t)
{
	(void)t;
	kmem_cache_shrink_all();
	buddy_test_restore();
}

/* Destroying a pool with elements out names the leak; the pool's own
 * reserve is still returned. */
static void test_destroy_reports_leak(struct ktest *t)
{
	unsigned long before = mpt_free_pages();
	struct mpt_alloc a = { .succeed_left = 2 };
	mempool_t *pool = mempool_create(2, mpt_alloc_fn, mpt_free_fn, &a);
	struct page *page;

	ASSERT_NOT_NULL(t, pool);
	/* The allocator is spent: this one comes from the reserve. */
	page = mempool_alloc(pool, GFP_KERNEL);
	ASSERT_NOT_NULL(t, page);
	EXPECT_EQ(t, pool->curr_nr, 1);
	host_console_clear();
	mempool_destroy(pool);
	EXPECT_TRUE(t, host_console_contains(
		"mempool_destroy: 1 of 2 reserve elements still in use (leaked)"));
	EXPECT_EQ(t, before - mpt_free_pages(), 1);
	__free_page(page);
	EXPECT_EQ(t, mpt_free_pages(), before);
}

static void test_create_bad_args(struct ktest *t)
{
	host_console_clear();
	EXPECT_NULL(t, mempool_create(0, mempool_alloc_pages, mempool_free_pages, NULL));
	EXPECT_TRUE(t, host_console_contains(
		"mempool_create: min_nr 0 and both functions are required"));
	EXPECT_NULL(t, mempool_create(1, NULL, mempool_free_pages, NULL));
}

static const struct ktest_case mempool_host_cases[] = {
	MEMPOOL_COMMON_CASES,
	KTEST_CASE(test_destroy_reports_leak),
	KTEST_CASE(test_create_bad_args),
	{}
};
KTEST_SUITE_FULL(mempool_host, mempool_host_init, mempool_host_exit, mempool_host_cases);
