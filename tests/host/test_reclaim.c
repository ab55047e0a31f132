/* Host tests of the context machinery (softirqs, tasklets, bottom halves,
 * might_sleep) and of reclaim over a simulated machine: which shrinkers a
 * GFP context runs and how a pass is shared, the retry rules, the
 * out-of-memory report, the NOFAIL panic (caught), kswapd run through
 * do_softirq(). */
#include <stdlib.h>
#include <string.h>

#include <kernel/errno.h>
#include <kernel/hardirq.h>
#include <kernel/ktest.h>
#include <kernel/might_sleep.h>
#include <kernel/softirq.h>
#include <mm/mm.h>
#include <mm/oom.h>
#include <mm/shrinker.h>
#include "host.h"
#include "../kernel/test_pages.h"

void buddy_test_save(void);
void buddy_test_restore(void);
int buddy_machine(unsigned long max_pfn, const unsigned long ends[3],
		  unsigned long movable_start);

#define RH_PFN(mb)   ((unsigned long)(mb) << (20 - PAGE_SHIFT))
/* A 16 MiB machine: ZONE_DMA only, so GFP_KERNEL's classzone is DMA. */
static const unsigned long rh_ends[3] = { RH_PFN(16), RH_PFN(16), RH_PFN(16) };
#define FILL_GFP     (__GFP_MEMALLOC | __GFP_NOWARN)

/* Caches of order-0 pages of the machine (tests/kernel/test_pages.h). */
static struct test_cache hc[3] = {
	TEST_CACHE("h-clean", 0), TEST_CACHE("h-io", __GFP_IO), TEST_CACHE("h-fs", __GFP_FS),
};
static LIST_HEAD(held);

static void fill(void)
{
	take_all_pages(FILL_GFP, &held);
}

/* n pages into cache c out of a full machine, then full again. */
static void hc_fill(struct test_cache *c, unsigned long n)
{
	while (c->nr_pages < n) {
		struct page *p = alloc_page(FILL_GFP);

		if (!p) {
			if (list_empty(&held))
				return;
			p = list_first_entry(&held, struct page, lru);
			list_del(&p->lru);
			__free_pages(p, (unsigned int)p->private);
			continue;
		}
		test_cache_add(c, p);
	}
	fill();
}

static struct zone *dma(void)
{
	return &contig_page_data.node_zones[ZONE_DMA];
}

static int reclaim_host_init(struct ktest *t)
{
	(void)t;
	buddy_test_save();
	host_console_echo(getenv("RECLAIM_ECHO") != NULL);
	host_console_clear();
	if (buddy_machine(RH_PFN(16), rh_ends, 0))
		return -1;
	INIT_LIST_HEAD(&held);
	for (int i = 0; i < 3; i++) {
		INIT_LIST_HEAD(&hc[i].blocks);
		hc[i].nr_pages = hc[i].asked = 0;
		if (register_shrinker(&hc[i].shrinker))
			return -1;
	}
	kswapd_disable();
	return 0;
}

static void reclaim_host_exit(struct ktest *t)
{
	struct shrink_control sc = { .gfp_mask = GFP_KERNEL, .nr_to_scan = ~0UL };

	(void)t;
	for (int i = 0; i < 3; i++) {
		unregister_shrinker(&hc[i].shrinker);
		test_cache_scan(&hc[i].shrinker, &sc);
	}
	while (!list_empty(&held)) {
		struct page *p = list_first_entry(&held, struct page, lru);

		list_del(&p->lru);
		__free_pages(p, (unsigned int)p->private);
	}
	kswapd_enable();
	do_softirq();
	oom_ratelimit_reset();
	buddy_test_restore();
}

/* ---- contexts ------------------------------------------------------- */

static int sirq_runs;
static bool sirq_serving, sirq_irq;

static void count_sirq(void)
{
	sirq_runs++;
	sirq_serving = in_serving_softirq();
	sirq_irq = in_irq();
}

