/* In-kernel tests of reclaim: shrinkers chosen by the GFP context, the
 * retry rules (NORETRY, RETRY_MAYFAIL, costly orders, NOFAIL), the
 * out-of-memory report, kswapd restoring the high mark, the slab shrinker.
 *
 * A test cache of reclaimable pages gives reclaim real work: three
 * shrinkers holding pages taken from the buddy allocator, "clean" (needs
 * nothing), "needs I/O" (__GFP_IO) and "needs FS" (__GFP_FS). Each case
 * first fills the lowmem zones completely (__GFP_MEMALLOC, orders 10 down
 * to 0, no reclaim), so that what an allocation gets afterwards is exactly
 * what reclaim frees. The caches hold pages of one target zone: Normal, or
 * DMA (requests then carry GFP_DMA) when Normal is too small for the case.
 * kswapd is held back except in its own case, so the passes counted are
 * direct reclaim's. */
#include <kernel/arch.h>
#include <kernel/errno.h>
#include <kernel/hardirq.h>
#include <kernel/ktest.h>
#include <kernel/timer.h>
#include <mm/mm.h>
#include <mm/oom.h>
#include <mm/shrinker.h>
#include <mm/slab.h>
#include "test_pages.h"

/* Everything the lowmem zones have, without reclaim or kswapd. */
#define FILL_GFP        (__GFP_MEMALLOC | __GFP_NOWARN)
/* Pages each cache holds for the shrinker-choice case. */
#define RC_SMALL        64UL
/* Ticks to wait for kswapd: 2 s at HZ 100. */
#define RC_TICK_WAIT    (2 * HZ)
#define RC_SLAB_OBJ     1024
#define RC_SLAB_OBJS    64
/* Room a target zone must have beyond what a case puts in its caches. */
#define RC_ROOM_DIV     4
#define RC_ROOM_PAGES   64

/* ------------------------------------------------------------------------
 * The test cache.
 */

static struct test_cache rc_clean = TEST_CACHE("rc-clean", 0);
static struct test_cache rc_io = TEST_CACHE("rc-io", __GFP_IO);
static struct test_cache rc_fs = TEST_CACHE("rc-fs", __GFP_FS);
static struct test_cache *const rc_all[] = { &rc_clean, &rc_io, &rc_fs };

static void rc_reset_counts(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(rc_all); i++) {
		rc_all[i]->scans_softirq = rc_all[i]->scans_task = 0;
		rc_all[i]->shrinker.nr_scans = rc_all[i]->shrinker.nr_freed = 0;
	}
}

/* ------------------------------------------------------------------------
 * Filling memory.
 */

static unsigned long fill(struct list_head *held)
{
	return take_all_pages(FILL_GFP, held);
}

/* Give one held block of zone idx back; false when there is none. */
static bool release_one(struct list_head *held, int idx)
{
	struct page *p;

	list_for_each_entry(p, held, lru) {
		if (page_zonenum(p) == idx) {
			list_del(&p->lru);
			__free_pages(p, (unsigned int)p->private);
			return true;
		}
	}
	return false;
}

/* The zone a case works in, and the zone modifier that selects it. */
struct rc_target {
	int idx;
	gfp_t zmod;
};

/* Move n pages of the target zone from the filled memory into c, as
 * order-0 pages in address order, then take back what is left over, so
 * the zones stay empty. Returns the pages c holds. */
static unsigned long rc_fill(struct test_cache *c, unsigned long n, struct list_head *held,
			     const struct rc_target *tg)
{
	const int idx = tg->idx;
	LIST_HEAD(other);

	while (c->nr_pages < n) {
		struct page *p = alloc_page(FILL_GFP | tg->zmod);

		if (!p) {
			if (!release_one(held, idx))
				break;
			continue;
		}
		if (page_zonenum(p) != idx)
			list_add(&p->lru, &other);
		else
			test_cache_add(c, p);
	}
	give_back_pages(&other);
	fill(held);
	return c->nr_pages;
}

static struct zone *zone_of(int idx)
{
	return &contig_page_data.node_zones[idx];
}

/* Pages a case puts in its caches, given the target zone. */
typedef unsigned long (*rc_need_fn)(const struct zone *z);

