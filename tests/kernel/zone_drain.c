/* ZONE_DMA drain helper for tests (contract: tests/kernel/zone_drain.h). */
#include "zone_drain.h"
#include <mm/mm.h>

/* __GFP_MEMALLOC ignores the watermarks, so the zone really empties;
 * __GFP_NOWARN: the last, failing attempt is expected. */
#define ZONE_DRAIN_GFP (GFP_DMA | __GFP_MEMALLOC | __GFP_NOWARN)

unsigned long zone_drain_dma(struct zone_drain *d)
{
	struct page *page;

	INIT_LIST_HEAD(&d->pages);
	d->nr = 0;
	while ((page = alloc_page(ZONE_DRAIN_GFP)) != NULL) {
		list_add(&page->lru, &d->pages);
		d->nr++;
	}
	return d->nr;
}

void zone_drain_release(struct zone_drain *d)
{
	while (!list_empty(&d->pages)) {
		struct page *page = list_first_entry(&d->pages, struct page, lru);

		list_del(&page->lru);
		__free_page(page);
	}
	d->nr = 0;
}
