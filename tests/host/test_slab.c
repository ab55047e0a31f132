/* Host run of the slab and kmalloc cases (tests/kernel/slab_test.c) under
 * ASan/UBSan, each case on a fresh 64 MiB simulated machine (the buddy
 * tests' machine, tests/host/test_buddy.c), plus host-only cases: the
 * slub_debug= parser and the report texts captured from the console. */
#include <stdlib.h>

#include <kernel/ktest.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "host.h"
#include "../kernel/mm_invariants.h"

#define SLAB_TEST_HOST
#include "../kernel/slab_test.c"

/* From tests/host/test_buddy.c. */
void buddy_test_save(void);
void buddy_test_restore(void);
int buddy_machine(unsigned long max_pfn, const unsigned long ends[3],
		  unsigned long movable_start);

#define HOST_MB_PFN(mb) ((unsigned long)(mb) << (20 - PAGE_SHIFT))

static const unsigned long slab_host_ends[3] = {
	HOST_MB_PFN(16), HOST_MB_PFN(48), HOST_MB_PFN(64)
};

static int slab_host_init(struct ktest *t)
{
	(void)t;
	buddy_test_save();
	host_console_echo(getenv("SLAB_ECHO") != NULL);
	host_console_clear();
	slub_debug_reset();
	if (buddy_machine(HOST_MB_PFN(64), slab_host_ends, 0))
		return -1;
	kmem_cache_init();
	return 0;
}

static void slab_host_exit(struct ktest *t)
{
	slab_suite_exit(t);
	slub_debug_reset();
	buddy_test_restore();
}

static void test_slub_debug_parse(struct ktest *t)
{
	const slab_flags_t all = SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON |
				 SLAB_STORE_USER;

	EXPECT_EQ(t, slub_debug_flags_for("kmalloc-64"), 0);
	EXPECT_EQ(t, slub_debug_parse(NULL), 0);
	EXPECT_EQ(t, slub_debug_flags_for("kmalloc-64"), all);
	EXPECT_EQ(t, slub_debug_parse(",kmalloc-64"), 0);
	EXPECT_EQ(t, slub_debug_flags_for("kmalloc-64"), all);
	EXPECT_EQ(t, slub_debug_flags_for("kmalloc-32"), 0);
	EXPECT_EQ(t, slub_debug_flags_for("kmalloc-640"), 0);
	EXPECT_EQ(t, slub_debug_parse("zp"), 0);
	EXPECT_EQ(t, slub_debug_flags_for("dentry"), SLAB_RED_ZONE | SLAB_POISON);
	EXPECT_EQ(t, slub_debug_parse("F,kmalloc-*;Z,dentry,inode"), 0);
	EXPECT_EQ(t, slub_debug_flags_for("kmalloc-dma-8"), SLAB_CONSISTENCY_CHECKS);
	EXPECT_EQ(t, slub_debug_flags_for("inode"), SLAB_RED_ZONE);
	EXPECT_EQ(t, slub_debug_flags_for("task"), 0);
	EXPECT_EQ(t, slub_debug_parse("P;-,kmalloc-8"), 0);
	EXPECT_EQ(t, slub_debug_flags_for("kmalloc-8"), 0);
	EXPECT_EQ(t, slub_debug_flags_for("kmalloc-16"), SLAB_POISON);
	/* Malformed: rejected, the previous setting stays. */
	EXPECT_EQ(t, slub_debug_parse("ZQ"), -22);
	EXPECT_EQ(t, slub_debug_flags_for("kmalloc-16"), SLAB_POISON);
	EXPECT_EQ(t, slub_debug_parse(""), 0);
	EXPECT_EQ(t, slub_debug_flags_for("x"), all);
	slub_debug_reset();
	EXPECT_EQ(t, slub_debug_flags_for("x"), 0);
}

/* slub_debug=,NAME turns debugging on for a cache created without flags. */
static void test_slub_debug_applies_to_cache(struct ktest *t)
{
	struct kmem_cache *s, *plain;
	u8 *p;

	ASSERT_EQ(t, slub_debug_parse("ZP,slabtest-param"), 0);
	s = kmem_cache_create("slabtest-param", 24, 0, 0, NULL);
	plain = kmem_cache_create("slabtest-plain", 24, 0, 0, NULL);
	slub_debug_reset();
	ASSERT_NOT_NULL(t, s);
	ASSERT_NOT_NULL(t, plain);
	EXPECT_EQ(t, s->flags & (SLAB_RED_ZONE | SLAB_POISON), SLAB_RED_ZONE | SLAB_POISON);
	EXPECT_EQ(t, plain->flags & SLAB_DEBUG_FLAGS, 0);
	EXPECT_GT(t, s->size, plain->size);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_NOT_NULL(t, p);
	host_console_clear();
	p[24] = 1;
	kmem_cache_free(s, p);
	EXPECT_TRUE(t, host_console_contains("BUG slabtest-param (Not tainted): Redzone overwritten"));
	kmem_cache_destroy(s);
	kmem_cache_destroy(plain);
}

