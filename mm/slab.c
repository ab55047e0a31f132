/* Slab caches: object layout, slabs from the page allocator, shrinking
 * and destruction, address lookup. Allocation and freeing of objects are
 * slab_alloc.c's; each CPU's current slab in front of the lists is
 * slab_cpu.c's.
 *
 * A slab is a block of 2^order pages (compound when order > 0) whose head
 * struct page describes it: PG_slab, slab_cache, freelist (first free
 * object), inuse (objects handed out) and lru (linked on the cache's full,
 * partial or empty list, except while it is the current slab). Object i
 * lives in the slot at base + i * size, the object itself at slot + offset.
 *
 * Free pointers are stored as next ^ secret ^ (address of the pointer)
 * (slab_internal.h), so that live data rarely decodes as a valid free-list
 * link: a free walks the free list (to catch a double free exactly) only
 * when the object's pointer slot does decode as one, or when debugging
 * asks for it. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/arch.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "slab_internal.h"

/* Highest slab order tried when looking for a layout with little waste. */
#define SLAB_MAX_ORDER      PAGE_ALLOC_COSTLY_ORDER
/* A layout is good when at most 1/SLAB_WASTE_FRACTION of the slab is lost. */
#define SLAB_WASTE_FRACTION 8
/* Multiplier spreading cache addresses into free-pointer secrets. */
#define SLAB_SECRET_MUL     0x9e3779b1UL
/* Always set in a secret: a cleared free-pointer slot (clear_fp()) then
 * decodes to its own address with the top bit flipped, outside the slab
 * (slabs are aligned to their size, far smaller than 2^(BITS_PER_LONG-1)). */
#define SLAB_SECRET_TOP     (1UL << (sizeof(unsigned long) * 8 - 1))

LIST_HEAD(slab_caches);
DEFINE_SPINLOCK(slab_caches_lock);
static bool slab_up;
unsigned long slab_lowmem_base, slab_lowmem_pfns;
/* The cache the kmem_cache structs of kmem_cache_create() come from. */
static struct kmem_cache kmem_cache_boot __aligned(SLAB_CACHE_LINE);

bool slab_is_available(void)
{
	return slab_up;
}

char *slab_base(const struct page *page)
{
	return (char *)slab_lowmem_base + (page_to_pfn(page) << PAGE_SHIFT);
}

/* ---- layout ---------------------------------------------------------- */

static unsigned int slab_order_for(unsigned int size)
{
	unsigned int best = 0, best_waste_num = 1, best_waste_den = 0;

	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		unsigned long bytes = PAGE_SIZE << order;
		unsigned long objs = bytes / size;
		unsigned long waste = bytes - objs * size;

		if (!objs)
			continue;
		if (waste * SLAB_WASTE_FRACTION <= bytes)
			return order;
		/* Remember the order losing the smallest fraction. */
		if (!best_waste_den || waste * best_waste_den < best_waste_num * bytes) {
			best = order;
			best_waste_num = (unsigned int)waste;
			best_waste_den = (unsigned int)bytes;
		}
		if (order >= SLAB_MAX_ORDER)
			break;
	}
	return best;
}

/* Work out offset, inuse, fp_offset, size, order and objects. */
static int calculate_sizes(struct kmem_cache *s)
{
	const unsigned int word = sizeof(void *);
	unsigned int end;

	s->offset = (s->flags & SLAB_RED_ZONE) ? ALIGN(word, s->align) : 0;
	s->inuse = s->offset + ALIGN(s->object_size, word);
	if (s->flags & SLAB_RED_ZONE)
		s->inuse += word;
	if (s->ctor || (s->flags & (SLAB_POISON | SLAB_RED_ZONE))) {
		/* The object's contents must survive while it is free. */
		s->fp_offset = s->inuse - s->offset;
		end = s->inuse + word;
	} else {
		s->fp_offset = 0;
		end = s->inuse;
	}
	s->size = ALIGN(end, s->align);
	s->order = slab_order_for(s->size);
	if (s->order >= MAX_ORDER || (PAGE_SIZE << s->order) < s->size)
		return -EINVAL;
	s->objects = (unsigned int)((PAGE_SIZE << s->order) / s->size);
	s->span = (unsigned long)s->objects * s->size;
	s->slab_bytes = PAGE_SIZE << s->order;
	return 0;
}

