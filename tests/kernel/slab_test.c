/* Slab and kmalloc tests. The cases run in the kernel (suite "slab") and,
 * through tests/host/test_slab.c which includes this file with
 * SLAB_TEST_HOST defined, on the host over a simulated machine
 * (suite "slab_host"). Every case frees what it allocates; the suite's exit
 * shrinks all caches so the free page count is unchanged. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <kernel/parse.h>
#include <kernel/string.h>
#include <mm/arch.h>
#include <mm/mm.h>
#include <mm/slab.h>

#define SLABT_MAX_OBJS   1100   /* > 2 slabs of kmalloc-8 (512 per slab) */
#define SLABT_SEED       0x5a
#define SLABT_CTOR_MAGIC 0xc0ffee11u
#define SLABT_DMA_LIMIT  SZ_16M

static void *slabt_objs[SLABT_MAX_OBJS];

static u8 pattern(unsigned long i, unsigned long j)
{
	return (u8)(i * 31 + j * 7 + SLABT_SEED);
}

static void fill(void *p, size_t n, unsigned long i)
{
	for (size_t j = 0; j < n; j++)
		((u8 *)p)[j] = pattern(i, j);
}

static bool check(const void *p, size_t n, unsigned long i)
{
	for (size_t j = 0; j < n; j++)
		if (((const u8 *)p)[j] != pattern(i, j))
			return false;
	return true;
}

static bool all_bytes(const void *p, size_t n, u8 v)
{
	for (size_t j = 0; j < n; j++)
		if (((const u8 *)p)[j] != v)
			return false;
	return true;
}

/* Objects of s in use, exactly: every CPU's current slab flushed first. */
static unsigned long active_objs(struct kmem_cache *s)
{
	slab_flush_all(s);
	return s->nr_active;
}

static void slab_suite_exit(struct ktest *t)
{
	(void)t;
	kmem_cache_shrink_all();
}

static void test_size_classes(struct ktest *t)
{
	static const struct { size_t size; unsigned int cls; } v[] = {
		{ 1, 8 }, { 8, 8 }, { 9, 16 }, { 17, 32 }, { 33, 64 }, { 64, 64 },
		{ 65, 96 }, { 96, 96 }, { 97, 128 }, { 129, 192 }, { 192, 192 },
		{ 193, 256 }, { 257, 512 }, { 1000, 1024 }, { 2049, 4096 },
		{ 8192, 8192 }, { 8193, 0 }, { 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		EXPECT_EQ(t, kmalloc_size_class(v[i].size), v[i].cls);
	EXPECT_STREQ(t, kmalloc_slab(96, false)->name, "kmalloc-96");
	EXPECT_STREQ(t, kmalloc_slab(100, true)->name, "kmalloc-dma-128");
}

/* Fill more than two slabs of every class (and of a size just above the
 * class below), check every byte of every object, free all. */
/* kmalloc() with a size and mask known at compile time picks its cache
 * at compile time: the same cache kmalloc_slab() gives for that size. */
#define SLABT_CONST_CLASS(t, size, gfp, dma)                                  \
	do {                                                                  \
		void *p_ = kmalloc(size, gfp);                                \
		EXPECT_TRUE(t, p_ && virt_to_cache(p_) == kmalloc_slab(size, dma)); \
		kfree(p_);                                                    \
	} while (0)

static void test_constant_size_classes(struct ktest *t)
{
	SLABT_CONST_CLASS(t, 1, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 8, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 9, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 64, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 65, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 96, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 97, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 192, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 193, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 256, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 257, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 2049, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 4096, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 4097, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 8192, GFP_KERNEL, false);
	SLABT_CONST_CLASS(t, 100, GFP_KERNEL | GFP_DMA, true);
	SLABT_CONST_CLASS(t, 40, GFP_ATOMIC | GFP_DMA, true);
}

static void test_roundtrip_every_class(struct ktest *t)
{
	static const size_t sizes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512,
					1024, 2048, 4096, 8192, 5, 13, 65, 100, 130, 3000 };

	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		size_t size = sizes[k];
		struct kmem_cache *s = kmalloc_slab(size, false);
		unsigned long n = min(2UL * s->objects + 1, (unsigned long)SLABT_MAX_OBJS);
		/* Objects kept since boot (a driver's mempool) are not ours. */
		unsigned long i, bad = 0, got = 0, active0 = active_objs(s);

		for (i = 0; i < n; i++) {
			slabt_objs[i] = kmalloc(size, GFP_KERNEL);
			if (!slabt_objs[i])
				break;
			got++;
			fill(slabt_objs[i], size, i + k);
		}
		EXPECT_EQ(t, got, n);
		for (i = 0; i < got; i++) {
			if (!check(slabt_objs[i], size, i + k) || ksize(slabt_objs[i]) < size ||
			    virt_to_cache(slabt_objs[i]) != s)
				bad++;
		}
		EXPECT_EQ(t, bad, 0);
		for (i = 0; i < got; i++)
			kfree(slabt_objs[i]);
		EXPECT_EQ(t, active_objs(s), active0);
	}
}

