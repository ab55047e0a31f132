/* Reclaim (mm/vmscan.c): shrinkers, direct reclaim and kswapd.
 *
 * A shrinker is a cache that can give pages back: count_objects() says how
 * many pages it could free now, scan_objects() frees up to sc->nr_to_scan
 * of them and returns how many it freed. Each shrinker declares, in
 * gfp_needs, the reclaim modifiers a context must carry for it to run:
 * __GFP_IO (it has to write to a device to free pages) and/or __GFP_FS (it
 * calls into a filesystem). So GFP_NOIO runs only shrinkers that need
 * neither, GFP_NOFS also those that need I/O, GFP_KERNEL all of them.
 * The slab allocator's shrinker (empty slabs, needs nothing) is always
 * registered.
 *
 * Direct reclaim: the page allocator's slow path calls try_to_free_pages()
 * for masks with __GFP_DIRECT_RECLAIM; one call is one pass asking the
 * allowed shrinkers for SWAP_CLUSTER_MAX pages between them, shared in
 * proportion to their counts (each with pages is asked for at least one).
 * The retry policy around it is the allocator's (mm/page_alloc.c, after
 * Linux's should_reclaim_retry()).
 *
 * kswapd: background reclaim as deferred work (KSWAPD_SOFTIRQ). The slow
 * path wakes it for masks with __GFP_KSWAPD_RECLAIM once every zone the
 * allocation may use is below its low mark; it then reclaims with
 * GFP_KERNEL's permissions, pass after pass, until some zone at or below
 * the waker's classzone is above its high mark (Linux's pgdat_balanced) or
 * a pass frees nothing. A run does at most KSWAPD_MAX_PASSES passes, then
 * re-raises itself so interrupts are not held off for long.
 *
 * Reclaim does not recurse: a shrinker that allocates does not reclaim,
 * and kswapd waits while a direct reclaim it interrupted is under way. */
#ifndef MM_SHRINKER_H
#define MM_SHRINKER_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <mm/gfp.h>

/* Pages one reclaim pass aims for (Linux's SWAP_CLUSTER_MAX). */
#define SWAP_CLUSTER_MAX   32UL
/* Passes per kswapd run before it yields until the next interrupt exit. */
#define KSWAPD_MAX_PASSES  32
/* scan_objects(): "cannot make progress now". */
#define SHRINK_STOP        (~0UL)
/* The modifiers gfp_needs may name. */
#define SHRINKER_GFP_MASK  (__GFP_IO | __GFP_FS)

struct shrink_control {
	gfp_t gfp_mask;             /* the reclaiming context */
	unsigned long nr_to_scan;   /* pages asked for (scan_objects) */
};

struct shrinker {
	const char *name;
	/* Pages the shrinker could free now; 0: skip it. */
	unsigned long (*count_objects)(struct shrinker *s, struct shrink_control *sc);
	/* Free up to sc->nr_to_scan pages; return the number freed or
	 * SHRINK_STOP. Called in process context (direct reclaim) or
	 * softirq context (kswapd), so its own state must be interrupt-safe. */
	unsigned long (*scan_objects)(struct shrinker *s, struct shrink_control *sc);
	gfp_t gfp_needs;            /* __GFP_IO and/or __GFP_FS, or 0 */
	/* Kept by vmscan.c. */
	unsigned long nr_scans;     /* scan_objects() calls */
	unsigned long nr_freed;     /* pages it reported freed */
	struct list_head list;
	bool registered;
};

/* Add s to the shrinkers (process context). Returns 0, or -EINVAL when a
 * callback is missing or gfp_needs names other bits, -EBUSY when s is
 * already registered. */
int register_shrinker(struct shrinker *s);
/* Remove s (process context); when this returns, no reclaim is inside s.
 * Unregistering an unregistered shrinker does nothing. */
void unregister_shrinker(struct shrinker *s);
/* May a context with this mask run s? */
bool shrinker_allowed(const struct shrinker *s, gfp_t gfp);

/* Pages the shrinkers a context with this mask may run could free now. */
unsigned long shrinkers_count(gfp_t gfp);

/* One reclaim pass with gfp's permissions aiming for nr_to_reclaim pages;
 * returns the pages freed. Used by both reclaimers; any context that may
 * free pages. Returns 0 while another reclaim is under way. */
unsigned long shrink_slab(gfp_t gfp, unsigned long nr_to_reclaim);

/* Direct reclaim for an allocation of 2^order pages: one pass. Returns the
 * pages freed (0 = no progress). Only for masks with __GFP_DIRECT_RECLAIM
 * (others get 0); the page allocator calls it. */
unsigned long try_to_free_pages(gfp_t gfp, unsigned int order);

/* Ask kswapd to balance the zones up to classzone_idx. Any context. Does
 * nothing when some zone there is already above its high mark. */
void wakeup_kswapd(int classzone_idx, unsigned int order);
/* Is some populated zone at or below classzone_idx above its high mark
 * (checked with classzone_idx's lowmem_reserve)? */
bool zones_balanced(int classzone_idx);
/* Hold kswapd back (nests): wakeups are remembered and acted on when the
 * last kswapd_enable() runs. For tests that measure direct reclaim. */
void kswapd_disable(void);
void kswapd_enable(void);

struct reclaim_stats {
	unsigned long direct_calls;     /* try_to_free_pages() passes */
	unsigned long direct_reclaimed; /* pages they freed */
	unsigned long kswapd_wakeups;   /* wakeup_kswapd() that woke it */
	unsigned long kswapd_runs;      /* kswapd runs (softirq) */
	unsigned long kswapd_reclaimed; /* pages kswapd freed */
	unsigned long kswapd_balanced;  /* runs that ended balanced */
};
struct reclaim_stats reclaim_stats(void);

/* Pages held by empty slabs: what the slab shrinker can free now. */
unsigned long slab_reclaimable_pages(void);

#endif
