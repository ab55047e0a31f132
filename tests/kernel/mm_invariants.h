/* Test helper: the allocator's invariants, checked in one call after every
 * step of the random storms (tests/kernel and, through
 * tests/host/mm_invariants_host.c, the host tests). Cheap enough for every
 * step: free blocks are checked by their heads (free_lists_check() walks
 * every page; the storms run it at their end). */
#ifndef TESTS_KERNEL_MM_INVARIANTS_H
#define TESTS_KERNEL_MM_INVARIANTS_H

#include <kernel/types.h>

/* Pass as kmaps_held when the caller does not count its kmap()s. */
#define MM_INV_ANY_KMAPS (-1)

/* Check, with interrupts off and the background load's CPUs parked
 * (tests/kernel/smp_load.h; call it with interrupts on while a load may
 * run):
 *  - free lists: each listed block is a PG_buddy head of the list's order
 *    and migratetype, aligned, inside its zone, not inside another free
 *    block; blocks per order match nr_free, pages match free_pages;
 *  - per-CPU lists (this CPU's): each block is a free block of the
 *    list's order in the zone (refcount 0, not PG_buddy, not inside a free
 *    block); the blocks' pages add up to pcp.count, which stays below
 *    pcp.high;
 *  - slab caches: every slab is a PG_slab page of its cache, on the list
 *    its inuse calls for (full, partial, empty), and nr_slabs, nr_empty
 *    and nr_active agree with the lists;
 *  - kmap: the pkmap slots add up to LAST_PKMAP, and the slots in use are
 *    kmaps_held (unless MM_INV_ANY_KMAPS).
 * The first broken invariant is reported as "mm_invariants: STORM step N:
 * OBJECT: what" and false returned. */
bool mm_invariants_check(const char *storm, unsigned long step, int kmaps_held);

#endif
