/* Slab objects: allocation and freeing, with the per-CPU current slab in
 * front of the cache's lists (Linux SLUB's kmem_cache_cpu, one CPU).
 *
 * The fast paths are inline in slab_internal.h: an allocation pops the
 * current slab's free list, a free of one of its objects pushes it back;
 * counters (the current slab's in cpu_slab.busy, nr_active, nr_empty)
 * stay exact. This file holds
 * what they fall back to: choosing a new current slab (partial slabs
 * first, then empty ones, then a new one), frees of objects of other slabs
 * (the lists move only when a full slab gets room or a slab empties), the
 * exact double-free and pointer checks, and the debug caches, which never
 * have a current slab and run every check of slab_debug.c on every
 * allocation and free.
 *
 * Locking: lists, free lists and counters change only with interrupts
 * disabled (arch_irq_save); the page allocator is called with the
 * caller's interrupt state. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/might_sleep.h>
#include <kernel/panic.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "slab_internal.h"

/* Is obj the start of an object of slab page? */
static bool slab_valid_object(const struct kmem_cache *s, const struct page *page,
			      const void *obj)
{
	const char *base = slab_base(page);
	unsigned long off;

	if ((const char *)obj < base + s->offset)
		return false;
	off = (unsigned long)((const char *)obj - base - s->offset);
	return off % s->size == 0 && off / s->size < s->objects;
}

/* The free list of page: the per-CPU one for the current slab. */
static void **slab_freelist(struct kmem_cache *s, struct page *page)
{
	return page == s->cpu_slab.page ? &s->cpu_slab.freelist : &page->freelist;
}

static bool freelist_contains(struct kmem_cache *s, struct page *page, const void *obj)
{
	unsigned int n = 0;

	for (void *p = *slab_freelist(s, page); p && n <= s->objects; p = get_fp(s, p), n++) {
		if (p == obj)
			return true;
		if (!slab_valid_object(s, page, p))
			return false;
	}
	return false;
}

/* ---- the current slab -------------------------------------------------- */

void slab_unfreeze(struct kmem_cache *s)
{
	struct kmem_cache_cpu *c = &s->cpu_slab;
	struct page *page = c->page;

	if (!page)
		return;
	page->freelist = c->freelist;
	page->inuse = (unsigned int)(c->busy + 1);
	c->freelist = NULL;
	c->page = NULL;
	c->base = 0;
	/* nr_empty already counts it when empty. */
	list_add(&page->lru, slab_list_for(s, page));
}

/* Make page (on one of the cache's lists, free list checked) the current
 * slab, putting the current one back on the lists. Interrupts off. */
static void slab_freeze(struct kmem_cache *s, struct page *page)
{
	struct kmem_cache_cpu *c = &s->cpu_slab;

	slab_unfreeze(s);
	list_del(&page->lru);
	c->page = page;
	c->freelist = page->freelist;
	c->busy = (int)page->inuse - 1;
	page->freelist = NULL;
	c->base = (unsigned long)slab_base(page) + s->offset;
}

/* The slab the lists give the next object from: the first partial one,
 * else the first empty one (*was_empty), else NULL. A slab whose free list
 * looks corrupt (its first object, or the one after, not an object of the
 * slab) is reported and written off as full, and the next one is tried.
 * Interrupts off. */
static struct page *slab_next_on_lists(struct kmem_cache *s, bool *was_empty)
{
	for (;;) {
		struct page *page;
		void *obj, *next;

		*was_empty = false;
		if (!list_empty(&s->slabs_partial)) {
			page = list_first_entry(&s->slabs_partial, struct page, lru);
		} else if (!list_empty(&s->slabs_empty)) {
			page = list_first_entry(&s->slabs_empty, struct page, lru);
			*was_empty = true;
		} else {
			return NULL;
		}
		obj = page->freelist;
		next = obj ? get_fp(s, obj) : NULL;
		if (obj && slab_valid_object(s, page, obj) &&
		    (!next || slab_valid_object(s, page, next)))
			return page;
		slab_report(s, NULL, "Freechain corrupt", page, obj);
		s->nr_active += s->objects - page->inuse;
		page->inuse = s->objects;
		page->freelist = NULL;
		slab_relist(s, page, *was_empty);
	}
}

/* The order in which the lists served allocations before there was a
 * current slab (slab_next_on_lists()). */
bool slab_freeze_next(struct kmem_cache *s)
{
	struct page *page;
	bool was_empty;

	slab_unfreeze(s);
	page = slab_next_on_lists(s, &was_empty);
	if (!page)
		return false;
	slab_freeze(s, page);
	return true;
}

/* ---- debug caches: every check on every call --------------------------- */

/* Take one object from a partial or empty slab (slab_next_on_lists());
 * NULL when there is none. Interrupts off. */
static void *take_object(struct kmem_cache *s)
{
	bool was_empty;
	struct page *page = slab_next_on_lists(s, &was_empty);
	void *obj, *next;

	if (!page)
		return NULL;
	obj = page->freelist;
	next = get_fp(s, obj);
	page->freelist = next;
	page->inuse++;
	s->nr_active++;
	/* Lists change only when the slab stops being empty or becomes full. */
	if (was_empty || page->inuse == s->objects)
		slab_relist(s, page, was_empty);
	slab_debug_alloc_check(s, page, obj);
	set_fp(s, obj, SLAB_FP_ALLOCATED);
	return obj;
}

