/* Allocation failure paths under fault injection (include/mm/fault_inject.h).
 *
 * A seeded random workload (page blocks of every order with a spread of
 * GFP masks, kmalloc of small and large sizes, a kmem_cache, kmap of
 * HighMem blocks) runs under fail_page_alloc and failslab at 1%, 10% and
 * 50%. Every failure must be a clean NULL; __GFP_NOFAIL requests must all
 * succeed; after every step the buddy free lists check out
 * (free_lists_check) and the test cache's counters match its lists; every
 * block carries a stamp checked when it is freed. At the end everything is
 * freed and the ktest state hooks compare free pages, slab objects and
 * kmap slots with their values before the suite. Each run prints how many
 * failures the injection forced ("fault-injection: ..." diagnostics, shown
 * by tests/run_matrix.py). */
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/param.h>
#include <kernel/random.h>
#include <kernel/string.h>
#include <mm/arch.h>
#include <mm/fault_inject.h>
#include <mm/highmem.h>
#include <mm/mempool.h>
#include <mm/vmalloc.h>

#include "fault_inject_cases.h"
#include "test_pages.h"
#include <mm/mm.h>
#include <mm/slab.h>

#define FI_SLOTS        128
#define FI_STEPS        3000
#define FI_PRNG_SEED    0x600dcafeu
#define FI_OBJ_SIZE     200
#define FI_KMALLOC_MAX  16384   /* past the kmalloc caches: kmalloc_large */
/* The workload holds at most this fraction of the free pages. */
#define FI_BUDGET_SHIFT 3
#define FI_NOFAIL_MAX_ORDER 1
#define FI_STAMP_SALT   0x9e3779b9u

enum fi_kind { FI_FREE_SLOT, FI_PAGES, FI_KMALLOC, FI_CACHE };

struct fi_slot {
	enum fi_kind kind;
	struct page *page;
	void *obj;
	unsigned int order;
	bool kmapped;
	u32 stamp;
};

struct fi_run {
	struct fi_slot slot[FI_SLOTS];
	struct kmem_cache *cache;
	u32 rng;
	unsigned long held, budget;
	unsigned long nulls, nofail, nofail_failed, bad_stamps, checks_failed;
};

static struct fi_run fi;

static const gfp_t fi_masks[] = {
	GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT, GFP_NOIO, GFP_NOFS, GFP_USER,
	GFP_HIGHUSER, GFP_HIGHUSER_MOVABLE, GFP_KERNEL | GFP_DMA,
	GFP_KERNEL | __GFP_ZERO, GFP_KERNEL | __GFP_COMP, GFP_HIGHUSER | __GFP_ZERO,
	GFP_KERNEL | __GFP_NORETRY, GFP_KERNEL | __GFP_RETRY_MAYFAIL,
	GFP_ATOMIC | __GFP_HIGHMEM, GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_KERNEL | __GFP_ACCOUNT,
};

static u32 fi_rand(void)
{
	return xorshift32(&fi.rng);
}

static u32 *slot_word(struct fi_slot *s, bool *atomic)
{
	*atomic = false;
	if (s->kind != FI_PAGES)
		return s->obj;
	if (s->kmapped || !PageHighMem(s->page))
		return page_address(s->page);
	*atomic = true;
	return kmap_atomic(s->page);
}

static void stamp_slot(struct fi_slot *s, bool check)
{
	bool atomic;
	u32 *w = slot_word(s, &atomic);

	if (check && *w != s->stamp)
		fi.bad_stamps++;
	if (!check)
		*w = s->stamp;
	if (atomic)
		kunmap_atomic(w);
}

static void release_slot(struct fi_slot *s)
{
	stamp_slot(s, true);
	if (s->kind == FI_PAGES) {
		if (s->kmapped)
			kunmap(s->page);
		__free_pages(s->page, s->order);
		fi.held -= 1UL << s->order;
	} else if (s->kind == FI_KMALLOC) {
		kfree(s->obj);
	} else {
		kmem_cache_free(fi.cache, s->obj);
	}
	memset(s, 0, sizeof(*s));
}

