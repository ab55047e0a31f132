/* Allocator behaviour at its edges, where a one-line bug would otherwise
 * pass every suite: which list a slab is on against its inuse count, the
 * retry rules on both sides of PAGE_ALLOC_COSTLY_ORDER, and the pageblock
 * claim decision of a fallback on partly used blocks.
 *
 * The cases run in the kernel (suite "alloc_edges") and, through
 * tests/host/test_alloc_edges.c which includes this file with
 * ALLOC_EDGES_HOST defined, on the host over the simulated 64 MiB machine
 * (suite "alloc_edges_host"). Every case frees what it takes. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <kernel/list.h>
#include <mm/mm.h>
#include <mm/shrinker.h>
#include <mm/slab.h>

/* Everything lowmem has, no reclaim, no kswapd, no report. */
#define AE_FILL_GFP     (__GFP_MEMALLOC | __GFP_NOWARN)
#define AE_OBJ_SIZE     192
/* Linux's MAX_RECLAIM_RETRIES: passes without progress before giving up. */
#define AE_MAX_NO_PROGRESS 16
/* Passes the fake reclaimer reports progress for. */
#define AE_PROGRESS_PASSES 3
/* The pass at which the fake reclaimer gives lowmem back (NOFAIL cases). */
#define AE_RELEASE_PASS    5

/* ------------------------------------------------------------------------
 * Filling lowmem (DMA and Normal) completely, and giving it back.
 */

static unsigned long ae_fill(struct list_head *held)
{
	unsigned long pages = 0;
	int order;

	for (order = MAX_ORDER - 1; order >= 0; order--) {
		struct page *p;

		while ((p = alloc_pages(AE_FILL_GFP, (unsigned int)order))) {
			list_add(&p->lru, held);
			pages += 1UL << order;
		}
	}
	return pages;
}

static void ae_unfill(struct list_head *held)
{
	while (!list_empty(held)) {
		struct page *p = list_first_entry(held, struct page, lru);

		list_del(&p->lru);
		__free_pages(p, (unsigned int)p->private);
	}
	drain_all_pages();
}

/* ------------------------------------------------------------------------
 * Slab list state.
 */

enum ae_slab_list { AE_NONE, AE_FULL, AE_PARTIAL, AE_EMPTY, AE_SEVERAL };

static bool ae_on_list(const struct list_head *head, const struct page *slab)
{
	const struct list_head *pos;

	for (pos = head->next; pos != head; pos = pos->next)
		if (pos == &slab->lru)
			return true;
	return false;
}

/* The list inuse calls for. */
static enum ae_slab_list ae_list_for(struct kmem_cache *s, const struct page *slab)
{
	unsigned int inuse = slab_objects_in_use(s, slab);

	if (!inuse)
		return AE_EMPTY;
	return inuse == s->objects ? AE_FULL : AE_PARTIAL;
}

/* Which of the cache's lists holds the slab (AE_SEVERAL: more than one).
 * The cache's current slab is on none: it counts as on the list its
 * count calls for. */
static enum ae_slab_list ae_slab_list(struct kmem_cache *s, const struct page *slab)
{
	int n = 0;
	enum ae_slab_list which = AE_NONE;

	if (slab == slab_cpu_page(s, smp_processor_id()))
		return ae_on_list(&s->slabs_full, slab) || ae_on_list(&s->slabs_partial, slab) ||
		       ae_on_list(&s->slabs_empty, slab) ? AE_SEVERAL : ae_list_for(s, slab);

	if (ae_on_list(&s->slabs_full, slab))
		n++, which = AE_FULL;
	if (ae_on_list(&s->slabs_partial, slab))
		n++, which = AE_PARTIAL;
	if (ae_on_list(&s->slabs_empty, slab))
		n++, which = AE_EMPTY;
	return n > 1 ? AE_SEVERAL : which;
}

static struct page *ae_slab_of(const void *obj)
{
	return compound_head(virt_to_page(obj));
}

