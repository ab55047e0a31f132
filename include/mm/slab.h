/* Slab caches and kmalloc.
 *
 * A cache (struct kmem_cache) serves objects of one size. Its memory comes
 * from the page allocator in slabs of 2^order pages; the head page's struct
 * page is the slab descriptor (PG_slab, slab_cache, freelist, inuse, lru on
 * one of the cache's full / partial / empty lists). Free objects are chained
 * through a free pointer stored in the object (or after it, when the cache
 * has a constructor or debugging), encoded with a per-cache secret so that a
 * double free can be detected cheaply.
 *
 * kmalloc() serves sizes up to KMALLOC_MAX_CACHE_SIZE from the kmalloc-N
 * caches (N = 8, 16, 32, 64, 96, 128, 192, 256, ..., 8192) and their
 * kmalloc-dma-N twins for GFP_DMA; larger sizes come straight from the page
 * allocator as compound pages. kmalloc never returns highmem: __GFP_HIGHMEM
 * and __GFP_DMA32 are reported ("Unexpected gfp: ... Fix your code!") and
 * stripped.
 *
 * Locking: each CPU allocates from and frees into its own current slab
 * with interrupts off and no lock (struct kmem_cache_cpu); everything else
 * (the lists, the counters, other slabs' free lists) is under the cache's
 * list_lock, taken with spin_lock_irqsave, so GFP_ATOMIC allocations and
 * frees work from interrupt handlers on any CPU. Page allocator calls are
 * made with the caller's interrupt state and no slab lock held.
 *
 * Debugging (SLAB_RED_ZONE, SLAB_POISON, SLAB_CONSISTENCY_CHECKS at
 * kmem_cache_create, or slub_debug= on the command line, Linux syntax):
 * red zones around each object, freed objects poisoned 0x6b with a 0xa5 end
 * byte, and full free-list checks. Problems are reported Linux-style
 * ("BUG kmalloc-64 (Not tainted): Redzone overwritten") naming the cache,
 * the object and the first bad byte; the damage is repaired and, for bad
 * frees, the object is left alone so the cache stays consistent. */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <mm/gfp.h>

typedef unsigned int slab_flags_t;

/* Cache flags (Linux values). */
#define SLAB_CONSISTENCY_CHECKS 0x00000100u /* full checks on every free */
#define SLAB_RED_ZONE           0x00000400u /* red zones around objects */
#define SLAB_POISON             0x00000800u /* poison free objects */
#define SLAB_HWCACHE_ALIGN      0x00002000u /* align objects to cache lines */
#define SLAB_CACHE_DMA          0x00004000u /* slabs from ZONE_DMA */
#define SLAB_STORE_USER         0x00010000u /* accepted (slub_debug=U); no effect */
#define SLAB_RECLAIM_ACCOUNT    0x00020000u /* slabs are __GFP_RECLAIMABLE */
#define SLAB_PANIC              0x00040000u /* panic if kmem_cache_create fails */
#define SLAB_DEBUG_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | \
			  SLAB_STORE_USER)

/* Debug byte patterns (Linux's). */
#define SLUB_RED_INACTIVE 0xbb  /* red zone of a free object */
#define SLUB_RED_ACTIVE   0xcc  /* red zone of an allocated object */
#define POISON_FREE       0x6b  /* body of a free object */
#define POISON_END        0xa5  /* last byte of a free object */

/* Cache-line size for SLAB_HWCACHE_ALIGN. */
#define SLAB_CACHE_LINE 64
/* Alignment every kmalloc object has at least. */
#define ARCH_KMALLOC_MINALIGN 8
#define KMEM_CACHE_NAME_MAX 32

/* kmalloc(0) returns this: not NULL, distinct from every real object, and
 * dereferencing it faults (page 0 is never mapped). */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(p) ((unsigned long)(p) <= (unsigned long)ZERO_SIZE_PTR)

/* Largest size served by a kmalloc cache; above it, compound pages. */
#define KMALLOC_SHIFT_HIGH     13
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MIN_SIZE       8
/* kmalloc size classes: 8 16 32 64 96 128 192 256 512 1024 2048 4096 8192. */
#define KMALLOC_NR_CLASSES     13

