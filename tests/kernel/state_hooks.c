/* State hooks every suite is checked against (include/kernel/ktest.h):
 * sampled before and after each suite, in the kernel and on the host. */
#include <kernel/ktest.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <mm/shrinker.h>

/* Free pages plus pages in empty slabs, which reclaim may turn into free
 * pages at any time (a direct reclaim or kswapd inside a suite frees them
 * without anything leaking). */
static unsigned long free_and_slab_empty_pages(void)
{
	return nr_free_pages() + slab_reclaimable_pages();
}
KTEST_STATE_HOOK(free_pages, free_and_slab_empty_pages);

/* kmap slots in use plus the kmap_atomic stack depth: a suite leaves none
 * mapped. */
static unsigned long kmap_slots_sample(void)
{
	return kmap_slots_in_use();
}
KTEST_STATE_HOOK(kmap_slots, kmap_slots_sample);