/* A cache of AE_OBJ_SIZE objects and an array of n objects from it
 * (n = objects per slab times slabs); NULL on failure, nothing left over. */
static struct kmem_cache *ae_cache_filled(const char *name, unsigned int slabs, void ***objs,
					  unsigned int *n)
{
	struct kmem_cache *s = kmem_cache_create(name, AE_OBJ_SIZE, 0, 0, NULL);
	unsigned int i;

	if (!s)
		return NULL;
	*n = slabs * s->objects;
	*objs = kmalloc(*n * sizeof(**objs), GFP_KERNEL);
	for (i = 0; *objs && i < *n; i++) {
		(*objs)[i] = kmem_cache_alloc(s, GFP_KERNEL);
		if (!(*objs)[i])
			break;
	}
	if (*objs && i == *n)
		return s;
	while (*objs && i-- > 0)
		kmem_cache_free(s, (*objs)[i]);
	kfree(*objs);
	kmem_cache_destroy(s);
	return NULL;
}

/* Fill one slab exactly, free one object from the middle: the slab moves
 * from full to partial, the next allocation takes that object back from it
 * and the cache grows no slab; freeing everything leaves it empty. At each
 * step the slab is on exactly the list its inuse count calls for. */
static void test_slab_full_partial_empty(struct ktest *t)
{
	struct kmem_cache *s;
	void **objs;
	struct page *slab;
	unsigned long slabs;
	unsigned int i, n, mid;
	void *again;

	s = ae_cache_filled("ae-lists", 1, &objs, &n);
	ASSERT_NOT_NULL(t, s);
	slab = ae_slab_of(objs[0]);
	for (i = 1; i < n; i++)
		EXPECT_TRUE(t, ae_slab_of(objs[i]) == slab);
	slabs = s->nr_slabs;
	EXPECT_EQ(t, slabs, 1);
	EXPECT_EQ(t, slab_objects_in_use(s, slab), n);
	EXPECT_EQ(t, ae_slab_list(s, slab), AE_FULL);

	mid = n / 2;
	kmem_cache_free(s, objs[mid]);
	EXPECT_EQ(t, slab_objects_in_use(s, slab), n - 1);
	EXPECT_EQ(t, ae_slab_list(s, slab), AE_PARTIAL);
	EXPECT_EQ(t, ae_slab_list(s, slab), ae_list_for(s, slab));

	again = kmem_cache_alloc(s, GFP_KERNEL);
	EXPECT_TRUE(t, again == objs[mid]);
	EXPECT_EQ(t, s->nr_slabs, slabs);
	EXPECT_EQ(t, ae_slab_list(s, slab), AE_FULL);
	if (again)
		objs[mid] = again;

	for (i = 0; i < n; i++) {
		kmem_cache_free(s, objs[i]);
		EXPECT_EQ(t, ae_slab_list(s, slab), ae_list_for(s, slab));
	}
	EXPECT_EQ(t, ae_slab_list(s, slab), AE_EMPTY);
	slab_flush_all(s);      /* the current slab counts as empty once listed */
	EXPECT_EQ(t, s->nr_empty, 1);
	kfree(objs);
	kmem_cache_destroy(s);
}

/* Two full slabs; a free from the first makes it the one the next
 * allocation uses, whichever slab was filled last. */
static void test_slab_free_from_older_full_slab(struct ktest *t)
{
	struct kmem_cache *s;
	void **objs;
	unsigned int i, n;
	struct page *first, *second;
	void *again;

	s = ae_cache_filled("ae-two", 2, &objs, &n);
	ASSERT_NOT_NULL(t, s);
	first = ae_slab_of(objs[0]);
	second = ae_slab_of(objs[n - 1]);
	EXPECT_TRUE(t, first != second);
	EXPECT_EQ(t, s->nr_slabs, 2);
	EXPECT_EQ(t, ae_slab_list(s, first), AE_FULL);
	EXPECT_EQ(t, ae_slab_list(s, second), AE_FULL);
	kmem_cache_free(s, objs[1]);
	EXPECT_EQ(t, ae_slab_list(s, first), AE_PARTIAL);
	EXPECT_EQ(t, ae_slab_list(s, second), AE_FULL);
	again = kmem_cache_alloc(s, GFP_KERNEL);
	EXPECT_TRUE(t, again == objs[1]);
	EXPECT_EQ(t, s->nr_slabs, 2);
	if (again)
		objs[1] = again;
	for (i = 0; i < n; i++)
		kmem_cache_free(s, objs[i]);
	kfree(objs);
	kmem_cache_destroy(s);
}

