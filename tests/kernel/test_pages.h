/* Helpers shared by the in-kernel suites (tests/kernel) and the host suites
 * (tests/host, which include this file as "../kernel/test_pages.h"), so a
 * test body exists once: taking and giving back every free page, a page
 * cache behind a shrinker, kmap counter snapshots. Header-only (static
 * inline): each suite uses what it needs. */
#ifndef TESTS_KERNEL_TEST_PAGES_H
#define TESTS_KERNEL_TEST_PAGES_H

#include <kernel/arch.h>
#include <kernel/hardirq.h>
#include <kernel/list.h>
#include <kernel/random.h>   /* xorshift32() for the suites */
#include <mm/highmem.h>
#include <mm/mm.h>
#include <mm/shrinker.h>

/* Take every block gfp can get, largest order first, onto held (linked by
 * page->lru; the order stays in page->private, as the allocator left it).
 * Failures are expected here and not reported. Returns the pages taken. */
static inline unsigned long take_all_pages(gfp_t gfp, struct list_head *held)
{
	unsigned long n = 0;
	struct page *p;
	int order;

	for (order = MAX_ORDER - 1; order >= 0; order--) {
		while ((p = alloc_pages(gfp | __GFP_NOWARN, (unsigned int)order)) != NULL) {
			list_add(&p->lru, held);
			n += 1UL << order;
		}
	}
	return n;
}

/* Free every block on held (from take_all_pages() or the like). */
static inline void give_back_pages(struct list_head *held)
{
	while (!list_empty(held)) {
		struct page *p = list_first_entry(held, struct page, lru);

		list_del(&p->lru);
		__free_pages(p, (unsigned int)p->private);
	}
}

/* A cache of page blocks behind a shrinker: reclaim frees its newest
 * blocks first. Interrupt-safe (kswapd scans it from a softirq). */
struct test_cache {
	struct shrinker shrinker;
	struct list_head blocks;        /* newest first, linked by page->lru */
	unsigned long nr_pages;
	unsigned long asked;            /* nr_to_scan summed over scans */
	unsigned long scans_softirq, scans_task;
};

static inline unsigned long test_cache_count(struct shrinker *s, struct shrink_control *sc)
{
	(void)sc;
	return container_of(s, struct test_cache, shrinker)->nr_pages;
}

/* Free the newest blocks until nr_to_scan pages are gone. */
static inline unsigned long test_cache_scan(struct shrinker *s, struct shrink_control *sc)
{
	struct test_cache *c = container_of(s, struct test_cache, shrinker);
	unsigned long freed = 0;

	c->asked += sc->nr_to_scan;
	if (in_serving_softirq())
		c->scans_softirq++;
	else
		c->scans_task++;
	while (freed < sc->nr_to_scan) {
		unsigned long flags = arch_irq_save();
		struct page *p = NULL;
		unsigned int order = 0;

		if (!list_empty(&c->blocks)) {
			p = list_first_entry(&c->blocks, struct page, lru);
			order = (unsigned int)p->private;
			list_del(&p->lru);
			c->nr_pages -= 1UL << order;
		}
		arch_irq_restore(flags);
		if (!p)
			break;
		__free_pages(p, order);
		freed += 1UL << order;
	}
	return freed;
}

/* A static initialiser; INIT_LIST_HEAD(&c.blocks) before first use. */
#define TEST_CACHE(cname, needs) {                                            \
	.shrinker = { .name = cname, .count_objects = test_cache_count,      \
		      .scan_objects = test_cache_scan, .gfp_needs = needs } }

static inline void test_cache_add(struct test_cache *c, struct page *p)
{
	unsigned long flags = arch_irq_save();

	list_add(&p->lru, &c->blocks);
	c->nr_pages += 1UL << p->private;
	arch_irq_restore(flags);
}

/* Free everything the cache holds and zero its counters. */
static inline void test_cache_empty(struct test_cache *c)
{
	struct shrink_control sc = { .gfp_mask = GFP_KERNEL, .nr_to_scan = ~0UL };

	test_cache_scan(&c->shrinker, &sc);
	c->asked = c->scans_softirq = c->scans_task = 0;
	c->shrinker.nr_scans = c->shrinker.nr_freed = 0;
}

static inline struct kmap_stats kmap_stats_now(void)
{
	struct kmap_stats st;

	kmap_get_stats(&st);
	return st;
}

static inline struct kmap_pool_state kmap_pool_now(void)
{
	struct kmap_pool_state st;

	kmap_get_pool_state(&st);
	return st;
}

#endif
