/* GFP ("get free pages") flags: how and where the page allocator may find
 * memory, and the allocation interface built on them.
 *
 * The bit layout is exactly Linux v4.13-v4.20's (include/linux/gfp.h, the
 * ___GFP_* values).
 * A mask combines zone modifiers (which zones may serve the request), a
 * mobility hint (which free lists it comes from), watermark modifiers (how
 * deep into the reserves it may dig), reclaim modifiers (what the allocator
 * may do to find memory) and action modifiers (what to do with the pages).
 * Callers should use a type flag (GFP_KERNEL, GFP_ATOMIC, ...) plus at most
 * a few modifiers, never hand-built masks.
 *
 * Single node, single CPU: the node and cpuset modifiers are accepted and
 * have nothing to act on. */
#ifndef MM_GFP_H
#define MM_GFP_H

#include <kernel/types.h>

typedef unsigned int gfp_t;

/* ------------------------------------------------------------------------
 * Raw bit values. Use the __GFP_* names below, not these.
 */
#define ___GFP_DMA              0x01u
#define ___GFP_HIGHMEM          0x02u
#define ___GFP_DMA32            0x04u
#define ___GFP_MOVABLE          0x08u
#define ___GFP_RECLAIMABLE      0x10u
#define ___GFP_HIGH             0x20u
#define ___GFP_IO               0x40u
#define ___GFP_FS               0x80u
#define ___GFP_WRITE            0x100u
#define ___GFP_NOWARN           0x200u
#define ___GFP_RETRY_MAYFAIL    0x400u
#define ___GFP_NOFAIL           0x800u
#define ___GFP_NORETRY          0x1000u
#define ___GFP_MEMALLOC         0x2000u
#define ___GFP_COMP             0x4000u
#define ___GFP_ZERO             0x8000u
#define ___GFP_NOMEMALLOC       0x10000u
#define ___GFP_HARDWALL         0x20000u
#define ___GFP_THISNODE         0x40000u
#define ___GFP_ATOMIC           0x80000u
#define ___GFP_ACCOUNT          0x100000u
#define ___GFP_DIRECT_RECLAIM   0x200000u
#define ___GFP_KSWAPD_RECLAIM   0x400000u

#define __GFP_BITS_SHIFT 23
#define __GFP_BITS_MASK  ((gfp_t)((1u << __GFP_BITS_SHIFT) - 1))

/* ------------------------------------------------------------------------
 * Zone modifiers: the highest zone the allocation may use (gfp_zone()).
 * The allocator then falls back downwards only: Movable -> HighMem ->
 * Normal -> DMA.
 *
 * __GFP_DMA      only ZONE_DMA (what the machine's oldest DMA devices reach).
 * __GFP_HIGHMEM  ZONE_HIGHMEM, then Normal, then DMA. Highmem pages have no
 *                permanent kernel address, so only interfaces returning a
 *                struct page may use it (not __get_free_pages(), not kmalloc()).
 * __GFP_DMA32    there is no ZONE_DMA32: the same as no zone modifier (Normal).
 * __GFP_MOVABLE  also a mobility hint (below); with __GFP_HIGHMEM it selects
 *                the virtual ZONE_MOVABLE (kernelcore=/movablecore=).
 * No zone modifier: ZONE_NORMAL, then ZONE_DMA.
 * Combinations Linux rejects (DMA with HIGHMEM or DMA32, ...) are reported
 * once and served from ZONE_DMA; see gfp_zone().
 */
#define __GFP_DMA        ((gfp_t)___GFP_DMA)
#define __GFP_HIGHMEM    ((gfp_t)___GFP_HIGHMEM)
#define __GFP_DMA32      ((gfp_t)___GFP_DMA32)
#define __GFP_MOVABLE    ((gfp_t)___GFP_MOVABLE)
#define GFP_ZONEMASK     (__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)

