/* Host tests for mm/highmem.c over the stub page table: pkmap slot counting,
 * the flush when the scan wraps, a full window, the kmap_atomic/kmap_local
 * stack (depth, LIFO, interrupt nesting) and the invalid-context report,
 * on the machine of tests/host/highmem_host.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/arch.h>
#include <kernel/hardirq.h>
#include <kernel/ktest.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <asm/vmlayout.h>
#include "host.h"
#include "highmem_host.h"
#include "../kernel/test_pages.h"

static unsigned int count_substr(const char *hay, const char *needle)
{
	unsigned int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void test_lowmem_needs_no_mapping(struct ktest *t)
{
	struct page *p = pfn_to_page(3);
	void *a;

	EXPECT_TRUE(t, kmap(p) == page_address(p));
	EXPECT_TRUE(t, kmap_page_address(p) == page_address(p));
	kunmap(p);
	a = kmap_atomic(p);
	EXPECT_TRUE(t, a == page_address(p));
	EXPECT_EQ(t, preempt_count(), 1);
	kunmap_atomic(a);
	EXPECT_EQ(t, preempt_count(), 0);
	EXPECT_EQ(t, host_mm.map, 0);
	EXPECT_EQ(t, kmap_slots_in_use(), 0);
	EXPECT_EQ(t, kmap_stats_now().bad_kunmap, 0);
}

static void test_kmap_counts_users(struct ktest *t)
{
	struct page *p = high(5);
	void *a, *b;

	EXPECT_NULL(t, page_address(p));
	a = kmap(p);
	ASSERT_NOT_NULL(t, a);
	/* The scan starts after slot 0, as Linux's does. */
	EXPECT_EQ(t, (unsigned long)a, PKMAP_ADDR(1));
	EXPECT_EQ(t, pkmap_slot_count(a), 2);
	b = kmap(p);
	EXPECT_TRUE(t, a == b);
	EXPECT_EQ(t, pkmap_slot_count(a), 3);
	EXPECT_EQ(t, kmap_slots_in_use(), 1);
	EXPECT_TRUE(t, page_address(p) == a);
	*host_ptr(a) = HT_PATTERN;
	EXPECT_EQ(t, *(u32 *)((char *)host_phys_base() + page_to_phys(p)), HT_PATTERN);
	kunmap(p);
	EXPECT_EQ(t, pkmap_slot_count(a), 2);
	kunmap(p);
	EXPECT_EQ(t, pkmap_slot_count(a), 1);
	/* Unused but still mapped until the next flush. */
	EXPECT_TRUE(t, page_address(p) == a);
	EXPECT_EQ(t, kmap_slots_in_use(), 0);
	EXPECT_EQ(t, kmap_pool_now().unused, 1);
	EXPECT_EQ(t, host_mm.flush_all, 0);
}

static void test_kunmap_not_mapped_warns(struct ktest *t)
{
	struct page *p = high(7);
	void *a;

	kunmap(p);
	EXPECT_TRUE(t, host_console_contains("kunmap: page pfn"));
	EXPECT_EQ(t, kmap_stats_now().bad_kunmap, 1);
	a = kmap(p);
	kunmap(p);
	kunmap(p);      /* count 1: mapped but nobody holds it */
	EXPECT_EQ(t, kmap_stats_now().bad_kunmap, 2);
	EXPECT_EQ(t, pkmap_slot_count(a), 1);
	EXPECT_EQ(t, kmap_pool_now().free, LAST_PKMAP - 1);
}

/* Slot 1 held across the wrap, slots 2..1023 unused: the kmap that wraps
 * clears exactly those with one flush_all and lands on slot 0. */
static void test_flush_on_wrap(struct ktest *t)
{
	struct page *held = high(0);
	void *h, *a;
	unsigned int i;

	h = kmap(held);
	ASSERT_EQ(t, (unsigned long)h, PKMAP_ADDR(1));
	for (i = 1; i < LAST_PKMAP - 1; i++) {
		a = kmap(high(i));
		ASSERT_EQ(t, (unsigned long)a, PKMAP_ADDR(i + 1));
		kunmap(high(i));
	}
	EXPECT_EQ(t, kmap_pool_now().unused, LAST_PKMAP - 2);
	EXPECT_EQ(t, host_mm.flush_all, 0);
	EXPECT_TRUE(t, page_address(high(1)) != NULL);

	a = kmap(high(LAST_PKMAP));
	EXPECT_EQ(t, (unsigned long)a, PKMAP_ADDR(0));
	EXPECT_EQ(t, host_mm.flush_all, 1);
	EXPECT_EQ(t, kmap_stats_now().flushes, 1);
	EXPECT_EQ(t, host_mm.unmap, LAST_PKMAP - 2);
	EXPECT_EQ(t, host_kernel_mapped_pages(), 2);
	for (i = 1; i < LAST_PKMAP - 1; i++)
		ASSERT_NULL(t, page_address(high(i)));
	EXPECT_TRUE(t, page_address(held) == h);
	EXPECT_EQ(t, pkmap_slot_count(h), 2);
	EXPECT_EQ(t, kmap_pool_now().unused, 0);
	EXPECT_EQ(t, kmap_pool_now().free, LAST_PKMAP - 2);
	kunmap(high(LAST_PKMAP));
	kunmap(held);
	EXPECT_EQ(t, kmap_slots_in_use(), 0);
}