static void test_softirq_on_irq_exit(struct ktest *t)
{
	unsigned long flags;

	sirq_runs = 0;
	open_softirq(TEST_SOFTIRQ, count_sirq);
	flags = arch_irq_save();
	irq_enter();
	EXPECT_TRUE(t, in_irq());
	EXPECT_TRUE(t, in_interrupt());
	raise_softirq(TEST_SOFTIRQ);
	irq_enter();            /* nested: only the outermost exit runs it */
	irq_exit();
	EXPECT_EQ(t, sirq_runs, 0);
	irq_exit();
	EXPECT_EQ(t, sirq_runs, 1);
	EXPECT_TRUE(t, sirq_serving);
	EXPECT_FALSE(t, sirq_irq);
	EXPECT_TRUE(t, arch_irqs_disabled());   /* the caller's state again */
	arch_irq_restore(flags);
	EXPECT_EQ(t, preempt_count(), 0);

	/* Raised from process context: waits for do_softirq(). */
	raise_softirq(TEST_SOFTIRQ);
	EXPECT_EQ(t, sirq_runs, 1);
	do_softirq();
	EXPECT_EQ(t, sirq_runs, 2);
	open_softirq(TEST_SOFTIRQ, NULL);
}

static int tl_calls;
static void tl_fn(unsigned long data)
{
	tl_calls += (int)data;
}

static void test_tasklet_and_bh(struct ktest *t)
{
	struct tasklet_struct a, b;

	tl_calls = 0;
	tasklet_init(&a, tl_fn, 1);
	tasklet_init(&b, tl_fn, 10);
	local_bh_disable();
	EXPECT_TRUE(t, in_softirq());
	EXPECT_TRUE(t, in_atomic());
	EXPECT_FALSE(t, in_serving_softirq());
	tasklet_schedule(&a);
	tasklet_schedule(&a);
	tasklet_schedule(&b);
	do_softirq();           /* bh disabled: nothing runs */
	EXPECT_EQ(t, tl_calls, 0);
	EXPECT_TRUE(t, tasklet_kill(&b));
	local_bh_enable();      /* runs a once; b was killed */
	EXPECT_EQ(t, tl_calls, 1);
	EXPECT_EQ(t, a.runs, 1);
	EXPECT_EQ(t, b.runs, 0);
	EXPECT_FALSE(t, tasklet_kill(&a));
	EXPECT_EQ(t, preempt_count(), 0);
}

static bool sleepy(void)
{
	return might_sleep();
}

static void test_might_sleep_report(struct ktest *t)
{
	unsigned long n = might_sleep_count(), flags;
	struct might_sleep_record r;
	const char *first;

	host_console_clear();
	EXPECT_FALSE(t, sleepy());
	preempt_disable();
	EXPECT_TRUE(t, sleepy());
	EXPECT_TRUE(t, sleepy());
	preempt_enable();
	EXPECT_EQ(t, might_sleep_count(), n + 2);
	EXPECT_TRUE(t, host_console_contains(
		"BUG: sleeping function called from invalid context at tests/host/test_reclaim.c:"));
	EXPECT_TRUE(t, host_console_contains("in_atomic(): 1, irqs_disabled(): 0\n"));
	/* Once per call site. */
	first = strstr(host_console_text(), "BUG: sleeping");
	ASSERT_NOT_NULL(t, first);
	EXPECT_NULL(t, strstr(first + 1, "BUG: sleeping"));
	r = might_sleep_last();
	EXPECT_EQ(t, r.preempt_count, PREEMPT_OFFSET);
	EXPECT_TRUE(t, r.in_atomic);
	EXPECT_FALSE(t, r.irqs_disabled);

	flags = arch_irq_save();
	EXPECT_TRUE(t, sleepy());
	arch_irq_restore(flags);
	r = might_sleep_last();
	EXPECT_FALSE(t, r.in_atomic);
	EXPECT_TRUE(t, r.irqs_disabled);
}

/* GFP_KERNEL from a (simulated) interrupt: reported, served atomically,
 * and no reclaim runs even when memory is short. */
static void test_kernel_mask_in_irq(struct ktest *t)
{
	struct reclaim_stats s0 = reclaim_stats();
	unsigned long n = might_sleep_count(), flags;
	struct page *p;

	hc_fill(&hc[0], 8 * SWAP_CLUSTER_MAX);
	flags = arch_irq_save();
	irq_enter();
	p = alloc_page(GFP_KERNEL | __GFP_NOWARN);
	irq_exit();
	arch_irq_restore(flags);
	EXPECT_NULL(t, p);
	EXPECT_EQ(t, might_sleep_count(), n + 1);
	EXPECT_EQ(t, reclaim_stats().direct_calls, s0.direct_calls);
	EXPECT_EQ(t, hc[0].nr_pages, 8 * SWAP_CLUSTER_MAX);
	EXPECT_TRUE(t, free_lists_check());
}

/* ---- shrinkers ------------------------------------------------------ */

