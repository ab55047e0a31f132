/* Per-CPU slab tests (mm/slab_cpu.c) that need one CPU, run in the kernel
 * (suite "slab_cpu") and on the host (tests/host/test_slab_cpu.c includes
 * this file with SLAB_CPU_TEST_HOST defined): the free paths into this
 * CPU's current slab. slab_cpu_smp_test.c has the cases for several CPUs.
 * Caches that slub_debug turns into debug caches have no per-CPU slab:
 * skipped. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <mm/mm.h>
#include <mm/slab.h>

#include "slab_cpu_test.h"

static void *sct_objs[SCT_MAX_OBJS];

/* The current slab full (this CPU's free list empty): the object freed
 * first links to the end of the list, and freeing it again is still
 * caught; the next allocations give it back once. */
static void test_double_free_at_list_end(struct ktest *t)
{
	unsigned long reports = slab_report_count();
	struct kmem_cache *s = sct_cache("slabtest-cpu-end");
	unsigned int n, i;
	void *x, *again, *next;

	if (!s)
		KTEST_SKIP(t, "debug cache or no memory");
	n = s->objects;
	ASSERT_LE(t, n, SCT_MAX_OBJS);
	for (i = 0; i < n; i++)
		sct_objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	EXPECT_TRUE(t, sct_distinct_in(sct_objs, n, sct_slab_of(sct_objs[0])));
	EXPECT_TRUE(t, slab_cpu_page(s, smp_processor_id()) == sct_slab_of(sct_objs[0]));
	x = sct_objs[n / 2];
	kmem_cache_free(s, x);
	kmem_cache_free(s, x);
	EXPECT_EQ(t, slab_report_count(), reports + 1);
	EXPECT_STREQ(t, slab_last_report(), "Object already free");
	again = kmem_cache_alloc(s, GFP_KERNEL);
	next = kmem_cache_alloc(s, GFP_KERNEL);
	EXPECT_TRUE(t, again == x);
	EXPECT_TRUE(t, next && next != x);
	sct_objs[n / 2] = again;
	kmem_cache_free(s, next);
	for (i = 0; i < n; i++)
		kmem_cache_free(s, sct_objs[i]);
	EXPECT_EQ(t, sct_active(s), 0);
	EXPECT_EQ(t, slab_report_count(), reports + 1);
	kmem_cache_destroy(s);
}

/* A live object whose first word happens to read as a free-list link of
 * its slab takes the locked free path, onto the current slab's
 * page->freelist, as another CPU's free would; once this CPU's own list
 * runs dry the allocation picks it up, exactly once, without a new slab. */
static void test_slow_free_into_current_slab(struct ktest *t)
{
	unsigned long reports = slab_report_count();
	struct kmem_cache *s = sct_cache("slabtest-cpu-pickup");
	unsigned int n, i, seen = 0;
	struct page *slab;
	unsigned long *x;

	if (!s)
		KTEST_SKIP(t, "debug cache or no memory");
	n = s->objects;
	ASSERT_LE(t, n, SCT_MAX_OBJS);
	ASSERT_EQ(t, s->fp_offset, 0);
	sct_objs[0] = kmem_cache_alloc(s, GFP_KERNEL);
	sct_objs[1] = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_NOT_NULL(t, sct_objs[0]);
	ASSERT_NOT_NULL(t, sct_objs[1]);
	slab = sct_slab_of(sct_objs[0]);
	/* The free-pointer encoding of a link to sct_objs[1]. */
	x = sct_objs[0];
	*x = (unsigned long)sct_objs[1] ^ s->secret ^ (unsigned long)x;
	kmem_cache_free(s, x);
	EXPECT_EQ(t, slab_report_count(), reports);
	EXPECT_TRUE(t, slab->freelist == x);
	EXPECT_TRUE(t, slab_cpu_page(s, smp_processor_id()) == slab);
	/* Every other object of the slab, then the one freed onto its list. */
	for (i = 0; i + 1 < n; i++) {
		void *p = kmem_cache_alloc(s, GFP_KERNEL);

		sct_objs[i + 2 < n ? i + 2 : 0] = p;
		seen += p == x;
	}
	EXPECT_EQ(t, seen, 1);
	EXPECT_EQ(t, s->nr_slabs, 1);
	EXPECT_TRUE(t, sct_distinct_in(sct_objs, n, slab));
	for (i = 0; i < n; i++)
		kmem_cache_free(s, sct_objs[i]);
	EXPECT_EQ(t, sct_active(s), 0);
	kmem_cache_destroy(s);
}

#define SLAB_CPU_COMMON_CASES                          \
	KTEST_CASE(test_double_free_at_list_end),      \
	KTEST_CASE(test_slow_free_into_current_slab)

#ifndef SLAB_CPU_TEST_HOST
static const struct ktest_case slab_cpu_cases[] = {
	SLAB_CPU_COMMON_CASES,
	{}
};
KTEST_SUITE(slab_cpu, slab_cpu_cases);
#endif
