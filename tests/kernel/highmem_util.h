/* What the highmem, kmap and kmap_atomic suites share
 * (tests/kernel/highmem_test.c, kmap_test.c, kmap_atomic_test.c,
 * kmap_smp_test.c): highmem pages, a per-frame pattern, and running a
 * function once from the timer interrupt. */
#ifndef TESTS_KERNEL_HIGHMEM_UTIL_H
#define TESTS_KERNEL_HIGHMEM_UTIL_H

#include <kernel/arch.h>
#include <kernel/timer.h>
#include <mm/highmem.h>
#include <mm/mm.h>

#define HT_GOLDEN        0x9e3779b1U
#define HT_IRQ_PATTERN   0x1badf00dU
#define HT_MAIN_PATTERN  0x600dcafeU
/* Ticks (hlt wake-ups) to wait for the timer hook: 2 s at HZ 100. */
#define HT_TICK_WAIT     (2 * HZ)
#define HT_HIGH          (GFP_HIGHUSER | __GFP_NOWARN)

static inline bool have_highmem(void)
{
	return populated_zone(&contig_page_data.node_zones[ZONE_HIGHMEM]);
}

/* 2^order highmem pages, or NULL (a lowmem block is given back). */
static inline struct page *alloc_high(unsigned int order, gfp_t extra)
{
	struct page *p = alloc_pages(HT_HIGH | extra, order);

	if (p && !PageHighMem(p)) {
		__free_pages(p, order);
		return NULL;
	}
	return p;
}

/* Word w's value in the page of frame pfn. */
static inline u32 pattern(unsigned long pfn, unsigned int w)
{
	return (u32)pfn * HT_GOLDEN + w;
}

/* Run fn from the timer interrupt once (fn sets *done); false when it did
 * not run. */
static inline bool run_in_tick(timer_tick_fn fn, volatile bool *done)
{
	*done = false;
	if (timer_add_tick_fn(fn))
		return false;
	/* Counted in jiffies: other interrupts (serial input) end hlt too. */
	for (unsigned long start = jiffies; jiffies - start < HT_TICK_WAIT && !*done;)
		arch_idle();
	timer_remove_tick_fn(fn);
	return *done;
}

#endif
