/* In-kernel tests of highmem mappings on real page tables: every highmem
 * frame (a strided sample on big machines) written through kmap_atomic and
 * read back through kmap, zeroed highmem pages, and the clear and copy
 * helpers. The kmap pool and the kmap_atomic stack have their own suites
 * (tests/kernel/kmap_test.c, kmap_atomic_test.c). Highmem cases skip when
 * ZONE_HIGHMEM is empty (less than 896 MiB of RAM). */
#include <kernel/ktest.h>
#include <kernel/string.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include "highmem_util.h"
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
#define HT_ZERO_PAGES    64
#define HT_DIRT          0xa5

static void free_list_blocks(struct list_head *blocks, unsigned int order)
{
	while (!list_empty(blocks)) {
		struct page *p = list_first_entry(blocks, struct page, lru);

		list_del(&p->lru);
		__free_pages(p, order);
	}
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
	KTEST_CASE(test_zeroed_highmem),
	KTEST_CASE(test_clear_and_copy_helpers),
	{}
};
KTEST_SUITE(highmem, highmem_cases);