static void fill_slot(struct fi_slot *s, u32 r)
{
	gfp_t gfp = fi_masks[r % ARRAY_SIZE(fi_masks)] | __GFP_NOWARN;
	bool nofail = (r >> 8) % 8 == 0;
	unsigned int order = (r >> 12) % MAX_ORDER;
	void *obj = NULL;

	/* Low orders most of the time, every order sometimes. */
	if ((r >> 16) % 4)
		order %= 3;
	if (nofail) {
		gfp = (gfp & ~(__GFP_NORETRY | __GFP_RETRY_MAYFAIL)) | __GFP_NOFAIL;
		order = min(order, (unsigned int)FI_NOFAIL_MAX_ORDER);
	}
	s->kind = (enum fi_kind)(1 + (r >> 20) % 3);
	if (s->kind == FI_PAGES) {
		if (fi.held + (1UL << order) > fi.budget) {
			s->kind = FI_FREE_SLOT;
			return;
		}
		s->page = alloc_pages(gfp, order);
		if (s->page) {
			s->order = order;
			fi.held += 1UL << order;
		}
		obj = s->page;
	} else {
		gfp &= ~(__GFP_HIGHMEM | __GFP_MOVABLE | __GFP_COMP);
		size_t size = 1 + (r >> 4) % (nofail ? PAGE_SIZE << FI_NOFAIL_MAX_ORDER :
						   FI_KMALLOC_MAX);

		if (s->kind == FI_KMALLOC)
			obj = s->obj = kmalloc(size, gfp);
		else
			obj = s->obj = kmem_cache_alloc(fi.cache, gfp);
	}
	if (nofail) {
		fi.nofail++;
		fi.nofail_failed += !obj;
	}
	if (!obj) {
		fi.nulls++;
		s->kind = FI_FREE_SLOT;
		return;
	}
	s->stamp = r ^ FI_STAMP_SALT;
	stamp_slot(s, false);
}

static void toggle_kmap(struct fi_slot *s)
{
	if (s->kind != FI_PAGES || !PageHighMem(s->page))
		return;
	if (s->kmapped) {
		kunmap(s->page);
		s->kmapped = false;
	} else {
		s->kmapped = kmap(s->page) != NULL;
	}
}

/* The cache's lists agree with its counters. Under the cache's lock: a
 * shrink from kswapd's softirq may move its slabs meanwhile. */
static bool cache_consistent(struct kmem_cache *c)
{
	unsigned long slabs = 0, empty = 0, active = 0, flags;
	const struct list_head *lists[] = { &c->slabs_full, &c->slabs_partial, &c->slabs_empty };
	bool ok;

	spin_lock_irqsave(&c->list_lock, flags);

	for (int i = 0; i < 3; i++) {
		const struct list_head *pos;

		for (pos = lists[i]->next; pos != lists[i]; pos = pos->next) {
			const struct page *p = container_of(pos, struct page, lru);

			slabs++;
			empty += p->inuse == 0;
			active += p->inuse;
		}
	}
	/* Current slabs are on no list; the counters hold their page->inuse. */
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		const struct page *p = slab_cpu_page(c, cpu);

		if (p) {
			slabs++;
			active += p->inuse;
		}
	}
	ok = slabs == c->nr_slabs && empty == c->nr_empty && active == c->nr_active;
	spin_unlock_irqrestore(&c->list_lock, flags);
	return ok;
}

/* The free-list check after every step walks every free page: on a large
 * machine, hold all but about FI_FREE_TARGET free pages in large blocks
 * (no reclaim, no reserves) for the duration of the workload. */
#define FI_FREE_TARGET    4096UL
#define FI_BALLAST_GFP    (__GFP_HIGHMEM | __GFP_MOVABLE | __GFP_NOWARN | __GFP_NORETRY)
#define FI_BALLAST_ORDER  3

static void take_ballast(struct list_head *held)
{
	for (int order = MAX_ORDER - 1; order >= FI_BALLAST_ORDER; order--) {
		struct page *p;

		while (nr_free_pages() >= FI_FREE_TARGET + (1UL << order) &&
		       (p = alloc_pages(FI_BALLAST_GFP, (unsigned int)order))) {
			p->private = (unsigned long)order;
			list_add(&p->lru, held);
		}
	}
}

