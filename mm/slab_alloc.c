/* Slab objects: allocation and freeing behind the per-CPU fast paths.
 *
 * The fast paths are inline in slab_internal.h: an allocation pops this
 * CPU's current slab's free list, a free of one of its objects pushes it
 * back, interrupts off and no lock (slab_cpu.c explains why that is
 * safe). This file holds what they fall back to, under the cache's
 * list_lock: refilling the current slab (objects other CPUs freed into
 * it, else partial slabs first, then empty ones, then a new one), frees of
 * objects of any other slab onto page->freelist (the lists move only when
 * a full slab gets room or a slab empties), the exact double-free and
 * pointer checks, and the debug caches, which never have a current slab
 * and run every check of slab_debug.c on every allocation and free. The
 * page allocator is called with the caller's interrupt state and no slab
 * lock held. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/might_sleep.h>
#include <kernel/panic.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "slab_internal.h"

bool slab_valid_object(const struct kmem_cache *s, const struct page *page, const void *obj)
{
	const char *base = slab_base(page);
	unsigned long off;

	if ((const char *)obj < base + s->offset)
		return false;
	off = (unsigned long)((const char *)obj - base - s->offset);
	return off % s->size == 0 && off / s->size < s->objects;
}

/* Is obj on the free list starting at p (objects of page)? Stops at the
 * first link out of the slab, and after s->objects steps. */
static bool freelist_contains(struct kmem_cache *s, struct page *page, void *p, const void *obj)
{
	for (unsigned int n = 0; p && n <= s->objects; p = get_fp(s, p), n++) {
		if (p == obj)
			return true;
		if (!slab_valid_object(s, page, p))
			return false;
	}
	return false;
}

struct page *slab_next_on_lists(struct kmem_cache *s, bool *was_empty)
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

/* ---- debug caches: every check on every call --------------------------- */

/* Take one object from a partial or empty slab (slab_next_on_lists());
 * NULL when there is none. list_lock held. */
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
	clear_fp(s, obj);
	return obj;
}

/* One object: from this CPU's current slab (refilled when it has none
 * left), or, for a debug cache, from the lists with every check. NULL
 * when a new slab was needed and the page allocator failed. */
static void *get_object(struct kmem_cache *s, gfp_t flags)
{
	bool debug = s->flags & SLAB_DEBUG_FLAGS;

	for (;;) {
		unsigned long irq;
		struct kmem_cache_cpu *c;
		struct page *page;
		void *obj = NULL;

		spin_lock_irqsave(&s->list_lock, irq);
		c = this_cpu_slab(s);
		if (debug) {
			obj = take_object(s);
		} else if (c->freelist || slab_refill_cpu(s, c)) {
			obj = c->freelist;
			c->freelist = get_fp(s, obj);
			c->busy++;
			clear_fp(s, obj);
		}
		spin_unlock_irqrestore(&s->list_lock, irq);
		if (obj)
			return obj;
		page = new_slab(s, flags);
		if (!page)
			return NULL;
		spin_lock_irqsave(&s->list_lock, irq);
		list_add(&page->lru, &s->slabs_empty);
		s->nr_slabs++;
		s->nr_empty++;
		spin_unlock_irqrestore(&s->list_lock, irq);
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

/* Is obj free? Exact, except for an object on another CPU's per-CPU free
 * list (slab_cpu.c). list_lock held, interrupts off. */
static bool object_is_free(struct kmem_cache *s, struct page *page, void *obj)
{
	struct kmem_cache_cpu *c = this_cpu_slab(s);
	void *next;

	if (page->inuse == 0)
		return true;
	if (!(s->flags & SLAB_DEBUG_FLAGS)) {
		/* A free object links to the end or to an object of its slab. */
		next = get_fp(s, obj);
		if (next && !slab_valid_object(s, page, next))
			return false;
	}
	return freelist_contains(s, page, page->freelist, obj) ||
	       (page == c->page && freelist_contains(s, page, c->freelist, obj));
}

void slab_free_object(struct kmem_cache *expected, struct page *page, void *obj)
{
	struct kmem_cache *s = page->slab_cache;
	struct page *discard = NULL;
	unsigned long irq;

	if (expected && expected != s) {
		slab_report(expected, NULL, "Wrong slab cache", page, obj);
		return;
	}
	spin_lock_irqsave(&s->list_lock, irq);
	if (!slab_valid_object(s, page, obj)) {
		slab_report(s, NULL, "Invalid object pointer", page, obj);
		goto out;
	}
	if (object_is_free(s, page, obj)) {
		slab_report(s, NULL, "Object already free", page, obj);
		goto out;
	}
	slab_debug_free_check(s, page, obj);
	set_fp(s, obj, page->freelist);
	page->freelist = obj;
	page->inuse--;
	s->nr_active--;
	/* A frozen slab stays off the lists; its CPU picks the object up. */
	if (slab_frozen(page))
		goto out;
	/* Lists change only when a full slab gets room or a slab empties. */
	if (page->inuse + 1 == s->objects || page->inuse == 0)
		slab_relist(s, page, false);
	/* A full slab that just got room becomes this CPU's current one, as
	 * it would have served the next allocation from the head of the
	 * partial list: objects gather in the slabs that hold most of them. */
	if (page->inuse + 1 == s->objects && page->inuse && this_cpu_slab(s)->page)
		slab_freeze_listed(s, this_cpu_slab(s), page);
	if (!page->inuse && s->nr_empty > SLAB_EMPTY_KEEP) {
		list_del(&page->lru);
		s->nr_empty--;
		s->nr_slabs--;
		discard = page;
	}
out:
	spin_unlock_irqrestore(&s->list_lock, irq);
	if (discard)
		discard_slab(s, discard);
}

void __slab_free(struct kmem_cache *s, void *obj)
{
	slab_free_object(s, slab_addr_to_head(obj), obj);
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
	slab_free(s, obj);
}
