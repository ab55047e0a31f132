/* Reclaim: shrinker registry, direct reclaim and kswapd
 * (include/mm/shrinker.h).
 *
 * Locking: one reclaim runs at a time, on any CPU: reclaim_busy is taken
 * by one atomic exchange and holds the reclaim statistics. kswapd runs in
 * softirq context on whichever CPU woke it and may find a direct reclaim
 * (or kswapd) under way on this CPU or another; it then re-raises itself
 * and tries again at a later interrupt exit. The shrinker list changes
 * under shrinker_lock (interrupts disabled); reclaim walks it with
 * interrupts enabled, holding reclaim_busy, and unregister_shrinker()
 * waits for a reclaim on another CPU to end before it returns, so a
 * removed shrinker is never called afterwards. kswapd's work order and
 * its disable count are under kswapd_lock (interrupts disabled). */
#include <kernel/arch.h>
#include <kernel/errno.h>
#include <kernel/hardirq.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <kernel/softirq.h>
#include <kernel/spinlock.h>
#include <mm/mm.h>
#include <mm/shrinker.h>
#include <mm/slab.h>

/* Defined at the end of the file, built around the slab shrinker. */
static struct list_head shrinker_list;
static DEFINE_SPINLOCK(shrinker_lock);
static bool reclaim_busy;
/* The CPU holding reclaim_busy (meaningful while it is set). */
static unsigned int reclaim_cpu;
static struct reclaim_stats stats;

/* kswapd's work order: the highest classzone and order it was woken for. */
static DEFINE_SPINLOCK(kswapd_lock);
static bool kswapd_woken;
static int kswapd_classzone = -1;
static unsigned int kswapd_order;
static unsigned int kswapd_disabled;

/* ------------------------------------------------------------------------
 * Registry.
 */

int register_shrinker(struct shrinker *s)
{
	unsigned long flags;

	if (!s->count_objects || !s->scan_objects || (s->gfp_needs & ~SHRINKER_GFP_MASK))
		return -EINVAL;
	if (s->registered)
		return -EBUSY;
	s->nr_scans = 0;
	s->nr_freed = 0;
	spin_lock_irqsave(&shrinker_lock, flags);
	list_add_tail(&s->list, &shrinker_list);
	s->registered = true;
	spin_unlock_irqrestore(&shrinker_lock, flags);
	return 0;
}

void unregister_shrinker(struct shrinker *s)
{
	unsigned long flags;

	spin_lock_irqsave(&shrinker_lock, flags);
	if (s->registered) {
		list_del(&s->list);
		s->registered = false;
	}
	spin_unlock_irqrestore(&shrinker_lock, flags);
	/* A reclaim on another CPU may still be walking past s. */
	while (__atomic_load_n(&reclaim_busy, __ATOMIC_ACQUIRE) &&
	       __atomic_load_n(&reclaim_cpu, __ATOMIC_RELAXED) != smp_processor_id())
		__asm__ volatile("" ::: "memory");
}

bool shrinker_allowed(const struct shrinker *s, gfp_t gfp)
{
	return (gfp & s->gfp_needs) == s->gfp_needs;
}

/* Only one reclaim at a time; false when one is under way. */
static bool reclaim_enter(void)
{
	if (__atomic_exchange_n(&reclaim_busy, true, __ATOMIC_ACQUIRE))
		return false;
	__atomic_store_n(&reclaim_cpu, smp_processor_id(), __ATOMIC_RELAXED);
	return true;
}

static void reclaim_exit(void)
{
	__atomic_store_n(&reclaim_busy, false, __ATOMIC_RELEASE);
}

unsigned long shrinkers_count(gfp_t gfp)
{
	struct shrink_control sc = { .gfp_mask = gfp };
	unsigned long total = 0, flags;
	struct shrinker *s;

	spin_lock_irqsave(&shrinker_lock, flags);
	list_for_each_entry(s, &shrinker_list, list)
		if (shrinker_allowed(s, gfp))
			total += s->count_objects(s, &sc);
	spin_unlock_irqrestore(&shrinker_lock, flags);
	return total;
}

/* ------------------------------------------------------------------------
 * One pass. Each allowed shrinker with pages is asked for its share of
 * nr_to_reclaim, in proportion to its count, at least one page and at
 * most its count. Caller holds reclaim_busy.
 */

static unsigned long shrink_one(struct shrinker *s, gfp_t gfp, unsigned long count,
				unsigned long total, unsigned long nr_to_reclaim)
{
	struct shrink_control sc = { .gfp_mask = gfp };
	unsigned long freed;

	sc.nr_to_scan = (unsigned long)DIV_ROUND_UP((u64)nr_to_reclaim * count, total);
	sc.nr_to_scan = clamp(sc.nr_to_scan, 1UL, count);
	freed = s->scan_objects(s, &sc);
	if (freed == SHRINK_STOP)
		freed = 0;
	s->nr_scans++;
	s->nr_freed += freed;
	return freed;
}

static unsigned long __shrink_slab(gfp_t gfp, unsigned long nr_to_reclaim)
{
	struct shrink_control sc = { .gfp_mask = gfp };
	unsigned long total = shrinkers_count(gfp), freed = 0;
	struct shrinker *s;

	if (!total)
		return 0;
	list_for_each_entry(s, &shrinker_list, list) {
		unsigned long count;

		if (!shrinker_allowed(s, gfp))
			continue;
		count = s->count_objects(s, &sc);
		if (count)
			freed += shrink_one(s, gfp, count, max(total, count), nr_to_reclaim);
	}
	return freed;
}

