/* This CPU's kmap_atomic stack on real page tables: nesting to the limit
 * and refusal beyond it (preempt count and contents exact), a release out
 * of order, and use from the timer interrupt on top of a held mapping.
 * Several CPUs at once: tests/kernel/kmap_smp_test.c. Cases skip without
 * HighMem. */
#include <kernel/arch.h>
#include <kernel/hardirq.h>
#include <kernel/ktest.h>
#include <mm/arch.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include "highmem_util.h"
#include "test_pages.h"

static void test_atomic_nesting_limit(struct ktest *t)
{
	struct kmap_stats before = kmap_stats_now();
	unsigned long base_preempt = preempt_count();
	u32 *a[KM_MAX_IDX];
	unsigned int i, bad = 0;
	struct page *blk;

	if (!have_highmem())
		KTEST_SKIP(t, "no HighMem");
	ASSERT_EQ(t, kmap_pool_now().atomic_depth, 0);
	blk = alloc_high(5, 0);
	ASSERT_NOT_NULL(t, blk);
	for (i = 0; i < KM_MAX_IDX; i++) {
		a[i] = kmap_atomic(blk + i);
		if (!a[i])
			break;
		a[i][0] = pattern(page_to_pfn(blk + i), 0);
	}
	EXPECT_EQ(t, i, KM_MAX_IDX);
	if (i == KM_MAX_IDX) {
		EXPECT_EQ(t, preempt_count(), base_preempt + KM_MAX_IDX);
		EXPECT_NULL(t, kmap_atomic(blk + KM_MAX_IDX));
		EXPECT_EQ(t, kmap_stats_now().atomic_overflow, before.atomic_overflow + 1);
		EXPECT_EQ(t, kmap_pool_now().atomic_depth, KM_MAX_IDX);
		EXPECT_EQ(t, preempt_count(), base_preempt + KM_MAX_IDX);
	}
	/* Nothing overwritten: each slot still shows its own frame. */
	while (i-- > 0) {
		if (a[i][0] != pattern(page_to_pfn(blk + i), 0))
			bad++;
		kunmap_atomic(a[i]);
	}
	EXPECT_EQ(t, bad, 0);
	EXPECT_EQ(t, kmap_pool_now().atomic_depth, 0);
	EXPECT_EQ(t, preempt_count(), base_preempt);
	EXPECT_EQ(t, kmap_stats_now().atomic_misorder, before.atomic_misorder);
	for (i = 0; i < KM_MAX_IDX; i++) {
		u32 *v = kmap(blk + i);

		if (!v || v[0] != pattern(page_to_pfn(blk + i), 0))
			bad++;
		kunmap(blk + i);
	}
	EXPECT_EQ(t, bad, 0);
	__free_pages(blk, 5);
}

static void test_atomic_out_of_order(struct ktest *t)
{
	struct kmap_stats before = kmap_stats_now();
	unsigned long base_preempt = preempt_count();
	struct page *blk;
	u32 *a, *b;

	if (!have_highmem())
		KTEST_SKIP(t, "no HighMem");
	blk = alloc_high(1, 0);
	ASSERT_NOT_NULL(t, blk);
	a = kmap_atomic(blk);
	b = kmap_atomic(blk + 1);
	ASSERT_NOT_NULL(t, a);
	ASSERT_NOT_NULL(t, b);
	kunmap_atomic(a);
	EXPECT_EQ(t, kmap_stats_now().atomic_misorder, before.atomic_misorder + 1);
	EXPECT_EQ(t, kmap_pool_now().atomic_depth, 2);
	b[0] = HT_MAIN_PATTERN;
	EXPECT_EQ(t, b[0], HT_MAIN_PATTERN);
	kunmap_atomic(b);
	EXPECT_EQ(t, kmap_pool_now().atomic_depth, 0);
	EXPECT_EQ(t, preempt_count(), base_preempt);
	__free_pages(blk, 1);
}

static struct page *irq_page;
static volatile bool irq_done, irq_was_hardirq;
static volatile unsigned long irq_addr, irq_depth;

static void atomic_tick(void)
{
	u32 *a;

	if (irq_done)
		return;
	irq_was_hardirq = in_irq();
	a = kmap_atomic(irq_page);
	irq_addr = (unsigned long)a;
	irq_depth = kmap_pool_now().atomic_depth;
	if (a) {
		a[0] = HT_IRQ_PATTERN;
		kunmap_atomic(a);
	}
	irq_done = true;
}

static void test_atomic_from_timer_irq(struct ktest *t)
{
	struct page *blk;
	u32 *m, *v;

	if (!have_highmem())
		KTEST_SKIP(t, "no HighMem");
	if (arch_irqs_disabled())
		KTEST_SKIP(t, "interrupts disabled");
	blk = alloc_high(1, 0);
	ASSERT_NOT_NULL(t, blk);
	irq_page = blk + 1;
	m = kmap_atomic(blk);
	ASSERT_NOT_NULL(t, m);
	m[0] = HT_MAIN_PATTERN;
	irq_addr = 0;
	EXPECT_TRUE(t, run_in_tick(atomic_tick, &irq_done));
	EXPECT_TRUE(t, irq_was_hardirq);
	EXPECT_NE(t, irq_addr, 0);
	EXPECT_NE(t, irq_addr, (unsigned long)m);
	EXPECT_EQ(t, irq_depth, 2);
	EXPECT_EQ(t, m[0], HT_MAIN_PATTERN);
	EXPECT_EQ(t, kmap_pool_now().atomic_depth, 1);
	kunmap_atomic(m);
	v = kmap(irq_page);
	ASSERT_NOT_NULL(t, v);
	EXPECT_EQ(t, v[0], HT_IRQ_PATTERN);
	kunmap(irq_page);
	__free_pages(blk, 1);
}

static const struct ktest_case kmap_atomic_cases[] = {
	KTEST_CASE(test_atomic_nesting_limit),
	KTEST_CASE(test_atomic_out_of_order),
	KTEST_CASE(test_atomic_from_timer_irq),
	{}
};
KTEST_SUITE(kmap_atomic, kmap_atomic_cases);