/* ------------------------------------------------------------------------
 * Mobility modifiers: which migratetype's free lists serve the request, so
 * that pages that can never move are grouped in their own pageblocks
 * (anti-fragmentation).
 *
 * __GFP_RECLAIMABLE  slab pages that a shrinker can free (caches).
 * __GFP_MOVABLE      pages that could be migrated or reclaimed (user data).
 * Neither: unmovable kernel memory.
 * __GFP_WRITE        the caller will dirty the page; Linux spreads dirty
 *                    pages over nodes. One node here: accepted, no effect.
 * __GFP_HARDWALL     enforce the cpuset memory policy. No cpusets: accepted,
 *                    no effect.
 * __GFP_THISNODE     no fallback to other nodes. One node: accepted, no
 *                    effect (zone fallback within the node still happens).
 * __GFP_ACCOUNT      charge the pages to the caller; here they are counted
 *                    and meminfo shows the total ("Accounted:").
 */
#define __GFP_RECLAIMABLE ((gfp_t)___GFP_RECLAIMABLE)
#define __GFP_WRITE       ((gfp_t)___GFP_WRITE)
#define __GFP_HARDWALL    ((gfp_t)___GFP_HARDWALL)
#define __GFP_THISNODE    ((gfp_t)___GFP_THISNODE)
#define __GFP_ACCOUNT     ((gfp_t)___GFP_ACCOUNT)
#define GFP_MOVABLE_MASK  (__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT 3

/* ------------------------------------------------------------------------
 * Watermark modifiers: access to the emergency reserves below the zone's
 * min watermark (Linux 4.19 mm/page_alloc.c, __zone_watermark_ok()).
 *
 * __GFP_HIGH        high priority: may go down to min/2.
 * __GFP_ATOMIC      cannot sleep or reclaim: a further min/4 (to 37.5 % of
 *                   min), unless __GFP_NOMEMALLOC.
 * __GFP_MEMALLOC    ignore the watermarks entirely; only for code that frees
 *                   memory by allocating (swap-over-network, reclaim itself).
 * __GFP_NOMEMALLOC  never touch the reserves; overrides __GFP_MEMALLOC and
 *                   the __GFP_ATOMIC bonus.
 */
#define __GFP_HIGH        ((gfp_t)___GFP_HIGH)
#define __GFP_ATOMIC      ((gfp_t)___GFP_ATOMIC)
#define __GFP_MEMALLOC    ((gfp_t)___GFP_MEMALLOC)
#define __GFP_NOMEMALLOC  ((gfp_t)___GFP_NOMEMALLOC)

/* ------------------------------------------------------------------------
 * Reclaim modifiers: what the allocator may do when free memory is short.
 *
 * __GFP_IO              may start physical I/O.
 * __GFP_FS              may call into the filesystem layer.
 * __GFP_DIRECT_RECLAIM  may reclaim directly: the caller can sleep. Using it
 *                       from interrupt or atomic context is a bug.
 * __GFP_KSWAPD_RECLAIM  may wake the background reclaimer at the low mark.
 * __GFP_RECLAIM         both.
 * __GFP_NORETRY         one light reclaim attempt, then fail.
 * __GFP_RETRY_MAYFAIL   retry while reclaim makes progress, then fail; also
 *                       lets orders above PAGE_ALLOC_COSTLY_ORDER (3) retry.
 * __GFP_NOFAIL          never fail; the caller cannot handle NULL. Until a
 *                       reclaimer is registered nothing can free memory, so a
 *                       NOFAIL request that cannot be met prints a BUG report
 *                       (even with __GFP_NOWARN) and returns NULL. Warns once
 *                       when order > 1.
 */
