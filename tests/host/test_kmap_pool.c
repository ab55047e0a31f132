/* Host tests for the lock-free paths of mm/highmem.c's kmap pool: pages
 * sharing a hash bucket (only the bucket's first slot is tried without
 * kmap_lock; the others are found under it), a wrong first slot given back
 * untouched, and kunmap() leaving a slot unused through either path. */
#include <kernel/ktest.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <asm/vmlayout.h>
#include "highmem_host.h"
#include "../kernel/test_pages.h"

/* mm/highmem.c's bucket count: pfns this far apart share a bucket. */
#define KP_BUCKET_STRIDE 128

/* B is mapped after A in A's bucket, so B's slot heads it: A's second
 * kmap() and its kunmap()s go through kmap_lock, B's through the
 * lock-free paths; every count ends where it should. */
static void test_shared_bucket(struct ktest *t)
{
	struct page *a = high(3), *b = high(3 + KP_BUCKET_STRIDE);
	void *va, *vb;

	va = kmap(a);
	vb = kmap(b);
	ASSERT_NOT_NULL(t, va);
	ASSERT_NOT_NULL(t, vb);
	EXPECT_TRUE(t, va != vb);
	EXPECT_TRUE(t, kmap(a) == va);
	EXPECT_EQ(t, pkmap_slot_count(va), 3);
	EXPECT_TRUE(t, kmap(b) == vb);
	EXPECT_EQ(t, pkmap_slot_count(vb), 3);
	kunmap(a);
	kunmap(b);
	EXPECT_EQ(t, pkmap_slot_count(va), 2);
	EXPECT_EQ(t, pkmap_slot_count(vb), 2);
	kunmap(a);
	kunmap(b);
	EXPECT_EQ(t, pkmap_slot_count(va), 1);
	EXPECT_EQ(t, pkmap_slot_count(vb), 1);
	EXPECT_EQ(t, kmap_slots_in_use(), 0);
	EXPECT_EQ(t, kmap_stats_now().bad_kunmap, 0);
	/* A slot left unused is not a mapping to release. */
	kunmap(b);
	EXPECT_EQ(t, kmap_stats_now().bad_kunmap, 1);
	EXPECT_EQ(t, pkmap_slot_count(vb), 1);
}

/* The bucket's first slot belongs to another page: the lock-free kmap()
 * takes a reference on it, sees the pfn differ and gives it back, and the
 * page gets its own slot under the lock. */
static void test_wrong_first_slot_given_back(struct ktest *t)
{
	struct page *a = high(9), *c = high(9 + 2 * KP_BUCKET_STRIDE);
	void *va, *vc;

	va = kmap(a);
	ASSERT_NOT_NULL(t, va);
	kunmap(a);
	EXPECT_EQ(t, pkmap_slot_count(va), 1);
	vc = kmap(c);
	ASSERT_NOT_NULL(t, vc);
	EXPECT_TRUE(t, vc != va);
	EXPECT_EQ(t, pkmap_slot_count(va), 1);
	EXPECT_EQ(t, pkmap_slot_count(vc), 2);
	*host_ptr(vc) = HT_PATTERN;
	EXPECT_EQ(t, *(u32 *)((char *)host_phys_base() + page_to_phys(c)), HT_PATTERN);
	EXPECT_TRUE(t, kmap_page_address(a) == va);
	kunmap(c);
	EXPECT_EQ(t, kmap_slots_in_use(), 0);
	EXPECT_EQ(t, kmap_stats_now().bad_kunmap, 0);
}

static const struct ktest_case kmap_pool_host_cases[] = {
	KTEST_CASE(test_shared_bucket),
	KTEST_CASE(test_wrong_first_slot_given_back),
	{}
};
KTEST_SUITE_FULL(kmap_pool_host, highmem_init, highmem_exit, kmap_pool_host_cases);