/* Every page gets its own frame: write through kmap_atomic, then read every
 * pattern back through kmap (which wraps, flushes and remaps on the way). */
static void test_each_page_distinct(struct ktest *t)
{
	unsigned long i, bad = 0;
	u32 *w;
	void *a;

	for (i = 0; i < HT_HIGH_PFNS; i++) {
		a = kmap_atomic(high(i));
		ASSERT_NOT_NULL(t, a);
		w = host_ptr(a);
		w[0] = (u32)page_to_pfn(high(i)) ^ HT_PATTERN;
		w[PAGE_SIZE / sizeof(u32) - 1] = (u32)page_to_pfn(high(i));
		kunmap_atomic(a);
	}
	for (i = 0; i < HT_HIGH_PFNS; i++) {
		a = kmap(high(i));
		ASSERT_NOT_NULL(t, a);
		w = host_ptr(a);
		if (w[0] != ((u32)page_to_pfn(high(i)) ^ HT_PATTERN) ||
		    w[PAGE_SIZE / sizeof(u32) - 1] != (u32)page_to_pfn(high(i)))
			bad++;
		kunmap(high(i));
	}
	EXPECT_EQ(t, bad, 0);
	EXPECT_EQ(t, host_mm.flush_one, HT_HIGH_PFNS);
	EXPECT_EQ(t, host_mm.flush_all, HT_HIGH_PFNS / LAST_PKMAP);
	EXPECT_EQ(t, kmap_slots_in_use(), 0);
	EXPECT_EQ(t, preempt_count(), 0);
}

static void test_full_window_returns_null(struct ktest *t)
{
	unsigned int i;
	void *a;

	for (i = 0; i < LAST_PKMAP; i++)
		ASSERT_NOT_NULL(t, kmap(high(i)));
	/* The last of those wrapped with nothing to clear: no flush. */
	EXPECT_EQ(t, host_mm.flush_all, 0);
	EXPECT_EQ(t, kmap_slots_in_use(), LAST_PKMAP);
	host_console_clear();
	EXPECT_NULL(t, kmap(high(LAST_PKMAP)));
	EXPECT_TRUE(t, host_console_contains(
		"kmap: pkmap window full (0 free, 0 unused, 1024 in use of 1024 slots)"));
	EXPECT_NULL(t, kmap(high(LAST_PKMAP + 1)));
	EXPECT_EQ(t, count_substr(host_console_text(), "window full"), 1);
	EXPECT_EQ(t, kmap_stats_now().pool_full, 2);
	/* A page already mapped is still served. */
	a = kmap(high(3));
	EXPECT_TRUE(t, a == page_address(high(3)));
	kunmap(high(3));

	/* One release ends the episode: the slot is reused after a flush. */
	kunmap(high(10));
	a = kmap(high(LAST_PKMAP));
	ASSERT_NOT_NULL(t, a);
	EXPECT_EQ(t, host_mm.flush_all, 1);
	EXPECT_NULL(t, page_address(high(10)));
	host_console_clear();
	EXPECT_NULL(t, kmap(high(LAST_PKMAP + 1)));
	EXPECT_TRUE(t, host_console_contains("window full"));

	kunmap(high(LAST_PKMAP));
	for (i = 0; i < LAST_PKMAP; i++) {
		if (i != 10)
			kunmap(high(i));
	}
	EXPECT_EQ(t, kmap_slots_in_use(), 0);
	EXPECT_EQ(t, kmap_stats_now().bad_kunmap, 0);
	EXPECT_EQ(t, kmap_pool_now().unused, LAST_PKMAP);
}