/* ------------------------------------------------------------------------
 * Retry rules, counted in reclaim passes. Lowmem is full; a fake reclaimer
 * counts its calls, reports progress for the first AE_PROGRESS_PASSES and
 * none after (so nothing is ever freed), or, for the __GFP_NOFAIL cases,
 * gives lowmem back at pass AE_RELEASE_PASS.
 */

static unsigned int ae_passes, ae_release_at;
static struct list_head *ae_held;

static unsigned long ae_reclaim(gfp_t gfp, unsigned int order)
{
	(void)gfp;
	(void)order;
	ae_passes++;
	if (ae_release_at && ae_passes == ae_release_at) {
		ae_unfill(ae_held);
		return SWAP_CLUSTER_MAX;
	}
	return ae_passes <= AE_PROGRESS_PASSES ? SWAP_CLUSTER_MAX : 0;
}

/* Passes a request that keeps retrying makes: the progress passes, then
 * AE_MAX_NO_PROGRESS retries without progress, then the one that stops. */
#define AE_ALL_PASSES (AE_PROGRESS_PASSES + AE_MAX_NO_PROGRESS + 1)

struct ae_retry_case {
	unsigned int order;
	gfp_t extra;
	bool release;           /* give lowmem back at AE_RELEASE_PASS */
	unsigned int passes;
	bool succeeds;
};

static const struct ae_retry_case ae_retry_cases[] = {
	/* Up to the costly order a request retries while reclaim progresses. */
	{ 3, 0, false, AE_ALL_PASSES, false },
	/* Above it, it stops after one pass... */
	{ 4, 0, false, 1, false },
	/* ...unless __GFP_RETRY_MAYFAIL, on both sides. */
	{ 3, __GFP_RETRY_MAYFAIL, false, AE_ALL_PASSES, false },
	{ 4, __GFP_RETRY_MAYFAIL, false, AE_ALL_PASSES, false },
	/* __GFP_NORETRY: one pass, on both sides, and it wins over MAYFAIL. */
	{ 3, __GFP_NORETRY, false, 1, false },
	{ 4, __GFP_NORETRY, false, 1, false },
	{ 3, __GFP_NORETRY | __GFP_RETRY_MAYFAIL, false, 1, false },
	{ 4, __GFP_NORETRY | __GFP_RETRY_MAYFAIL, false, 1, false },
	/* __GFP_NOFAIL retries past NORETRY and the costly order until it
	 * gets its pages; without it the same request stops at once. */
	{ 3, __GFP_NOFAIL | __GFP_NORETRY, true, AE_RELEASE_PASS, true },
	{ 4, __GFP_NOFAIL, true, AE_RELEASE_PASS, true },
	{ 4, __GFP_NOFAIL | __GFP_NORETRY, true, AE_RELEASE_PASS, true },
	{ 4, 0, true, 1, false },
	{ 3, __GFP_NORETRY, true, 1, false },
};

/* Lowmem is filled once and stays full across the cases that fail; only a
 * case that got its pages (lowmem given back) makes the next one refill:
 * filling is what costs (every page poisoned with page_poison=1). */
