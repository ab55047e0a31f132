/* kmalloc: general-purpose allocations over size-class caches.
 *
 * Sizes 1..8192 go to kmalloc-N (N = 8, 16, 32, 64, 96, 128, 192, 256, 512,
 * 1024, 2048, 4096, 8192), or kmalloc-dma-N with GFP_DMA; anything larger is
 * a compound block from the page allocator, recognised on kfree by its
 * PG_head page without PG_slab. kmalloc returns addresses, so it never
 * serves highmem: slab_fix_gfp() strips __GFP_HIGHMEM and __GFP_DMA32 with a
 * report, as Linux's kmalloc_fix_flags() (mm/slab_common.c) does for
 * GFP_SLAB_BUG_MASK (mm/internal.h). */
#include <kernel/compiler.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "slab_internal.h"


static const unsigned int kmalloc_sizes[KMALLOC_NR_CLASSES] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};
/* Index of the first class above the small table: 256. */
#define KMALLOC_IDX_256    7
/* Sizes up to this use size_index[]; 8-byte steps. */
#define KMALLOC_SMALL_MAX  192
#define KMALLOC_SMALL_STEP 8
/* log2(256) */
#define KMALLOC_SHIFT_256  8

/* Class index for sizes 1..192, by (size - 1) / 8. */
static const u8 size_index[KMALLOC_SMALL_MAX / KMALLOC_SMALL_STEP] = {
	0, 1, 2, 2, 3, 3, 3, 3,         /* 8 16 32 32 64 64 64 64 */
	4, 4, 4, 4, 5, 5, 5, 5,         /* 96 x4, 128 x4 */
	6, 6, 6, 6, 6, 6, 6, 6,         /* 192 x8 */
};

struct kmalloc_cache kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_NR_CLASSES];

/* The same classes as cache pointers for __kmalloc()'s fast path, which
 * serves the normal type only: one load gives the cache, where the class
 * index would need a multiply by the struct's size. kmalloc_init() checks
 * them against kmalloc_index(). */
#define KC(i) (&kmalloc_caches[KMALLOC_NORMAL][i].s)
/* Sizes 1..192 by (size - 1) / 8, as size_index[]. */
static struct kmem_cache *const small_cache[KMALLOC_SMALL_MAX / KMALLOC_SMALL_STEP] = {
	KC(0), KC(1), KC(2), KC(2), KC(3), KC(3), KC(3), KC(3),
	KC(4), KC(4), KC(4), KC(4), KC(5), KC(5), KC(5), KC(5),
	KC(6), KC(6), KC(6), KC(6), KC(6), KC(6), KC(6), KC(6),
};
/* Sizes 193..8192 by the top set bit of size - 1 (7..12), which is their
 * class index (see kmalloc_index()). */
static struct kmem_cache *const log_cache[KMALLOC_NR_CLASSES] = {
	[7] = KC(7), [8] = KC(8), [9] = KC(9), [10] = KC(10), [11] = KC(11), [12] = KC(12),
};
#undef KC

/* The kmalloc-N cache for size 1..KMALLOC_MAX_CACHE_SIZE, normal type. */
static inline struct kmem_cache *kmalloc_fast_cache(size_t size)
{
	if (size <= KMALLOC_SMALL_MAX)
		return small_cache[(size - 1) / KMALLOC_SMALL_STEP];
	return log_cache[31 - __builtin_clz((unsigned int)size - 1)];
}

static inline unsigned int kmalloc_index(size_t size)
{
	if (size <= KMALLOC_SMALL_MAX)
		return size_index[(size - 1) / KMALLOC_SMALL_STEP];
	/* 193..256 -> 7, 257..512 -> 8, ..., 4097..8192 -> 12 */
	return KMALLOC_IDX_256 + (32 - (unsigned int)__builtin_clz((unsigned int)size - 1)) -
	       KMALLOC_SHIFT_256;
}

unsigned int kmalloc_size_class(size_t size)
{
	if (!size || size > KMALLOC_MAX_CACHE_SIZE)
		return 0;
	return kmalloc_sizes[kmalloc_index(size)];
}

struct kmem_cache *kmalloc_slab(size_t size, bool dma)
{
	if (!size || size > KMALLOC_MAX_CACHE_SIZE || !slab_is_available())
		return NULL;
	return &kmalloc_caches[dma ? KMALLOC_DMA : KMALLOC_NORMAL][kmalloc_index(size)].s;
}

void kmalloc_init(void)
{
	for (int t = 0; t < NR_KMALLOC_TYPES; t++) {
		for (int i = 0; i < KMALLOC_NR_CLASSES; i++) {
			struct kmem_cache *s = &kmalloc_caches[t][i].s;
			unsigned int size = kmalloc_sizes[i];
			/* Powers of two up to a page are naturally aligned. */
			unsigned int align = (size & (size - 1)) ? ARCH_KMALLOC_MINALIGN :
					     (unsigned int)min((unsigned long)size, PAGE_SIZE);
			char name[KMEM_CACHE_NAME_MAX];

			snprintf(name, sizeof(name), "%s%u",
				 t == KMALLOC_DMA ? "kmalloc-dma-" : "kmalloc-", size);
			if (__kmem_cache_create(s, name, size, align,
						t == KMALLOC_DMA ? SLAB_CACHE_DMA : 0, NULL))
				panic("kmalloc_init: cannot create %s", name);
			s->boot = true;
			list_add(&s->list, &slab_caches);
		}
	}
	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++)
		if (kmalloc_fast_cache(size) != &kmalloc_caches[KMALLOC_NORMAL][kmalloc_index(size)].s)
			panic("kmalloc_init: fast table gives the wrong cache for %zu bytes", size);
}

