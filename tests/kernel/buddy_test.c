/* In-kernel: the buddy allocator on the real machine. Fallback between
 * zones, watermarks and reserves, exhaustion, split/merge storms, zeroing,
 * compound pages and the bad_page cases. Memory is exhausted with high
 * orders first, and allocated blocks are chained through their own
 * page->lru, so no other memory is needed. Every case gives back all it
 * took (the free_pages state hook checks). */
#include <kernel/ktest.h>
#include <kernel/string.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "bad_page_cases.h"
#include "test_pages.h"

#include "mm_invariants.h"

static struct zone *Z(int idx)
{
	return &contig_page_data.node_zones[idx];
}

/* Allocate with gfp until it fails, orders MAX_ORDER-1 down to 0. Returns
 * pages taken. zone_seq_ok (optional) is cleared unless, within each order,
 * zones are first used from the top down: a lower zone serves only once the
 * zones above it are short. Only zones that pass the fast path's low-mark
 * check for that order when the order starts take part: a zone already
 * below it (a 1 MiB Normal zone on a 17 MiB machine, a HighMem zone with no
 * block of that order) is skipped by the fast path and may be used later by
 * the slow path's min mark, which is Linux's behaviour too. */
static unsigned long drain(gfp_t gfp, struct list_head *list, bool *zone_seq_ok)
{
	int classzone = gfp_zone(gfp);
	unsigned long n = 0;

	for (int order = MAX_ORDER - 1; order >= 0; order--) {
		bool seen[MAX_NR_ZONES] = { false }, eligible[MAX_NR_ZONES];
		int lowest_seen = MAX_NR_ZONES;
		struct page *p;

		for (int zi = 0; zi < MAX_NR_ZONES; zi++)
			eligible[zi] = zone_watermark_ok(Z(zi), (unsigned int)order,
							 low_wmark_pages(Z(zi)), classzone,
							 ALLOC_WMARK_LOW);
		while ((p = alloc_pages(gfp | __GFP_NOWARN, (unsigned int)order))) {
			int zi = page_zonenum(p);

			if (!seen[zi] && eligible[zi]) {
				if (zone_seq_ok && zi > lowest_seen)
					*zone_seq_ok = false;
				seen[zi] = true;
				lowest_seen = zi;
			}
			list_add(&p->lru, list);
			n += 1UL << order;
		}
	}
	return n;
}

static unsigned long undrain(struct list_head *list)
{
	unsigned long n = 0;

	while (!list_empty(list)) {
		struct page *p = list_first_entry(list, struct page, lru);

		list_del(&p->lru);
		n += 1UL << p->private;
		__free_pages(p, (unsigned int)p->private);
	}
	return n;
}

static bool list_has_zone(struct list_head *list, int zone, bool want)
{
	struct page *p;

	list_for_each_entry(p, list, lru)
		if ((page_zonenum(p) == zone) == want)
			return true;
	return false;
}

static void test_fallback_highuser(struct ktest *t)
{
	LIST_HEAD(blocks);
	bool seq_ok = true;

	if (!populated_zone(Z(ZONE_HIGHMEM)))
		KTEST_SKIP(t, "no HighMem on this machine");
	drain(GFP_HIGHUSER, &blocks, &seq_ok);
	EXPECT_TRUE(t, seq_ok);
	EXPECT_TRUE(t, list_has_zone(&blocks, ZONE_HIGHMEM, true));
	if (populated_zone(Z(ZONE_NORMAL)))
		EXPECT_TRUE(t, list_has_zone(&blocks, ZONE_NORMAL, true));
	/* With more than about 4 GiB above it, ZONE_DMA's lowmem_reserve for
	 * HighMem allocations (1/256 of the zones above) is larger than the
	 * zone itself: GFP_HIGHUSER may never take a DMA page, as in Linux. */
	if (populated_zone(Z(ZONE_DMA)) &&
	    Z(ZONE_DMA)->managed_pages > Z(ZONE_DMA)->lowmem_reserve[ZONE_HIGHMEM] +
					 min_wmark_pages(Z(ZONE_DMA)))
		EXPECT_TRUE(t, list_has_zone(&blocks, ZONE_DMA, true));
	EXPECT_LE(t, Z(ZONE_HIGHMEM)->free_pages, min_wmark_pages(Z(ZONE_HIGHMEM)));
	EXPECT_NULL(t, alloc_page(GFP_HIGHUSER | __GFP_NOWARN));
	undrain(&blocks);
	EXPECT_TRUE(t, free_lists_check());
}

