/* Test helper: take every free page of ZONE_DMA (watermarks ignored), to
 * show what a user of DMA memory does when the zone is exhausted, then
 * give them all back. Shared by the mempool and floppy suites (and the
 * host build of the mempool suite). */
#ifndef TESTS_KERNEL_ZONE_DRAIN_H
#define TESTS_KERNEL_ZONE_DRAIN_H

#include <kernel/list.h>

struct zone_drain {
	struct list_head pages;         /* linked through page->lru */
	unsigned long nr;
};

/* Allocate order-0 ZONE_DMA pages until none is left; returns how many. */
unsigned long zone_drain_dma(struct zone_drain *d);
/* Free every page zone_drain_dma() took. */
void zone_drain_release(struct zone_drain *d);

#endif
