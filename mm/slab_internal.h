/* Private to mm/: what the slab allocator's files share with each other.
 *
 *   slab.c        caches, slabs, object allocation and freeing
 *   kmalloc.c     the kmalloc size classes over slab.c
 *   slab_debug.c  red zones, poisoning and the reports (slub_debug=)
 *
 * Nothing outside mm/ includes this header; the public contract is
 * include/mm/slab.h. */
#ifndef MM_SLAB_INTERNAL_H
#define MM_SLAB_INTERNAL_H

#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/hardirq.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <mm/fault_inject.h>
#include <mm/mm.h>
#include <mm/slab.h>

/* Bits kmalloc and kmem_cache_alloc cannot serve (Linux GFP_SLAB_BUG_MASK). */
#define GFP_SLAB_BUG_MASK    (__GFP_DMA32 | __GFP_HIGHMEM | ~__GFP_BITS_MASK)

/* Free pointers are stored as next ^ secret ^ (address of the pointer), so
 * that live data rarely decodes as a valid free-list link. */
static inline unsigned long *fp_addr(const struct kmem_cache *s, void *obj)
{
	return (unsigned long *)((char *)obj + s->fp_offset);
}

static inline void *get_fp(const struct kmem_cache *s, void *obj)
{
	unsigned long *p = fp_addr(s, obj);

	return (void *)(*p ^ s->secret ^ (unsigned long)p);
}

static inline void set_fp(const struct kmem_cache *s, void *obj, void *next)
{
	unsigned long *p = fp_addr(s, obj);

	*p = (unsigned long)next ^ s->secret ^ (unsigned long)p;
}

/* An allocated object's free-pointer slot is cleared: it then decodes to
 * secret ^ its own address, which the secret's top bit (SLAB_SECRET_TOP,
 * slab.c) puts outside the object's slab, so it never reads as a link. */
static inline void clear_fp(const struct kmem_cache *s, void *obj)
{
	*fp_addr(s, obj) = 0;
}

/* The direct map as the slab allocator sees it: the address of physical 0
 * and the frames below lowmem's end that mem_map covers (set by
 * kmem_cache_init()). */
extern unsigned long slab_lowmem_base, slab_lowmem_pfns;

/* Head page of the lowmem page holding addr, or NULL when addr is not a
 * direct-map address of a managed frame. Never faults. */
static inline struct page *slab_addr_to_head(const void *addr)
{
	unsigned long pfn = ((unsigned long)addr - slab_lowmem_base) >> PAGE_SHIFT;
	struct page *page;

	/* Below the direct map, pfn wraps past the limit. */
	if (unlikely(pfn >= slab_lowmem_pfns))
		return NULL;
	page = pfn_to_page(pfn);
	if (unlikely(PageReserved(page)))
		return NULL;
	return compound_head(page);
}

/* ---- the per-CPU fast paths (slab_cpu.c has the rest) ----------------
 * Both run with interrupts disabled for the few instructions that touch
 * this CPU's struct kmem_cache_cpu, take no lock, and fall back to the
 * slow paths, which keep every check, for anything unusual: fault
 * injection on, an empty per-CPU free list (debug caches never have one),
 * a blocking mask from a context that cannot sleep, an object outside this
 * CPU's current slab or not at the start of a slot, or one whose free
 * pointer decodes as a link a free object could hold (a possible double
 * free: the slow path decides exactly). */

/* This CPU's current-slab state of s. */
static __always_inline struct kmem_cache_cpu *this_cpu_slab(struct kmem_cache *s)
{
	return &s->cpu_slab[smp_processor_id()];
}

/* The allocation slow path: fault injection (failslab, with the caller's
 * address), might_sleep(), debug caches, remote frees picked up, a new
 * current slab (Linux's ___slab_alloc). Interrupts in the caller's state. */
void *__slab_alloc(struct kmem_cache *s, gfp_t flags, unsigned long caller);

static __always_inline void *slab_alloc(struct kmem_cache *s, gfp_t flags)
{
	unsigned long irq = arch_irq_save();
	struct kmem_cache_cpu *c = this_cpu_slab(s);
	void *obj = c->freelist;

	if (unlikely(!obj || fault_inject_active ||
		     ((flags & __GFP_DIRECT_RECLAIM) &&
		      (in_atomic() || arch_irqs_disabled_flags(irq))))) {
		arch_irq_restore(irq);
		return __slab_alloc(s, flags, (unsigned long)__builtin_return_address(0));
	}
	c->freelist = get_fp(s, obj);
	c->busy++;
	arch_irq_restore(irq);
	clear_fp(s, obj);
	if (unlikely(flags & __GFP_ZERO))
		memset(obj, 0, s->object_size);
	return obj;
}

/* Free obj whose slab head page is page (PG_slab), under the cache's
 * list_lock: onto page->freelist (any slab, frozen or not; Linux's
 * __slab_free). expected: the cache the caller named (NULL for kfree).
 * Bad pointers are reported and ignored. */
void slab_free_object(struct kmem_cache *expected, struct page *page, void *obj);

/* This CPU's current slab c just lost its last object and the cache has
 * a partial slab (a glance without the lock, so maybe no longer): that
 * one becomes current instead, so that objects gather in as few slabs as
 * possible and the empty one can be reclaimed. Interrupts off. */