static void test_kernel_never_highmem(struct ktest *t)
{
	unsigned long high_free;
	LIST_HEAD(blocks);
	bool seq_ok = true;

	/* The failing GFP_KERNEL attempts drain every zone's per-CPU lists,
	 * HighMem's too: start from drained lists. */
	drain_all_pages();
	high_free = Z(ZONE_HIGHMEM)->free_pages;

	EXPECT_GT(t, drain(GFP_KERNEL, &blocks, &seq_ok), 0);
	EXPECT_TRUE(t, seq_ok);
	EXPECT_FALSE(t, list_has_zone(&blocks, ZONE_HIGHMEM, true));
	EXPECT_FALSE(t, list_has_zone(&blocks, ZONE_MOVABLE, true));
	EXPECT_EQ(t, Z(ZONE_HIGHMEM)->free_pages, high_free);
	undrain(&blocks);
}

static void test_dma_never_leaves_dma(struct ktest *t)
{
	LIST_HEAD(blocks);

	if (!populated_zone(Z(ZONE_DMA)))
		KTEST_SKIP(t, "no DMA zone on this machine");
	EXPECT_GT(t, drain(GFP_DMA | GFP_KERNEL, &blocks, NULL), 0);
	EXPECT_FALSE(t, list_has_zone(&blocks, ZONE_DMA, false));
	undrain(&blocks);
}

/* GFP_KERNEL stops at min, GFP_ATOMIC at 37.5 % of it (min/2 then a
 * further quarter), __GFP_NOMEMALLOC keeps a mask from the no-watermark
 * reserve that __GFP_MEMALLOC empties. Checked on the classzone's own
 * zone (Normal, else DMA). */
static void test_watermark_reserves(struct ktest *t)
{
	int zi = populated_zone(Z(ZONE_NORMAL)) ? ZONE_NORMAL : ZONE_DMA;
	struct zone *z = Z(zi);
	gfp_t base = zi == ZONE_DMA ? GFP_DMA : 0;
	unsigned long min = min_wmark_pages(z), m1 = min - min / 2, m2 = m1 - m1 / 4;
	LIST_HEAD(blocks);

	if (!populated_zone(z))
		KTEST_SKIP(t, "no lowmem zone");
	drain(base | GFP_KERNEL, &blocks, NULL);
	EXPECT_EQ(t, z->free_pages, min);
	drain(base | GFP_ATOMIC | __GFP_NOMEMALLOC, &blocks, NULL);
	EXPECT_EQ(t, z->free_pages, m1);
	drain(base | GFP_ATOMIC, &blocks, NULL);
	EXPECT_EQ(t, z->free_pages, m2);
	drain(base | GFP_KERNEL | __GFP_MEMALLOC | __GFP_NOMEMALLOC, &blocks, NULL);
	EXPECT_EQ(t, z->free_pages, m2);
	drain(base | GFP_KERNEL | __GFP_MEMALLOC, &blocks, NULL);
	EXPECT_EQ(t, z->free_pages, 0);
	undrain(&blocks);
	EXPECT_TRUE(t, free_lists_check());
}

/* Lower zones keep lowmem_reserve from requests that could use higher. */
static void test_lowmem_reserve_protects_dma(struct ktest *t)
{
	struct zone *d = Z(ZONE_DMA);
	LIST_HEAD(blocks);

	if (!populated_zone(d) || !populated_zone(Z(ZONE_NORMAL)))
		KTEST_SKIP(t, "needs DMA and Normal");
	drain(GFP_KERNEL, &blocks, NULL);
	EXPECT_EQ(t, d->free_pages, min_wmark_pages(d) + d->lowmem_reserve[ZONE_NORMAL]);
	undrain(&blocks);
}