static void test_shrinkers_by_mask(struct ktest *t)
{
	static const gfp_t masks[] = { GFP_NOIO, GFP_NOFS, GFP_KERNEL, GFP_ATOMIC };
	static const bool runs[4][3] = {
		{ true, false, false }, { true, true, false },
		{ true, true, true }, { true, false, false },
	};

	for (unsigned int m = 0; m < ARRAY_SIZE(masks); m++) {
		for (int i = 0; i < 3; i++) {
			hc_fill(&hc[i], SWAP_CLUSTER_MAX);
			hc[i].asked = 0;
		}
		shrink_slab(masks[m], SWAP_CLUSTER_MAX);
		for (int i = 0; i < 3; i++)
			EXPECT_EQ(t, hc[i].asked != 0, runs[m][i]);
	}
	/* try_to_free_pages() is for masks that may reclaim directly only. */
	EXPECT_EQ(t, try_to_free_pages(GFP_ATOMIC, 0), 0);
}

/* A pass is shared in proportion to the counts, at least one page each. */
static void test_pass_shared_by_count(struct ktest *t)
{
	hc_fill(&hc[0], 300);
	hc_fill(&hc[1], 100);
	hc_fill(&hc[2], 1);
	EXPECT_EQ(t, shrink_slab(GFP_KERNEL, 40), 30 + 10 + 1);
	EXPECT_EQ(t, hc[0].asked, 30);
	EXPECT_EQ(t, hc[1].asked, 10);
	EXPECT_EQ(t, hc[2].asked, 1);
	EXPECT_EQ(t, hc[0].shrinker.nr_scans, 1);
	EXPECT_EQ(t, hc[0].shrinker.nr_freed, 30);
}

static void test_register_rules(struct ktest *t)
{
	struct shrinker s = { .name = "x", .count_objects = test_cache_count };

	EXPECT_EQ(t, register_shrinker(&s), -EINVAL);
	s.scan_objects = test_cache_scan;
	s.gfp_needs = __GFP_DIRECT_RECLAIM;
	EXPECT_EQ(t, register_shrinker(&s), -EINVAL);
	s.gfp_needs = __GFP_IO;
	EXPECT_EQ(t, register_shrinker(&s), 0);
	EXPECT_EQ(t, register_shrinker(&s), -EBUSY);
	unregister_shrinker(&s);
	unregister_shrinker(&s);
	EXPECT_FALSE(t, s.registered);
}

/* ---- retries, OOM, NOFAIL -------------------------------------------- */

static void test_retry_rules(struct ktest *t)
{
	unsigned long min = min_wmark_pages(dma());
	struct reclaim_stats s0;
	struct page *p;

	ASSERT_GT(t, min, 2 * SWAP_CLUSTER_MAX);
	fill();
	hc_fill(&hc[0], min + 8 * SWAP_CLUSTER_MAX);

	s0 = reclaim_stats();
	EXPECT_NULL(t, alloc_page(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN));
	EXPECT_EQ(t, reclaim_stats().direct_calls, s0.direct_calls + 1);
	fill();

	s0 = reclaim_stats();
	EXPECT_NULL(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, PAGE_ALLOC_COSTLY_ORDER + 1));
	EXPECT_EQ(t, reclaim_stats().direct_calls, s0.direct_calls + 1);
	fill();

	s0 = reclaim_stats();
	p = alloc_page(GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
	EXPECT_NOT_NULL(t, p);
	EXPECT_EQ(t, reclaim_stats().direct_calls - s0.direct_calls,
		  DIV_ROUND_UP(min + 1, SWAP_CLUSTER_MAX));
	__free_page(p);
	fill();

	s0 = reclaim_stats();
	p = alloc_page(GFP_NOIO | __GFP_NOFAIL | __GFP_NORETRY);
	EXPECT_NOT_NULL(t, p);
	EXPECT_GT(t, reclaim_stats().direct_calls - s0.direct_calls, 1);
	__free_page(p);
	EXPECT_TRUE(t, free_lists_check());
}