static void test_report_texts(struct ktest *t)
{
	struct kmem_cache *s = debug_cache();
	u8 *p;

	ASSERT_NOT_NULL(t, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_NOT_NULL(t, p);
	host_console_clear();
	p[62] = 0x11;
	kmem_cache_free(s, p);
	EXPECT_TRUE(t, host_console_contains("BUG slabtest-debug (Not tainted): Redzone overwritten"));
	EXPECT_TRUE(t, host_console_contains("First byte 0x11 instead of 0xcc"));
	EXPECT_TRUE(t, host_console_contains("FIX slabtest-debug: Restoring Redzone"));
	host_console_clear();
	p[5] = 0;
	p = kmem_cache_alloc(s, GFP_KERNEL);
	EXPECT_TRUE(t, host_console_contains("BUG slabtest-debug (Not tainted): Poison overwritten"));
	EXPECT_TRUE(t, host_console_contains("First byte 0x0 instead of 0x6b"));
	EXPECT_TRUE(t, host_console_contains("INFO: Object "));
	host_console_clear();
	kmem_cache_free(s, p);
	kmem_cache_free(s, p);
	EXPECT_TRUE(t, host_console_contains("BUG slabtest-debug (Not tainted): Object already free"));
	host_console_clear();
	kfree(kmalloc(1, GFP_KERNEL | __GFP_HIGHMEM));
	EXPECT_TRUE(t, host_console_contains(
		"Unexpected gfp: 0x2 (__GFP_HIGHMEM). Fixing up to gfp: 0x6000c0 (GFP_KERNEL). Fix your code!"));
	kmem_cache_destroy(s);
}

static void test_slabinfo_format(struct ktest *t)
{
	void *p = kmalloc(60, GFP_KERNEL);

	host_console_clear();
	slabinfo_show();
	EXPECT_TRUE(t, host_console_contains("slabinfo - version: 2.1\n"));
	EXPECT_TRUE(t, host_console_contains(
		"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
		" : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs>"
		" <num_slabs> <sharedavail>\n"));
	EXPECT_TRUE(t, host_console_contains(
		"kmalloc-64             1     64     64   64    1 : tunables    0    0    0"
		" : slabdata      1      1      0\n"));
	EXPECT_TRUE(t, host_console_contains(
		"kmalloc-8192           0      0   8192    1    2 : tunables    0    0    0"
		" : slabdata      0      0      0\n"));
	kfree(p);
	EXPECT_EQ(t, slab_total_active_objects(), 0);
}

/* Seeded random alloc/free storm over all sizes, content checked. */
static void test_random_storm(struct ktest *t)
{
	u32 x = 12345;
	size_t sizes[256];
	unsigned long bad = 0, reports = slab_report_count();

	memset(slabt_objs, 0, sizeof(void *) * 256);
	for (int round = 0; round < 20000; round++) {
		unsigned int i;

		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		i = x % 256;
		if (slabt_objs[i]) {
			if (!check(slabt_objs[i], sizes[i], i))
				bad++;
			kfree(slabt_objs[i]);
			slabt_objs[i] = NULL;
		} else {
			sizes[i] = 1 + (x >> 8) % (x & 1 ? 200 : 20000);
			slabt_objs[i] = kmalloc(sizes[i], GFP_KERNEL | ((x & 2) ? GFP_DMA : 0));
			if (!slabt_objs[i]) {
				bad++;
				continue;
			}
			fill(slabt_objs[i], sizes[i], i);
		}
		if (!mm_invariants_check("slab_storm", (unsigned long)round, MM_INV_ANY_KMAPS)) {
			bad++;
			break;
		}
	}
	for (int i = 0; i < 256; i++) {
		if (slabt_objs[i] && !check(slabt_objs[i], sizes[i], i))
			bad++;
		kfree(slabt_objs[i]);
	}
	EXPECT_EQ(t, bad, 0);
	EXPECT_EQ(t, slab_total_active_objects(), 0);
	EXPECT_EQ(t, slab_report_count(), reports);
}

static const struct ktest_case slab_host_cases[] = {
	SLAB_COMMON_CASES,
	KTEST_CASE(test_slub_debug_parse),
	KTEST_CASE(test_slub_debug_applies_to_cache),
	KTEST_CASE(test_report_texts),
	KTEST_CASE(test_slabinfo_format),
	KTEST_CASE(test_random_storm),
	{}
};
KTEST_SUITE_FULL(slab_host, slab_host_init, slab_host_exit, slab_host_cases);