static void run_workload(struct ktest *t, unsigned long probability)
{
	unsigned long kmaps_before = kmap_slots_in_use(), forced_pages, forced_slab;
	struct list_head ballast;
	unsigned int i;

	memset(&fi, 0, sizeof(fi));
	INIT_LIST_HEAD(&ballast);
	take_ballast(&ballast);
	fi.rng = FI_PRNG_SEED;
	fi.budget = nr_free_pages() >> FI_BUDGET_SHIFT;
	fi.cache = kmem_cache_create("fault_test_obj", FI_OBJ_SIZE, 0, 0, NULL);
	if (!fi.cache)
		give_back_pages(&ballast);
	ASSERT_NOT_NULL(t, fi.cache);
	set_injection(probability);
	for (i = 0; i < FI_STEPS; i++) {
		u32 r = fi_rand();
		struct fi_slot *s = &fi.slot[r % FI_SLOTS];

		if (s->kind == FI_FREE_SLOT)
			fill_slot(s, fi_rand());
		else if ((r >> 24) % 4 == 0)
			toggle_kmap(s);
		else
			release_slot(s);
		if (!free_lists_check() || !cache_consistent(fi.cache))
			fi.checks_failed++;
	}
	forced_pages = fail_page_alloc.attr.forced;
	forced_slab = failslab.attr.forced;
	restore_defaults();
	for (i = 0; i < FI_SLOTS; i++)
		if (fi.slot[i].kind != FI_FREE_SLOT)
			release_slot(&fi.slot[i]);
	EXPECT_TRUE(t, cache_consistent(fi.cache));
	slab_flush_all(fi.cache);
	EXPECT_EQ(t, fi.cache->nr_active, 0);
	kmem_cache_destroy(fi.cache);
	give_back_pages(&ballast);
	ktest_info(t, "fault-injection: p=%lu%% steps=%u fail_page_alloc forced %lu, "
		   "failslab forced %lu, NULL returns %lu, __GFP_NOFAIL %lu ok of %lu",
		   probability, FI_STEPS, forced_pages, forced_slab, fi.nulls,
		   fi.nofail - fi.nofail_failed, fi.nofail);
	EXPECT_GT(t, forced_pages + forced_slab, 0);
	EXPECT_EQ(t, fi.nofail_failed, 0);
	EXPECT_EQ(t, fi.bad_stamps, 0);
	EXPECT_EQ(t, fi.checks_failed, 0);
	EXPECT_EQ(t, fi.held, 0);
	EXPECT_EQ(t, kmap_slots_in_use(), kmaps_before);
}

static void test_workload_1pct(struct ktest *t)
{
	run_workload(t, 1);
}

static void test_workload_10pct(struct ktest *t)
{
	run_workload(t, 10);
}

static void test_workload_50pct(struct ktest *t)
{
	run_workload(t, 50);
}

#define FI_PATH_ROUNDS   200
#define FI_VMALLOC_MAX   (64 * 1024)
#define FI_POOL_MIN      4
#define FI_REALLOC_STEPS 6

/* The callers of the allocators that build something from several
 * allocations (vmalloc, mempool, kmem_cache_create, krealloc, kvmalloc)
 * undo what they built when a later allocation fails: at 50% injection
 * nothing may stay allocated (the state hooks compare free pages and slab
 * objects with their values before the suite). */
static void test_error_paths_leak_nothing(struct ktest *t)
{
	unsigned long made = 0, failed = 0;

	fi.rng = FI_PRNG_SEED;
	set_injection(50);
	for (int i = 0; i < FI_PATH_ROUNDS; i++) {
		/* __GFP_NOWARN: the failure reports are not what is tested. */
		unsigned long size = 1 + fi_rand() % FI_VMALLOC_MAX;
		void *v = __vmalloc(size, GFP_KERNEL | __GFP_NOWARN);
		void *k = kvmalloc(size, GFP_KERNEL | __GFP_NOWARN), *r = NULL;
		mempool_t *pool = mempool_create_page_pool(FI_POOL_MIN, fi_rand() % 3);
		struct kmem_cache *c = kmem_cache_create("fault_test_path", 64, 0, 0, NULL);

		made += !!v + !!k + !!pool + !!c;
		failed += !v + !k + !pool + !c;
		for (int j = 0; j < FI_REALLOC_STEPS; j++) {
			void *n = krealloc(r, 64UL << (2 * j), GFP_KERNEL | __GFP_NOWARN);

			if (!n)
				break;
			r = n;
		}
		kfree(r);
		if (c) {
			void *o = kmem_cache_alloc(c, GFP_KERNEL);

			if (o)
				kmem_cache_free(c, o);
			kmem_cache_destroy(c);
		}
		mempool_destroy(pool);
		kvfree(k);
		vfree(v);
		vm_unmap_aliases();
	}
	ktest_info(t, "fault-injection: p=50%% error paths: fail_page_alloc forced %lu, "
		   "failslab forced %lu; %lu built, %lu failed",
		   fail_page_alloc.attr.forced, failslab.attr.forced, made, failed);
	restore_defaults();
	vm_unmap_aliases();
	EXPECT_GT(t, failed, 0);
	EXPECT_GT(t, made, 0);
	EXPECT_NULL(t, vmalloc_check());
}

