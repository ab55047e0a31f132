/* Per-CPU slabs: each CPU's current slab of a cache (Linux SLUB's struct
 * kmem_cache_cpu, mm/slub.c), how it is taken from the lists ("frozen"),
 * refilled with the objects other CPUs freed into it, and put back
 * ("unfrozen"), also on behalf of shrink, destroy and slabinfo through an
 * IPI to every CPU (Linux's flush_all()).
 *
 * Who may touch what:
 *   c->freelist      the CPU owning c, interrupts off (fast paths, slow
 *                    paths, the flush IPI, which runs with them off)
 *   c->page, c->base the owning CPU, interrupts off AND list_lock held
 *                    (freeze and unfreeze), so a lock holder may read any
 *                    CPU's c->page
 *   c->busy          the owning CPU, interrupts off; slab_empty_slabs()
 *                    reads another CPU's in passing (a statistic)
 *   page->freelist, page->inuse, the lists, nr_slabs, nr_empty, nr_active
 *                    anyone holding list_lock
 *
 * Why no object is lost or handed out twice. Every free object of a slab
 * is on exactly one of two lists: page->freelist, or, while the slab is
 * frozen for CPU n, cpu_slab[n].freelist. An object moves
 *   - from c->freelist to its user: the owning CPU's fast or slow
 *     allocation, interrupts off, so neither an interrupt on that CPU nor
 *     (c->freelist being that CPU's alone) another CPU sees the list
 *     half-updated;
 *   - from its user to c->freelist: the owning CPU's fast free, under the
 *     same exclusion, and only when the object lies in c's slab;
 *   - from its user to page->freelist: any CPU's slow free, under
 *     list_lock;
 *   - between page->freelist and c->freelist: freeze (page->freelist
 *     becomes c->freelist), refill (the same, for objects freed remotely
 *     since) and unfreeze (c->freelist spliced in front of page->freelist),
 *     all by the owning CPU with interrupts off and list_lock held, so they
 *     are atomic for every other path that touches either list.
 * Each step removes the object from one list before (or as) it adds it to
 * another, in one critical section, so an object is never on both lists
 * nor on none while it is free, whatever the interleaving. The counters
 * are changed in the same critical sections as the lists they describe:
 * page->inuse of a frozen slab counts the objects on c->freelist as in
 * use (they are out of the lock's reach), and unfreeze subtracts them
 * after counting the list, so nr_active is the sum of page->inuse over all
 * slabs at every lock release, and exact once no CPU holds a current slab.
 *
 * What the fast free cannot see: a double free of an object that sits on
 * another CPU's c->freelist goes to page->freelist unnoticed (as in Linux
 * without debugging); slub_debug caches have no per-CPU slab and check
 * every free exactly. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "slab_internal.h"


/* Make page (just taken off a list, was_empty: from slabs_empty) this
 * CPU's current slab: its free objects become c's. list_lock held,
 * interrupts off, c without a slab. */
static void slab_freeze(struct kmem_cache *s, struct kmem_cache_cpu *c, struct page *page,
			bool was_empty)
{
	list_del(&page->lru);
	INIT_LIST_HEAD(&page->lru);     /* slab_frozen() */
	if (was_empty)
		s->nr_empty--;
	c->freelist = page->freelist;
	c->busy = (long)page->inuse - 1;
	page->freelist = NULL;
	s->nr_active += s->objects - page->inuse;
	page->inuse = s->objects;
	c->page = page;
	c->base = (unsigned long)slab_base(page) + s->offset;
}

/* Objects on c->freelist (all of them free objects of c->page), and its
 * last one in *tail (NULL when empty). A link out of the slab, or a list
 * longer than the slab, is reported and the list cut before it: the
 * objects past the cut stay counted in use, never handed out again. */
static unsigned int cpu_freelist_count(struct kmem_cache *s, struct kmem_cache_cpu *c,
				       void **tail)
{
	unsigned int n = 0;
	void *p = c->freelist, *prev = NULL;

	while (p) {
		if (n == s->objects || !slab_valid_object(s, c->page, p)) {
			slab_report(s, NULL, "Freechain corrupt", c->page, p);
			if (prev)
				set_fp(s, prev, NULL);
			else
				c->freelist = NULL;
			break;
		}
		n++;
		prev = p;
		p = get_fp(s, p);
	}
	*tail = prev;
	return n;
}