static unsigned long need_small(const struct zone *z)
{
	(void)z;
	return 3 * RC_SMALL;
}

static unsigned long need_over_min(const struct zone *z)
{
	return min_wmark_pages(z) + 4 * SWAP_CLUSTER_MAX;
}

static unsigned long need_costly(const struct zone *z)
{
	return need_over_min(z) + (1UL << (PAGE_ALLOC_COSTLY_ORDER + 1));
}

static unsigned long need_over_high(const struct zone *z)
{
	return 2 * high_wmark_pages(z) + 4 * SWAP_CLUSTER_MAX;
}

/* The zone to work in: ZONE_NORMAL (GFP_KERNEL's own) when it holds the
 * pages the case needs with room to spare and its min mark is above
 * min_above, else ZONE_DMA (selected with GFP_DMA) on the same terms.
 * False when neither qualifies (small or odd machines: the case skips). */
static bool pick_target(struct rc_target *tg, rc_need_fn need, unsigned long min_above)
{
	static const int order[] = { ZONE_NORMAL, ZONE_DMA };

	for (unsigned int i = 0; i < ARRAY_SIZE(order); i++) {
		const struct zone *z = zone_of(order[i]);
		unsigned long n;

		if (!populated_zone(z) || min_wmark_pages(z) <= min_above)
			continue;
		n = need(z);
		if (z->managed_pages < n + n / RC_ROOM_DIV + RC_ROOM_PAGES)
			continue;
		tg->idx = order[i];
		tg->zmod = order[i] == ZONE_DMA ? GFP_DMA : 0;
		return true;
	}
	return false;
}

/* ------------------------------------------------------------------------
 * Suite set-up: caches registered and empty, kswapd held back, no empty
 * slabs (so the slab shrinker has nothing unless a case gives it some).
 */

static int reclaim_init(struct ktest *t)
{
	(void)t;
	for (unsigned int i = 0; i < ARRAY_SIZE(rc_all); i++) {
		INIT_LIST_HEAD(&rc_all[i]->blocks);
		rc_all[i]->nr_pages = 0;
		if (register_shrinker(&rc_all[i]->shrinker))
			return -1;
	}
	rc_reset_counts();
	kswapd_disable();
	kmem_cache_shrink_all();
	return 0;
}

static void reclaim_exit(struct ktest *t)
{
	(void)t;
	for (unsigned int i = 0; i < ARRAY_SIZE(rc_all); i++) {
		unregister_shrinker(&rc_all[i]->shrinker);
		test_cache_empty(rc_all[i]);
	}
	kswapd_enable();
}

/* ------------------------------------------------------------------------
 * Cases.
 */

static void test_register_rules(struct ktest *t)
{
	struct shrinker bad = { .name = "bad", .count_objects = test_cache_count };
	struct shrinker odd = { .name = "odd", .count_objects = test_cache_count,
				.scan_objects = test_cache_scan, .gfp_needs = __GFP_HIGHMEM };

	EXPECT_EQ(t, register_shrinker(&bad), -EINVAL);
	EXPECT_EQ(t, register_shrinker(&odd), -EINVAL);
	EXPECT_EQ(t, register_shrinker(&rc_clean.shrinker), -EBUSY);
	EXPECT_TRUE(t, shrinker_allowed(&rc_clean.shrinker, GFP_NOIO));
	EXPECT_FALSE(t, shrinker_allowed(&rc_io.shrinker, GFP_NOIO));
	EXPECT_TRUE(t, shrinker_allowed(&rc_io.shrinker, GFP_NOFS));
	EXPECT_FALSE(t, shrinker_allowed(&rc_fs.shrinker, GFP_NOFS));
	EXPECT_TRUE(t, shrinker_allowed(&rc_fs.shrinker, GFP_KERNEL));
	EXPECT_FALSE(t, shrinker_allowed(&rc_fs.shrinker, GFP_ATOMIC));
	unregister_shrinker(&bad);      /* never registered: nothing happens */
}