/* A CPU's current slab of a cache (Linux SLUB's struct kmem_cache_cpu),
 * one per CPU, each on its own cache line. The slab is "frozen": off the
 * cache's lists, its free objects split between freelist (this CPU's,
 * touched by this CPU alone with interrupts off, no lock) and
 * page->freelist (objects other CPUs freed into it, under list_lock).
 * page and base change only with list_lock held as well, so a CPU holding
 * the lock may read another CPU's page. Debug caches never have one.
 *
 * Each is padded to a cache line, and every struct kmem_cache starts on
 * one (the kmem_cache cache is SLAB_HWCACHE_ALIGN, the static ones are
 * __aligned), so CPUs never share a line. The type itself is not
 * __aligned: struct kmem_cache would inherit the alignment, and walking
 * slab_caches from its bare list head would form a misaligned pointer. */
#define KMEM_CACHE_CPU_WORDS 4
struct kmem_cache_cpu {
	void *freelist;             /* this CPU's free objects of page, or NULL */
	unsigned long base;         /* address of page's first object; 0 without one */
	struct page *page;          /* the frozen slab's head page, or NULL */
	/* Objects of page not on freelist, minus one: in use, or freed by
	 * other CPUs onto page->freelist and not yet picked up. Below 0 the
	 * slab is empty (the free that takes it there says so by its sign,
	 * and the slab gives way to a partial one). */
	long busy;
	char pad[SLAB_CACHE_LINE - KMEM_CACHE_CPU_WORDS * sizeof(void *)];
};

struct kmem_cache {
	struct kmem_cache_cpu cpu_slab[NR_CPUS];
	char name[KMEM_CACHE_NAME_MAX];
	unsigned int object_size;   /* what the user asked for */
	unsigned int size;          /* stride: object plus metadata */
	unsigned int align;
	unsigned int offset;        /* object start within its slot (left red zone) */
	unsigned int fp_offset;     /* free pointer within the slot */
	unsigned int inuse;         /* end of object + right red zone within the slot */
	unsigned int order;         /* pages per slab = 1 << order */
	unsigned int objects;       /* objects per slab */
	unsigned long span;         /* objects * size: the bytes holding slots */
	unsigned long slab_bytes;   /* PAGE_SIZE << order: a slab's aligned block */
	slab_flags_t flags;
	gfp_t allocflags;           /* added to every slab allocation */
	void (*ctor)(void *obj);
	unsigned long secret;       /* free pointer encoding */
	bool boot;                  /* struct is static (kmalloc caches): never destroyed */
	/* Linux's kmem_cache_node list_lock: the lists, the counters below,
	 * and page->freelist / page->inuse of every slab, frozen or not. */
	spinlock_t list_lock;
	struct list_head slabs_full, slabs_partial, slabs_empty;
	/* The counters see a frozen slab as the lock sees it: page->inuse
	 * counts the objects on its CPU's freelist as in use, so nr_active
	 * does too and nr_empty leaves it out. After slab_flush_all() (no
	 * CPU left with a current slab) they are exact. */
	unsigned long nr_slabs;     /* all slabs, frozen ones included */
	unsigned long nr_empty;     /* slabs on slabs_empty */
	unsigned long nr_active;    /* the sum of page->inuse over all slabs */
	struct list_head list;      /* on slab_caches */
};

/* --------------------------------------------------------------------
 * Caches (mm/slab.c).
 */

/* Create a cache of objects of size bytes aligned to align (0: the word
 * size; a power of two), with optional flags and constructor (called on
 * every object when its slab is created, so freed objects must be returned
 * in the constructed state). name is copied. Process context. Returns NULL
 * on failure (bad size/align, no memory), or panics with SLAB_PANIC. */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *));
/* Free every slab of an empty cache and the cache itself, every CPU's
 * current slab flushed first. A cache that still has objects is reported
 * and kept (its memory is not freed). NULL is a no-op. Process context;
 * no other CPU may be using the cache. */
void kmem_cache_destroy(struct kmem_cache *s);
/* One object, or NULL (reported unless __GFP_NOWARN). __GFP_ZERO zeroes it
 * (after the constructor). Any context with GFP_ATOMIC / GFP_NOWAIT. */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags);