#define __GFP_IO             ((gfp_t)___GFP_IO)
#define __GFP_FS             ((gfp_t)___GFP_FS)
#define __GFP_DIRECT_RECLAIM ((gfp_t)___GFP_DIRECT_RECLAIM)
#define __GFP_KSWAPD_RECLAIM ((gfp_t)___GFP_KSWAPD_RECLAIM)
#define __GFP_RECLAIM        ((gfp_t)(___GFP_DIRECT_RECLAIM | ___GFP_KSWAPD_RECLAIM))
#define __GFP_RETRY_MAYFAIL  ((gfp_t)___GFP_RETRY_MAYFAIL)
#define __GFP_NOFAIL         ((gfp_t)___GFP_NOFAIL)
#define __GFP_NORETRY        ((gfp_t)___GFP_NORETRY)

/* ------------------------------------------------------------------------
 * Action modifiers: what happens to the pages returned.
 *
 * __GFP_NOWARN  no failure report (the caller has a fallback).
 * __GFP_COMP    order > 0 becomes a compound page: head + tails carrying
 *               the order; free it through the head.
 * __GFP_ZERO    return zeroed pages (highmem through a temporary mapping).
 */
#define __GFP_NOWARN ((gfp_t)___GFP_NOWARN)
#define __GFP_COMP   ((gfp_t)___GFP_COMP)
#define __GFP_ZERO   ((gfp_t)___GFP_ZERO)

/* ------------------------------------------------------------------------
 * Older names (Linux before 4.13, e.g. 2.6's include/linux/gfp.h). They
 * compile, and mean what those kernels meant as far as this allocator can:
 *
 * __GFP_WAIT        "may sleep": Linux 4.4 split it into the two reclaim
 *                   bits, so it is __GFP_RECLAIM (GFP_KERNEL is still
 *                   __GFP_WAIT | __GFP_IO | __GFP_FS).
 * __GFP_REPEAT      renamed __GFP_RETRY_MAYFAIL in 4.13: the same bit.
 * __GFP_COLD        "prefer cache-cold pages": there are no per-CPU hot/cold
 *                   lists, so 0, a no-op.
 * __GFP_NOTRACK     "do not track with kmemcheck": no kmemcheck, 0.
 * __GFP_NO_KSWAPD   "do not wake kswapd": expressed today by leaving
 *                   __GFP_KSWAPD_RECLAIM out of the mask; 0, a no-op that
 *                   cannot remove a bit.
 * __GFP_OTHER_NODE  "on behalf of another node" (statistics only): one
 *                   node, 0.
 */
#define __GFP_WAIT       __GFP_RECLAIM
#define __GFP_REPEAT     __GFP_RETRY_MAYFAIL
#define __GFP_COLD       ((gfp_t)0)
#define __GFP_NOTRACK    ((gfp_t)0)
#define __GFP_NO_KSWAPD  ((gfp_t)0)
#define __GFP_OTHER_NODE ((gfp_t)0)

/* ------------------------------------------------------------------------
 * Type flags: pick by situation.
 *
 *   Situation                              Use
 *   process context, can sleep             GFP_KERNEL
 *   process context, cannot sleep          GFP_ATOMIC, or GFP_KERNEL at an
 *                                          earlier or later point
 *   interrupt handler, softirq, tasklet    GFP_ATOMIC
 *   DMA-able memory, can sleep             GFP_DMA | GFP_KERNEL
 *   DMA-able memory, cannot sleep          GFP_DMA | GFP_ATOMIC, or allocate
 *                                          earlier when you can sleep
 *
 * GFP_ATOMIC    cannot sleep; may use the emergency reserves (min/2 and a
 *               further min/4). Interrupt handlers, bottom halves, code
 *               holding a spinlock.
 * GFP_NOWAIT    like GFP_ATOMIC without the reserves: more likely to fail.
 * GFP_KERNEL    the normal kernel allocation: may sleep, do I/O and
 *               filesystem calls to find memory. The preferred flag.
 * GFP_KERNEL_ACCOUNT  GFP_KERNEL, charged to the caller (__GFP_ACCOUNT).
 * GFP_NOIO      may sleep and reclaim but start no disk I/O: block-layer
 *               code that must not recurse into I/O.
 * GFP_NOFS      may sleep and do I/O but not call the filesystem:
 *               filesystem code that must not recurse into itself.
 * GFP_USER      a normal allocation on behalf of user space, directly
 *               mapped kernel memory (cpuset hardwall).
 * GFP_HIGHUSER  GFP_USER that may come from ZONE_HIGHMEM: user pages are
 *               reached through page tables, so lacking a kernel address
 *               costs nothing.
 * GFP_HIGHUSER_MOVABLE  GFP_HIGHUSER whose pages can move: served from
 *               ZONE_MOVABLE when it exists, and from movable pageblocks.
 * GFP_DMA       ZONE_DMA only; device drivers combine it with one of the
 *               above. A synonym for __GFP_DMA.
 * GFP_DMA32     a synonym for __GFP_DMA32 (ZONE_NORMAL here).
 */