/* One direct-reclaim pass per mask: which caches were scanned. */
static void test_shrinkers_by_context(struct ktest *t)
{
	static const gfp_t masks[] = { GFP_NOIO, GFP_NOFS, GFP_KERNEL };
	struct rc_target tg;

	if (!pick_target(&tg, need_small, 0))
		KTEST_SKIP(t, "no lowmem zone large enough");
	for (unsigned int m = 0; m < ARRAY_SIZE(masks); m++) {
		gfp_t gfp = masks[m] | tg.zmod;
		LIST_HEAD(held);
		struct page *p;

		fill(&held);
		for (unsigned int i = 0; i < ARRAY_SIZE(rc_all); i++)
			EXPECT_EQ(t, rc_fill(rc_all[i], RC_SMALL, &held, &tg), RC_SMALL);
		rc_reset_counts();
		p = alloc_page(gfp | __GFP_NORETRY | __GFP_NOWARN);
		EXPECT_EQ(t, rc_clean.scans_task, 1);
		EXPECT_EQ(t, rc_io.scans_task, (gfp & __GFP_IO) ? 1 : 0);
		EXPECT_EQ(t, rc_fs.scans_task, (gfp & __GFP_FS) ? 1 : 0);
		EXPECT_EQ(t, rc_io.nr_pages < RC_SMALL, (gfp & __GFP_IO) != 0);
		EXPECT_EQ(t, rc_fs.nr_pages < RC_SMALL, (gfp & __GFP_FS) != 0);
		if (p)
			__free_page(p);
		for (unsigned int i = 0; i < ARRAY_SIZE(rc_all); i++)
			test_cache_empty(rc_all[i]);
		give_back_pages(&held);
	}
}

/* Memory full, the clean cache holding more than the min mark: NORETRY
 * fails after one pass (SWAP_CLUSTER_MAX pages cannot lift the zone over
 * min), RETRY_MAYFAIL succeeds after several. */