static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags)
{
	return kmem_cache_alloc(s, flags | __GFP_ZERO);
}
/* Return an object to its cache. A pointer that is not an allocated object
 * of s (double free, interior pointer, other cache) is reported and
 * ignored. NULL is a no-op. Any context. */
void kmem_cache_free(struct kmem_cache *s, void *obj);
/* Give the cache's empty slabs back to the page allocator, every CPU's
 * current slab flushed first (slab_flush_all()). Returns the number of
 * pages freed. Process context or interrupts off, no slab lock held. */
unsigned long kmem_cache_shrink(struct kmem_cache *s);
/* kmem_cache_shrink() over every cache (the reclaim shrinker). */
unsigned long kmem_cache_shrink_all(void);

/* Boot: create the kmalloc caches. Call once, after the page allocator is
 * up and before the first kmalloc. Calling it again forgets every cache
 * without freeing anything (host tests, after building a fresh machine). */
void kmem_cache_init(void);
bool slab_is_available(void);

/* Objects in use in a slab of s (head page page): page->inuse, except
 * for this CPU's current slab, whose objects on this CPU's free list are
 * free (another CPU's current slab counts those as in use). */
unsigned int slab_objects_in_use(const struct kmem_cache *s, const struct page *page);
/* Put every CPU's current slab of s back on the lists (each CPU its own,
 * through arch_smp_call_function()), so that the counters are exact until
 * some CPU allocates again. Process context or interrupts off, no slab
 * lock held. slab_flush_all_caches(): the same for every cache, one IPI. */
void slab_flush_all(struct kmem_cache *s);
void slab_flush_all_caches(void);
/* Empty slabs of s: those on slabs_empty and every CPU's current slab
 * that holds no object. Sends no IPI (callable under any lock but s's);
 * exact while the other CPUs leave s alone. */
unsigned long slab_empty_slabs(const struct kmem_cache *s);
/* The current slab of s on cpu, or NULL; stable while s->list_lock is
 * held. */
static inline struct page *slab_cpu_page(const struct kmem_cache *s, unsigned int cpu)
{
	return s->cpu_slab[cpu].page;
}

/* The cache an object belongs to, or NULL when addr is not inside a slab. */
struct kmem_cache *virt_to_cache(const void *addr);
/* Iterate over all caches (newest first). Callers must not sleep or
 * create/destroy caches while iterating. */
extern struct list_head slab_caches;

/* --------------------------------------------------------------------
 * kmalloc (mm/kmalloc.c).
 */

/* size bytes, aligned to at least ARCH_KMALLOC_MINALIGN; power-of-two size
 * classes up to PAGE_SIZE are aligned to their size (debugging included).
 * size 0 gives ZERO_SIZE_PTR; NULL on failure (reported unless
 * __GFP_NOWARN). GFP_DMA: from ZONE_DMA. Any context with GFP_ATOMIC.
 * __kmalloc() is the out-of-line version (any size and flags). */
void *__kmalloc(size_t size, gfp_t flags);

/* The kmalloc caches, by type (normal, DMA: the __GFP_DMA bit) and size
 * class; each on its own cache lines. */
enum { KMALLOC_NORMAL, KMALLOC_DMA, NR_KMALLOC_TYPES };
struct kmalloc_cache {
	struct kmem_cache s;
} __aligned(SLAB_CACHE_LINE);
extern struct kmalloc_cache kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_NR_CLASSES];

/* The class index (into 8 16 32 64 96 128 192 256 ... 8192) of a size
 * known at compile time, 1..KMALLOC_MAX_CACHE_SIZE (Linux's
 * __kmalloc_index()); kmalloc.c has the table for the others. */
static __always_inline unsigned int kmalloc_index_const(size_t size)
{
	if (size <= 8)
		return 0;
	if (size <= 16)
		return 1;
	if (size <= 32)
		return 2;
	if (size <= 64)
		return 3;
	if (size <= 96)
		return 4;
	if (size <= 128)
		return 5;
	if (size <= 192)
		return 6;
	/* 256 .. 8192: one class per power of two. */
	return 7 + (size > 256) + (size > 512) + (size > 1024) + (size > 2048) +
	       (size > 4096);
}