unsigned long shrink_slab(gfp_t gfp, unsigned long nr_to_reclaim)
{
	unsigned long freed;

	if (!reclaim_enter())
		return 0;
	freed = __shrink_slab(gfp, nr_to_reclaim);
	reclaim_exit();
	return freed;
}

unsigned long try_to_free_pages(gfp_t gfp, unsigned int order)
{
	unsigned long freed;

	(void)order;    /* no compaction: a pass frees pages, not blocks */
	if (!gfpflags_allow_blocking(gfp) || !reclaim_enter())
		return 0;
	freed = __shrink_slab(gfp, SWAP_CLUSTER_MAX);
	stats.direct_calls++;
	stats.direct_reclaimed += freed;
	reclaim_exit();
	return freed;
}

/* ------------------------------------------------------------------------
 * kswapd.
 */

bool zones_balanced(int classzone_idx)
{
	int i;

	for (i = 0; i <= classzone_idx && i < MAX_NR_ZONES; i++) {
		const struct zone *z = &contig_page_data.node_zones[i];

		if (populated_zone(z) &&
		    zone_watermark_ok(z, 0, high_wmark_pages(z), classzone_idx, 0))
			return true;
	}
	return false;
}

static void kswapd_run(void);

void wakeup_kswapd(int classzone_idx, unsigned int order)
{
	unsigned long flags;

	if (classzone_idx < 0 || zones_balanced(classzone_idx))
		return;
	bool raise;

	open_softirq(KSWAPD_SOFTIRQ, kswapd_run);
	spin_lock_irqsave(&kswapd_lock, flags);
	kswapd_woken = true;
	kswapd_classzone = max(kswapd_classzone, classzone_idx);
	kswapd_order = max(kswapd_order, order);
	stats.kswapd_wakeups++;
	raise = !kswapd_disabled;
	spin_unlock_irqrestore(&kswapd_lock, flags);
	if (raise)
		raise_softirq(KSWAPD_SOFTIRQ);
}

/* KSWAPD_SOFTIRQ: reclaim until the classzone is balanced, no pass makes
 * progress, or the pass budget is spent (then continue later). */
static void kswapd_run(void)
{
	unsigned long flags, freed = 0;
	int classzone, pass;

	if (__atomic_load_n(&kswapd_disabled, __ATOMIC_RELAXED) ||
	    !__atomic_load_n(&kswapd_woken, __ATOMIC_RELAXED))
		return;
	if (!reclaim_enter()) {
		raise_softirq(KSWAPD_SOFTIRQ);
		return;
	}
	spin_lock_irqsave(&kswapd_lock, flags);
	classzone = kswapd_classzone;
	kswapd_woken = false;
	kswapd_classzone = -1;
	kswapd_order = 0;
	spin_unlock_irqrestore(&kswapd_lock, flags);
	if (classzone < 0) {            /* another CPU's kswapd took the order */
		reclaim_exit();
		return;
	}

	stats.kswapd_runs++;
	/* The watermarks count buddy pages only: pages waiting on the
	 * per-CPU lists (reclaimed slab pages land there) go back first. */
	drain_all_pages();
	for (pass = 0; pass < KSWAPD_MAX_PASSES; pass++) {
		if (zones_balanced(classzone))
			break;
		freed = __shrink_slab(GFP_KERNEL, SWAP_CLUSTER_MAX);
		drain_all_pages();
		stats.kswapd_reclaimed += freed;
		if (!freed)
			break;
	}
	reclaim_exit();
	if (zones_balanced(classzone)) {
		stats.kswapd_balanced++;
	} else if (freed) {
		spin_lock_irqsave(&kswapd_lock, flags);
		kswapd_woken = true;
		kswapd_classzone = max(kswapd_classzone, classzone);
		spin_unlock_irqrestore(&kswapd_lock, flags);
		raise_softirq(KSWAPD_SOFTIRQ);
	}
}

void kswapd_disable(void)
{
	unsigned long flags;

	spin_lock_irqsave(&kswapd_lock, flags);
	kswapd_disabled++;
	spin_unlock_irqrestore(&kswapd_lock, flags);
}

void kswapd_enable(void)
{
	unsigned long flags;
	bool raise;

	spin_lock_irqsave(&kswapd_lock, flags);
	if (!WARN_ONCE(!kswapd_disabled, "kswapd_enable: not disabled"))
		kswapd_disabled--;
	raise = !kswapd_disabled && kswapd_woken;
	spin_unlock_irqrestore(&kswapd_lock, flags);
	if (raise)
		raise_softirq(KSWAPD_SOFTIRQ);
}

struct reclaim_stats reclaim_stats(void)
{
	return stats;
}

/* ------------------------------------------------------------------------
 * The slab shrinker: empty slabs, freed whole (needs neither I/O nor FS).
 */

unsigned long slab_reclaimable_pages(void)
{
	const struct kmem_cache *s;
	unsigned long n = 0;

	list_for_each_entry(s, &slab_caches, list)
		n += slab_empty_slabs(s) << s->order;
	return n;
}

static unsigned long slab_count(struct shrinker *s, struct shrink_control *sc)
{
	(void)s;
	(void)sc;
	return slab_reclaimable_pages();
}

static unsigned long slab_scan(struct shrinker *s, struct shrink_control *sc)
{
	(void)s;
	(void)sc;
	return kmem_cache_shrink_all();
}

/* Registered from the start: the list is built statically around it. */
static struct shrinker slab_shrinker = {
	.name = "slab",
	.count_objects = slab_count,
	.scan_objects = slab_scan,
	.list = LIST_HEAD_INIT(shrinker_list),
	.registered = true,
};
static struct list_head shrinker_list = { &slab_shrinker.list, &slab_shrinker.list };
