/* Memory pools over any allocator (contract: include/mm/mempool.h),
 * following Linux's mm/mempool.c: the reserve is a stack of min_nr
 * elements filled at creation, used only when the allocator fails, and
 * refilled first on free. */
#include <mm/mempool.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <kernel/arch.h>
#include <kernel/might_sleep.h>
#include <kernel/printk.h>

/* The reserve is kept with interrupts off: an interrupt handler may
 * allocate or free with an atomic mask while a task is in here. */
static void add_element(mempool_t *pool, void *element)
{
	pool->elements[pool->curr_nr++] = element;
}

static void *remove_element(mempool_t *pool)
{
	return pool->elements[--pool->curr_nr];
}

static void free_reserve(mempool_t *pool)
{
	while (pool->curr_nr)
		pool->free(remove_element(pool), pool->pool_data);
}

mempool_t *mempool_create(int min_nr, mempool_alloc_t *alloc_fn,
			  mempool_free_t *free_fn, void *pool_data)
{
	mempool_t *pool;

	if (min_nr < 1 || !alloc_fn || !free_fn) {
		pr_err("mempool_create: min_nr %d and both functions are required\n", min_nr);
		return NULL;
	}
	pool = kmalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return NULL;
	pool->elements = kmalloc(sizeof(void *) * (size_t)min_nr, GFP_KERNEL);
	if (!pool->elements) {
		kfree(pool);
		return NULL;
	}
	spin_lock_init(&pool->lock);
	pool->min_nr = min_nr;
	pool->curr_nr = 0;
	pool->pool_data = pool_data;
	pool->alloc = alloc_fn;
	pool->free = free_fn;
	pool->reserve_hits = 0;
	while (pool->curr_nr < pool->min_nr) {
		void *element = alloc_fn(GFP_KERNEL, pool_data);

		if (!element) {
			free_reserve(pool);
			kfree(pool->elements);
			kfree(pool);
			return NULL;
		}
		add_element(pool, element);
	}
	return pool;
}

void mempool_destroy(mempool_t *pool)
{
	if (!pool)
		return;
	if (pool->curr_nr != pool->min_nr)
		pr_err("mempool_destroy: %d of %d reserve elements still in use (leaked)\n",
		       pool->min_nr - pool->curr_nr, pool->min_nr);
	free_reserve(pool);
	kfree(pool->elements);
	kfree(pool);
}

void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask)
{
	gfp_t gfp_temp;
	unsigned long flags;
	void *element;

	might_sleep_if(gfp_mask & __GFP_DIRECT_RECLAIM);
	gfp_mask |= __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN;
	/* First without reclaim or I/O: the reserve is cheaper than waiting. */
	gfp_temp = gfp_mask & ~(__GFP_DIRECT_RECLAIM | __GFP_IO);
	for (;;) {
		element = pool->alloc(gfp_temp, pool->pool_data);
		if (element)
			return element;
		spin_lock_irqsave(&pool->lock, flags);
		if (pool->curr_nr) {
			element = remove_element(pool);
			pool->reserve_hits++;
			spin_unlock_irqrestore(&pool->lock, flags);
			return element;
		}
		spin_unlock_irqrestore(&pool->lock, flags);
		if (gfp_temp == gfp_mask)
			return NULL;
		gfp_temp = gfp_mask;
	}
}

void mempool_free(void *element, mempool_t *pool)
{
	unsigned long flags;

	if (!element)
		return;
	spin_lock_irqsave(&pool->lock, flags);
	if (pool->curr_nr < pool->min_nr) {
		add_element(pool, element);
		spin_unlock_irqrestore(&pool->lock, flags);
		return;
	}
	spin_unlock_irqrestore(&pool->lock, flags);
	pool->free(element, pool->pool_data);
}

void *mempool_alloc_pages(gfp_t gfp_mask, void *pool_data)
{
	return alloc_pages(gfp_mask, (unsigned int)(unsigned long)pool_data);
}

void mempool_free_pages(void *element, void *pool_data)
{
	__free_pages(element, (unsigned int)(unsigned long)pool_data);
}

void *mempool_alloc_pages_dma(gfp_t gfp_mask, void *pool_data)
{
	return mempool_alloc_pages(gfp_mask | GFP_DMA, pool_data);
}

mempool_t *mempool_create_page_pool(int min_nr, unsigned int order)
{
	return mempool_create(min_nr, mempool_alloc_pages, mempool_free_pages,
			      (void *)(unsigned long)order);
}
