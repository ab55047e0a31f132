/* In-kernel tests of highmem mappings on real page tables: every highmem
 * frame (a strided sample on big machines) written through kmap_atomic and
 * read back through kmap, pkmap slot counting and the flush on wrap, the
 * kmap_atomic stack (depth, LIFO, use from the timer interrupt), zeroed
 * highmem pages and the invalid-context report. Highmem cases skip when
 * ZONE_HIGHMEM is empty (less than 896 MiB of RAM). */
#include <kernel/arch.h>
#include <kernel/hardirq.h>
#include <kernel/ktest.h>
#include <kernel/string.h>
#include <kernel/timer.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <asm/vmlayout.h>
#include "test_pages.h"

/* Pages pattern-tested at most: every free highmem page up to this many
 * (1 GiB of RAM), else one page per block of the smallest order that stays
 * under it (a strided sample). */
#define HT_MAX_SAMPLES   32768UL
/* Above 4 GiB of HighMem (the PAE kernel) the sample is this many pages,
 * at least 4 MiB apart: the run then touches a bounded part of the RAM
 * (each touched 2 MiB of a VM's RAM may cost its host 2 MiB), and every
 * GiB still gets dozens of pages. */
#define HT_FULL_SAMPLE_PAGES (1UL << (32 - PAGE_SHIFT))
#define HT_BIG_SAMPLES   256UL
/* pfn >> this = GiB number. */
#define HT_GIB_PFN_SHIFT (30 - PAGE_SHIFT)
/* Words between pattern words: one per 64-byte line. */
#define HT_WORD_STRIDE   16
#define HT_WORDS         (PAGE_SIZE / sizeof(u32))
#define HT_GOLDEN        0x9e3779b1U
#define HT_IRQ_PATTERN   0x1badf00dU
#define HT_MAIN_PATTERN  0x600dcafeU
/* Ticks (hlt wake-ups) to wait for the timer hook: 2 s at HZ 100. */
#define HT_TICK_WAIT     (2 * HZ)
#define HT_ZERO_PAGES    64
#define HT_DIRT          0xa5
#define HT_HIGH          (GFP_HIGHUSER | __GFP_NOWARN)

static bool have_highmem(void)
{
	return populated_zone(&contig_page_data.node_zones[ZONE_HIGHMEM]);
}

/* 2^order highmem pages, or NULL (a lowmem block is given back). */
static struct page *alloc_high(unsigned int order, gfp_t extra)
{
	struct page *p = alloc_pages(HT_HIGH | extra, order);

	if (p && !PageHighMem(p)) {
		__free_pages(p, order);
		return NULL;
	}
	return p;
}

static void free_list_blocks(struct list_head *blocks, unsigned int order)
{
	while (!list_empty(blocks)) {
		struct page *p = list_first_entry(blocks, struct page, lru);

		list_del(&p->lru);
		__free_pages(p, order);
	}
}

static u32 pattern(unsigned long pfn, unsigned int w)
{
	return (u32)pfn * HT_GOLDEN + w;
}

/* The page of block number i that gets tested: the offset walks the block
 * so a sample covers every position; the block holding the last page of
 * HighMem tests that page. */
static struct page *sample_page(struct page *block, unsigned long i, unsigned int order,
				unsigned long top_pfn)
{
	unsigned long first = page_to_pfn(block);

	if (top_pfn - first < (1UL << order))
		return block + (top_pfn - first);
	return block + ((i * 7919UL) & ((1UL << order) - 1));
}

/* Block i is tested when it falls on the stride, holds the top page, or
 * is the first block of its GiB in the list (prev: the block before it). */
static bool block_sampled(struct page *block, struct page *prev, unsigned long i,
			  unsigned long stride, unsigned int order, unsigned long top_pfn)
{
	return i % stride == 0 || top_pfn - page_to_pfn(block) < (1UL << order) ||
	       (page_to_pfn(block) >> HT_GIB_PFN_SHIFT) != (page_to_pfn(prev) >> HT_GIB_PFN_SHIFT);
}

