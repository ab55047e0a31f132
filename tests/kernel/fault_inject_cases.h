/* The fault-injection cases that need no allocator (include/mm/fault_inject.h):
 * Linux's filter order, the seeded PRNG, the parameter syntax; and the
 * attribute set-up the allocator cases use. Shared by the kernel suite
 * (tests/kernel/fault_inject_test.c) and the host suite
 * (tests/host/test_fault_inject.c), which include this file. */
#ifndef TESTS_KERNEL_FAULT_INJECT_CASES_H
#define TESTS_KERNEL_FAULT_INJECT_CASES_H

#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/param.h>
#include <mm/fault_inject.h>

#define FI_SEED         0xfa17u

static void set_injection(unsigned long probability)
{
	struct fault_attr *attrs[] = { &fail_page_alloc.attr, &failslab.attr };

	for (int i = 0; i < 2; i++) {
		attrs[i]->probability = probability;
		attrs[i]->interval = 1;
		attrs[i]->times = -1;
		attrs[i]->space = 0;
		attrs[i]->verbose = 0;
		attrs[i]->seed = FI_SEED + (u32)i;
		fault_attr_reset(attrs[i]);
	}
	fail_page_alloc.ignore_gfp_reclaim = false;
	fail_page_alloc.ignore_gfp_highmem = false;
	fail_page_alloc.min_order = 0;
	failslab.ignore_gfp_reclaim = false;
	fault_inject_update();
}

static void restore_defaults(void)
{
	set_injection(0);
	fail_page_alloc.ignore_gfp_reclaim = true;
	fail_page_alloc.ignore_gfp_highmem = true;
	fail_page_alloc.min_order = 1;
	failslab.ignore_gfp_reclaim = true;
	fault_inject_update();
}

/* Linux's order of filters: times, then space, then interval, then the
 * draw; probability 100 always fails once the filters pass. */
static void test_should_fail_filters(struct ktest *t)
{
	struct fault_attr a = { .name = "t", .probability = 100, .interval = 3,
				.times = 2, .space = 10, .seed = FI_SEED };
	int fails = 0, i;

	fault_attr_reset(&a);
	EXPECT_FALSE(t, should_fail(&a, 4, 0));     /* space 10 -> 6 */
	EXPECT_FALSE(t, should_fail(&a, 4, 0));     /* space 6 -> 2 */
	EXPECT_EQ(t, a.space, 2);
	EXPECT_EQ(t, a.count, 0);                   /* spent space counts no call */
	for (i = 0; i < 12; i++)
		fails += should_fail(&a, 4, 0);
	EXPECT_EQ(t, fails, 2);                     /* every 3rd, times 2 */
	EXPECT_EQ(t, a.times, 0);
	EXPECT_EQ(t, a.forced, 2);
	EXPECT_EQ(t, a.count, 6);                   /* times 0 stops the count */
	a.probability = 0;
	a.times = -1;
	EXPECT_FALSE(t, should_fail(&a, 1, 0));
}

/* The same seed gives the same decisions. */
static void test_seeded(struct ktest *t)
{
	struct fault_attr a = { .name = "t", .probability = 50, .interval = 1,
				.times = -1, .seed = FI_SEED };
	u32 first = 0, second = 0;
	int i;

	fault_attr_reset(&a);
	for (i = 0; i < 32; i++)
		first = first << 1 | should_fail(&a, 1, 0);
	fault_attr_reset(&a);
	for (i = 0; i < 32; i++)
		second = second << 1 | should_fail(&a, 1, 0);
	EXPECT_EQ(t, first, second);
	EXPECT_NE(t, first, 0);
	EXPECT_NE(t, first, 0xffffffffu);
}

/* The boot parameter: all four fields or nothing. */
static void test_param_syntax(struct ktest *t)
{
	EXPECT_EQ(t, fault_attr_set("failslab", "probability", "101"), -EINVAL);
	EXPECT_EQ(t, fault_attr_set("failslab", "nosuch", "1"), -ENOENT);
	EXPECT_EQ(t, fault_attr_set("fail_page_alloc", "min-order", "2"), 0);
	EXPECT_EQ(t, fail_page_alloc.min_order, 2);
	EXPECT_EQ(t, parse_param_string("fail_page_alloc=1,5,0", false), 1);
	EXPECT_EQ(t, fail_page_alloc.attr.probability, 0);
	EXPECT_EQ(t, parse_param_string("fail_page_alloc=2,5,100,-1 failslab.verbose=1", false), 0);
	EXPECT_EQ(t, fail_page_alloc.attr.interval, 2);
	EXPECT_EQ(t, fail_page_alloc.attr.probability, 5);
	EXPECT_EQ(t, fail_page_alloc.attr.space, 100);
	EXPECT_EQ(t, fail_page_alloc.attr.times, -1);
	EXPECT_EQ(t, failslab.attr.verbose, 1);
	EXPECT_TRUE(t, fault_inject_active);
	restore_defaults();
	EXPECT_FALSE(t, fault_inject_active);
}

#define FAULT_INJECT_LOGIC_CASES \
	KTEST_CASE(test_should_fail_filters), \
	KTEST_CASE(test_seeded), \
	KTEST_CASE(test_param_syntax)

#endif
