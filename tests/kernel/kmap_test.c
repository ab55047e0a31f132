/* The kmap() pool on real page tables: slot counting (a page kmapped
 * twice shares one slot, lowmem takes none), the flush when the scan
 * wraps, and kmap() from the timer interrupt (reported in might_sleep()'s
 * words, then served). Its use by several CPUs at once is
 * tests/kernel/kmap_smp_test.c. Cases skip without HighMem. */
#include <kernel/arch.h>
#include <kernel/hardirq.h>
#include <kernel/ktest.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <asm/vmlayout.h>
#include "highmem_util.h"
#include "test_pages.h"

static void test_kmap_slot_counting(struct ktest *t)
{
	struct page *p, *low;
	unsigned int base = kmap_slots_in_use();
	void *a, *b;

	if (!have_highmem())
		KTEST_SKIP(t, "no HighMem");
	p = alloc_high(0, 0);
	ASSERT_NOT_NULL(t, p);
	a = kmap(p);
	ASSERT_NOT_NULL(t, a);
	EXPECT_GE(t, (unsigned long)a, PKMAP_BASE);
	EXPECT_LT(t, (unsigned long)a, PKMAP_ADDR(LAST_PKMAP));
	EXPECT_EQ(t, pkmap_slot_count(a), 2);
	b = kmap(p);
	EXPECT_TRUE(t, a == b);
	EXPECT_EQ(t, pkmap_slot_count(a), 3);
	EXPECT_EQ(t, kmap_slots_in_use(), base + 1);
	EXPECT_TRUE(t, page_address(p) == a);
	kunmap(p);
	EXPECT_EQ(t, pkmap_slot_count(a), 2);
	kunmap(p);
	EXPECT_EQ(t, pkmap_slot_count(a), 1);
	EXPECT_TRUE(t, page_address(p) == a);
	EXPECT_EQ(t, kmap_slots_in_use(), base);
	__free_page(p);

	low = alloc_page(GFP_KERNEL);
	ASSERT_NOT_NULL(t, low);
	EXPECT_TRUE(t, kmap(low) == page_address(low));
	EXPECT_EQ(t, kmap_slots_in_use(), base);
	kunmap(low);
	__free_page(low);
}

/* Map and release distinct pages until the scan wraps: one flush clears
 * every unused slot, so page_address() of the first page goes NULL. At
 * most LAST_PKMAP of the 2048 pages can already own a slot, so at least
 * LAST_PKMAP new slots are taken and the scan must wrap. */
static void test_flush_on_wrap(struct ktest *t)
{
	struct page *blk[2];
	struct kmap_stats before = kmap_stats_now();
	unsigned long i, n = 2 * MAX_ORDER_NR_PAGES;
	struct page *first;
	void *a;

	if (!have_highmem())
		KTEST_SKIP(t, "no HighMem");
	blk[0] = alloc_high(MAX_ORDER - 1, 0);
	blk[1] = alloc_high(MAX_ORDER - 1, 0);
	if (!blk[0] || !blk[1]) {
		if (blk[0])
			__free_pages(blk[0], MAX_ORDER - 1);
		if (blk[1])
			__free_pages(blk[1], MAX_ORDER - 1);
		KTEST_SKIP(t, "no two 4 MiB HighMem blocks");
	}
	first = blk[0];
	a = kmap(first);
	ASSERT_NOT_NULL(t, a);
	kunmap(first);
	EXPECT_TRUE(t, page_address(first) == a);
	for (i = 1; i < n; i++) {
		struct page *p = blk[i / MAX_ORDER_NR_PAGES] + i % MAX_ORDER_NR_PAGES;

		if (!kmap(p))
			break;
		kunmap(p);
		if (kmap_stats_now().flushes != before.flushes)
			break;
	}
	EXPECT_EQ(t, kmap_stats_now().flushes, before.flushes + 1);
	EXPECT_NULL(t, page_address(first));
	/* Only the page mapped right after the flush is left unused. */
	EXPECT_EQ(t, kmap_pool_now().unused, 1);
	EXPECT_EQ(t, kmap_stats_now().pool_full, before.pool_full);
	__free_pages(blk[0], MAX_ORDER - 1);
	__free_pages(blk[1], MAX_ORDER - 1);
}

static struct page *irq_page;
static volatile bool irq_done, irq_was_hardirq;
static volatile unsigned long irq_addr;

static void kmap_tick(void)
{
	void *a;

	if (irq_done)
		return;
	irq_was_hardirq = in_irq();
	a = kmap(irq_page);
	irq_addr = (unsigned long)a;
	if (a)
		kunmap(irq_page);
	irq_done = true;
}

static void test_kmap_from_irq_reported(struct ktest *t)
{
	struct kmap_stats before = kmap_stats_now();
	unsigned int base = kmap_slots_in_use();

	if (!have_highmem())
		KTEST_SKIP(t, "no HighMem");
	if (arch_irqs_disabled())
		KTEST_SKIP(t, "interrupts disabled");
	irq_page = alloc_high(0, 0);
	ASSERT_NOT_NULL(t, irq_page);
	irq_addr = 0;
	EXPECT_TRUE(t, run_in_tick(kmap_tick, &irq_done));
	EXPECT_TRUE(t, irq_was_hardirq);
	/* Reported, then served. */
	EXPECT_EQ(t, kmap_stats_now().bad_context, before.bad_context + 1);
	EXPECT_NE(t, irq_addr, 0);
	EXPECT_EQ(t, kmap_slots_in_use(), base);
	/* From process context nothing is reported. */
	kmap(irq_page);
	kunmap(irq_page);
	EXPECT_EQ(t, kmap_stats_now().bad_context, before.bad_context + 1);
	__free_page(irq_page);
}

static const struct ktest_case kmap_cases[] = {
	KTEST_CASE(test_kmap_slot_counting),
	KTEST_CASE(test_flush_on_wrap),
	KTEST_CASE(test_kmap_from_irq_reported),
	{}
};
KTEST_SUITE_ALONE(kmap, "counts the kmap pool's slots in use and wraps it", kmap_cases);