static void test_atomic_nesting_limit(struct ktest *t)
{
	void *a[KM_MAX_IDX];
	unsigned int i, bad = 0;

	for (i = 0; i < KM_MAX_IDX; i++) {
		a[i] = kmap_atomic(high(i));
		ASSERT_NOT_NULL(t, a[i]);
		EXPECT_EQ(t, (unsigned long)a[i], fix_to_virt(FIX_KMAP_BEGIN + i));
		*host_ptr(a[i]) = HT_PATTERN + i;
	}
	EXPECT_EQ(t, preempt_count(), KM_MAX_IDX);
	EXPECT_EQ(t, kmap_slots_in_use(), KM_MAX_IDX);
	host_console_clear();
	EXPECT_NULL(t, kmap_atomic(high(KM_MAX_IDX)));
	EXPECT_TRUE(t, host_console_contains("kmap_atomic: nesting deeper than 16 slots refused"));
	EXPECT_NULL(t, kmap_local_page(high(KM_MAX_IDX)));
	EXPECT_EQ(t, kmap_stats_now().atomic_overflow, 2);
	EXPECT_EQ(t, preempt_count(), KM_MAX_IDX);
	EXPECT_EQ(t, kmap_pool_now().atomic_depth, KM_MAX_IDX);
	for (i = 0; i < KM_MAX_IDX; i++) {
		if (!host_ptr(a[i]) || *host_ptr(a[i]) != HT_PATTERN + i)
			bad++;
	}
	EXPECT_EQ(t, bad, 0);
	for (i = KM_MAX_IDX; i-- > 0;)
		kunmap_atomic(a[i]);
	kunmap_atomic(NULL);
	EXPECT_EQ(t, host_mm.flush_one, KM_MAX_IDX);
	EXPECT_EQ(t, host_kernel_mapped_pages(), 0);
	EXPECT_EQ(t, preempt_count(), 0);
	EXPECT_EQ(t, kmap_slots_in_use(), 0);
	EXPECT_EQ(t, kmap_stats_now().atomic_misorder, 0);
}

static void test_atomic_out_of_order(struct ktest *t)
{
	void *a, *b, *c;
	char want[96];

	a = kmap_atomic(high(1));
	b = kmap_atomic(high(2));
	host_console_clear();
	kunmap_atomic(a);
	snprintf(want, sizeof(want), "kunmap_atomic: %#lx released out of order, the last mapping is %#lx",
		 (unsigned long)a, (unsigned long)b);
	EXPECT_TRUE(t, host_console_contains(want));
	EXPECT_EQ(t, kmap_stats_now().atomic_misorder, 1);
	EXPECT_NULL(t, host_ptr(a));
	EXPECT_NOT_NULL(t, host_ptr(b));
	EXPECT_EQ(t, kmap_pool_now().atomic_depth, 2);
	EXPECT_EQ(t, preempt_count(), 1);
	/* The released slot is not handed out while b sits above it. */
	c = kmap_atomic(high(3));
	EXPECT_EQ(t, (unsigned long)c, fix_to_virt(FIX_KMAP_BEGIN + 2));
	kunmap_atomic(c);
	kunmap_atomic(a);       /* twice: reported, nothing changes */
	EXPECT_EQ(t, kmap_stats_now().atomic_bad_unmap, 1);
	EXPECT_EQ(t, kmap_pool_now().atomic_depth, 2);
	kunmap_atomic(b);       /* pops b and the released a */
	EXPECT_EQ(t, kmap_pool_now().atomic_depth, 0);
	EXPECT_EQ(t, preempt_count(), 0);
	EXPECT_EQ(t, host_kernel_mapped_pages(), 0);
	EXPECT_EQ(t, (unsigned long)kmap_atomic(high(4)), fix_to_virt(FIX_KMAP_BEGIN));
	kunmap_atomic((void *)fix_to_virt(FIX_KMAP_BEGIN));
	EXPECT_EQ(t, kmap_slots_in_use(), 0);
}

static void test_local_keeps_preemption(struct ktest *t)
{
	void *a, *b;

	a = kmap_local_page(high(1));
	EXPECT_EQ(t, preempt_count(), 0);
	b = kmap_atomic(high(2));
	EXPECT_EQ(t, preempt_count(), 1);
	EXPECT_NE(t, (unsigned long)a, (unsigned long)b);
	kunmap_atomic(b);
	kunmap_local(a);
	EXPECT_EQ(t, preempt_count(), 0);
	EXPECT_EQ(t, kmap_slots_in_use(), 0);
	EXPECT_EQ(t, kmap_stats_now().atomic_misorder, 0);
}