/* Writes through kmap_atomic, reads back through kmap: returns false on a
 * mismatch, counts pages it could not map. */
static bool sample_write(struct page *p, unsigned long *mapfail)
{
	u32 *a = kmap_atomic(p);
	unsigned int w;

	if (!a) {
		(*mapfail)++;
		return false;
	}
	for (w = 0; w < HT_WORDS; w += HT_WORD_STRIDE)
		a[w] = pattern(page_to_pfn(p), w);
	kunmap_atomic(a);
	return true;
}

static bool sample_check(struct ktest *t, struct page *p, unsigned long *mapfail,
			 unsigned long bad)
{
	u32 *a = kmap(p);
	unsigned int w;
	bool ok = true;

	if (!a) {
		(*mapfail)++;
		return true;
	}
	for (w = 0; w < HT_WORDS; w += HT_WORD_STRIDE) {
		if (a[w] != pattern(page_to_pfn(p), w)) {
			if (!bad)
				ktest_info(t, "pfn %#lx word %u: %#x", page_to_pfn(p), w, a[w]);
			ok = false;
			break;
		}
	}
	kunmap(p);
	return ok;
}

static void test_every_frame_distinct(struct ktest *t)
{
	struct zone *hz = &contig_page_data.node_zones[ZONE_HIGHMEM];
	unsigned long n = 0, i, bad = 0, mapfail = 0, tested = 0, stride, max_samples;
	unsigned long top_pfn = zone_end_pfn(hz) - 1;
	unsigned long first_gib = hz->zone_start_pfn >> HT_GIB_PFN_SHIFT;
	u64 gibs_seen = 0, gibs_free = 0;
	unsigned int order = 0;
	struct page *block, *prev;
	LIST_HEAD(blocks);

	if (!have_highmem())
		KTEST_SKIP(t, "no HighMem");
	max_samples = hz->managed_pages > HT_FULL_SAMPLE_PAGES ? HT_BIG_SAMPLES : HT_MAX_SAMPLES;
	while ((zone_nr_free(hz) >> order) > max_samples && order < MAX_ORDER - 1)
		order++;
	while ((block = alloc_high(order, 0)) != NULL) {
		list_add_tail(&block->lru, &blocks);
		n++;
	}
	stride = max(DIV_ROUND_UP(n, max_samples), 1UL);
	EXPECT_GT(t, n, 0);

	i = 0;
	prev = list_first_entry(&blocks, struct page, lru);
	list_for_each_entry(block, &blocks, lru) {
		gibs_free |= 1ULL << ((page_to_pfn(block) >> HT_GIB_PFN_SHIFT) - first_gib);
		if (block_sampled(block, prev, i, stride, order, top_pfn)) {
			struct page *p = sample_page(block, i, order, top_pfn);

			if (sample_write(p, &mapfail)) {
				tested++;
				gibs_seen |= 1ULL << ((page_to_pfn(p) >> HT_GIB_PFN_SHIFT) - first_gib);
			}
		}
		prev = block;
		i++;
	}
	i = 0;
	prev = list_first_entry(&blocks, struct page, lru);
	list_for_each_entry(block, &blocks, lru) {
		if (block_sampled(block, prev, i, stride, order, top_pfn) &&
		    !sample_check(t, sample_page(block, i, order, top_pfn), &mapfail, bad))
			bad++;
		prev = block;
		i++;
	}
	ktest_info(t, "%lu blocks of order %u (%lu of %lu HighMem pages managed), %lu pages tested, top pfn %#lx",
		   n, order, n << order, hz->managed_pages, tested, top_pfn);
	free_list_blocks(&blocks, order);
	EXPECT_EQ(t, mapfail, 0);
	EXPECT_EQ(t, bad, 0);
	/* Every GiB with free HighMem had a page tested. */
	EXPECT_EQ(t, gibs_seen, gibs_free);
}

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