static void test_exhaustion_returns_everything(struct ktest *t)
{
	unsigned long before[MAX_NR_ZONES][MAX_ORDER], after[MAX_NR_ZONES][MAX_ORDER];
	unsigned long free0 = nr_free_pages(), got;
	LIST_HEAD(blocks);

	buddyinfo_snapshot(before);
	got = drain(GFP_HIGHUSER_MOVABLE | __GFP_MEMALLOC, &blocks, NULL);
	EXPECT_EQ(t, got, free0);
	EXPECT_EQ(t, nr_free_pages(), 0);
	EXPECT_NULL(t, alloc_page(GFP_ATOMIC | __GFP_MEMALLOC | __GFP_NOWARN));
	EXPECT_EQ(t, __get_free_pages(GFP_KERNEL | __GFP_NOWARN, 0), 0);
	EXPECT_EQ(t, undrain(&blocks), got);
	EXPECT_EQ(t, nr_free_pages(), free0);
	buddyinfo_snapshot(after);
	EXPECT_EQ(t, memcmp(before, after, sizeof(before)), 0);
}

static u32 rng_state;
static u32 rng(void)
{
	return xorshift32(&rng_state);
}

#define STORM_SLOTS 128
#define STORM_OPS   4000

static const gfp_t storm_masks[] = {
	GFP_KERNEL, GFP_ATOMIC, GFP_HIGHUSER, GFP_HIGHUSER_MOVABLE, GFP_DMA,
	GFP_KERNEL | __GFP_RECLAIMABLE, GFP_NOWAIT, GFP_USER | __GFP_COMP,
};

static void test_split_merge_storm(struct ktest *t)
{
	unsigned long before[MAX_NR_ZONES][MAX_ORDER], after[MAX_NR_ZONES][MAX_ORDER];
	static struct page *slot[STORM_SLOTS];
	static unsigned int slot_order[STORM_SLOTS];
	unsigned long free0 = nr_free_pages(), held = 0;
	int i, bad = 0;

	buddyinfo_snapshot(before);
	rng_state = 0xC0FFEE;
	memset(slot, 0, sizeof(slot));
	for (i = 0; i < STORM_OPS; i++) {
		unsigned int s = rng() % STORM_SLOTS;

		if (slot[s]) {
			__free_pages(slot[s], slot_order[s]);
			held -= 1UL << slot_order[s];
			slot[s] = NULL;
		} else {
			gfp_t gfp = storm_masks[rng() % ARRAY_SIZE(storm_masks)];
			unsigned int order = rng() % 8;

			slot[s] = alloc_pages(gfp | __GFP_NOWARN, order);
			if (!slot[s])
				continue;
			if (!IS_ALIGNED(page_to_pfn(slot[s]), 1UL << order) ||
			    page_zonenum(slot[s]) > gfp_zone(gfp))
				bad++;
			slot_order[s] = order;
			held += 1UL << order;
		}
		if (nr_free_pages() + held != free0)
			bad++;
		if (!mm_invariants_check("split_merge_storm", (unsigned long)i, MM_INV_ANY_KMAPS)) {
			bad++;
			break;
		}
	}
	EXPECT_TRUE(t, free_lists_check());
	for (i = 0; i < STORM_SLOTS; i++)
		if (slot[i])
			__free_pages(slot[i], slot_order[i]);
	EXPECT_EQ(t, bad, 0);
	buddyinfo_snapshot(after);
	EXPECT_EQ(t, memcmp(before, after, sizeof(before)), 0);
	EXPECT_TRUE(t, free_lists_check());
}

static bool page_is_zero(struct page *p)
{
	const unsigned char *b = kmap_atomic(p);
	bool zero = true;
	unsigned long i;

	for (i = 0; i < PAGE_SIZE; i++)
		if (b[i]) {
			zero = false;
			break;
		}
	kunmap_atomic((void *)b);
	return zero;
}

static void zeroing_in(struct ktest *t, gfp_t gfp)
{
	struct page *p = alloc_pages(gfp, 1);
	void *v;

	ASSERT_NOT_NULL(t, p);
	v = kmap_atomic(p);
	memset(v, 0x5a, PAGE_SIZE);
	kunmap_atomic(v);
	v = kmap_atomic(p + 1);
	memset(v, 0x5a, PAGE_SIZE);
	kunmap_atomic(v);
	__free_pages(p, 1);
	p = alloc_pages(gfp | __GFP_ZERO, 1);
	ASSERT_NOT_NULL(t, p);
	EXPECT_TRUE(t, page_is_zero(p));
	EXPECT_TRUE(t, page_is_zero(p + 1));
	__free_pages(p, 1);
}