/* An "interrupt" maps and unmaps on top of the main path's mapping. */
static void test_atomic_nested_in_irq(struct ktest *t)
{
	void *a, *b;

	a = kmap_atomic(high(1));
	*host_ptr(a) = HT_PATTERN;
	preempt_count_add(HARDIRQ_OFFSET);
	b = kmap_atomic(high(2));
	EXPECT_NE(t, (unsigned long)a, (unsigned long)b);
	*host_ptr(b) = ~HT_PATTERN;
	kunmap_atomic(b);
	preempt_count_sub(HARDIRQ_OFFSET);
	EXPECT_EQ(t, *host_ptr(a), HT_PATTERN);
	kunmap_atomic(a);
	EXPECT_EQ(t, *(u32 *)((char *)host_phys_base() + page_to_phys(high(2))), ~HT_PATTERN);
	EXPECT_EQ(t, kmap_slots_in_use(), 0);
}

static void kmap_twice_from_one_site(struct page *p)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		kmap(p);
		kunmap(p);
	}
}

static void test_kmap_invalid_context(struct ktest *t)
{
	void *a;
	unsigned long flags;

	kmap(high(1));
	kunmap(high(1));
	EXPECT_FALSE(t, host_console_contains("BUG: sleeping"));

	preempt_count_add(HARDIRQ_OFFSET);
	kmap_twice_from_one_site(high(1));
	preempt_count_sub(HARDIRQ_OFFSET);
	EXPECT_TRUE(t, host_console_contains(
		"BUG: sleeping function called from invalid context at tests/host/test_highmem.c:"));
	EXPECT_TRUE(t, host_console_contains("in_atomic(): 1, irqs_disabled(): 0"));
	EXPECT_EQ(t, count_substr(host_console_text(), "BUG: sleeping"), 1);
	EXPECT_EQ(t, kmap_stats_now().bad_context, 2);

	host_console_clear();
	flags = arch_irq_save();
	a = kmap(high(2));      /* still served */
	arch_irq_restore(flags);
	EXPECT_TRUE(t, host_console_contains("in_atomic(): 0, irqs_disabled(): 1"));
	EXPECT_TRUE(t, a == page_address(high(2)));
	kunmap(high(2));

	host_console_clear();
	a = kmap_atomic(high(3));
	kmap(high(4));
	kunmap(high(4));
	kunmap_atomic(a);
	EXPECT_TRUE(t, host_console_contains("in_atomic(): 1, irqs_disabled(): 0"));
	EXPECT_EQ(t, kmap_stats_now().bad_context, 4);
	EXPECT_EQ(t, kmap_slots_in_use(), 0);
}

static void test_unmap_wrong_addresses(struct ktest *t)
{
	void *a = kmap(high(1));

	kunmap_atomic(a);       /* a pkmap address: reported, ignored */
	EXPECT_EQ(t, pkmap_slot_count(a), 2);
	EXPECT_EQ(t, preempt_count(), 0);
	kunmap_atomic((void *)fix_to_virt(FIX_KMAP_BEGIN + 3));
	EXPECT_EQ(t, kmap_stats_now().atomic_bad_unmap, 1);
	EXPECT_EQ(t, preempt_count(), 0);
	/* CPU 1's first slot, released here on CPU 0. */
	preempt_disable();
	kunmap_atomic((void *)fix_to_virt(FIX_KMAP_BEGIN + KM_MAX_IDX));
	EXPECT_EQ(t, kmap_stats_now().atomic_bad_unmap, 2);
	EXPECT_TRUE(t, host_console_contains("is CPU 1's mapping, released on CPU 0"));
	EXPECT_EQ(t, preempt_count(), 1);
	preempt_enable();
	kunmap(high(1));
	EXPECT_EQ(t, pkmap_slot_count((void *)(PKMAP_BASE - 1)), -1);
	EXPECT_EQ(t, kmap_slots_in_use(), 0);
}

static const struct ktest_case highmem_host_cases[] = {
	KTEST_CASE(test_lowmem_needs_no_mapping),
	KTEST_CASE(test_kmap_counts_users),
	KTEST_CASE(test_kunmap_not_mapped_warns),
	KTEST_CASE(test_flush_on_wrap),
	KTEST_CASE(test_each_page_distinct),
	KTEST_CASE(test_full_window_returns_null),
	KTEST_CASE(test_atomic_nesting_limit),
	KTEST_CASE(test_atomic_out_of_order),
	KTEST_CASE(test_local_keeps_preemption),
	KTEST_CASE(test_atomic_nested_in_irq),
	KTEST_CASE(test_kmap_invalid_context),
	KTEST_CASE(test_unmap_wrong_addresses),
	{}
};
KTEST_SUITE_FULL(highmem_host, highmem_init, highmem_exit, highmem_host_cases);