#define GFP_ATOMIC           (__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL           (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT   (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT           (__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO             (__GFP_RECLAIM)
#define GFP_NOFS             (__GFP_RECLAIM | __GFP_IO)
#define GFP_USER             (__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA              __GFP_DMA
#define GFP_DMA32            __GFP_DMA32
#define GFP_HIGHUSER         (GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE)

/* Orders above this are "costly": without __GFP_RETRY_MAYFAIL they are not
 * retried after reclaim. */
#define PAGE_ALLOC_COSTLY_ORDER 3

/* The only node. NUMA_NO_NODE means "any node" (also node 0). */
#define NUMA_NO_NODE (-1)

/* The migratetype index a mask asks for: 0 unmovable, 1 movable,
 * 2 reclaimable (both mobility bits set is a caller bug; reads as 3). */
static inline int gfp_migratetype(gfp_t gfp)
{
	return (int)((gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

/* May this allocation sleep? */
static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return (gfp & __GFP_DIRECT_RECLAIM) != 0;
}

/* The highest zone (ZONE_* from mmzone.h) an allocation with these flags
 * may use; the table is Linux's GFP_ZONE_TABLE (include/linux/gfp.h,
 * gfp_zone()). An invalid zone-modifier
 * combination is reported once per distinct combination (with its decoded
 * flags) and resolves to ZONE_DMA: DMA memory satisfies every constraint
 * any zone modifier can express, and it is what Linux's table yields for
 * those entries. Any context. */
int gfp_zone(gfp_t gfp);
/* False for the zone-modifier combinations Linux's GFP_ZONE_BAD rejects. */
bool gfp_zone_valid(gfp_t gfp);

/* Decode a mask like Linux's %pGg into buf: type-flag names first
 * (greedily, in the order of Linux's __def_gfpflag_names in
 * include/trace/events/mmflags.h), then single __GFP_* names, joined with
 * '|', then any leftover bits as one hex number ("0x1000000"). A zero mask
 * decodes to the empty string, as Linux prints "mode:0x0()". Always
 * NUL-terminates when size > 0; returns the length the full text would have
 * had (like snprintf). */
int gfp_flags_str(char *buf, size_t size, gfp_t gfp);

/* Parse a GFP expression: names (any GFP_* type flag, any __GFP_* modifier,
 * including the older names) and numbers (decimal or 0x hex) joined by '|',
 * spaces allowed around tokens. Returns 0 and the value in *out, or -EINVAL
 * with *bad_name (when non-NULL) pointing at the offending token inside
 * expr (an empty expression or a trailing '|' points at its end). */
int gfp_parse_expr(const char *expr, gfp_t *out, const char **bad_name);

/* The name table used by the decoder and the parser, in decoding order:
 * type flags, single bits, then the older names (which the decoder skips
 * because they are synonyms or 0). For listing in a shell. */
struct gfp_name {
	const char *name;
	gfp_t value;
};
extern const struct gfp_name gfp_names[];
extern const size_t gfp_names_count;

#endif