/* __GFP_NOFAIL, min-order, ignore-gfp-highmem and ignore-gfp-wait spare
 * a request; everything else fails at probability 100. */
static void test_page_alloc_filters(struct ktest *t)
{
	struct page *p;

	set_injection(100);
	fail_page_alloc.min_order = 1;
	fail_page_alloc.ignore_gfp_highmem = true;
	fail_page_alloc.ignore_gfp_reclaim = true;
	failslab.attr.probability = 0;
	fault_inject_update();
	p = alloc_pages(GFP_ATOMIC, 0);             /* below min-order */
	EXPECT_NOT_NULL(t, p);
	if (p)
		__free_pages(p, 0);
	p = alloc_pages(GFP_KERNEL, 1);             /* may sleep: ignored */
	EXPECT_NOT_NULL(t, p);
	if (p)
		__free_pages(p, 1);
	p = alloc_pages(GFP_ATOMIC | __GFP_HIGHMEM, 1);
	EXPECT_NOT_NULL(t, p);
	if (p)
		__free_pages(p, 1);
	p = alloc_pages(GFP_ATOMIC | __GFP_NOFAIL, 1);
	EXPECT_NOT_NULL(t, p);
	if (p)
		__free_pages(p, 1);
	EXPECT_NULL(t, alloc_pages(GFP_ATOMIC, 1));
	EXPECT_EQ(t, fail_page_alloc.attr.forced, 1);
	restore_defaults();
}

static void test_failslab_filters(struct ktest *t)
{
	void *p;

	set_injection(100);
	fail_page_alloc.attr.probability = 0;
	failslab.ignore_gfp_reclaim = true;
	fault_inject_update();
	p = kmalloc(64, GFP_KERNEL);
	EXPECT_NOT_NULL(t, p);
	kfree(p);
	p = kmalloc(64, GFP_ATOMIC | __GFP_NOFAIL);
	EXPECT_NOT_NULL(t, p);
	kfree(p);
	EXPECT_NULL(t, kmalloc(64, GFP_ATOMIC));
	EXPECT_EQ(t, failslab.attr.forced, 1);
	restore_defaults();
}

static const struct ktest_case fault_inject_cases[] = {
	FAULT_INJECT_LOGIC_CASES,
	KTEST_CASE(test_page_alloc_filters),
	KTEST_CASE(test_failslab_filters),
	KTEST_CASE(test_workload_1pct),
	KTEST_CASE(test_workload_10pct),
	KTEST_CASE(test_workload_50pct),
	KTEST_CASE(test_error_paths_leak_nothing),
	{}
};
/* vmalloc's page tables are kernel page tables, made once and kept: make
 * those of the start of the area, where the error-path case's areas lie
 * (lowest fit; purged after each round), before the state hooks first
 * sample. Not the whole area: on a small machine its page tables are a
 * share of lowmem the suites after this one need. */
#define FI_VMALLOC_SPAN (4UL << 20)

static void fault_inject_prepare(void)
{
	unsigned long start, end;

	vm_unmap_aliases();
	arch_vmalloc_range(&start, &end);
	arch_kernel_pgtable_alloc(start, min(end, start + FI_VMALLOC_SPAN), GFP_KERNEL);
}

/* The cases set the attributes as they need them; what the command line
 * or the shell set is put back after each. */
static struct fail_page_alloc_attr saved_page_alloc;
static struct failslab_attr saved_slab;

static int fault_inject_save(struct ktest *t)
{
	(void)t;
	saved_page_alloc = fail_page_alloc;
	saved_slab = failslab;
	restore_defaults();
	return 0;
}

static void fault_inject_restore(struct ktest *t)
{
	(void)t;
	fail_page_alloc = saved_page_alloc;
	failslab = saved_slab;
	fault_inject_update();
}

KTEST_SUITE_DEFINE(fault_inject, .cases = fault_inject_cases,
		   .init = fault_inject_save, .exit = fault_inject_restore,
		   .prepare = fault_inject_prepare,
		   .alone = "its injected failures would hit the load, and it counts them");