/* A size and flags known at compile time pick their cache at compile
 * time, as Linux's kmalloc() does: no class lookup, no flag fix-up. */
static __always_inline void *kmalloc(size_t size, gfp_t flags)
{
	if (__builtin_constant_p(size) && __builtin_constant_p(flags) && size &&
	    size <= KMALLOC_MAX_CACHE_SIZE &&
	    !(flags & (__GFP_DMA32 | __GFP_HIGHMEM | ~__GFP_BITS_MASK)))
		return kmem_cache_alloc(&kmalloc_caches[flags & __GFP_DMA]
					[kmalloc_index_const(size)].s, flags);
	return __kmalloc(size, flags);
}
static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}
/* n * size bytes; NULL when the product overflows size_t. */
void *kmalloc_array(size_t n, size_t size, gfp_t flags);
/* kmalloc_array(), zeroed. */
static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}
/* Resize p to new_size keeping min(old, new) bytes of content. NULL p acts
 * as kmalloc; new_size 0 frees p and returns ZERO_SIZE_PTR. On failure
 * returns NULL and p is untouched. */
void *krealloc(const void *p, size_t new_size, gfp_t flags);
/* Free a kmalloc()/krealloc() result. NULL and ZERO_SIZE_PTR are no-ops; a
 * pointer kmalloc never returned, or one already freed, is reported and
 * ignored. Any context. */
void kfree(const void *p);
/* Bytes usable at p (at least what was asked for); 0 for NULL /
 * ZERO_SIZE_PTR / a pointer kmalloc did not return. */
size_t ksize(const void *p);

/* The cache kmalloc uses for size (0 < size <= KMALLOC_MAX_CACHE_SIZE),
 * or NULL; dma picks kmalloc-dma-N. */
struct kmem_cache *kmalloc_slab(size_t size, bool dma);
/* The size class (8..8192) for size, 0 when above KMALLOC_MAX_CACHE_SIZE. */
unsigned int kmalloc_size_class(size_t size);
/* Create the kmalloc caches (called by kmem_cache_init()). */
void kmalloc_init(void);

/* --------------------------------------------------------------------
 * Debugging (mm/slab_debug.c).
 */

/* slub_debug= value (Linux syntax): "[FLAGS][,CACHE[,CACHE...]][;...]"
 * with FLAGS from F (consistency checks), Z (red zone), P (poison),
 * U (store user, accepted), '-' (none); empty flags mean all. Without a
 * cache list the flags apply to every cache created afterwards; a cache
 * name may end in '*' (prefix match); a cache listed in some block gets
 * those flags instead of the global ones. NULL or "" (bare "slub_debug")
 * enables all flags for all caches. Registered as the early parameter
 * slub_debug=, so it applies to the kmalloc caches. Returns 0 or -EINVAL
 * (nothing changed). */
int slub_debug_parse(const char *val);
/* Forget slub_debug settings (tests). */
void slub_debug_reset(void);
/* Debug flags slub_debug gives a cache of this name. */
slab_flags_t slub_debug_flags_for(const char *name);

/* Reports printed so far (debug findings, bad frees, gfp fix-ups) and the
 * last one's reason ("Redzone overwritten", ...; NULL if none). */
unsigned long slab_report_count(void);
const char *slab_last_report(void);

/* Strip the zone bits kmalloc cannot serve (__GFP_HIGHMEM, __GFP_DMA32,
 * unknown bits), reporting them. Returns the mask to use. */
gfp_t slab_fix_gfp(gfp_t flags);

/* --------------------------------------------------------------------
 * Reports (mm/slabinfo.c).
 */

/* Print every cache in /proc/slabinfo 2.1 layout through printk. */
void slabinfo_show(void);
/* One cache's slabinfo line, without the newline, into buf (always
 * NUL-terminated when size > 0); returns the full length, as snprintf. */
#define SLABINFO_LINE_MAX 160
int slabinfo_format(const struct kmem_cache *s, char *buf, size_t size);
/* Allocated objects over all caches, and pages held by all slabs. */
unsigned long slab_total_active_objects(void);
unsigned long slab_total_pages(void);

#endif