static void test_zeroing_lowmem(struct ktest *t)
{
	unsigned long a;

	zeroing_in(t, GFP_KERNEL);
	a = get_zeroed_page(GFP_KERNEL);
	ASSERT_NE(t, a, 0);
	EXPECT_TRUE(t, page_is_zero(virt_to_page((void *)a)));
	free_page(a);
}

static void test_zeroing_highmem(struct ktest *t)
{
	if (!populated_zone(Z(ZONE_HIGHMEM)))
		KTEST_SKIP(t, "no HighMem on this machine");
	zeroing_in(t, GFP_HIGHUSER);
}

static void test_compound(struct ktest *t)
{
	unsigned long free0 = nr_free_pages();
	struct page *p = alloc_pages(GFP_KERNEL | __GFP_COMP, 4);
	int i, tails_ok = 1;

	ASSERT_NOT_NULL(t, p);
	EXPECT_TRUE(t, PageHead(p));
	EXPECT_EQ(t, compound_order(p), 4);
	for (i = 1; i < 16; i++)
		tails_ok &= PageTail(p + i) && compound_head(p + i) == p;
	EXPECT_TRUE(t, tails_ok);
	get_page(p);
	put_page(p + 3);
	EXPECT_EQ(t, nr_free_pages(), free0 - 16);
	put_page(p + 9);
	EXPECT_EQ(t, nr_free_pages(), free0);
	EXPECT_FALSE(t, PageTail(p + 1));
}

static void test_accounting(struct ktest *t)
{
	unsigned long acc0 = nr_accounted_pages();
	struct page *p = alloc_pages(GFP_KERNEL_ACCOUNT, 1);

	ASSERT_NOT_NULL(t, p);
	EXPECT_EQ(t, nr_accounted_pages(), acc0 + 2);
	__free_pages(p, 1);
	EXPECT_EQ(t, nr_accounted_pages(), acc0);
}

static void test_bad_page_cases(struct ktest *t)
{
	bad_page_cases(t);
}

static void test_poison_fill(struct ktest *t)
{
	struct page *p = alloc_page(GFP_KERNEL);
	const unsigned char *b;
	unsigned long i, wrong = 0;

	ASSERT_NOT_NULL(t, p);
	kernel_poison_pages(p, 0);
	EXPECT_TRUE(t, PagePoisoned(p));
	b = page_address(p);
	for (i = 0; i < PAGE_SIZE; i++)
		wrong += b[i] != PAGE_POISON;
	EXPECT_EQ(t, wrong, 0);
	kernel_check_poison(p, 0);                     /* intact: silent, clears the mark */
	EXPECT_FALSE(t, PagePoisoned(p));
	__free_page(p);
}

/* ---- per-CPU lists ---------------------------------------------------- */

/* The zone GFP_KERNEL allocations come from first, and a mask for it. */
static struct zone *pcp_zone(gfp_t *gfp)
{
	*gfp = populated_zone(Z(ZONE_NORMAL)) ? GFP_KERNEL : GFP_KERNEL | GFP_DMA;
	return populated_zone(Z(ZONE_NORMAL)) ? Z(ZONE_NORMAL) : Z(ZONE_DMA);
}

static void raw_buddyinfo(unsigned long out[MAX_NR_ZONES][MAX_ORDER])
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			out[z][o] = Z(z)->free_area[o].nr_free;
}

/* Linux 4.19's sizing: batch 2^n - 1 (0 for zones under 32 MiB, then
 * high 0 and batch 1), high 6 * batch. */
static void test_pcp_sizing(struct ktest *t)
{
	struct zone *z;

	for_each_populated_zone(z) {
		unsigned long b = min(z->managed_pages / 1024, 128UL) / 4;

		zone_pcp_update(z);
		b = b < 2 ? 0 : b < 3 ? 1 : b < 6 ? 3 : b < 11 ? 7 : b < 22 ? 15 : 31;
		EXPECT_EQ(t, z->pcp[smp_processor_id()].batch, b ? (int)b : 1);
		EXPECT_EQ(t, z->pcp[smp_processor_id()].high, 6 * (int)b);
	}
}