static void test_large_alloc(struct ktest *t)
{
	unsigned long free0;
	u8 *p;

	kmem_cache_shrink_all();
	free0 = nr_free_pages();
	p = kmalloc(KMALLOC_MAX_CACHE_SIZE + 1, GFP_KERNEL);
	ASSERT_NOT_NULL(t, p);
	EXPECT_EQ(t, ksize(p), 4 * PAGE_SIZE);
	EXPECT_TRUE(t, PageHead(virt_to_page(p)));
	EXPECT_NULL(t, virt_to_cache(p));
	fill(p, KMALLOC_MAX_CACHE_SIZE + 1, 3);
	EXPECT_TRUE(t, check(p, KMALLOC_MAX_CACHE_SIZE + 1, 3));
	EXPECT_EQ(t, nr_free_pages(), free0 - 4);
	kfree(p);
	EXPECT_EQ(t, nr_free_pages(), free0);
}

static void test_zero_size_and_null(struct ktest *t)
{
	unsigned long reports = slab_report_count();

	EXPECT_TRUE(t, kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	EXPECT_TRUE(t, ZERO_SIZE_PTR != NULL);
	EXPECT_EQ(t, ksize(ZERO_SIZE_PTR), 0);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	kmem_cache_free(kmalloc_slab(8, false), NULL);
	EXPECT_EQ(t, slab_report_count(), reports);
}

static void test_alignment(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("slabtest-align", 20, 64, 0, NULL);
	struct kmem_cache *h = kmem_cache_create("slabtest-hw", 40, 0, SLAB_HWCACHE_ALIGN, NULL);
	unsigned long i, bad = 0;

	ASSERT_NOT_NULL(t, s);
	ASSERT_NOT_NULL(t, h);
	for (i = 0; i < 100; i++) {
		slabt_objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		slabt_objs[100 + i] = kmem_cache_alloc(h, GFP_KERNEL);
		if (!slabt_objs[i] || ((unsigned long)slabt_objs[i] & 63) ||
		    !slabt_objs[100 + i] || ((unsigned long)slabt_objs[100 + i] & 63))
			bad++;
	}
	EXPECT_EQ(t, bad, 0);
	for (i = 0; i < 100; i++) {
		kmem_cache_free(s, slabt_objs[i]);
		kmem_cache_free(h, slabt_objs[100 + i]);
	}
	kmem_cache_destroy(s);
	kmem_cache_destroy(h);
	/* Power-of-two kmalloc sizes up to a page are naturally aligned. */
	for (unsigned int size = 8; size <= PAGE_SIZE; size *= 2) {
		void *p = kmalloc(size, GFP_KERNEL);

		EXPECT_EQ(t, (unsigned long)p & (size - 1), 0);
		kfree(p);
	}
	EXPECT_NULL(t, kmem_cache_create("slabtest-badalign", 20, 24, 0, NULL));
	EXPECT_NULL(t, kmem_cache_create("slabtest-zero", 0, 0, 0, NULL));
}

static unsigned long ctor_calls;

static void test_ctor_fn(void *obj)
{
	ctor_calls++;
	*(u32 *)obj = SLABT_CTOR_MAGIC;
}

static void test_constructor(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("slabtest-ctor", 48, 0, 0, test_ctor_fn);
	u32 *a, *b;

	ASSERT_NOT_NULL(t, s);
	ctor_calls = 0;
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_NOT_NULL(t, a);
	ASSERT_NOT_NULL(t, b);
	EXPECT_EQ(t, *a, SLABT_CTOR_MAGIC);
	EXPECT_EQ(t, *b, SLABT_CTOR_MAGIC);
	/* Constructors run once per object when the slab is built. */
	EXPECT_EQ(t, ctor_calls, s->objects);
	/* The free pointer lives outside the object: a freed object keeps
	 * its constructed state. */
	kmem_cache_free(s, a);
	EXPECT_EQ(t, *a, SLABT_CTOR_MAGIC);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	EXPECT_EQ(t, *a, SLABT_CTOR_MAGIC);
	EXPECT_EQ(t, ctor_calls, s->objects);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
}

static void test_kzalloc_zeroed(struct ktest *t)
{
	u8 *p = kmalloc(200, GFP_KERNEL), *q;
	u32 *c;

	ASSERT_NOT_NULL(t, p);
	memset(p, 0xee, 200);
	kfree(p);
	q = kzalloc(200, GFP_KERNEL);   /* the same object comes back first */
	ASSERT_NOT_NULL(t, q);
	EXPECT_TRUE(t, q == p);
	EXPECT_TRUE(t, all_bytes(q, ksize(q), 0));
	kfree(q);
	c = kcalloc(100, sizeof(u32), GFP_KERNEL);
	ASSERT_NOT_NULL(t, c);
	EXPECT_TRUE(t, all_bytes(c, 100 * sizeof(u32), 0));
	kfree(c);
	p = kzalloc(3 * PAGE_SIZE + 5, GFP_KERNEL);
	ASSERT_NOT_NULL(t, p);
	EXPECT_TRUE(t, all_bytes(p, 3 * PAGE_SIZE + 5, 0));
	kfree(p);
}

static void test_kcalloc_overflow(struct ktest *t)
{
	EXPECT_NULL(t, kcalloc(SIZE_MAX / 2 + 1, 2, GFP_KERNEL | __GFP_NOWARN));
	EXPECT_NULL(t, kmalloc_array(SIZE_MAX, SIZE_MAX, GFP_KERNEL | __GFP_NOWARN));
	EXPECT_NULL(t, kmalloc(SIZE_MAX, GFP_KERNEL | __GFP_NOWARN));
}

static void test_krealloc_keeps_content(struct ktest *t)
{
	static const size_t steps[] = { 10, 100, 5000, 20000, 3000, 50, 7 };
	u8 *p = krealloc(NULL, 1, GFP_KERNEL);
	size_t have = 1;

	ASSERT_NOT_NULL(t, p);
	fill(p, 1, 9);
	for (size_t k = 0; k < ARRAY_SIZE(steps); k++) {
		size_t keep = min(have, steps[k]);
		u8 *q = krealloc(p, steps[k], GFP_KERNEL);

		ASSERT_NOT_NULL(t, q);
		EXPECT_TRUE(t, check(q, keep, 9));
		EXPECT_GE(t, ksize(q), steps[k]);
		fill(q, steps[k], 9);
		p = q;
		have = steps[k];
	}
	EXPECT_TRUE(t, krealloc(p, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
}

static void test_gfp_dma_below_16m(struct ktest *t)
{
	const struct zone *dma = &contig_page_data.node_zones[ZONE_DMA];
	void *small, *large;

	if (!populated_zone(dma))
		KTEST_SKIP(t, "no ZONE_DMA");
	small = kmalloc(100, GFP_KERNEL | GFP_DMA);
	large = kmalloc(3 * PAGE_SIZE, GFP_KERNEL | GFP_DMA);
	ASSERT_NOT_NULL(t, small);
	ASSERT_NOT_NULL(t, large);
	EXPECT_STREQ(t, virt_to_cache(small)->name, "kmalloc-dma-128");
	EXPECT_EQ(t, page_zonenum(virt_to_page(small)), ZONE_DMA);
	EXPECT_EQ(t, page_zonenum(virt_to_page(large)), ZONE_DMA);
	EXPECT_LT(t, arch_virt_to_phys(small) + 100, SLABT_DMA_LIMIT);
	EXPECT_LT(t, arch_virt_to_phys(large) + 3 * PAGE_SIZE, SLABT_DMA_LIMIT);
	kfree(small);
	kfree(large);
}

static void test_highmem_flag_fixed_up(struct ktest *t)
{
	static const gfp_t bad[] = { GFP_KERNEL | __GFP_HIGHMEM, GFP_HIGHUSER_MOVABLE,
				     GFP_KERNEL | __GFP_DMA32 };

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		unsigned long reports = slab_report_count();
		void *p = kmalloc(64, bad[i]), *q = kmalloc(5 * PAGE_SIZE, bad[i]);

		ASSERT_NOT_NULL(t, p);
		ASSERT_NOT_NULL(t, q);
		EXPECT_EQ(t, slab_report_count(), reports + 2);
		EXPECT_STREQ(t, slab_last_report(), "Unexpected gfp");
		EXPECT_FALSE(t, PageHighMem(virt_to_page(p)));
		EXPECT_FALSE(t, PageHighMem(virt_to_page(q)));
		EXPECT_NE(t, page_zonenum(virt_to_page(q)), ZONE_HIGHMEM);
		kfree(p);
		kfree(q);
	}
}

static void test_reclaimable_cache(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("slabtest-reclaim", 100, 0,
						 SLAB_RECLAIM_ACCOUNT, NULL);
	struct kmem_cache *d = kmem_cache_create("slabtest-dma", 100, 0, SLAB_CACHE_DMA, NULL);

	ASSERT_NOT_NULL(t, s);
	ASSERT_NOT_NULL(t, d);
	EXPECT_TRUE(t, s->allocflags & __GFP_RECLAIMABLE);
	EXPECT_TRUE(t, d->allocflags & __GFP_DMA);
	if (populated_zone(&contig_page_data.node_zones[ZONE_DMA])) {
		void *p = kmem_cache_alloc(d, GFP_KERNEL);

		ASSERT_NOT_NULL(t, p);
		EXPECT_EQ(t, page_zonenum(virt_to_page(p)), ZONE_DMA);
		kmem_cache_free(d, p);
	}
	kmem_cache_destroy(s);
	kmem_cache_destroy(d);
}

/* Allocate kmalloc-8192 objects until the page allocator says no; each
 * object holds the previous one's address. Then free them all. */
static void test_exhaustion_returns_null(struct ktest *t)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY;
	unsigned long free0, n = 0;
	void *head = NULL, *p;

	kmem_cache_shrink_all();
	free0 = nr_free_pages();
	while ((p = kmalloc(KMALLOC_MAX_CACHE_SIZE, gfp)) != NULL) {
		*(void **)p = head;
		head = p;
		n++;
	}
	EXPECT_GT(t, n, 0);
	EXPECT_LT(t, nr_free_pages(), free0);
	while (head) {
		p = *(void **)head;
		kfree(head);
		head = p;
	}
	kmem_cache_shrink_all();
	EXPECT_EQ(t, nr_free_pages(), free0);
	ktest_info(t, "%lu kmalloc-8192 objects before exhaustion", n);
}

static struct kmem_cache *debug_cache(void)
{
	return kmem_cache_create("slabtest-debug", 60, 0, SLAB_RED_ZONE | SLAB_POISON, NULL);
}

static void test_debug_redzone_overwrite(struct ktest *t)
{
	struct kmem_cache *s = debug_cache();
	unsigned long reports = slab_report_count();
	u8 *p, *q;

	ASSERT_NOT_NULL(t, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_NOT_NULL(t, p);
	EXPECT_EQ(t, p[60], SLUB_RED_ACTIVE);
	EXPECT_EQ(t, p[-1], SLUB_RED_ACTIVE);
	p[60] = 0;                        /* one byte past the end */
	kmem_cache_free(s, p);
	EXPECT_EQ(t, slab_report_count(), reports + 1);
	EXPECT_STREQ(t, slab_last_report(), "Redzone overwritten");
	p = kmem_cache_alloc(s, GFP_KERNEL);
	p[-1] = 0;                        /* one byte before the start */
	kmem_cache_free(s, p);
	EXPECT_EQ(t, slab_report_count(), reports + 2);
	/* Repaired: the cache goes on without further reports. */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, q);
	kmem_cache_free(s, p);
	EXPECT_EQ(t, slab_report_count(), reports + 2);
	EXPECT_EQ(t, active_objs(s), 0);
	kmem_cache_destroy(s);
}

static void test_debug_write_after_free(struct ktest *t)
{
	struct kmem_cache *s = debug_cache();
	unsigned long reports = slab_report_count();
	u8 *p, *q;

	ASSERT_NOT_NULL(t, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_NOT_NULL(t, p);
	kmem_cache_free(s, p);
	EXPECT_EQ(t, p[0], POISON_FREE);
	EXPECT_EQ(t, p[59], POISON_END);
	p[10] = 0x42;                     /* write after free */
	q = kmem_cache_alloc(s, GFP_KERNEL);
	EXPECT_TRUE(t, q == p);
	EXPECT_EQ(t, slab_report_count(), reports + 1);
	EXPECT_STREQ(t, slab_last_report(), "Poison overwritten");
	kmem_cache_free(s, q);
	EXPECT_EQ(t, slab_report_count(), reports + 1);
	/* Caught too when the slab is freed without reuse. */
	q[0] = 0;
	kmem_cache_destroy(s);
	EXPECT_EQ(t, slab_report_count(), reports + 2);
}

static void test_debug_double_free(struct ktest *t)
{
	struct kmem_cache *s = debug_cache();
	unsigned long reports = slab_report_count();
	void *a, *b, *c;

	ASSERT_NOT_NULL(t, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	kmem_cache_free(s, a);            /* not the free-list head */
	EXPECT_EQ(t, slab_report_count(), reports + 1);
	EXPECT_STREQ(t, slab_last_report(), "Object already free");
	EXPECT_EQ(t, active_objs(s), 0);
	/* The cache is intact: two allocations give two distinct objects. */
	b = kmem_cache_alloc(s, GFP_KERNEL);
	c = kmem_cache_alloc(s, GFP_KERNEL);
	EXPECT_TRUE(t, b != c);
	kmem_cache_free(s, b);
	kmem_cache_free(s, c);
	kmem_cache_destroy(s);
}

/* Without debug flags: the encoded free pointer makes the check cheap and
 * still exact, for the list head and for an object deeper in the list. */
static void test_double_free_no_debug(struct ktest *t)
{
	unsigned long reports = slab_report_count();
	void *a = kmalloc(64, GFP_KERNEL), *b = kmalloc(64, GFP_KERNEL), *c, *d;

	ASSERT_NOT_NULL(t, a);
	ASSERT_NOT_NULL(t, b);
	kfree(a);
	kfree(a);                         /* head of the free list */
	EXPECT_EQ(t, slab_report_count(), reports + 1);
	kfree(b);
	kfree(a);                         /* second on the free list */
	EXPECT_EQ(t, slab_report_count(), reports + 2);
	EXPECT_STREQ(t, slab_last_report(), "Object already free");
	c = kmalloc(64, GFP_KERNEL);
	d = kmalloc(64, GFP_KERNEL);
	EXPECT_TRUE(t, c != d);
	kfree(c);
	kfree(d);
	EXPECT_EQ(t, slab_report_count(), reports + 2);
}

static unsigned long slabt_static_object;

static void test_invalid_free(struct ktest *t)
{
	unsigned long reports = slab_report_count();
	struct kmem_cache *other = kmem_cache_create("slabtest-other", 64, 0, 0, NULL);
	u8 *p = kmalloc(64, GFP_KERNEL), *big = kmalloc(5 * PAGE_SIZE, GFP_KERNEL);
	struct page *pg = alloc_page(GFP_KERNEL);
	unsigned long active;

	ASSERT_NOT_NULL(t, other);
	ASSERT_NOT_NULL(t, p);
	ASSERT_NOT_NULL(t, big);
	ASSERT_NOT_NULL(t, pg);
	active = active_objs(kmalloc_slab(64, false));
	kfree(p + 1);                     /* inside an object */
	EXPECT_STREQ(t, slab_last_report(), "Invalid object pointer");
	kfree(big + PAGE_SIZE);           /* inside a large block */
	kfree(page_address(pg));          /* a page kmalloc never gave */
	kfree(&slabt_static_object);      /* not a heap address */
	kmem_cache_free(other, p);        /* the wrong cache */
	EXPECT_STREQ(t, slab_last_report(), "Wrong slab cache");
	EXPECT_EQ(t, slab_report_count(), reports + 5);
	EXPECT_EQ(t, active_objs(kmalloc_slab(64, false)), active);
	EXPECT_EQ(t, page_count(pg), 1);
	kfree(p);
	kfree(big);
	kfree(big);                       /* large double free */
	EXPECT_STREQ(t, slab_last_report(), "Object already free");
	EXPECT_EQ(t, slab_report_count(), reports + 6);
	__free_page(pg);
	kmem_cache_destroy(other);
}

static void test_shrink_returns_empty_slabs(struct ktest *t)
{
	struct kmem_cache *s;
	unsigned long free0, free1, n, i, kept;

	kmem_cache_shrink_all();
	free0 = nr_free_pages();
	s = kmem_cache_create("slabtest-shrink", 256, 0, 0, NULL);
	ASSERT_NOT_NULL(t, s);
	free1 = nr_free_pages();
	n = 4 * s->objects;
	ASSERT_LE(t, n, SLABT_MAX_OBJS);
	for (i = 0; i < n; i++)
		slabt_objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	EXPECT_EQ(t, s->nr_slabs, 4);
	EXPECT_EQ(t, nr_free_pages(), free1 - (4UL << s->order));
	for (i = 0; i < n; i++)
		kmem_cache_free(s, slabt_objs[i]);
	EXPECT_EQ(t, active_objs(s), 0);
	kept = s->nr_empty;
	EXPECT_EQ(t, kept, s->nr_slabs);
	EXPECT_GE(t, kept, 1);
	EXPECT_EQ(t, kmem_cache_shrink(s), kept << s->order);
	EXPECT_EQ(t, s->nr_slabs, 0);
	EXPECT_EQ(t, nr_free_pages(), free1);
	EXPECT_EQ(t, kmem_cache_shrink(s), 0);
	kmem_cache_destroy(s);
	kmem_cache_shrink_all();
	EXPECT_EQ(t, nr_free_pages(), free0);
}

static void test_destroy_with_objects_refused(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("slabtest-busy", 32, 0, 0, NULL);
	unsigned long reports = slab_report_count();
	void *p;

	ASSERT_NOT_NULL(t, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_NOT_NULL(t, p);
	kmem_cache_destroy(s);            /* refused: still has an object */
	EXPECT_EQ(t, slab_report_count(), reports + 1);
	EXPECT_TRUE(t, virt_to_cache(p) == s);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	EXPECT_EQ(t, slab_report_count(), reports + 1);
}

static void test_irqs_disabled(struct ktest *t)
{
	unsigned long irq = arch_irq_save();
	void *p = kmalloc(128, GFP_ATOMIC);
	void *q = kmalloc(3 * PAGE_SIZE, GFP_ATOMIC);

	EXPECT_TRUE(t, arch_irqs_disabled());
	kfree(p);
	kfree(q);
	EXPECT_TRUE(t, arch_irqs_disabled());
	arch_irq_restore(irq);
	EXPECT_NOT_NULL(t, p);
	EXPECT_NOT_NULL(t, q);
}

/* Per-object cost of the layout for some kmalloc classes: the slab bytes
 * an object takes beyond its size (waste at the slab's end shared out),
 * in hundredths of a byte. Slab metadata lives in struct page, so without
 * debugging only the slab's unused tail counts. */
static void test_overhead_report(struct ktest *t)
{
	static const unsigned int cls[] = { 8, 64, 96, 192, 1024, 8192 };

	for (size_t i = 0; i < ARRAY_SIZE(cls); i++) {
		const struct kmem_cache *s = kmalloc_slab(cls[i], false);
		unsigned long bytes = PAGE_SIZE << s->order;
		unsigned long over100 = (bytes * 100) / s->objects - 100UL * cls[i];

		EXPECT_EQ(t, s->object_size, cls[i]);
		/* Without debugging at most 1/8 of a slab is lost. */
		if (!(s->flags & SLAB_DEBUG_FLAGS))
			EXPECT_LE(t, over100 * s->objects, bytes * 100 / 8);
		ktest_info(t, "%s: %u per %lu-page slab, %lu.%02lu bytes overhead per object",
			   s->name, s->objects, 1UL << s->order, over100 / 100, over100 % 100);
	}
}

#define SLABT_INFO_OBJS  3
#define SLABT_INFO_SIZE  100
#define SLABT_NAME_COLS  17     /* /proc/slabinfo pads the name to 17 */

/* The next number of a slabinfo line after *p, skipping blanks and the
 * given literal first (NULL: none). ~0 when it is missing. */
static unsigned long long info_field(const char **p, const char *literal)
{
	char *end;
	unsigned long long v;

	while (**p == ' ')
		(*p)++;
	if (literal) {
		size_t n = strlen(literal);

		if (strncmp(*p, literal, n) != 0)
			return ~0ULL;
		*p += n;
		while (**p == ' ')
			(*p)++;
	}
	if (**p < '0' || **p > '9')
		return ~0ULL;
	v = simple_strtoull(*p, &end, 10);
	*p = end;
	return v;
}

/* Every cache has a line starting with its name; a cache holding three
 * objects of one slab reads back, field by field, as what it holds. */
static void test_slabinfo_lists_caches(struct ktest *t)
{
	char line[SLABINFO_LINE_MAX];
	const struct kmem_cache *c;
	struct kmem_cache *s;
	void *obj[SLABT_INFO_OBJS];
	unsigned long n = 0;
	const char *p;
	int i, len;

	list_for_each_entry(c, &slab_caches, list) {
		n++;
		len = slabinfo_format(c, line, sizeof(line));
		EXPECT_LT(t, len, (int)sizeof(line));
		EXPECT_EQ(t, strncmp(line, c->name, strlen(c->name)), 0);
	}
	EXPECT_GE(t, n, 2 * KMALLOC_NR_CLASSES + 1);

	s = kmem_cache_create("slabtest-info", SLABT_INFO_SIZE, 0, 0, NULL);
	ASSERT_NOT_NULL(t, s);
	for (i = 0; i < SLABT_INFO_OBJS; i++)
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
	slabinfo_format(s, line, sizeof(line));
	ktest_info(t, "%s", line);
	EXPECT_EQ(t, strncmp(line, "slabtest-info    ", SLABT_NAME_COLS), 0);
	p = line + SLABT_NAME_COLS;
	EXPECT_EQ(t, info_field(&p, NULL), SLABT_INFO_OBJS);      /* active_objs */
	EXPECT_EQ(t, info_field(&p, NULL), s->objects);            /* num_objs: one slab */
	EXPECT_EQ(t, info_field(&p, NULL), s->size);               /* objsize */
	EXPECT_GE(t, s->size, SLABT_INFO_SIZE);
	EXPECT_EQ(t, info_field(&p, NULL), s->objects);            /* objperslab */
	EXPECT_EQ(t, info_field(&p, NULL), 1ULL << s->order);      /* pagesperslab */
	EXPECT_EQ(t, info_field(&p, ": tunables"), 0);
	EXPECT_EQ(t, info_field(&p, NULL), 0);
	EXPECT_EQ(t, info_field(&p, NULL), 0);
	EXPECT_EQ(t, info_field(&p, ": slabdata"), 1);             /* active_slabs */
	EXPECT_EQ(t, info_field(&p, NULL), 1);                     /* num_slabs */
	EXPECT_EQ(t, info_field(&p, NULL), 0);                     /* sharedavail */
	EXPECT_EQ(t, *p, '\0');
	for (i = 0; i < SLABT_INFO_OBJS; i++)
		kmem_cache_free(s, obj[i]);
	kmem_cache_destroy(s);
}

#define SLAB_COMMON_CASES                                       \
	KTEST_CASE(test_size_classes),                          \
	KTEST_CASE(test_constant_size_classes),                 \
	KTEST_CASE(test_roundtrip_every_class),                 \
	KTEST_CASE(test_large_alloc),                           \
	KTEST_CASE(test_zero_size_and_null),                    \
	KTEST_CASE(test_alignment),                             \
	KTEST_CASE(test_constructor),                           \
	KTEST_CASE(test_kzalloc_zeroed),                        \
	KTEST_CASE(test_kcalloc_overflow),                      \
	KTEST_CASE(test_krealloc_keeps_content),                \
	KTEST_CASE(test_gfp_dma_below_16m),                     \
	KTEST_CASE(test_highmem_flag_fixed_up),                 \
	KTEST_CASE(test_reclaimable_cache),                     \
	KTEST_CASE(test_debug_redzone_overwrite),               \
	KTEST_CASE(test_debug_write_after_free),                \
	KTEST_CASE(test_debug_double_free),                     \
	KTEST_CASE(test_double_free_no_debug),                  \
	KTEST_CASE(test_invalid_free),                          \
	KTEST_CASE(test_shrink_returns_empty_slabs),            \
	KTEST_CASE(test_destroy_with_objects_refused),          \
	KTEST_CASE(test_irqs_disabled),                         \
	KTEST_CASE(test_exhaustion_returns_null),               \
	KTEST_CASE(test_overhead_report),                       \
	KTEST_CASE(test_slabinfo_lists_caches)

#ifndef SLAB_TEST_HOST
#include <kernel/hardirq.h>

/* GFP_ATOMIC from (simulated) hardirq context. */
static void test_atomic_in_irq(struct ktest *t)
{
	unsigned long irq = arch_irq_save();
	void *p, *q;

	irq_enter();
	p = kmalloc(96, GFP_ATOMIC);
	q = kzalloc(40, GFP_ATOMIC | GFP_DMA);
	kfree(p);
	kfree(q);
	irq_exit();
	arch_irq_restore(irq);
	EXPECT_NOT_NULL(t, p);
	EXPECT_NOT_NULL(t, q);
}

static const struct ktest_case slab_cases[] = {
	SLAB_COMMON_CASES,
	KTEST_CASE(test_atomic_in_irq),
	{}
};
KTEST_SUITE_DEFINE(slab, .cases = slab_cases, .exit = slab_suite_exit,
		   .alone = "counts the kmalloc caches' objects and slabs exactly");
/* No suite may leak slab objects. */
KTEST_STATE_HOOK(slab_objects, slab_total_active_objects);
#endif