static unsigned int order_for_size(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size && order < MAX_ORDER)
		order++;
	return order;
}

/* Above KMALLOC_MAX_CACHE_SIZE: a compound block, zone from the caller's
 * (already fixed-up) flags. */
static void *kmalloc_large(size_t size, gfp_t flags)
{
	unsigned int order = order_for_size(size);
	struct page *page;

	if (order >= MAX_ORDER) {
		if (!(flags & __GFP_NOWARN))
			WARN_ONCE(1, "kmalloc: %zu bytes is more than the largest block", size);
		return NULL;
	}
	page = alloc_pages((flags & ~GFP_MOVABLE_MASK) | __GFP_COMP, order);
	return page ? page_address(page) : NULL;
}

/* The kmalloc caches index by type: __GFP_DMA is bit 0, so gfp &
 * __GFP_DMA is the type. */
_Static_assert(__GFP_DMA == KMALLOC_DMA, "kmalloc type from the GFP_DMA bit");

/* __kmalloc() for what its fast path leaves out: bits kmalloc cannot
 * serve, GFP_DMA, size 0 and sizes above the caches. Inline, so that
 * slab_alloc() still sees the caller of __kmalloc() as its return address
 * (failslab reports and filters by it). */
static __always_inline void *__kmalloc_other(size_t size, gfp_t flags)
{
	if (flags & GFP_SLAB_BUG_MASK)
		flags = slab_fix_gfp(flags);
	if (size - 1 >= KMALLOC_MAX_CACHE_SIZE) {
		if (!size)
			return ZERO_SIZE_PTR;
		return kmalloc_large(size, flags);
	}
	return slab_alloc(&kmalloc_caches[flags & __GFP_DMA][kmalloc_index(size)].s, flags);
}

/* The cache from the size alone (kmalloc_fast_cache()), the object from
 * its current slab (slab_alloc()). */
void *__kmalloc(size_t size, gfp_t flags)
{
	if (unlikely((flags & (GFP_SLAB_BUG_MASK | __GFP_DMA)) ||
		     size - 1 >= KMALLOC_MAX_CACHE_SIZE))
		return __kmalloc_other(size, flags);
	return slab_alloc(kmalloc_fast_cache(size), flags);
}

void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, flags);
}

/* Is page the head of a live kmalloc_large() block starting at p? */
static bool large_block_at(const struct page *page, const void *p)
{
	return !PageSlab(page) && PageHead(page) && page_count(page) > 0 &&
	       page_address(page) == p;
}

/* kfree() of anything but an object whose own page has PG_slab: NULL,
 * ZERO_SIZE_PTR, objects of higher-order slabs, large blocks, bad pointers.
 * Out of line, so that kfree()'s fast path needs no registers for it. */
static __attribute__((noinline)) void kfree_other(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return;
	page = slab_addr_to_head(p);
	if (page && PageSlab(page)) {
		slab_free(page->slab_cache, (void *)p);
		return;
	}
	if (page && large_block_at(page, p)) {
		__free_pages(page, compound_order(page));
		return;
	}
	slab_report(NULL, "kfree",
		    page && page_address(page) == p && page_count(page) == 0 ?
		    "Object already free" : "Invalid object pointer", NULL, p);
}

void kfree(const void *p)
{
	unsigned long pfn = ((unsigned long)p - slab_lowmem_base) >> PAGE_SHIFT;
	struct page *page;

	/* The common case first: an object of an order-0 slab, whose page is
	 * its own head (PG_slab never comes with PG_reserved or PG_tail). */
	if (likely(pfn < slab_lowmem_pfns)) {
		page = pfn_to_page(pfn);
		if (likely(PageSlab(page))) {
			slab_free(page->slab_cache, (void *)p);
			return;
		}
	}
	kfree_other(p);
}

size_t ksize(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	page = slab_addr_to_head(p);
	if (!page)
		return 0;
	if (PageSlab(page))
		return ((struct kmem_cache *)page->slab_cache)->object_size;
	if (large_block_at(page, p))
		return PAGE_SIZE << compound_order(page);
	return 0;
}

void *krealloc(const void *p, size_t new_size, gfp_t flags)
{
	size_t old;
	void *q;

	if (!new_size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	old = ksize(p);
	if (old >= new_size)
		return (void *)p;   /* fits in place: content kept as is */
	q = kmalloc(new_size, flags);
	if (!q)
		return NULL;
	if (old)
		memcpy(q, p, old);
	kfree(p);
	return q;
}