/* An order-0 allocation from an empty list takes batch pages from the
 * buddy lists; the next batch - 1 allocations leave the buddy alone. */
static void test_pcp_refill_in_batches(struct ktest *t)
{
	unsigned long free0 = nr_free_pages(), buddy0;
	LIST_HEAD(pages);
	struct zone *z;
	struct page *p;
	gfp_t gfp;
	int i, batch;

	z = pcp_zone(&gfp);
	zone_pcp_update(z);
	batch = z->pcp[smp_processor_id()].batch;
	drain_all_pages();
	EXPECT_EQ(t, nr_pcp_pages(), 0);
	buddy0 = z->free_pages;
	for (i = 0; i < batch; i++) {
		p = alloc_page(gfp);
		ASSERT_NOT_NULL(t, p);
		EXPECT_TRUE(t, page_zone(p) == z);
		list_add(&p->lru, &pages);
		EXPECT_EQ(t, z->pcp[smp_processor_id()].count, batch - 1 - i);
		EXPECT_EQ(t, z->free_pages, buddy0 - (unsigned long)batch);
	}
	EXPECT_EQ(t, nr_free_pages(), free0 - (unsigned long)batch);
	undrain(&pages);
	EXPECT_EQ(t, nr_free_pages(), free0);
}

/* Frees collect on the lists until count reaches high, which returns
 * batch pages to the buddy lists. */
static void test_pcp_spill_at_high(struct ktest *t)
{
	unsigned long buddy0;
	LIST_HEAD(pages);
	struct zone *z;
	struct page *p;
	gfp_t gfp;
	int i, high, batch;

	z = pcp_zone(&gfp);
	zone_pcp_update(z);
	high = z->pcp[smp_processor_id()].high;
	batch = z->pcp[smp_processor_id()].batch;
	for (i = 0; i < max(high, 1); i++) {
		p = alloc_page(gfp);
		ASSERT_NOT_NULL(t, p);
		list_add(&p->lru, &pages);
	}
	drain_all_pages();
	buddy0 = z->free_pages;
	for (i = 1; !list_empty(&pages); i++) {
		p = list_first_entry(&pages, struct page, lru);
		list_del(&p->lru);
		__free_page(p);
		if (i < high) {
			EXPECT_EQ(t, z->pcp[smp_processor_id()].count, i);
			EXPECT_EQ(t, z->free_pages, buddy0);
		}
	}
	/* The high-th free spilled batch pages (a tiny zone: high 0, batch 1,
	 * every free goes straight back). */
	EXPECT_EQ(t, z->pcp[smp_processor_id()].count, max(high, 1) - batch);
	EXPECT_EQ(t, z->free_pages, buddy0 + (unsigned long)batch);
	EXPECT_TRUE(t, free_lists_check());
}

/* drain_all_pages() empties every list; the buddy lists are then exactly
 * what they were (buddies always merge). */
static void test_pcp_drain_restores_buddyinfo(struct ktest *t)
{
	static unsigned long before[MAX_NR_ZONES][MAX_ORDER], after[MAX_NR_ZONES][MAX_ORDER];
	static const gfp_t masks[] = {
		GFP_KERNEL, GFP_KERNEL | __GFP_RECLAIMABLE, GFP_HIGHUSER_MOVABLE, GFP_HIGHUSER,
		GFP_ATOMIC, GFP_DMA,
	};
	unsigned long free0;
	LIST_HEAD(pages);
	bool any_high = false;
	struct zone *z;

	drain_all_pages();
	raw_buddyinfo(before);
	free0 = nr_free_pages();
	for (unsigned int i = 0; i < 600; i++) {
		struct page *p = alloc_page(masks[i % ARRAY_SIZE(masks)] | __GFP_NOWARN);

		if (p)
			list_add(&p->lru, &pages);
	}
	undrain(&pages);
	for_each_populated_zone(z)
		any_high |= z->pcp[smp_processor_id()].high > 0;
	if (any_high)
		EXPECT_GT(t, nr_pcp_pages(), 0);
	EXPECT_EQ(t, nr_free_pages(), free0);
	drain_all_pages();
	EXPECT_EQ(t, nr_pcp_pages(), 0);
	EXPECT_EQ(t, nr_free_pages(), free0);
	raw_buddyinfo(after);
	EXPECT_EQ(t, memcmp(before, after, sizeof(before)), 0);
	EXPECT_TRUE(t, free_lists_check());
}

