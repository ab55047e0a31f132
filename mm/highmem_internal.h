/* Between the two halves of mm/: the pkmap window (mm/highmem.c) and the
 * per-CPU kmap_atomic stacks (mm/highmem_atomic.c). */
#ifndef MM_HIGHMEM_INTERNAL_H
#define MM_HIGHMEM_INTERNAL_H

#include <mm/highmem.h>

/* Entries on this CPU's stack / on every CPU's (a snapshot). */
unsigned int kmap_atomic_depth(void);
unsigned int kmap_atomic_depth_all(void);
/* Fill the atomic_* fields. */
void kmap_atomic_get_stats(struct kmap_stats *st);
/* Print this CPU's stack entries, one line each. */
void kmap_atomic_show(void);
/* Unmap every CPU's stack entries and zero the stacks and counters (host
 * tests; nobody may hold a mapping). */
void kmap_atomic_reset(void);

#endif
