/* Stamped blocks for the SMP tests (contract: tests/kernel/smp_blocks.h). */
#include <kernel/printk.h>
#include <kernel/random.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <mm/slab.h>

#include "smp_blocks.h"

/* One GFP_DMA page in this many page blocks, when allowed: ZONE_DMA is
 * small and other tests drain it. */
#define DMA_ONE_IN 16

static const gfp_t page_masks[] = {
	GFP_KERNEL, GFP_ATOMIC, GFP_HIGHUSER, GFP_HIGHUSER_MOVABLE,
	GFP_KERNEL | __GFP_ZERO, GFP_NOWAIT, GFP_KERNEL | __GFP_RECLAIMABLE,
};
/* Orders 0 to SMP_BLOCK_MAX_ORDER, order 0 most often as in real use. */
static const unsigned char page_orders[] = { 0, 0, 0, 0, 0, 1, 1, 2, 3 };
/* kmalloc sizes over every class from 8 to 4096 bytes. */
static const unsigned short obj_sizes[] = {
	8, 12, 32, 60, 64, 96, 128, 190, 256, 500, 1024, 2000, 4096,
};

/* Head page words 0-2 and the tail page's last word. */
#define HEAD_WORDS 3
#define PAGE_WORDS (PAGE_SIZE / sizeof(u32))

static u32 tail_stamp(u32 stamp, unsigned long pfn)
{
	return stamp ^ (u32)pfn;
}

/* Map page (kmap() when asked and it is HighMem, else kmap_atomic()),
 * run fn over its words, unmap. */
static bool with_page(struct page *page, bool use_kmap,
		      bool (*fn)(u32 *w, const struct smp_block *b, bool head),
		      const struct smp_block *b, bool head)
{
	bool ok;
	u32 *w;

	if (use_kmap && PageHighMem(page)) {
		w = kmap(page);
		if (w) {
			ok = fn(w, b, head);
			kunmap(page);
			return ok;
		}
	}
	w = kmap_atomic(page);
	if (!w)
		return false;
	ok = fn(w, b, head);
	kunmap_atomic(w);
	return ok;
}

static bool write_words(u32 *w, const struct smp_block *b, bool head)
{
	unsigned long pfn = page_to_pfn(b->page);

	if (head) {
		w[0] = b->stamp;
		w[1] = ~b->stamp;
		w[2] = (u32)pfn;
	} else {
		w[PAGE_WORDS - 1] = tail_stamp(b->stamp, pfn);
	}
	return true;
}

static bool check_words(u32 *w, const struct smp_block *b, bool head)
{
	unsigned long pfn = page_to_pfn(b->page);

	if (head)
		return w[0] == b->stamp && w[1] == ~b->stamp && w[2] == (u32)pfn;
	return w[PAGE_WORDS - 1] == tail_stamp(b->stamp, pfn);
}

static bool alloc_pages_block(struct smp_block *b, u32 *rng, unsigned int kinds)
{
	u32 r = xorshift32(rng);
	gfp_t gfp = page_masks[r % ARRAY_SIZE(page_masks)];
	unsigned int order = page_orders[(r >> 8) % ARRAY_SIZE(page_orders)];
	bool use_kmap = (kinds & SMP_BLOCK_KMAP) && (r & (1u << 20));

	if ((kinds & SMP_BLOCK_DMA) && (r >> 24) % DMA_ONE_IN == 0) {
		gfp = GFP_KERNEL | GFP_DMA;
		order = 0;
	}
	b->page = alloc_pages(gfp | __GFP_NOWARN, order);
	if (!b->page)
		return false;
	b->order = order;
	with_page(b->page, use_kmap, write_words, b, true);
	with_page(b->page + (1UL << order) - 1, use_kmap, write_words, b, false);
	return true;
}

static bool alloc_obj_block(struct smp_block *b, u32 *rng)
{
	u32 r = xorshift32(rng);
	unsigned int size = obj_sizes[r % ARRAY_SIZE(obj_sizes)];
	u32 *w;

	w = kmalloc(size, ((r >> 8) & 1 ? GFP_ATOMIC : GFP_KERNEL) | __GFP_NOWARN);
	if (!w)
		return false;
	b->obj = w;
	b->size = size;
	w[0] = b->stamp;
	w[size / sizeof(u32) - 1] = ~b->stamp;
	return true;
}

bool smp_block_alloc(struct smp_block *b, u32 *rng, u32 stamp, unsigned int kinds)
{
	b->page = NULL;
	b->obj = NULL;
	b->stamp = stamp;
	if (xorshift32(rng) & 1)
		return alloc_pages_block(b, rng, kinds);
	return alloc_obj_block(b, rng);
}

bool smp_block_free(struct smp_block *b, const char *who)
{
	bool ok = true;

	if (b->page) {
		struct page *tail = b->page + (1UL << b->order) - 1;

		ok = with_page(b->page, false, check_words, b, true) &&
		     with_page(tail, false, check_words, b, false);
		if (!ok)
			pr_err("smp_blocks: %s: page block pfn %#lx order %u: stamp %#x damaged\n",
			       who, page_to_pfn(b->page), b->order, b->stamp);
		__free_pages(b->page, b->order);
	} else if (b->obj) {
		const u32 *w = b->obj;

		ok = w[0] == b->stamp && w[b->size / sizeof(u32) - 1] == ~b->stamp;
		if (!ok)
			pr_err("smp_blocks: %s: %u-byte object %p: stamp %#x damaged (first word %#x, last %#x)\n",
			       who, b->size, b->obj, b->stamp, w[0], w[b->size / sizeof(u32) - 1]);
		kfree(b->obj);
	}
	b->page = NULL;
	b->obj = NULL;
	return ok;
}