int __kmem_cache_create(struct kmem_cache *s, const char *name, unsigned int size,
			unsigned int align, slab_flags_t flags, void (*ctor)(void *))
{
	unsigned int ralign = sizeof(void *);
	size_t len;

	if (!name || !size || size > (PAGE_SIZE << (MAX_ORDER - 1)) / 2)
		return -EINVAL;
	if (align & (align - 1) || align > PAGE_SIZE)
		return -EINVAL;
	if (flags & SLAB_HWCACHE_ALIGN) {
		ralign = SLAB_CACHE_LINE;
		while (size <= ralign / 2 && ralign > sizeof(void *))
			ralign /= 2;
	}
	memset(s, 0, sizeof(*s));
	len = strnlen(name, KMEM_CACHE_NAME_MAX - 1);
	memcpy(s->name, name, len);
	s->name[len] = '\0';
	s->object_size = size;
	s->align = max(ralign, align);
	s->flags = flags | slub_debug_flags_for(s->name);
	/* Poisoning would destroy the constructed state of a free object. */
	if (ctor)
		s->flags &= ~SLAB_POISON;
	s->ctor = ctor;
	s->secret = ((unsigned long)s * SLAB_SECRET_MUL) ^ (unsigned long)size;
	s->secret |= SLAB_SECRET_TOP;
	if (calculate_sizes(s))
		return -EINVAL;
	if (flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	if (s->order)
		s->allocflags |= __GFP_COMP;
	spin_lock_init(&s->list_lock);
	s->list_lock.name = "kmem_cache list_lock";
	INIT_LIST_HEAD(&s->slabs_full);
	INIT_LIST_HEAD(&s->slabs_partial);
	INIT_LIST_HEAD(&s->slabs_empty);
	return 0;
}

static void cache_list_add(struct kmem_cache *s)
{
	unsigned long irq;

	spin_lock_irqsave(&slab_caches_lock, irq);
	list_add(&s->list, &slab_caches);
	spin_unlock_irqrestore(&slab_caches_lock, irq);
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *s = NULL;

	if (slab_up)
		s = kmem_cache_alloc(&kmem_cache_boot, GFP_KERNEL);
	if (s && __kmem_cache_create(s, name, size, align, flags, ctor)) {
		kmem_cache_free(&kmem_cache_boot, s);
		s = NULL;
	}
	if (!s) {
		if (flags & SLAB_PANIC)
			panic("kmem_cache_create: Failed to create slab '%s'",
			      name ? name : "(null)");
		return NULL;
	}
	cache_list_add(s);
	return s;
}

void kmem_cache_init(void)
{
	slab_lowmem_base = (unsigned long)arch_phys_to_virt(0);
	slab_lowmem_pfns = min(lowmem_end_pfn, mem_map_pfns);
	INIT_LIST_HEAD(&slab_caches);
	if (__kmem_cache_create(&kmem_cache_boot, "kmem_cache", sizeof(struct kmem_cache),
				0, SLAB_HWCACHE_ALIGN, NULL))
		panic("kmem_cache_init: cannot lay out kmem_cache");
	kmem_cache_boot.boot = true;
	cache_list_add(&kmem_cache_boot);
	kmalloc_init();
	slab_up = true;
}

/* ---- slabs ----------------------------------------------------------- */

/* Caller flags that reach the page allocator; zone, mobility and action
 * bits are the cache's. */
#define SLAB_GFP_PASS (__GFP_BITS_MASK & ~(GFP_ZONEMASK | GFP_MOVABLE_MASK | \
			__GFP_ZERO | __GFP_COMP | __GFP_ACCOUNT | __GFP_WRITE))

struct page *new_slab(struct kmem_cache *s, gfp_t flags)
{
	struct page *page = alloc_pages((flags & SLAB_GFP_PASS) | s->allocflags, s->order);
	char *base;
	void *prev = NULL;