void slab_unfreeze(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *page = c->page;
	void *tail;
	unsigned int n;

	if (!page)
		return;
	n = cpu_freelist_count(s, c, &tail);
	if (n) {
		set_fp(s, tail, page->freelist);
		page->freelist = c->freelist;
	}
	page->inuse -= n;
	s->nr_active -= n;
	c->freelist = NULL;
	c->page = NULL;
	c->base = 0;
	list_add(&page->lru, slab_list_for(s, page));
	if (!page->inuse)
		s->nr_empty++;
}

/* Put the current slab back and freeze the one the lists offer next;
 * false when they offer none. list_lock held, interrupts off. */
static bool freeze_next(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *page;
	bool was_empty;

	slab_unfreeze(s, c);
	page = slab_next_on_lists(s, &was_empty);
	if (!page)
		return false;
	slab_freeze(s, c, page, was_empty);
	return true;
}

void slab_freeze_listed(struct kmem_cache *s, struct kmem_cache_cpu *c, struct page *page)
{
	slab_unfreeze(s, c);
	slab_freeze(s, c, page, false);
}

bool slab_refill_cpu(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *page = c->page;

	if (page && page->freelist) {
		/* Objects other CPUs freed into it since it was frozen. */
		c->freelist = page->freelist;
		page->freelist = NULL;
		c->busy -= s->objects - page->inuse;
		s->nr_active += s->objects - page->inuse;
		page->inuse = s->objects;
		return true;
	}
	return freeze_next(s, c);
}

void slab_cpu_emptied(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *page = c->page, *discard = NULL;

	spin_lock(&s->list_lock);
	if (!list_empty(&s->slabs_partial)) {
		freeze_next(s, c);
		/* The empty slab went on slabs_empty; keep only so many. */
		if (s->nr_empty > SLAB_EMPTY_KEEP) {
			list_del(&page->lru);
			s->nr_empty--;
			s->nr_slabs--;
			discard = page;
		}
	}
	spin_unlock(&s->list_lock);
	if (discard)
		discard_slab(s, discard);
}

/* ---- flushing every CPU's current slab --------------------------------- */

/* Unfreeze this CPU's current slab of s; an empty one stays on
 * slabs_empty for shrink to free (no page is freed from the IPI).
 * Interrupts off, no slab lock held. */
static void flush_cpu_slab(struct kmem_cache *s)
{
	struct kmem_cache_cpu *c = this_cpu_slab(s);

	/* c->page changes only on this CPU, which is here. */
	if (!c->page)
		return;
	spin_lock(&s->list_lock);
	slab_unfreeze(s, c);
	spin_unlock(&s->list_lock);
}

/* s's current slab on this CPU. Any context (the IPI's interrupts are
 * off already). */
static void flush_one_fn(void *arg)
{
	unsigned long irq = arch_irq_save();

	flush_cpu_slab(arg);
	arch_irq_restore(irq);
}

void slab_flush_all(struct kmem_cache *s)
{
	flush_one_fn(s);
	arch_smp_call_function(flush_one_fn, s);
}

/* Every cache's current slab on this CPU. Any context. */
static void flush_every_fn(void *arg)
{
	struct kmem_cache *s;
	unsigned long irq;

	(void)arg;
	spin_lock_irqsave(&slab_caches_lock, irq);
	list_for_each_entry(s, &slab_caches, list)
		flush_cpu_slab(s);
	spin_unlock_irqrestore(&slab_caches_lock, irq);
}

void slab_flush_all_caches(void)
{
	flush_every_fn(NULL);
	arch_smp_call_function(flush_every_fn, NULL);
}

unsigned long slab_empty_slabs(const struct kmem_cache *s)
{
	spinlock_t *lock = (spinlock_t *)&s->list_lock;
	unsigned long n, irq;

	spin_lock_irqsave(lock, irq);
	n = s->nr_empty;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		const struct kmem_cache_cpu *c = &s->cpu_slab[cpu];
		long busy = __atomic_load_n(&c->busy, __ATOMIC_RELAXED);

		/* Objects in use: c->busy + 1, less those freed onto
		 * page->freelist (s->objects - page->inuse), which busy
		 * still counts. Another CPU's busy is read in passing. */
		if (c->page && busy + 1 == (long)(s->objects - c->page->inuse))
			n++;
	}
	spin_unlock_irqrestore(lock, irq);
	return n;
}

unsigned int slab_objects_in_use(const struct kmem_cache *s, const struct page *page)
{
	struct kmem_cache *w = (struct kmem_cache *)s;
	unsigned long irq = arch_irq_save();
	struct kmem_cache_cpu *c = this_cpu_slab(w);
	unsigned int n = page->inuse;
	void *tail;

	if (page == c->page)
		n -= cpu_freelist_count(w, c, &tail);
	arch_irq_restore(irq);
	return n;
}