static void test_noretry_fails_fast(struct ktest *t)
{
	struct reclaim_stats s0, s1;
	struct rc_target tg;
	unsigned long need;
	LIST_HEAD(held);
	struct page *p;

	if (!pick_target(&tg, need_over_min, 2 * SWAP_CLUSTER_MAX))
		KTEST_SKIP(t, "no lowmem zone whose min mark tells one pass from several");
	need = need_over_min(zone_of(tg.idx));
	fill(&held);
	ASSERT_EQ(t, rc_fill(&rc_clean, need, &held, &tg), need);

	s0 = reclaim_stats();
	p = alloc_page(GFP_KERNEL | tg.zmod | __GFP_NORETRY | __GFP_NOWARN);
	s1 = reclaim_stats();
	EXPECT_NULL(t, p);
	EXPECT_EQ(t, s1.direct_calls - s0.direct_calls, 1);
	EXPECT_GE(t, s1.direct_reclaimed - s0.direct_reclaimed, SWAP_CLUSTER_MAX);
	if (p)
		__free_page(p);

	fill(&held);    /* take back what the failed request freed */
	s0 = reclaim_stats();
	p = alloc_page(GFP_KERNEL | tg.zmod | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
	s1 = reclaim_stats();
	EXPECT_NOT_NULL(t, p);
	EXPECT_GT(t, s1.direct_calls - s0.direct_calls, 1);
	EXPECT_GT(t, rc_clean.nr_pages, 0);
	if (p) {
		EXPECT_EQ(t, page_zonenum(p), tg.idx);
		__free_page(p);
	}
	test_cache_empty(&rc_clean);
	give_back_pages(&held);
}

/* Above PAGE_ALLOC_COSTLY_ORDER only __GFP_RETRY_MAYFAIL retries. */
static void test_costly_order_needs_retry_mayfail(struct ktest *t)
{
	const unsigned int order = PAGE_ALLOC_COSTLY_ORDER + 1;
	struct reclaim_stats s0, s1;
	struct rc_target tg;
	unsigned long need;
	LIST_HEAD(held);
	struct page *p;

	if (!pick_target(&tg, need_costly, 2 * SWAP_CLUSTER_MAX))
		KTEST_SKIP(t, "no lowmem zone whose min mark tells one pass from several");
	need = need_costly(zone_of(tg.idx));
	fill(&held);
	ASSERT_EQ(t, rc_fill(&rc_clean, need, &held, &tg), need);

	s0 = reclaim_stats();
	p = alloc_pages(GFP_KERNEL | tg.zmod | __GFP_NOWARN, order);
	s1 = reclaim_stats();
	EXPECT_NULL(t, p);
	EXPECT_EQ(t, s1.direct_calls - s0.direct_calls, 1);
	if (p)
		__free_pages(p, order);

	fill(&held);
	s0 = reclaim_stats();
	p = alloc_pages(GFP_KERNEL | tg.zmod | __GFP_RETRY_MAYFAIL | __GFP_NOWARN, order);
	s1 = reclaim_stats();
	EXPECT_NOT_NULL(t, p);
	EXPECT_GT(t, s1.direct_calls - s0.direct_calls, 1);
	if (p)
		__free_pages(p, order);
	test_cache_empty(&rc_clean);
	give_back_pages(&held);
}

/* NOFAIL beats NORETRY and gets its page through several passes. */
static void test_nofail_through_reclaim(struct ktest *t)
{
	struct reclaim_stats s0, s1;
	struct rc_target tg;
	unsigned long need;
	LIST_HEAD(held);
	struct page *p;

	if (!pick_target(&tg, need_over_min, 2 * SWAP_CLUSTER_MAX))
		KTEST_SKIP(t, "no lowmem zone whose min mark tells one pass from several");
	need = need_over_min(zone_of(tg.idx));
	fill(&held);
	ASSERT_EQ(t, rc_fill(&rc_fs, need, &held, &tg), need);
	s0 = reclaim_stats();
	p = alloc_pages(GFP_KERNEL | tg.zmod | __GFP_NOFAIL | __GFP_NORETRY, 1);
	s1 = reclaim_stats();
	EXPECT_NOT_NULL(t, p);
	EXPECT_GT(t, s1.direct_calls - s0.direct_calls, 1);
	if (p)
		__free_pages(p, 1);
	test_cache_empty(&rc_fs);
	give_back_pages(&held);
}

/* Nothing reclaimable: GFP_KERNEL ends in the out-of-memory report (only
 * counted with __GFP_NOWARN); masks Linux keeps from the OOM killer do
 * not get it. */
static void test_oom_when_nothing_reclaimable(struct ktest *t)
{
	unsigned long events, reports;
	LIST_HEAD(held);

	fill(&held);
	ASSERT_EQ(t, slab_reclaimable_pages(), 0);
	oom_ratelimit_reset();
	events = oom_count();
	reports = oom_report_count();

	EXPECT_NULL(t, alloc_page(GFP_KERNEL));
	EXPECT_EQ(t, oom_count(), events + 1);
	EXPECT_EQ(t, oom_report_count(), reports + 1);
	EXPECT_NULL(t, alloc_page(GFP_KERNEL | __GFP_NOWARN));
	EXPECT_EQ(t, oom_count(), events + 2);
	EXPECT_EQ(t, oom_report_count(), reports + 1);
	EXPECT_NULL(t, alloc_page(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN));
	EXPECT_NULL(t, alloc_page(GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN));
	EXPECT_NULL(t, alloc_page(GFP_NOFS | __GFP_NOWARN));
	EXPECT_NULL(t, alloc_page(GFP_DMA | GFP_KERNEL | __GFP_NOWARN));
	EXPECT_NULL(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, PAGE_ALLOC_COSTLY_ORDER + 1));
	EXPECT_EQ(t, oom_count(), events + 2);
	give_back_pages(&held);
}

/* kswapd, woken by an allocation that finds every zone below low, frees
 * from the caches in softirq context until the zone is above high, and
 * stops there. A mask without __GFP_KSWAPD_RECLAIM does not wake it. */