	if (!page)
		return NULL;
	if (WARN(PageHighMem(page), "slab %s got a highmem page", s->name)) {
		__free_pages(page, s->order);
		return NULL;
	}
	base = slab_base(page);
	/* Link objects in address order: the first allocation gets the first. */
	for (unsigned int i = s->objects; i-- > 0;) {
		void *obj = base + (unsigned long)i * s->size + s->offset;

		slab_debug_init_object(s, obj);
		if (s->ctor)
			s->ctor(obj);
		set_fp(s, obj, prev);
		prev = obj;
	}
	page->freelist = prev;
	page->inuse = 0;
	page->slab_cache = s;
	SetPageSlab(page);
	return page;
}

void discard_slab(struct kmem_cache *s, struct page *page)
{
	slab_debug_check_slab(s, page);
	ClearPageSlab(page);
	page->slab_cache = NULL;
	page->freelist = NULL;
	page->inuse = 0;
	__free_pages(page, s->order);
}

struct list_head *slab_list_for(struct kmem_cache *s, const struct page *page)
{
	if (page->inuse == 0)
		return &s->slabs_empty;
	if (page->inuse == s->objects)
		return &s->slabs_full;
	return &s->slabs_partial;
}

void slab_relist(struct kmem_cache *s, struct page *page, bool was_empty)
{
	struct list_head *to = slab_list_for(s, page);

	if (was_empty && page->inuse)
		s->nr_empty--;
	else if (!was_empty && !page->inuse)
		s->nr_empty++;
	list_move(&page->lru, to);
}

/* ---- shrink / destroy ------------------------------------------------ */

/* Move s's empty slabs onto *out; returns their pages. list_lock taken
 * here, interrupts off. */
static unsigned long take_empty_slabs(struct kmem_cache *s, struct list_head *out)
{
	unsigned long pages;

	spin_lock(&s->list_lock);
	pages = s->nr_empty << s->order;
	s->nr_slabs -= s->nr_empty;
	s->nr_empty = 0;
	while (!list_empty(&s->slabs_empty))
		list_move(s->slabs_empty.next, out);
	spin_unlock(&s->list_lock);
	return pages;
}

static void discard_slabs(struct list_head *slabs)
{
	while (!list_empty(slabs)) {
		struct page *page = list_first_entry(slabs, struct page, lru);

		list_del(&page->lru);
		discard_slab(page->slab_cache, page);
	}
}

unsigned long kmem_cache_shrink(struct kmem_cache *s)
{
	unsigned long freed, irq;
	LIST_HEAD(empty);

	/* An empty current slab is an empty slab like the others. */
	slab_flush_all(s);
	irq = arch_irq_save();
	freed = take_empty_slabs(s, &empty);
	arch_irq_restore(irq);
	discard_slabs(&empty);
	return freed;
}

unsigned long kmem_cache_shrink_all(void)
{
	struct kmem_cache *s;
	unsigned long freed = 0, irq;
	LIST_HEAD(empty);

	slab_flush_all_caches();
	spin_lock_irqsave(&slab_caches_lock, irq);
	list_for_each_entry(s, &slab_caches, list)
		freed += take_empty_slabs(s, &empty);
	spin_unlock_irqrestore(&slab_caches_lock, irq);
	discard_slabs(&empty);
	return freed;
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long irq, active;

	if (!s)
		return;
	slab_flush_all(s);
	spin_lock_irqsave(&s->list_lock, irq);
	active = s->nr_active;
	spin_unlock_irqrestore(&s->list_lock, irq);
	if (active) {
		pr_err("kmem_cache_destroy %s: Slab cache still has objects\n", s->name);
		slab_report(s, NULL, "Objects remaining on kmem_cache_destroy", NULL, NULL);
		return;
	}
	if (WARN(s->boot, "kmem_cache_destroy %s: boot cache", s->name))
		return;
	spin_lock_irqsave(&slab_caches_lock, irq);
	list_del(&s->list);
	spin_unlock_irqrestore(&slab_caches_lock, irq);
	kmem_cache_shrink(s);
	kmem_cache_free(&kmem_cache_boot, s);
}

/* ---- address lookup -------------------------------------------------- */

struct kmem_cache *virt_to_cache(const void *addr)
{
	struct page *page = slab_addr_to_head(addr);

	return page && PageSlab(page) ? page->slab_cache : NULL;
}