static void test_oom_report(struct ktest *t)
{
	unsigned long events = oom_count(), reports = oom_report_count();
	struct reclaim_stats s0 = reclaim_stats();

	fill();
	oom_ratelimit_reset();
	host_console_clear();
	EXPECT_NULL(t, alloc_page(GFP_KERNEL));
	EXPECT_EQ(t, oom_count(), events + 1);
	EXPECT_EQ(t, oom_report_count(), reports + 1);
	/* Retried while no pass made progress, then gave up. */
	EXPECT_EQ(t, reclaim_stats().direct_calls - s0.direct_calls, 17);
	EXPECT_TRUE(t, host_console_contains(
		"mm386 invoked oom-killer: gfp_mask=0x6000c0(GFP_KERNEL), order=0, oom_score_adj=0\n"));
	EXPECT_TRUE(t, host_console_contains("Mem-Info:\n"));
	EXPECT_TRUE(t, host_console_contains("Out of memory: no process to kill"));
	/* The OOM report stands for the failure report. */
	EXPECT_FALSE(t, host_console_contains("page allocation failure"));

	host_console_clear();
	EXPECT_NULL(t, alloc_page(GFP_NOFS));
	EXPECT_EQ(t, oom_count(), events + 1);
	EXPECT_TRUE(t, host_console_contains("page allocation failure: order:0, mode:0x600040(GFP_NOFS)"));

	/* The burst, then counting only. */
	for (int i = 0; i < OOM_REPORT_BURST + 2; i++)
		alloc_page(GFP_KERNEL);
	EXPECT_EQ(t, oom_report_count(), reports + OOM_REPORT_BURST);
	EXPECT_EQ(t, oom_count(), events + 1 + OOM_REPORT_BURST + 2);
	host_console_clear();
	oom_ratelimit_reset();
	EXPECT_TRUE(t, host_console_contains("oom: 3 reports suppressed\n"));
}

static void test_nofail_panics_when_nothing_reclaimable(struct ktest *t)
{
	struct page *volatile p = NULL;
	int code;

	fill();
	host_console_clear();
	HOST_CATCH_EXIT(code, p = alloc_page(GFP_KERNEL | __GFP_NOFAIL | __GFP_NOWARN));
	EXPECT_EQ(t, code, ARCH_EXIT_FAILURE);
	EXPECT_NULL(t, p);
	EXPECT_TRUE(t, host_console_contains("invoked oom-killer: gfp_mask=0x600ac0"));
	EXPECT_TRUE(t, host_console_contains("Node 0 DMA free:0kB"));
	EXPECT_TRUE(t, host_console_contains(
		"Kernel panic - not syncing: Out of memory and no killable processes..."));
	EXPECT_EQ(t, preempt_count(), 0);
}

/* ---- kswapd --------------------------------------------------------- */

static void test_kswapd_balances(struct ktest *t)
{
	struct reclaim_stats s0;
	unsigned long high = high_wmark_pages(dma());

	fill();
	hc_fill(&hc[2], 2 * high + 4 * SWAP_CLUSTER_MAX);
	s0 = reclaim_stats();
	EXPECT_NULL(t, alloc_page(GFP_ATOMIC | __GFP_NOWARN));
	EXPECT_EQ(t, reclaim_stats().kswapd_wakeups, s0.kswapd_wakeups + 1);
	do_softirq();           /* held back */
	EXPECT_EQ(t, reclaim_stats().kswapd_runs, s0.kswapd_runs);
	kswapd_enable();
	do_softirq();
	kswapd_disable();
	EXPECT_TRUE(t, zones_balanced(ZONE_DMA));
	EXPECT_GT(t, dma()->free_pages, high);
	EXPECT_LE(t, dma()->free_pages, high + SWAP_CLUSTER_MAX + 3);
	EXPECT_GT(t, hc[2].nr_pages, 0);
	EXPECT_GT(t, reclaim_stats().kswapd_runs, s0.kswapd_runs);
	EXPECT_EQ(t, reclaim_stats().direct_calls, s0.direct_calls);
	/* Balanced: a new wakeup does nothing. */
	wakeup_kswapd(ZONE_DMA, 0);
	EXPECT_EQ(t, softirq_pending() & (1UL << KSWAPD_SOFTIRQ), 0);
}

static const struct ktest_case reclaim_host_cases[] = {
	KTEST_CASE(test_softirq_on_irq_exit),
	KTEST_CASE(test_tasklet_and_bh),
	KTEST_CASE(test_might_sleep_report),
	KTEST_CASE(test_kernel_mask_in_irq),
	KTEST_CASE(test_shrinkers_by_mask),
	KTEST_CASE(test_pass_shared_by_count),
	KTEST_CASE(test_register_rules),
	KTEST_CASE(test_retry_rules),
	KTEST_CASE(test_oom_report),
	KTEST_CASE(test_nofail_panics_when_nothing_reclaimable),
	KTEST_CASE(test_kswapd_balances),
	{}
};
KTEST_SUITE_FULL(reclaim_host, reclaim_host_init, reclaim_host_exit, reclaim_host_cases);
