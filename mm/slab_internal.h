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

#include <mm/slab.h>

/* Head page of the lowmem page holding addr, or NULL when addr is not a
 * direct-map address of a managed frame. Never faults. */
struct page *slab_addr_to_head(const void *addr);
/* Free obj whose slab head page is page (PG_slab). expected: the cache the
 * caller named (NULL for kfree). Bad pointers are reported and ignored. */
void slab_free_object(struct kmem_cache *expected, struct page *page, void *obj);
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