void slab_cpu_emptied(struct kmem_cache *s, struct kmem_cache_cpu *c);

/* Free obj of cache s (its slab's head page has PG_slab). The fast case: obj is a slot
 * of this CPU's current slab, and its free pointer decodes to neither
 * NULL nor an address inside that slab's block (aligned to its size, so
 * one xor with obj and one compare tell), which every free object's does
 * (its link is the next free object of the same slab or the end): so obj
 * is in use, and a double free always takes the slow path. */
/* slab_free_object() for obj of a slab of s (PG_slab checked). */
void __slab_free(struct kmem_cache *s, void *obj);

static __always_inline void slab_free(struct kmem_cache *s, void *obj)
{
	unsigned long irq = arch_irq_save();
	struct kmem_cache_cpu *c = this_cpu_slab(s);
	unsigned long base = c->base, off = (unsigned long)obj - base;

	if (likely(off < s->span && off % s->size == 0)) {
		unsigned long *fp = fp_addr(s, obj);
		/* One key encodes and decodes this slot (set_fp(), get_fp()). */
		unsigned long key = s->secret ^ (unsigned long)fp, link = *fp ^ key;

		if (likely((link ^ (unsigned long)obj) >= s->slab_bytes && link)) {
			*fp = (unsigned long)c->freelist ^ key;
			c->freelist = obj;
			if (unlikely(--c->busy < 0) && !list_empty(&s->slabs_partial))
				slab_cpu_emptied(s, c);
			arch_irq_restore(irq);
			return;
		}
	}
	arch_irq_restore(irq);
	__slab_free(s, obj);
}

/* Empty slabs a cache keeps for reuse (the current slab included); more
 * are freed at once. */
#define SLAB_EMPTY_KEEP     1

/* Address of a slab's first slot. */
char *slab_base(const struct page *page);
/* A new slab with every object free and constructed, on no list.
 * Interrupts in the caller's state; NULL when the page allocator fails. */
struct page *new_slab(struct kmem_cache *s, gfp_t flags);
/* Give a slab taken off the lists back to the page allocator. */
void discard_slab(struct kmem_cache *s, struct page *page);
/* The list page->inuse calls for: empty, full or partial. */
struct list_head *slab_list_for(struct kmem_cache *s, const struct page *page);
/* Move page to the list its inuse count calls for, counting it in or out
 * of nr_empty (was_empty: it was counted empty). list_lock held. */
void slab_relist(struct kmem_cache *s, struct page *page, bool was_empty);
/* A frozen slab (some CPU's current one) is on none of the lists; its
 * lru is kept self-linked so that this tells it apart. */
static inline bool slab_frozen(const struct page *page)
{
	return list_empty(&page->lru);
}

/* Is obj the start of an object of slab page? */
bool slab_valid_object(const struct kmem_cache *s, const struct page *page, const void *obj);
/* The slab the lists give the next object from: the first partial one,
 * else the first empty one (*was_empty), else NULL; a slab whose free list
 * looks corrupt is reported and written off as full. list_lock held. */
struct page *slab_next_on_lists(struct kmem_cache *s, bool *was_empty);
/* Make this CPU's current slab c have a free object on c->freelist: the
 * objects other CPUs freed into it, else a slab from the lists (the
 * current one, now full, going back on them). false when the lists have
 * none. list_lock held, c->freelist NULL. */
bool slab_refill_cpu(struct kmem_cache *s, struct kmem_cache_cpu *c);
/* Make page, a partial slab on the lists, this CPU's current slab c in
 * place of the one it has. list_lock held, interrupts off. */
void slab_freeze_listed(struct kmem_cache *s, struct kmem_cache_cpu *c, struct page *page);
/* Put this CPU's current slab back on the lists (an empty one on
 * slabs_empty, kept), its per-CPU free objects onto page->freelist; no-op
 * without one. list_lock held, interrupts off, on the CPU that owns c. */
void slab_unfreeze(struct kmem_cache *s, struct kmem_cache_cpu *c);

/* Protects slab_caches (Linux's slab_mutex). Taken before any list_lock. */
extern spinlock_t slab_caches_lock;

/* Set up the caller-provided cache struct s; 0 or -EINVAL. */
int __kmem_cache_create(struct kmem_cache *s, const char *name, unsigned int size,
			unsigned int align, slab_flags_t flags, void (*ctor)(void *));

/* Debug hooks (slab_debug.c); the first three run with interrupts
 * disabled. obj is the object (its slot starts at obj - s->offset). */
void slab_debug_init_object(struct kmem_cache *s, void *obj);
void slab_debug_alloc_check(struct kmem_cache *s, struct page *page, void *obj);
void slab_debug_free_check(struct kmem_cache *s, struct page *page, void *obj);
/* Check every (free) object of a slab about to be freed. */
void slab_debug_check_slab(struct kmem_cache *s, struct page *page);
/* Print a Linux-style report ("BUG name (Not tainted): reason" with the
 * object and slab lines) and count it. page and obj may be NULL. */
void slab_report(const struct kmem_cache *s, const char *cname, const char *reason,
		 const struct page *page, const void *obj);

#endif
