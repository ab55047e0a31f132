/* Memory pools: a guaranteed reserve of elements for code that must make
 * progress when the allocator fails (Linux's mm/mempool.c, same names and
 * semantics).
 *
 * A pool keeps min_nr elements taken at creation. mempool_alloc() asks the
 * underlying allocator first, without direct reclaim or I/O, and only falls
 * back to the reserve when that fails; mempool_free() refills the reserve
 * before handing elements back to the allocator. So a user that allocates
 * at most min_nr elements at a time and frees them always progresses, even
 * with the zone behind the allocator exhausted (the ISA bounce pages of the
 * floppy driver are the example: arch/x86/floppy_rw.c).
 *
 * One difference from Linux: with the reserve empty and the allocator
 * failing, Linux sleeps until an element is freed. mm386 has one CPU and no
 * scheduler, so nothing could free one while we waited: mempool_alloc()
 * returns NULL instead, after a last attempt with the caller's full mask.
 *
 * Any context for masks without __GFP_DIRECT_RECLAIM; the reserve changes
 * under pool->lock, taken with interrupts disabled. */
#ifndef MM_MEMPOOL_H
#define MM_MEMPOOL_H

#include <kernel/spinlock.h>
#include <kernel/types.h>
#include <mm/gfp.h>

typedef void *(mempool_alloc_t)(gfp_t gfp_mask, void *pool_data);
typedef void (mempool_free_t)(void *element, void *pool_data);

typedef struct mempool {
	spinlock_t lock;        /* guards curr_nr, elements, reserve_hits */
	int min_nr;             /* reserve size */
	int curr_nr;            /* elements in the reserve now */
	void **elements;        /* the reserve, a stack of curr_nr */
	void *pool_data;
	mempool_alloc_t *alloc;
	mempool_free_t *free;
	unsigned long reserve_hits;     /* mempool_alloc() served from the reserve */
} mempool_t;

/* A pool with min_nr elements allocated now with GFP_KERNEL (min_nr >= 1).
 * Returns NULL when the pool or any reserve element cannot be allocated
 * (nothing is kept then). */
mempool_t *mempool_create(int min_nr, mempool_alloc_t *alloc_fn,
			  mempool_free_t *free_fn, void *pool_data);
/* Give every reserve element back to the allocator and free the pool.
 * Every element taken must have been freed first (a missing one is
 * reported). NULL is ignored. */
void mempool_destroy(mempool_t *pool);
/* An element, or NULL: see the header comment. __GFP_NOMEMALLOC,
 * __GFP_NORETRY and __GFP_NOWARN are added to the allocator's mask, and the
 * first attempt is made without __GFP_DIRECT_RECLAIM and __GFP_IO. */
void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask);
/* Refill the reserve if it is short, else free to the allocator. NULL is
 * ignored. */
void mempool_free(void *element, mempool_t *pool);

/* Page pools: pool_data is the order (as a long); elements are the first
 * struct page of each block. */
void *mempool_alloc_pages(gfp_t gfp_mask, void *pool_data);
void mempool_free_pages(void *element, void *pool_data);
/* The same with GFP_DMA added to every allocation, the reserve's too: ISA
 * DMA-reachable pages (Linux's ISA bounce pool allocator in mm/bounce.c). */
void *mempool_alloc_pages_dma(gfp_t gfp_mask, void *pool_data);
/* A pool of 2^order pages over mempool_alloc_pages. */
mempool_t *mempool_create_page_pool(int min_nr, unsigned int order);

#endif