/* One object: from the current slab (a new one chosen when it has none
 * left), or, for a debug cache, from the lists with every check. NULL
 * when a new slab was needed and the page allocator failed. */
static void *get_object(struct kmem_cache *s, gfp_t flags)
{
	struct kmem_cache_cpu *c = &s->cpu_slab;
	bool debug = s->flags & SLAB_DEBUG_FLAGS;

	for (;;) {
		unsigned long irq = arch_irq_save();
		struct page *page;
		void *obj = NULL;

		if (debug) {
			obj = take_object(s);
		} else if (c->freelist || slab_freeze_next(s)) {
			obj = c->freelist;
			c->freelist = get_fp(s, obj);
			s->nr_active++;
			if (++c->busy == 0)
				s->nr_empty--;
			set_fp(s, obj, SLAB_FP_ALLOCATED);
		}
		arch_irq_restore(irq);
		if (obj)
			return obj;
		page = new_slab(s, flags);
		if (!page)
			return NULL;
		irq = arch_irq_save();
		list_add(&page->lru, &s->slabs_empty);
		s->nr_slabs++;
		s->nr_empty++;
		arch_irq_restore(irq);
	}
}

void *__slab_alloc(struct kmem_cache *s, gfp_t flags, unsigned long caller)
{
	void *obj;

	if (WARN_ONCE(!slab_is_available(), "kmem_cache_alloc before kmem_cache_init"))
		return NULL;
	flags = slab_fix_gfp(flags);
	/* A blocking mask from a context that cannot sleep is a bug even when
	 * a slab already has room: report it, then serve it as atomic. */
	if ((flags & __GFP_DIRECT_RECLAIM) && might_sleep())
		flags &= ~__GFP_DIRECT_RECLAIM;
	if (unlikely(fault_inject_active) &&
	    __should_failslab(s->name, s->object_size, flags, caller))
		return NULL;
	obj = get_object(s, flags);
	if (obj && (flags & __GFP_ZERO))
		memset(obj, 0, s->object_size);
	return obj;
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	if (unlikely(flags & GFP_SLAB_BUG_MASK))
		flags = slab_fix_gfp(flags);
	return slab_alloc(s, flags);
}

/* ---- free -------------------------------------------------------------- */

/* Does obj look free? Exact: a free object is on its slab's free list. */
static bool object_is_free(struct kmem_cache *s, struct page *page, void *obj)
{
	void *next;

	if (slab_inuse(s, page) == 0 || *slab_freelist(s, page) == obj)
		return true;
	if (s->flags & SLAB_DEBUG_FLAGS)
		return freelist_contains(s, page, obj);
	next = get_fp(s, obj);
	if (next == SLAB_FP_ALLOCATED || (next && !slab_valid_object(s, page, next)))
		return false;
	return freelist_contains(s, page, obj);
}

void slab_free_object(struct kmem_cache *expected, struct page *page, void *obj)
{
	struct kmem_cache *s = page->slab_cache;
	struct page *discard = NULL;
	unsigned long irq = arch_irq_save();
	void **freelist;

	if (expected && expected != s) {
		slab_report(expected, NULL, "Wrong slab cache", page, obj);
		goto out;
	}
	if (!slab_valid_object(s, page, obj)) {
		slab_report(s, NULL, "Invalid object pointer", page, obj);
		goto out;
	}
	if (object_is_free(s, page, obj)) {
		slab_report(s, NULL, "Object already free", page, obj);
		goto out;
	}
	slab_debug_free_check(s, page, obj);
	freelist = slab_freelist(s, page);
	set_fp(s, obj, *freelist);
	*freelist = obj;
	s->nr_active--;
	if (page == s->cpu_slab.page) {
		if (--s->cpu_slab.busy < 0) {
			s->nr_empty++;
			if (!list_empty(&s->slabs_partial))
				slab_freeze_next(s);
		}
		goto out;
	}
	page->inuse--;
	/* Lists change only when a full slab gets room or a slab empties. */
	if (page->inuse + 1 == s->objects || page->inuse == 0)
		slab_relist(s, page, false);
	/* A full slab that just got room becomes current, as it would have
	 * served the next allocation from the head of the partial list: the
	 * objects gather in the slabs that already hold most of them. So does
	 * any slab in use with room when the current one is empty. */
	if (page->inuse && s->cpu_slab.page &&
	    (page->inuse + 1 == s->objects || s->cpu_slab.busy < 0))
		slab_freeze(s, page);
	if (!page->inuse && s->nr_empty > SLAB_EMPTY_KEEP) {
		list_del(&page->lru);
		s->nr_empty--;
		s->nr_slabs--;
		discard = page;
	}
out:
	arch_irq_restore(irq);
	if (discard)
		discard_slab(s, discard);
}

void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	struct page *page;

	if (!obj)
		return;
	page = slab_addr_to_head(obj);
	if (!page || !PageSlab(page)) {
		slab_report(s, NULL, "Invalid object pointer", NULL, obj);
		return;
	}
	slab_free(s, page, obj);
}