static void test_kswapd_restores_high_mark(struct ktest *t)
{
	struct reclaim_stats s0, s1;
	unsigned long need, high;
	struct rc_target tg;
	struct zone *z;
	struct page *p;
	LIST_HEAD(held);
	int idx;

	if (!pick_target(&tg, need_over_high, 0))
		KTEST_SKIP(t, "no lowmem zone large enough");
	if (irqs_disabled())
		KTEST_SKIP(t, "interrupts disabled");
	idx = tg.idx;
	z = zone_of(idx);
	high = high_wmark_pages(z);
	need = need_over_high(z);
	fill(&held);
	ASSERT_EQ(t, rc_fill(&rc_clean, need, &held, &tg), need);
	ASSERT_FALSE(t, zones_balanced(idx));

	s0 = reclaim_stats();
	p = alloc_page((GFP_KERNEL & ~__GFP_KSWAPD_RECLAIM) | tg.zmod |
		       __GFP_NORETRY | __GFP_NOWARN);
	EXPECT_EQ(t, reclaim_stats().kswapd_wakeups, s0.kswapd_wakeups);
	if (p)
		__free_page(p);
	fill(&held);
	rc_reset_counts();

	/* Woken while held back, so it cannot run before the wakeup. */
	s0 = reclaim_stats();
	EXPECT_NULL(t, alloc_page(GFP_NOWAIT | tg.zmod | __GFP_NOWARN));
	kswapd_enable();
	/* Counted in jiffies: other interrupts (serial input) end hlt too. */
	for (unsigned long start = jiffies;
	     jiffies - start < RC_TICK_WAIT && !zones_balanced(idx);)
		arch_idle();
	s1 = reclaim_stats();
	kswapd_disable();

	EXPECT_EQ(t, s1.kswapd_wakeups - s0.kswapd_wakeups, 1);
	EXPECT_GE(t, s1.kswapd_runs - s0.kswapd_runs, 1);
	EXPECT_GT(t, s1.kswapd_reclaimed - s0.kswapd_reclaimed, high);
	EXPECT_EQ(t, s1.direct_calls, s0.direct_calls);
	EXPECT_TRUE(t, zones_balanced(idx));
	EXPECT_GT(t, zone_nr_free(z), high);
	EXPECT_LE(t, zone_nr_free(z), high + 2 * SWAP_CLUSTER_MAX);
	EXPECT_GT(t, rc_clean.nr_pages, 0);
	EXPECT_GT(t, rc_clean.scans_softirq, 0);
	EXPECT_EQ(t, rc_clean.scans_task, 0);
	ktest_info(t, "kswapd freed %lu pages in %lu runs (%s high %lu)",
		   s1.kswapd_reclaimed - s0.kswapd_reclaimed, s1.kswapd_runs - s0.kswapd_runs,
		   z->name, high);
	test_cache_empty(&rc_clean);
	give_back_pages(&held);
}

/* The slab shrinker is always there and needs nothing: even GFP_NOIO
 * reclaim frees empty slabs. */
static void test_slab_shrinker(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("reclaimtest", RC_SLAB_OBJ, 0, 0, NULL);
	void *obj[RC_SLAB_OBJS];
	unsigned long freed;
	unsigned int i, n = 0;

	ASSERT_NOT_NULL(t, s);
	for (i = 0; i < RC_SLAB_OBJS; i++) {
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
		if (obj[i])
			n++;
	}
	EXPECT_EQ(t, n, RC_SLAB_OBJS);
	for (i = 0; i < RC_SLAB_OBJS; i++)
		kmem_cache_free(s, obj[i]);
	EXPECT_GT(t, slab_reclaimable_pages(), 0);
	freed = shrink_slab(GFP_NOIO, SWAP_CLUSTER_MAX);
	EXPECT_GE(t, freed, 1UL << s->order);
	EXPECT_EQ(t, slab_reclaimable_pages(), 0);
	EXPECT_EQ(t, s->nr_slabs, 0);
	kmem_cache_destroy(s);
}

static const struct ktest_case reclaim_cases[] = {
	KTEST_CASE(test_register_rules),
	KTEST_CASE(test_shrinkers_by_context),
	KTEST_CASE(test_noretry_fails_fast),
	KTEST_CASE(test_costly_order_needs_retry_mayfail),
	KTEST_CASE(test_nofail_through_reclaim),
	KTEST_CASE(test_oom_when_nothing_reclaimable),
	KTEST_CASE(test_kswapd_restores_high_mark),
	KTEST_CASE(test_slab_shrinker),
	{}
};
KTEST_SUITE_DEFINE(reclaim, .cases = reclaim_cases, .init = reclaim_init, .exit = reclaim_exit,
		   .alone = "drives zones to their watermarks and counts what reclaim frees");
