/* A mixed random storm: pages of every zone through the per-CPU lists and
 * the buddy lists, kmalloc objects, kmap()s of HighMem pages and reclaim
 * passes, in a seeded order, with every allocator invariant checked after
 * every step (tests/kernel/mm_invariants.h); the first broken one stops the
 * storm and names the step and the object.
 *
 * Runs in the kernel (suite "mixed_storm") and, through
 * tests/host/test_mixed_storm.c which includes this file with
 * MIXED_STORM_HOST defined, on the host (suite "mixed_storm_host"). */
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <kernel/string.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <mm/shrinker.h>
#include <mm/slab.h>

#include "mm_invariants.h"

#define MS_STORM_STEPS  3000
#define MS_STORM_PAGES  64
#define MS_STORM_OBJS   64
#define MS_STORM_ORDERS 4
#define MS_STORM_MAX_OBJ 3000
#define MS_STORM_SEED   0x2545f491u

static const gfp_t ms_storm_masks[] = {
	GFP_KERNEL, GFP_ATOMIC, GFP_HIGHUSER, GFP_HIGHUSER_MOVABLE, GFP_DMA | GFP_KERNEL,
	GFP_KERNEL | __GFP_RECLAIMABLE, GFP_NOWAIT,
};

enum { MS_OP_PAGE, MS_OP_OBJ, MS_OP_KMAP, MS_OP_RECLAIM, MS_NR_OPS };

static u32 ms_rng_state;

static u32 ms_rng(void)
{
	ms_rng_state ^= ms_rng_state << 13;
	ms_rng_state ^= ms_rng_state >> 17;
	ms_rng_state ^= ms_rng_state << 5;
	return ms_rng_state;
}

static void test_mixed_storm(struct ktest *t)
{
	static struct page *pages[MS_STORM_PAGES];
	static unsigned int orders[MS_STORM_PAGES];
	static bool mapped[MS_STORM_PAGES];
	static void *objs[MS_STORM_OBJS];
	unsigned long step, broken = 0;
	int kmaps = 0;
	unsigned int i;

	memset(pages, 0, sizeof(pages));
	memset(mapped, 0, sizeof(mapped));
	memset(objs, 0, sizeof(objs));
	ms_rng_state = MS_STORM_SEED;
	ASSERT_TRUE(t, mm_invariants_check("mixed_storm", 0, 0));
	for (step = 1; step <= MS_STORM_STEPS && !broken; step++) {
		u32 r = ms_rng();

		i = (r >> 8) % MS_STORM_PAGES;
		switch (r % MS_NR_OPS) {
		case MS_OP_PAGE:
			if (pages[i]) {
				if (mapped[i]) {
					kunmap(pages[i]);
					mapped[i] = false;
					kmaps--;
				}
				__free_pages(pages[i], orders[i]);
				pages[i] = NULL;
			} else {
				orders[i] = (r >> 16) % MS_STORM_ORDERS;
				pages[i] = alloc_pages(ms_storm_masks[(r >> 20) % ARRAY_SIZE(ms_storm_masks)] |
						       __GFP_NOWARN, orders[i]);
			}
			break;
		case MS_OP_OBJ:
			i = (r >> 8) % MS_STORM_OBJS;
			if (objs[i]) {
				kfree(objs[i]);
				objs[i] = NULL;
			} else {
				objs[i] = kmalloc(1 + (r >> 16) % MS_STORM_MAX_OBJ, GFP_KERNEL | __GFP_NOWARN);
			}
			break;
		case MS_OP_KMAP:
			if (!pages[i] || !PageHighMem(pages[i]))
				break;
			if (mapped[i]) {
				kunmap(pages[i]);
				kmaps--;
			} else if (kmap(pages[i])) {
				kmaps++;
			} else {
				break;
			}
			mapped[i] = !mapped[i];
			break;
		default:
			try_to_free_pages(GFP_KERNEL, 0);
			break;
		}
		if (!mm_invariants_check("mixed_storm", step, kmaps))
			broken = step;
	}
	EXPECT_EQ(t, broken, 0);
	for (i = 0; i < MS_STORM_PAGES; i++) {
		if (mapped[i])
			kunmap(pages[i]);
		if (pages[i])
			__free_pages(pages[i], orders[i]);
	}
	for (i = 0; i < MS_STORM_OBJS; i++)
		kfree(objs[i]);
	EXPECT_TRUE(t, mm_invariants_check("mixed_storm", step, 0));
	EXPECT_TRUE(t, free_lists_check());
}

#define MIXED_STORM_CASES KTEST_CASE(test_mixed_storm)

#ifndef MIXED_STORM_HOST
static const struct ktest_case mixed_storm_cases[] = {
	MIXED_STORM_CASES,
	{}
};
KTEST_SUITE_ALONE(mixed_storm, "checks every invariant after each of its 3000 steps", mixed_storm_cases);
#endif