static void test_retry_rules_at_costly_order(struct ktest *t)
{
	LIST_HEAD(held);
	unsigned int i;

	kswapd_disable();
	page_alloc_set_reclaim(ae_reclaim);
	ae_held = &held;
	for (i = 0; i < ARRAY_SIZE(ae_retry_cases); i++) {
		const struct ae_retry_case *c = &ae_retry_cases[i];
		struct page *p;

		if (list_empty(&held))
			ae_fill(&held);
		ae_passes = 0;
		ae_release_at = c->release ? AE_RELEASE_PASS : 0;
		p = alloc_pages(GFP_KERNEL | c->extra | __GFP_NOWARN, c->order);
		if (ae_passes != c->passes || !!p != c->succeeds)
			ktest_info(t, "case %u: order %u mode %#x: %u passes, %s", i, c->order,
				   GFP_KERNEL | c->extra, ae_passes, p ? "page" : "no page");
		EXPECT_EQ(t, ae_passes, c->passes);
		EXPECT_EQ(t, !!p, c->succeeds);
		ae_release_at = 0;
		if (p) {
			__free_pages(p, c->order);
			ae_unfill(&held);
		}
	}
	ae_unfill(&held);
	page_alloc_set_reclaim(NULL);
	kswapd_enable();
}

/* ------------------------------------------------------------------------
 * Pageblock claim on fallback. Lowmem is full but for one pageblock B of
 * ZONE_NORMAL, set up as: its first nr_free pages free, the next
 * nr_movable allocated and recorded movable, the rest allocated and
 * recorded as the other type, B of migratetype block_mt. A request of
 * start_mt and order must then fall back to B. Linux's rule
 * (mm/page_alloc.c can_steal_fallback(), steal_suitable_fallback()) claims
 * B when the request is unmovable or reclaimable, or the free block it
 * falls back to has at least order pageblock_order / 2, and free pages plus
 * pages "alike" reach half the block (alike: the movable ones for a
 * movable request; for another request from a movable block, the ones
 * neither free nor movable). The free pages are one run from B's start, so
 * they merge into the largest blocks they can.
 */

#define AE_HALF_BLOCK (pageblock_nr_pages / 2)

struct ae_steal_case {
	int start_mt, block_mt, other_mt;
	unsigned int order;
	unsigned long nr_free, nr_movable;
	bool claims;
};

static const struct ae_steal_case ae_steal_cases[] = {
	/* Unmovable from a movable block: alike = block - free - movable. */
	{ MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, 1, 2, AE_HALF_BLOCK, true },
	{ MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, 1, 2, AE_HALF_BLOCK + 1, false },
	/* Reclaimable from a movable block, the same rule. */
	{ MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE, 1, 2, AE_HALF_BLOCK, true },
	{ MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE, 1, 2, AE_HALF_BLOCK + 1,
	  false },
	/* Unmovable from a reclaimable block: nothing is alike, free counts. */
	{ MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE, MIGRATE_RECLAIMABLE, 1, AE_HALF_BLOCK, 0, true },
	{ MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE, MIGRATE_RECLAIMABLE, 1, AE_HALF_BLOCK - 2, 0,
	  false },
	/* Movable from an unmovable block, order pageblock_order / 2: alike =
	 * movable. */
	{ MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, MIGRATE_UNMOVABLE, pageblock_order / 2,
	  AE_HALF_BLOCK / 2, AE_HALF_BLOCK / 2, true },
	{ MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, MIGRATE_UNMOVABLE, pageblock_order / 2,
	  AE_HALF_BLOCK / 2, AE_HALF_BLOCK / 2 - 1, false },
	/* A free block one order lower: a movable request takes it alone,
	 * however much of B is movable. */
	{ MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, MIGRATE_UNMOVABLE, pageblock_order / 2 - 1,
	  1UL << (pageblock_order / 2 - 1), pageblock_nr_pages - (1UL << (pageblock_order / 2 - 1)),
	  false },
};

static gfp_t ae_gfp_for(int mt)
{
	if (mt == MIGRATE_MOVABLE)
		return AE_FILL_GFP | __GFP_MOVABLE;
	if (mt == MIGRATE_RECLAIMABLE)
		return AE_FILL_GFP | __GFP_RECLAIMABLE;
	return AE_FILL_GFP;
}