/* Run fn from the timer interrupt once; false when it did not run. */
static bool run_in_tick(timer_tick_fn fn)
{
	irq_done = false;
	irq_addr = 0;
	if (timer_add_tick_fn(fn))
		return false;
	/* Counted in jiffies: other interrupts (serial input) end hlt too. */
	for (unsigned long start = jiffies; jiffies - start < HT_TICK_WAIT && !irq_done;)
		arch_idle();
	timer_remove_tick_fn(fn);
	return irq_done;
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
	EXPECT_TRUE(t, run_in_tick(atomic_tick));
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
	EXPECT_TRUE(t, run_in_tick(kmap_tick));
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

static bool page_is_zero(struct page *p)
{
	const u32 *a = kmap_atomic(p);
	unsigned int w;
	bool zero = true;

	for (w = 0; w < HT_WORDS && zero; w++)
		zero = a[w] == 0;
	kunmap_atomic((void *)a);
	return zero;
}

/* Dirty pages, free them, then allocate with __GFP_ZERO: the allocator
 * hands back recently freed pages, which must read as zero. */
static void test_zeroed_highmem(struct ktest *t)
{
	unsigned long dirty[HT_ZERO_PAGES];
	struct page *p[HT_ZERO_PAGES];
	unsigned int i, j, reused = 0, nonzero = 0;

	if (!have_highmem())
		KTEST_SKIP(t, "no HighMem");
	for (i = 0; i < HT_ZERO_PAGES; i++) {
		void *a;

		p[i] = alloc_high(0, 0);
		ASSERT_NOT_NULL(t, p[i]);
		a = kmap_atomic(p[i]);
		memset(a, HT_DIRT, PAGE_SIZE);
		kunmap_atomic(a);
		dirty[i] = page_to_pfn(p[i]);
	}
	for (i = 0; i < HT_ZERO_PAGES; i++)
		__free_page(p[i]);
	for (i = 0; i < HT_ZERO_PAGES; i++) {
		p[i] = alloc_high(0, __GFP_ZERO);
		ASSERT_NOT_NULL(t, p[i]);
		if (!page_is_zero(p[i]))
			nonzero++;
		for (j = 0; j < HT_ZERO_PAGES; j++)
			reused += dirty[j] == page_to_pfn(p[i]);
	}
	for (i = 0; i < HT_ZERO_PAGES; i++)
		__free_page(p[i]);
	ktest_info(t, "%u of %u zeroed pages were dirtied before", reused, HT_ZERO_PAGES);
	EXPECT_GT(t, reused, 0);
	EXPECT_EQ(t, nonzero, 0);
}

static void test_clear_and_copy_helpers(struct ktest *t)
{
	static const char msg[] = "mm386 highmem";
	char back[sizeof(msg)];
	struct page *p;
	void *a;

	if (!have_highmem())
		KTEST_SKIP(t, "no HighMem");
	p = alloc_high(0, 0);
	ASSERT_NOT_NULL(t, p);
	a = kmap_atomic(p);
	memset(a, HT_DIRT, PAGE_SIZE);
	kunmap_atomic(a);
	clear_highpage(p);
	EXPECT_TRUE(t, page_is_zero(p));
	memcpy_to_page(p, PAGE_SIZE - sizeof(msg), msg, sizeof(msg));
	memcpy_from_page(back, p, PAGE_SIZE - sizeof(msg), sizeof(msg));
	EXPECT_STREQ(t, back, msg);
	EXPECT_EQ(t, kmap_pool_now().atomic_depth, 0);
	__free_page(p);
}

static const struct ktest_case highmem_cases[] = {
	KTEST_CASE(test_every_frame_distinct),
	KTEST_CASE(test_kmap_slot_counting),
	KTEST_CASE(test_flush_on_wrap),
	KTEST_CASE(test_atomic_nesting_limit),
	KTEST_CASE(test_atomic_out_of_order),
	KTEST_CASE(test_atomic_from_timer_irq),
	KTEST_CASE(test_kmap_from_irq_reported),
	KTEST_CASE(test_zeroed_highmem),
	KTEST_CASE(test_clear_and_copy_helpers),
	{}
};
KTEST_SUITE(highmem, highmem_cases);