/* Pages waiting on a per-CPU list of another migratetype are found when
 * the buddy lists run dry: a failing attempt drains and retries. */
static void test_pcp_pages_found_when_buddy_empty(struct ktest *t)
{
	unsigned long free0, got;
	LIST_HEAD(pages);
	LIST_HEAD(blocks);
	struct zone *z;
	gfp_t gfp;

	z = pcp_zone(&gfp);
	zone_pcp_update(z);
	if (z->pcp[smp_processor_id()].high < 2)
		KTEST_SKIP(t, "the zone is too small to keep pages on its lists");
	drain_all_pages();
	for (int i = 0; i < z->pcp[smp_processor_id()].high - 1; i++) {
		struct page *p = alloc_page(gfp);

		ASSERT_NOT_NULL(t, p);
		list_add(&p->lru, &pages);
	}
	drain_all_pages();
	undrain(&pages);            /* unmovable pages, on the lists */
	EXPECT_EQ(t, z->pcp[smp_processor_id()].count, z->pcp[smp_processor_id()].high - 1);
	free0 = nr_free_pages();
	got = drain(GFP_HIGHUSER_MOVABLE | __GFP_MEMALLOC, &blocks, NULL);
	EXPECT_EQ(t, got, free0);
	EXPECT_EQ(t, nr_pcp_pages(), 0);
	EXPECT_EQ(t, nr_free_pages(), 0);
	undrain(&blocks);
	EXPECT_EQ(t, nr_free_pages(), free0);
}

static void test_free_lists_intact(struct ktest *t)
{
	EXPECT_TRUE(t, free_lists_check());
	EXPECT_EQ(t, bad_pages_quarantined(), 0);
}

static const struct ktest_case buddy_kcases[] = {
	KTEST_CASE(test_free_lists_intact),
	KTEST_CASE(test_fallback_highuser),
	KTEST_CASE(test_kernel_never_highmem),
	KTEST_CASE(test_dma_never_leaves_dma),
	KTEST_CASE(test_watermark_reserves),
	KTEST_CASE(test_lowmem_reserve_protects_dma),
	KTEST_CASE(test_exhaustion_returns_everything),
	KTEST_CASE(test_split_merge_storm),
	KTEST_CASE(test_zeroing_lowmem),
	KTEST_CASE(test_zeroing_highmem),
	KTEST_CASE(test_compound),
	KTEST_CASE(test_accounting),
	KTEST_CASE(test_bad_page_cases),
	KTEST_CASE(test_poison_fill),
	KTEST_CASE(test_pcp_sizing),
	KTEST_CASE(test_pcp_refill_in_batches),
	KTEST_CASE(test_pcp_spill_at_high),
	KTEST_CASE(test_pcp_drain_restores_buddyinfo),
	KTEST_CASE(test_pcp_pages_found_when_buddy_empty),
	{}
};
KTEST_SUITE_ALONE(buddy, "asserts exact buddy and per-CPU list counts, exhausts zones", buddy_kcases);

/* State hook: buddyinfo itself, not just the free page count, must be the
 * same after every suite (buddyinfo after the self-tests equals buddyinfo
 * before them). Empty slabs are returned first, so a cache that
 * keeps one between suites does not count, and the snapshot drains the
 * per-CPU lists; what is left is a pure function of the set of free pages,
 * since buddies always merge. The sample is an
 * FNV-1a hash of the snapshot. */
static unsigned long buddyinfo_hash(void)
{
	unsigned long snap[MAX_NR_ZONES][MAX_ORDER];
	u32 h = 2166136261u;

	kmem_cache_shrink_all();
	buddyinfo_snapshot(snap);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			h = (h ^ (u32)snap[z][o]) * 16777619u;
	return h;
}
KTEST_STATE_HOOK(buddyinfo, buddyinfo_hash);