/* Run one case on b, a pageblock allocated whole (order pageblock_order)
 * while the rest of lowmem is held; returns B's migratetype after the
 * request. Afterwards b is again allocated whole: with nothing else free,
 * freeing all of B and asking for a pageblock gives B back. */
static int ae_steal_run(struct ktest *t, const struct ae_steal_case *c, struct page *b)
{
	struct page *p;
	unsigned long i;
	int mt_after;

	/* B as pageblock_nr_pages order-0 pages, each recorded as allocated
	 * for its type; then the free ones go back. */
	set_pageblock_migratetype(b, c->block_mt);
	for (i = 0; i < pageblock_nr_pages; i++) {
		set_page_count(b + i, 1);
		b[i].private = 0;
		set_page_migratetype(b + i, i < c->nr_free + c->nr_movable ? MIGRATE_MOVABLE
									    : c->other_mt);
	}
	for (i = 0; i < c->nr_free; i++)
		__free_page(b + i);
	drain_all_pages();

	p = alloc_pages(ae_gfp_for(c->start_mt), c->order);
	EXPECT_NOT_NULL(t, p);
	if (p) {
		EXPECT_EQ(t, page_to_pfn(p) >> pageblock_order, page_to_pfn(b) >> pageblock_order);
		__free_pages(p, c->order);
	}
	mt_after = get_pageblock_migratetype(b);
	set_pageblock_migratetype(b, MIGRATE_MOVABLE);
	for (i = c->nr_free; i < pageblock_nr_pages; i++)
		__free_page(b + i);
	drain_all_pages();
	return mt_after;
}

/* Lowmem is filled once, around one pageblock B that every case reuses:
 * filling is what costs (every page poisoned with page_poison=1).
 * Interrupts stay off throughout, so no interrupt handler takes or gives
 * a page between the set-up and the request (no mask here sleeps). */
static void __test_pageblock_claim_edges(struct ktest *t);

static void test_pageblock_claim_edges(struct ktest *t)
{
	unsigned long flags = arch_irq_save();

	__test_pageblock_claim_edges(t);
	arch_irq_restore(flags);
}

static void __test_pageblock_claim_edges(struct ktest *t)
{
	LIST_HEAD(held);
	struct page *b, *again;
	unsigned int i;

	b = alloc_pages(AE_FILL_GFP | __GFP_MOVABLE, pageblock_order);
	if (b && page_zonenum(b) != ZONE_NORMAL) {
		__free_pages(b, pageblock_order);
		b = NULL;
	}
	if (!b)
		KTEST_SKIP(t, "no free pageblock in ZONE_NORMAL");
	ae_fill(&held);
	for (i = 0; i < ARRAY_SIZE(ae_steal_cases); i++) {
		const struct ae_steal_case *c = &ae_steal_cases[i];
		int want = c->claims ? c->start_mt : c->block_mt;
		int got = ae_steal_run(t, c, b);

		if (got != want)
			ktest_info(t, "case %u: order %u, %lu free, %lu movable: block type %d, want %d",
				   i, c->order, c->nr_free, c->nr_movable, got, want);
		EXPECT_EQ(t, got, want);
		again = alloc_pages(AE_FILL_GFP | __GFP_MOVABLE, pageblock_order);
		if (again != b) {
			EXPECT_TRUE(t, again == b);
			if (again)
				__free_pages(again, pageblock_order);
			b = NULL;
			break;
		}
	}
	if (b)
		__free_pages(b, pageblock_order);
	ae_unfill(&held);
}

#define ALLOC_EDGES_CASES                                       \
	KTEST_CASE(test_slab_full_partial_empty),               \
	KTEST_CASE(test_slab_free_from_older_full_slab),        \
	KTEST_CASE(test_retry_rules_at_costly_order),           \
	KTEST_CASE(test_pageblock_claim_edges)

#ifndef ALLOC_EDGES_HOST
static const struct ktest_case alloc_edges_cases[] = {
	ALLOC_EDGES_CASES,
	{}
};
KTEST_SUITE_ALONE(alloc_edges, "sets up exact free-list states and fills lowmem", alloc_edges_cases);
#endif
