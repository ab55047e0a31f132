/* Fault injection for the allocators, with the syntax and meaning of
 * Linux's lib/fault-inject.c, mm/fail_page_alloc.c and mm/failslab.c.
 *
 * Two attribute sets: fail_page_alloc (every alloc_pages_node() call) and
 * failslab (every kmem_cache_alloc()/kmalloc() call). Each is set from the
 * command line as Linux's boot parameter,
 *     fail_page_alloc=<interval>,<probability>,<space>,<times>
 *     failslab=<interval>,<probability>,<space>,<times>
 * and the files Linux keeps in debugfs are parameters here:
 *     fail_page_alloc.ignore-gfp-wait=Y|N      (default Y)
 *     fail_page_alloc.ignore-gfp-highmem=Y|N   (default Y)
 *     fail_page_alloc.min-order=N              (default 1)
 *     failslab.ignore-gfp-wait=Y|N             (default Y)
 *     NAME.verbose=0|1|2  NAME.probability=P  NAME.interval=N
 *     NAME.times=N  NAME.space=N  NAME.seed=N
 * and from the shell, `fault NAME ATTR VALUE`.
 *
 * A call fails when, in Linux's order: probability is not 0; times is not
 * 0 (-1: no limit); space (a budget that passing calls use up: bytes for
 * failslab, pages for fail_page_alloc, as Linux counts) is spent; the call is the interval-th since the last
 * one counted; a PRNG draw mod 100 is below probability. __GFP_NOFAIL is
 * never failed. The PRNG is xorshift32 seeded from NAME.seed, so a run is
 * the same each time. verbose=1 prints "FAULT_INJECTION: forcing a
 * failure." with the attributes and the call site, verbose=2 adds the
 * request (order or cache, size, mode).
 *
 * Cost when off: fault_inject_active is false unless some set has a
 * nonzero probability; the allocators test it once, predicted false. */
#ifndef MM_FAULT_INJECT_H
#define MM_FAULT_INJECT_H

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <mm/gfp.h>

struct fault_attr {
	const char *name;
	unsigned long probability;      /* percent, 0-100 */
	unsigned long interval;
	long times;                     /* failures left; -1 unlimited */
	long space;                     /* bytes that pass before any fails */
	unsigned long verbose;
	unsigned long count;            /* calls seen by the interval filter */
	u32 seed, prng;
	unsigned long forced;           /* failures forced since the reset */
};

struct fail_page_alloc_attr {
	struct fault_attr attr;
	bool ignore_gfp_reclaim;
	bool ignore_gfp_highmem;
	unsigned int min_order;
};

struct failslab_attr {
	struct fault_attr attr;
	bool ignore_gfp_reclaim;
};

extern struct fail_page_alloc_attr fail_page_alloc;
extern struct failslab_attr failslab;
/* True when either set may fail a call; kept by fault_inject_update(). */
extern bool fault_inject_active;

/* Linux's should_fail(): one decision for a request of size bytes. */
bool should_fail(struct fault_attr *attr, long size, unsigned long caller);

/* The allocators' hooks (Linux's should_fail_alloc_page() and
 * should_failslab()); called only when fault_inject_active, with the
 * allocator's caller. */
bool __should_fail_alloc_page(gfp_t gfp, unsigned int order, unsigned long caller);
bool __should_failslab(const char *cache, unsigned int size, gfp_t gfp, unsigned long caller);

/* Recompute fault_inject_active after changing an attribute by hand. */
void fault_inject_update(void);
/* Restart the PRNG from the seed, zero count and forced. */
void fault_attr_reset(struct fault_attr *attr);
/* Set ATTR of the set NAME ("fail_page_alloc" or "failslab") from text, as
 * the parameters do. 0, -ENOENT (no such set or attribute), -EINVAL. */
int fault_attr_set(const char *name, const char *attr, const char *val);
/* Print every attribute of every set, one "NAME.ATTR=VALUE" a line. */
void fault_inject_show(void);

#endif
